use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use binder::changelog::{ChangeSet, Op};
use binder::merge::Reason;
use binder::sync::{join, sync};
use binder::{Binder, Keys, Mode, Value};

use crate::support::{Home, decrypt_identity_with_age, founder, invitation};

#[test]
fn two_founders_share_one_file_and_see_each_others_edits_and_conflicts() {
    let alex = Home::with_starter();
    let sam = founder("Sam Okafor");
    let dropbox = tempfile::tempdir().unwrap();
    let shared = dropbox.path().join("plan.binder");
    let shared = shared.to_str().unwrap();

    alex.ok(&["member", "add", &invitation(&sam), "--role", "editor"]);
    assert!(alex.ok(&["sync", shared]).contains("(created it)"));
    assert!(sam.ok(&["join", shared]).contains("joined"));
    assert_eq!(alex.ok(&["fingerprint"]), sam.ok(&["fingerprint"]));

    // Offline, both change Sam's phone; Sam also changes Åsa's notes.
    alex.ok(&["set", "contact-sam", "phones=+1 555 7777"]);
    sam.ok(&["set", "contact-sam", "phones=+1 555 8888"]);
    sam.ok(&["set", "contact-asa", "notes=Prefers SMS"]);
    alex.ok(&["sync", shared]);
    let out = sam.ok(&["sync", shared]);
    assert!(out.contains("conflict: contact-sam"), "{out}");
    alex.ok(&["sync", shared]);
    assert_eq!(alex.ok(&["fingerprint"]), sam.ok(&["fingerprint"]));
    assert!(alex.ok(&["show", "contact-asa"]).contains("Prefers SMS"));

    // Both values are kept side by side, with who and when.
    let conflicts = alex.json(&["conflicts"]);
    let c = &conflicts[0];
    let values: Vec<String> = std::iter::once(&c["winner"])
        .chain(c["others"].as_array().unwrap())
        .map(|v| v["value"][0].as_str().unwrap().to_string())
        .collect();
    assert_eq!(values.len(), 2);
    assert!(
        values.contains(&"+1 555 7777".to_string()) && values.contains(&"+1 555 8888".to_string())
    );
    let text = alex.ok(&["conflicts"]);
    assert!(
        text.contains("Alex Rivera") && text.contains("Sam Okafor"),
        "{text}"
    );

    // Readiness lists it until someone chooses.
    let readiness = alex.json(&["readiness"]);
    assert!(
        readiness["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["kind"] == "conflict" && g["id"] == "contact-sam"),
        "{readiness}"
    );

    // Resolving (a write that has seen both) clears it everywhere once synced.
    alex.ok(&["resolve", "contact-sam", "phones", "+1 555 8888"]);
    alex.ok(&["sync", shared]);
    sam.ok(&["sync", shared]);
    assert_eq!(sam.ok(&["conflicts"]).trim(), "no conflicts");
    assert!(sam.ok(&["verify"]).contains("OK"));
    assert!(alex.ok(&["verify"]).contains("OK"));
    assert!(
        alex.fails(&["resolve", "contact-sam", "phones", "x"])
            .contains("not in conflict")
    );
}

#[test]
fn membership_is_for_owners_and_removal_locks_out_future_files() {
    let alex = Home::with_starter();
    let sam = founder("Sam Okafor");
    let vic = founder("Vic Viewer");
    let dropbox = tempfile::tempdir().unwrap();
    let shared = dropbox.path().join("plan.binder");
    let shared_s = shared.to_str().unwrap();
    let recovery = alex.ok(&["recovery-key", "add"]);
    let recovery_key = alex.path("recovery.txt");
    std::fs::write(
        &recovery_key,
        recovery
            .lines()
            .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
            .unwrap(),
    )
    .unwrap();

    alex.ok(&["member", "add", &invitation(&sam), "--role", "editor"]);
    alex.ok(&["member", "add", &invitation(&vic), "--role", "viewer"]);
    alex.ok(&["sync", shared_s]);
    sam.ok(&["join", shared_s]);
    vic.ok(&["join", shared_s]);
    assert!(
        vic.fails(&["add", "contact", "name=X"])
            .contains("your role is viewer")
    );
    assert!(
        sam.fails(&["member", "role", "Vic Viewer", "owner"])
            .contains("only owners manage members")
    );
    assert!(
        alex.fails(&["member", "remove", "Alex Rivera"])
            .contains("without an owner")
    );
    let members = alex.ok(&["member", "list"]);
    assert!(
        members.contains("Sam Okafor") && members.contains("viewer"),
        "{members}"
    );

    alex.ok(&["member", "remove", "Sam Okafor"]);
    alex.ok(&["sync", shared_s]);
    // Sam still opens the copy he had, but not the shared file written after the removal.
    assert!(sam.ok(&["list", "role"]).contains("Incident lead"));
    let err = sam.fails(&["sync", shared_s]);
    assert!(err.contains("you are not a member of that binder"), "{err}");
    let sams_keys = decrypt_identity_with_age(&sam);
    let age = Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&sams_keys)
        .arg("-o")
        .arg("/dev/null")
        .arg(&shared)
        .output()
        .unwrap();
    assert!(
        !age.status.success(),
        "a removed member must not decrypt the new shared file"
    );
    // The recovery key still opens it.
    let age = Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&recovery_key)
        .arg("-o")
        .arg("/dev/null")
        .arg(&shared)
        .output()
        .unwrap();
    assert!(age.status.success());
    // Bad invitations are refused with a reason.
    assert!(
        alex.fails(&["member", "add", "cbinvite1:bm9wZQ"])
            .contains("not a Continuity Binder invitation")
    );
}

