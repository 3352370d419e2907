//! The wallet card: the call list, the activation levels and the first checklist on four
//! credit-card-sized panels (85 × 54 mm) with dashed lines to cut along and a line to fold on.

use super::super::layout::scale::RUNNING;
use super::super::layout::{Face, Flow, Ink, Span, Style};
use super::super::parts::{self, finish};
use super::super::{PrintOptions, Printed};
use crate::Result;
use crate::plan::binder::Binder;
use crate::plan::overview;

/// Points in a millimetre.
const MM: f32 = 72.0 / 25.4;

/// A line of a panel: its runs.
type Line = Vec<Span>;

/// Where the card is on the page and how big a panel is.
#[derive(Clone, Copy)]
struct Card {
    x0: f32,
    y0: f32,
    pw: f32,
    ph: f32,
}

/// Prints the wallet card.
pub fn wallet_card(b: &Binder, opts: &PrintOptions) -> Result<Printed> {
    let org = b.organisation()?;
    let fingerprint = b.fingerprint()?;
    let (doc, mut flow) = parts::start(&format!("{org} — wallet card"), &org, opts);
    let (pw, ph) = (85.0 * MM, 54.0 * MM);
    let card = Card {
        x0: (flow.geo.width - 2.0 * pw) / 2.0,
        y0: 90.0,
        pw,
        ph,
    };
    flow.context = "the wallet card".into();
    let x = flow.left();
    let title = Style::text(14.0).bold().ink(Ink::ACCENT);
    flow.text(x, 56.0, &format!("{org} — wallet card"), title);
    let how = format!(
        "Cut along the dashed lines, fold on the solid middle line, keep it with your ID. Printed {} · fingerprint {}",
        opts.printed_at.format("%Y-%m-%d"),
        fingerprint
    );
    flow.text(x, 72.0, &how, Style::text(RUNNING).ink(Ink::MUTED));
    cut_and_fold_lines(&mut flow, card);

    let calls = call_lines(b)?;
    let half = calls.len().div_ceil(2).max(1);
    let (first, second) = calls.split_at(half.min(calls.len()));
    let (x0, y0) = (card.x0, card.y0);
    panel(
        &mut flow,
        card,
        (x0, y0),
        &format!("{org}: who to call"),
        first,
    );
    panel(
        &mut flow,
        card,
        (x0 + pw, y0),
        "Who to call (continued)",
        second,
    );
    panel(
        &mut flow,
        card,
        (x0, y0 + ph),
        "Activation levels",
        &level_lines(b)?,
    );
    let (title, steps) = first_steps(b)?;
    panel(&mut flow, card, (x0 + pw, y0 + ph), &title, &steps);
    Ok(finish(doc, flow))
}

/// Dashed lines around the card, a solid one down the middle to fold on.
fn cut_and_fold_lines(flow: &mut Flow, c: Card) {
    let page = flow.page();
    let (x0, y0, pw, ph) = (c.x0, c.y0, c.pw, c.ph);
    for (xa, ya, xb, yb) in [
        (x0, y0, x0 + 2.0 * pw, y0),
        (x0, y0 + 2.0 * ph, x0 + 2.0 * pw, y0 + 2.0 * ph),
        (x0, y0, x0, y0 + 2.0 * ph),
        (x0 + 2.0 * pw, y0, x0 + 2.0 * pw, y0 + 2.0 * ph),
        (x0, y0 + ph, x0 + 2.0 * pw, y0 + ph),
    ] {
        flow.line_on(page, xa, ya, xb, yb, 0.6, Ink::LINE, true);
    }
    let fold = x0 + pw;
    flow.line_on(page, fold, y0, fold, y0 + 2.0 * ph, 0.8, Ink::TEXT, false);
}

/// One panel at `at`: a title and lines of runs; what does not fit says how much more is in the
/// binder.
fn panel(flow: &mut Flow, c: Card, at: (f32, f32), title: &str, lines: &[Line]) {
    let (px, py) = at;
    let pad = 6.0;
    let text = Style::text(6.4).leading(6.4 * 1.28);
    let lead = text.leading;
    let head = Style::text(8.0).bold().ink(Ink::ACCENT);
    flow.text(px + pad, py + pad + 8.0, title, head);
    let mut y = py + pad + 8.0 + 4.0;
    let max_y = py + c.ph - pad;
    let wrapped: Vec<Line> = lines
        .iter()
        .flat_map(|l| Flow::wrap(l, c.pw - 2.0 * pad, text.size))
        .collect();
    let total = wrapped.len();
    for (i, line) in wrapped.iter().enumerate() {
        if y + lead > max_y - if i + 1 < total { lead } else { 0.0 } && i + 1 < total {
            let more = format!("+ {} more line(s): see the binder", total - i);
            flow.text(px + pad, y + lead, &more, text.italic().ink(Ink::MUTED));
            break;
        }
        y += lead;
        flow.line_of_runs(px + pad, y, line, text);
    }
}

/// Each role: primary and backup with their first number.
fn call_lines(b: &Binder) -> Result<Vec<Line>> {
    let people = |p: &Option<overview::Person>| match p {
        Some(p) => format!(
            "{} {}",
            p.name,
            p.phones.first().cloned().unwrap_or_default()
        ),
        None => "—".into(),
    };
    Ok(overview::call_list(b)?
        .iter()
        .map(|c| {
            vec![
                Span::new(format!("{}: ", c.role), Face::Bold),
                Span::new(people(&c.primary), Face::Regular),
                Span::new(format!(" · backup {}", people(&c.backup)), Face::Regular),
            ]
        })
        .collect())
}

/// Each level: its criteria and how fast to respond.
fn level_lines(b: &Binder) -> Result<Vec<Line>> {
    Ok(b.list("level", false)?
        .iter()
        .map(|l| {
            let mut v = vec![Span::new(format!("{}: ", l.title()), Face::Bold)];
            v.push(Span::new(l.text("criteria"), Face::Regular));
            if !l.text("response_time").is_empty() {
                v.push(Span::new(
                    format!(" (respond {})", l.text("response_time")),
                    Face::Italic,
                ));
            }
            v
        })
        .collect())
}

/// The first checklist's title and its steps, with a box each.
fn first_steps(b: &Binder) -> Result<(String, Vec<Line>)> {
    let Some(v) = overview::first_checklist(b)? else {
        return Ok(("First steps".to_string(), Vec::new()));
    };
    let steps = v
        .items
        .iter()
        .map(|i| {
            let when = i.text("window");
            vec![
                Span::new("☐ ", Face::Regular),
                Span::new(i.text("text"), Face::Regular),
                Span::new(
                    if when.is_empty() {
                        String::new()
                    } else {
                        format!(" ({when})")
                    },
                    Face::Italic,
                ),
            ]
        })
        .collect();
    Ok((v.checklist.title(), steps))
}
