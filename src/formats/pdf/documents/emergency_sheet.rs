//! The emergency access sheet: how to open the binder without the app, with a recovery key as
//! text and as a QR code. Made when the key is made; the key is never stored unencrypted.

use secrecy::ExposeSecret;

use super::super::layout::{Face, Flow, Ink, Span, Style};
use super::super::parts::{self, Beside, finish, numbered_steps, qr_block};
use super::super::{PrintOptions, Printed};

/// What the emergency access sheet says.
pub struct EmergencySheet<'a> {
    /// The organisation.
    pub organisation: &'a str,
    /// The recovery key's label.
    pub label: &'a str,
    /// The recovery key itself (`AGE-SECRET-KEY-1…`): printed as text and as a QR code.
    pub secret: &'a secrecy::SecretString,
    /// The binder's file name, as the founders keep it.
    pub binder_file: &'a str,
    /// Where the shared file lives, if there is one.
    pub shared_file: Option<&'a str>,
    /// The binder's fingerprint when the key was made.
    pub fingerprint: &'a str,
    /// The binder whose call tree form is printed on the next page, for the night every laptop
    /// is down (None: the key alone).
    pub call_tree: Option<&'a crate::plan::binder::Binder>,
}

/// Prints the emergency access sheet.
pub fn emergency_sheet(sheet: &EmergencySheet<'_>, opts: &PrintOptions) -> Printed {
    let title = format!("{} — emergency access sheet", sheet.organisation);
    let (doc, mut flow) = parts::start(&title, sheet.organisation, opts);
    flow.context = "the emergency access sheet".into();
    heading(&mut flow, sheet, opts);
    the_key(&mut flow, sheet);
    flow.heading(
        "Open the binder with two free tools",
        Style::SHEET_HEADING,
        80.0,
    );
    numbered_steps(&mut flow, &steps(sheet));
    flow.space(8.0);
    flow.say(
        format!(
            "Fingerprint of the binder when this key was made: {}. Printed by {}.",
            sheet.fingerprint, opts.printed_by
        ),
        Style::CAPTION,
    );
    if let Some(b) = sheet.call_tree {
        flow.new_page();
        if let Err(e) = super::call_form::call_tree_forms(&mut flow, b) {
            flow.say(
                format!("The call tree could not be printed here ({e}); print the binder instead."),
                Style::BODY,
            );
        }
    }
    finish(doc, flow)
}

/// The warning, what the sheet is, and which key it holds.
fn heading(flow: &mut Flow, sheet: &EmergencySheet<'_>, opts: &PrintOptions) {
    flow.say(
        "EMERGENCY ACCESS — KEEP THIS SHEET LOCKED AWAY",
        Style::WARNING,
    );
    flow.space(4.0);
    flow.say(
        format!(
            "{}: how to open the continuity binder without the app",
            sheet.organisation
        ),
        Style::title(16.0, 5.0, Face::Bold, Ink::TEXT),
    );
    flow.space(6.0);
    flow.say(
        format!(
            "Recovery key \"{}\", made {}. Anyone holding this sheet can read the whole plan: store it like cash (safe, safe-deposit box), never beside the laptops.",
            sheet.label,
            opts.printed_at.format("%Y-%m-%d")
        ),
        Style::BODY,
    );
    flow.space(10.0);
}

/// The key, large, in mono, then its QR code with how to use it beside.
fn the_key(flow: &mut Flow, sheet: &EmergencySheet<'_>) {
    let key = sheet.secret.expose_secret().to_string();
    flow.heading("The recovery key", Style::SHEET_HEADING, 60.0);
    flow.say(key.clone(), Style::title(10.0, 4.0, Face::Mono, Ink::TEXT));
    flow.space(10.0);
    let x = flow.left();
    if let Some((qx, qy, side)) = qr_block(flow, key.as_bytes(), x, 150.0) {
        let mut beside = Beside {
            x: qx + side + 24.0,
            y: qy + 10.0,
        };
        beside.write(
            flow,
            &[Span::new(
                "Scan with any QR reader (offline) to type the key without mistakes, or copy it from the line above into a file named recovery.txt.",
                Face::Regular,
            )],
            Style::BODY,
            0.0,
        );
        flow.y = qy + side + 16.0;
    }
}

/// How to open the binder with `age` and `sqlite3`.
fn steps(sheet: &EmergencySheet<'_>) -> [String; 6] {
    let shared = sheet
        .shared_file
        .map(|s| format!(" — the shared copy is at {s}"))
        .unwrap_or_default();
    [
        "Install age and sqlite3 (Debian/Ubuntu: apt install age sqlite3; macOS: brew install age sqlite).".to_string(),
        "Put the key above, alone on one line, in a file named recovery.txt.".to_string(),
        format!("Take a copy of the binder file ({}){shared}.", sheet.binder_file),
        format!("Decrypt it:  age -d -i recovery.txt -o plan.db \"{}\"", sheet.binder_file),
        "Read it:  sqlite3 plan.db \"SELECT name, phones, emails FROM contact\"  — every kind has its view: plan, section, role, contact, vendor, level, checklist, item, template…".into(),
        "Delete plan.db and recovery.txt when done: they hold the plan unencrypted.".into(),
    ]
}
