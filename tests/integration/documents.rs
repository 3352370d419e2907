use std::path::Path;
use std::process::Command;

use binder::planimport::PlanReport;
use binder::{Binder, Keys};

use crate::support::{fixtures, require_tool};

/// A new binder with an organisation (so the plan record is made), in its own folder.
fn fresh_binder() -> (tempfile::TempDir, Binder) {
    let dir = tempfile::tempdir().unwrap();
    let mut b = Binder::create(
        &dir.path().join("b.binder"),
        Keys::generate("T"),
        binder::Start::Empty,
    )
    .unwrap();
    b.set_organisation("Test Org").unwrap();
    (dir, b)
}

/// The titles of what became records of `kind`, in order.
fn titles<'a>(report: &'a PlanReport, kind: &str) -> Vec<&'a str> {
    report
        .entries
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| e.title.as_str())
        .collect()
}

/// The titles of the records of `kind` in the binder.
fn titles_in(b: &Binder, kind: &str) -> Vec<String> {
    b.list(kind, false)
        .unwrap()
        .iter()
        .map(|r| r.title())
        .collect()
}

/// The record of `kind` titled `title`.
fn one(b: &Binder, kind: &str, title: &str) -> binder::Record {
    b.list(kind, false)
        .unwrap()
        .into_iter()
        .find(|r| r.title() == title)
        .unwrap_or_else(|| panic!("no {kind} {title}"))
}

fn preview(name: &str, bytes: &[u8]) -> Result<PlanReport, binder::Error> {
    let (_dir, b) = fresh_binder();
    binder::planimport::preview(&b, name, bytes)
}

/// What a plan became: (kind, title) of every entry, in order; the plan record itself (which
/// the report lists where the document names it) first.
fn records(report: &PlanReport) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = report
        .entries
        .iter()
        .map(|e| (e.kind.clone(), e.title.clone()))
        .collect();
    out.sort_by_key(|(kind, _)| kind != "plan");
    out
}

/// Converts `source` with pandoc into `to` (docx, odt, html), in `dir`.
pub(crate) fn pandoc(source: &Path, from: &str, to: &str, dir: &Path) -> Vec<u8> {
    require_tool("pandoc");
    let out = dir.join(format!("converted.{to}"));
    let mut cmd = Command::new("pandoc");
    cmd.args(["-f", from]).arg(source).arg("-o").arg(&out);
    if to == "html" {
        cmd.args(["-s", "--metadata", "pagetitle=Plan"]);
    }
    let status = cmd.status().expect("pandoc runs (apt install pandoc)");
    assert!(status.success(), "pandoc converted {}", source.display());
    std::fs::read(out).unwrap()
}

/// What pandoc reads out of `file` as plain text (`args` before the output options): the oracle
/// for "no word lost", so pandoc must have succeeded and said something — an empty text from a
/// pandoc that failed would have no word to lose.
pub(crate) fn pandoc_plain(file: &Path, args: &[&str]) -> String {
    require_tool("pandoc");
    let out = Command::new("pandoc")
        .args(args)
        .arg(file)
        .args(["-t", "plain", "--wrap=none"])
        .output()
        .expect("pandoc runs (apt install pandoc)");
    assert!(
        out.status.success(),
        "pandoc could not read {} ({}): {}",
        file.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("pandoc writes UTF-8");
    assert!(
        text.split_whitespace().count() > 10,
        "pandoc read almost nothing out of {}: {text:?}",
        file.display()
    );
    text
}

/// The issue's test: the same plan saved as Word, OpenDocument and a web page by a real
/// converter yields the same records, heading for heading, as the original Markdown.
#[test]
fn word_opendocument_and_web_page_versions_yield_the_same_records() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "tuist-bcdr-plan.md",
        "ai-agent-platform-bcp.md",
        "jupiterone-bcdr-policy.md",
        "civicactions-contingency-plan.md",
        "tailscale-incident-response-process.md",
        "github-sirt-rfc2350.md",
    ] {
        // Front matter is the Markdown's own (a converter makes it a title page): left out on
        // both sides.
        let text = std::fs::read_to_string(fixtures("plans").join(name)).unwrap();
        let body = match text
            .strip_prefix("---\n")
            .and_then(|r| r.split_once("\n---\n"))
        {
            Some((_, body)) => body.to_string(),
            None => text,
        };
        // So are HTML comments (`<!-- markdownlint-disable -->`): converters drop them.
        let body: String = body
            .lines()
            .filter(|l| !(l.trim_start().starts_with("<!--") && l.trim_end().ends_with("-->")))
            .map(|l| format!("{l}\n"))
            .collect();
        // And raw HTML tables: pandoc drops raw HTML when it writes Word or OpenDocument (they
        // are read from the Markdown itself in `a_raw_html_table_in_markdown_is_a_table`).
        let mut in_table = false;
        let body: String = body
            .lines()
            .filter(|l| {
                let t = l.trim_start().to_lowercase();
                if t.starts_with("<table") {
                    in_table = true;
                }
                let keep = !in_table;
                if t.contains("</table>") {
                    in_table = false;
                }
                keep
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let source = dir.path().join(name);
        std::fs::write(&source, &body).unwrap();
        let original = preview(name, body.as_bytes()).unwrap();
        let want: Vec<(String, String)> = records(&original)
            .into_iter()
            .filter(|(kind, _)| kind != "text")
            .collect();
        assert!(want.iter().any(|(k, _)| k == "section"), "{name}");
        for (to, format) in [
            ("docx", "Word document (DOCX)"),
            ("odt", "OpenDocument text (ODT)"),
            ("html", "web page (HTML)"),
        ] {
            let bytes = pandoc(&source, "gfm", to, dir.path());
            let report = preview(&format!("plan.{to}"), &bytes).unwrap();
            assert_eq!(report.format, format, "{name} as {to}");
            let got: Vec<(String, String)> = records(&report)
                .into_iter()
                .filter(|(kind, _)| kind != "text")
                .collect();
            // The sections in order; the records they hold as a set (a converter joins a
            // paragraph's wrapped lines, so two readings of one paragraph may swap places).
            let shape = |v: &[(String, String)]| {
                let sections: Vec<(String, String)> =
                    v.iter().filter(|(k, _)| k == "section").cloned().collect();
                let mut rest: Vec<(String, String)> =
                    v.iter().filter(|(k, _)| k != "section").cloned().collect();
                rest.sort();
                (sections, rest)
            };
            assert_eq!(
                shape(&got),
                shape(&want),
                "{name} as {to}: the same records as the Markdown"
            );
        }
    }
}

/// The content decides, not the name: a Word document called `.txt`, a web page called `.md`,
/// Markdown called `.txt`.
#[test]
fn what_a_file_is_is_read_from_what_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    let source = fixtures("plans").join("tuist-bcdr-plan.md");
    let docx = pandoc(&source, "gfm", "docx", dir.path());
    assert_eq!(
        preview("plan.txt", &docx).unwrap().format,
        "Word document (DOCX)"
    );
    let html = pandoc(&source, "gfm", "html", dir.path());
    assert_eq!(preview("plan.md", &html).unwrap().format, "web page (HTML)");

    let markdown_txt = "Plan\n\n## Scope\n\nAll systems.\n\n## Contacts\n\n| Name | Phone |\n|---|---|\n| Jane Roe | +1 555 0134 |\n";
    let report = preview("notes.txt", markdown_txt.as_bytes()).unwrap();
    assert_eq!(report.format, "Markdown");
    let sections: Vec<String> = report
        .entries
        .iter()
        .filter(|e| e.kind == "section")
        .map(|e| e.title.clone())
        .collect();
    assert!(
        sections.contains(&"Scope".to_string()) && sections.contains(&"Contacts".to_string()),
        "{sections:?}"
    );
    // Plain text with pipe tables is still plain text (its numbered headings are read as such).
    let text = preview(
        "batchcortex-continuity-plan.txt",
        &std::fs::read(fixtures("plans").join("batchcortex-continuity-plan.txt")).unwrap(),
    )
    .unwrap();
    assert_eq!(text.format, "plain text");
}

