//! A member's keys and the passphrase-protected identity file that holds them.
//!
//! The identity file is an age file encrypted with the member's passphrase (scrypt, work factor
//! 18). Decrypted, it is a standard age identity file: the X25519 secret key on its own line and
//! the Ed25519 signing key on a `#` comment line, which `age -d -i` skips — so a person can open
//! their binder with the standard tools alone. This module does not know what a binder is.

use std::fmt;
use std::io::{Read, Write};
use std::path::Path;
use std::str::FromStr;

use age::secrecy::{ExposeSecret, SecretString};
use ed25519_dalek::{SigningKey, VerifyingKey};
use zeroize::Zeroizing;

use crate::file::fsutil;

/// The scrypt work factor (log2 N) the identity file is written with: about a second here.
pub const WORK_FACTOR: u8 = 18;
/// The highest work factor accepted when opening, so a crafted file cannot hang the app.
pub const MAX_WORK_FACTOR: u8 = 22;
/// The fewest characters a passphrase chosen for an identity file may have. Checked here, where
/// the file is written, so every way in (the app, the CLI's prompt, flags and environment
/// variables) gets the same rule.
pub const MIN_PASSPHRASE: usize = 8;

const SIGNING_PREFIX: &str = "# signing-key: CB-SIGNING-KEY-";
const NAME_PREFIX: &str = "# name: ";

/// Errors opening or writing an identity file.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The passphrase does not open the identity file.
    #[error("wrong passphrase for the identity file {0}")]
    WrongPassphrase(String),
    /// The identity file asks for more scrypt work than is safe to spend.
    #[error(
        "the identity file {path} asks for scrypt work factor {required}, above the limit of {MAX_WORK_FACTOR}; it was not made by Continuity Binder, or it was tampered with"
    )]
    ExcessiveWork {
        /// The file.
        path: String,
        /// The work factor it asks for.
        required: u8,
    },
    /// The file is not an identity file at all.
    #[error("{0} is not a Continuity Binder identity file (nor an age identity)")]
    NotAnIdentity(String),
    /// The identity file is there but damaged.
    #[error("the identity file {0} is damaged (it does not decrypt completely)")]
    Damaged(String),
    /// No identity file where one was expected.
    #[error(
        "no identity file at {0}; create one with `binder init`, or point to yours with --identity / BINDER_IDENTITY"
    )]
    Missing(String),
    /// An identity file already exists where a new one would be written.
    #[error("an identity file already exists at {0}; it was left as it is")]
    Exists(String),
    /// A passphrase being chosen is shorter than [`MIN_PASSPHRASE`].
    #[error(
        "choose a passphrase of at least {MIN_PASSPHRASE} characters (four unrelated words are strong and easy to type); the identity file was not written"
    )]
    ShortPassphrase,
    /// The plugin program of the hardware key the identity is kept behind is not installed.
    #[error(
        "the identity is kept behind a hardware key, and its program {binary} is not installed (or not on the PATH): {hint}; nothing was changed"
    )]
    PluginMissing {
        /// The program, `age-plugin-<name>`.
        binary: String,
        /// How to install it.
        hint: String,
    },
    /// The hardware key (its plugin) refused: wrong PIN, key not inserted, touch timed out, …
    #[error("{message}")]
    Hardware {
        /// The plugin's name.
        plugin: String,
        /// What the plugin said, as it said it.
        message: String,
    },
    /// The plugin program stopped in the middle of its work.
    #[error(
        "{0} stopped in the middle of unlocking (it crashed or was closed); nothing was changed. Take the key out, put it back and try again"
    )]
    PluginCrashed(String),
    /// The hardware key named beside the identity file does not open it.
    #[error(
        "the hardware key does not open the identity file {0}: it is kept behind another key (or another slot of this one), or the key was skipped or could not be reached; nothing was changed"
    )]
    NotThisHardwareKey(String),
    /// Reading or writing the file failed.
    #[error("could not {action} the identity file {path}")]
    Io {
        /// "read" or "write".
        action: &'static str,
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// A member's secret keys: the X25519 identity that opens binders and the Ed25519 key that
/// signs changes. Never `Clone`, `Serialize` or printed; zeroized on drop by the key types.
pub struct Keys {
    name: String,
    decryption: age::x25519::Identity,
    signing: Option<SigningKey>,
    /// Identities that opened copies before these keys (a successor's recovery key, for the rest
    /// of the session in which they took over): copies not yet re-encrypted still open.
    earlier: Vec<age::x25519::Identity>,
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keys")
            .field("name", &self.name)
            .field("recipient", &self.recipient())
            .field("can_sign", &self.signing.is_some())
            .finish_non_exhaustive()
    }
}

