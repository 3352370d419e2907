//! What touches the system: file choosers, links to the dialer or mail, settings, timing marks.

use super::*;

/// Only `tel:` links with a number and `mailto:` links with one address leave the app, and
/// nothing else rides along (no `?attach=`, no second recipient, no other scheme).
pub(crate) fn check_link(url: &str) -> Res<()> {
    let number = url.strip_prefix("tel:").is_some_and(|n| {
        n.chars().any(|c| c.is_ascii_digit())
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+*#(),.-; ".contains(c))
    });
    let address = url
        .strip_prefix("mailto:")
        .is_some_and(binder::catalog::is_email_address);
    if number || address {
        return Ok(());
    }
    Err(CommandError::new(
        binder::ErrorCode::NotAllowed,
        "Only phone and e-mail links are opened.",
    ))
}

/// Opens the system's file chooser (from Rust: the UI gets no file-system access). The page
/// gets a token for the file chosen, which only commands for the same purpose take.
#[tauri::command]
pub async fn choose_file(
    app: AppHandle,
    state: State<'_, AppState>,
    purpose: FilePurpose,
) -> Res<Option<ChosenFile>> {
    let (name, extensions) = crate::chosen::filter(purpose);
    let dialog = app.dialog().file();
    let dialog = match extensions {
        [] => dialog,
        _ => dialog.add_filter(name, extensions),
    };
    let picked = match purpose {
        FilePurpose::OpenBinder => dialog.set_title("Open a binder").blocking_pick_file(),
        FilePurpose::Identity => dialog
            .set_title("Choose your identity file")
            .blocking_pick_file(),
        FilePurpose::Shared => dialog
            .set_title("Choose the shared binder file")
            .set_file_name("shared.binder")
            .blocking_save_file(),
        FilePurpose::Plan => dialog
            .set_title("Choose your existing plan (Word, OpenDocument, web page, Markdown or text)")
            .blocking_pick_file(),
        FilePurpose::Vcard => dialog
            .set_title("Choose the contacts (vCard) to import")
            .blocking_pick_file(),
        FilePurpose::Csv => dialog
            .set_title("Choose the CSV file to import")
            .blocking_pick_file(),
        FilePurpose::Json => dialog
            .set_title("Choose the JSON export to import")
            .blocking_pick_file(),
        FilePurpose::Image => dialog
            .set_title("Choose a photo or scan of the share's QR code")
            .blocking_pick_file(),
        FilePurpose::Folder => dialog
            .set_title("Choose the folder for the share sheets")
            .blocking_pick_folder(),
        FilePurpose::CallLog => dialog
            .set_title("Choose the call log saved on the phone")
            .blocking_pick_file(),
        FilePurpose::NewBinder => dialog
            .set_title("Where to keep the new binder")
            .set_file_name("binder.binder")
            .blocking_save_file(),
    };
    Ok(picked
        .and_then(|p| p.into_path().ok())
        .map(|p| state.chosen.issue(p, purpose)))
}

/// A path typed into a form in place of choosing the file: a token for it if the file holds
/// what the form is for (see [`crate::chosen::check_typed`]), else why not.
#[tauri::command]
pub async fn typed_file(
    state: State<'_, AppState>,
    path: String,
    purpose: FilePurpose,
) -> Res<ChosenFile> {
    let path = PathBuf::from(path.trim());
    crate::chosen::check_typed(&path, purpose)?;
    Ok(state.chosen.issue(path, purpose))
}

/// Changes the idle time, the theme and whether the app syncs by itself.
#[tauri::command]
pub async fn update_settings(
    state: State<'_, AppState>,
    idle_lock_minutes: u32,
    theme: Theme,
    auto_sync: bool,
) -> Res<Settings> {
    let settings = state.update_settings(|s| {
        s.idle_lock_minutes = idle_lock_minutes.min(24 * 60);
        s.theme = theme;
        s.auto_sync = auto_sync;
    })?;
    state.autosync.nudge(Why::Settings);
    Ok(settings)
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
    fn only_phone_and_mail_links_are_opened() {
        assert!(check_link("tel:+46701234567").is_ok());
        assert!(check_link("mailto:asa@example.com").is_ok());
        for url in [
            "https://example.com",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "TEL:1",
            "",
            "tel:",
            "tel:+1 555/../x",
            "mailto:asa@example.com?attach=/home/asa/.ssh/id_ed25519",
            "mailto:asa@example.com,eve@example.com",
            "mailto:x?attach=/etc/passwd@example.com",
            "mailto:asa@example.com&bcc=eve@example.com",
        ] {
            assert_eq!(
                check_link(url).unwrap_err().code,
                binder::ErrorCode::NotAllowed.into(),
                "{url}"
            );
        }
    }
}
