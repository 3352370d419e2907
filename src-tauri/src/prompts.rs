//! A hardware key's questions asked in the app: its plugin's PIN request, "Touch your YubiKey",
//! a confirmation. The core calls these callbacks on a blocking thread while it unlocks or sets
//! up a key; each becomes a `hardware-prompt` event the UI shows as a dialog, and the thread
//! waits for `answer_hardware_prompt` (or gives up after two minutes, as a cancel). The PIN
//! comes in over IPC as the passphrase does, and is never sent back, logged or kept.

use std::collections::HashMap;
use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use tauri::{AppHandle, Emitter};

use crate::types::HardwarePrompt;

/// How long a prompt waits for an answer before it counts as cancelled.
const PATIENCE: Duration = Duration::from_secs(120);

/// Prompts waiting for their answer, by id.
struct Waiting {
    next: u32,
    answers: HashMap<u32, mpsc::Sender<Option<SecretString>>>,
}

fn waiting() -> &'static Mutex<Waiting> {
    static WAITING: OnceLock<Mutex<Waiting>> = OnceLock::new();
    WAITING.get_or_init(|| {
        Mutex::new(Waiting {
            next: 1,
            answers: HashMap::new(),
        })
    })
}

/// Gives prompt `id` its answer (`None`: cancelled). False when no prompt waits under that id.
pub fn answer(id: u32, value: Option<SecretString>) -> bool {
    let sender = waiting()
        .lock()
        .map(|mut w| w.answers.remove(&id))
        .ok()
        .flatten();
    sender.is_some_and(|s| s.send(value).is_ok())
}

/// The app's answers to a plugin: a dialog per question.
#[derive(Clone)]
pub struct AppPrompts {
    app: AppHandle,
}

impl AppPrompts {
    pub fn new(app: &AppHandle) -> Self {
        AppPrompts { app: app.clone() }
    }

    fn emit(&self, prompt: HardwarePrompt) {
        let _ = self.app.emit("hardware-prompt", prompt);
    }

    /// Asks, and waits for the answer.
    fn ask(
        &self,
        kind: &str,
        message: &str,
        yes: Option<&str>,
        no: Option<&str>,
    ) -> Option<SecretString> {
        let (id, receiver) = {
            let mut w = waiting().lock().ok()?;
            let id = w.next;
            w.next = w.next.wrapping_add(1).max(1);
            let (sender, receiver) = mpsc::channel();
            w.answers.insert(id, sender);
            (id, receiver)
        };
        self.emit(HardwarePrompt {
            id,
            kind: kind.into(),
            message: message.trim().to_string(),
            yes: yes.map(str::to_string),
            no: no.map(str::to_string),
        });
        let got = receiver.recv_timeout(PATIENCE).ok().flatten();
        if let Ok(mut w) = waiting().lock() {
            w.answers.remove(&id);
        }
        got
    }

    /// The work that asked is over: any message still shown ("Touch your key") goes away.
    pub fn done(&self) {
        self.emit(HardwarePrompt {
            id: 0,
            kind: "done".into(),
            message: String::new(),
            yes: None,
            no: None,
        });
    }
}

impl binder::hardware::Callbacks for AppPrompts {
    fn display_message(&self, message: &str) {
        self.emit(HardwarePrompt {
            id: 0,
            kind: "message".into(),
            message: message.trim().to_string(),
            yes: None,
            no: None,
        });
    }

    fn confirm(&self, message: &str, yes: &str, no: Option<&str>) -> Option<bool> {
        let answer = self.ask("confirm", message, Some(yes), no)?;
        Some(answer.expose_secret() == "yes")
    }

    fn request_public_string(&self, description: &str) -> Option<String> {
        self.ask("text", description, None, None)
            .map(|s| s.expose_secret().to_string())
    }

    fn request_passphrase(&self, description: &str) -> Option<SecretString> {
        self.ask("pin", description, None, None)
    }
}
