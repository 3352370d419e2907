//! Contacts said only in sentences: "e-mail the board at board@x.org", "call our landlord on
//! 0161 974 3232" — named by what the sentence calls them. An address the sentence sends
//! something straight to ("please write to security@x.org") is a mailbox, named by its address;
//! one that only says where the writer is ("contact us at info@x.org") makes no contact.

use super::*;

/// The verbs that say someone is reached, and the words between the name and the address.
const VERBS: &[&str] = &[
    "e-mail", "email", "call", "phone", "ring", "text", "contact", "write to", "dial", "dialling",
    "dialing",
];

/// Public numbers of three digits a plan tells people to call: emergency services (999, 911,
/// 112, 000) and the non-emergency lines beside them (111, 101).
const SHORT_NUMBERS: &[&str] = &["999", "911", "112", "000", "111", "101", "110", "119"];
const BEFORE_ADDRESS: &[&str] = &["at", "on", "via", "using"];

/// The lines of a text drawn into the units a sentence may run over: a paragraph or a list
/// item with the lines it wraps onto ("reports the vulnerability\n  privately to x@y.org"), as
/// (its first line, its words on one line). Table rows are left out.
pub(crate) fn wrapped_units(lines: &[&str]) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut open = false;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('|') || t.starts_with('#') {
            open = false;
            continue;
        }
        let joins = open && list_item(line).is_none();
        match out.last_mut() {
            Some((_, unit)) if joins => {
                unit.push(' ');
                unit.push_str(t);
            }
            _ => out.push((i, line.to_string())),
        }
        open = true;
    }
    out
}

/// (name, address) pairs said in a line: "Email the board at board@x.org" → ("Board",
/// "board@x.org").
pub(crate) fn reached_in(line: &str) -> Vec<(String, String)> {
    crate::formats::planimport::memo::remembered("reach.rs:reached_in", line, || {
        reached_in_read(line)
    })
}

fn reached_in_read(line: &str) -> Vec<(String, String)> {
    // Raw HTML in a Markdown page ("<p><strong>Call 911 …</strong></p>"): the tags are no words.
    let text = normalise(&without_tags(line));
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let address = w.trim_matches(|c: char| !(c.is_alphanumeric() || c == '+'));
        // "distros@openwall.org[1]": an address ends where its characters do.
        let address = match address
            .find(|c: char| !(c.is_alphanumeric() || ['.', '_', '-', '+', '@', '%'].contains(&c)))
        {
            Some(end) if address[..end].contains('@') => address[..end].trim_end_matches('.'),
            _ => address,
        };
        let is_email = address.contains('@') && address.contains('.');
        // A phone number may run over several words: "0161 974 3232".
        let starts_a_number = address.starts_with(|c: char| c.is_ascii_digit() || c == '+');
        let phone = starts_a_number
            .then(|| phone_runs(&words[i..(i + 6).min(words.len())].join(" ")))
            .and_then(|runs| runs.into_iter().next())
            .filter(|p| {
                p.trim_start_matches(['(', '+'])
                    .starts_with(address.trim_start_matches('+'))
            });
        if !is_email && SHORT_NUMBERS.contains(&address) && phone.is_none() {
            if let Some(found) = short_number_called(&words, i, address) {
                out.push(found);
            }
            continue;
        }
        if !is_email && phone.is_none() {
            if let Some(found) = extension_called(&words, i, address) {
                out.push(found);
            }
            continue;
        }
        let Some(address) = (if is_email {
            Some(address.to_string())
        } else {
            phone
        }) else {
            continue;
        };
        // (The words just before it: a sentence wrapped over many lines is read whole, but
        // what names the address is close to it.)
        let before = &words[i.saturating_sub(40)..i];
        if let Some(name) = whom(before) {
            out.push((name, address));
        } else if is_email && written_to(before) {
            // "please write to security@x.org", "send reports to it@x.org": the mailbox is
            // whom it reaches, named by its address.
            out.push((address.clone(), address));
        }
    }
    out
}

