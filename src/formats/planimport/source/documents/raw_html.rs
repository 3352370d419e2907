//! Raw HTML inside Markdown, as static sites and GitHub pages hold it: tables become pipe
//! tables, and block elements (`<div>` trees of headings and lists, `<p>`, `<ul>`) become the
//! Markdown they say — each in the lines it took, so later line numbers still match the file.

use super::html_to_markdown;

/// Markdown may hold tables written as raw HTML (`<table>…</table>`, as GitHub renders them):
/// each becomes a pipe table, so it is read as a table with cells like any other. Lines are kept
/// where they were (the table is padded with blank lines), so later line numbers still match the
/// file. Fenced code is left alone.
///
/// One pass: the line each table closes on is found once for all lines, and a table that does
/// not read as one is tried once more from the last `<table>` before its close, then left as
/// written — so no line is read as part of more than two tables, however many `<table>` lines
/// there are.
pub(super) fn tables_in_markdown(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let opens = |l: &str| {
        l.trim_start()
            .get(..6)
            .is_some_and(|t| t.eq_ignore_ascii_case("<table"))
    };
    // For each line, the first line from it on that closes a table, and the last line before
    // that close which opens one.
    let mut close_from: Vec<Option<usize>> = vec![None; lines.len() + 1];
    for j in (0..lines.len()).rev() {
        close_from[j] = if lines[j].to_ascii_lowercase().contains("</table>") {
            Some(j)
        } else {
            close_from[j + 1]
        };
    }
    let mut last_open: Vec<Option<usize>> = vec![None; lines.len()];
    let mut latest = None;
    for (j, line) in lines.iter().enumerate() {
        if opens(line) {
            latest = Some(j);
        }
        last_open[j] = latest;
    }
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut fence = Fence::default();
    // Lines up to here were tried as part of a table that did not read as one.
    let mut tried_to = None;
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim_start();
        if !fence.code(t)
            && opens(t)
            && let Some(end) = close_from[i]
            && tried_to.is_none_or(|to| end > to || last_open[end] == Some(i))
        {
            let html = lines[i..=end].join("\n");
            let md = html_to_markdown(&html);
            if !md.lines().nth(1).is_some_and(|l| l.starts_with("| ---")) {
                tried_to = Some(end);
            } else {
                let (table, _) = standing_alone(&md, &out, lines.get(end + 1), end + 1 - i);
                out.extend(table);
                i = end + 1;
                continue;
            }
        }
        out.push(lines[i].to_string());
        i += 1;
    }
    out.join("\n")
}

/// Markdown standing for `span` lines of raw HTML: a blank line before and after it (so it is a
/// block of its own), padded with blank lines to the lines it took; and whether it fits in them
/// (when it does not, later line numbers would move).
fn standing_alone(
    md: &str,
    out: &[String],
    next: Option<&&str>,
    span: usize,
) -> (Vec<String>, bool) {
    let mut block: Vec<String> = md.trim_matches('\n').lines().map(str::to_string).collect();
    if out.last().is_some_and(|l| !l.trim().is_empty()) {
        block.insert(0, String::new());
    }
    if next.is_some_and(|l| !l.trim().is_empty()) {
        block.push(String::new());
    }
    let fits = block.len() <= span;
    while block.len() < span {
        block.push(String::new());
    }
    (block, fits)
}

/// Where fenced code (```` ``` ```` or `~~~`) opens and closes, line by line: raw HTML in it is
/// code, not the page.
#[derive(Default)]
struct Fence<'t>(Option<&'t str>);

impl<'t> Fence<'t> {
    /// Whether the line (its indent taken off) opens, closes or is inside fenced code.
    fn code(&mut self, t: &'t str) -> bool {
        match self.0 {
            Some(f) => {
                if t.starts_with(f) {
                    self.0 = None;
                }
                true
            }
            None if t.starts_with("```") || t.starts_with("~~~") => {
                self.0 = Some(&t[..3]);
                true
            }
            None => false,
        }
    }
}

/// Block elements a Markdown page may hold as raw HTML.
const BLOCKS: &[&str] = &[
    "div",
    "section",
    "article",
    "details",
    "aside",
    "main",
    "ul",
    "ol",
    "dl",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figure",
    "center",
];

/// The longest run of lines one raw HTML block may span (a page's whole body at most).
const MAX_SPAN: usize = 20_000;

