//! Layer 1 — files and keys: the identity file and recovery keys, the encrypted binder file (open,
//! atomic save, generations, the one-writer lock). Knows nothing of records or change sets.

pub mod fsutil;
pub mod hardware;
pub mod keys;
pub mod slip39;
pub mod vault;
