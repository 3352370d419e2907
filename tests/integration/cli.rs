use crate::support::{Home, PASSPHRASE};

#[test]
fn a_founder_fills_a_plan_from_the_command_line_and_opens_it_again() {
    let home = Home::with_starter();
    let id = home.ok(&[
        "add",
        "contact",
        "name=Åsa Öberg",
        "phones=+46 70 123 45 67; 08-123 456",
        "emails=asa@example.se",
        "tags=board",
    ]);
    let id = id.trim();
    assert!(id.starts_with("contact-"), "{id}");

    // A new process (a new unlock) sees everything.
    let shown = home.ok(&["show", id]);
    assert!(
        shown.contains("Åsa Öberg")
            && shown.contains("+46 70 123 45 67")
            && shown.contains("08-123 456"),
        "{shown}"
    );
    let record = home.json(&["show", &id[..12]]);
    assert_eq!(
        record["fields"]["emails"],
        serde_json::json!(["asa@example.se"])
    );

    // Search ignores case and accents and matches word prefixes.
    let hits = home.json(&["search", "oberg"]);
    assert!(
        hits.as_array().unwrap().iter().any(|h| h["id"] == id),
        "{hits}"
    );

    home.ok(&["set", id, "phones=+46 70 999 99 99", "notes="]);
    assert!(home.ok(&["show", id]).contains("+46 70 999 99 99"));

    let contacts = home.ok(&["list", "contact"]);
    assert!(
        contacts.contains("Åsa Öberg") && contacts.contains("Alex Rivera"),
        "{contacts}"
    );

    home.ok(&["rm", id]);
    assert!(!home.ok(&["list", "contact"]).contains(id));
    assert!(
        home.ok(&["list", "contact", "--deleted"])
            .contains(&format!("{id} (deleted)"))
    );

    let history = home.ok(&["history", id]);
    let lines: Vec<&str> = history.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Alex Rivera") && l.contains("phones = +46 70 999 99 99")),
        "{history}"
    );
    assert!(lines.last().unwrap().contains("deleted"), "{history}");

    let verify = home.ok(&["verify"]);
    assert!(verify.contains("OK"), "{verify}");
}

