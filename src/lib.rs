//! Continuity Binder's core: a business continuity plan kept in an encrypted, signed, mergeable
//! binder file that opens with no network.
//!
//! No Tauri, no terminal, no process exit here: the CLI (`src/main.rs`) and the desktop app are
//! thin adapters over [`Binder`]. ARCHITECTURE.md says where each part is.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

// The layers, lowest first; a module may import only from its own layer or lower ones (checked
// by `layering` below and in the test command). See ARCHITECTURE.md.
pub mod catalog;
mod file;
mod formats;
#[cfg(test)]
mod layering;
mod log;
mod plan;
#[cfg(test)]
mod shape;

// The chosen API: the adapters (CLI, app), the tests, benchmarks and fuzz targets see these
// names only. Each area below lists what it offers by name, so a helper made `pub` for a
// sibling module does not leak out by itself.
pub use catalog::{FieldError, KINDS, Value, duration};
pub use file::keys::{KeyError, Keys, RecoveryKey};
pub use file::vault::VaultError;
pub use log::store::{Record, StoreError};
pub use plan::binder::{
    Binder, Export, ImportError, ImportReport, Log, MergeReport, Mode, Preview, PreviewRecord,
    Start, decrypt, decrypt_file,
};
pub use plan::places::Places;
pub use plan::verify::{VerifyReport, verify};

/// Makes the process non-dumpable with no core files (the CLI and the app call it first).
pub use harden::forbid_core_dumps;

