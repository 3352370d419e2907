use std::process::Command;

use binder::incident::{self, Activation};
use binder::keys::Invitation;
use binder::readiness::{self, GapKind};
use binder::signoff::{self, SignoffStatus};
use binder::sync::{join, sync};
use binder::{Binder, Error, Keys};
use chrono::{DateTime, Duration, TimeZone, Utc};
use secrecy::SecretString;

use crate::support::{Home, PASSPHRASE, PLANS, fixtures, require_tool};

/// The moment the incidents of these tests start.
pub(crate) fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 3, 0, 0).unwrap()
}

/// `minutes` after [`t0`].
pub(crate) fn at(minutes: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(minutes)
}

/// A binder made from the starter plan by `name`.
pub(crate) fn starter(dir: &std::path::Path, name: &str) -> Binder {
    let mut b = Binder::create(
        &dir.join("plan.binder"),
        Keys::generate(name),
        binder::Start::Empty,
    )
    .unwrap();
    b.import_starter_plan().unwrap();
    b
}

fn level2() -> Activation {
    Activation {
        level: "Level 2".into(),
        service: Some("the web app".into()),
        ..Activation::default()
    }
}

#[test]
fn activating_a_level_starts_its_checklists_and_tracks_ticks_windows_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = starter(dir.path(), "Alex Rivera");
    // A checklist tied to level 3 starts only with level 3.
    b.add(
        "checklist",
        &[
            ("title".into(), "Crisis: call the insurer".into()),
            ("level".into(), "level-3".into()),
        ],
    )
    .unwrap();
    let id = incident::start(&mut b, &level2(), t0()).unwrap();
    let s = incident::state(&b, &id, at(0)).unwrap();
    assert_eq!(s.incident.text("started_by"), "Alex Rivera");
    assert_eq!(s.incident.text("started_at"), "2026-11-24T03:00:00Z");
    assert_eq!(s.incident.text("status"), "investigating");
    assert_eq!(s.level.as_ref().unwrap().id, "level-2");
    let runs: Vec<&str> = s.runs.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(
        runs,
        [
            "Initial response",
            "During the incident",
            "Recovery",
            "Post-incident"
        ]
    );
    assert_eq!(s.timeline.len(), 1);
    assert!(s.timeline[0].text.contains("Level 2 — Major"));
    assert_eq!(s.calls[0].role, "Incident lead");
    assert_eq!(s.calls[0].primary.as_ref().unwrap().name, "Sam Okafor");

    // Windows against elapsed time: 20 minutes in, the three 0–15 minute steps are overdue;
    // the recurring "every 1 hour" step never is.
    let s = incident::state(&b, &id, at(20)).unwrap();
    assert_eq!(s.overdue, 3);
    assert_eq!(s.elapsed_minutes, 20);
    assert_eq!(
        s.runs[0].steps[0].due_at.as_deref(),
        Some("2026-11-24T03:15:00Z")
    );
    assert!(s.runs[1].steps[0].recurring && !s.runs[1].steps[0].overdue);

    incident::tick(&mut b, &id, "1.1", true, "API returns 500s", at(5)).unwrap();
    incident::tick(
        &mut b,
        &id,
        "Call the people on the call list for this level (primary, then backup)",
        true,
        "",
        at(7),
    )
    .unwrap();
    let s = incident::state(&b, &id, at(20)).unwrap();
    assert_eq!(s.overdue, 1);
    let first = &s.runs[0].steps[0];
    assert!(first.done);
    assert_eq!(
        (first.by.as_str(), first.at.as_str(), first.note.as_str()),
        ("Alex Rivera", "2026-11-24T03:05:00Z", "API returns 500s")
    );
    // Unticking is a new record too: the history is kept.
    incident::tick(&mut b, &id, "1.2", false, "wrong number", at(9)).unwrap();
    let s = incident::state(&b, &id, at(10)).unwrap();
    assert!(!s.runs[0].steps[1].done);
    assert_eq!(s.runs[0].steps[1].changes, 2);
    assert_eq!(s.runs[0].done, 1);
    let err = incident::tick(&mut b, &id, "9.9", true, "", at(9)).unwrap_err();
    assert!(matches!(err, Error::NotInIncident { .. }), "{err}");

    // Messages are filled from the incident; what is not known yet stays visible.
    let customer = |s: &incident::IncidentState| {
        s.messages
            .iter()
            .find(|m| m.name == "Customer notification — first message")
            .unwrap()
            .clone()
    };
    let m = customer(&s);
    assert_eq!(m.subject, "[Investigating] the web app disruption");
    assert!(m.body.contains("since 2026-11-24 03:00 UTC"), "{}", m.body);
    assert_eq!(m.missing, ["impact", "actions", "next_update"]);
    incident::update(
        &mut b,
        &id,
        &[
            ("impact".into(), "Nobody can log in".into()),
            ("actions".into(), "Rolling back last night's deploy".into()),
            ("next_update".into(), "04:00 UTC".into()),
        ],
    )
    .unwrap();
    incident::set_status(&mut b, &id, "identified", at(12)).unwrap();
    let s = incident::state(&b, &id, at(12)).unwrap();
    let m = customer(&s);
    assert!(m.missing.is_empty(), "{:?}", m.missing);
    assert!(m.subject.starts_with("[Identified]"));
    assert!(m.body.contains("What you may notice: Nobody can log in"));
    assert!(m.body.contains("next update by 04:00 UTC"));
    assert!(
        s.timeline
            .iter()
            .any(|e| e.kind == "status" && e.text == "Status: identified.")
    );
    assert!(
        incident::update(&mut b, &id, &[("status".into(), "closed".into())]).is_err(),
        "closing goes through close, with a summary"
    );
    assert!(incident::set_status(&mut b, &id, "closed", at(12)).is_err());
}

