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
    /// The block's first line as written, when known: a newer version of the document whose
    /// lines moved still finds the block by it.
    #[serde(default)]
    pub anchor: String,
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

/// The first line of a block as written (none for a heading): what a correction's anchor is.
fn first_line_of(b: &Block) -> Option<&str> {
    match b {
        Block::Heading { .. } => None,
        Block::Text { text, .. } => Some(text.as_str()),
        Block::Table { raw, .. } | Block::Tasks { raw, .. } => Some(raw.as_str()),
    }
    .and_then(|t| t.lines().find(|l| !l.trim().is_empty()))
    .map(str::trim)
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

    /// These corrections, each given its block's first line as its anchor where it had none
    /// (what a newer version of the document finds the block by).
    pub(crate) fn anchored(&self, outline: &Outline) -> Corrections {
        let mut out = self.clone();
        for c in out.blocks.iter_mut().filter(|c| c.anchor.trim().is_empty()) {
            let first = outline
                .blocks
                .iter()
                .find(|b| b.line() == c.line)
                .and_then(first_line_of);
            if let Some(first) = first {
                c.anchor = first.trim().to_string();
            }
        }
        out
    }

    /// The corrections placed on the blocks of `outline`: one whose line no longer starts the
    /// block it was said for (the document changed) moves to the block nearest it that starts
    /// with the same words; the notes say where each went.
    pub(crate) fn placed(&self, outline: &Outline, notes: &mut Vec<String>) -> Corrections {
        let first_line = |b: &Block| first_line_of(b).map(words_key);
        let mut out = self.clone();
        for c in out
            .blocks
            .iter_mut()
            .filter(|c| !c.anchor.trim().is_empty())
        {
            let anchor = words_key(&c.anchor);
            let here = outline.blocks.iter().find(|b| b.line() == c.line);
            if here.is_some_and(|b| first_line(b).as_deref() == Some(anchor.as_str())) {
                continue;
            }
            let moved = outline
                .blocks
                .iter()
                .filter(|b| first_line(b).as_deref() == Some(anchor.as_str()))
                .min_by_key(|b| b.line().abs_diff(c.line));
            if let Some(b) = moved {
                notes.push(format!(
                    "what you said for the block at line {} now applies at line {}, where that block is in this version",
                    c.line,
                    b.line()
                ));
                c.line = b.line();
            }
        }
        out
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
            .position(|h| words_key(h) == words_key(column) && !words_key(column).is_empty()),
    }
}

