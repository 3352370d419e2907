//! A founder's identity kept behind a hardware key. The key is `age-plugin-softkey`
//! (tests/softkey), a real age plugin built with the `age-plugin` crate that demands a PIN through
//! the plugin protocol's callbacks, so every test goes through the same processes and messages as
//! with age-plugin-yubikey. Every failure is checked to leave every file as it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::*;

const PIN: &str = "246810";

/// The folder holding the test plugin: built beside `binder` by the workspace's build.
fn plugin_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_BIN_EXE_binder"))
        .parent()
        .expect("target folder")
        .to_path_buf();
    assert!(
        dir.join("age-plugin-softkey").exists(),
        "age-plugin-softkey is not built in {}: run the README's test command (or `cargo build -p age-plugin-softkey`)",
        dir.display()
    );
    dir
}

fn path_with_plugin() -> String {
    format!(
        "{}:{}",
        plugin_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// A founder's home whose commands see the plugin and a key folder of its own ("inserted").
struct Founder {
    home: Home,
    keys: PathBuf,
}

impl Founder {
    fn new(home: Home) -> Founder {
        let keys = home.path("softkeys");
        Founder { home, keys }
    }

    fn command(&self, args: &[&str], pin: Option<&str>) -> Command {
        let mut cmd = self.home.command(args);
        cmd.env("PATH", path_with_plugin())
            .env("AGE_PLUGIN_SOFTKEY_DIR", &self.keys)
            .env_remove("AGE_PLUGIN_SOFTKEY_CRASH");
        match pin {
            Some(pin) => cmd.env("BINDER_HARDWARE_PIN", pin),
            None => cmd.env_remove("BINDER_HARDWARE_PIN"),
        };
        cmd
    }

    fn ok(&self, args: &[&str], pin: Option<&str>) -> String {
        let out = self.command(args, pin).output().expect("run binder");
        assert!(
            out.status.success(),
            "binder {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn fails(&self, mut cmd: Command) -> String {
        let out = cmd.output().expect("run binder");
        assert!(!out.status.success(), "should have failed");
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    /// Makes a key in the founder's key folder, as `ykman` would set one up.
    fn generate_key(&self, flags: &[&str]) {
        let mut cmd = Command::new(plugin_dir().join("age-plugin-softkey"));
        cmd.arg("--generate")
            .args(flags)
            .env("AGE_PLUGIN_SOFTKEY_DIR", &self.keys)
            .env("SOFTKEY_PIN", PIN)
            .stdin(Stdio::null());
        succeeds(&mut cmd, "age-plugin-softkey --generate");
    }

    /// Adds a recovery key, then keeps the identity behind the key.
    fn protect(&self) {
        self.ok(&["recovery-key", "add", "--label", "Safe"], None);
        let out = self.ok(&["hardware-key", "protect", "softkey"], Some(PIN));
        assert!(out.contains("now kept behind the softkey key"), "{out}");
    }

    /// Everything but the key folder (whose tries counter a wrong PIN is meant to change).
    fn files(&self) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
        let mut all = self.home.snapshot();
        all.retain(|p, _| !p.starts_with(&self.keys));
        all
    }
}

#[test]
fn a_founder_keeps_their_identity_behind_a_key_only_with_a_recovery_path_and_unlocks_with_its_pin()
{
    let ana = Founder::new(Home::with_starter());
    ana.generate_key(&[]);
    let listed = ana.ok(&["hardware-key", "list", "softkey"], None);
    assert!(listed.contains("AGE-PLUGIN-SOFTKEY-1"), "{listed}");
    assert!(
        ana.ok(&["hardware-key", "plugins"], None)
            .contains("softkey")
    );

    // No recovery key yet: refused, nothing changed.
    let before = ana.files();
    let err = ana.fails(ana.command(&["hardware-key", "protect", "softkey"], Some(PIN)));
    assert!(
        err.contains("add a recovery key or make a successor kit first"),
        "{err}"
    );
    assert!(before == ana.files(), "a file changed");
    assert!(!binder::hardware::key_file(&ana.home.identity).exists());

    // A wrong PIN while setting up: refused with the tries left, the identity file unchanged.
    ana.ok(&["recovery-key", "add", "--label", "Safe"], None);
    let before = ana.files();
    let err = ana.fails(ana.command(&["hardware-key", "protect", "softkey"], Some("000000")));
    assert!(
        err.contains("Wrong PIN for soft key") && err.contains("2 tries left"),
        "{err}"
    );
    assert!(before == ana.files(), "a file changed");

    let out = ana.ok(&["hardware-key", "protect", "softkey"], Some(PIN));
    assert!(out.contains("now kept behind the softkey key"), "{out}");
    let sealed = std::fs::read(&ana.home.identity).unwrap();
    let header = String::from_utf8_lossy(&sealed[..sealed.len().min(400)]).into_owned();
    assert!(
        header.contains("-> X25519") && !header.contains("scrypt"),
        "{header}"
    );
    let status = ana.ok(&["hardware-key", "status"], Some(PIN));
    assert!(
        status.contains("kept behind a hardware key: softkey"),
        "{status}"
    );

    // From now on the PIN opens the binder; the passphrase alone does not.
    assert!(ana.ok(&["list", "contact"], Some(PIN)).contains("Sam"));
    let members = ana.ok(&["--json", "list", "member"], Some(PIN));
    assert!(members.contains("hardware_recipient"), "{members}");
    let err = ana.fails(ana.command(&["list", "contact"], None));
    assert!(
        err.contains("PIN entry for soft key") && err.contains("cancelled"),
        "{err}"
    );

    // And back to a passphrase.
    let mut cmd = ana.command(&["hardware-key", "remove"], Some(PIN));
    cmd.env("BINDER_NEW_PASSPHRASE", "a new passphrase here");
    succeeds(&mut cmd, "hardware-key remove");
    assert!(!binder::hardware::key_file(&ana.home.identity).exists());
    let mut cmd = ana.command(&["list", "contact"], None);
    cmd.env("BINDER_PASSPHRASE", "a new passphrase here");
    succeeds(&mut cmd, "open with the new passphrase");
}

#[test]
fn every_way_a_key_fails_says_what_happened_and_changes_nothing() {
    let ana = Founder::new(Home::with_starter());
    ana.generate_key(&[]);
    ana.protect();
    let before = ana.files();
    let check = |cmd: Command, expected: &[&str]| {
        let err = ana.fails(cmd);
        for e in expected {
            assert!(err.contains(e), "expected {e:?} in: {err}");
        }
        let after = ana.files();
        let changed: Vec<_> = after
            .keys()
            .filter(|p| before.get(*p) != after.get(*p))
            .collect();
        assert!(
            changed.is_empty() && before.len() == after.len(),
            "{changed:?} changed after: {err}"
        );
    };

    // Wrong PIN: the tries left, as the key counts them.
    check(
        ana.command(&["set", "contact-sam", "notes=x"], Some("111111")),
        &["Wrong PIN for soft key", "2 tries left"],
    );
    check(
        ana.command(&["set", "contact-sam", "notes=x"], Some("111111")),
        &["1 try left"],
    );
    // The right PIN resets the count.
    ana.ok(&["list", "contact"], Some(PIN));

    // The plugin not installed: which one, and how to install it.
    let mut cmd = ana.command(&["set", "contact-sam", "notes=x"], Some(PIN));
    cmd.env("PATH", "/usr/bin:/bin");
    check(
        cmd,
        &["age-plugin-softkey is not installed", "nothing was changed"],
    );

    // The key not inserted.
    let drawer = tempfile::tempdir().unwrap();
    let drawer = drawer.path().join("softkeys");
    std::fs::rename(&ana.keys, &drawer).unwrap();
    check(
        ana.command(&["set", "contact-sam", "notes=x"], Some(PIN)),
        &["is not inserted"],
    );
    std::fs::rename(&drawer, &ana.keys).unwrap();

    // The plugin dying halfway (after it got the PIN).
    let mut cmd = ana.command(&["set", "contact-sam", "notes=x"], Some(PIN));
    cmd.env("AGE_PLUGIN_SOFTKEY_CRASH", "after-pin");
    check(
        cmd,
        &["age-plugin-softkey stopped in the middle of unlocking"],
    );

    // Another key is no key for this identity: the .hardware file naming a key that is
    // inserted but did not seal it.
    let other = Founder::new(Home::empty());
    other.generate_key(&[]);
    let named = binder::hardware::key_file(&ana.home.identity);
    let kept = std::fs::read(&named).unwrap();
    let listed = String::from_utf8(succeeds(
        Command::new(plugin_dir().join("age-plugin-softkey"))
            .arg("--identity")
            .env("AGE_PLUGIN_SOFTKEY_DIR", &other.keys),
        "list the other key",
    ))
    .unwrap();
    let other_identity = listed
        .lines()
        .find(|l| l.starts_with("AGE-PLUGIN-"))
        .unwrap();
    let text = String::from_utf8(kept.clone()).unwrap();
    let mine = text.lines().find(|l| l.starts_with("AGE-PLUGIN-")).unwrap();
    std::fs::write(&named, text.replace(mine, other_identity)).unwrap();
    let before_other = ana.files();
    let mut cmd = ana.command(&["set", "contact-sam", "notes=x"], Some(PIN));
    cmd.env("AGE_PLUGIN_SOFTKEY_DIR", &other.keys);
    let err = ana.fails(cmd);
    assert!(
        err.contains("the hardware key does not open the identity file"),
        "{err}"
    );
    assert!(before_other == ana.files(), "a file changed");
    std::fs::write(&named, kept).unwrap();

    // Still opens with the right PIN after all of it.
    ana.ok(
        &["set", "contact-sam", "notes=after the failures"],
        Some(PIN),
    );
}

#[test]
fn a_key_that_wants_a_touch_waits_for_it_and_says_so_when_none_comes() {
    let ana = Founder::new(Home::with_starter());
    ana.generate_key(&["--touch"]);
    // Setting up asks for the touch too: touch ahead of time.
    let serial = std::fs::read_dir(&ana.keys)
        .unwrap()
        .find_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".key").map(str::to_string)
        })
        .unwrap();
    let touch = ana.keys.join(format!("{serial}.touch"));
    std::fs::write(&touch, "").unwrap();
    ana.protect();
    let before = ana.files();
    let mut cmd = ana.command(&["list", "contact"], Some(PIN));
    cmd.env("AGE_PLUGIN_SOFTKEY_TOUCH_SECS", "1");
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains(&format!("Touch your soft key {serial}")),
        "{err}"
    );
    assert!(err.contains("Touch timed out"), "{err}");
    assert!(before == ana.files(), "a file changed");
    std::fs::write(&touch, "").unwrap();
    ana.ok(&["list", "contact"], Some(PIN));
}

