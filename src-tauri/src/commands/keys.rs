//! Keys and the binder's health: recovery keys (list, add — shown once — and remove), the
//! passphrase, earlier versions and restoring one, verifying the log.

use super::*;
use binder::versions::KeptVersion;

fn recovery_keys_of(b: &Binder) -> Res<Vec<RecoveryKeyInfo>> {
    let mut out = Vec::new();
    for k in b.list("recovery", false)? {
        let first = b.history(Some(&k.id), 1000)?.into_iter().next();
        out.push(RecoveryKeyInfo {
            label: k.text("label"),
            created_at: k.text("created_at"),
            created_by: first.map(|h| h.who).unwrap_or_default(),
            recipient: k.text("recipient"),
            id: k.id,
        });
    }
    out.sort_by(|a, b| a.created_at.cmp(&b.created_at));
    Ok(out)
}

/// The recovery keys (public parts only).
#[tauri::command]
pub async fn recovery_keys(state: State<'_, AppState>) -> Res<Vec<RecoveryKeyInfo>> {
    state.with_binder(|b| recovery_keys_of(b))
}

/// Makes a recovery key: the binder is encrypted to it from now on. Its secret is returned
/// this once (to be written down) and held in Rust until "written down" or lock, so the
/// emergency access sheet can be saved meanwhile.
#[tauri::command]
pub async fn add_recovery_key(state: State<'_, AppState>, label: String) -> Res<NewRecoveryKey> {
    let label = match label.trim() {
        "" => "Recovery key".to_string(),
        l => l.to_string(),
    };
    let key = state.change(|b| b.add_recovery_key(&label))?;
    let secret = key.secret_to_show();
    state.hold_recovery_key(label.clone(), secret.clone());
    Ok(NewRecoveryKey {
        label,
        secret: secret.expose_secret().to_string(),
        recipient: key.recipient(),
    })
}

/// Removes a recovery key: copies saved from now on are not encrypted to it.
#[tauri::command]
pub async fn remove_recovery_key(
    state: State<'_, AppState>,
    id: String,
) -> Res<Vec<RecoveryKeyInfo>> {
    state.change(|b| b.remove_recovery_key(&id))?;
    state.with_binder(|b| recovery_keys_of(b))
}

/// Changes the passphrase of your identity file: the old one is typed (and checked by opening
/// the file with it), the new one must have at least 8 characters.
#[tauri::command]
pub async fn change_passphrase(app: AppHandle, old: Passphrase, new: Passphrase) -> Res<()> {
    let identity = own_identity(
        &app,
        "The demo binder keeps its published passphrase; make a binder of your own to choose one.",
    )?;
    blocking(move || {
        session::check_passphrase(&new.0)?;
        let keys = Keys::open_identity_file(&identity, || Ok(old.0)).map_err(|e| match e {
            binder::KeyError::WrongPassphrase(_) => CommandError {
                field: Some("old".into()),
                ..CommandError::new(
                    binder::ErrorCode::WrongPassphrase,
                    "That is not your current passphrase; it is unchanged.",
                )
            },
            other => binder::Error::from(other).into(),
        })?;
        keys.change_passphrase(&identity, &new.0)
            .map_err(binder::Error::from)?;
        Ok(())
    })
    .await
}

/// The kept earlier versions of this binder's file, newest first, each with what changed since.
#[tauri::command]
pub async fn generations(app: AppHandle) -> Res<Vec<KeptVersion>> {
    blocking(move || {
        let state = app.state::<AppState>();
        state.with_binder(|b| Ok(binder::versions::kept(b, 10)?))
    })
    .await
}

/// Replaces the binder with its earlier version `number` (the current file is kept as a
/// version itself, so this can be undone the same way).
#[tauri::command]
pub async fn restore_generation(app: AppHandle, number: usize) -> Res<AppStatus> {
    let worker = app.clone();
    blocking(move || {
        let state = worker.state::<AppState>();
        // The open binder restores itself: it holds the file's lock, and stays as it was
        // when the earlier version does not open or cannot be saved.
        state.with_binder(|b| Ok(b.restore_generation(number)?))
    })
    .await?;
    let state = app.state::<AppState>();
    state.autosync.nudge(Why::LocalChange);
    Ok(status(&state))
}

/// Checks every signature, chain and author's right, that the stored plan equals a fresh
/// reading of the log, and the sign-offs; says the result in words.
#[tauri::command]
pub async fn verify_binder(app: AppHandle) -> Res<VerifyView> {
    blocking(move || {
        let state = app.state::<AppState>();
        state.with_binder(|b| {
            let report = binder::verify(b)?;
            let (summary, findings) = report.in_words(&b.member_names()?);
            Ok(VerifyView {
                ok: report.ok(),
                summary,
                findings,
                fingerprint: report.fingerprint.clone(),
            })
        })
    })
    .await
}

