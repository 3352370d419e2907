//! The call tree, run: escalation by the clock (moved, never slept), the cascade of waves, the
//! state each outcome leaves, two founders' attempts merged, and wrong numbers as readiness gaps.

use binder::incident::{self, Activation, CallReport, Reach};
use binder::keys::Invitation;
use binder::readiness::{self, GapKind};
use binder::sync::{join, sync};
use binder::{Binder, Keys};

use crate::incident::{at, starter, t0};

fn level2(b: &mut Binder) -> String {
    let activation = Activation {
        level: "Level 2".into(),
        ..Activation::default()
    };
    incident::start(b, &activation, t0()).unwrap()
}

fn call(b: &mut Binder, id: &str, person: &str, outcome: &str, minute: i64) -> String {
    let report = CallReport {
        person: person.into(),
        outcome: outcome.into(),
        ..CallReport::default()
    };
    incident::record_call(b, id, &report, at(minute)).unwrap()
}

fn tree(b: &Binder, id: &str, minute: i64) -> incident::CallTreeState {
    incident::state(b, id, at(minute)).unwrap().call_tree
}

fn next_people(t: &incident::CallTreeState) -> Vec<String> {
    t.next.iter().map(|n| n.person.clone()).collect()
}

#[test]
fn with_no_waves_set_the_tree_calls_the_lead_first_then_escalates_to_the_backup_by_the_clock() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = starter(dir.path(), "Alex Rivera");
    let id = level2(&mut b);

    let t = tree(&b, &id, 0);
    assert!(!t.from_plan);
    assert_eq!(t.waves.len(), 2, "the lead, then everyone else");
    assert_eq!(t.waves[0].wave.roles, ["role-incident-lead"]);
    assert_eq!(t.waves[1].wave.caller, "Incident lead", "cascade");
    assert_eq!(next_people(&t), ["Sam Okafor"]);
    assert!(
        t.next[0]
            .reason
            .contains("Not called yet — call Sam Okafor, +1 555 0101")
    );
    assert!(t.waves[1].started_at.is_none());

    call(&mut b, &id, "Sam Okafor", "no answer", 1);
    let t = tree(&b, &id, 5);
    assert_eq!(next_people(&t), ["Sam Okafor"], "wait for Sam first");
    assert!(
        t.next[0].reason.contains("no answer at 03:01"),
        "{}",
        t.next[0].reason
    );
    assert!(
        t.next[0].reason.contains("11 min left"),
        "{}",
        t.next[0].reason
    );
    assert_eq!(
        t.next[0].wait_ends_at.as_deref(),
        Some("2026-11-24T03:16:00Z")
    );
    assert!(t.escalations.is_empty());

    // The wave's own wait (15 min from the start) ends first: wave 2 begins, Sam is still waited for.
    let t = tree(&b, &id, 15);
    assert_eq!(
        t.waves[1].started_at.as_deref(),
        Some("2026-11-24T03:15:00Z")
    );
    assert_eq!(t.escalations.len(), 1, "{:?}", t.escalations);
    assert_eq!(t.next[0].person, "Sam Okafor");

    // Sam's wait ends: call the backup, with the reason said plainly.
    let t = tree(&b, &id, 16);
    let first = &t.next[0];
    assert_eq!((first.person.as_str(), first.backup), ("Alex Rivera", true));
    assert_eq!(
        first.reason,
        "Sam Okafor: no answer at 03:01 — call Alex Rivera (backup), +1 555 0100"
    );
    assert!(
        t.escalations
            .iter()
            .any(|e| e.key.starts_with("person:1:role-incident-lead"))
    );
    // Alex confirms: the lead's role is settled, and Alex is confirmed wherever Alex is named.
    call(&mut b, &id, "Alex Rivera", "confirmed", 17);
    let t = tree(&b, &id, 17);
    assert_eq!(t.waves[0].roles[0].reach, Reach::Confirmed);
    assert!(t.waves[0].done);
    assert!(!next_people(&t).contains(&"Alex Rivera".to_string()));
    // Alex holds (as backup) the communications lead and (as primary) finance: both covered.
    assert_eq!(next_people(&t), ["Åsa Öberg"]);
}

