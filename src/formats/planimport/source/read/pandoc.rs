//! Pandoc's own Markdown, as pandoc writes it when it turns a Word or web document into its
//! default Markdown: raw HTML kept in ```` ```{=html} ```` fences (read as the HTML it is, not
//! as code), and its tables — simple and multiline, with a header or without. CommonMark knows none
//! of them: their dashed rules read as thematic breaks or setext underlines and their rows as
//! paragraphs. Each is rewritten here as a pipe table over the same lines (padded with blank
//! lines), so the reader sees a table and every line keeps its number.
//!
//! The columns are where the rule's runs of dashes start: a cell is what stands from its run's
//! start to the next run's start. Rows of a multiline table are separated by blank lines and
//! their lines joined; a row that is only escaped dashes (`\-\-\-`, left by converting a
//! converted table again) is dropped.

/// A rule: dashes and spaces only, its runs of dashes (start, end) in characters. A run needs
/// two dashes at least, so `- - -` (a thematic break) is none.
fn runs(line: &str) -> Option<Vec<(usize, usize)>> {
    let t = line.trim_end();
    if t.is_empty() || !t.chars().all(|c| c == '-' || c == ' ') {
        return None;
    }
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut at = None;
    for (i, c) in t.chars().chain(std::iter::once(' ')).enumerate() {
        match (c, at) {
            ('-', None) => at = Some(i),
            (' ', Some(s)) => {
                out.push((s, i));
                at = None;
            }
            _ => {}
        }
    }
    (out.iter().all(|(s, e)| e - s >= 2) && !out.is_empty()).then_some(out)
}

/// The most lines a table's closing rule is looked for over: a table is never this long between
/// rules, and a file of many opening rules with no closing one is read in linear time.
const REACH: usize = 1_000;

fn blank(line: Option<&String>) -> bool {
    line.is_none_or(|l| l.trim().is_empty())
}

/// Whether `line` stands in the columns as pandoc lines its cells up: nothing left of the first
/// column, and no cut between two characters of a word. (A table that does not — wide
/// characters, tabs, or no table at all — is left as written rather than cut mid-word.)
fn fits(line: &str, columns: &[(usize, usize)]) -> bool {
    let chars: Vec<char> = line.chars().collect();
    let solid = |at: usize| chars.get(at).is_some_and(|c| !c.is_whitespace());
    let first = columns.first().map_or(0, |c| c.0);
    (0..first.min(chars.len())).all(|at| !solid(at))
        && columns
            .iter()
            .skip(1)
            .all(|&(cut, _)| cut == 0 || !(solid(cut - 1) && solid(cut)))
}

