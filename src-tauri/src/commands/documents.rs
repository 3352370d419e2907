//! Documents in and out: importing a plan document (with its preview), printing the binder,
//! wallet card, incident report and emergency access sheet.

use super::*;

/// Reads a plan document the person chose; its file name tells Markdown from text.
pub(crate) fn read_plan_file(path: &str) -> Res<(String, Vec<u8>)> {
    let bytes = read_chosen(path, "plan document")?;
    let name = Path::new(path.trim())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((name, bytes))
}

/// What importing a plan document would make, each proposal with how sure its reading is;
/// writes nothing.
#[tauri::command]
pub async fn preview_plan_import(app: AppHandle, path: String) -> Res<PlanReport> {
    blocking(move || {
        let (name, bytes) = read_plan_file(&path)?;
        let state = app.state::<AppState>();
        state.with_binder(|b| Ok(binder::planimport::preview(b, &name, &bytes)?))
    })
    .await
}

/// Imports a plan document into the open binder and saves, leaving out the proposals the
/// person unticked in the preview (`leave_out`: their keys).
#[tauri::command]
pub async fn import_plan(
    app: AppHandle,
    path: String,
    leave_out: Vec<String>,
) -> Res<PlanImported> {
    blocking(move || {
        let (name, bytes) = read_plan_file(&path)?;
        let state = app.state::<AppState>();
        let (report, counts) =
            state.change(|b| binder::planimport::import_selected(b, &name, &bytes, &leave_out))?;
        Ok(PlanImported {
            report,
            created: counts.created,
            updated: counts.updated,
        })
    })
    .await
}

/// Where a written file goes: the path typed, or one chosen in the system's save dialog
/// (`None` when it is cancelled).
pub(crate) fn save_target(
    app: &AppHandle,
    path: Option<String>,
    title: &str,
    (filter, extensions): (&str, &[&str]),
    name: &str,
) -> Res<Option<PathBuf>> {
    if let Some(p) = path.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()) {
        return Ok(Some(PathBuf::from(p)));
    }
    Ok(app
        .dialog()
        .file()
        .set_title(title)
        .add_filter(filter, extensions)
        .set_file_name(name)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok()))
}

/// Where a printed document goes.
pub(crate) fn pdf_target(
    app: &AppHandle,
    path: Option<String>,
    title: &str,
    name: &str,
) -> Res<Option<PathBuf>> {
    save_target(app, path, title, ("PDF", &["pdf"]), name)
}

pub(crate) fn write_pdf(path: &Path, printed: &binder::pdf::Printed) -> Res<PrintedFile> {
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
        let (label, secret) = state.held_recovery_key().ok_or_else(|| {
            CommandError::new(
                AppCode::Gone,
                "The recovery key is no longer held: it is shown only once, right after it is made. Make a new one under Keys and health → Recovery keys.",
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
                    label: &label,
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