#[test]
fn waves_set_in_the_plan_run_in_order_and_a_first_reached_wave_ends_at_its_first_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = starter(dir.path(), "Alex Rivera");
    let wave = |b: &mut Binder, name: &str, pos: &str, roles: &str, needs: &str, wait: &str| {
        b.add(
            "wave",
            &[
                ("name".into(), name.into()),
                ("position".into(), pos.into()),
                ("levels".into(), "level-2".into()),
                ("roles".into(), roles.into()),
                ("needs".into(), needs.into()),
                ("wait".into(), wait.into()),
            ],
        )
        .unwrap()
    };
    wave(
        &mut b,
        "Tech first",
        "1",
        "role-tech-recovery; role-comms-lead",
        "first reached",
        "10 minutes",
    );
    wave(
        &mut b,
        "Then the lead",
        "2",
        "role-incident-lead",
        "everyone",
        "5 minutes",
    );
    // A wave for level 3 only is not part of a level-2 tree.
    b.add(
        "wave",
        &[
            ("name".into(), "Crisis only".into()),
            ("levels".into(), "level-3".into()),
            ("roles".into(), "role-finance".into()),
        ],
    )
    .unwrap();
    let id = level2(&mut b);
    let t = tree(&b, &id, 0);
    assert!(t.from_plan);
    let names: Vec<&str> = t.waves.iter().map(|w| w.wave.name.as_str()).collect();
    assert_eq!(names, ["Tech first", "Then the lead"]);
    assert_eq!(
        t.waves[1].wave.caller,
        "Technical recovery, Communications lead"
    );
    assert_eq!(next_people(&t), ["Åsa Öberg", "Jordan Lee"]);

    call(&mut b, &id, "Jordan Lee", "confirmed", 3);
    let t = tree(&b, &id, 4);
    assert!(t.waves[0].done, "the first reached suffices");
    assert_eq!(
        t.waves[1].started_at.as_deref(),
        Some("2026-11-24T03:03:00Z")
    );
    assert_eq!(next_people(&t), ["Sam Okafor"], "Åsa is no longer needed");
    // "Cannot help" goes to the backup at once, without waiting.
    call(&mut b, &id, "Sam Okafor", "cannot help", 5);
    let t = tree(&b, &id, 5);
    assert_eq!(next_people(&t), ["Alex Rivera"]);
    assert!(
        t.next[0]
            .reason
            .starts_with("Sam Okafor: reached, cannot help at 03:05")
    );
    // The backup gives a wrong number: the next number is offered; when every number is wrong,
    // nobody is left for the role.
    call(&mut b, &id, "Alex Rivera", "wrong number", 6);
    let t = tree(&b, &id, 6);
    assert_eq!(t.next[0].via.as_deref(), Some("+1 555 0110"));
    let report = CallReport {
        person: "Alex Rivera".into(),
        via: Some("+1 555 0110".into()),
        outcome: "Wrong number".into(),
        ..CallReport::default()
    };
    incident::record_call(&mut b, &id, &report, at(7)).unwrap();
    let t = tree(&b, &id, 7);
    // Alex has an e-mail address left.
    assert_eq!(t.next[0].via.as_deref(), Some("alex@example.com"));
}

