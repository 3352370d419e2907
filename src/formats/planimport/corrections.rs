//! What the founder says in the preview when the reading is wrong or missing: "read this block
//! as contacts", "this column is the phone numbers". A correction names a block by the line it
//! starts on (the preview's [`SourceBlock::line`]); the pipeline reads that block as said, and
//! every other block as before.

use serde::Deserialize;

use super::*;

/// How to read one block of the document, as the founder chose in the preview.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Correction {
    /// The first line of the block, as the preview names it.
    pub line: usize,
    /// A kind of the catalog (`contact`, `level`…), `text` to keep the block as text only, or
    /// empty to keep the kind the reading chose and change only its columns.
    pub read_as: String,
    /// Which column of a table (or label of a list) goes to which field; columns not named
    /// are read as the reading would.
    pub columns: Vec<ColumnChoice>,
}

/// One column's (or label's) field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ColumnChoice {
    /// The column: its header as written, or its number (1 for the first).
    pub column: String,
    /// The field it goes to; `None` keeps its cells in each record's notes.
    pub field: Option<String>,
}

/// All the corrections for one preview.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Corrections {
    /// One per corrected block.
    pub blocks: Vec<Correction>,
}

/// A block of the document as the preview shows it, beside what it became.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SourceBlock {
    /// Its first line (1-based): what a [`Correction`] names.
    pub line: usize,
    /// Its last line.
    pub end: usize,
    /// `table`, `list`, `tasks` or `text`.
    pub shape: String,
    /// The block as written.
    pub text: String,
    /// A table's headers (`Column 2` where blank), or a list's labels (`Name: value` items).
    pub columns: Vec<String>,
    /// The kind most of what it became is, or `text`.
    pub read_as: String,
    /// For each column, the field it went to (`None`: into the notes).
    pub fields: Vec<Option<String>>,
    /// Whether the founder said how to read it.
    pub corrected: bool,
}

impl Corrections {
    /// The correction for the block starting at `line`.
    pub(crate) fn at(&self, line: usize) -> Option<&Correction> {
        self.blocks.iter().find(|c| c.line == line)
    }

    /// Reads the command line's `--read-as LINE=KIND` and `--map LINE=COLUMN:FIELD,…` (a field
    /// of `-` keeps that column in the notes).
    pub fn from_args(read_as: &[String], map: &[String]) -> Result<Corrections, PlanError> {
        let mut out = Corrections::default();
        let line_of = |arg: &str, flag: &str| -> Result<(usize, String), PlanError> {
            let (line, rest) = arg.split_once('=').ok_or_else(|| {
                PlanError::BadCorrection(format!(
                    "{flag} {arg}: write LINE={}, with the line --dry-run shows for the block",
                    if flag == "--map" {
                        "COLUMN:FIELD,…"
                    } else {
                        "KIND"
                    }
                ))
            })?;
            let line = line.trim().parse::<usize>().map_err(|_| {
                PlanError::BadCorrection(format!(
                    "{flag} {arg}: “{line}” is not a line number (the block's first line, as --dry-run shows it)"
                ))
            })?;
            Ok((line, rest.trim().to_string()))
        };
        for arg in read_as {
            let (line, kind) = line_of(arg, "--read-as")?;
            out.entry(line).read_as = kind;
        }
        for arg in map {
            let (line, pairs) = line_of(arg, "--map")?;
            for pair in pairs.split(',').filter(|p| !p.trim().is_empty()) {
                let (column, field) = pair.rsplit_once(':').ok_or_else(|| {
                    PlanError::BadCorrection(format!(
                        "--map {arg}: “{pair}” needs COLUMN:FIELD (a field of - keeps the column in the notes)"
                    ))
                })?;
                let field = field.trim();
                out.entry(line).columns.push(ColumnChoice {
                    column: column.trim().to_string(),
                    field: (field != "-" && !field.is_empty()).then(|| field.to_string()),
                });
            }
        }
        out.check()?;
        Ok(out)
    }

    fn entry(&mut self, line: usize) -> &mut Correction {
        if let Some(i) = self.blocks.iter().position(|c| c.line == line) {
            return &mut self.blocks[i];
        }
        self.blocks.push(Correction {
            line,
            ..Correction::default()
        });
        let last = self.blocks.len() - 1;
        &mut self.blocks[last]
    }

