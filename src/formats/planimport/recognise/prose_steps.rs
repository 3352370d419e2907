//! Steps written as a paragraph: "Switch off all electrical appliances, remove plugs from
//! sockets and turn off the main electricity switch. Unplug the telephone, if it is likely to be
//! submerged. Move valuables to higher levels if possible. Contact Mark Stanley on 01969 663835."
//! under "Flooding" — a small organisation's procedure as people write it, each sentence a step.

use super::*;

/// The sentences of the paragraphs of instructions in a block, one step each: paragraphs of
/// prose (not a list, a table or a bold line standing alone) of two sentences or more, three in
/// four of them telling the reader what to do — opening with a verb of what to do ("Unplug the
/// telephone"), after "Please", "Immediately", "First," ("Please ring 999"), or after a
/// condition ("If you have a vehicle nearby, move it", "During a storm, stay indoors"). Each
/// paragraph is judged on its own: a paragraph of context beside one of steps leaves the steps
/// steps. What someone shall or must do ("Staff must complete training") is policy, and "Please
/// note that …" is information: neither counts. `None` when no paragraph is one.
pub(crate) fn prose_steps(text: &str) -> Option<Vec<String>> {
    crate::formats::planimport::memo::remembered("prose_steps.rs:prose_steps", text, || {
        prose_steps_read(text)
    })
}

fn prose_steps_read(text: &str) -> Option<Vec<String>> {
    let text = without_code(text);
    let paragraphs: Vec<&str> = text
        .split("\n\n")
        .filter(|paragraph| {
            paragraph.lines().all(|l| {
                let t = l.trim();
                list_item(l).is_none() && !t.starts_with('|') && !t.starts_with('#')
            })
        })
        // A picture between the steps ("*(Image: Screenshot of …)*", "![…](…)") is no
        // sentence of them.
        .filter(|paragraph| {
            let t = paragraph.trim_start();
            !["*(Image:", "!["].iter().any(|m| t.starts_with(m))
        })
        .collect();
    // Short paragraphs, a step or two each ("If your laptop is stolen, please contact the
    // Police." … "You also need to contact the Operations Team." … "Following this, please
    // email Compliance."): judged together.
    if let Some(steps) = short_paragraph_steps(&paragraphs) {
        return Some(steps);
    }
    let steps: Vec<String> = paragraphs
        .iter()
        .filter_map(|p| paragraph_steps(p))
        .flatten()
        .collect();
    (!steps.is_empty()).then_some(steps)
}

/// Words that say someone has a duty, after who has it ("The school *must* contact the
/// president", "Coaches *should* direct students …").
const DUTIES: &[&str] = &[
    "must", "should", "shall", "will", "needs to", "need to", "is to", "are to", "has to",
    "have to",
];

/// Whether a sentence says what someone must do: one to ten words naming who, then a word of
/// [`DUTIES`], then a verb ("The school must keep the host school apprised").
fn says_a_duty(sentence: &str) -> bool {
    let lower = normalise(sentence).to_lowercase();
    // "If the president can reassign them by 2pm, the visiting schools must compete": the
    // duty after the condition.
    let conditional = ["if", "when", "once", "where", "in", "unless", "should"]
        .contains(&lower.split_whitespace().next().unwrap_or_default());
    if conditional
        && let Some((_, after)) = sentence.split_once(", ")
        && says_a_duty(after)
    {
        return true;
    }
    DUTIES.iter().any(|d| {
        lower.match_indices(&format!(" {d} ")).any(|(at, _)| {
            let who = lower[..at].split_whitespace().count();
            let rest = &lower[at + d.len() + 2..];
            let rest = rest.strip_prefix("not ").unwrap_or(rest);
            let rest = rest.strip_prefix("be ").map_or(rest, |r| r);
            // ("Any follow-up actions or identified changes to improve reliability should be
            // added to an issue": a duty said of what is done, its subject long.)
            (1..=10).contains(&who)
                && !["it", "this", "that", "there"]
                    .contains(&lower.split_whitespace().next().unwrap_or_default())
                && rest.split_whitespace().next().is_some_and(|w| w.len() > 2)
        })
    })
}

