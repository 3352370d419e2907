//! Escalation orders written as chains ("1. **Incident Commander** → **CTO** → **CEO**",
//! "Escalate: on-call engineer -> team lead -> founder"): the call tree. The first chain whose
//! steps are roles becomes the waves, one per step, each calling that role; a chain that starts
//! with what it is about ("Technical Issues → Tech Lead → …") names the waves after it. The
//! chain's words stay in the section too.

use super::prose::{is_job_title, names_a_job};
use super::*;

/// The arrows a chain is written with.
const ARROWS: &[&str] = &["→", "⟶", "➔", "⇒", "->", "=>", "-->"];

/// The steps of a chain on one line: the parts between arrows (at least two arrows, or one
/// arrow between two roles), each without list marks, emphasis and links.
fn steps(line: &str) -> Option<Vec<String>> {
    crate::formats::planimport::memo::remembered("escalation.rs:steps", line, || steps_read(line))
}

fn steps_read(line: &str) -> Option<Vec<String>> {
    let body = list_item(line).unwrap_or(line.trim());
    let mut parts = vec![body.to_string()];
    for arrow in ARROWS {
        parts = parts
            .iter()
            .flat_map(|p| p.split(arrow).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    let parts: Vec<String> = parts
        .iter()
        .map(|p| {
            let p = p.replace(['*', '`'], "");
            let (clean, _) = clean_title(&p);
            clean
                .trim()
                .trim_end_matches(['.', ',', ';'])
                .trim()
                .to_string()
        })
        .collect();
    let short = parts
        .iter()
        .all(|p| !p.is_empty() && p.split_whitespace().count() <= 6);
    (parts.len() >= 2 && short).then_some(parts)
}

fn is_role(step: &str) -> bool {
    names_a_job(step) || is_job_title(step)
}

impl Planner<'_> {
    /// The role a step of an escalation names: the plan's role of that name, or a new one (in
    /// the report with `detail`).
    fn step_role(&mut self, step: &str, line: usize, detail: String) -> String {
        if let Some(id) = self.lookup("role", step) {
            return id;
        }
        let role_kind = kind_def("role");
        let (id, new) = self.id_for(role_kind, step);
        self.row(role_kind, &id).insert("name".into(), step.into());
        self.entry(line, "role", step, Some(&id), new, detail);
        id
    }

    /// The first chain of roles in the text becomes the call tree (when none was read yet).
    pub(crate) fn escalation_chains(&mut self, text: &str, first_line: usize) {
        let wave_kind = kind_def("wave");
        if self.rows.iter().any(|(kind, _, _)| *kind == "wave") {
            return;
        }
        for (i, line) in text.lines().enumerate() {
            let Some(mut steps) = steps(line) else {
                continue;
            };
            // "Technical Issues → Tech Lead → External Consultants": what the chain is about.
            let about = (!is_role(&steps[0]) && steps.len() >= 3).then(|| steps.remove(0));
            if !steps.iter().all(|s| is_role(s)) {
                continue;
            }
            let line = first_line + i;
            for (n, step) in steps.iter().enumerate() {
                let detail = format!("a step of the escalation order {}", steps.join(" → "));
                let role = self.step_role(step, line, detail);
                // Named in the plan's own words: the step, after what the chain is about when
                // it says so.
                let name = match &about {
                    Some(about) => format!("{about}: {step}"),
                    None => step.clone(),
                };
                let (id, new) = self.id_for(wave_kind, &name);
                let row = self.row(wave_kind, &id);
                row.insert("name".into(), name.clone().into());
                row.insert("position".into(), (n + 1).to_string().into());
                row.insert("roles".into(), serde_json::json!([role]));
                let detail = format!(
                    "step {} of the escalation order: {}",
                    n + 1,
                    steps.join(" → ")
                );
                self.entry(line, "wave", &name, Some(&id), new, detail);
            }
            return;
        }
    }
}

/// Headings over an escalation order written as a numbered list.
const ORDER_HEADINGS: &[&str] = &[
    "escalation",
    "call tree",
    "calling tree",
    "call order",
    "calling order",
    "chain of command",
    "phone tree",
    "call cascade",
];

/// One item of an escalation order written as a list: "Vet Liaison (Becca James) — for
/// vet-related decisions" → ("Vet Liaison", Some("Becca James"), "for vet-related decisions").
fn order_item(item: &str) -> Option<(String, Option<String>, String)> {
    let item = item.replace("**", "");
    let cut = [" — ", " – ", " - ", ": "]
        .iter()
        .filter_map(|sep| item.find(sep).map(|at| (at, sep.len())))
        .min();
    let (head, rest) = match cut {
        Some((at, len)) => (&item[..at], item[at + len..].trim()),
        None => (item.as_str(), ""),
    };
    let (role, holder) = match head.split_once('(') {
        Some((role, inside)) => {
            let inside = inside.split(')').next().unwrap_or_default().trim();
            let person = looks_like_a_name(inside) && !is_role(inside);
            // "Backup Foster Coordinator (rota)": a note on the role, not who holds it.
            (role.trim(), person.then(|| inside.to_string()))
        }
        None => (head.trim(), None),
    };
    let words = role.split_whitespace().count();
    ((1..=6).contains(&words) && role.starts_with(char::is_uppercase) && !role.ends_with('.'))
        .then(|| (role.to_string(), holder, rest.to_string()))
}

impl Planner<'_> {
    /// An escalation order written as a list under a heading that names one
    /// ("Escalation Chain": "1. On-duty Foster Coordinator — first point of contact", "2. Vet
    /// Liaison (Becca James) — for vet-related decisions"): each item a role in that calling
    /// order, with who holds it when the item names them, and the call tree's waves when the
    /// plan has none yet.
    pub(crate) fn escalation_lists(&mut self, text: &str, first_line: usize, section: &str) {
        // Whole words: "De-escalation training" names no calling order.
        let heading = format!(" {} ", words_key(&normalise(section)));
        if heading.contains(" de escalation ")
            || heading.contains(" training ")
            || !ORDER_HEADINGS
                .iter()
                .any(|h| heading.contains(&format!(" {h} ")))
        {
            return;
        }
        let items: Vec<String> = list_entries(text)
            .into_iter()
            // Bulleted or numbered: under such a heading a list is in calling order.
            .filter(|e| e.top)
            .map(|e| e.text)
            .collect();
        let Some(order) = items
            .iter()
            .map(|i| order_item(i))
            .collect::<Option<Vec<_>>>()
            // Roles, most of them by their words ("Coordinator", "Chair"), not whom to ring
            // ("Police: 101").
            .filter(|o| {
                o.len() >= 2 && o.iter().filter(|(r, _, _)| is_role(r)).count() * 2 > o.len()
            })
        else {
            return;
        };
        let with_waves = !self.rows.iter().any(|(kind, _, _)| *kind == "wave");
        let wave_kind = kind_def("wave");
        let names: Vec<&str> = order.iter().map(|(r, _, _)| r.as_str()).collect();
        let chain = names.join(" → ");
        for (n, (role, holder, duty)) in order.iter().enumerate() {
            let detail = format!("step {} of the escalation order {chain}", n + 1);
            let id = self.step_role(role, first_line, detail);
            let who = holder
                .as_deref()
                .and_then(|h| self.person(h, first_line, "named as who holds a role"));
            let row = self.row(kind_def("role"), &id);
            row.entry("call_order".to_string())
                .or_insert_with(|| (n + 1).to_string().into());
            if !duty.is_empty() {
                row.entry("responsibilities".to_string())
                    .or_insert_with(|| duty.clone().into());
            }
            if let Some(who) = who {
                row.entry("primary".to_string())
                    .or_insert_with(|| who.into());
            }
            if with_waves {
                let (wave, new) = self.id_for(wave_kind, role);
                let row = self.row(wave_kind, &wave);
                row.insert("name".into(), role.clone().into());
                row.insert("position".into(), (n + 1).to_string().into());
                row.insert("roles".into(), serde_json::json!([id]));
                let detail = format!("step {} of the escalation order: {chain}", n + 1);
                self.entry(first_line, "wave", role, Some(&wave), new, detail);
            }
        }
    }
}

