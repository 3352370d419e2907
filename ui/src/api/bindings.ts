// Generated from the Rust types by src-tauri/src/bindings.rs; do not edit.
// Regenerate: BLESS=1 cargo test -p continuity-binder-app bindings

/**
 * The value of one field of one record. A cleared field is `None` at the use site.
 */
export type Value = boolean | string | Array<string>;

/**
 * A record as the fold left it.
 */
export type BinderRecord = { 
/**
 * Kind name.
 */
kind: string, 
/**
 * Record id.
 */
id: string, 
/**
 * Field values (cleared fields are absent), by field name.
 */
fields: { [key in string]: Value }, 
/**
 * Whether the record is deleted.
 */
deleted: boolean, };

/**
 * A search result.
 */
export type Hit = { 
/**
 * Kind name.
 */
kind: string, 
/**
 * Record id.
 */
id: string, 
/**
 * Record title.
 */
title: string, };

/**
 * One value of a field in conflict: what, by whom, when.
 */
export type Version = { 
/**
 * The value (None = cleared).
 */
value: Value | null, 
/**
 * Actor key id.
 */
actor: string, 
/**
 * The actor's member name (or key id).
 */
who: string, 
/**
 * When, RFC 3339.
 */
time: string, };

/**
 * A field two members changed at the same time without seeing each other's change.
 */
export type Conflict = { 
/**
 * Record id.
 */
id: string, 
/**
 * Kind.
 */
kind: string, 
/**
 * Record title.
 */
title: string, 
/**
 * Field.
 */
field: string, 
/**
 * The value in force (the later write by clock).
 */
winner: Version, 
/**
 * The concurrent values it beat, kept until someone resolves.
 */
others: Array<Version>, };

/**
 * One field change in a record's history.
 */
export type HistoryEntry = { 
/**
 * When (from the HLC), RFC 3339.
 */
time: string, 
/**
 * Actor key id.
 */
actor: string, 
/**
 * The actor's member name, when known.
 */
who: string, 
/**
 * Change set sequence number of the actor.
 */
seq: bigint, 
/**
 * Record id.
 */
id: string, 
/**
 * Field.
 */
field: string, 
/**
 * New value (None = cleared).
 */
value: Value | null, };

/**
 * What kind of gap.
 */
export type GapKind = "no_recovery_key" | "no_successor_kit" | "missing" | "bad_signature" | "not_in_shared_file" | "no_primary" | "no_backup" | "wrong_number" | "example_data" | "rto_over_mtpd" | "recovery_over_rto" | "single_point_of_failure" | "slow_dependency" | "overdue" | "never_done" | "conflict" | "no_objective" | "no_dependencies" | "stale" | "never_verified" | "not_approved";

/**
 * One gap, in words a person acts on.
 */
export type Gap = { 
/**
 * What kind of gap.
 */
kind: GapKind, 
/**
 * The record it is about (None for binder-wide gaps).
 */
id: string | null, 
/**
 * The record's kind ("role", "contact"…) or "binder".
 */
record_kind: string, 
/**
 * The record's title.
 */
title: string, 
/**
 * What is wrong and what to do.
 */
detail: string, };

/**
 * One record still holding example values.
 */
export type Example = { 
/**
 * The record's id.
 */
id: string, 
/**
 * Its kind.
 */
kind: string, 
/**
 * Its title now.
 */
title: string, 
/**
 * The fields still holding the example (each field's name), in the catalog's order.
 */
fields: Array<string>, 
/**
 * The example values still there, as "field: value" lines for a person to read.
 */
values: Array<string>, };

/**
 * The starter plan's examples still in the binder.
 */
export type Examples = { 
/**
 * Each record still holding an example, people first.
 */
records: Array<Example>, 
/**
 * Contacts still named as the example.
 */
people: number, 
/**
 * Example phone numbers and e-mail addresses still listed.
 */
numbers: number, 
/**
 * Example account ids still listed.
 */
accounts: number, };

/**
 * The readiness of a binder on a given day.
 */
export type Readiness = { 
/**
 * 0–100; 100 means nothing is stale or missing.
 */
score: number, 
/**
 * The day it was assessed for.
 */
as_of: string, 
/**
 * The review interval applied, in days.
 */
review_days: bigint, 
/**
 * The gaps, most serious first.
 */
gaps: Array<Gap>, 
/**
 * The starter plan's examples still in the plan, in a sentence ("5 example people and 9
 * example numbers and addresses still in the plan"), or "".
 */
examples: string, };

/**
 * A person on the call list, with every number and address to reach them.
 */
export type Person = { 
/**
 * Contact record id.
 */
id: string, 
/**
 * Name as written.
 */
name: string, 
/**
 * Phone numbers, first is the one to dial first.
 */
phones: Array<string>, 
/**
 * E-mail addresses.
 */
emails: Array<string>, 
/**
 * When someone last confirmed these details (RFC 3339), if ever.
 */
verified_at: string | null, };

/**
 * One role of the call list: who to call first, and who if they do not answer.
 */
export type CallEntry = { 
/**
 * Role record id.
 */
role_id: string, 
/**
 * Role name ("Incident lead").
 */
role: string, 
/**
 * What the role does, to read out on the phone.
 */
responsibilities: string, 
/**
 * The person to call first.
 */
primary: Person | null, 
/**
 * The person to call when the primary cannot be reached.
 */
backup: Person | null, };

/**
 * A checklist with its steps in order.
 */
export type ChecklistView = { 
/**
 * The checklist record.
 */
checklist: BinderRecord, 
/**
 * Its steps (`item` records), by position.
 */
items: Array<BinderRecord>, };

/**
 * How sure a reading is: the app proposes `Sure` and `Likely` records ticked, `Inferred` ones
 * unticked, and the person chooses.
 */
export type Confidence = "inferred" | "likely" | "sure";

/**
 * What one piece of the file became.
 */
