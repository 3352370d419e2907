//! Incident mode on the command line: start, show, tick, log, status, update, message, close,
//! report, list.

use anyhow::Context;
use binder::Mode;
use binder::catalog;

use crate::args::{IncidentAction, PaperArg};
use crate::ctx::{Ctx, one_line, pairs};
use crate::io::{print_options, write_printed};

pub(crate) fn print_incident(state: &binder::incident::IncidentState) {
    use binder::incident::{shown, span};
    let inc = &state.incident;
    let level = state.level.as_ref().map(|l| l.title()).unwrap_or_default();
    let exercise = if inc.flag("exercise") {
        " [EXERCISE]"
    } else {
        ""
    };
    println!("{}{exercise}", inc.title());
    println!(
        "  {level} · status {} · started {} by {} · {} {}",
        inc.text("status"),
        shown(&inc.text("started_at")),
        inc.text("started_by"),
        span(state.elapsed_minutes),
        if state.open { "elapsed" } else { "in all" }
    );
    if state.overdue > 0 {
        println!("  {} step(s) OVERDUE", state.overdue);
    }
    for (r, run) in state.runs.iter().enumerate() {
        println!(
            "\n{}. {} — {} of {} done",
            r + 1,
            run.title,
            run.done,
            run.steps.len()
        );
        for s in &run.steps {
            let mark = if s.done { "[x]" } else { "[ ]" };
            let mut line = format!("  {mark} {}.{} {}", r + 1, s.number, s.text);
            if !s.window.is_empty() {
                line.push_str(&format!("  ({})", s.window));
            }
            if s.overdue {
                line.push_str("  OVERDUE");
            }
            if !s.by.is_empty() {
                let what = if s.done { "ticked" } else { "unticked" };
                line.push_str(&format!("  — {what} by {} at {}", s.by, shown(&s.at)));
            }
            if !s.note.is_empty() {
                line.push_str(&format!("  note: {}", one_line(&s.note, 60)));
            }
            println!("{line}");
        }
    }
    println!("\nTimeline");
    for e in &state.timeline {
        println!(
            "  {}  {:<16} {:<9} {}",
            shown(&e.at),
            one_line(&e.by, 16),
            e.kind,
            one_line(&e.text, 90)
        );
    }
    if state.open {
        println!("\nCall, in this order");
        for c in &state.calls {
            let person = |p: &Option<binder::overview::Person>| match p {
                Some(p) => format!(
                    "{} {}",
                    p.name,
                    p.phones.first().map(String::as_str).unwrap_or("")
                ),
                None => "—".into(),
            };
            println!(
                "  {:<24} {}  | backup: {}",
                one_line(&c.role, 24),
                person(&c.primary),
                person(&c.backup)
            );
        }
    }
}

pub(crate) fn run(ctx: &Ctx, action: IncidentAction) -> anyhow::Result<()> {
    use binder::incident as inc;
    let now = chrono::Utc::now();
    match action {
        IncidentAction::List => {
            let b = ctx.open(Mode::Read)?;
            let all = inc::list(&b)?;
            if ctx.json {
                return ctx.print_json(&all);
            }
            if all.is_empty() {
                println!("No incidents yet.");
            }
            for r in all {
                println!(
                    "{}  {:<10} {}{}  {}",
                    inc::shown(&r.text("started_at")),
                    r.text("status"),
                    r.title(),
                    if r.flag("exercise") {
                        " [exercise]"
                    } else {
                        ""
                    },
                    r.id
                );
            }
            Ok(())
        }
        IncidentAction::Show { incident } => {
            let b = ctx.open(Mode::Read)?;
            let id = binder::incident::to_act_on(&b, incident, true)?;
            let state = inc::state(&b, &id, now)?;
            if ctx.json {
                return ctx.print_json(&state);
            }
            print_incident(&state);
            Ok(())
        }
        IncidentAction::Report {
            incident,
            output,
            paper,
        } => {
            let b = ctx.open(Mode::Read)?;
            let id = binder::incident::to_act_on(&b, incident, true)?;
            write_printed(
                &binder::pdf::incident_report(&b, &id, &print_options(&b, paper))?,
                &output,
            )
        }
        action => {
            let mut b = ctx.open(Mode::Write)?;
            let mut report = None;
            let id = match action {
                IncidentAction::Start {
                    level,
                    title,
                    service,
                    exercise,
                    exercise_of,
                } => {
                    let activation = inc::Activation {
                        level,
                        title,
                        exercise,
                        exercise_of,
                        service,
                    };
                    inc::start(&mut b, &activation, now)?
                }
                IncidentAction::Tick {
                    step,
                    undo,
                    note,
                    incident,
                } => {
                    let id = binder::incident::to_act_on(&b, incident, false)?;
                    inc::tick(&mut b, &id, &step, !undo, &note, now)?;
                    id
                }
                IncidentAction::Log {
                    text,
                    kind,
                    incident,
                } => {
                    let id = binder::incident::to_act_on(&b, incident, false)?;
                    inc::log(&mut b, &id, &kind, &text, now)?;
                    id
                }
                IncidentAction::Status { status, incident } => {
                    let id = binder::incident::to_act_on(&b, incident, false)?;
                    inc::set_status(&mut b, &id, &status, now)?;
                    id
                }
                IncidentAction::Update { fields, incident } => {
                    let id = binder::incident::to_act_on(&b, incident, false)?;
                    inc::update(&mut b, &id, &pairs(&fields)?)?;
                    id
                }
                IncidentAction::Message {
                    template,
                    sent,
                    incident,
                } => {
                    let id = binder::incident::to_act_on(&b, incident, true)?;
                    let state = inc::state(&b, &id, now)?;
                    let t = state
                        .messages
                        .iter()
                        .find(|m| {
                            m.template_id == template
                                || catalog::match_key(&m.name) == catalog::match_key(&template)
                        })
                        .with_context(|| {
                            format!("no message template \"{template}\"; `binder list template` lists them")
                        })?;
                    if !t.subject.is_empty() {
                        println!("Subject: {}\n", t.subject);
                    }
                    println!("{}", t.body);
                    if !t.missing.is_empty() {
                        eprintln!(
                            "not filled yet: {} (`binder incident update NAME=…`)",
                            t.missing.join(", ")
                        );
                    }
                    if !sent {
                        return Ok(());
                    }
                    let template_id = t.template_id.clone();
                    inc::log_message(&mut b, &id, &template_id, now)?;
                    id
                }
                IncidentAction::Close {
                    summary,
                    lessons,
                    report: path,
                    incident,
                } => {
                    let id = binder::incident::to_act_on(&b, incident, false)?;
                    let closed = inc::close(&mut b, &id, &summary, &lessons, now)?;
                    eprintln!("closed after {}", inc::span(closed.minutes));
                    if let Some(task) = &closed.schedule_done {
                        eprintln!("marked done today: {task}");
                    }
                    report = path;
                    id
                }
                IncidentAction::List
                | IncidentAction::Show { .. }
                | IncidentAction::Report { .. } => {
                    unreachable!("handled above")
                }
            };
            b.save()?;
            if let Some(path) = report {
                write_printed(
                    &binder::pdf::incident_report(&b, &id, &print_options(&b, PaperArg::A4))?,
                    &path,
                )?;
            }
            let state = inc::state(&b, &id, now)?;
            if ctx.json {
                return ctx.print_json(&state);
            }
            print_incident(&state);
            Ok(())
        }
    }
}
