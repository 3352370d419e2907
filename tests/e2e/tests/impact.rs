//! The business impact analysis in the app window: on the demo binder, mark a cell of the impact
//! grid intolerable and watch the function's MTPD and its readiness gap change; start an
//! incident naming a vendor that is down and see the functions depending on it with the time
//! left; import the heliosdb seed plan and read its dependency map, open a box's record and
//! filter the map to one function.

use e2e::{App, run};

#[test]
#[ignore = "drives the real app window: scripts/test.sh runs it under Xvfb, with only loopback (--ignored)"]
fn an_intolerable_cell_sets_the_mtpd_and_an_incident_naming_a_vendor_shows_the_time_left() {
    run(async {
        let home = tempfile::tempdir().unwrap();
        let mut app = App::demo("impact-grid", home.path()).await;
        app.press("[data-testid=nav-impact]").await;
        app.wait_text("[data-testid=impact-grid]", "Customer support")
            .await;
        // The starter plan rates customer support intolerable after three days.
        let row = "[data-testid='impact-row-Customer support']";
        app.wait_text(&format!("{row} [data-testid=mtpd]"), "3 days")
            .await;

        // Mark four hours intolerable for customers: the MTPD moves, the RTO is now longer.
        app.press("[data-testid='cell-Customer support-4 hours']")
            .await;
        app.wait_text(
            "[data-testid=cell-editor]",
            "Customer support after 4 hours",
        )
        .await;
        let focused = app.script("return document.activeElement?.id ?? ''").await;
        assert_eq!(
            focused.as_str(),
            Some("cell-editor-h"),
            "focus moves to the editor"
        );
        app.script(
            "const s = document.querySelector('[data-testid=rate-customers]'); s.value = 'severe'; s.dispatchEvent(new Event('change', { bubbles: true }));",
        )
        .await;
        app.press("[data-testid=intolerable-customers]").await;
        app.press("[data-testid=cell-save]").await;
        app.wait_text(&format!("{row} [data-testid=mtpd]"), "4 hours")
            .await;
        app.wait_text(
            &format!("{row} [data-testid=rto-over-mtpd]"),
            "RTO is longer",
        )
        .await;
        let cell = app
            .wait_text("[data-testid='cell-Customer support-4 hours']", "severe")
            .await;
        assert!(cell.contains('✕'), "marked intolerable: {cell}");
        app.screenshot("impact-grid").await;

        app.click("Readiness").await;
        let gaps = app
            .wait_text("body", "is longer than its MTPD of 4 hours")
            .await;
        assert!(gaps.contains("Customer support"), "{gaps}");
        app.screenshot("readiness-gap").await;

        // The e-mail vendor is down: customer support depends on it.
        app.press("[data-testid=nav-incidents]").await;
        app.press("[data-testid='start-down-E-mail and office suite']")
            .await;
        app.press("[data-testid=start-incident]").await;
        let affected = app
            .wait_text("[data-testid=affected-table]", "Customer support")
            .await;
        assert!(
            affected.contains("depends on E-mail and office suite"),
            "{affected}"
        );
        let left = app
            .wait_text(
                "[data-testid=affected-table] [data-testid=mtpd-left]",
                "left",
            )
            .await;
        assert!(left.contains("3 h") || left.contains("4 h"), "{left}");
        app.screenshot("incident-affected").await;
        app.stop().await;
    });
}

#[test]
#[ignore = "drives the real app window: scripts/test.sh runs it under Xvfb, with only loopback (--ignored)"]
fn the_seed_plans_dependency_map_after_import() {
    run(async {
        let home = tempfile::tempdir().unwrap();
        let mut app = App::demo("impact-map", home.path()).await;
        let plan = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/fixtures/plans/heliosdb-lite-bcp.txt")
            .canonicalize()
            .unwrap();
        app.press("[data-testid=nav-import]").await;
        app.fill("[data-testid=plan-path]", plan.to_str().unwrap())
            .await;
        app.press("[data-testid=plan-preview]").await;
        app.wait_text("[data-testid=plan-report]", "dependency link")
            .await;
        app.press("[data-testid=plan-import]").await;
        app.wait_text("body", "Imported the plan").await;

        app.press("[data-testid=nav-depmap]").await;
        let map = app
            .wait_text("[data-testid=depmap]", "Production database service")
            .await;
        for name in [
            "Route53",
            "Slack",
            "GitHub",
            "Ticketing System",
            "Customer support",
        ] {
            assert!(map.contains(name), "{name} not on the map: {map}");
        }
        // Every box is within the drawing and none overlaps another, as drawn.
        let overlaps = app
            .script(
                "const r = [...document.querySelectorAll('.depmap .node rect')].map(e => e.getBoundingClientRect()); let n = 0; for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++) { const a = r[i], b = r[j]; if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) n++; } return [r.length, n];",
            )
            .await;
        assert_eq!(overlaps[1].as_u64(), Some(0), "{overlaps}");
        assert!(overlaps[0].as_u64().unwrap_or(0) > 15, "{overlaps}");
        app.screenshot("dependency-map").await;

        // One function's map: its systems and vendors only.
        let support = app
            .script(
                "const o = [...document.querySelectorAll('[data-testid=map-focus] option')].find(o => o.textContent.trim() === 'Customer support' && o.value); const s = document.querySelector('[data-testid=map-focus]'); s.value = o.value; s.dispatchEvent(new Event('change', { bubbles: true })); return o.value;",
            )
            .await;
        assert!(support.as_str().is_some_and(|s| !s.is_empty()));
        app.wait_text("[data-testid=depmap]", "Ticketing System")
            .await;
        let focused = app.find("[data-testid=depmap]").await.text().await.unwrap();
        assert!(
            !focused.contains("Production database service"),
            "{focused}"
        );
        app.screenshot("dependency-map-one-function").await;

        // A box opens its record, from the keyboard too.
        let node = app.find("[data-testid='node-Ticketing System']").await;
        app.enter(&node).await;
        app.wait_text("h1", "Ticketing System").await;
        app.stop().await;
    });
}
