//! Shapes read from a third held-out set of real plans (an outage log of a computing centre, a
//! data breach policy): risks said as causes and effects, titles dated in a log, examples a
//! lead-in gives, and a timeline that is no list of whom to tell.

use crate::documents_shapes::Shape;

/// A log of past outages: its bold lines are headings (written `__so__` as well as `**so**`),
/// the date they open with is no part of the risk they name, and a cause ("due to …") or an
/// effect ("causing …") names one too, without the place it happened in. A heading's tags
/// style it and say none of its words.
#[test]
fn a_log_of_outages_names_its_risks_by_cause_effect_and_dated_heading() {
    let alerts = "## <span style=\"color:red\"> Operation During the Crisis </span>\n\n\
         We expect no downtime.\n\n\
         ## Past exceptions\n\n\
         __19-Aug-2020: Cluster inaccessible due to power outage in Genomics Bdg__\n\n\
         * 10:00 PM - Facilities was able to bring up the power again.\n\n\
         __10:02 AM, 13-Apr-17: UPS failure__\n\n\
         Our UPS unit went down some time last night causing a power failure on all systems.\n\n\
         __08-Jan-2020: Storage outage__\n\n\
         Due to a campus-wide network outage at UCR, many services were not accessible.\n";
    // (Every word kept but the tag's, which is markup.)
    let words = alerts
        .replace("<span style=\"color:red\">", "")
        .replace("</span>", "");
    let s = Shape::of_bytes("alerts.md", alerts.as_bytes(), &words);
    let sections = s.titles("section");
    for title in [
        "Operation During the Crisis",
        "19-Aug-2020: Cluster inaccessible due to power outage in Genomics Bdg",
        "10:02 AM, 13-Apr-17: UPS failure",
    ] {
        assert!(sections.contains(&title), "{title} in {sections:?}");
    }
    let mut risks = s.titles("risk");
    risks.sort();
    assert_eq!(
        risks,
        [
            "Campus-wide network outage",
            "Power failure",
            "Power outage",
            "Storage outage",
            "UPS failure"
        ]
    );
}

/// "The following outlines the timeline for advance email notifications:" leads into when, not
/// whom: its items are no audiences.
#[test]
fn a_timeline_of_notifications_is_not_a_list_of_whom_to_tell() {
    let s = Shape::of(
        "shutdowns.md",
        "# Shutdowns\n\n## SOP for scheduled shutdowns\n\n\
         The following outlines the timeline for advance email notifications on scheduled shutdowns:\n\n\
         1. Four weeks advance notice\n2. Followed by weekly reminders\n\
         3. Final reminder the day before the outage\n\n\
         ## Telling people\n\nThe IC must notify the following:\n\n- All staff\n- Our customers\n",
    );
    assert_eq!(s.titles("comms"), ["All staff", "Our customers"]);
}

/// Lists a lead-in gives as examples: "An incident includes but is not restricted to, the
/// following:" (an open list, not a denied one) with items in lower case, and "examples … what
/// type of incident" over named items whatever their names; a bracket inside an item's name,
/// circumstances "such as" a fire, and "or other sensitive data" sharing its noun.
#[test]
fn examples_a_lead_in_gives_are_risks_named_and_unnamed() {
    let s = Shape::of(
        "breach.md",
        "# Data Breach Policy\n\n## Types of breach\n\n\
         An incident includes but is not restricted to, the following:\n\n\
         - equipment theft or failure;\n\
         - attempts (failed or successful) to gain unauthorised access to IT systems;\n\
         - website defacement;\n\
         - unforeseen circumstances such as a fire or flood;\n\
         - human error;\n\n\
         ## Categorisation\n\n\
         Below are examples to help us to determine what type of incident we are facing:\n\
         * Phishing: Emails attempting to convince someone to trust a link.\n\
         * Insider: Malicious or accidental action by an employee.\n\
         * Denial of Service: Typically a flood of traffic taking down a website.\n\n\
         ## Reporting\n\n\
         For incidents causing a production outage or loss of customer or other sensitive data, page the lead.\n",
    );
    let mut risks = s.titles("risk");
    risks.sort();
    assert_eq!(
        risks,
        [
            "Attempts to gain unauthorised access to IT systems",
            "Denial of Service",
            "Equipment theft or failure",
            "Fire or flood",
            "Human error",
            "Insider",
            "Loss of customer data",
            "Phishing",
            "Production outage",
            "Website defacement"
        ]
    );
}

/// A table of the systems a company runs on: the rows that are well-known providers by name
/// ("Slack", "Atlassian Cloud") are run by that provider, a vendor of the company; one that is
/// no provider ("Kimble") stays a system only.
#[test]
fn systems_that_are_well_known_providers_are_run_by_them_as_vendors() {
    let s = Shape::of(
        "systems.md",
        "# Master Systems List\n\n## Systems\n\n\
         | System | Users | Workaround | Support |\n|---|---|---|---|\n\
         | Slack | Employees | Fallback to email | link |\n\
         | Atlassian Cloud | Engineers | Use shared drive | link |\n\
         | Kimble | Finance | Manual data entry | link |\n",
    );
    assert_eq!(s.kept("dependency"), ["Atlassian Cloud", "Kimble", "Slack"]);
    assert_eq!(s.kept("vendor"), ["Atlassian Cloud", "Slack"]);
    let slack = s.one("dependency", "Slack");
    let vendor = s.one("vendor", "Slack");
    assert_eq!(slack.text("vendor"), vendor.id);
}

