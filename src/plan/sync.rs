//! Keeping copies in step through one shared encrypted file.
//!
//! `sync` reads the shared file (and the conflicted copies sync services leave beside it),
//! merges them into the local binder, and writes the result back to both places atomically,
//! merging again if the shared file changed meanwhile. `watch` repeats that whenever the shared
//! file or the local binder changes. Deciding what to accept is `merge`'s job; this module does
//! the file work and never prints.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::file::keys::Keys;
use crate::file::vault::{self, VaultError};
use crate::log::merge::Rejection;
use crate::log::store::Conflict;
use crate::plan::binder::{self, Binder, Mode, Start};
use crate::{Error, Result};

/// How many times `sync` merges again when the shared file keeps changing underneath.
const MAX_ROUNDS: usize = 8;

/// A conflicted copy found beside the shared file.
#[derive(Debug, Clone, Serialize)]
pub struct CopyReport {
    /// Its path.
    pub path: PathBuf,
    /// Change sets it contributed.
    pub received: usize,
    /// Whether it was removed (its content now lives in the shared file).
    pub removed: bool,
    /// Why it was left alone, if it was.
    pub note: Option<String>,
}

/// What one sync did.
#[derive(Debug, Clone, Serialize)]
pub struct SyncReport {
    /// The shared file.
    pub shared: PathBuf,
    /// Whether the shared file was created by this sync.
    pub created: bool,
    /// Change sets taken from the shared file and conflicted copies.
    pub received: usize,
    /// Local change sets the shared file did not have before.
    pub sent: usize,
    /// Change sets refused, with reasons.
    pub rejected: Vec<Rejection>,
    /// Conflicts this sync created.
    pub new_conflicts: Vec<Conflict>,
    /// Conflicted copies found and merged.
    pub copies: Vec<CopyReport>,
    /// How many times it had to merge (more than 1: the shared file changed meanwhile).
    pub rounds: usize,
    /// Fingerprint of the binder after the sync.
    pub fingerprint: String,
    /// When it finished, RFC 3339.
    pub finished_at: String,
    /// Successors who took over as owner with a recovery key, first seen in this sync.
    pub takeovers: Vec<crate::plan::succession::Takeover>,
    /// What went wrong without undoing the sync (the shared folder not flushed to disk).
    pub warnings: Vec<String>,
}

/// Whether `name` is a sync service's conflicted copy of the shared file `shared_name`:
/// Dropbox / Nextcloud "plan (… conflicted copy …).binder", Syncthing
/// "plan.sync-conflict-….binder", Google Drive "plan (1).binder", OneDrive "plan-PC.binder".
pub fn is_conflicted_copy(shared_name: &str, name: &str) -> bool {
    let (stem, ext) = match shared_name.rsplit_once('.') {
        Some((s, e)) => (s, format!(".{e}")),
        None => (shared_name, String::new()),
    };
    if name == shared_name || name.starts_with('.') || !name.ends_with(&ext) {
        return false;
    }
    let middle = &name[..name.len() - ext.len()];
    let Some(rest) = middle.strip_prefix(stem) else {
        return false;
    };
    let numbered = rest
        .strip_prefix(" (")
        .and_then(|r| r.strip_suffix(')'))
        .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
    (rest.starts_with(" (") && rest.contains("conflicted copy"))
        || rest.starts_with(".sync-conflict-")
        || numbered
        || (rest.starts_with('-') && rest.len() > 1 && !rest.contains(' '))
}