/// Header words of an escalation table's columns.
const TIER: &[&str] = &[
    "tier",
    "wave",
    "step",
    "escalation level",
    "escalation step",
    "order",
    "stage",
];
const WHO: &[&str] = &[
    "role",
    "contact",
    "who",
    "escalate to",
    "person",
    "owner",
    "call",
];
const WAIT: &[&str] = &[
    "escalate after",
    "wait",
    "after",
    "time",
    "timeout",
    "within",
    "response time",
];

/// The column whose header is one of `words` (or starts with one), if any.
fn column(headers: &[String], words: &[&str]) -> Option<usize> {
    headers.iter().position(|h| {
        let h = h.trim().to_lowercase();
        words
            .iter()
            .any(|w| h == *w || h.starts_with(&format!("{w} ")))
    })
}

impl Planner<'_> {
    /// An escalation table — a column of tiers (or steps), one of who is called, under a heading
    /// or header that speaks of escalation — becomes the call tree, one wave per row, each with
    /// its wait when a column gives it. Whether it was read as one.
    pub(crate) fn escalation_table(&mut self, table: &Table, line: usize, section: &str) -> bool {
        let about = |t: &str| t.to_lowercase().contains("escalat");
        let (Some(tier), Some(who)) = (column(&table.headers, TIER), column(&table.headers, WHO))
        else {
            return false;
        };
        let wait = column(&table.headers, WAIT);
        let roles: Vec<&str> = table
            .rows
            .iter()
            .filter_map(|r| r.get(who))
            .map(|c| c.trim())
            .collect();
        if !(about(section) || table.headers.iter().any(|h| about(h)))
            || roles.is_empty()
            || !roles.iter().all(|r| is_role(r))
            || self.rows.iter().any(|(kind, _, _)| *kind == "wave")
        {
            return false;
        }
        let wave_kind = kind_def("wave");
        for (n, row) in table.rows.iter().enumerate() {
            let step = row
                .get(who)
                .map(|c| c.trim().to_string())
                .unwrap_or_default();
            let role = self.step_role(&step, line, "a row of an escalation table".into());
            let tier_cell = row.get(tier).map(|c| c.trim()).unwrap_or_default();
            let name = if tier_cell.is_empty() || tier_cell.chars().all(|c| c.is_ascii_digit()) {
                step.clone()
            } else {
                format!("{tier_cell}: {step}")
            };
            let (id, new) = self.id_for(wave_kind, &name);
            let wave = self.row(wave_kind, &id);
            wave.insert("name".into(), name.clone().into());
            wave.insert("position".into(), (n + 1).to_string().into());
            wave.insert("roles".into(), serde_json::json!([role]));
            if let Some(w) = wait
                .and_then(|w| row.get(w))
                .filter(|w| crate::catalog::duration::parse(w).is_some())
            {
                wave.insert("wait".into(), w.trim().to_string().into());
            }
            self.entry(
                line,
                "wave",
                &name,
                Some(&id),
                new,
                format!("row {} of the escalation table", n + 1),
            );
        }
        true
    }
}

