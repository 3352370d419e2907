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
        Format::Markdown => raw_html::blocks_in_markdown(&raw_html::tables_in_markdown(&text)),
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

/// A line of running text: white space collapsed as a browser or word processor shows it.
/// A bold run's text as Markdown bold. Bold runs side by side are one bold stretch: a word a
/// word processor split into runs ("Welfar" + "e") stays one word ("**Welfare**", not
/// "**Welfar****e**", which Markdown reads as two).
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

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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

/// The level of a paragraph that is a heading by its look alone — all bold, short, not a
/// sentence — and whether a number gave it: "3. Recovery" and "4.2 Backups" by their number's
/// depth, any other one level below `last_level` (the last heading given by a style or number).
/// A numbered or lettered heading may end in a colon ("**2. Scope:**", "**a. Preparation:**");
/// an unnumbered bold line ending in one is a label ("**Note:**").
pub(crate) fn heading_by_look(line: &str, last_level: usize) -> Option<(usize, bool)> {
    let line = line.trim();
    let inner = match line.strip_suffix("**:") {
        Some(l) => l.strip_prefix("**")?,
        None => line.strip_prefix("**")?.strip_suffix("**")?,
    }
    .trim();
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
        || (colon && !numbered && !lettered)
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

fn task_or_item(marker: &str, text: &str) -> String {
    match checkbox_prefix(text) {
        Some((done, rest)) => format!("- [{}] {rest}", if done { "x" } else { " " }),
        None => format!("{marker} {text}"),
    }
}

/// HTML to Markdown through a real HTML parser (html5ever, by way of dom_query): headings,
/// paragraphs, lists (with checkboxes as task lists, Notion's to-dos too), tables with their
/// cells, preformatted blocks, links; scripts, styles and Sphinx's "¶" anchors left out.
pub fn html_to_markdown(html: &str) -> String {
    let doc = dom_query::Document::from(cap_nesting(html, MAX_HTML_NESTING).as_ref());
    let mut md = Md::default();
    let body = doc.select("body");
    let root = body.nodes().first().cloned().unwrap_or_else(|| doc.root());
    html_blocks(&root, &mut md, 0);
    md.out
}

/// HTML whose elements nest at most `max` deep: tags deeper than that are taken out (each
/// leaves a space), their text stays where it was. Only tags that nest are counted — not void
/// elements (`<br>`), nor those a parser closes by itself when the next one opens (`<p>`, `<li>`,
/// `<td>`…); the text of `<script>` and `<style>` is skipped over, not read as tags. Linear in
/// the length of the page; a page within the limit comes back as it was.
fn cap_nesting(html: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if html.bytes().filter(|b| *b == b'<').count() <= max {
        return std::borrow::Cow::Borrowed(html);
    }
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut nesting = Nesting {
        open: Vec::new(),
        taken_out: Default::default(),
        max,
    };
    let mut copied = 0;
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|at| i + at) {
        if let Some(past) = past_declaration(html, lt) {
            i = past;
            continue;
        }
        let closing = html[lt..].starts_with("</");
        let name_at = lt + if closing { 2 } else { 1 };
        let name_len = bytes[name_at..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'_'))
            .count();
        if name_len == 0 || !bytes[name_at].is_ascii_alphabetic() {
            i = lt + 1;
            continue;
        }
        let Some(end) = tag_end(bytes, name_at + name_len) else {
            break;
        };
        let name = html[name_at..name_at + name_len].to_ascii_lowercase();
        match nesting.tag(&name, closing, bytes[end - 1] == b'/') {
            Tag::Keep => {}
            Tag::TakeOut => {
                out.push_str(&html[copied..lt]);
                out.push(' ');
                copied = end + 1;
            }
            Tag::RawText => {
                i = raw_text_end(html, end + 1, &name);
                continue;
            }
            Tag::Plaintext => break,
        }
        i = end + 1;
    }
    out.push_str(&html[copied..]);
    std::borrow::Cow::Owned(out)
}

