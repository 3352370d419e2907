//! The call tree, run: the waves of roles to call for a level, every attempt to reach a person
//! (an append-only `attempt` record, signed like any change), and what follows from them at a
//! given moment — each person's state, each wave's wait, and whom to call next.
//!
//! Nothing here is stored but the attempts: the states and the next call are derived from the
//! attempts and the clock every time, so two founders' attempts merged in any order give the
//! same answer, and a test moves the clock instead of sleeping.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::{authored_id, find, moment, now_text, open_incident, span, who};
use crate::catalog::{self, duration};
use crate::log::ops::text_ops;
use crate::log::store::Record;
use crate::plan::binder::Binder;
use crate::{Error, Result};

/// How long a wave waits before escalating when it does not say.
pub const DEFAULT_WAIT_MINUTES: i64 = 15;

/// A person's state in the call tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Reach {
    /// Reached, and said they are available.
    Confirmed,
    /// Not reached yet, or reached without confirming.
    NotConfirmed,
    /// Cannot help, skipped, or every number and address found wrong.
    Unreachable,
}

impl Reach {
    /// The state in words: "confirmed", "not confirmed", "unreachable".
    pub fn words(self) -> &'static str {
        match self {
            Reach::Confirmed => "confirmed",
            Reach::NotConfirmed => "not confirmed",
            Reach::Unreachable => "unreachable",
        }
    }
}

/// One wave of a call tree as the plan sets it (or as the default makes it).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Wave {
    /// The `wave` record's id; None for the default tree made from the roles.
    pub id: Option<String>,
    /// Its name.
    pub name: String,
    /// The roles it calls (role ids), in order.
    pub roles: Vec<String>,
    /// Minutes to wait for someone who does not confirm before the backup or the next wave.
    pub wait_minutes: i64,
    /// Whether the first person reached suffices (else everyone in the wave).
    pub first_reached: bool,
    /// Who makes these calls, in words ("whoever starts the incident", "Incident lead").
    pub caller: String,
}

/// One call attempt.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Attempt {
    /// The `attempt` record's id.
    pub id: String,
    /// When (RFC 3339).
    pub at: String,
    /// Who called.
    pub by: String,
    /// The person called, as named.
    pub person: String,
    /// Their contact record, if known.
    pub contact: String,
    /// The role they were called for, if any.
    pub role: String,
    /// The number or address used.
    pub via: String,
    /// One of [`catalog::OUTCOMES`].
    pub outcome: String,
    /// What was said.
    pub note: String,
}

/// A number or address of a person, and whether a call found it wrong.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Way {
    /// The number or address.
    pub via: String,
    /// Whether it is an e-mail address (else a phone number).
    pub email: bool,
    /// A call in this incident found it wrong or disconnected.
    pub wrong: bool,
}

/// A person of a role in a running call tree.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonCall {
    /// Contact record id.
    pub contact_id: String,
    /// Name.
    pub name: String,
    /// Whether this is the role's backup.
    pub backup: bool,
    /// Their state now.
    pub reach: Reach,
    /// Their numbers and addresses, phones first.
    pub ways: Vec<Way>,
    /// Every attempt to reach them in this incident, oldest first.
    pub attempts: Vec<Attempt>,
}

/// A role of a wave in a running call tree.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoleCall {
    /// Role record id.
    pub role_id: String,
    /// Role name.
    pub role: String,
    /// Confirmed when someone holding it confirmed; unreachable when everyone was given up on.
    pub reach: Reach,
    /// Its primary, then its backup.
    pub people: Vec<PersonCall>,
}

/// A wave of a running call tree.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WaveState {
    /// 1-based.
    pub number: usize,
    /// The wave as set.
    pub wave: Wave,
    /// When its calls began (RFC 3339): the incident's start for the first wave, for the next
    /// when this one was done or its wait ended. None while it has not begun.
    pub started_at: Option<String>,
    /// When its wait ends, if it has begun.
    pub escalates_at: Option<String>,
    /// Whether it is done (everyone, or the first, confirmed or given up on).
    pub done: bool,
    /// Its roles.
    pub roles: Vec<RoleCall>,
}