export type ReportEntry = { 
/**
 * The line of the file it comes from (1-based).
 */
line: number, 
/**
 * The kind of record it became, or `text` for a part kept as section text.
 */
kind: string, 
/**
 * The record's title (or what was kept).
 */
title: string, 
/**
 * The record's id (none for text).
 */
id: string | null, 
/**
 * Whether the record is new (else an existing record with the same title is updated).
 */
new: boolean, 
/**
 * How it was read, in a sentence.
 */
detail: string, 
/**
 * How sure that reading is.
 */
confidence: Confidence, 
/**
 * For a record the binder already has: the fields importing would change (empty: it is
 * already as the document says). `None` for new records and text.
 */
changes: Array<string> | null, 
/**
 * The first line of the block of the document it was read from (0: from the document
 * as a whole, such as its title or its front matter).
 */
block: number, 
/**
 * Names this proposal across previews of the same file (record ids are made afresh each
 * time): what [`import_selected`] is told to leave out. `None` for what cannot be left out
 * (sections, the plan, text).
 */
key: string | null, };

/**
 * A block of the document as the preview shows it, beside what it became.
 */
export type SourceBlock = { 
/**
 * Its first line (1-based): what a [`Correction`] names.
 */
line: number, 
/**
 * Its last line.
 */
end: number, 
/**
 * `table`, `list`, `tasks` or `text`.
 */
shape: string, 
/**
 * The block as written.
 */
text: string, 
/**
 * A table's headers (`Column 2` where blank), or a list's labels (`Name: value` items).
 */
columns: Array<string>, 
/**
 * The kind most of what it became is, or `text`.
 */
read_as: string, 
/**
 * For each column, the field it went to (`None`: into the notes).
 */
fields: Array<string | null>, 
/**
 * Whether the founder said how to read it.
 */
corrected: boolean, };

/**
 * One column's (or label's) field.
 */
export type ColumnChoice = { 
/**
 * The column: its header as written, or its number (1 for the first).
 */
column: string, 
/**
 * The field it goes to; `None` keeps its cells in each record's notes.
 */
field: string | null, };

/**
 * How to read one block of the document, as the founder chose in the preview.
 */
export type Correction = { 
/**
 * The first line of the block, as the preview names it.
 */
line: number, 
/**
 * A kind of the catalog (`contact`, `level`…), `text` to keep the block as text only, or
 * empty to keep the kind the reading chose and change only its columns.
 */
read_as: string, 
/**
 * Which column of a table (or label of a list) goes to which field; columns not named
 * are read as the reading would.
 */
columns: Array<ColumnChoice>, 
/**
 * The block's first line as written, when known: a newer version of the document whose
 * lines moved still finds the block by it.
 */
anchor: string, };

/**
 * All the corrections for one preview.
 */
export type Corrections = { 
/**
 * One per corrected block.
 */
blocks: Array<Correction>, };

/**
 * The import report: what became what. The app shows it as the preview.
 */
export type PlanReport = { 
/**
 * `Markdown` or `plain text`.
 */
format: string, 
/**
 * The plan's title, if the file names one.
 */
title: string | null, 
/**
 * One entry per record made or updated, and per part kept as text, in file order.
 */
entries: Array<ReportEntry>, 
/**
 * Things to know (values kept in notes, markup left out…).
 */
notes: Array<string>, 
/**
 * The blocks of the document (tables, lists, paragraphs) and how each was read: what the
 * preview shows beside the proposals, and where the founder says "read as…".
 */
blocks: Array<SourceBlock>, 
/**
 * What the founder said that this reading used, each at the line its block starts on in
 * this version of the document (and with that block's first line as its anchor).
 */
corrections: Corrections, };

/**
 * What kind of failure an [`Error`] is, for programs (the app's `{code, message}`): one code per
 * way a person or the UI reacts to it. Stable: the UI compares them.
 */
export type ErrorCode = "bad_invitation" | "binder_missing" | "busy" | "damaged" | "database" | "file" | "hardware_key" | "identity" | "identity_missing" | "identity_work_factor" | "import" | "invalid" | "locked" | "newer_format" | "no_conflict" | "no_such_record" | "not_a_binder" | "not_a_member" | "not_allowed" | "other_binder" | "save_failed" | "watch" | "wrong_identity" | "wrong_passphrase";

/**
 * Failures only the shell has (the core's are [`binder::ErrorCode`]).
 */
export type AppCode = "binder_locked" | "app" | "io" | "no_shared_file" | "not_found" | "open" | "exists" | "gone" | "no_binder" | "settings" | "weak_passphrase" | "offline";

/**
 * The code of a [`CommandError`]: the core's, or the shell's own.
 */
export type Code = ErrorCode | AppCode;

/**
 * An error the UI shows as it is: `message` is a sentence for a person, `code` lets the UI
 * react (e.g. `wrong_passphrase` keeps the unlock field focused), `field` puts a form's message
 * beside the field it is about.
 */
export type CommandError = { 
/**
 * Stable machine-readable code: the core's or the shell's own.
 */
code: Code, 
/**
 * What happened and what to do.
 */
message: string, 
/**
 * The form field the error is about, if any.
 */
field: string | null, };

/**
 * The colour scheme.
 */
export type Theme = "auto" | "dark" | "light";

/**
 * The app's settings, kept in `app.json`.
 */
export type Settings = { 
/**
 * The binder last opened.
 */
binder: string | null, 
/**
 * The identity that opens it.
 */
identity: string | null, 
/**
 * The shared file it syncs with.
 */
shared: string | null, 
/**
 * Lock after this many minutes without use (0 = never).
 */
idle_lock_minutes: number, 
/**
 * Colour scheme.
 */
theme: Theme, 
/**
 * When the last sync finished (RFC 3339).
 */
last_sync: string | null, 
/**
 * Sync by itself (on unlock, after changes, when the shared file changes, every few
 * minutes); off: only when Sync now is clicked.
 */
auto_sync: boolean, };