/// The services a plan says to call in without a number are contacts to fill in, named as the
/// plan names them; one given with its number is read with it, once.
#[test]
fn services_to_call_in_are_contacts_even_without_a_number() {
    let s = Shape::of(
        "conduct.rst",
        "Response guide\n==============\n\n\
         If the reporter desires it, contact a friend, or contact local law enforcement.\n\n\
         If in doubt, summon venue security. Contact the security team at once.\n\n\
         For a fire, call 999 and ask for the fire brigade.\n",
    );
    assert_eq!(
        s.kept("contact"),
        [
            "Emergency services (999)",
            "Local law enforcement",
            "Venue security"
        ]
    );
}

/// A step that calls one desk on its extension "or" another on theirs reaches both; the words
/// a step says to notify someone in are a message, without the tags that bolden them.
#[test]
fn extensions_in_a_series_and_words_to_notify_someone_in() {
    let lost = "# Lost children\n\n## If you find a child\n\n1. Reassure them.\n\
         2. Radio, call the Creche on 1040, or First Aid on 1090 if they are closed.\n\
         3. Notify the site manager \"We have a <strong>found</strong> child, send any adults to the creche\".\n";
    let words = lost.replace("<strong>", "").replace("</strong>", "");
    let s = Shape::of_bytes("lost.md", lost.as_bytes(), &words);
    assert_eq!(s.kept("contact"), ["Creche", "First Aid"]);
    assert_eq!(s.one("contact", "First Aid").text("phones"), "1090");
    let message = &s.kept("template")[0];
    assert!(message.contains("We have a found child"), "{message}");
}

/// A Word SOP: each hazard's heading over "Immediate Actions" and "Support Actions" is a risk
/// (the headings under it are what is done, not sorts of it), a bracket after a hazard says
/// what it covers; a bold label alone in a numbered list of steps ("4. **First Aid/CPR:**" over
/// its sub-items) is one more step, not a heading; "Ushers and Safety Team members" are two.
#[test]
fn a_word_sop_of_hazards_each_with_its_actions() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("sop.md");
    std::fs::write(
        &md,
        "# Emergency Response\n\n## 2. Medical Emergencies\n\n### Immediate Actions\n\n\
         1.  **Assessment:** The first responder should assess the scene.\n\
         2.  **Alert:** Notify the lead and designate someone to call 911.\n\
         3.  **First Aid/CPR:**\n    -   Retrieve the **AED**.\n    -   Begin CPR.\n\n\
         ### Support Actions\n\n\
         1.  **Crowd Control:** Clear the immediate area.\n\
         2.  **Documentation:** Complete an Incident Report.\n\n\
         ## 3. Severe Weather (Tornado/High Winds)\n\n### Immediate Actions\n\n\
         1.  **Zone Check:** Ushers and Safety Team members should check assigned zones.\n\
         2.  **Sheltering:** Direct everyone to the safe zones.\n",
    )
    .unwrap();
    let docx = crate::documents::pandoc(&md, "markdown", "docx", dir.path());
    let path = dir.path().join("converted.docx");
    let words = crate::documents::pandoc_plain(&path, &[]);
    let s = Shape::of_bytes("sop.docx", &docx, &words);
    let mut risks = s.titles("risk");
    risks.sort();
    assert_eq!(
        risks,
        ["Medical Emergencies", "Severe Weather (Tornado/High Winds)"]
    );
    assert!(!s.titles("section").iter().any(|t| t.contains("First Aid")));
    let checklists = s.titles("checklist");
    assert!(
        checklists.contains(&"Support Actions")
            && !checklists.iter().any(|c| c.contains("First Aid")),
        "{checklists:?}"
    );
    let roles = s.titles("role");
    assert!(
        roles.contains(&"Ushers") && roles.contains(&"Safety Team"),
        "{roles:?}"
    );
}

/// A reStructuredText list item ending in "::" keeps its literal block inside the item, so the
/// list goes on after it; a step that says what to do after its condition, however the
/// condition's clause runs ("If SSH is not alive, and the website is down... **Find
/// Asheesh**"), is a step.
#[test]
fn a_literal_block_inside_an_rst_item_and_steps_after_a_condition() {
    let s = Shape::of(
        "ops.rst",
        "Emergency operations\n====================\n\n\
         What to do when the site isn't working\n======================================\n\n\
         * Check if SSH is alive ::\n\n    telnet linode.example.org 22\n\n\
         \x20 You should get a banner message.\n\n\
         * If SSH is not alive, and the website is down...\n\
         \x20 **Find Asheesh**, if possible.\n",
    );
    assert_eq!(
        s.titles("checklist"),
        ["What to do when the site isn't working"]
    );
    let id = &s
        .one("checklist", "What to do when the site isn't working")
        .id;
    let steps = s
        .binder
        .list("item", false)
        .unwrap()
        .into_iter()
        .filter(|i| i.text("checklist") == *id)
        .count();
    assert_eq!(steps, 2);
}

