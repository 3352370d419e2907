//! What a plan relies on, named in its sentences: the registers, books, forms and lists it
//! keeps ("the Signing-in Book", "my first-aid box", "the Risk Assessment Register"), the
//! servers, databases, repositories and accounts it runs on ("the backup server", "our Netlify
//! account"), the kit it keeps ready ("go-kits", "the fire alarm system"). Each is a dependency
//! — what the business impact view follows when one is lost — named as the text names it.
//! The word that says what it is (its last word) decides its type; a name needs a word of its
//! own before that word, after "the", "my", "our" or in capitals, so a verb ("log the call",
//! "book a room") and a bare noun ("the list") name nothing.

use super::*;

/// The last words of a resource, and the catalog's type of dependency each names.
const HEADS: &[(&[&str], &str)] = &[
    (
        &[
            "register",
            "registers",
            "book",
            "books",
            "logbook",
            "log",
            "form",
            "forms",
            "records",
            "list",
            "binder",
            "calendar",
            "roster",
            "rota",
            "sheet",
            "sheets",
            "card",
            "cards",
            "flyer",
            "flyers",
            "spreadsheet",
            "folder",
            "database",
            "databases",
            "repository",
            "handbook",
            "manual",
        ],
        "data",
    ),
    (
        &[
            "server",
            "servers",
            "machine",
            "machines",
            "account",
            "accounts",
            "website",
            "aliases",
            "alias",
            "channel",
            "repeater",
            "repeaters",
            "radios",
            "router",
            "generator",
            "generators",
            "laptop",
            "laptops",
            "domain",
            "domains",
            "vm",
        ],
        "system",
    ),
    (
        &[
            "kit",
            "kits",
            "go-kit",
            "go-kits",
            "box",
            "charger",
            "alarm",
            "extinguisher",
            "extinguishers",
            "defibrillator",
            "torch",
            "torches",
        ],
        "other",
    ),
];

/// Words that open what comes before a name, never part of it.
const OPENERS: &[&str] = &[
    "the", "a", "an", "my", "our", "your", "their", "its", "his", "her", "another", "each",
    "every", "any", "this", "that", "these", "those", "one", "two", "three", "both", "some",
];

/// Last words that name a resource on their own ("the go-kits", "a defibrillator").
const NAMED_ALONE: &[&str] = &[
    "go-kit",
    "go-kits",
    "logbook",
    "defibrillator",
    "generator",
    "generators",
    "extinguisher",
    "extinguishers",
    "repeater",
];

/// Words that are no part of a resource's name: what only points at one ("the same list",
/// "the following form"), and the small words a sentence runs on with.
const NOT_NAMES: &[&str] = &[
    "new",
    "old",
    "same",
    "other",
    "following",
    "above",
    "below",
    "relevant",
    "appropriate",
    "current",
    "latest",
    "separate",
    "own",
    "all",
    "some",
    "such",
    "one",
    "two",
    "no",
    "more",
    "most",
    "certain",
    "specific",
    "various",
    "additional",
    "existing",
    "written",
    "updated",
    "up-to-date",
    "is",
    "are",
    "be",
    "was",
    "were",
    "in",
    "on",
    "at",
    "to",
    "for",
    "with",
    "from",
    "by",
    "of",
    "and",
    "or",
    "if",
    "when",
    "then",
    "which",
    "who",
    "as",
    "so",
    "not",
    "whole",
    "entire",
    "full",
    "main",
    "only",
    "second",
    "last",
    "next",
    "whatever",
    "please",
    "also",
    "it",
    "we",
    "i",
    "you",
    "they",
    "he",
    "she",
    "there",
    "here",
    "use",
    "using",
    "used",
    "keep",
    "kept",
    "via",
    "into",
    "onto",
    "about",
    "per",
    "see",
    "check",
    "good",
    "small",
    "large",
    "big",
    "single",
    "entire",
    "simple",
    "short",
    "long",
    "specified",
    "mentioned",
    "described",
    "attached",
    "given",
    "above-mentioned",
    "said",
    "correct",
    "exhaustive",
    "nearest",
    "local",
    "complete",
    "proper",
    "suitable",
    "necessary",
    "required",
    "usual",
    "normal",
    "wrong",
    "recent",
    "previous",
    "original",
    "final",
    "past",
    "false",
    "different",
    "respective",
    "key",
    "communication",
    "communications",
    "includes",
    "include",
    "contains",
    "maintains",
    "keeps",
    "holds",
    "has",
    "have",
    "uses",
    "needs",
    "requires",
    "provides",
    "lists",
    // Modal verbs: "The duty manager will log every call".
    "will",
    "must",
    "should",
    "can",
    "may",
    "shall",
    // What is said of an account or a box that is none to restore.
    "brief",
    "clear",
    "factual",
    "honest",
    "simplest",
    "public",
    "english",
    "search",
    "drop-down",
    "po",
    "frequent",
];

