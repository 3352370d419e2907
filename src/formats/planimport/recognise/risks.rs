//! Risks written as a list of named items: "Potential emergencies could include:" over
//! "- Cybersecurity Breaches: Unauthorized access to …", "- Natural Disasters: …", or
//! "* **Hosting Failure:** we redeploy to …" under "Technical Recovery" — each item a risk,
//! named by what could happen, with what the plan says of it.
//!
//! The rule is the name's own words: an item names a risk when its head noun (English puts it
//! last: "Hosting *Failure*", "Health *Emergencies*"; or first before "of": "*Loss* of key
//! staff") is a word for something that goes wrong, so "Fire Warden" or "Failover Site" never
//! is one. Two items at least, every item of the list such a name.

use super::*;

/// Words for what goes wrong (a name whose head noun is one names a risk).
const EVENTS: &[&str] = &[
    "failure",
    "outage",
    "breach",
    "attack",
    "cyberattack",
    "corruption",
    "fire",
    "flood",
    "flooding",
    "pandemic",
    "epidemic",
    "ransomware",
    "malware",
    "phishing",
    "theft",
    "disaster",
    "earthquake",
    "storm",
    "hurricane",
    "tornado",
    "compromise",
    "leak",
    "sabotage",
    "shortage",
    "loss",
    "breakdown",
    "disruption",
    "ddos",
    "intrusion",
    "vandalism",
    "terrorism",
    "explosion",
    "threat",
    "emergency",
    "emergencies",
    "accident",
    "spill",
    "contamination",
    "blackout",
    "unavailability",
    "outbreak",
    "closure",
    "infection",
    "snow",
    "snowfall",
    "blizzard",
    "winds",
    "gale",
    "heatwave",
    "drought",
    "tsunami",
    "landslide",
    "wildfire",
    "lightning",
    "leak",
    "intruder",
    "burglary",
    "robbery",
    "fraud",
    "injury",
    "illness",
    "collapse",
    "damage",
    "shock",
    "electrocution",
    "weather",
    "leakage",
    "hazard",
    "overdose",
    "assault",
    "abduction",
    "kidnapping",
    "bomb",
    "hostage",
    "riot",
    "strike",
    "frost",
    "heat",
    "smoke",
];

/// Words of a heading that say its text is about responding (what a risk's text then says is
/// its mitigation, not a description).
const RESPONSES: &[&str] = &[
    "strateg",
    "mitigat",
    "recover",
    "respon",
    "control",
    "continuity",
    "workaround",
    "fallback",
];

/// Whether a name says what could go wrong ("Hosting Failure", "Natural Disasters", "Loss of
/// power"): five words at most, its head noun a word of [`EVENTS`].
pub(crate) fn names_a_risk(name: &str) -> bool {
    let plain = normalise(name).to_lowercase();
    let words: Vec<&str> = plain
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // "Loss of power": the word before "of" is the head ("Discovery of Emergency" names
    // no risk).
    let of = words.iter().position(|w| *w == "of").filter(|&at| at > 0);
    let head_last = of.is_none() && words.last().is_some_and(|w| is_event_word(w));
    // ("Breach of this policy", "breach of contract": a wrong done to a rule, not an event.)
    let rule = |w: &&str| {
        [
            "policy",
            "policies",
            "contract",
            "agreement",
            "terms",
            "code",
            "conduct",
            "rules",
            "law",
            "regulations",
            "duty",
            "trust",
            "confidentiality",
            "calls",
            "requests",
        ]
        .contains(w)
    };
    let head_first = of.is_some_and(|at| {
        words.len() > at + 1 && is_event_word(words[at - 1]) && !words[at + 1..].iter().any(rule)
    });
    // ("Power restored after outage": what was done after it.)
    let done = words.iter().any(|w| {
        [
            "after",
            "restored",
            "resolved",
            "repaired",
            "fixed",
            "recovered",
        ]
        .contains(w)
    });
    // "Before an emergency", "During a flood", "Dealing with a Disaster": when or what is done,
    // not what could happen.
    // ("Hosting Failure" is a failure: an -ing word before a noun qualifies it.)
    let doing = |w: &str, next: &str| {
        w.ends_with("ing")
            && [
                "with", "for", "to", "during", "after", "before", "a", "an", "the",
            ]
            .contains(&next)
    };
    let when_or_doing =
        words.len() >= 2 && (PHASES.contains(&words[0]) || doing(words[0], words[1]));
    (1..=5).contains(&words.len()) && (head_last || head_first) && !when_or_doing && !done
}

