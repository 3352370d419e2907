use super::*;

impl Planner<'_> {
    pub(crate) fn checklist(
        &mut self,
        title: &str,
        line: usize,
        section: &mut Section,
        mut steps: Vec<(String, Vec<(&'static str, String)>)>,
    ) -> String {
        // Who acts in the steps ("The security team investigates …"): a role, owning them.
        self.owners_acting(&mut steps, line);
        let kind = kind_def("checklist");
        let n = self.checklist_titles.entry(words_key(title)).or_insert(0);
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
            format!("a list of {}", steps_text(steps.len())),
        );
        let window = window_of(&title);
        let item = kind_def("item");
        // The n-th step with a given text is the n-th existing one: a list that repeats a step
        // keeps both, and importing it again finds them.
        let mut uses: HashMap<String, usize> = HashMap::new();
        for (position, (text, extra)) in steps.iter().enumerate() {
            let key = (id.clone(), words_key(text));
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
            row.insert("text".into(), normalise::plain_step(text).into());
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
            "*Checklist “{title}” with {} — see Checklists.*",
            steps_text(steps.len())
        ));
        id
    }
}

/// "1 step", "6 steps".
fn steps_text(n: usize) -> String {
    if n == 1 {
        "1 step".to_string()
    } else {
        format!("{n} steps")
    }
}

/// A time window written in a checklist title: "Immediate Response (0-15 minutes)".
pub(crate) fn window_of(title: &str) -> Option<String> {
    let inside = title.rsplit_once('(')?.1.split(')').next()?.trim();
    crate::catalog::duration::parse(inside).map(|_| inside.to_string())
}

pub(crate) fn phase_of(title: &str) -> Option<&'static str> {
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

/// The role a heading gives steps to: "Steps for the note-taker", "Checklist for the Incident
/// Lead:", "Tasks for IT" name the note-taker, the Incident Lead, IT.
pub(crate) fn steps_owner(title: &str) -> Option<String> {
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

/// The items of a list (bulleted or numbered, two at least at its outermost indent), each with
/// the lines it wraps onto, and the items nested under them after their own.
pub(crate) fn list_steps(text: &str) -> Option<Vec<String>> {
    crate::formats::planimport::memo::remembered("checklists.rs:list_steps", text, || {
        list_steps_read(text)
    })
}

fn list_steps_read(text: &str) -> Option<Vec<String>> {
    let entries = list_entries(text);
    let tops = entries.iter().filter(|e| e.top).count();
    (tops >= 2).then(|| entries.into_iter().map(|e| e.text).collect())
}

/// One item of a list, as [`list_entries`] reads it.
#[derive(Clone)]
pub(crate) struct ListEntry {
    /// At the list's outermost indent (not nested under another item).
    pub(crate) top: bool,
    /// Numbered ("3. Open a ticket") rather than bulleted.
    pub(crate) numbered: bool,
    /// The item's words, the lines it wraps onto joined, without bold marks.
    pub(crate) text: String,
}

/// Every item of the lists in a text, in order, nested ones after the item they sit under, each
/// with the lines it wraps onto: a line that is no item of its own belongs to the item above it
/// when it follows it directly or, after a blank line, is indented under it (as Markdown reads
/// a list). Empty items and task boxes ("[ ]", read elsewhere) are left out.
pub(crate) fn list_entries(text: &str) -> Vec<ListEntry> {
    crate::formats::planimport::memo::remembered("checklists.rs:list_entries", text, || {
        list_entries_read(text)
    })
}

fn list_entries_read(text: &str) -> Vec<ListEntry> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let outer = outer_indent(text);
    let mut out: Vec<ListEntry> = Vec::new();
    let (mut open, mut gap) = (false, false);
    for line in text.lines() {
        if line.trim().is_empty() {
            gap = true;
            continue;
        }
        match list_item(line) {
            Some(item) => {
                out.push(ListEntry {
                    top: indent(line) == outer,
                    numbered: line.trim_start().starts_with(|c: char| c.is_ascii_digit()),
                    text: item.replace("**", "").trim().to_string(),
                });
                open = true;
            }
            None if open && (!gap || indent(line) > outer) => {
                if let Some(last) = out.last_mut() {
                    last.text.push(' ');
                    last.text.push_str(line.trim().replace("**", "").trim());
                }
            }
            None => open = false,
        }
        gap = false;
    }
    out.retain(|e| !e.text.is_empty() && !e.text.starts_with('['));
    out
}

