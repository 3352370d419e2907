//! The pipeline: the outline's blocks, in order, each given to the readings that fit its shape
//! (or read as the founder said in the preview), sections opened at every heading.

use super::*;

mod steps;

/// One reading of a block of text: what it looks for, how sure what it finds is, and the
/// function that reads it. Run in this order on every block of text the founder has not
/// corrected.
struct TextReading {
    /// What the reading finds, for whoever reads this table.
    #[allow(dead_code)]
    finds: &'static str,
    confidence: Confidence,
    read: fn(&mut Planner, &TextBlock),
}

/// A block of text and where it sits.
struct TextBlock<'b> {
    text: &'b str,
    line: usize,
    section: &'b str,
    /// The heading above the section's, if any.
    parent: Option<&'b str>,
}

const TEXT_READINGS: &[TextReading] = &[
    TextReading {
        finds: "people with their phone numbers, in lists and lines",
        confidence: Confidence::Likely,
        read: |p, b| p.people_in_text(b.text, b.line),
    },
    TextReading {
        finds: "people a list names by a link to their profile (\"[Lucas-C](https://github.com/Lucas-C)\")",
        confidence: Confidence::Likely,
        read: |p, b| p.people_by_profile(b.text, b.line),
    },
    TextReading {
        finds: "whom a sentence says to reach, with the phone numbers listed below it",
        confidence: Confidence::Likely,
        read: |p, b| p.phones_listed_for(b.text, b.line),
    },
    TextReading {
        finds: "contacts named by the sentence that says how to reach them",
        confidence: Confidence::Likely,
        read: |p, b| p.contacts_in_sentences(b.text, b.line),
    },
    TextReading {
        finds: "public services a sentence says to call in, with no number (\"contact local law enforcement\")",
        confidence: Confidence::Likely,
        read: |p, b| p.services_to_contact(b.text, b.line),
    },
    TextReading {
        finds: "message templates (blocks with blanks to fill)",
        confidence: Confidence::Likely,
        read: |p, b| p.templates_in_text(b.text, b.line, b.section),
    },
    TextReading {
        finds: "levels written as list items (\"* TYPE 1 - A catastrophic event …\")",
        confidence: Confidence::Likely,
        read: |p, b| p.levels_in_lists(b.text, b.line, b.section),
    },
    TextReading {
        finds: "messages quoted to be said or sent (a blockquote in quotation marks)",
        confidence: Confidence::Likely,
        read: |p, b| p.quoted_messages(b.text, b.line),
    },
    TextReading {
        finds: "messages quoted in sentences to be said aloud (\"a call over the radio of \"…\"\")",
        confidence: Confidence::Likely,
        read: |p, b| p.spoken_messages(b.text, b.line, b.section),
    },
    TextReading {
        finds: "tree drawings of systems and the vendors that run them",
        confidence: Confidence::Likely,
        read: |p, b| p.tree_drawing(b.text, b.line),
    },
    TextReading {
        finds: "roles written as the items of a list under a heading about roles",
        confidence: Confidence::Likely,
        read: |p, b| p.roles_in_lists(b.text, b.line, b.section),
    },
    TextReading {
        finds: "escalation orders written as chains of roles (\"Incident Commander → CTO → CEO\"): the call tree",
        confidence: Confidence::Likely,
        read: |p, b| p.escalation_chains(b.text, b.line),
    },
    TextReading {
        finds: "escalation orders written as a list of roles under a heading naming one",
        confidence: Confidence::Likely,
        read: |p, b| p.escalation_lists(b.text, b.line, b.section),
    },
    TextReading {
        finds: "roles with who holds them (\"- **Fire Warden** -- Jo Bloggs\")",
        confidence: Confidence::Likely,
        read: |p, b| p.roles_with_holders(b.text, b.line),
    },
    TextReading {
        finds: "helpers a list asks for (\"Person to retrieve the first aid kit\")",
        confidence: Confidence::Likely,
        read: |p, b| p.helper_roles(b.text, b.line),
    },
    TextReading {
        finds: "risks written as named list items (\"- Natural Disasters: floods, storms …\")",
        confidence: Confidence::Likely,
        read: |p, b| p.risks_in_lists(b.text, b.line, b.section),
    },
    TextReading {
        finds: "risks listed under a heading naming them (\"Incident categories\", \"Key Risks\")",
        confidence: Confidence::Likely,
        read: |p, b| p.risks_under_group(b.text, b.line, (b.section, b.parent)),
    },
    TextReading {
        finds: "risks a list gives as examples after a lead-in saying so (\"Examples of breaches:\")",
        confidence: Confidence::Likely,
        read: |p, b| p.risks_after_lead_in(b.text, b.line),
    },
    TextReading {
        finds: "risks a sentence lists (\"Scenarios … include data loss, …\")",
        confidence: Confidence::Likely,
        read: |p, b| p.risks_in_sentences(b.text, b.line),
    },
    TextReading {
        finds: "risks a condition names (\"In the event of a fire, …\")",
        confidence: Confidence::Likely,
        read: |p, b| p.risks_in_conditions(b.text, b.line),
    },
    TextReading {
        finds: "cadences in list items (\"Quarterly recovery drills\")",
        confidence: Confidence::Likely,
        read: |p, b| p.schedules_in_lists(b.text, b.line),
    },
    TextReading {
        finds: "levels a sentence names (\"two types of evacuation: *area* … and *general*\")",
        confidence: Confidence::Likely,
        read: |p, b| p.levels_in_sentences(b.text, b.line),
    },
    TextReading {
        finds: "whom to tell, as a list under a lead-in or heading about telling",
        confidence: Confidence::Likely,
        read: |p, b| p.comms_in_lists(b.text, b.line, b.section),
    },
    TextReading {
        finds: "registers, systems and kit the plan keeps or uses (\"the Signing-in Book\", \"the backup server\")",
        confidence: Confidence::Likely,
        read: |p, b| p.resources_named(b.text, b.line),
    },
    TextReading {
        finds: "roles and who holds them, said in sentences",
        confidence: Confidence::Inferred,
        read: |p, b| p.roles_in_prose(b.text, b.line, b.section),
    },
    TextReading {
        finds: "jobs named with who holds them in brackets (\"the PI (Katie)\")",
        confidence: Confidence::Likely,
        read: |p, b| p.holders_in_brackets(b.text, b.line),
    },
    TextReading {
        finds: "how often things are tested and reviewed, said in sentences",
        confidence: Confidence::Inferred,
        read: |p, b| p.schedules_in_prose(b.text, b.line, b.section),
    },
];

