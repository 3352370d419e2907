//! Word's WordprocessingML.
use std::collections::{HashMap, HashSet};

use roxmltree::{Document, Node};

use super::{MAX_DEPTH, Md, collapse, outermost, task_or_item};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn val<'a>(node: Node<'a, '_>, child: &str) -> Option<&'a str> {
    node.children()
        .find(|c| c.has_tag_name((W, child)))
        .and_then(|c| c.attribute((W, "val")))
}

/// Heading level of each paragraph style (by its name "heading 2", "Title", or its outline level).
fn heading_styles(styles: &str) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    let Ok(doc) = Document::parse(styles) else {
        return out;
    };
    for style in doc.descendants().filter(|n| n.has_tag_name((W, "style"))) {
        let Some(id) = style.attribute((W, "styleId")) else {
            continue;
        };
        let name = val(style, "name").unwrap_or("").to_lowercase();
        let level = if name == "title" {
            Some(1)
        } else if let Some(n) = name.strip_prefix("heading ") {
            n.trim().parse::<usize>().ok()
        } else {
            style
                .children()
                .find(|c| c.has_tag_name((W, "pPr")))
                .and_then(|p| val(p, "outlineLvl"))
                .and_then(|l| l.parse::<usize>().ok())
                .map(|l| l + 1)
        };
        if let Some(level) = level.filter(|l| (1..=6).contains(l)) {
            out.insert(id.to_string(), level);
        }
    }
    // A style of the document's own based on a heading ("Plan Heading", based on "Heading 2")
    // is that heading (a few steps of basing at most).
    for _ in 0..4 {
        for style in doc.descendants().filter(|n| n.has_tag_name((W, "style"))) {
            let (Some(id), Some(base)) = (style.attribute((W, "styleId")), val(style, "basedOn"))
            else {
                continue;
            };
            if style
                .attribute((W, "type"))
                .is_some_and(|t| t != "paragraph")
            {
                continue;
            }
            if let Some(&level) = out.get(base)
                && !out.contains_key(id)
            {
                out.insert(id.to_string(), level);
            }
        }
    }
    out
}

/// The paragraph styles that number or bullet their paragraphs ("List Bullet": numbering in
/// the style itself, or in a style it is based on). "List Paragraph" on its own only indents:
/// a paragraph in it with no numbering of its own shows no bullet in Word.
fn list_styles(styles: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let Ok(doc) = Document::parse(styles) else {
        return out;
    };
    let paragraph_styles: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "style")))
        .filter(|s| s.attribute((W, "type")).is_none_or(|t| t == "paragraph"))
        .collect();
    for style in &paragraph_styles {
        let numbered = style
            .children()
            .find(|c| c.has_tag_name((W, "pPr")))
            .and_then(|p| p.children().find(|c| c.has_tag_name((W, "numPr"))))
            .is_some_and(|n| val(n, "numId") != Some("0"));
        if let (true, Some(id)) = (numbered, style.attribute((W, "styleId"))) {
            out.insert(id.to_string());
        }
    }
    for _ in 0..4 {
        for style in &paragraph_styles {
            if let (Some(id), Some(base)) =
                (style.attribute((W, "styleId")), val(*style, "basedOn"))
                && out.contains(base)
            {
                out.insert(id.to_string());
            }
        }
    }
    out
}

/// The number format of each list (numId, level): "decimal", "upperRoman", "bullet"…
fn numbered_lists(numbering: &str) -> HashMap<(String, String), String> {
    let mut out = HashMap::new();
    let Ok(doc) = Document::parse(numbering) else {
        return out;
    };
    let mut abstract_formats: HashMap<String, HashMap<String, String>> = HashMap::new();
    for a in doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "abstractNum")))
    {
        let Some(id) = a.attribute((W, "abstractNumId")) else {
            continue;
        };
        let levels = a
            .children()
            .filter(|l| l.has_tag_name((W, "lvl")))
            .filter_map(|l| {
                let level = l.attribute((W, "ilvl"))?.to_string();
                Some((level, val(l, "numFmt").unwrap_or("bullet").to_string()))
            })
            .collect();
        abstract_formats.insert(id.to_string(), levels);
    }
    for num in doc.descendants().filter(|n| n.has_tag_name((W, "num"))) {
        let (Some(id), Some(abs)) = (num.attribute((W, "numId")), val(num, "abstractNumId")) else {
            continue;
        };
        for (level, format) in abstract_formats.get(abs).into_iter().flatten() {
            out.insert((id.to_string(), level.clone()), format.clone());
        }
    }
    out
}