fn conflicted_copies(shared: &Path) -> Vec<PathBuf> {
    let Some(name) = shared.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let dir = crate::file::fsutil::parent_dir(shared);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| is_conflicted_copy(&name, &e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

/// The most a binder file read from a shared folder may be. The large benchmark binder (10,000
/// records) is a few MB; anything this big is not a binder, and is not read into memory.
pub const MAX_BINDER_BYTES: u64 = 256 * 1024 * 1024;

/// How long reading one copy from the shared folder may take (a backstop: the database is
/// opened defensively, so no query of ours on a file of at most [`MAX_BINDER_BYTES`] comes
/// near it).
const READ_LIMIT: Duration = Duration::from_secs(20);

/// What a copy of this binder (shared file or conflicted copy) holds, read and checked.
struct CopyRead {
    changes: Vec<crate::log::changelog::ChangeSet>,
    heads: Heads,
    shared_recipients: Option<String>,
}

/// Reads a copy of this binder into memory, checking it is the same binder. Everything that
/// arrives through a shared folder is untrusted: its database is opened defensively (see
/// `Store::from_reader`) and every query on it runs under a deadline.
fn read_copy(keys: &Keys, binder_id: &str, path: &Path, bytes: &[u8]) -> Result<CopyRead> {
    let store = binder::decrypt(bytes, keys, &path.display().to_string()).map_err(|e| match e {
        Error::Vault(VaultError::NotForYou(p)) => Error::NotAMemberOf(p),
        other => other,
    })?;
    let deadline = store.deadline(READ_LIMIT);
    let read = || -> std::result::Result<_, crate::log::store::StoreError> {
        Ok((
            store.binder_id()?,
            store.changes()?,
            store.meta(crate::plan::binder::SHARED_RECIPIENTS)?,
        ))
    };
    let (id, changes, shared_recipients) = read().map_err(|e| deadline.explain(e))?;
    let shared_recipients = shared_recipients.filter(|r| recipients_hold(r, keys, bytes));
    // The heads come from the changes themselves, not from the file's own `heads` table, which
    // whoever wrote the file could fill with anything (to make this copy think it is current).
    let mut newest: std::collections::BTreeMap<&str, &crate::log::changelog::ChangeSet> =
        std::collections::BTreeMap::new();
    for c in &changes {
        let held = newest.entry(c.actor.as_str()).or_insert(c);
        if c.seq > held.seq {
            *held = c;
        }
    }
    let heads = newest
        .into_iter()
        .map(|(actor, c)| (actor.to_string(), (c.seq, c.hash())))
        .collect();
    if id != binder_id {
        return Err(Error::OtherBinder(path.display().to_string()));
    }
    Ok(CopyRead {
        changes,
        heads,
        shared_recipients,
    })
}

/// Whether the list of recipients a copy says it was encrypted to (written by whoever wrote
/// it, so untrusted) can be right: it names one of this member's own recipients (the copy just
/// opened with it) and as many recipients as the file's header has X25519 stanzas. age does
/// not say whom a stanza is for, so this is as far as a reader can check; a list that fails
/// is not taken, and readiness keeps what this member knew before.
fn recipients_hold(listed: &str, keys: &Keys, bytes: &[u8]) -> bool {
    let listed: BTreeSet<&str> = listed.split_whitespace().collect();
    let mine = keys
        .recipients()
        .iter()
        .any(|r| listed.contains(r.as_str()));
    mine && x25519_stanzas(bytes) == Some(listed.len())
}

/// How many X25519 recipient stanzas an age file's header holds (`None`: not an age header).
fn x25519_stanzas(bytes: &[u8]) -> Option<usize> {
    let header = bytes.get(..bytes.len().min(1 << 20))?;
    let mut lines = header.split(|&b| b == b'\n');
    if lines.next()? != b"age-encryption.org/v1" {
        return None;
    }
    let mut count = 0;
    for line in lines {
        if line.starts_with(b"---") {
            return Some(count);
        }
        if line.starts_with(b"-> X25519 ") {
            count += 1;
        }
    }
    None
}

/// Reads a file from the shared folder, if it is there: only an ordinary file (a conflicted
/// copy may not even be a link; the shared file may be a link the person made, but must lead
/// to an ordinary file), and at most [`MAX_BINDER_BYTES`], checked on the open file before
/// reading and again while reading.
fn read_optional(path: &Path, may_be_link: bool) -> Result<Option<Vec<u8>>> {
    use std::io::Read;
    let failed = |source| -> Error {
        VaultError::Read {
            path: path.display().to_string(),
            source,
        }
        .into()
    };
    let not_a_file = || Error::NotAFile(path.display().to_string());
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(failed(e)),
        Ok(m) if m.file_type().is_symlink() && !may_be_link => return Err(not_a_file()),
        Ok(_) => {}
    }
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(failed(e)),
    };
    let meta = file.metadata().map_err(failed)?;
    let too_large = |size: u64| Error::TooLarge {
        path: path.display().to_string(),
        size_mb: size.div_ceil(1024 * 1024),
        limit_mb: MAX_BINDER_BYTES / (1024 * 1024),
    };
    if !meta.is_file() {
        return Err(not_a_file());
    }
    if meta.len() > MAX_BINDER_BYTES {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_BINDER_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() as u64 > MAX_BINDER_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(Some(bytes))
}

/// What the shared folder held at one moment, read and checked but not yet merged: the shared
/// file (its bytes, to notice a change before writing it back) and the conflicted copies —
/// and, once [`Reading::plan`] has run, the merge of all they hold decided.
pub struct Reading {
    snapshot: Option<Vec<u8>>,
    shared: Option<CopyRead>,
    copies: Vec<(PathBuf, Result<Option<CopyRead>>)>,
    planned: Option<crate::plan::binder::PlannedMerge>,
}

fn keys_of(changes: &[crate::log::changelog::ChangeSet]) -> Vec<(String, u64)> {
    changes.iter().map(|c| (c.actor.clone(), c.seq)).collect()
}

impl Reading {
    /// Every change set read, the shared file's first, as [`sync_read`] merges them.
    pub fn changes(&self) -> Vec<crate::log::changelog::ChangeSet> {
        let copies = self
            .copies
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok()?.as_ref());
        self.shared
            .iter()
            .chain(copies)
            .flat_map(|c| c.changes.iter().cloned())
            .collect()
    }

    /// Decides the merge of `changes` (this reading's [`Reading::changes`]) against `base`
    /// (taken from the binder with [`Binder::merge_base`] for the same changes), holding
    /// nothing of the binder's: an app does this slow part with its binder free, and
    /// [`sync_read`] only applies it (or decides again if the binder changed meanwhile, or if
    /// `changes` are not what this reading holds).
    pub fn plan(
        mut self,
        base: crate::plan::binder::MergeBase,
        changes: Vec<crate::log::changelog::ChangeSet>,
    ) -> Reading {
        self.planned = Some(base.plan(changes));
        self
    }
}

