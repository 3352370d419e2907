//! Markdown into blocks, with pulldown-cmark: headings, text kept as written, tables, task lists.

use super::*;

/// Text of inline content, with link targets kept in brackets so no address is lost.
#[derive(Default)]
pub(crate) struct Inline {
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
    /// Drops what was read so far: a new heading, cell or item starts.
    fn reset(&mut self) {
        self.finish();
        self.links.clear();
    }
    /// `text` with each link target read since not already in it added in brackets.
    fn with_links(&mut self, mut text: String) -> String {
        for link in self.links.drain(..) {
            if !text.contains(&link) {
                text.push_str(&format!(" ({link})"));
            }
        }
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
        | Options::ENABLE_FOOTNOTES
        // "## Emergency contacts {#contacts}": the anchor is no part of the title.
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut walk = Walk {
        source: &source,
        ends: &ends,
        found: Vec::new(),
        depth: 0,
        inline: Inline::default(),
        heading: None,
        last_level: 1,
        bold_text: None,
        table: None,
        list: None,
        item_depth: 0,
        item_has_marker: false,
    };
    for (event, range) in Parser::new_ext(&source, options).into_offset_iter() {
        walk.event(&event, range);
    }
    place_blocks(&mut outline.blocks, walk.found, &source, &ends);
    outline
}

/// The walk over the parser's events: what has been found, and what is open.
struct Walk<'s> {
    source: &'s str,
    ends: &'s [usize],
    /// (start, end, block) of each recognised piece, in order.
    found: Vec<(usize, usize, Block)>,
    depth: usize,
    inline: Inline,
    /// The heading being read: its level and where it starts.
    heading: Option<(u8, usize)>,
    /// The level of the last heading written as one (or numbered): a bold line is one below.
    last_level: usize,
    /// Where the last paragraph ends when it was bold throughout and no heading.
    bold_text: Option<usize>,
    /// The table being read, where it starts, and the cells of its row so far.
    table: Option<(Table, usize, Vec<String>)>,
    /// The list being read: where it starts, its tasks, and whether every item so far is one.
    list: Option<(usize, Vec<Task>, bool)>,
    item_depth: usize,
    item_has_marker: bool,
}