fn links(rels: &str) -> HashMap<String, String> {
    let Ok(doc) = Document::parse(rels) else {
        return HashMap::new();
    };
    doc.descendants()
        .filter(|n| n.tag_name().name() == "Relationship")
        .filter_map(|n| {
            Some((
                n.attribute("Id")?.to_string(),
                n.attribute("Target")?.to_string(),
            ))
        })
        .collect()
}

struct Ctx {
    headings: HashMap<String, usize>,
    /// Styles that bullet or number their paragraphs ([`list_styles`]).
    listing: HashSet<String>,
    numbered: HashMap<(String, String), String>,
    links: HashMap<String, String>,
    counters: HashMap<(String, String), usize>,
    /// Whether the paragraph before was bold throughout and no heading ("**Dial: 999**"): the
    /// bold lines after it are the same box of text ("**Request the relevant services**").
    bold_text: bool,
    /// The level of the last heading given by a style or a number: a bold line with neither
    /// is one level below it.
    last_level: usize,
    /// The list (numId, level) of the paragraph before, if it was an item of one.
    previous_list: Option<(String, String)>,
    /// Whether the next paragraph with text is an item of the same list as this one.
    next_in_same_list: bool,
    /// The number formats of lists whose items were headings, the first the highest
    /// ("upperRoman" over "lowerLetter").
    heading_formats: Vec<String>,
    /// Lists (numId, level) that gave items of text: a bold label alone later in one
    /// ("4. **First Aid/CPR:**" over its sub-items) is one more item, not a heading.
    with_items: std::collections::HashSet<(String, String)>,
}

