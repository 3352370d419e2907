//! The app syncing by itself through a real sync engine: two Syncthing peers on loopback; Ann
//! works in her app window (which syncs the shared file in her Syncthing folder by itself), Ben
//! with `binder sync --watch` on his. Both add contacts at the same moments; they converge to
//! one fingerprint with every edit, no `.sync-conflict-…` copy is left, and every contact each
//! conflict copy held (kept aside the moment it appeared) arrived.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use e2e::{App, run, target_dir};

#[path = "../../shared/syncthing_peer.rs"]
mod syncthing_peer;
use syncthing_peer::{ConflictCopies, Peer};

const ANN_PASS: &str = "ann's four word passphrase";
const BEN_PASS: &str = "ben's own four words";

/// Ben's `binder` command line, in his own home.
fn ben(home: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(target_dir().join("debug").join("binder"));
    cmd.args(args)
        .env("BINDER_PATH", home.join("plan.binder"))
        .env("BINDER_IDENTITY", home.join("identity.age"))
        .env("BINDER_PASSPHRASE", BEN_PASS)
        .stdin(Stdio::null());
    cmd
}

fn ben_ok(home: &Path, args: &[&str]) -> String {
    let out = ben(home, args).output().expect("the binder CLI is built");
    assert!(
        out.status.success(),
        "binder {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Conflict copies of the shared file (Syncthing's own `.syncthing.….tmp` downloads of one that
/// was removed meanwhile are Syncthing's to clean up, after its `keepTemporariesH`).
fn conflict_copies(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|e| {
            e.flatten()
                .filter(|e| {
                    binder::sync::is_conflicted_copy(
                        "plan.binder",
                        &e.file_name().to_string_lossy(),
                    )
                })
                .count()
        })
        .unwrap_or(0)
}

struct Watch(Child);

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
#[ignore = "drives the real app window: scripts/test.sh runs it under Xvfb, with only loopback (--ignored)"]
fn the_app_and_a_watcher_converge_through_a_real_syncthing_pair() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = Peer::pair(dir.path());
        let ann_shared: PathBuf = a.folder.join("plan.binder");
        let ben_shared: PathBuf = b.folder.join("plan.binder");
        let (ann_home, ben_home) = (dir.path().join("ann"), dir.path().join("ben"));
        std::fs::create_dir_all(&ann_home).unwrap();
        std::fs::create_dir_all(&ben_home).unwrap();

        // Ann: her binder, its shared file in her Syncthing folder; Ben's invitation added.
        let mut ann = App::start("syncthing-ann", &ann_home, &[]).await;
        ann.create_binder("Ann Owner", "Synced AB", ANN_PASS).await;
        ann.choose_shared_file(&ann_shared).await;
        let invitation = ben_ok(&ben_home, &["member", "invite", "--name", "Ben Editor"]);
        let invitation = invitation
            .split_whitespace()
            .find(|w| w.starts_with("cbinvite1:"))
            .expect("an invitation")
            .to_string();
        ann.press("[data-testid=nav-team]").await;
        ann.fill("[data-testid=add-invitation]", &invitation).await;
        ann.wait_text("[data-testid=invitation-whose]", "Ben Editor")
            .await;
        ann.press("[data-testid=add-member]").await;
        ann.wait_text("[data-testid=members]", "Ben Editor").await;

        // Syncthing carries the shared file (with Ben in it) to his folder; he joins there.
        let start = Instant::now();
        loop {
            if ben_shared.is_file()
                && ben(&ben_home, &["join", ben_shared.to_str().unwrap()])
                    .status()
                    .unwrap()
                    .success()
            {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(90),
                "Ben could not join through Syncthing"
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        let copies = ConflictCopies::watch(
            vec![a.folder.clone(), b.folder.clone()],
            "plan.binder",
            &dir.path().join("conflict-copies"),
        );
        let _watch = Watch(
            ben(
                &ben_home,
                &["sync", "--watch", ben_shared.to_str().unwrap()],
            )
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
        );

        // Both add contacts at the same moments: Ann in the app's form, Ben on the command line.
        let rounds = 4;
        let mut expected = Vec::new();
        for round in 0..rounds {
            let (an, bn) = (format!("Ann app {round} ok"), format!("Ben cli {round} ok"));
            let ben_home2 = ben_home.clone();
            let bn2 = bn.clone();
            let ben_edit = std::thread::spawn(move || {
                for _ in 0..100 {
                    if ben(&ben_home2, &["add", "contact", &format!("name={bn2}")])
                        .status()
                        .unwrap()
                        .success()
                    {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                panic!("Ben could not add {bn2}");
            });
            ann.click("Contacts").await;
            ann.press("[data-testid=new-contact]").await;
            ann.fill("[data-testid=field-name]", &an).await;
            // Ctrl+S: the notices of earlier saves may cover the button.
            ann.ctrl('s').await;
            ann.wait_text("h1", &an).await;
            ben_edit.join().unwrap();
            expected.push(an);
            expected.push(bn);
        }

        // Converged: Ann's window (syncing by itself) and Ben's copy hold the same plan.
        let start = Instant::now();
        let last = loop {
            let ben_fp = ben_ok(&ben_home, &["fingerprint"]).trim().to_string();
            let ben_list = ben_ok(&ben_home, &["list", "contact"]);
            let line = ann
                .script(
                    "return document.querySelector('[data-testid=sync-line]')?.textContent ?? '';",
                )
                .await
                .as_str()
                .unwrap_or_default()
                .to_string();
            ann.click("Contacts").await;
            let ann_list = ann.find("main").await.text().await.unwrap_or_default();
            let all = expected
                .iter()
                .all(|e| ben_list.contains(e.as_str()) && ann_list.contains(e.as_str()));
            let last = format!(
                "Ann's line {line:?}, Ben's fingerprint {ben_fp}, copies {} / {}",
                conflict_copies(&a.folder),
                conflict_copies(&b.folder)
            );
            if all
                && line.contains(&ben_fp)
                && conflict_copies(&a.folder) == 0
                && conflict_copies(&b.folder) == 0
            {
                break last;
            }
            if start.elapsed() > Duration::from_secs(200) {
                let names: Vec<String> = std::fs::read_dir(&a.folder)
                    .map(|e| {
                        e.flatten()
                            .map(|e| e.file_name().to_string_lossy().into_owned())
                            .collect()
                    })
                    .unwrap_or_default();
                ann.press("[data-testid=nav-sync]").await;
                let sync_view = ann.find("main").await.text().await.unwrap_or_default();
                panic!(
                    "never converged: {last}\nAnn's folder: {names:?}\nAnn's Sync view: {sync_view}"
                );
            }
            tokio::time::sleep(Duration::from_millis(1000)).await;
        };
        eprintln!(
            "converged {:.1} s after the last edit: {last}",
            start.elapsed().as_secs_f64()
        );
        // No conflict copy is left, and what each held arrived: every contact in each one (as
        // it was when it appeared) is in the converged plan.
        let kept = copies.stop();
        assert_eq!(conflict_copies(&a.folder), 0, "a conflict copy is left");
        assert_eq!(conflict_copies(&b.folder), 0, "a conflict copy is left");
        let keys = std::sync::Arc::new(
            binder::Keys::open_identity_file(
                &ben_home.join("identity.age"),
                || Ok(BEN_PASS.into()),
            )
            .expect("Ben's identity opens"),
        );
        let contacts_in = |file: &Path| -> Vec<String> {
            binder::Binder::open(file, keys.clone(), binder::Mode::Read)
                .unwrap_or_else(|e| panic!("{} does not open: {e}", file.display()))
                .list("contact", false)
                .unwrap()
                .iter()
                .map(binder::Record::title)
                .collect()
        };
        let converged = contacts_in(&ben_home.join("plan.binder"));
        for e in &expected {
            assert!(converged.contains(e), "{e} is not in the converged plan");
        }
        for copy in &kept {
            for name in contacts_in(copy) {
                assert!(
                    converged.contains(&name),
                    "{name:?}, in the conflict copy {}, did not arrive",
                    copy.display()
                );
            }
        }
        eprintln!(
            "{} conflict copies read before they were absorbed; everything in them arrived",
            kept.len()
        );
        ann.screenshot("converged").await;
        ann.stop().await;
    });
}
