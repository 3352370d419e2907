use binder::planimport::PlanReport;
use binder::{Binder, Keys};

use crate::plan_import::lost_words;

/// A small document imported into a new binder: the report, the binder, and the words lost.
pub(crate) struct Shape {
    _dir: tempfile::TempDir,
    pub(crate) binder: Binder,
    pub(crate) report: PlanReport,
}

impl Shape {
    pub(crate) fn of(name: &str, text: &str) -> Shape {
        Shape::of_bytes(name, text.as_bytes(), text)
    }

    /// `words`: the text whose every word must be kept.
    pub(crate) fn of_bytes(name: &str, bytes: &[u8], words: &str) -> Shape {
        let dir = tempfile::tempdir().unwrap();
        let mut binder = Binder::create(
            &dir.path().join("b.binder"),
            Keys::generate("T"),
            binder::Start::Empty,
        )
        .unwrap();
        binder.set_organisation("Test Org").unwrap();
        let (report, _) = binder::planimport::import_with(
            &mut binder,
            name,
            bytes,
            &[],
            true,
            &binder::planimport::Corrections::default(),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        let lost = lost_words(words, &binder);
        assert!(lost.is_empty(), "{name}: words lost: {lost:?}");
        Shape {
            _dir: dir,
            binder,
            report,
        }
    }

    /// Titles of the report's entries of `kind`, in order.
    pub(crate) fn titles(&self, kind: &str) -> Vec<&str> {
        self.report
            .entries
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.title.as_str())
            .collect()
    }

    /// Titles of the records of `kind` in the binder.
    pub(crate) fn kept(&self, kind: &str) -> Vec<String> {
        let mut all: Vec<String> = self
            .binder
            .list(kind, false)
            .unwrap()
            .iter()
            .map(binder::Record::title)
            .collect();
        all.sort();
        all
    }

    /// The record of `kind` titled `title` in the binder.
    pub(crate) fn one(&self, kind: &str, title: &str) -> binder::Record {
        let all = self.binder.list(kind, false).unwrap();
        all.iter()
            .find(|r| r.title() == title)
            .cloned()
            .unwrap_or_else(|| {
                panic!(
                    "no {kind} {title:?}; there are {:?}",
                    all.iter().map(binder::Record::title).collect::<Vec<_>>()
                )
            })
    }
}

#[test]
fn dressed_headers_and_titles_are_read_without_emoji_badges_or_links() {
    let s = Shape::of(
        "dressed.md",
        "# Plan\n\n## Dependencies\n\n| 🔗 System | 🔄 Fallback |\n|---|---|\n| [Postgres](https://postgres.example) | Read replica |\n\n## Levels\n\n### High [](./SEVERITY.md#high) ![sev](https://img.shields.io/badge/sev-high-red)\n\n- **Criteria**: customers cannot log in\n\n### Low [](./SEVERITY.md#low)\n\n- **Criteria**: one page is slow\n",
    );
    assert_eq!(s.titles("dependency"), vec!["Postgres"]);
    let db = s.one("dependency", "Postgres");
    assert_eq!(db.text("workaround"), "Read replica");
    assert_eq!(s.kept("level"), vec!["High", "Low"]);
    assert_eq!(
        s.one("level", "High").text("criteria"),
        "customers cannot log in"
    );
}

#[test]
fn headings_by_their_look_open_sections() {
    // Copied from a web page: "¶" ends each heading and no blank line parts them.
    let s = Shape::of(
        "copied.txt",
        "Plan¶\nOverview¶\nWe keep the shop open.\nScope¶\nAll staff and both sites.\n",
    );
    assert_eq!(s.titles("section"), vec!["Plan", "Overview", "Scope"]);
    // A short bold line standing alone, in Markdown.
    let s = Shape::of(
        "bold.md",
        "# Plan\n\n**Recovery**\n\nWe restore from backups.\n\n**Note:** backups are tested.\n",
    );
    assert_eq!(s.titles("section"), vec!["Plan", "Recovery"]);
}

#[test]
fn steps_after_a_lead_in_sentence_or_under_a_phase_heading_are_checklists() {
    let s = Shape::of(
        "steps.md",
        "# Fire\n\nWhen you hear the fire alarm, you should:\n\n1. Stop any machine\n2. Leave by the nearest exit\n\nThe report should contain:\n\n- the time\n- the place\n\n## Service Recovery\n\n- Assess the damage\n- Restore critical services first\n- Verify and test\n",
    );
    assert_eq!(
        s.titles("checklist"),
        vec![
            "When you hear the fire alarm, you should",
            "Service Recovery"
        ]
    );
}

#[test]
fn roles_and_cadences_written_as_list_items() {
    let s = Shape::of(
        "lists.md",
        "# Policy\n\n## Responsibilities\n\nThe following roles carry out this policy:\n\n- Recovery Team Leader: Overall coordination of the recovery\n- IT Support: Technical recovery operations\n\n**Incident Response Lead (IRL)** — runs every incident from start to end.\n\n## Testing\n\n- Quarterly recovery drills\n- **Backup Verification:** Monthly restore test\n- Secure off-site storage\n",
    );
    assert_eq!(
        s.titles("role"),
        vec![
            "Recovery Team Leader",
            "IT Support",
            "Incident Response Lead (IRL)"
        ]
    );
    assert_eq!(
        s.one("role", "IT Support").text("responsibilities"),
        "Technical recovery operations"
    );
    assert_eq!(
        s.titles("schedule"),
        vec!["Quarterly recovery drills", "Monthly restore test"]
    );
    let entry = s
        .report
        .entries
        .iter()
        .find(|e| e.kind == "schedule")
        .unwrap();
    assert_ne!(entry.confidence, binder::planimport::Confidence::Inferred);
}

#[test]
fn contacts_said_only_in_sentences_are_named_by_the_sentence() {
    let s = Shape::of(
        "reach.md",
        "# Emergencies\n\nOnce you've called them, you should:\n\n- Email the board at [board@club.example](mailto:board@club.example)\n- Call our landlord on [0161 974 3232](tel:+441619743232), if the building is affected\n\nReport anything else to security@club.example at once.\n",
    );
    // The mailbox reports are sent to is named by its address.
    assert_eq!(
        s.titles("contact"),
        vec!["Board", "Landlord", "security@club.example"]
    );
    assert_eq!(s.one("contact", "Landlord").text("phones"), "0161 974 3232");
    assert_eq!(
        s.one("contact", "security@club.example").text("emails"),
        "security@club.example"
    );
}