/// Decides what every block of `outline` becomes, given the records already in the binder
/// (records with the same title are updated rather than duplicated, so importing the same file
/// twice changes nothing). `new_id` makes the id of each new record.
pub fn plan(
    outline: &Outline,
    format: Format,
    existing: &[Record],
    new_id: &mut dyn FnMut(&'static KindDef) -> String,
) -> Planned {
    plan_corrected(outline, format, existing, new_id, &Corrections::default())
}

/// [`plan`], reading the blocks the founder corrected in the preview as they said.
pub fn plan_corrected(
    outline: &Outline,
    format: Format,
    existing: &[Record],
    new_id: &mut dyn FnMut(&'static KindDef) -> String,
    corrections: &Corrections,
) -> Planned {
    let mut p = Planner::new(existing, new_id);
    let placed = corrections.placed(outline, &mut p.report.notes);
    p.report.corrections = placed.anchored(outline);
    let corrections = &placed;
    p.report.format = format.name().to_string();
    p.report.notes.extend(outline.notes.iter().cloned());
    note_noise_lines(&mut p.report.notes, outline);
    let title = plan_title(outline);
    p.report.title = title.clone();
    let mut walk = Walk {
        p,
        corrections,
        stack: Vec::new(),
        current: None,
        heading_rows: None,
        last_heading: None,
        trail: Vec::new(),
        metadata_text: String::new(),
        headings_seen: 0,
        repeated: repeated_headings(outline),
    };
    if let Some(front) = &outline.front {
        walk.front_matter(front, title.as_deref());
    }
    for block in &outline.blocks {
        walk.p.block = block.line();
        walk.p.corrected = corrections.at(block.line()).is_some();
        match block {
            Block::Heading { level, title, line } => walk.heading(*level, title, *line),
            Block::Text { text, line } => walk.text(text, *line),
            Block::Table { table, raw, line } => walk.table(table, raw, *line),
            Block::Tasks { items, line, raw } => walk.tasks(items, raw, *line),
        }
    }
    walk.p.block = 0;
    let Walk {
        mut p,
        mut current,
        mut heading_rows,
        metadata_text,
        ..
    } = walk;
    flush_heading_rows(&mut p, &mut heading_rows, current.as_mut());
    if let Some(s) = current.take() {
        p.finish_section(s);
    }
    headings_as_levels(&mut p, &outline.blocks);
    headings_as_risks(&mut p, &outline.blocks);
    labelled_risk_headings(&mut p, &outline.blocks);
    headings_as_templates(&mut p, &outline.blocks);
    headings_as_steps(&mut p, &outline.blocks);
    headings_as_roles(&mut p, &outline.blocks);
    roles_across_the_top(&mut p, &outline.blocks, corrections);
    roles_named_throughout(&mut p, &outline.blocks, corrections);
    providers_named_throughout(&mut p, &outline.blocks, corrections, title.as_deref());
    plan_record(&mut p, existing, title.as_deref(), &metadata_text);
    clean_record_titles(&mut p);
    impact_links(&mut p);
    p.report.blocks = source_blocks(outline, &p.report.entries, corrections, &p.mappings);
    note_unused_corrections(&mut p, corrections);
    into_planned(p)
}

/// Says which lines of site-generator markup were left out, so the founder knows nothing
/// they wrote vanished silently.
fn note_noise_lines(notes: &mut Vec<String>, outline: &Outline) {
    if !outline.noise_lines.is_empty() {
        notes.push(format!(
            "left out {} line(s) of site-generator markup (MDX imports, Hugo shortcodes, Jekyll tags) at line(s) {}",
            outline.noise_lines.len(),
            outline.noise_lines.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
        ));
    }
}

/// Says which corrections named a line where no block starts, since they were not used.
fn note_unused_corrections(p: &mut Planner, corrections: &Corrections) {
    let unused: Vec<String> = corrections
        .blocks
        .iter()
        .filter(|c| !p.report.blocks.iter().any(|b| b.line == c.line))
        .map(|c| c.line.to_string())
        .collect();
    if !unused.is_empty() {
        p.report.notes.push(format!(
            "no block of the document starts at line(s) {}, so what was said for them was not used",
            unused.join(", ")
        ));
    }
}

/// The planner's rows grouped by kind, with the report's entries in the document's order.
fn into_planned(mut p: Planner) -> Planned {
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

/// The plan's title: front matter, else a first heading at the top of the file.
fn plan_title(outline: &Outline) -> Option<String> {
    let first_heading = outline.blocks.iter().find_map(|b| match b {
        Block::Heading { level, title, .. } => Some((*level, title.clone())),
        _ => None,
    });
    // A page's kicker or a button's label before its only top heading ("Keyholder", then
    // "Emergency & Procedures") does not stop that heading being the title.
    let before: usize = outline
        .blocks
        .iter()
        .take_while(|b| !matches!(b, Block::Heading { .. }))
        .map(|b| match b {
            Block::Text { text, .. } => text.split_whitespace().count(),
            _ => usize::MAX,
        })
        .fold(0, usize::saturating_add);
    let top_headings = outline
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Heading { level: 1, .. }))
        .count();
    let starts_with_heading = matches!(outline.blocks.first(), Some(Block::Heading { .. }))
        || (before <= 6 && top_headings == 1);
    outline
        .front
        .as_ref()
        .and_then(|f| f.title.clone())
        .or_else(|| {
            first_heading
                .filter(|(l, _)| *l <= 1 && starts_with_heading)
                .map(|(_, t)| t)
        })
        .or_else(|| titled_by_label(outline))
}

/// The title a policy's header box gives before its first heading ("**Title**: Contingency
/// Planning Policy" in a table cell or a line of its own).
fn titled_by_label(outline: &Outline) -> Option<String> {
    let cells = outline
        .blocks
        .iter()
        .take_while(|b| !matches!(b, Block::Heading { .. }))
        .flat_map(|b| match b {
            Block::Table { table, .. } => table
                .headers
                .iter()
                .chain(table.rows.iter().flatten())
                .cloned()
                .collect::<Vec<_>>(),
            Block::Text { text, .. } => text.lines().map(str::to_string).collect(),
            _ => Vec::new(),
        });
    for cell in cells {
        let plain = normalise(&cell.replace("**", ""));
        if let Some((label, value)) = plain.split_once(':')
            && ["title", "policy title", "document title", "plan title"]
                .contains(&label.trim().to_lowercase().as_str())
            && (1..=12).contains(&value.split_whitespace().count())
        {
            return Some(value.trim().to_string());
        }
    }
    None
}

/// The walk through the blocks: the sections open above the current block and what the
/// blocks just read leave for the next one.
struct Walk<'p, 'c> {
    p: Planner<'p>,
    corrections: &'c Corrections,
    /// (level, id, key) of the sections open above.
    stack: Vec<(u8, String, String)>,
    current: Option<Section>,
    /// Sibling headings each followed only by "- **Label**: value" lines: a table written as
    /// headings (see `HeadingRows`).
    heading_rows: Option<HeadingRows>,
    last_heading: Option<(u8, String, usize)>,
    /// The headings above the current text, for naming a "Procedure:" by what it is for.
    trail: Vec<(u8, String)>,
    /// The text under the first heading, where a plan says its owner and dates.
    metadata_text: String,
    headings_seen: usize,
    /// Headings the document gives more than once ("Immediate Actions" under each hazard), by
    /// their match keys.
    repeated: std::collections::HashSet<String>,
}

/// The match keys of the headings a document gives more than once.
fn repeated_headings(outline: &Outline) -> std::collections::HashSet<String> {
    let mut seen = std::collections::HashSet::new();
    let mut repeated = std::collections::HashSet::new();
    for b in &outline.blocks {
        if let Block::Heading { title, .. } = b {
            let key = words_key(&normalise(title));
            if !seen.insert(key.clone()) {
                repeated.insert(key);
            }
        }
    }
    repeated
}

impl Walk<'_, '_> {
    /// The title of a checklist under the current heading: the heading, or — when the document
    /// gives it again under other headings ("Immediate Actions" under each hazard) — the heading
    /// above and it ("Fire and Smoke: Immediate Actions").
    fn checklist_title(&self, title: &str) -> String {
        let bare = title.trim().trim_end_matches(':').trim();
        let parent = self.trail.iter().rev().nth(1).map(|(_, t)| t.as_str());
        match parent {
            Some(parent) if self.repeated.contains(&words_key(&normalise(bare))) => {
                format!("{}: {}", normalise(parent), normalise(bare))
            }
            _ => procedure_title(bare, parent),
        }
    }

    /// Whether the heading above the current one names phases or stages ("5. Incident Response
    /// Phases" over "a. Preparation", "b. Containment"): each of its headings is one.
    fn under_phases(&self) -> bool {
        self.trail.iter().rev().nth(1).is_some_and(|(_, t)| {
            t.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| ["phases", "stages", "steps"].contains(&w))
        })
    }

    fn open_section(&mut self, level: u8, title: &str, line: usize) -> Section {
        let p = &mut self.p;
        while self.stack.last().is_some_and(|(l, _, _)| *l >= level) {
            self.stack.pop();
        }
        let mut path: Vec<String> = self.stack.iter().map(|(_, _, k)| k.clone()).collect();
        path.push(section_key(title));
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
            None => ((p.new_id)(kind_def("section")), true),
        };
        let parent = self.stack.last().map(|(_, id, _)| id.clone());
        self.stack.push((level, id.clone(), section_key(title)));
        Section {
            id,
            title: title.to_string(),
            level,
            parent,
            body: Vec::new(),
            new,
            line,
        }
    }

    /// The section the next block goes into ("Introduction" before the first heading).
    fn take_section(&mut self, line: usize) -> Section {
        match self.current.take() {
            Some(s) => s,
            None => self.open_section(7, "Introduction", line),
        }
    }

    fn front_matter(&mut self, front: &FrontMatter, title: Option<&str>) {
        let mut s = self.open_section(8, "Document information", 1);
        s.body
            .push(format!("```{}\n{}\n```", front.language, front.raw));
        self.stack.clear();
        self.p.finish_section(s);
        let control = kind_def("control");
        for (framework, reference) in &front.controls {
            let (id, new) = self.p.id_for(control, reference);
            let row = self.p.row(control, &id);
            row.insert("reference".into(), reference.clone().into());
            row.insert("framework".into(), framework.clone().into());
            if let Some(t) = title {
                row.insert(
                    "evidence".into(),
                    format!("{t} (this document says it satisfies {framework} {reference})").into(),
                );
            }
            self.p.entry(
                1,
                "control",
                reference,
                Some(&id),
                new,
                format!("listed under \"satisfies\" in the front matter ({framework})"),
            );
        }
    }

    fn heading(&mut self, level: u8, title: &str, line: usize) {
        if self.heading_rows.as_ref().is_some_and(|g| g.level != level) {
            flush_heading_rows(&mut self.p, &mut self.heading_rows, self.current.as_mut());
        }
        self.last_heading = Some((level, title.to_string(), line));
        while self.trail.last().is_some_and(|(l, _)| *l >= level) {
            self.trail.pop();
        }
        self.trail.push((level, title.to_string()));
        if let Some(s) = self.current.take() {
            self.p.finish_section(s);
        }
        if let Some((_, parent)) = self.trail.iter().rev().nth(1) {
            let parent = parent.clone();
            let before = std::mem::replace(&mut self.p.confidence, Confidence::Likely);
            self.p.heading_as_record(&parent, title, line);
            self.p.confidence = before;
        }
        self.headings_seen += 1;
        // "Emergency Animal Hospital South (https://…/austin)": the section's title without
        // the link's target, which opens its text instead (so no word is lost).
        let mut section = self.open_section(level, title, line);
        let (clean, targets) = normalise::clean_title(title);
        if !targets.is_empty() {
            section.title = clean;
            section.body.push(targets.join(" "));
        }
        self.current = Some(section);
    }

    fn text(&mut self, written: &str, line: usize) {
        if self.headings_seen <= 1 {
            self.metadata_text.push_str(written);
            self.metadata_text.push('\n');
        }
        // The readings read its lists drawn tight; the section keeps the text as written.
        let tight = tight_lists(written);
        let text = tight.as_ref();
        if let Some(c) = self.corrections.at(line) {
            self.last_heading = None;
            flush_heading_rows(&mut self.p, &mut self.heading_rows, self.current.as_mut());
            let mut s = self.take_section(line);
            s.body.push(written.to_string());
            self.p.read_text_as(c, text, line, &mut s);
            self.current = Some(s);
            return;
        }
        let section_title = self
            .current
            .as_ref()
            .map(|s| s.title.clone())
            .unwrap_or_else(|| "Message".into());
        let parent = self.trail.iter().rev().nth(1).map(|(_, t)| t.clone());
        let block = TextBlock {
            text,
            line,
            section: &section_title,
            parent: parent.as_deref(),
        };
        for reading in TEXT_READINGS {
            self.p.confidence = reading.confidence;
            (reading.read)(&mut self.p, &block);
        }
        self.p.confidence = Confidence::Likely;
        let labelled = bold_labels(text).is_some();
        self.labels(text, line, &section_title);
        if !labelled {
            // After every other reading of people: the numbers they left.
            self.p.contacts_by_number(text, line, &section_title);
        }
        let mut s = self.take_section(line);
        s.body.push(written.to_string());
        self.steps(text, line, &mut s);
        self.current = Some(s);
        self.p.confidence = Confidence::Sure;
    }

    /// `**Label**: value` lines: a row of a table written as headings when they follow a
    /// heading directly, else a labelled list read on its own.
    fn labels(&mut self, text: &str, line: usize, section_title: &str) {
        match (self.last_heading.take(), bold_labels(text)) {
            (Some((level, title, at)), Some(pairs)) => {
                let group = self.heading_rows.get_or_insert_with(|| HeadingRows {
                    level,
                    line: at,
                    rows: Vec::new(),
                });
                group.rows.push((title, pairs, line));
            }
            (_, pairs) => {
                flush_heading_rows(&mut self.p, &mut self.heading_rows, self.current.as_mut());
                if let Some(pairs) = pairs {
                    self.p.labelled_list(&pairs, line, section_title);
                }
            }
        }
    }

    fn table(&mut self, table: &Table, raw: &str, line: usize) {
        self.last_heading = None;
        flush_heading_rows(&mut self.p, &mut self.heading_rows, self.current.as_mut());
        let mut s = self.take_section(line);
        match self.corrections.at(line) {
            Some(c) => self.p.table_as(c, table, raw, line, &mut s),
            None => self.p.table(table, raw, line, &mut s),
        }
        self.current = Some(s);
    }

    fn tasks(&mut self, items: &[Task], raw: &str, line: usize) {
        self.last_heading = None;
        flush_heading_rows(&mut self.p, &mut self.heading_rows, self.current.as_mut());
        let mut s = self.take_section(line);
        match self.corrections.at(line) {
            Some(c) if c.read_as != "checklist" => {
                s.body.push(raw.to_string());
                self.p.read_text_as(c, raw, line, &mut s);
            }
            _ => {
                let title = self.checklist_title(&s.title);
                let steps = items.iter().map(|t| (t.text.clone(), Vec::new())).collect();
                let id = self.p.checklist(&title, line, &mut s, steps);
                self.p.keep_if_left_out(&id, &s, raw);
            }
        }
        self.current = Some(s);
    }
}
