//! Risks a list gives as examples after a lead-in saying so: "**Examples of breaches:**" over
//! "- Loss or theft of a device …", "Incidents for which reporting would be appropriate will
//! include", "An incident includes but is not restricted to, the following:" — each item one
//! risk, named by its words up to what explains it.

use super::risk_groups::{WRONGS, capitalised, words};
use super::risks::is_generic;
use super::*;

/// Nouns of what goes wrong that a lead-in may give examples of, beside [`WRONGS`] ("Examples
/// of *breaches*:", "*Incidents* for which reporting would be appropriate will include").
const WRONG_EXAMPLES: &[&str] = &[
    "breach",
    "breaches",
    "disruption",
    "disruptions",
    "outage",
    "outages",
    "failure",
    "failures",
    "attack",
    "attacks",
    "crisis",
    "crises",
];

/// Words of a lead-in that say examples or members follow, not what to do.
const GIVES_EXAMPLES: &[&str] = &[
    "example",
    "examples",
    "include",
    "includes",
    "including",
    "such",
    "types",
    "kinds",
    "categories",
    "common",
    "typical",
    "possible",
    "potential",
    "counts",
    "considered",
    "e.g",
];

/// Whether words name things that go wrong as such: in the plural ("breaches", "incidents for
/// which …") or as sorts ("what type of incident"), not as what qualifies another ("a log of
/// the incident", "the incident report should include").
fn names_wrongs(w: &[String]) -> bool {
    w.iter().enumerate().any(|(i, x)| {
        let wrong = WRONGS.contains(&x.as_str()) || WRONG_EXAMPLES.contains(&x.as_str());
        let plural = x.ends_with('s');
        let qualifies = w.get(i + 1).is_some_and(|next| {
            [
                "report",
                "reports",
                "response",
                "management",
                "team",
                "log",
                "register",
                "plan",
                "information",
                "evidence",
                "details",
                "data",
                "form",
                "forms",
            ]
            .contains(&next.as_str())
        });
        // ("what type of incident we are facing": sorts of them, named in the singular.)
        let sorts = i >= 2
            && w[i - 1] == "of"
            && [
                "type",
                "types",
                "kind",
                "kinds",
                "sort",
                "sorts",
                "category",
                "categories",
            ]
            .contains(&w[i - 2].as_str());
        wrong && (plural || sorts) && !qualifies
    })
}

/// Whether a lead-in says the list after it is of things that go wrong: it names them
/// (breaches, incidents, emergencies …) and says examples or members follow ("**Examples of
/// breaches:**", "Incidents for which reporting would be appropriate will include", "Potential
/// threats to our operations include:"), and is not a negation ("is not a breach").
fn leads_into_wrongs(lead: &str) -> bool {
    let w = words(lead);
    let named = names_wrongs(&w);
    // (Or a few of them, or those following: "Here are a few emergencies:", "The following
    // incidents must be reported:" — not "… kits are at the following locations:".)
    let some = w.iter().enumerate().any(|(i, x)| {
        ["few", "following"].contains(&x.as_str())
            && w[i + 1..]
                .iter()
                .take(2)
                .any(|n| WRONGS.contains(&n.as_str()))
    });
    let examples = some || w.iter().any(|x| GIVES_EXAMPLES.contains(&x.as_str()));
    // "An incident is anything that compromises … :", "A data breach means …:": what one is,
    // then what it may be.
    let wrong = |x: &String| WRONGS.contains(&x.as_str()) || WRONG_EXAMPLES.contains(&x.as_str());
    let article = w
        .first()
        .is_some_and(|x| ["a", "an", "any"].contains(&x.as_str()));
    let defines = article
        && w.iter().take(5).enumerate().any(|(i, x)| {
            ["is", "means", "are", "includes"].contains(&x.as_str())
                && i > 0
                && wrong(&w[i - 1])
                // "is anything that …", "means any …" — not "is declared by".
                && w.get(i + 1).is_some_and(|n| {
                    ["any", "anything", "a", "an", "something", "when", "where"]
                        .contains(&n.as_str())
                        // "An incident includes but is not restricted to, the following:"
                        || x == "includes"
                            && n == "but"
                            && w.iter().any(|o| ["restricted", "limited"].contains(&o.as_str()))
                })
        });
    // ("… but is not restricted to": the list is open, not denied.)
    let open = |i: usize| {
        w.get(i + 1)
            .is_some_and(|n| ["restricted", "limited", "exhaustive"].contains(&n.as_str()))
    };
    let negated = w
        .iter()
        .enumerate()
        .any(|(i, x)| ["not", "nor", "never", "t"].contains(&x.as_str()) && !open(i));
    let tail = lead.trim().trim_end_matches(['*', '_']).trim_end();
    let opens_list = tail.ends_with([':', ';'])
        || ["include", "includes", "including", "are", "as"]
            .iter()
            .any(|e| w.last().is_some_and(|l| l == e));
    ((named && examples) || defines) && opens_list && !negated && w.len() <= 30
}