impl Keys {
    /// New random keys for a member called `name`.
    pub fn generate(name: &str) -> Self {
        Keys {
            name: name.split_whitespace().collect::<Vec<_>>().join(" "),
            decryption: age::x25519::Identity::generate(),
            signing: Some(SigningKey::generate(&mut rand::rngs::OsRng)),
            earlier: Vec::new(),
        }
    }

    /// These keys, also opening what `before` opened (kept in memory only, never written).
    pub fn also_opening(mut self, before: &Keys) -> Keys {
        self.earlier.push(before.decryption.clone());
        self.earlier.extend(before.earlier.iter().cloned());
        self
    }

    /// Every identity these keys open binders with: their own first.
    pub fn age_identities(&self) -> Vec<&dyn age::Identity> {
        std::iter::once(&self.decryption)
            .chain(&self.earlier)
            .map(|i| i as &dyn age::Identity)
            .collect()
    }

    /// The member's name as written in the identity file.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The public age recipient (`age1…`) binders are encrypted to.
    pub fn recipient(&self) -> String {
        self.decryption.to_public().to_string()
    }

    /// Every recipient these keys open copies for: their own first, then earlier ones.
    pub fn recipients(&self) -> Vec<String> {
        std::iter::once(&self.decryption)
            .chain(&self.earlier)
            .map(|i| i.to_public().to_string())
            .collect()
    }

    /// The age identity that decrypts binders.
    pub fn age_identity(&self) -> &age::x25519::Identity {
        &self.decryption
    }

    /// The signing key, if these keys can sign (a bare recovery key cannot).
    pub fn signing_key(&self) -> Option<&SigningKey> {
        self.signing.as_ref()
    }

    /// The public half of the signing key.
    pub fn verifying_key(&self) -> Option<VerifyingKey> {
        self.signing.as_ref().map(SigningKey::verifying_key)
    }

    /// The decrypted identity file text. Secret: only ever fed to the age encryptor.
    pub(super) fn identity_text(&self) -> Zeroizing<String> {
        let mut text = Zeroizing::new(String::new());
        text.push_str("# Continuity Binder identity. Keep it secret: it opens your binders.\n");
        text.push_str(&format!("{NAME_PREFIX}{}\n", self.name));
        text.push_str(&format!("# public key: {}\n", self.recipient()));
        if let Some(sk) = &self.signing {
            let encoded = Zeroizing::new(data_encoding::BASE32_NOPAD.encode(sk.as_bytes()));
            text.push_str(SIGNING_PREFIX);
            text.push_str(&encoded);
            text.push('\n');
        }
        text.push_str(self.decryption.to_string().expose_secret());
        text.push('\n');
        text
    }

    /// Reads keys from decrypted identity text; any `AGE-SECRET-KEY-` file works (read-only).
    fn parse_identity_text(text: &str) -> Option<Keys> {
        let mut name = String::new();
        let mut decryption = None;
        let mut signing = None;
        for line in text.lines().map(str::trim) {
            if let Some(n) = line.strip_prefix(NAME_PREFIX) {
                name = n.to_string();
            } else if let Some(encoded) = line.strip_prefix(SIGNING_PREFIX) {
                let bytes = Zeroizing::new(
                    data_encoding::BASE32_NOPAD
                        .decode(encoded.as_bytes())
                        .ok()?,
                );
                let array: Zeroizing<[u8; 32]> = Zeroizing::new(bytes.as_slice().try_into().ok()?);
                signing = Some(SigningKey::from_bytes(&array));
            } else if line.starts_with("AGE-SECRET-KEY-") {
                decryption = Some(age::x25519::Identity::from_str(line).ok()?);
            }
        }
        Some(Keys {
            name,
            decryption: decryption?,
            signing,
            earlier: Vec::new(),
        })
    }

    /// Writes these keys to a new identity file protected by `passphrase` (of at least
    /// [`MIN_PASSPHRASE`] characters).
    pub fn create_identity_file(
        &self,
        path: &Path,
        passphrase: &SecretString,
    ) -> Result<(), KeyError> {
        if path.exists() {
            return Err(KeyError::Exists(path.display().to_string()));
        }
        self.write_identity_file(path, passphrase)
    }

