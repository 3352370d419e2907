//! Text as recognition reads it: a header, a label or a title without the dress a web page or a
//! README puts on it — emoji and pictographs, status badges, link targets, bold and italic
//! marks, leading numbering. Used to recognise, never to store: records keep the words as the
//! plan wrote them, except that a record's title loses its link targets (kept in its notes).

use super::*;

/// `text` as recognition reads it: `| 🔗 Dependency |` is "Dependency", `**⏰ RTO**` is "RTO",
/// `[Vendors](./vendors.md)` is "Vendors", "3. Recovery" is "Recovery".
pub(crate) fn normalise(text: &str) -> String {
    crate::formats::planimport::memo::remembered("normalise.rs:normalise", text, || {
        normalise_read(text)
    })
}

fn normalise_read(text: &str) -> String {
    let text = without_link_targets(text).0;
    let text: String = text
        .chars()
        .filter(|c| !is_pictograph(*c))
        .map(|c| if matches!(c, '*' | '`') { ' ' } else { c })
        .collect();
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_start_matches('_').trim_end_matches('_'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut words = words.as_slice();
    // Leading numbering: "3.", "4.2", "1)", "A.", "-".
    while let Some((first, rest)) = words.split_first() {
        let numbering = first
            .trim_end_matches(['.', ')'])
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
            || (first.len() == 2
                && first.ends_with(['.', ')'])
                && first.starts_with(|c: char| c.is_ascii_alphabetic()))
            || ["-", "+", "•", "–"].contains(first);
        if !numbering || rest.is_empty() {
            break;
        }
        words = rest;
    }
    words.join(" ")
}

/// A record title without link targets, badge images and bare web addresses: `High
/// (./LEVELS.md#high) (https://img.shields.io/badge/x)` is "High". Also gives what was taken out,
/// so it can be kept elsewhere. A title that would be left empty stays as it is.
pub(crate) fn clean_title(title: &str) -> (String, Vec<String>) {
    crate::formats::planimport::memo::remembered("normalise.rs:clean_title", title, || {
        clean_title_read(title)
    })
}

fn clean_title_read(title: &str) -> (String, Vec<String>) {
    let (mut text, mut removed) = without_link_targets(title);
    // "Text (./file.md#x)", "Text (https://…)": a link written out by the Markdown reader.
    while let Some((start, end)) = find_target_in_brackets(&text) {
        removed.push(text[start + 1..end].to_string());
        text.replace_range(start..=end, "");
    }
    let kept: Vec<&str> = text
        .split_whitespace()
        .filter(|w| {
            let url = is_link_target(w.trim_matches(|c: char| "<>()[],;".contains(c)));
            if url {
                removed.push(w.to_string());
            }
            !url
        })
        .collect();
    let cleaned = kept.join(" ");
    let cleaned = cleaned.trim().trim_end_matches([':', '-', '–', '—']).trim();
    if cleaned.chars().any(char::is_alphanumeric) {
        (cleaned.to_string(), removed)
    } else {
        (title.trim().to_string(), Vec::new())
    }
}

/// `[text](url)` as text and `![alt](url)` left out; the targets (and badge alts) given back.
pub(crate) fn without_link_targets(text: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut removed = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let image = rest[..open].ends_with('!');
        let Some(close) = rest[open..].find("](").map(|c| open + c) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|e| close + e) else {
            break;
        };
        let label = &rest[open + 1..close];
        // "[[[x](y)": the link is the innermost bracket (one step, so nesting stays linear).
        if let Some(inner) = label.rfind('[') {
            out.push_str(&rest[..=open + inner]);
            rest = &rest[open + inner + 1..];
            continue;
        }
        out.push_str(&rest[..open - usize::from(image)]);
        if image {
            removed.push(label.to_string());
        } else {
            // "[<security@example.org>](mailto:…)", as pandoc writes a link whose words are
            // its address: the words without the autolink's brackets.
            let label = label
                .strip_prefix('<')
                .and_then(|l| l.strip_suffix('>'))
                .filter(|l| !l.contains(['<', '>', ' ']) && (l.contains('@') || l.contains("://")))
                .unwrap_or(label);
            out.push_str(label);
        }
        removed.push(rest[close + 2..end].to_string());
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    (out, removed)
}

