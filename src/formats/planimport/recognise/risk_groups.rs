//! Risks a plan names as members of a group, whatever words name them: a sentence listing
//! them ("Scenarios where that could happen include unexpected downtime of key external
//! services, data loss, or high-severity security incidents"), a heading labelled as one
//! ("Failure scenario: malicious tampering or ransomware"), or a list under a heading that
//! names the group ("Incident categories": "- Category 1 – Unauthorized Access").
//!
//! Where [`super::risks`] knows a risk by its own head noun ("Hosting *Failure*"), these know
//! it by what the plan calls it, so "Data Integrity Violation" or "Misconfiguration" are risks
//! when the plan lists them as its scenarios or categories.

use super::risk_examples::examples_after_lead_in;
use super::risk_items::{label_paragraphs, member, titled_paragraphs};
use super::risks::{is_generic, names_a_risk};
use super::*;

/// Words that label one risk ("Failure *scenario*: …", "*Risk* 3: …").
const MEMBERS: &[&str] = &["scenario", "risk", "threat", "hazard"];

/// Words that name sorts of something ("Incident *categories*", "*Types* of threat").
const SORTS: &[&str] = &["categories", "types", "kinds", "classes", "examples"];

/// Words that, beside a word of [`SORTS`], say the sorts are of what goes wrong.
pub(super) const WRONGS: &[&str] = &[
    "incident",
    "incidents",
    "risk",
    "risks",
    "threat",
    "threats",
    "hazard",
    "hazards",
    "scenario",
    "scenarios",
    "disaster",
    "disasters",
    "emergency",
    "emergencies",
    "injuries",
    "accidents",
    "dangers",
];

