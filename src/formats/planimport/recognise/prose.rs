//! Readings from sentences: who holds a role and who stands in ("the CTO (Maria) decides; the
//! CEO (Tom) stands in when she cannot"), and how often something is tested or reviewed
//! ("tested at least annually"). Sentences say these things loosely, so every reading here is
//! *inferred*: proposed unticked, for the person to confirm. Pure text in, readings out.

mod people;
mod schedules;
mod teams;
pub(crate) use people::*;
pub(crate) use schedules::*;
pub(crate) use teams::lower_case_team_names;

/// A person as a sentence names them: a name, a job title, or both ("the CTO (Maria)").
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Mention {
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
#[derive(Clone, Debug)]
pub(crate) struct RoleReading {
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ScheduleReading {
    pub task: String,
    pub kind: &'static str,
    /// A frequency word the catalog's duration reader takes ("annually", "quarterly").
    pub frequency: String,
    pub sentence: String,
    pub line: usize,
    /// Whether the sentence names what is tested or reviewed (else the task is named by the
    /// section it is written in, a guess).
    pub named: bool,
}

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

/// The lines of a text with a list item's wrapped lines joined to it ("1. **IT** is
/// responsible for the hosted\n   environment, …"), each with the line it starts on: an item
/// reads the same wrapped as in one line, as a word processor's list gives it.
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut in_item = false;
    let mut fenced = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
        }
        let wraps = in_item
            && !fenced
            && line.starts_with([' ', '\t'])
            && !t.is_empty()
            && super::list_item(line).is_none()
            && !t.starts_with(['|', '#', '>']);
        match out.last_mut() {
            Some((_, item)) if wraps => {
                item.push(' ');
                item.push_str(t);
            }
            _ => {
                in_item = !fenced && super::list_item(line).is_some();
                out.push((i, line.to_string()));
            }
        }
    }
    out
}

/// The sentences of a text block with the line each starts on (list items and fenced blocks
/// are not sentences of prose and are left out).
pub(crate) fn sentences(text: &str) -> Vec<(usize, String)> {
    crate::formats::planimport::memo::remembered("sentences", text, || sentences_read(text))
}

fn sentences_read(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut fenced = false;
    for (i, line) in logical_lines(text) {
        let line = line.as_str();
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        // A list item is one before its emphasis is taken off ("* , CEO:" is an item).
        let item = ["- ", "* ", "+ "].iter().any(|m| t.starts_with(m));
        let t = t.trim_matches(|c| c == '*' || c == '_').trim();
        let list = item
            || ["- ", "* ", "+ ", "|", "#", ">"]
                .iter()
                .any(|m| t.starts_with(m))
            || t.split_once(". ")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok());
        // A policy written as a numbered list of whole sentences ("3. The Security Officer is
        // responsible for a rehearsal of this plan twice a year.") is prose in a list: each
        // such item is read as its own sentences (one line; a short item is no sentence).
        let prose_item = list
            .then(|| super::list_item(line))
            .flatten()
            .map(|body| body.trim_matches(|c| c == '*' || c == '_').trim())
            .filter(|body| body.split_whitespace().count() >= 10 && body.ends_with('.'));
        if fenced || t.is_empty() || (list && prose_item.is_none()) {
            if !current.trim().is_empty() {
                out.push((start, std::mem::take(&mut current)));
            }
            current.clear();
            continue;
        }
        let t = match prose_item {
            Some(body) => {
                if !current.trim().is_empty() {
                    out.push((start, std::mem::take(&mut current)));
                }
                current.clear();
                body
            }
            None => t,
        };
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

/// The job titles a text's sentences name on their own ("the Safety Officer must be informed"),
/// each with the line and the sentence — titles said as the head of a job ("Head Warden",
/// "Information Security Lead"), or a chief's acronym ("CISO"), not a team or a system.
/// "Head Warden and Safety Officer" is two titles; a plural ("Area Wardens") is one.
pub(crate) fn job_titles(text: &str) -> Vec<(usize, String, String)> {
    crate::formats::planimport::memo::remembered("job_titles", text, || job_titles_read(text))
}

fn job_titles_read(text: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    for (line, sentence) in sentences(text) {
        for m in mentions(&sentence) {
            // "the Information Security Manager (Neil)" names the title too.
            let Some(title) = m.title else {
                continue;
            };
            for one in title.split(" and ") {
                let one = one.split(" (").next().unwrap_or(one).trim();
                let one = singular_title(one);
                // "These CERT members shall …", "Those operators with fldigi …": a word that
                // points at them opens the sentence, it is no part of the job.
                let mut words: Vec<&str> = one.split_whitespace().collect();
                while words.len() > 1 && POINTERS.contains(&words[0].to_lowercase().as_str()) {
                    words.remove(0);
                }
                let one = words.join(" ");
                let last = words.last().map(|w| w.to_lowercase()).unwrap_or_default();
                // "Head of Engineering", "Director of Operations": the job word first.
                let head_of = words.get(1) == Some(&"of")
                    && JOB_WORDS.contains(&words[0].to_lowercase().as_str());
                let headed = (JOB_WORDS.contains(&last.as_str()) || head_of) && words.len() >= 2;
                let chief = words.len() == 1
                    && is_acronym(&one)
                    && (3..=4).contains(&one.len())
                    && (one.starts_with('C') || one == "DPO")
                    && one.ends_with('O');
                if headed || chief {
                    out.push((line, one, sentence.clone()));
                }
            }
        }
    }
    out
}

/// Words that point at people already named, opening a sentence ("*These* CERT members").
const POINTERS: &[&str] = &[
    "these", "those", "this", "that", "such", "all", "any", "some", "each", "every", "other",
    "our", "your", "their",
];

/// The words of a line without the marks around them, keeping `also` inside ("on-call",
/// "HR & Facilities").
fn bare_words(line: &str, also: char) -> Vec<String> {
    line.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != also)
                .to_string()
        })
        .collect()
}

