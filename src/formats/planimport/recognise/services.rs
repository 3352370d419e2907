//! The public services a plan tells its reader to bring in, though it gives no number for them:
//! "contact local law enforcement", "summon security or police", "the IO will inform the
//! police", "you will be connected to North West Ambulance Service". At 3 a.m. the founder
//! wants them on the contact sheet, to add the number to; so each is a contact, named as the
//! plan names it ("Local law enforcement", "Venue security", "Police").
//!
//! The rule: a word for such a service ([`SERVICES`]), either governed by a verb of bringing
//! someone in a few words before it ("call", "contact", "notify", "involve" …) or named as a
//! body in capitals ("Greater Manchester Fire & Rescue Service"). Not when the sentence says
//! not to, not when the plan gave it a number already (the sentence reading has it), and
//! "security" only as a service of a place ("venue security") or called for by itself ("summon
//! security"), never the company's own ("security team", "security incident").

use super::*;

/// Words for a public or site service one calls in (as a phrase, lower case).
const SERVICES: &[&str] = &[
    "law enforcement",
    "police",
    "fire brigade",
    "fire department",
    "fire service",
    "fire and rescue",
    "fire & rescue",
    "ambulance",
    "paramedics",
    "coastguard",
    "coast guard",
    "mountain rescue",
    "poison control",
    "poison centre",
    "emergency services",
    "security",
];

/// Verbs of bringing someone in.
const BRING_IN: &[&str] = &[
    "call",
    "calling",
    "contact",
    "contacting",
    "phone",
    "ring",
    "dial",
    "notify",
    "notifying",
    "alert",
    "alerting",
    "inform",
    "informing",
    "summon",
    "involve",
    "involving",
    "get",
    "fetch",
    "request",
    "connected",
    "speak",
    "ask",
    "report",
    "find",
];

/// Words that, after "security", say it is the company's own thing, not a service.
const NOT_A_SERVICE: &[&str] = &[
    "team",
    "officer",
    "lead",
    "incident",
    "incidents",
    "breach",
    "breaches",
    "issue",
    "issues",
    "vulnerability",
    "vulnerabilities",
    "advisory",
    "patch",
    "patches",
    "update",
    "updates",
    "policy",
    "review",
    "of",
    "concern",
    "concerns",
    "event",
    "events",
    "risk",
    "risks",
];

/// Words that may follow a service's name in a sentence (anything else makes it part of
/// another name: "police liaison officer").
const ENDS_THE_PHRASE: &[&str] = &[
    "and",
    "or",
    "if",
    "immediately",
    "at",
    "on",
    "as",
    "to",
    "for",
    "when",
    "where",
    "in",
    "by",
    "via",
    "who",
    "straight",
    "now",
    "first",
    "then",
    "about",
    "with",
    "so",
    "unless",
    "urgently",
    "too",
    "also",
    "should",
    "must",
    "will",
    "may",
    "can",
    "are",
    "is",
    "arrive",
    "arrives",
    "have",
    "has",
    "be",
    "service",
    "services",
    "department",
    "brigade",
];

/// Places whose security is a service one calls ("venue security").
const PLACES: &[&str] = &[
    "venue",
    "building",
    "site",
    "campus",
    "hotel",
    "event",
    "centre",
    "center",
    "mall",
    "airport",
    "station",
    "university",
    "conference",
];