/// A call to make, with the reason in words.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NextCall {
    /// The wave (1-based).
    pub wave: usize,
    /// Role id and name.
    pub role_id: String,
    /// Role name.
    pub role: String,
    /// Contact id and name of the person to call.
    pub contact_id: String,
    /// Their name.
    pub person: String,
    /// Whether they are the role's backup.
    pub backup: bool,
    /// The number or address to use (None when every one was found wrong).
    pub via: Option<String>,
    /// Why this call, in one line ("Sam Lee: no answer 10 min ago — call the backup").
    pub reason: String,
    /// When the wait for this person ends and the tree moves on without them (RFC 3339).
    pub wait_ends_at: Option<String>,
}

/// The call tree of an incident at a moment.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CallTreeState {
    /// The moment it was worked out for (RFC 3339).
    pub now: String,
    /// Whether the plan sets waves for this level (else the default from the roles).
    pub from_plan: bool,
    /// The waves, in order.
    pub waves: Vec<WaveState>,
    /// The calls to make now, the first first.
    pub next: Vec<NextCall>,
    /// Waits that have ended, each as a stable key and a sentence: what the app notifies once.
    pub escalations: Vec<Escalation>,
    /// Roles with someone confirmed, and roles in the tree.
    pub confirmed: usize,
    /// Roles in the tree.
    pub roles: usize,
}

/// A wait that ended: the tree moved on from a person or a wave.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Escalation {
    /// Stable across refreshes, for notifying once.
    pub key: String,
    /// When (RFC 3339).
    pub at: String,
    /// In words.
    pub text: String,
}

/// What a person reports after a call.
#[derive(Debug, Clone, Default)]
pub struct CallReport {
    /// The contact called (id or name).
    pub person: String,
    /// The role they were called for (id or name), if any.
    pub role: Option<String>,
    /// The number or address used; by default the one the tree says to use.
    pub via: Option<String>,
    /// One of [`catalog::OUTCOMES`] (case does not matter).
    pub outcome: String,
    /// What was said.
    pub note: String,
}

/// The waves for a level: those the plan sets for it (or for every level), in order; else the
/// default — the first role, then every other role — with a 15-minute wait.
pub fn waves_for(binder: &Binder, level: Option<&str>) -> Result<(Vec<Wave>, bool)> {
    let roles = binder.list("role", false)?;
    let role_name = |id: &str| {
        roles
            .iter()
            .find(|r| r.id == id)
            .map(Record::title)
            .unwrap_or_default()
    };
    let set: Vec<Record> = binder
        .list("wave", false)?
        .into_iter()
        .filter(|w| {
            let levels = list_of(w, "levels");
            levels.is_empty() || level.is_some_and(|l| levels.iter().any(|x| x == l))
        })
        .collect();
    if set.is_empty() {
        return Ok((default_waves(&roles), false));
    }
    let mut waves: Vec<Wave> = Vec::new();
    for w in &set {
        let caller = match w.text("caller") {
            c if !c.is_empty() => role_name(&c),
            _ => cascade_caller(waves.last(), &role_name),
        };
        waves.push(Wave {
            id: Some(w.id.clone()),
            name: w.title(),
            roles: list_of(w, "roles")
                .into_iter()
                .filter(|id| roles.iter().any(|r| &r.id == id))
                .collect(),
            wait_minutes: wait_of(&w.text("wait")),
            first_reached: w.text("needs") == "first reached",
            caller,
        });
    }
    Ok((waves, true))
}

/// Who calls a wave with no caller set: whoever starts the incident for the first, the people
/// of the wave before for the others.
fn cascade_caller(before: Option<&Wave>, role_name: &dyn Fn(&str) -> String) -> String {
    match before {
        None => "whoever starts the incident".to_string(),
        Some(w) => {
            let names: Vec<String> = w.roles.iter().map(|r| role_name(r)).collect();
            if names.is_empty() {
                "whoever starts the incident".to_string()
            } else {
                names.join(", ")
            }
        }
    }
}

