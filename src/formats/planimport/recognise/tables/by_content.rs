//! Tables read by what their cells hold, for when the header does not say what the rows are:
//! the columns' kinds guessed from the shapes of their cells (level names, people's names,
//! phones, links, durations). Reading by header is the parent's work.

use super::*;

impl Planner<'_> {
    /// Which kind a table is by what its cells hold, when its header does not say: a column
    /// of level names (P1, SEV-2, Critical) makes levels, a column of names beside one of phone
    /// numbers or e-mail addresses contacts, and a header naming a kind's records (System,
    /// Vendor) with another column typed by its cells (links, durations, phones) records of
    /// that kind. Columns are matched by header where they can be, else by content. The flag
    /// says the header row is itself a row of data (a table written without a header).
    pub(crate) fn classify_by_content(
        table: &Table,
    ) -> Option<(&'static KindDef, Vec<Option<&'static FieldDef>>, bool)> {
        let filled: Vec<&Vec<String>> = table
            .rows
            .iter()
            .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
            .collect();
        let n = table.headers.len();
        if filled.len() < 2 || n < 2 {
            return None;
        }
        let mut cells = Cells {
            table,
            filled,
            n,
            header_is_data: false,
        };
        cells.header_is_data = table.headers.iter().all(|h| !h.trim().is_empty())
            && names_a_level(&table.headers[0])
            && cells.share(0, &|s| names_a_level(s)) >= MOSTLY;
        let mut best: Option<(&'static KindDef, Vec<Option<&'static FieldDef>>, usize)> = None;
        for kind in table_kinds() {
            let (mut columns, mut used) = cells.columns_by_header(kind);
            let by_header = columns.iter().flatten().count();
            // The title column by content, when no header names it.
            if !used.contains(&kind.title) {
                let title = kind.field(kind.title)?;
                let Some(c) = cells.title_column(kind, &columns) else {
                    continue;
                };
                columns[c] = Some(title);
                used.push(title.name);
            }
            cells.typed_columns(kind, &mut columns, &mut used);
            let wordiest = cells.criteria_column(kind, &mut columns, &mut used);
            let matched = columns.iter().flatten().count();
            // (The criteria column, the wordiest, is no evidence of what the rows are.)
            let by_content = matched.saturating_sub(by_header + wordiest);
            let named_by_header = cells.named_by_header(kind, &columns);
            let repeats = cells.level_names_repeat(kind, &columns);
            let enough = !repeats && (matched >= 2 && by_content >= 1 || named_by_header);
            if enough && best.as_ref().is_none_or(|(_, _, m)| matched > *m) {
                best = Some((kind, columns, matched));
            }
        }
        best.map(|(k, c, _)| (k, c, cells.header_is_data))
    }
}

/// The share of a column's filled cells that must pass a test for the column to be read so.
const MOSTLY: f64 = 0.6;

/// A table read by what its cells hold: its filled rows, and whether its header row is data.
struct Cells<'t> {
    table: &'t Table,
    filled: Vec<&'t Vec<String>>,
    /// How many columns.
    n: usize,
    header_is_data: bool,
}

