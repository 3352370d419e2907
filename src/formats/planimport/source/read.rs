//! Reading a plan file into an outline of blocks: headings, text, tables and task lists.
//!
//! Markdown goes through pulldown-cmark (CommonMark with GFM tables and task lists) with pandoc
//! grid tables, front matter and site-generator markup handled here; plain text is read line by
//! line. Every byte of the file that is not a recognised block is kept in a text block, so
//! nothing is lost on the way in. No decisions about record kinds here.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::formats::planimport::PlanError;

/// What a plan file is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// CommonMark/GFM, with front matter, grid tables and MDX/Hugo/Jekyll markup tolerated.
    Markdown,
    /// Plain text: headings by numbering, `¶` or underlines; pipe tables; `[ ]` task lines.
    Text,
    /// A web page, read into Markdown first.
    Html,
    /// A Word document, read into Markdown first.
    Docx,
    /// An OpenDocument text, read into Markdown first.
    Odt,
    /// reStructuredText, read into Markdown first.
    Rst,
}

impl Format {
    /// The format a file is in: by its extension, else by whether it reads as Markdown.
    pub fn of(file_name: &str, text: &str) -> Format {
        let lower = file_name.to_lowercase();
        if [".md", ".markdown", ".mdx", ".mdown", ".mkd"]
            .iter()
            .any(|e| lower.ends_with(e))
        {
            return Format::Markdown;
        }
        // Anything else by what it holds: a `.txt` written in Markdown is Markdown.
        if Self::reads_as_markdown(text) {
            Format::Markdown
        } else {
            Format::Text
        }
    }

    /// Whether text is written in Markdown: an ATX heading (`## Scope`), or task lists and
    /// fenced blocks (two such lines). Pipe tables alone say nothing: plain text has them too.
    fn reads_as_markdown(text: &str) -> bool {
        let mut signs = 0;
        for l in text.lines() {
            let t = l.trim_start();
            let atx = t.starts_with('#') && {
                let rest = t.trim_start_matches('#');
                rest.starts_with(' ') && t.len() - rest.len() <= 6 && !rest.trim().is_empty()
            };
            if atx {
                return true;
            }
            let task = ["- [ ]", "- [x]", "* [ ]", "* [x]", "- [X]"]
                .iter()
                .any(|p| t.starts_with(p));
            if task || t.starts_with("```") || t.starts_with("~~~") {
                signs += 1;
            }
        }
        signs >= 2
    }

    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Text => "plain text",
            Format::Html => "web page (HTML)",
            Format::Docx => "Word document (DOCX)",
            Format::Odt => "OpenDocument text (ODT)",
            Format::Rst => "reStructuredText",
        }
    }
}

/// A table read from the file: header cells and body rows, as plain text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// The header row.
    pub headers: Vec<String>,
    /// The body rows (each as long as the header).
    pub rows: Vec<Vec<String>>,
}

/// One `- [ ]` step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    /// What to do, as plain text.
    pub text: String,
    /// Whether it was ticked in the file.
    pub done: bool,
}

/// A piece of the file, with the line it starts on (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A heading; level 0 is a plain-text document title, 1–6 as in Markdown.
    Heading {
        /// Nesting level.
        level: u8,
        /// The heading as plain text.
        title: String,
        /// Line.
        line: usize,
    },
    /// Text kept as written (Markdown source, or plain text).
    Text {
        /// The text.
        text: String,
        /// Line.
        line: usize,
    },
    /// A table, and its source for when it becomes text after all.
    Table {
        /// The cells.
        table: Table,
        /// The table as written.
        raw: String,
        /// Line.
        line: usize,
    },
    /// A list whose every item is a task, and its source.
    Tasks {
        /// The steps.
        items: Vec<Task>,
        /// The list as written.
        raw: String,
        /// Line.
        line: usize,
    },
}

impl Block {
    /// The line the block starts on.
    pub fn line(&self) -> usize {
        match self {
            Block::Heading { line, .. }
            | Block::Text { line, .. }
            | Block::Table { line, .. }
            | Block::Tasks { line, .. } => *line,
        }
    }
}