/// Files: writing them safely, identities and invitations, the encrypted binder file, shares.
pub mod fsutil {
    pub use crate::file::fsutil::{create_private_dir_all, parent_dir, write_atomic};
}
/// Identities kept behind hardware keys, through age plugins.
pub mod hardware {
    pub use crate::file::hardware::{
        HardwareKey, InstalledPlugin, PLUGIN_PREFIX, install_hint, installed_plugins, key_file,
        list_keys, parse_listing, protection,
    };
    /// What a plugin asks of the person: a PIN, a touch, a confirmation.
    pub use age::Callbacks;
}
/// Identities, invitations and recovery keys.
pub mod keys {
    pub use crate::file::keys::{Invitation, parse_verifying_key};
}
/// The encrypted binder file.
pub mod vault {
    pub use crate::file::vault::{decrypt, read, save};
}
/// SLIP-39 shares of a recovery key.
pub mod slip39 {
    pub use crate::file::slip39::{Share, ShareError, check, combine, complete, split, words};
}
/// The signed change log.
pub mod changelog {
    pub use crate::log::changelog::{ChangeSet, Op, actor_id, hex, next_hlc};
}
/// Why a merge refused a change set.
pub mod merge {
    pub use crate::log::merge::Reason;
}
/// The database of one copy (its records, history, search and conflicts).
pub mod store {
    pub use crate::log::store::{Conflict, HistoryEntry, Hit, Record, StateRow, Store, Version};
}
/// CSV import and export per kind.
pub mod csvio {
    pub use crate::formats::csvio::{CsvError, export, import, parse};
}
/// iCalendar export of the test schedule.
pub mod ical {
    pub use crate::formats::ical::export;
}
/// vCard import and export of contacts.
pub mod vcard {
    pub use crate::formats::vcard::{VcardError, export, import, parse, write};
}
/// The printed documents.
pub mod pdf {
    pub use crate::formats::pdf::{
        EmergencySheet, Letter, Paper, PrintOptions, Printed, binder_pdf, emergency_sheet,
        incident_report, share_sheets, successor_letter, wallet_card,
    };
}
/// Bringing in a plan document.
pub mod planimport {
    pub use crate::formats::planimport::{
        ColumnChoice, Confidence, Correction, Corrections, Format, PlanError, PlanReport,
        ReportEntry, SourceBlock, corrections_for, decode, forget_last_document, html_to_markdown,
        import, import_selected, import_with, plan, preview, preview_corrected, read, text_of,
    };
}
/// The phone copy.
pub mod pocket {
    pub use crate::formats::pocket::{
        MIN_PASSPHRASE, PocketData, PocketError, WORK_FACTOR, after_save, data, page, set_up,
        settings, settings_path, stop,
    };
    /// The call log a phone copy saves, and merging it.
    pub mod calllog {
        pub use crate::formats::pocket::calllog::{
            Body, CallLogReport, LogEntry, import, seal, signing_key,
        };
    }
}
/// The business impact analysis: functions' impact over time and MTPD, the impact grid, what
/// depends on what, and the dependency map.
pub mod impact {
    pub use crate::plan::impact::{
        Analysis, Cell, CellRating, DEFAULT_POINTS, DependencyMap, Function, GridRow, ImpactGrid,
        MapEdge, MapNode, MtpdSource, Point, Rating, SPOF_FUNCTIONS, minutes, rate,
    };
    /// The layered layout the map is drawn with.
    pub mod layout {
        pub use crate::plan::impact::layout::{Graph, Node, Placed, Rect, layout};
    }
}
/// Incidents and exercises: activation, checklists, the timeline, closing.
pub mod incident {
    pub use crate::plan::incident::{
        Activation, Attempt, CallReport, CallTreeState, Entry, Escalation, IncidentState, Message,
        NextCall, ObjectiveCheck, PersonCall, Reach, RoleCall, RunState, StepState, Wave,
        WaveState, Way, attempts, call_tree, close, current, exercises, list, log, log_message,
        record_call, set_status, span, start, state, tick, to_act_on, update, waves_for,
    };
}
/// What to read first: the call list and the checklist for the first hour.
pub mod overview {
    pub use crate::plan::overview::{
        CallEntry, ChecklistView, Person, call_list, checklist, first_checklist,
    };
}
/// The starter plan's example people, numbers and accounts still in a binder.
pub mod examples {
    pub use crate::plan::examples::{Example, Examples, examples};
}
/// The plan's gaps.
pub mod readiness {
    pub use crate::plan::readiness::{Gap, GapKind, Readiness, assess, compute};
}
/// Signing the plan off.
pub mod signoff {
    pub use crate::plan::signoff::{
        SignoffCheck, SignoffStatus, check, plan_fingerprint, sign, sign_with,
    };
}
/// The successor kit and taking over.
pub mod succession {
    pub use crate::plan::succession::{
        CHECK_TASK, Kit, Takeover, combine, kits, make_kit, recovery_record, take_over, takeovers,
    };
}
/// Staying in step through the shared file, and watching it.
pub mod sync {
    pub use crate::plan::sync::{
        SharedWatch, SyncReport, WatchEvent, has_conflicted_copies, is_conflicted_copy, join,
        read_shared, stamp, sync, sync_read, watch,
    };
}
/// The kept earlier versions of the binder file.
pub mod versions {
    pub use crate::plan::versions::{KeptVersion, kept, listed};
}

/// An error's message and its causes as one text, each cause said once: a cause whose words the
/// text already holds (a message that names its cause) is not repeated.
pub fn join_causes(messages: impl IntoIterator<Item = String>) -> String {
    let mut text = String::new();
    for m in messages {
        if text.is_empty() {
            text = m;
        } else if !text.contains(&m) {
            text = format!("{text}: {m}");
        }
    }
    text
}

