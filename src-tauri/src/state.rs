//! The app's one piece of state: the session (which binder, whether it is open, and what
//! belongs to it: `session.rs`), the settings, when it was last used, the line to the sync
//! thread and the files the page may name.

use std::cell::Cell;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use binder::Binder;

use crate::error::{AppCode, CommandError};
use crate::nudge::{AutoSync, Why};
use crate::session::{BinderChoice, Kept, Session};
use crate::settings::{Places, Settings};
use crate::types::SyncSummary;

/// Everything the commands share.
pub struct AppState {
    /// Folders.
    pub places: Places,
    session: Mutex<Session>,
    settings: Mutex<Settings>,
    last_use: Mutex<Instant>,
    /// Started with `--demo`: open the demo when no binder is chosen.
    pub start_demo: bool,
    /// The sync thread's handle: nudged after every change.
    pub autosync: AutoSync,
    /// The files the page may name, by the tokens issued for them.
    pub chosen: crate::chosen::Chosen,
}

thread_local! {
    /// Whether this thread holds the session now.
    static HOLDING: Cell<bool> = const { Cell::new(false) };
}

/// The session, held: released (and this thread marked free of it) when dropped.
pub struct SessionGuard<'a>(MutexGuard<'a, Session>);

impl std::ops::Deref for SessionGuard<'_> {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.0
    }
}

impl std::ops::DerefMut for SessionGuard<'_> {
    fn deref_mut(&mut self) -> &mut Session {
        &mut self.0
    }
}

impl Drop for SessionGuard<'_> {
    fn drop(&mut self) {
        HOLDING.set(false);
    }
}