/// Signs a change set as `keys` would, continuing `after` (actor's previous change) with `deps`.
fn forge(
    keys: &Keys,
    binder_id: &str,
    seq: u64,
    prev: String,
    deps: BTreeMap<String, u64>,
    hlc: u64,
) -> ChangeSet {
    let ops = vec![Op {
        kind: "contact".into(),
        id: "contact-asa".into(),
        field: "notes".into(),
        value: Some(Value::Text("changed".into())),
    }];
    ChangeSet::sign(
        keys.signing_key().unwrap(),
        binder_id,
        seq,
        hlc,
        deps,
        prev,
        ops,
    )
}

#[test]
fn forged_outsider_viewer_and_removed_members_changes_are_rejected_and_the_rest_merged() {
    let dir = tempfile::tempdir().unwrap();
    let mut owner = Binder::create(
        &dir.path().join("owner.binder"),
        Keys::generate("Owner"),
        binder::Start::Empty,
    )
    .unwrap();
    owner.import_starter_plan().unwrap();
    let (editor, viewer, removed, outsider) = (
        Keys::generate("Ed"),
        Keys::generate("Vi"),
        Keys::generate("Rem"),
        Keys::generate("Out"),
    );
    for (keys, role) in [
        (&editor, "editor"),
        (&viewer, "viewer"),
        (&removed, "editor"),
    ] {
        owner
            .add_member(&binder::keys::Invitation::of(keys).unwrap().encode(), role)
            .unwrap();
    }
    owner.remove_member("Rem").unwrap();
    let id = owner.binder_id().unwrap();
    let deps: BTreeMap<String, u64> = owner
        .log()
        .heads()
        .unwrap()
        .into_iter()
        .map(|(a, (s, _))| (a, s))
        .collect();
    let hlc = owner.log().latest_clock().unwrap() + 1;

    let mut flipped = forge(&editor, &id, 1, String::new(), deps.clone(), hlc);
    let good = forge(&editor, &id, 1, String::new(), deps.clone(), hlc);
    let byte = &mut flipped.signature;
    let first = if byte.starts_with('0') { "1" } else { "0" };
    byte.replace_range(0..1, first);
    let from_outsider = forge(&outsider, &id, 1, String::new(), deps.clone(), hlc);
    let from_viewer = forge(&viewer, &id, 1, String::new(), deps.clone(), hlc);
    let after_removal = forge(&removed, &id, 1, String::new(), deps.clone(), hlc);

    let report = owner
        .merge(vec![
            flipped.clone(),
            from_outsider,
            from_viewer,
            after_removal,
        ])
        .unwrap();
    let reasons: BTreeMap<String, Reason> = report
        .rejected
        .iter()
        .map(|r| (r.actor.clone(), r.reason.clone()))
        .collect();
    let actor = |k: &Keys| binder::changelog::actor_id(&k.verifying_key().unwrap());
    assert_eq!(reasons[&actor(&editor)], Reason::BadSignature);
    assert_eq!(reasons[&actor(&outsider)], Reason::NotAMember);
    assert_eq!(reasons[&actor(&viewer)], Reason::Viewer);
    assert_eq!(reasons[&actor(&removed)], Reason::Removed);
    assert_eq!(report.received, 0);
    assert!(
        owner
            .record("contact-asa")
            .unwrap()
            .text("notes")
            .is_empty()
    );

    // The genuine change from the editor is merged; its forged twin then counts as equivocation.
    let report = owner.merge(vec![good]).unwrap();
    assert_eq!((report.received, report.rejected.len()), (1, 0));
    assert_eq!(
        owner.record("contact-asa").unwrap().text("notes"),
        "changed"
    );
    let report = owner.merge(vec![flipped]).unwrap();
    assert_eq!(report.rejected[0].reason, Reason::Equivocation);
    // A change made in a copy that did not yet know of the removal arrives after it: refused
    // too (the removed person's old copy cannot go on writing), with its own reason.
    // The owner's last change is the removal; a change that had seen only up to the one before it.
    let before_removal: BTreeMap<String, u64> = deps.into_iter().map(|(a, s)| (a, s - 1)).collect();
    let concurrent = forge(&removed, &id, 1, String::new(), before_removal, hlc + 5);
    let report = owner.merge(vec![concurrent]).unwrap();
    assert_eq!(report.received, 0);
    assert_eq!(
        report.rejected[0].reason,
        Reason::Revoked("removed from the binder".into())
    );
    assert!(binder::verify(&owner).unwrap().ok());
}

