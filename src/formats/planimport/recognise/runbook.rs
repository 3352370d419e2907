//! Steps written as a runbook: paragraphs that each lead to a command in a code block ("Find
//! the name of the most recent backup:" over ```velero backup get```, "Using the backup name,
//! run a restore:" over ```velero restore create …```) under a heading naming a procedure
//! ("Restore process"). Each paragraph followed by a command is a step, its first command line
//! beside it; a short label ("Example:", "Restore command:") leaves the step above it as it is;
//! the commands' output and their examples stay in the section's text, as does everything else.

use super::*;

/// A runbook's parts in order: a paragraph (one line) or a code block's first line.
enum Part {
    Paragraph(String),
    Code(String),
}

/// The steps of a runbook written in `text`, one at least; `None` when it is not one. (One
/// step is a procedure only under a heading that says what to do: the caller decides.)
///
/// Under a heading that says what to do (`commanded`: "Install duplicity"), a short qualifier
/// ("On Ubuntu") leads to the command under it when no paragraph waits for one, and a command
/// that opens the text with no paragraph before it is a step by itself.
pub(crate) fn runbook_steps(text: &str, commanded: bool) -> Option<Vec<String>> {
    let key = match commanded {
        true => "runbook.rs:runbook_steps:commanded",
        false => "runbook.rs:runbook_steps",
    };
    crate::formats::planimport::memo::remembered(key, text, || runbook_steps_read(text, commanded))
}

fn runbook_steps_read(text: &str, commanded: bool) -> Option<Vec<String>> {
    let mut steps = Vec::new();
    let mut leading: Option<String> = None;
    let mut first = true;
    for part in parts(text) {
        match part {
            // A list ends what the paragraph before it led to; a paragraph about what a
            // command prints ("you should see:") leads to its output, not to a step.
            Part::Paragraph(p) if p.is_empty() || shows_output(&p) => leading = None,
            // A label of three words or fewer ("Restore command:", "Example:") leads to the
            // step above; a short instruction ("Stop the app:") is a step of its own.
            Part::Paragraph(p) if p.split_whitespace().count() <= 3 && names_code(&p) => {
                if commanded && leading.is_none() && !names_an_example(&p) {
                    leading = Some(p);
                }
            }
            Part::Paragraph(p) => leading = Some(p),
            Part::Code(command) => {
                // The first code block after a paragraph is its command; later ones (an
                // example, the output) are kept in the text.
                if let Some(p) = leading.take() {
                    let p = p.trim_end_matches([':', '.']).trim();
                    steps.push(format!("{p}: {command}"));
                } else if commanded && first && !command.is_empty() {
                    steps.push(command);
                }
            }
        }
        first = false;
    }
    (!steps.is_empty()).then_some(steps)
}

/// Whether a short paragraph only names the code under it ("Restore command:", "Example:",
/// "Usage:") rather than telling what to do with it ("Stop the app:").
fn names_code(paragraph: &str) -> bool {
    names_an_example(paragraph) || !opens_with_action(paragraph)
}

