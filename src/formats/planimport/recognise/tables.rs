use super::*;

mod by_content;
mod fill_in;
mod labelled_rows;
mod one_column;
mod where_the_header_is;
use where_the_header_is::{header_further_down, under_a_title_row};

pub(crate) use fill_in::checkbox_column;
use fill_in::fill_in_column;

impl Planner<'_> {
    /// Which kind a table's header describes, and the field of each column. `names_given`: the
    /// first column holds the headings that name each row (a table written as headings).
    pub(crate) fn classify(
        table: &Table,
        names_given: bool,
    ) -> Option<(&'static KindDef, Vec<Option<&'static FieldDef>>)> {
        // Headers read as written first; only a table no kind matched is read more loosely
        // ("Potential Disaster scenario | Probability Rating | Impact Rating": risks), and then
        // only when its first column names the rows ("Staff name | Mobile | Emergency contact"
        // is no table of next of kin).
        Self::classify_with(table, names_given, header_field).or_else(|| {
            Self::classify_with(table, names_given, header_field_loosely).filter(
                |(kind, columns)| {
                    columns
                        .first()
                        .copied()
                        .flatten()
                        .is_some_and(|f| f.name == kind.title)
                },
            )
        })
    }

    /// The kind of a table whose one known column names its rows by the kind's own word
    /// ("# | Scenario | Section"): see [`names_rows_by_title`].
    fn classify_by_title(
        table: &Table,
    ) -> Option<(&'static KindDef, Vec<Option<&'static FieldDef>>)> {
        table_kinds().find_map(|kind| {
            let columns: Vec<Option<&'static FieldDef>> = table
                .headers
                .iter()
                .map(|h| header_field(kind, h))
                .collect();
            let known: Vec<&&FieldDef> = columns.iter().flatten().collect();
            // "Level | Contact | When to Escalate" over "L1 | On-Call Engineer": a column of
            // who to call makes it an escalation matrix, not a list of levels.
            let title = columns.iter().position(Option::is_some);
            let whom = (0..table.headers.len()).any(|c| {
                Some(c) != title
                    && table.rows.iter().all(|r| {
                        r.get(c)
                            .is_some_and(|cell| prose::is_job_title(cell) || prose::is_name(cell))
                    })
            });
            // (A contact is someone to reach: a column of names alone says not how.)
            let reachable = kind.name != "contact";
            (known.len() == 1
                && known[0].name == kind.title
                && reachable
                && (kind.name == "role" || !whom)
                && names_rows_by_title(table, &columns))
            .then_some((kind, columns))
        })
    }

    fn classify_with(
        table: &Table,
        names_given: bool,
        header_field: fn(&'static KindDef, &str) -> Option<&'static FieldDef>,
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

    /// A table that is a checklist in a box, a checklist with a column of tick boxes, or an
    /// escalation matrix, read as that; whether it was.
    fn table_of_steps_or_calls(
        &mut self,
        table: &Table,
        raw: &str,
        line: usize,
        section: &mut Section,
        filled: &[&Vec<String>],
    ) -> bool {
        // A list in a box: "| Process |" over "| **Startup** |" and its steps.
        if self.one_column_steps(table, raw, line, section) {
            return true;
        }
        if let Some(check) = checkbox_column(table) {
            let id = self.checkbox_table(table, check, filled, line, section);
            self.keep_if_left_out(&id, section, raw);
            return true;
        }
        if self.escalation_table(table, line, &section.title) {
            // Read as the call tree; its words stay in the section too.
            section.body.push(raw.to_string());
            return true;
        }
        false
    }

    pub(crate) fn table(&mut self, table: &Table, raw: &str, line: usize, section: &mut Section) {
        let filled: Vec<&Vec<String>> = table
            .rows
            .iter()
            .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
            .collect();
        if self.table_of_steps_or_calls(table, raw, line, section, &filled) {
            return;
        }
        if let Some(titled) = under_a_title_row(table) {
            // "The information entered here should be kept at hand" across the top of a Word
            // table, its header the row below: read from there, the title kept as text.
            let title = table.headers.join(" ");
            section.body.push(title.trim().to_string());
            return self.table(&titled, raw, line, section);
        }
        let names_given = self.names_given;
        let by_header = Self::classify(table, names_given);
        if by_header.is_none()
            && let Some((above, below)) = header_further_down(table, names_given)
        {
            // A Word form's table whose first rows say where and what, its header (Hazards |
            // Those at risk | Required controls) further down: those rows stay text.
            section.body.push(above);
            return self.table(&below, raw, line, section);
        }
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
        // Last, a table whose one known column names its rows by the kind's word.
        let by_title = match (&by_header, &by_content) {
            (None, None) => Self::classify_by_title(table),
            _ => None,
        };
        let by_header = by_header.or(by_title);
        let Some((kind, columns)) = by_header.or(by_content.map(|(k, c, _)| (k, c))) else {
            if let Some(pairs) = labelled_rows::labelled_rows(table)
                && self.labels_as_fields(&pairs, line, &section.title)
            {
                // One record whose fields are the rows; the table stays in the section too.
                section.body.push(raw.to_string());
                return;
            }
            if let Some(steps) = fill_in_column(table) {
                // A checklist printed as a table: its other columns are to fill in on the day.
                let check = (0..table.headers.len()).find(|&i| i != steps).unwrap_or(0);
                let id = self.checkbox_table(table, check, &filled, line, section);
                self.keep_if_left_out(&id, section, raw);
                return;
            }
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
        // A table with no header words (a form's box of labels) is named by its first cell.
        let title = match columns_text.trim().is_empty() {
            false => format!("Table ({columns_text})"),
            true => match table
                .rows
                .iter()
                .flatten()
                .map(|c| normalise(c))
                .find(|c| !c.trim().is_empty())
            {
                Some(first) => format!("Table ({first} …)"),
                None => "Table".to_string(),
            },
        };
        self.entry(line, "text", &title, None, false, why);
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
        // Rows with nothing in the title column nor the first go on with the row above (a cell
        // spanning rows, a Word row over two lines).
        let merged: Vec<Vec<String>>;
        let filled = match columns
            .iter()
            .position(|c| c.is_some_and(|f| f.name == kind.title))
        {
            Some(title) if goes_on(&filled, title) => {
                merged = continued(&filled, title);
                merged.iter().collect()
            }
            _ => filled,
        };
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
        let (title_col, label_col) = match title_columns(kind, columns, &filled) {
            Ok(found) => found,
            Err(why) => return self.keep_table(table, raw, line, section, why),
        };
        let rows = RowsOf {
            table,
            raw,
            line,
            kind,
            columns,
            title_col,
            label_col,
            read_by_header,
            body_from: section.body.len(),
        };
        // Rows left to fill in a table that has others filled ("Click here to enter text." in
        // a template's name column) are no records; the table stays as text too, so their words
        // are kept.
        let (blanks, filled): (Vec<&Vec<String>>, Vec<&Vec<String>>) = filled
            .into_iter()
            .partition(|r| is_placeholder(&rows.title_of(r)));
        if !blanks.is_empty() {
            section.body.push(raw.to_string());
        }
        let previous = self.confidence;
        if !read_by_header {
            self.confidence = Confidence::Likely;
        }
        let count = self.table_records(&rows, filled, section);
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

    /// Makes (or fills in) a record of each of the `filled` rows; how many it reported.
    fn table_records(
        &mut self,
        rows: &RowsOf,
        filled: Vec<&Vec<String>>,
        section: &mut Section,
    ) -> usize {
        let kind = rows.kind;
        let mut count = 0;
        let mut seen = Vec::new();
        // A row with only its first cell filled, in a table of three columns or more, names
        // the group of the rows under it ("Transport and Travel" over the travel hazards): their
        // category, not a record.
        let group_row = |row: &[String]| {
            rows.title_col == 0
                && rows.table.headers.len() >= 3
                && row.first().is_some_and(|c| !c.trim().is_empty())
                && row.iter().skip(1).all(|c| c.trim().is_empty())
        };
        let grouped = filled.len() > 1 && !filled.iter().all(|r| group_row(r));
        let mut group: Option<String> = None;
        for row in filled {
            if grouped && group_row(row) {
                group = row.first().map(|c| c.trim().to_string());
                if kind.field("category").is_none() && !rows.kept_in(section) {
                    // Its words stay in the section, with the table.
                    section.body.push(rows.raw.to_string());
                }
                continue;
            }
            let title = rows.title_of(row);
            if names_a_field(kind, &title, row) {
                // "Email Address | fred@…" under the people of a form: a label and its value,
                // no record of its own; its words stay in the section, with the table.
                if !rows.kept_in(section) {
                    section.body.push(rows.raw.to_string());
                }
                continue;
            }
            let (id, new) = self.id_for(kind, &title);
            let first_time = !self.row_of.contains_key(&id);
            self.row(kind, &id)
                .insert(kind.title.into(), title.clone().into());
            self.table_cells(rows, &id, row);
            if let (Some(group), Some(_)) = (&group, kind.field("category")) {
                let r = self.row(kind, &id);
                if r.get("category").is_none() {
                    r.insert("category".into(), group.clone().into());
                }
            }
            if kind.name == "level" {
                self.level_chain(&id, &title, row, rows.line);
            }
            self.keep_if_left_out(&id, section, rows.raw);
            if !seen.contains(&id) && self.report_table_row(rows, &id, &title, new, first_time) {
                count += 1;
            }
            seen.push(id);
        }
        count
    }

    /// Puts each cell of `row` but its title into record `id`: into its column's field (a
    /// reference by the record it names), else into the record's notes.
    fn table_cells(&mut self, rows: &RowsOf, id: &str, row: &[String]) {
        let kind = rows.kind;
        for (i, cell) in row.iter().enumerate() {
            if i == rows.title_col || cell.trim().is_empty() {
                continue;
            }
            let header = rows
                .table
                .headers
                .get(i)
                .map(String::as_str)
                .unwrap_or("Column");
            match rows.columns.get(i).copied().flatten() {
                Some(f) => match f.ty {
                    FieldType::Ref("contact") => {
                        match self.person(cell, rows.line, "named in a table of roles") {
                            Some(person) => {
                                self.row(kind, id).insert(f.name.into(), person.into());
                            }
                            None => self.note(kind, id, header, cell),
                        }
                    }
                    FieldType::Ref(target) => {
                        let target = kind_def(target);
                        match self.lookup(target.name, cell) {
                            Some(target_id) => {
                                self.row(kind, id).insert(f.name.into(), target_id.into());
                            }
                            None => self.note(kind, id, header, cell),
                        }
                    }
                    _ => self.put(kind, id, f, header, cell),
                },
                None => self.note(kind, id, header, cell),
            }
        }
    }

    /// Reports the record a row made (or, made earlier, filled in — a person a table of roles
    /// named); whether it said anything.
    fn report_table_row(
        &mut self,
        rows: &RowsOf,
        id: &str,
        title: &str,
        new: bool,
        first_time: bool,
    ) -> bool {
        let (kind, line) = (rows.kind, rows.line);
        let how = if self.confidence == Confidence::Sure && self.corrected {
            format!(", read as {} as you chose", kind.plural.to_lowercase())
        } else if rows.read_by_header {
            String::new()
        } else {
            ", read by what its cells hold".into()
        };
        if first_time {
            let detail = format!("a row of the table at line {line}{how}");
            self.entry(line, kind.name, title, Some(id), new, detail);
            true
        } else if let Some(e) = self
            .report
            .entries
            .iter_mut()
            .find(|e| e.id.as_deref() == Some(id))
        {
            e.detail.push_str(&format!(
                "; filled in by a row of the table at line {line}{how}"
            ));
            true
        } else {
            false
        }
    }
}

/// A table being read as records of one kind, row by row.
struct RowsOf<'t> {
    table: &'t Table,
    raw: &'t str,
    line: usize,
    kind: &'static KindDef,
    columns: &'t [Option<&'static FieldDef>],
    /// The column of the records' titles.
    title_col: usize,
    /// A first column that titles a row whose title cell is blank.
    label_col: Option<usize>,
    read_by_header: bool,
    /// How long the section's text was when this table began to be read: the same table
    /// given twice in one section is kept twice.
    body_from: usize,
}

impl RowsOf<'_> {
    /// Whether this table's text is already kept in `section` (pushed while reading it).
    fn kept_in(&self, section: &Section) -> bool {
        section
            .body
            .get(self.body_from..)
            .unwrap_or_default()
            .iter()
            .any(|b| b == self.raw)
    }

    /// The title of the record row `r` makes.
    fn title_of(&self, r: &[String]) -> String {
        row_title(r, self.title_col, self.label_col)
    }
}