/// Runs of two lines or more inside a paragraph, each opening with a bold name and saying more
/// after it ("**Missing child** – I will follow …" under a lead-in): a list written without
/// list marks, with the line each run starts on (from 0).
pub(crate) fn bold_led_runs(text: &str) -> Vec<(usize, Vec<&str>)> {
    let mut runs: Vec<(usize, Vec<&str>)> = Vec::new();
    let mut open = false;
    for (i, line) in text.lines().enumerate() {
        let led = list_item(line).is_none()
            && line.trim_start().starts_with("**")
            && named_item(line).is_some();
        match (led, open, runs.last_mut()) {
            (true, true, Some((_, run))) => run.push(line),
            (true, _, _) => runs.push((i, vec![line])),
            _ => {}
        }
        open = led;
    }
    runs.retain(|(_, run)| run.len() >= 2);
    runs
}

/// Whether a text says what is done ("I will follow my Evacuation procedure", "Leave by the
/// nearest exit", "we call the parents").
pub(crate) fn says_what_is_done(text: &str) -> bool {
    let lower = normalise(text).to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().take(4).collect();
    let will = words
        .iter()
        .any(|w| ["will", "shall", "must", "should"].contains(w))
        && ["i", "we", "you", "staff"].contains(&words.first().copied().unwrap_or_default());
    will || super::instructions::opens_with_action(text.trim())
}

/// Words that open a name saying when something is done ("Before an emergency").
const PHASES: &[&str] = &[
    "before",
    "during",
    "after",
    "in",
    "for",
    "on",
    "when",
    "if",
    "following",
    "pre",
    "post",
];

/// Whether a word (lower case) is one of [`EVENTS`], or its plural ("failures", "breaches").
pub(crate) fn is_event_word(w: &str) -> bool {
    EVENTS.contains(&w)
        || w.strip_suffix('s').is_some_and(|s| EVENTS.contains(&s))
        || w.strip_suffix("es").is_some_and(|s| EVENTS.contains(&s))
}

impl Planner<'_> {
    /// A label list (`- **Label**: value` lines) whose every label names what could go wrong:
    /// the plan's risks. Whether it was read so.
    pub(crate) fn labels_as_risks(
        &mut self,
        pairs: &[(String, String)],
        line: usize,
        section: &str,
    ) -> bool {
        // A value that is only a way to reach someone ("**Gas emergency:** 0800 111 999")
        // makes the label a contact, not a risk.
        let only_an_address = |v: &str| {
            let v = v.trim();
            v.contains('@') && !v.contains(' ')
                || v.chars()
                    .all(|c| c.is_ascii_digit() || " +-()/".contains(c))
        };
        // Under a heading naming a group of them ("Incidents"), labels whose every value says
        // what is done ("**Missing child** – I will follow my Missing Child policy") are the
        // risks it is done for, whatever their names say; a job ("Fire Warden") is none.
        let responses = super::risk_groups::names_risk_group(section)
            && pairs.iter().all(|(label, value)| {
                says_what_is_done(value) && !super::prose::is_job_title(label)
            });
        if pairs.len() < 2
            || pairs.iter().any(|(_, value)| only_an_address(value))
            || !(responses || pairs.iter().all(|(label, _)| names_a_risk(label)))
        {
            return false;
        }
        self.risks(pairs, line, section);
        true
    }

    /// Lists inside a block of text (after a lead-in, beside paragraphs) whose items are named
    /// (`- Name: text`, `- **Name** — text`) and whose every name says what could go wrong.
    /// A block that is only a label list is read by [`Planner::labels_as_risks`].
    pub(crate) fn risks_in_lists(&mut self, text: &str, first_line: usize, section: &str) {
        if bold_labels(text).is_some() {
            return; // the labels' reading
        }
        for (offset, items) in list_groups(text).into_iter().chain(bold_led_runs(text)) {
            let pairs: Vec<(String, String)> = items.iter().filter_map(|l| named_item(l)).collect();
            if pairs.len() == items.len() {
                self.labels_as_risks(&pairs, first_line + offset, section);
            }
        }
    }

    fn risks(&mut self, pairs: &[(String, String)], line: usize, section: &str) {
        let lower = section.to_lowercase();
        let said = match RESPONSES.iter().any(|w| lower.contains(w)) {
            true => "mitigation",
            false => "notes",
        };
        for (name, value) in pairs {
            self.risk(
                name,
                (said, value),
                line,
                "a list item naming what could go wrong",
            );
        }
    }

    /// One risk called `name`, with what the plan says of it in the field `said.0` (none when
    /// it says nothing), unless it was read already.
    pub(crate) fn risk(&mut self, name: &str, said: (&str, &str), line: usize, detail: &str) {
        let risk = kind_def("risk");
        if self.already_read(risk, name) {
            return;
        }
        let (id, new) = self.id_for(risk, name);
        let row = self.row(risk, &id);
        row.insert("name".into(), name.into());
        if !said.1.is_empty() {
            row.insert(said.0.into(), said.1.into());
        }
        self.entry(line, "risk", name, Some(&id), new, detail.into());
    }
}

