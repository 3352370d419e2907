//! Records written as the items of a list: roles under a roles heading ("- Recovery Team
//! Leader: Overall coordination", "**Incident Response Lead (IRL)** — runs the response") and
//! cadences ("- Quarterly recovery drills", "**Backup Verification:** Monthly restore test").
//! Not lists of anything else: an item is a role only under a heading about roles, and a
//! cadence only when it says both how often and what recurs.

use super::prose::{frequency_in, recurring_kind};
use super::*;

/// A list item (or a line standing alone) as its name and what follows it: `- Name: text`,
/// `**Name** — text`, `**Name:** text`.
pub(crate) fn named_item(line: &str) -> Option<(String, String)> {
    crate::formats::planimport::memo::remembered("lists.rs:named_item", line, || {
        named_item_read(line)
    })
}

fn named_item_read(line: &str) -> Option<(String, String)> {
    let item = list_item(line).unwrap_or(line.trim());
    let (name, rest) = match item.strip_prefix("**") {
        Some(bold) => {
            let (name, rest) = bold.split_once("**")?;
            (name.trim().trim_end_matches(':'), rest.trim())
        }
        None => {
            let (name, rest) = item.split_once(": ")?;
            (name.trim(), rest)
        }
    };
    let rest = rest
        .trim_start_matches([':', '—', '–', '-'])
        .trim()
        .to_string();
    let name = name.trim();
    let short = (1..=6).contains(&name.split_whitespace().count()) && name.len() <= 60;
    (short && name.starts_with(|c: char| c.is_uppercase()) && !rest.is_empty())
        .then(|| (name.to_string(), rest))
}

/// A list item naming a person, then their job: "Steve Parks - CEO", "Joe Baker, Lead
/// Developer" → (job, person).
fn holder_first(line: &str) -> Option<(String, String)> {
    crate::formats::planimport::memo::remembered("lists.rs:holder_first", line, || {
        holder_first_read(line)
    })
}

fn holder_first_read(line: &str) -> Option<(String, String)> {
    let item = list_item(line)?.replace("**", "");
    let (who, job) = [" - ", " – ", " — ", ", "]
        .iter()
        .find_map(|sep| item.split_once(sep))?;
    let (who, job) = (who.trim(), job.trim().trim_end_matches('.'));
    (looks_like_a_name(who)
        && !prose::is_job_title(who)
        && prose::is_job_title(job)
        && (1..=4).contains(&job.split_whitespace().count()))
    .then(|| (job.to_string(), who.to_string()))
}

/// A cadence said in a list item: (title, frequency word, kind of task).
pub(crate) fn cadence_item(line: &str) -> Option<(String, String, &'static str)> {
    crate::formats::planimport::memo::remembered("lists.rs:cadence_item", line, || {
        cadence_item_read(line)
    })
}

fn cadence_item_read(line: &str) -> Option<(String, String, &'static str)> {
    let item = list_item(line)?;
    // "**Testing**: Monthly restoration tests": the value says it all, so it names the task;
    // "**Backup Verification:** weekly" names it by the label.
    // "**Annually:** A full restoration drill": the label says only how often, the value what.
    let says_it_all = |t: &str| frequency_in(t).is_some() && recurring_kind(t).is_some();
    let only_how_often = |t: &str| frequency_in(t).is_some() && recurring_kind(t).is_none();
    let (title, whole) = match named_item(line) {
        Some((_, rest)) if line.contains("**") && says_it_all(&rest) => (rest.clone(), rest),
        Some((name, rest)) if only_how_often(&name) && recurring_kind(&rest).is_some() => {
            let what = rest.trim_end_matches('.').trim().to_string();
            (what, format!("{name} {rest}"))
        }
        Some((name, rest)) if line.contains("**") => (name.clone(), format!("{name} {rest}")),
        _ => (item.replace("**", "").trim().to_string(), item.to_string()),
    };
    if whole.split_whitespace().count() > 14 {
        return None;
    }
    let frequency = frequency_in(&whole)?;
    let kind = recurring_kind(&whole)?;
    Some((title, frequency, kind))
}

/// Whether a heading is about roles: "3. Responsibilities", "Roles and responsibilities",
/// "Incident response team".
pub(crate) fn about_roles(title: &str) -> bool {
    let t = title.to_lowercase();
    ["role", "responsib", "team structure", "who does what"]
        .iter()
        .any(|w| t.contains(w))
}

/// Words that open an item asking for a person to do something: "Person to retrieve the first
/// aid kit", "Someone to phone the parents".
const HELPER: &[&str] = &[
    "person to ",
    "a person to ",
    "one person to ",
    "someone to ",
    "somebody to ",
    "a volunteer to ",
];

