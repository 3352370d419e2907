//! Roles the plan names again and again in its sentences — "the Safety Officer and/or Head
//! Warden must be informed", "once the Head Warden and Safety Officer agree" — read from the
//! document as a whole: a job title said in two sentences or more is a role of the plan, even
//! when no sentence says who holds it.

use std::collections::HashMap;

use super::*;

/// Whether a sentence names a title only inside brackets, as an example ("their role (QA
/// Manager, QP, etc.)").
fn in_brackets(sentence: &str, title: &str) -> bool {
    sentence.find(title).is_some_and(|at| {
        let before = &sentence[..at];
        before
            .rfind('(')
            .is_some_and(|open| !before[open..].contains(')'))
    })
}

/// How many sentences must name a job title before it is read as a role; a title named fewer
/// times is proposed as a guess (inferred, unticked).
const SAID_IN: usize = 2;

/// Reads the job titles the text blocks name in at least [`SAID_IN`] sentences as roles, and
/// those named once as guesses (a role a sentence already proposed as inferred is now likely
/// when the plan names it again); blocks the founder corrected are read as they said, not here.
pub(crate) fn roles_named_throughout(p: &mut Planner, blocks: &[Block], corrections: &Corrections) {
    let kind = kind_def("role");
    let named = titles_named(blocks, corrections);
    let previous = (p.confidence, p.block);
    for (_, title, block, line, sentences) in named {
        // "Typo CI’s Information Security Administrator" is the Information Security
        // Administrator: the organisation's name is no part of the job.
        let title = match title.rsplit_once(['’', '\'']) {
            Some((_, rest)) if rest.starts_with("s ") && rest.len() > 2 => rest[2..].to_string(),
            _ => title,
        };
        // Named once, a job title written as one ("Delivery Manager", "Head Judge") in a
        // sentence giving it something to do is a role too; any other is a guess.
        // So is one written as a job title ("Membership Secretary", "Civil Engineering
        // Manager") whatever its sentence says, unless only as an example in brackets.
        let guess = sentences.len() < SAID_IN
            && !(titled(&title) && gives_a_duty(&sentences[0], &title))
            && (!super::people::written_as_job_title(&title) || in_brackets(&sentences[0], &title));
        if let Some(id) = p.lookup(kind.name, &title)
            && p.row_of.contains_key(&id)
        {
            if guess {
                continue;
            }
            // A sentence proposed it as a guess; the plan naming it again makes it likely.
            for e in p.report.entries.iter_mut() {
                if e.id.as_deref() == Some(id.as_str()) && e.confidence == Confidence::Inferred {
                    e.confidence = Confidence::Likely;
                    e.detail
                        .push_str(&format!("; named in {} sentences", sentences.len()));
                }
            }
            continue;
        }
        // "Incident Response Lead" is the role "Incident Response Lead (IRL)" read already,
        // and "Safety Coordinator" the role "Health and Safety Coordinator".
        let bare = |t: &str| words_key(t.split(" (").next().unwrap_or(t));
        let known = p.rows.iter().any(|(k, _, row)| {
            *k == kind.name
                && row
                    .get(kind.title)
                    .and_then(|v| v.as_str())
                    // ("Safety Coordinator" is the end of "Health and Safety Coordinator".)
                    .is_some_and(|t| {
                        bare(t) == bare(&title) || bare(t).ends_with(&format!(" {}", bare(&title)))
                    })
        });
        if known {
            continue;
        }
        p.block = block;
        p.confidence = if guess {
            Confidence::Inferred
        } else {
            Confidence::Likely
        };
        let (id, new) = p.id_for(kind, &title);
        let quoted: Vec<String> = sentences.iter().take(3).map(|s| format!("“{s}”")).collect();
        let row = p.row(kind, &id);
        row.insert("name".into(), title.clone().into());
        row.insert("responsibilities".into(), sentences[0].clone().into());
        row.insert(
            "notes".into(),
            format!("Read from the text: {}", quoted.join(" ")).into(),
        );
        p.entry(
            line,
            "role",
            &title,
            Some(&id),
            new,
            match sentences.len() {
                1 => "a job title named in one sentence".to_string(),
                n => format!("a job title named in {n} sentences"),
            },
        );
    }
    (p.confidence, p.block) = previous;
}

