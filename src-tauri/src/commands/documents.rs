//! Documents in and out: importing a plan document (with its preview), printing the binder,
//! wallet card, incident report and emergency access sheet.

use super::*;
use binder::planimport::Corrections;

/// Reads a plan document the person chose; its file name tells Markdown from text.
pub(crate) fn read_plan_file(state: &AppState, file: &FileToken) -> Res<(String, Vec<u8>)> {
    let (path, bytes) = read_chosen(state, file, FilePurpose::Plan)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((name, bytes))
}

/// What importing a plan document would make, each proposal with how sure its reading is,
/// and each block of the document with how it was read (`corrections`: the blocks the person
/// said how to read; none: what they said the last time they imported a document of this
/// name); writes nothing.
#[tauri::command]
pub async fn preview_plan_import(
    app: AppHandle,
    file: FileToken,
    corrections: Option<Corrections>,
) -> Res<PlanReport> {
    blocking(move || {
        let state = app.state::<AppState>();
        let (name, bytes) = read_plan_file(&state, &file)?;
        state.with_binder(|b| {
            let corrections = binder::planimport::corrections_for(b, &name, corrections);
            Ok(binder::planimport::preview_corrected(
                b,
                &name,
                &bytes,
                &corrections,
            )?)
        })
    })
    .await
}

/// Imports a plan document into the open binder and saves, leaving out the proposals the
/// person unticked in the preview (`leave_out`: their keys) and reading the blocks they
/// corrected as they said.
#[tauri::command]
pub async fn import_plan(
    app: AppHandle,
    file: FileToken,
    leave_out: Vec<String>,
    corrections: Option<Corrections>,
) -> Res<PlanImported> {
    blocking(move || {
        let state = app.state::<AppState>();
        let (name, bytes) = read_plan_file(&state, &file)?;
        let (report, counts) = state.change(|b| {
            let corrections = binder::planimport::corrections_for(b, &name, corrections);
            binder::planimport::import_selected(b, &name, &bytes, &leave_out, &corrections)
        })?;
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
        let typed = PathBuf::from(p);
        check_typed_target(&typed, filter, extensions)?;
        return Ok(Some(typed));
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

/// A path typed in the page rather than chosen in the save dialog (which asks before it
/// replaces anything): it must name a file of the kind written, and may replace only a file
/// of that kind — never a link, a folder, the binder, an identity or any other file.
pub(crate) fn check_typed_target(path: &Path, filter: &str, extensions: &[&str]) -> Res<()> {
    let named_right = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)));
    let wanted = extensions.first().copied().unwrap_or_default();
    if !named_right {
        return Err(CommandError {
            field: Some("path".into()),
            ..CommandError::new(
                binder::ErrorCode::Invalid,
                format!(
                    "Name a .{wanted} file: {} would not be a {filter} file.",
                    path.display()
                ),
            )
        });
    }
    let replaceable = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(_) => false,
        Ok(m) => m.file_type().is_file() && holds_kind(path, extensions),
    };
    if replaceable {
        return Ok(());
    }
    Err(CommandError {
        field: Some("path".into()),
        ..CommandError::new(
            AppCode::Exists,
            format!(
                "{} already exists and is not a {filter} file, so it was left as it is; choose another name, or move that file first.",
                path.display()
            ),
        )
    })
}

/// Whether the file at `path` begins as a file of that kind does (a PDF with `%PDF`, a web page
/// with markup); other kinds go by their name.
fn holds_kind(path: &Path, extensions: &[&str]) -> bool {
    use std::io::Read;
    let mut head = [0u8; 512];
    let read = std::fs::File::open(path).and_then(|mut f| f.read(&mut head));
    let Ok(n) = read else { return false };
    let head = String::from_utf8_lossy(&head[..n]).to_lowercase();
    if extensions.contains(&"pdf") {
        head.starts_with("%pdf")
    } else if extensions.contains(&"html") {
        head.trim_start().starts_with('<')
    } else {
        true
    }
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
                    call_tree: Some(b),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Code;

    #[test]
    fn a_typed_path_names_the_kind_written_and_replaces_only_that_kind() {
        let dir = tempfile::tempdir().expect("temp dir");
        let at = |name: &str| dir.path().join(name);
        std::fs::write(at("old.pdf"), b"%PDF-1.7 ...").expect("write");
        std::fs::write(at("notes.pdf"), b"my notes").expect("write");
        std::fs::write(at("plan.binder"), b"age-encryption.org/v1").expect("write");
        std::fs::write(at(".bashrc"), b"alias ls=ls").expect("write");
        std::fs::create_dir(at("folder.pdf")).expect("mkdir");
        std::os::unix::fs::symlink(at(".bashrc"), at("link.pdf")).expect("symlink");
        let pdf = |name: &str| check_typed_target(&at(name), "PDF", &["pdf"]);
        assert!(pdf("new.pdf").is_ok(), "a new file");
        assert!(pdf("old.pdf").is_ok(), "an earlier PDF");
        for (name, code) in [
            ("notes.pdf", Code::App(AppCode::Exists)),
            ("folder.pdf", Code::App(AppCode::Exists)),
            ("link.pdf", Code::App(AppCode::Exists)),
            ("plan.binder", Code::Core(binder::ErrorCode::Invalid)),
            (".bashrc", Code::Core(binder::ErrorCode::Invalid)),
            ("noextension", Code::Core(binder::ErrorCode::Invalid)),
        ] {
            let err = pdf(name).expect_err(name);
            assert_eq!(err.code, code, "{name}: {}", err.message);
        }
        assert_eq!(
            std::fs::read(at(".bashrc")).expect("read"),
            b"alias ls=ls",
            "nothing written"
        );
        std::fs::write(at("page.html"), b"<!DOCTYPE html><html>").expect("write");
        std::fs::write(at("text.html"), b"just words").expect("write");
        let html = |name: &str| check_typed_target(&at(name), "Web page", &["html"]);
        assert!(html("page.html").is_ok());
        assert!(html("text.html").is_err());
    }
}
