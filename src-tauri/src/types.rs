//! What crosses IPC besides the core's own types: requests from the UI and the shapes of the
//! screens. TypeScript declarations are generated from these (see `bindings.rs`).

use binder::catalog::{self, FieldType, Group, KindDef, VERIFY_FIELDS};
use binder::overview::{CallEntry, ChecklistView};
use binder::planimport::PlanReport;
use binder::readiness::Readiness;
use binder::store::{Conflict, Record};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::settings::Settings;

/// Which screen the app is on.
#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// No binder chosen yet: create, open, join or try the demo.
    Welcome,
    /// A binder is chosen but locked.
    Locked,
    /// Open.
    Unlocked,
}

/// Where the app stands.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppStatus {
    /// The screen to show.
    pub stage: Stage,
    /// The binder file, when one is chosen.
    pub binder_path: Option<String>,
    /// The identity file that opens it.
    pub identity_path: Option<String>,
    /// Whether this is the demo binder (its passphrase is shown on the unlock screen).
    pub demo: bool,
    /// Started with `--demo` and no binder chosen: the UI opens the demo right away.
    pub start_demo: bool,
    /// The demo's passphrase, shown on its unlock screen (it protects only made-up data).
    pub demo_passphrase: Option<String>,
    /// Where a new binder goes by default.
    pub default_binder_path: String,
    /// Whether a binder of your own already exists at the default place.
    pub has_own_binder: bool,
    /// Settings.
    pub settings: Settings,
    /// Who is signed in (the identity's name), when unlocked.
    pub user: Option<String>,
    /// Organisation and plan title, when unlocked.
    pub title: Option<String>,
    /// Opened with successor shares: the recovery key's label (the plan is read-only to it;
    /// incidents can be run; taking over is offered).
    pub recovery: Option<String>,
    /// The hardware key the identity is kept behind (instead of a passphrase), if it is.
    pub hardware_key: Option<binder::hardware::HardwareKey>,
}

/// A passphrase from the UI, held as a secret from the moment it is parsed (never serialized,
/// never logged: it has no `Serialize` and a redacted `Debug`).
pub struct Passphrase(pub SecretString);

impl<'de> Deserialize<'de> for Passphrase {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| Passphrase(SecretString::from(s)))
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

impl TS for Passphrase {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name(_: &ts_rs::Config) -> String {
        "string".into()
    }
    fn inline(_: &ts_rs::Config) -> String {
        "string".into()
    }
}

/// A new binder.
#[derive(Deserialize, TS)]
pub struct CreateBinder {
    /// Your name, as other founders will see it in the history.
    pub name: String,
    /// The company.
    pub organisation: String,
    /// The passphrase for your identity file.
    pub passphrase: Passphrase,
    /// Where to put the binder (default: the app's data folder).
    pub binder_path: Option<String>,
    /// Start from the starter plan (levels, roles, checklists, templates to adapt).
    pub starter: bool,
}

/// A binder just made: the recovery key is shown to the user once, then forgotten.
#[derive(Serialize, TS)]
pub struct Created {
    /// The app's state (unlocked on the new binder).
    pub status: AppStatus,
    /// The recovery key's secret (`AGE-SECRET-KEY-1…`). This is the one secret that ever crosses
    /// to the UI, because the user must write it down; it is never stored unencrypted.
    pub recovery_key: String,
    /// Its public half, as stored in the binder.
    pub recovery_recipient: String,
}

/// How far an unlock has got (event `unlock-progress`).
#[derive(Debug, Clone, Serialize, TS)]
pub struct UnlockProgress {
    /// `key` (deriving the key from the passphrase), `binder` (decrypting), `ready`.
    pub stage: String,
    /// What is happening, in words.
    pub message: String,
}

/// A hardware key's question or message (event `hardware-prompt`): `pin` and `text` want a
/// value, `confirm` yes or no, `message` is shown until `done` (the work that asked is over).
#[derive(Debug, Clone, Serialize, TS)]
pub struct HardwarePrompt {
    /// What to answer with `answer_hardware_prompt` (0 for `message` and `done`).
    pub id: u32,
    /// `pin`, `text`, `confirm`, `message` or `done`.
    pub kind: String,
    /// What the plugin says, as it says it ("Enter PIN for YubiKey with serial 1234567").
    pub message: String,
    /// For `confirm`: the words of the yes button.
    pub yes: Option<String>,
    /// For `confirm`: the words of the no button, if there is one.
    pub no: Option<String>,
}

