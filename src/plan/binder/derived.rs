//! What is worked out from a binder's contents alone (the plan's hash, its readiness), kept until
//! the contents change: the home screen, the sidebar's count and the sign-off screen all ask for
//! readiness after every click, and on a large binder each reading costs tens of milliseconds.
//!
//! A value is kept with the store's [`state`](crate::log::store::Store::state), which differs
//! after any write, so nothing stale is ever handed out; a binder read afresh or merged into is a
//! new state.

use std::any::Any;
use std::collections::HashMap;
use std::sync::Mutex;

use super::Binder;
use crate::Result;

/// Values worked out from one state of the store, by name.
#[derive(Default)]
pub(crate) struct Derived {
    kept: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    state: (u64, u64),
    values: HashMap<String, Box<dyn Any + Send>>,
}

impl Binder {
    /// The value named `name` for the binder as it is now: the one kept from an earlier call if
    /// nothing was written since, else `work`'s (kept for next time). `name` says everything
    /// the value depends on beyond the contents (a day, say).
    pub(crate) fn derived<T: Clone + Send + 'static>(
        &self,
        name: &str,
        work: impl FnOnce(&Binder) -> Result<T>,
    ) -> Result<T> {
        let state = self.store.state();
        if let Some(value) = self.kept(state, name) {
            return Ok(value);
        }
        let value = work(self)?;
        // The work may itself have written (a migration, say): keep it under the state after.
        let state = self.store.state();
        if let Ok(mut kept) = self.derived.kept.lock() {
            if kept.state != state {
                kept.state = state;
                kept.values.clear();
            }
            kept.values
                .insert(name.to_string(), Box::new(value.clone()));
        }
        Ok(value)
    }

    fn kept<T: Clone + 'static>(&self, state: (u64, u64), name: &str) -> Option<T> {
        let kept = self.derived.kept.lock().ok()?;
        if kept.state != state {
            return None;
        }
        kept.values.get(name)?.downcast_ref::<T>().cloned()
    }
}