#[test]
fn decision_authority_said_subject_first_with_its_backup_and_a_test_cadence() {
    let s = Shape::of(
        "policy.md",
        "# Policy\n\n## Plan activation\n\nPrimary decision authority during a disruption rests with the CISO (Liam), and the co-founder (Ben) serves as backup when the CISO is unavailable.\n\n## Testing\n\nWe test recovery at least annually.\n",
    );
    let role = s.one("role", "Decision authority");
    let name = |id: String| s.binder.record(&id).unwrap().title();
    assert_eq!(name(role.text("primary")), "Liam");
    assert_eq!(name(role.text("backup")), "Ben");
    assert_eq!(s.titles("schedule").len(), 1);
}

/// Template tables as small organisations' plans have them (a charity's, a shop's, a
/// nursery's): rows named by an unheaded first column, services to fill in with their company
/// and number, and ranked lists under a header that names the records in the plural.
#[test]
fn rows_named_by_their_first_cell_and_ranked_lists_under_a_plural_header() {
    let s = Shape::of(
        "plan.md",
        "# Contacts\n\n\
         ## Emergency numbers\n\n\
         | | Phone number |\n|---|---|\n| Fire | 999 |\n| Police | |\n| Alarm company | 0161 496 0100 |\n\n\
         ## Maintenance and repair\n\n\
         | Category | Company name | Phone number |\n|---|---|---|\n| Janitorial | | |\n| HVAC | CoolAir Ltd | 0161 496 0200 |\n\n\
         # Impact\n\n\
         | Rank | Critical business processes |\n|---|---|\n| 1 | Online sales |\n| 2 | Shop sales |\n\n\
         | Rank | Key business resources |\n|---|---|\n| 1 | Internet connection |\n| 2 | Till system |\n",
    );
    assert_eq!(s.titles("contact"), ["Fire", "Police", "Alarm company"]);
    assert_eq!(s.titles("vendor"), ["Janitorial", "CoolAir Ltd"]);
    let cool = s
        .binder
        .list("vendor", false)
        .unwrap()
        .into_iter()
        .find(|v| v.title() == "CoolAir Ltd")
        .unwrap();
    assert_eq!(cool.text("service"), "HVAC");
    assert_eq!(cool.text("support_phone"), "0161 496 0200");
    assert_eq!(s.titles("objective"), ["Online sales", "Shop sales"]);
    assert_eq!(
        s.titles("dependency"),
        ["Internet connection", "Till system"]
    );
    // A table whose first column is headed and whose rows are people's details to fill in
    // stays a blank to fill.
    let blank = Shape::of(
        "plan.md",
        "# Team\n\n| Title | Name | Phone | Email |\n|---|---|---|---|\n| | | | |\n",
    );
    assert!(blank.titles("contact").is_empty());
}

/// A static site's page (front matter over HTML, as Jekyll and Hugo keep them) is read as a
/// web page, and the steps under a heading that names a situation ("In case of accident",
/// "If the building must be evacuated") are a checklist.
#[test]
fn a_site_page_with_front_matter_and_steps_under_a_situation() {
    let page = "---\nlayout: page\ntitle: Emergency Procedures\n---\n\n\
        <div class=\"card\"><h5>In case of accident</h5>\n<ul>\n\
        <li>Call out that an accident has occurred on the radio.</li>\n\
        <li>Keep the radio frequency clear.</li>\n\
        <li>Someone with first-aid training takes command.</li>\n</ul></div>\n\
        <h5>Club history</h5>\n<ul><li>Founded in 1987.</li><li>Moved in 2001.</li><li>Renamed in 2010.</li></ul>\n";
    let s = Shape::of_bytes(
        "emergency.html",
        page.as_bytes(),
        "Call out that an accident has occurred on the radio Keep the radio frequency clear Someone with first-aid training takes command Founded in 1987",
    );
    assert_eq!(s.titles("checklist"), ["In case of accident"]);
    assert_eq!(s.report.title.as_deref(), Some("Emergency Procedures"));
}

/// A procedure whose steps each have a heading ("Step 2: Containment", a lead item over its
/// sub-steps) gives a checklist per step; a table grading incidents by impact ("Low Impact |
/// …") gives the levels.
#[test]
fn steps_under_numbered_step_headings_and_levels_graded_by_impact() {
    let s = Shape::of(
        "irp.md",
        "# Incident categories\n\n\
         | Category | Examples |\n|---|---|\n\
         | Low Impact | Failed login attempts. |\n| Medium Impact | Unauthorised access. |\n| High Impact | Confirmed breach. |\n\n\
         # Procedures\n\n\
         ## Step 1: Identification\n\n- Watch the alerts.\n- Confirm the incident.\n\n\
         ## Step 2: Containment\n\n- Contain it:\n  - Disconnect affected systems.\n  - Disable compromised accounts.\n",
    );
    assert_eq!(
        s.titles("level"),
        ["Low Impact", "Medium Impact", "High Impact"]
    );
    assert_eq!(s.titles("checklist"), ["Identification", "Containment"]);
}

/// A workflow is a procedure; steps led into by the end of a paragraph ("… To help with
/// eradication you should:") are a checklist, named by the heading when the sentence says only
/// that steps follow.
#[test]
fn a_workflow_and_steps_led_into_by_the_end_of_a_paragraph() {
    let s = Shape::of(
        "im.md",
        "# Incidents\n\n## Example workflow\n\n1. Establish an incident lead.\n1. Inform your team.\n\n\
         ## 7. Eradicate\n\nEradication may be needed to remove what is left. To help with eradication you should:\n\n\
         - identify all affected hosts\n- remove all malware\n\n\
         ## Fire\n\nWhen you hear the fire alarm, you should:\n\n- leave by the nearest exit\n- meet at the car park\n",
    );
    assert_eq!(
        s.titles("checklist"),
        [
            "Example workflow",
            "Eradicate",
            "When you hear the fire alarm, you should"
        ]
    );
}

/// Labels under a heading that names records in the plural are those records ("Critical
/// components" over "**Data layer:** PostgreSQL"), and the numbered steps under a failure
/// scenario are its checklist.
#[test]
fn labels_under_a_plural_heading_and_steps_under_a_failure_scenario() {
    let s = Shape::of(
        "drp.md",
        "# Disaster recovery\n\n## Critical components\n\n\
         - **Application layer:** the web app and its workers.\n\
         - **Data layer:** PostgreSQL database and the Git repositories.\n\n\
         ## Failure scenario: full host loss\n\n1. Provision a new host.\n2. Restore the backup.\n",
    );
    assert_eq!(s.titles("dependency"), ["Application layer", "Data layer"]);
    assert_eq!(s.titles("checklist"), ["Failure scenario: full host loss"]);
}

