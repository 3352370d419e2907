//! If a founder is gone, in two app windows: Ann makes a successor kit in hers (the share sheets
//! are PDFs in a folder); Maria, in her own window with nothing of her own, types two shares from
//! the sheets — a mistyped word pointed at, words completed with Tab — opens the plan read-only,
//! starts an incident, and takes over as owner; Ann's window shows the takeover by itself.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use e2e::{App, run};

const ANN_PASS: &str = "ann's four word passphrase";
const MARIA_PASS: &str = "maria keeps the company going";

/// The share on a printed sheet, read the way a scanner app would: render it, decode its QR code.
fn share_on(sheet: &Path, dir: &Path) -> (String, PathBuf) {
    let png = dir.join(sheet.file_stem().unwrap());
    let ok = Command::new("pdftoppm")
        .args(["-r", "150", "-png", "-singlefile"])
        .arg(sheet)
        .arg(&png)
        .status()
        .expect("pdftoppm runs (apt install poppler-utils)");
    assert!(ok.success());
    let png = png.with_extension("png");
    let out = Command::new("zbarimg")
        .args(["-q", "--raw"])
        .arg(&png)
        .output()
        .expect("zbarimg runs (apt install zbar-tools)");
    (
        String::from_utf8_lossy(&out.stdout).trim().to_lowercase(),
        png,
    )
}

