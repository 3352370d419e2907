//! The call log a phone copy saves: the call attempts and ticks a founder recorded on the phone
//! during an incident, signed with the phone copy's own key and encrypted (age) to the binder's
//! members, so any founder's laptop can open it and nobody else can.
//!
//! The file is an age file holding `{"body": "<JSON text>", "signature": "<hex>"}`: the
//! signature (Ed25519) is over the body's bytes exactly as written, so nothing has to be put in a
//! canonical form on either side. The phone copy's signing key is derived from its age identity
//! (`SHA-256(DERIVATION ‖ "AGE-SECRET-KEY-1…")` as the Ed25519 seed), so the page needs nothing
//! new to unlock, and the laptop keeps its public half in the phone copy's settings.
//!
//! The phone's key may only add call attempts and ticks to incidents: a file that holds
//! anything else, names another binder, or is not signed by this binder's phone copy is refused
//! whole, with the reason, and changes nothing. What is taken is committed as a change set of
//! the founder who imports it (signed by their key, merged by the others like any change), with
//! "(phone)" after the name of whoever recorded it.

use chrono::DateTime;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{PocketError, settings};
use crate::catalog::{self, FieldType, NoReferences};
use crate::file::keys::parse_verifying_key;
use crate::file::vault;
use crate::log::changelog::hex;
use crate::log::ops::{new_authored_id, text_ops};
use crate::plan::binder::Binder;
use crate::{Error, Result};

/// What the seed of the phone copy's signing key is derived with.
pub const DERIVATION: &str = "continuity-binder pocket signing key v1\n";
/// What a call log says it is.
pub const LOG_KIND: &str = "continuity-binder call log";
/// The largest call log read (a night of calls is a few kilobytes).
const MAX_LOG: usize = 1 << 20;

/// The phone copy's signing key, from its age identity.
pub fn signing_key(identity: &age::x25519::Identity) -> SigningKey {
    let secret = identity.to_string();
    let mut hash = Sha256::new();
    hash.update(DERIVATION.as_bytes());
    hash.update(secret.expose_secret().trim().as_bytes());
    SigningKey::from_bytes(&hash.finalize().into())
}

/// The phone copy's public signing key, in hex, as its settings keep it.
pub fn verifying_key_hex(identity: &age::x25519::Identity) -> String {
    hex(signing_key(identity).verifying_key().as_bytes())
}

/// The file as sealed.
#[derive(Debug, Serialize, Deserialize)]
pub struct Sealed {
    /// The log, as JSON text.
    pub body: String,
    /// Ed25519 over the body's bytes, in hex.
    pub signature: String,
}

/// The log itself.
#[derive(Debug, Serialize, Deserialize)]
pub struct Body {
    /// [`LOG_KIND`].
    pub kind: String,
    /// 1.
    pub format: u32,
    /// The binder it was recorded for.
    pub binder: String,
    /// Who recorded it (the founder whose phone copy it is).
    pub by: String,
    /// What was recorded, oldest first.
    pub entries: Vec<LogEntry>,
}

/// One thing recorded on the phone.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LogEntry {
    /// `attempt` or `tick`; anything else is refused.
    pub kind: String,
    /// The fields, as the catalog names them (incident, contact, role, via, outcome, at, note;
    /// for a tick: run, item, step, done, at, note).
    pub fields: std::collections::BTreeMap<String, String>,
}

/// What importing a call log did.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CallLogReport {
    /// Who recorded it.
    pub by: String,
    /// Call attempts added.
    pub attempts: usize,
    /// Ticks added.
    pub ticks: usize,
    /// Entries already in the binder (the same log imported before, or by another founder).
    pub already: usize,
}

fn refused(why: impl Into<String>) -> Error {
    Error::CallLog(why.into())
}

/// Opens, checks and merges a call log saved by this binder's phone copy. Everything in it is
/// checked before anything is written: one bad entry refuses the whole file.
pub fn import(binder: &mut Binder, file: &[u8]) -> Result<CallLogReport> {
    if file.len() > MAX_LOG {
        return Err(refused(format!(
            "the file is {} KiB; a call log is a few kilobytes — is this the right file?",
            file.len() / 1024
        )));
    }
    let keys = binder.keys().clone();
    let plain = vault::decrypt(file, &keys.age_identities(), "the call log").map_err(|_| {
        refused("it does not open with your key: it is not a call log from this binder's phone copy, or it is damaged")
    })?;
    let sealed: Sealed = serde_json::from_slice(&plain)
        .map_err(|_| refused("it opens, but holds no call log (is it a phone copy's call log?)"))?;
    let settings = settings(binder.path())?.ok_or(PocketError::NotSetUp)?;
    let key = parse_verifying_key(&settings.signing_key).ok_or_else(|| {
        refused("this binder's phone copy was set up before phones could record calls; set up the phone copy again (Phone copy screen) and record on the new copy")
    })?;
    let signature = data_encoding::HEXLOWER
        .decode(sealed.signature.as_bytes())
        .ok()
        .and_then(|b| Signature::from_slice(&b).ok())
        .ok_or_else(|| refused("its signature is missing or malformed"))?;
    key.verify(sealed.body.as_bytes(), &signature).map_err(|_| {
        refused("its signature is not this binder's phone copy's: it was changed after the phone saved it, or made elsewhere")
    })?;
    let body: Body = serde_json::from_str(&sealed.body)
        .map_err(|e| refused(format!("its contents do not read ({e})")))?;
    if body.kind != LOG_KIND || body.format != 1 {
        return Err(refused(format!(
            "it is a \"{}\" of format {}, not a call log this version reads",
            body.kind, body.format
        )));
    }
    if body.binder != binder.binder_id()? {
        return Err(refused(
            "it was recorded for another binder (its phone copy is not this one's)",
        ));
    }
    let by = format!("{} (phone)", body.by.trim());
    let mut ops = Vec::new();
    let mut report = CallLogReport {
        by: by.clone(),
        ..CallLogReport::default()
    };
    let actor = binder.actor().ok_or(Error::CannotSign)?;
    for (n, entry) in body.entries.iter().enumerate() {
        let fields = checked(binder, entry, &by).map_err(|why| {
            refused(format!(
                "entry {} ({}): {why}; nothing was taken",
                n + 1,
                entry.kind
            ))
        })?;
        if already_there(binder, &entry.kind, &fields)? {
            report.already += 1;
            continue;
        }
        match entry.kind.as_str() {
            "attempt" => report.attempts += 1,
            _ => report.ticks += 1,
        }
        let id = new_authored_id(catalog::kind(&entry.kind)?, &actor);
        ops.extend(text_ops(&entry.kind, &id, fields));
    }
    if !ops.is_empty() {
        binder.commit(ops)?;
    }
    Ok(report)
}

