//! Incident mode: activate a level, work the checklists as runs, keep an
//! append-only timeline, close with a summary and lessons.
//!
//! Everything here is ordinary records written through [`Binder::commit`], so two founders
//! working offline merge like any other edit: each tick and each timeline entry is a record of
//! its own (kinds `tick` and `entry`), never edited, so concurrent ones never conflict. The state
//! of a step is its latest tick; the timeline is every entry in time order.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::catalog::{self, Value, format_datetime};
use crate::log::changelog::Op;
use crate::log::ops::{new_authored_id, new_id, text_ops};
use crate::log::store::Record;
use crate::plan::binder::Binder;
use crate::plan::overview::CallEntry;
use crate::{Error, Result};

mod calls;
mod messages;
mod view;
pub use calls::{
    Attempt, CallReport, CallTreeState, Escalation, NextCall, PersonCall, Reach, RoleCall, Wave,
    WaveState, Way, attempts, call_tree, record_call, waves_for,
};
pub use messages::log_message;
pub use view::{objective_check, state};

/// The phases whose checklists start with every incident (a checklist tied to a level starts only
/// with that level; a "scenario" checklist is opened by hand).
pub const PHASES: &[&str] = &["initial response", "during", "recovery", "post-incident"];

/// What a person chose when activating.
#[derive(Debug, Clone, Default)]
pub struct Activation {
    /// The level, by id or name.
    pub level: String,
    /// A title; by default "<level> — <date time>".
    pub title: Option<String>,
    /// Whether this is an exercise (tabletop, DR drill) rather than a real incident.
    pub exercise: bool,
    /// The scheduled exercise or test this one carries out (by id or task name).
    pub exercise_of: Option<String>,
    /// The service affected, as customers know it.
    pub service: Option<String>,
    /// What is down: systems, vendors or functions, by id or name. The incident lists the
    /// functions that depend on them, with their RTO and MTPD.
    pub down: Vec<String>,
}

/// One step of a checklist run, with its latest tick.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepState {
    /// The `item` record's id.
    pub item_id: String,
    /// 1-based position in the run.
    pub number: usize,
    /// What to do.
    pub text: String,
    /// Who does it (a role or person, as written).
    pub owner: String,
    /// The time window as written ("0-15 minutes"), or "".
    pub window: String,
    /// When it is due (RFC 3339), for a one-off window.
    pub due_at: Option<String>,
    /// Whether the window repeats ("every 1 hour"): it is never overdue.
    pub recurring: bool,
    /// Whether it is ticked now.
    pub done: bool,
    /// Who ticked (or unticked) it last.
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
    /// The note given with the last tick.
    pub note: String,
    /// Not done and past its window.
    pub overdue: bool,
    /// How many times it was ticked or unticked.
    pub changes: usize,
}

/// A checklist as worked through in this incident.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RunState {
    /// The `run` record's id.
    pub run_id: String,
    /// The checklist's id.
    pub checklist_id: String,
    /// Its title.
    pub title: String,
    /// Its phase.
    pub phase: String,
    /// Its steps.
    pub steps: Vec<StepState>,
    /// Steps ticked.
    pub done: usize,
}

/// One timeline entry.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Entry {
    /// Record id.
    pub id: String,
    /// When (RFC 3339).
    pub at: String,
    /// Who.
    pub by: String,
    /// note, decision, call, message, status, correction.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "ts", ts(rename = "type"))]
    pub kind: String,
    /// What happened.
    pub text: String,
}

/// A message template with the incident's facts filled in.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Message {
    /// Template id.
    pub template_id: String,
    /// Template name.
    pub name: String,
    /// Audience.
    pub audience: String,
    /// Channel.
    pub channel: String,
    /// Subject, filled.
    pub subject: String,
    /// Body, filled.
    pub body: String,
    /// Placeholders still without a value (left as `{name}` in the text).
    pub missing: Vec<String>,
}

/// How long the incident lasted against a recovery time objective.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ObjectiveCheck {
    /// Objective id.
    pub id: String,
    /// The business function.
    pub function: String,
    /// RTO as written.
    pub rto: String,
    /// RTO's upper bound in minutes.
    pub rto_minutes: Option<u64>,
    /// Whether the incident ended within the RTO (None while open or without an RTO).
    pub met: Option<bool>,
    /// The MTPD (the first intolerable time, else as stated; "" when unknown).
    pub mtpd: String,
    /// Its upper bound in minutes.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub mtpd_minutes: Option<u64>,
    /// Why the incident touches it: "named in the incident", "depends on AWS"…
    pub because: String,
}

