//! Reading a block as the founder said in the preview: a table as records of a kind with the
//! columns they chose, a list or a sentence as records (one per item, or one record whose
//! labels are its fields), or as text only. What the founder says is sure.

use super::*;

impl Planner<'_> {
    /// A table read as the founder said.
    pub(crate) fn table_as(
        &mut self,
        c: &Correction,
        table: &Table,
        raw: &str,
        line: usize,
        section: &mut Section,
    ) {
        if c.read_as == "text" {
            return self.keep_table(
                table,
                raw,
                line,
                section,
                "read as text, as you chose".into(),
            );
        }
        let chosen = readable_kind(&c.read_as);
        let kind = chosen.or_else(|| {
            Self::classify(table, false)
                .map(|(k, _)| k)
                .or_else(|| Self::classify_by_content(table).map(|(k, _, _)| k))
        });
        let Some(kind) = kind else {
            let why = format!(
                "its columns match no kind of record, so the columns you chose need a kind too (read it as contacts, levels…; --read-as {line}=KIND)"
            );
            return self.keep_table(table, raw, line, section, why);
        };
        for choice in &c.columns {
            if column_index(&table.headers, &choice.column).is_none() {
                self.report.notes.push(format!(
                    "line {line}: the table has no column “{}” (its columns are {}, or numbers 1 to {})",
                    choice.column,
                    columns_text(table),
                    table.headers.len()
                ));
            }
        }
        let previous = std::mem::replace(&mut self.confidence, Confidence::Sure);
        if kind.name == "checklist" {
            let filled: Vec<&Vec<String>> = table
                .rows
                .iter()
                .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
                .collect();
            let id = self.checkbox_table(table, usize::MAX, &filled, line, section);
            self.keep_if_left_out(&id, section, raw);
        } else {
            let columns = chosen_columns(kind, table, c);
            if columns.iter().flatten().any(|f| f.name == kind.title) {
                self.table_rows(table, raw, line, section, kind, &columns, true);
            } else {
                let fields = columns.iter().map(|c| c.map(|f| f.name.to_string()));
                self.mappings.insert(line, (kind.name, fields.collect()));
                let why = format!(
                    "no column goes to the {}'s {}, so it was kept as text; choose the column that names them",
                    kind.label.to_lowercase(),
                    kind.field(kind.title)
                        .map_or(kind.title, |f| f.label)
                        .to_lowercase()
                );
                self.keep_table(table, raw, line, section, why);
            }
        }
        self.confidence = previous;
    }

    /// A block of text (a list, lines, or a sentence naming several things) read as the
    /// founder said. The text stays in its section as written either way.
    pub(crate) fn read_text_as(
        &mut self,
        c: &Correction,
        text: &str,
        line: usize,
        section: &mut Section,
    ) {
        let Some(kind) = readable_kind(&c.read_as) else {
            let title = text
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .chars()
                .take(60)
                .collect::<String>();
            return self.entry(
                line,
                "text",
                &title,
                None,
                false,
                "read as text, as you chose".into(),
            );
        };
        let previous = std::mem::replace(&mut self.confidence, Confidence::Sure);
        let items = pieces(text);
        if kind.name == "checklist" {
            let steps = items.into_iter().map(|(_, t)| (t, Vec::new())).collect();
            let title = section.title.clone();
            self.checklist(&title, line, section, steps);
        } else if one_record(kind, &items, c) {
            self.labels_as_one(kind, &items, c, line, &section.title);
        } else {
            for (n, (offset, item)) in items.iter().enumerate() {
                let (title, rest) = split_label(item);
                if title.is_empty() {
                    continue;
                }
                let (id, new) = self.id_for(kind, &title);
                let row = self.row(kind, &id);
                row.insert(kind.title.into(), title.clone().into());
                // Levels (anything ranked) in the order the document gives them.
                if kind.field("rank").is_some() && !row.contains_key("rank") {
                    row.insert("rank".into(), (n + 1).to_string().into());
                }
                self.fill_from_words(kind, &id, &rest);
                let detail = format!("read as {}, as you chose", kind.plural.to_lowercase());
                self.entry(line + offset, kind.name, &title, Some(&id), new, detail);
            }
        }
        self.confidence = previous;
    }

    /// Labels that are one record's fields ("Name: Dana", "Phone: …"): the record, titled by
    /// the label that goes to its title, else by the section.
    fn labels_as_one(
        &mut self,
        kind: &'static KindDef,
        items: &[(usize, String)],
        c: &Correction,
        line: usize,
        section: &str,
    ) {
        let labels: Vec<String> = items.iter().map(|(_, p)| split_label(p).0).collect();
        let field_of = |label: &str| -> Option<&'static FieldDef> {
            match c.columns.iter().find(|ch| {
                column_index(&labels, &ch.column) == labels.iter().position(|l| l == label)
            }) {
                Some(choice) => choice.field.as_deref().and_then(|f| kind.field(f)),
                None => header_field(kind, label),
            }
        };
        let title = items
            .iter()
            .map(|(_, p)| split_label(p))
            .find(|(l, _)| field_of(l).is_some_and(|f| f.name == kind.title))
            .map_or_else(|| section.to_string(), |(_, v)| v);
        let (id, new) = self.id_for(kind, &title);
        self.row(kind, &id)
            .insert(kind.title.into(), title.clone().into());
        let mut fields = Vec::new();
        for (_, item) in items {
            let (label, value) = split_label(item);
            let field = field_of(&label);
            fields.push(field.map(|f| f.name.to_string()));
            match field {
                Some(f) if f.name == kind.title => {}
                Some(f) if f.ty == FieldType::Ref("contact") => {
                    match self.person(&value, line, "named in a list you read") {
                        Some(person) => {
                            self.row(kind, &id).insert(f.name.into(), person.into());
                        }
                        None => self.note(kind, &id, &label, &value),
                    }
                }
                Some(f) if !matches!(f.ty, FieldType::Ref(_)) => {
                    self.put(kind, &id, f, &label, &value)
                }
                // A label no field has: a phone number or an address still goes where it fits.
                None if typed_field(kind, &value).is_some() => {
                    if let Some(f) = typed_field(kind, &value) {
                        self.put(kind, &id, f, &label, &value);
                    }
                }
                _ => self.note(kind, &id, &label, &value),
            }
        }
        self.mappings.insert(line, (kind.name, fields));
        let detail = format!(
            "one {} from the labels of a list, as you chose",
            kind.label.to_lowercase()
        );
        self.entry(line, kind.name, &title, Some(&id), new, detail);
    }

    /// Puts the words after a record's name where they fit: phone numbers, e-mails, links,
    /// durations and dates into those fields, the rest into its longest text field.
    pub(crate) fn fill_from_words(&mut self, kind: &'static KindDef, id: &str, words: &str) {
        let mut rest = Vec::new();
        for part in split_outside_brackets(words, &[',', ';']) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            match typed_field(kind, part) {
                Some(f) => self.put(kind, id, f, f.label, part),
                None => rest.push(part.to_string()),
            }
        }
        if rest.is_empty() {
            return;
        }
        // Where the kind keeps a description: the field a "Description" column would fill,
        // else its long text.
        let long = kind
            .field_for_header("Description")
            .filter(|f| f.ty == FieldType::Text || f.ty.is_long())
            .or_else(|| kind.fields().find(|f| f.ty.is_long() && f.name != "notes"));
        match long {
            Some(f) => self.put(kind, id, f, f.label, &rest.join(", ")),
            None => self.note(kind, id, "As written", &rest.join(", ")),
        }
    }
}

