//! Keys and the binder's health: recovery keys (list, add — shown once — and remove), the
//! passphrase, earlier versions and restoring one, verifying the log.

use std::collections::{BTreeMap, BTreeSet};

use super::*;

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
    let secret = key.expose_secret_once();
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
    let identity = match &*app.state::<AppState>().session() {
        Session::Unlocked { identity, .. } => identity.clone(),
        _ => return Err(CommandError::locked()),
    };
    if *app
        .state::<AppState>()
        .demo
        .lock()
        .unwrap_or_else(|p| p.into_inner())
    {
        return Err(CommandError::new(
            binder::ErrorCode::NotAllowed,
            "The demo binder keeps its published passphrase; make a binder of your own to choose one.",
        ));
    }
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
pub async fn generations(app: AppHandle) -> Res<Vec<GenerationInfo>> {
    blocking(move || {
        let state = app.state::<AppState>();
        state.with_binder(|b| {
            let now_heads = b.store().heads().map_err(binder::Error::from)?;
            let history = b.history(None, 5000)?;
            let mut out = Vec::new();
            let kept = binder::vault::generations(b.path()).map_err(binder::Error::from)?;
            for g in kept.into_iter().take(10) {
                let then = binder::vault::read(&g.path)
                    .map_err(binder::Error::from)
                    .and_then(|bytes| Binder::unlock_bytes(&bytes, b.keys(), "an earlier version"))
                    .and_then(|store| Ok(store.heads()?));
                let mut ahead = 0;
                let (changes_since, by, records, note) = match then {
                    Ok(then) => {
                        let seq_then = |actor: &str| then.get(actor).map_or(0, |(s, _)| *s);
                        // What it holds that this copy does not (a restore went back past it).
                        ahead = then
                            .iter()
                            .map(|(a, (s, _))| {
                                let now = now_heads.get(a).map_or(0, |(n, _)| *n);
                                s.saturating_sub(now) as usize
                            })
                            .sum();
                        let changes: usize = now_heads
                            .iter()
                            .map(|(a, (s, _))| s.saturating_sub(seq_then(a)) as usize)
                            .sum();
                        let newer: Vec<_> = history
                            .iter()
                            .filter(|h| h.seq > seq_then(&h.actor))
                            .collect();
                        let by: BTreeSet<String> = newer.iter().map(|h| h.who.clone()).collect();
                        let mut titles: Vec<String> = Vec::new();
                        for h in newer.iter().rev() {
                            let title = b.title_of(&h.id)?.unwrap_or_else(|| h.id.clone());
                            if !titles.contains(&title) {
                                titles.push(title);
                            }
                        }
                        (changes, by.into_iter().collect(), titles, None)
                    }
                    Err(e) => (
                        0,
                        Vec::new(),
                        Vec::new(),
                        Some(format!("This version cannot be read: {e}.")),
                    ),
                };
                out.push(GenerationInfo {
                    number: g.number,
                    saved_at: g.saved_at,
                    size: g.size,
                    changes_since,
                    ahead,
                    by,
                    records: records.into_iter().take(6).collect(),
                    note,
                });
            }
            Ok(out)
        })
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
        let mut session = state.session();
        let (path, keys, identity) = match &*session {
            Session::Unlocked { binder, identity } => (
                binder.path().to_path_buf(),
                binder.keys().clone(),
                identity.clone(),
            ),
            _ => return Err(CommandError::locked()),
        };
        // The open binder holds the file's lock: let go of it for the restore.
        *session = Session::Locked {
            binder: path.clone(),
            identity: identity.clone(),
        };
        let restored = Binder::restore_generation(&path, keys.clone(), number);
        let (binder, result) = match restored {
            Ok(b) => (b, Ok(())),
            Err(e) => (Binder::open(&path, keys, Mode::Write)?, Err(e)),
        };
        *session = Session::unlocked(binder, identity);
        Ok(result?)
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
            let names: BTreeMap<String, String> = b
                .members()?
                .into_iter()
                .map(|m| {
                    (
                        m.id.trim_start_matches("member-").to_string(),
                        m.text("name"),
                    )
                })
                .collect();
            Ok(verify_view(&report, &names))
        })
    })
    .await
}

pub(crate) fn verify_view(
    report: &binder::VerifyReport,
    names: &BTreeMap<String, String>,
) -> VerifyView {
    use binder::signoff::SignoffStatus;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut findings = Vec::new();
    if report.problems.is_empty() {
        findings.push(format!(
            "Every one of the {} by {} is signed by its author, in an unbroken chain, and was theirs to make.",
            plural(report.changes as usize, "change", "changes"),
            plural(report.actors, "person", "people"),
        ));
    }
    for p in &report.problems {
        let who = names
            .get(&p.actor)
            .cloned()
            .unwrap_or_else(|| p.actor.clone());
        findings.push(format!(
            "A change by {who} (number {}) would be refused by a newcomer: {}.",
            p.seq, p.reason
        ));
    }
    findings.push(if report.state_matches_log {
        "The plan as stored equals a fresh reading of its change log.".to_string()
    } else {
        "The plan as stored differs from its change log: the file was edited around the log (for example with sqlite3). Restore an earlier version, or sync to take the team's copy.".to_string()
    });
    for s in &report.signoffs {
        findings.push(format!(
            "Sign-off by {} ({}): {}",
            s.name, s.meaning, s.detail
        ));
    }
    let invalid = report
        .signoffs
        .iter()
        .filter(|s| s.status == SignoffStatus::Invalid)
        .count();
    let summary = if report.ok() {
        "This binder checks out.".to_string()
    } else {
        let mut wrong = Vec::new();
        if !report.problems.is_empty() {
            wrong.push(plural(
                report.problems.len(),
                "change does not verify",
                "changes do not verify",
            ));
        }
        if !report.state_matches_log {
            wrong.push("the stored plan differs from its log".to_string());
        }
        if invalid > 0 {
            wrong.push(plural(
                invalid,
                "sign-off is not valid",
                "sign-offs are not valid",
            ));
        }
        format!("Something is wrong: {}.", wrong.join("; "))
    };
    VerifyView {
        ok: report.ok(),
        summary,
        findings,
        fingerprint: report.fingerprint.clone(),
    }
}
