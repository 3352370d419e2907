use std::collections::BTreeMap;

use binder::planimport::PlanReport;
use binder::{Binder, Keys, Record, Value};

use crate::support::{Home, PLANS};

fn fixture(name: &str) -> std::path::PathBuf {
    crate::support::fixtures("plans").join(name)
}

struct Imported {
    _dir: tempfile::TempDir,
    binder: Binder,
    report: PlanReport,
}

impl Imported {
    fn of(name: &str) -> Imported {
        let dir = tempfile::tempdir().unwrap();
        let mut binder = Binder::create(
            &dir.path().join("b.binder"),
            Keys::generate("T"),
            binder::Start::Empty,
        )
        .unwrap();
        binder.set_organisation("Test Org").unwrap();
        let bytes = std::fs::read(fixture(name)).unwrap();
        let (report, _) = binder::planimport::import(&mut binder, name, &bytes).unwrap();
        Imported {
            _dir: dir,
            binder,
            report,
        }
    }

    fn all(&self, kind: &str) -> Vec<Record> {
        self.binder.list(kind, false).unwrap()
    }

    fn one(&self, kind: &str, title: &str) -> Record {
        let all = self.all(kind);
        all.iter()
            .find(|r| r.title() == title)
            .cloned()
            .unwrap_or_else(|| {
                panic!(
                    "no {kind} {title:?}; there are {:?}",
                    all.iter().map(Record::title).collect::<Vec<_>>()
                )
            })
    }

    fn name_of(&self, id: &str) -> String {
        self.binder.record(id).unwrap().title()
    }

    fn items_of(&self, checklist: &str) -> Vec<Record> {
        let id = self.one("checklist", checklist).id;
        self.all("item")
            .into_iter()
            .filter(|i| i.text("checklist") == id)
            .collect()
    }
}

/// Words as `pdftotext` would give them: runs of letters and digits, case ignored.
pub(crate) fn words(text: &str, into: &mut BTreeMap<String, usize>) {
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *into.entry(w.to_lowercase()).or_default() += 1;
    }
}

/// Every word of every value in the binder, a reference read as the title of the record it
/// names — as the binder shows and prints it (a role's primary is printed as the person's name).
pub(crate) fn binder_words(b: &Binder) -> BTreeMap<String, usize> {
    let mut all = BTreeMap::new();
    for kind in binder::KINDS {
        for r in b.list(kind.name, false).unwrap() {
            for (field, value) in &r.fields {
                let is_ref = kind
                    .field(field)
                    .is_some_and(|f| matches!(f.ty, binder::catalog::FieldType::Ref(_)));
                if is_ref {
                    words(&b.record(&value.display()).unwrap().title(), &mut all);
                } else {
                    words(&value.display(), &mut all);
                }
            }
        }
    }
    all
}

/// The words of `source` (with how often each comes) that the binder holds fewer times.
pub(crate) fn lost_words(source: &str, b: &Binder) -> Vec<String> {
    let kept = binder_words(b);
    let mut wanted = BTreeMap::new();
    words(source, &mut wanted);
    wanted
        .iter()
        .filter(|(w, n)| kept.get(*w).copied().unwrap_or(0) < **n)
        .map(|(w, n)| {
            format!(
                "{w} ({n} in the file, {} in the binder)",
                kept.get(w).copied().unwrap_or(0)
            )
        })
        .collect()
}

