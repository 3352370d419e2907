//! Readings from sentences: who holds a role and who stands in ("the CTO (Maria) decides; the
//! CEO (Tom) stands in when she cannot"), and how often something is tested or reviewed
//! ("tested at least annually"). Sentences say these things loosely, so every reading here is
//! *inferred*: proposed unticked, for the person to confirm. Pure text in, readings out.

/// A person as a sentence names them: a name, a job title, or both ("the CTO (Maria)").
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Mention {
    pub name: Option<String>,
    pub title: Option<String>,
    /// Byte offset in the clause.
    at: usize,
}

impl Mention {
    /// "Maria (CTO)", or the title alone.
    pub fn describe(&self) -> String {
        match (&self.name, &self.title) {
            (Some(n), Some(t)) => format!("{n} ({t})"),
            (Some(n), None) => n.clone(),
            (None, Some(t)) => format!("the {t}"),
            (None, None) => String::new(),
        }
    }

    fn same_person(&self, other: &Mention) -> bool {
        let eq = |a: &Option<String>, b: &Option<String>| {
            a.as_ref().zip(b.as_ref()).is_some_and(|(a, b)| {
                a.eq_ignore_ascii_case(b) || acronym_of(a, b) || acronym_of(b, a)
            })
        };
        eq(&self.name, &other.name) || eq(&self.title, &other.title)
    }
}

/// A role read from a sentence.
#[derive(Debug)]
pub(super) struct RoleReading {
    pub name: String,
    pub primary: Mention,
    pub backup: Option<Mention>,
    /// The clause that names the primary, as written.
    pub responsibilities: String,
    /// The sentences read, as written.
    pub sentences: Vec<String>,
    /// Offset (in lines) of the first sentence in the text.
    pub line: usize,
}

/// A recurring test or review read from a sentence.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct ScheduleReading {
    pub task: String,
    pub kind: &'static str,
    /// A frequency word the catalog's duration reader takes ("annually", "quarterly").
    pub frequency: &'static str,
    pub sentence: String,
    pub line: usize,
}

/// Words that make a run of capitalised words a job title.
const JOB_WORDS: &[&str] = &[
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
];

