//! Succession: if a founder cannot be reached, the people they chose open the plan together.
//!
//! A *successor kit* is a new recovery key whose 32 secret bytes are split into SLIP-39 shares,
//! one per holder, any `need` of which give the key back; the whole secret is never shown. The
//! binder records the key (its recipient and signing key), the holders' names and how many are
//! needed — never a share — and a yearly task to check the holders still have theirs.
//!
//! With enough shares a successor opens the binder as the recovery key: the plan is read-only to
//! it, incidents can be run, and it may **take over**: add one new owner with the successor's
//! own new keys, signed by the recovery key. Every copy checks that change in merge
//! ([`crate::log::merge::recovery_allows`]) and shows it ([`takeovers`]).

use std::sync::Arc;

use serde::Serialize;
use zeroize::Zeroizing;

use crate::catalog::{self, Value};
use crate::file::keys::{Keys, RecoveryKey};
use crate::file::slip39::{self, ShareError};
use crate::log::changelog;
use crate::log::ops::text_ops;
use crate::log::store::Record;
use crate::plan::binder::Binder;
use crate::{Error, Result};

/// The yearly task the kit adds, so someone checks the holders still have their shares.
pub const CHECK_TASK: &str = "Check that the successor kit's holders still have their shares";

/// One holder's share, to print on their sheet. Secret: zeroized on drop, never logged.
pub struct HolderShare {
    /// The holder as the founder wrote them ("Maria (lawyer)").
    pub holder: String,
    /// Which share this is, from 1.
    pub number: u8,
    /// How many shares were made.
    pub of: u8,
    /// How many open the binder.
    pub need: u8,
    /// The share's words.
    pub words: Zeroizing<Vec<String>>,
}

impl std::fmt::Debug for HolderShare {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HolderShare")
            .field("holder", &self.holder)
            .field("number", &self.number)
            .finish_non_exhaustive()
    }
}

/// A new successor kit: the recovery key's record id and a share per holder.
#[derive(Debug)]
pub struct Kit {
    /// The recovery record made.
    pub recovery_id: String,
    /// A share for each holder, in the order given.
    pub shares: Vec<HolderShare>,
}

/// Makes a successor kit for `holders`, any `need` of whom open the binder (owners only). One
/// change: the recovery key with its holders, and the yearly check (added once, kept after).
pub fn make_kit(binder: &mut Binder, holders: &[String], need: u8) -> Result<Kit> {
    let holders: Vec<String> = holders
        .iter()
        .map(|h| h.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|h| !h.is_empty())
        .collect();
    if holders.len() < 2 {
        return Err(Error::Kit(
            "name at least two holders: a kit that one person can open alone is just a recovery key".into(),
        ));
    }
    let count = u8::try_from(holders.len())
        .ok()
        .filter(|&n| n <= slip39::MAX_SHARES)
        .ok_or_else(|| Error::Kit(format!("at most {} holders", slip39::MAX_SHARES)))?;
    if need < 2 || need > count {
        return Err(Error::Kit(format!(
            "the shares needed must be between 2 and the number of holders ({count}), not {need}"
        )));
    }
    let key = RecoveryKey::generate();
    let shares = slip39::split(key.expose_secret_bytes(), need, count)
        .map_err(|e| Error::Kit(e.to_string()))?;
    let mut more = vec![crate::log::changelog::Op {
        kind: "recovery".into(),
        id: String::new(),
        field: "holders".into(),
        value: Some(Value::List(holders.clone())),
    }];
    more.extend(text_ops("recovery", "", vec![("need", need.to_string())]));
    let label = format!("Successor kit ({need} of {count})");
    let task = check_task_ops(binder)?;
    let recovery_id = binder.register_recovery_key(&key, &label, more, task)?;
    let shares = holders
        .into_iter()
        .zip(shares)
        .map(|(holder, share)| HolderShare {
            holder,
            number: share.member_index + 1,
            of: count,
            need,
            words: Zeroizing::new(share.words().iter().map(|w| w.to_string()).collect()),
        })
        .collect();
    Ok(Kit {
        recovery_id,
        shares,
    })
}

/// The yearly check of the holders, as ops for a schedule record, unless one exists.
pub(crate) fn check_task_ops(binder: &Binder) -> Result<Vec<crate::log::changelog::Op>> {
    let exists = binder
        .list("schedule", false)?
        .iter()
        .any(|r| r.text("task") == CHECK_TASK);
    if exists {
        return Ok(Vec::new());
    }
    let id = crate::log::ops::new_id(catalog::kind("schedule")?);
    Ok(text_ops(
        "schedule",
        &id,
        vec![
            ("task", CHECK_TASK.to_string()),
            ("frequency", "yearly".to_string()),
            ("last_done", chrono::Utc::now().format("%Y-%m-%d").to_string()),
            (
                "notes",
                "Ask each holder to find their share sheet (not to read it out). Anyone who lost theirs, left, or should no longer hold one: make a new kit and remove the old recovery key.".to_string(),
            ),
        ],
    ))
}