/// Reads the shared file and its conflicted copies with only the keys and the binder's id, so
/// an app can do this slow, untrusted part without holding its open binder; [`sync_read`]
/// then merges it. A shared file that cannot be read is an error; a copy that cannot be read
/// is kept with its reason, for the report.
pub fn read_shared(keys: &Keys, binder_id: &str, shared: &Path) -> Result<Reading> {
    read_folder(keys, binder_id, shared, &|_| false)
}

fn read_folder(
    keys: &Keys,
    binder_id: &str,
    shared: &Path,
    skip: &dyn Fn(&Path) -> bool,
) -> Result<Reading> {
    let snapshot = read_optional(shared, true)?;
    let copy = match &snapshot {
        Some(bytes) => Some(read_copy(keys, binder_id, shared, bytes)?),
        None => None,
    };
    let copies = conflicted_copies(shared)
        .into_iter()
        .filter(|c| !skip(c))
        .map(|path| {
            let read = read_optional(&path, false).and_then(|b| match b {
                Some(bytes) => read_copy(keys, binder_id, &path, &bytes).map(Some),
                None => Ok(None),
            });
            (path, read)
        })
        .collect();
    Ok(Reading {
        snapshot,
        shared: copy,
        copies,
        planned: None,
    })
}

/// Who brought which change sets (actor, seq): the shared file (`None`) first, then each copy.
type Sources = Vec<(Option<PathBuf>, Vec<(String, u64)>)>;

/// Each actor's newest change set in a copy: actor → (seq, hash).
type Heads = std::collections::BTreeMap<String, (u64, String)>;

/// Merges all one reading of the folder holds as one decision (taken beforehand as `planned`
/// when it still fits), crediting each copy with what only it brought. Returns whether the
/// binder changed.
fn merge_read(
    binder: &mut Binder,
    incoming: Vec<crate::log::changelog::ChangeSet>,
    sources: Sources,
    planned: Option<crate::plan::binder::PlannedMerge>,
    report: &mut SyncReport,
) -> Result<bool> {
    if incoming.is_empty() {
        return Ok(false);
    }
    let merged = match planned.filter(|p| p.covers(&incoming)) {
        Some(planned) => binder.merge_planned(planned)?,
        None => binder.merge(incoming)?,
    };
    report.received += merged.received;
    report.rejected.extend(merged.rejected);
    report.new_conflicts.extend(merged.new_conflicts);
    let mut taken: BTreeSet<(String, u64)> = merged.taken.into_iter().collect();
    for (path, keys) in sources {
        let received = keys.iter().filter(|k| taken.remove(*k)).count();
        if let Some(path) = path {
            report.copies.push(CopyReport {
                path,
                received,
                removed: false,
                note: None,
            });
        }
    }
    Ok(merged.received > 0)
}

