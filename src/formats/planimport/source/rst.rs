//! reStructuredText (Sphinx and docutils documents, OpenStack's and Python's processes) read into
//! Markdown, so the one Markdown reader and every recogniser read it: section titles by their
//! adornment (levels in the order the styles first appear, as docutils does), literal blocks
//! after `::` as fenced blocks (so a message written there can become a template), grid tables
//! kept as tables, simple tables as pipe tables, enumerated lists numbered, admonitions as
//! quotes, field lists as labels, and inline roles and references as their text (links keep
//! their target). Comments are kept as text — no word of the file is lost — but put after the
//! document's title. Every line of the file stays on its own line, so line numbers still match.
//!
//! Written by hand: no maintained Rust crate reads reStructuredText (the `rst_parser` crate is
//! an unfinished 2020 prototype), and the subset plans use is small.

/// Whether text is reStructuredText: by its name, else by marks only it has — a directive or
/// comment (`.. note::`, `.. _target:`), a section title underlined with a character Markdown
/// does not use for one, or an interpreted-text role (`:ref:`…``).
pub fn looks_like_rst(file_name: &str, text: &str) -> bool {
    let lower = file_name.to_lowercase();
    if lower.ends_with(".rst") || lower.ends_with(".rest") {
        return true;
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut signs = 0;
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with(".. ") && (l.contains("::") || l.starts_with(".. _")) {
            signs += 1;
        }
        if i > 0
            && adornment(l).is_some_and(|c| !"=-".contains(c))
            && !lines[i - 1].trim().is_empty()
            && l.trim().len() >= lines[i - 1].trim().chars().count()
        {
            signs += 1;
        }
        // A title overlined and underlined alike: only reStructuredText writes one.
        if adornment(l).is_some()
            && lines
                .get(i + 2)
                .is_some_and(|u| adornment(u) == adornment(l))
            && lines
                .get(i + 1)
                .is_some_and(|t| !t.trim().is_empty() && adornment(t).is_none())
        {
            signs += 2;
        }
        if l.contains(":ref:`") || l.contains(":doc:`") {
            signs += 1;
        }
    }
    signs >= 2
}

