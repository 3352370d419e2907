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

/// Level words a code is made of: "SEV 1", "Priority 2", "Level 3".
const CODE_WORDS: &[&str] = &[
    "sev", "severity", "priority", "level", "tier", "category", "cat", "stage", "p", "s",
];

/// A level code at the start of `words` ("SEV 1", "SEV-1", "P1", "Level 2"): its prefix, its
/// number, and how many words it takes.
fn level_code(words: &[&str]) -> Option<(String, u32, usize)> {
    let first = words
        .first()?
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
    let lower = first.to_lowercase();
    // Written together: "P1", "SEV-1", "Sev2".
    let split = lower
        .find(|c: char| c.is_ascii_digit())
        .filter(|&at| at > 0);
    if let Some(at) = split {
        let (prefix, number) = lower.split_at(at);
        let prefix = prefix.trim_end_matches('-');
        if CODE_WORDS.contains(&prefix) && number.len() <= 2 {
            return Some((prefix.to_string(), number.parse().ok()?, 1));
        }
    }
    // Apart: "SEV 1", "Level 2".
    let number = words
        .get(1)?
        .trim_matches(|c: char| !c.is_ascii_digit())
        .parse::<u32>()
        .ok()
        .filter(|n| *n <= 9 && words[1].chars().filter(char::is_ascii_digit).count() == 1)?;
    (CODE_WORDS.contains(&lower.as_str()) && lower.len() > 1).then_some((lower, number, 2))
}

/// The levels a sentence lists by their codes, each with a word or two of what it is: "…
/// coded as SEV 1: critical, SEV 2: major, or SEV 3: minor." Two at least, with one prefix and
/// as many numbers; each is named by its code as written, its words after it its criteria.
pub(crate) fn coded_levels_in_sentence(sentence: &str) -> Option<Vec<NamedLevel>> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let mut codes = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match level_code(&words[i..]) {
            Some((prefix, number, used)) => {
                codes.push((i, used, prefix, number));
                i += used;
            }
            None => i += 1,
        }
    }
    let prefix = &codes.first()?.2;
    let numbers: std::collections::BTreeSet<u32> = codes.iter().map(|c| c.3).collect();
    if codes.len() < 2 || codes.iter().any(|c| &c.2 != prefix) || numbers.len() != codes.len() {
        return None;
    }
    let mut levels = Vec::new();
    for (k, (at, used, _, _)) in codes.iter().enumerate() {
        let until = codes.get(k + 1).map_or(words.len(), |c| c.0);
        let name = words[*at..at + used]
            .join(" ")
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_string();
        let said: Vec<&str> = words[at + used..until]
            .iter()
            .copied()
            .filter(|w| !["or", "and", "-", "–", "—"].contains(w))
            .collect();
        let criteria = said
            .join(" ")
            .trim_matches(|c: char| {
                c.is_whitespace() || matches!(c, ',' | ';' | '.' | ':' | '(' | ')')
            })
            .to_string();
        // A code with a word or a few after it; a long run is the rest of the sentence.
        if criteria.split_whitespace().count() > 8 {
            return None;
        }
        levels.push(NamedLevel { name, criteria });
    }
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
            let Some(levels) =
                levels_in_sentence(&sentence).or_else(|| coded_levels_in_sentence(&sentence))
            else {
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

#[cfg(test)]
mod coded_tests {
    use super::*;

    #[test]
    fn codes_listed_in_a_sentence_are_levels_with_their_words() {
        let levels = coded_levels_in_sentence(
            "In the channel, the SEV owner explains the severity of the SEV, coded as SEV 1: \
             critical, SEV 2: major, or SEV 3: minor.",
        )
        .expect("three levels");
        let named: Vec<(&str, &str)> = levels
            .iter()
            .map(|l| (l.name.as_str(), l.criteria.as_str()))
            .collect();
        assert_eq!(
            named,
            [
                ("SEV 1", "critical"),
                ("SEV 2", "major"),
                ("SEV 3", "minor")
            ]
        );
        let joined = coded_levels_in_sentence("Pages go out for P1 (site down) and P2 (degraded).")
            .expect("two levels");
        assert_eq!(joined[1].name, "P2");
        assert_eq!(joined[1].criteria, "degraded");
        // One code, or two of one number, or a version number: no levels.
        assert_eq!(
            coded_levels_in_sentence("Escalate anything at SEV 1 at once."),
            None
        );
        assert_eq!(coded_levels_in_sentence("Level 2 and level 2 again."), None);
        assert_eq!(
            coded_levels_in_sentence("Python 3 and Python 2 differ."),
            None
        );
    }
}