// ---------------------------------------------------------------------------------------------
// Two processes syncing one shared file at the same time.

struct Founder {
    home: Home,
    identity: PathBuf,
}

impl Founder {
    fn run(&self, args: &[&str]) -> std::process::Output {
        let mut all = vec!["--identity", self.identity.to_str().unwrap()];
        all.extend_from_slice(args);
        self.home.run(&all)
    }

    /// Retries while the other process holds the binder (that is the lock doing its job).
    fn ok(&self, args: &[&str]) -> String {
        for _ in 0..200 {
            let out = self.run(args);
            if out.status.success() {
                return String::from_utf8(out.stdout).unwrap();
            }
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.contains("is open in another") || err.contains("kept changing"),
                "binder {args:?}: {err}"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        panic!("binder {args:?} never got its turn");
    }
}

/// Alex (owner) and Sam (editor) with plain identities (decrypted by the age CLI, so each
/// command skips scrypt) and a shared folder.
fn pair() -> (Founder, Founder, tempfile::TempDir) {
    let alex = Home::with_starter();
    let sam = founder("Sam Okafor");
    let dropbox = tempfile::tempdir().unwrap();
    let shared = dropbox.path().join("plan.binder");
    alex.ok(&["member", "add", &invitation(&sam), "--role", "editor"]);
    alex.ok(&["sync", shared.to_str().unwrap()]);
    sam.ok(&["join", shared.to_str().unwrap()]);
    let (a, s) = (
        decrypt_identity_with_age(&alex),
        decrypt_identity_with_age(&sam),
    );
    (
        Founder {
            home: alex,
            identity: a,
        },
        Founder {
            home: sam,
            identity: s,
        },
        dropbox,
    )
}

fn converge(a: &Founder, b: &Founder, shared: &Path) -> String {
    let shared = shared.to_str().unwrap();
    for _ in 0..5 {
        a.ok(&["sync", shared]);
        b.ok(&["sync", shared]);
        let (fa, fb) = (a.ok(&["fingerprint"]), b.ok(&["fingerprint"]));
        if fa == fb {
            return fa;
        }
    }
    panic!("the two copies did not converge");
}

fn contact_names(f: &Founder) -> std::collections::BTreeSet<String> {
    let out = f.ok(&["--json", "list", "contact"]);
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["fields"]["name"].as_str().unwrap().to_string())
        .collect()
}

const ROUNDS: usize = 200;