/**
 * Which screen the app is on.
 */
export type Stage = "welcome" | "locked" | "unlocked";

/**
 * Where the app stands.
 */
export type AppStatus = { 
/**
 * The screen to show.
 */
stage: Stage, 
/**
 * The binder file, when one is chosen.
 */
binder_path: string | null, 
/**
 * The identity file that opens it.
 */
identity_path: string | null, 
/**
 * Whether this is the demo binder (its passphrase is shown on the unlock screen).
 */
demo: boolean, 
/**
 * Started with `--demo` and no binder chosen: the UI opens the demo right away.
 */
start_demo: boolean, 
/**
 * The demo's passphrase, shown on its unlock screen (it protects only made-up data).
 */
demo_passphrase: string | null, 
/**
 * Where a new binder goes by default.
 */
default_binder_path: string, 
/**
 * Whether a binder of your own already exists at the default place.
 */
has_own_binder: boolean, 
/**
 * Settings.
 */
settings: Settings, 
/**
 * Who is signed in (the identity's name), when unlocked.
 */
user: string | null, 
/**
 * Organisation and plan title, when unlocked.
 */
title: string | null, 
/**
 * Opened with successor shares: the recovery key's label (the plan is read-only to it;
 * incidents can be run; taking over is offered).
 */
recovery: string | null, 
/**
 * The hardware key the identity is kept behind (instead of a passphrase), if it is.
 */
hardware_key: HardwareKey | null, };

/**
 * A new binder.
 */
export type CreateBinder = { 
/**
 * Your name, as other founders will see it in the history.
 */
name: string, 
/**
 * The company.
 */
organisation: string, 
/**
 * The passphrase for your identity file.
 */
passphrase: string, 
/**
 * Where to put the binder (default: the app's data folder).
 */
binder_path: string | null, 
/**
 * Start from the starter plan (levels, roles, checklists, templates to adapt).
 */
starter: boolean, };

/**
 * A binder just made: the recovery key is shown to the user once, then forgotten.
 */
export type Created = { 
/**
 * The app's state (unlocked on the new binder).
 */
status: AppStatus, 
/**
 * The recovery key's secret (`AGE-SECRET-KEY-1…`). This is the one secret that ever crosses
 * to the UI, because the user must write it down; it is never stored unencrypted.
 */
recovery_key: string, 
/**
 * Its public half, as stored in the binder.
 */
recovery_recipient: string, };

/**
 * How far an unlock has got (event `unlock-progress`).
 */
export type UnlockProgress = { 
/**
 * `key` (deriving the key from the passphrase), `binder` (decrypting), `ready`.
 */
stage: string, 
/**
 * What is happening, in words.
 */
message: string, };

/**
 * A hardware key's question or message (event `hardware-prompt`): `pin` and `text` want a
 * value, `confirm` yes or no, `message` is shown until `done` (the work that asked is over).
 */
export type HardwarePrompt = { 
/**
 * What to answer with `answer_hardware_prompt` (0 for `message` and `done`).
 */
id: number, 
/**
 * `pin`, `text`, `confirm`, `message` or `done`.
 */
kind: string, 
/**
 * What the plugin says, as it says it ("Enter PIN for YubiKey with serial 1234567").
 */
message: string, 
/**
 * For `confirm`: the words of the yes button.
 */
yes: string | null, 
/**
 * For `confirm`: the words of the no button, if there is one.
 */
no: string | null, };

/**
 * A key a plugin offers: which plugin, its identity (`AGE-PLUGIN-…`), the recipient files are
 * encrypted to, and what the plugin says about it (serial, slot, policies).
 */
export type HardwareKey = { 
/**
 * The plugin's name (`yubikey` for `age-plugin-yubikey`).
 */
plugin: string, 
/**
 * The plugin identity, `AGE-PLUGIN-<NAME>-1…`.
 */
identity: string, 
/**
 * The recipient encrypted to: a native `age1…` X25519 one, or the plugin's `age1<name>1…`.
 */
recipient: string, 
/**
 * What the plugin printed about the key, one line.
 */
description: string, };

/**
 * An installed `age-plugin-*` program.
 */
export type InstalledPlugin = { 
/**
 * Its name (`yubikey`).
 */
name: string, 
/**
 * Where it is.
 */
path: string, };

/**
 * Why the binder locked itself (event `locked`).
 */
export type LockedEvent = { 
/**
 * `idle`, `window`, or `restore` (an earlier version that would not open).
 */
reason: string, };

/**
 * How a field is typed in a form and shown (from its catalog type).
 */
export type InputKind = "text" | "long_text" | "markdown" | "bool" | "phone" | "email" | "url" | "duration" | "date" | "datetime" | "int" | "enum" | "ref";

/**
 * How a field is edited and shown.
 */
export type FieldInfo = { 
/**
 * Field name.
 */
name: string, 
/**
 * Label.
 */
label: string, 
/**
 * How it is typed and shown.
 */
input: InputKind, 
/**
 * Several values (entered one per line or separated by ";").
 */
list: boolean, 
/**
 * Must be filled.
 */
required: boolean, 
/**
 * Shown as a column of the kind's table.
 */
table: boolean, 
/**
 * The choices of an enum field.
 */
options: Array<string>, 
/**
 * The kind a reference points to.
 */
ref_kind: string | null, 
/**
 * What is expected, with an example.
 */
hint: string, };

/**
 * What part of a binder a kind belongs to: decides where it is shown, printed, imported and
 * signed.
 */
export type Group = "plan" | "structure" | "record" | "incident" | "system";

/**
 * Where a kind sits in the app's navigation, grouped for a person scanning it under stress.
 */
export type NavGroup = "incident" | "plan" | "people" | "team" | "binder";

/**
 * A kind of record, as the UI's generic views need it.
 */
