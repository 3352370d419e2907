//! Instructions, as the words of a list or a heading say them: the verbs that open a step to
//! take ("Call 999", "Announce the incident"), those that are as often nouns ("Report",
//! "Schedule"), and what a heading about duties or aims looks like.

use super::*;

/// Verbs that open an instruction ("Call 999", "Move everyone to the car park", "Do not
/// re-enter"): a list whose items mostly start with one is steps to follow.
const ACTIONS: &[&str] = &[
    "consider",
    "call",
    "phone",
    "ring",
    "dial",
    "text",
    "email",
    "e-mail",
    "tell",
    "inform",
    "notify",
    "alert",
    "contact",
    "ask",
    "check",
    "confirm",
    "ensure",
    "make",
    "keep",
    "stay",
    "wait",
    "go",
    "move",
    "leave",
    "evacuate",
    "get",
    "take",
    "bring",
    "collect",
    "gather",
    "meet",
    "stop",
    "start",
    "begin",
    "continue",
    "turn",
    "switch",
    "shut",
    "close",
    "open",
    "lock",
    "unlock",
    "isolate",
    "remove",
    "apply",
    "give",
    "administer",
    "perform",
    "use",
    "send",
    "post",
    "record",
    "document",
    "log",
    "note",
    "write",
    "report",
    "approach",
    "offer",
    "assist",
    "help",
    "monitor",
    "watch",
    "provide",
    "secure",
    "restore",
    "review",
    "update",
    "identify",
    "assess",
    "establish",
    "activate",
    "direct",
    "escort",
    "account",
    "cover",
    "return",
    "retrieve",
    "sound",
    "raise",
    "put",
    "place",
    "avoid",
    "do",
    "don't",
    "never",
    "be",
    "follow",
    "find",
    "look",
    "listen",
    "treat",
    "cool",
    "warm",
    "seek",
    "head",
    "row",
    "land",
    "clear",
    "count",
    "hand",
    "let",
    "set",
    "fetch",
    "remember",
    "pull",
    "push",
    "carry",
    "wear",
    "unplug",
    "locate",
    "assemble",
    "sit",
    "lie",
    "hold",
    "press",
    "announce",
    "declare",
    "escalate",
    "schedule",
    "create",
    "assign",
    "communicate",
    "coordinate",
    "investigate",
    "verify",
    "validate",
    "test",
    "prepare",
    "determine",
    "decide",
    "page",
    "join",
    "file",
    "submit",
    "share",
    "publish",
    "acknowledge",
    "resolve",
    "fix",
    "deploy",
    "restart",
    "reboot",
    "recover",
    "capture",
    "preserve",
    "attend",
    "designate",
    "appoint",
    "brief",
    "debrief",
    "organise",
    "organize",
    "arrange",
    "request",
    "invoke",
    "engage",
    "consult",
    "discuss",
    "contain",
    "eradicate",
    "mitigate",
    "disable",
    "enable",
    "revoke",
    "rotate",
    "reset",
    "block",
    "quarantine",
    "disconnect",
    "reconnect",
    "inspect",
    "photograph",
    "describe",
    "explain",
    "agree",
    "invite",
    "reassure",
    "remind",
    "warn",
    "shout",
    "signal",
    "summon",
    "dispatch",
    "route",
    "redirect",
    "fail",
    "failover",
    "roll",
    "backup",
    "copy",
    "download",
    "upload",
    "install",
    "configure",
    "draft",
    "respect",
    "scroll",
    "click",
    "choose",
    "select",
    "navigate",
    "tap",
    "paste",
    "type",
    "change",
    "add",
    "edit",
    "save",
    "export",
    "import",
    "migrate",
    "mount",
    "delete",
    "patch",
    "upgrade",
    "rebuild",
    "reinstall",
    "replace",
    "repair",
    "clean",
    "check-in",
    "sign",
    "print",
    "read",
    "answer",
    "respond",
    "reply",
    "greet",
    "support",
    "stand",
    "proceed",
    "walk",
    "run",
    "drive",
    "park",
    "exit",
    "enter",
    "search",
    "fill",
    "complete",
    "stock",
    "shelter",
    "remain",
    "try",
    "talk",
    "telephone",
    "react",
    "grab",
    "protect",
    "refer",
    "deal",
    "accompany",
];

