//! An open binder: the one API the CLI and the desktop app both adapt.
//!
//! It decrypts a binder file into memory with a member's keys, turns every edit into a signed
//! change set, answers queries, and saves by re-encrypting to the current members and recovery
//! keys. Merging with other copies comes in `sync` (later); the write path is already the one
//! merge needs: every change is a signed, chained, clock-stamped set of field assignments.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::catalog::{self, DELETED_FIELD, FieldError, KINDS, KindDef, Resolver, Value};
use crate::file::keys::Invitation;
use crate::file::keys::{Keys, RecoveryKey};
use crate::file::vault::{self, VaultError};
use crate::log::changelog::{self, ChangeSet, Op};
use crate::log::merge;
use crate::log::ops::{new_id, text_ops};
use crate::log::store::{Conflict, HistoryEntry, Hit, Record, Store, StoreError};
use crate::{Error, Result};

/// The starter plan that `init --starter` and the demo binder begin from.
pub const STARTER_PLAN: &str = include_str!("../../assets/starter-plan.toml");

/// Whether an open binder may be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Queries only; no lock is taken, so another process may be writing.
    Read,
    /// Holds the writer lock until dropped.
    Write,
}

/// An open, decrypted binder.
pub struct Binder {
    path: PathBuf,
    store: Store,
    keys: Arc<Keys>,
    lock: Option<vault::Lock>,
    keep: usize,
    /// A copy in memory for a dry run: it takes changes but can never be saved.
    scratch: bool,
    /// Run after every save (the adapters set it: the phone copy follows every save and
    /// sync); what it returns is a problem to tell the person, the save itself having succeeded.
    after_save: Option<AfterSave>,
    /// What the last `after_save` said went wrong, if anything.
    after_save_problem: Option<String>,
}

/// Work that follows every save, given the saved binder; returns a problem to tell, if any.
pub type AfterSave = fn(&Binder) -> Option<String>;

impl std::fmt::Debug for Binder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Binder")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// The JSON export of a whole binder (`binder export json`): the live records by kind, for
/// people and other tools, and the complete signed log, so nothing is lost on re-import.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Export {
    /// Always "continuity-binder".
    pub format: String,
    /// Export format version.
    pub version: u32,
    /// The binder's id.
    pub binder_id: String,
    /// Fingerprint of the log at export.
    pub fingerprint: String,
    /// Live records: kind → records, each `{"id": …, field: value…}`.
    pub records: BTreeMap<String, Vec<BTreeMap<String, serde_json::Value>>>,
    /// Every change set, ordered by (actor, seq).
    #[serde(default)]
    pub changes: Vec<ChangeSet>,
}

/// The export format version this app writes and reads.
pub const EXPORT_VERSION: u32 = 1;

/// What a merge did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MergeReport {
    /// Change sets taken in.
    pub received: usize,
    /// Change sets already held.
    pub already_present: usize,
    /// Change sets refused, with the reason.
    pub rejected: Vec<merge::Rejection>,
    /// Conflicts the merge created.
    pub new_conflicts: Vec<Conflict>,
}

fn parse_role(role: &str) -> Result<String> {
    let field = catalog::kind("member")?.require_field("role")?;
    match field.parse(role, &catalog::NoReferences)? {
        Some(Value::Text(r)) => Ok(r),
        _ => Err(FieldError::Required {
            kind: "member",
            field: "role",
        }
        .into()),
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    /// Signed change sets taken over from a copy of this same binder.
    pub changes_added: usize,
    /// Change sets already present.
    pub changes_already_present: usize,
    /// Change sets refused, with the reason.
    pub changes_rejected: Vec<String>,
    /// Records created.
    pub created: usize,
    /// Records that existed and had fields changed.
    pub updated: usize,
    /// Notes about things not imported, and why.
    pub skipped: Vec<String>,
    /// Notes about how things were taken in (a value kept in the notes, a photo ignored…).
    pub notes: Vec<String>,
}

/// Errors specific to imports.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The JSON does not parse.
    #[error("the file is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The TOML does not parse.
    #[error("the file is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    /// Not a binder export.
    #[error("the file is not a Continuity Binder export (its \"format\" is \"{0}\")")]
    NotAnExport(String),
    /// A newer export format.
    #[error(
        "the export was made by a newer version of Continuity Binder (export format {0}); update the app to import it"
    )]
    NewerExport(u32),
    /// A record in the import is malformed.
    #[error("{kind} record {index}: {message}")]
    BadRecord {
        /// Kind.
        kind: String,
        /// 1-based position among the kind's records.
        index: usize,
        /// What is wrong.
        message: String,
    },
}