/// A line of one repeated punctuation character (at least three): a title's adornment.
fn adornment(line: &str) -> Option<char> {
    let t = line.trim_end();
    let c = t.chars().next()?;
    (t.chars().count() >= 3 && "=-~^\"'`#*+_:.".contains(c) && t.chars().all(|x| x == c))
        .then_some(c)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The Markdown of a reStructuredText document, line for line.
pub fn rst_to_markdown(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let targets = link_targets(&lines);
    let mut md = Markdown {
        targets: &targets,
        out: Vec::with_capacity(lines.len() + 2),
        styles: Vec::new(),
        comments_before_title: Vec::new(),
        titled: false,
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let next = lines.get(i + 1).copied().unwrap_or("");
        // An overlined title: adornment, title, adornment.
        if let Some(c) = adornment(line)
            && let Some(under) = lines.get(i + 2)
            && adornment(under) == Some(c)
            && !next.trim().is_empty()
            && adornment(next).is_none()
        {
            md.out.push(String::new());
            md.title((true, c), next);
            i += 3;
            continue;
        }
        // An underlined title.
        if !line.trim().is_empty()
            && indent(line) == 0
            && adornment(line).is_none()
            && let Some(c) = adornment(next)
            && next.trim().chars().count() >= line.trim().chars().count().min(3)
            && next.trim().chars().count() + 1 >= line.trim().chars().count()
        {
            md.title((false, c), line);
            i += 2;
            continue;
        }
        if let Some(rest) = line.strip_prefix(".. ") {
            let end = block_end(&lines, i + 1, 1);
            md.explicit_markup(rest, &lines[i + 1..end]);
            i = end;
            continue;
        }
        // A paragraph ending in "::" introduces a literal block.
        if line.trim_end().ends_with("::") && indent(line) == 0 {
            let lead = line.trim_end().trim_end_matches("::").trim_end();
            md.out.push(if lead.is_empty() {
                String::new()
            } else {
                format!("{}:", inline(lead, &targets))
            });
            // (In a list item, "* Check if SSH is alive ::", the block is the item's: indented
            // to its text, so the list goes on after it.)
            let item = match ["* ", "- ", "+ "].iter().any(|m| line.starts_with(m)) {
                true => 2,
                false => 0,
            };
            i = literal_block(&lines, i + 1, item, &mut md.out);
            continue;
        }
        i = md.body_block(&lines, i);
    }
    md.finish()
}

/// Whether line `i` is the term of a definition list: a short line at the margin after a blank
/// line, its definition indented on the next — no list item, title, field or literal lead-in.
fn definition_term(lines: &[&str], i: usize) -> bool {
    let line = lines[i];
    let t = line.trim();
    let next = lines.get(i + 1).copied().unwrap_or("");
    let item = t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with("#. ")
        || t.starts_with(':')
        || t.starts_with('|')
        || t.split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    !t.is_empty()
        && indent(line) == 0
        && (i == 0 || lines[i - 1].trim().is_empty())
        && !item
        && !t.ends_with("::")
        && !t.ends_with(['.', ':', ','])
        && t.split_whitespace().count() <= 8
        && !next.trim().is_empty()
        && indent(next) > 0
        && adornment(next).is_none()
}

/// The Markdown [`rst_to_markdown`] writes, line by line, with what it must remember between
/// lines: the title styles met so far and the comments waiting for the first title.
struct Markdown<'t> {
    targets: &'t [(String, String)],
    out: Vec<String>,
    /// Title styles in the order they first appear: (overlined, character) → level.
    styles: Vec<(bool, char)>,
    comments_before_title: Vec<String>,
    titled: bool,
}

impl Markdown<'_> {
    /// A section title in `style`, as a heading and the blank line after it.
    fn title(&mut self, style: (bool, char), title: &str) {
        let level = level_of(&mut self.styles, style);
        self.out.push(title_line(level, title, self.targets));
        self.out.push(String::new());
        self.titled = after_title(&mut self.out, &mut self.comments_before_title, self.titled);
    }

    /// Explicit markup (`.. ` and the indented `body` under it): a directive, a comment or a
    /// link target.
    fn explicit_markup(&mut self, rest: &str, body: &[&str]) {
        if rest.starts_with('_') || rest.starts_with("__") {
            // A link target: its URL went into the references that name it.
            self.out
                .extend(std::iter::repeat_n(String::new(), body.len() + 1));
        } else if let Some((name, arg)) = rest.split_once("::") {
            directive(name.trim(), arg.trim(), body, self.targets, &mut self.out);
        } else {
            self.comment(rest, body);
        }
    }

    /// A comment, kept as text on one line — after the title, when it comes before it, so the
    /// document still opens with its title.
    fn comment(&mut self, rest: &str, body: &[&str]) {
        let mut words = vec![rest.trim().to_string()];
        words.extend(body.iter().map(|l| l.trim().to_string()));
        let comment = words
            .into_iter()
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if self.titled {
            self.out.push(comment);
        } else {
            self.out.push(String::new());
            self.comments_before_title.push(comment);
        }
        self.out
            .extend(std::iter::repeat_n(String::new(), body.len()));
    }

    /// The block of body text at line `i` — a simple table, a definition list's term, or a
    /// line — written out; the line after it.
    fn body_block(&mut self, lines: &[&str], i: usize) -> usize {
        let line = lines[i];
        // A simple table: a rule of "=" columns, header, rule, rows, rule.
        if is_simple_rule(line)
            && let Some((end, mut table)) = simple_table(lines, i)
        {
            table.resize(table.len().max(end - i), String::new());
            self.out.extend(table);
            return end;
        }
        // A definition list's term ("\"code red\"" over its indented definition): a label
        // over its value, as a field list's is. (Its definition's first line joins it, and
        // leaves its own line blank, so that no line below moves.)
        if definition_term(lines, i) {
            let next = lines.get(i + 1).copied().unwrap_or_default();
            self.out.push(format!(
                "- **{}**: {}",
                inline(line.trim(), self.targets),
                inline(next.trim(), self.targets)
            ));
            self.out.push(String::new());
            return i + 2;
        }
        self.out.push(block_line(line, self.targets));
        i + 1
    }

    /// The Markdown, with any comments still waiting for a title (there was none) at its end.
    fn finish(mut self) -> String {
        if !self.comments_before_title.is_empty() {
            self.out.push(String::new());
            self.out.extend(self.comments_before_title);
        }
        self.out.join("\n")
    }
}

