use super::*;

/// The last words of a job title.
const JOB_HEADS: &[&str] = &[
    "director",
    "manager",
    "officer",
    "chairman",
    "chairperson",
    "chair",
    "secretary",
    "coordinator",
    "co-ordinator",
    "warden",
    "adviser",
    "advisor",
    "leader",
    "lead",
    "controller",
    "supervisor",
    "treasurer",
    "president",
    "aider",
    "marshal",
    "commander",
];

/// Whether a name is written as a job title: two to five words in capitals (or all in upper
/// case), the last one a job's ("Membership Secretary", "Assistant Emergency Coordinator",
/// "PROJECT DEVELOPMENT AND PLANNING OVERSIGHT DIRECTOR") — not "Every member", not a person's
/// initials before a title ("C.M.G.Adams Chairman"), not "Line manager".
pub(crate) fn written_as_job_title(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let small = ["and", "of", "&", "for", "the"];
    let capitals = words
        .iter()
        .all(|w| small.contains(w) || w.starts_with(|c: char| c.is_uppercase()));
    let first = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
    (2..=6).contains(&words.len())
        && capitals
        && !name.contains('.')
        && ![
            "every", "one", "those", "have", "where", "details", "conduct", "notices", "to",
        ]
        .contains(&first.as_str())
        && words
            .last()
            .is_some_and(|w| JOB_HEADS.contains(&w.to_lowercase().as_str()))
}

