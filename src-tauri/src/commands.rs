//! The Tauri commands: each parses what the UI sent, calls the core, maps the error. Long work
//! (key derivation, decryption, sync) runs on a blocking thread, never on the UI thread.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use binder::incident::IncidentState;
use binder::overview::{self, ChecklistView};
use binder::pdf::Paper;
use binder::planimport::PlanReport;
use binder::store::{HistoryEntry, Hit, Record};
use binder::{Binder, Keys, Mode, Start, keys::Invitation};
use secrecy::{ExposeSecret, SecretString};
use tauri::{AppHandle, Emitter, Manager, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::error::{AppCode, CommandError};
use crate::settings::{DEMO_PASSPHRASE, Settings, Theme};
use crate::state::{AppState, Session};
use crate::types::*;

type Res<T> = Result<T, CommandError>;

/// Runs blocking work (scrypt, decryption, file I/O) off the async and UI threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Res<T> + Send + 'static) -> Res<T> {
    tauri::async_runtime::spawn_blocking(f).await.map_err(|e| {
        CommandError::new(AppCode::App, format!("The work stopped unexpectedly: {e}."))
    })?
}

fn plan_title(binder: &Binder) -> Option<String> {
    binder.plan_name().ok().flatten()
}

/// Where the app stands, for the UI to pick its screen.
pub fn status(state: &AppState) -> AppStatus {
    let demo = *state.demo.lock().unwrap_or_else(|p| p.into_inner());
    let session = state.session();
    let show = |p: &Path| Some(p.display().to_string());
    let (stage, binder_path, identity_path, user, title) = match &*session {
        Session::None => (Stage::Welcome, None, None, None, None),
        Session::Locked { binder, identity } => {
            (Stage::Locked, show(binder), show(identity), None, None)
        }
        Session::Unlocked { binder, identity } => (
            Stage::Unlocked,
            show(binder.path()),
            show(identity),
            Some(binder.keys().name().to_string()),
            plan_title(binder),
        ),
    };
    AppStatus {
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

fn identity_beside(binder: &Path) -> PathBuf {
    binder
        .parent()
        .unwrap_or(Path::new("."))
        .join("identity.age")
}

fn make_dirs(path: &Path) -> Res<()> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => std::fs::create_dir_all(dir).map_err(|e| {
            CommandError::new(
                binder::ErrorCode::File,
                format!("Could not create the folder {}: {e}.", dir.display()),
            )
        }),
        None => Ok(()),
    }
}

/// The identity at `path`: opened with the passphrase, or made for `name` when there is none.
fn open_or_create_identity(path: &Path, name: &str, pass: &SecretString) -> Res<Keys> {
    if path.exists() {
        return Ok(
            Keys::open_identity_file(path, || Ok(pass.clone())).map_err(binder::Error::from)?
        );
    }
    make_dirs(path)?;
    let keys = Keys::generate(name);
    keys.create_identity_file(path, pass)
        .map_err(binder::Error::from)?;
    Ok(keys)
}

fn remember(state: &AppState, binder: &Path, identity: &Path) -> Res<()> {
    state.update_settings(|s| {
        s.binder = Some(binder.display().to_string());
        s.identity = Some(identity.display().to_string());
    })?;
    Ok(())
}

/// A new binder needs a name and a passphrase of at least 8 characters; returns the name trimmed.
fn check_new_binder(name: &str, passphrase: &SecretString) -> Res<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CommandError {
            field: Some("name".into()),
            ..CommandError::new(
                binder::ErrorCode::Invalid,
                "Give your name: the other founders see it in the history.",
            )
        });
    }
    if passphrase.expose_secret().chars().count() < 8 {
        return Err(CommandError {
            field: Some("passphrase".into()),
            ..CommandError::new(
                AppCode::WeakPassphrase,
                "Choose a passphrase of at least 8 characters; four unrelated words are strong and easy to type.",
            )
        });
    }
    Ok(name.to_string())
}

/// Only `tel:` and `mailto:` links leave the app.
fn check_link(url: &str) -> Res<()> {
    if url.starts_with("tel:") || url.starts_with("mailto:") {
        return Ok(());
    }
    Err(CommandError::new(
        binder::ErrorCode::NotAllowed,
        "Only phone and e-mail links are opened.",
    ))
}