#[test]
fn two_processes_syncing_one_shared_file_at_once_converge_and_lose_nothing() {
    let (alex, sam, dropbox) = pair();
    let shared = dropbox.path().join("plan.binder");
    std::thread::scope(|scope| {
        for (f, tag) in [(&alex, "A"), (&sam, "S")] {
            let shared = shared.to_str().unwrap().to_string();
            scope.spawn(move || {
                for round in 0..ROUNDS {
                    f.ok(&["add", "contact", &format!("name={tag}-{round}")]);
                    // The same field, edited by both: concurrent writes become conflicts, not losses.
                    f.ok(&["set", "contact-asa", &format!("notes={tag} round {round}")]);
                    f.ok(&["sync", &shared]);
                }
            });
        }
    });
    let fingerprint = converge(&alex, &sam, &shared);
    assert_eq!(fingerprint, alex.ok(&["fingerprint"]));
    let names = contact_names(&alex);
    assert_eq!(names, contact_names(&sam));
    for tag in ["A", "S"] {
        for round in 0..ROUNDS {
            assert!(
                names.contains(&format!("{tag}-{round}")),
                "{tag}-{round} was lost"
            );
        }
    }
    assert!(alex.ok(&["verify"]).contains("OK"));
}

#[test]
fn conflicted_copies_left_by_a_sync_service_are_merged_and_removed() {
    let (alex, sam, dropbox) = pair();
    let shared = dropbox.path().join("plan.binder");
    let sams_view = tempfile::tempdir().unwrap();
    let sams_file = sams_view.path().join("plan.binder");
    std::fs::copy(&shared, &sams_file).unwrap();
    let shared_a = shared.to_str().unwrap().to_string();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            for round in 0..ROUNDS / 2 {
                alex.ok(&["add", "contact", &format!("name=A-{round}")]);
                alex.ok(&["sync", &shared_a]);
            }
        });
        scope.spawn(|| {
            // Sam's laptop syncs its own copy of the folder; the service, finding both changed,
            // keeps Alex's as plan.binder and puts Sam's beside it as a conflicted copy.
            for round in 0..ROUNDS / 2 {
                sam.ok(&["add", "contact", &format!("name=S-{round}")]);
                sam.ok(&["sync", sams_file.to_str().unwrap()]);
                let copy = dropbox.path().join(format!(
                    "plan (Sam Okafor's conflicted copy 2026-11-{:02}).binder",
                    round % 28 + 1
                ));
                std::fs::copy(&sams_file, &copy).unwrap();
            }
        });
    });
    converge(&alex, &sam, &shared);
    let names = contact_names(&alex);
    for round in 0..ROUNDS / 2 {
        assert!(
            names.contains(&format!("A-{round}")) && names.contains(&format!("S-{round}")),
            "round {round} lost"
        );
    }
    let left: Vec<String> = std::fs::read_dir(dropbox.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        left,
        ["plan.binder"],
        "conflicted copies should be merged and removed"
    );
}

#[test]
fn watch_mode_syncs_when_the_shared_file_or_the_local_binder_changes() {
    let (alex, sam, dropbox) = pair();
    let shared = dropbox.path().join("plan.binder");
    let mut cmd = alex.home.command(&[
        "--identity",
        alex.identity.to_str().unwrap(),
        "sync",
        "--watch",
        shared.to_str().unwrap(),
    ]);
    let mut watcher = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let wait_for = |what: &str, check: &dyn Fn() -> bool| {
        for _ in 0..150 {
            if check() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("watch mode did not {what}");
    };
    // Sam publishes an edit: Alex's watcher takes it into Alex's local binder.
    sam.ok(&["add", "contact", "name=From Sam"]);
    sam.ok(&["sync", shared.to_str().unwrap()]);
    wait_for("take in Sam's edit", &|| {
        contact_names(&alex).contains("From Sam")
    });
    // Alex edits locally: the watcher publishes it to the shared file.
    alex.ok(&["add", "contact", "name=From Alex"]);
    wait_for("publish Alex's edit", &|| {
        sam.ok(&["sync", shared.to_str().unwrap()]);
        contact_names(&sam).contains("From Alex")
    });
    Command::new("kill")
        .args(["-INT", &watcher.id().to_string()])
        .status()
        .unwrap();
    let status = watcher.wait().unwrap();
    assert!(status.success(), "watch mode should stop cleanly on Ctrl-C");
}

#[test]
fn a_new_member_joins_from_the_shared_file_with_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let mut owner = Binder::create(
        &dir.path().join("o.binder"),
        Keys::generate("Owner"),
        binder::Start::Empty,
    )
    .unwrap();
    let sam = Keys::generate("Sam");
    let invite = binder::keys::Invitation::of(&sam).unwrap().encode();
    let shared = dir.path().join("shared.binder");
    // Not yet a member: joining is refused with what to do.
    sync(&mut owner, &shared).unwrap();
    let err = join(
        &dir.path().join("s.binder"),
        &shared,
        Keys::generate("Stranger"),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("sends `binder member invite` to an owner"),
        "{err}"
    );
    owner.add_member(&invite, "editor").unwrap();
    sync(&mut owner, &shared).unwrap();
    let (mut sams, report) = join(&dir.path().join("s.binder"), &shared, sam).unwrap();
    assert_eq!(report.fingerprint, owner.fingerprint().unwrap());
    sams.add("contact", &[("name".into(), "Åsa Öberg".into())])
        .unwrap();
    sync(&mut sams, &shared).unwrap();
    let report = sync(&mut owner, &shared).unwrap();
    assert_eq!(report.received, 1);
    drop(owner);
    let reopened = Binder::open(
        &dir.path().join("o.binder"),
        Keys::generate("nobody"),
        Mode::Read,
    );
    assert!(
        reopened.is_err(),
        "a stranger's keys do not open the owner's file"
    );
}

