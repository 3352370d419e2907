//! Plain text into blocks: headings by their look (numbered, underlined, ending in ¶), pipe and grid tables, task lines.

use super::*;

/// Reads a pandoc grid table (`+---+---+` borders, `|` cells, `+===+` under the header).
pub fn grid_table(raw: &str) -> Option<Table> {
    let lines: Vec<&str> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let border = |l: &str| {
        l.len() >= 3
            && l.starts_with('+')
            && l.trim_end().ends_with('+')
            && l.chars().all(|c| "+-=:".contains(c))
    };
    if lines.len() < 3 || !border(lines[0]) {
        return None;
    }
    let first: Vec<char> = lines[0].chars().collect();
    let cuts: Vec<usize> = first
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == '+')
        .map(|(i, _)| i)
        .collect();
    if cuts.len() < 2 {
        return None;
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<Vec<String>> = Vec::new();
    let mut header_rows = None;
    for line in &lines[1..] {
        if border(line) {
            if !current.is_empty() {
                let cells = (0..cuts.len() - 1)
                    .map(|c| {
                        current
                            .iter()
                            .map(|parts| parts[c].trim())
                            .filter(|s| !s.is_empty())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect();
                rows.push(cells);
                current.clear();
            }
            if line.contains('=') && header_rows.is_none() {
                header_rows = Some(rows.len());
            }
            continue;
        }
        if !line.starts_with('|') {
            return None;
        }
        let chars: Vec<char> = line.chars().collect();
        // A cell running past its column would be cut: leave such a table as text instead.
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
        current.push(parts);
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

/// Reads plain text: headings marked by numbering, `¶` or underlines (or, when there are none,
/// short one-line paragraphs that introduce the next), pipe tables and task lines.
pub fn read_text(text: &str) -> Outline {
    let mut outline = Outline::default();
    let lines: Vec<&str> = text.split('\n').collect();
    let n = lines.len();
    // Pass 1: explicit headings.
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
            && let Some(level) = underline(lines[i + 1])
            && words(line) <= 12
        {
            headings[i] = Some((level, line.to_string()));
            underlines[i + 1] = true;
        } else if let Some((depth, title)) = numbered_heading(line) {
            // A run of consecutively numbered short lines is a list, not a series of headings.
            let number = |l: &str| -> Option<Vec<u64>> {
                let t = l.trim();
                let end = t.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
                t[..end]
                    .trim_end_matches('.')
                    .split('.')
                    .map(|n| n.parse().ok())
                    .collect()
            };
            let follows = |a: &[u64], b: &[u64]| {
                a.len() == b.len()
                    && a[..a.len() - 1] == b[..b.len() - 1]
                    && a[a.len() - 1] + 1 == b[b.len() - 1]
            };
            let this = number(line).unwrap_or_default();
            let next = lines[i + 1..].iter().find(|l| !l.trim().is_empty());
            let prev = lines[..i].iter().rev().find(|l| !l.trim().is_empty());
            let in_list = next
                .filter(|l| numbered_heading(l).is_some())
                .and_then(|l| number(l))
                .is_some_and(|n| follows(&this, &n))
                || prev
                    .filter(|l| numbered_heading(l).is_some())
                    .and_then(|l| number(l))
                    .is_some_and(|p| follows(&p, &this));
            if !in_list && !this.is_empty() {
                headings[i] = Some((depth, title));
            }
        }
    }
    let explicit = headings.iter().any(Option::is_some);
    if explicit {
        // A short first line before the first heading is the document's title.
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
    } else {
        // No marked headings: a short one-line paragraph followed by more text is a heading.
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
            if single
                && followed
                && words(t) <= 8
                && t.chars().count() <= 70
                && t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                && !t.ends_with([',', ';', ':'])
                && !t.starts_with('|')
                && task_line(t).is_none()
            {
                headings[start] = Some((1, t.to_string()));
            }
        }
    }
    // Pass 2: blocks.
    let mut text_start: Option<usize> = None;
    let mut text_lines: Vec<&str> = Vec::new();
    let flush = |blocks: &mut Vec<Block>, start: &mut Option<usize>, buf: &mut Vec<&str>| {
        let joined = buf.join("\n");
        let lead = buf.iter().take_while(|l| l.trim().is_empty()).count();
        if let Some(s) = start.take()
            && !joined.trim().is_empty()
        {
            blocks.push(Block::Text {
                text: joined.trim_matches('\n').trim_end().to_string(),
                line: s + lead + 1,
            });
        }
        buf.clear();
    };
    let mut i = 0;
    while i < n {
        if let Some((level, title)) = headings[i].clone() {
            flush(&mut outline.blocks, &mut text_start, &mut text_lines);
            outline.blocks.push(Block::Heading {
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
        if pipe_cells(lines[i]).is_some() {
            let start = i;
            while i < n && pipe_cells(lines[i]).is_some() {
                i += 1;
            }
            let rows: Vec<Vec<String>> = lines[start..i]
                .iter()
                .filter_map(|l| pipe_cells(l))
                .collect();
            let delimiter = rows.iter().position(|r| is_delimiter_row(r));
            if i - start >= 2 {
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
                flush(&mut outline.blocks, &mut text_start, &mut text_lines);
                outline.blocks.push(Block::Table {
                    table: Table {
                        headers,
                        rows: body,
                    },
                    raw: lines[start..i].join("\n"),
                    line: start + 1,
                });
                continue;
            }
            i = start;
        }
        if task_line(lines[i]).is_some() {
            let start = i;
            let mut items = Vec::new();
            while i < n
                && let Some(task) = task_line(lines[i])
            {
                items.push(task);
                i += 1;
            }
            flush(&mut outline.blocks, &mut text_start, &mut text_lines);
            outline.blocks.push(Block::Tasks {
                items,
                raw: lines[start..i].join("\n"),
                line: start + 1,
            });
            continue;
        }
        if text_start.is_none() {
            text_start = Some(i);
        }
        text_lines.push(lines[i]);
        i += 1;
    }
    flush(&mut outline.blocks, &mut text_start, &mut text_lines);
    outline
}
