//! The incident report: what happened, when and by whom — the timeline, every checklist run with
//! who ticked what and when, the messages sent, and the duration against the recovery time
//! objectives. Printed when an incident closes (and any time after); it reads only the binder,
//! so a report printed later from any founder's copy says the same.

use super::layout::scale::{BODY, FACT, LABEL, MINOR, SMALL, SUBSECTION, TITLE};
use super::layout::{Face, Flow, Fonts, Ink, Span};
use super::{PrintOptions, Printed, columns, finish, frame, geometry, new_doc};
use crate::Result;
use crate::log::store::Record;
use crate::plan::binder::Binder;
use crate::plan::incident::{self, IncidentState, shown, span};

/// Room kept below a heading so it never ends a page alone: its table's header and a row.
const KEEP: f32 = 70.0;

fn para(flow: &mut Flow, text: &str, face: Face) {
    let (x, w) = (flow.left(), flow.text_width());
    flow.paragraph(&[Span::new(text, face)], x, w, BODY, BODY * 1.45, Ink::TEXT);
}

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
    let printed = opts.printed_at.format("%Y-%m-%d %H:%M UTC").to_string();
    let exercise = inc.flag("exercise");
    let kind_word = if exercise {
        "Exercise report"
    } else {
        "Incident report"
    };
    let doc = new_doc(
        &format!("{kind_word} — {}", inc.title()),
        &org,
        opts.printed_at,
    );
    let mut flow = Flow::new(geometry(opts.paper), Fonts::new());
    title_and_facts(&mut flow, b, &state, kind_word, &org)?;
    narrative(&mut flow, inc);
    duration_against_objectives(&mut flow, b, &state)?;
    timeline(&mut flow, &state);
    checklist_runs(&mut flow, &state);
    messages_sent(&mut flow, &state);
    let title = inc.title();
    frame(
        &mut flow,
        0,
        &kind_word.to_uppercase(),
        &format!("{org} — {title}"),
        |p, total| {
            format!(
                "page {p} of {total} · binder fingerprint {fingerprint} · printed {printed} by {}",
                opts.printed_by
            )
        },
    );
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
    let exercise = inc.flag("exercise");
    let (x, w) = (flow.left(), flow.text_width());
    flow.context = "the report's title".into();
    flow.space(8.0);
    flow.paragraph(
        &[Span::new(kind_word, Face::Bold)],
        x,
        w,
        LABEL,
        LABEL + 4.0,
        Ink::ACCENT,
    );
    flow.paragraph(
        &[Span::new(inc.title(), Face::Bold)],
        x,
        w,
        TITLE,
        TITLE + 6.0,
        Ink::TEXT,
    );
    let y = flow.y + 8.0;
    flow.line(x, y, x + w, y, 1.0, Ink::ACCENT);
    flow.space(14.0);

    let duration = if state.open {
        format!("{} so far (still open)", span(state.elapsed_minutes))
    } else {
        span(state.elapsed_minutes)
    };
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
                shown(&inc.text("started_at")),
                inc.text("started_by")
            ),
        ),
        ("Closed", {
            let c = inc.text("closed_at");
            if c.is_empty() {
                "not yet".into()
            } else {
                shown(&c)
            }
        }),
        ("Duration", duration),
        ("Status", inc.text("status")),
        ("Service affected", inc.text("service")),
    ];
    if exercise {
        let of = inc.text("exercise_of");
        let task = b.title_of(&of)?.unwrap_or_default();
        facts.push((
            "Exercise",
            if task.is_empty() {
                "yes".into()
            } else {
                format!("yes — counts as done: {task}")
            },
        ));
    }
    for (k, v) in facts.into_iter().filter(|(_, v)| !v.is_empty()) {
        let lines = Flow::wrap(&[Span::new(v.clone(), Face::Bold)], w - 120.0, FACT);
        flow.ensure(14.0 * lines.len() as f32 + 4.0);
        flow.y += 14.0;
        let y = flow.y;
        flow.text(x, y, &Span::new(k, Face::Regular), FACT, Ink::MUTED);
        for (i, line) in lines.iter().enumerate() {
            flow.line_of_runs(x + 120.0, y + 14.0 * i as f32, line, FACT, Ink::TEXT);
        }
        flow.y += 14.0 * (lines.len().saturating_sub(1)) as f32;
    }
    flow.space(8.0);

    Ok(())
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
            flow.heading(label, SUBSECTION, 30.0, Ink::ACCENT);
            for p in text.split("\n\n") {
                para(flow, p, Face::Regular);
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
        SUBSECTION,
        KEEP,
        Ink::ACCENT,
    );
    let mut objectives = state.objectives.clone();
    if objectives.is_empty() {
        para(
            flow,
            "No functions were marked as affected; the duration is compared with every function's RTO.",
            Face::Italic,
        );
        for o in b.list("objective", false)? {
            let rto = o.text("rto");
            let rto_minutes = crate::catalog::duration::parse(&rto).map(|(_, h)| h);
            objectives.push(incident::ObjectiveCheck {
                id: o.id.clone(),
                function: o.title(),
                met: (!state.open)
                    .then_some(rto_minutes)
                    .flatten()
                    .map(|m| state.elapsed_minutes <= m as i64),
                rto,
                rto_minutes,
            });
        }
    }
    if objectives.is_empty() {
        para(
            flow,
            "The plan names no recovery objectives.",
            Face::Regular,
        );
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

/// Every timeline entry: time, who, type, what happened.
fn timeline(flow: &mut Flow, state: &IncidentState) {
    flow.context = "the timeline".into();
    flow.heading("Timeline", SUBSECTION, KEEP, Ink::ACCENT);
    let rows = state
        .timeline
        .iter()
        .map(|e| {
            vec![
                cell(shown(&e.at)),
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
    flow.heading("Checklists", SUBSECTION, KEEP, Ink::ACCENT);
    if state.runs.is_empty() {
        para(flow, "No checklist was run.", Face::Regular);
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
            MINOR,
            KEEP,
            Ink::TEXT,
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
                        format!("{}\n{}", s.by, shown(&s.at))
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
    flow.heading("Messages sent", SUBSECTION, KEEP * 2.5, Ink::ACCENT);
    let sent: Vec<_> = state
        .timeline
        .iter()
        .filter(|e| e.kind == "message")
        .collect();
    if sent.is_empty() {
        para(flow, "No message was logged as sent.", Face::Regular);
    } else {
        let rows = sent
            .iter()
            .map(|e| vec![cell(shown(&e.at)), cell(e.by.clone()), cell(e.text.clone())])
            .collect::<Vec<_>>();
        flow.table(
            &columns(&[("Time", 1.7), ("Who", 1.2), ("Message", 5.7)]),
            &rows,
            SMALL,
        );
    }
}
