//! The business impact analysis: the MTPD from impact ratings, the impact grid, every readiness
//! rule it adds (each gap gone once fixed where it points), single points of failure on a small
//! graph, the functions an incident touches, and the dependency map's layout as a property.

use binder::impact::layout::{Graph, Node, Rect, layout};
use binder::impact::{Analysis, MtpdSource};
use binder::incident::{self, Activation};
use binder::readiness::{self, GapKind};
use binder::{Binder, Keys};
use proptest::prelude::*;

use crate::incident::{at, t0};

fn empty(dir: &std::path::Path) -> Binder {
    Binder::create(
        &dir.join("plan.binder"),
        Keys::generate("Alex Rivera"),
        binder::Start::Empty,
    )
    .unwrap()
}

fn add(b: &mut Binder, kind: &str, fields: &[(&str, &str)]) -> String {
    let inputs: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    b.add(kind, &inputs).unwrap()
}

/// The id of the record titled `title`, of whatever kind.
fn id_of(b: &Binder, title: &str) -> String {
    ["objective", "vendor", "dependency", "role"]
        .iter()
        .flat_map(|k| b.list(k, false).unwrap())
        .find(|r| r.title() == title)
        .map(|r| r.id)
        .unwrap_or_else(|| panic!("no record titled {title}"))
}

fn set(b: &mut Binder, id: &str, field: &str, value: &str) {
    b.set(id, &[(field.to_string(), value.to_string())])
        .unwrap();
}

/// Gaps of `kind` as (record title, detail).
fn gaps(b: &Binder, kind: GapKind) -> Vec<(String, String)> {
    readiness::assess(b, t0().date_naive())
        .unwrap()
        .gaps
        .into_iter()
        .filter(|g| g.kind == kind)
        .map(|g| (g.title, g.detail))
        .collect()
}

/// A small company: payments and support run on systems hosted by one cloud vendor.
///
/// Payments (critical, RTO 4 h) → Database → AWS; Payments → Stripe (vendor, 8 h recovery);
/// Support (high, RTO 1 day) → Helpdesk → AWS; Marketing (low, RTO 1 week), nothing linked.
fn company(b: &mut Binder) {
    add(
        b,
        "vendor",
        &[("name", "AWS"), ("service", "Cloud hosting")],
    );
    add(
        b,
        "vendor",
        &[("name", "Stripe"), ("recovery_time", "8 hours")],
    );
    add(
        b,
        "dependency",
        &[
            ("system", "Database"),
            ("type", "system"),
            ("vendor", "AWS"),
        ],
    );
    add(
        b,
        "dependency",
        &[("system", "Helpdesk"), ("vendor", "AWS")],
    );
    for (name, criticality, rto) in [
        ("Payments", "critical", "4 hours"),
        ("Support", "high", "1 day"),
        ("Marketing", "low", "1 week"),
    ] {
        add(
            b,
            "objective",
            &[
                ("function", name),
                ("criticality", criticality),
                ("rto", rto),
                ("rpo", "1 hour"),
            ],
        );
    }
    add(
        b,
        "link",
        &[("function", "Payments"), ("system", "Database")],
    );
    add(b, "link", &[("function", "Payments"), ("vendor", "Stripe")]);
    add(
        b,
        "link",
        &[("function", "Support"), ("system", "Helpdesk")],
    );
}