struct StoreResolver<'a> {
    store: &'a Store,
    pending: &'a BTreeSet<String>,
}

impl Resolver for StoreResolver<'_> {
    fn resolve(&self, kind: &KindDef, text: &str) -> std::result::Result<Option<String>, ()> {
        let is_kind = catalog::kind_of_id(text).is_some_and(|k| k.name == kind.name);
        if is_kind
            && (self.pending.contains(text)
                || self
                    .store
                    .record(text)
                    .ok()
                    .flatten()
                    .is_some_and(|r| !r.deleted))
        {
            return Ok(Some(text.to_string()));
        }
        match self
            .store
            .ids_by_title(kind, text)
            .map_err(|_| ())?
            .as_slice()
        {
            [] => Ok(None),
            [one] => Ok(Some(one.clone())),
            _ => Err(()),
        }
    }
}

/// What a new binder starts with ([`Binder::create_new`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Start<'a> {
    /// Fill it with the starter plan (sections, levels, roles, checklists, templates, schedule).
    pub starter: bool,
    /// The organisation the plan names ("" for none yet).
    pub organisation: &'a str,
    /// Make a recovery key with this label at once.
    pub recovery_key: Option<&'a str>,
}

/// The local meta key remembering who the shared file was last encrypted to (for readiness).
pub const SHARED_RECIPIENTS: &str = "shared_recipients";

mod team;
mod transfer;

impl Binder {
    /// Creates a new binder file at `path`, owned by the holder of `keys`.
    pub fn create(path: &Path, keys: impl Into<Arc<Keys>>) -> Result<Binder> {
        let keys = keys.into();
        if path.exists() {
            return Err(VaultError::Exists(path.display().to_string()).into());
        }
        let lock = vault::lock(path)?;
        let verifying = keys.verifying_key().ok_or(Error::CannotSign)?;
        let actor = changelog::actor_id(&verifying);
        // The id names its creator, so a forged "first change" by anyone else is refused.
        let binder_id = format!(
            "{}.{actor}",
            new_id(catalog::kind("plan")?).replacen("plan-", "", 1)
        );
        let store = Store::create(&binder_id)?;
        let mut binder = Binder {
            path: path.to_path_buf(),
            store,
            keys,
            lock: Some(lock),
            keep: vault::DEFAULT_GENERATIONS,
            scratch: false,
            after_save: None,
            after_save_problem: None,
        };
        let member_id = format!("member-{actor}");
        let signing_hex = changelog::hex(verifying.as_bytes());
        let ops = text_ops(
            "member",
            &member_id,
            vec![
                ("name", binder.keys.name().to_string()),
                ("role", "owner".to_string()),
                ("recipient", binder.keys.recipient()),
                ("signing_key", signing_hex),
            ],
        );
        binder.commit(ops)?;
        binder.save()?;
        Ok(binder)
    }

    /// Makes a new binder at `path` for the holder of `keys`, as `start` says, and saves it: the
    /// one way a binder is made (`binder init`, the app's "create a binder" and its demo).
    /// Returns the recovery key asked for, whose secret the caller shows once.
    pub fn create_new(
        path: &Path,
        keys: impl Into<Arc<Keys>>,
        start: &Start<'_>,
    ) -> Result<(Binder, Option<RecoveryKey>)> {
        let mut b = Binder::create(path, keys)?;
        if start.starter {
            b.import_starter_plan()?;
        }
        let organisation = start.organisation.trim();
        if !organisation.is_empty() {
            b.set_organisation(organisation)?;
        }
        let key = start
            .recovery_key
            .map(|label| b.add_recovery_key(label))
            .transpose()?;
        b.save()?;
        Ok((b, key))
    }