/// One resource a sentence names: its name as written, its type, and the line it is on.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Resource {
    pub(crate) name: String,
    pub(crate) kind: &'static str,
    pub(crate) line: usize,
}

/// The resources the sentences and list items of a text name, each once, in order. Table rows
/// and headings are read elsewhere.
pub(crate) fn resources_in(text: &str) -> Vec<Resource> {
    crate::formats::planimport::memo::remembered("resources.rs:resources_in", text, || {
        resources_in_read(text)
    })
}

fn resources_in_read(text: &str) -> Vec<Resource> {
    let mut out: Vec<Resource> = Vec::new();
    // The last words of every name found so far ("rule book" of "BVRC Rule Book").
    let mut ends: std::collections::HashSet<String> = std::collections::HashSet::new();
    let lines: Vec<&str> = text.lines().collect();
    // A sentence wrapped over lines ("filling out the request\nform") is read whole.
    for (i, line) in super::reach::wrapped_units(&lines) {
        let t = line.trim();
        if t.starts_with("```") {
            continue;
        }
        let plain = normalise(&super::reach::without_tags(t));
        for (name, kind) in named_in(&plain) {
            // "work sheets" after "work sheet", "Rule Book" after "BVRC Rule Book": the same.
            let key = singular_key(&name);
            if !ends.contains(&key) {
                ends.extend(word_ends(&key));
                out.push(Resource {
                    name,
                    kind,
                    line: i,
                });
            }
        }
    }
    out
}

/// The resources one line names.
fn named_in(line: &str) -> Vec<(String, &'static str)> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let head = bare(w);
        let Some(kind) = head_kind(&head.to_lowercase()) else {
            continue;
        };
        if used_as_verb_or_modifier(&words, i) {
            continue;
        }
        let start = name_start(&words, i);
        // "Register of Competent Persons": a capitalised head names what it holds after "of".
        let of_part = (head.starts_with(char::is_uppercase)
            && words.get(i + 1).is_some_and(|n| *n == "of")
            && !w.ends_with([',', ';', ':', '.']))
        .then(|| {
            words[i + 2..]
                .iter()
                .take(3)
                .take_while(|n| n.starts_with(char::is_uppercase))
                .map(|n| n.trim_end_matches([',', ';', ':', '.', ')']))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|of| !of.is_empty());
        let alone = NAMED_ALONE.contains(&head.to_lowercase().as_str()) || of_part.is_some();
        if start == i && !alone {
            continue;
        }
        let name_words: Vec<String> = words[start..=i].iter().map(|w| bare(w)).collect();
        let capitals = (start < i || of_part.is_some())
            && name_words.iter().all(|w| {
                w == "&" || w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
            });
        let opened = start > 0
            && OPENERS.contains(&bare(words[start - 1]).to_lowercase().as_str())
            && !words[start - 1].ends_with([',', ';', ':', '.']);
        // "Sign the Log", "Book the room": a verb opening the sentence is no name.
        let verb_first = start == 0 && opens_with_action(&name_words[0]);
        if !(capitals || opened) || verb_first {
            continue;
        }
        let mut name = name_words.join(" ");
        if let Some(of) = of_part {
            name = format!("{name} of {of}");
        }
        out.push((name, kind));
    }
    out
}

/// A word without the punctuation around it, nor a possessive "'s".
fn bare(w: &str) -> String {
    w.trim_matches(|c: char| {
        !c.is_alphanumeric() && c != '&' && c != '-' && c != '\'' && c != '\u{2019}'
    })
    .trim_end_matches("'s")
    .trim_end_matches("\u{2019}s")
    .to_string()
}

/// Whether the head word at `i` is a verb with its object after it ("The fire warden records
/// who is missing", "books the room"), or part of a name ending further on ("the staff rota
/// spreadsheet").
fn used_as_verb_or_modifier(words: &[&str], i: usize) -> bool {
    let next = words
        .get(i + 1)
        .filter(|_| !words[i].ends_with([',', ';', ':', '.', ')']))
        .map(|n| bare(n).to_lowercase());
    next.as_deref().is_some_and(|n| {
        [
            "the", "a", "an", "every", "all", "any", "who", "what", "it", "them", "their", "each",
            "his", "her", "leave",
        ]
        .contains(&n)
            || head_kind(n).is_some()
    })
}

