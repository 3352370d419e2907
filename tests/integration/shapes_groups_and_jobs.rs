use crate::documents_shapes::Shape;

/// Under "Potential Hazards" every heading is a risk, and so is each paragraph a sub-heading
/// names ("Hantavirus: …"); under "Field emergencies" the headings say whom to call, and are
/// none; under "Incidents" bold-led lines saying what is done name the risks they are for.
#[test]
fn risks_under_hazards_and_incidents_but_not_whom_to_call() {
    let s = Shape::of(
        "field.md",
        "# Field Safety\n\n\
         ## Field emergencies\n\n### 9-1-1\n\nCall 911 from the ridge, where there is signal.\n\n\
         ### Non-Emergency Medical Services\n\nThe urgent care clinic in Douglas opens at eight.\n\n\
         ## Potential Hazards\n\n### Snakebites\n\nWear boots and watch where you step.\n\n\
         ### Zoonoses\n\n\
         Hantavirus: contracted through inhalation of dried feces in enclosed spaces with poor ventilation.\n\n\
         Rabies: theoretically a risk from fieldwork at the site but transmission by small rodents is rare.\n\n\
         ## Incidents\n\n\
         I will use existing planned procedures in the event of an incident, as follows:\n\
         \x20 **Missing child** – I will follow my Missing Child policy and procedure.\n\
         \x20 **Gas leak/fire** – I will follow my Emergency Evacuation procedure.\n\
         \x20 **Flooding** – I will monitor the situation and evacuate if necessary.\n",
    );
    let mut risks = s.titles("risk");
    risks.sort();
    assert_eq!(
        risks,
        [
            "Flooding",
            "Gas leak/fire",
            "Hantavirus",
            "Missing child",
            "Rabies",
            "Snakebites",
            "Zoonoses"
        ]
    );
    let missing = s.one("risk", "Missing child");
    assert_eq!(
        missing.text("notes"),
        "I will follow my Missing Child policy and procedure."
    );
}

/// Liaisons, operators, testers and successors are jobs; a word pointing at people already
/// named ("These", "Those") is no part of one.
#[test]
fn the_jobs_small_organisations_name_are_roles() {
    let s = Shape::of(
        "jobs.md",
        "# Net procedure\n\n## Roles\n\n\
         The County Liaison will relay requests to the county. The County Liaison must log each one.\n\n\
         The Net Control Operator will open the net. The Net Control Operator should close it.\n\n\
         These CERT Members shall report to the Net Control Operator.\n",
    );
    let roles = s.kept("role");
    for job in ["County Liaison", "Net Control Operator"] {
        assert!(roles.iter().any(|r| r == job), "{job} in {roles:?}");
    }
    assert!(roles.iter().all(|r| !r.starts_with("These")), "{roles:?}");
}

/// Under "Particular Situations", a heading naming one over sentences saying what someone must
/// do: its procedure, a step a sentence; the principles above it are no procedure.
#[test]
fn what_someone_must_do_in_a_situation_is_its_checklist() {
    let s = Shape::of(
        "league.md",
        "# League emergencies\n\n## Guiding principles\n\n\
         Rescheduling a meet is not possible. It is imperative that all schools submit accurate contact information.\n\n\
         ## Particular Situations\n\n\
         ### Host school unable to host\n\n\
         The host school must contact the president as soon as possible. In particular, the host school should monitor weather conditions. \
         If the president can reassign the visiting schools by 2pm, the visiting schools must compete as directed.\n",
    );
    assert_eq!(s.titles("checklist"), ["Host school unable to host"]);
    let steps = s.kept("item");
    assert_eq!(steps.len(), 3, "{steps:?}");
}

/// A heading that is a link keeps its words as the section's title and its target as the
/// first line of its text; importing the page again finds the same section.
#[test]
fn a_linked_heading_titles_its_section_without_the_target() {
    let page = "# Emergency Care\n\n## [Animal Hospital South](https://vets.example/austin)\n\nOpen all night.\n";
    let mut s = Shape::of("care.md", page);
    assert_eq!(
        s.kept("section"),
        ["Animal Hospital South", "Emergency Care"]
    );
    let south = s.one("section", "Animal Hospital South");
    assert!(
        south
            .text("body")
            .starts_with("https://vets.example/austin"),
        "{}",
        south.text("body")
    );
    let (_, again) = binder::planimport::import(&mut s.binder, "care.md", page.as_bytes()).unwrap();
    assert_eq!((again.created, again.updated), (0, 0));
}

/// Sibling headings naming thresholds ("Downtime < 30 minutes", "Downtime > 30 minutes") are
/// two levels — the signs keep them apart — and what must be done under each its checklist.
#[test]
fn headings_naming_thresholds_are_levels_with_their_duties() {
    let s = Shape::of(
        "downtime.md",
        "# Downtime Protocol\n\n## Protocol\n\n\
         ### Downtime < 30 minutes per incident\n\n\
         A cursory inspection of the service should be made. Remedial action should be taken if possible.\n\n\
         ### Downtime > 30 minutes per incident\n\n\
         A notification should be sent within 30 minutes of discovery. Updates should be sent every 4 hours.\n",
    );
    assert_eq!(
        s.kept("level"),
        [
            "Downtime < 30 minutes per incident",
            "Downtime > 30 minutes per incident"
        ]
    );
    assert_eq!(
        s.kept("checklist"),
        [
            "Downtime < 30 minutes per incident",
            "Downtime > 30 minutes per incident"
        ]
    );
}

