//! The desktop app, measured as a person meets it (release builds, under Xvfb):
//! - cold start to the unlock screen being interactive, against an empty Tauri window reaching
//!   its page, both spawned the same way in the same run;
//! - unlock to the home screen on the large benchmark binder (plus the starter plan, so the home
//!   screen has levels, roles and checklists), with and without the key derivation;
//! - memory of the whole process tree (app + WebKit processes) as PSS, large binder open, against
//!   the empty window.
//!
//! Timing marks come from the app itself (`CB_PERF_LOG`, see src-tauri/src/perf.rs); WebDriver is
//! only used to type the passphrase. Run:
//!   cargo build --release -p continuity-binder-app -p empty-window
//!   cargo bench -p e2e --bench app
//! Prints a Markdown table for docs/PERFORMANCE.md.

#[path = "../../../benches/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use binder::Keys;
use e2e::{App, terminate};

const RUNS: usize = 7;

const PASSPHRASE: &str = "benchmark passphrase for the app";

fn release(name: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let path = target.join("release").join(name);
    assert!(
        path.is_file(),
        "{} is not built; run: cargo build --release -p continuity-binder-app -p empty-window",
        path.display()
    );
    path
}

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs_f64()
        * 1000.0
}

/// Marks in a perf log: name → (epoch ms, pid), the first of each.
fn marks(log: &Path) -> BTreeMap<String, (f64, u32)> {
    let mut out = BTreeMap::new();
    for line in std::fs::read_to_string(log).unwrap_or_default().lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        if let [name, ms, pid] = parts[..] {
            out.entry(name.to_string())
                .or_insert((ms.parse().unwrap_or(0.0), pid.parse().unwrap_or(0)));
        }
    }
    out
}

fn wait_mark(log: &Path, name: &str, timeout: Duration) -> (f64, u32) {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(m) = marks(log).get(name) {
            return *m;
        }
        assert!(
            Instant::now() < deadline,
            "no {name} mark in {}",
            log.display()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The PSS of `pid` and all its descendants, in MiB, and how many processes that was; each
/// process's name and PSS go to stderr.
fn pss_tree(pid: u32) -> (f64, usize) {
    let mut parents: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
        let Ok(p) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        // The command name may hold spaces; the fields after its closing bracket are plain.
        if let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat"))
            && let Some((_, rest)) = stat.rsplit_once(')')
            && let Some(ppid) = rest.split_whitespace().nth(1).and_then(|x| x.parse().ok())
        {
            parents.entry(ppid).or_default().push(p);
        }
    }
    let mut stack = vec![pid];
    let mut kib = 0u64;
    let mut count = 0;
    while let Some(p) = stack.pop() {
        if let Ok(rollup) = std::fs::read_to_string(format!("/proc/{p}/smaps_rollup")) {
            count += 1;
            let pss = rollup
                .lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0);
            let name = std::fs::read_to_string(format!("/proc/{p}/comm")).unwrap_or_default();
            eprintln!("  pss {:>7.1} MiB  {}", pss as f64 / 1024.0, name.trim());
            kib += pss;
        }
        stack.extend(parents.get(&p).cloned().unwrap_or_default());
    }
    (kib as f64 / 1024.0, count)
}

struct Xvfb(Child, String);

fn xvfb() -> Xvfb {
    let (child, display) = e2e::start_xvfb();
    Xvfb(child, display)
}

