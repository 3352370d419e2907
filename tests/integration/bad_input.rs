use crate::support::{Home, PASSPHRASE};

/// Runs a failing command and checks its message and that nothing on disk changed.
fn refused(home: &Home, args: &[&str], expected: &str) {
    let before = home.snapshot();
    let err = home.fails(args);
    assert!(
        err.contains(expected),
        "binder {args:?}: expected «{expected}» in «{err}»"
    );
    assert_eq!(
        before,
        home.snapshot(),
        "binder {args:?} changed files on disk"
    );
}

fn corrupt(home: &Home, f: impl FnOnce(&mut Vec<u8>)) {
    let mut bytes = std::fs::read(&home.binder).unwrap();
    f(&mut bytes);
    std::fs::write(&home.binder, bytes).unwrap();
}

#[test]
fn wrong_passphrase() {
    let home = Home::with_starter();
    let before = home.snapshot();
    let out = home
        .command(&["add", "contact", "name=X"])
        .env("BINDER_PASSPHRASE", "not it")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("wrong passphrase for the identity file")
    );
    assert_eq!(before, home.snapshot());
}

#[test]
fn wrong_identity_for_the_binder() {
    let home = Home::with_starter();
    let other = Home::quick("Mallory");
    other.ok(&["init", "--name", "Mallory"]);
    refused(
        &home,
        &[
            "--identity",
            other.identity.to_str().unwrap(),
            "add",
            "contact",
            "name=X",
        ],
        "your identity cannot open",
    );
}

#[test]
fn truncated_binder_file() {
    let home = Home::with_starter();
    corrupt(&home, |b| b.truncate(b.len() / 2));
    refused(
        &home,
        &["add", "contact", "name=X"],
        "is damaged: it is cut short or has been altered",
    );
    refused(&home, &["list", "contact"], "is damaged");
}

#[test]
fn one_flipped_byte_anywhere_is_caught() {
    let home = Home::with_starter();
    let len = std::fs::metadata(&home.binder).unwrap().len() as usize;
    // In the header's recipient stanza, in the header MAC, early and late in the payload.
    for pos in [60, 200, len / 2, len - 10] {
        let original = std::fs::read(&home.binder).unwrap();
        corrupt(&home, |b| b[pos] ^= 0x01);
        let err = home.fails(&["list", "contact"]);
        assert!(
            err.contains("is damaged") || err.contains("cannot open"),
            "byte {pos}: {err}"
        );
        refused(&home, &["add", "contact", "name=X"], "binder:");
        std::fs::write(&home.binder, original).unwrap();
    }
}

#[test]
fn an_empty_file() {
    let home = Home::with_starter();
    std::fs::write(&home.binder, b"").unwrap();
    refused(
        &home,
        &["add", "contact", "name=X"],
        "is empty: it is not a binder",
    );
}

#[test]
fn a_random_file() {
    let home = Home::with_starter();
    let noise: Vec<u8> = (0..4096).map(|_| rand::random::<u8>()).collect();
    std::fs::write(&home.binder, noise).unwrap();
    refused(
        &home,
        &["add", "contact", "name=X"],
        "is not a Continuity Binder file",
    );
    std::fs::write(
        &home.binder,
        b"SQLite format 3\0 a plaintext database is not a binder",
    )
    .unwrap();
    refused(
        &home,
        &["list", "contact"],
        "is not a Continuity Binder file",
    );
}

#[test]
fn an_identity_file_given_as_the_binder() {
    let home = Home::with_starter();
    refused(
        &home,
        &[
            "--binder",
            home.identity.to_str().unwrap(),
            "list",
            "contact",
        ],
        "looks like an identity file",
    );
}

#[test]
fn a_binder_written_by_a_newer_format_version() {
    let home = Home::with_starter();
    // Rewrite the file as a newer app would: same encryption, higher SQLite user_version.
    let keys = home.keys();
    let bytes = std::fs::read(&home.binder).unwrap();
    let plain =
        binder::vault::decrypt(&bytes, &[keys.age_identity() as &dyn age::Identity], "test")
            .unwrap();
    let db = home.path("newer.db");
    std::fs::write(&db, &plain[..]).unwrap();
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA user_version = 7;")
        .unwrap();
    let newer = std::fs::read(&db).unwrap();
    std::fs::remove_file(&db).unwrap();
    let recipient: age::x25519::Recipient = keys.recipient().parse().unwrap();
    binder::vault::save(&home.binder, &newer, &[recipient], 0).unwrap();
    refused(
        &home,
        &["add", "contact", "name=X"],
        "made by a newer version of Continuity Binder (format 7",
    );
    refused(&home, &["list", "contact"], "update the app to open it");
}

