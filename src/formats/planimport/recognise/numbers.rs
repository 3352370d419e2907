//! Every number or address in the text is someone to reach. The readings before this one find
//! contacts by the shape of a list or a sentence; a number they leave is named here by the
//! nearest evidence, in order:
//!
//! 1. the name written just before it ("Luskin Center general information — 310-206-8585",
//!    "Beverly Hills Cab Company: 800-273-6611 • L.A. Yellow Cab: 424-222-2222");
//! 2. a proper name earlier in the line when the number is only labelled as a phone ("Our nearest
//!    doctor is Sedbergh Medical Centre, Station Road, … Phone 01539 718191");
//! 3. the name the line starts with, before its first colon ("ACLU Southern California Chapter:
//!    Request legal help • 213-977-9500");
//! 4. the block's first line when it is a name and the number only a kind of line ("Ronald Reagan
//!    UCLA Medical Center" over "Emergency Department: 310-825-2111");
//! 5. the heading of a short section the number sits in ("UCLA Police Department" over
//!    "Emergency: 911 • Non-emergency: 310-825-1491").
//!
//! All the numbers a block gives one name go to one contact; a firm that does a trade is a
//! vendor.

use super::*;

/// Words that say what kind of line a number is, not whose: "Phone", "Non-emergency",
/// "Emergency Department", "Anonymous reporting line", "24 hours".
const LINE_WORDS: &[&str] = &[
    "phone",
    "telephone",
    "tel",
    "mobile",
    "cell",
    "cellphone",
    "fax",
    "office",
    "work",
    "home",
    "main",
    "landline",
    "direct",
    "switchboard",
    "emergency",
    "emergencies",
    "non-emergency",
    "nonemergency",
    "urgent",
    "department",
    "after",
    "out",
    "of",
    "hours",
    "24",
    "24/7",
    "number",
    "no",
    "line",
    "reporting",
    "anonymous",
    "general",
    "enquiries",
    "inquiries",
    "text",
    "sms",
    "whatsapp",
    "email",
    "e-mail",
    "mail",
    "contact",
    "or",
    "and",
    "call",
    "dial",
    "ring",
    // "Kindly email …", "Please call …": politeness names no one.
    "kindly",
    "please",
    "on",
    "at",
    "via",
    "visit",
    "the",
    "helpline",
    "hotline",
    "free",
    "toll-free",
    "freephone",
    "address",
    "addresses",
    "electronic",
    "postal",
];

/// Words that make a run of text a sentence rather than a name.
const SENTENCE_WORDS: &[&str] = &[
    "is", "are", "was", "be", "you", "your", "we", "our", "can", "will", "should", "must",
    "please", "if", "when", "to", "who", "which", "that", "this", "it", "us", "me", "them",
];

/// Small words a name may hold between its capitalised words ("Bureau of Investigation").
const JOINERS: &[&str] = &[
    "of", "and", "&", "for", "the", "de", "du", "la", "on", "upon",
];

