//! Plan documents that are not text files — Word (DOCX), OpenDocument (ODT) and web pages
//! (HTML: Notion and Confluence exports, a saved page, Google Docs' "Web page" download) — read
//! into Markdown, so one reader and one recogniser serve every format. What a file is, is decided
//! by what it holds (a zip with `word/document.xml` is Word whatever its name; a page that opens
//! with `<html>` is HTML), never by running a program. Every paragraph, list item and table cell
//! comes across; only markup is left behind.

use std::io::Read;

use super::read::{Format, decode};
use crate::formats::planimport::PlanError;

/// The most a document's parts may unpack to, together, in MB (a 100-page DOCX is a few MB of
/// XML; images and fonts are not read).
pub const MAX_UNPACKED_MB: u64 = 100;

/// How deep the walkers below follow a document's nesting (lists in lists, quotes in quotes,
/// runs in runs). Real documents nest a handful of levels; deeper content is still taken, as
/// flat text, so a document nested a hundred thousand deep costs neither the stack nor a word.
const MAX_DEPTH: usize = 48;

/// How deep a web page may nest before it is parsed. The HTML parser looks through every open
/// element for each new tag, so nesting costs it time quadratic in the depth (10,000 nested
/// `<div>`s took it seconds, 100,000 minutes). Browsers stop at 512; real plan pages nest a few
/// dozen deep, and each level allowed costs every later tag.
const MAX_HTML_NESTING: usize = 128;

/// The document as Markdown (or its text as written) and the format it was in.
pub fn text_of(file_name: &str, bytes: &[u8]) -> Result<(String, Format), PlanError> {
    if bytes.starts_with(b"%PDF") {
        return Err(PlanError::Pdf);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(PlanError::OldOrLocked);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return office(bytes);
    }
    let text = decode(bytes)?;
    if looks_like_html(&text) {
        return Ok((html_to_markdown(&text), Format::Html));
    }
    // A page of a static site: front matter (`---` … `---`) over HTML. The front matter stays
    // as it is (it gives the title); the page under it is read as a web page.
    if let Some((front, page)) = front_matter_over(&text)
        && looks_like_html(page)
    {
        return Ok((format!("{front}\n{}", html_to_markdown(page)), Format::Html));
    }
    let format = Format::of(file_name, &text);
    // A file named `.rst` is reStructuredText even where it also reads as Markdown (a title
    // underlined with `=`, lists with `-`).
    let named_rst = [".rst", ".rest"]
        .iter()
        .any(|e| file_name.to_lowercase().ends_with(e));
    if named_rst || (format != Format::Markdown && super::rst::looks_like_rst(file_name, &text)) {
        return Ok((super::rst::rst_to_markdown(&text), Format::Rst));
    }
    let text = match format {
        Format::Markdown => {
            let text = super::read::pandoc::unfenced(&text);
            raw_html::blocks_in_markdown(&raw_html::tables_in_markdown(&text))
        }
        _ => text,
    };
    Ok((text, format))
}

/// The front matter of a static site's page (from its opening `---` line to the closing one,
/// both kept) and what follows it.
fn front_matter_over(text: &str) -> Option<(&str, &str)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let close = rest
        .match_indices("\n---")
        .map(|(i, _)| i)
        .find(|&i| rest[i + 4..].starts_with('\n') || rest[i + 4..].starts_with("\r\n"))?;
    let end = text.len() - rest.len() + close + 4;
    Some((&text[..end], &text[end..]))
}

/// Whether decoded text is a web page rather than Markdown with some HTML in it: it opens with
/// a doctype or `<html>`, or it is mostly block elements with no Markdown headings.
fn looks_like_html(text: &str) -> bool {
    let start = text.trim_start().get(..200).unwrap_or(text.trim_start());
    let lower = start.to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return true;
    }
    if lower.starts_with("<?xml") && lower.contains("<html") {
        return true;
    }
    let markdown_headings = text
        .lines()
        .filter(|l| l.starts_with('#') && l.trim_start_matches('#').starts_with(' '))
        .count();
    let lower = text.to_ascii_lowercase();
    let blocks = [
        "<p>", "<p ", "<h1", "<h2", "<h3", "<div", "<table", "<ul", "<body",
    ]
    .iter()
    .map(|t| lower.matches(t).count())
    .sum::<usize>();
    markdown_headings == 0 && blocks >= 3 && lower.trim_start().starts_with('<')
}

