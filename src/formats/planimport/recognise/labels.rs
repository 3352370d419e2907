use super::*;

impl Planner<'_> {
    /// Lists of `**Label**: value` lines: under a heading about vendors, each label a service
    /// and the names after it the vendors that provide it ("**Monitoring**: DataDog, New
    /// Relic"); anywhere, labels that are fields of one kind (RTO, RPO) make one record of it.
    pub(crate) fn labelled_list(&mut self, pairs: &[(String, String)], line: usize, section: &str) {
        let previous = std::mem::replace(&mut self.confidence, Confidence::Likely);
        self.labelled_list_read(pairs, line, section);
        self.confidence = previous;
    }

    pub(crate) fn labelled_list_read(
        &mut self,
        pairs: &[(String, String)],
        line: usize,
        section: &str,
    ) {
        let read = self.labels_as_levels(pairs, line, false)
            || self.labels_as_roles(pairs, line)
            || self.labels_as_risks(pairs, line, section)
            || self.labels_as_schedules(pairs, line, section)
            || self.labels_as_vendors(pairs, line, section)
            || self.labels_as_fields(pairs, line, section);
        if !read {
            self.labels_as_records(pairs, line, section);
        }
    }

    /// Under a heading that says how often ("Quarterly Tests", "Monthly Reviews"): each label
    /// a task on that schedule.
    fn labels_as_schedules(
        &mut self,
        pairs: &[(String, String)],
        line: usize,
        section: &str,
    ) -> bool {
        let schedule = kind_def("schedule");
        let (Some(frequency), Some(task_kind)) =
            (prose::frequency_in(section), prose::recurring_kind(section))
        else {
            return false;
        };
        for (label, value) in pairs {
            if self.already_read(schedule, label) {
                continue;
            }
            let (id, new) = self.id_for(schedule, label);
            let row = self.row(schedule, &id);
            row.insert("task".into(), label.clone().into());
            row.insert("type".into(), task_kind.into());
            row.insert("frequency".into(), frequency.clone().into());
            row.insert("notes".into(), value.clone().into());
            self.entry(
                line,
                "schedule",
                label,
                Some(&id),
                new,
                format!("listed under “{section}”: {task_kind} {frequency}"),
            );
        }
        true
    }

    /// Under a heading about vendors: each label a service and the names after it the vendors
    /// that provide it ("**Monitoring**: DataDog, New Relic").
    fn labels_as_vendors(
        &mut self,
        pairs: &[(String, String)],
        line: usize,
        section: &str,
    ) -> bool {
        let vendor = kind_def("vendor");
        if !Self::speaks_of(vendor, section) {
            return false;
        }
        for (label, value) in pairs {
            let Some(names) = vendor_names(value) else {
                continue;
            };
            for name in names {
                self.vendor_of_service(name, label, line);
            }
        }
        true
    }

    /// The vendor `name` as one that provides the service `label` (a vendor named under
    /// several services provides them all).
    fn vendor_of_service(&mut self, name: &str, label: &str, line: usize) {
        let vendor = kind_def("vendor");
        let existing = self.lookup(vendor.name, name);
        let (id, new) = match existing.filter(|id| self.row_of.contains_key(id)) {
            Some(id) => (id, false),
            None => self.id_for(vendor, name),
        };
        let first = !self.row_of.contains_key(&id);
        let row = self.row(vendor, &id);
        row.insert("name".into(), name.into());
        let service = match row.get("service").and_then(|v| v.as_str()) {
            Some(s) if !s.is_empty() && !s.split("; ").any(|x| x == label) => {
                format!("{s}; {label}")
            }
            Some(s) if !s.is_empty() => s.to_string(),
            _ => label.to_string(),
        };
        row.insert("service".into(), service.into());
        if first {
            self.entry(
                line,
                "vendor",
                name,
                Some(&id),
                new,
                format!("named under “{label}” in a list of vendors"),
            );
        }
    }

    /// One record whose fields the labels are ("Recovery Time Objective (RTO)": <1 hour), of
    /// the first kind two or more of them fit.
    pub(crate) fn labels_as_fields(
        &mut self,
        pairs: &[(String, String)],
        line: usize,
        section: &str,
    ) -> bool {
        for kind in table_kinds() {
            let fields = fields_labelled(kind, pairs);
            // Two fields of the kind's own, not only what any record has ("Owner: Jane",
            // "Comments: first issue" make no objective).
            let own = fields
                .iter()
                .filter(|(f, ..)| !["owner", "notes", "description", "comments"].contains(&f.name))
                .count();
            if fields.len() < 2 || own < 2 {
                continue;
            }
            // Named by what the values say they are for ("for critical services"), else by
            // the section.
            let title = fields
                .iter()
                .find_map(|(_, _, said)| purpose(said))
                .unwrap_or_else(|| normalise::normalise(section));
            if self.already_read(kind, &title) {
                return true;
            }
            let (id, new) = self.id_for(kind, &title);
            let notes: Vec<String> = fields.iter().map(|(_, _, said)| said.clone()).collect();
            let labels: Vec<&str> = fields.iter().map(|(f, _, _)| f.label).collect();
            let row = self.row(kind, &id);
            row.insert(kind.title.into(), title.clone().into());
            for (f, v, _) in &fields {
                row.insert(f.name.into(), v.clone().into());
            }
            if kind.field("notes").is_some() {
                row.insert("notes".into(), notes.join("\n").into());
            }
            self.entry(
                line,
                kind.name,
                &title,
                Some(&id),
                new,
                format!("a list giving its {}", labels.join(" and ")),
            );
            return true;
        }
        false
    }

    /// Labels that are all job titles ("**Incident Manager:** Overall coordination",
    /// "**Technical Lead:** Technical investigation"): roles, each with its responsibilities.
    /// Not a blank to fill ("**Legal Advisor:** [Contact]").
    fn labels_as_roles(&mut self, pairs: &[(String, String)], line: usize) -> bool {
        let role = kind_def("role");
        let distinct: std::collections::HashSet<String> =
            pairs.iter().map(|(l, _)| words_key(l)).collect();
        let roles = pairs.len() >= 2
            && distinct.len() == pairs.len()
            && pairs.iter().all(|(label, value)| {
                let label = normalise::normalise(label);
                is_a_job_label(&label)
                    && label.starts_with(char::is_uppercase)
                    && !names_a_level(&label)
                    && !is_placeholder(value)
                    && header_field(role, &label).is_none()
            });
        if !roles {
            return false;
        }
        for (label, value) in pairs {
            let name = normalise::normalise(label);
            if self.already_read(role, &name) {
                continue;
            }
            let (id, new) = self.id_for(role, &name);
            let row = self.row(role, &id);
            row.insert("name".into(), name.clone().into());
            row.insert("responsibilities".into(), value.clone().into());
            self.entry(
                line,
                "role",
                &name,
                Some(&id),
                new,
                "a list item naming a job, with what it does".into(),
            );
        }
        true
    }

    /// Under a heading that names a kind's records in the plural ("Critical components", "Key
    /// systems"), each label is one such record and its value goes to the record's notes
    /// ("**Data Layer:** PostgreSQL database, translation repositories").
    fn labels_as_records(&mut self, pairs: &[(String, String)], line: usize, section: &str) {
        let Some(kind) = named_in_plural(section) else {
            return;
        };
        // Labels that are names, with something said of them (not "[Contact information]",
        // a blank to fill), and names of the kind's shape (people's names for contacts).
        let looks_right = |l: &str| title_test(kind).is_none_or(|test| test(l));
        if pairs.len() < 2
            || pairs
                .iter()
                .any(|(l, v)| !is_a_name(l) || !looks_right(l) || is_placeholder(v))
        {
            return;
        }
        for (label, value) in pairs {
            if self.already_read(kind, label) {
                continue;
            }
            let (id, new) = self.id_for(kind, label);
            let row = self.row(kind, &id);
            row.insert(kind.title.into(), label.clone().into());
            if kind.field("notes").is_some() {
                row.insert("notes".into(), value.clone().into());
            }
            self.entry(
                line,
                kind.name,
                label,
                Some(&id),
                new,
                format!("listed under “{section}”"),
            );
        }
    }
}

