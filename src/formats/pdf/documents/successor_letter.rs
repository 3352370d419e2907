//! The "If I cannot be reached" letter, from the plan: what the company is, where the binder
//! is, who holds shares, the first hour (level, whom to call, first checklist), the vendors and
//! their account IDs. Nothing secret.

use super::super::layout::scale::SMALL;
use super::super::layout::{Face, Flow, Ink, Span, Style};
use super::super::parts::{self, finish};
use super::super::{PrintOptions, Printed};
use crate::Result;
use crate::plan::binder::Binder;
use crate::plan::{overview, succession};

/// The letter's text: a little smaller than the binder's, so it stays one page.
const LETTER: Style = Style::text(8.8);

/// Where the binder is, for the letter.
pub struct Letter<'a> {
    /// Who writes it (the founder printing it).
    pub from: &'a str,
    /// The binder's file name.
    pub binder_file: &'a str,
    /// Where the shared file lives, if known.
    pub shared_file: Option<&'a str>,
}

/// Prints the letter.
pub fn successor_letter(b: &Binder, letter: &Letter<'_>, opts: &PrintOptions) -> Result<Printed> {
    let org = b.plan_name()?.unwrap_or_else(|| "The company".into());
    let title = format!("{org} — if I cannot be reached");
    let (doc, mut flow) = parts::start(&title, letter.from, opts);
    flow.context = "the successor letter".into();
    flow.say("If I cannot be reached", Style::text(20.0).bold());
    flow.space(4.0);
    flow.say(
        format!(
            "From {}, {}. Written {} from the continuity plan; keep it with the successor shares.",
            letter.from,
            org,
            opts.printed_at.format("%Y-%m-%d")
        ),
        LETTER.italic().ink(Ink::MUTED),
    );
    flow.space(8.0);
    the_company(&mut flow, b, &org)?;
    where_and_who(&mut flow, b, letter)?;
    first_hour(&mut flow, b)?;
    vendors(&mut flow, b)?;
    flow.space(8.0);
    flow.say(
        format!(
            "Nothing on this page is secret. Fingerprint of the binder: {}.",
            b.fingerprint()?
        ),
        Style::text(SMALL).italic().ink(Ink::MUTED),
    );
    Ok(finish(doc, flow))
}

/// The organisation, the plan's title and the first paragraph of prose the plan has.
fn the_company(flow: &mut Flow, b: &Binder, org: &str) -> Result<()> {
    flow.heading("The company", Style::SHEET_HEADING, 60.0);
    let plan = b.list("plan", false)?;
    let about = b
        .list("section", false)?
        .into_iter()
        .find_map(|s| {
            let body = s.text("body");
            body.split("\n\n")
                .map(str::trim)
                .find(|p| !p.is_empty() && !p.starts_with('#') && !p.starts_with('|'))
                .map(|p| {
                    p.split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .replace(['*', '_', '`'], "")
                })
        })
        .unwrap_or_default();
    let title = plan.first().map(|p| p.text("title")).unwrap_or_default();
    let keeps = if title.is_empty() {
        String::new()
    } else {
        format!(" keeps its continuity plan, \u{201c}{title}\u{201d}, in Continuity Binder")
    };
    flow.say(format!("{org}{keeps}. {about}"), LETTER);
    flow.space(6.0);
    Ok(())
}

/// Where the binder file is, and who holds the shares that open it.
fn where_and_who(flow: &mut Flow, b: &Binder, letter: &Letter<'_>) -> Result<()> {
    flow.heading("Where the plan is", Style::SHEET_HEADING, 60.0);
    let shared = letter
        .shared_file
        .map(|s| format!("; the shared copy is at {s}"))
        .unwrap_or_default();
    flow.say(
        format!(
            "The binder file is {}{shared}. It is encrypted: the successor shares below open it, together.",
            letter.binder_file,
        ),
        LETTER,
    );
    flow.space(6.0);
    flow.heading("Who holds the shares", Style::SHEET_HEADING, 60.0);
    let kits = succession::kits(b)?;
    let holders = match kits.first() {
        Some(kit) => format!(
            "{} — any {} of them together open the binder (kit made {}).",
            kit.text("holders"),
            kit.text("need"),
            kit.text("created_at").get(..10).unwrap_or_default()
        ),
        None => "No successor kit yet: make one in the app (Keys → Successor kit).".into(),
    };
    flow.say(holders, LETTER);
    flow.space(6.0);
    Ok(())
}

