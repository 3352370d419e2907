//! The catalog itself: every kind of record and its fields, declared once. Storage, merge,
//! search, forms, tables, the PDF and the importers all read this table.

use super::*;

mod impact;
mod incident;

pub use incident::{ENTRY_TYPES, OUTCOMES};

const NOTES: &[&str] = &["comments", "remarks", "note"];
const LEVELS_OF: &[&str] = &["very low", "low", "medium", "high", "very high"];
const CRITICALITY: &[&str] = &["critical", "high", "medium", "low"];
/// The categories a disruption's impact is rated in (ISO/TS 22317's usual set).
pub const IMPACT_CATEGORIES: &[&str] = &[
    "financial",
    "customers",
    "legal/regulatory",
    "reputation",
    "safety",
];
/// How bad an impact is, mildest first: the impact grid shows the worst of a cell.
pub const IMPACT_RATINGS: &[&str] = &["none", "minor", "moderate", "major", "severe"];
/// What a dependency is: the map draws each in the middle layer, between functions and vendors.
pub const DEPENDENCY_TYPES: &[&str] = &["system", "site", "data", "service", "other"];
/// When a wave of the call tree is done: every role in it reached, or the first.
pub const WAVE_NEEDS: &[&str] = &["everyone", "first reached"];
const CHANNELS: &[&str] = &[
    "email",
    "sms",
    "phone",
    "chat",
    "status page",
    "website",
    "social",
    "in person",
    "other",
];