#[test]
fn the_timeline_is_append_only_and_a_closed_incident_changes_no_more() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = starter(dir.path(), "Alex Rivera");
    let id = incident::start(&mut b, &level2(), t0()).unwrap();
    let entry = incident::log(&mut b, &id, "decision", "Roll back", at(3)).unwrap();
    let before = b.fingerprint().unwrap();
    let edit = b.set(&entry, &[("text".into(), "Roll forward".into())]);
    assert!(matches!(edit, Err(Error::AppendOnly(_))), "{edit:?}");
    assert!(matches!(b.remove(&entry), Err(Error::AppendOnly(_))));
    assert_eq!(b.fingerprint().unwrap(), before);
    incident::log(
        &mut b,
        &id,
        "correction",
        "Correction: we rolled forward",
        at(4),
    )
    .unwrap();
    assert!(incident::log(&mut b, &id, "gossip", "x", at(4)).is_err());

    let before = b.fingerprint().unwrap();
    assert!(matches!(
        incident::close(&mut b, &id, "  ", "", at(30)),
        Err(Error::NoSummary)
    ));
    assert_eq!(
        b.fingerprint().unwrap(),
        before,
        "a refused close changes nothing"
    );
    let closed = incident::close(&mut b, &id, "Bad deploy", "Canary first", at(95)).unwrap();
    assert_eq!(closed.minutes, 95);
    let s = incident::state(&b, &id, at(500)).unwrap();
    assert!(!s.open);
    assert_eq!(s.elapsed_minutes, 95, "a closed incident stops its clock");
    assert_eq!(s.overdue, 0);
    assert!(s.timeline.last().unwrap().text.contains("after 1 h 35 min"));
    for refused in [
        incident::tick(&mut b, &id, "1.1", true, "", at(100)).map(|_| ()),
        incident::log(&mut b, &id, "note", "late", at(100)).map(|_| ()),
        incident::set_status(&mut b, &id, "monitoring", at(100)),
    ] {
        assert!(
            matches!(refused, Err(Error::IncidentClosed(_))),
            "{refused:?}"
        );
    }
}

