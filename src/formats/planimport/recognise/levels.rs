use super::*;

/// Whether a heading names an activation level: "Priority 1 (P1) - High (H)", "P2", "SEV-1:
/// Outage", "Severity 3", "Level 2", "Critical (Service Down)", "High - Degraded". A level word
/// alone or qualified, not one that starts a longer name ("High Probability Risks").
pub(crate) fn names_a_level(title: &str) -> bool {
    // Read without its dress: "🔥 DISASTER-Level Emergencies" is "DISASTER-Level Emergencies".
    // ("\"code red\"", a term written in quotes, is the level Code red.)
    let t = normalise(title).to_lowercase().replace(['"', '“', '”'], "");
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | '(' | ')' | '.'))
        .filter(|w| !w.is_empty())
        .collect();
    let Some(first) = words.first() else {
        return false;
    };
    let numbered = |w: &str| {
        w.len() <= 2
            && (w.chars().all(|c| c.is_ascii_digit()) || ["i", "ii", "iii", "iv", "v"].contains(&w))
    };
    let coded = ["p", "sev", "s"].iter().any(|p| {
        first.strip_prefix(p).is_some_and(|rest| {
            !rest.is_empty() && rest.len() <= 1 && rest.chars().all(|c| c.is_ascii_digit())
        })
    });
    let named = [
        "priority", "severity", "sev", "level", "tier", "category", "type", "class",
    ]
    .contains(first)
        && words.get(1).is_some_and(|w| numbered(w));
    let word = [
        "critical",
        "high",
        "medium",
        "moderate",
        "low",
        "major",
        "minor",
        "severe",
        "disaster",
        "emergency",
        "urgent",
        "routine",
        "catastrophic",
        "serious",
        "significant",
        "elevated",
        "extreme",
        "trivial",
        "negligible",
        "informational",
        "cosmetic",
    ]
    .contains(first);
    // "Code red", "Code amber".
    let colour = *first == "code"
        && words.get(1).is_some_and(|w| {
            ["red", "amber", "yellow", "orange", "green", "black", "blue"].contains(w)
        })
        && words.len() <= 3;
    // The word alone, or followed only by a qualifier in brackets or after a dash.
    let qualified = words.len() == 1 || {
        // (The first word may follow a bracket or a dash: "(Café) Opening".)
        let start = t.find(first).unwrap_or(0);
        let after = t[start + first.len()..].trim_start();
        after.starts_with('(')
            || after.starts_with('-')
            || after.starts_with('–')
            || after.starts_with(':')
    };
    coded || named || colour || (word && (qualified || graded(&t)))
}

/// What a level word grades, after it: "Low Impact", "Minor Incidents", "DISASTER-Level
/// Emergencies".
const GRADED: &[&str] = &[
    "impact",
    "severity",
    "priority",
    "risk",
    "urgency",
    "level",
    "incident",
    "incidents",
    "issue",
    "issues",
    "emergencies",
    "event",
    "events",
    "outage",
    "outages",
];

/// Whether a heading (in lower case) is a level word and what it grades, in one or two words
/// ("minor incidents"); what a bracket adds is a qualifier ("emergency issues (response within
/// 5 minutes)").
fn graded(lower: &str) -> bool {
    let head: Vec<&str> = lower
        .split('(')
        .next()
        .unwrap_or_default()
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | '.'))
        .filter(|w| !w.is_empty())
        .collect();
    (2..=3).contains(&head.len()) && head[1..].iter().all(|w| GRADED.contains(w))
}

/// Sibling headings that each name a level ("## Priority 1 (P1) - High", "## Priority 2 (P2) -
/// Medium") are the plan's activation levels: each heading a level, ranked in order, its
/// criteria the first text under it and its response time the duration a line about responding
/// gives. Two such siblings at least; the sections keep their text.
pub(crate) fn headings_as_levels(p: &mut Planner, blocks: &[Block]) {
    let kind = kind_def("level");
    let groups = level_heading_groups(blocks);
    let previous = p.confidence;
    p.confidence = Confidence::Likely;
    for (_, members) in groups.into_iter().filter(|(_, m)| m.len() >= 2) {
        for (rank, &at) in members.iter().enumerate() {
            let Block::Heading { level, title, line } = &blocks[at] else {
                continue;
            };
            if p.already_read(kind, title) {
                continue;
            }
            if !more_of_a_level(p, blocks, at, *level, title) {
                level_of_heading(p, blocks, at, rank, *line, *level, title);
            }
        }
    }
    p.confidence = previous;
}

/// Whether a heading names a threshold ("Downtime < 30 minutes per incident", "Outage of more
/// than 4 hours", "Over 50 users affected"): a comparison, then a number. Sibling headings
/// that each name one are the plan's levels, and each a situation with its procedure.
pub(crate) fn names_a_threshold(title: &str) -> bool {
    let lower = normalise(title).to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let number = |w: &&str| {
        w.trim_start_matches(['<', '>', '≤', '≥', '='])
            .starts_with(|c: char| c.is_ascii_digit())
    };
    let compares = |i: usize| {
        let w = words[i];
        let sign = ["<", ">", "≤", "≥", "<=", ">="].contains(&w)
            || (w.starts_with(['<', '>', '≤', '≥']) && number(&w));
        let said = ["than", "over", "under", "exceeding", "beyond"].contains(&w);
        (sign && (number(&w) || words.get(i + 1).is_some_and(number)))
            || (said && words.get(i + 1).is_some_and(number))
    };
    words.len() <= 14 && (0..words.len()).any(compares)
}