/// The names of the vendors a label's value lists ("DataDog, New Relic"); `None` unless all
/// are names of companies and products: every word capitalised ("New Relic", "AWS
/// CloudFront"), no figures ("Minimum 99.9% uptime" is a requirement).
fn vendor_names(value: &str) -> Option<Vec<&str>> {
    let names: Vec<&str> = value
        .split([',', ';'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    let all_names = names.iter().all(|n| {
        n.split_whitespace().count() <= 4
            && n.split_whitespace()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase))
            && !n.contains(['%', '$', '€', '£'])
    });
    all_names.then_some(names)
}

/// The labels that are fields of `kind` (not its title, each field once) and whose values
/// fit them: (field, value that fits, the pair as written).
/// What a value says it is for, named short: "Maximum acceptable downtime for the Receptor
/// platform before operational impact becomes unacceptable" → "Receptor platform", "for
/// critical services" → "Critical services".
fn purpose(said: &str) -> Option<String> {
    let (_, r) = said.split_once(" for ")?;
    let r = r.trim();
    let r = ["the ", "our ", "all "]
        .iter()
        .find_map(|a| r.strip_prefix(a))
        .unwrap_or(r);
    let end = [
        " before ", " when ", " if ", " until ", " in ", " and ", ",", ";", ". ", " (", ")",
    ]
    .iter()
    .filter_map(|c| r.find(c))
    .min()
    .unwrap_or(r.len());
    let r = r[..end].trim().trim_end_matches('.');
    let mut c = r.chars();
    let named = c
        .next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())?;
    (1..=6)
        .contains(&named.split_whitespace().count())
        .then_some(named)
}

