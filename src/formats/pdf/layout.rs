//! A small flow layout over printpdf: wrapped text in four faces, headings kept with what
//! follows, lists, boxes, and tables that split across pages with their header repeated.
//!
//! Positions are in points from the top-left of the page (printpdf's origin is bottom-left; the
//! conversion is made where ops are written). Text is measured with the fonts' own advance
//! widths. Any character no font can show is replaced by "?" on paper and reported, never
//! silently dropped. Knows nothing of binders.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, ParsedFont, PdfFontHandle, Point, Pt, Rect, Rgb,
    TextItem,
};

/// The four faces of the binder's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Face {
    /// DejaVu Sans.
    Regular,
    /// DejaVu Sans Bold.
    Bold,
    /// DejaVu Sans Oblique.
    Italic,
    /// DejaVu Sans Mono.
    Mono,
}

/// The type scale every printed document uses, in points: a name for each part a piece of text
/// plays, instead of bare numbers at each call.
pub mod scale {
    /// The organisation on a cover.
    pub const COVER: f32 = 26.0;
    /// The plan's title on a cover; the top chapter ("The plan").
    pub const TITLE: f32 = 18.0;
    /// A chapter of the binder (readiness, the call tree, the checklists).
    pub const CHAPTER: f32 = 16.0;
    /// The table of one kind of record.
    pub const KIND: f32 = 15.0;
    /// A top-level section of the plan.
    pub const SECTION: f32 = 14.0;
    /// A part of a chapter (reviews and approvals; the readiness box's score).
    pub const PART: f32 = 13.0;
    /// A nested section of the plan; one checklist.
    pub const SUBSECTION: f32 = 12.0;
    /// The kind of document above a report's title ("Incident report").
    pub const LABEL: f32 = 11.0;
    /// A deeper section; the cover's facts; a contents entry.
    pub const MINOR: f32 = 10.5;
    /// A report's facts.
    pub const FACT: f32 = 10.0;
    /// Running text.
    pub const BODY: f32 = 9.5;
    /// The note under the cover's facts.
    pub const NOTE: f32 = 9.0;
    /// Tables, captions, the line under a section's heading.
    pub const SMALL: f32 = 8.0;
    /// The running header and footer.
    pub const RUNNING: f32 = 7.5;
}

const FACES: [Face; 4] = [Face::Regular, Face::Bold, Face::Italic, Face::Mono];

fn face_bytes(face: Face) -> &'static [u8] {
    match face {
        Face::Regular => include_bytes!("../../../assets/fonts/DejaVuSans.ttf"),
        Face::Bold => include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf"),
        Face::Italic => include_bytes!("../../../assets/fonts/DejaVuSans-Oblique.ttf"),
        Face::Mono => include_bytes!("../../../assets/fonts/DejaVuSansMono.ttf"),
    }
}

/// The parsed fonts, read once per process.
fn parsed() -> &'static [ParsedFont; 4] {
    static FONTS: OnceLock<[ParsedFont; 4]> = OnceLock::new();
    FONTS.get_or_init(|| {
        FACES.map(|face| {
            ParsedFont::from_bytes(face_bytes(face), 0, &mut Vec::new())
                .expect("the DejaVu fonts in assets/ are valid TrueType files")
        })
    })
}

/// The fonts of one document: ids to refer to while laying out, and the characters used in each
/// face, so only those glyphs are embedded (see [`Fonts::embed`]).
pub struct Fonts {
    ids: [FontId; 4],
    used: [std::collections::BTreeSet<char>; 4],
}

impl Fonts {
    /// Fonts for a new document (embedded by [`Fonts::embed`] once the text is known).
    pub fn new() -> Fonts {
        Fonts {
            ids: [0, 1, 2, 3].map(|_| FontId::new()),
            used: Default::default(),
        }
    }

    /// Embeds each face that was used, subset to the glyphs of the characters used.
    pub fn embed(&self, doc: &mut printpdf::PdfDocument) {
        for face in FACES {
            let used = &self.used[face as usize];
            if used.is_empty() {
                continue;
            }
            let font = subset(face, used).unwrap_or_else(|| font(face).clone());
            doc.resources.fonts.map.insert(
                self.ids[face as usize].clone(),
                printpdf::PdfFont::new(font),
            );
        }
    }
}

impl Default for Fonts {
    fn default() -> Self {
        Fonts::new()
    }
}