impl Walk<'_> {
    /// Takes in one of the parser's events, found over `range` of the source.
    fn event(&mut self, event: &Event, range: std::ops::Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.inline.push(t)
            }
            // A tag inside a heading (`## <span style="color:red">Operation</span>`) styles
            // it: not a word of its title.
            Event::InlineHtml(t) if self.heading.is_some() && is_tag(t) => {}
            Event::InlineHtml(t) | Event::Html(t) => self.inline.push(t),
            Event::SoftBreak | Event::HardBreak => self.inline.space(),
            Event::TaskListMarker(done) if self.depth <= self.item_depth + 1 => {
                self.item_has_marker = true;
                if *done {
                    self.inline.push("\u{1}");
                }
            }
            Event::TaskListMarker(_) => {}
            Event::FootnoteReference(t) => self.inline.push(&format!("[^{t}]")),
            Event::Rule => {}
        }
        self.keep_targets(event);
    }

    /// Keeps the address of each link and image, so no address is lost.
    fn keep_targets(&mut self, event: &Event) {
        let inline = &mut self.inline;
        if let Event::Start(Tag::Image { dest_url, .. }) = event
            && !dest_url.is_empty()
        {
            inline.image_from = Some((inline.text.len(), dest_url.to_string()));
        }
        if let Event::End(TagEnd::Image) = event
            && let Some((from, dest)) = inline.image_from.take()
            && from <= inline.text.len()
        {
            let alt = inline.text.split_off(from);
            inline
                .links
                .push(format!("{} {dest}", alt.trim()).trim().to_string());
        }
        if let Event::Start(Tag::Link { dest_url, .. }) = event {
            let dest = dest_url.to_string();
            if !dest.is_empty() && !dest.starts_with('#') {
                inline.links.push(dest);
            }
        }
    }

    /// An element opens over `range`.
    fn start(&mut self, tag: &Tag, range: std::ops::Range<usize>) {
        match tag {
            Tag::Heading { level, .. } if self.depth == 0 => {
                self.heading = Some((*level as u8, range.start));
                self.last_level = *level as usize;
                self.inline.reset();
            }
            Tag::Table(_) if self.depth == 0 => {
                self.table = Some((Table::default(), range.start, Vec::new()))
            }
            Tag::TableCell => self.inline.reset(),
            Tag::List(_) if self.depth == 0 => self.list = Some((range.start, Vec::new(), true)),
            Tag::Item if self.list.is_some() && self.depth == 1 => {
                self.item_depth = self.depth + 1;
                self.item_has_marker = false;
                self.inline.reset();
            }
            Tag::Paragraph if self.depth == 0 => self.paragraph(range),
            Tag::Paragraph | Tag::CodeBlock(_) | Tag::BlockQuote(_) => self.inline.space(),
            _ => {}
        }
        self.depth += 1;
    }

    /// A paragraph at the top level: a short bold line standing alone is a heading by its
    /// look, and a pandoc grid table (a paragraph to the parser) is a table.
    fn paragraph(&mut self, range: std::ops::Range<usize>) {
        let raw = &self.source[range.clone()];
        let alone = raw.trim();
        // `__Storage outage__` is bold as `**Storage outage**` is.
        let starred;
        let alone = match alone.strip_prefix("__").and_then(|a| a.strip_suffix("__")) {
            Some(inner)
                if !inner.contains("__")
                    && !inner.starts_with(['_', ' '])
                    && !inner.ends_with(['_', ' '])
                    && !inner.is_empty() =>
            {
                starred = format!("**{inner}**");
                starred.as_str()
            }
            _ => alone,
        };
        // A bold line right after a bold paragraph that was no heading is more of that text.
        let after_bold = self
            .bold_text
            .is_some_and(|end| self.source[end..range.start].trim().is_empty());
        self.bold_text = None;
        if !alone.contains('\n')
            && !after_bold
            && let Some((level, numbered)) =
                super::super::documents::heading_by_look(alone, self.last_level)
        {
            if numbered {
                self.last_level = level;
            }
            self.found.push((
                range.start,
                range.end,
                Block::Heading {
                    level: level as u8,
                    title: alone.replace("**", "").trim().to_string(),
                    line: line_of(self.ends, range.start),
                },
            ));
        } else if !alone.contains('\n') && super::super::documents::bold_box_line(alone) {
            self.bold_text = Some(range.end);
        } else if let Some(grid) = grid_table(raw) {
            self.found.push((
                range.start,
                range.end,
                Block::Table {
                    table: grid,
                    raw: raw.trim_end().to_string(),
                    line: line_of(self.ends, range.start),
                },
            ));
        }
    }

    /// An element closes at the end of `range`.
    fn end(&mut self, tag: &TagEnd, range: std::ops::Range<usize>) {
        self.depth = self.depth.saturating_sub(1);
        match tag {
            TagEnd::Heading(_) if self.depth == 0 => self.end_heading(range.end),
            TagEnd::TableCell => {
                if let Some((_, _, cells)) = self.table.as_mut() {
                    let cell = self.inline.finish();
                    cells.push(self.inline.with_links(cell));
                }
            }
            TagEnd::TableHead => {
                if let Some((t, _, cells)) = self.table.as_mut() {
                    t.headers = std::mem::take(cells);
                }
            }
            TagEnd::TableRow => {
                if let Some((t, _, cells)) = self.table.as_mut() {
                    let mut row = std::mem::take(cells);
                    row.resize(t.headers.len(), String::new());
                    t.rows.push(row);
                }
            }
            TagEnd::Table if self.depth == 0 => {
                if let Some((t, start, _)) = self.table.take() {
                    let raw = self.source[start..range.end].trim_end().to_string();
                    let line = line_of(self.ends, start);
                    let block = Block::Table {
                        table: t,
                        raw,
                        line,
                    };
                    self.found.push((start, range.end, block));
                }
            }
            TagEnd::Item if self.depth + 1 == self.item_depth => self.end_item(),
            TagEnd::List(_) if self.depth == 0 => self.end_list(range.end),
            TagEnd::Paragraph | TagEnd::CodeBlock => self.inline.space(),
            _ => {}
        }
    }

    /// A top-level heading ends at `end`.
    fn end_heading(&mut self, end: usize) {
        if let Some((level, start)) = self.heading.take() {
            let title = self.inline.finish();
            let title = self.inline.with_links(heading_title(&title));
            self.found.push((
                start,
                end,
                Block::Heading {
                    level,
                    title,
                    line: line_of(self.ends, start),
                },
            ));
        }
    }

    /// An item of a top-level list ends: a task, or the sign that the list is not a task list.
    fn end_item(&mut self) {
        if let Some((_, items, all_tasks)) = self.list.as_mut() {
            let text = self.inline.finish();
            let text = self.inline.with_links(text);
            if self.item_has_marker {
                let done = text.starts_with('\u{1}');
                let text = text.trim_start_matches('\u{1}').trim().to_string();
                items.push(Task { text, done });
            } else {
                *all_tasks = false;
            }
        }
    }

    /// A top-level list ends at `end`: a block of tasks when every item was one.
    fn end_list(&mut self, end: usize) {
        if let Some((start, items, all_tasks)) = self.list.take()
            && all_tasks
            && !items.is_empty()
        {
            self.found.push((
                start,
                end,
                Block::Tasks {
                    items,
                    raw: self.source[start..end].trim_end().to_string(),
                    line: line_of(self.ends, start),
                },
            ));
        }
    }
}

