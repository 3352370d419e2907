//! Incident mode on the command line: start, show, tick, log, status, update, message, close,
//! report, list.

use anyhow::Context;
use binder::Mode;
use binder::catalog;
use binder::incident as inc;

use crate::args::{IncidentAction, PaperArg};
use crate::ctx::{Ctx, one_line, pairs};
use crate::io::{print_options, write_printed};

/// Each checklist run with its steps: ticked or not, window, overdue, by whom, the note.
fn print_runs(state: &binder::incident::IncidentState) {
    use binder::catalog::stored_time_for_people;
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
                line.push_str(&format!(
                    "  — {what} by {} at {}",
                    s.by,
                    stored_time_for_people(&s.at)
                ));
            }
            if !s.note.is_empty() {
                line.push_str(&format!("  note: {}", one_line(&s.note, 60)));
            }
            println!("{line}");
        }
    }
}

pub(crate) fn print_incident(state: &binder::incident::IncidentState) {
    use binder::catalog::stored_time_for_people;
    use binder::incident::span;
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
        stored_time_for_people(&inc.text("started_at")),
        inc.text("started_by"),
        span(state.elapsed_minutes),
        if state.open { "elapsed" } else { "in all" }
    );
    if state.overdue > 0 {
        println!("  {} step(s) OVERDUE", state.overdue);
    }
    print_affected(state);
    print_runs(state);
    println!("\nTimeline");
    for e in &state.timeline {
        println!(
            "  {}  {:<16} {:<9} {}",
            stored_time_for_people(&e.at),
            one_line(&e.by, 16),
            e.kind,
            one_line(&e.text, 90)
        );
    }
    if state.open {
        print_call_tree(&state.call_tree);
    }
}

/// The functions affected, with the time left before each one's RTO and MTPD.
fn print_affected(state: &binder::incident::IncidentState) {
    use binder::incident::span;
    if state.objectives.is_empty() {
        return;
    }
    let left = |limit: Option<u64>| match limit {
        None => "—".to_string(),
        Some(_) if !state.open => "—".to_string(),
        Some(m) if m as i64 >= state.elapsed_minutes => {
            format!("{} left", span(m as i64 - state.elapsed_minutes))
        }
        Some(m) => format!("PASSED {} ago", span(state.elapsed_minutes - m as i64)),
    };
    println!("\nFunctions affected");
    for o in &state.objectives {
        println!(
            "  {:<28} RTO {:<10} ({})  MTPD {:<10} ({})  {}",
            one_line(&o.function, 28),
            if o.rto.is_empty() { "—" } else { &o.rto },
            left(o.rto_minutes),
            if o.mtpd.is_empty() { "—" } else { &o.mtpd },
            left(o.mtpd_minutes),
            o.because
        );
    }
}

/// The call tree: the next calls first, then each wave with its people and their state.
pub(crate) fn print_call_tree(tree: &inc::CallTreeState) {
    use binder::catalog::stored_time_for_people;
    println!(
        "\nCall tree — {} of {} roles confirmed{}",
        tree.confirmed,
        tree.roles,
        if tree.from_plan {
            ""
        } else {
            " (the default: no waves set for this level)"
        }
    );
    for (i, n) in tree.next.iter().enumerate() {
        let head = if i == 0 { "NEXT" } else { "then" };
        println!("  {head}  {}  [{}]", n.reason, n.role);
    }
    for w in &tree.waves {
        let when = w
            .started_at
            .as_deref()
            .map(|t| format!("began {}", stored_time_for_people(t)))
            .unwrap_or_else(|| "not begun".into());
        let done = if w.done { " · done" } else { "" };
        println!(
            "  Wave {}: {} — called by {} · wait {} min · {when}{done}",
            w.number, w.wave.name, w.wave.caller, w.wave.wait_minutes
        );
        for r in &w.roles {
            for p in &r.people {
                let last = p
                    .attempts
                    .last()
                    .map(|a| format!(" — {} at {}", a.outcome, stored_time_for_people(&a.at)))
                    .unwrap_or_default();
                let backup = if p.backup { " (backup)" } else { "" };
                println!(
                    "    {:<24} {}{backup}: {}{last}",
                    one_line(&r.role, 24),
                    p.name,
                    p.reach.words()
                );
            }
        }
    }
}

pub(crate) fn run(ctx: &Ctx, action: IncidentAction) -> anyhow::Result<()> {
    use IncidentAction as A;
    match action {
        A::List => list(ctx),
        A::Show { incident } => show(ctx, incident),
        A::Report {
            incident,
            output,
            paper,
        } => report(ctx, incident, &output, paper),
        A::Start {
            level,
            title,
            service,
            exercise,
            exercise_of,
            down,
        } => {
            let how = inc::Activation {
                level,
                title,
                exercise,
                exercise_of,
                service,
                down,
            };
            act(ctx, None, |b, now| inc::start(b, &how, now))
        }
        A::Tick {
            step,
            undo,
            note,
            incident,
        } => on_open(ctx, incident, |b, id, now| {
            inc::tick(b, id, &step, !undo, &note, now).map(drop)
        }),
        A::Log {
            text,
            kind,
            incident,
        } => on_open(ctx, incident, |b, id, now| {
            inc::log(b, id, &kind, &text, now).map(drop)
        }),
        A::Calls { incident } => calls(ctx, incident),
        A::Call(c) => {
            let report = inc::CallReport {
                person: c.person,
                role: c.role,
                via: c.via,
                outcome: c.outcome,
                note: c.note,
            };
            on_open(ctx, c.incident, |b, id, now| {
                inc::record_call(b, id, &report, now).map(drop)
            })
        }
        A::ImportLog { file } => import_log(ctx, &file),
        A::Status { status, incident } => on_open(ctx, incident, |b, id, now| {
            inc::set_status(b, id, &status, now)
        }),
        A::Update { fields, incident } => {
            let fields = pairs(&fields)?;
            on_open(ctx, incident, |b, id, _| inc::update(b, id, &fields))
        }
        A::Message {
            template,
            sent,
            incident,
        } => message(ctx, &template, sent, incident),
        A::Close {
            summary,
            lessons,
            report,
            incident,
        } => close(ctx, &summary, &lessons, report, incident),
    }
}

