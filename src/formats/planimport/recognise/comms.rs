//! Whom to tell, written as a list: "The IC must notify the following within 1 hour:" and
//! "- GSA Information Security -- email itservicedesk@gsa.gov", or under a heading "People to
//! update" / "Communications": each item one line of the communication plan (a `comms` record)
//! — its audience, and the channel and timing the item or its lead-in gives.

use super::*;

/// Words that say the list a lead-in ends on is whom to tell ("The IC must notify the
/// following:"); not "communications", which names roles ("Communications Officer") as often.
const TELLING: &[&str] = &[
    "notify",
    "notified",
    "notification",
    "notifications",
    "inform",
    "informed",
    "tell",
    "update",
    "announce",
];

/// Words that say a heading's lists are whom to tell ("Stakeholder groups to inform", "People
/// to update"); "Communications" alone heads too much else.
const TELLING_HEADING: &[&str] = &[
    "notify",
    "notification",
    "notifications",
    "inform",
    "stakeholders",
];

/// Verbs an item may open with before whom it tells ("Notify all staff by phone").
const TELL_VERBS: &[&str] = &[
    "notify", "inform", "tell", "update", "alert", "brief", "message", "warn", "email", "e-mail",
    "call", "contact", "let",
];

/// Words naming a channel, as they are written in an item.
const CHANNELS: &[&str] = &[
    "email",
    "e-mail",
    "phone",
    "telephone",
    "text",
    "sms",
    "slack",
    "teams",
    "whatsapp",
    "status page",
    "statuspage",
    "website",
    "mailing list",
    "letter",
    "meeting",
    "press release",
    "social media",
    "newsletter",
    "radio",
    "video call",
];

impl Planner<'_> {
    /// The lists of whom to tell in a block, each item a `comms` record.
    pub(crate) fn comms_in_lists(&mut self, text: &str, first_line: usize, section: &str) {
        let kind = kind_def("comms");
        let about_telling = heading_tells(section);
        let plans_communication = section.to_lowercase().contains("communication");
        let mut lead: Option<String> = None;
        for (i, line) in text.lines().enumerate() {
            let t = line.trim();
            let Some(item) = list_item(line) else {
                // A paragraph's last line, or an item's wrapped line, ending in a colon leads
                // into what follows; any other paragraph ends the lead.
                // ("Team:", "**Internal:**" only name a group of the list: the heading still
                // says what the list is.)
                let label = t.split_whitespace().count() <= 3 && !line.starts_with([' ', '\t']);
                if t.ends_with(':') && label {
                    lead = None;
                } else if t.ends_with(':') {
                    lead = Some(t.to_string());
                } else if !t.is_empty() && !line.starts_with([' ', '\t']) {
                    lead = None;
                }
                continue;
            };
            if line.len() - line.trim_start().len() > 3 {
                continue;
            }
            // An item that ends in a colon leads into the items after it ("… if the following
            // criteria are met:"), and names nobody itself.
            if item.trim_end_matches("**").trim_end().ends_with(':') {
                lead = Some(item.to_string());
                continue;
            }
            let led = lead.as_deref().is_some_and(tells);
            // Under "Communication plan", items that say whom to notify ("Notify all staff by
            // phone") whatever their lead-in ("**Internal:**").
            let told = plans_communication && opens_with_telling(item);
            // A heading about telling covers the lists that no other lead-in introduces.
            let under_heading = about_telling && lead.is_none();
            if !(led || under_heading || told) {
                continue;
            }
            let Some((audience, channel)) = audience_and_channel(item) else {
                continue;
            };
            // "during office hours - 01383 419073": a number and when to ring it, no audience.
            let only_a_number = !phone_runs(item).is_empty()
                && item
                    .split(phone_runs(item)[0].as_str())
                    .next()
                    .is_some_and(|label| !label.chars().any(char::is_uppercase));
            if only_a_number || self.already_read(kind, &audience) {
                continue;
            }
            let when = lead.as_deref().and_then(timing).or_else(|| timing(item));
            let owner = lead.as_deref().and_then(teller);
            let (id, new) = self.id_for(kind, &audience);
            let row = self.row(kind, &id);
            row.insert("audience".into(), audience.clone().into());
            for (field, value) in [("channel", channel), ("frequency", when), ("owner", owner)] {
                if let Some(value) = value {
                    row.insert(field.into(), value.into());
                }
            }
            row.insert("notes".into(), item.replace("**", "").into());
            self.entry(
                first_line + i,
                "comms",
                &audience,
                Some(&id),
                new,
                "an item of a list of whom to tell".into(),
            );
        }
    }
}

