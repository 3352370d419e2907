//! The binder file on disk: an age-encrypted SQLite image, its generations and its writer lock.
//!
//! This module moves ciphertext between memory and disk and nothing else: it never sees records,
//! never writes plaintext, and leaves the SQLite side to `store`.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::file::fsutil;

/// How many earlier versions of a binder file are kept beside it, by default.
pub const DEFAULT_GENERATIONS: usize = 10;

/// Errors reading, writing or locking a binder file.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// There is no file at the path.
    #[error(
        "no binder at {0}; create one with `binder init`, or point to yours with --binder / BINDER_PATH"
    )]
    Missing(String),
    /// The file is empty.
    #[error(
        "{0} is empty: it is not a binder (a save may have been interrupted; see `binder generations`)"
    )]
    Empty(String),
    /// The file is not an age file, or not a binder inside.
    #[error("{0} is not a Continuity Binder file")]
    NotABinder(String),
    /// The file is passphrase-encrypted (probably an identity file given as the binder).
    #[error(
        "{0} is protected by a passphrase, not by member keys: it looks like an identity file, not a binder"
    )]
    PassphraseFile(String),
    /// None of the given keys is among the file's recipients.
    #[error(
        "your identity cannot open {0}: the binder is not encrypted to your key (were you added as a member, or removed?)"
    )]
    NotForYou(String),
    /// The file is cut short or altered.
    #[error(
        "{0} is damaged: it is cut short or has been altered, so it cannot be trusted. Restore an earlier copy with `binder generations` / `binder restore`"
    )]
    Damaged(String),
    /// Another process holds the writer lock.
    #[error("{path} is open in another Continuity Binder ({holder}); close it there first")]
    Locked {
        /// The binder.
        path: String,
        /// What the lock file says about who holds it.
        holder: String,
    },
    /// A binder already exists where a new one would be made.
    #[error("a binder already exists at {0}; it was left as it is")]
    Exists(String),
    /// No such generation.
    #[error("there is no generation {0}; `binder generations` lists them")]
    NoGeneration(usize),
    /// Writing failed; the previous file is untouched.
    #[error("could not save {path}: {source}. The previous version of the file is unchanged")]
    SaveFailed {
        /// The binder.
        path: String,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// The writer lock could not be taken (not because someone holds it): nothing was written.
    #[error("could not take the writer lock {path}: {source}. Nothing was changed")]
    LockFailed {
        /// The lock file.
        path: String,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// A symbolic link sits where the binder keeps its lock file or its kept versions: it was
    /// not followed.
    #[error(
        "{path} is a symbolic link where Continuity Binder keeps its {what}; nothing was read or written through it. Someone who can write that folder may have put it there: remove the link, check the folder, and try again"
    )]
    Symlink {
        /// The link.
        path: String,
        /// What belongs there ("writer lock", "earlier versions").
        what: &'static str,
    },
    /// The lock file is a hard link to another file: writing the lock would change that file.
    #[error(
        "{0} is a second name of another file (a hard link) where Continuity Binder keeps its writer lock; nothing was written to it. Someone who can write that folder may have put it there: remove it, check the folder, and try again"
    )]
    HardLink(String),
    /// Reading failed.
    #[error("could not read {path}")]
    Read {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: io::Error,
    },
}

/// Reads the binder file at `path` (ciphertext).
pub fn read(path: &Path) -> Result<Vec<u8>, VaultError> {
    let path_text = path.display().to_string();
    match fs::read(path) {
        Ok(bytes) => Ok(bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(VaultError::Missing(path_text)),
        Err(source) => Err(VaultError::Read {
            path: path_text,
            source,
        }),
    }
}

/// A decrypting reader over a binder file, with the plaintext length. The plaintext is never
/// gathered here: the caller streams it straight into its one in-memory home (SQLite), so no
/// second plaintext copy exists even briefly.
pub struct PlainReader<R> {
    inner: age::stream::StreamReader<R>,
    /// Set when a read failed authentication: the file is damaged.
    failed: bool,
}

impl<R> PlainReader<R> {
    /// Whether any read failed (the ciphertext did not authenticate).
    pub fn failed(&self) -> bool {
        self.failed
    }
}

impl<R: io::Read + io::Seek> Read for PlainReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let result = self.inner.read(buf);
        self.failed |= result.is_err();
        result
    }
}

/// Opens the binder file at `path` for decryption with any of `identities`, streaming from disk
/// so the ciphertext is never held whole in memory either.
pub fn open_file(
    path: &Path,
    identities: &[&dyn age::Identity],
) -> Result<(PlainReader<io::BufReader<File>>, usize), VaultError> {
    let path_text = path.display().to_string();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(VaultError::Missing(path_text));
        }
        Err(source) => {
            return Err(VaultError::Read {
                path: path_text,
                source,
            });
        }
    };
    open_plaintext(
        io::BufReader::with_capacity(1 << 16, file),
        identities,
        &path_text,
    )
}