/// Words of a heading that says the headings under it are risks ("Disaster Recovery
/// Scenarios", "Threats", "Key Risks").
pub(crate) const GROUPS: &[&str] = &[
    "risks",
    "threats",
    "scenarios",
    "hazards",
    "emergencies",
    "disasters",
    "incidents",
];

/// Words of [`GROUPS`] that say every heading under them is one ("Key Risks"); under the others
/// ("Field emergencies", "Incidents") a heading may as well say what is done or whom to call
/// ("9-1-1", "Non-Emergency Medical Services").
pub(crate) const STRONG_GROUPS: &[&str] = &["risks", "threats", "scenarios", "hazards"];

/// The last word of a title, in lower case.
fn last_word(title: &str) -> String {
    title
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .unwrap_or_default()
        .to_string()
}

/// Sibling headings that are risks: under a heading naming them ("Disaster Recovery
/// Scenarios": "Losing a Namespace", "Losing the whole cluster"), or each named by what could
/// go wrong ("DDoS", "Insider Threat", "Ransomware"); or one heading naming a particular thing
/// that could go wrong ("Fire" beside "First Aid"). A heading naming a part of a plan
/// ("Overview", "Roles") is none.
pub(crate) fn headings_as_risks(p: &mut Planner, blocks: &[Block]) {
    let risk = kind_def("risk");
    let previous = p.confidence;
    p.confidence = Confidence::Likely;
    let siblings = sibling_headings(blocks);
    // Headings with headings under them whose last word names a group ("Potential Hazards",
    // "Field emergencies"): groups, not one thing that could go wrong.
    // (Not one over the phases of its response: "Medical Emergencies" over "Immediate
    // Actions" and "Support Actions" is one thing that could go wrong.)
    let groups: Vec<&str> = siblings
        .iter()
        .filter(|(_, members)| {
            !members
                .iter()
                .all(|(_, t)| names_a_part(t) || says_what_is_done_title(t))
        })
        .filter_map(|(parent, _)| parent.as_deref())
        .filter(|t| GROUPS.contains(&last_word(t).as_str()))
        .collect();
    for (parent, members) in siblings.iter().cloned() {
        // The parent's last word names the group ("Disaster Recovery Scenarios", "Key
        // Risks"); a title that only mentions them ("Emergencies and Critical Incidents
        // Policy") does not.
        let last = last_word(parent.as_deref().unwrap_or_default());
        let titles: Vec<(usize, String)> = members
            .into_iter()
            .map(|(line, t)| (line, without_stamp(&t).to_string()))
            .filter(|(_, t)| {
                !names_a_part(t)
                    && t.split_whitespace().count() <= 8
                    && !t.ends_with('?')
                    && t.chars().any(char::is_alphabetic)
                    && !groups.contains(&t.as_str())
            })
            .collect();
        // "Protocol Emergencies", "Opsec Emergencies", "Frontend Emergencies": sorts of one
        // group, each over its list of what could go wrong — categories, not risks.
        let sorts = titles.len() >= 2
            && titles.iter().all(|(_, t)| {
                let w = last_word(t);
                GROUPS.contains(&w.as_str()) && w == last_word(&titles[0].1)
            });
        if sorts {
            continue;
        }
        let events = titles.iter().filter(|(_, t)| names_a_risk(t)).count();
        let all_events = events == titles.len();
        // Under "Emergencies" the headings are what could go wrong when most of them say so
        // ("Fire", "Flood", "Intruder"), not when they say whom to call ("9-1-1").
        let named = STRONG_GROUPS.contains(&last.as_str())
            || GROUPS.contains(&last.as_str()) && events * 2 > titles.len();
        let titles: Vec<(usize, String)> = match titles.len() >= 2 && (named || all_events) {
            true => titles,
            // A heading alone naming what could go wrong ("Fire" beside "First Aid"): that
            // one, when it names a particular thing ("Emergencies" names none).
            // ("Remediation and service disruption" names a part of the response.)
            false => titles
                .into_iter()
                .filter(|(_, t)| names_one_risk_alone(t))
                .collect(),
        };
        for (line, title) in titles {
            let title = normalise(&title);
            if p.already_read(risk, &title) {
                continue;
            }
            let (id, new) = p.id_for(risk, &title);
            p.row(risk, &id).insert("name".into(), title.clone().into());
            let detail = match &parent {
                Some(parent) if named => format!("a heading under “{parent}”"),
                _ => "a heading naming what could go wrong".into(),
            };
            p.entry(line, "risk", &title, Some(&id), new, detail);
        }
    }
    p.confidence = previous;
}