/// Merges the shared file at `shared` (and its conflicted copies) into `binder`, then writes the
/// merged binder to the shared file and the local file. Creates the shared file if absent.
pub fn sync(binder: &mut Binder, shared: &Path) -> Result<SyncReport> {
    sync_read(binder, shared, None)
}

/// [`sync`], starting from what [`read_shared`] read beforehand (if given): the folder is read
/// again only when the shared file changed meanwhile.
pub fn sync_read(
    binder: &mut Binder,
    shared: &Path,
    mut first: Option<Reading>,
) -> Result<SyncReport> {
    let same = |a: &Path, b: &Path| matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y);
    if same(shared, binder.path()) {
        return Err(Error::SharedIsLocal(shared.display().to_string()));
    }
    let takeovers_before = crate::plan::succession::takeovers(binder)?;
    let mut run = Run::new(shared);
    for round in 1..=MAX_ROUNDS {
        run.report.rounds = round;
        let reading = match first.take() {
            Some(reading) => reading,
            None => {
                let done = |p: &Path| run.has_seen(p);
                read_folder(binder.keys(), &binder.binder_id()?, shared, &done)?
            }
        };
        let snapshot = reading.snapshot;
        let (incoming, sources, shared_heads) =
            run.gather(binder, reading.shared, reading.copies)?;
        run.local_dirty |= merge_read(binder, incoming, sources, reading.planned, &mut run.report)?;
        // The shared file already holds everything (copies merged or not): nothing to write.
        // (Writing anyway, for a copy that cannot be removed, made every watcher sync again.)
        let up_to_date = shared_heads.as_ref() == Some(&binder.store().heads()?);
        if !up_to_date && !run.publish(binder, shared, snapshot.as_deref())? {
            continue; // changed underneath: merge again
        }
        run.remove_merged_copies();
        return run.finish(binder, &takeovers_before);
    }
    Err(Error::SharedFileBusy(shared.display().to_string()))
}

/// One sync's work as it goes: its report, the conflicted copies merged, whether the local
/// binder needs saving, and what the shared file held when first read.
struct Run {
    report: SyncReport,
    merged_copies: BTreeSet<PathBuf>,
    local_dirty: bool,
    theirs_before: Option<BTreeSet<(String, u64)>>,
}

impl Run {
    fn new(shared: &Path) -> Run {
        Run {
            report: SyncReport {
                shared: shared.to_path_buf(),
                created: false,
                received: 0,
                sent: 0,
                rejected: Vec::new(),
                new_conflicts: Vec::new(),
                copies: Vec::new(),
                rounds: 0,
                fingerprint: String::new(),
                finished_at: String::new(),
                takeovers: Vec::new(),
                warnings: Vec::new(),
            },
            merged_copies: BTreeSet::new(),
            local_dirty: false,
            theirs_before: None,
        }
    }

    /// Whether a conflicted copy was merged or set aside already in this sync.
    fn has_seen(&self, copy: &Path) -> bool {
        self.merged_copies.contains(copy) || self.report.copies.iter().any(|c| c.path == copy)
    }

    /// Everything read — the shared file first, then each copy not seen yet — as one batch to
    /// decide (the decision does not depend on order), each source with what it brought, and
    /// the shared file's heads. A copy that could not be read is set aside with its reason.
    fn gather(
        &mut self,
        binder: &mut Binder,
        shared: Option<CopyRead>,
        copies: Vec<(PathBuf, Result<Option<CopyRead>>)>,
    ) -> Result<(
        Vec<crate::log::changelog::ChangeSet>,
        Sources,
        Option<Heads>,
    )> {
        let mut incoming = Vec::new();
        let mut sources: Sources = Vec::new();
        let mut shared_heads = None;
        if let Some(copy) = shared {
            if self.theirs_before.is_none() {
                self.theirs_before = Some(keys_of(&copy.changes).into_iter().collect());
            }
            shared_heads = Some(copy.heads);
            if let Some(written) = copy.shared_recipients {
                self.local_dirty |= binder.note_shared_recipients(&written)?;
            }
            sources.push((None, keys_of(&copy.changes)));
            incoming.extend(copy.changes);
        }
        for (copy, outcome) in copies {
            if self.has_seen(&copy) {
                continue;
            }
            match outcome {
                Ok(Some(theirs)) => {
                    sources.push((Some(copy.clone()), keys_of(&theirs.changes)));
                    incoming.extend(theirs.changes);
                    self.merged_copies.insert(copy);
                }
                Ok(None) => {}
                Err(e) => self.report.copies.push(CopyReport {
                    path: copy,
                    received: 0,
                    removed: false,
                    note: Some(e.full_text()),
                }),
            }
        }
        Ok((incoming, sources, shared_heads))
    }

