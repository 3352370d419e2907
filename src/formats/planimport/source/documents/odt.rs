//! OpenDocument text (LibreOffice, Google Docs' .odt download).
use std::collections::{HashMap, HashSet};

use roxmltree::{Document, Node};

use super::{MAX_DEPTH, Md, collapse, outermost, task_or_item};

const TEXT: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const TABLE: &str = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
const XLINK: &str = "http://www.w3.org/1999/xlink";

/// A paragraph's text `nesting` deep; deeper than [`MAX_DEPTH`], its text alone.
fn inline(node: Node, cx: &Cx, out: &mut String, nesting: usize) {
    if nesting >= MAX_DEPTH {
        for t in node.descendants().filter(|t| t.is_text()) {
            out.push_str(t.text().unwrap_or(""));
        }
        return;
    }
    for child in node.children() {
        if child.is_text() {
            out.push_str(child.text().unwrap_or(""));
            continue;
        }
        if !child.is_element() {
            continue;
        }
        let ns = child.tag_name().namespace();
        match (ns, child.tag_name().name()) {
            (Some(TEXT), "s") => {
                let n: usize = child
                    .attribute((TEXT, "c"))
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(1);
                out.push_str(&" ".repeat(n.min(100)));
            }
            (Some(TEXT), "tab") => out.push('\t'),
            (Some(TEXT), "line-break") => out.push(super::LINE_BREAK),
            (Some(TEXT), "note") | (Some(TEXT), "bookmark-ref") => {}
            (Some(TEXT), "span")
                if child.attribute((TEXT, "style-name")).is_some_and(|s| {
                    cx.bold.contains(s) || s.contains("Strong") || s.contains("Bold")
                }) =>
            {
                let mut inner = String::new();
                inline(child, cx, &mut inner, nesting + 1);
                super::push_bold(out, &inner);
            }
            (Some(TEXT), "a") => {
                let mut inner = String::new();
                inline(child, cx, &mut inner, nesting + 1);
                out.push_str(&super::link(&inner, child.attribute((XLINK, "href"))));
            }
            _ => inline(child, cx, out, nesting + 1),
        }
    }
}

/// What the styles of the document say: which list styles are numbered, which text styles
/// are bold.
struct Cx {
    numbered: HashSet<String>,
    bold: HashSet<String>,
    /// Paragraph styles that are headings (a word processor's "Heading 2" given to a plain
    /// paragraph, often through an automatic style), with their levels.
    headings: HashMap<String, usize>,
    /// The level of the last heading given by the document or a number: a bold line with
    /// neither is one level below it.
    last_level: std::cell::Cell<usize>,
}

/// The heading level a paragraph style's name says: "Heading_20_2" (as OpenDocument spells
/// "Heading 2"), "Title".
fn level_of_style(name: &str) -> Option<usize> {
    let name = name.replace("_20_", " ");
    match name.as_str() {
        "Title" => Some(1),
        _ => name
            .strip_prefix("Heading ")
            .and_then(|n| n.trim().parse().ok())
            .filter(|l| (1..=6).contains(l)),
    }
}

/// Paragraph styles that are headings: by their own name, their parent's ("P57" made from
/// "Heading_20_2"), or the outline level they give.
fn heading_styles(doc: &Document) -> HashMap<String, usize> {
    doc.descendants()
        .filter(|n| n.tag_name().name() == "style" && n.tag_name().namespace() == Some(STYLE))
        .filter(|s| s.attribute((STYLE, "family")) == Some("paragraph"))
        .filter_map(|s| {
            let name = s.attribute((STYLE, "name"))?;
            let level = level_of_style(name)
                .or_else(|| {
                    s.attribute((STYLE, "parent-style-name"))
                        .and_then(level_of_style)
                })
                .or_else(|| {
                    s.attribute((STYLE, "default-outline-level"))
                        .and_then(|l| l.parse().ok())
                        .filter(|l| (1..=6).contains(l))
                })?;
            Some((name.to_string(), level))
        })
        .collect()
}

const STYLE: &str = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
const FO: &str = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0";

