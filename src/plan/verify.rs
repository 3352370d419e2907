//! `verify`: the whole log checked as a newcomer would take it, the stored state against a fresh
//! fold, and every sign-off against the plan as it is now. Reads only.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::Result;
use crate::log::merge;
use crate::log::store::Store;
use crate::plan::binder::Binder;
use crate::plan::signoff;

/// What `verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    /// Change sets checked.
    pub changes: u64,
    /// Distinct authors.
    pub actors: usize,
    /// Change sets a newcomer would refuse: broken signatures, chains, gaps, unauthorised authors.
    pub problems: Vec<merge::Rejection>,
    /// Whether the stored state equals a fresh fold of the log (false: the tables were edited
    /// around the log, e.g. by hand with sqlite3).
    pub state_matches_log: bool,
    /// The binder's fingerprint.
    pub fingerprint: String,
    /// Every review and approval, its signature checked against the plan as it is now.
    pub signoffs: Vec<signoff::SignoffCheck>,
}

impl VerifyReport {
    /// Whether everything checked out (a plan changed since a sign-off is not a fault; a
    /// sign-off whose signature does not verify is).
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
            && self.state_matches_log
            && self
                .signoffs
                .iter()
                .all(|s| s.status != signoff::SignoffStatus::Invalid)
    }

    /// The report in sentences a person reads: a summary and one finding per check, members
    /// named by `names` (actor id → name).
    pub fn in_words(
        &self,
        names: &std::collections::BTreeMap<String, String>,
    ) -> (String, Vec<String>) {
        let report = self;
        use signoff::SignoffStatus;
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut findings = Vec::new();
        if report.problems.is_empty() {
            findings.push(format!(
            "Every one of the {} by {} is signed by its author, in an unbroken chain, and was theirs to make.",
            plural(report.changes as usize, "change", "changes"),
            plural(report.actors, "person", "people"),
        ));
        }
        for p in &report.problems {
            let who = names
                .get(&p.actor)
                .cloned()
                .unwrap_or_else(|| p.actor.clone());
            findings.push(format!(
                "A change by {who} (number {}) would be refused by a newcomer: {}.",
                p.seq, p.reason
            ));
        }
        findings.push(if report.state_matches_log {
        "The plan as stored equals a fresh reading of its change log.".to_string()
    } else {
        "The plan as stored differs from its change log: the file was edited around the log (for example with sqlite3). Restore an earlier version, or sync to take the team's copy.".to_string()
    });
        for s in &report.signoffs {
            findings.push(format!(
                "Sign-off by {} ({}): {}",
                s.name, s.meaning, s.detail
            ));
        }
        let invalid = report
            .signoffs
            .iter()
            .filter(|s| s.status == SignoffStatus::Invalid)
            .count();
        let summary = if report.ok() {
            "This binder checks out.".to_string()
        } else {
            let mut wrong = Vec::new();
            if !report.problems.is_empty() {
                wrong.push(plural(
                    report.problems.len(),
                    "change does not verify",
                    "changes do not verify",
                ));
            }
            if !report.state_matches_log {
                wrong.push("the stored plan differs from its log".to_string());
            }
            if invalid > 0 {
                wrong.push(plural(
                    invalid,
                    "sign-off is not valid",
                    "sign-offs are not valid",
                ));
            }
            format!("Something is wrong: {}.", wrong.join("; "))
        };
        (summary, findings)
    }
}

/// Checks the whole log as a newcomer would take it: every signature, every chain, every
/// author's right to each change in its causal past; and that the state equals a fresh fold.
pub fn verify(binder: &Binder) -> Result<VerifyReport> {
    let changes = binder.store().changes()?;
    let binder_id = binder.store().binder_id()?;
    let none = |_: &str, _: u64| None;
    let known = merge::Known {
        binder_id: &binder_id,
        heads: BTreeMap::new(),
        authority: Default::default(),
        signature_of: &none,
    };
    let plan = merge::plan(
        known,
        changes.clone(),
        chrono::Utc::now() + chrono::Duration::days(36500),
    );
    let mut fresh = Store::create(&binder_id)?;
    fresh.apply(&changes)?;
    let actors = changes
        .iter()
        .map(|c| &c.actor)
        .collect::<BTreeSet<_>>()
        .len();
    Ok(VerifyReport {
        changes: changes.len() as u64,
        actors,
        problems: plan.rejected,
        state_matches_log: fresh.state_rows()? == binder.store().state_rows()?,
        fingerprint: binder.fingerprint()?,
        signoffs: signoff::check(binder)?,
    })
}