#[test]
fn the_mtpd_is_the_first_time_an_impact_is_intolerable_and_the_grid_shows_the_worst_rating() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = empty(dir.path());
    company(&mut b);
    let payments = id_of(&b, "Payments");
    set(&mut b, &payments, "mtpd", "3 days");
    let f = |b: &Binder| {
        Analysis::read(b)
            .unwrap()
            .function(&payments)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        (f(&b).mtpd.as_str(), f(&b).mtpd_from),
        ("3 days", MtpdSource::Stated)
    );

    let rate = |b: &mut Binder, after: &str, category: &str, rating: &str, tolerable: &str| {
        add(
            b,
            "impact",
            &[
                ("function", "Payments"),
                ("after", after),
                ("category", category),
                ("rating", rating),
                ("tolerable", tolerable),
            ],
        )
    };
    rate(&mut b, "4 hours", "financial", "major", "yes");
    rate(&mut b, "4 hours", "customers", "moderate", "yes");
    assert_eq!(f(&b).mtpd_from, MtpdSource::Stated, "all still tolerable");
    let day = rate(&mut b, "1 day", "customers", "severe", "no");
    rate(&mut b, "3 days", "legal/regulatory", "severe", "no");
    assert_eq!(
        (f(&b).mtpd.as_str(), f(&b).mtpd_minutes, f(&b).mtpd_from),
        ("1 day", Some(1440), MtpdSource::Ratings),
        "the first intolerable point wins over the stated MTPD"
    );

    let grid = Analysis::read(&b).unwrap().grid();
    let labels: Vec<&str> = grid.points.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["1 hour", "4 hours", "1 day", "3 days", "1 week"]);
    let row = grid
        .rows
        .iter()
        .find(|r| r.function.id == payments)
        .unwrap();
    let cells: Vec<(&str, bool, bool)> = row
        .cells
        .iter()
        .map(|c| (c.worst.as_str(), c.intolerable, c.beyond_mtpd))
        .collect();
    assert_eq!(
        cells,
        [
            ("", false, false),
            ("major", false, false),
            ("severe", true, true),
            ("severe", true, true),
            ("", false, true),
        ]
    );
    assert_eq!(
        row.cells[1].ratings[0].category, "financial",
        "catalog order"
    );

    // A time point a rating uses that the plan does not list joins the grid in order.
    rate(&mut b, "2 hours", "reputation", "minor", "yes");
    let grid = Analysis::read(&b).unwrap().grid();
    assert_eq!(grid.points[1].label, "2 hours");

    // Marking the one-day cell tolerable again moves the MTPD to three days.
    set(&mut b, &day, "tolerable", "yes");
    assert_eq!(f(&b).mtpd, "3 days");
    assert_eq!(f(&b).mtpd_from, MtpdSource::Ratings);
}

#[test]
fn an_rto_longer_than_the_mtpd_is_a_gap_on_the_function_until_either_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = empty(dir.path());
    company(&mut b);
    let support = id_of(&b, "Support");
    assert!(gaps(&b, GapKind::RtoOverMtpd).is_empty());
    let rating = add(
        &mut b,
        "impact",
        &[
            ("function", "Support"),
            ("after", "4 hours"),
            ("category", "customers"),
            ("rating", "severe"),
            ("tolerable", "no"),
        ],
    );
    let found = gaps(&b, GapKind::RtoOverMtpd);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "Support");
    assert!(
        found[0]
            .1
            .contains("RTO 1 day is longer than its MTPD of 4 hours"),
        "{found:?}"
    );
    set(&mut b, &support, "rto", "2 hours");
    assert!(gaps(&b, GapKind::RtoOverMtpd).is_empty());
    set(&mut b, &support, "rto", "1 day");
    set(&mut b, &rating, "tolerable", "yes");
    assert!(gaps(&b, GapKind::RtoOverMtpd).is_empty());
}

#[test]
fn a_vendor_or_system_slower_than_the_function_needing_it_is_a_gap_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = empty(dir.path());
    company(&mut b);
    let found = gaps(&b, GapKind::SlowDependency);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "Stripe");
    assert!(
        found[0].1.contains(
            "Payments needs it back within 4 hours, but its contractual recovery time is 8 hours"
        ),
        "{found:?}"
    );
    // A system's own recovery time, against a link's own time.
    let database = id_of(&b, "Database");
    set(&mut b, &database, "recovers_in", "2 hours");
    let link = b
        .list("link", false)
        .unwrap()
        .into_iter()
        .find(|l| l.text("system") == database)
        .unwrap();
    set(&mut b, &link.id, "within", "30 minutes");
    let found = gaps(&b, GapKind::SlowDependency);
    assert!(
        found
            .iter()
            .any(|(t, d)| t == "Database" && d.contains("within 30 minutes")),
        "{found:?}"
    );
    let stripe = id_of(&b, "Stripe");
    set(&mut b, &stripe, "recovery_time", "2 hours");
    set(&mut b, &database, "recovers_in", "15 minutes");
    assert!(gaps(&b, GapKind::SlowDependency).is_empty());
}

#[test]
fn a_function_with_nothing_linked_is_a_gap_until_a_link_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = empty(dir.path());
    company(&mut b);
    let found = gaps(&b, GapKind::NoDependencies);
    assert_eq!(
        found.iter().map(|g| g.0.as_str()).collect::<Vec<_>>(),
        ["Marketing"]
    );
    add(&mut b, "role", &[("name", "Marketing lead")]);
    add(
        &mut b,
        "link",
        &[("function", "Marketing"), ("role", "Marketing lead")],
    );
    assert!(gaps(&b, GapKind::NoDependencies).is_empty());
}

