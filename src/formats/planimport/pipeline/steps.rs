//! The steps a block of text gives under the section it is in: for one role, under a heading
//! naming a procedure or a situation, after a lead-in, or as prose.

use super::*;

impl Walk<'_, '_> {
    /// Steps in a block of text: for one role ("Steps for the note-taker"), numbered under a
    /// procedure-like heading, under a sentence or a bold line that leads into them, or task
    /// lists written on one line.
    pub(super) fn steps(&mut self, text: &str, line: usize, s: &mut Section) {
        let made = self.heading_steps(text, line, s);
        self.role_steps(text, line, s);
        self.lead_in_steps(text, line, s, made);
        let heading = normalise(&s.title);
        if made {
            return;
        }
        // A runbook under "Restore process": each paragraph that leads to a command (read
        // before the paragraphs of prose, which would take its instructions without commands).
        let procedure =
            is_procedure(&heading) || is_situation(&heading) || is_instruction(&heading);
        // A heading that says what to do to a system ("Install duplicity", "Backup the backup
        // config", "Export-backup-import GPG keys") over a paragraph leading to a command is a
        // procedure of one step already.
        let commanded = opens_with_action(&heading.replacen('-', " ", 1));
        if (procedure || commanded)
            && let Some(steps) = runbook_steps(text, commanded)
            && (steps.len() >= 2 || commanded)
        {
            let title = self.checklist_title(&s.title);
            let steps = steps.into_iter().map(|t| (t, Vec::new())).collect();
            self.p.checklist(&title, line, s, steps);
            return;
        }
        // A paragraph of instructions under a heading that is no part of a plan ("Flooding":
        // "Switch off all electrical appliances. Unplug the telephone. …"): a step a sentence.
        if !text.contains("[ ]")
            && !names_duties(&heading)
            && !names_a_part(&heading)
            && let Some(steps) = prose_steps(text)
        {
            let detail = format!(
                "instructions written as prose: {} steps, a sentence each",
                steps.len()
            );
            self.sentence_steps(s, line, steps, detail);
            return;
        }
        // "Particular Situations" › "School arrives significantly late to site": "The school
        // must contact the president …" — under a situation, what someone must do is its
        // steps.
        let situation = is_situation(&heading) || self.under_situations() || names_a_risk(&heading);
        if situation
            && !names_duties(&heading)
            && !names_a_part(&heading)
            && let Some(steps) = duty_steps(text)
        {
            let detail = format!(
                "what to do in this situation, said as duties: {} steps",
                steps.len()
            );
            self.sentence_steps(s, line, steps, detail);
        }
    }

    /// The section's checklist of sentences read from its prose, saying how they were read.
    fn sentence_steps(&mut self, s: &mut Section, line: usize, steps: Vec<String>, detail: String) {
        let title = self.checklist_title(&s.title);
        let steps = steps.into_iter().map(|t| (t, Vec::new())).collect();
        let id = self.p.checklist(&title, line, s, steps);
        if let Some(e) = self
            .p
            .report
            .entries
            .iter_mut()
            .rev()
            .find(|e| e.kind == "checklist" && e.id.as_deref() == Some(id.as_str()))
        {
            e.detail = detail;
        }
    }

    /// Whether the heading above the current one names situations or scenarios ("Particular
    /// Situations", "Failure Scenarios"): each heading under it is one.
    fn under_situations(&self) -> bool {
        self.trail.iter().rev().nth(1).is_some_and(|(_, t)| {
            let last = t
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .rfind(|w| !w.is_empty())
                .unwrap_or_default()
                .to_string();
            ["situations", "contingencies", "cases"].contains(&last.as_str())
                || GROUPS.contains(&last.as_str())
        })
    }

    /// The block as the steps its heading names, if it names them; whether it did.
    fn heading_steps(&mut self, text: &str, line: usize, s: &mut Section) -> bool {
        let under_phases = self.under_phases();
        // A list of instructions under any heading ("Monitor and stand by": "Approach…",
        // "Offer…") is that heading's steps.
        let imperative = imperative_steps(text);
        // The heading as recognition reads it: "11.1 On Discovering a Fire" is a situation.
        let heading = normalise(&s.title);
        let p = &mut self.p;
        if let Some(owner) = steps_owner(&s.title)
            && let Some(steps) = list_steps(text)
        {
            let title = s.title.trim().trim_end_matches(':').to_string();
            let steps = steps
                .into_iter()
                .map(|t| (t, vec![("owner", owner.clone())]))
                .collect();
            p.checklist(&title, line, s, steps);
            true
        } else if let Some(name) = step_heading(&s.title)
            && let Some(steps) = numbered_steps(text)
                .or_else(|| list_steps(text))
                .or_else(|| all_list_items(text))
        {
            // "Step 2: Containment" and its list: the checklist of that step.
            let steps = steps.into_iter().map(|t| (t, Vec::new())).collect();
            p.checklist(&name, line, s, steps);
            true
        } else if !names_duties(&heading)
            // A bulleted list of labels ("**IT systems:** we have a plan …") says what there
            // is, not what to do; numbered, it is steps ("1. **Alert:** Notify …").
            && (imperative || numbered_steps(text).is_some() || bold_labels(text).is_none())
            && (is_procedure(&heading)
                || (handles(&heading) && told_steps(text))
                || is_situation(&heading)
                || is_instruction(&heading)
                || phase_of(&heading).is_some()
                || window_of(&heading).is_some()
                || under_phases
                || imperative)
            && let Some(steps) = numbered_steps(text).or_else(|| {
                only_a_list(
                    &heading,
                    text,
                    under_phases
                        || imperative
                        || is_instruction(&heading)
                        // "The typical process … is as follows." over steps in both moods.
                        || (handles(&heading) && told_steps(text)),
                )
            })
        {
            let title = self.checklist_title(&s.title);
            let steps = steps.into_iter().map(|t| (t, Vec::new())).collect();
            self.p.checklist(&title, line, s, steps);
            true
        } else {
            false
        }
    }