export type KindInfo = { 
/**
 * Kind name.
 */
name: string, 
/**
 * Singular label.
 */
label: string, 
/**
 * Plural label (navigation).
 */
plural: string, 
/**
 * The field that titles a record.
 */
title: string, 
/**
 * What the kind is for.
 */
help: string, 
/**
 * Can be marked verified.
 */
verifiable: boolean, 
/**
 * Written by the app itself, not edited by hand (members, recovery keys).
 */
system: boolean, 
/**
 * What part of a binder the kind belongs to (the plan's tables are `record`).
 */
group: Group, 
/**
 * Where the navigation lists it.
 */
nav_group: NavGroup, 
/**
 * Records are never edited or deleted once written.
 */
append_only: boolean, 
/**
 * The name in the navigation.
 */
nav_label: string, 
/**
 * Fields, in order (hidden ones left out).
 */
fields: Array<FieldInfo>, };

/**
 * One field as typed in a form (list fields: one value per line).
 */
export type FieldInput = { 
/**
 * Field name.
 */
name: string, 
/**
 * The text typed; empty clears the field.
 */
value: string, };

/**
 * A record with the titles of the records it refers to, for showing.
 */
export type RecordView = { 
/**
 * The record.
 */
record: BinderRecord, 
/**
 * Its title.
 */
title: string, 
/**
 * Title of each referenced record, by id.
 */
refs: { [key in string]: string }, };

/**
 * The records of one kind, with the titles of what they refer to.
 */
export type RecordList = { 
/**
 * The records, in order.
 */
records: Array<BinderRecord>, 
/**
 * Title of each referenced record, by id.
 */
refs: { [key in string]: string }, };

/**
 * The home screen: what to do right now.
 */
export type Home = { 
/**
 * Organisation.
 */
organisation: string, 
/**
 * Plan title and version.
 */
plan_title: string, 
/**
 * Activation levels, by rank.
 */
levels: Array<BinderRecord>, 
/**
 * Who to call, in order.
 */
calls: Array<CallEntry>, 
/**
 * The checklist for the first minutes.
 */
first_checklist: ChecklistView | null, 
/**
 * Message templates.
 */
templates: Array<BinderRecord>, 
/**
 * What is stale or missing: the score and the most serious gaps (the `readiness` command
 * gives them all).
 */
readiness: Readiness, 
/**
 * How many gaps there are in all.
 */
gaps_total: number, };

/**
 * The sync screen.
 */
export type SyncStatus = { 
/**
 * The shared file, when chosen.
 */
shared: string | null, 
/**
 * When the last sync finished.
 */
last_sync: string | null, 
/**
 * This copy's fingerprint (compare it with the other founders' over the phone).
 */
fingerprint: string, 
/**
 * Fields changed by two people at once, not yet settled.
 */
conflicts: Array<Conflict>, 
/**
 * What the last sync of this session did.
 */
last_report: SyncSummary | null, };

/**
 * What one sync did, in words and numbers.
 */
export type SyncSummary = { 
/**
 * Change sets received.
 */
received: number, 
/**
 * Change sets sent.
 */
sent: number, 
/**
 * Whether this sync created the shared file.
 */
created: boolean, 
/**
 * Refused change sets, each with its reason.
 */
rejected: Array<string>, 
/**
 * Conflicted copies found and merged (sync services make these).
 */
copies: Array<string>, 
/**
 * When it finished.
 */
finished_at: string, 
/**
 * Successors who took over as owner, first seen in this sync ("Maria took over…").
 */
takeovers: Array<string>, 
/**
 * What went wrong without undoing the sync (the shared folder not flushed to disk).
 */
warnings: Array<string>, };

/**
 * What the "browse" buttons may pick.
 */
export type FilePurpose = "open_binder" | "identity" | "shared" | "new_binder" | "plan" | "vcard" | "csv" | "json" | "image" | "folder" | "call_log";

/**
 * A file the app was given, by the token the page passes back to commands.
 */
export type ChosenFile = { 
/**
 * What the page passes to a command in place of the path.
 */
token: FileToken, 
/**
 * The path, to show in the form.
 */
path: string, };

/**
 * A token Rust issued for a chosen file (see the module's documentation).
 */
export type FileToken = string;

/**
 * What a plan import did.
 */
export type PlanImported = { 
/**
 * What became what.
 */
report: PlanReport, 
/**
 * Records made.
 */
created: number, 
/**
 * Existing records changed.
 */
updated: number, };

/**
 * Paper size.
 */
export type Paper = "a4" | "letter";

/**
 * Which document to print.
 */
export type PrintDocument = "binder" | "wallet_card" | "incident_report";

/**
 * A PDF written to disk.
 */
export type PrintedFile = { 
/**
 * Where.
 */
path: string, 
/**
 * Pages.
 */
pages: number, 
/**
 * Size in bytes.
 */
bytes: number, 
/**
 * Characters the fonts could not show (printed as "?"), one line each.
 */
missing: Array<string>, };

/**
 * One step of a checklist run, with its latest tick.
 */
export type StepState = { 
/**
 * The `item` record's id.
 */
item_id: string, 
/**
 * 1-based position in the run.
 */
number: number, 
/**
 * What to do.
 */
text: string, 
/**
 * Who does it (a role or person, as written).
 */
owner: string, 
/**
 * The time window as written ("0-15 minutes"), or "".
 */
window: string, 
/**
 * When it is due (RFC 3339), for a one-off window.
 */
due_at: string | null, 
/**
 * Whether the window repeats ("every 1 hour"): it is never overdue.
 */
recurring: boolean, 
/**
 * Whether it is ticked now.
 */
done: boolean, 
/**
 * Who ticked (or unticked) it last.
 */
by: string, 
/**
 * When (RFC 3339).
 */
at: string, 
/**
 * The note given with the last tick.
 */
note: string, 
/**
 * Not done and past its window.
 */
overdue: boolean, 
/**
 * How many times it was ticked or unticked.
 */
changes: number, };

/**
 * A checklist as worked through in this incident.
 */