/// Spawns `binary`, waits for `mark`, returns (ms from spawn, pid), leaves it running.
/// `software`: render without GPU compositing, as the app does (for the empty window, through
/// WebKitGTK's environment switch, which sets the same policy).
fn cold_start(
    binary: &Path,
    display: &str,
    home: &Path,
    log: &Path,
    mark: &str,
    software: bool,
) -> (f64, Child) {
    let _ = std::fs::remove_file(log);
    let t0 = now_ms();
    let mut command = Command::new(binary);
    if software {
        command.env("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    let child = command
        .env("DISPLAY", display)
        .env("CONTINUITY_BINDER_HOME", home)
        .env("CB_PERF_LOG", log)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let (at, _) = wait_mark(log, mark, Duration::from_secs(30));
    (at - t0, child)
}

use common::{median_f64 as median, range_f64 as range};

fn main() {
    let app_bin = release("continuity-binder");
    let empty_bin = release("empty-window");
    let x = xvfb();
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let log = dir.path().join("perf.log");

    // The large binder, owned by an identity with a real passphrase.
    let binder_path = home.join("large.binder");
    let identity = home.join("identity.age");
    let keys = Keys::generate("Bench Founder");
    keys.create_identity_file(&identity, &secrecy::SecretString::from(PASSPHRASE))
        .expect("identity");
    let built = Instant::now();
    let mut b = common::generate(&binder_path, keys);
    b.import_starter_plan().expect("starter plan");
    b.save().expect("save");
    let size = std::fs::metadata(&binder_path).expect("size").len();
    let records: usize = ["contact", "vendor", "section", "item", "role", "level"]
        .iter()
        .map(|k| b.list(k, false).map(|l| l.len()).unwrap_or(0))
        .sum();
    drop(b);
    eprintln!("generated the large binder in {:.1?}", built.elapsed());
    std::fs::write(
        home.join("app.json"),
        serde_json::json!({ "binder": binder_path, "identity": identity }).to_string(),
    )
    .expect("settings");

    // Warm the page cache once for each binary (a person's second start); then measure.
    for (bin, mark) in [(&app_bin, "unlock-ready"), (&empty_bin, "page-loaded")] {
        let (_, mut c) = cold_start(bin, &x.1, &home, &log, mark, false);
        terminate(&mut c);
    }
    let mut app_ready = Vec::new();
    let mut app_page = Vec::new();
    let mut empty_page = Vec::new();
    let mut empty_page_sw = Vec::new();
    for _ in 0..RUNS {
        let (t, mut c) = cold_start(&app_bin, &x.1, &home, &log, "unlock-ready", false);
        app_ready.push(t);
        let m = marks(&log);
        let at = |n: &str| {
            m.get(n)
                .map(|v| v.0 - m["unlock-ready"].0 + t)
                .unwrap_or(-1.0)
        };
        eprintln!(
            "  start: page {:.0}, ui-start {:.0}, status {:.0}, unlock-ready {t:.0} ms",
            at("page-loaded"),
            at("ui-start"),
            at("status-done")
        );
        let page = marks(&log).get("page-loaded").map(|m| m.0).unwrap_or(0.0);
        let spawn = page - marks(&log)["unlock-ready"].0 + t;
        app_page.push(spawn);
        terminate(&mut c);
        let (t, mut c) = cold_start(&empty_bin, &x.1, &home, &log, "page-loaded", false);
        empty_page.push(t);
        terminate(&mut c);
        let (t, mut c) = cold_start(&empty_bin, &x.1, &home, &log, "page-loaded", true);
        empty_page_sw.push(t);
        terminate(&mut c);
    }

    // Empty window memory, settled: as it comes, and rendering in software like the app.
    let mut empty_pss = Vec::new();
    let mut empty_pss_sw = Vec::new();
    for _ in 0..3 {
        for (software, into) in [(false, &mut empty_pss), (true, &mut empty_pss_sw)] {
            let (_, mut c) = cold_start(&empty_bin, &x.1, &home, &log, "page-loaded", software);
            std::thread::sleep(Duration::from_secs(3));
            into.push(pss_tree(c.id()).0);
            terminate(&mut c);
        }
    }

    // Unlock to home on the large binder, through the real window; then memory.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut to_home = Vec::new();
    let mut beyond_kdf = Vec::new();
    let mut kdf = Vec::new();
    let mut app_pss = Vec::new();
    let mut procs = 0;
    for _ in 0..3 {
        let _ = std::fs::remove_file(&log);
        let run_dir = tempfile::tempdir().expect("run dir");
        let app_home = run_dir.path();
        std::fs::write(
            app_home.join("app.json"),
            serde_json::json!({ "binder": binder_path, "identity": identity }).to_string(),
        )
        .expect("settings");
        let (t_home, t_kdf, t_total, pss, n) = runtime.block_on(async {
            let app =
                App::start_with("bench", app_home, &[], &app_bin, &[("CB_PERF_LOG", &log)]).await;
            app.unlock_with(PASSPHRASE).await;
            let (home_at, pid) = wait_mark(&log, "home-ready", Duration::from_secs(60));
            let m = marks(&log);
            let start = m["unlock-start"].0;
            let kdf_done = m["kdf-done"].0;
            let opened = m["unlock-done"].0;
            eprintln!(
                "  unlock: kdf {:.0} ms, open {:.0} ms, UI to home {:.0} ms (home command {:.0}–{:.0} ms after open)",
                kdf_done - start,
                opened - kdf_done,
                home_at - opened,
                m.get("home-start").map(|x| x.0 - opened).unwrap_or(-1.0),
                m.get("home-data").map(|x| x.0 - opened).unwrap_or(-1.0),
            );
            tokio::time::sleep(Duration::from_secs(3)).await;
            let (pss, n) = pss_tree(pid);
            app.stop().await;
            (
                home_at - kdf_done,
                kdf_done - start,
                home_at - start,
                pss,
                n,
            )
        });
        beyond_kdf.push(t_home);
        kdf.push(t_kdf);
        to_home.push(t_total);
        app_pss.push(pss);
        procs = n;
    }
    drop(x);

    let ratio = median(app_ready.clone()) / median(empty_page.clone());
    let ratio_sw = median(app_ready.clone()) / median(empty_page_sw.clone());
    let mem_ratio = median(app_pss.clone()) / median(empty_pss.clone());
    let mem_ratio_sw = median(app_pss.clone()) / median(empty_pss_sw.clone());
    println!(
        "Large binder: {records} records, {:.1} MiB file.\n",
        size as f64 / 1048576.0
    );
    println!("| measurement | median | range | goal |");
    println!("|---|---|---|---|");
    println!(
        "| cold start → unlock screen interactive (ms, {RUNS} runs) | {:.0} | {} | ≤ 600 |",
        median(app_ready.clone()),
        range(&app_ready)
    );
    println!(
        "| cold start → app page loaded (ms) | {:.0} | {} | |",
        median(app_page.clone()),
        range(&app_page)
    );
    println!(
        "| empty Tauri window → page loaded (ms, same run) | {:.0} | {} | ≈ 400 |",
        median(empty_page.clone()),
        range(&empty_page)
    );
    println!(
        "| empty window, software rendering → page loaded (ms) | {:.0} | {} | |",
        median(empty_page_sw.clone()),
        range(&empty_page_sw)
    );
    println!(
        "| **ratio** app interactive / empty page loaded | **{ratio:.2}×** (software: {ratio_sw:.2}×) | | |"
    );
    println!(
        "| unlock → home screen, total (ms, 3 runs) | {:.0} | {} | |",
        median(to_home.clone()),
        range(&to_home)
    );
    println!(
        "| of which key derivation (scrypt) | {:.0} | {} | |",
        median(kdf.clone()),
        range(&kdf)
    );
    println!(
        "| unlock → home beyond the KDF | {:.0} | {} | ≤ 300 |",
        median(beyond_kdf.clone()),
        range(&beyond_kdf)
    );
    println!(
        "| PSS, app + WebKit processes, large binder open (MiB, {procs} processes) | {:.0} | {} | ≤ 320 MB |",
        median(app_pss.clone()),
        range(&app_pss)
    );
    println!(
        "| PSS, empty Tauri window (MiB, same run) | {:.0} | {} | ≈ 270 MB |",
        median(empty_pss.clone()),
        range(&empty_pss)
    );
    println!(
        "| PSS, empty window, software rendering (MiB) | {:.0} | {} | |",
        median(empty_pss_sw.clone()),
        range(&empty_pss_sw)
    );
    println!(
        "| **ratio** app / empty window memory | **{mem_ratio:.2}×** (software: {mem_ratio_sw:.2}×) | | |"
    );
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        terminate(&mut self.0);
    }
}