    /// Encrypts the identity with `passphrase` and replaces the file atomically.
    fn write_identity_file(&self, path: &Path, passphrase: &SecretString) -> Result<(), KeyError> {
        if passphrase.expose_secret().chars().count() < MIN_PASSPHRASE {
            return Err(KeyError::ShortPassphrase);
        }
        let io_err = |source| KeyError::Io {
            action: "write",
            path: path.display().to_string(),
            source,
        };
        let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
        recipient.set_work_factor(WORK_FACTOR);
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .expect("a single scrypt recipient is always a valid recipient set");
        let mut sealed = Vec::new();
        let mut writer = encryptor.wrap_output(&mut sealed).map_err(io_err)?;
        writer
            .write_all(self.identity_text().as_bytes())
            .map_err(io_err)?;
        writer.finish().map_err(io_err)?;
        fsutil::write_atomic(path, &sealed, true).map_err(io_err)
    }

    /// Opens an identity file: a passphrase-protected one made by `binder init`, or a bare age
    /// identity (a recovery key), which can read binders but not sign changes.
    pub fn open_identity_file(
        path: &Path,
        passphrase: impl FnOnce() -> Result<SecretString, KeyError>,
    ) -> Result<Keys, KeyError> {
        Keys::open_identity_file_with(path, passphrase, age::NoCallbacks)
    }

    /// Opens an identity file as [`Keys::open_identity_file`] does, or one kept behind a hardware
    /// key ([`crate::file::hardware`]), whose plugin asks for a PIN or a touch through
    /// `callbacks`.
    pub fn open_identity_file_with<C: age::Callbacks>(
        path: &Path,
        passphrase: impl FnOnce() -> Result<SecretString, KeyError>,
        callbacks: C,
    ) -> Result<Keys, KeyError> {
        let path_text = path.display().to_string();
        let bytes = match std::fs::read(path) {
            Ok(b) => Zeroizing::new(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(KeyError::Missing(path_text));
            }
            Err(source) => {
                return Err(KeyError::Io {
                    action: "read",
                    path: path_text,
                    source,
                });
            }
        };
        if !bytes.starts_with(b"age-encryption.org/") {
            let text = std::str::from_utf8(&bytes)
                .map_err(|_| KeyError::NotAnIdentity(path_text.clone()))?;
            return Keys::parse_identity_text(text).ok_or(KeyError::NotAnIdentity(path_text));
        }
        let decryptor = age::Decryptor::new_buffered(&bytes[..])
            .map_err(|_| KeyError::Damaged(path_text.clone()))?;
        if !decryptor.is_scrypt() {
            let text = super::hardware::open_sealed(&bytes, path, callbacks)?;
            return Keys::parse_identity_text(&text).ok_or(KeyError::NotAnIdentity(path_text));
        }
        let mut identity = age::scrypt::Identity::new(passphrase()?);
        identity.set_max_work_factor(MAX_WORK_FACTOR);
        let mut reader = decryptor
            .decrypt(std::iter::once(&identity as &dyn age::Identity))
            .map_err(|e| match e {
                age::DecryptError::ExcessiveWork { required, .. } => KeyError::ExcessiveWork {
                    path: path_text.clone(),
                    required,
                },
                age::DecryptError::DecryptionFailed
                | age::DecryptError::KeyDecryptionFailed
                | age::DecryptError::NoMatchingKeys => KeyError::WrongPassphrase(path_text.clone()),
                _ => KeyError::Damaged(path_text.clone()),
            })?;
        let mut text = Zeroizing::new(String::new());
        reader
            .read_to_string(&mut text)
            .map_err(|_| KeyError::Damaged(path_text.clone()))?;
        Keys::parse_identity_text(&text).ok_or(KeyError::NotAnIdentity(path_text))
    }

    /// Re-encrypts the identity file at `path` under a new passphrase (of at least
    /// [`MIN_PASSPHRASE`] characters; a shorter one leaves the file as it was).
    pub fn change_passphrase(&self, path: &Path, new: &SecretString) -> Result<(), KeyError> {
        self.write_identity_file(path, new)
    }
}

/// A recovery key: 32 secret bytes that are at once the X25519 secret of an age identity (the
/// `AGE-SECRET-KEY-1…` on the emergency access sheet, so `age -d` opens a binder with it) and the
/// seed of an Ed25519 signing key derived from them, which the binder registers so that whoever
/// holds the key may take over as an owner (see `log::merge`). Never `Clone` or printed.
pub struct RecoveryKey {
    secret: Zeroizing<[u8; 32]>,
    identity: age::x25519::Identity,
    signing: SigningKey,
}

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecoveryKey")
            .field("recipient", &self.recipient())
            .finish_non_exhaustive()
    }
}