#[test]
fn an_exercise_counts_as_the_scheduled_task_done() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = starter(dir.path(), "Alex Rivera");
    let task = "Tabletop exercise: cloud region outage";
    let never = |b: &Binder| {
        readiness::assess(b, t0().date_naive())
            .unwrap()
            .gaps
            .iter()
            .any(|g| g.title == task && g.kind == GapKind::NeverDone)
    };
    assert!(never(&b));
    let id = incident::start(
        &mut b,
        &Activation {
            level: "1".into(),
            exercise: true,
            exercise_of: Some(task.into()),
            ..Activation::default()
        },
        t0(),
    )
    .unwrap();
    assert!(
        b.record(&id)
            .unwrap()
            .title()
            .starts_with("Exercise: Level 1")
    );
    let closed = incident::close(&mut b, &id, "Ran the tabletop", "", at(60)).unwrap();
    assert_eq!(closed.schedule_done.as_deref(), Some(task));
    let schedule = b
        .list("schedule", false)
        .unwrap()
        .into_iter()
        .find(|s| s.title() == task)
        .unwrap();
    assert_eq!(schedule.text("last_done"), "2026-11-24");
    assert!(!never(&b));
}

#[test]
fn the_incident_report_holds_the_timeline_ticks_with_who_and_when_and_the_messages() {
    require_tool("qpdf");
    require_tool("pdftotext");
    let dir = tempfile::tempdir().unwrap();
    let mut b = starter(dir.path(), "Åsa Öberg");
    let mut activation = level2();
    activation.title = Some("Database outage".into());
    let id = incident::start(&mut b, &activation, t0()).unwrap();
    b.set(&id, &[("affects".into(), "Customer-facing product".into())])
        .unwrap();
    incident::tick(
        &mut b,
        &id,
        "1.1",
        true,
        "confirmed by two customers",
        at(4),
    )
    .unwrap();
    incident::tick(&mut b, &id, "1.3", true, "", at(11)).unwrap();
    incident::log(
        &mut b,
        &id,
        "call",
        "Called Sam Okafor, he takes the lead",
        at(6),
    )
    .unwrap();
    incident::log_message(&mut b, &id, "Customer notification — first message", at(14)).unwrap();
    incident::close(
        &mut b,
        &id,
        "Primary database ran out of disk.",
        "Alert at 80 %.",
        at(300),
    )
    .unwrap();
    let printed = binder::pdf::incident_report(
        &b,
        &id,
        &binder::pdf::PrintOptions {
            paper: binder::pdf::Paper::A4,
            printed_by: "Åsa Öberg".into(),
            printed_at: at(301),
        },
    )
    .unwrap();
    assert!(printed.missing.is_empty(), "{:?}", printed.missing_report());
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&pdf, &printed.bytes).unwrap();
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let text = Command::new("pdftotext")
        .arg("-raw")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Incident report",
        "Database outage",
        "Started 2026-11-24 03:00 UTC by Åsa Öberg",
        "Duration 5 h 00 min",
        "Primary database ran out of disk.",
        "Alert at 80 %.",
        // Duration against the RTO of the affected function (4 hours).
        "Customer-facing product 4 hours 5 h 00 min RTO exceeded by 1 h 00 min",
        // The timeline with who and when.
        "2026-11-24 03:06 UTC Åsa Öberg call Called Sam Okafor, he takes the lead",
        // Ticks with who and when, and the note.
        "✓ done Confirm the problem and decide the activation level",
        "Åsa Öberg 2026-11-24 03:04 UTC confirmed by two customers",
        "Åsa Öberg 2026-11-24 03:11 UTC",
        "Initial response — 2 of 5 done",
        // The message as sent.
        "Messages sent",
        "[Investigating] the web app disruption",
        "page 1 of",
    ] {
        assert!(flat.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn two_founders_tick_and_log_offline_and_both_see_everything_in_time_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut alex = starter(dir.path(), "Alex Rivera");
    let sam_keys = std::sync::Arc::new(Keys::generate("Sam Okafor"));
    let invite = Invitation::of(&sam_keys).unwrap().encode();
    alex.add_member(&invite, "editor").unwrap();
    let shared = dir.path().join("shared.binder");
    let id = incident::start(&mut alex, &level2(), t0()).unwrap();
    sync(&mut alex, &shared).unwrap();
    let (mut sam, _) = join(&dir.path().join("sam.binder"), &shared, sam_keys.clone()).unwrap();

    // Offline, each on their own laptop.
    incident::tick(&mut alex, &id, "1.1", true, "", at(2)).unwrap();
    incident::log(
        &mut alex,
        &id,
        "decision",
        "Alex: fail over to the standby",
        at(5),
    )
    .unwrap();
    incident::tick(&mut sam, &id, "1.2", true, "reached Jordan", at(4)).unwrap();
    incident::log(
        &mut sam,
        &id,
        "call",
        "Sam: called the hosting provider",
        at(3),
    )
    .unwrap();
    incident::log(
        &mut sam,
        &id,
        "note",
        "Sam: provider confirms the outage",
        at(8),
    )
    .unwrap();
    incident::tick(&mut alex, &id, "1.3", true, "", at(9)).unwrap();

    sync(&mut alex, &shared).unwrap();
    sync(&mut sam, &shared).unwrap();
    sync(&mut alex, &shared).unwrap();
    assert_eq!(alex.fingerprint().unwrap(), sam.fingerprint().unwrap());
    assert!(
        alex.conflicts().unwrap().is_empty(),
        "ticks and entries never conflict"
    );

    let view = |b: &Binder| {
        let s = incident::state(b, &id, at(10)).unwrap();
        let ticks: Vec<(String, bool, String, String)> = s.runs[0]
            .steps
            .iter()
            .map(|st| (st.text.clone(), st.done, st.by.clone(), st.at.clone()))
            .collect();
        let timeline: Vec<String> = s.timeline.iter().map(|e| e.text.clone()).collect();
        (ticks, timeline, s.timeline)
    };
    let (a_ticks, a_timeline, entries) = view(&alex);
    let (s_ticks, s_timeline, _) = view(&sam);
    assert_eq!(a_ticks, s_ticks);
    assert_eq!(a_timeline, s_timeline);
    let done: Vec<(bool, &str)> = a_ticks.iter().map(|t| (t.1, t.2.as_str())).collect();
    assert_eq!(
        done,
        [
            (true, "Alex Rivera"),
            (true, "Sam Okafor"),
            (true, "Alex Rivera"),
            (false, ""),
            (false, "")
        ]
    );
    assert_eq!(
        &a_timeline[1..],
        [
            "Sam: called the hosting provider",
            "Alex: fail over to the standby",
            "Sam: provider confirms the outage"
        ]
    );
    let times: Vec<&str> = entries.iter().map(|e| e.at.as_str()).collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted);

    // Nobody rewrites another person's entry: not through the API, and a hand-made change set
    // doing it is refused on merge.
    let alexs = entries
        .iter()
        .find(|e| e.by == "Alex Rivera")
        .unwrap()
        .id
        .clone();
    let rewrite = binder::changelog::Op {
        kind: "entry".into(),
        id: alexs.clone(),
        field: "text".into(),
        value: Some(binder::Value::Text("Sam decided everything".into())),
    };
    assert!(matches!(
        sam.commit(vec![rewrite.clone()]),
        Err(Error::AppendOnly(_))
    ));
    let heads = sam.log().heads().unwrap();
    let actor = sam.actor().unwrap();
    let (seq, prev) = heads.get(&actor).cloned().unwrap();
    let forged = binder::changelog::ChangeSet::sign(
        sam_keys.signing_key().unwrap(),
        &sam.binder_id().unwrap(),
        seq + 1,
        binder::changelog::next_hlc(sam.log().latest_clock().unwrap(), Utc::now()),
        heads.iter().map(|(a, (s, _))| (a.clone(), *s)).collect(),
        prev,
        vec![rewrite],
    );
    let report = alex.merge(vec![forged]).unwrap();
    assert_eq!(report.received, 0);
    assert_eq!(
        report.rejected[0].reason,
        binder::merge::Reason::NotTheirs,
        "{:?}",
        report.rejected
    );
    assert_eq!(
        incident::state(&alex, &id, at(10)).unwrap().timeline[2].text,
        "Alex: fail over to the standby"
    );
}

