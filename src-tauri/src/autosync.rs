//! Sync by itself: once a shared file is chosen, the app syncs on unlock, a few seconds after
//! each local change, when the shared file or a conflicted copy beside it changes, and every few
//! minutes — on a thread of its own, taking the binder only while a sync runs. What it is doing
//! is always on screen (the `sync-line` event); a shared folder that is gone (unmounted, a USB
//! stick pulled) is "working offline", retried, never an error dialog.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use tauri::{AppHandle, Emitter, Manager};

use crate::error::{AppCode, CommandError};
use crate::nudge::{SyncLine, SyncPhase, Why, guard};
use crate::state::AppState;
use crate::types::SyncSummary;

/// How often it syncs when nothing happens.
pub const PERIOD: Duration = Duration::from_secs(180);
/// How soon it tries again when the shared file was not reachable or the sync failed.
pub const RETRY: Duration = Duration::from_secs(10);

fn parent(path: &Path) -> PathBuf {
    binder::fsutil::parent_dir(path)
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
    if only_watch
        && binder::sync::stamp(&shared) == *guard(&auto.seen)
        && !binder::sync::has_conflicted_copies(&shared)
    {
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
    let read = binder::sync::stamp(shared);
    match read_and_merge(&state, shared, asked) {
        Ok((report, conflicts)) => {
            // The shared file as read, unless this sync wrote it: a version that came in
            // while it ran is then still seen as a change.
            let wrote = report.sent > 0 || report.created;
            *guard(&auto.seen) = if wrote {
                binder::sync::stamp(shared)
            } else {
                read
            };
            Ok(synced(app, &report, conflicts, pending_before))
        }
        Err(e) => Err(failed(app, shared, e)?),
    }
}

/// The shared folder is read — decrypted, opened defensively, checked — and the merge of what
/// it holds decided (hashes, signatures, authority) without holding the open binder, so a slow
/// or hostile file there never keeps a command or the idle lock waiting; only applying the
/// decision and the write back hold it. The report and how many conflicts are unsettled.
fn read_and_merge(
    state: &AppState,
    shared: &Path,
    asked: bool,
) -> Result<(binder::sync::SyncReport, usize), CommandError> {
    let (keys, id) = state.with_binder_quietly(|b| Ok((b.keys().clone(), b.binder_id()?)))?;
    let reading = binder::sync::read_shared(&keys, &id, shared)?;
    let changes = reading.changes();
    // What was read is merged only into the binder it was read for (another may have been
    // opened meanwhile).
    let same = |b: &binder::Binder| -> Result<(), CommandError> {
        if b.binder_id()? == id {
            Ok(())
        } else {
            Err(CommandError::locked())
        }
    };
    let base = state.with_binder_quietly(|b| {
        same(b)?;
        Ok(b.merge_base(&changes)?)
    })?;
    let reading = reading.plan(base, changes);
    let run = |b: &mut binder::Binder| {
        same(b)?;
        let report = binder::sync::sync_read(b, shared, Some(reading))?;
        Ok((report, b.conflicts()?.len()))
    };
    if asked {
        state.with_binder(run)
    } else {
        state.with_binder_quietly(run)
    }
}

/// A sync went through: remembered, said on the status line, and told to the window when it
/// brought changes or a takeover.
fn synced(
    app: &AppHandle,
    report: &binder::sync::SyncReport,
    conflicts: usize,
    pending_before: bool,
) -> SyncSummary {
    let state = app.state::<AppState>();
    let auto = &state.autosync;
    let summary = SyncSummary::from(report);
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
    summary
}

/// A sync failed: refused (removed from the team), offline, or another failure, said on the
/// status line; the error to return (`Err` as it is when the binder was locked meanwhile).
fn failed(app: &AppHandle, shared: &Path, e: CommandError) -> Result<CommandError, CommandError> {
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
    app.state::<AppState>().autosync.set_line(app, |l| {
        l.phase = phase;
        l.message = Some(message.clone());
    });
    Ok(CommandError { message, ..e })
}

fn refused_message(shared: &Path) -> String {
    format!(
        "The shared file {} no longer opens with your key: an owner has removed you from the team. Your own copy is unchanged, and nothing more is sent to or taken from the team's file.",
        shared.display()
    )
}
