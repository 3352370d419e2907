//! The readings: each file one way a block of the outline becomes records (tables, label lists,
//! people named in text, checklists, levels, message templates, schedules, tree drawings), all
//! writing through the [`Planner`].

use super::*;

mod actors;
mod bracket_holders;
mod checklists;
mod comms;
mod escalation;
mod impact_links;
mod instructions;
mod label_levels;
mod labels;
mod level_sentences;
mod levels;
mod lists;
mod matrix;
mod named_roles;
mod numbers;
mod people;
mod phone_lists;
mod plan_record;
mod profiles;
pub(crate) mod prose;
mod prose_steps;
mod providers;
pub(crate) mod reach;
mod read_as;
mod resources;
mod risk_examples;
mod risk_groups;
mod risk_items;
mod risks;
mod role_steps;
mod runbook;
mod schedules;
mod services;
mod spoken;
mod step_headings;
mod tables;
mod templates;
mod trees;
mod verbs;

pub(crate) use checklists::*;
pub(crate) use impact_links::impact_links;
pub(crate) use instructions::*;
pub(crate) use labels::*;
pub(crate) use levels::*;
pub(crate) use lists::*;
pub(crate) use matrix::roles_across_the_top;
pub(crate) use named_roles::*;
pub(crate) use plan_record::*;
pub(crate) use prose_steps::{duty_steps, prose_steps};
pub(crate) use providers::providers_named_throughout;
pub(crate) use read_as::*;
pub(crate) use risk_groups::labelled_risk_headings;
pub(crate) use risks::{GROUPS, headings_as_risks, is_event_word, names_a_risk};
pub(crate) use role_steps::{role_of_lead, role_steps};
pub(crate) use runbook::runbook_steps;
pub(crate) use step_headings::{headings_as_steps, names_a_part};
pub(crate) use tables::*;
pub(crate) use templates::headings_as_templates;

/// Cells that hold no person: "To be formalized", "TBD", "[Name]", "—".
pub(crate) fn is_placeholder(cell: &str) -> bool {
    let l = cell.trim().to_lowercase();
    let words: Vec<&str> = l
        .split(|c: char| !(c.is_alphanumeric() || c == '/'))
        .filter(|w| !w.is_empty())
        .collect();
    l.is_empty()
        || l.starts_with(['[', '<'])
        // A template's variables: "{{ siro_name }}", "{% owner %}", "${NAME}".
        || l.starts_with("{{")
        || l.starts_with("{%")
        || l.starts_with("${")
        || l.chars().all(|c| "-–—?.…".contains(c) || c.is_whitespace())
        || l == "etc."
        || l.contains("to be ")
        || l.contains("not yet")
        // A word processor's fields left to fill ("Click here to enter text.", "Click or tap
        // here to enter a date.").
        || (l.starts_with("click") && l.contains("here to"))
        || l.starts_with("enter text")
        || l.starts_with("insert ")
        || words.iter().any(|w| {
            [
                "tbd",
                "tba",
                "n/a",
                "none",
                "vacant",
                "unassigned",
                "pending",
                "unknown",
            ]
            .contains(w)
        })
}

/// `text` with its lists drawn tight, for the readings: the blank lines between the items of a
/// loose list ("- Use an extinguisher\n\n- Take a radio\n\n- Leave"), and between an item
/// and its own indented lines, taken out, so a list reads as one run of items whatever its
/// spacing. Every other line is kept; the words are the same.
pub(crate) fn tight_lists(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("\n\n") {
        return std::borrow::Cow::Borrowed(text);
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<std::borrow::Cow<'_, str>> = Vec::with_capacity(lines.len());
    // Whether the last line kept belongs to a list (an item, its indented lines, or a line
    // run straight on from an item).
    let mut in_list = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim().is_empty() {
            let next = lines[i..].iter().position(|l| !l.trim().is_empty());
            let continues = next.is_some_and(|n| {
                let l = lines[i + n];
                list_item(l).is_some() || l.starts_with([' ', '\t'])
            });
            // The whole run of blank lines at once, taken out or kept.
            let run = next.unwrap_or(lines.len() - i);
            if !(in_list && continues) {
                out.extend(
                    lines[i..i + run]
                        .iter()
                        .map(|l| std::borrow::Cow::Borrowed(*l)),
                );
                in_list = false;
            }
            i += run;
            continue;
        }
        let item = list_item(line).is_some();
        let indented = line.starts_with([' ', '\t']);
        // A line straight after an item belongs to it, however it is indented: indented here,
        // as its own lines are ("- Follow their instructions.\nGive everyone directions.").
        let straight_on = out.last().is_some_and(|l| !l.trim().is_empty());
        let lazy = in_list && !item && !indented && straight_on;
        in_list = item || (in_list && (indented || straight_on));
        out.push(match lazy {
            true => format!("  {line}").into(),
            false => line.into(),
        });
        i += 1;
    }
    let changed =
        out.len() != lines.len() || out.iter().any(|l| matches!(l, std::borrow::Cow::Owned(_)));
    match changed {
        true => std::borrow::Cow::Owned(out.join("\n")),
        false => std::borrow::Cow::Borrowed(text),
    }
}

/// The paragraph just above line `start` of `lines` (a list's lead-in), its lines joined: back
/// over blank lines to the paragraph, and up to a blank line or a list item.
pub(crate) fn paragraph_above(lines: &[&str], start: usize) -> String {
    let above: Vec<&str> = lines[..start]
        .iter()
        .rev()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty() && list_item(l).is_none())
        .copied()
        .collect();
    above.into_iter().rev().collect::<Vec<_>>().join(" ")
}

