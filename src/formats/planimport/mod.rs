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

mod corrections;
#[cfg(test)]
mod hostile;
pub(crate) mod memo;
mod normalise;
mod pipeline;
mod planner;
mod recognise;
mod source;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::catalog::{self, FieldDef, FieldType, Group, KINDS, KindDef, NoReferences, Value};
use crate::log::ops::new_id;
use crate::log::store::Record;
use crate::plan::binder::{Binder, ImportReport};

pub use corrections::{ColumnChoice, Correction, Corrections, SourceBlock};
use corrections::{column_index, readable_kind, source_blocks};
use normalise::*;
pub use pipeline::{plan, plan_corrected};
use planner::*;
use recognise::*;
pub use source::documents::{html_to_markdown, text_of};
pub use source::read::{Block, Format, FrontMatter, Outline, Table, Task, decode, read};

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
    /// A correction from the preview (`--read-as`, `--map`) that cannot be followed: a kind
    /// or field the catalog does not have, or a malformed argument.
    #[error("{0}")]
    BadCorrection(String),
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
    /// For a record the binder already has: the fields importing would change (empty: it is
    /// already as the document says). `None` for new records and text.
    pub changes: Option<Vec<String>>,
    /// The first line of the block of the document it was read from (0: from the document
    /// as a whole, such as its title or its front matter).
    pub block: usize,
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
    /// The blocks of the document (tables, lists, paragraphs) and how each was read: what the
    /// preview shows beside the proposals, and where the founder says "read as…".
    pub blocks: Vec<SourceBlock>,
    /// What the founder said that this reading used, each at the line its block starts on in
    /// this version of the document (and with that block's first line as its anchor).
    pub corrections: Corrections,
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

impl<'a> Planner<'a> {}

/// What importing a plan document (Markdown or plain text) would make, without writing
/// anything: the preview the app shows before [`import`].
pub fn preview(binder: &Binder, file_name: &str, bytes: &[u8]) -> crate::Result<PlanReport> {
    preview_corrected(binder, file_name, bytes, &Corrections::default())
}

/// [`preview`], with the blocks the founder corrected read as they said.
pub fn preview_corrected(
    binder: &Binder,
    file_name: &str,
    bytes: &[u8],
    corrections: &Corrections,
) -> crate::Result<PlanReport> {
    corrections.check()?;
    let planned = planned(binder, file_name, bytes, corrections)?;
    let mut report = planned.report;
    // What a newer version of a document already imported changes, record by record (read
    // only when the reading updates a record the binder has).
    let updates = report
        .entries
        .iter()
        .any(|e| !e.new && e.kind != "text" && e.id.is_some());
    if updates && let Ok(changes) = binder.import_effects(&planned.records) {
        for e in report
            .entries
            .iter_mut()
            .filter(|e| !e.new && e.kind != "text")
        {
            let Some(id) = &e.id else { continue };
            let def = catalog::kind(&e.kind).ok();
            let fields: Vec<String> = changes
                .get(id)
                .into_iter()
                .flatten()
                .map(|f| match def.and_then(|k| k.field(f)) {
                    Some(d) => d.label.to_string(),
                    // `_deleted`: the record had been deleted and comes back.
                    None => "brought back from deleted".to_string(),
                })
                .collect();
            e.changes = Some(fields);
        }
    }
    Ok(report)
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
    import_with(
        binder,
        file_name,
        bytes,
        &[],
        false,
        &Corrections::default(),
    )
}

/// [`import`], leaving out exactly the proposals the person unticked in the preview (by their
/// [`ReportEntry::key`]); their words stay in the sections' text.
pub fn import_selected(
    binder: &mut Binder,
    file_name: &str,
    bytes: &[u8],
    leave_out: &[String],
    corrections: &Corrections,
) -> crate::Result<(PlanReport, ImportReport)> {
    import_with(binder, file_name, bytes, leave_out, true, corrections)
}

/// Imports a plan leaving out `leave_out`, and the inferred readings unless `with_inferred`,
/// reading the blocks in `corrections` as the founder said.
pub fn import_with(
    binder: &mut Binder,
    file_name: &str,
    bytes: &[u8],
    leave_out: &[String],
    with_inferred: bool,
    corrections: &Corrections,
) -> crate::Result<(PlanReport, ImportReport)> {
    corrections.check()?;
    let mut planned = planned(binder, file_name, bytes, corrections)?;
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
    let said = &planned.report.corrections;
    if !said.blocks.is_empty() || binder.import_corrections(file_name)?.is_some() {
        // (Corrections always serialise; an empty text would read back as none.)
        let json = serde_json::to_string(said).unwrap_or_default();
        binder.remember_import_corrections(file_name, &json)?;
    }
    // The preview is over: what was read in the document is no longer needed in memory.
    forget_last_document();
    Ok((planned.report, report))
}