/// The role an item asking for a helper names: "Person to monitor vital signs, pulse and
/// respirations" → "Monitor vital signs"; "Person to be a scribe – document everything" →
/// "Scribe".
pub(crate) fn helper_role(line: &str) -> Option<String> {
    let item = list_item(line)?.replace("**", "");
    let lower = item.to_lowercase();
    let lead = HELPER.iter().find(|h| lower.starts_with(*h))?;
    let rest = item[lead.len()..].trim();
    let rest = ["be a ", "be the ", "be an ", "act as ", "act as a "]
        .iter()
        .find_map(|b| rest.strip_prefix(b))
        .unwrap_or(rest);
    // The duty itself, before its details ("…in air to inform them", ", pulse", " – document").
    let mut end = rest.len();
    for stop in [",", " – ", " — ", " - ", "(", ";", ".", ":"] {
        if let Some(at) = rest.find(stop) {
            end = end.min(at);
        }
    }
    let words: Vec<&str> = rest[..end].split_whitespace().collect();
    let words = match words.iter().skip(1).position(|w| *w == "to") {
        Some(at) if at >= 2 => &words[..=at],
        _ => &words[..],
    };
    if words.is_empty() || words.len() > 8 {
        return None;
    }
    let name = words.join(" ");
    let mut c = name.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
}

