//! Procedures written as numbered headings, one per step — "1. Confirm that the event is an
//! incident", "2. Declare the incident", … under "Incident process": the heading above them is
//! a checklist and each heading a step (the sections keep their text).

use super::*;

/// The checklists that numbered headings of instructions make: three at least, numbered 1, 2,
/// 3 … in order, most opening with a verb of what to do (so "1. Introduction", "2. Scope" stay
/// sections).
pub(crate) fn headings_as_steps(p: &mut Planner, blocks: &[Block]) {
    let previous = p.confidence;
    p.confidence = Confidence::Likely;
    for (parent, steps) in step_heading_runs(blocks) {
        let Block::Heading { title, line, .. } = &blocks[parent] else {
            continue;
        };
        // Sub-headings that are mostly checklists of their own ("Telephony Down", "Email Down"
        // over their steps) are procedures of their own, not the stages of one.
        let own = steps
            .iter()
            .filter(|s| p.lookup("checklist", s).is_some())
            .count();
        if own * 2 >= steps.len() {
            continue;
        }
        let title = normalise::normalise(title);
        // The parent section says where its steps went; this reading comes after the sections
        // were written, so a scratch one takes that line.
        let mut scratch = Section {
            id: String::new(),
            title: title.clone(),
            level: 0,
            parent: None,
            body: Vec::new(),
            new: false,
            line: *line,
        };
        let steps = steps.into_iter().map(|s| (s, Vec::new())).collect();
        p.checklist(&title, *line, &mut scratch, steps);
    }
    p.confidence = previous;
}

/// (the parent heading's block, its steps) for each run of numbered instruction headings.
fn step_heading_runs(blocks: &[Block]) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    for (at, block) in blocks.iter().enumerate() {
        let Block::Heading { level, .. } = block else {
            continue;
        };
        // Each heading under this one, with whether the text right under it instructs.
        let mut children: Vec<(u8, &str, bool)> = Vec::new();
        for b in &blocks[at + 1..] {
            match b {
                Block::Heading { level: l, .. } if l <= level => break,
                Block::Heading { level, title, .. } => children.push((*level, title, false)),
                Block::Text { text, .. } => {
                    if let Some(last) = children.last_mut() {
                        last.2 |= tells_what_to_do(text);
                    }
                }
                _ => {}
            }
        }
        let Some(direct) = children.iter().map(|(l, _, _)| *l).min() else {
            continue;
        };
        let titles: Vec<&str> = children
            .iter()
            .filter(|(l, _, _)| *l == direct)
            .map(|(_, t, _)| *t)
            .collect();
        let told = children
            .iter()
            .filter(|(l, _, tells)| *l == direct && *tells)
            .count();
        let numbered = titles
            .iter()
            .enumerate()
            .all(|(n, t)| step_number(t) == Some(n + 1));
        let steps: Vec<String> = titles.iter().map(|t| normalise::normalise(t)).collect();
        let acts = steps.iter().filter(|s| opens_with_action(s)).count();
        let instructions = numbered && acts * 5 >= steps.len() * 3;
        // "Process" over "Start of disclosure", "Mitigation development", "Coordinated
        // release": the stages of the procedure the heading names — unless a sub-heading is
        // about something else than a stage (who, what levels, whom to call).
        let Block::Heading { title: parent, .. } = block else {
            continue;
        };
        // "Planned Outage" over "Planning", "Preparations", "Post outage cleanup", each saying
        // what to do: the stages of handling what the heading names.
        let situation = names_an_event(parent) && told * 3 >= titles.len() * 2;
        let stages = (is_procedure(&normalise::normalise(parent)) || situation)
            && steps.iter().all(|s| !names_a_part(s));
        if titles.len() >= 3 && (instructions || stages) {
            out.push((at, steps));
        }
    }
    out
}

/// Whether a heading names an event a plan responds to ("Planned Outage", "Fire", "Data
/// breach", "Evacuation"): any of its words.
fn names_an_event(title: &str) -> bool {
    title
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| is_event_word(w) || ["incident", "incidents", "evacuation"].contains(&w))
}