/// Opens binder ciphertext from `input` with any of `identities`: returns the decrypting reader
/// and the plaintext length (the last chunk is authenticated to learn it, so truncation shows
/// here). `path_text` names the file in errors.
pub fn open_plaintext<R: io::BufRead + io::Seek>(
    mut input: R,
    identities: &[&dyn age::Identity],
    path_text: &str,
) -> Result<(PlainReader<R>, usize), VaultError> {
    let head = input.fill_buf().map_err(|source| VaultError::Read {
        path: path_text.into(),
        source,
    })?;
    if head.is_empty() {
        return Err(VaultError::Empty(path_text.into()));
    }
    if !head.starts_with(b"age-encryption.org/") {
        return Err(VaultError::NotABinder(path_text.into()));
    }
    let decryptor =
        age::Decryptor::new_buffered(input).map_err(|_| VaultError::Damaged(path_text.into()))?;
    if decryptor.is_scrypt() {
        return Err(VaultError::PassphraseFile(path_text.into()));
    }
    let mut inner = decryptor
        .decrypt(identities.iter().copied())
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => VaultError::NotForYou(path_text.into()),
            _ => VaultError::Damaged(path_text.into()),
        })?;
    let damaged = |_| VaultError::Damaged(path_text.into());
    let len = inner.seek(io::SeekFrom::End(0)).map_err(damaged)?;
    inner.seek(io::SeekFrom::Start(0)).map_err(damaged)?;
    let len = usize::try_from(len).map_err(|_| VaultError::Damaged(path_text.into()))?;
    Ok((
        PlainReader {
            inner,
            failed: false,
        },
        len,
    ))
}

/// Decrypts a binder file's bytes into memory (zeroized on drop), for tools and tests that
/// want the SQLite image itself.
pub fn decrypt(
    bytes: &[u8],
    identities: &[&dyn age::Identity],
    path_text: &str,
) -> Result<Zeroizing<Vec<u8>>, VaultError> {
    let (mut reader, len) = open_plaintext(io::Cursor::new(bytes), identities, path_text)?;
    let mut plain = Zeroizing::new(Vec::with_capacity(len));
    reader
        .read_to_end(&mut plain)
        .map_err(|_| VaultError::Damaged(path_text.into()))?;
    Ok(plain)
}

/// Encrypts `plaintext` to `recipients` and replaces the file at `path` atomically, keeping the
/// file it replaces as a generation (at most `keep` of them).
pub fn save(
    path: &Path,
    plaintext: &[u8],
    recipients: &[age::x25519::Recipient],
    keep: usize,
) -> Result<Option<String>, VaultError> {
    let failed = |source| VaultError::SaveFailed {
        path: path.display().to_string(),
        source,
    };
    if keep > 0 {
        refuse_symlink(&generations_dir(path), GENERATIONS)?;
    }
    let encryptor = encryptor(recipients).map_err(failed)?;
    let replaced = fsutil::write_atomic_with(path, true, |file| {
        seal_into(encryptor, file, plaintext)?;
        if keep > 0 && path.exists() {
            keep_generation(path)?;
        }
        Ok(())
    })
    .map_err(failed)?;
    // From here the new file is in place: what goes wrong is said, and the save stands (a
    // retry would make the same change twice).
    let mut problems = Vec::new();
    if let fsutil::Replaced::NotFlushed(e) = replaced {
        problems.push(format!(
            "its folder could not be flushed to disk ({e}): the change is in place, but a power cut in the next moments could undo it"
        ));
    }
    if let Err(e) = prune_generations(path, keep) {
        problems.push(format!(
            "an old kept version could not be removed from {} ({e})",
            generations_dir(path).display()
        ));
    }
    Ok((!problems.is_empty()).then(|| problems.join("; ")))
}

fn encryptor(recipients: &[age::x25519::Recipient]) -> io::Result<age::Encryptor> {
    age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
        .map_err(|e| io::Error::other(e.to_string()))
}

/// Writes `plaintext` encrypted into `file` (binary age format).
fn seal_into(encryptor: age::Encryptor, file: &mut File, plaintext: &[u8]) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 20, file);
    let mut writer = encryptor.wrap_output(&mut out)?;
    writer.write_all(plaintext)?;
    writer.finish()?;
    out.flush()
}

/// What [`publish`] did.
#[derive(Debug)]
pub enum Published {
    /// Written and flushed.
    Written,
    /// Written (in place), but its folder could not be flushed.
    NotFlushed(io::Error),
    /// Not written: the file changed underneath; merge again.
    Changed,
}