/// Words that may follow a person's title in a sentence ("the CEO shall", "the COO or").
const FOLLOWS_A_PERSON: &[&str] = &[
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

/// Verbs that say a person holds a role.
const HOLDS: &[&str] = &[
    " decides",
    " decide ",
    " is responsible for",
    " are responsible for",
    " shall be responsible for",
    " will be responsible for",
    " is in charge of",
    " leads ",
    " owns ",
    " has the authority",
    " has authority",
    " has the final say",
    " makes the call",
    " declares ",
    " approves ",
    " coordinates ",
    " is the incident ",
];

/// Words that say someone takes over from someone else.
/// Verbs that put the role first and whoever holds it after: "Decision authority rests with
/// the CISO (Liam)".
const HELD_BY: &[&str] = &[" rests with ", " lies with ", " sits with ", " is held by "];

const STANDS_IN: &[&str] = &[
    " stands in",
    " stand in",
    " steps in",
    " step in",
    " deputises",
    " deputizes",
    " takes over",
    " take over",
    " backs up",
    " is the backup",
    " is backup",
    " as backup",
    " as the backup",
];

/// Words that say someone takes over only with a word of absence beside them ("if the COO is
/// unable…, the CEO shall function as that authority").
const ACTS_AS: &[&str] = &[
    " shall function as",
    " will function as",
    " acts as",
    " will act as",
    " shall act as",
];

/// Words that make a take-over conditional on the first person being away.
const ABSENCE: &[&str] = &[
    "unable",
    "unavailable",
    "cannot",
    "can't",
    "can not",
    "absence",
    "absent",
    "not available",
    "not reachable",
    "unreachable",
];

fn is_acronym(w: &str) -> bool {
    (2..=5).contains(&w.len()) && w.chars().all(|c| c.is_ascii_uppercase())
}

/// Whether `short` is the initials of `long` ("COO" of "Chief Operating Officer").
fn acronym_of(long: &str, short: &str) -> bool {
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
pub(super) fn names_a_job(s: &str) -> bool {
    s.split_whitespace().any(|w| {
        JOB_WORDS.contains(
            &w.to_lowercase()
                .trim_matches(|c: char| !c.is_alphanumeric()),
        )
    })
}

fn is_job_title(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 6
        && (words
            .iter()
            .any(|w| is_acronym(w.trim_matches(|c: char| !c.is_alphanumeric())))
            || words.iter().any(|w| {
                JOB_WORDS.contains(
                    &w.to_lowercase()
                        .trim_matches(|c: char| !c.is_alphanumeric()),
                )
            }))
}

/// One to four capitalised words that are not a job title: a name ("Maria", "Tom Berg").
fn is_name(s: &str) -> bool {
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
fn look_behind(before: &str) -> usize {
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
fn capitalised_before(clause: &str, end: usize) -> (usize, String) {
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
pub(super) fn mentions(clause: &str) -> Vec<Mention> {
    let mut found: Vec<Mention> = Vec::new();
    let mut covered: Vec<(usize, usize)> = Vec::new();
    // "Title (Name)", "Name (Title)", "Title (ACRONYM)".
    let mut from = 0;
    while let Some(open) = clause[from..].find('(').map(|i| from + i) {
        let Some(close) = clause[open..].find(')').map(|i| open + i) else {
            break;
        };
        from = close + 1;
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
                found.push(Mention {
                    name: Some(inside.to_string()),
                    title: Some(title.to_string()),
                    at,
                });
                covered.push((at, close + 1));
            }
            continue;
        }
        if before.is_empty() || inside.is_empty() {
            continue;
        }
        let m = if is_job_title(&before) && is_name(inside) {
            Mention {
                name: Some(inside.to_string()),
                title: Some(before),
                at: start,
            }
        } else if is_name(&before) && is_job_title(inside) {
            Mention {
                name: Some(before),
                title: Some(inside.to_string()),
                at: start,
            }
        } else if is_job_title(&before) && is_acronym(inside) {
            Mention {
                name: None,
                title: Some(format!("{before} ({inside})")),
                at: start,
            }
        } else {
            continue;
        };
        covered.push((start, close + 1));
        found.push(m);
    }
    // "the Head of Engineering", "the CEO": a job title on its own, as a run of capitalised
    // words ("of" and "and" inside). An acronym alone counts when a verb or a stop follows it
    // ("the CEO shall", "the COO or") — "the IT team" is a team.
    let words: Vec<(usize, &str)> = clause
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - clause.as_ptr() as usize, w))
        .collect();
    let bare = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    let capitalised = |w: &str| bare(w).chars().next().is_some_and(char::is_uppercase);
    let mut i = 0;
    while i < words.len() {
        if !capitalised(words[i].1)
            || ["The", "If", "When", "Our", "A", "An", "In", "During"]
                .contains(&bare(words[i].1).as_str())
        {
            i += 1;
            continue;
        }
        let first = i;
        let mut run = vec![bare(words[i].1)];
        let mut ended = words[i].1.ends_with([',', ';', ':', '.']);
        i += 1;
        while i < words.len() && !ended {
            let w = bare(words[i].1);
            let joiner = ["of", "and", "for"].contains(&w.as_str())
                && words.get(i + 1).is_some_and(|(_, n)| capitalised(n));
            if !(capitalised(words[i].1) || joiner) {
                break;
            }
            ended = words[i].1.ends_with([',', ';', ':', '.']);
            run.push(w);
            i += 1;
        }
        let at = words[first].0;
        if covered.iter().any(|(s, e)| at >= *s && at < *e) {
            continue;
        }
        let title = run.join(" ");
        let next = words.get(i).map(|(_, w)| bare(w).to_lowercase());
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
    found.sort_by_key(|m| m.at);
    found
}

/// The sentences of a text block with the line each starts on (list items and fenced blocks
/// are not sentences of prose and are left out).
fn sentences(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut fenced = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        let t = t.trim_matches(|c| c == '*' || c == '_').trim();
        let list = ["- ", "* ", "+ ", "|", "#", ">"]
            .iter()
            .any(|m| t.starts_with(m))
            || t.split_once(". ")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok());
        if fenced || t.is_empty() || list {
            if !current.trim().is_empty() {
                out.push((start, std::mem::take(&mut current)));
            }
            current.clear();
            continue;
        }
        if current.is_empty() {
            start = i;
        }
        for (j, c) in t.char_indices() {
            current.push(c);
            let next = t[j + c.len_utf8()..].chars().next();
            if matches!(c, '.' | '!' | '?') && next.is_none_or(char::is_whitespace) {
                let done = current.trim().to_string();
                // "e.g." and "i.e." do not end a sentence.
                if !done.ends_with("e.g.") && !done.ends_with("i.e.") && !done.is_empty() {
                    out.push((start, done));
                    current.clear();
                    start = i;
                }
            }
        }
        current.push(' ');
    }
    if !current.trim().is_empty() {
        out.push((start, current.trim().to_string()));
    }
    out
}