/// Where reading goes on after the comment, doctype or processing instruction opening at `lt`
/// (none of them a tag), or `None` if none opens there.
fn past_declaration(html: &str, lt: usize) -> Option<usize> {
    let rest = &html[lt..];
    if let Some(comment) = rest.strip_prefix("<!--") {
        return Some(comment.find("-->").map_or(html.len(), |at| lt + 4 + at + 3));
    }
    if rest.starts_with("<!") || rest.starts_with("<?") {
        return Some(rest.find('>').map_or(html.len(), |at| lt + at + 1));
    }
    None
}

/// The `>` ending a tag whose name ends at `from`, past quoted attribute values (which may
/// hold `>`); `None` if the page ends first.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut end = from;
    let mut quote = None;
    while end < bytes.len() {
        match (quote, bytes[end]) {
            (None, b'>') => break,
            (None, q @ (b'"' | b'\'')) => quote = Some(q),
            (Some(q), b) if b == q => quote = None,
            _ => {}
        }
        end += 1;
    }
    (end < bytes.len()).then_some(end)
}

/// Where the text of a raw-text element (`<script>`, `<style>`…) starting at `from` ends: at
/// its end tag, whatever it holds before.
fn raw_text_end(html: &str, from: usize, name: &str) -> usize {
    let close = format!("</{name}");
    html[from..]
        .char_indices()
        .find(|(at, _)| {
            html.as_bytes()[from + at..]
                .get(..close.len())
                .is_some_and(|t| t.eq_ignore_ascii_case(close.as_bytes()))
        })
        .map_or(html.len(), |(at, _)| from + at)
}

/// What [`cap_nesting`] does with one tag.
enum Tag {
    /// Copied as it is.
    Keep,
    /// Taken out, leaving a space.
    TakeOut,
    /// Kept, and the text after it skipped to its end tag.
    RawText,
    /// Kept, and everything after it left as it is: nothing after `<plaintext>` is a tag.
    Plaintext,
}

/// The elements open while [`cap_nesting`] reads a page, and those it took out.
struct Nesting {
    /// Elements open, innermost last.
    open: Vec<String>,
    /// How many of each name were taken out and not yet closed.
    taken_out: std::collections::HashMap<String, usize>,
    max: usize,
}

impl Nesting {
    /// What to do with the tag `name`: `closing` for an end tag, `self_closed` for one written
    /// `<name/>`.
    fn tag(&mut self, name: &str, closing: bool, self_closed: bool) -> Tag {
        const VOID: &[&str] = &[
            "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
            "source", "track", "wbr", "basefont", "bgsound", "frame", "keygen",
        ];
        // Closed by the parser when a sibling opens, so they never nest without a counted
        // element (a list, a table) between them.
        const SELF_CLOSING: &[&str] = &[
            "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "caption",
            "colgroup", "option", "optgroup", "rb", "rt", "rtc", "rp",
        ];
        const RAW_TEXT: &[&str] = &[
            "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
        ];
        let nests = !VOID.contains(&name) && !SELF_CLOSING.contains(&name);
        if closing && !nests {
            Tag::Keep
        } else if closing {
            if let Some(n) = self.taken_out.get_mut(name).filter(|n| **n > 0) {
                *n -= 1;
                return Tag::TakeOut;
            }
            if let Some(at) = self.open.iter().rposition(|o| o == name) {
                self.open.truncate(at);
            }
            Tag::Keep
        } else if RAW_TEXT.contains(&name) {
            Tag::RawText
        } else if name == "plaintext" {
            Tag::Plaintext
        } else if !nests || (self_closed && self.open.iter().any(|o| o == "svg" || o == "math")) {
            // `<path/>` closes itself in SVG and MathML (and nowhere else in HTML).
            Tag::Keep
        } else if self.open.len() < self.max {
            self.open.push(name.to_string());
            Tag::Keep
        } else {
            *self.taken_out.entry(name.to_string()).or_default() += 1;
            Tag::TakeOut
        }
    }
}

fn name_of(node: &dom_query::NodeRef) -> String {
    node.node_name()
        .map(|n| n.to_lowercase())
        .unwrap_or_default()
}

