//! The pocket binder: the plan on any phone, offline, as one self-contained HTML file.
//!
//! The page (`ui/pocket/`: its script built into `assets/pocket/pocket.js`, committed) holds two standard age
//! files, base64 in `<script type="application/octet-stream">` blocks:
//! - `cb-key`: the phone copy's own X25519 identity (`AGE-SECRET-KEY-1…`), encrypted with the
//!   phone passphrase (scrypt, [`WORK_FACTOR`]) — made once, when the founder chooses that
//!   passphrase, and kept beside their binder file (`<binder>.pocket`, no secret in the clear);
//! - `cb-data`: the plan the page shows (JSON), encrypted to that identity's public key — so
//!   the copy is rewritten on every save and sync without asking for the passphrase again.
//!
//! In the browser, the passphrase unwraps the identity and the identity opens the plan, with
//! the `age-encryption` npm package bundled into the page. The `age` CLI opens both the same
//! way. The page's Content-Security-Policy allows its own inline script and style (by hash) and
//! `data:` images, nothing else: it cannot load or send anything. Until the passphrase is typed
//! it shows only "Continuity binder — locked": no plan title, company, date or fingerprint is in
//! the file in the clear.

use std::io::Write;
use std::path::{Path, PathBuf};

use age::secrecy::ExposeSecret;
use data_encoding::BASE64;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::catalog::Value;
use crate::file::fsutil;
use crate::log::store::Record;
use crate::plan::binder::Binder;
use crate::plan::{incident, overview};

/// The data format the page reads (in its `cb-pocket-format` meta tag and in the data).
pub const FORMAT: u32 = 1;
/// The scrypt work factor (log2 N) of the phone passphrase: a mid-range phone unlocks in about
/// a second or two (measured in docs/PERFORMANCE.md); the page refuses more than 20.
pub const WORK_FACTOR: u8 = 16;
/// The shortest phone passphrase accepted.
pub const MIN_PASSPHRASE: usize = 8;

pub mod calllog;

const SHELL: &str = include_str!("../../../ui/pocket/shell.html");
const SCRIPT: &str = include_str!("../../../assets/pocket/pocket.js");
const STYLE: &str = include_str!("../../../ui/pocket/pocket.css");

/// What can go wrong making or refreshing the phone copy.
#[derive(Debug, thiserror::Error)]
pub enum PocketError {
    /// The phone passphrase is too short.
    #[error("the phone copy's passphrase needs at least {MIN_PASSPHRASE} characters")]
    ShortPassphrase,
    /// The settings beside the binder cannot be read.
    #[error(
        "the phone copy's settings at {path} cannot be read ({detail}); set up the phone copy again"
    )]
    Settings {
        /// The settings file.
        path: String,
        /// What went wrong.
        detail: String,
    },
    /// Writing a file failed.
    #[error("could not write {path}: {source}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// No phone copy is set up for this binder.
    #[error(
        "no phone copy is set up for this binder; make one with `binder export pocket -o FILE` or the app's Phone copy screen"
    )]
    NotSetUp,
}

/// The phone copy's settings, kept beside the binder file (`<binder>.pocket`): where the copy
/// goes and its key — the public half, and the secret half encrypted with the phone passphrase.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PocketSettings {
    /// Where the phone copy is written (a folder the phone syncs).
    pub target: PathBuf,
    /// The public key (`age1…`) the plan is encrypted to.
    pub recipient: String,
    /// The identity, as an age file encrypted with the phone passphrase, in base64.
    pub wrapped_identity: String,
    /// The public half of the key the phone signs its call logs with (hex), derived from the
    /// identity ([`calllog::signing_key`]); empty for a phone copy set up before phones
    /// recorded calls.
    #[serde(default)]
    pub signing_key: String,
}

/// Where a binder's phone copy settings are kept.
pub fn settings_path(binder_path: &Path) -> PathBuf {
    let mut name = binder_path.as_os_str().to_owned();
    name.push(".pocket");
    PathBuf::from(name)
}

