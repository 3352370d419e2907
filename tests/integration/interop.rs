use std::process::Command;

use crate::support::{Home, decrypt_identity_with_age, require_tool};

fn sqlite(db: &std::path::Path, sql: &str) -> String {
    require_tool("sqlite3");
    let out = Command::new("sqlite3").arg(db).arg(sql).output().unwrap();
    assert!(
        out.status.success(),
        "sqlite3: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn age_decrypt(identity: &std::path::Path, file: &std::path::Path, out: &std::path::Path) {
    let status = Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(identity)
        .arg("-o")
        .arg(out)
        .arg(file)
        .status()
        .unwrap();
    assert!(status.success(), "age -d -i failed");
}

#[test]
fn a_binder_opens_with_the_age_cli_and_sqlite3_alone() {
    let home = Home::with_starter();
    home.ok(&[
        "add",
        "contact",
        "name=Åsa Öberg",
        "phones=+46 70 123 45 67",
    ]);
    let identity = decrypt_identity_with_age(&home);
    let db = home.path("plain.db");
    age_decrypt(&identity, &home.binder, &db);
    assert_eq!(sqlite(&db, "PRAGMA integrity_check").trim(), "ok");
    let contacts = sqlite(&db, "SELECT name, phones FROM contact ORDER BY name");
    assert!(
        contacts.contains("Åsa Öberg|[\"+46 70 123 45 67\"]"),
        "{contacts}"
    );
    let roles = sqlite(
        &db,
        "SELECT r.name, c.name FROM role r JOIN contact c ON c.id = r.\"primary\" ORDER BY r.call_order",
    );
    assert!(roles.starts_with("Incident lead|Sam Okafor"), "{roles}");
    let sections = sqlite(&db, "SELECT count(*) FROM section");
    assert_eq!(sections.trim(), "6");
}

#[test]
fn a_recovery_key_opens_the_binder_with_the_age_cli() {
    let home = Home::with_starter();
    let out = home.ok(&["recovery-key", "add"]);
    let secret = out
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .unwrap();
    let key = home.path("recovery.txt");
    std::fs::write(&key, format!("{secret}\n")).unwrap();
    let db = home.path("plain.db");
    age_decrypt(&key, &home.binder, &db);
    assert!(sqlite(&db, "SELECT name FROM level").contains("Level 2"));
}

#[test]
fn editing_the_decrypted_database_by_hand_is_caught_by_verify() {
    let home = Home::with_starter();
    let identity = decrypt_identity_with_age(&home);
    let db = home.path("plain.db");
    age_decrypt(&identity, &home.binder, &db);
    sqlite(
        &db,
        "UPDATE fields SET value = '+1 555 0666' WHERE id = 'contact-sam' AND field = 'phones'",
    );
    let recipient = std::fs::read_to_string(&identity)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("# public key: ").map(String::from))
        .unwrap();
    let status = Command::new("age")
        .args(["-e", "-r", &recipient, "-o"])
        .arg(&home.binder)
        .arg(&db)
        .status()
        .unwrap();
    assert!(status.success());
    assert!(home.ok(&["show", "contact-sam"]).contains("+1 555 0666"));
    let out = home.run(&["verify"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("do not match the signed change log"));
}

/// The database schema is the on-disk format: any change to it must be deliberate, show up as a
/// diff of this golden file, and come with a format version bump and a migration. The per-kind
/// views are the exception: they are made from the catalog each time a binder is opened, so a
/// field added to the catalog changes them here without changing the format.
/// Regenerate with `BINDER_BLESS=1 cargo test golden`.
#[test]
fn golden_schema_of_format_2() {
    let home = Home::with_starter();
    let identity = decrypt_identity_with_age(&home);
    let db = home.path("plain.db");
    age_decrypt(&identity, &home.binder, &db);
    let schema = sqlite(
        &db,
        "PRAGMA user_version; PRAGMA application_id; SELECT sql || ';' FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY type, name;",
    );
    let golden = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/golden/schema-format-2.sql"
    );
    if std::env::var_os("BINDER_BLESS").is_some() {
        std::fs::write(golden, &schema).unwrap();
    }
    let expected =
        std::fs::read_to_string(golden).expect("golden file; create it with BINDER_BLESS=1");
    assert_eq!(
        schema, expected,
        "the on-disk schema changed: bump FORMAT_VERSION, add a migration, then bless"
    );
}
