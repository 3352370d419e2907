// The app's commands are declared once, as `#[tauri::command]` functions under src/commands
// (read by src/declared.rs): from them this makes the handler list main.rs includes and the
// permission list capabilities are checked against.

#[path = "src/declared.rs"]
#[allow(dead_code)]
mod declared;

fn main() {
    let dir = std::path::Path::new("src/commands");
    println!("cargo:rerun-if-changed=src/commands");
    println!("cargo:rerun-if-changed=src/declared.rs");
    let commands = declared::scan(dir).expect("the commands under src/commands can be read");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("handler.rs"), declared::handler_macro(&commands))
        .expect("OUT_DIR is writable");
    let names: &'static [&'static str] = Vec::leak(
        commands
            .iter()
            .map(|c| &*String::leak(c.name.clone()))
            .collect(),
    );
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(names)),
    )
    .expect("the Tauri build step failed");
}
