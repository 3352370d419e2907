//! Steps written as a paragraph: "Switch off all electrical appliances, remove plugs from
//! sockets and turn off the main electricity switch. Unplug the telephone, if it is likely to be
//! submerged. Move valuables to higher levels if possible. Contact Mark Stanley on 01969 663835."
//! under "Flooding" — a small organisation's procedure as people write it, each sentence a step.

use super::*;

/// The sentences of a paragraph of instructions, one step each: a block of prose (no list, no
/// table) of two sentences or more, three in four of them telling the reader what to do —
/// opening with a verb of what to do ("Unplug the telephone"), after "Please" ("Please ring
/// 999"), or after a condition ("If you have a vehicle nearby, move it", "During a storm, stay
/// indoors"). What someone shall or must do ("Staff must complete training") is policy, not a
/// step, and does not count.
pub(crate) fn prose_steps(text: &str) -> Option<Vec<String>> {
    crate::formats::planimport::memo::remembered("prose_steps.rs:prose_steps", text, || {
        prose_steps_read(text)
    })
}

fn prose_steps_read(text: &str) -> Option<Vec<String>> {
    if text
        .lines()
        .any(|l| list_item(l).is_some() || l.trim_start().starts_with('|'))
    {
        return None;
    }
    let sentences: Vec<String> = prose::sentences(text)
        .into_iter()
        .map(|(_, s)| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let commands = sentences.iter().filter(|s| commands(s)).count();
    (sentences.len() >= 2 && commands >= 2 && commands * 4 >= sentences.len() * 3)
        .then_some(sentences)
}

/// Whether a sentence tells the reader what to do (see [`prose_steps`]).
fn commands(sentence: &str) -> bool {
    let plain = sentence.replace("**", "");
    let plain = plain.trim();
    let bare = |s: &str| {
        let s = s.trim_start();
        ["Please ", "please ", "Always ", "always ", "Then ", "then "]
            .iter()
            .find_map(|w| s.strip_prefix(w))
            .unwrap_or(s)
            .to_string()
    };
    if opens_with_action(&bare(plain)) {
        return true;
    }
    // "If you notice a fire please ring 999", "If heavy snow is forecast, ensure …".
    let first = plain
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let conditional = [
        "if", "when", "whenever", "once", "unless", "after", "before", "during", "in", "on",
        "should",
    ]
    .contains(&first.as_str());
    if !conditional {
        return false;
    }
    let after_comma = plain.split_once(',').map(|(_, rest)| bare(rest));
    let after_please = plain
        .split_once(" please ")
        .map(|(_, rest)| rest.to_string());
    [after_comma, after_please]
        .into_iter()
        .flatten()
        .any(|rest| rest.split_whitespace().count() >= 2 && opens_with_action(&rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_of_instructions_is_steps() {
        let flooding = "Switch off all electrical appliances, remove plugs from sockets and turn off the main electricity switch. Unplug the telephone, if it is likely to be submerged, and move it out of the way of the water. Move valuables and anything else you can to higher levels if possible. Sandbags can be provided if you think they will help. Contact Mark Stanley on 01969 663835.";
        let steps = prose_steps(flooding).expect("steps");
        assert_eq!(steps.len(), 5);
        assert!(steps[0].starts_with("Switch off all electrical appliances"));
        let fire = "If you notice a fire please ring 999 immediately and then leave the area as quickly as you can. If you have a vehicle in the vicinity, move it out of the way as soon as possible.";
        assert_eq!(prose_steps(fire).map(|s| s.len()), Some(2));
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
        ] {
            assert_eq!(prose_steps(text), None, "{text}");
        }
    }
}