impl Planner<'_> {
    /// Helpers a list asks for ("- Person to retrieve the first aid kit", "- Someone to phone
    /// the parents"), two items at least: each a role, its duty the whole item.
    pub(crate) fn helper_roles(&mut self, text: &str, first_line: usize) {
        let kind = kind_def("role");
        let helpers: Vec<(usize, String, &str)> = text
            .lines()
            .enumerate()
            .filter_map(|(i, l)| helper_role(l).map(|name| (i, name, list_item(l).unwrap_or(l))))
            .collect();
        if helpers.len() < 2 {
            return;
        }
        for (i, name, item) in helpers {
            if self.already_read(kind, &name) {
                continue;
            }
            let (id, new) = self.id_for(kind, &name);
            let row = self.row(kind, &id);
            row.insert("name".into(), name.clone().into());
            row.insert("responsibilities".into(), item.replace("**", "").into());
            self.entry(
                first_line + i,
                "role",
                &name,
                Some(&id),
                new,
                "an item of a list asking for someone to do it".into(),
            );
        }
    }

    /// Roles written with the person who holds them, anywhere: "- **Director/Registered
    /// Manager** -- Patricia Nettleford", "- Fire Warden: Jo Bloggs" — a job title, then only a
    /// person's name.
    pub(crate) fn roles_with_holders(&mut self, text: &str, first_line: usize) {
        let kind = kind_def("role");
        for (i, line) in text.lines().enumerate() {
            if list_item(line).is_none() {
                continue;
            }
            // "- **Director** -- Patricia Nettleford", or the person first: "* Steve Parks - CEO".
            let Some((title, who)) = named_item(line)
                .filter(|(title, _)| prose::names_a_job(title))
                .or_else(|| holder_first(line))
            else {
                continue;
            };
            // "Michael Dennis -- 07985 747530": the name before how to reach them.
            let who = ["--", " – ", " — ", " - ", ",", "(", ";"]
                .iter()
                .filter_map(|sep| who.find(sep))
                .min()
                .map_or(who.as_str(), |end| &who[..end]);
            let who = who.trim_end_matches('.').trim();
            // "Policy owner: Pedro" says who owns the document (the plan's owner), not a role.
            let of_the_document = title
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| ["policy", "document", "plan", "procedure"].contains(&w));
            if !(prose::names_a_job(&title) || prose::is_job_title(&title))
                || of_the_document
                || !looks_like_a_name(who)
                || prose::is_job_title(who)
                || self.already_read(kind, &title)
                || self.holds_a_role_named(who, &title)
            {
                continue;
            }
            let line = first_line + i;
            let Some(person) = self.person(who, line, "named as who holds a role") else {
                continue;
            };
            let (id, new) = self.id_for(kind, &title);
            let row = self.row(kind, &id);
            row.insert("name".into(), title.clone().into());
            row.insert("primary".into(), person.into());
            self.entry(
                line,
                "role",
                &title,
                Some(&id),
                new,
                format!("an item naming a role and who holds it: {who}"),
            );
        }
    }

    /// Whether `who` already holds a role whose name has `title` in it ("Director/Registered
    /// Manager" when the plan then calls her "Director").
    fn holds_a_role_named(&self, who: &str, title: &str) -> bool {
        let kind = kind_def("role");
        let Some(person) = self.lookup("contact", who) else {
            return false;
        };
        let title = title.to_lowercase();
        self.rows.iter().any(|(k, _, row)| {
            *k == kind.name
                && row.get("primary").and_then(|v| v.as_str()) == Some(person.as_str())
                && row
                    .get("name")
                    .and_then(|v| v.as_str())
                    .is_some_and(|n| n.to_lowercase().contains(&title))
        })
    }

    /// Roles written as the items of a list under a heading about roles, or after a sentence
    /// that says roles follow ("Key roles include:" and "- Incident Coordinator").
    pub(crate) fn roles_in_lists(&mut self, text: &str, first_line: usize, section: &str) {
        let kind = kind_def("role");
        let mut led_in = false;
        for (i, line) in text.lines().enumerate() {
            let t = line.trim();
            if list_item(line).is_none() && !t.is_empty() && !t.starts_with("**") {
                let lower = t.to_lowercase();
                led_in = t.ends_with(':') && lower.contains("role");
            }
            if !about_roles(section) && !led_in {
                continue;
            }
            let bold = line.trim_start().starts_with("**");
            if list_item(line).is_none() && !bold {
                continue;
            }
            // A bare item after the lead-in: the role's name alone ("- IT Security Lead").
            let bare = list_item(line)
                .map(|item| {
                    // ("Event Coordinator," in a list written as one sentence.)
                    item.replace("**", "")
                        .trim_end_matches(['.', ',', ';'])
                        .trim()
                        .to_string()
                })
                .filter(|item| {
                    led_in
                        && (1..=5).contains(&item.split_whitespace().count())
                        && item.starts_with(char::is_uppercase)
                        && !item.contains(':')
                });
            let Some((name, duties)) = named_item(line).or(bare.map(|b| (b, String::new()))) else {
                continue;
            };
            // A label of a form ("Subject:", "Severity:") is not a role.
            let label = names_a_field(&name);
            if label || self.already_read(kind, &name) || is_placeholder(&name) {
                continue;
            }
            let (id, new) = self.id_for(kind, &name);
            let row = self.row(kind, &id);
            row.insert("name".into(), name.clone().into());
            if !duties.is_empty() {
                row.insert("responsibilities".into(), duties.into());
            }
            self.entry(
                first_line + i,
                "role",
                &name,
                Some(&id),
                new,
                format!("an item of a list under “{section}”"),
            );
        }
    }

    /// Cadences said in list items, as scheduled tasks.
    pub(crate) fn schedules_in_lists(&mut self, text: &str, first_line: usize) {
        let kind = kind_def("schedule");
        for (i, line) in text.lines().enumerate() {
            let Some((task, frequency, what)) = cadence_item(line) else {
                continue;
            };
            if self.already_read(kind, &task) {
                continue;
            }
            let (id, new) = self.id_for(kind, &task);
            let row = self.row(kind, &id);
            row.insert("task".into(), task.clone().into());
            row.insert("type".into(), what.into());
            row.insert("frequency".into(), frequency.clone().into());
            row.insert("notes".into(), list_item(line).unwrap_or(line).into());
            self.entry(
                first_line + i,
                "schedule",
                &task,
                Some(&id),
                new,
                format!("an item of a list: {what} {frequency}"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_with_a_name_and_items_with_a_cadence() {
        assert_eq!(
            named_item("- Recovery Team Leader: Overall coordination"),
            Some(("Recovery Team Leader".into(), "Overall coordination".into()))
        );
        assert_eq!(
            named_item("**Incident Response Lead (IRL)** — runs it"),
            Some(("Incident Response Lead (IRL)".into(), "runs it".into()))
        );
        assert_eq!(named_item("- we restore: daily"), None);
        let (task, f, k) = cadence_item("- Quarterly recovery drills").expect("a cadence");
        assert_eq!(
            (task.as_str(), f.as_str(), k),
            ("Quarterly recovery drills", "quarterly", "exercise")
        );
        let (task, ..) =
            cadence_item("- **Backup Verification:** Monthly restore test").expect("a cadence");
        assert_eq!(task, "Monthly restore test");
        let (task, ..) = cadence_item("- **Restore Test:** weekly").expect("a cadence");
        assert_eq!(task, "Restore Test");
        // A label that says only how often: the value says what.
        let (task, f, k) = cadence_item("* **Annually:** A full restoration drill (RDS snapshot).")
            .expect("a cadence");
        assert_eq!(
            (task.as_str(), f.as_str(), k),
            (
                "A full restoration drill (RDS snapshot)",
                "annually",
                "exercise"
            )
        );
        assert_eq!(cadence_item("- Secure off-site storage"), None);
        let helper = |l: &str| helper_role(l).unwrap_or_default();
        assert_eq!(
            helper(
                "- Person to contact all pilots in air to inform them of incident and request to keep channel clear."
            ),
            "Contact all pilots in air"
        );
        assert_eq!(
            helper("- Person to monitor vital signs, pulse and respirations (CPR certified)"),
            "Monitor vital signs"
        );
        assert_eq!(
            helper("- Person to be a scribe – document everything at intervals"),
            "Scribe"
        );
        assert_eq!(
            helper("- Someone to phone the parents"),
            "Phone the parents"
        );
        assert_eq!(helper_role("- Personal data to delete"), None);
    }
}