fn guard<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves plain data behind; carry on with it.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl AppState {
    /// State for this user, with the last binder chosen (locked) if it still exists — or the
    /// binder file the app was asked to open (a double-clicked `*.binder`), with the identity
    /// beside it or else this user's own.
    pub fn load(places: Places, start_demo: bool, open: Option<PathBuf>) -> AppState {
        let mut settings = Settings::load(&places.settings_file);
        if let Some(file) = open.filter(|f| f.is_file()) {
            let file = file.canonicalize().unwrap_or(file);
            let beside = crate::commands::session::identity_beside(&file);
            let identity = if beside.is_file() {
                beside
            } else {
                places.default_identity()
            };
            settings.choose_binder(&file, &identity);
            // Remembered as the binder last opened; a settings file that cannot be written
            // only means it is not remembered.
            let _ = settings.save(&places.settings_file);
        }
        let session = match (&settings.binder, &settings.identity) {
            (Some(b), Some(i)) if PathBuf::from(b).exists() => Session::Locked(BinderChoice {
                binder: b.into(),
                identity: i.into(),
                demo: false,
            }),
            _ => Session::None,
        };
        AppState {
            places,
            session: Mutex::new(session),
            settings: Mutex::new(settings),
            last_use: Mutex::new(Instant::now()),
            autosync: AutoSync::default(),
            start_demo,
            chosen: Default::default(),
        }
    }

    /// The session: read it, or move it with its own transitions. Taking it again on the same
    /// thread while it is held (a `last_report()` inside `with_binder`) would hang the app for
    /// good; it panics instead, saying so, so a test finds it.
    pub fn session(&self) -> SessionGuard<'_> {
        assert!(
            !HOLDING.get(),
            "the session is already held on this thread (taking it again would hang): read what you need before with_binder or change, not inside"
        );
        let held = guard(&self.session);
        HOLDING.set(true);
        SessionGuard(held)
    }

    /// Runs `f` on the open binder and what belongs to it (as use: the idle timer starts
    /// again); fails with "locked" when it is not open.
    pub fn with_open<T>(
        &self,
        f: impl FnOnce(&mut crate::session::Open) -> Result<T, CommandError>,
    ) -> Result<T, CommandError> {
        self.touch();
        match self.session().open_binder() {
            Some(open) => f(open),
            None => Err(CommandError::locked()),
        }
    }

    /// Holds the recovery key just made until it is written down (or the binder is locked).
    pub fn hold_recovery_key(&self, label: String, secret: secrecy::SecretString) {
        let _ = self.with_kept(|k| k.hold_recovery_key(label, secret));
    }

    /// The recovery key just made and its label, if it is still held.
    pub fn held_recovery_key(&self) -> Option<(String, secrecy::SecretString)> {
        self.with_kept(|k| k.fresh_recovery().cloned())
            .ok()
            .flatten()
    }

    /// Drops the recovery key just made (zeroized): it is written down.
    pub fn forget_recovery_key(&self) {
        let _ = self.with_kept(|k| k.forget_recovery_key());
    }

    /// Runs `f` on what belongs to the open binder; fails with "locked" when it is not open.
    pub fn with_kept<T>(&self, f: impl FnOnce(&mut Kept) -> T) -> Result<T, CommandError> {
        match self.session().open_binder() {
            Some(open) => Ok(f(&mut open.kept)),
            None => Err(CommandError::locked()),
        }
    }

    /// Runs `f` on the open binder; fails with "locked" when it is not open.
    pub fn with_binder<T>(
        &self,
        f: impl FnOnce(&mut Binder) -> Result<T, CommandError>,
    ) -> Result<T, CommandError> {
        self.touch();
        self.with_binder_quietly(f)
    }

    /// Like [`with_binder`](Self::with_binder) for work the app does by itself (a timer's
    /// refresh or sync): it does not count as use, so the idle lock still comes.
    pub fn with_binder_quietly<T>(
        &self,
        f: impl FnOnce(&mut Binder) -> Result<T, CommandError>,
    ) -> Result<T, CommandError> {
        match self.session().open_binder() {
            Some(open) => f(&mut open.binder),
            None => Err(CommandError::locked()),
        }
    }

    /// Like [`with_binder`](Self::with_binder), then saves (the file on disk is always current).
    pub fn change<T>(
        &self,
        f: impl FnOnce(&mut Binder) -> Result<T, binder::Error>,
    ) -> Result<T, CommandError> {
        self.touch();
        let out = match self.session().open_binder() {
            Some(open) => {
                let out = f(&mut open.binder)?;
                open.binder.save()?;
                let problem = open.binder.take_after_save_problem();
                if let Some(p) = &problem {
                    self.autosync.tell_saved_but(p);
                }
                open.kept.after_save_problem = problem;
                out
            }
            None => return Err(CommandError::locked()),
        };
        self.autosync.nudge(Why::LocalChange);
        Ok(out)
    }

    /// Whether a binder is open.
    pub fn is_unlocked(&self) -> bool {
        self.session().is_open()
    }

    /// Locks: drops the open binder and what belonged to it, keeps which file it was.
    pub fn lock(&self) -> bool {
        self.session().lock()
    }

    /// Notes that the user did something (the idle timer starts again).
    pub fn touch(&self) {
        *guard(&self.last_use) = Instant::now();
    }

    /// Whether the binder is open and unused for longer than the idle time.
    pub fn idle_too_long(&self) -> bool {
        let minutes = self.settings().idle_lock_minutes;
        minutes > 0
            && self.session().is_open()
            && guard(&self.last_use).elapsed() >= idle_minute() * minutes
    }

    /// A copy of the settings.
    pub fn settings(&self) -> Settings {
        guard(&self.settings).clone()
    }

    /// Changes the settings and writes them.
    pub fn update_settings(&self, f: impl FnOnce(&mut Settings)) -> Result<Settings, CommandError> {
        let mut settings = guard(&self.settings);
        f(&mut settings);
        settings.save(&self.places.settings_file).map_err(|e| {
            CommandError::new(
                AppCode::Settings,
                format!(
                    "Could not save the settings to {}: {e}.",
                    self.places.settings_file.display()
                ),
            )
        })?;
        Ok(settings.clone())
    }

    /// The last sync report of this session.
    pub fn last_report(&self) -> Option<SyncSummary> {
        self.with_kept(|k| k.last_report.clone()).ok().flatten()
    }

    /// Keeps the last sync report (with the open binder: it goes at lock).
    pub fn set_last_report(&self, report: SyncSummary) {
        let _ = self.with_kept(|k| k.last_report = Some(report));
    }
}