/// `face` cut down to the glyphs of `chars` (plus .notdef), with a Unicode cmap for them;
/// `None` if the subsetter fails (the whole face is embedded then).
fn subset(face: Face, chars: &std::collections::BTreeSet<char>) -> Option<ParsedFont> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile};
    let full = font(face);
    let mut ids: Vec<u16> = vec![0];
    for c in chars.iter().chain(['?', ' '].iter()) {
        if let Some(g) = full.lookup_glyph_index(*c as u32).filter(|g| *g != 0)
            && !ids.contains(&g)
        {
            ids.push(g);
        }
    }
    let bytes = face_bytes(face);
    let data = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
    let provider = data.table_provider(0).ok()?;
    let out =
        allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).ok()?;
    ParsedFont::from_bytes(&out, 0, &mut Vec::new())
}

fn font(face: Face) -> &'static ParsedFont {
    &parsed()[face as usize]
}

/// Whether `face` has a glyph for `c`.
pub fn has_glyph(face: Face, c: char) -> bool {
    font(face)
        .lookup_glyph_index(c as u32)
        .is_some_and(|g| g != 0)
}

/// Characters below this have their advance looked up once per process.
const CACHED: usize = 0x600;

/// Advance of `c` in `face`, in font units (a character the face lacks is measured as "?").
fn advance_units(face: Face, c: char) -> u32 {
    let f = font(face);
    let gid = f
        .lookup_glyph_index(c as u32)
        .or_else(|| f.lookup_glyph_index('?' as u32))
        .unwrap_or(0);
    u32::from(f.get_glyph_width(gid).unwrap_or(0))
}

/// Advances of the first [`CACHED`] characters of each face: measuring is the layout's hot loop.
fn advances() -> &'static [Vec<u32>; 4] {
    static ADVANCES: OnceLock<[Vec<u32>; 4]> = OnceLock::new();
    ADVANCES.get_or_init(|| {
        FACES.map(|face| {
            (0..CACHED)
                .map(|i| char::from_u32(i as u32).map_or(0, |c| advance_units(face, c)))
                .collect()
        })
    })
}

/// The width of `text` in `face` at `size` points.
pub fn width(face: Face, text: &str, size: f32) -> f32 {
    let table = &advances()[face as usize];
    let units: u32 = text
        .chars()
        .map(|c| match table.get(c as usize) {
            Some(w) => *w,
            None => advance_units(face, c),
        })
        .sum();
    units as f32 / f32::from(font(face).units_per_em.max(1)) * size
}

/// A colour as printed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ink(pub f32, pub f32, pub f32);

impl Ink {
    /// Body text.
    pub const TEXT: Ink = Ink(0.08, 0.08, 0.1);
    /// Secondary text.
    pub const MUTED: Ink = Ink(0.38, 0.38, 0.42);
    /// Headings and rules: the app's accent, dark enough for print.
    pub const ACCENT: Ink = Ink(0.55, 0.09, 0.09);
    /// Table header background.
    pub const SHADE: Ink = Ink(0.93, 0.92, 0.9);
    /// Lines.
    pub const LINE: Ink = Ink(0.62, 0.62, 0.62);

    fn color(self) -> Color {
        Color::Rgb(Rgb {
            r: self.0,
            g: self.1,
            b: self.2,
            icc_profile: None,
        })
    }
}

/// A run of text in one face.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    /// The text.
    pub text: String,
    /// Its face.
    pub face: Face,
}

impl Span {
    /// A run in `face`.
    pub fn new(text: impl Into<String>, face: Face) -> Span {
        Span {
            text: text.into(),
            face,
        }
    }
}

/// A character no font has, where it was first seen and how often.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    /// The character.
    pub ch: char,
    /// How many times it occurs.
    pub count: usize,
    /// Where it was first met (section or record).
    pub first_seen_in: String,
}

/// A line of a wrapped paragraph: its runs.
type WrappedLine = Vec<Span>;

/// Column of a table.
#[derive(Clone, Debug)]
pub struct Column {
    /// Header text.
    pub title: String,
    /// Share of the width.
    pub weight: f32,
    /// Draw an empty box to tick in this column.
    pub checkbox: bool,
}

/// Page geometry.
#[derive(Clone, Copy, Debug)]
pub struct Geometry {
    /// Page width, pt.
    pub width: f32,
    /// Page height, pt.
    pub height: f32,
    /// Margin on each side, pt.
    pub margin: f32,
    /// Space reserved at the top for the running header, pt.
    pub header: f32,
    /// Space reserved at the bottom for the footer, pt.
    pub footer: f32,
}