/// Why the binder locked itself (event `locked`).
#[derive(Debug, Clone, Serialize, TS)]
pub struct LockedEvent {
    /// `idle`, `window`, or `restore` (an earlier version that would not open).
    pub reason: String,
}

/// How a field is edited and shown.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FieldInfo {
    /// Field name.
    pub name: String,
    /// Label.
    pub label: String,
    /// How it is typed and shown.
    pub input: InputKind,
    /// Several values (entered one per line or separated by ";").
    pub list: bool,
    /// Must be filled.
    pub required: bool,
    /// Shown as a column of the kind's table.
    pub table: bool,
    /// The choices of an enum field.
    pub options: Vec<String>,
    /// The kind a reference points to.
    pub ref_kind: Option<String>,
    /// What is expected, with an example.
    pub hint: String,
}

/// How a field is typed in a form and shown (from its catalog type).
#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// One line.
    Text,
    /// Several lines of plain text.
    LongText,
    /// Several lines of Markdown: written with a preview, shown rendered.
    Markdown,
    /// Yes or no (stored as `yes` / `no`; `options` holds both).
    Bool,
    /// A phone number: large, dialable.
    Phone,
    /// An e-mail address.
    Email,
    /// A web address.
    Url,
    /// A duration or frequency.
    Duration,
    /// A date.
    Date,
    /// A moment.
    #[serde(rename = "datetime")]
    DateTime,
    /// A whole number.
    Int,
    /// One of `options`.
    Enum,
    /// A reference to a record of `ref_kind`.
    Ref,
}

/// A kind of record, as the UI's generic views need it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct KindInfo {
    /// Kind name.
    pub name: String,
    /// Singular label.
    pub label: String,
    /// Plural label (navigation).
    pub plural: String,
    /// The field that titles a record.
    pub title: String,
    /// What the kind is for.
    pub help: String,
    /// Can be marked verified.
    pub verifiable: bool,
    /// Written by the app itself, not edited by hand (members, recovery keys).
    pub system: bool,
    /// What part of a binder the kind belongs to (the plan's tables are `record`).
    pub group: Group,
    /// Where the navigation lists it.
    pub nav_group: binder::catalog::NavGroup,
    /// Records are never edited or deleted once written.
    pub append_only: bool,
    /// The name in the navigation.
    pub nav_label: String,
    /// Fields, in order (hidden ones left out).
    pub fields: Vec<FieldInfo>,
}

impl KindInfo {
    /// The catalog entry as the UI sees it.
    pub fn of(kind: &KindDef) -> KindInfo {
        KindInfo {
            name: kind.name.into(),
            label: kind.label.into(),
            plural: kind.plural.into(),
            title: kind.title.into(),
            help: kind.help.into(),
            verifiable: kind.verifiable,
            system: kind.system,
            group: kind.group,
            nav_group: kind.nav_group,
            append_only: kind.append_only,
            nav_label: kind.nav_label.unwrap_or(kind.plural).into(),
            fields: kind
                .fields()
                // Hidden fields (keys) are not shown; "verified" is set by Mark verified only.
                .filter(|f| f.pdf && !VERIFY_FIELDS.iter().any(|v| v.name == f.name))
                .map(|f| {
                    let (input, options, ref_kind) = match f.ty {
                        FieldType::Text => (InputKind::Text, vec![], None),
                        FieldType::LongText => (InputKind::LongText, vec![], None),
                        FieldType::Markdown => (InputKind::Markdown, vec![], None),
                        FieldType::Bool => (
                            InputKind::Bool,
                            catalog::YES_NO.iter().map(|o| o.to_string()).collect(),
                            None,
                        ),
                        FieldType::Phone => (InputKind::Phone, vec![], None),
                        FieldType::Email => (InputKind::Email, vec![], None),
                        FieldType::Url => (InputKind::Url, vec![], None),
                        FieldType::Duration => (InputKind::Duration, vec![], None),
                        FieldType::Date => (InputKind::Date, vec![], None),
                        FieldType::DateTime => (InputKind::DateTime, vec![], None),
                        FieldType::Int => (InputKind::Int, vec![], None),
                        FieldType::Enum(opts) => (
                            InputKind::Enum,
                            opts.iter().map(|o| o.to_string()).collect(),
                            None,
                        ),
                        FieldType::Ref(to) => (InputKind::Ref, vec![], Some(to.to_string())),
                    };
                    FieldInfo {
                        name: f.name.into(),
                        label: f.label.into(),
                        input,
                        list: f.list,
                        required: f.required,
                        table: f.table,
                        options,
                        ref_kind,
                        hint: f.expected(),
                    }
                })
                .collect(),
        }
    }

