//! The binder on paper: the full binder, the incident report, the wallet card, the emergency
//! access sheet, and the successor kit's share sheets and letter — one file each under
//! `documents/`.
//!
//! Everything is driven by the record catalog: each kind prints as a table of its table fields,
//! with the rest of its printable fields as details. Layout is our own small flow (`layout/`)
//! over printpdf, text set in named [`Style`](layout::Style)s; what the documents share (page,
//! title block, facts, running header and footer, QR codes) is in `parts.rs`, a section's
//! Markdown in `markdown.rs`. Fonts are DejaVu from `assets/fonts`, subset on save. Characters
//! the fonts cannot show are listed in [`Printed::missing`]. No I/O here: callers write bytes.

mod documents;
mod layout;
mod markdown;
mod parts;

pub use documents::{
    EmergencySheet, Letter, binder_pdf, emergency_sheet, incident_report, share_sheets,
    successor_letter, wallet_card,
};
pub use layout::Missing;

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