#[test]
#[ignore = "drives the real app window: scripts/test.sh runs it under Xvfb, with only loopback (--ignored)"]
fn a_successor_types_two_shares_opens_the_plan_and_takes_over() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("Dropbox").join("plan.binder");
        let kit = dir.path().join("kit");
        let (ann_home, maria_home) = (dir.path().join("ann"), dir.path().join("maria"));
        std::fs::create_dir_all(&ann_home).unwrap();
        std::fs::create_dir_all(&maria_home).unwrap();

        // Ann: a binder, a shared file, and a successor kit made on the Keys screen.
        let mut ann = App::start("successor-ann", &ann_home, &[]).await;
        ann.create_binder("Ann Berg", "Northwind Bakery", ANN_PASS)
            .await;
        ann.choose_shared_file(&shared).await;
        ann.press("[data-testid=nav-keys]").await;
        ann.wait_text("[data-testid=no-kit]", "No successor kit yet")
            .await;
        ann.fill("[data-testid=kit-holder-1]", "Maria Lopez (lawyer)")
            .await;
        ann.fill("[data-testid=kit-holder-2]", "Tom Berg (advisor)")
            .await;
        ann.fill("[data-testid=kit-holder-3]", "Safe deposit box")
            .await;
        ann.fill("[data-testid=kit-folder]", &kit.display().to_string())
            .await;
        ann.press("[data-testid=kit-make]").await;
        ann.wait_text("[data-testid=kit-made]", "if-i-cannot-be-reached.pdf")
            .await;
        ann.wait_text(
            "[data-testid=kits]",
            "Maria Lopez (lawyer), Tom Berg (advisor), Safe deposit box",
        )
        .await;
        ann.script("document.querySelector('[data-testid=successor-kit]').scrollIntoView();")
            .await;
        ann.screenshot("kit-made").await;
        ann.press("[data-testid=nav-sync]").await;
        ann.click("Sync now").await;

        let mut sheets: Vec<PathBuf> = std::fs::read_dir(&kit)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("share-")
            })
            .collect();
        sheets.sort();
        assert_eq!(sheets.len(), 3, "{sheets:?}");
        let (first, _) = share_on(&sheets[0], dir.path());
        let (third, third_png) = share_on(&sheets[2], dir.path());
        assert_eq!(first.split(' ').count(), 33, "{first}");

        // Maria: her own window, nothing of her own.
        let mut maria = App::start("successor-maria", &maria_home, &[]).await;
        maria.press("[data-testid=choose-successor]").await;
        maria
            .fill(
                "[data-testid=successor-binder]",
                &shared.display().to_string(),
            )
            .await;
        maria
            .fill("[data-testid=successor-name]", "Maria Lopez")
            .await;
        // Share 1, typed: one word by its shortest unambiguous beginning, completed with Tab
        // (the first word that has one: a four-letter word is already whole at four letters).
        let words: Vec<&str> = first.split(' ').collect();
        let (at, prefix) = words
            .iter()
            .enumerate()
            .find_map(|(i, w)| {
                (1..w.len())
                    .map(|n| &w[..n])
                    .find(|p| binder::slip39::complete(p) == [*w])
                    .map(|p| (i, p.to_string()))
            })
            .expect("some word can be completed");
        let field = maria.find("[data-testid=share-1]").await;
        let before: String = words[..at].iter().map(|w| format!("{w} ")).collect();
        field.send_keys(&format!("{before}{prefix}")).await.unwrap();
        maria
            .wait_text("[data-testid=share-suggestions]", words[at])
            .await;
        field.send_keys("\u{e004}").await.unwrap(); // Tab
        field.send_keys(&words[at + 1..].join(" ")).await.unwrap();
        maria
            .wait_text("[data-testid=share-progress]", "1 more needed")
            .await;
        // Share 2 with one word miscopied: pointed at, with the word that fits.
        let mut wrong: Vec<&str> = third.split(' ').collect();
        let original = wrong[9];
        wrong[9] = if original == "academic" {
            "acid"
        } else {
            "academic"
        };
        maria.fill("[data-testid=share-2]", &wrong.join(" ")).await;
        let problem = maria
            .wait_text("[data-testid=share-problem]", "word 10")
            .await;
        assert!(
            problem.contains(&format!("did you mean \"{original}\"")),
            "{problem}"
        );
        maria.screenshot("mistyped-word").await;
        // The share read from a photo of its QR code instead (the real command, on the picture).
        let read = maria
            .script(&format!(
                "const i = window.__TAURI_INTERNALS__; return i.invoke('typed_file', {{ path: {:?}, purpose: 'image' }}).then((f) => i.invoke('share_from_image', {{ file: f.token }}));",
                third_png.display().to_string()
            ))
            .await;
        assert_eq!(
            read.as_str(),
            Some(third.as_str()),
            "the photo gives the share"
        );
        maria.fill("[data-testid=share-2]", &third).await;
        maria
            .wait_text("[data-testid=share-progress]", "enough to open the plan")
            .await;
        maria.screenshot("two-shares").await;
        maria.press("[data-testid=successor-open]").await;
        maria
            .wait_text(
                "[data-testid=recovery-banner]",
                "Opened with successor shares",
            )
            .await;
        maria
            .wait_text("[data-testid=call-list]", "Incident lead")
            .await;
        maria.screenshot("opened-read-only").await;

        // She can run an incident, not change the plan.
        maria.press(".level-grid button").await;
        maria.press("[data-testid=activate-level]").await;
        maria.wait_text("h1", "Level").await;
        maria.screenshot("incident-as-successor").await;

        // She takes over as owner with her own passphrase.
        maria.press("[data-testid=takeover-open]").await;
        maria
            .fill("[data-testid=takeover-passphrase]", MARIA_PASS)
            .await;
        maria
            .fill("[data-testid=takeover-confirm]", MARIA_PASS)
            .await;
        maria.screenshot("take-over").await;
        maria.press("[data-testid=takeover-submit]").await;
        let team = maria
            .wait_text("[data-testid=members]", "Maria Lopez")
            .await;
        assert!(team.contains("Ann Berg"), "{team}");
        maria.screenshot("owner-now").await;
        assert!(
            maria
                .client
                .find(fantoccini::Locator::Css("[data-testid=recovery-banner]"))
                .await
                .is_err(),
            "no longer a successor's session"
        );
        assert!(
            maria_home.join("identity.age").is_file(),
            "her identity was made"
        );

        // Ann's window shows it by itself (her app syncs the shared folder on its own).
        ann.press("[data-testid=nav-home]").await;
        let start = Instant::now();
        loop {
            if let Ok(e) = ann
                .client
                .find(fantoccini::Locator::Css("[data-testid=takeover-banner]"))
                .await
                && e.text()
                    .await
                    .unwrap_or_default()
                    .contains("Maria Lopez took over as owner")
            {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "Ann's window never showed the takeover"
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        ann.screenshot("takeover-seen").await;
        ann.stop().await;
        maria.stop().await;
    });
}