export type RunState = { 
/**
 * The `run` record's id.
 */
run_id: string, 
/**
 * The checklist's id.
 */
checklist_id: string, 
/**
 * Its title.
 */
title: string, 
/**
 * Its phase.
 */
phase: string, 
/**
 * Its steps.
 */
steps: Array<StepState>, 
/**
 * Steps ticked.
 */
done: number, };

/**
 * One timeline entry.
 */
export type Entry = { 
/**
 * Record id.
 */
id: string, 
/**
 * When (RFC 3339).
 */
at: string, 
/**
 * Who.
 */
by: string, 
/**
 * note, decision, call, message, status, correction.
 */
type: string, 
/**
 * What happened.
 */
text: string, };

/**
 * A message template with the incident's facts filled in.
 */
export type Message = { 
/**
 * Template id.
 */
template_id: string, 
/**
 * Template name.
 */
name: string, 
/**
 * Audience.
 */
audience: string, 
/**
 * Channel.
 */
channel: string, 
/**
 * Subject, filled.
 */
subject: string, 
/**
 * Body, filled.
 */
body: string, 
/**
 * Placeholders still without a value (left as `{name}` in the text).
 */
missing: Array<string>, };

/**
 * How long the incident lasted against a recovery time objective.
 */
export type ObjectiveCheck = { 
/**
 * Objective id.
 */
id: string, 
/**
 * The business function.
 */
function: string, 
/**
 * RTO as written.
 */
rto: string, 
/**
 * RTO's upper bound in minutes.
 */
rto_minutes: bigint | null, 
/**
 * Whether the incident ended within the RTO (None while open or without an RTO).
 */
met: boolean | null, 
/**
 * The MTPD (the first intolerable time, else as stated; "" when unknown).
 */
mtpd: string, 
/**
 * Its upper bound in minutes.
 */
mtpd_minutes: number | null, 
/**
 * Why the incident touches it: "named in the incident", "depends on AWS"…
 */
because: string, };

/**
 * Where a function's MTPD comes from.
 */
export type MtpdSource = "ratings" | "stated" | "unknown";

/**
 * A business function (an objective record) with what follows from its ratings.
 */
export type Function = { 
/**
 * The objective's id.
 */
id: string, 
/**
 * Its name.
 */
name: string, 
/**
 * Criticality as written ("" when not given).
 */
criticality: string, 
/**
 * Critical or high, or — when no criticality is given — an RTO of a day or less.
 */
critical: boolean, 
/**
 * RTO as written.
 */
rto: string, 
/**
 * Its upper bound in minutes.
 */
rto_minutes: number | null, 
/**
 * RPO as written.
 */
rpo: string, 
/**
 * The MTPD: the first intolerable time point, else the stated one.
 */
mtpd: string, 
/**
 * Its upper bound in minutes.
 */
mtpd_minutes: number | null, 
/**
 * Where the MTPD comes from.
 */
mtpd_from: MtpdSource, 
/**
 * The minimum acceptable service, in words.
 */
mbco: string, 
/**
 * The impact of its disruption, in words.
 */
impact: string, };

/**
 * One time point of the grid.
 */
export type Point = { 
/**
 * As written ("4 hours").
 */
label: string, 
/**
 * In minutes.
 */
minutes: number, };

/**
 * One rating recorded in a cell.
 */
export type CellRating = { 
/**
 * The impact record's id.
 */
id: string, 
/**
 * Its category.
 */
category: string, 
/**
 * Its rating ("" when only marked tolerable or not).
 */
rating: string, 
/**
 * Whether it is tolerable (an unmarked rating is).
 */
tolerable: boolean, 
/**
 * The time as the record writes it.
 */
after: string, };

/**
 * One cell: a function at a time point.
 */
export type Cell = { 
/**
 * The worst rating recorded here ("" when none).
 */
worst: string, 
/**
 * Whether a rating here is marked intolerable.
 */
intolerable: boolean, 
/**
 * Whether the time point is at or past the function's MTPD.
 */
beyond_mtpd: boolean, 
/**
 * The ratings recorded here, in the catalog's category order.
 */
ratings: Array<CellRating>, };

/**
 * One function's row.
 */
export type GridRow = { 
/**
 * The function.
 */
function: Function, 
/**
 * A cell per time point.
 */
cells: Array<Cell>, };

/**
 * The impact grid.
 */
export type ImpactGrid = { 
/**
 * The time points, shortest first: the plan's (or the defaults) and any a rating uses.
 */
points: Array<Point>, 
/**
 * The rating categories.
 */
categories: Array<string>, 
/**
 * A row per function.
 */
rows: Array<GridRow>, };

/**
 * One category's rating of a cell, as the impact grid's editor sends it.
 */
export type Rating = { 
/**
 * The category (one of the catalog's).
 */
category: string, 
/**
 * The rating, or "" for none.
 */
rating: string, 
/**
 * Whether it is tolerable.
 */
tolerable: boolean, };

/**
 * A placed box.
 */
export type Rect = { 
/**
 * Left.
 */
x: number, 
/**
 * Top.
 */
y: number, 
/**
 * Width.
 */
w: number, 
/**
 * Height.
 */
h: number, };

/**
 * One box of the map.
 */
export type MapNode = { 
/**
 * The record it stands for (click to open).
 */
id: string, 
/**
 * Its kind: objective (a function), dependency, role or vendor.
 */
kind: string, 
/**
 * Its name, wrapped.
 */
lines: Array<string>, 
/**
 * One line under the name: RTO and MTPD, a system's type and recovery time…
 */
sub: string, 
/**
 * Where it is.
 */
rect: Rect, 
/**
 * The tightest time (minutes) anything relying on it needs it back in.
 */
tightest: number | null, 
/**
 * That time as a colour band: "hour", "day", "week", "longer" or "none".
 */
band: string, 
/**
 * Whether a critical function relies on it (or it is one).
 */
critical: boolean, };