/// An internal extension a sentence calls (three to five digits): "call Control Puerta at
/// extension 434", "call Security on 44444", "call 440 to the Mountain Assistant", as (whom,
/// the extension).
fn extension_called(words: &[&str], i: usize, number: &str) -> Option<(String, String)> {
    if !(3..=5).contains(&number.len()) || !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let before = i.checked_sub(1).map(|k| bare(words[k]));
    // ("call the Creche on 1040, or First Aid on 1090": the verb reaches the series.)
    let calling = words[i.saturating_sub(12)..i]
        .iter()
        .any(|w| ["call", "phone", "ring", "dial", "contact"].contains(&bare(w).as_str()));
    if !calling {
        return None;
    }
    // "at extension 434": whom the words before "extension" name.
    if let Some("extension" | "ext" | "x") = before.as_deref() {
        return whom(&words[..i - 1]).map(|n| (n, number.to_string()));
    }
    // "call Security on 44444" — not "call a meeting at 0900", a time.
    if before.as_deref() == Some("on")
        && let Some(name) = whom(&words[..i])
    {
        return Some((name, number.to_string()));
    }
    // "call 440 to the Mountain Assistant": the capitalised words after "to (the)".
    if before.as_deref() == Some("call") && words.get(i + 1).is_some_and(|w| bare(w) == "to") {
        let name: Vec<&str> = words[i + 2..]
            .iter()
            .copied()
            .skip_while(|w| ["the", "your", "our"].contains(&bare(w).as_str()))
            .take_while(|w| w.starts_with(char::is_uppercase))
            .map(|w| w.trim_end_matches(['.', ',', ';', ':']))
            .take(4)
            .collect();
        return (!name.is_empty()).then(|| (name.join(" "), number.to_string()));
    }
    None
}

/// Whether the words before an address send something straight to it, or ask something of
/// it: "write to", "reports the vulnerability privately to", "request a CVE number from",
/// "e-mail", "mail" just before it (not "contact us at").
fn written_to(words: &[&str]) -> bool {
    // "Email: info@acme.com" is a label over the writer's own address.
    if words.last().is_some_and(|w| w.ends_with(':')) {
        return false;
    }
    let lower: Vec<String> = words
        .iter()
        .rev()
        .take(7)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase()
        })
        .collect();
    // "reports", "reported", "sending", "requests" all say the verb.
    let sends = |w: &str, verbs: &[&str]| {
        verbs.iter().any(|v| {
            w.strip_prefix(v)
                .is_some_and(|rest| ["", "s", "es", "ed", "d", "ing"].contains(&rest))
        }) || ["sent", "wrote", "written"].contains(&w) && verbs.contains(&"send")
    };
    const TO: &[&str] = &[
        "write", "send", "report", "forward", "mail", "email", "e-mail", "submit", "escalate",
    ];
    match lower.first().map(String::as_str) {
        Some("to") => {
            lower[1..].iter().any(|w| sends(w, TO))
                || lower[1..]
                    .iter()
                    .take(3)
                    .any(|w| ["it", "them"].contains(&w.as_str()))
        }
        Some("from") => lower[1..].iter().any(|w| sends(w, &["request", "ask"])),
        Some("email" | "e-mail" | "mail") => true,
        _ => false,
    }
}

