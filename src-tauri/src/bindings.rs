//! The TypeScript side of the IPC boundary, generated from the Rust types into
//! `ui/src/api/bindings.ts`. The test fails when the committed file drifts from the Rust types;
//! `BLESS=1 cargo test -p continuity-binder-app bindings` writes it anew.

use std::path::PathBuf;

use ts_rs::{Config, TS};

use crate::error::{AppCode, Code, CommandError};
use crate::settings::{Settings, Theme};
use crate::types::*;
use binder::incident::{
    Attempt, CallTreeState, Entry, Escalation, IncidentState, Message, NextCall, ObjectiveCheck,
    PersonCall, Reach, RoleCall, RunState, StepState, Wave, WaveState, Way,
};
use binder::overview::{CallEntry, ChecklistView, Person};
use binder::planimport::{
    ColumnChoice, Confidence, Correction, Corrections, PlanReport, ReportEntry, SourceBlock,
};
use binder::readiness::{Gap, GapKind, Readiness};
use binder::signoff::{SignoffCheck, SignoffStatus};
use binder::store::{Conflict, HistoryEntry, Hit, Record, Version};

fn declaration<T: TS>(cfg: &Config) -> String {
    let docs = T::docs()
        .map(|d| format!("{}\n", d.trim_end()))
        .unwrap_or_default();
    format!("{docs}export {}\n", T::decl(cfg))
}

fn generate() -> String {
    let cfg = Config::default();
    let mut decls = core_types(&cfg);
    decls.extend(app_types(&cfg));
    decls.extend(incident_types(&cfg));
    decls.extend(team_types(&cfg));
    format!(
        "// Generated from the Rust types by src-tauri/src/bindings.rs; do not edit.\n// Regenerate: BLESS=1 cargo test -p continuity-binder-app bindings\n\n{}",
        decls.join("\n")
    )
}

/// The core's types the app sends, in the order the file lists them.
fn core_types(cfg: &Config) -> Vec<String> {
    vec![
        declaration::<binder::Value>(cfg),
        declaration::<Record>(cfg),
        declaration::<Hit>(cfg),
        declaration::<Version>(cfg),
        declaration::<Conflict>(cfg),
        declaration::<HistoryEntry>(cfg),
        declaration::<GapKind>(cfg),
        declaration::<Gap>(cfg),
        declaration::<binder::examples::Example>(cfg),
        declaration::<binder::examples::Examples>(cfg),
        declaration::<Readiness>(cfg),
        declaration::<Person>(cfg),
        declaration::<CallEntry>(cfg),
        declaration::<ChecklistView>(cfg),
        declaration::<Confidence>(cfg),
        declaration::<ReportEntry>(cfg),
        declaration::<SourceBlock>(cfg),
        declaration::<ColumnChoice>(cfg),
        declaration::<Correction>(cfg),
        declaration::<Corrections>(cfg),
        declaration::<PlanReport>(cfg),
    ]
}

/// The app's own types (and the core's it sends inside them), in the order the file lists them.
fn app_types(cfg: &Config) -> Vec<String> {
    vec![
        declaration::<binder::ErrorCode>(cfg),
        declaration::<AppCode>(cfg),
        declaration::<Code>(cfg),
        declaration::<CommandError>(cfg),
        declaration::<Theme>(cfg),
        declaration::<Settings>(cfg),
        declaration::<Stage>(cfg),
        declaration::<AppStatus>(cfg),
        declaration::<CreateBinder>(cfg),
        declaration::<Created>(cfg),
        declaration::<UnlockProgress>(cfg),
        declaration::<HardwarePrompt>(cfg),
        declaration::<binder::hardware::HardwareKey>(cfg),
        declaration::<binder::hardware::InstalledPlugin>(cfg),
        declaration::<LockedEvent>(cfg),
        declaration::<InputKind>(cfg),
        declaration::<FieldInfo>(cfg),
        declaration::<binder::catalog::Group>(cfg),
        declaration::<binder::catalog::NavGroup>(cfg),
        declaration::<KindInfo>(cfg),
        declaration::<FieldInput>(cfg),
        declaration::<RecordView>(cfg),
        declaration::<RecordList>(cfg),
        declaration::<Home>(cfg),
        declaration::<SyncStatus>(cfg),
        declaration::<SyncSummary>(cfg),
        declaration::<FilePurpose>(cfg),
        declaration::<crate::chosen::ChosenFile>(cfg),
        declaration::<crate::chosen::FileToken>(cfg),
        declaration::<PlanImported>(cfg),
        declaration::<binder::pdf::Paper>(cfg),
        declaration::<PrintDocument>(cfg),
        declaration::<PrintedFile>(cfg),
    ]
}

