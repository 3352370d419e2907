//! Whether a line opens with a command, for verbs no list names: "Neutralize the acid",
//! "Safely dispose of the battery acid". A word is taken for a verb in its base form by what
//! follows it — the opening of its object ("the", "any", "your", "all") — when it is no word
//! that opens other lines ("If the …", "All the …") and no third-person form ("Ensures the …",
//! which describes a duty).

/// Words that open a line without commanding: determiners, pronouns, prepositions,
/// conjunctions, and forms of "be" and "have".
const NOT_VERBS: &[&str] = &[
    "a",
    "an",
    "the",
    "all",
    "any",
    "each",
    "every",
    "both",
    "either",
    "neither",
    "some",
    "no",
    "only",
    "just",
    "once",
    "when",
    "whenever",
    "if",
    "unless",
    "after",
    "before",
    "during",
    "until",
    "while",
    "where",
    "why",
    "how",
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "of",
    "for",
    "in",
    "on",
    "at",
    "from",
    "with",
    "within",
    "without",
    "by",
    "to",
    "into",
    "onto",
    "upon",
    "over",
    "under",
    "across",
    "through",
    "throughout",
    "between",
    "among",
    "about",
    "against",
    "around",
    "behind",
    "beside",
    "besides",
    "near",
    "per",
    "via",
    "as",
    "like",
    "than",
    "then",
    "and",
    "or",
    "but",
    "nor",
    "so",
    "yet",
    "because",
    "since",
    "although",
    "though",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "he",
    "she",
    "they",
    "we",
    "you",
    "i",
    "his",
    "her",
    "their",
    "our",
    "your",
    "my",
    "also",
    "not",
    "most",
    "many",
    "more",
    "less",
    "few",
    "several",
    "other",
    "another",
    "such",
    "same",
    "top",
    "up",
    "out",
    "next",
    "last",
    "first",
    "second",
    "third",
    "main",
    "new",
    "old",
    "ask",
];

/// Words ending in "ly" that say no manner of doing: cadences, and nouns.
const NOT_MANNERS: &[&str] = &[
    "only",
    "early",
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "yearly",
    "annually",
    "hourly",
    "fortnightly",
    "nightly",
    "biannually",
    "biennially",
    "semiannually",
    "family",
    "supply",
    "assembly",
    "rally",
    "reply",
];

/// Words that open a verb's object.
const OBJECT_OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "any",
    "all",
    "your",
    "their",
    "his",
    "her",
    "its",
    "our",
    "this",
    "that",
    "these",
    "those",
    "every",
    "each",
    "everyone",
    "everybody",
    "anyone",
    "them",
    "it",
    "yourself",
    "yourselves",
    "someone",
    "somebody",
];

/// A line's words, in lower case, without the punctuation around them.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split_whitespace().map(|w| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
            .to_lowercase()
    })
}

/// Whether `word` followed by `next` reads as a command with its object ("neutralize the").
fn verb_before_object(word: &str, next: &str) -> bool {
    word.len() >= 3
        && word.chars().all(|c| c.is_ascii_alphabetic())
        && !NOT_VERBS.contains(&word)
        // "Ensures the backups run", "Needs the keys": a duty described, not commanded.
        && (word.ends_with("ss") || !word.ends_with('s'))
        // "Annually a drill is held": an adverb (but "Supply the forms").
        && (!word.ends_with("ly") || ["apply", "supply", "reply", "comply"].contains(&word))
        // "Reported the spill", "Broken the glass", "Spilling the acid": not a command.
        && !["ed", "en", "ing"].iter().any(|e| word.ends_with(e))
        && OBJECT_OPENERS.contains(&next)
}

/// Whether `text` opens with a command no list of verbs names: a word before its object
/// ("Neutralize the acid"), or an adverb before a command ("Safely dispose of …", "Quickly
/// wash it off"), where `known` tells the verbs a list names.
pub(crate) fn opens_with_command(text: &str, known: &dyn Fn(&str) -> bool) -> bool {
    let w: Vec<String> = words(text).take(3).collect();
    let (Some(first), Some(second)) = (w.first(), w.get(1)) else {
        return false;
    };
    if verb_before_object(first, second) {
        return true;
    }
    // "Annually: a full drill" is a cadence and its label, not a manner of doing.
    let label = text
        .split_whitespace()
        .next()
        .is_some_and(|w| w.trim_end_matches('*').ends_with(':'));
    let adverb = first.len() > 4
        && first.ends_with("ly")
        && !label
        && !NOT_MANNERS.contains(&first.as_str());
    adverb
        && (known(second)
            || w.get(2)
                .is_some_and(|third| verb_before_object(second, third) || third == "of"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_by_what_follows_the_verb() {
        let known = |w: &str| ["call", "wash"].contains(&w);
        for line in [
            "Neutralize the acid with baking soda",
            "Safely dispose of the battery acid",
            "Quickly wash it off with water",
            "Immediately call 911",
            "Relocate any persons from the immediate scene",
            "Extinguish the fire if it blocks your way",
        ] {
            assert!(opens_with_command(line, &known), "{line}");
        }
        for line in [
            "If the alarm sounds, leave",
            "All the staff meet outside",
            "Ensures the backups run",
            "Reported the spill to a mentor",
            "Members of the team",
            "The battery is placed in a container",
            "Only the warden may re-enter",
            "Database server",
            "Quarterly review of the contacts",
            "**Weekly:** Review the contacts",
            "**Annually:** A full restoration drill",
        ] {
            assert!(!opens_with_command(line, &known), "{line}");
        }
    }
}
