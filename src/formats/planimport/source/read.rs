//! Reading a plan file into an outline of blocks: headings, text, tables and task lists.
//!
//! Markdown goes through pulldown-cmark (CommonMark with GFM tables and task lists) with pandoc
//! grid tables, front matter and site-generator markup handled here; plain text is read line by
//! line. Every byte of the file that is not a recognised block is kept in a text block, so
//! nothing is lost on the way in. No decisions about record kinds here.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::formats::planimport::PlanError;

mod front;
mod markdown;
pub(crate) mod pandoc;
mod text;
pub(crate) use front::*;
pub use markdown::*;
pub use text::*;

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
        let mut above = "";
        for l in text.lines() {
            let previous = std::mem::replace(&mut above, l);
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
            // (A line of tildes as long as the title above it underlines that title, as
            // AsciiDoc and plain text do: "Communications\n~~~~~~~~~~~~~~".)
            let fence = (t.starts_with("```") || t.starts_with("~~~"))
                && text::underline_of(previous, l).is_none();
            if task || fence {
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

/// Characters that show nothing and join no words: zero-width spaces (a site generator's
/// heading anchors leave one after "Roles"), word joiners and byte-order marks.
const INVISIBLE: [char; 3] = ['\u{200b}', '\u{2060}', '\u{feff}'];

/// Reads a decoded file in the given format.
pub fn read(text: &str, format: Format) -> Outline {
    let visible;
    let text = match text.contains(INVISIBLE) {
        true => {
            visible = text.replace(INVISIBLE, "");
            visible.as_str()
        }
        false => text,
    };
    let mut outline = match format {
        Format::Markdown | Format::Html | Format::Docx | Format::Odt | Format::Rst => {
            read_markdown(text)
        }
        Format::Text => read_text(text),
    };
    reach_headings_as_text(&mut outline.blocks);
    outline
}

/// Labels of a line that only says where someone is or how to reach them.
const REACH_LABELS: &[&str] = &[
    "directions",
    "address",
    "location",
    "phone",
    "telephone",
    "tel",
    "mobile",
    "cell",
    "fax",
    "email",
    "e-mail",
    "website",
    "web",
    "hours",
    "opening hours",
];

/// Whether a heading only says how to reach someone or where they are ("512-982-0535",
/// "Directions: 301 Chisholm Trail, Round Rock", "info@example.org"): a web page styles such
/// lines as headings under the name they belong to, but they are its text, not a part of the
/// plan.
fn only_reach(title: &str) -> bool {
    let (plain, _) = crate::formats::planimport::normalise::clean_title(title);
    let plain = plain.trim();
    let digits = plain.chars().filter(char::is_ascii_digit).count();
    let phone = digits >= 7
        && plain
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().x/".contains(c));
    let email = !plain.contains(' ') && plain.contains('@') && plain.contains('.');
    // ("Location: Main office" names a part of the plan; a street or a number has digits.)
    let labelled = plain.split_once(':').is_some_and(|(label, value)| {
        REACH_LABELS.contains(&label.trim().to_lowercase().as_str())
            && value.contains(|c: char| c.is_ascii_digit() || c == '@')
    });
    phone || email || labelled
}

/// Headings that only say how to reach someone ([`only_reach`]) made text, those one after
/// another one block of lines.
fn reach_headings_as_text(blocks: &mut Vec<Block>) {
    if !blocks
        .iter()
        .any(|b| matches!(b, Block::Heading { title, .. } if only_reach(title)))
    {
        return;
    }
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut previous_was_reach = false;
    for block in blocks.drain(..) {
        match block {
            Block::Heading { title, line, .. } if only_reach(&title) => {
                match (previous_was_reach, out.last_mut()) {
                    (true, Some(Block::Text { text, .. })) => {
                        text.push('\n');
                        text.push_str(&title);
                    }
                    _ => out.push(Block::Text { text: title, line }),
                }
                previous_was_reach = true;
            }
            other => {
                previous_was_reach = false;
                out.push(other);
            }
        }
    }
    *blocks = out;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_that_only_say_how_to_reach_someone_are_text() {
        let o = read(
            "## Emergency Animal Hospital South\n\n### Directions: 4434 Frontier Trail, Austin\n\n### [512-580-9233](tel:512-580-9233)\n\n### Questions?\n\nEmail us.\n",
            Format::Markdown,
        );
        assert_eq!(
            headings(&o),
            [
                (2, "Emergency Animal Hospital South".to_string()),
                (3, "Questions?".to_string())
            ]
        );
        assert!(
            o.blocks.iter().any(|b| matches!(b, Block::Text { text, .. }
                if text.starts_with("Directions: 4434 Frontier Trail, Austin\n512-580-9233"))),
            "{:?}",
            o.blocks
        );
        // A label over no street, number or address is a heading still.
        let kept = read(
            "## Location: Main office\n\nThe team meets here.\n",
            Format::Markdown,
        );
        assert_eq!(headings(&kept), [(2, "Location: Main office".to_string())]);
    }

    #[test]
    fn invisible_characters_are_no_part_of_a_heading() {
        let o = read(
            "## Roles\u{200b}\n\n### Scribe\u{200b}\n\nWrites it down.\n",
            Format::Markdown,
        );
        assert_eq!(
            headings(&o),
            [(2, "Roles".to_string()), (3, "Scribe".to_string())]
        );
    }

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
