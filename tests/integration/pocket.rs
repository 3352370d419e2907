use std::path::Path;

use crate::support::{Home, age_decrypt_with_passphrase, require_tool};

const PHONE: &str = "phone copy passphrase 7";

/// The base64 of one of the page's encrypted blocks.
fn block(html: &str, id: &str) -> Vec<u8> {
    let start = html.find(&format!("id=\"{id}\">")).expect("the block") + id.len() + 6;
    let end = start + html[start..].find("</script>").expect("its end");
    data_encoding::BASE64
        .decode(html[start..end].trim().as_bytes())
        .expect("base64")
}

/// Opens a phone copy the way the page does, with the `age` CLI: the passphrase opens the
/// identity, the identity opens the plan.
fn open_with_age(page: &Path, dir: &Path) -> binder::pocket::PocketData {
    let html = std::fs::read_to_string(page).unwrap();
    let key = dir.join("pocket-key.age");
    let data = dir.join("pocket-data.age");
    std::fs::write(&key, block(&html, "cb-key")).unwrap();
    std::fs::write(&data, block(&html, "cb-data")).unwrap();
    let identity = dir.join("pocket-identity.txt");
    age_decrypt_with_passphrase(&key, &identity, PHONE);
    let out = std::process::Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&identity)
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "age -d -i: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the plan is JSON")
}

/// A founder's binder from the starter plan, with a phone copy made by `binder export pocket`.
fn with_phone_copy() -> (Home, std::path::PathBuf) {
    let home = Home::with_starter();
    let page = home.path("phone/plan.html");
    std::fs::create_dir_all(page.parent().unwrap()).unwrap();
    let out = home
        .command(&["export", "pocket", "-o", page.to_str().unwrap()])
        .env("BINDER_POCKET_PASSPHRASE", PHONE)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (home, page)
}

#[test]
fn the_age_cli_opens_the_phone_copy_and_finds_what_the_page_shows() {
    require_tool("age");
    let (home, page) = with_phone_copy();
    let html = std::fs::read_to_string(&page).unwrap();
    // Self-contained and forbidden to load anything.
    assert!(html.contains("default-src 'none'"));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    assert!(html.len() < 1024 * 1024, "under 1 MiB: {}", html.len());
    // No plaintext of the plan in the file.
    assert!(!html.contains("Åsa Öberg") && !html.contains("+1 555 0101"));
    // Issue 24: before the passphrase, a generic title; not the company, the plan or its date.
    assert!(html.contains("<title>Continuity binder — locked</title>"));
    assert!(!html.contains("Example Company") && !html.contains("Business Continuity Plan"));
    let start = html.find("<main id=\"locked\"").expect("the locked screen");
    let locked = &html[start..start + html[start..].find("</main>").expect("its end")];
    assert!(
        locked.contains("<h1>Continuity binder — locked</h1>") && !locked.contains("as of"),
        "{locked}"
    );

    let seen = open_with_age(&page, home.dir.path());
    let b = binder::Binder::open(&home.binder, home.keys(), binder::Mode::Read).unwrap();
    assert_eq!(
        seen,
        binder::pocket::data(&b)
            .map(|mut d| {
                d.as_of = seen.as_of.clone();
                d
            })
            .unwrap()
    );
    assert_eq!(seen.fingerprint, b.fingerprint().unwrap());
    assert_eq!(seen.organisation, "Example Company", "inside, once open");
    assert!(!html.contains(&seen.fingerprint) && !html.contains(&seen.as_of));
    let calls: Vec<&str> = seen.calls.iter().map(|c| c.role.as_str()).collect();
    assert!(calls.contains(&"Incident lead"), "{calls:?}");
    assert!(seen.contacts.iter().any(|c| c.name == "Åsa Öberg"));
    // A wrong phone passphrase is refused by the setup's minimum length too.
    let short = home
        .command(&[
            "export",
            "pocket",
            "-o",
            page.to_str().unwrap(),
            "--new-passphrase",
        ])
        .env("BINDER_POCKET_PASSPHRASE", "short")
        .output()
        .unwrap();
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 8 characters"));
}

/// After an edit and after `binder sync`, the phone copy in its folder is new and carries the
/// binder's fingerprint — with no passphrase to type (no BINDER_POCKET_PASSPHRASE, no terminal).
#[test]
fn the_phone_copy_follows_every_save_and_sync_without_its_passphrase() {
    require_tool("age");
    let (home, page) = with_phone_copy();
    let first = std::fs::read(&page).unwrap();

    home.ok(&["add", "contact", "name=Nina Novak", "phones=+1 555 0199"]);
    let after_edit = std::fs::read(&page).unwrap();
    assert_ne!(after_edit, first, "rewritten after the edit");
    let seen = open_with_age(&page, home.dir.path());
    assert!(seen.contacts.iter().any(|c| c.name == "Nina Novak"));

    let shared = home.path("shared/plan.binder");
    std::fs::create_dir_all(shared.parent().unwrap()).unwrap();
    home.ok(&["sync", shared.to_str().unwrap()]);
    let after_sync = std::fs::read(&page).unwrap();
    assert_ne!(after_sync, after_edit, "rewritten by the sync");
    let seen = open_with_age(&page, home.dir.path());
    assert_eq!(seen.fingerprint, home.ok(&["fingerprint"]).trim());

    // Stopping leaves the copy where it is and keeps it as it was.
    home.ok(&["export", "pocket", "-o", page.to_str().unwrap(), "--stop"]);
    home.ok(&["add", "contact", "name=Otto Olsen"]);
    assert_eq!(std::fs::read(&page).unwrap(), after_sync);
}