    /// Every kind in the catalog.
    pub fn all() -> Vec<KindInfo> {
        catalog::KINDS.iter().map(KindInfo::of).collect()
    }
}

/// One field as typed in a form (list fields: one value per line).
#[derive(Debug, Clone, Deserialize, TS)]
pub struct FieldInput {
    /// Field name.
    pub name: String,
    /// The text typed; empty clears the field.
    pub value: String,
}

/// A record with the titles of the records it refers to, for showing.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RecordView {
    /// The record.
    pub record: Record,
    /// Its title.
    pub title: String,
    /// Title of each referenced record, by id.
    pub refs: std::collections::BTreeMap<String, String>,
}

/// The records of one kind, with the titles of what they refer to.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RecordList {
    /// The records, in order.
    pub records: Vec<Record>,
    /// Title of each referenced record, by id.
    pub refs: std::collections::BTreeMap<String, String>,
}

/// The home screen: what to do right now.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Home {
    /// Organisation.
    pub organisation: String,
    /// Plan title and version.
    pub plan_title: String,
    /// Activation levels, by rank.
    pub levels: Vec<Record>,
    /// Who to call, in order.
    pub calls: Vec<CallEntry>,
    /// The checklist for the first minutes.
    pub first_checklist: Option<ChecklistView>,
    /// Message templates.
    pub templates: Vec<Record>,
    /// What is stale or missing: the score and the most serious gaps (the `readiness` command
    /// gives them all).
    pub readiness: Readiness,
    /// How many gaps there are in all.
    pub gaps_total: u32,
}

/// The sync screen.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncStatus {
    /// The shared file, when chosen.
    pub shared: Option<String>,
    /// When the last sync finished.
    pub last_sync: Option<String>,
    /// This copy's fingerprint (compare it with the other founders' over the phone).
    pub fingerprint: String,
    /// Fields changed by two people at once, not yet settled.
    pub conflicts: Vec<Conflict>,
    /// What the last sync of this session did.
    pub last_report: Option<SyncSummary>,
}

/// What one sync did, in words and numbers.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncSummary {
    /// Change sets received.
    pub received: u32,
    /// Change sets sent.
    pub sent: u32,
    /// Whether this sync created the shared file.
    pub created: bool,
    /// Refused change sets, each with its reason.
    pub rejected: Vec<String>,
    /// Conflicted copies found and merged (sync services make these).
    pub copies: Vec<String>,
    /// When it finished.
    pub finished_at: String,
    /// Successors who took over as owner, first seen in this sync ("Maria took over…").
    pub takeovers: Vec<String>,
    /// What went wrong without undoing the sync (the shared folder not flushed to disk).
    pub warnings: Vec<String>,
}

impl From<&binder::sync::SyncReport> for SyncSummary {
    fn from(r: &binder::sync::SyncReport) -> Self {
        SyncSummary {
            received: r.received as u32,
            sent: r.sent as u32,
            created: r.created,
            rejected: r.rejected.iter().map(|x| x.to_string()).collect(),
            copies: r
                .copies
                .iter()
                .map(|c| {
                    let what = match (&c.note, c.removed) {
                        (Some(note), _) => note.clone(),
                        (None, true) => "merged and removed".into(),
                        (None, false) => "merged".into(),
                    };
                    format!("{} ({} change sets): {what}", c.path.display(), c.received)
                })
                .collect(),
            finished_at: r.finished_at.clone(),
            takeovers: r.takeovers.iter().map(|t| t.sentence()).collect(),
            warnings: r.warnings.clone(),
        }
    }
}