fn fields_labelled(
    kind: &'static KindDef,
    pairs: &[(String, String)],
) -> Vec<(&'static FieldDef, String, String)> {
    let mut fields: Vec<(&'static FieldDef, String, String)> = Vec::new();
    for (label, value) in pairs {
        let Some(f) = header_field(kind, label)
            .filter(|f| f.name != kind.title && !fields.iter().any(|(g, _, _)| g.name == f.name))
        else {
            continue;
        };
        if let Some(v) = fitting_prefix(f, value) {
            fields.push((f, v, format!("{label}: {value}")));
        }
    }
    fields
}

impl Planner<'_> {
    /// A heading under one that names a kind's records in the plural ("External dependencies"
    /// over "GitHub", "Slack"): one such record, named by the heading (a name, not a topic: three
    /// words at most, none of them a kind's field).
    pub(crate) fn heading_as_record(&mut self, parent: &str, title: &str, line: usize) {
        let Some(kind) = named_in_plural(parent) else {
            return;
        };
        let title = normalise::normalise(title);
        let looks_right = title_test(kind).is_none_or(|test| test(&title));
        if !is_a_name(&title) || !looks_right || self.already_read(kind, &title) {
            return;
        }
        let (id, new) = self.id_for(kind, &title);
        self.row(kind, &id)
            .insert(kind.title.into(), title.clone().into());
        self.entry(
            line,
            kind.name,
            &title,
            Some(&id),
            new,
            format!("a heading under “{parent}”"),
        );
    }
}

/// Whether a heading or label is a name (a company, a product, a person: "GitHub", "Google
/// Workspace") rather than a topic: three words at most, no sentence marks, no word naming a
/// kind of record ("Internal Contacts") or a document part ("Escalation Matrix", "Data
/// Recovery Procedures", "Primary Cloud Provider"), and not a kind's field.
fn is_a_name(title: &str) -> bool {
    crate::formats::planimport::memo::remembered("labels.rs:is_a_name", title, || {
        is_a_name_read(title)
    })
}

fn is_a_name_read(title: &str) -> bool {
    const TOPICS: &[&str] = &[
        "matrix",
        "list",
        "tree",
        "procedure",
        "plan",
        "process",
        "policy",
        "overview",
        "summary",
        "information",
        "details",
        "activities",
        "succession",
        "responsibilities",
        "provider",
        "supplier",
    ];
    let names_records = title.split_whitespace().any(|w| {
        let w = words_key(w);
        let named = |n: &str| w == words_key(n) || w.strip_suffix('s') == Some(&words_key(n));
        TOPICS.iter().any(|t| named(t))
            || KINDS
                .iter()
                .any(|k| [k.name, k.label, k.plural].iter().any(|n| named(n)))
    });
    (1..=3).contains(&title.split_whitespace().count())
        && !title.contains(['.', ',', ';', '?', '!', '(', ':'])
        && !names_records
        && table_kinds().all(|k| header_field(k, title).is_none())
}

/// The kind whose records a heading names in the plural ("Critical components", "External
/// dependencies", "Key suppliers"), if any.
pub(crate) fn named_in_plural(heading: &str) -> Option<&'static KindDef> {
    crate::formats::planimport::memo::remembered("labels.rs:named_in_plural", heading, || {
        named_in_plural_read(heading)
    })
}