/// A document being laid out: pages of ops and a cursor.
pub struct Flow {
    /// The page geometry.
    pub geo: Geometry,
    /// Ops of each page so far.
    pub pages: Vec<Vec<Op>>,
    /// Distance of the cursor from the top of the page, pt.
    pub y: f32,
    /// Where text is being set now, for the missing-character report.
    pub context: String,
    fonts: Fonts,
    missing: BTreeMap<char, Missing>,
    /// Per page, the font and fill colour text was last set in: both are graphics state that
    /// lasts across text sections (our boxes and lines change colours only inside q…Q), so they
    /// are written only when they change — a quarter fewer operations in a long binder.
    text_state: Vec<TextState>,
}

/// The font (face, size bits) and fill colour (bits) text was last set in on a page.
type TextState = (Option<(Face, u32)>, Option<(u32, u32, u32)>);

impl Flow {
    /// The fonts, to embed when the document is saved.
    pub fn fonts(&self) -> &Fonts {
        &self.fonts
    }

    /// A flow with one empty page.
    pub fn new(geo: Geometry, fonts: Fonts) -> Flow {
        let mut flow = Flow {
            geo,
            pages: Vec::new(),
            y: 0.0,
            context: String::new(),
            fonts,
            missing: BTreeMap::new(),
            text_state: Vec::new(),
        };
        flow.new_page();
        flow
    }

    /// The characters that could not be printed.
    pub fn missing(&self) -> Vec<Missing> {
        self.missing.values().cloned().collect()
    }

    /// Left edge of the text area.
    pub fn left(&self) -> f32 {
        self.geo.margin
    }

    /// Width of the text area.
    pub fn text_width(&self) -> f32 {
        self.geo.width - 2.0 * self.geo.margin
    }

    fn bottom(&self) -> f32 {
        self.geo.height - self.geo.margin - self.geo.footer
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.text_state.push((None, None));
        self.y = self.geo.margin + self.geo.header;
    }

    /// The 0-based number of the current page.
    pub fn page(&self) -> usize {
        self.pages.len() - 1
    }

