//! People a list names by a link to their profile — "* [Lucas-C](https://github.com/Lucas-C):
//! He maintains fpdf2", "- [Jo Bloggs](https://www.linkedin.com/in/jobloggs)" — as a project's
//! successors and maintainers are listed: each a contact, reached through that profile.

use super::*;

/// Sites whose address names one person by its first part ("github.com/Lucas-C"), or by the
/// part after a fixed one ("linkedin.com/in/jobloggs").
const PROFILE_SITES: &[(&str, &str)] = &[
    ("github.com", ""),
    ("gitlab.com", ""),
    ("codeberg.org", ""),
    ("sr.ht", ""),
    ("linkedin.com", "in"),
    ("twitter.com", ""),
    ("x.com", ""),
    ("keybase.io", ""),
];

/// A list item that opens with a link to a person's profile: (the link's words, its address,
/// what the item says after it).
pub(crate) fn profile_item(item: &str) -> Option<(String, String, String)> {
    let rest = item.trim().strip_prefix('[')?;
    let (name, rest) = rest.split_once("](")?;
    let (url, said) = rest.split_once(')')?;
    let site = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?
        .trim_start_matches("www.");
    let (host, path) = site.split_once('/')?;
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let names_one = PROFILE_SITES.iter().any(|(h, under)| {
        *h == host
            && match (under.is_empty(), &parts[..]) {
                (true, [who]) => !who.is_empty() && !who.contains(['?', '#']),
                (false, [fixed, who]) => fixed == under && !who.is_empty(),
                _ => false,
            }
    });
    let name = name.trim().replace("**", "");
    let said = said.trim_start_matches([':', ' ', '-', '–', '—']).trim();
    (names_one && !name.is_empty() && name.split_whitespace().count() <= 4)
        .then(|| (name, url.to_string(), said.to_string()))
}

impl Planner<'_> {
    /// Contacts for the people a list names by their profiles, two at least in the list.
    pub(crate) fn people_by_profile(&mut self, text: &str, first_line: usize) {
        let contact = kind_def("contact");
        let found: Vec<(usize, (String, String, String))> = text
            .lines()
            .enumerate()
            .filter_map(|(i, l)| list_item(l).and_then(profile_item).map(|p| (i, p)))
            .collect();
        if found.len() < 2 {
            return;
        }
        for (i, (name, url, said)) in found {
            if self.already_read(contact, &name) {
                continue;
            }
            let (id, new) = self.id_for(contact, &name);
            let mut notes = format!("Profile: {url}");
            if !said.is_empty() {
                notes = format!("{said}\n{notes}");
            }
            let row = self.row(contact, &id);
            row.insert("name".into(), name.clone().into());
            row.insert("notes".into(), notes.into());
            self.entry(
                first_line + i,
                "contact",
                &name,
                Some(&id),
                new,
                "a person a list names by a link to their profile".into(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_to_a_profile_names_a_person() {
        assert_eq!(
            profile_item("[Lucas-C](https://github.com/Lucas-C): He maintains fpdf2"),
            Some((
                "Lucas-C".to_string(),
                "https://github.com/Lucas-C".to_string(),
                "He maintains fpdf2".to_string()
            ))
        );
        assert!(profile_item("[Jo Bloggs](https://www.linkedin.com/in/jobloggs)").is_some());
        for none in [
            "[pypdf](https://github.com/py-pdf/pypdf) (the repository)",
            "[docs](https://docs.github.com/en/site-policy)",
            "[issues](https://github.com/org/repo/issues)",
            "Lucas-C: https://github.com/Lucas-C",
        ] {
            assert_eq!(profile_item(none), None, "{none}");
        }
    }
}
