//! The binder file: creating one (with your identity), earlier versions and restoring them.

use std::io::IsTerminal;

use anyhow::{Context, bail};
use binder::{Binder, Keys, Mode, Start};

use crate::ctx::{Ctx, read_secret};

pub(crate) fn init(
    ctx: &Ctx,
    name: Option<String>,
    starter: bool,
    org: Option<String>,
) -> anyhow::Result<()> {
    if ctx.binder.exists() {
        bail!(
            "a binder already exists at {}; it was left as it is",
            ctx.binder.display()
        );
    }
    for dir in [&ctx.binder, &ctx.identity]
        .into_iter()
        .filter_map(|p| p.parent())
        .filter(|p| !p.as_os_str().is_empty())
    {
        binder::fsutil::create_private_dir_all(dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let keys = if ctx.identity.exists() {
        ctx.keys()?
    } else {
        let name = match name {
            Some(n) => n,
            None if std::io::stdin().is_terminal() => {
                eprint!("Your name: ");
                let mut n = String::new();
                std::io::stdin().read_line(&mut n)?;
                n.trim().to_string()
            }
            None => bail!("give your name with --name"),
        };
        create_identity(ctx, &name)?
    };
    let start = Start::Plan {
        starter,
        organisation: org.as_deref().unwrap_or(""),
    };
    let b = Binder::create(&ctx.binder, keys, start)?;
    if ctx.json {
        return ctx.print_json(&serde_json::json!({ "binder": ctx.binder, "identity": ctx.identity, "fingerprint": b.fingerprint()? }));
    }
    println!(
        "created binder {} (fingerprint {})",
        ctx.binder.display(),
        b.fingerprint()?
    );
    println!("next: `binder recovery-key add` and keep the key on paper, away from this laptop");
    Ok(())
}

/// Makes new keys for `name` and writes them to the identity file under a chosen passphrase.
pub(crate) fn create_identity(ctx: &Ctx, name: &str) -> anyhow::Result<Keys> {
    let pass = read_secret(
        ctx.passphrase_file.as_deref(),
        "BINDER_PASSPHRASE",
        "Choose a passphrase: ",
        true,
    )?;
    let keys = Keys::generate(name);
    keys.create_identity_file(&ctx.identity, &pass)?;
    eprintln!("created your identity at {}", ctx.identity.display());
    Ok(keys)
}
pub(crate) fn generations(ctx: &Ctx) -> anyhow::Result<()> {
    // The binder may be what is broken, and this the list to restore from: the files are
    // listed even when it will not open.
    let kept = match ctx.open(Mode::Read) {
        Ok(b) => binder::versions::kept(&b, usize::MAX)?,
        Err(e) => {
            eprintln!("the binder could not be opened ({e:#}); its kept versions:");
            binder::versions::listed(&ctx.binder)?
        }
    };
    ctx.output(&kept, |kept| {
        if kept.is_empty() {
            println!("no earlier versions kept yet");
        }
        for v in kept {
            let since = match (&v.note, v.changes_since) {
                (Some(note), _) => note.clone(),
                (None, 0) => "no change since".into(),
                (None, n) => format!(
                    "{n} change(s) since by {} ({}{})",
                    v.by.join(", "),
                    v.records.join(", "),
                    if v.ahead > 0 {
                        format!("; it holds {} change(s) this copy does not", v.ahead)
                    } else {
                        String::new()
                    }
                ),
            };
            println!(
                "{:>3}  {}  {:>9} bytes  {since}",
                v.number, v.saved_at, v.size
            );
        }
    })
}

pub(crate) fn restore(ctx: &Ctx, number: usize) -> anyhow::Result<()> {
    let mut b = Binder::open(&ctx.binder, ctx.keys()?, Mode::Write)?;
    b.restore_generation(number)?;
    println!(
        "restored generation {number}; fingerprint now {}",
        b.fingerprint()?
    );
    Ok(())
}