impl Planner<'_> {
    /// Contacts for the numbers and addresses in a block of text that no reading before this
    /// one took, each named by the nearest evidence (see the module's notes).
    pub(crate) fn contacts_by_number(&mut self, text: &str, first_line: usize, section: &str) {
        let digits = text.bytes().filter(u8::is_ascii_digit).count();
        if digits < 3 && !text.contains('@') {
            return;
        }
        let lines: Vec<String> = text.lines().map(plain).collect();
        if lines.iter().all(|l| addresses(l).is_empty()) {
            return;
        }
        let block = Evidence::of(text, &lines, section);
        let mut found: Vec<(String, Vec<String>, usize)> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with('|') {
                continue;
            }
            let lead = line
                .split_once(": ")
                .map(|(l, _)| l.trim())
                .filter(|l| is_a_name(l));
            for segment in line.split(['•', '·', ';']).map(str::trim) {
                for (at, address) in addresses(segment) {
                    if self.reached(&address) {
                        continue;
                    }
                    let before = &segment[..at];
                    if address.len() <= 3 {
                        // "Emergency: 911": the public number, named as the readings of
                        // sentences name it.
                        let name = named_before(before)
                            .unwrap_or_else(|| format!("Emergency services ({address})"));
                        add(&mut found, name, address, first_line + i);
                        continue;
                    }
                    let name = named_before(before)
                        .or_else(|| proper_name_before(before))
                        .or_else(|| lead.filter(|_| only_line_words(before)).map(str::to_string))
                        .or_else(|| person_above(&lines, i).filter(|_| only_line_words(before)))
                        .or_else(|| block.name());
                    if let Some(name) = name {
                        add(&mut found, name, address, first_line + i);
                    }
                }
            }
        }
        for (name, addresses, line) in found {
            let name = without_calling_verb(&name);
            let firm = block
                .named
                .as_ref()
                .is_some_and(|(n, firm)| *firm && words_key(n) == words_key(&name));
            self.reach_by_number(&name, &addresses, line, firm);
        }
    }

    /// Whether a contact or vendor this import made or updated already holds `address`.
    fn reached(&self, address: &str) -> bool {
        let key = address_key(address);
        self.rows
            .iter()
            .filter(|(kind, _, _)| ["contact", "vendor"].contains(kind))
            .flat_map(|(_, _, row)| row.values())
            .any(|v| match v {
                serde_json::Value::String(s) => address_key(s) == key,
                serde_json::Value::Array(all) => all
                    .iter()
                    .any(|s| s.as_str().is_some_and(|s| address_key(s) == key)),
                _ => false,
            })
    }

    /// The contact (or, for a firm, the vendor) `name`, given `addresses`.
    fn reach_by_number(&mut self, name: &str, addresses: &[String], line: usize, firm: bool) {
        let kind = if firm || reach::is_a_firm(name) {
            kind_def("vendor")
        } else {
            kind_def("contact")
        };
        let made = self.already_read(kind, name);
        let (id, new) = match made.then(|| self.lookup(kind.name, name)).flatten() {
            Some(id) => (id.clone(), self.made.contains(&id)),
            None => self.id_for(kind, name),
        };
        let (emails, phones): (Vec<&String>, Vec<&String>) =
            addresses.iter().partition(|a| a.contains('@'));
        let row = self.row(kind, &id);
        row.entry("name".to_string()).or_insert_with(|| name.into());
        if kind.name == "vendor" {
            if let Some(phone) = phones.first() {
                row.entry("support_phone".to_string())
                    .or_insert_with(|| phone.as_str().into());
            }
            if let Some(email) = emails.first() {
                row.entry("support_email".to_string())
                    .or_insert_with(|| email.as_str().into());
            }
        } else {
            for (field, more) in [("phones", phones), ("emails", emails)] {
                if more.is_empty() {
                    continue;
                }
                let all = row
                    .entry(field.to_string())
                    .or_insert_with(|| serde_json::json!([]));
                if let serde_json::Value::Array(all) = all {
                    all.extend(more.into_iter().map(|a| serde_json::json!(a)));
                }
            }
        }
        if !made {
            self.entry(
                line,
                kind.name,
                name,
                Some(&id),
                new,
                "a number or address in the text, named by the words nearest it".into(),
            );
        }
    }
}

/// The name a form's line gives ("Company: Acme Mutual", "Name: Jo Bloggs"), and whether it
/// names a firm.
fn named_by_label(line: &str) -> Option<(String, bool)> {
    let (label, value) = line.split_once(':')?;
    let label = bare(label);
    let firm = [
        "company",
        "organisation",
        "organization",
        "provider",
        "supplier",
        "vendor",
        "firm",
        "business",
        "insurer",
    ]
    .contains(&label.as_str());
    let person = ["name", "contact name", "contact"].contains(&label.as_str());
    let value = value.trim();
    ((firm || person) && is_a_name(value) && addresses(value).is_empty())
        .then(|| (value.to_string(), firm))
}

/// What names the numbers of a block that say nothing of whom they reach themselves.
struct Evidence {
    /// A form's line naming whom the block is about ("Company: Acme Mutual"), and whether it
    /// names a firm.
    named: Option<(String, bool)>,
    /// The block's first line, when it names whom the lines under it reach (not the first item
    /// of a list: that is one of many).
    subject: Option<String>,
    /// The heading, when the block is short enough to be all about what it names.
    heading: Option<String>,
}