/// The sentences of a text's paragraphs of prose when they say, most of them, what someone must
/// do or tell the reader what to do: under a heading naming a situation ("School arrives
/// significantly late to site", "If the server is down") such a paragraph is its procedure, a
/// step a sentence (the sentences around them stay the section's text). Two at least, half of
/// the sentences that are no example.
pub(crate) fn duty_steps(text: &str) -> Option<Vec<String>> {
    let text = without_code(text);
    let sentences: Vec<String> = text
        .split("\n\n")
        .filter(|p| {
            p.lines()
                .all(|l| list_item(l).is_none() && !l.trim_start().starts_with(['|', '#', '>']))
        })
        .flat_map(|p| {
            prose::sentences(p)
                .into_iter()
                .map(|(_, s)| s.trim().to_string())
        })
        .filter(|s| normalise(s).split_whitespace().count() >= 3)
        .collect();
    // "Example: if the tool is offline for an hour, …" illustrates; it is no step, and does
    // not count against the steps.
    let example = |s: &str| {
        let l = s.trim_start().to_lowercase();
        ["example", "for example", "e.g.", "for instance"]
            .iter()
            .any(|e| l.starts_with(e))
    };
    let said: Vec<&String> = sentences.iter().filter(|s| !example(s)).collect();
    let steps: Vec<String> = said
        .iter()
        .filter(|s| says_a_duty(s) || commands(s))
        .map(|s| s.to_string())
        .collect();
    (steps.len() >= 2 && steps.len() * 2 >= said.len()).then_some(steps)
}

/// The text with each fenced code block made a paragraph break: the code steps give is no
/// sentence of them, and a paragraph written right after a closing fence is one of its own.
fn without_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fence: Option<&str> = None;
    for line in text.lines() {
        let t = line.trim_start();
        match fence {
            Some(f) => {
                if t.starts_with(f) {
                    fence = None;
                }
            }
            None => {
                if let Some(f) = ["```", "~~~"].into_iter().find(|f| t.starts_with(f)) {
                    fence = Some(f);
                    out.push('\n');
                } else {
                    out.push_str(line);
                    out.push('\n');
                    continue;
                }
            }
        }
        if fence.is_none() {
            out.push('\n');
        }
    }
    out
}

/// The sentences of short paragraphs (three sentences at most each, two paragraphs or more),
/// when three in four of them, and three at least, tell the reader what to do.
fn short_paragraph_steps(paragraphs: &[&str]) -> Option<Vec<String>> {
    let each: Vec<Vec<String>> = paragraphs
        .iter()
        .map(|p| {
            prose::sentences(p)
                .into_iter()
                .map(|(_, s)| s.trim().to_string())
                // (An address standing alone after a sentence is no sentence of its own.)
                .filter(|s| normalise(s).split_whitespace().count() >= 3)
                .collect()
        })
        .filter(|s: &Vec<String>| !s.is_empty())
        .collect();
    if each.len() < 2 || each.iter().any(|s| s.len() > 3) {
        return None;
    }
    let sentences: Vec<String> = each.into_iter().flatten().collect();
    let commands = sentences.iter().filter(|s| commands(s)).count();
    (commands >= 3 && commands * 4 >= sentences.len() * 3).then_some(sentences)
}