    /// Writes the binder as the new shared file, encrypted to its members, unless the file
    /// changed since it was read (`snapshot`): false then, to read and merge again.
    fn publish(
        &mut self,
        binder: &mut Binder,
        shared: &Path,
        snapshot: Option<&[u8]>,
    ) -> Result<bool> {
        let recipients = binder.recipients()?;
        let written: Vec<String> = recipients.iter().map(|r| r.to_string()).collect();
        self.local_dirty |= binder.note_shared_recipients(&written.join(" "))?;
        let published =
            binder.with_image(|image| vault::publish(shared, image, &recipients, snapshot))??;
        match published {
            vault::Published::Changed => return Ok(false),
            vault::Published::Written => {}
            vault::Published::NotFlushed(e) => self.report.warnings.push(format!(
                "the shared file is written, but its folder could not be flushed to disk ({e}); a power cut in the next moments could undo it"
            )),
        }
        self.report.created = snapshot.is_none() && self.theirs_before.is_none();
        Ok(true)
    }

    /// Removes the conflicted copies merged; one that cannot be removed is only said, since
    /// taking it again later changes nothing.
    fn remove_merged_copies(&mut self) {
        for copy in &self.merged_copies {
            let removed = std::fs::remove_file(copy);
            if let Some(c) = self.report.copies.iter_mut().find(|c| &c.path == copy) {
                match removed {
                    Ok(()) => c.removed = true,
                    Err(e) => {
                        c.note = Some(format!(
                            "merged, but it could not be removed ({e}); remove it by hand"
                        ))
                    }
                }
            }
        }
    }

    /// Saves the binder if the sync changed it, and completes the report: what was sent, the
    /// fingerprint, and the takeovers that came with this sync.
    fn finish(
        mut self,
        binder: &mut Binder,
        takeovers_before: &[crate::plan::succession::Takeover],
    ) -> Result<SyncReport> {
        if self.local_dirty {
            binder.save()?;
        }
        let theirs = self.theirs_before.unwrap_or_default();
        self.report.sent = binder
            .store()
            .changes()?
            .iter()
            .filter(|c| !theirs.contains(&(c.actor.clone(), c.seq)))
            .count();
        self.report.fingerprint = binder.fingerprint()?;
        self.report.finished_at = crate::catalog::format_datetime(chrono::Utc::now());
        self.report.takeovers = crate::plan::succession::takeovers(binder)?
            .into_iter()
            .filter(|t| !takeovers_before.contains(t))
            .collect();
        Ok(self.report)
    }
}

/// Creates a local binder at `local` from the shared file at `shared`, for a new member whose
/// invitation an owner has added. Every change set is checked as in any merge.
pub fn join(
    local: &Path,
    shared: &Path,
    keys: impl Into<Arc<Keys>>,
) -> Result<(Binder, SyncReport)> {
    let keys = keys.into();
    let bytes = read_optional(shared, true)?
        .ok_or_else(|| VaultError::Missing(shared.display().to_string()))?;
    let theirs =
        binder::decrypt(&bytes, &keys, &shared.display().to_string()).map_err(|e| match e {
            Error::Vault(VaultError::NotForYou(p)) => Error::NotAMemberOf(p),
            other => other,
        })?;
    let mut binder = Binder::create(local, keys, Start::CopyOf(&theirs.binder_id()?))?;
    let merged = binder.merge(theirs.changes()?)?;
    match binder.actor() {
        Some(actor) if binder.role_of(&actor)?.is_some() => {}
        _ => return Err(Error::NotAMemberOf(shared.display().to_string())),
    }
    binder.save()?;
    let report = SyncReport {
        shared: shared.to_path_buf(),
        created: false,
        received: merged.received,
        sent: 0,
        rejected: merged.rejected,
        new_conflicts: merged.new_conflicts,
        copies: Vec::new(),
        rounds: 1,
        fingerprint: binder.fingerprint()?,
        finished_at: crate::catalog::format_datetime(chrono::Utc::now()),
        takeovers: crate::plan::succession::takeovers(&binder)?,
        warnings: Vec::new(),
    };
    Ok((binder, report))
}

