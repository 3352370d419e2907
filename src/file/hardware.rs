//! A member's identity file kept behind a hardware key, through an age plugin
//! (`age-plugin-yubikey`, `age-plugin-se`, `age-plugin-tpm`, or any other `age-plugin-*`).
//!
//! Protected this way, the identity file is an age file encrypted to the key's recipient instead
//! of a passphrase, and beside it `<identity file>.hardware` is a plain age identity file naming
//! the key (`AGE-PLUGIN-…`, no secret: a hardware key's identity only says which key and slot).
//! Opening the identity runs the plugin, which asks for the PIN or a touch through [`age::Callbacks`]
//! — the app's dialog, the CLI's terminal prompt. The same `.hardware` file opens, with the real
//! `age` tool and the plugin on the PATH, whatever was encrypted to the key's recipient.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use zeroize::Zeroizing;

use super::fsutil;
use super::keys::{KeyError, Keys};

/// The plugin programs' common prefix (`age-plugin-<name>`).
pub const PLUGIN_PREFIX: &str = "age-plugin-";
const FILE_HEADER: &str =
    "# Continuity Binder: the identity file beside this one opens with this hardware key.";

/// A key a plugin offers: which plugin, its identity (`AGE-PLUGIN-…`), the recipient files are
/// encrypted to, and what the plugin says about it (serial, slot, policies).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HardwareKey {
    /// The plugin's name (`yubikey` for `age-plugin-yubikey`).
    pub plugin: String,
    /// The plugin identity, `AGE-PLUGIN-<NAME>-1…`.
    pub identity: String,
    /// The recipient encrypted to: a native `age1…` X25519 one, or the plugin's `age1<name>1…`.
    pub recipient: String,
    /// What the plugin printed about the key, one line.
    pub description: String,
}

impl HardwareKey {
    /// Whether anyone can encrypt to this key without the plugin (a native X25519 recipient).
    pub fn native_recipient(&self) -> Option<age::x25519::Recipient> {
        age::x25519::Recipient::from_str(&self.recipient).ok()
    }
}

/// An installed `age-plugin-*` program.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InstalledPlugin {
    /// Its name (`yubikey`).
    pub name: String,
    /// Where it is.
    pub path: String,
}

/// Every `age-plugin-*` program on the PATH, by name, the first of each name.
pub fn installed_plugins() -> Vec<InstalledPlugin> {
    let mut out: Vec<InstalledPlugin> = Vec::new();
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut here: Vec<InstalledPlugin> = entries
            .filter_map(Result::ok)
            .filter(|e| is_executable(&e.path()))
            .filter_map(|e| {
                let file = e.file_name().to_string_lossy().to_string();
                let name = file.strip_prefix(PLUGIN_PREFIX)?;
                let name = name.strip_suffix(".exe").unwrap_or(name);
                (!name.is_empty() && !out.iter().any(|p| p.name == name)).then(|| InstalledPlugin {
                    name: name.to_string(),
                    path: e.path().display().to_string(),
                })
            })
            .collect();
        here.sort_by(|a, b| a.name.cmp(&b.name));
        here.dedup_by(|a, b| a.name == b.name);
        out.extend(here);
    }
    out
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// How to install the plugin named `plugin`, for a message.
pub fn install_hint(plugin: &str) -> String {
    match plugin {
        "yubikey" => "install it with `cargo install age-plugin-yubikey` (and `pcscd` on Linux), or from your package manager".into(),
        "se" => "install it on a Mac with `brew install age-plugin-se`".into(),
        "tpm" => "install age-plugin-tpm from your package manager or its releases".into(),
        other => format!("install {PLUGIN_PREFIX}{other} from the key's maker, and make sure it is on the PATH"),
    }
}

/// The keys `plugin` offers now (`age-plugin-<name> --identity`, as age-plugin-yubikey and
/// age-plugin-softkey list them): each identity line with the comment lines above it.
pub fn list_keys(plugin: &str) -> Result<Vec<HardwareKey>, KeyError> {
    let binary = format!("{PLUGIN_PREFIX}{plugin}");
    let output = std::process::Command::new(&binary)
        .arg("--identity")
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => KeyError::PluginMissing {
                binary: binary.clone(),
                hint: install_hint(plugin),
            },
            _ => KeyError::Hardware {
                plugin: plugin.to_string(),
                message: format!("{binary} could not be started: {e}"),
            },
        })?;
    let keys = parse_listing(plugin, &String::from_utf8_lossy(&output.stdout));
    if keys.is_empty() {
        let said = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Err(KeyError::Hardware {
            plugin: plugin.to_string(),
            message: if said.is_empty() {
                format!("{binary} lists no keys: is the key inserted?")
            } else {
                said
            },
        });
    }
    Ok(keys)
}