    /// Opens the binder file at `path` with `keys`.
    pub fn open(path: &Path, keys: impl Into<Arc<Keys>>, mode: Mode) -> Result<Binder> {
        let keys = keys.into();
        let lock = match mode {
            Mode::Write => Some(vault::lock(path)?),
            Mode::Read => None,
        };
        let store = Self::unlock_file(path, &keys)?;
        Ok(Binder {
            path: path.to_path_buf(),
            store,
            keys,
            lock,
            keep: vault::DEFAULT_GENERATIONS,
            scratch: false,
            after_save: None,
            after_save_problem: None,
        })
    }

    /// A read-only binder over a store already decrypted (a copy opened with a recovery key to
    /// look at it): nothing can be committed or saved.
    pub fn in_memory(store: Store, keys: impl Into<Arc<Keys>>) -> Binder {
        Binder {
            path: PathBuf::new(),
            store,
            keys: keys.into(),
            lock: None,
            keep: vault::DEFAULT_GENERATIONS,
            scratch: false,
            after_save: None,
            after_save_problem: None,
        }
    }

    /// Decrypts binder bytes straight into an in-memory store (no KDF: the keys are open).
    pub fn unlock_bytes(bytes: &[u8], keys: &Keys, shown: &str) -> Result<Store> {
        let opened =
            vault::open_plaintext(std::io::Cursor::new(bytes), &keys.age_identities(), shown)?;
        Self::load(opened, shown)
    }

    /// Decrypts the binder file at `path`, streamed from disk, into an in-memory store.
    pub fn unlock_file(path: &Path, keys: &Keys) -> Result<Store> {
        let opened = vault::open_file(path, &keys.age_identities())?;
        Self::load(opened, &path.display().to_string())
    }

    fn load<R: std::io::Read + std::io::Seek>(
        (mut reader, len): (vault::PlainReader<R>, usize),
        shown: &str,
    ) -> Result<Store> {
        Store::from_reader(&mut reader, len).map_err(|e| match e {
            _ if reader.failed() => Error::Vault(VaultError::Damaged(shown.into())),
            StoreError::NotABinder => Error::Vault(VaultError::NotABinder(shown.into())),
            other => other.into(),
        })
    }

    /// How many generations a save keeps (default 10).
    pub fn set_generations_kept(&mut self, keep: usize) {
        self.keep = keep;
    }

    /// The file this binder was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The binder's id.
    pub fn binder_id(&self) -> Result<String> {
        Ok(self.store.binder_id()?)
    }

    /// The keys the binder was opened with.
    pub fn keys(&self) -> &Arc<Keys> {
        &self.keys
    }

    /// Runs `f` with the encrypted-to-be database image (for publishing a copy elsewhere).
    pub fn with_image<T>(&mut self, f: impl FnOnce(&[u8]) -> T) -> Result<T> {
        Ok(self.store.with_image(f)?)
    }

    /// A new local binder file holding nothing yet, to be filled from another copy (joining).
    pub fn create_empty(
        path: &Path,
        keys: impl Into<Arc<Keys>>,
        binder_id: &str,
    ) -> Result<Binder> {
        if path.exists() {
            return Err(VaultError::Exists(path.display().to_string()).into());
        }
        let lock = vault::lock(path)?;
        let store = Store::create(binder_id)?;
        Ok(Binder {
            path: path.to_path_buf(),
            store,
            keys: keys.into(),
            lock: Some(lock),
            keep: vault::DEFAULT_GENERATIONS,
            scratch: false,
            after_save: None,
            after_save_problem: None,
        })
    }

    /// The underlying store, for queries the binder API does not wrap.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The actor id of the open identity.
    pub fn actor(&self) -> Option<String> {
        self.keys.verifying_key().map(|k| changelog::actor_id(&k))
    }