/// After a title: the comments that came before the document's first title follow it, on the
/// blank line the title left (so no line moves).
fn after_title(out: &mut [String], comments: &mut Vec<String>, titled: bool) -> bool {
    if !titled
        && !comments.is_empty()
        && let Some(last) = out.last_mut()
    {
        *last = std::mem::take(comments).join(" ");
    }
    true
}

/// A section title as a Markdown heading.
fn title_line(level: usize, title: &str, targets: &[(String, String)]) -> String {
    format!("{} {}", "#".repeat(level), inline(title.trim(), targets))
}

fn level_of(styles: &mut Vec<(bool, char)>, style: (bool, char)) -> usize {
    match styles.iter().position(|s| *s == style) {
        Some(p) => p + 1,
        None => {
            styles.push(style);
            styles.len()
        }
    }
    .min(6)
}

/// Where an indented block that starts at `from` ends (the first line indented less than
/// `min`, blank lines inside kept, trailing ones not).
fn block_end(lines: &[&str], from: usize, min: usize) -> usize {
    let mut end = from;
    let mut j = from;
    while j < lines.len() {
        let l = lines[j];
        if l.trim().is_empty() {
            j += 1;
            continue;
        }
        if indent(l) < min {
            break;
        }
        j += 1;
        end = j;
    }
    end
}

/// The literal block after a "::" paragraph, as a fenced block, line for line: the blank line
/// before it carries the opening fence and the one after it the closing fence.
fn literal_block(lines: &[&str], mut i: usize, base: usize, out: &mut Vec<String>) -> usize {
    // The blank line(s) between the paragraph and the block.
    let mut blanks = 0;
    while lines.get(i + blanks).is_some_and(|l| l.trim().is_empty()) {
        blanks += 1;
    }
    let Some(first) = lines.get(i + blanks) else {
        return i;
    };
    let depth = indent(first);
    if depth <= base || blanks == 0 {
        return i;
    }
    let end = block_end(lines, i + blanks, depth);
    let margin = " ".repeat(base);
    let fence = format!("{margin}```");
    out.push(fence.clone());
    out.extend(std::iter::repeat_n(String::new(), blanks - 1));
    i += blanks;
    for l in &lines[i..end] {
        let l = l.get(depth..).unwrap_or("").trim_end();
        out.push(match l.is_empty() {
            true => String::new(),
            false => format!("{margin}{l}"),
        });
    }
    i = end;
    if lines.get(i).is_some_and(|l| l.trim().is_empty()) {
        out.push(fence);
        i += 1;
    } else {
        out.push(fence);
    }
    i
}

