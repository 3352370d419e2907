//! Which binder, locked or open: the first screens (create, open, demo, join a team), unlocking
//! and locking.

use super::*;

/// The identity file the open binder was opened with; a successor's session (opened with
/// shares) has none.
pub(crate) fn identity_of(session: &Session) -> Res<PathBuf> {
    if !session.is_open() {
        return Err(CommandError::locked());
    }
    session.identity().ok_or_else(|| {
        CommandError::new(
            binder::ErrorCode::NotAllowed,
            "This copy was opened with successor shares and has no passphrase of its own: take over as owner first (Keys and health).",
        )
    })
}

pub(crate) fn identity_beside(binder: &Path) -> PathBuf {
    binder
        .parent()
        .unwrap_or(Path::new("."))
        .join("identity.age")
}

pub(crate) fn make_dirs(path: &Path) -> Res<()> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => binder::fsutil::create_private_dir_all(dir).map_err(|e| {
            CommandError::new(
                binder::ErrorCode::File,
                format!("Could not create the folder {}: {e}.", dir.display()),
            )
        }),
        None => Ok(()),
    }
}

/// The identity at `path`: opened with the passphrase, or made for `name` when there is none.
pub(crate) fn open_or_create_identity(path: &Path, name: &str, pass: &SecretString) -> Res<Keys> {
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

pub(crate) fn remember(state: &AppState, binder: &Path, identity: &Path) -> Res<()> {
    state.update_settings(|s| s.choose_binder(binder, identity))?;
    Ok(())
}

/// A new binder needs a name and a passphrase of at least 8 characters; returns the name trimmed.
pub(crate) fn check_new_binder(name: &str, passphrase: &SecretString) -> Res<String> {
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
    check_passphrase(passphrase)?;
    Ok(name.to_string())
}

/// A passphrase being chosen needs at least 8 characters.
pub(crate) fn check_passphrase(passphrase: &SecretString) -> Res<()> {
    if passphrase.expose_secret().chars().count() < 8 {
        return Err(CommandError {
            field: Some("passphrase".into()),
            ..CommandError::new(
                AppCode::WeakPassphrase,
                "Choose a passphrase of at least 8 characters; four unrelated words are strong and easy to type.",
            )
        });
    }
    Ok(())
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
            let start = Start::Plan {
                starter: request.starter,
                organisation: &org,
            };
            let mut b = Binder::create(&binder_path, keys, start)?;
            let key = b.add_recovery_key("Made with the binder (emergency access sheet)")?;
            b.save()?;
            let secret = key.secret_to_show().expose_secret().to_string();
            Ok((b, secret, key.recipient()))
        })
        .await?
    };
    let state = app.state::<AppState>();
    remember(&state, &binder_path, &identity_path)?;
    state.session().open(
        binder,
        Opening {
            opener: Opener::Identity(identity_path),
            fresh_recovery: Some((
                "Made with the binder (emergency access sheet)".into(),
                SecretString::from(secret.clone()),
            )),
            report: None,
        },
    );
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
    binder_file: FileToken,
    identity_file: Option<FileToken>,
) -> Res<AppStatus> {
    let chosen = &app.state::<AppState>().chosen;
    let binder = chosen.path(&binder_file, FilePurpose::OpenBinder)?;
    if !binder.is_file() {
        return Err(CommandError {
            field: Some("binder_path".into()),
            ..CommandError::new(
                binder::ErrorCode::BinderMissing,
                format!("There is no binder file at {}.", binder.display()),
            )
        });
    }
    let identity = match identity_file {
        Some(token) => chosen.path(&token, FilePurpose::Identity)?,
        None => identity_beside(&binder),
    };
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
    state.session().choose(BinderChoice {
        binder,
        identity,
        demo: false,
    });
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
            let start = Start::Plan {
                starter: true,
                organisation: "Demo Company",
            };
            Binder::create(&binder, keys, start)?;
            Ok(())
        })
        .await?;
    }
    let state = app.state::<AppState>();
    state.session().choose(BinderChoice {
        binder,
        identity,
        demo: true,
    });
    refresh_title(&app);
    Ok(status(&state))
}

