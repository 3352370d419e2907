//! Your keys: recovery keys (and the emergency access sheet) and your identity's passphrase.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use binder::Mode;
use secrecy::ExposeSecret;

use crate::args::PaperArg;
use crate::ctx::{Ctx, read_secret};
use crate::io::print_options;

pub(crate) fn add(
    ctx: &Ctx,
    label: String,
    sheet: Option<PathBuf>,
    paper: PaperArg,
    shared_file: Option<String>,
) -> anyhow::Result<()> {
    let mut b = ctx.open(Mode::Write)?;
    let key = b.add_recovery_key(&label)?;
    b.save()?;
    if let Some(path) = &sheet {
        let org = b.organisation()?;
        let secret = key.secret_to_show();
        let binder_file = ctx
            .binder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let printed = binder::pdf::emergency_sheet(
            &binder::pdf::EmergencySheet {
                organisation: &org,
                label: &label,
                secret: &secret,
                binder_file: &binder_file,
                shared_file: shared_file.as_deref(),
                fingerprint: &b.fingerprint()?,
                call_tree: Some(&b),
            },
            &print_options(&b, paper),
        );
        binder::fsutil::write_atomic(path, &printed.bytes, true)
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!(
            "wrote the emergency access sheet to {}: print it now, then delete the file (it holds the key)",
            path.display()
        );
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "New recovery key \"{label}\" added; the binder is now also encrypted to it."
    )?;
    writeln!(
        out,
        "Write this down or print it NOW. It is shown once and never stored:\n"
    )?;
    writeln!(out, "{}\n", key.secret_to_show().expose_secret())?;
    writeln!(
        out,
        "With it and any copy of the binder file, anyone can open the plan:"
    )?;
    writeln!(
        out,
        "  binder --identity KEYFILE list contact      (KEYFILE holds the line above)"
    )?;
    writeln!(
        out,
        "  age -d -i KEYFILE {} > plan.db && sqlite3 plan.db 'SELECT * FROM contact'",
        ctx.binder.display()
    )?;
    Ok(())
}

pub(crate) fn list(ctx: &Ctx) -> anyhow::Result<()> {
    let b = ctx.open(Mode::Read)?;
    let keys = b.list("recovery", false)?;
    ctx.output(&keys, |keys| {
        if keys.is_empty() {
            println!("no recovery keys yet; add one with `binder recovery-key add`");
        }
        for k in keys {
            println!(
                "{}  {}  {}",
                k.text("created_at"),
                k.text("label"),
                k.text("recipient")
            );
        }
    })
}

pub(crate) fn change_passphrase(
    ctx: &Ctx,
    new_passphrase_file: Option<PathBuf>,
) -> anyhow::Result<()> {
    let keys = ctx.keys()?;
    let new = read_secret(
        new_passphrase_file.as_deref(),
        "BINDER_NEW_PASSPHRASE",
        "New passphrase: ",
        true,
    )?;
    keys.change_passphrase(&ctx.identity, &new)?;
    println!("passphrase changed for {}", ctx.identity.display());
    Ok(())
}
