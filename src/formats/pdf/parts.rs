//! What the printed documents share: the page, the document's metadata and saving, the running
//! header and footer, the title block and its facts, table columns, numbered steps and QR codes.

use printpdf::{PdfDocument, PdfPage, PdfSaveOptions, Pt};

use super::layout::{self, Column, Face, Flow, Fonts, Geometry, Ink, Span, Style, scale};
use super::{Paper, PrintOptions, Printed};

/// The page of every document: the paper, 48 pt margins, room for a running header and footer.
pub(super) fn geometry(paper: Paper) -> Geometry {
    let (width, height) = paper.size();
    Geometry {
        width,
        height,
        margin: 48.0,
        header: 18.0,
        footer: 20.0,
    }
}

/// A document called `title`, by `author`, dated `at`; and an empty flow on the paper chosen.
pub(super) fn start(title: &str, author: &str, opts: &PrintOptions) -> (PdfDocument, Flow) {
    let mut doc = PdfDocument::new(title);
    let info = &mut doc.metadata.info;
    info.author = author.to_string();
    info.creator = "Continuity Binder".into();
    info.producer = format!("Continuity Binder {} (printpdf)", env!("CARGO_PKG_VERSION"));
    info.subject = "Business continuity plan".into();
    if let Ok(t) = printpdf::OffsetDateTime::from_unix_timestamp(opts.printed_at.timestamp()) {
        info.creation_date = t;
        info.modification_date = t;
        info.metadata_date = t;
    }
    (doc, Flow::new(geometry(opts.paper), Fonts::new()))
}

/// The document with the flow's pages, its fonts subset to what was printed.
pub(super) fn finish(mut doc: PdfDocument, flow: Flow) -> Printed {
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

/// The running header and footer of a document.
pub(super) struct Frame<'a> {
    /// The first page (0-based) that has them.
    pub first: usize,
    /// Bold, left of the header (the classification, the kind of report).
    pub label: &'a str,
    /// Right of the header (organisation and title).
    pub head: &'a str,
}

impl Frame<'_> {
    /// Writes the header (label left, head right, a rule) and a centred footer made by
    /// `foot(page, total)` on every page from `first` on.
    pub(super) fn write(&self, flow: &mut Flow, foot: impl Fn(usize, usize) -> String) {
        let geo = flow.geo;
        let running = Style::text(scale::RUNNING);
        let top = geo.margin - 6.0;
        let hw = layout::width(Face::Regular, self.head, scale::RUNNING);
        let head_x = geo.width - geo.margin - hw.min(geo.width - 2.0 * geo.margin - 120.0);
        for p in self.first..flow.pages.len() {
            let total = flow.pages.len();
            flow.text_on(
                p,
                geo.margin,
                top,
                self.label,
                running.bold().ink(Ink::ACCENT),
            );
            flow.text_on(p, head_x, top, self.head, running.ink(Ink::MUTED));
            let (left, right) = (geo.margin, geo.width - geo.margin);
            flow.line_on(p, left, top + 4.0, right, top + 4.0, 0.4, Ink::LINE, false);
            let text = foot(p + 1, total);
            let fw = layout::width(Face::Regular, &text, scale::RUNNING);
            let bottom = geo.height - geo.margin + 12.0;
            flow.text_on(
                p,
                (geo.width - fw) / 2.0,
                bottom,
                &text,
                running.ink(Ink::MUTED),
            );
        }
    }
}

/// The lines of a title block and the rule under them.
pub(super) struct TitleBlock<'a> {
    /// Each line, its style, and the space after it.
    pub lines: &'a [(&'a str, Style, f32)],
    /// How far below the last line the rule runs, and its weight.
    pub rule: (f32, f32),
    /// Space after the rule.
    pub after: f32,
}