/// Words before a job word that say which one, not what job ("the *designated* incident lead").
const NOT_THE_JOB: &[&str] = &[
    "designated",
    "appointed",
    "nominated",
    "relevant",
    "appropriate",
    "new",
    "other",
    "same",
    "current",
    "acting",
    "named",
    "first",
    "second",
    "next",
    "previous",
    "each",
    "every",
    "any",
    "this",
    "that",
    "your",
    "our",
    "their",
    "his",
    "her",
    "its",
    "a",
    "an",
    "the",
    "one",
    "or",
    "and",
    "of",
    "to",
    "be",
    "is",
    "by",
    "as",
    "if",
    "with",
    "for",
    "from",
    "who",
    "will",
];

/// Job words too common in plain speech to name a role when written in lower case ("a team
/// member", "a parent helper").
const LOWER_CASE_NOT_A_JOB: &[&str] = &[
    "member",
    "helper",
    "partner",
    "teacher",
    "judge",
    "coach",
    // "the mobile operator", "an exception handler", "a build specialist": a firm, code or
    // anyone's trade, as often as a role.
    "operator",
    "handler",
    "specialist",
    "analyst",
    "assistant",
];

/// The job titles the items of a text's lists name ("- Site Lead 1 to Assembly point", "- MSL
/// to Malfare marquee"): a plan often names its roles only in its steps. As
/// [`job_titles`], each item read as a sentence of its own.
pub(crate) fn listed_job_titles(text: &str) -> Vec<(usize, String, String)> {
    crate::formats::planimport::memo::remembered("listed_job_titles", text, || {
        listed_job_titles_read(text)
    })
}

fn listed_job_titles_read(text: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    for (line, raw) in logical_lines(text) {
        let Some(item) = super::list_item(&raw) else {
            continue;
        };
        // "**Policy owner:** Jo Bloggs" is a label and its value: the labels' reading.
        if super::labels::bold_labels(&raw).is_some() {
            continue;
        }
        let item = item.trim_matches(|c| c == '*' || c == '_').trim();
        // "Consult the project lead": the verb a step opens with is no part of a title.
        let item = match super::instructions::opens_with_action(item) {
            true => item.split_once(' ').map_or("", |(_, rest)| rest),
            false => item,
        };
        for (_, title, _) in job_titles(item) {
            out.push((line, title, item.to_string()));
        }
    }
    out
}

/// Job titles written in lower case after an article or a possessive, as many plans name their
/// roles ("appoint an incident lead", "the client comms manager should …", "our on-call
/// engineer"), each with the line it is on and that line: one to three words that say which
/// job, then a job word. Lines of lists count: a plan often names a role only in its steps.
pub(crate) fn lower_case_job_titles(text: &str) -> Vec<(usize, String, String)> {
    crate::formats::planimport::memo::remembered("lower_case_job_titles", text, || {
        lower_case_job_titles_read(text)
    })
}