fn gaps_of(plan: &str) -> Vec<readiness::Gap> {
    let dir = tempfile::tempdir().unwrap();
    let mut b = Binder::create(
        &dir.path().join("b.binder"),
        Keys::generate("Alex"),
        binder::Start::Empty,
    )
    .unwrap();
    b.set_organisation("Fixture Company").unwrap();
    let path = fixtures("plans").join(plan);
    binder::planimport::import(&mut b, plan, &std::fs::read(path).unwrap()).unwrap();
    readiness::assess(&b, t0().date_naive()).unwrap().gaps
}

fn has(gaps: &[readiness::Gap], kind: GapKind, title: &str, detail: &str) -> bool {
    gaps.iter()
        .any(|g| g.kind == kind && g.title == title && g.detail.contains(detail))
}

#[test]
fn readiness_lists_the_real_gaps_of_each_fixture_plan() {
    for plan in PLANS {
        let gaps = gaps_of(plan);
        // Every imported plan is unreviewed and unapproved, and has no recovery key yet.
        for kind in [GapKind::NoRecoveryKey, GapKind::NotApproved] {
            assert!(gaps.iter().any(|g| g.kind == kind), "{plan}: {kind:?}");
        }
        assert!(
            gaps.iter()
                .any(|g| g.kind == GapKind::NeverDone && g.record_kind == "plan"),
            "{plan}: never reviewed"
        );
        let missing: Vec<&str> = gaps
            .iter()
            .filter(|g| g.kind == GapKind::Missing)
            .map(|g| g.record_kind.as_str())
            .collect();
        let expected: &[&str] = match *plan {
            // Its levels (P0–P3, and Critical–Low) and response roles are headings with
            // "**Label**: value" lists; its checklists are task lists. No people named with a
            // number, and its RTO/RPO is one line of bullet text.
            "ai-agent-platform-bcp.md" => &["contact"],
            // Roles, people and the steps if the company ceases ("If BatchCortex ceases
            // operations:"), but no levels or objectives.
            "batchcortex-continuity-plan.txt" => &["level", "objective"],
            // Roles, functions with RTOs, numbered procedures; no people or levels.
            "tuist-bcdr-plan.md" => &["contact", "level"],
            // A policy naming the one job that rehearses it ("The Information Security Officer
            // is responsible for … a bi-annual rehearsal"); nothing else operational.
            "comply-disaster-recovery-policy.md" => &["checklist", "contact", "level", "objective"],
            // Policies and a web page: everything operational is missing.
            _ => &["checklist", "contact", "level", "objective", "role"],
        };
        assert_eq!(missing, expected, "{plan}");
    }

    // batchcortex: the backups the plan itself says are "to be formalized".
    let gaps = gaps_of("batchcortex-continuity-plan.txt");
    for role in ["CEO / Technical Operations", "Data Protection Officer"] {
        assert!(
            has(
                &gaps,
                GapKind::NoBackup,
                role,
                "the plan says \"To be formalized\""
            ),
            "{role}: {gaps:#?}"
        );
    }
    assert!(has(
        &gaps,
        GapKind::NoBackup,
        "Customer Communications",
        "\"Backup email to be configured\""
    ));
    assert!(has(&gaps, GapKind::Missing, "Recovery objectives", "RTO"));

    // tuist: roles with nobody named, functions with an RTO but no RPO.
    let gaps = gaps_of("tuist-bcdr-plan.md");
    assert!(has(
        &gaps,
        GapKind::NoPrimary,
        "VP of Engineering",
        "Nobody is named"
    ));
    assert!(has(&gaps, GapKind::NoObjective, "GitHub", "No RPO"));
    assert!(
        !gaps
            .iter()
            .any(|g| g.title == "GitHub" && g.detail.contains("RTO"))
    );
}