/// What an attack on these readings found, read right: a step list led in by who does it is
/// one checklist; a breach of a policy, an outage said only with where it was, a scare quote,
/// a service named inside another name or said not to be needed, an adjective before "team",
/// a list of whom a policy covers and a retired system are none of what they looked like.
#[test]
fn shapes_that_looked_like_risks_services_teams_and_messages_but_are_not() {
    let s = Shape::of(
        "policy.md",
        "# Policy\n\n## Fire\n\nStaff should:\n\n1. Raise the alarm.\n2. Call the manager.\n\
         3. Leave the building.\n\n## Conduct\n\n\
         In the event of a breach of this policy, disciplinary action may be taken.\n\n\
         Payments stopped due to an outage at AWS. Route the ticket to the right team.\n\n\
         Inform visitors that the lift is \"out of order\". Inform the police liaison officer in writing.\n\
         Contact the Police Federation for union matters. There is no need to call an ambulance for minor cuts.\n\n\
         ## Scope\n\nAn incident includes but is not restricted to, the following:\n\n\
         * Employees\n* Contractors\n* Visitors\n\n\
         ## Systems\n\n| System | Status | Notes |\n|---|---|---|\n\
         | Slack | Retired | Replaced by Teams in 2022 |\n| Payroll | Live | Monthly |\n\n\
         __Note: all times are in UTC__\n",
    );
    // (The instructions under "Conduct" are its steps.)
    assert_eq!(s.titles("checklist"), ["Fire", "Conduct"]);
    assert_eq!(s.titles("risk"), ["Fire"]);
    assert!(s.titles("contact").is_empty(), "{:?}", s.titles("contact"));
    assert!(
        s.titles("template").is_empty(),
        "{:?}",
        s.titles("template")
    );
    assert!(!s.titles("role").iter().any(|r| r.contains("team")));
    assert!(
        !s.titles("vendor").contains(&"Slack"),
        "{:?}",
        s.titles("vendor")
    );
    assert!(!s.titles("section").iter().any(|t| t.starts_with("Note")));
}

/// A contact block written with line breaks inside one paragraph (Shift+Enter in Word, a line
/// break in Writer): the name on its own line names the address under it, in both formats.
#[test]
fn a_contact_block_of_broken_lines_in_word_and_writer() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("contacts.md");
    std::fs::write(
        &md,
        "# Safety\n\n## Student Services\n\n\
         *Jenny Scholes*  \nAeronautics and Astronautics Student Services  \n\
         jscholes@example.edu (650-723-3317)\n",
    )
    .unwrap();
    for to in ["docx", "odt"] {
        let bytes = crate::documents::pandoc(&md, "markdown", to, dir.path());
        let path = dir.path().join(format!("converted.{to}"));
        let words = crate::documents::pandoc_plain(&path, &[]);
        let s = Shape::of_bytes(&format!("contacts.{to}"), &bytes, &words);
        assert_eq!(s.kept("contact"), ["Jenny Scholes"], "{to}");
        let jenny = s.one("contact", "Jenny Scholes");
        assert!(
            jenny.text("emails").contains("jscholes@example.edu"),
            "{to}"
        );
    }
}

/// Jobs said of all who hold them ("the local organizers", "the fire wardens") are roles; a
/// heading that assigns one ("Assign Incident Manager") names the job, but "their account
/// manager" keeps its first word.
#[test]
fn jobs_in_the_plural_and_the_verb_a_heading_assigns_them_with() {
    let s = Shape::of(
        "roles.md",
        "# Roles\n\n## Assign Incident Manager\n\n\
         For meetups, the first point of contact are the local organizers. \
         The fire wardens sweep each floor. The fire wardens report to reception.\n\n\
         Customers should contact their account manager. The account manager replies within a day.\n",
    );
    let roles = s.titles("role");
    for job in ["Local organizer", "Fire warden", "Account manager"] {
        assert!(roles.contains(&job), "{job} in {roles:?}");
    }
    assert!(!roles.iter().any(|r| r.starts_with("Assign")), "{roles:?}");
}

/// Contact blocks one after another in one run of text, each a name on its own line over its
/// department over its address: each address goes to the name just above it.
#[test]
fn each_address_of_a_run_of_contact_blocks_goes_to_the_name_above_it() {
    let s = Shape::of(
        "contacts.md",
        "# Contacts\n\n### Facilities\n\n\
         *Marcos Barba*  \nBuilding Manager, Durand 355A  \n\
         [mbarba@example.edu](mbarba@example.edu) (650-206-3196)\n \n\
         *Sade Shafer*  \nHealth & Safety, Durand 355A  \n\
         [fasmiley@example.edu](fasmiley@example.edu) (650-629-5513)\n",
    );
    let sade = s.one("contact", "Sade Shafer");
    assert!(sade.text("emails").contains("fasmiley@example.edu"));
    let marcos = s.one("contact", "Marcos Barba");
    assert!(!marcos.text("emails").contains("fasmiley"));
}
