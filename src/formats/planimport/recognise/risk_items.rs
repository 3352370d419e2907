//! What a risk is called when a plan describes it rather than names it: a list item saying
//! what could go wrong ("A bug or an exploit in a Juicebox terminal that may lead to …"), a
//! paragraph named by a label ("Hantavirus: contracted through …") or by a short line standing
//! over it ("Derailments").

use super::risk_groups::{after_member_label, words};
use super::*;

/// Words of a label that say what is done about something, not what it is ("Prevention: …",
/// "Symptoms: …").
const ABOUT_IT: &[&str] = &[
    "prevent",
    "treat",
    "symptom",
    "sign",
    "note",
    "action",
    "what",
    "how",
    "when",
    "who",
    "where",
    "why",
    "example",
    "see",
    "tip",
    "mitigat",
    "respon",
    "contact",
    "call",
    "phone",
    "email",
    "more",
    "link",
    "source",
    "reference",
];

/// Paragraphs named by a label before a colon ("Hantavirus: contracted through inhalation of
/// dried feces …"), as (the paragraph's offset, the name, what it says): two at least in the
/// text, each label one to six words opening with a capital and naming no job or what is done
/// about it, each paragraph a sentence of six words or more after it.
pub(crate) fn label_paragraphs(text: &str) -> Vec<(usize, String, String)> {
    let mut found = Vec::new();
    let mut start = true;
    for (i, line) in text.lines().enumerate() {
        let opens = std::mem::replace(&mut start, line.trim().is_empty());
        if !opens || list_item(line).is_some() || line.starts_with([' ', '\t', '|', '#', '>']) {
            continue;
        }
        let plain = normalise(line);
        let Some((label, said)) = plain.split_once(": ") else {
            continue;
        };
        let label = label.trim().trim_matches('*').trim();
        let lower = label.to_lowercase();
        let named = (1..=6).contains(&label.split_whitespace().count())
            && label.starts_with(char::is_uppercase)
            && !label.contains(['.', '(', '['])
            && !super::prose::is_job_title(label)
            && !ABOUT_IT.iter().any(|w| lower.contains(w))
            && said.split_whitespace().count() >= 6;
        if named {
            found.push((i, label.to_string(), said.trim().to_string()));
        }
    }
    if found.len() < 2 {
        found.clear();
    }
    found
}

/// Paragraphs titled by a short line standing alone ("Derailments" over "Due to track
/// conditions – this risk is very small …"), as (the line's offset, the title, the paragraph
/// it stands over): a line of one to six words, capitalised, ending in no stop, the paragraph
/// after it a sentence of eight words or more.
pub(crate) fn titled_paragraphs(text: &str) -> Vec<(usize, String, String)> {
    let mut paragraphs: Vec<(usize, Vec<&str>)> = Vec::new();
    let mut open = false;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            open = false;
        } else if open && let Some((_, lines)) = paragraphs.last_mut() {
            lines.push(line.trim());
        } else {
            paragraphs.push((i, vec![line.trim()]));
            open = true;
        }
    }
    paragraphs
        .windows(2)
        .filter_map(|pair| {
            let [(at, title), (_, body)] = pair else {
                return None;
            };
            let [title] = title[..] else {
                return None;
            };
            let plain = normalise(title);
            // "Fires on trains and at stations.": a title may end in a full stop, when it says
            // nothing of anything (no verb of being or duty in it).
            let says = plain.split_whitespace().any(|w| {
                [
                    "is", "are", "was", "were", "will", "must", "should", "can", "may", "has",
                ]
                .contains(&w.to_lowercase().as_str())
            });
            let plain = match plain.trim().strip_suffix('.') {
                Some(p) if !says && !p.contains(['.', ';', ':']) => p.to_string(),
                _ => plain.trim().to_string(),
            };
            let words = plain.split_whitespace().count();
            let body = body.join(" ");
            let titled = (1..=10).contains(&words)
                && body.split_whitespace().count() >= 2 * words
                && plain.starts_with(char::is_uppercase)
                && !plain.ends_with(['.', ':', ';', ',', '?', '!'])
                && list_item(title).is_none()
                && !title.starts_with(['|', '#', '>'])
                && list_item(&body).is_none()
                && body.split_whitespace().count() >= 8;
            titled.then_some((*at, plain, body))
        })
        .collect()
}