/// The identity file of the open binder, one of your own (the demo's is refused with
/// `demo_says`).
fn own_identity(app: &AppHandle, demo_says: &str) -> Res<PathBuf> {
    let state = app.state::<AppState>();
    let session = state.session();
    if session.demo() {
        return Err(CommandError::new(binder::ErrorCode::NotAllowed, demo_says));
    }
    super::session::identity_of(&session)
}

/// The installed age plugins (`age-plugin-*` programs on the PATH) a hardware key can be used
/// through.
#[tauri::command]
pub async fn hardware_plugins() -> Res<Vec<binder::hardware::InstalledPlugin>> {
    blocking(|| Ok(binder::hardware::installed_plugins())).await
}

/// The keys `plugin` offers now (asks the plugin; a key not inserted is its error, in its words).
#[tauri::command]
pub async fn hardware_keys(plugin: String) -> Res<Vec<binder::hardware::HardwareKey>> {
    blocking(move || Ok(binder::hardware::list_keys(&plugin).map_err(binder::Error::from)?)).await
}

/// Keeps your identity behind `key` instead of the passphrase. Refused unless a recovery key or
/// successor kit also opens the binder; the key is tried once (its PIN or touch asked in a
/// dialog, `hardware-prompt` events) before anything changes. Answers the app's status.
#[tauri::command]
pub async fn protect_with_hardware(
    app: AppHandle,
    key: binder::hardware::HardwareKey,
) -> Res<AppStatus> {
    let identity = own_identity(
        &app,
        "The demo binder keeps its published passphrase; make a binder of your own to use a hardware key.",
    )?;
    let prompts = crate::prompts::AppPrompts::new(&app);
    let worker = app.clone();
    let result = blocking(move || {
        let state = worker.state::<AppState>();
        // Checked first, changing nothing: the key is tried only when it may be used.
        let (keys, owner) = state.with_binder(|b| {
            if b.recovery_paths()? == 0 {
                return Err(binder::Error::NoRecoveryPath.into());
            }
            let owner = b
                .actor()
                .and_then(|a| b.role_of(&a).ok().flatten())
                .is_some_and(|r| r == "owner");
            Ok((b.keys().clone(), owner))
        })?;
        // The PIN dialog waits outside the binder's lock, so nothing else of the app waits on it.
        keys.protect_with_hardware(&identity, &key, prompts.clone())
            .map_err(binder::Error::from)?;
        if owner {
            state.change(|b| b.record_hardware_recipient(Some(&key)))?;
        }
        Ok(())
    })
    .await;
    crate::prompts::AppPrompts::new(&app).done();
    result?;
    Ok(status(&app.state::<AppState>()))
}

/// Keeps your identity behind a passphrase again (of at least 8 characters) instead of its
/// hardware key; the key is asked once more (its PIN), so an unlocked laptop alone cannot.
#[tauri::command]
pub async fn unprotect_hardware(app: AppHandle, new: Passphrase) -> Res<AppStatus> {
    let identity = own_identity(&app, "The demo binder keeps its published passphrase.")?;
    if binder::hardware::protection(&identity).is_none() {
        return Err(CommandError::new(
            binder::ErrorCode::NotAllowed,
            "Your identity is not kept behind a hardware key; change its passphrase instead.",
        ));
    }
    session::check_passphrase(&new.0)?;
    let prompts = crate::prompts::AppPrompts::new(&app);
    let worker = app.clone();
    let result = blocking(move || {
        // Whoever sits at an unlocked laptop must still hold the key to take it away.
        let asked = Keys::open_identity_file_with(
            &identity,
            || {
                Err(binder::KeyError::NotAnIdentity(
                    identity.display().to_string(),
                ))
            },
            prompts.clone(),
        );
        prompts.done();
        let asked = asked.map_err(binder::Error::from)?;
        let state = worker.state::<AppState>();
        state.change(|b| {
            if asked.recipient() != b.keys().recipient() {
                return Err(
                    binder::KeyError::NotThisHardwareKey(identity.display().to_string()).into(),
                );
            }
            b.protect_identity_with_passphrase(&identity, &new.0)
        })
    })
    .await;
    result?;
    Ok(status(&app.state::<AppState>()))
}

/// Answers the hardware key's question `id` (a PIN, a text, "yes"/"no"); no answer cancels it.
#[tauri::command]
pub async fn answer_hardware_prompt(id: u32, answer: Option<Passphrase>) -> Res<()> {
    if crate::prompts::answer(id, answer.map(|a| a.0)) {
        Ok(())
    } else {
        Err(CommandError::new(
            AppCode::App,
            "The hardware key stopped waiting for that answer; try again.",
        ))
    }
}
