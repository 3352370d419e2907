//! Checks of the app's shipped configuration (an integration test, so that `cargo test
//! --workspace` also builds the app itself, with the same features, for the GUI tests): the CSP forbids every remote origin and inline code,
//! the Tauri API is not a global, and the window may call only the app's own commands.

use std::collections::BTreeMap;

fn config() -> serde_json::Value {
    serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json is JSON")
}

fn csp() -> BTreeMap<String, Vec<String>> {
    let text = config()["app"]["security"]["csp"]
        .as_str()
        .expect("a CSP string is set")
        .to_string();
    text.split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut parts = d.split_whitespace().map(String::from);
            let name = parts.next().expect("a directive name");
            (name, parts.collect())
        })
        .collect()
}

#[test]
fn csp_allows_no_remote_origin_and_no_inline_code() {
    let csp = csp();
    assert_eq!(csp["default-src"], ["'self'"]);
    for (directive, sources) in &csp {
        for source in sources {
            let local = matches!(
                source.as_str(),
                "'self'" | "'none'" | "data:" | "ipc:" | "http://ipc.localhost"
            );
            assert!(local, "{directive} allows {source}");
            assert!(
                !source.contains("unsafe"),
                "{directive} allows {source}: no inline or eval'd code"
            );
        }
    }
    // Only IPC may be fetched, and only images may be data: URLs.
    assert_eq!(csp["connect-src"], ["ipc:", "http://ipc.localhost"]);
    for directive in ["script-src", "style-src", "font-src"] {
        assert_eq!(csp[directive], ["'self'"], "{directive}");
    }
    for directive in ["object-src", "base-uri", "form-action", "frame-src"] {
        assert_eq!(csp[directive], ["'none'"], "{directive}");
    }
}

#[test]
fn tauri_api_is_not_global_and_no_dev_server() {
    let c = config();
    assert_eq!(c["app"]["withGlobalTauri"], false);
    assert!(
        c["build"].get("devUrl").is_none(),
        "the app never loads from a server"
    );
    assert_eq!(c["build"]["frontendDist"], "../ui/dist");
}

#[test]
fn the_window_may_call_only_the_apps_own_commands() {
    let caps: serde_json::Value =
        serde_json::from_str(include_str!("../capabilities/main.json")).expect("JSON");
    let allowed: Vec<&str> = caps["permissions"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| p.as_str().expect("plain permission names"))
        .collect();
    for p in &allowed {
        let own = p.starts_with("allow-");
        let events = matches!(*p, "core:event:allow-listen" | "core:event:allow-unlisten");
        assert!(own || events, "the window is granted {p}");
    }
    for forbidden in ["fs", "shell", "http", "opener", "dialog", "process"] {
        assert!(
            !allowed
                .iter()
                .any(|p| p.starts_with(&format!("{forbidden}:"))),
            "{forbidden} is not granted to the UI"
        );
    }
}
