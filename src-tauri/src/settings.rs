//! Where the app keeps things, and its few settings (no secrets, no plan data: paths, the idle
//! time, the theme, when it last synced).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use binder::Places;

/// The folders for this user (the core's one rule, shared with the CLI); with no home folder at
/// all, the current folder.
pub fn places_for_user() -> Places {
    let platform = directories::BaseDirs::new()
        .map(|b| (b.data_dir().to_path_buf(), b.config_dir().to_path_buf()));
    Places::for_user(platform).unwrap_or_else(|| Places {
        data: PathBuf::from(".").join("continuity-binder"),
        settings_file: PathBuf::from(".")
            .join("continuity-binder")
            .join("app.json"),
    })
}

/// The passphrase of the demo binder: it holds only the made-up starter plan.
pub const DEMO_PASSPHRASE: &str = "demo passphrase";

/// The colour scheme.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// Follow the system.
    #[default]
    Auto,
    /// Dark, for a dark room.
    Dark,
    /// Light, for daylight.
    Light,
}

/// The app's settings, kept in `app.json`.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(default)]
pub struct Settings {
    /// The binder last opened.
    pub binder: Option<String>,
    /// The identity that opens it.
    pub identity: Option<String>,
    /// The shared file it syncs with.
    pub shared: Option<String>,
    /// Lock after this many minutes without use (0 = never).
    pub idle_lock_minutes: u32,
    /// Colour scheme.
    pub theme: Theme,
    /// When the last sync finished (RFC 3339).
    pub last_sync: Option<String>,
    /// Sync by itself (on unlock, after changes, when the shared file changes, every few
    /// minutes); off: only when Sync now is clicked.
    pub auto_sync: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            binder: None,
            identity: None,
            shared: None,
            idle_lock_minutes: 5,
            theme: Theme::Auto,
            last_sync: None,
            auto_sync: true,
        }
    }
}

impl Settings {
    /// Reads the settings; a missing or unreadable file gives the defaults (nothing in it is
    /// precious: the binder itself is a file the user can open again).
    pub fn load(file: &Path) -> Settings {
        std::fs::read(file)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Makes `binder` (opened with `identity`) the binder last opened. A shared file chosen
    /// for another binder is forgotten: it belongs to that binder and would only refuse this one.
    pub fn choose_binder(&mut self, binder: &Path, identity: &Path) {
        let chosen = binder.display().to_string();
        if self.binder.as_deref() != Some(chosen.as_str()) {
            self.shared = None;
            self.last_sync = None;
        }
        self.binder = Some(chosen);
        self.identity = Some(identity.display().to_string());
    }

    /// Writes the settings atomically.
    pub fn save(&self, file: &Path) -> std::io::Result<()> {
        if let Some(dir) = file.parent() {
            binder::fsutil::create_private_dir_all(dir)?;
        }
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        binder::fsutil::write_atomic(file, &json, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_survive_garbage() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sub").join("app.json");
        assert_eq!(Settings::load(&file), Settings::default());
        let s = Settings {
            binder: Some("/b/x.binder".into()),
            idle_lock_minutes: 12,
            theme: Theme::Dark,
            ..Settings::default()
        };
        s.save(&file).unwrap();
        assert_eq!(Settings::load(&file), s);
        std::fs::write(&file, b"{not json").unwrap();
        assert_eq!(Settings::load(&file), Settings::default());
    }
}
