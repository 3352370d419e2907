//! Teams a plan names in lower case, as most plans name the people who respond together: "the
//! response team acknowledges receipt", "the Code of Conduct response team of the space", "an
//! emergency crew", "our incident response team". A capitalised name ("Incident Response
//! Team") is read by [`super::team_names`].

use super::*;

/// Words that end the name of a body of people, written in lower case.
const LOWER_BODY_WORDS: &[&str] = &["team", "crew", "group", "committee"];

/// Words before a body word that say which one of a team, not what team ("the whole team",
/// "the same group", "a small team").
const NOT_WHICH_TEAM: &[&str] = &[
    "whole",
    "entire",
    "same",
    "other",
    "one",
    "any",
    "this",
    "that",
    "small",
    "large",
    "new",
    "own",
    "wider",
    "core",
    "full",
    "relevant",
    "appropriate",
    "above",
    "following",
    "first",
    "second",
    "next",
    "project",
    "work",
    "focus",
    "age",
    "target",
    "user",
    "users",
    "right",
    "correct",
    "wrong",
    "previous",
    "original",
    "current",
    "existing",
    "respective",
    "owning",
    "receiving",
    "best",
    "proper",
    "specific",
    "main",
    "remote",
    "skeleton",
    "winning",
    "home",
    "football",
    "sports",
    "film",
    "camera",
];

/// Words that join a team's name to what comes before it, never part of the name.
const PREPOSITIONS: &[&str] = &[
    "by", "for", "with", "to", "in", "on", "at", "from", "into", "as", "than", "about", "via",
];

/// The teams a text names in lower case after an article or a possessive: one to four words
/// saying which (lower case, or a capitalised name: "Code of Conduct response team"), then a
/// word of [`LOWER_BODY_WORDS`] — each with the line it is on and that line.
pub(crate) fn lower_case_team_names(text: &str) -> Vec<(usize, String, String)> {
    crate::formats::planimport::memo::remembered("teams.rs:lower_case_team_names", text, || {
        let mut out = Vec::new();
        for (line, raw) in logical_lines(text) {
            let words = bare_words(&raw, '-');
            // (Where a clause ends: "at the review meeting, team members …".)
            let ends: Vec<bool> = raw
                .split_whitespace()
                .map(|w| w.ends_with([',', '.', ';', ':', ')']))
                .collect();
            for (i, word) in words.iter().enumerate() {
                // ("the team members", "the safety team lead": a place in the team.)
                let in_it = words.get(i + 1).is_some_and(|n| {
                    ["member", "members", "lead", "leads", "leader", "leaders"]
                        .contains(&n.as_str())
                });
                if !LOWER_BODY_WORDS.contains(&word.as_str()) || in_it {
                    continue;
                }
                if let Some(title) = team_before(&words, &ends, i) {
                    out.push((line, title, raw.trim().to_string()));
                }
            }
        }
        out
    })
}

/// The team whose body word is `words[i]`: the words before it back to an article or a
/// possessive, when they say which team.
fn team_before(words: &[String], ends: &[bool], i: usize) -> Option<String> {
    let opens = |w: &str| ["the", "a", "an", "our", "your", "their", "each", "its"].contains(&w);
    let mut start = i;
    while start > 0 && i - start < 5 && !opens(&words[start - 1].to_lowercase()) {
        let w = &words[start - 1];
        let lower = w.to_lowercase();
        // ("a two-person team" says its size; "by team" is no name.)
        let size = lower.contains("person") || lower.starts_with(|c: char| c.is_ascii_digit());
        let word = !w.is_empty()
            && !ends[start - 1]
            && !size
            && !PREPOSITIONS.contains(&lower.as_str())
            && w.chars().all(|c| c.is_alphanumeric() || c == '-')
            && !NOT_WHICH_TEAM.contains(&lower.as_str());
        // "of" only inside a capitalised name ("Code of Conduct").
        let joins = lower == "of" && start >= 2 && words[start - 2].starts_with(char::is_uppercase);
        if !(word || joins) || FOLLOWS_A_PERSON.contains(&lower.as_str()) && lower != "of" {
            return None;
        }
        start -= 1;
    }
    let opened = start > 0 && opens(&words[start - 1].to_lowercase());
    // "the designated forensic team", "the reported team": which one, not what team.
    while start < i && words[start].ends_with("ed") && !words[start].starts_with(char::is_uppercase)
    {
        start += 1;
    }
    // (A name all in capitals, "the Incident Response Team", is the capitalised reading's.)
    let all_capitals = words[start..i]
        .iter()
        .all(|w| w.starts_with(char::is_uppercase));
    (opened && start < i && !all_capitals && !words[start].eq_ignore_ascii_case("of"))
        .then(|| capital(&words[start..=i].join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn teams(text: &str) -> Vec<String> {
        lower_case_team_names(text)
            .into_iter()
            .map(|(_, t, _)| t)
            .collect()
    }

    #[test]
    fn teams_named_in_lower_case_are_read_with_what_says_which() {
        assert_eq!(
            teams(
                "The Code of Conduct response team of the space is in charge of handling reports."
            ),
            ["Code of Conduct response team"]
        );
        assert_eq!(
            teams("When receiving a report, the response team acknowledges receipt."),
            ["Response team"]
        );
        assert_eq!(teams("Call out an emergency crew."), ["Emergency crew"]);
        assert_eq!(
            teams("Ask the designated forensic team."),
            ["Forensic team"]
        );
        assert_eq!(
            teams("Escalate to our incident response team."),
            ["Incident response team"]
        );
    }

    #[test]
    fn a_team_said_only_as_a_team_or_a_capitalised_name_is_not_read_here() {
        for s in [
            "Tell the whole team.",
            "The team will decide together.",
            "Ask the Incident Response Team.",
            "botBrains is a two-person team, so loss of one person is a risk.",
            "Violations by team members can erode trust.",
            "At the latest at the report review meeting, team members should declare conflicts.",
            "The reported team member must not be involved.",
            "The rest of the team will meet.",
        ] {
            assert!(teams(s).is_empty(), "{s}: {:?}", teams(s));
        }
    }
}
