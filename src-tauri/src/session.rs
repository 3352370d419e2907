//! The session: which binder the app is on and, while it is open, everything that belongs to
//! it — the binder, what opens it again, whether it is the demo, the recovery key just made,
//! what the last save could not do, the last sync's report. One state machine: `choose`,
//! `unlock`, `open`, `lock`, `close` and `take`/`put_back` are its only writers, so nothing of
//! an open binder outlives it.
//!
//! Locking drops the decrypted binder (the in-memory SQLite image and the keys, which zeroize on
//! drop) and everything held with it; nothing of the plan is kept anywhere else on the Rust side.

use std::path::{Path, PathBuf};

use binder::Binder;
use secrecy::SecretString;

use crate::types::SyncSummary;

/// What opens the binder again after a lock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Opener {
    /// An identity file and its passphrase.
    Identity(PathBuf),
    /// A successor's shares: nothing is kept to reopen it with, so the session ends at lock.
    Shares,
}

/// A binder chosen and locked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BinderChoice {
    /// The binder file.
    pub binder: PathBuf,
    /// The identity file that opens it.
    pub identity: PathBuf,
    /// Whether it is the demo binder (its passphrase is published).
    pub demo: bool,
}

/// An open binder and what belongs to it.
pub struct Open {
    /// The open binder (holds the writer lock on its file).
    pub binder: Box<Binder>,
    /// What belongs to it.
    pub kept: Kept,
}

/// What belongs to an open binder besides the binder itself.
pub struct Kept {
    opener: Opener,
    demo: bool,
    /// The recovery key just made with a new binder, and its label, kept (in Rust only) until
    /// the person says it is written down, so the emergency sheet can be saved meanwhile.
    fresh_recovery: Option<(String, SecretString)>,
    /// What could not be done after the last save (the phone copy not rewritten), if anything.
    pub after_save_problem: Option<String>,
    /// The last sync's report in this session.
    pub last_report: Option<SyncSummary>,
}

impl Kept {
    /// The identity file it was opened with (`None` for a successor's shares).
    pub fn identity(&self) -> Option<&Path> {
        match &self.opener {
            Opener::Identity(p) => Some(p),
            Opener::Shares => None,
        }
    }

    /// The recovery key just made and its label, if still held.
    pub fn fresh_recovery(&self) -> Option<&(String, SecretString)> {
        self.fresh_recovery.as_ref()
    }

    /// Holds a recovery key just made, and its label, until it is written down.
    pub fn hold_recovery_key(&mut self, label: String, secret: SecretString) {
        self.fresh_recovery = Some((label, secret));
    }

    /// Drops the recovery key just made (zeroized): it is written down.
    pub fn forget_recovery_key(&mut self) {
        self.fresh_recovery = None;
    }
}

/// Which binder the app is on.
#[derive(Default)]
pub enum Session {
    /// None chosen yet.
    #[default]
    None,
    /// BinderChoice, locked.
    Locked(BinderChoice),
    /// Open.
    Unlocked(Box<Open>),
    /// Its binder taken out for work that must not hold the session (a takeover): what was
    /// chosen, if anything reopens it. A lock meanwhile wins: the binder is not put back.
    Busy(Option<BinderChoice>),
}

/// How a binder comes to be open without being unlocked from a chosen file: made now, joined
/// from the shared file, opened with a successor's shares, or taken over.
pub struct Opening {
    /// What opens it again.
    pub opener: Opener,
    /// A recovery key made with it, to hold until it is written down.
    pub fresh_recovery: Option<(String, SecretString)>,
    /// The sync that brought it up to date, if one did.
    pub report: Option<SyncSummary>,
}

impl Session {
    /// Chooses a binder, locked (an open one is locked first).
    pub fn choose(&mut self, chosen: BinderChoice) {
        self.lock();
        *self = Session::Locked(chosen);
    }

    /// Opens the chosen binder with `binder`, just unlocked; `false` (and nothing changes) when
    /// no binder is chosen, one is open already, or another binder was chosen meanwhile.
    pub fn unlock(&mut self, binder: Binder) -> bool {
        let Session::Locked(chosen) = self else {
            return false;
        };
        if chosen.binder != binder.path() {
            return false;
        }
        let BinderChoice { identity, demo, .. } = chosen.clone();
        *self = Session::open_with(binder, Opener::Identity(identity), demo, None, None);
        true
    }