/// Headings under one that names records in the plural are those records ("External
/// dependencies" over "GitHub", "Slack"), when they are names; topics under it are not.
#[test]
fn headings_under_a_heading_that_names_records_in_the_plural() {
    let s = Shape::of(
        "cp.md",
        "# Contingency\n\n## External dependencies\n\nWe depend on these services.\n\n\
         ### GitHub\n\n- **Service:** <https://github.com>\n\nIf GitHub is down, systems keep running.\n\n\
         ### Google Workspace\n\nMail and documents.\n\n\
         ### Escalation matrix\n\nWho to call first.\n",
    );
    assert_eq!(s.titles("dependency"), ["GitHub", "Google Workspace"]);
}

/// A small club's emergency page, written as prose: the jobs it names again and again, the
/// levels one sentence names and counts, the helpers a list asks for, the numbers it says to
/// call, and the review it promises — all read with no correction (none left as a guess).
#[test]
fn a_plan_written_as_prose_gives_its_roles_levels_helpers_and_numbers() {
    let s = Shape::of(
        "evacuation.md",
        "Evacuation Plan\n===============\n\nThere are two types of evacuation: *area evacuations*, which apply only to specific areas,\nand the more severe *general evacuations* which are for the entire venue.\n\nDiscovery of Emergency\n----------------------\n\nThe Safety Officer and/or Head Warden must be informed as soon as possible.\nIf, in the opinion of either the Safety Officer or Head Warden, the building must be\nevacuated, they will say so over the radios. If someone is hurt, call 999.\n\n### In addition to an Incident Commander you may need\n\n- Person to retrieve the first aid kit\n- Person to be a scribe – document everything at intervals\n\nThe Incident Commander reports to the board. This plan is reviewed at least annually.\n",
    );
    let read = |kind: &str| -> Vec<&str> {
        s.report
            .entries
            .iter()
            .filter(|e| e.kind == kind && e.confidence != binder::planimport::Confidence::Inferred)
            .map(|e| e.title.as_str())
            .collect()
    };
    assert_eq!(read("level"), ["Area evacuation", "General evacuation"]);
    assert_eq!(
        s.one("level", "Area evacuation").text("criteria"),
        "Which apply only to specific areas"
    );
    let mut roles = read("role");
    roles.sort();
    assert_eq!(
        roles,
        [
            "Head Warden",
            "Incident Commander",
            "Retrieve the first aid kit",
            "Safety Officer",
            "Scribe"
        ]
    );
    assert_eq!(read("contact"), ["Emergency services (999)"]);
    assert_eq!(
        s.one("contact", "Emergency services (999)").text("phones"),
        "999"
    );
    assert_eq!(read("schedule"), ["Review of this plan"]);
}

/// A small charity's page as people write them: bold numbered headings ending in a colon, roles
/// listed after "Key roles include:", roles with who holds them, whom to call by a label, a
/// person after a label with their number, two people in one sentence, and the lists under a
/// heading of phases as checklists.
#[test]
fn labels_holders_lead_ins_and_phases_as_small_organisations_write_them() {
    let s = Shape::of(
        "charity.md",
        "# Interim plan\n\n**1. Key people:**\n\n- **Director/Registered Manager** -- Patricia Nettleford\n- **Director:** Patricia Nettleford -- 07551 122332\n\n**2. Team:**\n\nKey roles include:\n\n- Incident Coordinator\n- Communications Lead\n\n**3. Who to call:**\n\n- Police: 101\n- Water company: 0800 316 9800\n- Telephone: 0161 496 0500\n\nContact Mark Stanley on 01234 567890 or Richard Nolan on 01234 567891. Do not call 999 for a power cut.\n\n**4. Response phases:**\n\n**a. Containment:**\n\n- Isolate the affected laptop\n- Change the shared passwords\n",
    );
    assert_eq!(
        s.titles("section"),
        vec![
            "Interim plan",
            "1. Key people:",
            "2. Team:",
            "3. Who to call:",
            "4. Response phases:",
            "a. Containment:"
        ]
    );
    let mut roles = s.titles("role");
    roles.sort();
    assert_eq!(
        roles,
        [
            "Communications Lead",
            "Director/Registered Manager",
            "Incident Coordinator"
        ]
    );
    let holder = s.one("role", "Director/Registered Manager").text("primary");
    assert_eq!(
        s.binder.record(&holder).unwrap().title(),
        "Patricia Nettleford"
    );
    let patricia = s.one("contact", "Patricia Nettleford");
    assert_eq!(
        (patricia.text("phones"), patricia.text("job_title")),
        ("07551 122332".to_string(), "Director".to_string())
    );
    assert_eq!(s.one("contact", "Police").text("phones"), "101");
    assert_eq!(
        s.one("contact", "Water company").text("phones"),
        "0800 316 9800"
    );
    s.one("contact", "Mark Stanley");
    assert_eq!(
        s.one("contact", "Richard Nolan").text("phones"),
        "01234 567891"
    );
    // A form's label is no one to call; "do not call 999" makes no contact.
    let contacts = s.kept("contact");
    assert!(
        !contacts
            .iter()
            .any(|c| c == "Telephone" || c.contains("999")),
        "{contacts:?}"
    );
    assert_eq!(s.titles("checklist"), ["a. Containment"]);
}

impl Shape {
    /// The steps of checklist `title`, in order.
    fn steps(&self, title: &str) -> Vec<String> {
        let id = self.one("checklist", title).id;
        let mut items: Vec<binder::Record> = self
            .binder
            .list("item", false)
            .unwrap()
            .into_iter()
            .filter(|i| i.text("checklist") == id)
            .collect();
        items.sort_by_key(|i| i.text("position").parse::<u32>().unwrap_or(0));
        items.iter().map(|i| i.text("text")).collect()
    }
}