/// Domain separation for the signing key derived from a recovery key's secret.
const RECOVERY_SIGNING_CONTEXT: &[u8] = b"continuity-binder recovery signing key v1";

impl RecoveryKey {
    /// A new random recovery key.
    pub fn generate() -> Self {
        let mut secret = Zeroizing::new([0u8; 32]);
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, secret.as_mut_slice());
        Self::from_secret(&secret)
    }

    /// The recovery key whose secret is these 32 bytes (as combined from shares).
    pub fn from_secret(secret: &[u8; 32]) -> Self {
        use bech32::ToBase32;
        use sha2::Digest;
        let encoded = Zeroizing::new(
            bech32::encode(
                "age-secret-key-",
                secret.to_base32(),
                bech32::Variant::Bech32,
            )
            .expect("a fixed lowercase prefix always encodes")
            .to_uppercase(),
        );
        let identity = age::x25519::Identity::from_str(&encoded)
            .expect("any 32 bytes are an X25519 secret key");
        let mut hasher = sha2::Sha256::new();
        hasher.update(RECOVERY_SIGNING_CONTEXT);
        hasher.update(secret);
        let seed: Zeroizing<[u8; 32]> = Zeroizing::new(hasher.finalize().into());
        RecoveryKey {
            secret: Zeroizing::new(*secret),
            identity,
            signing: SigningKey::from_bytes(&seed),
        }
    }

    /// The recovery key written as `AGE-SECRET-KEY-1…` (from the emergency access sheet).
    pub fn parse(text: &str) -> Option<Self> {
        use bech32::FromBase32;
        let (hrp, data, _) = bech32::decode(text.trim()).ok()?;
        if hrp != "age-secret-key-" {
            return None;
        }
        let bytes = Zeroizing::new(Vec::<u8>::from_base32(&data).ok()?);
        let secret: Zeroizing<[u8; 32]> = Zeroizing::new(bytes.as_slice().try_into().ok()?);
        Some(Self::from_secret(&secret))
    }

    /// Its public recipient, stored in the binder.
    pub fn recipient(&self) -> String {
        self.identity.to_public().to_string()
    }

    /// The public half of its signing key, registered in the binder's recovery record.
    pub fn verifying_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    /// The secret (`AGE-SECRET-KEY-1…`) to show the person when the key is made, and to print
    /// on the emergency access sheet; it is stored nowhere unencrypted, so callers keep it only
    /// as long as it is on screen.
    pub fn secret_to_show(&self) -> SecretString {
        self.identity.to_string()
    }

    /// The 32 secret bytes, to be split into shares. Never stored or sent anywhere.
    pub fn expose_secret_bytes(&self) -> &[u8; 32] {
        &self.secret
    }

    /// Keys that open a binder with this recovery key and sign as it, named `name` (the person
    /// using it): what a successor works with until they take over as an owner.
    pub fn to_keys(&self, name: &str) -> Keys {
        Keys {
            name: name.split_whitespace().collect::<Vec<_>>().join(" "),
            decryption: self.identity.clone(),
            signing: Some(self.signing.clone()),
            earlier: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_text_round_trips_and_is_a_plain_age_identity() {
        let keys = Keys::generate("Åsa  Öberg");
        let text = keys.identity_text();
        let back = Keys::parse_identity_text(&text).unwrap();
        assert_eq!(back.name(), "Åsa Öberg");
        assert_eq!(back.recipient(), keys.recipient());
        assert_eq!(back.verifying_key(), keys.verifying_key());
        // Every line but the secret key is a comment, so `age -d -i` reads it as an identity file.
        assert_eq!(text.lines().filter(|l| !l.starts_with('#')).count(), 1);
    }

    #[test]
    fn a_recovery_key_is_its_age_secret_and_signs_the_same_from_it() {
        let key = RecoveryKey::generate();
        let again = RecoveryKey::parse(key.secret_to_show().expose_secret()).unwrap();
        assert_eq!(again.recipient(), key.recipient());
        assert_eq!(again.verifying_key(), key.verifying_key());
        let same = RecoveryKey::from_secret(key.expose_secret_bytes());
        assert_eq!(same.recipient(), key.recipient());
        assert!(RecoveryKey::parse("AGE-SECRET-KEY-1NOPE").is_none());
        assert_eq!(key.to_keys("Maria  Lopez").name(), "Maria Lopez");
    }

    #[test]
    fn debug_output_holds_no_secret() {
        let keys = Keys::generate("A");
        let shown = format!("{keys:?} {:?}", RecoveryKey::generate());
        assert!(
            !shown.contains("AGE-SECRET-KEY") && !shown.contains("CB-SIGNING"),
            "{shown}"
        );
    }

    #[test]
    fn a_passphrase_shorter_than_eight_characters_is_refused_and_nothing_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("identity.age");
        let keys = Keys::generate("Ann");
        // Seven characters, counted as characters (not bytes): "åäöåäöå" is 14 bytes.
        for short in ["", "1234567", "åäöåäöå"] {
            let err = keys
                .create_identity_file(&path, &SecretString::from(short))
                .expect_err("too short");
            assert!(matches!(err, KeyError::ShortPassphrase), "{err:?}");
            assert!(err.to_string().contains("at least 8 characters"), "{err}");
            assert!(!path.exists(), "nothing written for {short:?}");
        }
        keys.create_identity_file(&path, &SecretString::from("åäöåäöåä"))
            .unwrap();
        let before = std::fs::read(&path).unwrap();
        let err = keys
            .change_passphrase(&path, &SecretString::from("short"))
            .expect_err("too short");
        assert!(matches!(err, KeyError::ShortPassphrase), "{err:?}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "left as it was");
        let opened = Keys::open_identity_file(&path, || Ok(SecretString::from("åäöåäöåä")));
        assert_eq!(opened.unwrap().recipient(), keys.recipient());
    }
}

/// What a new member sends an owner to be added: name and public keys, as one line of text
/// (`cbinvite1:…`) short enough for a chat message or a QR code. Nothing secret in it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Invitation {
    /// The person's name.
    pub name: String,
    /// Their age recipient (`age1…`).
    pub recipient: String,
    /// Their Ed25519 verifying key, hex.
    pub signing_key: String,
}