/// Reads a plugin's identity listing: comment lines describe the identity line after them; a
/// `Recipient:` (or `recipient:`) comment gives its recipient.
pub fn parse_listing(plugin: &str, text: &str) -> Vec<HardwareKey> {
    let prefix = format!("AGE-PLUGIN-{}-", plugin.to_uppercase());
    let mut out = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut recipient = String::new();
    for line in text.lines().map(str::trim) {
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim();
            match comment.split_once(':') {
                Some((label, value)) if label.trim().eq_ignore_ascii_case("recipient") => {
                    recipient = value.trim().to_string();
                }
                _ if !comment.is_empty() => {
                    notes.push(comment.split_whitespace().collect::<Vec<_>>().join(" "))
                }
                _ => {}
            }
        } else if line.starts_with(&prefix) && age::plugin::Identity::from_str(line).is_ok() {
            out.push(HardwareKey {
                plugin: plugin.to_string(),
                identity: line.to_string(),
                recipient: std::mem::take(&mut recipient),
                description: std::mem::take(&mut notes).join(" · "),
            });
        } else if line.is_empty() {
            notes.clear();
            recipient.clear();
        }
    }
    out
}

/// Where the key an identity file is protected by is named.
pub fn key_file(identity: &Path) -> PathBuf {
    let mut name = identity.as_os_str().to_owned();
    name.push(".hardware");
    PathBuf::from(name)
}

/// The hardware key the identity file at `identity` is protected by, if it is (its `.hardware`
/// file is there and the identity file is not a passphrase one).
pub fn protection(identity: &Path) -> Option<HardwareKey> {
    let text = std::fs::read_to_string(key_file(identity)).ok()?;
    let head = std::fs::read(identity).ok()?;
    if !head.starts_with(b"age-encryption.org/") || passphrase_file(&head) {
        return None;
    }
    read_key_file(&text)
}

fn passphrase_file(bytes: &[u8]) -> bool {
    age::Decryptor::new_buffered(bytes).is_ok_and(|d| d.is_scrypt())
}

fn read_key_file(text: &str) -> Option<HardwareKey> {
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("# {name}: ")))
            .map(str::to_string)
            .unwrap_or_default()
    };
    let identity = text
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("AGE-PLUGIN-"))?;
    let parsed = age::plugin::Identity::from_str(identity).ok()?;
    Some(HardwareKey {
        plugin: parsed.plugin().to_string(),
        identity: identity.to_string(),
        recipient: field("recipient"),
        description: field("key"),
    })
}

fn key_file_text(key: &HardwareKey) -> String {
    format!(
        "{FILE_HEADER}\n# It holds no secret. Open a binder with it: age -d -i <this file> <binder>\n# key: {}\n# recipient: {}\n{}\n",
        key.description, key.recipient, key.identity
    )
}

/// Turns what age says about a plugin into a specific [`KeyError`].
fn plugin_error(e: age::DecryptError, key: &HardwareKey, path: &str) -> KeyError {
    let binary = format!("{PLUGIN_PREFIX}{}", key.plugin);
    match e {
        age::DecryptError::MissingPlugin { .. } => KeyError::PluginMissing {
            binary,
            hint: install_hint(&key.plugin),
        },
        age::DecryptError::Plugin(errors) => KeyError::Hardware {
            plugin: key.plugin.clone(),
            message: errors
                .iter()
                .map(|e| plugin_said(&e.to_string()))
                .collect::<Vec<_>>()
                .join(" "),
        },
        age::DecryptError::Io(io)
            if matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionAborted
                    | std::io::ErrorKind::UnexpectedEof
                    | std::io::ErrorKind::BrokenPipe
            ) =>
        {
            KeyError::PluginCrashed(binary)
        }
        age::DecryptError::NoMatchingKeys
        | age::DecryptError::DecryptionFailed
        | age::DecryptError::KeyDecryptionFailed => KeyError::NotThisHardwareKey(path.to_string()),
        // The plugin could not be talked to (not the file's fault: do not call it damaged).
        age::DecryptError::Io(io) => KeyError::Hardware {
            plugin: key.plugin.clone(),
            message: format!("{binary} could not be used: {io}"),
        },
        _ => KeyError::Damaged(path.to_string()),
    }
}

