//! The app's line to its sync thread: why a sync is wanted (sent down a channel), and the sync
//! status line the window shows. The session and the commands nudge through this; the thread
//! itself is `autosync.rs`, which reads the session — so neither imports the other both ways.

use std::sync::Mutex;
use std::sync::mpsc::Sender;
use std::time::{Duration, SystemTime};

use serde::Serialize;
use tauri::{AppHandle, Emitter};
use ts_rs::TS;

/// How long after a local change the app syncs (more changes within it go out together).
pub const DEBOUNCE: Duration = Duration::from_secs(2);
/// How long after the shared folder changes (a sync service writes in several steps).
const SETTLE: Duration = Duration::from_millis(400);
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
    pub(crate) fn delay(self) -> Duration {
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
    pub(crate) tx: Mutex<Option<Sender<Why>>>,
    pub(crate) app: Mutex<Option<AppHandle>>,
    line: Mutex<SyncLine>,
    /// The shared file's size and time after our own last write, to tell its changes from ours.
    pub(crate) seen: Mutex<Option<(u64, SystemTime)>>,
}

pub(crate) fn guard<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
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

    pub(crate) fn set_line(&self, app: &AppHandle, f: impl FnOnce(&mut SyncLine)) {
        let line = {
            let mut line = guard(&self.line);
            f(&mut line);
            line.clone()
        };
        let _ = app.emit("sync-line", line);
    }
}
