//! Full-text search over the live records, and keeping its index in step with the fold.

use super::*;

/// What a reindex does to the search index, gathered first and written at once.
#[derive(Default)]
struct Changes {
    /// Search rows whose old text goes.
    remove: BTreeSet<i64>,
    /// ... and that are gone for good.
    forget: BTreeSet<i64>,
    /// Row → its new text.
    replace: BTreeMap<i64, String>,
    /// (record, field) → the text of a new row.
    add: BTreeMap<(i64, String), String>,
}

impl Changes {
    /// Deletions first, then insertions (see [`reindex`]).
    fn write(&self, conn: &Connection) -> Result<()> {
        let mut delete = conn.prepare_cached("DELETE FROM search WHERE rowid = ?1")?;
        for row in &self.remove {
            delete.execute([row])?;
        }
        let mut drop_row = conn.prepare_cached("DELETE FROM search_rows WHERE rowid = ?1")?;
        for row in &self.forget {
            drop_row.execute([row])?;
        }
        let mut insert = conn.prepare_cached("INSERT INTO search(rowid, body) VALUES (?1, ?2)")?;
        for (row, text) in &self.replace {
            insert.execute(params![row, text])?;
        }
        let mut new_row =
            conn.prepare_cached("INSERT INTO search_rows(rid, field) VALUES (?1, ?2)")?;
        for ((rid, field), text) in &self.add {
            new_row.execute(params![rid, field])?;
            insert.execute(params![conn.last_insert_rowid(), text])?;
        }
        Ok(())
    }
}

/// Brings the derived rows of the touched (record, field)s up to date, given each one's value
/// now in force: the record's deleted flag, and one search row per searchable field, so an
/// edit re-tokenizes only that field (and keeps its row id). All search deletions come before
/// all insertions: FTS5 flushes pending inserts to a new segment when a row is deleted.
pub(super) fn reindex(
    conn: &Connection,
    touched: &BTreeMap<(String, String), Option<String>>,
) -> Result<()> {
    let mut c = Changes::default();
    let mut record = conn.prepare_cached("SELECT rid, kind, deleted FROM records WHERE id = ?1")?;
    let mut row_of =
        conn.prepare_cached("SELECT rowid FROM search_rows WHERE rid = ?1 AND field = ?2")?;
    let mut rows_of = conn.prepare_cached("SELECT rowid FROM search_rows WHERE rid = ?1")?;
    let mut all_fields =
        conn.prepare_cached("SELECT field, value FROM fields WHERE id = ?1 AND value IS NOT NULL")?;
    let mut last_id: Option<&str> = None;
    let (mut rid, mut kind_def, mut deleted): (i64, Option<&'static KindDef>, bool) =
        (0, None, false);
    // "_deleted" sorts before every field name, so a record's deletion state is known first.
    for ((id, field), text) in touched {
        if last_id != Some(id.as_str()) {
            let (r, kind, d): (i64, String, bool) =
                record.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            (rid, kind_def, deleted) = (r, catalog::kind(&kind).ok(), d);
            last_id = Some(id);
        }
        if field == DELETED_FIELD {
            let now_deleted = text.as_deref() == Some("true");
            if now_deleted == deleted {
                continue;
            }
            conn.prepare_cached("UPDATE records SET deleted = ?2 WHERE rid = ?1")?
                .execute(params![rid, now_deleted])?;
            deleted = now_deleted;
            // Deleted: nothing of it is found. Restored: every searchable field is found again.
            for row in rows_of
                .query_map([rid], |r| r.get::<_, i64>(0))?
                .collect::<std::result::Result<Vec<_>, _>>()?
            {
                c.remove.insert(row);
                c.forget.insert(row);
            }
            if !deleted {
                let mut rows = all_fields.query([id])?;
                while let Some(r) = rows.next()? {
                    let f: String = r.get(0)?;
                    if kind_def.and_then(|k| k.field(&f)).is_some_and(|d| d.search) {
                        c.add.insert((rid, f), r.get(1)?);
                    }
                }
            }
            continue;
        }
        if !kind_def
            .and_then(|k| k.field(field))
            .is_some_and(|d| d.search)
        {
            continue;
        }
        let text = text.clone().filter(|t| !t.is_empty() && !deleted);
        match (
            row_of
                .query_row(params![rid, field], |r| r.get::<_, i64>(0))
                .optional()?,
            text,
        ) {
            (Some(row), Some(text)) if !c.forget.contains(&row) => {
                c.remove.insert(row);
                c.replace.insert(row, text);
            }
            (Some(row), None) => {
                c.remove.insert(row);
                c.forget.insert(row);
            }
            (Some(_), Some(text)) | (None, Some(text)) => {
                c.add.insert((rid, field.clone()), text);
            }
            (None, None) => {}
        }
    }
    c.write(conn)
}

impl Store {
    /// Full-text search over the searchable fields of live records. Every word must match
    /// (as a prefix, ignoring case and accents: "oberg" finds "Öberg").
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<Hit>> {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| format!("\"{w}\"*"))
            .collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        // Each searchable field is its own row, so every word is matched on its own and the
        // records having them all are kept, ranked by the sum of their best per-word ranks.
        let mut scores: Option<std::collections::HashMap<i64, f64>> = None;
        let mut stmt = self.conn.prepare_cached(
            "SELECT sr.rid, min(s.rank) FROM search s JOIN search_rows sr ON sr.rowid = s.rowid
             WHERE search MATCH ?1 GROUP BY sr.rid",
        )?;
        for word in &words {
            let mut found = std::collections::HashMap::new();
            let mut rows = stmt.query([word])?;
            while let Some(r) = rows.next()? {
                let (rid, rank): (i64, f64) = (r.get(0)?, r.get(1)?);
                match &scores {
                    Some(prev) => {
                        if let Some(p) = prev.get(&rid) {
                            found.insert(rid, p + rank);
                        }
                    }
                    None => {
                        found.insert(rid, rank);
                    }
                }
            }
            scores = Some(found);
        }
        let mut ranked: Vec<(i64, f64)> = scores.unwrap_or_default().into_iter().collect();
        ranked.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        let mut title = self.conn.prepare_cached(
            "SELECT r.kind, r.id, coalesce(f.value, '') FROM records r
             LEFT JOIN fields f ON f.id = r.id AND f.field = (SELECT value FROM temp.kind_titles WHERE kind = r.kind)
             WHERE r.rid = ?1",
        )?;
        ranked
            .into_iter()
            .take(limit)
            .map(|(rid, _)| {
                title
                    .query_row([rid], |r| {
                        Ok(Hit {
                            kind: r.get(0)?,
                            id: r.get(1)?,
                            title: r.get(2)?,
                        })
                    })
                    .map_err(StoreError::from)
            })
            .collect()
    }

    /// Session-only helpers, kept in memory (temp_store) so the saved file has no extra table.
    pub(super) fn prepare_session(&self) -> Result<()> {
        self.conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS kind_titles(kind TEXT PRIMARY KEY, value TEXT)",
        )?;
        for k in KINDS {
            self.conn.execute(
                "INSERT OR REPLACE INTO kind_titles(kind, value) VALUES (?1, ?2)",
                [k.name, k.title],
            )?;
        }
        Ok(())
    }
}