#[test]
fn a_merge_decided_away_from_the_binder_is_applied_or_decided_again_if_the_binder_moved() {
    let dir = tempfile::tempdir().unwrap();
    let mut owner = Binder::create(
        &dir.path().join("o.binder"),
        Keys::generate("Owner"),
        binder::Start::Empty,
    )
    .unwrap();
    let sam = Keys::generate("Sam");
    let invite = binder::keys::Invitation::of(&sam).unwrap().encode();
    let shared = dir.path().join("shared.binder");
    owner.add_member(&invite, "editor").unwrap();
    sync(&mut owner, &shared).unwrap();
    let (mut sams, _) = join(&dir.path().join("s.binder"), &shared, sam).unwrap();
    let names = |b: &Binder| -> Vec<String> {
        let mut n: Vec<String> = b
            .list("contact", false)
            .unwrap()
            .iter()
            .map(|r| r.text("name"))
            .collect();
        n.sort();
        n
    };
    // As the app does it: read and decide with the binder free, then apply.
    let planned = |b: &Binder| {
        let reading =
            binder::sync::read_shared(b.keys(), &b.binder_id().unwrap(), &shared).unwrap();
        let changes = reading.changes();
        let base = b.merge_base(&changes).unwrap();
        reading.plan(base, changes)
    };
    sams.add("contact", &[("name".into(), "Åsa Öberg".into())])
        .unwrap();
    sync(&mut sams, &shared).unwrap();
    let reading = planned(&owner);
    let report = binder::sync::sync_read(&mut owner, &shared, Some(reading)).unwrap();
    assert_eq!(report.received, 1);
    assert_eq!(names(&owner), ["Åsa Öberg"]);
    // The owner saves a change between the deciding and the applying: the decision is made
    // again against what the binder holds now, and nothing of either side is lost.
    sams.add("contact", &[("name".into(), "Ben Okafor".into())])
        .unwrap();
    sync(&mut sams, &shared).unwrap();
    let reading = planned(&owner);
    owner
        .add("contact", &[("name".into(), "Chidi Eze".into())])
        .unwrap();
    owner.save().unwrap();
    let report = binder::sync::sync_read(&mut owner, &shared, Some(reading)).unwrap();
    assert_eq!((report.received, report.sent > 0), (1, true));
    assert_eq!(names(&owner), ["Ben Okafor", "Chidi Eze", "Åsa Öberg"]);
    sync(&mut sams, &shared).unwrap();
    assert_eq!(names(&sams), names(&owner));
    assert_eq!(sams.fingerprint().unwrap(), owner.fingerprint().unwrap());
}