/// Front matter (YAML between `---` lines, or TOML between `+++`), kept whole.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrontMatter {
    /// As written, without the delimiters.
    pub raw: String,
    /// `yaml` or `toml`.
    pub language: &'static str,
    /// Its `title` (or `name`).
    pub title: Option<String>,
    /// Compliance references it says the document satisfies: (framework, reference).
    pub controls: Vec<(String, String)>,
    /// Set when it does not parse (it is still kept as text).
    pub problem: Option<String>,
}

/// A plan file read into blocks.
#[derive(Clone, Debug, Default)]
pub struct Outline {
    /// The front matter, if any.
    pub front: Option<FrontMatter>,
    /// The blocks in file order.
    pub blocks: Vec<Block>,
    /// Lines of MDX/Hugo/Jekyll markup left out (imports, shortcodes, Liquid tags).
    pub noise_lines: Vec<usize>,
    /// Things a person should know about how the file was read.
    pub notes: Vec<String>,
}

/// Decodes the file: UTF-8 (with or without BOM) or UTF-16 with a BOM. Anything else is refused
/// with the line where it stops being text.
pub fn decode(bytes: &[u8]) -> Result<String, PlanError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(PlanError::Empty);
    }
    let text = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let encoding = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[2..]);
        if had_errors {
            let line = text[..text.find('\u{FFFD}').unwrap_or(0)]
                .lines()
                .count()
                .max(1);
            return Err(PlanError::NotText { line });
        }
        text.into_owned()
    } else {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(e) => {
                let line = 1 + bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                return Err(PlanError::NotText { line });
            }
        }
    };
    if let Some(at) =
        text.find(|c: char| c == '\0' || (c.is_control() && !"\n\r\t\x0c".contains(c)))
    {
        let line = 1 + text[..at].matches('\n').count();
        return Err(PlanError::Binary { line });
    }
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Reads a decoded file in the given format.
pub fn read(text: &str, format: Format) -> Outline {
    match format {
        Format::Markdown | Format::Html | Format::Docx | Format::Odt | Format::Rst => {
            read_markdown(text)
        }
        Format::Text => read_text(text),
    }
}

/// Where each line of `text` ends (its `\n`s), so a block's line is found without counting
/// from the top each time (which a file of 60,000 one-line blocks made quadratic).
fn line_ends(text: &str) -> Vec<usize> {
    text.match_indices('\n').map(|(at, _)| at).collect()
}

/// The 1-based line of a byte offset, by its text's [`line_ends`].
fn line_of(line_ends: &[usize], offset: usize) -> usize {
    1 + line_ends.partition_point(|end| *end < offset)
}

/// Replaces lines `from..to` (0-based, end exclusive) with empty lines, keeping line numbers.
fn blank_lines(lines: &mut [String], from: usize, to: usize) {
    let to = to.min(lines.len());
    for l in &mut lines[from..to] {
        l.clear();
    }
}

/// Finds front matter at the top: `---`…`---` (YAML), `+++`…`+++` (TOML), or YAML written
/// without its opening `---` (as some policy templates are) up to a `---` line.
fn take_front_matter(lines: &mut [String]) -> Option<FrontMatter> {
    let first = lines.iter().position(|l| !l.trim().is_empty())?;
    let opener = lines[first].trim_end();
    let (start, end, language) = if opener == "---" || opener == "+++" {
        let close = lines[first + 1..]
            .iter()
            .position(|l| l.trim_end() == opener)?
            + first
            + 1;
        (
            first + 1,
            close,
            if opener == "---" { "yaml" } else { "toml" },
        )
    } else {
        let key_line = |l: &str| {
            l.split_once(':').is_some_and(|(k, _)| {
                !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            })
        };
        if !key_line(opener) {
            return None;
        }
        let close = lines[first..].iter().position(|l| l.trim_end() == "---")? + first;
        let looks_like_yaml = lines[first..close].iter().all(|l| {
            l.trim().is_empty() || l.starts_with(' ') || l.starts_with('\t') || key_line(l)
        });
        if !looks_like_yaml || close - first > 200 {
            return None;
        }
        (first, close, "yaml")
    };
    let raw = lines[start..end].join("\n");
    let mut front = FrontMatter {
        raw: raw.trim_matches('\n').to_string(),
        language,
        ..FrontMatter::default()
    };
    if language == "yaml" {
        read_yaml_front(&raw, &mut front);
    } else {
        read_toml_front(&raw, &mut front);
    }
    blank_lines(lines, first, end + 1);
    Some(front)
}

