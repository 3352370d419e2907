//! Hostile plan documents, made here as an attacker would make them: nesting a hundred thousand
//! deep, tens of thousands of table lines, a zip that unpacks to far more than it weighs. Each
//! goes through [`super::preview`], the entry point the CLI and the app use, and must come back
//! with a reading or a specific error — never a stack overflow, a panic or minutes of work. How
//! long they take is measured (see docs/PERFORMANCE.md), not asserted here.

use std::io::Write;

use crate::file::keys::Keys;
use crate::plan::binder::Binder;

use super::{PlanError, PlanReport, preview, text_of};

/// How deep the attacks nest.
const DEEP: usize = 100_000;

fn previewed(name: &str, bytes: &[u8]) -> crate::Result<PlanReport> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let b = Binder::create(
        &dir.path().join("b.binder"),
        Keys::generate("T"),
        crate::plan::binder::Start::Empty,
    )
    .expect("a binder");
    preview(&b, name, bytes)
}

/// `open` repeated `DEEP` times around a word, then `close` as many times.
fn nested(open: &str, word: &str, close: &str) -> String {
    let mut s = String::with_capacity((open.len() + close.len()) * DEEP + word.len());
    s.push_str(&open.repeat(DEEP));
    s.push_str(word);
    s.push_str(&close.repeat(DEEP));
    s
}

#[test]
fn a_web_page_nested_a_hundred_thousand_deep_is_read_to_its_last_word() {
    for (open, close) in [
        ("<div>", "</div>"),
        ("<ul><li>", "</li></ul>"),
        ("<table><tr><td>", "</td></tr></table>"),
        ("<blockquote>", "</blockquote>"),
        ("<b>", "</b>"),
        ("<span>", "</span>"),
        ("<div/>", ""),
    ] {
        let page = format!(
            "<!doctype html><html><body><h1>Plan</h1><p>First words.</p>{}<p>Last words.</p></body></html>",
            nested(open, "Deepest words.", close)
        );
        let report =
            previewed("plan.html", page.as_bytes()).unwrap_or_else(|e| panic!("{open}: {e}"));
        assert_eq!(report.title.as_deref(), Some("Plan"), "{open}");
        let (md, _) = text_of("plan.html", page.as_bytes()).expect("read as a web page");
        for words in ["First words.", "Deepest words.", "Last words."] {
            assert!(md.contains(words), "{open}: {words} lost");
        }
    }
}

#[test]
fn markdown_nested_a_hundred_thousand_deep_is_read() {
    for (open, close) in [
        ("> ", ""),
        ("- ", ""),
        ("1. ", ""),
        ("<div>", "</div>"),
        ("[", "](https://example.com)"),
        ("*", "*"),
    ] {
        let md = format!(
            "# Plan\n\nFirst words.\n\n{}\n\nLast words.\n",
            nested(open, "Deepest words.", close)
        );
        let report = previewed("plan.md", md.as_bytes()).unwrap_or_else(|e| panic!("{open}: {e}"));
        assert_eq!(report.title.as_deref(), Some("Plan"), "{open}");
    }
    let rst = format!(
        "Plan\n====\n\n{}\n",
        (0..DEEP)
            .map(|i| format!("{}- item", " ".repeat(2 * (i % 200))))
            .collect::<Vec<_>>()
            .join("\n")
    );
    previewed("plan.rst", rst.as_bytes()).expect("a deep reStructuredText list");
}

