//! The business impact analysis's readiness rules: each gap opens the record where it is fixed
//! (the function for its RTO and MTPD, the system or vendor for its recovery time or fallback).

use super::{Context, Gap, GapKind, gap};
use crate::Result;
use crate::plan::impact::minutes;

/// Names joined as a person writes them: "A, B and C".
fn names(list: &[String]) -> String {
    match list {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A function's RTO longer than its MTPD: it would be allowed to stay down past the point the
/// damage is intolerable.
pub(super) fn rto_over_mtpd(ctx: &Context<'_>, out: &mut Vec<Gap>) -> Result<()> {
    for f in &ctx.impact.functions {
        let (Some(rto), Some(mtpd)) = (f.rto_minutes, f.mtpd_minutes) else {
            continue;
        };
        if rto > mtpd {
            let Some(record) = ctx.binder.store().record(&f.id)? else {
                continue;
            };
            let from = match f.mtpd_from {
                crate::plan::impact::MtpdSource::Ratings => {
                    " (the first time its impact is marked intolerable)"
                }
                _ => "",
            };
            out.push(gap(
                GapKind::RtoOverMtpd,
                &record,
                format!(
                    "RTO {} is longer than its MTPD of {}{from}: shorten the RTO, or recheck the impact.",
                    f.rto, f.mtpd
                ),
            ));
        }
    }
    Ok(())
}

/// A system or vendor that recovers slower than a function relying on it needs.
pub(super) fn slow_dependencies(ctx: &Context<'_>, out: &mut Vec<Gap>) -> Result<()> {
    let a = &ctx.impact;
    let mut seen = std::collections::BTreeSet::new();
    for need in &a.needs {
        let (Some(within), Some((takes, text))) = (need.within, a.recovers_in(&need.on)) else {
            continue;
        };
        if takes <= within || !seen.insert((need.on.clone(), need.function.clone())) {
            continue;
        }
        let Some(record) = a.records.get(&need.on) else {
            continue;
        };
        let link = a.links.get(&need.link);
        let needed = link
            .map(|l| l.text("within"))
            .filter(|w| minutes(w).is_some())
            .or_else(|| a.function(&need.function).map(|f| f.rto.clone()))
            .unwrap_or_default();
        let what = if record.kind == "vendor" {
            "its contractual recovery time"
        } else {
            "its recovery time"
        };
        out.push(gap(
            GapKind::SlowDependency,
            record,
            format!(
                "{} needs it back within {needed}, but {what} is {text}: agree a faster recovery, add a fallback, or change what the function needs.",
                a.title(&need.function)
            ),
        ));
    }
    Ok(())
}

/// A function with nothing recorded that it depends on.
pub(super) fn functions_without_dependencies(ctx: &Context<'_>, out: &mut Vec<Gap>) -> Result<()> {
    for f in &ctx.impact.functions {
        if ctx.impact.has_links(&f.id) {
            continue;
        }
        if let Some(record) = ctx.binder.store().record(&f.id)? {
            out.push(gap(
                GapKind::NoDependencies,
                &record,
                "Nothing recorded that it depends on: which people, systems, vendors, sites and data does it need?".into(),
            ));
        }
    }
    Ok(())
}

/// A system or vendor that several critical functions rely on, with no fallback.
pub(super) fn single_points_of_failure(ctx: &Context<'_>, out: &mut Vec<Gap>) -> Result<()> {
    let a = &ctx.impact;
    for (on, relying) in a.single_points() {
        let Some(record) = a.records.get(&on) else {
            continue;
        };
        let fallback = if record.kind == "vendor" {
            "a backup vendor"
        } else {
            "a workaround (what to do if it fails)"
        };
        let functions: Vec<String> = relying.iter().map(|f| a.title(f)).collect();
        out.push(gap(
            GapKind::SinglePointOfFailure,
            record,
            format!(
                "{} critical functions rely on it ({}) and it has no fallback: record {fallback}.",
                functions.len(),
                names(&functions)
            ),
        ));
    }
    Ok(())
}

/// A recovery measured in an exercise or incident that took longer than the function's RTO.
pub(super) fn recoveries_over_rto(ctx: &Context<'_>, out: &mut Vec<Gap>) -> Result<()> {
    for incident in ctx.binder.list("incident", false)? {
        let took = incident.text("recovered_in");
        let Some(took_minutes) = minutes(&took) else {
            continue;
        };
        let what = if incident.flag("exercise") {
            "exercise"
        } else {
            "incident"
        };
        let when = incident.text("started_at");
        for (f, _) in ctx.impact.affected_by(&incident) {
            if f.rto_minutes.is_none_or(|rto| took_minutes <= rto) {
                continue;
            }
            if let Some(record) = ctx.binder.store().record(&f.id)? {
                out.push(gap(
                    GapKind::RecoveryOverRto,
                    &record,
                    format!(
                        "Recovery took {took} in the {what} \"{}\" ({}), longer than its RTO of {}: improve the recovery or change the RTO.",
                        incident.title(),
                        when.get(..10).unwrap_or(&when),
                        f.rto
                    ),
                ));
            }
        }
    }
    Ok(())
}