/// Each raw HTML block of a Markdown text (a line opening a block element, to the line where
/// that element closes) read as a web page, when its Markdown fits in its lines; else left as
/// written. Fenced code is left alone. Linear: a block that does not close within [`MAX_SPAN`]
/// lines (or whose Markdown does not fit) is left as written with every element opened inside
/// it, so each line is scanned for a closing tag once or twice at most.
pub(super) fn blocks_in_markdown(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut fence = Fence::default();
    // Lines up to here were looked at for a block that did not close there, or did not fit:
    // an element opened among them is left as written, so no line is scanned twice over.
    let mut scanned_to = 0;
    let mut i = 0;
    // The closing lines of wrappers around Markdown, still to come.
    let mut wrappers: Vec<usize> = Vec::new();
    while i < lines.len() {
        let t = lines[i].trim_start();
        if let Some(at) = wrappers.iter().position(|&end| end == i) {
            wrappers.swap_remove(at);
            out.push(String::new());
            i += 1;
            continue;
        }
        // A heading the wrapper indented starts its line again, as it did below the
        // wrapper's tag (indented, it would go on with a list above it).
        let indent = lines[i].len() - t.len();
        if !wrappers.is_empty() && indent < 4 && t.starts_with('#') && !fence.code(t) {
            out.push(t.to_string());
            i += 1;
            continue;
        }
        if !fence.code(t)
            && i >= scanned_to
            && let Some(name) = opening_block(t)
        {
            match closing_line(&lines, i, name) {
                // A wrapper around Markdown (`<div class="container">`, then "## Table of
                // Contents" and its list): the wrapper's own lines go, what it holds is read
                // as the Markdown it is.
                Some(end)
                    if wrappers.len() < MAX_WRAPPERS && wraps_markdown(&lines[i..=end], name) =>
                {
                    wrappers.push(end);
                    out.push(String::new());
                    i += 1;
                    continue;
                }
                Some(end) => {
                    let md = html_to_markdown(&lines[i..=end].join("\n"));
                    let (block, fits) = standing_alone(&md, &out, lines.get(end + 1), end + 1 - i);
                    if fits {
                        out.extend(block);
                        i = end + 1;
                        continue;
                    }
                    scanned_to = end + 1;
                }
                None => scanned_to = (i + MAX_SPAN).min(lines.len()),
            }
        }
        out.push(lines[i].to_string());
        i += 1;
    }
    out.join("\n")
}

/// How many wrappers around Markdown may nest (each is scanned to its closing line once).
const MAX_WRAPPERS: usize = 16;

/// Whether a block is a container (`<div>`, `<section>`…) whose tag stands alone on its first
/// line and whose closing tag stands alone on its last, around lines of Markdown (a heading, a
/// list item).
fn wraps_markdown(block: &[&str], name: &str) -> bool {
    let (Some(first), Some(last)) = (block.first(), block.last()) else {
        return false;
    };
    if block.len() < 3 || !["div", "section", "article", "main", "aside", "details"].contains(&name)
    {
        return false;
    }
    let open = first.trim();
    let alone = open.starts_with('<')
        && open.ends_with('>')
        && open.matches('<').count() == 1
        && open.matches('>').count() == 1
        && last.trim().eq_ignore_ascii_case(&format!("</{name}>"));
    let markdown = block[1..block.len() - 1].iter().any(|l| {
        let t = l.trim_start();
        t.starts_with("# ")
            || t.starts_with("## ")
            || t.starts_with("### ")
            || t.starts_with("#### ")
            || t.starts_with("- ")
            || t.starts_with("* ")
            || t.split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    });
    alone && markdown
}

/// The block element a line opens with (`<div class="x">` → `div`).
fn opening_block(line: &str) -> Option<&'static str> {
    let rest = line.strip_prefix('<')?;
    BLOCKS.iter().copied().find(|name| {
        rest.get(..name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && rest[name.len()..].starts_with([' ', '>', '\t'])
    })
}

/// The line where the element `name` opened on line `from` closes.
fn closing_line(lines: &[&str], from: usize, name: &str) -> Option<usize> {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut depth: i64 = 0;
    for (j, line) in lines.iter().enumerate().skip(from).take(MAX_SPAN) {
        let lower = line.to_ascii_lowercase();
        depth += lower
            .match_indices(&open)
            .filter(|(at, _)| {
                lower[at + open.len()..].starts_with([' ', '>', '\t', '/'])
                    || at + open.len() == lower.len()
            })
            .count() as i64;
        depth -= lower.matches(&close).count() as i64;
        if depth <= 0 {
            return Some(j);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrapper_around_markdown_leaves_the_markdown_as_it_is() {
        let md = "<div class=\"container\">\n\n## Contents\n1. [Safety](#safety)\n\n<div class=\"section\">\n\n  ### Safety {#safety}\n\n- Call 911\n\n</div>\n<div class=\"section\">\n\n  ### Tech\n\nReport it.\n\n</div>\n</div>\n";
        let out = blocks_in_markdown(md);
        assert_eq!(out.lines().count(), md.lines().count(), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[2], "## Contents");
        assert_eq!(lines[3], "1. [Safety](#safety)");
        assert_eq!(lines[7], "### Safety {#safety}");
        assert_eq!(lines[14], "### Tech");
        assert!(!out.contains("div"), "{out}");
        // Words on the tag's own line: not a wrapper, no word dropped.
        let md = "<div>Keep the fire doors shut ->\n\n- Check them daily\n\n</div>\n";
        assert!(blocks_in_markdown(md).contains("Keep the fire doors shut"));
    }

    #[test]
    fn raw_html_blocks_become_markdown_in_their_own_lines() {
        let md = "# Club\n\n<div class=\"tree\">\n  <h4 class=\"node-title\">Monitor and stand by</h4>\n  <ul>\n    <li>Approach</li>\n    <li>Encourage</li>\n  </ul>\n</div>\n\nAfter.\n";
        let out = blocks_in_markdown(md);
        assert_eq!(out.lines().count(), md.lines().count(), "{out}");
        assert!(out.contains("#### Monitor and stand by"), "{out}");
        assert!(out.contains("- Approach"), "{out}");
        assert_eq!(out.lines().nth(10), Some("After."), "{out}");
        // Fenced code and an element that never closes are left as written.
        let fenced = "```\n<div>\n</div>\n```\n";
        assert_eq!(blocks_in_markdown(fenced), fenced);
        let open = "<div>\nnever closed\n";
        assert_eq!(blocks_in_markdown(open), open);
    }
}