#[test]
fn wrapped_and_nested_steps_someones_steps_and_numbered_instruction_headings() {
    let s = Shape::of(
        "runbook.md",
        "# Runbook\n\n## Something's wrong! Now what?\n\n1. Announce incident using **@here** in the #announce channel\n   1. Anyone can begin an incident\n2. Start a huddle in #redalert\n   * Identify the **incident lead**, who will coordinate the\n     response and keep notes\n3. Open an incident ticket in the\ntracker and link the huddle\n\n## Roles {#roles}\n\nThe IC should:\n\n* Start a team videocall for coordination.\n* Tell the team who is on point.\n\n## Incident process\n\n### 1. Confirm that the event is an incident\n\nLook at the alerts.\n\n### 2. Declare the incident\n\nSay so in the channel.\n\n### 3. Fix the problem\n\nWork together.\n",
    );
    assert_eq!(
        s.steps("Something's wrong! Now what?"),
        [
            "Announce incident using @here in the #announce channel",
            "Anyone can begin an incident",
            "Start a huddle in #redalert",
            "Identify the incident lead, who will coordinate the response and keep notes",
            "Open an incident ticket in the tracker and link the huddle",
        ]
    );
    assert_eq!(
        s.steps("Roles"),
        [
            "Start a team videocall for coordination.",
            "Tell the team who is on point."
        ]
    );
    assert_eq!(
        s.steps("Incident process"),
        [
            "Confirm that the event is an incident",
            "Declare the incident",
            "Fix the problem"
        ]
    );
    assert!(
        s.titles("section").contains(&"Roles"),
        "{:?}",
        s.titles("section")
    );
}

#[test]
fn a_page_saved_as_text_has_its_outdented_lines_as_headings() {
    // A browser's text dump: the body three spaces in, headings to its left, sub-headings two.
    let s = Shape::of(
        "sop.txt",
        "Outage SOP\n\n   What to do when there is an outage.\n\nContact Information\n\n   Owner: Infrastructure Team\n\n   Emergency: https://pager.example\n\n   Purpose: any outage\n\nUnplanned Outage\n\n   Outages happen, stay cool.\n\n  Fix it\n\n   Do whatever needs to be done.\n\n   Don't be general.\n\n  Escalate\n\n   Page someone when you cannot fix it.\n",
    );
    assert_eq!(
        s.titles("section"),
        [
            "Outage SOP",
            "Contact Information",
            "Unplanned Outage",
            "Fix it",
            "Escalate"
        ]
    );
    let fix = s.one("section", "Fix it");
    let unplanned = s.one("section", "Unplanned Outage");
    assert_eq!(fix.text("parent"), unplanned.id);
}

#[test]
fn a_form_table_its_title_row_group_rows_and_label_rows_and_a_job_before_a_name() {
    // A Word form: a title across the top, the header below it, a row of a label and a value.
    let s = Shape::of(
        "form.md",
        "# Trip\n\n## People\n\n| Keep this at hand at all times | | | |\n|---|---|---|---|\n| Name | Department | Landline | Mobile |\n| Fred Worrall | Earth | 0191 334 2300 | |\n| Ken McCaffrey | Earth | 0191 334 2301 | |\n| Email Address | fred.worral@durham.ac.uk | | |\n\n## Risk assessment\n\n| Hazards | Those at risk | Required controls | Residual risk |\n|---|---|---|---|\n| Transport and Travel | | | |\n| Traffic accident | Staff | Drivers rest | Medium |\n| Environment | | | |\n| Water | Staff | No work near rivers | Low |\n\n## Key people\n\n- **Operations Manager:** Michael Dennis -- 07985 747530\n",
    );
    assert_eq!(
        s.kept("contact"),
        ["Fred Worrall", "Ken McCaffrey", "Michael Dennis"]
    );
    assert_eq!(s.kept("risk"), ["Traffic accident", "Water"]);
    assert_eq!(s.one("risk", "Water").text("category"), "Environment");
    assert_eq!(
        s.one("risk", "Traffic accident").text("mitigation"),
        "Drivers rest"
    );
    let manager = s.one("role", "Operations Manager");
    let michael = s.one("contact", "Michael Dennis");
    assert_eq!(manager.text("primary"), michael.id);
    assert_eq!(michael.text("phones"), "07985 747530");
}

#[test]
fn whom_to_tell_listed_under_a_lead_in_or_a_heading_is_the_communication_plan() {
    let s = Shape::of(
        "tell.md",
        "# Contingency plan\n\n## Activation\n\nThe IC must notify the following people within 1 hour of activating the plan:\n\n* GSA Information Security -- email itservicedesk@gsa.gov\n* Customers -- via the status page\n\n## Stakeholder groups to inform\n\n* Service support staff\n* Architecture team\n\n## Communication plan\n\n**External:**\n\n- Notify foster carers, partners, and regulators of interim arrangements\n\n## Handoff\n\nTo transfer the Communications Officer duties:\n\n1. Outgoing officer briefs the incoming one.\n2. Incoming officer confirms the handoff.\n",
    );
    assert_eq!(
        s.kept("comms"),
        [
            "Architecture team",
            "Customers",
            "Foster carers, partners, and regulators",
            "GSA Information Security",
            "Service support staff"
        ]
    );
    let gsa = s.one("comms", "GSA Information Security");
    assert_eq!(gsa.text("channel"), "email");
    assert_eq!(
        gsa.text("frequency"),
        "within 1 hour of activating the plan"
    );
    assert_eq!(gsa.text("owner"), "IC");
    assert_eq!(
        s.one("comms", "Customers").text("channel"),
        "the status page"
    );
}

#[test]
fn messages_in_blocks_after_a_line_saying_to_post_them_are_templates() {
    let s = Shape::of(
        "post.md",
        "# Incident process\n\n## Declare the incident\n\nPost this in the channel:\n\n```\nI am the incident lead. Join the call.\n```\n\nWhen it is over, post:\n\n```\nI am declaring this incident resolved because the site is back.\n```\n\nRun this to check:\n\n```\ncurl -I https://example.org\n```\n",
    );
    assert_eq!(
        s.kept("template"),
        [
            "Declare the incident",
            "I am declaring this incident resolved because the"
        ]
    );
}

#[test]
fn a_form_table_whose_header_is_a_row_further_down() {
    // A Word risk assessment: the first rows say where and what, the header comes after them.
    let s = Shape::of(
        "form.md",
        "# Trip\n\n## Risk assessment\n\n| **Location(s):** (where?) | **Description of task:** | | |\n|---|---|---|---|\n| Low Burnhall estate | Two days of surveys | | |\n| **Hazards** (things that could cause harm) | **Those at risk** | **Required controls** (how the risk is reduced) | **Controlled risk level** |\n| **Terrain** | | | |\n| Uneven ground | Staff; Students | Walking boots to be worn | Low Risk; 3 x 2 |\n| Water | Staff | No work near rivers | Low Risk; 2 x 2 |\n",
    );
    assert_eq!(s.kept("risk"), ["Uneven ground", "Water"]);
    let ground = s.one("risk", "Uneven ground");
    assert_eq!(ground.text("category"), "Terrain");
    assert_eq!(ground.text("mitigation"), "Walking boots to be worn");
    let section = s.one("section", "Risk assessment");
    assert!(
        section
            .text("body")
            .contains("Low Burnhall estate — Two days of surveys"),
        "{}",
        section.text("body")
    );
}

