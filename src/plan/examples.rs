//! The starter plan's examples still in a binder: people, numbers and accounts a founder has not
//! replaced with their own yet. Read by comparing each starter record (by its id) with the record
//! now — nothing is marked or stored, so replacing a value (or removing the record) is all it
//! takes for it to stop being an example.

use serde::Serialize;

use crate::Result;
use crate::catalog::Value;
use crate::plan::binder::{Binder, STARTER_PLAN, parse_records_toml};

/// The fields that hold example data, by kind: who someone is and how to reach them, and the
/// accounts and lines of a vendor.
const EXAMPLE_FIELDS: &[(&str, &[&str])] = &[
    ("contact", &["name", "phones", "emails"]),
    (
        "vendor",
        &[
            "support_phone",
            "support_email",
            "support_url",
            "account_id",
        ],
    ),
];

/// Fields whose values are numbers or addresses (counted as "numbers").
const NUMBERS: &[&str] = &["phones", "emails", "support_phone", "support_email"];

/// One record still holding example values.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Example {
    /// The record's id.
    pub id: String,
    /// Its kind.
    pub kind: String,
    /// Its title now.
    pub title: String,
    /// The fields still holding the example (each field's name), in the catalog's order.
    pub fields: Vec<String>,
    /// The example values still there, as "field: value" lines for a person to read.
    pub values: Vec<String>,
}

/// The starter plan's examples still in the binder.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Examples {
    /// Each record still holding an example, people first.
    pub records: Vec<Example>,
    /// Contacts still named as the example.
    pub people: u32,
    /// Example phone numbers and e-mail addresses still listed.
    pub numbers: u32,
    /// Example account ids still listed.
    pub accounts: u32,
}

impl Examples {
    /// "5 example people, 9 example numbers and 3 example accounts still in the plan", or None.
    pub fn summary(&self) -> Option<String> {
        let mut parts = Vec::new();
        let mut say = |n: u32, one: &str, many: &str| {
            if n > 0 {
                parts.push(format!("{n} example {}", if n == 1 { one } else { many }));
            }
        };
        say(self.people, "person", "people");
        say(self.numbers, "number or address", "numbers and addresses");
        say(self.accounts, "account", "accounts");
        let joined = match parts.as_slice() {
            [] => return None,
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        };
        Some(format!("{joined} still in the plan"))
    }
}

/// The values of a field as a list (a single value is a list of one).
fn values(v: Option<&serde_json::Value>) -> Vec<String> {
    match v {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

fn current(record: &crate::log::store::Record, field: &str) -> Vec<String> {
    match record.fields.get(field) {
        Some(Value::List(items)) => items.clone(),
        Some(Value::Text(t)) if !t.is_empty() => vec![t.clone()],
        _ => Vec::new(),
    }
}

/// The starter plan's examples still in `binder`.
pub fn examples(binder: &Binder) -> Result<Examples> {
    let starter = parse_records_toml(STARTER_PLAN)?;
    let mut out = Examples::default();
    for (kind, fields) in EXAMPLE_FIELDS {
        for row in starter.get(*kind).into_iter().flatten() {
            let Some(id) = row.get("id").and_then(|v| v.as_str()) else {
                continue;
            };
            let Some(record) = binder.store().record(id)?.filter(|r| !r.deleted) else {
                continue;
            };
            let mut example = Example {
                id: id.to_string(),
                kind: kind.to_string(),
                title: record.title(),
                fields: Vec::new(),
                values: Vec::new(),
            };
            for field in *fields {
                let now = current(&record, field);
                let still: Vec<String> = values(row.get(*field))
                    .into_iter()
                    .filter(|v| now.contains(v))
                    .collect();
                if still.is_empty() {
                    continue;
                }
                match *field {
                    "name" => out.people += 1,
                    "account_id" => out.accounts += 1,
                    f if NUMBERS.contains(&f) => out.numbers += still.len() as u32,
                    _ => {}
                }
                example.fields.push(field.to_string());
                example
                    .values
                    .push(format!("{field}: {}", still.join("; ")));
            }
            if !example.fields.is_empty() {
                out.records.push(example);
            }
        }
    }
    Ok(out)
}