/// The title of row `r`: its title cell, else (when that is blank) its label cell.
fn row_title(r: &[String], title_col: usize, label_col: Option<usize>) -> String {
    match r[title_col].trim() {
        "" => label_col
            .and_then(|c| r.get(c))
            .map(|s| s.trim().to_string())
            .unwrap_or_default(),
        t => t.to_string(),
    }
}

/// Whether rows of a table go on from the row above: the first titled, some with neither a
/// title nor a first cell.
fn goes_on(rows: &[&Vec<String>], title: usize) -> bool {
    let blank = |r: &Vec<String>, c: usize| r.get(c).is_none_or(|s| s.trim().is_empty());
    rows.first().is_some_and(|r| !blank(r, title))
        && rows.iter().any(|r| blank(r, title) && blank(r, 0))
}

/// The rows with those going on from the row above joined to it, cell by cell ("; ").
fn continued(rows: &[&Vec<String>], title: usize) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for row in rows {
        let blank = |c: usize| row.get(c).is_none_or(|s| s.trim().is_empty());
        match out.last_mut() {
            Some(last) if blank(title) && blank(0) => {
                for (i, cell) in row.iter().enumerate() {
                    let cell = cell.trim();
                    if cell.is_empty() {
                        continue;
                    }
                    if last.len() <= i {
                        last.resize(i + 1, String::new());
                    }
                    if last[i].trim().is_empty() {
                        last[i] = cell.to_string();
                    } else {
                        last[i] = format!("{}; {cell}", last[i]);
                    }
                }
            }
            _ => out.push((*row).clone()),
        }
    }
    out
}