/**
 * One edge of the map: `from` depends on `to`.
 */
export type MapEdge = { 
/**
 * The record that depends.
 */
from: string, 
/**
 * The record depended on.
 */
to: string, 
/**
 * The route, as points.
 */
points: Array<[number, number]>, 
/**
 * Whether it is on a critical function's path.
 */
critical: boolean, 
/**
 * Whether the thing depended on recovers slower than this dependency needs.
 */
slow: boolean, };

/**
 * The whole map.
 */
export type DependencyMap = { 
/**
 * Width of the drawing.
 */
width: number, 
/**
 * Height of the drawing.
 */
height: number, 
/**
 * The boxes.
 */
nodes: Array<MapNode>, 
/**
 * The edges.
 */
edges: Array<MapEdge>, 
/**
 * The function it is filtered to, if any.
 */
focus: string | null, 
/**
 * Functions (names) with no dependency recorded: on the map with nothing to their right.
 */
unlinked: Array<string>, };

/**
 * A person's state in the call tree.
 */
export type Reach = "confirmed" | "not_confirmed" | "unreachable";

/**
 * One wave of a call tree as the plan sets it (or as the default makes it).
 */
export type Wave = { 
/**
 * The `wave` record's id; None for the default tree made from the roles.
 */
id: string | null, 
/**
 * Its name.
 */
name: string, 
/**
 * The roles it calls (role ids), in order.
 */
roles: Array<string>, 
/**
 * Minutes to wait for someone who does not confirm before the backup or the next wave.
 */
wait_minutes: bigint, 
/**
 * Whether the first person reached suffices (else everyone in the wave).
 */
first_reached: boolean, 
/**
 * Who makes these calls, in words ("whoever starts the incident", "Incident lead").
 */
caller: string, };

/**
 * One call attempt.
 */
export type Attempt = { 
/**
 * The `attempt` record's id.
 */
id: string, 
/**
 * When (RFC 3339).
 */
at: string, 
/**
 * Who called.
 */
by: string, 
/**
 * The person called, as named.
 */
person: string, 
/**
 * Their contact record, if known.
 */
contact: string, 
/**
 * The role they were called for, if any.
 */
role: string, 
/**
 * The number or address used.
 */
via: string, 
/**
 * One of [`catalog::OUTCOMES`].
 */
outcome: string, 
/**
 * What was said.
 */
note: string, };

/**
 * A number or address of a person, and whether a call found it wrong.
 */
export type Way = { 
/**
 * The number or address.
 */
via: string, 
/**
 * Whether it is an e-mail address (else a phone number).
 */
email: boolean, 
/**
 * A call in this incident found it wrong or disconnected.
 */
wrong: boolean, };

/**
 * A person of a role in a running call tree.
 */
export type PersonCall = { 
/**
 * Contact record id.
 */
contact_id: string, 
/**
 * Name.
 */
name: string, 
/**
 * Whether this is the role's backup.
 */
backup: boolean, 
/**
 * Their state now.
 */
reach: Reach, 
/**
 * Their numbers and addresses, phones first.
 */
ways: Array<Way>, 
/**
 * Every attempt to reach them in this incident, oldest first.
 */
attempts: Array<Attempt>, };

/**
 * A role of a wave in a running call tree.
 */
export type RoleCall = { 
/**
 * Role record id.
 */
role_id: string, 
/**
 * Role name.
 */
role: string, 
/**
 * Confirmed when someone holding it confirmed; unreachable when everyone was given up on.
 */
reach: Reach, 
/**
 * Its primary, then its backup.
 */
people: Array<PersonCall>, };

/**
 * A wave of a running call tree.
 */
export type WaveState = { 
/**
 * 1-based.
 */
number: number, 
/**
 * The wave as set.
 */
wave: Wave, 
/**
 * When its calls began (RFC 3339): the incident's start for the first wave, for the next
 * when this one was done or its wait ended. None while it has not begun.
 */
started_at: string | null, 
/**
 * When its wait ends, if it has begun.
 */
escalates_at: string | null, 
/**
 * Whether it is done (everyone, or the first, confirmed or given up on).
 */
done: boolean, 
/**
 * Its roles.
 */
roles: Array<RoleCall>, };

/**
 * A call to make, with the reason in words.
 */
export type NextCall = { 
/**
 * The wave (1-based).
 */
wave: number, 
/**
 * Role id and name.
 */
role_id: string, 
/**
 * Role name.
 */
role: string, 
/**
 * Contact id and name of the person to call.
 */
contact_id: string, 
/**
 * Their name.
 */
person: string, 
/**
 * Whether they are the role's backup.
 */
backup: boolean, 
/**
 * The number or address to use (None when every one was found wrong).
 */
via: string | null, 
/**
 * Why this call, in one line ("Sam Lee: no answer 10 min ago — call the backup").
 */
reason: string, 
/**
 * When the wait for this person ends and the tree moves on without them (RFC 3339).
 */
wait_ends_at: string | null, };

/**
 * A wait that ended: the tree moved on from a person or a wave.
 */
export type Escalation = { 
/**
 * Stable across refreshes, for notifying once.
 */
key: string, 
/**
 * When (RFC 3339).
 */
at: string, 
/**
 * In words.
 */
text: string, };

/**
 * The call tree of an incident at a moment.
 */
export type CallTreeState = { 
/**
 * The moment it was worked out for (RFC 3339).
 */
now: string, 
/**
 * Whether the plan sets waves for this level (else the default from the roles).
 */
from_plan: boolean, 
/**
 * The waves, in order.
 */
waves: Array<WaveState>, 
/**
 * The calls to make now, the first first.
 */
next: Array<NextCall>, 
/**
 * Waits that have ended, each as a stable key and a sentence: what the app notifies once.
 */
escalations: Array<Escalation>, 
/**
 * Roles with someone confirmed, and roles in the tree.
 */
confirmed: number, 
/**
 * Roles in the tree.
 */
roles: number, };