pub(super) fn words(text: &str) -> Vec<String> {
    normalise(text)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether a heading names a group of risks: by its last word ("Key Risks", "Failure
/// Scenarios") or as sorts of what goes wrong ("Incident categories", "Types of threats").
pub(crate) fn names_risk_group(heading: &str) -> bool {
    let w = words(heading);
    let Some(last) = w.last() else {
        return false;
    };
    let sorts_of_wrongs = w.iter().any(|x| SORTS.contains(&x.as_str()))
        && w.iter()
            .any(|x| WRONGS.contains(&x.as_str()) || is_event_word(x));
    w.len() <= 6 && (super::risks::GROUPS.contains(&last.as_str()) || sorts_of_wrongs)
}

/// The name of a risk a list item or heading gives after a label that numbers or names it as
/// one ("Category 1 – Unauthorized Access", "Failure scenario: ransomware", "Scenario 2: Fire"):
/// the rest, when the label is such.
pub(super) fn after_member_label(text: &str) -> Option<String> {
    let plain = normalise(text);
    let at = plain.find([':', '–', '—']).or_else(|| plain.find(" - "))?;
    let (label, rest) = plain.split_at(at);
    let rest = rest.trim_start_matches([':', '–', '—', '-', ' ']).trim();
    let label_words = words(label);
    // "Category 1", "Type 2": a sort of something, numbered.
    let numbered = label_words.len() == 2
        && ["category", "type", "class", "kind"].contains(&label_words[0].as_str())
        && label_words[1].chars().all(|c| c.is_ascii_digit());
    // "Failure scenario", "Risk 3" — not "Emergency Plan", nor a group ("Natural Disasters:
    // floods, fires or storms" names its risk by the label).
    let named = label_words
        .iter()
        .rfind(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .is_some_and(|w| MEMBERS.contains(&w.as_str()));
    let short = (1..=3).contains(&label_words.len());
    (short && (named || numbered) && (1..=10).contains(&rest.split_whitespace().count()))
        .then(|| rest.trim_end_matches('.').to_string())
}

/// The risks a sentence lists after saying they are the plan's scenarios, risks or threats:
/// "Scenarios where that could happen include A, B, or C", "Risks include A and B", "Threats
/// such as A, B and C". Two at least, each a short name.
fn listed_in_sentence(sentence: &str) -> Vec<String> {
    let before = listed_before_group(sentence);
    if !before.is_empty() {
        return before;
    }
    let plain = normalise(sentence);
    let lower = plain.to_lowercase();
    let Some((at, verb)) = [
        " include ",
        " includes ",
        " include: ",
        " such as ",
        " are: ",
    ]
    .iter()
    .filter_map(|v| lower.find(v).map(|at| (at, v.len())))
    .min() else {
        return Vec::new();
    };
    let subject = words(&lower[..at]);
    let grouped = subject.len() <= 10
        && !subject.iter().any(|w| w == "not")
        && subject
            .iter()
            .any(|w| WRONGS.contains(&w.as_str()) && w.ends_with('s'));
    if !grouped {
        return Vec::new();
    }
    let rest = &plain[at + verb..];
    let rest = rest.split(['.', ';', '(']).next().unwrap_or_default();
    let mut items: Vec<String> = rest.split(", ").map(str::to_string).collect();
    if let Some(last) = items.pop() {
        let last = last.trim();
        match ["or ", "and "].iter().find_map(|c| last.strip_prefix(c)) {
            // "A, B, or C": the serial comma.
            Some(tail) => items.push(tail.to_string()),
            None => match [" or ", " and "].iter().find_map(|c| last.rsplit_once(c)) {
                Some((a, b)) if !items.is_empty() || !last.is_empty() => {
                    items.push(a.to_string());
                    items.push(b.to_string());
                }
                _ => items.push(last.to_string()),
            },
        }
    }
    let names: Vec<String> = items
        .iter()
        .map(|i| {
            let i = i.trim();
            let i = ["a ", "an ", "the "]
                .iter()
                .find_map(|a| i.strip_prefix(a))
                .unwrap_or(i);
            capitalised(i.trim())
        })
        .collect();
    let fit = |n: &String| (1..=6).contains(&n.split_whitespace().count());
    match names.len() >= 2 && names.iter().all(fit) {
        true => names,
        false => Vec::new(),
    }
}

/// The risks a condition names: "In the event of a fire, …", "If there's a water leak, …",
/// "in the event of a civil defence, fire, earthquake, tsunami, or trespasser emergency" (each
/// of a list sharing the last word). Nothing when what it names is only that something goes
/// wrong ("In the event of an emergency").
fn named_in_condition(sentence: &str) -> Vec<String> {
    let plain = normalise(sentence);
    let lower = plain.to_lowercase();
    let mut conditions: Vec<(usize, usize)> = [
        "in the event of ",
        "in case of ",
        "in the case of ",
        "if there is ",
        "if there's ",
        "if there are ",
        "if you discover ",
        "if you find ",
        "if you notice ",
        "if you encounter ",
        "if you see ",
        "if you smell ",
        "if you suspect ",
        "on discovering ",
        "upon discovering ",
        "on discovery of ",
        // "… inaccessible as a result of large-scale emergencies, communications failures,
        // electric power interruption or other incidents"; "responding to natural disasters,
        // accidents and equipment or security failures".
        "as a result of ",
        "in response to ",
        "responding to ",
        "caused by ",
        "resulting from ",
        "arising from ",
        // "Cluster inaccessible due to power outage in Genomics Bdg", "… causing a power
        // failure on all systems": the cause, or the failure it led to.
        "due to ",
        "because of ",
        "causing ",
    ]
    .iter()
    .filter_map(|c| lower.find(c).map(|at| (at, c.len())))
    .collect();
    conditions.sort_unstable();
    // The first condition that names risks ("due to the campus access restrictions caused by
    // the COVID-19 pandemic": the pandemic).
    conditions
        .into_iter()
        .map(|(at, len)| condition_names(&plain[at + len..]))
        .find(|names| !names.is_empty())
        .unwrap_or_default()
}

/// The risks named after a condition's words (`rest`: what follows "in the event of").
fn condition_names(rest: &str) -> Vec<String> {
    let rest = rest.split(['.', ';', ':', '(']).next().unwrap_or_default();
    // "an emergency such as a fire or earthquake": the examples.
    let rest = match rest.to_lowercase().find(" such as ") {
        Some(at) => &rest[at + " such as ".len()..],
        None => rest,
    };
    // "… a fire or earthquake where the school must be evacuated": what follows qualifies.
    let rest = [" where ", " which ", " that ", " when ", " so "]
        .iter()
        .filter_map(|w| rest.find(w))
        .min()
        .map_or(rest, |at| &rest[..at]);
    let mut items: Vec<String> = condition_items(rest)
        .into_iter()
        .map(|i| without_place(&i).to_string())
        .collect();
    // One item: the clause up to its first comma ("a fire, leave the building").
    if items.len() == 1 {
        let only = items[0].split(" then ").next().unwrap_or_default();
        items = vec![only.to_string()];
    }
    // A list is of risks when one of them at least is named as such ("risk to life, property
    // or the environment" is not).
    if !items.iter().any(|i| names_a_risk(i)) {
        return Vec::new();
    }
    items
        .iter()
        .map(|i| {
            let i = i.trim();
            let i = ["a ", "an ", "the ", "any "]
                .iter()
                .find_map(|a| i.strip_prefix(a))
                .unwrap_or(i);
            capitalised(i.trim())
        })
        .filter(|i| {
            let n = i.split_whitespace().count();
            (1..=5).contains(&n) && !is_generic(i)
        })
        .filter(|i| items.len() >= 2 || names_a_risk(i))
        .collect()
}

/// A risk's name without the place or scope it happened in ("power outage in Genomics Bdg",
/// "campus-wide network outage at UCR", "power failure on all systems"), when what comes before
/// names a risk by itself.
fn without_place(item: &str) -> &str {
    [
        " in ",
        " at ",
        " on ",
        " across ",
        " throughout ",
        " during ",
        " while ",
    ]
    .iter()
    .filter_map(|w| item.find(w))
    .filter(|&at| {
        // ("an outage at AWS" keeps what failed: "an outage" alone names nothing.)
        let named = item[..at]
            .split_whitespace()
            .filter(|w| !["a", "an", "the", "any"].contains(&w.to_lowercase().as_str()))
            .count();
        // ("a fire at the warehouse": a fire names itself.)
        let itself = ![
            "outage",
            "breach",
            "failure",
            "loss",
            "damage",
            "disruption",
            "leak",
        ]
        .iter()
        .any(|w| item[..at].to_lowercase().ends_with(w));
        names_a_risk(&item[..at]) && (named >= 2 || itself)
    })
    .min()
    .map_or(item, |at| &item[..at])
}

/// The items of the list a condition names (up to the one its "or"/"and" closes; a list never
/// closed is only its first clause: "If there is an emergency, the class rep will …"), each
/// "or" of two risks made two, and the last word shared ("…, or trespasser or violent intruder
/// emergency": it says only that they go wrong, and goes; "temporary hardware, software, or
/// network outages": it says how, of each).
fn condition_items(rest: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    let mut closed = false;
    for (i, part) in rest.split(", ").enumerate() {
        let part = part.trim();
        if i > 0 && (opens_with_action(part) || part.split_whitespace().count() > 6) {
            break;
        }
        if let Some(last) = ["or ", "and "].iter().find_map(|c| part.strip_prefix(c)) {
            items.push(last.to_string());
            closed = true;
            break;
        }
        // "…, accidents and equipment or security failures": the list's last two.
        if i > 0
            && let Some((a, b)) = part.rsplit_once(" and ")
        {
            items.extend([a.to_string(), b.to_string()]);
            closed = true;
            break;
        }
        items.push(part.to_string());
        if part.contains(" or ") || part.contains(" and ") {
            closed = true;
            break;
        }
    }
    if !closed {
        items.truncate(1);
    }
    // "electric power interruption or other incidents": the tail says there are more.
    // ("loss of customer or other sensitive data": the last word is shared — customer data.)
    for item in items.iter_mut() {
        for tail in [" or other ", " and other "] {
            if let Some(at) = item.find(tail) {
                let more: Vec<&str> = item[at + tail.len()..].split_whitespace().collect();
                let shared = match more.as_slice() {
                    [_, .., last] => format!(" {last}"),
                    _ => String::new(),
                };
                item.truncate(at);
                item.push_str(&shared);
            }
        }
    }
    let mut items: Vec<String> = items
        .into_iter()
        .flat_map(|i| match i.split_once(" or ") {
            Some((a, b)) if names_a_risk(a) && names_a_risk(b) => vec![a.into(), b.into()],
            _ => vec![i],
        })
        .collect();
    share_last_word(&mut items);
    items
}

/// The last word of a list of two or more, given to each item or taken from the last.
fn share_last_word(items: &mut [String]) {
    let shared = match items.last().and_then(|l| l.rsplit_once(' ')) {
        Some((before, word)) if items.len() >= 2 => (before.to_string(), word.to_string()),
        _ => return,
    };
    let (before, word) = shared;
    // ("trespasser or violent intruder emergency" is named by the words before it; "equipment
    // or security failures" are failures.)
    let what_goes_wrong = [
        "failure",
        "failures",
        "loss",
        "damage",
        "disruption",
        "disruptions",
    ]
    .contains(&word.to_lowercase().as_str());
    if is_generic(&word) && !what_goes_wrong {
        if let Some(last) = items.last_mut() {
            *last = before;
        }
    } else if is_event_word(&word.to_lowercase()) {
        let n = items.len();
        for item in items.iter_mut().take(n - 1) {
            if !names_a_risk(item) {
                *item = format!("{item} {word}");
            }
        }
    }
}

pub(super) fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Risks a sentence lists before saying what they are ("Impacts to the head from the boom,
/// water inhalation (secondary drowning), suspected fractures, shock, and hypothermia are all
/// injuries that need hospital treatment"): three at least, then "are (all)" and a word of
/// [`WRONGS`] within the next few words.
fn listed_before_group(sentence: &str) -> Vec<String> {
    let plain = normalise(sentence);
    let lower = plain.to_lowercase();
    let Some(at) = [" are all ", " are "].iter().find_map(|v| lower.find(v)) else {
        return Vec::new();
    };
    let after = words(&lower[at..]);
    let grouped = after
        .iter()
        .skip(1)
        .take(5)
        .any(|w| WRONGS.contains(&w.as_str()) && w.ends_with('s'));
    // The list is the sentence's subject: after a comma or "then" that ends a clause before it.
    let subject = &plain[..at];
    let subject = subject.rfind(". ").map_or(subject, |k| &subject[k + 2..]);
    let mut items: Vec<String> = subject.split(", ").map(|i| i.trim().to_string()).collect();
    if let Some(last) = items.pop() {
        match ["and ", "or "].iter().find_map(|c| last.strip_prefix(c)) {
            Some(tail) => items.push(tail.to_string()),
            None => match last.rsplit_once(" and ") {
                Some((a, b)) => items.extend([a.to_string(), b.to_string()]),
                None => items.push(last),
            },
        }
    }
    let fit = |i: &String| (1..=7).contains(&i.split_whitespace().count()) && !i.contains(':');
    match grouped && items.len() >= 3 && items.iter().all(fit) {
        true => items.iter().map(|i| capitalised(i)).collect(),
        false => Vec::new(),
    }
}

/// What `read` finds in each sentence of a text, with the line of the sentence (remembered
/// under `name` for the next reading of the same text).
fn by_sentence(
    text: &str,
    name: &'static str,
    read: fn(&str) -> Vec<String>,
) -> Vec<(usize, String)> {
    crate::formats::planimport::memo::remembered(name, text, || {
        prose::sentences(text)
            .into_iter()
            .flat_map(|(offset, sentence)| read(&sentence).into_iter().map(move |n| (offset, n)))
            .collect()
    })
}

impl Planner<'_> {
    /// Risks a sentence lists as the plan's scenarios, risks or threats.
    pub(crate) fn risks_in_sentences(&mut self, text: &str, first_line: usize) {
        for (offset, name) in by_sentence(text, "risk_groups.rs:listed", listed_in_sentence) {
            let detail = "named in a sentence listing what could happen";
            self.risk(&name, ("notes", ""), first_line + offset, detail);
        }
    }

    /// Risks a condition names ("In the event of a fire, …", "If there's a water leak, …").
    pub(crate) fn risks_in_conditions(&mut self, text: &str, first_line: usize) {
        for (offset, name) in by_sentence(text, "risk_groups.rs:conditions", named_in_condition) {
            let detail =
                "named as what happens or what caused it (“in the event of …”, “due to …”)";
            self.risk(&name, ("notes", ""), first_line + offset, detail);
        }
    }

    /// Risks a list gives as examples after a lead-in saying so ("**Examples of breaches:**",
    /// "Incidents … will include").
    pub(crate) fn risks_after_lead_in(&mut self, text: &str, first_line: usize) {
        let found =
            crate::formats::planimport::memo::remembered("risk_groups.rs:examples", text, || {
                examples_after_lead_in(text)
            });
        for (offset, name) in found {
            let detail = "an example a list gives of what could go wrong";
            self.risk(&name, ("notes", ""), first_line + offset, detail);
        }
    }

    /// The items of a list under a heading naming a group of risks ("Incident categories",
    /// "Key Risks"): each a risk, named by the item ("Category 1 – Unauthorized Access" is
    /// "Unauthorized Access", "- Supply chain" is "Supply chain"). Items that tell what to do
    /// are steps, not risks; a list of named items is read by what the names say.
    pub(crate) fn risks_under_group(
        &mut self,
        text: &str,
        first_line: usize,
        (section, parent): (&str, Option<&str>),
    ) {
        // "Potential Hazards" › "Zoonoses": "Hantavirus: contracted through …", "Rabies: …".
        if parent.is_some_and(names_strong_group) {
            for (offset, name, said) in label_paragraphs(text) {
                let detail = format!("a paragraph named under “{}”", normalise(section));
                self.risk(&name, ("notes", &said), first_line + offset, &detail);
            }
        }
        if !names_risk_group(section) {
            return;
        }
        // "High Probability Risks": every item is one, whatever its name says; under
        // "Emergencies" a named item is one only by its name ("Fire Warden" is none).
        let strong = names_strong_group(section);
        for (offset, lines) in super::risks::list_groups(text) {
            let items: Vec<&str> = lines.iter().filter_map(|l| list_item(l)).collect();
            let named: Vec<(String, String)> =
                items.iter().filter_map(|i| member(i, strong)).collect();
            if named.len() < 2 || named.len() != items.len() || imperative_steps(text) {
                continue;
            }
            for (name, said) in &named {
                let detail = format!("a list item under “{}”", normalise(section));
                self.risk(name, ("notes", said), first_line + offset, &detail);
            }
        }
        // "Catastrophic Risks": "Derailments" standing alone over what is done about them.
        if strong {
            for (offset, name, said) in titled_paragraphs(text)
                .into_iter()
                .chain(label_paragraphs(text))
            {
                let detail = format!(
                    "a short line over a paragraph under “{}”",
                    normalise(section)
                );
                self.risk(&name, ("notes", &said), first_line + offset, &detail);
            }
        }
    }
}

/// Whether a heading's last word says every thing under it is a risk ("Potential Hazards",
/// "Key Risks").
pub(super) fn names_strong_group(heading: &str) -> bool {
    words(heading)
        .last()
        .is_some_and(|w| super::risks::STRONG_GROUPS.contains(&w.as_str()))
}

/// Headings labelled as a risk ("Failure scenario: malicious tampering or ransomware",
/// "Scenario 2: Office fire", "Threat – DDoS") or saying when they apply ("On Discovering a
/// Fire"): each names one.
pub(crate) fn labelled_risk_headings(p: &mut Planner, blocks: &[Block]) {
    let previous = p.confidence;
    p.confidence = Confidence::Likely;
    for b in blocks {
        let Block::Heading { title, line, .. } = b else {
            continue;
        };
        let (labelled, conditions) =
            crate::formats::planimport::memo::remembered("risk_groups.rs:heading", title, || {
                (after_member_label(title), named_in_condition(title))
            });
        if let Some(name) = labelled {
            let detail = "a heading labelled as a scenario or risk";
            p.risk(&capitalised(&name), ("notes", ""), *line, detail);
        }
        // "On Discovering a Fire", "In Case of Flood": the heading is the condition.
        for name in conditions {
            let detail = "a heading naming what it is for";
            p.risk(&name, ("notes", ""), *line, detail);
        }
    }
    p.confidence = previous;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_lists_risks_after_naming_them() {
        assert_eq!(
            listed_in_sentence(
                "Scenarios where that could happen include unexpected downtime of key external services, data loss, or [high-severity security incidents](x.md)."
            ),
            vec![
                "Unexpected downtime of key external services",
                "Data loss",
                "High-severity security incidents"
            ]
        );
        assert_eq!(
            listed_in_sentence("Key risks include a fire and a flood."),
            vec!["Fire", "Flood"]
        );
        assert_eq!(
            listed_in_sentence(
                "Impacts to the head from the boom, water inhalation (secondary drowning), suspected fractures, shock, and hypothermia are all injuries that need hospital treatment."
            ),
            vec![
                "Impacts to the head from the boom",
                "Water inhalation (secondary drowning)",
                "Suspected fractures",
                "Shock",
                "Hypothermia"
            ]
        );
        assert!(listed_in_sentence("Tom, Ann and Bo are all volunteers here.").is_empty());
        for none in [
            "Our clients include Acme, Globex and Initech.",
            "Scenarios include the one where everything described in a very long clause goes wrong, and another.",
            "Risks are not included here, nor there.",
            "The plan includes fire, flood and theft.",
        ] {
            assert!(listed_in_sentence(none).is_empty(), "{none}");
        }
    }

    #[test]
    fn a_condition_names_the_risks_it_is_for() {
        for (sentence, names) in [
            ("In the event of a fire, leave the building.", vec!["Fire"]),
            (
                "If there's a water leak, go to the back of the CNC room.",
                vec!["Water leak"],
            ),
            (
                "If you discover a fire, activate the fire alarm.",
                vec!["Fire"],
            ),
            ("11.1 On Discovering a Fire", vec!["Fire"]),
            (
                "Care must be taken in the event of a civil defence, fire, earthquake, tsunami, or trespasser or violent intruder emergency.",
                vec![
                    "Civil defence",
                    "Fire",
                    "Earthquake",
                    "Tsunami",
                    "Trespasser or violent intruder",
                ],
            ),
            (
                "In the event of fire, flood or theft, call Bob.",
                vec!["Fire", "Flood", "Theft"],
            ),
            (
                "If there is an emergency such as a fire or earthquake where the school must be evacuated,",
                vec!["Fire", "Earthquake"],
            ),
            (
                "A plan for continuing in the event of temporary hardware, software, or network outages.",
                vec![
                    "Temporary hardware outages",
                    "Software outages",
                    "Network outages",
                ],
            ),
            (
                "This Policy guides Company in responding to natural disasters, emergencies, accidents and equipment or security failures that could affect it.",
                vec![
                    "Natural disasters",
                    "Accidents",
                    "Equipment or security failures",
                ],
            ),
            (
                "Data may be lost as a result of large-scale emergencies, communications failures, electric power interruption or other incidents.",
                vec![
                    "Large-scale emergencies",
                    "Communications failures",
                    "Electric power interruption",
                ],
            ),
        ] {
            assert_eq!(named_in_condition(sentence), names, "{sentence}");
        }
        for none in [
            "In the event of an emergency, call 999.",
            "In case of doubt, ask the duty manager.",
            "If there is a problem with the rota, tell Sam.",
            "In the event of a fire, leave the building, and call 999.",
            "If there's a risk to life, property or the environment, call 999.",
            "If there is an emergency, the class rep will follow this notification",
            "Emergency Plan - West Burton Parish Council",
            "In the event of a significant disruption, we move.",
        ] {
            let found = named_in_condition(none);
            assert!(
                found.is_empty() || found == vec!["Fire"],
                "{none}: {found:?}"
            );
        }
    }

    #[test]
    fn a_heading_names_a_group_of_risks_by_its_last_word_or_as_sorts() {
        for yes in [
            "Incident categories",
            "Types of threats",
            "Key Risks",
            "Failure Scenarios",
            "Categories of Fire",
        ] {
            assert!(names_risk_group(yes), "{yes}");
        }
        for no in [
            "Incident response",
            "Risk assessment",
            "Categories of staff",
            "Contacts",
        ] {
            assert!(!names_risk_group(no), "{no}");
        }
    }

    #[test]
    fn a_label_numbering_or_naming_a_risk_gives_way_to_its_name() {
        for (text, name) in [
            ("Category 1 – Unauthorized Access", "Unauthorized Access"),
            (
                "Failure scenario: malicious tampering or ransomware",
                "malicious tampering or ransomware",
            ),
            ("Scenario 2: Office fire", "Office fire"),
            ("Threat - DDoS", "DDoS"),
        ] {
            assert_eq!(after_member_label(text).as_deref(), Some(name), "{text}");
        }
        for text in [
            "Step 1: Call the fire brigade now",
            "Recovery: restore the backups",
            "Fire",
            "Scenario planning is how we prepare",
            "Emergency Plan - West Burton Parish Council",
        ] {
            assert_eq!(after_member_label(text), None, "{text}");
        }
    }

    /// The names of the risks a text's lists give as examples.
    fn example_names(text: &str) -> Vec<String> {
        examples_after_lead_in(text)
            .into_iter()
            .map(|(_, n)| n)
            .collect()
    }

    #[test]
    fn a_few_of_what_goes_wrong_are_risks_but_places_following_an_injury_are_not() {
        let few = "Here are a few emergencies:\n\n- a public website is unavailable\n- you can't get to your work email\n";
        assert_eq!(
            example_names(few),
            [
                "A public website is unavailable",
                "You can't get to your work email"
            ]
        );
        let places = "For minor injuries, first aid kits are available at the following\nlocations:\n\n* Reception desk,\n* Judge's desk,\n";
        assert!(example_names(places).is_empty());
    }

    #[test]
    fn a_list_after_a_lead_in_giving_examples_of_what_goes_wrong_is_of_risks() {
        let text = "A breach is any incident that affects personal data.\n\n**Examples of breaches:**\n\n- Sending an email containing personal data to the wrong person\n- Loss or theft of a device holding personal data (phone, laptop)\n- Accidentally deleting records that are still required under the retention policy\n\nIf unsure, report it.";
        let names = example_names(text);
        assert_eq!(
            names,
            vec![
                "Sending an email containing personal data to the wrong person",
                "Loss or theft of a device holding personal data",
                "Accidentally deleting records",
            ]
        );
        let wrapped = "Incidents for which reporting would be appropriate will include\n\n* A site not responding to requests (from a small number of failures to a\n  significant number. I.e. an outage)\n* Unauthorised exposure of sensitive data. (e.g. user credentials being exposed)";
        let names = example_names(wrapped);
        assert_eq!(
            names,
            vec![
                "A site not responding to requests",
                "Unauthorised exposure of sensitive data"
            ]
        );
        let defined = "An incident is anything that compromises, or could compromise, the integrity of the project:\n\n- a vulnerability in the code or one of its dependencies\n- a tampered release artifact\n";
        let names = example_names(defined);
        assert_eq!(
            names,
            vec![
                "A vulnerability in the code or one of its dependencies",
                "A tampered release artifact"
            ]
        );
        for none in [
            // A log of the incident, what an incident report holds, channels to use.
            "The scribe keeps a log of the incident, including:\n\n- important events\n- decisions",
            "Additionally, the incident report should include basic response metrics:\n\n- **Discovery method**: how\n- **Time to discovery**: when",
            // What is not one.
            "Examples of what are not breaches:\n\n- Losing an encrypted laptop\n- A wrong address",
            // Steps after a lead-in naming incidents.
            "For incidents such as these, do the following:\n\n- Call the manager\n- Notify the insurer\n- Record the time",
            // What a disruption affects, what to have in one, who declares one.
            "Disruptions could affect the following:\n\n- Staff\n- Premises\n- IT systems",
            "In emergencies, you may need:\n\n- A torch\n- Bottled water",
            "An emergency is declared by:\n\n- The CEO\n- The COO",
            // A condition that only names one ("After the incident is resolved:").
            "After the incident is resolved:\n\n- A report must be published\n- A meeting may be scheduled",
            // No lead-in giving examples.
            "Breaches:\n\n- Ann Smith\n- Bob Jones",
        ] {
            assert!(examples_after_lead_in(none).is_empty(), "{none}");
        }
    }
}
