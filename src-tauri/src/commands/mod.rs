//! The Tauri commands, one module per area: each parses what the UI sent, calls the core, maps
//! the error. Long work (key derivation, decryption, sync) runs on a blocking thread, never on
//! the UI thread. What several areas share is here.

pub mod documents;
pub mod impact;
pub mod incident;
pub mod keys;
pub mod pocket;
pub mod records;
pub mod review;
pub mod session;
pub mod succession;
pub mod sync;
pub mod system;
pub mod team;
pub mod transfer;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use binder::incident::IncidentState;
use binder::overview::{self, ChecklistView};
use binder::pdf::Paper;
use binder::planimport::PlanReport;
use binder::store::{HistoryEntry, Hit, Record};
use binder::{Binder, KINDS, Keys, Mode, Start, keys::Invitation};
use secrecy::{ExposeSecret, SecretString};
use tauri::{AppHandle, Emitter, Manager, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::chosen::{ChosenFile, FileToken};
use crate::error::{AppCode, CommandError};
use crate::nudge::{SyncLine, Why};
use crate::session::{BinderChoice, Opener, Opening, Session};
use crate::settings::{DEMO_PASSPHRASE, Settings, Theme};
use crate::state::AppState;
use crate::types::*;

pub(crate) type Res<T> = Result<T, CommandError>;

/// Runs blocking work (scrypt, decryption, file I/O) off the async and UI threads.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Res<T> + Send + 'static,
) -> Res<T> {
    tauri::async_runtime::spawn_blocking(f).await.map_err(|e| {
        CommandError::new(AppCode::App, format!("The work stopped unexpectedly: {e}."))
    })?
}

/// Reads a file the person chose (by its token, for `purpose`) to import.
pub(crate) fn read_chosen(
    state: &AppState,
    file: &FileToken,
    purpose: FilePurpose,
) -> Res<(PathBuf, Vec<u8>)> {
    let path = state.chosen.path(file, purpose)?;
    let bytes = std::fs::read(&path).map_err(|e| CommandError {
        field: Some("path".into()),
        ..CommandError::new(
            AppCode::NotFound,
            format!("Cannot read {}: {e}.", path.display()),
        )
    })?;
    Ok((path, bytes))
}

pub(crate) fn plan_title(binder: &Binder) -> Option<String> {
    binder.plan_name().ok().flatten()
}

/// Where the app stands, for the UI to pick its screen.
pub fn status(state: &AppState) -> AppStatus {
    let session = state.session();
    let demo = session.demo();
    let show = |p: &Path| Some(p.display().to_string());
    let (stage, binder_path, identity_path, user, title) = match &*session {
        Session::None | Session::Busy(None) => (Stage::Welcome, None, None, None, None),
        Session::Locked(chosen) | Session::Busy(Some(chosen)) => (
            Stage::Locked,
            show(&chosen.binder),
            show(&chosen.identity),
            None,
            None,
        ),
        Session::Unlocked(open) => (
            Stage::Unlocked,
            show(open.binder.path()),
            open.kept.identity().and_then(show),
            Some(open.binder.keys().name().to_string()),
            plan_title(&open.binder),
        ),
    };
    let recovery = match &*session {
        Session::Unlocked(open) => binder::succession::recovery_record(&open.binder)
            .ok()
            .flatten()
            .map(|r| r.text("label")),
        _ => None,
    };
    let hardware_key = identity_path
        .as_deref()
        .and_then(|p| binder::hardware::protection(Path::new(p)));
    AppStatus {
        hardware_key,
        start_demo: state.start_demo && stage == Stage::Welcome,
        demo_passphrase: demo.then(|| DEMO_PASSPHRASE.to_string()),
        stage,
        binder_path,
        identity_path,
        demo,
        default_binder_path: state.places.default_binder().display().to_string(),
        has_own_binder: state.places.default_binder().exists(),
        settings: state.settings(),
        user,
        title,
        recovery,
    }
}

/// The window title says which binder and whether it is open.
pub fn refresh_title(app: &AppHandle) {
    let state = app.state::<AppState>();
    let s = status(&state);
    let title = match (s.stage, s.title) {
        (Stage::Unlocked, Some(t)) => format!("{t} — Continuity Binder"),
        (Stage::Locked, _) => "Locked — Continuity Binder".to_string(),
        _ => "Continuity Binder".to_string(),
    };
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.set_title(&title);
    }
}
