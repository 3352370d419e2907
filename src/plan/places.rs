//! Where a user's binders, identity and settings live by default — one rule for the CLI and the
//! app. The platform's own folders are found by the adapters (the `directories` crate) and handed
//! in, so the core needs no knowledge of the platform.

use std::path::{Path, PathBuf};

/// The folder name under the platform's data and config folders.
const APP_FOLDER: &str = "continuity-binder";

/// The default places of one user's files. The adapters make these folders (and a binder's or
/// an identity's folder chosen elsewhere) with [`crate::file::fsutil::create_private_dir_all`],
/// readable by their owner only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Places {
    /// Where binders and identities live by default (`~/.local/share/continuity-binder`).
    pub data: PathBuf,
    /// The app's settings file (`~/.config/continuity-binder/app.json`).
    pub settings_file: PathBuf,
}

impl Places {
    /// The places for this user. `CONTINUITY_BINDER_HOME` puts everything in that one folder
    /// (tests, portable use); otherwise `platform` gives the platform's data and config folders
    /// (for example from `directories::BaseDirs`), and `None` — no home folder — gives nothing.
    pub fn for_user(platform: Option<(PathBuf, PathBuf)>) -> Option<Places> {
        if let Some(home) = std::env::var_os("CONTINUITY_BINDER_HOME") {
            return Some(Places::in_folder(Path::new(&home)));
        }
        let (data, config) = platform?;
        Some(Places {
            data: data.join(APP_FOLDER),
            settings_file: config.join(APP_FOLDER).join("app.json"),
        })
    }

    /// Everything in one folder.
    pub fn in_folder(folder: &Path) -> Places {
        Places {
            data: folder.to_path_buf(),
            settings_file: folder.join("app.json"),
        }
    }

    /// The binder a new user gets.
    pub fn default_binder(&self) -> PathBuf {
        self.data.join("binder.binder")
    }

    /// The identity a new user gets.
    pub fn default_identity(&self) -> PathBuf {
        self.data.join("identity.age")
    }

    /// The demo binder (the one `scripts/run.sh` opens when there is no binder yet).
    pub fn demo_binder(&self) -> PathBuf {
        self.data.join("demo").join("demo.binder")
    }

    /// The demo identity.
    pub fn demo_identity(&self) -> PathBuf {
        self.data.join("demo").join("demo-identity.age")
    }
}