/// A policy whose title is only in its header box ("**Title**: …" in a table with no header
/// words) is titled by it, and the box kept as text is named by its first cell.
#[test]
fn a_header_box_titles_the_plan() {
    let s = Shape::of(
        "policy.md",
        "| | |\n|---|---|\n| **Title**: Contingency Planning Policy | **Policy #**: IT-003 |\n| **Effective Date**: May 18, 2022 | **Last Revised**: May 2, 2022 |\n\n## Scope\n\nThis Policy applies to every office.\n",
    );
    assert_eq!(
        s.report.title.as_deref(),
        Some("Contingency Planning Policy")
    );
    assert_eq!(
        s.titles("text"),
        ["Table (Title: Contingency Planning Policy …)"]
    );
}

/// A plan pasted twice into one section (no blank lines, so each table runs on over the lines
/// after it, which it keeps as text): the second table's text is kept too, though it is the
/// same as the first's. Fuzzing found the words after it lost.
#[test]
fn the_same_table_twice_in_a_section_keeps_both_copies() {
    let part = "This plan covers our critical work.\nCritical Business Functions¶\n\
                | Function | RTO | RPO |\n|---|---|---|\n\
                | Production database service | 5 min | 1 min |\n\
                | Customer support | 4 hours | N/A |\n\
                Continuity Strategies¶\n\
                Strategy 0: Geographic Redundancy¶\n\
                - Primary: US-East region\n";
    let s = Shape::of("twice.md", &format!("{part}\n{part}"));
    // Each row, said twice, is two records, as two headings of one title are two sections.
    assert_eq!(s.kept("objective").len(), 4);
}

/// Levels named by colours under a lead-in that says they grade ("categorized by severity:"),
/// and steps opening with verbs no list names ("Neutralize the acid", "Safely dispose of …").
#[test]
fn colour_levels_under_a_grading_lead_in_and_steps_by_their_verbs() {
    let s = Shape::of(
        "ops.md",
        "# Operations\n\n## SOP for unscheduled outages\n\n\
         When unforeseen issues arise they are categorized by severity:\n\n\
         0. Green - Normal operation, no current issues\n\
         1. Yellow - Minor issue, likely not observed by users\n\
         2. Red - Critical issue, the cluster is down\n\n\
         ## Battery Spills\n\n\
         - Report the spill to a Mentor\n\
         - Neutralize the acid with baking soda\n\
         - Safely dispose of the battery acid\n\
         - Place the battery in a leak-proof container\n",
    );
    assert_eq!(s.titles("level"), ["Green", "Yellow", "Red"]);
    assert_eq!(s.titles("checklist"), ["Battery Spills"]);
}

/// A table of what the company runs on names the providers it uses: each a vendor, and the
/// system a dependency run by it; a table of something else names none as used.
#[test]
fn providers_a_table_of_assets_names_are_vendors() {
    let s = Shape::of(
        "rto.md",
        "# Plan\n\n## RTOs\n\n\
         | Rank | Asset | Business Impact | RTO |\n| --- | --- | --- | --- |\n\
         | 1 | Supabase Database | Core services | 1 hour |\n\
         | 2 | GitHub | Inability to deploy fixes | 30 min |\n",
    );
    assert_eq!(s.kept("vendor"), ["GitHub", "Supabase"]);
    assert_eq!(s.titles("objective"), ["Supabase Database", "GitHub"]);
}

/// Plain text written like AsciiDoc: titles underlined with "-" and "~" (a row of tildes as
/// long as its title is no code fence), and a mail between "...." lines with a Subject and
/// blanks in angle brackets, named by its heading when its subject is mostly blanks.
#[test]
fn text_with_tilde_underlines_and_a_mail_between_dotted_lines() {
    let s = Shape::of(
        "release.txt",
        "How we coordinate releases\n--------------------------\n\n\
         We coordinate releases with packagers.\n\n\
         Communications\n~~~~~~~~~~~~~~\n\n\
         Pay close attention to the discussions.\n\n\
         Example mail to the distributions\n~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n\n\
         ....\nTo: distros@example.org\nSubject: git: <copy from security advisory>\n\n\
         The Git project released new versions on <date>, addressing <CVE>.\n\n\
         Thanks,\n<name>\n....\n",
    );
    assert_eq!(
        s.titles("section"),
        [
            "How we coordinate releases",
            "Communications",
            "Example mail to the distributions"
        ]
    );
    assert_eq!(s.titles("template"), ["Example mail to the distributions"]);
}