/// What a directive shows: its content as text (an admonition as a quote, code as a fenced
/// block, an image by its description), line for line.
fn directive(
    name: &str,
    arg: &str,
    body: &[&str],
    targets: &[(String, String)],
    out: &mut Vec<String>,
) {
    let name = name.to_lowercase();
    let body = DirectiveBody::read(body);
    let options = &body.options;
    let content = body.content;
    match name.as_str() {
        "image" | "figure" => {
            let alt = options
                .iter()
                .find(|(k, _)| k == "alt")
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| arg.to_string());
            out.push(format!("*(Image: {alt})*"));
            out.extend(std::iter::repeat_n(String::new(), options.len()));
            out.extend(content.iter().map(|l| inline(&body.dedent(l), targets)));
        }
        "code" | "code-block" | "sourcecode" | "literalinclude" | "highlight" => {
            out.push(format!("```{arg}"));
            out.extend(std::iter::repeat_n(String::new(), options.len()));
            let keep = content
                .iter()
                .rposition(|l| !l.trim().is_empty())
                .map_or(0, |p| p + 1);
            out.extend(content[..keep].iter().map(|l| body.dedent(l)));
            out.push("```".into());
            out.extend(std::iter::repeat_n(
                String::new(),
                content.len().saturating_sub(keep + 1),
            ));
        }
        "note" | "warning" | "important" | "tip" | "caution" | "danger" | "attention" | "hint"
        | "error" | "admonition" | "seealso" => admonition(&name, arg, &body, targets, out),
        _ => {
            // Anything else (toctree, include, meta…): its words as text.
            out.push(inline(arg, targets));
            out.extend(std::iter::repeat_n(String::new(), options.len()));
            out.extend(content.iter().map(|l| inline(&body.dedent(l), targets)));
        }
    }
}

/// What a directive holds under its first line: its options (`:alt: A map`), then its content.
struct DirectiveBody<'b> {
    options: Vec<(String, String)>,
    content: &'b [&'b str],
    /// How far the content is indented (its least indented line).
    indent: usize,
}

impl<'b> DirectiveBody<'b> {
    /// The options and content of a directive's `body`.
    fn read(body: &'b [&'b str]) -> Self {
        let options: Vec<(String, String)> = body
            .iter()
            .map(|l| l.trim())
            .take_while(|l| l.starts_with(':'))
            .filter_map(|l| {
                let (k, v) = l[1..].split_once(':')?;
                Some((k.trim().to_string(), v.trim().to_string()))
            })
            .collect();
        let content = &body[options.len()..];
        let indent = content
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| indent(l))
            .min()
            .unwrap_or(0);
        DirectiveBody {
            options,
            content,
            indent,
        }
    }

    /// A line of the content without the content's indent.
    fn dedent(&self, l: &str) -> String {
        l.get(self.indent..).unwrap_or("").trim_end().to_string()
    }
}

/// An admonition (`.. note::`, `.. admonition:: Title`) as a quote opening with its label.
fn admonition(
    name: &str,
    arg: &str,
    body: &DirectiveBody,
    targets: &[(String, String)],
    out: &mut Vec<String>,
) {
    let label = if name == "admonition" {
        arg.to_string()
    } else {
        let mut c = name.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    };
    let first = if name != "admonition" && !arg.is_empty() {
        format!("> **{label}:** {}", inline(arg, targets))
    } else {
        format!("> **{label}:**")
    };
    out.push(first);
    out.extend(std::iter::repeat_n(">".to_string(), body.options.len()));
    for l in body.content {
        let l = body.dedent(l);
        out.push(if l.is_empty() {
            ">".into()
        } else {
            format!("> {}", inline(&l, targets))
        });
    }
}

fn is_simple_rule(line: &str) -> bool {
    let t = line.trim_end();
    t.starts_with("==") && t.chars().all(|c| c == '=' || c == ' ') && t.contains(' ')
}