/// The FedRAMP contingency plan template, a real Word document: its headings become sections
/// and its tables come across with their cells.
#[test]
fn the_fedramp_word_template_is_read_heading_by_heading() {
    let name = "fedramp-iscp-template-rev5.docx";
    let report = preview(name, &std::fs::read(fixtures("plans").join(name)).unwrap()).unwrap();
    assert_eq!(report.format, "Word document (DOCX)");
    let sections: Vec<&str> = titles(&report, "section");
    assert!(sections.len() >= 30, "{sections:?}");
    for heading in [
        "Introduction and Purpose",
        "Concept of Operations",
        "Recovery",
    ] {
        assert!(
            sections.iter().any(|s| s.contains(heading)),
            "no section {heading:?} in {sections:?}"
        );
    }
    assert!(
        report
            .entries
            .iter()
            .any(|e| e.kind == "text" && e.title.starts_with("Table")),
        "its tables are read as tables"
    );
}

/// Markdown that holds a table written as raw HTML (as GitHub renders it) reads it as a table.
#[test]
fn a_raw_html_table_in_markdown_is_a_table() {
    let md = "# Plan\n\n## Who\n\n<table>\n  <tr><th>Role</th><th>Primary</th><th>Backup</th></tr>\n  <tr><td>Incident lead</td><td>Jane Roe</td><td>Tom Poe</td></tr>\n</table>\n\n## After\n\nText.\n";
    let report = preview("plan.md", md.as_bytes()).unwrap();
    let roles: Vec<&str> = titles(&report, "role");
    assert_eq!(roles, ["Incident lead"]);
    let after = report.entries.iter().find(|e| e.title == "After").unwrap();
    assert_eq!(after.line, 10, "later lines keep their numbers");
}

/// Documents that cannot be read get a specific error, and nothing is written.
#[test]
fn documents_that_cannot_be_read_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let docx = pandoc(
        &fixtures("plans").join("tuist-bcdr-plan.md"),
        "gfm",
        "docx",
        dir.path(),
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "plan.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec(),
            "this is a PDF",
        ),
        (
            "plan.doc",
            [
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..],
                &[0; 504],
            ]
            .concat(),
            "password-protected document or an old Word file",
        ),
        (
            "plan.docx",
            docx[..docx.len() / 2].to_vec(),
            "cannot be read",
        ),
        ("plan.docx", spreadsheet(dir.path()), "not a text document"),
    ];
    for (name, bytes, says) in cases {
        let err = preview(name, &bytes).unwrap_err().to_string();
        assert!(err.contains(says), "{name}: {err}");
    }
}

/// A zip that is no text document (a spreadsheet's parts), made by Python's zipfile.
fn spreadsheet(dir: &Path) -> Vec<u8> {
    let out = dir.join("book.xlsx");
    let status = Command::new("python3")
        .arg("-c")
        .arg("import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z:\n    z.writestr('[Content_Types].xml', '<Types/>')\n    z.writestr('xl/workbook.xml', '<workbook/>')")
        .arg(&out)
        .status()
        .expect("python3 runs");
    assert!(status.success());
    std::fs::read(out).unwrap()
}

/// No word of a Word, OpenDocument or web-page plan is lost: every word pandoc reads out of the
/// converted file (as plain text) is in the binder after the import.
#[test]
fn no_word_of_a_converted_plan_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["tuist-bcdr-plan.md", "ai-agent-platform-bcp.md"] {
        let source = fixtures("plans").join(name);
        for to in ["docx", "odt", "html"] {
            let bytes = pandoc(&source, "gfm", to, dir.path());
            let file = dir.path().join(format!("converted.{to}"));
            let plain = pandoc_plain(&file, &[]);
            let (_b_dir, mut b) = fresh_binder();
            binder::planimport::import(&mut b, &format!("plan.{to}"), &bytes).unwrap();
            // Ticked boxes are steps to tick again during an incident (pandoc prints ☒).
            let lost = crate::plan_import::lost_words(&plain.replace('☒', "☐"), &b);
            assert!(lost.is_empty(), "{name} as {to}: words lost: {lost:?}");
        }
    }
}

