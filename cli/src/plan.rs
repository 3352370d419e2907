//! The plan as a whole: verify, readiness, fingerprint, sign-off, and the catalog of kinds.

use anyhow::bail;
use binder::Mode;
use binder::catalog::KINDS;

use crate::ctx::{Ctx, one_line};

pub(crate) fn verify(ctx: &Ctx) -> anyhow::Result<()> {
    let b = ctx.open(Mode::Read)?;
    let report = binder::verify(&b)?;
    if ctx.json {
        ctx.print_json(&report)?;
    } else {
        println!(
            "{} change sets by {} member key(s) checked",
            report.changes, report.actors
        );
        for p in &report.problems {
            println!("BROKEN: {p}");
        }
        if !report.state_matches_log {
            println!(
                "BROKEN: the records do not match the signed change log (edited outside the app?)"
            );
        }
        println!("fingerprint {}", report.fingerprint);
        for s in &report.signoffs {
            let verdict = match s.status {
                binder::signoff::SignoffStatus::Matches => "OK",
                binder::signoff::SignoffStatus::Changed => "NOT MATCHING",
                binder::signoff::SignoffStatus::Invalid => "BROKEN",
            };
            let role = if s.role.is_empty() {
                String::new()
            } else {
                format!(", {}", s.role)
            };
            println!(
                "{verdict}: {} by {}{role} at {}: {}",
                s.meaning, s.name, s.at, s.detail
            );
            for c in &s.changed_since {
                println!("    changed since: {c}");
            }
        }
        if report.ok() {
            println!("OK: every signature and chain is intact");
        }
        println!("{}", report.in_words(&b.member_names()?).0);
    }
    if !report.ok() {
        bail!("verification failed");
    }
    Ok(())
}

pub(crate) fn readiness(ctx: &Ctx, on: Option<chrono::NaiveDate>) -> anyhow::Result<()> {
    let b = ctx.open(Mode::Read)?;
    let today = on.unwrap_or_else(|| chrono::Local::now().date_naive());
    let r = binder::readiness::assess(&b, today)?;
    ctx.output(&r, |r| {
        println!(
            "Readiness {} / 100 on {} (review interval {} days)",
            r.score, r.as_of, r.review_days
        );
        if r.gaps.is_empty() {
            println!("Nothing stale or missing.");
        }
        for g in &r.gaps {
            let id = g.id.as_deref().unwrap_or("");
            println!(
                "- {:<8} {:<28} {}  {}",
                g.record_kind,
                one_line(&g.title, 28),
                g.detail,
                id
            );
        }
    })
}

pub(crate) fn fingerprint(ctx: &Ctx) -> anyhow::Result<()> {
    let b = ctx.open(Mode::Read)?;
    let fp = b.fingerprint()?;
    if ctx.json {
        return ctx.print_json(&serde_json::json!({ "fingerprint": fp }));
    }
    println!("{fp}");
    Ok(())
}

pub(crate) fn sign(ctx: &Ctx, meaning: String, role: String) -> anyhow::Result<()> {
    let mut b = ctx.open(Mode::Write)?;
    let id = if binder::hardware::protection(&ctx.identity).is_some() {
        eprintln!("Signing is a statement in your name: your hardware key is asked again.");
        let keys = ctx.keys()?;
        binder::signoff::sign_with(&mut b, &keys, &meaning, &role, chrono::Utc::now())?
    } else {
        eprintln!("Signing is a statement in your name: your passphrase is asked again.");
        let pass = ctx.passphrase("Passphrase to sign with: ")?;
        binder::signoff::sign(
            &mut b,
            &ctx.identity,
            pass,
            &meaning,
            &role,
            chrono::Utc::now(),
        )?
    };
    b.save()?;
    let fp = binder::signoff::plan_fingerprint(&b)?;
    if ctx.json {
        return ctx.print_json(&serde_json::json!({ "id": id, "plan_fingerprint": fp }));
    }
    println!("signed the plan as {meaning}: plan fingerprint {fp} ({id})");
    Ok(())
}

pub(crate) fn kinds(ctx: &Ctx) -> anyhow::Result<()> {
    if ctx.json {
        return ctx.print_json(&KINDS);
    }
    for k in KINDS {
        println!("{} — {}", k.name, k.help);
        for f in k.fields() {
            let req = if f.required { " (required)" } else { "" };
            let list = if f.list { "list of " } else { "" };
            println!("    {:<18} {list}{}{req}", f.name, f.expected());
        }
    }
    Ok(())
}