/// Whether a heading alone names a particular thing that could go wrong ("Fire" beside "First
/// Aid"; "Emergencies" names none). ("Remediation and service disruption" names a part of the
/// response.)
fn names_one_risk_alone(t: &str) -> bool {
    // (A level's heading, "P0 - Critical (Complete Service Outage)", is no
    // risk: a heading alone must be only a name.)
    // ("Severe Weather (Tornado/High Winds)": the name, and what it covers.)
    let plain = normalise(t);
    let plain = match plain.split_once(" (") {
        Some((name, said)) if said.ends_with(')') && !said.contains('(') => name.to_string(),
        _ => plain,
    };
    !is_generic(&plain)
        && plain.split_whitespace().count() <= 4
        && !plain.contains(|c: char| c.is_ascii_digit() || "()-–—:".contains(c))
        && plain
            .split([',', '&'])
            .flat_map(|p| p.split(" and "))
            .all(names_a_risk)
}

/// Whether a heading says what is done at a stage ("Immediate Actions", "Support Actions",
/// "Protocol: Run, Hide, Fight", "Communication").
fn says_what_is_done_title(title: &str) -> bool {
    let plain = normalise(title).to_lowercase();
    let first = plain.split([':', ' ']).next().unwrap_or_default();
    let last = plain.rsplit(' ').next().unwrap_or_default();
    [
        "actions",
        "action",
        "steps",
        "response",
        "procedure",
        "procedures",
        "checklist",
    ]
    .contains(&last)
        || ["protocol", "procedure", "communication", "communications"].contains(&first)
}

/// A title without the date or time it opens with ("25-Jun-2021: Bigdata storage failed",
/// "10:02 AM, 13-Apr-17: UPS failure" in a log of what happened): the name is what follows.
pub(crate) fn without_stamp(title: &str) -> &str {
    const MONTHS: &[&str] = &[
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "am",
        "pm",
    ];
    let Some((stamp, name)) = title.split_once(": ") else {
        return title;
    };
    let words: Vec<String> = stamp
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let dated = words.iter().any(|w| w.chars().all(|c| c.is_ascii_digit()))
        && words
            .iter()
            .all(|w| w.chars().all(|c| c.is_ascii_digit()) || MONTHS.contains(&w.as_str()));
    match dated && !name.trim().is_empty() {
        true => name.trim(),
        false => title,
    }
}

