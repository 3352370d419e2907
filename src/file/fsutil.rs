//! Crash-safe file replacement: write beside, sync, rename over, sync the folder.
//!
//! Used for every file the app writes, so a crash or a full disk leaves the previous file whole.
//! It only ever writes the bytes it is given; callers encrypt first.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// How a replacement ended, once the new file is in place.
#[derive(Debug)]
#[must_use]
pub enum Replaced {
    /// In place and flushed: it survives a power cut.
    Durable,
    /// In place (the rename happened: the old content is gone), but flushing the folder
    /// failed, so a power cut in the next moments could bring the old file back. Not a failed
    /// write: doing it again would do it twice.
    NotFlushed(io::Error),
}

/// Replaces `path` with `bytes` atomically. With `private`, the file is readable by its owner
/// only. A folder that could not be flushed after the rename is not an error here: the file is
/// in place (see [`Replaced`] where that must be said).
pub fn write_atomic(path: &Path, bytes: &[u8], private: bool) -> io::Result<()> {
    write_atomic_with(path, private, |file| file.write_all(bytes)).map(|_| ())
}

/// Like [`write_atomic`], with the content produced by `fill` writing into the temp file. An
/// error means the previous file is untouched (and the temp file removed); after the rename
/// the outcome is a [`Replaced`].
pub fn write_atomic_with(
    path: &Path,
    private: bool,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<Replaced> {
    let dir = parent_dir(path);
    let temp = temp_path(path);
    let result = (|| {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&temp)?;
        fill(&mut file)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    let replaced = match sync_dir(&dir) {
        Ok(()) => Replaced::Durable,
        Err(e) => Replaced::NotFlushed(e),
    };
    remove_stale_temps(path);
    Ok(replaced)
}

/// This machine's name as it goes into temp file names (so a process can tell its own
/// machine's temp files in a shared folder from another's).
fn host_tag() -> String {
    let host = fs::read_to_string("/etc/hostname").unwrap_or_default();
    let tag: String = host
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(24)
        .collect();
    if tag.is_empty() { "host".into() } else { tag }
}

/// How long a temp file of another machine (or of a process this machine cannot check) may
/// sit before it counts as left behind: far longer than any write.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Removes the temp files a killed process left beside `path` (`.<name>.<host>.<pid>.<n>.tmp`):
/// this machine's whose process is gone, and any far older than a write takes.
pub fn remove_stale_temps(path: &Path) {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(parent_dir(path)) else {
        return;
    };
    let host = host_tag();
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(middle) = file
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
        else {
            continue;
        };
        let mut parts = middle.rsplitn(3, '.');
        let (_nonce, pid, their_host) = (parts.next(), parts.next(), parts.next());
        let gone = their_host == Some(host.as_str())
            && pid
                .and_then(|p| p.parse::<u32>().ok())
                .is_some_and(process_gone);
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > STALE_AFTER));
        if gone || old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether no process `pid` runs on this machine (only where `/proc` says so).
fn process_gone(pid: u32) -> bool {
    pid != std::process::id()
        && Path::new("/proc/self").exists()
        && !Path::new("/proc").join(pid.to_string()).exists()
}

/// Creates `dir` and any missing folders above it readable by their owner only (0700 on Unix),
/// for the folders that hold binders, identities and settings. A folder already there keeps its
/// permissions: a person may have chosen to share it.
pub fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Whether `path` itself is a symbolic link (not following it).
pub fn is_symlink(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Options that open a file without following a symbolic link in its last component (Unix:
/// `O_NOFOLLOW`; the open fails and [`is_symlink`] says why).
pub fn open_options_nofollow() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options
}

/// The folder holding `path` ("." for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nonce: u32 = rand::random();
    parent_dir(path).join(format!(
        ".{name}.{}.{}.{nonce:08x}.tmp",
        host_tag(),
        std::process::id()
    ))
}

/// Makes a rename in `dir` durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        write_atomic(&path, b"one", true).unwrap();
        write_atomic(&path, b"two", true).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_temp_file_left_by_a_killed_process_goes_at_the_next_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        // A process of this machine that is gone (pid 0 is never a process), one that runs
        // (this one), and another machine's recent one.
        let dead = dir.path().join(format!(".f.{}.0.0000abcd.tmp", host_tag()));
        let alive = dir.path().join(format!(
            ".f.{}.{}.0000abcd.tmp",
            host_tag(),
            std::process::id()
        ));
        let elsewhere = dir.path().join(".f.other-laptop.4242.0000abcd.tmp");
        for p in [&dead, &alive, &elsewhere] {
            fs::write(p, b"partial").unwrap();
        }
        write_atomic(&path, b"new", true).unwrap();
        assert!(!dead.exists(), "the dead process's temp file is removed");
        assert!(
            alive.exists() && elsewhere.exists(),
            "live or foreign ones stay"
        );
    }

    #[test]
    fn a_failed_fill_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        write_atomic(&path, b"old", false).unwrap();
        let err = write_atomic_with(&path, false, |_| Err(io::Error::other("disk full")));
        assert!(matches!(err, Err(e) if e.to_string() == "disk full"));
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn private_folders_are_made_for_the_owner_only_and_existing_ones_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let shared = dir.path().join("shared");
        fs::create_dir(&shared).unwrap();
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o755)).unwrap();
        let data = shared.join("continuity-binder").join("demo");
        create_private_dir_all(&data).unwrap();
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(data.parent().unwrap()), 0o700, "a missing parent too");
        assert_eq!(mode(&shared), 0o755, "one already there is left as it is");
        create_private_dir_all(&data).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn nofollow_refuses_a_symlink_and_writes_nothing_through_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere");
        fs::write(&target, b"theirs").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let opened = open_options_nofollow()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&link);
        assert!(opened.is_err(), "a symlink is not opened");
        assert!(is_symlink(&link) && !is_symlink(&target));
        assert_eq!(fs::read(&target).unwrap(), b"theirs");
        open_options_nofollow().read(true).open(&target).unwrap();
    }
}