#[test]
fn every_outcome_leaves_the_state_it_should() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = starter(dir.path(), "Alex Rivera");
    let id = level2(&mut b);
    let expect = [
        ("confirmed", Reach::Confirmed, false),
        ("cannot help", Reach::Unreachable, true),
        ("answered", Reach::NotConfirmed, false),
        ("voicemail", Reach::NotConfirmed, false),
        ("no answer", Reach::NotConfirmed, false),
        ("busy", Reach::NotConfirmed, false),
        // Sam has an e-mail address left: not given up on, the next way is offered.
        ("wrong number", Reach::NotConfirmed, false),
        ("skipped", Reach::Unreachable, true),
    ];
    for (i, (outcome, reach, to_backup)) in expect.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let mut b = starter(dir.path(), "Alex Rivera");
        let id = level2(&mut b);
        call(&mut b, &id, "Sam Okafor", outcome, 1);
        let t = tree(&b, &id, 2);
        let sam = &t.waves[0].roles[0].people[0];
        assert_eq!(sam.reach, *reach, "{outcome}");
        let next = next_people(&t);
        if *to_backup {
            assert_eq!(
                next.first().map(String::as_str),
                Some("Alex Rivera"),
                "{outcome} ({i})"
            );
        } else if *reach == Reach::NotConfirmed {
            assert_eq!(
                next.first().map(String::as_str),
                Some("Sam Okafor"),
                "{outcome}"
            );
        }
    }
    // A later confirmation overrides an earlier "cannot help"; voicemail then confirmed is confirmed.
    call(&mut b, &id, "Sam Okafor", "voicemail", 1);
    call(&mut b, &id, "Sam Okafor", "cannot help", 2);
    call(&mut b, &id, "Sam Okafor", "confirmed", 3);
    assert_eq!(
        tree(&b, &id, 4).waves[0].roles[0].people[0].reach,
        Reach::Confirmed
    );
    // An outcome that is not one of the list is refused with the choices.
    let bad = CallReport {
        person: "Sam Okafor".into(),
        outcome: "sort of".into(),
        ..CallReport::default()
    };
    let err = incident::record_call(&mut b, &id, &bad, at(5))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no answer") && err.contains("voicemail"),
        "{err}"
    );
    // And every attempt is on the timeline, as a call.
    let s = incident::state(&b, &id, at(6)).unwrap();
    let calls: Vec<&str> = s
        .timeline
        .iter()
        .filter(|e| e.kind == "call")
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(calls.len(), 3);
    assert_eq!(calls[0], "Called Sam Okafor on +1 555 0101: voicemail");
}

#[test]
fn two_founders_calling_at_once_merge_every_attempt_once_in_clock_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut ann = starter(dir.path(), "Ann");
    let ben_keys = std::sync::Arc::new(Keys::generate("Ben"));
    ann.add_member(&Invitation::of(&ben_keys).unwrap().encode(), "editor")
        .unwrap();
    let shared = dir.path().join("shared.binder");
    let id = level2(&mut ann);
    sync(&mut ann, &shared).unwrap();
    let (mut ben, _) = join(&dir.path().join("ben.binder"), &shared, ben_keys).unwrap();

    // At the same minute, offline: Ann reaches Sam's voicemail, Ben reaches Jordan.
    call(&mut ann, &id, "Sam Okafor", "voicemail", 2);
    call(&mut ben, &id, "Sam Okafor", "confirmed", 2);
    call(&mut ben, &id, "Jordan Lee", "busy", 3);
    sync(&mut ann, &shared).unwrap();
    sync(&mut ben, &shared).unwrap();
    sync(&mut ann, &shared).unwrap();
    sync(&mut ben, &shared).unwrap();

    let a = incident::attempts(&ann, &id).unwrap();
    let b = incident::attempts(&ben, &id).unwrap();
    assert_eq!(a.len(), 3, "no attempt lost, none twice");
    let order = |v: &[incident::Attempt]| v.iter().map(|x| x.id.clone()).collect::<Vec<_>>();
    assert_eq!(order(&a), order(&b), "both see the same order");
    let whom: Vec<(&str, &str)> = a
        .iter()
        .map(|x| (x.by.as_str(), x.outcome.as_str()))
        .collect();
    assert!(whom.contains(&("Ann", "voicemail")) && whom.contains(&("Ben", "confirmed")));
    // Neither is asked to call Sam, whom Ben confirmed.
    for b in [&ann, &ben] {
        let t = tree(b, &id, 20);
        assert_eq!(t.waves[0].roles[0].reach, Reach::Confirmed);
        assert!(
            !next_people(&t).contains(&"Sam Okafor".into()),
            "{:?}",
            next_people(&t)
        );
    }
}

