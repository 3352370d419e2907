//! The in-memory SQLite database of an open binder: the change log, and the state folded from it.
//!
//! Tables: `changes` and `ops` hold the signed log; `fields` holds, per (record, field), the
//! winning value with its (hlc, actor); `records` and the FTS5 `search` index are derived from
//! `fields`. One read-only view per kind (generated from the catalog) makes the decrypted file
//! readable with the plain `sqlite3` tool. The database never touches disk: it is built from and
//! serialized to bytes that `vault` encrypts. This module does no cryptography.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::catalog::{self, DELETED_FIELD, KINDS, KindDef, Value};
use crate::log::changelog::{ChangeSet, Op};

/// The format this version of the app writes. Older ones are migrated in memory.
pub const FORMAT_VERSION: i64 = 1;
/// SQLite `application_id` of a binder ("CBND").
pub const APPLICATION_ID: i64 = 0x4342_4E44;

/// Errors of the database layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The decrypted file is not a Continuity Binder database.
    #[error("the file decrypts, but what is inside is not a Continuity Binder database")]
    NotABinder,
    /// Made by a newer version of the app.
    #[error(
        "this binder was made by a newer version of Continuity Binder (format {0}, this app reads up to {FORMAT_VERSION}); update the app to open it"
    )]
    NewerFormat(i64),
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A change set of another binder was offered to this one.
    #[error("change {actor}#{seq} belongs to another binder")]
    ForeignChange {
        /// Actor.
        actor: String,
        /// Sequence number.
        seq: u64,
    },
    /// A hash or signature is not hex.
    #[error("a change set holds a malformed hash or signature")]
    BadEncoding,
    /// A stored value could not be decoded.
    #[error("stored data is malformed: {0}")]
    Malformed(#[from] serde_json::Error),
    /// The database holds something no binder has (a view over its tables, a trigger, a table
    /// of another shape): a crafted file, refused before any query runs on it.
    #[error(
        "the file decrypts, but its database holds {0}, which no binder has; it was not read (it may have been made to harm)"
    )]
    UnexpectedSchema(String),
    /// A read of the database took longer than any binder needs.
    #[error(
        "reading the database took longer than {0} seconds, which no binder needs; it was set aside"
    )]
    TooSlow(u64),
    /// An op labels a record with another kind than its id names (refused again here, after
    /// merge, so no path stores a record under a borrowed label).
    #[error(
        "change {actor}#{seq} labels record {id} as a {kind} record, which its id does not name"
    )]
    Mislabelled {
        /// Actor.
        actor: String,
        /// Sequence number.
        seq: u64,
        /// The record id.
        id: String,
        /// The label it carried.
        kind: String,
    },
}

type Result<T> = std::result::Result<T, StoreError>;

/// A record as the fold left it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "BinderRecord"))]
pub struct Record {
    /// Kind name.
    pub kind: String,
    /// Record id.
    pub id: String,
    /// Field values (cleared fields are absent), by field name.
    pub fields: BTreeMap<String, Value>,
    /// Whether the record is deleted.
    pub deleted: bool,
}

impl Record {
    /// The record's title, from the kind's title field.
    pub fn title(&self) -> String {
        let title_field = catalog::kind(&self.kind).map(|k| k.title).unwrap_or("name");
        self.fields
            .get(title_field)
            .map(Value::display)
            .unwrap_or_default()
    }

    /// A field's value as text ("" when empty).
    pub fn text(&self, field: &str) -> String {
        self.fields
            .get(field)
            .map(Value::display)
            .unwrap_or_default()
    }

    /// A yes/no field's value (a [`catalog::FieldType::Bool`]; empty is no).
    pub fn flag(&self, field: &str) -> bool {
        self.text(field) == catalog::yes_no(true)
    }
}

/// A search result.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Hit {
    /// Kind name.
    pub kind: String,
    /// Record id.
    pub id: String,
    /// Record title.
    pub title: String,
}

/// One value of a field in conflict: what, by whom, when.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Version {
    /// The value (None = cleared).
    pub value: Option<Value>,
    /// Actor key id.
    pub actor: String,
    /// The actor's member name (or key id).
    pub who: String,
    /// When, RFC 3339.
    pub time: String,
}

/// A field two members changed at the same time without seeing each other's change.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Conflict {
    /// Record id.
    pub id: String,
    /// Kind.
    pub kind: String,
    /// Record title.
    pub title: String,
    /// Field.
    pub field: String,
    /// The value in force (the later write by clock).
    pub winner: Version,
    /// The concurrent values it beat, kept until someone resolves.
    pub others: Vec<Version>,
}