/// What an example item names: its words up to what explains it ("A site not responding to
/// requests (from a small number …)" → "A site not responding to requests"), when short.
fn example_name(item: &str) -> Option<String> {
    let plain = normalise(item);
    // "attempts (failed or successful) to gain unauthorised access …": a bracket inside the
    // name qualifies it; what follows it is still the name.
    let plain = match plain.find(" (") {
        Some(at) if plain[..at].split_whitespace().count() < 2 => match plain[at..].find(')') {
            Some(close) => format!("{}{}", &plain[..at], &plain[at + close + 1..]),
            None => plain.clone(),
        },
        _ => plain.clone(),
    };
    let plain = plain.trim();
    if plain.ends_with(':') {
        return None;
    }
    let cut = [" (", " e.g", ", e.g", ". ", "; ", ": ", " – ", " — ", " - "]
        .iter()
        .filter_map(|c| plain.find(c))
        .min()
        .unwrap_or(plain.len());
    let mut name = plain[..cut].trim().trim_end_matches(['.', ',', ';']).trim();
    // "unforeseen circumstances such as a fire or flood": the examples are what it names.
    let examples = name.split_once(" such as ").and_then(|(group, said)| {
        let last = group.rsplit(' ').next().unwrap_or_default().to_lowercase();
        let groups = [
            "circumstances",
            "events",
            "situations",
            "incidents",
            "emergencies",
        ];
        groups.contains(&last.as_str()).then_some(said)
    });
    if let Some(said) = examples {
        name = ["a ", "an ", "the "]
            .iter()
            .find_map(|a| said.strip_prefix(a))
            .unwrap_or(said);
    }
    // A long one names its thing before what qualifies it ("Accidentally deleting records
    // that are still required …").
    if name.split_whitespace().count() > 10 {
        let qualifier = [
            " where ",
            " that ",
            " on which ",
            " in which ",
            " which ",
            " who ",
            " when ",
        ]
        .iter()
        .filter_map(|q| name.find(q))
        .filter(|&at| name[..at].split_whitespace().count() >= 2)
        .min();
        name = qualifier.map_or(name, |at| &name[..at]);
    }
    let n = name.split_whitespace().count();
    ((1..=14).contains(&n) && !is_generic(name)).then(|| capitalised(name))
}

/// The examples of what goes wrong that lists give after a lead-in saying so, with the line of
/// each item (from 0). Every item must name one; a list of steps is none.
pub(super) fn examples_after_lead_in(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (start, items) in super::risks::list_groups(text) {
        let lead = paragraph_above(&lines, start);
        if !leads_into_wrongs(&lead) {
            continue;
        }
        // An item's wrapped lines belong to it.
        let mut whole: Vec<(usize, String)> = Vec::new();
        for (i, line) in lines.iter().enumerate().skip(start) {
            let done = whole.len() >= items.len();
            match (list_item(line), whole.last_mut()) {
                (Some(item), _) if items.contains(line) => whole.push((i, item.to_string())),
                (None, Some((_, last))) if line.starts_with(char::is_whitespace) => {
                    last.push(' ');
                    last.push_str(line.trim());
                }
                _ if done => break,
                _ => {}
            }
        }
        // Named items ("Natural Disasters: floods …") are read by what their names say
        // ([`super::risks`]), a list with one that names no risk being none — unless the lead
        // says they are examples of sorts ("Below are examples to help us determine what type
        // of incident we are facing:" over "* Insider: Malicious or accidental action …").
        if items.iter().any(|i| named_item(i).is_some()) {
            let named: Vec<(usize, String)> = whole
                .iter()
                .filter_map(|(i, item)| named_item(item).map(|(n, _)| (*i, capitalised(&n))))
                .collect();
            let examples = words(&lead)
                .iter()
                .any(|x| ["example", "examples", "type", "types", "kinds"].contains(&x.as_str()));
            if examples && named.len() == whole.len() && named.len() >= 2 {
                found.extend(named);
            }
            continue;
        }
        let list: String = items.join("\n");
        let names: Vec<(usize, String)> = whole
            .iter()
            .filter_map(|(i, item)| example_name(item).map(|n| (*i, n)))
            .collect();
        // ("An incident includes … the following:" over "Employees", "Contractors": whom it
        // covers — one item at least must name something going wrong.)
        let includes = words(&lead)
            .iter()
            .any(|w| w == "restricted" || w == "limited");
        let wrongs = names.iter().any(|(_, n)| {
            words(n)
                .iter()
                .any(|w| super::risks::is_event_word(w) || WRONGS.contains(&w.as_str()))
        });
        // Most items name one (a long sentence among them is said, not named).
        if names.len() >= 2
            && names.len() * 3 >= whole.len() * 2
            && !imperative_steps(&list)
            && (wrongs || !includes)
        {
            found.extend(names);
        }
    }
    found
}