fn lower_case_job_titles_read(text: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    for (line, raw) in logical_lines(text) {
        let words = bare_words(&raw, '-');
        // ("If there is a safe path, lead people out": no job across a clause.)
        let ends: Vec<bool> = raw
            .split_whitespace()
            .map(|w| w.ends_with([',', '.', ';', ':', ')']))
            .collect();
        for (i, word) in words.iter().enumerate() {
            // ("the local organizers", "the fire wardens": the job, said of all who hold it.)
            let singular = word
                .strip_suffix('s')
                .filter(|s| JOB_WORDS.contains(s) && !s.ends_with('s'));
            let job = singular.unwrap_or(word.as_str());
            // ("a committee member", "a board member": a seat on a body that acts, unlike
            // "a team member" or "a staff member".)
            let seat = job == "member"
                && i > 0
                && ["committee", "board", "council", "trustee"].contains(&words[i - 1].as_str());
            if !JOB_WORDS.contains(&job) || LOWER_CASE_NOT_A_JOB.contains(&job) && !seat {
                continue;
            }
            // Back over the words that say which job, to an article or a possessive.
            let mut start = i;
            while start > 0
                && i - start < 3
                && !ends[start - 1]
                && words[start - 1]
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !words[start - 1].is_empty()
                && !NOT_THE_JOB.contains(&words[start - 1].as_str())
            {
                start -= 1;
            }
            let opened = start > 0
                && ["a", "an", "the", "our", "your", "their"]
                    .contains(&words[start - 1].to_lowercase().as_str());
            if start == i || !opened {
                continue;
            }
            let mut said: Vec<&str> = words[start..i].iter().map(String::as_str).collect();
            said.push(job);
            let title = capital(&said.join(" "));
            out.push((line, title, raw.trim().to_string()));
        }
    }
    out
}

/// Words that end the name of a body of people who act together: "Incident Response Team",
/// "Safety Committee", "Change Advisory Board".
const BODY_WORDS: &[&str] = &["team", "teams", "committee", "board", "panel"];

/// The teams, committees and boards a text names by a name of two capitalised words or more
/// ("the Business Continuity Team (BCT)", "the Code of Conduct Committee", "the Board of
/// Directors"), each with the line it is on and that line: a plan's responders are often a
/// body of people, not one job. A product ("Microsoft Teams") is none.
pub(crate) fn team_names(text: &str) -> Vec<(usize, String, String)> {
    crate::formats::planimport::memo::remembered("team_names", text, || team_names_read(text))
}

fn team_names_read(text: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    // Sentences (a name may wrap from one line to the next) and list items, not labels and
    // their values ("**Level 1:** IT Security Team": the labels' reading).
    let items = logical_lines(text)
        .into_iter()
        .filter(|(_, l)| super::list_item(l).is_some() && super::labels::bold_labels(l).is_none());
    for (line, raw) in sentences(text).into_iter().chain(items) {
        let raw_words: Vec<&str> = raw.split_whitespace().collect();
        let words = bare_words(&raw, '&');
        // "**Escalation**: Team lead notification": a name does not run on past a stop.
        let stops = |j: usize| {
            raw_words[j]
                .trim_end_matches(['*', '_'])
                .ends_with([':', ',', ';', '.', ')'])
        };
        let capital = |w: &str| w.starts_with(char::is_uppercase);
        let mut i = 0;
        while i < words.len() {
            if !capital(&words[i])
                || ["The", "A", "An", "Our", "Each", "All"].contains(&words[i].as_str())
            {
                i += 1;
                continue;
            }
            let mut run = vec![words[i].as_str()];
            let mut j = i + 1;
            // "(BCT)" after a name is its short form, not more of it.
            while j < words.len() && !stops(j - 1) && !raw_words[j].starts_with('(') {
                let joins = ["of", "and", "&", "for"].contains(&words[j].as_str())
                    && words.get(j + 1).is_some_and(|n| capital(n));
                if capital(&words[j]) || joins {
                    run.push(&words[j]);
                    j += 1;
                } else {
                    break;
                }
            }
            i = j;
            let lower: Vec<String> = run.iter().map(|w| w.to_lowercase()).collect();
            let ends_in_body =
                lower.len() >= 2 && BODY_WORDS.contains(&lower[lower.len() - 1].as_str());
            let body_of =
                lower.len() >= 3 && BODY_WORDS.contains(&lower[0].as_str()) && lower[1] == "of";
            let product = ["microsoft", "ms", "google"].contains(&lower[0].as_str());
            if (ends_in_body || body_of) && !product {
                let title = run.join(" ");
                let title = title
                    .strip_suffix("Teams")
                    .map_or(title.clone(), |t| format!("{t}Team"));
                // "Ushers and Safety Team members": two, a job and a team.
                let job_and_team = title.split_once(" and ").filter(|(job, team)| {
                    let singular = job.to_lowercase();
                    let singular = singular.strip_suffix('s').unwrap_or(&singular);
                    !job.contains(' ')
                        && JOB_WORDS.contains(&singular)
                        && team.split_whitespace().count() >= 2
                });
                match job_and_team {
                    Some((job, team)) => {
                        out.push((line, job.to_string(), raw.trim().to_string()));
                        out.push((line, team.to_string(), raw.trim().to_string()));
                    }
                    None => out.push((line, title, raw.trim().to_string())),
                }
            }
        }
    }
    out
}