/// People written as a list with their phone or e-mail become contacts (name, job, numbers,
/// addresses); amounts and rates that look like numbers, and items that are no person, do not.
#[test]
fn people_listed_with_a_phone_or_e_mail_become_contacts() {
    let md = "# Plan\n\n## Who to call\n\n* Jane Roe, Head of Security: 555-0134, jane@example.com\n* **Tom Poe** (CTO): +1 (555) 010-2030\n- Support hotline: 555-0199\n1. Maria Lopez – maria@example.org\n- **Revenue Impact**: $500-1000/hour\n";
    // In plain text "1. Maria Lopez" would be a numbered heading, as such documents number them.
    let text = md.replace("# ", "").replace("1. Maria", "- Maria");
    for (name, bytes) in [
        ("plan.md", md.as_bytes().to_vec()),
        ("plan.txt", text.into_bytes()),
    ] {
        let (_dir, mut b) = fresh_binder();
        binder::planimport::import(&mut b, name, &bytes).unwrap();
        let contacts = b.list("contact", false).unwrap();
        let mut names: Vec<String> = contacts.iter().map(|c| c.title()).collect();
        names.sort();
        // "Support hotline: 555-0199" is whom to call too, named by its label.
        assert_eq!(
            names,
            ["Jane Roe", "Maria Lopez", "Support hotline", "Tom Poe"],
            "{name}"
        );
        let jane = contacts.iter().find(|c| c.title() == "Jane Roe").unwrap();
        assert_eq!(jane.text("job_title"), "Head of Security");
        assert_eq!(jane.text("phones"), "555-0134");
        assert_eq!(jane.text("emails"), "jane@example.com");
        let tom = contacts.iter().find(|c| c.title() == "Tom Poe").unwrap();
        assert_eq!(tom.text("phones"), "+1 (555) 010-2030");
        let maria = contacts
            .iter()
            .find(|c| c.title() == "Maria Lopez")
            .unwrap();
        assert_eq!(maria.text("emails"), "maria@example.org");
    }
}

/// Task lists written on one line become checklists named by their label, step by step; the
/// line stays in the section's text.
#[test]
fn inline_task_lists_become_checklists() {
    let md = "# Incident response\n\n## Phases\n\nContainment: - [ ] Isolate the host - [ ] Rotate keys\n**Recovery**: - [ ] Restore from backup - [x] Tell customers\n\nA line with one - [ ] box is text.\n";
    let (_dir, mut b) = fresh_binder();
    binder::planimport::import(&mut b, "plan.md", md.as_bytes()).unwrap();
    let checklists = b.list("checklist", false).unwrap();
    let titles: Vec<String> = checklists.iter().map(|c| c.title()).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    for (title, steps) in [
        ("Containment", ["Isolate the host", "Rotate keys"]),
        ("Recovery", ["Restore from backup", "Tell customers"]),
    ] {
        let id = &checklists.iter().find(|c| c.title() == title).unwrap().id;
        let mut items: Vec<(String, String)> = b
            .list("item", false)
            .unwrap()
            .into_iter()
            .filter(|i| &i.text("checklist") == id)
            .map(|i| (i.text("position"), i.text("text")))
            .collect();
        items.sort();
        let texts: Vec<String> = items.into_iter().map(|(_, t)| t).collect();
        assert_eq!(texts, steps, "{title}");
    }
    let phases = one(&b, "section", "Phases");
    assert!(
        phases
            .text("body")
            .contains("Containment: - [ ] Isolate the host")
    );
}

/// Headings copied from a web page end with its anchor mark (`Overview¶`): still headings, the
/// mark left out of the title.
#[test]
fn headings_copied_from_a_web_page_keep_their_titles() {
    let md = "## Overview¶\n\nText.\n\n## Scope¶\n\nMore.\n";
    let report = preview("notes.txt", md.as_bytes()).unwrap();
    let sections: Vec<&str> = titles(&report, "section");
    assert_eq!(sections, ["Overview", "Scope"]);
}

/// After importing each fixture plan, the incident home shows the plan's own levels, call list
/// and first checklist wherever the document has them (and nothing made up where it has none).
#[test]
fn the_incident_home_after_importing_each_fixture_plan() {
    let plans = std::fs::read_dir(fixtures("plans"))
        .unwrap()
        .map(|e| e.unwrap().path());
    let mut seen = std::collections::BTreeMap::new();
    for path in plans {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (_dir, mut b) = fresh_binder();
        binder::planimport::import(&mut b, &name, &std::fs::read(&path).unwrap()).unwrap();
        let levels = b.list("level", false).unwrap().len();
        let calls: Vec<String> = binder::overview::call_list(&b)
            .unwrap()
            .into_iter()
            .map(|c| {
                let who = c.primary.map(|p| p.name).unwrap_or_else(|| "—".into());
                format!("{}: {who}", c.role)
            })
            .collect();
        let first = binder::overview::first_checklist(&b)
            .unwrap()
            .map(|c| c.checklist.title());
        seen.insert(name, (levels, calls, first));
    }
    let get = |name: &str| {
        seen.get(name)
            .unwrap_or_else(|| panic!("no fixture {name}"))
    };
    // The plans that have them show them.
    let ai = get("ai-agent-platform-bcp.md");
    assert_eq!(ai.0, 8);
    // Its four response roles, and the CTO and CEO its escalation order names.
    assert_eq!(ai.1.len(), 6, "{:?}", ai.1);
    assert_eq!(ai.2.as_deref(), Some("Immediate Response (0-15 minutes)"));
    let batch = get("batchcortex-continuity-plan.txt");
    assert!(
        batch
            .1
            .iter()
            .any(|c| c == "CEO / Technical Operations: Vilmer Frost"),
        "{:?}",
        batch.1
    );
    let tuist = get("tuist-bcdr-plan.md");
    assert_eq!(tuist.1.len(), 6, "{:?}", tuist.1);
    assert_eq!(get("civicactions-incident-response-plan.md").0, 3);
    // Headings that name levels ("## Priority 1 (P1) - High (H)") are its levels.
    assert_eq!(get("dfe-categorise-technical-incidents.html.md").0, 3);
    // A severity table written in raw HTML without a header: read by what its cells hold.
    assert_eq!(get("tailscale-incident-response-process.md").0, 4);
    assert!(get("civicactions-contingency-plan.md").2.is_some());
    // Every fixture was read (the DOCX and the .rst too), and nothing was invented.
    assert_eq!(
        seen.len(),
        crate::support::every_plan().len(),
        "{:?}",
        seen.keys()
    );
    for (name, (levels, calls, _)) in &seen {
        eprintln!("{name}: {levels} level(s), call list {calls:?}");
    }
}