/// A simple table (`=====  =====` rules) as a pipe table, padded to the lines it spanned.
fn simple_table(lines: &[&str], start: usize) -> Option<(usize, Vec<String>)> {
    let columns = simple_columns(lines[start]);
    if columns.len() < 2 {
        return None;
    }
    let rules: Vec<usize> = (start + 1..lines.len())
        .take_while(|&j| {
            !(lines[j].trim().is_empty() && lines.get(j + 1).is_none_or(|n| n.trim().is_empty()))
        })
        .filter(|&j| is_simple_rule(lines[j]))
        .collect();
    let (&header_rule, &last) = (rules.first()?, rules.last()?);
    let cell = |l: &str, k: usize| {
        let (s, _) = columns[k];
        let e = columns.get(k + 1).map_or(l.len(), |c| c.0);
        l.get(s.min(l.len())..e.min(l.len()))
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let row = |l: &str| (0..columns.len()).map(|k| cell(l, k)).collect::<Vec<_>>();
    let header: Vec<Vec<String>> = lines[start + 1..header_rule]
        .iter()
        .map(|l| row(l))
        .collect();
    if header.is_empty() || last == header_rule {
        return None;
    }
    let body = simple_rows(&lines[header_rule + 1..last], row);
    let head: Vec<String> = (0..columns.len())
        .map(|k| {
            header
                .iter()
                .map(|h| h[k].clone())
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let pipe = |cells: &[String]| format!("| {} |", cells.join(" | "));
    let mut md = vec![
        String::new(),
        pipe(&head),
        format!("|{}", " --- |".repeat(columns.len())),
    ];
    md.extend(body.iter().map(|r| pipe(r)));
    Some((last + 1, md))
}

/// The columns a simple table's rule marks: (start, end) of each run of `=`.
fn simple_columns(rule: &str) -> Vec<(usize, usize)> {
    let mut columns: Vec<(usize, usize)> = Vec::new();
    let mut at = None;
    for (i, c) in rule
        .char_indices()
        .chain(std::iter::once((rule.len(), ' ')))
    {
        match (c, at) {
            ('=', None) => at = Some(i),
            (' ', Some(s)) => {
                columns.push((s, i));
                at = None;
            }
            _ => {}
        }
    }
    columns
}

/// The rows of a simple table's body, each line cut into cells by `row`; a line with an empty
/// first cell continues the row above rather than starting one.
fn simple_rows(lines: &[&str], row: impl Fn(&str) -> Vec<String>) -> Vec<Vec<String>> {
    let mut body: Vec<Vec<String>> = Vec::new();
    for l in lines {
        if l.trim().is_empty() {
            continue;
        }
        let r = row(l);
        match body.last_mut() {
            Some(prev) if r[0].is_empty() => {
                for (p, c) in prev.iter_mut().zip(r) {
                    if !c.is_empty() {
                        p.push(' ');
                        p.push_str(&c);
                    }
                }
            }
            _ => body.push(r),
        }
    }
    body
}

/// A line outside any block construct: lists renumbered ("#." and "(a)" as Markdown can read
/// them), field list labels bold, inline markup as Markdown.
fn block_line(line: &str, targets: &[(String, String)]) -> String {
    let lead = &line[..indent(line)];
    let t = line.trim_start();
    // ":Owner: Jane" → "**Owner**: Jane".
    if let Some(rest) = t.strip_prefix(':')
        && let Some((field, value)) = rest.split_once(": ")
        && !field.contains('`')
        && field.len() < 40
    {
        return format!("{lead}**{field}**: {}", inline(value, targets));
    }
    // "#. Step", "(a) Step", "a) Step" → "1. Step".
    for (marker, len) in [("#. ", 3)] {
        if t.starts_with(marker) {
            return format!("{lead}1. {}", inline(&t[len..], targets));
        }
    }
    if let Some(rest) = t.strip_prefix('(')
        && let Some((mark, tail)) = rest.split_once(") ")
        && (1..=3).contains(&mark.len())
        && mark.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return format!("{lead}- ({mark}) {}", inline(tail, targets));
    }
    format!("{lead}{}", inline(t, targets))
}

/// The named hyperlink targets: `.. _name: url`.
fn link_targets(lines: &[&str]) -> Vec<(String, String)> {
    lines
        .iter()
        .filter_map(|l| l.strip_prefix(".. _"))
        .filter_map(|rest| {
            let (name, url) = rest.rsplit_once(": ")?;
            let url = url.trim();
            (url.contains("://") || url.starts_with('#') || url.starts_with("mailto:"))
                .then(|| (name.trim_matches('`').to_lowercase(), url.to_string()))
        })
        .collect()
}

fn target<'a>(targets: &'a [(String, String)], name: &str) -> Option<&'a str> {
    let name = name.to_lowercase();
    targets
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, u)| u.as_str())
        .filter(|u| !u.starts_with('#'))
}