/// Whether an item opens with a verb of telling ("Notify all staff …").
fn opens_with_telling(item: &str) -> bool {
    item.replace("**", "")
        .split_whitespace()
        .next()
        .is_some_and(|w| {
            ["notify", "inform", "tell", "update", "alert", "brief"].contains(
                &w.to_lowercase()
                    .trim_matches(|c: char| !c.is_alphanumeric()),
            )
        })
}

/// Whether a lead-in says whom to tell follows (not when in what order: "The following
/// outlines the timeline for advance email notifications on scheduled shutdowns:").
fn tells(text: &str) -> bool {
    let sequence = [
        "timeline",
        "timetable",
        "schedule",
        "steps",
        "sequence",
        "order",
    ];
    said_in(text, TELLING) && !said_in(text, &sequence)
}

/// Whether a heading says its lists are whom to tell.
fn heading_tells(text: &str) -> bool {
    crate::formats::planimport::memo::remembered("comms.rs:heading_tells", text, || {
        heading_tells_read(text)
    })
}

fn heading_tells_read(text: &str) -> bool {
    said_in(text, TELLING_HEADING)
}

fn said_in(text: &str, words: &[&str]) -> bool {
    let lower = text.to_lowercase();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| words.contains(&w))
        || [
            "people to update",
            "who to inform",
            "who to tell",
            "keep informed",
        ]
        .iter()
        .any(|p| lower.contains(p))
}

/// Whether words read as whom, not as a sentence: no verb of saying what is or must be, not
/// opening with a preposition or an instruction ("For an issue …", "Post an initial report").
fn names_whom(audience: &str) -> bool {
    let words: Vec<String> = audience
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let first = words.first().map(String::as_str).unwrap_or_default();
    // ("Users who are affected": a verb after "who" or "that" still names whom.)
    let clause = words
        .iter()
        .position(|w| ["who", "that", "which"].contains(&w.as_str()))
        .unwrap_or(words.len());
    words.len() <= 8
        && !words[..clause].iter().any(|w| {
            [
                "is", "are", "be", "was", "must", "should", "will", "can", "may", "shall",
            ]
            .contains(&w.as_str())
        })
        && ![
            "for", "if", "upon", "when", "from", "with", "to", "in", "on", "at", "a", "an",
        ]
        .contains(&first)
        && !opens_with_action(audience)
}