fn named_in_plural_read(heading: &str) -> Option<&'static KindDef> {
    let heading = &normalise::normalise(heading);
    let last = heading.split_whitespace().last().unwrap_or_default();
    let plural = last.len() > 3 && last.to_lowercase().ends_with('s') && !last.ends_with("ss");
    // (By a synonym only with a word before it — "Critical components", not "Services".)
    let qualified = heading.split_whitespace().count() >= 2;
    let by_field = |k: &&'static KindDef| {
        qualified && header_field(k, heading).is_some_and(|f| f.name == k.title)
    };
    let by_name = |k: &&'static KindDef| words_key(last) == words_key(k.plural);
    table_kinds().find(|k| plural && (by_field(k) || by_name(k)))
}

/// `**Label**: value` pairs.
pub(crate) type Labels = Vec<(String, String)>;

/// A table written as headings: sibling headings, each followed only by a list of
/// `**Label**: value` lines ("#### P0 - Critical" then "- **Response Time**: 15 minutes"). The
/// headings name the records, the labels are the columns.
pub(crate) struct HeadingRows {
    pub(crate) level: u8,
    pub(crate) line: usize,
    /// (heading, its labels and values, line).
    pub(crate) rows: Vec<(String, Labels, usize)>,
}

/// Reads a group of headings as a table, and takes it when its labels match a kind of the
/// catalog as a table's header would (two headings at least); the sections keep their text
/// either way.
pub(crate) fn flush_heading_rows(
    p: &mut Planner,
    group: &mut Option<HeadingRows>,
    section: Option<&mut Section>,
) {
    let (Some(g), Some(section)) = (group.take(), section) else {
        return;
    };
    // Not a table written as headings: each heading's list is read on its own.
    let one_by_one = |p: &mut Planner, g: &HeadingRows| {
        for (title, pairs, line) in &g.rows {
            p.labelled_list(pairs, *line, title);
        }
    };
    if g.rows.len() < 2 {
        return one_by_one(p, &g);
    }
    let mut headers = vec!["Name".to_string()];
    for (_, pairs, _) in &g.rows {
        for (label, _) in pairs {
            if !headers.contains(label) {
                headers.push(label.clone());
            }
        }
    }
    let rows = g
        .rows
        .iter()
        .map(|(title, pairs, _)| {
            headers
                .iter()
                .enumerate()
                .map(|(i, h)| match i {
                    0 => title.clone(),
                    _ => pairs
                        .iter()
                        .find(|(l, _)| l == h)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default(),
                })
                .collect()
        })
        .collect();
    // What the records are is judged by the labels most of them share (a label only one
    // heading has says little about the rest); every label is carried over all the same.
    let shared: Vec<String> = headers
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            *i == 0
                || g.rows
                    .iter()
                    .filter(|(_, pairs, _)| pairs.iter().any(|(l, _)| *l == headers[*i]))
                    .count()
                    * 2
                    > g.rows.len().max(2)
        })
        .map(|(_, h)| h.clone())
        .collect();
    let judged = Table {
        headers: shared,
        rows: Vec::new(),
    };
    let table = Table { headers, rows };
    if Planner::classify(&judged, true).is_some() {
        // Labels under headings are a table by their shape, not by a header row.
        p.confidence = Confidence::Likely;
        p.names_given = true;
        p.table(&table, "", g.line, section);
        p.names_given = false;
        p.confidence = Confidence::Sure;
    } else {
        one_by_one(p, &g);
    }
}

/// The value a field takes from what a label says: all of it, or the words it starts with
/// ("<1 hour for critical services" → "<1 hour" for a duration).
pub(crate) fn fitting_prefix(f: &FieldDef, value: &str) -> Option<String> {
    let fits = |v: &str| f.parse(v, &NoReferences).is_ok_and(|x| x.is_some());
    if fits(value) {
        return Some(value.trim().to_string());
    }
    if f.ty != FieldType::Duration {
        return None;
    }
    let words: Vec<&str> = value.split_whitespace().collect();
    (1..words.len().min(5))
        .rev()
        .map(|n| words[..n].join(" "))
        .find(|v| fits(v))
}

/// Whether a label names a job by its job word: "Incident Manager", "Technical Lead", "Head of
/// Operations" — not an objective with an acronym ("Recovery Time Objective (RTO)") nor a
/// document's owner ("Policy owner").
fn is_a_job_label(label: &str) -> bool {
    let bare = label.split(" (").next().unwrap_or(label).trim();
    let words: Vec<String> = bare
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let job = |w: &str| {
        prose::JOB_WORDS.contains(&w)
            || w.strip_suffix('s')
                .is_some_and(|one| prose::JOB_WORDS.contains(&one))
    };
    let Some(last) = words.last() else {
        return false;
    };
    (2..=5).contains(&words.len())
        && (job(last) || (job(&words[0]) && words[1] == "of"))
        && !["policy", "document", "plan"].contains(&words[0].as_str())
}