/// A binder made before actor ids were 128 bits (format 1: 16 hex digits, see
/// `tests/fixtures/format1/README.md`) keeps its ids: its members open it, change it, join from
/// its shared file and sync, and every signature still checks.
#[test]
fn a_binder_made_by_format_1_keeps_its_ids_and_syncs() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/format1");
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "plan.binder",
        "identity.age",
        "shared.binder",
        "sam-identity.age",
    ] {
        std::fs::copy(fixture.join(f), dir.path().join(f)).unwrap();
    }
    let keys = |f: &str| {
        Keys::open_identity_file(
            &dir.path().join(f),
            || Ok(crate::support::PASSPHRASE.into()),
        )
        .unwrap()
    };
    let shared = dir.path().join("shared.binder");
    let mut alex = Binder::open(
        &dir.path().join("plan.binder"),
        keys("identity.age"),
        Mode::Write,
    )
    .unwrap();
    assert_eq!(alex.actor().as_deref(), Some("111b49462dd71365"));
    alex.add("contact", &[("name".into(), "Åsa Öberg".into())])
        .unwrap();
    alex.save().unwrap();
    sync(&mut alex, &shared).unwrap();
    let (mut sam, _) = join(
        &dir.path().join("sam.binder"),
        &shared,
        keys("sam-identity.age"),
    )
    .unwrap();
    assert_eq!(sam.actor().as_deref(), Some("6eee4ee6e0a2cda1"));
    sam.add("contact", &[("name".into(), "Ben Okafor".into())])
        .unwrap();
    sync(&mut sam, &shared).unwrap();
    let report = sync(&mut alex, &shared).unwrap();
    assert_eq!((report.received, report.rejected.len()), (1, 0));
    assert_eq!(alex.fingerprint().unwrap(), sam.fingerprint().unwrap());
    for b in [&alex, &sam] {
        let checked = binder::verify(b).unwrap();
        assert!(
            checked.problems.is_empty() && checked.state_matches_log,
            "{checked:?}"
        );
    }
}

#[test]
fn a_damaged_or_foreign_shared_file_is_refused_and_nothing_changes() {
    let alex = Home::with_starter();
    let dropbox = tempfile::tempdir().unwrap();
    let shared = dropbox.path().join("plan.binder");
    let shared_s = shared.to_str().unwrap();
    alex.ok(&["sync", shared_s]);
    alex.ok(&["add", "contact", "name=Unsynced edit"]);

    // Cut short (an interrupted copy onto a USB stick).
    let good = std::fs::read(&shared).unwrap();
    std::fs::write(&shared, &good[..good.len() / 2]).unwrap();
    let (before_local, before_shared) = (alex.snapshot(), std::fs::read(&shared).unwrap());
    let err = alex.fails(&["sync", shared_s]);
    assert!(err.contains("is damaged"), "{err}");
    assert_eq!(before_local, alex.snapshot());
    assert_eq!(
        before_shared,
        std::fs::read(&shared).unwrap(),
        "a damaged shared file is left for a person to look at"
    );

    // The local binder itself, given by mistake as the shared file.
    let err = alex.fails(&["sync", alex.binder.to_str().unwrap()]);
    assert!(err.contains("is your own local binder"), "{err}");

    // The shared file of another binder of the same founder (say, a second company's).
    let second = alex.path("second.binder");
    let second_shared = dropbox.path().join("second-company.binder");
    alex.ok(&["--binder", second.to_str().unwrap(), "init"]);
    alex.ok(&[
        "--binder",
        second.to_str().unwrap(),
        "sync",
        second_shared.to_str().unwrap(),
    ]);
    let before = alex.snapshot();
    let err = alex.fails(&["sync", second_shared.to_str().unwrap()]);
    assert!(err.contains("holds a different binder than yours"), "{err}");
    assert_eq!(before, alex.snapshot());
    std::fs::write(&shared, &good).unwrap();
    assert!(alex.ok(&["sync", shared_s]).contains("1 sent"));
}

/// Someone with no binder of their own, given the shared file, is told to join it (not to make
/// a binder of their own), and nothing is written.
#[test]
fn sync_with_no_binder_of_ones_own_points_to_join() {
    let owner = crate::support::Home::with_starter();
    let shared = owner.path("shared.binder");
    owner.ok(&["sync", shared.to_str().unwrap()]);
    let newcomer = crate::support::Home::empty();
    let before = newcomer.snapshot();
    let said = newcomer.fails(&["sync", shared.to_str().unwrap()]);
    assert!(
        said.contains(&format!("join it: `binder join {}`", shared.display())),
        "{said}"
    );
    assert!(!said.contains("binder init"), "{said}");
    assert!(newcomer.snapshot() == before, "nothing written");
}