/// The phone copy settings of the binder at `binder_path`, if it has a phone copy.
pub fn settings(binder_path: &Path) -> Result<Option<PocketSettings>, PocketError> {
    let path = settings_path(binder_path);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(PocketError::Settings {
                path: path.display().to_string(),
                detail: e.to_string(),
            });
        }
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| PocketError::Settings {
            path: path.display().to_string(),
            detail: e.to_string(),
        })
}

/// Chooses the phone copy's passphrase and place: makes its key (the identity wrapped with the
/// passphrase), keeps the settings beside the binder and writes the copy. Returns the settings.
pub fn set_up(
    binder: &Binder,
    passphrase: &SecretString,
    target: &Path,
) -> crate::Result<PocketSettings> {
    if passphrase.expose_secret().chars().count() < MIN_PASSPHRASE {
        return Err(PocketError::ShortPassphrase.into());
    }
    let identity = age::x25519::Identity::generate();
    let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
    recipient.set_work_factor(WORK_FACTOR);
    let wrapped = encrypt(
        &recipient,
        identity.to_string().expose_secret().as_bytes(),
        target,
    )?;
    let settings = PocketSettings {
        target: target.to_path_buf(),
        recipient: identity.to_public().to_string(),
        wrapped_identity: BASE64.encode(&wrapped),
        signing_key: calllog::verifying_key_hex(&identity),
    };
    let path = settings_path(binder.path());
    let json = serde_json::to_vec_pretty(&settings).map_err(std::io::Error::other);
    json.and_then(|j| fsutil::write_atomic(&path, &j, true))
        .map_err(|source| PocketError::Write {
            path: path.display().to_string(),
            source,
        })?;
    write(binder, &settings)?;
    Ok(settings)
}