/// Text styles that make text bold (automatic styles with a bold weight).
fn bold_styles(doc: &Document) -> HashSet<String> {
    doc.descendants()
        .filter(|n| n.tag_name().name() == "style" && n.tag_name().namespace() == Some(STYLE))
        .filter(|s| {
            s.children().any(|p| {
                p.tag_name().name() == "text-properties"
                    && p.attribute((FO, "font-weight"))
                        .is_some_and(|w| w == "bold" || w == "700")
            })
        })
        .filter_map(|s| s.attribute((STYLE, "name")))
        .map(str::to_string)
        .collect()
}

/// Names of list styles whose first level is numbered.
fn numbered_styles(doc: &Document) -> HashSet<String> {
    doc.descendants()
        .filter(|n| n.tag_name().name() == "list-style" && n.tag_name().namespace() == Some(TEXT))
        .filter(|s| {
            s.children()
                .find(|l| l.is_element())
                .is_some_and(|l| l.tag_name().name() == "list-level-style-number")
        })
        .filter_map(|s| s.attribute(("urn:oasis:names:tc:opendocument:xmlns:style:1.0", "name")))
        .map(str::to_string)
        .collect()
}

/// Paragraphs and headings, the text of a document.
fn is_paragraph(n: Node) -> bool {
    n.tag_name().namespace() == Some(TEXT) && matches!(n.tag_name().name(), "p" | "h")
}

/// A list `depth` deep; deeper than [`MAX_DEPTH`], its paragraphs as items of one list.
fn list(node: Node, md: &mut Md, depth: usize, numbered: bool, cx: &Cx) {
    if depth >= MAX_DEPTH {
        for p in outermost(node, is_paragraph) {
            let mut t = String::new();
            inline(p, cx, &mut t, 0);
            let t = collapse(&t);
            if !t.is_empty() {
                md.item(&format!("{}- {t}", "  ".repeat(depth)));
            }
        }
        return;
    }
    let numbered = node
        .attribute((TEXT, "style-name"))
        .map_or(numbered, |s| cx.numbered.contains(s));
    let mut n = 0;
    for item in node.children().filter(|c| c.is_element()) {
        if item.tag_name().name() != "list-item" && item.tag_name().name() != "list-header" {
            continue;
        }
        n += 1;
        let marker = if numbered {
            format!("{n}.")
        } else {
            "-".to_string()
        };
        let mut first = true;
        for part in item.children().filter(|c| c.is_element()) {
            match part.tag_name().name() {
                "p" | "h" => {
                    let mut t = String::new();
                    inline(part, cx, &mut t, 0);
                    let t = collapse(&t);
                    if t.is_empty() {
                        continue;
                    }
                    let line = if first {
                        task_or_item(&marker, &t)
                    } else {
                        format!("  {t}")
                    };
                    md.item(&format!("{}{line}", "  ".repeat(depth)));
                    first = false;
                }
                "list" => list(part, md, depth + 1, numbered, cx),
                _ => {}
            }
        }
    }
}

fn table(node: Node, md: &mut Md, cx: &Cx) {
    // The rows of this table; a table in a cell is that cell's text.
    let rows: Vec<Vec<String>> = outermost(node, |r| {
        r.tag_name().name() == "table-row" && r.tag_name().namespace() == Some(TABLE)
    })
    .into_iter()
    .map(|r| {
        r.children()
            .filter(|c| c.tag_name().name() == "table-cell")
            .map(|c| {
                let mut cell = Vec::new();
                for p in outermost(c, is_paragraph) {
                    let mut t = String::new();
                    inline(p, cx, &mut t, 0);
                    let t = collapse(&t);
                    if !t.is_empty() {
                        cell.push(t);
                    }
                }
                cell.join("; ")
            })
            .collect()
    })
    .collect();
    md.table(&rows);
}