/// An incident as it stands: what the incident screen, `binder incident show` and the report read.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IncidentState {
    /// The incident record.
    pub incident: Record,
    /// Its level's record.
    pub level: Option<Record>,
    /// Whether it is still open.
    pub open: bool,
    /// Minutes since activation (until closing, once closed).
    pub elapsed_minutes: i64,
    /// The checklist runs, in checklist order.
    pub runs: Vec<RunState>,
    /// Every entry, oldest first.
    pub timeline: Vec<Entry>,
    /// Who to call, in order.
    pub calls: Vec<CallEntry>,
    /// The call tree as it runs: waves, each person's state, the next call.
    pub call_tree: CallTreeState,
    /// The message templates, filled from the incident.
    pub messages: Vec<Message>,
    /// Duration against the RTO of the affected functions.
    pub objectives: Vec<ObjectiveCheck>,
    /// Steps overdue now.
    pub overdue: usize,
}

fn now_text(now: DateTime<Utc>) -> String {
    format_datetime(now)
}

fn moment(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A span of minutes in words: "2 h 05 min", "45 min", "3 d 4 h".
pub fn span(minutes: i64) -> String {
    let m = minutes.max(0);
    match (m / 1440, (m % 1440) / 60, m % 60) {
        (0, 0, min) => format!("{min} min"),
        (0, h, min) => format!("{h} h {min:02} min"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

fn put(kind: &str, id: &str, field: &str, value: Value) -> Op {
    Op {
        kind: kind.into(),
        id: id.into(),
        field: field.into(),
        value: Some(value),
    }
}

fn entry_ops(
    binder: &Binder,
    incident: &str,
    kind: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<Vec<Op>> {
    Ok(text_ops(
        "entry",
        &authored_id(binder, "entry")?,
        vec![
            ("text", text.to_string()),
            ("incident", incident.to_string()),
            ("at", now_text(now)),
            ("by", who(binder)),
            ("type", kind.to_string()),
        ],
    ))
}

/// The id of a new entry or tick: it names its author (see [`crate::catalog::KindDef::append_only`]).
fn authored_id(binder: &Binder, kind: &str) -> Result<String> {
    let actor = binder.actor().ok_or(Error::CannotSign)?;
    Ok(new_authored_id(catalog::kind(kind)?, &actor))
}

fn id_for(kind: &str) -> Result<String> {
    Ok(new_id(catalog::kind(kind)?))
}

fn who(binder: &Binder) -> String {
    binder.keys().name().to_string()
}

/// Resolves what a person typed to a record of `kind`: its id, a unique id prefix, its title, a
/// unique start of its title ("Level 2" for "Level 2 — Major"), or a level's rank ("2").
fn find(binder: &Binder, kind: &str, text: &str) -> Result<Record> {
    let def = catalog::kind(kind)?;
    if let Ok(r) = binder.record(text)
        && r.kind == kind
        && !r.deleted
    {
        return Ok(r);
    }
    let all = binder.list(kind, false)?;
    let wanted = catalog::compact_key(text);
    let by = |pick: &dyn Fn(&Record) -> bool| -> Vec<Record> {
        all.iter().filter(|r| pick(r)).cloned().collect()
    };
    let mut matching = by(&|r| catalog::compact_key(&r.title()) == wanted);
    if matching.is_empty() && !wanted.is_empty() {
        matching = by(&|r| catalog::compact_key(&r.title()).starts_with(&wanted));
    }
    if matching.is_empty() && def.field("rank").is_some() {
        matching = by(&|r| r.text("rank") == text.trim());
    }
    match matching.as_slice() {
        [one] => Ok(one.clone()),
        [] => {
            let names: Vec<String> = all.iter().map(Record::title).collect();
            Err(Error::NoSuchRecord(format!(
                "{} \"{text}\" (there are: {})",
                def.label.to_lowercase(),
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            )))
        }
        many => Err(Error::AmbiguousId {
            given: text.into(),
            matches: many
                .iter()
                .map(|r| format!("{} ({})", r.title(), r.id))
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// Activates an incident (or an exercise): the incident record with its start and who started
/// it, a run for every checklist of that level and of the response phases, and the first
/// timeline entry — one change set. Returns the incident's id.
pub fn start(binder: &mut Binder, activation: &Activation, now: DateTime<Utc>) -> Result<String> {
    let level = find(binder, "level", &activation.level)?;
    let exercise_of = activation
        .exercise_of
        .as_deref()
        .map(|t| find(binder, "schedule", t))
        .transpose()?;
    let by = who(binder);
    let id = id_for("incident")?;
    let mut fields = vec![
        ("title", title_of(activation, &level, now)),
        ("level", level.id.clone()),
        ("started_at", now_text(now)),
        ("started_by", by.clone()),
        ("status", "investigating".to_string()),
        ("exercise", catalog::yes_no(activation.exercise).to_string()),
    ];
    if let Some(task) = &exercise_of {
        fields.push(("exercise_of", task.id.clone()));
    }
    if let Some(service) = activation
        .service
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        fields.push(("service", service.trim().to_string()));
    }
    let mut ops = text_ops("incident", &id, fields);
    ops.extend(down_ops(binder, &id, &activation.down)?);
    ops.extend(runs_for(binder, &id, &level)?);
    let what = if activation.exercise {
        "Exercise started"
    } else {
        "Incident activated"
    };
    ops.extend(entry_ops(
        binder,
        &id,
        "status",
        &format!(
            "{what} at {} by {by}. Status: investigating.",
            level.title()
        ),
        now,
    )?);
    binder.commit(ops)?;
    Ok(id)
}

/// What is down, sorted into the incident's systems, vendors and functions affected.
fn down_ops(binder: &Binder, incident: &str, down: &[String]) -> Result<Vec<Op>> {
    let mut sorted: [(&str, &str, Vec<String>); 3] = [
        ("systems", "dependency", Vec::new()),
        ("vendors", "vendor", Vec::new()),
        ("affects", "objective", Vec::new()),
    ];
    for name in down.iter().filter(|d| !d.trim().is_empty()) {
        let found = sorted
            .iter()
            .position(|(_, kind, _)| find(binder, kind, name).is_ok());
        let Some(i) = found else {
            return Err(catalog::FieldError::Invalid {
                field: "down",
                value: name.clone(),
                expected: "a system, vendor or function of the plan".into(),
            }
            .into());
        };
        let record = find(binder, sorted[i].1, name)?;
        if !sorted[i].2.contains(&record.id) {
            sorted[i].2.push(record.id);
        }
    }
    Ok(sorted
        .into_iter()
        .filter(|(_, _, ids)| !ids.is_empty())
        .map(|(field, _, ids)| Op {
            id: incident.to_string(),
            kind: "incident".into(),
            field: field.into(),
            value: Some(Value::List(ids)),
        })
        .collect())
}

/// The incident's title: the one given, or the level and the time ("Exercise: " first for an
/// exercise).
fn title_of(activation: &Activation, level: &Record, now: DateTime<Utc>) -> String {
    let given = activation.title.clone().filter(|t| !t.trim().is_empty());
    let title = given.unwrap_or_else(|| {
        let exercise = if activation.exercise {
            "Exercise: "
        } else {
            ""
        };
        format!(
            "{exercise}{} — {}",
            level.title(),
            catalog::time_for_people(now)
        )
    });
    title.trim().to_string()
}

/// A run of every checklist that starts with `level` (its own, and those of the phases every
/// incident starts), for incident `id`.
fn runs_for(binder: &Binder, id: &str, level: &Record) -> Result<Vec<Op>> {
    let checklists = binder.list("checklist", false)?;
    let chosen = checklists.iter().filter(|c| {
        let own_level = c.text("level");
        if own_level.is_empty() {
            PHASES.contains(&c.text("phase").as_str())
        } else {
            own_level == level.id
        }
    });
    let mut ops = Vec::new();
    for (position, checklist) in chosen.enumerate() {
        let run = id_for("run")?;
        ops.extend(text_ops(
            "run",
            &run,
            vec![
                ("title", checklist.title()),
                ("incident", id.to_string()),
                ("checklist", checklist.id.clone()),
                ("position", (position + 1).to_string()),
            ],
        ));
    }
    Ok(ops)
}

/// The incidents, newest first.
pub fn list(binder: &Binder) -> Result<Vec<Record>> {
    let mut all = binder.list("incident", false)?;
    all.sort_by_key(|r| std::cmp::Reverse(r.text("started_at")));
    Ok(all)
}

/// The open incident to act on when none is named: the newest open one.
pub fn current(binder: &Binder) -> Result<Option<Record>> {
    Ok(list(binder)?
        .into_iter()
        .find(|r| r.text("status") != "closed"))
}

/// The incident a command acts on: the one `named`; else the open one — refused when several
/// are open, so a tick never lands in the wrong incident; else, with `newest_if_none_open`, the
/// newest of all.
pub fn to_act_on(
    binder: &Binder,
    named: Option<String>,
    newest_if_none_open: bool,
) -> Result<String> {
    if let Some(n) = named {
        return Ok(n);
    }
    let all = list(binder)?;
    let open: Vec<&Record> = all
        .iter()
        .filter(|r| r.text("status") != "closed")
        .collect();
    match (open.as_slice(), all.first()) {
        ([one], _) => Ok(one.id.clone()),
        ([], Some(newest)) if newest_if_none_open => Ok(newest.id.clone()),
        ([], None) if newest_if_none_open => Err(Error::NoIncidents),
        ([], _) => Err(Error::NoOpenIncident),
        (several, _) => Err(Error::SeveralOpen {
            count: several.len(),
            list: several
                .iter()
                .map(|r| format!("  {}  {}", r.id, r.title()))
                .collect::<Vec<_>>()
                .join("\n"),
        }),
    }
}

/// The scheduled tasks an exercise can carry out: tests and exercises in the schedule.
pub fn exercises(binder: &Binder) -> Result<Vec<Record>> {
    Ok(binder
        .list("schedule", false)?
        .into_iter()
        .filter(|s| ["exercise", "test"].contains(&s.text("type").as_str()))
        .collect())
}

fn open_incident(binder: &Binder, id: &str) -> Result<Record> {
    let incident = find(binder, "incident", id)?;
    if incident.text("status") == "closed" {
        return Err(Error::IncidentClosed(incident.title()));
    }
    Ok(incident)
}

fn runs_of(binder: &Binder, incident: &str) -> Result<Vec<Record>> {
    Ok(binder
        .list("run", false)?
        .into_iter()
        .filter(|r| r.text("incident") == incident)
        .collect())
}

/// Ticks (or, with `done == false`, unticks) a step. `step` is an item id, `R.N` (run R, step N,
/// as `binder incident show` numbers them) or the step's text. Every tick is a new record with
/// who and when, so the history of a step is kept and concurrent ticks never conflict.
pub fn tick(
    binder: &mut Binder,
    incident: &str,
    step: &str,
    done: bool,
    note: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    let incident = open_incident(binder, incident)?;
    let state = state(binder, &incident.id, now)?;
    let hint = || "`binder incident show` numbers the steps (1.2 = run 1, step 2)".to_string();
    let numbered = step.split_once('.').and_then(|(r, n)| {
        let (r, n) = (
            r.trim().parse::<usize>().ok()?,
            n.trim().parse::<usize>().ok()?,
        );
        let run = state.runs.get(r.checked_sub(1)?)?;
        Some((run, run.steps.get(n.checked_sub(1)?)?))
    });
    let found = numbered.or_else(|| {
        let key = catalog::compact_key(step);
        state.runs.iter().find_map(|run| {
            run.steps
                .iter()
                .find(|s| s.item_id == step || catalog::compact_key(&s.text) == key)
                .map(|s| (run, s))
        })
    });
    let Some((run, item)) = found else {
        return Err(Error::NotInIncident {
            step: step.into(),
            hint: hint(),
        });
    };
    let id = authored_id(binder, "tick")?;
    let mut fields = vec![
        ("step", item.text.clone()),
        ("run", run.run_id.clone()),
        ("item", item.item_id.clone()),
        ("done", catalog::yes_no(done).to_string()),
        ("at", now_text(now)),
        ("by", who(binder)),
    ];
    if !note.trim().is_empty() {
        fields.push(("note", note.trim().to_string()));
    }
    binder.commit(text_ops("tick", &id, fields))?;
    Ok(id)
}

/// Adds a timeline entry (`note`, `decision`, `call`, `message`, `correction`). Entries are never
/// edited: a correction is a new entry.
pub fn log(
    binder: &mut Binder,
    incident: &str,
    kind: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    let incident = open_incident(binder, incident)?;
    let kind = catalog::kind("entry")?
        .require_field("type")?
        .parse(kind, &catalog::NoReferences)?
        .map(|v| v.display())
        .unwrap_or_else(|| "note".into());
    if text.trim().is_empty() {
        return Err(catalog::FieldError::Required {
            kind: "entry",
            field: "text",
        }
        .into());
    }
    let ops = entry_ops(binder, &incident.id, &kind, text.trim(), now)?;
    let id = ops[0].id.clone();
    binder.commit(ops)?;
    Ok(id)
}

/// Changes the status (investigating, identified, monitoring, resolved); the change is a
/// timeline entry too. Closing is [`close`].
pub fn set_status(
    binder: &mut Binder,
    incident: &str,
    status: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let incident = open_incident(binder, incident)?;
    let field = catalog::kind("incident")?.require_field("status")?;
    let status = field
        .parse(status, &catalog::NoReferences)?
        .map(|v| v.display())
        .unwrap_or_default();
    if status.is_empty() || status == "closed" {
        return Err(catalog::FieldError::Invalid {
            field: "status",
            value: status,
            expected: "one of: investigating, identified, monitoring, resolved (closing asks for a summary: `binder incident close`)".into(),
        }
        .into());
    }
    let mut ops = vec![put(
        "incident",
        &incident.id,
        "status",
        Value::Text(status.clone()),
    )];
    ops.extend(entry_ops(
        binder,
        &incident.id,
        "status",
        &format!("Status: {status}."),
        now,
    )?);
    binder.commit(ops)?;
    Ok(())
}

/// Updates the facts messages are filled from (service, impact, actions, eta, next_update, cause,
/// affects), validated by the catalog like any edit.
pub fn update(binder: &mut Binder, incident: &str, inputs: &[(String, String)]) -> Result<()> {
    let incident = open_incident(binder, incident)?;
    const FACTS: &[&str] = &[
        "service",
        "impact",
        "actions",
        "eta",
        "next_update",
        "cause",
        "affects",
        "systems",
        "vendors",
        "recovered_in",
        "title",
    ];
    if let Some((name, _)) = inputs.iter().find(|(n, _)| !FACTS.contains(&n.as_str())) {
        return Err(catalog::FieldError::Invalid {
            field: "incident",
            value: name.clone(),
            expected: format!("one of the facts: {}", FACTS.join(", ")),
        }
        .into());
    }
    binder.set(&incident.id, inputs)?;
    Ok(())
}

/// What closing did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Closed {
    /// The incident's id.
    pub id: String,
    /// How long it lasted, in minutes.
    pub minutes: i64,
    /// The scheduled exercise or test marked done, if any.
    pub schedule_done: Option<String>,
}

/// Closes an incident with its summary and lessons learned. An exercise that carries out a
/// scheduled task marks that task done on the closing day.
pub fn close(
    binder: &mut Binder,
    incident: &str,
    summary: &str,
    lessons: &str,
    now: DateTime<Utc>,
) -> Result<Closed> {
    let incident = open_incident(binder, incident)?;
    if summary.trim().is_empty() {
        return Err(Error::NoSummary);
    }
    let started = moment(&incident.text("started_at")).unwrap_or(now);
    let minutes = (now - started).num_minutes().max(0);
    let by = who(binder);
    let mut fields = vec![
        ("status", "closed".to_string()),
        ("closed_at", now_text(now)),
        ("summary", summary.trim().to_string()),
    ];
    if !lessons.trim().is_empty() {
        fields.push(("lessons", lessons.trim().to_string()));
    }
    let mut ops = text_ops("incident", &incident.id, fields);
    let mut schedule_done = None;
    let task = incident.text("exercise_of");
    if incident.flag("exercise")
        && !task.is_empty()
        && let Ok(task) = binder.record(&task)
        && !task.deleted
    {
        ops.extend(text_ops(
            "schedule",
            &task.id,
            vec![("last_done", now.format("%Y-%m-%d").to_string())],
        ));
        schedule_done = Some(task.title());
    }
    let mut text = format!("Closed by {by} after {}.", span(minutes));
    if let Some(task) = &schedule_done {
        text.push_str(&format!(" Counts as done: {task}."));
    }
    ops.extend(entry_ops(binder, &incident.id, "status", &text, now)?);
    binder.commit(ops)?;
    Ok(Closed {
        id: incident.id,
        minutes,
        schedule_done,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_like_a_person_says_them() {
        assert_eq!(span(45), "45 min");
        assert_eq!(span(125), "2 h 05 min");
        assert_eq!(span(3 * 1440 + 250), "3 d 4 h");
        assert_eq!(span(-5), "0 min");
    }

    #[test]
    fn the_kinds_used_here_are_in_the_catalog() {
        for k in [
            "incident", "run", "tick", "entry", "level", "schedule", "template",
        ] {
            assert!(catalog::kind(k).is_ok(), "{k}");
        }
    }
}
