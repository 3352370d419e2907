//! An empty Tauri window that appends "page-loaded <epoch ms> <pid>" to `$CB_PERF_LOG` when its
//! page has loaded: the baseline the app's start-up and memory are compared with.

use std::io::Write;

fn mark_page_loaded() {
    let Some(file) = std::env::var_os("CB_PERF_LOG") else {
        return;
    };
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or_default();
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
    {
        let _ = writeln!(f, "page-loaded {millis:.1} {}", std::process::id());
    }
}

fn main() {
    tauri::Builder::default()
        .on_page_load(|_, payload| {
            if let tauri::webview::PageLoadEvent::Finished = payload.event() {
                mark_page_loaded();
            }
        })
        .run(tauri::generate_context!())
        .expect("the empty window's configuration is built in");
}
