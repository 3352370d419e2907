//! What a founder needs first in a crisis: the call list in order (role → primary → backup), the
//! activation levels, the first checklist and the message templates.
//!
//! Read-only views over a [`Binder`], shared by the desktop app's home screen, the printed
//! wallet card and letter, and incident mode. Nothing here stores, formats or prints.

use serde::Serialize;

use crate::Result;
use crate::catalog::Value;
use crate::log::store::Record;
use crate::plan::binder::Binder;

/// A person on the call list, with every number and address to reach them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Person {
    /// Contact record id.
    pub id: String,
    /// Name as written.
    pub name: String,
    /// Phone numbers, first is the one to dial first.
    pub phones: Vec<String>,
    /// E-mail addresses.
    pub emails: Vec<String>,
    /// When someone last confirmed these details (RFC 3339), if ever.
    pub verified_at: Option<String>,
}

/// One role of the call list: who to call first, and who if they do not answer.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CallEntry {
    /// Role record id.
    pub role_id: String,
    /// Role name ("Incident lead").
    pub role: String,
    /// What the role does, to read out on the phone.
    pub responsibilities: String,
    /// The person to call first.
    pub primary: Option<Person>,
    /// The person to call when the primary cannot be reached.
    pub backup: Option<Person>,
}

/// A checklist with its steps in order.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChecklistView {
    /// The checklist record.
    pub checklist: Record,
    /// Its steps (`item` records), by position.
    pub items: Vec<Record>,
}

fn list_of(record: &Record, field: &str) -> Vec<String> {
    match record.fields.get(field) {
        Some(Value::List(items)) => items.clone(),
        Some(Value::Text(t)) if !t.is_empty() => vec![t.clone()],
        _ => Vec::new(),
    }
}

fn person(binder: &Binder, id: &str) -> Result<Option<Person>> {
    let Some(contact) = binder.store().record(id)? else {
        return Ok(None);
    };
    if contact.deleted {
        return Ok(None);
    }
    Ok(Some(Person {
        id: contact.id.clone(),
        name: contact.title(),
        phones: list_of(&contact, "phones"),
        emails: list_of(&contact, "emails"),
        verified_at: contact.fields.get("verified_at").map(Value::display),
    }))
}

/// The roles in call order, each with its primary and backup person.
pub fn call_list(binder: &Binder) -> Result<Vec<CallEntry>> {
    binder
        .list("role", false)?
        .into_iter()
        .map(|role| {
            let reach = |field: &str| match role.text(field) {
                id if id.is_empty() => Ok(None),
                id => person(binder, &id),
            };
            Ok(CallEntry {
                role_id: role.id.clone(),
                role: role.title(),
                responsibilities: role.text("responsibilities"),
                primary: reach("primary")?,
                backup: reach("backup")?,
            })
        })
        .collect()
}

/// A checklist and its steps in order.
pub fn checklist(binder: &Binder, id: &str) -> Result<ChecklistView> {
    let checklist = binder.record(id)?;
    let items = binder
        .list("item", false)?
        .into_iter()
        .filter(|item| item.text("checklist") == checklist.id)
        .collect();
    Ok(ChecklistView { checklist, items })
}

/// The checklist to follow first: the first "initial response" one, else the first of all.
pub fn first_checklist(binder: &Binder) -> Result<Option<ChecklistView>> {
    let checklists = binder.list("checklist", false)?;
    let first = checklists
        .iter()
        .find(|c| c.text("phase") == "initial response")
        .or(checklists.first());
    first.map(|c| checklist(binder, &c.id)).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file::keys::Keys;

    #[test]
    fn call_list_follows_call_order_and_resolves_people() {
        let dir = tempfile::tempdir().unwrap();
        let mut b = Binder::create(
            &dir.path().join("b.binder"),
            Keys::generate("Ann"),
            crate::plan::binder::Start::Empty,
        )
        .unwrap();
        let asa = b
            .add(
                "contact",
                &[
                    ("name".into(), "Åsa Öberg".into()),
                    ("phones".into(), "+46 70 123 45 67; +46 8 555 000".into()),
                ],
            )
            .unwrap();
        let bo = b
            .add("contact", &[("name".into(), "Bo Ek".into())])
            .unwrap();
        b.add(
            "role",
            &[
                ("name".into(), "Comms".into()),
                ("call_order".into(), "2".into()),
                ("primary".into(), bo.clone()),
            ],
        )
        .unwrap();
        b.add(
            "role",
            &[
                ("name".into(), "Incident lead".into()),
                ("call_order".into(), "1".into()),
                ("primary".into(), "Åsa Öberg".into()),
                ("backup".into(), bo.clone()),
            ],
        )
        .unwrap();
        let list = call_list(&b).unwrap();
        assert_eq!(list[0].role, "Incident lead");
        let primary = list[0].primary.as_ref().unwrap();
        assert_eq!(primary.id, asa);
        assert_eq!(primary.phones, ["+46 70 123 45 67", "+46 8 555 000"]);
        assert_eq!(list[0].backup.as_ref().unwrap().name, "Bo Ek");
        assert_eq!(list[1].role, "Comms");
        assert!(list[1].backup.is_none());

        b.remove(&bo).unwrap();
        assert!(
            call_list(&b).unwrap()[1].primary.is_none(),
            "a deleted contact is not called"
        );
    }

    #[test]
    fn first_checklist_prefers_initial_response() {
        let dir = tempfile::tempdir().unwrap();
        let mut b = Binder::create(
            &dir.path().join("b.binder"),
            Keys::generate("Ann"),
            crate::plan::binder::Start::Empty,
        )
        .unwrap();
        b.import_starter_plan().unwrap();
        let first = first_checklist(&b).unwrap().unwrap();
        assert_eq!(first.checklist.text("phase"), "initial response");
        assert!(first.items.len() >= 3);
        let positions: Vec<i64> = first
            .items
            .iter()
            .map(|i| i.text("position").parse().unwrap())
            .collect();
        assert!(positions.windows(2).all(|w| w[0] <= w[1]));
    }
}
