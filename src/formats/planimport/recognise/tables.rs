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
        // The share of a column's filled cells that pass `test`.
        let share = |c: usize, test: &dyn Fn(&str) -> bool| {
            let cells: Vec<&str> = filled
                .iter()
                .filter_map(|r| r.get(c).map(|s| s.trim()))
                .filter(|s| !s.is_empty())
                .collect();
            if cells.is_empty() {
                0.0
            } else {
                cells.iter().filter(|s| test(s)).count() as f64 / cells.len() as f64
            }
        };
        let mostly = 0.6;
        let header_is_data = table.headers.iter().all(|h| !h.trim().is_empty())
            && names_a_level(&table.headers[0])
            && share(0, &|s| names_a_level(s)) >= mostly;
        let mut best: Option<(&'static KindDef, Vec<Option<&'static FieldDef>>, usize)> = None;
        for kind in table_kinds() {
            let mut columns: Vec<Option<&'static FieldDef>> = vec![None; n];
            let mut used: Vec<&str> = Vec::new();
            if !header_is_data {
                for (i, h) in table.headers.iter().enumerate() {
                    if let Some(f) = header_field(kind, h).filter(|f| {
                        !used.contains(&f.name)
                            && !["verified_at", "verified_by", "notes"].contains(&f.name)
                    }) {
                        used.push(f.name);
                        columns[i] = Some(f);
                    }
                }
            }
            let by_header = columns.iter().flatten().count();
            // The title column by content, when no header names it.
            if !used.contains(&kind.title) {
                let title = kind.field(kind.title)?;
                let Some(test) = title_test(kind) else {
                    continue;
                };
                let Some(c) = (0..n).find(|&c| columns[c].is_none() && share(c, test) >= mostly)
                else {
                    continue;
                };
                columns[c] = Some(title);
                used.push(title.name);
            }
            // Other columns by what their cells hold.
            for (c, column) in columns.iter_mut().enumerate() {
                if column.is_some() {
                    continue;
                }
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
                        && share(c, &|s| f.parse(s, &NoReferences).is_ok_and(|v| v.is_some()))
                            >= mostly
                });
                // Phones and e-mails mixed in one column ("Reach"): the phones field, the
                // e-mails finding their own field cell by cell.
                let typed = typed.or_else(|| {
                    let channel = |s: &str| {
                        kind.fields().any(|f| {
                            matches!(f.ty, FieldType::Phone | FieldType::Email)
                                && f.parse(s, &NoReferences).is_ok_and(|v| v.is_some())
                        })
                    };
                    (share(c, &channel) >= mostly)
                        .then(|| {
                            kind.fields().find(|f| {
                                !used.contains(&f.name)
                                    && matches!(f.ty, FieldType::Phone | FieldType::Email)
                            })
                        })
                        .flatten()
                });
                if let Some(f) = typed {
                    used.push(f.name);
                    *column = Some(f);
                }
            }
            // A level's criteria: the column with the most words.
            let mut wordiest = 0;
            if kind.name == "level"
                && let Some(criteria) = kind
                    .field("criteria")
                    .filter(|_| !used.contains(&"criteria"))
                && let Some(c) = (0..n).filter(|&c| columns[c].is_none()).max_by_key(|&c| {
                    filled
                        .iter()
                        .filter_map(|r| r.get(c))
                        .map(|s| s.split_whitespace().count())
                        .sum::<usize>()
                })
            {
                columns[c] = Some(criteria);
                used.push("criteria");
                wordiest = 1;
            }
            let matched = columns.iter().flatten().count();
            // (The criteria column, the wordiest, is no evidence of what the rows are.)
            let by_content = matched.saturating_sub(by_header + wordiest);
            // A header that names the kind's records in so many words ("System", "Vendor",
            // "Risk" — not a bare "Name") says what the rows are even when no other column
            // does; the rest of each row goes to its notes.
            // (When the kind's titles have a shape — level names, people's names, control
            // references — the cells must have it too: "L1 | On-Call Engineer" in an
            // escalation matrix is no activation level.)
            let named_by_header = !header_is_data
                && table
                    .headers
                    .iter()
                    .zip(&columns)
                    .enumerate()
                    .any(|(i, (h, c))| {
                        c.is_some_and(|f| f.name == kind.title)
                            && words_key(h) != "name"
                            && [kind.title, kind.label, kind.name]
                                .iter()
                                .any(|w| words_key(w) == words_key(h))
                            && title_test(kind).is_none_or(|test| share(i, test) >= mostly)
                    });
            // Levels are each named once: a column where "High" and "Medium" come again and
            // again rates the rows ("High - primary order entry"), it does not list levels.
            let repeats = kind.name == "level"
                && columns
                    .iter()
                    .position(|c| c.is_some_and(|f| f.name == kind.title))
                    .is_some_and(|c| {
                        let firsts: Vec<String> = filled
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
                    });
            let enough = !repeats && (matched >= 2 && by_content >= 1 || named_by_header);
            if enough && best.as_ref().is_none_or(|(_, _, m)| matched > *m) {
                best = Some((kind, columns, matched));
            }
        }
        best.map(|(k, c, _)| (k, c, header_is_data))
    }

    /// Which kind a table's header describes, and the field of each column. `names_given`: the
    /// first column holds the headings that name each row (a table written as headings).
    pub(crate) fn classify(
        table: &Table,
        names_given: bool,
    ) -> Option<(&'static KindDef, Vec<Option<&'static FieldDef>>)> {
        let mut best: Option<(&'static KindDef, Vec<Option<&'static FieldDef>>, usize)> = None;
        for kind in table_kinds() {
            let mut used = Vec::new();
            let mut columns: Vec<Option<&'static FieldDef>> = table
                .headers
                .iter()
                .map(|h| {
                    let f = header_field(kind, h).filter(|f| {
                        !used.contains(&f.name)
                            && !["verified_at", "verified_by", "notes"].contains(&f.name)
                    });
                    if let Some(f) = f {
                        used.push(f.name);
                    }
                    f
                })
                .collect();
            if !names_given {
                name_column_yields(kind, table, &mut columns);
            }
            // A first column with no header holds the rows' own names ("| | Phone number |"
            // over Fire, Police, Ambulance), when another column says what they are.
            if table.headers.first().is_some_and(|h| h.trim().is_empty())
                && columns.iter().flatten().any(|f| f.name != kind.title)
                && !columns.iter().flatten().any(|f| f.name == kind.title)
            {
                columns[0] = kind.field(kind.title);
            }
            let matched = columns.iter().flatten().count();
            let has_title = columns.iter().flatten().any(|f| f.name == kind.title);
            if has_title && matched == 1 && names_rows_in_plural(table, &columns) {
                // "Rank | Critical business processes": a list of records in a table.
                if best.is_none() {
                    best = Some((kind, columns, matched));
                }
                continue;
            }
            // A bare "Name" column names anything: with it, a column of free text
            // ("Description") does not say what the rows are; a typed one (a phone, a
            // duration, a person) does.
            let bare_name = !names_given
                && table.headers.iter().zip(&columns).any(|(h, c)| {
                    c.is_some_and(|f| f.name == kind.title) && words_key(h) == "name"
                });
            let telling = columns
                .iter()
                .flatten()
                .filter(|f| f.name != kind.title && !(bare_name && f.ty.is_long()))
                .count();
            if has_title
                && matched >= 2
                && telling >= 1
                && best.as_ref().is_none_or(|(_, _, m)| matched > *m)
            {
                best = Some((kind, columns, matched));
            }
        }
        best.map(|(k, c, _)| (k, c))
    }

    pub(crate) fn table(&mut self, table: &Table, raw: &str, line: usize, section: &mut Section) {
        let filled: Vec<&Vec<String>> = table
            .rows
            .iter()
            .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
            .collect();
        if let Some(check) = checkbox_column(table) {
            let id = self.checkbox_table(table, check, &filled, line, section);
            self.keep_if_left_out(&id, section, raw);
            return;
        }
        let names_given = self.names_given;
        let by_header = Self::classify(table, names_given);
        let read_by_header = by_header.is_some();
        let by_content = match by_header {
            Some(_) => None,
            None if names_given => None,
            None => Self::classify_by_content(table),
        };
        if let Some((_, _, true)) = by_content {
            // The first row is data, not a header: read the table without one.
            let headerless = Table {
                headers: vec![String::new(); table.headers.len()],
                rows: std::iter::once(table.headers.clone())
                    .chain(table.rows.iter().cloned())
                    .collect(),
            };
            return self.table(&headerless, raw, line, section);
        }
        let Some((kind, columns)) = by_header.or(by_content.map(|(k, c, _)| (k, c))) else {
            return self.keep_table(
                table,
                raw,
                line,
                section,
                "its columns match no kind of record; kept as text".into(),
            );
        };
        self.table_rows(table, raw, line, section, kind, &columns, read_by_header);
    }

    /// Keeps a table as section text, saying why in the report.
    pub(crate) fn keep_table(
        &mut self,
        table: &Table,
        raw: &str,
        line: usize,
        section: &mut Section,
        why: String,
    ) {
        section.body.push(raw.to_string());
        let columns_text = columns_text(table);
        self.entry(
            line,
            "text",
            &format!("Table ({columns_text})"),
            None,
            false,
            why,
        );
    }

    /// Reads the rows of a table as records of `kind`, each column into its field (`None`:
    /// into the record's notes).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn table_rows(
        &mut self,
        table: &Table,
        raw: &str,
        line: usize,
        section: &mut Section,
        kind: &'static KindDef,
        columns: &[Option<&'static FieldDef>],
        read_by_header: bool,
    ) {
        let filled: Vec<&Vec<String>> = table
            .rows
            .iter()
            .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
            .collect();
        let columns_text = columns_text(table);
        self.mappings.insert(
            line,
            (
                kind.name,
                columns
                    .iter()
                    .map(|c| c.map(|f| f.name.to_string()))
                    .collect(),
            ),
        );
        let keep = |this: &mut Self, section: &mut Section, why: String| {
            this.keep_table(table, raw, line, section, why)
        };

        if filled.is_empty() {
            return keep(
                self,
                section,
                format!(
                    "a table of {} with no rows filled in; kept as text",
                    kind.plural.to_lowercase()
                ),
            );
        }
        let Some(title_col) = columns
            .iter()
            .position(|c| c.is_some_and(|f| f.name == kind.title))
        else {
            return keep(
                self,
                section,
                "no column names the records; kept as text".into(),
            );
        };
        // A row whose title cell is blank but whose first cell names it ("Janitorial | | "
        // in a template's table of services to fill in) is titled by that cell.
        let label_col = (title_col != 0
            && columns[0].is_none_or(|f| !f.ty.is_long() && !matches!(f.ty, FieldType::Ref(_))))
        .then_some(0);
        let title_of = |r: &Vec<String>| -> String {
            match r[title_col].trim() {
                "" => label_col
                    .and_then(|c| r.get(c))
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default(),
                t => t.to_string(),
            }
        };
        // A template's rows ("[Name] | [Phone]") are blanks to fill, not records.
        if filled.iter().all(|r| is_placeholder(&title_of(r))) {
            return keep(
                self,
                section,
                format!(
                    "a table of {} whose rows are blanks to fill; kept as text",
                    kind.plural.to_lowercase()
                ),
            );
        }
        if filled.iter().any(|r| title_of(r).is_empty()) {
            return keep(
                self,
                section,
                format!(
                    "a table of {} with a row missing its {}; kept as text",
                    kind.plural.to_lowercase(),
                    kind.title
                ),
            );
        }
        // Rows left to fill in a table that has others filled ("Click here to enter text." in
        // a template's name column) are no records; the table stays as text too, so their words
        // are kept.
        let (blanks, filled): (Vec<&Vec<String>>, Vec<&Vec<String>>) = filled
            .into_iter()
            .partition(|r| is_placeholder(&title_of(r)));
        if !blanks.is_empty() {
            section.body.push(raw.to_string());
        }
        let previous = self.confidence;
        if !read_by_header {
            self.confidence = Confidence::Likely;
        }
        let mut count = 0;
        let mut seen = Vec::new();
        for row in filled {
            let title = title_of(row);
            let (id, new) = self.id_for(kind, &title);
            let first_time = !self.row_of.contains_key(&id);
            self.row(kind, &id)
                .insert(kind.title.into(), title.clone().into());
            for (i, cell) in row.iter().enumerate() {
                if i == title_col || cell.trim().is_empty() {
                    continue;
                }
                let header = table.headers.get(i).map(String::as_str).unwrap_or("Column");
                match columns.get(i).copied().flatten() {
                    Some(f) => match f.ty {
                        FieldType::Ref("contact") => {
                            match self.person(cell, line, "named in a table of roles") {
                                Some(person) => {
                                    self.row(kind, &id).insert(f.name.into(), person.into());
                                }
                                None => self.note(kind, &id, header, cell),
                            }
                        }
                        FieldType::Ref(target) => {
                            let target = kind_def(target);
                            match self.lookup(target.name, cell) {
                                Some(target_id) => {
                                    self.row(kind, &id).insert(f.name.into(), target_id.into());
                                }
                                None => self.note(kind, &id, header, cell),
                            }
                        }
                        _ => self.put(kind, &id, f, header, cell),
                    },
                    None => self.note(kind, &id, header, cell),
                }
            }
            self.keep_if_left_out(&id, section, raw);
            let how = if self.confidence == Confidence::Sure && self.corrected {
                format!(", read as {} as you chose", kind.plural.to_lowercase())
            } else if read_by_header {
                String::new()
            } else {
                ", read by what its cells hold".into()
            };
            if first_time && !seen.contains(&id) {
                count += 1;
                let detail = format!("a row of the table at line {line}{how}");
                self.entry(line, kind.name, &title, Some(&id), new, detail);
            } else if !seen.contains(&id)
                && let Some(e) = self
                    .report
                    .entries
                    .iter_mut()
                    .find(|e| e.id.as_deref() == Some(id.as_str()))
            {
                // Made earlier (a person a table of roles named): this row fills it in.
                count += 1;
                e.detail.push_str(&format!(
                    "; filled in by a row of the table at line {line}{how}"
                ));
            }
            seen.push(id);
        }
        let what = if count == 1 {
            kind.label.to_lowercase()
        } else {
            kind.plural.to_lowercase()
        };
        self.confidence = previous;
        section.body.push(format!(
            "*Imported as {count} {what} (see {}) from a table with the columns {columns_text}.*",
            kind.plural
        ));
    }

    pub(crate) fn checkbox_table(
        &mut self,
        table: &Table,
        check: usize,
        filled: &[&Vec<String>],
        line: usize,
        section: &mut Section,
    ) -> String {
        let item = kind_def("item");
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
        let steps = filled
            .iter()
            .filter(|r| !r[text_col].trim().is_empty())
            .map(|r| {
                let mut extra = Vec::new();
                let mut text = r[text_col].trim().to_string();
                for (i, cell) in r.iter().enumerate() {
                    if i == text_col || i == check || cell.trim().is_empty() {
                        continue;
                    }
                    match columns[i].filter(|f| f.name != "checklist" && f.name != "position") {
                        Some(f) => extra.push((f.name, cell.trim().to_string())),
                        None => text.push_str(&format!(" ({}: {})", table.headers[i], cell.trim())),
                    }
                }
                (text, extra)
            })
            .collect();
        let title = section.title.clone();
        self.checklist(&title, line, section, steps)
    }
}

