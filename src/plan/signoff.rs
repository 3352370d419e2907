//! Plan review and sign-off: an owner signs "reviewed" or "approved" for the plan as it is at
//! that moment.
//!
//! What is signed is the **plan hash** (SHA-256, shown to people as the short plan fingerprint):
//! a hash of every field of every plan record (not incidents, not members, not verification
//! stamps or the review bookkeeping itself), so marking
//! a contact verified or running an incident does not undo an approval, but changing a phone
//! number does. The signature (Ed25519, by the signer's own key, opened again from the identity
//! file with the passphrase typed at that moment) covers the binder, that fingerprint, the
//! meaning, the name, the role and the time. [`check`] re-verifies each signature and says
//! whether the plan still matches it, and what changed since.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{DateTime, Utc};
use ed25519_dalek::{Signature, Signer, Verifier};
use secrecy::SecretString;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::catalog::{self, KINDS, format_datetime};
use crate::file::keys::Keys;
use crate::log::changelog::{self, parse_verifying_key};
use crate::log::ops::{new_authored_id, text_ops};
use crate::log::store::Record;
use crate::plan::binder::Binder;
use crate::{Error, Result};

/// Whether a change to `kind`.`field` changes the plan as signed: a field of the plan that says
/// what the plan is, not *that* it was checked (the catalog marks those as bookkeeping).
fn signed_field(kind: &str, field: &str) -> bool {
    catalog::kind(kind)
        .is_ok_and(|k| k.group.is_plan() && k.field(field).is_none_or(|f| !f.bookkeeping))
}

/// The plan fingerprint people read and compare: `XXXX-XXXX-XXXX`, the start of [`plan_hash`].
pub fn plan_fingerprint(binder: &Binder) -> Result<String> {
    Ok(short(&plan_hash(binder)?))
}

fn short(hash_hex: &str) -> String {
    let bytes = data_encoding::HEXLOWER
        .decode(hash_hex.as_bytes())
        .unwrap_or_default();
    changelog::human_hash(&bytes)
}

/// The plan hash a signature covers: SHA-256 (hex) over every signed field of every live plan
/// record — kind, id, field and stored value, each length-prefixed, in that order.
pub fn plan_hash(binder: &Binder) -> Result<String> {
    binder.derived("plan hash", hash_now)
}

/// The plan's hash read afresh from every plan field (what [`plan_hash`] does after a change).
fn hash_now(binder: &Binder) -> Result<String> {
    let kinds: Vec<&str> = KINDS
        .iter()
        .filter(|k| k.group.is_plan())
        .map(|k| k.name)
        .collect();
    let bookkeeping: std::collections::HashSet<(&str, &str)> = KINDS
        .iter()
        .flat_map(|k| {
            k.fields()
                .filter(|f| f.bookkeeping)
                .map(|f| (k.name, f.name))
        })
        .collect();
    let mut h = Sha256::new();
    binder
        .store()
        .each_live_field(&kinds, |kind, id, field, value| {
            if field != catalog::DELETED_FIELD && !bookkeeping.contains(&(kind, field)) {
                for part in [kind, id, field, value] {
                    h.update((part.len() as u64).to_le_bytes());
                    h.update(part.as_bytes());
                }
            }
        })?;
    Ok(changelog::hex(&h.finalize()))
}

/// The bytes a sign-off signature covers.
fn message(
    binder_id: &str,
    hash: &str,
    meaning: &str,
    name: &str,
    role: &str,
    at: &str,
) -> Vec<u8> {
    format!(
        "continuity-binder signoff v1\nbinder {binder_id}\nplan {hash}\nmeaning {meaning}\nname {name}\nrole {role}\nat {at}\n"
    )
    .into_bytes()
}

/// "reviewed" or "approved", from what a person typed (checked before any key work).
fn meaning_of(text: &str) -> Result<String> {
    catalog::kind("signoff")?
        .require_field("meaning")?
        .parse(text, &catalog::NoReferences)?
        .map(|v| v.display())
        .ok_or_else(|| {
            catalog::FieldError::Required {
                kind: "signoff",
                field: "meaning",
            }
            .into()
        })
}

/// Signs the plan as it is now. `identity` and `passphrase` are opened again here — an unlocked
/// session is not enough — and must be the identity the binder is open with. Owners may sign
/// "approved"; owners and editors "reviewed". Returns the sign-off's id.
pub fn sign(
    binder: &mut Binder,
    identity: &Path,
    passphrase: SecretString,
    meaning: &str,
    role: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    let meaning = meaning_of(meaning)?;
    let keys = Keys::open_identity_file(identity, || Ok(passphrase))?;
    sign_with(binder, &keys, &meaning, role, now)
}