fn read_yaml_front(raw: &str, front: &mut FrontMatter) {
    use yaml_rust2::{Yaml, YamlLoader};
    let docs = match YamlLoader::load_from_str(raw) {
        Ok(d) => d,
        Err(e) => {
            front.problem = Some(format!("the front matter is not valid YAML ({e})"));
            return;
        }
    };
    let Some(doc) = docs.first() else { return };
    front.title = ["title", "name"]
        .iter()
        .find_map(|k| doc[*k].as_str().map(str::to_string));
    if let Some(map) = doc["satisfies"].as_hash() {
        for (framework, refs) in map {
            let Some(framework) = framework.as_str() else {
                continue;
            };
            let refs: Vec<&Yaml> = match refs {
                Yaml::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for r in refs {
                let text = match r {
                    Yaml::String(s) => s.clone(),
                    Yaml::Real(s) => s.clone(),
                    Yaml::Integer(n) => n.to_string(),
                    _ => continue,
                };
                front.controls.push((framework.to_string(), text));
            }
        }
    }
}

fn read_toml_front(raw: &str, front: &mut FrontMatter) {
    match raw.parse::<toml::Table>() {
        Ok(table) => {
            front.title = ["title", "name"]
                .iter()
                .find_map(|k| table.get(*k).and_then(|v| v.as_str()).map(str::to_string));
        }
        Err(e) => front.problem = Some(format!("the front matter is not valid TOML ({e})")),
    }
}

/// MDX imports/exports, Hugo shortcodes, Jekyll/Liquid tags and kramdown attribute lines: markup
/// for a site generator, not words of the plan. An MDX component defined with the words it
/// shows (`export const Version = … => <p>Change history is tracked…</p>;`) holds text a
/// reader of the page sees, so it is kept as written.
fn is_noise(line: &str) -> bool {
    let t = line.trim();
    let shows_words = t.contains("=>") && t.contains('<');
    let mdx = (t.starts_with("import ")
        && (t.contains(" from ") || t.ends_with("';") || t.ends_with("\";")))
        || (t.starts_with("export ")
            && (t.contains(" from ") || (t.starts_with("export const ") && !shows_words)));
    let shortcode = (t.starts_with("{{<") && t.ends_with(">}}"))
        || (t.starts_with("{{%") && t.ends_with("%}}"));
    let liquid = t.starts_with("{%") && t.ends_with("%}");
    let kramdown = t.starts_with("{:") && t.ends_with('}');
    mdx || shortcode || liquid || kramdown
}

fn prepare(text: &str, outline: &mut Outline) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    outline.front = take_front_matter(&mut lines);
    if let Some(problem) = outline.front.as_ref().and_then(|f| f.problem.clone()) {
        outline
            .notes
            .push(format!("{problem}; it is kept as written"));
    }
    let mut in_fence = false;
    for (i, line) in lines.iter_mut().enumerate() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !in_fence && is_noise(line) {
            outline.noise_lines.push(i + 1);
            line.clear();
        }
    }
    lines.join("\n")
}

/// Text of inline content, with link targets kept in brackets so no address is lost.
#[derive(Default)]
struct Inline {
    text: String,
    links: Vec<String>,
    /// Where the alt text of the image being read starts: it goes with the image's address,
    /// so a badge ("![build](https://…/badge)") is not read as words of a title.
    image_from: Option<(usize, String)>,
}

impl Inline {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }
    fn space(&mut self) {
        if !self.text.ends_with(' ') && !self.text.is_empty() {
            self.text.push(' ');
        }
    }
    fn finish(&mut self) -> String {
        let text = self.text.split_whitespace().collect::<Vec<_>>().join(" ");
        self.text.clear();
        text
    }
}