/// A zip: Word or OpenDocument, by the parts it holds.
fn office(bytes: &[u8]) -> Result<(String, Format), PlanError> {
    let damaged = |what: &'static str, e: &dyn std::fmt::Display| PlanError::Damaged {
        what,
        detail: e.to_string(),
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| damaged("zip archive", &e))?;
    // What may still be unpacked: shared by every part read, counted as it is unpacked (a
    // zip's own word for its sizes is only a hint: a bomb can say anything).
    let mut budget = MAX_UNPACKED_MB * 1024 * 1024;
    let too_big = || PlanError::TooBig {
        limit_mb: MAX_UNPACKED_MB,
    };
    let mut part = |name: &str| -> Result<Option<String>, PlanError> {
        let mut file = match zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(zip::result::ZipError::UnsupportedArchive(m)) if m.contains("ncrypt") => {
                return Err(PlanError::OldOrLocked);
            }
            Err(e) => return Err(damaged("document", &e)),
        };
        if file.encrypted() {
            return Err(PlanError::OldOrLocked);
        }
        if file.size() > budget {
            return Err(too_big());
        }
        let mut unpacked = Vec::new();
        file.by_ref()
            .take(budget + 1)
            .read_to_end(&mut unpacked)
            .map_err(|e| PlanError::Damaged {
                what: "document",
                detail: format!("{name}: {e}"),
            })?;
        budget = budget
            .checked_sub(unpacked.len() as u64)
            .ok_or_else(too_big)?;
        let text = String::from_utf8(unpacked).map_err(|e| PlanError::Damaged {
            what: "document",
            detail: format!("{name}: {e}"),
        })?;
        Ok(Some(text))
    };
    if let Some(document) = part("word/document.xml")? {
        let styles = part("word/styles.xml")?.unwrap_or_default();
        let numbering = part("word/numbering.xml")?.unwrap_or_default();
        let rels = part("word/_rels/document.xml.rels")?.unwrap_or_default();
        let md = docx::to_markdown(&document, &styles, &numbering, &rels)
            .map_err(|e| damaged("Word document", &e))?;
        return Ok((md, Format::Docx));
    }
    let mimetype = part("mimetype")?.unwrap_or_default();
    if let Some(content) = part("content.xml")? {
        if !mimetype.is_empty() && !mimetype.contains("opendocument.text") {
            return Err(PlanError::NotADocument(mimetype.trim().to_string()));
        }
        let md = odt::to_markdown(&content).map_err(|e| damaged("OpenDocument text", &e))?;
        return Ok((md, Format::Odt));
    }
    Err(PlanError::NotADocument(
        "a zip archive that is not a Word or OpenDocument text document".into(),
    ))
}

/// Markdown being written: blocks separated by blank lines, lists by indentation.
#[derive(Default)]
struct Md {
    out: String,
    /// The level of the last heading a web page gave by its tag (`<h2>`: 2).
    tag_level: usize,
    /// The level of headings a web page gives by a class (`<div class="panel-title">`), once
    /// the first one is found: one below the tag heading before it.
    class_level: Option<usize>,
}

impl Md {
    fn block(&mut self, text: &str) {
        let text = text.trim_end();
        if text.trim().is_empty() {
            return;
        }
        if !self.out.is_empty() {
            self.out.push_str("\n\n");
        }
        self.out.push_str(text);
    }

    /// A list item right under the previous one (no blank line between items).
    fn item(&mut self, text: &str) {
        if self.out.ends_with('\n') || self.out.is_empty() {
            self.out.push_str(text);
        } else if self.last_line_is_item() {
            self.out.push('\n');
            self.out.push_str(text);
        } else {
            self.block(text);
        }
    }

    fn last_line_is_item(&self) -> bool {
        let last = self.out.rsplit('\n').next().unwrap_or("").trim_start();
        last.starts_with("- ")
            || last
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    }