#[test]
fn a_wrong_number_is_a_readiness_gap_until_the_contact_is_corrected_or_checked() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = starter(dir.path(), "Alex Rivera");
    let id = level2(&mut b);
    let gaps = |b: &Binder| {
        readiness::assess(b, t0().date_naive())
            .unwrap()
            .gaps
            .into_iter()
            .filter(|g| g.kind == GapKind::WrongNumber)
            .collect::<Vec<_>>()
    };
    assert!(gaps(&b).is_empty());
    call(&mut b, &id, "Sam Okafor", "wrong number", 1);
    let g = gaps(&b);
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].id.as_deref(), Some("contact-sam"));
    assert!(
        g[0].detail.contains("+1 555 0101 was wrong"),
        "{}",
        g[0].detail
    );
    b.set("contact-sam", &[("phones".into(), "+1 555 0199".into())])
        .unwrap();
    assert!(gaps(&b).is_empty(), "corrected");
}

/// The phone copy's identity, unwrapped with its passphrase as the page does.
fn phone_identity(settings_wrapped: &str, pass: &str) -> age::x25519::Identity {
    use std::io::Read;
    let wrapped = data_encoding::BASE64
        .decode(settings_wrapped.as_bytes())
        .unwrap();
    let d = age::Decryptor::new(&wrapped[..]).unwrap();
    let scrypt = age::scrypt::Identity::new(secrecy::SecretString::from(pass.to_string()));
    let mut text = String::new();
    d.decrypt(std::iter::once(&scrypt as &dyn age::Identity))
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text.trim().parse().unwrap()
}

fn attempt_entry(
    id: &str,
    contact: &str,
    outcome: &str,
    minute: i64,
) -> binder::pocket::calllog::LogEntry {
    let fields = [
        ("incident", id.to_string()),
        ("contact", contact.to_string()),
        ("role", "role-incident-lead".to_string()),
        ("outcome", outcome.to_string()),
        ("at", at(minute).format("%Y-%m-%dT%H:%M:%SZ").to_string()),
    ];
    binder::pocket::calllog::LogEntry {
        kind: "attempt".into(),
        fields: fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    }
}