/// The fields of one entry, checked against the catalog and the binder: only an attempt or a
/// tick, on an incident that exists, with every field valid; `by` is set by the log.
fn checked(
    binder: &Binder,
    entry: &LogEntry,
    by: &str,
) -> std::result::Result<Vec<(&'static str, String)>, String> {
    let allowed: &[&str] = match entry.kind.as_str() {
        "attempt" => &[
            "incident", "contact", "role", "via", "outcome", "at", "note", "person",
        ],
        "tick" => &["run", "item", "step", "done", "at", "note"],
        other => {
            return Err(format!(
                "the phone copy may only add call attempts and ticks, and this is a \"{other}\""
            ));
        }
    };
    let def = catalog::kind(&entry.kind).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for (name, value) in &entry.fields {
        let Some(field) = allowed.iter().find(|a| **a == name.as_str()) else {
            return Err(format!("a phone may not set \"{name}\""));
        };
        let def_field = def.require_field(field).map_err(|e| e.to_string())?;
        match def_field.ty {
            FieldType::Ref(kind) => {
                if binder.record(value).map(|r| r.kind != kind).unwrap_or(true) {
                    let a = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
                        "an"
                    } else {
                        "a"
                    };
                    return Err(format!(
                        "it names {a} {kind} this binder does not have ({value})"
                    ));
                }
            }
            _ => {
                def_field
                    .parse(value, &NoReferences)
                    .map_err(|e| e.to_string())?;
            }
        }
        if !value.trim().is_empty() {
            out.push((*field, value.trim().to_string()));
        }
    }
    out.push(("by", by.to_string()));
    if DateTime::parse_from_rfc3339(&get(&out, "at")).is_err() {
        return Err("it has no time".into());
    }
    let incident_id = if entry.kind == "attempt" {
        get(&out, "incident")
    } else {
        let run = binder
            .record(&get(&out, "run"))
            .map_err(|e| e.to_string())?;
        run.text("incident")
    };
    let incident = binder
        .record(&incident_id)
        .map_err(|_| format!("it names an incident this binder does not have ({incident_id})"))?;
    if incident.kind != "incident" {
        return Err("it names something that is not an incident".into());
    }
    if entry.kind == "attempt" {
        let contact = binder
            .record(&get(&out, "contact"))
            .map_err(|_| "it names a contact this binder does not have".to_string())?;
        if get(&out, "person").is_empty() {
            out.push(("person", contact.title()));
        }
    }
    for required in def.fields().filter(|f| f.required) {
        if get(&out, required.name).is_empty() {
            return Err(format!("it has no {}", required.label.to_lowercase()));
        }
    }
    Ok(out)
}

fn get(fields: &[(&'static str, String)], name: &str) -> String {
    fields
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// Whether the same entry (same kind, time, fields) is in the binder already.
fn already_there(binder: &Binder, kind: &str, fields: &[(&'static str, String)]) -> Result<bool> {
    Ok(binder.list(kind, false)?.iter().any(|r| {
        fields
            .iter()
            .filter(|(n, _)| *n != "by")
            .all(|(n, v)| r.text(n) == *v)
    }))
}

/// Seals a log as the phone page does: for tests and for `binder` itself to check the page's
/// format against (the page's own code is TypeScript, `ui/pocket/`).
pub fn seal(
    body: &Body,
    identity: &age::x25519::Identity,
    recipients: &[age::x25519::Recipient],
) -> Result<Vec<u8>> {
    let text = serde_json::to_string(body).map_err(|e| refused(e.to_string()))?;
    let signature = signing_key(identity).sign(text.as_bytes());
    let sealed = Sealed {
        body: text,
        signature: hex(&signature.to_bytes()),
    };
    let json = serde_json::to_vec(&sealed).map_err(|e| refused(e.to_string()))?;
    let dyns: Vec<&dyn age::Recipient> = recipients
        .iter()
        .map(|r| r as &dyn age::Recipient)
        .collect();
    let encryptor =
        age::Encryptor::with_recipients(dyns.into_iter()).map_err(|e| refused(e.to_string()))?;
    let mut out = Vec::new();
    let io = |e: std::io::Error| refused(e.to_string());
    let mut w = encryptor.wrap_output(&mut out).map_err(io)?;
    std::io::Write::write_all(&mut w, &json).map_err(io)?;
    w.finish().map_err(io)?;
    Ok(out)
}
