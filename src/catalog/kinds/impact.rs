//! The kinds of the business impact analysis: how bad a function's disruption gets over time,
//! and what each function depends on. What follows from them (the MTPD, the impact grid, the
//! dependency map, the gaps) is worked out in `plan::impact`; nothing derived is stored.

use super::super::*;
use super::{IMPACT_CATEGORIES, IMPACT_RATINGS, NOTES};

pub(super) const IMPACT: KindDef = KindDef {
    name: "impact",
    label: "Impact rating",
    plural: "Impact ratings",
    title: "function",
    help: "How bad a function's disruption is after a given time, in one category (financial, customers, legal/regulatory, reputation, safety), and whether that is still tolerable. The first intolerable time is the function's MTPD.",
    verifiable: false,
    system: false,
    group: Group::Record,
    nav_group: NavGroup::Plan,
    append_only: false,
    missing_hint: None,
    nav_label: Some("Business impact"),
    printed_as_table: false,
    own_fields: &[
        f("function", "Function", Ref("objective")).req().table(),
        f("after", "After", Duration).req().table(),
        f("category", "Category", Enum(IMPACT_CATEGORIES))
            .req()
            .table(),
        f("rating", "Rating", Enum(IMPACT_RATINGS)).table(),
        f("tolerable", "Tolerable", Bool).table(),
        f("notes", "Notes", LongText).search().syn(NOTES),
    ],
};

pub(super) const LINK: KindDef = KindDef {
    name: "link",
    label: "Dependency link",
    plural: "Dependency links",
    title: "function",
    help: "A business function depends on a system, site or data (a dependency), a vendor, or a role, and needs it back within a time (its RTO when not given).",
    verifiable: false,
    system: false,
    group: Group::Record,
    nav_group: NavGroup::Plan,
    append_only: false,
    missing_hint: None,
    nav_label: Some("Dependency map"),
    printed_as_table: false,
    own_fields: &[
        f("function", "Function", Ref("objective")).req().table(),
        f("system", "System, site or data", Ref("dependency")).table(),
        f("vendor", "Vendor", Ref("vendor")).table(),
        f("role", "Role", Ref("role")).table(),
        f("within", "Needed back within", Duration).table(),
        f("notes", "Notes", LongText).search().syn(NOTES),
    ],
};