/// Whom the words before an address name: "the number for X is:", "… or Richard Nolan on",
/// "email the board at" (from the verb to "at"/"on"). Not the writer ("contact us at").
fn whom(words: &[&str]) -> Option<String> {
    let at = words.len().checked_sub(1)?;
    // "The contact telephone number for the Duty Media Officer at Headquarters is: 0345…"
    if let Some(name) = number_for(words) {
        return Some(name);
    }
    if !BEFORE_ADDRESS.contains(&words[at].to_lowercase().as_str()) {
        return None;
    }
    let lower: Vec<String> = words[..at].iter().map(|w| w.to_lowercase()).collect();
    // "Contact Mark Stanley on 01234 567890 or Richard Nolan on 01234 567891": a second
    // name after "or" / "and" and the first one's number, reached by the same verb.
    if let Some(name) = next_in_series(&words[..at])
        && lower.iter().any(|w| VERBS.contains(&w.as_str()))
    {
        return Some(name);
    }
    // Back from "at" to the verb: the words between are the name.
    let verb = (0..at).rev().take(10).find(|&k| {
        VERBS.iter().any(|v| {
            let parts: Vec<&str> = v.split(' ').collect();
            lower
                .get(k..k + parts.len())
                .is_some_and(|ws| ws.iter().eq(parts.iter()))
        })
    })?;
    let skip = VERBS
        .iter()
        .find(|v| lower[verb..].join(" ").starts_with(*v))
        .map_or(1, |v| v.split(' ').count());
    let mut name: Vec<&str> = words[verb + skip..at]
        .iter()
        .copied()
        .skip_while(|w| ["the", "our", "your", "their"].contains(&w.to_lowercase().as_str()))
        .collect();
    // "report the incident to the Accenture Security Operations Centre on …": whom it goes to.
    if let Some(to) = name.iter().rposition(|w| *w == "to") {
        name = name[to + 1..]
            .iter()
            .copied()
            .skip_while(|w| ["the", "our", "your", "their"].contains(&w.to_lowercase().as_str()))
            .collect();
    }
    // "Call Tony immediately at …": how, not whom.
    while name
        .last()
        .is_some_and(|w| w.len() > 4 && w.ends_with("ly") && w.starts_with(char::is_lowercase))
    {
        name.pop();
    }
    let name = name.join(" ");
    let name = name.trim_matches(|c: char| !c.is_alphanumeric());
    // "call the CTO, Eric Stein at …": the person, after the job they hold.
    let name = match name.split_once(", ") {
        Some((job, person)) if super::prose::is_job_title(job) && super::prose::is_name(person) => {
            person
        }
        _ => name,
    };
    // "contact us directly at …", "email me at …": the writer, not someone to call.
    let pronoun = name.split_whitespace().next().is_some_and(|w| {
        [
            "us", "me", "we", "you", "them", "him", "her", "it", "someone", "anyone",
        ]
        .contains(&w.to_lowercase().as_str())
    });
    if name.is_empty() || pronoun || name.split_whitespace().count() > 5 {
        return None;
    }
    let mut c = name.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
}

/// The name just before the end of `words` when it follows "or" / "and" after a number or an
/// address: the next one in a series one verb reaches ("… or Richard Nolan on", "Call 911 or
/// dispatch at").
fn next_in_series(words: &[&str]) -> Option<String> {
    let mut name: Vec<&str> = Vec::new();
    for (k, w) in words.iter().enumerate().rev() {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        if ["or", "and"].contains(&bare) && k > 0 {
            let before = words[k - 1].trim_end_matches([',', '.', ';']);
            let reached = before.contains('@')
                || before
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_ascii_digit() || c == ')');
            if !reached || !(1..=4).contains(&name.len()) {
                return None;
            }
            let name = name.join(" ");
            let mut c = name.chars();
            return c
                .next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str());
        }
        if name.len() >= 4 || bare.is_empty() || bare.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        name.insert(0, bare);
    }
    None
}

/// Whom "the number for X is:" names, the words before an address ending in "is" (or "is:").
fn number_for(words: &[&str]) -> Option<String> {
    let lower: Vec<String> = words
        .iter()
        .map(|w| w.trim_end_matches(':').to_lowercase())
        .collect();
    if lower.last().map(String::as_str) != Some("is") {
        return None;
    }
    // "MIT Medical's 24-hour urgent care number is": the owner before "'s".
    if let Some(owner) = lower
        .iter()
        .rposition(|w| w.ends_with("'s") || w.ends_with("’s"))
        && lower[owner + 1..]
            .iter()
            .any(|w| ["number", "line", "telephone", "phone"].contains(&w.as_str()))
    {
        let start = words[..owner]
            .iter()
            .rposition(|w| !w.starts_with(char::is_uppercase))
            .map_or(0, |k| k + 1);
        let mut name: Vec<String> = words[start..owner].iter().map(|w| w.to_string()).collect();
        let last = words[owner].trim_end_matches("'s").trim_end_matches("’s");
        name.push(last.to_string());
        if (1..=5).contains(&name.len()) && name[0].starts_with(char::is_uppercase) {
            return Some(name.join(" "));
        }
    }
    let for_at = lower.iter().rposition(|w| w == "for" || w == "of")?;
    let says_number = lower[..for_at]
        .iter()
        .rev()
        .take(3)
        .any(|w| ["number", "line", "telephone", "phone"].contains(&w.as_str()));
    let name: Vec<&str> = words[for_at + 1..words.len() - 1]
        .iter()
        .copied()
        .skip_while(|w| ["the", "our", "your"].contains(&w.to_lowercase().as_str()))
        .collect();
    (says_number && (1..=6).contains(&name.len())).then(|| {
        let name = name.join(" ");
        let mut c = name.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    })
}

