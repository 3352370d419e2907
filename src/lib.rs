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
pub mod duration;
pub mod fsutil;
pub mod keys;
pub mod store;
pub mod vault;

pub use binder::{Binder, Export, ImportError, ImportReport, Mode, VerifyReport};
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
            Error::Import(_) => "import",
            Error::NoSuchRecord(_) | Error::AmbiguousId { .. } | Error::Deleted(_) => {
                "no_such_record"
            }
            Error::NotVerifiable(_) => "invalid",
            Error::ReadOnly | Error::CannotSign | Error::NotAllowed { .. } => "not_allowed",
            Error::BadRecipient(_) => "database",
        }
    }
}

/// Result of the core.
pub type Result<T> = std::result::Result<T, Error>;