/// The services a sentence tells the reader to bring in, each named as written.
fn services_in(sentence: &str) -> Vec<String> {
    let plain = normalise(sentence);
    let words: Vec<&str> = plain.split_whitespace().collect();
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&')
            .to_lowercase()
    };
    let lower: Vec<String> = words.iter().map(|w| bare(w)).collect();
    // (A sentence with a number in it is read with its number: "call 999 and ask for
    // Ambulance".)
    let numbered = !phone_runs(&plain).is_empty()
        || lower
            .iter()
            .any(|w| super::reach::short_number_at(w).is_some());
    if numbered {
        return Vec::new();
    }
    // (Said not to: "Do not call the police", "There is no need to call an ambulance" — a
    // "not" further off is about something else: "Contact the police if a child is not
    // collected".)
    let denied = |at: usize| {
        lower[at.saturating_sub(6)..at]
            .iter()
            .any(|w| ["not", "never", "don't", "don’t", "no", "nor"].contains(&w.as_str()))
    };
    let mut found: Vec<String> = Vec::new();
    for i in 0..lower.len() {
        let Some(service) = SERVICES.iter().find(|s| {
            let parts: Vec<&str> = s.split(' ').collect();
            lower
                .get(i..i + parts.len())
                .is_some_and(|w| w == parts.as_slice())
        }) else {
            continue;
        };
        let len = service.split(' ').count();
        let next = lower.get(i + len).map(String::as_str).unwrap_or_default();
        // The service ends its phrase ("call the police immediately", "inform the police
        // and fire service"): "the police station", "the Police Federation", "the security
        // guard company" name something else.
        let raw = words[i + len - 1];
        let ends = raw.ends_with([',', '.', ';', ':', ')', '!', '?'])
            || next.is_empty()
            || ENDS_THE_PHRASE.contains(&next);
        if !ends || denied(i) {
            continue;
        }
        // A body named in capitals: "North West Ambulance Service", "Greater Manchester Fire
        // & Rescue Service", "Thames Valley Police".
        if let Some(name) = named_body(&words, i, len) {
            found.push(name);
            continue;
        }
        if let Some(name) = called_in(&lower, i, service) {
            found.push(name);
        }
    }
    found.dedup();
    found
}

/// The service `service` at word `i` of a sentence (`lower`: its words in lower case), named
/// with its modifier ("local law enforcement"), when a verb brings it in.
fn called_in(lower: &[String], i: usize, service: &str) -> Option<String> {
    let len = service.split(' ').count();
    let next = lower.get(i + len).map(String::as_str).unwrap_or_default();
    // Its modifier: "local law enforcement", "venue security".
    let before = i.checked_sub(1).map(|k| lower[k].as_str());
    let modifier = before.filter(|b| {
        [
            "local",
            "campus",
            "site",
            "venue",
            "building",
            "hotel",
            "event",
            "conference",
        ]
        .contains(b)
    });
    let start = i - usize::from(modifier.is_some());
    let a_place = modifier.is_some_and(|m| PLACES.contains(&m));
    if service == "security"
        && (NOT_A_SERVICE.contains(&next) || !a_place && !brought_in_directly(lower, start))
    {
        return None;
    }
    // A verb of bringing in among the few words before ("… such as the police, …" after
    // "notifying third parties"), or a passive after ("the police should be called").
    let verb = lower[start.saturating_sub(7)..start]
        .iter()
        .any(|w| BRING_IN.contains(&w.as_str()));
    let passive = lower[i + len..(i + len + 3).min(lower.len())]
        .iter()
        .any(|w| {
            [
                "called",
                "contacted",
                "informed",
                "notified",
                "alerted",
                "summoned",
            ]
            .contains(&w.as_str())
        });
    let name: Vec<&str> = lower[start..i + len].iter().map(String::as_str).collect();
    (verb || passive).then(|| super::risk_groups::capitalised(&name.join(" ")))
}

/// "summon security or police", "involve law enforcement or security": the service is what the
/// verb takes, with only a list's "or"/"and" or another service between.
fn brought_in_directly(lower: &[String], at: usize) -> bool {
    lower[..at]
        .iter()
        .rev()
        .take(4)
        .find(|w| !["or", "and", "law", "enforcement", "police", "the"].contains(&w.as_str()))
        .is_some_and(|w| BRING_IN.contains(&w.as_str()))
}

