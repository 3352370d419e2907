//! Levels written as labels and list items: "**SEV1 (Critical)**: Complete outage", "* TYPE 1 -
//! A catastrophic event …", and items a lead-in says grade ("categorized by severity:").

use super::*;

impl Planner<'_> {
    /// Labels that name levels ("**SEV1 (Critical)**: Complete service outage"): the plan's
    /// levels, in order, each described by its value — when every label names a level, or the
    /// text `said` they are levels.
    pub(crate) fn labels_as_levels(
        &mut self,
        pairs: &[(String, String)],
        line: usize,
        said: bool,
    ) -> bool {
        let level = kind_def("level");
        if pairs.len() < 2 || !(said || pairs.iter().all(|(label, _)| names_a_level(label))) {
            return false;
        }
        for (rank, (label, value)) in pairs.iter().enumerate() {
            // The name without its dress: "**\"code red\"**" is "code red".
            let label = &normalise::normalise(label)
                .trim_matches(['"', '“', '”', '\''])
                .to_string();
            if self.already_read(level, label) {
                continue;
            }
            let (id, new) = self.id_for(level, label);
            let row = self.row(level, &id);
            row.insert("name".into(), label.clone().into());
            row.insert("criteria".into(), value.clone().into());
            if new {
                row.insert("rank".into(), (rank + 1).to_string().into());
            }
            self.entry(
                line,
                "level",
                label,
                Some(&id),
                new,
                "a list item naming a level, with what it means".into(),
            );
        }
        true
    }

    /// Levels written as plain list items, each a level's name and what it means after a dash
    /// or a colon ("* TYPE 1 - A catastrophic emergency event …", "- SEV2: a feature is down"):
    /// two at least, every name naming a level, under a heading about levels ("Levels of
    /// Emergency", "Severity"; not "Incident categories", which are kinds of incident).
    pub(crate) fn levels_in_lists(&mut self, text: &str, first_line: usize, section: &str) {
        let heading = section.to_lowercase();
        let about_levels = [
            "level",
            "severit",
            "priorit",
            "tier",
            "escalation",
            "activation",
        ]
        .iter()
        .any(|w| heading.contains(w));
        // Or the sentence leading into the list says so ("We use the following severity
        // categories:").
        let led = || {
            text.lines()
                .filter(|l| list_item(l).is_none() && l.trim_end().ends_with(':'))
                .any(|l| {
                    let l = l.to_lowercase();
                    ["level", "severit", "priorit", "tier"]
                        .iter()
                        .any(|w| l.contains(w))
                })
        };
        // "1. 3.1 Status Definitions. The following status levels have been defined:" over
        // the levels nested under it.
        for (offset, items) in nested_under_level_lead(text) {
            if let Some(pairs) = level_pairs(&items) {
                // (The lead-in says they are levels: "Normal", "Stand-by", "Active".)
                let pairs: Vec<(String, String)> = pairs
                    .into_iter()
                    .map(|(n, v)| (normalise::normalise(&n), v))
                    .collect();
                self.labels_as_levels(&pairs, first_line + offset, true);
            }
        }
        if bold_labels(text).is_some() {
            return; // the labels' reading
        }
        if about_levels || led() {
            let items: Vec<&str> = top_level_lines(text).filter_map(list_item).collect();
            if let Some(pairs) = level_pairs(&items) {
                self.labels_as_levels(&pairs, first_line, leads_into_levels(text));
            }
        }
    }
}

/// Whether a lead-in line of `text` says the list after it grades something ("When issues arise
/// they are categorized by severity:", "Our severity levels are:"), so that its items' names
/// are levels though they are no level words ("Green", "Yellow"). Not a list of whom to call
/// ("Priority contacts:").
fn leads_into_levels(text: &str) -> bool {
    text.lines()
        .filter(|l| list_item(l).is_none() && l.trim_end().ends_with(':'))
        .any(|l| {
            // What the last words before the colon say ("… categorized by severity:"), not
            // a long sentence that names a severity on its way to whom it notifies.
            let l = l.to_lowercase();
            let words: Vec<&str> = l.split_whitespace().collect();
            let end = words[words.len().saturating_sub(6)..].join(" ");
            ["severit", "levels", "tiers"]
                .iter()
                .any(|w| end.contains(w))
                && !["contact", "call", "phone"].iter().any(|w| end.contains(w))
        })
}

