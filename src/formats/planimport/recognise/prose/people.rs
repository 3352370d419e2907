//! People as sentences name them: job titles, acronyms, names, and the mentions in a clause ("the CTO (Maria)").

use super::*;

/// Words that make a run of capitalised words a job title.
pub(crate) const JOB_WORDS: &[&str] = &[
    "officer",
    "manager",
    "head",
    "director",
    "lead",
    "leader",
    "founder",
    "co-founder",
    "cofounder",
    "president",
    "chief",
    "administrator",
    "coordinator",
    "commander",
    "counsel",
    "owner",
    "partner",
    "engineer",
    "advisor",
    "adviser",
    "secretary",
    "treasurer",
    "chair",
    "warden",
    "marshal",
    "controller",
    "supervisor",
    "captain",
    "commissioner",
    "clerk",
    "trustee",
    "chairman",
    "chairperson",
    "headteacher",
    "principal",
    "coach",
    "instructor",
    "steward",
    "organiser",
    "organizer",
    "representative",
    "rep",
    "caretaker",
    "judge",
    "teacher",
    "usher",
    "pastor",
    "responder",
    "aider",
    "member",
    "helper",
    "liaison",
    "operator",
    "dispatcher",
    "tester",
    "assistant",
    "successor",
    "maintainer",
    "interpreter",
    "specialist",
    "technician",
    "analyst",
    "handler",
    "spokesperson",
    "deputy",
    "custodian",
    "facilitator",
    "auditor",
    "registrar",
    "convenor",
    "convener",
    "receptionist",
    "childminder",
    "scribe",
];

/// Words that may follow a person's title in a sentence ("the CEO shall", "the COO or").
pub(crate) const FOLLOWS_A_PERSON: &[&str] = &[
    "is",
    "or",
    "and",
    "shall",
    "will",
    "must",
    "should",
    "may",
    "can",
    "cannot",
    "decides",
    "leads",
    "owns",
    "has",
    "stands",
    "steps",
    "takes",
    "acts",
    "approves",
    "declares",
    "coordinates",
    "who",
    "to",
    "as",
    "if",
    "when",
];

pub(crate) fn is_acronym(w: &str) -> bool {
    (2..=5).contains(&w.len()) && w.chars().all(|c| c.is_ascii_uppercase())
}

/// Whether `short` is the initials of `long` ("COO" of "Chief Operating Officer").
pub(crate) fn acronym_of(long: &str, short: &str) -> bool {
    let initials: String = long
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .collect();
    let short = short.trim_matches(|c: char| !c.is_alphanumeric());
    initials.len() >= 2 && initials == short
        || long
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| is_acronym(w) && w == short)
}

/// Whether words name a person's job ("Security Officer"; an acronym alone may be a system).
pub(crate) fn names_a_job(s: &str) -> bool {
    crate::formats::planimport::memo::remembered("people.rs:names_a_job", s, || names_a_job_read(s))
}

fn names_a_job_read(s: &str) -> bool {
    s.split_whitespace().any(|w| {
        JOB_WORDS.contains(
            &w.to_lowercase()
                .trim_matches(|c: char| !c.is_alphanumeric()),
        )
    })
}

pub(crate) fn is_job_title(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 6
        && (words
            .iter()
            .any(|w| is_acronym(w.trim_matches(|c: char| !c.is_alphanumeric())))
            || words.iter().any(|w| {
                let w = w.to_lowercase();
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                // "Area Wardens": the plural names the job too.
                JOB_WORDS.contains(&w)
                    || w.strip_suffix('s')
                        .is_some_and(|one| JOB_WORDS.contains(&one))
            }))
}

/// One to four capitalised words that are not a job title: a name ("Maria", "Tom Berg").
pub(crate) fn is_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && !is_job_title(s)
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.' | '’'))
        })
}

/// Where the words that may name someone before the end of `before` start: six words fit in a
/// few hundred bytes, and looking no further keeps a clause of ten thousand parentheses (or one
/// endless word before each) linear rather than quadratic. A word cut by the window is left out.
pub(crate) fn look_behind(before: &str) -> usize {
    const WINDOW: usize = 512;
    let mut from = before.len().saturating_sub(WINDOW);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    if from == 0 || before[..from].ends_with(char::is_whitespace) {
        return from;
    }
    before[from..]
        .find(char::is_whitespace)
        .map_or(before.len(), |i| from + i)
}

/// The run of capitalised words (with "of", "and", "for" inside) that ends at `end`.
pub(crate) fn capitalised_before(clause: &str, end: usize) -> (usize, String) {
    let before = &clause[..end];
    let mut start = end;
    let mut words: Vec<&str> = Vec::new();
    for w in before[look_behind(before)..].split_whitespace().rev() {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        let capital = bare.chars().next().is_some_and(char::is_uppercase);
        let joiner = ["of", "and", "for", "&"].contains(&bare) && !words.is_empty();
        if !(capital || joiner) || w.ends_with([',', ';', ':', '.']) && !words.is_empty() {
            break;
        }
        words.insert(0, bare);
        if let Some(p) = before[..start].rfind(w) {
            start = p;
        }
        if words.len() >= 6 {
            break;
        }
    }
    while words.first().is_some_and(|w| {
        [
            "of", "and", "for", "&", "The", "Our", "A", "An", "If", "When",
        ]
        .contains(w)
    }) {
        words.remove(0);
    }
    while words
        .last()
        .is_some_and(|w| ["of", "and", "for", "&"].contains(w))
    {
        words.pop();
    }
    (start, words.join(" "))
}

