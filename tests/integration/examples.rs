//! The starter plan's examples: a binder made from it knows which people, numbers and accounts
//! are still the examples, readiness says how many in one line, and replacing or removing each
//! makes it stop being one — nothing marked, nothing stored.

use binder::readiness::{self, GapKind};

use crate::incident::{starter, t0};

fn example_gap(b: &binder::Binder) -> Option<String> {
    readiness::assess(b, t0().date_naive())
        .unwrap()
        .gaps
        .into_iter()
        .find(|g| g.kind == GapKind::ExampleData)
        .map(|g| g.detail)
}

#[test]
fn readiness_names_the_starter_plans_examples_until_each_is_replaced_or_removed() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = starter(dir.path(), "Alex Rivera");
    let found = binder::examples::examples(&b).unwrap();
    // Five people (with twelve numbers and addresses between them) and three vendors (two numbers
    // or addresses, three accounts, a support site).
    assert_eq!(
        (found.people, found.numbers, found.accounts),
        (5, 14, 3),
        "{found:?}"
    );
    assert_eq!(found.records.len(), 8);
    let summary = found.summary().unwrap();
    assert_eq!(
        summary,
        "5 example people, 14 example numbers and addresses and 3 example accounts still in the plan"
    );
    assert!(example_gap(&b).unwrap().starts_with(&summary));
    let r = readiness::assess(&b, t0().date_naive()).unwrap();
    assert_eq!(r.examples, summary);

    // Replacing a name alone leaves that person's numbers as examples.
    let set = |b: &mut binder::Binder, id: &str, field: &str, value: &str| {
        b.set(id, &[(field.to_string(), value.to_string())])
            .unwrap();
    };
    set(&mut b, "contact-sam", "name", "Priya Natarajan");
    let found = binder::examples::examples(&b).unwrap();
    assert_eq!(found.people, 4);
    let sam = found
        .records
        .iter()
        .find(|e| e.id == "contact-sam")
        .unwrap();
    assert_eq!(sam.fields, ["phones", "emails"]);
    assert_eq!(sam.title, "Priya Natarajan");

    // One of two phone numbers kept: still one example number.
    set(
        &mut b,
        "contact-alex",
        "phones",
        "+1 555 0100; +44 20 7946 0000",
    );
    let alex = binder::examples::examples(&b).unwrap();
    let alex = alex
        .records
        .iter()
        .find(|e| e.id == "contact-alex")
        .unwrap();
    assert!(
        alex.values.contains(&"phones: +1 555 0100".to_string()),
        "{alex:?}"
    );

    // Every example replaced or removed: no gap, no summary.
    for e in binder::examples::examples(&b).unwrap().records {
        if e.kind == "vendor" {
            b.remove(&e.id).unwrap();
            continue;
        }
        for (n, f) in e.fields.iter().enumerate() {
            let value = match f.as_str() {
                "name" => format!("Person {n}"),
                "phones" => "+44 20 7946 0123".to_string(),
                _ => format!("person{n}@ourco.test"),
            };
            set(&mut b, &e.id, f, &value);
        }
    }
    assert!(binder::examples::examples(&b).unwrap().records.is_empty());
    assert!(example_gap(&b).is_none());
    assert_eq!(
        readiness::assess(&b, t0().date_naive()).unwrap().examples,
        ""
    );
}

#[test]
fn a_binder_not_made_from_the_starter_plan_has_no_examples() {
    let dir = tempfile::tempdir().unwrap();
    let b = binder::Binder::create(
        &dir.path().join("b.binder"),
        binder::Keys::generate("Ann"),
        binder::Start::Empty,
    )
    .unwrap();
    assert!(binder::examples::examples(&b).unwrap().records.is_empty());
    assert!(example_gap(&b).is_none());
}
