//! In and out: vCard (contacts onto a phone, or from Google, Apple, Outlook), CSV per kind,
//! iCalendar (tests, reviews, re-checks) and JSON (the whole binder). Every import is previewed
//! first — run on a copy in memory, so the preview makes every check the import makes — and
//! writes nothing until the person says so.

use super::*;

/// What the file for an import of `format` is chosen as.
fn purpose(format: ImportFormat) -> FilePurpose {
    match format {
        ImportFormat::Vcard => FilePurpose::Vcard,
        ImportFormat::Csv => FilePurpose::Csv,
        ImportFormat::Json => FilePurpose::Json,
    }
}

/// Refuses what cannot be the chosen format before anything runs: a JSON export is UTF-8 text.
fn check_input(format: ImportFormat, bytes: &[u8]) -> Res<()> {
    if matches!(format, ImportFormat::Json) && std::str::from_utf8(bytes).is_err() {
        return Err(CommandError {
            field: Some("path".into()),
            ..CommandError::new(
                binder::ErrorCode::Invalid,
                "This file is not UTF-8 text, so it is not a JSON export of a binder. Choose the file made by Export → The whole binder (JSON).",
            )
        });
    }
    Ok(())
}

/// Runs the import of `bytes` on `b` (the binder, or the dry run's copy of it).
fn import_into(
    b: &mut Binder,
    format: ImportFormat,
    kind: Option<&str>,
    bytes: &[u8],
) -> binder::Result<binder::ImportReport> {
    match format {
        ImportFormat::Vcard => binder::vcard::import(b, bytes),
        ImportFormat::Csv => binder::csvio::import(b, kind.unwrap_or("contact"), bytes),
        ImportFormat::Json => {
            let text = std::str::from_utf8(bytes).map_err(|_| {
                binder::Error::Import(binder::ImportError::NotAnExport("not UTF-8 text".into()))
            })?;
            b.import_json(text)
        }
    }
}

/// What importing the file would create or change; writes nothing.
#[tauri::command]
pub async fn preview_import(
    app: AppHandle,
    format: ImportFormat,
    kind: Option<String>,
    file: FileToken,
) -> Res<binder::Preview> {
    blocking(move || {
        let state = app.state::<AppState>();
        let (_, bytes) = read_chosen(&state, &file, purpose(format))?;
        check_input(format, &bytes)?;
        state.with_binder(|b| {
            Ok(b.dry_run(|copy| import_into(copy, format, kind.as_deref(), &bytes))?)
        })
    })
    .await
}

/// Imports the file into the binder and saves.
#[tauri::command]
pub async fn import_file(
    app: AppHandle,
    format: ImportFormat,
    kind: Option<String>,
    file: FileToken,
) -> Res<binder::ImportReport> {
    blocking(move || {
        let state = app.state::<AppState>();
        let (_, bytes) = read_chosen(&state, &file, purpose(format))?;
        check_input(format, &bytes)?;
        state.change(|b| import_into(b, format, kind.as_deref(), &bytes))
    })
    .await
}

/// Writes an export to `path` (or where the save dialog says; `None` when cancelled).
#[tauri::command]
pub async fn export_file(
    app: AppHandle,
    format: ExportFormat,
    kind: Option<String>,
    path: Option<String>,
) -> Res<Option<ExportedFile>> {
    blocking(move || {
        let kind = kind.unwrap_or_else(|| "contact".into());
        let (title, filter, ext, name) = match format {
            ExportFormat::Vcard => (
                "Save the contacts",
                "vCard",
                "vcf",
                "contacts.vcf".to_string(),
            ),
            ExportFormat::Csv => ("Save as CSV", "CSV", "csv", format!("{kind}.csv")),
            ExportFormat::Ical => (
                "Save the calendar",
                "iCalendar",
                "ics",
                "continuity.ics".to_string(),
            ),
            ExportFormat::Json => (
                "Save the JSON export",
                "JSON",
                "json",
                "binder.json".to_string(),
            ),
        };
        let Some(path) = documents::save_target(&app, path, title, (filter, &[ext]), &name)? else {
            return Ok(None);
        };
        let state = app.state::<AppState>();
        let (bytes, count) = state.with_binder(|b| {
            Ok(match format {
                ExportFormat::Vcard => {
                    let n = b.list("contact", false)?.len();
                    (binder::vcard::export(b)?.into_bytes(), n)
                }
                ExportFormat::Csv => (
                    binder::csvio::export(b, &kind, true)?,
                    b.list(&kind, false)?.len(),
                ),
                ExportFormat::Ical => {
                    let text = binder::ical::export(
                        b,
                        chrono::Local::now().date_naive(),
                        chrono::Utc::now(),
                    )?;
                    let n =
                        text.matches("BEGIN:VEVENT").count() + text.matches("BEGIN:VTODO").count();
                    (text.into_bytes(), n)
                }
                ExportFormat::Json => {
                    let n = KINDS
                        .iter()
                        .filter(|k| !k.system)
                        .map(|k| b.list(k.name, false).map(|l| l.len()))
                        .sum::<binder::Result<usize>>()?;
                    (format!("{}\n", b.export_json()?).into_bytes(), n)
                }
            })
        })?;
        binder::fsutil::write_atomic(&path, &bytes, true).map_err(|e| CommandError {
            field: Some("path".into()),
            ..CommandError::new(
                AppCode::Io,
                format!("Cannot write {}: {e}.", path.display()),
            )
        })?;
        Ok(Some(ExportedFile {
            path: path.display().to_string(),
            items: count,
            bytes: bytes.len(),
        }))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_import_that_is_not_text_is_refused_before_anything_runs() {
        let e = check_input(ImportFormat::Json, b"{\"format\": \"\xff\"}").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("path"));
        assert!(e.message.contains("not UTF-8 text"), "{}", e.message);
        assert!(check_input(ImportFormat::Json, b"{}").is_ok());
        // vCard and CSV files have their own decoders (Latin-1 exports are read as such).
        assert!(check_input(ImportFormat::Vcard, b"\xff").is_ok());
    }
}
