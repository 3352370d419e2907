//! kill -9 at any moment: a writer (`binder add`) and a `binder sync` run side by side and are
//! killed with SIGKILL at random points, round after round (bounded in time). After every round
//! the binder opens and verifies and every acknowledged edit (a command that exited 0) is there;
//! after the next successful save no temporary file is left.
//!
//! The commands use a plain (already decrypted) identity, so no key derivation runs and most of
//! a command's time is its work; half the kills wait for the process's own temporary file to
//! appear, so they land in the middle of a save. The test counts the kills that left that
//! process's temporary file behind (killed while writing) and requires many of them.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Home, decrypt_identity_with_age};

/// A small deterministic generator (the seed is printed, so a failing run can be repeated).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below.max(1)
    }
}

fn spawn(home: &Home, identity: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_binder"))
        .args(args)
        .env("BINDER_PATH", &home.binder)
        .env("BINDER_IDENTITY", identity)
        .env_remove("BINDER_PASSPHRASE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run binder")
}

/// Runs the CLI with the plain identity (no key derivation: rounds stay short).
fn plain(home: &Home, identity: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = home.command(args);
    cmd.env("BINDER_IDENTITY", identity)
        .env_remove("BINDER_PASSPHRASE");
    cmd.output().expect("run binder")
}

/// When to kill a command.
#[derive(Clone, Copy)]
enum Kill {
    /// After this long, whatever it is doing.
    After(Duration),
    /// As soon as it has a temporary file of its own (it is saving), after this many
    /// microseconds more; or after the `Duration` if it never does.
    WhileSaving(u64, Duration),
}

/// How a command ended.
struct Ended {
    /// It finished by itself with success (the edit is acknowledged).
    ok: bool,
    /// It was killed.
    killed: bool,
    /// It was killed while it had a temporary file (it was saving).
    mid_save: bool,
}

/// The temporary files of process `pid` in `dirs` (`.<name>.<host>.<pid>.<n>.tmp`).
fn temps_of(pid: u32, dirs: &[&Path]) -> Vec<PathBuf> {
    let marker = format!(".{pid}.");
    dirs.iter()
        .flat_map(|d| std::fs::read_dir(d).into_iter().flatten().flatten())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .is_some_and(|n| n.ends_with(".tmp") && n.contains(&marker))
        })
        .collect()
}

/// Whether the process died of SIGKILL (not of its own accord just before it came).
fn killed_by_us(status: &std::process::ExitStatus) -> bool {
    std::os::unix::process::ExitStatusExt::signal(status) == Some(9)
}

/// Runs `child` until it ends or `kill` says to kill it (SIGKILL).
fn run_or_kill(child: &mut Child, kill: Kill, dirs: &[&Path]) -> Ended {
    let pid = child.id();
    let (limit, at_save) = match kill {
        Kill::After(d) => (d, None),
        Kill::WhileSaving(micros, d) => (d, Some(micros)),
    };
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return Ended {
                ok: status.success(),
                killed: false,
                mid_save: false,
            };
        }
        let saving = at_save.is_some() && !temps_of(pid, dirs).is_empty();
        if saving || Instant::now() >= deadline {
            if let (true, Some(micros)) = (saving, at_save) {
                std::thread::sleep(Duration::from_micros(micros));
            }
            let _ = child.kill(); // SIGKILL
            let status = child.wait().expect("reap");
            // A killed process cannot remove its temporary file: one still there was being
            // written when the kill landed (unless the other command cleaned it up first, so
            // this undercounts).
            let mid_save = killed_by_us(&status) && !temps_of(pid, dirs).is_empty();
            return Ended {
                ok: status.success(),
                killed: killed_by_us(&status),
                mid_save,
            };
        }
        // Looking for the temporary file more often, so the kill comes early in the save.
        std::thread::sleep(Duration::from_micros(if at_save.is_some() {
            100
        } else {
            1000
        }));
    }
}