/// Whether a text is a list of instructions: two items at least, most opening with a verb of
/// [`ACTIONS`] or saying what someone shall, must or is to do.
pub(crate) fn imperative_steps(text: &str) -> bool {
    crate::formats::planimport::memo::remembered("instructions.rs:imperative_steps", text, || {
        imperative_steps_read(text)
    })
}

fn imperative_steps_read(text: &str) -> bool {
    // The list's own items: what is nested under them may be notes ("Anyone can begin one").
    let steps = top_items(text);
    if steps.len() < 2 {
        return false;
    }
    let acts = steps.iter().filter(|s| instructs(s)).count();
    acts * 5 >= steps.len() * 3
}

/// Whether a step tells someone what to do: it opens with a verb of [`ACTIONS`], says what
/// someone is to do, or does so after a condition or a short label ("If it won't set: Don't
/// force it", "When the alarm sounds, leave by the nearest exit", "Log it: Let management
/// know").
fn instructs(step: &str) -> bool {
    crate::formats::planimport::memo::remembered("instructions.rs:instructs", step, || {
        instructs_read(step)
    })
}

fn instructs_read(step: &str) -> bool {
    let told = |s: &str| opens_with_action(s) || is_duty(s);
    if told(step) {
        return true;
    }
    let plain = step.replace("**", "");
    let first = plain
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let lower = plain.trim_start().to_lowercase();
    let conditional = [
        "if", "when", "whenever", "once", "unless", "after", "before",
    ]
    .contains(&first.as_str())
        || ["in the event", "in case", "in the case"]
            .iter()
            .any(|c| lower.starts_with(c));
    let told_after = |at: usize, least: usize| {
        let rest = plain[at..].trim_start_matches([':', ',', '—', '.', '…', ' ']);
        // "**CEO**: [Contact information]" is a blank to fill in, not an instruction.
        !rest.starts_with(['[', '(', '<']) && rest.split_whitespace().count() >= least && told(rest)
    };
    if conditional {
        // After the condition, wherever its clause ends: "If SSH is not alive, find Asheesh",
        // "If SSH is not alive, and the website is down... Find Asheesh".
        return plain
            .match_indices([',', ':', '—', '.', '…'])
            .any(|(at, _)| told_after(at, 2));
    }
    let cut = plain
        .find([':', ',', '—'])
        .filter(|&at| plain[at..].starts_with(':') && plain[..at].split_whitespace().count() <= 6);
    cut.is_some_and(|at| told_after(at, 3))
}

/// Whether a list tells what happens, step by step, in the third person: most of its items
/// say someone does one of [`ACTIONS`] ("The fosterer contacts the on-duty coordinator", "The
/// Foster Coordinator arranges temporary cover", "IT restores the backup").
pub(crate) fn narrated_steps(text: &str) -> bool {
    let steps = top_items(text);
    steps.len() >= 2 && steps.iter().filter(|s| narrates(s)).count() * 2 > steps.len()
}

/// Whether a list, of three items at least, is steps however each is told: most of its items
/// either tell someone what to do ("Request a CVE number") or say what someone does next ("The
/// security team investigates the report", "If the report is rejected, the team writes to the
/// reporter") — as a process is often written, in both moods at once.
pub(crate) fn told_steps(text: &str) -> bool {
    let steps = top_items(text);
    steps.len() >= 3
        && steps.iter().filter(|s| instructs(s) || narrates(s)).count() * 5 >= steps.len() * 3
}

/// Whether one sentence tells a step in either mood ("Request a CVE number", "The team
/// writes to the reporter", "I will take a small first aid kit with me").
pub(crate) fn tells_a_step(sentence: &str) -> bool {
    instructs(sentence) || narrates(sentence)
}

/// The words of a list's own items (not those nested under them).
fn top_items(text: &str) -> Vec<String> {
    list_entries(text)
        .into_iter()
        .filter(|e| e.top)
        .map(|e| e.text)
        .collect()
}