/// The corrections to read `file_name` with: those said now, else those the founder said the
/// last time they imported a document of that name into this binder (none if never, or if what
/// was kept no longer reads).
pub fn corrections_for(binder: &Binder, file_name: &str, said: Option<Corrections>) -> Corrections {
    said.unwrap_or_else(|| {
        binder
            .import_corrections(file_name)
            .ok()
            .flatten()
            .and_then(|json| serde_json::from_str::<Corrections>(&json).ok())
            .filter(|c| c.check().is_ok())
            .unwrap_or_default()
    })
}

/// The document last read for a preview: its name, its bytes and its outline. A correction in
/// the preview reads the same bytes again, and turning a Word file into text and the text into
/// an outline is a third of the time a re-read takes. Held in memory only, one document, and
/// dropped by [`forget_last_document`] when the binder locks.
type LastRead = Option<(String, Vec<u8>, std::sync::Arc<(Outline, Format)>)>;
static LAST_READ: std::sync::Mutex<LastRead> = std::sync::Mutex::new(None);

/// Forgets the document last read for a preview (its text stays in no memory of this module).
pub fn forget_last_document() {
    memo::forget();
    *LAST_READ
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
}

/// `bytes` (a file called `file_name`) read into an outline, or the outline kept from the last
/// time these same bytes were read.
fn outline_of(file_name: &str, bytes: &[u8]) -> crate::Result<std::sync::Arc<(Outline, Format)>> {
    // (A poisoned lock only means a reading panicked: what it holds is still a true reading.)
    let mut last = LAST_READ
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((name, kept, outline)) = last.as_ref()
        && name == file_name
        && kept.as_slice() == bytes
    {
        return Ok(outline.clone());
    }
    // Another document: what was remembered of the last one is no use, and is forgotten.
    memo::forget();
    let (text, format) = text_of(file_name, bytes)?;
    let outline = std::sync::Arc::new((read(&text, format), format));
    *last = Some((file_name.to_string(), bytes.to_vec(), outline.clone()));
    Ok(outline)
}