#[test]
fn a_second_process_opening_the_same_binder_for_writing() {
    let home = Home::with_starter();
    let held = binder::Binder::open(&home.binder, home.keys(), binder::Mode::Write).unwrap();
    refused(
        &home,
        &["add", "contact", "name=X"],
        "is open in another Continuity Binder (process",
    );
    // Reading while another process writes is fine: saves replace the file atomically.
    assert!(home.ok(&["list", "role"]).contains("Incident lead"));
    drop(held);
    home.ok(&["add", "contact", "name=X"]);
}

#[test]
fn invalid_field_values_unknown_kinds_and_fields() {
    let home = Home::with_starter();
    refused(
        &home,
        &["add", "contact", "name=Åsa", "emails=asa.example.se"],
        "emails: \"asa.example.se\" is not an e-mail address",
    );
    refused(
        &home,
        &["add", "contact", "name=Åsa", "phones=call me maybe"],
        "is not a phone number",
    );
    refused(
        &home,
        &["add", "objective", "function=Payroll", "rto=soonish"],
        "is not a duration such as \"4 hours\"",
    );
    refused(
        &home,
        &["add", "schedule", "task=Test", "last_done=31/12/2026"],
        "is not a date written YYYY-MM-DD",
    );
    refused(
        &home,
        &["add", "vendor", "name=V", "criticality=urgent"],
        "is not one of: critical, high, medium, low",
    );
    refused(
        &home,
        &["add", "spaceship", "name=X"],
        "there is no kind of record called \"spaceship\"; the kinds are: plan, section",
    );
    refused(
        &home,
        &["add", "contact", "name=X", "shoe_size=44"],
        "a contact has no field \"shoe_size\"; its fields are: name, org",
    );
    refused(
        &home,
        &["add", "contact", "phones=+1 555 0100"],
        "the field \"name\" is required",
    );
    refused(
        &home,
        &["set", "contact-alex", "name="],
        "the field \"name\" is required",
    );
    refused(
        &home,
        &["add", "member", "name=Eve", "role=owner"],
        "managed by the app",
    );
    refused(&home, &["add", "contact", "name"], "is not field=value");
    refused(
        &home,
        &["show", "contact-nobody"],
        "no record contact-nobody",
    );
}

#[test]
fn an_identity_file_asking_for_more_than_work_factor_22() {
    let home = Home::empty();
    home.ok(&["init", "--name", "Alex Rivera", "--starter"]);
    // Raise the work factor written in the scrypt stanza (age checks it before any work).
    let mut bytes = std::fs::read(&home.identity).unwrap();
    let text = String::from_utf8_lossy(&bytes[..120]).into_owned();
    let at = text
        .find(" 18\n")
        .expect("work factor 18 in the scrypt stanza");
    bytes[at + 1..at + 3].copy_from_slice(b"23");
    std::fs::write(&home.identity, bytes).unwrap();
    refused(
        &home,
        &["list", "contact"],
        "asks for scrypt work factor 23, above the limit of 22",
    );
}

#[test]
fn identity_file_is_written_with_work_factor_18() {
    let home = Home::empty();
    home.ok(&["init", "--name", "Alex Rivera", "--starter"]);
    let bytes = std::fs::read(&home.identity).unwrap();
    let header = String::from_utf8_lossy(&bytes[..120]).into_owned();
    assert!(
        header
            .lines()
            .any(|l| l.starts_with("-> scrypt ") && l.ends_with(" 18")),
        "{header}"
    );
}