/// age reads a plugin's PIN from a terminal: `script` gives it one, and the PIN is typed.
fn age_decrypt_with_key(founder: &Founder, file: &Path, out: &Path) {
    require_tool("age");
    require_tool("script");
    let mut child = Command::new("script")
        .args([
            "-qec",
            &format!(
                "age -d -i {} -o {} {}",
                binder::hardware::key_file(&founder.home.identity).display(),
                out.display(),
                file.display()
            ),
            "/dev/null",
        ])
        .env("PATH", path_with_plugin())
        .env("AGE_PLUGIN_SOFTKEY_DIR", &founder.keys)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("run script");
    std::thread::sleep(std::time::Duration::from_millis(700));
    use std::io::Write;
    writeln!(child.stdin.as_mut().expect("stdin"), "{PIN}").expect("type the PIN");
    assert!(
        child.wait().expect("wait").success(),
        "age with the plugin could not decrypt {}",
        file.display()
    );
}

#[test]
fn two_founders_one_on_a_key_and_one_on_a_passphrase_share_one_file_that_age_opens_with_the_key() {
    require_tool("sqlite3");
    let ana = Founder::new(Home::with_starter());
    let sam = founder("Sam Okafor");
    let dropbox = tempfile::tempdir().unwrap();
    let shared = dropbox.path().join("plan.binder");
    let shared_s = shared.to_str().unwrap();
    ana.generate_key(&[]);
    ana.protect();

    ana.ok(
        &["member", "add", &invitation(&sam), "--role", "editor"],
        Some(PIN),
    );
    ana.ok(&["sync", shared_s], Some(PIN));
    // Sam has no plugin at all: joining, editing and syncing need none.
    let mut join = sam.command(&["join", shared_s]);
    join.env("PATH", "/usr/bin:/bin");
    succeeds(&mut join, "sam joins without the plugin");
    let mut edit = sam.command(&["set", "contact-asa", "notes=Sam was here"]);
    edit.env("PATH", "/usr/bin:/bin");
    succeeds(&mut edit, "sam edits");
    let mut sync = sam.command(&["sync", shared_s]);
    sync.env("PATH", "/usr/bin:/bin");
    succeeds(&mut sync, "sam syncs");

    ana.ok(&["sync", shared_s], Some(PIN));
    assert!(
        ana.ok(&["show", "contact-asa"], Some(PIN))
            .contains("Sam was here")
    );
    ana.ok(&["set", "contact-sam", "notes=Ana on a key"], Some(PIN));
    ana.ok(&["sync", shared_s], Some(PIN));
    sam.ok(&["sync", shared_s]);
    assert!(sam.ok(&["show", "contact-sam"]).contains("Ana on a key"));
    assert_eq!(
        ana.ok(&["fingerprint"], Some(PIN)),
        sam.ok(&["fingerprint"])
    );

    // The shared file Sam wrote last is encrypted to Ana's key too: the real age CLI with the
    // plugin opens it with the .hardware file alone, and sqlite3 reads the plan inside.
    let db = ana.home.path("shared.db");
    age_decrypt_with_key(&ana, &shared, &db);
    let mut sql = Command::new("sqlite3");
    sql.arg(&db)
        .arg("SELECT count(*) FROM records WHERE kind = 'member'");
    let count = String::from_utf8(succeeds(&mut sql, "sqlite3 reads the plan")).unwrap();
    assert_eq!(count.trim(), "2", "{count}");
    // And Ana's own binder.
    let own = ana.home.path("own.db");
    age_decrypt_with_key(&ana, &ana.home.binder, &own);
    assert!(std::fs::metadata(&own).unwrap().len() > 0);
}

