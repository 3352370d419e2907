//! Merging other copies' changes, conflicts, the fingerprint, and saving (with the generations kept and what follows a save).

use super::*;
use std::collections::HashMap;

impl Binder {
    /// The fingerprint of the binder's change log, to compare copies over the phone.
    pub fn fingerprint(&self) -> Result<String> {
        Ok(changelog::fingerprint(&self.store.heads()?))
    }

    /// Merges change sets from another copy of this binder: each is checked (signature, chain,
    /// clock, its author's right to make it) and applied, or refused with the reason. Taking the
    /// same change sets twice, or in any order, gives the same binder.
    pub fn merge(&mut self, incoming: Vec<ChangeSet>) -> Result<MergeReport> {
        let base = self.merge_base(&incoming)?;
        let heads = base.heads.clone();
        let plan = base.decide(incoming);
        self.apply_plan(&heads, plan)
    }

    /// What a merge of `incoming` is decided against, copied out of the binder so that the
    /// deciding — the slow part: hashes, signatures, authority — can run without holding it
    /// (see [`MergeBase::plan`] and [`Binder::merge_planned`]).
    pub fn merge_base(&self, incoming: &[ChangeSet]) -> Result<MergeBase> {
        let mut signatures = HashMap::new();
        for c in incoming {
            if let Some(held) = self.store.change_signature(&c.actor, c.seq)? {
                signatures.insert((c.actor.clone(), c.seq), held);
            }
        }
        Ok(MergeBase {
            binder_id: self.store.binder_id()?,
            heads: self
                .store
                .heads_of(incoming.iter().map(|c| c.actor.as_str()))?,
            authority: self.store.authority()?,
            signatures,
        })
    }

    /// Applies a merge decided away from the binder. If the binder changed since its
    /// [`MergeBase`] was taken (a save or another merge came between), the change sets are
    /// decided again here, against what the binder holds now.
    pub fn merge_planned(&mut self, planned: PlannedMerge) -> Result<MergeReport> {
        let now = self
            .store
            .heads_of(planned.incoming.iter().map(|c| c.actor.as_str()))?;
        if now != planned.heads {
            return self.merge(planned.incoming);
        }
        self.apply_plan(&planned.heads, planned.plan)
    }

    fn apply_plan(
        &mut self,
        heads: &BTreeMap<String, (u64, String)>,
        plan: merge::Plan,
    ) -> Result<MergeReport> {
        if self.lock.is_none() {
            return Err(Error::ReadOnly);
        }
        debug_assert_eq!(
            &self.store.heads_of(heads.keys().map(String::as_str))?,
            heads
        );
        let conflicts_before: BTreeSet<(String, String)> = self
            .store
            .conflicts()?
            .into_iter()
            .map(|c| (c.id, c.field))
            .collect();
        let received = self.store.apply_hashed(&plan.accept, &plan.hashes)?;
        let new_conflicts = self
            .store
            .conflicts()?
            .into_iter()
            .filter(|c| !conflicts_before.contains(&(c.id.clone(), c.field.clone())))
            .collect();
        Ok(MergeReport {
            received,
            taken: plan
                .accept
                .iter()
                .map(|c| (c.actor.clone(), c.seq))
                .collect(),
            already_present: plan.already_present,
            rejected: plan.rejected,
            new_conflicts,
        })
    }