/// Whether a sentence says someone does one of [`ACTIONS`], early on ("The fosterer contacts
/// the coordinator", "The person discovering the issue, the reporter, reports it"), or does so
/// after a condition ("If the report is rejected, the team writes to the reporter"). A short
/// item is a noun phrase ("Emergency contacts"), whatever its last word.
fn narrates(step: &str) -> bool {
    step.split_whitespace().count() >= 4 && narrated_verb(step).is_some()
}

/// Where a sentence says someone does one of [`ACTIONS`]: the words before the verb (who does
/// it, after any condition: "If the report is rejected, the team writes …" gives "the team"),
/// and the verb's place among the words of the sentence. Brackets are left out.
pub(crate) fn narrated_verb(step: &str) -> Option<(String, usize)> {
    crate::formats::planimport::memo::remembered("instructions.rs:narrated_verb", step, || {
        narrated_verb_read(step)
    })
}

fn narrated_verb_read(step: &str) -> Option<(String, usize)> {
    // What brackets add is no part of the sentence ("The fosterer (or a family member on
    // their behalf) contacts …").
    let mut depth = 0usize;
    let plain: String = step
        .replace("**", "")
        .chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => return depth == 0,
            }
            false
        })
        .collect();
    let lower = plain.trim_start().to_lowercase();
    let conditional = ["if ", "when ", "once ", "after ", "unless "]
        .iter()
        .any(|c| lower.starts_with(c));
    if conditional {
        let rest = plain.split_once(',').map(|(_, rest)| rest.trim_start());
        if let Some(found) = rest.and_then(said_of_someone) {
            return Some(found);
        }
    }
    said_of_someone(&plain).or_else(|| said_of_oneself(&plain))
}

/// Who does one of [`ACTIONS`] in the third person, early in a sentence ("The security team
/// investigates …"): the words before the verb and its place.
fn said_of_someone(s: &str) -> Option<(String, usize)> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let at = (1..words.len().min(9)).find(|&k| {
        let w = words[k]
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        let one = match w.strip_suffix("ies") {
            Some(stem) => format!("{stem}y"),
            None => w
                .strip_suffix("es")
                .filter(|stem| stem.ends_with(['s', 'x', 'z', 'h']))
                .or_else(|| w.strip_suffix('s'))
                .unwrap_or_default()
                .to_string(),
        };
        // ("Customer records are kept in Xero": a plural noun, not a verb.)
        let next = words
            .get(k + 1)
            .map(|n| n.to_lowercase())
            .unwrap_or_default();
        // "…, they report it via Slack": a plural's verb has no -s.
        let plural = words[k - 1].to_lowercase() == "they" && ACTIONS.contains(&w.as_str());
        ((!one.is_empty() && !w.ends_with("ss") && ACTIONS.contains(&one.as_str())) || plural)
            && !NOT_OBJECTS.contains(&next.as_str())
    })?;
    Some((words[..at].join(" "), at))
}

/// One's own step in the first person ("I will contact the parents", "First, I reassure the
/// injured child", "We call the vet"), as a sole trader or a team writes it: "I"/"we" and the
/// verb's place. An organisation's "we will …" is a commitment, not a step.
fn said_of_oneself(s: &str) -> Option<(String, usize)> {
    let words = first_words(s, 40);
    words.iter().enumerate().find_map(|(i, w)| {
        if !["i", "we"].contains(&w.as_str()) {
            return None;
        }
        let mut k = i + 1;
        let mut modal = false;
        while let Some(m) = words.get(k).filter(|m| {
            [
                "will", "shall", "must", "should", "then", "also", "always", "either",
            ]
            .contains(&m.as_str())
        }) {
            modal |= ["will", "shall", "must", "should"].contains(&m.as_str());
            k += 1;
        }
        if modal && w == "we" {
            return None;
        }
        words
            .get(k)
            .is_some_and(|v| ACTIONS.contains(&v.as_str()))
            .then(|| (w.clone(), k))
    })
}