    /// Starts a new page unless `height` still fits on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.y + height > self.bottom() && self.y > self.geo.margin + self.geo.header + 1.0 {
            self.new_page();
        }
    }

    /// Room left on this page.
    pub fn room(&self) -> f32 {
        self.bottom() - self.y
    }

    /// Moves the cursor down.
    pub fn space(&mut self, pt: f32) {
        self.y += pt;
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a flow always has a page")
    }

    /// Text with characters no font has replaced by "?", each one recorded.
    fn printable(&mut self, text: &str, face: Face) -> String {
        text.chars()
            .map(|c| {
                if c.is_control() {
                    return ' ';
                }
                if has_glyph(face, c) || c == ' ' {
                    return c;
                }
                let context = self.context.clone();
                let entry = self.missing.entry(c).or_insert(Missing {
                    ch: c,
                    count: 0,
                    first_seen_in: context,
                });
                entry.count += 1;
                '?'
            })
            .collect()
    }

    /// Writes one run at (`x`, baseline `y`) on page `page` (ops go to that page).
    pub fn text_on(&mut self, page: usize, x: f32, y: f32, span: &Span, size: f32, ink: Ink) {
        let text = self.printable(&span.text, span.face);
        self.fonts.used[span.face as usize].extend(text.chars());
        let h = self.geo.height;
        let font_key = Some((span.face, size.to_bits()));
        let ink_key = Some((ink.0.to_bits(), ink.1.to_bits(), ink.2.to_bits()));
        let state = &mut self.text_state[page];
        let ops = &mut self.pages[page];
        ops.push(Op::StartTextSection);
        if state.0 != font_key {
            state.0 = font_key;
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(self.fonts.ids[span.face as usize].clone()),
                size: Pt(size),
            });
        }
        if state.1 != ink_key {
            state.1 = ink_key;
            ops.push(Op::SetFillColor { col: ink.color() });
        }
        ops.extend([
            Op::SetTextCursor {
                pos: Point {
                    x: Pt(x),
                    y: Pt(h - y),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(text)],
            },
            Op::EndTextSection,
        ]);
    }

    /// Writes one run on the current page.
    pub fn text(&mut self, x: f32, y: f32, span: &Span, size: f32, ink: Ink) {
        let page = self.page();
        self.text_on(page, x, y, span, size, ink);
    }

    /// One wrapped line: its runs side by side from `x` on `baseline`.
    pub fn line_of_runs(&mut self, x: f32, baseline: f32, runs: &[Span], size: f32, ink: Ink) {
        let mut cx = x;
        for span in runs {
            self.text(cx, baseline, span, size, ink);
            cx += width(span.face, &span.text, size);
        }
    }

    /// A line from (x1, y1) to (x2, y2).
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32, ink: Ink) {
        let page = self.page();
        self.line_on(page, x1, y1, x2, y2, thickness, ink, false);
    }

    /// A line on a given page, solid or dashed.
    #[allow(clippy::too_many_arguments)]
    pub fn line_on(
        &mut self,
        page: usize,
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        thickness: f32,
        ink: Ink,
        dashed: bool,
    ) {
        let h = self.geo.height;
        let point = |x: f32, y: f32| LinePoint {
            p: Point {
                x: Pt(x),
                y: Pt(h - y),
            },
            bezier: false,
        };
        let ops = &mut self.pages[page];
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetOutlineColor { col: ink.color() });
        ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        if dashed {
            ops.push(Op::SetLineDashPattern {
                dash: printpdf::LineDashPattern::new(0.0, &[4.0, 3.0]),
            });
        }
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![point(x1, y1), point(x2, y2)],
                is_closed: false,
            },
        });
        ops.push(Op::RestoreGraphicsState);
    }

    /// A rectangle with its top-left at (x, y): filled, stroked, or both.
    #[allow(clippy::too_many_arguments)]
    pub fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Ink>,
        stroke: Option<(Ink, f32)>,
    ) {
        let page_h = self.geo.height;
        let mode = match (fill, stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            _ => PaintMode::Stroke,
        };
        let ops = self.ops();
        ops.push(Op::SaveGraphicsState);
        if let Some(f) = fill {
            ops.push(Op::SetFillColor { col: f.color() });
        }
        if let Some((s, t)) = stroke {
            ops.push(Op::SetOutlineColor { col: s.color() });
            ops.push(Op::SetOutlineThickness { pt: Pt(t) });
        }
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(page_h - y - h),
                width: Pt(w),
                height: Pt(h),
                mode: Some(mode),
                winding_order: None,
            },
        });
        ops.push(Op::RestoreGraphicsState);
    }

    /// Breaks runs into lines no wider than `max` at `size`.
    pub fn wrap(spans: &[Span], max: f32, size: f32) -> Vec<WrappedLine> {
        let mut lines: Vec<WrappedLine> = Vec::new();
        let mut line: WrappedLine = Vec::new();
        let mut line_w = 0.0;
        let push = |line: &mut WrappedLine, text: &str, face: Face| match line.last_mut() {
            Some(last) if last.face == face => last.text.push_str(text),
            _ => line.push(Span::new(text, face)),
        };
        for span in spans {
            for (i, piece) in span.text.split('\n').enumerate() {
                if i > 0 {
                    lines.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                for word in piece.split_inclusive(' ') {
                    let w = width(span.face, word, size);
                    let bare = width(span.face, word.trim_end(), size);
                    if line_w + bare > max && line_w > 0.0 {
                        lines.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                    if bare > max {
                        // A word longer than the line (a URL, a key): break it by characters.
                        let mut chunk = String::new();
                        for c in word.chars() {
                            let cw = width(span.face, &c.to_string(), size);
                            if line_w + cw > max && line_w > 0.0 {
                                push(&mut line, &chunk, span.face);
                                chunk.clear();
                                lines.push(std::mem::take(&mut line));
                                line_w = 0.0;
                            }
                            chunk.push(c);
                            line_w += cw;
                        }
                        push(&mut line, &chunk, span.face);
                        continue;
                    }
                    if line_w == 0.0 && word.trim().is_empty() {
                        continue;
                    }
                    push(&mut line, word, span.face);
                    line_w += w;
                }
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// Writes wrapped lines from the cursor at `x`, page-breaking between lines.
    pub fn paragraph(
        &mut self,
        spans: &[Span],
        x: f32,
        max: f32,
        size: f32,
        leading: f32,
        ink: Ink,
    ) {
        for line in Self::wrap(spans, max, size) {
            self.ensure(leading);
            self.y += leading;
            self.line_of_runs(x, self.y - leading * 0.25, &line, size, ink);
        }
    }

    /// A heading: kept on the page with at least `keep` points of what follows.
    pub fn heading(&mut self, text: &str, size: f32, keep: f32, ink: Ink) {
        let lines = Self::wrap(&[Span::new(text, Face::Bold)], self.text_width(), size);
        let h = lines.len() as f32 * size * 1.3;
        self.ensure(h + keep);
        self.space(size * 0.4);
        let x = self.left();
        self.paragraph(
            &[Span::new(text, Face::Bold)],
            x,
            self.text_width(),
            size,
            size * 1.3,
            ink,
        );
        self.space(size * 0.25);
    }

    /// A table: header on every page it spans, rows split between lines when they must.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<Vec<Span>>], size: f32) {
        let total: f32 = columns.iter().map(|c| c.weight).sum::<f32>().max(0.01);
        let widths: Vec<f32> = columns
            .iter()
            .map(|c| self.text_width() * c.weight / total)
            .collect();
        let pad = 3.0;
        let leading = size * 1.3;
        let x0 = self.left();
        let header_lines: Vec<Vec<WrappedLine>> = columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                Self::wrap(
                    &[Span::new(c.title.clone(), Face::Bold)],
                    w - 2.0 * pad,
                    size,
                )
            })
            .collect();
        let header_h =
            header_lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * leading + 2.0 * pad;
        let draw_header = |flow: &mut Flow| {
            let y = flow.y;
            flow.rect(x0, y, widths.iter().sum(), header_h, Some(Ink::SHADE), None);
            let mut x = x0;
            for (lines, w) in header_lines.iter().zip(&widths) {
                for (i, line) in lines.iter().enumerate() {
                    let baseline = y + pad + (i as f32 + 1.0) * leading - leading * 0.25;
                    flow.line_of_runs(x + pad, baseline, line, size, Ink::TEXT);
                }
                x += w;
            }
            flow.y += header_h;
        };
        // The header never ends a page alone: keep it with the first row (or as much of a row
        // too tall for any page as would be split anyway).
        let first_row_lines = rows.first().map_or(1, |row| {
            row.iter()
                .zip(&widths)
                .map(|(spans, w)| Self::wrap(spans, w - 2.0 * pad, size).len())
                .max()
                .unwrap_or(1)
                .clamp(1, 12)
        });
        self.ensure(header_h + first_row_lines as f32 * leading + 2.0 * pad);
        draw_header(self);
        for row in rows {
            let cells: Vec<Vec<WrappedLine>> = row
                .iter()
                .zip(&widths)
                .map(|(spans, w)| Self::wrap(spans, w - 2.0 * pad, size))
                .collect();
            let n = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let mut from = 0;
            while from < n {
                let fit = (((self.room() - 2.0 * pad) / leading).floor() as usize).min(n - from);
                // Keep short rows whole; split only rows that cannot fit on a fresh page.
                if fit == 0 || (fit < n - from && n - from <= 12) {
                    self.new_page();
                    draw_header(self);
                    continue;
                }
                let y = self.y;
                let h = fit as f32 * leading + 2.0 * pad;
                let mut x = x0;
                for ((lines, w), col) in cells.iter().zip(&widths).zip(columns) {
                    if col.checkbox && from == 0 {
                        let b = size * 1.1;
                        self.rect(
                            x + pad + 1.0,
                            y + pad + 1.0,
                            b,
                            b,
                            None,
                            Some((Ink::TEXT, 0.7)),
                        );
                    }
                    for (i, line) in lines.iter().skip(from).take(fit).enumerate() {
                        let baseline = y + pad + (i as f32 + 1.0) * leading - leading * 0.25;
                        self.line_of_runs(x + pad, baseline, line, size, Ink::TEXT);
                    }
                    x += w;
                }
                self.line(
                    x0,
                    y + h,
                    x0 + widths.iter().sum::<f32>(),
                    y + h,
                    0.4,
                    Ink::LINE,
                );
                self.y += h;
                from += fit;
            }
        }
        self.space(leading * 0.6);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_measured_and_wrapped_by_the_fonts_widths() {
        let w = width(Face::Regular, "Åsa Öberg", 10.0);
        assert!(w > 35.0 && w < 60.0, "{w}");
        assert!(width(Face::Bold, "Åsa Öberg", 10.0) > w);
        let lines = Flow::wrap(
            &[Span::new("one two three four five six", Face::Regular)],
            60.0,
            10.0,
        );
        assert!(lines.len() >= 2);
        let joined: String = lines.iter().flatten().map(|s| s.text.as_str()).collect();
        assert_eq!(
            joined.split_whitespace().collect::<Vec<_>>().join(" "),
            "one two three four five six"
        );
        let long = Flow::wrap(&[Span::new("x".repeat(200), Face::Mono)], 100.0, 10.0);
        assert!(long.len() > 3, "a long word is broken by characters");
    }

    #[test]
    fn dejavu_covers_the_names_we_print() {
        for c in "Åsa Öberg Łukasiewicz Ñúñez Ødegård Ђорђе Σωκράτης ☐ ✓ →".chars()
        {
            assert!(has_glyph(Face::Regular, c), "{c}");
        }
        assert!(
            !has_glyph(Face::Regular, '𓀀'),
            "Egyptian hieroglyphs are not in DejaVu"
        );
    }
}