/// Every kind of record, in the order they appear in the binder.
pub static KINDS: &[KindDef] = &[
    KindDef {
        name: "plan",
        label: "Plan",
        plural: "Plan",
        title: "title",
        help: "The plan itself: organisation, version, owner, review cycle and approval.",
        verifiable: false,
        system: false,
        group: Group::Plan,
        nav_group: NavGroup::Plan,
        append_only: false,
        missing_hint: None,
        nav_label: None,
        printed_as_table: false,
        own_fields: &[
            f("title", "Title", Text).req().search().table(),
            f("organisation", "Organisation", Text)
                .req()
                .search()
                .table()
                .syn(&["organization", "company"]),
            f("version", "Version", Text)
                .table()
                .syn(&["revision", "version label"]),
            f("owner", "Owner", Text).table().syn(&[
                "plan owner",
                "policy owner",
                "document owner",
            ]),
            f("effective", "Effective date", Date).syn(&["effective date"]),
            f("impact_points", "Impact time points", Duration)
                .list()
                .syn(&["impact intervals", "impact time points"]),
            f("review_interval", "Review interval", Duration).syn(&[
                "review cycle",
                "review frequency",
                "review",
            ]),
            f("last_review", "Last review", Date)
                .syn(&["last reviewed"])
                .bookkeeping(),
            f("approved_by", "Approved by", Text).bookkeeping(),
            f("approved_on", "Approved on", Date).bookkeeping(),
            f(
                "classification",
                "Classification",
                Enum(&["public", "internal", "confidential", "restricted"]),
            ),
        ],
    },
    KindDef {
        name: "section",
        label: "Section",
        plural: "Sections",
        title: "title",
        help: "A titled Markdown section of the plan (purpose, scope, strategy, procedures…).",
        verifiable: true,
        system: false,
        group: Group::Structure,
        nav_group: NavGroup::Plan,
        append_only: false,
        missing_hint: None,
        nav_label: None,
        printed_as_table: false,
        own_fields: &[
            f("title", "Title", Text).req().search().table(),
            f("position", "Position", Int).table(),
            f("parent", "Part of", Ref("section")),
            f("body", "Text", Markdown).search(),
            f("owner", "Owner", Text).table(),
        ],
    },
    KindDef {
        name: "objective",
        label: "Recovery objective",
        plural: "Recovery objectives",
        title: "function",
        help: "A business function: how critical it is, its recovery time and point objectives, how long it may be down at most (MTPD) and the least service it must keep (MBCO). Its impact over time and what it depends on are recorded as impact ratings and dependency links.",
        verifiable: false,
        system: false,
        group: Group::Record,
        nav_group: NavGroup::Plan,
        append_only: false,
        missing_hint: Some(
            "No recovery objectives: which functions matter most, how long may each be down (RTO), how much data may be lost (RPO)?",
        ),
        nav_label: Some("RTO / RPO"),
        printed_as_table: true,
        own_fields: &[
            f("function", "Function", Text)
                .req()
                .search()
                .table()
                .syn(&[
                    "business function",
                    "system",
                    "service",
                    "severity",
                    "process",
                    "business process",
                    "asset",
                    "application",
                    "activity",
                    "business activity",
                ]),
            f("rto", "RTO", Duration).table().syn(&[
                "recovery time objective",
                "rto target",
                "max downtime",
            ]),
            f("rpo", "RPO", Duration).table().syn(&[
                "recovery point objective",
                "rpo target",
                "max data loss",
            ]),
            f("mtpd", "Tolerable downtime (MTPD)", Duration)
                .table()
                .syn(&[
                    "mtpd",
                    "maximum tolerable period of disruption",
                    "maximum tolerable downtime",
                    "mtd",
                    "maximum acceptable outage",
                    "mao",
                ]),
            f("mbco", "Minimum service (MBCO)", LongText)
                .search()
                .syn(&[
                    "minimum business continuity objective",
                    "minimum service level",
                    "minimum acceptable service",
                ]),
            f("criticality", "Criticality", Enum(CRITICALITY))
                .table()
                .syn(&["priority", "tier"]),
            f("impact", "Impact", LongText).search().syn(&[
                "business impact",
                "impact of disruption",
                "impact of outage",
            ]),
            f("owner", "Owner", Text).table().syn(&["responsible"]),
            f("dependencies", "Depends on", Text)
                .list()
                .search()
                .syn(&["dependencies"]),
            f("notes", "Notes", LongText).search().syn(NOTES),
        ],
    },
    KindDef {
        name: "role",
        label: "Role",
        plural: "Roles",
        title: "name",
        help: "A response role with its responsibilities, primary and backup person and authority.",
        verifiable: true,
        system: false,
        group: Group::Record,
        nav_group: NavGroup::People,
        append_only: false,
        missing_hint: Some(
            "The plan names no response roles: nobody knows who leads, who talks to customers, who restores. Add them under Call tree.",
        ),
        nav_label: None,
        printed_as_table: true,
        own_fields: &[
            f("name", "Role", Text)
                .req()
                .search()
                .table()
                .syn(&["role", "function", "position"]),
            f("primary", "Primary", Ref("contact")).table().syn(&[
                "primary contact",
                "owner",
                "person",
                "name",
            ]),
            f("backup", "Backup", Ref("contact")).table().syn(&[
                "backup contact",
                "deputy",
                "alternate",
                "secondary",
                "successor",
                "stand-in",
            ]),
            f("responsibilities", "Responsibilities", LongText)
                .search()
                .syn(&["responsibility", "duties"]),
            f("authority", "Authority", LongText)
                .search()
                .syn(&["decision authority"]),
            f("call_order", "Call order", Int).table(),
            f("notes", "Notes", LongText).search().syn(NOTES),
        ],
    },
    KindDef {
        name: "contact",
        label: "Contact",
        plural: "Contacts",
        title: "name",
        help: "A person or organisation to call: phones, e-mails, address, tags, call order.",
        verifiable: true,
        system: false,
        group: Group::Record,
        nav_group: NavGroup::People,
        append_only: false,
        missing_hint: Some(
            "The binder holds no contacts: no numbers to call at 3 a.m. Import them (vCard) or add them.",
        ),
        nav_label: None,
        printed_as_table: true,
        own_fields: &[
            f("name", "Name", Text)
                .req()
                .search()
                .table()
                .syn(&["full name", "contact", "person"]),
            f("org", "Organisation", Text)
                .search()
                .table()
                .syn(&["organization", "company"]),
            f("job_title", "Title", Text)
                .search()
                .syn(&["title", "position", "job"]),
            f("phones", "Phones", Phone).list().search().table().syn(&[
                "phone",
                "telephone",
                "mobile",
                "cell",
                "tel",
                "phone number",
                "mobile phone",
                "work phone",
            ]),
            f("emails", "E-mails", Email).list().search().table().syn(&[
                "email",
                "e-mail",
                "mail",
                "email address",
            ]),
            f("address", "Address", LongText).search(),
            f("tags", "Tags", Text).list().search(),
            f("call_order", "Call order", Int),
            f("notes", "Notes", LongText).search().syn(NOTES),
        ],
    },
    KindDef {
        name: "vendor",
        label: "Vendor",
        plural: "Vendors",
        title: "name",
        help: "A supplier: its service, how critical it is, support contact, account ID, SLA.",
        verifiable: true,
        system: false,
        group: Group::Record,
        nav_group: NavGroup::People,
        append_only: false,
        missing_hint: None,
        nav_label: None,
        printed_as_table: true,
        own_fields: &[
            f("name", "Vendor", Text).req().search().table().syn(&[
                "vendor",
                "provider",
                "supplier",
                "company",
                "company name",
                "organisation",
                "organization",
            ]),
            f("service", "Service", Text)
                .search()
                .table()
                .syn(&["purpose", "used for", "category", "utility", "trade"]),
            f("criticality", "Criticality", Enum(CRITICALITY))
                .table()
                .syn(&["tier", "priority"]),
            f("support_phone", "Support phone", Phone).search().syn(&[
                "phone",
                "support line",
                "phone number",
                "telephone",
            ]),
            f("support_email", "Support e-mail", Email)
                .search()
                .syn(&["email", "support"]),
            f("support_url", "Support site", Url).syn(&[
                "url",
                "website",
                "status page",
                "support contact",
            ]),
            f("account_id", "Account ID", Text).search().table().syn(&[
                "account",
                "account number",
                "customer id",
            ]),
            f("sla", "SLA", Text).syn(&["service level"]),
            f("recovery_time", "Contractual recovery time", Duration).syn(&[
                "guaranteed recovery time",
                "recovery sla",
                "restore time",
            ]),
            f("backup_vendor", "Backup vendor", Text).syn(&[
                "backup",
                "alternative",
                "fallback",
                "backup provider",
                "backup supplier",
                "secondary provider",
                "secondary vendor",
                "fallback provider",
                "alternative provider",
            ]),
            f("notes", "Notes", LongText).search().syn(NOTES),
        ],
    },
    KindDef {
        name: "dependency",
        label: "Dependency",
        plural: "Dependencies",
        title: "system",
        help: "What depends on what: a business function relies on a system, run by a vendor.",
        verifiable: false,
        system: false,
        group: Group::Record,
        nav_group: NavGroup::Plan,
        append_only: false,
        missing_hint: None,
        nav_label: None,
        printed_as_table: true,
        own_fields: &[
            f("system", "System", Text).req().search().table().syn(&[
                "component",
                "resource",
                "business resource",
                "asset",
                "service",
                "application",
                "tool",
            ]),
            f("type", "Type", Enum(DEPENDENCY_TYPES)).table(),
            f("function", "Function", Text).search().table().syn(&[
                "business function",
                "used for",
                "users",
                "supports",
                "functions supported",
                "needed by",
            ]),
            f("recovers_in", "Recovers in", Duration).table().syn(&[
                "recovery time",
                "time to restore",
                "time to recover",
            ]),
            f("vendor", "Vendor", Ref("vendor"))
                .table()
                .syn(&["provider"]),
            f("workaround", "If it fails", LongText).search().syn(&[
                "workaround",
                "recovery method",
                "continuity measure",
                "continuity",
                "fallback",
                "manual workaround",
                "resilience",
            ]),
            f("notes", "Notes", LongText).search().syn(NOTES),
        ],
    },
    impact::LINK,
    impact::IMPACT,
    KindDef {
        name: "level",
        label: "Activation level",
        plural: "Activation levels",
        title: "name",
        help: "An activation level, severity or priority: its criteria, response time and authority.",
        verifiable: false,
        system: false,
        group: Group::Record,
        nav_group: NavGroup::Plan,
        append_only: false,
        missing_hint: Some(
            "No activation levels: how bad is bad enough to activate the plan, and who decides?",
        ),
        nav_label: None,
        printed_as_table: true,
        own_fields: &[
            f("name", "Level", Text)
                .req()
                .search()
                .table()
                .syn(&["level", "severity", "priority", "event"]),
            f("rank", "Rank", Int).table(),
            f("criteria", "Criteria", LongText).search().table().syn(&[
                "description",
                "definition",
                "examples",
            ]),
            f("response_time", "Response time", Duration)
                .table()
                .syn(&["response", "response target"]),
            f("authority", "Authority", Text)
                .search()
                .syn(&["who activates", "activated by"]),
            f("steps", "First steps", LongText)
                .search()
                .syn(&["actions", "response"]),
            f("notes", "Notes", LongText).search().syn(NOTES),
        ],
    },
    KindDef {
        name: "wave",
        label: "Call wave",
        plural: "Call tree waves",
        title: "name",
        help: "One wave of the call tree: the roles called together, who calls them, and how long to wait before going to a backup or the next wave.",
        verifiable: false,
        system: false,
        group: Group::Structure,
        nav_group: NavGroup::Incident,
        append_only: false,
        missing_hint: None,
        nav_label: None,
        printed_as_table: false,
        own_fields: &[
            f("name", "Wave", Text).req().search().table(),
            f("position", "Order", Int).table(),
            f("levels", "Levels", Ref("level")).list().table(),
            f("roles", "Roles called", Ref("role")).list().req().table(),
            f("wait", "Wait before escalating", Duration)
                .table()
                .syn(&["escalate after", "escalation time"]),
            f("needs", "Done when", Enum(WAVE_NEEDS)).table(),
            f("caller", "Called by", Ref("role")).table(),
            f("notes", "Notes", LongText).search().syn(NOTES),
        ],
    },
    KindDef {
        name: "checklist",
        label: "Checklist",
        plural: "Checklists",
        title: "title",
        help: "A phase or scenario checklist; its steps are `item` records.",
        verifiable: false,
        system: false,
        group: Group::Structure,
        nav_group: NavGroup::Plan,
        append_only: false,
        missing_hint: Some(
            "No checklists: what to do first, in which order, when the plan is activated.",
        ),
        nav_label: None,
        printed_as_table: false,
        own_fields: &[
            f("title", "Checklist", Text).req().search().table(),
            f(
                "phase",
                "Phase",
                Enum(&[
                    "initial response",
                    "during",
                    "recovery",
                    "post-incident",
                    "scenario",
                ]),
            )
            .table(),
            f("level", "Level", Ref("level")).table(),
            f("position", "Position", Int),
            f("description", "Description", LongText).search(),
        ],
    },
    KindDef {
        name: "item",
        label: "Checklist item",
        plural: "Checklist items",
        title: "text",
        help: "One step of a checklist: what to do, who does it, in which time window.",
        verifiable: false,
        system: false,
        group: Group::Structure,
        nav_group: NavGroup::Plan,
        append_only: false,
        missing_hint: None,
        nav_label: None,
        printed_as_table: false,
        own_fields: &[
            f("checklist", "Checklist", Ref("checklist")).req().table(),
            f("position", "Position", Int).table(),
            f("text", "Step", Text)
                .req()
                .search()
                .table()
                .syn(&["task", "action", "step", "item"]),
            f("owner", "Owner", Text)
                .search()
                .table()
                .syn(&["who", "responsible", "role"]),
            f("window", "Time window", Duration)
                .table()
                .syn(&["when", "time", "timeframe"]),
        ],
    },
    KindDef {
        name: "template",
        label: "Message template",
        plural: "Message templates",
        title: "name",
        help: "A communication template with {placeholders}, its audience and channel.",
        verifiable: false,
        system: false,
        group: Group::Record,
        nav_group: NavGroup::Plan,
        append_only: false,
        missing_hint: None,
        nav_label: None,
        printed_as_table: true,
        own_fields: &[
            f("name", "Template", Text).req().search().table(),
            f("audience", "Audience", Text).search().table(),
            f("channel", "Channel", Enum(CHANNELS)).table(),
            f("subject", "Subject", Text).search(),
            f("body", "Message", LongText).search(),
        ],
    },
    KindDef {
        name: "comms",
        label: "Communication",
        plural: "Communication plan",
        title: "audience",
        help: "Who is told what, how often, by whom.",
        verifiable: false,
        system: false,
        group: Group::Record,
        nav_group: NavGroup::Plan,
        append_only: false,
        missing_hint: None,
        nav_label: None,
        printed_as_table: true,
        own_fields: &[
            f("audience", "Audience", Text)
                .req()
                .search()
                .table()
                .syn(&["stakeholder", "stakeholders"]),
            f("channel", "Channel", Text)
                .table()
                .syn(&["method", "medium"]),
            f("frequency", "Frequency", Text)
                .table()
                .syn(&["cadence", "timing", "when"]),
            f("owner", "Owner", Text)
                .table()
                .syn(&["responsible", "who"]),
            f("template", "Template", Ref("template")),
            f("notes", "Notes", LongText).search().syn(NOTES),
        ],
    },
    KindDef {
        name: "schedule",
        label: "Scheduled task",
        plural: "Test and review schedule",
        title: "task",
        help: "A recurring test, review or maintenance task and when it was last done.",
        verifiable: false,
        system: false,
        group: Group::Record,
        nav_group: NavGroup::Plan,
        append_only: false,
        missing_hint: None,
        nav_label: None,
        printed_as_table: true,
        own_fields: &[
            f("task", "Task", Text).req().search().table().syn(&[
                "test type",
                "test",
                "activity",
                "review",
            ]),
            f(
                "type",
                "Type",
                Enum(&["test", "exercise", "review", "maintenance", "training"]),
            )
            .table(),
            f("frequency", "Frequency", Duration)
                .table()
                .syn(&["interval", "cadence"]),
            f("owner", "Owner", Text).table().syn(&["responsible"]),
            f("participants", "Participants", Text).list().search(),
            f("last_done", "Last done", Date).table().syn(&[
                "last tested",
                "last performed",
                "last run",
            ]),
            f("notes", "Notes", LongText).search().syn(NOTES),
        ],
    },
    KindDef {
        name: "risk",
        label: "Risk",
        plural: "Risks",
        title: "name",
        help: "A risk with its probability, impact and mitigation.",
        verifiable: false,
        system: false,
        group: Group::Record,
        nav_group: NavGroup::Plan,
        append_only: false,
        missing_hint: None,
        nav_label: None,
        printed_as_table: true,
        own_fields: &[
            f("name", "Risk", Text).req().search().table().syn(&[
                "threat",
                "scenario",
                "hazard",
                "hazards",
                "risk description",
            ]),
            f("category", "Category", Text).table(),
            f("probability", "Probability", Enum(LEVELS_OF))
                .table()
                .syn(&["likelihood"]),
            f("impact", "Impact", Enum(LEVELS_OF)).table().syn(&[
                "severity",
                "uncontrolled risk",
                "risk level",
                "risk rating",
            ]),
            f("mitigation", "Mitigation", LongText).search().syn(&[
                "controls",
                "response",
                "required controls",
                "controls required",
                "control measures",
                "mitigations",
            ]),
            f("owner", "Owner", Text).syn(&["action by", "action by whom", "by whom"]),
            f("notes", "Notes", LongText).search().syn(NOTES),
        ],
    },
    KindDef {
        name: "control",
        label: "Control",
        plural: "Compliance controls",
        title: "reference",
        help: "A compliance control (e.g. ISO 27001 A.5.30) and how the plan covers it.",
        verifiable: false,
        system: false,
        group: Group::Record,
        nav_group: NavGroup::Plan,
        append_only: false,
        missing_hint: None,
        nav_label: None,
        printed_as_table: true,
        own_fields: &[
            f("reference", "Control", Text)
                .req()
                .search()
                .table()
                .syn(&["control", "requirement", "clause"]),
            f("framework", "Framework", Text).table().syn(&["standard"]),
            f("description", "Description", LongText).search(),
            f(
                "coverage",
                "Coverage",
                Enum(&["full", "partial", "planned", "none"]),
            )
            .table(),
            f("evidence", "Evidence", LongText)
                .search()
                .syn(&["how", "implementation"]),
            f("notes", "Notes", LongText).search().syn(NOTES),
        ],
    },
    incident::INCIDENT,
    incident::RUN,
    incident::TICK,
    incident::ENTRY,
    incident::ATTEMPT,
    KindDef {
        name: "signoff",
        label: "Sign-off",
        plural: "Reviews and approvals",
        title: "name",
        help: "A signed statement that a person reviewed or approved the plan as it was at that moment.",
        verifiable: false,
        system: true,
        group: Group::System,
        nav_group: NavGroup::Binder,
        append_only: true,
        missing_hint: None,
        nav_label: None,
        printed_as_table: false,
        own_fields: &[
            f("name", "Name", Text).req(),
            f("role", "Role", Text),
            f("meaning", "Meaning", Enum(&["reviewed", "approved"])).req(),
            f("at", "Signed at", DateTime).req(),
            f("plan_fingerprint", "Plan fingerprint", Text).req(),
            f("plan_hash", "Plan hash (signed)", Text).req().hidden(),
            f("signing_key", "Signing key", Text).req().hidden(),
            f("signature", "Signature", Text).req().hidden(),
        ],
    },
    KindDef {
        name: "member",
        label: "Member",
        plural: "Members",
        title: "name",
        help: "A person who can open the binder, their role and public keys.",
        verifiable: false,
        system: true,
        group: Group::System,
        nav_group: NavGroup::Team,
        append_only: false,
        missing_hint: None,
        nav_label: None,
        printed_as_table: true,
        own_fields: &[
            f("name", "Name", Text).req().search().table(),
            f("role", "Role", Enum(&["owner", "editor", "viewer"]))
                .req()
                .table(),
            f("recipient", "Encryption key", Text).req().hidden(),
            f("hardware_recipient", "Hardware key", Text).hidden(),
            f("signing_key", "Signing key", Text).req().hidden(),
            f("took_over_with", "Took over with", Text),
            f("took_over_at", "Took over", DateTime),
        ],
    },
    KindDef {
        name: "recovery",
        label: "Recovery key",
        plural: "Recovery keys",
        title: "label",
        help: "An extra key, printed on the emergency access sheet or split into shares among successors, that can open the binder and make a successor an owner.",
        verifiable: false,
        system: true,
        group: Group::System,
        nav_group: NavGroup::Team,
        append_only: false,
        missing_hint: None,
        nav_label: None,
        printed_as_table: false,
        own_fields: &[
            f("label", "Label", Text).req().table(),
            f("recipient", "Public key", Text).req().table().hidden(),
            f("signing_key", "Signing key", Text).hidden(),
            f("created_at", "Created", DateTime).table(),
            f("holders", "Share holders", Text).list().table(),
            f("need", "Shares needed", Int).table(),
        ],
    },
];
