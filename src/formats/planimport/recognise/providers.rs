//! Well-known providers a plan names in its sentences ("The site is hosted on Heroku, the
//! domain registered with 123-reg", "Our main channels (Slack and Google Mail) are
//! cloud-hosted", "the setup server is at Rackspace"): vendors the company depends on, though
//! no table lists them.
//!
//! A small company's suppliers are mostly the same few hundred services, and a plan names them
//! as everyone does; so this reading knows them by name, as a phone reading knows country
//! codes, and proposes each named one as a vendor (what it provides is said in the preview). A
//! name is taken only as written (capitals and all: "Slack", not "slack"), never one that is
//! also a common word ("Box", "Square", "Outlook"); it is a likely vendor when its sentence,
//! paragraph or heading says the company uses
//! it (hosted, runs on, stored, registered, e-mail, backups …), otherwise only inferred.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::*;

/// Providers: the names a plan may call each by, and what it provides.
const PROVIDERS: &[(&[&str], &str)] = &[
    (&["Amazon Web Services", "AWS", "Amazon"], "Cloud hosting"),
    (&["Microsoft Azure", "Azure"], "Cloud hosting"),
    (
        &["Google Cloud Platform", "Google Cloud", "GCP"],
        "Cloud hosting",
    ),
    (&["DigitalOcean", "Digital Ocean"], "Cloud hosting"),
    (&["Linode"], "Cloud hosting"),
    (&["Vultr"], "Cloud hosting"),
    (&["OVHcloud", "OVH"], "Cloud hosting"),
    (&["Hetzner"], "Cloud hosting"),
    (&["Scaleway"], "Cloud hosting"),
    (&["Rackspace"], "Cloud hosting"),
    (&["Bytemark"], "Cloud hosting"),
    (&["Heroku"], "Application hosting"),
    (&["Vercel"], "Application hosting"),
    (&["Netlify"], "Application hosting"),
    (&["Northflank"], "Application hosting"),
    (&["Fly.io"], "Application hosting"),
    (&["Cloudflare"], "CDN and DNS"),
    (&["Fastly"], "CDN"),
    (&["Akamai"], "CDN"),
    (&["Supabase"], "Database hosting"),
    (&["Firebase"], "Application backend"),
    (&["MongoDB Atlas"], "Database hosting"),
    (&["GitHub"], "Code hosting"),
    (&["GitLab"], "Code hosting"),
    (&["Bitbucket"], "Code hosting"),
    (&["GoDaddy"], "Domain registrar"),
    (&["Namecheap"], "Domain registrar"),
    (&["123-reg.co.uk", "123-reg", "123 Reg"], "Domain registrar"),
    (&["Gandi"], "Domain registrar"),
    (
        &["Google Workspace", "G Suite", "Google Mail", "Gmail"],
        "E-mail and documents",
    ),
    (
        &["Microsoft 365", "Office 365", "Exchange Online"],
        "E-mail and documents",
    ),
    (&["Slack"], "Team chat"),
    (&["Microsoft Teams"], "Team chat"),
    (&["Zoom"], "Video calls"),
    (&["Mailchimp"], "E-mail campaigns"),
    (&["SendGrid"], "E-mail delivery"),
    (&["Postmark"], "E-mail delivery"),
    (&["Mailgun"], "E-mail delivery"),
    (&["Twilio"], "Telephony and SMS"),
    (&["RingCentral"], "Telephony"),
    (&["Dropbox"], "File storage"),
    (&["Google Drive"], "File storage"),
    (&["OneDrive"], "File storage"),
    (&["Backblaze"], "Backup storage"),
    (&["Stripe"], "Payments"),
    (&["PayPal"], "Payments"),
    (&["GoCardless"], "Payments"),
    (&["Alipay"], "Payments"),
    (&["Xero"], "Accounting"),
    (&["QuickBooks"], "Accounting"),
    (&["FreeAgent"], "Accounting"),
    (&["Salesforce"], "CRM"),
    (&["HubSpot"], "CRM"),
    (&["Zendesk"], "Customer support"),
    (&["Intercom"], "Customer support"),
    (&["Freshdesk"], "Customer support"),
    (&["PagerDuty"], "On-call alerting"),
    (&["Opsgenie", "OpsGenie"], "On-call alerting"),
    (&["Datadog"], "Monitoring"),
    (&["Sentry"], "Error monitoring"),
    (&["StatusCake"], "Uptime monitoring"),
    (&["Statuspage", "StatusPage"], "Status page"),
    (
        &["Atlassian", "Jira", "Confluence"],
        "Project tracking and wiki",
    ),
    (&["Notion"], "Documents and wiki"),
    (&["Trello"], "Project tracking"),
    (&["Asana"], "Project tracking"),
    (&["Okta"], "Sign-in"),
    (&["Auth0"], "Sign-in"),
    (&["1Password"], "Password manager"),
    (&["LastPass"], "Password manager"),
    (&["Bitwarden"], "Password manager"),
    (&["Shopify"], "Online shop"),
    (&["Squarespace"], "Website hosting"),
    (&["WordPress.com"], "Website hosting"),
    (&["BambooHR"], "HR"),
    (&["Gusto"], "Payroll"),
    (&["Gumroad"], "Online sales"),
    (&["Paddle"], "Payments"),
    (&["PyPI"], "Package registry"),
    (&["npmjs.com", "npm registry"], "Package registry"),
    (&["crates.io"], "Package registry"),
    (&["Read the Docs", "ReadTheDocs"], "Documentation hosting"),
    (&["GitHub Pages"], "Website hosting"),
    (&["Equinix"], "Data centre"),
    (&["Interxion"], "Data centre"),
    (&["Libera.Chat", "Freenode"], "Chat network"),
    (&["Discord"], "Team chat"),
    (&["Mattermost"], "Team chat"),
    (&["Docker Hub", "DockerHub"], "Container registry"),
    (&["Miro"], "Online whiteboard"),
    (&["Figma"], "Design"),
    (&["Canva"], "Design"),
    (&["Airtable"], "Database and forms"),
    (&["Monday.com"], "Project tracking"),
    (&["ClickUp"], "Project tracking"),
    (&["Basecamp"], "Project tracking"),
    (&["Calendly"], "Scheduling"),
    (&["DocuSign"], "E-signatures"),
    (&["Typeform"], "Forms"),
    (&["SurveyMonkey"], "Surveys"),
    (&["Eventbrite"], "Event tickets"),
    (&["Wix"], "Website hosting"),
    (&["Webflow"], "Website hosting"),
    (&["Workday"], "HR"),
    (&["Personio"], "HR"),
    (&["Deel"], "Payroll"),
    (&["Expensify"], "Expenses"),
    (&["Pleo"], "Expenses"),
    (&["Revolut"], "Banking"),
    (&["Monzo"], "Banking"),
    (&["Twitter"], "Social media"),
    (&["Facebook"], "Social media"),
    (&["LinkedIn"], "Social media"),
    (&["Cloudinary"], "Media hosting"),
    (&["Vimeo"], "Video hosting"),
    (&["Zapier"], "Automation"),
];