#[test]
fn a_call_log_from_the_phone_merges_once_and_a_forged_or_out_of_scope_one_changes_nothing() {
    use binder::pocket::calllog::{self, Body};
    let dir = tempfile::tempdir().unwrap();
    let mut b = starter(dir.path(), "Alex Rivera");
    let id = level2(&mut b);
    let pass = "phone passphrase 1";
    let settings = binder::pocket::set_up(
        &b,
        &secrecy::SecretString::from(pass.to_string()),
        &dir.path().join("phone.html"),
    )
    .unwrap();
    let phone = phone_identity(&settings.wrapped_identity, pass);
    let recipients = b.recipients().unwrap();
    let binder_id = b.binder_id().unwrap();
    let body = |entries| Body {
        kind: "continuity-binder call log".into(),
        format: 1,
        binder: binder_id.clone(),
        by: "Alex Rivera".into(),
        entries,
    };
    let good = body(vec![
        attempt_entry(&id, "contact-sam", "no answer", 3),
        attempt_entry(&id, "contact-alex", "confirmed", 4),
    ]);
    let file = calllog::seal(&good, &phone, &recipients).unwrap();
    let report = calllog::import(&mut b, &file).unwrap();
    assert_eq!((report.attempts, report.ticks, report.already), (2, 0, 0));
    let taken = incident::attempts(&b, &id).unwrap();
    assert_eq!(taken.len(), 2);
    assert_eq!(taken[0].by, "Alex Rivera (phone)");
    assert_eq!(taken[0].person, "Sam Okafor");
    assert_eq!(
        taken[0].via, "",
        "the phone said no number; none is made up"
    );
    // The same file again (or from another founder's laptop) adds nothing.
    let again = calllog::import(&mut b, &file).unwrap();
    assert_eq!((again.attempts, again.already), (0, 2));

    let before = b.log().count().unwrap();
    let refused = |b: &mut Binder, file: &[u8]| calllog::import(b, file).unwrap_err().to_string();
    // Signed by another key: not this binder's phone copy.
    let forged = calllog::seal(&good, &age::x25519::Identity::generate(), &recipients).unwrap();
    assert!(refused(&mut b, &forged).contains("signature is not this binder's phone copy's"));
    // Anything but attempts and ticks is refused whole, with the reason.
    let mut member = attempt_entry(&id, "contact-sam", "confirmed", 9);
    member.kind = "member".into();
    let wide = body(vec![
        attempt_entry(&id, "contact-jordan", "confirmed", 8),
        member,
    ]);
    let err = refused(&mut b, &calllog::seal(&wide, &phone, &recipients).unwrap());
    assert!(
        err.contains("entry 2 (member): the phone copy may only add call attempts and ticks"),
        "{err}"
    );
    // A field a phone may not set, or an incident this binder does not have.
    let mut sneaky = attempt_entry(&id, "contact-sam", "confirmed", 9);
    sneaky.fields.insert("by".into(), "Someone else".into());
    let err = refused(
        &mut b,
        &calllog::seal(&body(vec![sneaky]), &phone, &recipients).unwrap(),
    );
    assert!(err.contains("a phone may not set \"by\""), "{err}");
    let elsewhere = attempt_entry("incident-nope", "contact-sam", "confirmed", 9);
    let err = refused(
        &mut b,
        &calllog::seal(&body(vec![elsewhere]), &phone, &recipients).unwrap(),
    );
    assert!(
        err.contains("an incident this binder does not have"),
        "{err}"
    );
    // Encrypted to someone else: it does not open.
    let stranger = age::x25519::Identity::generate().to_public();
    let err = refused(&mut b, &calllog::seal(&good, &phone, &[stranger]).unwrap());
    assert!(err.contains("does not open with your key"), "{err}");
    // A damaged file.
    let mut flipped = file.clone();
    let n = flipped.len() - 20;
    flipped[n] ^= 1;
    assert!(refused(&mut b, &flipped).contains("does not open with your key"));
    assert_eq!(b.log().count().unwrap(), before, "nothing was written");
    assert_eq!(incident::attempts(&b, &id).unwrap().len(), 2);
}

fn pdf_text(bytes: &[u8], dir: &std::path::Path, name: &str) -> (String, usize) {
    crate::support::require_tool("pdftotext");
    let file = dir.join(name);
    std::fs::write(&file, bytes).unwrap();
    let qpdf = std::process::Command::new("qpdf")
        .arg("--check")
        .arg(&file)
        .output()
        .unwrap();
    assert!(qpdf.status.success(), "qpdf --check {name}");
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let pages = text.matches('\u{c}').count();
    (text, pages)
}

fn print_options() -> binder::pdf::PrintOptions {
    binder::pdf::PrintOptions {
        paper: binder::pdf::Paper::A4,
        printed_by: "Ann".into(),
        printed_at: at(60),
    }
}

#[test]
fn the_report_lists_every_attempt_and_who_was_never_reached() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = starter(dir.path(), "Alex Rivera");
    let id = level2(&mut b);
    call(&mut b, &id, "Sam Okafor", "no answer", 2);
    call(&mut b, &id, "Alex Rivera", "confirmed", 18);
    let printed = binder::pdf::incident_report(&b, &id, &print_options()).unwrap();
    let (text, _) = pdf_text(&printed.bytes, dir.path(), "report.pdf");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Call log",
        "Sam Okafor (Incident lead)",
        "no answer",
        "confirmed",
        "Wave 1 (Incident lead): first confirmation after 18 min — Alex Rivera.",
        "Never reached: Technical recovery (Åsa Öberg, Sam Okafor)",
    ] {
        assert!(
            flat.contains(needle),
            "{needle:?} not in the report:\n{text}"
        );
    }
}