/// Signs with keys the caller has **just** opened from the identity file with the passphrase
/// typed for this signature (the app opens them off the UI thread, then calls this). Checks they
/// are the keys the binder is open with; see [`sign`].
pub fn sign_with(
    binder: &mut Binder,
    keys: &Keys,
    meaning: &str,
    role: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    let meaning = meaning_of(meaning)?;
    if keys.recipient() != binder.keys().recipient() {
        return Err(Error::OtherIdentity);
    }
    let signing = keys.signing_key().ok_or(Error::CannotSign)?;
    let actor = changelog::actor_id_in(&binder.binder_id()?, &signing.verifying_key());
    let may = matches!(
        (binder.role_of(&actor)?.as_deref(), meaning.as_str()),
        (Some("owner"), _) | (Some("editor"), "reviewed")
    );
    if !may {
        return Err(Error::MaySign {
            who: if meaning == "approved" {
                "an owner"
            } else {
                "an owner or an editor"
            },
            meaning,
        });
    }
    let hash = plan_hash(binder)?;
    let at = format_datetime(now);
    let name = keys.name().to_string();
    let role = role.split_whitespace().collect::<Vec<_>>().join(" ");
    let binder_id = binder.binder_id()?;
    let signature = signing.sign(&message(&binder_id, &hash, &meaning, &name, &role, &at));
    let id = new_authored_id(catalog::kind("signoff")?, &actor);
    let mut fields = vec![
        ("name", name.clone()),
        ("meaning", meaning.clone()),
        ("at", at),
        ("plan_fingerprint", short(&hash)),
        ("plan_hash", hash),
        (
            "signing_key",
            changelog::hex(signing.verifying_key().as_bytes()),
        ),
        ("signature", changelog::hex(&signature.to_bytes())),
    ];
    if !role.is_empty() {
        fields.push(("role", role.clone()));
    }
    let mut ops = text_ops("signoff", &id, fields);
    if let Some(plan) = binder.plan_record()? {
        let day = now.format("%Y-%m-%d").to_string();
        let mut plan_fields = vec![("last_review", day.clone())];
        if meaning == "approved" {
            let by = if role.is_empty() {
                name
            } else {
                format!("{name}, {role}")
            };
            plan_fields.push(("approved_by", by));
            plan_fields.push(("approved_on", day));
        }
        ops.extend(text_ops("plan", &plan.id, plan_fields));
    }
    binder.commit(ops)?;
    Ok(id)
}

/// How a sign-off stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SignoffStatus {
    /// The signature is good and the plan is as it was signed.
    Matches,
    /// The signature is good but the plan changed since.
    Changed,
    /// The signature does not verify, or the signer is not a member allowed to sign it.
    Invalid,
}

/// One sign-off, checked.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignoffCheck {
    /// Record id.
    pub id: String,
    /// Who signed.
    pub name: String,
    /// Their role, as they gave it.
    pub role: String,
    /// reviewed or approved.
    pub meaning: String,
    /// When (RFC 3339).
    pub at: String,
    /// The plan fingerprint signed.
    pub plan_fingerprint: String,
    /// The verdict.
    pub status: SignoffStatus,
    /// In words.
    pub detail: String,
    /// What changed in the plan since (record · field), newest last, at most 12.
    pub changed_since: Vec<String>,
}

/// Every sign-off, oldest first, checked against its signature, its signer and the plan now,
/// with what changed since each that no longer matches.
pub fn check(binder: &Binder) -> Result<Vec<SignoffCheck>> {
    checked(binder, true)
}

/// Every sign-off checked as by [`check`], without reading the log for what changed since
/// (readiness only needs to know whether each still matches).
pub fn statuses(binder: &Binder) -> Result<Vec<SignoffCheck>> {
    checked(binder, false)
}