/// A message written out in a fenced block with blanks to fill becomes a message template; the
/// blanks whose meaning is clear become the incident's facts, the others stay to fill by hand;
/// a block of commands is no message.
#[test]
fn a_message_in_a_fenced_block_becomes_a_template_with_the_incident_facts() {
    let md = "# Plan\n\n## Customer notice\n\n```\nSubject: [Service] outage\n\nDear [Customer name],\n\nSince [start time] we have had problems with [service]. We expect to fix it by [ETA].\nNext update: [next update].\n```\n\n## Commands\n\n```\nkubectl get pods\n```\n";
    let (_dir, mut b) = fresh_binder();
    binder::planimport::import(&mut b, "plan.md", md.as_bytes()).unwrap();
    let templates = b.list("template", false).unwrap();
    assert_eq!(templates.len(), 1, "{templates:?}");
    let t = &templates[0];
    assert_eq!(t.title(), "Service outage");
    assert_eq!(t.text("subject"), "{service} outage");
    let body = t.text("body");
    assert!(body.contains("Dear [Customer name],"), "{body}");
    assert!(
        body.contains(
            "Since {start_time} we have had problems with {service}. We expect to fix it by {eta}."
        ),
        "{body}"
    );
    assert!(body.contains("Next update: {next_update}."), "{body}");
    // The fixture's example broadcast (five blanks) is one too.
    let report = preview(
        "civicactions-incident-response-plan.md",
        &std::fs::read(fixtures("plans").join("civicactions-incident-response-plan.md")).unwrap(),
    )
    .unwrap();
    assert_eq!(titles(&report, "template").len(), 1);
}

/// Steps for one role ("Steps for the note-taker") become a checklist whose steps that role owns.
#[test]
fn steps_for_a_role_become_a_checklist_that_role_owns() {
    let md = "# Runbook\n\n## Steps for the note-taker\n\n1. Open the incident document\n2. Record every decision with the time\n\n## Checklist for IT:\n\n- Check backups\n- Rotate keys\n";
    let (_dir, mut b) = fresh_binder();
    binder::planimport::import(&mut b, "plan.md", md.as_bytes()).unwrap();
    let checklists = b.list("checklist", false).unwrap();
    for (title, owner, n) in [
        ("Steps for the note-taker", "note-taker", 2),
        ("Checklist for IT", "IT", 2),
    ] {
        let id = &checklists
            .iter()
            .find(|c| c.title() == title)
            .unwrap_or_else(|| panic!("no checklist {title}"))
            .id;
        let items: Vec<_> = b
            .list("item", false)
            .unwrap()
            .into_iter()
            .filter(|i| &i.text("checklist") == id)
            .collect();
        assert_eq!(items.len(), n, "{title}");
        assert!(
            items.iter().all(|i| i.text("owner") == owner),
            "{title}: {items:?}"
        );
    }
}

const PROSE_PLAN: &str = "# Plan\n\n## Decision authority\n\nDuring an outage the CTO (Maria Lopez) decides whether to fail over; the CEO (Tom Berg) stands in when she cannot.\n\n## Roles\n\n| Role | Primary | Backup |\n|---|---|---|\n| Incident lead | Ann Smith | Bob Jones |\n| Scribe | Cy Young | |\n\n## Testing\n\nThe restore of backups is tested at least quarterly.\n\n## First hour\n\n- [ ] Call the incident lead\n- [ ] Open the incident log\n";

fn key(report: &PlanReport, kind: &str, title: &str) -> String {
    report
        .entries
        .iter()
        .find(|e| e.kind == kind && e.title == title)
        .and_then(|e| e.key.clone())
        .unwrap_or_else(|| panic!("no {kind} {title} in {:?}", report.entries))
}

/// A role said in sentences that names who holds it and who stands in is read (ticked), as is a
/// test whose sentence names what is tested; a role a sentence only guesses at (no one named)
/// is proposed as inferred (unticked): the default import leaves it out, choosing it takes it.
#[test]
fn a_role_said_in_a_sentence_is_read_when_it_names_its_people_and_inferred_when_not() {
    use binder::planimport::Confidence;
    let plan =
        format!("{PROSE_PLAN}\n## Safety\n\nThe COO is responsible for the safety of personnel.\n");
    let report = preview("plan.md", plan.as_bytes()).unwrap();
    let entry = |kind: &str, title: &str| {
        report
            .entries
            .iter()
            .find(|e| e.kind == kind && e.title == title)
            .unwrap_or_else(|| panic!("no {kind} {title}: {:?}", report.entries))
            .clone()
    };
    let role = entry("role", "Decision authority");
    assert_eq!(role.confidence, Confidence::Likely);
    assert!(
        role.detail.contains("read from the text")
            && role.detail.contains("Maria Lopez (CTO)")
            && role.detail.contains("backup Tom Berg (CEO)"),
        "{}",
        role.detail
    );
    assert_eq!(entry("role", "Incident lead").confidence, Confidence::Sure);
    assert_eq!(
        entry("schedule", "Test of the restore of backups").confidence,
        Confidence::Likely
    );
    assert_eq!(
        entry("role", "Safety of personnel").confidence,
        Confidence::Inferred
    );

    // The default import (what the preview proposes ticked) leaves the guess out…
    let (_dir, mut b) = fresh_binder();
    binder::planimport::import(&mut b, "plan.md", plan.as_bytes()).unwrap();
    let roles: Vec<String> = titles_in(&b, "role");
    assert_eq!(roles, ["Decision authority", "Incident lead", "Scribe"]);
    let role = one(&b, "role", "Decision authority");
    let name = |id: String| b.record(&id).unwrap().title();
    assert_eq!(name(role.text("primary")), "Maria Lopez");
    assert_eq!(name(role.text("backup")), "Tom Berg");
    assert!(
        role.text("notes")
            .starts_with("Read from the text: “During an outage")
    );
    let maria = b.record(&role.text("primary")).unwrap();
    assert_eq!(maria.text("job_title"), "CTO");
    let schedule = &b.list("schedule", false).unwrap()[0];
    assert_eq!(
        (schedule.text("frequency"), schedule.text("type")),
        ("quarterly".to_string(), "test".to_string())
    );

    // …and choosing everything takes it.
    let (_dir, mut b) = fresh_binder();
    binder::planimport::import_selected(
        &mut b,
        "plan.md",
        plan.as_bytes(),
        &[],
        &Default::default(),
    )
    .unwrap();
    let guess = one(&b, "role", "Safety of personnel");
    assert!(
        guess
            .text("notes")
            .starts_with("Inferred from the text: “The COO")
    );
}

