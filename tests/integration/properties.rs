use std::collections::BTreeMap;

use binder::changelog::{ChangeSet, Op};
use binder::store::Store;
use binder::{Binder, Keys, Value};
use ed25519_dalek::SigningKey;
use proptest::prelude::*;

/// One edit: which of three actors, which of four records, which field, which value, and how
/// far its clock is from the base (small, so equal clocks across actors happen often).
#[derive(Debug, Clone)]
struct Edit {
    actor: usize,
    record: usize,
    field: usize,
    value: usize,
    clock: u64,
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(
        (0..3usize, 0..4usize, 0..4usize, 0..5usize, 0..4u64).prop_map(
            |(actor, record, field, value, clock)| Edit {
                actor,
                record,
                field,
                value,
                clock,
            },
        ),
        1..40,
    )
}

/// Turns edits into per-actor signed chains, as three founders editing offline would.
fn change_sets(edits: &[Edit], keys: &[SigningKey]) -> Vec<ChangeSet> {
    let mut prev: BTreeMap<usize, (u64, String)> = BTreeMap::new();
    let mut out = Vec::new();
    for (n, e) in edits.iter().enumerate() {
        let id = format!("contact-r{}", e.record);
        let (field, value) = match e.field {
            0 => ("name", Some(Value::Text(format!("Name {}", e.value)))),
            1 => (
                "notes",
                if e.value == 0 {
                    None
                } else {
                    Some(Value::Text(format!("note {}", e.value)))
                },
            ),
            2 => (
                "phones",
                Some(Value::List(vec![format!("+46 70 {:03}", e.value)])),
            ),
            _ => ("_deleted", Some(Value::Bool(e.value % 2 == 0))),
        };
        let ops = vec![Op {
            kind: "contact".into(),
            id,
            field: field.into(),
            value,
        }];
        let (seq, hash) = prev.get(&e.actor).cloned().unwrap_or((0, String::new()));
        let hlc = ((1_000 + n as u64 / 3 + e.clock) << 16) | e.clock;
        let c = ChangeSet::sign(
            &keys[e.actor],
            "b",
            seq + 1,
            hlc,
            BTreeMap::new(),
            hash,
            ops,
        );
        prev.insert(e.actor, (seq + 1, c.hash()));
        out.push(c);
    }
    out
}