/// Inline markup as Markdown: ``literal`` → `literal`, :role:`text <target>` → text,
/// `text <url>`_ → [text](url), `name`_ and name_ → the name (a link when its target is a URL).
pub fn inline(text: &str, targets: &[(String, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(tail) = inline_literal(rest, &mut out) {
            rest = tail;
            continue;
        }
        if let Some(tail) = inline_role(rest, &mut out) {
            rest = tail;
            continue;
        }
        if let Some(tail) = interpreted_text(rest, targets, &mut out) {
            rest = tail;
            continue;
        }
        if let Some(tail) = inline_word(rest, targets, &mut out) {
            rest = tail;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// ``literal`` at the start of `rest`, written as `literal`; what follows it.
fn inline_literal<'r>(rest: &'r str, out: &mut String) -> Option<&'r str> {
    let after = rest.strip_prefix("``")?;
    let end = after.find("``")?;
    out.push('`');
    out.push_str(&after[..end]);
    out.push('`');
    Some(&after[end + 2..])
}

/// A role at the start of `rest` (":ref:`text <target>`"), written as its text; what follows it.
fn inline_role<'r>(rest: &'r str, out: &mut String) -> Option<&'r str> {
    if !rest.starts_with(':') {
        return None;
    }
    let tick = rest[1..].find(":`").map(|p| p + 1)?;
    let named = rest[1..tick]
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':');
    if !named || tick <= 1 {
        return None;
    }
    let end = rest[tick + 2..].find('`')?;
    let inner = &rest[tick + 2..tick + 2 + end];
    out.push_str(link_text(inner));
    Some(&rest[tick + 3 + end..])
}

/// Interpreted text at the start of `rest`: a reference (`` `text <url>`_ ``, `` `name`_ ``)
/// written as a link (or its text, when its target is no URL), anything else in italics; what
/// follows it.
fn interpreted_text<'r>(
    rest: &'r str,
    targets: &[(String, String)],
    out: &mut String,
) -> Option<&'r str> {
    let after = rest.strip_prefix('`')?;
    if after.starts_with('`') {
        return None;
    }
    let end = after.find('`')?;
    let inner = &after[..end];
    let tail = &after[end + 1..];
    let (is_ref, tail) = match tail.strip_prefix("__") {
        Some(t) => (true, t),
        None => match tail.strip_prefix('_') {
            Some(t) => (true, t),
            None => (false, tail),
        },
    };
    let text = link_text(inner);
    let url = inner
        .rsplit_once('<')
        .map(|(_, u)| u.trim_end_matches('>').to_string())
        .filter(|u| u.contains("://"))
        .or_else(|| target(targets, inner).map(str::to_string));
    match url {
        Some(url) if is_ref => out.push_str(&format!("[{text}]({url})")),
        _ if is_ref => out.push_str(text),
        _ => {
            out.push('*');
            out.push_str(text);
            out.push('*');
        }
    }
    Some(tail)
}

/// A word at the start of `rest`, as it is or, when it is a one-word reference ("OSSN_"), as
/// its name (a link when its target is a URL); what follows it.
fn inline_word<'r>(
    rest: &'r str,
    targets: &[(String, String)],
    out: &mut String,
) -> Option<&'r str> {
    if !rest.chars().next()?.is_alphanumeric() {
        return None;
    }
    let word_end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let word = &rest[..word_end];
    if let Some(name) = word.strip_suffix('_')
        && !name.is_empty()
        && !name.ends_with('_')
    {
        match target(targets, name) {
            Some(url) => out.push_str(&format!("[{name}]({url})")),
            None => out.push_str(name),
        }
    } else {
        out.push_str(word);
    }
    Some(&rest[word_end..])
}