/// Where the app stands (first call of the UI).
#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Res<AppStatus> {
    Ok(status(&state))
}

/// Creates a binder and your identity, adds a recovery key, and opens the binder.
#[tauri::command]
pub async fn create_binder(app: AppHandle, request: CreateBinder) -> Res<Created> {
    let name = check_new_binder(&request.name, &request.passphrase.0)?;
    let places = app.state::<AppState>().places.clone();
    let binder_path = request
        .binder_path
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| places.default_binder());
    let identity_path = if binder_path == places.default_binder() {
        places.default_identity()
    } else {
        identity_beside(&binder_path)
    };
    let org = request.organisation.trim().to_string();
    let (binder, secret, recipient) = {
        let (binder_path, identity_path) = (binder_path.clone(), identity_path.clone());
        blocking(move || {
            if binder_path.exists() {
                return Err(CommandError {
                    field: Some("binder_path".into()),
                    ..CommandError::new(
                        AppCode::Exists,
                        format!(
                            "A binder already exists at {}. Open it instead, or choose another place.",
                            binder_path.display()
                        ),
                    )
                });
            }
            make_dirs(&binder_path)?;
            let keys = open_or_create_identity(&identity_path, &name, &request.passphrase.0)?;
            let start = Start {
                starter: request.starter,
                organisation: &org,
                recovery_key: Some("Made with the binder (emergency access sheet)"),
            };
            let (b, key) = Binder::create_new(&binder_path, keys, &start)?;
            let key = key.expect("a recovery key was asked for");
            let secret = key.expose_secret_once().expose_secret().to_string();
            Ok((b, secret, key.recipient()))
        })
        .await?
    };
    let state = app.state::<AppState>();
    state.hold_recovery_key(SecretString::from(secret.clone()));
    remember(&state, &binder_path, &identity_path)?;
    *state.demo.lock().unwrap_or_else(|p| p.into_inner()) = false;
    *state.session() = Session::Unlocked {
        binder: Box::new(binder),
        identity: identity_path,
    };
    state.touch();
    refresh_title(&app);
    Ok(Created {
        status: status(&state),
        recovery_key: secret,
        recovery_recipient: recipient,
    })
}

/// Chooses an existing binder file (and the identity that opens it); it stays locked.
#[tauri::command]
pub async fn open_existing(
    app: AppHandle,
    binder_path: String,
    identity_path: Option<String>,
) -> Res<AppStatus> {
    let binder = PathBuf::from(binder_path.trim());
    if !binder.is_file() {
        return Err(CommandError {
            field: Some("binder_path".into()),
            ..CommandError::new(
                binder::ErrorCode::BinderMissing,
                format!("There is no binder file at {}.", binder.display()),
            )
        });
    }
    let identity = identity_path
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| identity_beside(&binder));
    if !identity.is_file() {
        return Err(CommandError {
            field: Some("identity_path".into()),
            ..CommandError::new(
                binder::ErrorCode::IdentityMissing,
                format!(
                    "There is no identity file at {}. Choose the identity.age file that was made with your binder (or a recovery key file).",
                    identity.display()
                ),
            )
        });
    }
    let state = app.state::<AppState>();
    state.lock();
    remember(&state, &binder, &identity)?;
    *state.demo.lock().unwrap_or_else(|p| p.into_inner()) = false;
    *state.session() = Session::Locked { binder, identity };
    refresh_title(&app);
    Ok(status(&state))
}

/// Chooses the demo binder (made from the starter plan on first use); it stays locked.
#[tauri::command]
pub async fn open_demo(app: AppHandle) -> Res<AppStatus> {
    let places = app.state::<AppState>().places.clone();
    let (binder, identity) = (places.demo_binder(), places.demo_identity());
    if !binder.exists() {
        let (binder, identity) = (binder.clone(), identity.clone());
        blocking(move || {
            make_dirs(&binder)?;
            let pass = SecretString::from(DEMO_PASSPHRASE);
            let keys = open_or_create_identity(&identity, "Demo Founder", &pass)?;
            let start = Start {
                starter: true,
                organisation: "Demo Company",
                recovery_key: None,
            };
            Binder::create_new(&binder, keys, &start)?;
            Ok(())
        })
        .await?;
    }
    let state = app.state::<AppState>();
    state.lock();
    *state.demo.lock().unwrap_or_else(|p| p.into_inner()) = true;
    *state.session() = Session::Locked { binder, identity };
    refresh_title(&app);
    Ok(status(&state))
}

