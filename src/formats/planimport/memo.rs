//! What the readings found in a piece of text, remembered for the next reading of the same
//! document.
//!
//! A correction in the preview plans the whole document again (a block read otherwise can change
//! what later blocks find), and most of that time goes to reading sentences — who holds which
//! role, how often something is tested, which job titles a paragraph names. Those readings depend
//! on their text alone, so their answers are kept here, keyed by the reading and its text: the
//! second planning of a document asks for the same texts and gets the same answers without
//! reading them again. Exact by construction — only functions of their arguments are remembered.
//!
//! Held in memory only, and forgotten with the document ([`forget`]: when the binder locks,
//! another document is read or one is imported), up to [`REMEMBERED`] answers and
//! [`BUDGET`] bytes of text.

use std::any::Any;
use std::sync::{LazyLock, Mutex, PoisonError};

use rustc_hash::FxHashMap;

/// Answers of readings: (reading, its text) → its answer.
#[derive(Default)]
pub(crate) struct Memo {
    /// Reading → its text → its answer (looked up without copying the text).
    answers: FxHashMap<&'static str, FxHashMap<String, Box<dyn Any + Send>>>,
    /// How many answers are kept.
    kept: usize,
    /// How many bytes of text their keys hold.
    bytes: usize,
}

impl Memo {
    fn get<T: Clone + 'static>(&self, name: &'static str, key: &str) -> Option<T> {
        self.answers
            .get(name)?
            .get(key)?
            .downcast_ref::<T>()
            .cloned()
    }

    fn keep<T: Send + 'static>(&mut self, name: &'static str, key: &str, answer: T) {
        if self.kept >= REMEMBERED || self.bytes + key.len() > BUDGET {
            *self = Memo::default();
        }
        let by_text = self.answers.entry(name).or_default();
        if by_text.insert(key.to_string(), Box::new(answer)).is_none() {
            self.kept += 1;
            self.bytes += key.len();
        }
    }
}

/// The answers kept for the document being read.
static ANSWERS: LazyLock<Mutex<Memo>> = LazyLock::new(Default::default);

/// How many answers are kept before the store starts again.
const REMEMBERED: usize = 1_000_000;

/// How many bytes of text the kept answers' keys may hold before the store starts again (a
/// block's text is a key of each reading of it: a 96-page plan takes about 3 MiB).
const BUDGET: usize = 32 << 20;

/// The key of a reading of `text` under the heading `section`: the two cannot run into each
/// other, whatever characters they hold.
pub(crate) fn key_of(section: &str, text: &str) -> String {
    format!("{}:{section}{text}", section.len())
}

/// The answer of `reading` (a pure function, named by `name`) for `key`: remembered, or read now
/// and remembered.
pub(crate) fn remembered<T: Clone + Send + 'static>(
    name: &'static str,
    key: &str,
    reading: impl FnOnce() -> T,
) -> T {
    // (A poisoned lock only means another reading panicked: the answers in it are true.)
    let lock = || ANSWERS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(found) = lock().get(name, key) {
        return found;
    }
    // Read without holding the lock: a reading may ask for another remembered reading.
    let found = reading();
    lock().keep(name, key, found.clone());
    found
}

/// Forgets every remembered answer (and with them the texts they were read from).
pub(crate) fn forget() {
    *ANSWERS.lock().unwrap_or_else(PoisonError::into_inner) = Memo::default();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_kept_by_reading_and_text_and_of_its_own_type() {
        let mut memo = Memo::default();
        memo.keep("length", "abc", 3usize);
        assert_eq!(memo.get::<usize>("length", "abc"), Some(3));
        assert_eq!(memo.get::<usize>("length", "abcd"), None);
        assert_eq!(memo.get::<usize>("words", "abc"), None);
        assert_eq!(memo.get::<String>("length", "abc"), None);
    }

    #[test]
    fn keys_of_two_texts_do_not_run_into_each_other() {
        assert_ne!(key_of("A\u{1}B", "C"), key_of("A", "B\u{1}C"));
        assert_ne!(key_of("1:", "x"), key_of("", "1:x"));
        assert_eq!(key_of("Roles", "Jo"), key_of("Roles", "Jo"));
    }

    #[test]
    fn a_store_over_its_budget_of_text_starts_again() {
        let mut memo = Memo::default();
        let big = "x".repeat(BUDGET / 2);
        memo.keep("t", &big, 1usize);
        memo.keep("t", &format!("{big}y"), 2usize);
        assert_eq!(memo.get::<usize>("t", &big), None);
        assert_eq!(memo.get::<usize>("t", &format!("{big}y")), Some(2));
    }

    #[test]
    fn a_full_store_starts_again() {
        let mut memo = Memo::default();
        memo.keep("n", "0", 0usize);
        assert_eq!(memo.get::<usize>("n", "0"), Some(0));
        memo.kept = REMEMBERED;
        memo.keep("n", "last", 1usize);
        assert_eq!(memo.get::<usize>("n", "0"), None);
        assert_eq!(memo.get::<usize>("n", "last"), Some(1));
    }
}
