//! Readiness: what in the plan has gone stale or is missing, as one score and an explained list.
//! A pure reading of the binder's records against a date; it changes nothing.
//!
//! Shown on the app's home screen, by `binder readiness`, and on the printed binder's first page.

use serde::Serialize;

use crate::Result;
use crate::catalog::{KINDS, duration};
use crate::log::store::Record;
use crate::plan::binder::{Binder, SHARED_RECIPIENTS};
use crate::plan::examples::{Examples, examples};
use crate::plan::impact::Analysis;

mod impact_rules;
use crate::plan::signoff::{self, SignoffStatus};

/// The review interval used when the plan names none: six months.
pub const DEFAULT_REVIEW_DAYS: i64 = 182;

/// What kind of gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum GapKind {
    /// No recovery key: losing every laptop loses the plan.
    NoRecoveryKey,
    /// No successor kit: if the founders cannot be reached, nobody else can open the plan.
    NoSuccessorKit,
    /// A whole part of a plan is missing: no roles, no contacts, no recovery objectives…
    Missing,
    /// A sign-off whose signature does not verify.
    BadSignature,
    /// A member the shared file is not encrypted to (added since it was last written).
    NotInSharedFile,
    /// A role with nobody as primary.
    NoPrimary,
    /// A role with no backup person.
    NoBackup,
    /// A number or address a call in an incident found wrong, not changed or checked since.
    WrongNumber,
    /// A person, number or account still the starter plan's example.
    ExampleData,
    /// A function whose RTO is longer than the longest it can be down (its MTPD).
    RtoOverMtpd,
    /// A function that took longer to recover in an exercise or incident than its RTO.
    RecoveryOverRto,
    /// A system or vendor several critical functions rely on, with no backup or workaround.
    SinglePointOfFailure,
    /// A system or vendor that recovers slower than a function relying on it needs.
    SlowDependency,
    /// A test or review past its due date.
    Overdue,
    /// A test or review never done.
    NeverDone,
    /// Two members changed a field at the same time and nobody chose yet.
    Conflict,
    /// A business function without a recovery time or point objective.
    NoObjective,
    /// A business function with nothing recorded that it depends on.
    NoDependencies,
    /// Checked once, but longer ago than the review interval.
    Stale,
    /// Never checked by anyone.
    NeverVerified,
    /// Nobody approved the plan, or it changed since the last approval.
    NotApproved,
}

impl GapKind {
    /// How much the gap takes off the score of 100.
    fn weight(self) -> u32 {
        match self {
            GapKind::NoRecoveryKey => 15,
            GapKind::NoSuccessorKit => 6,
            GapKind::Missing => 8,
            GapKind::BadSignature => 10,
            GapKind::NotInSharedFile => 8,
            GapKind::NotApproved => 3,
            GapKind::NoPrimary => 10,
            GapKind::NoBackup => 8,
            GapKind::WrongNumber => 6,
            GapKind::ExampleData => 4,
            GapKind::RtoOverMtpd => 6,
            GapKind::RecoveryOverRto => 5,
            GapKind::SinglePointOfFailure => 6,
            GapKind::SlowDependency => 5,
            GapKind::NoDependencies => 2,
            GapKind::Overdue => 8,
            GapKind::NeverDone => 4,
            GapKind::Conflict => 4,
            GapKind::NoObjective => 4,
            GapKind::Stale => 3,
            GapKind::NeverVerified => 2,
        }
    }
}

