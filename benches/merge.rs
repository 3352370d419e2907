//! Benchmark: merge 10,000 foreign change sets (another member's edits) into a binder of the
//! large benchmark size, against the `automerge` crate applying the equivalent 10,000 changes
//! to an equivalent document, in the same run.
//!
//! Run: `cargo bench --bench merge`. Prints a Markdown table.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT};
use binder::{Binder, Keys, Mode};
use common::{kv, median, ms};

const FOREIGN: usize = 10_000;
/// Rounds; each round times one merge of ours and one of each automerge call, alternating,
/// so both sides see the same machine conditions.
const RUNS: usize = 9;

/// The field change `n` of the foreign member: alternately notes and phones of some contact.
fn foreign_edit(n: usize) -> (usize, &'static str, String) {
    let contact = (n * 7919) % 5000;
    if n.is_multiple_of(2) {
        (contact, "notes", format!("Called back, revision {n}."))
    } else {
        (
            contact,
            "phones",
            format!("+46 70 {:03} {:02} {:02}", n % 1000, n % 97, n % 89),
        )
    }
}

fn ours() -> Ours {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("a.binder");
    let owner_keys = Arc::new(Keys::generate("Owner"));
    let sam_keys = Keys::generate("Sam");
    let invitation = binder::keys::Invitation::of(&sam_keys)
        .expect("invitation")
        .encode();
    let mut owner = generate_with(&path, owner_keys.clone());
    owner.add_member(&invitation, "editor").expect("add member");
    owner.save().expect("save");
    let base_changes = owner.log().count().expect("count") as usize;
    let contacts: Vec<String> = owner
        .list("contact", false)
        .expect("list")
        .into_iter()
        .map(|r| r.id)
        .collect();

    let mut sam = Binder::create(
        &dir.path().join("sam.binder"),
        sam_keys,
        binder::Start::CopyOf(&owner.binder_id().expect("id")),
    )
    .expect("sam");
    sam.merge(owner.log().changes().expect("changes"))
        .expect("sam joins");
    drop(owner);
    let sam_actor = sam.actor().expect("actor");
    for n in 0..FOREIGN {
        let (contact, field, value) = foreign_edit(n);
        sam.set(&contacts[contact], &kv(&[(field, value)]))
            .expect("sam edits");
    }
    let foreign: Vec<_> = sam
        .log()
        .changes()
        .expect("changes")
        .into_iter()
        .filter(|c| c.actor == sam_actor)
        .collect();
    assert_eq!(foreign.len(), FOREIGN);

    Ours {
        path,
        keys: owner_keys,
        foreign,
        base: base_changes,
        _dir: dir,
    }
}

/// Everything needed to time one merge of ours.
struct Ours {
    path: std::path::PathBuf,
    keys: Arc<Keys>,
    foreign: Vec<binder::changelog::ChangeSet>,
    base: usize,
    _dir: tempfile::TempDir,
}

impl Ours {
    fn time_once(&self) -> Duration {
        let mut target = Binder::open(&self.path, self.keys.clone(), Mode::Write).expect("open");
        let batch = self.foreign.clone();
        let start = Instant::now();
        let report = target.merge(batch).expect("merge");
        let elapsed = start.elapsed();
        assert_eq!(report.received, FOREIGN);
        assert!(report.rejected.is_empty());
        elapsed
    }
}

/// The large binder, owned by `keys`.
fn generate_with(path: &std::path::Path, keys: Arc<Keys>) -> Binder {
    common::generate_owned(path, keys)
}

/// Puts one record into the automerge document as a map of its fields, in one change.
fn put_record(doc: &mut AutoCommit, id: String, fields: &[(String, String)]) -> automerge::ObjId {
    let obj = doc.put_object(ROOT, id, ObjType::Map).expect("put");
    for (field, value) in fields {
        doc.put(&obj, field.as_str(), value.as_str()).expect("put");
    }
    doc.commit();
    obj
}

/// The same records as the benchmark binder (from the same generators), one change each, then
/// edits up to the same 20,000 changes; and the foreign member's 10,000 changes on a fork.
fn automerge_doc() -> (Vec<u8>, Vec<automerge::Change>, usize) {
    let mut doc = AutoCommit::new();
    let contacts: Vec<_> = (0..5000)
        .map(|i| put_record(&mut doc, format!("contact-{i}"), &common::contact(i)))
        .collect();
    for i in 0..500 {
        put_record(&mut doc, format!("vendor-{i}"), &common::vendor(i));
    }
    for i in 0..300 {
        put_record(&mut doc, format!("section-{i}"), &common::section(i));
    }
    for i in 0..1550 {
        put_record(
            &mut doc,
            format!("item-{i}"),
            &kv(&[("text", common::item_text(i % 30))]),
        );
    }
    let mut n = 0;
    while doc.get_heads().len() == 1 && n < 20_000 - 7350 {
        doc.put(
            &contacts[n % 5000],
            "notes",
            format!("Checked by phone, revision {n}."),
        )
        .expect("put");
        doc.commit();
        n += 1;
    }
    let base = 7350 + n;
    let saved = doc.save();
    let mut fork = doc.fork();
    let before = fork.get_heads();
    for n in 0..FOREIGN {
        let (contact, field, value) = foreign_edit(n);
        fork.put(&contacts[contact], field, value).expect("put");
        fork.commit();
    }
    let changes = fork.get_changes(&before);
    assert_eq!(changes.len(), FOREIGN);
    (saved, changes, base)
}

fn automerge_apply_once(saved: &[u8], changes: &[automerge::Change], batch: bool) -> Duration {
    let mut doc = AutoCommit::load(saved).expect("load");
    let changes = changes.to_vec();
    let start = Instant::now();
    if batch {
        doc.apply_changes_batch(changes).expect("apply");
    } else {
        doc.apply_changes(changes).expect("apply");
    }
    start.elapsed()
}

fn main() {
    let ours = ours();
    let (saved, changes, am_base) = automerge_doc();
    let (mut mine, mut one, mut batch) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        mine.push(ours.time_once());
        one.push(automerge_apply_once(&saved, &changes, false));
        batch.push(automerge_apply_once(&saved, &changes, true));
    }
    let (merge, am_one, am_batch) = (median(mine), median(one), median(batch));
    let am_best = am_one.min(am_batch);
    println!("| measure | median of {RUNS} alternating rounds |");
    println!("|---|---|");
    println!(
        "| binder: merge {} foreign change sets into a binder of {} change sets (verify signatures, chains, membership; fold; conflicts; search index) | {} |",
        ours.foreign.len(),
        ours.base,
        ms(merge)
    );
    println!(
        "| automerge 0.12: `apply_changes` of the equivalent {FOREIGN} changes to a document of {am_base} changes | {} |",
        ms(am_one)
    );
    println!(
        "| automerge 0.12: `apply_changes_batch` of the same | {} |",
        ms(am_batch)
    );
    println!(
        "| **ratio automerge (faster of the two) / binder** | **{:.2}×** (goal ≥ 3×) |",
        am_best.as_secs_f64() / merge.as_secs_f64()
    );
}