/// What the "browse" buttons may pick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FilePurpose {
    /// An existing binder file.
    OpenBinder,
    /// An identity file.
    Identity,
    /// The shared file (may not exist yet).
    Shared,
    /// Where to create a new binder.
    NewBinder,
    /// An existing plan document to import.
    Plan,
    /// Contacts to import (vCard).
    Vcard,
    /// A CSV file to import.
    Csv,
    /// A JSON export to import.
    Json,
    /// A photo or scan of a share's QR code.
    Image,
    /// The folder for the successor kit's sheets.
    Folder,
    /// A call log saved on the phone copy.
    CallLog,
}

/// Which document to print.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PrintDocument {
    /// The whole binder.
    Binder,
    /// The wallet card.
    WalletCard,
    /// The report of one incident (its id is given beside).
    IncidentReport,
}

/// What the incident screen needs to start one: the levels, the past incidents, the scheduled
/// exercises an exercise may carry out.
#[derive(Debug, Serialize, TS)]
pub struct Incidents {
    /// Every incident, newest first.
    pub incidents: Vec<Record>,
    /// The activation levels, by rank.
    pub levels: Vec<Record>,
    /// Scheduled tests and exercises.
    pub exercises: Vec<Record>,
}

/// A request to activate an incident or exercise.
#[derive(Debug, Deserialize, TS)]
pub struct StartIncident {
    /// Level id.
    pub level: String,
    /// Title (empty: the level and the time).
    pub title: String,
    /// The service affected.
    pub service: String,
    /// Whether this is an exercise.
    pub exercise: bool,
    /// The scheduled task the exercise carries out (id), if any.
    pub exercise_of: Option<String>,
    /// What is down: systems, vendors or functions (ids).
    #[serde(default)]
    pub down: Vec<String>,
}

/// One call attempt, as the incident screen records it.
#[derive(Debug, Deserialize, TS)]
pub struct RecordCall {
    /// The contact called (id).
    pub person: String,
    /// The role they were called for (id), or "".
    pub role: String,
    /// The number or address used, or "" for the one the call tree says.
    pub via: String,
    /// One of the outcomes (confirmed, cannot help, answered, voicemail, no answer, busy,
    /// wrong number, skipped).
    pub outcome: String,
    /// What was said, or "".
    pub note: String,
}

/// The plan's sign-offs, checked, and what the person may sign.
#[derive(Debug, Serialize, TS)]
pub struct Signoffs {
    /// The plan fingerprint now.
    pub plan_fingerprint: String,
    /// Every sign-off, newest first.
    pub signoffs: Vec<binder::signoff::SignoffCheck>,
    /// The member's name.
    pub name: String,
    /// owner, editor or viewer.
    pub role: String,
}

/// A PDF written to disk.
#[derive(Debug, Serialize, TS)]
pub struct PrintedFile {
    /// Where.
    pub path: String,
    /// Pages.
    pub pages: usize,
    /// Size in bytes.
    pub bytes: usize,
    /// Characters the fonts could not show (printed as "?"), one line each.
    pub missing: Vec<String>,
}

/// What a plan import did.
#[derive(Debug, Serialize, TS)]
pub struct PlanImported {
    /// What became what.
    pub report: PlanReport,
    /// Records made.
    pub created: usize,
    /// Existing records changed.
    pub updated: usize,
}

/// A member of the team, as the Team screen shows them.
#[derive(Debug, Serialize, TS)]
pub struct MemberInfo {
    /// Record id (`member-…`).
    pub id: String,
    /// Name.
    pub name: String,
    /// owner, editor or viewer.
    pub role: String,
    /// Their signing key's fingerprint, in groups of four, to compare over the phone.
    pub fingerprint: String,
    /// When they last changed something (RFC 3339), if ever.
    pub last_change: Option<String>,
    /// Whether this is you.
    pub you: bool,
}

/// The team and what you may do with it.
#[derive(Debug, Serialize, TS)]
pub struct Team {
    /// Owners first, then editors, then viewers.
    pub members: Vec<MemberInfo>,
    /// Your role.
    pub your_role: String,
    /// Whether you may add, change and remove members (owners).
    pub can_manage: bool,
}