#[test]
fn a_web_page_of_boxes_titled_by_class_with_numbered_steps() {
    // A page built from <div>s: panel titles by class, steps as boxes with a number badge, a
    // kicker before the page's only <h1>.
    let page = r#"<!doctype html><html><head><title>Club</title></head><body>
<header><span class="eyebrow">Keyholder</span><h1>Emergency procedures</h1></header>
<main>
<div class="panel"><div class="panel-title">Alarm Fault</div>
<div class="step"><div class="num">1</div><div class="body"><h3>Stay calm, check the panel</h3><p>Look at the display for a fault code.</p></div></div>
<div class="step"><div class="num">2</div><div class="body"><h3>If it won't set on close</h3><p>Don't force it. Call the fault line.</p></div></div>
<div class="step"><div class="num">3</div><div class="body"><h3>Log it</h3><p>Let management know what happened.</p></div></div>
</div>
<div class="panel"><div class="panel-title">First Aid</div>
<div class="card"><h3>Kit location</h3><p>Behind the main bar.</p></div>
</div>
</main></body></html>"#;
    let s = Shape::of_bytes(
        "club.html",
        page.as_bytes(),
        "Keyholder Emergency procedures Alarm Fault 1 Stay calm check the panel Look at the display for a fault code 2 If it won't set on close Don't force it Call the fault line 3 Log it Let management know what happened First Aid Kit location Behind the main bar",
    );
    assert_eq!(s.report.title.as_deref(), Some("Emergency procedures"));
    let sections = s.titles("section");
    assert!(
        sections.contains(&"Alarm Fault") && sections.contains(&"First Aid"),
        "{sections:?}"
    );
    assert_eq!(s.kept("checklist"), ["Alarm Fault"]);
    let steps = s.steps("Alarm Fault");
    assert_eq!(
        steps,
        [
            "Stay calm, check the panel: Look at the display for a fault code.",
            "If it won't set on close: Don't force it. Call the fault line.",
            "Log it: Let management know what happened.",
        ]
    );
}

#[test]
fn steps_said_of_someone_are_steps() {
    let s = Shape::of(
        "recording.md",
        "# Recording\n\n## For each recording\n\n1. Recorder puts batteries in the beltpack\n2. Recorder checks the signal reaches the desk\n3. Preacher collects the headset from the table\n\n## Equipment\n\n1. Backups are kept in the cupboard\n2. Headsets are cleaned weekly\n",
    );
    assert_eq!(s.kept("checklist"), ["For each recording"]);
    assert_eq!(
        s.steps("For each recording"),
        [
            "Recorder puts batteries in the beltpack",
            "Recorder checks the signal reaches the desk",
            "Preacher collects the headset from the table",
        ]
    );
}

#[test]
fn a_web_page_bold_by_class_with_its_title_only_in_its_head() {
    let page = r#"<html><head><title>Emergency Plan - West Burton</title></head><body>
<p><span class="text-xl font-bold">Flooding</span><br><span class="mt-4">Switch off all electrical appliances.</span></p>
<p class="text-xl font-bold">Emergency Box</p><ul><li>A torch and spare batteries</li><li>Candles</li></ul>
</body></html>"#;
    let s = Shape::of_bytes(
        "plan.html",
        page.as_bytes(),
        "Emergency Plan West Burton Flooding Switch off all electrical appliances Emergency Box A torch and spare batteries Candles",
    );
    assert_eq!(
        s.report.title.as_deref(),
        Some("Emergency Plan - West Burton")
    );
    let sections = s.titles("section");
    assert!(
        sections.contains(&"Flooding") && sections.contains(&"Emergency Box"),
        "{sections:?}"
    );
    assert!(
        s.one("section", "Flooding")
            .text("body")
            .contains("Switch off all electrical appliances.")
    );
}

#[test]
fn an_escalation_order_written_as_a_list_of_roles_and_who_holds_them() {
    let s = Shape::of(
        "plan.md",
        "# Plan\n\n## Escalation chain\n\n- **On-duty Coordinator** — first point of contact for all emergencies\n- **Backup Coordinator** (rota) — if the on-duty coordinator is unreachable\n- **Vet Liaison** (Becca James) — for vet-related decisions\n- **Chair** (Bev Hibbert) — final escalation point\n",
    );
    assert_eq!(
        s.kept("role"),
        [
            "Backup Coordinator",
            "Chair",
            "On-duty Coordinator",
            "Vet Liaison"
        ]
    );
    let liaison = s.one("role", "Vet Liaison");
    assert_eq!(liaison.text("call_order"), "3");
    assert_eq!(
        liaison.text("responsibilities"),
        "for vet-related decisions"
    );
    assert_eq!(liaison.text("primary"), s.one("contact", "Becca James").id);
    assert_eq!(s.one("role", "Backup Coordinator").text("primary"), "");
    assert_eq!(s.kept("wave").len(), 4);
}

#[test]
fn steps_after_a_situation_or_an_instruction_leading_into_them() {
    let s = Shape::of(
        "plan.md",
        "# Building\n\n## Fire\n\nThe alarm system has pull boxes in the common areas.\nIf you notice a fire or smoke:\n\n- Pull the nearest fire alarm\n- If you can exit safely, use the nearest clear stairwell\n- Once safely out of the building call 911.\n\n## Lone working\n\nWorking alone is sometimes unavoidable. If you find yourself working in the space, out of contact with anyone\nelse, consider these precautions:\n\n-  Ensure your mobile phone is charged and that it remains within reach,\n   in a pocket.\n-  Strongly consider if your activity is certain to be safe.\n-  Confirm that you know where the first aid kit is.\n-  Remember, guests are allowed in the space.\n",
    );
    let lists = s.kept("checklist");
    assert_eq!(lists.len(), 2, "{lists:?}");
    let lone = lists
        .iter()
        .find(|t| t.as_str() == "Lone working")
        .expect("the lone-working steps, named by their heading (the lead-in is a long sentence)");
    assert_eq!(s.steps(lone).len(), 4);
    let fire = lists
        .iter()
        .find(|t| t.as_str() != "Lone working")
        .expect("the fire steps");
    assert_eq!(
        s.steps(fire).first().map(String::as_str),
        Some("Pull the nearest fire alarm")
    );
}

