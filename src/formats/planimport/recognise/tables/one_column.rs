//! A table of one column is a list in a box, as Word plans draw procedures: "| Process |" over
//! "| **Startup** |", "| Approve Plan of Action with qualified instructor |", "| Appoint safety
//! manager |" …, "| **Shutdown** |", "| Shut down power supply output remotely |". Each bold
//! row names the steps below it (the header names those above the first); a group is a
//! checklist when its name says it is steps or most of its rows are instructions.

use super::*;

/// The groups of a one-column table: (the bold row or the header naming it, its rows). `raw`
/// is the table as written, where the bold rows show ("| **Startup** |").
pub(crate) fn column_groups(table: &Table, raw: &str) -> Option<Vec<(String, Vec<String>)>> {
    let bold: std::collections::HashSet<String> = raw
        .lines()
        .map(|l| l.trim().trim_matches('|').trim())
        .filter(|cell| crate::formats::planimport::source::documents::bold_throughout(cell))
        .map(words_key)
        .collect();
    let one = |cells: &[String]| cells.iter().filter(|c| !c.trim().is_empty()).count() <= 1;
    if table
        .headers
        .iter()
        .filter(|h| !h.trim().is_empty())
        .count()
        > 1
        || !table.rows.iter().all(|r| one(r))
    {
        return None;
    }
    let cell = |r: &Vec<String>| {
        r.iter()
            .find(|c| !c.trim().is_empty())
            .map(|c| c.trim().to_string())
    };
    let mut groups: Vec<(String, Vec<String>)> = vec![(table.headers.join(" "), Vec::new())];
    let mut named = false;
    for text in table.rows.iter().filter_map(cell) {
        if bold.contains(&words_key(&text)) {
            named = true;
            groups.push((text, Vec::new()));
        } else if let Some((_, rows)) = groups.last_mut() {
            rows.push(text);
        }
    }
    // (A column with no bold row in it is a fill-in column or a list: read as one.)
    named.then(|| {
        groups
            .into_iter()
            .map(|(name, rows)| (normalise(&name).trim().to_string(), rows))
            .filter(|(_, rows)| !rows.is_empty())
            .collect()
    })
}

/// Whether a group of rows is steps: its name says so ("Emergency procedure", "If the alarm
/// sounds", "Evacuate"), or three rows in five at least are instructions.
fn group_is_steps(name: &str, rows: &[String]) -> bool {
    let list: String = rows.iter().map(|r| format!("- {r}\n")).collect();
    rows.len() >= 2
        && !names_duties(name)
        && !states_rules(name)
        && (imperative_steps(&list)
            || ((is_procedure(name) || is_situation(name) || is_instruction(name))
                && told_steps(&list)))
}

/// Whether a name says what follows are rules ("Process Restrictions", "Warnings"): what may
/// not be done, not steps.
fn states_rules(name: &str) -> bool {
    let lower = name.to_lowercase();
    ["restriction", "rule", "warning", "requirement", "note"]
        .iter()
        .any(|w| lower.contains(w))
}

impl Planner<'_> {
    /// The checklists of a one-column table; whether it made any. Its words stay in the section.
    pub(crate) fn one_column_steps(
        &mut self,
        table: &Table,
        raw: &str,
        line: usize,
        section: &mut Section,
    ) -> bool {
        let Some(groups) = column_groups(table, raw) else {
            return false;
        };
        // A box headed "Process Restrictions" or "Warnings" holds rules, whatever its groups.
        if states_rules(&table.headers.join(" ")) {
            return false;
        }
        let steps: Vec<(String, Vec<String>)> = groups
            .into_iter()
            .filter(|(name, rows)| group_is_steps(name, rows))
            .collect();
        if steps.is_empty() {
            return false;
        }
        section.body.push(raw.to_string());
        for (name, rows) in steps {
            // A header that only says what the column is ("Process", "Steps") names no list:
            // the section does.
            let title = match name.split_whitespace().count() {
                0 | 1 if is_procedure(&name) || name.is_empty() => normalise(&section.title),
                _ => name,
            };
            let rows = rows.into_iter().map(|r| (r, Vec::new())).collect();
            self.checklist(&title, line, section, rows);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table as the reader gives it (bold marks off) and as written.
    fn table(header: &str, rows: &[&str]) -> (Table, String) {
        let raw = std::iter::once(format!("| {header} |\n| --- |"))
            .chain(rows.iter().map(|r| format!("| {r} |")))
            .collect::<Vec<_>>()
            .join("\n");
        let t = Table {
            headers: vec![header.to_string()],
            rows: rows.iter().map(|r| vec![r.replace("**", "")]).collect(),
        };
        (t, raw)
    }

    #[test]
    fn bold_rows_name_the_steps_below_them() {
        let (t, raw) = table(
            "Process",
            &[
                "**Startup**",
                "Approve Plan of Action with qualified instructor",
                "Clear room 401 of people",
                "Turn on power supply (but do not activate)",
                "**Shutdown**",
                "Shut down power supply output remotely",
                "Remove room 401 warning tape",
            ],
        );
        let groups = column_groups(&t, &raw).expect("one column");
        let named: Vec<(&str, bool)> = groups
            .iter()
            .map(|(n, rows)| (n.as_str(), group_is_steps(n, rows)))
            .collect();
        assert_eq!(named, [("Startup", true), ("Shutdown", true)]);
    }

    #[test]
    fn rules_in_a_box_and_wider_tables_are_no_steps() {
        let (rules, raw) = table(
            "Process Restrictions",
            &[
                "**Restricted Spaces**",
                "Only people working directly with the pack may be within the HV area",
                "No more than 3 people may work on the TSV Pack at any given time",
            ],
        );
        let groups = column_groups(&rules, &raw).expect("one column");
        assert!(groups.iter().all(|(n, rows)| !group_is_steps(n, rows)));
        let wide = Table {
            headers: vec!["Name".into(), "Phone".into()],
            rows: vec![vec!["Jo".into(), "0161".into()]],
        };
        assert!(column_groups(&wide, "| Name | Phone |").is_none());
    }
}

#[cfg(test)]
mod review_tests {
    use super::*;

    #[test]
    fn a_glossary_in_one_column_is_no_checklist() {
        let raw = "| Glossary |\n| --- |\n| **Shelter in place** |\n| Staying inside until told it is safe |\n| A way to protect people from outside air |\n| **Invocation** |\n| The decision that the plan is in force |\n| Made by the incident lead |";
        let table = Table {
            headers: vec!["Glossary".into()],
            rows: raw
                .lines()
                .skip(2)
                .map(|l| vec![l.trim_matches('|').trim().replace("**", "")])
                .collect(),
        };
        let groups = column_groups(&table, raw).expect("one column");
        assert!(
            groups.iter().all(|(n, rows)| !group_is_steps(n, rows)),
            "{groups:?}"
        );
    }
}
