//! Messages a plan gives to be said aloud, quoted inside its sentences: "Stopping the
//! competition will be indicated by a call over the radio of "This is _role_; stop the
//! competition."", "Put out the call: *"Atento paramedico, habla [your name]."*". Each is a
//! message template, named by the heading it sits under and its first words.

use super::*;

/// Words that say a quotation is to be said, called or announced.
const SPOKEN: &[&str] = &[
    "call",
    "radio",
    "announce",
    "announcement",
    "say",
    "shout",
    "broadcast",
    "repeat",
    "repeated",
    "tannoy",
    "megaphone",
    "script",
    // 'Notify the site manager "We have a lost child"': the words to tell them in.
    "notify",
    "tell",
    "inform",
];

/// The quotations of three words or more in a text that are to be said: a word of [`SPOKEN`]
/// among the eight words before the quotation on its line, or the line just above leading into
/// it ("Put out the call:"), as (line from 0, the quotation). A blockquote is read as one
/// ([`Planner::quoted_messages`]), and what one is never to say is none.
pub(crate) fn spoken_quotes(text: &str) -> Vec<(usize, String)> {
    crate::formats::planimport::memo::remembered("spoken.rs:spoken_quotes", text, || {
        let said = |t: &str| {
            t.split(|c: char| !c.is_alphanumeric())
                .any(|w| SPOKEN.contains(&w))
        };
        let lines: Vec<&str> = text.lines().collect();
        let mut out = Vec::new();
        let mut above = false;
        for (i, line) in lines.iter().enumerate() {
            let lower = line.to_lowercase();
            let was_above = above;
            if !line.trim().is_empty() {
                // A lead-in for the next line: a line ending in a colon that says so.
                above = lower.trim_end().ends_with(':') && said(&lower);
            }
            if line.trim_start().starts_with('>') {
                continue;
            }
            for (at, quote) in quotations(line) {
                // (`quotations` gives offsets in `line`; the lower-case copy has the same
                // length for the words that matter, and is only searched before `at`.)
                let before = lower.get(..at).unwrap_or_default();
                let near: Vec<&str> = before.split_whitespace().rev().take(8).collect();
                let forbidden = ["never", "not", "don't", "avoid"]
                    .iter()
                    .any(|n| near.contains(n));
                let opens_line = before
                    .chars()
                    .all(|c| c.is_whitespace() || "*_-".contains(c));
                let spoken = near.iter().any(|w| said(w)) || (opens_line && was_above);
                if spoken && !forbidden {
                    out.push((i, quote));
                }
            }
        }
        out
    })
}

/// The quotations in a line ("…" or “…”), of three words or more, with where each opens.
fn quotations(line: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut rest = line;
    let mut offset = 0;
    // (Curly quotation marks are three bytes each.)
    let width = |s: &str, at: usize| s[at..].chars().next().map_or(1, char::len_utf8);
    while let Some(open) = rest.find(['"', '“']) {
        let opened = open + width(rest, open);
        let after = &rest[opened..];
        let Some(close) = after.find(['"', '”']) else {
            break;
        };
        // ("We have a <strong>found</strong> child": the tags mark how to say it.)
        let quote = super::reach::without_tags(after[..close].trim());
        let quote: Vec<&str> = quote.split_whitespace().collect();
        // (A message opens as a sentence does: 'that the lift is "out of order"' quotes a
        // phrase.)
        let sentence = quote
            .first()
            .is_some_and(|w| w.starts_with(|c: char| c.is_uppercase() || "[_<{".contains(c)));
        if quote.len() >= 3 && sentence {
            out.push((offset + open, quote.join(" ")));
        }
        let next = opened + close + width(after, close);
        offset += next;
        rest = &rest[next..];
    }
    out
}

impl Planner<'_> {
    /// Messages quoted in sentences to be said aloud: message templates, each named by the
    /// heading over it and its first words ("Urgency call: Potential incident at _location_;
    /// emergency roles respond").
    pub(crate) fn spoken_messages(&mut self, text: &str, first_line: usize, section: &str) {
        let kind = kind_def("template");
        let heading = normalise(section);
        for (offset, quote) in spoken_quotes(text) {
            let words = quote.split_whitespace().count();
            let first = quote
                .split_whitespace()
                .take(8)
                .collect::<Vec<_>>()
                .join(" ");
            let first = match words > 8 {
                true => format!("{first} …"),
                false => first.trim_end_matches(['.', ',']).to_string(),
            };
            let title = match heading.split_whitespace().count() {
                1..=5 => format!("{heading}: {first}"),
                _ => first,
            };
            if self.already_read(kind, &title) {
                continue;
            }
            let (id, new) = self.id_for(kind, &title);
            let row = self.row(kind, &id);
            row.insert("name".into(), title.clone().into());
            row.insert("body".into(), quote.clone().into());
            let why = "a message quoted in a sentence, to be said aloud".to_string();
            self.entry(first_line + offset, "template", &title, Some(&id), new, why);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quotation_a_sentence_says_to_call_out_is_a_message() {
        let text = "Stopping the competition will be indicated by a call over the radio of \"This is _role_; stop the competition.\"\nThis call should be repeated.";
        assert_eq!(
            spoken_quotes(text),
            vec![(0, "This is _role_; stop the competition.".to_string())]
        );
        let radio = "Put out the call:\n\n    *\"Atento paramedico, habla [your name].\"*\n\n    Wait for a response.";
        assert_eq!(
            spoken_quotes(radio),
            vec![(2, "Atento paramedico, habla [your name].".to_string())]
        );
        assert_eq!(
            spoken_quotes("Announce on the tannoy: “Please leave the building now.” Then go."),
            vec![(0, "Please leave the building now.".to_string())]
        );
        // Quoted words that no one is to say: a term, a title, a phrase of two words.
        for none in [
            "The plan calls this \"the grey book\" in places.",
            "Be smart, and never say \"I shouldn't do this\". Do it.",
            "See the \"Fire Safety Policy\" document for details about the drill.",
            "My colleague has fallen.\n    - \"Mi colega se ha caído.\"",
            "- Incident on 2020-10-06 - Intermittent “micro-downtimes” on “various services” today",
            "If you see the error message \"Unable to connect to database\", restart it.",
            "Call 999.\nFollow the \"Fire Evacuation Procedure\" posted by each exit.",
            // A blockquote is the blockquote reading's.
            "Make this announcement over the tannoy:\n\n> \"Attention please. A fire has been reported.\"",
        ] {
            assert!(spoken_quotes(none).is_empty(), "{none}");
        }
    }
}
