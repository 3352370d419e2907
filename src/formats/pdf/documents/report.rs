//! The incident report: what happened, when and by whom — the timeline, every checklist run with
//! who ticked what and when, the messages sent, and the duration against the recovery time
//! objectives. Printed when an incident closes (and any time after); it reads only the binder,
//! so a report printed later from any founder's copy says the same.

use super::super::layout::scale::{FACT, LABEL, MINOR, SMALL, TITLE};
use super::super::layout::{Face, Flow, Ink, Span, Style};
use super::super::parts::{self, FactLook, Frame, TitleBlock, columns, finish};
use super::super::{PrintOptions, Printed};
use crate::Result;
use crate::catalog::stored_time_for_people as at;
use crate::log::store::Record;
use crate::plan::binder::Binder;
use crate::plan::incident::{self, IncidentState, span};

/// Room kept below a heading so it never ends a page alone: its table's header and a row.
const KEEP: f32 = 70.0;

fn cell(text: impl Into<String>) -> Vec<Span> {
    vec![Span::new(text, Face::Regular)]
}

fn bold(text: impl Into<String>) -> Vec<Span> {
    vec![Span::new(text, Face::Bold)]
}

/// Prints the report of one incident (by id or title).
pub fn incident_report(b: &Binder, incident: &str, opts: &PrintOptions) -> Result<Printed> {
    let state: IncidentState = incident::state(b, incident, opts.printed_at)?;
    let inc = &state.incident;
    let org = b.organisation()?;
    let fingerprint = b.fingerprint()?;
    let printed = crate::catalog::time_for_people(opts.printed_at);
    let exercise = inc.flag("exercise");
    let kind_word = if exercise {
        "Exercise report"
    } else {
        "Incident report"
    };
    let (doc, mut flow) = parts::start(&format!("{kind_word} — {}", inc.title()), &org, opts);
    title_and_facts(&mut flow, b, &state, kind_word, &org)?;
    narrative(&mut flow, inc);
    duration_against_objectives(&mut flow, b, &state)?;
    timeline(&mut flow, &state);
    super::call_form::call_log(&mut flow, b, &inc.id, &state.call_tree)?;
    checklist_runs(&mut flow, &state);
    messages_sent(&mut flow, &state);
    let frame = Frame {
        first: 0,
        label: &kind_word.to_uppercase(),
        head: &format!("{org} — {}", inc.title()),
    };
    frame.write(&mut flow, |p, total| {
        format!(
            "page {p} of {total} · binder fingerprint {fingerprint} · printed {printed} by {}",
            opts.printed_by
        )
    });
    Ok(finish(doc, flow))
}

/// The report's title, and its facts: organisation, level, start, close, duration, status.
fn title_and_facts(
    flow: &mut Flow,
    b: &Binder,
    state: &IncidentState,
    kind_word: &str,
    org: &str,
) -> Result<()> {
    let inc = &state.incident;
    flow.context = "the report's title".into();
    flow.space(8.0);
    TitleBlock {
        lines: &[
            (
                kind_word,
                Style::title(LABEL, 4.0, Face::Bold, Ink::ACCENT),
                0.0,
            ),
            (
                &inc.title(),
                Style::title(TITLE, 6.0, Face::Bold, Ink::TEXT),
                0.0,
            ),
        ],
        rule: (8.0, 1.0),
        after: 14.0,
    }
    .write(flow);
    let look = FactLook {
        label: 120.0,
        size: FACT,
        step: 14.0,
    };
    parts::facts(flow, &report_facts(b, state, org)?, &look);
    flow.space(8.0);
    Ok(())
}