#[test]
fn a_save_into_a_folder_that_became_read_only_keeps_the_previous_file() {
    // Root ignores folder permissions, so as root the command runs as "nobody".
    let is_root = current_uid() == 0;
    let home = Home::quick("Alex Rivera");
    home.ok(&["init", "--name", "Alex Rivera", "--starter"]);
    // "nobody" may not reach the build folder (e.g. under /root), so it runs a copy.
    let exe = home.path("binder-exe");
    std::fs::copy(env!("CARGO_BIN_EXE_binder"), &exe).unwrap();
    let run_as = |args: &[&str]| {
        let mut cmd = if is_root {
            let mut c = std::process::Command::new("setpriv");
            c.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
                .arg(&exe);
            c
        } else {
            std::process::Command::new(&exe)
        };
        cmd.args(args)
            .env("BINDER_PATH", &home.binder)
            .env("BINDER_IDENTITY", &home.identity)
            .env("BINDER_PASSPHRASE", PASSPHRASE)
            .output()
            .unwrap()
    };
    let set_mode = |path: &std::path::Path, mode: u32| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    if is_root {
        std::process::Command::new("chown")
            .args(["-R", "nobody:nogroup", home.dir.path().to_str().unwrap()])
            .status()
            .unwrap();
    }
    assert!(run_as(&["add", "contact", "name=Before"]).status.success());
    set_mode(home.dir.path(), 0o555);
    let before = home.snapshot();
    let out = run_as(&["add", "contact", "name=After"]);
    set_mode(home.dir.path(), 0o755);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("could not save")
            && err.contains("The previous version of the file is unchanged"),
        "{err}"
    );
    assert_eq!(before, home.snapshot());
    assert!(home.ok(&["list", "contact"]).contains("Before"));
}

fn current_uid() -> u32 {
    let out = std::process::Command::new("id").arg("-u").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

#[test]
fn no_plaintext_on_disk() {
    let home = Home::with_starter();
    home.ok(&[
        "add",
        "contact",
        "name=Åsa Öberg",
        "phones=+46 70 555 12 34",
    ]);
    home.ok(&["add", "contact", "name=Second Person"]);
    home.ok(&["recovery-key", "add"]);
    let export_check = home.ok(&["list", "contact"]);
    assert!(export_check.contains("Öberg"));
    for (path, bytes) in home.snapshot() {
        let text = String::from_utf8_lossy(&bytes);
        for needle in [
            "SQLite format 3",
            "Öberg",
            "Oberg",
            "555 12 34",
            "AGE-SECRET-KEY",
            "CB-SIGNING-KEY",
        ] {
            assert!(
                !text.contains(needle),
                "{} contains «{needle}» in clear",
                path.display()
            );
        }
    }
}

#[test]
fn an_ambiguous_short_id_a_deleted_record_and_a_repeated_invitation() {
    let home = Home::with_starter();
    refused(&home, &["show", "contact-"], "could be any of: contact-");
    home.ok(&["rm", "contact-insurer"]);
    refused(
        &home,
        &["set", "contact-insurer", "notes=x"],
        "contact-insurer is deleted",
    );
    refused(
        &home,
        &["rm", "contact-insurer"],
        "contact-insurer is deleted",
    );
    let sam = Home::empty();
    let invitation = sam
        .ok(&["member", "invite", "--name", "Sam Okafor"])
        .trim()
        .to_string();
    home.ok(&["member", "add", &invitation]);
    refused(
        &home,
        &["member", "add", &invitation],
        "Sam Okafor is already a member",
    );
}

/// Issue 24: a symbolic link planted as the writer lock or the generations folder beside the
/// binder (someone who can write a shared folder) is refused by name, and nothing is written
/// through it.
#[cfg(unix)]
#[test]
fn a_symlink_planted_as_the_lock_file_or_generations_folder_is_refused() {
    let home = Home::with_starter();
    let victim = home.path("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let lock = home.path(".plan.binder.lock");
    let _ = std::fs::remove_file(&lock);
    std::os::unix::fs::symlink(&victim, &lock).unwrap();
    refused(
        &home,
        &["add", "contact", "name=X"],
        "is a symbolic link where Continuity Binder keeps its writer lock",
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    std::fs::remove_file(&lock).unwrap();

    let generations = home.path("plan.binder.generations");
    let _ = std::fs::remove_dir_all(&generations);
    let elsewhere = home.path("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &generations).unwrap();
    refused(
        &home,
        &["add", "contact", "name=X"],
        "is a symbolic link where Continuity Binder keeps its earlier versions",
    );
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    std::fs::remove_file(&generations).unwrap();
    home.ok(&["add", "contact", "name=X"]);
}