#[test]
fn a_vendor_two_critical_functions_rely_on_through_their_systems_is_a_single_point_of_failure() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = empty(dir.path());
    company(&mut b);
    let a = Analysis::read(&b).unwrap();
    let points: Vec<(String, Vec<String>)> = a
        .single_points()
        .into_iter()
        .map(|(on, fs)| {
            let mut names: Vec<String> = fs.iter().map(|f| a.title(f)).collect();
            names.sort();
            (a.title(&on), names)
        })
        .collect();
    // Database and Helpdesk each serve one function; Stripe serves one; AWS hosts both.
    assert_eq!(
        points,
        [("AWS".to_string(), vec!["Payments".into(), "Support".into()])]
    );
    let found = gaps(&b, GapKind::SinglePointOfFailure);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].1.contains("2 critical functions rely on it ("),
        "{found:?}"
    );
    // Support made low priority: one critical function left, no single point.
    let support = id_of(&b, "Support");
    set(&mut b, &support, "criticality", "low");
    assert!(gaps(&b, GapKind::SinglePointOfFailure).is_empty());
    set(&mut b, &support, "criticality", "high");
    // A backup vendor is a fallback.
    let aws = id_of(&b, "AWS");
    set(&mut b, &aws, "backup_vendor", "GCP");
    assert!(gaps(&b, GapKind::SinglePointOfFailure).is_empty());
    // A system two critical functions share with no workaround is one too; a workaround ends it.
    add(&mut b, "dependency", &[("system", "Single sign-on")]);
    add(
        &mut b,
        "link",
        &[("function", "Payments"), ("system", "Single sign-on")],
    );
    add(
        &mut b,
        "link",
        &[("function", "Support"), ("system", "Single sign-on")],
    );
    assert_eq!(
        gaps(&b, GapKind::SinglePointOfFailure)[0].0,
        "Single sign-on"
    );
    let sso = id_of(&b, "Single sign-on");
    set(&mut b, &sso, "workaround", "Break-glass local accounts");
    assert!(gaps(&b, GapKind::SinglePointOfFailure).is_empty());
}

#[test]
fn a_recovery_measured_longer_than_the_rto_is_a_gap_and_an_incident_naming_a_vendor_lists_who_depends_on_it()
 {
    let dir = tempfile::tempdir().unwrap();
    let mut b = empty(dir.path());
    company(&mut b);
    add(&mut b, "level", &[("name", "Major"), ("rank", "1")]);
    let payments = id_of(&b, "Payments");
    set(&mut b, &payments, "mtpd", "1 day");
    let id = incident::start(
        &mut b,
        &Activation {
            level: "Major".into(),
            ..Activation::default()
        },
        t0(),
    )
    .unwrap();
    set(&mut b, &id, "vendors", "AWS");
    let state = incident::state(&b, &id, at(90)).unwrap();
    let affected: Vec<(&str, &str, &str)> = state
        .objectives
        .iter()
        .map(|o| (o.function.as_str(), o.because.as_str(), o.mtpd.as_str()))
        .collect();
    assert_eq!(
        affected,
        [
            ("Payments", "depends on AWS (through Database)", "1 day"),
            ("Support", "depends on AWS (through Helpdesk)", ""),
        ]
    );
    assert_eq!(state.objectives[0].mtpd_minutes, Some(1440));
    assert_eq!(state.elapsed_minutes, 90);

    assert!(gaps(&b, GapKind::RecoveryOverRto).is_empty());
    set(&mut b, &id, "recovered_in", "6 hours");
    let found = gaps(&b, GapKind::RecoveryOverRto);
    assert_eq!(found.len(), 1, "Support's RTO of a day was met: {found:?}");
    assert_eq!(found[0].0, "Payments");
    assert!(found[0].1.contains("Recovery took 6 hours in the incident"));
    set(&mut b, &payments, "rto", "8 hours");
    assert!(gaps(&b, GapKind::RecoveryOverRto).is_empty());
}

