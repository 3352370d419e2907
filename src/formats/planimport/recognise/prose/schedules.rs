//! How often something is tested or reviewed, said in a sentence ("tested at least annually").

use super::*;

/// How often, as people write it → the catalog's frequency word.
pub(crate) const FREQUENCIES: &[(&[&str], &str)] = &[
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
            "not exceeding 12 months",
            "not exceeding one year",
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
pub(crate) const RECURRING: &[(&[&str], &str, &str)] = &[
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
    (
        &[
            "checks ",
            "checked",
            "inspected",
            "inspection",
            "audited",
            "audits ",
        ],
        "review",
        "Check",
    ),
    (
        &["backups", "backup ", "backed up", "snapshots"],
        "maintenance",
        "Backup",
    ),
];

/// A cadence of more than a year, as the catalog's duration reader takes it: "5-yearly" and
/// "every 5 years" are "every 5 years", "every 2nd year", "every other year" and "biennially"
/// "every 2 years".
fn years_in(lower: &str) -> Option<String> {
    if lower.contains("biennial") || lower.contains("every other year") {
        return Some("every 2 years".into());
    }
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
        .collect();
    words.iter().enumerate().find_map(|(i, w)| {
        let n = |t: &str| t.parse::<u32>().ok().filter(|n| (2..=10).contains(n));
        let every = *w == "every" || *w == "each";
        let ordinal = |t: &str| n(t.trim_end_matches(|c: char| c.is_ascii_alphabetic()));
        let years = |t: Option<&&str>| t.is_some_and(|t| t.starts_with("year"));
        let count = w.strip_suffix("-yearly").and_then(n).or_else(|| {
            every
                .then(|| words.get(i + 1).copied().and_then(ordinal))
                .flatten()
                .filter(|_| years(words.get(i + 2)))
        });
        count.map(|n| format!("every {n} years"))
    })
}

/// A cadence said as an interval the catalog's duration reader takes: "every 4 hours",
/// "every 2 weeks", "daily", "nightly", "hourly".
fn every_in(lower: &str) -> Option<String> {
    for word in ["hourly", "daily", "nightly"] {
        if lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == word)
        {
            return Some(word.to_string());
        }
    }
    let at = lower.find("every ")?;
    let phrase: Vec<&str> = lower[at..].split_whitespace().take(3).collect();
    let phrase = phrase.join(" ");
    let phrase = phrase.trim_end_matches(|c: char| !c.is_alphanumeric());
    // "every 4 hours", else "every day" / "every hour".
    [phrase, phrase.rsplit_once(' ').map_or(phrase, |(a, _)| a)]
        .into_iter()
        .find(|p| crate::catalog::duration::parse(p).is_some())
        .map(str::to_string)
}

/// How often a text says something happens ("Quarterly Tests" → "quarterly"), as a frequency
/// word the catalog's duration reader takes.
pub(crate) fn frequency_in(text: &str) -> Option<String> {
    crate::formats::planimport::memo::remembered("schedules.rs:frequency_in", text, || {
        frequency_in_read(text)
    })
}

fn frequency_in_read(text: &str) -> Option<String> {
    let lower = format!("{} ", text.to_lowercase());
    // "5-yearly" is no "yearly": the longer cadences first.
    years_in(&lower).or_else(|| {
        FREQUENCIES
            .iter()
            .find(|(words, _)| words.iter().any(|w| lower.contains(w)))
            .map(|(_, f)| f.to_string())
    })
}

/// What kind of recurring task a text names ("Annual Tests" → test, "Monthly Reviews" →
/// review, "Quarterly Updates" → review).
pub(crate) fn recurring_kind(text: &str) -> Option<&'static str> {
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
pub(crate) fn schedules(text: &str, section: &str) -> Vec<ScheduleReading> {
    crate::formats::planimport::memo::remembered(
        "schedules",
        &crate::formats::planimport::memo::key_of(section, text),
        || schedules_read(text, section),
    )
}

