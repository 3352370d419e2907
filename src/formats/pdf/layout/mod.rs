//! A small flow layout over printpdf: wrapped text in four faces, headings kept with what
//! follows, lists, boxes, and tables that split across pages with their header repeated
//! (`table.rs`). The type and its measures are in `fonts.rs`; how text is set (sizes, inks,
//! [`Style`]) in `style.rs`.
//!
//! Positions are in points from the top-left of the page (printpdf's origin is bottom-left; the
//! conversion is made where ops are written). Text is measured with the fonts' own advance
//! widths. Any character no font can show is replaced by "?" on paper and reported, never
//! silently dropped. Knows nothing of binders.

mod fonts;
mod style;
mod table;

use std::collections::BTreeMap;

use printpdf::{Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, TextItem};

pub use fonts::{Face, Fonts, has_glyph, width};
pub use style::{Ink, Inset, Style, scale};

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

    /// Writes `text` in `style` at (`x`, baseline `y`) on page `page` (ops go to that page).
    pub fn text_on(&mut self, page: usize, x: f32, y: f32, text: &str, style: Style) {
        self.run_on(
            page,
            x,
            y,
            &Span::new(text, style.face),
            style.size,
            style.ink,
        );
    }

    /// Writes `text` in `style` at (`x`, baseline `y`) on the current page.
    pub fn text(&mut self, x: f32, y: f32, text: &str, style: Style) {
        let page = self.page();
        self.text_on(page, x, y, text, style);
    }

    /// Writes one run at (`x`, baseline `y`) on page `page`.
    fn run_on(&mut self, page: usize, x: f32, y: f32, span: &Span, size: f32, ink: Ink) {
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

    /// One wrapped line: its runs side by side from `x` on `baseline`, at the style's size and
    /// in its ink (each run in its own face).
    pub fn line_of_runs(&mut self, x: f32, baseline: f32, runs: &[Span], style: Style) {
        let page = self.page();
        let mut cx = x;
        for span in runs {
            self.run_on(page, cx, baseline, span, style.size, style.ink);
            cx += width(span.face, &span.text, style.size);
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

    /// Writes `spans` wrapped to the text area from the cursor, page-breaking between lines.
    pub fn paragraph(&mut self, spans: &[Span], style: Style) {
        self.paragraph_in(spans, Inset::default(), style);
    }

    /// Writes `text` in the style's face, wrapped to the text area.
    pub fn say(&mut self, text: impl Into<String>, style: Style) {
        self.paragraph(&[Span::new(text, style.face)], style);
    }

    /// Writes `spans` wrapped between the insets from the text area's edges.
    pub fn paragraph_in(&mut self, spans: &[Span], inset: Inset, style: Style) {
        let x = self.left() + inset.left;
        let max = self.text_width() - (inset.left + inset.right);
        for line in Self::wrap(spans, max, style.size) {
            self.ensure(style.leading);
            self.y += style.leading;
            self.line_of_runs(x, self.y - style.leading * 0.25, &line, style);
        }
    }

    /// A heading in `style`: kept on the page with at least `keep` points of what follows.
    pub fn heading(&mut self, text: &str, style: Style, keep: f32) {
        let lines = Self::wrap(
            &[Span::new(text, style.face)],
            self.text_width(),
            style.size,
        );
        let h = lines.len() as f32 * style.leading;
        self.ensure(h + keep);
        self.space(style.size * 0.4);
        self.say(text, style);
        self.space(style.size * 0.25);
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
