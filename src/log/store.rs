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

/// The format this version of the app writes. Older ones are migrated in memory. Format 2: new
/// binders' actor ids are 128 bits of the key's hash (`changelog::actor_id_in`); a binder made
/// by format 1 keeps its 64-bit ids, so an app that reads only format 1 is told to update
/// rather than refusing every change of a format-2 binder as badly signed.
pub const FORMAT_VERSION: i64 = 2;
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

mod authority;
mod conflicts;
mod fold;
mod schema;
mod search;

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
    /// Which store this is in the process (see [`Store::state`]).
    instance: u64,
    /// The membership and recovery-key writes, as [`Store::member_writes`] last read them;
    /// dropped whenever a batch writes any (every merge decides against them, and reading
    /// them means a pass over every op).
    authority: std::sync::Mutex<Option<std::sync::Arc<crate::log::merge::Authority>>>,
}

/// A number no other store of this process has (see [`Store::state`]).
fn next_instance() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Store { .. }")
    }
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
#[cfg(test)]
fn memory_is_wiped() -> bool {
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
        let store = Store {
            conn,
            instance: next_instance(),
            authority: std::sync::Mutex::new(None),
        };
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
        let store = Store {
            conn,
            instance: next_instance(),
            authority: std::sync::Mutex::new(None),
        };
        store.check_schema()?;
        if version < FORMAT_VERSION {
            store.migrate(version)?;
        }
        store.prepare_session()?;
        Ok(store)
    }

    /// Brings an older format up to date, in memory; the next save writes it migrated.
    fn migrate(&self, from: i64) -> Result<()> {
        // From format 1 to 2 nothing in the file changes: its 64-bit actor ids are kept (their
        // length is read from the binder's id). Later formats add their steps here.
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

    /// Where this store's contents stand: a pair that differs whenever anything in it has been
    /// written since (SQLite counts every row inserted, changed or deleted on its connection, and
    /// no two stores of the process share the first number). What is worked out from the
    /// contents alone may be kept while this stays the same.
    pub fn state(&self) -> (u64, u64) {
        (self.instance, self.conn.total_changes())
    }

    /// Whether any live record of `kind` exists.
    pub fn has_live(&self, kind: &str) -> Result<bool> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM records WHERE kind = ?1 AND deleted = 0 LIMIT 1")?;
        Ok(stmt.exists([kind])?)
    }

    /// Calls `f(kind, id, field, stored text)` for every set field of every live record of the
    /// given kinds, ordered by id and field (the stored text is canonical: lists as JSON). The
    /// live records are read first, then the fields in one pass in their primary-key order
    /// (looking each field's record up in SQLite would cost a search per field).
    pub fn each_live_field(
        &self,
        kinds: &[&str],
        mut f: impl FnMut(&str, &str, &str, &str),
    ) -> Result<()> {
        let mut live: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM records WHERE kind = ?1 AND deleted = 0")?;
        for kind in kinds {
            let mut rows = stmt.query([kind])?;
            while let Some(row) = rows.next()? {
                live.insert(row.get(0)?, kind);
            }
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, field, value FROM fields WHERE value IS NOT NULL ORDER BY id, field",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id = row.get_ref(0)?.as_str().unwrap_or_default();
            if let Some(kind) = live.get(id) {
                f(
                    kind,
                    id,
                    row.get_ref(1)?.as_str().unwrap_or_default(),
                    row.get_ref(2)?.as_str().unwrap_or_default(),
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

    /// The newest change of each of `actors` that has one: actor → (seq, hash). What a merge
    /// of their changes is decided against (reading every author's head would cost a merge
    /// from one of 10,000 members a pass over all of them).
    pub fn heads_of<'a>(
        &self,
        actors: impl IntoIterator<Item = &'a str>,
    ) -> Result<BTreeMap<String, (u64, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT seq, hash FROM heads WHERE actor = ?1")?;
        let mut out = BTreeMap::new();
        for actor in actors {
            if out.contains_key(actor) {
                continue;
            }
            let head = stmt
                .query_row([actor], |r| {
                    Ok((r.get::<_, i64>(0)? as u64, r.get::<_, String>(1)?))
                })
                .optional()?;
            if let Some(head) = head {
                out.insert(actor.to_string(), head);
            }
        }
        Ok(out)
    }

    /// Each author's newest change: actor → (seq, hash).
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
            let field: String = r.get(2)?;
            let value = decode(Some(kind), &field, r.get(3)?);
            add_field(&mut out, kind, r.get(0)?, r.get(1)?, Some((field, value)));
        }
        Ok(out)
    }

    /// The live records of `kind` with only the named fields read (and the title): for rules that
    /// look at a few fields of many records.
    pub fn list_fields(&self, kind: &KindDef, fields: &[&str]) -> Result<Vec<Record>> {
        let mut wanted: Vec<&str> = vec![kind.title];
        wanted.extend(fields.iter().filter(|f| **f != kind.title));
        let json = serde_json::to_string(&wanted)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id, f.field, f.value FROM records r LEFT JOIN fields f ON f.id = r.id
                 AND f.value IS NOT NULL AND f.field IN (SELECT value FROM json_each(?2))
             WHERE r.kind = ?1 AND r.deleted = 0 ORDER BY r.id",
        )?;
        let mut rows = stmt.query(params![kind.name, json])?;
        let mut out: Vec<Record> = Vec::new();
        while let Some(r) = rows.next()? {
            let field = match (r.get::<_, Option<String>>(1)?, r.get(2)?) {
                (Some(field), Some(value)) => {
                    let value = decode(Some(kind), &field, value);
                    Some((field, value))
                }
                _ => None,
            };
            add_field(&mut out, kind, r.get(0)?, false, field);
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

    /// Whether the change set (actor, seq) is present with exactly this signature.
    pub fn change_signature(&self, actor: &str, seq: u64) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT signature FROM changes WHERE actor = ?1 AND seq = ?2")?
            .query_row(params![actor, seq as i64], |r| r.get::<_, Vec<u8>>(0))
            .optional()?
            .map(|b| crate::log::changelog::hex(&b)))
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

/// Adds a row of a record listing to `out`, ordered by id: a new record when the id changes,
/// and the row's field (if it has one) to the record.
fn add_field(
    out: &mut Vec<Record>,
    kind: &KindDef,
    id: String,
    deleted: bool,
    field: Option<(String, Value)>,
) {
    if out.last().is_none_or(|last| last.id != id) {
        out.push(Record {
            kind: kind.name.to_string(),
            id,
            fields: BTreeMap::new(),
            deleted,
        });
    }
    if let (Some((field, value)), Some(last)) = (field, out.last_mut()) {
        last.fields.insert(field, value);
    }
}

fn decode(kind: Option<&KindDef>, field: &str, text: String) -> Value {
    let is_list = kind.and_then(|k| k.field(field)).is_some_and(|f| f.list);
    if is_list && let Ok(items) = serde_json::from_str::<Vec<String>>(&text) {
        return Value::List(items);
    }
    Value::Text(text)
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
