//! The call tree on paper, for when every laptop is down: each level's waves in order, every
//! person with their numbers, and boxes to write the time and outcome of three attempts; and,
//! in the incident report, the call log — every attempt, time to first confirmation per wave,
//! and who was never reached.

use super::super::layout::scale::SMALL;
use super::super::layout::{Face, Flow, Span, Style};
use super::super::parts::columns;
use crate::Result;
use crate::catalog::stored_time_for_people as at;
use crate::plan::binder::Binder;
use crate::plan::incident::{self, CallTreeState, Reach, Wave, span};

/// The outcome codes written in the boxes, with what they mean.
const CODES: &str = "Write the time and a code: C confirmed · X reached, cannot help (call the backup now) · A answered, did not confirm · V voicemail · N no answer · B busy (try again) · W wrong number · S skipped. When a wave's wait ends without a C, call the backup, then the next wave.";

/// The printed call tree form: one per distinct tree (levels with their own waves get their
/// own form; levels that share one are named together).
pub(crate) fn call_tree_forms(flow: &mut Flow, b: &Binder) -> Result<bool> {
    let levels = b.list("level", false)?;
    let mut trees: Vec<(Vec<String>, Vec<Wave>)> = Vec::new();
    let of_level = |l: Option<&str>| incident::waves_for(b, l).map(|(w, _)| w);
    let all = if levels.is_empty() {
        vec![(String::new(), of_level(None)?)]
    } else {
        let mut v = Vec::new();
        for l in &levels {
            v.push((l.title(), of_level(Some(&l.id))?));
        }
        v
    };
    for (level, waves) in all {
        let ids: Vec<Option<String>> = waves.iter().map(|w| w.id.clone()).collect();
        match trees
            .iter_mut()
            .find(|(_, w)| w.iter().map(|x| x.id.clone()).collect::<Vec<_>>() == ids)
        {
            Some((names, _)) => names.push(level),
            None => trees.push((vec![level], waves)),
        }
    }
    if trees.iter().all(|(_, w)| w.is_empty()) {
        return Ok(false);
    }
    flow.context = "the call tree form".into();
    for (names, waves) in &trees {
        let for_levels = names
            .iter()
            .filter(|n| !n.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let title = if for_levels.is_empty() || trees.len() == 1 {
            "Call tree form".to_string()
        } else {
            format!("Call tree form — {for_levels}")
        };
        flow.heading(&title, Style::SUBSECTION, 70.0);
        flow.say(CODES, Style::CAPTION);
        flow.space(4.0);
        for (i, wave) in waves.iter().enumerate() {
            wave_form(flow, b, i + 1, wave)?;
        }
    }
    Ok(true)
}

/// One wave: its rule, then a row per person with their numbers and three attempt boxes.
fn wave_form(flow: &mut Flow, b: &Binder, number: usize, wave: &Wave) -> Result<()> {
    let rule = if wave.first_reached {
        "the first reached suffices"
    } else {
        "reach everyone"
    };
    flow.say(
        format!(
            "Wave {number}: {} — called by {} · wait {} min, then the backup · {rule}",
            wave.name, wave.caller, wave.wait_minutes
        ),
        Style::BODY.bold(),
    );
    let mut rows = Vec::new();
    for role_id in &wave.roles {
        let role = b.record(role_id)?;
        for (field, label) in [("primary", ""), ("backup", " (backup)")] {
            let id = role.text(field);
            let Some(c) = (!id.is_empty())
                .then(|| b.record(&id).ok())
                .flatten()
                .filter(|c| !c.deleted)
            else {
                continue;
            };
            let numbers = [c.text("phones"), c.text("emails")]
                .into_iter()
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
                .replace("; ", "\n");
            let blank = || vec![Span::new("__:__  ____", Face::Regular)];
            rows.push(vec![
                vec![Span::new(role.title(), Face::Bold)],
                vec![Span::new(format!("{}{label}", c.title()), Face::Regular)],
                vec![Span::new(numbers, Face::Regular)],
                blank(),
                blank(),
                blank(),
            ]);
        }
    }
    let spec = [
        ("Role", 1.5),
        ("Person", 1.5),
        ("Numbers", 1.9),
        ("Try 1", 0.95),
        ("Try 2", 0.95),
        ("Try 3", 0.95),
    ];
    flow.table(&columns(&spec), &rows, SMALL);
    flow.space(4.0);
    Ok(())
}

/// The incident report's call log: every attempt, then per wave the time to its first
/// confirmation, then who was never reached.
pub(crate) fn call_log(
    flow: &mut Flow,
    b: &Binder,
    incident: &str,
    tree: &CallTreeState,
) -> Result<()> {
    let attempts = incident::attempts(b, incident)?;
    if attempts.is_empty() && tree.roles == 0 {
        return Ok(());
    }
    flow.context = "the call log".into();
    flow.heading("Call log", Style::SUBSECTION, 70.0);
    let rows: Vec<Vec<Vec<Span>>> = attempts
        .iter()
        .map(|a| {
            let role = b.record(&a.role).map(|r| r.title()).unwrap_or_default();
            let who = if role.is_empty() {
                a.person.clone()
            } else {
                format!("{} ({role})", a.person)
            };
            let note = if a.note.is_empty() {
                String::new()
            } else {
                format!(" — {}", a.note)
            };
            vec![
                vec![Span::new(at(&a.at), Face::Regular)],
                vec![Span::new(a.by.clone(), Face::Regular)],
                vec![Span::new(who, Face::Regular)],
                vec![Span::new(a.via.clone(), Face::Regular)],
                vec![Span::new(format!("{}{note}", a.outcome), Face::Bold)],
            ]
        })
        .collect();
    if rows.is_empty() {
        flow.say("No call was recorded.", Style::BODY);
    } else {
        let spec = [
            ("Time", 1.5),
            ("Called by", 1.2),
            ("Person", 2.0),
            ("Number", 1.3),
            ("Outcome", 1.8),
        ];
        flow.table(&columns(&spec), &rows, SMALL);
    }
    flow.space(6.0);
    for line in summary(tree) {
        flow.say(line, Style::BODY);
    }
    Ok(())
}

/// Time to first confirmation per wave (from when the wave began), and who was never reached.
fn summary(tree: &CallTreeState) -> Vec<String> {
    let mut lines = Vec::new();
    let moment = |t: &str| chrono::DateTime::parse_from_rfc3339(t).ok();
    for w in &tree.waves {
        let first = w
            .roles
            .iter()
            .flat_map(|r| &r.people)
            .flat_map(|p| p.attempts.iter().map(move |a| (p, a)))
            .filter(|(_, a)| a.outcome == "confirmed")
            .min_by(|x, y| x.1.at.cmp(&y.1.at));
        let line = match (first, w.started_at.as_deref().and_then(moment)) {
            (Some((p, a)), Some(began)) => {
                let minutes = moment(&a.at)
                    .map(|t| (t - began).num_minutes())
                    .unwrap_or(0);
                format!(
                    "Wave {} ({}): first confirmation after {} — {}.",
                    w.number,
                    w.wave.name,
                    span(minutes),
                    p.name
                )
            }
            _ => format!("Wave {} ({}): nobody confirmed.", w.number, w.wave.name),
        };
        lines.push(line);
    }
    let never: Vec<String> = tree
        .waves
        .iter()
        .flat_map(|w| &w.roles)
        .filter(|r| r.reach != Reach::Confirmed)
        .map(|r| {
            let people: Vec<&str> = r.people.iter().map(|p| p.name.as_str()).collect();
            format!("{} ({})", r.role, people.join(", "))
        })
        .collect();
    lines.push(if never.is_empty() {
        "Every role of the call tree was reached.".into()
    } else {
        format!("Never reached: {}.", never.join("; "))
    });
    lines
}
