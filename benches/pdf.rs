//! The printed binder of the large generated binder (5,000 contacts, 500 vendors, 300 sections,
//! 50 checklists × 30 steps) against the real alternative: the same content as HTML printed to
//! PDF by headless Chromium (`chromium --headless --print-to-pdf`), in the same run.
//!
//! Run: `cargo bench --bench pdf` (needs `chromium` and `pdfinfo`). Prints a Markdown table.

mod common;

use std::fmt::Write as _;
use std::process::Command;
use std::time::{Duration, Instant};

use binder::catalog::{FieldType, KINDS};
use binder::pdf::{self, Paper, PrintOptions};
use binder::{Binder, Keys, Value};
use common::{generate, median, ms, time};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The binder's content as one HTML page: what the PDF holds, in the same order.
fn html(b: &Binder) -> String {
    let mut h = String::from(
        "<!doctype html><html><head><meta charset=utf-8><style>@page{size:A4;margin:17mm}body{font:9.5pt 'DejaVu Sans',sans-serif}table{border-collapse:collapse;width:100%;font-size:8pt;margin-bottom:1em}th{background:#eee;text-align:left}td,th{padding:3px;border-bottom:1px solid #999;vertical-align:top}h1{color:#8c1717}.box{display:inline-block;width:9pt;height:9pt;border:1px solid #000}section{break-before:page}</style></head><body>",
    );
    let plan = b.list("plan", false).expect("plan");
    if let Some(p) = plan.first() {
        let _ = write!(
            h,
            "<h1>{}</h1><h2>{}</h2><p>Fingerprint {}</p>",
            esc(&p.text("organisation")),
            esc(&p.text("title")),
            b.fingerprint().expect("fp")
        );
    }
    let r = binder::readiness::assess(b, chrono::Utc::now().date_naive()).expect("readiness");
    let _ = write!(
        h,
        "<section><h1>Readiness: {} / 100</h1><table><tr><th>Kind</th><th>Record</th><th>What to do</th></tr>",
        r.score
    );
    for g in &r.gaps {
        let _ = write!(
            h,
            "<tr><td>{}</td><td><b>{}</b></td><td>{}</td></tr>",
            esc(&g.record_kind),
            esc(&g.title),
            esc(&g.detail)
        );
    }
    h.push_str("</table></section><section><h1>The plan</h1>");
    for s in b.list("section", false).expect("sections") {
        let mut body = String::new();
        pulldown_cmark::html::push_html(&mut body, pulldown_cmark::Parser::new(&s.text("body")));
        let _ = write!(h, "<h2>{}</h2>{body}", esc(&s.title()));
    }
    h.push_str("</section>");
    for kind in KINDS
        .iter()
        .filter(|k| !["plan", "section", "checklist", "item", "recovery"].contains(&k.name))
    {
        let records = b.list(kind.name, false).expect("records");
        if records.is_empty() {
            continue;
        }
        let cols: Vec<_> = kind.fields().filter(|f| f.table && f.pdf).collect();
        let _ = write!(h, "<h1>{}</h1><table><tr>", esc(kind.plural));
        for c in &cols {
            let _ = write!(h, "<th>{}</th>", esc(c.label));
        }
        h.push_str("<th>Details</th></tr>");
        for r in &records {
            h.push_str("<tr>");
            for c in &cols {
                let v = match (r.fields.get(c.name), c.ty) {
                    (Some(v), FieldType::Ref(_)) => b
                        .record(&v.display())
                        .map(|t| t.title())
                        .unwrap_or_default(),
                    (Some(Value::List(items)), _) => items.join("<br>"),
                    (Some(v), _) => v.display(),
                    (None, _) => String::new(),
                };
                let _ = write!(h, "<td>{}</td>", esc(&v));
            }
            h.push_str("<td>");
            for f in kind.fields().filter(|f| f.pdf && !f.table) {
                if let Some(v) = r.fields.get(f.name) {
                    let _ = write!(h, "<b>{}:</b> {}<br>", esc(f.label), esc(&v.display()));
                }
            }
            h.push_str("</td></tr>");
        }
        h.push_str("</table>");
    }
    h.push_str("<section><h1>Checklists</h1>");
    for c in b.list("checklist", false).expect("checklists") {
        let view = binder::overview::checklist(b, &c.id).expect("checklist");
        let _ = write!(
            h,
            "<h2>{}</h2><table><tr><th>✓</th><th>Step</th><th>Owner</th><th>When</th><th>Done by / time</th></tr>",
            esc(&c.title())
        );
        for i in &view.items {
            let _ = write!(
                h,
                "<tr><td><span class=box></span></td><td>{}</td><td>{}</td><td>{}</td><td></td></tr>",
                esc(&i.text("text")),
                esc(&i.text("owner")),
                esc(&i.text("window"))
            );
        }
        h.push_str("</table>");
    }
    h.push_str("</section></body></html>");
    h
}

fn pages(pdf: &std::path::Path) -> String {
    Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("Pages:"))
                .map(|l| l[6..].trim().to_string())
        })
        .unwrap_or_else(|| "?".into())
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("large.binder");
    let b = generate(&path, Keys::generate("Bench Founder"));
    let opts = PrintOptions {
        paper: Paper::A4,
        printed_by: "Bench Founder".into(),
        printed_at: chrono::Utc::now(),
    };
    let printed = pdf::binder_pdf(&b, &opts).expect("pdf");
    let runs = 7;
    let ours = time(runs, || pdf::binder_pdf(&b, &opts).expect("pdf"));

    let html_file = dir.path().join("binder.html");
    let start = Instant::now();
    std::fs::write(&html_file, html(&b)).expect("html");
    let html_time = start.elapsed();
    let chrome_pdf = dir.path().join("chromium.pdf");
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("chromium is installed (BENCH=1 bash scripts/test.sh installs it)");
    let profile = dir.path().join("chromium-profile");
    let chrome_runs = 3;
    let samples: Vec<Duration> = (0..chrome_runs)
        .map(|_| {
            let _ = std::fs::remove_file(&chrome_pdf);
            let start = Instant::now();
            let status = Command::new(chromium)
                .args([
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-pdf-header-footer",
                ])
                .arg(format!("--user-data-dir={}", profile.display()))
                .arg(format!("--print-to-pdf={}", chrome_pdf.display()))
                .arg(format!("file://{}", html_file.display()))
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .expect("run chromium");
            let took = start.elapsed();
            assert!(
                status.success() && chrome_pdf.exists(),
                "chromium printed the page"
            );
            took
        })
        .collect();
    let theirs = median(samples) + html_time;
    let ours_file = dir.path().join("ours.pdf");
    std::fs::write(&ours_file, &printed.bytes).expect("write");
    println!("| what | Continuity Binder (printpdf) | headless Chromium | ratio |");
    println!("|---|---|---|---|");
    println!(
        "| large binder → PDF (median of {runs} / {chrome_runs}) | {} | {} (HTML {} + print) | **{:.1}×** faster |",
        ms(ours),
        ms(theirs),
        ms(html_time),
        theirs.as_secs_f64() / ours.as_secs_f64()
    );
    println!("| pages | {} | {} | |", printed.pages, pages(&chrome_pdf));
    println!(
        "| file size | {} KiB | {} KiB | |",
        printed.bytes.len() / 1024,
        std::fs::metadata(&chrome_pdf)
            .map(|m| m.len() / 1024)
            .unwrap_or(0)
    );
}
