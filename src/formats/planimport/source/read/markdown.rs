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
                                super::super::documents::heading_by_look(alone, last_level)
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
