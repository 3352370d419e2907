//! The messages of an incident: templates filled from what is known of it, and the record that
//! one was sent.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{find, log, state};
use crate::catalog;
use crate::log::store::Record;
use crate::plan::binder::Binder;
use crate::{Error, Result};

/// Fills `{placeholders}` in `text` from `facts`; returns the text and the placeholders left.
pub fn fill(text: &str, facts: &BTreeMap<&str, String>) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut missing = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if after[..close]
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == ' ')
                    && close > 0 =>
            {
                let name = after[..close].trim().to_lowercase().replace(' ', "_");
                match facts.get(name.as_str()).filter(|v| !v.is_empty()) {
                    Some(value) => out.push_str(value),
                    None => {
                        out.push_str(&rest[open..open + close + 2]);
                        if !missing.contains(&name) {
                            missing.push(name);
                        }
                    }
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, missing)
}

/// What a message can say of an incident, by placeholder name.
pub(super) fn facts<'a>(
    binder: &Binder,
    incident: &Record,
    level: Option<&Record>,
) -> Result<BTreeMap<&'a str, String>> {
    let organisation = binder.organisation()?;
    let mut f = BTreeMap::new();
    let status = incident.text("status");
    let mut status_word = status.clone();
    if let Some(first) = status_word.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    f.insert("status", status_word);
    f.insert("incident", incident.title());
    f.insert("level", level.map(Record::title).unwrap_or_default());
    f.insert("organisation", organisation.clone());
    f.insert("company", organisation);
    f.insert(
        "start_time",
        catalog::stored_time_for_people(&incident.text("started_at")),
    );
    f.insert(
        "started_at",
        catalog::stored_time_for_people(&incident.text("started_at")),
    );
    f.insert("end_time", {
        let closed = incident.text("closed_at");
        if closed.is_empty() {
            String::new()
        } else {
            catalog::stored_time_for_people(&closed)
        }
    });
    for (name, field) in [
        ("service", "service"),
        ("impact", "impact"),
        ("actions", "actions"),
        ("eta", "eta"),
        ("next_update", "next_update"),
        ("cause", "cause"),
        ("summary", "summary"),
    ] {
        f.insert(name, incident.text(field));
    }
    Ok(f)
}

/// Logs that a filled message was sent (or posted): a `message` entry holding its text.
pub fn log_message(
    binder: &mut Binder,
    incident: &str,
    template: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    let state = state(binder, incident, now)?;
    let template = find(binder, "template", template)?;
    let message = state
        .messages
        .iter()
        .find(|m| m.template_id == template.id)
        .ok_or_else(|| Error::NoSuchRecord(template.id.clone()))?;
    let mut text = format!("Sent \"{}\"", message.name);
    if !message.channel.is_empty() {
        text.push_str(&format!(" ({})", message.channel));
    }
    if !message.audience.is_empty() {
        text.push_str(&format!(" to {}", message.audience.to_lowercase()));
    }
    text.push_str(":\n");
    if !message.subject.is_empty() {
        text.push_str(&message.subject);
        text.push_str("\n\n");
    }
    text.push_str(&message.body);
    log(binder, &state.incident.id, "message", &text, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_and_reports_the_missing_ones() {
        let mut facts = BTreeMap::new();
        facts.insert("status", "Investigating".to_string());
        facts.insert("service", "the app".to_string());
        facts.insert("impact", String::new());
        let (text, missing) = fill(
            "[{status}] {service} down; {impact} {Next Update} {not a {brace}} {}",
            &facts,
        );
        assert_eq!(
            text,
            "[Investigating] the app down; {impact} {Next Update} {not a {brace}} {}"
        );
        assert_eq!(missing, vec!["impact", "next_update", "brace"]);
    }
}
