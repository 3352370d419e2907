//! Importing a plan someone already has — Markdown, plain text, a web page (HTML), a Word
//! (DOCX) or OpenDocument (ODT) document — without losing a word.
//!
//! `documents` turns a web page or an office document into Markdown (chosen by what the file
//! holds, not its name); [`read`] turns the text into an outline of blocks (headings, text, tables, task lists);
//! [`plan`] decides what each block becomes: every heading a section, every table whose header
//! matches a kind in the catalog (by field names, labels and importer synonyms) typed records of
//! that kind, every task list a checklist with its steps. Whatever is not recognised stays in its
//! section's text, and a recognised table leaves a line saying where it went. Both steps are pure
//! (no binder, no I/O); [`crate::Binder::import_plan`] applies the result, and the app shows the
//! report as a preview before anything is written.

mod documents;
#[cfg(test)]
mod hostile;
mod prose;
mod read;
mod rst;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::catalog::{self, FieldDef, FieldType, Group, KINDS, KindDef, NoReferences, Value};
use crate::log::ops::new_id;
use crate::log::store::Record;
use crate::plan::binder::{Binder, ImportReport};

pub use documents::{html_to_markdown, text_of};
pub use read::{Block, Format, FrontMatter, Outline, Table, Task, decode, grid_table, read};
pub use rst::rst_to_markdown;

/// A plan file that cannot be read at all. (Anything that is text can be imported: what is not
/// recognised is kept as text.)
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PlanError {
    /// Nothing but white space.
    #[error("the file is empty")]
    Empty,
    /// Bytes that are not UTF-8 (nor UTF-16 with a byte order mark).
    #[error(
        "line {line}: this is not UTF-8 text; save the document as UTF-8 text or Markdown and import it again"
    )]
    NotText {
        /// 1-based line of the first bad byte.
        line: usize,
    },
    /// Control characters that text documents do not hold.
    #[error(
        "line {line}: the file holds binary data, so it is not a Markdown or text document (export it as Markdown or plain text first)"
    )]
    Binary {
        /// 1-based line.
        line: usize,
    },
    /// A PDF: its text does not come back out reliably.
    #[error(
        "this is a PDF, whose text cannot be read back reliably; open the original (Word, Google Docs, Notion, a web page) and save or export it as Word (.docx), web page (.html) or Markdown, then import that"
    )]
    Pdf,
    /// An old binary Word file, or an encrypted (password-protected) document.
    #[error(
        "this is a password-protected document or an old Word file (.doc), which cannot be read; open it in Word or LibreOffice, remove the password or save it as .docx, then import that"
    )]
    OldOrLocked,
    /// A document whose container or XML is broken.
    #[error(
        "the {what} cannot be read ({detail}); the file may be damaged or only partly downloaded"
    )]
    Damaged {
        /// What it was being read as.
        what: &'static str,
        /// Where it broke, as the reader said.
        detail: String,
    },
    /// A proposal to leave out that the document does not make (it changed since the preview,
    /// or the key was mistyped).
    #[error(
        "nothing this document proposes has the key “{0}” (did the document change since its preview?); preview it again (binder import plan --dry-run) to see what it proposes"
    )]
    UnknownProposal(String),
    /// A zip that is not a text document (a spreadsheet, a presentation, an archive).
    #[error(
        "this is not a text document ({0}); import a Word (.docx), OpenDocument (.odt), web page, Markdown or text file"
    )]
    NotADocument(String),
    /// A zip whose parts unpack to more than a plan document holds (a "zip bomb", or a damaged
    /// file whose sizes lie): refused before it fills memory.
    #[error(
        "this document expands to more than {limit_mb} MB when unpacked, far more than any plan document holds, so it was not read (it may be damaged or made to attack); if it really is your plan, open it in Word or LibreOffice and save it again, or export it as Markdown or a web page and import that"
    )]
    TooBig {
        /// The limit, in MB.
        limit_mb: u64,
    },
}

/// How sure a reading is: the app proposes `Sure` and `Likely` records ticked, `Inferred` ones
/// unticked, and the person chooses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Read from an inference over sentences ("the CTO (Maria) decides"): to be checked.
    Inferred,
    /// Read from what the content holds (phone numbers in a list, a numbered procedure).
    Likely,
    /// Read from the document's own structure: a heading, a table header, a task list.
    Sure,
}

/// What one piece of the file became.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReportEntry {
    /// The line of the file it comes from (1-based).
    pub line: usize,
    /// The kind of record it became, or `text` for a part kept as section text.
    pub kind: String,
    /// The record's title (or what was kept).
    pub title: String,
    /// The record's id (none for text).
    pub id: Option<String>,
    /// Whether the record is new (else an existing record with the same title is updated).
    pub new: bool,
    /// How it was read, in a sentence.
    pub detail: String,
    /// How sure that reading is.
    pub confidence: Confidence,
    /// Names this proposal across previews of the same file (record ids are made afresh each
    /// time): what [`import_selected`] is told to leave out. `None` for what cannot be left out
    /// (sections, the plan, text).
    pub key: Option<String>,
}

/// The import report: what became what. The app shows it as the preview.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanReport {
    /// `Markdown` or `plain text`.
    pub format: String,
    /// The plan's title, if the file names one.
    pub title: Option<String>,
    /// One entry per record made or updated, and per part kept as text, in file order.
    pub entries: Vec<ReportEntry>,
    /// Things to know (values kept in notes, markup left out…).
    pub notes: Vec<String>,
}

impl PlanReport {
    /// How many entries are of `kind`.
    pub fn count(&self, kind: &str) -> usize {
        self.entries.iter().filter(|e| e.kind == kind).count()
    }
}

/// Records to import (kind → rows of field → value, ids included) and the report.
#[derive(Debug, Default)]
pub struct Planned {
    /// Rows in the shape [`crate::Binder::import_records`] takes.
    pub records: BTreeMap<String, Vec<BTreeMap<String, serde_json::Value>>>,
    /// What became what.
    pub report: PlanReport,
    /// Record id → (section id, text as written) to put back if that record is left out.
    fallback: HashMap<String, Vec<(String, String)>>,
}

impl Planned {
    /// Leaves out the proposals whose [`ReportEntry::key`] is in `keys`, losing no word: a
    /// checklist goes with its steps; a table or task list a left-out record came from goes
    /// back into its section's text; a reference to a left-out new record (a role's primary)
    /// becomes a line of the referring record's notes naming it.
    pub fn leave_out(&mut self, keys: &[String]) {
        let chosen: Vec<&ReportEntry> = self
            .report
            .entries
            .iter()
            .filter(|e| e.key.as_ref().is_some_and(|k| keys.contains(k)))
            .collect();
        let mut gone: HashMap<String, (String, bool)> = chosen
            .iter()
            .filter_map(|e| Some((e.id.clone()?, (e.title.clone(), e.new))))
            .collect();
        if gone.is_empty() {
            return;
        }
        let row_id = |row: &Row| row.get("id").and_then(|v| v.as_str()).map(str::to_string);
        // A left-out checklist takes its steps with it.
        if let Some(items) = self.records.get("item") {
            for row in items {
                let of = row.get("checklist").and_then(|v| v.as_str()).unwrap_or("");
                if gone.contains_key(of)
                    && let Some(id) = row_id(row)
                {
                    gone.insert(id, (String::new(), false));
                }
            }
        }
        let mut restore: Vec<(String, String)> = Vec::new();
        for id in gone.keys() {
            for place in self.fallback.get(id).into_iter().flatten() {
                if !restore.contains(place) {
                    restore.push(place.clone());
                }
            }
        }
        for (kind, rows) in &mut self.records {
            rows.retain(|row| row_id(row).is_none_or(|id| !gone.contains_key(&id)));
            let Ok(def) = catalog::kind(kind) else {
                continue;
            };
            for row in rows.iter_mut() {
                let id = row_id(row).unwrap_or_default();
                for (_, raw) in restore.iter().filter(|(s, _)| *s == id) {
                    let body = row.get("body").and_then(|v| v.as_str()).unwrap_or("");
                    let body = if body.is_empty() {
                        raw.clone()
                    } else {
                        format!("{body}\n\n{raw}")
                    };
                    row.insert("body".into(), body.into());
                }
                let mut lines = Vec::new();
                for f in def.own_fields {
                    let FieldType::Ref(_) = f.ty else { continue };
                    let Some(target) = row.get(f.name).and_then(|v| v.as_str()) else {
                        continue;
                    };
                    if let Some((title, true)) = gone.get(target) {
                        lines.push(format!("{}: {title}", f.label));
                        row.remove(f.name);
                    }
                }
                if !lines.is_empty() && def.field("notes").is_some() {
                    let notes = row.get("notes").and_then(|v| v.as_str()).unwrap_or("");
                    let notes = [notes.to_string(), lines.join("\n")]
                        .into_iter()
                        .filter(|n| !n.is_empty())
                        .collect::<Vec<_>>()
                        .join("\n");
                    row.insert("notes".into(), notes.into());
                }
            }
        }
        self.records.retain(|_, rows| !rows.is_empty());
        self.report
            .entries
            .retain(|e| e.id.as_ref().is_none_or(|id| !gone.contains_key(id)));
    }
}

type Row = BTreeMap<String, serde_json::Value>;

/// What makes two titles the same record: the same words, case aside. ("Cloud-hosting" is
/// "Cloud hosting"; "F/rost" is not "Frost", so no word of a name is dropped by matching.)
fn match_key(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Kinds a table may become: the plan's ordinary tables (the rest are the plan itself, sections,
/// steps, incidents, and what only the app writes).
fn table_kinds() -> impl Iterator<Item = &'static KindDef> {
    KINDS.iter().filter(|k| k.group == Group::Record)
}

/// Cells that hold no person: "To be formalized", "TBD", "[Name]", "—".
fn is_placeholder(cell: &str) -> bool {
    let l = cell.trim().to_lowercase();
    let words: Vec<&str> = l
        .split(|c: char| !(c.is_alphanumeric() || c == '/'))
        .filter(|w| !w.is_empty())
        .collect();
    l.is_empty()
        || l.starts_with('[')
        || l.chars().all(|c| "-–—?".contains(c) || c.is_whitespace())
        || l.contains("to be ")
        || l.contains("not yet")
        || words.iter().any(|w| {
            [
                "tbd",
                "tba",
                "n/a",
                "none",
                "vacant",
                "unassigned",
                "pending",
                "unknown",
            ]
            .contains(w)
        })
}

