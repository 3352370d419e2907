//! The membership and recovery-key writes every merge decides against, read once and kept
//! until a batch writes any.

use std::sync::Arc;

use super::{Result, Store};
use crate::log::changelog::{ChangeSet, Op};
use crate::log::merge::Authority;

impl Store {
    /// Every op on membership and recovery-key records (by id, whatever its label), with its
    /// change's clock and deps, indexed, and the signing keys they name: what every merge
    /// decides against (who was a member, or a registered recovery key, in a change's causal
    /// past). Read once and kept until a batch writes any.
    pub fn authority(&self) -> Result<Arc<Authority>> {
        if let Some(kept) = self.authority.lock().ok().and_then(|k| k.clone()) {
            return Ok(kept);
        }
        let read = Arc::new(Authority::new(
            &self.binder_id()?,
            self.read_member_writes()?,
        ));
        if let Ok(mut kept) = self.authority.lock() {
            *kept = Some(read.clone());
        }
        Ok(read)
    }

    /// Forgets the membership writes read last, when a batch writes any.
    pub(super) fn authority_written(&self, changes: &[ChangeSet]) {
        let touches = changes
            .iter()
            .flat_map(|c| &c.ops)
            .any(|o| o.id.starts_with("member-") || o.id.starts_with("recovery-"));
        if touches && let Ok(mut kept) = self.authority.lock() {
            *kept = None;
        }
    }

    fn read_member_writes(&self) -> Result<Vec<(ChangeSet, Op)>> {
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
}