/// Words of a sentence that say the company uses what it names.
const USES: &[&str] = &[
    "host",
    "hosted",
    "hosting",
    "hosts",
    "run",
    "runs",
    "running",
    "use",
    "uses",
    "used",
    "using",
    "store",
    "stored",
    "stores",
    "backup",
    "backups",
    "backed",
    "registered",
    "domain",
    "dns",
    "email",
    "e-mail",
    "mail",
    "server",
    "servers",
    "datacenter",
    "datacentre",
    "account",
    "accounts",
    "provider",
    "providers",
    "deployed",
    "deploy",
    "database",
    "channels",
    "channel",
    "via",
    "through",
    "relies",
    "rely",
    "depend",
    "depends",
    "subscription",
    "platform",
    // "The resources needed for maintaining pypdf are:" over "PyPI: pypdf".
    "resources",
    "needed",
    "through",
];

/// Providers by the first word of each of their names ("Google" → Google Cloud, Google
/// Workspace, Google Drive), so a line is searched only for the providers its words begin.
static BY_FIRST_WORD: LazyLock<HashMap<&'static str, Vec<usize>>> = LazyLock::new(|| {
    let mut by: HashMap<&'static str, Vec<usize>> = HashMap::new();
    for (i, (names, _)) in PROVIDERS.iter().enumerate() {
        for name in *names {
            let first = name
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or(name);
            let providers = by.entry(first).or_default();
            if !providers.contains(&i) {
                providers.push(i);
            }
        }
    }
    by
});