    /// Signs `ops` as the next change set of this member and folds it in (in memory; see
    /// [`Binder::save`]). Refuses when opened read-only, with a key that cannot sign, or as a
    /// member whose role may not edit.
    pub fn commit(&mut self, ops: Vec<Op>) -> Result<ChangeSet> {
        if self.lock.is_none() && !self.scratch {
            return Err(Error::ReadOnly);
        }
        let signing = self.keys.signing_key().ok_or(Error::CannotSign)?;
        let actor = changelog::actor_id(&signing.verifying_key());
        if let Some(why) = ops.iter().find_map(|o| merge::check_shape(o).err()) {
            return Err(Error::Refused(why));
        }
        if let Some(op) = ops.iter().find(|o| {
            merge::is_append_only(&o.kind)
                && !o.id.starts_with(&merge::author_prefix(&o.kind, &actor))
        }) {
            return Err(Error::AppendOnly(catalog::kind(&op.kind)?.label));
        }
        let heads = self.store.heads()?;
        if !heads.is_empty() {
            let role = self.role_of(&actor)?;
            let touches_members = ops.iter().any(|o| merge::is_authority_id(&o.id));
            match role.as_deref() {
                Some("owner") => {}
                Some("recovery") => merge::recovery_allows(&actor, &ops, |id| {
                    self.store.record(id).ok().flatten().is_some()
                })
                .map_err(|_| Error::RecoveryOnly)?,
                Some("editor") if !touches_members => {}
                Some("editor") => {
                    return Err(Error::NotAllowed {
                        role: "editor (only owners manage members and recovery keys)".into(),
                    });
                }
                other => {
                    return Err(Error::NotAllowed {
                        role: other.unwrap_or("not a member").to_string(),
                    });
                }
            }
        }
        let (seq, prev_hash) = heads
            .get(&actor)
            .map(|(s, h)| (s + 1, h.clone()))
            .unwrap_or((1, String::new()));
        let deps = heads.iter().map(|(a, (s, _))| (a.clone(), *s)).collect();
        let hlc = changelog::next_hlc(self.store.max_hlc()?, chrono::Utc::now());
        let change = ChangeSet::sign(
            signing,
            &self.store.binder_id()?,
            seq,
            hlc,
            deps,
            prev_hash,
            ops,
        );
        self.store.apply(std::slice::from_ref(&change))?;
        Ok(change)
    }

    fn resolver<'a>(&'a self, pending: &'a BTreeSet<String>) -> StoreResolver<'a> {
        StoreResolver {
            store: &self.store,
            pending,
        }
    }

    /// Parses `field=value` inputs for a record of `kind` into ops, validating each against the catalog.
    fn parse_inputs(
        &self,
        kind: &KindDef,
        id: &str,
        inputs: &[(String, String)],
    ) -> Result<Vec<Op>> {
        let pending = BTreeSet::new();
        let resolver = self.resolver(&pending);
        let mut ops = Vec::new();
        for (name, raw) in inputs {
            let field = kind.require_field(name)?;
            let value = field.parse(raw, &resolver)?;
            if value.is_none() && field.required {
                return Err(FieldError::Required {
                    kind: kind.name,
                    field: field.name,
                }
                .into());
            }
            ops.push(Op {
                kind: kind.name.into(),
                id: id.into(),
                field: field.name.into(),
                value,
            });
        }
        Ok(ops)
    }

    /// Adds a record of `kind` from `field=value` inputs; returns its id.
    pub fn add(&mut self, kind: &str, inputs: &[(String, String)]) -> Result<String> {
        let kind = catalog::kind(kind)?;
        if kind.system {
            return Err(FieldError::SystemKind(kind.name).into());
        }
        let id = new_id(kind);
        let ops = self.parse_inputs(kind, &id, inputs)?;
        for f in kind.fields().filter(|f| f.required) {
            if !ops
                .iter()
                .any(|op| op.field == f.name && op.value.is_some())
            {
                return Err(FieldError::Required {
                    kind: kind.name,
                    field: f.name,
                }
                .into());
            }
        }
        self.commit(ops)?;
        Ok(id)
    }

