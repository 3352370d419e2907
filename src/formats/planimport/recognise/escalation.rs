//! Escalation orders written as chains ("1. **Incident Commander** → **CTO** → **CEO**",
//! "Escalate: on-call engineer -> team lead -> founder"): the call tree. The first chain whose
//! steps are roles becomes the waves, one per step, each calling that role; a chain that starts
//! with what it is about ("Technical Issues → Tech Lead → …") names the waves after it. The
//! chain's words stay in the section too.

use super::prose::{is_job_title, names_a_job};
use super::*;

/// The arrows a chain is written with.
const ARROWS: &[&str] = &["→", "⟶", "➔", "⇒", "->", "=>", "-->"];

/// The steps of a chain on one line: the parts between arrows (at least two arrows, or one
/// arrow between two roles), each without list marks, emphasis and links.
fn steps(line: &str) -> Option<Vec<String>> {
    let body = list_item(line).unwrap_or(line.trim());
    let mut parts = vec![body.to_string()];
    for arrow in ARROWS {
        parts = parts
            .iter()
            .flat_map(|p| p.split(arrow).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    let parts: Vec<String> = parts
        .iter()
        .map(|p| {
            let p = p.replace(['*', '`'], "");
            let (clean, _) = clean_title(&p);
            clean
                .trim()
                .trim_end_matches(['.', ',', ';'])
                .trim()
                .to_string()
        })
        .collect();
    let short = parts
        .iter()
        .all(|p| !p.is_empty() && p.split_whitespace().count() <= 6);
    (parts.len() >= 2 && short).then_some(parts)
}

fn is_role(step: &str) -> bool {
    names_a_job(step) || is_job_title(step)
}

impl Planner<'_> {
    /// The first chain of roles in the text becomes the call tree (when none was read yet).
    pub(crate) fn escalation_chains(&mut self, text: &str, first_line: usize) {
        let role_kind = kind_def("role");
        let wave_kind = kind_def("wave");
        if self.rows.iter().any(|(kind, _, _)| *kind == "wave") {
            return;
        }
        for (i, line) in text.lines().enumerate() {
            let Some(mut steps) = steps(line) else {
                continue;
            };
            // "Technical Issues → Tech Lead → External Consultants": what the chain is about.
            let about = (!is_role(&steps[0]) && steps.len() >= 3).then(|| steps.remove(0));
            if !steps.iter().all(|s| is_role(s)) {
                continue;
            }
            let line = first_line + i;
            for (n, step) in steps.iter().enumerate() {
                let role = match self.lookup("role", step) {
                    Some(id) => id,
                    None => {
                        let (id, new) = self.id_for(role_kind, step);
                        self.row(role_kind, &id)
                            .insert("name".into(), step.clone().into());
                        let detail =
                            format!("a step of the escalation order {}", steps.join(" → "));
                        self.entry(line, "role", step, Some(&id), new, detail);
                        id
                    }
                };
                // Named in the plan's own words: the step, after what the chain is about when
                // it says so.
                let name = match &about {
                    Some(about) => format!("{about}: {step}"),
                    None => step.clone(),
                };
                let (id, new) = self.id_for(wave_kind, &name);
                let row = self.row(wave_kind, &id);
                row.insert("name".into(), name.clone().into());
                row.insert("position".into(), (n + 1).to_string().into());
                row.insert("roles".into(), serde_json::json!([role]));
                let detail = format!(
                    "step {} of the escalation order: {}",
                    n + 1,
                    steps.join(" → ")
                );
                self.entry(line, "wave", &name, Some(&id), new, detail);
            }
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_are_read_with_any_arrow_and_without_their_decoration() {
        assert_eq!(
            steps("1. **Incident Commander** → **CTO** → **CEO**"),
            Some(vec![
                "Incident Commander".into(),
                "CTO".into(),
                "CEO".into()
            ])
        );
        assert_eq!(
            steps("- on-call engineer -> team lead -> founder"),
            Some(vec![
                "on-call engineer".into(),
                "team lead".into(),
                "founder".into()
            ])
        );
        assert_eq!(
            steps("Costs rose → we cut spending on travel and hotels and food abroad"),
            None
        );
        assert_eq!(steps("no arrow here"), None);
    }
}
