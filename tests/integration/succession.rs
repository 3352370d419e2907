use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::{Home, require_tool};

/// The Python reference implementation's `shamir` command, installed by the test command.
fn shamir(args: &[&str], stdin: &str) -> String {
    require_tool("shamir");
    let mut child = Command::new("shamir")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run shamir");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("feed shamir");
    let out = child.wait_with_output().expect("wait for shamir");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "shamir {args:?}: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Its output is coloured; keep the text.
    strip_colour(&text)
}

/// Removes ANSI colour codes.
fn strip_colour(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn recovered_secret(output: &str) -> String {
    output
        .lines()
        .find_map(|l| l.strip_prefix("Your master secret is: "))
        .unwrap_or_else(|| panic!("no secret in: {output}"))
        .trim()
        .to_string()
}

/// A founder's binder with a kit of three shares, any two of which open it; the share words as
/// `--print-words` gives them.
fn founder_with_kit() -> (Home, Vec<String>) {
    let home = Home::with_starter();
    home.ok(&[
        "add",
        "vendor",
        "name=Stripe",
        "account_id=acct_1NW2x",
        "service=Payments",
    ]);
    let out = home.ok(&[
        "recovery-key",
        "split",
        "--holders",
        "Maria (lawyer)",
        "Tom (advisor)",
        "Safe deposit box",
        "--need",
        "2",
        "--print-words",
    ]);
    let shares: Vec<String> = out.lines().map(str::to_string).collect();
    assert_eq!(shares.len(), 3, "{out}");
    assert!(shares.iter().all(|s| s.split(' ').count() == 33), "{out}");
    (home, shares)
}

fn age_opens(binder: &Path, secret_hex: &str, dir: &Path) {
    require_tool("age");
    let bytes: [u8; 32] = data_encoding::HEXLOWER
        .decode(secret_hex.as_bytes())
        .unwrap()
        .try_into()
        .unwrap();
    let key = binder::RecoveryKey::from_secret(&bytes);
    use secrecy::ExposeSecret;
    let keyfile = dir.join("recovered.txt");
    std::fs::write(&keyfile, key.secret_to_show().expose_secret()).unwrap();
    let db = dir.join("plan.db");
    let status = Command::new("age")
        .args(["-d", "-i"])
        .arg(&keyfile)
        .arg("-o")
        .arg(&db)
        .arg(binder)
        .status()
        .unwrap();
    assert!(
        status.success(),
        "age could not open the binder with the recovered key"
    );
    let vendors = Command::new("sqlite3")
        .arg(&db)
        .arg("SELECT name FROM vendor")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&vendors.stdout).contains("Stripe"));
}

#[test]
fn python_shamir_recovers_our_shares_into_the_key_that_opens_the_binder_with_age() {
    let (home, shares) = founder_with_kit();
    for pair in [[0, 1], [2, 0]] {
        let input = format!("{}\n{}\n", shares[pair[0]], shares[pair[1]]);
        let secret = recovered_secret(&shamir(&["recover"], &input));
        assert_eq!(secret.len(), 64);
        // The secret Python recovers is the recovery key: age opens the binder with it.
        age_opens(&home.binder, &secret, home.dir.path());
    }
}

#[test]
fn shares_made_by_python_shamir_create_are_combined_by_binder() {
    for (scheme, secret) in [
        (
            "2of3",
            "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
        ),
        ("3of5", "bb54aac4b89dc868ba37d9cc21b2cece"),
    ] {
        let out = shamir(&["create", scheme, "--master-secret", secret], "");
        let shares: Vec<&str> = out
            .lines()
            .map(str::trim)
            .filter(|l| l.split(' ').count() >= 20)
            .collect();
        let need: usize = scheme[..1].parse().unwrap();
        let got = binder::slip39::combine(&shares[shares.len() - need..]).unwrap();
        assert_eq!(data_encoding::HEXLOWER.encode(&got), secret, "{scheme}");
        assert!(binder::slip39::combine(&shares[..need - 1]).is_err());
    }
}