/// A list item under a heading naming risks, as (the risk's name, what the item says of it).
pub(super) fn member(item: &str, strong: bool) -> Option<(String, String)> {
    if let Some(name) = after_member_label(item) {
        return Some((name, String::new()));
    }
    // A named item ("Fire Warden: …") is read by what its name says ([`super::risks`]),
    // unless the heading says what it is.
    if let Some((name, said)) = named_item(&format!("- {item}")) {
        let short = name.split_whitespace().count() <= 6;
        return (strong && short).then(|| (normalise(&name), said));
    }
    // "A bug or an exploit in a Juicebox terminal that may lead to a loss of funds.": the
    // thing described, named by the words before what is said of it.
    if let Some(name) = described(item) {
        return Some((name, normalise(item).trim().to_string()));
    }
    let plain = normalise(item);
    // "Accident requiring first aid,": a list written as one sentence ends its items in commas.
    let plain = plain.trim().trim_end_matches([',', ';']);
    let short = (1..=8).contains(&plain.split_whitespace().count());
    // "Notify relevant coordinator": a step, not what could go wrong.
    let step = super::instructions::opens_with_action(plain);
    (short && !step && !plain.ends_with(['.', ':', '?']))
        .then(|| (plain.to_string(), String::new()))
}

/// The name of what a sentence describes, before what is said of it ("A supply chain attack
/// affecting one or more dependencies." is "A supply chain attack"; "Any DNS attack for a
/// frontend." all of it): two to twelve words with no verb of being or duty, opening a sentence.
fn described(item: &str) -> Option<String> {
    let plain = normalise(item);
    let plain = plain.trim();
    // ("Any DNS attack for a protocol frontend.": a sentence naming one, nothing said of it.)
    if !plain.ends_with('.') || opens_with_action(plain) {
        return None;
    }
    let lower = plain.to_lowercase();
    let at = [
        " that ",
        " which ",
        ", including",
        " including ",
        " affecting ",
        " where ",
    ]
    .iter()
    .filter_map(|w| lower.find(w))
    .min()
    .unwrap_or(plain.len() - 1);
    let name = plain[..at].trim().trim_end_matches([',', ';', ':', '.']);
    let words: Vec<String> = words(name);
    let says = words.iter().any(|w| {
        [
            "is", "are", "was", "were", "be", "must", "should", "will", "shall", "may", "can", "i",
            "we", "you",
        ]
        .contains(&w.as_str())
    });
    ((2..=12).contains(&words.len()) && !says).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_line_standing_over_a_paragraph_titles_it() {
        let text = "Apart from those risks, a number of catastrophic risks have been identified.\n\n\
                    Derailments\n\n\
                    Due to track conditions – this risk is very small as the line is checked.\n\n\
                    Landslip\n\n\
                    The cuttings are inspected after heavy rain and the line is closed if needed.\n\n\
                    Fires on trains and at stations.\n\n\
                    Trains - In charge of every train is a guard who is trained to be vigilant.\n\n\
                    This is a short sentence.\n\n\
                    And it is followed by a paragraph that goes on for a good while longer.\n\n\
                    Note:\n\nsee below.";
        let titles: Vec<String> = titled_paragraphs(text)
            .into_iter()
            .map(|(_, t, _)| t)
            .collect();
        assert_eq!(
            titles,
            ["Derailments", "Landslip", "Fires on trains and at stations"]
        );
    }

    #[test]
    fn an_item_describing_what_could_go_wrong_is_named_by_its_opening_words() {
        for (item, name) in [
            (
                "A bug or an exploit in a Juicebox terminal that may lead to a loss of funds.",
                Some("A bug or an exploit in a Juicebox terminal"),
            ),
            (
                "Loss of private keys for a privileged wallet, including the multisig wallet.",
                Some("Loss of private keys for a privileged wallet"),
            ),
            (
                "Any DNS attack for a protocol frontend.",
                Some("Any DNS attack for a protocol frontend"),
            ),
            ("All incidents must be reported to the manager.", None),
            ("Call the fire brigade that serves the area.", None),
            ("A supply chain attack", None),
        ] {
            assert_eq!(described(item).as_deref(), name, "{item}");
        }
    }
}
