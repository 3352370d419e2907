use std::process::Command;

use binder::pdf::{self, Paper, PrintOptions};
use binder::{Binder, Keys, Value};

use crate::support::{Home, every_plan, require_tool};

fn options(paper: Paper) -> PrintOptions {
    PrintOptions {
        paper,
        printed_by: "Åsa Öberg".into(),
        printed_at: chrono::DateTime::parse_from_rfc3339("2026-11-23T09:30:00Z")
            .unwrap()
            .into(),
    }
}

/// A binder from the starter plan (its people include Åsa Öberg) with a real plan imported.
fn binder_with(plan: Option<&str>) -> (tempfile::TempDir, Binder) {
    // Not `empty_binder`: the starter plan's own plan record must come before the organisation.
    let dir = tempfile::tempdir().unwrap();
    let mut b = Binder::create(
        &dir.path().join("b.binder"),
        Keys::generate("Åsa Öberg"),
        binder::Start::Empty,
    )
    .unwrap();
    b.import_starter_plan().unwrap();
    b.set_organisation("Ödegård & Søn AB").unwrap();
    if let Some(name) = plan {
        let bytes = std::fs::read(crate::support::fixtures("plans").join(name)).unwrap();
        binder::planimport::import(&mut b, name, &bytes).unwrap();
    }
    (dir, b)
}

