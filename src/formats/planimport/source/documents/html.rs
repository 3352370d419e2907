//! Web pages to Markdown through a real HTML parser (html5ever, by way of dom_query).

use super::{MAX_DEPTH, MAX_HTML_NESTING, Md, collapse, link, task_or_item};

/// HTML to Markdown through a real HTML parser (html5ever, by way of dom_query): headings,
/// paragraphs, lists (with checkboxes as task lists, Notion's to-dos too), tables with their
/// cells, preformatted blocks, links; scripts, styles and Sphinx's "¶" anchors left out.
pub fn html_to_markdown(html: &str) -> String {
    let doc = dom_query::Document::from(cap_nesting(html, MAX_HTML_NESTING).as_ref());
    let mut md = Md::default();
    // A page whose only title is in its head ("<title>Emergency Plan - West Burton</title>"
    // and no <h1>) is titled by it.
    // (Without what an exporter adds: "Microsoft Word - fire plan.docx".)
    let title = collapse(&doc.select("head title").text());
    let title = title.strip_prefix("Microsoft Word - ").unwrap_or(&title);
    let title = [".docx", ".doc", ".odt", ".pdf", ".html", ".htm"]
        .iter()
        .find_map(|ext| title.strip_suffix(ext))
        .unwrap_or(title)
        .to_string();
    // (One word is a file's name, as converters fill it in: "plan".)
    if title.split_whitespace().count() >= 2 && doc.select("body h1").is_empty() {
        md.tag_level = 1;
        md.block(&format!("# {title}"));
    }
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
            md.block(&as_text(&text));
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
                    md.tag_level = level;
                    md.block(&format!("{} {title}", "#".repeat(level)));
                }
            }
            "p" | "figcaption" | "dt" | "dd" | "caption" | "summary" | "address" => {
                flush(&mut inline, md);
                for block in lines_of(&child, nesting + 1) {
                    md.block(&as_text(&block));
                }
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
                container(&child, md, nesting);
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
        "strong" | "b" => bold(&child, out, nesting),
        _ if bold_by_class(&child) => bold(&child, out, nesting),
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
        match name_of(&item).as_str() {
            "li" => {}
            // A list straight inside a list (no <li> around it, as hand-written pages have
            // it): nested under the item before, as a browser shows it.
            sub @ ("ul" | "ol") => {
                html_list(&item, md, depth + 1, sub == "ol", nesting + 1);
                continue;
            }
            // Anything else a page puts between the items keeps its words, as an item.
            _ => {
                let mut own = String::new();
                inline_one(&item, &mut own, nesting + 2);
                let text = collapse(&own);
                if !text.is_empty() {
                    md.item(&format!("{indent}- {text}"));
                }
                continue;
            }
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
    fn collect(
        node: &dom_query::NodeRef,
        rows: &mut Vec<Vec<String>>,
        spans: &mut Vec<usize>,
        nesting: usize,
    ) {
        if nesting >= MAX_DEPTH {
            rows.push(vec![collapse(&node.text())]);
            return;
        }
        for child in node.element_children() {
            match name_of(&child).as_str() {
                "tr" => rows.push(row_cells(&child, spans, nesting)),
                "thead" | "tbody" | "tfoot" => collect(&child, rows, spans, nesting + 1),
                _ => {}
            }
        }
    }
    let mut rows = Vec::new();
    collect(table, &mut rows, &mut Vec::new(), nesting);
    rows
}

/// The widest a row is made by cells spanning columns.
const MAX_COLUMNS: usize = 256;

/// One row's cells, each in its own column: a cell spanning columns (`colspan`) leaves the
/// others it covers empty, and one spanning rows (`rowspan`) leaves its column empty in the
/// rows below — rows that go on with the record above ("Queueing on entry" over three rows of
/// its controls). `spans` holds, per column, how many rows below are still covered.
fn row_cells(tr: &dom_query::NodeRef, spans: &mut Vec<usize>, nesting: usize) -> Vec<String> {
    let span_of = |c: &dom_query::NodeRef, name: &str, max: usize| {
        c.attr(name)
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, max)
    };
    let mut cells = tr
        .element_children()
        .into_iter()
        .filter(|c| matches!(name_of(c).as_str(), "td" | "th"));
    let mut out: Vec<String> = Vec::new();
    loop {
        let col = out.len();
        if let Some(left) = spans.get_mut(col).filter(|left| **left > 0) {
            *left -= 1;
            out.push(String::new());
            continue;
        }
        let Some(cell) = cells.next() else {
            break;
        };
        let across = span_of(&cell, "colspan", MAX_COLUMNS);
        let down = span_of(&cell, "rowspan", usize::MAX) - 1;
        out.push(collapse(&html_inline(&cell, nesting + 2)));
        for k in 0..across.min(MAX_COLUMNS.saturating_sub(col)) {
            if spans.len() <= col + k {
                spans.resize(col + k + 1, 0);
            }
            spans[col + k] = down;
            if k > 0 {
                out.push(String::new());
            }
        }
    }
    out
}