/// Whether a name says only that something goes wrong, not what ("Emergencies", "Major
/// Incident", "Other disasters").
pub(crate) fn is_generic(name: &str) -> bool {
    const GENERIC: &[&str] = &[
        "emergency",
        "emergencies",
        "disaster",
        "disasters",
        "threat",
        "threats",
        "failure",
        "failures",
        "loss",
        "damage",
        "incident",
        "incidents",
        "disruption",
        "disruptions",
        "problem",
        "problems",
        "issue",
        "issues",
        "situation",
        "risk",
        "risks",
        "danger",
        "crisis",
        "event",
        "events",
        "major",
        "minor",
        "other",
        "serious",
        "critical",
        "significant",
        "potential",
        "possible",
        "an",
        "a",
        "the",
        "in",
        "case",
        "of",
        "any",
        "all",
    ];
    normalise(name)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| GENERIC.contains(&w))
}

/// Headings (line, title) under one parent, with the parent's title.
type Siblings = (Option<String>, Vec<(usize, String)>);

/// Sibling headings of `blocks`, with their parent heading's title.
fn sibling_headings(blocks: &[Block]) -> Vec<Siblings> {
    // (parent's index, level) → the group.
    let mut groups: Vec<((Option<usize>, u8), Siblings)> = Vec::new();
    let mut stack: Vec<(u8, usize, &str)> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let Block::Heading { level, title, line } = b else {
            continue;
        };
        while stack.last().is_some_and(|(l, _, _)| l >= level) {
            stack.pop();
        }
        let parent = stack.last().map(|(_, at, t)| (*at, t.to_string()));
        let key = (parent.as_ref().map(|(at, _)| *at), *level);
        stack.push((*level, i, title));
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, (_, members))) => members.push((*line, title.clone())),
            None => groups.push((key, (parent.map(|(_, t)| t), vec![(*line, title.clone())]))),
        }
    }
    groups.into_iter().map(|(_, siblings)| siblings).collect()
}

/// The top-level items of each list in a block, with the line each list starts on (from 0);
/// an item's indented lines belong to it.
pub(crate) fn list_groups(text: &str) -> Vec<(usize, Vec<&str>)> {
    item_runs(&text.lines().collect::<Vec<_>>(), true)
}

/// Runs of list items, with the line each run starts on (from 0): the top-level items only,
/// their indented lines belonging to them (`top_only`), or items at any indent, a line that is
/// no item ending the run.
pub(crate) fn item_runs<'t>(lines: &[&'t str], top_only: bool) -> Vec<(usize, Vec<&'t str>)> {
    let mut runs: Vec<(usize, Vec<&str>)> = Vec::new();
    let mut open = false;
    for (i, line) in lines.iter().enumerate() {
        let top = !line.starts_with(char::is_whitespace);
        match (list_item(line).is_some() && (top || !top_only), open) {
            (true, true) => {
                if let Some((_, items)) = runs.last_mut() {
                    items.push(line);
                }
            }
            (true, false) => {
                runs.push((i, vec![line]));
                open = true;
            }
            // An item's own lines go on it; anything else at the margin ends the list.
            (false, _) => open = top_only && open && !top,
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_says_what_could_go_wrong_by_its_head_noun() {
        for name in [
            "Hosting Failure",
            "Data Corruption",
            "Cybersecurity Breaches",
            "Natural Disasters",
            "Health Emergencies",
            "Physical Security Threats",
            "Loss of key staff",
            "**Power outage**",
            "Fire",
        ] {
            assert!(names_a_risk(name), "{name}");
        }
        for name in [
            "Fire Warden",
            "Failover Site",
            "Breach Reporting",
            "Incident Support",
            "Remote Operations",
            "Succession",
            "A very long description of a failure that is a sentence",
            "Before an emergency",
            "During a flood",
            "Dealing with a Disaster",
            "Discovery of Emergency",
        ] {
            assert!(!names_a_risk(name), "{name}");
        }
    }

    #[test]
    fn lists_are_found_beside_paragraphs() {
        let text = "Potential emergencies could include:\n- Cybersecurity Breaches: theft\n  of data.\n- Natural Disasters: floods.\n\nIf you see one, follow these steps:\n\n- Stay calm\n";
        let groups = list_groups(text);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].0, 1);
        assert_eq!(groups[0].1.len(), 2);
        assert_eq!(groups[1].1, vec!["- Stay calm"]);
    }
}
