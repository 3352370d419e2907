//! Roles a table of who does what names in its header: "| Steps | Account Lead | Technical
//! Director | Head of Legal | Data Protection Officer |" over the phases of a response, each
//! cell saying what that job does then (a RACI matrix). The rows are read by the table
//! readings; the jobs across the top are the plan's roles.

use super::*;

/// Roles named as the column headers of a table whose header, after its first column, is
/// mostly job titles (two at least): each a role, unless read already.
pub(crate) fn roles_across_the_top(p: &mut Planner, blocks: &[Block], corrections: &Corrections) {
    let role = kind_def("role");
    let previous = (p.confidence, p.block);
    p.confidence = Confidence::Likely;
    for b in blocks {
        let Block::Table { table, line, .. } = b else {
            continue;
        };
        if corrections.at(*line).is_some() || table.headers.len() < 3 {
            continue;
        }
        let headers: Vec<String> = table.headers[1..]
            .iter()
            .map(|h| {
                normalise(h)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|h| !h.is_empty())
            .collect();
        // (Job titles written out: "RTO" or "Recovery Time Objective (RTO)" is a measure.)
        let jobs: Vec<&String> = headers
            .iter()
            .filter(|h| !h.contains('(') && !prose::is_acronym(h) && prose::names_a_job(h))
            .collect();
        if jobs.len() < 2 || jobs.len() * 2 < headers.len() {
            continue;
        }
        p.block = *line;
        for job in jobs {
            if p.already_read(role, job) {
                continue;
            }
            let (id, new) = p.id_for(role, job);
            p.row(role, &id).insert("name".into(), job.clone().into());
            let detail = "a column of a table of who does what".to_string();
            p.entry(*line, "role", job, Some(&id), new, detail);
        }
    }
    (p.confidence, p.block) = previous;
}