/// A container element (`<div>`, `<section>`…): a heading when its class says it is a title,
/// a numbered item when it starts with its own number, else the blocks it holds.
fn container(child: &dom_query::NodeRef, md: &mut Md, nesting: usize) {
    if let Some(title) = title_by_class(child, nesting + 1) {
        // Never the page's top heading: a box's title sits under the page's.
        let level = *md.class_level.get_or_insert((md.tag_level + 1).clamp(2, 6));
        md.block(&format!("{} {title}", "#".repeat(level)));
    } else if starts_with_a_number(child) {
        let mut inner = Md {
            tag_level: md.tag_level,
            class_level: md.class_level,
            ..Md::default()
        };
        html_blocks(child, &mut inner, nesting + 1);
        (md.tag_level, md.class_level) = (inner.tag_level, inner.class_level);
        match numbered_item(&inner.out) {
            Some(item) => md.item(&item),
            None => md.block(&inner.out),
        }
    } else {
        html_blocks(child, md, nesting + 1);
    }
}

/// A page built from boxes rather than headings (`<div class="panel-title">Alarm Fault</div>`):
/// an element whose class says it is a title or heading, holding a few words and no blocks, is
/// a heading.
fn title_by_class(node: &dom_query::NodeRef, nesting: usize) -> Option<String> {
    let class = node.class()?.to_lowercase();
    let titled = class.split_whitespace().any(|c| {
        ["title", "heading", "headline"]
            .iter()
            .any(|t| c == *t || c.ends_with(&format!("-{t}")) || c.ends_with(&format!("_{t}")))
    });
    if !titled {
        return None;
    }
    let blocks = node.element_children().iter().any(|c| {
        matches!(
            name_of(c).as_str(),
            "div"
                | "p"
                | "ul"
                | "ol"
                | "table"
                | "section"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
        )
    });
    let text = collapse(&html_inline(node, nesting)).replace("**", "");
    let words = text.split_whitespace().count();
    (!blocks && (1..=12).contains(&words) && !text.ends_with('.')).then_some(text)
}

/// Whether a box starts with a number of its own: its first element a leaf holding only a
/// number ("<div class=\"num\">2</div>", a call order's badge), other than a script's.
fn starts_with_a_number(node: &dom_query::NodeRef) -> bool {
    let children = node.element_children();
    let Some(first) = children.first() else {
        return false;
    };
    !matches!(
        name_of(first).as_str(),
        "script" | "style" | "svg" | "template"
    ) && first.element_children().is_empty()
        && collapse(&first.text())
            .trim_end_matches('.')
            .parse::<u32>()
            .is_ok_and(|n| (1..=99).contains(&n))
}

/// A box that starts with its own number, as Markdown (`<div class="step"><div
/// class="num">2</div><div><h3>Assembly point</h3><p>Everyone gathers…</p></div></div>`):
/// one numbered item with its parts joined ("2. Assembly point: Everyone gathers…") — when
/// what follows the number is a few short parts, no table, list or second heading among them.
fn numbered_item(rendered: &str) -> Option<String> {
    let mut blocks = rendered
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty());
    let first = blocks.next()?;
    let (n, rest) = first.split_once(char::is_whitespace).unwrap_or((first, ""));
    let n: u32 = n.trim_end_matches('.').parse().ok()?;
    let parts: Vec<&str> = std::iter::once(rest.trim())
        .filter(|r| !r.is_empty())
        .chain(blocks)
        .collect();
    let listed = |p: &str| {
        p.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with('|')
                || l.starts_with("- ")
                || l.starts_with("* ")
                || l.split_once(". ")
                    .is_some_and(|(d, _)| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
        })
    };
    let fits = !parts.is_empty()
        && parts.len() <= 4
        && parts
            .iter()
            .all(|p| !listed(p) && p.split_whitespace().count() <= 80)
        && parts.iter().skip(1).all(|p| !p.starts_with('#'));
    if !fits {
        return None;
    }
    // A heading is followed by a colon ("Assembly point: Everyone gathers…"); other parts by a
    // dash ("Ann Lee — Primary keyholder — 07700 900123").
    let mut text = String::new();
    let mut after_heading = false;
    for part in parts {
        let heading = part.starts_with('#');
        let part = collapse(part.trim_start_matches('#'));
        if !text.is_empty() {
            text.push_str(
                match (after_heading, text.ends_with([':', '?', '!', '.'])) {
                    (_, true) => " ",
                    (true, false) => ": ",
                    (false, false) => " — ",
                },
            );
        }
        text.push_str(&part);
        after_heading = heading;
    }
    Some(format!("{n}. {text}"))
}