#[test]
fn the_paper_call_tree_form_fits_a_team_of_ten_on_one_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = Binder::create(
        &dir.path().join("ten.binder"),
        Keys::generate("Ann"),
        binder::Start::Empty,
    )
    .unwrap();
    let names = [
        "Ann Lindqvist",
        "Ben Okafor",
        "Chidi Mensah",
        "Dana Ruiz",
        "Eero Virtanen",
        "Farah Haddad",
        "Gus Pereira",
        "Hana Sato",
        "Ivo Novak",
        "Jules Martin",
    ];
    let mut ids = Vec::new();
    for (i, n) in names.iter().enumerate() {
        ids.push(
            b.add(
                "contact",
                &[
                    ("name".into(), n.to_string()),
                    ("phones".into(), format!("+44 20 7946 01{i:02}")),
                    (
                        "emails".into(),
                        format!(
                            "{}@example.org",
                            n.split(' ').next().unwrap().to_lowercase()
                        ),
                    ),
                ],
            )
            .unwrap(),
        );
    }
    for (i, role) in [
        "Incident lead",
        "Communications",
        "Technology",
        "Finance",
        "Operations",
    ]
    .iter()
    .enumerate()
    {
        b.add(
            "role",
            &[
                ("name".into(), role.to_string()),
                ("primary".into(), ids[2 * i].clone()),
                ("backup".into(), ids[2 * i + 1].clone()),
            ],
        )
        .unwrap();
    }
    let secret = secrecy::SecretString::from(
        "AGE-SECRET-KEY-1QQSZQGPJXCZQ7RG5QNSPCZVK4NZQ9X7DF0VNLLQ2NLZVSLGQ9ZQQ4T3E5H".to_string(),
    );
    let sheet = binder::pdf::emergency_sheet(
        &binder::pdf::EmergencySheet {
            organisation: "Ten People Ltd",
            label: "Safe",
            secret: &secret,
            binder_file: "ten.binder",
            shared_file: None,
            fingerprint: "CBKE-XJHC-QEHG",
            call_tree: Some(&b),
        },
        &print_options(),
    );
    let (text, pages) = pdf_text(&sheet.bytes, dir.path(), "sheet.pdf");
    assert_eq!(
        pages, 2,
        "the key, then the call tree form on one page:\n{text}"
    );
    let form = text.split('\u{c}').nth(1).unwrap();
    for n in names {
        assert!(form.contains(n), "{n} not on the form:\n{form}");
    }
    assert!(
        form.contains("Try 1") && form.contains("C confirmed"),
        "{form}"
    );
    assert!(form.contains("+44 20 7946 0109"), "{form}");
    std::fs::copy(
        dir.path().join("sheet.pdf"),
        std::env::temp_dir().join("cb-call-form.pdf"),
    )
    .ok();
}

/// An empty binder with the Markdown `plan` imported, and the waves it gave (which must be the
/// plan's own, not the default).
fn imported(dir: &std::path::Path, plan: &str) -> (Binder, Vec<incident::Wave>) {
    let mut b = Binder::create(
        &dir.join("plan.binder"),
        Keys::generate("Ann"),
        binder::Start::Empty,
    )
    .unwrap();
    binder::planimport::import(&mut b, "plan.md", plan.as_bytes()).unwrap();
    let (waves, from_plan) = incident::waves_for(&b, None).unwrap();
    assert!(from_plan, "the plan's own waves");
    (b, waves)
}