/// Whether a short paragraph names the code under it as such ("Restore command:", "Example:").
fn names_an_example(paragraph: &str) -> bool {
    let lower = paragraph.to_lowercase();
    [
        "command", "example", "e.g", "usage", "syntax", "script", "snippet",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Whether a paragraph says what a command prints ("Once completed, you should see the
/// namespace:", "The output looks like this:").
fn shows_output(paragraph: &str) -> bool {
    let lower = paragraph.to_lowercase();
    [
        "should see",
        "will see",
        "output",
        "looks like",
        "will show",
        "should show",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// The paragraphs (joined into one line each) and code blocks (their first line that is not
/// empty) of a text whose code is fenced (``` or ~~~).
fn parts(text: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut fence: Option<&str> = None;
    let mut first: Option<String> = None;
    let flush = |paragraph: &mut Vec<&str>, parts: &mut Vec<Part>| {
        if !paragraph.is_empty() {
            parts.push(Part::Paragraph(paragraph.join(" ")));
            paragraph.clear();
        }
    };
    for line in text.lines() {
        let t = line.trim();
        match fence {
            Some(f) if t.starts_with(f) => {
                parts.push(Part::Code(first.take().unwrap_or_default()));
                fence = None;
            }
            Some(_) => {
                if first.is_none() && !t.is_empty() {
                    first = Some(t.to_string());
                }
            }
            None if t.starts_with("```") || t.starts_with("~~~") => {
                flush(&mut paragraph, &mut parts);
                fence = Some(&t[..3]);
                first = None;
            }
            None if t.is_empty() || list_item(line).is_some() => {
                flush(&mut paragraph, &mut parts);
                // A list is no paragraph of a runbook: it ends the one before it.
                if list_item(line).is_some() {
                    parts.push(Part::Paragraph(String::new()));
                }
            }
            None => paragraph.push(t),
        }
    }
    flush(&mut paragraph, &mut parts);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_leading_to_commands_are_steps() {
        let text = "As long as the namespace is over 3 hours old, it can be recovered.\n\n\
            First step is to find the name of the most recent backup:\n\n\
            ```\nvelero backup get\n\nNAME  STATUS\nvelero-1  Completed\n```\n\n\
            Using the backup name, you can now run a restore.\n\nRestore command:\n\n\
            ```\nvelero restore create <name> --from-backup <backup>\n```\n\n\
            Example:\n\n```\nvelero restore create my-restore --from-backup velero-1\n```\n\n\
            Once completed, check the namespace:\n\n```\nkubectl get all -n my-namespace\n```\n";
        assert_eq!(
            runbook_steps(text, false).expect("a runbook"),
            [
                "First step is to find the name of the most recent backup: velero backup get",
                "Using the backup name, you can now run a restore: velero restore create <name> --from-backup <backup>",
                "Once completed, check the namespace: kubectl get all -n my-namespace",
            ]
        );
    }

    #[test]
    fn short_instructions_are_steps_and_output_and_lists_lead_to_none() {
        let text = "Stop the app:\n\n```\nsystemctl stop app\n```\n\nMake sure that:\n\n- the disk is mounted\n\n```\npg_restore dump\n```\n\nStart the app:\n\n```\nsystemctl start app\n```\n\nYou should see:\n\n```\nactive (running)\n```\n";
        assert_eq!(
            runbook_steps(text, false).expect("a runbook"),
            [
                "Stop the app: systemctl stop app",
                "Start the app: systemctl start app"
            ]
        );
    }

    #[test]
    fn one_command_is_a_step_of_its_own_and_no_command_is_no_runbook() {
        // The caller asks for two steps unless the heading says what to do.
        assert_eq!(
            runbook_steps(
                "Run this to see the state:\n\n```\nterraform show\n```\n",
                false
            ),
            Some(vec![
                "Run this to see the state: terraform show".to_string()
            ])
        );
        assert_eq!(
            runbook_steps("Some text here.\n\nMore text there, and more.\n", false),
            None
        );
    }

    #[test]
    fn under_a_heading_saying_what_to_do_a_qualifier_or_a_bare_command_is_a_step() {
        let text = "On Ubuntu\n\n```bash\nsudo apt-get install duplicity\n```\n\n\
                    On a Mac\n\n```bash\nbrew install duplicity\n```\n";
        assert_eq!(runbook_steps(text, false), None);
        assert_eq!(
            runbook_steps(text, true).expect("steps"),
            [
                "On Ubuntu: sudo apt-get install duplicity",
                "On a Mac: brew install duplicity"
            ]
        );
        // A command with nothing before it, then an example named as such.
        let bare = "```\nmysql -u root -p db < dump.sql\n```\n\nExample:\n\n```\nmysql -u root -p a < a.sql\n```\n";
        assert_eq!(
            runbook_steps(bare, true).expect("a step"),
            ["mysql -u root -p db < dump.sql"]
        );
    }
}