fn folded(changes: &[ChangeSet], batch: usize) -> (Vec<binder::store::StateRow>, Vec<String>) {
    let mut store = Store::create("b").unwrap();
    for chunk in changes.chunks(batch.max(1)) {
        store.apply(chunk).unwrap();
    }
    let hits = store
        .search("name", 100)
        .unwrap()
        .into_iter()
        .map(|h| h.id)
        .collect::<std::collections::BTreeSet<_>>();
    (store.state_rows().unwrap(), hits.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_fold_gives_the_same_state_for_any_order_of_the_same_change_sets(
        edits in edits(),
        shuffle_seed in any::<u64>(),
        batch in 1..5usize,
    ) {
        let keys: Vec<SigningKey> = (0..3).map(|i| SigningKey::from_bytes(&[i as u8 + 1; 32])).collect();
        let changes = change_sets(&edits, &keys);
        let mut shuffled = changes.clone();
        // A deterministic Fisher–Yates from the seed, so a failure reproduces.
        let mut s = shuffle_seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let in_order = folded(&changes, 1);
        prop_assert_eq!(&in_order, &folded(&shuffled, batch));
        // Applying everything again changes nothing.
        let mut doubled = shuffled.clone();
        doubled.extend(changes.iter().cloned());
        prop_assert_eq!(&in_order, &folded(&doubled, batch));
    }
}

fn contact() -> impl Strategy<Value = Vec<(String, String)>> {
    (
        "[A-Za-zÅÖé][A-Za-zÅÄÖåäöéüß' -]{0,20}",
        prop::collection::vec("\\+[1-9][0-9]{1,3} [0-9]{2,4} [0-9]{3,6}", 0..3),
        prop::collection::vec("[a-z]{1,8}@[a-z]{1,8}\\.(se|com|org)", 0..3),
        "[ -~]{0,40}",
    )
        .prop_map(|(name, phones, emails, notes)| {
            let mut fields = vec![("name".to_string(), name)];
            if !phones.is_empty() {
                fields.push(("phones".into(), phones.join(";")));
            }
            if !emails.is_empty() {
                fields.push(("emails".into(), emails.join(";")));
            }
            fields.push(("notes".into(), notes));
            fields
        })
}

/// Every live record of every kind but members (each binder has its own), read from the store —
/// not from an export, so a field the export drops cannot go unnoticed.
fn records_in(b: &Binder) -> BTreeMap<String, binder::Record> {
    binder::KINDS
        .iter()
        .filter(|k| k.name != "member")
        .flat_map(|k| b.list(k.name, false).unwrap())
        .map(|r| (r.id.clone(), r))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn export_json_then_import_json_round_trips_exactly(contacts in prop::collection::vec(contact(), 0..8)) {
        let dir = tempfile::tempdir().unwrap();
        let mut a = Binder::create(&dir.path().join("a.binder"), Keys::generate("A"), binder::Start::Empty).unwrap();
        a.import_starter_plan().unwrap();
        let mut added = Vec::new();
        for c in &contacts {
            added.push(a.add("contact", c).unwrap());
        }
        let exported = a.export_json().unwrap();

        let mut b = Binder::create(&dir.path().join("b.binder"), Keys::generate("B"), binder::Start::Empty).unwrap();
        b.import_json(&exported).unwrap();

        // The imported records are the original ones: the same ids, and for each, the same
        // fields with the same values.
        let (original, imported) = (records_in(&a), records_in(&b));
        let ids = |m: &BTreeMap<String, binder::Record>| m.keys().cloned().collect::<Vec<_>>();
        prop_assert_eq!(ids(&original), ids(&imported), "the same records");
        for (id, record) in &original {
            let copy = &imported[id];
            prop_assert_eq!(&copy.kind, &record.kind, "kind of {}", id);
            for (field, value) in &record.fields {
                prop_assert_eq!(copy.fields.get(field), Some(value), "{} {} field {}", record.kind, id, field);
            }
            for field in copy.fields.keys() {
                prop_assert!(record.fields.contains_key(field), "{} {} gained field {}", record.kind, id, field);
            }
        }
        // Each contact added here is one of them, with the name it was given (spaces tidied).
        for (id, fields) in added.iter().zip(&contacts) {
            prop_assert_eq!(imported[id].text("name"), a.record(id).unwrap().text("name"));
            let typed = fields[0].1.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(imported[id].text("name"), typed);
        }

        // The same binder's own export merges as nothing new: import is idempotent.
        let report = a.import_json(&exported).unwrap();
        prop_assert_eq!(report.changes_added, 0);
        prop_assert_eq!(a.export_json().unwrap(), exported);
    }
}

// ---------------------------------------------------------------------------------------------
// Merge laws: three founders edit offline and merge in any order and grouping.

#[derive(Debug, Clone)]
enum Step {
    Edit {
        replica: usize,
        record: usize,
        field: usize,
        value: usize,
    },
    Merge {
        from: usize,
        to: usize,
    },
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let edit =
        (0..3usize, 0..3usize, 0..5usize, 0..4usize).prop_map(|(replica, record, field, value)| {
            Step::Edit {
                replica,
                record,
                field,
                value,
            }
        });
    let merge = (0..3usize, 0..3usize).prop_map(|(from, to)| Step::Merge { from, to });
    prop::collection::vec(prop_oneof![3 => edit, 1 => merge], 1..50)
}

fn edit(b: &mut Binder, record: usize, field: usize, value: usize) {
    let id = format!("contact-r{record}");
    let live = !b.record(&id).unwrap().deleted;
    let kv = |k: &str, v: String| vec![(k.to_string(), v)];
    match field {
        0 if live => drop(b.set(&id, &kv("name", format!("Name {value}"))).unwrap()),
        1 if live => drop(b.set(&id, &kv("notes", format!("note {value}"))).unwrap()),
        2 if live => drop(
            b.set(&id, &kv("phones", format!("+46 70 {value:03}")))
                .unwrap(),
        ),
        3 if live => drop(b.remove(&id).unwrap()),
        // Restore a deleted record: deletion is a field like any other.
        0..=3 => drop(
            b.commit(vec![Op {
                kind: "contact".into(),
                id,
                field: "_deleted".into(),
                value: Some(Value::Bool(false)),
            }])
            .unwrap(),
        ),
        // A tick on a checklist item (the incident runs of a later issue are the same kind of write).
        _ => drop(
            b.set("item-tick", &kv("owner", format!("ticked by {value}")))
                .unwrap(),
        ),
    }
}

type ConflictView = Vec<(String, String, Option<Value>, Vec<Option<Value>>)>;

fn conflict_view(b: &Binder) -> ConflictView {
    b.conflicts()
        .unwrap()
        .into_iter()
        .map(|c| {
            let mut others: Vec<Option<Value>> = c.others.into_iter().map(|o| o.value).collect();
            others.sort();
            (c.id, c.field, c.winner.value, others)
        })
        .collect()
}

fn view(b: &Binder) -> (String, Vec<binder::store::StateRow>, ConflictView) {
    (
        b.fingerprint().unwrap(),
        b.log().state().unwrap(),
        conflict_view(b),
    )
}

/// Three founders' binders: the owner made the plan and added the other two as editors.
fn three_replicas(dir: &std::path::Path) -> Vec<Binder> {
    let mut owner = Binder::create(
        &dir.join("r0.binder"),
        Keys::generate("R0"),
        binder::Start::Empty,
    )
    .unwrap();
    let others = [Keys::generate("R1"), Keys::generate("R2")];
    for k in &others {
        owner
            .add_member(&binder::keys::Invitation::of(k).unwrap().encode(), "editor")
            .unwrap();
    }
    let mut records = BTreeMap::new();
    let contacts = (0..3)
        .map(|i| {
            BTreeMap::from([
                ("id".to_string(), serde_json::json!(format!("contact-r{i}"))),
                ("name".to_string(), serde_json::json!(format!("Person {i}"))),
            ])
        })
        .collect();
    records.insert("contact".to_string(), contacts);
    records.insert(
        "checklist".to_string(),
        vec![BTreeMap::from([
            ("id".to_string(), serde_json::json!("checklist-c")),
            ("title".to_string(), serde_json::json!("Initial")),
        ])],
    );
    records.insert(
        "item".to_string(),
        vec![BTreeMap::from([
            ("id".to_string(), serde_json::json!("item-tick")),
            ("checklist".to_string(), serde_json::json!("checklist-c")),
            ("text".to_string(), serde_json::json!("Call")),
        ])],
    );
    owner.import_records(&records).unwrap();
    let id = owner.binder_id().unwrap();
    let log = owner.log().changes().unwrap();
    let mut replicas = vec![owner];
    for (i, k) in others.into_iter().enumerate() {
        let mut r = Binder::create(
            &dir.join(format!("r{}.binder", i + 1)),
            k,
            binder::Start::CopyOf(&id),
        )
        .unwrap();
        r.merge(log.clone()).unwrap();
        replicas.push(r);
    }
    replicas
}

fn merge_into(replicas: &mut [Binder], from: usize, to: usize) -> binder::MergeReport {
    let changes = replicas[from].log().changes().unwrap();
    replicas[to].merge(changes).unwrap()
}

/// Every write nobody later saw (a frontier write) is either the value in force or a conflict.
fn no_concurrent_write_lost(b: &Binder) -> Result<(), TestCaseError> {
    let changes = b.log().changes().unwrap();
    let conflicts = conflict_view(b);
    let mut writes: BTreeMap<(String, String), Vec<(&ChangeSet, &Op)>> = BTreeMap::new();
    for c in &changes {
        for op in c.ops.iter().filter(|o| o.field != "_deleted") {
            writes
                .entry((op.id.clone(), op.field.clone()))
                .or_default()
                .push((c, op));
        }
    }
    let seen_by = |w: &ChangeSet, later: &ChangeSet| {
        if w.actor == later.actor {
            w.seq < later.seq
        } else {
            later.deps.get(&w.actor).is_some_and(|&s| s >= w.seq)
        }
    };
    for ((id, field), ws) in &writes {
        for (c, op) in ws {
            if ws.iter().any(|(other, _)| seen_by(c, other)) {
                continue;
            }
            let record = b.record(id).unwrap();
            let in_force = record.fields.get(field) == op.value.as_ref();
            let kept = conflicts.iter().any(|(cid, cfield, _, others)| {
                cid == id && cfield == field && others.contains(&op.value)
            });
            prop_assert!(
                in_force || kept,
                "the write {:?} to {id}.{field} by {}#{} was lost",
                op.value,
                c.actor,
                c.seq
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn three_replicas_merged_in_any_order_and_grouping_converge_without_losing_an_edit(
        steps in steps(),
        order_seed in any::<u64>(),
        chunk in 1..7usize,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut replicas = three_replicas(dir.path());
        let mut older: Option<Vec<ChangeSet>> = None;
        for (n, step) in steps.iter().enumerate() {
            match *step {
                Step::Edit { replica, record, field, value } => edit(&mut replicas[replica], record, field, value),
                Step::Merge { from, to } => drop(merge_into(&mut replicas, from, to)),
            }
            if n == steps.len() / 2 {
                older = Some(replicas[0].log().changes().unwrap());
            }
        }
        // Merging a replica with itself, or with an older copy of itself, changes nothing.
        let before = view(&replicas[0]);
        let own = replicas[0].log().changes().unwrap();
        prop_assert_eq!(replicas[0].merge(own).unwrap().received, 0);
        prop_assert_eq!(replicas[0].merge(older.unwrap_or_default()).unwrap().received, 0);
        prop_assert_eq!(&before, &view(&replicas[0]));

        // Everyone merges with everyone: all three hold the same plan.
        for (from, to) in [(1, 0), (2, 0), (0, 1), (0, 2)] {
            merge_into(&mut replicas, from, to);
        }
        let converged = view(&replicas[0]);
        prop_assert_eq!(&converged, &view(&replicas[1]));
        prop_assert_eq!(&converged, &view(&replicas[2]));
        no_concurrent_write_lost(&replicas[0])?;

        // The same change sets, in another order and in other groupings, give the same plan.
        let mut all = replicas[0].log().changes().unwrap();
        let mut s = order_seed | 1;
        for i in (1..all.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            all.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let id = replicas[0].binder_id().unwrap();
        let mut fresh = Binder::create(&dir.path().join("fresh.binder"), Keys::generate("Late"), binder::Start::CopyOf(&id)).unwrap();
        // A change whose author's earlier change comes in a later group waits: merge until stable.
        for _ in 0..all.len() {
            let mut taken = 0;
            for group in all.chunks(chunk) {
                taken += fresh.merge(group.to_vec()).unwrap().received;
            }
            if taken == 0 { break; }
        }
        prop_assert_eq!(&converged, &view(&fresh));
    }
}

// ---------------------------------------------------------------------------------------------
// The vCard reader meets arbitrary input: it may refuse it, never panic.

fn vcard_fixtures() -> Vec<Vec<u8>> {
    let dir = crate::support::fixtures("vcard");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "vcf"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_vcard_reader_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = binder::vcard::parse(&bytes);
    }

    #[test]
    fn the_vcard_reader_never_panics_on_damaged_real_exports(
        which in 0..14usize,
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..20),
        cut in any::<prop::sample::Index>(),
    ) {
        let files = vcard_fixtures();
        let mut bytes = files[which % files.len()].clone();
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        let keep = cut.index(bytes.len() + 1);
        bytes.truncate(keep.max(bytes.len() / 2));
        if let Ok(parsed) = binder::vcard::parse(&bytes) {
            prop_assert!(!parsed.contacts.is_empty());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_csv_reader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..1500), kind in 0..15usize) {
        let k = &binder::KINDS[kind % binder::KINDS.len()];
        let _ = binder::csvio::parse(k, &bytes);
        let mut with_header = format!("{},notes,id\n", k.title).into_bytes();
        with_header.extend_from_slice(&bytes);
        let _ = binder::csvio::parse(k, &with_header);
    }
}