impl Planner<'_> {
    /// A cell of a level's row holding a chain of roles ("Dev Lead → PM → Sponsor" in an
    /// escalation matrix by severity): that level's call tree, one wave per step.
    pub(crate) fn level_chain(&mut self, level: &str, title: &str, row: &[String], line: usize) {
        let Some(chain) = row
            .iter()
            .filter_map(|cell| steps(cell))
            // In a level's row the chain speaks of who is called: one step naming a job is
            // enough ("Dev Lead → PM → Sponsor").
            .find(|s| s.iter().any(|step| is_role(step)))
        else {
            return;
        };
        let wave_kind = kind_def("wave");
        for (n, step) in chain.iter().enumerate() {
            let role = self.step_role(
                step,
                line,
                format!("a step of the escalation path of {title}"),
            );
            let name = format!("{title}: {step}");
            let (id, new) = self.id_for(wave_kind, &name);
            let wave = self.row(wave_kind, &id);
            wave.insert("name".into(), name.clone().into());
            wave.insert("position".into(), (n + 1).to_string().into());
            wave.insert("levels".into(), serde_json::json!([level]));
            wave.insert("roles".into(), serde_json::json!([role]));
            let detail = format!(
                "step {} of the escalation path of {title}: {}",
                n + 1,
                chain.join(" → ")
            );
            self.entry(line, "wave", &name, Some(&id), new, detail);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_are_read_with_any_arrow_and_without_their_decoration() {
        assert_eq!(
            steps("1. **Incident Commander** → **CTO** → **CEO**"),
            Some(vec![
                "Incident Commander".into(),
                "CTO".into(),
                "CEO".into()
            ])
        );
        assert_eq!(
            steps("- on-call engineer -> team lead -> founder"),
            Some(vec![
                "on-call engineer".into(),
                "team lead".into(),
                "founder".into()
            ])
        );
        assert_eq!(
            steps("Costs rose → we cut spending on travel and hotels and food abroad"),
            None
        );
        assert_eq!(steps("no arrow here"), None);
    }
}