/// What a plugin said, without age's "'age-plugin-x' couldn't use an identity: " before it (age
/// does not export the error's fields, only its text).
fn plugin_said(text: &str) -> String {
    let text: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{2068}' | '\u{2069}'))
        .collect();
    let said = match text.find("couldn't use") {
        Some(at) => text[at..]
            .split_once(": ")
            .map_or(text.as_str(), |(_, m)| m),
        None => text.as_str(),
    };
    said.trim().to_string()
}

/// Decrypts `sealed` (an identity file's bytes) with the hardware key named beside it.
pub(super) fn open_sealed<C: age::Callbacks>(
    sealed: &[u8],
    path: &Path,
    callbacks: C,
) -> Result<Zeroizing<String>, KeyError> {
    let path_text = path.display().to_string();
    let text = std::fs::read_to_string(key_file(path)).map_err(|_| {
        KeyError::NotAnIdentity(format!(
            "{path_text} (it is not protected by a passphrase, and {} naming its hardware key is missing)",
            key_file(path).display()
        ))
    })?;
    let key = read_key_file(&text)
        .ok_or_else(|| KeyError::NotAnIdentity(key_file(path).display().to_string()))?;
    decrypt_with(sealed, &key, &path_text, callbacks)
}

fn decrypt_with<C: age::Callbacks>(
    sealed: &[u8],
    key: &HardwareKey,
    path_text: &str,
    callbacks: C,
) -> Result<Zeroizing<String>, KeyError> {
    let identity = age::plugin::Identity::from_str(&key.identity)
        .map_err(|_| KeyError::NotAnIdentity(path_text.to_string()))?;
    let plugin = age::plugin::IdentityPluginV1::new(&key.plugin, &[identity], callbacks)
        .map_err(|e| plugin_error(e, key, path_text))?;
    let decryptor = age::Decryptor::new_buffered(sealed)
        .map_err(|_| KeyError::Damaged(path_text.to_string()))?;
    let mut reader = decryptor
        .decrypt(std::iter::once(&plugin as &dyn age::Identity))
        .map_err(|e| plugin_error(e, key, path_text))?;
    let mut text = Zeroizing::new(String::new());
    reader
        .read_to_string(&mut text)
        .map_err(|_| KeyError::Damaged(path_text.to_string()))?;
    Ok(text)
}

impl Keys {
    /// Keeps these keys behind `key` instead of a passphrase: the identity file at `path` is
    /// encrypted to the key's recipient and opened once with the key (the PIN or touch asked
    /// through `callbacks`) before anything is replaced, so a key that cannot open it changes
    /// nothing. Then the `.hardware` file is written, then the identity file.
    pub fn protect_with_hardware<C: age::Callbacks>(
        &self,
        path: &Path,
        key: &HardwareKey,
        callbacks: C,
    ) -> Result<(), KeyError> {
        let path_text = path.display().to_string();
        let io_err = |source| KeyError::Io {
            action: "write",
            path: path_text.clone(),
            source,
        };
        let text = self.identity_text();
        let sealed = seal_to(key, text.as_bytes(), callbacks.clone()).map_err(|e| match e {
            SealError::Io(e) => io_err(e),
            SealError::Key(e) => e,
        })?;
        let opened = decrypt_with(&sealed, key, &path_text, callbacks)?;
        if opened.as_str() != text.as_str() {
            return Err(KeyError::NotThisHardwareKey(path_text));
        }
        fsutil::write_atomic(&key_file(path), key_file_text(key).as_bytes(), false)
            .map_err(io_err)?;
        fsutil::write_atomic(path, &sealed, true).map_err(io_err)
    }

    /// Protects the identity file at `path` with a passphrase again, and forgets its hardware key.
    pub fn protect_with_passphrase(
        &self,
        path: &Path,
        passphrase: &age::secrecy::SecretString,
    ) -> Result<(), KeyError> {
        self.change_passphrase(path, passphrase)?;
        match std::fs::remove_file(key_file(path)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(KeyError::Io {
                action: "write",
                path: key_file(path).display().to_string(),
                source: e,
            }),
            _ => Ok(()),
        }
    }
}

