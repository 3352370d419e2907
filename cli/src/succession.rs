//! If a founder is gone: the successor kit (shares and their sheets), combining shares, taking
//! over as owner, and the successor letter.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use binder::{Binder, Keys, Mode, overview, succession, sync};

use crate::args::PaperArg;
use crate::ctx::{Ctx, read_secret, warn_pocket};
use crate::io::{print_options, write_printed};

/// Where the share sheets go.
pub(crate) struct Sheets {
    pub(crate) folder: Option<PathBuf>,
    pub(crate) print_words: bool,
    pub(crate) paper: PaperArg,
    pub(crate) shared_file: Option<String>,
}

pub(crate) fn split(ctx: &Ctx, holders: &[String], need: u8, sheets: Sheets) -> anyhow::Result<()> {
    if sheets.folder.is_none() && !sheets.print_words {
        bail!(
            "say where the shares go: --sheets FOLDER (a PDF per holder, to print) or --print-words"
        );
    }
    if let Some(folder) = &sheets.folder {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot make the folder {}", folder.display()))?;
    }
    let mut b = ctx.open(Mode::Write)?;
    let kit = succession::make_kit(&mut b, holders, need)?;
    b.save()?;
    warn_pocket(&mut b);
    let binder_file = ctx
        .binder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let names: Vec<String> = kit.shares.iter().map(|s| s.holder.clone()).collect();
    if let Some(folder) = &sheets.folder {
        let opts = print_options(&b, sheets.paper);
        let printed = binder::pdf::share_sheets(
            &b,
            &kit,
            &binder_file,
            sheets.shared_file.as_deref(),
            &opts,
        )?;
        for (file, sheet) in printed {
            write_printed(&sheet, &folder.join(file))?;
        }
    }
    if sheets.print_words {
        let mut out = std::io::stdout().lock();
        for share in &kit.shares {
            writeln!(out, "{}", share.words.join(" "))?;
        }
    }
    eprintln!(
        "Successor kit made: {} shares, any {need} open the binder ({}). Hand each holder their sheet, then delete the files; the binder keeps only the holders' names.",
        kit.shares.len(),
        names.join(", ")
    );
    Ok(())
}

/// The shares given with --share, or read one per line from standard input.
fn read_shares(given: Vec<String>) -> anyhow::Result<Vec<String>> {
    if !given.is_empty() {
        return Ok(given);
    }
    let stdin = std::io::stdin();
    let interactive = stdin.is_terminal();
    let mut shares = Vec::new();
    loop {
        if interactive {
            eprint!(
                "Share {} (its words; an empty line when done): ",
                shares.len() + 1
            );
        }
        let mut line = String::new();
        if stdin.lock().read_line(&mut line)? == 0 {
            break;
        }
        let line = line.trim().to_string();
        if line.is_empty() {
            if interactive {
                break;
            }
            continue;
        }
        // Check each share as it comes, so a mistyped word is pointed at before the next.
        if interactive && let Err(e) = binder::slip39::Share::parse(&line, shares.len() + 1) {
            eprintln!("{e}; type that share again");
            continue;
        }
        shares.push(line);
    }
    Ok(shares)
}

pub(crate) fn combine(
    ctx: &Ctx,
    from: &Path,
    given: Vec<String>,
    take_over: Option<String>,
) -> anyhow::Result<()> {
    let shares = read_shares(given)?;
    let texts: Vec<&str> = shares.iter().map(String::as_str).collect();
    let key = succession::combine(&texts).map_err(binder::Error::from)?;
    let shown = from.display().to_string();
    let Some(name) = take_over else {
        let view = Binder::open(from, key.to_keys(""), Mode::Read).map_err(|e| match e {
            binder::Error::Vault(binder::VaultError::NotForYou(_)) => anyhow::anyhow!(
                "these shares combine, but their recovery key does not open {shown}: it belongs to another binder, or the key was removed before this copy was saved"
            ),
            other => other.into(),
        })?;
        return show_read_only(ctx, &view);
    };
    if ctx.binder.exists() {
        bail!(
            "{} already exists; choose where your own copy goes with --binder",
            ctx.binder.display()
        );
    }
    let keys = Keys::generate(&name);
    let passphrase = read_secret(
        ctx.passphrase_file.as_deref(),
        "BINDER_PASSPHRASE",
        "Choose a passphrase for your new identity: ",
        true,
    )?;
    let (mut b, _) = sync::join(&ctx.binder, from, key.to_keys(&name)).map_err(|e| match e {
        binder::Error::NotAMemberOf(_) => anyhow::anyhow!(
            "these shares combine, but their recovery key is not registered in {shown} (removed, or from another binder)"
        ),
        other => other.into(),
    })?;
    if succession::recovery_record(&b)?.is_none() {
        bail!("this recovery key can open {shown} but was never given the right to take over");
    }
    keys.create_identity_file(&ctx.identity, &passphrase)?;
    b.set_after_save(binder::pocket::after_save);
    succession::take_over(&mut b, keys)?;
    b.save()?;
    let report = sync::sync(&mut b, from)?;
    let taken = succession::takeovers(&b)?;
    if let Some(t) = taken.last() {
        println!("{}.", t.sentence());
    }
    println!(
        "Your identity is {} and your copy {}; {} now holds the takeover (fingerprint {}). The other members see it at their next sync.",
        ctx.identity.display(),
        ctx.binder.display(),
        shown,
        report.fingerprint
    );
    Ok(())
}

/// What a successor sees first: the binder, its kit, the first hour.
fn show_read_only(ctx: &Ctx, b: &Binder) -> anyhow::Result<()> {
    let calls = overview::call_list(b)?;
    if ctx.json {
        return ctx.print_json(&serde_json::json!({
            "binder": b.plan_name()?,
            "fingerprint": b.fingerprint()?,
            "call_list": calls,
        }));
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "These shares open {} (fingerprint {}), read-only.",
        b.plan_name()?.unwrap_or_else(|| "the binder".into()),
        b.fingerprint()?
    )?;
    writeln!(out, "\nWhom to call:")?;
    for c in &calls {
        let who = |p: &Option<overview::Person>| {
            p.as_ref()
                .map(|p| {
                    format!(
                        "{} {}",
                        p.name,
                        p.phones.first().cloned().unwrap_or_default()
                    )
                })
                .unwrap_or_else(|| "—".into())
        };
        writeln!(
            out,
            "  {}: {} · backup {}",
            c.role,
            who(&c.primary),
            who(&c.backup)
        )?;
    }
    if let Some(first) = overview::first_checklist(b)? {
        writeln!(out, "\n{}:", first.checklist.title())?;
        for item in &first.items {
            writeln!(out, "  [ ] {}", item.text("text"))?;
        }
    }
    writeln!(
        out,
        "\nTo become an owner and keep the company going: binder --binder MY.binder --identity MY.identity recovery-key combine --from FILE --take-over --name \"Your name\""
    )?;
    Ok(())
}

pub(crate) fn letter(
    ctx: &Ctx,
    output: &Path,
    paper: PaperArg,
    shared_file: Option<String>,
) -> anyhow::Result<()> {
    let b = ctx.open(Mode::Read)?;
    let binder_file = ctx
        .binder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let opts = print_options(&b, paper);
    let printed = binder::pdf::successor_letter(
        &b,
        &binder::pdf::Letter {
            from: &opts.printed_by,
            binder_file: &binder_file,
            shared_file: shared_file.as_deref(),
        },
        &opts,
    )?;
    write_printed(&printed, output)
}