/// The people a clause names, in order.
pub(crate) fn mentions(clause: &str) -> Vec<Mention> {
    let mut found: Vec<Mention> = Vec::new();
    let mut covered: Vec<(usize, usize)> = Vec::new();
    // "Title (Name)", "Name (Title)", "Title (ACRONYM)".
    let mut from = 0;
    while let Some(open) = clause[from..].find('(').map(|i| from + i) {
        let Some(close) = clause[open..].find(')').map(|i| open + i) else {
            break;
        };
        from = close + 1;
        if let Some(m) = bracketed_mention(clause, open, close) {
            covered.push((m.at, close + 1));
            found.push(m);
        }
    }
    titles_alone(clause, &covered, &mut found);
    found.sort_by_key(|m| m.at);
    found
}

/// The person named by the brackets at `open`..`close` and the words before them: "Title
/// (Name)", "Name (Title)", "Title (ACRONYM)", "the co-founder (Ben)".
fn bracketed_mention(clause: &str, open: usize, close: usize) -> Option<Mention> {
    let inside = clause[open + 1..close].trim();
    let (start, before) = capitalised_before(clause, open);
    // "the co-founder (Ben)": a title in lower case, after an article, then the name.
    if before.is_empty() && is_name(inside) {
        let words: Vec<&str> = clause[..open].split_whitespace().rev().take(2).collect();
        if let [title, article] = words[..]
            && ["the", "our", "its", "their"].contains(&article.to_lowercase().as_str())
            && title.chars().all(|c| c.is_alphabetic() || c == '-')
        {
            let at = clause[..open].rfind(title).unwrap_or(open);
            return Some(Mention {
                name: Some(inside.to_string()),
                title: Some(title.to_string()),
                at,
            });
        }
        return None;
    }
    if before.is_empty() || inside.is_empty() {
        return None;
    }
    if is_job_title(&before) && is_name(inside) {
        Some(Mention {
            name: Some(inside.to_string()),
            title: Some(before),
            at: start,
        })
    } else if is_name(&before) && is_job_title(inside) {
        Some(Mention {
            name: Some(before),
            title: Some(inside.to_string()),
            at: start,
        })
    } else if is_job_title(&before) && is_acronym(inside) {
        Some(Mention {
            name: None,
            title: Some(format!("{before} ({inside})")),
            at: start,
        })
    } else {
        None
    }
}

/// "the Head of Engineering", "the CEO": job titles on their own (outside what brackets
/// `covered`), as runs of capitalised words ("of" and "and" inside). An acronym alone counts
/// when a verb or a stop follows it ("the CEO shall", "the COO or") — "the IT team" is a team.
fn titles_alone(clause: &str, covered: &[(usize, usize)], found: &mut Vec<Mention>) {
    let words: Vec<(usize, &str)> = clause
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - clause.as_ptr() as usize, w))
        .collect();
    let mut i = 0;
    while i < words.len() {
        if !is_capitalised(words[i].1)
            || [
                "The", "If", "When", "Our", "A", "An", "In", "During", "As", "For", "Each", "All",
                "Any", "This", "Once", "After", "Before", "Where", "While", "Then",
            ]
            .contains(&bare_word(words[i].1).as_str())
        {
            i += 1;
            continue;
        }
        let first = i;
        let (mut run, ended, end) = capitalised_run(&words, i);
        i = end;
        // "the Safety Team lead", "the Fire Safety officer": the job word in lower case after
        // the capitalised words.
        if !ended
            && let Some(&(_, w)) = words.get(i)
            && let job = bare_word(w)
            && (JOB_WORDS.contains(&job.as_str())
                || job
                    .strip_suffix('s')
                    .is_some_and(|one| JOB_WORDS.contains(&one)))
            && job.starts_with(char::is_lowercase)
            && !run
                .last()
                .is_some_and(|l| JOB_WORDS.contains(&l.to_lowercase().as_str()))
        {
            run.push(job);
            i += 1;
        }
        let at = words[first].0;
        if covered.iter().any(|(s, e)| at >= *s && at < *e) {
            continue;
        }
        let title = run.join(" ");
        let next = words.get(i).map(|(_, w)| bare_word(w).to_lowercase());
        let alone_ok = !(run.len() == 1 && is_acronym(&title))
            || ended
            || next
                .as_deref()
                .is_none_or(|n| FOLLOWS_A_PERSON.contains(&n));
        if is_job_title(&title) && alone_ok {
            found.push(Mention {
                name: None,
                title: Some(title),
                at,
            });
        }
    }
}

/// The run of capitalised words (with "of", "and", "for" between two of them) starting at word
/// `i`: its words bare, whether a stop ended it, and the word after it.
fn capitalised_run(words: &[(usize, &str)], mut i: usize) -> (Vec<String>, bool, usize) {
    let mut run = vec![bare_word(words[i].1)];
    let mut ended = words[i].1.ends_with([',', ';', ':', '.']);
    i += 1;
    while i < words.len() && !ended {
        let w = bare_word(words[i].1);
        let joiner = ["of", "and", "for"].contains(&w.as_str())
            && words.get(i + 1).is_some_and(|(_, n)| is_capitalised(n));
        if !(is_capitalised(words[i].1) || joiner) {
            break;
        }
        ended = words[i].1.ends_with([',', ';', ':', '.']);
        run.push(w);
        i += 1;
    }
    (run, ended, i)
}

/// A word without the punctuation around it.
fn bare_word(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric()).to_string()
}

/// Whether a word (its punctuation aside) starts with a capital.
fn is_capitalised(w: &str) -> bool {
    bare_word(w).chars().next().is_some_and(char::is_uppercase)
}
