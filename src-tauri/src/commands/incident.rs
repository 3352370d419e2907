//! Incident mode: the incidents, starting one, and every action on one (each saved at once).

use super::*;

/// The incidents, the levels to activate and the scheduled exercises. `background`: asked by a
/// timer, not by the person (does not hold off the idle lock).
#[tauri::command]
pub async fn incidents(state: State<'_, AppState>, background: Option<bool>) -> Res<Incidents> {
    let read = |b: &mut Binder| {
        Ok(Incidents {
            incidents: binder::incident::list(b)?,
            levels: b.list("level", false)?,
            exercises: binder::incident::exercises(b)?,
        })
    };
    if background == Some(true) {
        state.with_binder_quietly(read)
    } else {
        state.with_binder(read)
    }
}

/// Activates an incident (or exercise) at a level; returns its state.
#[tauri::command]
pub async fn start_incident(
    state: State<'_, AppState>,
    request: StartIncident,
) -> Res<IncidentState> {
    let now = crate::clock::now();
    let activation = binder::incident::Activation {
        level: request.level,
        title: Some(request.title),
        exercise: request.exercise,
        exercise_of: request.exercise_of.filter(|s| !s.is_empty()),
        service: Some(request.service),
        down: request.down,
    };
    let id = state.change(|b| binder::incident::start(b, &activation, now))?;
    state.with_binder(|b| Ok(binder::incident::state(b, &id, now)?))
}

/// An incident as it stands now. `background`: asked by a timer, not by the person (does not
/// hold off the idle lock).
#[tauri::command]
pub async fn incident_state(
    state: State<'_, AppState>,
    id: String,
    background: Option<bool>,
) -> Res<IncidentState> {
    let read = |b: &mut Binder| Ok(binder::incident::state(b, &id, crate::clock::now())?);
    if background == Some(true) {
        state.with_binder_quietly(read)
    } else {
        state.with_binder(read)
    }
}

/// Applies one incident action (a tick, an entry, a status, facts, a message sent), saves, and
/// returns the incident's new state.
pub(crate) fn act(
    state: &AppState,
    incident: &str,
    f: impl FnOnce(&mut Binder, chrono::DateTime<chrono::Utc>) -> Result<(), binder::Error>,
) -> Res<IncidentState> {
    let now = crate::clock::now();
    state.change(|b| f(b, now))?;
    state.with_binder(|b| Ok(binder::incident::state(b, incident, now)?))
}

/// Ticks or unticks a step (`item` is the item's id), with an optional note.
#[tauri::command]
pub async fn tick_step(
    state: State<'_, AppState>,
    incident: String,
    item: String,
    done: bool,
    note: String,
) -> Res<IncidentState> {
    act(&state, &incident, |b, now| {
        binder::incident::tick(b, &incident, &item, done, &note, now).map(drop)
    })
}

/// Adds a timeline entry (never edited; a correction is a new entry).
#[tauri::command]
pub async fn log_entry(
    state: State<'_, AppState>,
    incident: String,
    kind: String,
    text: String,
) -> Res<IncidentState> {
    act(&state, &incident, |b, now| {
        binder::incident::log(b, &incident, &kind, &text, now).map(drop)
    })
}

/// Changes the status; the change is a timeline entry too.
#[tauri::command]
pub async fn set_incident_status(
    state: State<'_, AppState>,
    incident: String,
    status: String,
) -> Res<IncidentState> {
    act(&state, &incident, |b, now| {
        binder::incident::set_status(b, &incident, &status, now)
    })
}

/// Sets the facts messages are filled from (impact, actions, ETA, next update…).
#[tauri::command]
pub async fn update_incident(
    state: State<'_, AppState>,
    incident: String,
    fields: Vec<FieldInput>,
) -> Res<IncidentState> {
    let inputs: Vec<(String, String)> = fields.into_iter().map(|f| (f.name, f.value)).collect();
    act(&state, &incident, |b, _| {
        binder::incident::update(b, &incident, &inputs)
    })
}

/// Logs a filled message as sent (its text goes into the timeline).
#[tauri::command]
pub async fn log_message(
    state: State<'_, AppState>,
    incident: String,
    template: String,
) -> Res<IncidentState> {
    act(&state, &incident, |b, now| {
        binder::incident::log_message(b, &incident, &template, now).map(drop)
    })
}

/// Closes with a summary and lessons learned.
#[tauri::command]
pub async fn close_incident(
    state: State<'_, AppState>,
    incident: String,
    summary: String,
    lessons: String,
) -> Res<IncidentState> {
    act(&state, &incident, |b, now| {
        binder::incident::close(b, &incident, &summary, &lessons, now).map(drop)
    })
}

/// Records one call attempt (who, on which number, the outcome); returns the incident's state
/// with the call tree worked out again.
#[tauri::command]
pub async fn record_call(
    state: State<'_, AppState>,
    incident: String,
    attempt: RecordCall,
) -> Res<IncidentState> {
    let report = binder::incident::CallReport {
        person: attempt.person,
        role: Some(attempt.role).filter(|r| !r.is_empty()),
        via: Some(attempt.via).filter(|v| !v.is_empty()),
        outcome: attempt.outcome,
        note: attempt.note,
    };
    act(&state, &incident, |b, now| {
        binder::incident::record_call(b, &incident, &report, now).map(drop)
    })
}

/// Merges a call log saved on the phone copy (a chosen or dropped file): refused whole, with
/// the reason, when anything in it is not this binder's phone's or not an attempt or a tick.
#[tauri::command]
pub async fn import_call_log(
    state: State<'_, AppState>,
    file: FileToken,
) -> Res<binder::pocket::calllog::CallLogReport> {
    let (_, bytes) = read_chosen(&state, &file, FilePurpose::CallLog)?;
    state.change(|b| binder::pocket::calllog::import(b, &bytes))
}

/// Raises a desktop notification (a call tree's wait ended): shown by the system even when the
/// window is behind others; needs no network. Says why when the system has no notifications.
#[tauri::command]
pub async fn notify_desktop(app: tauri::AppHandle, title: String, body: String) -> Res<()> {
    use tauri_plugin_notification::NotificationExt;
    app.notification()
        .builder()
        .title(title)
        .body(body)
        .show()
        .map_err(|e| {
            CommandError::new(
                AppCode::NotFound,
                format!("The desktop did not show the notification ({e}); the incident screen still says whom to call."),
            )
        })
}