/// Sibling headings: the index of their parent heading (if any) and their level.
type Siblings = (Option<usize>, u8);

/// The headings of `blocks` that name a level, by index, grouped with their siblings.
fn level_heading_groups(blocks: &[Block]) -> Vec<(Siblings, Vec<usize>)> {
    let mut groups: Vec<(Siblings, Vec<usize>)> = Vec::new();
    let mut stack: Vec<(u8, usize)> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let Block::Heading { level, title, .. } = b else {
            continue;
        };
        while stack.last().is_some_and(|(l, _)| l >= level) {
            stack.pop();
        }
        let key = (stack.last().map(|(_, at)| *at), *level);
        stack.push((*level, i));
        if !names_a_level(title) && !names_a_threshold(title) {
            continue;
        }
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(i),
            None => groups.push((key, vec![i])),
        }
    }
    groups
}

/// The text under heading `at` (at `level`), down to the next heading at its level or above.
fn text_under(blocks: &[Block], at: usize, level: u8) -> Vec<&str> {
    blocks[at + 1..]
        .iter()
        .take_while(|b| !matches!(b, Block::Heading { level: l, .. } if *l <= level))
        .filter_map(|b| match b {
            Block::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// "Level 1: Service Degradation" after a table that named "Service degradation": the
/// heading tells more of that level (its first steps), it is not another. Whether heading `at`
/// was one such.
fn more_of_a_level(p: &mut Planner, blocks: &[Block], at: usize, level: u8, title: &str) -> bool {
    let kind = kind_def("level");
    let named = title
        .split_once([':', '–', '—'])
        .into_iter()
        .flat_map(|(a, b)| [a.trim(), b.trim()])
        .find_map(|t| {
            p.lookup(kind.name, t)
                .filter(|id| p.row_of.contains_key(id))
        });
    let Some(id) = named else {
        return false;
    };
    let steps: Vec<String> = text_under(blocks, at, level)
        .into_iter()
        .map(str::to_string)
        .collect();
    let row = p.row(kind, &id);
    if !steps.is_empty() && !row.contains_key("steps") {
        row.insert("steps".into(), steps.join("\n\n").into());
    }
    true
}

/// The level heading `at` names, `rank`-th of its siblings: its criteria the first text under
/// it, its response time the duration a line about responding gives.
fn level_of_heading(
    p: &mut Planner,
    blocks: &[Block],
    at: usize,
    rank: usize,
    line: usize,
    level: u8,
    title: &str,
) {
    let kind = kind_def("level");
    let under = text_under(blocks, at, level);
    let Some(criteria) = under.first() else {
        return;
    };
    let response = response_time(&under);
    // The line that gave the response time is not part of the criteria (it stays in
    // the section's text).
    let criteria: String = criteria
        .lines()
        .filter(|l| response.as_ref().is_none_or(|(r, _)| l != r))
        .collect::<Vec<_>>()
        .join("\n");
    let response = response.map(|(_, v)| v);
    let (id, new) = p.id_for(kind, title);
    let row = p.row(kind, &id);
    row.insert("name".into(), title.to_string().into());
    row.insert("criteria".into(), criteria.trim().to_string().into());
    if new {
        row.insert("rank".into(), (rank + 1).to_string().into());
    }
    if let Some(r) = response {
        row.insert("response_time".into(), r.into());
    }
    p.entry(
        line,
        "level",
        title,
        Some(&id),
        new,
        "a heading that names a level, with the text under it as its criteria".into(),
    );
}

/// The first line about responding that gives a duration: the line, and the duration.
fn response_time<'t>(under: &[&'t str]) -> Option<(&'t str, String)> {
    under
        .iter()
        .flat_map(|t| t.lines())
        .filter(|l| l.to_lowercase().contains("respon"))
        .find_map(|l| {
            let value = l.rsplit_once(':').map_or(l, |(_, v)| v);
            let value = value.trim().trim_matches(['*', '.', ' ']).trim();
            crate::catalog::duration::parse(value).map(|_| (l, value.to_string()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_threshold_passed_names_a_level() {
        for title in [
            "Downtime < 30 minutes per incident, or < 3 incidents in 24h",
            "Downtime > 30 minutes per incident, or > 3 incidents in 24h",
            "Outage of more than 4 hours",
            "Over 50 users affected",
            "Downtime <30 minutes",
        ] {
            assert!(names_a_threshold(title), "{title}");
        }
        for title in [
            "Over the phone",
            "More than a plan",
            "Step 3",
            "Less than ideal",
        ] {
            assert!(!names_a_threshold(title), "{title}");
        }
    }
}