/// One paragraph's sentences, if three in four of two or more tell the reader what to do.
fn paragraph_steps(paragraph: &str) -> Option<Vec<String>> {
    let sentences: Vec<String> = prose::sentences(paragraph)
        .into_iter()
        .map(|(_, s)| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let commands = sentences.iter().filter(|s| commands(s)).count();
    (sentences.len() >= 2 && commands >= 2 && commands * 4 >= sentences.len() * 3)
        .then_some(sentences)
}

/// Words that only lead into an instruction ("Please ring 999", "First, check the gauge").
const LEADS: &[&str] = &[
    "please",
    "always",
    "then",
    "also",
    "immediately",
    "first",
    "next",
    "finally",
    "only",
    "now",
    "quickly",
    "calmly",
];

/// Openings that say something to know, not something to do ("Please note that the Director is
/// not a confidential resource", "Remember that the doors lock at six").
const INFORMS: &[&str] = &[
    "please note",
    "please be aware",
    "please be advised",
    "note that",
    "note:",
    "remember that",
    "keep in mind",
    "be aware",
    "notice that",
    // Where to read more ("Please refer to the System Security Plan for the diagrams").
    "refer to",
    "see ",
];

/// Whether a sentence tells the reader what to do (see [`prose_steps`]).
fn commands(sentence: &str) -> bool {
    let plain = sentence.replace("**", "");
    let plain = plain.trim();
    let lower = plain.to_lowercase();
    let led = without_leads(plain).to_lowercase();
    if INFORMS
        .iter()
        .any(|i| lower.starts_with(i) || led.starts_with(i))
    {
        return false;
    }
    // A line of code left in the text ("export const Version = ({v}) => <p>…</p>") tells no one.
    if ["=>", " = ", "</", "();"].iter().any(|c| plain.contains(c)) {
        return false;
    }
    if opens_with_action(&without_leads(plain)) {
        return !a_noun_said_of(&without_leads(plain));
    }
    // "You also need to contact the Operations Team", "You should provide them with …": told
    // to the reader, not a policy of someone else's.
    let told = [
        "you need to ",
        "you should ",
        "you must ",
        "you will need to ",
        "you have to ",
    ]
    .iter()
    .find_map(|t| {
        without_leads(&lower.replacen("you also ", "you ", 1))
            .strip_prefix(t)
            .map(str::to_string)
    });
    if let Some(rest) = told {
        return opens_with_action(&rest);
    }
    // "If you notice a fire please ring 999", "If heavy snow is forecast, ensure …", "If you
    // are unsure, or out of options, contact Chezi".
    let first = lower.split_whitespace().next().unwrap_or_default();
    let conditional = [
        "if",
        "when",
        "whenever",
        "once",
        "unless",
        "after",
        "before",
        "during",
        "in",
        "on",
        "should",
        "where",
        "while",
        "until",
        "as",
        "following",
        "afterwards",
    ]
    .contains(&first);
    conditional && acts_after_the_condition(plain, &lower)
}

/// Whether what follows a sentence's condition tells the reader what to do: after a comma, a
/// "please", or "you should" ("If you notice a fire please ring 999").
fn acts_after_the_condition(plain: &str, lower: &str) -> bool {
    let after_commas = plain.match_indices(',').map(|(at, _)| &plain[at + 1..]);
    let after_please = plain
        .match_indices(" please ")
        .map(|(at, _)| &plain[at + 8..]);
    // "When taking a report from someone you should record what they say" (no comma).
    let after_you = [" you should ", " you must ", " you need to "]
        .iter()
        .flat_map(|t| {
            lower
                .match_indices(t)
                .filter_map(|(at, _)| plain.get(at + t.len()..))
        });
    after_commas
        .chain(after_please)
        .chain(after_you)
        .any(|rest| {
            let rest = without_leads(rest);
            rest.split_whitespace().count() >= 2 && opens_with_action(&rest)
        })
}

/// Whether a sentence opening with a word that is a noun as well as a verb says something of
/// that noun ("Email is our main channel", "Contact details are kept on the drive", "Text
/// messages are for urgent alerts") rather than telling the reader to do it ("Email the
/// insurer").
fn a_noun_said_of(sentence: &str) -> bool {
    const BOTH: &[&str] = &[
        "email", "e-mail", "text", "contact", "head", "backup", "backups", "file", "record",
        "phone", "call", "report", "note", "list", "check", "test", "review", "update", "change",
        "type", "export", "import", "draft", "edit", "save",
    ];
    const SAID: &[&str] = &[
        "is", "are", "was", "were", "will", "has", "have", "can", "may", "should", "must",
    ];
    let words: Vec<String> = sentence
        .split_whitespace()
        .take(3)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase()
        })
        .collect();
    // ("Check it is safe", "Test that the alarm is heard": the object comes first.)
    const OBJECTS: &[&str] = &["it", "that", "this", "they", "everyone", "whether", "if"];
    let said = |i: usize| words.get(i).is_some_and(|w| SAID.contains(&w.as_str()));
    let object = words.get(1).is_some_and(|w| OBJECTS.contains(&w.as_str()));
    words.first().is_some_and(|w| BOTH.contains(&w.as_str())) && (said(1) || (said(2) && !object))
}