#[test]
fn an_escalation_order_in_an_imported_plan_becomes_the_call_tree() {
    let dir = tempfile::tempdir().unwrap();
    let plan = "# Continuity plan\n\n## Severity levels\n\n| Level | Criteria |\n|---|---|\n| SEV1 | Everything is down |\n\n## Response team\n\n| Role | Primary | Backup |\n|---|---|---|\n| Incident Commander | Dana Ruiz | Eero Virtanen |\n| CTO | Eero Virtanen | Dana Ruiz |\n\n## Escalation\n\n1. **Incident Commander** → **CTO** → **CEO**\n2. **Legal Issues** → **Legal Counsel** → **External Law Firm**\n";
    let (mut b, waves) = imported(dir.path(), plan);
    let roles: Vec<String> = waves
        .iter()
        .map(|w| b.record(&w.roles[0]).unwrap().title())
        .collect();
    assert_eq!(
        roles,
        ["Incident Commander", "CTO", "CEO"],
        "the first chain, in its order"
    );
    assert_eq!(
        waves[1].caller, "Incident Commander",
        "each step called by the one before"
    );
    // Running it: the commander first.
    let activation = Activation {
        level: "SEV1".into(),
        ..Activation::default()
    };
    let id = incident::start(&mut b, &activation, t0()).unwrap();
    let t = tree(&b, &id, 0);
    assert_eq!(next_people(&t), ["Dana Ruiz"]);
    // The second chain's words are kept in the plan's text, not lost.
    let sections = b.list("section", false).unwrap();
    assert!(
        sections
            .iter()
            .any(|s| s.text("body").contains("External Law Firm"))
    );
}

#[test]
fn an_escalation_table_becomes_the_call_tree_with_its_waits() {
    let dir = tempfile::tempdir().unwrap();
    let plan = "# Plan\n\n## Escalation path\n\n| Tier | Escalate to | Escalate after |\n|---|---|---|\n| 1 | On-call engineer | 15 minutes |\n| 2 | Engineering Manager | 30 minutes |\n| 3 | CEO | 1 hour |\n";
    let (b, waves) = imported(dir.path(), plan);
    let read: Vec<(String, i64)> = waves
        .iter()
        .map(|w| (b.record(&w.roles[0]).unwrap().title(), w.wait_minutes))
        .collect();
    assert_eq!(
        read,
        [
            ("On-call engineer".to_string(), 15),
            ("Engineering Manager".to_string(), 30),
            ("CEO".to_string(), 60)
        ]
    );
    // Nothing lost: the table is in the section's text too.
    let sections = b.list("section", false).unwrap();
    assert!(
        sections
            .iter()
            .any(|s| s.text("body").contains("Engineering Manager"))
    );
}

/// The shape of a real public plan's "Escalation Matrix": severities with their escalation path
/// written as a chain in a cell. Each severity becomes a level with its own waves.
#[test]
fn a_severity_table_with_escalation_paths_gives_each_level_its_own_tree() {
    let dir = tempfile::tempdir().unwrap();
    let plan = "# Plan\n\n### 13.3 Escalation Matrix\n\n| Issue Severity | Resolution Time | Escalation Path |\n|---|---|---|\n| Critical | 4 hours | Dev Lead → PM → Sponsor |\n| High | 1 day | Dev Lead → PM |\n| Low | 5 days | Developer |\n";
    let mut b = Binder::create(
        &dir.path().join("plan.binder"),
        Keys::generate("Ann"),
        binder::Start::Empty,
    )
    .unwrap();
    binder::planimport::import(&mut b, "plan.md", plan.as_bytes()).unwrap();
    let level = |name: &str| {
        b.list("level", false)
            .unwrap()
            .into_iter()
            .find(|l| l.title() == name)
            .unwrap()
            .id
    };
    let tree = |name: &str| {
        let (waves, from_plan) = incident::waves_for(&b, Some(&level(name))).unwrap();
        let roles: Vec<String> = waves
            .iter()
            .map(|w| b.record(&w.roles[0]).unwrap().title())
            .collect();
        (roles, from_plan)
    };
    assert_eq!(
        tree("Critical"),
        (vec!["Dev Lead".into(), "PM".into(), "Sponsor".into()], true)
    );
    assert_eq!(tree("High"), (vec!["Dev Lead".into(), "PM".into()], true));
    // A level whose path is one person has no waves of its own: the default tree.
    assert!(!tree("Low").1);
}