/// Unticking a proposal leaves it out and loses no word: a table row left out puts the table
/// back in its section's text, a checklist left out puts its task list back, and a role that
/// named a person left out names them in its notes.
#[test]
fn what_is_left_out_stays_in_the_text() {
    let report = preview("plan.md", PROSE_PLAN.as_bytes()).unwrap();
    let leave_out = [
        key(&report, "role", "Scribe"),
        key(&report, "checklist", "First hour"),
        key(&report, "contact", "Bob Jones"),
    ];
    let (_dir, mut b) = fresh_binder();
    let (done, _) = binder::planimport::import_selected(
        &mut b,
        "plan.md",
        PROSE_PLAN.as_bytes(),
        &leave_out,
        &Default::default(),
    )
    .unwrap();
    assert!(
        !done.entries.iter().any(|e| e.title == "Scribe"),
        "the report lists what was made"
    );
    let roles: Vec<String> = titles_in(&b, "role");
    assert!(roles.contains(&"Incident lead".to_string()) && !roles.contains(&"Scribe".to_string()));
    assert!(b.list("checklist", false).unwrap().is_empty());
    assert!(
        b.list("item", false).unwrap().is_empty(),
        "the steps went with their checklist"
    );
    let section = |title: &str| one(&b, "section", title).text("body");
    assert!(
        section("Roles").contains("| Scribe | Cy Young |"),
        "{}",
        section("Roles")
    );
    assert!(section("First hour").contains("- [ ] Open the incident log"));
    let lead = one(&b, "role", "Incident lead");
    assert!(lead.text("backup").is_empty());
    assert!(
        lead.text("notes").contains("Backup: Bob Jones"),
        "{:?}",
        lead.fields
    );
    assert!(
        !b.list("contact", false)
            .unwrap()
            .iter()
            .any(|c| c.title() == "Bob Jones")
    );
    // Nothing the file says is lost.
    let lost = crate::plan_import::lost_words(PROSE_PLAN, &b);
    assert!(lost.is_empty(), "words lost: {lost:?}");
}

/// Sentences of the fixture plans that say who holds a role and how often something is
/// tested are read as such — a guess (inferred) where no one is named and a task named only by
/// its section — and nothing is made up where they say neither.
#[test]
fn roles_and_schedules_said_in_the_fixture_plans() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "jupiterone-bcdr-policy.md",
            &[
                ("schedule", "Exercise of BCDR"),
                ("role", "Safety of personnel"),
                ("role", "Recovery of technical environments"),
                // "1. **IT** is responsible for recovery of the hosted environment, …": an item
                // of a numbered list written as a sentence.
                ("role", "Recovery of the hosted environment"),
                ("schedule", "Testing of a Contingency Plan"),
            ],
        ),
        (
            "tailscale-incident-response-process.md",
            &[
                ("role", "Incident Commander"),
                ("schedule", "Review of the incident response process"),
            ],
        ),
        (
            "tuist-bcdr-plan.md",
            &[("schedule", "Disaster recovery test")],
        ),
        (
            "ai-agent-platform-bcp.md",
            &[("schedule", "Review of this Business Continuity Plan")],
        ),
        ("batchcortex-continuity-plan.txt", &[]),
    ];
    for (name, expected) in cases {
        let bytes = std::fs::read(fixtures("plans").join(name)).unwrap();
        let report = preview(name, &bytes).unwrap();
        let inferred: Vec<(&str, &str)> = report
            .entries
            .iter()
            .filter(|e| e.detail.contains("from the text"))
            .filter(|e| e.kind == "role" || e.kind == "schedule")
            .map(|e| (e.kind.as_str(), e.title.as_str()))
            .collect();
        assert_eq!(&inferred, expected, "{name}");
    }
    // The line of succession: the COO and the Head of Engineering, the CEO standing in.
    let bytes = std::fs::read(fixtures("plans").join("jupiterone-bcdr-policy.md")).unwrap();
    let (_dir, mut b) = fresh_binder();
    binder::planimport::import_selected(&mut b, "p.md", &bytes, &[], &Default::default()).unwrap();
    let role = one(&b, "role", "Recovery of technical environments");
    let notes = role.text("notes");
    assert!(
        notes.contains("Held by the Head of Engineering (no name given)")
            && notes.contains("Backup: the CEO (no name given)"),
        "{notes}"
    );
}

