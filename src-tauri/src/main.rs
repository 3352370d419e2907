//! Continuity Binder's desktop app: a Tauri 2 window over the core library `binder`.
//!
//! This crate only adapts: commands (`commands.rs`) parse, call the core and map errors; the
//! state (`state.rs`) is which binder is open. No SQL, crypto or merge logic lives here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod autosync;
mod chosen;
mod clock;
mod commands;
mod error;
mod nudge;
mod perf;
mod prompts;
mod session;
mod settings;
mod state;
mod types;

#[cfg(test)]
mod declared;

#[cfg(test)]
mod bindings;

use std::time::Duration;

use tauri::{Emitter, Manager};

use crate::state::AppState;
use crate::types::LockedEvent;

/// How often the idle timer looks.
const IDLE_CHECK: Duration = Duration::from_secs(5);

/// Renders the page without GPU compositing layers. The app is a few panels of text: in
/// software it starts faster and the WebKit process uses about 100 MB less (measured in
/// docs/PERFORMANCE.md), and it does not depend on the machine's GL drivers — one less thing to
/// fail on an old laptop at 3 a.m.
fn software_rendering(app: &tauri::App) {
    #[cfg(target_os = "linux")]
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.with_webview(|webview| {
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
            if let Some(settings) = WebViewExt::settings(&webview.inner()) {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

/// Only the app's own pages load in its window: a link followed by middle-click or "Open Link"
/// (a Markdown link in a plan section, say) never loads a page from elsewhere into the window
/// that holds the open plan. The CSP stops the page fetching; this stops it being replaced.
fn own_pages_only<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("own-pages-only")
        .on_navigation(|_, url| is_own_page(url))
        .build()
}

/// Whether `url` is one of the app's own pages (`tauri://localhost` on Linux and macOS,
/// `http(s)://tauri.localhost` on Windows).
fn is_own_page(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

// The handler list, made by build.rs from the commands under src/commands.
include!(concat!(env!("OUT_DIR"), "/handler.rs"));

fn main() {
    // No core file may hold the decrypted plan, and no other process of this user may read this
    // one's memory (as KeePassXC does). The web view's own processes are WebKit's.
    if let Err(e) = binder::forbid_core_dumps() {
        eprintln!("warning: could not turn off core dumps ({e})");
    }
    // `--demo`: open the demo binder when you have none chosen (what `scripts/run.sh` does).
    let start_demo = std::env::args().any(|a| a == "--demo");
    // A file to open: `continuity-binder plan.binder` (what a double-click in the file manager
    // runs, from the desktop entry's `%f`).
    let open = std::env::args_os()
        .skip(1)
        .map(std::path::PathBuf::from)
        .find(|p| !p.to_string_lossy().starts_with("--"));
    let state = AppState::load(settings::places_for_user(), start_demo, open);
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(own_pages_only())
        .manage(state)
        .invoke_handler(app_handler!())
        .on_page_load(|_, payload| {
            if let tauri::webview::PageLoadEvent::Finished = payload.event() {
                perf::mark("page-loaded");
            }
        })
        .setup(|app| {
            software_rendering(app);
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                loop {
                    // At least four looks a minute (a test's shorter minute included).
                    std::thread::sleep(IDLE_CHECK.min(state::idle_minute() / 4));
                    let state = handle.state::<AppState>();
                    if state.idle_too_long() && state.lock() {
                        commands::refresh_title(&handle);
                        let _ = handle.emit(
                            "locked",
                            LockedEvent {
                                reason: "idle".into(),
                            },
                        );
                    }
                }
            });
            commands::refresh_title(app.handle());
            autosync::start(app.handle());
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing the window locks before anything else happens.
            if let tauri::WindowEvent::CloseRequested { .. } = event {
                window.state::<AppState>().lock();
            }
        })
        .build(tauri::generate_context!())
        .expect("the app's configuration is built in; it cannot be missing")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                app.state::<AppState>().lock();
            }
        });
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_apps_own_pages_load_in_its_window() {
        for (url, own) in [
            ("tauri://localhost/index.html", true),
            ("tauri://localhost/#/incident", true),
            ("https://tauri.localhost/", true),
            ("http://tauri.localhost/index.html", true),
            ("https://example.com/", false),
            ("http://localhost:8080/", false),
            ("tauri://evil.example/", false),
            ("file:///etc/passwd", false),
            ("data:text/html,hi", false),
            ("javascript:alert(1)", false),
        ] {
            let parsed = tauri::Url::parse(url).expect("a URL");
            assert_eq!(super::is_own_page(&parsed), own, "{url}");
        }
    }
}
