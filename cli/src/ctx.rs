//! What every command shares: where the binder and identity are, the passphrase, opening the
//! binder, the one edit-and-save path and the one human-or-JSON output path.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use binder::{Binder, Keys, Mode, Places};
use secrecy::{ExposeSecret, SecretString};

pub(crate) struct Ctx {
    pub(crate) binder: PathBuf,
    pub(crate) identity: PathBuf,
    pub(crate) passphrase_file: Option<PathBuf>,
    pub(crate) json: bool,
}

/// The default places (the same rule the app uses), from the platform's folders.
pub(crate) fn places() -> anyhow::Result<Places> {
    let platform = directories::BaseDirs::new()
        .map(|b| (b.data_dir().to_path_buf(), b.config_dir().to_path_buf()));
    Places::for_user(platform).context("cannot find your home folder; use --binder and --identity")
}

impl Ctx {
    pub(crate) fn passphrase(&self, prompt: &str) -> anyhow::Result<SecretString> {
        read_secret(
            self.passphrase_file.as_deref(),
            "BINDER_PASSPHRASE",
            prompt,
            false,
        )
    }

    pub(crate) fn keys(&self) -> anyhow::Result<Keys> {
        let passphrase = || {
            self.passphrase(&format!("Passphrase for {}: ", self.identity.display()))
                .map_err(|e| binder::KeyError::Io {
                    action: "read",
                    path: "the passphrase".into(),
                    source: std::io::Error::other(e.to_string()),
                })
        };
        let prompts = crate::hardware::TerminalPrompts::fresh();
        Ok(Keys::open_identity_file_with(
            &self.identity,
            passphrase,
            prompts,
        )?)
    }

    pub(crate) fn open(&self, mode: Mode) -> anyhow::Result<Binder> {
        let mut b = Binder::open(&self.binder, self.keys()?, mode)?;
        // The phone copy follows every save and sync.
        b.set_after_save(binder::pocket::after_save);
        Ok(b)
    }

    /// Opens the binder for writing, makes one change and saves it: every editing command.
    pub(crate) fn edit<T>(
        &self,
        change: impl FnOnce(&mut Binder) -> binder::Result<T>,
    ) -> anyhow::Result<T> {
        let mut b = self.open(Mode::Write)?;
        let out = change(&mut b)?;
        b.save()?;
        warn_pocket(&mut b);
        Ok(out)
    }

    /// The one output path: `value` as JSON with `--json`, else `human` prints it for people.
    pub(crate) fn output<T: serde::Serialize>(
        &self,
        value: &T,
        human: impl FnOnce(&T),
    ) -> anyhow::Result<()> {
        if self.json {
            return self.print_json(value);
        }
        human(value);
        Ok(())
    }

    pub(crate) fn print_json(&self, value: &impl serde::Serialize) -> anyhow::Result<()> {
        println!("{}", serde_json::to_string_pretty(value)?);
        Ok(())
    }
}

/// Says why the phone copy could not be rewritten at the last save (the binder itself is saved).
pub(crate) fn warn_pocket(b: &mut Binder) {
    if let Some(problem) = b.take_after_save_problem() {
        eprintln!("warning: the binder is saved, but {problem}");
    }
}

pub(crate) fn read_secret(
    file: Option<&Path>,
    env: &str,
    prompt: &str,
    confirm: bool,
) -> anyhow::Result<SecretString> {
    if let Some(path) = file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the passphrase file {}", path.display()))?;
        return Ok(SecretString::from(
            text.lines().next().unwrap_or("").to_string(),
        ));
    }
    if let Ok(value) = std::env::var(env) {
        return Ok(SecretString::from(value));
    }
    if !std::io::stdin().is_terminal() {
        bail!("a passphrase is needed: set {env}, use --passphrase-file, or run in a terminal");
    }
    let first = SecretString::from(rpassword::prompt_password(prompt)?);
    if confirm {
        let again = SecretString::from(rpassword::prompt_password("Repeat it: ")?);
        if first.expose_secret() != again.expose_secret() {
            bail!("the two passphrases differ; nothing was changed");
        }
        if first.expose_secret().chars().count() < 8 {
            bail!("choose a passphrase of at least 8 characters (four random words are better)");
        }
    }
    Ok(first)
}

pub(crate) fn pairs(fields: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    fields
        .iter()
        .map(|f| match f.split_once('=') {
            Some((k, v)) => Ok((k.trim().to_string(), v.to_string())),
            None => bail!("\"{f}\" is not field=value (e.g. name=\"Åsa Öberg\")"),
        })
        .collect()
}

pub(crate) fn report_id(ctx: &Ctx, what: &str, id: &str) -> anyhow::Result<()> {
    if ctx.json {
        return ctx.print_json(&serde_json::json!({ "id": id, "result": what }));
    }
    println!("{id}");
    Ok(())
}

pub(crate) fn one_line(s: &str, max: usize) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
    format!("{cut}…")
}