impl Cells<'_> {
    /// The share of column `c`'s filled cells that pass `test`.
    fn share(&self, c: usize, test: &dyn Fn(&str) -> bool) -> f64 {
        let cells: Vec<&str> = self
            .filled
            .iter()
            .filter_map(|r| r.get(c).map(|s| s.trim()))
            .filter(|s| !s.is_empty())
            .collect();
        if cells.is_empty() {
            0.0
        } else {
            cells.iter().filter(|s| test(s)).count() as f64 / cells.len() as f64
        }
    }

    /// The fields of `kind` the headers name (none when the header is data), and their names.
    fn columns_by_header(
        &self,
        kind: &'static KindDef,
    ) -> (Vec<Option<&'static FieldDef>>, Vec<&'static str>) {
        let mut columns: Vec<Option<&'static FieldDef>> = vec![None; self.n];
        let mut used: Vec<&'static str> = Vec::new();
        if !self.header_is_data {
            for (i, h) in self.table.headers.iter().enumerate() {
                if let Some(f) = header_field(kind, h).filter(|f| {
                    !used.contains(&f.name)
                        && !["verified_at", "verified_by", "notes"].contains(&f.name)
                }) {
                    used.push(f.name);
                    columns[i] = Some(f);
                }
            }
        }
        (columns, used)
    }

    /// The first column not yet read whose cells have the shape of `kind`'s titles.
    fn title_column(
        &self,
        kind: &'static KindDef,
        columns: &[Option<&'static FieldDef>],
    ) -> Option<usize> {
        let test = title_test(kind)?;
        (0..self.n).find(|&c| columns[c].is_none() && self.share(c, test) >= MOSTLY)
    }

    /// Reads the columns not yet read by what their cells hold: phones, e-mails, links,
    /// durations, dates.
    fn typed_columns(
        &self,
        kind: &'static KindDef,
        columns: &mut [Option<&'static FieldDef>],
        used: &mut Vec<&'static str>,
    ) {
        for (c, column) in columns.iter_mut().enumerate() {
            if column.is_some() {
                continue;
            }
            if let Some(f) = self.typed_field(kind, c, used) {
                used.push(f.name);
                *column = Some(f);
            }
        }
    }

    /// The field of `kind` (not among `used`) whose type column `c`'s cells mostly have.
    fn typed_field(
        &self,
        kind: &'static KindDef,
        c: usize,
        used: &[&'static str],
    ) -> Option<&'static FieldDef> {
        let typed = kind.fields().find(|f| {
            !used.contains(&f.name)
                && matches!(
                    f.ty,
                    FieldType::Phone
                        | FieldType::Email
                        | FieldType::Url
                        | FieldType::Duration
                        | FieldType::Date
                )
                && self.share(c, &|s| f.parse(s, &NoReferences).is_ok_and(|v| v.is_some()))
                    >= MOSTLY
        });
        // Phones and e-mails mixed in one column ("Reach"): the phones field, the
        // e-mails finding their own field cell by cell.
        typed.or_else(|| {
            let channel = |s: &str| {
                kind.fields().any(|f| {
                    matches!(f.ty, FieldType::Phone | FieldType::Email)
                        && f.parse(s, &NoReferences).is_ok_and(|v| v.is_some())
                })
            };
            (self.share(c, &channel) >= MOSTLY)
                .then(|| {
                    kind.fields().find(|f| {
                        !used.contains(&f.name)
                            && matches!(f.ty, FieldType::Phone | FieldType::Email)
                    })
                })
                .flatten()
        })
    }

    /// A level's criteria: the column not yet read with the most words. 1 when it found one
    /// (a column read only for being wordy), else 0.
    fn criteria_column(
        &self,
        kind: &'static KindDef,
        columns: &mut [Option<&'static FieldDef>],
        used: &mut Vec<&'static str>,
    ) -> usize {
        if kind.name == "level"
            && let Some(criteria) = kind
                .field("criteria")
                .filter(|_| !used.contains(&"criteria"))
            && let Some(c) = (0..self.n)
                .filter(|&c| columns[c].is_none())
                .max_by_key(|&c| {
                    self.filled
                        .iter()
                        .filter_map(|r| r.get(c))
                        .map(|s| s.split_whitespace().count())
                        .sum::<usize>()
                })
        {
            columns[c] = Some(criteria);
            used.push("criteria");
            return 1;
        }
        0
    }

    /// Whether a header names the kind's records in so many words ("System", "Vendor", "Risk"
    /// — not a bare "Name"): that says what the rows are even when no other column does; the
    /// rest of each row goes to its notes. (When the kind's titles have a shape — level names,
    /// people's names, control references — the cells must have it too: "L1 | On-Call
    /// Engineer" in an escalation matrix is no activation level.)
    fn named_by_header(
        &self,
        kind: &'static KindDef,
        columns: &[Option<&'static FieldDef>],
    ) -> bool {
        !self.header_is_data
            && self
                .table
                .headers
                .iter()
                .zip(columns)
                .enumerate()
                .any(|(i, (h, c))| {
                    c.is_some_and(|f| f.name == kind.title)
                        && words_key(h) != "name"
                        && [kind.title, kind.label, kind.name]
                            .iter()
                            .any(|w| words_key(w) == words_key(h))
                        && title_test(kind).is_none_or(|test| self.share(i, test) >= MOSTLY)
                })
    }

    /// Whether the level names in the title column come again and again: levels are each
    /// named once, so such a column ("High - primary order entry") rates the rows, it does
    /// not list levels.
    fn level_names_repeat(
        &self,
        kind: &'static KindDef,
        columns: &[Option<&'static FieldDef>],
    ) -> bool {
        kind.name == "level"
            && columns
                .iter()
                .position(|c| c.is_some_and(|f| f.name == kind.title))
                .is_some_and(|c| {
                    let firsts: Vec<String> = self
                        .filled
                        .iter()
                        .filter_map(|r| r.get(c))
                        .filter_map(|s| {
                            normalise(s)
                                .split_whitespace()
                                .next()
                                .map(str::to_lowercase)
                        })
                        .collect();
                    let distinct: std::collections::HashSet<&String> = firsts.iter().collect();
                    distinct.len() < firsts.len()
                })
    }
}
