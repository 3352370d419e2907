//! The trust model tried as an attacker would (issue 24, docs/RELIABILITY.md "Security"): an
//! insider's stale copy, changes signed by hand with a borrowed label, and hostile files dropped
//! into the shared folder. Each is refused with its own reason and changes nothing.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use binder::changelog::{ChangeSet, Op};
use binder::merge::Reason;
use binder::{Binder, Keys, Value};

use crate::support::{
    Home, decrypt_identity_with_age, founder, invitation, require_tool, succeeds,
};

/// What a copy of `binder` has seen: each author's newest change (a change's `deps`).
fn seen_by(binder: &Binder) -> BTreeMap<String, u64> {
    binder
        .log()
        .heads()
        .unwrap()
        .into_iter()
        .map(|(a, (s, _))| (a, s))
        .collect()
}

/// Runs the CLI, killing it if it has not finished within a minute: a hang is a failure here,
/// never a test that waits forever. Returns (succeeded, stdout, stderr, how long it took).
fn run_bounded(home: &Home, args: &[&str]) -> (bool, String, String, Duration) {
    let started = Instant::now();
    let mut child = home
        .command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run binder");
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("binder {args:?} was still running after a minute: it hangs");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("output");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn a_removed_members_stale_copy_dropped_as_a_conflicted_copy_changes_nothing() {
    let alex = Home::with_starter();
    let sam = founder("Sam Okafor");
    let sams_other_identity = founder("Sam Again");
    let dropbox = tempfile::tempdir().unwrap();
    let shared = dropbox.path().join("plan.binder");
    let shared_s = shared.to_str().unwrap();
    // Sam was an owner: the worst case, he could add owners while he was one.
    alex.ok(&["member", "add", &invitation(&sam), "--role", "owner"]);
    alex.ok(&["sync", shared_s]);
    sam.ok(&["join", shared_s]);
    let phone_before = alex.ok(&["show", "contact-asa"]);

    alex.ok(&["member", "remove", "Sam Okafor"]);
    alex.ok(&["sync", shared_s]);
    // In his old copy, never synced since, Sam adds a second identity of his as owner and puts
    // his own number on a contact, then drops the file into the shared folder as a sync
    // service's conflicted copy.
    sam.ok(&[
        "member",
        "add",
        &invitation(&sams_other_identity),
        "--role",
        "owner",
    ]);
    sam.ok(&["set", "contact-asa", "phones=+1 555 0199"]);
    let copy = dropbox
        .path()
        .join("plan (Sam Okafor's conflicted copy 2026-12-05).binder");
    std::fs::copy(&sam.binder, &copy).unwrap();

    let report = alex.ok(&["sync", shared_s]);
    assert!(
        report.contains("removed from the binder by the time it arrived"),
        "the stale changes are refused with their reason: {report}"
    );
    assert_eq!(alex.ok(&["show", "contact-asa"]), phone_before);
    let members = alex.ok(&["member", "list"]);
    assert!(!members.contains("Sam Again"), "{members}");
    assert!(
        alex.ok(&["verify"]).contains("OK"),
        "nothing refused is in the log"
    );
    // The identity Sam tried to add cannot open what the team shares now.
    let err = sams_other_identity.fails(&["join", shared_s]);
    assert!(err.contains("not a member of that binder"), "{err}");
    let age = Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(decrypt_identity_with_age(&sams_other_identity))
        .arg("-o")
        .arg("/dev/null")
        .arg(&shared)
        .output()
        .unwrap();
    assert!(
        !age.status.success(),
        "Sam's second identity reads the plan"
    );
}

/// An owner, an editor, a viewer who is then removed, a recovery key, and a timeline entry by
/// the owner: everything an editor's mislabelled change might aim at.
struct Team {
    owner: Binder,
    editor: Keys,
    removed: Keys,
    recovery_id: String,
    entry_id: String,
    _dir: tempfile::TempDir,
}

fn team() -> Team {
    let dir = tempfile::tempdir().unwrap();
    let mut owner = Binder::create(
        &dir.path().join("owner.binder"),
        Keys::generate("Alice"),
        binder::Start::Empty,
    )
    .unwrap();
    owner.import_starter_plan().unwrap();
    let (editor, removed) = (Keys::generate("Eve"), Keys::generate("Rem"));
    for keys in [&editor, &removed] {
        owner
            .add_member(
                &binder::keys::Invitation::of(keys).unwrap().encode(),
                "editor",
            )
            .unwrap();
    }
    owner.remove_member("Rem").unwrap();
    owner.add_recovery_key("Safe").unwrap();
    let recovery_id = owner.list("recovery", false).unwrap()[0].id.clone();
    let alice = owner.actor().unwrap();
    let entry_id = format!("entry-{alice}-aaaaaaaaaa");
    let text = |field: &str, v: &str| Op {
        kind: "entry".into(),
        id: entry_id.clone(),
        field: field.into(),
        value: Some(Value::Text(v.into())),
    };
    owner
        .commit(vec![
            text("text", "Called the bank"),
            text("incident", "incident-x"),
            text("at", "2026-12-05T03:00:00Z"),
            text("by", "Alice"),
            text("type", "note"),
        ])
        .unwrap();
    Team {
        owner,
        editor,
        removed,
        recovery_id,
        entry_id,
        _dir: dir,
    }
}

/// Someone joining the binder: an empty copy that takes in a whole log.
fn newcomer(binder_id: &str) -> (tempfile::TempDir, Binder) {
    let dir = tempfile::tempdir().unwrap();
    let binder = Binder::create(
        &dir.path().join("new.binder"),
        Keys::generate("New"),
        binder::Start::CopyOf(binder_id),
    )
    .unwrap();
    (dir, binder)
}

/// The editor's first change, signed by hand with `ops`.
fn signed_by_editor(t: &Team, ops: Vec<Op>) -> ChangeSet {
    let deps = seen_by(&t.owner);
    ChangeSet::sign(
        t.editor.signing_key().unwrap(),
        &t.owner.binder_id().unwrap(),
        1,
        t.owner.log().latest_clock().unwrap() + 1,
        deps,
        String::new(),
        ops,
    )
}

fn op(kind: &str, id: &str, field: &str, value: Value) -> Op {
    Op {
        kind: kind.into(),
        id: id.into(),
        field: field.into(),
        value: Some(value),
    }
}

#[test]
fn an_editors_change_with_a_borrowed_kind_label_is_refused_and_changes_nothing() {
    let mut t = team();
    let alice = t.owner.actor().unwrap();
    let removed = binder::changelog::actor_id(&t.removed.verifying_key().unwrap());
    let eve_recipient = binder::keys::Invitation::of(&t.editor)
        .unwrap()
        .recipient
        .to_string();
    let state_before = t.owner.log().state().unwrap();
    let fingerprint_before = t.owner.fingerprint().unwrap();
    let text = |s: &str| Value::Text(s.into());
    let attacks: Vec<(&str, Op)> = vec![
        (
            "the recovery key's recipient replaced by the editor's",
            op("contact", &t.recovery_id, "recipient", text(&eve_recipient)),
        ),
        (
            "the owner's own recipient replaced (locking her out)",
            op(
                "contact",
                &format!("member-{alice}"),
                "recipient",
                text(&eve_recipient),
            ),
        ),
        (
            "the editor made owner",
            op(
                "contact",
                &format!(
                    "member-{}",
                    binder::changelog::actor_id(&t.editor.verifying_key().unwrap())
                ),
                "role",
                text("owner"),
            ),
        ),
        (
            "the owner's timeline entry rewritten",
            op("contact", &t.entry_id, "text", text("Nothing happened")),
        ),
        (
            "a removed member revived",
            op(
                "contact",
                &format!("member-{removed}"),
                "_deleted",
                Value::Bool(false),
            ),
        ),
        (
            "a recovery-key change labelled as an incident record",
            op(
                "incident",
                &t.recovery_id,
                "recipient",
                text(&eve_recipient),
            ),
        ),
    ];
    for (what, attack) in attacks {
        let change = signed_by_editor(&t, vec![attack]);
        let report = t.owner.merge(vec![change]).unwrap();
        assert_eq!(report.received, 0, "{what}: taken");
        assert!(
            matches!(report.rejected[0].reason, Reason::Mislabelled(_)),
            "{what}: refused for {:?}",
            report.rejected[0].reason
        );
        assert!(
            report.rejected[0]
                .to_string()
                .contains("with a kind its id does not name"),
            "{what}: {}",
            report.rejected[0]
        );
    }
    // Correctly labelled, the same writes are refused for who the editor is.
    let honest = signed_by_editor(
        &t,
        vec![op(
            "recovery",
            &t.recovery_id,
            "recipient",
            text(&eve_recipient),
        )],
    );
    let report = t.owner.merge(vec![honest]).unwrap();
    assert_eq!(report.rejected[0].reason, Reason::NotOwner);
    // A field the kind does not have, or a value of the wrong shape.
    for (what, bad) in [
        (
            "an unknown field",
            op("contact", "contact-asa", "password", text("x")),
        ),
        (
            "a flag where text belongs",
            op("contact", "contact-asa", "name", Value::Bool(true)),
        ),
    ] {
        let report = t
            .owner
            .merge(vec![signed_by_editor(&t, vec![bad])])
            .unwrap();
        assert!(
            matches!(report.rejected[0].reason, Reason::NotInCatalog(_)),
            "{what}: {:?}",
            report.rejected[0].reason
        );
    }
    assert_eq!(t.owner.log().state().unwrap(), state_before);
    assert_eq!(t.owner.fingerprint().unwrap(), fingerprint_before);
    assert!(binder::verify(&t.owner).unwrap().ok());
    // The store refuses a mislabelled op a second time, whoever hands it over.
    let forged = signed_by_editor(
        &t,
        vec![op("contact", &t.recovery_id, "label", text("mine"))],
    );
    let mut store = binder::store::Store::create(&t.owner.binder_id().unwrap()).unwrap();
    let err = store.apply(&[forged]).unwrap_err().to_string();
    assert!(err.contains("which its id does not name"), "{err}");
}

#[test]
fn a_member_owner_demoted_or_recovery_key_removed_cannot_act_from_an_old_copy() {
    let mut t = team();
    let binder_id = t.owner.binder_id().unwrap();
    let editor = binder::changelog::actor_id(&t.editor.verifying_key().unwrap());
    // Eve's copy as it was before the owner demoted her to viewer.
    let deps_before = seen_by(&t.owner);
    let hlc = t.owner.log().latest_clock().unwrap() + 1;
    t.owner.set_member_role("Eve", "viewer").unwrap();
    let note = op(
        "contact",
        "contact-asa",
        "notes",
        Value::Text("from an old copy".into()),
    );
    let stale = ChangeSet::sign(
        t.editor.signing_key().unwrap(),
        &binder_id,
        1,
        hlc,
        deps_before.clone(),
        String::new(),
        vec![note.clone()],
    );
    let report = t.owner.merge(vec![stale.clone()]).unwrap();
    assert_eq!(report.received, 0);
    assert_eq!(
        report.rejected[0].reason,
        Reason::Revoked("made a viewer".into())
    );

    // The same stale change reaching a newcomer in one batch with the demotion, even when its
    // clock was set back to sort before the demotion: refused the same.
    let mut log = t.owner.log().changes().unwrap();
    let demotion_hlc = t.owner.log().latest_clock().unwrap();
    let backdated = ChangeSet::sign(
        t.editor.signing_key().unwrap(),
        &binder_id,
        1,
        demotion_hlc - 1,
        deps_before,
        String::new(),
        vec![note],
    );
    log.push(backdated);
    let (_dir, mut newcomer) = newcomer(&binder_id);
    let report = newcomer.merge(log).unwrap();
    assert_eq!(
        report
            .rejected
            .iter()
            .map(|r| (&r.actor, &r.reason))
            .collect::<Vec<_>>(),
        [(&editor, &Reason::Revoked("made a viewer".into()))]
    );
    assert_eq!(
        newcomer.log().state().unwrap(),
        t.owner.log().state().unwrap()
    );
}

/// The honest case revocation must leave alone: what a member did before being removed — the
/// owner had it when she removed him — stays, here and for anyone who joins later.
#[test]
fn what_a_member_did_before_being_removed_stays() {
    let mut t = team();
    let binder_id = t.owner.binder_id().unwrap();
    let hon = Keys::generate("Hon");
    t.owner
        .add_member(
            &binder::keys::Invitation::of(&hon).unwrap().encode(),
            "editor",
        )
        .unwrap();
    let edit = ChangeSet::sign(
        hon.signing_key().unwrap(),
        &binder_id,
        1,
        t.owner.log().latest_clock().unwrap() + 1,
        seen_by(&t.owner),
        String::new(),
        vec![op(
            "contact",
            "contact-asa",
            "notes",
            Value::Text("Hon checked the number".into()),
        )],
    );
    assert_eq!(t.owner.merge(vec![edit]).unwrap().received, 1);
    t.owner.remove_member("Hon").unwrap();
    assert_eq!(
        t.owner.record("contact-asa").unwrap().text("notes"),
        "Hon checked the number"
    );
    assert!(binder::verify(&t.owner).unwrap().ok(), "verify says OK");
    let (_dir, mut newcomer) = newcomer(&binder_id);
    let report = newcomer.merge(t.owner.log().changes().unwrap()).unwrap();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    assert_eq!(
        newcomer.log().state().unwrap(),
        t.owner.log().state().unwrap()
    );
}

// ---------------------------------------------------------------------------------------------
// Hostile files in the shared folder.

/// Alex's binder synced once to a shared folder, with Alex's plain identity for `age`.
fn shared_setup() -> (Home, tempfile::TempDir, std::path::PathBuf) {
    let alex = Home::with_starter();
    let dropbox = tempfile::tempdir().unwrap();
    let shared = dropbox.path().join("plan.binder");
    alex.ok(&["sync", shared.to_str().unwrap()]);
    (alex, dropbox, shared)
}

/// Rewrites the shared file with the real tools: `age` decrypts it with Alex's identity,
/// `sqlite3` runs `sql` on the plain database, `age` encrypts it again to Alex.
fn tamper_with_real_tools(alex: &Home, shared: &Path, sql: &str) {
    require_tool("age");
    require_tool("sqlite3");
    let identity = decrypt_identity_with_age(alex);
    let work = tempfile::tempdir().unwrap();
    let plain = work.path().join("plain.sqlite");
    let age = |args: &[&std::ffi::OsStr]| Command::new("age").args(args).output().unwrap();
    let decrypted = age(&[
        "-d".as_ref(),
        "-i".as_ref(),
        identity.as_os_str(),
        "-o".as_ref(),
        plain.as_os_str(),
        shared.as_os_str(),
    ]);
    assert!(decrypted.status.success(), "age -d");
    succeeds(Command::new("sqlite3").arg(&plain).arg(sql), "sqlite3");
    let recipient = succeeds(
        Command::new("age-keygen").arg("-y").arg(&identity),
        "age-keygen -y",
    );
    let recipient = String::from_utf8(recipient).unwrap();
    let encrypted = age(&[
        "-r".as_ref(),
        recipient.trim().as_ref(),
        "-o".as_ref(),
        shared.as_os_str(),
        plain.as_os_str(),
    ]);
    assert!(encrypted.status.success(), "age -e");
}

/// An endless query: a recursive CTE that never stops.
const ENDLESS: &str = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT \
    'a' AS actor, 1 AS seq, 0 AS idx, 'contact' AS kind, 'contact-x' AS id, 'name' AS field, \
    NULL AS value FROM r";

#[test]
fn a_shared_file_whose_tables_are_endless_views_is_refused_at_once() {
    let (alex, _dropbox, shared) = shared_setup();
    tamper_with_real_tools(
        &alex,
        &shared,
        &format!("DROP TABLE ops; CREATE VIEW ops AS {ENDLESS};"),
    );
    let before = std::fs::read(&alex.binder).unwrap();
    let (ok, _, err, took) = run_bounded(&alex, &["sync", shared.to_str().unwrap()]);
    assert!(!ok, "a crafted shared file is refused");
    assert!(err.contains("which no binder has"), "{err}");
    assert!(took < Duration::from_secs(30), "took {took:?}");
    assert_eq!(std::fs::read(&alex.binder).unwrap(), before);

    // A trigger is refused the same; a planted view under another name is simply dropped
    // (the binder's views are made from the catalog), and the sync goes through.
    let (alex, _dropbox, shared) = shared_setup();
    tamper_with_real_tools(
        &alex,
        &shared,
        "CREATE TRIGGER t AFTER INSERT ON meta BEGIN DELETE FROM ops; END;",
    );
    let (ok, _, err, _) = run_bounded(&alex, &["sync", shared.to_str().unwrap()]);
    assert!(!ok && err.contains("a trigger"), "{err}");
    let (alex, _dropbox, shared) = shared_setup();
    tamper_with_real_tools(
        &alex,
        &shared,
        &format!("DROP VIEW contact; CREATE VIEW contact AS {ENDLESS};"),
    );
    let (ok, _, err, _) = run_bounded(&alex, &["sync", shared.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(alex.ok(&["verify"]).contains("OK"));
}

#[test]
fn a_shared_file_that_lies_about_whom_it_is_encrypted_to_is_not_believed() {
    // Whoever writes the shared file writes its list of recipients too. A list that leaves out
    // the member reading it (who has just opened it), or names more or fewer recipients than
    // the file's header holds, would make readiness say a member "cannot open the shared file".
    require_tool("age-keygen");
    let stranger =
        String::from_utf8(succeeds(&mut Command::new("age-keygen"), "age-keygen")).unwrap();
    let stranger = stranger
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_string();
    let (alex, _dropbox, shared) = shared_setup();
    let honest = alex.ok(&["readiness"]);
    assert!(!honest.contains("cannot open the shared file"), "{honest}");
    let mine = String::from_utf8(succeeds(
        Command::new("age-keygen")
            .arg("-y")
            .arg(decrypt_identity_with_age(&alex)),
        "age-keygen -y",
    ))
    .unwrap();
    for list in [stranger.clone(), format!("{} {stranger}", mine.trim())] {
        tamper_with_real_tools(
            &alex,
            &shared,
            &format!("UPDATE meta SET value = '{list}' WHERE key = 'shared_recipients';"),
        );
        alex.ok(&["sync", shared.to_str().unwrap()]);
        let readiness = alex.ok(&["readiness"]);
        assert!(
            !readiness.contains("cannot open the shared file"),
            "a list of {list:?} was believed: {readiness}"
        );
    }
}

#[test]
fn a_huge_sparse_file_or_a_link_to_a_device_in_the_shared_folder_is_not_read() {
    let (alex, dropbox, shared) = shared_setup();
    let before = std::fs::read(&alex.binder).unwrap();
    // 4 GiB that take no disk: read whole, it would take 4 GiB of memory.
    let huge = std::fs::File::create(&shared).unwrap();
    huge.set_len(4 << 30).unwrap();
    drop(huge);
    let (ok, _, err, took) = run_bounded(&alex, &["sync", shared.to_str().unwrap()]);
    assert!(!ok, "a 4 GiB shared file is refused");
    assert!(err.contains("4096 MB, more than any binder"), "{err}");
    assert!(took < Duration::from_secs(30), "took {took:?}");
    assert_eq!(std::fs::read(&alex.binder).unwrap(), before);

    // The shared file as a link to /dev/zero: endless, and needs no key to make.
    std::fs::remove_file(&shared).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &shared).unwrap();
    let (ok, _, err, _) = run_bounded(&alex, &["sync", shared.to_str().unwrap()]);
    assert!(!ok && err.contains("is not an ordinary file"), "{err}");
    assert_eq!(std::fs::read(&alex.binder).unwrap(), before);

    // A conflicted copy that is a link (to /dev/zero, or to a real file elsewhere) is set aside
    // with its reason; the sync itself goes through.
    std::fs::remove_file(&shared).unwrap();
    alex.ok(&["sync", shared.to_str().unwrap()]);
    let copy = dropbox
        .path()
        .join("plan.sync-conflict-20261205-030000-ABCDEFG.binder");
    std::os::unix::fs::symlink("/dev/zero", &copy).unwrap();
    let (ok, out, err, _) = run_bounded(&alex, &["sync", shared.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(
        format!("{out}{err}").contains("is not an ordinary file"),
        "{out}{err}"
    );
    assert!(
        std::fs::symlink_metadata(&copy).is_ok(),
        "a copy not read is left"
    );
}