/// What a group of gaps of one kind is called, in a count ("3 roles without a backup").
pub fn label(kind: GapKind) -> &'static str {
    match kind {
        GapKind::NoRecoveryKey => "no recovery key",
        GapKind::NoSuccessorKit => "no successor kit",
        GapKind::Missing => "part(s) of the plan missing",
        GapKind::BadSignature => "sign-off not verifying",
        GapKind::NotInSharedFile => "member(s) who cannot open the shared file",
        GapKind::NoPrimary => "role(s) with nobody named",
        GapKind::NoBackup => "role(s) without a backup",
        GapKind::WrongNumber => "number(s) found wrong in a call",
        GapKind::ExampleData => "example data from the starter plan",
        GapKind::RtoOverMtpd => "function(s) with an RTO longer than their MTPD",
        GapKind::RecoveryOverRto => "recovery(ies) slower than the RTO",
        GapKind::SinglePointOfFailure => "single point(s) of failure",
        GapKind::SlowDependency => "dependency(ies) slower than the function needing them",
        GapKind::NoDependencies => "function(s) with no dependency recorded",
        GapKind::Overdue => "overdue test(s) or review(s)",
        GapKind::NeverDone => "test(s) or review(s) never done",
        GapKind::Conflict => "unresolved conflict(s)",
        GapKind::NoObjective => "function(s) without RTO/RPO",
        GapKind::Stale => "record(s) not checked within the review interval",
        GapKind::NeverVerified => "record(s) never checked",
        GapKind::NotApproved => "approval missing or out of date",
    }
}

/// One gap, in words a person acts on.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Gap {
    /// What kind of gap.
    pub kind: GapKind,
    /// The record it is about (None for binder-wide gaps).
    pub id: Option<String>,
    /// The record's kind ("role", "contact"…) or "binder".
    pub record_kind: String,
    /// The record's title.
    pub title: String,
    /// What is wrong and what to do.
    pub detail: String,
}

/// The readiness of a binder on a given day.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Readiness {
    /// 0–100; 100 means nothing is stale or missing.
    pub score: u32,
    /// The day it was assessed for.
    pub as_of: String,
    /// The review interval applied, in days.
    pub review_days: i64,
    /// The gaps, most serious first.
    pub gaps: Vec<Gap>,
    /// The starter plan's examples still in the plan, in a sentence ("5 example people and 9
    /// example numbers and addresses still in the plan"), or "".
    pub examples: String,
}

/// What the plan itself says about `topic` in a role's notes ("Backup: To be formalized" →
/// "To be formalized"), so the gap quotes the plan's own words.
fn plan_says(notes: &str, topic: &str) -> Option<String> {
    notes.lines().find_map(|line| {
        let (head, rest) = line.split_once(':')?;
        let head = head
            .trim()
            .trim_start_matches(['-', '*', ' '])
            .to_lowercase();
        (head.starts_with(topic) && !rest.trim().is_empty()).then(|| rest.trim().to_string())
    })
}

fn gap(kind: GapKind, record: &Record, detail: String) -> Gap {
    Gap {
        kind,
        id: Some(record.id.clone()),
        record_kind: record.kind.clone(),
        title: record.title(),
        detail,
    }
}

fn days(text: &str) -> Option<i64> {
    duration::parse(text)
        .map(|(_, high)| (high / 1440) as i64)
        .filter(|&d| d > 0)
}