    fn table(&mut self, rows: &[Vec<String>]) {
        let Some(width) = rows.iter().map(Vec::len).max().filter(|w| *w > 0) else {
            return;
        };
        let line = |cells: &[String]| {
            let mut l = String::from("|");
            for i in 0..width {
                let cell = cells.get(i).map(String::as_str).unwrap_or("");
                l.push(' ');
                l.push_str(&cell_text(cell));
                l.push_str(" |");
            }
            l
        };
        let mut t = line(&rows[0]);
        t.push('\n');
        t.push('|');
        t.push_str(&" --- |".repeat(width));
        for row in &rows[1..] {
            t.push('\n');
            t.push_str(&line(row));
        }
        self.block(&t);
    }
}

/// A table cell's text on one line, its pipes escaped.
fn cell_text(cell: &str) -> String {
    cell.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// A bold run's text as Markdown bold. Bold runs side by side are one bold stretch: a word a
/// word processor split into runs ("Welfar" + "e") stays one word ("**Welfare**", not
/// "**Welfar****e**", which Markdown reads as two).
/// An italic run, as `_emphasis_`; one right after another italic run (a space run between
/// them italic too, as Word splits "general evacuations") continues it.
fn push_italic(out: &mut String, inner: &str) {
    let trimmed = inner.trim();
    if trimmed.is_empty() {
        out.push_str(inner);
        return;
    }
    let gap = match out.strip_suffix("_ ") {
        Some(open) if open.ends_with(|c: char| c.is_alphanumeric()) => Some(" "),
        _ => out
            .strip_suffix('_')
            .filter(|o| o.ends_with(|c: char| c.is_alphanumeric()))
            .map(|_| ""),
    };
    match gap {
        Some(gap) => {
            out.truncate(out.len() - 1 - gap.len());
            let space = if gap.is_empty() && inner.starts_with(char::is_whitespace) {
                " "
            } else {
                gap
            };
            out.push_str(&format!("{space}{trimmed}_"));
        }
        None => {
            if inner.starts_with(char::is_whitespace) {
                out.push(' ');
            }
            out.push_str(&format!("_{trimmed}_"));
        }
    }
    if inner.ends_with(char::is_whitespace) {
        out.push(' ');
    }
}

fn push_bold(out: &mut String, inner: &str) {
    let trimmed = inner.trim();
    if trimmed.is_empty() {
        out.push_str(inner);
        return;
    }
    let spaced = inner.starts_with(char::is_whitespace);
    match out.strip_suffix("**") {
        Some(open) if !spaced && !open.is_empty() && !open.ends_with(char::is_whitespace) => {
            out.truncate(open.len());
            out.push_str(trimmed);
            out.push_str("**");
        }
        _ => {
            if spaced {
                out.push(' ');
            }
            out.push_str(&format!("**{trimmed}**"));
        }
    }
    if inner.ends_with(char::is_whitespace) {
        out.push(' ');
    }
}

/// A line of running text: white space collapsed as a browser or word processor shows it.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The mark a document's line break inside a paragraph (Shift+Enter in Word) is read as: white
/// space to [`collapse`], a line of its own to [`collapse_lines`].
const LINE_BREAK: char = '\u{2028}';

/// A paragraph of running text with its line breaks kept as lines ("Jenny Scholes" over her
/// department over her e-mail, an address block): the readings take each line as the document
/// shows it.
fn collapse_lines(text: &str) -> String {
    text.split(LINE_BREAK)
        .map(collapse)
        .filter(|l| !l.is_empty())
        // ("-- " over a signature, "# 3": a line of the paragraph, not Markdown's underline
        // of a heading or a heading of its own.)
        .map(
            |l| match l.chars().all(|c| "-=_*".contains(c)) || l.starts_with('#') {
                true => format!("\\{l}"),
                false => l,
            },
        )
        .collect::<Vec<_>>()
        .join("\n")
}

/// A link as Markdown: `[text](url)` for web and mail addresses (the address alone when the
/// text is the address); other targets (anchors, files) keep only their text.
fn link(text: &str, url: Option<&str>) -> String {
    let text = collapse(text);
    match url {
        Some(url) if url.starts_with("http") || url.starts_with("mailto:") => {
            let shown = url.trim_start_matches("mailto:");
            if text.is_empty() || text == url || text == shown {
                shown.to_string()
            } else {
                format!("[{text}]({url})")
            }
        }
        _ => text,
    }
}

/// A checkbox written as a character (Word and Google Docs use ☐ and ☒/☑).
fn checkbox_prefix(text: &str) -> Option<(bool, &str)> {
    let t = text.trim_start();
    for (mark, done) in [
        ('☐', false),
        ('□', false),
        ('☒', true),
        ('☑', true),
        ('✅', true),
    ] {
        if let Some(rest) = t.strip_prefix(mark) {
            return Some((done, rest.trim_start()));
        }
    }
    None
}

/// A line whose words are all bold in several runs, with only spaces or punctuation between
/// them ("**2**. **SAFETY POLICY**", "**5.** **RISK ASSESSMENTS**", as Word splits a heading
/// into runs), as one bold span ("**2. SAFETY POLICY**"); `None` for any other line.
pub(crate) fn one_bold_span(line: &str) -> Option<String> {
    let line = line.trim();
    // "5.16.9 **Catastrophic Risks**": the section's number outside the bold.
    if let Some((number, rest)) = line.split_once(' ')
        && !number.is_empty()
        && number
            .trim_end_matches('.')
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit()))
        && rest.trim_start().starts_with("**")
        && rest.trim_end().ends_with("**")
    {
        let inner = rest.trim().replace("**", "");
        if !inner.trim().is_empty() && rest.trim().matches("**").count() >= 2 {
            return Some(format!("**{number} {}**", collapse(&inner)));
        }
    }
    let parts: Vec<&str> = line.split("**").collect();
    let runs = parts.len() / 2;
    let between = |p: &str| {
        p.chars()
            .all(|c| c.is_whitespace() || ".,:;-–—".contains(c))
    };
    (line.starts_with("**")
        && line.ends_with("**")
        && runs >= 2
        && parts
            .iter()
            .enumerate()
            .all(|(k, part)| k % 2 == 1 || between(part)))
    .then(|| format!("**{}**", collapse(&line.replace("**", ""))))
}