fn schedules_read(text: &str, section: &str) -> Vec<ScheduleReading> {
    let mut out: Vec<ScheduleReading> = Vec::new();
    for (line, sentence) in sentences(text) {
        // "(b) BCDR shall be tested…": the item's letter is not part of the sentence.
        let sentence = match sentence.split_once(") ") {
            Some((mark, rest)) if mark.starts_with('(') && mark.len() <= 4 => rest.to_string(),
            _ => sentence,
        };
        let lower = format!("{} ", sentence.to_lowercase());
        let Some(frequency) = frequency_in(&lower).or_else(|| every_in(&lower)) else {
            continue;
        };
        let Some((at, kind, noun)) = what_recurs(&lower) else {
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
        let said = Recurring {
            sentence: &sentence,
            lower: &lower,
            at,
            noun,
            subject_end,
            by_comma,
        };
        let task = title_not_clause(said.task(section));
        // "Checks are carried out at least monthly" under "18 Housekeeping": housekeeping checks.
        let task = match task.split_whitespace().count() == 1 && !section.trim().is_empty() {
            true => format!(
                "{}: {task}",
                crate::formats::planimport::normalise::normalise(section)
            ),
            false => task,
        };
        // One paragraph saying "tested annually" twice is one test.
        if out
            .iter()
            .any(|s| s.task == task || (s.kind, s.frequency.as_str()) == (kind, &frequency))
        {
            continue;
        }
        let named = !task.starts_with(&format!("{noun}: ")) && !task.contains('<');
        out.push(ScheduleReading {
            named,
            task,
            kind,
            frequency,
            sentence: sentence.clone(),
            line,
        });
    }
    out
}

/// What a sentence (in lower case) says recurs, first said first: where the word saying so
/// is, the kind of task, and the task's noun.
fn what_recurs(lower: &str) -> Option<(usize, &'static str, &'static str)> {
    let said: Vec<(usize, &str, &str)> = RECURRING
        .iter()
        .filter_map(|(words, kind, noun)| find_any(lower, words).map(|(at, _)| (at, *kind, *noun)))
        .collect();
    // Backups are what recurs only when nothing is tested, rehearsed or reviewed ("we test
    // the restore of backups quarterly" is a test).
    said.iter()
        .filter(|(_, kind, _)| *kind != "maintenance" || said.len() == 1)
        .min()
        .copied()
}

/// A title, not a clause: "Automated-backup process guarantees that all … (database" is
/// "Automated-backup process"; "**Data Corruption:** Daily RDS snapshots" (a list item's label
/// before the sentence) is "Daily RDS snapshots".
fn title_not_clause(task: String) -> String {
    let task = match task.split_once(":**") {
        Some((label, rest)) if label.split_whitespace().count() <= 4 && !rest.trim().is_empty() => {
            rest.trim().to_string()
        }
        _ => task,
    };
    let task = task.replace("**", "").replace("__", "");
    match find_any(
        &task,
        &[" guarantees ", " ensures ", " that ", " (", " which "],
    ) {
        Some((at, _)) if at > 0 => task[..at].trim().to_string(),
        _ => task,
    }
}

/// A sentence that says something recurs, read for what the task is called.
struct Recurring<'s> {
    sentence: &'s str,
    /// The sentence in lower case, a space after it.
    lower: &'s str,
    /// Where the word that says what recurs starts.
    at: usize,
    /// What the kind of task is called ("Test", "Review").
    noun: &'static str,
    /// Where the subject ends, and whether a comma ends it.
    subject_end: usize,
    by_comma: bool,
}