/// Incident mode's types and the business impact analysis's, in the order the file lists them.
fn incident_types(cfg: &Config) -> Vec<String> {
    vec![
        declaration::<StepState>(cfg),
        declaration::<RunState>(cfg),
        declaration::<Entry>(cfg),
        declaration::<Message>(cfg),
        declaration::<ObjectiveCheck>(cfg),
        declaration::<binder::impact::MtpdSource>(cfg),
        declaration::<binder::impact::Function>(cfg),
        declaration::<binder::impact::Point>(cfg),
        declaration::<binder::impact::CellRating>(cfg),
        declaration::<binder::impact::Cell>(cfg),
        declaration::<binder::impact::GridRow>(cfg),
        declaration::<binder::impact::ImpactGrid>(cfg),
        declaration::<binder::impact::Rating>(cfg),
        declaration::<binder::impact::layout::Rect>(cfg),
        declaration::<binder::impact::MapNode>(cfg),
        declaration::<binder::impact::MapEdge>(cfg),
        declaration::<binder::impact::DependencyMap>(cfg),
        declaration::<Reach>(cfg),
        declaration::<Wave>(cfg),
        declaration::<Attempt>(cfg),
        declaration::<Way>(cfg),
        declaration::<PersonCall>(cfg),
        declaration::<RoleCall>(cfg),
        declaration::<WaveState>(cfg),
        declaration::<NextCall>(cfg),
        declaration::<Escalation>(cfg),
        declaration::<CallTreeState>(cfg),
        declaration::<IncidentState>(cfg),
        declaration::<RecordCall>(cfg),
        declaration::<binder::pocket::calllog::CallLogReport>(cfg),
        declaration::<Incidents>(cfg),
        declaration::<StartIncident>(cfg),
    ]
}

/// The rest of the app's types, in the order the file lists them.
fn team_types(cfg: &Config) -> Vec<String> {
    vec![
        declaration::<SignoffStatus>(cfg),
        declaration::<SignoffCheck>(cfg),
        declaration::<Signoffs>(cfg),
        declaration::<crate::nudge::SyncPhase>(cfg),
        declaration::<crate::nudge::SyncLine>(cfg),
        declaration::<MemberInfo>(cfg),
        declaration::<Team>(cfg),
        declaration::<InvitationInfo>(cfg),
        declaration::<RecoveryKeyInfo>(cfg),
        declaration::<PocketStatus>(cfg),
        declaration::<ShareProblem>(cfg),
        declaration::<ShareCheck>(cfg),
        declaration::<KitInfo>(cfg),
        declaration::<binder::succession::Takeover>(cfg),
        declaration::<Succession>(cfg),
        declaration::<KitMade>(cfg),
        declaration::<NewRecoveryKey>(cfg),
        declaration::<binder::versions::KeptVersion>(cfg),
        declaration::<VerifyView>(cfg),
        declaration::<ImportFormat>(cfg),
        declaration::<ExportFormat>(cfg),
        declaration::<ExportedFile>(cfg),
        declaration::<binder::ImportReport>(cfg),
        declaration::<binder::PreviewRecord>(cfg),
        declaration::<binder::Preview>(cfg),
    ]
}

#[test]
fn bindings_match_the_rust_types() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/api/bindings.ts");
    let fresh = generate();
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&file, &fresh).expect("ui/src/api/ is writable when blessing");
        return;
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/api/bindings.ts is out of date with the Rust types; run BLESS=1 cargo test -p continuity-binder-app bindings and commit it"
    );
}