/// Whether a line is a short line of a box of bold text ("**Dial: 999**", "**Postcode: PL15
/// 7ED**"): bold throughout, eight words at most, no sentence. A bold sentence before a bold
/// heading ("**Do not use the lifts.**" over "**Assembly Point**") leaves the heading one.
pub(crate) fn bold_box_line(line: &str) -> bool {
    let plain = line.replace("**", "");
    bold_throughout(line)
        && plain.split_whitespace().count() <= 8
        && !plain.trim_end().ends_with(['.', '!', '?'])
}

/// Whether every word of a line is bold ("**Dial:** **999**"). A short bold line after such a
/// line, with nothing between, is the same box of bold text, not a heading of its own.
pub(crate) fn bold_throughout(line: &str) -> bool {
    let line = line.trim();
    line.starts_with("**")
        && line.len() > 4
        && line
            .split("**")
            .enumerate()
            .all(|(k, part)| k % 2 == 1 || part.trim().is_empty())
}

/// The level of a paragraph that is a heading by its look alone — all bold, short, not a
/// sentence — and whether a number gave it: "3. Recovery" and "4.2 Backups" by their number's
/// depth, any other one level below `last_level` (the last heading given by a style or number).
/// A numbered or lettered heading may end in a colon ("**2. Scope:**", "**a. Preparation:**");
/// an unnumbered bold line ending in one is a label ("**Note:**").
pub(crate) fn heading_by_look(line: &str, last_level: usize) -> Option<(usize, bool)> {
    let line = line.trim();
    // "**Rationale:** (why do we need this policy?)": a heading naming a part of the plan,
    // with a short note on what it is for.
    let line = match line.rfind("** (") {
        Some(at)
            if line.ends_with(')')
                && line[at..].split_whitespace().count() <= 9
                && line[..at].ends_with(':')
                && names_a_part(line[..at].trim_start_matches("**")) =>
        {
            &line[..at + 2]
        }
        _ => line,
    };
    let inner = match line.strip_suffix("**:") {
        Some(l) => l.strip_prefix("**")?,
        None => line.strip_prefix("**")?.strip_suffix("**")?,
    }
    .trim();
    // "**Note: all times are in UTC**": a note, however bold.
    let note = inner.split_once(':').is_some_and(|(label, _)| {
        [
            "note",
            "nb",
            "n.b",
            "tip",
            "warning",
            "important",
            "caution",
            "reminder",
        ]
        .contains(&label.trim().to_lowercase().as_str())
    });
    if note {
        return None;
    }
    let colon = inner.ends_with(':') || line.ends_with("**:");
    let first = inner.split_whitespace().next().unwrap_or_default();
    let parts: Vec<&str> = first.trim_end_matches('.').split('.').collect();
    let numbered = inner.split_whitespace().count() > 1
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    let lettered = inner.split_whitespace().count() > 1
        && first.len() == 2
        && first.starts_with(|c: char| c.is_ascii_lowercase())
        && first.ends_with(['.', ')']);
    // "**Dial: 999**", "**Postcode: PL15 7ED**": a label and a number or address to use.
    let reach = inner.split_once(": ").is_some_and(|(_, value)| {
        value.contains('@') || value.chars().filter(char::is_ascii_digit).count() >= 3
    });
    let sentence = inner.is_empty()
        || reach
        || inner.contains("**")
        || inner.split_whitespace().count() > 10
        || inner.chars().count() > 80
        || inner.ends_with(['.', ',', ';'])
        || (colon && !numbered && !lettered && !names_a_part(inner))
        || !(inner.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) || lettered);
    if sentence {
        return None;
    }
    Some(if numbered {
        ((parts.len() + 1).min(6), true)
    } else {
        ((last_level + 1).min(6), false)
    })
}