#[test]
fn the_map_puts_functions_then_systems_then_vendors_and_filters_to_one_function() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = empty(dir.path());
    company(&mut b);
    let a = Analysis::read(&b).unwrap();
    let map = a.map(None);
    let x = |name: &str| {
        map.nodes
            .iter()
            .find(|n| n.lines.join(" ") == name)
            .map(|n| n.rect.x)
            .unwrap_or_else(|| panic!("{name} not on the map"))
    };
    assert!(x("Payments") < x("Database") && x("Database") < x("AWS"));
    assert_eq!(x("Payments"), x("Marketing"));
    assert!(x("Stripe") > x("Database"), "vendors in the last column");
    assert_eq!(map.edges.len(), 5, "{:?}", map.edges);
    assert_eq!(map.unlinked, ["Marketing"]);
    let payments = map
        .nodes
        .iter()
        .find(|n| n.kind == "objective" && n.lines == ["Payments"])
        .unwrap();
    assert_eq!(
        (payments.band.as_str(), payments.critical),
        ("day", true),
        "RTO 4 hours"
    );
    let stripe_edge = map
        .edges
        .iter()
        .find(|e| a.title(&e.to) == "Stripe")
        .unwrap();
    assert!(stripe_edge.slow && stripe_edge.critical);

    let support = id_of(&b, "Support");
    let focused = a.map(Some(&support));
    let names: Vec<String> = focused.nodes.iter().map(|n| n.lines.join(" ")).collect();
    assert_eq!(names, ["Support", "Helpdesk", "AWS"]);
}

/// Random layered graphs: columns 0–3, boxes of varied size, edges between any two boxes
/// (long ones, backward ones, within a column).
fn graphs() -> impl Strategy<Value = Graph> {
    prop::collection::vec((0usize..4, 60.0f64..220.0, 20.0f64..70.0), 1..40).prop_flat_map(
        |nodes| {
            let n = nodes.len();
            prop::collection::vec((0..n, 0..n), 0..80).prop_map(move |edges| Graph {
                nodes: nodes
                    .iter()
                    .map(|&(layer, width, height)| Node {
                        layer,
                        width,
                        height,
                    })
                    .collect(),
                edges: edges.into_iter().filter(|(a, b)| a != b).collect(),
            })
        },
    )
}

fn inside(r: &Rect, (x, y): (f64, f64)) -> bool {
    x > r.x + 0.01 && x < r.x + r.w - 0.01 && y > r.y + 0.01 && y < r.y + r.h - 0.01
}

fn on_side(r: &Rect, (x, y): (f64, f64)) -> bool {
    ((x - r.x).abs() < 0.01 || (x - r.x - r.w).abs() < 0.01) && y >= r.y && y <= r.y + r.h
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// No two boxes overlap; every edge is kept, leaves its source's side and reaches its
    /// target's side, and no part of it passes through any box.
    #[test]
    fn the_layout_never_overlaps_boxes_and_keeps_every_edge(graph in graphs()) {
        let placed = layout(&graph);
        prop_assert_eq!(placed.boxes.len(), graph.nodes.len());
        prop_assert_eq!(placed.routes.len(), graph.edges.len());
        for (i, a) in placed.boxes.iter().enumerate() {
            prop_assert!(a.x >= 0.0 && a.y >= 0.0);
            prop_assert!(a.x + a.w <= placed.width + 0.01 && a.y + a.h <= placed.height + 0.01);
            for b in &placed.boxes[i + 1..] {
                let apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
                prop_assert!(apart, "{:?} overlaps {:?}", a, b);
            }
        }
        for (route, &(from, to)) in placed.routes.iter().zip(&graph.edges) {
            prop_assert!(route.len() >= 2);
            prop_assert!(on_side(&placed.boxes[from], route[0]), "{:?} from {:?}", route, placed.boxes[from]);
            prop_assert!(on_side(&placed.boxes[to], route[route.len() - 1]), "{:?} to {:?}", route, placed.boxes[to]);
            for pair in route.windows(2) {
                // Sample along each segment: never strictly inside a box.
                for k in 0..=20 {
                    let t = k as f64 / 20.0;
                    let p = (pair[0].0 + t * (pair[1].0 - pair[0].0), pair[0].1 + t * (pair[1].1 - pair[0].1));
                    for r in &placed.boxes {
                        prop_assert!(!inside(r, p), "edge {:?} passes through {:?}", route, r);
                    }
                }
            }
        }
    }
}