impl TitleBlock<'_> {
    /// Writes the lines, the rule in the accent ink across the text area, and the space after.
    pub(super) fn write(&self, flow: &mut Flow) {
        for (text, style, after) in self.lines {
            flow.say(*text, *style);
            flow.space(*after);
        }
        let (x, w) = (flow.left(), flow.text_width());
        let y = flow.y + self.rule.0;
        flow.line(x, y, x + w, y, self.rule.1, Ink::ACCENT);
        flow.space(self.after);
    }
}

/// How facts under a title are set: the label's column width, the type size, line to line.
pub(super) struct FactLook {
    pub label: f32,
    pub size: f32,
    pub step: f32,
}

/// Facts as label and value (bold, wrapped beside the label); empty values are left out.
pub(super) fn facts(flow: &mut Flow, facts: &[(String, String)], look: &FactLook) {
    let (x, w) = (flow.left(), flow.text_width());
    let style = Style::text(look.size);
    for (k, v) in facts.iter().filter(|(_, v)| !v.is_empty()) {
        let lines = Flow::wrap(
            &[Span::new(v.clone(), Face::Bold)],
            w - look.label,
            look.size,
        );
        flow.ensure(look.step * lines.len() as f32 + 4.0);
        flow.y += look.step;
        let y = flow.y;
        flow.text(x, y, k, style.ink(Ink::MUTED));
        for (i, line) in lines.iter().enumerate() {
            flow.line_of_runs(x + look.label, y + look.step * i as f32, line, style);
        }
        flow.y += look.step * (lines.len().saturating_sub(1)) as f32;
    }
}

/// Table columns from (title, weight) pairs.
pub(super) fn columns(spec: &[(&str, f32)]) -> Vec<Column> {
    spec.iter()
        .map(|(title, weight)| Column {
            title: (*title).into(),
            weight: *weight,
            checkbox: false,
        })
        .collect()
}

/// Numbered steps ("1. …") in the body style, a little apart.
pub(super) fn numbered_steps(flow: &mut Flow, steps: &[String]) {
    for (i, step) in steps.iter().enumerate() {
        flow.paragraph(
            &[
                Span::new(format!("{}. ", i + 1), Face::Bold),
                Span::new(step.clone(), Face::Regular),
            ],
            Style::BODY,
        );
        flow.space(3.0);
    }
}

/// Text set beside a QR code: wrapped paragraphs from `x` to the right edge, from `y` down.
pub(super) struct Beside {
    pub x: f32,
    pub y: f32,
}

impl Beside {
    /// Writes `spans` wrapped in `style`; `gap` more points below.
    pub(super) fn write(&mut self, flow: &mut Flow, spans: &[Span], style: Style, gap: f32) {
        let max = flow.text_width() - (self.x - flow.left());
        for line in Flow::wrap(spans, max, style.size) {
            self.y += style.leading;
            flow.line_of_runs(self.x, self.y, &line, style);
        }
        self.y += gap;
    }
}

/// Draws `data` as a QR code about `target` points wide at `x`, below the flow (quiet zone
/// inside, a thin frame around); returns where its modules start and their side, the flow left
/// above it for text beside. `None` when the data is too long for a QR code.
pub(super) fn qr_block(
    flow: &mut Flow,
    data: &[u8],
    x: f32,
    target: f32,
) -> Option<(f32, f32, f32)> {
    let code = qrcode::QrCode::with_error_correction_level(data, qrcode::EcLevel::M).ok()?;
    let n = code.width();
    let module = (target / n as f32).max(1.5);
    flow.ensure((n as f32 + 8.0) * module + 10.0);
    // The quiet zone (four modules of white) lies inside the margin and below the text.
    let (qx, qy) = (x + 4.0 * module, flow.y + 4.0 * module);
    let framed = (n as f32 + 8.0) * module;
    let (fx, fy) = (qx - 4.0 * module, qy - 4.0 * module);
    flow.rect(fx, fy, framed, framed, None, Some((Ink::LINE, 0.4)));
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
