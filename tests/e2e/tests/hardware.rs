//! A founder keeps their identity behind a hardware key, in the app: Keys and health finds the
//! installed plugin and its key, a wrong PIN is refused with the tries left, the right one
//! protects the identity; locked, the unlock screen asks no passphrase, and the key's PIN dialog
//! opens the binder. The key is `age-plugin-softkey` (tests/softkey), a real age plugin that asks
//! its PIN through the plugin protocol, as age-plugin-yubikey does.

use std::path::Path;
use std::process::{Command, Stdio};

use e2e::{run, target_dir};

const PASS: &str = "ana's four word passphrase";
const PIN: &str = "246810";

#[test]
#[ignore = "drives the real app window: scripts/test.sh runs it under Xvfb, with only loopback (--ignored)"]
fn a_founder_protects_their_identity_with_a_key_and_unlocks_with_its_pin() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("ana");
        let keys = dir.path().join("softkeys");
        std::fs::create_dir_all(&home).unwrap();
        let bin = target_dir().join("debug");
        assert!(
            bin.join("age-plugin-softkey").is_file(),
            "age-plugin-softkey is not built in {}: the test command builds it",
            bin.display()
        );
        let made = Command::new(bin.join("age-plugin-softkey"))
            .arg("--generate")
            .env("AGE_PLUGIN_SOFTKEY_DIR", &keys)
            .env("SOFTKEY_PIN", PIN)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(made.status.success());
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let env: [(&str, &Path); 2] = [
            ("PATH", Path::new(&path)),
            ("AGE_PLUGIN_SOFTKEY_DIR", &keys),
        ];
        let mut ana = e2e::App::start_with("hardware", &home, &[], &e2e::app_binary(), &env).await;
        // The welcome screen makes a recovery key with the binder: the recovery path is there.
        ana.create_binder("Ana Costa", "Acme Ltd", PASS).await;

        ana.press("[data-testid=nav-keys]").await;
        ana.press("[data-testid=hardware-start]").await;
        ana.wait_text("[data-testid=hardware-key]", "softkey").await;
        ana.press("[data-testid=hardware-find]").await;
        ana.wait_text("[data-testid=hardware-key]", "Serial:").await;
        ana.script("document.querySelector('[data-testid=hardware-key]').scrollIntoView();")
            .await;
        ana.screenshot("keys-offered").await;

        // A wrong PIN: the key's own words, the tries left; nothing changed.
        let identity = home.join("identity.age");
        let identity = if identity.exists() {
            identity
        } else {
            find_identity(&home)
        };
        let before = std::fs::read(&identity).unwrap();
        ana.press("[data-testid=hardware-protect]").await;
        ana.wait_text(
            "[data-testid=hardware-prompt-message]",
            "Enter PIN for soft key",
        )
        .await;
        ana.screenshot("pin-dialog").await;
        ana.fill("[data-testid=hardware-prompt-input]", "000000")
            .await;
        let input = ana.find("[data-testid=hardware-prompt-input]").await;
        ana.enter(&input).await;
        ana.wait_text("[data-testid=hardware-error]", "2 tries left")
            .await;
        assert_eq!(
            before,
            std::fs::read(&identity).unwrap(),
            "a refused PIN changes nothing"
        );
        ana.screenshot("wrong-pin").await;

        // The right PIN, typed and sent with Enter.
        ana.press("[data-testid=hardware-protect]").await;
        ana.wait_text("[data-testid=hardware-prompt-message]", "Enter PIN")
            .await;
        ana.fill("[data-testid=hardware-prompt-input]", PIN).await;
        let input = ana.find("[data-testid=hardware-prompt-input]").await;
        ana.enter(&input).await;
        ana.wait_text(
            "[data-testid=hardware-protected]",
            "kept behind your hardware key",
        )
        .await;
        assert!(binder::hardware::protection(&identity).is_some());
        ana.script("document.querySelector('[data-testid=hardware-key]').scrollIntoView();")
            .await;
        ana.screenshot("protected").await;

        // Locked: no passphrase field; Unlock asks the key.
        ana.press("[data-testid=lock]").await;
        ana.wait_text("[data-testid=unlock-hardware]", "hardware key")
            .await;
        let fields = ana
            .script("return document.querySelectorAll('[data-testid=unlock-passphrase]').length;")
            .await;
        assert_eq!(fields, serde_json::json!(0));
        ana.screenshot("locked-hardware").await;
        ana.press("[data-testid=unlock-submit]").await;
        ana.wait_text("[data-testid=hardware-prompt-message]", "Enter PIN")
            .await;
        ana.fill("[data-testid=hardware-prompt-input]", PIN).await;
        ana.press("[data-testid=hardware-prompt-ok]").await;
        ana.wait_text("[data-testid=call-list]", "Incident lead")
            .await;
        ana.screenshot("unlocked-with-key").await;
        ana.stop().await;
    });
}

/// The identity file the app made (under the app's data folder inside `home`).
fn find_identity(home: &Path) -> std::path::PathBuf {
    e2e::files_under(home)
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n == "identity.age"))
        .expect("the app made an identity file")
}
