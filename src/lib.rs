//! Continuity Binder's core: a business continuity plan kept in an encrypted, signed, mergeable
//! binder file that opens with no network.
//!
//! No Tauri, no terminal, no process exit here: the CLI (`src/main.rs`) and the desktop app are
//! thin adapters over [`Binder`]. See DESIGN.md for how the parts fit.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod binder;
pub mod catalog;
pub mod changelog;
pub mod csvio;
pub mod duration;
pub mod fsutil;
pub mod ical;
pub mod incident;
pub mod keys;
pub mod merge;
pub mod overview;
pub mod pdf;
pub mod planimport;
pub mod readiness;
pub mod signoff;
pub mod store;
pub mod sync;
pub mod vault;
pub mod vcard;

pub use binder::{Binder, Export, ImportError, ImportReport, MergeReport, Mode, VerifyReport};
pub use catalog::{FieldError, KINDS, Value};
pub use keys::{KeyError, Keys, RecoveryKey};
pub use store::{Record, StoreError};
pub use vault::VaultError;

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
    #[error("{0} records are not marked verified (only contacts, vendors, roles and sections are)")]
    NotVerifiable(&'static str),
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
    /// A step that is not in any checklist run of the incident.
    #[error("\"{step}\" is not a step of this incident's checklists; {hint}")]
    NotInIncident {
        /// What was given.
        step: String,
        /// What to do.
        hint: String,
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

impl Error {
    /// A stable machine-readable code for the error (used by the app's `{code, message}`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Key(KeyError::WrongPassphrase(_)) => "wrong_passphrase",
            Error::Key(KeyError::ExcessiveWork { .. }) => "identity_work_factor",
            Error::Key(KeyError::Missing(_)) => "identity_missing",
            Error::Key(_) => "identity",
            Error::Vault(VaultError::NotForYou(_)) => "wrong_identity",
            Error::Vault(VaultError::Damaged(_)) => "damaged",
            Error::Vault(
                VaultError::Empty(_) | VaultError::NotABinder(_) | VaultError::PassphraseFile(_),
            ) => "not_a_binder",
            Error::Vault(VaultError::Locked { .. }) => "locked",
            Error::Vault(VaultError::Missing(_)) => "binder_missing",
            Error::Vault(VaultError::SaveFailed { .. }) => "save_failed",
            Error::Vault(_) => "file",
            Error::Store(StoreError::NewerFormat(_)) => "newer_format",
            Error::Store(_) => "database",
            Error::Field(_) => "invalid",
            Error::Import(_) | Error::Vcard(_) | Error::Csv(_) | Error::Plan(_) => "import",
            Error::NoSuchRecord(_) | Error::AmbiguousId { .. } | Error::Deleted(_) => {
                "no_such_record"
            }
            Error::NotVerifiable(_) => "invalid",
            Error::ReadOnly | Error::CannotSign | Error::NotAllowed { .. } => "not_allowed",
            Error::BadRecipient(_) => "database",
            Error::NoConflict { .. } => "no_conflict",
            Error::BadInvitation => "bad_invitation",
            Error::AlreadyMember(_) | Error::LastOwner => "not_allowed",
            Error::OtherBinder(_) => "other_binder",
            Error::NotAMemberOf(_) => "not_a_member",
            Error::SharedFileBusy(_) => "busy",
            Error::Watch(_) => "watch",
            Error::SharedIsLocal(_) => "invalid",
            Error::IncidentClosed(_) | Error::AppendOnly(_) | Error::MaySign { .. } => {
                "not_allowed"
            }
            Error::NotInIncident { .. } | Error::NoSummary => "invalid",
            Error::OtherIdentity => "wrong_identity",
        }
    }
}

/// Result of the core.
pub type Result<T> = std::result::Result<T, Error>;
