//! The plan's records: the catalog, the home screen, readiness, tables, forms, search, history.

use super::*;

/// The record catalog, for the generated tables and forms.
#[tauri::command]
pub async fn catalog() -> Res<Vec<KindInfo>> {
    Ok(KindInfo::all())
}

/// How many readiness gaps the home screen shows (the rest are a click away).
pub(crate) const HOME_GAPS: usize = 12;

pub(crate) fn assess(b: &Binder) -> Result<binder::readiness::Readiness, binder::Error> {
    binder::readiness::assess(b, chrono::Local::now().date_naive())
}

/// The home screen: levels, call list, first checklist, templates, readiness.
#[tauri::command]
pub async fn home(state: State<'_, AppState>) -> Res<Home> {
    crate::perf::mark("home-start");
    let home = state.with_binder(|b| {
        let mut readiness = assess(b)?;
        let gaps_total = readiness.gaps.len() as u32;
        readiness.gaps.truncate(HOME_GAPS);
        let plan = b.plan_record()?;
        let text = |f: &str| plan.as_ref().map(|p| p.text(f)).unwrap_or_default();
        let version = text("version");
        Ok(Home {
            organisation: text("organisation"),
            plan_title: match (text("title"), version.is_empty()) {
                (t, true) => t,
                (t, false) => format!("{t}, version {version}"),
            },
            levels: b.list("level", false)?,
            calls: overview::call_list(b)?,
            first_checklist: overview::first_checklist(b)?,
            templates: b.list("template", false)?,
            readiness,
            gaps_total,
        })
    });
    crate::perf::mark("home-data");
    home
}

/// The starter plan's examples still in the plan, for "Make the plan yours".
#[tauri::command]
pub async fn examples(state: State<'_, AppState>) -> Res<binder::examples::Examples> {
    state.with_binder(|b| Ok(binder::examples::examples(b)?))
}

/// Readiness with every gap.
#[tauri::command]
pub async fn readiness(state: State<'_, AppState>) -> Res<binder::readiness::Readiness> {
    state.with_binder(|b| Ok(assess(b)?))
}

pub(crate) fn refs_of(b: &Binder, records: &[Record]) -> BTreeMap<String, String> {
    let mut refs = BTreeMap::new();
    for r in records {
        let Ok(kind) = binder::catalog::kind(&r.kind) else {
            continue;
        };
        for f in kind.fields() {
            if let binder::catalog::FieldType::Ref(_) = f.ty {
                // A list of references names each record it holds.
                let ids = match r.fields.get(f.name) {
                    Some(binder::Value::List(items)) => items.clone(),
                    _ => vec![r.text(f.name)],
                };
                for id in ids {
                    if !id.is_empty() && !refs.contains_key(&id) {
                        let title = b.title_of(&id).ok().flatten().unwrap_or_else(|| id.clone());
                        refs.insert(id, title);
                    }
                }
            }
        }
    }
    refs
}

pub(crate) fn view(b: &Binder, record: Record) -> RecordView {
    let refs = refs_of(b, std::slice::from_ref(&record));
    RecordView {
        title: record.title(),
        record,
        refs,
    }
}

/// Every record of a kind, in order, with the titles of what they refer to.
#[tauri::command]
pub async fn list_records(state: State<'_, AppState>, kind: String) -> Res<RecordList> {
    state.with_binder(|b| {
        let records = b.list(&kind, false)?;
        let refs = refs_of(b, &records);
        Ok(RecordList { records, refs })
    })
}

/// One record.
#[tauri::command]
pub async fn get_record(state: State<'_, AppState>, id: String) -> Res<RecordView> {
    state.with_binder(|b| Ok(view(b, b.record(&id)?)))
}

/// Adds a record (no id) or changes the given fields of one; saves.
#[tauri::command]
pub async fn save_record(
    state: State<'_, AppState>,
    kind: String,
    id: Option<String>,
    fields: Vec<FieldInput>,
) -> Res<RecordView> {
    let inputs: Vec<(String, String)> = fields.into_iter().map(|f| (f.name, f.value)).collect();
    let id = state.change(|b| match id {
        Some(id) => b.set(&id, &inputs),
        None => b.add(&kind, &inputs),
    })?;
    state.with_binder(|b| Ok(view(b, b.record(&id)?)))
}

/// Deletes a record (it stays in the history and can be restored from it).
#[tauri::command]
pub async fn delete_record(state: State<'_, AppState>, id: String) -> Res<()> {
    state.change(|b| b.remove(&id).map(drop))
}

/// Records that someone checked this record today.
#[tauri::command]
pub async fn mark_verified(state: State<'_, AppState>, id: String) -> Res<RecordView> {
    let id = state.change(|b| b.mark_verified(&id))?;
    state.with_binder(|b| Ok(view(b, b.record(&id)?)))
}

/// Full-text search over everything.
#[tauri::command]
pub async fn search(state: State<'_, AppState>, text: String) -> Res<Vec<Hit>> {
    state.with_binder(|b| Ok(b.search(&text, 60)?))
}

/// Who changed what, when: of one record, or of the whole binder.
#[tauri::command]
pub async fn history(state: State<'_, AppState>, id: Option<String>) -> Res<Vec<HistoryEntry>> {
    state.with_binder(|b| Ok(b.history(id.as_deref(), 300)?))
}

/// A checklist with its steps.
#[tauri::command]
pub async fn checklist(state: State<'_, AppState>, id: String) -> Res<ChecklistView> {
    state.with_binder(|b| Ok(overview::checklist(b, &id)?))
}