/// The blocks the preview shows, each with what it became.
pub(crate) fn source_blocks(
    outline: &Outline,
    entries: &[ReportEntry],
    corrections: &Corrections,
    mappings: &HashMap<usize, Mapping>,
) -> Vec<SourceBlock> {
    let mut out = Vec::new();
    for block in &outline.blocks {
        let (shape, text, columns) = match block {
            Block::Heading { .. } => continue,
            Block::Table { table, raw, .. } => ("table", raw.clone(), headers_of(table)),
            Block::Tasks { raw, .. } => ("tasks", raw.clone(), Vec::new()),
            Block::Text { text, .. } => {
                let list = text.lines().any(|l| list_item(l).is_some());
                // A list's labels are columns only when they were read as one record's fields.
                let labels = if mappings.contains_key(&block.line()) {
                    pieces(text).iter().map(|(_, p)| split_label(p).0).collect()
                } else {
                    Vec::new()
                };
                let shape = if list { "list" } else { "text" };
                (shape, text.clone(), labels)
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
        let read_as = match mappings.get(&line) {
            Some((kind, _)) => kind.to_string(),
            None => counts
                .iter()
                .max_by_key(|(_, n)| *n)
                .map_or("text", |(k, _)| *k)
                .to_string(),
        };
        let correction = corrections.at(line);
        let fields = match mappings.get(&line) {
            Some((_, m)) => m.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "# Bakery plan\n\n## Our people\n\n| Crew | Ring on | Shift |\n|---|---|---|\n| Dana | +44 161 496 0100 | Early |\n| Omar | +44 161 496 0199 | Late |\n\n## How bad is it\n\nWe say which colour we are at: Amber (one oven down), Red (no baking today) or Black (the building is unsafe).\n\n## When the power goes\n\n- Switch the ovens off\n- Ring the landlord\n\n## Roles\n\n| Role | Primary |\n|---|---|\n| Incident lead | Dana |\n\n## Insurer\n\n- Company: Acme Mutual\n- Telephone: +44 161 496 0500\n- Policy: BK-1234\n";

    fn planned(corrections: &Corrections) -> Planned {
        let mut n = 0;
        let mut ids = |k: &'static KindDef| {
            n += 1;
            format!("{}-{n}", k.name)
        };
        plan_corrected(
            &source::read::read_markdown(PLAN),
            Format::Markdown,
            &[],
            &mut ids,
            corrections,
        )
    }

    fn titles(p: &Planned, kind: &str) -> Vec<String> {
        let Ok(def) = catalog::kind(kind) else {
            return Vec::new();
        };
        p.records
            .get(kind)
            .into_iter()
            .flatten()
            .filter_map(|r| {
                r.get(def.title)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            })
            .collect()
    }

    fn line_of(p: &Planned, starts: &str) -> usize {
        p.report
            .blocks
            .iter()
            .find(|b| b.text.starts_with(starts))
            .map(|b| b.line)
            .expect("the block is in the preview")
    }

    fn said(line: usize, kind: &str, columns: &[(&str, Option<&str>)]) -> Correction {
        Correction {
            line,
            read_as: kind.into(),
            columns: columns
                .iter()
                .map(|(c, f)| ColumnChoice {
                    column: c.to_string(),
                    field: f.map(str::to_string),
                })
                .collect(),
            anchor: String::new(),
        }
    }

    #[test]
    fn the_preview_lists_each_block_with_how_it_was_read() {
        let p = planned(&Corrections::default());
        let shapes: Vec<(&str, &str)> = p
            .report
            .blocks
            .iter()
            .map(|b| (b.shape.as_str(), b.read_as.as_str()))
            .collect();
        assert_eq!(
            shapes,
            [
                ("table", "text"),
                ("text", "text"),
                // "Switch the ovens off", "Ring the landlord": instructions.
                ("list", "checklist"),
                ("table", "role"),
                // "Company: Acme Mutual", "Telephone: …": the insurer, reached by its number.
                ("list", "vendor")
            ],
            "{:#?}",
            p.report.blocks
        );
        let roles = p
            .report
            .blocks
            .iter()
            .find(|b| b.read_as == "role")
            .unwrap();
        assert_eq!(roles.columns, ["Role", "Primary"]);
        assert_eq!(roles.fields, [Some("name".into()), Some("primary".into())]);
        assert!(titles(&p, "level").is_empty() && titles(&p, "contact") == ["Dana"]);
    }

    #[test]
    fn a_table_no_rule_knows_is_read_as_contacts_with_the_columns_chosen() {
        let line = line_of(&planned(&Corrections::default()), "| Crew");
        let c = Corrections {
            blocks: vec![said(
                line,
                "contact",
                &[("Crew", Some("name")), ("2", Some("phones"))],
            )],
        };
        let p = planned(&c);
        assert_eq!(titles(&p, "contact"), ["Dana", "Omar"]);
        let dana = &p.records["contact"][0];
        assert_eq!(dana["phones"], serde_json::json!(["+44 161 496 0100"]));
        assert_eq!(
            dana["notes"], "Shift: Early",
            "an unmapped column goes to the notes"
        );
        let block = p.report.blocks.iter().find(|b| b.line == line).unwrap();
        assert!(block.corrected);
        assert_eq!(block.read_as, "contact");
        assert_eq!(
            block.fields,
            [Some("name".into()), Some("phones".into()), None]
        );
        // Only that block changed: the role table reads as before, and names the same Dana.
        assert_eq!(titles(&p, "role"), ["Incident lead"]);
        assert_eq!(p.records["role"][0]["primary"], dana["id"]);
    }

    #[test]
    fn a_sentence_naming_levels_is_read_as_levels_in_order() {
        let line = line_of(&planned(&Corrections::default()), "We say");
        let p = planned(&Corrections {
            blocks: vec![said(line, "level", &[])],
        });
        assert_eq!(titles(&p, "level"), ["Amber", "Red", "Black"]);
        let red = &p.records["level"][1];
        assert_eq!(red["criteria"], "no baking today");
        assert_eq!(red["rank"], "2");
        let section = p.records["section"]
            .iter()
            .find(|s| s["title"] == "How bad is it")
            .unwrap();
        assert!(
            section["body"]
                .as_str()
                .unwrap()
                .contains("Amber (one oven down)"),
            "the sentence stays in its section as written"
        );
    }

    #[test]
    fn a_list_becomes_a_checklist_and_a_table_becomes_text_when_the_founder_says() {
        let first = planned(&Corrections::default());
        let list = line_of(&first, "- Switch");
        let roles = line_of(&first, "| Role");
        let p = planned(&Corrections {
            blocks: vec![said(list, "checklist", &[]), said(roles, "text", &[])],
        });
        assert_eq!(titles(&p, "checklist"), ["When the power goes"]);
        let steps: Vec<&str> = p.records["item"]
            .iter()
            .map(|i| i["text"].as_str().unwrap())
            .collect();
        assert_eq!(steps, ["Switch the ovens off", "Ring the landlord"]);
        assert!(
            titles(&p, "role").is_empty(),
            "the table read as text makes no role"
        );
        let section = p.records["section"]
            .iter()
            .find(|s| s["title"] == "Roles")
            .unwrap();
        assert!(
            section["body"]
                .as_str()
                .unwrap()
                .contains("| Incident lead | Dana |")
        );
    }

    #[test]
    fn a_list_of_labels_is_one_record_with_its_labels_mapped() {
        let line = line_of(&planned(&Corrections::default()), "- Company");
        let p = planned(&Corrections {
            blocks: vec![said(
                line,
                "vendor",
                &[("Company", Some("name")), ("Policy", Some("account_id"))],
            )],
        });
        assert_eq!(titles(&p, "vendor"), ["Acme Mutual"]);
        let v = &p.records["vendor"][0];
        assert_eq!(v["account_id"], "BK-1234");
        assert_eq!(v["support_phone"], "+44 161 496 0500");
        let block = p.report.blocks.iter().find(|b| b.line == line).unwrap();
        assert_eq!(block.columns, ["Company", "Telephone", "Policy"]);
    }

    #[test]
    fn corrections_that_cannot_be_followed_are_refused_with_the_reason() {
        let err = |read: &[&str], map: &[&str]| {
            let read: Vec<String> = read.iter().map(|s| s.to_string()).collect();
            let map: Vec<String> = map.iter().map(|s| s.to_string()).collect();
            Corrections::from_args(&read, &map).unwrap_err().to_string()
        };
        assert!(err(&["12=lvl"], &[]).contains("“lvl” is not a kind"));
        assert!(err(&["x=level"], &[]).contains("is not a line number"));
        assert!(err(&["12"], &[]).contains("LINE=KIND"));
        assert!(err(&["12=contact"], &["12=Crew:nme"]).contains("no field “nme”"));
        assert!(err(&[], &["12=Crew"]).contains("COLUMN:FIELD"));
        assert!(err(&["12=text"], &["12=Crew:name"]).contains("read as text has no columns"));
        let ok = Corrections::from_args(
            &["12=contact".into()],
            &["12=Crew:name,Ring on:phones,Shift:-".into()],
        )
        .unwrap();
        assert_eq!(ok.blocks.len(), 1);
        assert_eq!(ok.blocks[0].columns[2].field, None);
    }

    #[test]
    fn a_correction_follows_its_block_when_the_lines_move() {
        let line = line_of(&planned(&Corrections::default()), "| Crew");
        let mut c = said(line, "contact", &[("Ring on", Some("phones"))]);
        c.anchor = "| Crew | Ring on | Shift |".into();
        // Three lines added at the top of the newer version.
        let newer = PLAN.replacen(
            "\n\n",
            "\n\nA new opening paragraph,\nover two lines.\n\n",
            1,
        );
        let mut n = 0;
        let mut ids = |k: &'static KindDef| {
            n += 1;
            format!("{}-{n}", k.name)
        };
        let p = plan_corrected(
            &source::read::read_markdown(&newer),
            Format::Markdown,
            &[],
            &mut ids,
            &Corrections { blocks: vec![c] },
        );
        assert_eq!(titles(&p, "contact"), ["Dana", "Omar"]);
        assert!(
            p.report
                .notes
                .iter()
                .any(|n| n.contains(&format!("line {line} now applies at line {}", line + 3))),
            "{:?}",
            p.report.notes
        );
    }
}
