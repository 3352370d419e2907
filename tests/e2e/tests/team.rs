//! The app doing the whole job with no terminal: two founders in two app windows (separate
//! homes) make a team, sync by themselves, and one removes the other; the shared folder going
//! away and coming back; recovery keys, the passphrase, earlier versions; contacts and calendars
//! in and out. Nothing here is done through the CLI or the core API except checking the result
//! from outside (the `age` CLI, Python's `vobject` and `icalendar`).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use binder::Keys;
use e2e::{App, run};

const ANN_PASS: &str = "ann's four word passphrase";
const BEN_PASS: &str = "ben's own four words";

/// Ann creates a binder in her app window.
async fn create(app: &App, name: &str, org: &str, pass: &str) {
    app.click("Create a new binder").await;
    app.fill("[data-testid=create-name]", name).await;
    app.fill("[data-testid=create-org]", org).await;
    app.fill("[data-testid=create-passphrase]", pass).await;
    app.fill("[data-testid=create-confirm]", pass).await;
    app.press("[data-testid=create-submit]").await;
    app.press("[data-testid=recovery-kept]").await;
    app.press("[data-testid=recovery-done]").await;
    app.wait_text("[data-testid=call-list]", "Incident lead")
        .await;
}

/// Opens a record through search (Ctrl+K, type, Enter).
async fn open_record(app: &App, text: &str) {
    app.ctrl('k').await;
    let search = app.find("[data-testid=search-input]").await;
    search.send_keys(text).await.unwrap();
    app.wait_text("[data-testid=search-results]", text).await;
    app.enter(&search).await;
    app.wait_text("h1", text).await;
}

