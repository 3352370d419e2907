//! Members and recovery keys: who can open the binder, who may change it, and who the file
//! is encrypted to.

use super::*;

impl Binder {
    /// The role of a member now (`owner`, `editor`, `viewer`), or None if not a member.
    pub fn role_of(&self, actor: &str) -> Result<Option<String>> {
        let member = self
            .store
            .record(&format!("member-{actor}"))?
            .filter(|m| !m.deleted);
        Ok(match member {
            Some(m) => Some(m.text("role")),
            None if self
                .store
                .record(&format!("recovery-{actor}"))?
                .is_some_and(|r| !r.deleted) =>
            {
                Some("recovery".into())
            }
            None if merge::creator_of(&self.store.binder_id()?) == Some(actor)
                && self.store.heads()?.is_empty() =>
            {
                Some("owner".into())
            }
            None => None,
        })
    }

    /// The members of the binder (removed ones are gone from the list but not from history).
    pub fn members(&self) -> Result<Vec<Record>> {
        self.list("member", false)
    }

    /// Each member's name by the actor id their changes are signed with.
    pub fn member_names(&self) -> Result<std::collections::BTreeMap<String, String>> {
        Ok(self
            .members()?
            .into_iter()
            .map(|m| {
                (
                    m.id.trim_start_matches("member-").to_string(),
                    m.text("name"),
                )
            })
            .collect())
    }

    /// Adds the person who made `invitation` as a member with `role`. Owners only.
    pub fn add_member(&mut self, invitation: &str, role: &str) -> Result<String> {
        let invite = Invitation::parse(invitation)?;
        let role = parse_role(role)?;
        let vk = changelog::parse_verifying_key(&invite.signing_key).ok_or(Error::BadInvitation)?;
        let id = format!("member-{}", changelog::actor_id_in(&self.binder_id()?, &vk));
        if self.store.record(&id)?.is_some_and(|r| !r.deleted) {
            return Err(Error::AlreadyMember(invite.name));
        }
        let mut ops = text_ops(
            "member",
            &id,
            vec![
                ("name", invite.name),
                ("role", role),
                ("recipient", invite.recipient),
                ("signing_key", invite.signing_key),
            ],
        );
        ops.push(Op {
            kind: "member".into(),
            id: id.clone(),
            field: DELETED_FIELD.into(),
            value: Some(Value::Bool(false)),
        });
        self.commit(ops)?;
        Ok(id)
    }

    /// Changes a member's role. Owners only; the last owner cannot step down.
    pub fn set_member_role(&mut self, member: &str, role: &str) -> Result<String> {
        let record = self.member_record(member)?;
        let role = parse_role(role)?;
        if role != "owner" {
            self.refuse_last_owner(&record.id)?;
        }
        self.commit(text_ops("member", &record.id, vec![("role", role)]))?;
        Ok(record.id)
    }

    /// Removes a member: later saves are no longer encrypted to them. They keep the copies they
    /// already have. Owners only; the last owner cannot be removed.
    pub fn remove_member(&mut self, member: &str) -> Result<String> {
        let record = self.member_record(member)?;
        self.refuse_last_owner(&record.id)?;
        self.delete(record)
    }

    pub(super) fn member_record(&self, text: &str) -> Result<Record> {
        let kind = catalog::kind("member")?;
        let id = match self.store.ids_by_title(kind, text)?.as_slice() {
            [one] => one.clone(),
            [] => self.resolve_id(text)?,
            _ => {
                return Err(Error::AmbiguousId {
                    given: text.into(),
                    matches: "several members".into(),
                });
            }
        };
        let record = self.live_record(&id)?;
        if record.kind != "member" {
            return Err(Error::NoSuchRecord(format!("member {text}")));
        }
        Ok(record)
    }