/// Whether a label names a part of a plan or policy ("Rationale:", "Objectives:", "Scope:"):
/// standing alone in bold, it is a heading, where "**Note:**" is not.
fn names_a_part(label: &str) -> bool {
    let label = label.trim_end_matches(':').trim().to_lowercase();
    [
        "rationale",
        "purpose",
        "objective",
        "objectives",
        "aim",
        "aims",
        "scope",
        "guidelines",
        "guidance",
        "references",
        "procedure",
        "procedures",
        "policy",
        "background",
        "introduction",
        "overview",
        "summary",
        "definitions",
        "roles",
        "responsibilities",
        "roles and responsibilities",
        "outcomes",
        "monitoring",
        "evaluation",
        "related policies",
        "legislation",
        "prevention",
        "preparation",
        "response",
        "recovery",
    ]
    .contains(&label.as_str())
}

/// Whether a paragraph of a word processor's numbered list is a heading by its look: all bold,
/// a few words, ending in a colon ("1. **Introduction**:" numbered by Word itself).
pub(crate) fn listed_heading(line: &str) -> bool {
    let line = line.trim();
    let inner = line
        .strip_suffix("**:")
        .or_else(|| line.strip_suffix(":**"))
        .and_then(|l| l.strip_prefix("**"));
    inner.is_some_and(|i| {
        let words = i.split_whitespace().count();
        !i.contains("**") && (1..=6).contains(&words) && i.starts_with(char::is_uppercase)
    })
}

/// Whether an item of a word processor's list reads as a title: one to six words, the first
/// capitalised, no sentence inside, ending in no mark but a colon or a full stop ("Scope",
/// "Personnel Safety.", "Data and Software Backup.").
pub(crate) fn listed_title(line: &str) -> bool {
    let plain = line.replace("**", "");
    let plain = plain.trim().trim_end_matches(['.', ':']).trim();
    let words = plain.split_whitespace().count();
    (1..=6).contains(&words)
        && plain.starts_with(char::is_uppercase)
        && !plain.contains(['.', ';', '?', '!', ','])
}

fn task_or_item(marker: &str, text: &str) -> String {
    match checkbox_prefix(text) {
        Some((done, rest)) => format!("- [{}] {rest}", if done { "x" } else { " " }),
        None => format!("{marker} {text}"),
    }
}

/// The elements `is` picks under `node`, in document order, leaving out those inside one already
/// picked: a table cell's paragraphs, not also paragraphs nested in them (which their own text
/// holds). Iterative, so no nesting is too deep, and each node is looked at once.
fn outermost<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    is: impl Fn(roxmltree::Node) -> bool,
) -> Vec<roxmltree::Node<'a, 'i>> {
    let mut found = Vec::new();
    let mut stack: Vec<roxmltree::Node> = node.children().rev().collect();
    while let Some(n) = stack.pop() {
        if is(n) {
            found.push(n);
        } else {
            stack.extend(n.children().rev());
        }
    }
    found
}