/// Reads Markdown. Headings, GFM tables, pandoc grid tables and task lists at the top level
/// become blocks; everything between them is kept as source text.
pub fn read_markdown(text: &str) -> Outline {
    let mut outline = Outline::default();
    let source = prepare(text, &mut outline);
    let ends = line_ends(&source);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES;
    // (start, end, block) of each recognised piece, in order.
    let mut found: Vec<(usize, usize, Block)> = Vec::new();
    let mut depth = 0usize;
    let mut inline = Inline::default();
    let mut heading: Option<(u8, usize)> = None;
    // The level of the last heading written as one (or numbered): a bold line is one below.
    let mut last_level = 1usize;
    let mut table: Option<(Table, usize, Vec<String>)> = None;
    let mut list: Option<(usize, Vec<Task>, bool)> = None;
    let mut item_depth = 0usize;
    let mut item_has_marker = false;
    for (event, range) in Parser::new_ext(&source, options).into_offset_iter() {
        match &event {
            Event::Start(tag) => {
                match tag {
                    Tag::Heading { level, .. } if depth == 0 => {
                        heading = Some((*level as u8, range.start));
                        last_level = *level as usize;
                        inline.finish();
                        inline.links.clear();
                    }
                    Tag::Table(_) if depth == 0 => {
                        table = Some((Table::default(), range.start, Vec::new()))
                    }
                    Tag::TableCell => {
                        inline.finish();
                        inline.links.clear();
                    }
                    Tag::List(_) if depth == 0 => list = Some((range.start, Vec::new(), true)),
                    Tag::Item if list.is_some() && depth == 1 => {
                        item_depth = depth + 1;
                        item_has_marker = false;
                        inline.finish();
                        inline.links.clear();
                    }
                    Tag::Paragraph if depth == 0 => {
                        let raw = &source[range.clone()];
                        // A short bold line standing alone is a heading by its look.
                        let alone = raw.trim();
                        if !alone.contains('\n')
                            && let Some((level, numbered)) =
                                super::documents::heading_by_look(alone, last_level)
                        {
                            if numbered {
                                last_level = level;
                            }
                            found.push((
                                range.start,
                                range.end,
                                Block::Heading {
                                    level: level as u8,
                                    title: alone.replace("**", "").trim().to_string(),
                                    line: line_of(&ends, range.start),
                                },
                            ));
                        } else if let Some(grid) = grid_table(raw) {
                            found.push((
                                range.start,
                                range.end,
                                Block::Table {
                                    table: grid,
                                    raw: raw.trim_end().to_string(),
                                    line: line_of(&ends, range.start),
                                },
                            ));
                        }
                    }
                    Tag::Paragraph | Tag::CodeBlock(_) | Tag::BlockQuote(_) => inline.space(),
                    _ => {}
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                match tag {
                    TagEnd::Heading(_) if depth == 0 => {
                        if let Some((level, start)) = heading.take() {
                            // A heading copied from a web page keeps its anchor mark: "Overview¶".
                            // A title overlined as in reStructuredText ("=====" above it)
                            // is read by Markdown as part of the title: it is not.
                            let title = inline.finish();
                            let title = title.trim_end_matches(['¶', '§']).trim_end();
                            let run = title.chars().take_while(|c| "=-#*~^".contains(*c)).count();
                            let mut title = match title[run..].strip_prefix(' ') {
                                Some(rest) if run >= 3 => rest.trim_start().to_string(),
                                _ => title.to_string(),
                            };
                            for link in inline.links.drain(..) {
                                if !title.contains(&link) {
                                    title.push_str(&format!(" ({link})"));
                                }
                            }
                            found.push((
                                start,
                                range.end,
                                Block::Heading {
                                    level,
                                    title,
                                    line: line_of(&ends, start),
                                },
                            ));
                        }
                    }
                    TagEnd::TableCell => {
                        if let Some((_, _, cells)) = table.as_mut() {
                            let mut cell = inline.finish();
                            for link in inline.links.drain(..) {
                                if !cell.contains(&link) {
                                    cell.push_str(&format!(" ({link})"));
                                }
                            }
                            cells.push(cell);
                        }
                    }
                    TagEnd::TableHead => {
                        if let Some((t, _, cells)) = table.as_mut() {
                            t.headers = std::mem::take(cells);
                        }
                    }
                    TagEnd::TableRow => {
                        if let Some((t, _, cells)) = table.as_mut() {
                            let mut row = std::mem::take(cells);
                            row.resize(t.headers.len(), String::new());
                            t.rows.push(row);
                        }
                    }
                    TagEnd::Table if depth == 0 => {
                        if let Some((t, start, _)) = table.take() {
                            found.push((
                                start,
                                range.end,
                                Block::Table {
                                    table: t,
                                    raw: source[start..range.end].trim_end().to_string(),
                                    line: line_of(&ends, start),
                                },
                            ));
                        }
                    }
                    TagEnd::Item if depth + 1 == item_depth => {
                        if let Some((_, items, all_tasks)) = list.as_mut() {
                            let mut text = inline.finish();
                            for link in inline.links.drain(..) {
                                if !text.contains(&link) {
                                    text.push_str(&format!(" ({link})"));
                                }
                            }
                            if item_has_marker {
                                let done = text.starts_with('\u{1}');
                                let text = text.trim_start_matches('\u{1}').trim().to_string();
                                items.push(Task { text, done });
                            } else {
                                *all_tasks = false;
                            }
                        }
                    }
                    TagEnd::List(_) if depth == 0 => {
                        if let Some((start, items, all_tasks)) = list.take()
                            && all_tasks
                            && !items.is_empty()
                        {
                            found.push((
                                start,
                                range.end,
                                Block::Tasks {
                                    items,
                                    raw: source[start..range.end].trim_end().to_string(),
                                    line: line_of(&ends, start),
                                },
                            ));
                        }
                    }
                    TagEnd::Paragraph | TagEnd::CodeBlock => inline.space(),
                    _ => {}
                }
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                inline.push(t)
            }
            Event::InlineHtml(t) | Event::Html(t) => inline.push(t),
            Event::SoftBreak | Event::HardBreak => inline.space(),
            Event::TaskListMarker(done) if depth <= item_depth + 1 => {
                item_has_marker = true;
                if *done {
                    inline.push("\u{1}");
                }
            }
            Event::TaskListMarker(_) => {}
            Event::FootnoteReference(t) => inline.push(&format!("[^{t}]")),
            Event::Rule => {}
        }
        if let Event::Start(Tag::Image { dest_url, .. }) = &event
            && !dest_url.is_empty()
        {
            inline.image_from = Some((inline.text.len(), dest_url.to_string()));
        }
        if let Event::End(TagEnd::Image) = &event
            && let Some((from, dest)) = inline.image_from.take()
            && from <= inline.text.len()
        {
            let alt = inline.text.split_off(from);
            inline
                .links
                .push(format!("{} {dest}", alt.trim()).trim().to_string());
        }
        if let Event::Start(Tag::Link { dest_url, .. }) = &event {
            let dest = dest_url.to_string();
            if !dest.is_empty() && !dest.starts_with('#') {
                inline.links.push(dest);
            }
        }
    }
    found.sort_by_key(|(start, _, _)| *start);
    let mut at = 0;
    for (start, end, mut block) in found {
        if start < at {
            continue;
        }
        // What the parser made of a block must carry every word of its source (a row with more
        // cells than the header, say, loses cells in GFM): if not, a table or task list stays
        // text and a heading keeps its source as its title.
        let raw = &source[start..end];
        let carried = match &block {
            Block::Heading { title, .. } => title.clone(),
            Block::Table { table, .. } => {
                let mut all = table.headers.join(" ");
                for row in &table.rows {
                    all.push(' ');
                    all.push_str(&row.join(" "));
                }
                all
            }
            Block::Tasks { items, .. } => items
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            Block::Text { text, .. } => text.clone(),
        };
        let raw_words = match &block {
            Block::Tasks { .. } => raw.replace("[x]", "").replace("[X]", ""),
            _ => raw.to_string(),
        };
        if !covers(&carried, &raw_words) {
            match &mut block {
                Block::Heading { title, .. } => {
                    let first = raw.lines().next().unwrap_or_default();
                    let text = if raw.lines().count() > 1 && !first.trim_start().starts_with('#') {
                        raw.lines()
                            .filter(|l| underline(l).is_none())
                            .collect::<Vec<_>>()
                            .join(" ")
                    } else {
                        first.trim().trim_matches('#').trim().to_string()
                    };
                    *title = text;
                }
                _ => continue,
            }
        }
        push_text(&mut outline.blocks, &source, &ends, at, start);
        outline.blocks.push(block);
        at = end;
    }
    push_text(&mut outline.blocks, &source, &ends, at, source.len());
    outline
}

fn word_counts(text: &str) -> std::collections::HashMap<String, usize> {
    let mut counts = std::collections::HashMap::new();
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *counts.entry(w.to_lowercase()).or_insert(0) += 1;
    }
    counts
}