/// The cells of `line` cut at the columns' starts.
fn cells(line: &str, columns: &[(usize, usize)]) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    (0..columns.len())
        .map(|k| {
            let from = columns[k].0.min(chars.len());
            let to = columns
                .get(k + 1)
                .map_or(chars.len(), |c| c.0.min(chars.len()));
            chars[from..to.max(from)]
                .iter()
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect()
}

/// Whether a row is nothing but escaped dashes (`\-\-\-`), or empty.
fn dashes_only(row: &[String]) -> bool {
    row.iter()
        .all(|c| c.chars().all(|ch| matches!(ch, '\\' | '-' | ' ')))
}

/// One table found: its lines `from..=to`, the columns, the lines of its header (if it has
/// one, `start..end`) and of its rows (`rows_from..=rows_to`).
struct Found {
    from: usize,
    to: usize,
    columns: Vec<(usize, usize)>,
    header: Option<(usize, usize)>,
    rows_from: usize,
    rows_to: usize,
}

/// Where a fenced code block opens or closes, or a heading stands: a simple table's rows end
/// before it.
fn ends_rows(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```") || t.starts_with("~~~") || t.starts_with('#')
}

/// A table starting at line `i`, if one does; `rules[j]` is [`runs`] of line `j`.
fn table_at(lines: &[String], rules: &[Option<Vec<(usize, usize)>>], i: usize) -> Option<Found> {
    // A line indented as code (or inside a list item) is left to what it is in.
    let indent = lines[i].len() - lines[i].trim_start().len();
    if (i > 0 && !blank(lines.get(i - 1))) || indent >= 4 {
        return None;
    }
    let first = rules[i].clone();
    // A header line over a rule of two columns or more: a simple table, ended by a blank line.
    if first.is_none() {
        let columns = rules.get(i + 1)?.clone().filter(|r| r.len() >= 2)?;
        let end = (i + 2..lines.len())
            .find(|&j| blank(lines.get(j)) || ends_rows(&lines[j]))
            .unwrap_or(lines.len());
        if end <= i + 2
            || lines[i]
                .trim_start()
                .starts_with(['#', '|', '>', '*', '-', '+'])
        {
            return None;
        }
        return Some(Found {
            from: i,
            to: end - 1,
            columns,
            header: Some((i, i + 1)),
            rows_from: i + 2,
            rows_to: end - 1,
        });
    }
    let first = first?;
    // A rule opening the table, and the same rule (or one spanning it) closing it.
    let close = (i + 1..lines.len().min(i + REACH)).find(|&j| rules[j].is_some())?;
    if close <= i + 1 || blank(lines.get(i + 1)) {
        return None;
    }
    if first.len() == 1 {
        // A multiline table: a full-width rule, the header, the columns' rule, rows, a rule.
        let columns = rules[close].clone().filter(|r| r.len() >= 2)?;
        let end = (close + 1..lines.len().min(close + REACH)).find(|&j| {
            rules[j].as_ref().is_some_and(|r| r.len() == 1) && blank(lines.get(j + 1))
        })?;
        if end <= close + 1 {
            return None;
        }
        return Some(Found {
            from: i,
            to: end,
            columns,
            header: Some((i + 1, close)),
            rows_from: close + 1,
            rows_to: end - 1,
        });
    }
    // A table with no header: its rule, rows, the rule again; the first row is taken as the
    // header, as a reader would take it.
    if !blank(lines.get(close + 1)) {
        return None;
    }
    Some(Found {
        from: i,
        to: close,
        columns: first,
        header: None,
        rows_from: i + 1,
        rows_to: close - 1,
    })
}

/// The rows of lines `body`: one per line, or, where blank lines separate them, one per group
/// of lines, each cell's lines joined.
fn rows(body: &[String], columns: &[(usize, usize)]) -> Vec<Vec<String>> {
    let grouped = body.iter().any(|l| l.trim().is_empty());
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<Vec<String>> = Vec::new();
    let flush = |current: &mut Vec<Vec<String>>, out: &mut Vec<Vec<String>>| {
        if current.is_empty() {
            return;
        }
        let joined = (0..columns.len())
            .map(|k| {
                current
                    .iter()
                    .map(|c| c[k].as_str())
                    .filter(|c| !c.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        out.push(joined);
        current.clear();
    };
    for line in body {
        if line.trim().is_empty() {
            flush(&mut current, &mut out);
            continue;
        }
        current.push(cells(line, columns));
        if !grouped {
            flush(&mut current, &mut out);
        }
    }
    flush(&mut current, &mut out);
    out.retain(|r| !dashes_only(r));
    out
}

fn pipe(cells: &[String]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| c.replace('|', "\\|")).collect();
    format!("| {} |", cells.join(" | "))
}

/// `text` with pandoc's raw HTML fences opened (see [`unfence_raw_html`]), before its raw HTML
/// is read (which leaves fenced code alone).
pub(crate) fn unfenced(text: &str) -> String {
    if !text.contains("{=html") {
        return text.to_string();
    }
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    unfence_raw_html(&mut lines);
    lines.join("\n")
}

/// Writes plainly, outside code, the escapes pandoc adds (see [`plain_escapes`]) — after its
/// tables are read, whose columns the escapes' backslashes take part in.
pub(crate) fn plain_escapes_in(lines: &mut [String]) {
    let mut fence = false;
    for line in lines.iter_mut() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
        }
        // Not in code: fenced, in a span, or indented as a code block.
        let indented = line.starts_with("    ") || line.starts_with('\t');
        if !fence && !indented && !line.contains('`') && line.contains('\\') {
            *line = plain_escapes(line);
        }
    }
}

/// A line with the escapes pandoc writes for no reason of CommonMark's written plainly: quotes,
/// `\$` (for its own TeX math), parentheses (`\(b\)`, against its own lettered lists), `\<`
/// before what could start no tag ("\<1 hour").
fn plain_escapes(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let mut ahead = chars.clone();
            // "1\)" opening a line stays escaped: plain, it would start a list item.
            let numbering = out.trim_start().chars().all(|d| d.is_ascii_digit());
            match ahead.next() {
                // An escaped backslash is a pair, kept as written.
                Some('\\') => {
                    out.push_str("\\\\");
                    chars.next();
                    continue;
                }
                Some(')') if numbering => {}
                Some(q @ ('\'' | '"' | '$' | '(' | ')')) => {
                    out.push(q);
                    chars.next();
                    continue;
                }
                // "\<1 hour", "\< 5", "\<=": no tag, no comment can start so.
                Some('<')
                    if ahead
                        .next()
                        .is_some_and(|n| n.is_ascii_digit() || n == ' ' || n == '=') =>
                {
                    out.push('<');
                    chars.next();
                    continue;
                }
                _ => {}
            }
        }
        out.push(c);
    }
    out
}