/// The field of `kind` a value fits by its shape: a phone number, an e-mail, a link, a duration.
fn typed_field(kind: &'static KindDef, value: &str) -> Option<&'static FieldDef> {
    kind.fields().find(|f| {
        matches!(
            f.ty,
            FieldType::Phone | FieldType::Email | FieldType::Url | FieldType::Duration
        ) && f.parse(value, &NoReferences).is_ok_and(|v| v.is_some())
    })
}

/// Whether a list read as `kind` is one record whose labels are its fields (rather than one
/// record per item): the founder mapped its labels, or most labels are that kind's fields.
fn one_record(kind: &KindDef, items: &[(usize, String)], c: &Correction) -> bool {
    let labels: Vec<(String, String)> = items.iter().map(|(_, p)| split_label(p)).collect();
    if labels.len() < 2 || labels.iter().any(|(_, v)| v.is_empty()) {
        return false;
    }
    if !c.columns.is_empty() {
        return true;
    }
    let fields = labels
        .iter()
        .filter(|(l, _)| header_field(kind, l).is_some())
        .count();
    fields * 2 > labels.len()
}

/// The field of each column of `table` read as `kind`: the founder's choices, else the field
/// its header names.
fn chosen_columns(
    kind: &'static KindDef,
    table: &Table,
    c: &Correction,
) -> Vec<Option<&'static FieldDef>> {
    let headers: Vec<String> = table.headers.clone();
    let mut columns: Vec<Option<&'static FieldDef>> = vec![None; headers.len()];
    let mut decided = vec![false; headers.len()];
    for choice in &c.columns {
        if let Some(i) = column_index(&headers, &choice.column) {
            columns[i] = choice.field.as_deref().and_then(|f| kind.field(f));
            decided[i] = true;
        }
    }
    for i in 0..headers.len() {
        if decided[i] {
            continue;
        }
        columns[i] = header_field(kind, &headers[i]).filter(|f| {
            !columns.iter().flatten().any(|g| g.name == f.name)
                && !["verified_at", "verified_by", "notes"].contains(&f.name)
        });
    }
    // No column names the records: the first column nobody chose, as a spreadsheet's first
    // column usually does.
    if !columns.iter().flatten().any(|f| f.name == kind.title)
        && let Some(i) = (0..headers.len()).find(|&i| !decided[i] && columns[i].is_none())
        && c.columns
            .iter()
            .all(|ch| ch.field.as_deref() != Some(kind.title))
    {
        columns[i] = kind.field(kind.title);
    }
    columns
}