    /// Steps a lead-in gives to a role by name ("If you are the *Fire Procedure Coordinator*,
    /// you must:"): the role, and its checklist named by the heading and the role, each step
    /// owned by it.
    fn role_steps(&mut self, text: &str, line: usize, s: &mut Section) {
        for (offset, role, steps) in role_steps(text) {
            self.p.role_named_by_lead(&role, line + offset);
            let heading = normalise(&s.title);
            let title = match heading.is_empty() {
                true => role.clone(),
                false => format!("{heading}: {role}"),
            };
            let steps = steps
                .into_iter()
                .map(|t| (t, vec![("owner", role.clone())]))
                .collect();
            self.p.checklist(&title, line + offset, s, steps);
        }
    }

    /// Steps a sentence ("When you hear the alarm, you should:"), a bold line standing alone
    /// ("**Immediate Response Checklist**", unless the heading already took the block) or a
    /// label on one line ("Containment: - [ ] Isolate") leads into.
    fn lead_in_steps(&mut self, text: &str, line: usize, s: &mut Section, made: bool) {
        // "When you hear the fire alarm, you should:" and the steps.
        for (offset, lead, steps) in lead_in_steps(text) {
            // "The Fire Warden will:": the role's steps, read as such ([`Self::role_steps`]).
            if role_of_lead(&format!("{lead}:")).is_some() {
                continue;
            }
            let steps = steps.into_iter().map(|t| (t, Vec::new())).collect();
            // "You should:", "To help with eradication you should:" say only that steps follow:
            // the heading names them ("7. Eradicate").
            // "If you encounter a fire, follow the steps below" under "Fire": the lead-in
            // restates the heading.
            let heading = words_key(&normalise(&s.title));
            let restated = !heading.is_empty()
                && format!(" {} ", words_key(&lead)).contains(&format!(" {heading} "));
            if made && restated {
                // "Fire" over "If you encounter a fire, follow the steps below:": the heading
                // took the steps already.
                continue;
            }
            // A lead-in of a few words says only that steps follow, and a long one says when
            // in a paragraph's words: the heading names the steps. One between is their name
            // ("When you hear the fire alarm, you should").
            // ("A list of things that should be done …", "Below are the steps …" say only
            // that steps follow, at any length.)
            let lower = lead.to_lowercase();
            // ("An overview of the process is provided below:" too.)
            let says_a_list_follows =
                ["a list of", "list of", "the following", "below", "here are"]
                    .iter()
                    .any(|p| lower.starts_with(p))
                    || [
                        " below",
                        "as follows",
                        "overview",
                        // "At the point the competition is stopped the following should
                        // occur": the heading ("Stopping actions") names them.
                        "the following should",
                        "the following must",
                        "the following will",
                    ]
                    .iter()
                    .any(|p| lower.contains(p));
            // An item naming a procedure over its steps ("- Procedure if you are injured:")
            // names them, however short.
            let item = text
                .lines()
                .nth(offset)
                .is_some_and(|l| list_item(l).is_some());
            let title = match lead.split_whitespace().count() {
                _ if item => lead,
                7..=14 if !says_a_list_follows => lead,
                // ("Staff should:" under "Fire", whose heading took the steps: once.)
                _ if made => continue,
                _ => normalise::normalise(&self.checklist_title(&s.title)),
            };
            self.p.checklist(&title, line + offset, s, steps);
        }
        // "**Immediate Response Checklist**" over its list.
        for (offset, label, steps) in bold_lead_steps(text).into_iter().filter(|_| !made) {
            let steps = steps.into_iter().map(|t| (t, Vec::new())).collect();
            self.p.checklist(&label, line + offset, s, steps);
        }
        // "Containment: - [ ] Isolate - [ ] Rotate keys".
        for (offset, label, steps) in inline_tasks(text) {
            let title = label.unwrap_or_else(|| self.checklist_title(&s.title));
            let steps = steps.into_iter().map(|t| (t, Vec::new())).collect();
            self.p.checklist(&title, line + offset, s, steps);
        }
    }
}

/// Whether a heading names a procedure or how a thing is dealt with ("Vulnerability
/// handling", "Incident handling"): its list, told as steps in either mood, is steps.
fn handles(heading: &str) -> bool {
    is_procedure(heading) || heading.to_lowercase().trim_end().ends_with("handling")
}
