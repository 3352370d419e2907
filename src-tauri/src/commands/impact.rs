//! The business impact analysis: the impact grid and rating a cell of it, and the dependency map.

use super::*;
use binder::impact::{Analysis, DependencyMap, ImpactGrid, Rating};

/// The impact grid: every function against the time points, each cell its worst rating and
/// whether anything there is intolerable, with each function's RTO and MTPD.
#[tauri::command]
pub async fn impact_grid(state: State<'_, AppState>) -> Res<ImpactGrid> {
    state.with_binder(|b| Ok(Analysis::read(b)?.grid()))
}

/// Rates one cell (a function after a time), one rating per category; saves and returns the
/// grid as it now stands. Nothing is written when a value does not fit.
#[tauri::command]
pub async fn rate_impact(
    state: State<'_, AppState>,
    function: String,
    after: String,
    ratings: Vec<Rating>,
) -> Res<ImpactGrid> {
    state.change(|b| binder::impact::rate(b, &function, &after, &ratings))?;
    state.with_binder(|b| Ok(Analysis::read(b)?.grid()))
}

/// The dependency map, laid out: every function, or one (`focus`, its id).
#[tauri::command]
pub async fn dependency_map(
    state: State<'_, AppState>,
    focus: Option<String>,
) -> Res<DependencyMap> {
    state.with_binder(|b| Ok(Analysis::read(b)?.map(focus.as_deref().filter(|f| !f.is_empty()))))
}