/// Words that end the name of a firm: its legal form or the trade it does ("Twin State
/// Plumbing", "Hess Property Management", "Raynor Door", "Acme Ltd").
const FIRM_WORDS: &[&str] = &[
    "ltd",
    "limited",
    "inc",
    "llc",
    "plc",
    "co",
    "company",
    "gmbh",
    "services",
    "management",
    "plumbing",
    "plumbers",
    "electric",
    "electrical",
    "electricians",
    "door",
    "doors",
    "heating",
    "roofing",
    "locksmith",
    "locksmiths",
    "glazing",
    "glass",
    "cleaning",
    "contractors",
    "builders",
    "hvac",
    "maintenance",
    "security",
    "insurance",
    "insurers",
];

/// Whether a name is a firm's (see [`FIRM_WORDS`]): two words at least, capitalised.
pub(crate) fn is_a_firm(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    words.len() >= 2
        && words[0].starts_with(char::is_uppercase)
        && words.last().is_some_and(|w| {
            FIRM_WORDS.contains(
                &w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
                    .as_str(),
            )
        })
}

/// A line with its HTML tags taken out (each a space).
pub(crate) fn without_tags(line: &str) -> String {
    if !line.contains('<') {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('<') {
        let tag = &rest[open + 1..];
        // An autolink (`<security@x.org>`, `<https://x.org>`) is an address, not a tag: its
        // words stay.
        let autolink = tag.find('>').is_some_and(|close| {
            let inside = &tag[..close];
            !inside.contains(char::is_whitespace)
                && (inside.contains('@') || inside.contains("://"))
        });
        let is_tag = !autolink && tag.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
        match (is_tag, tag.find('>')) {
            (true, Some(close)) => {
                out.push_str(&rest[..open]);
                out.push(' ');
                rest = &tag[close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = tag;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The public short number a text starts with ("999", "111 (NHS)"), if any.
pub(crate) fn short_number_at(text: &str) -> Option<&'static str> {
    SHORT_NUMBERS.iter().copied().find(|n| {
        text.strip_prefix(n)
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_digit()))
    })
}

/// Words that, just before the verb, say not to call ("Do not call 999 for this").
fn negated(lower: &[String], verb: usize) -> bool {
    let before: Vec<&str> = lower[..verb]
        .iter()
        .rev()
        .take(2)
        .map(String::as_str)
        .collect();
    before
        .iter()
        .any(|w| ["not", "never", "dont", "don't", "don’t", "no"].contains(w))
}

/// "call 999", "dial 911", "call NHS 111", "call the emergency services on 999": a public short
/// number a verb just before it calls. Named by the words between ("NHS 111"), or "Emergency
/// services" when none name it.
fn short_number_called(words: &[&str], at: usize, number: &str) -> Option<(String, String)> {
    let lower: Vec<String> = words[at.saturating_sub(5)..at]
        .iter()
        .map(|w| {
            w.to_lowercase()
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string()
        })
        .collect();
    let verb = lower
        .iter()
        .rposition(|w| VERBS.iter().any(|v| !v.contains(' ') && v == w))?;
    let all: Vec<String> = words[..at]
        .iter()
        .map(|w| {
            w.to_lowercase()
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .to_string()
        })
        .collect();
    if negated(&all, at - (lower.len() - verb)) {
        return None;
    }
    let mut name: Vec<&str> = words[at - (lower.len() - verb - 1)..at]
        .iter()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    if name
        .last()
        .is_some_and(|w| BEFORE_ADDRESS.contains(&w.to_lowercase().as_str()))
    {
        name.pop();
    }
    let name: Vec<&str> = name
        .into_iter()
        .skip_while(|w| ["the", "our", "your"].contains(&w.to_lowercase().as_str()))
        .collect();
    let generic = name.is_empty()
        || name.iter().all(|w| {
            ["emergency", "services", "service", "an", "ambulance"]
                .contains(&w.to_lowercase().as_str())
        });
    let title = if generic {
        format!("Emergency services ({number})")
    } else if name
        .iter()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        format!("{} {number}", name.join(" "))
    } else {
        return None;
    };
    Some((title, number.to_string()))
}

impl Planner<'_> {
    /// The one contact this import made or updated whose name starts with `first`, a single
    /// capitalised word ("Tony" for Tony Giuseppe); none if no one or several.
    fn by_first_name(&self, first: &str) -> Option<String> {
        if first.contains(' ') || !first.starts_with(char::is_uppercase) {
            return None;
        }
        let prefix = format!("{} ", first.to_lowercase());
        let mut found = self.rows.iter().filter(|(kind, _, row)| {
            *kind == "contact"
                && row
                    .get("name")
                    .and_then(|n| n.as_str())
                    .is_some_and(|n| n.to_lowercase().starts_with(&prefix))
        });
        match (found.next(), found.next()) {
            (Some((_, id, _)), None) => Some(id.clone()),
            _ => None,
        }
    }

    /// Contacts named by the sentence that says how to reach them.
    pub(crate) fn contacts_in_sentences(&mut self, text: &str, first_line: usize) {
        let contact = kind_def("contact");
        let lines: Vec<&str> = text.lines().collect();
        for (start, sentence) in wrapped_units(&lines) {
            for (name, address) in reached_in(&sentence) {
                // The line the address is on, for the preview.
                let i = (start..lines.len())
                    .find(|&k| lines[k].contains(address.as_str()))
                    .unwrap_or(start);
                // "Call Twin State Plumbing at 802-…": a firm that does a trade is a vendor.
                let kind = if is_a_firm(&name) {
                    kind_def("vendor")
                } else {
                    contact
                };
                if self.already_read(kind, &name) {
                    continue;
                }
                // "Call Tony at …" after a table named Tony Giuseppe: him, by his first name.
                if let Some(id) = self.by_first_name(&name) {
                    let field = if address.contains('@') {
                        "emails"
                    } else {
                        "phones"
                    };
                    let row = self.row(contact, &id);
                    row.entry(field.to_string())
                        .or_insert_with(|| serde_json::json!([address]));
                    continue;
                }
                let (id, new) = self.id_for(kind, &name);
                let email = address.contains('@');
                let (field, value) = match (kind.name, email) {
                    ("vendor", true) => ("support_email", serde_json::json!(address)),
                    ("vendor", false) => ("support_phone", serde_json::json!(address)),
                    (_, true) => ("emails", serde_json::json!([address])),
                    (_, false) => ("phones", serde_json::json!([address])),
                };
                let row = self.row(kind, &id);
                row.insert("name".into(), name.clone().into());
                row.insert(field.into(), value);
                self.entry(
                    first_line + i,
                    kind.name,
                    &name,
                    Some(&id),
                    new,
                    "named in a sentence that says how to reach them".into(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_autolink_is_an_address_not_a_tag() {
        assert_eq!(
            without_tags("Email to [<security@x.org>](mailto:security@x.org) <b>now</b>"),
            "Email to [<security@x.org>](mailto:security@x.org)  now "
        );
        assert_eq!(without_tags("<https://x.org/a>"), "<https://x.org/a>");
    }

    #[test]
    fn firms_are_named_by_their_trade_or_form() {
        for firm in [
            "Twin State Plumbing",
            "Hess Property Management",
            "Raynor Door",
            "Acme Ltd.",
        ] {
            assert!(is_a_firm(firm), "{firm}");
        }
        for one in ["Landlord", "Mark Stanley", "Security", "the board"] {
            assert!(!is_a_firm(one), "{one}");
        }
    }

    #[test]
    fn a_contact_is_named_by_the_sentence_that_reaches_it() {
        assert!(
            reached_in("please contact us directly at vilmer@x.com before disclosing").is_empty(),
            "the writer is not someone to call"
        );
        assert_eq!(
            reached_in("- Email the board at [board@x.org](mailto:board@x.org)"),
            vec![("Board".to_string(), "board@x.org".to_string())]
        );
        assert_eq!(
            reached_in("- Call our landlord on [0161 974 3232](tel:+441619743232), if needed"),
            vec![("Landlord".to_string(), "0161 974 3232".to_string())]
        );
        // The person after the job they hold.
        assert_eq!(
            reached_in("If you really need help, call the CTO, Eric Stein at 774-922-2866."),
            vec![("Eric Stein".to_string(), "774-922-2866".to_string())]
        );
        // A mailbox written to, named by its address; the writer's own, none.
        assert_eq!(
            reached_in("Report it to security@x.org at once."),
            vec![("security@x.org".to_string(), "security@x.org".to_string())]
        );
        assert_eq!(
            reached_in(
                "For all security-related communications, please write to `security@x.app`."
            ),
            vec![("security@x.app".to_string(), "security@x.app".to_string())]
        );
        assert!(reached_in("Questions? Contact us at info@x.org.").is_empty());
        // Reported to, asked of, and a footnote mark after the address.
        for (line, address) in [
            (
                "- The reporter reports the vulnerability privately to sec@x.se. That's an alias",
                "sec@x.se",
            ),
            (
                "- Request a CVE number from distros@openwall.org[1] when also informing them",
                "distros@openwall.org",
            ),
        ] {
            assert_eq!(
                reached_in(line),
                vec![(address.to_string(), address.to_string())]
            );
        }
        assert!(reached_in("We moved here from Leeds; it is a long way to info@x.org").is_empty());
        // A sentence wrapped over two lines is read whole.
        assert_eq!(
            wrapped_units(&[
                "- The reporter reports it",
                "  privately to sec@x.se.",
                "",
                "Next"
            ]),
            vec![
                (
                    0,
                    "- The reporter reports it privately to sec@x.se.".to_string()
                ),
                (3, "Next".to_string())
            ]
        );
        // Internal extensions a sentence calls.
        let pairs = |l: &str| {
            reached_in(l)
                .into_iter()
                .map(|(n, a)| format!("{n}={a}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            pairs("If they do not answer, call Control Puerta at extension 434."),
            ["Control Puerta=434"]
        );
        assert_eq!(
            pairs("If no one answers, call 440 to the Mountain Assistant."),
            ["Mountain Assistant=440"]
        );
        assert_eq!(
            pairs("If unable, call Security on 44444."),
            ["Security=44444"]
        );
        assert!(reached_in("We moved to the new office in 2019 at 1200 people.").is_empty());
        // Times are no extensions; a label over the writer's own address is no contact.
        assert!(reached_in("Call a meeting at 0900.").is_empty());
        assert!(reached_in("Call the Duty Manager at 1400 for the handover.").is_empty());
        assert!(reached_in("Email: info@acme.com").is_empty());
        assert!(reached_in("Contact us by email: info@acme.com").is_empty());
        assert!(reached_in("The reports live at reports@x.org.").is_empty());
        // Public short numbers: named by the words between, or as the emergency services.
        let said = |l: &str| {
            reached_in(l)
                .into_iter()
                .map(|(n, a)| format!("{n}={a}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            said("2. Call 999, ask for Fire & Rescue"),
            ["Emergency services (999)=999"]
        );
        assert_eq!(
            said("call the emergency services on 999. Don't wait."),
            ["Emergency services (999)=999"]
        );
        assert_eq!(
            said("you can call NHS 111 or visit 111 online"),
            ["NHS 111=111"]
        );
        assert_eq!(
            said("If you can't reach the pilot call 911."),
            ["Emergency services (911)=911"]
        );
        assert!(said("We moved 999 boxes and 111 chairs.").is_empty());
        assert!(said("Do not call 999 for a lost badge.").is_empty());
        assert_eq!(
            said("MIT Medical's 24-hour urgent care number is (617) 253-4481."),
            ["MIT Medical=(617) 253-4481"]
        );
        assert_eq!(
            said(
                "d. The contact telephone number for the Duty Media Officer at Headquarters is: 0345 300 1818"
            ),
            ["Duty Media Officer at Headquarters=0345 300 1818"]
        );
        assert_eq!(
            said("<p><strong>Call 911 or dispatch at 603-448-1212.</strong></p>"),
            ["Emergency services (911)=911", "Dispatch=603-448-1212"]
        );
        assert_eq!(
            said("Contact Mark Stanley on 01234 567890 or Richard Nolan on 01234 567891."),
            ["Mark Stanley=01234 567890", "Richard Nolan=01234 567891"]
        );
        assert!(said("Please don't call 999 unless it is an emergency.").is_empty());
        assert_eq!(
            said("- **DISASTER Emergency**: Call Tony immediately at 503-555-0155"),
            ["Tony=503-555-0155"]
        );
    }
}