/// Replaces the shared file at `path` with `plaintext` encrypted to `recipients`, but only if
/// the file still holds `expected` (None: still absent) just before the rename — otherwise
/// nothing is written and [`Published::Changed`] says "it changed underneath; merge again".
pub fn publish(
    path: &Path,
    plaintext: &[u8],
    recipients: &[age::x25519::Recipient],
    expected: Option<&[u8]>,
) -> Result<Published, VaultError> {
    let failed = |source| VaultError::SaveFailed {
        path: path.display().to_string(),
        source,
    };
    let encryptor = encryptor(recipients).map_err(failed)?;
    let mut changed = false;
    let result = fsutil::write_atomic_with(path, true, |file| {
        seal_into(encryptor, file, plaintext)?;
        let now = match fs::read(path) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        if now.as_deref() != expected {
            changed = true;
            return Err(io::Error::other("the shared file changed while merging"));
        }
        Ok(())
    });
    match result {
        Ok(fsutil::Replaced::Durable) => Ok(Published::Written),
        Ok(fsutil::Replaced::NotFlushed(e)) => Ok(Published::NotFlushed(e)),
        Err(_) if changed => Ok(Published::Changed),
        Err(e) => Err(failed(e)),
    }
}

/// What the generations folder holds, as [`VaultError::Symlink`] names it.
const GENERATIONS: &str = "earlier versions";

/// Refuses a symbolic link at `path`, where a file or folder of our own belongs.
fn refuse_symlink(path: &Path, what: &'static str) -> Result<(), VaultError> {
    if fsutil::is_symlink(path) {
        return Err(VaultError::Symlink {
            path: path.display().to_string(),
            what,
        });
    }
    Ok(())
}

/// The folder where earlier versions of the binder at `path` are kept.
pub fn generations_dir(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    fsutil::parent_dir(path).join(format!("{name}.generations"))
}

/// One kept earlier version of a binder file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Generation {
    /// 1 is the newest.
    pub number: usize,
    /// Where it is.
    pub path: PathBuf,
    /// When it was replaced (file modification time of the version, RFC 3339).
    pub saved_at: String,
    /// Its size in bytes.
    pub size: u64,
}

/// The kept generations of the binder at `path`, newest first.
pub fn generations(path: &Path) -> Result<Vec<Generation>, VaultError> {
    let dir = generations_dir(path);
    refuse_symlink(&dir, GENERATIONS)?;
    let mut names: Vec<String> = match fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                n.ends_with(".binder") && n.chars().next().is_some_and(|c| c.is_ascii_digit())
            })
            .collect(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(source) => {
            return Err(VaultError::Read {
                path: dir.display().to_string(),
                source,
            });
        }
    };
    names.sort();
    names.reverse();
    Ok(names
        .into_iter()
        .filter_map(|name| {
            let p = dir.join(&name);
            // Only files of our own: a link planted among them is not a version to restore.
            let meta = fs::symlink_metadata(&p).ok().filter(|m| m.is_file())?;
            Some((p, meta))
        })
        .enumerate()
        .map(|(i, (p, meta))| Generation {
            number: i + 1,
            path: p,
            saved_at: meta
                .modified()
                .ok()
                .map(|t| crate::catalog::format_datetime(t.into()))
                .unwrap_or_default(),
            size: meta.len(),
        })
        .collect())
}

fn keep_generation(path: &Path) -> io::Result<()> {
    let dir = generations_dir(path);
    fsutil::create_private_dir_all(&dir)?;
    // Checked before the save began; checked again here, just before writing into it.
    if fsutil::is_symlink(&dir) {
        return Err(io::Error::other(format!(
            "{} is a symbolic link; nothing was written through it",
            dir.display()
        )));
    }
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.6fZ");
    let target = dir.join(format!("{stamp}.binder"));
    // A hard link costs nothing; a file system without them (FAT sticks) gets a copy, into a
    // new file (never through anything already at that name).
    if fs::hard_link(path, &target).is_err() {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut copy = options.open(&target)?;
        io::copy(&mut File::open(path)?, &mut copy)?;
        copy.sync_all()?;
    }
    fsutil::sync_dir(&dir)
}

fn prune_generations(path: &Path, keep: usize) -> io::Result<()> {
    let Ok(all) = generations(path) else {
        return Ok(());
    };
    for old in all.into_iter().skip(keep) {
        fs::remove_file(old.path)?;
    }
    Ok(())
}