/// A service named as a body in capitals, the service words `len` long at `i` closing it or
/// followed by "Service" ("North West Ambulance Service"): its whole name.
fn named_body(words: &[&str], i: usize, len: usize) -> Option<String> {
    let clean = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&')
            .to_string()
    };
    let capital = |w: &str| w.starts_with(|c: char| c.is_uppercase()) || w == "&";
    let mut end = i + len;
    if words
        .get(end)
        .is_some_and(|w| ["Service", "Department", "Brigade"].contains(&clean(w).as_str()))
    {
        end += 1;
    }
    let mut start = i;
    while start > 0 && capital(&clean(words[start - 1])) && start + 4 > i {
        // (A sentence's first word is no part of the name when it is a word of the sentence:
        // "Call Thames Valley Police", "Once Greater Manchester Fire & Rescue Service arrive".)
        let word = clean(words[start - 1]).to_lowercase();
        let opens = [
            "once", "when", "if", "after", "before", "until", "then", "the", "and",
        ];
        if BRING_IN.contains(&word.as_str()) || start == 1 && opens.contains(&word.as_str()) {
            break;
        }
        start -= 1;
    }
    let name: Vec<String> = (start..end).map(|k| clean(words[k])).collect();
    let all_capitals = name.iter().all(|w| capital(w));
    (start < i && all_capitals && name.len() >= 2)
        .then(|| name.join(" "))
        .filter(|n| !n.ends_with("Security"))
}

impl Planner<'_> {
    /// Contacts for the public services a text tells its reader to bring in (named in a
    /// sentence, no number given for them).
    pub(crate) fn services_to_contact(&mut self, text: &str, first_line: usize) {
        let contact = kind_def("contact");
        let found =
            crate::formats::planimport::memo::remembered("services.rs:services_in", text, || {
                prose::sentences(text)
                    .into_iter()
                    .flat_map(|(offset, s)| services_in(&s).into_iter().map(move |n| (offset, n)))
                    .collect::<Vec<_>>()
            });
        for (offset, name) in found {
            // ("Police 101" read with its number, "Police" again in passing: one contact.)
            let head = name.to_lowercase();
            let known = self.rows.iter().any(|(kind, _, row)| {
                *kind == "contact"
                    && row
                        .get("name")
                        .and_then(|n| n.as_str())
                        .is_some_and(|n| n.to_lowercase().contains(&head))
            });
            if known || self.already_read(contact, &name) {
                continue;
            }
            let (id, new) = self.id_for(contact, &name);
            self.row(contact, &id)
                .insert("name".into(), name.clone().into());
            let detail = "a service the plan says to call in (no number given)".to_string();
            self.entry(
                first_line + offset,
                "contact",
                &name,
                Some(&id),
                new,
                detail,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_called_in_are_named_as_written() {
        assert_eq!(
            services_in(
                "If the reporter desires it, contact a friend, or contact local law enforcement."
            ),
            ["Local law enforcement"]
        );
        assert_eq!(
            services_in("If in doubt, summon security or police."),
            ["Security", "Police"]
        );
        assert_eq!(
            services_in("The IO will inform the police, where appropriate."),
            ["Police"]
        );
        assert_eq!(
            services_in("You will be connected to North West Ambulance Service (NWAS)."),
            ["North West Ambulance Service"]
        );
        assert_eq!(
            services_in(
                "Once Greater Manchester Fire & Rescue Service arrive, give them the register."
            ),
            ["Greater Manchester Fire & Rescue Service"]
        );
        assert_eq!(
            services_in("Speak to venue security, who will call an ambulance."),
            ["Venue security", "Ambulance"]
        );
    }

    #[test]
    fn the_companys_own_security_and_what_not_to_do_are_no_services() {
        for s in [
            "Contact the security team at once.",
            "Notify the CISO of any security incident.",
            "Do not call the police.",
            "The police station is on Main Street.",
            "Report security vulnerabilities privately.",
        ] {
            assert!(services_in(s).is_empty(), "{s}: {:?}", services_in(s));
        }
    }
}