/**
 * An incident as it stands: what the incident screen, `binder incident show` and the report read.
 */
export type IncidentState = { 
/**
 * The incident record.
 */
incident: BinderRecord, 
/**
 * Its level's record.
 */
level: BinderRecord | null, 
/**
 * Whether it is still open.
 */
open: boolean, 
/**
 * Minutes since activation (until closing, once closed).
 */
elapsed_minutes: bigint, 
/**
 * The checklist runs, in checklist order.
 */
runs: Array<RunState>, 
/**
 * Every entry, oldest first.
 */
timeline: Array<Entry>, 
/**
 * Who to call, in order.
 */
calls: Array<CallEntry>, 
/**
 * The call tree as it runs: waves, each person's state, the next call.
 */
call_tree: CallTreeState, 
/**
 * The message templates, filled from the incident.
 */
messages: Array<Message>, 
/**
 * Duration against the RTO of the affected functions.
 */
objectives: Array<ObjectiveCheck>, 
/**
 * Steps overdue now.
 */
overdue: number, };

/**
 * One call attempt, as the incident screen records it.
 */
export type RecordCall = { 
/**
 * The contact called (id).
 */
person: string, 
/**
 * The role they were called for (id), or "".
 */
role: string, 
/**
 * The number or address used, or "" for the one the call tree says.
 */
via: string, 
/**
 * One of the outcomes (confirmed, cannot help, answered, voicemail, no answer, busy,
 * wrong number, skipped).
 */
outcome: string, 
/**
 * What was said, or "".
 */
note: string, };

/**
 * What importing a call log did.
 */
export type CallLogReport = { 
/**
 * Who recorded it.
 */
by: string, 
/**
 * Call attempts added.
 */
attempts: number, 
/**
 * Ticks added.
 */
ticks: number, 
/**
 * Entries already in the binder (the same log imported before, or by another founder).
 */
already: number, };

/**
 * What the incident screen needs to start one: the levels, the past incidents, the scheduled
 * exercises an exercise may carry out.
 */
export type Incidents = { 
/**
 * Every incident, newest first.
 */
incidents: Array<BinderRecord>, 
/**
 * The activation levels, by rank.
 */
levels: Array<BinderRecord>, 
/**
 * Scheduled tests and exercises.
 */
exercises: Array<BinderRecord>, };

/**
 * A request to activate an incident or exercise.
 */
export type StartIncident = { 
/**
 * Level id.
 */
level: string, 
/**
 * Title (empty: the level and the time).
 */
title: string, 
/**
 * The service affected.
 */
service: string, 
/**
 * Whether this is an exercise.
 */
exercise: boolean, 
/**
 * The scheduled task the exercise carries out (id), if any.
 */
exercise_of: string | null, 
/**
 * What is down: systems, vendors or functions (ids).
 */
down: Array<string>, };

/**
 * How a sign-off stands.
 */
export type SignoffStatus = "matches" | "changed" | "invalid";

/**
 * One sign-off, checked.
 */
export type SignoffCheck = { 
/**
 * Record id.
 */
id: string, 
/**
 * Who signed.
 */
name: string, 
/**
 * Their role, as they gave it.
 */
role: string, 
/**
 * reviewed or approved.
 */
meaning: string, 
/**
 * When (RFC 3339).
 */
at: string, 
/**
 * The plan fingerprint signed.
 */
plan_fingerprint: string, 
/**
 * The verdict.
 */
status: SignoffStatus, 
/**
 * In words.
 */
detail: string, 
/**
 * What changed in the plan since (record · field), newest last, at most 12.
 */
changed_since: Array<string>, };

/**
 * The plan's sign-offs, checked, and what the person may sign.
 */
export type Signoffs = { 
/**
 * The plan fingerprint now.
 */
plan_fingerprint: string, 
/**
 * Every sign-off, newest first.
 */
signoffs: Array<SignoffCheck>, 
/**
 * The member's name.
 */
name: string, 
/**
 * owner, editor or viewer.
 */
role: string, };

/**
 * What the status line says.
 */
export type SyncPhase = "not_shared" | "off" | "syncing" | "synced" | "offline" | "refused" | "failed";

/**
 * The sync status line, always on screen while the binder is open.
 */
export type SyncLine = { 
/**
 * What is going on.
 */
phase: SyncPhase, 
/**
 * When the last sync finished (RFC 3339).
 */
last_sync: string | null, 
/**
 * The fingerprint after the last sync.
 */
fingerprint: string | null, 
/**
 * Unsettled conflicts in this copy.
 */
conflicts: number, 
/**
 * Changes the last sync refused.
 */
rejected: number, 
/**
 * Local changes saved since the last sync went through (waiting to go out).
 */
pending: boolean, 
/**
 * Why it is offline, refused or failed, in words.
 */
message: string | null, };

/**
 * A member of the team, as the Team screen shows them.
 */
export type MemberInfo = { 
/**
 * Record id (`member-…`).
 */
id: string, 
/**
 * Name.
 */
name: string, 
/**
 * owner, editor or viewer.
 */
role: string, 
/**
 * Their signing key's fingerprint, in groups of four, to compare over the phone.
 */
fingerprint: string, 
/**
 * When they last changed something (RFC 3339), if ever.
 */
last_change: string | null, 
/**
 * Whether this is you.
 */
you: boolean, };

/**
 * The team and what you may do with it.
 */
export type Team = { 
/**
 * Owners first, then editors, then viewers.
 */
members: Array<MemberInfo>, 
/**
 * Your role.
 */
your_role: string, 
/**
 * Whether you may add, change and remove members (owners).
 */
can_manage: boolean, };

/**
 * Whose an invitation is, read before adding it.
 */
export type InvitationInfo = { 
/**
 * The name they gave.
 */
name: string, 
/**
 * Their key's fingerprint (the joining screen shows the same).
 */
fingerprint: string, };