/// Waits until the sync line is in `phase` (for "synced": with nothing waiting to go out), at
/// most `within`; returns how long it took.
async fn wait_phase(app: &App, phase: &str, within: Duration) -> Duration {
    let start = Instant::now();
    let css = match phase {
        "synced" => "[data-testid=sync-line][data-phase=synced][data-pending=false]".to_string(),
        _ => format!("[data-testid=sync-line][data-phase={phase}]"),
    };
    while start.elapsed() < within {
        if app
            .client
            .find(fantoccini::Locator::Css(&css))
            .await
            .is_ok()
        {
            return start.elapsed();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let line = app
        .script("return document.querySelector('[data-testid=sync-line]')?.outerHTML ?? '(none)';")
        .await;
    panic!("the sync line never said {phase} within {within:?}: {line}");
}

fn age_opens(file: &Path, secret: &str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key.txt");
    std::fs::write(&key, format!("{secret}\n")).unwrap();
    Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&key)
        .arg("-o")
        .arg(dir.path().join("plain"))
        .arg(file)
        .status()
        .expect("age runs (apt install age)")
        .success()
}

/// The story: Ann creates a binder and chooses a shared file; Ben makes his invitation;
/// Ann adds Ben as editor in the app; Ben joins; Ben changes a phone number; Ann's window shows
/// it without anyone clicking sync; Ann removes Ben; Ben's next sync is refused, and the shared
/// file no longer opens with Ben's key (the `age` CLI says so).
#[test]
#[ignore = "drives the real app window: scripts/test.sh runs it under Xvfb, with only loopback (--ignored)"]
fn two_founders_make_a_team_and_stay_in_step_by_themselves() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("Dropbox").join("team.binder");
        let (ann_home, ben_home) = (dir.path().join("ann"), dir.path().join("ben"));
        std::fs::create_dir_all(&ann_home).unwrap();
        std::fs::create_dir_all(&ben_home).unwrap();

        let mut ann = App::start("team-ann", &ann_home, &[]).await;
        create(&ann, "Ann Owner", "Two Founders AB", ANN_PASS).await;
        ann.choose_shared_file(&shared).await;
        // The first sync makes the shared file by itself.
        wait_phase(&ann, "synced", Duration::from_secs(10)).await;
        assert!(shared.is_file(), "the shared file was made");

        let mut ben = App::start("team-ben", &ben_home, &[]).await;
        ben.click("Join your team").await;
        ben.fill("[data-testid=join-name]", "Ben Editor").await;
        ben.fill("[data-testid=join-passphrase]", BEN_PASS).await;
        ben.click("Make my invitation").await;
        let invitation = ben
            .find("[data-testid=join-invitation]")
            .await
            .text()
            .await
            .unwrap();
        ben.find("[data-testid=join-qr] svg").await;
        let ben_key = ben
            .find("[data-testid=join-fingerprint]")
            .await
            .text()
            .await
            .unwrap();
        ben.screenshot("invitation-qr").await;

        // Ann adds Ben from the invitation, seeing whose key it is first.
        ann.press("[data-testid=nav-team]").await;
        ann.fill("[data-testid=add-invitation]", &invitation).await;
        let whose = ann
            .wait_text("[data-testid=invitation-whose]", "Ben Editor")
            .await;
        assert!(
            whose.contains(&ben_key),
            "the same fingerprint on both sides: {whose}"
        );
        ann.find_xpath("//select[@data-testid='add-role']/option[@value='editor']")
            .await
            .click()
            .await
            .unwrap();
        ann.screenshot("add-member").await;
        ann.press("[data-testid=add-member]").await;
        ann.wait_text("[data-testid=members]", "Ben Editor").await;
        // Ann's app publishes the change by itself (debounced), then Ben can join.
        tokio::time::sleep(Duration::from_millis(300)).await;
        wait_phase(&ann, "synced", Duration::from_secs(10)).await;
        ann.screenshot("team").await;

        ben.fill("[data-testid=join-shared]", shared.to_str().unwrap())
            .await;
        ben.click("Join").await;
        ben.wait_text("[data-testid=call-list]", "Incident lead")
            .await;

        // Ann looks at Sam's record; Ben changes Sam's number.
        open_record(&ann, "Sam Okafor").await;
        open_record(&ben, "Sam Okafor").await;
        ben.press("[data-testid=edit]").await;
        ben.fill("[data-testid=field-phones]", "+1 555 0199").await;
        ben.press("[data-testid=save]").await;
        ben.wait_text("dd", "+1 555 0199").await;
        let edited = Instant::now();

        // Ann's window shows it without anyone clicking sync.
        let deadline = edited + Duration::from_secs(10);
        loop {
            let page = ann.find("main").await.text().await.unwrap_or_default();
            if page.contains("+1 555 0199") {
                break;
            }
            if Instant::now() >= deadline {
                let line = "return document.querySelector('[data-testid=sync-line]')?.outerHTML ?? '(none)';";
                panic!(
                    "Ann's window did not show Ben's change within 10 s; Ann: {} Ben: {}",
                    ann.script(line).await,
                    ben.script(line).await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        eprintln!(
            "Ben's change showed in Ann's window after {:?}",
            edited.elapsed()
        );
        ann.screenshot("sees-bens-change").await;

        // Ann removes Ben, reading what it means first.
        ann.press("[data-testid=nav-team]").await;
        ann.wait_text("[data-testid=members]", "Ben Editor").await;
        ann.find_xpath("//tr[td//strong[.='Ben Editor']]//button[@data-testid='member-remove']")
            .await
            .click()
            .await
            .unwrap();
        ann.wait_text("[role=alertdialog]", "keeps every copy they already have")
            .await;
        ann.screenshot("remove-member").await;
        ann.press("[data-testid=confirm-remove]").await;
        ann.wait_text("body", "Removed Ben Editor").await;
        let members = ann
            .find("[data-testid=members]")
            .await
            .text()
            .await
            .unwrap();
        assert!(!members.contains("Ben Editor"), "{members}");

        // Ben's app syncs by itself when the shared file changes: refused, clearly.
        wait_phase(&ben, "refused", Duration::from_secs(15)).await;
        ben.press("[data-testid=sync-line]").await;
        ben.wait_text("[role=alert], body", "an owner has removed you")
            .await;
        ben.screenshot("removed").await;

        // The shared file no longer opens with Ben's key; it does with Ann's.
        let secret = |home: &Path, pass: &str| {
            use secrecy::ExposeSecret;
            let keys =
                Keys::open_identity_file(&home.join("identity.age"), || Ok(pass.into())).unwrap();
            keys.age_identity().to_string().expose_secret().to_string()
        };
        assert!(
            !age_opens(&shared, &secret(&ben_home, BEN_PASS)),
            "Ben's key no longer opens it"
        );
        assert!(
            age_opens(&shared, &secret(&ann_home, ANN_PASS)),
            "Ann's still does"
        );
        ben.stop().await;
        ann.stop().await;
    });
}