/// [`join_causes`] of an error and its chain of sources.
pub fn describe(error: &(dyn std::error::Error + 'static)) -> String {
    join_causes(std::iter::successors(Some(error), |e| e.source()).map(|e| e.to_string()))
}

impl Error {
    /// The message with its causes, each said once ([`describe`]).
    pub fn full_text(&self) -> String {
        describe(self)
    }
}

/// Everything that can go wrong in the core, each with a message a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Opening or writing the identity file.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// Reading, writing or locking the binder file.
    #[error(transparent)]
    Vault(#[from] VaultError),
    /// The database inside the binder.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A kind, field or value that does not fit the catalog.
    #[error(transparent)]
    Field(#[from] FieldError),
    /// An import that cannot be taken in.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// A CSV file that cannot be read.
    #[error("the CSV file cannot be read: {0}")]
    Csv(#[from] csvio::CsvError),
    /// A plan document that cannot be read.
    #[error("the plan cannot be imported: {0}")]
    Plan(#[from] planimport::PlanError),
    /// A vCard file that cannot be read.
    #[error("the vCard file cannot be read: {0}")]
    Vcard(#[from] vcard::VcardError),
    /// The phone copy cannot be made or written.
    #[error(transparent)]
    Pocket(#[from] pocket::PocketError),
    /// No record has that id.
    #[error("no record {0}; `binder list KIND` or `binder search TEXT` shows the ids")]
    NoSuchRecord(String),
    /// An id prefix matches several records.
    #[error("\"{given}\" could be any of: {matches}; give more of the id")]
    AmbiguousId {
        /// What was typed.
        given: String,
        /// The candidates.
        matches: String,
    },
    /// The record is deleted.
    #[error("{0} is deleted")]
    Deleted(String),
    /// The kind has no verification fields.
    #[error("{kind} records are not marked verified (only {verifiable} are)")]
    NotVerifiable {
        /// The kind asked for.
        kind: &'static str,
        /// The kinds that are, in words ("sections, roles, contacts and vendors").
        verifiable: String,
    },
    /// The binder was opened for reading.
    #[error("the binder was opened read-only")]
    ReadOnly,
    /// The identity can decrypt but not sign (a recovery key).
    #[error(
        "this identity can open the binder but cannot sign changes (is it a recovery key?); open it with a member's identity to edit"
    )]
    CannotSign,
    /// The member's role does not allow edits.
    #[error("you cannot edit this binder: your role is {role}")]
    NotAllowed {
        /// The role found.
        role: String,
    },
    /// Keeping an identity behind a hardware key with nothing else that opens the binder.
    #[error(
        "add a recovery key or make a successor kit first (Keys and health): a lost or broken hardware key must never lock the company out; nothing was changed"
    )]
    NoRecoveryPath,
    /// A successor kit that cannot be made as asked.
    #[error("{0}")]
    Kit(String),
    /// Shares that do not combine.
    #[error(transparent)]
    Shares(#[from] file::slip39::ShareError),
    /// Opened with a recovery key, which may only run incidents and take over as owner.
    #[error(
        "opened with the recovery key, you can read the plan and run an incident; to change anything else, take over as owner first"
    )]
    RecoveryOnly,
    /// `resolve` was asked for a field that is not in conflict.
    #[error("{field} of {id} is not in conflict; `binder conflicts` lists the conflicts")]
    NoConflict {
        /// Record id.
        id: String,
        /// Field.
        field: String,
    },
    /// The invitation text is not one.
    #[error(
        "that is not a Continuity Binder invitation (it starts with \"cbinvite1:\"; ask for it again)"
    )]
    BadInvitation,
    /// The person is already a member.
    #[error("{0} is already a member")]
    AlreadyMember(String),
    /// The last owner would be removed or demoted.
    #[error("that would leave the binder without an owner; make someone else an owner first")]
    LastOwner,
    /// The identity is not (or no longer) among the shared file's recipients.
    #[error(
        "your identity cannot open {0}: you are not a member of that binder (yet, or any more). A new member sends `binder member invite` to an owner, who adds it and syncs"
    )]
    NotAMemberOf(String),
    /// The shared file kept changing while syncing.
    #[error("{0} kept changing while merging; try the sync again")]
    SharedFileBusy(String),
    /// The shared file given is the local binder itself.
    #[error(
        "{0} is your own local binder; sync with the shared copy (in a synced folder, on a stick…), not with it"
    )]
    SharedIsLocal(String),
    /// The file watcher failed.
    #[error("cannot watch for changes: {0}")]
    Watch(String),
    /// The shared file holds another binder.
    #[error("{0} holds a different binder than yours; choose the shared file of this binder")]
    OtherBinder(String),
    /// An incident was asked for that is closed.
    #[error(
        "the incident \"{0}\" is closed; a closed incident is not changed (its report stays as it was)"
    )]
    IncidentClosed(String),
    /// Timeline entries, ticks and sign-offs are never edited.
    #[error(
        "{0} records are never edited or deleted: add a new one instead (a correction to the timeline, a new tick, a new sign-off)"
    )]
    AppendOnly(&'static str),
    /// A call log from a phone copy that is refused, whole, with the reason.
    #[error("this call log was not taken: {0}")]
    CallLog(String),
    /// A step that is not in any checklist run of the incident.
    #[error("\"{step}\" is not a step of this incident's checklists; {hint}")]
    NotInIncident {
        /// What was given.
        step: String,
        /// What to do.
        hint: String,
    },
    /// No incident has ever been started.
    #[error("there are no incidents yet")]
    NoIncidents,
    /// A change this member asked for that no copy would accept.
    #[error("this change cannot be made: {0}")]
    Refused(log::merge::Reason),
    /// Something in the shared folder that is not an ordinary file (a link, a device, a folder).
    #[error(
        "{0} is not an ordinary file (a link, a device or a folder), so it was not read; the shared file and its copies must be ordinary files — remove it from the shared folder"
    )]
    NotAFile(String),
    /// A file in the shared folder far larger than any binder.
    #[error(
        "{path} is {size_mb} MB, more than any binder ({limit_mb} MB at most), so it was not read; if it is not a copy of your binder, remove it from the shared folder"
    )]
    TooLarge {
        /// The file.
        path: String,
        /// Its size in MB.
        size_mb: u64,
        /// The most a binder may be, in MB.
        limit_mb: u64,
    },
    /// No incident is open to act on.
    #[error("no incident is open; `binder incident start --level LEVEL` opens one")]
    NoOpenIncident,
    /// Several incidents are open and none was named.
    #[error("{count} incidents are open; say which with --incident:\n{list}")]
    SeveralOpen {
        /// How many are open.
        count: usize,
        /// One line each: id and title.
        list: String,
    },
    /// Closing needs a summary.
    #[error("closing an incident needs a summary: what happened, in a few lines")]
    NoSummary,
    /// The identity given to sign with is not the open one.
    #[error(
        "that identity is not the one this binder is open with; sign with your own identity file"
    )]
    OtherIdentity,
    /// A member whose role may not sign this.
    #[error("only {who} may sign the plan as {meaning}")]
    MaySign {
        /// Who may.
        who: &'static str,
        /// The meaning asked for.
        meaning: String,
    },
    /// A stored recipient is malformed.
    #[error("the binder holds a malformed public key: {0}")]
    BadRecipient(String),
}

