//! The large benchmark binder and timing helpers, shared by the benchmarks.
#![allow(dead_code)]

use std::path::Path;
use std::time::{Duration, Instant};

use binder::{Binder, Keys};

pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

pub fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

/// The median of samples in milliseconds.
pub fn median_f64(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// "lowest–highest" of samples in milliseconds.
pub fn range_f64(v: &[f64]) -> String {
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(0.0, f64::max);
    format!("{lo:.0}–{hi:.0}")
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

pub fn kv(pairs: &[(&str, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

pub const SURNAMES: &[&str] = &[
    "Öberg",
    "Lindqvist",
    "Okafor",
    "Rivera",
    "Nakamura",
    "Müller",
    "Dubois",
    "Kowalski",
    "Haddad",
    "Singh",
];
pub const GIVEN: &[&str] = &[
    "Åsa", "Erik", "Chidi", "Lucía", "Yuki", "Jürgen", "Amélie", "Piotr", "Layla", "Arjun",
];

pub fn generate(path: &Path, keys: Keys) -> Binder {
    generate_owned(path, std::sync::Arc::new(keys))
}

/// Contact `i` of the benchmark binder, as field=value inputs.
pub fn contact(i: usize) -> Vec<(String, String)> {
    kv(&[
        (
            "name",
            format!("{} {} {i}", GIVEN[i % 10], SURNAMES[(i / 10) % 10]),
        ),
        ("org", format!("Company {}", i % 300)),
        ("job_title", "Operations manager".into()),
        (
            "phones",
            format!(
                "+46 70 {:03} {:02} {:02}; +1 555 {:04}",
                i % 1000,
                i % 97,
                i % 89,
                i % 10000
            ),
        ),
        (
            "emails",
            format!("person{i}@company{}.example.com", i % 300),
        ),
        ("tags", "supplier; escalation".into()),
        (
            "notes",
            format!(
                "Reachable weekdays; prefers phone. Account manager for region {}.",
                i % 17
            ),
        ),
    ])
}

/// Vendor `i` of the benchmark binder.
pub fn vendor(i: usize) -> Vec<(String, String)> {
    kv(&[
        ("name", format!("Vendor {i} Hosting")),
        ("service", "Managed database and storage".into()),
        (
            "criticality",
            ["critical", "high", "medium", "low"][i % 4].into(),
        ),
        ("support_phone", format!("+1 555 {:04}", 1000 + i)),
        ("support_email", format!("support@vendor{i}.example.com")),
        ("account_id", format!("ACCT-{i:06}")),
        ("sla", "99.9% monthly".into()),
    ])
}

/// Section `i` of the benchmark binder (about 1.5 KB of Markdown).
pub fn section(i: usize) -> Vec<(String, String)> {
    let paragraph = "When the primary region is unavailable, the incident lead decides within fifteen minutes whether to fail over. \
                     The technical recovery lead restores the latest backup into the standby region, checks integrity against the last \
                     known good state and reports progress every thirty minutes. ";
    kv(&[
        ("title", format!("Procedure {i}")),
        ("position", i.to_string()),
        ("body", format!("## Steps\n\n{}", paragraph.repeat(6))),
    ])
}

/// The text of checklist item `i`.
pub fn item_text(i: usize) -> String {
    format!("Step {i}: confirm the affected systems and call the vendor")
}

/// The large binder, created by (and owned by) `keys`.
pub fn generate_owned(path: &Path, keys: std::sync::Arc<Keys>) -> Binder {
    let mut b = Binder::create(path, keys, binder::Start::Empty).expect("create");
    let contacts: Vec<String> = (0..5000)
        .map(|i| b.add("contact", &contact(i)).expect("add contact"))
        .collect();
    for i in 0..500 {
        b.add("vendor", &vendor(i)).expect("add vendor");
    }
    for i in 0..300 {
        b.add("section", &section(i)).expect("add section");
    }
    for c in 0..50 {
        let id = b
            .add(
                "checklist",
                &kv(&[
                    ("title", format!("Scenario {c}")),
                    ("phase", "scenario".into()),
                ]),
            )
            .expect("add checklist");
        for i in 0..30 {
            b.add(
                "item",
                &kv(&[
                    ("checklist", id.clone()),
                    ("position", i.to_string()),
                    ("text", item_text(i)),
                    ("owner", "Incident lead".into()),
                    ("window", "0-15 minutes".into()),
                ]),
            )
            .expect("add item");
        }
    }
    let so_far = b.log().count().expect("count") as usize;
    for n in so_far..20_000 {
        let id = &contacts[n % contacts.len()];
        b.set(
            id,
            &kv(&[("notes", format!("Checked by phone, revision {n}."))]),
        )
        .expect("edit");
    }
    b.save().expect("save");
    b
}
