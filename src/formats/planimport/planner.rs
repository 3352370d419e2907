use super::*;

/// The key a section is found by when a document is imported again: its heading's words
/// without link targets (a section's title keeps none, so one imported before it did is found).
pub(crate) fn section_key(title: &str) -> String {
    words_key(&normalise::clean_title(title).0)
}

impl<'a> Planner<'a> {
    pub(crate) fn new(
        existing: &[Record],
        new_id: &'a mut dyn FnMut(&'static KindDef) -> String,
    ) -> Self {
        let mut titles = HashMap::new();
        let mut steps: HashMap<(String, String), Vec<(i64, String)>> = HashMap::new();
        let by_id: HashMap<&str, &Record> = existing.iter().map(|r| (r.id.as_str(), r)).collect();
        let mut section_paths: HashMap<Vec<String>, Vec<(i64, String)>> = HashMap::new();
        let (mut next_section, mut next_checklist) = (1, 1);
        for r in existing.iter().filter(|r| !r.deleted) {
            let Ok(kind) = catalog::kind(&r.kind) else {
                continue;
            };
            let position = r.text("position").parse::<i64>().unwrap_or(0);
            match kind.name {
                "section" => {
                    next_section = next_section.max(position + 1);
                    let mut path = vec![section_key(&r.title())];
                    let mut at = r.text("parent");
                    while let Some(parent) = by_id.get(at.as_str()).filter(|_| path.len() < 32) {
                        path.insert(0, section_key(&parent.title()));
                        at = parent.text("parent");
                    }
                    section_paths
                        .entry(path)
                        .or_default()
                        .push((position, r.id.clone()));
                }
                "checklist" => next_checklist = next_checklist.max(position + 1),
                "item" => {
                    steps
                        .entry((r.text("checklist"), words_key(&r.text("text"))))
                        .or_default()
                        .push((position, r.id.clone()));
                }
                _ => {}
            }
            titles
                .entry((kind.name, words_key(&r.title())))
                .or_insert_with(Vec::new)
                .push(r.id.clone());
        }
        let section_paths = section_paths
            .into_iter()
            .map(|(path, mut ids)| {
                ids.sort();
                (path, ids.into_iter().map(|(_, id)| id).collect())
            })
            .collect();
        Planner {
            new_id,
            titles,
            title_uses: HashMap::new(),
            made: Default::default(),
            section_paths,
            path_uses: HashMap::new(),
            steps: steps
                .into_iter()
                .map(|(key, mut ids)| {
                    ids.sort();
                    (key, ids.into_iter().map(|(_, id)| id).collect())
                })
                .collect(),
            rows: Vec::new(),
            row_of: HashMap::new(),
            fallback: HashMap::new(),
            confidence: Confidence::Sure,
            names_given: false,
            block: 0,
            corrected: false,
            mappings: HashMap::new(),
            report: PlanReport::default(),
            next_section,
            next_checklist,
            checklist_titles: HashMap::new(),
            resource_ends: std::collections::HashSet::new(),
        }
    }

    /// The id for the next record of `kind` titled `title` in the file: the n-th one with that
    /// title is the n-th existing (or already made) record with it, else a new record. So rows
    /// that repeat a title stay separate records, and importing the file again finds them all.
    pub(crate) fn id_for(&mut self, kind: &'static KindDef, title: &str) -> (String, bool) {
        let key = (kind.name, words_key(&clean_title(title).0));
        let uses = self.title_uses.entry(key.clone()).or_insert(0);
        let ids = self.titles.entry(key).or_default();
        let id = match ids.get(*uses) {
            Some(id) => id.clone(),
            None => {
                let id = (self.new_id)(kind);
                ids.push(id.clone());
                self.made.insert(id.clone());
                id
            }
        };
        *uses += 1;
        let new = self.made.contains(&id);
        (id, new)
    }

    /// The first record of `kind` titled `title`, if any (for references by name).
    pub(crate) fn lookup(&self, kind: &str, title: &str) -> Option<String> {
        let key = (kind_def(kind).name, words_key(&clean_title(title).0));
        self.titles.get(&key).and_then(|ids| ids.first()).cloned()
    }

    /// Adds (or merges into) the row of record `id`.
    pub(crate) fn row(&mut self, kind: &'static KindDef, id: &str) -> &mut Row {
        let index = match self.row_of.get(id) {
            Some(&i) => i,
            None => {
                let mut row = Row::new();
                row.insert("id".into(), id.into());
                self.rows.push((kind.name, id.to_string(), row));
                self.row_of.insert(id.to_string(), self.rows.len() - 1);
                self.rows.len() - 1
            }
        };
        &mut self.rows[index].2
    }

    pub(crate) fn entry(
        &mut self,
        line: usize,
        kind: &str,
        title: &str,
        id: Option<&str>,
        new: bool,
        detail: String,
    ) {
        let choosable = id.is_some() && !["section", "plan", "text"].contains(&kind);
        self.report.entries.push(ReportEntry {
            line,
            kind: kind.to_string(),
            title: title.to_string(),
            id: id.map(str::to_string),
            new,
            detail,
            confidence: if kind == "section" || kind == "plan" {
                Confidence::Sure
            } else {
                self.confidence
            },
            block: self.block,
            changes: None,
            key: choosable.then(|| format!("{kind}:{line}:{}", words_key(title).replace(' ', "-"))),
        });
    }

    pub(crate) fn finish_section(&mut self, s: Section) {
        let kind = kind_def("section");
        let body = s.body.join("\n\n");
        let position = self.next_section;
        if s.new {
            self.next_section += 1;
        }
        let row = self.row(kind, &s.id);
        row.insert("title".into(), s.title.clone().into());
        if let Some(parent) = &s.parent {
            row.insert("parent".into(), parent.clone().into());
        }
        if !body.trim().is_empty() {
            row.insert("body".into(), body.into());
        }
        if s.new {
            row.insert("position".into(), position.to_string().into());
        }
        let detail = match s.level {
            0 => "the document's title line".to_string(),
            8 => "the front matter, kept as written".to_string(),
            1..=6 => format!("heading level {}", s.level),
            _ => "text before the first heading".to_string(),
        };
        self.entry(s.line, "section", &s.title, Some(&s.id), s.new, detail);
    }

    /// Puts `raw` into `field` of a record; a value that does not fit goes to a sibling field
    /// of the same family (support_url → support_phone) or, failing that, to the notes.
    pub(crate) fn put(
        &mut self,
        kind: &'static KindDef,
        id: &str,
        field: &'static FieldDef,
        header: &str,
        raw: &str,
    ) {
        let raw = raw.trim();
        if raw.is_empty() {
            return;
        }
        let prepared = if field.list && matches!(field.ty, FieldType::Phone | FieldType::Email) {
            raw.replace([',', '/'], ";")
        } else {
            raw.to_string()
        };
        let family = field.name.split('_').next().unwrap_or(field.name);
        // Phones, e-mails and links are ways to reach someone: a value that is another of them
        // goes to that field ("Reach: tom@example.com" in a phones column).
        let channel =
            |t: FieldType| matches!(t, FieldType::Phone | FieldType::Email | FieldType::Url);
        let candidates = std::iter::once(field).chain(kind.fields().filter(|f| {
            f.name != field.name
                && ((f.name.contains('_') && f.name.starts_with(&format!("{family}_")))
                    || (channel(f.ty) && channel(field.ty)))
        }));
        let mut placed = false;
        for f in candidates {
            if matches!(f.ty, FieldType::Ref(_)) {
                break;
            }
            if let Ok(Some(value)) = f.parse(&prepared, &NoReferences) {
                let row = self.row(kind, id);
                let free = match row.get(f.name) {
                    None => true,
                    Some(serde_json::Value::String(s)) => s.is_empty(),
                    Some(_) => false,
                };
                if free || f.ty.is_long() {
                    let value = match (row.get(f.name), value) {
                        (Some(serde_json::Value::String(old)), Value::Text(new)) if !free => {
                            Value::Text(format!("{old}\n{new}"))
                        }
                        (_, v) => v,
                    };
                    row.insert(
                        f.name.into(),
                        serde_json::to_value(value).unwrap_or_default(),
                    );
                    placed = true;
                    break;
                }
            }
        }
        if !placed {
            self.note(kind, id, header, raw);
        }
    }

    /// Keeps `header: raw` in the record's notes.
    pub(crate) fn note(&mut self, kind: &'static KindDef, id: &str, header: &str, raw: &str) {
        let line = format!("{header}: {raw}");
        let Some(field) = ["notes", "description", "body"]
            .into_iter()
            .find(|f| kind.field(f).is_some())
        else {
            return;
        };
        let row = self.row(kind, id);
        let joined = match row.get(field).and_then(|v| v.as_str()) {
            Some(old) if !old.is_empty() => format!("{old}\n{line}"),
            _ => line,
        };
        row.insert(field.into(), joined.into());
    }

    /// Remembers that `raw` goes back into `section` if record `id` is left out.
    pub(crate) fn keep_if_left_out(&mut self, id: &str, section: &Section, raw: &str) {
        if raw.trim().is_empty() {
            return;
        }
        let place = (section.id.clone(), raw.to_string());
        let list = self.fallback.entry(id.to_string()).or_default();
        if !list.contains(&place) {
            list.push(place);
        }
    }
}