/// Whether a job title is written as one, each word capitalised ("Managing Director", "BCP/DR
/// Coordinator", "Head of IT"), not as a description ("supervisor in charge").
fn titled(title: &str) -> bool {
    let small = ["of", "and", "for", "the", "in", "&"];
    title.split_whitespace().count() >= 2
        && title
            .chars()
            .all(|c| c.is_alphanumeric() || " /&-'.".contains(c))
        && title
            .split_whitespace()
            .all(|w| small.contains(&w) || w.starts_with(|c: char| c.is_uppercase()))
}

/// Whether a sentence gives the job `title` something to do or answer for: a duty right after
/// it ("The Managing Director is responsible for …", "the Head Judge will stop the match") or
/// a call for it right before ("contact your Delivery Manager", "report to the IT Manager"); not
/// a title named among examples ("their role (QA Manager, QP, etc.)").
fn gives_a_duty(sentence: &str, title: &str) -> bool {
    let lower = sentence.to_lowercase();
    let title = title.to_lowercase();
    let Some(at) = lower.find(&title) else {
        return false;
    };
    if lower[..at].matches('(').count() > lower[..at].matches(')').count() {
        return false;
    }
    let after: String = lower[at + title.len()..].chars().take(24).collect();
    // The last words before it, each after a space (so "ask " is not found in "task ").
    let before: String = {
        let words: Vec<&str> = lower[..at].split_whitespace().collect();
        let tail = words[words.len().saturating_sub(5)..].join(" ");
        format!(" {tail} ")
    };
    let duty_after = [
        " is responsible",
        " are responsible",
        " will ",
        " must ",
        " shall ",
        " should ",
        " is to ",
        " are to ",
        " leads",
        " decides",
        " approves",
        " coordinates",
        " takes ",
        " has the ",
        " has authority",
        " owns",
        " may ",
    ]
    .iter()
    .any(|w| after.contains(w));
    let called_before = [
        "contact ",
        "notify ",
        "inform ",
        "call ",
        "tell ",
        "ask ",
        "report to ",
        "escalate to ",
        "reports to ",
        "alert ",
    ]
    .iter()
    .any(|w| before.contains(&format!(" {w}")));
    duty_after || called_before
}

/// A job title and where the plan names it: (title key, title, block line, first line, the
/// sentences naming it).
type Named = (String, String, usize, usize, Vec<String>);

