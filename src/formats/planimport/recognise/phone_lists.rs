//! Whom to reach, named by a sentence, and how, listed below it: "In Scotland, the Scottish
//! Headquarters should also be informed. The telephone numbers are:" over the items "during
//! office hours - 01383 419073;" and "after office hours - 0345 300 1818". The list's labels
//! say when or which line, not who; the sentence says who.

use super::*;

/// Verbs after which a sentence names whom to reach ("should also be informed").
const REACHED: &[&str] = &[
    "informed",
    "contacted",
    "notified",
    "advised",
    "called",
    "told",
    "alerted",
];

/// Whom a sentence says to reach: the subject of "… should (also) be informed/contacted"
/// ("In Scotland, the Scottish Headquarters should also be informed" → "Scottish
/// Headquarters"), capitalised words only.
fn whom_to_reach(sentence: &str) -> Option<String> {
    let plain = normalise(sentence);
    let lower = plain.to_lowercase();
    let at = [" should ", " must ", " will ", " is to ", " are to "]
        .iter()
        .filter_map(|m| lower.find(m))
        .min()?;
    let after: Vec<&str> = lower[at..]
        .split_whitespace()
        .take(4)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    let reached = after.contains(&"be") && after.iter().any(|w| REACHED.contains(w));
    if !reached {
        return None;
    }
    // "In Scotland, the Scottish Headquarters": the subject after the opening phrase.
    let subject = plain[..at].rsplit(", ").next()?.trim();
    let subject = ["the ", "The ", "your ", "Your ", "our ", "Our "]
        .iter()
        .find_map(|a| subject.strip_prefix(a))
        .unwrap_or(subject)
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim();
    let words: Vec<&str> = subject.split_whitespace().collect();
    let named = (1..=5).contains(&words.len())
        && words
            .iter()
            .all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
    named.then(|| subject.to_string())
}

/// The phone numbers of a list whose every item holds one, as (label, number).
fn listed_phones(items: &[&str]) -> Option<Vec<(String, String)>> {
    let phones: Vec<(String, String)> = items
        .iter()
        .filter_map(|item| {
            let body = list_item(item)?;
            let number = phone_runs(body).into_iter().next()?;
            let label = body.split(&number).next().unwrap_or_default();
            let label = label
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string();
            Some((label, number))
        })
        .collect();
    (!phones.is_empty() && phones.len() == items.len()).then_some(phones)
}

/// Whom each list of numbers in a text reaches, with the numbers: (the list's line from 0,
/// the name, its (label, number) pairs).
type Reached = Vec<(usize, String, Vec<(String, String)>)>;

fn phone_lists(text: &str) -> Reached {
    crate::formats::planimport::memo::remembered("phone_lists.rs:phone_lists", text, || {
        let lines: Vec<&str> = text.lines().collect();
        let mut out = Vec::new();
        for (offset, items) in super::risks::item_runs(&lines, false) {
            let Some(phones) = listed_phones(&items) else {
                continue;
            };
            // The paragraph just above the list, its sentences last first.
            let paragraph = paragraph_above(&lines, offset);
            if let Some(name) = prose::sentences(&paragraph)
                .into_iter()
                .rev()
                .find_map(|(_, s)| whom_to_reach(&s))
            {
                out.push((offset, name, phones));
            }
        }
        out
    })
}

impl Planner<'_> {
    /// A list of phone numbers after a sentence naming whom they reach: that contact, with
    /// them.
    pub(crate) fn phones_listed_for(&mut self, text: &str, first_line: usize) {
        let contact = kind_def("contact");
        for (offset, name, phones) in phone_lists(text) {
            if self.already_read(contact, &name) {
                continue;
            }
            let line = first_line + offset;
            let (id, new) = self.id_for(contact, &name);
            let numbers: Vec<serde_json::Value> =
                phones.iter().map(|(_, n)| n.clone().into()).collect();
            let labels: Vec<String> = phones
                .iter()
                .filter(|(l, _)| !l.is_empty())
                .map(|(l, n)| format!("{l}: {n}"))
                .collect();
            let row = self.row(contact, &id);
            row.insert("name".into(), name.clone().into());
            row.insert("phones".into(), numbers.into());
            if !labels.is_empty() {
                row.insert("notes".into(), labels.join("\n").into());
            }
            let detail = "named by the sentence above a list of its numbers".to_string();
            self.entry(line, "contact", &name, Some(&id), new, detail);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_above_names_whom_the_numbers_reach() {
        assert_eq!(
            whom_to_reach("e. In Scotland, the Scottish Headquarters should also be informed.")
                .as_deref(),
            Some("Scottish Headquarters")
        );
        assert_eq!(
            whom_to_reach(
                "In Northern Ireland, Northern Ireland Headquarters should also be informed."
            )
            .as_deref(),
            Some("Northern Ireland Headquarters")
        );
        assert_eq!(whom_to_reach("The numbers should be kept safe."), None);
        assert_eq!(whom_to_reach("everyone should be informed."), None);
        let items = [
            "   *  during office hours - 01383 419073;",
            "   *  after office hours -- 0345 300 1818",
        ];
        let phones = listed_phones(&items).unwrap();
        assert_eq!(
            phones[0],
            ("during office hours".into(), "01383 419073".into())
        );
        assert_eq!(phones[1].1, "0345 300 1818");
        assert!(listed_phones(&["- call the office", "- 0345 300 1818"]).is_none());
    }
}