/// The file name of a holder's share sheet: `share-2-tom-advisor.pdf`.
pub fn sheet_file_name(share: &HolderShare) -> String {
    let slug: String = share
        .holder
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("share-{}-{slug}.pdf", share.number)
}

/// Shares combined into the recovery key they were split from.
pub fn combine(shares: &[&str]) -> std::result::Result<RecoveryKey, ShareError> {
    let secret = slip39::combine(shares)?;
    let bytes: Zeroizing<[u8; 32]> =
        Zeroizing::new(secret.as_slice().try_into().map_err(|_| {
            ShareError::Scheme(format!(
                "these shares hold a {}-byte secret, not a binder's 32-byte recovery key",
                secret.len()
            ))
        })?);
    Ok(RecoveryKey::from_secret(&bytes))
}

/// The recovery record these keys sign as, if the binder holds one (not removed).
pub fn recovery_record(binder: &Binder) -> Result<Option<Record>> {
    let Some(actor) = binder.actor() else {
        return Ok(None);
    };
    Ok(binder
        .store()
        .record(&format!("recovery-{actor}"))?
        .filter(|r| !r.deleted))
}

/// Takes over as an owner: signed by the recovery key the binder is open with, adds a member
/// with `successor`'s keys as owner, recording which key and when; from then on the binder
/// signs as the successor (who, for this session, still opens copies made for the recovery
/// key). Needs the binder opened for writing with the recovery key.
pub fn take_over(binder: &mut Binder, successor: Keys) -> Result<String> {
    let record = recovery_record(binder)?.ok_or_else(|| {
        Error::Kit(
            "this binder is not open with a registered recovery key, so there is nothing to take over with".into(),
        )
    })?;
    let verifying = successor.verifying_key().ok_or(Error::CannotSign)?;
    let actor = changelog::actor_id_in(&binder.binder_id()?, &verifying);
    let member_id = format!("member-{actor}");
    if binder.store().record(&member_id)?.is_some() {
        return Err(Error::AlreadyMember(successor.name().to_string()));
    }
    let ops = text_ops(
        "member",
        &member_id,
        vec![
            ("name", successor.name().to_string()),
            ("role", "owner".to_string()),
            ("recipient", successor.recipient()),
            ("signing_key", changelog::hex(verifying.as_bytes())),
            ("took_over_with", record.text("label")),
            ("took_over_at", catalog::format_datetime(chrono::Utc::now())),
        ],
    );
    binder.commit(ops)?;
    let before = binder.keys().clone();
    binder.switch_keys(Arc::new(successor.also_opening(&before)));
    Ok(member_id)
}

/// A member who took over with a recovery key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Takeover {
    /// The member record.
    pub member_id: String,
    /// Their name.
    pub name: String,
    /// The recovery key's label.
    pub with: String,
    /// When (RFC 3339).
    pub at: String,
}

impl Takeover {
    /// "Maria took over as owner using the recovery key “Successor kit (2 of 3)”, 2026-12-01".
    pub fn sentence(&self) -> String {
        format!(
            "{} took over as owner using the recovery key \u{201c}{}\u{201d}, {}",
            self.name,
            self.with,
            self.at.get(..10).unwrap_or(&self.at)
        )
    }
}

/// Every takeover the binder holds, oldest first: read from the log — a member whose role was
/// written by a registered recovery key — not from the member's editable fields, so a
/// takeover that leaves out `took_over_at` is still shown to every member.
pub fn takeovers(binder: &Binder) -> Result<Vec<Takeover>> {
    let authority = binder.store().authority()?;
    let writes = &authority.writes;
    let is_recovery_key = |actor: &str| {
        let id = format!("recovery-{actor}");
        writes.iter().any(|(_, op)| op.id == id)
    };
    let mut out: Vec<Takeover> = Vec::new();
    for (change, op) in writes.iter() {
        if !op.id.starts_with("member-")
            || op.field != "role"
            || out.iter().any(|t| t.member_id == op.id)
            || !is_recovery_key(&change.actor)
        {
            continue;
        }
        let Some(member) = binder.store().record(&op.id)?.filter(|m| !m.deleted) else {
            continue;
        };
        let key = binder
            .store()
            .record(&format!("recovery-{}", change.actor))?
            .map(|r| r.text("label"))
            .unwrap_or_default();
        out.push(Takeover {
            name: member.text("name"),
            with: if key.is_empty() {
                member.text("took_over_with")
            } else {
                key
            },
            at: catalog::format_datetime(changelog::hlc_time(change.hlc)),
            member_id: op.id.clone(),
        });
    }
    out.sort_by(|a, b| a.at.cmp(&b.at));
    Ok(out)
}

/// The live successor kits (recovery keys split among holders), newest first.
pub fn kits(binder: &Binder) -> Result<Vec<Record>> {
    let mut kits: Vec<Record> = binder
        .list("recovery", false)?
        .into_iter()
        .filter(|r| !r.text("holders").is_empty())
        .collect();
    kits.sort_by_key(|r| std::cmp::Reverse(r.text("created_at")));
    Ok(kits)
}