/// Whether a name holds a well-known provider's ("the incident-response Slack channel").
pub(crate) fn names_a_provider(name: &str) -> bool {
    !named_providers(name, "").is_empty()
}

/// The providers a text names, each once, as (the name as written, what it provides, the line
/// from 0, whether its sentence says it is used).
fn named_providers(text: &str, section: &str) -> Vec<(String, &'static str, usize, bool)> {
    crate::formats::planimport::memo::remembered(
        "providers.rs:named_providers",
        &crate::formats::planimport::memo::key_of(section, text),
        || named_providers_read(text, section),
    )
}

fn named_providers_read(text: &str, section: &str) -> Vec<(String, &'static str, usize, bool)> {
    let says_used = |t: &str| {
        t.to_lowercase()
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .any(|w| USES.contains(&w))
    };
    // The paragraph or list, or the heading over it ("Hosting providers"), says it too.
    let around = says_used(text) || says_used(section);
    let mut found: Vec<(String, &'static str, usize, bool)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut candidates: Vec<usize> = line
            .split(|c: char| !c.is_alphanumeric())
            .filter_map(|w| BY_FIRST_WORD.get(w))
            .flatten()
            .copied()
            .collect();
        if candidates.is_empty() {
            continue;
        }
        candidates.sort_unstable();
        candidates.dedup();
        let plain = normalise(line);
        let used = around || says_used(&plain);
        for (names, service) in candidates.into_iter().map(|c| &PROVIDERS[c]) {
            if found.iter().any(|(n, ..)| names.contains(&n.as_str())) {
                continue;
            }
            // The name the line gives first ("Amazon's … AWS" is "Amazon").
            let first = names
                .iter()
                .filter_map(|n| first_word_at(&plain, n).map(|at| (at, n)))
                .min_by_key(|(at, n)| (*at, usize::MAX - n.len()));
            if let Some((_, name)) = first {
                found.push((name.to_string(), service, i, used));
            }
        }
    }
    found
}

/// Where `text` first holds `name` as written, as a word of its own ("AWS", not "LAWS"; "Amazon's"
/// holds "Amazon").
fn first_word_at(text: &str, name: &str) -> Option<usize> {
    text.match_indices(name).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        let apart = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        // "Fly.io." ends a sentence; "GitHub.com" is the same provider.
        apart(before) && (apart(after) || after == Some('.') || after == Some('\''))
    })
}

