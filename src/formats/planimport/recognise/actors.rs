//! Roles as a process names them: who does what in a list of steps told in the third person
//! ("The security team investigates the report", "The project team announces the release").
//! Someone who acts in two steps at least is a role of the plan, written in capitals or not,
//! and owns the steps they take.

use super::*;

/// Words that open a subject but name no one of their own.
const NOT_ACTORS: &[&str] = &[
    "it", "they", "this", "that", "these", "those", "we", "you", "he", "she", "there", "which",
    "who", "everyone", "someone", "anyone", "nobody", "all", "each", "one", "i",
];

/// Who does a step, if it says so in the third person: the words before its verb without their
/// article ("the security team"), and for "a person in the security team" the group named.
pub(crate) fn actor_of(step: &str) -> Option<String> {
    crate::formats::planimport::memo::remembered("actors.rs:actor_of", step, || actor_of_read(step))
}

fn actor_of_read(step: &str) -> Option<String> {
    let (subject, _) = narrated_verb(step)?;
    let mut words: Vec<&str> = subject
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .filter(|w| !w.is_empty())
        .collect();
    // "A person in the security team", "A member of the response team": the team.
    if let Some(k) = words
        .iter()
        .position(|w| ["in", "of", "from"].contains(&w.to_lowercase().as_str()))
        && k <= 2
        && ["person", "member", "someone", "one"]
            .iter()
            .any(|p| words[..k].iter().any(|w| w.eq_ignore_ascii_case(p)))
    {
        words.drain(..=k);
    }
    // "The fire warden then checks the toilets": "then" is no part of who.
    while words.last().is_some_and(|w| {
        let l = w.to_lowercase();
        l.ends_with("ly") || ["then", "also", "now", "first", "next", "again"].contains(&l.as_str())
    }) {
        words.pop();
    }
    while words.first().is_some_and(|w| {
        ["the", "a", "an", "our", "your", "their"].contains(&w.to_lowercase().as_str())
    }) {
        words.remove(0);
    }
    let first = words.first()?.to_lowercase();
    // "Incoming ROLE confirms the handoff": a blank for whoever holds a role, not one.
    let blank = words.last().is_some_and(|w| {
        ["role", "person", "name", "people", "party"].contains(&w.to_lowercase().as_str())
    });
    let named = (1..=4).contains(&words.len())
        && !blank
        && !NOT_ACTORS.contains(&first.as_str())
        && words
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'));
    named.then(|| words.join(" "))
}

/// The people who act in two of the steps at least, as the steps name them first; a single
/// word that ends a longer name among them ("the team" beside "the security team") is that
/// one, not another.
pub(crate) fn actors(steps: &[String]) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for step in steps {
        let Some(actor) = actor_of(step) else {
            continue;
        };
        match counts
            .iter_mut()
            .find(|(a, _)| a.eq_ignore_ascii_case(&actor))
        {
            Some((_, n)) => *n += 1,
            None => counts.push((actor, 1)),
        }
    }
    // The last words of every longer name ("team" of "security team").
    let ends: std::collections::HashSet<String> = counts
        .iter()
        .filter_map(|(a, _)| a.rsplit_once(' ').map(|(_, last)| last.to_lowercase()))
        .collect();
    counts
        .iter()
        .filter(|(a, n)| {
            let lower = a.to_lowercase();
            let part_of_another = !lower.contains(' ') && ends.contains(&lower);
            *n >= 2 && !part_of_another
        })
        .map(|(a, _)| a.clone())
        .collect()
}

impl Planner<'_> {
    /// The roles that act in two steps or more, proposed, each step they take owned by them
    /// (unless it has an owner already).
    pub(crate) fn owners_acting(
        &mut self,
        steps: &mut [(String, Vec<(&'static str, String)>)],
        line: usize,
    ) {
        let texts: Vec<String> = steps.iter().map(|(t, _)| t.clone()).collect();
        let acting = actors(&texts);
        for role in &acting {
            self.role_acting(role, line);
        }
        for (text, extra) in steps.iter_mut() {
            if extra.iter().any(|(f, _)| *f == "owner") {
                continue;
            }
            if let Some(actor) = actor_of(text)
                && let Some(role) = acting.iter().find(|r| r.eq_ignore_ascii_case(&actor))
            {
                extra.push(("owner", role.clone()));
            }
        }
    }

    /// A role that acts in steps of a checklist, made once, the way the steps name it.
    pub(crate) fn role_acting(&mut self, role: &str, line: usize) {
        let why = "acts in two steps or more of a checklist (\u{201c}The security team investigates …\u{201d})";
        self.role_proposed(role, line, why);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(steps: &[&str]) -> Vec<String> {
        actors(&steps.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn who_acts_in_two_steps_is_a_role() {
        assert_eq!(
            owned(&[
                "A person in the security team sends an e-mail to the original reporter.",
                "The security team investigates the report and either rejects it or accepts it.",
                "If the report is rejected, the team writes to the reporter to explain why.",
                "Request a CVE number from the distros list.",
                "The project team creates a release that includes the fix.",
                "The project team announces the release and the vulnerability to the world.",
            ]),
            vec!["security team".to_string(), "project team".to_string()]
        );
        assert_eq!(
            owned(&[
                "The Foster Coordinator arranges temporary cover.",
                "The fosterer contacts the on-duty coordinator.",
                "The Foster Coordinator informs the vet.",
            ]),
            vec!["Foster Coordinator".to_string()]
        );
    }

    #[test]
    fn no_one_is_named_by_pronouns_things_or_a_single_step() {
        assert!(owned(&["It sends an alert.", "It sends a second alert.",]).is_empty());
        assert!(owned(&["The warden calls 999.", "Call the insurer."]).is_empty());
        assert!(owned(&["Call 999.", "Leave the building.", "Meet at the gate."]).is_empty());
        assert_eq!(actor_of("Backups are restored by 9am"), None);
        assert_eq!(actor_of("The 2 leads call the vet"), None);
        assert_eq!(
            actor_of("Incoming ROLE documents the handoff in Slack."),
            None
        );
    }
}
