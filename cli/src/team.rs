//! Working together: members, sync with the shared file (once or watching), joining, conflicts.

use std::path::PathBuf;

use anyhow::{Context, bail};
use binder::Mode;
use binder::catalog;

use crate::args::MemberAction;
use crate::ctx::{Ctx, one_line, report_id};
use crate::files::create_identity;
use crate::records::print_table;

pub(crate) fn sync(ctx: &Ctx, shared: PathBuf, watch: bool, interval: u64) -> anyhow::Result<()> {
    // Someone with no binder of their own who is given the shared file wants to join it.
    if !ctx.binder.exists() && shared.exists() {
        anyhow::bail!(
            "there is no binder of yours at {} to sync with {}; to take part in that binder, join it: `binder join {}` (after an owner added you with your invitation)",
            ctx.binder.display(),
            shared.display(),
            shared.display()
        );
    }
    if watch {
        return watch_sync(ctx, shared, interval);
    }
    let mut b = ctx.open(Mode::Write)?;
    let report = binder::sync::sync(&mut b, &shared)?;
    crate::ctx::warn_pocket(&mut b);
    print_sync(ctx, &report)
}

pub(crate) fn join(ctx: &Ctx, shared: PathBuf) -> anyhow::Result<()> {
    if ctx.binder.exists() {
        bail!(
            "a binder already exists at {}; choose another place with --binder",
            ctx.binder.display()
        );
    }
    if let Some(dir) = ctx.binder.parent().filter(|p| !p.as_os_str().is_empty()) {
        binder::fsutil::create_private_dir_all(dir)?;
    }
    let (_, report) = binder::sync::join(&ctx.binder, &shared, ctx.keys()?)?;
    if !ctx.json {
        println!("joined: your binder is at {}", ctx.binder.display());
    }
    print_sync(ctx, &report)
}

pub(crate) fn conflicts(ctx: &Ctx) -> anyhow::Result<()> {
    let b = ctx.open(Mode::Read)?;
    let conflicts = b.conflicts()?;
    ctx.output(&conflicts, |conflicts| {
        if conflicts.is_empty() {
            println!("no conflicts");
        }
        for c in conflicts {
            println!(
                "{} \"{}\" — {} changed at the same time:",
                c.id, c.title, c.field
            );
            let show = |v: &binder::store::Version, mark: &str| {
                let value = v
                    .value
                    .as_ref()
                    .map(|x| x.display())
                    .unwrap_or_else(|| "(cleared)".into());
                println!(
                    "  {mark} {:<20} {}  {}",
                    one_line(&v.who, 20),
                    v.time,
                    one_line(&value, 70)
                );
            };
            show(&c.winner, "in force:");
            for o in &c.others {
                show(o, "also:    ");
            }
            println!(
                "  settle with: binder resolve {} {} \"VALUE\"",
                c.id, c.field
            );
        }
    })
}

pub(crate) fn resolve(ctx: &Ctx, id: String, field: String, value: String) -> anyhow::Result<()> {
    let id = ctx.edit(|b| b.resolve(&id, &field, &value))?;
    report_id(ctx, "resolved", &id)
}
pub(crate) fn member(ctx: &Ctx, action: MemberAction) -> anyhow::Result<()> {
    match action {
        MemberAction::Invite { name } => {
            let keys = if ctx.identity.exists() {
                ctx.keys()?
            } else {
                let name = match name {
                    Some(n) => n,
                    None => bail!(
                        "you have no identity yet at {}; give your name with --name to create one",
                        ctx.identity.display()
                    ),
                };
                if let Some(dir) = ctx.identity.parent().filter(|p| !p.as_os_str().is_empty()) {
                    binder::fsutil::create_private_dir_all(dir)?;
                }
                create_identity(ctx, &name)?
            };
            let invitation = binder::keys::Invitation::of(&keys)
                .context("this identity cannot sign (is it a recovery key?)")?;
            if ctx.json {
                return ctx.print_json(&serde_json::json!({ "invitation": invitation.encode(), "name": invitation.name }));
            }
            println!("{}", invitation.encode());
            eprintln!(
                "Send this line to an owner of the binder (it holds only public keys). Once they have added it"
            );
            eprintln!("and synced, run: binder join SHARED_FILE");
            Ok(())
        }
        MemberAction::Add { invitation, role } => {
            let mut b = ctx.open(Mode::Write)?;
            let id = b.add_member(&invitation, &role)?;
            b.save()?;
            if !ctx.json {
                eprintln!(
                    "added; sync the shared file so they can open it (binder sync SHARED_FILE)"
                );
            }
            report_id(ctx, "added", &id)
        }
        MemberAction::List => {
            let b = ctx.open(Mode::Read)?;
            let members = b.members()?;
            if ctx.json {
                return ctx.print_json(&members);
            }
            print_table(&b, catalog::kind("member")?, &members);
            Ok(())
        }
        MemberAction::Role { member, role } => {
            let mut b = ctx.open(Mode::Write)?;
            let id = b.set_member_role(&member, &role)?;
            b.save()?;
            report_id(ctx, "role changed", &id)
        }
        MemberAction::Remove { member } => {
            let mut b = ctx.open(Mode::Write)?;
            let id = b.remove_member(&member)?;
            b.save()?;
            if !ctx.json {
                eprintln!(
                    "removed: copies written from now on are not encrypted to them; they keep the copies they already have"
                );
            }
            report_id(ctx, "removed", &id)
        }
    }
}

pub(crate) fn print_sync(ctx: &Ctx, report: &binder::sync::SyncReport) -> anyhow::Result<()> {
    if ctx.json {
        return ctx.print_json(report);
    }
    let created = if report.created { " (created it)" } else { "" };
    println!(
        "synced with {}{created}: {} change set(s) received, {} sent; fingerprint {}",
        report.shared.display(),
        report.received,
        report.sent,
        report.fingerprint
    );
    for t in &report.takeovers {
        println!("{}.", t.sentence());
    }
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    for r in &report.rejected {
        println!("rejected: {r}");
    }
    for c in &report.new_conflicts {
        println!(
            "conflict: {} \"{}\" field {} (see `binder conflicts`)",
            c.id, c.title, c.field
        );
    }
    for c in &report.copies {
        match &c.note {
            Some(note) => println!("left alone: {} ({note})", c.path.display()),
            None => println!(
                "merged conflicted copy {} ({} change sets){}",
                c.path.display(),
                c.received,
                if c.removed { ", removed it" } else { "" }
            ),
        }
    }
    Ok(())
}

pub(crate) fn watch_sync(ctx: &Ctx, shared: PathBuf, interval: u64) -> anyhow::Result<()> {
    let keys = std::sync::Arc::new(ctx.keys()?);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    eprintln!(
        "watching {} and {}; Ctrl-C to stop",
        shared.display(),
        ctx.binder.display()
    );
    runtime.block_on(binder::sync::watch(
        ctx.binder.clone(),
        shared,
        keys,
        std::time::Duration::from_secs(interval.max(1)),
        |event| match event {
            binder::sync::WatchEvent::Synced(report) => {
                let _ = print_sync(ctx, &report);
            }
            binder::sync::WatchEvent::Failed(e) => {
                eprintln!("binder: sync failed: {e} (will retry)")
            }
        },
        async {
            let _ = tokio::signal::ctrl_c().await;
        },
    ))?;
    Ok(())
}