/// The reStructuredText fixture (OpenStack's vulnerability process) is read as such: its three
/// levels of titles are sections, the messages in its literal blocks are templates with their
/// `$BLANKS`, its grid tables are tables, and every word pandoc reads out of it is kept.
#[test]
fn a_restructuredtext_plan_is_read_title_by_title() {
    let path = fixtures("plans").join("openstack-vmt-process.rst");
    let bytes = std::fs::read(&path).unwrap();
    let report = preview("openstack-vmt-process.rst", &bytes).unwrap();
    assert_eq!(report.format, "reStructuredText");
    assert_eq!(
        report.title.as_deref(),
        Some("Vulnerability Management Process")
    );
    let sections = titles(&report, "section");
    for s in [
        "Process",
        "Reception",
        "Patch development",
        "OSSA Task status",
        "Embargo exceptions",
    ] {
        assert!(sections.contains(&s), "{s} in {sections:?}");
    }
    assert_eq!(
        titles(&report, "template"),
        [
            "Impact description ($DESCRIPTION)",
            "Downstream stakeholders notification email (private issues)",
            "OpenStack security advisories (OSSA)"
        ]
    );
    let tables: Vec<&str> = titles(&report, "text");
    assert_eq!(
        tables,
        [
            "Table (Classes, Outcome, Description)",
            "Table (Status, Meaning)"
        ]
    );
    // Content-based: the same text saved as .txt is still reStructuredText.
    assert_eq!(
        preview("process.txt", &bytes).unwrap().format,
        "reStructuredText"
    );

    let plain = pandoc_plain(&path, &["-f", "rst"]);
    let (_dir, mut b) = fresh_binder();
    binder::planimport::import(&mut b, "p.rst", &bytes).unwrap();
    let lost = crate::plan_import::lost_words(&plain, &b);
    assert!(lost.is_empty(), "words lost: {lost:?}");
    // The template's blanks are there to fill.
    let t = b
        .list("template", false)
        .unwrap()
        .into_iter()
        .find(|t| t.title() == "Impact description ($DESCRIPTION)")
        .unwrap();
    assert!(
        t.text("body").contains("$CREDIT reported a vulnerability"),
        "{}",
        t.text("body")
    );
}

/// The CLI proposes as the app does: inferred readings are shown with their keys by --dry-run
/// and left out unless --with-inferred; --leave-out leaves out one proposal by its key.
#[test]
fn the_cli_leaves_inferred_readings_out_unless_asked() {
    let home = crate::support::Home::quick("Ann");
    home.ok(&["init", "--name", "Ann", "--org", "Acme"]);
    let plan = home.path("plan.md");
    std::fs::write(
        &plan,
        format!("{PROSE_PLAN}\n## Safety\n\nThe COO is responsible for the safety of personnel.\n"),
    )
    .unwrap();
    let plan = plan.to_str().unwrap();
    let dry = home.ok(&["import", "plan", "--dry-run", plan]);
    assert!(
        dry.contains("(inferred: left out unless --with-inferred) [role:25:safety-of-personnel]"),
        "{dry}"
    );
    let before = std::fs::read(&home.binder).unwrap();
    let wrong = home.run(&["import", "plan", plan, "--leave-out", "role:11:scribe"]);
    assert!(!wrong.status.success());
    let said = String::from_utf8_lossy(&wrong.stderr);
    assert!(
        said.contains("nothing this document proposes has the key “role:11:scribe”"),
        "{said}"
    );
    assert_eq!(
        std::fs::read(&home.binder).unwrap(),
        before,
        "a refused import writes nothing"
    );
    home.ok(&["import", "plan", plan, "--leave-out", "role:9:scribe"]);
    let roles = home.ok(&["list", "role"]);
    assert!(roles.contains("Incident lead"), "{roles}");
    assert!(roles.contains("Decision authority"), "{roles}");
    assert!(!roles.contains("Scribe"), "{roles}");
    assert!(!roles.contains("Safety of personnel"), "{roles}");
    home.ok(&["import", "plan", plan, "--with-inferred"]);
    let roles = home.ok(&["list", "role"]);
    assert!(
        roles.contains("Safety of personnel") && roles.contains("Scribe"),
        "{roles}"
    );
}

/// Sibling headings that name levels become levels ranked in order, their criteria the text
/// under them and their response time the duration a line about responding gives; headings
/// that only start with a level word ("High Probability Risks") do not.
#[test]
fn headings_that_name_levels_are_levels() {
    let md = "# Plan\n\n## Severity levels\n\n### SEV-1: Outage\n\nCustomers cannot log in.\n\nResponse time: 15 minutes\n\n### SEV-2: Degraded\n\nSlow pages.\n\n- **Respond within**: 1 hour\n\n## Risks\n\n### High Probability Risks\n\nPower.\n\n### Low Probability Risks\n\nFlood.\n";
    let (_dir, mut b) = fresh_binder();
    let (report, _) = binder::planimport::import(&mut b, "plan.md", md.as_bytes()).unwrap();
    assert_eq!(
        titles(&report, "level"),
        ["SEV-1: Outage", "SEV-2: Degraded"]
    );
    let levels = b.list("level", false).unwrap();
    let one = levels
        .iter()
        .find(|l| l.title() == "SEV-1: Outage")
        .unwrap();
    assert_eq!(one.text("criteria"), "Customers cannot log in.");
    assert_eq!(one.text("response_time"), "15 minutes");
    assert_eq!(one.text("rank"), "1");
    let two = levels
        .iter()
        .find(|l| l.title() == "SEV-2: Degraded")
        .unwrap();
    assert_eq!(
        (
            two.text("rank").as_str(),
            two.text("response_time").as_str()
        ),
        ("2", "1 hour")
    );
}