impl Recurring<'_> {
    /// The words before the verb (or the first comma).
    fn full_subject(&self) -> &str {
        self.sentence[..self.subject_end.min(self.sentence.len())].trim()
    }

    /// The subject without its article.
    fn subject(&self) -> &str {
        let subject = self.full_subject();
        ["A ", "An ", "The ", "Our "]
            .iter()
            .find_map(|a| subject.strip_prefix(a))
            .unwrap_or(subject)
    }

    /// The task: named by the subject when the subject is what recurs, else by what follows
    /// the word that says so.
    fn task(&self, section: &str) -> String {
        let subject = self.subject();
        // "This will be reviewed annually" under "Monitoring & Review": the heading says what
        // "this" is.
        let pronoun = ["this", "it", "these", "they"].contains(&subject.to_lowercase().as_str());
        let section = crate::formats::planimport::normalise::normalise(section);
        if pronoun && self.subject_end > 0 && !section.trim().is_empty() {
            let noun = self.noun.to_lowercase();
            return match section.to_lowercase().contains(&noun) {
                true => section,
                false => format!("{} of {section}", self.noun),
            };
        }
        if self.at < self.subject_end && subject.split_whitespace().count() <= 8 {
            capital(subject)
        } else {
            self.task_by_object(&section)
        }
    }

    /// What follows the word that says what recurs, up to where the sentence turns to when:
    /// "reviewing and updating the incident response process on an annual basis" → "the
    /// incident response process".
    fn object(&self) -> &str {
        let after = &self.sentence[self.at..];
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
        after[..stop].trim()
    }

    /// What "it" stands for: "owns this policy and reviews it" → "this policy", the noun the
    /// sentence named before the word.
    fn antecedent(&self) -> Option<String> {
        let at = self.at;
        ["this ", "the "].iter().find_map(|a| {
            let from = self.lower[..at].rfind(a)?;
            let noun = self.sentence[from..at]
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>();
            let end = noun.iter().enumerate().find_map(|(i, w)| {
                if ["and", "or"].contains(w) {
                    Some(i)
                } else {
                    w.ends_with([',', '.']).then_some(i + 1)
                }
            });
            let noun = &noun[..end.unwrap_or(noun.len())];
            (noun.len() >= 2).then(|| noun.join(" ").trim_end_matches([',', '.']).to_string())
        })
    }

    /// The task named by what follows the word that says what recurs ("Review of the incident
    /// response process"), by a subject worth naming it by, or else by the section.
    fn task_by_object(&self, section: &str) -> String {
        let noun = self.noun;
        let object = self.object();
        let antecedent = ["it", "them"]
            .contains(&object)
            .then(|| self.antecedent())
            .flatten();
        let object = antecedent.as_deref().unwrap_or(object);
        // A clause is not a name ("of individuals who…").
        let words = if object
            .split_whitespace()
            .any(|w| ["who", "which", "that", "whose"].contains(&w))
        {
            0
        } else {
            object.split_whitespace().count()
        };
        let word = self.lower[self.at..]
            .split_whitespace()
            .next()
            .unwrap_or("");
        // A subject worth naming the task by: a few capitalised words that are not a
        // person ("BCDR", "Disaster Recovery Plan"), not an opening word ("However,").
        let (subject, full_subject) = (self.subject(), self.full_subject());
        let passive = word.ends_with("ed")
            && self.at > self.subject_end
            && full_subject.chars().next().is_some_and(char::is_uppercase)
            && !full_subject.split_whitespace().any(|w| {
                ["who", "which", "that", "at", "in", "on", "if"]
                    .contains(&w.to_lowercase().as_str())
            });
        let named_subject = !self.by_comma
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
        } else if (2..=8).contains(&words) && object.starts_with("of ") && !word.ends_with("ed") {
            format!("{} {object}", capital(word))
        } else if passive
            && !self.by_comma
            && (1..=6).contains(&full_subject.split_whitespace().count())
            && !names_a_job(subject)
        {
            // "This plan is reviewed quarterly" → "Review of this plan".
            format!("{noun} of {}", lowered_subject(full_subject))
        } else if named_subject {
            format!("{subject} {}", noun.to_lowercase())
        } else if words == 1 && object.chars().all(char::is_alphabetic) && object.len() > 3 {
            // "tests recovery at least annually" → "Recovery test".
            format!("{} {}", capital(object), noun.to_lowercase())
        } else {
            format!("{noun}: {section}")
        }
    }
}

/// A subject as it reads inside a name ("This plan" → "this plan"); one word as it is.
fn lowered_subject(full_subject: &str) -> String {
    let mut c = full_subject.chars();
    let lowered = c
        .next()
        .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
        .unwrap_or_default();
    if full_subject.split_whitespace().count() > 1 {
        lowered
    } else {
        full_subject.to_string()
    }
}
