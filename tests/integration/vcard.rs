use std::path::PathBuf;
use std::process::Command;

use binder::{Binder, Keys, Record, Value};

use crate::support::{Home, require_tool};

fn fixture(name: &str) -> PathBuf {
    crate::support::fixtures("vcard").join(name)
}

/// A fresh binder with the vCard file imported; its contacts.
fn imported(name: &str) -> (tempfile::TempDir, Vec<Record>) {
    let dir = tempfile::tempdir().unwrap();
    let mut b = Binder::create(
        &dir.path().join("b.binder"),
        Keys::generate("T"),
        binder::Start::Empty,
    )
    .unwrap();
    binder::vcard::import(&mut b, &std::fs::read(fixture(name)).unwrap()).unwrap();
    let contacts = b.list("contact", false).unwrap();
    (dir, contacts)
}

fn list(r: &Record, field: &str) -> Vec<String> {
    match r.fields.get(field) {
        Some(Value::List(v)) => v.clone(),
        _ => Vec::new(),
    }
}

fn by_name<'a>(contacts: &'a [Record], name: &str) -> &'a Record {
    contacts
        .iter()
        .find(|c| c.title() == name)
        .unwrap_or_else(|| {
            panic!(
                "no contact {name:?} in {:?}",
                contacts.iter().map(Record::title).collect::<Vec<_>>()
            )
        })
}

#[test]
fn real_exports_import_with_their_names_phones_and_emails() {
    let (_d, c) = imported("John_Doe_MS_OUTLOOK.vcf");
    let john = by_name(&c, "Mr. John Richter James Doe Sr.");
    assert_eq!(list(john, "phones"), ["(905) 555-1234", "(905) 666-1234"]);
    assert_eq!(list(john, "emails"), ["john.doe@ibm.cm"]);
    assert_eq!(john.text("org"), "IBM, Accounting");
    assert_eq!(john.text("job_title"), "Money Counter");
    assert!(john.text("address").contains("Cresent moon drive"));
    assert!(john.text("notes").contains("Web: http://www.ibm.com"));

    let (_d, c) = imported("gmail-list.vcf");
    let names: Vec<String> = c.iter().map(Record::title).collect();
    for n in ["Arnold Smith", "Chris Beatle", "Doug White"] {
        assert!(names.contains(&n.to_string()), "{names:?}");
    }

    let (_d, c) = imported("gmail-single2.vcf");
    let card = by_name(&c, "VCard Test");
    assert_eq!(
        list(card, "phones"),
        (1111..=1121)
            .map(|n| format!("555555{n}"))
            .collect::<Vec<_>>()
    );
    assert_eq!(list(card, "emails").len(), 5);
    assert!(
        list(card, "emails").contains(&"customcategory@example.com".to_string()),
        "Apple itemN. groups"
    );

    let (_d, c) = imported("John_Doe_MAC_ADDRESS_BOOK.vcf");
    let john = by_name(&c, "Mr. John Richter,James Doe Sr.");
    assert_eq!(
        list(john, "phones"),
        [
            "905-777-1234",
            "905-666-1234",
            "905-555-1234",
            "905-888-1234",
            "905-999-1234",
            "905-111-1234",
            "905-222-1234"
        ]
    );

    let (_d, c) = imported("John_Doe_ANDROID.vcf");
    assert_eq!(c.len(), 6);
    assert!(
        c.iter().any(|r| r.title() == "Ñ Ñ Ñ Ñ Ñ"),
        "quoted-printable UTF-8 names"
    );

    let (_d, c) = imported("jeroendesloovere-vcards-v4.vcf");
    assert_eq!(c.len(), 2);
    let jeroen = c.iter().find(|r| r.title().contains("Jeroen")).unwrap();
    assert!(
        jeroen.title().contains("Desloovere"),
        "a 4.0 card without FN is named from N"
    );
    assert!(
        jeroen.text("address").contains("Markt 1") && jeroen.text("address").contains("België")
    );

    let (_d, c) = imported("outlook-2003.vcf");
    let john = by_name(&c, "John Doe III");
    assert!(
        john.text("notes")
            .contains("Phone (as exported): BusinessPhone"),
        "words in TEL are kept, not dropped"
    );
}