/// Organisation, level, start, close, duration, status, the service affected, and what an
/// exercise counts as.
fn report_facts(b: &Binder, state: &IncidentState, org: &str) -> Result<Vec<(String, String)>> {
    let inc = &state.incident;
    let duration = if state.open {
        format!("{} so far (still open)", span(state.elapsed_minutes))
    } else {
        span(state.elapsed_minutes)
    };
    let closed = inc.text("closed_at");
    let mut facts: Vec<(&str, String)> = vec![
        ("Organisation", org.to_string()),
        (
            "Level",
            state.level.as_ref().map(|l| l.title()).unwrap_or_default(),
        ),
        (
            "Started",
            format!(
                "{} by {}",
                at(&inc.text("started_at")),
                inc.text("started_by")
            ),
        ),
        (
            "Closed",
            if closed.is_empty() {
                "not yet".into()
            } else {
                at(&closed)
            },
        ),
        ("Duration", duration),
        ("Status", inc.text("status")),
        ("Service affected", inc.text("service")),
    ];
    if inc.flag("exercise") {
        let task = b.title_of(&inc.text("exercise_of"))?.unwrap_or_default();
        facts.push((
            "Exercise",
            if task.is_empty() {
                "yes".into()
            } else {
                format!("yes — counts as done: {task}")
            },
        ));
    }
    Ok(facts.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// What the people who closed it wrote: summary, impact, cause, actions, lessons learned.
fn narrative(flow: &mut Flow, inc: &Record) {
    for (field, label) in [
        ("summary", "Summary"),
        ("impact", "Impact"),
        ("cause", "Cause"),
        ("actions", "Actions taken"),
        ("lessons", "Lessons learned"),
    ] {
        let text = inc.text(field);
        if !text.is_empty() {
            flow.context = format!("the incident's {label}");
            flow.heading(label, Style::SUBSECTION, 30.0);
            for p in text.split("\n\n") {
                flow.say(p, Style::BODY);
                flow.space(3.0);
            }
        }
    }
}

/// How long it lasted against the RTO of each affected function (of every function, when none
/// was marked affected).
fn duration_against_objectives(flow: &mut Flow, b: &Binder, state: &IncidentState) -> Result<()> {
    flow.context = "the recovery objectives".into();
    flow.heading(
        "Duration against the recovery time objectives",
        Style::SUBSECTION,
        KEEP,
    );
    let mut objectives = state.objectives.clone();
    if objectives.is_empty() {
        flow.say(
            "No functions were marked as affected; the duration is compared with every function's RTO.",
            Style::BODY.italic(),
        );
        objectives = every_objective(b, state)?;
    }
    if objectives.is_empty() {
        flow.say("The plan names no recovery objectives.", Style::BODY);
    } else {
        let rows = objectives
            .iter()
            .map(|o| {
                vec![
                    bold(o.function.clone()),
                    cell(if o.rto.is_empty() {
                        "—".into()
                    } else {
                        o.rto.clone()
                    }),
                    cell(span(state.elapsed_minutes)),
                    match o.met {
                        Some(true) => cell("within the RTO"),
                        Some(false) => bold(format!(
                            "RTO exceeded by {}",
                            span(state.elapsed_minutes - o.rto_minutes.unwrap_or(0) as i64)
                        )),
                        None => cell("—"),
                    },
                ]
            })
            .collect::<Vec<_>>();
        flow.table(
            &columns(&[
                ("Function", 2.5),
                ("RTO", 1.3),
                ("Duration", 1.3),
                ("Result", 2.0),
            ]),
            &rows,
            SMALL,
        );
    }

    Ok(())
}

/// Every function's objective against the incident's duration (met only once it is closed).
fn every_objective(b: &Binder, state: &IncidentState) -> Result<Vec<incident::ObjectiveCheck>> {
    Ok(b.list("objective", false)?
        .iter()
        .map(|o| incident::objective_check(o, state.open, state.elapsed_minutes))
        .collect())
}

/// Every timeline entry: time, who, type, what happened.
fn timeline(flow: &mut Flow, state: &IncidentState) {
    flow.context = "the timeline".into();
    flow.heading("Timeline", Style::SUBSECTION, KEEP);
    let rows = state
        .timeline
        .iter()
        .map(|e| {
            vec![
                cell(at(&e.at)),
                cell(e.by.clone()),
                cell(e.kind.clone()),
                vec![Span::new(
                    e.text.clone(),
                    if e.kind == "status" {
                        Face::Bold
                    } else {
                        Face::Regular
                    },
                )],
            ]
        })
        .collect::<Vec<_>>();
    flow.table(
        &columns(&[
            ("Time", 1.7),
            ("Who", 1.2),
            ("Type", 0.9),
            ("What happened", 4.8),
        ]),
        &rows,
        SMALL,
    );
}

/// Every checklist run, each step with who ticked it, when, and the note.
fn checklist_runs(flow: &mut Flow, state: &IncidentState) {
    flow.context = "the checklist runs".into();
    flow.heading("Checklists", Style::SUBSECTION, KEEP);
    if state.runs.is_empty() {
        flow.say("No checklist was run.", Style::BODY);
    }
    for run in &state.runs {
        flow.context = format!("the checklist \"{}\"", run.title);
        let phase = if run.phase.is_empty() || run.phase.eq_ignore_ascii_case(&run.title) {
            String::new()
        } else {
            format!(" ({})", run.phase)
        };
        flow.heading(
            &format!(
                "{}{phase} — {} of {} done",
                run.title,
                run.done,
                run.steps.len()
            ),
            Style::heading(MINOR, Ink::TEXT),
            KEEP,
        );
        let rows = run
            .steps
            .iter()
            .map(|s| {
                vec![
                    if s.done {
                        bold("✓ done")
                    } else {
                        cell("open")
                    },
                    cell(s.text.clone()),
                    cell(s.owner.clone()),
                    cell(s.window.clone()),
                    cell(if s.by.is_empty() {
                        String::new()
                    } else {
                        format!("{}\n{}", s.by, at(&s.at))
                    }),
                    cell(s.note.clone()),
                ]
            })
            .collect::<Vec<_>>();
        flow.table(
            &columns(&[
                ("", 0.8),
                ("Step", 3.3),
                ("Owner", 1.6),
                ("Window", 1.1),
                ("Ticked by / at", 1.7),
                ("Note", 1.6),
            ]),
            &rows,
            SMALL,
        );
    }
}

/// The messages logged as sent.
fn messages_sent(flow: &mut Flow, state: &IncidentState) {
    flow.context = "the messages sent".into();
    flow.heading("Messages sent", Style::SUBSECTION, KEEP * 2.5);
    let sent: Vec<_> = state
        .timeline
        .iter()
        .filter(|e| e.kind == "message")
        .collect();
    if sent.is_empty() {
        flow.say("No message was logged as sent.", Style::BODY);
    } else {
        let rows = sent
            .iter()
            .map(|e| vec![cell(at(&e.at)), cell(e.by.clone()), cell(e.text.clone())])
            .collect::<Vec<_>>();
        flow.table(
            &columns(&[("Time", 1.7), ("Who", 1.2), ("Message", 5.7)]),
            &rows,
            SMALL,
        );
    }
}