/// Whether `carried` holds every word of `source` (as often).
fn covers(carried: &str, source: &str) -> bool {
    let have = word_counts(carried);
    word_counts(source)
        .iter()
        .all(|(w, n)| have.get(w).copied().unwrap_or(0) >= *n)
}

fn push_text(blocks: &mut Vec<Block>, source: &str, ends: &[usize], from: usize, to: usize) {
    let piece = &source[from..to];
    let trimmed = piece.trim_matches('\n');
    if trimmed.trim().is_empty() {
        return;
    }
    let lead = piece.len() - piece.trim_start_matches('\n').len();
    blocks.push(Block::Text {
        text: trimmed.trim_end().to_string(),
        line: line_of(ends, from + lead),
    });
}

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
fn pipe_cells(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    if !t.starts_with('|') || t.len() < 2 {
        return None;
    }
    let inner = t.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    Some(inner.split('|').map(|c| c.trim().to_string()).collect())
}

fn is_delimiter_row(cells: &[String]) -> bool {
    cells.iter().all(|c| {
        let c = c.trim();
        !c.is_empty() && c.trim_matches(':').chars().all(|ch| ch == '-') && c.contains('-')
    })
}

/// A plain-text task line: `- [ ] step`, `[x] step`, `☐ step`, `☑ step`.
fn task_line(line: &str) -> Option<Task> {
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

fn words(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// A numbered heading line ("3. Infrastructure Continuity", "4.2 Backups"): its depth and title
/// (number included).
fn numbered_heading(line: &str) -> Option<(u8, String)> {
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

fn underline(line: &str) -> Option<u8> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(o: &Outline) -> Vec<(u8, String)> {
        o.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, title, .. } => Some((*level, title.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn markdown_headings_tables_and_task_lists_become_blocks() {
        let o = read_markdown(
            "# Plan\n\nIntro *text*.\n\n## Roles\n\n| Role | Primary |\n|---|---|\n| Lead | [Åsa](https://x.se) |\n\n- [ ] Call Åsa\n- [x] Tell staff\n\n1. not a task\n",
        );
        assert_eq!(headings(&o), vec![(1, "Plan".into()), (2, "Roles".into())]);
        let table = o.blocks.iter().find_map(|b| match b {
            Block::Table { table, line, .. } => Some((table.clone(), *line)),
            _ => None,
        });
        let (table, line) = table.unwrap();
        assert_eq!(line, 7);
        assert_eq!(table.headers, vec!["Role", "Primary"]);
        assert_eq!(
            table.rows,
            vec![vec!["Lead".to_string(), "Åsa (https://x.se)".into()]]
        );
        let tasks = o.blocks.iter().find_map(|b| match b {
            Block::Tasks { items, .. } => Some(items.clone()),
            _ => None,
        });
        assert_eq!(
            tasks.unwrap(),
            vec![
                Task {
                    text: "Call Åsa".into(),
                    done: false
                },
                Task {
                    text: "Tell staff".into(),
                    done: true
                }
            ]
        );
        assert!(
            o.blocks
                .iter()
                .any(|b| matches!(b, Block::Text { text, .. } if text == "1. not a task"))
        );
        assert!(
            o.blocks
                .iter()
                .any(|b| matches!(b, Block::Text { text, line: 3 } if text == "Intro *text*."))
        );
    }

    #[test]
    fn blocks_that_would_drop_words_stay_text() {
        // GFM drops cells beyond the header's; such a table is kept as written.
        let o = read_markdown("| A | B |\n|---|---|\n| 1 | 2 | extra words |\n");
        assert!(matches!(&o.blocks[0], Block::Text { text, .. } if text.contains("extra words")));
        let o = read_markdown("## See [the list](https://x.example/list)\n");
        assert!(
            matches!(&o.blocks[0], Block::Heading { title, .. } if title == "See the list (https://x.example/list)")
        );
    }

    #[test]
    fn grid_tables_read_multi_line_cells_and_the_header() {
        let t = grid_table(
            "+------+--------+\n| Name | Job    |\n|      | Title  |\n+======+========+\n| Åsa  | CEO    |\n+------+--------+\n| Bo   | CTO    |\n|      | (acting|\n+------+--------+",
        )
        .unwrap();
        assert_eq!(t.headers, vec!["Name", "Job Title"]);
        assert_eq!(
            t.rows,
            vec![
                vec!["Åsa".to_string(), "CEO".into()],
                vec!["Bo".into(), "CTO (acting".into()]
            ]
        );
        assert!(grid_table("+---+\nnot a row\n+---+").is_none());
        assert!(
            grid_table("+---+---+\n| a | b |\n+===+===+\n| too long | b |\n+---+---+").is_none()
        );
    }

    #[test]
    fn front_matter_with_and_without_its_opening_line() {
        let o = read_markdown("---\ntitle: \"BC plan\"\n---\n# Purpose\n");
        assert_eq!(o.front.unwrap().title.as_deref(), Some("BC plan"));
        let o = read_markdown("name: Policy\nsatisfies:\n  TSC:\n    - CC9.1\n---\n\n# Purpose\n");
        let front = o.front.clone().unwrap();
        assert_eq!(front.title.as_deref(), Some("Policy"));
        assert_eq!(
            front.controls,
            vec![("TSC".to_string(), "CC9.1".to_string())]
        );
        assert_eq!(headings(&o), vec![(1, "Purpose".into())]);
        let o = read_markdown("+++\ntitle = \"T\"\n+++\ntext\n");
        assert_eq!(o.front.unwrap().title.as_deref(), Some("T"));
        let o = read_markdown("---\ntitle: [unclosed\n---\ntext\n");
        assert!(o.notes[0].contains("not valid YAML"), "{:?}", o.notes);
    }

    #[test]
    fn site_generator_markup_is_left_out_but_code_is_not() {
        let o = read_markdown(
            "import Tabs from '@theme/Tabs';\n\n# Plan\n\n{{< hint info >}}\nCall first.\n{{< /hint >}}\n{% include x.html %}\n\n```js\nimport a from 'b';\n```\n",
        );
        assert_eq!(o.noise_lines, vec![1, 5, 7, 8]);
        let text: String = o
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(
            text.contains("Call first.") && text.contains("import a from 'b';"),
            "{text}"
        );
    }

    #[test]
    fn plain_text_headings_by_number_pilcrow_and_underline() {
        let o = read_text(
            "Continuity Plan\nOwner: Åsa\n1. Purpose\nWhy.\n2. Steps\n1. One\n2. Two\n¶ Contacts\nText\nAppendix\n========\nEnd.\n4.1. A long numbered paragraph that is clearly not a heading at all.\n",
        );
        assert_eq!(
            headings(&o),
            vec![
                (0, "Continuity Plan".into()),
                (1, "1. Purpose".into()),
                (1, "2. Steps".into()),
                (1, "Contacts".into()),
                (1, "Appendix".into())
            ]
        );
        // Copied from a web page: the mark ends each heading and no blank line parts them.
        let o = read_text("Plan¶\nOverview¶\nWhy we plan.\nScope¶\nAll staff.\n");
        assert_eq!(
            headings(&o),
            vec![
                (1, "Plan".into()),
                (1, "Overview".into()),
                (1, "Scope".into())
            ]
        );
    }

    #[test]
    fn plain_text_without_marks_finds_short_lead_lines() {
        let o = read_text(
            "Intro line that is rather long and has many words in it here.\n\nEdge infrastructure\n\nVercel edge deployment with built-in DDoS protection and failover.\n\nContact us\n",
        );
        assert_eq!(headings(&o), vec![(1, "Edge infrastructure".into())]);
    }

    #[test]
    fn plain_text_pipe_tables_and_task_lines() {
        let o =
            read_text("| Role | Backup |\n|---|---|\n| CEO | Bo |\n[ ] Call Bo\n☑ Tell staff\n");
        assert!(
            matches!(&o.blocks[0], Block::Table { table, .. } if table.rows == vec![vec!["CEO".to_string(), "Bo".into()]])
        );
        assert!(
            matches!(&o.blocks[1], Block::Tasks { items, line: 4, .. } if items.len() == 2 && items[1].done)
        );
    }

    #[test]
    fn bad_bytes_name_the_line() {
        assert!(matches!(
            decode(b"ok\nalso ok\n\xff bad\n"),
            Err(PlanError::NotText { line: 3 })
        ));
        assert!(matches!(
            decode(b"a\nb\0c"),
            Err(PlanError::Binary { line: 2 })
        ));
        assert!(matches!(decode(b"  \n"), Err(PlanError::Empty)));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Å\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16).unwrap(), "Å\n");
    }
}
