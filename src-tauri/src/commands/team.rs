//! The team: who can open the binder, adding a member from their invitation, roles, removing.
//! Owners manage; everyone sees the list. The core refuses what a role may not do and keeps the
//! last owner; this only adapts.

use super::*;

/// A key's fingerprint as people read it aloud: the member's actor id in groups of four.
pub(crate) fn key_fingerprint(member_id: &str) -> String {
    let id = member_id.strip_prefix("member-").unwrap_or(member_id);
    id.to_uppercase()
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn team_of(b: &Binder) -> Res<Team> {
    let me = b.actor().map(|a| format!("member-{a}"));
    let last = b.last_change_by_member()?;
    let mut members: Vec<MemberInfo> = b
        .members()?
        .into_iter()
        .map(|m| MemberInfo {
            fingerprint: key_fingerprint(&m.id),
            last_change: last.get(&m.id).cloned(),
            you: me.as_deref() == Some(m.id.as_str()),
            name: m.text("name"),
            role: m.text("role"),
            id: m.id,
        })
        .collect();
    let rank = |r: &str| ["owner", "editor", "viewer"].iter().position(|x| *x == r);
    members.sort_by(|a, b| (rank(&a.role), &a.name).cmp(&(rank(&b.role), &b.name)));
    let your_role = members
        .iter()
        .find(|m| m.you)
        .map(|m| m.role.clone())
        .unwrap_or_default();
    Ok(Team {
        can_manage: your_role == "owner",
        your_role,
        members,
    })
}

/// The members and what you may do.
#[tauri::command]
pub async fn team(state: State<'_, AppState>) -> Res<Team> {
    state.with_binder(|b| team_of(b))
}

/// What adding this invitation would do: whose it is (nothing is written).
#[tauri::command]
pub async fn read_invitation(invitation: String) -> Res<InvitationInfo> {
    let invite = Invitation::parse(invitation.trim())?;
    let vk = binder::keys::parse_verifying_key(&invite.signing_key)
        .ok_or(binder::Error::BadInvitation)?;
    Ok(InvitationInfo {
        name: invite.name,
        fingerprint: key_fingerprint(&binder::changelog::actor_id(&vk)),
    })
}

/// Adds the person whose invitation was pasted, with a role; the next sync lets them in.
#[tauri::command]
pub async fn add_member(state: State<'_, AppState>, invitation: String, role: String) -> Res<Team> {
    state.change(|b| b.add_member(invitation.trim(), &role))?;
    state.with_binder(|b| team_of(b))
}

/// Changes a member's role (the last owner keeps theirs).
#[tauri::command]
pub async fn set_member_role(state: State<'_, AppState>, id: String, role: String) -> Res<Team> {
    state.change(|b| b.set_member_role(&id, &role))?;
    state.with_binder(|b| team_of(b))
}

/// Removes a member: copies written from now on are not encrypted to them.
#[tauri::command]
pub async fn remove_member(state: State<'_, AppState>, id: String) -> Res<Team> {
    state.change(|b| b.remove_member(&id))?;
    state.with_binder(|b| team_of(b))
}

/// A QR code of `text` (an invitation) as SVG, to be photographed or read out.
#[tauri::command]
pub async fn qr_code(text: String) -> Res<String> {
    use qrcode::render::svg;
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| {
            CommandError::new(
                binder::ErrorCode::Invalid,
                format!("This text is too long for a QR code: {e}."),
            )
        })?;
    Ok(code
        .render::<svg::Color>()
        .min_dimensions(220, 220)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_read_in_groups_of_four() {
        assert_eq!(
            key_fingerprint("member-0a1b2c3d4e5f6071"),
            "0A1B 2C3D 4E5F 6071"
        );
    }

    #[test]
    fn the_team_lists_you_first_among_owners_and_says_what_you_may_do() {
        let dir = tempfile::tempdir().unwrap();
        let mut b = Binder::create(
            &dir.path().join("b.binder"),
            Keys::generate("Ann"),
            binder::Start::Empty,
        )
        .unwrap();
        let ben = Keys::generate("Ben");
        let invitation = Invitation::of(&ben).unwrap().encode();
        b.add_member(&invitation, "editor").unwrap();
        let team = team_of(&b).unwrap();
        assert!(team.can_manage);
        let names: Vec<(&str, &str, bool)> = team
            .members
            .iter()
            .map(|m| (m.name.as_str(), m.role.as_str(), m.you))
            .collect();
        assert_eq!(names, [("Ann", "owner", true), ("Ben", "editor", false)]);
        assert!(team.members[0].last_change.is_some());
        assert!(
            team.members[1].last_change.is_none(),
            "Ben has changed nothing yet"
        );
    }
}