/// The CLI for scripts: the starter plan's grid, a cell rated intolerable (and a bad rating
/// refused, changing nothing), the map in words, and an incident started with what is down.
#[test]
fn the_cli_shows_the_grid_rates_a_cell_and_starts_an_incident_with_what_is_down() {
    let home = crate::support::Home::with_starter();
    let grid = home.ok(&["impact"]);
    assert!(grid.contains("Customer-facing product"), "{grid}");
    assert!(grid.contains("severe ✕"), "{grid}");

    let before = home.snapshot();
    let refused = home.fails(&[
        "impact",
        "rate",
        "Customer support",
        "--after",
        "4 hours",
        "customers=dreadful",
    ]);
    assert!(
        refused.contains("a rating (none, minor, moderate, major, severe)"),
        "{refused}"
    );
    assert!(
        before == home.snapshot(),
        "a refused rating changes nothing"
    );
    let refused = home.fails(&[
        "impact",
        "rate",
        "Customer support",
        "--after",
        "soonish",
        "customers=minor",
    ]);
    assert!(refused.contains("a time such as \"4 hours\""), "{refused}");
    assert!(
        before == home.snapshot(),
        "a time that is no duration changes nothing"
    );

    let rated = home.ok(&[
        "impact",
        "rate",
        "Customer support",
        "--after",
        "4 hours",
        "customers=severe!",
    ]);
    let line = rated
        .lines()
        .find(|l| l.starts_with("Customer support"))
        .unwrap();
    assert!(
        line.contains("4 hours") && line.contains("RTO longer than MTPD"),
        "{line}"
    );
    let json = home.json(&["impact"]);
    let support = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["function"]["name"] == "Customer support")
        .unwrap();
    assert_eq!(support["function"]["mtpd"], "4 hours");
    assert_eq!(support["function"]["mtpd_from"], "ratings");

    let map = home.ok(&["impact", "map"]);
    assert!(
        map.contains("→ Production database (on Cloud hosting provider)"),
        "{map}"
    );
    let started = home.ok(&[
        "incident",
        "start",
        "--level",
        "Level 2",
        "--down",
        "Cloud hosting provider",
    ]);
    assert!(started.contains("Functions affected"), "{started}");
    assert!(
        started.contains("depends on Cloud hosting provider (through Production database)"),
        "{started}"
    );
    let unknown = home.fails(&[
        "incident",
        "start",
        "--level",
        "Level 1",
        "--down",
        "Nothing real",
    ]);
    assert!(
        unknown.contains("a system, vendor or function of the plan"),
        "{unknown}"
    );
}

/// The shape of a real micro-company BIA (NIST SP 800-34 template, not a fixture): functions
/// named by code and title, a resource table whose "Supports" column lists several functions by
/// code, vendors named by what they provide, and every system numbered "SYS-nn". Each listed
/// function gets a link; the shared "SYS" numbering matches no vendor by itself.
#[test]
fn a_resource_table_supporting_several_functions_by_code_links_each_and_finds_the_vendors() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = empty(dir.path());
    let doc = "# BIA\n\n## Process criticality\n\n| Process | Criticality | MTD | RTO | RPO |\n|---|---|---|---|---|\n| BP-01 Progress billing and collections | High | 72 h | 24 h | 24 h |\n| BP-02 Subcontractor payments | High | 120 h | 48 h | 24 h |\n| BP-03 Project documents | High | 24 h | 8 h | 4 h |\n\n## Resources and vendors\n\n| Resource | Description | Recovery method | Supports |\n|---|---|---|---|\n| SYS-01 Project platform (SaaS) | Drawings, pay apps | Vendor backups | BP-01, BP-03 |\n| SYS-02 Accounting (SaaS) | Billing | Vendor resilience | BP-01, BP-02 |\n| SYS-04 Productivity suite (SaaS) | Email and files | Daily copy | BP-01, BP-02, BP-03 |\n\n| Vendor | Functions that stop without it |\n|---|---|\n| SYS-01 vendor | BP-01, BP-03 |\n| Accounting vendor | BP-01, BP-02 |\n";
    binder::planimport::import(&mut b, "bia.md", doc.as_bytes()).unwrap();
    let a = Analysis::read(&b).unwrap();
    let payments = a
        .functions
        .iter()
        .find(|f| f.name.starts_with("BP-02"))
        .unwrap();
    assert_eq!(payments.mtpd, "120 h", "the MTD column is the stated MTPD");
    let links: Vec<(String, String)> = b
        .list("link", false)
        .unwrap()
        .iter()
        .map(|l| {
            (
                a.title(&l.text("function"))[..5].to_string(),
                a.title(&l.text("system"))[..6].to_string(),
            )
        })
        .collect();
    assert_eq!(links.len(), 7, "{links:?}");
    assert!(links.contains(&("BP-03".into(), "SYS-01".into())));
    assert!(links.contains(&("BP-02".into(), "SYS-04".into())));
    let vendor = |system: &str| {
        let d = b
            .list("dependency", false)
            .unwrap()
            .into_iter()
            .find(|d| d.title().starts_with(system))
            .unwrap();
        a.title(&d.text("vendor"))
    };
    assert_eq!(vendor("SYS-01"), "SYS-01 vendor");
    assert_eq!(vendor("SYS-02"), "Accounting vendor");
    assert_eq!(
        vendor("SYS-04"),
        "",
        "no vendor shares more than the numbering"
    );
}
