//! Files the page may name, kept in Rust: the page never hands a command a path. A file comes
//! into the app as a token that Rust issued, either from the system's file chooser (the person
//! picked it) or from a path typed into a form, and then only if the file holds what the form
//! is for (a binder, an identity, a plan document, a picture…) and is an ordinary file. A
//! command takes the token with the purpose it needs and gets the path back; a token issued
//! for one purpose does not open a file for another.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppCode, CommandError};
use crate::types::FilePurpose;

/// A file the app was given, by the token the page passes back to commands.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ChosenFile {
    /// What the page passes to a command in place of the path.
    pub token: FileToken,
    /// The path, to show in the form.
    pub path: String,
}

/// A token Rust issued for a chosen file (see the module's documentation).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct FileToken(String);

/// The tokens issued in this run of the app.
#[derive(Default)]
pub struct Chosen {
    files: Mutex<HashMap<FileToken, (PathBuf, FilePurpose)>>,
    issued: Mutex<u64>,
}

impl Chosen {
    /// Issues a token for `path`, chosen or checked for `purpose`.
    pub fn issue(&self, path: PathBuf, purpose: FilePurpose) -> ChosenFile {
        let mut issued = self.issued.lock().unwrap_or_else(|p| p.into_inner());
        *issued += 1;
        let token = FileToken(format!("file-{issued}"));
        let shown = path.display().to_string();
        self.files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(token.clone(), (path, purpose));
        ChosenFile { token, path: shown }
    }

    /// The path a token stands for, if it was issued for `purpose`.
    pub fn path(&self, token: &FileToken, purpose: FilePurpose) -> Result<PathBuf, CommandError> {
        let files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        match files.get(token) {
            Some((path, issued_for)) if *issued_for == purpose => Ok(path.clone()),
            Some(_) => Err(refused(
                purpose,
                "That file was chosen for something else: choose it again here.".into(),
            )),
            None => Err(refused(purpose, "Choose the file again.".into())),
        }
    }
}

/// The form field an error about a file for `purpose` belongs to.
fn field(purpose: FilePurpose) -> &'static str {
    match purpose {
        FilePurpose::OpenBinder => "binder_path",
        FilePurpose::Identity => "identity_path",
        FilePurpose::Shared => "shared_path",
        _ => "path",
    }
}

fn refused(purpose: FilePurpose, message: String) -> CommandError {
    CommandError {
        field: Some(field(purpose).into()),
        ..CommandError::new(binder::ErrorCode::Invalid, message)
    }
}

/// What the file chooser offers for `purpose`, and what a typed path must be called: the
/// filter's name and its extensions (none: a folder).
pub fn filter(purpose: FilePurpose) -> (&'static str, &'static [&'static str]) {
    match purpose {
        FilePurpose::OpenBinder | FilePurpose::Shared | FilePurpose::NewBinder => {
            ("Binder", &["binder"])
        }
        FilePurpose::Identity => ("Identity", &["age", "txt"]),
        FilePurpose::Plan => (
            "Plan document",
            &[
                "docx", "odt", "html", "htm", "md", "markdown", "mdx", "txt", "text", "rst",
            ],
        ),
        FilePurpose::Vcard => ("vCard", &["vcf", "vcard"]),
        FilePurpose::Csv => ("CSV", &["csv", "txt"]),
        FilePurpose::Json => ("JSON", &["json"]),
        FilePurpose::Image => ("Picture", &["png", "jpg", "jpeg"]),
        FilePurpose::Folder => ("Folder", &[]),
        FilePurpose::CallLog => ("Call log", &["age"]),
    }
}

/// What a file for `purpose` is called in messages.
fn what(purpose: FilePurpose) -> &'static str {
    match purpose {
        FilePurpose::OpenBinder | FilePurpose::Shared | FilePurpose::NewBinder => "a binder file",
        FilePurpose::Identity => "an identity file",
        FilePurpose::Plan => "a plan document (Word, OpenDocument, web page, Markdown or text)",
        FilePurpose::Vcard => "a vCard file",
        FilePurpose::Csv => "a CSV file",
        FilePurpose::Json => "a JSON export",
        FilePurpose::Image => "a PNG or JPEG picture",
        FilePurpose::Folder => "a folder",
        FilePurpose::CallLog => "a call log saved on the phone copy (.calls.age)",
    }
}

/// Whether the first bytes of a file are what a file for `purpose` begins with (a text format
/// has no mark of its own, so any beginning will do for it).
fn begins_right(purpose: FilePurpose, head: &[u8], extension: &str) -> bool {
    let age = head.starts_with(b"age-encryption.org/");
    let text = String::from_utf8_lossy(head);
    match purpose {
        FilePurpose::OpenBinder | FilePurpose::Shared | FilePurpose::NewBinder => age,
        FilePurpose::Identity => age || text.contains("AGE-SECRET-KEY-"),
        FilePurpose::Plan if matches!(extension, "docx" | "odt") => head.starts_with(b"PK\x03\x04"),
        FilePurpose::Vcard => text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .to_ascii_uppercase()
            .starts_with("BEGIN:VCARD"),
        FilePurpose::Json => matches!(
            text.trim_start_matches('\u{feff}')
                .trim_start()
                .chars()
                .next(),
            Some('{' | '[')
        ),
        FilePurpose::Image => {
            head.starts_with(b"\x89PNG\r\n\x1a\n") || head.starts_with(b"\xff\xd8\xff")
        }
        _ => true,
    }
}