/// Opens pandoc's raw HTML fences (```` ```{=html} ```` … ```` ``` ````): their fence lines are
/// blanked, so what they hold is read as the HTML a browser would show.
pub(crate) fn unfence_raw_html(lines: &mut [String]) {
    let mut open: Option<(usize, String)> = None;
    for i in 0..lines.len() {
        let t = lines[i].trim();
        match &open {
            None => {
                let fence: String = t.chars().take_while(|c| *c == '`' || *c == '~').collect();
                let info = t[fence.len()..].trim();
                if fence.len() >= 3 && matches!(info, "{=html}" | "{=html5}") {
                    open = Some((i, fence));
                }
            }
            Some((start, fence)) if t == fence.as_str() => {
                let start = *start;
                lines[start].clear();
                lines[i].clear();
                open = None;
            }
            Some(_) => {}
        }
    }
}

/// Rewrites every pandoc table outside code fences in `lines` as a pipe table on the same lines.
pub(crate) fn pipe_pandoc_tables(lines: &mut [String]) {
    // Each line's rule read once (a table looked for from many lines reads them again).
    let rules: Vec<Option<Vec<(usize, usize)>>> = lines.iter().map(|l| runs(l)).collect();
    let mut i = 0;
    let mut in_fence = false;
    while i < lines.len() {
        let t = lines[i].trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        let Some(found) = (!in_fence)
            .then(|| table_at(lines, &rules, i))
            .flatten()
            // (A row of escaped dashes is dropped whatever its cuts.)
            .filter(|f| {
                (f.from..=f.to).all(|j| {
                    rules[j].is_some()
                        || lines[j].chars().all(|c| matches!(c, '\\' | '-' | ' '))
                        || fits(&lines[j], &f.columns)
                })
            })
        else {
            i += 1;
            continue;
        };
        let mut body = rows(&lines[found.rows_from..=found.rows_to], &found.columns);
        let header = match found.header {
            // A header of several lines (a multiline table's) is one row, its lines joined.
            Some((start, end)) => {
                let parts = rows(&lines[start..end], &found.columns);
                (0..found.columns.len())
                    .map(|k| {
                        let words: Vec<&str> = parts
                            .iter()
                            .map(|r| r[k].as_str())
                            .filter(|c| !c.is_empty())
                            .collect();
                        words.join(" ")
                    })
                    .collect()
            }
            None if !body.is_empty() => body.remove(0),
            None => Vec::new(),
        };
        let span = found.to - found.from + 1;
        if header.iter().all(String::is_empty) || body.is_empty() || body.len() + 2 > span {
            i += 1;
            continue;
        }
        let mut out = vec![
            pipe(&header),
            format!("|{}", " --- |".repeat(found.columns.len())),
        ];
        out.extend(body.iter().map(|r| pipe(r)));
        out.resize(span, String::new());
        for (k, line) in out.into_iter().enumerate() {
            lines[found.from + k] = line;
        }
        i = found.to + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piped(text: &str) -> Vec<String> {
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let n = lines.len();
        pipe_pandoc_tables(&mut lines);
        assert_eq!(lines.len(), n, "every line keeps its number");
        lines.into_iter().filter(|l| !l.is_empty()).collect()
    }

    #[test]
    fn a_simple_table_with_its_header() {
        let got = piped(
            "\n  Role      Person         Phone\n  --------  -------------  -----------\n  Lead      Ana Costa      0755 112233\n  Backup    Ben Okafor     0798 554433\n\nAfter.",
        );
        assert_eq!(got[0], "| Role | Person | Phone |");
        assert_eq!(got[2], "| Lead | Ana Costa | 0755 112233 |");
        assert_eq!(got[3], "| Backup | Ben Okafor | 0798 554433 |");
        assert_eq!(got[4], "After.");
    }

    #[test]
    fn a_table_without_a_header_between_rules_and_a_row_of_escaped_dashes() {
        let text = "\n  ------------- ------------------- -----------------\n  Function      Primary Responsible Interim Cover\n  \\-\\-\\-\\-\\-   \\-\\-\\-\\-\\-\\-\\-\\-   \\-\\-\\-\\-\\-\\-\n  Client        Director            ADM to manage care\n  Finance       Operations Manager  ADM decides\n  ------------- ------------------- -----------------\n";
        let got = piped(text);
        assert_eq!(got[0], "| Function | Primary Responsible | Interim Cover |");
        assert_eq!(got[2], "| Client | Director | ADM to manage care |");
        assert_eq!(got[3], "| Finance | Operations Manager | ADM decides |");
        assert_eq!(got.len(), 4);
    }

    #[test]
    fn a_multiline_table_joins_each_rows_lines() {
        let text = "\n-------------------------------------\n Step     What to do\n -------  ---------------------------\n 1        Call the lead and say\n          what happened.\n\n 2        Open the checklist.\n-------------------------------------\n\n";
        let got = piped(text);
        assert_eq!(got[0], "| Step | What to do |");
        assert_eq!(got[2], "| 1 | Call the lead and say what happened. |");
        assert_eq!(got[3], "| 2 | Open the checklist. |");
    }

    #[test]
    fn quotes_pandoc_escapes_are_written_plainly_outside_code() {
        let written = r#"The team\'s \"ability\".
```
a\'b
```
in `x\'y` code"#;
        let plain = r#"The team's "ability".
```
a\'b
```
in `x\'y` code"#;
        let mut lines: Vec<String> = written.lines().map(str::to_string).collect();
        plain_escapes_in(&mut lines);
        assert_eq!(lines.join("\n"), plain);
        assert_eq!(
            plain_escapes(r"\(b\) RTO: \<1 hour, \$1000+/hour, \<b\> stays, \*kept\*"),
            r"(b) RTO: <1 hour, $1000+/hour, \<b\> stays, \*kept\*"
        );
        assert_eq!(
            plain_escapes(r"1\) first, \<!-- note --\>, ^\\$ and \\'"),
            r"1\) first, \<!-- note --\>, ^\\$ and \\'"
        );
    }

    #[test]
    fn raw_html_fences_are_opened_and_other_fences_kept() {
        let mut lines: Vec<String> =
            "```{=html}\n<table><tr><td>Critical</td></tr></table>\n```\n\n```\ncode\n```"
                .lines()
                .map(str::to_string)
                .collect();
        unfence_raw_html(&mut lines);
        assert_eq!(
            lines,
            [
                "",
                "<table><tr><td>Critical</td></tr></table>",
                "",
                "",
                "```",
                "code",
                "```"
            ]
        );
    }

    #[test]
    fn many_opening_rules_with_no_close_are_read_in_linear_time() {
        // Each "-----" over a header and a column rule opens a multiline table that never
        // closes: without a bound, each would be looked for to the end of the file.
        let mut lines: Vec<String> = Vec::new();
        for _ in 0..10_000 {
            lines.extend(["", "-----------", "a  b", "-- --", "x  y"].map(String::from));
        }
        let before = lines.clone();
        pipe_pandoc_tables(&mut lines);
        // (Not a timing claim: a quadratic read of these 50,000 lines would not end within
        // the test command's run.) None of them is a table.
        assert_eq!(lines, before);
    }

    #[test]
    fn a_table_whose_columns_would_cut_words_is_left_as_written() {
        for text in [
            // Words left of the first column.
            "\nOwner  Backup\n ----- ------\nAna    Ben\n\n",
            // Indented as code (command output in a code block).
            "\n    Name    State\n    ------  -----\n    db1     up\n\n",
        ] {
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            let before = lines.clone();
            pipe_pandoc_tables(&mut lines);
            assert_eq!(lines, before, "{text:?}");
        }
        // A fence in a simple table's rows ends them before it: the fence stays whole.
        let mut lines: Vec<String> =
            "\nStep  Action\n----  ------\n1     Run it\n```\ncode\n\nmore\n```"
                .lines()
                .map(str::to_string)
                .collect();
        pipe_pandoc_tables(&mut lines);
        assert_eq!(lines[1], "| Step | Action |");
        assert_eq!(lines[4..], ["```", "code", "", "more", "```"]);
    }

    #[test]
    fn rules_and_headings_that_are_no_tables_stay() {
        for text in [
            "Title\n-----\n\nText.",
            "\n---\n\nText.",
            "\n- - -\n\nText.",
            "Para\n\n--- ---\n\nText.",
            "# Heading\n-------  -------\nrow  row\n",
        ] {
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            let before = lines.clone();
            pipe_pandoc_tables(&mut lines);
            assert_eq!(lines, before, "{text:?}");
        }
    }
}