/// The words of the records in the binder that `source` does not have at all — what an import
/// invented — each with the kind and field it is in. Left out: the members (the test's own
/// identity), the organisation (set by the test before the import), and fields that are not
/// text from the plan — numbers the import gives (positions, ranks), yes/no, fixed choices,
/// dates and durations (kept in a canonical form: "Annual" is "annually"); a reference is read
/// as the title of what it names; and the import's own notes in a section (an italic line
/// saying where a table or list went, a control's "this document says it satisfies …", a code
/// fence's language), which say what the import did, not what the plan says. Three titles are
/// given where a plan has none, and only these: the plan's title that `set_organisation` gives
/// before the import, "Introduction" for text before the first heading, and "Document
/// information" for a Markdown file's front matter.
pub(crate) fn invented_words(source: &str, b: &Binder) -> Vec<String> {
    const GIVEN: &[(&str, &str, &str)] = &[
        ("plan", "title", "Business Continuity Plan"),
        ("section", "title", "Introduction"),
        ("section", "title", "Document information"),
    ];
    use binder::catalog::FieldType;
    let mut had = BTreeMap::new();
    words(source, &mut had);
    words(&b.organisation().unwrap(), &mut had);
    let mut invented = BTreeMap::<String, String>::new();
    for kind in binder::KINDS.iter().filter(|k| k.name != "member") {
        for r in b.list(kind.name, false).unwrap() {
            for (field, value) in &r.fields {
                let text = match kind.field(field).map(|f| &f.ty) {
                    Some(FieldType::Ref(_)) => b.record(&value.display()).unwrap().title(),
                    Some(
                        FieldType::Int
                        | FieldType::Bool
                        | FieldType::Enum(_)
                        | FieldType::Date
                        | FieldType::DateTime
                        | FieldType::Duration,
                    ) => continue,
                    _ => without_import_notes(&value.display()),
                };
                if GIVEN.contains(&(kind.name, field.as_str(), text.as_str())) {
                    continue;
                }
                let mut these = BTreeMap::new();
                words(&text, &mut these);
                for w in these.into_keys().filter(|w| !had.contains_key(w)) {
                    invented
                        .entry(w)
                        .or_insert_with(|| format!("{}.{field}: {text:?}", kind.name));
                }
            }
        }
    }
    invented
        .into_iter()
        .map(|(w, place)| format!("{w} (in {place})"))
        .collect()
}