fn find_any(haystack: &str, needles: &[&str]) -> Option<(usize, usize)> {
    needles
        .iter()
        .filter_map(|n| haystack.find(n).map(|at| (at, n.len())))
        .min()
}

/// Upper-cases the first letter.
fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// What a role is for, from what follows its verb: "is responsible for the recovery of
/// technical environments" → "Recovery of technical environments".
fn role_name(after: &str) -> Option<String> {
    let mut s = after.trim();
    for lead in ["ensuring ", "making sure ", "the ", "all ", "our "] {
        s = s.strip_prefix(lead).unwrap_or(s);
    }
    let end = find_any(
        s,
        &[
            ",",
            ";",
            ":",
            " and the ",
            " and all ",
            " within ",
            " documented",
            " if ",
            " when ",
            " so ",
            " where ",
            ".",
            " (",
        ],
    )
    .map_or(s.len(), |(at, _)| at);
    let words: Vec<&str> = s[..end].split_whitespace().collect();
    (!words.is_empty() && words.len() <= 7 && s[..end].chars().any(char::is_alphabetic))
        .then(|| capital(&words.join(" ")))
}

/// Roles held by people a text names in sentences, with who stands in for them.
pub(super) fn roles(text: &str, section: &str) -> Vec<RoleReading> {
    let mut out: Vec<RoleReading> = Vec::new();
    for (line, sentence) in sentences(text) {
        // "…rests with the CISO (Liam), and the co-founder (Ben) serves as backup": two clauses.
        for clause in sentence.split(';').flat_map(|c| c.split(", and ")) {
            let lower = clause.to_lowercase();
            let people = mentions(clause);
            if people.is_empty() {
                continue;
            }
            let absence = ABSENCE.iter().any(|w| lower.contains(w));
            let takes_over = find_any(&lower, STANDS_IN)
                .or_else(|| find_any(&lower, ACTS_AS).filter(|_| absence));
            if let Some((at, _)) = takes_over {
                // The one who takes over: the person named just before the verb ("the CEO
                // shall function as that authority"), after any "if X is unable" part, which
                // names whom they stand in for.
                let Some(backup) = people.iter().rev().find(|m| m.at < at).cloned() else {
                    continue;
                };
                let absent: Vec<&Mention> = people
                    .iter()
                    .filter(|m| m.at < at && !m.same_person(&backup))
                    .collect();
                let targets: Vec<usize> = out
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.backup.is_none() && !r.primary.same_person(&backup))
                    .filter(|(_, r)| {
                        absent.is_empty() || absent.iter().any(|m| m.same_person(&r.primary))
                    })
                    .map(|(i, _)| i)
                    .collect();
                for i in targets {
                    out[i].backup = Some(backup.clone());
                    if !out[i].sentences.contains(&sentence) {
                        out[i].sentences.push(sentence.clone());
                    }
                }
                continue;
            }
            if let Some(role) = held_by(clause, &people, section) {
                out.push(RoleReading {
                    sentences: vec![sentence.clone()],
                    line,
                    ..role
                });
                continue;
            }
            let Some((at, len)) = find_any(&lower, HOLDS) else {
                continue;
            };
            let Some(primary) = people.iter().rev().find(|m| m.at < at).cloned() else {
                continue;
            };
            // Only the subject of the verb: nobody named between them and it but themselves.
            if clause[primary.at..at].contains(',') && primary.name.is_none() {
                continue;
            }
            // Who decides holds the decision authority; otherwise the role is what they are
            // responsible for, or the section it is written in.
            // (A title without a name that says what it is — "The Incident Commander is
            // responsible for:" — is the role itself.)
            let name = if lower[at..].starts_with(" decide") {
                "Decision authority".to_string()
            } else {
                role_name(&clause[at + len..])
                    .or_else(|| {
                        primary
                            .title
                            .clone()
                            .filter(|_| primary.name.is_none())
                            .map(|t| t.split(" (").next().unwrap_or(&t).to_string())
                    })
                    .unwrap_or_else(|| section.to_string())
            };
            // "…is responsible for:" and a list: the list is what they are responsible for.
            let mut responsibilities = capital(clause.trim());
            if clause.trim_end().ends_with(':') {
                let items = list_after(text, clause.trim());
                if !items.is_empty() {
                    responsibilities.push_str("\n\n");
                    responsibilities.push_str(&items.join("\n"));
                }
            }
            out.push(RoleReading {
                name,
                primary,
                backup: None,
                responsibilities,
                sentences: vec![sentence.clone()],
                line,
            });
        }
    }
    out
}