fn date_of(text: &str) -> Option<chrono::NaiveDate> {
    let day = text.get(..10)?;
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// No recovery key: losing every laptop loses the plan.
fn no_recovery_key(ctx: &Context<'_>, out: &mut Vec<Gap>) -> Result<()> {
    let binder = ctx.binder;
    if binder.list("recovery", false)?.is_empty() {
        out.push(Gap {
            kind: GapKind::NoRecoveryKey,
            id: None,
            record_kind: "binder".into(),
            title: "Recovery key".into(),
            detail: "No recovery key: if every laptop is lost, so is the plan. Add one and keep it on paper.".into(),
        });
    }
    Ok(())
}

/// Whole parts of a plan missing (the catalog says which, and what to say).
fn missing_parts(ctx: &Context<'_>, out: &mut Vec<Gap>) -> Result<()> {
    let binder = ctx.binder;
    for def in KINDS {
        let Some(what) = def.missing_hint else {
            continue;
        };
        let kind = def.name;
        if !binder.store().has_live(kind)? {
            out.push(Gap {
                kind: GapKind::Missing,
                id: None,
                record_kind: kind.into(),
                title: def.plural.into(),
                detail: what.into(),
            });
        }
    }
    Ok(())
}

/// Roles with nobody named, or no backup (quoting what the plan says).
fn roles_without_people(ctx: &Context<'_>, out: &mut Vec<Gap>) -> Result<()> {
    let binder = ctx.binder;
    for role in binder.list("role", false)? {
        if role.text("primary").is_empty() {
            out.push(gap(
                GapKind::NoPrimary,
                &role,
                "Nobody is named for this role.".into(),
            ));
        }
        if role.text("backup").is_empty() {
            let detail = match plan_says(&role.text("notes"), "backup") {
                Some(words) => format!(
                    "No backup: the plan says \"{words}\". If the primary is unreachable, nobody is."
                ),
                None => "No backup: if the primary is unreachable, nobody is.".into(),
            };
            out.push(gap(GapKind::NoBackup, &role, detail));
        }
    }
    Ok(())
}

/// The plan never reviewed or overdue for review; sign-offs that do not verify; no approval, or a plan changed since.
fn plan_review_and_approval(ctx: &Context<'_>, out: &mut Vec<Gap>) -> Result<()> {
    let binder = ctx.binder;
    let today = ctx.today;
    let review_days = ctx.review_days;
    let plan = &ctx.plan;
    if let Some(plan) = &plan {
        match date_of(&plan.text("last_review")) {
            None => out.push(gap(
                GapKind::NeverDone,
                plan,
                "The plan has never been reviewed: read it through and sign it as reviewed.".into(),
            )),
            Some(last) => {
                let due = last + chrono::Duration::days(review_days);
                if due < today {
                    out.push(gap(
                        GapKind::Overdue,
                        plan,
                        format!(
                            "Plan review due {due}, {} day(s) ago (last reviewed {last}).",
                            (today - due).num_days()
                        ),
                    ));
                }
            }
        }
        let signoffs = signoff::statuses(binder)?;
        for bad in signoffs
            .iter()
            .filter(|s| s.status == SignoffStatus::Invalid)
        {
            out.push(Gap {
                kind: GapKind::BadSignature,
                id: Some(bad.id.clone()),
                record_kind: "signoff".into(),
                title: format!("{} by {}", bad.meaning, bad.name),
                detail: format!("This sign-off cannot be trusted: {}.", bad.detail),
            });
        }
        let approval = signoffs
            .iter()
            .rev()
            .find(|s| s.meaning == "approved" && s.status != SignoffStatus::Invalid);
        match approval {
            None => out.push(gap(
                GapKind::NotApproved,
                plan,
                "Nobody has approved this plan yet: an owner signs it as approved.".into(),
            )),
            Some(a) if a.status == SignoffStatus::Changed => out.push(gap(
                GapKind::NotApproved,
                plan,
                format!(
                    "Changed since {} approved it on {}: approve it again.",
                    a.name,
                    a.at.get(..10).unwrap_or(&a.at)
                ),
            )),
            Some(_) => {}
        }
    }
    Ok(())
}

/// Members the shared file is not yet encrypted to.
fn members_outside_shared_file(ctx: &Context<'_>, out: &mut Vec<Gap>) -> Result<()> {
    let binder = ctx.binder;
    if let Some(shared) = binder.store().meta(SHARED_RECIPIENTS)? {
        let shared: Vec<&str> = shared.split_whitespace().collect();
        for member in binder.members()? {
            if !shared.contains(&member.text("recipient").as_str()) {
                out.push(gap(
                    GapKind::NotInSharedFile,
                    &member,
                    format!(
                        "{} cannot open the shared file yet: it was last written before they were added. Sync to re-encrypt it to them.",
                        member.title()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Scheduled tests and reviews never done or overdue.
fn tests_and_reviews_due(ctx: &Context<'_>, out: &mut Vec<Gap>) -> Result<()> {
    let binder = ctx.binder;
    let today = ctx.today;
    for task in binder.list("schedule", false)? {
        let last = date_of(&task.text("last_done"));
        let every = days(&task.text("frequency"));
        match (last, every) {
            (None, _) => out.push(gap(GapKind::NeverDone, &task, "Never done yet.".into())),
            (Some(last), Some(every)) => {
                let due = last + chrono::Duration::days(every);
                if due < today {
                    let late = (today - due).num_days();
                    out.push(gap(
                        GapKind::Overdue,
                        &task,
                        format!("Due {due}, {late} day(s) ago (last done {last})."),
                    ));
                }
            }
            (Some(_), None) => {}
        }
    }
    Ok(())
}

/// Functions without an RTO or RPO.
fn functions_without_objectives(ctx: &Context<'_>, out: &mut Vec<Gap>) -> Result<()> {
    let binder = ctx.binder;
    for objective in binder.list("objective", false)? {
        let missing: Vec<&str> = ["rto", "rpo"]
            .into_iter()
            .filter(|f| objective.text(f).is_empty())
            .collect();
        if !missing.is_empty() {
            let what = missing
                .iter()
                .map(|m| m.to_uppercase())
                .collect::<Vec<_>>()
                .join(" and ");
            out.push(gap(
                GapKind::NoObjective,
                &objective,
                format!("No {what}: how long may it be down, how much may be lost?"),
            ));
        }
    }
    Ok(())
}

/// Fields two people changed at once, not settled yet.
fn unresolved_conflicts(ctx: &Context<'_>, out: &mut Vec<Gap>) -> Result<()> {
    let binder = ctx.binder;
    for conflict in binder.conflicts()? {
        out.push(Gap {
            kind: GapKind::Conflict,
            id: Some(conflict.id.clone()),
            record_kind: conflict.kind.clone(),
            title: conflict.title.clone(),
            detail: format!(
                "{} was changed by two people at once; choose the value to keep.",
                conflict.field
            ),
        });
    }
    Ok(())
}

/// Records never checked, or not within the review interval.
fn records_not_checked(ctx: &Context<'_>, out: &mut Vec<Gap>) -> Result<()> {
    let binder = ctx.binder;
    let today = ctx.today;
    let review_days = ctx.review_days;
    for kind in KINDS.iter().filter(|k| k.verifiable) {
        let records = binder
            .store()
            .list_fields(kind, &["verified_at", "verified_by"])?;
        for record in records {
            match date_of(&record.text("verified_at")) {
                None => out.push(gap(
                    GapKind::NeverVerified,
                    &record,
                    "Never checked.".into(),
                )),
                Some(when) if (today - when).num_days() > review_days => {
                    let by = record.text("verified_by");
                    let by = if by.is_empty() {
                        String::new()
                    } else {
                        format!(" by {by}")
                    };
                    out.push(gap(
                        GapKind::Stale,
                        &record,
                        format!("Last checked {when}{by}, more than {review_days} days ago."),
                    ));
                }
                Some(_) => {}
            }
        }
    }
    Ok(())
}

/// No successor kit: a recovery key split among people the founders trust (the yearly check of
/// its holders is a scheduled task, so it falls due like any test).
fn no_successor_kit(ctx: &Context<'_>, out: &mut Vec<Gap>) -> Result<()> {
    if crate::plan::succession::kits(ctx.binder)?.is_empty() {
        out.push(Gap {
            kind: GapKind::NoSuccessorKit,
            id: None,
            record_kind: "binder".into(),
            title: "Successor kit".into(),
            detail: "No successor kit: if the founders cannot be reached, nobody else can open the plan. Split a recovery key among two or three people you trust (any two open it) and keep the letter with their shares.".into(),
        });
    }
    Ok(())
}

/// What every rule reads: the binder, the day, the review interval, the plan record, the
/// business impact analysis.
struct Context<'a> {
    binder: &'a Binder,
    today: chrono::NaiveDate,
    review_days: i64,
    plan: Option<Record>,
    impact: Analysis,
    examples: Examples,
}

/// One readiness rule: adds the gaps it finds.
type Rule = fn(&Context<'_>, &mut Vec<Gap>) -> Result<()>;

/// Every rule, in the order they were written (the gaps are sorted afterwards).
const RULES: &[Rule] = &[
    no_recovery_key,
    no_successor_kit,
    example_data,
    missing_parts,
    roles_without_people,
    wrong_numbers,
    plan_review_and_approval,
    members_outside_shared_file,
    tests_and_reviews_due,
    functions_without_objectives,
    impact_rules::rto_over_mtpd,
    impact_rules::slow_dependencies,
    impact_rules::functions_without_dependencies,
    impact_rules::single_points_of_failure,
    impact_rules::recoveries_over_rto,
    unresolved_conflicts,
    records_not_checked,
];

/// People, numbers and accounts still the starter plan's examples: one gap, saying how many,
/// that opens the guided pass through them.
fn example_data(ctx: &Context<'_>, out: &mut Vec<Gap>) -> Result<()> {
    if let Some(summary) = ctx.examples.summary() {
        out.push(Gap {
            kind: GapKind::ExampleData,
            id: None,
            record_kind: "binder".into(),
            title: "Example data".into(),
            detail: format!(
                "{summary}: make the plan yours — replace each with your own, or remove it, one record at a time."
            ),
        });
    }
    Ok(())
}

/// Numbers and addresses a call found wrong or disconnected: a gap until the contact no longer
/// lists it, or someone checks the contact after that call.
fn wrong_numbers(ctx: &Context<'_>, out: &mut Vec<Gap>) -> Result<()> {
    let binder = ctx.binder;
    let mut seen = std::collections::BTreeSet::new();
    for attempt in binder.list("attempt", false)? {
        if attempt.text("outcome") != "wrong number" || attempt.text("via").is_empty() {
            continue;
        }
        let via = attempt.text("via");
        let Some(contact) = binder
            .store()
            .record(&attempt.text("contact"))?
            .filter(|c| !c.deleted)
        else {
            continue;
        };
        let listed = ["phones", "emails"].iter().any(|f| {
            contact
                .text(f)
                .split("; ")
                .any(|v| crate::catalog::compact_key(v) == crate::catalog::compact_key(&via))
        });
        let checked_since = contact.text("verified_at") > attempt.text("at");
        if listed && !checked_since && seen.insert((contact.id.clone(), via.clone())) {
            out.push(gap(
                GapKind::WrongNumber,
                &contact,
                format!(
                    "{via} was wrong or disconnected when {} called on {}. Correct the number, or mark the contact checked.",
                    attempt.text("by"),
                    attempt.text("at").get(..10).unwrap_or_default()
                ),
            ));
        }
    }
    Ok(())
}

/// Assesses `binder` as of `today`: worked out once per change to the binder and day, and
/// handed out again until either changes.
pub fn assess(binder: &Binder, today: chrono::NaiveDate) -> Result<Readiness> {
    binder.derived(&format!("readiness {today}"), |binder| {
        compute(binder, today)
    })
}

/// Assesses `binder` as of `today`, reading it afresh (what [`assess`] does after a change).
pub fn compute(binder: &Binder, today: chrono::NaiveDate) -> Result<Readiness> {
    let plan = binder.plan_record()?;
    let review_days = plan
        .as_ref()
        .and_then(|p| days(&p.text("review_interval")))
        .unwrap_or(DEFAULT_REVIEW_DAYS);
    let ctx = Context {
        binder,
        today,
        review_days,
        plan,
        impact: Analysis::read(binder)?,
        examples: examples(binder)?,
    };
    let mut gaps = Vec::new();
    for rule in RULES {
        rule(&ctx, &mut gaps)?;
    }
    gaps.sort_by(|a, b| {
        (a.kind, &a.record_kind, &a.title).cmp(&(b.kind, &b.record_kind, &b.title))
    });
    let lost: u32 = gaps.iter().map(|g| g.kind.weight()).sum();
    Ok(Readiness {
        examples: ctx.examples.summary().unwrap_or_default(),
        score: 100u32.saturating_sub(lost),
        as_of: today.to_string(),
        review_days,
        gaps,
    })
}