/// Whose an invitation is, read before adding it.
#[derive(Debug, Serialize, TS)]
pub struct InvitationInfo {
    /// The name they gave.
    pub name: String,
    /// Their key's fingerprint (the joining screen shows the same).
    pub fingerprint: String,
}

/// The phone copy: where it is kept fresh, when it was last written.
#[derive(Debug, Serialize, TS)]
pub struct PocketStatus {
    /// Where the phone copy is written; none when there is no phone copy.
    pub target: Option<String>,
    /// When the file there was last written (RFC 3339).
    pub written_at: Option<String>,
    /// Something the person should know (the file is missing).
    pub problem: Option<String>,
    /// The shortest passphrase accepted.
    pub min_passphrase: u32,
}

/// A recovery key (public part only).
#[derive(Debug, Serialize, TS)]
pub struct RecoveryKeyInfo {
    /// Record id.
    pub id: String,
    /// What it is called (where it is kept).
    pub label: String,
    /// When it was made (RFC 3339).
    pub created_at: String,
    /// Who made it.
    pub created_by: String,
    /// Its public key.
    pub recipient: String,
}

/// A recovery key just made: its secret crosses to the UI this once, to be written down.
#[derive(Debug, Serialize, TS)]
pub struct NewRecoveryKey {
    /// Its label.
    pub label: String,
    /// The secret key (AGE-SECRET-KEY-1…), shown once.
    pub secret: String,
    /// Its public key.
    pub recipient: String,
}

/// The result of verifying the binder, in words.
#[derive(Debug, Serialize, TS)]
pub struct VerifyView {
    /// Whether everything checked out.
    pub ok: bool,
    /// One sentence.
    pub summary: String,
    /// What was checked and found, one sentence each.
    pub findings: Vec<String>,
    /// The binder's fingerprint.
    pub fingerprint: String,
}

/// What can be imported from a file.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    /// Contacts from Google, Apple or Outlook (vCard 2.1, 3.0, 4.0).
    Vcard,
    /// Records of one kind from a spreadsheet.
    Csv,
    /// A JSON export of a binder.
    Json,
}

/// What can be exported to a file.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// The call list as contacts, for a phone.
    Vcard,
    /// Records of one kind, for a spreadsheet.
    Csv,
    /// Tests, reviews and re-checks, for a calendar.
    Ical,
    /// The whole binder.
    Json,
}

/// A file written by an export.
#[derive(Debug, Serialize, TS)]
pub struct ExportedFile {
    /// Where.
    pub path: String,
    /// How many records or events it holds.
    pub items: usize,
    /// Its size in bytes.
    pub bytes: usize,
}

/// What is wrong with the shares typed so far: which share and which word to look at.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ShareProblem {
    /// The message, naming the share and the word.
    pub message: String,
    /// Which share (1-based, in the order typed).
    pub share: Option<u32>,
    /// Which word of it (1-based).
    pub word: Option<u32>,
}

/// The shares typed so far, checked.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ShareCheck {
    /// Shares read without a problem.
    pub read: u32,
    /// How many more are needed (0: enough to open the binder).
    pub missing: u32,
    /// The first problem, if any.
    pub problem: Option<ShareProblem>,
}

/// One successor kit, as the binder records it: names only, never a share.
#[derive(Debug, Clone, Serialize, TS)]
pub struct KitInfo {
    /// The recovery record.
    pub id: String,
    /// Its label ("Successor kit (2 of 3)").
    pub label: String,
    /// Who holds a share.
    pub holders: Vec<String>,
    /// How many shares open the binder.
    pub need: u32,
    /// When it was made.
    pub created_at: String,
}

/// The binder's succession: its kits, the takeovers so far, and whether this session is a
/// successor's (the recovery key's label).
#[derive(Debug, Clone, Serialize, TS)]
pub struct Succession {
    /// Kits, newest first.
    pub kits: Vec<KitInfo>,
    /// Takeovers, oldest first.
    pub takeovers: Vec<binder::succession::Takeover>,
    /// The recovery key this session signs as, if it is a successor's.
    pub recovery: Option<String>,
}

/// The files a new kit was written to.
#[derive(Debug, Clone, Serialize, TS)]
pub struct KitMade {
    /// A share sheet per holder.
    pub sheets: Vec<String>,
    /// The successor letter.
    pub letter: String,
}