    pub(super) fn refuse_last_owner(&self, member_id: &str) -> Result<()> {
        let owners: Vec<Record> = self
            .members()?
            .into_iter()
            .filter(|m| m.text("role") == "owner")
            .collect();
        if owners.len() == 1 && owners[0].id == member_id {
            return Err(Error::LastOwner);
        }
        Ok(())
    }

    /// Adds a recovery key to the recipient set; the caller shows its secret once, then drops it.
    pub fn add_recovery_key(&mut self, label: &str) -> Result<RecoveryKey> {
        let key = RecoveryKey::generate();
        self.register_recovery_key(&key, label, vec![], vec![])?;
        Ok(key)
    }

    /// Registers `key` in the binder: its recipient (copies are encrypted to it) and its signing
    /// key (so it may take over as owner), with `more` fields, as one change. Returns its id.
    pub(crate) fn register_recovery_key(
        &mut self,
        key: &RecoveryKey,
        label: &str,
        more: Vec<Op>,
        other: Vec<Op>,
    ) -> Result<String> {
        let actor = changelog::actor_id_in(&self.binder_id()?, &key.verifying_key());
        // Bound to its key by its id, as member records are, so no one can borrow its authority.
        let id = format!("recovery-{actor}");
        let now = catalog::format_datetime(chrono::Utc::now());
        let mut ops = text_ops(
            "recovery",
            &id,
            vec![
                ("label", label.trim().to_string()),
                ("recipient", key.recipient()),
                (
                    "signing_key",
                    changelog::hex(key.verifying_key().as_bytes()),
                ),
                ("created_at", now),
            ],
        );
        ops.extend(more.into_iter().map(|o| Op {
            id: id.clone(),
            ..o
        }));
        ops.extend(other);
        self.commit(ops)?;
        Ok(id)
    }

    /// Removes a recovery key: copies saved from now on are no longer encrypted to it (a copy
    /// made before still opens with it). Owners only.
    pub fn remove_recovery_key(&mut self, id: &str) -> Result<String> {
        let record = self.live_record(id)?;
        if record.kind != "recovery" {
            return Err(Error::NoSuchRecord(format!("recovery key {id}")));
        }
        self.delete(record)
    }

    /// When each member last changed something (RFC 3339), by member record id.
    pub fn last_change_by_member(&self) -> Result<BTreeMap<String, String>> {
        Ok(self
            .store
            .last_change_by_actor()?
            .into_iter()
            .map(|(actor, time)| (format!("member-{actor}"), time))
            .collect())
    }

    /// Remembers who the shared file was last encrypted to, for readiness (local, not a change).
    /// Returns whether it changed (and so the local file needs saving).
    pub(crate) fn note_shared_recipients(&mut self, recipients: &str) -> Result<bool> {
        let key = SHARED_RECIPIENTS;
        if self.store.meta(key)?.as_deref() == Some(recipients) {
            return Ok(false);
        }
        self.store.set_meta(key, recipients)?;
        Ok(true)
    }

    /// Everyone a shared copy is encrypted to: the live members and the recovery keys.
    pub fn recipients(&self) -> Result<Vec<age::x25519::Recipient>> {
        self.recipients_with(None)
    }

    pub(super) fn recipients_with(
        &self,
        extra: Option<String>,
    ) -> Result<Vec<age::x25519::Recipient>> {
        let mut out = BTreeSet::new();
        for kind in ["member", "recovery"] {
            for r in self.store.list(catalog::kind(kind)?, false)? {
                out.insert(r.text("recipient"));
                // A member's hardware key, where anyone can encrypt to it (see hardware.rs); one
                // that is not a recipient is left out rather than failing every save.
                let hardware = r.text("hardware_recipient");
                if kind == "member" && age::x25519::Recipient::from_str(&hardware).is_ok() {
                    out.insert(hardware);
                }
            }
        }
        out.extend(extra);
        out.iter()
            .filter(|s| !s.is_empty())
            .map(|s| {
                age::x25519::Recipient::from_str(s).map_err(|_| Error::BadRecipient(s.clone()))
            })
            .collect()
    }
}
