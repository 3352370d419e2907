//! The binder's type: the four DejaVu faces from `assets/fonts`, their glyphs and advance
//! widths, and the fonts of one document, subset to the characters it uses when it is saved.

use std::sync::OnceLock;

use printpdf::{FontId, ParsedFont};

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

const FACES: [Face; 4] = [Face::Regular, Face::Bold, Face::Italic, Face::Mono];

fn face_bytes(face: Face) -> &'static [u8] {
    match face {
        Face::Regular => include_bytes!("../../../../assets/fonts/DejaVuSans.ttf"),
        Face::Bold => include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf"),
        Face::Italic => include_bytes!("../../../../assets/fonts/DejaVuSans-Oblique.ttf"),
        Face::Mono => include_bytes!("../../../../assets/fonts/DejaVuSansMono.ttf"),
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
    pub(super) ids: [FontId; 4],
    pub(super) used: [std::collections::BTreeSet<char>; 4],
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