fn planned(
    binder: &Binder,
    file_name: &str,
    bytes: &[u8],
    corrections: &Corrections,
) -> crate::Result<Planned> {
    let read = outline_of(file_name, bytes)?;
    let (outline, format) = (&read.0, read.1);
    let mut existing = Vec::new();
    for kind in KINDS.iter().filter(|k| !k.system) {
        existing.extend(binder.store().list(kind, false)?);
    }
    Ok(plan_corrected(
        outline,
        format,
        &existing,
        &mut |k| new_id(k),
        corrections,
    ))
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
            &source::read::read_markdown(text),
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
    fn the_document_kept_for_re_reads_is_the_one_asked_for() {
        let title = |o: &std::sync::Arc<(Outline, Format)>| match o.0.blocks.first() {
            Some(Block::Heading { title, .. }) => title.clone(),
            _ => String::new(),
        };
        // (Other tests read documents at the same time: each answer must be right whether it
        // was kept or read again.)
        assert_eq!(
            title(&outline_of("plan.md", b"# First\n").unwrap()),
            "First"
        );
        assert_eq!(
            title(&outline_of("plan.md", b"# First\n").unwrap()),
            "First"
        );
        // Other bytes under the same name, or the same bytes under another name: read again.
        assert_eq!(
            title(&outline_of("plan.md", b"# Second\n").unwrap()),
            "Second"
        );
        let html = outline_of("plan.html", b"<html><body><h1>Second</h1></body></html>").unwrap();
        assert_eq!((title(&html), html.1), ("Second".to_string(), Format::Html));
        forget_last_document();
        assert_eq!(
            title(&outline_of("plan.md", b"# Third\n").unwrap()),
            "Third"
        );
    }

    #[test]
    fn a_heading_given_under_each_hazard_names_its_checklist_with_the_hazard() {
        let p = plan_md(
            "# SOP\n\n## Fire and Smoke\n\n### Immediate Actions\n\n1. Pull the alarm\n2. Leave by the nearest exit\n\n## Severe Weather\n\n### Immediate Actions\n\n1. Move everyone inside\n2. Keep away from windows\n",
            &[],
        );
        let mut titles: Vec<&str> = rows(&p, "checklist")
            .iter()
            .map(|r| r["title"].as_str().unwrap())
            .collect();
        titles.sort();
        assert_eq!(
            titles,
            [
                "Fire and Smoke: Immediate Actions",
                "Severe Weather: Immediate Actions"
            ]
        );
    }

    /// Steps as real plans write them: a numbered heading with a tab ("11.1\tOn Discovering a
    /// Fire"), Word's tab after the number, a heading that is itself an instruction ("Move"),
    /// a list indented by a space, duties ("… shall …") under any heading — but not what the
    /// organisation commits to ("We will …"), a bulleted list of labels, or responsibilities.
    #[test]
    fn steps_under_numbered_or_instruction_headings_and_lists_of_duties_are_checklists() {
        let p = plan_md(
            "# Evacuation Procedure\n\n### 11.1\tOn Discovering a Fire\n\n1.\tActivate the nearest call point.\n\n2.\tDial 999.\n\n## Move\n - Site Lead 1 to Assembly point\n - Designated driver to Malfare\n\n## Meeting Points\n\n - **MSL** may re-allocate people.\n - **Barrio leads** shall ensure their camp mates are accounted for.\n - **Parents** shall be responsible for their children.\n\n## Testing and Training\n\n- We will test the plan every year.\n- We will train new staff.\n\n## Recovery Strategies\n\n- **IT Systems:** we have a plan for restoring them.\n- **Network:** a second line.\n- **Equipment:** spares on hand.\n\n## Employee Responsibilities\n\n- Employees shall report fires.\n- Employees must know the exits.\n",
            &[],
        );
        let mut titles: Vec<&str> = rows(&p, "checklist")
            .iter()
            .map(|r| r["title"].as_str().unwrap())
            .collect();
        titles.sort();
        assert_eq!(
            titles,
            ["11.1 On Discovering a Fire", "Meeting Points", "Move"]
        );
        let steps: Vec<&str> = rows(&p, "item")
            .iter()
            .map(|r| r["text"].as_str().unwrap())
            .collect();
        assert!(steps.contains(&"Dial 999."), "{steps:?}");
        assert!(
            steps.contains(&"Site Lead 1 to Assembly point"),
            "{steps:?}"
        );
    }

    /// Roles a plan names only in lower case or only in its lists: "appoint an incident lead"
    /// and "the incident lead decides" name a role; so do steps that send the Site Lead
    /// somewhere twice ("Project Lead", said once, is a guess). The verb a step opens with, a
    /// label, and anyone's place in a team are no part of one.
    #[test]
    fn roles_named_in_lower_case_or_only_in_lists_are_roles() {
        let p = plan_md(
            "# Dealing with an incident\n\n## Steps\n\n* Appoint an incident lead\n* Consult the Project Lead\n\nThe incident lead decides when it is over. Team members are told.\n\n## Move\n\n - Site Lead 1 to the assembly point\n - Site Lead 2 to the marquee\n - **Policy owner:** Jo Bloggs\n\n## Review\n\n - **Policy owner:** Effective 2024\n",
            &[],
        );
        let mut names: Vec<String> = rows(&p, "role")
            .iter()
            .map(|r| r["name"].as_str().unwrap_or_default().to_string())
            .collect();
        names.sort();
        assert_eq!(names, ["Incident lead", "Project Lead", "Site Lead"]);
    }

    /// A message quoted to be said, in a blockquote inside a step, is a template named by its
    /// first words; a quotation of a few words, or a blockquote that is no quotation, is not.
    #[test]
    fn a_message_quoted_in_a_blockquote_is_a_template() {
        let p = plan_md(
            "# Evacuation\n\n## Get attention\n\n1. **Sound the sirens**, and use a megaphone.\n<br />\n> \"ALL COMM, ALL COMM. This is KHAKI. A site-wide evacuation will take\n> place. Repeat. A site-wide evacuation will take place.\n>\n> All people carrying radios proceed to the Malfare complex.\"\n\n2. **Sound systems** are to stop playing.\n\n## Notes\n\n> \"Be safe.\"\n\n> Remember that a plan is only as good as its last test, so test it every year.\n",
            &[],
        );
        let templates = rows(&p, "template");
        assert_eq!(templates.len(), 1, "{templates:?}");
        assert_eq!(
            templates[0]["name"].as_str(),
            Some("ALL COMM, ALL COMM. This is KHAKI")
        );
        let body = templates[0]["body"].as_str().unwrap();
        assert!(body.starts_with("ALL COMM"), "{body}");
        assert!(body.ends_with("to the Malfare complex."), "{body}");
    }

    /// A line in bold standing alone over a list is a heading by its look: its steps are a
    /// checklist named by it when it names steps or they are instructions, once only; a bold
    /// line over a list of things is no checklist.
    #[test]
    fn a_bold_line_over_a_list_names_its_checklist() {
        let p = plan_md(
            "# Incident response\n\n## Checklists for responding\n\n**Immediate Response Checklist**\n* Assess whether you need a first responder.\n* Follow any local guidelines.\n\n**Things we own**\n* A laptop\n* A van\n\n## Steps\n\n**Then**\n1. Call the police.\n2. Tell the owner.\n",
            &[],
        );
        let mut titles: Vec<&str> = rows(&p, "checklist")
            .iter()
            .map(|r| r["title"].as_str().unwrap())
            .collect();
        titles.sort();
        // "**Then**" over numbered steps is read as a heading by its look: one checklist.
        assert_eq!(titles, ["Immediate Response Checklist", "Then"]);
    }

    /// "Dial: 999" says what to do with the number and "Kindly email" is politeness: neither
    /// names a contact.
    #[test]
    fn a_verb_or_politeness_before_a_number_names_no_one() {
        let p = plan_md(
            "# Plan\n\n## In an Emergency\n\n**Dial: 999**\n\n## Afterwards\n\n* Kindly email ops@example.org with what you did.\n",
            &[],
        );
        let names: Vec<&str> = rows(&p, "contact")
            .iter()
            .map(|r| r["name"].as_str().unwrap_or_default())
            .collect();
        assert!(
            !names.contains(&"Dial") && !names.contains(&"Kindly"),
            "{names:?}"
        );
        assert!(names.contains(&"Emergency services (999)"), "{names:?}");
    }

    /// Levels written as plain list items under a heading about levels are the plan's levels,
    /// ranked, with what each means; the same shape under "Incident categories" is not.
    #[test]
    fn levels_written_as_list_items_under_a_heading_about_levels() {
        let p = plan_md(
            "# Plan\n\n## Levels of Emergency\n* TYPE 1 - A catastrophic emergency event\n* TYPE 2 - A major emergency\n* TYPE 3 - A one dimensional event\n\n## Incident categories\n\n- Category 1 – Unauthorized Access\n- Category 2 – Service Outage\n",
            &[],
        );
        let levels: Vec<(&str, &str)> = rows(&p, "level")
            .iter()
            .map(|r| (r["name"].as_str().unwrap(), r["rank"].as_str().unwrap()))
            .collect();
        assert_eq!(levels, [("TYPE 1", "1"), ("TYPE 2", "2"), ("TYPE 3", "3")]);
    }

    #[test]
    fn labels_that_are_jobs_or_levels_even_with_a_paragraph_after_them() {
        let p = plan_md(
            "# Plan\n\n### Incident Response Team\n- **Incident Manager:** Overall coordination\n- **Technical Lead:** Technical investigation\n\n### Escalation\n- **Level 1:** IT Security Team (immediate response)\n- **Level 2:** Senior Management (within 4 hours)\n\n---\n\n## Objectives\n\n- **Recovery Time Objective (RTO):** 4 hours\n- **Recovery Point Objective (RPO):** 1 hour\n\n## Owner\n\n- **Policy owner:** Jo Bloggs\n- **Policy owner:** Effective 2024\n",
            &[],
        );
        let names = |kind: &str| -> Vec<String> {
            rows(&p, kind)
                .iter()
                .map(|r| r["name"].as_str().unwrap_or_default().to_string())
                .collect()
        };
        assert_eq!(names("role"), ["Incident Manager", "Technical Lead"]);
        assert_eq!(names("level"), ["Level 1", "Level 2"]);
    }

    #[test]
    fn a_list_of_people_with_their_jobs_is_roles_they_hold() {
        let p = plan_md(
            "# Plan\n\n## Plan Owner\n\n* Steve Parks - CEO\n* Joe Baker, Lead Developer\n* Buy more milk, then tea\n",
            &[],
        );
        let roles: Vec<&str> = rows(&p, "role")
            .iter()
            .map(|r| r["name"].as_str().unwrap())
            .collect();
        // (The heading, a job, is one too.)
        assert_eq!(roles, ["CEO", "Lead Developer", "Plan Owner"]);
        assert_eq!(rows(&p, "contact").len(), 2);
    }

    #[test]
    fn a_heading_naming_a_message_or_a_form_is_a_template() {
        let p = plan_md(
            "# Plan\n\n## Policy Statement\n\nWe plan.\n\n## Appendices\n\n### Appendix B: Customer Notification Template\n[Template email for notifying affected customers]\n\n### Appendix D: Media Statement\nWe are aware of an incident.\n",
            &[],
        );
        let names: Vec<(&str, &str)> = rows(&p, "template")
            .iter()
            .map(|r| (r["name"].as_str().unwrap(), r["body"].as_str().unwrap()))
            .collect();
        assert_eq!(
            names,
            [
                (
                    "Customer Notification Template",
                    "[Template email for notifying affected customers]"
                ),
                ("Media Statement", "We are aware of an incident.")
            ]
        );
    }

    #[test]
    fn dressed_level_headings_rating_columns_and_a_name_beside_a_role() {
        // Level headings under emoji, graded by what they grade; code colours.
        for level in [
            "🔥 DISASTER-Level Emergencies",
            "⚠️ EMERGENCY Issues (Response within 5 minutes during service)",
            "Minor Incidents",
            "Code red",
            "Trivial",
            "Catastrophic (loss of life)",
        ] {
            assert!(names_a_level(level), "{level}");
        }
        for not in [
            "Emergency Procedures",
            "Routine Maintenance",
            "Code of Conduct",
            "Serious Illness or Welfare Emergency",
            "Significant Dates",
            // (The first word after a bracket, in letters of more than one byte.)
            "(Café) Opening",
            "(日本) 計画",
        ] {
            assert!(!names_a_level(not), "{not}");
        }
        // A column that rates each row again and again lists no levels.
        let p = plan_md(
            "# Plan\n\n## Status check\n\n| System | Status | Service Impact if Down |\n|---|---|---|\n| POS 1 | [ ] Normal | High - primary order entry |\n| POS 2 | [ ] Normal | Medium - bar orders only |\n| KDS 1 | [ ] Normal | High - salads |\n",
            &[],
        );
        assert!(rows(&p, "level").is_empty());
        // "Name | Role": the role is the title, the name whoever holds it.
        let p = plan_md(
            "# Plan\n\n## Team\n\n| Name | Role | Contact | Responsibilities |\n|---|---|---|---|\n| **Tony Giuseppe** | Owner/Manager | 503-555-0155 | All emergency decisions |\n| **Maria Santos** | Assistant Manager | 503-555-0156 | Operations |\n",
            &[],
        );
        let roles: Vec<&str> = rows(&p, "role")
            .iter()
            .map(|r| r["name"].as_str().unwrap())
            .collect();
        assert_eq!(roles, ["Owner/Manager", "Assistant Manager"]);
        assert!(rows(&p, "vendor").is_empty());
    }

    #[test]
    fn a_table_of_labelled_rows_is_one_record_named_by_what_it_is_for() {
        let p = plan_md(
            "# Plan\n\n## 3. Recovery Objectives\n\n| Objective | Target | Basis |\n|---|---|---|\n| **Recovery Time Objective (RTO)** | 4 hours | Maximum acceptable downtime for the Receptor platform before impact becomes unacceptable. |\n| **Recovery Point Objective (RPO)** | 12 hours | Maximum acceptable data loss. |\n\n## 9. Records\n\n| Metric | Target |\n|---|---|\n| RTO | 1 day |\n| RPO | 1 day |\n",
            &[],
        );
        let objectives = rows(&p, "objective");
        assert_eq!(objectives.len(), 2, "{objectives:?}");
        assert_eq!(objectives[0]["function"], "Receptor platform");
        assert_eq!(objectives[0]["rto"], "4 hours");
        assert_eq!(objectives[0]["rpo"], "12 hours");
        // Nothing says what for: the heading, without its number.
        assert_eq!(objectives[1]["function"], "Records");
    }

    #[test]
    fn names_ending_in_a_full_stop_and_tables_of_document_details() {
        let p = plan_md(
            "# Plan\n\n## Suppliers\n\n| Vendor | Phone |\n|---|---|\n| Acme Corp. | 0161 496 0500 |\n| Widget Co. | 0161 496 0501 |\n\n## Document Control\n\n| Item | Detail |\n|---|---|\n| Owner | Jane Smith |\n| Comments | First issue |\n",
            &[],
        );
        assert_eq!(rows(&p, "vendor").len(), 2, "{:?}", rows(&p, "vendor"));
        assert!(
            rows(&p, "objective").is_empty(),
            "{:?}",
            rows(&p, "objective")
        );
    }

    #[test]
    fn a_column_of_sentences_names_no_roles() {
        let p = plan_md(
            "# Plan\n\n## Recovery Dependencies\n\n| Source | Status | Role |\n|---|---|---|\n| GitHub repo | Primary | Git history provides the audit trail; always accessible |\n| Database project | Pending | Will become the primary persistence layer once migration is complete |\n",
            &[],
        );
        assert!(rows(&p, "role").is_empty(), "{:?}", rows(&p, "role"));
    }

    #[test]
    fn what_each_one_does_after_a_long_condition_is_a_checklist_named_by_its_heading() {
        let p = plan_md(
            "# Plan\n\n## 9. Human Emergency in the Foster Home\n\nIf the fosterer is suddenly unable to continue providing care because of illness, injury, bereavement, or any other urgent personal circumstance:\n\n1. The fosterer (or a family member on their behalf) contacts the on-duty Foster Coordinator as soon as possible.\n2. The Foster Coordinator arranges temporary cover.\n3. Transfer is managed under the Cat Transportation Policy.\n4. The Foster Coordinator checks on the fosterer.\n\n## Scope\n\nIf you are a member:\n\n- The hackspace belongs to members.\n- The directors are elected.\n",
            &[],
        );
        let lists = rows(&p, "checklist");
        assert_eq!(lists.len(), 1, "{lists:?}");
        assert_eq!(lists[0]["title"], "Human Emergency in the Foster Home");
    }

    #[test]
    fn levels_listed_after_a_sentence_about_severity_each_named_then_described() {
        let p = plan_md(
            "# Policy\n\n## Issues\n\nWe use the following severity categories:\n\n- *CRITICAL Severity.* This affects common configurations.\n- *HIGH Severity.* This includes issues of a lower risk - perhaps rarer.\n- *LOW Severity.* This includes issues such as local flaws.\n\n## Grading\n\nThe severity index should look something like this:\n\n- SEV1 - Complete service outage. Requires an immediate response.\n- SEV2 - Significant degradation. Requires a response.\n",
            &[],
        );
        let titles: Vec<&str> = rows(&p, "level")
            .iter()
            .map(|l| l["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            titles,
            [
                "CRITICAL Severity",
                "HIGH Severity",
                "LOW Severity",
                "SEV1",
                "SEV2"
            ]
        );
    }

    #[test]
    fn a_list_of_things_to_be_done_is_a_checklist_named_by_its_heading() {
        let p = plan_md(
            "# Post-powercut Todo List\n\nA list of things that should be done/checked immediately after a power cut:\n\n- Ensure the servers have the correct IP addresses\n- If the VM fails to start, check its disk\n- All the boxes rely on DNS for LDAP\n- Apache sometimes starts before networking is up\n",
            &[],
        );
        let lists = rows(&p, "checklist");
        assert_eq!(lists.len(), 1, "{lists:?}");
        assert_eq!(lists[0]["title"], "Post-powercut Todo List");
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
        let o = source::read::read_text(
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
        // A month and a year: its first day, never the 20th of the year 26.
        assert_eq!(parse_date("January 2026").as_deref(), Some("2026-01-01"));
        assert_eq!(parse_date("Jan 2026").as_deref(), Some("2026-01-01"));
        assert_eq!(parse_date("16.10.24"), None);
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
    fn dates_are_not_numbers_to_call() {
        assert!(phone_runs("Key expiry: 2027-12-18").is_empty());
        assert!(phone_runs("reviewed 18.12.2027").is_empty());
        assert_eq!(phone_runs("Police: 0161 872 5050"), ["0161 872 5050"]);
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
            "Click here to enter text.",
            "Click or tap here to enter a date.",
            "Insert name",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for p in ["Vilmer Frost", "Åsa Öberg", "Opeyemi Adeyemi"] {
            assert!(!is_placeholder(p), "{p}");
        }
    }
}