/// The writer lock on a binder file: held while a process may write it, released on drop.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// Takes the writer lock beside the binder at `path`, or says who holds it.
pub fn lock(path: &Path) -> Result<Lock, VaultError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lock_path = fsutil::parent_dir(path).join(format!(".{name}.lock"));
    let failed = |source| VaultError::LockFailed {
        path: lock_path.display().to_string(),
        source,
    };
    // Never through a link: one planted there would have us truncate and write whatever it
    // points to.
    let mut file = fsutil::open_options_nofollow()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(|e| match refuse_symlink(&lock_path, "writer lock") {
            Err(symlink) => symlink,
            Ok(()) => failed(e),
        })?;
    // Nor into another file under a second name: the lock is truncated and written below.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if file.metadata().map_err(failed)?.nlink() > 1 {
            return Err(VaultError::HardLink(lock_path.display().to_string()));
        }
    }
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = if holder.trim().is_empty() {
                "another process".to_string()
            } else {
                holder.trim().to_string()
            };
            return Err(VaultError::Locked {
                path: path.display().to_string(),
                holder,
            });
        }
        Err(fs::TryLockError::Error(e)) => return Err(failed(e)),
    }
    let host = fs::read_to_string("/etc/hostname").unwrap_or_default();
    file.set_len(0).map_err(failed)?;
    write!(file, "process {} on {}", std::process::id(), host.trim()).map_err(failed)?;
    Ok(Lock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_refuses_to_overwrite_a_file_that_changed_underneath() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared.binder");
        let key = age::x25519::Identity::generate();
        let to = [key.to_public()];
        assert!(
            matches!(
                publish(&path, b"first", &to, None).unwrap(),
                Published::Written
            ),
            "absent as expected: written"
        );
        let seen = fs::read(&path).unwrap();
        // Someone else writes in between.
        assert!(matches!(
            publish(&path, b"theirs", &to, Some(&seen)).unwrap(),
            Published::Written
        ));
        let theirs = fs::read(&path).unwrap();
        assert!(
            matches!(
                publish(&path, b"mine", &to, Some(&seen)).unwrap(),
                Published::Changed
            ),
            "changed underneath: not written"
        );
        assert_eq!(fs::read(&path).unwrap(), theirs);
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left behind"
        );
        let plain = decrypt(&theirs, &[&key as &dyn age::Identity], "t").unwrap();
        assert_eq!(&plain[..], b"theirs");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_planted_as_the_lock_file_is_refused_and_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.binder");
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, b"keep me").unwrap();
        let lock_path = dir.path().join(".b.binder.lock");
        std::os::unix::fs::symlink(&victim, &lock_path).unwrap();
        let err = lock(&path).expect_err("refused");
        assert!(
            matches!(
                &err,
                VaultError::Symlink {
                    what: "writer lock",
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("is a symbolic link"), "{err}");
        assert_eq!(fs::read(&victim).unwrap(), b"keep me");

        // A dangling one is not created through either.
        let absent = dir.path().join("absent.txt");
        fs::remove_file(&lock_path).unwrap();
        std::os::unix::fs::symlink(&absent, &lock_path).unwrap();
        assert!(matches!(lock(&path), Err(VaultError::Symlink { .. })));
        assert!(!absent.exists());

        // Nor a hard link: a second name of another file.
        fs::remove_file(&lock_path).unwrap();
        fs::hard_link(&victim, &lock_path).unwrap();
        let err = lock(&path).expect_err("a hard link is refused");
        assert!(matches!(err, VaultError::HardLink(_)), "{err:?}");
        assert!(err.to_string().contains("a hard link"), "{err}");
        assert_eq!(fs::read(&victim).unwrap(), b"keep me");

        fs::remove_file(&lock_path).unwrap();
        let held = lock(&path).unwrap();
        assert!(fs::symlink_metadata(&lock_path).unwrap().is_file());
        drop(held);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_planted_as_the_generations_folder_is_refused_and_nothing_saved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.binder");
        let key = age::x25519::Identity::generate();
        let to = [key.to_public()];
        assert!(save(&path, b"one", &to, 3).unwrap().is_none());
        let first = fs::read(&path).unwrap();
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, generations_dir(&path)).unwrap();

        let err = save(&path, b"two", &to, 3).expect_err("refused");
        assert!(
            matches!(
                &err,
                VaultError::Symlink {
                    what: GENERATIONS,
                    ..
                }
            ),
            "{err:?}"
        );
        assert_eq!(fs::read(&path).unwrap(), first, "the binder is unchanged");
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
        assert!(matches!(
            generations(&path),
            Err(VaultError::Symlink { .. })
        ));

        // A real folder works, and a link planted inside it is no version to restore.
        fs::remove_file(generations_dir(&path)).unwrap();
        assert!(save(&path, b"two", &to, 3).unwrap().is_none());
        let planted = generations_dir(&path).join("99999999T000000.000000Z.binder");
        std::os::unix::fs::symlink(dir.path().join("victim"), &planted).unwrap();
        let kept = generations(&path).unwrap();
        assert_eq!(kept.len(), 1, "{kept:?}");
        assert_ne!(kept[0].path, planted);
        assert_eq!(kept[0].number, 1, "numbered without the link");
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(generations_dir(&path))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o700,
            "the kept versions are the owner's only"
        );
    }
}