/// A paragraph's (or run container's) text, with links as Markdown; `nesting` deep, and
/// deeper than [`MAX_DEPTH`] its text alone.
fn text(node: Node, ctx: &Ctx, out: &mut String, nesting: usize) {
    if nesting >= MAX_DEPTH {
        for t in node.descendants().filter(|t| t.has_tag_name((W, "t"))) {
            out.push_str(t.text().unwrap_or(""));
        }
        return;
    }
    for child in node.children() {
        if !child.is_element() {
            continue;
        }
        match child.tag_name().name() {
            "t" | "delText" if child.tag_name().namespace() == Some(W) => {
                if child.tag_name().name() == "t" {
                    out.push_str(child.text().unwrap_or(""));
                }
            }
            "tab" => out.push('\t'),
            "br" | "cr" => out.push(super::LINE_BREAK),
            "noBreakHyphen" => out.push('-'),
            "sym" => {
                if let Some(c) = child
                    .attribute((W, "char"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .and_then(char::from_u32)
                {
                    // Wingdings boxes used as checkboxes.
                    out.push(match c as u32 {
                        0xF0A8 | 0xF06F => '☐',
                        0xF0FE | 0xF078 => '☒',
                        _ => c,
                    });
                }
            }
            "checkbox" => {
                let checked = child
                    .children()
                    .find(|c| c.tag_name().name() == "checked")
                    .and_then(|c| c.attributes().find(|a| a.name() == "val"))
                    .is_some_and(|a| a.value() == "1" || a.value() == "true");
                out.push_str(if checked { "☒ " } else { "☐ " });
            }
            "hyperlink" => {
                let mut inner = String::new();
                text(child, ctx, &mut inner, nesting + 1);
                let target = child.attribute((R, "id")).and_then(|id| ctx.links.get(id));
                out.push_str(&super::link(&inner, target.map(String::as_str)));
            }
            // Deleted text in tracked changes is not part of the document.
            "del" | "instrText" | "pPr" | "rPr" | "fldSimpleInstr" => {}
            // A bold run is **bold** in Markdown ("**Response Time**: 15 minutes" labels).
            "r" if is_bold(child) => {
                let mut inner = String::new();
                text(child, ctx, &mut inner, nesting + 1);
                super::push_bold(out, &inner);
            }
            // An italic run is _emphasis_ ("two types of evacuation: _area evacuations_").
            "r" if is_italic(child) => {
                let mut inner = String::new();
                text(child, ctx, &mut inner, nesting + 1);
                super::push_italic(out, &inner);
            }
            _ => text(child, ctx, out, nesting + 1),
        }
    }
}

/// Whether a run is italic (`<w:i/>`, not `<w:i w:val="0"/>`).
fn is_italic(run: Node) -> bool {
    run.children()
        .find(|c| c.has_tag_name((W, "rPr")))
        .and_then(|pr| pr.children().find(|c| c.has_tag_name((W, "i"))))
        .is_some_and(|i| !matches!(i.attribute((W, "val")), Some("0" | "false" | "off")))
}

/// The heading level of an item standing alone in its list, all in bold or underlined, a few
/// words ("I. **Scope**", "a. *Personnel Safety*."): the list's numbers number headings, the
/// first number format met the highest.
fn list_heading(
    p: Node,
    line: &str,
    num: Option<&(String, String)>,
    previous_list: Option<&(String, String)>,
    ctx: &mut Ctx,
) -> Option<usize> {
    let key = num.filter(|k| {
        previous_list != Some(*k) && !ctx.next_in_same_list && !ctx.with_items.contains(*k)
    })?;
    if !super::listed_title(line) || !all_emphasised(p) {
        return None;
    }
    let format = ctx.numbered.get(key).cloned().unwrap_or_default();
    let at = match ctx.heading_formats.iter().position(|f| *f == format) {
        Some(at) => at,
        None => {
            ctx.heading_formats.push(format);
            ctx.heading_formats.len() - 1
        }
    };
    ctx.last_level = (2 + at).min(6);
    ctx.previous_list = None;
    Some(ctx.last_level)
}

/// The list (numId, level) a paragraph is an item of, if any.
fn list_key(p: Node) -> Option<(String, String)> {
    p.children()
        .find(|c| c.has_tag_name((W, "pPr")))
        .and_then(|pp| pp.children().find(|c| c.has_tag_name((W, "numPr"))))
        .and_then(|n| {
            Some((
                val(n, "numId")?.to_string(),
                val(n, "ilvl").unwrap_or("0").to_string(),
            ))
        })
        .filter(|(id, _)| id != "0")
}

/// Whether every run of a paragraph with words in it is bold or underlined (the full stop
/// after "*Personnel Safety*" may be plain).
fn all_emphasised(p: Node) -> bool {
    let runs: Vec<Node> = p
        .descendants()
        .filter(|r| r.has_tag_name((W, "r")))
        .filter(|r| {
            r.children().filter(|t| t.has_tag_name((W, "t"))).any(|t| {
                t.text()
                    .is_some_and(|t| t.chars().any(char::is_alphanumeric))
            })
        })
        .collect();
    !runs.is_empty() && runs.iter().all(|r| is_bold(*r) || is_underlined(*r))
}

/// Whether a run is underlined (`<w:u w:val="single"/>`, not `none`).
fn is_underlined(run: Node) -> bool {
    run.children()
        .find(|c| c.has_tag_name((W, "rPr")))
        .and_then(|pr| pr.children().find(|c| c.has_tag_name((W, "u"))))
        .is_some_and(|u| !matches!(u.attribute((W, "val")), Some("none" | "0" | "false")))
}

/// Whether a run is bold (`<w:b/>`, not `<w:b w:val="0"/>`).
fn is_bold(run: Node) -> bool {
    run.children()
        .find(|c| c.has_tag_name((W, "rPr")))
        .and_then(|pr| pr.children().find(|c| c.has_tag_name((W, "b"))))
        .is_some_and(|b| !matches!(b.attribute((W, "val")), Some("0" | "false" | "off")))
}

fn paragraph(p: Node, ctx: &mut Ctx, md: &mut Md) {
    let mut raw = String::new();
    text(p, ctx, &mut raw, 0);
    let line = collapse(&raw);
    if line.is_empty() {
        return;
    }
    let ppr = p.children().find(|c| c.has_tag_name((W, "pPr")));
    let style = ppr.and_then(|pp| val(pp, "pStyle")).unwrap_or("");
    let num = list_key(p);
    let previous_list = std::mem::replace(&mut ctx.previous_list, num.clone());
    let level = ctx.headings.get(style).copied().or_else(|| {
        ppr.and_then(|pp| val(pp, "outlineLvl"))
            .and_then(|l| l.parse::<usize>().ok())
            .map(|l| l + 1)
            .filter(|l| *l <= 6)
    });
    if let Some(level) = level {
        ctx.last_level = level;
    }
    let level = level.or_else(|| {
        let listed = ppr.is_some_and(|pp| pp.children().any(|c| c.has_tag_name((W, "numPr"))));
        // "1. **Introduction**:" numbered by Word: a heading one below the top.
        let among_items = num.as_ref().is_some_and(|k| ctx.with_items.contains(k));
        if listed && !among_items && super::listed_heading(&line) {
            ctx.last_level = 2;
            return Some(2);
        }
        if let Some(level) = list_heading(p, &line, num.as_ref(), previous_list.as_ref(), ctx) {
            return Some(level);
        }
        let (level, numbered) = (!listed && !ctx.listing.contains(style) && !ctx.bold_text)
            .then(|| {
                let look = super::one_bold_span(&line).unwrap_or_else(|| line.clone());
                super::heading_by_look(&look, ctx.last_level)
            })
            .flatten()?;
        if numbered {
            ctx.last_level = level;
        }
        Some(level)
    });
    if let Some(level) = level {
        ctx.bold_text = false;
        let title = line.replace("**", "");
        let title = title.trim().strip_suffix('.').unwrap_or(title.trim());
        md.block(&format!("{} {title}", "#".repeat(level)));
        return;
    }
    ctx.bold_text = super::bold_box_line(&line);
    match num {
        Some((id, ilvl)) => {
            ctx.with_items.insert((id.clone(), ilvl.clone()));
            let depth: usize = ilvl.parse().unwrap_or(0);
            let numbered = ctx
                .numbered
                .get(&(id.clone(), ilvl.clone()))
                .is_some_and(|f| f != "bullet" && f != "none");
            let marker = if numbered {
                let n = ctx.counters.entry((id, ilvl)).or_insert(0);
                *n += 1;
                format!("{n}.")
            } else {
                "-".to_string()
            };
            md.item(&format!(
                "{}{}",
                "  ".repeat(depth.min(6)),
                task_or_item(&marker, &line)
            ));
        }
        None if ctx.listing.contains(style) => md.item(&task_or_item("-", &line)),
        None if super::checkbox_prefix(&line).is_some() => md.item(&task_or_item("-", &line)),
        None => md.block(&super::collapse_lines(&raw)),
    }
}

/// A table's rows and their cells, also those a content control or custom XML wraps (a cell
/// that is a drop-down or a tick box: `<w:sdt><w:sdtContent><w:tc>`).
fn table(tbl: Node, ctx: &mut Ctx, md: &mut Md) {
    let rows: Vec<Vec<String>> = wrapped(tbl, "tr")
        .into_iter()
        .map(|r| {
            wrapped(r, "tc")
                .into_iter()
                .map(|c| {
                    let mut cell = String::new();
                    for p in outermost(c, |n| n.has_tag_name((W, "p"))) {
                        let mut t = String::new();
                        text(p, ctx, &mut t, 0);
                        let t = collapse(&t);
                        if !t.is_empty() {
                            if !cell.is_empty() {
                                cell.push_str("; ");
                            }
                            cell.push_str(&t);
                        }
                    }
                    cell
                })
                .collect()
        })
        .collect();
    md.table(&rows);
}

/// The children of `node` named `tag`, also those inside content controls, custom XML and
/// tracked insertions (nothing else: an alternative's fallback is not read twice).
fn wrapped<'a, 'i>(node: Node<'a, 'i>, tag: &str) -> Vec<Node<'a, 'i>> {
    let mut found = Vec::new();
    let mut stack: Vec<(Node, usize)> = node.children().rev().map(|c| (c, 0)).collect();
    while let Some((n, depth)) = stack.pop() {
        if n.has_tag_name((W, tag)) {
            found.push(n);
        } else if depth < MAX_DEPTH
            && n.tag_name().namespace() == Some(W)
            && [
                "sdt",
                "sdtContent",
                "customXml",
                "smartTag",
                "ins",
                "moveTo",
            ]
            .contains(&n.tag_name().name())
        {
            stack.extend(n.children().rev().map(|c| (c, depth + 1)));
        }
    }
    found
}

/// The paragraphs and tables of the body, or of a content control `nesting` deep; deeper
/// than [`MAX_DEPTH`], its paragraphs one after another.
fn body(node: Node, ctx: &mut Ctx, md: &mut Md, nesting: usize) {
    if nesting >= MAX_DEPTH {
        for p in outermost(node, |n| n.has_tag_name((W, "p"))) {
            paragraph(p, ctx, md);
        }
        return;
    }
    let children: Vec<Node> = node.children().filter(|c| c.is_element()).collect();
    for (i, child) in children.iter().copied().enumerate() {
        match child.tag_name().name() {
            "p" => {
                // The next paragraph with text, past empty ones used as spacing.
                let next = children[i + 1..].iter().find(|n| {
                    !n.has_tag_name((W, "p"))
                        || n.descendants().any(|t| {
                            t.has_tag_name((W, "t"))
                                && t.text().is_some_and(|t| !t.trim().is_empty())
                        })
                });
                ctx.next_in_same_list = list_key(child).is_some_and(|k| {
                    next.is_some_and(|n| n.has_tag_name((W, "p")) && list_key(*n) == Some(k))
                });
                paragraph(child, ctx, md)
            }
            "tbl" => table(child, ctx, md),
            // Content controls and custom XML hold paragraphs and tables of their own.
            "sdt" | "sdtContent" | "customXml" | "ins" | "smartTag" => {
                body(child, ctx, md, nesting + 1)
            }
            _ => {}
        }
    }
}

pub fn to_markdown(
    document: &str,
    styles: &str,
    numbering: &str,
    rels: &str,
) -> Result<String, roxmltree::Error> {
    let doc = Document::parse_with_options(
        document,
        roxmltree::ParsingOptions {
            allow_dtd: false,
            ..Default::default()
        },
    )?;
    let mut ctx = Ctx {
        headings: heading_styles(styles),
        listing: list_styles(styles),
        bold_text: false,
        numbered: numbered_lists(numbering),
        links: links(rels),
        counters: HashMap::new(),
        last_level: 1,
        previous_list: None,
        next_in_same_list: false,
        heading_formats: Vec::new(),
        with_items: Default::default(),
    };
    let mut md = Md::default();
    if let Some(b) = doc.descendants().find(|n| n.has_tag_name((W, "body"))) {
        body(b, &mut ctx, &mut md, 0);
    }
    Ok(md.out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(body: &str) -> String {
        format!("<w:document xmlns:w=\"{W}\"><w:body>{body}</w:body></w:document>")
    }

    fn cell(text: &str) -> String {
        format!("<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
    }

    #[test]
    fn a_style_based_on_a_heading_is_that_heading() {
        let styles = format!(
            "<w:styles xmlns:w=\"{W}\">\
             <w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"PlanHeading\"><w:name w:val=\"Plan Heading\"/><w:basedOn w:val=\"Heading2\"/></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"PlanSub\"><w:name w:val=\"Plan Sub\"/><w:basedOn w:val=\"PlanHeading\"/></w:style>\
             <w:style w:type=\"character\" w:styleId=\"Heading2Char\"><w:name w:val=\"Heading 2 Char\"/><w:basedOn w:val=\"Heading2\"/></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"Body\"><w:name w:val=\"Body\"/></w:style>\
             </w:styles>"
        );
        let levels = heading_styles(&styles);
        assert_eq!(levels.get("PlanHeading"), Some(&2));
        assert_eq!(levels.get("PlanSub"), Some(&2));
        assert_eq!(levels.get("Heading2Char"), None);
        assert_eq!(levels.get("Body"), None);
    }

    #[test]
    fn cells_and_rows_a_content_control_wraps_are_read() {
        // A form's row whose area is a drop-down, and a row a repeating section wraps.
        let body = format!(
            "<w:tbl><w:tr>{}<w:sdt><w:sdtPr><w:dropDownList><w:listItem w:displayText=\"HR\"/></w:dropDownList></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>{}</w:tr>\
             <w:sdt><w:sdtContent><w:tr>{}{}{}</w:tr></w:sdtContent></w:sdt></w:tbl>",
            cell("Area"),
            cell("CYBERSECURITE"),
            cell("Date"),
            cell("Owner"),
            cell("Jo"),
            cell("Today")
        );
        let md = to_markdown(&document(&body), "", "", "").unwrap();
        assert!(md.contains("| Area | CYBERSECURITE | Date |"), "{md}");
        assert!(md.contains("| Owner | Jo | Today |"), "{md}");
        // What the drop-down offers is no text of the document.
        assert!(!md.contains("HR"), "{md}");
    }

    /// A paragraph of list `num` at level 0, its runs (text, bold, underlined).
    fn item(num: u8, runs: &[(&str, bool, bool)]) -> String {
        let runs: String = runs
            .iter()
            .map(|(t, b, u)| {
                let b = if *b {
                    "<w:b w:val=\"1\"/>"
                } else {
                    "<w:b w:val=\"0\"/>"
                };
                let u = if *u {
                    "<w:u w:val=\"single\"/>"
                } else {
                    "<w:u w:val=\"none\"/>"
                };
                format!("<w:r><w:rPr>{b}{u}</w:rPr><w:t xml:space=\"preserve\">{t}</w:t></w:r>")
            })
            .collect();
        format!(
            "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{num}\"/></w:numPr></w:pPr>{runs}</w:p>"
        )
    }

    #[test]
    fn items_standing_alone_in_bold_or_underlined_lists_are_headings() {
        // A plan with no heading styles, its outline made by list numbers: "I. **Scope**" in
        // upper-case Roman numbers, "a. *Personnel Safety*." run in, underlined.
        let numbering = format!(
            "<w:numbering xmlns:w=\"{W}\">\
             <w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"upperRoman\"/></w:lvl></w:abstractNum>\
             <w:abstractNum w:abstractNumId=\"2\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"lowerLetter\"/></w:lvl></w:abstractNum>\
             <w:abstractNum w:abstractNumId=\"3\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"decimal\"/></w:lvl></w:abstractNum>\
             <w:num w:numId=\"1\"><w:abstractNumId w:val=\"1\"/></w:num>\
             <w:num w:numId=\"2\"><w:abstractNumId w:val=\"2\"/></w:num>\
             <w:num w:numId=\"3\"><w:abstractNumId w:val=\"3\"/></w:num>\
             </w:numbering>"
        );
        let body = [
            item(1, &[("Scope", true, true)]),
            "<w:p><w:r><w:t>This policy applies to every office.</w:t></w:r></w:p>".into(),
            item(1, &[("Procedure", true, true)]),
            "<w:p/>".into(),
            item(
                2,
                &[("Personnel Safety", false, true), (".  ", false, false)],
            ),
            item(3, &[("Staff are trained every year.", false, false)]),
            // A list of short bold steps is a list, the last of them too.
            item(3, &[("Call 999", true, false)]),
            item(3, &[("Leave by the nearest exit", true, false)]),
            "<w:p><w:r><w:t>Then wait at the car park.</w:t></w:r></w:p>".into(),
        ]
        .concat();
        let md = to_markdown(&document(&body), "", &numbering, "").unwrap();
        assert!(md.contains("## Scope\n"), "{md}");
        assert!(md.contains("## Procedure\n"), "{md}");
        assert!(md.contains("### Personnel Safety\n"), "{md}");
        assert!(md.contains("2. **Call 999**"), "{md}");
        assert!(md.contains("3. **Leave by the nearest exit**"), "{md}");
    }
}