/// The levels to choose from, whom to call for each role, and the first checklist.
fn first_hour(flow: &mut Flow, b: &Binder) -> Result<()> {
    flow.heading("The first hour", Style::SHEET_HEADING, 80.0);
    let mut levels = b.list("level", false)?;
    levels.sort_by_key(|l| l.text("rank").parse::<i64>().unwrap_or(i64::MAX));
    if !levels.is_empty() {
        flow.say(
            "Decide the level, as the plan defines them, and say it to everyone you call:",
            LETTER,
        );
    }
    for level in &levels {
        let mut spans = vec![Span::new(level.title(), Face::Bold)];
        let criteria = level.text("criteria");
        if !criteria.is_empty() {
            spans.push(Span::new(
                format!(": {}", criteria.trim_end_matches('.')),
                Face::Regular,
            ));
        }
        if !level.text("response_time").is_empty() {
            spans.push(Span::new(
                format!(" — respond: {}", level.text("response_time")),
                Face::Italic,
            ));
        }
        flow.paragraph(&spans, LETTER);
        flow.space(2.0);
    }
    flow.space(4.0);
    whom_to_call(flow, b)?;
    if let Some(first) = overview::first_checklist(b)? {
        flow.space(4.0);
        flow.say(first.checklist.title(), LETTER.bold());
        for item in &first.items {
            flow.say(format!("☐ {}", item.text("text")), LETTER);
        }
    }
    flow.space(6.0);
    Ok(())
}

/// Each role: whom to call, with up to two ways to reach them, and the backup.
fn whom_to_call(flow: &mut Flow, b: &Binder) -> Result<()> {
    let person = |p: &Option<overview::Person>| {
        p.as_ref().map(|p| {
            let reach: Vec<String> = p.phones.iter().chain(&p.emails).take(2).cloned().collect();
            if reach.is_empty() {
                p.name.clone()
            } else {
                format!("{} ({})", p.name, reach.join(", "))
            }
        })
    };
    for call in overview::call_list(b)? {
        let who = [
            person(&call.primary),
            person(&call.backup).map(|b| format!("backup {b}")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        let who = if who.is_empty() {
            "nobody named yet".into()
        } else {
            who
        };
        flow.paragraph(
            &[
                Span::new(format!("Call for {}: ", call.role), Face::Bold),
                Span::new(who, Face::Regular),
            ],
            LETTER,
        );
        flow.space(2.0);
    }
    Ok(())
}

/// The vendors and accounts that matter, with their account and support details.
fn vendors(flow: &mut Flow, b: &Binder) -> Result<()> {
    let vendors = b.list("vendor", false)?;
    if vendors.is_empty() {
        return Ok(());
    }
    flow.heading(
        "Vendors and accounts that matter",
        Style::SHEET_HEADING,
        60.0,
    );
    for v in vendors {
        let details: Vec<String> = [
            ("", v.text("service")),
            ("account ", v.text("account_id")),
            ("support ", v.text("support_phone")),
            ("", v.text("support_email")),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(label, value)| format!("{label}{value}"))
        .collect();
        let details = if details.is_empty() {
            String::new()
        } else {
            format!(": {}", details.join(" · "))
        };
        flow.paragraph(
            &[
                Span::new(v.title(), Face::Bold),
                Span::new(details, Face::Regular),
            ],
            LETTER,
        );
        flow.space(2.0);
    }
    Ok(())
}