/// "Area Wardens" → "Area Warden"; a title not in the plural as it is.
fn singular_title(title: &str) -> String {
    let Some((head, last)) = title.rsplit_once(' ') else {
        return title.to_string();
    };
    match last.strip_suffix('s') {
        Some(one) if JOB_WORDS.contains(&one.to_lowercase().as_str()) => format!("{head} {one}"),
        _ => title.to_string(),
    }
}

/// Roles held by people a text names in sentences, with who stands in for them.
pub(super) fn roles(text: &str, section: &str) -> Vec<RoleReading> {
    crate::formats::planimport::memo::remembered(
        "roles",
        &crate::formats::planimport::memo::key_of(section, text),
        || roles_read(text, section),
    )
}

fn roles_read(text: &str, section: &str) -> Vec<RoleReading> {
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
                stands_in(&mut out, &people, at, &sentence);
                continue;
            }
            let role =
                held_by(clause, &people, section).or_else(|| holds(text, clause, &people, section));
            if let Some(role) = role {
                out.push(RoleReading {
                    sentences: vec![sentence.clone()],
                    line,
                    ..role
                });
            }
        }
    }
    out
}

/// A clause saying someone takes over (its verb at `at`): they are the backup of the roles
/// read so far that have none — of those held by whoever the clause names as absent, when it
/// names anyone.
fn stands_in(out: &mut [RoleReading], people: &[Mention], at: usize, sentence: &str) {
    // The one who takes over: the person named just before the verb ("the CEO shall function
    // as that authority"), after any "if X is unable" part, which names whom they stand in for.
    let Some(backup) = people.iter().rev().find(|m| m.at < at).cloned() else {
        return;
    };
    let absent: Vec<&Mention> = people
        .iter()
        .filter(|m| m.at < at && !m.same_person(&backup))
        .collect();
    let targets: Vec<usize> = out
        .iter()
        .enumerate()
        .filter(|(_, r)| r.backup.is_none() && !r.primary.same_person(&backup))
        .filter(|(_, r)| absent.is_empty() || absent.iter().any(|m| m.same_person(&r.primary)))
        .map(|(i, _)| i)
        .collect();
    for i in targets {
        out[i].backup = Some(backup.clone());
        if !out[i].sentences.iter().any(|s| s == sentence) {
            out[i].sentences.push(sentence.to_string());
        }
    }
}