/// Forgets the chosen binder (back to the welcome screen); the files stay where they are.
#[tauri::command]
pub async fn close_binder(app: AppHandle) -> Res<AppStatus> {
    let state = app.state::<AppState>();
    // Forgotten in the settings first: if they cannot be written, nothing changes.
    state.update_settings(|s| {
        s.binder = None;
        s.identity = None;
    })?;
    state.session().close();
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
    shared_file: FileToken,
    passphrase: Passphrase,
) -> Res<AppStatus> {
    let places = app.state::<AppState>().places.clone();
    let (local, identity) = (places.default_binder(), places.default_identity());
    let shared = app
        .state::<AppState>()
        .chosen
        .path(&shared_file, FilePurpose::Shared)?;
    let prompts = crate::prompts::AppPrompts::new(&app);
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
            let keys = Keys::open_identity_file_with(&identity, || Ok(passphrase.0), prompts)
                .map_err(binder::Error::from)?;
            Ok(binder::sync::join(&local, &shared, keys)?)
        })
        .await?
    };
    remember(&app.state::<AppState>(), &local, &identity)?;
    open_shared(&app, binder, Opener::Identity(identity), &shared, &report)
}

/// Opens a binder just made or brought up to date from the shared file `shared`: the shared
/// file remembered, the sync's report kept, the session open, syncing by itself from now on.
pub(crate) fn open_shared(
    app: &AppHandle,
    binder: Binder,
    opener: Opener,
    shared: &Path,
    report: &binder::sync::SyncReport,
) -> Res<AppStatus> {
    let state = app.state::<AppState>();
    state.update_settings(|s| {
        s.shared = Some(shared.display().to_string());
        s.last_sync = Some(report.finished_at.clone());
    })?;
    state.session().open(
        binder,
        Opening {
            opener,
            fresh_recovery: None,
            report: Some(SyncSummary::from(report)),
        },
    );
    state.touch();
    state.autosync.nudge(Why::Unlocked);
    refresh_title(app);
    Ok(status(&state))
}

pub(crate) fn progress(app: &AppHandle, stage: &str, message: &str) {
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
    let chosen = match &*app.state::<AppState>().session() {
        Session::Locked(chosen) => Some((chosen.binder.clone(), chosen.identity.clone())),
        Session::Unlocked(_) => None,
        Session::Busy(_) => {
            return Err(CommandError::new(
                AppCode::App,
                "The binder is busy (a takeover is being saved); try again in a moment.",
            ));
        }
        Session::None => {
            return Err(CommandError::new(
                AppCode::NoBinder,
                "Choose a binder to open first.",
            ));
        }
    };
    // Open already (the guard above is gone: status reads the session again).
    let Some((binder_path, identity)) = chosen else {
        return Ok(status(&app.state::<AppState>()));
    };
    let worker = app.clone();
    crate::perf::mark("unlock-start");
    let prompts = crate::prompts::AppPrompts::new(&app);
    let binder = blocking(move || {
        let hardware = binder::hardware::protection(&identity).is_some();
        progress(
            &worker,
            "key",
            if hardware {
                "Asking your hardware key…"
            } else {
                "Checking the passphrase…"
            },
        );
        let keys = Keys::open_identity_file_with(&identity, || Ok(passphrase.0), prompts.clone());
        prompts.done();
        let keys = keys.map_err(binder::Error::from)?;
        crate::perf::mark("kdf-done");
        progress(&worker, "binder", "Decrypting the binder…");
        Ok(Binder::open(&binder_path, keys, Mode::Write)?)
    })
    .await?;
    crate::perf::mark("unlock-done");
    progress(&app, "ready", "Open.");
    let state = app.state::<AppState>();
    if !state.session().unlock(binder) {
        return Err(CommandError::new(
            AppCode::App,
            "The binder changed while unlocking; try again.",
        ));
    }
    state.touch();
    state.autosync.nudge(Why::Unlocked);
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
    fn a_successors_session_has_no_identity_to_ask_a_passphrase_of() {
        use crate::session::{Opener, Opening};
        let dir = tempfile::tempdir().unwrap();
        let mut session = Session::default();
        let e = identity_of(&session).unwrap_err();
        assert_eq!(e.code, AppCode::BinderLocked.into(), "nothing open: locked");
        let b = Binder::create(
            &dir.path().join("b.binder"),
            Keys::generate("Maria"),
            binder::Start::Empty,
        )
        .unwrap();
        session.open(
            b,
            Opening {
                opener: Opener::Shares,
                fresh_recovery: None,
                report: None,
            },
        );
        let e = identity_of(&session).unwrap_err();
        assert!(
            e.message.contains("take over as owner first"),
            "{}",
            e.message
        );
    }
}