    /// Opens `binder` as said (made, joined, by shares, taken over): never the demo.
    pub fn open(&mut self, binder: Binder, how: Opening) {
        self.lock();
        *self = Session::open_with(binder, how.opener, false, how.fresh_recovery, how.report);
    }

    fn open_with(
        mut binder: Binder,
        opener: Opener,
        demo: bool,
        fresh_recovery: Option<(String, SecretString)>,
        last_report: Option<SyncSummary>,
    ) -> Session {
        // Its phone copy (if it has one) follows every save and sync.
        binder.set_after_save(binder::pocket::after_save);
        Session::Unlocked(Box::new(Open {
            binder: Box::new(binder),
            kept: Kept {
                opener,
                demo,
                fresh_recovery,
                after_save_problem: None,
                last_report,
            },
        }))
    }

    /// Locks: drops the open binder and all that came with it, keeps which file it was (a
    /// successor's session ends: the shares are needed again). `true` if it was open.
    pub fn lock(&mut self) -> bool {
        // The document last previewed for an import, and what was read in it, go whatever the
        // session was doing.
        binder::planimport::forget_last_document();
        if let Session::Busy(chosen) = self {
            *self = chosen.take().map_or(Session::None, Session::Locked);
            return true;
        }
        if !self.is_open() {
            return false;
        }
        let Session::Unlocked(open) = std::mem::take(self) else {
            return false;
        };
        let binder = open.binder.path().to_path_buf();
        let demo = open.kept.demo;
        *self = match open.kept.opener.clone() {
            Opener::Identity(identity) => Session::Locked(BinderChoice {
                binder,
                identity,
                demo,
            }),
            Opener::Shares => Session::None,
        };
        drop(open);
        true
    }

    /// Forgets the binder (back to the welcome screen).
    pub fn close(&mut self) {
        self.lock();
        *self = Session::None;
    }

    /// Takes the open binder out of the session for work that must not hold the session (a
    /// takeover's key protection, a restore that needs the file's lock): the session is busy
    /// meanwhile, and a lock ends it. `None` when nothing is open.
    pub fn take(&mut self) -> Option<(Binder, Kept)> {
        if !self.is_open() {
            return None;
        }
        let Session::Unlocked(open) = std::mem::take(self) else {
            return None;
        };
        let Open { binder, kept } = *open;
        *self = Session::Busy(kept.identity().map(|identity| BinderChoice {
            binder: binder.path().to_path_buf(),
            identity: identity.to_path_buf(),
            demo: kept.demo,
        }));
        Some((*binder, kept))
    }

    /// Puts back what [`take`](Self::take) took, with `binder` (the same, or reopened); `false`
    /// (the binder dropped) when the session was locked or moved on meanwhile.
    pub fn put_back(&mut self, mut binder: Binder, kept: Kept) -> bool {
        if !matches!(self, Session::Busy(_)) {
            return false;
        }
        binder.set_after_save(binder::pocket::after_save);
        *self = Session::Unlocked(Box::new(Open {
            binder: Box::new(binder),
            kept,
        }));
        true
    }

    /// Opens `binder` as taken over by a successor, now with an identity file of their own;
    /// `false` as for [`put_back`](Self::put_back).
    pub fn take_over(&mut self, binder: Binder, mut kept: Kept, identity: PathBuf) -> bool {
        kept.opener = Opener::Identity(identity);
        self.put_back(binder, kept)
    }

    /// The open binder and what belongs to it.
    pub fn open_binder(&mut self) -> Option<&mut Open> {
        match self {
            Session::Unlocked(open) => Some(open),
            _ => None,
        }
    }

    /// Whether a binder is open.
    pub fn is_open(&self) -> bool {
        matches!(self, Session::Unlocked(_))
    }

    /// The identity file of the open binder (`None` when locked or opened with shares).
    pub fn identity(&self) -> Option<PathBuf> {
        match self {
            Session::Unlocked(open) => open.kept.identity().map(Path::to_path_buf),
            _ => None,
        }
    }