/// What `text <target>` shows: the text (or the target when there is no text).
fn link_text(inner: &str) -> &str {
    match inner.rsplit_once('<') {
        Some((text, _)) if !text.trim().is_empty() => text.trim(),
        Some((_, t)) => t.trim_end_matches('>'),
        None => inner.trim_start_matches('~'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_by_their_adornment() {
        let md = rst_to_markdown(
            "==========\n Process\n==========\n\nIntro.\n\nScope\n-----\n\nText.\n\nDetail\n^^^^^^\n\nMore.\n\nOther\n-----\n",
        );
        assert!(md.contains("# Process\n"), "{md}");
        assert!(md.contains("## Scope\n"));
        assert!(md.contains("### Detail\n"));
        assert!(md.contains("## Other\n"));
        // Line for line.
        assert_eq!(md.lines().position(|l| l == "## Scope"), Some(6));
    }

    #[test]
    fn literal_blocks_are_fenced_and_comments_follow_the_title() {
        let md = rst_to_markdown(
            ".. :Copyright: 2017, Acme\n\nTitle\n=====\n\nSend this::\n\n  Dear $NAME,\n  we are down.\n\nAfter.\n",
        );
        assert!(
            md.contains("Send this:\n```\nDear $NAME,\nwe are down.\n```\nAfter."),
            "{md}"
        );
        assert_eq!(md.lines().position(|l| l == "Send this:"), Some(5), "{md}");
        let title = md.find("# Title").unwrap();
        assert!(md.find(":Copyright: 2017, Acme").unwrap() > title, "{md}");
    }

    #[test]
    fn roles_references_and_lists() {
        let t = vec![("ossn".to_string(), "https://wiki.example/Notes".to_string())];
        assert_eq!(
            inline(
                "the :ref:`Vulnerability Management Team` and OSSN_ and ``date -I``",
                &t
            ),
            "the Vulnerability Management Team and [OSSN](https://wiki.example/Notes) and `date -I`"
        );
        assert_eq!(
            inline("see `the site <https://x.example>`_", &[]),
            "see [the site](https://x.example)"
        );
        assert_eq!(
            inline(":ref:`task status <task-status>`", &[]),
            "task status"
        );
        assert_eq!(block_line("#. Call the lead", &[]), "1. Call the lead");
        assert_eq!(block_line(":Owner: Jane Roe", &[]), "**Owner**: Jane Roe");
    }

    #[test]
    fn simple_tables_become_pipe_tables() {
        let md = rst_to_markdown(
            "=====  ==========\nLevel  Response\n=====  ==========\nP1     15 minutes\nP2     1 hour\n=====  ==========\n",
        );
        assert!(
            md.contains(
                "| Level | Response |\n| --- | --- |\n| P1 | 15 minutes |\n| P2 | 1 hour |"
            ),
            "{md}"
        );
    }

    #[test]
    fn what_is_rst() {
        assert!(looks_like_rst("plan.rst", ""));
        assert!(looks_like_rst("plan.txt", "Scope\n^^^^^\n\n.. note:: Hi\n"));
        assert!(!looks_like_rst("plan.txt", "Scope\n=====\n\nText\n"));
        // Overlined titles are reStructuredText's own: not "===== Health checks".
        let text = "=============\nHealth checks\n=============\n\nText\n";
        assert!(looks_like_rst("plan.txt", text));
        assert!(rst_to_markdown(text).contains("# Health checks"));
        let md = crate::formats::planimport::source::read::read_markdown(text);
        assert!(
            md.blocks
                .iter()
                .any(|b| matches!(b, crate::formats::planimport::Block::Heading { title, .. } if title == "Health checks"))
        );
    }
}