/// A reStructuredText definition list under a lead-in: each term a label over its
/// definition, so terms naming levels in quotes ("code red") are the plan's levels, each
/// described by its definition; the label list may stand apart, a blank line between items.
#[test]
fn rst_definition_terms_naming_levels_are_levels() {
    let s = Shape::of(
        "emergency.rst",
        "Is this an emergency?\n=====================\n\n\
         We distinguish between the following situations:\n\n\
         \"code red\"\n    Situations which are currently preventing our users from using\n    \
         services which we are expected to provide.\n\n\
         \"code yellow\"\n    Any situation which, if not addressed, could lead to a \"code red\".\n\n\
         In general, an outage is an emergency.\n",
    );
    assert_eq!(s.titles("level"), ["code red", "code yellow"]);
    let red = s.one("level", "code red");
    assert!(
        red.text("criteria")
            .starts_with("Situations which are currently")
    );
}

/// A list item naming a procedure over the steps nested under it, a lead-in ending in a
/// semicolon, and jobs named with who holds them in brackets (not a term and its initials).
#[test]
fn nested_procedures_semicolon_lead_ins_and_holders_in_brackets() {
    let s = Shape::of(
        "lab.md",
        "# Lab Safety\n\n## General\n\n\
         - The green card outside every lab room lists the phone numbers.\n\
         - Procedure if you are injured:\n\n  \
         1. Make sure the area is safe to walk away from.\n  \
         2. Wash the wound.\n  \
         3. Inform the EHS Rep over Slack.\n\n\
         - Injuries must be reported by the PI (Katie) and the EHS Rep (Chris).\n\
         - Evacuation routes are to the left towards Ames St.\n\n\
         ## Minor Incidents\n\n\
         Our Recovery Time Objective (RTO) is four hours.\n\n\
         Procedure here is simple;\n\n\
         * Notify the relevant coordinator,\n\
         * Follow their instructions\n",
    );
    assert_eq!(
        s.titles("checklist"),
        ["Procedure if you are injured", "Minor Incidents"]
    );
    let mut roles = s.kept("role");
    roles.sort();
    assert_eq!(roles, ["EHS Rep", "PI"]);
    let pi = s.one("role", "PI");
    let katie = s.one("contact", "Katie");
    assert_eq!(pi.text("primary"), katie.id);
}

/// A list written as one sentence ("Event Coordinator,") names its roles without the commas,
/// and "the following should occur;" leads into steps the heading names.
#[test]
fn roles_listed_as_a_sentence_and_what_should_occur() {
    let s = Shape::of(
        "event.md",
        "# Incidents\n\n## Stopping the competition\n\n\
         The ability to do so is restricted to the following roles:\n\n\
         * Health and Safety Coordinator,\n* Event Coordinator,\n* Head Shepherd.\n\n\
         ## Stopping actions\n\n\
         At the point the competition is stopped the following should occur;\n\n\
         * Matches stop,\n* Test arena to be powered down and vacated,\n\
         * Battery charging to be turned off.\n",
    );
    let mut roles = s.kept("role");
    roles.sort();
    assert_eq!(
        roles,
        [
            "Event Coordinator",
            "Head Shepherd",
            "Health and Safety Coordinator"
        ]
    );
    assert_eq!(s.titles("checklist"), ["Stopping actions"]);
}

/// Providers: a list of the resources a project needs names the providers it uses; one named
/// first in passing and then where the plan says it is used is a likely vendor; the provider
/// whose own plan it is (by its title) is none.
#[test]
fn providers_needed_named_again_and_not_the_plans_own() {
    let s = Shape::of(
        "ownership.md",
        "# Taking Ownership of pypdf\n\n## What belongs to pypdf?\n\n\
         The resources needed for maintaining pypdf are:\n\n\
         - PyPI: pypdf and PyPDF2\n- ReadTheDocs: pypdf and PyPDF2\n\n\
         ## Releases\n\nOur releases and Gumroad notes are written by hand.\n\n\
         ## Reporting\n\nReport it privately through Gumroad support.\n",
    );
    let mut vendors = s.kept("vendor");
    vendors.sort();
    assert_eq!(vendors, ["Gumroad", "PyPI", "ReadTheDocs"]);
    let gumroad = s
        .report
        .entries
        .iter()
        .find(|e| e.title == "Gumroad")
        .unwrap();
    assert_eq!(gumroad.confidence, binder::planimport::Confidence::Likely);
    let own = Shape::of(
        "sirt.md",
        "# GitHub SIRT description\n\n## Contact\n\nWe use GitHub issues to track our work.\n",
    );
    assert!(own.kept("vendor").is_empty(), "{:?}", own.kept("vendor"));
}

/// A block between "...." lines closes only at a line of dots: a line of the message that
/// opens with dots ("....and then") is part of it.
#[test]
fn a_dotted_block_closes_only_at_a_line_of_dots() {
    let s = Shape::of(
        "mail.txt",
        "Example mail\n~~~~~~~~~~~~\n\n\
         ....\nSubject: Release on <date>\n\nWe release on <date>.\n....and then we wait for <name>.\n....\n",
    );
    let t = s.one("template", "Release on date");
    assert!(
        t.text("body").contains("and then we wait"),
        "{:?}",
        t.fields
    );
}
