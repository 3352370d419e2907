//! Continuity Binder's desktop app: a Tauri 2 window over the core library `binder`.
//!
//! This crate only adapts: commands (`commands.rs`) parse, call the core and map errors; the
//! state (`state.rs`) is which binder is open. No SQL, crypto or merge logic lives here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod error;
mod perf;
mod settings;
mod state;
mod types;

#[cfg(test)]
mod bindings;
#[cfg(test)]
mod config_checks;

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

fn main() {
    // `--demo`: open the demo binder when you have none chosen (what `scripts/run.sh` does).
    let start_demo = std::env::args().any(|a| a == "--demo");
    let state = AppState::load(settings::places_for_user(), start_demo);
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::create_binder,
            commands::open_existing,
            commands::open_demo,
            commands::close_binder,
            commands::make_invitation,
            commands::join_team,
            commands::unlock,
            commands::lock,
            commands::touch,
            commands::catalog,
            commands::home,
            commands::readiness,
            commands::list_records,
            commands::get_record,
            commands::save_record,
            commands::delete_record,
            commands::mark_verified,
            commands::search,
            commands::history,
            commands::checklist,
            commands::sync_status,
            commands::set_shared_file,
            commands::sync_now,
            commands::resolve_conflict,
            commands::choose_file,
            commands::preview_plan_import,
            commands::import_plan,
            commands::export_pdf,
            commands::incidents,
            commands::start_incident,
            commands::incident_state,
            commands::tick_step,
            commands::log_entry,
            commands::set_incident_status,
            commands::update_incident,
            commands::log_message,
            commands::close_incident,
            commands::signoffs,
            commands::sign_plan,
            commands::save_emergency_sheet,
            commands::forget_recovery_key,
            commands::update_settings,
            commands::open_link,
            commands::perf_mark,
        ])
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
                    std::thread::sleep(IDLE_CHECK);
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
