//! Sync with the shared file: status, choosing the file, syncing now, settling a conflict.

use super::*;

pub(crate) fn sync_status_of(state: &AppState) -> Res<SyncStatus> {
    let settings = state.settings();
    state.with_binder(|b| {
        Ok(SyncStatus {
            shared: settings.shared.clone(),
            last_sync: settings.last_sync.clone(),
            fingerprint: b.fingerprint()?,
            conflicts: b.conflicts()?,
            last_report: state.last_report(),
        })
    })
}

/// Sync settings and status.
#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> Res<SyncStatus> {
    sync_status_of(&state)
}

/// Chooses the shared file (in a synced folder, on a USB stick…).
#[tauri::command]
pub async fn set_shared_file(state: State<'_, AppState>, path: String) -> Res<SyncStatus> {
    let path = path.trim().to_string();
    state.update_settings(|s| s.shared = (!path.is_empty()).then_some(path))?;
    sync_status_of(&state)
}

/// Syncs with the shared file now.
#[tauri::command]
pub async fn sync_now(app: AppHandle, background: Option<bool>) -> Res<SyncStatus> {
    let worker = app.clone();
    let report = blocking(move || {
        let state = worker.state::<AppState>();
        let shared = state.settings().shared.ok_or_else(|| {
            CommandError::new(AppCode::NoSharedFile, "Choose the shared file first.")
        })?;
        let sync = |b: &mut Binder| Ok(binder::sync::sync(b, Path::new(&shared))?);
        // A timer's sync does not count as use: the idle lock still comes.
        if background == Some(true) {
            state.with_binder_quietly(sync)
        } else {
            state.with_binder(sync)
        }
    })
    .await?;
    let state = app.state::<AppState>();
    state.update_settings(|s| s.last_sync = Some(report.finished_at.clone()))?;
    state.set_last_report(SyncSummary::from(&report));
    sync_status_of(&state)
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