impl Evidence {
    fn of(text: &str, lines: &[String], section: &str) -> Evidence {
        let said: Vec<&str> = lines
            .iter()
            .map(String::as_str)
            .filter(|l| !l.is_empty())
            .collect();
        let in_a_list = text
            .lines()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| list_item(l).is_some());
        let subject = said
            .first()
            .filter(|l| said.len() >= 2 && !in_a_list && addresses(l).is_empty())
            .map(|l| l.trim_end_matches(':'))
            // "Directions: 4434 Frontier Trail": a label and what it says, no name.
            .filter(|l| !l.contains(": ") && is_a_name(l))
            .map(str::to_string);
        let words = said
            .iter()
            .map(|l| l.split_whitespace().count())
            .sum::<usize>();
        let heading = normalise(section);
        let heading = without_aside(&heading);
        let heading = (said.len() <= 6
            && words <= 90
            && is_a_name(heading)
            && is_titled(heading)
            && !is_a_topic(heading))
        .then(|| heading.to_string());
        Evidence {
            named: lines.iter().find_map(|l| named_by_label(l)),
            subject,
            heading,
        }
    }

    /// The name the block gives, in order of how near it is to the numbers.
    fn name(&self) -> Option<String> {
        self.named
            .as_ref()
            .map(|(name, _)| name.clone())
            .or_else(|| self.subject.clone())
            .or_else(|| self.heading.clone())
    }
}

/// Adds `address` to what `found` gives `name`.
fn add(found: &mut Vec<(String, Vec<String>, usize)>, name: String, address: String, line: usize) {
    match found
        .iter_mut()
        .find(|(n, _, _)| words_key(n) == words_key(&name))
    {
        // ("512-982-0535" and the same number in its "tel:" link are one.)
        Some((_, all, _)) if !all.iter().any(|a| address_key(a) == address_key(&address)) => {
            all.push(address)
        }
        Some(_) => {}
        None => found.push((name, vec![address], line)),
    }
}

/// A line as this reading reads it: no list marker, markup, tags, link targets or pictographs
/// (but, unlike [`normalise`], leading digits kept: they may be the number).
fn plain(line: &str) -> String {
    crate::formats::planimport::memo::remembered("numbers.rs:plain", line, || plain_read(line))
}

