use super::*;

impl Planner<'_> {
    /// Tests and reviews said in sentences — "tested at least annually" — as scheduled tasks,
    /// marked as inferred from the text.
    pub(crate) fn schedules_in_prose(&mut self, text: &str, first_line: usize, section: &str) {
        let kind = kind_def("schedule");
        for s in prose::schedules(text, section) {
            let line = first_line + s.line;
            // A list item saying a cadence is read as one (see `schedules_in_lists`).
            let listed = text
                .lines()
                .nth(s.line)
                .is_some_and(|l| cadence_item(l).is_some());
            if listed || self.already_read(kind, &s.task) {
                continue;
            }
            // A sentence that names what it tests and how often is read; a task named only
            // by its section is a guess.
            let previous = self.confidence;
            if s.named {
                self.confidence = Confidence::Likely;
            }
            let (id, new) = self.id_for(kind, &s.task);
            let row = self.row(kind, &id);
            row.insert("task".into(), s.task.clone().into());
            row.insert("type".into(), s.kind.into());
            row.insert("frequency".into(), s.frequency.clone().into());
            row.insert(
                "notes".into(),
                format!(
                    "{} from the text: “{}”",
                    if s.named { "Read" } else { "Inferred" },
                    s.sentence
                )
                .into(),
            );
            self.entry(
                line,
                "schedule",
                &s.task,
                Some(&id),
                new,
                format!(
                    "{} from the text: {} {}",
                    if s.named { "read" } else { "inferred" },
                    s.kind,
                    s.frequency
                ),
            );
            self.confidence = previous;
        }
    }
}