/// Forgets the chosen binder (back to the welcome screen); the files stay where they are.
#[tauri::command]
pub async fn close_binder(app: AppHandle) -> Res<AppStatus> {
    let state = app.state::<AppState>();
    state.lock();
    *state.session() = Session::None;
    *state.demo.lock().unwrap_or_else(|p| p.into_inner()) = false;
    state.update_settings(|s| {
        s.binder = None;
        s.identity = None;
    })?;
    refresh_title(&app);
    Ok(status(&state))
}

/// Makes (or opens) your identity and returns the invitation to send to an owner of the team's
/// binder. It holds only public keys.
#[tauri::command]
pub async fn make_invitation(app: AppHandle, name: String, passphrase: Passphrase) -> Res<String> {
    let identity = app.state::<AppState>().places.default_identity();
    blocking(move || {
        let name = name.trim();
        if name.is_empty() && !identity.exists() {
            return Err(CommandError {
                field: Some("name".into()),
                ..CommandError::new(
                    binder::ErrorCode::Invalid,
                    "Give your name: the owner sees it in the invitation.",
                )
            });
        }
        let keys = open_or_create_identity(&identity, name, &passphrase.0)?;
        Invitation::of(&keys)
            .map(|i| i.encode())
            .ok_or_else(|| binder::Error::CannotSign.into())
    })
    .await
}

/// Joins a team: reads the shared file with your identity (an owner must have added you) and
/// makes your own local binder from it.
#[tauri::command]
pub async fn join_team(
    app: AppHandle,
    shared_path: String,
    passphrase: Passphrase,
) -> Res<AppStatus> {
    let places = app.state::<AppState>().places.clone();
    let (local, identity) = (places.default_binder(), places.default_identity());
    let shared = PathBuf::from(shared_path.trim());
    let (binder, report) = {
        let (local, identity, shared) = (local.clone(), identity.clone(), shared.clone());
        blocking(move || {
            if !identity.exists() {
                return Err(CommandError::new(
                    binder::ErrorCode::IdentityMissing,
                    "Make your invitation first: it creates the identity the team's binder is encrypted to.",
                ));
            }
            if local.exists() {
                return Err(CommandError::new(
                    AppCode::Exists,
                    format!("You already have a binder at {}; open it instead.", local.display()),
                ));
            }
            make_dirs(&local)?;
            let keys = Keys::open_identity_file(&identity, || Ok(passphrase.0))
                .map_err(binder::Error::from)?;
            Ok(binder::sync::join(&local, &shared, keys)?)
        })
        .await?
    };
    let state = app.state::<AppState>();
    remember(&state, &local, &identity)?;
    state.update_settings(|s| {
        s.shared = Some(shared.display().to_string());
        s.last_sync = Some(report.finished_at.clone());
    })?;
    state.set_last_report(SyncSummary::from(&report));
    *state.session() = Session::Unlocked {
        binder: Box::new(binder),
        identity,
    };
    state.touch();
    refresh_title(&app);
    Ok(status(&state))
}

fn progress(app: &AppHandle, stage: &str, message: &str) {
    let _ = app.emit(
        "unlock-progress",
        UnlockProgress {
            stage: stage.into(),
            message: message.into(),
        },
    );
}

/// Unlocks the chosen binder with the passphrase of its identity. Reports progress as events.
#[tauri::command]
pub async fn unlock(app: AppHandle, passphrase: Passphrase) -> Res<AppStatus> {
    let (binder_path, identity) = match &*app.state::<AppState>().session() {
        Session::Locked { binder, identity } => (binder.clone(), identity.clone()),
        Session::Unlocked { .. } => return Ok(status(&app.state::<AppState>())),
        Session::None => {
            return Err(CommandError::new(
                AppCode::NoBinder,
                "Choose a binder to open first.",
            ));
        }
    };
    let worker = app.clone();
    crate::perf::mark("unlock-start");
    let binder = blocking(move || {
        progress(&worker, "key", "Checking the passphrase…");
        let keys = Keys::open_identity_file(&identity, || Ok(passphrase.0))
            .map_err(binder::Error::from)?;
        crate::perf::mark("kdf-done");
        progress(&worker, "binder", "Decrypting the binder…");
        Ok(Binder::open(&binder_path, keys, Mode::Write)?)
    })
    .await?;
    crate::perf::mark("unlock-done");
    progress(&app, "ready", "Open.");
    let state = app.state::<AppState>();
    {
        let mut session = state.session();
        let identity = match &*session {
            Session::Locked { identity, .. } => identity.clone(),
            _ => {
                return Err(CommandError::new(
                    AppCode::App,
                    "The binder changed while unlocking; try again.",
                ));
            }
        };
        *session = Session::Unlocked {
            binder: Box::new(binder),
            identity,
        };
    }
    state.touch();
    refresh_title(&app);
    Ok(status(&state))
}