/// A step as a person reads it on paper, markup gone but no address lost: `[the fire
/// brigade](https://…)` is "the fire brigade (https://…)" (a link within the page keeps only its
/// words), `\~hourly` is "~hourly", reStructuredText's ``:ref:`evacuation` `` is "evacuation".
pub(crate) fn plain_step(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|c| open + c) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|e| close + e) else {
            break;
        };
        let label = &rest[open + 1..close];
        if label.contains('[') {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        }
        let target = &rest[close + 2..end];
        out.push_str(rest[..open].trim_end_matches('!'));
        out.push_str(label);
        let shown = target.trim_start_matches("mailto:");
        if is_link_target(target) && !target.starts_with('#') && shown != label {
            out.push_str(&format!(" ({shown})"));
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    // reStructuredText roles (":ref:`Evacuation <evac>`") as their words.
    let mut text = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(at) = rest.find(":`") {
        let role_start = rest[..at].rfind(':').filter(|&r| {
            rest[r + 1..at]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
                && r + 1 < at
        });
        let Some(start) = role_start else {
            text.push_str(&rest[..at + 2]);
            rest = &rest[at + 2..];
            continue;
        };
        let Some(end) = rest[at + 2..].find('`').map(|e| at + 2 + e) else {
            break;
        };
        let inner = &rest[at + 2..end];
        let words = inner.split(" <").next().unwrap_or(inner);
        text.push_str(&rest[..start]);
        text.push_str(words);
        rest = &rest[end + 1..];
    }
    text.push_str(rest);
    // Markdown's escapes: "\~", "\*", "\#".
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        plain.push(c);
    }
    plain.replace('`', "")
}

/// The byte range of the first `(…)` holding only a link target.
fn find_target_in_brackets(text: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(open) = text[from..].find('(').map(|o| from + o) {
        let close = text[open..].find(')').map(|c| open + c)?;
        let inside = &text[open + 1..close];
        // "(((x)": only the innermost bracket can be a target (one step, so nesting stays linear).
        if let Some(inner) = inside.rfind('(') {
            from = open + 1 + inner;
            continue;
        }
        // "(alt https://…/badge)": an image's alt text goes with its address.
        let image = inside
            .rsplit(' ')
            .next()
            .is_some_and(|last| is_link_target(last) && last.contains("://"));
        if is_link_target(inside) || image {
            return Some((open, close));
        }
        from = open + 1;
    }
    None
}

/// Whether a run of text is a web address or a file link rather than words.
fn is_link_target(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && !t.contains(char::is_whitespace)
        && (t.contains("://")
            || t.starts_with("./")
            || t.starts_with("../")
            || t.starts_with('#')
            || t.starts_with("www.")
            || t.starts_with("mailto:")
            || t.starts_with("tel:")
            || [".md", ".html", ".htm", ".rst", ".png", ".svg"]
                .iter()
                .any(|e| {
                    t.to_lowercase()
                        .split('#')
                        .next()
                        .is_some_and(|p| p.ends_with(e))
                }))
}

/// Emoji, pictographs and the joiners and selectors that dress them.
pub(crate) fn is_pictograph(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF   // emoji, pictographs, flags, symbols
        | 0x2600..=0x27BF   // miscellaneous symbols, dingbats (☎ ✅ ⚠)
        | 0x2B00..=0x2BFF   // arrows and stars (⭐ ⬆)
        | 0x2300..=0x23FF   // technical symbols (⏰ ⌛ ⏱)
        | 0x25A0..=0x25FF   // geometric shapes (▶ ●)
        | 0xFE00..=0xFE0F   // variation selectors
        | 0x200D            // zero-width joiner
        | 0x20E3            // keycap
        | 0xE0020..=0xE007F // tags
    )
}

/// The field of `kind` a table header or a label names, read without its dress.
/// A header that is only a qualifier ("Primary", "Main") names the thing itself when the kind
/// has no field of that name: in "Service | Primary | Backup" the primary is the vendor.
///
/// Asked again and again with the same words (every label of every list is tried against every
/// kind, and a correction reads the document again), so the answers are remembered with the
/// document's other readings: they depend on the catalog alone.
pub(crate) fn header_field(kind: &KindDef, header: &str) -> Option<&'static FieldDef> {
    // (A kind's name is one of the catalog's, which hold no control character.)
    super::memo::remembered(
        "header_field",
        &format!("{}\u{1}{header}", kind.name),
        || header_field_read(kind, header),
    )
}

/// [`header_field`], read more loosely (see `KindDef::field_for_header_loosely`): for a table
/// no kind's header matched.
pub(crate) fn header_field_loosely(
    kind: &'static KindDef,
    header: &str,
) -> Option<&'static FieldDef> {
    header_field(kind, header).or_else(|| {
        super::memo::remembered(
            "header_field_loosely",
            &format!("{}\u{1}{header}", kind.name),
            || kind.field_for_header_loosely(&normalise(header)),
        )
    })
}

/// Whether `label` names a field of any kind of the catalog as written ("Subject:", "Mobile"):
/// a form's label, not a role or a person. Remembered like [`header_field`].
pub(crate) fn names_a_field(label: &str) -> bool {
    super::memo::remembered("names_a_field", label, || {
        KINDS.iter().any(|k| k.field_for_header(label).is_some())
    })
}