/// Each item as a level's name and what it means, after a dash, a colon or a first sentence
/// naming a level ("*CRITICAL Severity.* This affects …", "SEV1 - Complete outage"); none
/// unless every item (two at least) is one.
fn level_pairs(items: &[&str]) -> Option<Vec<(String, String)>> {
    let pairs: Vec<(String, String)> = items
        .iter()
        .filter_map(|item| {
            // "*CRITICAL Severity.* This affects …": a level named, then a sentence.
            let plain = normalise::normalise(item);
            let sentence = plain
                .find(". ")
                .filter(|&at| names_a_level(&plain[..at]))
                .map(|at| (at, 2));
            let at = [" - ", " – ", " — ", ": "]
                .iter()
                .filter_map(|s| item.find(s).map(|at| (at, s.len())))
                .min();
            // Whichever comes first: "SEV1 - Complete outage. Requires …" is named by the
            // dash.
            let dash_first = at.is_some_and(|(d, _)| {
                sentence.is_none_or(|(s, _)| names_a_level(item[..d].trim()) || d < s)
            });
            let (name, value) = match (sentence, at) {
                (_, Some(at)) if dash_first => (item[..at.0].trim(), item[at.0 + at.1..].trim()),
                (Some(at), _) => (plain[..at.0].trim(), plain[at.0 + at.1..].trim()),
                _ => return None,
            };
            (name.split_whitespace().count() <= 5 && !value.is_empty())
                .then(|| (name.to_string(), value.to_string()))
        })
        .collect();
    (pairs.len() >= 2 && pairs.len() == items.len()).then_some(pairs)
}

/// The items nested under a list item that leads into levels ("The following status levels
/// have been defined:"), as (the lead item's line offset, the nested items).
fn nested_under_level_lead(text: &str) -> Vec<(usize, Vec<&str>)> {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(item) = list_item(line) else {
            continue;
        };
        let lower = item.to_lowercase();
        // "The following status levels have been defined:", "Our severity levels are:" —
        // not "Stock levels to check each week:" nor "Priority contacts:".
        let names_levels = [
            "levels",
            "statuses",
            "severities",
            "priorities",
            "tiers",
            "severity",
            "status",
        ]
        .iter()
        .any(|w| lower.split(|c: char| !c.is_alphanumeric()).any(|x| x == *w));
        let says_they_follow = ["following", "defined", " are:", " are as", " used"]
            .iter()
            .any(|w| lower.contains(w));
        if !item.trim_end().ends_with(':') || !names_levels || !says_they_follow {
            continue;
        }
        let own = indent(line);
        let under: Vec<&str> = lines[i + 1..]
            .iter()
            .take_while(|l| l.trim().is_empty() || indent(l) > own)
            .filter(|l| !l.trim().is_empty())
            .copied()
            .collect();
        let Some(depth) = under.first().map(|l| indent(l)) else {
            continue;
        };
        let items: Vec<&str> = under
            .iter()
            .filter(|l| indent(l) == depth)
            .filter_map(|l| list_item(l))
            .collect();
        out.push((i, items));
    }
    out
}

#[cfg(test)]
mod nested_level_tests {
    use super::*;

    #[test]
    fn levels_nested_under_an_item_that_leads_into_them() {
        let text = "Bolded definitions are specific.\n\n\
                    1. 3.1 Status Definitions. The following status levels have been defined:\n  \
                    1. *Normal*: Normal is the day-to-day status of the team.\n  \
                    2. *Stand-by*: Stand-by status is a pre-call up mode.\n  \
                    3. *Active*: The team is in active call up.\n\
                    2. 3.2 Other Definitions (in alphabetical order)\n  \
                    1. *CERT*: Community Emergency Response Team.";
        let found = nested_under_level_lead(text);
        assert_eq!(found.len(), 1, "{found:?}");
        let pairs = level_pairs(&found[0].1).expect("levels");
        let names: Vec<&str> = pairs.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["*Normal*", "*Stand-by*", "*Active*"]);
        // A lead-in about something else leads into no levels.
        assert!(nested_under_level_lead("1. Things to bring:\n  1. A: b\n  2. C: d").is_empty());
    }
}

#[cfg(test)]
mod review_tests {
    use super::*;

    #[test]
    fn a_lead_in_naming_levels_without_saying_they_follow_leads_into_none() {
        for lead in ["- Stock levels to check each week:", "- Priority contacts:"] {
            let text = format!("{lead}\n  - Paper: two boxes\n  - Toner: one spare");
            assert!(nested_under_level_lead(&text).is_empty(), "{lead}");
        }
    }

    #[test]
    fn a_lead_in_that_grades_leads_into_levels_whatever_they_are_called() {
        for lead in [
            "When unforeseen issues arise they are categorized by severity:",
            "Our severity levels are:",
        ] {
            assert!(
                leads_into_levels(&format!("{lead}\n\n0. Green - fine")),
                "{lead}"
            );
        }
        for lead in [
            "If HIGH severity is identified, the IC notifies the people authorized to decide:",
            "Severity contacts to call:",
            "Things to bring:",
        ] {
            assert!(
                !leads_into_levels(&format!("{lead}\n- Ana - 555 0100")),
                "{lead}"
            );
        }
    }
}
