//! Layer 2 — the change log: signed change sets, the in-memory SQLite store that folds them into
//! the plan's tables, and the pure decision of which incoming change sets to take. Knows the
//! catalog (what a record is) and nothing of files, plans or formats.

pub mod changelog;
pub mod merge;
pub mod ops;
pub mod store;
