//! An incident as it stands: its runs with every step's latest tick and whether it is overdue,
//! the timeline in time order, the messages filled, and the duration against the objectives.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::messages::{facts, fill};
use super::{
    Entry, IncidentState, Message, ObjectiveCheck, RunState, StepState, attempts, call_tree, find,
    moment, now_text, runs_of,
};
use crate::Result;
use crate::catalog::duration;
use crate::log::store::Record;
use crate::plan::binder::Binder;
use crate::plan::impact::Analysis;
use crate::plan::overview;

/// The whole state of an incident at `now`.
pub fn state(binder: &Binder, incident: &str, now: DateTime<Utc>) -> Result<IncidentState> {
    let incident = find(binder, "incident", incident)?;
    let level = match incident.text("level") {
        l if l.is_empty() => None,
        l => binder.store().record(&l)?,
    };
    let open = incident.text("status") != "closed";
    let started = moment(&incident.text("started_at")).unwrap_or(now);
    let until = if open {
        now
    } else {
        moment(&incident.text("closed_at")).unwrap_or(now)
    };
    let clock = Clock { started, now, open };
    let elapsed = (until - started).num_minutes().max(0);
    let runs = run_states(binder, &incident, &clock)?;
    let facts = facts(binder, &incident, level.as_ref())?;
    let messages = binder
        .list("template", false)?
        .iter()
        .map(|t| message(t, &facts))
        .collect();
    let mut objectives = Vec::new();
    for (f, because) in Analysis::read(binder)?.affected_by(&incident) {
        if let Some(o) = binder.store().record(&f.id)? {
            objectives.push(ObjectiveCheck {
                mtpd: f.mtpd,
                mtpd_minutes: f.mtpd_minutes,
                because,
                ..objective_check(&o, open, elapsed)
            });
        }
    }
    Ok(IncidentState {
        calls: overview::call_list(binder)?,
        call_tree: call_tree(binder, &incident, now)?,
        timeline: timeline(binder, &incident.id)?,
        incident,
        level,
        open,
        elapsed_minutes: elapsed,
        overdue: runs
            .iter()
            .flat_map(|r| &r.steps)
            .filter(|s| s.overdue)
            .count(),
        runs,
        messages,
        objectives,
    })
}

/// When the incident started, the time now, and whether it is still open: what makes a step
/// overdue.
struct Clock {
    started: DateTime<Utc>,
    now: DateTime<Utc>,
    open: bool,
}

/// Each run of the incident with its steps.
fn run_states(binder: &Binder, incident: &Record, clock: &Clock) -> Result<Vec<RunState>> {
    let runs = runs_of(binder, &incident.id)?;
    let run_ids: Vec<&str> = runs.iter().map(|r| r.id.as_str()).collect();
    let mut ticks: BTreeMap<(String, String), Vec<Record>> = BTreeMap::new();
    for t in binder.list("tick", false)? {
        if run_ids.contains(&t.text("run").as_str()) {
            ticks
                .entry((t.text("run"), t.text("item")))
                .or_default()
                .push(t);
        }
    }
    let mut items_by_checklist: BTreeMap<String, Vec<Record>> = BTreeMap::new();
    for item in binder.list("item", true)? {
        items_by_checklist
            .entry(item.text("checklist"))
            .or_default()
            .push(item);
    }
    let mut states = Vec::new();
    for run in &runs {
        let checklist = run.text("checklist");
        let phase = binder
            .store()
            .record(&checklist)?
            .map(|c| c.text("phase"))
            .unwrap_or_default();
        let mut steps = Vec::new();
        for item in items_by_checklist.get(&checklist).into_iter().flatten() {
            let history = ticks
                .remove(&(run.id.clone(), item.id.clone()))
                .unwrap_or_default();
            // A step deleted from the checklist after activation stays in the run if ticked.
            if item.deleted && history.is_empty() {
                continue;
            }
            steps.push(step_state(item, history, steps.len() + 1, clock));
        }
        states.push(RunState {
            run_id: run.id.clone(),
            checklist_id: checklist,
            title: run.title(),
            phase,
            done: steps.iter().filter(|s| s.done).count(),
            steps,
        });
    }
    Ok(states)
}