fn header_field_read(kind: &KindDef, header: &str) -> Option<&'static FieldDef> {
    let plain = normalise(header);
    kind.field_for_header(header)
        .or_else(|| kind.field_for_header(&plain))
        .or_else(|| {
            ["primary", "main", "current", "preferred"]
                .contains(&words_key(&plain).as_str())
                .then(|| kind.field(kind.title))
                .flatten()
        })
}

/// Every record's title without link targets or badges (kept in its notes, so no word is lost),
/// in the rows and in the report. Sections keep their headings as written.
pub(crate) fn clean_record_titles(p: &mut Planner) {
    let mut renamed: HashMap<String, String> = HashMap::new();
    for (kind, id, row) in &mut p.rows {
        let def = kind_def(kind);
        if def.name == "section" {
            continue;
        }
        let Some(title) = row
            .get(def.title)
            .and_then(|v| v.as_str())
            .map(str::to_string)
        else {
            continue;
        };
        let (cleaned, removed) = clean_title(&title);
        if cleaned == title {
            continue;
        }
        let keep = def
            .fields()
            .find(|f| f.name == "notes")
            .or_else(|| def.fields().find(|f| f.ty.is_long() && f.name != def.title));
        let Some(keep) = keep else {
            continue;
        };
        if !removed.is_empty() {
            let old = row
                .get(keep.name)
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let joined = removed.join(" ");
            let notes = if old.is_empty() {
                joined
            } else {
                format!("{old}\n{joined}")
            };
            row.insert(keep.name.into(), notes.into());
        }
        row.insert(def.title.into(), cleaned.clone().into());
        renamed.insert(id.clone(), cleaned);
    }
    for e in &mut p.report.entries {
        if let Some(t) = e.id.as_ref().and_then(|id| renamed.get(id)) {
            e.title = t.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_strips_emoji_badges_links_marks_and_numbering() {
        let cases = [
            ("🔗 Dependency", "Dependency"),
            ("🔄 Fallback", "Fallback"),
            ("**⏰ RTO**", "RTO"),
            ("3. Recovery", "Recovery"),
            ("4.2 Backups", "Backups"),
            (
                "[Vendors](./vendors.md) ![ok](https://img.shields.io/badge/ok)",
                "Vendors",
            ),
            ("_Owner_", "Owner"),
            ("✅ Status ⚠️", "Status"),
        ];
        for (raw, want) in cases {
            assert_eq!(normalise(raw), want, "{raw}");
        }
    }

    #[test]
    fn a_link_whose_words_are_its_address_keeps_the_address_without_brackets() {
        let (text, removed) =
            without_link_targets("Email to [<security@example.org>](mailto:security@example.org).");
        assert_eq!(text, "Email to security@example.org.");
        assert_eq!(removed, ["mailto:security@example.org"]);
        assert_eq!(without_link_targets("[<b>bold</b>](x)").0, "<b>bold</b>");
        assert_eq!(without_link_targets("[<br>](x)").0, "<br>");
    }

    #[test]
    fn titles_lose_link_targets_and_badges_but_keep_them() {
        let (t, removed) =
            clean_title("High (./SEVERITY-LEVELS.md#high) (https://img.shields.io/badge/x-red)");
        assert_eq!(t, "High");
        assert_eq!(removed.len(), 2);
        assert_eq!(clean_title("[AWS](https://aws.amazon.com)").0, "AWS");
        assert_eq!(
            clean_title("Status page https://status.x.io").0,
            "Status page"
        );
        // Words in brackets are words.
        assert_eq!(clean_title("Cloud (AWS/GCP)").0, "Cloud (AWS/GCP)");
        assert_eq!(clean_title("https://x.io").0, "https://x.io");
    }

    #[test]
    fn steps_lose_their_markup_but_keep_their_addresses() {
        assert_eq!(
            plain_step("Call the [fire brigade](https://fire.example/contact) on 999"),
            "Call the fire brigade (https://fire.example/contact) on 999"
        );
        assert_eq!(
            plain_step("See [contacts](#contacts) and update \\~hourly"),
            "See contacts and update ~hourly"
        );
        assert_eq!(
            plain_step("See :ref:`Evacuation <evac>` and :doc:`ops` then `run it`"),
            "See Evacuation and ops then run it"
        );
        assert_eq!(
            plain_step("Mail [ops@x.org](mailto:ops@x.org)"),
            "Mail ops@x.org"
        );
    }

    #[test]
    fn headers_are_read_without_their_dress() {
        let dependency = kind_def("dependency");
        assert!(header_field(dependency, "🔗 System").is_some());
        assert!(header_field(dependency, "🔄 Fallback").is_some());
        assert!(header_field(kind_def("objective"), "**⏰ RTO**").is_some());
        let vendor = kind_def("vendor");
        assert_eq!(
            header_field(vendor, "Primary").map(|f| f.name),
            Some("name")
        );
        assert_eq!(
            header_field(kind_def("role"), "Primary").map(|f| f.name),
            Some("primary")
        );
    }
}