/// Where the name ending with the head at `i` starts: back over the words that name it (four
/// at most), to an opener, a word that is none, or a word ending a clause ("… tested, the
/// backup server").
fn name_start(words: &[&str], i: usize) -> usize {
    let mut start = i;
    while start > 0 && i - start < 4 {
        let prev = words[start - 1];
        if prev.ends_with([',', ';', ':', '.', '!', '?', ')']) {
            break;
        }
        let b = bare(prev);
        let lower = b.to_lowercase();
        let joins = b == "&" && start >= 2;
        if !joins
            && (b.is_empty()
                || NOT_NAMES.contains(&lower.as_str())
                || OPENERS.contains(&lower.as_str())
                || lower.ends_with("ly")
                // "the affected server", "a dedicated channel": what is said of it.
                || (lower.ends_with("ed") && !lower.contains('-'))
                || !b.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '\''))
        {
            break;
        }
        start -= 1;
    }
    // "File & Print Servers": the name does not open with the "&".
    while start < i && bare(words[start]) == "&" {
        start += 1;
    }
    start
}

/// A name's words as [`words_key`] gives them, the last one without its plural "s".
fn singular_key(name: &str) -> String {
    words_key(name).trim_end_matches('s').trim().to_string()
}

/// Every run of last words of a key ("bvrc rule book" → itself, "rule book", "book").
fn word_ends(key: &str) -> Vec<String> {
    let words: Vec<&str> = key.split_whitespace().collect();
    (0..words.len()).map(|k| words[k..].join(" ")).collect()
}

/// The type of dependency a resource's last word names, if it names one.
fn head_kind(head: &str) -> Option<&'static str> {
    HEADS
        .iter()
        .find(|(words, _)| words.contains(&head))
        .map(|(_, kind)| *kind)
}

impl Planner<'_> {
    /// Dependencies for the resources a text names that no other reading made anything of.
    pub(crate) fn resources_named(&mut self, text: &str, first_line: usize) {
        let dependency = kind_def("dependency");
        for r in resources_in(text) {
            if [
                "dependency",
                "vendor",
                "checklist",
                "role",
                "contact",
                "template",
            ]
            .iter()
            .any(|k| self.already_read(kind_def(k), &r.name))
            {
                continue;
            }
            // "The incident-response Slack channel": a well-known provider, read as one.
            if super::providers::names_a_provider(&r.name) {
                continue;
            }
            // "subscription list" after "the bug subscription list" in another paragraph.
            if self.resource_ends.contains(&singular_key(&r.name)) {
                continue;
            }
            self.resource_ends.extend(word_ends(&singular_key(&r.name)));
            let (id, new) = self.id_for(dependency, &r.name);
            let row = self.row(dependency, &id);
            row.insert("system".into(), r.name.clone().into());
            row.insert("type".into(), r.kind.into());
            self.entry(
                first_line + r.line,
                "dependency",
                &r.name,
                Some(&id),
                new,
                "a register, system or kit the plan says it keeps or uses".into(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        resources_in(text).into_iter().map(|r| r.name).collect()
    }

    #[test]
    fn registers_systems_and_kit_a_plan_keeps_are_named_as_written() {
        assert_eq!(
            names(
                "I store one first aid box within the house, and my first-aid box is labelled.\n\
                 - Sign in using the Signing-in Book.\n\
                 The Register of Competent Persons and the Risk Assessment Register are kept.\n\
                 Restore the File & Print Servers, then the backup server."
            ),
            [
                "first aid box",
                "Signing-in Book",
                "Register of Competent Persons",
                "Risk Assessment Register",
                "File & Print Servers",
                "backup server"
            ]
        );
        let r = resources_in("Keep the go-kits in our Netlify account.");
        assert_eq!(
            r.iter()
                .map(|r| (r.name.as_str(), r.kind))
                .collect::<Vec<_>>(),
            [("go-kits", "other"), ("Netlify account", "system")]
        );
    }

    #[test]
    fn verbs_bare_nouns_and_pointers_name_nothing() {
        for none in [
            "Log the call and book a room.",
            "Use the list below.",
            "Fill in the same form again.",
            "See the following list:",
            "We will form a group.",
            "Sign Register to confirm.",
            "The whole system is down.",
            "Restore the affected server, then the false alarm.",
            "The disaster includes list.",
            "The fire warden records who is missing; the duty manager will log every call.",
            "Give a brief account. In its simplest form, the search box.",
            "Follow the Incident Command System.",
            "in the first instance, ask at the local alarm",
            "| Backup server | nightly |",
        ] {
            assert!(names(none).is_empty(), "{none}: {:?}", names(none));
        }
    }
}
