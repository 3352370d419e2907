//! Sync by itself, measured on the large benchmark binder (5,000 contacts, 500 vendors, 300
//! sections… plus the starter plan), two founders:
//! - a local edit in the app window → the change is in the shared file (debounce + sync);
//! - the other founder's change written to the shared file → it shows in the open window (file
//!   watching + sync + the page reading the record again);
//!
//! against the real alternative in the same run: the command line's `binder sync --watch`
//! (the same core sync, triggered by the same kind of file watching) — local edit → shared file,
//! and shared change → local file. Release builds when present (else debug, said in the output).
//! Run:
//!   bash scripts/package.sh   # or: cargo build --release -p continuity-binder-app -p binder-cli
//!   cargo bench -p e2e --bench sync
//! Prints a Markdown table for docs/PERFORMANCE.md.

#[path = "../../../benches/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use binder::{Binder, Keys, Mode, keys::Invitation};
use e2e::{App, terminate};
use fantoccini::Locator;

const RUNS: usize = 5;
const PASSPHRASE: &str = "benchmark passphrase for sync";

fn built(name: &str) -> (PathBuf, &'static str) {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    for profile in ["release", "debug"] {
        let path = target.join(profile).join(name);
        if path.is_file() {
            return (path, profile);
        }
    }
    panic!("{name} is not built; run: bash scripts/package.sh");
}