fn checked(binder: &Binder, with_changes: bool) -> Result<Vec<SignoffCheck>> {
    let mut signoffs = binder.list("signoff", false)?;
    signoffs.sort_by(|a, b| (a.text("at"), &a.id).cmp(&(b.text("at"), &b.id)));
    if signoffs.is_empty() {
        return Ok(Vec::new());
    }
    let now_hash = plan_hash(binder)?;
    let now = short(&now_hash);
    let binder_id = binder.binder_id()?;
    let mut changes: Option<Vec<changelog::ChangeSet>> = None;
    let members = binder.list("member", true)?;
    let mut out = Vec::new();
    for s in signoffs {
        let (name, role, meaning, at) = (
            s.text("name"),
            s.text("role"),
            s.text("meaning"),
            s.text("at"),
        );
        let hash = s.text("plan_hash");
        let fingerprint = short(&hash);
        let good = signature_holds(&s, &message(&binder_id, &hash, &meaning, &name, &role, &at));
        let signed_by_member = members
            .iter()
            .any(|m| m.text("signing_key") == s.text("signing_key"));
        let (status, detail) = verdict(good, signed_by_member, hash == now_hash);
        let detail = match status {
            SignoffStatus::Matches => {
                format!("{detail}; the plan is as {name} signed it ({fingerprint})")
            }
            SignoffStatus::Changed => format!(
                "{detail}: signed {fingerprint}, now {now}; the plan changed since — review and sign again"
            ),
            SignoffStatus::Invalid => detail.to_string(),
        };
        // What changed since is read from the log only when something did.
        let mut changed_since = Vec::new();
        if with_changes && status == SignoffStatus::Changed {
            let changes = match &changes {
                Some(c) => c,
                None => changes.insert(binder.store().changes()?),
            };
            changed_since = changed_after(binder, changes, &s.id)?;
        }
        out.push(SignoffCheck {
            id: s.id.clone(),
            name,
            role,
            meaning,
            at,
            plan_fingerprint: fingerprint,
            status,
            detail,
            changed_since,
        });
    }
    Ok(out)
}

/// Whether sign-off `s`'s signature is its signing key's over `message`.
fn signature_holds(s: &Record, message: &[u8]) -> bool {
    let key = parse_verifying_key(&s.text("signing_key"));
    let signature = data_encoding::HEXLOWER
        .decode(s.text("signature").as_bytes())
        .ok()
        .and_then(|b| Signature::from_slice(&b).ok());
    match (key, signature) {
        (Some(key), Some(sig)) => key.verify(message, &sig).is_ok(),
        _ => false,
    }
}

/// What a sign-off is worth: a good signature by a member, on the plan as it is now or not.
fn verdict(good: bool, by_member: bool, same_plan: bool) -> (SignoffStatus, &'static str) {
    if !good {
        (
            SignoffStatus::Invalid,
            "the signature does not verify: this sign-off was altered or forged",
        )
    } else if !by_member {
        (
            SignoffStatus::Invalid,
            "signed by a key that is not a member of this binder",
        )
    } else if same_plan {
        (SignoffStatus::Matches, "signature valid")
    } else {
        (
            SignoffStatus::Changed,
            "signature valid, but it does not match the plan as it is now",
        )
    }
}

/// The plan fields changed after the change that wrote sign-off `id` ("contact \"Sam\" · phones").
fn changed_after(
    binder: &Binder,
    changes: &[changelog::ChangeSet],
    id: &str,
) -> Result<Vec<String>> {
    let mut changed_since = Vec::new();
    let signed_at_hlc = changes
        .iter()
        .filter(|c| c.ops.iter().any(|o| o.id == id))
        .map(|c| c.hlc)
        .min();
    if let Some(h) = signed_at_hlc {
        let mut seen = BTreeSet::new();
        let mut later: Vec<_> = changes.iter().filter(|c| c.hlc > h).collect();
        later.sort_by_key(|c| c.hlc);
        'changes: for c in later {
            for op in &c.ops {
                if changed_since.len() >= 12 {
                    break 'changes;
                }
                if signed_field(&op.kind, &op.field)
                    && seen.insert((op.id.clone(), op.field.clone()))
                {
                    let title = binder
                        .title_of(&op.id)?
                        .filter(|t| !t.is_empty())
                        .unwrap_or_else(|| op.id.clone());
                    let field = if op.field == catalog::DELETED_FIELD {
                        "deleted".to_string()
                    } else {
                        catalog::kind(&op.kind)
                            .ok()
                            .and_then(|k| k.field(&op.field))
                            .map(|f| f.label.to_lowercase())
                            .unwrap_or_else(|| op.field.clone())
                    };
                    changed_since.push(format!("{} \"{title}\" · {field}", op.kind));
                }
            }
        }
    }
    Ok(changed_since)
}
