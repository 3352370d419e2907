//! A successor's share sheet: their name, which share of how many, the words in numbered boxes
//! large enough to copy by hand, a QR code of the share, the binder and what to do.

use super::super::layout::scale::{BODY, SMALL};
use super::super::layout::{Face, Flow, Ink, Span, Style};
use super::super::parts::{self, Beside, finish, numbered_steps, qr_block};
use super::super::{PrintOptions, Printed};
use crate::Result;
use crate::plan::binder::Binder;
use crate::plan::succession;

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

/// Prints one holder's share sheet.
pub fn share_sheet(sheet: &ShareSheet<'_>, opts: &PrintOptions) -> Printed {
    let share = sheet.share;
    let title = format!(
        "{} — successor share {} of {}",
        sheet.organisation, share.number, share.of
    );
    let (doc, mut flow) = parts::start(&title, sheet.organisation, opts);
    flow.context = "a share sheet".into();
    heading(&mut flow, sheet);
    word_boxes(&mut flow, share);
    code_and_binder(&mut flow, sheet);
    what_to_do(&mut flow, sheet);
    flow.space(6.0);
    flow.say(
        format!(
            "The shares are standard SLIP-39 shares. Nothing else on this sheet is secret. Made {} by {}.",
            opts.printed_at.format("%Y-%m-%d"),
            opts.printed_by
        ),
        Style::text(SMALL).italic().ink(Ink::MUTED),
    );
    finish(doc, flow)
}

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

/// The warning, whose share it is, and how many open the binder.
fn heading(flow: &mut Flow, sheet: &ShareSheet<'_>) {
    let share = sheet.share;
    flow.say(
        "SUCCESSOR SHARE — KEEP IT PRIVATE, DO NOT COPY OR PHOTOGRAPH IT",
        Style::text(9.0).bold().ink(Ink::ACCENT),
    );
    flow.space(4.0);
    flow.say(
        format!(
            "For {}: {}'s continuity binder",
            share.holder, sheet.organisation
        ),
        Style::text(14.0).bold(),
    );
    flow.space(2.0);
    flow.say(
        format!(
            "Share {} of {} — any {} of these shares open the binder. This one alone opens nothing.",
            share.number, share.of, share.need
        ),
        Style::text(11.0).bold(),
    );
    flow.space(8.0);
}

/// The words: three columns of numbered boxes, read across.
fn word_boxes(flow: &mut Flow, share: &succession::HolderShare) {
    let (x, w) = (flow.left(), flow.text_width());
    let cols = 3;
    let gap = 8.0;
    let bw = (w - gap * (cols as f32 - 1.0)) / cols as f32;
    let bh = 20.0;
    let rows = share.words.len().div_ceil(cols);
    flow.ensure(rows as f32 * (bh + 3.0));
    let top = flow.y;
    let number = Style::text(9.0).ink(Ink::MUTED);
    let word_style = Style::text(13.0).face(Face::Mono);
    for (i, word) in share.words.iter().enumerate() {
        let (r, c) = (i / cols, i % cols);
        let bx = x + c as f32 * (bw + gap);
        let by = top + r as f32 * (bh + 3.0);
        flow.rect(bx, by, bw, bh, None, Some((Ink::LINE, 0.6)));
        flow.text(bx + 6.0, by + 14.0, &format!("{:>2}", i + 1), number);
        flow.text(bx + 26.0, by + 14.5, word, word_style);
    }
    flow.y = top + rows as f32 * (bh + 3.0) + 8.0;
}

/// The QR code of the words (upper case: a QR code holds those most compactly), and beside it
/// the binder, its fingerprint, and lines to write where the binder file is kept.
fn code_and_binder(flow: &mut Flow, sheet: &ShareSheet<'_>) {
    let (x, w) = (flow.left(), flow.text_width());
    let text = sheet.share.words.join(" ").to_uppercase();
    let Some((qx, qy, side)) = qr_block(flow, text.as_bytes(), x, 118.0) else {
        return;
    };
    let (body, small) = (Style::text(BODY), Style::text(SMALL));
    let mut beside = Beside {
        x: qx + side + 24.0,
        y: qy + 4.0,
    };
    let plain = |t: &str| vec![Span::new(t, Face::Regular)];
    let labelled = |label: &str, value: String, face: Face| {
        vec![Span::new(label, Face::Bold), Span::new(value, face)]
    };
    let binder = format!("{} ({})", sheet.organisation, sheet.binder_file);
    let lines = [
        (
            plain("The code holds the same words, to scan instead of typing."),
            body,
        ),
        (labelled("Binder: ", binder, Face::Regular), body),
        (
            labelled("Fingerprint: ", sheet.fingerprint.into(), Face::Mono),
            small,
        ),
        (
            vec![Span::new(
                "Where the binder file is kept (write it here):",
                Face::Bold,
            )],
            body,
        ),
    ];
    for (spans, style) in lines {
        beside.write(flow, &spans, style, 4.0);
    }
    if let Some(shared) = sheet.shared_file {
        beside.write(flow, &plain(shared), body, 4.0);
    }
    let tx = beside.x;
    for _ in 0..2 {
        beside.y += 16.0;
        flow.line(tx, beside.y, x + w, beside.y, 0.4, Ink::LINE);
    }
    flow.y = (qy + side + 12.0).max(beside.y + 8.0);
}

/// What a holder does if the founders cannot be reached.
fn what_to_do(flow: &mut Flow, sheet: &ShareSheet<'_>) {
    flow.heading(
        "What to do if the founders cannot be reached",
        Style::heading(11.0, Ink::TEXT),
        90.0,
    );
    let others = if sheet.others.is_empty() {
        "the other holders".to_string()
    } else {
        sheet.others.join(", ")
    };
    numbered_steps(
        flow,
        &[
            format!(
                "Contact the other holders: {others}. You need {} shares in all, this one included.",
                sheet.share.need
            ),
            "Get a copy of the binder file from the place written above (a shared folder, a USB stick).".into(),
            "Install Continuity Binder, choose \"I have successor shares\", choose the binder file, and type in (or scan) the shares. A mistyped word is pointed out.".into(),
            "The plan opens at once: read the first hour, call the people it names, start an incident.".into(),
            "To keep the company going, choose \"Take over as owner\": you get your own passphrase, and every other member sees that you took over.".into(),
            "Put this sheet back where it was kept. Never send the words by e-mail or chat.".into(),
        ],
    );
}