#[test]
fn a_key_whose_recipient_needs_its_plugin_seals_the_identity_through_the_plugin() {
    // As a YubiKey's age1yubikey1… recipient: only the plugin encrypts to it.
    let ana = Founder::new(Home::with_starter());
    ana.generate_key(&["--plugin-recipient"]);
    let listed = ana.ok(&["hardware-key", "list", "softkey"], None);
    assert!(listed.contains("recipient age1softkey1"), "{listed}");
    ana.protect();
    let status = ana.ok(&["hardware-key", "status"], None);
    assert!(status.contains("recipient age1softkey1"), "{status}");
    // Co-founders could not encrypt to it without the plugin: it is not put on the member
    // record, and the binder stays encrypted to the identity (which the key guards).
    let members = ana.ok(&["--json", "list", "member"], Some(PIN));
    assert!(!members.contains("age1softkey1"), "{members}");
    ana.ok(
        &["set", "contact-sam", "notes=sealed through the plugin"],
        Some(PIN),
    );
    let err = ana.fails(ana.command(&["list", "contact"], Some("000000")));
    assert!(err.contains("2 tries left"), "{err}");
    // Protecting again is refused while it is kept behind a key.
    let err = ana.fails(ana.command(&["hardware-key", "protect", "softkey"], Some(PIN)));
    assert!(err.contains("already kept behind a softkey key"), "{err}");
}