/// A text block that is only `- **Label**: value` lines, as (label, value) pairs.
pub(crate) fn bold_labels(text: &str) -> Option<Vec<(String, String)>> {
    crate::formats::planimport::memo::remembered("labels.rs:bold_labels", text, || {
        bold_labels_read(text)
    })
}

fn bold_labels_read(text: &str) -> Option<Vec<(String, String)>> {
    let mut pairs = Vec::new();
    // The list is the block's first paragraph, or the one a lead-in sentence ends in a colon
    // over ("We distinguish between the following situations:"); a paragraph after it is the
    // section's text. Its items may stand apart, a blank line between them.
    let lines: Vec<&str> = after_lead_in(text.trim_start()).lines().collect();
    let ends = |i: usize| {
        lines[i].trim().is_empty()
            && !lines[i + 1..]
                .iter()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| {
                    list_item(l).is_some_and(|item| item.starts_with("**"))
                        || (l.starts_with([' ', '\t']) && list_item(l).is_none())
                })
    };
    let end = (0..lines.len()).find(|&i| ends(i)).unwrap_or(lines.len());
    for line in lines[..end].iter().filter(|l| !l.trim().is_empty()) {
        // An indented line that is no item carries on the item before it, as a converter
        // wraps a long value ("-   **Status:**" over "    <https://…>").
        let Some(item) = list_item(line) else {
            // Not another label (a line break inside the item), a fence or a sub-item.
            let t = line.trim();
            let more = t.starts_with("**")
                || t.starts_with("```")
                || t.starts_with("~~~")
                || t.split_whitespace()
                    .next()
                    .is_some_and(|w| (w.len() <= 3 && w.ends_with(['.', ')'])) || w == "○");
            let (_, value): &mut (String, String) = pairs
                .last_mut()
                .filter(|_| line.starts_with([' ', '\t']) && !more)?;
            value.push_str(&format!(" {t}"));
            continue;
        };
        let rest = item.strip_prefix("**")?;
        let (label, value) = rest.split_once("**")?;
        let label = label.trim().trim_end_matches(':').trim();
        let value = value.trim().trim_start_matches(':').trim();
        if label.is_empty() {
            return None;
        }
        pairs.push((label.to_string(), value.to_string()));
    }
    for (_, value) in &mut pairs {
        *value = value.trim().trim_end_matches('\\').trim().to_string();
    }
    (!pairs.is_empty() && pairs.iter().all(|(_, v)| !v.is_empty())).then_some(pairs)
}
/// `text` from its list on, when it opens with a lead-in paragraph ending in a colon over it;
/// else `text`.
fn after_lead_in(text: &str) -> &str {
    let Some((lead, rest)) = text.split_once("\n\n") else {
        return text;
    };
    let rest = rest.trim_start_matches('\n');
    match lead.trim_end().ends_with(':')
        && list_item(lead.lines().next().unwrap_or_default()).is_none()
        && rest.lines().next().is_some_and(|l| list_item(l).is_some())
    {
        true => rest,
        false => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_list_reads_a_value_wrapped_onto_the_next_line() {
        let wrapped = "-   **Service:** <https://git.example.net/>\n-   **Status:**\n    <https://status.example.com/?tid=17>\n";
        assert_eq!(
            bold_labels_read(wrapped),
            Some(vec![
                ("Service".into(), "<https://git.example.net/>".into()),
                (
                    "Status".into(),
                    "<https://status.example.com/?tid=17>".into()
                ),
            ])
        );
        // A label with nothing after it, and a line that is no item, are no label list.
        assert_eq!(bold_labels_read("- **Status:**\n- **Owner:** Ana\n"), None);
        assert_eq!(
            bold_labels_read("- **Owner:** Ana\nNot indented, not an item\n"),
            None
        );
        // A line break inside an item (pandoc's `\`) before another label, and a sub-item.
        assert_eq!(
            bold_labels_read("-   **Owner:** Ana\\\n    **Backup:** Ben\n"),
            None
        );
        assert_eq!(
            bold_labels_read("- **Steps:** do this\n    a. then that\n"),
            None
        );
    }
}