/// One field change in a record's history.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryEntry {
    /// When (from the HLC), RFC 3339.
    pub time: String,
    /// Actor key id.
    pub actor: String,
    /// The actor's member name, when known.
    pub who: String,
    /// Change set sequence number of the actor.
    pub seq: u64,
    /// Record id.
    pub id: String,
    /// Field.
    pub field: String,
    /// New value (None = cleared).
    pub value: Option<Value>,
}

/// One folded field: (record id, field, stored value, hlc, actor).
pub type StateRow = (String, String, Option<String>, i64, String);

/// The open database.
pub struct Store {
    conn: Connection,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Store { .. }")
    }
}

/// A bound on the time queries on a store may take (see [`Store::deadline`]); dropping it
/// lifts the bound.
pub struct Deadline {
    _cancel: std::sync::mpsc::Sender<()>,
    limit: std::time::Duration,
}

impl Deadline {
    /// `error`, said as "took too long" when the deadline interrupted it.
    pub fn explain(&self, error: StoreError) -> StoreError {
        match &error {
            StoreError::Sqlite(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) =>
            {
                StoreError::TooSlow(self.limit.as_secs().max(1))
            }
            _ => error,
        }
    }
}

/// Every table, index, view and trigger of a database: (type, name, SQL).
fn schema_of(conn: &Connection) -> rusqlite::Result<Vec<(String, String, String)>> {
    let mut stmt = conn
        .prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

/// The tables and indexes of a new binder of this format, made once.
fn reference_schema() -> Result<&'static [(String, String, String)]> {
    static SCHEMA: std::sync::OnceLock<Vec<(String, String, String)>> = std::sync::OnceLock::new();
    if let Some(s) = SCHEMA.get() {
        return Ok(s.as_slice());
    }
    let fresh = Store::create("reference")?;
    let mut found = schema_of(&fresh.conn)?;
    found.retain(|(ty, _, _)| ty != "view");
    Ok(SCHEMA.get_or_init(|| found).as_slice())
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn open_memory() -> Result<Connection> {
    // Before SQLite's first use: every block it frees (the plan's pages) is wiped.
    harden::wipe_sqlite_memory();
    let conn = Connection::open_in_memory()?;
    // Temporary tables and sort spills stay in memory: nothing of the plan may reach disk.
    // All pages stay in SQLite's page cache (the database is in memory anyway), and every hot
    // statement stays prepared: the default cache of 16 is smaller than the fold's set.
    conn.execute_batch("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// Whether SQLite wipes the memory it frees in this process (see `harden`): true unless
/// something used SQLite before the first binder was opened.
pub fn memory_is_wiped() -> bool {
    harden::wipe_sqlite_memory()
}

impl Store {
    /// A new empty binder database.
    pub fn create(binder_id: &str) -> Result<Store> {
        let conn = open_memory()?;
        conn.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID};
             PRAGMA user_version = {FORMAT_VERSION};
             CREATE TABLE conflicts(id TEXT NOT NULL, field TEXT NOT NULL, actor TEXT NOT NULL,
                 seq INTEGER NOT NULL, hlc INTEGER NOT NULL, value TEXT,
                 PRIMARY KEY(id, field, actor, seq)) WITHOUT ROWID;
             CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
             CREATE TABLE changes(actor TEXT NOT NULL, seq INTEGER NOT NULL, hlc INTEGER NOT NULL,
                 deps TEXT NOT NULL, prev_hash BLOB NOT NULL, signature BLOB NOT NULL,
                 PRIMARY KEY(actor, seq)) WITHOUT ROWID;
             CREATE TABLE heads(actor TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL,
                 max_hlc INTEGER NOT NULL) WITHOUT ROWID;
             CREATE TABLE ops(actor TEXT NOT NULL, seq INTEGER NOT NULL, idx INTEGER NOT NULL,
                 kind TEXT NOT NULL, id TEXT NOT NULL, field TEXT NOT NULL, value TEXT,
                 PRIMARY KEY(actor, seq, idx)) WITHOUT ROWID;
             CREATE TABLE records(rid INTEGER PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL UNIQUE,
                 deleted INTEGER NOT NULL DEFAULT 0);
             CREATE INDEX records_by_kind ON records(kind, deleted);
             CREATE TABLE fields(id TEXT NOT NULL, field TEXT NOT NULL, value TEXT,
                 hlc INTEGER NOT NULL, actor TEXT NOT NULL, seq INTEGER NOT NULL,
                 PRIMARY KEY(id, field)) WITHOUT ROWID;
             CREATE TABLE search_rows(rowid INTEGER PRIMARY KEY, rid INTEGER NOT NULL, field TEXT NOT NULL,
                 UNIQUE(rid, field));
             CREATE VIRTUAL TABLE search USING fts5(body, content='', contentless_delete=1,
                 detail=none, tokenize='unicode61 remove_diacritics 2');
             -- Edits replace rows often; merge segments on the normal schedule, not eagerly
             -- whenever a tenth of one is tombstoned (searches skip tombstones either way).
             INSERT INTO search(search, rank) VALUES('deletemerge', 100);"
        ))?;
        conn.execute(
            "INSERT INTO meta(key, value) VALUES ('binder_id', ?1)",
            [binder_id],
        )?;
        let store = Store { conn };
        store.create_views()?;
        store.prepare_session()?;
        Ok(store)
    }

    /// One view per kind, so `sqlite3` shows `SELECT * FROM contact` as a person expects.
    fn create_views(&self) -> Result<()> {
        let mut sql = String::new();
        for kind in KINDS {
            let columns: Vec<String> = kind
                .fields()
                .map(|f| {
                    format!(
                        "(SELECT value FROM fields f WHERE f.id = r.id AND f.field = '{}') AS {}",
                        f.name,
                        quote(f.name)
                    )
                })
                .collect();
            sql.push_str(&format!(
                "DROP VIEW IF EXISTS {name}; CREATE VIEW {name} AS SELECT r.id AS id, {cols} FROM records r WHERE r.kind = '{kind}' AND r.deleted = 0;\n",
                name = quote(kind.name),
                cols = columns.join(", "),
                kind = kind.name,
            ));
        }
        self.conn.execute_batch(&sql)?;
        Ok(())
    }

    /// Loads a decrypted SQLite image into memory, checking it is a binder this app can read.
    pub fn from_image(image: &[u8]) -> Result<Store> {
        Store::from_reader(image, image.len())
    }

    /// Loads a SQLite image of `len` bytes read from `reader` (e.g. straight out of the
    /// decryptor) into memory, checking it is a binder this app can read.
    pub fn from_reader(reader: impl std::io::Read, len: usize) -> Result<Store> {
        let mut conn = open_memory()?;
        conn.deserialize_read_exact(rusqlite::MAIN_DB, reader, len, false)
            .map_err(|_| StoreError::NotABinder)?;
        let header_ok = |conn: &Connection| -> rusqlite::Result<(i64, i64)> {
            let app = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
            let version = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            Ok((app, version))
        };
        let (app, version) = header_ok(&conn).map_err(|_| StoreError::NotABinder)?;
        if app != APPLICATION_ID {
            return Err(StoreError::NotABinder);
        }
        if version > FORMAT_VERSION {
            return Err(StoreError::NewerFormat(version));
        }
        let store = Store { conn };
        store.check_schema()?;
        if version < FORMAT_VERSION {
            store.migrate(version)?;
        }
        store.prepare_session()?;
        Ok(store)
    }

    /// Opens the loaded image defensively before anything reads it: SQLite's defensive mode,
    /// no trust in functions named by the schema, no triggers, and exactly the tables and
    /// indexes a binder of this format has. The file's views are dropped and made again from
    /// the catalog, so a view planted over a table (an endless query) is never run.
    fn check_schema(&self) -> Result<()> {
        use rusqlite::config::DbConfig;
        self.conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
        self.conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
        let found = schema_of(&self.conn).map_err(|_| StoreError::NotABinder)?;
        if let Some((_, name, _)) = found.iter().find(|(ty, _, _)| ty == "trigger") {
            return Err(StoreError::UnexpectedSchema(format!("a trigger ({name})")));
        }
        let expected = reference_schema()?;
        let tables: Vec<&(String, String, String)> =
            found.iter().filter(|(ty, _, _)| ty != "view").collect();
        for object in &tables {
            if !expected.contains(*object) {
                let (ty, name, _) = object;
                return Err(StoreError::UnexpectedSchema(format!(
                    "a {ty} \"{name}\" not of a binder's shape"
                )));
            }
        }
        for object in expected {
            if !tables.contains(&object) {
                let (ty, name, _) = object;
                return Err(StoreError::UnexpectedSchema(format!("no {ty} \"{name}\"")));
            }
        }
        let views: Vec<&String> = found
            .iter()
            .filter(|(ty, _, _)| ty == "view")
            .map(|(_, name, _)| name)
            .collect();
        if !views.is_empty() {
            let drop: String = views
                .iter()
                .map(|v| format!("DROP VIEW {};", quote(v)))
                .collect();
            self.conn.execute_batch(&drop)?;
            self.create_views()?;
        }
        Ok(())
    }

    /// Makes every query on this store fail once `limit` has passed, until the returned guard
    /// is dropped: a bound on the time a file from elsewhere can hold the reader.
    pub fn deadline(&self, limit: std::time::Duration) -> Deadline {
        let handle = self.conn.get_interrupt_handle();
        let (cancel, wait) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(limit) {
                handle.interrupt();
            }
        });
        Deadline {
            _cancel: cancel,
            limit,
        }
    }

    /// Brings an older format up to date, in memory; the next save writes it migrated.
    fn migrate(&self, from: i64) -> Result<()> {
        // Format 1 is the first; later formats add their steps here, keyed on `from`.
        let _ = from;
        self.create_views()?;
        self.conn
            .execute_batch(&format!("PRAGMA user_version = {FORMAT_VERSION};"))?;
        Ok(())
    }

    /// The database image to encrypt and save.
    pub fn image(&mut self) -> Result<Vec<u8>> {
        let data = self.conn.serialize(rusqlite::MAIN_DB)?;
        Ok(data.to_vec())
    }

    /// Runs `f` with the database image, without copying it.
    pub fn with_image<T>(&mut self, f: impl FnOnce(&[u8]) -> T) -> Result<T> {
        let data = self.conn.serialize(rusqlite::MAIN_DB)?;
        Ok(f(&data))
    }

    /// A value from the `meta` table.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Calls `f(kind, id, field, stored text)` for every set field of every live record of the
    /// given kinds, ordered by id and field (the stored text is canonical: lists as JSON). One
    /// pass over the fields in their primary-key order.
    pub fn each_live_field(
        &self,
        kinds: &[&str],
        mut f: impl FnMut(&str, &str, &str, &str),
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.kind, f.id, f.field, f.value FROM fields f JOIN records r ON r.id = f.id
             WHERE r.deleted = 0 AND f.value IS NOT NULL ORDER BY f.id, f.field",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let kind = row.get_ref(0)?.as_str().unwrap_or_default();
            if kinds.contains(&kind) {
                f(
                    kind,
                    row.get_ref(1)?.as_str().unwrap_or_default(),
                    row.get_ref(2)?.as_str().unwrap_or_default(),
                    row.get_ref(3)?.as_str().unwrap_or_default(),
                );
            }
        }
        Ok(())
    }

    /// Sets a local value in the `meta` table (not part of the change log: each copy has its own).
    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    /// The binder's id.
    pub fn binder_id(&self) -> Result<String> {
        self.meta("binder_id")?.ok_or(StoreError::NotABinder)
    }

    /// Whether the change set (actor, seq) is already in the log.
    pub fn has_change(&self, actor: &str, seq: u64) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM changes WHERE actor = ?1 AND seq = ?2",
                params![actor, seq as i64],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Adds change sets to the log and folds them into the state. Change sets already present
    /// are skipped. The fold is last-writer-wins per field on (hlc, actor), so the result does
    /// not depend on the order change sets arrive in. Returns how many were new.
    pub fn apply(&mut self, changes: &[ChangeSet]) -> Result<usize> {
        let hashes: Vec<String> = changes.iter().map(ChangeSet::hash).collect();
        self.apply_hashed(changes, &hashes)
    }

    /// [`Store::apply`] with each change's hash already computed (the merge plan has them).
    pub fn apply_hashed(&mut self, changes: &[ChangeSet], hashes: &[String]) -> Result<usize> {
        let binder_id = self.binder_id()?;
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
        let tx = self.conn.transaction()?;
        let mut touched = BTreeSet::new();
        // The value now in force of every field an op won, for the search index.
        let mut touched_fields: BTreeMap<(String, String), Option<String>> = BTreeMap::new();
        let mut recheck = BTreeSet::new();
        // Fields in conflict are few; knowing them up front saves a lookup per op.
        let in_conflict: BTreeSet<(String, String)> = {
            let mut stmt = tx.prepare_cached("SELECT DISTINCT id, field FROM conflicts")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        let mut new_heads: BTreeMap<&str, (u64, &str, u64)> = BTreeMap::new();
        let mut added = 0;
        {
            let mut insert_change = tx.prepare_cached(
                "INSERT OR IGNORE INTO changes(actor, seq, hlc, deps, prev_hash, signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut insert_op = tx.prepare_cached(
                "INSERT INTO ops(actor, seq, idx, kind, id, field, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut fold = tx.prepare_cached(
                // (hlc, actor) decides; seq only breaks a tie a correct writer never makes (one
                // actor reusing a clock value), and `>=` lets a later op of one change set win.
                "INSERT INTO fields(id, field, value, hlc, actor, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(id, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc,
                     actor = excluded.actor, seq = excluded.seq
                 WHERE (excluded.hlc, excluded.actor, excluded.seq) >= (fields.hlc, fields.actor, fields.seq)",
            )?;
            let mut insert_record =
                tx.prepare_cached("INSERT OR IGNORE INTO records(kind, id) VALUES (?1, ?2)")?;
            let mut winner = tx.prepare_cached(
                "SELECT hlc, actor, seq FROM fields WHERE id = ?1 AND field = ?2",
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
                    let json = op.value.as_ref().map(serde_json::to_string).transpose()?;
                    insert_op.execute(params![
                        c.actor,
                        c.seq as i64,
                        idx as i64,
                        op.kind,
                        op.id,
                        op.field,
                        json
                    ])?;
                    // Conflicts need a second look only where writes may be concurrent: the op
                    // loses, replaces a value it had not seen, or lands on a field in conflict.
                    let previous = winner
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
                        let in_conflict = in_conflict.contains(&key) || recheck.contains(&key);
                        wins = (c.hlc as i64, c.actor.as_str(), c.seq as i64)
                            >= (hlc, actor.as_str(), seq);
                        // A write that had seen the value in force supersedes it: nothing concurrent.
                        let saw_it = actor == c.actor
                            || c.deps.get(&actor).is_some_and(|&s| s as i64 >= seq);
                        if op.field != DELETED_FIELD && (!wins || !saw_it || in_conflict) {
                            recheck.insert((op.id.clone(), op.field.clone()));
                        }
                    }
                    if touched.insert(op.id.clone()) {
                        insert_record.execute(params![op.kind, op.id])?;
                    }
                    if !wins {
                        continue; // the value in force stays, and so does its search row
                    }
                    let text = stored_text(op);
                    fold.execute(params![
                        op.id,
                        op.field,
                        text,
                        c.hlc as i64,
                        c.actor,
                        c.seq as i64
                    ])?;
                    touched_fields.insert((op.id.clone(), op.field.clone()), text);
                }
            }
        }
        {
            let mut advance_head = tx.prepare_cached(
                "INSERT INTO heads(actor, seq, hash, max_hlc) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(actor) DO UPDATE SET
                     seq = iif(excluded.seq > heads.seq, excluded.seq, heads.seq),
                     hash = iif(excluded.seq > heads.seq, excluded.hash, heads.hash),
                     max_hlc = max(heads.max_hlc, excluded.max_hlc)",
            )?;
            for (actor, (seq, hash, hlc)) in &new_heads {
                advance_head.execute(params![actor, *seq as i64, hash, *hlc as i64])?;
            }
        }
        if !recheck.is_empty() {
            recompute_conflicts(&tx, &recheck)?;
        }
        reindex(&tx, &touched_fields)?;
        tx.commit()?;
        Ok(added)
    }

    /// Every change set in the log, ordered by (actor, seq).
    pub fn changes(&self) -> Result<Vec<ChangeSet>> {
        let binder_id = self.binder_id()?;
        let mut ops: BTreeMap<(String, u64), Vec<Op>> = BTreeMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT actor, seq, kind, id, field, value FROM ops ORDER BY actor, seq, idx",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let value: Option<String> = r.get(5)?;
            ops.entry((r.get(0)?, r.get::<_, i64>(1)? as u64))
                .or_default()
                .push(Op {
                    kind: r.get(2)?,
                    id: r.get(3)?,
                    field: r.get(4)?,
                    value: value.map(|v| serde_json::from_str(&v)).transpose()?,
                });
        }
        let mut stmt = self.conn.prepare(
            "SELECT actor, seq, hlc, deps, prev_hash, signature FROM changes ORDER BY actor, seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let actor: String = r.get(0)?;
            let seq = r.get::<_, i64>(1)? as u64;
            let deps: String = r.get(3)?;
            out.push(ChangeSet {
                ops: ops.remove(&(actor.clone(), seq)).unwrap_or_default(),
                actor,
                seq,
                hlc: r.get::<_, i64>(2)? as u64,
                binder_id: binder_id.clone(),
                deps: serde_json::from_str(&deps)?,
                prev_hash: crate::log::changelog::hex(&r.get::<_, Vec<u8>>(4)?),
                signature: crate::log::changelog::hex(&r.get::<_, Vec<u8>>(5)?),
            });
        }
        Ok(out)
    }

    /// Number of change sets in the log.
    pub fn change_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM changes", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    /// Each actor's newest change set: actor → (seq, hash).
    pub fn heads(&self) -> Result<BTreeMap<String, (u64, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT actor, seq, hash FROM heads")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                (r.get::<_, i64>(1)? as u64, r.get::<_, String>(2)?),
            ))
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// The greatest HLC in the log (0 when empty).
    pub fn max_hlc(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(max_hlc), 0) FROM heads", [], |r| {
                r.get::<_, i64>(0)
            })? as u64)
    }

    /// A record by id (deleted ones too).
    pub fn record(&self, id: &str) -> Result<Option<Record>> {
        let Some((kind, deleted)) = self
            .conn
            .query_row(
                "SELECT kind, deleted FROM records WHERE id = ?1",
                [id],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?)),
            )
            .optional()?
        else {
            return Ok(None);
        };
        let mut record = Record {
            kind,
            id: id.to_string(),
            fields: BTreeMap::new(),
            deleted,
        };
        let kind_def = catalog::kind(&record.kind).ok();
        let mut stmt = self.conn.prepare_cached(
            "SELECT field, value FROM fields WHERE id = ?1 AND value IS NOT NULL",
        )?;
        let mut rows = stmt.query([id])?;
        while let Some(r) = rows.next()? {
            let field: String = r.get(0)?;
            if field == DELETED_FIELD {
                continue;
            }
            let text: String = r.get(1)?;
            record
                .fields
                .insert(field.clone(), decode(kind_def, &field, text));
        }
        Ok(Some(record))
    }

    /// All records of a kind, ordered by id; deleted ones only with `include_deleted`.
    pub fn list(&self, kind: &KindDef, include_deleted: bool) -> Result<Vec<Record>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id, r.deleted, f.field, f.value FROM records r JOIN fields f ON f.id = r.id
             WHERE r.kind = ?1 AND (?2 OR r.deleted = 0) AND f.value IS NOT NULL AND f.field != ?3
             ORDER BY r.id",
        )?;
        let mut rows = stmt.query(params![kind.name, include_deleted, DELETED_FIELD])?;
        let mut out: Vec<Record> = Vec::new();
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            if out.last().is_none_or(|last| last.id != id) {
                out.push(Record {
                    kind: kind.name.to_string(),
                    id: id.clone(),
                    fields: BTreeMap::new(),
                    deleted: r.get(1)?,
                });
            }
            let field: String = r.get(2)?;
            let value = decode(Some(kind), &field, r.get(3)?);
            if let Some(last) = out.last_mut() {
                last.fields.insert(field, value);
            }
        }
        Ok(out)
    }

    /// Ids of live records of `kind` whose title field equals `title` (case-insensitively).
    pub fn ids_by_title(&self, kind: &KindDef, title: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id FROM records r JOIN fields f ON f.id = r.id
             WHERE r.kind = ?1 AND r.deleted = 0 AND f.field = ?2 AND f.value = ?3 COLLATE NOCASE",
        )?;
        let rows = stmt.query_map(params![kind.name, kind.title, title], |r| r.get(0))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Ids of records (any kind) starting with `prefix`, for short ids typed by hand.
    pub fn ids_with_prefix(&self, prefix: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM records WHERE substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT 10",
        )?;
        let rows = stmt.query_map([prefix], |r| r.get(0))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

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
    fn prepare_session(&self) -> Result<()> {
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

    /// Who changed what and when: every field change of `id`, or of the whole binder, oldest first.
    pub fn history(&self, id: Option<&str>, limit: usize) -> Result<Vec<HistoryEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.hlc, c.actor, coalesce((SELECT value FROM fields WHERE id = 'member-' || c.actor AND field = 'name'), ''),
                    c.seq, o.id, o.field, o.value
             FROM ops o JOIN changes c USING (actor, seq)
             WHERE ?1 IS NULL OR o.id = ?1
             ORDER BY c.hlc DESC, c.actor DESC, o.idx DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![id, limit as i64], |r| {
            let value: Option<String> = r.get(6)?;
            Ok((
                r.get::<_, i64>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get::<_, i64>(3)?,
                r.get(4)?,
                r.get(5)?,
                value,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (hlc, actor, who, seq, id, field, value) = row?;
            out.push(HistoryEntry {
                time: catalog::format_datetime(crate::log::changelog::hlc_time(hlc as u64)),
                actor,
                who,
                seq: seq as u64,
                id,
                field,
                value: value.map(|v| serde_json::from_str(&v)).transpose()?,
            });
        }
        out.reverse();
        Ok(out)
    }

    /// When each actor last changed something, RFC 3339, by actor id.
    pub fn last_change_by_actor(&self) -> Result<BTreeMap<String, String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT actor, max(hlc) FROM changes GROUP BY actor")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        let mut out = BTreeMap::new();
        for row in rows {
            let (actor, hlc) = row?;
            let time = crate::log::changelog::hlc_time(hlc as u64);
            out.insert(actor, catalog::format_datetime(time));
        }
        Ok(out)
    }

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
    fn op_json(&self, actor: &str, seq: i64, id: &str, field: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT value FROM ops WHERE actor = ?1 AND seq = ?2 AND id = ?3 AND field = ?4 ORDER BY idx DESC LIMIT 1",
            )?
            .query_row(params![actor, seq, id, field], |r| r.get(0))
            .optional()?
            .flatten())
    }

    /// Whether the change set (actor, seq) is present with exactly this signature.
    pub fn change_signature(&self, actor: &str, seq: u64) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT signature FROM changes WHERE actor = ?1 AND seq = ?2")?
            .query_row(params![actor, seq as i64], |r| r.get::<_, Vec<u8>>(0))
            .optional()?
            .map(|b| crate::log::changelog::hex(&b)))
    }

    /// Every op on membership and recovery-key records (by id, whatever its label), with its change's clock and deps, for
    /// deciding who was a member (or a registered recovery key) in a change's causal past.
    pub fn member_writes(&self) -> Result<Vec<(ChangeSet, Op)>> {
        let binder_id = self.binder_id()?;
        let mut stmt = self.conn.prepare(
            "SELECT o.actor, o.seq, c.hlc, c.deps, o.id, o.field, o.value, o.kind FROM ops o JOIN changes c USING (actor, seq)
             WHERE o.id GLOB 'member-*' OR o.id GLOB 'recovery-*' ORDER BY c.hlc, o.actor, o.seq, o.idx",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let value: Option<String> = r.get(6)?;
            let change = ChangeSet {
                binder_id: binder_id.clone(),
                actor: r.get(0)?,
                seq: r.get::<_, i64>(1)? as u64,
                hlc: r.get::<_, i64>(2)? as u64,
                deps: serde_json::from_str(&r.get::<_, String>(3)?)?,
                prev_hash: String::new(),
                ops: Vec::new(),
                signature: String::new(),
            };
            let op = Op {
                kind: r.get(7)?,
                id: r.get(4)?,
                field: r.get(5)?,
                value: value.map(|v| serde_json::from_str(&v)).transpose()?,
            };
            out.push((change, op));
        }
        Ok(out)
    }

    /// The folded state as rows (id, field, value, hlc, actor), to compare two stores.
    pub fn state_rows(&self) -> Result<Vec<StateRow>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, field, value, hlc, actor FROM fields ORDER BY id, field")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}

