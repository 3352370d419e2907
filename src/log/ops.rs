//! New record ids and the ops that write a record's fields: the smallest pieces every change is
//! made of. No policy here (who may write what is `merge`'s; which fields exist, the catalog's).

use crate::catalog::{KindDef, Value};
use crate::log::changelog::Op;
use crate::log::merge;

/// A new id for an append-only record (`entry`, `tick`, `signoff`) written by `actor`: it names
/// its author, and merge refuses anyone else writing it.
pub fn new_authored_id(kind: &KindDef, actor: &str) -> String {
    let bytes: [u8; 8] = rand::random();
    let suffix = data_encoding::BASE32_NOPAD.encode(&bytes).to_lowercase();
    format!(
        "{}{}",
        merge::author_prefix(kind.name, actor),
        &suffix[..10]
    )
}

/// A new random record id for `kind`.
pub fn new_id(kind: &KindDef) -> String {
    let bytes: [u8; 8] = rand::random();
    let suffix = data_encoding::BASE32_NOPAD.encode(&bytes).to_lowercase();
    format!("{}-{}", kind.name, &suffix[..10])
}

/// Ops writing `fields` of record `id` as text.
pub(crate) fn text_ops(kind: &str, id: &str, fields: Vec<(&str, String)>) -> Vec<Op> {
    fields
        .into_iter()
        .map(|(field, value)| Op {
            kind: kind.into(),
            id: id.into(),
            field: field.into(),
            value: Some(Value::Text(value)),
        })
        .collect()
}