#[test]
fn signing_needs_the_passphrase_again_and_verify_catches_a_changed_plan() {
    let home = Home::with_starter();
    // The wrong passphrase is refused and nothing is written.
    let before = home.snapshot();
    let mut b = Binder::open(&home.binder, home.keys(), binder::Mode::Write).unwrap();
    let wrong = signoff::sign(
        &mut b,
        &home.identity,
        SecretString::from("not my passphrase"),
        "approved",
        "CEO",
        t0(),
    );
    assert!(
        matches!(wrong, Err(Error::Key(binder::KeyError::WrongPassphrase(_)))),
        "{wrong:?}"
    );
    assert!(b.list("signoff", false).unwrap().is_empty());
    // Another person's identity file, even with its right passphrase, is not yours.
    let other = Home::empty();
    other.ok(&["member", "invite", "--name", "Mallory"]);
    let theirs = signoff::sign(
        &mut b,
        &other.identity,
        PASSPHRASE.into(),
        "approved",
        "",
        t0(),
    );
    assert!(matches!(theirs, Err(Error::OtherIdentity)), "{theirs:?}");
    drop(b);
    assert_eq!(home.snapshot(), before);

    // With the right one it signs; verify checks the signature against the plan.
    let out = home.ok(&["sign", "approved", "--role", "CEO"]);
    assert!(out.contains("signed the plan as approved"), "{out}");
    let v = home.ok(&["verify"]);
    assert!(v.contains("OK: approved by Alex Rivera, CEO"), "{v}");
    let json = home.json(&["verify"]);
    assert_eq!(json["signoffs"][0]["status"], "matches");
    let plan = home.json(&["show", "plan-main"]);
    assert_eq!(plan["fields"]["approved_by"], "Alex Rivera, CEO");

    // The printed binder: readiness on the first page, the approval history inside.
    require_tool("pdftotext");
    let pdf = home.path("binder.pdf");
    home.ok(&["export", "pdf", "-o", pdf.to_str().unwrap()]);
    let page = |first: &str, last: &str| {
        let out = Command::new("pdftotext")
            .args(["-raw", "-f", first, "-l", last])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let cover = page("1", "1");
    assert!(
        cover.contains("Readiness") && cover.contains("/ 100"),
        "{cover}"
    );
    assert!(cover.contains("role(s) without a backup"), "{cover}");
    let all = page("1", "99")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(all.contains("Reviews and approvals"), "{all}");
    assert!(all.contains("approved Alex Rivera, CEO"), "{all}");
    assert!(all.contains("matches this copy"), "{all}");

    // Marking a contact verified is bookkeeping: the approval still matches.
    home.ok(&["mark-verified", "contact-sam"]);
    assert_eq!(home.json(&["verify"])["signoffs"][0]["status"], "matches");

    // Altering a signed field afterwards: verify reports the signature as not matching.
    home.ok(&["set", "contact-sam", "phones=+1 555 0199"]);
    let out = home.run(&["verify"]);
    let v = String::from_utf8(out.stdout).unwrap();
    assert!(v.contains("NOT MATCHING: approved by Alex Rivera"), "{v}");
    assert!(v.contains("does not match the plan as it is now"), "{v}");
    assert!(
        v.contains("changed since: contact \"Sam Okafor\" · phones"),
        "{v}"
    );
    let r = home.json(&["readiness"]);
    assert!(
        r["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["kind"] == "not_approved"
                && g["detail"]
                    .as_str()
                    .unwrap()
                    .contains("Changed since Alex Rivera approved")),
        "{r}"
    );

    // A sign-off rewritten after the fact no longer verifies at all.
    let mut b = Binder::open(&home.binder, home.keys(), binder::Mode::Write).unwrap();
    let id = b.list("signoff", false).unwrap()[0].id.clone();
    b.commit(vec![binder::changelog::Op {
        kind: "signoff".into(),
        id,
        field: "role".into(),
        value: Some(binder::Value::Text("Chairman".into())),
    }])
    .unwrap();
    b.save().unwrap();
    drop(b);
    let out = home.run(&["verify"]);
    assert!(!out.status.success());
    let v = String::from_utf8(out.stdout).unwrap();
    assert!(
        v.contains("BROKEN: approved by Alex Rivera, Chairman"),
        "{v}"
    );
    let checks =
        signoff::check(&Binder::open(&home.binder, home.keys(), binder::Mode::Read).unwrap())
            .unwrap();
    assert_eq!(checks[0].status, SignoffStatus::Invalid);
}

#[test]
fn an_editor_may_sign_reviewed_but_not_approved() {
    let dir = tempfile::tempdir().unwrap();
    let mut alex = starter(dir.path(), "Alex Rivera");
    let sam = Home::empty();
    sam.ok(&["member", "invite", "--name", "Sam Okafor"]);
    let invite = sam.ok(&["member", "invite"]);
    alex.add_member(invite.trim(), "editor").unwrap();
    let shared = dir.path().join("shared.binder");
    sync(&mut alex, &shared).unwrap();
    let (mut b, _) = join(&sam.binder, &shared, sam.keys()).unwrap();
    let refused = signoff::sign(
        &mut b,
        &sam.identity,
        PASSPHRASE.into(),
        "approved",
        "",
        t0(),
    );
    assert!(matches!(refused, Err(Error::MaySign { .. })), "{refused:?}");
    signoff::sign(
        &mut b,
        &sam.identity,
        PASSPHRASE.into(),
        "reviewed",
        "CTO",
        t0(),
    )
    .unwrap();
    let checks = signoff::check(&b).unwrap();
    assert_eq!(checks.len(), 1);
    assert_eq!(checks[0].status, SignoffStatus::Matches);
    assert_eq!(
        b.list("plan", false).unwrap()[0].text("last_review"),
        "2026-11-24"
    );
}

#[test]
fn readiness_kept_between_changes_is_always_what_a_fresh_reading_gives() {
    let dir = tempfile::tempdir().unwrap();
    let mut ann = starter(dir.path(), "Ann");
    let ben_keys = std::sync::Arc::new(Keys::generate("Ben"));
    ann.add_member(&Invitation::of(&ben_keys).unwrap().encode(), "editor")
        .unwrap();
    let shared = dir.path().join("shared.binder");
    sync(&mut ann, &shared).unwrap();
    let (mut ben, _) = join(&dir.path().join("ben.binder"), &shared, ben_keys).unwrap();
    let same = |b: &Binder, day: chrono::NaiveDate| {
        let kept = readiness::assess(b, day).unwrap();
        let fresh = readiness::compute(b, day).unwrap();
        assert_eq!(
            serde_json::to_value(&kept).unwrap(),
            serde_json::to_value(&fresh).unwrap()
        );
        kept
    };
    let before = same(&ann, t0().date_naive());
    // An edit of Ann's own: the role's backup gap goes at once.
    let role = ann
        .list("role", false)
        .unwrap()
        .into_iter()
        .find(|r| r.text("backup").is_empty())
        .expect("a role without a backup in the starter plan");
    let someone = ann.list("contact", false).unwrap()[0].title();
    ann.set(&role.id, &[("backup".into(), someone)]).unwrap();
    let after = same(&ann, t0().date_naive());
    assert!(
        before
            .gaps
            .iter()
            .any(|g| g.id.as_deref() == Some(&role.id))
    );
    assert!(
        !after
            .gaps
            .iter()
            .any(|g| g.id.as_deref() == Some(&role.id) && g.kind == GapKind::NoBackup)
    );
    // Ben's change, merged in by a sync: Ann's readiness follows it.
    let no_backup = |r: &readiness::Readiness| {
        r.gaps
            .iter()
            .any(|g| g.id.as_deref() == Some(&role.id) && g.kind == GapKind::NoBackup)
    };
    sync(&mut ann, &shared).unwrap();
    sync(&mut ben, &shared).unwrap();
    ben.set(&role.id, &[("backup".into(), String::new())])
        .unwrap();
    sync(&mut ben, &shared).unwrap();
    assert!(!no_backup(&same(&ann, t0().date_naive())));
    sync(&mut ann, &shared).unwrap();
    assert!(no_backup(&same(&ann, t0().date_naive())));
    // Another day is another reading.
    let later = t0().date_naive() + Duration::days(400);
    assert_eq!(same(&ann, later).as_of, later.to_string());
}

#[test]
fn a_member_added_since_the_shared_file_was_written_is_a_readiness_gap_until_the_next_sync() {
    let dir = tempfile::tempdir().unwrap();
    let mut alex = starter(dir.path(), "Alex Rivera");
    let shared = dir.path().join("shared.binder");
    sync(&mut alex, &shared).unwrap();
    let gap = |b: &Binder| {
        readiness::assess(b, t0().date_naive())
            .unwrap()
            .gaps
            .into_iter()
            .find(|g| g.kind == GapKind::NotInSharedFile)
    };
    assert!(gap(&alex).is_none());
    let sam = Keys::generate("Sam Okafor");
    alex.add_member(&Invitation::of(&sam).unwrap().encode(), "editor")
        .unwrap();
    let g = gap(&alex).expect("Sam cannot open the shared file yet");
    assert!(
        g.detail.contains("Sam Okafor cannot open the shared file"),
        "{}",
        g.detail
    );
    sync(&mut alex, &shared).unwrap();
    assert!(gap(&alex).is_none());
    // And Sam, joining, sees no such gap either (the shared file says whom it is for).
    let (sam_b, _) = join(&dir.path().join("sam.binder"), &shared, sam).unwrap();
    assert!(gap(&sam_b).is_none());
}

#[test]
fn the_cli_runs_an_incident_from_start_to_report() {
    require_tool("pdftotext");
    let home = Home::with_starter();
    let out = home.ok(&[
        "incident",
        "start",
        "--level",
        "Level 2",
        "--service",
        "the app",
    ]);
    assert!(out.contains("1. Initial response — 0 of 5 done"), "{out}");
    assert!(
        out.contains("NEXT  Not called yet — call Sam Okafor"),
        "{out}"
    );
    let err = home.fails(&["incident", "start", "--level", "Level 9"]);
    assert!(
        err.contains("there are: Level 1 — Minor, Level 2 — Major, Level 3 — Crisis"),
        "{err}"
    );
    let out = home.ok(&["incident", "tick", "1.1", "--note", "seen by support"]);
    assert!(out.contains("[x] 1.1 Confirm the problem"), "{out}");
    assert!(out.contains("ticked by Alex Rivera"), "{out}");
    home.ok(&[
        "incident",
        "log",
        "--type",
        "decision",
        "Roll back the deploy",
    ]);
    let msg = home.ok(&[
        "incident",
        "message",
        "Customer notification — first message",
    ]);
    assert!(
        msg.contains("Subject: [Investigating] the app disruption"),
        "{msg}"
    );
    let before = home.snapshot();
    let err = home.fails(&["incident", "tick", "7.7"]);
    assert!(err.contains("not a step of this incident"), "{err}");
    assert_eq!(home.snapshot(), before);
    let report = home.path("report.pdf");
    home.ok(&[
        "incident",
        "close",
        "--summary",
        "Deploy rolled back",
        "--report",
        report.to_str().unwrap(),
    ]);
    let text = Command::new("pdftotext")
        .arg("-raw")
        .arg(&report)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("Roll back the deploy") && text.contains("seen by support"),
        "{text}"
    );
    let err = home.fails(&["incident", "tick", "1.2"]);
    assert!(err.contains("no incident is open"), "{err}");

    // Two open at once: a tick without --incident is refused rather than guessed.
    home.ok(&["incident", "start", "--level", "1"]);
    home.ok(&["incident", "start", "--level", "3"]);
    let before = home.snapshot();
    let err = home.fails(&["incident", "tick", "1.1"]);
    assert!(
        err.contains("2 incidents are open; say which with --incident"),
        "{err}"
    );
    assert_eq!(home.snapshot(), before);
    // Piped into a reader that is gone before it writes (the read end is closed at once, while
    // the CLI is still deriving the key), the CLI ends as other command-line tools do — quietly,
    // or ended by SIGPIPE — never with a panic or an error.
    let mut child = home
        .command(&["incident", "show", "--incident", "Level 3"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    use std::os::unix::process::ExitStatusExt;
    assert!(
        out.status.success() || out.status.signal() == Some(13),
        "binder's own exit: {:?}: {stderr}",
        out.status
    );
    assert!(
        !stderr.contains("panicked") && stderr.is_empty(),
        "{stderr}"
    );
    let list = home.ok(&["incident", "list"]);
    assert!(list.contains("closed"), "{list}");

    // Exported and imported into another binder, the incident comes across as a record; its
    // signed runs, ticks and entries do not, and the import says why.
    let json = home.path("plan.json");
    home.ok(&["export", "json", "-o", json.to_str().unwrap()]);
    let other = Home::quick("Sam Okafor");
    other.ok(&["init", "--name", "Sam Okafor"]);
    let out = other.run(&["import", "json", json.to_str().unwrap()]);
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("entry record(s): checklist runs, ticks, timeline entries and sign-offs stay in the binder they were made in"), "{said}");
    assert!(other.ok(&["incident", "list"]).contains("closed"));
}
