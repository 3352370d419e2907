//! Succession on paper: a share sheet per holder and the "If I cannot be reached" letter.
//!
//! A share sheet holds one holder's share (words in numbered boxes and a QR code) and nothing
//! else secret; the letter holds no secret at all and travels with the shares.

use super::layout::scale::{BODY, SMALL};
use super::layout::{Face, Flow, Fonts, Ink, Span};
use super::{PrintOptions, Printed, finish, geometry, new_doc, qr_block};
use crate::Result;
use crate::plan::binder::Binder;
use crate::plan::{overview, succession};

/// What one holder's sheet says besides their share.
pub struct ShareSheet<'a> {
    /// The organisation.
    pub organisation: &'a str,
    /// The holder's share.
    pub share: &'a succession::HolderShare,
    /// The other holders, by name, so a holder knows whom to contact.
    pub others: &'a [String],
    /// The binder's file name.
    pub binder_file: &'a str,
    /// Where the shared file lives, if known.
    pub shared_file: Option<&'a str>,
    /// The binder's fingerprint when the kit was made.
    pub fingerprint: &'a str,
}

fn para(flow: &mut Flow, spans: &[Span], size: f32, ink: Ink) {
    let (x, w) = (flow.left(), flow.text_width());
    flow.paragraph(spans, x, w, size, size * 1.45, ink);
}

fn steps(flow: &mut Flow, steps: &[String]) {
    for (i, step) in steps.iter().enumerate() {
        para(
            flow,
            &[
                Span::new(format!("{}. ", i + 1), Face::Bold),
                Span::new(step.clone(), Face::Regular),
            ],
            BODY,
            Ink::TEXT,
        );
        flow.space(3.0);
    }
}

/// One holder's share sheet: their name, which share of how many, the words in numbered boxes
/// large enough to copy by hand, a QR code of the share, the binder and what to do.
pub fn share_sheet(sheet: &ShareSheet<'_>, opts: &PrintOptions) -> Printed {
    let share = sheet.share;
    let doc = new_doc(
        &format!(
            "{} — successor share {} of {}",
            sheet.organisation, share.number, share.of
        ),
        sheet.organisation,
        opts.printed_at,
    );
    let mut flow = Flow::new(geometry(opts.paper), Fonts::new());
    flow.context = "a share sheet".into();
    let (x, w) = (flow.left(), flow.text_width());
    para(
        &mut flow,
        &[Span::new(
            "SUCCESSOR SHARE — KEEP IT PRIVATE, DO NOT COPY OR PHOTOGRAPH IT",
            Face::Bold,
        )],
        9.0,
        Ink::ACCENT,
    );
    flow.space(4.0);
    para(
        &mut flow,
        &[Span::new(
            format!(
                "For {}: {}'s continuity binder",
                share.holder, sheet.organisation
            ),
            Face::Bold,
        )],
        14.0,
        Ink::TEXT,
    );
    flow.space(2.0);
    para(
        &mut flow,
        &[Span::new(
            format!(
                "Share {} of {} — any {} of these shares open the binder. This one alone opens nothing.",
                share.number, share.of, share.need
            ),
            Face::Bold,
        )],
        11.0,
        Ink::TEXT,
    );
    flow.space(8.0);

    // The words: three columns of numbered boxes, read across.
    let cols = 3;
    let gap = 8.0;
    let bw = (w - gap * (cols as f32 - 1.0)) / cols as f32;
    let bh = 20.0;
    let rows = share.words.len().div_ceil(cols);
    flow.ensure(rows as f32 * (bh + 3.0));
    let top = flow.y;
    for (i, word) in share.words.iter().enumerate() {
        let (r, c) = (i / cols, i % cols);
        let bx = x + c as f32 * (bw + gap);
        let by = top + r as f32 * (bh + 3.0);
        flow.rect(bx, by, bw, bh, None, Some((Ink::LINE, 0.6)));
        flow.text(
            bx + 6.0,
            by + 14.0,
            &Span::new(format!("{:>2}", i + 1), Face::Regular),
            9.0,
            Ink::MUTED,
        );
        flow.text(
            bx + 26.0,
            by + 14.5,
            &Span::new(word.clone(), Face::Mono),
            13.0,
            Ink::TEXT,
        );
    }
    flow.y = top + rows as f32 * (bh + 3.0) + 8.0;

    // The QR code carries the same words (upper case: a QR code holds those most compactly).
    let text = share.words.join(" ").to_uppercase();
    if let Some((qx, qy, side)) = qr_block(&mut flow, text.as_bytes(), x, 118.0) {
        let tx = qx + side + 24.0;
        let mut ty = qy + 4.0;
        let mut beside = |line: Vec<Span>, size: f32, ty: &mut f32| {
            for l in Flow::wrap(&line, w - (tx - x), size) {
                *ty += size * 1.45;
                flow.line_of_runs(tx, *ty, &l, size, Ink::TEXT);
            }
            *ty += 4.0;
        };
        beside(
            vec![Span::new(
                "The code holds the same words, to scan instead of typing.",
                Face::Regular,
            )],
            BODY,
            &mut ty,
        );
        beside(
            vec![
                Span::new("Binder: ", Face::Bold),
                Span::new(
                    format!("{} ({})", sheet.organisation, sheet.binder_file),
                    Face::Regular,
                ),
            ],
            BODY,
            &mut ty,
        );
        beside(
            vec![
                Span::new("Fingerprint: ", Face::Bold),
                Span::new(sheet.fingerprint, Face::Mono),
            ],
            SMALL,
            &mut ty,
        );
        beside(
            vec![Span::new(
                "Where the binder file is kept (write it here):",
                Face::Bold,
            )],
            BODY,
            &mut ty,
        );
        if let Some(shared) = sheet.shared_file {
            beside(vec![Span::new(shared, Face::Regular)], BODY, &mut ty);
        }
        for _ in 0..2 {
            ty += 16.0;
            flow.line(tx, ty, x + w, ty, 0.4, Ink::LINE);
        }
        flow.y = (qy + side + 12.0).max(ty + 8.0);
    }

    flow.heading(
        "What to do if the founders cannot be reached",
        11.0,
        90.0,
        Ink::TEXT,
    );
    let others = if sheet.others.is_empty() {
        "the other holders".to_string()
    } else {
        sheet.others.join(", ")
    };
    steps(
        &mut flow,
        &[
            format!(
                "Contact the other holders: {others}. You need {} shares in all, this one included.",
                share.need
            ),
            "Get a copy of the binder file from the place written above (a shared folder, a USB stick).".into(),
            "Install Continuity Binder, choose \"I have successor shares\", choose the binder file, and type in (or scan) the shares. A mistyped word is pointed out.".into(),
            "The plan opens at once: read the first hour, call the people it names, start an incident.".into(),
            "To keep the company going, choose \"Take over as owner\": you get your own passphrase, and every other member sees that you took over.".into(),
            "Put this sheet back where it was kept. Never send the words by e-mail or chat.".into(),
        ],
    );
    flow.space(6.0);
    para(
        &mut flow,
        &[Span::new(
            format!(
                "The shares are standard SLIP-39 shares. Nothing else on this sheet is secret. Made {} by {}.",
                opts.printed_at.format("%Y-%m-%d"),
                opts.printed_by
            ),
            Face::Italic,
        )],
        SMALL,
        Ink::MUTED,
    );
    finish(doc, flow)
}

