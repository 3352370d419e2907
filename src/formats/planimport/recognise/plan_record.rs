use super::*;

/// A date as written in a plan's first lines ("2026-01-20", "Oct 16, 2024", "16 October
/// 2024", "16.10.2024"), or a month ("January 2026": its first day). A year is four figures:
/// "January 2026" is not the 20th of January of the year 26.
pub(crate) fn parse_date(s: &str) -> Option<String> {
    use chrono::Datelike;
    let s = s.trim().trim_end_matches('.');
    let day = |f: &&str| chrono::NaiveDate::parse_from_str(s, f).ok();
    let month = |f: &&str| chrono::NaiveDate::parse_from_str(&format!("1 {s}"), f).ok();
    let days = [
        "%Y-%m-%d",
        "%b %d, %Y",
        "%B %d, %Y",
        "%d %B %Y",
        "%d %b %Y",
        "%b %d %Y",
        "%B %d %Y",
        "%d.%m.%Y",
    ];
    days.iter()
        .filter_map(day)
        .chain(["%d %B %Y", "%d %b %Y"].iter().filter_map(month))
        .find(|d| d.year() >= 1000)
        .map(|d| d.format("%Y-%m-%d").to_string())
}

/// `Key: value` pairs on a metadata line: "March 2026 · Owner: Vilmer Frost, CEO · Review: Annual",
/// "- **Policy owner:** Pedro Piñera Buendía".
pub(crate) fn metadata_pairs(text: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for line in text.lines().take(12) {
        let line = line.trim().trim_start_matches(['-', '*', '+']).trim();
        let line = line
            .replace("**", "")
            .replace("__", "")
            .replace(" | ", " · ");
        for part in line.split('·') {
            if let Some((k, v)) = part.split_once(':') {
                let (k, v) = (k.trim(), v.trim());
                if !k.is_empty() && k.split_whitespace().count() <= 4 && !v.is_empty() {
                    pairs.push((k.to_string(), v.to_string()));
                }
            }
        }
    }
    pairs
}

/// Whether a document's title names a whole plan ("Business Continuity Plan - Acme", "BCDR
/// Policy", "Disaster Recovery Policy", "Contingency plan") rather than a part of one ("Fire
/// Safety Policy", "Incident Response Process", "Data Breach Response Procedure").
fn names_a_whole_plan(title: &str) -> bool {
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().any(|w| {
        [
            "plan",
            "continuity",
            "contingency",
            "bcp",
            "bcdr",
            "drp",
            "resilience",
        ]
        .contains(w)
    }) || lower.contains("disaster recovery")
}

/// Sets the plan's title (when the document is a whole plan) and what its first lines say (owner, effective date, review cycle).
pub(crate) fn plan_record(
    p: &mut Planner,
    existing: &[Record],
    title: Option<&str>,
    metadata: &str,
) {
    let plan = kind_def("plan");
    let Some(record) = existing.iter().find(|r| r.kind == "plan" && !r.deleted) else {
        p.report.notes.push(
            "the binder has no plan record yet, so the plan's title and owner were not set (set the organisation first)".into(),
        );
        return;
    };
    let mut fields: Vec<(&'static str, String)> = Vec::new();
    // A document that is a part of a plan ("Fire and Emergency Evacuation Policy", "Data
    // Breach Response Procedure") does not rename the binder's plan; a whole plan does.
    if let Some(t) = title.filter(|t| names_a_whole_plan(t)) {
        fields.push(("title", t.to_string()));
    }
    for (key, value) in metadata_pairs(metadata) {
        let outer_taken = plan
            .field_for_header(&key)
            .is_some_and(|f| fields.iter().any(|(taken, _)| *taken == f.name));
        let (key, value) = match value.split_once(':') {
            // "Policy owner: Effective Date: Oct 16, 2024": the inner label names the value.
            Some((inner, rest)) if outer_taken && plan.field_for_header(inner).is_some() => {
                (inner.trim().to_string(), rest.trim().to_string())
            }
            _ => (key, value),
        };
        let Some(field) = plan.field_for_header(&key) else {
            continue;
        };
        if ["title", "organisation"].contains(&field.name)
            || fields.iter().any(|(f, _)| *f == field.name)
        {
            continue;
        }
        let value = if field.ty == FieldType::Date {
            parse_date(&value)
        } else {
            Some(value)
        };
        if let Some(v) = value.filter(|v| field.parse(v, &NoReferences).is_ok()) {
            fields.push((field.name, v));
        }
    }
    if fields.is_empty() {
        return;
    }
    let summary = fields
        .iter()
        .map(|(f, v)| {
            let label = plan.field(f).map_or(*f, |d| d.label);
            format!("{label}: {v}")
        })
        .collect::<Vec<_>>()
        .join(", ");
    let row = p.row(plan, &record.id);
    for (f, v) in fields {
        row.insert(f.into(), v.into());
    }
    p.entry(
        1,
        "plan",
        &record.title(),
        Some(&record.id.clone()),
        false,
        format!("sets {summary}"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_whole_plan_names_the_binders_plan() {
        for whole in [
            "Business Continuity Plan - AI Agent Security Platform",
            "Business Continuity Policy",
            "BCDR Policy",
            "Disaster Recovery Policy",
            "Contingency plan",
            "Emergency Plan - West Burton Parish Council",
        ] {
            assert!(names_a_whole_plan(whole), "{whole}");
        }
        for part in [
            "Civil Defence and Emergency Policy",
            "Incident Response Process",
            "FIRE AND EMERGENCY EVACUATION POLICY & PROCEDURES",
            "Data Breach Response Procedure",
            "Planned maintenance",
        ] {
            assert!(!names_a_whole_plan(part), "{part}");
        }
    }
}