/// The blocks of the text, or of a section `nesting` deep; deeper than [`MAX_DEPTH`], its
/// paragraphs one after another.
fn blocks(node: Node, md: &mut Md, cx: &Cx, nesting: usize) {
    if nesting >= MAX_DEPTH {
        for p in outermost(node, is_paragraph) {
            let mut t = String::new();
            inline(p, cx, &mut t, 0);
            md.block(&collapse(&t));
        }
        return;
    }
    for child in node.children().filter(|c| c.is_element()) {
        match (child.tag_name().namespace(), child.tag_name().name()) {
            (Some(TEXT), "h") => {
                let level: usize = child
                    .attribute((TEXT, "outline-level"))
                    .and_then(|l| l.parse().ok())
                    .unwrap_or(1);
                let mut t = String::new();
                inline(child, cx, &mut t, 0);
                let t = collapse(&t);
                if !t.is_empty() {
                    cx.last_level.set(level.clamp(1, 6));
                    md.block(&format!("{} {t}", "#".repeat(level.clamp(1, 6))));
                }
            }
            (Some(TEXT), "p") => {
                let mut raw = String::new();
                inline(child, cx, &mut raw, 0);
                let t = collapse(&raw);
                let styled = child
                    .attribute((TEXT, "style-name"))
                    .and_then(|n| cx.headings.get(n).copied().or_else(|| level_of_style(n)));
                if let Some(level) = styled.filter(|_| !t.is_empty()) {
                    cx.last_level.set(level);
                    md.block(&format!("{} {}", "#".repeat(level), t.replace("**", "")));
                } else if super::checkbox_prefix(&t).is_some() {
                    md.item(&task_or_item("-", &t));
                } else if let Some((level, numbered)) =
                    super::heading_by_look(&t, cx.last_level.get())
                {
                    if numbered {
                        cx.last_level.set(level);
                    }
                    md.block(&format!("{} {}", "#".repeat(level), t.replace("**", "")));
                } else {
                    md.block(&super::collapse_lines(&raw));
                }
            }
            (Some(TEXT), "list") => list(child, md, 0, false, cx),
            (Some(TABLE), "table") => table(child, md, cx),
            (Some(TEXT), "section") | (Some(TEXT), "index-body") => {
                blocks(child, md, cx, nesting + 1)
            }
            (_, "table-of-content") => {}
            _ => blocks(child, md, cx, nesting + 1),
        }
    }
}

pub fn to_markdown(content: &str) -> Result<String, roxmltree::Error> {
    let doc = Document::parse_with_options(
        content,
        roxmltree::ParsingOptions {
            allow_dtd: false,
            ..Default::default()
        },
    )?;
    let cx = Cx {
        numbered: numbered_styles(&doc),
        bold: bold_styles(&doc),
        headings: heading_styles(&doc),
        last_level: std::cell::Cell::new(1),
    };
    let mut md = Md::default();
    if let Some(text) = doc.descendants().find(|n| {
        n.tag_name().name() == "text"
            && n.tag_name().namespace() == Some("urn:oasis:names:tc:opendocument:xmlns:office:1.0")
    }) {
        blocks(text, &mut md, &cx, 0);
    }
    Ok(md.out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word processor's export (Google Docs, LibreOffice) gives "Heading 1" and "Heading 2"
    /// to plain paragraphs through automatic styles: they are headings all the same.
    #[test]
    fn paragraphs_in_heading_styles_are_headings() {
        let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">
<office:automatic-styles>
<style:style style:name="P60" style:family="paragraph" style:parent-style-name="Heading_20_1"/>
<style:style style:name="P57" style:family="paragraph" style:parent-style-name="Heading_20_2"/>
<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard"/>
</office:automatic-styles>
<office:body><office:text>
<text:p text:style-name="P60">Rules &amp; Benefits</text:p>
<text:p text:style-name="P57"><text:bookmark text:name="x"/>Directors</text:p>
<text:p text:style-name="P1">At present the directors are Jo and Sam.</text:p>
<text:p text:style-name="Heading_20_2">Fire</text:p>
<text:p text:style-name="P57"></text:p>
</office:text></office:body></office:document-content>"#;
        let md = to_markdown(content).unwrap();
        assert_eq!(
            md.trim(),
            "# Rules & Benefits\n\n## Directors\n\nAt present the directors are Jo and Sam.\n\n## Fire"
        );
    }
}
