//! Sync by itself: once a shared file is chosen, the app syncs on unlock, a few seconds after
//! each local change, when the shared file or a conflicted copy beside it changes, and every few
//! minutes — on a thread of its own, taking the binder only while a sync runs. What it is doing
//! is always on screen (the `sync-line` event); a shared folder that is gone (unmounted, a USB
//! stick pulled) is "working offline", retried, never an error dialog.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant, SystemTime};

use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};
use ts_rs::TS;

use crate::error::{AppCode, CommandError};
use crate::state::AppState;
use crate::types::SyncSummary;

/// How long after a local change the app syncs (more changes within it go out together).
pub const DEBOUNCE: Duration = Duration::from_secs(2);
/// How long after the shared folder changes (a sync service writes in several steps).
const SETTLE: Duration = Duration::from_millis(400);
/// How often it syncs when nothing happens.
pub const PERIOD: Duration = Duration::from_secs(180);
/// How soon it tries again when the shared file was not reachable or the sync failed.
pub const RETRY: Duration = Duration::from_secs(10);

/// Why a sync is wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The binder was just unlocked (or joined).
    Unlocked,
    /// Something was saved locally.
    LocalChange,
    /// The shared file or a conflicted copy beside it changed on disk.
    SharedChanged,
    /// The shared file or the settings changed.
    Settings,
}

impl Why {
    fn delay(self) -> Duration {
        match self {
            Why::LocalChange => DEBOUNCE,
            Why::SharedChanged => SETTLE,
            Why::Unlocked | Why::Settings => Duration::ZERO,
        }
    }
}

/// What the status line says.
#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum SyncPhase {
    /// No shared file chosen: this copy is on its own.
    #[default]
    NotShared,
    /// Turned off in the settings (Sync now still works).
    Off,
    /// A sync is running.
    Syncing,
    /// The last sync went through.
    Synced,
    /// The shared file cannot be reached; working on the local copy, retrying.
    Offline,
    /// The shared file no longer opens with your key: you were removed from the team.
    Refused,
    /// The last sync failed for another reason (said in `message`); retrying.
    Failed,
}

/// The sync status line, always on screen while the binder is open.
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq, Default)]
pub struct SyncLine {
    /// What is going on.
    pub phase: SyncPhase,
    /// When the last sync finished (RFC 3339).
    pub last_sync: Option<String>,
    /// The fingerprint after the last sync.
    pub fingerprint: Option<String>,
    /// Unsettled conflicts in this copy.
    pub conflicts: usize,
    /// Changes the last sync refused.
    pub rejected: usize,
    /// Local changes saved since the last sync went through (waiting to go out).
    pub pending: bool,
    /// Why it is offline, refused or failed, in words.
    pub message: Option<String>,
}

/// The app's handle on the sync thread: nudge it, read the line.
#[derive(Default)]
pub struct AutoSync {
    tx: Mutex<Option<Sender<Why>>>,
    app: Mutex<Option<AppHandle>>,
    line: Mutex<SyncLine>,
    /// The shared file's size and time after our own last write, to tell its changes from ours.
    seen: Mutex<Option<(u64, SystemTime)>>,
}

fn guard<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl AutoSync {
    /// Tells the window that a save went through with a problem worth saying at once (its
    /// folder not flushed to disk, the phone copy not rewritten). Does nothing before `start`.
    pub fn tell_saved_but(&self, problem: &str) {
        if let Some(app) = &*guard(&self.app) {
            let _ = app.emit("saved-but", problem.to_string());
        }
    }

    /// Asks for a sync (after the delay that suits the reason). Does nothing before `start`.
    pub fn nudge(&self, why: Why) {
        if why == Why::LocalChange {
            let app = guard(&self.app).clone();
            match app {
                Some(app) => self.set_line(&app, |l| l.pending = true),
                None => guard(&self.line).pending = true,
            }
        }
        if let Some(tx) = &*guard(&self.tx) {
            let _ = tx.send(why);
        }
    }

    /// The status line as it stands.
    pub fn line(&self) -> SyncLine {
        guard(&self.line).clone()
    }

    fn set_line(&self, app: &AppHandle, f: impl FnOnce(&mut SyncLine)) {
        let line = {
            let mut line = guard(&self.line);
            f(&mut line);
            line.clone()
        };
        let _ = app.emit("sync-line", line);
    }
}

