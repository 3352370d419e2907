//! A real sync engine: two Syncthing instances (Debian's package) on loopback, each serving one
//! founder's folder. Both founders edit the same binder at the same time while `binder sync
//! --watch` runs for each; they converge to one fingerprint with every acknowledged edit, and
//! the `.sync-conflict-…` copies Syncthing makes are absorbed and removed: none is left, and
//! every contact each held (kept aside the moment it appeared) is in the converged binder.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{Home, require_tool};

#[path = "../shared/syncthing_peer.rs"]
mod syncthing_peer;
use syncthing_peer::{ConflictCopies, Peer};

/// `binder sync --watch`, its output kept.
struct Watcher {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Watcher {
    fn start(home: &Home, shared: &Path) -> Watcher {
        let mut child = home
            .command(&["sync", "--watch", shared.to_str().unwrap()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("binder sync --watch");
        let lines = Arc::new(Mutex::new(Vec::new()));
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let lines = lines.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    lines.lock().unwrap().push(line);
                }
            });
        }
        Watcher { child, lines }
    }

    fn output(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_for(what: &str, within: Duration, mut done: impl FnMut() -> bool) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < within {
        if done() {
            return Some(start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    eprintln!("{what}: not within {within:?}");
    None
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|e| {
            e.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn fingerprint(home: &Home) -> String {
    home.json(&["fingerprint"])["fingerprint"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Conflict copies of the shared file (not Syncthing's own `.syncthing.….tmp` downloads, which
/// it cleans up itself).
fn conflict_copies(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|e| {
            e.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| binder::sync::is_conflicted_copy("plan.binder", n))
                .collect()
        })
        .unwrap_or_default()
}

/// Adds a contact, retrying while the watcher holds the binder for a sync (it says so).
fn add(home: &Home, name: &str) {
    for _ in 0..100 {
        let out = home.run(&["add", "contact", &format!("name={name}")]);
        if out.status.success() {
            return;
        }
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("open in another Continuity Binder"),
            "add {name}: {err}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{name} could not be added");
}

#[test]
fn two_founders_editing_at_once_through_a_real_syncthing_pair_converge() {
    let _turn = crate::support::heavy();
    require_tool("syncthing");
    let rounds: usize = std::env::var("CB_SYNCTHING_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = Peer::pair(dir.path());

    // Ann's binder goes into her Syncthing folder; Ben's invitation is added there.
    let ann = Home::with_starter();
    let ann_shared = a.folder.join("plan.binder");
    let ben_shared = b.folder.join("plan.binder");
    ann.ok(&["sync", ann_shared.to_str().unwrap()]);
    let ben = Home::empty();
    let invitation = ben.ok(&["member", "invite", "--name", "Ben Editor"]);
    let invitation = invitation
        .split_whitespace()
        .find(|w| w.starts_with("cbinvite1:"))
        .expect("an invitation")
        .to_string();
    ann.ok(&["member", "add", &invitation, "--role", "editor"]);
    ann.ok(&["sync", ann_shared.to_str().unwrap()]);
    // Syncthing carries it to Ben's folder; he joins from there.
    let first = wait_for(
        "the shared file reaching Ben's folder",
        Duration::from_secs(60),
        || {
            ben_shared.is_file()
                && ben
                    .run(&["join", ben_shared.to_str().unwrap()])
                    .status
                    .success()
        },
    )
    .expect("the shared file reached Ben's folder and he joined");

    let copies = ConflictCopies::watch(
        vec![a.folder.clone(), b.folder.clone()],
        "plan.binder",
        &dir.path().join("conflict-copies"),
    );
    let ann_watch = Watcher::start(&ann, &ann_shared);
    let ben_watch = Watcher::start(&ben, &ben_shared);
    // Both edit at the same time, round after round.
    let mut expected = Vec::new();
    let edits_started = Instant::now();
    for round in 0..rounds {
        let (an, bn) = (
            format!("Ann edit {round:02} ok"),
            format!("Ben edit {round:02} ok"),
        );
        std::thread::scope(|s| {
            s.spawn(|| add(&ann, &an));
            s.spawn(|| add(&ben, &bn));
        });
        expected.push(an);
        expected.push(bn);
        std::thread::sleep(Duration::from_millis(300 + 150 * (round as u64 % 3)));
    }
    let edit_time = edits_started.elapsed();

    // Converged: the same fingerprint, every edit in both, no conflicted copy left.
    let mut last = String::new();
    let converged = wait_for("both binders converging", Duration::from_secs(180), || {
        let (fa, fb) = (fingerprint(&ann), fingerprint(&ben));
        let (la, lb) = (ann.ok(&["list", "contact"]), ben.ok(&["list", "contact"]));
        let missing: Vec<&String> = expected
            .iter()
            .filter(|e| !(la.contains(e.as_str()) && lb.contains(e.as_str())))
            .collect();
        last = format!(
            "fingerprints {fa} / {fb}; missing {missing:?}; Ann's folder {:?}; Ben's folder {:?}",
            listing(&a.folder),
            listing(&b.folder)
        );
        fa == fb
            && conflict_copies(&a.folder).is_empty()
            && conflict_copies(&b.folder).is_empty()
            && missing.is_empty()
    })
    .unwrap_or_else(|| {
        panic!(
            "did not converge: {last}\n--- Ann's watch ---\n{}\n--- Ben's watch ---\n{}",
            ann_watch.output().join("\n"),
            ben_watch.output().join("\n")
        )
    });
    let kept = copies.stop();
    for e in &expected {
        assert_eq!(
            ann.ok(&["list", "contact"]).matches(e.as_str()).count(),
            1,
            "{e}"
        );
    }
    ann.ok(&["verify"]);
    ben.ok(&["verify"]);
    // Syncthing may still make a conflict copy of the last writes it saw at once, after the
    // binders agreed: the watchers take it in and remove it, which takes a moment.
    let absorbed_late = wait_for(
        "late conflict copies taken in",
        Duration::from_secs(60),
        || {
            conflict_copies(&a.folder).is_empty()
                && conflict_copies(&b.folder).is_empty()
                && fingerprint(&ann) == fingerprint(&ben)
        },
    );
    for folder in [&a.folder, &b.folder] {
        assert_eq!(
            conflict_copies(folder),
            Vec::<String>::new(),
            "a conflict copy is left in {} (not taken in within a minute)",
            folder.display()
        );
    }
    assert!(absorbed_late.is_some(), "the two binders agree again");
    let absorbed: usize = [ann_watch.output(), ben_watch.output()]
        .iter()
        .flatten()
        .filter(|l| l.contains("merged conflicted copy") && l.contains("removed it"))
        .count();
    // The claim is that conflict copies are absorbed: there must have been some (Syncthing
    // makes them whenever both peers replace the file between two of its scans), and every
    // contact each held — as kept aside the moment it appeared — is in the converged binder.
    assert!(
        absorbed > 0 && !kept.is_empty(),
        "Syncthing made no conflict copy that was absorbed ({absorbed} absorbed, {} seen): nothing here proved they are",
        kept.len()
    );
    let keys = Arc::new(ann.keys());
    let contacts_in = |file: &Path| -> Vec<String> {
        binder::Binder::open(file, keys.clone(), binder::Mode::Read)
            .unwrap_or_else(|e| panic!("{} does not open: {e}", file.display()))
            .list("contact", false)
            .unwrap()
            .iter()
            .map(binder::Record::title)
            .collect()
    };
    let converged_names = contacts_in(&ann.binder);
    let mut carried = 0;
    for copy in &kept {
        for name in contacts_in(copy) {
            assert!(
                converged_names.contains(&name),
                "{name:?}, in the conflict copy {}, did not arrive",
                copy.display()
            );
            carried += usize::from(name.contains(" edit "));
        }
    }
    let summary = format!(
        "syncthing pair: first delivery {:.1} s; {rounds} rounds, {} edits in {:.1} s; {absorbed} sync-conflict copies absorbed and removed ({} read before removal, holding {carried} edits between them, every one arrived); converged {:.1} s after the last edit; 0 lost",
        first.as_secs_f64(),
        expected.len(),
        edit_time.as_secs_f64(),
        kept.len(),
        converged.as_secs_f64()
    );
    eprintln!("{summary}");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| "target".into());
    let _ = std::fs::write(target.join("syncthing-test.txt"), &summary);
}