/// The text of a bulleted or numbered list item (`- x`, `* x`, `+ x`, `1. x`, `1) x`).
pub(crate) fn list_item(line: &str) -> Option<&str> {
    let t = line.trim_start();
    // A marker is followed by a space or a tab (Word's lists pasted into Markdown use tabs);
    // bullets may be the typographic ones a word processor leaves.
    let spaced = |r: &&str| r.starts_with([' ', '\t']);
    if let Some(rest) = t
        .strip_prefix(['-', '*', '+', '•', '◦', '▪', '‣'])
        .filter(spaced)
    {
        return Some(rest.trim());
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && digits < 4)
        .then(|| t[digits..].strip_prefix(['.', ')']))
        .flatten()
        .filter(spaced)
        .map(str::trim)
}

/// Runs of a line that read as phone numbers: digits with spaces, dots, dashes, brackets and a
/// leading +, at least seven digits — not an amount (after a currency sign) or a rate or ratio
/// (followed by `/`, `%` or a letter, as in "$500-1000/hour").
pub(crate) fn phone_runs(text: &str) -> Vec<String> {
    crate::formats::planimport::memo::remembered("mod.rs:phone_runs", text, || {
        phone_runs_read(text)
    })
}

fn phone_runs_read(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit()
            || (chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
            || (chars[i] == '(' && chars.get(i + 1).is_some_and(char::is_ascii_digit));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len()
            && (chars[j].is_ascii_digit() || matches!(chars[j], ' ' | '-' | '.' | '(' | ')' | '+'))
        {
            j += 1;
        }
        let run: String = chars[i..j].iter().collect();
        let run = run.trim_end_matches([' ', '-', '.', '(']).to_string();
        let before = i.checked_sub(1).map(|k| chars[k]);
        let after = chars.get(i + run.chars().count()).copied();
        let amount = before.is_some_and(|c| matches!(c, '$' | '€' | '£' | '¥'));
        let rate = after.is_some_and(|c| c == '/' || c == '%' || c.is_alphabetic());
        // "0900 - 2100": hours, not a number.
        let range = run.split([' ', '-', '–']).filter(|p| !p.is_empty()).count() == 2
            && (run.contains(" - ") || run.contains(" – "))
            && run.split(['-', '–']).all(|p| p.trim().len() <= 4);
        // Digits inside an address ("…/issues/1941#issuecomment-1135969356", "?id=5551234567"):
        // part of the address, not a number to call.
        let word_start = chars[..i]
            .iter()
            .rposition(|c| c.is_whitespace() || matches!(c, '(' | '<' | '['))
            .map_or(0, |k| k + 1);
        let word: String = chars[word_start..i].iter().collect();
        let in_address = ["://", "www.", "#", "?", "="]
            .iter()
            .any(|m| word.contains(m));
        if !amount
            && !rate
            && !range
            && !in_address
            && !is_a_date(run.trim())
            && run.chars().filter(char::is_ascii_digit).count() >= 7
        {
            out.push(run.trim().to_string());
        }
        i = j.max(i + 1);
    }
    out
}

/// Whether a run of digits is a date ("2027-12-18", "18.12.2027", "12/18/2027"), not a number
/// to call.
fn is_a_date(run: &str) -> bool {
    let parts: Vec<&str> = run.split(['-', '.', '/']).collect();
    let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    parts.len() == 3
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
        && (lens == [4, 2, 2] || lens == [2, 2, 4] || lens == [1, 2, 4] || lens == [2, 1, 4])
}

/// Whether text reads as a person's name: two to four words, each starting with a capital
/// letter, no digits, no address.
pub(crate) fn looks_like_a_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.' | '’'))
        })
}

#[cfg(test)]
mod tight_lists_tests {
    use super::*;

    #[test]
    fn digits_inside_an_address_are_no_phone() {
        assert!(
            phone_runs("See https://github.com/x/y/issues/1941#issuecomment-1135969356").is_empty()
        );
        assert!(phone_runs("Open example.org/form?id=5551234567 to report").is_empty());
        assert_eq!(
            phone_runs("Call the desk on 0800 123 4567."),
            ["0800 123 4567"]
        );
    }

    #[test]
    fn a_loose_list_is_read_as_one_run_of_items_and_a_paragraph_after_it_stays_apart() {
        let loose = "If you detect smoke:\n\n- Use an extinguisher.\n\n- Take a radio.\n  \n      Attention, FIRE!\n\n- Follow the leader.\nGive everyone directions.\n\n- Leave.\n\nThis procedure was last modified today.";
        assert_eq!(
            tight_lists(loose),
            "If you detect smoke:\n\n- Use an extinguisher.\n- Take a radio.\n      Attention, FIRE!\n- Follow the leader.\n  Give everyone directions.\n- Leave.\n\nThis procedure was last modified today."
        );
        // A long run of blank lines between paragraphs is kept whole (and read once).
        let spaced = format!("A{}B", "\n".repeat(50_000));
        assert_eq!(tight_lists(&spaced), spaced.as_str());
        // Nothing to draw tight: the text itself, not a copy.
        let tight = "- One\n- Two\n\nA paragraph.";
        assert!(matches!(tight_lists(tight), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn steps_under_a_heading_may_have_a_paragraph_before_them() {
        let text = "If it is a small earthquake there is no need to evacuate.\n\n- Drop, cover, and remain still.\n- Stay away from windows.\n- Wait for instructions.";
        assert_eq!(
            checklists::only_a_list("Earthquake", text, true).map(|s| s.len()),
            Some(3)
        );
        assert_eq!(checklists::only_a_list("Earthquake", text, false), None);
    }
}
