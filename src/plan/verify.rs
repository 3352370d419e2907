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
        member_writes: Vec::new(),
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