impl Planner<'_> {
    /// The contact a person cell names, made if new; `None` for placeholders.
    pub(crate) fn person(&mut self, cell: &str, line: usize, why: &str) -> Option<String> {
        let cell = cell.trim();
        if is_placeholder(cell)
            || cell.split_whitespace().count() > 6
            || !cell.chars().any(char::is_alphabetic)
        {
            return None;
        }
        let contact = kind_def("contact");
        let (name, email) = match cell.split_once('<') {
            Some((n, e)) if e.trim_end().ends_with('>') => (
                n.trim().to_string(),
                Some(e.trim_end().trim_end_matches('>').trim().to_string()),
            ),
            _ if cell.contains('@') && !cell.contains(' ') => {
                (cell.to_string(), Some(cell.to_string()))
            }
            _ => (cell.to_string(), None),
        };
        if let Some(e) = &email
            && contact
                .require_field("emails")
                .ok()?
                .parse(e, &NoReferences)
                .is_err()
        {
            return None;
        }
        let name = if name.is_empty() {
            cell.to_string()
        } else {
            name
        };
        if let Some(id) = self.lookup("contact", &name) {
            return Some(id);
        }
        // Made without claiming a title use, so a contacts table naming the same person later
        // fills in this contact instead of making a second one.
        let id = (self.new_id)(contact);
        self.titles
            .entry((contact.name, words_key(&name)))
            .or_default()
            .push(id.clone());
        self.made.insert(id.clone());
        {
            let row = self.row(contact, &id);
            row.insert("name".into(), name.clone().into());
            if let Some(e) = email {
                row.insert("emails".into(), serde_json::json!([e]));
            }
            self.entry(line, "contact", &name, Some(&id), true, why.into());
        }
        Some(id)
    }

    /// A person a sentence names: a contact when the sentence gives a name (its job title
    /// kept), else only words for the notes ("the COO").
    fn mentioned(&mut self, m: &prose::Mention, line: usize) -> Option<String> {
        let name = m.name.as_ref()?;
        let id = self.person(name, line, "named in a sentence")?;
        if let Some(title) = &m.title {
            let row = self.row(kind_def("contact"), &id);
            if !row.contains_key("job_title") {
                row.insert("job_title".into(), title.clone().into());
            }
        }
        Some(id)
    }

    /// Roles said in sentences — "the CTO (Maria) decides; the CEO (Tom) stands in when she
    /// cannot" — each with its primary and backup, marked as inferred from the text.
    pub(crate) fn roles_in_prose(&mut self, text: &str, first_line: usize, section: &str) {
        let kind = kind_def("role");
        for r in prose::roles(text, section) {
            let line = first_line + r.line;
            if self.already_read(kind, &r.name) {
                continue; // a table or list already says who holds it
            }
            // A role whose holder (and stand-in) the sentence names by name — "rests with the
            // CISO (Liam), and the co-founder (Ben) serves as backup" — is no guess.
            let named =
                r.primary.name.is_some() && r.backup.as_ref().is_none_or(|b| b.name.is_some());
            let previous = self.confidence;
            // So is one written as a job title ("Membership Secretary", "Duty Manager").
            if named || written_as_job_title(&r.name) {
                self.confidence = Confidence::Likely;
            }
            let (id, new) = self.id_for(kind, &r.name);
            let primary = self.mentioned(&r.primary, line);
            let backup = r.backup.as_ref().and_then(|b| self.mentioned(b, line));
            let quoted = r
                .sentences
                .iter()
                .map(|s| format!("“{s}”"))
                .collect::<Vec<_>>()
                .join(" ");
            let how = if named { "Read" } else { "Inferred" };
            let mut notes = vec![format!("{how} from the text: {quoted}")];
            if primary.is_none() {
                notes.push(format!("Held by {} (no name given)", r.primary.describe()));
            }
            if let (Some(b), None) = (&r.backup, &backup) {
                notes.push(format!("Backup: {} (no name given)", b.describe()));
            }
            let row = self.row(kind, &id);
            row.insert("name".into(), r.name.clone().into());
            row.insert("responsibilities".into(), r.responsibilities.clone().into());
            row.insert("notes".into(), notes.join("\n").into());
            if let Some(p) = primary {
                row.insert("primary".into(), p.into());
            }
            if let Some(b) = backup {
                row.insert("backup".into(), b.into());
            }
            let who = match &r.backup {
                Some(b) => format!("{}, backup {}", r.primary.describe(), b.describe()),
                None => r.primary.describe(),
            };
            self.entry(
                line,
                "role",
                &r.name,
                Some(&id),
                new,
                format!(
                    "{} from the text: {who}",
                    if named { "read" } else { "inferred" }
                ),
            );
            self.confidence = previous;
        }
    }

    /// A contact a line names by its label ("Police: 101"): an organisation or a service.
    fn called_by_label(&mut self, name: &str, phones: &[String], emails: &[String], line: usize) {
        let contact = kind_def("contact");
        if self.already_read(contact, name) {
            return;
        }
        let (id, new) = self.id_for(contact, name);
        let row = self.row(contact, &id);
        row.insert("name".into(), name.into());
        row.insert("phones".into(), serde_json::json!(phones));
        if !emails.is_empty() {
            row.insert("emails".into(), serde_json::json!(emails));
        }
        self.entry(
            line,
            "contact",
            name,
            Some(&id),
            new,
            "a line naming whom to call, then their number".into(),
        );
    }

    /// People written as a list — `* Jane Roe, Head of Security: 555-0134, jane@example.com` —
    /// become contacts: an item that holds a phone number or an e-mail address and starts with
    /// a name. The list stays in the section's text as written.
    pub(crate) fn people_in_text(&mut self, text: &str, first_line: usize) {
        let contact = kind_def("contact");
        for (i, raw) in text.lines().enumerate() {
            // A list item, or a line that starts with a bold label ("**Police:** 101").
            let Some(item) = list_item(raw).or_else(|| {
                let t = raw.trim();
                (t.starts_with("**") && t[2..].contains(":**")).then_some(t)
            }) else {
                continue;
            };
            let item = item.replace("**", "").replace('`', "");
            let (found_emails, mut found_phones) = reach_of(&item);
            // The name: what comes before the first comma, colon or dash.
            let cut = item
                .find([',', ':', '(', '–', '—'])
                .or_else(|| item.find(" - "))
                .unwrap_or(item.len());
            let name = item[..cut].trim();
            // "Police: 101", "Water company: 0800 316 9800": whom to call, named by the label
            // the number is written after.
            let value = item[cut..]
                .strip_prefix(':')
                .map(|v| v.trim_start().trim_start_matches('['));
            if let Some(short) = value.and_then(reach::short_number_at) {
                found_phones.push(short.to_string());
            }
            if found_emails.is_empty() && found_phones.is_empty() {
                continue;
            }
            // "**Service Hours Emergency**: Call Maria first (503-…)": the label is when to
            // call, the sentence after it whom (read as a sentence).
            if value.is_some_and(says_to_call) {
                continue;
            }
            let (name, label_job) = person_or_label(name, value);
            if !looks_like_a_name(name) {
                let number_follows = value.is_some_and(|v| {
                    v.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '(')
                });
                if number_follows && !found_phones.is_empty() && is_a_label(name) {
                    self.called_by_label(name, &found_phones, &found_emails, first_line + i);
                }
                continue;
            }
            // Between the name and the colon: their job ("Head of Security").
            let job = item[cut..]
                .strip_prefix(',')
                .and_then(|rest| rest.split_once(':').map(|(job, _)| job.trim()))
                .filter(|j| {
                    !j.is_empty() && !j.chars().any(|c| c.is_ascii_digit()) && !j.contains('@')
                })
                .map(str::to_string)
                .or(label_job.map(str::to_string));
            let line = first_line + i;
            let Some(id) = self.person(name, line, "a person listed with their phone or e-mail")
            else {
                continue;
            };
            let row = self.row(contact, &id);
            if !found_phones.is_empty() && !row.contains_key("phones") {
                row.insert("phones".into(), serde_json::json!(found_phones));
            }
            if !found_emails.is_empty() && !row.contains_key("emails") {
                row.insert("emails".into(), serde_json::json!(found_emails));
            }
            if let Some(job) = job
                && !row.contains_key("job_title")
            {
                row.insert("job_title".into(), job.into());
            }
        }
    }
}

