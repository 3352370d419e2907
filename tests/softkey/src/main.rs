//! `age-plugin-softkey`: a software stand-in for a hardware key, for tests and trials.
//!
//! It behaves towards an age client as `age-plugin-yubikey` does: identities
//! `AGE-PLUGIN-SOFTKEY-1…` name a key by its serial; opening a file asks for the key's PIN through
//! the client's callbacks (and, for a key made with `--touch`, for a touch); a wrong PIN is
//! refused with the tries left, and three wrong PINs block the key. Its recipient is a native
//! X25519 `age1…` recipient, so anyone can encrypt to it without the plugin (as with a
//! YubiKey's `age1tag…` recipient in newer age tools); only the plugin, with the PIN, unwraps.
//!
//! The "key" is a file in `$AGE_PLUGIN_SOFTKEY_DIR` (default `~/.softkey`): a key whose file is
//! missing is a key not inserted. **The secret is stored in the clear**: it is a test double, not
//! a place to keep a real key.
//!
//! A key made with `--plugin-recipient` offers instead a recipient of its own,
//! `age1softkey1…`, that only the plugin encrypts to (`recipient-v1`), as age-plugin-yubikey's
//! `age1yubikey1…` recipients are: the path a real YubiKey takes.
//!
//! Commands: `--generate [--touch] [--plugin-recipient]` (PIN from `$SOFTKEY_PIN` or the first
//! line of standard input), `--identity` (every key's identity, with its recipient in a comment), and
//! `--age-plugin=identity-v1` (run by age clients). For failure tests: a file `<serial>.touch`
//! in the key folder is a touch; `AGE_PLUGIN_SOFTKEY_TOUCH_SECS` limits the wait (default 15);
//! `AGE_PLUGIN_SOFTKEY_CRASH=after-pin` makes the plugin die right after it receives a PIN.

use std::collections::{HashMap, HashSet};
use std::io::{self, BufRead};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::{Duration, Instant};

use age::secrecy::ExposeSecret;
use age_core::format::{FileKey, Stanza};
use age_plugin::identity::{self, IdentityPluginV1};
use age_plugin::recipient::{self, RecipientPluginV1};
use age_plugin::{Callbacks, PluginHandler, run_state_machine};
use bech32::ToBase32;
use sha2::{Digest, Sha256};

const NAME: &str = "softkey";
const TRIES: u32 = 3;

fn key_dir() -> PathBuf {
    std::env::var_os("AGE_PLUGIN_SOFTKEY_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".softkey")
        })
}

/// One key file: `serial`, `pin-sha256`, `tries-left`, `touch` and `secret` lines.
struct Key {
    serial: String,
    pin_hash: String,
    tries_left: u32,
    touch: bool,
    secret: String,
    /// Offers `age1softkey1…` (encrypted to through the plugin) instead of its X25519 recipient.
    plugin_recipient: bool,
}

impl Key {
    fn path(serial: &str) -> PathBuf {
        key_dir().join(format!("{serial}.key"))
    }

    fn load(serial: &str) -> Option<Key> {
        let text = std::fs::read_to_string(Key::path(serial)).ok()?;
        let field = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
                .map(str::to_string)
        };
        Some(Key {
            serial: serial.to_string(),
            pin_hash: field("pin-sha256")?,
            tries_left: field("tries-left")?.parse().ok()?,
            touch: field("touch")? == "always",
            secret: field("secret")?,
            plugin_recipient: field("recipient").as_deref() == Some("plugin"),
        })
    }

    fn save(&self) -> io::Result<()> {
        let text = format!(
            "serial {}\npin-sha256 {}\ntries-left {}\ntouch {}\nrecipient {}\nsecret {}\n",
            self.serial,
            self.pin_hash,
            self.tries_left,
            if self.touch { "always" } else { "never" },
            if self.plugin_recipient {
                "plugin"
            } else {
                "native"
            },
            self.secret
        );
        std::fs::create_dir_all(key_dir())?;
        std::fs::write(Key::path(&self.serial), text)
    }

    fn identity(&self) -> Option<age::x25519::Identity> {
        age::x25519::Identity::from_str(&self.secret).ok()
    }

    fn plugin_identity(&self) -> String {
        let bytes = self.serial.as_bytes().to_base32();
        bech32::encode("age-plugin-softkey-", bytes, bech32::Variant::Bech32)
            .expect("a fixed HRP is valid")
            .to_uppercase()
    }

    /// The recipient this key offers: its X25519 one, or `age1softkey1…` (the same public key,
    /// for the plugin to encrypt to).
    fn recipient(&self) -> Option<String> {
        let public = self.identity()?.to_public();
        if !self.plugin_recipient {
            return Some(public.to_string());
        }
        let (_, data, _) = bech32::decode(&public.to_string()).ok()?;
        bech32::encode("age1softkey", data, bech32::Variant::Bech32).ok()
    }

    fn print(&self) {
        let recipient = self.recipient();
        println!("#       Serial: {}, Slot: soft", self.serial);
        println!("#  PIN policy: always");
        println!(
            "# Touch policy: {}",
            if self.touch { "always" } else { "never" }
        );
        println!("#    Recipient: {}", recipient.unwrap_or_default());
        println!("{}", self.plugin_identity());
    }
}

