//! The phone copy in Chromium: file size and time from passphrase to call list (scrypt
//! included and excluded), for the starter plan and the large benchmark binder (5,000
//! contacts, 500 vendors, 300 sections + the starter plan). Run:
//! `cargo bench -p e2e --bench pocket` (needs chromium and chromedriver). Prints a Markdown table.

#[path = "../../../benches/common/mod.rs"]
mod common;

use std::path::Path;

use binder::{Binder, Keys};
use e2e::{App, run};

const PHONE: &str = "phone copy passphrase 7";

fn phone_copy(dir: &Path, name: &str, large: bool) -> std::path::PathBuf {
    let path = dir.join(format!("{name}.binder"));
    let mut b = if large {
        common::generate(&path, Keys::generate("Bench Founder"))
    } else {
        Binder::create(&path, Keys::generate("Bench Founder"), binder::Start::Empty)
            .expect("binder")
    };
    b.set_organisation("Bench Company").expect("organisation");
    b.import_starter_plan().expect("starter plan");
    b.save().expect("save");
    let page = dir.join(format!("{name}.html"));
    binder::pocket::set_up(&b, &secrecy::SecretString::from(PHONE), &page).expect("phone copy");
    page
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rows = Vec::new();
    for (name, large) in [("starter", false), ("large", true)] {
        let page = phone_copy(dir.path(), name, large);
        let size = std::fs::metadata(&page).expect("size").len();
        let (mut total, mut scrypt) = (Vec::new(), Vec::new());
        let home = dir.path().join(format!("browser-{name}"));
        std::fs::create_dir_all(&home).expect("browser home");
        run(async {
            let phone = App::chromium(&format!("bench-{name}"), &home).await;
            for _ in 0..5 {
                phone
                    .client
                    .goto(&format!("file://{}", page.display()))
                    .await
                    .expect("open");
                phone.fill("#passphrase", PHONE).await;
                phone.press("#open").await;
                phone.wait_text("[data-testid=call-list]", "Primary").await;
                let t = phone.script("return [Number(document.body.dataset.openedMs), Number(document.body.dataset.scryptMs)]").await;
                total.push(t[0].as_f64().unwrap_or(0.0));
                scrypt.push(t[1].as_f64().unwrap_or(0.0));
            }
            phone.stop().await;
        });
        let rest: Vec<f64> = total.iter().zip(&scrypt).map(|(t, s)| t - s).collect();
        rows.push(format!(
            "| {name} | {:.0} KiB | {:.0} ms | {:.0} ms | {:.0} ms |",
            size as f64 / 1024.0,
            common::median_f64(total),
            common::median_f64(scrypt),
            common::median_f64(rest)
        ));
    }
    println!(
        "| binder | phone copy size | passphrase → call list (median of 5) | of which scrypt (work factor {}) | without scrypt |",
        binder::pocket::WORK_FACTOR
    );
    println!("|---|---|---|---|---|");
    for r in rows {
        println!("{r}");
    }
}