fn default_waves(roles: &[Record]) -> Vec<Wave> {
    let Some((first, rest)) = roles.split_first() else {
        return Vec::new();
    };
    let mut waves = vec![Wave {
        id: None,
        name: first.title(),
        roles: vec![first.id.clone()],
        wait_minutes: DEFAULT_WAIT_MINUTES,
        first_reached: false,
        caller: "whoever starts the incident".into(),
    }];
    if !rest.is_empty() {
        waves.push(Wave {
            id: None,
            name: "Everyone else".into(),
            roles: rest.iter().map(|r| r.id.clone()).collect(),
            wait_minutes: DEFAULT_WAIT_MINUTES,
            first_reached: false,
            caller: first.title(),
        });
    }
    waves
}

fn wait_of(text: &str) -> i64 {
    duration::parse(text)
        .map(|(_, high)| high as i64)
        .filter(|&m| m > 0)
        .unwrap_or(DEFAULT_WAIT_MINUTES)
}

fn list_of(record: &Record, field: &str) -> Vec<String> {
    match record.fields.get(field) {
        Some(catalog::Value::List(items)) => items.clone(),
        Some(catalog::Value::Text(t)) if !t.is_empty() => vec![t.clone()],
        _ => Vec::new(),
    }
}

/// Every attempt of an incident, oldest first (ties by id, so every copy orders them alike).
pub fn attempts(binder: &Binder, incident: &str) -> Result<Vec<Attempt>> {
    let mut all: Vec<Attempt> = binder
        .list("attempt", false)?
        .into_iter()
        .filter(|a| a.text("incident") == incident)
        .map(|a| Attempt {
            at: a.text("at"),
            by: a.text("by"),
            person: a.text("person"),
            contact: a.text("contact"),
            role: a.text("role"),
            via: a.text("via"),
            outcome: a.text("outcome"),
            note: a.text("note"),
            id: a.id,
        })
        .collect();
    all.sort_by(|a, b| (&a.at, &a.id).cmp(&(&b.at, &b.id)));
    Ok(all)
}

/// Records one call attempt on an open incident: one signed, never-edited record.
pub fn record_call(
    binder: &mut Binder,
    incident: &str,
    report: &CallReport,
    now: DateTime<Utc>,
) -> Result<String> {
    let incident = open_incident(binder, incident)?;
    let outcome = catalog::kind("attempt")?
        .require_field("outcome")?
        .parse(&report.outcome, &catalog::NoReferences)?
        .map(|v| v.display())
        .ok_or(catalog::FieldError::Required {
            kind: "attempt",
            field: "outcome",
        })?;
    let contact = find(binder, "contact", &report.person)?;
    let role = match report.role.as_deref().filter(|r| !r.trim().is_empty()) {
        Some(r) => Some(find(binder, "role", r)?),
        // Not said: the first role this person holds, primary before backup.
        None => {
            let roles = binder.list("role", false)?;
            let holds = |field: &str| roles.iter().find(|r| r.text(field) == contact.id);
            holds("primary").or_else(|| holds("backup")).cloned()
        }
    };
    let via = match report.via.as_deref().map(str::trim) {
        Some(v) if !v.is_empty() => v.to_string(),
        _ => {
            let tried = attempts(binder, &incident.id)?;
            ways(&contact, &tried)
                .into_iter()
                .find(|w| !w.wrong)
                .map(|w| w.via)
                .unwrap_or_default()
        }
    };
    let mut fields = vec![
        ("person", contact.title()),
        ("incident", incident.id.clone()),
        ("contact", contact.id.clone()),
        ("outcome", outcome),
        ("at", now_text(now)),
        ("by", who(binder)),
    ];
    if let Some(role) = &role {
        fields.push(("role", role.id.clone()));
    }
    if !via.is_empty() {
        fields.push(("via", via));
    }
    if !report.note.trim().is_empty() {
        fields.push(("note", report.note.trim().to_string()));
    }
    let id = authored_id(binder, "attempt")?;
    binder.commit(text_ops("attempt", &id, fields))?;
    Ok(id)
}