fn mtime(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Waits until `path`'s modification time differs from `before`; returns when, or panics.
fn wait_written(path: &Path, before: Option<SystemTime>, timeout: Duration) -> Instant {
    let deadline = Instant::now() + timeout;
    loop {
        if mtime(path) != before {
            return Instant::now();
        }
        assert!(
            Instant::now() < deadline,
            "{} was never written",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

use common::{median_f64 as median, range_f64 as range};

fn ms(since: Instant, at: Instant) -> f64 {
    at.duration_since(since).as_secs_f64() * 1000.0
}

/// Waits until nothing has written `path` for a second (the app has no sync in flight).
fn quiet(path: &Path) {
    let mut last = mtime(path);
    let mut since = Instant::now();
    while since.elapsed() < Duration::from_secs(1) {
        std::thread::sleep(Duration::from_millis(20));
        let now = mtime(path);
        if now != last {
            last = now;
            since = Instant::now();
        }
    }
}

/// Ben (the other founder, outside the app) changes Sam's e-mail and syncs; returns when his
/// sync had written the shared file.
fn ben_edits(ben: &mut Binder, shared: &Path, value: &str) -> Instant {
    ben.set("contact-sam", &[("emails".into(), value.into())])
        .expect("Ben edits");
    ben.save().expect("Ben saves");
    binder::sync::sync(ben, shared).expect("Ben syncs");
    Instant::now()
}

fn main() {
    let (app_bin, profile) = built("continuity-binder");
    let (cli_bin, _) = built("binder");
    eprintln!(
        "{profile} builds: {} and {}",
        app_bin.display(),
        cli_bin.display()
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path().join("ann");
    std::fs::create_dir_all(&home).expect("home");
    let shared = dir.path().join("Dropbox").join("team.binder");
    std::fs::create_dir_all(shared.parent().expect("folder")).expect("shared folder");

    // Ann's large binder, Ben added as editor, the shared file made, Ben joined.
    let local = home.join("binder.binder");
    let identity = home.join("identity.age");
    let ann_keys = Keys::generate("Ann Owner");
    ann_keys
        .create_identity_file(&identity, &secrecy::SecretString::from(PASSPHRASE))
        .expect("identity");
    let ann_keys = Arc::new(ann_keys);
    let ben_keys = Keys::generate("Ben Editor");
    {
        let mut ann = common::generate_owned(&local, ann_keys.clone());
        ann.import_starter_plan().expect("starter plan");
        let invitation = Invitation::of(&ben_keys).expect("can sign").encode();
        ann.add_member(&invitation, "editor").expect("add Ben");
        ann.save().expect("save");
        binder::sync::sync(&mut ann, &shared).expect("first sync");
    }
    let size = std::fs::metadata(&shared).expect("shared").len();
    let (mut ben, _) =
        binder::sync::join(&dir.path().join("ben.binder"), &shared, ben_keys).expect("Ben joins");
    std::fs::write(
        home.join("app.json"),
        serde_json::json!({
            "binder": local, "identity": identity, "shared": shared,
            "last_sync": "2026-12-01T00:00:00Z", "idle_lock_minutes": 0
        })
        .to_string(),
    )
    .expect("settings");

    // The app: Ann's window on Sam's record.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (app_local, app_remote) = runtime.block_on(async {
        let app = App::start_with("bench-sync", &home, &[], &app_bin, &[]).await;
        app.unlock_with(PASSPHRASE).await;
        app.wait_text("[data-testid=call-list]", "Incident lead")
            .await;
        let synced = "[data-testid=sync-line][data-phase=synced][data-pending=false]";
        let settle = async || {
            while app.client.find(Locator::Css(synced)).await.is_err() {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        };
        settle().await;
        app.ctrl('k').await;
        let search = app.find("[data-testid=search-input]").await;
        search.send_keys("Sam Okafor").await.expect("type");
        app.wait_text("[data-testid=search-results]", "Sam Okafor")
            .await;
        app.enter(&search).await;
        app.wait_text("h1", "Sam Okafor").await;
        let (mut to_shared, mut to_window) = (Vec::new(), Vec::new());
        for i in 0..RUNS {
            // A local edit, saved in the window, reaches the shared file.
            settle().await;
            quiet(&shared);
            let before = mtime(&shared);
            app.press("[data-testid=edit]").await;
            app.fill("[data-testid=field-phones]", &format!("+1 555 01{i:02}"))
                .await;
            app.press("[data-testid=save]").await;
            let saved = Instant::now();
            let written = wait_written(&shared, before, Duration::from_secs(30));
            to_shared.push(ms(saved, written));
            app.wait_text("dd", &format!("+1 555 01{i:02}")).await;
            settle().await;

            // Ben's change reaches Ann's open window.
            quiet(&shared);
            let mail = format!("ben-{i}@example.com");
            let sent = ben_edits(&mut ben, &shared, &mail);
            loop {
                let page = app.find("main").await.text().await.unwrap_or_default();
                if page.contains(&mail) {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            to_window.push(ms(sent, Instant::now()));
            settle().await;
            eprintln!(
                "  app run {i}: edit → shared {:.0} ms, shared → window {:.0} ms",
                to_shared[i], to_window[i]
            );
        }
        app.stop().await;
        (to_shared, to_window)
    });

    // The alternative: `binder sync --watch`, the same two ways.
    let mut watcher = Command::new(&cli_bin)
        .args(["--binder"])
        .arg(&local)
        .arg("--identity")
        .arg(&identity)
        .arg("sync")
        .arg(&shared)
        .args(["--watch", "--interval", "600"])
        .env("BINDER_PASSPHRASE", PASSPHRASE)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("binder sync --watch");
    std::thread::sleep(Duration::from_secs(5));
    let (mut cli_local, mut cli_remote) = (Vec::new(), Vec::new());
    for i in 0..RUNS {
        // A local edit (through the core, as `binder set` would, without its key derivation).
        let before = mtime(&shared);
        let saved = loop {
            match Binder::open(&local, ann_keys.clone(), Mode::Write) {
                Ok(mut ann) => {
                    ann.set(
                        "contact-sam",
                        &[("phones".into(), format!("+1 555 02{i:02}"))],
                    )
                    .expect("edit");
                    ann.save().expect("save");
                    break Instant::now();
                }
                // The watcher is syncing: it holds the lock for that long.
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
        };
        cli_local.push(ms(
            saved,
            wait_written(&shared, before, Duration::from_secs(30)),
        ));
        std::thread::sleep(Duration::from_secs(2));

        let before = mtime(&local);
        let sent = ben_edits(&mut ben, &shared, &format!("ben-cli-{i}@example.com"));
        cli_remote.push(ms(
            sent,
            wait_written(&local, before, Duration::from_secs(30)),
        ));
        std::thread::sleep(Duration::from_secs(2));
        eprintln!(
            "  cli run {i}: edit → shared {:.0} ms, shared → local file {:.0} ms",
            cli_local[i], cli_remote[i]
        );
    }
    terminate(&mut watcher);

    println!(
        "Large binder: shared file {:.1} MiB; {profile} builds; {RUNS} runs each, median (range).\n",
        size as f64 / 1024.0 / 1024.0
    );
    println!("| | app (sync by itself) | `binder sync --watch` | ratio app / CLI |");
    println!("|---|---|---|---|");
    println!(
        "| local edit → in the shared file (ms) | {:.0} ({}) | {:.0} ({}) | {:.1} |",
        median(app_local.clone()),
        range(&app_local),
        median(cli_local.clone()),
        range(&cli_local),
        median(app_local.clone()) / median(cli_local.clone())
    );
    println!(
        "| other founder's change → shown in the window (app) / in the local file (CLI) (ms) | {:.0} ({}) | {:.0} ({}) | {:.1} |",
        median(app_remote.clone()),
        range(&app_remote),
        median(cli_remote.clone()),
        range(&cli_remote),
        median(app_remote.clone()) / median(cli_remote.clone())
    );
}