/// The job titles the text blocks (and headings that are sentences) name, in order, each with
/// every sentence naming it; blocks the founder corrected are left out.
fn titles_named(blocks: &[Block], corrections: &Corrections) -> Vec<Named> {
    // (title key, title, block line, first line, sentences naming it), and where each title
    // is found by its key, by its initials ("Chief Operating Officer") and as an acronym
    // ("COO") — so "Chief Operating Officer" and "COO" are one title, found in one lookup.
    let mut named: Vec<Named> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut by_initials: HashMap<String, usize> = HashMap::new();
    let mut by_acronym: HashMap<String, usize> = HashMap::new();
    for block in blocks {
        // A heading may be a sentence too ("The Incident Commander is responsible for…").
        let (text, line) = match block {
            Block::Text { text, line } => (text, line),
            Block::Heading { title, line, .. } => (title, line),
            _ => continue,
        };
        if corrections.at(*line).is_some() {
            continue;
        }
        // A heading is read only as a sentence: "Incident Response Team" over a list of jobs
        // titles the list, it is no role of its own.
        let heading = matches!(block, Block::Heading { .. });
        let also = match heading {
            true => Vec::new(),
            false => [
                prose::listed_job_titles(text),
                prose::lower_case_job_titles(text),
                prose::team_names(text),
                prose::lower_case_team_names(text),
            ]
            .concat(),
        };
        let found = prose::job_titles(text).into_iter().chain(also);
        // "Team members", "Team leader": anyone's place in a team, not a role of the plan.
        let generic = |t: &str| {
            t.split_whitespace().all(|w| {
                ["team", "member", "members", "leader", "leaders", "staff"]
                    .contains(&w.to_lowercase().as_str())
            })
        };
        let found = found.map(|(at, t, sentence)| (at, without_verb(t), sentence));
        for (at, title, sentence) in found.filter(|(_, t, _)| !generic(t)) {
            let key = words_key(&title);
            let acronym = prose::is_acronym(&title);
            let initials = initials_of(&title);
            let found = by_key.get(&key).copied().or_else(|| {
                if acronym {
                    by_initials.get(&title).copied()
                } else {
                    by_acronym.get(&initials).copied()
                }
            });
            match found {
                Some(i) if !named[i].4.contains(&sentence) => named[i].4.push(sentence),
                Some(_) => {}
                None => {
                    let i = named.len();
                    by_key.insert(key.clone(), i);
                    if acronym {
                        by_acronym.insert(title.clone(), i);
                    } else if initials.len() >= 2 {
                        by_initials.entry(initials).or_insert(i);
                    }
                    named.push((key, title, *line, line + at, vec![sentence]));
                }
            }
        }
    }
    named
}

/// A job title without the verb a heading read as a sentence opens with ("Assign Incident
/// Manager": the job is what it assigns; "Head Judge", "Lead Engineer" are jobs whole).
fn without_verb(title: String) -> String {
    match title.split_once(' ') {
        Some((verb, job))
            if opens_with_action(verb)
                && job.starts_with(char::is_uppercase)
                && !prose::JOB_WORDS.contains(&verb.to_lowercase().as_str())
                && prose::is_job_title(job) =>
        {
            job.to_string()
        }
        _ => title,
    }
}

/// The initials of a title's capitalised words ("Chief Operating Officer" → "COO").
fn initials_of(title: &str) -> String {
    title
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}
/// The role a heading under one about responsibilities names ("Responsible Person = Pete
/// Cotton (Interim)", "Persons Who Manage Fire Safety", "Fire Marshals" under "Responsibilities
/// in Relation to Fire Safety"), with who holds it when the heading says: its head noun a job
/// or a person ("Employee Responsibilities", "Visitors" are none).
fn role_in_heading(title: &str) -> Option<(String, Option<String>)> {
    let plain = normalise(title);
    let (name, holder) = match plain.split_once(" = ").or_else(|| plain.split_once(": ")) {
        Some((name, holder)) => (name.trim(), Some(holder.split(" (").next()?.trim())),
        None => (plain.trim(), None),
    };
    let name = name.split(" (").next()?.trim();
    // ("Assign Incident Manager": the job it assigns.)
    // (What `without_verb` keeps is the whole name or its end.)
    let name = &name[name.len() - without_verb(name.to_string()).len()..];
    // "Persons Who Manage Fire Safety": the head noun comes before "who".
    let head = name.split(" who ").next()?.split(" Who ").next()?;
    let last = head.split_whitespace().last()?.to_lowercase();
    let person = ["person", "persons", "people"].contains(&last.as_str());
    let job = prose::is_job_title(head) && !last.ends_with("ities");
    let holder = holder.filter(|h| prose::is_name(h)).map(str::to_string);
    ((person || job) && (1..=6).contains(&name.split_whitespace().count()))
        .then(|| (name.to_string(), holder))
}