/// Whether a text opens with a verb of [`ACTIONS`] ("Call 999", "Do not re-enter").
pub(crate) fn opens_with_action(text: &str) -> bool {
    let known = |w: &str| ACTIONS.contains(&w);
    text.split_whitespace().next().is_some_and(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
            .to_lowercase();
        known(&w)
    }) || super::verbs::opens_with_command(text, &known)
}

/// The first `n` words of a text, in lower case, without the punctuation around them.
fn first_words(text: &str, n: usize) -> Vec<String> {
    text.split_whitespace()
        .take(n)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect()
}

/// Whether an item says what someone is to do, early on: "**Barrio leads** shall ensure …",
/// "Sound systems are to stop playing", "The receiver will go in this vehicle".
fn is_duty(text: &str) -> bool {
    let words = first_words(text, 6);
    // "We will test the plan", "This plan will be reviewed": what the organisation commits
    // to, not a step someone takes in the moment.
    let commitment = words
        .first()
        .is_some_and(|w| ["we", "our", "this", "it", "there", "i"].contains(&w.as_str()));
    !commitment
        && words.iter().enumerate().skip(1).any(|(i, w)| {
            ["shall", "must", "should", "will"].contains(&w.as_str())
                || (["is", "are"].contains(&w.as_str())
                    && words.get(i + 1).is_some_and(|n| n == "to"))
                // "The Foster Coordinator arranges a placement", "Recorder puts batteries in":
                // someone named in a few words, then what they do.
                || (i <= 3
                    && does(w)
                    && words.get(i + 1).is_some_and(|n| !(n.ends_with("ed") || n.ends_with("en") || NOT_OBJECTS.contains(&n.as_str()))))
        })
}

/// Words after a plural noun that show it is one ("records are", "tapes kept offsite"), not a
/// verb said of someone with its object after it.
const NOT_OBJECTS: &[&str] = &[
    "is", "are", "was", "were", "have", "has", "of", "kept", "held", "done", "made", "sent", "put",
    "set", "left", "found", "brought", "built", "read", "run", "cut", "and", "or",
];

/// Whether a word is a verb of [`ACTIONS`] said of someone ("arranges", "puts", "notifies");
/// a plural noun ("backups are") is told apart by the word after it.
fn does(word: &str) -> bool {
    let stems = [
        word.strip_suffix("ies").map(|s| format!("{s}y")),
        word.strip_suffix("es").map(str::to_string),
        word.strip_suffix('s').map(str::to_string),
    ];
    !word.ends_with("ss")
        && stems
            .iter()
            .flatten()
            .any(|stem| stem.len() >= 2 && ACTIONS.contains(&stem.as_str()))
}

/// Verbs of [`ACTIONS`] that are as often the noun a heading names ("Contact", "Report",
/// "Record", "Log", "Review"): a heading that opens with any other is an instruction ("Get
/// attention", "Move", "Evacuate", "Call the emergency services"), and its list the steps.
const ALSO_NOUNS: &[&str] = &[
    "phone",
    "export",
    "draft",
    "respect",
    "type",
    "change",
    "import",
    "ring",
    "text",
    "email",
    "e-mail",
    "contact",
    "record",
    "document",
    "log",
    "note",
    "report",
    "review",
    "update",
    "post",
    "help",
    "watch",
    "account",
    "cover",
    "sound",
    "place",
    "head",
    "row",
    "land",
    "count",
    "hand",
    "set",
    "lie",
    "hold",
    "press",
    "start",
    "begin",
    "open",
    "lock",
    "be",
    "do",
    "use",
    "look",
    "treat",
    "offer",
    "direct",
    "put",
    "make",
    "write",
    "continue",
    "turn",
    "apply",
    "perform",
    "provide",
    "sit",
    "let",
    "cool",
    "warm",
    "listen",
    "test",
    "schedule",
    "file",
    "share",
    "page",
    "fix",
    "block",
    "reset",
    "backup",
    "copy",
    "request",
    "support",
    "answer",
    "run",
    "drive",
    "park",
    "exit",
    "signal",
    "stand",
    "patch",
    "print",
    "sign",
    "search",
    "route",
    "roll",
    "walk",
    "read",
    "clean",
    "brief",
    "debrief",
    "capture",
    "invite",
    "reply",
    "failover",
    "upgrade",
    "install",
    "download",
    "upload",
    "dispatch",
    "fail",
    "enter",
    "warn",
    "agree",
    "respond",
    "repair",
    "replace",
    "greet",
    "remind",
    "shout",
    "summon",
    "redirect",
    "configure",
    "rebuild",
    "reinstall",
    "proceed",
    "join",
    "resolve",
    "check-in",
    "attend",
];