/// The blocks of an element `nesting` deep; deeper than [`MAX_DEPTH`], its text as one block.
fn html_blocks(node: &dom_query::NodeRef, md: &mut Md, nesting: usize) {
    if nesting >= MAX_DEPTH {
        md.block(&collapse(&node.text()));
        return;
    }
    let mut inline = String::new();
    let flush = |inline: &mut String, md: &mut Md| {
        let text = collapse(inline);
        if !text.is_empty() {
            md.block(&text);
        }
        inline.clear();
    };
    for child in node.children() {
        if child.is_text() {
            inline.push_str(&child.text());
            continue;
        }
        if !child.is_element() {
            continue;
        }
        let name = name_of(&child);
        match name.as_str() {
            "script" | "style" | "noscript" | "template" | "head" | "svg" => {}
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                flush(&mut inline, md);
                let level = name[1..].parse::<usize>().unwrap_or(1);
                let title = collapse(&html_inline(&child, nesting + 1));
                let title = title.trim_end_matches(['¶', '#', '🔗']).trim_end();
                if !title.is_empty() {
                    md.block(&format!("{} {title}", "#".repeat(level)));
                }
            }
            "p" | "figcaption" | "dt" | "dd" | "caption" | "summary" | "address" => {
                flush(&mut inline, md);
                md.block(&collapse(&html_inline(&child, nesting + 1)));
            }
            "ul" | "ol" => {
                flush(&mut inline, md);
                html_list(&child, md, 0, name == "ol", nesting + 1);
            }
            "table" => {
                flush(&mut inline, md);
                md.table(&html_rows(&child, nesting + 1));
            }
            "pre" => {
                flush(&mut inline, md);
                let text = child.text();
                md.block(&format!("```\n{}\n```", text.trim_end_matches('\n')));
            }
            "blockquote" => {
                flush(&mut inline, md);
                let mut inner = Md::default();
                html_blocks(&child, &mut inner, nesting + 1);
                let quoted: Vec<String> = inner.out.lines().map(|l| format!("> {l}")).collect();
                md.block(&quoted.join("\n"));
            }
            "hr" => flush(&mut inline, md),
            "br" => inline.push('\n'),
            "div" | "section" | "article" | "main" | "header" | "footer" | "aside" | "nav"
            | "body" | "html" | "details" | "figure" | "dl" | "form" | "fieldset" | "center" => {
                flush(&mut inline, md);
                html_blocks(&child, md, nesting + 1);
            }
            _ => inline.push_str(&html_inline(&child, nesting + 1)),
        }
    }
    flush(&mut inline, md);
}

/// An element's text with inline Markdown: bold, italics, code, links (with their address),
/// checkboxes as `[ ]` / `[x]`. `nesting` deep; deeper than [`MAX_DEPTH`], its text alone.
fn html_inline(node: &dom_query::NodeRef, nesting: usize) -> String {
    if nesting >= MAX_DEPTH {
        return node.text().to_string();
    }
    let mut out = String::new();
    for child in node.children() {
        inline_one(&child, &mut out, nesting + 1);
    }
    out
}

/// One node of running text (see [`html_inline`]).
fn inline_one(child: &dom_query::NodeRef, out: &mut String, nesting: usize) {
    if child.is_text() || nesting >= MAX_DEPTH {
        out.push_str(&child.text());
        return;
    }
    if !child.is_element() {
        return;
    }
    let child = *child;
    let name = name_of(&child);
    match name.as_str() {
        "script" | "style" => {}
        "br" => out.push(' '),
        "input"
            if child
                .attr("type")
                .is_some_and(|t| t.eq_ignore_ascii_case("checkbox")) =>
        {
            out.push_str(if child.attr("checked").is_some() {
                "[x] "
            } else {
                "[ ] "
            });
        }
        "a" if child.has_class("headerlink") || child.has_class("anchor") => {}
        "a" => {
            let href = child.attr("href").map(|h| h.to_string());
            out.push_str(&link(&html_inline(&child, nesting), href.as_deref()));
        }
        "strong" | "b" => {
            let t = collapse(&html_inline(&child, nesting));
            if !t.is_empty() {
                out.push_str(&format!("**{t}**"));
            }
        }
        "em" | "i" => {
            let t = collapse(&html_inline(&child, nesting));
            if !t.is_empty() {
                out.push_str(&format!("*{t}*"));
            }
        }
        "code" => out.push_str(&format!("`{}`", child.text())),
        // Notion's to-do: <div class="checkbox checkbox-on|off">.
        _ if child.has_class("checkbox-on") => out.push_str("[x] "),
        _ if child.has_class("checkbox-off") => out.push_str("[ ] "),
        _ => {
            out.push(' ');
            out.push_str(&html_inline(&child, nesting));
            out.push(' ');
        }
    }
}

