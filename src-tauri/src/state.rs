//! The app's one piece of state: which binder, whether it is open, when it was last used.
//!
//! Locking drops the decrypted binder (the in-memory SQLite image and the keys, which zeroize on
//! drop); nothing of the plan is kept anywhere else on the Rust side.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use binder::Binder;

use crate::autosync::{AutoSync, Why};
use crate::error::{AppCode, CommandError};
use crate::settings::{Places, Settings};
use crate::types::SyncSummary;

/// Which binder the app is on.
#[derive(Default)]
pub enum Session {
    /// None chosen yet.
    #[default]
    None,
    /// Chosen, locked.
    Locked {
        /// Binder file.
        binder: PathBuf,
        /// Identity file.
        identity: PathBuf,
    },
    /// Open.
    Unlocked {
        /// The open binder (holds the writer lock on its file).
        binder: Box<Binder>,
        /// Identity file.
        identity: PathBuf,
    },
}

impl Session {
    /// An open binder: its phone copy (if it has one) follows every save and sync.
    pub fn unlocked(mut binder: Binder, identity: PathBuf) -> Session {
        binder.set_after_save(binder::pocket::after_save);
        Session::Unlocked {
            binder: Box::new(binder),
            identity,
        }
    }
}

/// Everything the commands share.
pub struct AppState {
    /// Folders.
    pub places: Places,
    session: Mutex<Session>,
    settings: Mutex<Settings>,
    last_use: Mutex<Instant>,
    last_report: Mutex<Option<SyncSummary>>,
    /// Whether the session was started on the demo binder.
    pub demo: Mutex<bool>,
    /// Started with `--demo`: open the demo when no binder is chosen.
    pub start_demo: bool,
    /// The recovery key just made with a new binder, kept (in Rust only) until the person
    /// says it is written down, so the emergency sheet can be saved as a PDF meanwhile.
    fresh_recovery: Mutex<Option<(String, secrecy::SecretString)>>,
    /// The sync thread's handle: nudged after every change.
    pub autosync: AutoSync,
    /// What could not be done after the last save (the phone copy not rewritten), if anything.
    pub after_save_problem: Mutex<Option<String>>,
    /// The files the page may name, by the tokens issued for them.
    pub chosen: crate::chosen::Chosen,
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
            (Some(b), Some(i)) if PathBuf::from(b).exists() => Session::Locked {
                binder: b.into(),
                identity: i.into(),
            },
            _ => Session::None,
        };
        AppState {
            places,
            session: Mutex::new(session),
            settings: Mutex::new(settings),
            last_use: Mutex::new(Instant::now()),
            last_report: Mutex::new(None),
            demo: Mutex::new(false),
            fresh_recovery: Mutex::new(None),
            autosync: AutoSync::default(),
            start_demo,
            after_save_problem: Mutex::new(None),
            chosen: Default::default(),
        }
    }

    /// The session, for reading or replacing.
    pub fn session(&self) -> MutexGuard<'_, Session> {
        guard(&self.session)
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
        match &mut *self.session() {
            Session::Unlocked { binder, .. } => f(binder),
            _ => Err(CommandError::locked()),
        }
    }

    /// Like [`with_binder`](Self::with_binder), then saves (the file on disk is always current).
    pub fn change<T>(
        &self,
        f: impl FnOnce(&mut Binder) -> Result<T, binder::Error>,
    ) -> Result<T, CommandError> {
        let out = self.with_binder(|b| {
            let out = f(b)?;
            b.save()?;
            let problem = b.take_after_save_problem();
            if let Some(p) = &problem {
                self.autosync.tell_saved_but(p);
            }
            *guard(&self.after_save_problem) = problem;
            Ok(out)
        })?;
        self.autosync.nudge(Why::LocalChange);
        Ok(out)
    }

    /// Whether a binder is open.
    pub fn is_unlocked(&self) -> bool {
        matches!(*self.session(), Session::Unlocked { .. })
    }

    /// Locks: drops the open binder, keeps which file it was.
    pub fn lock(&self) -> bool {
        let mut session = self.session();
        match std::mem::take(&mut *session) {
            Session::Unlocked { binder, identity } => {
                let path = binder.path().to_path_buf();
                drop(binder);
                self.forget_recovery_key();
                binder::planimport::forget_last_document();
                // A successor's session (opened with shares, no identity file) ends here: the
                // shares are needed again.
                *session = if identity.as_os_str().is_empty() {
                    Session::None
                } else {
                    Session::Locked {
                        binder: path,
                        identity,
                    }
                };
                *guard(&self.last_report) = None;
                true
            }
            other => {
                *session = other;
                false
            }
        }
    }

    /// Notes that the user did something (the idle timer starts again).
    pub fn touch(&self) {
        *guard(&self.last_use) = Instant::now();
    }

    /// Whether the binder is open and unused for longer than the idle time.
    pub fn idle_too_long(&self) -> bool {
        let minutes = self.settings().idle_lock_minutes;
        minutes > 0
            && matches!(*self.session(), Session::Unlocked { .. })
            && guard(&self.last_use).elapsed() >= Duration::from_secs(u64::from(minutes) * 60)
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
        guard(&self.last_report).clone()
    }

    /// Holds the new recovery key (and its label) until it is written down.
    pub fn hold_recovery_key(&self, label: String, secret: secrecy::SecretString) {
        *guard(&self.fresh_recovery) = Some((label, secret));
    }

    /// The new recovery key and its label, if it is still held.
    pub fn held_recovery_key(&self) -> Option<(String, secrecy::SecretString)> {
        guard(&self.fresh_recovery).clone()
    }

    /// Drops the new recovery key (zeroized): it is written down, or the binder is locked.
    pub fn forget_recovery_key(&self) {
        *guard(&self.fresh_recovery) = None;
    }

    /// Keeps the last sync report.
    pub fn set_last_report(&self, report: SyncSummary) {
        *guard(&self.last_report) = Some(report);
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
            Session::Locked { binder, identity } => {
                assert_eq!(binder, &file.canonicalize().unwrap());
                assert_eq!(identity, &places.default_identity());
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
            matches!(&*state.session(), Session::Locked { identity, .. } if identity.ends_with("usb/identity.age"))
        );
        let state = AppState::load(places, false, Some(elsewhere.join("gone.binder")));
        assert!(
            matches!(&*state.session(), Session::Locked { binder, .. } if binder.ends_with("plan.binder"))
        );
    }

    #[test]
    fn a_timers_work_does_not_hold_off_the_idle_lock_but_a_persons_does() {
        let dir = tempfile::tempdir().unwrap();
        let places = Places {
            data: dir.path().to_path_buf(),
            settings_file: dir.path().join("app.json"),
        };
        let state = AppState::load(places, false, None);
        let binder =
            Binder::create(&dir.path().join("b.binder"), binder::Keys::generate("Ann")).unwrap();
        *state.session() = Session::Unlocked {
            binder: Box::new(binder),
            identity: dir.path().join("id.age"),
        };
        *guard(&state.last_use) = Instant::now() - Duration::from_secs(3600);
        assert!(state.idle_too_long());
        state.with_binder_quietly(|_| Ok(())).unwrap();
        assert!(state.idle_too_long(), "a background refresh is not use");
        state.with_binder(|_| Ok(())).unwrap();
        assert!(!state.idle_too_long(), "a person's command is");
    }
}