pub use html::html_to_markdown;

mod docx;
mod html;
mod raw_html;

mod odt;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_keep_their_loose_words_and_a_section_is_no_numbered_box() {
        let md = html_to_markdown(
            "<div class=\"step\"><span class=\"num\">1</span> Call the fire brigade <b>now</b></div>\
             <div class=\"step\"><div class=\"num\">2</div><div><h3>Leave</h3><ul><li>By the exit</li><li>Call 999</li></ul></div></div>\
             <div><p>3</p><h2>Contacts</h2><table><tr><th>Name</th></tr><tr><td>Jo</td></tr></table></div>\
             <div class=\"panel-title\">Alarm<br>Fault</div>",
        );
        assert!(md.contains("1. Call the fire brigade now"), "{md}");
        assert!(
            md.contains("By the exit") && md.contains("Call 999"),
            "{md}"
        );
        assert!(md.contains("## Contacts") && md.contains("| Jo |"), "{md}");
        assert!(md.contains("## Alarm Fault"), "{md}");
    }

    #[test]
    fn a_hash_opening_a_pages_text_is_no_heading() {
        let md =
            html_to_markdown("<h1>Plan</h1><div># run this as root</div><p># not a heading</p>");
        assert!(md.contains("\\# run this as root"), "{md}");
        assert!(md.contains("\\# not a heading"), "{md}");
        assert!(md.contains("# Plan"), "{md}");
    }

    #[test]
    fn boxes_under_numbers_in_scripts_nested_deep_are_read_once() {
        // Each level's first child a script holding a number: read once, not once per way in.
        let page = format!(
            "<html><body><h1>X y</h1>{}{}</body></html>",
            "<div><script>1</script>".repeat(60),
            "</div>".repeat(60)
        );
        assert!(html_to_markdown(&page).contains("# X y"));
    }

    #[test]
    fn italic_runs_split_by_word_are_one_emphasis() {
        let mut out = String::from("two types of evacuation: ");
        push_italic(&mut out, "area evacuations");
        out.push_str(", and the more severe ");
        for run in ["general", " ", "evacuations"] {
            push_italic(&mut out, run);
        }
        out.push_str(" which are for the venue.");
        assert_eq!(
            out,
            "two types of evacuation: _area evacuations_, and the more severe \
             _general evacuations_ which are for the venue."
        );
    }

    #[test]
    fn bold_runs_side_by_side_are_one_bold_stretch() {
        let mut out = String::new();
        for run in ["Welfar", "e", "/"] {
            push_bold(&mut out, run);
        }
        push_bold(&mut out, " Fie");
        push_bold(&mut out, "ldwork ");
        out.push_str("facilities");
        assert_eq!(out, "**Welfare/** **Fieldwork** facilities");
        let mut out = "Password: **".to_string();
        push_bold(&mut out, "Secret");
        // Stars after a space are the document's own, not the end of a bold run.
        assert_eq!(out, "Password: ****Secret**");
    }

    #[test]
    fn a_short_bold_line_is_a_heading_by_its_look() {
        assert_eq!(heading_by_look("**Scope**", 1), Some((2, false)));
        assert_eq!(
            one_bold_span("5.16.9 **Catastrophic Risks**").as_deref(),
            Some("**5.16.9 Catastrophic Risks**")
        );
        assert_eq!(
            one_bold_span("**2**. **SAFETY POLICY**").as_deref(),
            Some("**2. SAFETY POLICY**")
        );
        assert_eq!(one_bold_span("2026 **was** a year"), None);
        assert_eq!(heading_by_look("**3. Recovery**", 4), Some((2, true)));
        assert_eq!(heading_by_look("**4.2 Backups**", 1), Some((3, true)));
        assert_eq!(heading_by_look("**Note:** backups", 1), None);
        assert_eq!(heading_by_look("**Note:**", 1), None);
        assert_eq!(
            heading_by_look("**Rationale:** (why do we need this policy?)", 1),
            Some((2, false))
        );
        assert_eq!(heading_by_look("**References:**", 2), Some((3, false)));
        assert_eq!(heading_by_look("**We restore every night.**", 1), None);
        assert_eq!(heading_by_look("Scope", 1), None);
        // A numbered or lettered one may end in a colon, and one naming a part of a plan
        // ("Scope:", "Rationale:"); another label may not ("Note:", "Contact:").
        assert_eq!(heading_by_look("**2. Scope:**", 1), Some((2, true)));
        assert_eq!(heading_by_look("**a. Preparation:**", 2), Some((3, false)));
        assert_eq!(heading_by_look("**Scope:**", 1), Some((2, false)));
        assert_eq!(heading_by_look("**Contact:**", 1), None);
        assert_eq!(heading_by_look("**Dial: 999**", 1), None);
        assert_eq!(
            heading_by_look("**Phase 1: Containment**", 1),
            Some((2, false))
        );
        assert!(listed_heading("**Introduction**:"));
        assert!(!listed_heading("**Call the police** and wait"));
    }

    #[test]
    fn web_pages_keep_headings_lists_tasks_and_tables() {
        let html = r##"<!DOCTYPE html><html><head><title>t</title><style>p{}</style></head><body>
            <h2 id="s">Overview<a class="headerlink" href="#s">¶</a></h2>
            <p>Call <a href="tel:+15550134">Jane</a> or <a href="https://status.example.com">status</a>.</p>
            <ul class="to-do-list"><li><div class="checkbox checkbox-off"></div><span>Isolate the host</span></li>
            <li><div class="checkbox checkbox-on"></div><span>Rotate keys</span></li></ul>
            <ol><li>Name an incident lead<ul><li>the first on call</li></ul></li><li>Close</li></ol>
            <table><tr><td>P1</td><td>15 minutes</td></tr><tr><td>P2</td><td>1 hour</td></tr></table>
            <script>alert(1)</script></body></html>"##;
        let md = html_to_markdown(html);
        assert!(md.contains("## Overview\n"), "{md}");
        assert!(
            !md.contains('¶') && !md.contains("alert") && !md.contains("p{}"),
            "{md}"
        );
        assert!(md.contains("[status](https://status.example.com)"), "{md}");
        assert!(
            md.contains("- [ ] Isolate the host\n- [x] Rotate keys"),
            "{md}"
        );
        assert!(
            md.contains("1. Name an incident lead\n  - the first on call\n2. Close"),
            "{md}"
        );
        assert!(
            md.contains("| P1 | 15 minutes |\n| --- | --- |\n| P2 | 1 hour |"),
            "{md}"
        );
    }

    #[test]
    fn a_page_is_html_by_what_it_holds_and_markdown_with_html_is_not() {
        assert!(looks_like_html("  <!doctype html><p>x</p>"));
        let page = "---\nlayout: page\ntitle: Emergency\n---\n\n<div><h5>Fire</h5><ul><li>Call</li></ul><p>Then wait.</p></div>\n";
        let (front, rest) = front_matter_over(page).unwrap();
        assert_eq!(front, "---\nlayout: page\ntitle: Emergency\n---");
        assert!(looks_like_html(rest));
        assert!(front_matter_over("# Plan\n---\n").is_none());
        assert!(looks_like_html("<div><h1>Plan</h1><p>a</p><p>b</p></div>"));
        assert!(!looks_like_html("# Plan\n\n<div>a</div><p>b</p><p>c</p>"));
        assert!(!looks_like_html("Plan\n\nSome text with <b>bold</b>."));
    }

    #[test]
    fn character_checkboxes_become_task_items() {
        assert_eq!(task_or_item("-", "☐ Call the bank"), "- [ ] Call the bank");
        assert_eq!(task_or_item("1.", "☒ Done"), "- [x] Done");
        assert_eq!(task_or_item("1.", "Plain"), "1. Plain");
    }
}

#[cfg(test)]
mod bold_box_tests {
    use super::*;

    #[test]
    fn only_a_short_bold_label_makes_the_next_bold_line_part_of_its_box() {
        assert!(bold_box_line("**Dial:** **999**"));
        assert!(!bold_box_line(
            "**Do not use the lifts; leave by the nearest exit.**"
        ));
        assert!(!bold_box_line(
            "**Acme Ltd plan, approved by the Board of Trustees in March 2024**"
        ));
    }
}