/// Locks now: the decrypted binder is dropped from memory.
#[tauri::command]
pub async fn lock(app: AppHandle) -> Res<AppStatus> {
    let state = app.state::<AppState>();
    state.lock();
    refresh_title(&app);
    Ok(status(&state))
}

/// The user is active (keyboard or pointer): restart the idle timer.
#[tauri::command]
pub async fn touch(state: State<'_, AppState>) -> Res<()> {
    state.touch();
    Ok(())
}

/// The record catalog, for the generated tables and forms.
#[tauri::command]
pub async fn catalog() -> Res<Vec<KindInfo>> {
    Ok(KindInfo::all())
}

/// How many readiness gaps the home screen shows (the rest are a click away).
const HOME_GAPS: usize = 12;

fn assess(b: &Binder) -> Result<binder::readiness::Readiness, binder::Error> {
    binder::readiness::assess(b, chrono::Local::now().date_naive())
}

/// The home screen: levels, call list, first checklist, templates, readiness.
#[tauri::command]
pub async fn home(state: State<'_, AppState>) -> Res<Home> {
    crate::perf::mark("home-start");
    let home = state.with_binder(|b| {
        let mut readiness = assess(b)?;
        let gaps_total = readiness.gaps.len() as u32;
        readiness.gaps.truncate(HOME_GAPS);
        let plan = b.plan_record()?;
        let text = |f: &str| plan.as_ref().map(|p| p.text(f)).unwrap_or_default();
        let version = text("version");
        Ok(Home {
            organisation: text("organisation"),
            plan_title: match (text("title"), version.is_empty()) {
                (t, true) => t,
                (t, false) => format!("{t}, version {version}"),
            },
            levels: b.list("level", false)?,
            calls: overview::call_list(b)?,
            first_checklist: overview::first_checklist(b)?,
            templates: b.list("template", false)?,
            readiness,
            gaps_total,
        })
    });
    crate::perf::mark("home-data");
    home
}

/// Readiness with every gap.
#[tauri::command]
pub async fn readiness(state: State<'_, AppState>) -> Res<binder::readiness::Readiness> {
    state.with_binder(|b| Ok(assess(b)?))
}

fn refs_of(b: &Binder, records: &[Record]) -> BTreeMap<String, String> {
    let mut refs = BTreeMap::new();
    for r in records {
        let Ok(kind) = binder::catalog::kind(&r.kind) else {
            continue;
        };
        for f in kind.fields() {
            if let binder::catalog::FieldType::Ref(_) = f.ty {
                let id = r.text(f.name);
                if !id.is_empty() && !refs.contains_key(&id) {
                    let title = b.title_of(&id).ok().flatten().unwrap_or_else(|| id.clone());
                    refs.insert(id, title);
                }
            }
        }
    }
    refs
}

fn view(b: &Binder, record: Record) -> RecordView {
    let refs = refs_of(b, std::slice::from_ref(&record));
    RecordView {
        title: record.title(),
        record,
        refs,
    }
}

/// Every record of a kind, in order, with the titles of what they refer to.
#[tauri::command]
pub async fn list_records(state: State<'_, AppState>, kind: String) -> Res<RecordList> {
    state.with_binder(|b| {
        let records = b.list(&kind, false)?;
        let refs = refs_of(b, &records);
        Ok(RecordList { records, refs })
    })
}

/// One record.
#[tauri::command]
pub async fn get_record(state: State<'_, AppState>, id: String) -> Res<RecordView> {
    state.with_binder(|b| Ok(view(b, b.record(&id)?)))
}