const INVITE_PREFIX: &str = "cbinvite1:";

impl Invitation {
    /// The invitation for these keys.
    pub fn of(keys: &Keys) -> Option<Invitation> {
        Some(Invitation {
            name: keys.name().to_string(),
            recipient: keys.recipient(),
            signing_key: data_encoding::HEXLOWER.encode(keys.verifying_key()?.as_bytes()),
        })
    }

    /// The one-line text form.
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).expect("an invitation always serializes");
        format!(
            "{INVITE_PREFIX}{}",
            data_encoding::BASE64URL_NOPAD.encode(&json)
        )
    }

    /// Reads the text form, checking the keys are well formed.
    pub fn parse(text: &str) -> Result<Invitation, crate::Error> {
        let body = text
            .trim()
            .strip_prefix(INVITE_PREFIX)
            .ok_or(crate::Error::BadInvitation)?;
        let json = data_encoding::BASE64URL_NOPAD
            .decode(body.as_bytes())
            .map_err(|_| crate::Error::BadInvitation)?;
        let invite: Invitation =
            serde_json::from_slice(&json).map_err(|_| crate::Error::BadInvitation)?;
        let recipient_ok = age::x25519::Recipient::from_str(&invite.recipient).is_ok();
        let key_ok = parse_verifying_key(&invite.signing_key).is_some();
        if !recipient_ok || !key_ok || invite.name.trim().is_empty() {
            return Err(crate::Error::BadInvitation);
        }
        Ok(invite)
    }
}

/// Parses the hex of a verifying key as stored in a member record.
pub fn parse_verifying_key(text: &str) -> Option<VerifyingKey> {
    // Every merge reads every member's key again, and reading one (a point decompression) costs
    // more than the rest of a one-change merge: the keys read are remembered, process-wide (a
    // public key's text always reads as the same key).
    type Read = std::collections::HashMap<String, Option<VerifyingKey>>;
    static READ: std::sync::LazyLock<std::sync::Mutex<Read>> =
        std::sync::LazyLock::new(Default::default);
    let mut read = READ
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(known) = read.get(text) {
        return *known;
    }
    let parsed = data_encoding::HEXLOWER
        .decode(text.as_bytes())
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .and_then(|bytes: [u8; 32]| VerifyingKey::from_bytes(&bytes).ok());
    if read.len() >= 100_000 {
        read.clear();
    }
    read.insert(text.to_string(), parsed);
    parsed
}