/// `text` without the words of [`LEADS`] it opens with ("First, Then call" → "call").
fn without_leads(text: &str) -> String {
    let mut rest = text.trim_start();
    loop {
        let word = rest.split_whitespace().next().unwrap_or_default();
        let bare = word.trim_end_matches(',').to_lowercase();
        if word.is_empty() || !LEADS.contains(&bare.as_str()) {
            return rest.to_string();
        }
        rest = rest[word.len()..].trim_start();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_someone_must_do_in_a_situation_is_its_steps() {
        let late = "The school must keep the host school apprised of their predicament and must contact the president before 11pm.  The school will be allowed to administer the contest at their own school.  Coaches should direct students to avoid any improper contact.";
        assert_eq!(duty_steps(late).map(|s| s.len()), Some(3));
        // Context, not duties.
        let context = "Rescheduling a meet is not possible. It is imperative that schools submit contact information. The league was founded in 1970.";
        assert_eq!(duty_steps(context), None);
        // Examples illustrate and count for nothing; a sentence of context is no step.
        let planned = "If changes might disrupt a service, a notification should be sent 72h before. Further notifications should be made. What counts as disruptive depends on the service. Example: If the tool is offline, we can use a maintenance page.";
        assert_eq!(
            duty_steps(planned),
            Some(vec![
                "If changes might disrupt a service, a notification should be sent 72h before."
                    .to_string(),
                "Further notifications should be made.".to_string()
            ])
        );
    }

    #[test]
    fn a_how_to_between_screenshots_and_code_is_steps() {
        let how_to = "Go to *Home > Administration* and click on the \"Staff\" tab\n\n\
             *(Image: Screenshot of where to find the tab)*\n\n\
             Scroll down to the preference and click on \"Edit\"\n\n\
             ```\n//BEGIN closure\n```\nPaste these lines below it\n\n\
             Select the library and save.";
        let steps = prose_steps(how_to).expect("steps");
        assert_eq!(steps.len(), 4, "{steps:?}");
        assert!(steps[2].starts_with("Paste these lines"));
        // Code and what a noun is: no steps.
        assert_eq!(
            prose_steps(
                "export const V = ({v}) => <p>{v}</p>;\n\nChange history is tracked in git."
            ),
            None
        );
    }

    #[test]
    fn a_condition_without_a_comma_then_you_should_is_a_step() {
        assert!(commands(
            "When taking a report from someone who is upset you should write down what they say."
        ));
        assert!(commands("Respect the reporter's privacy."));
        // (Upper-case letters whose lower case is longer do not move the reading.)
        assert!(!commands("When İstanbul calls you should"));
        let taking = "When taking a report you should record what they say.\n\n\
             Ask for the time and place. If the reporter wants it, arrange an escort.\n\n\
             Do not pressure the reporter. Respect their privacy.";
        assert_eq!(prose_steps(taking).map(|s| s.len()), Some(5));
    }

    #[test]
    fn a_paragraph_of_instructions_is_steps() {
        let flooding = "Switch off all electrical appliances, remove plugs from sockets and turn off the main electricity switch. Unplug the telephone, if it is likely to be submerged, and move it out of the way of the water. Move valuables and anything else you can to higher levels if possible. Sandbags can be provided if you think they will help. Contact Mark Stanley on 01969 663835.";
        let steps = prose_steps(flooding).expect("steps");
        assert_eq!(steps.len(), 5);
        assert!(steps[0].starts_with("Switch off all electrical appliances"));
        let fire = "If you notice a fire please ring 999 immediately and then leave the area as quickly as you can. If you have a vehicle in the vicinity, move it out of the way as soon as possible.";
        assert_eq!(prose_steps(fire).map(|s| s.len()), Some(2));
        // A paragraph of context beside the paragraph of steps, and a list after them.
        let mixed = "The building has a sprinkler system. Security staff are on site at all times.\n\n\
             Immediately call 911. First, tell Security. If you are unsure, or the fire is small, use an extinguisher.\n\n\
             - Floor wardens";
        let steps = prose_steps(mixed).expect("steps");
        assert_eq!(steps.len(), 3, "{steps:?}");
        assert!(steps[0].starts_with("Immediately call 911"));
    }

    #[test]
    fn prose_that_tells_no_one_what_to_do_is_no_steps() {
        for text in [
            // What the page is, and what the organisation has done.
            "This page has been put together to give the residents of the Parish information. It was completed in October 2007. The Plan also contains a list of equipment.",
            // Policy: what someone must do.
            "All staff must complete fire training every year. Managers should review the plan. The plan will be tested annually.",
            // One instruction in a paragraph of description.
            "The hall has two exits. Keep them clear. The car park is at the back. The kitchen is on the left.",
            // A list is read as a list, elsewhere.
            "Do this:\n\n- Call 999\n- Leave the building",
            // Things to know, said politely.
            "Please note that the Director is not a confidential resource. Please be aware that the doors lock at six. Note that parking is limited.",
            // What the channels are: nouns that are verbs too, said of.
            "Email is our main channel. Text messages are used for urgent alerts. Contact details are kept on the shared drive.",
            // Where to read more, and whom to ask for it.
            "Please refer to the System Security Plan for the network diagrams. Please contact the point of contact for access to the diagrams, as necessary.",
        ] {
            assert_eq!(prose_steps(text), None, "{text}");
        }
    }

    #[test]
    fn short_paragraphs_of_a_step_or_two_are_judged_together() {
        let text = "If your laptop is lost or stolen, please contact the Police as soon as possible. You should provide them with the details.\n\nYou also need to contact the Operations Team asap so they can disable the device. You can do this via Slack: #ops or email: [ops@example.com](mailto:ops@example.com).\n\nFollowing this, please email Compliance with the crime number. [compliance@example.com](mailto:compliance@example.com).";
        let steps = prose_steps(text).expect("steps");
        assert_eq!(steps.len(), 5, "{steps:?}");
        assert!(steps[4].starts_with("Following this, please email Compliance"));
        // Paragraphs that say what is, whatever their length: none.
        let policy = "Laptops are encrypted. Staff must report losses.\n\nWe review the policy yearly. The Operations Team keeps the list.";
        assert_eq!(prose_steps(policy), None);
    }
}