/// Well-known providers the text blocks name (not the one whose plan it is, by its title `own`), after every other reading (a table or list of
/// vendors or dependencies that names one already made it): vendors, likely when the sentence,
/// its paragraph or its heading says they are used, otherwise inferred. Blocks the founder
/// corrected are read as they said.
pub(crate) fn providers_named_throughout(
    p: &mut Planner,
    blocks: &[Block],
    corrections: &Corrections,
    own: Option<&str>,
) {
    let vendor = kind_def("vendor");
    let previous = (p.confidence, p.block);
    vendors_of_systems(p);
    // The vendors and dependencies read already, by their titles' words.
    let mut read: Vec<String> = p
        .rows
        .iter()
        .filter(|(kind, ..)| ["vendor", "dependency"].contains(kind))
        .filter_map(|(kind, _, row)| row.get(kind_def(kind).title)?.as_str().map(words_key))
        .map(|t| format!(" {t} "))
        .collect();
    let mut section = String::new();
    for b in blocks {
        let (text, line, register) = match b {
            Block::Heading { title, .. } => {
                section = title.clone();
                continue;
            }
            Block::Text { text, line } if corrections.at(*line).is_none() => {
                (text.clone(), *line, false)
            }
            // A table of what the company runs on ("Asset | RTO", "System | Owner") names
            // the providers it uses in its rows.
            // (Not one read as vendors or systems already: its own reading placed each
            // provider it names, a backup provider in its vendor's notes.)
            Block::Table { table, line, .. }
                if corrections.at(*line).is_none() && !read_as_systems(p, *line) =>
            {
                let rows: Vec<String> = table.rows.iter().map(|r| r.join(" | ")).collect();
                (rows.join("\n"), *line, lists_what_is_used(&table.headers))
            }
            _ => continue,
        };
        p.block = line;
        for (name, service, offset, used) in named_providers(&text, &section) {
            // A provider's own plan ("GitHub SIRT description") names it as itself.
            if own.is_some_and(|t| first_word_at(t, &name).is_some()) {
                continue;
            }
            let (used, offset) = match register {
                true => (true, 0),
                false => (used, offset),
            };
            if read_already(&read, &name) {
                // Named first in passing, then where the plan says it uses it ("reported
                // through GitHub Security Advisories"): a likely vendor after all.
                if used && let Some(id) = upgraded(p, &name) {
                    p.confidence = Confidence::Likely;
                    depends_on(p, &name, &id, service, line + offset);
                }
                continue;
            }
            p.confidence = match used {
                true => Confidence::Likely,
                false => Confidence::Inferred,
            };
            let (id, new) = p.id_for(vendor, &name);
            // (What it provides is said in the preview only: a record holds only the plan's
            // words.)
            p.row(vendor, &id)
                .insert("name".into(), name.clone().into());
            let detail = format!("a well-known provider ({service}) named in the text");
            p.entry(line + offset, "vendor", &name, Some(&id), new, detail);
            read.push(format!(" {} ", words_key(&name)));
            // What the company uses it for is a system it depends on, run by that vendor
            // (the business impact view follows it): when the plan says it is used.
            if used {
                depends_on(p, &name, &id, service, line + offset);
            }
        }
    }
    (p.confidence, p.block) = previous;
}

/// Systems a table or list gave already that are well-known providers by name ("Slack",
/// "AWS", "Xero" in a "System | Workaround | Support" table) and no vendor runs: each run by
/// that provider, proposed as a vendor too (the company's supplier of it).
fn vendors_of_systems(p: &mut Planner) {
    let vendor = kind_def("vendor");
    let systems: Vec<(String, String, usize)> = p
        .report
        .entries
        .iter()
        .filter(|e| e.kind == "dependency" && e.confidence != Confidence::Inferred)
        .filter_map(|e| Some((e.id.clone()?, e.title.clone(), e.line)))
        .collect();
    for (system, name, line) in systems {
        let provider = named_providers(&name, "")
            .into_iter()
            // ("Atlassian Cloud" is Atlassian's.)
            .find(|(named, ..)| name == *named || name.starts_with(&format!("{named} ")));
        let row = p.row(kind_def("dependency"), &system);
        // ("| Slack | Retired | Replaced by Teams in 2022 |": no longer used.)
        let retired = row.values().filter_map(|v| v.as_str()).any(|v| {
            let v = v.to_lowercase();
            [
                "retired",
                "not used",
                "no longer",
                "replaced by",
                "decommission",
                "blocked",
                "deprecated",
                "discontinued",
                "cancelled",
            ]
            .iter()
            .any(|w| v.contains(w))
        });
        let run_by = row.contains_key("vendor") || retired;
        let Some((_, service, ..)) = provider.filter(|_| !run_by) else {
            continue;
        };
        if p.already_read(vendor, &name) {
            continue;
        }
        let previous = p.confidence;
        p.confidence = Confidence::Likely;
        let (id, new) = p.id_for(vendor, &name);
        p.row(vendor, &id)
            .insert("name".into(), name.clone().into());
        let detail = format!("a well-known provider ({service}) of a system the plan lists");
        p.entry(line, "vendor", &name, Some(&id), new, detail);
        p.row(kind_def("dependency"), &system)
            .insert("vendor".into(), id.into());
        p.confidence = previous;
    }
}

