// Declares the app's commands so capabilities can allow exactly these and nothing else.
const COMMANDS: &[&str] = &[
    "app_status",
    "create_binder",
    "open_existing",
    "open_demo",
    "close_binder",
    "make_invitation",
    "join_team",
    "unlock",
    "lock",
    "touch",
    "catalog",
    "home",
    "readiness",
    "list_records",
    "get_record",
    "save_record",
    "delete_record",
    "mark_verified",
    "search",
    "history",
    "checklist",
    "sync_status",
    "set_shared_file",
    "sync_now",
    "resolve_conflict",
    "choose_file",
    "preview_plan_import",
    "import_plan",
    "export_pdf",
    "save_emergency_sheet",
    "forget_recovery_key",
    "update_settings",
    "open_link",
    "perf_mark",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("the Tauri build step failed");
}