pub(crate) type Row = BTreeMap<String, serde_json::Value>;

/// What makes two titles the same record: the same words, case aside. ("Cloud-hosting" is
/// "Cloud hosting"; "F/rost" is not "Frost", so no word of a name is dropped by matching.)
pub(crate) fn words_key(s: &str) -> String {
    // "Downtime < 30 minutes" and "Downtime > 30 minutes" are two: a comparison before a number
    // is a word of the key.
    let compared;
    let s = match s.contains(['<', '>', '≤', '≥']) {
        true => {
            compared = comparisons_as_words(s);
            compared.as_str()
        }
        false => s,
    };
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `s` with each comparison sign before a number ("< 30", ">=3") written as a word.
fn comparisons_as_words(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in chars.iter().enumerate() {
        let word = match c {
            '<' | '≤' => " less ",
            '>' | '≥' => " more ",
            _ => "",
        };
        let number_after = chars[i + 1..]
            .iter()
            .find(|n| !n.is_whitespace() && **n != '=')
            .is_some_and(char::is_ascii_digit);
        match word.is_empty() || !number_after {
            true => out.push(*c),
            false => out.push_str(word),
        }
    }
    out
}

/// The kind a block was read as, and the field each of its columns went to.
pub(crate) type Mapping = (&'static str, Vec<Option<String>>);

pub(crate) struct Section {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) level: u8,
    pub(crate) parent: Option<String>,
    pub(crate) body: Vec<String>,
    pub(crate) new: bool,
    pub(crate) line: usize,
}

pub(crate) struct Planner<'a> {
    pub(crate) new_id: &'a mut dyn FnMut(&'static KindDef) -> String,
    /// (kind, match key of title) → id, for existing and planned records.
    /// (kind, match key of title) → ids of the records with that title, existing ones first.
    pub(crate) titles: HashMap<(&'static str, String), Vec<String>>,
    /// How many records of each title this import has claimed so far.
    pub(crate) title_uses: HashMap<(&'static str, String), usize>,
    /// Records this import makes (as opposed to updates).
    pub(crate) made: std::collections::HashSet<String>,
    /// Section title paths → ids of existing sections there, in order.
    pub(crate) section_paths: HashMap<Vec<String>, Vec<String>>,
    /// How many sections at each path this import has made so far.
    pub(crate) path_uses: HashMap<Vec<String>, usize>,
    /// (checklist id, step key) → item id.
    pub(crate) steps: HashMap<(String, String), Vec<String>>,
    pub(crate) rows: Vec<(&'static str, String, Row)>,
    pub(crate) row_of: HashMap<String, usize>,
    /// Record id → (section id, text as written): what goes back into that section's text if
    /// the person leaves the record out (a table, a task list), so no word is lost.
    pub(crate) fallback: HashMap<String, Vec<(String, String)>>,
    /// How sure the readings being made now are (set around each recogniser).
    pub(crate) confidence: Confidence,
    /// The table being read was written as headings, which name its rows.
    pub(crate) names_given: bool,
    /// The block being read is read as the founder said in the preview.
    pub(crate) corrected: bool,
    /// The first line of the block being read: what the report's entries say they came from.
    pub(crate) block: usize,
    /// Block line → the kind it was read as and the field each column (or label) went to
    /// (for the preview's column mapping).
    pub(crate) mappings: HashMap<usize, Mapping>,
    pub(crate) report: PlanReport,
    pub(crate) next_section: i64,
    pub(crate) next_checklist: i64,
    pub(crate) checklist_titles: HashMap<String, usize>,
    /// The last words of every resource read as a dependency ("rule book" of "BVRC Rule
    /// Book"): a shorter name of one read already names no other.
    pub(crate) resource_ends: std::collections::HashSet<String>,
}

pub(crate) fn kind_def(name: &str) -> &'static KindDef {
    KINDS
        .iter()
        .find(|k| k.name == name)
        .expect("the catalog declares every kind the importer writes")
}