/// The id of the vendor `name` proposed as a guess (inferred), now made likely; none when
/// there is none such.
fn upgraded(p: &mut Planner, name: &str) -> Option<String> {
    let e =
        p.report.entries.iter_mut().find(|e| {
            e.kind == "vendor" && e.title == name && e.confidence == Confidence::Inferred
        })?;
    e.confidence = Confidence::Likely;
    e.detail.push_str(", said to be used further on");
    e.id.clone()
}

/// Whether the block at `line` gave vendors or dependencies already.
fn read_as_systems(p: &Planner, line: usize) -> bool {
    p.report
        .entries
        .iter()
        .any(|e| e.block == line && ["vendor", "dependency"].contains(&e.kind.as_str()))
}

/// Whether a table's headers say its rows are what the company runs on: assets, systems,
/// services, tools, with their recovery objectives or owners.
fn lists_what_is_used(headers: &[String]) -> bool {
    headers.iter().any(|h| {
        normalise(h)
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| {
                [
                    "asset",
                    "assets",
                    "system",
                    "systems",
                    "service",
                    "services",
                    "tool",
                    "tools",
                    "application",
                    "applications",
                    "platform",
                    "rto",
                    "dependency",
                ]
                .contains(&w)
            })
    })
}

/// The dependency on a provider a plan says it uses: the system named as the plan names it,
/// run by the vendor `vendor_id`.
fn depends_on(p: &mut Planner, name: &str, vendor_id: &str, service: &str, line: usize) {
    let dependency = kind_def("dependency");
    let (id, new) = p.id_for(dependency, name);
    let row = p.row(dependency, &id);
    row.insert("system".into(), name.into());
    row.insert("vendor".into(), vendor_id.into());
    let detail = format!("a well-known provider ({service}) the plan says it uses");
    p.entry(line, "dependency", name, Some(&id), new, detail);
}

/// Whether a vendor or dependency read already (`read`: their titles' words, spaced) is the
/// provider called `name` (by any of its names, or within its title: "GitHub Security", "AWS
/// CloudFront").
fn read_already(read: &[String], name: &str) -> bool {
    let names = PROVIDERS
        .iter()
        .find(|(names, _)| names.contains(&name))
        .map_or(&[][..], |(names, _)| *names);
    names.iter().any(|n| {
        let n = format!(" {} ", words_key(n));
        read.iter().any(|t| t.contains(&n))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn providers_are_named_as_written_and_once() {
        let found = named_providers(
            "The site is hosted on Heroku; the domain is registered with 123-reg.co.uk.\nOur channels (Slack and Google Mail) are global.\nAmazon's Irish datacenter went down; AWS was slow.\nThe LAWS of slack water say little.",
            "Overview",
        );
        let names: Vec<(&str, bool)> = found.iter().map(|(n, _, _, u)| (n.as_str(), *u)).collect();
        assert_eq!(
            names,
            [
                ("Heroku", true),
                ("123-reg.co.uk", true),
                ("Google Mail", true),
                ("Slack", true),
                ("Amazon", true)
            ]
        );
        assert!(named_providers("Zoomed in on the Stripes.", "Hosting").is_empty());
        // Said of the paragraph or its heading, not of the line.
        let listed = named_providers("- Bytemark (s001)\n- Linode", "Servers");
        assert!(listed.iter().all(|(.., used)| *used));
        let mentioned = named_providers("Like Netflix and Zoom, we grew fast.", "History");
        assert_eq!(mentioned.len(), 1);
        assert!(!mentioned[0].3);
    }
}