/// An element's text as Markdown bold.
fn bold(node: &dom_query::NodeRef, out: &mut String, nesting: usize) {
    let t = collapse(&html_inline(node, nesting));
    if !t.is_empty() {
        out.push_str(&format!("**{t}**"));
    }
}

/// Whether an element is bold by its class, as utility-class sites write it (`<span
/// class="text-xl font-bold">Flooding</span>`).
fn bold_by_class(node: &dom_query::NodeRef) -> bool {
    node.class().is_some_and(|c| {
        c.split_whitespace()
            .any(|c| ["font-bold", "fw-bold", "bold", "font-weight-bold", "strong"].contains(&c))
    })
}

/// A paragraph's blocks: its lines (split where it breaks, `<br>`) with a short bold line
/// standing alone ("**Flooding**", then what to do) a block of its own — a heading by its look
/// — and the other lines one block.
fn lines_of(p: &dom_query::NodeRef, nesting: usize) -> Vec<String> {
    if bold_by_class(p) {
        let mut out = String::new();
        bold(p, &mut out, nesting);
        return vec![out];
    }
    let mut lines = vec![String::new()];
    for child in p.children() {
        if child.is_element() && name_of(&child) == "br" {
            lines.push(String::new());
        } else if let Some(line) = lines.last_mut() {
            inline_one(&child, line, nesting + 1);
        }
    }
    // A bold line is a heading over prose ("**Flooding**", then what to do), not the first
    // line of a card of short lines ("**Jo Bloggs**", "Fire Warden", "07700 900123").
    let prose_follows = lines.len() > 1
        && lines[1..]
            .iter()
            .map(|l| collapse(l))
            .any(|l| l.split_whitespace().count() >= 6 || l.ends_with(['.', '!', '?']));
    let mut blocks: Vec<String> = Vec::new();
    let mut run = String::new();
    for line in lines.iter().map(|l| collapse(l)).filter(|l| !l.is_empty()) {
        let alone = line.starts_with("**")
            && line.ends_with("**")
            && line.len() > 4
            && !line[2..line.len() - 2].contains("**")
            && !line[2..].starts_with(|c: char| c.is_ascii_digit())
            && line.split_whitespace().count() <= 10;
        if alone && prose_follows {
            if !run.is_empty() {
                blocks.push(std::mem::take(&mut run));
            }
            blocks.push(line);
        } else {
            // A card's short lines keep apart ("Jo Bloggs — Fire Warden — 07700 900123").
            if !run.is_empty() {
                run.push_str(if prose_follows { " " } else { " — " });
            }
            run.push_str(&line);
        }
    }
    if !run.is_empty() {
        blocks.push(run);
    }
    blocks
}

/// A page's running text as Markdown text: a "#" it opens with ("# run this as root" in a
/// `<div>`) is the page's, not a Markdown heading.
fn as_text(text: &str) -> String {
    match text.strip_prefix('#') {
        Some(rest) => format!("\\#{rest}"),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_straight_inside_a_list_is_nested_and_keeps_its_words() {
        let md = html_to_markdown(
            "<ol><li><p>3.1 The following status levels have been defined:</p></li>\
             <ol><li><p><em>Normal</em>: day to day.</p></li><li><p><em>Active</em>: call up.</p></li></ol>\
             <li><p>3.2 Other definitions</p></li><p>A stray note</p></ol>",
        );
        for words in ["day to day", "call up", "Other definitions", "A stray note"] {
            assert!(md.contains(words), "{words} lost: {md}");
        }
        assert!(md.contains("  1. *Normal*: day to day."), "{md}");
    }
}
