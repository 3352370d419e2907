//! Sync with the shared file: status, choosing the file, syncing now, settling a conflict.

use super::*;

pub(crate) fn sync_status_of(state: &AppState) -> Res<SyncStatus> {
    let settings = state.settings();
    let last_report = state.last_report();
    // Read again after every sync the app makes by itself: not use, so the idle lock still
    // comes (a person's clicks and keys restart the idle timer on their own).
    state.with_binder_quietly(|b| {
        Ok(SyncStatus {
            shared: settings.shared.clone(),
            last_sync: settings.last_sync.clone(),
            fingerprint: b.fingerprint()?,
            conflicts: b.conflicts()?,
            last_report,
        })
    })
}

/// Sync settings and status.
#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> Res<SyncStatus> {
    sync_status_of(&state)
}

/// Chooses the shared file (in a synced folder, on a USB stick…); the first sync follows.
/// `None` stops syncing.
#[tauri::command]
pub async fn set_shared_file(
    state: State<'_, AppState>,
    file: Option<FileToken>,
) -> Res<SyncStatus> {
    let path = match file {
        Some(token) => state
            .chosen
            .path(&token, FilePurpose::Shared)?
            .display()
            .to_string(),
        None => String::new(),
    };
    state.update_settings(|s| {
        if s.shared.as_deref() != Some(path.as_str()) {
            // A new shared file: it may be made afresh by the first sync.
            s.last_sync = None;
        }
        s.shared = (!path.is_empty()).then_some(path);
    })?;
    state.autosync.nudge(Why::Settings);
    sync_status_of(&state)
}

/// Syncs with the shared file now (a person asked: it may make the shared file afresh).
#[tauri::command]
pub async fn sync_now(app: AppHandle) -> Res<SyncStatus> {
    let worker = app.clone();
    blocking(move || {
        let state = worker.state::<AppState>();
        let shared = state.settings().shared.ok_or_else(|| {
            CommandError::new(AppCode::NoSharedFile, "Choose the shared file first.")
        })?;
        crate::autosync::sync(&worker, Path::new(&shared), true)
    })
    .await?;
    sync_status_of(&app.state::<AppState>())
}

/// The sync status line as it stands (it changes with the `sync-line` event).
#[tauri::command]
pub async fn sync_line(state: State<'_, AppState>) -> Res<SyncLine> {
    Ok(state.autosync.line())
}

/// Settles a conflict by writing the value to keep.
#[tauri::command]
pub async fn resolve_conflict(
    state: State<'_, AppState>,
    id: String,
    field: String,
    value: String,
) -> Res<SyncStatus> {
    state.change(|b| b.resolve(&id, &field, &value))?;
    sync_status_of(&state)
}
