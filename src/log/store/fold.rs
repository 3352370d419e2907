//! Folding change sets into the state: the log, last writer wins per field, conflicts and the
//! search index touched only where a write may be concurrent.

use super::conflicts::recompute_conflicts;
use super::search::reindex;
use super::*;

impl Store {
    /// Adds change sets to the log and folds them into the state. Change sets already present
    /// are skipped. The fold is last-writer-wins per field on (hlc, actor), so the result does
    /// not depend on the order change sets arrive in. Returns how many were new.
    pub fn apply(&mut self, changes: &[ChangeSet]) -> Result<usize> {
        let hashes: Vec<String> = changes.iter().map(ChangeSet::hash).collect();
        self.apply_hashed(changes, &hashes)
    }

    /// [`Store::apply`] with each change's hash already computed (the merge plan has them).
    pub fn apply_hashed(&mut self, changes: &[ChangeSet], hashes: &[String]) -> Result<usize> {
        check_batch(&self.binder_id()?, changes)?;
        self.authority_written(changes);
        let tx = self.conn.transaction()?;
        let mut new_heads: BTreeMap<&str, (u64, &str, u64)> = BTreeMap::new();
        let mut added = 0;
        let (recheck, touched_fields) = {
            let mut fold = Fold::new(&tx)?;
            let mut insert_change = tx.prepare_cached(
                "INSERT OR IGNORE INTO changes(actor, seq, hlc, deps, prev_hash, signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (c, hash) in changes.iter().zip(hashes) {
                let inserted = insert_change.execute(params![
                    c.actor,
                    c.seq as i64,
                    c.hlc as i64,
                    serde_json::to_string(&c.deps)?,
                    unhex(&c.prev_hash)?,
                    unhex(&c.signature)?,
                ])?;
                if inserted == 0 {
                    continue; // already in the log
                }
                added += 1;
                let head =
                    new_heads
                        .entry(c.actor.as_str())
                        .or_insert((c.seq, hash.as_str(), c.hlc));
                if c.seq > head.0 {
                    *head = (c.seq, hash.as_str(), head.2.max(c.hlc));
                } else {
                    head.2 = head.2.max(c.hlc);
                }
                for (idx, op) in c.ops.iter().enumerate() {
                    fold.op(c, idx, op)?;
                }
            }
            (fold.recheck, fold.touched_fields)
        };
        advance_heads(&tx, &new_heads)?;
        if !recheck.is_empty() {
            recompute_conflicts(&tx, &recheck)?;
        }
        reindex(&tx, &touched_fields)?;
        tx.commit()?;
        Ok(added)
    }
}

/// Refuses a batch holding a change of another binder, or an op whose kind is not its id's.
fn check_batch(binder_id: &str, changes: &[ChangeSet]) -> Result<()> {
    if let Some(c) = changes.iter().find(|c| c.binder_id != binder_id) {
        return Err(StoreError::ForeignChange {
            actor: c.actor.clone(),
            seq: c.seq,
        });
    }
    for c in changes {
        if let Some(op) = c
            .ops
            .iter()
            .find(|o| catalog::kind_of_id(&o.id).is_none_or(|k| k.name != o.kind))
        {
            return Err(StoreError::Mislabelled {
                actor: c.actor.clone(),
                seq: c.seq,
                id: op.id.clone(),
                kind: op.kind.clone(),
            });
        }
    }
    Ok(())
}

/// Each actor's head moves to its highest sequence number seen, its clock to the latest.
fn advance_heads(
    tx: &rusqlite::Transaction<'_>,
    new_heads: &BTreeMap<&str, (u64, &str, u64)>,
) -> Result<()> {
    let mut advance_head = tx.prepare_cached(
        "INSERT INTO heads(actor, seq, hash, max_hlc) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(actor) DO UPDATE SET
             seq = iif(excluded.seq > heads.seq, excluded.seq, heads.seq),
             hash = iif(excluded.seq > heads.seq, excluded.hash, heads.hash),
             max_hlc = max(heads.max_hlc, excluded.max_hlc)",
    )?;
    for (actor, (seq, hash, hlc)) in new_heads {
        advance_head.execute(params![actor, *seq as i64, hash, *hlc as i64])?;
    }
    Ok(())
}

