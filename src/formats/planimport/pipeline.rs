//! The pipeline: the outline's blocks, in order, each given to the readings that fit its shape
//! (or read as the founder said in the preview), sections opened at every heading.

use super::*;

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
    roles_named_throughout(&mut p, &outline.blocks, corrections);
    providers_named_throughout(&mut p, &outline.blocks, corrections);
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

    /// Steps in a block of text: for one role ("Steps for the note-taker"), numbered under a
    /// procedure-like heading, under a sentence or a bold line that leads into them, or task
    /// lists written on one line.
    fn steps(&mut self, text: &str, line: usize, s: &mut Section) {
        let made = self.heading_steps(text, line, s);
        self.role_steps(text, line, s);
        self.lead_in_steps(text, line, s, made);
        let heading = normalise(&s.title);
        if made {
            return;
        }
        // A runbook under "Restore process": each paragraph that leads to a command (read
        // before the paragraphs of prose, which would take its instructions without commands).
        let procedure =
            is_procedure(&heading) || is_situation(&heading) || is_instruction(&heading);
        // A heading that says what to do to a system ("Install duplicity", "Backup the backup
        // config", "Export-backup-import GPG keys") over a paragraph leading to a command is a
        // procedure of one step already.
        let commanded = opens_with_action(&heading.replacen('-', " ", 1));
        if (procedure || commanded)
            && let Some(steps) = runbook_steps(text, commanded)
            && (steps.len() >= 2 || commanded)
        {
            let title = self.checklist_title(&s.title);
            let steps = steps.into_iter().map(|t| (t, Vec::new())).collect();
            self.p.checklist(&title, line, s, steps);
            return;
        }
        // A paragraph of instructions under a heading that is no part of a plan ("Flooding":
        // "Switch off all electrical appliances. Unplug the telephone. …"): a step a sentence.
        if !text.contains("[ ]")
            && !names_duties(&heading)
            && !names_a_part(&heading)
            && let Some(steps) = prose_steps(text)
        {
            let title = self.checklist_title(&s.title);
            let count = steps.len();
            let steps = steps.into_iter().map(|t| (t, Vec::new())).collect();
            let id = self.p.checklist(&title, line, s, steps);
            if let Some(e) = self
                .p
                .report
                .entries
                .iter_mut()
                .rev()
                .find(|e| e.kind == "checklist" && e.id.as_deref() == Some(id.as_str()))
            {
                e.detail = format!("instructions written as prose: {count} steps, a sentence each");
            }
            return;
        }
        // "Particular Situations" › "School arrives significantly late to site": "The school
        // must contact the president …" — under a situation, what someone must do is its
        // steps.
        let situation = is_situation(&heading) || self.under_situations() || names_a_risk(&heading);
        if situation
            && !names_duties(&heading)
            && !names_a_part(&heading)
            && let Some(steps) = duty_steps(text)
        {
            let title = self.checklist_title(&s.title);
            let count = steps.len();
            let steps = steps.into_iter().map(|t| (t, Vec::new())).collect();
            let id = self.p.checklist(&title, line, s, steps);
            if let Some(e) = self
                .p
                .report
                .entries
                .iter_mut()
                .rev()
                .find(|e| e.kind == "checklist" && e.id.as_deref() == Some(id.as_str()))
            {
                e.detail = format!("what to do in this situation, said as duties: {count} steps");
            }
        }
    }

    /// Whether the heading above the current one names situations or scenarios ("Particular
    /// Situations", "Failure Scenarios"): each heading under it is one.
    fn under_situations(&self) -> bool {
        self.trail.iter().rev().nth(1).is_some_and(|(_, t)| {
            let last = t
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .rfind(|w| !w.is_empty())
                .unwrap_or_default()
                .to_string();
            ["situations", "contingencies", "cases"].contains(&last.as_str())
                || GROUPS.contains(&last.as_str())
        })
    }

    /// The block as the steps its heading names, if it names them; whether it did.
    fn heading_steps(&mut self, text: &str, line: usize, s: &mut Section) -> bool {
        let under_phases = self.under_phases();
        // A list of instructions under any heading ("Monitor and stand by": "Approach…",
        // "Offer…") is that heading's steps.
        let imperative = imperative_steps(text);
        // The heading as recognition reads it: "11.1 On Discovering a Fire" is a situation.
        let heading = normalise(&s.title);
        let p = &mut self.p;
        if let Some(owner) = steps_owner(&s.title)
            && let Some(steps) = list_steps(text)
        {
            let title = s.title.trim().trim_end_matches(':').to_string();
            let steps = steps
                .into_iter()
                .map(|t| (t, vec![("owner", owner.clone())]))
                .collect();
            p.checklist(&title, line, s, steps);
            true
        } else if let Some(name) = step_heading(&s.title)
            && let Some(steps) = numbered_steps(text)
                .or_else(|| list_steps(text))
                .or_else(|| all_list_items(text))
        {
            // "Step 2: Containment" and its list: the checklist of that step.
            let steps = steps.into_iter().map(|t| (t, Vec::new())).collect();
            p.checklist(&name, line, s, steps);
            true
        } else if !names_duties(&heading)
            // A bulleted list of labels ("**IT systems:** we have a plan …") says what there
            // is, not what to do; numbered, it is steps ("1. **Alert:** Notify …").
            && (imperative || numbered_steps(text).is_some() || bold_labels(text).is_none())
            && (is_procedure(&heading)
                || (handles(&heading) && told_steps(text))
                || is_situation(&heading)
                || is_instruction(&heading)
                || phase_of(&heading).is_some()
                || window_of(&heading).is_some()
                || under_phases
                || imperative)
            && let Some(steps) = numbered_steps(text).or_else(|| {
                only_a_list(
                    &heading,
                    text,
                    under_phases
                        || imperative
                        || is_instruction(&heading)
                        // "The typical process … is as follows." over steps in both moods.
                        || (handles(&heading) && told_steps(text)),
                )
            })
        {
            let title = self.checklist_title(&s.title);
            let steps = steps.into_iter().map(|t| (t, Vec::new())).collect();
            self.p.checklist(&title, line, s, steps);
            true
        } else {
            false
        }
    }

    /// Steps a lead-in gives to a role by name ("If you are the *Fire Procedure Coordinator*,
    /// you must:"): the role, and its checklist named by the heading and the role, each step
    /// owned by it.
    fn role_steps(&mut self, text: &str, line: usize, s: &mut Section) {
        for (offset, role, steps) in role_steps(text) {
            self.p.role_named_by_lead(&role, line + offset);
            let heading = normalise(&s.title);
            let title = match heading.is_empty() {
                true => role.clone(),
                false => format!("{heading}: {role}"),
            };
            let steps = steps
                .into_iter()
                .map(|t| (t, vec![("owner", role.clone())]))
                .collect();
            self.p.checklist(&title, line + offset, s, steps);
        }
    }

    /// Steps a sentence ("When you hear the alarm, you should:"), a bold line standing alone
    /// ("**Immediate Response Checklist**", unless the heading already took the block) or a
    /// label on one line ("Containment: - [ ] Isolate") leads into.
    fn lead_in_steps(&mut self, text: &str, line: usize, s: &mut Section, made: bool) {
        // "When you hear the fire alarm, you should:" and the steps.
        for (offset, lead, steps) in lead_in_steps(text) {
            // "The Fire Warden will:": the role's steps, read as such ([`Self::role_steps`]).
            if role_of_lead(&format!("{lead}:")).is_some() {
                continue;
            }
            let steps = steps.into_iter().map(|t| (t, Vec::new())).collect();
            // "You should:", "To help with eradication you should:" say only that steps follow:
            // the heading names them ("7. Eradicate").
            // "If you encounter a fire, follow the steps below" under "Fire": the lead-in
            // restates the heading.
            let heading = words_key(&normalise(&s.title));
            let restated = !heading.is_empty()
                && format!(" {} ", words_key(&lead)).contains(&format!(" {heading} "));
            if made && restated {
                // "Fire" over "If you encounter a fire, follow the steps below:": the heading
                // took the steps already.
                continue;
            }
            // A lead-in of a few words says only that steps follow, and a long one says when
            // in a paragraph's words: the heading names the steps. One between is their name
            // ("When you hear the fire alarm, you should").
            // ("A list of things that should be done …", "Below are the steps …" say only
            // that steps follow, at any length.)
            let lower = lead.to_lowercase();
            // ("An overview of the process is provided below:" too.)
            let says_a_list_follows =
                ["a list of", "list of", "the following", "below", "here are"]
                    .iter()
                    .any(|p| lower.starts_with(p))
                    || [" below", "as follows", "overview"]
                        .iter()
                        .any(|p| lower.contains(p));
            let title = match lead.split_whitespace().count() {
                7..=14 if !says_a_list_follows => lead,
                _ => normalise::normalise(&self.checklist_title(&s.title)),
            };
            self.p.checklist(&title, line + offset, s, steps);
        }
        // "**Immediate Response Checklist**" over its list.
        for (offset, label, steps) in bold_lead_steps(text).into_iter().filter(|_| !made) {
            let steps = steps.into_iter().map(|t| (t, Vec::new())).collect();
            self.p.checklist(&label, line + offset, s, steps);
        }
        // "Containment: - [ ] Isolate - [ ] Rotate keys".
        for (offset, label, steps) in inline_tasks(text) {
            let title = label.unwrap_or_else(|| self.checklist_title(&s.title));
            let steps = steps.into_iter().map(|t| (t, Vec::new())).collect();
            self.p.checklist(&title, line + offset, s, steps);
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

/// Whether a heading names a procedure or how a thing is dealt with ("Vulnerability
/// handling", "Incident handling"): its list, told as steps in either mood, is steps.
fn handles(heading: &str) -> bool {
    is_procedure(heading) || heading.to_lowercase().trim_end().ends_with("handling")
}