#[test]
fn a_table_whose_cells_span_rows_gives_one_record_per_spanned_cell() {
    // A risk assessment as an HTML table inside Markdown: each risk spans the rows of its
    // controls.
    let s = Shape::of_bytes(
        "risks.md",
        "# Church\n\n## Risks and mitigation\n\n<table>\n<tr><th>Risks</th><th>Controls required</th><th>Action by whom?</th></tr>\n<tr><td rowspan=\"2\">Queueing on entry</td><td>Arrive early</td><td>Event organiser</td></tr>\n<tr><td>Tape on the pavement</td><td>Operations Manager</td></tr>\n<tr><td>Infection through toilets</td><td>Clean after use</td><td>Interns</td></tr>\n</table>\n".as_bytes(),
        "Church Risks and mitigation Risks Controls required Action by whom Queueing on entry Arrive early Event organiser Tape on the pavement Operations Manager Infection through toilets Clean after use Interns",
    );
    assert_eq!(
        s.kept("risk"),
        ["Infection through toilets", "Queueing on entry"]
    );
    let queue = s.one("risk", "Queueing on entry");
    assert_eq!(
        queue.text("mitigation"),
        "Arrive early; Tape on the pavement"
    );
    assert_eq!(queue.text("owner"), "Event organiser; Operations Manager");
}

/// Steps written as a paragraph under a hazard's heading, a step a sentence; policy said in
/// sentences ("staff must…") and description stay text. The same page saved from the web.
#[test]
fn a_paragraph_of_instructions_is_a_checklist_and_policy_is_not() {
    let flooding = "Switch off all electrical appliances, remove plugs from sockets and turn off the main electricity switch. Unplug the telephone, if it is likely to be submerged. Move valuables to higher levels if possible. Sandbags can be provided if you think they will help. Contact Mark Stanley on 01969 663835.";
    let fire = "If you notice a fire please ring 999 immediately and then leave the area. If you have a vehicle nearby, move it out of the way.";
    let policy = "All staff must complete fire training every year. Managers should review the plan. The plan will be tested annually.";
    let md = format!(
        "# Emergency Plan\n\nThis page gives residents information about the scheme. It was completed in 2007.\n\n## Flooding\n\n{flooding}\n\n## Moorland fire\n\n{fire}\n\n## Fire safety\n\n{policy}\n"
    );
    let html = format!(
        "<html><body><h1>Emergency Plan</h1><p>This page gives residents information about the scheme. It was completed in 2007.</p><h2>Flooding</h2><p>{flooding}</p><h2>Moorland fire</h2><p>{fire}</p><h2>Fire safety</h2><p>{policy}</p></body></html>"
    );
    for (name, bytes) in [("plan.md", md.clone()), ("plan.html", html)] {
        let s = Shape::of_bytes(name, bytes.as_bytes(), &md);
        assert_eq!(
            s.titles("checklist"),
            ["Flooding", "Moorland fire"],
            "{name}"
        );
        let steps: Vec<String> = s
            .binder
            .list("item", false)
            .unwrap()
            .iter()
            .filter(|i| i.text("checklist") == s.one("checklist", "Flooding").id)
            .map(|i| i.text("text"))
            .collect();
        assert_eq!(steps.len(), 5, "{name}: {steps:?}");
        assert!(
            steps.iter().any(|t| t.starts_with("Unplug the telephone")),
            "{name}: {steps:?}"
        );
    }
}

/// Shapes met on plans kept apart from the fixtures (a small health-software company's plan, a
/// university office's emergency plan, a Word BCP whose checklists are tables with Wingdings
/// boxes): risks as named list items, a BIA table headed "Critical Activity", a cadence label
/// over what recurs, a month as a review date, and a checklist printed as a table to fill in.
#[test]
fn risks_in_lists_activities_cadence_labels_and_tables_to_fill_in() {
    let s = Shape::of(
        "smallco.md",
        "# Continuity Plan\n\n**Last Reviewed:** January 2026\n\n## 2. Business Impact Analysis\n\n| Critical Activity | Recovery Time Objective (RTO) | Dependency |\n| :--- | :--- | :--- |\n| Patient Survey Intake | 4 Hours | Northflank/Database |\n| New Account Creation | 24 Hours | Admin Portal |\n\n## 3. Technical Recovery\n\n* **Hosting Failure:** we redeploy to a second region.\n* **Data Corruption:** last night's snapshot is restored.\n\n## 4. Emergencies\n\nPotential emergencies could include:\n- Cybersecurity Breaches: unauthorised access to data.\n- Natural Disasters: floods, fires or storms.\n- Fire Warden: not a risk, but the list is then no list of risks.\n\nOther emergencies could include:\n- Infrastructure Failures: server outages.\n- Health Emergencies: outbreaks of disease.\n\n## 5. Testing\n\n* **Annually:** A full restoration drill (snapshot to a fresh environment).\n* **Quarterly:** Review of the emergency contacts.\n\n## 6. Response\n\n**Immediate Response Checklist** from the Queensland template\n\n| Incident Response | \u{f0fc} | Actions Taken |\n| --- | --- | --- |\n| Have you assessed the severity? | \u{f071} | |\n| started an event log? | \u{f071} | |\n| briefed the team on the incident? | \u{f071} | |\n",
    );
    // The BIA: objectives with their recovery times, not schedules.
    assert_eq!(
        s.titles("objective"),
        ["Patient Survey Intake", "New Account Creation"]
    );
    assert!(s.titles("schedule").iter().all(|t| !t.contains("Intake")));
    assert_eq!(
        s.one("objective", "Patient Survey Intake").text("rto"),
        "4 Hours"
    );
    // Risks: the labels that say what could go wrong; a list with one that does not is none.
    let mut risks = s.titles("risk");
    risks.sort();
    assert_eq!(
        risks,
        [
            "Data Corruption",
            "Health Emergencies",
            "Hosting Failure",
            "Infrastructure Failures"
        ]
    );
    assert_eq!(
        s.one("risk", "Hosting Failure").text("mitigation"),
        "we redeploy to a second region."
    );
    // The cadence label says how often, the value what.
    let schedules = s.titles("schedule");
    assert!(
        schedules.contains(&"A full restoration drill (snapshot to a fresh environment)"),
        "{schedules:?}"
    );
    // A month is its first day, not the 20th of the year 26.
    let plan = s.binder.list("plan", false).unwrap();
    assert_eq!(plan[0].text("last_review"), "2026-01-01");
    // The table of questions with Wingdings boxes, named by its caption.
    assert_eq!(s.titles("checklist"), ["Immediate Response Checklist"]);
    assert_eq!(s.steps("Immediate Response Checklist").len(), 3);
}