/// A contact's numbers and addresses, each marked wrong when an attempt in `tried` found it so.
fn ways(contact: &Record, tried: &[Attempt]) -> Vec<Way> {
    let wrong = |via: &str| {
        tried.iter().any(|a| {
            a.contact == contact.id
                && a.outcome == "wrong number"
                && catalog::compact_key(&a.via) == catalog::compact_key(via)
        })
    };
    let phones = list_of(contact, "phones").into_iter().map(|v| (v, false));
    let emails = list_of(contact, "emails").into_iter().map(|v| (v, true));
    phones
        .chain(emails)
        .map(|(via, email)| Way {
            wrong: wrong(&via),
            via,
            email,
        })
        .collect()
}

/// A person's state from their attempts: the last of confirmed / cannot help / skipped decides;
/// else unreachable when every way was found wrong; else not confirmed.
pub fn reach_of(attempts: &[Attempt], ways: &[Way]) -> Reach {
    let decisive = attempts
        .iter()
        .rev()
        .find_map(|a| match a.outcome.as_str() {
            "confirmed" => Some(Reach::Confirmed),
            "cannot help" | "skipped" => Some(Reach::Unreachable),
            _ => None,
        });
    match decisive {
        Some(reach) => reach,
        None if !ways.is_empty() && ways.iter().all(|w| w.wrong) => Reach::Unreachable,
        None if ways.is_empty() && attempts.iter().any(|a| a.outcome == "wrong number") => {
            Reach::Unreachable
        }
        None => Reach::NotConfirmed,
    }
}

/// The call tree of `incident` at `now`: each wave's people and state, the calls to make, and
/// the waits that have ended.
pub fn call_tree(binder: &Binder, incident: &Record, now: DateTime<Utc>) -> Result<CallTreeState> {
    let level = incident.text("level");
    let (waves, from_plan) = waves_for(binder, Some(level.as_str()).filter(|l| !l.is_empty()))?;
    let tried = attempts(binder, &incident.id)?;
    let started = moment(&incident.text("started_at")).unwrap_or(now);
    let open = incident.text("status") != "closed";
    let until = if open {
        now
    } else {
        moment(&incident.text("closed_at")).unwrap_or(now)
    };
    let mut run = Run {
        binder,
        tried: &tried,
        now: until,
        next: Vec::new(),
        escalations: Vec::new(),
    };
    let mut states = Vec::new();
    let mut begins = Some(started);
    for (i, wave) in waves.into_iter().enumerate() {
        let state = run.wave(i + 1, wave, begins)?;
        begins = state.1;
        states.push(state.0);
    }
    let roles: Vec<&RoleCall> = states.iter().flat_map(|w| &w.roles).collect();
    Ok(CallTreeState {
        now: now_text(now),
        from_plan,
        confirmed: roles.iter().filter(|r| r.reach == Reach::Confirmed).count(),
        roles: roles.len(),
        next: if open { run.next } else { Vec::new() },
        escalations: run.escalations,
        waves: states,
    })
}

/// Working out one call tree: the attempts, the clock, and what it has found so far.
struct Run<'a> {
    binder: &'a Binder,
    tried: &'a [Attempt],
    now: DateTime<Utc>,
    next: Vec<NextCall>,
    escalations: Vec<Escalation>,
}

/// What working out one role found: its state and when it was settled.
struct Settled {
    role: RoleCall,
    at: Option<DateTime<Utc>>,
}

