//! Tables to fill in on the day: one column of steps or questions ("Have you: assessed the
//! severity of the incident?", "started an Event Log?"), every other column left empty for a
//! tick, the time or the actions taken — a checklist printed as a table. And the caption a
//! word processor puts over a table ("**Table 3-5. Incident Handling Checklist** from NIST SP
//! 800-61"), which names it.

use super::*;

/// The column of steps of a table to fill in: the only column with anything in it, three rows
/// at least, most of them phrases (three words or more) — not a form of names whose numbers
/// are still to be written in, which has a header naming its fields (read before this).
pub(crate) fn fill_in_column(table: &Table) -> Option<usize> {
    let n = table.headers.len();
    let filled: Vec<usize> = (0..n)
        .filter(|&i| {
            table
                .rows
                .iter()
                .any(|r| r.get(i).is_some_and(|c| !c.trim().is_empty()))
        })
        .collect();
    let [col] = filled[..] else {
        return None;
    };
    let cells: Vec<&str> = table
        .rows
        .iter()
        .filter_map(|r| r.get(col).map(|c| c.trim()))
        .filter(|c| !c.is_empty())
        .collect();
    let phrases = cells
        .iter()
        .filter(|c| c.split_whitespace().count() >= 3)
        .count();
    (n >= 2 && cells.len() >= 3 && phrases * 2 >= cells.len()).then_some(col)
}

/// What a caption standing alone above a table names it: the bold words of "**Immediate
/// Response & Communication Checklist** from Queensland Government …" or "**Table 3-5.
/// Incident Handling Checklist** from NIST …", without the table's number.
pub(crate) fn caption(text: &str) -> Option<String> {
    let line = text.trim();
    if line.contains('\n') {
        return None;
    }
    let bold = line.strip_prefix("**")?.split("**").next()?.trim();
    let words: Vec<&str> = bold.split_whitespace().collect();
    // "Table 3-5." / "Figure 2:" before the name.
    let numbered = words.len() > 2
        && ["table", "figure", "exhibit"].contains(&words[0].to_lowercase().as_str())
        && words[1].starts_with(|c: char| c.is_ascii_digit());
    let name = match numbered {
        true => words[2..].join(" "),
        false => words.join(" "),
    };
    let name = name.trim_end_matches([':', '.']).trim().to_string();
    (!name.is_empty() && name.split_whitespace().count() <= 10).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(headers: &[&str], rows: &[&[&str]]) -> Table {
        let cells = |r: &[&str]| r.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        Table {
            headers: cells(headers),
            rows: rows.iter().map(|r| cells(r)).collect(),
        }
    }

    #[test]
    fn a_table_of_questions_with_empty_columns_is_to_fill_in() {
        let t = table(
            &["Incident Response", "", "Actions Taken"],
            &[
                &["Have you: assessed the severity of the incident?", "", ""],
                &["started an Event Log?", "", ""],
                &["activated staff members and resources?", "", ""],
            ],
        );
        assert_eq!(fill_in_column(&t), Some(0));
        // A form of names whose numbers are to be written in is not one.
        let form = table(
            &["Who", "Phone"],
            &[&["Police", ""], &["Insurer", ""], &["Landlord", ""]],
        );
        assert_eq!(fill_in_column(&form), None);
        // Nor a table with two columns filled.
        let two = table(
            &["Step", "Who"],
            &[
                &["Call the bank now", "Jo"],
                &["Tell the staff today", "Al"],
                &["Lock the doors now", "Jo"],
            ],
        );
        assert_eq!(fill_in_column(&two), None);
    }

    #[test]
    fn a_caption_names_its_table_without_its_number() {
        assert_eq!(
            caption("**Immediate Response & Communication Checklist** from Queensland Government Business Continuity Plan Template \\[7\\]").as_deref(),
            Some("Immediate Response & Communication Checklist")
        );
        assert_eq!(
            caption("**Table 3-5. Incident Handling Checklist** from NIST SP 800-61 \\[4\\]")
                .as_deref(),
            Some("Incident Handling Checklist")
        );
        assert_eq!(caption("Plain text that is no caption."), None);
        assert_eq!(caption("**Bold**\n\nand a paragraph"), None);
    }
}