fn pin_hash(serial: &str, pin: &str) -> String {
    let digest = Sha256::digest(format!("{serial}\0{pin}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn generate(touch: bool, plugin_recipient: bool) -> io::Result<()> {
    let pin = match std::env::var("SOFTKEY_PIN") {
        Ok(p) => p,
        Err(_) => {
            let mut line = String::new();
            io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    if pin.len() < 4 {
        eprintln!("age-plugin-softkey: a PIN needs at least 4 characters");
        std::process::exit(2);
    }
    let serial: String = (0..4)
        .map(|_| format!("{:02x}", rand::random::<u8>()))
        .collect();
    let identity = age::x25519::Identity::generate();
    let key = Key {
        pin_hash: pin_hash(&serial, &pin),
        serial,
        tries_left: TRIES,
        touch,
        secret: identity.to_string().expose_secret().to_string(),
        plugin_recipient,
    };
    key.save()?;
    key.print();
    Ok(())
}

fn list() -> io::Result<()> {
    let dir = key_dir();
    let mut serials: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().to_string();
                    name.strip_suffix(".key").map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    serials.sort();
    let keys: Vec<Key> = serials.iter().filter_map(|s| Key::load(s)).collect();
    if keys.is_empty() {
        eprintln!(
            "No soft keys are inserted (none in {}). Make one with `age-plugin-softkey --generate`.",
            dir.display()
        );
        std::process::exit(1);
    }
    for key in keys {
        key.print();
    }
    Ok(())
}

struct Handler;

impl PluginHandler for Handler {
    type RecipientV1 = Wrapper;
    type IdentityV1 = Plugin;

    fn recipient_v1(self) -> io::Result<Wrapper> {
        Ok(Wrapper::default())
    }

    fn identity_v1(self) -> io::Result<Plugin> {
        Ok(Plugin::default())
    }
}

/// Encrypts to `age1softkey1…` recipients: an X25519 stanza to the public key they carry (which
/// the identity side unwraps after the PIN, as for a native recipient).
#[derive(Default)]
struct Wrapper {
    recipients: Vec<age::x25519::Recipient>,
}

impl RecipientPluginV1 for Wrapper {
    fn add_recipient(
        &mut self,
        index: usize,
        plugin_name: &str,
        bytes: &[u8],
    ) -> Result<(), recipient::Error> {
        let bad = || recipient::Error::Recipient {
            index,
            message: "not a soft key recipient".into(),
        };
        if plugin_name != NAME {
            return Err(bad());
        }
        let text =
            bech32::encode("age", bytes.to_base32(), bech32::Variant::Bech32).map_err(|_| bad())?;
        self.recipients
            .push(age::x25519::Recipient::from_str(&text).map_err(|_| bad())?);
        Ok(())
    }

    fn add_identity(
        &mut self,
        index: usize,
        _plugin_name: &str,
        _bytes: &[u8],
    ) -> Result<(), recipient::Error> {
        Err(recipient::Error::Identity {
            index,
            message: "encrypt to the key's recipient, not its identity".into(),
        })
    }

    fn labels(&mut self) -> HashSet<String> {
        HashSet::new()
    }

    fn wrap_file_keys(
        &mut self,
        file_keys: Vec<FileKey>,
        _callbacks: impl Callbacks<recipient::Error>,
    ) -> io::Result<Result<Vec<Vec<Stanza>>, Vec<recipient::Error>>> {
        let mut out = Vec::new();
        for file_key in &file_keys {
            let mut stanzas = Vec::new();
            for (index, r) in self.recipients.iter().enumerate() {
                match age::Recipient::wrap_file_key(r, file_key) {
                    Ok((mut made, _)) => stanzas.append(&mut made),
                    Err(e) => {
                        return Ok(Err(vec![recipient::Error::Recipient {
                            index,
                            message: e.to_string(),
                        }]));
                    }
                }
            }
            out.push(stanzas);
        }
        Ok(Ok(out))
    }
}

#[derive(Default)]
struct Plugin {
    /// The serials of the identities the client added, by their index.
    serials: Vec<(usize, String)>,
}

impl IdentityPluginV1 for Plugin {
    fn add_identity(
        &mut self,
        index: usize,
        plugin_name: &str,
        bytes: &[u8],
    ) -> Result<(), identity::Error> {
        match std::str::from_utf8(bytes) {
            Ok(serial) if plugin_name == NAME && !serial.is_empty() => {
                self.serials.push((index, serial.to_string()));
                Ok(())
            }
            _ => Err(identity::Error::Identity {
                index,
                message: "not a soft key identity".into(),
            }),
        }
    }

    fn unwrap_file_keys(
        &mut self,
        files: Vec<Vec<Stanza>>,
        mut callbacks: impl Callbacks<identity::Error>,
    ) -> io::Result<HashMap<usize, Result<FileKey, Vec<identity::Error>>>> {
        let mut out = HashMap::new();
        let mut unlocked: Vec<String> = Vec::new();
        for (file, stanzas) in files.iter().enumerate() {
            for (index, serial) in &self.serials {
                let Some(mut key) = Key::load(serial) else {
                    let message = format!(
                        "Soft key {serial} is not inserted (no key file in {}).",
                        key_dir().display()
                    );
                    out.insert(file, refused(*index, message));
                    continue;
                };
                let Some(file_key) = trial_unwrap(&key, stanzas) else {
                    continue;
                };
                if !unlocked.contains(serial) {
                    if let Err(message) = unlock(&mut key, &mut callbacks)? {
                        out.insert(file, refused(*index, message));
                        continue;
                    }
                    unlocked.push(serial.clone());
                }
                out.insert(file, Ok(file_key));
                break;
            }
        }
        Ok(out)
    }
}

/// A file this key cannot open, with what to tell the person.
fn refused(index: usize, message: String) -> Result<FileKey, Vec<identity::Error>> {
    Err(vec![identity::Error::Identity { index, message }])
}

/// The file key if one of `stanzas` is wrapped to this key (the PIN is asked after).
fn trial_unwrap(key: &Key, stanzas: &[Stanza]) -> Option<FileKey> {
    let identity = key.identity()?;
    stanzas
        .iter()
        .filter(|s| s.tag == "X25519")
        .find_map(|s| age::Identity::unwrap_stanza(&identity, s)?.ok())
}

/// Asks for the PIN (and a touch) through the client; the inner error is the message to show.
fn unlock(
    key: &mut Key,
    callbacks: &mut impl Callbacks<identity::Error>,
) -> io::Result<Result<(), String>> {
    let serial = key.serial.clone();
    if key.tries_left == 0 {
        return Ok(Err(format!(
            "Soft key {serial} is blocked: its PIN was entered wrongly {TRIES} times."
        )));
    }
    let pin = match callbacks.request_secret(&format!("Enter PIN for soft key {serial}"))? {
        Ok(pin) => pin,
        Err(_) => {
            return Ok(Err(format!(
                "PIN entry for soft key {serial} was cancelled."
            )));
        }
    };
    if std::env::var("AGE_PLUGIN_SOFTKEY_CRASH").as_deref() == Ok("after-pin") {
        std::process::abort();
    }
    if pin_hash(&serial, pin.expose_secret()) != key.pin_hash {
        key.tries_left -= 1;
        key.save()?;
        return Ok(Err(match key.tries_left {
            0 => format!("Wrong PIN for soft key {serial}; the key is now blocked."),
            1 => format!("Wrong PIN for soft key {serial} (1 try left)."),
            n => format!("Wrong PIN for soft key {serial} ({n} tries left)."),
        }));
    }
    key.tries_left = TRIES;
    key.save()?;
    if key.touch {
        let _ = callbacks.message(&format!("Touch your soft key {serial}"))?;
        if !wait_for_touch(&serial) {
            return Ok(Err(format!("Touch timed out for soft key {serial}.")));
        }
    }
    Ok(Ok(()))
}

fn wait_for_touch(serial: &str) -> bool {
    let secs = std::env::var("AGE_PLUGIN_SOFTKEY_TOUCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15);
    let touch = key_dir().join(format!("{serial}.touch"));
    let until = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < until {
        if std::fs::remove_file(&touch).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(machine) = args.iter().find_map(|a| a.strip_prefix("--age-plugin=")) {
        return run_state_machine(machine, Handler);
    }
    match args.first().map(String::as_str) {
        Some("--generate") => generate(
            args.iter().any(|a| a == "--touch"),
            args.iter().any(|a| a == "--plugin-recipient"),
        ),
        Some("--identity") | Some("--list") => list(),
        _ => {
            eprintln!(
                "age-plugin-softkey: a software stand-in for a hardware key (tests only).\n\
                 usage: age-plugin-softkey --generate [--touch] [--plugin-recipient] | --identity"
            );
            std::process::exit(2);
        }
    }
}