    /// Sets fields of an existing record; an empty value clears the field.
    pub fn set(&mut self, id: &str, inputs: &[(String, String)]) -> Result<String> {
        let record = self.live_record(id)?;
        let kind = catalog::kind(&record.kind)?;
        refuse_append_only(kind)?;
        if kind.system {
            return Err(FieldError::SystemKind(kind.name).into());
        }
        let ops = self.parse_inputs(kind, &record.id, inputs)?;
        self.commit(ops)?;
        Ok(record.id)
    }

    /// Records that a person checked the record is still true (contacts, vendors, roles, sections).
    pub fn mark_verified(&mut self, id: &str) -> Result<String> {
        let record = self.live_record(id)?;
        let kind = catalog::kind(&record.kind)?;
        if !kind.verifiable {
            let names: Vec<String> = KINDS
                .iter()
                .filter(|k| k.verifiable)
                .map(|k| k.plural.to_lowercase())
                .collect();
            let verifiable = match names.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                None => String::new(),
            };
            return Err(Error::NotVerifiable {
                kind: kind.name,
                verifiable,
            });
        }
        let now = catalog::format_datetime(chrono::Utc::now());
        let who = self.keys.name().to_string();
        let ops = text_ops(
            kind.name,
            &record.id,
            vec![("verified_at", now), ("verified_by", who)],
        );
        self.commit(ops)?;
        Ok(record.id)
    }

    /// Deletes a record (a change like any other: a later restore can undo it).
    pub fn remove(&mut self, id: &str) -> Result<String> {
        let record = self.live_record(id)?;
        let kind = catalog::kind(&record.kind)?;
        refuse_append_only(kind)?;
        if kind.system {
            return Err(FieldError::SystemKind(kind.name).into());
        }
        self.delete(record)
    }

    /// Commits the deletion of `record` (checks are the caller's).
    fn delete(&mut self, record: Record) -> Result<String> {
        self.commit(vec![Op {
            kind: record.kind,
            id: record.id.clone(),
            field: DELETED_FIELD.into(),
            value: Some(Value::Bool(true)),
        }])?;
        Ok(record.id)
    }

    /// Turns what a person typed (a whole id, or a unique start of one) into a record id.
    pub fn resolve_id(&self, text: &str) -> Result<String> {
        if self.store.record(text)?.is_some() {
            return Ok(text.to_string());
        }
        match self.store.ids_with_prefix(text)?.as_slice() {
            [] => Err(Error::NoSuchRecord(text.into())),
            [one] => Ok(one.clone()),
            many => Err(Error::AmbiguousId {
                given: text.into(),
                matches: many.join(", "),
            }),
        }
    }

    /// A record by id or unique id prefix (deleted ones too).
    pub fn record(&self, id: &str) -> Result<Record> {
        let id = self.resolve_id(id)?;
        self.store.record(&id)?.ok_or(Error::NoSuchRecord(id))
    }

    fn live_record(&self, id: &str) -> Result<Record> {
        let record = self.record(id)?;
        if record.deleted {
            return Err(Error::Deleted(record.id));
        }
        Ok(record)
    }

    /// Records of a kind, ordered for reading: by position/rank/call order when the kind has
    /// one, then by title.
    pub fn list(&self, kind: &str, include_deleted: bool) -> Result<Vec<Record>> {
        let kind = catalog::kind(kind)?;
        let mut records = self.store.list(kind, include_deleted)?;
        let order_field = ["position", "rank", "call_order"]
            .into_iter()
            .find(|f| kind.field(f).is_some());
        records.sort_by_cached_key(|r| {
            let order = order_field
                .and_then(|f| r.text(f).parse::<i64>().ok())
                .unwrap_or(i64::MAX);
            (order, r.title().to_lowercase(), r.id.clone())
        });
        Ok(records)
    }

    /// Records of a kind whose fields equal the given values (`checklist="Initial response"`;
    /// values are parsed like input, so references may be given by name; a list field matches
    /// when it contains the value).
    pub fn list_where(
        &self,
        kind: &str,
        filters: &[(String, String)],
        include_deleted: bool,
    ) -> Result<Vec<Record>> {
        let kind_def = catalog::kind(kind)?;
        let pending = BTreeSet::new();
        let resolver = self.resolver(&pending);
        let mut wanted = Vec::new();
        for (name, raw) in filters {
            let field = kind_def.require_field(name)?;
            let value = field.parse(raw, &resolver)?;
            wanted.push((field.name, value));
        }
        Ok(self
            .list(kind, include_deleted)?
            .into_iter()
            .filter(|r| {
                wanted
                    .iter()
                    .all(|(name, value)| match (r.fields.get(*name), value) {
                        (None, None) => true,
                        (Some(Value::List(have)), Some(Value::List(want))) => {
                            want.iter().all(|w| have.contains(w))
                        }
                        (have, want) => have == want.as_ref(),
                    })
            })
            .collect())
    }

    /// The plan's own record (organisation, title, version, review interval…); a binder made
    /// without the starter plan may have none yet.
    pub fn plan_record(&self) -> Result<Option<Record>> {
        Ok(self.list("plan", false)?.into_iter().next())
    }

    /// The organisation the plan names (empty if none), as every printed page shows it.
    pub fn organisation(&self) -> Result<String> {
        Ok(self
            .plan_record()?
            .map(|p| p.text("organisation"))
            .unwrap_or_default())
    }

    /// What to call this binder in a window title or a list: the organisation the plan names,
    /// else the plan's title; `None` without a plan record.
    pub fn plan_name(&self) -> Result<Option<String>> {
        Ok(self.plan_record()?.map(|plan| {
            let org = plan.text("organisation");
            if org.is_empty() { plan.title() } else { org }
        }))
    }

    /// The title of the record `id` names (a deleted one's too), to show a reference by;
    /// `None` when no record has that id.
    pub fn title_of(&self, id: &str) -> Result<Option<String>> {
        Ok(self.store.record(id)?.map(|r| r.title()))
    }

    /// Names the organisation on the plan record, making the plan record if there is none.
    pub fn set_organisation(&mut self, org: &str) -> Result<String> {
        match self.plan_record()? {
            Some(plan) => {
                let id = plan.id.clone();
                self.set(&id, &[("organisation".into(), org.into())])
            }
            None => self.add(
                "plan",
                &[
                    ("organisation".into(), org.into()),
                    ("title".into(), "Business Continuity Plan".into()),
                ],
            ),
        }
    }

    /// Full-text search over every searchable field.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<Hit>> {
        Ok(self.store.search(text, limit)?)
    }

    /// Who changed what, when: of one record, or of the whole binder (newest `limit`).
    pub fn history(&self, id: Option<&str>, limit: usize) -> Result<Vec<HistoryEntry>> {
        let id = id.map(|i| self.resolve_id(i)).transpose()?;
        Ok(self.store.history(id.as_deref(), limit)?)
    }

    /// The fingerprint of the binder's change log, to compare copies over the phone.
    pub fn fingerprint(&self) -> Result<String> {
        Ok(changelog::fingerprint(&self.store.heads()?))
    }

    /// Merges change sets from another copy of this binder: each is checked (signature, chain,
    /// clock, its author's right to make it) and applied, or refused with the reason. Taking the
    /// same change sets twice, or in any order, gives the same binder.
    pub fn merge(&mut self, incoming: Vec<ChangeSet>) -> Result<MergeReport> {
        if self.lock.is_none() {
            return Err(Error::ReadOnly);
        }
        let binder_id = self.store.binder_id()?;
        let conflicts_before: BTreeSet<(String, String)> = self
            .store
            .conflicts()?
            .into_iter()
            .map(|c| (c.id, c.field))
            .collect();
        let store = &self.store;
        let signature_of =
            |actor: &str, seq: u64| store.change_signature(actor, seq).ok().flatten();
        let known = merge::Known {
            binder_id: &binder_id,
            heads: self.store.heads()?,
            member_writes: self.store.member_writes()?,
            signature_of: &signature_of,
        };
        let plan = merge::plan(known, incoming, chrono::Utc::now());
        let received = self.store.apply_hashed(&plan.accept, &plan.hashes)?;
        let new_conflicts = self
            .store
            .conflicts()?
            .into_iter()
            .filter(|c| !conflicts_before.contains(&(c.id.clone(), c.field.clone())))
            .collect();
        Ok(MergeReport {
            received,
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

    /// Replaces the binder at `path` with its kept generation `number` (1 = newest), after
    /// checking that generation opens with `keys`. The current file becomes a generation itself.
    pub fn restore_generation(
        path: &Path,
        keys: impl Into<Arc<Keys>>,
        number: usize,
    ) -> Result<Binder> {
        let mut current = Binder::open(path, keys, Mode::Write)?;
        let generation = vault::generations(path)?
            .into_iter()
            .find(|g| g.number == number)
            .ok_or(VaultError::NoGeneration(number))?;
        let bytes = vault::read(&generation.path)?;
        current.store = Self::unlock_bytes(
            &bytes,
            &current.keys,
            &generation.path.display().to_string(),
        )?;
        current.save()?;
        Ok(current)
    }
}

/// What an import would do, found by running it on a copy in memory ([`Binder::dry_run`]).
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Preview {
    /// The import's own report, as the real run would give it.
    pub report: ImportReport,
    /// Each record it would create or change.
    pub records: Vec<PreviewRecord>,
}

/// One record an import would create or change.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PreviewRecord {
    /// Kind name.
    pub kind: String,
    /// Record id.
    pub id: String,
    /// Its title after the import.
    pub title: String,
    /// Whether it is new (else an existing record changes).
    pub new: bool,
}

impl Binder {
    /// Runs `import` on a copy of this binder held only in memory and says what it would do:
    /// nothing is written and this binder is unchanged. The copy makes every check the real run
    /// makes, so an error here is the error the import would give.
    pub fn dry_run(
        &mut self,
        import: impl FnOnce(&mut Binder) -> Result<ImportReport>,
    ) -> Result<Preview> {
        let store = self.store.with_image(Store::from_image)??;
        let mut copy = Binder {
            path: self.path.clone(),
            store,
            keys: self.keys.clone(),
            lock: None,
            keep: self.keep,
            scratch: true,
            after_save: None,
            after_save_problem: None,
        };
        let report = import(&mut copy)?;
        let mut records = Vec::new();
        for kind in KINDS.iter().filter(|k| !k.system) {
            for after in copy.store.list(kind, false)? {
                let before = self.store.record(&after.id)?.filter(|r| !r.deleted);
                if before.as_ref().is_some_and(|b| b.fields == after.fields) {
                    continue;
                }
                records.push(PreviewRecord {
                    kind: kind.name.into(),
                    title: after.title(),
                    id: after.id,
                    new: before.is_none(),
                });
            }
        }
        Ok(Preview { report, records })
    }
}

/// Ops setting text fields of one record, for the records the app writes itself.
/// Timeline entries, ticks and sign-offs are written once and never changed.
fn refuse_append_only(kind: &KindDef) -> Result<()> {
    if kind.append_only {
        return Err(Error::AppendOnly(kind.label));
    }
    Ok(())
}

fn valid_suffix(id: &str) -> bool {
    id.split_once('-').is_some_and(|(_, s)| {
        !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

fn json_to_value(json: &serde_json::Value) -> std::result::Result<Option<Value>, String> {
    Ok(match json {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) if s.trim().is_empty() => None,
        serde_json::Value::String(s) => Some(Value::Text(s.clone())),
        serde_json::Value::Number(n) => Some(Value::Text(n.to_string())),
        serde_json::Value::Bool(b) => Some(Value::Text(catalog::yes_no(*b).into())),
        serde_json::Value::Array(items) => Some(Value::List(
            items
                .iter()
                .map(|i| match i {
                    serde_json::Value::String(s) => Ok(s.clone()),
                    serde_json::Value::Number(n) => Ok(n.to_string()),
                    _ => Err("a list may hold only text".to_string()),
                })
                .collect::<std::result::Result<_, _>>()?,
        )),
        serde_json::Value::Object(_) => return Err("a value may not be an object".into()),
    })
}

/// Reads records written as TOML arrays of tables (`[[contact]] name = "…"`), the starter plan's form.
pub fn parse_records_toml(
    text: &str,
) -> Result<BTreeMap<String, Vec<BTreeMap<String, serde_json::Value>>>> {
    let parsed: BTreeMap<String, Vec<BTreeMap<String, toml::Value>>> =
        toml::from_str(text).map_err(ImportError::Toml)?;
    Ok(parsed
        .into_iter()
        .map(|(kind, rows)| {
            let rows = rows
                .into_iter()
                .map(|row| {
                    row.into_iter()
                        .map(|(k, v)| (k, serde_json::to_value(v).unwrap_or_default()))
                        .collect()
                })
                .collect();
            (kind, rows)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binder(dir: &Path, name: &str) -> Binder {
        Binder::create(&dir.join(format!("{name}.binder")), Keys::generate(name)).unwrap()
    }

    #[test]
    fn a_dry_run_says_what_an_import_would_do_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut b = binder(dir.path(), "Ann");
        let id = b
            .add("contact", &[("name".into(), "Åsa Öberg".into())])
            .unwrap();
        b.save().unwrap();
        let before = (b.fingerprint().unwrap(), std::fs::read(b.path()).unwrap());
        let json = serde_json::json!({
            "contact": [
                {"id": id, "name": "Åsa Öberg", "phones": ["+46 70 123 45 67"]},
                {"name": "Ben Okafor"}
            ]
        });
        let records: BTreeMap<String, Vec<BTreeMap<String, serde_json::Value>>> =
            serde_json::from_value(json).unwrap();
        let preview = b.dry_run(|copy| copy.import_records(&records)).unwrap();
        assert_eq!((preview.report.created, preview.report.updated), (1, 1));
        let mut seen: Vec<(String, bool)> = preview
            .records
            .iter()
            .map(|r| (r.title.clone(), r.new))
            .collect();
        seen.sort();
        assert_eq!(
            seen,
            [
                ("Ben Okafor".to_string(), true),
                ("Åsa Öberg".to_string(), false)
            ]
        );
        assert_eq!(
            (b.fingerprint().unwrap(), std::fs::read(b.path()).unwrap()),
            before,
            "the binder and its file are unchanged"
        );
        // An import that fails fails the same way in the dry run.
        let bad: BTreeMap<String, Vec<BTreeMap<String, serde_json::Value>>> =
            serde_json::from_value(serde_json::json!({"contact": [{"phones": ["1"]}]})).unwrap();
        assert!(b.dry_run(|copy| copy.import_records(&bad)).is_err());
        // The copy can never be saved.
        let err = b
            .dry_run(|copy| {
                copy.save()?;
                Ok(ImportReport::default())
            })
            .unwrap_err();
        assert!(matches!(err, Error::ReadOnly), "{err}");
    }

    #[test]
    fn a_removed_recovery_key_no_longer_receives_copies() {
        let dir = tempfile::tempdir().unwrap();
        let mut b = binder(dir.path(), "Ann");
        let key = b.add_recovery_key("Safe").unwrap();
        let id = b.list("recovery", false).unwrap()[0].id.clone();
        assert_eq!(b.recipients().unwrap().len(), 2);
        assert!(b.remove_recovery_key("contact-nope").is_err());
        b.remove_recovery_key(&id).unwrap();
        let left: Vec<String> = b
            .recipients()
            .unwrap()
            .iter()
            .map(|r| r.to_string())
            .collect();
        assert!(!left.contains(&key.recipient()), "{left:?}");
        assert!(b.list("recovery", false).unwrap().is_empty());
    }

    #[test]
    fn last_change_by_member_names_each_member_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut b = binder(dir.path(), "Ann");
        b.add("contact", &[("name".into(), "X".into())]).unwrap();
        let last = b.last_change_by_member().unwrap();
        let me = format!("member-{}", b.actor().unwrap());
        assert_eq!(last.keys().collect::<Vec<_>>(), [&me]);
        assert!(b.members().unwrap().iter().any(|m| m.id == me));
    }
}