/// A role said subject first — "Primary decision authority during a disruption rests with the
/// CISO (Liam)": named by its subject (who decides holds the decision authority), held by the
/// first person named after the verb.
fn held_by(clause: &str, people: &[Mention], section: &str) -> Option<RoleReading> {
    let lower = clause.to_lowercase();
    let (at, len) = find_any(&lower, HELD_BY)?;
    let primary = people.iter().find(|m| m.at >= at + len)?.clone();
    let subject = lower[..at].trim();
    let name = if subject.contains("decision") {
        "Decision authority".to_string()
    } else {
        let words: Vec<&str> = clause[..at].split_whitespace().collect();
        match words.len() {
            1..=5 => capital(&words.join(" ")),
            _ => section.to_string(),
        }
    };
    Some(RoleReading {
        name,
        primary,
        backup: None,
        responsibilities: capital(clause.trim()),
        sentences: Vec::new(),
        line: 0,
    })
}

/// The list items (as written, continuation lines joined) right after `lead` in `text`.
fn list_after(text: &str, lead: &str) -> Vec<String> {
    // The lead's last words, as the lines of the text wrap them.
    let tail: Vec<&str> = lead.split_whitespace().rev().take(3).collect();
    let Some(at) = text.lines().position(|l| {
        let words: Vec<&str> = l.split_whitespace().rev().take(tail.len()).collect();
        !words.is_empty() && words == tail[..words.len()] && l.trim_end().ends_with(':')
    }) else {
        return Vec::new();
    };
    let mut items: Vec<String> = Vec::new();
    for l in text.lines().skip(at + 1) {
        let t = l.trim();
        if t.is_empty() {
            if items.is_empty() {
                continue;
            }
            break;
        }
        let marker = ["* ", "- ", "+ "].iter().any(|m| t.starts_with(m))
            || t.split_once(". ")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok());
        if marker {
            items.push(format!(
                "- {}",
                t.split_once(' ').map_or(t, |(_, r)| r.trim())
            ));
        } else if let Some(last) = items.last_mut() {
            last.push(' ');
            last.push_str(t);
        } else {
            break;
        }
    }
    items
}

/// How often, as people write it → the catalog's frequency word.
const FREQUENCIES: &[(&[&str], &str)] = &[
    (
        &[
            "semi-annual",
            "semiannual",
            "bi-annual",
            "biannual",
            "twice a year",
            "every six months",
            "every 6 months",
        ],
        "semi-annually",
    ),
    (
        &[
            "annually",
            "annual basis",
            "annual ",
            "once a year",
            "every year",
            "each year",
            "yearly",
            "every 12 months",
            "within 365 days",
        ],
        "annually",
    ),
    (
        &[
            "quarterly",
            "every quarter",
            "each quarter",
            "every three months",
            "every 3 months",
        ],
        "quarterly",
    ),
    (&["monthly", "every month", "each month"], "monthly"),
    (&["weekly", "every week", "each week"], "weekly"),
];

/// What recurs, by the word that says so.
const RECURRING: &[(&[&str], &str, &str)] = &[
    (
        &["tested", "testing", "test ", "test,", "tests "],
        "test",
        "Test",
    ),
    (
        &[
            "exercise",
            "drill",
            "rehearsal",
            "simulated",
            "simulation",
            "tabletop",
        ],
        "exercise",
        "Exercise",
    ),
    (
        &[
            "reviewed",
            "reviewing",
            "review ",
            "reviews",
            "updated",
            "updating",
        ],
        "review",
        "Review",
    ),
    (&["training", "trained"], "training", "Training"),
];

