//! Steps a plan gives to a role by name, as role cards are written: "* If you are the *Fire
//! Procedure Coordinator*, you must:" over "#. collect the register …", "#. Call the fire
//! brigade by dialling 999"; "The Fire Warden will:" over a list. The role is the plan's, and
//! the steps its checklist, each step owned by it.

use super::*;

/// The role a lead-in gives the steps after it to: "If you are the X, you must:", "If you are a
/// member of the X, you should:", "The X will:", "The X must do the following:" — a job title
/// (a job word, or written as one), five words at most.
pub(crate) fn role_of_lead(line: &str) -> Option<String> {
    let plain = normalise(list_item(line).unwrap_or(line));
    let plain = plain.trim();
    let body = plain.strip_suffix(':')?.trim();
    let lower = body.to_lowercase();
    let (who, rest) = match lower.strip_prefix("if you are ") {
        Some(after) => {
            let (who, rest) = after.split_once(',')?;
            (who.trim(), rest.trim())
        }
        None => {
            let at = [" must", " should", " will", " shall"]
                .iter()
                .filter_map(|m| lower.find(m))
                .min()?;
            (lower[..at].trim(), lower[at..].trim())
        }
    };
    let duty = [
        "must",
        "should",
        "will",
        "shall",
        "you must",
        "you should",
        "you will",
        "you need to",
    ]
    .iter()
    .any(|d| rest == *d || rest.starts_with(&format!("{d} do")) || rest == format!("{d} now"));
    let who = [
        "a member of the ",
        "one of the ",
        "part of the ",
        "the ",
        "a ",
        "an ",
        "each ",
        "every ",
    ]
    .iter()
    .find_map(|a| who.strip_prefix(a))
    .unwrap_or(who);
    // The role as the plan writes it (its capitals kept).
    let start = lower.find(who)?;
    let role = body[start..start + who.len()].trim();
    let words = role.split_whitespace().count();
    let job = prose::names_a_job(role)
        || (words >= 2
            && role
                .split_whitespace()
                .all(|w| w.starts_with(char::is_uppercase)));
    (duty && (1..=5).contains(&words) && job).then(|| role.to_string())
}

/// The steps each role lead-in in a text gives, as (line from 0, the role, the steps): the
/// items nested under a lead-in that is a list item, or the list just after one that is not.
pub(crate) fn role_steps(text: &str) -> Vec<(usize, String, Vec<String>)> {
    crate::formats::planimport::memo::remembered("role_steps.rs:role_steps", text, || {
        let lines: Vec<&str> = text.lines().collect();
        let indent = |l: &str| l.len() - l.trim_start().len();
        let mut out = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let Some(role) = role_of_lead(line) else {
                continue;
            };
            let own = indent(line);
            let nested = list_item(line).is_some();
            let mut steps: Vec<String> = Vec::new();
            for l in lines[i + 1..].iter() {
                if l.trim().is_empty() {
                    continue;
                }
                let deeper = indent(l) > own;
                match (list_item(l), nested) {
                    (Some(step), true) if deeper => steps.push(normalise(step)),
                    (Some(step), false) if indent(l) >= own => steps.push(normalise(step)),
                    // A step's own wrapped line.
                    (None, _) if deeper && !steps.is_empty() => {
                        if let Some(last) = steps.last_mut() {
                            last.push(' ');
                            last.push_str(l.trim());
                        }
                    }
                    _ => break,
                }
            }
            if steps.len() >= 2 {
                out.push((i, role, steps));
            }
        }
        out
    })
}

impl Planner<'_> {
    /// The role a lead-in names, proposed when the import has not read it already; its id.
    pub(crate) fn role_named_by_lead(&mut self, role: &str, line: usize) -> String {
        let why = "a role a list of steps is given to (\u{201c}If you are the … you must:\u{201d})";
        self.role_proposed(role, line, why)
    }

    /// A role named as written, proposed with why when the import has not read it already;
    /// its id.
    pub(crate) fn role_proposed(&mut self, role: &str, line: usize, why: &str) -> String {
        let kind = kind_def("role");
        if let Some(id) = self.lookup(kind.name, role) {
            return id;
        }
        let (id, new) = self.id_for(kind, role);
        self.row(kind, &id).insert("name".into(), role.into());
        self.entry(line, "role", role, Some(&id), new, why.to_string());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lead_in_naming_a_role_gives_it_the_steps_below() {
        assert_eq!(
            role_of_lead("* If you are the *Fire Procedure Coordinator*, you must:").as_deref(),
            Some("Fire Procedure Coordinator")
        );
        assert_eq!(
            role_of_lead("If you are a member of the Fire Procedure Subordinate Team, you must:")
                .as_deref(),
            Some("Fire Procedure Subordinate Team")
        );
        assert_eq!(
            role_of_lead("The Fire Warden will:").as_deref(),
            Some("Fire Warden")
        );
        for none in [
            "If you are unsure, you must:",
            "The following will:",
            "If you are in the building, you should:",
            "The report will contain:",
            "Staff must ensure that the doors are shut.",
        ] {
            assert_eq!(role_of_lead(none), None, "{none}");
        }
        let text = "You must begin the evacuation:\n\n* If you are the *Fire Procedure Coordinator*, you must:\n\n  1. collect the register\n  1. Call the fire brigade by dialling 999\n\n* If you are a member of the *Subordinate Team*, you must:\n\n  1. make final checks in all areas\n  1. evacuate the property";
        let found = role_steps(&tight_lists(text));
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].1, "Fire Procedure Coordinator");
        assert_eq!(
            found[0].2,
            [
                "collect the register",
                "Call the fire brigade by dialling 999"
            ]
        );
        assert_eq!(found[1].1, "Subordinate Team");
    }
}