/// A file's size and modification time: what tells a change of someone else's from our own
/// last write (`None` when it is not there).
pub fn stamp(path: &Path) -> Option<(u64, std::time::SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// Whether a conflicted copy of the shared file lies beside it.
pub fn has_conflicted_copies(shared: &Path) -> bool {
    let Some(name) = shared.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return false;
    };
    std::fs::read_dir(crate::file::fsutil::parent_dir(shared)).is_ok_and(|entries| {
        entries
            .filter_map(std::result::Result::ok)
            .any(|e| is_conflicted_copy(&name, &e.file_name().to_string_lossy()))
    })
}

/// Watches the shared file's folder (and the folders of any other files given) for changes to
/// the shared file, one of its conflicted copies or those files — what both `binder sync
/// --watch` and the app's sync by itself wake on. Opening or reading a file is no change (the
/// binder's own reads of the shared folder would otherwise wake it again and again). Watching
/// stops when this is dropped.
pub struct SharedWatch {
    _watcher: notify::RecommendedWatcher,
    dir: PathBuf,
}

impl SharedWatch {
    /// Starts watching; `on_change` runs on the watcher's thread for every change that counts.
    pub fn start(
        shared: &Path,
        also: &[&Path],
        on_change: impl Fn() + Send + 'static,
    ) -> Result<SharedWatch> {
        use notify::Watcher;
        let name_of = |p: &Path| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let shared_name = name_of(shared);
        let names: Vec<String> = std::iter::once(shared)
            .chain(also.iter().copied())
            .map(name_of)
            .collect();
        let relevant = move |path: &Path| {
            let name = name_of(path);
            names.contains(&name) || is_conflicted_copy(&shared_name, &name)
        };
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                if let Ok(event) = event
                    && !event.kind.is_access()
                    && event.paths.iter().any(|p| relevant(p))
                {
                    on_change();
                }
            })
            .map_err(|e| Error::Watch(e.to_string()))?;
        let dir = crate::file::fsutil::parent_dir(shared);
        let mut dirs = BTreeSet::new();
        dirs.insert(dir.clone());
        dirs.extend(also.iter().map(|p| crate::file::fsutil::parent_dir(p)));
        for d in &dirs {
            watcher
                .watch(d, notify::RecursiveMode::NonRecursive)
                .map_err(|e| Error::Watch(e.to_string()))?;
        }
        Ok(SharedWatch {
            _watcher: watcher,
            dir,
        })
    }

    /// The shared file's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// What the watch loop reports.
#[derive(Debug)]
pub enum WatchEvent {
    /// A sync finished.
    Synced(SyncReport),
    /// A sync failed; the loop goes on.
    Failed(Error),
}