#[test]
fn a_successor_with_two_shares_takes_over_and_the_founder_sees_it() {
    let (ann, shares) = founder_with_kit();
    let shared = ann.path("shared.binder");
    let shared_arg = shared.to_str().unwrap();
    ann.ok(&["sync", shared_arg]);
    let combine = |home: &Home, input: String, extra: &[&str]| {
        let mut args = vec!["recovery-key", "combine", "--from", shared_arg];
        args.extend_from_slice(extra);
        let mut child = home
            .command(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let maria = Home::empty();
    let before = std::fs::read(&shared).unwrap();

    // One share opens nothing.
    let out = combine(&maria, format!("{}\n", shares[0]), &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 of the 2 shares needed"));
    // A changed word is named, with the word that fits.
    let mut words: Vec<&str> = shares[1].split(' ').collect();
    let original = words[6];
    words[6] = if original == "zero" { "zone" } else { "zero" };
    let out = combine(&maria, format!("{}\n{}\n", shares[0], words.join(" ")), &[]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success());
    assert!(
        err.contains(&format!(
            "share 2 does not check out: word 7 \"{}\" looks wrong — did you mean \"{original}\"?",
            words[6]
        )),
        "{err}"
    );
    // Three shares of three different sets are refused.
    let other = ann.ok(&[
        "recovery-key",
        "split",
        "--holders",
        "A",
        "B",
        "--need",
        "2",
        "--print-words",
    ]);
    let third = Home::with_starter().ok(&[
        "recovery-key",
        "split",
        "--holders",
        "C",
        "D",
        "--need",
        "2",
        "--print-words",
    ]);
    let mixed = format!(
        "{}\n{}\n{}\n",
        shares[0],
        other.lines().next().unwrap(),
        third.lines().next().unwrap()
    );
    let out = combine(&maria, mixed, &[]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("share 2 belongs to another set"));
    assert_eq!(
        std::fs::read(&shared).unwrap(),
        before,
        "a failed combine wrote nothing"
    );

    // Two shares open it read-only: the first hour is shown, nothing is written.
    let out = combine(&maria, format!("{}\n{}\n", shares[2], shares[0]), &[]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("read-only") && text.contains("Whom to call"),
        "{text}"
    );
    assert!(!maria.binder.exists() && !maria.identity.exists());

    // Taking over makes her identity and copy and records it in the shared file.
    let out = combine(
        &maria,
        format!("{}\n{}\n", shares[2], shares[0]),
        &["--take-over", "--name", "Maria Lopez"],
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("Maria Lopez took over as owner using the recovery key"),
        "{text}"
    );
    maria.ok(&["add", "contact", "name=Insurance broker"]);
    maria.ok(&["sync", shared_arg]);
    let members = maria.ok(&["member", "list"]);
    assert!(
        members.contains("Maria Lopez") && members.contains("owner"),
        "{members}"
    );

    let synced = ann.ok(&["sync", shared_arg]);
    assert!(
        synced.contains("Maria Lopez took over as owner using the recovery key"),
        "{synced}"
    );
    assert!(!synced.contains("rejected"), "{synced}");
    assert!(ann.ok(&["list", "contact"]).contains("Insurance broker"));
    ann.ok(&["verify"]);
}

#[test]
fn share_sheets_and_letter_print_and_the_qr_code_scans_back_to_the_share() {
    require_tool("zbarimg");
    require_tool("pdftoppm");
    let home = Home::with_starter();
    home.ok(&["add", "vendor", "name=Stripe", "account_id=acct_1NW2x"]);
    let sheets = home.path("sheets");
    home.ok(&[
        "recovery-key",
        "split",
        "--holders",
        "Maria (lawyer)",
        "Tom (advisor)",
        "--need",
        "2",
        "--sheets",
        sheets.to_str().unwrap(),
        "--shared-file",
        "Dropbox/Plan/plan.binder",
    ]);
    let letter = home.path("letter.pdf");
    home.ok(&["recovery-key", "letter", "-o", letter.to_str().unwrap()]);
    let mut scanned = Vec::new();
    for name in ["share-1-maria-lawyer.pdf", "share-2-tom-advisor.pdf"] {
        let pdf = sheets.join(name);
        let check = Command::new("qpdf")
            .arg("--check")
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(check.status.success(), "{name}");
        let text = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout).into_owned();
        assert!(
            text.contains("any 2 of these shares open the binder"),
            "{text}"
        );
        assert!(text.contains("Dropbox/Plan/plan.binder"));
        let png = home.path(name).with_extension("");
        let ok = Command::new("pdftoppm")
            .args(["-r", "150", "-png", "-singlefile"])
            .arg(&pdf)
            .arg(&png)
            .status()
            .unwrap();
        assert!(ok.success());
        let out = Command::new("zbarimg")
            .args(["-q", "--raw"])
            .arg(png.with_extension("png"))
            .output()
            .unwrap();
        let code = String::from_utf8_lossy(&out.stdout).trim().to_lowercase();
        // The words printed in the boxes are the words in the code.
        let boxed: Vec<String> = code
            .split(' ')
            .filter(|w| text.contains(&format!(" {w}")) || text.contains(&format!("\n{w}")))
            .map(str::to_string)
            .collect();
        assert_eq!(boxed.len(), 33, "{code}");
        scanned.push(code);
    }
    let texts: Vec<&str> = scanned.iter().map(String::as_str).collect();
    assert!(
        binder::slip39::combine(&texts).is_ok(),
        "the scanned codes combine"
    );
    let text = Command::new("pdftotext")
        .arg(&letter)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    for expected in [
        "If I cannot be reached",
        "Maria (lawyer); Tom (advisor)",
        "acct_1NW2x",
        "plan.binder",
    ] {
        assert!(
            text.contains(expected),
            "{expected} not in the letter:\n{text}"
        );
    }
    // Share words are ordinary words; what must not be there is any run of a share.
    let flat = text
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let words: Vec<&str> = scanned[0].split(' ').collect();
    for run in words.windows(3) {
        assert!(
            !flat.contains(&run.join(" ")),
            "the letter holds part of a share: {run:?}"
        );
    }
}

// The same story through the core's API, and the forgeries merge must refuse.

use binder::changelog::{self, Op};
use binder::merge::Reason;
use binder::succession::{
    CHECK_TASK, Kit, combine, kits, make_kit, recovery_record, take_over, takeovers,
};
use binder::{Binder, Keys, Mode, RecoveryKey, Start, incident, sync};

fn words(kit: &Kit, i: usize) -> String {
    kit.shares[i].words.join(" ")
}

/// Ann makes a kit (2 of 3) and shares the binder; Maria and Tom combine two shares, join
/// as the recovery key, run an incident, take over, and Ann's next sync shows it.
#[test]
fn two_shares_open_the_binder_and_let_a_successor_take_over() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared.binder");
    let mut ann = Binder::create(
        &dir.path().join("ann.binder"),
        Keys::generate("Ann"),
        Start::Plan {
            starter: true,
            organisation: "",
        },
    )
    .unwrap();
    let holders = ["Maria (lawyer)", "Tom (advisor)", "Safe deposit box"].map(String::from);
    let gaps = |b: &Binder| {
        binder::readiness::assess(b, chrono::Utc::now().date_naive())
            .unwrap()
            .gaps
            .iter()
            .filter(|g| g.kind == binder::readiness::GapKind::NoSuccessorKit)
            .count()
    };
    assert_eq!(gaps(&ann), 1);
    let kit = make_kit(&mut ann, &holders, 2).unwrap();
    assert_eq!(gaps(&ann), 0);
    assert_eq!(kit.shares.len(), 3);
    assert_eq!((kit.shares[1].number, kit.shares[1].of), (2, 3));
    let record = ann.record(&kit.recovery_id).unwrap();
    assert_eq!(record.text("holders"), holders.join("; "));
    assert!(!record.text("recipient").is_empty());
    assert_eq!(kits(&ann).unwrap().len(), 1);
    // A second kit keeps the one yearly check.
    make_kit(&mut ann, &holders[..2], 2).unwrap();
    let checks = ann.list("schedule", false).unwrap();
    assert_eq!(
        checks
            .iter()
            .filter(|r| r.text("task") == CHECK_TASK)
            .count(),
        1
    );
    ann.save().unwrap();
    sync::sync(&mut ann, &shared).unwrap();

    // One share opens nothing; shares from different sets are refused.
    assert!(matches!(
        combine(&[&words(&kit, 0)]),
        Err(binder::slip39::ShareError::TooFew { have: 1, need: 2 })
    ));
    let other = binder::slip39::split(&[1; 32], 2, 3).unwrap();
    assert!(matches!(
        combine(&[&words(&kit, 0), &other[1].mnemonic()]),
        Err(binder::slip39::ShareError::OtherSet { share: 2, .. })
    ));

    let key = combine(&[&words(&kit, 2), &words(&kit, 0)]).unwrap();
    let local = dir.path().join("maria.binder");
    let (mut maria, _) = sync::join(&local, &shared, key.to_keys("Maria Lopez")).unwrap();
    assert_eq!(
        recovery_record(&maria).unwrap().unwrap().id,
        kit.recovery_id
    );
    // The plan is read-only to the recovery key; an incident can be run.
    let err = maria
        .add("contact", &[("name".into(), "Someone".into())])
        .unwrap_err();
    assert!(matches!(err, binder::Error::RecoveryOnly), "{err}");
    let level = maria.list("level", false).unwrap()[0].text("name");
    let activation = incident::Activation {
        level,
        title: Some("Ann unreachable".into()),
        exercise: false,
        exercise_of: None,
        service: None,
        down: Vec::new(),
    };
    incident::start(&mut maria, &activation, chrono::Utc::now()).unwrap();

    let successor = Keys::generate("Maria Lopez");
    let her_actor = successor.verifying_key().map(|k| changelog::actor_id(&k));
    let identity = dir.path().join("maria.identity");
    let passphrase = age::secrecy::SecretString::from("correct horse battery");
    successor
        .create_identity_file(&identity, &passphrase)
        .unwrap();
    let member = take_over(&mut maria, successor).unwrap();
    assert_eq!(maria.actor(), her_actor);
    maria
        .add("contact", &[("name".into(), "New bank contact".into())])
        .unwrap();
    maria.save().unwrap();
    sync::sync(&mut maria, &shared).unwrap();
    drop(maria);
    // The successor's own identity now opens her copy.
    let successor = Keys::open_identity_file(&identity, || Ok(passphrase)).unwrap();
    let reopened = Binder::open(&local, successor, Mode::Read).unwrap();
    assert_eq!(
        reopened
            .role_of(&member["member-".len()..])
            .unwrap()
            .as_deref(),
        Some("owner")
    );

    let report = sync::sync(&mut ann, &shared).unwrap();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    assert_eq!(report.takeovers.len(), 1, "the sync says who took over");
    let seen = takeovers(&ann).unwrap();
    assert_eq!(seen.len(), 1);
    assert!(
        seen[0]
            .sentence()
            .starts_with("Maria Lopez took over as owner using the recovery key"),
        "{}",
        seen[0].sentence()
    );
    assert_eq!(ann.list("incident", false).unwrap().len(), 1);
    assert!(
        ann.list("contact", false)
            .unwrap()
            .iter()
            .any(|c| c.text("name") == "New bank contact")
    );
    let problems = binder::verify(&ann).unwrap().problems;
    assert!(problems.is_empty(), "{problems:?}");

    // Through the recovery role only owners are added: an editor is refused by merge.
    let key = combine(&[&words(&kit, 1), &words(&kit, 2)]).unwrap();
    let (mut tom, _) =
        sync::join(&dir.path().join("tom.binder"), &shared, key.to_keys("Tom")).unwrap();
    let stranger = Keys::generate("Eve");
    let ops = member_ops(&stranger, "Eve", "editor");
    assert!(matches!(
        tom.commit(ops.clone()),
        Err(binder::Error::RecoveryOnly)
    ));
    let forged = forge(&tom, &key_signing(&key), ops);
    let report = ann.merge(vec![forged]).unwrap();
    assert!(matches!(
        report.rejected[0].reason,
        Reason::RecoveryLimit(ref why) if why.contains("editor")
    ));
    // A takeover signed by a key that is no registered recovery key is refused.
    let not_registered = RecoveryKey::generate();
    let owner_ops = member_ops(&stranger, "Eve", "owner");
    let forged = forge(&tom, &key_signing(&not_registered), owner_ops);
    let report = ann.merge(vec![forged]).unwrap();
    assert_eq!(report.rejected[0].reason, Reason::NotAMember);
}

fn key_signing(key: &RecoveryKey) -> ed25519_dalek::SigningKey {
    // The keys a recovery key signs with, taken the way a forger holding them would.
    key.to_keys("x").signing_key().unwrap().clone()
}

/// The ops that add `keys` as a member with `role`.
fn member_ops(keys: &Keys, name: &str, role: &str) -> Vec<Op> {
    let vk = keys.verifying_key().unwrap();
    let id = format!("member-{}", changelog::actor_id(&vk));
    [
        ("name", name.to_string()),
        ("role", role.to_string()),
        ("recipient", keys.recipient()),
        ("signing_key", changelog::hex(vk.as_bytes())),
    ]
    .into_iter()
    .map(|(field, value)| Op {
        kind: "member".into(),
        id: id.clone(),
        field: field.into(),
        value: Some(binder::Value::Text(value)),
    })
    .collect()
}

/// A change set signed by `signing`, next in its chain, seeing everything `seen` holds.
fn forge(seen: &Binder, signing: &ed25519_dalek::SigningKey, ops: Vec<Op>) -> changelog::ChangeSet {
    let heads = seen.log().heads().unwrap();
    let deps = heads.iter().map(|(a, (s, _))| (a.clone(), *s)).collect();
    let hlc = changelog::next_hlc(seen.log().latest_clock().unwrap(), chrono::Utc::now());
    let actor = changelog::actor_id(&signing.verifying_key());
    let (seq, prev) = heads.get(&actor).cloned().unwrap_or((0, String::new()));
    changelog::ChangeSet::sign(
        signing,
        &seen.binder_id().unwrap(),
        seq + 1,
        hlc,
        deps,
        prev,
        ops,
    )
}

#[test]
fn a_kit_that_cannot_work_is_refused_and_nothing_is_written() {
    let home = Home::with_starter();
    let before = std::fs::read(&home.binder).unwrap();
    for (args, says) in [
        (
            vec!["--holders", "A", "B", "--need", "3"],
            "between 2 and the number of holders (2), not 3",
        ),
        (
            vec!["--holders", "A", "B", "--need", "1"],
            "between 2 and the number of holders (2), not 1",
        ),
        (
            vec!["--holders", "A", " ", "--need", "2"],
            "name at least two holders",
        ),
    ] {
        let mut all = vec!["recovery-key", "split", "--print-words"];
        all.extend(args);
        let err = home.fails(&all);
        assert!(err.contains(says), "{all:?}: {err}");
        assert_eq!(
            std::fs::read(&home.binder).unwrap(),
            before,
            "{all:?} wrote"
        );
    }
    // Shares of a secret that is not a binder's recovery key (16 bytes) are named as such.
    let shares = binder::slip39::split(&[5; 16], 2, 2).unwrap();
    let texts: Vec<String> = shares.iter().map(|s| s.mnemonic().to_string()).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let err = combine(&refs).expect_err("refused").to_string();
    assert!(
        err.contains("16-byte secret, not a binder's 32-byte recovery key"),
        "{err}"
    );
}