/// How long one minute of the idle lock lasts: sixty seconds. A debug build (what the GUI tests
/// drive; never the package) takes `CB_TEST_IDLE_MINUTE_SECONDS` instead, so that a test of the
/// idle lock waits seconds, not minutes, for the same code to lock.
pub fn idle_minute() -> Duration {
    const MINUTE: Duration = Duration::from_secs(60);
    if cfg!(debug_assertions) {
        std::env::var("CB_TEST_IDLE_MINUTE_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .filter(|&s| s > 0)
            .map_or(MINUTE, Duration::from_secs)
    } else {
        MINUTE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_binder_file_given_to_the_app_is_chosen_with_the_identity_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let places = Places {
            data: dir.path().join("data"),
            settings_file: dir.path().join("data").join("app.json"),
        };
        let elsewhere = dir.path().join("usb");
        std::fs::create_dir_all(&elsewhere).unwrap();
        let file = elsewhere.join("plan.binder");
        std::fs::write(&file, b"age-encryption.org/v1\n").unwrap();
        // No identity beside it: this user's own.
        let state = AppState::load(places.clone(), false, Some(file.clone()));
        match &*state.session() {
            Session::Locked(chosen) => {
                assert_eq!(chosen.binder, file.canonicalize().unwrap());
                assert_eq!(chosen.identity, places.default_identity());
            }
            _ => panic!("the file is chosen, locked"),
        }
        // Remembered as the binder last opened.
        assert_eq!(
            Settings::load(&places.settings_file).binder,
            Some(file.canonicalize().unwrap().display().to_string())
        );
        // An identity beside it is the one that opens it; a missing file changes nothing.
        std::fs::write(elsewhere.join("identity.age"), b"x").unwrap();
        let state = AppState::load(places.clone(), false, Some(file.clone()));
        assert!(
            matches!(&*state.session(), Session::Locked(c) if c.identity.ends_with("usb/identity.age"))
        );
        let state = AppState::load(places, false, Some(elsewhere.join("gone.binder")));
        assert!(
            matches!(&*state.session(), Session::Locked(c) if c.binder.ends_with("plan.binder"))
        );
    }

    #[test]
    #[should_panic(expected = "already held on this thread")]
    fn taking_the_session_twice_on_one_thread_panics_instead_of_hanging() {
        let dir = tempfile::tempdir().unwrap();
        let places = Places {
            data: dir.path().to_path_buf(),
            settings_file: dir.path().join("app.json"),
        };
        let state = AppState::load(places, false, None);
        let _held = state.session();
        let _ = state.last_report();
    }

    #[test]
    fn a_timers_work_does_not_hold_off_the_idle_lock_but_a_persons_does() {
        let dir = tempfile::tempdir().unwrap();
        let places = Places {
            data: dir.path().to_path_buf(),
            settings_file: dir.path().join("app.json"),
        };
        let state = AppState::load(places, false, None);
        let binder = Binder::create(
            &dir.path().join("b.binder"),
            binder::Keys::generate("Ann"),
            binder::Start::Empty,
        )
        .unwrap();
        state.session().open(
            binder,
            crate::session::Opening {
                opener: crate::session::Opener::Identity(dir.path().join("id.age")),
                fresh_recovery: None,
                report: None,
            },
        );
        *guard(&state.last_use) = Instant::now() - Duration::from_secs(3600);
        assert!(state.idle_too_long());
        state.with_binder_quietly(|_| Ok(())).unwrap();
        assert!(state.idle_too_long(), "a background refresh is not use");
        state.with_binder(|_| Ok(())).unwrap();
        assert!(!state.idle_too_long(), "a person's command is");
    }
}