/// Whom a line names: "Director: Patricia Nettleford -- 07551 122332" is the person after the
/// label, the label their job ("Operations Manager" reads like a name too: a job's words say it
/// is none); else the words before the value.
fn person_or_label<'a>(name: &'a str, value: Option<&'a str>) -> (&'a str, Option<&'a str>) {
    match value.and_then(person_after_label) {
        Some(who)
            if (!looks_like_a_name(name)
                || prose::is_job_title(name)
                || prose::names_a_job(name))
                && is_a_label(name) =>
        {
            (who, Some(name))
        }
        _ => (name, None),
    }
}

/// Whether a label's value starts by saying to call ("Call Maria first (503-…)").
fn says_to_call(value: &str) -> bool {
    let first = value.split_whitespace().next().unwrap_or("").to_lowercase();
    [
        "call", "contact", "phone", "ring", "text", "email", "e-mail", "dial",
    ]
    .contains(&first.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
}

/// Whether words read as the label of whom to call: one to five words, the first capitalised,
/// no digits, not a blank to fill ("Police", "Water company", "24/7 HVAC Service" is not one:
/// it has digits).
fn is_a_label(name: &str) -> bool {
    let words = name.split_whitespace().count();
    (1..=5).contains(&words)
        && name.starts_with(char::is_uppercase)
        && !name.chars().any(|c| c.is_ascii_digit() || c == '@')
        && !is_placeholder(name)
        // A form's label ("Telephone:", "Mobile:", "Company:") names a field, not whom to call.
        && !names_a_field(name)
        // "Dial: 999" says what to do with the number, not whom it reaches.
        && !says_to_call(name)
}

/// The person's name a labelled value starts with, before their number ("Patricia Nettleford
/// -- 07551 122332", "Jo Bloggs, 0161 …").
fn person_after_label(value: &str) -> Option<&str> {
    let end = ["--", " – ", " — ", " - ", ",", "(", ":", ";"]
        .iter()
        .filter_map(|s| value.find(s))
        .min()?;
    let who = value[..end].trim();
    looks_like_a_name(who).then_some(who)
}

/// The e-mail addresses and phone numbers an item holds, as the catalog's contact fields take
/// them.
fn reach_of(item: &str) -> (Vec<String>, Vec<String>) {
    crate::formats::planimport::memo::remembered("people.rs:reach_of", item, || reach_of_read(item))
}

fn reach_of_read(item: &str) -> (Vec<String>, Vec<String>) {
    let contact = kind_def("contact");
    let (Ok(phones), Ok(emails)) = (
        contact.require_field("phones"),
        contact.require_field("emails"),
    ) else {
        return (Vec::new(), Vec::new());
    };
    let found_emails = item
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>' | '(' | ')'))
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|t| t.contains('@') && emails.parse(t, &NoReferences).is_ok())
        .map(str::to_string)
        .collect();
    let found_phones = phone_runs(item)
        .into_iter()
        .filter(|p| phones.parse(p, &NoReferences).is_ok())
        .collect();
    (found_emails, found_phones)
}

#[cfg(test)]
mod job_title_tests {
    use super::*;

    #[test]
    fn a_job_title_is_written_in_capitals_and_ends_with_a_job() {
        for title in [
            "Membership Secretary",
            "Assistant Emergency Coordinator",
            "PROJECT DEVELOPMENT AND PLANNING OVERSIGHT DIRECTOR",
            "Health and Safety Officer",
        ] {
            assert!(written_as_job_title(title), "{title}");
        }
        for none in [
            "Every member",
            "C.M.G.Adams Chairman",
            "Line manager",
            "Notice Board",
            "Manager",
            "One Site Lead",
        ] {
            assert!(!written_as_job_title(none), "{none}");
        }
    }
}