/// One write to a field, with what its author had seen.
struct Write {
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
fn recompute_conflicts(conn: &Connection, fields: &BTreeSet<(String, String)>) -> Result<()> {
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

fn unhex(text: &str) -> Result<Vec<u8>> {
    data_encoding::HEXLOWER
        .decode(text.as_bytes())
        .map_err(|_| StoreError::BadEncoding)
}

/// The text kept in `fields.value`: plain for text, a JSON list for lists, NULL when cleared.
fn stored_text(op: &Op) -> Option<String> {
    op.value.as_ref().map(|v| match v {
        Value::Text(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::List(items) => {
            serde_json::to_string(items).expect("a list of strings always serializes")
        }
    })
}

fn decode(kind: Option<&KindDef>, field: &str, text: String) -> Value {
    let is_list = kind.and_then(|k| k.field(field)).is_some_and(|f| f.list);
    if is_list && let Ok(items) = serde_json::from_str::<Vec<String>>(&text) {
        return Value::List(items);
    }
    Value::Text(text)
}

/// Brings the derived rows of the touched (record, field)s up to date, given each one's value
/// now in force: the record's deleted flag, and one search row per searchable field, so an
/// edit re-tokenizes only that field (and keeps its row id). All search deletions come before
/// all insertions: FTS5 flushes pending inserts to a new segment when a row is deleted.
fn reindex(conn: &Connection, touched: &BTreeMap<(String, String), Option<String>>) -> Result<()> {
    let mut remove: BTreeSet<i64> = BTreeSet::new(); // search rows whose old text goes
    let mut forget: BTreeSet<i64> = BTreeSet::new(); // ... and that are gone for good
    let mut replace: BTreeMap<i64, String> = BTreeMap::new(); // row → its new text
    let mut add: BTreeMap<(i64, String), String> = BTreeMap::new(); // (record, field) → text
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
                remove.insert(row);
                forget.insert(row);
            }
            if !deleted {
                let mut rows = all_fields.query([id])?;
                while let Some(r) = rows.next()? {
                    let f: String = r.get(0)?;
                    if kind_def.and_then(|k| k.field(&f)).is_some_and(|d| d.search) {
                        add.insert((rid, f), r.get(1)?);
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
            (Some(row), Some(text)) if !forget.contains(&row) => {
                remove.insert(row);
                replace.insert(row, text);
            }
            (Some(row), None) => {
                remove.insert(row);
                forget.insert(row);
            }
            (Some(_), Some(text)) | (None, Some(text)) => {
                add.insert((rid, field.clone()), text);
            }
            (None, None) => {}
        }
    }
    let mut delete = conn.prepare_cached("DELETE FROM search WHERE rowid = ?1")?;
    for row in &remove {
        delete.execute([row])?;
    }
    let mut drop_row = conn.prepare_cached("DELETE FROM search_rows WHERE rowid = ?1")?;
    for row in &forget {
        drop_row.execute([row])?;
    }
    let mut insert = conn.prepare_cached("INSERT INTO search(rowid, body) VALUES (?1, ?2)")?;
    for (row, text) in &replace {
        insert.execute(params![row, text])?;
    }
    let mut new_row = conn.prepare_cached("INSERT INTO search_rows(rid, field) VALUES (?1, ?2)")?;
    for ((rid, field), text) in &add {
        new_row.execute(params![rid, field])?;
        insert.execute(params![conn.last_insert_rowid(), text])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_wipes_what_it_frees_in_this_process() {
        let _store = Store::create("b.actor").unwrap();
        assert!(
            memory_is_wiped(),
            "the wiping allocator is in place before any database"
        );
    }
    use ed25519_dalek::SigningKey;

    fn put(id: &str, field: &str, value: Option<Value>) -> Op {
        Op {
            kind: id.split('-').next().unwrap_or_default().into(),
            id: id.into(),
            field: field.into(),
            value,
        }
    }

    fn text(s: &str) -> Option<Value> {
        Some(Value::Text(s.into()))
    }

    /// Applies each batch as the next change set of one author.
    fn store_with(batches: Vec<Vec<Op>>) -> Store {
        let key = SigningKey::from_bytes(&[7; 32]);
        let mut store = Store::create("b").unwrap();
        let mut prev = String::new();
        for (i, ops) in batches.into_iter().enumerate() {
            let c = ChangeSet::sign(
                &key,
                "b",
                i as u64 + 1,
                (i as u64 + 1) << 16,
                BTreeMap::new(),
                prev,
                ops,
            );
            prev = c.hash();
            store.apply(&[c]).unwrap();
        }
        store
    }

    fn found(store: &Store, q: &str) -> Vec<String> {
        store
            .search(q, 10)
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    #[test]
    fn search_matches_words_across_fields_and_follows_edits_deletes_and_restores() {
        let mut store = store_with(vec![vec![
            put("contact-a", "name", text("Åsa Öberg")),
            put(
                "contact-a",
                "tags",
                Some(Value::List(vec!["escalation".into()])),
            ),
            put("contact-a", "job_title", text("Engineer")),
            put("contact-b", "name", text("Sam Okafor")),
        ]]);
        assert_eq!(
            found(&store, "oberg escal"),
            ["contact-a"],
            "words in different fields of one record"
        );
        assert!(
            found(&store, "oberg okafor").is_empty(),
            "every word must match the same record"
        );
        assert!(found(&store, "shoe").is_empty());
        // Not searchable fields are not indexed: job_title is, call_order is not.
        assert_eq!(found(&store, "engineer"), ["contact-a"]);

        let key = SigningKey::from_bytes(&[7; 32]);
        let heads = store.heads().unwrap();
        let (seq, hash) = heads.values().next().cloned().unwrap();
        let next = |store: &mut Store, seq: u64, prev: String, ops: Vec<Op>| {
            let c = ChangeSet::sign(&key, "b", seq, (seq + 10) << 16, BTreeMap::new(), prev, ops);
            let h = c.hash();
            store.apply(&[c]).unwrap();
            h
        };
        let h = next(
            &mut store,
            seq + 1,
            hash,
            vec![put("contact-a", "job_title", text("Pilot"))],
        );
        assert!(
            found(&store, "engineer").is_empty(),
            "the old text of an edited field is gone"
        );
        assert_eq!(found(&store, "pilot"), ["contact-a"]);
        let h = next(
            &mut store,
            seq + 2,
            h,
            vec![put("contact-a", DELETED_FIELD, Some(Value::Bool(true)))],
        );
        assert!(
            found(&store, "oberg").is_empty(),
            "deleted records are not found"
        );
        // Restored in the same change as an edit: found once, with the new text.
        next(
            &mut store,
            seq + 3,
            h,
            vec![
                put("contact-a", DELETED_FIELD, Some(Value::Bool(false))),
                put("contact-a", "name", text("Åsa Berg")),
            ],
        );
        assert_eq!(found(&store, "berg"), ["contact-a"]);
        assert!(found(&store, "oberg").is_empty());
        assert_eq!(found(&store, "pilot"), ["contact-a"]);
    }
}