impl Run<'_> {
    /// One wave begun at `begins` (None: not begun): its state, and when the next one begins.
    fn wave(
        &mut self,
        number: usize,
        wave: Wave,
        begins: Option<DateTime<Utc>>,
    ) -> Result<(WaveState, Option<DateTime<Utc>>)> {
        let wait = Duration::minutes(wave.wait_minutes);
        let mut settled = Vec::new();
        for role_id in &wave.roles {
            settled.push(self.role(number, role_id, begins, wait)?);
        }
        let at = |reach: Reach| settled.iter().filter(move |s| s.role.reach == reach);
        let all_settled = settled.iter().all(|s| s.at.is_some());
        let done_at = if wave.first_reached && at(Reach::Confirmed).next().is_some() {
            at(Reach::Confirmed).filter_map(|s| s.at).min()
        } else if all_settled {
            settled.iter().filter_map(|s| s.at).max().or(begins)
        } else {
            None
        };
        let escalates = begins.map(|b| b + wait);
        let ends = match (done_at, escalates) {
            (Some(d), Some(e)) => Some(d.min(e)),
            (d, e) => d.or(e),
        };
        let next_begins = begins.and(ends).filter(|&t| t <= self.now);
        if let Some(e) = escalates.filter(|&e| e <= self.now)
            && done_at.is_none_or(|d| d > e)
        {
            self.escalations.push(Escalation {
                key: format!("wave:{number}"),
                at: now_text(e),
                text: format!(
                    "{}: the {}-minute wait ended with {} still to reach.",
                    wave.name,
                    wave.wait_minutes,
                    settled
                        .iter()
                        .filter(|s| s.role.reach != Reach::Confirmed)
                        .map(|s| s.role.role.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
        let done = done_at.is_some_and(|d| d <= self.now);
        if done {
            self.next.retain(|n| n.wave != number);
        }
        Ok((
            WaveState {
                number,
                started_at: begins.map(now_text),
                escalates_at: escalates.map(now_text),
                done,
                roles: settled.into_iter().map(|s| s.role).collect(),
                wave,
            },
            next_begins,
        ))
    }

    /// One role of wave `number`: its people in order, who to call, and whether it is settled.
    fn role(
        &mut self,
        number: usize,
        role_id: &str,
        begins: Option<DateTime<Utc>>,
        wait: Duration,
    ) -> Result<Settled> {
        let Some(role) = self.binder.store().record(role_id)? else {
            return Err(Error::NoSuchRecord(format!("role {role_id}")));
        };
        let mut people = Vec::new();
        for (field, backup) in [("primary", false), ("backup", true)] {
            let id = role.text(field);
            if id.is_empty() || people.iter().any(|p: &PersonCall| p.contact_id == id) {
                continue;
            }
            if let Some(c) = self.binder.store().record(&id)?.filter(|c| !c.deleted) {
                people.push(self.person(&c, backup));
            }
        }
        let mut call = RoleCall {
            role_id: role.id.clone(),
            role: role.title(),
            reach: Reach::NotConfirmed,
            people,
        };
        let at = self.walk(number, &mut call, begins, wait);
        Ok(Settled { role: call, at })
    }

    fn person(&self, contact: &Record, backup: bool) -> PersonCall {
        let attempts: Vec<Attempt> = self
            .tried
            .iter()
            .filter(|a| a.contact == contact.id)
            .cloned()
            .collect();
        let ways = ways(contact, self.tried);
        PersonCall {
            contact_id: contact.id.clone(),
            name: contact.title(),
            backup,
            reach: reach_of(&attempts, &ways),
            ways,
            attempts,
        }
    }

    /// Goes down a role's people: the first confirmed settles it; one given up on (unreachable,
    /// or not confirmed when the wait after the first call to them ended) passes to the next;
    /// the first still to wait for, or not yet called, is the call to make. Returns when the
    /// role was settled, if it is.
    fn walk(
        &mut self,
        number: usize,
        call: &mut RoleCall,
        begins: Option<DateTime<Utc>>,
        wait: Duration,
    ) -> Option<DateTime<Utc>> {
        // Someone holding the role is confirmed (for this role or another): it is covered.
        if let Some(at) = call
            .people
            .iter()
            .filter(|p| p.reach == Reach::Confirmed)
            .filter_map(confirmed_at)
            .min()
        {
            call.reach = Reach::Confirmed;
            return Some(at);
        }
        let mut passed_on: Option<(String, String)> = None;
        let mut settled_at = None;
        for person in &call.people {
            let last = person.attempts.last();
            let first_at = person.attempts.first().and_then(|a| moment(&a.at));
            match person.reach {
                Reach::Confirmed => continue,
                Reach::Unreachable => {
                    settled_at = last.and_then(|a| moment(&a.at));
                    passed_on = Some((person.name.clone(), outcome_words(last)));
                    continue;
                }
                Reach::NotConfirmed => {}
            }
            let ends = first_at.map(|t| t + wait);
            if let Some(end) = ends.filter(|&e| e <= self.now) {
                self.escalations.push(Escalation {
                    key: format!("person:{number}:{}:{}", call.role_id, person.contact_id),
                    at: now_text(end),
                    text: format!(
                        "{} ({}): {} — the wait ended; the tree moves on.",
                        person.name,
                        call.role,
                        outcome_words(last)
                    ),
                });
                settled_at = Some(end);
                passed_on = Some((person.name.clone(), outcome_words(last)));
                continue;
            }
            if begins.is_some() {
                let reason = self.reason(person, passed_on.as_ref(), ends);
                self.next.push(NextCall {
                    wave: number,
                    role_id: call.role_id.clone(),
                    role: call.role.clone(),
                    contact_id: person.contact_id.clone(),
                    person: person.name.clone(),
                    backup: person.backup,
                    via: person.ways.iter().find(|w| !w.wrong).map(|w| w.via.clone()),
                    reason,
                    wait_ends_at: ends.map(now_text),
                });
            }
            return None;
        }
        call.reach = Reach::Unreachable;
        if call.people.is_empty() {
            return begins;
        }
        settled_at.or(begins)
    }

    /// Why to call `person` now, in one line.
    fn reason(
        &self,
        person: &PersonCall,
        passed_on: Option<&(String, String)>,
        ends: Option<DateTime<Utc>>,
    ) -> String {
        let backup = if person.backup { " (backup)" } else { "" };
        let via = person
            .ways
            .iter()
            .find(|w| !w.wrong)
            .map(|w| format!(", {}", w.via))
            .unwrap_or_else(|| ", no number that works".into());
        let who = format!("call {}{backup}{via}", person.name);
        match (person.attempts.last(), passed_on) {
            (None, Some((name, what))) => format!("{name}: {what} — {who}"),
            (None, None) => format!("Not called yet — {who}"),
            (Some(last), _) => {
                let left = ends
                    .map(|e| span((e - self.now).num_minutes().max(0)))
                    .unwrap_or_default();
                let again = if last.outcome == "busy" {
                    "try again"
                } else {
                    "wait for a call back or try again"
                };
                format!(
                    "{}: {} — {again}; {left} left before the tree moves on",
                    person.name,
                    outcome_words(Some(last))
                )
            }
        }
    }
}

/// When a confirmed person last confirmed.
fn confirmed_at(person: &PersonCall) -> Option<DateTime<Utc>> {
    person
        .attempts
        .iter()
        .rev()
        .find(|a| a.outcome == "confirmed")
        .and_then(|a| moment(&a.at))
}

/// An attempt in words, with how long ago: "no answer at 10:02".
fn outcome_words(last: Option<&Attempt>) -> String {
    let Some(a) = last else {
        return "not called".into();
    };
    let when = moment(&a.at)
        .map(|t| format!(" at {}", t.format("%H:%M")))
        .unwrap_or_default();
    let what = match a.outcome.as_str() {
        "cannot help" => "reached, cannot help",
        "answered" => "answered without confirming",
        "voicemail" => "voicemail left",
        "wrong number" => "wrong number",
        other => other,
    };
    format!("{what}{when}")
}