/// Tables whose headers are not in the catalog's words are read by what their cells hold: a
/// headerless severity table, a list of people with a "Reach" column of phones and e-mails, a
/// list of systems, a supplier table naming a primary and a backup provider per service.
#[test]
fn tables_are_read_by_what_their_cells_hold() {
    use binder::planimport::Confidence;
    let md = "# Plan\n\n## Severity\n\n| | |\n|---|---|\n| SEV-1 | Customer data at risk |\n| SEV-2 | Service degraded |\n\n## Who\n\n| Person | Reach |\n|---|---|\n| Jane Roe | +1 555 0134 |\n| Tom Poe | tom@example.com |\n\n## Systems\n\n| System | Users | Workaround | Support |\n|---|---|---|---|\n| Payroll (Gusto) | Finance | Pay by bank transfer | https://support.gusto.com |\n| CRM (HubSpot) | Sales | Spreadsheet export | https://help.hubspot.com |\n\n## Suppliers\n\n| Service | Primary provider | Backup provider |\n|---|---|---|\n| Hosting | AWS | Hetzner |\n| Email | Google Workspace | Fastmail |\n\n## Tools\n\n| Name | Description |\n|---|---|\n| Figma | Design |\n| Linear | Tickets |\n";
    let report = preview("plan.md", md.as_bytes()).unwrap();
    assert_eq!(titles(&report, "level"), ["SEV-1", "SEV-2"]);
    assert_eq!(titles(&report, "contact"), ["Jane Roe", "Tom Poe"]);
    assert_eq!(
        titles(&report, "dependency"),
        ["Payroll (Gusto)", "CRM (HubSpot)"]
    );
    // (Figma, a well-known provider, is named in a table of tools the company uses.)
    assert_eq!(
        titles(&report, "vendor"),
        ["AWS", "Google Workspace", "Figma"]
    );
    // A table of anything with a "Name" column is not a list of people.
    assert!(titles(&report, "text").contains(&"Table (Name, Description)"));
    let sev = report.entries.iter().find(|e| e.title == "SEV-1").unwrap();
    assert_eq!(sev.confidence, Confidence::Likely);
    assert!(sev.detail.contains("read by what its cells hold"));

    let (_dir, mut b) = fresh_binder();
    binder::planimport::import(&mut b, "plan.md", md.as_bytes()).unwrap();
    let find = |kind: &str, title: &str| one(&b, kind, title);
    assert_eq!(
        find("level", "SEV-1").text("criteria"),
        "Customer data at risk"
    );
    assert_eq!(find("contact", "Jane Roe").text("phones"), "+1 555 0134");
    assert_eq!(find("contact", "Tom Poe").text("emails"), "tom@example.com");
    let aws = find("vendor", "AWS");
    assert_eq!(
        (aws.text("service"), aws.text("backup_vendor")),
        ("Hosting".to_string(), "Hetzner".to_string())
    );
    assert!(
        find("dependency", "Payroll (Gusto)")
            .text("notes")
            .contains("Support: https://support.gusto.com")
    );
}

/// Lists of `**Label**: value` lines are read by what they say: vendors under a heading about
/// vendors (the label the service), tasks under a heading that says how often ("Quarterly
/// Tests"), and the RTO and RPO of an objectives list — the ai-agent plan has all three.
#[test]
fn labelled_lists_give_vendors_schedules_and_objectives() {
    let bytes = std::fs::read(fixtures("plans").join("ai-agent-platform-bcp.md")).unwrap();
    let (_dir, mut b) = fresh_binder();
    binder::planimport::import(&mut b, "ai.md", &bytes).unwrap();
    let find = |kind: &str, title: &str| one(&b, kind, title);
    assert_eq!(find("vendor", "DataDog").text("service"), "Monitoring");
    assert_eq!(
        find("vendor", "PagerDuty").text("service"),
        "Monitoring; Communication"
    );
    let vendors: Vec<String> = titles_in(&b, "vendor");
    // (Twitter: "**Social Media**: Twitter updates for major incidents".)
    assert_eq!(vendors.len(), 14, "{vendors:?}");
    assert!(
        !vendors.iter().any(|v| v.contains("uptime")),
        "requirements are no vendors"
    );
    let objective = find("objective", "Critical services");
    assert_eq!(
        (objective.text("rto"), objective.text("rpo")),
        ("<1 hour".to_string(), "<15 minutes".to_string())
    );
    let restore = find("schedule", "Backup Restoration");
    assert_eq!(
        (restore.text("frequency"), restore.text("type")),
        ("quarterly".to_string(), "test".to_string())
    );
    assert_eq!(
        find("schedule", "Tabletop Exercises").text("frequency"),
        "annually"
    );
    assert_eq!(
        find("schedule", "Review Procedures").text("frequency"),
        "monthly"
    );
    // And cadences said in list items: "**Testing**: Monthly backup restoration tests".
    assert_eq!(
        find("schedule", "Monthly backup restoration tests").text("frequency"),
        "monthly"
    );
    find("schedule", "Quarterly vendor performance reviews");
    // (And the review its closing sentence promises: "Review of this Business Continuity Plan".)
    assert_eq!(b.list("schedule", false).unwrap().len(), 19);
}

/// A tree drawing of systems makes dependencies, each under the one above it, and vendors
/// from the names after the colons.
#[test]
fn a_tree_drawing_gives_dependencies_and_their_vendors() {
    let md = "# Plan\n\n## Our systems\n\n```text\nProduct\n├── Web app: Vercel\n│   ├── Database: Supabase (daily backups)\n│   └── Auth: Auth0\n└── Email: Google Workspace\n```\n";
    let (_dir, mut b) = fresh_binder();
    binder::planimport::import(&mut b, "plan.md", md.as_bytes()).unwrap();
    let deps = b.list("dependency", false).unwrap();
    let db = deps.iter().find(|d| d.title() == "Database").unwrap();
    assert_eq!(db.text("function"), "Web app");
    assert_eq!(b.record(&db.text("vendor")).unwrap().title(), "Supabase");
    let email = deps.iter().find(|d| d.title() == "Email").unwrap();
    assert_eq!(email.text("function"), "Product");
    assert_eq!(deps.len(), 4);
    assert_eq!(b.list("vendor", false).unwrap().len(), 4);
    // Importing it again changes nothing.
    let before = b.fingerprint().unwrap();
    binder::planimport::import(&mut b, "plan.md", md.as_bytes()).unwrap();
    assert_eq!(b.fingerprint().unwrap(), before);
}

