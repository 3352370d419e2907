//! The one error shape every command returns: `{code, message, field}`, in plain words.

use serde::Serialize;
use ts_rs::TS;

/// An error the UI shows as it is: `message` is a sentence for a person, `code` lets the UI
/// react (e.g. `wrong_passphrase` keeps the unlock field focused), `field` puts a form's message
/// beside the field it is about.
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
pub struct CommandError {
    /// Stable machine-readable code: the core's or the shell's own.
    pub code: Code,
    /// What happened and what to do.
    pub message: String,
    /// The form field the error is about, if any.
    pub field: Option<String>,
}

/// Failures only the shell has (the core's are [`binder::ErrorCode`]).
#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AppCode {
    /// The binder is locked, or none is open.
    BinderLocked,
    /// Tauri itself failed (a window, a dialog).
    App,
    /// Reading or writing a file the user chose failed.
    Io,
    /// No shared file has been chosen yet.
    NoSharedFile,
    /// A file the user named does not exist.
    NotFound,
    /// The system could not open a link.
    Open,
    /// Something is already there (a binder, an identity).
    Exists,
    /// What was asked for is no longer there (a recovery key already forgotten).
    Gone,
    /// No binder has been chosen yet.
    NoBinder,
    /// The settings file cannot be written.
    Settings,
    /// The passphrase chosen is too weak.
    WeakPassphrase,
    /// The shared file cannot be reached (its folder is gone: unmounted, unplugged).
    Offline,
}

/// The code of a [`CommandError`]: the core's, or the shell's own.
#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(untagged)]
pub enum Code {
    /// A failure of the core.
    Core(binder::ErrorCode),
    /// A failure of the shell.
    App(AppCode),
}

impl From<binder::ErrorCode> for Code {
    fn from(code: binder::ErrorCode) -> Code {
        Code::Core(code)
    }
}

impl From<AppCode> for Code {
    fn from(code: AppCode) -> Code {
        Code::App(code)
    }
}

impl CommandError {
    /// An error raised by the shell itself (not the core).
    pub fn new(code: impl Into<Code>, message: impl Into<String>) -> Self {
        CommandError {
            code: code.into(),
            message: message.into(),
            field: None,
        }
    }

    /// The binder is locked (or none is open): unlock first.
    pub fn locked() -> Self {
        Self::new(
            AppCode::BinderLocked,
            "The binder is locked. Unlock it with your passphrase first.",
        )
    }
}

impl From<binder::Error> for CommandError {
    fn from(e: binder::Error) -> Self {
        let field = match &e {
            binder::Error::Field(f) => f.field().map(str::to_string),
            _ => None,
        };
        let message = match &e {
            binder::Error::Key(binder::KeyError::WrongPassphrase(_)) => {
                "That passphrase does not open this binder. Check Caps Lock and the keyboard layout, then try again.".to_string()
            }
            // The core's message names the CLI's command; in the app the steps are screens.
            binder::Error::NotAMemberOf(path) => format!(
                "Your key cannot open {path}: you are not a member of that binder yet (or any more). Send your invitation to an owner of the binder; once they have added you and their app has synced, choose Join again."
            ),
            other => sentence(&binder::describe(other)),
        };
        CommandError {
            code: e.code().into(),
            message,
            field,
        }
    }
}

impl From<tauri::Error> for CommandError {
    fn from(e: tauri::Error) -> Self {
        Self::new(AppCode::App, sentence(&e.to_string()))
    }
}

/// Core messages are written for a terminal ("no record x; …"); the app shows them as sentences.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?', ')']) {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The UI depends on this exact JSON shape.
    #[test]
    fn command_error_json_is_pinned() {
        let e = CommandError::from(binder::Error::Field(binder::FieldError::Required {
            kind: "contact",
            field: "name",
        }));
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"code":"invalid","message":"Contact: the field \"name\" is required.","field":"name"}"#
        );
        let wrong = CommandError::from(binder::Error::Key(binder::KeyError::WrongPassphrase(
            "/x/identity.age".into(),
        )));
        assert_eq!(wrong.code, Code::Core(binder::ErrorCode::WrongPassphrase));
        assert!(
            wrong
                .message
                .starts_with("That passphrase does not open this binder.")
        );
        assert!(
            !wrong.message.contains("/x/"),
            "no paths in the unlock message"
        );
    }
}