/// One step of a run: its latest tick, when it is due (its window after the start, unless it
/// recurs) and whether it is overdue.
fn step_state(item: &Record, mut history: Vec<Record>, number: usize, clock: &Clock) -> StepState {
    history.sort_by(|a, b| (a.text("at"), &a.id).cmp(&(b.text("at"), &b.id)));
    let last = history.last();
    let done = last.is_some_and(|t| t.flag("done"));
    let window = item.text("window");
    let recurring = window.trim().to_lowercase().starts_with("every")
        || window.trim().to_lowercase().starts_with("per ");
    let due = (!recurring)
        .then(|| duration::parse(&window))
        .flatten()
        .map(|(_, high)| clock.started + chrono::Duration::minutes(high as i64));
    StepState {
        item_id: item.id.clone(),
        number,
        text: item.text("text"),
        owner: item.text("owner"),
        window,
        due_at: due.map(now_text),
        recurring,
        done,
        by: last.map(|t| t.text("by")).unwrap_or_default(),
        at: last.map(|t| t.text("at")).unwrap_or_default(),
        note: last.map(|t| t.text("note")).unwrap_or_default(),
        overdue: clock.open && !done && due.is_some_and(|d| clock.now > d),
        changes: history.len(),
    }
}

/// Every timeline entry of the incident, in time order.
fn timeline(binder: &Binder, incident: &str) -> Result<Vec<Entry>> {
    let mut timeline: Vec<Entry> = binder
        .list("entry", false)?
        .into_iter()
        .filter(|e| e.text("incident") == incident)
        .map(|e| Entry {
            id: e.id.clone(),
            at: e.text("at"),
            by: e.text("by"),
            kind: e.text("type"),
            text: e.text("text"),
        })
        .collect();
    timeline.extend(attempts(binder, incident)?.into_iter().map(|a| Entry {
        text: attempt_line(&a),
        id: a.id,
        at: a.at,
        by: a.by,
        kind: "call".into(),
    }));
    timeline.sort_by(|a, b| (&a.at, &a.id).cmp(&(&b.at, &b.id)));
    Ok(timeline)
}

/// A call attempt as a timeline line: "Called Sam Lee on +1 555 0100: no answer — note".
fn attempt_line(a: &super::Attempt) -> String {
    let via = if a.via.is_empty() {
        String::new()
    } else {
        format!(" on {}", a.via)
    };
    let note = if a.note.is_empty() {
        String::new()
    } else {
        format!(" — {}", a.note)
    };
    format!("Called {}{via}: {}{note}", a.person, a.outcome)
}

/// A template filled from the incident's facts, with the placeholders nothing filled.
fn message(t: &Record, facts: &BTreeMap<&str, String>) -> Message {
    let (subject, mut missing) = fill(&t.text("subject"), facts);
    let (body, more) = fill(&t.text("body"), facts);
    for m in more {
        if !missing.contains(&m) {
            missing.push(m);
        }
    }
    Message {
        template_id: t.id.clone(),
        name: t.title(),
        audience: t.text("audience"),
        channel: t.text("channel"),
        subject,
        body,
        missing,
    }
}

/// Objective `o` against an incident that lasted `elapsed` minutes: met or not once it is
/// closed (`open` false), unknown while it is open or when the RTO is not a duration.
pub fn objective_check(o: &Record, open: bool, elapsed: i64) -> ObjectiveCheck {
    let rto = o.text("rto");
    let rto_minutes = duration::parse(&rto).map(|(_, high)| high);
    ObjectiveCheck {
        id: o.id.clone(),
        function: o.title(),
        met: (!open)
            .then_some(rto_minutes)
            .flatten()
            .map(|limit| elapsed <= limit as i64),
        rto,
        rto_minutes,
        mtpd: String::new(),
        mtpd_minutes: None,
        because: String::new(),
    }
}
