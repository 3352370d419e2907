//! Checklists printed as tables: a column of tick boxes ("Done", "☐", Wingdings' boxes) beside
//! the steps, or one column of steps or questions ("Have you: assessed the severity of the
//! incident?", "started an Event Log?") with every other column left empty for a tick, the time
//! or the actions taken. And the caption a word processor puts over a table ("**Table 3-5.
//! Incident Handling Checklist** from NIST SP 800-61"), which names it.

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
    let (bold, rest) = line.strip_prefix("**")?.split_once("**")?;
    let (bold, rest) = (bold.trim(), rest.trim().to_lowercase());
    // A label ("**Note:** tick each item") or a sentence ("**All staff** must…") is no
    // caption: after the name comes nothing, or only where the table is from.
    let sourced = ["from ", "source", "[", "\\[", "("]
        .iter()
        .any(|s| rest.starts_with(s));
    if bold.ends_with(':') || !(rest.is_empty() || sourced) {
        return None;
    }
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

impl Planner<'_> {
    pub(crate) fn checkbox_table(
        &mut self,
        table: &Table,
        check: usize,
        filled: &[&Vec<String>],
        line: usize,
        section: &mut Section,
    ) -> String {
        let item = kind_def("item");
        // "**Table 3-5. Incident Handling Checklist**", the paragraph just above it, names it.
        let title = section
            .body
            .last()
            .and_then(|text| caption(text.trim_end().rsplit("\n\n").next().unwrap_or(text)))
            .unwrap_or_else(|| section.title.clone());
        let columns: Vec<Option<&'static FieldDef>> = table
            .headers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                if i == check {
                    None
                } else {
                    header_field(item, h)
                }
            })
            .collect();
        let text_col = columns
            .iter()
            .position(|c| c.is_some_and(|f| f.name == "text"))
            .or_else(|| (0..table.headers.len()).find(|&i| i != check))
            .unwrap_or(0);
        // "Before you leave | Done" says what the steps are for, "Action | Done" is the table's
        // own header: either stays in the section's text, so no word is lost.
        let header = table.headers.join(" ").trim().to_string();
        if !header.is_empty() {
            section.body.push(header);
        }
        let mut steps: Vec<(String, Vec<(&'static str, String)>)> = Vec::new();
        for r in filled {
            let own = r.get(text_col).map_or("", |c| c.trim());
            let mut text = own.to_string();
            let mut extra = Vec::new();
            for (i, cell) in r.iter().enumerate() {
                let cell = cell.trim();
                if i == text_col || i == check || cell.is_empty() {
                    continue;
                }
                let header = table.headers.get(i).map_or("", |h| h.trim());
                match columns[i].filter(|f| f.name != "checklist" && f.name != "position") {
                    Some(f) if !own.is_empty() => extra.push((f.name, cell.to_string())),
                    _ if header.is_empty() => text = format!("{text} {cell}"),
                    _ => text = format!("{text} ({header}: {cell})"),
                }
            }
            let text = text.trim().to_string();
            match steps.last_mut() {
                // A row with nothing in the step's column goes on with the step above it (a grid
                // table's row over two lines), so none of its words are lost.
                Some((step, _)) if own.is_empty() && !text.is_empty() => {
                    step.push(' ');
                    step.push_str(&text);
                }
                _ if text.is_empty() => {}
                _ => steps.push((text, extra)),
            }
        }
        self.checklist(&title, line, section, steps)
    }
}

pub(crate) fn is_checkbox(cell: &str) -> bool {
    let cell = cell.trim();
    [
        "[ ]", "[x]", "[X]", "☐", "☑", "☒", "✓", "✔", "x", "X", "❑", "□", "◻", "▢", "",
    ]
    .contains(&cell)
        || symbol_font_glyph(cell)
}

/// A box or a tick from a symbol font (Wingdings' box is U+F071 in a Word file, its tick
/// U+F0FC): one character of Unicode's private use area, standing alone in a cell.
fn symbol_font_glyph(cell: &str) -> bool {
    let mut chars = cell.chars();
    chars
        .next()
        .is_some_and(|c| ('\u{E000}'..='\u{F8FF}').contains(&c))
        && chars.next().is_none()
}

pub(crate) fn checkbox_column(table: &Table) -> Option<usize> {
    (0..table.headers.len()).find(|&i| {
        let header = table.headers[i]
            .trim()
            .trim_matches('*')
            .trim()
            .to_lowercase();
        let header_ok = [
            "",
            "done",
            "✓",
            "✔",
            "[ ]",
            "☐",
            "check",
            "completed",
            "tick",
        ]
        .contains(&header.as_str())
            || symbol_font_glyph(&header);
        let cells_ok = table
            .rows
            .iter()
            .all(|r| r.get(i).is_none_or(|c| is_checkbox(c)));
        let some_box = table
            .rows
            .iter()
            .any(|r| r.get(i).is_some_and(|c| !c.trim().is_empty()))
            || !header.is_empty();
        header_ok
            && cells_ok
            && some_box
            && table.rows.iter().any(|r| {
                r.iter()
                    .enumerate()
                    .any(|(j, c)| j != i && !c.trim().is_empty())
            })
    })
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
        assert_eq!(caption("**Note:** tick each item when done."), None);
        assert_eq!(caption("**All staff** must sign the sheet."), None);
        assert_eq!(caption("**Bold**\n\nand a paragraph"), None);
    }
}
