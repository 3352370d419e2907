//! Layer 3 — the plan: one open [`binder::Binder`] (lifecycle, records, members, recovery keys,
//! merge, its JSON form) and everything built on it as free functions over `&Binder`: sync with
//! a shared file, verify, readiness, sign-off, incidents, the overview screens read from.

pub mod binder;
pub mod examples;
pub mod impact;
pub mod incident;
pub mod overview;
pub mod places;
pub mod readiness;
pub mod signoff;
pub mod succession;
pub mod sync;
pub mod verify;
pub mod versions;