#[test]
fn the_starter_plan_has_what_a_skeleton_plan_needs() {
    let home = Home::with_starter();
    let count = |kind: &str| home.json(&["list", kind]).as_array().unwrap().len();
    assert!(count("section") >= 5);
    assert_eq!(count("level"), 3);
    assert!(count("objective") >= 3);
    assert_eq!(
        home.json(&["list", "checklist"])
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["fields"]["phase"].as_str().unwrap().to_string())
            .collect::<Vec<_>>(),
        ["initial response", "during", "recovery", "post-incident"]
    );
    let roles = home.json(&["list", "role"]);
    assert!(
        roles
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["fields"]["primary"].is_string())
    );
    assert!(
        home.ok(&["list", "template"])
            .contains("Customer notification")
    );
    let schedule = home.ok(&["list", "schedule"]);
    assert!(
        schedule.contains("quarterly") && schedule.contains("review"),
        "{schedule}"
    );
    // Filters are parsed like input: a checklist by name, a tag inside a list.
    let first = home.json(&["list", "item", "--where", "checklist=Initial response"]);
    let steps: Vec<&str> = first
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["fields"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(steps.len(), 5);
    assert!(steps[0].starts_with("Confirm the problem"), "{steps:?}");
    assert_eq!(
        home.json(&["list", "contact", "--where", "tags=founder"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // References resolve to records, shown by name.
    assert!(
        home.ok(&["show", "role-incident-lead"])
            .contains("Sam Okafor")
    );
}

#[test]
fn references_are_given_by_name_or_id_and_checked() {
    let home = Home::with_starter();
    let id = home.ok(&[
        "add",
        "role",
        "name=Office manager",
        "primary=Jordan Lee",
        "backup=contact-asa",
    ]);
    let role = home.json(&["show", id.trim()]);
    assert_eq!(role["fields"]["primary"], "contact-jordan");
    assert_eq!(role["fields"]["backup"], "contact-asa");
    let err = home.fails(&["add", "role", "name=Cook", "primary=Nobody Known"]);
    assert!(
        err.contains("there is no contact \"Nobody Known\""),
        "{err}"
    );
}

#[test]
fn json_export_and_import_round_trip_through_the_cli() {
    let a = Home::with_starter();
    a.ok(&[
        "add",
        "vendor",
        "name=Åland Hosting",
        "criticality=high",
        "support_email=help@aland.example",
    ]);
    let export = a.path("export.json");
    a.ok(&["export", "json", "-o", export.to_str().unwrap()]);
    let first = std::fs::read_to_string(&export).unwrap();
    // Deterministic: exporting again gives the same bytes.
    assert_eq!(a.ok(&["export", "json"]).trim_end(), first.trim_end());

    // Into another founder's new, empty binder: the records arrive with their ids.
    let b = Home::quick("Sam Okafor");
    b.ok(&["init", "--name", "Sam Okafor"]);
    let report = b.json(&["import", "json", export.to_str().unwrap()]);
    assert!(report["created"].as_u64().unwrap() > 40, "{report}");
    let records = |h: &Home| {
        let mut v: serde_json::Value = serde_json::from_str(&h.ok(&["export", "json"])).unwrap();
        v["records"].as_object_mut().unwrap().remove("member");
        v["records"].clone()
    };
    assert_eq!(records(&a), records(&b));

    // Into a copy of the same binder: its signed changes merge, and importing twice changes nothing.
    a.ok(&["add", "contact", "name=Late Addition"]);
    let newer = a.path("newer.json");
    a.ok(&["export", "json", "-o", newer.to_str().unwrap()]);
    a.ok(&["restore", "1"]); // a now lacks "Late Addition" again
    assert!(!a.ok(&["list", "contact"]).contains("Late Addition"));
    let report = a.json(&["import", "json", newer.to_str().unwrap()]);
    assert_eq!(report["changes_added"], 1, "{report}");
    assert!(a.ok(&["list", "contact"]).contains("Late Addition"));
    let again = a.json(&["import", "json", newer.to_str().unwrap()]);
    assert_eq!(again["changes_added"], 0);
}

#[test]
fn recovery_key_is_shown_once_and_opens_the_binder_read_only() {
    let home = Home::with_starter();
    let out = home.ok(&["recovery-key", "add", "--label", "Safe deposit box"]);
    let secret = out
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .expect("secret shown")
        .to_string();
    let key_file = home.path("recovery.txt");
    std::fs::write(&key_file, format!("{secret}\n")).unwrap();
    // The secret is not stored in the binder (only its public part).
    let listed = home.ok(&["recovery-key", "list"]);
    assert!(
        listed.contains("Safe deposit box")
            && listed.contains("age1")
            && !listed.contains("SECRET")
    );
    let roles = home.ok(&["--identity", key_file.to_str().unwrap(), "list", "role"]);
    assert!(roles.contains("Incident lead"));
    let err = home.fails(&[
        "--identity",
        key_file.to_str().unwrap(),
        "add",
        "contact",
        "name=X",
    ]);
    assert!(err.contains("cannot sign"), "{err}");
}

#[test]
fn passphrase_change_takes_the_new_one_and_refuses_the_old() {
    let home = Home::with_starter();
    let new_pass = home.path("new.txt");
    std::fs::write(&new_pass, "a much better passphrase\n").unwrap();
    home.ok(&[
        "passphrase",
        "change",
        "--new-passphrase-file",
        new_pass.to_str().unwrap(),
    ]);
    let err = home.fails(&["list", "role"]);
    assert!(err.contains("wrong passphrase"), "{err}");
    let out = home
        .command(&["list", "role"])
        .env("BINDER_PASSPHRASE", "a much better passphrase")
        .output()
        .unwrap();
    assert!(out.status.success());
    let _ = PASSPHRASE;
}

/// Issue 24: the folders made for a binder and an identity are their owner's only (0700).
#[cfg(unix)]
#[test]
fn folders_made_for_the_binder_and_identity_are_the_owners_only() {
    use std::os::unix::fs::PermissionsExt;
    let home = Home::empty();
    let data = home.path("share/continuity-binder");
    let out = home
        .command(&["init", "--name", "Ann"])
        .env("BINDER_PATH", data.join("plan.binder"))
        .env("BINDER_IDENTITY", data.join("keys/identity.age"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for dir in [home.path("share"), data.clone(), data.join("keys")] {
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}", dir.display());
    }
}

/// Issue 24: the 8-character minimum held only at the interactive prompt; a passphrase given
/// by environment variable or file is now held to it too, and nothing is written.
#[test]
fn a_short_passphrase_from_a_flag_or_the_environment_is_refused() {
    let home = Home::empty();
    let out = home
        .command(&["init", "--name", "Ann"])
        .env("BINDER_PASSPHRASE", "seven77")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("at least 8 characters"), "{err}");
    assert!(!home.identity.exists(), "no identity written");

    let home = Home::with_starter();
    let before = std::fs::read(&home.identity).unwrap();
    let short = home.path("short.txt");
    std::fs::write(&short, "seven77\n").unwrap();
    let err = home.fails(&[
        "passphrase",
        "change",
        "--new-passphrase-file",
        short.to_str().unwrap(),
    ]);
    assert!(err.contains("at least 8 characters"), "{err}");
    let err = home
        .command(&["passphrase", "change"])
        .env("BINDER_NEW_PASSPHRASE", "short")
        .output()
        .unwrap();
    assert!(!err.status.success());
    assert_eq!(std::fs::read(&home.identity).unwrap(), before, "unchanged");
    home.ok(&["list", "role"]);
}

#[test]
fn generations_keep_the_last_ten_and_restore_brings_one_back() {
    let home = Home::with_starter();
    for i in 0..12 {
        home.ok(&["add", "contact", &format!("name=Person {i}")]);
    }
    let gens = home.json(&["generations"]);
    assert_eq!(gens.as_array().unwrap().len(), 10);
    let before = home.ok(&["fingerprint"]);
    home.ok(&["restore", "3"]);
    let contacts = home.ok(&["list", "contact"]);
    assert!(
        contacts.contains("Person 8") && !contacts.contains("Person 9"),
        "{contacts}"
    );
    assert_ne!(home.ok(&["fingerprint"]), before);
    // The version replaced by the restore is itself kept, so the restore can be undone.
    home.ok(&["restore", "1"]);
    assert_eq!(home.ok(&["fingerprint"]), before);
}

#[test]
fn kinds_lists_the_catalog() {
    let home = Home::empty();
    let out = home.ok(&["kinds"]);
    for kind in [
        "plan",
        "section",
        "objective",
        "role",
        "contact",
        "vendor",
        "dependency",
        "level",
        "checklist",
        "template",
        "comms",
        "schedule",
        "risk",
        "control",
        "incident",
        "member",
    ] {
        assert!(
            out.lines().any(|l| l.starts_with(&format!("{kind} — "))),
            "{kind} missing from:\n{out}"
        );
    }
}

#[test]
fn mark_verified_records_who_and_when_on_kinds_that_go_stale() {
    let home = Home::with_starter();
    home.ok(&["mark-verified", "contact-asa"]);
    let asa = home.json(&["show", "contact-asa"]);
    assert_eq!(asa["fields"]["verified_by"], "Alex Rivera");
    assert!(
        asa["fields"]["verified_at"]
            .as_str()
            .unwrap()
            .starts_with("20"),
        "{asa}"
    );
    let err = home.fails(&["mark-verified", "level-1"]);
    assert!(
        err.contains("level records are not marked verified"),
        "{err}"
    );
    // The kinds that can be are named from the catalog, not from a list in the message.
    assert!(
        err.contains("only sections, roles, contacts and vendors are"),
        "{err}"
    );
}

#[test]
fn readiness_lists_the_real_gaps_and_clears_each_as_it_is_fixed() {
    let home = Home::with_starter();
    let on = ["readiness", "--on", "2026-11-23"];
    let gaps = |h: &Home| -> Vec<(String, String)> {
        let r = h.json(&on);
        r["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                (
                    g["kind"].as_str().unwrap().to_string(),
                    g["id"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let has = |g: &[(String, String)], kind: &str, id: &str| {
        g.iter()
            .any(|(k, i)| k == kind && (id.is_empty() || i == id))
    };
    let before = gaps(&home);
    let score_before = home.json(&on)["score"].as_u64().unwrap();
    assert!(has(&before, "no_recovery_key", ""));
    assert!(has(&before, "no_backup", "role-finance"), "{before:?}");
    assert!(!has(&before, "no_backup", "role-incident-lead"));
    assert!(has(&before, "never_verified", "contact-asa"));
    let schedule = home.json(&["list", "schedule"]);
    let id_of = |task: &str| {
        schedule
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["fields"]["task"].as_str().unwrap().starts_with(task))
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let review = id_of("Review the whole plan");
    let restore = id_of("Restore a production backup");
    assert!(
        has(&before, "overdue", &review),
        "last done 2026-05-04, every 6 months: overdue on 2026-11-23"
    );
    assert!(
        !has(&before, "overdue", &restore),
        "last done 2026-09-15, quarterly: not yet due"
    );
    assert!(has(&before, "never_done", &id_of("Tabletop exercise")));

    home.ok(&["recovery-key", "add"]);
    home.ok(&["set", "role-finance", "backup=Sam Okafor"]);
    home.ok(&["mark-verified", "contact-asa"]);
    home.ok(&["set", &review, "last_done=2026-11-20"]);
    home.ok(&[
        "set",
        "contact-sam",
        "verified_at=2025-01-15",
        "verified_by=Jordan Lee",
    ]);
    home.ok(&["add", "objective", "function=Payroll", "rpo=1 day"]);
    let after = gaps(&home);
    for (kind, id) in [
        ("no_recovery_key", ""),
        ("no_backup", "role-finance"),
        ("never_verified", "contact-asa"),
        ("overdue", review.as_str()),
    ] {
        assert!(
            !has(&after, kind, id),
            "{kind} {id} should be gone: {after:?}"
        );
    }
    assert!(has(&after, "stale", "contact-sam"));
    let text = home.ok(&on);
    assert!(
        text.contains("Last checked 2025-01-15 by Jordan Lee"),
        "{text}"
    );
    assert!(text.contains("No RTO: how long may it be down"), "{text}");
    assert!(home.json(&on)["score"].as_u64().unwrap() > score_before);
}