/// The audience an item names, and the channel it says, if any: "GSA Information Security --
/// email …" is ("GSA Information Security", "email"); "Notify all staff by phone and email of
/// any change" is ("all staff", "phone and email").
pub(crate) fn audience_and_channel(item: &str) -> Option<(String, Option<String>)> {
    let item = normalise::without_link_targets(&item.replace("**", "")).0;
    let item = item.trim();
    let first = item.split_whitespace().next()?.to_lowercase();
    let rest = if TELL_VERBS.contains(&first.trim_matches(|c: char| !c.is_alphanumeric())) {
        item[first.len()..].trim_start()
    } else {
        item
    };
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    // A dash or a colon parts whom from how ("Users affected by it - via #channel"); else the
    // first word that starts saying how, when or why.
    let first_cut = |cuts: &[&str]| cuts.iter().filter_map(|c| rest.find(c)).min();
    let end = first_cut(&[" -- ", " – ", " — ", " - ", ": "])
        .or_else(|| {
            first_cut(&[
                " via ",
                " by ",
                " through ",
                " using ",
                " on ",
                " of ",
                " about ",
                " within ",
                " when ",
                " if ",
                " (",
                ".",
            ])
        })
        .unwrap_or(rest.len());
    let audience = rest[..end].trim();
    let words = audience.split_whitespace().count();
    if !(1..=10).contains(&words)
        || !names_whom(audience)
        || audience.contains('@')
        || !audience.chars().next().is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let after = &rest[end..];
    let lower = after.to_lowercase();
    let channel = ["via ", "by ", "through ", "using "]
        .iter()
        .find_map(|w| {
            let at = lower.find(w)?;
            let said = &after[at + w.len()..];
            let stop = said
                .find([',', ';', '.', '(', ')'])
                .or_else(|| said.find(" of "))
                .or_else(|| said.find(" to "))
                .unwrap_or(said.len());
            let said = said[..stop].trim();
            (!said.is_empty() && said.split_whitespace().count() <= 6).then(|| said.to_string())
        })
        .or_else(|| {
            CHANNELS
                .iter()
                .find(|c| lower.contains(*c))
                .map(|c| c.to_string())
        });
    // Said as a name, as a founder would type it: "All staff".
    let mut chars = audience.chars();
    let audience = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect::<String>())
        .unwrap_or_default();
    Some((audience, channel))
}

/// When a lead-in or an item says to tell: "within 1 hour of activating the plan", "daily".
fn timing(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    if let Some(at) = ["within ", "every ", "no later than "]
        .iter()
        .filter_map(|w| lower.find(w))
        .min()
    {
        let said = &text[at..];
        let end = said.find([':', ',', ';', '.']).unwrap_or(said.len());
        return Some(said[..end].trim().to_string());
    }
    ["hourly", "daily", "weekly", "immediately"]
        .iter()
        .find(|w| {
            lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|x| x == **w)
        })
        .map(|w| w.to_string())
}

/// Who a lead-in says tells them: "The IC must notify the following" → "IC".
fn teller(lead: &str) -> Option<String> {
    let words: Vec<&str> = lead.split_whitespace().collect();
    let modal = words
        .iter()
        .position(|w| ["must", "should", "will", "shall"].contains(&w.to_lowercase().as_str()))?;
    let subject: Vec<&str> = words[..modal]
        .iter()
        .copied()
        .skip_while(|w| ["the", "The"].contains(w))
        .collect();
    let subject = subject.join(" ");
    let lower = subject.to_lowercase();
    (!subject.is_empty()
        && subject.split_whitespace().count() <= 4
        && !["you", "we", "they", "it", "this", "someone"].contains(&lower.as_str()))
    .then_some(subject)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whom_an_item_tells_and_how() {
        assert_eq!(
            audience_and_channel("GSA Information Security -- email itservicedesk@gsa.gov"),
            Some(("GSA Information Security".into(), Some("email".into())))
        );
        assert_eq!(
            audience_and_channel("Notify all staff by phone and email of any leadership change"),
            Some(("All staff".into(), Some("phone and email".into())))
        );
        assert_eq!(
            audience_and_channel("Users who are affected by the problem - via #ask-platform"),
            Some((
                "Users who are affected by the problem".into(),
                Some("#ask-platform".into())
            ))
        );
        assert_eq!(
            audience_and_channel(
                "Notify foster carers, partners, and regulators of interim arrangements"
            ),
            Some(("Foster carers, partners, and regulators".into(), None))
        );
        assert_eq!(
            timing("The IC must notify the following within 1 hour of activating the plan:"),
            Some("within 1 hour of activating the plan".into())
        );
        assert_eq!(
            teller("The IC must notify the following within 1 hour:"),
            Some("IC".into())
        );
        assert_eq!(teller("You should tell:"), None);
    }
}