enum SealError {
    Io(std::io::Error),
    Key(KeyError),
}

/// Encrypts `plain` to the key's recipient: natively when it is an X25519 one, else through the
/// plugin (which must then be installed).
fn seal_to<C: age::Callbacks>(
    key: &HardwareKey,
    plain: &[u8],
    callbacks: C,
) -> Result<Vec<u8>, SealError> {
    let binary = format!("{PLUGIN_PREFIX}{}", key.plugin);
    let plugin_recipient;
    let native;
    let recipient: &dyn age::Recipient = if let Some(r) = key.native_recipient() {
        native = r;
        &native
    } else {
        let parsed = age::plugin::Recipient::from_str(&key.recipient).map_err(|_| {
            SealError::Key(KeyError::Hardware {
                plugin: key.plugin.clone(),
                message: format!("{binary} gave no recipient to encrypt to for this key"),
            })
        })?;
        let name = parsed.plugin().to_string();
        plugin_recipient = age::plugin::RecipientPluginV1::new(&name, &[parsed], &[], callbacks)
            .map_err(|_| {
                SealError::Key(KeyError::PluginMissing {
                    binary: binary.clone(),
                    hint: install_hint(&key.plugin),
                })
            })?;
        &plugin_recipient
    };
    let encryptor = age::Encryptor::with_recipients(std::iter::once(recipient)).map_err(|e| {
        SealError::Key(KeyError::Hardware {
            plugin: key.plugin.clone(),
            message: format!("{binary} could not encrypt to the key: {e}"),
        })
    })?;
    let mut sealed = Vec::new();
    let mut writer = encryptor.wrap_output(&mut sealed).map_err(SealError::Io)?;
    writer.write_all(plain).map_err(SealError::Io)?;
    writer.finish().map_err(SealError::Io)?;
    Ok(sealed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LISTING: &str = "#       Serial: 1653a3a4, Slot: soft\n#  PIN policy: always\n# Touch policy: never\n#    Recipient: age15n9wwd4vkasss2u7x5l9g37xpeayasyx5parn2udkwrczth2lenqhhjm20\nAGE-PLUGIN-SOFTKEY-1XYMR2VMPXDSNG0NX22E\n";

    #[test]
    fn a_plugin_listing_gives_each_identity_with_its_recipient_and_description() {
        let keys = parse_listing("softkey", LISTING);
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].identity, "AGE-PLUGIN-SOFTKEY-1XYMR2VMPXDSNG0NX22E");
        assert!(keys[0].recipient.starts_with("age15n9"));
        assert!(keys[0].native_recipient().is_some());
        assert_eq!(
            keys[0].description,
            "Serial: 1653a3a4, Slot: soft · PIN policy: always · Touch policy: never"
        );
        assert!(
            parse_listing("yubikey", LISTING).is_empty(),
            "another plugin's identities"
        );
        assert!(parse_listing("softkey", "No soft keys are inserted\n").is_empty());
    }

    #[test]
    fn the_key_file_reads_back_as_written_and_is_an_age_identity_file() {
        let key = parse_listing("softkey", LISTING).remove(0);
        let text = key_file_text(&key);
        assert_eq!(read_key_file(&text), Some(key.clone()));
        let identity_lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(identity_lines, vec![key.identity.as_str()]);
    }

    #[test]
    fn a_missing_plugin_is_named_with_how_to_install_it() {
        let key = HardwareKey {
            plugin: "nosuchkey".into(),
            identity: "AGE-PLUGIN-NOSUCHKEY-1QQQQQQQQQ".into(),
            recipient: String::new(),
            description: String::new(),
        };
        let err = plugin_error(
            age::DecryptError::MissingPlugin {
                binary_name: "age-plugin-nosuchkey".into(),
            },
            &key,
            "id",
        );
        assert!(err.to_string().contains("age-plugin-nosuchkey"), "{err}");
        assert_eq!(
            plugin_said(
                "'\u{2068}age-plugin-softkey\u{2069}' couldn't use an identity: \u{2068}Wrong PIN (2 tries left).\u{2069}"
            ),
            "Wrong PIN (2 tries left)."
        );
        assert!(install_hint("yubikey").contains("cargo install age-plugin-yubikey"));
    }
}