/// A list `depth` lists deep, its element `nesting` deep; deeper than [`MAX_DEPTH`], its text
/// as one item.
fn html_list(list: &dom_query::NodeRef, md: &mut Md, depth: usize, ordered: bool, nesting: usize) {
    let indent = "  ".repeat(depth);
    if nesting >= MAX_DEPTH {
        md.item(&format!("{indent}- {}", collapse(&list.text())));
        return;
    }
    let mut n = 0;
    for item in list.element_children() {
        if name_of(&item) != "li" {
            continue;
        }
        n += 1;
        let marker = if ordered {
            format!("{n}.")
        } else {
            "-".to_string()
        };
        // The item's own text, then its nested lists.
        let mut own = String::new();
        let mut nested = Vec::new();
        for part in item.children() {
            let part_name = name_of(&part);
            if part_name == "ul" || part_name == "ol" {
                nested.push((part, part_name == "ol"));
            } else {
                inline_one(&part, &mut own, nesting + 2);
                own.push(' ');
            }
        }
        let text = collapse(&own);
        let text = text
            .strip_prefix("[x]")
            .map(|r| format!("☒ {}", r.trim_start()))
            .or_else(|| {
                text.strip_prefix("[ ]")
                    .map(|r| format!("☐ {}", r.trim_start()))
            })
            .unwrap_or(text);
        md.item(&format!("{indent}{}", task_or_item(&marker, &text)));
        for (sub, sub_ordered) in nested {
            html_list(&sub, md, depth + 1, sub_ordered, nesting + 2);
        }
    }
}

fn html_rows(table: &dom_query::NodeRef, nesting: usize) -> Vec<Vec<String>> {
    fn collect(node: &dom_query::NodeRef, rows: &mut Vec<Vec<String>>, nesting: usize) {
        if nesting >= MAX_DEPTH {
            rows.push(vec![collapse(&node.text())]);
            return;
        }
        for child in node.element_children() {
            match name_of(&child).as_str() {
                "tr" => rows.push(
                    child
                        .element_children()
                        .into_iter()
                        .filter(|c| matches!(name_of(c).as_str(), "td" | "th"))
                        .map(|c| collapse(&html_inline(&c, nesting + 2)))
                        .collect(),
                ),
                "thead" | "tbody" | "tfoot" => collect(&child, rows, nesting + 1),
                _ => {}
            }
        }
    }
    let mut rows = Vec::new();
    collect(table, &mut rows, nesting);
    rows
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

mod docx;
mod raw_html;

mod odt;

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(heading_by_look("**3. Recovery**", 4), Some((2, true)));
        assert_eq!(heading_by_look("**4.2 Backups**", 1), Some((3, true)));
        assert_eq!(heading_by_look("**Note:** backups", 1), None);
        assert_eq!(heading_by_look("**We restore every night.**", 1), None);
        assert_eq!(heading_by_look("Scope", 1), None);
        // A numbered or lettered one may end in a colon; a label may not.
        assert_eq!(heading_by_look("**2. Scope:**", 1), Some((2, true)));
        assert_eq!(heading_by_look("**a. Preparation:**", 2), Some((3, false)));
        assert_eq!(heading_by_look("**Scope:**", 1), None);
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
