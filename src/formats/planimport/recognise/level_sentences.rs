//! Levels a sentence names: "There are two types of evacuation: *area evacuations*, which apply
//! only to specific areas, and the more severe *general evacuations* which are for the entire
//! venue." The sentence says how many there are; the names it then gives must come to that
//! number, and each name's words after it are its criteria.

use super::*;

/// Words for the situations a plan grades into levels.
const GRADED: &[&str] = &[
    "evacuation",
    "incident",
    "emergency",
    "alert",
    "alarm",
    "outage",
    "disruption",
    "response",
    "activation",
    "escalation",
    "severity",
    "priority",
    "disaster",
    "crisis",
    "event",
];

/// Words for a set of grades.
const SETS: &[&str] = &[
    "types",
    "levels",
    "kinds",
    "categories",
    "classes",
    "tiers",
    "stages",
    "grades",
];

/// Number words up to six.
const COUNTS: &[&str] = &["two", "three", "four", "five", "six"];

/// A level a sentence names: its name and what the sentence says of it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct NamedLevel {
    pub name: String,
    pub criteria: String,
}

/// The levels a sentence names, when it says how many and then names exactly that many.
pub(crate) fn levels_in_sentence(sentence: &str) -> Option<Vec<NamedLevel>> {
    let (head, rest) = sentence.split_once(':')?;
    let words: Vec<String> = head
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    // "two types of evacuation", "three severity levels", "4 levels of incident".
    let count = words.iter().enumerate().find_map(|(i, w)| {
        let n = COUNTS
            .iter()
            .position(|c| c == w)
            .map(|p| p + 2)
            .or_else(|| w.parse::<usize>().ok().filter(|n| (2..=6).contains(n)))?;
        let after = &words[i + 1..];
        let graded = |w: &String| GRADED.contains(&w.trim_end_matches('s'));
        let set_of = after.len() >= 3
            && SETS.contains(&after[0].as_str())
            && after[1] == "of"
            && graded(&after[2]);
        let graded_set = after.len() >= 2 && graded(&after[0]) && SETS.contains(&after[1].as_str());
        (set_of || graded_set).then_some(n)
    })?;
    let names = emphasised(rest);
    let levels = if names.len() == count {
        // The criteria of each: what the sentence says between its name and the next one.
        let mut out = Vec::new();
        for (i, (name, end)) in names.iter().enumerate() {
            let until = names.get(i + 1).map_or(rest.len(), |(_, e)| {
                rest[..*e]
                    .rfind(['*', '_'])
                    .map_or(*e, |s| rest[..s].rfind(',').unwrap_or(s))
            });
            let said = rest[*end..until.max(*end)]
                .trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '*' | '_'));
            let said = said.strip_suffix(" and the more severe").unwrap_or(said);
            out.push(NamedLevel {
                name: singular(name),
                criteria: said.trim().trim_end_matches(" and").to_string(),
            });
        }
        out
    } else {
        // "…: minor, major and critical." — short names, exactly as many.
        let parts: Vec<&str> = rest
            .trim()
            .trim_end_matches('.')
            .split([',', ';'])
            .flat_map(|p| p.split(" and "))
            .flat_map(|p| p.split(" or "))
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() != count || parts.iter().any(|p| p.split_whitespace().count() > 3) {
            return None;
        }
        parts
            .iter()
            .map(|p| NamedLevel {
                name: singular(p.trim_start_matches("the ")),
                criteria: String::new(),
            })
            .collect()
    };
    Some(levels)
}

/// The spans set in emphasis (`*x*`, `_x_`, `**x**`), with the byte offset after each.
fn emphasised(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find(['*', '_']).map(|i| from + i) {
        let mark = &text[open..open + 1];
        let inner_start = text[open..]
            .find(|c: char| c.to_string() != mark)
            .map_or(text.len(), |i| open + i);
        let marks = inner_start - open;
        let closing = mark.repeat(marks);
        let Some(close) = text[inner_start..].find(&closing).map(|i| inner_start + i) else {
            break;
        };
        let inner = text[inner_start..close].trim();
        if !inner.is_empty() && inner.split_whitespace().count() <= 4 {
            out.push((inner.to_string(), close + marks));
        }
        from = close + marks;
    }
    out
}

/// "area evacuations" → "Area evacuation".
fn singular(name: &str) -> String {
    let name = name.trim();
    let one = match name.strip_suffix('s') {
        Some(one) if !one.ends_with('s') && one.len() > 3 => one,
        _ => name,
    };
    let mut c = one.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

impl Planner<'_> {
    /// Levels a sentence of the text names (see [`levels_in_sentence`]), ranked as named.
    pub(crate) fn levels_in_sentences(&mut self, text: &str, first_line: usize) {
        let kind = kind_def("level");
        for (at, sentence) in prose::sentences(text) {
            let Some(levels) = levels_in_sentence(&sentence) else {
                continue;
            };
            for (rank, level) in levels.iter().enumerate() {
                if self.already_read(kind, &level.name) {
                    continue;
                }
                let (id, new) = self.id_for(kind, &level.name);
                let row = self.row(kind, &id);
                row.insert("name".into(), level.name.clone().into());
                if !level.criteria.is_empty() {
                    row.insert("criteria".into(), capitalised(&level.criteria).into());
                }
                if new {
                    row.insert("rank".into(), (rank + 1).to_string().into());
                }
                self.entry(
                    first_line + at,
                    "level",
                    &level.name,
                    Some(&id),
                    new,
                    format!("one of the {} levels a sentence names", levels.len()),
                );
            }
        }
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_that_names_its_levels() {
        let l = levels_in_sentence(
            "There are two types of evacuation: *area evacuations*, which apply only to specific areas, and the more severe *general evacuations* which are for the entire venue.",
        )
        .expect("two levels");
        assert_eq!(
            l.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(),
            ["Area evacuation", "General evacuation"]
        );
        assert_eq!(l[0].criteria, "which apply only to specific areas");
        assert_eq!(l[1].criteria, "which are for the entire venue");
        let l = levels_in_sentence("We use three severity levels: minor, major and critical.")
            .expect("three levels");
        assert_eq!(
            l.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(),
            ["Minor", "Major", "Critical"]
        );
        // Not a set of levels, or not as many as it says.
        assert!(
            levels_in_sentence(
                "There are three types of backup: full, incremental and differential."
            )
            .is_none()
        );
        assert!(
            levels_in_sentence("There are three levels of incident: minor and major.").is_none()
        );
    }
}