/// TEL and EMAIL values of a file, read independently of the importer (unfolded, last colon).
fn raw_values(text: &str, property: &str) -> Vec<String> {
    let unfolded = text
        .replace("\r\n ", "")
        .replace("\n ", "")
        .replace("\r\n\t", "");
    unfolded
        .lines()
        .filter(|l| {
            let head = l.split(':').next().unwrap_or("").to_ascii_uppercase();
            let name = head
                .split(';')
                .next()
                .unwrap_or("")
                .rsplit('.')
                .next()
                .unwrap_or("")
                .to_string();
            name == property && !head.contains("QUOTED-PRINTABLE")
        })
        .map(|l| {
            l.split_once(':')
                .map(|(_, v)| v.trim().trim_start_matches("tel:").to_string())
                .unwrap_or_default()
        })
        .filter(|v| !v.is_empty())
        .collect()
}

#[test]
fn every_fixture_keeps_every_phone_number_and_email_somewhere() {
    for entry in std::fs::read_dir(fixture("")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "vcf") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let (_d, contacts) = imported(&name);
        assert_eq!(
            contacts.len(),
            text.matches("BEGIN:VCARD").count(),
            "{name}: one contact per card"
        );
        let everything: String = contacts.iter().map(|c| format!("{:?}", c.fields)).collect();
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        for value in raw_values(&text, "TEL")
            .into_iter()
            .chain(raw_values(&text, "EMAIL"))
        {
            assert!(
                squash(&everything).contains(&squash(&value)),
                "{name}: {value:?} was lost"
            );
        }
    }
}

#[test]
fn vcard_export_round_trips_and_a_second_parser_reads_it() {
    let home = Home::with_starter();
    home.ok(&[
        "add",
        "contact",
        "name=Åsa Öberg",
        "org=Acme; Ops",
        "phones=+46 70 123 45 67; 08-123 456",
        "emails=asa@example.se",
        "tags=board, sweden",
        "notes=Line one\nLine two, with comma; and semicolon",
    ]);
    let out = home.path("contacts.vcf");
    home.ok(&["export", "vcard", "-o", out.to_str().unwrap()]);
    let exported = std::fs::read_to_string(&out).unwrap();
    assert!(
        exported.lines().all(|l| l.len() <= 76),
        "folded at 75 octets plus CR"
    );

    let other = Home::quick("Sam");
    other.ok(&["init", "--name", "Sam"]);
    other.ok(&["import", "vcard", out.to_str().unwrap()]);
    let fields = |h: &Home| {
        let v: serde_json::Value =
            serde_json::from_str(&h.ok(&["--json", "list", "contact"])).unwrap();
        let mut all: Vec<serde_json::Value> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["fields"].clone())
            .collect();
        all.sort_by_key(|f| f["name"].to_string());
        all
    };
    assert_eq!(
        fields(&home),
        fields(&other),
        "export → import gives back the same contacts"
    );

    // A second, independent parser accepts the file: Python's vobject.
    require_tool("python3");
    let script = "import sys, vobject\ncards = list(vobject.readComponents(open(sys.argv[1], encoding='utf-8').read()))\nfor c in cards:\n    print(c.fn.value + '|' + ','.join(t.value for t in getattr(c, 'tel_list', [])) + '|' + ','.join(e.value for e in getattr(c, 'email_list', [])))\n";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "vobject refused the export: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = String::from_utf8(out.stdout).unwrap();
    assert!(
        read.contains("Åsa Öberg|+46 70 123 45 67,08-123 456|asa@example.se"),
        "{read}"
    );
    assert_eq!(read.lines().count(), fields(&home).len());
}

#[test]
fn a_malformed_vcard_names_the_line_and_changes_nothing() {
    let home = Home::with_starter();
    let bad = home.path("bad.vcf");
    std::fs::write(
        &bad,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut Short\r\nTEL:+1 555 0100\r\n",
    )
    .unwrap();
    let before = home.snapshot();
    let err = home.fails(&["import", "vcard", bad.to_str().unwrap()]);
    assert!(err.contains("line 1: the card is not closed"), "{err}");
    assert_eq!(before, home.snapshot());
}
