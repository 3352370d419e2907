//! A table turned on its side: each row a field of one record, its label in the first column
//! and its value beside it ("**Recovery Time Objective (RTO)** | 4 hours | Maximum acceptable
//! downtime for the Receptor platform …", "**RPO** | 24 hours | …"). Read as a label list is
//! ([`Planner::labels_as_fields`]): one record of the first kind two labels or more are fields
//! of, what the other columns say kept with each value.

use super::*;

/// The rows of a table as (label, what the row says after it), when its first column holds
/// labels (two rows at least, each label short) and its second a value.
pub(crate) fn labelled_rows(table: &Table) -> Option<Vec<(String, String)>> {
    if table.headers.len() < 2 {
        return None;
    }
    let pairs: Vec<(String, String)> = table
        .rows
        .iter()
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
        .map(|r| {
            let label = normalise(r.first().map(String::as_str).unwrap_or_default());
            let rest: Vec<&str> = r[1..]
                .iter()
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
                .collect();
            (label.trim().to_string(), rest.join(" — "))
        })
        .collect();
    let labels = pairs
        .iter()
        .all(|(l, v)| (1..=8).contains(&l.split_whitespace().count()) && !v.is_empty());
    (pairs.len() >= 2 && labels).then_some(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_of_labels_and_values_are_pairs() {
        let table = Table {
            headers: vec!["Metric".into(), "Target".into(), "Rationale".into()],
            rows: vec![
                vec![
                    "**RTO**".into(),
                    "4 hours".into(),
                    "For the platform".into(),
                ],
                vec!["**RPO**".into(), "24 hours".into(), String::new()],
            ],
        };
        assert_eq!(
            labelled_rows(&table),
            Some(vec![
                ("RTO".to_string(), "4 hours — For the platform".to_string()),
                ("RPO".to_string(), "24 hours".to_string()),
            ])
        );
        let one_column = Table {
            headers: vec!["Steps".into()],
            rows: vec![vec!["Call".into()], vec!["Go".into()]],
        };
        assert_eq!(labelled_rows(&one_column), None);
    }
}