/**
 * A recovery key (public part only).
 */
export type RecoveryKeyInfo = { 
/**
 * Record id.
 */
id: string, 
/**
 * What it is called (where it is kept).
 */
label: string, 
/**
 * When it was made (RFC 3339).
 */
created_at: string, 
/**
 * Who made it.
 */
created_by: string, 
/**
 * Its public key.
 */
recipient: string, };

/**
 * The phone copy: where it is kept fresh, when it was last written.
 */
export type PocketStatus = { 
/**
 * Where the phone copy is written; none when there is no phone copy.
 */
target: string | null, 
/**
 * When the file there was last written (RFC 3339).
 */
written_at: string | null, 
/**
 * Something the person should know (the file is missing).
 */
problem: string | null, 
/**
 * The shortest passphrase accepted.
 */
min_passphrase: number, };

/**
 * What is wrong with the shares typed so far: which share and which word to look at.
 */
export type ShareProblem = { 
/**
 * The message, naming the share and the word.
 */
message: string, 
/**
 * Which share (1-based, in the order typed).
 */
share: number | null, 
/**
 * Which word of it (1-based).
 */
word: number | null, };

/**
 * The shares typed so far, checked.
 */
export type ShareCheck = { 
/**
 * Shares read without a problem.
 */
read: number, 
/**
 * How many more are needed (0: enough to open the binder).
 */
missing: number, 
/**
 * The first problem, if any.
 */
problem: ShareProblem | null, };

/**
 * One successor kit, as the binder records it: names only, never a share.
 */
export type KitInfo = { 
/**
 * The recovery record.
 */
id: string, 
/**
 * Its label ("Successor kit (2 of 3)").
 */
label: string, 
/**
 * Who holds a share.
 */
holders: Array<string>, 
/**
 * How many shares open the binder.
 */
need: number, 
/**
 * When it was made.
 */
created_at: string, };

/**
 * A member who took over with a recovery key.
 */
export type Takeover = { 
/**
 * The member record.
 */
member_id: string, 
/**
 * Their name.
 */
name: string, 
/**
 * The recovery key's label.
 */
with: string, 
/**
 * When (RFC 3339).
 */
at: string, };

/**
 * The binder's succession: its kits, the takeovers so far, and whether this session is a
 * successor's (the recovery key's label).
 */
export type Succession = { 
/**
 * Kits, newest first.
 */
kits: Array<KitInfo>, 
/**
 * Takeovers, oldest first.
 */
takeovers: Array<Takeover>, 
/**
 * The recovery key this session signs as, if it is a successor's.
 */
recovery: string | null, };

/**
 * The files a new kit was written to.
 */
export type KitMade = { 
/**
 * A share sheet per holder.
 */
sheets: Array<string>, 
/**
 * The successor letter.
 */
letter: string, };

/**
 * A recovery key just made: its secret crosses to the UI this once, to be written down.
 */
export type NewRecoveryKey = { 
/**
 * Its label.
 */
label: string, 
/**
 * The secret key (AGE-SECRET-KEY-1…), shown once.
 */
secret: string, 
/**
 * Its public key.
 */
recipient: string, };

/**
 * One kept version and what changed since.
 */
export type KeptVersion = { 
/**
 * 1 is the newest.
 */
number: number, 
/**
 * Where it is.
 */
path: string, 
/**
 * When it was replaced (RFC 3339).
 */
saved_at: string, 
/**
 * Its size in bytes.
 */
size: number, 
/**
 * Changes made since.
 */
changes_since: number, 
/**
 * Changes it holds that this copy does not (a restore went back past it).
 */
ahead: number, 
/**
 * Who made the changes since.
 */
by: Array<string>, 
/**
 * The records they touched, newest first (at most six).
 */
records: Array<string>, 
/**
 * Why it cannot be read, if it cannot.
 */
note: string | null, };

/**
 * The result of verifying the binder, in words.
 */
export type VerifyView = { 
/**
 * Whether everything checked out.
 */
ok: boolean, 
/**
 * One sentence.
 */
summary: string, 
/**
 * What was checked and found, one sentence each.
 */
findings: Array<string>, 
/**
 * The binder's fingerprint.
 */
fingerprint: string, };

/**
 * What can be imported from a file.
 */
export type ImportFormat = "vcard" | "csv" | "json";

/**
 * What can be exported to a file.
 */
export type ExportFormat = "vcard" | "csv" | "ical" | "json";

/**
 * A file written by an export.
 */
export type ExportedFile = { 
/**
 * Where.
 */
path: string, 
/**
 * How many records or events it holds.
 */
items: number, 
/**
 * Its size in bytes.
 */
bytes: number, };

/**
 * What an import did.
 */
export type ImportReport = { 
/**
 * Signed change sets taken over from a copy of this same binder.
 */
changes_added: number, 
/**
 * Change sets already present.
 */
changes_already_present: number, 
/**
 * Change sets refused, with the reason.
 */
changes_rejected: Array<string>, 
/**
 * Records created.
 */
created: number, 
/**
 * Records that existed and had fields changed.
 */
updated: number, 
/**
 * Notes about things not imported, and why.
 */
skipped: Array<string>, 
/**
 * Notes about how things were taken in (a value kept in the notes, a photo ignored…).
 */
notes: Array<string>, };

/**
 * One record an import would create or change.
 */
export type PreviewRecord = { 
/**
 * Kind name.
 */
kind: string, 
/**
 * Record id.
 */
id: string, 
/**
 * Its title after the import.
 */
title: string, 
/**
 * Whether it is new (else an existing record changes).
 */
new: boolean, };

/**
 * What an import would do, found by running it on a copy in memory ([`Binder::dry_run`]).
 */
export type Preview = { 
/**
 * The import's own report, as the real run would give it.
 */
report: ImportReport, 
/**
 * Each record it would create or change.
 */
records: Array<PreviewRecord>, };