/// A runbook as operations teams write it (the Ministry of Justice's cluster recovery
/// scenarios): under each scenario a "Restore process" of paragraphs that each lead to a
/// command. Each such paragraph is a step with its command; examples and output stay text.
#[test]
fn a_runbook_of_paragraphs_and_commands_is_a_checklist_per_scenario() {
    let s = Shape::of(
        "scenarios.md",
        "# Disaster recovery scenarios\n\n## Losing a Namespace\n\n### Restore process\n\nIt can be recovered using Velero.\n\nFind the name of the most recent backup:\n\n```\nvelero backup get\n\nNAME  STATUS\nvelero-1  Completed\n```\n\nUsing the backup name, run a restore.\n\nRestore command:\n\n```\nvelero restore create <name> --from-backup <backup>\n```\n\nExample:\n\n```\nvelero restore create dev-restore --from-backup velero-1\n```\n\n## Deleted terraform state\n\n### Restore process\n\nImport the resource again into the state:\n\n```\nterraform import module.ns starter-pack\n```\n\nThen apply, which should raise no error:\n\n```\nterraform apply -target=module.ns\n```\n",
    );
    assert_eq!(
        s.titles("checklist"),
        [
            "Losing a Namespace: Restore process",
            "Deleted terraform state: Restore process"
        ]
    );
    assert_eq!(
        s.steps("Losing a Namespace: Restore process"),
        [
            "Find the name of the most recent backup: velero backup get",
            "Using the backup name, run a restore: velero restore create <name> --from-backup <backup>"
        ]
    );
}

/// Headings that are risks: under a heading naming scenarios, or each named by what could go
/// wrong; sibling headings naming parts of a plan are none.
#[test]
fn headings_under_scenarios_or_naming_what_goes_wrong_are_risks() {
    let s = Shape::of(
        "risks.md",
        "# Plan\n\n## Overview\n\nWhat this is.\n\n## Roles\n\nWho does what.\n\n## Recovery Scenarios\n\n### Losing a Namespace\n\nIt is gone.\n\n### Losing the whole cluster\n\nAll is gone.\n\n## Playbooks\n\n### DDoS\n\nCall the host.\n\n### Insider Threat\n\nLock the accounts.\n\n### Ransomware\n\nUnplug the machines.\n",
    );
    let mut risks = s.titles("risk");
    risks.sort();
    assert_eq!(
        risks,
        [
            "DDoS",
            "Insider Threat",
            "Losing a Namespace",
            "Losing the whole cluster",
            "Ransomware"
        ]
    );
}

/// A site generator's page (Docusaurus leaves a zero-width space after each heading), a risk
/// table whose headers say more than the field ("Potential Disaster scenario", "Probability
/// Rating"), and steps a heading and a lead-in both name, from plans kept apart.
#[test]
fn invisible_anchors_loose_risk_headers_and_one_list_under_two_names() {
    let s = Shape::of(
        "page.md",
        "# Incident response\u{200b}\n\n## Roles\u{200b}\n\n### Communicator\u{200b}\n\nThe communicator handles external communication.\n\n### Scribe\u{200b}\n\nThe scribe records what is going on.\n\n## Scenarios assessed\n\n| Potential Disaster scenario | IT systems impacted | Probability Rating | Impact Rating |\n| --- | --- | --- | --- |\n| Electrical power failure | All systems | 1 | 4 |\n| Cyber security incident | File servers | 3 | 3 |\n\n## Fire\n\nIf you encounter a fire, follow the steps below:\n\n1. Notify HQ by radio, describing the location.\n2. Ensure people are clear of danger.\n3. If it is safe to do so, put the fire out.\n",
    );
    let mut roles = s.titles("role");
    roles.sort();
    assert_eq!(roles, ["Communicator", "Scribe"]);
    // (and the heading "Fire", which names one alone)
    assert_eq!(
        s.titles("risk"),
        [
            "Electrical power failure",
            "Cyber security incident",
            "Fire"
        ]
    );
    assert_eq!(
        s.titles("checklist").len(),
        1,
        "{:?}",
        s.titles("checklist")
    );
}

/// What a review of the readings above found they would wrongly make: phases of a response
/// named by an emergency, numbers to ring named by what they are for, a table of staff whose
/// last column is their next of kin, a bold note over a tick-box table, and sentences about
/// the channels ("Email is our main channel"). None is a risk, a contact by the wrong name, a
/// checklist called "Note" or a checklist at all.
#[test]
fn phases_phone_labels_next_of_kin_notes_and_channels_are_not_misread() {
    let s = Shape::of(
        "review.md",
        "# Emergencies and Critical Incidents Policy\n\n## Our organisation\n\nA small charity.\n\n## Testing the plan\n\nOnce a year.\n\n## Before an emergency\n\nKeep the kit stocked.\n\n## During an emergency\n\nStay calm.\n\n## Numbers\n\n- **Gas emergency:** 0800 111 999\n- **Water leak:** 0800 316 9800\n\n## Staff\n\n| Staff name | Mobile | Emergency contact |\n| --- | --- | --- |\n| Jo Bloggs | 07700 900123 | Sam Bloggs |\n| Al Smith | 07700 900456 | Pat Smith |\n\n## Closing up\n\n**Note:** tick each item when done.\n\n| Action | Done |\n| --- | --- |\n| Lock the doors | ☐ |\n| Set the alarm | ☐ |\n\n## Communication\n\nEmail is our main channel. Text messages are used for urgent alerts. Contact details are kept on the shared drive.\n",
    );
    assert!(s.titles("risk").is_empty(), "{:?}", s.titles("risk"));
    let contacts = s.titles("contact");
    assert!(
        !contacts
            .iter()
            .any(|c| c.contains("Sam") || c.contains("Pat")),
        "{contacts:?}"
    );
    assert_eq!(s.titles("checklist"), ["Closing up"]);
}