/// A role said with its holder first — "The CTO (Maria) is responsible for the recovery of
/// technical environments": held by the person named just before the verb, named by what
/// follows it.
fn holds(text: &str, clause: &str, people: &[Mention], section: &str) -> Option<RoleReading> {
    let lower = clause.to_lowercase();
    let (at, len) = find_any(&lower, HOLDS)?;
    let primary = people.iter().rev().find(|m| m.at < at).cloned()?;
    // Only the subject of the verb: nobody named between them and it but themselves.
    if clause[primary.at..at].contains(',') && primary.name.is_none() {
        return None;
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
    Some(RoleReading {
        name,
        primary,
        backup: None,
        responsibilities,
        sentences: Vec::new(),
        line: 0,
    })
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
    fn teams_committees_and_boards_are_named_but_not_products_or_labels() {
        let names: Vec<String> = team_names(
            "The Business Continuity Team (BCT) meets on a call in Microsoft Teams. The\nSafety Committee and the Board of Directors are told.\n\n- **Escalation**: Team lead notification\n",
        )
        .into_iter()
        .map(|(_, name, _)| name)
        .collect();
        assert_eq!(
            names,
            [
                "Business Continuity Team",
                "Safety Committee",
                "Board of Directors"
            ]
        );
    }

    #[test]
    fn cadences_of_more_than_a_year_and_checks_said_in_sentences() {
        let cadence = |text: &str| {
            schedules(text, "18 Housekeeping")
                .first()
                .map(|s| (s.task.clone(), s.frequency.clone()))
        };
        assert_eq!(
            cadence("The wiring is tested on a 5-yearly basis."),
            Some(("Test of the wiring".into(), "every 5 years".into()))
        );
        assert_eq!(
            cadence("Every 2nd year, a competent person will review the assessment.").map(|c| c.1),
            Some("every 2 years".into())
        );
        assert_eq!(
            cadence("Checks are carried out at least monthly."),
            Some(("Housekeeping: Checks".into(), "monthly".into()))
        );
        assert_eq!(
            frequency_in("(5-yearly check)").as_deref(),
            Some("every 5 years")
        );
        assert!(crate::catalog::duration::parse("every 5 years").is_some());
    }

    #[test]
    fn sentences_that_say_how_often() {
        let s = schedules(
            "A disaster recovery test, including a test of backup restoration processes, shall be performed on an annual basis.",
            "Testing",
        );
        assert_eq!(s[0].task, "Disaster recovery test");
        assert_eq!(s[0].frequency, "annually");
        // An interval, and backups when nothing else recurs.
        let s = schedules(
            "Off-site backups are taken every 4 hours to the backup server.",
            "Backups",
        );
        assert_eq!(
            (s[0].task.as_str(), s[0].kind, s[0].frequency.as_str()),
            ("Off-site backups", "maintenance", "every 4 hours")
        );
        let s = schedules("We test the restore of backups quarterly.", "Testing");
        assert_eq!((s[0].kind, s[0].frequency.as_str()), ("test", "quarterly"));
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
        // What the sentence tests, one word; "it" is what the sentence named before.
        let s = schedules("botBrains tests recovery at least annually.", "Testing");
        assert_eq!((s[0].task.as_str(), s[0].named), ("Recovery test", true));
        let s = schedules(
            "The CISO owns this policy and reviews it at least annually, after each test.",
            "Review",
        );
        assert_eq!(s[0].task, "Review of this policy");
        // "This" is what the heading names.
        let s = schedules(
            "This will be reviewed annually internally for any changes.",
            "Monitoring & Review",
        );
        assert_eq!(
            (s[0].task.as_str(), s[0].frequency.as_str()),
            ("Monitoring & Review", "annually")
        );
        let s = schedules("It will be reviewed annually.", "Risk Assessment");
        assert_eq!(s[0].task, "Review of Risk Assessment");
        let s = schedules(
            "The policy will be reviewed at regular intervals not exceeding 12 months.",
            "Policy",
        );
        assert_eq!(s[0].frequency, "annually");
        // Named only by its section: a guess.
        let s = schedules("Everyone does this yearly, as agreed.", "Training");
        assert!(s.iter().all(|s| !s.named), "{s:?}");
    }

    #[test]
    fn job_titles_said_in_sentences() {
        let titles = |t: &str| -> Vec<String> {
            job_titles(t)
                .into_iter()
                .map(|(_, title, _)| title)
                .collect()
        };
        assert_eq!(
            titles("Once the Head Warden and Safety Officer agree it is safe, they return."),
            ["Head Warden", "Safety Officer"]
        );
        assert_eq!(
            titles(
                "The Area Wardens clear the rooms. The Head of Engineering restores the service."
            ),
            ["Area Warden", "Head of Engineering"]
        );
        assert_eq!(titles("The CISO owns this policy."), ["CISO"]);
        // The job word in lower case after the capitalised ones; a sentence's first word is
        // not part of a title.
        assert_eq!(
            titles("Notify the Safety Team lead and call 911."),
            ["Safety Team lead"]
        );
        assert_eq!(
            titles("As controller, the Head Judge decides."),
            ["Head Judge"]
        );
        // Objectives, teams and systems are not jobs.
        assert!(titles("The RTO is four hours. The IT team and AWS restore it.").is_empty());
        // Jobs a small organisation names: liaisons, operators, testers, successors.
        assert_eq!(
            titles("The County Liaison reports to the Net Control Operator."),
            ["County Liaison", "Net Control Operator"]
        );
        assert_eq!(
            titles("The Fire Alarm Tester and the Digital Successor sign the log."),
            ["Fire Alarm Tester", "Digital Successor"]
        );
        // A word pointing at people already named is no part of their job ("Operators"
        // alone is no title).
        assert_eq!(
            titles("These CERT Members shall train. Those Operators with radios will listen."),
            ["CERT Member"]
        );
    }
}