    /// Every unresolved conflict, side by side.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        Ok(self.store.conflicts()?)
    }

    /// Resolves a conflict on `field` of a record by writing `value` (typed like `set`); the new
    /// write has seen every version, so the conflict clears here and, once synced, everywhere.
    pub fn resolve(&mut self, id: &str, field: &str, value: &str) -> Result<String> {
        let record = self.live_record(id)?;
        if !self
            .store
            .conflicts()?
            .iter()
            .any(|c| c.id == record.id && c.field == field)
        {
            return Err(Error::NoConflict {
                id: record.id,
                field: field.into(),
            });
        }
        self.set(&record.id, &[(field.to_string(), value.to_string())])
    }

    /// From now on this binder signs and saves as `keys` (after a takeover made them an owner).
    pub(crate) fn switch_keys(&mut self, keys: Arc<Keys>) {
        self.keys = keys;
    }

    /// Encrypts the binder to its recipients and replaces the file atomically (keeping
    /// generations). Never runs the passphrase KDF.
    pub fn save(&mut self) -> Result<()> {
        if self.lock.is_none() || self.scratch {
            return Err(Error::ReadOnly);
        }
        // The local file always opens with the key that opened it.
        let recipients = self.recipients_with(Some(self.keys.recipient()))?;
        let (path, keep) = (self.path.clone(), self.keep);
        let saved_but = self
            .store
            .with_image(|image| vault::save(&path, image, &recipients, keep))??;
        // What follows every save (the phone copy). The binder is saved either way; what
        // could not be done is said, not fatal.
        let after = self.after_save.and_then(|after| after(self));
        self.after_save_problem = match (saved_but, after) {
            (Some(a), Some(b)) => Some(format!("{a}; {b}")),
            (a, b) => a.or(b),
        };
        Ok(())
    }

    /// Sets the work that follows every save and sync (e.g. [`crate::pocket::after_save`]).
    pub fn set_after_save(&mut self, after: AfterSave) {
        self.after_save = Some(after);
    }

    /// What the work after the last save could not do, if anything (taken once).
    pub fn take_after_save_problem(&mut self) -> Option<String> {
        self.after_save_problem.take()
    }

    /// Puts its kept generation `number` (1 = newest) in place of this binder, after checking
    /// that generation opens with the binder's keys, and saves: the current file becomes a
    /// generation itself. Needs the binder opened to write.
    pub fn restore_generation(&mut self, number: usize) -> Result<()> {
        if self.lock.is_none() {
            return Err(Error::ReadOnly);
        }
        let generation = vault::generations(&self.path)?
            .into_iter()
            .find(|g| g.number == number)
            .ok_or(VaultError::NoGeneration(number))?;
        let bytes = vault::read(&generation.path)?;
        let earlier = decrypt(&bytes, &self.keys, &generation.path.display().to_string())?;
        let current = std::mem::replace(&mut self.store, earlier);
        self.save().inspect_err(|_| self.store = current)
    }

    /// The signed log, to read: what scripts, tests and benchmarks compare between copies.
    pub fn log(&self) -> Log<'_> {
        Log(&self.store)
    }
}

/// A binder's signed log, read only ([`Binder::log`]).
pub struct Log<'a>(&'a Store);

impl Log<'_> {
    /// Every change set, ordered by (actor, seq): what another copy merges.
    pub fn changes(&self) -> Result<Vec<ChangeSet>> {
        Ok(self.0.changes()?)
    }

    /// How many change sets there are.
    pub fn count(&self) -> Result<u64> {
        Ok(self.0.change_count()?)
    }

    /// Each actor's newest change set: actor → (seq, hash).
    pub fn heads(&self) -> Result<BTreeMap<String, (u64, String)>> {
        Ok(self.0.heads()?)
    }

    /// The latest clock stamp in the log (0 when empty): a change made after it sorts later.
    pub fn latest_clock(&self) -> Result<u64> {
        Ok(self.0.max_hlc()?)
    }

    /// What the log folds to: every field of every record (id, field, value, clock, actor),
    /// the same for two copies that hold the same changes.
    pub fn state(&self) -> Result<Vec<crate::log::store::StateRow>> {
        Ok(self.0.state_rows()?)
    }
}

/// What a merge is decided against: the binder's heads and membership as they stood, and the
/// signatures it held of the incoming change sets (see [`Binder::merge_base`]).
pub struct MergeBase {
    binder_id: String,
    heads: BTreeMap<String, (u64, String)>,
    authority: std::sync::Arc<merge::Authority>,
    signatures: HashMap<(String, u64), String>,
}

impl MergeBase {
    fn decide(self, incoming: Vec<ChangeSet>) -> merge::Plan {
        let signature_of =
            |actor: &str, seq: u64| self.signatures.get(&(actor.to_string(), seq)).cloned();
        let known = merge::Known {
            binder_id: &self.binder_id,
            heads: self.heads.clone(),
            authority: self.authority,
            signature_of: &signature_of,
        };
        merge::plan(known, incoming, chrono::Utc::now())
    }

    /// Decides the merge of `incoming` (which [`Binder::merge_base`] was given), holding
    /// nothing of the binder's.
    pub fn plan(self, incoming: Vec<ChangeSet>) -> PlannedMerge {
        let heads = self.heads.clone();
        let plan = self.decide(incoming.clone());
        PlannedMerge {
            heads,
            plan,
            incoming,
        }
    }
}

/// A merge decided by [`MergeBase::plan`], to apply with [`Binder::merge_planned`].
pub struct PlannedMerge {
    heads: BTreeMap<String, (u64, String)>,
    plan: merge::Plan,
    incoming: Vec<ChangeSet>,
}

impl PlannedMerge {
    /// Whether it decided exactly these change sets.
    pub fn covers(&self, incoming: &[ChangeSet]) -> bool {
        self.incoming.len() == incoming.len()
            && self
                .incoming
                .iter()
                .zip(incoming)
                .all(|(a, b)| a.actor == b.actor && a.seq == b.seq && a.signature == b.signature)
    }
}
