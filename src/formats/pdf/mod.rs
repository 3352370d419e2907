//! The binder on paper: the full binder PDF, the wallet card, the emergency access sheet, and
//! the successor kit's share sheets and letter.
//!
//! Everything is driven by the record catalog: each kind prints as a table of its table fields,
//! with the rest of its printable fields as details. Layout is our own small flow
//! ([`layout`]) over printpdf; fonts are DejaVu from `assets/fonts`, subset on save. Characters
//! the fonts cannot show are listed in [`Printed::missing`]. No I/O here: callers write bytes.

mod binder;
pub mod layout;
mod report;
mod succession;

pub use binder::binder_pdf;
pub use report::incident_report;
pub use succession::{Letter, ShareSheet, share_sheet, share_sheets, successor_letter};

use printpdf::{PdfDocument, PdfPage, PdfSaveOptions, Pt};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::Result;
use crate::catalog::{FieldType, KindDef, Value};
use crate::log::store::Record;
use crate::plan::binder::Binder;
use crate::plan::overview;
use layout::{Column, Face, Flow, Fonts, Geometry, Ink, Missing, Span};

/// Paper size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Paper {
    /// 210 × 297 mm.
    #[default]
    A4,
    /// 8.5 × 11 in.
    Letter,
}

impl Paper {
    fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// Who prints, when, on what.
#[derive(Clone, Debug)]
pub struct PrintOptions {
    /// Paper size.
    pub paper: Paper,
    /// Who printed it (the member's name).
    pub printed_by: String,
    /// When.
    pub printed_at: chrono::DateTime<chrono::Utc>,
}

/// A printed document.
#[derive(Debug)]
pub struct Printed {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Pages.
    pub pages: usize,
    /// Characters the fonts cannot show (printed as "?").
    pub missing: Vec<Missing>,
}

impl Printed {
    /// The missing-character report, one line per character, or `None` if all printed.
    pub fn missing_report(&self) -> Option<String> {
        if self.missing.is_empty() {
            return None;
        }
        Some(
            self.missing
                .iter()
                .map(|m| {
                    format!(
                        "U+{:04X} {:?} ×{} (first in {}) cannot be shown by the fonts and is printed as \"?\"",
                        m.ch as u32, m.ch, m.count, m.first_seen_in
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
        )
    }
}

use layout::scale::{BODY, RUNNING, SMALL};

fn geometry(paper: Paper) -> Geometry {
    let (width, height) = paper.size();
    Geometry {
        width,
        height,
        margin: 48.0,
        header: 18.0,
        footer: 20.0,
    }
}

fn new_doc(title: &str, author: &str, at: chrono::DateTime<chrono::Utc>) -> PdfDocument {
    let mut doc = PdfDocument::new(title);
    let info = &mut doc.metadata.info;
    info.author = author.to_string();
    info.creator = "Continuity Binder".into();
    info.producer = format!("Continuity Binder {} (printpdf)", env!("CARGO_PKG_VERSION"));
    info.subject = "Business continuity plan".into();
    if let Ok(t) = printpdf::OffsetDateTime::from_unix_timestamp(at.timestamp()) {
        info.creation_date = t;
        info.modification_date = t;
        info.metadata_date = t;
    }
    doc
}

fn finish(mut doc: PdfDocument, flow: Flow) -> Printed {
    let missing = flow.missing();
    flow.fonts().embed(&mut doc);
    let (w, h) = (flow.geo.width, flow.geo.height);
    let pages: Vec<PdfPage> = flow
        .pages
        .into_iter()
        .map(|ops| PdfPage::new(Pt(w).into(), Pt(h).into(), ops))
        .collect();
    let count = pages.len();
    let options = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    let bytes = doc.with_pages(pages).save(&options, &mut Vec::new());
    Printed {
        bytes,
        pages: count,
        missing,
    }
}

/// A reference shown as the title of what it names.
fn shown(b: &Binder, kind: &KindDef, field: &str, value: &Value) -> String {
    match kind.field(field).map(|f| f.ty) {
        Some(FieldType::Ref(_)) => b
            .title_of(&value.display())
            .ok()
            .flatten()
            .unwrap_or_else(|| value.display()),
        Some(FieldType::DateTime) => value.display().replace('T', " ").replace('Z', " UTC"),
        _ => value.display(),
    }
}

/// A table row: each cell's runs.
type Row = Vec<Vec<Span>>;

/// Markdown to flow: headings, paragraphs with bold/italic/code, lists, code, tables.
fn markdown(flow: &mut Flow, text: &str, base_level: usize) {
    #[derive(Default)]
    struct State {
        spans: Vec<Span>,
        bold: usize,
        italic: usize,
        lists: Vec<Option<u64>>,
        /// Header cells, finished rows, the row being read.
        table: Option<(Vec<String>, Vec<Row>, Row)>,
        in_head: bool,
        code: bool,
        link: Option<String>,
    }
    let face = |s: &State| {
        if s.code {
            Face::Mono
        } else if s.bold > 0 {
            Face::Bold
        } else if s.italic > 0 {
            Face::Italic
        } else {
            Face::Regular
        }
    };
    let flush = |flow: &mut Flow, s: &mut State| {
        if s.spans.iter().all(|sp| sp.text.trim().is_empty()) {
            s.spans.clear();
            return;
        }
        let depth = s.lists.len() as f32;
        let x = flow.left() + depth * 14.0;
        let w = flow.text_width() - depth * 14.0;
        let spans = std::mem::take(&mut s.spans);
        flow.paragraph(&spans, x, w, BODY, BODY * 1.45, Ink::TEXT);
        flow.space(BODY * 0.35);
    };
    let mut s = State::default();
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(Tag::Heading { .. }) => flush(flow, &mut s),
            Event::End(TagEnd::Heading(level)) => {
                let text: String = s.spans.drain(..).map(|sp| sp.text).collect();
                let size = match base_level + level as usize {
                    0..=2 => 13.0,
                    3 => 11.5,
                    _ => 10.5,
                };
                flow.heading(&text, size, 30.0, Ink::TEXT);
            }
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => flush(flow, &mut s),
            Event::Start(Tag::Strong) => s.bold += 1,
            Event::End(TagEnd::Strong) => s.bold = s.bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => s.italic += 1,
            Event::End(TagEnd::Emphasis) => s.italic = s.italic.saturating_sub(1),
            Event::Start(Tag::List(start)) => {
                flush(flow, &mut s);
                s.lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                flush(flow, &mut s);
                s.lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(flow, &mut s);
                let marker = match s.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "• ".to_string(),
                };
                s.spans.push(Span::new(marker, Face::Regular));
            }
            Event::End(TagEnd::Item) => flush(flow, &mut s),
            Event::TaskListMarker(done) => {
                s.spans.pop();
                s.spans
                    .push(Span::new(if done { "☑ " } else { "☐ " }, Face::Regular));
            }
            Event::Start(Tag::CodeBlock(_)) => {
                flush(flow, &mut s);
                s.code = true;
            }
            Event::End(TagEnd::CodeBlock) => {
                let spans = std::mem::take(&mut s.spans);
                let text: String = spans.into_iter().map(|sp| sp.text).collect();
                let x = flow.left() + 8.0;
                let w = flow.text_width() - 8.0;
                flow.paragraph(
                    &[Span::new(text.trim_end(), Face::Mono)],
                    x,
                    w,
                    SMALL,
                    SMALL * 1.4,
                    Ink::TEXT,
                );
                flow.space(BODY * 0.4);
                s.code = false;
            }
            Event::Start(Tag::Table(_)) => {
                flush(flow, &mut s);
                s.table = Some((Vec::new(), Vec::new(), Vec::new()));
            }
            Event::Start(Tag::TableHead) => s.in_head = true,
            Event::End(TagEnd::TableHead) => s.in_head = false,
            Event::End(TagEnd::TableCell) => {
                let cell = std::mem::take(&mut s.spans);
                if let Some((head, _, row)) = s.table.as_mut() {
                    if s.in_head {
                        head.push(cell.into_iter().map(|sp| sp.text).collect());
                    } else {
                        row.push(cell);
                    }
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some((_, rows, row)) = s.table.as_mut() {
                    rows.push(std::mem::take(row));
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some((head, rows, _)) = s.table.take() {
                    let columns: Vec<Column> = head
                        .into_iter()
                        .map(|title| Column {
                            title,
                            weight: 1.0,
                            checkbox: false,
                        })
                        .collect();
                    let rows: Vec<Vec<Vec<Span>>> = rows
                        .into_iter()
                        .map(|mut r| {
                            r.resize(columns.len(), Vec::new());
                            r
                        })
                        .collect();
                    if !columns.is_empty() {
                        flow.table(&columns, &rows, SMALL);
                    }
                }
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                let f = face(&s);
                s.spans.push(Span::new(t.to_string(), f));
            }
            Event::Code(t) => s.spans.push(Span::new(t.to_string(), Face::Mono)),
            Event::SoftBreak => s.spans.push(Span::new(" ", Face::Regular)),
            Event::HardBreak => s.spans.push(Span::new("\n", Face::Regular)),
            Event::Rule => {
                flush(flow, &mut s);
                let (x, y, w) = (flow.left(), flow.y + 4.0, flow.text_width());
                flow.line(x, y, x + w, y, 0.5, Ink::LINE);
                flow.space(10.0);
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                s.link = (!dest_url.starts_with('#')).then(|| dest_url.to_string());
            }
            Event::End(TagEnd::Link) => {
                // Paper cannot be clicked: the address follows the link text.
                if let Some(url) = s.link.take()
                    && !s.spans.last().is_some_and(|sp| sp.text.contains(&url))
                {
                    s.spans.push(Span::new(format!(" ({url})"), Face::Regular));
                }
            }
            _ => {}
        }
    }
    flush(flow, &mut s);
}

/// Writes the running header (a bold label left, `head` right, a rule) and a centred footer made
/// by `foot(page, total)` on every page from `first` (0-based) on.
fn frame(
    flow: &mut Flow,
    first: usize,
    label: &str,
    head: &str,
    foot: impl Fn(usize, usize) -> String,
) {
    let geo = flow.geo;
    let total = flow.pages.len();
    for p in first..total {
        let top = geo.margin - 6.0;
        flow.text_on(
            p,
            geo.margin,
            top,
            &Span::new(label, Face::Bold),
            RUNNING,
            Ink::ACCENT,
        );
        let hw = layout::width(Face::Regular, head, RUNNING);
        flow.text_on(
            p,
            geo.width - geo.margin - hw.min(geo.width - 2.0 * geo.margin - 120.0),
            top,
            &Span::new(head, Face::Regular),
            RUNNING,
            Ink::MUTED,
        );
        flow.line_on(
            p,
            geo.margin,
            top + 4.0,
            geo.width - geo.margin,
            top + 4.0,
            0.4,
            Ink::LINE,
            false,
        );
        let text = foot(p + 1, total);
        let fw = layout::width(Face::Regular, &text, RUNNING);
        flow.text_on(
            p,
            (geo.width - fw) / 2.0,
            geo.height - geo.margin + 12.0,
            &Span::new(text, Face::Regular),
            RUNNING,
            Ink::MUTED,
        );
    }
}

/// Table columns from (title, weight) pairs.
fn columns(spec: &[(&str, f32)]) -> Vec<Column> {
    spec.iter()
        .map(|(title, weight)| Column {
            title: (*title).into(),
            weight: *weight,
            checkbox: false,
        })
        .collect()
}

/// Prints the wallet card: the call list, the activation levels and the first checklist on four
/// credit-card-sized panels (85 × 54 mm) with dashed lines to cut along and a line to fold on.
pub fn wallet_card(b: &Binder, opts: &PrintOptions) -> Result<Printed> {
    let org = b.organisation()?;
    let fingerprint = b.fingerprint()?;
    let doc = new_doc(&format!("{org} — wallet card"), &org, opts.printed_at);
    let fonts = Fonts::new();
    let mut flow = Flow::new(geometry(opts.paper), fonts);
    let mm = 72.0 / 25.4;
    let (pw, ph) = (85.0 * mm, 54.0 * mm);
    let x0 = (flow.geo.width - 2.0 * pw) / 2.0;
    let y0 = 90.0;
    let x = flow.left();
    flow.context = "the wallet card".into();
    flow.text(
        x,
        56.0,
        &Span::new(format!("{org} — wallet card"), Face::Bold),
        14.0,
        Ink::ACCENT,
    );
    flow.text(
        x,
        72.0,
        &Span::new(
            format!(
                "Cut along the dashed lines, fold on the solid middle line, keep it with your ID. Printed {} · fingerprint {}",
                opts.printed_at.format("%Y-%m-%d"),
                fingerprint
            ),
            Face::Regular,
        ),
        7.5,
        Ink::MUTED,
    );
    // Cut lines around the card, a fold line down the middle.
    let page = flow.page();
    for (xa, ya, xb, yb) in [
        (x0, y0, x0 + 2.0 * pw, y0),
        (x0, y0 + 2.0 * ph, x0 + 2.0 * pw, y0 + 2.0 * ph),
        (x0, y0, x0, y0 + 2.0 * ph),
        (x0 + 2.0 * pw, y0, x0 + 2.0 * pw, y0 + 2.0 * ph),
        (x0, y0 + ph, x0 + 2.0 * pw, y0 + ph),
    ] {
        flow.line_on(page, xa, ya, xb, yb, 0.6, Ink::LINE, true);
    }
    flow.line_on(
        page,
        x0 + pw,
        y0,
        x0 + pw,
        y0 + 2.0 * ph,
        0.8,
        Ink::TEXT,
        false,
    );

    let size = 6.4;
    let lead = size * 1.28;
    // Each panel: a title and lines of runs; what does not fit says how much more is in the binder.
    let panel = |flow: &mut Flow, px: f32, py: f32, title: &str, lines: Vec<Vec<Span>>| {
        let pad = 6.0;
        flow.text(
            px + pad,
            py + pad + 8.0,
            &Span::new(title, Face::Bold),
            8.0,
            Ink::ACCENT,
        );
        let mut y = py + pad + 8.0 + 4.0;
        let max_y = py + ph - pad;
        let wrapped: Vec<Vec<Span>> = lines
            .iter()
            .flat_map(|l| Flow::wrap(l, pw - 2.0 * pad, size))
            .collect();
        let total = wrapped.len();
        for (i, line) in wrapped.iter().enumerate() {
            if y + lead > max_y - if i + 1 < total { lead } else { 0.0 } && i + 1 < total {
                let more = format!("+ {} more line(s): see the binder", total - i);
                flow.text(
                    px + pad,
                    y + lead,
                    &Span::new(more, Face::Italic),
                    size,
                    Ink::MUTED,
                );
                break;
            }
            y += lead;
            flow.line_of_runs(px + pad, y, line, size, Ink::TEXT);
        }
    };
    let people = |p: &Option<overview::Person>| match p {
        Some(p) => format!(
            "{} {}",
            p.name,
            p.phones.first().cloned().unwrap_or_default()
        ),
        None => "—".into(),
    };
    let calls: Vec<Vec<Span>> = overview::call_list(b)?
        .iter()
        .map(|c| {
            vec![
                Span::new(format!("{}: ", c.role), Face::Bold),
                Span::new(people(&c.primary), Face::Regular),
                Span::new(format!(" · backup {}", people(&c.backup)), Face::Regular),
            ]
        })
        .collect();
    let half = calls.len().div_ceil(2).max(1);
    let (first, second) = calls.split_at(half.min(calls.len()));
    panel(
        &mut flow,
        x0,
        y0,
        &format!("{org}: who to call"),
        first.to_vec(),
    );
    panel(
        &mut flow,
        x0 + pw,
        y0,
        "Who to call (continued)",
        second.to_vec(),
    );
    let levels: Vec<Vec<Span>> = b
        .list("level", false)?
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
        .collect();
    panel(&mut flow, x0, y0 + ph, "Activation levels", levels);
    let (title, steps) = match overview::first_checklist(b)? {
        Some(v) => (
            v.checklist.title(),
            v.items
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
                .collect(),
        ),
        None => ("First steps".to_string(), Vec::new()),
    };
    panel(&mut flow, x0 + pw, y0 + ph, &title, steps);
    Ok(finish(doc, flow))
}

/// What the emergency access sheet says.
pub struct EmergencySheet<'a> {
    /// The organisation.
    pub organisation: &'a str,
    /// The recovery key's label.
    pub label: &'a str,
    /// The recovery key itself (`AGE-SECRET-KEY-1…`): printed as text and as a QR code.
    pub secret: &'a secrecy::SecretString,
    /// The binder's file name, as the founders keep it.
    pub binder_file: &'a str,
    /// Where the shared file lives, if there is one.
    pub shared_file: Option<&'a str>,
    /// The binder's fingerprint when the key was made.
    pub fingerprint: &'a str,
}

/// Prints the emergency access sheet: how to open the binder without the app, with the recovery
/// key as text and as a QR code. Made when the key is made; the key is never stored unencrypted.
pub fn emergency_sheet(sheet: &EmergencySheet<'_>, opts: &PrintOptions) -> Printed {
    use secrecy::ExposeSecret;
    let doc = new_doc(
        &format!("{} — emergency access sheet", sheet.organisation),
        sheet.organisation,
        opts.printed_at,
    );
    let fonts = Fonts::new();
    let mut flow = Flow::new(geometry(opts.paper), fonts);
    flow.context = "the emergency access sheet".into();
    let x = flow.left();
    let w = flow.text_width();
    flow.paragraph(
        &[Span::new(
            "EMERGENCY ACCESS — KEEP THIS SHEET LOCKED AWAY",
            Face::Bold,
        )],
        x,
        w,
        9.0,
        12.0,
        Ink::ACCENT,
    );
    flow.space(4.0);
    flow.paragraph(
        &[Span::new(
            format!(
                "{}: how to open the continuity binder without the app",
                sheet.organisation
            ),
            Face::Bold,
        )],
        x,
        w,
        16.0,
        21.0,
        Ink::TEXT,
    );
    flow.space(6.0);
    flow.paragraph(
        &[Span::new(
            format!(
                "Recovery key \"{}\", made {}. Anyone holding this sheet can read the whole plan: store it like cash (safe, safe-deposit box), never beside the laptops.",
                sheet.label,
                opts.printed_at.format("%Y-%m-%d")
            ),
            Face::Regular,
        )],
        x,
        w,
        BODY,
        BODY * 1.45,
        Ink::TEXT,
    );
    flow.space(10.0);
    // The key, large, in mono, then its QR code.
    let key = sheet.secret.expose_secret().to_string();
    flow.heading("The recovery key", 12.0, 60.0, Ink::TEXT);
    flow.paragraph(
        &[Span::new(key.clone(), Face::Mono)],
        x,
        w,
        10.0,
        14.0,
        Ink::TEXT,
    );
    flow.space(10.0);
    if let Some((qx, qy, side)) = qr_block(&mut flow, key.as_bytes(), x, 150.0) {
        let tx = qx + side + 24.0;
        let mut ty = qy + 10.0;
        for line in Flow::wrap(
            &[Span::new(
                "Scan with any QR reader (offline) to type the key without mistakes, or copy it from the line above into a file named recovery.txt.",
                Face::Regular,
            )],
            w - (tx - x),
            BODY,
        ) {
            ty += BODY * 1.45;
            flow.line_of_runs(tx, ty, &line, BODY, Ink::TEXT);
        }
        flow.y = qy + side + 16.0;
    }
    flow.heading("Open the binder with two free tools", 12.0, 80.0, Ink::TEXT);
    let steps = [
        "Install age and sqlite3 (Debian/Ubuntu: apt install age sqlite3; macOS: brew install age sqlite).".to_string(),
        "Put the key above, alone on one line, in a file named recovery.txt.".to_string(),
        format!("Take a copy of the binder file ({}){}.", sheet.binder_file, sheet.shared_file.map(|s| format!(" — the shared copy is at {s}")).unwrap_or_default()),
        format!("Decrypt it:  age -d -i recovery.txt -o plan.db \"{}\"", sheet.binder_file),
        "Read it:  sqlite3 plan.db \"SELECT name, phones, emails FROM contact\"  — every kind has its view: plan, section, role, contact, vendor, level, checklist, item, template…".into(),
        "Delete plan.db and recovery.txt when done: they hold the plan unencrypted.".into(),
    ];
    for (i, step) in steps.iter().enumerate() {
        flow.paragraph(
            &[
                Span::new(format!("{}. ", i + 1), Face::Bold),
                Span::new(step.clone(), Face::Regular),
            ],
            x,
            w,
            BODY,
            BODY * 1.45,
            Ink::TEXT,
        );
        flow.space(3.0);
    }
    flow.space(8.0);
    flow.paragraph(
        &[Span::new(
            format!(
                "Fingerprint of the binder when this key was made: {}. Printed by {}.",
                sheet.fingerprint, opts.printed_by
            ),
            Face::Italic,
        )],
        x,
        w,
        SMALL,
        SMALL * 1.4,
        Ink::MUTED,
    );
    finish(doc, flow)
}

/// Draws `data` as a QR code about `target` points wide at `x`, below the flow (quiet zone
/// inside, a thin frame around); returns where its modules start and their side, the flow left
/// above it for text beside. `None` when the data is too long for a QR code.
fn qr_block(flow: &mut Flow, data: &[u8], x: f32, target: f32) -> Option<(f32, f32, f32)> {
    let code = qrcode::QrCode::with_error_correction_level(data, qrcode::EcLevel::M).ok()?;
    let n = code.width();
    let module = (target / n as f32).max(1.5);
    flow.ensure((n as f32 + 8.0) * module + 10.0);
    // The quiet zone (four modules of white) lies inside the margin and below the text.
    let (qx, qy) = (x + 4.0 * module, flow.y + 4.0 * module);
    flow.rect(
        qx - 4.0 * module,
        qy - 4.0 * module,
        (n as f32 + 8.0) * module,
        (n as f32 + 8.0) * module,
        None,
        Some((Ink::LINE, 0.4)),
    );
    let colors = code.to_colors();
    // One rectangle per run of dark modules in a row: no seams between neighbours for a
    // scanner to trip on, and far fewer drawing operations.
    for (row, cells) in colors.chunks(n).enumerate() {
        let mut col = 0;
        while col < n {
            if cells[col] != qrcode::Color::Dark {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && cells[col] == qrcode::Color::Dark {
                col += 1;
            }
            flow.rect(
                qx + start as f32 * module,
                qy + row as f32 * module - 0.05,
                (col - start) as f32 * module,
                module + 0.1,
                Some(Ink(0.0, 0.0, 0.0)),
                None,
            );
        }
    }
    Some((qx, qy, n as f32 * module))
}

/// The table of one kind: its table fields as columns, the other printable fields as details.
fn kind_table(b: &Binder, flow: &mut Flow, kind: &KindDef, records: &[Record]) {
    let table_fields: Vec<_> = kind
        .fields()
        .filter(|f| f.table && f.pdf && f.name != "position")
        .collect();
    let detail_fields: Vec<_> = kind
        .fields()
        .filter(|f| f.pdf && !f.table && f.name != "position" && f.name != "parent")
        .collect();
    let mut columns: Vec<Column> = table_fields
        .iter()
        .map(|f| Column {
            title: f.label.into(),
            weight: if f.name == kind.title {
                1.8
            } else if f.ty.is_long() {
                2.5
            } else {
                1.2
            },
            checkbox: false,
        })
        .collect();
    let has_details = records
        .iter()
        .any(|r| detail_fields.iter().any(|f| r.fields.contains_key(f.name)));
    if has_details {
        columns.push(Column {
            title: "Details".into(),
            weight: 3.2,
            checkbox: false,
        });
    }
    let rows: Vec<Vec<Vec<Span>>> = records
        .iter()
        .map(|r| {
            flow.context = format!("{} \"{}\"", kind.label.to_lowercase(), r.title());
            let mut row: Vec<Vec<Span>> = table_fields
                .iter()
                .map(|f| {
                    let text = r
                        .fields
                        .get(f.name)
                        .map(|v| match v {
                            Value::List(items) => items.join("\n"),
                            other => shown(b, kind, f.name, other),
                        })
                        .unwrap_or_default();
                    let face = if f.name == kind.title {
                        Face::Bold
                    } else {
                        Face::Regular
                    };
                    vec![Span::new(text, face)]
                })
                .collect();
            if has_details {
                let mut spans = Vec::new();
                for f in &detail_fields {
                    if let Some(v) = r.fields.get(f.name) {
                        if !spans.is_empty() {
                            spans.push(Span::new("\n", Face::Regular));
                        }
                        spans.push(Span::new(format!("{}: ", f.label), Face::Bold));
                        spans.push(Span::new(shown(b, kind, f.name, v), Face::Regular));
                    }
                }
                row.push(spans);
            }
            row
        })
        .collect();
    flow.table(&columns, &rows, SMALL);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_sizes_are_a4_and_letter_in_points() {
        assert_eq!(Paper::A4.size(), (595.28, 841.89));
        assert_eq!(Paper::Letter.size(), (612.0, 792.0));
    }

    #[test]
    fn the_missing_report_names_each_character_once_with_where() {
        let p = Printed {
            bytes: Vec::new(),
            pages: 1,
            missing: vec![Missing {
                ch: '𓀀',
                count: 2,
                first_seen_in: "contact \"Ra\"".into(),
            }],
        };
        let report = p.missing_report().unwrap();
        assert!(report.starts_with("U+13000"), "{report}");
        assert!(report.contains("×2 (first in contact \"Ra\")"), "{report}");
    }
}