/// The indent of a text's outermost lines (up to three spaces, as Markdown allows a list).
fn outer_indent(text: &str) -> usize {
    let indent = |l: &str| l.len() - l.trim_start().len();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(indent)
        .min()
        .filter(|&n| n <= 3)
        .unwrap_or(0)
}

/// The lines of a text at its outermost indent — a list's own items, not those nested under
/// them. A list may be indented by up to three spaces (" - Site lead to the assembly point"),
/// as Markdown allows.
pub(crate) fn top_level_lines(text: &str) -> impl Iterator<Item = &str> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let outer = outer_indent(text);
    text.lines().filter(move |l| indent(l) == outer)
}

/// Every item of a list, nested ones too (two at least): a step given a heading of its own may
/// be one lead item over its sub-steps.
pub(crate) fn all_list_items(text: &str) -> Option<Vec<String>> {
    crate::formats::planimport::memo::remembered("checklists.rs:all_list_items", text, || {
        all_list_items_read(text)
    })
}

fn all_list_items_read(text: &str) -> Option<Vec<String>> {
    let steps: Vec<String> = list_entries(text).into_iter().map(|e| e.text).collect();
    (steps.len() >= 2).then_some(steps)
}

/// Whether a heading names a procedure: steps to follow in order.
pub(crate) fn is_procedure(title: &str) -> bool {
    let t = title.to_lowercase();
    [
        "procedure",
        "steps",
        "runbook",
        "playbook",
        "process",
        "what to do",
        "checklist",
        "workflow",
        // Starting the plan: "Initiation of an Emergency Status", "Invoking the plan".
        "initiation",
        "invocation",
        "invoking",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// Whether a heading names a situation to act in — "In case of accident", "If the building
/// must be evacuated", "When the fire alarm sounds": the list under it is what to do then.
pub(crate) fn is_situation(title: &str) -> bool {
    let t = title.trim().to_lowercase();
    [
        "in case of ",
        "in the event of ",
        "in the event that ",
        "in an emergency",
        "in an evacuation",
        "if ",
        "when ",
        "upon ",
        "on discovering ",
        "on hearing ",
        "scenario",
        "failure scenario",
    ]
    .iter()
    .any(|p| t.starts_with(p))
        && t.split_whitespace().count() <= 10
        // "Downtime > 30 minutes per incident": a threshold passed is a situation too.
        || super::levels::names_a_threshold(title)
}

/// The name of one step of a procedure given a heading of its own ("Step 1: Identification",
/// "Phase 2 – Containment", "Stage 3. Recovery"): the words after the number.
pub(crate) fn step_heading(title: &str) -> Option<String> {
    let t = title.trim();
    let (word, rest) = t.split_once(char::is_whitespace)?;
    if !["step", "phase", "stage"].contains(&word.to_lowercase().as_str()) {
        return None;
    }
    let rest = rest.trim_start();
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let name = rest[digits..]
        .trim_start_matches(|c: char| c.is_whitespace() || ":.-–—)".contains(c))
        .trim();
    (!name.is_empty() && name.split_whitespace().count() <= 6).then(|| name.to_string())
}

/// A procedure's checklist name: the heading, or — when the heading only says "Procedure:" —
/// the heading above it with it ("HQ Offline: Procedure").
pub(crate) fn procedure_title(title: &str, parent: Option<&str>) -> String {
    let bare = title.trim().trim_end_matches(':').trim();
    let generic = ["procedure", "procedures", "steps", "process", "what to do"]
        .contains(&bare.to_lowercase().as_str());
    match parent {
        Some(parent) if generic => format!("{parent}: {bare}"),
        _ => bare.to_string(),
    }
}

/// The steps of a numbered list at the start of a line (two at least), as plain text, each with
/// the lines it wraps onto and the items nested under it after it.
pub(crate) fn numbered_steps(text: &str) -> Option<Vec<String>> {
    crate::formats::planimport::memo::remembered("checklists.rs:numbered_steps", text, || {
        numbered_steps_read(text)
    })
}

fn numbered_steps_read(text: &str) -> Option<Vec<String>> {
    let mut steps = Vec::new();
    let (mut numbered, mut under) = (0, false);
    for entry in list_entries(text) {
        if entry.top {
            under = entry.numbered;
            numbered += usize::from(entry.numbered);
        }
        if under {
            steps.push(entry.text);
        }
    }
    (numbered >= 2).then_some(steps)
}

/// Task lists written inline, one line each — `Containment: - [ ] Isolate the host - [ ] Rotate
/// keys` — as (line offset, the label before the first box, the steps); two boxes at least, and
/// not a line that is itself a task-list item (those are the reader's).
pub(crate) fn inline_tasks(text: &str) -> Vec<(usize, Option<String>, Vec<String>)> {
    crate::formats::planimport::memo::remembered("checklists.rs:inline_tasks", text, || {
        inline_tasks_read(text)
    })
}

fn inline_tasks_read(text: &str) -> Vec<(usize, Option<String>, Vec<String>)> {
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

/// The last sentence of a paragraph.
fn last_sentence(paragraph: &str) -> &str {
    let p = paragraph.trim();
    let body = p.strip_suffix(':').unwrap_or(p);
    match body.rfind(". ") {
        Some(at) => p[at + 2..].trim(),
        None => p,
    }
}

/// Steps under a line in bold that stands alone over them — "**Immediate Response
/// Checklist**" then a list, as a heading by its look — when the line names steps, a
/// situation, a phase or an instruction, or the items are instructions: as (line offset, the
/// line without its marks, the steps).
pub(crate) fn bold_lead_steps(text: &str) -> Vec<(usize, String, Vec<String>)> {
    crate::formats::planimport::memo::remembered("checklists.rs:bold_lead_steps", text, || {
        bold_lead_steps_read(text)
    })
}

fn bold_lead_steps_read(text: &str) -> Vec<(usize, String, Vec<String>)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        // "**Immediate Response**", or in italics as a converter writes a Word label
        // ("*Accidents Off Site:*").
        let Some(label) = ["**", "*", "_"].iter().find_map(|mark| {
            t.strip_prefix(mark)
                .and_then(|r| r.strip_suffix(mark))
                .filter(|l| !l.contains(['*', '_']) && !l.trim().is_empty())
        }) else {
            continue;
        };
        let label = label.trim().trim_end_matches(':').trim();
        if label.split_whitespace().count() > 20 {
            continue;
        }
        let items: Vec<&str> = lines[i + 1..]
            .iter()
            .take_while(|l| list_item(l).is_some() || l.starts_with([' ', '\t']))
            .copied()
            .collect();
        let list = items.join("\n");
        let heading = normalise::normalise(label);
        let names_steps = is_procedure(&heading)
            || is_situation(&heading)
            || is_instruction(&heading)
            || phase_of(&heading).is_some();
        let broken = broken_lines_steps(&items);
        if !names_steps && !imperative_steps(&list) && broken.is_none() {
            continue;
        }
        if let Some(steps) = numbered_steps(&list)
            .or_else(|| list_steps(&list))
            .or(broken)
        {
            out.push((i, label.to_string(), steps));
        }
    }
    out
}

/// Lines under a label broken by hand rather than listed ("  I will carry parents' contact
/// details with me…", "  I will take a small first aid kit…"), two at least and told as steps:
/// each line a step.
fn broken_lines_steps(lines: &[&str]) -> Option<Vec<String>> {
    let steps: Vec<String> = lines
        .iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    (steps.len() >= 2
        && lines.iter().all(|l| list_item(l).is_none())
        && steps.iter().all(|s| tells_a_step(s)))
    .then_some(steps)
}

/// Steps after a sentence that leads into them and says they are to be done — "When you hear
/// the fire alarm, you should:" and a list — as (line offset, the sentence without its colon,
/// the steps).
pub(crate) fn lead_in_steps(text: &str) -> Vec<(usize, String, Vec<String>)> {
    crate::formats::planimport::memo::remembered("checklists.rs:lead_in_steps", text, || {
        lead_in_steps_read(text)
    })
}

fn lead_in_steps_read(text: &str) -> Vec<(usize, String, Vec<String>)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..lines.len() {
        if lines[i].trim().is_empty() {
            start = i + 1;
            continue;
        }
        let Some((lead, item)) = lead_in_at(&lines, i, start) else {
            continue;
        };
        let lower = lead.to_lowercase();
        let after = match item {
            true => nested_under(&lines, i),
            false => &lines[i + 1..],
        };
        let Some(joined) = list_after(after) else {
            continue;
        };
        let told = leads_into_steps(&lead, &lower, &joined)
            || (item && (imperative_steps(&joined) || told_steps(&joined)));
        let steps = told
            .then(|| numbered_steps(&joined).or_else(|| list_steps(&joined)))
            .flatten();
        if let Some(steps) = steps {
            // The sentence as a title: without its emphasis marks ("_Responders_").
            let title = normalise::normalise(lead.trim_end_matches([':', ';']));
            out.push((i, title, steps));
        }
    }
    out
}