/// The letter's text size: a little smaller than the binder's, so it stays one page.
const LETTER: f32 = 8.8;

/// Every holder's share sheet of a new kit, each with its file name
/// ([`succession::sheet_file_name`]), for a binder file called `binder_file`.
pub fn share_sheets(
    b: &Binder,
    kit: &succession::Kit,
    binder_file: &str,
    shared_file: Option<&str>,
    opts: &PrintOptions,
) -> Result<Vec<(String, Printed)>> {
    let organisation = b.plan_name()?.unwrap_or_default();
    let fingerprint = b.fingerprint()?;
    let names: Vec<String> = kit.shares.iter().map(|s| s.holder.clone()).collect();
    Ok(kit
        .shares
        .iter()
        .map(|share| {
            let others: Vec<String> = names
                .iter()
                .filter(|n| **n != share.holder)
                .cloned()
                .collect();
            let sheet = ShareSheet {
                organisation: &organisation,
                share,
                others: &others,
                binder_file,
                shared_file,
                fingerprint: &fingerprint,
            };
            (
                succession::sheet_file_name(share),
                share_sheet(&sheet, opts),
            )
        })
        .collect())
}

/// Where the binder is, for the letter.
pub struct Letter<'a> {
    /// Who writes it (the founder printing it).
    pub from: &'a str,
    /// The binder's file name.
    pub binder_file: &'a str,
    /// Where the shared file lives, if known.
    pub shared_file: Option<&'a str>,
}

