//! The business impact analysis a document implies: a dependency that names the function it
//! serves ("Database Service" over a list of systems, a "Used for" column) becomes a link from
//! that function — matched by the words they share, since documents rarely repeat a function's
//! name exactly — and a system that names its vendor ("Cloud Infrastructure (AWS/GCP)") or the
//! service a vendor provides ("DNS Services" and a supplier for DNS) gets that vendor.

use super::*;

/// Words that say what sort of thing something is, not which: left out when matching.
const GENERIC: &[&str] = &[
    "service",
    "services",
    "system",
    "systems",
    "tool",
    "tools",
    "platform",
    "platforms",
    "function",
    "functions",
    "the",
    "and",
    "of",
    "for",
    "a",
    "an",
    "to",
    "management",
    "environment",
    "environments",
    "infrastructure",
    "process",
    "processes",
    "business",
];

/// The distinctive words of a name, lower case, a plural "s" dropped.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(|w| w.to_lowercase())
        .filter(|w| w.chars().count() >= 2 && !GENERIC.contains(&w.as_str()))
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if stem.chars().count() >= 3 && !w.ends_with("ss") => stem.to_string(),
            _ => w,
        })
        .collect()
}

fn text_of(row: &Row, field: &str) -> String {
    row.get(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

/// Records as (id, distinctive words of a name).
type Named = Vec<(String, Vec<String>)>;

/// The record among `candidates` whose words best match `name`'s (shared words over all their
/// words, so "DNS" beats "CDN/DNS" for "DNS Services"); None on no shared word or a tie.
fn best(name: &str, candidates: &Named) -> Option<String> {
    best_ignoring(name, candidates, &[])
}

/// Words most of `names` share ("SYS" in "SYS-01 …", "SYS-02 …"): a document's numbering
/// prefix, which says nothing about which record is meant. Only with three names or more.
fn common(names: &[Vec<String>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if names.len() < 3 {
        return out;
    }
    for w in names.iter().flatten() {
        let n = names.iter().filter(|x| x.contains(w)).count();
        if n * 2 > names.len() && !out.contains(w) {
            out.push(w.clone());
        }
    }
    out
}

/// [`best`], leaving out the words in `ignore`.
fn best_ignoring(name: &str, candidates: &Named, ignore: &[String]) -> Option<String> {
    let mut ignore = ignore.to_vec();
    ignore.extend(common(
        &candidates
            .iter()
            .map(|(_, w)| w.clone())
            .collect::<Vec<_>>(),
    ));
    let keep = |w: &Vec<String>| -> Vec<String> {
        w.iter().filter(|x| !ignore.contains(x)).cloned().collect()
    };
    let candidates: Named = candidates
        .iter()
        .map(|(id, w)| (id.clone(), keep(w)))
        .collect();
    let wanted = keep(&words(name));
    let mut scored: Vec<(f64, &String)> = candidates
        .iter()
        .filter_map(|(id, w)| {
            let shared = w.iter().filter(|x| wanted.contains(x)).count();
            let all = w.len() + wanted.len() - shared;
            (shared > 0).then(|| (shared as f64 / all as f64, id))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    match scored.as_slice() {
        [(n, id), rest @ ..] if rest.first().is_none_or(|(m, _)| m < n) => Some((*id).clone()),
        _ => None,
    }
}

/// Vendors as (id, words of their name) and (id, words of their service).
fn vendor_words(p: &Planner) -> (Named, Named) {
    let vendors: Vec<(&String, &Row)> = p
        .rows
        .iter()
        .filter(|(k, _, _)| *k == "vendor")
        .map(|(_, id, row)| (id, row))
        .collect();
    let names = vendors
        .iter()
        .map(|(id, row)| ((*id).clone(), words(&text_of(row, "name"))))
        .collect();
    let services = vendors
        .iter()
        .map(|(id, row)| ((*id).clone(), words(&text_of(row, "service"))))
        .collect();
    (names, services)
}

/// Links each dependency to the function it names, and to the vendor it names or whose service
/// it is; each link is in the report at the dependency's line.
pub(crate) fn impact_links(p: &mut Planner) {
    let functions: Named = p
        .rows
        .iter()
        .filter(|(k, _, _)| *k == "objective")
        .map(|(_, id, row)| (id.clone(), words(&text_of(row, "function"))))
        .collect();
    let (vendor_names, vendor_services) = vendor_words(p);
    let dependencies: Vec<(String, String, String, bool)> = p
        .rows
        .iter()
        .filter(|(k, _, _)| *k == "dependency")
        .map(|(_, id, row)| {
            (
                id.clone(),
                text_of(row, "system"),
                text_of(row, "function"),
                row.contains_key("vendor"),
            )
        })
        .collect();
    let line_of = |p: &Planner, id: &str| {
        p.report
            .entries
            .iter()
            .find(|e| e.id.as_deref() == Some(id))
            .map(|e| e.line)
            .unwrap_or(0)
    };
    let prefixes = common(
        &dependencies
            .iter()
            .map(|(_, system, _, _)| words(system))
            .collect::<Vec<_>>(),
    );
    for (id, system, function, has_vendor) in dependencies {
        if !has_vendor
            && let Some(vendor) = best_ignoring(&system, &vendor_names, &prefixes)
                .or_else(|| best_ignoring(&system, &vendor_services, &prefixes))
        {
            p.row(kind_def("dependency"), &id)
                .insert("vendor".into(), vendor.into());
        }
        // "BP-01, BP-03": a link to each function the cell names.
        let mut found: Vec<String> = Vec::new();
        for part in function
            .split([',', ';', '/', '&'])
            .flat_map(|p| p.split(" and "))
        {
            if let Some(objective) = best(part, &functions).filter(|o| !found.contains(o)) {
                found.push(objective);
            }
        }
        for objective in found {
            let name = functions_title(p, &objective);
            let (link, new) = p.id_for(kind_def("link"), &objective);
            let row = p.row(kind_def("link"), &link);
            row.insert("function".into(), objective.clone().into());
            row.insert("system".into(), id.clone().into());
            let line = line_of(p, &id);
            p.entry(
                line,
                "link",
                &format!("{name} → {system}"),
                Some(&link),
                new,
                format!("\"{function}\" read as the function {name}"),
            );
        }
    }
}

fn functions_title(p: &Planner, id: &str) -> String {
    p.rows
        .iter()
        .find(|(k, i, _)| *k == "objective" && i == id)
        .map(|(_, _, row)| text_of(row, "function"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_by_their_distinctive_words() {
        let functions = vec![
            ("o1".to_string(), words("Production database service")),
            ("o2".to_string(), words("Customer support")),
            ("o3".to_string(), words("Development")),
        ];
        assert_eq!(best("Database Service", &functions).as_deref(), Some("o1"));
        assert_eq!(best("Support", &functions).as_deref(), Some("o2"));
        assert_eq!(best("Development", &functions).as_deref(), Some("o3"));
        assert_eq!(best("Marketing", &functions), None);
        let vendors = vec![
            ("aws".to_string(), words("AWS")),
            ("gh".to_string(), words("GitHub")),
        ];
        assert_eq!(
            best("Cloud Infrastructure (AWS/GCP)", &vendors).as_deref(),
            Some("aws")
        );
        assert_eq!(best("DNS Services", &vendors), None);
        let services = vec![
            ("cloudflare".to_string(), words("CDN/DNS")),
            ("route53".to_string(), words("DNS")),
        ];
        assert_eq!(best("DNS Services", &services).as_deref(), Some("route53"));
        // A numbering prefix the systems share ("SYS-02 …") matches nothing by itself.
        let vendors = vec![
            ("v1".to_string(), words("SYS-01 vendor")),
            ("v2".to_string(), words("Accounting vendor")),
            ("v3".to_string(), words("Bank")),
        ];
        let prefixes = common(&[
            words("SYS-01 Platform"),
            words("SYS-02 Accounting"),
            words("SYS-04 Productivity suite"),
        ]);
        assert_eq!(prefixes, ["sys"]);
        assert_eq!(
            best_ignoring("SYS-04 Productivity suite", &vendors, &prefixes),
            None
        );
        assert_eq!(
            best_ignoring("SYS-02 Accounting", &vendors, &prefixes).as_deref(),
            Some("v2")
        );
        assert_eq!(
            best_ignoring("SYS-01 Platform", &vendors, &prefixes).as_deref(),
            Some("v1")
        );
    }
}
