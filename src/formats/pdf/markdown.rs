//! A plan section's Markdown on paper: headings, paragraphs with bold, italic and code, lists
//! and task lists, code blocks, tables, rules, and links with their address after the text.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::layout::{Column, Face, Flow, Ink, Inset, Span, Style, scale};

/// A table row: each cell's runs.
type Row = Vec<Vec<Span>>;

/// How far a list item stands in per level, pt.
const INDENT: f32 = 14.0;

/// Writes `text` (Markdown) into the flow; its headings are sized as if nested `base_level`
/// deep.
pub(super) fn markdown(flow: &mut Flow, text: &str, base_level: usize) {
    let mut w = Writer {
        flow,
        base_level,
        s: State::default(),
    };
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(tag) => w.start(tag),
            Event::End(tag) => w.end(tag),
            other => w.inline(other),
        }
    }
    w.flush();
}

#[derive(Default)]
struct State {
    spans: Vec<Span>,
    bold: usize,
    italic: usize,
    lists: Vec<Option<u64>>,
    /// Header cells, finished rows, the row being read.
    table: Option<(Vec<String>, Vec<Row>, Row)>,
    in_head: bool,
    code: bool,
    link: Option<String>,
}

struct Writer<'f> {
    flow: &'f mut Flow,
    base_level: usize,
    s: State,
}

impl Writer<'_> {
    /// The face of text read now.
    fn face(&self) -> Face {
        if self.s.code {
            Face::Mono
        } else if self.s.bold > 0 {
            Face::Bold
        } else if self.s.italic > 0 {
            Face::Italic
        } else {
            Face::Regular
        }
    }

    /// Writes the runs read so far as a paragraph, indented as deep as the list it is in.
    fn flush(&mut self) {
        if self.s.spans.iter().all(|sp| sp.text.trim().is_empty()) {
            self.s.spans.clear();
            return;
        }
        let depth = self.s.lists.len() as f32;
        let spans = std::mem::take(&mut self.s.spans);
        self.flow
            .paragraph_in(&spans, Inset::left(depth * INDENT), Style::BODY);
        self.flow.space(scale::BODY * 0.35);
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { .. } => self.flush(),
            Tag::Strong => self.s.bold += 1,
            Tag::Emphasis => self.s.italic += 1,
            Tag::List(start) => {
                self.flush();
                self.s.lists.push(start);
            }
            Tag::Item => {
                self.flush();
                let marker = match self.s.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "• ".to_string(),
                };
                self.s.spans.push(Span::new(marker, Face::Regular));
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.s.code = true;
            }
            Tag::Table(_) => {
                self.flush();
                self.s.table = Some((Vec::new(), Vec::new(), Vec::new()));
            }
            Tag::TableHead => self.s.in_head = true,
            Tag::Link { dest_url, .. } => {
                self.s.link = (!dest_url.starts_with('#')).then(|| dest_url.to_string());
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(level) => self.heading(level as usize),
            TagEnd::Paragraph | TagEnd::Item => self.flush(),
            TagEnd::Strong => self.s.bold = self.s.bold.saturating_sub(1),
            TagEnd::Emphasis => self.s.italic = self.s.italic.saturating_sub(1),
            TagEnd::List(_) => {
                self.flush();
                self.s.lists.pop();
            }
            TagEnd::CodeBlock => self.code_block(),
            TagEnd::TableHead => self.s.in_head = false,
            TagEnd::TableCell => self.cell(),
            TagEnd::TableRow => {
                if let Some((_, rows, row)) = self.s.table.as_mut() {
                    rows.push(std::mem::take(row));
                }
            }
            TagEnd::Table => self.table(),
            TagEnd::Link => {
                // Paper cannot be clicked: the address follows the link text.
                if let Some(url) = self.s.link.take()
                    && !self.s.spans.last().is_some_and(|sp| sp.text.contains(&url))
                {
                    self.s
                        .spans
                        .push(Span::new(format!(" ({url})"), Face::Regular));
                }
            }
            _ => {}
        }
    }

    fn inline(&mut self, event: Event<'_>) {
        match event {
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                let face = self.face();
                self.s.spans.push(Span::new(t.to_string(), face));
            }
            Event::Code(t) => self.s.spans.push(Span::new(t.to_string(), Face::Mono)),
            Event::SoftBreak => self.s.spans.push(Span::new(" ", Face::Regular)),
            Event::HardBreak => self.s.spans.push(Span::new("\n", Face::Regular)),
            Event::TaskListMarker(done) => {
                self.s.spans.pop();
                let marker = if done { "☑ " } else { "☐ " };
                self.s.spans.push(Span::new(marker, Face::Regular));
            }
            Event::Rule => {
                self.flush();
                let flow = &mut *self.flow;
                let (x, y, w) = (flow.left(), flow.y + 4.0, flow.text_width());
                flow.line(x, y, x + w, y, 0.5, Ink::LINE);
                flow.space(10.0);
            }
            _ => {}
        }
    }

    fn heading(&mut self, level: usize) {
        let text: String = self.s.spans.drain(..).map(|sp| sp.text).collect();
        let size = match self.base_level + level {
            0..=2 => 13.0,
            3 => 11.5,
            _ => 10.5,
        };
        self.flow
            .heading(&text, Style::heading(size, Ink::TEXT), 30.0);
    }

    fn code_block(&mut self) {
        let spans = std::mem::take(&mut self.s.spans);
        let text: String = spans.into_iter().map(|sp| sp.text).collect();
        let code = Style::text(scale::SMALL).leading(scale::SMALL * 1.4);
        self.flow.paragraph_in(
            &[Span::new(text.trim_end(), Face::Mono)],
            Inset::left(8.0),
            code,
        );
        self.flow.space(scale::BODY * 0.4);
        self.s.code = false;
    }

    fn cell(&mut self) {
        let cell = std::mem::take(&mut self.s.spans);
        if let Some((head, _, row)) = self.s.table.as_mut() {
            if self.s.in_head {
                head.push(cell.into_iter().map(|sp| sp.text).collect());
            } else {
                row.push(cell);
            }
        }
    }

    fn table(&mut self) {
        let Some((head, rows, _)) = self.s.table.take() else {
            return;
        };
        let columns: Vec<Column> = head
            .into_iter()
            .map(|title| Column {
                title,
                weight: 1.0,
                checkbox: false,
            })
            .collect();
        let rows: Vec<Row> = rows
            .into_iter()
            .map(|mut r| {
                r.resize(columns.len(), Vec::new());
                r
            })
            .collect();
        if !columns.is_empty() {
            self.flow.table(&columns, &rows, scale::SMALL);
        }
    }
}