/// A numbered list under a heading that names a phase or a time window ("First hour") is a
/// checklist; "the Incident Commander is responsible for:" and a list gives the role with
/// those responsibilities (inferred).
#[test]
fn first_hour_steps_and_a_list_of_responsibilities() {
    let md = "# Runbook\n\n## First hour\n\n1. Name an incident lead\n2. Open the incident channel\n3. Tell customers we are looking into it\n\n## Roles\n\nThe Incident Commander is responsible for:\n\n* Classifying the severity of the incident,\n  including its scope.\n* Appointing a communications lead.\n";
    let report = preview("plan.md", md.as_bytes()).unwrap();
    assert_eq!(titles(&report, "checklist"), ["First hour"]);
    let (_dir, mut b) = fresh_binder();
    binder::planimport::import_selected(&mut b, "plan.md", md.as_bytes(), &[], &Default::default())
        .unwrap();
    let first = binder::overview::first_checklist(&b).unwrap().unwrap();
    assert_eq!(first.checklist.title(), "First hour");
    let ic = one(&b, "role", "Incident Commander");
    assert_eq!(
        ic.text("responsibilities"),
        "The Incident Commander is responsible for:\n\n- Classifying the severity of the incident, including its scope.\n- Appointing a communications lead."
    );
}

/// A column of control references (`A.5.30`, `CC7.1`, `PR.IP-9`) makes compliance controls
/// whatever its header says.
#[test]
fn control_references_in_cells_make_controls() {
    let md = "# Plan\n\n## Mapping\n\n| Ref | Description |\n|---|---|\n| A.5.30 | ICT readiness for business continuity |\n| CC7.1 | Detection of changes |\n| PR.IP-9 | Response and recovery plans |\n\n## Not controls\n\n| Ref | Description |\n|---|---|\n| Q3 plan | Budget |\n| Team offsite | Travel |\n";
    let report = preview("plan.md", md.as_bytes()).unwrap();
    assert_eq!(titles(&report, "control"), ["A.5.30", "CC7.1", "PR.IP-9"]);
    assert!(titles(&report, "text").contains(&"Table (Ref, Description)"));
}

/// No word of any of the fixture plans is lost — every one, in every format they come in:
/// the words of a Markdown or text file as written, of the Word and reStructuredText ones as
/// pandoc reads them out.
#[test]
fn no_word_of_any_fixture_plan_is_lost() {
    let plans = fixture_plans_imported();
    for (name, text, (_, b)) in &plans {
        let lost = crate::plan_import::lost_words(text, b);
        assert!(lost.is_empty(), "{name}: words lost: {lost:?}");
    }
    assert_eq!(plans.len(), crate::support::every_plan().len());
}

/// Each fixture plan: its name, its words (of a Markdown or text file as written, less raw HTML
/// tags; of the Word and reStructuredText ones as pandoc reads them out; a ticked box as an
/// unticked one, since a step is to tick again during an incident), and a binder it was
/// imported into.
fn fixture_plans_imported() -> Vec<(String, String, (tempfile::TempDir, Binder))> {
    crate::support::every_plan()
        .into_iter()
        .map(|name| {
            let path = fixtures("plans").join(&name);
            let bytes = std::fs::read(&path).unwrap();
            let text = match path.extension().and_then(|e| e.to_str()) {
                Some("docx") | Some("rst") => pandoc_plain(&path, &[]),
                _ => without_html_tags(&String::from_utf8(bytes.clone()).unwrap()),
            };
            let (dir, mut b) = fresh_binder();
            binder::planimport::import(&mut b, &name, &bytes).unwrap();
            (name, text.replace('☒', "☐"), (dir, b))
        })
        .collect()
}

/// Markdown's raw HTML tags (`<td>`, `</table>`) are markup, not words of the plan; blanks such
/// as `<Insert name>` are kept.
fn without_html_tags(text: &str) -> String {
    const TAGS: &[&str] = &[
        "table", "tr", "td", "th", "thead", "tbody", "br", "p", "div", "span", "a", "b", "i",
        "strong", "em", "ul", "ol", "li", "img", "sup", "sub", "code", "pre", "details", "summary",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('>');
        let name: String = after
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        match close {
            Some(end) if TAGS.contains(&name.to_lowercase().as_str()) => {
                out.push(' ');
                rest = &after[end + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A list whose labels name levels (a runbook's "**SEV1 (Critical)**: Complete service
/// outage…", a shape no fixture has) gives the levels, ranked, each with what it means.
#[test]
fn a_list_of_labelled_levels_gives_the_levels() {
    let md = "# Runbook\n\n## Severity Levels\n- **SEV1 (Critical)**: Complete service outage, data loss\n- **SEV2 (High)**: Major feature degradation\n- **SEV3 (Medium)**: Minor feature issues\n\n## Tools\n- **Monitoring**: Grafana\n- **Paging**: Opsgenie\n";
    let (_dir, mut b) = fresh_binder();
    binder::planimport::import(&mut b, "runbook.md", md.as_bytes()).unwrap();
    assert_eq!(
        titles_in(&b, "level"),
        ["SEV1 (Critical)", "SEV2 (High)", "SEV3 (Medium)"]
    );
    let sev1 = one(&b, "level", "SEV1 (Critical)");
    assert_eq!(
        (sev1.text("rank"), sev1.text("criteria")),
        (
            "1".to_string(),
            "Complete service outage, data loss".to_string()
        )
    );
}

/// From a real incident-response template not among the fixtures: a contacts table whose rows
/// are only blanks to fill ("[Name] | [Phone]") makes no contact, and an escalation matrix
/// ("L1 | On-Call Engineer") is neither activation levels nor people.
#[test]
fn template_blanks_and_an_escalation_matrix_are_no_records() {
    let md = "# Plan\n\n## Emergency Contacts\n| Role | Name | Phone | Email | Backup |\n|---|---|---|---|---|\n| Incident Commander | [Name] | [Phone] | [Email] | [Backup] |\n\n## Escalation Matrix\n| Level | Contact | When to Escalate |\n|---|---|---|\n| L1 | On-Call Engineer | Immediate response |\n| L2 | Team Lead | No response in 15 min |\n";
    let report = preview("plan.md", md.as_bytes()).unwrap();
    assert!(
        titles(&report, "contact").is_empty(),
        "{:?}",
        report.entries
    );
    assert!(titles(&report, "level").is_empty(), "{:?}", report.entries);
    assert_eq!(
        titles(&report, "text"),
        [
            "Table (Role, Name, Phone, Email, Backup)",
            "Table (Level, Contact, When to Escalate)"
        ]
    );
}
