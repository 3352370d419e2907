//! An open binder: the one API the CLI and the desktop app both adapt.
//!
//! It decrypts a binder file into memory with a member's keys, turns every edit into a signed
//! change set, answers queries, and saves by re-encrypting to the current members and recovery
//! keys. Every change is a signed, chained, clock-stamped set of field assignments, which is
//! what merging with other copies needs (`saving.rs` merges; `plan::sync` brings the copies).
//! By area: `records.rs` (add, set, verify, remove, read, search, history), `saving.rs`
//! (save, merge, conflicts, generations), `team.rs` (members, recovery keys), `transfer.rs`
//! (import and export).

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
    /// What was worked out from the contents as they are (see `derived`).
    derived: derived::Derived,
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
    /// Which change sets were taken in (actor, seq).
    #[serde(skip)]
    pub taken: Vec<(String, u64)>,
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

/// What a new binder file begins as ([`Binder::create`]).
#[derive(Debug, Clone, Copy)]
pub enum Start<'a> {
    /// Its owner (the holder of the keys) and nothing else, as tests and scripts begin.
    Empty,
    /// A plan owned by the holder of the keys: `binder init`, the app's "create a binder" and
    /// its demo.
    Plan {
        /// Fill it with the starter plan (sections, levels, roles, checklists, templates,
        /// schedule).
        starter: bool,
        /// The organisation the plan names ("" for none yet).
        organisation: &'a str,
    },
    /// An empty copy of the binder with this id, to be filled from another copy (joining): not
    /// even its owner's membership, which comes with the other copy's log.
    CopyOf(&'a str),
}

/// The local meta key remembering who the shared file was last encrypted to (for readiness).
pub const SHARED_RECIPIENTS: &str = "shared_recipients";

mod derived;
mod hardware;
mod records;
mod saving;
pub use saving::{Log, MergeBase, PlannedMerge};
mod team;
mod transfer;

impl Binder {
    /// Makes a new binder file at `path` as `start` says, and saves it: the one way a binder
    /// file is made. Refuses a path that exists.
    pub fn create(path: &Path, keys: impl Into<Arc<Keys>>, start: Start<'_>) -> Result<Binder> {
        if path.exists() {
            return Err(VaultError::Exists(path.display().to_string()).into());
        }
        let lock = vault::lock(path)?;
        let keys = keys.into();
        let binder_id = match start {
            Start::CopyOf(id) => id.to_string(),
            Start::Empty | Start::Plan { .. } => {
                let verifying = keys.verifying_key().ok_or(Error::CannotSign)?;
                // The id names its creator, so a forged "first change" by anyone else is refused.
                let made = new_id(catalog::kind("plan")?).replacen("plan-", "", 1);
                format!("{made}.{}", changelog::actor_id(&verifying))
            }
        };
        let mut binder = Binder::over(Store::create(&binder_id)?, keys, path, Some(lock));
        if let Start::CopyOf(_) = start {
            return Ok(binder);
        }
        binder.add_owner()?;
        binder.save()?;
        if let Start::Plan {
            starter,
            organisation,
        } = start
        {
            if starter {
                binder.import_starter_plan()?;
            }
            if !organisation.trim().is_empty() {
                binder.set_organisation(organisation.trim())?;
            }
            binder.save()?;
        }
        Ok(binder)
    }

    /// Opens the binder file at `path` with `keys`: to write, holding the writer lock, or to
    /// read only (a copy opened with a recovery key, a file another process is writing).
    pub fn open(path: &Path, keys: impl Into<Arc<Keys>>, mode: Mode) -> Result<Binder> {
        let keys = keys.into();
        let lock = match mode {
            Mode::Write => Some(vault::lock(path)?),
            Mode::Read => None,
        };
        let store = decrypt_file(path, &keys)?;
        Ok(Binder::over(store, keys, path, lock))
    }

    /// The binder over `store`, read from or to be written to `path` (the constructors' and dry
    /// runs' common part).
    fn over(store: Store, keys: Arc<Keys>, path: &Path, lock: Option<vault::Lock>) -> Binder {
        Binder {
            path: path.to_path_buf(),
            store,
            keys,
            lock,
            keep: vault::DEFAULT_GENERATIONS,
            scratch: false,
            after_save: None,
            after_save_problem: None,
            derived: Default::default(),
        }
    }

    /// The first change of a new binder: its creator, the holder of the keys, as its owner.
    fn add_owner(&mut self) -> Result<()> {
        let verifying = self.keys.verifying_key().ok_or(Error::CannotSign)?;
        let actor = changelog::actor_id(&verifying);
        let ops = text_ops(
            "member",
            &format!("member-{actor}"),
            vec![
                ("name", self.keys.name().to_string()),
                ("role", "owner".to_string()),
                ("recipient", self.keys.recipient()),
                ("signing_key", changelog::hex(verifying.as_bytes())),
            ],
        );
        self.commit(ops)?;
        Ok(())
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

    /// The underlying store, for the core's own queries (others read [`Binder::log`]).
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// The actor id of the open identity.
    pub fn actor(&self) -> Option<String> {
        let binder_id = self.store.binder_id().ok()?;
        self.keys
            .verifying_key()
            .map(|k| changelog::actor_id_in(&binder_id, &k))
    }

    /// Signs `ops` as the next change set of this member and folds it in (in memory; see
    /// [`Binder::save`]). Refuses when opened read-only, with a key that cannot sign, or as a
    /// member whose role may not edit.
    pub fn commit(&mut self, ops: Vec<Op>) -> Result<ChangeSet> {
        if self.lock.is_none() && !self.scratch {
            return Err(Error::ReadOnly);
        }
        let signing = self.keys.signing_key().ok_or(Error::CannotSign)?;
        let actor = changelog::actor_id_in(&self.store.binder_id()?, &signing.verifying_key());
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
        let mut copy = Binder::over(store, self.keys.clone(), &self.path, None);
        copy.scratch = true;
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

/// Decrypts binder bytes straight into an in-memory store (no KDF: the keys are open);
/// `path_text` names them in errors.
pub fn decrypt(bytes: &[u8], keys: &Keys, path_text: &str) -> Result<Store> {
    let opened = vault::open_plaintext(
        std::io::Cursor::new(bytes),
        &keys.age_identities(),
        path_text,
    )?;
    load(opened, path_text)
}

/// Decrypts the binder file at `path`, streamed from disk, into an in-memory store.
pub fn decrypt_file(path: &Path, keys: &Keys) -> Result<Store> {
    let opened = vault::open_file(path, &keys.age_identities())?;
    load(opened, &path.display().to_string())
}

fn load<R: std::io::Read + std::io::Seek>(
    (mut reader, len): (vault::PlainReader<R>, usize),
    path_text: &str,
) -> Result<Store> {
    Store::from_reader(&mut reader, len).map_err(|e| match e {
        _ if reader.failed() => Error::Vault(VaultError::Damaged(path_text.into())),
        StoreError::NotABinder => Error::Vault(VaultError::NotABinder(path_text.into())),
        other => other.into(),
    })
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
        Binder::create(
            &dir.join(format!("{name}.binder")),
            Keys::generate(name),
            Start::Empty,
        )
        .unwrap()
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