    /// Every kind named is one a plan's records can be (or `text`), and every field one of
    /// that kind's.
    pub fn check(&self) -> Result<(), PlanError> {
        for c in &self.blocks {
            if c.read_as.is_empty() || c.read_as == "text" {
                if c.read_as == "text" && !c.columns.is_empty() {
                    return Err(PlanError::BadCorrection(format!(
                        "line {}: a block read as text has no columns to map",
                        c.line
                    )));
                }
                continue;
            }
            let kind = readable_kind(&c.read_as).ok_or_else(|| {
                PlanError::BadCorrection(format!(
                    "line {}: “{}” is not a kind a block can be read as; use text or one of: {}",
                    c.line,
                    c.read_as,
                    readable_kinds()
                        .map(|k| k.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
            for choice in &c.columns {
                if let Some(f) = &choice.field
                    && kind.field(f).is_none()
                {
                    return Err(PlanError::BadCorrection(format!(
                        "line {}: a {} has no field “{f}”; its fields are {}",
                        c.line,
                        kind.label.to_lowercase(),
                        kind.fields().map(|f| f.name).collect::<Vec<_>>().join(", ")
                    )));
                }
            }
        }
        Ok(())
    }
}

/// Kinds a block can be read as: the kinds a table may become, and checklists.
pub(crate) fn readable_kinds() -> impl Iterator<Item = &'static KindDef> {
    table_kinds().chain(KINDS.iter().filter(|k| k.name == "checklist"))
}

pub(crate) fn readable_kind(name: &str) -> Option<&'static KindDef> {
    readable_kinds().find(|k| k.name == name)
}

/// The index of the column a choice names: its number, else its header (words compared).
pub(crate) fn column_index(headers: &[String], column: &str) -> Option<usize> {
    match column.trim().parse::<usize>() {
        Ok(n) if n >= 1 && n <= headers.len() => Some(n - 1),
        _ => headers
            .iter()
            .position(|h| match_key(h) == match_key(column) && !match_key(column).is_empty()),
    }
}

/// The blocks the preview shows, each with what it became.
pub(crate) fn source_blocks(
    outline: &Outline,
    entries: &[ReportEntry],
    corrections: &Corrections,
    mappings: &HashMap<usize, Vec<Option<String>>>,
) -> Vec<SourceBlock> {
    let mut out = Vec::new();
    for block in &outline.blocks {
        let (shape, text, columns) = match block {
            Block::Heading { .. } => continue,
            Block::Table { table, raw, .. } => ("table", raw.clone(), headers_of(table)),
            Block::Tasks { raw, .. } => ("tasks", raw.clone(), Vec::new()),
            Block::Text { text, .. } => {
                let list = text.lines().any(|l| list_item(l).is_some());
                let labels: Vec<String> =
                    pieces(text).iter().map(|(_, p)| split_label(p).0).collect();
                let labelled = labels.len() >= 2
                    && pieces(text)
                        .iter()
                        .all(|(_, p)| !split_label(p).1.is_empty());
                let shape = if list { "list" } else { "text" };
                (
                    shape,
                    text.clone(),
                    if labelled { labels } else { Vec::new() },
                )
            }
        };
        let line = block.line();
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for e in entries.iter().filter(|e| e.block == line) {
            if ["section", "plan", "text", "item"].contains(&e.kind.as_str()) {
                continue;
            }
            match counts.iter_mut().find(|(k, _)| *k == e.kind) {
                Some((_, n)) => *n += 1,
                None => counts.push((&e.kind, 1)),
            }
        }
        // People a table of roles names are not what the table is.
        if counts.len() > 1 {
            counts.retain(|(k, _)| *k != "contact");
        }
        let read_as = counts
            .iter()
            .max_by_key(|(_, n)| *n)
            .map_or("text", |(k, _)| *k)
            .to_string();
        let correction = corrections.at(line);
        let fields = match mappings.get(&line) {
            Some(m) => m.clone(),
            None => vec![None; columns.len()],
        };
        out.push(SourceBlock {
            line,
            end: line + text.lines().count().saturating_sub(1),
            shape: shape.into(),
            text,
            columns,
            read_as,
            fields,
            corrected: correction.is_some(),
        });
    }
    out
}

fn headers_of(table: &Table) -> Vec<String> {
    table
        .headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if h.trim().is_empty() {
                format!("Column {}", i + 1)
            } else {
                h.trim().to_string()
            }
        })
        .collect()
}
