//! The phone copy: choose its passphrase and where it goes (a folder the phone syncs); after
//! that the core rewrites it on every save and sync, and this screen says where and when.

use super::*;

fn status_of(open: &crate::session::Open) -> Res<PocketStatus> {
    let b = &open.binder;
    let settings = binder::pocket::settings(b.path()).map_err(binder::Error::from)?;
    let target = settings.map(|s| s.target);
    let written_at = target
        .as_ref()
        .and_then(|t| std::fs::metadata(t).ok())
        .and_then(|m| m.modified().ok())
        .map(|t| chrono::DateTime::<chrono::Local>::from(t).to_rfc3339());
    let missing = target.as_ref().is_some_and(|t| !t.exists());
    let last = open
        .kept
        .after_save_problem
        .clone()
        .filter(|_| target.is_some());
    Ok(PocketStatus {
        target: target.map(|t| t.display().to_string()),
        written_at,
        problem: last.map(|p| format!("At the last save, {p}.")).or_else(|| missing.then(|| {
            "The phone copy is not at its place (the folder may be gone or not synced yet); save anything or sync to write it again, or choose another place.".to_string()
        })),
        min_passphrase: binder::pocket::MIN_PASSPHRASE as u32,
    })
}

/// Where the phone copy goes and when it was last written.
#[tauri::command]
pub async fn pocket_status(state: State<'_, AppState>) -> Res<PocketStatus> {
    state.with_open(|open| status_of(open))
}

/// Makes the phone copy: a new key wrapped with `passphrase` (it may differ from the laptop's),
/// written at `path` (or where the save dialog says), kept fresh from now on. `None` when the
/// dialog was cancelled.
#[tauri::command]
pub async fn set_up_pocket(
    app: AppHandle,
    path: Option<String>,
    passphrase: String,
) -> Res<Option<PocketStatus>> {
    let passphrase = SecretString::from(passphrase);
    let name = "continuity-plan-phone.html";
    let Some(target) = documents::save_target(
        &app,
        path,
        "Where should the phone copy go? (a folder your phone syncs)",
        ("Web page", &["html"]),
        name,
    )?
    else {
        return Ok(None);
    };
    blocking(move || {
        let state = app.state::<AppState>();
        state.with_open(|open| {
            binder::pocket::set_up(&open.binder, &passphrase, &target)?;
            open.kept.after_save_problem = None;
            status_of(open).map(Some)
        })
    })
    .await
}

/// Stops keeping the phone copy fresh (the file stays).
#[tauri::command]
pub async fn stop_pocket(state: State<'_, AppState>) -> Res<PocketStatus> {
    state.with_open(|open| {
        binder::pocket::stop(open.binder.path()).map_err(binder::Error::from)?;
        status_of(open)
    })
}