/// What kind of failure an [`Error`] is, for programs (the app's `{code, message}`): one code per
/// way a person or the UI reacts to it. Stable: the UI compares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ErrorCode {
    /// The text is not an invitation.
    BadInvitation,
    /// There is no binder file at that place.
    BinderMissing,
    /// The shared file kept changing while merging.
    Busy,
    /// The binder file is damaged (truncated or altered).
    Damaged,
    /// The database inside the binder is not as expected.
    Database,
    /// Another file-system problem.
    File,
    /// The hardware key the identity is kept behind refused, is missing, or its plugin is.
    HardwareKey,
    /// The identity file cannot be read or written.
    Identity,
    /// There is no identity file where one was expected.
    IdentityMissing,
    /// The identity file asks for more work than is safe to spend.
    IdentityWorkFactor,
    /// A file to import cannot be taken in.
    Import,
    /// A value, kind, field or request that does not fit.
    Invalid,
    /// Another process holds the binder for writing.
    Locked,
    /// The binder was made by a newer version of the app.
    NewerFormat,
    /// That field is not in conflict.
    NoConflict,
    /// No record has that id (or it is ambiguous, or deleted).
    NoSuchRecord,
    /// The file is not a binder (empty, another format, a passphrase file that cannot be read).
    NotABinder,
    /// You are not a member of the shared file's binder.
    NotAMember,
    /// The role, the mode or the rules do not allow it.
    NotAllowed,
    /// The shared file holds another binder.
    OtherBinder,
    /// Saving failed; the previous file is whole.
    SaveFailed,
    /// Watching the shared file failed.
    Watch,
    /// The identity given is not one this binder is encrypted to (or not the open one).
    WrongIdentity,
    /// The passphrase does not open the identity.
    WrongPassphrase,
}

