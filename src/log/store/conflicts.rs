//! Conflicts: concurrent writes of one field, kept side by side until someone settles them.

use super::*;

/// One write to a field, with what its author had seen.
pub(super) struct Write {
    actor: String,
    seq: i64,
    hlc: i64,
    deps: BTreeMap<String, u64>,
    value: Option<String>,
}

impl Write {
    /// Whether `self` was seen by the author of `later` when they wrote.
    fn happened_before(&self, later: &Write) -> bool {
        if self.actor == later.actor {
            return self.seq < later.seq;
        }
        later
            .deps
            .get(&self.actor)
            .is_some_and(|&s| s as i64 >= self.seq)
    }
}

/// Recomputes the conflicts of one field as a pure function of all writes to it: the writes
/// nobody has seen yet (the frontier), other than the winner, are kept beside it. A write that has seen them all (a resolution) clears them.
pub(super) fn recompute_conflicts(
    conn: &Connection,
    fields: &BTreeSet<(String, String)>,
) -> Result<()> {
    // One pass over the log for all the fields to look at (the log has no per-record index:
    // keeping one up to date cost more on every write than this pass costs on the rare merge
    // that needs it).
    conn.execute_batch("CREATE TEMP TABLE IF NOT EXISTS recheck(id TEXT, field TEXT, PRIMARY KEY(id, field)) WITHOUT ROWID; DELETE FROM temp.recheck;")?;
    {
        let mut insert =
            conn.prepare_cached("INSERT INTO temp.recheck(id, field) VALUES (?1, ?2)")?;
        for (id, field) in fields {
            insert.execute(params![id, field])?;
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.field, o.actor, o.seq, c.hlc, c.deps, o.value
         FROM ops o JOIN temp.recheck k ON k.id = o.id AND k.field = o.field JOIN changes c USING (actor, seq)
         ORDER BY o.id, o.field, o.actor, o.seq, o.idx",
    )?;
    let mut rows = stmt.query([])?;
    let mut by_field: BTreeMap<(String, String), Vec<Write>> = BTreeMap::new();
    while let Some(r) = rows.next()? {
        let w = Write {
            actor: r.get(2)?,
            seq: r.get(3)?,
            hlc: r.get(4)?,
            deps: serde_json::from_str(&r.get::<_, String>(5)?)?,
            value: r.get(6)?,
        };
        let writes = by_field.entry((r.get(0)?, r.get(1)?)).or_default();
        // Within one change set the last op on a field is the one that counts.
        match writes.last_mut() {
            Some(last) if last.actor == w.actor && last.seq == w.seq => *last = w,
            _ => writes.push(w),
        }
    }
    let mut clear = conn.prepare_cached("DELETE FROM conflicts WHERE id = ?1 AND field = ?2")?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO conflicts(id, field, actor, seq, hlc, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (id, field) in fields {
        clear.execute(params![id, field])?;
        let writes = by_field
            .get(&(id.clone(), field.clone()))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let Some(winner) = writes
            .iter()
            .max_by(|a, b| (a.hlc, &a.actor, a.seq).cmp(&(b.hlc, &b.actor, b.seq)))
        else {
            continue;
        };
        for w in writes {
            let superseded = writes.iter().any(|other| w.happened_before(other));
            // Equal values are kept too (and hidden when listed): they mark the field as written
            // concurrently, so the next write to it is checked again.
            if std::ptr::eq(w, winner) || superseded {
                continue;
            }
            insert.execute(params![id, field, w.actor, w.seq, w.hlc, w.value])?;
        }
    }
    Ok(())
}

impl Store {
    /// Every unresolved conflict: the winning value of a field and the concurrent values it beat.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let name_of = "coalesce((SELECT value FROM fields WHERE id = 'member-' || {a} AND field = 'name'), {a})";
        let sql = format!(
            "SELECT k.id, r.kind, k.field, k.actor, {}, k.hlc, k.seq, f.actor, {}, f.hlc, f.seq
             FROM conflicts k JOIN fields f ON f.id = k.id AND f.field = k.field JOIN records r ON r.id = k.id
             ORDER BY k.id, k.field, k.hlc",
            name_of.replace("{a}", "k.actor"),
            name_of.replace("{a}", "f.actor"),
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        let mut out: Vec<Conflict> = Vec::new();
        let version =
            |value: Option<String>, actor: String, who: String, hlc: i64| -> Result<Version> {
                Ok(Version {
                    value: value.map(|v| serde_json::from_str(&v)).transpose()?,
                    actor,
                    who,
                    time: catalog::format_datetime(crate::log::changelog::hlc_time(hlc as u64)),
                })
            };
        while let Some(r) = rows.next()? {
            let (id, kind, field): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let loser = version(
                self.op_json(&r.get::<_, String>(3)?, r.get(6)?, &id, &field)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            )?;
            if let Some(last) = out.last_mut().filter(|c| c.id == id && c.field == field) {
                if last.winner.value != loser.value {
                    last.others.push(loser);
                }
                continue;
            }
            let winner_actor: String = r.get(7)?;
            let winner = version(
                self.op_json(&winner_actor, r.get(10)?, &id, &field)?,
                winner_actor,
                r.get(8)?,
                r.get(9)?,
            )?;
            let title = self.record(&id)?.map(|rec| rec.title()).unwrap_or_default();
            let others = if winner.value == loser.value {
                Vec::new()
            } else {
                vec![loser]
            };
            out.push(Conflict {
                id,
                kind,
                title,
                field,
                winner,
                others,
            });
        }
        // Concurrent writes of the same value are no conflict to a person.
        out.retain(|c| !c.others.is_empty());
        Ok(out)
    }

    /// The JSON value change (actor, seq) wrote to a field (exact, unlike `fields.value`).
    pub(super) fn op_json(
        &self,
        actor: &str,
        seq: i64,
        id: &str,
        field: &str,
    ) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT value FROM ops WHERE actor = ?1 AND seq = ?2 AND id = ?3 AND field = ?4 ORDER BY idx DESC LIMIT 1",
            )?
            .query_row(params![actor, seq, id, field], |r| r.get(0))
            .optional()?
            .flatten())
    }
}
