//! Where a table's header is, when it is not its first row: under a title row across the
//! table, or a row or two further down a form.

use super::*;

/// A table whose first row is only a title across it (one cell filled) and whose second row
/// is its header: the table from that header on.
pub(super) fn under_a_title_row(table: &Table) -> Option<Table> {
    let filled = |cells: &[String]| cells.iter().filter(|c| !c.trim().is_empty()).count();
    let header = table.rows.first()?;
    // The title in the first cell and nothing beside it; the row below words, not values.
    let titled =
        table.headers.first().is_some_and(|h| !h.trim().is_empty()) && filled(&table.headers) == 1;
    let words = header
        .iter()
        .all(|c| !c.chars().any(|ch| ch.is_ascii_digit() || ch == '@'));
    (table.headers.len() >= 2 && titled && words && filled(header) >= 2).then(|| Table {
        headers: header.clone(),
        rows: table.rows[1..].to_vec(),
    })
}

/// A table whose header is not its first row but one of the next few (a form's table that
/// starts with a row or two about the whole form): the rows above it as text, and the table
/// read from the row that names the columns of a kind of record.
pub(super) fn header_further_down(table: &Table, names_given: bool) -> Option<(String, Table)> {
    let words = |cells: &[String]| {
        cells.iter().filter(|c| !c.trim().is_empty()).count() >= 2
            && cells
                .iter()
                .all(|c| !c.chars().any(|ch| ch.is_ascii_digit() || ch == '@'))
    };
    let filled = |cells: &[String]| cells.iter().filter(|c| !c.trim().is_empty()).count();
    let at = (0..table.rows.len().min(HEADER_WITHIN)).find(|&i| {
        // The rows above it fill fewer cells (a form's merged rows about the whole form).
        std::iter::once(&table.headers)
            .chain(&table.rows[..i])
            .all(|r| filled(r) < filled(&table.rows[i]))
            && words(&table.rows[i])
            && Planner::classify(
                &Table {
                    headers: table.rows[i].clone(),
                    rows: table.rows[i + 1..].to_vec(),
                },
                names_given,
            )
            .is_some()
    })?;
    let above = std::iter::once(&table.headers)
        .chain(&table.rows[..at])
        .map(|r| {
            r.iter()
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" — ")
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    Some((
        above,
        Table {
            headers: table.rows[at].clone(),
            rows: table.rows[at + 1..].to_vec(),
        },
    ))
}

/// How far down a table its header may be.
const HEADER_WITHIN: usize = 3;