/// Adds a record (no id) or changes the given fields of one; saves.
#[tauri::command]
pub async fn save_record(
    state: State<'_, AppState>,
    kind: String,
    id: Option<String>,
    fields: Vec<FieldInput>,
) -> Res<RecordView> {
    let inputs: Vec<(String, String)> = fields.into_iter().map(|f| (f.name, f.value)).collect();
    let id = state.change(|b| match id {
        Some(id) => b.set(&id, &inputs),
        None => b.add(&kind, &inputs),
    })?;
    state.with_binder(|b| Ok(view(b, b.record(&id)?)))
}

/// Deletes a record (it stays in the history and can be restored from it).
#[tauri::command]
pub async fn delete_record(state: State<'_, AppState>, id: String) -> Res<()> {
    state.change(|b| b.remove(&id).map(drop))
}

/// Records that someone checked this record today.
#[tauri::command]
pub async fn mark_verified(state: State<'_, AppState>, id: String) -> Res<RecordView> {
    let id = state.change(|b| b.mark_verified(&id))?;
    state.with_binder(|b| Ok(view(b, b.record(&id)?)))
}

/// Full-text search over everything.
#[tauri::command]
pub async fn search(state: State<'_, AppState>, text: String) -> Res<Vec<Hit>> {
    state.with_binder(|b| Ok(b.search(&text, 60)?))
}

/// Who changed what, when: of one record, or of the whole binder.
#[tauri::command]
pub async fn history(state: State<'_, AppState>, id: Option<String>) -> Res<Vec<HistoryEntry>> {
    state.with_binder(|b| Ok(b.history(id.as_deref(), 300)?))
}

/// A checklist with its steps.
#[tauri::command]
pub async fn checklist(state: State<'_, AppState>, id: String) -> Res<ChecklistView> {
    state.with_binder(|b| Ok(overview::checklist(b, &id)?))
}

