//! The kinds of incident mode: incidents, their checklist runs and ticks, the timeline and the
//! call attempts. Append-only kinds are written once per event and never edited.

use super::super::*;

/// What a timeline entry records.
pub const ENTRY_TYPES: &[&str] = &[
    "note",
    "decision",
    "call",
    "message",
    "status",
    "correction",
];

/// The outcome of one call attempt, as stored. What each means for the call tree is in
/// `plan::incident::calls`.
pub const OUTCOMES: &[&str] = &[
    "confirmed",
    "cannot help",
    "answered",
    "voicemail",
    "no answer",
    "busy",
    "wrong number",
    "skipped",
];

pub(super) const INCIDENT: KindDef = KindDef {
    name: "incident",
    label: "Incident",
    plural: "Incidents",
    title: "title",
    help: "An activated incident or exercise: level, start, who, status, summary.",
    verifiable: false,
    system: false,
    group: Group::Incident,
    nav_group: NavGroup::Incident,
    append_only: false,
    missing_hint: None,
    nav_label: None,
    printed_as_table: true,
    own_fields: &[
        f("title", "Incident", Text).req().search().table(),
        f("level", "Level", Ref("level")).table(),
        f("started_at", "Started", DateTime).table(),
        f("started_by", "Started by", Text),
        f(
            "status",
            "Status",
            Enum(&[
                "investigating",
                "identified",
                "monitoring",
                "resolved",
                "closed",
            ]),
        )
        .table(),
        f("exercise", "Exercise", Bool).table(),
        f("exercise_of", "Exercise of", Ref("schedule")),
        f("service", "Service affected", Text).search(),
        f("affects", "Functions affected", Ref("objective")).list(),
        f("systems", "Systems affected", Ref("dependency")).list(),
        f("vendors", "Vendors affected", Ref("vendor")).list(),
        f("impact", "Impact", LongText).search(),
        f("actions", "Actions", LongText).search(),
        f("eta", "Expected recovery", Text),
        f("next_update", "Next update", Text),
        f("cause", "Cause", LongText).search(),
        f("summary", "Summary", LongText).search(),
        f("lessons", "Lessons learned", LongText).search(),
        f("closed_at", "Closed", DateTime),
        f("recovered_in", "Recovery took", Duration),
    ],
};

pub(super) const RUN: KindDef = KindDef {
    name: "run",
    label: "Checklist run",
    plural: "Checklist runs",
    title: "title",
    help: "A checklist being worked through during one incident.",
    verifiable: false,
    system: true,
    group: Group::Incident,
    nav_group: NavGroup::Incident,
    append_only: false,
    missing_hint: None,
    nav_label: None,
    printed_as_table: false,
    own_fields: &[
        f("title", "Checklist", Text).req(),
        f("incident", "Incident", Ref("incident")).req(),
        f("checklist", "From checklist", Ref("checklist")).req(),
        f("position", "Position", Int),
    ],
};

pub(super) const TICK: KindDef = KindDef {
    name: "tick",
    label: "Tick",
    plural: "Ticks",
    title: "step",
    help: "One tick or untick of a checklist step during an incident: who, when, a note. Never edited.",
    verifiable: false,
    system: true,
    group: Group::Incident,
    nav_group: NavGroup::Incident,
    append_only: true,
    missing_hint: None,
    nav_label: None,
    printed_as_table: false,
    own_fields: &[
        f("step", "Step", Text).req(),
        f("run", "Run", Ref("run")).req(),
        f("item", "Item", Ref("item")).req(),
        f("done", "Done", Bool).req(),
        f("at", "At", DateTime).req(),
        f("by", "By", Text).req(),
        f("note", "Note", LongText).search(),
    ],
};

pub(super) const ENTRY: KindDef = KindDef {
    name: "entry",
    label: "Timeline entry",
    plural: "Timeline",
    title: "text",
    help: "One entry of an incident's timeline: what happened, when, who. Never edited; a correction is a new entry.",
    verifiable: false,
    system: true,
    group: Group::Incident,
    nav_group: NavGroup::Incident,
    append_only: true,
    missing_hint: None,
    nav_label: None,
    printed_as_table: false,
    own_fields: &[
        f("text", "What happened", LongText).req().search(),
        f("incident", "Incident", Ref("incident")).req(),
        f("at", "At", DateTime).req(),
        f("by", "By", Text).req(),
        f("type", "Type", Enum(ENTRY_TYPES)).req(),
    ],
};

pub(super) const ATTEMPT: KindDef = KindDef {
    name: "attempt",
    label: "Call attempt",
    plural: "Call attempts",
    title: "person",
    help: "One attempt to reach a person of the call tree during an incident: who, on which number, who called, when, and the outcome. Never edited.",
    verifiable: false,
    system: true,
    group: Group::Incident,
    nav_group: NavGroup::Incident,
    append_only: true,
    missing_hint: None,
    nav_label: None,
    printed_as_table: false,
    own_fields: &[
        f("person", "Person", Text).req().search(),
        f("incident", "Incident", Ref("incident")).req(),
        f("role", "Role", Ref("role")),
        f("contact", "Contact", Ref("contact")),
        f("via", "Number or address", Text),
        f("outcome", "Outcome", Enum(OUTCOMES)).req(),
        f("at", "At", DateTime).req(),
        f("by", "Called by", Text).req(),
        f("note", "Note", LongText).search(),
    ],
};