fn stamp(path: &Path) -> Option<(u64, SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

fn parent(path: &Path) -> PathBuf {
    binder::fsutil::parent_dir(path)
}

fn has_conflicted_copies(shared: &Path) -> bool {
    let Some(name) = shared.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return false;
    };
    std::fs::read_dir(parent(shared)).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| binder::sync::is_conflicted_copy(&name, &e.file_name().to_string_lossy()))
    })
}

/// Starts the sync thread.
pub fn start(app: &AppHandle) {
    let (tx, rx) = mpsc::channel::<Why>();
    let auto = &app.state::<AppState>().autosync;
    *guard(&auto.tx) = Some(tx.clone());
    *guard(&auto.app) = Some(app.clone());
    let app = app.clone();
    std::thread::spawn(move || {
        let mut due: Option<Instant> = None;
        let mut reasons: Vec<Why> = Vec::new();
        let mut next_round = Instant::now() + PERIOD;
        let mut watch: Option<binder::sync::SharedWatch> = None;
        loop {
            let wake = due.map_or(next_round, |d| d.min(next_round));
            match rx.recv_timeout(wake.saturating_duration_since(Instant::now())) {
                Ok(why) => {
                    let at = Instant::now() + why.delay();
                    due = Some(due.map_or(at, |d| d.min(at)));
                    reasons.push(why);
                    continue;
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            let now = Instant::now();
            let timer = next_round <= now;
            if !(timer || due.is_some_and(|d| d <= now)) {
                continue;
            }
            let only_watch = !timer && reasons.iter().all(|r| *r == Why::SharedChanged);
            due = None;
            reasons.clear();
            let outcome = round(&app, only_watch);
            next_round = Instant::now()
                + match outcome {
                    Round::Retry => RETRY,
                    Round::Done => PERIOD,
                };
            keep_watching(&app, &mut watch, &tx, outcome == Round::Retry);
        }
    });
}

/// Watches the shared file's folder while there is one to watch; a folder that went away (or
/// came back) is watched afresh.
fn keep_watching(
    app: &AppHandle,
    watch: &mut Option<binder::sync::SharedWatch>,
    tx: &Sender<Why>,
    unreachable: bool,
) {
    let state = app.state::<AppState>();
    let settings = state.settings();
    let shared = settings
        .shared
        .filter(|_| settings.auto_sync)
        .map(PathBuf::from);
    let wanted = shared.as_deref().map(parent);
    if unreachable || watch.as_ref().map(|w| w.dir().to_path_buf()) != wanted {
        *watch = None;
    }
    let (Some(shared), Some(dir)) = (shared, wanted) else {
        return;
    };
    if watch.is_some() || !dir.is_dir() {
        return;
    }
    let tx = tx.clone();
    if let Ok(w) = binder::sync::SharedWatch::start(&shared, &[], move || {
        let _ = tx.send(Why::SharedChanged);
    }) {
        *watch = Some(w);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Round {
    Done,
    Retry,
}

/// One sync by the app itself. Never shows a dialog: the status line says how it went.
fn round(app: &AppHandle, only_watch: bool) -> Round {
    let state = app.state::<AppState>();
    let settings = state.settings();
    let auto = &state.autosync;
    if !state.is_unlocked() {
        return Round::Done;
    }
    let Some(shared) = settings.shared.clone().map(PathBuf::from) else {
        auto.set_line(app, |l| l.phase = SyncPhase::NotShared);
        return Round::Done;
    };
    if !settings.auto_sync {
        auto.set_line(app, |l| l.phase = SyncPhase::Off);
        return Round::Done;
    }
    // Our own write of the shared file wakes the watcher too: nothing new to take in.
    if only_watch && stamp(&shared) == *guard(&auto.seen) && !has_conflicted_copies(&shared) {
        return Round::Done;
    }
    match sync(app, &shared, false) {
        Ok(_) => Round::Done,
        Err(_) => Round::Retry,
    }
}

/// Whether the shared file can be reached now. A sync that has gone through before never
/// makes the shared file again by itself: a missing file then means the folder is not there
/// (an unmounted drive leaves an empty folder behind), not that it should start afresh.
fn reachable(shared: &Path, synced_before: bool) -> bool {
    parent(shared).is_dir() && (shared.exists() || !synced_before)
}

fn offline_message(shared: &Path) -> String {
    format!(
        "The shared file {} is not reachable — working offline on this copy; changes go out when it is back.",
        shared.display()
    )
}

/// Syncs with `shared` now and updates the status line. `asked`: a person clicked Sync now
/// (which may make the shared file afresh); otherwise the app's own sync.
pub fn sync(app: &AppHandle, shared: &Path, asked: bool) -> Result<SyncSummary, CommandError> {
    let state = app.state::<AppState>();
    let auto = &state.autosync;
    let synced_before = state.settings().last_sync.is_some();
    if !asked && !reachable(shared, synced_before) {
        let message = offline_message(shared);
        auto.set_line(app, |l| {
            l.phase = SyncPhase::Offline;
            l.message = Some(message.clone());
        });
        return Err(CommandError::new(AppCode::Offline, message));
    }
    auto.set_line(app, |l| l.phase = SyncPhase::Syncing);
    let pending_before = auto.line().pending;
    // The shared folder is read — decrypted, opened defensively, checked — and the merge of
    // what it holds decided (hashes, signatures, authority) without holding the open binder,
    // so a slow or hostile file there never keeps a command or the idle lock waiting; only
    // applying the decision and the write back hold it.
    let result = state
        .with_binder_quietly(|b| Ok((b.keys().clone(), b.binder_id()?)))
        .and_then(|(keys, id)| Ok(binder::sync::read_shared(&keys, &id, shared)?))
        .and_then(|reading| {
            let changes = reading.changes();
            let base = state.with_binder_quietly(|b| Ok(b.merge_base(&changes)?))?;
            Ok(reading.plan(base, changes))
        })
        .and_then(|reading| {
            let run = |b: &mut binder::Binder| {
                let report = binder::sync::sync_read(b, shared, Some(reading))?;
                Ok((report, b.conflicts()?.len()))
            };
            if asked {
                state.with_binder(run)
            } else {
                state.with_binder_quietly(run)
            }
        });
    match result {
        Ok((report, conflicts)) => {
            *guard(&auto.seen) = stamp(shared);
            let summary = SyncSummary::from(&report);
            let _ = state.update_settings(|s| s.last_sync = Some(report.finished_at.clone()));
            state.set_last_report(summary.clone());
            auto.set_line(app, |l| {
                *l = SyncLine {
                    phase: SyncPhase::Synced,
                    last_sync: Some(report.finished_at.clone()),
                    fingerprint: Some(report.fingerprint.clone()),
                    conflicts,
                    rejected: report.rejected.len(),
                    // A change saved while this sync ran goes out with the next one.
                    pending: l.pending && !pending_before,
                    message: None,
                }
            });
            if report.received > 0 || !report.new_conflicts.is_empty() {
                let _ = app.emit("binder-changed", ());
            }
            if !summary.takeovers.is_empty() {
                // Shown to this member at once: someone took over with the recovery key.
                let _ = app.emit("takeovers", summary.takeovers.clone());
            }
            Ok(summary)
        }
        Err(e) => {
            let refused = matches!(
                e.code,
                crate::error::Code::Core(binder::ErrorCode::NotAMember)
            );
            let offline = !refused && !parent(shared).is_dir();
            let (phase, message) = if refused {
                (SyncPhase::Refused, refused_message(shared))
            } else if offline {
                (SyncPhase::Offline, offline_message(shared))
            } else if e.code == crate::error::Code::App(AppCode::BinderLocked) {
                return Err(e);
            } else {
                (SyncPhase::Failed, e.message.clone())
            };
            auto.set_line(app, |l| {
                l.phase = phase;
                l.message = Some(message.clone());
            });
            Err(CommandError { message, ..e })
        }
    }
}

fn refused_message(shared: &Path) -> String {
    format!(
        "The shared file {} no longer opens with your key: an owner has removed you from the team. Your own copy is unchanged, and nothing more is sent to or taken from the team's file.",
        shared.display()
    )
}