/// Kinds a table may become: the plan's ordinary tables (the rest are the plan itself, sections,
/// steps, incidents, and what only the app writes).
/// Whether a table lists records under a header that names them in the plural ("Critical
/// business processes", "Key suppliers"), its other columns only numbering them (a rank, an
/// order): each row is one record, whatever the kind's other fields.
fn names_rows_in_plural(table: &Table, columns: &[Option<&'static FieldDef>]) -> bool {
    let Some(title) = columns.iter().position(Option::is_some) else {
        return false;
    };
    let plural = table.headers[title]
        .split_whitespace()
        .last()
        .is_some_and(|w| w.len() > 3 && w.to_lowercase().ends_with('s') && !w.ends_with("ss"));
    let numbers_only = (0..table.headers.len()).filter(|&c| c != title).all(|c| {
        table.rows.iter().all(|r| {
            r.get(c).is_none_or(|cell| {
                let cell = cell.trim().trim_end_matches('.');
                cell.is_empty() || cell.chars().all(|ch| ch.is_ascii_digit())
            })
        })
    });
    plural && numbers_only && table.headers.len() <= 2
}

/// A bare "Name" column yields the title to a header that names the kind's records in its own
/// words: in "Name | Role | Contact" of a roles table the role is the title and the name is
/// whoever holds it (the first other field a "name" header fits).
fn name_column_yields(
    kind: &'static KindDef,
    table: &Table,
    columns: &mut [Option<&'static FieldDef>],
) {
    let title = kind.title;
    let Some(bare) = table
        .headers
        .iter()
        .zip(columns.iter())
        .position(|(h, c)| c.is_some_and(|f| f.name == title) && words_key(h) == "name")
    else {
        return;
    };
    let own = table.headers.iter().enumerate().position(|(i, h)| {
        i != bare && columns[i].is_none() && header_field(kind, h).is_some_and(|f| f.name == title)
    });
    let holder = kind.fields().find(|f| {
        f.name != title
            && f.synonyms.contains(&"name")
            && !columns.iter().flatten().any(|c| c.name == f.name)
    });
    if let (Some(own), Some(holder)) = (own, holder) {
        columns[own] = columns[bare];
        columns[bare] = Some(holder);
    }
}

pub(crate) fn table_kinds() -> impl Iterator<Item = &'static KindDef> {
    KINDS.iter().filter(|k| k.group == Group::Record)
}

pub(crate) fn is_checkbox(cell: &str) -> bool {
    ["[ ]", "[x]", "[X]", "☐", "☑", "☒", "✓", "✔", "x", "X", ""].contains(&cell.trim())
}

pub(crate) fn checkbox_column(table: &Table) -> Option<usize> {
    (0..table.headers.len()).find(|&i| {
        let header = table.headers[i].trim().to_lowercase();
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
        .contains(&header.as_str());
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

/// What the title of a kind's record looks like in a cell, for kinds whose titles have a shape.
pub(crate) fn title_test(kind: &KindDef) -> Option<&'static dyn Fn(&str) -> bool> {
    match kind.name {
        "level" => Some(&|s| names_a_level(s)),
        "contact" => Some(&|s| looks_like_a_name(s) && !prose::names_a_job(s)),
        "control" => Some(&|s| names_a_control(s)),
        _ => None,
    }
}

/// Whether a cell is a control's reference, as standards number them: `A.5.30` (ISO 27001),
/// `CC7.1` (SOC 2), `PR.IP-9` (NIST CSF), `CP-9` (NIST 800-53) — letters, then numbers joined by
/// dots or dashes, no spaces.
pub(crate) fn names_a_control(cell: &str) -> bool {
    let t = cell.trim();
    let (letters, rest) = t.split_at(
        t.find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(t.len()),
    );
    (1..=4).contains(&letters.len())
        && letters.chars().any(|c| c.is_ascii_uppercase())
        && t.len() <= 16
        && rest.chars().any(|c| c.is_ascii_digit())
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && (t.contains('.') || t.contains('-') || letters.len() >= 2)
}

/// A table's headers, for saying which table is meant.
pub(crate) fn columns_text(table: &Table) -> String {
    table
        .headers
        .iter()
        .filter(|h| !h.trim().is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")
}