/// Risks a plan names as its scenarios or categories, whatever their words (a contingency plan's
/// sentence, an RST plan's "Failure scenario:" headings and "Incident categories" list, a
/// nursery's "in the event of …" and a makerspace's "If there's a water leak"), from plans kept
/// apart; a condition naming only that something goes wrong, and a list of steps under
/// "Emergencies", are none.
#[test]
fn risks_named_as_scenarios_categories_and_conditions() {
    let s = Shape::of(
        "plan.md",
        "# Contingency plan\n\nScenarios where that could happen include unexpected downtime of key external services, data loss, or [high-severity security incidents](security-ir.md).\n\n## Failure scenario: malicious tampering or ransomware\n\n1. Isolate affected host from the network.\n2. Identify last known-good backup.\n\n## Incident categories\n\n- Category 1 – Unauthorized Access\n- Category 2 – Data Integrity Violation\n- Category 3 – Service Outage or Degradation\n\n## Policy\n\nAll precautions must be taken in the event of a civil defence, fire, earthquake, tsunami, or trespasser or violent intruder emergency.\n\nIf there's a water leak, turn the blue stop-tap towards the ceiling.\n\nIn the event of an emergency, call 999. If there's a risk to life, property or the environment, call 999.\n\n## Emergencies\n\n- Call 999 and ask for the fire brigade.\n- Leave by the nearest exit.\n\n## Heavy snow\n\nStock up with tins in case the roads are blocked.\n",
    );
    let mut risks = s.titles("risk");
    risks.sort();
    assert_eq!(
        risks,
        [
            "Civil defence",
            "Data Integrity Violation",
            "Data loss",
            "Earthquake",
            "Fire",
            "Heavy snow",
            "High-severity security incidents",
            "Malicious tampering or ransomware",
            "Service Outage or Degradation",
            "Trespasser or violent intruder",
            "Tsunami",
            "Unauthorized Access",
            "Unexpected downtime of key external services",
            "Water leak",
        ]
    );
    // The scenario's steps are still its checklist.
    assert!(
        s.titles("checklist")
            .iter()
            .any(|t| t.contains("malicious tampering"))
    );
}

/// Well-known providers a plan names only in its sentences (a parish website's support guide,
/// an OKF server list, a consultancy's continuity policy, from plans kept apart): vendors, once
/// each, likely when the text says they are used and a guess otherwise; one a table made
/// already is not made again.
#[test]
fn providers_named_in_sentences_are_vendors() {
    let s = Shape::of(
        "guide.md",
        "# Website support guide\n\n## Hosting\n\nThe site is hosted on Heroku and the domain is registered with 123-reg.co.uk.\n\n## Vendors\n\n| Vendor | Service |\n| --- | --- |\n| GitHub | Code |\n\n## Channels\n\n- Our main Staff communication channels (Slack and Google Mail) are cloud-hosted.\n- The code is on GitHub; Heroku deploys it.\n\n## History\n\nLike Zoom, we grew fast in 2020.\n",
    );
    let mut vendors = s.titles("vendor");
    vendors.sort();
    assert_eq!(
        vendors,
        [
            "123-reg.co.uk",
            "GitHub",
            "Google Mail",
            "Heroku",
            "Slack",
            "Zoom"
        ]
    );
    let guessed: Vec<String> = s
        .report
        .entries
        .iter()
        .filter(|e| e.kind == "vendor" && e.confidence == binder::planimport::Confidence::Inferred)
        .map(|e| e.title.clone())
        .collect();
    assert_eq!(guessed, ["Zoom"]);
}

/// A fire policy's responsibilities, a heading per role (an office's evacuation procedures,
/// from plans kept apart): each heading naming a job or a person is a role, with who holds it
/// when the heading says; a heading about duties or visitors is none.
#[test]
fn headings_under_responsibilities_name_roles() {
    let s = Shape::of(
        "fire.md",
        "# Fire and emergency evacuation policy\n\n## 8 Responsibilities in Relation to Fire Safety for Leeds\n\n### 8.2 Responsible Person = Pete Cotton (Interim)\n\nThe Responsible Person has overall responsibility.\n\n### 8.3 Persons Who Manage Fire Safety\n\nThe Office Manager and the Operations Director.\n\n### 8.4 Competent Person\n\nSomeone with enough training and experience.\n\n### 8.6 Fire Marshals\n\nFire Marshals sweep their area.\n\n### 8.7 Employee Responsibilities\n\nAll employees must know the exits.\n\n### 8.8 Visitors\n\nVisitors sign in.\n",
    );
    let mut roles = s.titles("role");
    roles.sort();
    assert!(
        [
            "Competent Person",
            "Fire Marshals",
            "Persons Who Manage Fire Safety",
            "Responsible Person"
        ]
        .iter()
        .all(|r| roles.contains(r)),
        "{roles:?}"
    );
    assert!(
        !roles
            .iter()
            .any(|r| r.contains("Employee") || r.contains("Visitor"))
    );
    let holder = s.one("role", "Responsible Person").text("primary");
    assert_eq!(s.binder.record(&holder).unwrap().title(), "Pete Cotton");
}

/// Whom to ring said by a sentence and the numbers listed below it (a youth organisation's
/// emergency rules, from plans kept apart): a contact with both numbers, when to ring each in
/// its notes; the labels are nobody to tell.
#[test]
fn numbers_listed_below_a_sentence_naming_whom_they_reach() {
    let s = Shape::of(
        "rules.rst",
        "Emergency procedures\n====================\n\ne. In Scotland, the Scottish Headquarters should also be informed. The telephone numbers are:\n\n   *  during office hours - 01383 419073;\n   *  after office hours -- 0345 300 1818\n",
    );
    assert_eq!(s.titles("contact"), ["Scottish Headquarters"]);
    let hq = s.one("contact", "Scottish Headquarters");
    let phones = format!("{:?}", hq.fields.get("phones"));
    assert!(
        phones.contains("01383 419073") && phones.contains("0345 300 1818"),
        "{phones}"
    );
    assert!(
        hq.text("notes")
            .contains("after office hours: 0345 300 1818")
    );
    assert!(s.titles("comms").is_empty(), "{:?}", s.titles("comms"));
}

/// A table whose one known column names its rows by the kind's own word ("# | Scenario |
/// Section", a charity's emergency plan), its rows numbered and pointing to sections: risks;
/// a form to fill in ("System/Component | Description" over "Click here to enter text.") is
/// none.
#[test]
fn a_table_naming_its_rows_by_the_kinds_word_and_a_form_that_does_not() {
    let s = Shape::of(
        "plan.md",
        "# Emergency plan\n\n## Scenarios covered\n\n| # | Scenario | Section |\n| --- | --- | --- |\n| 1 | Fire in the foster home | § 4 |\n| 2 | Flood or serious water leak | § 5 |\n| 3 | Human emergency in the foster home (fosterer illness, accident, bereavement, absence) | § 9 |\n\n## Backups\n\n| System/Component | Description |\n| --- | --- |\n| Software Used | Click here to enter text. |\n| Frequency | Click here to enter text. |\n",
    );
    assert_eq!(
        s.titles("risk"),
        [
            "Fire in the foster home",
            "Flood or serious water leak",
            "Human emergency in the foster home (fosterer illness, accident, bereavement, absence)"
        ]
    );
    assert!(
        s.titles("objective").is_empty(),
        "{:?}",
        s.titles("objective")
    );
}