/// Stops keeping a phone copy (the copy already written stays where it is).
pub fn stop(binder_path: &Path) -> Result<(), PocketError> {
    match std::fs::remove_file(settings_path(binder_path)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(PocketError::Write {
            path: settings_path(binder_path).display().to_string(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// Rewrites the phone copy if this binder has one (no passphrase needed): after every save and
/// sync. Returns where it was written.
pub fn refresh(binder: &Binder) -> crate::Result<Option<PathBuf>> {
    let Some(settings) = settings(binder.path())? else {
        return Ok(None);
    };
    write(binder, &settings)?;
    Ok(Some(settings.target))
}

/// For [`Binder::set_after_save`]: rewrites the phone copy, if there is one, after every save
/// and sync; says why when it cannot.
pub fn after_save(binder: &Binder) -> Option<String> {
    refresh(binder)
        .err()
        .map(|e| format!("the phone copy was not rewritten: {e}"))
}

fn encrypt(recipient: &dyn age::Recipient, plain: &[u8], target: &Path) -> crate::Result<Vec<u8>> {
    let io = |source| PocketError::Write {
        path: target.display().to_string(),
        source,
    };
    let encryptor = age::Encryptor::with_recipients(std::iter::once(recipient))
        .map_err(|e| io(std::io::Error::other(e.to_string())))?;
    let mut sealed = Vec::new();
    let mut writer = encryptor.wrap_output(&mut sealed).map_err(io)?;
    writer.write_all(plain).map_err(io)?;
    writer.finish().map_err(io)?;
    Ok(sealed)
}

/// Writes the phone copy for `settings`.
fn write(binder: &Binder, settings: &PocketSettings) -> crate::Result<()> {
    let html = page(binder, settings)?;
    fsutil::write_atomic(&settings.target, html.as_bytes(), false).map_err(|source| {
        PocketError::Write {
            path: settings.target.display().to_string(),
            source,
        }
    })?;
    Ok(())
}

/// The page: the shell with the script, the style, the key and the plan encrypted to it.
pub fn page(binder: &Binder, settings: &PocketSettings) -> crate::Result<String> {
    let data = data(binder)?;
    let json = serde_json::to_vec(&data).map_err(|e| PocketError::Write {
        path: settings.target.display().to_string(),
        source: std::io::Error::other(e),
    })?;
    let recipient: age::x25519::Recipient =
        settings
            .recipient
            .parse()
            .map_err(|e: &str| PocketError::Settings {
                path: settings_path(binder.path()).display().to_string(),
                detail: format!("its public key does not read ({e})"),
            })?;
    let sealed = encrypt(&recipient, &json, &settings.target)?;
    let hash = |text: &str| format!("sha256-{}", BASE64.encode(&Sha256::digest(text.as_bytes())));
    let script = SCRIPT.replace("</script", "<\\/script");
    Ok(fill(
        SHELL,
        &[
            ("FORMAT", &FORMAT.to_string()),
            ("NEEDS", env!("CARGO_PKG_VERSION")),
            ("SCRIPT_HASH", &hash(SCRIPT)),
            ("STYLE_HASH", &hash(STYLE)),
            ("KEY", &settings.wrapped_identity),
            ("DATA", &BASE64.encode(&sealed)),
            ("STYLE", STYLE),
            ("SCRIPT", &script),
        ],
    ))
}

/// `shell` with each `{{NAME}}` replaced by its value, in one pass: what goes in is never
/// read again for placeholders, so a plan titled `{{SCRIPT}}` (or a script that happens to
/// hold `{{DATA}}`) stays what it is. A `{{…}}` that names no value is left as it is.
fn fill(shell: &str, values: &[(&str, &str)]) -> String {
    let mut out =
        String::with_capacity(shell.len() + values.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = shell;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let value = after.find("}}").and_then(|end| {
            let name = &after[..end];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, end + 2))
        });
        match value {
            Some((value, skip)) => {
                out.push_str(value);
                rest = &after[skip..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A person as the page shows them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PocketPerson {
    /// Name.
    pub name: String,
    /// Job title.
    pub job_title: String,
    /// Organisation.
    pub org: String,
    /// Phones, the one to dial first first.
    pub phones: Vec<String>,
    /// E-mail addresses.
    pub emails: Vec<String>,
}

/// One role of the call list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PocketCall {
    /// Role name.
    pub role: String,
    /// Who to call first.
    pub primary: Option<PocketPerson>,
    /// Who if they do not answer.
    pub backup: Option<PocketPerson>,
}

/// Everything the page shows: the incident home and the plan, read-only.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PocketData {
    /// [`FORMAT`].
    pub format: u32,
    /// The app version that reads it.
    pub needs: String,
    /// The plan's title.
    pub title: String,
    /// The organisation.
    pub organisation: String,
    /// When the copy was made ("2026-12-01 14:02"), local time.
    pub as_of: String,
    /// The binder's fingerprint when the copy was made.
    pub fingerprint: String,
    /// Activation levels, by rank.
    pub levels: Vec<serde_json::Value>,
    /// Whom to call, in order.
    pub calls: Vec<PocketCall>,
    /// Checklists with their steps.
    pub checklists: Vec<serde_json::Value>,
    /// Message templates.
    pub templates: Vec<serde_json::Value>,
    /// Contacts.
    pub contacts: Vec<PocketPerson>,
    /// Vendors.
    pub vendors: Vec<serde_json::Value>,
    /// The plan's sections, in order.
    pub sections: Vec<serde_json::Value>,
    /// The open incident's call tree, to record calls on the phone (None when none is open).
    #[serde(default)]
    pub call_tree: Option<PocketTree>,
}

/// What the phone needs to record calls for the open incident and seal them for the laptops.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PocketTree {
    /// The binder's id (the call log names it).
    pub binder: String,
    /// The incident's id and title.
    pub incident: String,
    /// Its title.
    pub title: String,
    /// Whose phone copy this is (the log says who recorded).
    pub by: String,
    /// The members' public keys (`age1…`): the log is encrypted to them.
    pub recipients: Vec<String>,
    /// The call tree as it stood when the copy was written (`incident::CallTreeState`).
    pub tree: serde_json::Value,
    /// The incident's checklist runs, by checklist id: a step ticked on the phone goes into
    /// the call log as a tick of that run.
    #[serde(default)]
    pub runs: std::collections::BTreeMap<String, String>,
}

fn list(r: &Record, field: &str) -> Vec<String> {
    match r.fields.get(field) {
        Some(Value::List(items)) => items.clone(),
        Some(v) => {
            let t = v.display();
            if t.is_empty() { Vec::new() } else { vec![t] }
        }
        None => Vec::new(),
    }
}

fn fields(r: &Record, names: &[&str]) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for n in names {
        map.insert((*n).to_string(), r.text(n).into());
    }
    serde_json::Value::Object(map)
}

fn by_position(records: &mut [Record]) {
    records.sort_by_key(|r| r.text("position").parse::<i64>().unwrap_or(i64::MAX));
}

/// What the page shows, read from the binder.
pub fn data(binder: &Binder) -> crate::Result<PocketData> {
    let mut levels = binder.list("level", false)?;
    levels.sort_by_key(|l| l.text("rank").parse::<i64>().unwrap_or(i64::MAX));
    let title = binder
        .plan_record()?
        .map(|p| p.title())
        .unwrap_or_else(|| "Continuity plan".into());
    let of = |kind: &str, names: &[&str]| -> crate::Result<Vec<serde_json::Value>> {
        Ok(binder
            .list(kind, false)?
            .iter()
            .map(|r| fields(r, names))
            .collect())
    };
    Ok(PocketData {
        format: FORMAT,
        needs: env!("CARGO_PKG_VERSION").to_string(),
        title,
        organisation: binder.organisation()?,
        as_of: chrono::Local::now().format("%Y-%m-%d %H:%M").to_string(),
        fingerprint: binder.fingerprint()?,
        levels: levels
            .iter()
            .map(|l| {
                fields(
                    l,
                    &["name", "criteria", "response_time", "authority", "steps"],
                )
            })
            .collect(),
        calls: calls(binder)?,
        checklists: checklists(binder)?,
        templates: of("template", &["name", "subject", "body"])?,
        contacts: binder.list("contact", false)?.iter().map(person).collect(),
        vendors: of(
            "vendor",
            &[
                "name",
                "service",
                "support_phone",
                "support_email",
                "support_url",
                "account_id",
                "sla",
            ],
        )?,
        sections: sections(binder)?,
        call_tree: pocket_tree(binder)?,
    })
}

/// The open incident's call tree and what sealing a call log needs, if an incident is open.
fn pocket_tree(binder: &Binder) -> crate::Result<Option<PocketTree>> {
    let Some(open) = incident::current(binder)? else {
        return Ok(None);
    };
    let state = incident::state(binder, &open.id, chrono::Utc::now())?;
    let runs = state
        .runs
        .iter()
        .map(|r| (r.checklist_id.clone(), r.run_id.clone()))
        .collect();
    Ok(Some(PocketTree {
        binder: binder.binder_id()?,
        incident: open.id.clone(),
        title: open.title(),
        by: binder.keys().name().to_string(),
        recipients: binder.recipients()?.iter().map(|r| r.to_string()).collect(),
        runs,
        tree: serde_json::to_value(&state.call_tree).map_err(|e| PocketError::Write {
            path: "the phone copy".into(),
            source: std::io::Error::other(e),
        })?,
    }))
}

/// A contact as the page shows it.
fn person(r: &Record) -> PocketPerson {
    PocketPerson {
        name: r.title(),
        job_title: r.text("job_title"),
        org: r.text("org"),
        phones: list(r, "phones"),
        emails: list(r, "emails"),
    }
}

/// Whom to call, role by role, with the primary's and backup's contact cards.
fn calls(binder: &Binder) -> crate::Result<Vec<PocketCall>> {
    let contact = |id: &str| binder.record(id).ok().map(|r| person(&r));
    Ok(overview::call_list(binder)?
        .into_iter()
        .map(|c| PocketCall {
            role: c.role,
            primary: c.primary.and_then(|p| contact(&p.id)),
            backup: c.backup.and_then(|p| contact(&p.id)),
        })
        .collect())
}

/// Every checklist in order with its steps.
fn checklists(binder: &Binder) -> crate::Result<Vec<serde_json::Value>> {
    let mut checklists = binder.list("checklist", false)?;
    by_position(&mut checklists);
    let mut items = binder.list("item", false)?;
    by_position(&mut items);
    Ok(checklists
        .iter()
        .map(|c| {
            let steps: Vec<serde_json::Value> = items
                .iter()
                .filter(|i| i.text("checklist") == c.id)
                .map(|i| {
                    let mut step = fields(i, &["text", "owner", "window"]);
                    step["id"] = i.id.clone().into();
                    step
                })
                .collect();
            serde_json::json!({"id": c.id, "title": c.title(), "phase": c.text("phase"), "steps": steps})
        })
        .collect())
}

/// The plan's sections in order, each with how deep it is nested.
fn sections(binder: &Binder) -> crate::Result<Vec<serde_json::Value>> {
    let mut sections = binder.list("section", false)?;
    by_position(&mut sections);
    let depth = |s: &Record| {
        let mut d = 1;
        let mut parent = s.text("parent");
        while !parent.is_empty() && d < 8 {
            d += 1;
            parent = sections
                .iter()
                .find(|p| p.id == parent)
                .map(|p| p.text("parent"))
                .unwrap_or_default();
        }
        d
    };
    Ok(sections
        .iter()
        .map(|s| serde_json::json!({"title": s.title(), "body": s.text("body"), "depth": depth(s)}))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file::keys::Keys;

    /// The placeholders the shell holds, read from the shell itself.
    fn placeholders() -> Vec<&'static str> {
        let mut names: Vec<&str> = SHELL
            .split("{{")
            .skip(1)
            .filter_map(|rest| rest.split_once("}}").map(|(name, _)| name))
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    #[test]
    fn placeholders_are_filled_in_one_pass() {
        // Each value names a placeholder: none is read again.
        let values = [("A", "{{B}}"), ("B", "{{A}}{{C}}"), ("C", "{{")];
        assert_eq!(
            fill("<{{A}}|{{B}}|{{C}}{{C}}|{{D}}|{{A", &values),
            "<{{B}}|{{A}}{{C}}|{{{{|{{D}}|{{A"
        );
        assert_eq!(fill("no placeholder", &values), "no placeholder");
    }

    /// Issue 24: a plan titled `{{SCRIPT}}` put the whole script into the title, and the
    /// other names garbled the page the same way. (The title is no longer in the shell, but
    /// the plan is still named after each placeholder, in case it comes back.)
    #[test]
    fn a_plan_named_after_a_placeholder_leaves_the_page_whole() {
        let dir = tempfile::tempdir().unwrap();
        let settings = PocketSettings {
            target: dir.path().join("phone.html"),
            recipient: age::x25519::Identity::generate().to_public().to_string(),
            wrapped_identity: BASE64.encode(b"the wrapped identity"),
            signing_key: String::new(),
        };
        let script = SCRIPT.replace("</script", "<\\/script");
        let names = placeholders();
        assert!(
            names.contains(&"SCRIPT") && names.contains(&"DATA"),
            "{names:?}"
        );
        for name in names {
            let path = dir.path().join(format!("{name}.binder"));
            let mut b = Binder::create(
                &path,
                Keys::generate("Ann"),
                crate::plan::binder::Start::Empty,
            )
            .unwrap();
            let title = format!("{{{{{name}}}}}");
            b.add(
                "plan",
                &[
                    ("title".into(), title.clone()),
                    ("organisation".into(), title.clone()),
                ],
            )
            .unwrap();
            let html = page(&b, &settings).unwrap();
            assert_eq!(html.matches(script.as_str()).count(), 1, "{name}");
            assert_eq!(html.matches(STYLE).count(), 1, "{name}");
            assert_eq!(html.matches("<script").count(), 3, "{name}");
            assert_eq!(
                html.matches(settings.wrapped_identity.as_str()).count(),
                1,
                "{name}"
            );
            assert!(
                !html.contains(&title),
                "{name}: the title is not in the clear"
            );
            // The shell's text around the placeholders is all there, in order.
            let mut rest = html.as_str();
            for piece in SHELL
                .split("{{")
                .map(|p| p.split_once("}}").map_or(p, |(_, t)| t))
            {
                let at = rest
                    .find(piece)
                    .unwrap_or_else(|| panic!("{name}: {piece:?} missing or out of order"));
                rest = &rest[at + piece.len()..];
            }
        }
    }
}
