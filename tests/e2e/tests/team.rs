//! The app doing the whole job with no terminal: two founders in two app windows (separate
//! homes) make a team, sync by themselves, and one removes the other; the shared folder going
//! away and coming back; recovery keys, the passphrase, earlier versions; contacts and calendars
//! in and out. Nothing here is done through the CLI or the core API except checking the result
//! from outside (the `age` CLI, Python's `vobject` and `icalendar`).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use binder::Keys;
use e2e::{App, recipients, run, wait_phase};

const ANN_PASS: &str = "ann's four word passphrase";
const BEN_PASS: &str = "ben's own four words";

/// Ann creates a binder in her app window.
async fn create(app: &App, name: &str, org: &str, pass: &str) {
    app.create_binder(name, org, pass).await;
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
        let shot = ben.screenshot("invitation-qr").await;
        // The QR code on screen, photographed (here: the screenshot), reads back as the text.
        let read = Command::new("zbarimg")
            .args(["-q", "--raw"])
            .arg(&shot)
            .output()
            .expect("zbarimg runs (apt install zbar-tools)");
        assert_eq!(
            String::from_utf8_lossy(&read.stdout).trim(),
            invitation.trim(),
            "the QR code holds the invitation"
        );

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
        let keys_before = recipients(&shared);
        ann.press("[data-testid=add-member]").await;
        ann.wait_text("[data-testid=members]", "Ben Editor").await;
        // Ann's app publishes the change by itself (debounced): the shared file is written
        // again, encrypted to Ben's key too; then Ben can join.
        let deadline = Instant::now() + Duration::from_secs(10);
        while recipients(&shared) <= keys_before {
            assert!(
                Instant::now() < deadline,
                "the shared file was not written for Ben within 10 s ({keys_before} keys before)"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        wait_phase(&ann, "synced", Duration::from_secs(10)).await;
        ann.screenshot("team").await;
        ann.press("[aria-label='Switch between dark and light']")
            .await;
        ann.screenshot("team-dark").await;
        ann.press("[aria-label='Switch between dark and light']")
            .await;

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

/// Opens the binder at `file` with the identity in `identity` (passphrase `pass`) from outside
/// the app, to check what was written.
fn read_binder(file: &Path, identity: &Path, pass: &str) -> binder::Binder {
    let keys = Keys::open_identity_file(identity, || Ok(pass.into())).unwrap();
    binder::Binder::open(file, keys, binder::Mode::Read).unwrap()
}

/// The shared folder goes away while the app runs (a USB stick pulled): the status line says
/// offline, a change is kept, and when the folder is back the app publishes it by itself.
#[test]
#[ignore = "drives the real app window: scripts/test.sh runs it under Xvfb, with only loopback (--ignored)"]
fn the_shared_folder_goes_away_and_comes_back() {
    run(async {
        let home = tempfile::tempdir().unwrap();
        let mut app = App::demo("offline", home.path()).await;
        let stick = home.path().join("usb-stick");
        let shared = stick.join("company.binder");
        app.choose_shared_file(&shared).await;
        wait_phase(&app, "synced", Duration::from_secs(10)).await;

        // The stick is pulled.
        let away = home.path().join("usb-stick-elsewhere");
        std::fs::rename(&stick, &away).unwrap();
        open_record(&app, "Sam Okafor").await;
        app.press("[data-testid=edit]").await;
        app.fill("[data-testid=field-phones]", "+1 555 0177").await;
        app.press("[data-testid=save]").await;
        app.wait_text("dd", "+1 555 0177").await;
        wait_phase(&app, "offline", Duration::from_secs(10)).await;
        app.press("[aria-label='Switch between dark and light']")
            .await;
        app.screenshot("offline-dark").await;
        app.press("[aria-label='Switch between dark and light']")
            .await;
        let line = app
            .script("return document.querySelector('[data-testid=sync-line]').innerText;")
            .await;
        let line = line.as_str().unwrap_or_default();
        assert!(
            line.contains("working offline") && line.contains("changes waiting"),
            "{line}"
        );
        let alerts = app
            .client
            .find_all(fantoccini::Locator::Css("[role=alert]"))
            .await
            .unwrap();
        assert!(alerts.is_empty(), "no error dialog for a missing folder");
        app.screenshot("offline").await;
        assert!(!stick.exists(), "nothing was made where the stick was");

        // It comes back: the waiting change goes out by itself.
        std::fs::rename(&away, &stick).unwrap();
        let took = wait_phase(&app, "synced", Duration::from_secs(20)).await;
        eprintln!("published {took:?} after the folder came back");
        app.screenshot("back-online").await;
        let copy = read_binder(
            &shared,
            &home.path().join("demo").join("demo-identity.age"),
            "demo passphrase",
        );
        let sam = copy.record("contact-sam").unwrap();
        assert_eq!(
            sam.text("phones"),
            "+1 555 0177",
            "the change made offline is in the shared file"
        );
        app.stop().await;
    });
}

/// Keys and health: recovery keys added (shown once, opens the binder with `age`), listed and
/// removed (no longer opens it); the passphrase changed (the old one refused at unlock, the new
/// one opens); an earlier version restored; the binder verified. Light and dark screenshots.
#[test]
#[ignore = "drives the real app window: scripts/test.sh runs it under Xvfb, with only loopback (--ignored)"]
fn recovery_keys_passphrase_versions_and_verify() {
    run(async {
        let home = tempfile::tempdir().unwrap();
        let mut app = App::start("keys", home.path(), &[]).await;
        create(&app, "Ann Owner", "Keys AB", ANN_PASS).await;
        let binder_file = home.path().join("binder.binder");

        app.press("[data-testid=nav-keys]").await;
        app.wait_text("[data-testid=recovery-keys]", "Made with the binder")
            .await;
        app.fill("[data-testid=recovery-label]", "Safe deposit box")
            .await;
        app.press("[data-testid=recovery-add]").await;
        let secret = app
            .find("[data-testid=recovery-key]")
            .await
            .text()
            .await
            .unwrap();
        assert!(secret.starts_with("AGE-SECRET-KEY-1"), "{secret}");
        app.screenshot("new-recovery-key").await;
        assert!(
            age_opens(&binder_file, &secret),
            "the new key opens the binder with age"
        );
        app.press("[data-testid=recovery-kept]").await;
        app.press("[data-testid=recovery-done]").await;
        let list = app
            .wait_text("[data-testid=recovery-keys]", "Safe deposit box")
            .await;
        assert!(list.contains("Ann Owner"), "who made it: {list}");
        assert!(!list.contains(&secret), "the secret is never listed");
        app.screenshot("recovery-keys").await;

        // Removed: copies from now on are not encrypted to it.
        app.find_xpath(
            "//tr[td//strong[.='Safe deposit box']]//button[@data-testid='recovery-remove']",
        )
        .await
        .click()
        .await
        .unwrap();
        app.press("[data-testid=confirm-recovery-remove]").await;
        app.wait_text("body", "Removed the recovery key").await;
        let list = app
            .find("[data-testid=recovery-keys]")
            .await
            .text()
            .await
            .unwrap();
        assert!(!list.contains("Safe deposit box"), "{list}");
        assert!(
            !age_opens(&binder_file, &secret),
            "the removed key no longer opens the binder"
        );

        // The version before the removal comes back with its key.
        let versions = app.wait_text("[data-testid=generations]", "change").await;
        assert!(versions.contains("Ann Owner"), "{versions}");
        app.screenshot("versions").await;
        app.press("[data-testid=restore]").await;
        app.press("[data-testid=confirm-restore]").await;
        app.wait_text("body", "Restored the version").await;
        app.wait_text("[data-testid=recovery-keys]", "Safe deposit box")
            .await;
        assert!(
            age_opens(&binder_file, &secret),
            "restored: encrypted to it again"
        );

        // Verify, in words.
        app.press("[data-testid=verify]").await;
        let result = app
            .wait_text("[data-testid=verify-result]", "checks out")
            .await;
        assert!(result.contains("signed by its author"), "{result}");
        app.screenshot("verified").await;
        app.press("[aria-label='Switch between dark and light']")
            .await;
        app.screenshot("verified-dark").await;
        app.press("[aria-label='Switch between dark and light']")
            .await;

        // The passphrase: a wrong current one is refused, then changed.
        app.fill("[data-testid=old-passphrase]", "not my passphrase")
            .await;
        app.fill(
            "[data-testid=new-passphrase]",
            "a brand new passphrase here",
        )
        .await;
        app.fill(
            "[data-testid=confirm-passphrase]",
            "a brand new passphrase here",
        )
        .await;
        app.press("[data-testid=change-passphrase]").await;
        app.wait_text(
            "[data-testid=passphrase-error]",
            "not your current passphrase",
        )
        .await;
        app.fill("[data-testid=old-passphrase]", ANN_PASS).await;
        app.press("[data-testid=change-passphrase]").await;
        app.wait_text("body", "Passphrase changed").await;
        app.ctrl('l').await;
        app.unlock_with(ANN_PASS).await;
        app.wait_text("[data-testid=unlock-error]", "does not open this binder")
            .await;
        app.unlock_with("a brand new passphrase here").await;
        app.wait_text("[data-testid=call-list]", "Incident lead")
            .await;
        app.stop().await;
    });
}

fn python(script: &str, file: &Path) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(file)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Contacts and calendars in and out: a Gmail vCard export imported after a preview; the call
/// list exported as vCard (read by Python's `vobject`), the schedule as iCalendar (read by
/// `icalendar`); the whole binder as JSON, imported into another founder's new binder.
#[test]
#[ignore = "drives the real app window: scripts/test.sh runs it under Xvfb, with only loopback (--ignored)"]
fn contacts_and_calendars_in_and_out() {
    run(async {
        let home = tempfile::tempdir().unwrap();
        let mut app = App::demo("transfer", home.path()).await;
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/fixtures/vcard/John_Doe_GMAIL.vcf")
            .canonicalize()
            .expect("the vCard fixtures are at ../shared/fixtures");

        app.press("[data-testid=nav-transfer]").await;
        app.fill("[data-testid=import-path]", fixture.to_str().unwrap())
            .await;
        let before = std::fs::read(home.path().join("demo").join("demo.binder")).ok();
        app.press("[data-testid=import-preview]").await;
        let preview = app
            .wait_text("[data-testid=import-preview-result]", "John Richter")
            .await;
        assert!(preview.contains("1 new"), "{preview}");
        app.screenshot("vcard-preview").await;
        app.press("[aria-label='Switch between dark and light']")
            .await;
        app.screenshot("vcard-preview-dark").await;
        app.press("[aria-label='Switch between dark and light']")
            .await;
        assert_eq!(
            before,
            std::fs::read(home.path().join("demo").join("demo.binder")).ok(),
            "the preview wrote nothing"
        );
        app.press("[data-testid=import-confirm]").await;
        app.wait_text("[data-testid=import-summary]", "1 record(s) created")
            .await;
        open_record(&app, "John Richter").await;

        // A broken file: a clear message, nothing written.
        let broken = home.path().join("broken.vcf");
        std::fs::write(&broken, "BEGIN:VCARD\nVERSION:3.0\nFN:Half a card\n").unwrap();
        app.press("[data-testid=nav-transfer]").await;
        app.fill("[data-testid=import-path]", broken.to_str().unwrap())
            .await;
        app.press("[data-testid=import-preview]").await;
        let error = app.wait_text("[data-testid=import-error]", "").await;
        eprintln!("broken vCard: {error}");
        assert!(error.to_lowercase().contains("vcard"), "{error}");

        // Out: vCard, iCalendar, JSON.
        let out = home.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        let export = async |format: &str, file: &Path| {
            app.find_xpath(&format!(
                "//select[@data-testid='export-format']/option[@value='{format}']"
            ))
            .await
            .click()
            .await
            .unwrap();
            app.fill("[data-testid=export-path]", file.to_str().unwrap())
                .await;
            app.press("[data-testid=export]").await;
            app.wait_text("[data-testid=export-summary]", file.to_str().unwrap())
                .await;
        };
        let vcf = out.join("call-list.vcf");
        export("vcard", &vcf).await;
        let names = python(
            "import sys, vobject\nfor c in vobject.readComponents(open(sys.argv[1], encoding='utf-8').read()):\n    print(c.fn.value)",
            &vcf,
        );
        assert!(
            names.contains("Åsa Öberg") && names.contains("John Richter"),
            "{names}"
        );
        let ics = out.join("schedule.ics");
        export("ical", &ics).await;
        let events = python(
            "import sys, icalendar\ncal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\nfor c in cal.walk():\n    if c.name in ('VEVENT', 'VTODO'):\n        print(c.name, c.get('summary'))",
            &ics,
        );
        assert!(events.lines().count() >= 2, "{events}");
        let json = out.join("binder.json");
        export("json", &json).await;
        app.screenshot("exported").await;
        app.stop().await;

        // Another founder's new, empty binder takes the JSON in.
        let other = tempfile::tempdir().unwrap();
        let mut second = App::start("transfer-import", other.path(), &[]).await;
        second.click("Create a new binder").await;
        second.fill("[data-testid=create-name]", "Ben").await;
        second.fill("[data-testid=create-org]", "Empty AB").await;
        second
            .fill("[data-testid=create-passphrase]", BEN_PASS)
            .await;
        second.fill("[data-testid=create-confirm]", BEN_PASS).await;
        second
            .find_xpath("//label[contains(., 'starter plan')]/input")
            .await
            .click()
            .await
            .unwrap();
        second.press("[data-testid=create-submit]").await;
        second.press("[data-testid=recovery-kept]").await;
        second.press("[data-testid=recovery-done]").await;
        second.press("[data-testid=nav-transfer]").await;
        second
            .find_xpath("//select[@data-testid='import-format']/option[@value='json']")
            .await
            .click()
            .await
            .unwrap();
        second
            .fill("[data-testid=import-path]", json.to_str().unwrap())
            .await;
        second.press("[data-testid=import-preview]").await;
        let preview = second
            .wait_text("[data-testid=import-preview-result]", "John Richter")
            .await;
        assert!(preview.contains("Åsa Öberg"), "{preview}");
        second.screenshot("json-preview").await;
        second.press("[data-testid=import-confirm]").await;
        second
            .wait_text("[data-testid=import-summary]", "created")
            .await;
        open_record(&second, "John Richter").await;
        second.stop().await;
    });
}

/// A binder file given to the app (what a double-click in the file manager runs, through the
/// desktop entry's `%f`) opens at its unlock screen, with the identity beside it. Run by
/// scripts/test-package.sh again with `CB_APP_BINARY=/usr/bin/continuity-binder`: the app the
/// installed package put on the PATH.
#[test]
#[ignore = "drives the real app window: scripts/test.sh runs it under Xvfb, with only loopback (--ignored)"]
fn a_double_clicked_binder_opens_at_its_unlock_screen() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let stick = dir.path().join("usb");
        std::fs::create_dir_all(&stick).unwrap();
        let file = stick.join("plan.binder");
        {
            // Made elsewhere (by the CLI, on another laptop): only the file and its identity.
            let keys = Keys::generate("Ann Owner");
            keys.create_identity_file(&stick.join("identity.age"), &ANN_PASS.into())
                .unwrap();
            let start = binder::Start::Plan {
                starter: true,
                organisation: "Double Click AB",
            };
            binder::Binder::create(&file, keys, start).unwrap();
        }
        let home = dir.path().join("home");
        std::fs::create_dir_all(&home).unwrap();
        let mut app = App::start("double-click", &home, &[file.to_str().unwrap()]).await;
        app.find("[data-testid=unlock-passphrase]").await;
        app.screenshot("unlock").await;
        app.unlock_with(ANN_PASS).await;
        app.wait_text("[data-testid=call-list]", "Incident lead")
            .await;
        let brand = app
            .script("return document.querySelector('.brand span').textContent;")
            .await;
        assert_eq!(brand, "Double Click AB", "the binder given is the one open");
        app.screenshot("opened").await;
        app.stop().await;
    });
}
