//! The command line as clap reads it: every subcommand, its arguments and their help.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Continuity Binder: your business continuity plan, encrypted, offline, signed.
#[derive(Parser)]
#[command(name = "binder", version, about, long_about = None)]
pub(crate) struct Cli {
    /// The binder file [default: binder.binder in the OS data folder]
    #[arg(long, global = true, env = "BINDER_PATH")]
    pub(crate) binder: Option<PathBuf>,
    /// Your identity file [default: identity.age in the OS data folder]
    #[arg(long, global = true, env = "BINDER_IDENTITY")]
    pub(crate) identity: Option<PathBuf>,
    /// Read the passphrase from this file (first line) instead of BINDER_PASSPHRASE or a prompt
    #[arg(long, global = true)]
    pub(crate) passphrase_file: Option<PathBuf>,
    /// Print machine-readable JSON
    #[arg(long, global = true)]
    pub(crate) json: bool,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Create your identity (if you have none) and a new binder
    Init {
        /// Your name, as other members will see it
        #[arg(long)]
        name: Option<String>,
        /// Start from the starter plan (sections, levels, roles, checklists, templates, schedule)
        #[arg(long)]
        starter: bool,
        /// Organisation name to put on the plan
        #[arg(long)]
        org: Option<String>,
    },
    /// Add a record: binder add contact name="Åsa Öberg" phones="+46 70 1; +46 8 2"
    Add {
        /// Kind of record (see `binder kinds`)
        kind: String,
        /// field=value pairs; lists are separated by ';'
        fields: Vec<String>,
    },
    /// Change fields of a record: binder set contact-abc phones="+1 555 0100" (empty value clears)
    Set {
        /// Record id (or a unique start of it)
        id: String,
        /// field=value pairs
        fields: Vec<String>,
    },
    /// Delete a record
    Rm {
        /// Record id
        id: String,
    },
    /// Mark a contact, vendor, role or section as checked and still true today
    MarkVerified {
        /// Record id
        id: String,
    },
    /// List records of a kind
    List {
        /// Kind of record
        kind: String,
        /// Include deleted records
        #[arg(long)]
        deleted: bool,
        /// Only records whose field has this value, e.g. --where "checklist=Initial response"
        #[arg(long = "where", value_name = "FIELD=VALUE")]
        filters: Vec<String>,
    },
    /// Show one record
    Show {
        /// Record id (or a unique start of it)
        id: String,
    },
    /// Search every searchable field (accents and case ignored, words as prefixes)
    Search {
        /// Words to look for
        text: Vec<String>,
        /// At most this many results
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Who changed what and when, for one record or the whole binder
    History {
        /// Record id; the whole binder when left out
        id: Option<String>,
        /// At most this many changes (newest)
        #[arg(long, default_value_t = 200)]
        limit: usize,
    },
    /// Check every signature and hash chain, and that the data matches the signed log
    Verify,
    /// Print the fingerprint: equal fingerprints mean equal plans
    Fingerprint,
    /// What has gone stale or is missing: a score and the list to work through
    Readiness {
        /// Assess as of this day (YYYY-MM-DD) instead of today
        #[arg(long)]
        on: Option<chrono::NaiveDate>,
    },
    /// Business impact: the impact grid (functions × time, MTPD), rating a cell, the dependency map
    Impact {
        #[command(subcommand)]
        action: Option<ImpactAction>,
    },
    /// Incident mode: activate a level, tick checklist steps, keep the timeline, close, report
    Incident {
        #[command(subcommand)]
        action: IncidentAction,
    },
    /// Sign the plan as reviewed or approved (asks for your passphrase again)
    Sign {
        /// reviewed or approved (approved: owners only)
        meaning: String,
        /// Your role in the company, as it should read on the record ("CEO")
        #[arg(long, default_value = "")]
        role: String,
    },
    /// Export the binder
    Export {
        #[command(subcommand)]
        format: ExportFormat,
    },
    /// Import into the binder
    Import {
        #[command(subcommand)]
        format: ImportFormat,
    },
    /// List the kinds of record and their fields
    Kinds,
    /// Recovery keys (extra keys printed on paper that can open the binder)
    RecoveryKey {
        #[command(subcommand)]
        action: RecoveryAction,
    },
    /// Keep your identity behind a hardware key (an age plugin: YubiKey, Secure Enclave, TPM)
    HardwareKey {
        #[command(subcommand)]
        action: HardwareAction,
    },
    /// Your identity's passphrase
    Passphrase {
        #[command(subcommand)]
        action: PassphraseAction,
    },
    /// Merge with the shared file (creating it if absent) and its conflicted copies
    Sync {
        /// The shared binder file, e.g. in a Dropbox/Syncthing folder or on a USB stick
        shared: PathBuf,
        /// Keep syncing whenever the shared file or the local binder changes, until Ctrl-C
        #[arg(long)]
        watch: bool,
        /// With --watch, also sync at least this often (seconds)
        #[arg(long, default_value_t = 60)]
        interval: u64,
    },
    /// Make your local binder from a shared file, once an owner has added your invitation
    Join {
        /// The shared binder file
        shared: PathBuf,
    },
    /// List fields two members changed at the same time, side by side
    Conflicts,
    /// Settle a conflict by writing the value to keep (typed as for `set`)
    Resolve {
        /// Record id
        id: String,
        /// The field in conflict
        field: String,
        /// The value to keep: one of the shown values, or a new one
        value: String,
    },
    /// Members: who can open and change the binder
    Member {
        #[command(subcommand)]
        action: MemberAction,
    },
    /// List the kept earlier versions of the binder file
    Generations,
    /// Put back an earlier version of the binder file (the current one is kept as a generation)
    Restore {
        /// Generation number from `binder generations` (1 = newest)
        number: usize,
    },
}

#[derive(Subcommand)]
pub(crate) enum IncidentAction {
    /// Activate a level: opens the incident, starts its checklists, shows who to call
    Start {
        /// The activation level, by name or id ("Level 2 — Major", level-2)
        #[arg(long)]
        level: String,
        /// A title [default: the level and the time]
        #[arg(long)]
        title: Option<String>,
        /// The service affected, as customers know it (fills {service} in messages)
        #[arg(long)]
        service: Option<String>,
        /// An exercise (tabletop, DR drill), not a real incident
        #[arg(long)]
        exercise: bool,
        /// With --exercise: the scheduled task it carries out (marked done on closing)
        #[arg(long = "for", requires = "exercise")]
        exercise_of: Option<String>,
        /// What is down: a system, vendor or function of the plan, by name or id (repeat for
        /// each); the incident lists the functions depending on it with their RTO and MTPD
        #[arg(long)]
        down: Vec<String>,
    },
    /// The incidents, newest first
    List,
    /// Everything about an incident: checklists with ticks, overdue steps, timeline, who to call
    Show {
        /// Incident id or title [default: the open one]
        #[arg(long)]
        incident: Option<String>,
    },
    /// Tick a step (`1.2` = checklist 1, step 2, as `show` numbers them; or the step's text)
    Tick {
        /// The step
        step: String,
        /// Untick it instead
        #[arg(long)]
        undo: bool,
        /// A note to keep with the tick
        #[arg(long, default_value = "")]
        note: String,
        /// Incident id or title [default: the open one]
        #[arg(long)]
        incident: Option<String>,
    },
    /// Add a timeline entry (entries are never edited: a correction is a new entry)
    Log {
        /// What happened
        text: String,
        /// note, decision, call, message, correction
        #[arg(long = "type", default_value = "note")]
        kind: String,
        /// Incident id or title [default: the open one]
        #[arg(long)]
        incident: Option<String>,
    },
    /// The call tree as it runs: each wave and person, whom to call next and why
    Calls {
        /// Incident id or title [default: the open one]
        #[arg(long)]
        incident: Option<String>,
    },
    /// Record a call attempt: confirmed, cannot help, answered, voicemail, no answer, busy,
    /// wrong number, skipped
    Call(CallArgs),
    /// Merge a call log saved on the phone copy (attempts and ticks, signed by the phone's key)
    ImportLog {
        /// The call log file (`*.calls.age`)
        file: PathBuf,
    },
    /// Change the status: investigating, identified, monitoring, resolved
    Status {
        /// The new status
        status: String,
        /// Incident id or title [default: the open one]
        #[arg(long)]
        incident: Option<String>,
    },
    /// Set the facts messages are filled from: service, impact, actions, eta, next_update, cause, affects
    Update {
        /// field=value pairs
        #[arg(required = true)]
        fields: Vec<String>,
        /// Incident id or title [default: the open one]
        #[arg(long)]
        incident: Option<String>,
    },
    /// Print a message template filled from the incident
    Message {
        /// Template name or id
        template: String,
        /// Also log it in the timeline as sent
        #[arg(long)]
        sent: bool,
        /// Incident id or title [default: the open one]
        #[arg(long)]
        incident: Option<String>,
    },
    /// Close with a summary and lessons learned; writes the report with --report
    Close {
        /// What happened, in a few lines
        #[arg(long)]
        summary: String,
        /// What to change so it does not happen again
        #[arg(long, default_value = "")]
        lessons: String,
        /// Also write the incident report PDF here
        #[arg(long)]
        report: Option<PathBuf>,
        /// Incident id or title [default: the open one]
        #[arg(long)]
        incident: Option<String>,
    },
    /// The incident report as PDF: timeline, checklist runs with who/when, messages, RTOs
    Report {
        /// Incident id or title [default: the newest]
        #[arg(long)]
        incident: Option<String>,
        /// The PDF file to write
        #[arg(short, long, default_value = "incident-report.pdf")]
        output: PathBuf,
        /// Paper size
        #[arg(long, value_enum, default_value = "a4")]
        paper: PaperArg,
    },
}

#[derive(Subcommand)]
pub(crate) enum ExportFormat {
    /// The phone copy: one encrypted HTML file that opens in any phone's browser with no
    /// network, no app and no account. The first time (or with --new-passphrase) asks for the
    /// phone copy's own passphrase (BINDER_POCKET_PASSPHRASE); afterwards the copy at this place
    /// is rewritten on every save and sync without asking
    Pocket {
        /// The HTML file to write (typically in a folder your phone syncs)
        #[arg(short, long)]
        output: PathBuf,
        /// Choose the phone copy's passphrase again (a new key; older copies keep the old one)
        #[arg(long)]
        new_passphrase: bool,
        /// Stop keeping a phone copy fresh (the file already written stays)
        #[arg(long, conflicts_with = "new_passphrase")]
        stop: bool,
    },
    #[command(flatten)]
    File(FileExport),
}

/// Exports written when asked (everything but the phone copy, which stays fresh by itself).
#[derive(Subcommand)]
pub(crate) enum FileExport {
    /// Complete, deterministic JSON (records and the signed change log)
    Json {
        /// Write to this file instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// One kind of record as CSV (RFC 4180), e.g. for a spreadsheet
    Csv {
        /// Kind of record (see `binder kinds`)
        kind: String,
        /// Write to this file instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Start with a UTF-8 byte order mark (helps Excel read accents)
        #[arg(long)]
        bom: bool,
    },
    /// Tests, reviews and checks to do, as iCalendar for a calendar app (with recurrence)
    Ical {
        /// Write to this file instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Date things never done as due on this day (YYYY-MM-DD) instead of today
        #[arg(long)]
        on: Option<chrono::NaiveDate>,
    },
    /// The printed binder as PDF: cover, readiness, contents, plan, every kind, checklists
    Pdf {
        /// The PDF file to write
        #[arg(short, long, default_value = "binder.pdf")]
        output: PathBuf,
        /// Paper size
        #[arg(long, value_enum, default_value = "a4")]
        paper: PaperArg,
    },
    /// The wallet card (call list, activation levels, first checklist) to cut out and fold
    WalletCard {
        /// The PDF file to write
        #[arg(short, long, default_value = "wallet-card.pdf")]
        output: PathBuf,
        /// Paper size
        #[arg(long, value_enum, default_value = "a4")]
        paper: PaperArg,
    },
    /// The contacts as vCard 4.0, for a phone's address book
    Vcard {
        /// Write to this file instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Write one .vcf file per contact into this folder instead
        #[arg(long, conflicts_with = "output")]
        split: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub(crate) enum ImportFormat {
    /// A JSON export (of this binder: its changes are merged; of another: its records are added)
    Json {
        /// The file, or - for standard input
        file: PathBuf,
    },
    /// Records of one kind from a CSV file; columns are matched to fields by name or synonym
    Csv {
        /// Kind of record (see `binder kinds`)
        kind: String,
        /// The .csv file, or - for standard input
        file: PathBuf,
    },
    /// Contacts from a vCard file (Google, Apple, Outlook, Android…; vCard 2.1, 3.0, 4.0)
    Vcard {
        /// The .vcf file, or - for standard input
        file: PathBuf,
    },
    #[command(flatten)]
    Plan(PlanImport),
}

/// An existing plan document: a preview, corrections and choices of its own.
#[derive(Subcommand)]
pub(crate) enum PlanImport {
    /// An existing plan — Word (.docx), OpenDocument (.odt), web page (.html), Markdown,
    /// reStructuredText or plain text: headings become sections, recognised tables, lists and
    /// blocks typed records, task lists and procedures checklists, everything else section text.
    /// Readings inferred from sentences are left out unless --with-inferred
    Plan {
        /// The document, or - for standard input (what it is is read from what it holds)
        file: PathBuf,
        /// Only show what the import would make, with each proposal's key; write nothing
        #[arg(long)]
        dry_run: bool,
        /// Also import what was only inferred from sentences (roles, schedules)
        #[arg(long)]
        with_inferred: bool,
        /// Leave out one proposal, by the key --dry-run shows (repeatable); its words stay in
        /// the section's text
        #[arg(long, value_name = "KEY")]
        leave_out: Vec<String>,
        /// Read one block as a kind of record, or as text: LINE=KIND, with the block's line
        /// from --dry-run (repeatable): --read-as 12=contact, --read-as 30=level, --read-as 41=text
        #[arg(long, value_name = "LINE=KIND")]
        read_as: Vec<String>,
        /// Which column of a block (its header, or its number from 1) goes to which field:
        /// LINE=COLUMN:FIELD,… (repeatable; a field of - keeps the column in the notes):
        /// --map 12=Who:name,2:phones,Notes:-
        #[arg(long, value_name = "LINE=COLUMN:FIELD,…")]
        map: Vec<String>,
    },
}

#[derive(Subcommand)]
pub(crate) enum HardwareAction {
    /// List the installed age plugins (`age-plugin-*` programs on the PATH)
    Plugins,
    /// List the keys a plugin offers now (is the key inserted?)
    List {
        /// The plugin's name, e.g. yubikey for age-plugin-yubikey
        plugin: String,
    },
    /// Keep your identity behind a key instead of the passphrase (needs a recovery key or a
    /// successor kit first). The PIN is asked in the terminal, or read from BINDER_HARDWARE_PIN
    Protect {
        /// The plugin's name, e.g. yubikey
        plugin: String,
        /// Which of the plugin's keys (1 = the first listed)
        #[arg(long, default_value_t = 1)]
        key: usize,
    },
    /// Keep your identity behind a passphrase again (asked, or BINDER_NEW_PASSPHRASE)
    Remove {
        /// Read the new passphrase from this file instead of BINDER_NEW_PASSPHRASE or a prompt
        #[arg(long)]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Say whether your identity is kept behind a hardware key, and which
    Status,
}

#[derive(Subcommand)]
pub(crate) enum RecoveryAction {
    /// Make a new recovery key; its secret is shown once
    Add {
        /// A label, e.g. "Safe deposit box"
        #[arg(long, default_value = "Recovery key")]
        label: String,
        /// Also write the emergency access sheet (PDF with the key as text and QR code) here, to
        /// print at once and then delete: it holds the key in the clear
        #[arg(long)]
        sheet: Option<PathBuf>,
        /// Paper size of the sheet
        #[arg(long, value_enum, default_value = "a4")]
        paper: PaperArg,
        /// Where the founders' shared file lives, to say so on the sheet
        #[arg(long)]
        shared_file: Option<String>,
    },
    /// List the recovery keys (public parts only)
    List,
    /// Make a successor kit: a new recovery key split into shares, one per holder, any --need
    /// of which open the binder; writes a share sheet (PDF) per holder
    Split {
        /// Who holds a share, e.g. "Maria (lawyer)" "Tom (advisor)" "Safe deposit box"
        #[arg(long, num_args = 2.., required = true)]
        holders: Vec<String>,
        /// How many shares open the binder
        #[arg(long)]
        need: u8,
        /// Write the share sheets into this folder (share-1-<holder>.pdf …), to print at once
        /// and then delete
        #[arg(long, value_name = "FOLDER")]
        sheets: Option<PathBuf>,
        /// Print each holder's share words instead (for scripts; the screen is not paper)
        #[arg(long)]
        print_words: bool,
        /// Paper size of the sheets
        #[arg(long, value_enum, default_value = "a4")]
        paper: PaperArg,
        /// Where the founders' shared file lives, to say so on the sheets
        #[arg(long)]
        shared_file: Option<String>,
    },
    /// Combine successor shares (one per line on standard input, or --share): opens the binder
    /// read-only, or with --take-over makes you an owner with a new identity
    Combine {
        /// The binder file the successors have (the shared file, a copy from a USB stick)
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
        /// A share's words (repeatable); without it shares are read from standard input
        #[arg(long)]
        share: Vec<String>,
        /// Become an owner: make your identity (--identity) and your own copy (--binder), and
        /// record the takeover, which every other member sees at their next sync
        #[arg(long, requires = "name")]
        take_over: bool,
        /// Your name, as the other members will see it
        #[arg(long)]
        name: Option<String>,
    },
    /// Print the "If I cannot be reached" letter, to keep with the shares (nothing secret in it)
    Letter {
        /// The PDF to write
        #[arg(short, long)]
        output: PathBuf,
        /// Paper size
        #[arg(long, value_enum, default_value = "a4")]
        paper: PaperArg,
        /// Where the founders' shared file lives, to say so in the letter
        #[arg(long)]
        shared_file: Option<String>,
    },
}

#[derive(Subcommand)]
pub(crate) enum MemberAction {
    /// Print your invitation (creating your identity if you have none) to send to an owner
    Invite {
        /// Your name, if your identity is new
        #[arg(long)]
        name: Option<String>,
    },
    /// Add the person who sent INVITATION (owners only)
    Add {
        /// The cbinvite1:… text they sent
        invitation: String,
        /// owner, editor or viewer
        #[arg(long, default_value = "editor")]
        role: String,
    },
    /// List the members and their roles
    List,
    /// Change a member's role (owners only)
    Role {
        /// Member name or id
        member: String,
        /// owner, editor or viewer
        role: String,
    },
    /// Remove a member: later copies are no longer encrypted to them (owners only)
    Remove {
        /// Member name or id
        member: String,
    },
}

#[derive(Subcommand)]
pub(crate) enum PassphraseAction {
    /// Change the passphrase of your identity file
    Change {
        /// Read the new passphrase from this file instead of BINDER_NEW_PASSPHRASE or a prompt
        #[arg(long)]
        new_passphrase_file: Option<PathBuf>,
    },
}

/// Paper sizes on the command line.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum PaperArg {
    /// 210 × 297 mm
    A4,
    /// 8.5 × 11 in
    Letter,
}

/// One call attempt, as `binder incident call` takes it.
#[derive(clap::Args)]
pub(crate) struct CallArgs {
    /// The person called (contact name or id)
    pub(crate) person: String,
    /// What came of it
    #[arg(long)]
    pub(crate) outcome: String,
    /// The role they were called for
    #[arg(long)]
    pub(crate) role: Option<String>,
    /// The number or address used [default: the one the call tree says]
    #[arg(long)]
    pub(crate) via: Option<String>,
    /// What was said
    #[arg(long, default_value = "")]
    pub(crate) note: String,
    /// Incident id or title [default: the open one]
    #[arg(long)]
    pub(crate) incident: Option<String>,
}

/// What `binder impact` does.
#[derive(Debug, clap::Subcommand)]
pub enum ImpactAction {
    /// The impact grid: each function's RTO and MTPD and its worst rating at each time (the default)
    Grid,
    /// Rate one cell: binder impact rate Payments --after "4 hours" customers=severe! financial=major
    /// ("!" marks it intolerable; "category=" clears it)
    Rate {
        /// The function, by name or id
        function: String,
        /// The time since the disruption began ("4 hours", "1 day")
        #[arg(long)]
        after: String,
        /// category=rating, "!" after the rating for intolerable
        #[arg(required = true)]
        ratings: Vec<String>,
    },
    /// What each function depends on, and the map's boxes and routes with --json
    Map {
        /// Only this function (name or id)
        #[arg(long)]
        function: Option<String>,
    },
}
