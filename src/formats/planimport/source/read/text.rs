//! Plain text into blocks: headings by their look (numbered, underlined, ending in ¶), pipe and grid tables, task lines.

use super::*;

/// Reads a pandoc grid table (`+---+---+` borders, `|` cells, `+===+` under the header).
pub fn grid_table(raw: &str) -> Option<Table> {
    let lines: Vec<&str> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() < 3 || !is_grid_border(lines[0]) {
        return None;
    }
    let cuts: Vec<usize> = lines[0]
        .chars()
        .enumerate()
        .filter(|(_, c)| *c == '+')
        .map(|(i, _)| i)
        .collect();
    if cuts.len() < 2 {
        return None;
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    // The pieces of the row being read, one a line, each cut into its columns.
    let mut current: Vec<Vec<String>> = Vec::new();
    let mut header_rows = None;
    for line in &lines[1..] {
        if is_grid_border(line) {
            if !current.is_empty() {
                rows.push(grid_cells(&current, cuts.len() - 1));
                current.clear();
            }
            if line.contains('=') && header_rows.is_none() {
                header_rows = Some(rows.len());
            }
            continue;
        }
        current.push(grid_line_parts(line, &cuts)?);
    }
    if !current.is_empty() {
        return None;
    }
    let split = header_rows.unwrap_or(1).clamp(1, rows.len().max(1));
    if rows.is_empty() {
        return None;
    }
    let mut header_parts = rows.drain(..split.min(rows.len()));
    let mut headers = header_parts.next()?;
    for more in header_parts {
        for (h, m) in headers.iter_mut().zip(more) {
            if !m.is_empty() {
                h.push(' ');
                h.push_str(&m);
            }
        }
    }
    Some(Table { headers, rows })
}

/// A grid table's border line (`+---+`, `+===+`).
fn is_grid_border(l: &str) -> bool {
    l.len() >= 3
        && l.starts_with('+')
        && l.trim_end().ends_with('+')
        && l.chars().all(|c| "+-=:".contains(c))
}

/// A line of a grid table's row cut at the columns' edges (`cuts`); `None` if it is no row
/// line, or a cell runs past its column (it would be cut: such a table is left as text).
fn grid_line_parts(line: &str, cuts: &[usize]) -> Option<Vec<String>> {
    if !line.starts_with('|') {
        return None;
    }
    let chars: Vec<char> = line.chars().collect();
    let aligned = cuts
        .iter()
        .all(|&c| chars.get(c).is_none_or(|ch| *ch == '|'))
        && chars
            .iter()
            .skip(cuts[cuts.len() - 1] + 1)
            .all(|c| *c == '|' || c.is_whitespace());
    if !aligned {
        return None;
    }
    let parts = cuts
        .windows(2)
        .map(|w| {
            let from = (w[0] + 1).min(chars.len());
            let to = w[1].min(chars.len());
            chars[from..to].iter().collect::<String>().replace('|', " ")
        })
        .collect();
    Some(parts)
}

/// The cells of a grid table's row from the pieces of its lines: each column's pieces joined.
fn grid_cells(pieces: &[Vec<String>], columns: usize) -> Vec<String> {
    (0..columns)
        .map(|c| {
            pieces
                .iter()
                .map(|parts| parts[c].trim())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The cells of a pipe-table row; `None` if the line is not one.
pub(crate) fn pipe_cells(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    if !t.starts_with('|') || t.len() < 2 {
        return None;
    }
    let inner = t.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    Some(inner.split('|').map(|c| c.trim().to_string()).collect())
}

pub(crate) fn is_delimiter_row(cells: &[String]) -> bool {
    cells.iter().all(|c| {
        let c = c.trim();
        !c.is_empty() && c.trim_matches(':').chars().all(|ch| ch == '-') && c.contains('-')
    })
}

/// A plain-text task line: `- [ ] step`, `[x] step`, `☐ step`, `☑ step`.
pub(crate) fn task_line(line: &str) -> Option<Task> {
    let t = line.trim_start();
    let t = ["- ", "* ", "+ "]
        .iter()
        .find_map(|m| t.strip_prefix(m))
        .unwrap_or(t);
    for (marker, done) in [
        ("[ ]", false),
        ("[x]", true),
        ("[X]", true),
        ("☐", false),
        ("☑", true),
        ("☒", true),
    ] {
        if let Some(rest) = t.strip_prefix(marker) {
            let text = rest.trim();
            if !text.is_empty() {
                return Some(Task {
                    text: text.to_string(),
                    done,
                });
            }
        }
    }
    None
}

pub(crate) fn words(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// A numbered heading line ("3. Infrastructure Continuity", "4.2 Backups"): its depth and title
/// (number included).
pub(crate) fn numbered_heading(line: &str) -> Option<(u8, String)> {
    let t = line.trim();
    let number_end = t.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (number, rest) = t.split_at(number_end);
    if number.is_empty()
        || !number.starts_with(|c: char| c.is_ascii_digit())
        || !rest.starts_with(' ')
    {
        return None;
    }
    let title = rest.trim();
    let depth = number.trim_end_matches('.').split('.').count();
    let looks_like_title = words(title) <= 10
        && title.len() <= 80
        && !title.ends_with(['.', ',', ';', ':'])
        && title.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
    // The number stays in the title: the plan's own cross-references ("see 4.2") use it.
    looks_like_title.then(|| (depth.min(6) as u8, t.to_string()))
}

pub(crate) fn underline(line: &str) -> Option<u8> {
    let t = line.trim();
    if t.len() >= 3 && t.chars().all(|c| c == '=') {
        Some(1)
    } else if t.len() >= 3 && t.chars().all(|c| c == '-') {
        Some(2)
    } else {
        None
    }
}

/// The level `line` gives the title above it, `above`, by underlining it: "=" and "-" as in
/// Markdown; "~", "^" and "+" (AsciiDoc's and reStructuredText's further levels) only when
/// about as long as the title, so that a rule of tildes under a paragraph is no underline.
pub(crate) fn underline_of(above: &str, line: &str) -> Option<u8> {
    let title = above.trim();
    if title.is_empty() || title.chars().all(|c| !c.is_alphanumeric()) {
        return None;
    }
    underline(line).or_else(|| {
        let t = line.trim();
        let first = t.chars().next()?;
        let level = match first {
            '~' => 3,
            '^' => 4,
            '+' => 5,
            _ => return None,
        };
        let n = t.chars().count();
        (n >= 3 && t.chars().all(|c| c == first) && n.abs_diff(title.chars().count()) <= 2)
            .then_some(level)
    })
}

/// Reads plain text: headings marked by numbering, `¶` or underlines (or, when there are none,
/// short one-line paragraphs that introduce the next), pipe tables and task lines.
pub fn read_text(text: &str) -> Outline {
    let mut outline = Outline::default();
    let lines: Vec<&str> = text.split('\n').collect();
    // Pass 1: headings.
    let (mut headings, underlines) = marked_headings(&lines);
    if headings.iter().any(Option::is_some) {
        document_title(&lines, &mut headings);
    } else {
        lead_lines_as_headings(&lines, &mut headings);
    }
    // Pass 2: blocks.
    outline.blocks = text_blocks(&lines, &headings, &underlines);
    outline
}

/// The headings each line marks — with `¶`, an underline or a number — by line, and which
/// lines are the underlines.
fn marked_headings(lines: &[&str]) -> (Vec<Option<(u8, String)>>, Vec<bool>) {
    let n = lines.len();
    let mut headings: Vec<Option<(u8, String)>> = vec![None; n];
    let mut underlines = vec![false; n];
    for i in 0..n {
        let line = lines[i].trim();
        if line.is_empty() || line.starts_with('|') {
            continue;
        }
        // "¶" before or after a title: a heading copied from a web page with its anchor mark.
        if let Some(title) = line
            .strip_prefix('¶')
            .or_else(|| line.strip_suffix('¶'))
            .filter(|t| words(t) <= 12 && !t.trim().is_empty())
        {
            headings[i] = Some((1, title.trim().to_string()));
        } else if i + 1 < n
            && let Some(level) = underline_of(line, lines[i + 1])
            && words(line) <= 12
        {
            headings[i] = Some((level, line.to_string()));
            underlines[i + 1] = true;
        } else if let Some((depth, title)) = numbered_heading(line)
            && numbers_a_heading(lines, i)
        {
            headings[i] = Some((depth, title));
        }
    }
    (headings, underlines)
}

/// Whether the number opening line `i` numbers a heading: a run of consecutively numbered
/// short lines is a list, not a series of headings.
fn numbers_a_heading(lines: &[&str], i: usize) -> bool {
    let this = line_number(lines[i].trim()).unwrap_or_default();
    let next = lines[i + 1..].iter().find(|l| !l.trim().is_empty());
    let prev = lines[..i].iter().rev().find(|l| !l.trim().is_empty());
    let in_list = next
        .filter(|l| numbered_heading(l).is_some())
        .and_then(|l| line_number(l))
        .is_some_and(|n| follows(&this, &n))
        || prev
            .filter(|l| numbered_heading(l).is_some())
            .and_then(|l| line_number(l))
            .is_some_and(|p| follows(&p, &this));
    !in_list && !this.is_empty()
}

/// The number opening a line ("4.2 Backups" → [4, 2]).
fn line_number(l: &str) -> Option<Vec<u64>> {
    let t = l.trim();
    let end = t.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    t[..end]
        .trim_end_matches('.')
        .split('.')
        .map(|n| n.parse().ok())
        .collect()
}

/// Whether number `b` comes right after `a` (4.2 → 4.3).
fn follows(a: &[u64], b: &[u64]) -> bool {
    a.len() == b.len()
        && a[..a.len() - 1] == b[..b.len() - 1]
        && a[a.len() - 1] + 1 == b[b.len() - 1]
}

/// A short first line before the first heading is the document's title.
fn document_title(lines: &[&str], headings: &mut [Option<(u8, String)>]) {
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let first_heading = headings.iter().position(Option::is_some);
    if let (Some(f), Some(h)) = (first, first_heading)
        && f < h
    {
        let t = lines[f].trim();
        if words(t) <= 10 && !t.ends_with(['.', ',', ';', ':']) && !t.starts_with('|') {
            headings[f] = Some((0, t.to_string()));
        }
    }
}

/// With no marked headings: a short one-line paragraph followed by more text is a heading —
/// not a "Label: value" line. When the text is a page saved
/// as text, its body indented and its headings less (a browser's text dump), the lines standing
/// out to the left are the headings, a level for each step of indent.
fn lead_lines_as_headings(lines: &[&str], headings: &mut [Option<(u8, String)>]) {
    let outdented = outdented_headings(lines);
    let n = lines.len();
    let mut i = 0;
    while i < n {
        if lines[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && !lines[i].trim().is_empty() {
            i += 1;
        }
        let single = i - start == 1;
        let followed = lines[i..].iter().any(|l| !l.trim().is_empty());
        let t = lines[start].trim();
        let level = match &outdented {
            Some(levels) => levels.get(&indent(lines[start])).copied(),
            None => Some(1),
        };
        if let Some(level) = level
            && single
            && followed
            && words(t) <= 8
            && t.chars().count() <= 70
            && t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
            && !t.ends_with([',', ';', ':'])
            && !is_label_and_value(t)
            && !t.starts_with('|')
            && task_line(t).is_none()
        {
            headings[start] = Some((level, t.to_string()));
        }
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// "Owner: Fedora Infrastructure Team", "Emergency: https://…": a label and its value, not a
/// heading.
fn is_label_and_value(line: &str) -> bool {
    line.split_once(": ")
        .is_some_and(|(label, value)| words(label) <= 3 && !value.trim().is_empty())
}

/// For a text whose body is indented (most lines two spaces in or more) with shorter lines
/// standing out to its left: the heading level of each indent left of the body (the leftmost
/// 1). None for any other text.
fn outdented_headings(lines: &[&str]) -> Option<std::collections::HashMap<usize, u8>> {
    let mut counts: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for l in lines.iter().filter(|l| !l.trim().is_empty()) {
        *counts.entry(indent(l)).or_insert(0) += 1;
    }
    let total: usize = counts.values().sum();
    let (&body, &most) = counts.iter().max_by_key(|(_, n)| **n)?;
    let left: Vec<usize> = counts.keys().copied().filter(|&i| i < body).collect();
    let outdented: usize = left.iter().map(|i| counts[i]).sum();
    (body >= 2 && most * 2 >= total && outdented >= 2).then(|| {
        left.iter()
            .enumerate()
            .map(|(level, &at)| (at, (level + 1).min(6) as u8))
            .collect()
    })
}

/// The blocks of the text, given its headings (by line) and which lines underline them.
fn text_blocks(
    lines: &[&str],
    headings: &[Option<(u8, String)>],
    underlines: &[bool],
) -> Vec<Block> {
    let n = lines.len();
    let mut out = TextBlocks {
        blocks: Vec::new(),
        text_start: None,
        text_lines: Vec::new(),
    };
    let mut i = 0;
    while i < n {
        if let Some((level, title)) = headings[i].clone() {
            out.push(Block::Heading {
                level,
                title,
                line: i + 1,
            });
            i += if underlines.get(i + 1).copied().unwrap_or(false) {
                2
            } else {
                1
            };
            continue;
        }
        if let Some((end, block)) = pipe_table(lines, i).or_else(|| task_block(lines, i)) {
            out.push(block);
            i = end;
            continue;
        }
        if out.text_start.is_none() {
            out.text_start = Some(i);
        }
        out.text_lines.push(lines[i]);
        i += 1;
    }
    out.flush();
    out.blocks
}

/// The blocks read so far, and the paragraph lines gathered since the last of them.
struct TextBlocks<'l> {
    blocks: Vec<Block>,
    text_start: Option<usize>,
    text_lines: Vec<&'l str>,
}

impl TextBlocks<'_> {
    /// Ends the text gathered so far as a block of its own (unless it is blank).
    fn flush(&mut self) {
        let joined = self.text_lines.join("\n");
        let lead = self
            .text_lines
            .iter()
            .take_while(|l| l.trim().is_empty())
            .count();
        if let Some(s) = self.text_start.take()
            && !joined.trim().is_empty()
        {
            self.blocks.push(Block::Text {
                text: joined.trim_matches('\n').trim_end().to_string(),
                line: s + lead + 1,
            });
        }
        self.text_lines.clear();
    }

    /// Adds `block` after the text gathered before it.
    fn push(&mut self, block: Block) {
        self.flush();
        self.blocks.push(block);
    }
}

/// The pipe table (two lines or more) starting at line `start`, and the line after it.
fn pipe_table(lines: &[&str], start: usize) -> Option<(usize, Block)> {
    let mut i = start;
    while i < lines.len() && pipe_cells(lines[i]).is_some() {
        i += 1;
    }
    if i - start < 2 {
        return None;
    }
    let rows: Vec<Vec<String>> = lines[start..i]
        .iter()
        .filter_map(|l| pipe_cells(l))
        .collect();
    let block = Block::Table {
        table: pipe_rows_as_table(&rows),
        raw: lines[start..i].join("\n"),
        line: start + 1,
    };
    Some((i, block))
}

/// A pipe table's rows as a table: the row above the delimiter row is the header (rows above
/// it go after the body), every row padded or folded to the header's width.
fn pipe_rows_as_table(rows: &[Vec<String>]) -> Table {
    let delimiter = rows.iter().position(|r| is_delimiter_row(r));
    let (headers, body): (Vec<String>, Vec<Vec<String>>) = match delimiter {
        Some(d) if d >= 1 => (
            rows[d - 1].clone(),
            rows[d + 1..]
                .iter()
                .chain(&rows[..d - 1])
                .cloned()
                .collect(),
        ),
        _ => (
            rows[0].clone(),
            rows[1..]
                .iter()
                .filter(|r| !is_delimiter_row(r))
                .cloned()
                .collect(),
        ),
    };
    let width = headers.len();
    let body = body
        .into_iter()
        .map(|mut r| {
            if r.len() > width {
                let extra = r.split_off(width).join(" | ");
                if let Some(last) = r.last_mut() {
                    last.push_str(&format!(" | {extra}"));
                }
            }
            r.resize(width, String::new());
            r
        })
        .collect();
    Table {
        headers,
        rows: body,
    }
}

/// The run of task lines starting at line `start`, and the line after it.
fn task_block(lines: &[&str], start: usize) -> Option<(usize, Block)> {
    let mut i = start;
    let mut items = Vec::new();
    while i < lines.len()
        && let Some(task) = task_line(lines[i])
    {
        items.push(task);
        i += 1;
    }
    if items.is_empty() {
        return None;
    }
    let block = Block::Tasks {
        items,
        raw: lines[start..i].join("\n"),
        line: start + 1,
    };
    Some((i, block))
}
