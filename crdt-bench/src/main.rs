//! The binder's merge against Loro (the fastest Rust CRDT on maps), side by side in the same
//! run, on the same pre-generated edits: a document of 10,000 records (3 fields each) created
//! by one peer, then 10,000 single-field edits (last writer wins per field) spread over 10, 100
//! or 10,000 peers, arriving in one batch or one file at a time. The clock stops only at a
//! fully readable state — Loro's `get_deep_value`, the binder's SQL read of every record — and
//! both sides are checked to hold the same records and fields.
//!
//! Loro is used as its documentation advises: random 64-bit peer ids, the child maps created
//! once (by the peer that made the records), edits as plain `insert`s on them, updates exported
//! per commit with `ExportMode::updates`, `import_batch` for a batch.
//!
//! Run: `cargo run --release --manifest-path crdt-bench/Cargo.toml [-- PEERS…]`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use binder::changelog::{ChangeSet, Op};
use binder::{Binder, Keys, Mode, Value};
use loro::{ExportMode, LoroDoc, LoroMap, LoroValue, ValueOrContainer};

const RECORDS: usize = 10_000;
const EDITS: usize = 10_000;
const RUNS: usize = 3;

/// Edit `n`: which record, which field, what value, by which peer (of `peers`).
fn edit(n: usize, peers: usize) -> (usize, &'static str, String, usize) {
    let record = (n * 7919) % RECORDS;
    let field = if n.is_multiple_of(2) {
        "notes"
    } else {
        "phones"
    };
    let value = match field {
        "notes" => format!("Called back, revision {n}."),
        _ => format!("+46 70 {:03} {:02} {:02}", n % 1000, n % 97, n % 89),
    };
    (record, field, value, n % peers)
}

