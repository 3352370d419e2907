//! Contacts said only in sentences: "e-mail the board at board@x.org", "call our landlord on
//! 0161 974 3232" — named by what the sentence calls them. Not an address alone: a sentence
//! that gives no name for whom it reaches ("report it to security@x.org") makes no contact.

use super::*;

/// The verbs that say someone is reached, and the words between the name and the address.
const VERBS: &[&str] = &[
    "e-mail", "email", "call", "phone", "ring", "text", "contact", "write to",
];
const BEFORE_ADDRESS: &[&str] = &["at", "on", "via", "using"];

/// (name, address) pairs said in a line: "Email the board at board@x.org" → ("Board",
/// "board@x.org").
pub(crate) fn reached_in(line: &str) -> Vec<(String, String)> {
    let text = normalise(line);
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let address = w.trim_matches(|c: char| !(c.is_alphanumeric() || c == '+'));
        let is_email = address.contains('@') && address.contains('.');
        // A phone number may run over several words: "0161 974 3232".
        let starts_a_number = address.starts_with(|c: char| c.is_ascii_digit() || c == '+');
        let phone = starts_a_number
            .then(|| phone_runs(&words[i..(i + 6).min(words.len())].join(" ")))
            .and_then(|runs| runs.into_iter().next())
            .filter(|p| p.starts_with(address));
        let Some(address) = (if is_email {
            Some(address.to_string())
        } else {
            phone
        }) else {
            continue;
        };
        let Some(at) = i.checked_sub(1) else {
            continue;
        };
        if !BEFORE_ADDRESS.contains(&words[at].to_lowercase().as_str()) {
            continue;
        }
        // Back from "at" to the verb: the words between are the name.
        let lower: Vec<String> = words[..at].iter().map(|w| w.to_lowercase()).collect();
        let Some(verb) = (0..at).rev().take(6).find(|&k| {
            VERBS.iter().any(|v| {
                let parts: Vec<&str> = v.split(' ').collect();
                lower
                    .get(k..k + parts.len())
                    .is_some_and(|ws| ws.iter().eq(parts.iter()))
            })
        }) else {
            continue;
        };
        let skip = VERBS
            .iter()
            .find(|v| lower[verb..].join(" ").starts_with(*v))
            .map_or(1, |v| v.split(' ').count());
        let name: Vec<&str> = words[verb + skip..at]
            .iter()
            .copied()
            .skip_while(|w| ["the", "our", "your", "their"].contains(&w.to_lowercase().as_str()))
            .collect();
        let name = name.join(" ");
        let name = name.trim_matches(|c: char| !c.is_alphanumeric());
        // "contact us directly at …", "email me at …": the writer, not someone to call.
        let pronoun = name.split_whitespace().next().is_some_and(|w| {
            [
                "us", "me", "we", "you", "them", "him", "her", "it", "someone", "anyone",
            ]
            .contains(&w.to_lowercase().as_str())
        });
        if name.is_empty() || pronoun || name.split_whitespace().count() > 5 {
            continue;
        }
        let mut title = name.to_string();
        if let Some(first) = title.get(..1) {
            title = format!("{}{}", first.to_uppercase(), &title[1..]);
        }
        out.push((title, address));
    }
    out
}

impl Planner<'_> {
    /// Contacts named by the sentence that says how to reach them.
    pub(crate) fn contacts_in_sentences(&mut self, text: &str, first_line: usize) {
        let contact = kind_def("contact");
        for (i, line) in text.lines().enumerate() {
            if line.trim_start().starts_with('|') {
                continue;
            }
            for (name, address) in reached_in(line) {
                if self.already_read(contact, &name) {
                    continue;
                }
                let (id, new) = self.id_for(contact, &name);
                let field = if address.contains('@') {
                    "emails"
                } else {
                    "phones"
                };
                let row = self.row(contact, &id);
                row.insert("name".into(), name.clone().into());
                row.insert(field.into(), serde_json::json!([address]));
                self.entry(
                    first_line + i,
                    "contact",
                    &name,
                    Some(&id),
                    new,
                    "named in a sentence that says how to reach them".into(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_is_named_by_the_sentence_that_reaches_it() {
        assert!(
            reached_in("please contact us directly at vilmer@x.com before disclosing").is_empty(),
            "the writer is not someone to call"
        );
        assert_eq!(
            reached_in("- Email the board at [board@x.org](mailto:board@x.org)"),
            vec![("Board".to_string(), "board@x.org".to_string())]
        );
        assert_eq!(
            reached_in("- Call our landlord on [0161 974 3232](tel:+441619743232), if needed"),
            vec![("Landlord".to_string(), "0161 974 3232".to_string())]
        );
        assert!(reached_in("Report it to security@x.org at once.").is_empty());
    }
}