/// The columns that title the `filled` rows of a table of `kind`: its title column and, when
/// there is one, a label column; or, when the rows are no records, why the table stays text.
fn title_columns(
    kind: &'static KindDef,
    columns: &[Option<&'static FieldDef>],
    filled: &[&Vec<String>],
) -> Result<(usize, Option<usize>), String> {
    if filled.is_empty() {
        return Err(format!(
            "a table of {} with no rows filled in; kept as text",
            kind.plural.to_lowercase()
        ));
    }
    let Some(title_col) = columns
        .iter()
        .position(|c| c.is_some_and(|f| f.name == kind.title))
    else {
        return Err("no column names the records; kept as text".into());
    };
    // A row whose title cell is blank but whose first cell names it ("Janitorial | | "
    // in a template's table of services to fill in) is titled by that cell.
    let label_col = (title_col != 0
        && columns[0].is_none_or(|f| !f.ty.is_long() && !matches!(f.ty, FieldType::Ref(_))))
    .then_some(0);
    let title_of = |r: &Vec<String>| row_title(r, title_col, label_col);
    // A template's rows ("[Name] | [Phone]") are blanks to fill, not records.
    if filled.iter().all(|r| is_placeholder(&title_of(r))) {
        return Err(format!(
            "a table of {} whose rows are blanks to fill; kept as text",
            kind.plural.to_lowercase()
        ));
    }
    // People, jobs, suppliers and systems have names, not sentences ("Git history provides an
    // audit trail; always accessible" under "Role" says what a source does).
    let said = |t: &str| {
        let n = t.split_whitespace().count();
        // ("Acme Corp." ends in a full stop and is a name.)
        n > 8 || t.contains("; ") || (t.ends_with('.') && n >= 4)
    };
    let named = ["role", "contact", "vendor", "dependency"].contains(&kind.name);
    if named && filled.iter().filter(|r| said(&title_of(r))).count() * 2 > filled.len() {
        return Err(format!(
            "its {} column holds sentences, not names; kept as text",
            kind.title
        ));
    }
    if filled.iter().any(|r| title_of(r).is_empty()) {
        return Err(format!(
            "a table of {} with a row missing its {}; kept as text",
            kind.plural.to_lowercase(),
            kind.title
        ));
    }
    Ok((title_col, label_col))
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

/// Whether a table's one known column names its rows by the kind's own word ("# | Scenario |
/// Section" over "1 | Fire in the foster home | § 4"): a word for the kind's records, not a
/// bare "Name", over two short names at least, and no other column a field of it.
fn names_rows_by_title(table: &Table, columns: &[Option<&'static FieldDef>]) -> bool {
    let Some(title) = columns.iter().position(Option::is_some) else {
        return false;
    };
    let header = words_key(&normalise::normalise(&table.headers[title]));
    let generic = [
        "name",
        "names",
        "title",
        "item",
        "items",
        "description",
        "details",
    ];
    // (What a name says in brackets after it does not make it long.)
    let short_names = table.rows.len() >= 2
        && table.rows.iter().all(|r| {
            r.get(title).is_some_and(|cell| {
                let n = cell
                    .split(" (")
                    .next()
                    .unwrap_or(cell)
                    .split_whitespace()
                    .count();
                (1..=10).contains(&n) && !cell.trim().chars().all(|c| c.is_ascii_digit())
            })
        });
    // A form to fill in ("Software Used | Click here to enter text.") names no records.
    let filled = (0..table.headers.len()).filter(|&c| c != title).all(|c| {
        table
            .rows
            .iter()
            .any(|r| r.get(c).is_some_and(|cell| !is_placeholder(cell)))
    });
    !generic.contains(&header.as_str()) && short_names && filled
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

/// Whether a row's title is a label of one of `kind`'s fields ("Email Address", "Phone") with
/// one value beside it, rather than the name of a record: a header or label is never a person.
fn names_a_field(kind: &KindDef, title: &str, row: &[String]) -> bool {
    let values = row.iter().filter(|c| !c.trim().is_empty()).count();
    values <= 2 && header_field(kind, title).is_some_and(|f| f.name != kind.title)
}