/// The lead-in sentence line `i` ends (its paragraph starting at `start`), and whether it is a
/// list item: a sentence ending in a colon (or ":-") over a list, not one saying what a
/// document holds ("The report should contain:").
fn lead_in_at(lines: &[&str], i: usize, start: usize) -> Option<(String, bool)> {
    let trimmed = lines[i].trim_end();
    let line = trimmed
        .strip_suffix('-')
        .filter(|l| l.ends_with(':'))
        .unwrap_or(trimmed);
    // (Or a semicolon, as some write: "Procedure here is simple;" over a list.)
    let semicolon = line.ends_with(';')
        && list_item(line).is_none()
        && lines[i + 1..]
            .iter()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| list_item(l).is_some());
    let alone =
        i + 1 >= lines.len() || lines[i + 1].trim().is_empty() || list_item(lines[i + 1]).is_some();
    if !(line.ends_with(':') || semicolon) || !alone || continues_an_item(lines, i) {
        return None;
    }
    // An item is a lead-in only when it names a procedure over the steps nested under it
    // ("- Procedure if you are injured:" over "1. Wash the wound").
    let item = list_item(line);
    // (The last lines only: a lead-in sentence is short, and a long paragraph of lines
    // ending in colons must not be joined again for each of them.)
    let paragraph = match item {
        Some(item) => item.to_string(),
        None => lines[start.max(i.saturating_sub(4))..=i]
            .iter()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" "),
    };
    let lead = last_sentence(&paragraph);
    let lower = lead.to_lowercase();
    let refused = item.is_some_and(|_| !names_a_procedure(&lower))
        || !(2..=25).contains(&lead.split_whitespace().count())
        || ["contain", "include", "criteria"]
            .iter()
            .any(|w| lower.contains(w))
        // "The following objectives have been established:": aims, not steps.
        || names_aims(&lower)
        // "… is restricted to the following roles:": who, not what to do.
        || lower
            .trim_end_matches([':', ';'])
            .split_whitespace()
            .last()
            .is_some_and(|w| ["roles", "people", "persons", "contacts", "members", "locations"].contains(&w))
        // "You should provide them with the following details:": what to tell, not steps.
        || (["details", "information"].iter().any(|w| lower.contains(w))
            && ["provide", "give", "following", "supply"]
                .iter()
                .any(|w| lower.contains(w)));
    (!refused).then(|| (lead.to_string(), item.is_some()))
}