/// Headings under one about roles or responsibilities that name a role: those roles (read
/// after every other reading, so a table or list of the same roles is not made again).
pub(crate) fn headings_as_roles(p: &mut Planner, blocks: &[Block]) {
    let kind = kind_def("role");
    let previous = (p.confidence, p.block);
    p.confidence = Confidence::Likely;
    let mut trail: Vec<(u8, &str)> = Vec::new();
    for b in blocks {
        let Block::Heading { level, title, line } = b else {
            continue;
        };
        while trail.last().is_some_and(|(l, _)| l >= level) {
            trail.pop();
        }
        let parent = trail.last().map(|(_, t)| normalise(t));
        trail.push((*level, title));
        let Some(parent) = parent.filter(|parent| about_roles(parent)) else {
            continue;
        };
        let Some((name, holder)) = role_in_heading(title) else {
            continue;
        };
        // ("Responder" is the "Responders" a list named already.)
        let one_or_more = [
            name.clone(),
            format!("{name}s"),
            name.trim_end_matches('s').into(),
        ];
        if one_or_more.iter().any(|n| p.already_read(kind, n)) {
            continue;
        }
        p.block = *line;
        let person = holder.and_then(|who| p.person(&who, *line, "named as who holds a role"));
        let (id, new) = p.id_for(kind, &name);
        let row = p.row(kind, &id);
        row.insert("name".into(), name.clone().into());
        if let Some(person) = person {
            row.insert("primary".into(), person.into());
        }
        p.entry(
            *line,
            "role",
            &name,
            Some(&id),
            new,
            format!("a heading under “{parent}”"),
        );
    }
    (p.confidence, p.block) = previous;
}

#[cfg(test)]
mod heading_tests {
    use super::*;

    #[test]
    fn a_heading_about_a_job_or_a_person_names_a_role() {
        for (title, name, holder) in [
            (
                "8.2\tResponsible Person = Pete Cotton (Interim)",
                "Responsible Person",
                Some("Pete Cotton"),
            ),
            (
                "8.3 Persons Who Manage Fire Safety",
                "Persons Who Manage Fire Safety",
                None,
            ),
            ("Fire Marshals", "Fire Marshals", None),
            ("Competent Person", "Competent Person", None),
        ] {
            let (n, h) = role_in_heading(title).unwrap_or_else(|| panic!("{title}"));
            assert_eq!((n.as_str(), h.as_deref()), (name, holder), "{title}");
        }
        for title in [
            "Employee Responsibilities",
            "Visitors",
            "Contractors",
            "Overview",
        ] {
            assert_eq!(role_in_heading(title), None, "{title}");
        }
    }
}

#[cfg(test)]
mod once_tests {
    use super::*;

    #[test]
    fn a_title_written_as_one_and_given_a_duty_is_a_role_when_named_once() {
        assert!(
            titled("Managing Director") && titled("Head of IT") && titled("BCP/DR Coordinator")
        );
        assert!(!titled("supervisor in charge") && !titled("Director"));
        assert!(!titled("Employee Name>Information Officer"));
        assert!(gives_a_duty(
            "The Managing Director is responsible for the plan.",
            "Managing Director"
        ));
        assert!(gives_a_duty(
            "Contact your Delivery Manager straight away.",
            "Delivery Manager"
        ));
        assert!(!gives_a_duty(
            "Our Delivery Manager joined in 2019.",
            "Delivery Manager"
        ));
        assert!(!gives_a_duty(
            "Each record captures the signer's role (QA Manager, QP, etc.), and what was approved.",
            "QA Manager"
        ));
        assert!(!gives_a_duty(
            "The task of the Finance Director was defined in 2019.",
            "Finance Director"
        ));
    }
}

#[cfg(test)]
mod bracket_tests {
    use super::*;

    #[test]
    fn a_title_given_as_an_example_in_brackets_is_no_role() {
        assert!(in_brackets(
            "their role (QA Manager, QP, etc.), a timestamp",
            "QA Manager"
        ));
        assert!(!in_brackets(
            "The QA Manager (or a deputy) signs.",
            "QA Manager"
        ));
    }
}
