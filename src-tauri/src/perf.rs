//! Timing marks for the benchmark (`cargo bench -p e2e --bench app`): when `CB_PERF_LOG` names a
//! file, named moments are appended to it as "name epoch-milliseconds". Without it, nothing is
//! written. Marks carry no binder data.

use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

/// The moments the benchmark measures.
pub const MARKS: &[&str] = &[
    "page-loaded",
    "ui-start",
    "status-done",
    "unlock-ready",
    "unlock-start",
    "kdf-done",
    "unlock-done",
    "home-start",
    "home-data",
    "home-ready",
];

/// Appends `name` with the current time, when the benchmark asked for marks.
pub fn mark(name: &str) {
    let Some(file) = std::env::var_os("CB_PERF_LOG") else {
        return;
    };
    if !MARKS.contains(&name) {
        return;
    }
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or_default();
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
    {
        let _ = writeln!(f, "{name} {millis:.1} {}", std::process::id());
    }
}