/// Syncs now, then again whenever the shared file (or a conflicted copy) or the local binder
/// changes, and at least every `interval`, until `stop` completes. Each sync opens the binder
/// for writing only while it runs, so other commands can edit between syncs.
pub async fn watch(
    local: PathBuf,
    shared: PathBuf,
    keys: Arc<Keys>,
    interval: Duration,
    mut on_event: impl FnMut(WatchEvent) + Send,
    stop: impl std::future::Future<Output = ()>,
) -> Result<()> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<()>();
    let _watch = SharedWatch::start(&shared, &[&local], move || {
        let _ = tx.send(());
    })?;
    tokio::pin!(stop);
    // The files as our last sync left them: a wake-up that finds them so (our own writes wake
    // the watcher too) syncs nothing; one that finds either changed, or a conflicted copy, does.
    let mut seen = None;
    let mut due = true;
    // A sync that failed, or left a conflicted copy it could not take in yet (a sync service
    // still writing it), is tried again soon — 1 s, then twice as long each time, up to the
    // interval — rather than at the next change or the interval.
    let mut retry: Option<Duration> = None;
    loop {
        let now = (stamp(&shared), stamp(&local));
        if due || seen.as_ref() != Some(&now) || has_conflicted_copies(&shared) {
            let (l, s, k) = (local.clone(), shared.clone(), keys.clone());
            let result = tokio::task::spawn_blocking(move || {
                let mut binder = Binder::open(&l, k, Mode::Write)?;
                sync(&mut binder, &s)
            })
            .await
            .map_err(|e| Error::Watch(e.to_string()))
            .and_then(|r| r);
            // The shared file as read, unless this sync wrote it: a version that came in while
            // it ran is then still seen as a change.
            let wrote = matches!(&result, Ok(r) if r.sent > 0 || r.created);
            seen = Some((if wrote { stamp(&shared) } else { now.0 }, stamp(&local)));
            retry = (result.is_err() || has_conflicted_copies(&shared))
                .then(|| retry.map_or(Duration::from_secs(1), |r| (r * 2).min(interval)));
            on_event(match result {
                Ok(report) => WatchEvent::Synced(report),
                Err(e) => WatchEvent::Failed(e),
            });
        }
        tokio::select! {
            _ = &mut stop => return Ok(()),
            _ = rx.recv() => {
                // Let a burst of writes settle before looking.
                tokio::time::sleep(Duration::from_millis(300)).await;
                while rx.try_recv().is_ok() {}
                due = false;
            }
            _ = tokio::time::sleep(retry.unwrap_or(interval).min(interval)) => due = true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{SharedWatch, is_conflicted_copy};
    use std::sync::mpsc;
    use std::time::Duration;

    /// The one watcher `sync --watch` and the app use: the shared file, its conflicted copies
    /// and the other files given wake it; another file, or reading the shared file, does not.
    #[test]
    fn the_watcher_wakes_on_the_shared_file_and_its_copies_only() {
        let dir = tempfile::tempdir().unwrap();
        let other_dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("plan.binder");
        let local = other_dir.path().join("mine.binder");
        std::fs::write(&shared, b"1").unwrap();
        let (tx, rx) = mpsc::channel();
        let watch = SharedWatch::start(&shared, &[&local], move || {
            let _ = tx.send(());
        })
        .unwrap();
        assert_eq!(watch.dir(), dir.path());
        let woke = |rx: &mpsc::Receiver<()>, within: u64| {
            let got = rx.recv_timeout(Duration::from_millis(within)).is_ok();
            // One write can wake it more than once: let the rest arrive before the next check.
            std::thread::sleep(Duration::from_millis(100));
            while rx.try_recv().is_ok() {}
            got
        };
        std::fs::write(dir.path().join("notes.txt"), b"x").unwrap();
        let _ = std::fs::read(&shared).unwrap();
        assert!(!woke(&rx, 400), "another file, or a read, is no change");
        std::fs::write(&shared, b"2").unwrap();
        assert!(woke(&rx, 5000), "the shared file changed");
        std::fs::write(
            dir.path().join("plan (conflicted copy 2026-11-02).binder"),
            b"3",
        )
        .unwrap();
        assert!(woke(&rx, 5000), "a conflicted copy appeared");
        std::fs::write(&local, b"4").unwrap();
        assert!(woke(&rx, 5000), "the local binder changed");
        drop(watch);
        // What the watcher had already sent for the writes above may still be on its way.
        std::thread::sleep(Duration::from_millis(300));
        while rx.try_recv().is_ok() {}
        std::fs::write(&shared, b"5").unwrap();
        assert!(!woke(&rx, 400), "a dropped watch is silent");
    }

    #[test]
    fn recognises_the_conflicted_copies_of_sync_services() {
        for name in [
            "plan (conflicted copy 2026-11-02).binder",
            "plan (Sam Okafor's conflicted copy 2026-11-02).binder",
            "plan (conflicted copy 2026-11-02 101530).binder",
            "plan.sync-conflict-20261102-101530-ABCDEFG.binder",
            "plan (1).binder",
            "plan-SAMS-LAPTOP.binder",
        ] {
            assert!(is_conflicted_copy("plan.binder", name), "{name}");
        }
        for name in [
            "plan.binder",
            "plan.binder.generations",
            ".plan.binder.123.tmp",
            "other.binder",
            "plan (draft notes).binder",
            "plan.txt",
        ] {
            assert!(!is_conflicted_copy("plan.binder", name), "{name}");
        }
    }
}
