//! Importing plan documents: the largest fixture (the FedRAMP contingency plan template, a real
//! Word document) and a ~100-page Word document made by pandoc from every Markdown fixture plan,
//! repeated — each read, recognised and previewed as the app's preview does — against pandoc
//! turning the same file into Markdown (the real alternative a founder could run), in the same
//! run. Needs pandoc. Run: `cargo bench --bench import`. Prints a Markdown table.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use binder::{Binder, Keys};

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/plans")
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    // ~100 pages: every Markdown plan, four times over, as one Word document.
    let mut big = String::new();
    for _ in 0..4 {
        for entry in std::fs::read_dir(fixtures()).expect("fixtures") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "md") {
                big.push_str(&std::fs::read_to_string(&path).expect("read"));
                big.push_str("\n\n");
            }
        }
    }
    let big_md = dir.path().join("big.md");
    std::fs::write(&big_md, &big).expect("write");
    let big_docx = dir.path().join("big.docx");
    let status = Command::new("pandoc")
        .args(["-f", "gfm"])
        .arg(&big_md)
        .arg("-o")
        .arg(&big_docx)
        .status()
        .expect("pandoc runs (apt install pandoc)");
    assert!(status.success());
    // Pages as Word would lay them out: pandoc's plain text at ~500 words a page.
    let words = String::from_utf8(
        Command::new("pandoc")
            .arg(&big_docx)
            .args(["-t", "plain"])
            .output()
            .expect("pandoc")
            .stdout,
    )
    .expect("utf-8")
    .split_whitespace()
    .count();

    let b = Binder::create(
        &dir.path().join("b.binder"),
        Keys::generate("Bench"),
        binder::Start::Empty,
    )
    .expect("binder");
    let fedramp = fixtures().join("fedramp-iscp-template-rev5.docx");
    // `IMPORT_PROFILE=reread cargo bench --bench import`: only the re-read of the long document,
    // over and over, for a profiler (`perf record -g`) to see where its time goes.
    if std::env::var("IMPORT_PROFILE").as_deref() == Ok("reread") {
        let bytes = std::fs::read(&big_docx).expect("read");
        let report = binder::planimport::preview(&b, "plan.docx", &bytes).expect("preview");
        let corrections = first_table_as_contacts(&report);
        let took = common::time(40, || {
            binder::planimport::preview_corrected(&b, "plan.docx", &bytes, &corrections)
                .expect("preview")
        });
        println!("re-read of the long document: {}", common::ms(took));
        return;
    }
    println!(
        "| document | size | our preview (read + recognise), median of 7 | pandoc → Markdown, median of 3 | ratio | re-read with one block corrected, median of 7 |"
    );
    println!("|---|---|---|---|---|---|");
    for (label, path) in [
        (
            "FedRAMP ISCP template (largest fixture, DOCX)".to_string(),
            fedramp,
        ),
        (
            format!(
                "all Markdown fixtures ×4 as one DOCX (~{} pages, {words} words)",
                words / 500
            ),
            big_docx,
        ),
    ] {
        let bytes = std::fs::read(&path).expect("read");
        // A first preview reads the file afresh (the document a preview last read is kept
        // for the re-reads after a correction: forgotten here so each run reads it).
        let ours = common::time(7, || {
            binder::planimport::forget_last_document();
            binder::planimport::preview(&b, "plan.docx", &bytes).expect("preview")
        });
        let theirs = common::median(
            (0..3)
                .map(|_| {
                    let start = Instant::now();
                    let out = Command::new("pandoc")
                        .arg(&path)
                        .args(["-t", "gfm"])
                        .output()
                        .expect("pandoc");
                    assert!(out.status.success());
                    start.elapsed()
                })
                .collect(),
        );
        // The founder reads the first table as contacts, its first column their names: the
        // preview the app shows after that one choice.
        let report = binder::planimport::preview(&b, "plan.docx", &bytes).expect("preview");
        let corrections = first_table_as_contacts(&report);
        let reread = common::time(7, || {
            binder::planimport::preview_corrected(&b, "plan.docx", &bytes, &corrections)
                .expect("preview")
        });
        // Where the time goes: the file made into text, the outline read, the blocks planned.
        let (text, format) = binder::planimport::text_of("plan.docx", &bytes).expect("text");
        let decode = common::time(7, || {
            binder::planimport::text_of("plan.docx", &bytes).expect("text")
        });
        let outline = binder::planimport::read(&text, format);
        let read = common::time(7, || binder::planimport::read(&text, format));
        let plan = common::time(7, || {
            let mut n = 0u64;
            binder::planimport::plan(&outline, format, &[], &mut |k| {
                n += 1;
                format!("{}-{n}", k.name)
            })
        });
        eprintln!(
            "{label}: text {} · outline {} · plan {}",
            common::ms(decode),
            common::ms(read),
            common::ms(plan)
        );
        println!(
            "| {label} | {} KiB | {} | {} | {:.2} | {} |",
            bytes.len() / 1024,
            common::ms(ours),
            common::ms(theirs),
            ours.as_secs_f64() / theirs.as_secs_f64(),
            common::ms(reread)
        );
    }
}

/// The founder's one choice: the first table read as contacts, its first column their names.
fn first_table_as_contacts(
    report: &binder::planimport::PlanReport,
) -> binder::planimport::Corrections {
    let table = report
        .blocks
        .iter()
        .find(|b| b.shape == "table")
        .expect("the document has a table");
    binder::planimport::Corrections {
        blocks: vec![binder::planimport::Correction {
            line: table.line,
            read_as: "contact".into(),
            columns: vec![binder::planimport::ColumnChoice {
                column: "1".into(),
                field: Some("name".into()),
            }],
            anchor: String::new(),
        }],
    }
}
