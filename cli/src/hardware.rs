//! Your identity behind a hardware key: the installed plugins, their keys, protecting and
//! unprotecting, and the terminal's answers to a plugin's PIN and touch prompts.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, bail};
use binder::hardware::{self, HardwareKey};
use binder::{Binder, Mode};
use secrecy::SecretString;

use crate::args::HardwareAction;
use crate::ctx::{Ctx, read_secret};

/// A plugin's prompts answered in the terminal (or, for scripts, the PIN from
/// `BINDER_HARDWARE_PIN`); messages ("Touch your YubiKey") go to standard error.
#[derive(Clone, Copy)]
pub(crate) struct TerminalPrompts;

static PIN_GIVEN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

impl TerminalPrompts {
    /// Prompts for one opening of the identity (`BINDER_HARDWARE_PIN` answers its first ask).
    pub(crate) fn fresh() -> Self {
        PIN_GIVEN.store(false, std::sync::atomic::Ordering::SeqCst);
        TerminalPrompts
    }
}

impl hardware::Callbacks for TerminalPrompts {
    fn display_message(&self, message: &str) {
        eprintln!("{message}");
    }

    fn confirm(&self, message: &str, yes: &str, no: Option<&str>) -> Option<bool> {
        if !std::io::stdin().is_terminal() {
            return None;
        }
        // The plugin's own words for each answer ("YubiKey is plugged in", "Skip this YubiKey"),
        // chosen by number; the end of input is no answer (so a plugin asking again stops).
        match no {
            Some(no) => eprint!("{message}\n  1) {yes}\n  2) {no}\nChoose 1 or 2: "),
            None => eprint!("{message}\n  1) {yes}\nPress Enter: "),
        }
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        match std::io::stdin().read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => match line.trim() {
                "2" if no.is_some() => Some(false),
                "1" | "" => Some(true),
                _ => None,
            },
        }
    }

    fn request_public_string(&self, description: &str) -> Option<String> {
        if !std::io::stdin().is_terminal() {
            return None;
        }
        eprint!("{description} ");
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        match std::io::stdin().read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line.trim().to_string()),
        }
    }

    fn request_passphrase(&self, description: &str) -> Option<SecretString> {
        // Given once: a plugin that asks again (a PIN of the wrong length) is not answered the
        // same thing forever.
        if let Ok(pin) = std::env::var("BINDER_HARDWARE_PIN")
            && !PIN_GIVEN.swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            return Some(SecretString::from(pin));
        }
        if std::env::var_os("BINDER_HARDWARE_PIN").is_some() {
            eprintln!("{description}: the key asked again; BINDER_HARDWARE_PIN is used only once");
            return None;
        }
        if !std::io::stdin().is_terminal() {
            eprintln!("{description}: no terminal to ask in; set BINDER_HARDWARE_PIN");
            return None;
        }
        rpassword::prompt_password(format!("{description}: "))
            .ok()
            .map(SecretString::from)
    }
}

pub(crate) fn run(ctx: &Ctx, action: HardwareAction) -> anyhow::Result<()> {
    match action {
        HardwareAction::Plugins => {
            let plugins = hardware::installed_plugins();
            ctx.output(&plugins, |plugins| {
                if plugins.is_empty() {
                    println!(
                        "no age plugins installed; for a YubiKey: {}",
                        hardware::install_hint("yubikey")
                    );
                }
                for p in plugins {
                    println!("{}  {}", p.name, p.path);
                }
            })
        }
        HardwareAction::List { plugin } => {
            let keys = hardware::list_keys(&plugin)?;
            ctx.output(&keys, |k| print_keys(k))
        }
        HardwareAction::Protect { plugin, key } => protect(ctx, &plugin, key),
        HardwareAction::Remove {
            new_passphrase_file,
        } => remove(ctx, new_passphrase_file),
        HardwareAction::Status => {
            let key = Binder::hardware_key_of(&ctx.identity);
            ctx.output(&key, |key| match key {
                Some(k) => println!(
                    "{} is kept behind a hardware key: {} ({}), recipient {}",
                    ctx.identity.display(),
                    k.plugin,
                    k.description,
                    k.recipient
                ),
                None => println!("{} is kept behind a passphrase", ctx.identity.display()),
            })
        }
    }
}

fn print_keys(keys: &[HardwareKey]) {
    for (n, k) in keys.iter().enumerate() {
        println!(
            "{}. {}\n   {}\n   recipient {}",
            n + 1,
            k.description,
            k.identity,
            k.recipient
        );
    }
}

fn protect(ctx: &Ctx, plugin: &str, which: usize) -> anyhow::Result<()> {
    if let Some(now) = Binder::hardware_key_of(&ctx.identity) {
        bail!(
            "{} is already kept behind a {} key; `binder hardware-key remove` first to change keys",
            ctx.identity.display(),
            now.plugin
        );
    }
    let keys = hardware::list_keys(plugin)?;
    let Some(key) = which.checked_sub(1).and_then(|i| keys.get(i)) else {
        bail!(
            "{plugin} lists {} key(s); choose one of 1..={}",
            keys.len(),
            keys.len()
        );
    };
    let mut b = ctx.open(Mode::Write)?;
    b.protect_identity_with_hardware(&ctx.identity, key, TerminalPrompts::fresh())?;
    b.save()?;
    println!(
        "{} is now kept behind the {plugin} key ({}). It opens with that key and its PIN; keep the recovery key or successor kit safe.",
        ctx.identity.display(),
        key.description
    );
    Ok(())
}

fn remove(ctx: &Ctx, new_passphrase_file: Option<PathBuf>) -> anyhow::Result<()> {
    if Binder::hardware_key_of(&ctx.identity).is_none() {
        bail!(
            "{} is not kept behind a hardware key",
            ctx.identity.display()
        );
    }
    let mut b = ctx.open(Mode::Write)?;
    let new = read_secret(
        new_passphrase_file.as_deref(),
        "BINDER_NEW_PASSPHRASE",
        "New passphrase: ",
        true,
    )
    .context("a passphrase is needed to keep the identity behind instead")?;
    b.protect_identity_with_passphrase(&ctx.identity, &new)?;
    b.save()?;
    println!(
        "{} is kept behind a passphrase again",
        ctx.identity.display()
    );
    Ok(())
}