/// Whether a list item (in lower case) names a procedure, or when one applies: "procedure if
/// you are injured:", "steps to take:", "if the alarm sounds:".
fn names_a_procedure(lower: &str) -> bool {
    ["procedure", "steps", "what to do"]
        .iter()
        .any(|w| lower.contains(w))
        || opens_a_situation(lower)
}

/// The lines nested under the list item at `i`: those after it up to the next line indented
/// no deeper than it.
fn nested_under<'l>(lines: &'l [&'l str], i: usize) -> &'l [&'l str] {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let depth = indent(lines[i]);
    let end = lines[i + 1..]
        .iter()
        .position(|l| !l.trim().is_empty() && indent(l) <= depth)
        .map_or(lines.len(), |n| i + 1 + n);
    &lines[i + 1..end]
}

/// Whether line `i` is the wrapped end of a list item above it ("1. Maximize the …\n   plan
/// that consists of the following phases:"): a lead-in within an item, as an item is.
fn continues_an_item(lines: &[&str], i: usize) -> bool {
    let indent = |l: &str| l.len() - l.trim_start().len();
    lines[..i]
        .iter()
        .rev()
        .take_while(|l| !l.trim().is_empty())
        .find(|l| list_item(l).is_some())
        .is_some_and(|item| indent(lines[i]) > indent(item))
}

/// The list after a lead-in, its items with the lines they wrap onto — and, as Word plans
/// write them, the paragraph explaining an item before the next item ("- **Call 999 and
/// summon the relevant service**." / "Give them a contact telephone number …" / "- **Notify
/// all staff …**"), read as part of the item above it. The list ends at a bold line standing
/// alone, two paragraphs in a row with no item after them, or the end. `None` when no list
/// follows straight away.
fn list_after(lines: &[&str]) -> Option<String> {
    let mut rest = lines.iter().skip_while(|l| l.trim().is_empty()).peekable();
    list_item(rest.peek()?)?;
    let mut out: Vec<String> = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    let mut paragraphs = 0;
    let mut gap = false;
    for line in rest {
        let t = line.trim();
        if t.is_empty() {
            gap = true;
            continue;
        }
        // "If you hear the alarm:" leads into a list of its own.
        if list_item(line).is_none() && (t.ends_with(':') || t.ends_with(":-")) {
            break;
        }
        if list_item(line).is_some() {
            // The paragraphs between two items belong to the one above.
            out.append(&mut pending);
            out.push(line.to_string());
            paragraphs = 0;
        } else if !gap || line.starts_with(char::is_whitespace) {
            // A line wrapping on from the item or paragraph above.
            match pending.last_mut() {
                Some(p) => {
                    p.push(' ');
                    p.push_str(t);
                }
                None => out.push(format!("  {t}")),
            }
        } else if crate::formats::planimport::source::documents::bold_throughout(t)
            || paragraphs >= 1
        {
            break;
        } else {
            paragraphs += 1;
            pending.push(format!("  {t}"));
        }
        gap = false;
    }
    Some(out.join("\n"))
}

/// Whether a lead-in sentence (`lower`: in lower case) says the list `joined` after it is steps
/// to take: it says so ("you should", "do the following"), names who is to take them over
/// instructions, or says when they apply.
fn leads_into_steps(lead: &str, lower: &str, joined: &str) -> bool {
    [
        "you should",
        "you must",
        "you need to",
        "steps",
        "do the following",
        // "A list of things that should be done/checked after a power cut:", "To do:".
        "be done",
        "be checked",
        // "At the point the competition is stopped the following should occur;".
        "should occur",
        "should happen",
        "must occur",
        "must happen",
        "to do",
        "to-do",
        "todo",
    ]
    .iter()
    .any(|w| lower.contains(w))
        // "The following procedure will apply:", "The process is as follows:" over steps
        // (not "Our opening hours are as follows:", nor "six major processes, detailed
        // below:", a list of what the parts below are called).
        || (["following procedure", "following process", "as follows"]
            .iter()
            .any(|w| lower.contains(w))
            && (imperative_steps(joined) || told_steps(joined)))
        // "An overview of the process is provided below:" over what each one does in turn.
        || (["process", "procedure", "workflow"]
            .iter()
            .any(|w| lower.contains(w))
            && (imperative_steps(joined) || told_steps(joined) || narrated_steps(joined)))
        // "The IC should:", "The coordinator will:" over instructions: that person's steps.
        || (lower
            .split_whitespace()
            .any(|w| ["should", "must", "will", "shall"].contains(&w.trim_end_matches(':')))
            && imperative_steps(joined))
        // "If you notice a fire or smoke:", "…, consider these precautions:" over
        // instructions: a situation, or an instruction itself, leads into them.
        || ((is_situation(lead) || opens_with_action(last_clause(lead)))
            && imperative_steps(joined))
        // "If the fosterer is suddenly unable to continue …:" over what each one then
        // does ("The fosterer contacts the coordinator", "The coordinator arranges cover").
        || (opens_a_situation(lower) && narrated_steps(joined))
}

/// Whether a sentence (in lower case) opens by saying when it applies, however long it is
/// ("if the fosterer is suddenly unable to continue providing care because of …").
fn opens_a_situation(lower: &str) -> bool {
    [
        "if ",
        "when ",
        "whenever ",
        "in the event ",
        "in case ",
        "should ",
        "upon ",
        "once ",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

/// The last clause of a sentence: what follows its last comma.
fn last_clause(sentence: &str) -> &str {
    sentence.rsplit(',').next().unwrap_or(sentence).trim_start()
}

/// The steps of a block that is a bulleted list and nothing else, of three items at least,
/// under a heading that names a phase in a word or two ("Service Recovery", "Containment"; not
/// "Cost Management During Incidents") — or any heading when the one above names phases
/// (`phase`: "Incident Response Phases" over "b. Identification and Detection").
pub(crate) fn only_a_list(heading: &str, text: &str, phase: bool) -> Option<Vec<String>> {
    crate::formats::planimport::memo::remembered(
        "checklists.rs:only_a_list",
        &crate::formats::planimport::memo::key_of(&format!("{phase}{heading}"), text),
        || only_a_list_read(heading, text, phase),
    )
}

fn only_a_list_read(heading: &str, text: &str, phase: bool) -> Option<Vec<String>> {
    if !phase && heading.split_whitespace().count() > 3 && !is_situation(heading) {
        return None;
    }
    let all = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .all(|l| list_item(l).is_some() || l.starts_with(char::is_whitespace));
    // A list of instructions may have a paragraph before or after it ("If it is a small
    // earthquake there is no need to evacuate." over "- Drop, cover, and remain still"): one
    // list in the block is still the steps.
    // (A list a sentence leads into is that sentence's: [`lead_in_steps`].)
    // (What the paragraphs say, not the items: "creates a release that includes the fix".)
    let lower = text
        .lines()
        .filter(|l| list_item(l).is_none() && !l.starts_with(char::is_whitespace))
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let one_list = phase
        && super::risks::list_groups(text).len() == 1
        && lead_in_steps(text).is_empty()
        // ("Signs of an incident include:" over a list gives examples, not steps.)
        && !["include", "examples", "such as", "signs of"]
            .iter()
            .any(|w| lower.contains(w));
    (all || one_list)
        .then(|| list_steps(text))
        .flatten()
        .filter(|s| s.len() >= if phase { 2 } else { 3 })
}

#[cfg(test)]
mod list_after_tests {
    use super::*;

    #[test]
    fn a_paragraph_explaining_an_item_belongs_to_it_and_a_lead_in_may_end_in_a_dash() {
        let text = "Upon being notified, the Responsible Officer shall act as follows:-\n\n\
                    - **Call 999 and summon the relevant service**.\n\n\
                    Give them a contact telephone number and keep it clear.\n\n\
                    - **Notify all staff and volunteers** that an emergency is in progress.\n\n\
                    - **Ensure the safety of the public** by arranging marshals.\n\n\
                    **GPS IDENTIFIERS:**\n\n- Junction of Abergarw Road";
        let found = lead_in_steps(text);
        assert_eq!(found.len(), 1, "{found:?}");
        let steps = &found[0].2;
        assert_eq!(steps.len(), 3, "{steps:?}");
        assert!(
            steps[0].contains("Give them a contact telephone number"),
            "{steps:?}"
        );
        // Two paragraphs in a row end the list.
        let joined = list_after(&[
            "- Call 999",
            "",
            "Then wait.",
            "",
            "Then more.",
            "",
            "- Not this",
        ])
        .expect("a list");
        assert!(!joined.contains("Not this"), "{joined}");
    }
}

#[cfg(test)]
mod broken_lines_tests {
    use super::*;

    #[test]
    fn an_italic_label_over_lines_broken_by_hand_is_a_checklist() {
        let text = "I will do my best.\n\n*Accidents Off Site:*   \n  I will carry parents’ contact details with me, on my mobile phone, when I am away.  \n  I will take a small first aid kit with me when away from home.  \n";
        let found = bold_lead_steps(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "Accidents Off Site");
        assert_eq!(found[0].2.len(), 2);
        // Lines that tell nothing to do are no steps.
        assert!(
            bold_lead_steps("*Note:*\n  The office is closed.\n  It opens at nine.\n").is_empty()
        );
    }
}

#[cfg(test)]
mod review_tests {
    use super::*;

    #[test]
    fn a_lead_in_list_ends_where_another_lead_in_starts_and_opening_hours_are_no_steps() {
        let text = "If you discover a fire:\n\n- Raise the alarm\n- Leave the building\n\n\
                    If you hear the alarm:\n\n- Go to the assembly point\n- Wait for the warden";
        let found = lead_in_steps(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found.iter().all(|(_, _, steps)| steps.len() == 2),
            "{found:?}"
        );
        assert!(
            lead_in_steps(
                "Our opening hours are as follows:\n\n- Monday 9-5\n- Tuesday 9-5\n- Sunday closed"
            )
            .is_empty()
        );
    }
}