/// Checks a path typed into a form for `purpose`: named like such a file, an ordinary file
/// (never a device, a pipe or a folder) beginning like one — or, where the app makes the file
/// (a new binder, the shared file before the first sync), a name in a folder that exists. A
/// folder must be a folder.
pub fn check_typed(path: &Path, purpose: FilePurpose) -> Result<(), CommandError> {
    let shown = path.display();
    if path.as_os_str().is_empty() {
        return Err(refused(purpose, format!("Choose {} first.", what(purpose))));
    }
    let (_, extensions) = filter(purpose);
    if matches!(purpose, FilePurpose::Folder) {
        return match path.is_dir() {
            true => Ok(()),
            false => Err(refused(purpose, format!("There is no folder at {shown}."))),
        };
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !extensions.contains(&extension.as_str()) {
        return Err(refused(
            purpose,
            format!(
                "{shown} is not {}: its name should end in .{}.",
                what(purpose),
                extensions.join(", .")
            ),
        ));
    }
    let made_here = matches!(purpose, FilePurpose::Shared | FilePurpose::NewBinder);
    let meta = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && made_here => {
            return match path
                .parent()
                .is_some_and(|p| p.as_os_str().is_empty() || p.is_dir())
            {
                true => Ok(()),
                false => Err(refused(
                    purpose,
                    format!("The folder for {shown} does not exist."),
                )),
            };
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(CommandError {
                field: Some(field(purpose).into()),
                ..CommandError::new(AppCode::NotFound, format!("There is no file at {shown}."))
            });
        }
        Err(e) => return Err(refused(purpose, format!("Cannot read {shown}: {e}."))),
        Ok(m) => m,
    };
    if !meta.is_file() {
        return Err(refused(
            purpose,
            format!("{shown} is not an ordinary file."),
        ));
    }
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .map_err(|e| refused(purpose, format!("Cannot read {shown}: {e}.")))?;
    if !begins_right(purpose, &head, &extension) {
        return Err(refused(
            purpose,
            format!(
                "{shown} is named like {} but does not hold one.",
                what(purpose)
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_path_must_hold_what_the_form_is_for() {
        let dir = tempfile::tempdir().unwrap();
        let put = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        };
        let binder = put("plan.binder", b"age-encryption.org/v1\n-> X25519 abc\n");
        let fake = put("fake.binder", b"SQLite format 3\0");
        let key = put("id_ed25519", b"-----BEGIN OPENSSH PRIVATE KEY-----");
        let docx = put("plan.docx", b"PK\x03\x04rest");
        let renamed = put("secret.docx", b"not a zip");
        let photo = put("share.png", b"\x89PNG\r\n\x1a\nrest");
        let ok = |p: &Path, f| check_typed(p, f).map_err(|e| e.message);
        assert_eq!(ok(&binder, FilePurpose::OpenBinder), Ok(()));
        assert!(
            ok(&fake, FilePurpose::OpenBinder)
                .unwrap_err()
                .contains("does not hold one")
        );
        assert!(
            ok(&key, FilePurpose::Plan)
                .unwrap_err()
                .contains("should end in .docx")
        );
        assert!(
            ok(&key, FilePurpose::Identity)
                .unwrap_err()
                .contains("should end in .age")
        );
        assert_eq!(ok(&docx, FilePurpose::Plan), Ok(()));
        assert!(ok(&renamed, FilePurpose::Plan).is_err());
        assert_eq!(ok(&photo, FilePurpose::Image), Ok(()));
        assert!(ok(&binder, FilePurpose::Image).is_err());
        // Not an ordinary file, even when named like one.
        let device = dir.path().join("zero.binder");
        std::os::unix::fs::symlink("/dev/zero", &device).unwrap();
        assert!(
            ok(&device, FilePurpose::OpenBinder)
                .unwrap_err()
                .contains("not an ordinary file")
        );
        let folder = dir.path().join("folder.binder");
        std::fs::create_dir(&folder).unwrap();
        assert!(ok(&folder, FilePurpose::OpenBinder).is_err());
        // The shared file may be made by the first sync; not in a folder that does not exist.
        assert_eq!(
            ok(&dir.path().join("shared.binder"), FilePurpose::Shared),
            Ok(())
        );
        assert!(ok(&dir.path().join("no/shared.binder"), FilePurpose::Shared).is_err());
        assert!(ok(&dir.path().join("missing.binder"), FilePurpose::OpenBinder).is_err());
        assert_eq!(ok(dir.path(), FilePurpose::Folder), Ok(()));
    }

    #[test]
    fn a_token_opens_only_for_the_purpose_it_was_issued_for() {
        let chosen = Chosen::default();
        let plan = chosen.issue(PathBuf::from("/tmp/plan.md"), FilePurpose::Plan);
        assert_eq!(
            chosen.path(&plan.token, FilePurpose::Plan).unwrap(),
            PathBuf::from("/tmp/plan.md")
        );
        assert!(chosen.path(&plan.token, FilePurpose::Identity).is_err());
        assert!(
            chosen
                .path(&FileToken("file-99".into()), FilePurpose::Plan)
                .is_err()
        );
    }
}