impl Error {
    /// A stable machine-readable code for the error (used by the app's `{code, message}`).
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Key(KeyError::WrongPassphrase(_)) => ErrorCode::WrongPassphrase,
            Error::Key(KeyError::ExcessiveWork { .. }) => ErrorCode::IdentityWorkFactor,
            Error::Key(KeyError::Missing(_)) => ErrorCode::IdentityMissing,
            Error::Key(KeyError::ShortPassphrase) => ErrorCode::Invalid,
            Error::Key(
                KeyError::PluginMissing { .. }
                | KeyError::Hardware { .. }
                | KeyError::PluginCrashed(_)
                | KeyError::NotThisHardwareKey(_),
            ) => ErrorCode::HardwareKey,
            Error::Key(_) => ErrorCode::Identity,
            Error::Vault(VaultError::NotForYou(_)) => ErrorCode::WrongIdentity,
            Error::Vault(VaultError::Damaged(_)) => ErrorCode::Damaged,
            Error::Vault(
                VaultError::Empty(_) | VaultError::NotABinder(_) | VaultError::PassphraseFile(_),
            ) => ErrorCode::NotABinder,
            Error::Vault(VaultError::Locked { .. }) => ErrorCode::Locked,
            Error::Vault(VaultError::Missing(_)) => ErrorCode::BinderMissing,
            Error::Vault(VaultError::SaveFailed { .. } | VaultError::LockFailed { .. }) => {
                ErrorCode::SaveFailed
            }
            Error::Vault(_) => ErrorCode::File,
            Error::Store(StoreError::NewerFormat(_)) => ErrorCode::NewerFormat,
            Error::Store(_) => ErrorCode::Database,
            Error::Field(_) => ErrorCode::Invalid,
            Error::Import(_) | Error::Vcard(_) | Error::Csv(_) | Error::Plan(_) => {
                ErrorCode::Import
            }
            Error::NoSuchRecord(_) | Error::AmbiguousId { .. } | Error::Deleted(_) => {
                ErrorCode::NoSuchRecord
            }
            Error::NotVerifiable { .. } => ErrorCode::Invalid,
            Error::ReadOnly
            | Error::CannotSign
            | Error::NotAllowed { .. }
            | Error::RecoveryOnly
            | Error::NoRecoveryPath => ErrorCode::NotAllowed,
            Error::Kit(_) | Error::Shares(_) => ErrorCode::Invalid,
            Error::BadRecipient(_) => ErrorCode::Database,
            Error::NoConflict { .. } => ErrorCode::NoConflict,
            Error::BadInvitation => ErrorCode::BadInvitation,
            Error::AlreadyMember(_) | Error::LastOwner => ErrorCode::NotAllowed,
            Error::OtherBinder(_) => ErrorCode::OtherBinder,
            Error::NotAMemberOf(_) => ErrorCode::NotAMember,
            Error::SharedFileBusy(_) => ErrorCode::Busy,
            Error::Watch(_) => ErrorCode::Watch,
            Error::SharedIsLocal(_) => ErrorCode::Invalid,
            Error::IncidentClosed(_) | Error::AppendOnly(_) | Error::MaySign { .. } => {
                ErrorCode::NotAllowed
            }
            Error::NotInIncident { .. } | Error::NoSummary | Error::SeveralOpen { .. } => {
                ErrorCode::Invalid
            }
            Error::NoIncidents | Error::NoOpenIncident => ErrorCode::NoSuchRecord,
            Error::Refused(_) | Error::CallLog(_) => ErrorCode::NotAllowed,
            Error::NotAFile(_) | Error::TooLarge { .. } => ErrorCode::NotABinder,
            Error::OtherIdentity => ErrorCode::WrongIdentity,
            Error::Pocket(pocket::PocketError::ShortPassphrase) => ErrorCode::Invalid,
            Error::Pocket(pocket::PocketError::NotSetUp) => ErrorCode::Invalid,
            Error::Pocket(_) => ErrorCode::File,
        }
    }
}

/// Result of the core.
pub type Result<T> = std::result::Result<T, Error>;