/// How often a text says something happens ("Quarterly Tests" → "quarterly"), as a frequency
/// word the catalog's duration reader takes.
pub(super) fn frequency_in(text: &str) -> Option<&'static str> {
    let lower = format!("{} ", text.to_lowercase());
    FREQUENCIES
        .iter()
        .find(|(words, _)| words.iter().any(|w| lower.contains(w)))
        .map(|(_, f)| *f)
}

/// What kind of recurring task a text names ("Annual Tests" → test, "Monthly Reviews" →
/// review, "Quarterly Updates" → review).
pub(super) fn recurring_kind(text: &str) -> Option<&'static str> {
    let lower = format!("{} ", text.to_lowercase());
    RECURRING
        .iter()
        .filter_map(|(words, kind, _)| find_any(&lower, words).map(|(at, _)| (at, *kind)))
        .min()
        .map(|(_, k)| k)
        .or_else(|| {
            ["update", "audit", "check"]
                .iter()
                .any(|w| lower.contains(w))
                .then_some("review")
        })
}

/// Recurring tests, exercises, reviews and training a text names in sentences.
pub(super) fn schedules(text: &str, section: &str) -> Vec<ScheduleReading> {
    let mut out: Vec<ScheduleReading> = Vec::new();
    for (line, sentence) in sentences(text) {
        // "(b) BCDR shall be tested…": the item's letter is not part of the sentence.
        let sentence = match sentence.split_once(") ") {
            Some((mark, rest)) if mark.starts_with('(') && mark.len() <= 4 => rest.to_string(),
            _ => sentence,
        };
        let lower = format!("{} ", sentence.to_lowercase());
        let Some(frequency) = FREQUENCIES
            .iter()
            .find(|(words, _)| words.iter().any(|w| lower.contains(w)))
            .map(|(_, f)| *f)
        else {
            continue;
        };
        let Some((at, kind, noun)) = RECURRING
            .iter()
            .filter_map(|(words, kind, noun)| {
                find_any(&lower, words).map(|(at, _)| (at, *kind, *noun))
            })
            .min()
        else {
            continue;
        };
        // The subject, when it names the thing ("A disaster recovery test, including…").
        let (subject_end, by_comma) = [
            " shall ", " must ", " will ", " should ", " is ", " are ", " has ", ",",
        ]
        .iter()
        .filter_map(|w| lower.find(w).map(|at| (at, *w == ",")))
        .min()
        .unwrap_or((0, false));
        let subject = sentence[..subject_end.min(sentence.len())].trim();
        let subject = ["A ", "An ", "The ", "Our "]
            .iter()
            .find_map(|a| subject.strip_prefix(a))
            .unwrap_or(subject);
        let task = if at < subject_end && subject.split_whitespace().count() <= 8 {
            capital(subject)
        } else {
            // Else what follows the word: "reviewing and updating the incident response
            // process on an annual basis" → "Review of the incident response process".
            let after = &sentence[at..];
            let after = after
                .split_once(' ')
                .map(|(_, rest)| rest)
                .unwrap_or("")
                .trim_start();
            let after = after
                .strip_prefix("and ")
                .map(|r| r.split_once(' ').map_or("", |(_, rest)| rest))
                .unwrap_or(after);
            let stop = find_any(
                after,
                &[
                    " on ",
                    " at ",
                    " every ",
                    " once ",
                    " annually",
                    " quarterly",
                    " monthly",
                    " within ",
                    " by ",
                    ",",
                    ".",
                    " and ",
                    " to ",
                ],
            )
            .map_or(after.len(), |(at, _)| at);
            let object = after[..stop].trim();
            // A clause is not a name ("of individuals who…").
            let words = if object
                .split_whitespace()
                .any(|w| ["who", "which", "that", "whose"].contains(&w))
            {
                0
            } else {
                object.split_whitespace().count()
            };
            let word = lower[at..].split_whitespace().next().unwrap_or("");
            // A subject worth naming the task by: a few capitalised words that are not a
            // person ("BCDR", "Disaster Recovery Plan"), not an opening word ("However,").
            let full_subject = sentence[..subject_end.min(sentence.len())].trim();
            let passive = word.ends_with("ed")
                && at > subject_end
                && full_subject.chars().next().is_some_and(char::is_uppercase)
                && !full_subject.split_whitespace().any(|w| {
                    ["who", "which", "that", "at", "in", "on", "if"]
                        .contains(&w.to_lowercase().as_str())
                });
            let named_subject = !by_comma
                && (1..=3).contains(&subject.split_whitespace().count())
                && subject
                    .split_whitespace()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
                && !names_a_job(subject);
            if (2..=8).contains(&words)
                && ["the ", "this ", "our "]
                    .iter()
                    .any(|a| object.starts_with(a))
            {
                format!("{noun} of {object}")
            } else if (2..=8).contains(&words) && object.starts_with("of ") && !word.ends_with("ed")
            {
                format!("{} {object}", capital(word))
            } else if passive
                && !by_comma
                && (1..=6).contains(&full_subject.split_whitespace().count())
                && !names_a_job(subject)
            {
                // "This plan is reviewed quarterly" → "Review of this plan".
                let mut c = full_subject.chars();
                let lowered = c
                    .next()
                    .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
                    .unwrap_or_default();
                let lowered = if full_subject.split_whitespace().count() > 1 {
                    lowered
                } else {
                    full_subject.to_string()
                };
                format!("{noun} of {lowered}")
            } else if named_subject {
                format!("{subject} {}", noun.to_lowercase())
            } else {
                format!("{noun}: {section}")
            }
        };
        // One paragraph saying "tested annually" twice is one test.
        if out
            .iter()
            .any(|s| s.task == task || (s.kind, s.frequency) == (kind, frequency))
        {
            continue;
        }
        out.push(ScheduleReading {
            task,
            kind,
            frequency,
            sentence: sentence.clone(),
            line,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_titles_in_sentences() {
        let m = mentions("the CTO (Maria) decides");
        assert_eq!(m[0].name.as_deref(), Some("Maria"));
        assert_eq!(m[0].title.as_deref(), Some("CTO"));
        let m = mentions("Tom Berg (CEO) stands in");
        assert_eq!(m[0].name.as_deref(), Some("Tom Berg"));
        let m = mentions("The Chief Operating Officer (COO) is responsible");
        assert_eq!(m[0].title.as_deref(), Some("Chief Operating Officer (COO)"));
        assert!(m[0].name.is_none());
        let m = mentions("If the COO or Head of Engineering is unable, the CEO shall");
        let titles: Vec<_> = m.iter().filter_map(|m| m.title.clone()).collect();
        assert_eq!(titles, ["COO", "Head of Engineering", "CEO"]);
        // Not people: "the Internet (offline)", "the plan".
        assert!(mentions("the plan (this document) is kept").is_empty());
    }

    #[test]
    fn a_role_said_subject_first_with_its_backup() {
        let r = roles(
            "Primary decision authority during a disruption rests with the CISO (Liam), and the co-founder (Ben) serves as backup when the CISO is unavailable.",
            "Plan activation",
        );
        assert_eq!(
            r.len(),
            1,
            "{:?}",
            r.iter().map(|r| &r.name).collect::<Vec<_>>()
        );
        assert_eq!(r[0].name, "Decision authority");
        assert_eq!(r[0].primary.name.as_deref(), Some("Liam"));
        assert_eq!(
            r[0].backup.as_ref().and_then(|b| b.name.clone()).as_deref(),
            Some("Ben")
        );
    }

    #[test]
    fn a_primary_and_who_stands_in() {
        let r = roles(
            "During an outage the CTO (Maria) decides whether to fail over; the CEO (Tom) stands in when she cannot.",
            "Decision authority",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].name, "Decision authority");
        assert_eq!(r[0].primary.name.as_deref(), Some("Maria"));
        assert_eq!(
            r[0].backup.as_ref().and_then(|b| b.name.as_deref()),
            Some("Tom")
        );
    }

    #[test]
    fn sentences_that_say_how_often() {
        let s = schedules(
            "A disaster recovery test, including a test of backup restoration processes, shall be performed on an annual basis.",
            "Testing",
        );
        assert_eq!(s[0].task, "Disaster recovery test");
        assert_eq!(s[0].frequency, "annually");
        let s = schedules(
            "Tailscale’s Security team is responsible for reviewing and updating the incident response process on an annual basis.",
            "Maintenance",
        );
        assert_eq!(s[0].task, "Review of the incident response process");
        let s = schedules(
            "BCDR shall be simulated and tested at least once a year.",
            "Policy",
        );
        assert_eq!(
            (s[0].task.as_str(), s[0].kind),
            ("Exercise of BCDR", "exercise")
        );
        assert!(schedules("We restore data quickly.", "x").is_empty());
    }
}