/// Folding one batch's ops: the statements, and what the batch touched.
struct Fold<'t> {
    insert_op: rusqlite::CachedStatement<'t>,
    fold: rusqlite::CachedStatement<'t>,
    insert_record: rusqlite::CachedStatement<'t>,
    winner: rusqlite::CachedStatement<'t>,
    /// Fields in conflict before the batch (few: knowing them up front saves a lookup per op).
    in_conflict: BTreeSet<(String, String)>,
    /// Records touched.
    touched: BTreeSet<String>,
    /// The value now in force of every field an op won, for the search index.
    touched_fields: BTreeMap<(String, String), Option<String>>,
    /// Fields whose conflicts need a second look.
    recheck: BTreeSet<(String, String)>,
}

impl<'t> Fold<'t> {
    fn new(tx: &'t rusqlite::Transaction<'_>) -> Result<Fold<'t>> {
        let in_conflict: BTreeSet<(String, String)> = {
            let mut stmt = tx.prepare_cached("SELECT DISTINCT id, field FROM conflicts")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        Ok(Fold {
            insert_op: tx.prepare_cached(
                "INSERT INTO ops(actor, seq, idx, kind, id, field, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
            fold: tx.prepare_cached(
                // (hlc, actor) decides; seq only breaks a tie a correct writer never makes (one
                // actor reusing a clock value), and `>=` lets a later op of one change set win.
                "INSERT INTO fields(id, field, value, hlc, actor, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(id, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc,
                     actor = excluded.actor, seq = excluded.seq
                 WHERE (excluded.hlc, excluded.actor, excluded.seq) >= (fields.hlc, fields.actor, fields.seq)",
            )?,
            insert_record: tx
                .prepare_cached("INSERT OR IGNORE INTO records(kind, id) VALUES (?1, ?2)")?,
            winner: tx.prepare_cached(
                "SELECT hlc, actor, seq FROM fields WHERE id = ?1 AND field = ?2",
            )?,
            in_conflict,
            touched: BTreeSet::new(),
            touched_fields: BTreeMap::new(),
            recheck: BTreeSet::new(),
        })
    }

    /// Logs op `idx` of change `c` and folds it in if it wins its field.
    fn op(&mut self, c: &ChangeSet, idx: usize, op: &Op) -> Result<()> {
        let json = op.value.as_ref().map(serde_json::to_string).transpose()?;
        self.insert_op.execute(params![
            c.actor,
            c.seq as i64,
            idx as i64,
            op.kind,
            op.id,
            op.field,
            json
        ])?;
        // Conflicts need a second look only where writes may be concurrent: the op loses,
        // replaces a value it had not seen, or lands on a field in conflict.
        let previous = self
            .winner
            .query_row(params![op.id, op.field], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })
            .optional()?;
        let mut wins = true;
        if let Some((hlc, actor, seq)) = previous {
            // (A field already marked for a recheck in this batch is covered too.)
            let key = (op.id.clone(), op.field.clone());
            let in_conflict = self.in_conflict.contains(&key) || self.recheck.contains(&key);
            wins = (c.hlc as i64, c.actor.as_str(), c.seq as i64) >= (hlc, actor.as_str(), seq);
            // A write that had seen the value in force supersedes it: nothing concurrent.
            let saw_it = actor == c.actor || c.deps.get(&actor).is_some_and(|&s| s as i64 >= seq);
            if op.field != DELETED_FIELD && (!wins || !saw_it || in_conflict) {
                self.recheck.insert(key);
            }
        }
        if self.touched.insert(op.id.clone()) {
            self.insert_record.execute(params![op.kind, op.id])?;
        }
        if !wins {
            return Ok(()); // the value in force stays, and so does its search row
        }
        let text = stored_text(op);
        self.fold.execute(params![
            op.id,
            op.field,
            text,
            c.hlc as i64,
            c.actor,
            c.seq as i64
        ])?;
        self.touched_fields
            .insert((op.id.clone(), op.field.clone()), text);
        Ok(())
    }
}
