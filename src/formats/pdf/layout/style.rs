//! How text is set: the type scale, the inks, and a [`Style`] (size, leading, face, ink) for
//! each part text plays, so a call says what the text is rather than four numbers.

use printpdf::{Color, Rgb};

use super::fonts::Face;

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

    pub(super) fn color(self) -> Color {
        Color::Rgb(Rgb {
            r: self.0,
            g: self.1,
            b: self.2,
            icc_profile: None,
        })
    }
}

/// How a piece of text is set: its size and leading (baseline to baseline) in points, the face
/// of text given as a plain string (runs given as [`Span`](super::Span)s keep their own), and
/// its ink.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    /// Size, pt.
    pub size: f32,
    /// Baseline to baseline, pt.
    pub leading: f32,
    /// The face of plain text.
    pub face: Face,
    /// The colour.
    pub ink: Ink,
}

impl Style {
    /// Running text at `size`: regular, in text ink, leading 1.45 × the size.
    pub const fn text(size: f32) -> Style {
        Style {
            size,
            leading: size * 1.45,
            face: Face::Regular,
            ink: Ink::TEXT,
        }
    }

    /// A heading at `size` in `ink`: bold, leading 1.3 × the size.
    pub const fn heading(size: f32, ink: Ink) -> Style {
        Style {
            size,
            leading: size * 1.3,
            face: Face::Bold,
            ink,
        }
    }

    /// A title at `size`: leading the size plus `extra` points.
    pub const fn title(size: f32, extra: f32, face: Face, ink: Ink) -> Style {
        Style {
            size,
            leading: size + extra,
            face,
            ink,
        }
    }

    /// Running text of the binder ([`scale::BODY`]).
    pub const BODY: Style = Style::text(scale::BODY);
    /// What is said under a heading about it (owner, last review, phase): small, italic, muted.
    pub const CAPTION: Style = Style {
        size: scale::SMALL,
        leading: scale::SMALL * 1.4,
        face: Face::Italic,
        ink: Ink::MUTED,
    };
    /// A chapter of a document (readiness, the call tree, the checklists).
    pub const CHAPTER: Style = Style::heading(scale::CHAPTER, Ink::ACCENT);
    /// A part of a report or a chapter.
    pub const SUBSECTION: Style = Style::heading(scale::SUBSECTION, Ink::ACCENT);
    /// A heading of a one-page sheet (the emergency sheet, the letter).
    pub const SHEET_HEADING: Style = Style::heading(scale::SUBSECTION, Ink::TEXT);
    /// The warning line at the top of a sheet holding a secret.
    pub const WARNING: Style = Style::title(9.0, 3.0, Face::Bold, Ink::ACCENT);

    /// The same in bold.
    pub const fn bold(self) -> Style {
        self.face(Face::Bold)
    }

    /// The same in italic.
    pub const fn italic(self) -> Style {
        self.face(Face::Italic)
    }

    /// The same in `face`.
    pub const fn face(self, face: Face) -> Style {
        Style { face, ..self }
    }

    /// The same with `leading` points baseline to baseline.
    pub const fn leading(self, leading: f32) -> Style {
        Style { leading, ..self }
    }

    /// The same in `ink`.
    pub const fn ink(self, ink: Ink) -> Style {
        Style { ink, ..self }
    }
}

/// How far a paragraph stands in from the text area's left and right edges.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Inset {
    /// From the left edge, pt.
    pub left: f32,
    /// From the right edge, pt.
    pub right: f32,
}

impl Inset {
    /// In from the left only (a list item, a code block).
    pub const fn left(left: f32) -> Inset {
        Inset { left, right: 0.0 }
    }

    /// In from both edges alike (text in a box).
    pub const fn both(by: f32) -> Inset {
        Inset {
            left: by,
            right: by,
        }
    }
}
