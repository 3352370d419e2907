//! The kept earlier versions of a binder file and what changed since each: how many changes,
//! by whom, to which records, and what a version holds that this copy does not (a restore went
//! back past it). What `binder generations` prints and the app's Keys and health screen shows.

use serde::Serialize;

use crate::Result;
use crate::file::vault;
use crate::plan::binder::Binder;

/// One kept version and what changed since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeptVersion {
    /// 1 is the newest.
    pub number: usize,
    /// Where it is.
    pub path: String,
    /// When it was replaced (RFC 3339).
    pub saved_at: String,
    /// Its size in bytes.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// Changes made since.
    pub changes_since: usize,
    /// Changes it holds that this copy does not (a restore went back past it).
    pub ahead: usize,
    /// Who made the changes since.
    pub by: Vec<String>,
    /// The records they touched, newest first (at most six).
    pub records: Vec<String>,
    /// Why it cannot be read, if it cannot.
    pub note: Option<String>,
}

impl KeptVersion {
    /// A kept file, before anything is known of what changed since.
    fn of(g: vault::Generation) -> KeptVersion {
        KeptVersion {
            number: g.number,
            path: g.path.display().to_string(),
            saved_at: g.saved_at,
            size: g.size,
            changes_since: 0,
            ahead: 0,
            by: Vec::new(),
            records: Vec::new(),
            note: None,
        }
    }
}

/// The kept versions of the binder file at `path`, without opening it (for when it will not
/// open — the moment to restore one): what changed since each is not known then.
pub fn listed(path: &std::path::Path) -> Result<Vec<KeptVersion>> {
    Ok(vault::generations(path)?
        .into_iter()
        .map(|g| KeptVersion {
            note: Some("What changed since is not known: the binder could not be opened.".into()),
            ..KeptVersion::of(g)
        })
        .collect())
}

/// The newest `limit` kept versions of the open binder, each with what changed since.
pub fn kept(b: &Binder, limit: usize) -> Result<Vec<KeptVersion>> {
    let now = b.store().heads()?;
    let history = b.history(None, 5000)?;
    let mut out = Vec::new();
    for g in vault::generations(b.path())?.into_iter().take(limit) {
        let path = g.path.clone();
        let mut v = KeptVersion::of(g);
        let then = vault::read(&path)
            .map_err(crate::Error::from)
            .and_then(|bytes| crate::plan::binder::decrypt(&bytes, b.keys(), "an earlier version"))
            .and_then(|store| Ok(store.heads()?));
        let then = match then {
            Ok(then) => then,
            Err(e) => {
                v.note = Some(format!("This version cannot be read: {e}."));
                out.push(v);
                continue;
            }
        };
        let seq_then = |actor: &str| then.get(actor).map_or(0, |(s, _)| *s);
        v.ahead = then
            .iter()
            .map(|(a, (s, _))| s.saturating_sub(now.get(a).map_or(0, |(n, _)| *n)) as usize)
            .sum();
        v.changes_since = now
            .iter()
            .map(|(a, (s, _))| s.saturating_sub(seq_then(a)) as usize)
            .sum();
        let newer: Vec<_> = history
            .iter()
            .filter(|h| h.seq > seq_then(&h.actor))
            .collect();
        for h in &newer {
            if !v.by.contains(&h.who) {
                v.by.push(h.who.clone());
            }
        }
        v.by.sort();
        for h in newer.iter().rev() {
            let title = b.title_of(&h.id)?.unwrap_or_else(|| h.id.clone());
            if !v.records.contains(&title) && v.records.len() < 6 {
                v.records.push(title);
            }
        }
        out.push(v);
    }
    Ok(out)
}