fn temp_files(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".tmp"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn killed_at_random_moments_the_binder_always_opens_and_keeps_every_acknowledged_edit() {
    let _turn = crate::support::heavy();
    let seed = std::env::var("CB_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    let budget = Duration::from_secs(
        std::env::var("CB_CRASH_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(45),
    );
    let mut rng = Lcg(seed);
    let home = Home::with_starter();
    let shared_dir = home.path("Shared");
    std::fs::create_dir_all(&shared_dir).unwrap();
    let shared = shared_dir.join("shared.binder");
    let shared_arg = shared.to_str().unwrap().to_string();
    home.ok(&["sync", &shared_arg]);
    // A plain identity: no passphrase, so no scrypt before the work.
    let identity = decrypt_identity_with_age(&home);
    let dirs = [home.dir.path(), shared_dir.as_path()];
    // How long a command takes here, so timed kills land anywhere in it.
    let t = Instant::now();
    let mut timing = spawn(&home, &identity, &["add", "contact", "name=Timing"]);
    assert!(
        timing.wait().unwrap().success(),
        "binder add with the plain identity"
    );
    let span = t.elapsed().as_millis() as u64 + 20;

    let (mut rounds, mut kills, mut mid_save, mut acknowledged) = (0, 0, 0, Vec::new());
    let start = Instant::now();
    while start.elapsed() < budget {
        rounds += 1;
        // Zero-padded and closed, so no name is part of another.
        let name = format!("Crash {rounds:03} ok");
        let mut writer = spawn(
            &home,
            &identity,
            &["add", "contact", &format!("name={name}")],
        );
        let mut syncer = spawn(&home, &identity, &["sync", &shared_arg]);
        // Half the kills at a random time over twice a command's length (about half of those
        // finish first), half once the command is writing, a little into it.
        let mut when = || {
            let limit = Duration::from_millis(rng.next(2 * span));
            if rng.next(2) == 0 {
                Kill::After(limit)
            } else {
                Kill::WhileSaving(rng.next(500), Duration::from_millis(4 * span))
            }
        };
        let (w_kill, s_kill) = (when(), when());
        let w = run_or_kill(&mut writer, w_kill, &dirs);
        let s = run_or_kill(&mut syncer, s_kill, &dirs);
        kills += usize::from(w.killed) + usize::from(s.killed);
        mid_save += usize::from(w.mid_save) + usize::from(s.mid_save);
        if w.ok {
            acknowledged.push(name);
        }
        // Always opens and verifies; nothing acknowledged is missing.
        let verify = plain(&home, &identity, &["verify"]);
        assert!(
            verify.status.success(),
            "seed {seed}, round {rounds}: verify failed: {}",
            String::from_utf8_lossy(&verify.stderr)
        );
        let listed = plain(&home, &identity, &["list", "contact"]);
        assert!(
            listed.status.success(),
            "seed {seed}, round {rounds}: list failed"
        );
        let listed = String::from_utf8_lossy(&listed.stdout);
        for a in &acknowledged {
            assert!(
                listed.contains(a.as_str()),
                "seed {seed}, round {rounds}: {a} was acknowledged and is lost"
            );
        }
    }
    // The next successful save and sync leave no temporary file behind.
    home.ok(&["add", "contact", "name=After the crashes"]);
    home.ok(&["sync", &shared_arg]);
    assert_eq!(
        temp_files(home.dir.path()),
        Vec::<String>::new(),
        "seed {seed}"
    );
    assert_eq!(temp_files(&shared_dir), Vec::<String>::new(), "seed {seed}");
    // Each acknowledged edit once, and the shared file holds them all.
    let listed = home.ok(&["list", "contact"]);
    for a in &acknowledged {
        assert_eq!(listed.matches(a.as_str()).count(), 1, "seed {seed}: {a}");
    }
    let again = home.ok(&["sync", &shared_arg]);
    assert!(
        again.contains("0 change set(s) received, 0 sent"),
        "{again}"
    );
    let summary = format!(
        "crash test (seed {seed}): {rounds} rounds, {kills} processes killed mid-command, {mid_save} of them while writing a temporary file, {} acknowledged edits, 0 lost",
        acknowledged.len()
    );
    eprintln!("{summary}");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "target".into());
    let _ = std::fs::write(target.join("crash-test.txt"), &summary);
    assert!(kills > 0, "no process was killed: the test tested nothing");
    // The claim is about kills during a save: a good share of them must have landed there.
    assert!(
        mid_save * 4 >= kills,
        "only {mid_save} of {kills} kills landed while a save was writing: {summary}"
    );
}