fn base_fields(i: usize) -> [(&'static str, String); 3] {
    [
        ("name", format!("Person {i:05}")),
        ("notes", format!("Met at the {i} meeting.")),
        (
            "phones",
            format!("+46 8 {:03} {:02} {:02}", i % 1000, i % 89, i % 97),
        ),
    ]
}

/// A pseudo-random 64-bit number (splitmix64): Loro's peer ids, as its docs advise, random.
fn random(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

// ---- Loro ----

struct LoroSide {
    base: Vec<u8>,
    updates: Vec<Vec<u8>>,
}

fn child(records: &LoroMap, key: &str) -> LoroMap {
    match records.get(key) {
        Some(ValueOrContainer::Container(loro::Container::Map(m))) => m,
        _ => panic!("record {key} is not a map"),
    }
}

fn loro_side(peers: usize) -> LoroSide {
    let doc = LoroDoc::new();
    doc.set_peer_id(random(0)).expect("peer");
    let records = doc.get_map("records");
    for i in 0..RECORDS {
        let m = records
            .insert_container(&format!("contact-{i:05}"), LoroMap::new())
            .expect("record");
        for (field, value) in base_fields(i) {
            m.insert(field, value).expect("field");
        }
    }
    doc.commit();
    let base = doc.export(ExportMode::Snapshot).expect("snapshot");
    // One writer plays every peer in turn: its peer id set before each edit, each edit one
    // commit exported as its own update (what one file would carry).
    let writer = LoroDoc::from_snapshot(&base).expect("writer");
    let records = writer.get_map("records");
    let handles: Vec<LoroMap> = (0..RECORDS)
        .map(|i| child(&records, &format!("contact-{i:05}")))
        .collect();
    let mut updates = Vec::with_capacity(EDITS);
    for n in 0..EDITS {
        let (record, field, value, peer) = edit(n, peers);
        writer.set_peer_id(random(1 + peer as u64)).expect("peer");
        let before = writer.oplog_vv();
        handles[record].insert(field, value).expect("edit");
        writer.commit();
        updates.push(writer.export(ExportMode::updates(&before)).expect("update"));
    }
    LoroSide { base, updates }
}

/// Records and fields in Loro's readable state.
fn loro_counts(value: &LoroValue) -> (usize, usize) {
    let LoroValue::Map(root) = value else {
        panic!("root is a map")
    };
    let Some(LoroValue::Map(records)) = root.get("records") else {
        panic!("records")
    };
    let fields = records
        .values()
        .map(|r| match r {
            LoroValue::Map(m) => m.len(),
            _ => 0,
        })
        .sum();
    (records.len(), fields)
}

fn loro_time(side: &LoroSide, batch: bool) -> (Duration, (usize, usize)) {
    let doc = LoroDoc::from_snapshot(&side.base).expect("load");
    let start = Instant::now();
    if batch {
        doc.import_batch(&side.updates).expect("import");
    } else {
        for u in &side.updates {
            doc.import(u).expect("import");
        }
    }
    let value = doc.get_deep_value();
    let elapsed = start.elapsed();
    (elapsed, loro_counts(&value))
}

// ---- The binder ----

struct BinderSide {
    _dir: tempfile::TempDir,
    verifying: Vec<ed25519_dalek::VerifyingKey>,
    path: std::path::PathBuf,
    owner: Arc<Keys>,
    changes: Vec<ChangeSet>,
}

fn binder_side(peers: usize) -> BinderSide {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("b.binder");
    let owner = Arc::new(Keys::generate("Owner"));
    let mut b = Binder::create(&path, owner.clone(), binder::Start::Empty).expect("create");
    let ids: Vec<String> = (0..RECORDS).map(|i| format!("contact-{i:05}")).collect();
    // The records, made by one peer (the owner) in one change set, as Loro's base.
    let mut ops = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        for (field, value) in base_fields(i) {
            ops.push(op(id, field, value));
        }
    }
    b.commit(ops).expect("records");
    // The peers: members (editors) of the binder, in one change set.
    let keys: Vec<Keys> = (0..peers)
        .map(|p| Keys::generate(&format!("Peer {p}")))
        .collect();
    let mut ops = Vec::new();
    for k in &keys {
        let invitation = binder::keys::Invitation::of(k).expect("invitation");
        let vk = k.verifying_key().expect("key");
        let id = format!("member-{}", binder::changelog::actor_id(&vk));
        for (field, value) in [
            ("name", k.name().to_string()),
            ("role", "editor".to_string()),
            ("recipient", invitation.recipient.clone()),
            ("signing_key", invitation.signing_key.clone()),
        ] {
            ops.push(Op {
                kind: "member".into(),
                id: id.clone(),
                field: field.into(),
                value: Some(Value::Text(value)),
            });
        }
        ops.push(Op {
            kind: "member".into(),
            id,
            field: "_deleted".into(),
            value: Some(Value::Bool(false)),
        });
    }
    let members = b.commit(ops).expect("members");
    b.save().expect("save");
    let binder_id = b.binder_id().expect("id");
    let deps: BTreeMap<String, u64> = [(members.actor.clone(), members.seq)].into();
    let mut hlc = members.hlc;
    // Each peer's edits, signed, chained, all seeing the members' change.
    let mut last: Vec<Option<(u64, String)>> = vec![None; peers];
    let mut changes = Vec::with_capacity(EDITS);
    for n in 0..EDITS {
        let (record, field, value, peer) = edit(n, peers);
        let (seq, prev) = match &last[peer] {
            Some((seq, hash)) => (seq + 1, hash.clone()),
            None => (1, String::new()),
        };
        hlc += 1;
        let c = ChangeSet::sign(
            keys[peer].signing_key().expect("signing"),
            &binder_id,
            seq,
            hlc,
            deps.clone(),
            prev,
            vec![op(&ids[record], field, value)],
        );
        last[peer] = Some((seq, c.hash()));
        changes.push(c);
    }
    BinderSide {
        verifying: keys
            .iter()
            .map(|k| k.verifying_key().expect("key"))
            .collect(),
        _dir: dir,
        path,
        owner,
        changes,
    }
}

fn op(id: &str, field: &str, value: String) -> Op {
    Op {
        kind: "contact".into(),
        id: id.into(),
        field: field.into(),
        value: Some(Value::Text(value)),
    }
}

fn binder_time(side: &BinderSide, batch: bool) -> (Duration, (usize, usize)) {
    let mut b = Binder::open(&side.path, side.owner.clone(), Mode::Write).expect("open");
    let changes = side.changes.clone();
    let start = Instant::now();
    if batch {
        let report = b.merge(changes).expect("merge");
        assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    } else {
        for c in changes {
            let report = b.merge(vec![c]).expect("merge");
            assert!(report.rejected.is_empty(), "{:?}", report.rejected);
        }
    }
    let records = b.list("contact", false).expect("read");
    let elapsed = start.elapsed();
    let fields = records.iter().map(|r| r.fields.len()).sum();
    (elapsed, (records.len(), fields))
}

/// What the binder checks that Loro does not, timed on its own: every change set's Ed25519
/// signature against its author's key.
fn signatures_time(side: &BinderSide) -> Duration {
    let start = Instant::now();
    for (n, c) in side.changes.iter().enumerate() {
        let peer = n % side.verifying.len();
        c.verify_signature(&side.verifying[peer])
            .expect("signature");
    }
    start.elapsed()
}

/// Where the time of a one-change merge goes (`CRDT_BENCH_PHASES=1`): reading what it is
/// decided against, deciding (hash, signature, authority), applying (log, fold, index).
fn phases(peers: usize) {
    let b = binder_side(peers);
    let mut bin = Binder::open(&b.path, b.owner.clone(), Mode::Write).expect("open");
    let (mut base_t, mut plan_t, mut apply_t) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let n = 2000;
    for c in b.changes.iter().take(n) {
        let start = Instant::now();
        let base = bin.merge_base(std::slice::from_ref(c)).expect("base");
        base_t += start.elapsed();
        let start = Instant::now();
        let planned = base.plan(vec![c.clone()]);
        plan_t += start.elapsed();
        let start = Instant::now();
        bin.merge_planned(planned).expect("apply");
        apply_t += start.elapsed();
    }
    let per = |d: Duration| format!("{:.1} µs", d.as_secs_f64() * 1e6 / n as f64);
    println!(
        "{peers} peers, one change set per merge, per merge: read the base {} · decide {} · apply {}",
        per(base_t),
        per(plan_t),
        per(apply_t)
    );
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let peers: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let peers = if peers.is_empty() {
        vec![10, 100, 10_000]
    } else {
        peers
    };
    if std::env::var("CRDT_BENCH_PHASES").is_ok() {
        return phases(peers[0]);
    }
    let runs = std::env::var("CRDT_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(RUNS);
    println!(
        "| peers | arrival | Loro | binder | ratio Loro / binder | the binder's Ed25519 checks alone, one core |"
    );
    println!("|---|---|---|---|---|---|");
    for p in peers {
        let l = loro_side(p);
        let b = binder_side(p);
        let sig = signatures_time(&b);
        for batch in [true, false] {
            let (mut lt, mut bt) = (Vec::new(), Vec::new());
            for _ in 0..runs {
                let (t, lc) = loro_time(&l, batch);
                lt.push(t);
                let (t, bc) = binder_time(&b, batch);
                bt.push(t);
                assert_eq!(
                    lc, bc,
                    "Loro and the binder hold the same records and fields"
                );
                assert_eq!(lc, (RECORDS, 3 * RECORDS));
            }
            let (lm, bm) = (median(lt), median(bt));
            println!(
                "| {p} | {} | {} | {} | {:.2} | {} |",
                if batch { "one batch" } else { "one at a time" },
                ms(lm),
                ms(bm),
                lm.as_secs_f64() / bm.as_secs_f64(),
                ms(sig)
            );
        }
    }
}