fn plain_read(line: &str) -> String {
    let line = list_item(line).unwrap_or(line);
    let line = reach::without_tags(line);
    let line = without_link_targets(&line).0;
    line.chars()
        .filter(|c| !is_pictograph(*c))
        .map(|c| if matches!(c, '*' | '`' | '_') { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The phone numbers and e-mail addresses a segment holds, with where each starts; a public
/// short number only right after a label's colon ("Emergency: 911").
fn addresses(segment: &str) -> Vec<(usize, String)> {
    crate::formats::planimport::memo::remembered("numbers.rs:addresses", segment, || {
        addresses_read(segment)
    })
}

fn addresses_read(segment: &str) -> Vec<(usize, String)> {
    let contact = kind_def("contact");
    let (Ok(phones), Ok(emails)) = (
        contact.require_field("phones"),
        contact.require_field("emails"),
    ) else {
        return Vec::new();
    };
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut from = 0;
    for run in phone_runs(segment) {
        // "(tel:512-982-0535)": the bracket closing the link is no part of the number.
        let run = match run.strip_suffix(')') {
            Some(r) if !r.contains('(') => r.to_string(),
            _ => run,
        };
        if let Some(at) = segment[from..].find(&run).map(|k| k + from)
            && phones.parse(&run, &NoReferences).is_ok()
        {
            from = at + run.len();
            out.push((at, run));
        }
    }
    let mut offset = 0;
    for token in segment
        .split_inclusive(|c: char| c.is_whitespace() || matches!(c, ',' | '<' | '>' | '(' | ')'))
    {
        let word = token.trim_matches(|c: char| !c.is_alphanumeric());
        if word.contains('@') && emails.parse(word, &NoReferences).is_ok() {
            out.push((offset + token.find(word).unwrap_or(0), word.to_string()));
        }
        offset += token.len();
    }
    if let Some((_, after)) = segment.split_once(": ")
        && let Some(short) = reach::short_number_at(after.trim_start())
    {
        out.push((segment.len() - after.len(), short.to_string()));
    }
    out.sort_by_key(|(at, _)| *at);
    out
}

/// What makes two writings of one address the same: a phone's digits, an e-mail in lower case.
fn address_key(address: &str) -> String {
    if address.contains('@') {
        address.trim().to_lowercase()
    } else {
        address.chars().filter(char::is_ascii_digit).collect()
    }
}

/// The name written just before a number: the text before it, without the separators and
/// line words between ("Beverly Hills Cab Company:", "Luskin Center general information —").
fn named_before(before: &str) -> Option<String> {
    let before = after_a_question(before);
    let words: Vec<&str> = before.split_whitespace().collect();
    let keep = words
        .iter()
        .rposition(|w| {
            let bare = bare(w);
            !bare.is_empty() && !LINE_WORDS.contains(&bare.as_str())
        })
        .map_or(0, |k| k + 1);
    let name = words[..keep]
        .join(" ")
        .trim_matches(|c: char| !(c.is_alphanumeric() || c == ')' || c == '.'))
        .to_string();
    // Only the part after a colon that ends a label of its own ("ACLU: Request legal help").
    (is_a_name(&name) && !name.contains(": ")).then_some(name)
}

/// The words after the last question or exclamation ("More questions? Email us at"): only
/// they can name what follows.
fn after_a_question(before: &str) -> &str {
    before
        .rfind(['?', '!'])
        .map_or(before, |at| &before[at + 1..])
}

/// A proper name earlier in the line, when the words just before the number say only that it
/// is a phone ("… is Sedbergh Medical Centre, Station Road, Sedbergh, LA10 5DL Phone").
fn proper_name_before(before: &str) -> Option<String> {
    let before = after_a_question(before);
    let last = before.split_whitespace().last().map(bare)?;
    if !LINE_WORDS.contains(&last.as_str()) && !["t", "ph"].contains(&last.as_str()) {
        return None;
    }
    let mut run: Vec<&str> = Vec::new();
    for w in before.split_whitespace() {
        let word = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
        let ends = w.ends_with([',', '.', ';', ':', '(', ')']);
        let capital =
            word.starts_with(char::is_uppercase) && !word.chars().any(|c| c.is_ascii_digit());
        let joiner = !run.is_empty() && JOINERS.contains(&word.to_lowercase().as_str());
        if capital || joiner {
            run.push(word);
        }
        if !(capital || joiner) || ends {
            while run
                .last()
                .is_some_and(|w| JOINERS.contains(&w.to_lowercase().as_str()))
            {
                run.pop();
            }
            if run.len() >= 2 && !only_line_words(&run.join(" ")) {
                return Some(run.join(" "));
            }
            run.clear();
        }
    }
    None
}

/// The person a contact block names on a line of its own just above the address, in the same
/// run of lines ("*Sade Shafer*" over her department over her e-mail), when the block holds
/// several people: each address goes to the name nearest above it.
fn person_above(lines: &[String], i: usize) -> Option<String> {
    (i.saturating_sub(2)..i)
        .rev()
        .take_while(|&k| !lines[k].trim().is_empty())
        .map(|k| {
            lines[k]
                .trim()
                .trim_matches(|c: char| "*_".contains(c))
                .trim()
        })
        .find(|l| prose::is_name(l) && addresses(l).is_empty())
        .map(str::to_string)
}

/// A name without the verb of calling a step opens with ("Call the EH&S hotline … at": the
/// EH&S hotline is whom it reaches).
fn without_calling_verb(name: &str) -> String {
    let Some((verb, rest)) = name.split_once(' ') else {
        return name.to_string();
    };
    let calling = [
        "call", "contact", "phone", "ring", "dial", "email", "e-mail", "text",
    ]
    .contains(&verb.to_lowercase().as_str());
    let rest = ["the ", "our ", "your "]
        .iter()
        .find_map(|a| rest.strip_prefix(a))
        .unwrap_or(rest);
    match calling && !rest.trim().is_empty() {
        true => rest.trim().to_string(),
        false => name.to_string(),
    }
}

/// Whether words read as the name of someone to reach: one to eight words, the first
/// capitalised, at least half of them capitalised (or with digits, "Code4Lib 2017"), no
/// sentence words, not only line words, not a blank and not a form's label.
fn is_a_name(text: &str) -> bool {
    crate::formats::planimport::memo::remembered("numbers.rs:is_a_name", text, || {
        is_a_name_read(text)
    })
}

fn is_a_name_read(text: &str) -> bool {
    let words: Vec<String> = text.split_whitespace().map(bare).collect();
    let content: Vec<&String> = words
        .iter()
        .filter(|w| !w.is_empty() && !JOINERS.contains(&w.as_str()))
        .collect();
    let capitals = text
        .split_whitespace()
        .filter(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        })
        .count();
    (1..=8).contains(&words.len())
        && text.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        && text.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && capitals * 2 >= content.len()
        && !text.contains('@')
        // ("Medical FAQs More questions? Email us": a question inside is a sentence.)
        && !text.contains(['?', '!'])
        && !text.ends_with('.')
        && !words.iter().any(|w| SENTENCE_WORDS.contains(&w.as_str()))
        && !only_line_words(text)
        && !is_placeholder(text)
        && !KINDS.iter().any(|k| header_field(k, text).is_some())
}

/// Whether all the words say only what kind of line a number is ("Non-emergency", "Phone").
fn only_line_words(text: &str) -> bool {
    text.split_whitespace()
        .map(bare)
        .filter(|w| !w.is_empty())
        .all(|w| LINE_WORDS.contains(&w.as_str()))
}

/// A heading without its aside: "Duty Officers (Code of Conduct)" is "Duty Officers".
fn without_aside(heading: &str) -> &str {
    match heading.find(" (") {
        Some(at) if heading.ends_with(')') && at > 0 => &heading[..at],
        _ => heading,
    }
}

/// Whether a heading is written as a name is: two words or more, each capitalised but the
/// small ones between ("Rape Treatment Center at Santa Monica", not "Insurance").
fn is_titled(heading: &str) -> bool {
    let content: Vec<&str> = heading
        .split_whitespace()
        // ("Specialty & Emergency Hospital": a mark between words is no word.)
        .filter(|w| w.chars().any(char::is_alphanumeric) && !JOINERS.contains(&bare(w).as_str()))
        .collect();
    content.len() >= 2
        && content
            .iter()
            .all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
}

/// Whether a heading names a topic or a list ("Detection and reporting", "Communication
/// channels", "Emergency contacts", "Useful numbers") rather than whom its numbers reach
/// ("UCLA Police Department", "Duty Officers").
fn is_a_topic(heading: &str) -> bool {
    heading.split_whitespace().map(bare).any(|w| {
        w.ends_with("ing")
            || w.ends_with("ion")
            || w.ends_with("ions")
            || [
                "contacts",
                "numbers",
                "contact",
                "details",
                "information",
                "info",
                "list",
                "directory",
                "resources",
                "introduction",
                "appendix",
                "channels",
                "procedures",
                "procedure",
                "plan",
                "policy",
                "overview",
                "steps",
                "roles",
                "responsibilities",
                "actions",
                "summary",
                "purpose",
                "scope",
                "process",
            ]
            .contains(&w.as_str())
    })
}

/// A word in lower case without the punctuation around it.
fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !(c.is_alphanumeric() || c == '/' || c == '-'))
        .trim_matches('-')
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_calling_someone_names_whom_it_calls_not_the_verb() {
        assert_eq!(without_calling_verb("Call the EH&S"), "EH&S");
        assert_eq!(
            without_calling_verb("Contact Jenny Scholes"),
            "Jenny Scholes"
        );
        assert_eq!(without_calling_verb("Callum Reid"), "Callum Reid");
        assert_eq!(without_calling_verb("Call"), "Call");
    }

    /// The contacts (and vendors) a Markdown plan gives, as "name=phones+emails".
    fn reached(text: &str) -> Vec<String> {
        let mut n = 0;
        let mut ids = |k: &'static KindDef| {
            n += 1;
            format!("{}-{n}", k.name)
        };
        let p = plan(
            &source::read::read(text, Format::Markdown),
            Format::Markdown,
            &[],
            &mut ids,
        );
        let mut out = Vec::new();
        for kind in ["contact", "vendor"] {
            for row in p.records.get(kind).into_iter().flatten() {
                let mut all = Vec::new();
                for field in ["phones", "emails", "support_phone", "support_email"] {
                    match row.get(field) {
                        Some(serde_json::Value::Array(a)) => {
                            all.extend(a.iter().filter_map(|v| v.as_str().map(str::to_string)))
                        }
                        Some(serde_json::Value::String(s)) => all.push(s.clone()),
                        _ => {}
                    }
                }
                let name = row.get("name").and_then(|v| v.as_str()).unwrap_or("");
                out.push(format!("{kind}:{name}={}", all.join("+")));
            }
        }
        out.sort();
        out
    }

    #[test]
    fn a_web_page_names_its_numbers_by_the_heading_over_them() {
        // Lines styled as headings under each hospital: where it is and its number.
        let page = "# Emergency Care\n\n\
            ## Veterinary Specialty & Emergency Hospital\n\n\
            ### Directions: 301 Chisholm Trail, Round Rock\n\n\
            ### [512-982-0535](tel:512-982-0535)\n\n\
            ## Questions?\n\n\
            Medical FAQs. More questions? Email us at info@example.org\n";
        assert_eq!(
            reached(page),
            ["contact:Veterinary Specialty & Emergency Hospital=512-982-0535"]
        );
    }

    #[test]
    fn every_number_is_named_by_the_nearest_evidence() {
        let page = "# Emergency resources\n\n\
            ## UCLA Police Department\n\n\
            Emergency: 911 • Non-emergency: 310-825-1491 • Anonymous reporting line 310-794-5824\n\n\
            ## Hospital\n\n\
            Ronald Reagan Medical Center\n\
            Emergency Department: 310-825-2111\n\n\
            ## Taxis\n\n\
            Beverly Hills Cab: 800-273-6611 • L.A. Yellow Cab: 424-222-2222\n\n\
            ## Nearby\n\n\
            Our nearest doctor is Sedbergh Medical Centre, Station Road, Sedbergh, LA10 5DL Phone 01539 718191\n\n\
            - Luskin Center general information — 310-206-8585\n\n\
            ## Insurer\n\n\
            - Company: Acme Mutual\n\
            - Telephone: +44 161 496 0500\n\n\
            ## Opening hours\n\n\
            - 30 minutes 0900 - 2100 Eastern Time\n\n\
            ## Insurance\n\n\
            We are looking at cover; write to ops@example.com for the quotes.\n";
        assert_eq!(
            reached(page),
            [
                "contact:Beverly Hills Cab=800-273-6611",
                "contact:Emergency services (911)=911",
                "contact:L.A. Yellow Cab=424-222-2222",
                "contact:Luskin Center general information=310-206-8585",
                "contact:Ronald Reagan Medical Center=310-825-2111",
                "contact:Sedbergh Medical Centre=01539 718191",
                "contact:UCLA Police Department=310-825-1491+310-794-5824",
                // The mailbox the plan says to write to, named by its address.
                "contact:ops@example.com=ops@example.com",
                "vendor:Acme Mutual=+44 161 496 0500",
            ]
        );
    }

    #[test]
    fn names_and_line_words() {
        for name in [
            "Beverly Hills Cab Company",
            "Luskin Center general information",
            "Code4Lib 2017 general assistance",
            "UCLA Police Department",
            "L.A. Yellow Cab",
        ] {
            assert!(is_a_name(name), "{name}");
        }
        for not in [
            "Non-emergency",
            "Anonymous reporting line",
            "Emergency Department",
            "Phone",
            "To contact a Duty Officer, you can",
            "Medical and counseling services available 24 hours a day.",
        ] {
            assert!(!is_a_name(not), "{not}");
        }
        assert_eq!(
            named_before("Beverly Hills Cab Company: ").as_deref(),
            Some("Beverly Hills Cab Company")
        );
        assert_eq!(named_before("Non-emergency: "), None);
        assert_eq!(
            proper_name_before(
                "Our nearest doctor is Sedbergh Medical Centre, Station Road, Sedbergh, LA10 5DL Phone "
            )
            .as_deref(),
            Some("Sedbergh Medical Centre")
        );
        assert_eq!(
            addresses("Emergency: 911 ")
                .into_iter()
                .map(|(_, a)| a)
                .collect::<Vec<_>>(),
            ["911"]
        );
    }
}