    /// Whether the binder chosen or open is the demo.
    pub fn demo(&self) -> bool {
        match self {
            Session::None | Session::Busy(None) => false,
            Session::Locked(c) | Session::Busy(Some(c)) => c.demo,
            Session::Unlocked(open) => open.kept.demo,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binder_in(dir: &Path) -> Binder {
        Binder::create(
            &dir.join("b.binder"),
            binder::Keys::generate("Ann"),
            binder::Start::Empty,
        )
        .unwrap()
    }

    fn opening(opener: Opener, key: bool) -> Opening {
        Opening {
            opener,
            fresh_recovery: key.then(|| ("Made with the binder".into(), SecretString::from("k"))),
            report: None,
        }
    }

    #[test]
    fn what_belongs_to_an_open_binder_goes_with_it_at_lock() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Session::default();
        assert!(
            !s.unlock(binder_in(dir.path())),
            "nothing chosen: nothing to unlock"
        );
        let other = tempfile::tempdir().unwrap();
        let identity = dir.path().join("id.age");
        let first = binder_in(other.path());
        let (path, keys) = (first.path().to_path_buf(), first.keys().clone());
        s.open(first, opening(Opener::Identity(identity.clone()), true));
        let open = s.open_binder().unwrap();
        assert!(open.kept.fresh_recovery().is_some());
        open.kept.after_save_problem = Some("the phone copy was not written".into());
        assert!(s.lock());
        let Session::Locked(chosen) = &s else {
            panic!("locked, the file still chosen")
        };
        assert_eq!(chosen.identity, identity);
        assert!(!s.lock(), "locking twice changes nothing");
        let again = Binder::open(&path, keys, binder::Mode::Write).unwrap();
        assert!(s.unlock(again));
        let open = s.open_binder().unwrap();
        assert!(
            open.kept.fresh_recovery().is_none() && open.kept.after_save_problem.is_none(),
            "nothing of the last session is left"
        );
    }

    #[test]
    fn a_successors_session_ends_at_lock_and_the_demo_is_remembered_while_locked() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Session::default();
        let made = binder_in(dir.path());
        let (path, keys) = (made.path().to_path_buf(), made.keys().clone());
        s.open(made, opening(Opener::Shares, false));
        assert_eq!(s.identity(), None);
        assert!(s.lock());
        assert!(matches!(s, Session::None), "the shares are needed again");

        s.choose(BinderChoice {
            binder: path.clone(),
            identity: dir.path().join("id.age"),
            demo: true,
        });
        assert!(s.demo());
        assert!(s.unlock(Binder::open(&path, keys, binder::Mode::Write).unwrap()));
        assert!(s.demo() && s.is_open());
        s.lock();
        assert!(s.demo(), "still the demo, locked");
        s.close();
        assert!(matches!(s, Session::None) && !s.demo());
    }

    #[test]
    fn a_binder_taken_out_leaves_the_session_busy_and_comes_back_unless_locked_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Session::default();
        s.open(
            binder_in(dir.path()),
            opening(Opener::Identity(dir.path().join("id.age")), true),
        );
        let (binder, kept) = s.take().unwrap();
        assert!(matches!(s, Session::Busy(Some(_))) && !s.is_open());
        assert!(s.put_back(binder, kept));
        assert!(s.open_binder().unwrap().kept.fresh_recovery().is_some());

        let (binder, kept) = s.take().unwrap();
        assert!(s.take_over(binder, kept, dir.path().join("mine.age")));
        assert_eq!(s.identity(), Some(dir.path().join("mine.age")));

        // A lock while the binder is out wins: it is not put back.
        let (binder, kept) = s.take().unwrap();
        assert!(s.lock());
        assert!(matches!(s, Session::Locked(_)));
        assert!(!s.put_back(binder, kept), "locked meanwhile");
        assert!(!s.is_open());
    }

    #[test]
    fn a_binder_unlocked_after_another_was_chosen_is_not_opened_as_that_one() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let mut s = Session::default();
        s.choose(BinderChoice {
            binder: b.path().join("b.binder"),
            identity: b.path().join("id.age"),
            demo: true,
        });
        assert!(
            !s.unlock(binder_in(a.path())),
            "A unlocked while B is chosen"
        );
        assert!(!s.is_open());
    }
}