fn is_checkbox(cell: &str) -> bool {
    ["[ ]", "[x]", "[X]", "☐", "☑", "☒", "✓", "✔", "x", "X", ""].contains(&cell.trim())
}

/// A time window written in a checklist title: "Immediate Response (0-15 minutes)".
fn window_of(title: &str) -> Option<String> {
    let inside = title.rsplit_once('(')?.1.split(')').next()?.trim();
    crate::catalog::duration::parse(inside).map(|_| inside.to_string())
}

fn phase_of(title: &str) -> Option<&'static str> {
    let l = title.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| l.contains(w));
    if has(&[
        "post-incident",
        "post incident",
        "after action",
        "lessons",
        "debrief",
    ]) {
        Some("post-incident")
    } else if has(&["immediate", "initial", "first ", "activation", "0-", "0–"]) {
        Some("initial response")
    } else if has(&[
        "short-term",
        "short term",
        "during",
        "ongoing",
        "containment",
    ]) {
        Some("during")
    } else if has(&["recovery", "restor", "medium-term", "long-term", "resum"]) {
        Some("recovery")
    } else {
        None
    }
}

fn parse_date(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches('.');
    [
        "%Y-%m-%d",
        "%b %d, %Y",
        "%B %d, %Y",
        "%d %B %Y",
        "%d %b %Y",
        "%b %d %Y",
        "%B %d %Y",
        "%d.%m.%Y",
    ]
    .iter()
    .find_map(|f| chrono::NaiveDate::parse_from_str(s, f).ok())
    .map(|d| d.format("%Y-%m-%d").to_string())
}

/// `Key: value` pairs on a metadata line: "March 2026 · Owner: Vilmer Frost, CEO · Review: Annual",
/// "- **Policy owner:** Pedro Piñera Buendía".
fn metadata_pairs(text: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for line in text.lines().take(12) {
        let line = line.trim().trim_start_matches(['-', '*', '+']).trim();
        let line = line
            .replace("**", "")
            .replace("__", "")
            .replace(" | ", " · ");
        for part in line.split('·') {
            if let Some((k, v)) = part.split_once(':') {
                let (k, v) = (k.trim(), v.trim());
                if !k.is_empty() && k.split_whitespace().count() <= 4 && !v.is_empty() {
                    pairs.push((k.to_string(), v.to_string()));
                }
            }
        }
    }
    pairs
}

struct Section {
    id: String,
    title: String,
    level: u8,
    parent: Option<String>,
    body: Vec<String>,
    new: bool,
    line: usize,
}

