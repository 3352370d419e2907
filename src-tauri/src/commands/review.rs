//! Review and sign-off: the sign-offs checked against the plan, and signing with the passphrase
//! typed again.

use super::*;

pub(crate) fn signoffs_of(b: &Binder) -> Res<Signoffs> {
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
    let identity = super::session::identity_of(&app.state::<AppState>().session())?;
    let prompts = crate::prompts::AppPrompts::new(&app);
    let keys = blocking(move || match Keys::open_identity_file_with(&identity, || Ok(passphrase.0), prompts) {
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