/// `text` without the lines the import writes about itself: "*Imported as 4 activation levels
/// (see Activation levels) from a table with the columns …*" and "*Checklist “…” with 5 steps —
/// see Checklists.*".
fn without_import_notes(text: &str) -> String {
    text.lines()
        .filter(|l| {
            let l = l.trim();
            !((l.starts_with("*Imported as ")
                && l.contains(" from a table with the columns ")
                && l.ends_with(".*"))
                || (l.starts_with("*Checklist “")
                    && (l.ends_with(" steps — see Checklists.*")
                        || l.ends_with(" 1 step — see Checklists.*"))))
        })
        // A code fence's language ("```yaml") is markup.
        .map(|l| {
            if l.trim_start().starts_with("```") {
                ""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        // What a control's evidence says of the document it came from.
        .replace("(this document says it satisfies ", "(")
        // What a reading from sentences says it read (the sentences quoted are the plan's).
        .replace("Read from the text: ", "")
        .replace("Inferred from the text: ", "")
}

#[test]
fn no_word_of_any_plan_is_lost() {
    for name in PLANS {
        let imported = Imported::of(name);
        let source = std::fs::read_to_string(fixture(name)).unwrap();
        let lost = lost_words(&source, &imported.binder);
        assert!(lost.is_empty(), "{name}: words lost: {lost:?}");
    }
    // The comparison does see a loss: take one section away and its words are missing.
    let mut imported = Imported::of("batchcortex-continuity-plan.txt");
    let insurance = imported.one("section", "6. Insurance").id;
    imported.binder.remove(&insurance).unwrap();
    let kept = binder_words(&imported.binder);
    assert!(!kept.contains_key("cyber") && !kept.contains_key("liability"));
}

/// Nothing is invented: every word of every record an import made is a word of the plan.
#[test]
fn every_word_of_every_imported_record_is_in_the_plan() {
    for name in PLANS {
        let imported = Imported::of(name);
        let source = std::fs::read_to_string(fixture(name)).unwrap();
        let invented = invented_words(&source, &imported.binder);
        assert!(
            invented.is_empty(),
            "{name}: words not in the plan: {invented:?}"
        );
    }
}

/// The headings of a Markdown file, outside code blocks.
fn markdown_headings(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        let hashes = line.chars().take_while(|c| *c == '#').count();
        if !fenced && (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
            out.push(line[hashes..].trim().to_string());
        }
    }
    out
}

#[test]
fn every_markdown_heading_is_a_section_in_its_place() {
    for name in PLANS.iter().filter(|n| n.ends_with(".md")) {
        let imported = Imported::of(name);
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        let titles: Vec<String> = imported.all("section").iter().map(Record::title).collect();
        let headings = markdown_headings(&text);
        assert!(!headings.is_empty());
        for h in &headings {
            let plain = h.replace("**", "");
            assert!(
                titles.contains(&plain),
                "{name}: heading {h:?} is not a section; sections: {titles:?}"
            );
        }
        // Sections keep the order of the file: the sections named by headings, in the binder's
        // order, are the headings in the file's order, one for one.
        let plain: Vec<String> = headings.iter().map(|h| h.replace("**", "")).collect();
        let in_binder: Vec<&String> = titles.iter().filter(|t| plain.contains(t)).collect();
        let in_file: Vec<&String> = plain.iter().collect();
        assert_eq!(
            in_binder, in_file,
            "{name}: the sections are not in the file's heading order"
        );
    }
}

#[test]
fn batchcortex_text_plan_gives_roles_with_primary_and_the_missing_backups() {
    let p = Imported::of("batchcortex-continuity-plan.txt");
    let titles: Vec<String> = p.all("section").iter().map(Record::title).collect();
    assert_eq!(
        titles,
        [
            "Business Continuity Plan",
            "1. Purpose",
            "2. Key Personnel",
            "3. Infrastructure Continuity",
            "4. Data Access and Recovery",
            "5. Customer Data Return",
            "6. Insurance"
        ]
    );
    let ceo = p.one("role", "CEO / Technical Operations");
    assert_eq!(p.name_of(&ceo.text("primary")), "Vilmer Frost");
    assert_eq!(ceo.text("backup"), "");
    assert_eq!(ceo.text("notes"), "Backup: To be formalized");
    let dpo = p.one("role", "Data Protection Officer");
    assert_eq!(
        dpo.text("primary"),
        ceo.text("primary"),
        "one contact for one person"
    );
    let comms = p.one("role", "Customer Communications");
    let inbox = p.binder.record(&comms.text("primary")).unwrap();
    assert_eq!(
        inbox.fields.get("emails"),
        Some(&Value::List(vec!["vilmer@batchcortex.com".into()]))
    );
    assert_eq!(comms.text("notes"), "Backup: Backup email to be configured");
    assert_eq!(p.all("contact").len(), 2);
    let plan = &p.all("plan")[0];
    assert_eq!(plan.text("title"), "Business Continuity Plan");
    assert_eq!(
        plan.text("organisation"),
        "Test Org",
        "the organisation is not overwritten"
    );
    assert_eq!(plan.text("owner"), "Vilmer Frost, CEO");
    assert_eq!(plan.text("review_interval"), "Annual");
    // The infrastructure table (Service | Continuity Measure) is the dependencies, each with
    // what keeps it going if it fails.
    let edge = p.one("dependency", "Edge agents");
    assert!(
        edge.text("workaround").starts_with("Operate autonomously"),
        "{:?}",
        edge.fields
    );
    assert_eq!(p.all("dependency").len(), 5);
    let personnel = p.one("section", "2. Key Personnel");
    assert!(personnel.text("body").starts_with("*Imported as 3 roles"));
    assert!(
        personnel
            .text("body")
            .contains("actively building its advisory network")
    );
    let data = p.one("section", "4. Data Access and Recovery");
    assert!(
        data.text("body")
            .starts_with("4.1. All customer data is stored in Supabase")
    );
}

#[test]
fn tuist_plan_gives_roles_objectives_and_its_owner() {
    let p = Imported::of("tuist-bcdr-plan.md");
    let roles = p.all("role");
    assert_eq!(roles.len(), 6);
    let support = p.one("role", "VP of Global Support");
    assert!(
        support
            .text("responsibilities")
            .starts_with("The VP of Global Support, in conjunction with the CEO and CFO")
    );
    assert_eq!(support.text("primary"), "", "the table names no people");
    let objectives = p.all("objective");
    assert_eq!(objectives.len(), 9);
    let github = p.one("objective", "GitHub");
    assert_eq!(github.text("rto"), "30 min");
    assert_eq!(github.text("rpo"), "");
    assert_eq!(github.text("owner"), "Engineering");
    assert_eq!(
        github.text("impact"),
        "Inability to deploy critical fixes to our production infrastructure"
    );
    assert!(github.text("notes").contains("Rank: 4"));
    assert!(github.text("notes").contains("Users: All"));
    assert!(
        github
            .text("notes")
            .contains("Comments / Gaps: The recovery might depend on the vendor.")
    );
    assert!(github.text("notes").contains("Affected Assets: Network"));
    assert_eq!(
        p.one("objective", "Company laptops").text("owner"),
        "IT Ops"
    );
    assert_eq!(p.one("objective", "Fly servers").text("rto"), "1 hour");
    let plan = &p.all("plan")[0];
    assert_eq!(
        plan.text("title"),
        "Business continuity and disaster recovery plan"
    );
    assert_eq!(plan.text("owner"), "Pedro Piñera Buendía");
    assert_eq!(plan.text("effective"), "2024-10-16");
    let front = p.one("section", "Document information");
    assert!(
        front
            .text("body")
            .contains("titleTemplate: :title | Business continuity and data protection")
    );
    // Sub-headings nest under their parent.
    let telephony = p.one("section", "Telephony Down");
    let parent = p.binder.record(&telephony.text("parent")).unwrap();
    assert_eq!(parent.title(), "Procedure:");
    assert!(
        telephony
            .text("body")
            .contains("Notify Customer Base to use Support Portal or Email")
    );
    assert!(
        p.one("section", "Communications and escalation")
            .text("body")
            .contains("https://status.tuist.io")
    );
}

#[test]
fn ai_agent_plan_gives_its_four_checklists_in_order() {
    let p = Imported::of("ai-agent-platform-bcp.md");
    let lists: Vec<String> = p.all("checklist").iter().map(Record::title).collect();
    // Its numbered "Data Recovery Procedures" first (named with the heading above it: the plan
    // has a second section of that name), then the four phases' task lists, then the
    // numbered steps under the recovery headings, and the monthly review's instructions
    // ("Update Contact Information", "Review Procedures", "Check Dependencies") and the
    // quarterly one's ("**Stakeholder Feedback**: Gather feedback from all stakeholders").
    assert_eq!(
        lists,
        [
            "Data Protection: Data Recovery Procedures",
            "Immediate Response (0-15 minutes)",
            "Short-term Response (15 minutes - 1 hour)",
            "Medium-term Response (1-4 hours)",
            "Long-term Response (4+ hours)",
            "Database Recovery",
            "Application Recovery",
            "Monthly Reviews",
            "Quarterly Updates",
        ]
    );
    let first = p.one("checklist", "Immediate Response (0-15 minutes)");
    assert_eq!(first.text("phase"), "initial response");
    let items = p.items_of("Immediate Response (0-15 minutes)");
    let steps: Vec<String> = items.iter().map(|i| i.text("text")).collect();
    assert_eq!(
        steps,
        [
            "Acknowledge incident and assign incident commander",
            "Assess scope and impact of the incident",
            "Activate appropriate response team",
            "Begin initial communication to stakeholders",
            "Start technical investigation and diagnosis"
        ]
    );
    assert!(items.iter().all(|i| i.text("window") == "0-15 minutes"));
    assert_eq!(
        p.items_of("Short-term Response (15 minutes - 1 hour)")[0].text("window"),
        "15 minutes - 1 hour"
    );
    let last = p.items_of("Long-term Response (4+ hours)");
    assert_eq!(last.len(), 5);
    assert_eq!(
        last[4].text("text"),
        "Report to executives and board if required"
    );
    assert_eq!(
        p.all("plan")[0].text("title"),
        "Business Continuity Plan - AI Agent Security Platform"
    );
    // Lists that are not task lists stay text in their section.
    let funcs = p.one("section", "Critical Business Functions");
    assert!(
        funcs
            .text("body")
            .contains("1. **Core Security Services**: SSA, Policy Engine, Audit Service")
    );
    let multi = p.one("section", "Multi-Cloud Strategy");
    assert!(multi.text("body").contains("```yaml\nPrimary Cloud: AWS"));
}

#[test]
fn comply_policies_give_their_controls_and_keep_template_tables_as_text() {
    let p = Imported::of("comply-continuity-policy.md");
    let control = p.one("control", "CC9.1");
    assert_eq!(control.text("framework"), "TSC");
    assert_eq!(p.all("plan")[0].text("title"), "Business Continuity Policy");
    let policy = p.one("section", "Policy");
    assert!(
        policy
            .text("body")
            .contains("i. Each manager is required to perform a business risk assessment")
    );

    let p = Imported::of("comply-disaster-recovery-policy.md");
    let refs: Vec<String> = p.all("control").iter().map(Record::title).collect();
    assert_eq!(refs, ["A1.2", "A1.3"]);
    assert!(
        p.all("contact").is_empty(),
        "the contact tables are empty templates"
    );
    let appendix = p.one("section", "Appendix A: Relevant Points of Contact");
    assert!(
        appendix
            .text("body")
            .contains("|       Name       |     Job Title     |")
    );
    let kept = p.report.entries.iter().filter(|e| e.kind == "text").count();
    assert_eq!(kept, 3, "{:#?}", p.report.entries);
    assert!(p.report.entries.iter().any(|e| {
        e.detail
            .contains("a table of contacts with no rows filled in")
    }));
}

#[test]
fn security_page_without_marked_headings_is_split_at_its_lead_lines() {
    let p = Imported::of("batchcortex-security-page.txt");
    let titles: Vec<String> = p.all("section").iter().map(Record::title).collect();
    for h in [
        "Security & Data Protection",
        "Edge infrastructure",
        "Rate limiting",
        "Found a vulnerability?",
        "What's coming.",
    ] {
        assert!(titles.iter().any(|t| t == h), "{h:?} not in {titles:?}");
    }
    assert!(
        p.one("section", "Rate limiting")
            .text("body")
            .starts_with("10 req/min for auth endpoints")
    );
}

#[test]
fn importing_the_same_plan_again_changes_nothing() {
    for name in PLANS {
        let mut p = Imported::of(name);
        let before = p.binder.fingerprint().unwrap();
        let bytes = std::fs::read(fixture(name)).unwrap();
        let (_, again) = binder::planimport::import(&mut p.binder, name, &bytes).unwrap();
        assert_eq!((again.created, again.updated), (0, 0), "{name}");
        assert_eq!(p.binder.fingerprint().unwrap(), before, "{name}");
    }
}

#[test]
fn the_cli_previews_then_imports_and_refuses_binary_files() {
    let home = Home::with_starter();
    let plan = fixture("batchcortex-continuity-plan.txt");
    let before = home.snapshot();
    let preview = home.ok(&["import", "plan", "--dry-run", plan.to_str().unwrap()]);
    assert!(
        preview.contains("role         CEO / Technical Operations"),
        "{preview}"
    );
    assert!(
        preview.contains(
            "would import: 1 checklist, 2 contacts, 5 dependencies, 1 plan, 2 risks, 3 roles, 7 sections"
        ),
        "{preview}"
    );
    assert!(home.snapshot() == before, "a dry run writes nothing");

    let elsewhere = tempfile::tempdir().unwrap();
    let bad = elsewhere.path().join("plan.pdf");
    std::fs::write(
        &bad,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\n",
    )
    .unwrap();
    let err = home.fails(&["import", "plan", bad.to_str().unwrap()]);
    assert!(err.contains("this is a PDF"), "{err}");
    std::fs::write(&bad, b"text\n\x00\x01binary").unwrap();
    let err = home.fails(&["import", "plan", bad.to_str().unwrap()]);
    assert!(err.contains("line 2: the file holds binary data"), "{err}");
    assert!(home.snapshot() == before, "a refused import writes nothing");

    let out = home.ok(&["import", "plan", plan.to_str().unwrap()]);
    assert!(out.contains("imported: 1 checklist, 2 contacts, 5 dependencies, 1 plan, 2 risks, 3 roles, 7 sections; 24 record(s) created, 1 updated"), "{out}");
    let roles = home.ok(&["list", "role"]);
    assert!(
        roles.contains("Data Protection Officer") && roles.contains("Vilmer Frost"),
        "{roles}"
    );
    let json = home.json(&["import", "plan", "--dry-run", plan.to_str().unwrap()]);
    assert_eq!(
        json["plan"]["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["new"] == true)
            .count(),
        0
    );
}

/// Sibling headings each followed by "- **Label**: value" lines are a table written as
/// headings: the ai-agent plan's P0–P3 (and Critical–Low) become activation levels with their
/// response times, its response roles become roles, and every label the catalog has no field
/// for stays in the record's notes.
#[test]
fn ai_agent_plan_gives_levels_and_roles_written_as_headings() {
    let p = Imported::of("ai-agent-platform-bcp.md");
    let p0 = p.one("level", "P0 - Critical (Complete Service Outage)");
    assert!(p0.text("response_time").contains("15"), "{:?}", p0.fields);
    assert!(
        p0.text("notes").contains("Hourly public updates"),
        "{:?}",
        p0.fields
    );
    let p3 = p.one("level", "P3 - Low (Cosmetic Issues)");
    assert!(p3.text("response_time").contains("24"), "{:?}", p3.fields);
    let levels: Vec<String> = p.all("level").iter().map(Record::title).collect();
    assert_eq!(levels.len(), 8, "{levels:?}");
    for role in [
        "Incident Commander",
        "Technical Lead",
        "Communications Lead",
        "Business Lead",
    ] {
        p.one("role", role);
    }
    // Two headings that share no field-like label are no table: "Critical Vendors" is read as a
    // list of vendors, "Vendor Continuity Requirements" (no names, only requirements) is not.
    assert!(
        !p.all("vendor").iter().any(|v| v.title().contains("uptime")),
        "{:?}",
        p.all("vendor")
    );
}

/// A numbered list under a procedure-like heading is a checklist; one under a heading that only
/// says "Procedure:" is named by the heading above it.
#[test]
fn tuist_numbered_procedures_become_checklists_named_by_their_scenario() {
    let p = Imported::of("tuist-bcdr-plan.md");
    let steps: Vec<String> = p
        .items_of("HQ Offline (power and/or network): Procedure")
        .iter()
        .map(|i| i.text("text"))
        .collect();
    assert_eq!(
        steps,
        [
            "HQ Staff relocate to home offices (30-60 minutes)",
            "Verify Telephony, CRM, & Email Connectivity at home offices (10 minutes)",
            "Remotely resume normal operations"
        ]
    );
    p.one("checklist", "Disaster Event at HQ: Procedure");
}

const BAKERY: &str = "# Riverside Bakery continuity plan\n\n## Who does what\n\n| Role | Primary | Backup |\n|---|---|---|\n| Oven lead | Dana | Omar |\n\n## Our people\n\n| Crew | Ring on | Shift |\n|---|---|---|\n| Dana | +44 161 496 0100 | Early |\n| Omar | +44 161 496 0199 | Late |\n\n## How bad is it\n\nWhen things go wrong we say which colour we are at: Amber (one oven down, we cope), Red (no baking possible today) or Black (the building is unsafe).\n";

/// Issue 25: `--read-as` and `--map` read a block as the founder says (keys from --dry-run's
/// list of blocks); a correction that cannot be followed is refused and writes nothing.
#[test]
fn the_cli_reads_a_block_as_it_is_told() {
    let home = Home::with_starter();
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("bakery.md");
    std::fs::write(&plan, BAKERY).unwrap();
    let path = plan.to_str().unwrap();
    let preview = home.ok(&["import", "plan", "--dry-run", path]);
    assert!(
        preview.contains("line   11  table  read as text [Crew→-, Ring on→-, Shift→-]"),
        "{preview}"
    );
    assert!(
        preview.contains("line   18  text   read as text"),
        "{preview}"
    );

    let before = home.snapshot();
    for (args, says) in [
        (
            vec!["--read-as", "11=lvl"],
            "“lvl” is not a kind a block can be read as",
        ),
        (
            vec!["--read-as", "11=contact", "--map", "11=Crew:nme"],
            "a contact has no field “nme”",
        ),
        (
            vec!["--map", "eleven=Crew:name"],
            "“eleven” is not a line number",
        ),
    ] {
        let mut all = vec!["import", "plan"];
        all.extend(args);
        all.push(path);
        let err = home.fails(&all);
        assert!(err.contains(says), "{err}");
    }
    assert!(
        home.snapshot() == before,
        "a refused correction writes nothing"
    );

    let out = home.ok(&[
        "import",
        "plan",
        path,
        "--read-as",
        "11=contact",
        "--map",
        "11=Ring on:phones,3:job_title",
        "--read-as",
        "18=level",
    ]);
    assert!(out.contains("3 activation levels"), "{out}");
    let contacts = home.json(&["list", "contact"]);
    let omar = contacts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["fields"]["name"] == "Omar")
        .expect("Omar is a contact");
    assert_eq!(
        omar["fields"]["phones"],
        serde_json::json!(["+44 161 496 0199"])
    );
    assert_eq!(omar["fields"]["job_title"], "Late");
    let levels = home.ok(&["list", "level"]);
    for name in ["Amber", "Red", "Black", "no baking possible today"] {
        assert!(levels.contains(name), "{levels}");
    }
}

/// Issue 25: importing a newer version of a document already imported changes exactly what
/// changed: the preview names the fields each record would change, nothing is duplicated,
/// and records the new version leaves as they were are not touched. What the founder said the
/// first time is remembered by the binder (each command is a new process: a restart) and
/// followed to where its block moved, with no flags given again.
#[test]
fn importing_a_newer_version_changes_exactly_what_changed() {
    let home = Home::with_starter();
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("bakery.md");
    let path = plan.to_str().unwrap();
    let fixes = [
        "--read-as",
        "11=contact",
        "--map",
        "11=Ring on:phones,Shift:-",
    ];
    std::fs::write(&plan, BAKERY).unwrap();
    let mut first = vec!["import", "plan", path];
    first.extend(fixes);
    home.ok(&first);
    let records = |kind: &str| home.json(&["list", kind]).as_array().unwrap().clone();
    let (contacts, roles, sections) = (records("contact"), records("role"), records("section"));

    // The new version: Omar's number changed, a row added, a sentence reworded, and a
    // paragraph added above, so the corrected table starts two lines lower.
    let newer = BAKERY
        .replace(
            "## Who does what\n\n",
            "## Who does what\n\nWe keep this table up to date.\n\n",
        )
        .replace("+44 161 496 0199", "+44 161 496 0777")
        .replace(
            "| Omar | +44 161 496 0777 | Late |",
            "| Omar | +44 161 496 0777 | Late |\n| Priya | +44 161 496 0123 | Nights |",
        )
        .replace("we cope", "we manage");
    std::fs::write(&plan, &newer).unwrap();
    let preview = home.ok(&["import", "plan", "--dry-run", path]);
    assert!(
        preview.contains("what you said for the block at line 11 now applies at line 13"),
        "{preview}"
    );
    assert!(
        preview.contains("contact      Omar (changes Phones)"),
        "{preview}"
    );
    assert!(
        preview.contains("contact      Dana (already so: no change)"),
        "{preview}"
    );
    assert!(
        preview.contains("role         Oven lead (already so: no change)"),
        "{preview}"
    );
    assert!(
        preview.contains("contact      Priya —"),
        "a new row is a new record: {preview}"
    );
    assert!(
        preview.contains("section      How bad is it (changes Text)"),
        "{preview}"
    );

    let out = home.ok(&["import", "plan", path]);
    assert!(out.contains("1 record(s) created, 4 updated"), "{out}");
    let now = records("contact");
    assert_eq!(now.len(), contacts.len() + 1, "nothing duplicated");
    assert_eq!(records("role"), roles, "the roles did not change");
    assert_eq!(records("section").len(), sections.len());
    for c in &contacts {
        let after = now.iter().find(|n| n["id"] == c["id"]).unwrap();
        if c["fields"]["name"] == "Omar" {
            assert_eq!(
                after["fields"]["phones"],
                serde_json::json!(["+44 161 496 0777"])
            );
        } else {
            assert_eq!(
                after, c,
                "a contact the new version left alone is untouched"
            );
        }
    }
}

/// A plan copied from a web page: headings end in "¶", no blank lines, a dependency matrix drawn
/// in a box, the supplier table "Service | Primary | Backup", levels in a table and again as
/// headings with their steps, the role table and the appendix's task lines.
#[test]
fn heliosdb_web_copy_gives_its_sections_matrix_suppliers_levels_and_roles() {
    let p = Imported::of("heliosdb-lite-bcp.txt");
    assert_eq!(p.all("section").len(), 37);
    let mut systems: Vec<String> = p.all("dependency").iter().map(Record::title).collect();
    systems.sort();
    assert_eq!(
        systems,
        [
            "CI/CD Pipeline",
            "Certificate Authority",
            "Cloud Infrastructure (AWS/GCP)",
            "Communication Tools",
            "DNS Services",
            "Development Environments",
            "Documentation",
            "GitHub",
            "Monitoring Systems",
            "Ticketing System"
        ]
    );
    assert_eq!(
        p.one("dependency", "GitHub").text("function"),
        "Development"
    );
    let dns = p.one("vendor", "Route53");
    assert_eq!(dns.text("service"), "DNS");
    assert_eq!(dns.text("backup_vendor"), "Cloudflare");
    assert_eq!(p.one("vendor", "Slack").text("backup_vendor"), "Discord");
    for o in [
        "Production database service",
        "Customer support",
        "Development",
        "Sales/Marketing",
    ] {
        p.one("objective", o);
    }
    let partial = p.one("level", "Partial outage");
    assert_eq!(partial.text("authority"), "VP Engineering");
    assert!(
        partial
            .text("steps")
            .contains("Failover to redundant systems")
    );
    assert!(
        p.all("level")
            .iter()
            .all(|l| !l.title().starts_with("Level ")),
        "the headings tell more of the table's levels, they are not more levels"
    );
    let ic = p.one("role", "Incident Commander");
    assert_eq!(p.name_of(&ic.text("primary")), "VP Ops");
    assert_eq!(p.name_of(&ic.text("backup")), "Director Eng");
    for c in [
        "Initial Response",
        "During Incident",
        "Recovery",
        "Post-Incident",
    ] {
        assert!(!p.items_of(c).is_empty(), "{c}");
    }
}