/// Whether a heading is about who does what ("Employee Responsibilities", "Roles and Duties"):
/// its list says what people answer for, not steps to follow in order.
pub(crate) fn names_duties(heading: &str) -> bool {
    let h = heading.to_lowercase();
    ["responsibilit", "roles", "duties", "scope"]
        .iter()
        .any(|w| h.contains(w))
        || names_aims(&h)
}

/// Whether a heading or lead-in (in lower case) names aims or rules ("Objectives", "Guiding
/// principles", "The following objectives have been established:"): what follows is no steps.
/// (Whole words: "for external purposes" names none.)
pub(crate) fn names_aims(lower: &str) -> bool {
    lower.split(|c: char| !c.is_alphanumeric()).any(|w| {
        [
            "objectives",
            "goals",
            "aims",
            "principles",
            "assumptions",
            "requirements",
            "purpose",
        ]
        .contains(&w)
    })
}

/// Whether a heading is an instruction: a few words opening with a verb of [`ACTIONS`] that is
/// not also a noun ([`ALSO_NOUNS`]).
pub(crate) fn is_instruction(heading: &str) -> bool {
    let words: Vec<String> = heading
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    words.len() <= 6
        && words
            .first()
            .is_some_and(|w| ACTIONS.contains(&w.as_str()) && !ALSO_NOUNS.contains(&w.as_str()))
}

#[cfg(test)]
mod told_tests {
    use super::*;

    #[test]
    fn a_process_narrated_with_they_and_drafts_is_steps() {
        let process = "1. When a volunteer spots the problem, they report it in the #ops channel.\n\
                       2. The duty lead assesses the report.\n\
                       3. The duty lead opens an incident and invites the people it needs.\n\
                       4. After it is fixed, the duty lead drafts the write-up.\n";
        assert!(narrated_steps(process));
        assert!(narrates(
            "When a volunteer spots it, they report it in the channel"
        ));
        // A plural noun before a verb-like word is no step.
        assert!(!narrates("Our records are kept offsite"));
    }

    #[test]
    fn a_process_told_in_both_moods_is_steps() {
        let process = "- The reporter reports the vulnerability privately to the team.\n\
                       - The security team investigates the report.\n\
                       - If the report is rejected, the team writes to the reporter.\n\
                       - Request a CVE number.\n\
                       - The release of the information should be as soon as possible.";
        assert!(told_steps(process));
        // Things, and a list too short to tell.
        assert!(!told_steps(
            "- The main office building\n- Backups are kept offsite\n- Laptops for all staff"
        ));
        assert!(!told_steps("- The team investigates.\n- Call 999."));
        // A sole trader's own steps, in the first person.
        assert!(told_steps(
            "+ First, I reassure the injured child.\n\
             + Then, if it is minor, I deal with it myself. If not, I will ring 999.\n\
             + I will contact the parents and let them know the situation.\n\
             + Ensure that all children in the setting are present."
        ));
        assert!(!told_steps(
            "- I am a registered childminder.\n- We have two cars.\n- I love my job."
        ));
    }
}

#[cfg(test)]
mod review_tests {
    use super::*;

    #[test]
    fn commitments_plural_nouns_and_adverbs_are_no_steps_nor_actors() {
        // An organisation's "we will" is a commitment.
        assert_eq!(
            narrated_verb("We will always treat you with respect."),
            None
        );
        assert!(narrated_verb("I will contact the parents straight away.").is_some());
        // A plural noun before "are" is no verb.
        assert_eq!(narrated_verb("Customer records are kept in Xero."), None);
        // "then" is no part of who acts.
        assert_eq!(
            super::super::actors::actor_of("The fire warden then checks the toilets.").as_deref(),
            Some("fire warden")
        );
    }
}