struct Planner<'a> {
    new_id: &'a mut dyn FnMut(&'static KindDef) -> String,
    /// (kind, match key of title) → id, for existing and planned records.
    /// (kind, match key of title) → ids of the records with that title, existing ones first.
    titles: HashMap<(&'static str, String), Vec<String>>,
    /// How many records of each title this import has claimed so far.
    title_uses: HashMap<(&'static str, String), usize>,
    /// Records this import makes (as opposed to updates).
    made: std::collections::HashSet<String>,
    /// Section title paths → ids of existing sections there, in order.
    section_paths: HashMap<Vec<String>, Vec<String>>,
    /// How many sections at each path this import has made so far.
    path_uses: HashMap<Vec<String>, usize>,
    /// (checklist id, step key) → item id.
    steps: HashMap<(String, String), Vec<String>>,
    rows: Vec<(&'static str, String, Row)>,
    row_of: HashMap<String, usize>,
    /// Record id → (section id, text as written): what goes back into that section's text if
    /// the person leaves the record out (a table, a task list), so no word is lost.
    fallback: HashMap<String, Vec<(String, String)>>,
    /// How sure the readings being made now are (set around each recogniser).
    confidence: Confidence,
    /// The table being read was written as headings, which name its rows.
    names_given: bool,
    report: PlanReport,
    next_section: i64,
    next_checklist: i64,
    checklist_titles: HashMap<String, usize>,
}

impl<'a> Planner<'a> {
    fn new(existing: &[Record], new_id: &'a mut dyn FnMut(&'static KindDef) -> String) -> Self {
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
                    let mut path = vec![match_key(&r.title())];
                    let mut at = r.text("parent");
                    while let Some(parent) = by_id.get(at.as_str()).filter(|_| path.len() < 32) {
                        path.insert(0, match_key(&parent.title()));
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
                        .entry((r.text("checklist"), match_key(&r.text("text"))))
                        .or_default()
                        .push((position, r.id.clone()));
                }
                _ => {}
            }
            titles
                .entry((kind.name, match_key(&r.title())))
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
            report: PlanReport::default(),
            next_section,
            next_checklist,
            checklist_titles: HashMap::new(),
        }
    }

    /// The id for the next record of `kind` titled `title` in the file: the n-th one with that
    /// title is the n-th existing (or already made) record with it, else a new record. So rows
    /// that repeat a title stay separate records, and importing the file again finds them all.
    fn id_for(&mut self, kind: &'static KindDef, title: &str) -> (String, bool) {
        let key = (kind.name, match_key(title));
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
    fn lookup(&self, kind: &str, title: &str) -> Option<String> {
        let key = (kind_def(kind).name, match_key(title));
        self.titles.get(&key).and_then(|ids| ids.first()).cloned()
    }

    /// Adds (or merges into) the row of record `id`.
    fn row(&mut self, kind: &'static KindDef, id: &str) -> &mut Row {
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

    fn entry(
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
            key: choosable.then(|| format!("{kind}:{line}:{}", match_key(title).replace(' ', "-"))),
        });
    }

    fn finish_section(&mut self, s: Section) {
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
    fn put(
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
    fn note(&mut self, kind: &'static KindDef, id: &str, header: &str, raw: &str) {
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

    /// The contact a person cell names, made if new; `None` for placeholders.
    fn person(&mut self, cell: &str, line: usize, why: &str) -> Option<String> {
        let cell = cell.trim();
        if is_placeholder(cell)
            || cell.split_whitespace().count() > 6
            || !cell.chars().any(char::is_alphabetic)
        {
            return None;
        }
        let contact = kind_def("contact");
        let (name, email) = match cell.split_once('<') {
            Some((n, e)) if e.trim_end().ends_with('>') => (
                n.trim().to_string(),
                Some(e.trim_end().trim_end_matches('>').trim().to_string()),
            ),
            _ if cell.contains('@') && !cell.contains(' ') => {
                (cell.to_string(), Some(cell.to_string()))
            }
            _ => (cell.to_string(), None),
        };
        if let Some(e) = &email
            && contact
                .require_field("emails")
                .ok()?
                .parse(e, &NoReferences)
                .is_err()
        {
            return None;
        }
        let name = if name.is_empty() {
            cell.to_string()
        } else {
            name
        };
        if let Some(id) = self.lookup("contact", &name) {
            return Some(id);
        }
        // Made without claiming a title use, so a contacts table naming the same person later
        // fills in this contact instead of making a second one.
        let id = (self.new_id)(contact);
        self.titles
            .entry((contact.name, match_key(&name)))
            .or_default()
            .push(id.clone());
        self.made.insert(id.clone());
        {
            let row = self.row(contact, &id);
            row.insert("name".into(), name.clone().into());
            if let Some(e) = email {
                row.insert("emails".into(), serde_json::json!([e]));
            }
            self.entry(line, "contact", &name, Some(&id), true, why.into());
        }
        Some(id)
    }

    /// Messages written out in a fenced block — with blanks to fill (`[Customer name]`,
    /// `{{service}}`, `<Insert time>`, `$ETA`) or a `Subject:` line — become message templates,
    /// named by their subject or the section they are in. Blanks whose meaning is clear become
    /// the incident's facts (`[service]` → `{service}`), so the incident screen fills them; the
    /// block stays in the section's text as written.
    fn templates_in_text(&mut self, text: &str, first_line: usize, section: &str) {
        let kind = kind_def("template");
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let t = lines[i].trim_start();
            let Some(fence) = ["```", "~~~"].into_iter().find(|f| t.starts_with(f)) else {
                i += 1;
                continue;
            };
            let start = i;
            let end = (i + 1..lines.len())
                .find(|&j| lines[j].trim_start().starts_with(fence))
                .unwrap_or(lines.len());
            i = end + 1;
            let body: Vec<&str> = lines[start + 1..end.min(lines.len())].to_vec();
            let blanks = body.iter().map(|l| blank_count(l)).sum::<usize>();
            let subject = body.iter().find_map(|l| {
                l.trim()
                    .strip_prefix("Subject:")
                    .map(|s| s.trim().to_string())
            });
            if blanks < 2 && subject.is_none() {
                continue;
            }
            let message: Vec<String> = body
                .iter()
                .filter(|l| !l.trim_start().starts_with("Subject:"))
                .map(|l| fill_facts(l))
                .collect();
            let message = message.join("\n").trim().to_string();
            if message.is_empty() {
                continue;
            }
            let title = match &subject {
                Some(s) if !s.is_empty() => strip_blanks(s),
                _ => section.to_string(),
            };
            let (id, new) = self.id_for(kind, &title);
            {
                let row = self.row(kind, &id);
                row.insert("name".into(), title.clone().into());
                row.insert("body".into(), message.into());
                if let Some(subject) = &subject {
                    row.insert("subject".into(), fill_facts(subject).into());
                }
            }
            self.entry(
                first_line + start,
                "template",
                &title,
                Some(&id),
                new,
                format!("a message in a fenced block, with {blanks} blank(s) to fill"),
            );
        }
    }

    /// Whether this import already made or updated a record of `kind` titled `title`.
    fn already_read(&self, kind: &'static KindDef, title: &str) -> bool {
        self.lookup(kind.name, title)
            .is_some_and(|id| self.row_of.contains_key(&id))
    }

    /// Whether a title speaks of a kind's records, in the catalog's words for them ("Critical
    /// Vendors", "Our suppliers", "Third-party providers").
    fn speaks_of(kind: &'static KindDef, title: &str) -> bool {
        let words: Vec<String> = title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase())
            .collect();
        let mut names: Vec<&str> = vec![kind.name, kind.label, kind.plural];
        if let Some(f) = kind.field(kind.title) {
            names.extend(f.synonyms.iter().copied());
        }
        names.iter().any(|n| {
            let n = n.to_lowercase();
            words
                .iter()
                .any(|w| *w == n || w.strip_suffix('s') == Some(n.as_str()))
        })
    }

    /// Lists of `**Label**: value` lines: under a heading about vendors, each label a service
    /// and the names after it the vendors that provide it ("**Monitoring**: DataDog, New
    /// Relic"); anywhere, labels that are fields of one kind (RTO, RPO) make one record of it.
    fn labelled_list(&mut self, pairs: &[(String, String)], line: usize, section: &str) {
        let previous = std::mem::replace(&mut self.confidence, Confidence::Likely);
        self.labelled_list_read(pairs, line, section);
        self.confidence = previous;
    }

    fn labelled_list_read(&mut self, pairs: &[(String, String)], line: usize, section: &str) {
        // Labels that name levels ("**SEV1 (Critical)**: Complete service outage"): the
        // plan's levels, in order, each described by its value.
        let level = kind_def("level");
        if pairs.len() >= 2 && pairs.iter().all(|(label, _)| names_a_level(label)) {
            for (rank, (label, value)) in pairs.iter().enumerate() {
                if self.already_read(level, label) {
                    continue;
                }
                let (id, new) = self.id_for(level, label);
                let row = self.row(level, &id);
                row.insert("name".into(), label.clone().into());
                row.insert("criteria".into(), value.clone().into());
                if new {
                    row.insert("rank".into(), (rank + 1).to_string().into());
                }
                self.entry(
                    line,
                    "level",
                    label,
                    Some(&id),
                    new,
                    "a list item naming a level, with what it means".into(),
                );
            }
            return;
        }
        // Under a heading that says how often ("Quarterly Tests", "Monthly Reviews"): each
        // label a task on that schedule.
        let schedule = kind_def("schedule");
        if let (Some(frequency), Some(task_kind)) =
            (prose::frequency_in(section), prose::recurring_kind(section))
        {
            for (label, value) in pairs {
                if self.already_read(schedule, label) {
                    continue;
                }
                let (id, new) = self.id_for(schedule, label);
                let row = self.row(schedule, &id);
                row.insert("task".into(), label.clone().into());
                row.insert("type".into(), task_kind.into());
                row.insert("frequency".into(), frequency.into());
                row.insert("notes".into(), value.clone().into());
                self.entry(
                    line,
                    "schedule",
                    label,
                    Some(&id),
                    new,
                    format!("listed under “{section}”: {task_kind} {frequency}"),
                );
            }
            return;
        }
        let vendor = kind_def("vendor");
        if Self::speaks_of(vendor, section) {
            for (label, value) in pairs {
                let names: Vec<&str> = value
                    .split([',', ';'])
                    .flat_map(|p| p.split(" and "))
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .collect();
                // Names of companies and products: every word capitalised ("New Relic", "AWS
                // CloudFront"), no figures ("Minimum 99.9% uptime" is a requirement).
                let all_names = names.iter().all(|n| {
                    n.split_whitespace().count() <= 4
                        && n.split_whitespace()
                            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
                        && !n.contains(['%', '$', '€', '£'])
                });
                if !all_names {
                    continue;
                }
                for name in names {
                    let existing = self.lookup(vendor.name, name);
                    let (id, new) = match existing.filter(|id| self.row_of.contains_key(id)) {
                        Some(id) => (id, false),
                        None => self.id_for(vendor, name),
                    };
                    let first = !self.row_of.contains_key(&id);
                    let row = self.row(vendor, &id);
                    row.insert("name".into(), name.into());
                    let service = match row.get("service").and_then(|v| v.as_str()) {
                        Some(s) if !s.is_empty() && !s.split("; ").any(|x| x == label) => {
                            format!("{s}; {label}")
                        }
                        Some(s) if !s.is_empty() => s.to_string(),
                        _ => label.clone(),
                    };
                    row.insert("service".into(), service.into());
                    if first {
                        self.entry(
                            line,
                            "vendor",
                            name,
                            Some(&id),
                            new,
                            format!("named under “{label}” in a list of vendors"),
                        );
                    }
                }
            }
            return;
        }
        // One record whose fields the labels are ("Recovery Time Objective (RTO)": <1 hour).
        for kind in table_kinds() {
            let mut fields: Vec<(&'static FieldDef, String, String)> = Vec::new();
            for (label, value) in pairs {
                let Some(f) = kind.field_for_header(label).filter(|f| {
                    f.name != kind.title && !fields.iter().any(|(g, _, _)| g.name == f.name)
                }) else {
                    continue;
                };
                if let Some(v) = fitting_prefix(f, value) {
                    fields.push((f, v, format!("{label}: {value}")));
                }
            }
            if fields.len() < 2 {
                continue;
            }
            // Named by what the values say they are for ("for critical services"), else by
            // the section.
            let title = fields
                .iter()
                .find_map(|(_, _, said)| said.split_once(" for ").map(|(_, r)| r.trim()))
                .map(|r| {
                    let mut c = r.chars();
                    c.next()
                        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                        .unwrap_or_default()
                })
                .filter(|t| t.split_whitespace().count() <= 6)
                .unwrap_or_else(|| section.to_string());
            if self.already_read(kind, &title) {
                return;
            }
            let (id, new) = self.id_for(kind, &title);
            let notes: Vec<String> = fields.iter().map(|(_, _, said)| said.clone()).collect();
            let labels: Vec<&str> = fields.iter().map(|(f, _, _)| f.label).collect();
            let row = self.row(kind, &id);
            row.insert(kind.title.into(), title.clone().into());
            for (f, v, _) in &fields {
                row.insert(f.name.into(), v.clone().into());
            }
            if kind.field("notes").is_some() {
                row.insert("notes".into(), notes.join("\n").into());
            }
            self.entry(
                line,
                kind.name,
                &title,
                Some(&id),
                new,
                format!("a list giving its {}", labels.join(" and ")),
            );
            return;
        }
    }

    /// A tree drawing of systems (`├── Database: Supabase`): each branch a dependency of the
    /// one above it, and the name after a colon the vendor that runs it.
    fn tree_drawing(&mut self, text: &str, first_line: usize) {
        if !text.contains('├') && !text.contains('└') {
            return;
        }
        let previous = std::mem::replace(&mut self.confidence, Confidence::Likely);
        self.tree_drawing_read(text, first_line);
        self.confidence = previous;
    }

    fn tree_drawing_read(&mut self, text: &str, first_line: usize) {
        let dependency = kind_def("dependency");
        let vendor = kind_def("vendor");
        let lines: Vec<&str> = text.lines().collect();
        let branch = |l: &str| l.contains("├") || l.contains("└");
        let Some(start) = lines.iter().position(|l| branch(l)) else {
            return;
        };
        // The root: the line above the first branch, when it is not a branch itself.
        let root = start
            .checked_sub(1)
            .map(|i| lines[i].trim())
            .filter(|l| !l.is_empty() && !l.starts_with("```") && !l.starts_with("~~~"))
            .map(|l| l.trim_end_matches(['/', ':']).to_string());
        let mut parents: Vec<(usize, String)> = Vec::new();
        for (i, l) in lines.iter().enumerate().skip(start) {
            if !branch(l) {
                if l.trim().is_empty() || l.trim_start().starts_with("```") {
                    break;
                }
                continue;
            }
            let at = l
                .char_indices()
                .find(|(_, c)| *c == '├' || *c == '└')
                .map_or(0, |(p, _)| l[..p].chars().count());
            let node = l
                .trim_start_matches(|c: char| c.is_whitespace() || "│├└─-|`".contains(c))
                .trim();
            if node.is_empty() {
                continue;
            }
            let (system, runs_on) = match node.split_once(": ") {
                Some((s, v)) => (s.trim().trim_end_matches('/'), Some(v.trim())),
                None => (node.trim_end_matches('/'), None),
            };
            while parents.last().is_some_and(|(d, _)| *d >= at) {
                parents.pop();
            }
            let parent = parents
                .last()
                .map(|(_, n)| n.clone())
                .or_else(|| root.clone());
            parents.push((at, system.to_string()));
            let line = first_line + i;
            let (id, new) = self.id_for(dependency, system);
            let provider = runs_on
                .and_then(|v| v.split([',', '(', ';']).next())
                .map(str::trim)
                .filter(|v| {
                    !v.is_empty()
                        && v.split_whitespace().count() <= 4
                        && v.chars().next().is_some_and(char::is_uppercase)
                });
            let vendor_id = provider.map(|name| {
                let (vid, vnew) = match self.lookup(vendor.name, name) {
                    Some(v) => (
                        v.clone(),
                        !self.row_of.contains_key(&v) && self.made.contains(&v),
                    ),
                    None => self.id_for(vendor, name),
                };
                if !self.row_of.contains_key(&vid) {
                    let row = self.row(vendor, &vid);
                    row.insert("name".into(), name.into());
                    row.insert("service".into(), system.into());
                    self.entry(
                        line,
                        "vendor",
                        name,
                        Some(&vid),
                        vnew,
                        format!("runs “{system}” in a tree drawing of systems"),
                    );
                }
                vid
            });
            let row = self.row(dependency, &id);
            row.insert("system".into(), system.into());
            if let Some(p) = &parent {
                row.insert("function".into(), p.clone().into());
            }
            if let Some(v) = vendor_id {
                row.insert("vendor".into(), v.into());
            }
            if let Some(v) = runs_on {
                row.insert("notes".into(), format!("{system}: {v}").into());
            }
            let under = parent.map(|p| format!(" under “{p}”")).unwrap_or_default();
            self.entry(
                line,
                "dependency",
                system,
                Some(&id),
                new,
                format!("a branch of a tree drawing{under}"),
            );
        }
    }

    /// A person a sentence names: a contact when the sentence gives a name (its job title
    /// kept), else only words for the notes ("the COO").
    fn mentioned(&mut self, m: &prose::Mention, line: usize) -> Option<String> {
        let name = m.name.as_ref()?;
        let id = self.person(name, line, "named in a sentence")?;
        if let Some(title) = &m.title {
            let row = self.row(kind_def("contact"), &id);
            if !row.contains_key("job_title") {
                row.insert("job_title".into(), title.clone().into());
            }
        }
        Some(id)
    }

    /// Roles said in sentences — "the CTO (Maria) decides; the CEO (Tom) stands in when she
    /// cannot" — each with its primary and backup, marked as inferred from the text.
    fn roles_in_prose(&mut self, text: &str, first_line: usize, section: &str) {
        let kind = kind_def("role");
        for r in prose::roles(text, section) {
            let line = first_line + r.line;
            if self.already_read(kind, &r.name) {
                continue; // a table or list already says who holds it
            }
            let (id, new) = self.id_for(kind, &r.name);
            let primary = self.mentioned(&r.primary, line);
            let backup = r.backup.as_ref().and_then(|b| self.mentioned(b, line));
            let quoted = r
                .sentences
                .iter()
                .map(|s| format!("“{s}”"))
                .collect::<Vec<_>>()
                .join(" ");
            let mut notes = vec![format!("Inferred from the text: {quoted}")];
            if primary.is_none() {
                notes.push(format!("Held by {} (no name given)", r.primary.describe()));
            }
            if let (Some(b), None) = (&r.backup, &backup) {
                notes.push(format!("Backup: {} (no name given)", b.describe()));
            }
            let row = self.row(kind, &id);
            row.insert("name".into(), r.name.clone().into());
            row.insert("responsibilities".into(), r.responsibilities.clone().into());
            row.insert("notes".into(), notes.join("\n").into());
            if let Some(p) = primary {
                row.insert("primary".into(), p.into());
            }
            if let Some(b) = backup {
                row.insert("backup".into(), b.into());
            }
            let who = match &r.backup {
                Some(b) => format!("{}, backup {}", r.primary.describe(), b.describe()),
                None => r.primary.describe(),
            };
            self.entry(
                line,
                "role",
                &r.name,
                Some(&id),
                new,
                format!("inferred from the text: {who}"),
            );
        }
    }

    /// Tests and reviews said in sentences — "tested at least annually" — as scheduled tasks,
    /// marked as inferred from the text.
    fn schedules_in_prose(&mut self, text: &str, first_line: usize, section: &str) {
        let kind = kind_def("schedule");
        for s in prose::schedules(text, section) {
            let line = first_line + s.line;
            if self.already_read(kind, &s.task) {
                continue;
            }
            let (id, new) = self.id_for(kind, &s.task);
            let row = self.row(kind, &id);
            row.insert("task".into(), s.task.clone().into());
            row.insert("type".into(), s.kind.into());
            row.insert("frequency".into(), s.frequency.into());
            row.insert(
                "notes".into(),
                format!("Inferred from the text: “{}”", s.sentence).into(),
            );
            self.entry(
                line,
                "schedule",
                &s.task,
                Some(&id),
                new,
                format!("inferred from the text: {} {}", s.kind, s.frequency),
            );
        }
    }

    /// People written as a list — `* Jane Roe, Head of Security: 555-0134, jane@example.com` —
    /// become contacts: an item that holds a phone number or an e-mail address and starts with
    /// a name. The list stays in the section's text as written.
    fn people_in_text(&mut self, text: &str, first_line: usize) {
        let contact = kind_def("contact");
        let (Ok(phones), Ok(emails)) = (
            contact.require_field("phones"),
            contact.require_field("emails"),
        ) else {
            return;
        };
        for (i, raw) in text.lines().enumerate() {
            let Some(item) = list_item(raw) else {
                continue;
            };
            let item = item.replace("**", "").replace('`', "");
            let found_emails: Vec<String> = item
                .split(|c: char| {
                    c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>' | '(' | ')')
                })
                .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
                .filter(|t| t.contains('@') && emails.parse(t, &NoReferences).is_ok())
                .map(str::to_string)
                .collect();
            let found_phones: Vec<String> = phone_runs(&item)
                .into_iter()
                .filter(|p| phones.parse(p, &NoReferences).is_ok())
                .collect();
            if found_emails.is_empty() && found_phones.is_empty() {
                continue;
            }
            // The name: what comes before the first comma, colon or dash.
            let cut = item
                .find([',', ':', '(', '–', '—'])
                .or_else(|| item.find(" - "))
                .unwrap_or(item.len());
            let name = item[..cut].trim();
            if !looks_like_a_name(name) {
                continue;
            }
            // Between the name and the colon: their job ("Head of Security").
            let job = item[cut..]
                .strip_prefix(',')
                .and_then(|rest| rest.split_once(':').map(|(job, _)| job.trim()))
                .filter(|j| {
                    !j.is_empty() && !j.chars().any(|c| c.is_ascii_digit()) && !j.contains('@')
                })
                .map(str::to_string);
            let line = first_line + i;
            let Some(id) = self.person(name, line, "a person listed with their phone or e-mail")
            else {
                continue;
            };
            let row = self.row(contact, &id);
            if !found_phones.is_empty() && !row.contains_key("phones") {
                row.insert("phones".into(), serde_json::json!(found_phones));
            }
            if !found_emails.is_empty() && !row.contains_key("emails") {
                row.insert("emails".into(), serde_json::json!(found_emails));
            }
            if let Some(job) = job
                && !row.contains_key("job_title")
            {
                row.insert("job_title".into(), job.into());
            }
        }
    }

    /// Which kind a table is by what its cells hold, when its header does not say: a column
    /// of level names (P1, SEV-2, Critical) makes levels, a column of names beside one of phone
    /// numbers or e-mail addresses contacts, and a header naming a kind's records (System,
    /// Vendor) with another column typed by its cells (links, durations, phones) records of
    /// that kind. Columns are matched by header where they can be, else by content. The flag
    /// says the header row is itself a row of data (a table written without a header).
    fn classify_by_content(
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
                    if let Some(f) = kind.field_for_header(h).filter(|f| {
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
                            && match_key(h) != "name"
                            && [kind.title, kind.label, kind.name]
                                .iter()
                                .any(|w| match_key(w) == match_key(h))
                            && title_test(kind).is_none_or(|test| share(i, test) >= mostly)
                    });
            let enough = matched >= 2 && by_content >= 1 || named_by_header;
            if enough && best.as_ref().is_none_or(|(_, _, m)| matched > *m) {
                best = Some((kind, columns, matched));
            }
        }
        best.map(|(k, c, _)| (k, c, header_is_data))
    }

    /// Which kind a table's header describes, and the field of each column. `names_given`: the
    /// first column holds the headings that name each row (a table written as headings).
    fn classify(
        table: &Table,
        names_given: bool,
    ) -> Option<(&'static KindDef, Vec<Option<&'static FieldDef>>)> {
        let mut best: Option<(&'static KindDef, Vec<Option<&'static FieldDef>>, usize)> = None;
        for kind in table_kinds() {
            let mut used = Vec::new();
            let columns: Vec<Option<&'static FieldDef>> = table
                .headers
                .iter()
                .map(|h| {
                    let f = kind.field_for_header(h).filter(|f| {
                        !used.contains(&f.name)
                            && !["verified_at", "verified_by", "notes"].contains(&f.name)
                    });
                    if let Some(f) = f {
                        used.push(f.name);
                    }
                    f
                })
                .collect();
            let matched = columns.iter().flatten().count();
            let has_title = columns.iter().flatten().any(|f| f.name == kind.title);
            // A bare "Name" column names anything: with it, a column of free text
            // ("Description") does not say what the rows are; a typed one (a phone, a
            // duration, a person) does.
            let bare_name = !names_given
                && table.headers.iter().zip(&columns).any(|(h, c)| {
                    c.is_some_and(|f| f.name == kind.title) && match_key(h) == "name"
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

    fn table(&mut self, table: &Table, raw: &str, line: usize, section: &mut Section) {
        let filled: Vec<&Vec<String>> = table
            .rows
            .iter()
            .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
            .collect();
        let columns_text = table
            .headers
            .iter()
            .filter(|h| !h.trim().is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let keep = |this: &mut Self, section: &mut Section, why: String| {
            section.body.push(raw.to_string());
            this.entry(
                line,
                "text",
                &format!("Table ({columns_text})"),
                None,
                false,
                why,
            );
        };
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
            return keep(
                self,
                section,
                "its columns match no kind of record; kept as text".into(),
            );
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
        // A template's rows ("[Name] | [Phone]") are blanks to fill, not records.
        if filled.iter().all(|r| is_placeholder(&r[title_col])) {
            return keep(
                self,
                section,
                format!(
                    "a table of {} whose rows are blanks to fill; kept as text",
                    kind.plural.to_lowercase()
                ),
            );
        }
        if filled.iter().any(|r| r[title_col].trim().is_empty()) {
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
        let previous = self.confidence;
        if !read_by_header {
            self.confidence = Confidence::Likely;
        }
        let mut count = 0;
        let mut seen = Vec::new();
        for row in filled {
            let title = row[title_col].trim().to_string();
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
            if first_time && !seen.contains(&id) {
                count += 1;
                let detail = if read_by_header {
                    format!("a row of the table at line {line}")
                } else {
                    format!("a row of the table at line {line}, read by what its cells hold")
                };
                self.entry(line, kind.name, &title, Some(&id), new, detail);
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

    fn checklist(
        &mut self,
        title: &str,
        line: usize,
        section: &mut Section,
        steps: Vec<(String, Vec<(&'static str, String)>)>,
    ) -> String {
        let kind = kind_def("checklist");
        let n = self.checklist_titles.entry(match_key(title)).or_insert(0);
        *n += 1;
        let title = if *n > 1 {
            format!("{title} ({n})")
        } else {
            title.to_string()
        };
        let (id, new) = self.id_for(kind, &title);
        {
            let row = self.row(kind, &id);
            row.insert("title".into(), title.clone().into());
        }
        if new {
            let position = self.next_checklist.to_string();
            self.next_checklist += 1;
            let row = self.row(kind, &id);
            row.insert("position".into(), position.into());
            if let Some(phase) = phase_of(&title) {
                row.insert("phase".into(), phase.into());
            }
        }
        self.entry(
            line,
            "checklist",
            &title,
            Some(&id),
            new,
            format!("a list of {} steps", steps.len()),
        );
        let window = window_of(&title);
        let item = kind_def("item");
        // The n-th step with a given text is the n-th existing one: a list that repeats a step
        // keeps both, and importing it again finds them.
        let mut uses: HashMap<String, usize> = HashMap::new();
        for (position, (text, extra)) in steps.iter().enumerate() {
            let key = (id.clone(), match_key(text));
            let n = uses.entry(key.1.clone()).or_insert(0);
            let existing = self.steps.get(&key).and_then(|ids| ids.get(*n)).cloned();
            *n += 1;
            let item_id = match existing {
                Some(existing) => existing,
                None => {
                    let fresh = (self.new_id)(item);
                    self.steps.entry(key).or_default().push(fresh.clone());
                    fresh
                }
            };
            let row = self.row(item, &item_id);
            row.insert("checklist".into(), id.clone().into());
            row.insert("text".into(), text.clone().into());
            row.insert("position".into(), (position + 1).to_string().into());
            if let Some(w) = &window {
                row.insert("window".into(), w.clone().into());
            }
            for (field, value) in extra {
                let f = item.field(field).unwrap_or(&item.own_fields[0]);
                self.put(item, &item_id, f, f.label, value);
            }
        }
        section.body.push(format!(
            "*Checklist “{title}” with {} steps — see Checklists.*",
            steps.len()
        ));
        id
    }

    /// Remembers that `raw` goes back into `section` if record `id` is left out.
    fn keep_if_left_out(&mut self, id: &str, section: &Section, raw: &str) {
        if raw.trim().is_empty() {
            return;
        }
        let place = (section.id.clone(), raw.to_string());
        let list = self.fallback.entry(id.to_string()).or_default();
        if !list.contains(&place) {
            list.push(place);
        }
    }

    fn checkbox_table(
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
                    item.field_for_header(h)
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

fn checkbox_column(table: &Table) -> Option<usize> {
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

fn kind_def(name: &str) -> &'static KindDef {
    KINDS
        .iter()
        .find(|k| k.name == name)
        .expect("the catalog declares every kind the importer writes")
}

/// Decides what every block of `outline` becomes, given the records already in the binder
/// (records with the same title are updated rather than duplicated, so importing the same file
/// twice changes nothing). `new_id` makes the id of each new record.
pub fn plan(
    outline: &Outline,
    format: Format,
    existing: &[Record],
    new_id: &mut dyn FnMut(&'static KindDef) -> String,
) -> Planned {
    let mut p = Planner::new(existing, new_id);
    p.report.format = format.name().to_string();
    p.report.notes.extend(outline.notes.iter().cloned());
    if !outline.noise_lines.is_empty() {
        p.report.notes.push(format!(
            "left out {} line(s) of site-generator markup (MDX imports, Hugo shortcodes, Jekyll tags) at line(s) {}",
            outline.noise_lines.len(),
            outline.noise_lines.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
        ));
    }
    let section_kind = kind_def("section");
    // The plan's title: front matter, else a first heading at the top of the file.
    let first_heading = outline.blocks.iter().find_map(|b| match b {
        Block::Heading { level, title, .. } => Some((*level, title.clone())),
        _ => None,
    });
    let starts_with_heading = matches!(outline.blocks.first(), Some(Block::Heading { .. }));
    let title = outline
        .front
        .as_ref()
        .and_then(|f| f.title.clone())
        .or_else(|| {
            first_heading
                .filter(|(l, _)| *l <= 1 && starts_with_heading)
                .map(|(_, t)| t)
        });
    p.report.title = title.clone();

    let mut stack: Vec<(u8, String, String)> = Vec::new(); // (level, id, key)
    let mut current: Option<Section> = None;
    // Sibling headings each followed only by "- **Label**: value" lines: a table written as
    // headings (see `HeadingRows`).
    let mut heading_rows: Option<HeadingRows> = None;
    let mut last_heading: Option<(u8, String, usize)> = None;
    // The headings above the current text, for naming a "Procedure:" by what it is for.
    let mut trail: Vec<(u8, String)> = Vec::new();
    let open_section = |p: &mut Planner,
                        stack: &mut Vec<(u8, String, String)>,
                        level: u8,
                        title: &str,
                        line: usize| {
        while stack.last().is_some_and(|(l, _, _)| *l >= level) {
            stack.pop();
        }
        let mut path: Vec<String> = stack.iter().map(|(_, _, k)| k.clone()).collect();
        path.push(match_key(title));
        // The n-th section at a path is the n-th existing one there, so two "Procedure"
        // headings under one parent stay two sections, and importing again finds them both.
        let uses = p.path_uses.entry(path.clone()).or_insert(0);
        let existing = p
            .section_paths
            .get(&path)
            .and_then(|ids| ids.get(*uses))
            .cloned();
        *uses += 1;
        let (id, new) = match existing {
            Some(id) => (id, false),
            None => ((p.new_id)(section_kind), true),
        };
        let parent = stack.last().map(|(_, id, _)| id.clone());
        stack.push((level, id.clone(), match_key(title)));
        Section {
            id,
            title: title.to_string(),
            level,
            parent,
            body: Vec::new(),
            new,
            line,
        }
    };

    if let Some(front) = &outline.front {
        let mut s = open_section(&mut p, &mut stack, 8, "Document information", 1);
        s.body
            .push(format!("```{}\n{}\n```", front.language, front.raw));
        stack.clear();
        p.finish_section(s);
        let control = kind_def("control");
        for (framework, reference) in &front.controls {
            let (id, new) = p.id_for(control, reference);
            let row = p.row(control, &id);
            row.insert("reference".into(), reference.clone().into());
            row.insert("framework".into(), framework.clone().into());
            if let Some(t) = &title {
                row.insert(
                    "evidence".into(),
                    format!("{t} (this document says it satisfies {framework} {reference})").into(),
                );
            }
            p.entry(
                1,
                "control",
                reference,
                Some(&id),
                new,
                format!("listed under \"satisfies\" in the front matter ({framework})"),
            );
        }
    }

    let mut metadata_text = String::new();
    let mut headings_seen = 0;
    for block in &outline.blocks {
        match block {
            Block::Heading { level, title, line } => {
                if heading_rows.as_ref().is_some_and(|g| g.level != *level) {
                    flush_heading_rows(&mut p, &mut heading_rows, current.as_mut());
                }
                last_heading = Some((*level, title.clone(), *line));
                while trail.last().is_some_and(|(l, _)| *l >= *level) {
                    trail.pop();
                }
                trail.push((*level, title.clone()));
                if let Some(s) = current.take() {
                    p.finish_section(s);
                }
                headings_seen += 1;
                current = Some(open_section(&mut p, &mut stack, *level, title, *line));
            }
            Block::Text { text, line } => {
                if headings_seen <= 1 {
                    metadata_text.push_str(text);
                    metadata_text.push('\n');
                }
                // What sentences and lists hold is read from their content: likely, not sure.
                p.confidence = Confidence::Likely;
                p.people_in_text(text, *line);
                let section_title = current
                    .as_ref()
                    .map(|s| s.title.clone())
                    .unwrap_or_else(|| "Message".into());
                p.templates_in_text(text, *line, &section_title);
                p.tree_drawing(text, *line);
                // Who holds a role and how often things are tested, said in sentences.
                p.confidence = Confidence::Inferred;
                p.roles_in_prose(text, *line, &section_title);
                p.schedules_in_prose(text, *line, &section_title);
                p.confidence = Confidence::Likely;
                match (last_heading.take(), bold_labels(text)) {
                    (Some((level, title, at)), Some(pairs)) => {
                        let group = heading_rows.get_or_insert_with(|| HeadingRows {
                            level,
                            line: at,
                            rows: Vec::new(),
                        });
                        group.rows.push((title, pairs, *line));
                    }
                    (_, pairs) => {
                        flush_heading_rows(&mut p, &mut heading_rows, current.as_mut());
                        if let Some(pairs) = pairs {
                            p.labelled_list(&pairs, *line, &section_title);
                        }
                    }
                }
                let s = current.get_or_insert_with(|| {
                    open_section(&mut p, &mut stack, 7, "Introduction", *line)
                });
                s.body.push(text.clone());
                // Steps for one role ("Steps for the note-taker"): a checklist whose steps
                // that role owns.
                if let Some(owner) = steps_owner(&s.title)
                    && let Some(steps) = list_steps(text)
                {
                    let title = s.title.trim().trim_end_matches(':').to_string();
                    let steps = steps
                        .into_iter()
                        .map(|t| (t, vec![("owner", owner.clone())]))
                        .collect();
                    p.checklist(&title, *line, s, steps);
                } else if (is_procedure(&s.title)
                    || phase_of(&s.title).is_some()
                    || window_of(&s.title).is_some())
                    && let Some(steps) = numbered_steps(text)
                {
                    // A numbered procedure under a procedure-like heading is a checklist.
                    let parent = trail.iter().rev().nth(1).map(|(_, t)| t.as_str());
                    let title = procedure_title(&s.title, parent);
                    let steps = steps.into_iter().map(|t| (t, Vec::new())).collect();
                    p.checklist(&title, *line, s, steps);
                }
                // Task lists written on one line: "Containment: - [ ] Isolate - [ ] Rotate keys".
                for (offset, label, steps) in inline_tasks(text) {
                    let title = label.unwrap_or_else(|| s.title.clone());
                    let steps = steps.into_iter().map(|t| (t, Vec::new())).collect();
                    p.checklist(&title, line + offset, s, steps);
                }
                p.confidence = Confidence::Sure;
            }
            Block::Table { table, raw, line } => {
                last_heading = None;
                flush_heading_rows(&mut p, &mut heading_rows, current.as_mut());
                let mut s = current
                    .take()
                    .unwrap_or_else(|| open_section(&mut p, &mut stack, 7, "Introduction", *line));
                p.table(table, raw, *line, &mut s);
                current = Some(s);
            }
            Block::Tasks { items, line, raw } => {
                last_heading = None;
                flush_heading_rows(&mut p, &mut heading_rows, current.as_mut());
                let mut s = current
                    .take()
                    .unwrap_or_else(|| open_section(&mut p, &mut stack, 7, "Introduction", *line));
                let title = s.title.clone();
                let steps = items.iter().map(|t| (t.text.clone(), Vec::new())).collect();
                let id = p.checklist(&title, *line, &mut s, steps);
                p.keep_if_left_out(&id, &s, raw);
                current = Some(s);
            }
        }
    }
    flush_heading_rows(&mut p, &mut heading_rows, current.as_mut());
    if let Some(s) = current.take() {
        p.finish_section(s);
    }
    headings_as_levels(&mut p, &outline.blocks);
    plan_record(&mut p, existing, title.as_deref(), &metadata_text);

    let mut records: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    for (kind, _, row) in p.rows {
        records.entry(kind.to_string()).or_default().push(row);
    }
    p.report.entries.sort_by_key(|e| e.line);
    Planned {
        records,
        report: p.report,
        fallback: p.fallback,
    }
}

/// Sets the plan's title and what its first lines say (owner, effective date, review cycle).
fn plan_record(p: &mut Planner, existing: &[Record], title: Option<&str>, metadata: &str) {
    let plan = kind_def("plan");
    let Some(record) = existing.iter().find(|r| r.kind == "plan" && !r.deleted) else {
        p.report.notes.push(
            "the binder has no plan record yet, so the plan's title and owner were not set (set the organisation first)".into(),
        );
        return;
    };
    let mut fields: Vec<(&'static str, String)> = Vec::new();
    if let Some(t) = title {
        fields.push(("title", t.to_string()));
    }
    for (key, value) in metadata_pairs(metadata) {
        let outer_taken = plan
            .field_for_header(&key)
            .is_some_and(|f| fields.iter().any(|(taken, _)| *taken == f.name));
        let (key, value) = match value.split_once(':') {
            // "Policy owner: Effective Date: Oct 16, 2024": the inner label names the value.
            Some((inner, rest)) if outer_taken && plan.field_for_header(inner).is_some() => {
                (inner.trim().to_string(), rest.trim().to_string())
            }
            _ => (key, value),
        };
        let Some(field) = plan.field_for_header(&key) else {
            continue;
        };
        if ["title", "organisation"].contains(&field.name)
            || fields.iter().any(|(f, _)| *f == field.name)
        {
            continue;
        }
        let value = if field.ty == FieldType::Date {
            parse_date(&value)
        } else {
            Some(value)
        };
        if let Some(v) = value.filter(|v| field.parse(v, &NoReferences).is_ok()) {
            fields.push((field.name, v));
        }
    }
    if fields.is_empty() {
        return;
    }
    let summary = fields
        .iter()
        .map(|(f, v)| {
            let label = plan.field(f).map_or(*f, |d| d.label);
            format!("{label}: {v}")
        })
        .collect::<Vec<_>>()
        .join(", ");
    let row = p.row(plan, &record.id);
    for (f, v) in fields {
        row.insert(f.into(), v.into());
    }
    p.entry(
        1,
        "plan",
        &record.title(),
        Some(&record.id.clone()),
        false,
        format!("sets {summary}"),
    );
}

/// What importing a plan document (Markdown or plain text) would make, without writing
/// anything: the preview the app shows before [`import`].
pub fn preview(binder: &Binder, file_name: &str, bytes: &[u8]) -> crate::Result<PlanReport> {
    Ok(planned(binder, file_name, bytes)?.report)
}

/// Imports a plan document: headings become sections, recognised tables typed records,
/// task lists checklists, the rest section text. Records whose title matches an existing
/// one are updated, so importing the same file again changes nothing.
/// What was only inferred from sentences is left out, as the preview proposes.
pub fn import(
    binder: &mut Binder,
    file_name: &str,
    bytes: &[u8],
) -> crate::Result<(PlanReport, ImportReport)> {
    import_with(binder, file_name, bytes, &[], false)
}

/// [`import`], leaving out exactly the proposals the person unticked in the preview (by their
/// [`ReportEntry::key`]); their words stay in the sections' text.
pub fn import_selected(
    binder: &mut Binder,
    file_name: &str,
    bytes: &[u8],
    leave_out: &[String],
) -> crate::Result<(PlanReport, ImportReport)> {
    import_with(binder, file_name, bytes, leave_out, true)
}

/// Imports a plan leaving out `leave_out`, and the inferred readings unless `with_inferred`.
pub fn import_with(
    binder: &mut Binder,
    file_name: &str,
    bytes: &[u8],
    leave_out: &[String],
    with_inferred: bool,
) -> crate::Result<(PlanReport, ImportReport)> {
    let mut planned = planned(binder, file_name, bytes)?;
    if let Some(unknown) = leave_out.iter().find(|k| {
        !planned
            .report
            .entries
            .iter()
            .any(|e| e.key.as_ref() == Some(k))
    }) {
        return Err(PlanError::UnknownProposal(unknown.clone()).into());
    }
    let mut leave_out = leave_out.to_vec();
    if !with_inferred {
        leave_out.extend(
            planned
                .report
                .entries
                .iter()
                .filter(|e| e.confidence == Confidence::Inferred)
                .filter_map(|e| e.key.clone()),
        );
    }
    planned.leave_out(&leave_out);
    let mut report = binder.import_records(&planned.records)?;
    report.notes = planned.report.notes.clone();
    Ok((planned.report, report))
}

fn planned(binder: &Binder, file_name: &str, bytes: &[u8]) -> crate::Result<Planned> {
    let (text, format) = text_of(file_name, bytes)?;
    let outline = read(&text, format);
    let mut existing = Vec::new();
    for kind in KINDS.iter().filter(|k| !k.system) {
        existing.extend(binder.store().list(kind, false)?);
    }
    Ok(plan(&outline, format, &existing, &mut |k| new_id(k)))
}

/// `**Label**: value` pairs.
type Labels = Vec<(String, String)>;

/// A table written as headings: sibling headings, each followed only by a list of
/// `**Label**: value` lines ("#### P0 - Critical" then "- **Response Time**: 15 minutes"). The
/// headings name the records, the labels are the columns.
struct HeadingRows {
    level: u8,
    line: usize,
    /// (heading, its labels and values, line).
    rows: Vec<(String, Labels, usize)>,
}

/// Reads a group of headings as a table, and takes it when its labels match a kind of the
/// catalog as a table's header would (two headings at least); the sections keep their text
/// either way.
fn flush_heading_rows(
    p: &mut Planner,
    group: &mut Option<HeadingRows>,
    section: Option<&mut Section>,
) {
    let (Some(g), Some(section)) = (group.take(), section) else {
        return;
    };
    // Not a table written as headings: each heading's list is read on its own.
    let one_by_one = |p: &mut Planner, g: &HeadingRows| {
        for (title, pairs, line) in &g.rows {
            p.labelled_list(pairs, *line, title);
        }
    };
    if g.rows.len() < 2 {
        return one_by_one(p, &g);
    }
    let mut headers = vec!["Name".to_string()];
    for (_, pairs, _) in &g.rows {
        for (label, _) in pairs {
            if !headers.contains(label) {
                headers.push(label.clone());
            }
        }
    }
    let rows = g
        .rows
        .iter()
        .map(|(title, pairs, _)| {
            headers
                .iter()
                .enumerate()
                .map(|(i, h)| match i {
                    0 => title.clone(),
                    _ => pairs
                        .iter()
                        .find(|(l, _)| l == h)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default(),
                })
                .collect()
        })
        .collect();
    // What the records are is judged by the labels most of them share (a label only one
    // heading has says little about the rest); every label is carried over all the same.
    let shared: Vec<String> = headers
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            *i == 0
                || g.rows
                    .iter()
                    .filter(|(_, pairs, _)| pairs.iter().any(|(l, _)| *l == headers[*i]))
                    .count()
                    * 2
                    > g.rows.len().max(2)
        })
        .map(|(_, h)| h.clone())
        .collect();
    let judged = Table {
        headers: shared,
        rows: Vec::new(),
    };
    let table = Table { headers, rows };
    if Planner::classify(&judged, true).is_some() {
        // Labels under headings are a table by their shape, not by a header row.
        p.confidence = Confidence::Likely;
        p.names_given = true;
        p.table(&table, "", g.line, section);
        p.names_given = false;
        p.confidence = Confidence::Sure;
    } else {
        one_by_one(p, &g);
    }
}

/// What the title of a kind's record looks like in a cell, for kinds whose titles have a shape.
fn title_test(kind: &KindDef) -> Option<&'static dyn Fn(&str) -> bool> {
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
fn names_a_control(cell: &str) -> bool {
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

/// Whether a heading names an activation level: "Priority 1 (P1) - High (H)", "P2", "SEV-1:
/// Outage", "Severity 3", "Level 2", "Critical (Service Down)", "High - Degraded". A level word
/// alone or qualified, not one that starts a longer name ("High Probability Risks").
fn names_a_level(title: &str) -> bool {
    let t = title.trim().to_lowercase();
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | '(' | ')' | '.'))
        .filter(|w| !w.is_empty())
        .collect();
    let Some(first) = words.first() else {
        return false;
    };
    let numbered = |w: &str| {
        w.len() <= 2
            && (w.chars().all(|c| c.is_ascii_digit()) || ["i", "ii", "iii", "iv", "v"].contains(&w))
    };
    let coded = ["p", "sev", "s"].iter().any(|p| {
        first.strip_prefix(p).is_some_and(|rest| {
            !rest.is_empty() && rest.len() <= 1 && rest.chars().all(|c| c.is_ascii_digit())
        })
    });
    let named = ["priority", "severity", "sev", "level", "tier", "category"].contains(first)
        && words.get(1).is_some_and(|w| numbered(w));
    let word = [
        "critical", "high", "medium", "moderate", "low", "major", "minor", "severe",
    ]
    .contains(first);
    // The word alone, or followed only by a qualifier in brackets or after a dash.
    let qualified = words.len() == 1 || {
        let after = t[first.len()..].trim_start();
        after.starts_with('(')
            || after.starts_with('-')
            || after.starts_with('–')
            || after.starts_with(':')
    };
    coded || named || (word && qualified)
}

/// Sibling headings that each name a level ("## Priority 1 (P1) - High", "## Priority 2 (P2) -
/// Medium") are the plan's activation levels: each heading a level, ranked in order, its
/// criteria the first text under it and its response time the duration a line about responding
/// gives. Two such siblings at least; the sections keep their text.
fn headings_as_levels(p: &mut Planner, blocks: &[Block]) {
    let kind = kind_def("level");
    // Sibling headings naming a level: (parent heading index, level) → their indexes.
    type Siblings = (Option<usize>, u8);
    let mut groups: Vec<(Siblings, Vec<usize>)> = Vec::new();
    let mut stack: Vec<(u8, usize)> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let Block::Heading { level, title, .. } = b else {
            continue;
        };
        while stack.last().is_some_and(|(l, _)| l >= level) {
            stack.pop();
        }
        let key = (stack.last().map(|(_, at)| *at), *level);
        stack.push((*level, i));
        if !names_a_level(title) {
            continue;
        }
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(i),
            None => groups.push((key, vec![i])),
        }
    }
    let previous = p.confidence;
    p.confidence = Confidence::Likely;
    for (_, members) in groups.into_iter().filter(|(_, m)| m.len() >= 2) {
        for (rank, &at) in members.iter().enumerate() {
            let Block::Heading { level, title, line } = &blocks[at] else {
                continue;
            };
            if p.already_read(kind, title) {
                continue;
            }
            // The text under the heading, down to the next heading at its level or above.
            let under: Vec<&str> = blocks[at + 1..]
                .iter()
                .take_while(|b| !matches!(b, Block::Heading { level: l, .. } if l <= level))
                .filter_map(|b| match b {
                    Block::Text { text, .. } => Some(text.as_str()),
                    _ => None,
                })
                .collect();
            let Some(criteria) = under.first() else {
                continue;
            };
            let response = under
                .iter()
                .flat_map(|t| t.lines())
                .filter(|l| l.to_lowercase().contains("respon"))
                .find_map(|l| {
                    let value = l.rsplit_once(':').map_or(l, |(_, v)| v);
                    let value = value.trim().trim_matches(['*', '.', ' ']).trim();
                    crate::catalog::duration::parse(value).map(|_| (l, value.to_string()))
                });
            // The line that gave the response time is not part of the criteria (it stays in
            // the section's text).
            let criteria: String = criteria
                .lines()
                .filter(|l| response.as_ref().is_none_or(|(r, _)| l != r))
                .collect::<Vec<_>>()
                .join("\n");
            let response = response.map(|(_, v)| v);
            let (id, new) = p.id_for(kind, title);
            let row = p.row(kind, &id);
            row.insert("name".into(), title.clone().into());
            row.insert("criteria".into(), criteria.trim().to_string().into());
            if new {
                row.insert("rank".into(), (rank + 1).to_string().into());
            }
            if let Some(r) = response {
                row.insert("response_time".into(), r.into());
            }
            p.entry(
                *line,
                "level",
                title,
                Some(&id),
                new,
                "a heading that names a level, with the text under it as its criteria".into(),
            );
        }
    }
    p.confidence = previous;
}

/// The value a field takes from what a label says: all of it, or the words it starts with
/// ("<1 hour for critical services" → "<1 hour" for a duration).
fn fitting_prefix(f: &FieldDef, value: &str) -> Option<String> {
    let fits = |v: &str| f.parse(v, &NoReferences).is_ok_and(|x| x.is_some());
    if fits(value) {
        return Some(value.trim().to_string());
    }
    if f.ty != FieldType::Duration {
        return None;
    }
    let words: Vec<&str> = value.split_whitespace().collect();
    (1..words.len().min(5))
        .rev()
        .map(|n| words[..n].join(" "))
        .find(|v| fits(v))
}

/// A text block that is only `- **Label**: value` lines, as (label, value) pairs.
fn bold_labels(text: &str) -> Option<Vec<(String, String)>> {
    let mut pairs = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let item = list_item(line)?;
        let rest = item.strip_prefix("**")?;
        let (label, value) = rest.split_once("**")?;
        let label = label.trim().trim_end_matches(':').trim();
        let value = value.trim().trim_start_matches(':').trim();
        if label.is_empty() || value.is_empty() {
            return None;
        }
        pairs.push((label.to_string(), value.to_string()));
    }
    (!pairs.is_empty()).then_some(pairs)
}

/// How many blanks to fill a line holds: `[Customer name]`, `{{service}}`, `<Insert time>`,
/// `$ETA` (links `[text](url)` and checkboxes are not blanks).
fn blank_count(line: &str) -> usize {
    let mut n = 0;
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else { break };
        let inside = &after[..close];
        let is_link = after[close + 1..].starts_with('(');
        if !is_link
            && !inside.trim().is_empty()
            && inside.trim() != "x"
            && inside.chars().any(char::is_alphabetic)
        {
            n += 1;
        }
        rest = &after[close + 1..];
    }
    n += line.matches("{{").count();
    n += line.matches("<Insert").count() + line.matches("<insert").count();
    n += line
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '$' || c == '_'))
        .filter(|w| {
            w.len() > 2
                && w.starts_with('$')
                && w[1..].chars().all(|c| c.is_ascii_uppercase() || c == '_')
        })
        .count();
    n
}

/// The incident facts a blank's words name, in the template language of the incident screen.
const FACTS: &[(&[&str], &str)] = &[
    (
        &["service", "system", "affected service", "product"],
        "{service}",
    ),
    (
        &["impact", "customer impact", "description of impact"],
        "{impact}",
    ),
    (
        &["start time", "time", "time of incident", "incident start"],
        "{start_time}",
    ),
    (
        &[
            "eta",
            "estimated time",
            "estimated resolution time",
            "resolution time",
        ],
        "{eta}",
    ),
    (
        &["next update", "time of next update", "next update time"],
        "{next_update}",
    ),
    (&["status", "current status"], "{status}"),
    (
        &["actions", "actions taken", "what we are doing"],
        "{actions}",
    ),
    (&["cause", "root cause"], "{cause}"),
];

/// A line with each blank whose meaning is clear written as the incident fact it names; other
/// blanks stay as written, to be filled by hand.
fn fill_facts(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find(['[', '<', '{']) {
        out.push_str(&rest[..open]);
        let (close_char, skip) = match rest[open..].chars().next() {
            Some('[') => (']', 1),
            Some('<') => ('>', 1),
            _ if rest[open..].starts_with("{{") => ('}', 2),
            _ => {
                out.push('{');
                rest = &rest[open + 1..];
                continue;
            }
        };
        let inner_start = open + skip;
        let Some(close) = rest[inner_start..].find(close_char) else {
            out.push_str(&rest[open..]);
            return out;
        };
        let inner = &rest[inner_start..inner_start + close];
        let end = inner_start + close + if close_char == '}' { 2 } else { 1 };
        let words = inner
            .trim()
            .trim_start_matches("Insert ")
            .trim_start_matches("insert ")
            .to_lowercase();
        match FACTS
            .iter()
            .find(|(names, _)| names.contains(&words.as_str()))
        {
            Some((_, fact)) => out.push_str(fact),
            None => out.push_str(&rest[open..end.min(rest.len())]),
        }
        rest = &rest[end.min(rest.len())..];
    }
    out.push_str(rest);
    out
}

/// A subject without its blanks' brackets, for a template's name.
fn strip_blanks(text: &str) -> String {
    text.replace(['[', ']', '{', '}', '<', '>'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The role a heading gives steps to: "Steps for the note-taker", "Checklist for the Incident
/// Lead:", "Tasks for IT" name the note-taker, the Incident Lead, IT.
fn steps_owner(title: &str) -> Option<String> {
    let t = title.trim().trim_end_matches(':').trim();
    let lower = t.to_lowercase();
    [
        "steps for ",
        "checklist for ",
        "tasks for ",
        "actions for ",
        "duties of ",
        "steps of ",
    ]
    .iter()
    .find_map(|p| lower.strip_prefix(p).map(|_| &t[p.len()..]))
    .map(|who| {
        who.trim()
            .trim_start_matches("the ")
            .trim_start_matches("The ")
            .trim()
            .to_string()
    })
    .filter(|who| !who.is_empty() && who.split_whitespace().count() <= 5)
}

/// The items of a list (bulleted or numbered, at the start of a line; two at least).
fn list_steps(text: &str) -> Option<Vec<String>> {
    let steps: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with(char::is_whitespace))
        .filter_map(list_item)
        .map(|item| item.replace("**", "").trim().to_string())
        .filter(|item| !item.is_empty() && !item.starts_with('['))
        .collect();
    (steps.len() >= 2).then_some(steps)
}

/// Whether a heading names a procedure: steps to follow in order.
fn is_procedure(title: &str) -> bool {
    let t = title.to_lowercase();
    [
        "procedure",
        "steps",
        "runbook",
        "playbook",
        "process",
        "what to do",
        "checklist",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// A procedure's checklist name: the heading, or — when the heading only says "Procedure:" —
/// the heading above it with it ("HQ Offline: Procedure").
fn procedure_title(title: &str, parent: Option<&str>) -> String {
    let bare = title.trim().trim_end_matches(':').trim();
    let generic = ["procedure", "procedures", "steps", "process", "what to do"]
        .contains(&bare.to_lowercase().as_str());
    match parent {
        Some(parent) if generic => format!("{parent}: {bare}"),
        _ => bare.to_string(),
    }
}

/// The steps of a numbered list at the start of a line (two at least), as plain text.
fn numbered_steps(text: &str) -> Option<Vec<String>> {
    let steps: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with(char::is_whitespace))
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .filter_map(list_item)
        .map(|item| item.replace("**", "").trim().to_string())
        .filter(|item| !item.is_empty())
        .collect();
    (steps.len() >= 2).then_some(steps)
}

/// Task lists written inline, one line each — `Containment: - [ ] Isolate the host - [ ] Rotate
/// keys` — as (line offset, the label before the first box, the steps); two boxes at least, and
/// not a line that is itself a task-list item (those are the reader's).
fn inline_tasks(text: &str) -> Vec<(usize, Option<String>, Vec<String>)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        let mut cuts: Vec<usize> = Vec::new();
        for marker in ["- [ ]", "- [x]", "- [X]", "* [ ]", "* [x]"] {
            cuts.extend(t.match_indices(marker).map(|(at, _)| at));
        }
        cuts.sort_unstable();
        if cuts.len() < 2 || cuts[0] == 0 {
            continue;
        }
        let label = t[..cuts[0]]
            .trim()
            .trim_end_matches(':')
            .replace("**", "")
            .trim()
            .to_string();
        let mut steps = Vec::new();
        for (n, &at) in cuts.iter().enumerate() {
            let end = cuts.get(n + 1).copied().unwrap_or(t.len());
            let step = t[at + 5..end].trim().trim_end_matches([',', ';']).trim();
            if !step.is_empty() {
                steps.push(step.to_string());
            }
        }
        if steps.len() >= 2 {
            out.push((i, (!label.is_empty()).then_some(label), steps));
        }
    }
    out
}

/// The text of a bulleted or numbered list item (`- x`, `* x`, `+ x`, `1. x`, `1) x`).
fn list_item(line: &str) -> Option<&str> {
    let t = line.trim_start();
    if let Some(rest) = t
        .strip_prefix(['-', '*', '+'])
        .filter(|r| r.starts_with(' '))
    {
        return Some(rest.trim());
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && digits < 4)
        .then(|| t[digits..].strip_prefix(['.', ')']))
        .flatten()
        .filter(|r| r.starts_with(' '))
        .map(str::trim)
}

/// Runs of a line that read as phone numbers: digits with spaces, dots, dashes, brackets and a
/// leading +, at least seven digits — not an amount (after a currency sign) or a rate or ratio
/// (followed by `/`, `%` or a letter, as in "$500-1000/hour").
fn phone_runs(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit()
            || (chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
            || (chars[i] == '(' && chars.get(i + 1).is_some_and(char::is_ascii_digit));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len()
            && (chars[j].is_ascii_digit() || matches!(chars[j], ' ' | '-' | '.' | '(' | ')' | '+'))
        {
            j += 1;
        }
        let run: String = chars[i..j].iter().collect();
        let run = run.trim_end_matches([' ', '-', '.', '(']).to_string();
        let before = i.checked_sub(1).map(|k| chars[k]);
        let after = chars.get(i + run.chars().count()).copied();
        let amount = before.is_some_and(|c| matches!(c, '$' | '€' | '£' | '¥'));
        let rate = after.is_some_and(|c| c == '/' || c == '%' || c.is_alphabetic());
        if !amount && !rate && run.chars().filter(char::is_ascii_digit).count() >= 7 {
            out.push(run.trim().to_string());
        }
        i = j.max(i + 1);
    }
    out
}

/// Whether text reads as a person's name: two to four words, each starting with a capital
/// letter, no digits, no address.
fn looks_like_a_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.' | '’'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> impl FnMut(&'static KindDef) -> String {
        let mut n = 0;
        move |k: &'static KindDef| {
            n += 1;
            format!("{}-{n:04}", k.name)
        }
    }

    fn plan_md(text: &str, existing: &[Record]) -> Planned {
        let mut next = ids();
        plan(
            &read::read_markdown(text),
            Format::Markdown,
            existing,
            &mut next,
        )
    }

    fn rows<'a>(p: &'a Planned, kind: &str) -> Vec<&'a Row> {
        p.records
            .get(kind)
            .map(|r| r.iter().collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_roles_table_becomes_roles_with_their_people() {
        let p = plan_md(
            "# Plan\n\n## Key people\n\n| Role | Primary | Backup |\n|---|---|---|\n| Incident lead | Åsa Öberg | To be formalized |\n| Comms | asa@example.se | Bo Ek |\n",
            &[],
        );
        let roles = rows(&p, "role");
        assert_eq!(roles.len(), 2);
        let contacts = rows(&p, "contact");
        let name_of = |id: &serde_json::Value| {
            contacts
                .iter()
                .find(|c| &c["id"] == id)
                .map(|c| c["name"].as_str().unwrap().to_string())
        };
        assert_eq!(roles[0]["name"], "Incident lead");
        assert_eq!(name_of(&roles[0]["primary"]).as_deref(), Some("Åsa Öberg"));
        assert!(roles[0].get("backup").is_none());
        assert_eq!(roles[0]["notes"], "Backup: To be formalized");
        assert_eq!(
            name_of(&roles[1]["primary"]).as_deref(),
            Some("asa@example.se")
        );
        assert_eq!(name_of(&roles[1]["backup"]).as_deref(), Some("Bo Ek"));
        let section = rows(&p, "section")
            .into_iter()
            .find(|s| s["title"] == "Key people")
            .unwrap();
        assert!(
            section["body"]
                .as_str()
                .unwrap()
                .contains("Imported as 2 roles"),
            "{section:?}"
        );
        assert_eq!(p.report.count("role"), 2);
        assert_eq!(p.report.count("contact"), 3);
    }

    #[test]
    fn values_that_do_not_fit_go_to_notes_or_a_sibling_field() {
        let p = plan_md(
            "| Vendor | Service | Support contact | Account ID | Tier |\n|---|---|---|---|---|\n| Acme | Hosting | +46 8 123 456 | A-1 | Gold |\n",
            &[],
        );
        let v = rows(&p, "vendor")[0];
        assert_eq!(v["support_phone"], "+46 8 123 456");
        assert_eq!(v["account_id"], "A-1");
        assert_eq!(v["notes"], "Tier: Gold");
    }

    #[test]
    fn unknown_tables_and_empty_templates_stay_text() {
        let p = plan_md(
            "# A\n\n| Topic | Answer |\n|---|---|\n| DNS | Registrar |\n",
            &[],
        );
        assert!(!p.records.contains_key("objective"));
        let body = rows(&p, "section")[0]["body"].as_str().unwrap().to_string();
        assert!(body.contains("| DNS | Registrar |"), "{body}");
        assert_eq!(p.report.count("text"), 1);
    }

    #[test]
    fn task_lists_and_checkbox_tables_become_checklists() {
        let p = plan_md(
            "## Immediate Response (0-15 minutes)\n\n- [ ] Call the lead\n- [ ] Open the bridge\n\n## Recovery\n\n| Done | Task | Owner |\n|---|---|---|\n| [ ] | Restore DB | CTO |\n",
            &[],
        );
        let lists = rows(&p, "checklist");
        assert_eq!(lists.len(), 2);
        assert_eq!(lists[0]["title"], "Immediate Response (0-15 minutes)");
        assert_eq!(lists[0]["phase"], "initial response");
        let items = rows(&p, "item");
        assert_eq!(items[0]["text"], "Call the lead");
        assert_eq!(items[0]["window"], "0-15 minutes");
        assert_eq!(items[2]["text"], "Restore DB");
        assert_eq!(items[2]["owner"], "CTO");
        assert_eq!(items[2]["checklist"], lists[1]["id"]);
    }

    #[test]
    fn repeated_headings_stay_separate_sections() {
        let p = plan_md("# Policy\n\nfirst\n\n# Policy\n\nsecond\n", &[]);
        let s = rows(&p, "section");
        assert_eq!(s.len(), 2);
        assert_eq!(
            (s[0]["body"].as_str(), s[1]["body"].as_str()),
            (Some("first"), Some("second"))
        );
    }

    #[test]
    fn headings_nest_as_sections() {
        let p = plan_md("# T\n\n## A\n\ntext a\n\n### A1\n\n## B\n", &[]);
        let s = rows(&p, "section");
        let title = |i: usize| s[i]["title"].as_str().unwrap();
        assert_eq!(
            (title(0), title(1), title(2), title(3)),
            ("T", "A", "A1", "B")
        );
        assert_eq!(s[1]["parent"], s[0]["id"]);
        assert_eq!(s[2]["parent"], s[1]["id"]);
        assert_eq!(s[3]["parent"], s[0]["id"]);
        assert_eq!(s[1]["body"], "text a");
        assert_eq!(p.report.title.as_deref(), Some("T"));
    }

    #[test]
    fn metadata_lines_fill_the_plan() {
        let plan_record = Record {
            kind: "plan".into(),
            id: "plan-x".into(),
            fields: [("title".to_string(), Value::Text("Old".into()))].into(),
            deleted: false,
        };
        let mut next = ids();
        let o = read::read_text(
            "Business Continuity Plan\nMarch 2026 · Owner: Vilmer Frost, CEO · Review: Annual\n1. Purpose\nText.\n",
        );
        let p = plan(&o, Format::Text, &[plan_record], &mut next);
        let row = rows(&p, "plan")[0];
        assert_eq!(row["title"], "Business Continuity Plan");
        assert_eq!(row["owner"], "Vilmer Frost, CEO");
        assert_eq!(row["review_interval"], "Annual");
        assert_eq!(
            metadata_pairs("- **Policy owner:** Effective Date: Oct 16, 2024"),
            vec![(
                "Policy owner".to_string(),
                "Effective Date: Oct 16, 2024".to_string()
            )]
        );
        assert_eq!(parse_date("Oct 16, 2024").as_deref(), Some("2024-10-16"));
    }

    #[test]
    fn a_repeated_step_stays_two_steps() {
        let p = plan_md(
            "## Steps\n\n- [ ] Call the bank\n- [ ] Call the bank\n",
            &[],
        );
        assert_eq!(rows(&p, "item").len(), 2);
    }

    #[test]
    fn names_match_by_their_words_only() {
        // Found by fuzzing: "Vilmer F/rost" once matched "Vilmer Frost", losing "Frost".
        let p = plan_md(
            "| Role | Primary |\n|---|---|\n| A | Vilmer F/rost |\n| B | Vilmer Frost |\n| C | vilmer  frost |\n",
            &[],
        );
        let names: Vec<&str> = rows(&p, "contact")
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Vilmer F/rost", "Vilmer Frost"]);
    }

    #[test]
    fn placeholders_are_not_people() {
        for p in [
            "To be formalized",
            "TBD",
            "[Contact Information]",
            "—",
            "Backup email to be configured",
            "N/A",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for p in ["Vilmer Frost", "Åsa Öberg", "Opeyemi Adeyemi"] {
            assert!(!is_placeholder(p), "{p}");
        }
    }
}