/// Whether a text says what to do: a sentence of it opens with an instruction ("Please use our
/// standard outage template", "Remember to schedule an outage", "Ensure all services are up").
fn tells_what_to_do(text: &str) -> bool {
    crate::formats::planimport::memo::remembered("step_headings.rs:tells_what_to_do", text, || {
        tells_what_to_do_read(text)
    })
}

fn tells_what_to_do_read(text: &str) -> bool {
    text.replace('\n', " ")
        .split(['.', '!', '?'])
        .map(|s| {
            let s = s.trim();
            ["Please ", "please ", "Always ", "Then ", "Also "]
                .iter()
                .find_map(|w| s.strip_prefix(w))
                .unwrap_or(s)
        })
        .any(opens_with_action)
}

/// Whether a sub-heading names a part of a plan rather than a stage of a procedure ("Roles",
/// "Severity levels", "Contacts", "Who to call", "Overview").
pub(crate) fn names_a_part(title: &str) -> bool {
    let t = title.to_lowercase();
    names_duties(&t)
        || [
            "level",
            "severit",
            "contact",
            "overview",
            "definition",
            "glossary",
            "appendix",
            "introduction",
            "reference",
            "template",
            "checklist",
            "roles",
            "team",
            "tools",
            // "Who to call", "Useful phone numbers".
            "who to ",
            "phone",
            "numbers",
        ]
        .iter()
        .any(|w| t.contains(w))
}

/// The number a heading opens with ("3. Fix it" → 3, "Step 3: Fix it" → 3).
fn step_number(title: &str) -> Option<usize> {
    let t = title.trim();
    let t = t
        .strip_prefix("Step ")
        .or_else(|| t.strip_prefix("step "))
        .unwrap_or(t);
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let rest = &t[digits.len()..];
    (rest.starts_with(['.', ')', ':', ' ']) && !rest.starts_with(".1"))
        .then(|| digits.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, title: &str) -> Block {
        Block::Heading {
            level,
            title: title.into(),
            line: 1,
        }
    }

    fn text(words: &str) -> Block {
        Block::Text {
            text: words.into(),
            line: 1,
        }
    }

    #[test]
    fn stages_under_an_event_each_saying_what_to_do_are_steps() {
        let blocks = [
            heading(1, "Planned Outage"),
            heading(2, "Planning"),
            text("Outages need a week's notice.\nPlease use our standard outage template."),
            heading(2, "Preparations"),
            text("Remember to schedule an outage in nagios."),
            heading(2, "Post outage cleanup"),
            text("Once the outage is over, check the dashboard. Ensure all services are up."),
            heading(1, "Fire"),
            heading(2, "Causes"),
            text("Most fires start in kitchens."),
            heading(2, "History"),
            text("The hall burned in 1987."),
            heading(2, "Prevention"),
            text("Check the extinguishers monthly."),
        ];
        let runs = step_heading_runs(&blocks);
        assert_eq!(runs.len(), 1, "{runs:?}");
        assert_eq!(
            runs[0].1,
            ["Planning", "Preparations", "Post outage cleanup"]
        );
    }

    #[test]
    fn numbered_instruction_headings_are_steps_and_numbered_chapters_are_not() {
        let blocks = [
            heading(1, "Incident process"),
            heading(2, "1. Confirm that the event is an incident"),
            heading(3, "Examples"),
            heading(2, "2. Declare the incident"),
            heading(2, "3. Start a call"),
            heading(1, "Disclosure process"),
            heading(2, "Start of disclosure"),
            heading(2, "Mitigation development"),
            heading(2, "Coordinated release"),
            heading(1, "Incident process"),
            heading(2, "Roles"),
            heading(2, "Severity levels"),
            heading(2, "Escalation"),
            heading(1, "Plan"),
            heading(2, "1. Introduction"),
            heading(2, "2. Scope"),
            heading(2, "3. Roles"),
        ];
        let runs = step_heading_runs(&blocks);
        assert_eq!(runs.len(), 2, "{runs:?}");
        assert_eq!(runs[0].0, 0);
        assert_eq!(
            runs[1].1,
            [
                "Start of disclosure",
                "Mitigation development",
                "Coordinated release"
            ]
        );
        assert_eq!(
            runs[0].1,
            [
                "Confirm that the event is an incident",
                "Declare the incident",
                "Start a call"
            ]
        );
    }
}