fn sync_status_of(state: &AppState) -> Res<SyncStatus> {
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

/// Reads a plan document the person chose; its file name tells Markdown from text.
fn read_plan_file(path: &str) -> Res<(String, Vec<u8>)> {
    let path = Path::new(path.trim());
    if path.as_os_str().is_empty() {
        return Err(CommandError {
            field: Some("path".into()),
            ..CommandError::new(
                binder::ErrorCode::Invalid,
                "Choose the plan document to import first.",
            )
        });
    }
    let bytes = std::fs::read(path).map_err(|e| CommandError {
        field: Some("path".into()),
        ..CommandError::new(
            AppCode::NotFound,
            format!("Cannot read {}: {e}.", path.display()),
        )
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((name, bytes))
}

/// What importing a plan document (Markdown or text) would make; writes nothing.
#[tauri::command]
pub async fn preview_plan_import(app: AppHandle, path: String) -> Res<PlanReport> {
    blocking(move || {
        let (name, bytes) = read_plan_file(&path)?;
        let state = app.state::<AppState>();
        state.with_binder(|b| Ok(binder::planimport::preview(b, &name, &bytes)?))
    })
    .await
}

/// Imports a plan document into the open binder and saves.
#[tauri::command]
pub async fn import_plan(app: AppHandle, path: String) -> Res<PlanImported> {
    blocking(move || {
        let (name, bytes) = read_plan_file(&path)?;
        let state = app.state::<AppState>();
        let (report, counts) = state.change(|b| binder::planimport::import(b, &name, &bytes))?;
        Ok(PlanImported {
            report,
            created: counts.created,
            updated: counts.updated,
        })
    })
    .await
}

/// Where a printed document goes: the path typed, or one chosen in the system's save dialog.
fn pdf_target(
    app: &AppHandle,
    path: Option<String>,
    title: &str,
    name: &str,
) -> Res<Option<PathBuf>> {
    if let Some(p) = path.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()) {
        return Ok(Some(PathBuf::from(p)));
    }
    Ok(app
        .dialog()
        .file()
        .set_title(title)
        .add_filter("PDF", &["pdf"])
        .set_file_name(name)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok()))
}

fn write_pdf(path: &Path, printed: &binder::pdf::Printed) -> Res<PrintedFile> {
    binder::fsutil::write_atomic(path, &printed.bytes, true).map_err(|e| CommandError {
        field: Some("path".into()),
        ..CommandError::new(
            AppCode::Io,
            format!("Cannot write {}: {e}.", path.display()),
        )
    })?;
    Ok(PrintedFile {
        path: path.display().to_string(),
        pages: printed.pages,
        bytes: printed.bytes.len(),
        missing: printed
            .missing_report()
            .map(|r| r.lines().map(String::from).collect())
            .unwrap_or_default(),
    })
}

/// Prints the binder or the wallet card to a PDF file (the path given, or chosen in the
/// system's save dialog); `None` when the dialog is cancelled.
#[tauri::command]
pub async fn export_pdf(
    app: AppHandle,
    document: PrintDocument,
    incident: Option<String>,
    paper: Paper,
    path: Option<String>,
) -> Res<Option<PrintedFile>> {
    blocking(move || {
        let (title, name) = match document {
            PrintDocument::Binder => ("Save the printed binder", "binder.pdf"),
            PrintDocument::WalletCard => ("Save the wallet card", "wallet-card.pdf"),
            PrintDocument::IncidentReport => ("Save the incident report", "incident-report.pdf"),
        };
        let Some(path) = pdf_target(&app, path, title, name)? else {
            return Ok(None);
        };
        let state = app.state::<AppState>();
        let printed = state.with_binder(|b| {
            let opts = binder::pdf::PrintOptions {
                paper,
                printed_by: b.keys().name().to_string(),
                printed_at: chrono::Utc::now(),
            };
            Ok(match document {
                PrintDocument::Binder => binder::pdf::binder_pdf(b, &opts)?,
                PrintDocument::WalletCard => binder::pdf::wallet_card(b, &opts)?,
                PrintDocument::IncidentReport => {
                    let id = incident.as_deref().ok_or_else(|| {
                        CommandError::new(
                            binder::ErrorCode::Invalid,
                            "Choose the incident to report on.",
                        )
                    })?;
                    binder::pdf::incident_report(b, id, &opts)?
                }
            })
        })?;
        write_pdf(&path, &printed).map(Some)
    })
    .await
}

/// The incidents, the levels to activate and the scheduled exercises.
#[tauri::command]
pub async fn incidents(state: State<'_, AppState>) -> Res<Incidents> {
    state.with_binder(|b| {
        Ok(Incidents {
            incidents: binder::incident::list(b)?,
            levels: b.list("level", false)?,
            exercises: binder::incident::exercises(b)?,
        })
    })
}

/// Activates an incident (or exercise) at a level; returns its state.
#[tauri::command]
pub async fn start_incident(
    state: State<'_, AppState>,
    request: StartIncident,
) -> Res<IncidentState> {
    let now = chrono::Utc::now();
    let activation = binder::incident::Activation {
        level: request.level,
        title: Some(request.title),
        exercise: request.exercise,
        exercise_of: request.exercise_of.filter(|s| !s.is_empty()),
        service: Some(request.service),
    };
    let id = state.change(|b| binder::incident::start(b, &activation, now))?;
    state.with_binder(|b| Ok(binder::incident::state(b, &id, now)?))
}

/// An incident as it stands now. `background`: asked by a timer, not by the person (does not
/// hold off the idle lock).
#[tauri::command]
pub async fn incident_state(
    state: State<'_, AppState>,
    id: String,
    background: Option<bool>,
) -> Res<IncidentState> {
    let read = |b: &mut Binder| Ok(binder::incident::state(b, &id, chrono::Utc::now())?);
    if background == Some(true) {
        state.with_binder_quietly(read)
    } else {
        state.with_binder(read)
    }
}

/// Applies one incident action (a tick, an entry, a status, facts, a message sent), saves, and
/// returns the incident's new state.
fn act(
    state: &AppState,
    incident: &str,
    f: impl FnOnce(&mut Binder, chrono::DateTime<chrono::Utc>) -> Result<(), binder::Error>,
) -> Res<IncidentState> {
    let now = chrono::Utc::now();
    state.change(|b| f(b, now))?;
    state.with_binder(|b| Ok(binder::incident::state(b, incident, now)?))
}

/// Ticks or unticks a step (`item` is the item's id), with an optional note.
#[tauri::command]
pub async fn tick_step(
    state: State<'_, AppState>,
    incident: String,
    item: String,
    done: bool,
    note: String,
) -> Res<IncidentState> {
    act(&state, &incident, |b, now| {
        binder::incident::tick(b, &incident, &item, done, &note, now).map(drop)
    })
}

/// Adds a timeline entry (never edited; a correction is a new entry).
#[tauri::command]
pub async fn log_entry(
    state: State<'_, AppState>,
    incident: String,
    kind: String,
    text: String,
) -> Res<IncidentState> {
    act(&state, &incident, |b, now| {
        binder::incident::log(b, &incident, &kind, &text, now).map(drop)
    })
}

/// Changes the status; the change is a timeline entry too.
#[tauri::command]
pub async fn set_incident_status(
    state: State<'_, AppState>,
    incident: String,
    status: String,
) -> Res<IncidentState> {
    act(&state, &incident, |b, now| {
        binder::incident::set_status(b, &incident, &status, now)
    })
}

/// Sets the facts messages are filled from (impact, actions, ETA, next update…).
#[tauri::command]
pub async fn update_incident(
    state: State<'_, AppState>,
    incident: String,
    fields: Vec<FieldInput>,
) -> Res<IncidentState> {
    let inputs: Vec<(String, String)> = fields.into_iter().map(|f| (f.name, f.value)).collect();
    act(&state, &incident, |b, _| {
        binder::incident::update(b, &incident, &inputs)
    })
}

/// Logs a filled message as sent (its text goes into the timeline).
#[tauri::command]
pub async fn log_message(
    state: State<'_, AppState>,
    incident: String,
    template: String,
) -> Res<IncidentState> {
    act(&state, &incident, |b, now| {
        binder::incident::log_message(b, &incident, &template, now).map(drop)
    })
}

/// Closes with a summary and lessons learned.
#[tauri::command]
pub async fn close_incident(
    state: State<'_, AppState>,
    incident: String,
    summary: String,
    lessons: String,
) -> Res<IncidentState> {
    act(&state, &incident, |b, now| {
        binder::incident::close(b, &incident, &summary, &lessons, now).map(drop)
    })
}

fn signoffs_of(b: &Binder) -> Res<Signoffs> {
    let mut signoffs = binder::signoff::check(b)?;
    signoffs.reverse();
    let role = b
        .actor()
        .map(|a| b.role_of(&a))
        .transpose()?
        .flatten()
        .unwrap_or_default();
    Ok(Signoffs {
        plan_fingerprint: binder::signoff::plan_fingerprint(b)?,
        signoffs,
        name: b.keys().name().to_string(),
        role,
    })
}

/// Every review and approval, checked against the plan as it is now.
#[tauri::command]
pub async fn signoffs(state: State<'_, AppState>) -> Res<Signoffs> {
    state.with_binder(|b| signoffs_of(b))
}

/// Signs the plan as reviewed or approved. The passphrase is asked again for this: the identity
/// file is opened anew with it (off the UI thread) and must be the one the binder is open with.
#[tauri::command]
pub async fn sign_plan(
    app: AppHandle,
    meaning: String,
    role: String,
    passphrase: Passphrase,
) -> Res<Signoffs> {
    let identity = match &*app.state::<AppState>().session() {
        Session::Unlocked { identity, .. } => identity.clone(),
        _ => return Err(CommandError::locked()),
    };
    let keys = blocking(move || match Keys::open_identity_file(&identity, || Ok(passphrase.0)) {
        Err(binder::KeyError::WrongPassphrase(_)) => Err(CommandError::new(
            binder::ErrorCode::WrongPassphrase,
            "That is not your passphrase, so nothing was signed. Check Caps Lock and the keyboard layout, then try again.",
        )),
        other => Ok(other.map_err(binder::Error::from)?),
    })
    .await?;
    let state = app.state::<AppState>();
    state.change(|b| binder::signoff::sign_with(b, &keys, &meaning, &role, chrono::Utc::now()))?;
    state.with_binder(|b| signoffs_of(b))
}

/// Saves the emergency access sheet of the recovery key made with this binder, while the app
/// still holds it (until "Open my binder"); the key itself never crosses back from the UI.
#[tauri::command]
pub async fn save_emergency_sheet(
    app: AppHandle,
    paper: Paper,
    path: Option<String>,
) -> Res<Option<PrintedFile>> {
    blocking(move || {
        let state = app.state::<AppState>();
        let secret = state.held_recovery_key().ok_or_else(|| {
            CommandError::new(
                AppCode::Gone,
                "The recovery key is no longer held: it is shown only while the binder is being created. Make a new one with `binder recovery-key add --sheet`.",
            )
        })?;
        let Some(path) = pdf_target(&app, path, "Save the emergency access sheet", "emergency-access-sheet.pdf")? else {
            return Ok(None);
        };
        let shared = state.settings().shared;
        let printed = state.with_binder(|b| {
            let org = b.organisation()?;
            let file = b
                .path()
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok(binder::pdf::emergency_sheet(
                &binder::pdf::EmergencySheet {
                    organisation: &org,
                    label: "Made with the binder (emergency access sheet)",
                    secret: &secret,
                    binder_file: &file,
                    shared_file: shared.as_deref(),
                    fingerprint: &b.fingerprint()?,
                },
                &binder::pdf::PrintOptions {
                    paper,
                    printed_by: b.keys().name().to_string(),
                    printed_at: chrono::Utc::now(),
                },
            ))
        })?;
        write_pdf(&path, &printed).map(Some)
    })
    .await
}

/// The recovery key is written down: stop holding it.
#[tauri::command]
pub async fn forget_recovery_key(state: State<'_, AppState>) -> Res<()> {
    state.forget_recovery_key();
    Ok(())
}

/// Opens the system's file chooser (from Rust: the UI gets no file-system access).
#[tauri::command]
pub async fn choose_file(app: AppHandle, purpose: FilePurpose) -> Res<Option<String>> {
    let dialog = app.dialog().file();
    let picked = match purpose {
        FilePurpose::OpenBinder => dialog
            .set_title("Open a binder")
            .add_filter("Binder", &["binder"])
            .blocking_pick_file(),
        FilePurpose::Identity => dialog
            .set_title("Choose your identity file")
            .add_filter("Identity", &["age", "txt"])
            .blocking_pick_file(),
        FilePurpose::Shared => dialog
            .set_title("Choose the shared binder file")
            .add_filter("Binder", &["binder"])
            .set_file_name("shared.binder")
            .blocking_save_file(),
        FilePurpose::Plan => dialog
            .set_title("Choose your existing plan (Markdown or text)")
            .add_filter("Plan document", &["md", "markdown", "mdx", "txt", "text"])
            .blocking_pick_file(),
        FilePurpose::NewBinder => dialog
            .set_title("Where to keep the new binder")
            .add_filter("Binder", &["binder"])
            .set_file_name("binder.binder")
            .blocking_save_file(),
    };
    Ok(picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}

/// Changes the idle time and the theme.
#[tauri::command]
pub async fn update_settings(
    state: State<'_, AppState>,
    idle_lock_minutes: u32,
    theme: Theme,
) -> Res<Settings> {
    state.update_settings(|s| {
        s.idle_lock_minutes = idle_lock_minutes.min(24 * 60);
        s.theme = theme;
    })
}

/// Dials or writes: hands a `tel:` or `mailto:` link to the system. Nothing else is opened.
#[tauri::command]
pub async fn open_link(app: AppHandle, url: String) -> Res<()> {
    check_link(&url)?;
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| CommandError::new(AppCode::Open, format!("No app to handle this link: {e}.")))
}

/// A timing mark for the benchmark (written only when `CB_PERF_LOG` is set; see `perf.rs`).
#[tauri::command]
pub async fn perf_mark(name: String) -> Res<()> {
    crate::perf::mark(&name);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_binder_needs_a_name_and_eight_characters() {
        let good = SecretString::from("four words are fine");
        assert_eq!(
            check_new_binder("  Åsa Öberg ", &good).unwrap(),
            "Åsa Öberg"
        );
        let e = check_new_binder("   ", &good).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (binder::ErrorCode::Invalid.into(), Some("name"))
        );
        // Eight characters, counted as characters, not bytes.
        assert!(check_new_binder("Ann", &SecretString::from("åäöåäöåä")).is_ok());
        let e = check_new_binder("Ann", &SecretString::from("åäöåäöå")).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (AppCode::WeakPassphrase.into(), Some("passphrase"))
        );
    }

    #[test]
    fn only_phone_and_mail_links_are_opened() {
        assert!(check_link("tel:+46701234567").is_ok());
        assert!(check_link("mailto:asa@example.com").is_ok());
        for url in [
            "https://example.com",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "TEL:1",
            "",
        ] {
            assert_eq!(
                check_link(url).unwrap_err().code,
                binder::ErrorCode::NotAllowed.into(),
                "{url}"
            );
        }
    }
}