/// The items of a block: its list items (with their continuation lines), else its lines, else
/// the things one sentence names ("three stages: watch, act and evacuate"). Each with its line
/// offset in the block.
pub(crate) fn pieces(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut items: Vec<(usize, String)> = Vec::new();
    let mut in_list = false;
    for (i, l) in lines.iter().enumerate() {
        if let Some(item) = list_item(l) {
            items.push((i, item.to_string()));
            in_list = true;
        } else if in_list && l.starts_with([' ', '\t']) && !l.trim().is_empty() {
            if let Some((_, last)) = items.last_mut() {
                last.push(' ');
                last.push_str(l.trim());
            }
        } else {
            in_list = false;
        }
    }
    if !items.is_empty() {
        return items;
    }
    let filled: Vec<(usize, String)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i, l.trim().to_string()))
        .collect();
    if filled.len() != 1 {
        return filled;
    }
    let sentence = filled[0].1.trim_end_matches('.');
    let named = sentence
        .rsplit_once(':')
        .map_or(sentence, |(_, after)| after);
    let parts: Vec<String> = split_outside_brackets(named, &[',', ';'])
        .into_iter()
        .flat_map(|p| {
            p.split(" and ")
                .flat_map(|q| q.split(" or "))
                .map(|q| q.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() >= 2 {
        parts.into_iter().map(|p| (0, p)).collect()
    } else {
        filled
    }
}

/// An item's label and the rest: `**Label**: rest`, `Label: rest`, `Label – rest`,
/// `Label (rest)`, else the item itself and nothing.
pub(crate) fn split_label(item: &str) -> (String, String) {
    let plain = |s: &str| {
        s.replace("**", "")
            .replace("__", "")
            .trim()
            .trim_matches(['*', '_', ':'])
            .trim()
            .to_string()
    };
    let item = item.trim();
    for sep in [":", " – ", " — ", " - "] {
        if let Some((label, rest)) = item.split_once(sep)
            && label.split_whitespace().count() <= 6
            && !label.trim().is_empty()
            && !rest.starts_with("//")
        {
            return (plain(label), plain(rest));
        }
    }
    if let Some((label, rest)) = item.split_once(" (")
        && item.ends_with(')')
    {
        return (plain(label), rest.trim_end_matches(')').trim().to_string());
    }
    (plain(item), String::new())
}

/// Splits `text` at any of `seps` outside brackets (a phone's "(0)" or a note in parentheses
/// stays whole).
pub(crate) fn split_outside_brackets(text: &str, seps: &[char]) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut depth = 0usize;
    for ch in text.chars() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 && seps.contains(&ch) {
            out.push(String::new());
        } else if let Some(last) = out.last_mut() {
            last.push(ch);
        }
    }
    out.retain(|p| !p.trim().is_empty());
    out
}