/// The "If I cannot be reached" letter, from the plan: what the company is, where the binder
/// is, who holds shares, the first hour (level, whom to call, first checklist), the vendors and
/// their account IDs. Nothing secret.
pub fn successor_letter(b: &Binder, letter: &Letter<'_>, opts: &PrintOptions) -> Result<Printed> {
    let org = b.plan_name()?.unwrap_or_else(|| "The company".into());
    let doc = new_doc(
        &format!("{org} — if I cannot be reached"),
        letter.from,
        opts.printed_at,
    );
    let mut flow = Flow::new(geometry(opts.paper), Fonts::new());
    flow.context = "the successor letter".into();
    let text =
        |flow: &mut Flow, s: String| para(flow, &[Span::new(s, Face::Regular)], LETTER, Ink::TEXT);
    para(
        &mut flow,
        &[Span::new("If I cannot be reached", Face::Bold)],
        20.0,
        Ink::TEXT,
    );
    flow.space(4.0);
    para(
        &mut flow,
        &[Span::new(
            format!(
                "From {}, {}. Written {} from the continuity plan; keep it with the successor shares.",
                letter.from,
                org,
                opts.printed_at.format("%Y-%m-%d")
            ),
            Face::Italic,
        )],
        LETTER,
        Ink::MUTED,
    );
    flow.space(8.0);

    flow.heading("The company", 12.0, 60.0, Ink::TEXT);
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
    text(
        &mut flow,
        format!(
            "{org}{}. {about}",
            if title.is_empty() {
                String::new()
            } else {
                format!(" keeps its continuity plan, \u{201c}{title}\u{201d}, in Continuity Binder")
            }
        ),
    );
    flow.space(6.0);

    flow.heading("Where the plan is", 12.0, 60.0, Ink::TEXT);
    text(
        &mut flow,
        format!(
            "The binder file is {}{}. It is encrypted: the successor shares below open it, together.",
            letter.binder_file,
            letter
                .shared_file
                .map(|s| format!("; the shared copy is at {s}"))
                .unwrap_or_default()
        ),
    );
    flow.space(6.0);

    flow.heading("Who holds the shares", 12.0, 60.0, Ink::TEXT);
    let kits = succession::kits(b)?;
    match kits.first() {
        Some(kit) => text(
            &mut flow,
            format!(
                "{} — any {} of them together open the binder (kit made {}).",
                kit.text("holders"),
                kit.text("need"),
                kit.text("created_at").get(..10).unwrap_or_default()
            ),
        ),
        None => text(
            &mut flow,
            "No successor kit yet: make one in the app (Keys → Successor kit).".into(),
        ),
    }
    flow.space(6.0);

    flow.heading("The first hour", 12.0, 80.0, Ink::TEXT);
    let mut levels = b.list("level", false)?;
    levels.sort_by_key(|l| l.text("rank").parse::<i64>().unwrap_or(i64::MAX));
    if !levels.is_empty() {
        text(
            &mut flow,
            "Decide the level, as the plan defines them, and say it to everyone you call:".into(),
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
        para(&mut flow, &spans, LETTER, Ink::TEXT);
        flow.space(2.0);
    }
    flow.space(4.0);
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
        para(
            &mut flow,
            &[
                Span::new(format!("Call for {}: ", call.role), Face::Bold),
                Span::new(
                    if who.is_empty() {
                        "nobody named yet".into()
                    } else {
                        who
                    },
                    Face::Regular,
                ),
            ],
            LETTER,
            Ink::TEXT,
        );
        flow.space(2.0);
    }
    if let Some(first) = overview::first_checklist(b)? {
        flow.space(4.0);
        para(
            &mut flow,
            &[Span::new(first.checklist.title(), Face::Bold)],
            LETTER,
            Ink::TEXT,
        );
        for item in &first.items {
            para(
                &mut flow,
                &[Span::new(format!("☐ {}", item.text("text")), Face::Regular)],
                LETTER,
                Ink::TEXT,
            );
        }
    }
    flow.space(6.0);

    let vendors = b.list("vendor", false)?;
    if !vendors.is_empty() {
        flow.heading("Vendors and accounts that matter", 12.0, 60.0, Ink::TEXT);
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
            para(
                &mut flow,
                &[
                    Span::new(v.title(), Face::Bold),
                    Span::new(
                        if details.is_empty() {
                            String::new()
                        } else {
                            format!(": {}", details.join(" · "))
                        },
                        Face::Regular,
                    ),
                ],
                LETTER,
                Ink::TEXT,
            );
            flow.space(2.0);
        }
    }
    flow.space(8.0);
    para(
        &mut flow,
        &[Span::new(
            format!(
                "Nothing on this page is secret. Fingerprint of the binder: {}.",
                b.fingerprint()?
            ),
            Face::Italic,
        )],
        SMALL,
        Ink::MUTED,
    );
    Ok(finish(doc, flow))
}
