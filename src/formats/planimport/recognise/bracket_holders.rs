//! Jobs named with who holds them in brackets, in any sentence: "Injuries must be reported by
//! the PI (Katie) and the EHS Rep (Chris)", "Jane Roe (Office Manager) keeps the key". However
//! the sentence goes on, the brackets say that person holds that job: a role of the plan, its
//! holder a contact. (Sentences that also say who decides or stands in are read with their
//! backups by [`Planner::roles_in_prose`] first.)

use super::*;

impl Planner<'_> {
    pub(crate) fn holders_in_brackets(&mut self, text: &str, first_line: usize) {
        let role = kind_def("role");
        let previous = self.confidence;
        self.confidence = Confidence::Likely;
        for (offset, said) in text.lines().enumerate() {
            // (A sentence read already as saying who decides or stands in, "the CTO (Maria)
            // decides", gives the role of deciding; the job is the person's title.)
            let line = first_line + offset;
            let read = |p: &Self| {
                p.report
                    .entries
                    .iter()
                    .any(|e| e.line == line && e.kind == "role")
            };
            if !said.contains('(') || read(self) {
                continue;
            }
            let plain = normalise(said);
            for m in prose::mentions(&plain) {
                let (Some(title), Some(name)) = (&m.title, &m.name) else {
                    continue;
                };
                if !holds(&plain, title, name) {
                    continue;
                }
                if self.already_read(role, title) {
                    continue;
                }
                let Some(holder) = self.person(name, line, "named in brackets as a job's holder")
                else {
                    continue;
                };
                let (id, new) = self.id_for(role, title);
                let row = self.row(role, &id);
                row.insert("name".into(), title.clone().into());
                row.insert("primary".into(), holder.into());
                row.insert(
                    "notes".into(),
                    format!("Read from the text: “{}”", said.trim()).into(),
                );
                let detail = format!("a job named with its holder in brackets: {name}");
                self.entry(line, "role", title, Some(&id), new, detail);
            }
        }
        self.confidence = previous;
    }
}

/// Jobs known by their initials alone ("the PI (Katie)"; "an HPCC (Biocluster)" is a system).
const JOB_INITIALS: &[&str] = &[
    "CEO", "CTO", "CFO", "COO", "CIO", "CISO", "CSO", "CPO", "CMO", "CRO", "DPO", "PI", "IC", "VP",
    "MD", "GM", "SIRO", "HSO", "DSL", "SENCO",
];

/// Whether a sentence says `name` holds the job `title` by brackets: "the PI (Katie)", "the
/// EHS Rep (Chris)" — a job by its word or its initials, then a person's name of a word or
/// three; or "Jane Roe (Office Manager)" — a name, then a job by its word. Not a term and its
/// initials ("Recovery Time Objective (RTO)", "North West Ambulance Service (NWAS)"), nor a
/// job in lower case ("the co-founder (Ben)", read with whom it stands in for).
fn holds(sentence: &str, title: &str, name: &str) -> bool {
    let capital = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
    let words = name.split_whitespace().count();
    let personal = prose::is_name(name) && words <= 3 && capital(title);
    let job_word = prose::names_a_job(title);
    let title_first = sentence.contains(&format!("{title} ({name})"));
    let name_first = sentence.contains(&format!("{name} ({title})"));
    personal
        && ((title_first && (job_word || JOB_INITIALS.contains(&title)))
            || (name_first && job_word && !prose::acronym_of(name, title)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_and_its_holder_in_brackets_but_not_a_term_and_its_initials() {
        let s = "Injuries must be reported by the PI (Katie) and the EHS Rep (Chris).";
        assert!(holds(s, "PI", "Katie"));
        assert!(holds(s, "EHS Rep", "Chris"));
        assert!(holds(
            "Jane Roe (Office Manager) keeps it.",
            "Office Manager",
            "Jane Roe"
        ));
        let t = "Our Recovery Time Objective (RTO) is four hours.";
        assert!(!holds(t, "RTO", "Recovery Time Objective"));
        assert!(!holds(
            "the co-founder (Ben) stands in",
            "co-founder",
            "Ben"
        ));
    }
}
