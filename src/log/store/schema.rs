//! Opening an image from elsewhere defensively: exactly a binder's tables, no views or triggers
//! of its own, a deadline on reads. Nothing here trusts the file it checks.

use super::*;

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
pub(super) fn schema_of(conn: &Connection) -> rusqlite::Result<Vec<(String, String, String)>> {
    let mut stmt = conn
        .prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

/// The tables and indexes of a new binder of this format, made once.
pub(super) fn reference_schema() -> Result<&'static [(String, String, String)]> {
    static SCHEMA: std::sync::OnceLock<Vec<(String, String, String)>> = std::sync::OnceLock::new();
    if let Some(s) = SCHEMA.get() {
        return Ok(s.as_slice());
    }
    let fresh = Store::create("reference")?;
    let mut found = schema_of(&fresh.conn)?;
    found.retain(|(ty, _, _)| ty != "view");
    Ok(SCHEMA.get_or_init(|| found).as_slice())
}

impl Store {
    /// Opens the loaded image defensively before anything reads it: SQLite's defensive mode,
    /// no trust in functions named by the schema, no triggers, and exactly the tables and
    /// indexes a binder of this format has. The file's views are dropped and made again from
    /// the catalog, so a view planted over a table (an endless query) is never run.
    pub(super) fn check_schema(&self) -> Result<()> {
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
}