/// A zip of `parts` (name, content), deflated, as Word and LibreOffice write them.
fn zip_of(parts: &[(&str, &[&[u8]])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, chunks) in parts {
        zip.start_file(*name, options).expect("a zip entry");
        for chunk in *chunks {
            zip.write_all(chunk).expect("written");
        }
    }
    zip.finish().expect("a zip").into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
const ODT: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0""#;

#[test]
fn word_and_opendocument_nested_a_hundred_thousand_deep_are_read() {
    let para = "<w:p><w:r><w:t>Deepest words.</w:t></w:r></w:p>";
    let word = [
        nested("<w:sdt><w:sdtContent>", para, "</w:sdtContent></w:sdt>"),
        format!(
            "<w:p>{}</w:p>",
            nested("<w:r>", "<w:t>Deepest words.</w:t>", "</w:r>")
        ),
        nested("<w:tbl><w:tr><w:tc>", para, "</w:tc></w:tr></w:tbl><w:p/>"),
        format!(
            "<w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>",
            nested("<w:p>", "<w:r><w:t>Deepest words.</w:t></w:r>", "</w:p>")
        ),
    ];
    for body in word {
        let xml = format!(
            r#"<?xml version="1.0"?><w:document {W}><w:body><w:p><w:r><w:t>First words.</w:t></w:r></w:p>{body}</w:body></w:document>"#
        );
        let docx = zip_of(&[("word/document.xml", &[xml.as_bytes()])]);
        previewed("plan.docx", &docx).expect("a deep Word document");
        let (md, _) = text_of("plan.docx", &docx).expect("read as Word");
        assert!(
            md.contains("First words.") && md.contains("Deepest words."),
            "{}",
            &body[..60]
        );
    }
    let para = "<text:p>Deepest words.</text:p>";
    let odt = [
        nested("<text:section>", para, "</text:section>"),
        nested(
            "<text:list><text:list-item>",
            para,
            "</text:list-item></text:list>",
        ),
        format!(
            "<text:p>{}</text:p>",
            nested("<text:span>", "Deepest words.", "</text:span>")
        ),
        nested(
            "<table:table><table:table-row><table:table-cell>",
            para,
            "</table:table-cell></table:table-row></table:table>",
        ),
    ];
    for body in odt {
        let xml = format!(
            r#"<?xml version="1.0"?><office:document-content {ODT}><office:body><office:text><text:p>First words.</text:p>{body}</office:text></office:body></office:document-content>"#
        );
        let file = zip_of(&[
            ("mimetype", &[b"application/vnd.oasis.opendocument.text"]),
            ("content.xml", &[xml.as_bytes()]),
        ]);
        previewed("plan.odt", &file).expect("a deep OpenDocument text");
        let (md, _) = text_of("plan.odt", &file).expect("read as OpenDocument");
        assert!(
            md.contains("First words.") && md.contains("Deepest words."),
            "{}",
            &body[..60]
        );
    }
}

#[test]
fn sixty_thousand_table_lines_are_read_in_one_pass() {
    // Unclosed, then closed once at the very end, then as many tables as lines.
    let open = "<table>\n".repeat(60_000);
    let closed = format!("{open}<tr><td>a</td></tr></table>\n");
    let many = "<table><tr><th>Role</th><th>Primary</th></tr><tr><td>Lead</td><td>Jane</td></tr></table>\n\n"
        .repeat(20_000);
    for md in [open, closed, many] {
        let md = format!("# Plan\n\n{md}");
        previewed("plan.md", md.as_bytes()).expect("a plan of table lines");
    }
}

#[test]
fn sixty_thousand_unclosed_html_blocks_in_markdown_are_read_in_one_pass() {
    // Each opening a block that never closes; then all closed at the very end; then nested
    // a thousand deep and closed, sixty times.
    let open = "<div class=\"x\">text\n".repeat(60_000);
    let closed = format!("{open}{}", "</div>\n".repeat(60_000));
    let nested = format!("{}{}", "<div>\n".repeat(1_000), "</div>\n".repeat(1_000)).repeat(60);
    for md in [open, closed, nested] {
        let md = format!("# Plan\n\n{md}");
        previewed("plan.md", md.as_bytes()).expect("a plan of HTML lines");
    }
}

/// A document part of `mb` megabytes of spaces (it deflates to almost nothing).
fn spaces(mb: usize) -> Vec<&'static [u8]> {
    const MB: &[u8] = &[b' '; 1024 * 1024];
    vec![MB; mb]
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_unpacked() {
    let head = format!(r#"<?xml version="1.0"?><w:document {W}><w:body>"#);
    let tail: &[u8] = b"</w:body></w:document>";
    let mut one_part = vec![head.as_bytes()];
    one_part.extend(spaces(
        super::source::documents::MAX_UNPACKED_MB as usize + 1,
    ));
    one_part.push(tail);
    // Under the limit part by part, over it together.
    let half = spaces(super::source::documents::MAX_UNPACKED_MB as usize / 2 + 1);
    let bombs = [
        zip_of(&[("word/document.xml", &one_part)]),
        zip_of(&[
            ("word/document.xml", &[head.as_bytes(), tail]),
            ("word/styles.xml", &half),
            ("word/numbering.xml", &half),
        ]),
        zip_of(&[
            ("mimetype", &[b"application/vnd.oasis.opendocument.text"]),
            ("content.xml", &one_part),
        ]),
    ];
    for bomb in bombs {
        assert!(bomb.len() < 1024 * 1024, "a bomb weighs little");
        let err = previewed("plan.docx", &bomb).expect_err("a zip bomb is refused");
        assert!(
            matches!(err, crate::Error::Plan(PlanError::TooBig { .. })),
            "{err}"
        );
        assert!(
            err.to_string()
                .contains("expands to more than 100 MB when unpacked"),
            "{err}"
        );
    }
}

/// Every word of `text`, lower-cased, with how often it occurs.
fn word_counts(text: &str) -> std::collections::BTreeMap<String, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *counts.entry(w.to_lowercase()).or_default() += 1;
    }
    counts
}

/// Found by fuzzing: a table with a column of ticks read as a checklist lost the rows with
/// nothing in the steps' column (a grid table's row over two lines), and with them their words.
#[test]
fn a_tick_table_whose_rows_go_over_two_lines_loses_no_word() {
    let text = "Extent of Disclosure\n\n\
        +----------------+------+----------------+\n\
        | Before leaving | Done | Who            |\n\
        +================+======+================+\n\
        | Switch off the | X    | Ann            |\n\
        | heating        |      |                |\n\
        +----------------+------+----------------+\n\
        |                |      | Bob and Carol  |\n\
        +----------------+------+----------------+\n";
    for format in [super::Format::Text, super::Format::Markdown] {
        let outline = super::read(text, format);
        let mut n = 0;
        let planned = super::plan(&outline, format, &[], &mut |k| {
            n += 1;
            format!("{}-{n}", k.name)
        });
        let mut kept = String::new();
        for rows in planned.records.values() {
            for row in rows {
                for (field, value) in row {
                    if field != "id" {
                        kept.push_str(value.as_str().unwrap_or_default());
                        kept.push(' ');
                    }
                }
            }
        }
        let kept = word_counts(&kept);
        for (word, count) in word_counts(&text.replace("| X ", "|   ")) {
            assert!(
                kept.get(&word).copied().unwrap_or(0) >= count,
                "{format:?}: {word} lost in {planned:?}"
            );
        }
    }
}
