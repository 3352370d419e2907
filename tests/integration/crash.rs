//! kill -9 at any moment: a writer (`binder add`) and a `binder sync` run side by side and are
//! killed with SIGKILL at random points, round after round (bounded in time). After every round
//! the binder opens and verifies and every acknowledged edit (a command that exited 0) is there;
//! after the next successful save no temporary file is left.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Home, PASSPHRASE};

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

fn spawn(home: &Home, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_binder"))
        .args(args)
        .env("BINDER_PATH", &home.binder)
        .env("BINDER_IDENTITY", &home.identity)
        .env("BINDER_PASSPHRASE", PASSPHRASE)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run binder")
}

/// Waits up to `after`, then kills; returns whether the command finished by itself with
/// success (the edit is acknowledged) and whether it was killed.
fn run_or_kill(child: &mut Child, after: Duration) -> (bool, bool) {
    let deadline = Instant::now() + after;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return (status.success(), false);
        }
        if Instant::now() >= deadline {
            let _ = child.kill(); // SIGKILL
            let status = child.wait().expect("reap");
            return (status.success(), true);
        }
        std::thread::sleep(Duration::from_millis(2));
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
    // How long a command takes here, so kills land anywhere in it.
    let t = Instant::now();
    home.ok(&["add", "contact", "name=Timing"]);
    let span = t.elapsed().as_millis() as u64 + 50;

    let (mut rounds, mut kills, mut acknowledged) = (0, 0, Vec::new());
    let start = Instant::now();
    while start.elapsed() < budget {
        rounds += 1;
        // Zero-padded and closed, so no name is part of another.
        let name = format!("Crash {rounds:03} ok");
        let mut writer = spawn(&home, &["add", "contact", &format!("name={name}")]);
        let mut syncer = spawn(&home, &["sync", &shared_arg]);
        // Kill times over twice a command's length: about half finish, half die mid-way.
        let (w_ok, w_killed) = run_or_kill(&mut writer, Duration::from_millis(rng.next(2 * span)));
        let (_, s_killed) = run_or_kill(&mut syncer, Duration::from_millis(rng.next(2 * span)));
        kills += usize::from(w_killed) + usize::from(s_killed);
        if w_ok {
            acknowledged.push(name);
        }
        // Always opens and verifies; nothing acknowledged is missing.
        let verify = home.run(&["verify"]);
        assert!(
            verify.status.success(),
            "seed {seed}, round {rounds}: verify failed: {}",
            String::from_utf8_lossy(&verify.stderr)
        );
        let listed = home.ok(&["list", "contact"]);
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
        "crash test (seed {seed}): {rounds} rounds, {kills} processes killed mid-command, {} acknowledged edits, 0 lost",
        acknowledged.len()
    );
    eprintln!("{summary}");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "target".into());
    let _ = std::fs::write(target.join("crash-test.txt"), summary);
    assert!(kills > 0, "no process was killed: the test tested nothing");
}