/// A heading's title as written, without what is not part of it: a heading copied from a
/// web page keeps its anchor mark ("Overview¶"), and a title overlined as in
/// reStructuredText ("=====" above it) is read by Markdown as part of the title.
fn heading_title(title: &str) -> String {
    let title = title.trim_end_matches(['¶', '§']).trim_end();
    let run = title.chars().take_while(|c| "=-#*~^".contains(*c)).count();
    match title[run..].strip_prefix(' ') {
        Some(rest) if run >= 3 => rest.trim_start().to_string(),
        _ => title.to_string(),
    }
}

/// Puts the blocks `found` into `blocks` in the source's order, the source text between them
/// as text blocks. What the parser made of a block must carry every word of its source (a row
/// with more cells than the header, say, loses cells in GFM): if not, a table or task list
/// stays text and a heading keeps its source as its title.
fn place_blocks(
    blocks: &mut Vec<Block>,
    mut found: Vec<(usize, usize, Block)>,
    source: &str,
    ends: &[usize],
) {
    found.sort_by_key(|(start, _, _)| *start);
    let mut at = 0;
    for (start, end, mut block) in found {
        if start < at {
            continue;
        }
        let raw = &source[start..end];
        let raw_words = match &block {
            Block::Tasks { .. } => raw.replace("[x]", "").replace("[X]", ""),
            Block::Heading { .. } => without_tags(without_attributes(raw)),
            _ => raw.to_string(),
        };
        if !covers(&words_carried(&block), &raw_words) {
            match &mut block {
                Block::Heading { title, .. } => *title = title_from_source(raw),
                _ => continue,
            }
        }
        push_text(blocks, source, ends, at, start);
        blocks.push(block);
        at = end;
    }
    push_text(blocks, source, ends, at, source.len());
}

/// Whether inline HTML is one tag (`<span style="…">`, `</span>`, `<br/>`), not text.
fn is_tag(html: &str) -> bool {
    let h = html.trim();
    h.starts_with('<')
        && h.ends_with('>')
        && h[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
        && h.matches('<').count() == 1
}

/// A heading's source without its tags, which style the title and say none of its words.
fn without_tags(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('<') {
        match rest[at..].find('>') {
            Some(len) if is_tag(&rest[at..=at + len]) => {
                out.push_str(&rest[..at]);
                out.push(' ');
                rest = &rest[at + len + 1..];
            }
            _ => {
                out.push_str(&rest[..=at]);
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The words a block carries: what a reader of it sees.
fn words_carried(block: &Block) -> String {
    match block {
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
    }
}

/// A heading's title read straight from its source `raw`, for when the parser lost words of it.
fn title_from_source(raw: &str) -> String {
    let raw = without_attributes(raw);
    let first = raw.lines().next().unwrap_or_default();
    if raw.lines().count() > 1 && !first.trim_start().starts_with('#') {
        raw.lines()
            .filter(|l| underline(l).is_none())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        first.trim().trim_matches('#').trim().to_string()
    }
}

/// A heading's source without the attributes after it (`## Contacts {#contacts .wide}`), which
/// name an anchor and a style, not words of the plan.
fn without_attributes(raw: &str) -> &str {
    let first = raw.lines().next().unwrap_or_default().trim_end();
    match first.rfind(" {") {
        Some(at)
            if first.ends_with('}')
                && first[at + 2..].starts_with(['#', '.'])
                && raw.lines().count() == 1 =>
        {
            &first[..at]
        }
        _ => raw,
    }
}

pub(crate) fn word_counts(text: &str) -> std::collections::HashMap<String, usize> {
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
pub(crate) fn covers(carried: &str, source: &str) -> bool {
    let have = word_counts(carried);
    word_counts(source)
        .iter()
        .all(|(w, n)| have.get(w).copied().unwrap_or(0) >= *n)
}

pub(crate) fn push_text(
    blocks: &mut Vec<Block>,
    source: &str,
    ends: &[usize],
    from: usize,
    to: usize,
) {
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
