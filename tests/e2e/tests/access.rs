//! Usable by anyone under stress: axe-core (the real engine, from npm) on every screen of the app
//! in both themes and on every state of the phone copy, with no serious or critical violation
//! and the lesser ones written to a report; the incident moments driven by the keyboard alone;
//! and the app at 200 % text and 1024×640, the phone copy at 320 px and 200 % text.

use std::path::Path;

use e2e::{App, phone_copy, run, screenshot_dir};
use fantoccini::key::Key;

/// axe-core's browser build, from the UI's npm packages (`npm ci` in `ui/` installs it).
fn axe_source() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("axe-core at {} ({e}): run npm ci in ui/", path.display()))
}

/// What axe found on one page state.
struct Audit {
    label: String,
    /// (impact, rule, help, where)
    found: Vec<(String, String, String, String)>,
}

/// Runs axe-core on the page as it is now.
async fn audit(app: &App, label: &str) -> Audit {
    let loaded = app.script("return typeof window.axe").await;
    if loaded.as_str() != Some("object") {
        app.client
            .execute(&format!("{}\nreturn 1;", axe_source()), vec![])
            .await
            .unwrap_or_else(|e| panic!("{label}: axe-core does not load: {e}"));
    }
    let raw = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
               .then((r) => done(JSON.stringify(r.violations.map((v) => [v.impact || '', v.id, v.help,
                   v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')]))))
               .catch((e) => done('ERROR ' + e));",
            vec![],
        )
        .await
        .unwrap_or_else(|e| panic!("{label}: axe did not run: {e}"));
    let text = raw.as_str().unwrap_or_default().to_string();
    assert!(!text.starts_with("ERROR"), "{label}: {text}");
    let list: Vec<(String, String, String, String)> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{label}: {e}: {text}"));
    Audit {
        label: label.to_string(),
        found: list,
    }
}

/// Writes every finding to `name` beside the screenshots and fails on any serious or critical.
fn report(name: &str, audits: &[Audit]) {
    let mut out = String::from(
        "# axe-core findings\n\n| page | impact | rule | what | where |\n|---|---|---|---|---|\n",
    );
    let mut bad = Vec::new();
    for a in audits {
        if a.found.is_empty() {
            out.push_str(&format!("| {} | — | none | | |\n", a.label));
        }
        for (impact, rule, help, at) in &a.found {
            out.push_str(&format!(
                "| {} | {impact} | {rule} | {help} | `{at}` |\n",
                a.label
            ));
            if impact == "serious" || impact == "critical" {
                bad.push(format!("{}: {impact} {rule} ({help}) at {at}", a.label));
            }
        }
    }
    let path = screenshot_dir().join(name);
    std::fs::write(&path, out).expect("the report is written");
    assert!(
        bad.is_empty(),
        "serious or critical violations (report: {}):\n{}",
        path.display(),
        bad.join("\n")
    );
}

/// The sidebar's screens, by their test ids, as a person reaches them.
const SCREENS: &[&str] = &[
    "nav-home",
    "nav-incidents",
    "nav-calltree",
    "nav-sections",
    "nav-checklists",
    "nav-impact",
    "nav-depmap",
    "nav-kind-objective",
    "nav-kind-contact",
    "nav-kind-vendor",
    "nav-kind-level",
    "nav-team",
    "nav-keys",
    "nav-sync",
    "nav-readiness",
    "nav-review",
    "nav-history",
    "nav-print",
    "nav-import",
    "nav-transfer",
    "nav-pocket",
    "nav-settings",
];

async fn wait_heading(app: &App) {
    app.wait_text("main h1", "").await;
    // Two frames: the view has drawn what it loaded.
    let _ = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(() => done(1))), 150);",
            vec![],
        )
        .await;
}

#[test]
#[ignore = "drives the real app window: scripts/test.sh runs it under Xvfb, with only loopback (--ignored)"]
fn every_screen_in_both_themes_has_no_serious_accessibility_violation() {
    run(async {
        let home = tempfile::tempdir().unwrap();
        let mut app = App::demo("access", home.path()).await;
        let mut audits = Vec::new();
        for theme in ["light", "dark"] {
            let now = app
                .script("return document.documentElement.dataset.theme")
                .await;
            if now.as_str() != Some(theme) {
                app.press("[aria-label='Switch between dark and light']")
                    .await;
                app.wait_text("body", "").await;
                for _ in 0..50 {
                    if app
                        .script("return document.documentElement.dataset.theme")
                        .await
                        .as_str()
                        == Some(theme)
                    {
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            }
            for screen in SCREENS {
                app.press(&format!("[data-testid={screen}]")).await;
                wait_heading(&app).await;
                audits.push(audit(&app, &format!("{screen} ({theme})")).await);
            }
            // A record, a new record's form, the search and the shortcuts dialogs.
            app.press("[data-testid=nav-kind-contact]").await;
            let row = app.find("table.records tbody tr").await;
            app.enter(&row).await;
            wait_heading(&app).await;
            audits.push(audit(&app, &format!("a contact ({theme})")).await);
            app.press("[data-testid=nav-kind-contact]").await;
            app.press("[data-testid=new-contact]").await;
            wait_heading(&app).await;
            audits.push(audit(&app, &format!("a new contact ({theme})")).await);
            app.press("[data-testid=open-search]").await;
            app.fill("[data-testid=search-input]", "sam").await;
            app.wait_text("[data-testid=search-results]", "Sam").await;
            audits.push(audit(&app, &format!("search ({theme})")).await);
            app.press("[data-testid=search-input]").await;
            let esc: char = Key::Escape.into();
            app.client
                .active_element()
                .await
                .unwrap()
                .send_keys(&esc.to_string())
                .await
                .unwrap();
            app.press("[data-testid=open-help]").await;
            app.wait_text("[data-testid=shortcuts]", "Keyboard shortcuts")
                .await;
            audits.push(audit(&app, &format!("shortcuts ({theme})")).await);
            app.press("[data-testid=shortcuts-close]").await;
            app.screenshot(&format!("readiness-{theme}")).await;
        }
        // An incident under way, in the theme now set.
        app.press("[data-testid=nav-incidents]").await;
        app.press("[data-testid=start-incident]").await;
        app.wait_text("[data-testid=next-call]", "Call now").await;
        audits.push(audit(&app, "an incident (dark)").await);
        report("axe-app.md", &audits);
        app.stop().await;
    });
}

/// Sends keys to whatever has focus, as a person at the keyboard does.
async fn keys(app: &App, text: &str) {
    let focused = app
        .client
        .active_element()
        .await
        .expect("something has focus");
    focused.send_keys(text).await.expect("keys are typed");
}

fn key(k: Key) -> String {
    let c: char = k.into();
    c.to_string()
}

/// Presses Tab until the element matching `css` has focus (at most 80 times).
async fn tab_to(app: &App, css: &str) {
    for _ in 0..80 {
        let on = app
            .script(&format!(
                "return !!document.activeElement?.matches({css:?})"
            ))
            .await;
        if on.as_bool() == Some(true) {
            return;
        }
        keys(app, &key(Key::Tab)).await;
    }
    panic!("Tab never reached {css}");
}

/// Whether the focused element shows a focus ring (an outline or a box shadow).
async fn ring(app: &App) -> bool {
    app.script(
        "const e = document.activeElement; const s = getComputedStyle(e); return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';",
    )
    .await
    .as_bool()
    .unwrap_or(false)
}

#[test]
#[ignore = "drives the real app window: scripts/test.sh runs it under Xvfb, with only loopback (--ignored)"]
fn the_incident_moments_by_keyboard_alone() {
    run(async {
        let home = tempfile::tempdir().unwrap();
        let mut app = App::start("keys", home.path(), &["--demo"]).await;
        app.wait_text("body", "demo passphrase").await;
        // Unlock: the passphrase field has focus; type it and press Enter.
        keys(&app, &format!("demo passphrase{}", key(Key::Enter))).await;
        app.wait_text("[data-testid=call-list]", "Åsa Öberg").await;
        app.screenshot("unlocked").await;

        // Skip to content is the first stop; then "i" opens the incidents.
        keys(&app, &key(Key::Tab)).await;
        let skip = app
            .script("return document.activeElement.textContent")
            .await;
        assert_eq!(skip.as_str(), Some("Skip to content"));
        assert!(ring(&app).await, "the skip link shows where focus is");
        app.screenshot("skip-link").await;
        keys(&app, &key(Key::Enter)).await;
        let heading = app.script("return document.activeElement.tagName").await;
        assert_eq!(
            heading.as_str(),
            Some("H1"),
            "focus on the screen's heading"
        );
        keys(&app, "i").await;
        app.wait_text("main h1", "Incidents and exercises").await;
        let heading = app
            .script("return document.activeElement.textContent")
            .await;
        assert_eq!(
            heading.as_str(),
            Some("Incidents and exercises"),
            "navigating moves focus to the heading"
        );
        tab_to(&app, "[data-testid=start-incident]").await;
        assert!(ring(&app).await, "the start button shows focus");
        app.screenshot("start-focused").await;
        keys(&app, &key(Key::Enter)).await;
        app.wait_text("[data-testid=next-call]", "Call now").await;

        // "t" goes to the next step to tick; Space ticks it.
        keys(&app, "t").await;
        let step = app
            .script("return document.activeElement.dataset.testid || ''")
            .await;
        assert!(
            step.as_str().is_some_and(|s| s.starts_with("step-")),
            "{step}"
        );
        assert!(ring(&app).await, "the step shows focus");
        keys(&app, &key(Key::Space)).await;
        app.wait_text("[data-testid=ticked-by]", "Demo Founder")
            .await;
        app.screenshot("ticked").await;

        // "n" goes to the next call.
        keys(&app, "n").await;
        let call = app
            .script("return document.activeElement.closest('[data-testid=next-call]') !== null")
            .await;
        assert_eq!(call.as_bool(), Some(true));

        // Fill in the facts, save, copy a message.
        tab_to(&app, "[data-testid=toggle-facts]").await;
        keys(&app, &key(Key::Enter)).await;
        tab_to(&app, "[data-testid=fact-service]").await;
        keys(&app, "the booking app").await;
        tab_to(&app, "[data-testid=facts-save]").await;
        keys(&app, &key(Key::Enter)).await;
        app.wait_text("[data-testid^=message-]", "the booking app")
            .await;
        tab_to(&app, "[data-testid^=copy-]").await;
        assert!(ring(&app).await, "the copy button shows focus");
        app.screenshot("copy-focused").await;
        keys(&app, &key(Key::Enter)).await;
        app.wait_clipboard("the booking app").await;

        // "?" lists the shortcuts; Escape closes it and focus comes back.
        keys(&app, "?").await;
        app.wait_text("[data-testid=shortcuts]", "Keyboard shortcuts")
            .await;
        let inside = app
            .script("return document.activeElement.closest('[data-testid=shortcuts]') !== null")
            .await;
        assert_eq!(inside.as_bool(), Some(true), "focus moves into the dialog");
        app.screenshot("shortcuts").await;
        keys(&app, &key(Key::Escape)).await;
        let gone = app
            .script("return document.querySelector('[data-testid=shortcuts]') === null")
            .await;
        assert_eq!(gone.as_bool(), Some(true));

        // Lock with Ctrl+L.
        let ctrl: char = Key::Control.into();
        keys(&app, &format!("{ctrl}l")).await;
        app.wait_text("body", "demo passphrase").await;
        app.screenshot("locked").await;
        app.stop().await;
    });
}

#[test]
#[ignore = "drives the real app window: scripts/test.sh runs it under Xvfb, with only loopback (--ignored)"]
fn the_app_at_200_percent_text_and_1024_by_640() {
    run(async {
        let home = tempfile::tempdir().unwrap();
        let mut app = App::demo("zoom", home.path()).await;
        app.client.set_window_size(1024, 640).await.unwrap();
        app.script("document.documentElement.style.fontSize = '200%'")
            .await;
        // At this size the sidebar is a menu the topbar opens; every screen fits the width.
        for screen in [
            "nav-home",
            "nav-incidents",
            "nav-impact",
            "nav-kind-contact",
        ] {
            app.press("[data-testid=menu]").await;
            app.press(&format!("[data-testid={screen}]")).await;
            wait_heading(&app).await;
            let wide = app
                .script("const m = document.querySelector('main'); return [m.scrollWidth, m.clientWidth, document.documentElement.scrollWidth, window.innerWidth]")
                .await;
            app.screenshot(&format!("{screen}-200")).await;
            let n = |i: usize| wide[i].as_f64().unwrap_or(0.0);
            assert!(
                n(2) <= n(3) + 1.0,
                "{screen}: the window scrolls sideways at 200 %: {wide}"
            );
        }
        app.press("[data-testid=menu]").await;
        app.screenshot("menu-200").await;
        app.stop().await;
    });
}

#[test]
#[ignore = "drives headless Chromium: scripts/test.sh runs it with only loopback (--ignored)"]
fn every_state_of_the_phone_copy_has_no_serious_accessibility_violation() {
    run(async {
        let home = tempfile::tempdir().unwrap();
        let page = phone_copy(home.path(), true);
        let mut phone = App::chromium("access-phone", home.path()).await;
        phone
            .client
            .goto(&format!("file://{}", page.display()))
            .await
            .unwrap();
        phone.wait_text("#locked", "locked").await;
        let mut audits = vec![audit(&phone, "phone: locked").await];
        phone.fill("#passphrase", "not the passphrase").await;
        phone.press("#open").await;
        phone.wait_text("#unlock-error", "passphrase").await;
        audits.push(audit(&phone, "phone: wrong passphrase").await);
        phone.fill("#passphrase", "phone copy passphrase 7").await;
        phone.press("#open").await;
        phone.wait_text("[data-testid=call-list]", "Primary").await;
        for theme in ["as opened", "other theme"] {
            for part in ["#calls", "#levels", "#checklists", "#templates"] {
                phone
                    .script(&format!(
                        "document.querySelector({part:?})?.scrollIntoView()"
                    ))
                    .await;
                audits.push(audit(&phone, &format!("phone: {part} ({theme})")).await);
            }
            phone.press("#theme").await;
        }
        report("axe-phone.md", &audits);
        // 320 px wide and 200 % text: nothing wider than the screen.
        phone.client.set_window_size(320, 640).await.unwrap();
        phone
            .script("document.documentElement.style.fontSize = '200%'; window.scrollTo(0, 0)")
            .await;
        let wide = phone
            .script("const w = window.innerWidth; return [document.documentElement.scrollWidth, w, [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))]")
            .await;
        phone.screenshot("phone-320-200").await;
        assert!(
            wide[0].as_f64().unwrap_or(0.0) <= wide[1].as_f64().unwrap_or(0.0) + 1.0,
            "the phone copy scrolls sideways at 320 px and 200 %: {wide}"
        );
        phone.stop().await;
    });
}

#[test]
#[ignore = "drives the real app window: scripts/test.sh runs it under Xvfb, with only loopback (--ignored)"]
fn the_starter_plans_examples_are_named_and_the_guided_pass_replaces_them() {
    run(async {
        let home = tempfile::tempdir().unwrap();
        let mut app = App::demo("examples", home.path()).await;
        app.press("[data-testid=nav-readiness]").await;
        let summary = app
            .wait_text("[data-testid=examples-summary]", "example people")
            .await;
        assert!(summary.contains("5 example people"), "{summary}");
        app.screenshot("readiness-examples").await;
        app.press("[data-testid=make-it-yours]").await;
        app.wait_text("[data-testid=examples-progress]", "Record 1 of 8")
            .await;
        // The first field has focus, its example selected: typing replaces it.
        let focused = app
            .script("return document.activeElement.dataset.testid || ''")
            .await;
        assert_eq!(focused.as_str(), Some("example-name"));
        app.screenshot("make-it-yours").await;
        for n in 0..20 {
            let none = app
                .script("return document.querySelector('[data-testid=examples-none]') !== null")
                .await;
            if none.as_bool() == Some(true) {
                break;
            }
            assert!(n < 12, "the pass never ended");
            let fields = app
                .script("return [...document.querySelectorAll('[data-testid=example-form] input')].map(i => i.dataset.testid.slice(8))")
                .await;
            for field in fields.as_array().unwrap() {
                let field = field.as_str().unwrap();
                let value = match field {
                    "name" => format!("Our person {n}"),
                    "phones" | "support_phone" => format!("+44 20 7946 01{n:02}"),
                    "emails" | "support_email" => format!("person{n}@ourco.test"),
                    "support_url" => format!("https://vendor{n}.ourco.test"),
                    _ => format!("ACCT-OURS-{n}"),
                };
                app.fill(&format!("[data-testid=example-{field}]"), &value)
                    .await;
            }
            let before = app.script("return document.querySelector('[data-testid=examples-progress]')?.textContent ?? ''").await;
            let last = app.find("[data-testid=example-form] input").await;
            app.enter(&last).await;
            for _ in 0..100 {
                let now = app.script("return document.querySelector('[data-testid=examples-progress]')?.textContent ?? 'done'").await;
                if now != before {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }
        app.wait_text(
            "[data-testid=examples-none]",
            "Nothing left from the examples",
        )
        .await;
        app.press("[data-testid=nav-readiness]").await;
        app.wait_text("main h1", "Readiness").await;
        let gone = app
            .script("return document.querySelector('[data-testid=examples-summary]') === null && !document.body.innerText.includes('example people')")
            .await;
        assert_eq!(
            gone.as_bool(),
            Some(true),
            "readiness no longer names example data"
        );
        app.screenshot("readiness-after-the-pass").await;
        app.stop().await;
    });
}