fn tool(name: &str, args: &[&str], file: &std::path::Path) -> String {
    require_tool(name);
    let out = Command::new(name).args(args).arg(file).output().unwrap();
    assert!(
        out.status.success(),
        "{name} failed on {}: {}{}",
        file.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The text of a PDF as `pdftotext -raw` reads it (in the order it is drawn, so a table cell's
/// lines stay together rather than interleaving with the next cell's), white space collapsed.
fn text_of(file: &std::path::Path) -> String {
    require_tool("pdftotext");
    let out = Command::new("pdftotext")
        .arg("-raw")
        .arg(file)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pdftotext failed on {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn every_plan_prints_with_every_name_number_and_step_readable_by_pdftotext() {
    // Each plan in ../shared/fixtures/plans, as the README says: not a chosen few.
    let plans = every_plan();
    for name in &plans {
        let (dir, b) = binder_with(Some(name));
        let printed = pdf::binder_pdf(&b, &options(Paper::A4)).unwrap();
        assert!(
            printed.missing.is_empty(),
            "{name}: {:?}",
            printed.missing_report()
        );
        let file = write(&dir, "binder.pdf", &printed.bytes);
        let check = tool("qpdf", &["--check"], &file);
        assert!(
            check.contains("No syntax or stream encoding errors"),
            "{name}: {check}"
        );
        let fonts = tool("pdffonts", &[], &file);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(
            rows.len() >= 3,
            "{name}: the faces used (regular, bold, italic, mono): {fonts}"
        );
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(
                cols[cols.len() - 5],
                "yes",
                "{name}: font not embedded: {row}"
            );
        }
        let text = text_of(&file);
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        for c in b.list("contact", false).unwrap() {
            assert!(
                text.contains(&squash(&c.title())),
                "{name}: contact {:?} not in the PDF",
                c.title()
            );
            if let Some(Value::List(phones)) = c.fields.get("phones") {
                for p in phones {
                    assert!(
                        text.contains(p.as_str()),
                        "{name}: phone {p} not in the PDF"
                    );
                }
            }
        }
        for item in b.list("item", false).unwrap() {
            assert!(
                text.contains(&squash(&item.text("text"))),
                "{name}: step {:?} not in the PDF",
                item.text("text")
            );
        }
        for s in b.list("section", false).unwrap() {
            assert!(
                text.contains(&squash(&s.title())),
                "{name}: section {:?} not in the PDF",
                s.title()
            );
        }
        for needle in [
            "Åsa Öberg",
            "Ödegård & Søn AB",
            "Contents",
            "Readiness",
            "Done by / time",
            "CONFIDENTIAL",
        ] {
            assert!(text.contains(needle), "{name}: {needle:?} not in the PDF");
        }
        let footer = format!("page 2 of {} · version", printed.pages);
        assert!(text.contains(&footer), "{name}: no footer {footer:?}");
        assert!(
            text.contains(&format!("fingerprint {}", b.fingerprint().unwrap())),
            "{name}"
        );
    }
}

#[test]
fn a_character_missing_from_the_fonts_is_reported_and_printed_as_a_question_mark() {
    let (dir, mut b) = binder_with(None);
    b.add(
        "contact",
        &[
            ("name".into(), "Ra 𓀀 Hotep".into()),
            ("phones".into(), "+20 2 555 0100".into()),
        ],
    )
    .unwrap();
    let printed = pdf::binder_pdf(&b, &options(Paper::A4)).unwrap();
    assert_eq!(printed.missing.len(), 1, "{:?}", printed.missing);
    let m = &printed.missing[0];
    assert_eq!(m.ch, '𓀀');
    assert!(
        m.count >= 2,
        "in the readiness summary and the contacts table: {m:?}"
    );
    assert!(!m.first_seen_in.is_empty());
    let report = printed.missing_report().unwrap();
    assert!(report.starts_with("U+13000"), "{report}");
    let text = text_of(&write(&dir, "b.pdf", &printed.bytes));
    assert!(
        text.contains("Ra ? Hotep"),
        "the name is printed with a visible placeholder"
    );

    // The CLI says so too.
    let home = Home::with_starter();
    home.ok(&["add", "contact", "name=Ra 𓀀 Hotep"]);
    let out = home
        .command(&["export", "pdf", "-o"])
        .arg(home.path("x.pdf"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning: some characters could not be printed") && err.contains("U+13000"),
        "{err}"
    );
}

#[test]
fn paper_sizes_and_metadata_are_real() {
    let (dir, b) = binder_with(None);
    for (paper, size) in [
        (Paper::A4, "595.28 x 841.891 pts (A4)"),
        (Paper::Letter, "612 x 792.001 pts (letter)"),
    ] {
        let printed = pdf::binder_pdf(&b, &options(paper)).unwrap();
        let file = write(&dir, "b.pdf", &printed.bytes);
        let info = tool("pdfinfo", &[], &file);
        assert!(info.contains(size), "{info}");
        assert!(
            info.contains("Title:           Ödegård & Søn AB — Business Continuity Plan"),
            "{info}"
        );
        assert!(info.contains("Author:          Ödegård & Søn AB"), "{info}");
        assert!(
            info.contains("Producer:        Continuity Binder"),
            "{info}"
        );
        assert!(
            info.contains("CreationDate:    Mon Nov 23 09:30:00 2026"),
            "{info}"
        );
    }
    // Subset fonts keep a short binder small (the four faces are 2.4 MB whole).
    let printed = pdf::binder_pdf(&b, &options(Paper::A4)).unwrap();
    assert!(
        printed.bytes.len() < 200_000,
        "{} bytes",
        printed.bytes.len()
    );
}

#[test]
fn the_wallet_card_is_one_page_with_the_call_list_levels_and_first_steps() {
    let (dir, b) = binder_with(None);
    let printed = pdf::wallet_card(&b, &options(Paper::Letter)).unwrap();
    assert_eq!(printed.pages, 1);
    let file = write(&dir, "card.pdf", &printed.bytes);
    assert!(tool("qpdf", &["--check"], &file).contains("No syntax or stream encoding errors"));
    let text = text_of(&file);
    for needle in [
        "who to call",
        "Incident lead:",
        "Sam Okafor +1 555 0101",
        "Åsa Öberg",
        "Activation levels",
        "Level 1",
        "Confirm the problem",
    ] {
        assert!(text.contains(needle), "{needle:?} not on the card: {text}");
    }
}

#[test]
fn the_emergency_sheet_holds_the_key_as_text_and_as_a_qr_code_that_scans() {
    let dir = tempfile::tempdir().unwrap();
    let secret = secrecy::SecretString::from(
        "AGE-SECRET-KEY-1QQSZQGPJXCZQ7RG5QNSPCZVK4NZQ9X7DF0VNLLQ2NLZVSLGQ9ZQQ4T3E5H".to_string(),
    );
    let printed = pdf::emergency_sheet(
        &pdf::EmergencySheet {
            organisation: "Ödegård & Søn AB",
            label: "Safe deposit box",
            secret: &secret,
            binder_file: "company.binder",
            shared_file: Some("/home/asa/Dropbox/company.binder"),
            fingerprint: "CBKE-XJHC-QEHG",
            call_tree: None,
        },
        &options(Paper::A4),
    );
    let file = write(&dir, "sheet.pdf", &printed.bytes);
    let text = text_of(&file);
    for needle in [
        "AGE-SECRET-KEY-1QQSZQGPJXCZQ7RG5QNSPCZVK4NZQ9X7DF0VNLLQ2NLZVSLGQ9ZQQ4T3E5H",
        "age -d -i recovery.txt -o plan.db \"company.binder\"",
        "sqlite3 plan.db",
        "/home/asa/Dropbox/company.binder",
        "Safe deposit box",
    ] {
        assert!(text.contains(needle), "{needle:?} not on the sheet: {text}");
    }
    require_tool("pdftoppm");
    require_tool("zbarimg");
    let png = dir.path().join("sheet");
    let status = Command::new("pdftoppm")
        .args(["-r", "150", "-png", "-singlefile"])
        .arg(&file)
        .arg(&png)
        .status()
        .unwrap();
    assert!(status.success());
    let out = Command::new("zbarimg")
        .args(["-q", "--raw"])
        .arg(png.with_extension("png"))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "AGE-SECRET-KEY-1QQSZQGPJXCZQ7RG5QNSPCZVK4NZQ9X7DF0VNLLQ2NLZVSLGQ9ZQQ4T3E5H",
        "the QR code scans to the key"
    );
}

#[test]
fn a_long_table_splits_across_pages_with_its_header_repeated() {
    let (dir, mut b) = binder_with(None);
    for i in 0..150 {
        b.add(
            "contact",
            &[
                ("name".into(), format!("Person {i:03} Ångström")),
                ("phones".into(), format!("+46 70 555 {i:04}")),
            ],
        )
        .unwrap();
    }
    let printed = pdf::binder_pdf(&b, &options(Paper::A4)).unwrap();
    let text = text_of(&write(&dir, "long.pdf", &printed.bytes));
    let start = text
        .find("Contacts Name Organisation Phones")
        .unwrap_or_else(|| panic!("the contacts table: {text}"));
    let end = text[start..]
        .find("Vendors Vendor")
        .map_or(text.len(), |e| start + e);
    let table = &text[start..end];
    let headers = table.matches("Name Organisation Phones E-mails").count();
    let pages = table.matches(" · version ").count() + 1;
    assert!(pages >= 3, "150 contacts take several pages ({pages})");
    assert_eq!(
        headers, pages,
        "the header is repeated on each page of the table"
    );
    for i in [0, 74, 149] {
        assert!(
            table.contains(&format!("Person {i:03} Ångström")),
            "row {i}"
        );
        assert!(table.contains(&format!("+46 70 555 {i:04}")), "phone {i}");
    }
}

#[test]
fn a_pdf_that_cannot_be_written_is_refused_with_the_reason() {
    let home = Home::with_starter();
    let before = home.snapshot();
    let err = home.fails(&["export", "pdf", "-o", "/no/such/folder/binder.pdf"]);
    assert!(
        err.contains("cannot write /no/such/folder/binder.pdf"),
        "{err}"
    );
    assert!(home.snapshot() == before, "nothing changed");
}

/// An empty binder of organisation `org` (no starter plan).
fn empty_binder(org: &str) -> (tempfile::TempDir, Binder) {
    let dir = tempfile::tempdir().unwrap();
    let mut b = Binder::create(
        &dir.path().join("b.binder"),
        Keys::generate("Åsa Öberg"),
        binder::Start::Empty,
    )
    .unwrap();
    b.set_organisation(org).unwrap();
    (dir, b)
}

/// The heliosdb seed plan's business impact analysis, imported, prints as a grid and a vector
/// map: the PDF passes qpdf, and the map's page holds the name of every function with a
/// dependency and of every vendor behind one, as pdftotext reads it.
#[test]
fn the_imported_seed_plans_dependency_map_prints_with_every_function_and_vendor_on_it() {
    let (dir, mut b) = empty_binder("HeliosDB");
    let name = "heliosdb-lite-bcp.txt";
    let bytes = std::fs::read(crate::support::fixtures("plans").join(name)).unwrap();
    binder::planimport::import(&mut b, name, &bytes).unwrap();
    let printed = pdf::binder_pdf(&b, &options(Paper::A4)).unwrap();
    let file = write(&dir, "helios.pdf", &printed.bytes);
    assert!(tool("qpdf", &["--check"], &file).contains("No syntax or stream encoding errors"));
    require_tool("pdftotext");
    let pages = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    let pages = String::from_utf8(pages.stdout).unwrap();
    let map_page = pages
        .split('\u{c}')
        .find(|p| p.contains("Dependency map") && p.contains("Functions (left)"))
        .expect("a dependency map page");
    let flat = map_page.split_whitespace().collect::<Vec<_>>().join(" ");
    let map = binder::impact::Analysis::read(&b).unwrap().map(None);
    for node in map
        .nodes
        .iter()
        .filter(|n| n.kind == "objective" || n.kind == "vendor")
    {
        let name = node.lines.join(" ");
        assert!(
            flat.contains(&name),
            "{name} is not on the map page: {flat}"
        );
    }
    for (function, vendor) in [
        ("Production database service", "AWS"),
        ("Production database service", "Route53"),
        ("Customer support", "Slack"),
        ("Development", "GitHub"),
    ] {
        assert!(flat.contains(function) && flat.contains(vendor));
        let f = map
            .nodes
            .iter()
            .find(|n| n.lines.join(" ") == function)
            .unwrap();
        let v = map
            .nodes
            .iter()
            .find(|n| n.kind == "vendor" && n.lines.join(" ") == vendor)
            .unwrap();
        let through = map
            .edges
            .iter()
            .any(|e| e.from == f.id && map.edges.iter().any(|x| x.from == e.to && x.to == v.id));
        assert!(through, "{function} reaches {vendor} through a system");
    }
    let grid_page = pages
        .split('\u{c}')
        .find(|p| p.contains("The worst impact rated"))
        .expect("an impact grid page");
    assert!(grid_page.contains("Sales/Marketing") && grid_page.contains("48 hours"));
}

/// A map too large for one sheet is printed a function at a time, each whole on its page: every
/// function's name and every system's is in the text, and nothing is drawn below the page.
#[test]
fn a_map_too_large_for_a_page_is_printed_a_function_at_a_time() {
    let (dir, mut b) = empty_binder("Big Co");
    let add = |b: &mut Binder, kind: &str, fields: &[(&str, String)]| {
        let inputs: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        b.add(kind, &inputs).unwrap()
    };
    for f in 0..24 {
        let function = add(
            &mut b,
            "objective",
            &[
                ("function", format!("Function {f}")),
                ("rto", "4 hours".into()),
            ],
        );
        for s in 0..3 {
            let system = add(
                &mut b,
                "dependency",
                &[("system", format!("System {f}-{s}"))],
            );
            add(
                &mut b,
                "link",
                &[("function", function.clone()), ("system", system)],
            );
        }
    }
    let printed = pdf::binder_pdf(&b, &options(Paper::A4)).unwrap();
    let file = write(&dir, "big.pdf", &printed.bytes);
    assert!(tool("qpdf", &["--check"], &file).contains("No syntax or stream encoding errors"));
    let text = text_of(&file);
    assert!(text.contains("each function's map follows"), "{text}");
    for f in 0..24 {
        assert!(text.contains(&format!("Function {f} ")), "Function {f}");
        for s in 0..3 {
            assert!(text.contains(&format!("System {f}-{s}")), "System {f}-{s}");
        }
    }
    // Every word lies within its page (pdftotext -bbox gives each word's box).
    let bbox = Command::new("pdftotext")
        .args(["-bbox"])
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8(bbox.stdout).unwrap();
    let page_height: f64 = html
        .split("<page width=\"")
        .nth(1)
        .and_then(|p| p.split("height=\"").nth(1))
        .and_then(|h| h.split('"').next())
        .and_then(|h| h.parse().ok())
        .unwrap();
    for word in html.split("yMax=\"").skip(1) {
        let y: f64 = word.split('"').next().unwrap().parse().unwrap();
        assert!(
            y <= page_height,
            "a word below the page: {y} > {page_height}"
        );
    }
}