/// Changes the incident named (or the open one) with `change`, saves, and shows it.
fn on_open(
    ctx: &Ctx,
    incident: Option<String>,
    change: impl FnOnce(&mut binder::Binder, &str, chrono::DateTime<chrono::Utc>) -> binder::Result<()>,
) -> anyhow::Result<()> {
    act(ctx, None, |b, now| {
        let id = inc::to_act_on(b, incident, false)?;
        change(b, &id, now)?;
        Ok(id)
    })
}

/// Closes the incident, says how long it ran, and writes its report when asked.
fn close(
    ctx: &Ctx,
    summary: &str,
    lessons: &str,
    report: Option<std::path::PathBuf>,
    incident: Option<String>,
) -> anyhow::Result<()> {
    act(ctx, report, |b, now| {
        let id = inc::to_act_on(b, incident, false)?;
        let closed = inc::close(b, &id, summary, lessons, now)?;
        eprintln!("closed after {}", inc::span(closed.minutes));
        if let Some(task) = &closed.schedule_done {
            eprintln!("marked done today: {task}");
        }
        Ok(id)
    })
}

fn calls(ctx: &Ctx, incident: Option<String>) -> anyhow::Result<()> {
    let b = ctx.open(Mode::Read)?;
    let id = inc::to_act_on(&b, incident, true)?;
    let state = inc::state(&b, &id, chrono::Utc::now())?;
    ctx.output(&state.call_tree, print_call_tree)
}

fn show(ctx: &Ctx, incident: Option<String>) -> anyhow::Result<()> {
    let b = ctx.open(Mode::Read)?;
    let id = inc::to_act_on(&b, incident, true)?;
    ctx.output(&inc::state(&b, &id, chrono::Utc::now())?, print_incident)
}

fn report(
    ctx: &Ctx,
    incident: Option<String>,
    output: &std::path::Path,
    paper: PaperArg,
) -> anyhow::Result<()> {
    let b = ctx.open(Mode::Read)?;
    let id = inc::to_act_on(&b, incident, true)?;
    write_printed(
        &binder::pdf::incident_report(&b, &id, &print_options(&b, paper))?,
        output,
    )
}

fn list(ctx: &Ctx) -> anyhow::Result<()> {
    let b = ctx.open(Mode::Read)?;
    ctx.output(&inc::list(&b)?, |all| {
        if all.is_empty() {
            println!("No incidents yet.");
        }
        for r in all {
            let exercise = if r.flag("exercise") {
                " [exercise]"
            } else {
                ""
            };
            println!(
                "{}  {:<10} {}{exercise}  {}",
                binder::catalog::stored_time_for_people(&r.text("started_at")),
                r.text("status"),
                r.title(),
                r.id
            );
        }
    })
}

/// Changes the incident `change` names (and returns the id of), saves, writes its report to
/// `report` when asked, and shows the incident as it stands.
fn act(
    ctx: &Ctx,
    report: Option<std::path::PathBuf>,
    change: impl FnOnce(&mut binder::Binder, chrono::DateTime<chrono::Utc>) -> binder::Result<String>,
) -> anyhow::Result<()> {
    let now = chrono::Utc::now();
    let id = ctx.edit(|b| change(b, now))?;
    let b = ctx.open(Mode::Read)?;
    if let Some(path) = report {
        write_printed(
            &binder::pdf::incident_report(&b, &id, &print_options(&b, PaperArg::A4))?,
            &path,
        )?;
    }
    ctx.output(&inc::state(&b, &id, now)?, print_incident)
}

/// Prints a message template filled in for the incident; `sent` logs it as sent.
fn message(ctx: &Ctx, template: &str, sent: bool, incident: Option<String>) -> anyhow::Result<()> {
    let b = ctx.open(Mode::Read)?;
    let id = inc::to_act_on(&b, incident, true)?;
    let state = inc::state(&b, &id, chrono::Utc::now())?;
    let t = state
        .messages
        .iter()
        .find(|m| {
            m.template_id == template
                || catalog::compact_key(&m.name) == catalog::compact_key(template)
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
    act(ctx, None, |b, now| {
        inc::log_message(b, &id, &template_id, now)?;
        Ok(id)
    })
}

/// Merges a call log saved on the phone copy; refused whole, with the reason, if anything in
/// it is not this binder's phone's or not a call attempt or tick.
fn import_log(ctx: &Ctx, file: &std::path::Path) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let report = ctx.edit(|b| binder::pocket::calllog::import(b, &bytes))?;
    ctx.output(&report, |r| {
        println!(
            "Took {} call attempt(s) and {} tick(s) recorded by {}{}.",
            r.attempts,
            r.ticks,
            r.by,
            if r.already > 0 {
                format!("; {} were already in the binder", r.already)
            } else {
                String::new()
            }
        );
    })
}
