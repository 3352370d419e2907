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

fn records_of(
    export: &binder::Export,
) -> BTreeMap<String, Vec<BTreeMap<String, serde_json::Value>>> {
    let mut r = export.records.clone();
    r.remove("member");
    r
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn export_json_then_import_json_round_trips_exactly(contacts in prop::collection::vec(contact(), 0..8)) {
        let dir = tempfile::tempdir().unwrap();
        let mut a = Binder::create(&dir.path().join("a.binder"), Keys::generate("A")).unwrap();
        a.import_starter_plan().unwrap();
        for c in &contacts {
            a.add("contact", c).unwrap();
        }
        let exported = a.export_json().unwrap();

        let mut b = Binder::create(&dir.path().join("b.binder"), Keys::generate("B")).unwrap();
        b.import_json(&exported).unwrap();
        let a_export = a.export().unwrap();
        prop_assert_eq!(records_of(&a_export), records_of(&b.export().unwrap()));

        // The same binder's own export merges as nothing new: import is idempotent.
        let report = a.import_json(&exported).unwrap();
        prop_assert_eq!(report.changes_added, 0);
        prop_assert_eq!(a.export_json().unwrap(), exported);
    }
}
