//! The binder's chapters of text: the readiness list, the approval history, the plan's
//! sections, and the checklists with boxes to tick.

use super::super::super::layout::scale::{BODY, MINOR, PART, SECTION, SMALL, SUBSECTION, TITLE};
use super::super::super::layout::{Face, Flow, Ink, Span, Style};
use super::super::super::markdown::markdown;
use super::super::super::parts::columns;
use super::TocEntry;
use crate::Result;
use crate::log::store::Record;
use crate::plan::binder::Binder;
use crate::plan::readiness::Readiness;
use crate::plan::signoff::{self, SignoffStatus};

/// Every gap, with what to do about it.
pub(super) fn readiness_list(flow: &mut Flow, r: &Readiness, toc: &mut Vec<TocEntry>) {
    flow.new_page();
    flow.context = "the readiness summary".into();
    toc.push(TocEntry::here(flow, "Readiness", 0));
    flow.heading(
        &format!("Readiness: {} / 100", r.score),
        Style::CHAPTER,
        40.0,
    );
    flow.say(
        format!(
            "What is stale or missing as of {} (review interval {} days). Fix these, then print again.",
            r.as_of, r.review_days
        ),
        Style::BODY,
    );
    flow.space(6.0);
    if r.gaps.is_empty() {
        flow.say("Nothing is stale or missing.", Style::BODY.bold());
        return;
    }
    let rows: Vec<Vec<Vec<Span>>> = r
        .gaps
        .iter()
        .map(|g| {
            vec![
                vec![Span::new(g.record_kind.clone(), Face::Regular)],
                vec![Span::new(g.title.clone(), Face::Bold)],
                vec![Span::new(g.detail.clone(), Face::Regular)],
            ]
        })
        .collect();
    flow.table(
        &columns(&[("Kind", 1.0), ("Record", 2.2), ("What to do", 4.0)]),
        &rows,
        SMALL,
    );
}

/// Who reviewed and approved which version, and whether it still matches.
pub(super) fn approval_history(flow: &mut Flow, b: &Binder) -> Result<()> {
    let signoffs = signoff::check(b)?;
    flow.context = "the approval history".into();
    flow.heading(
        "Reviews and approvals",
        Style::heading(PART, Ink::ACCENT),
        40.0,
    );
    if signoffs.is_empty() {
        flow.say(
            "Nobody has signed this plan as reviewed or approved yet.",
            Style::BODY,
        );
        return Ok(());
    }
    let rows: Vec<Vec<Vec<Span>>> = signoffs
        .iter()
        .rev()
        .map(|s| {
            let verdict = match s.status {
                SignoffStatus::Matches => "matches this copy",
                SignoffStatus::Changed => "plan changed since",
                SignoffStatus::Invalid => "SIGNATURE INVALID",
            };
            let by = if s.role.is_empty() {
                s.name.clone()
            } else {
                format!("{}, {}", s.name, s.role)
            };
            vec![
                vec![Span::new(
                    crate::catalog::stored_time_for_people(&s.at),
                    Face::Regular,
                )],
                vec![Span::new(s.meaning.clone(), Face::Bold)],
                vec![Span::new(by, Face::Regular)],
                vec![Span::new(s.plan_fingerprint.clone(), Face::Mono)],
                vec![Span::new(verdict, Face::Regular)],
            ]
        })
        .collect();
    let spec = [
        ("Signed", 1.6),
        ("Meaning", 1.0),
        ("By", 2.0),
        ("Plan fingerprint", 1.6),
        ("Check", 1.5),
    ];
    flow.table(&columns(&spec), &rows, SMALL);
    Ok(())
}

/// The plan's sections, nested as their parents say, each with its owner and last review.
pub(super) fn plan_sections(flow: &mut Flow, sections: &[Record], toc: &mut Vec<TocEntry>) {
    let depth_of = |s: &Record| {
        let mut d = 0;
        let mut parent = s.text("parent");
        while let Some(p) = sections.iter().find(|x| x.id == parent).filter(|_| d < 6) {
            d += 1;
            parent = p.text("parent");
        }
        d
    };
    flow.new_page();
    toc.push(TocEntry::here(flow, "The plan", 0));
    flow.heading("The plan", Style::heading(TITLE, Ink::ACCENT), 40.0);
    for s in sections {
        let depth = depth_of(s);
        flow.context = format!("section \"{}\"", s.title());
        let size = match depth {
            0 => SECTION,
            1 => SUBSECTION,
            _ => MINOR,
        };
        flow.heading(&s.title(), Style::heading(size, Ink::TEXT), 40.0);
        toc.push(TocEntry::here(flow, s.title(), 1 + depth.min(2)));
        flow.say(reviewed(s), Style::CAPTION);
        flow.space(3.0);
        markdown(flow, &s.text("body"), 2 + depth);
        flow.space(6.0);
    }
}

/// "Owner: … · Reviewed 2026-…", or "Never reviewed".
fn reviewed(s: &Record) -> String {
    match (s.text("owner"), s.text("verified_at")) {
        (o, v) if o.is_empty() && v.is_empty() => "Never reviewed".to_string(),
        (o, v) => [
            (!o.is_empty()).then(|| format!("Owner: {o}")),
            Some(if v.is_empty() {
                "Never reviewed".into()
            } else {
                format!("Reviewed {}", &v[..10.min(v.len())])
            }),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · "),
    }
}

/// The checklists, with boxes to tick and room for who did it and when.
pub(super) fn checklist_pages(
    flow: &mut Flow,
    b: &Binder,
    checklists: &[Record],
    toc: &mut Vec<TocEntry>,
) -> Result<()> {
    if checklists.is_empty() {
        return Ok(());
    }
    flow.new_page();
    toc.push(TocEntry::here(flow, "Checklists", 0));
    flow.heading("Checklists", Style::CHAPTER, 40.0);
    // All steps in one query, in order, then shared out to their checklists.
    let mut steps: std::collections::HashMap<String, Vec<Record>> = Default::default();
    for item in b.list("item", false)? {
        steps.entry(item.text("checklist")).or_default().push(item);
    }
    for c in checklists {
        let items = steps.remove(&c.id).unwrap_or_default();
        flow.context = format!("checklist \"{}\"", c.title());
        flow.ensure(80.0);
        toc.push(TocEntry::here(flow, c.title(), 1));
        flow.heading(&c.title(), Style::heading(SUBSECTION, Ink::TEXT), 50.0);
        let about = [c.text("phase"), c.text("description")]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        if !about.is_empty() {
            flow.say(about, Style::CAPTION);
            flow.space(3.0);
        }
        checklist_table(flow, &items);
    }
    Ok(())
}

/// One checklist's steps: a box to tick, the step, its owner and window, room to sign.
fn checklist_table(flow: &mut Flow, items: &[Record]) {
    let mut columns = columns(&[
        ("✓", 0.35),
        ("Step", 3.8),
        ("Owner", 1.7),
        ("When", 1.1),
        ("Done by / time", 1.6),
    ]);
    columns[0].checkbox = true;
    let rows: Vec<Vec<Vec<Span>>> = items
        .iter()
        .map(|i| {
            vec![
                Vec::new(),
                vec![Span::new(i.text("text"), Face::Regular)],
                vec![Span::new(i.text("owner"), Face::Regular)],
                vec![Span::new(i.text("window"), Face::Regular)],
                vec![Span::new("\n", Face::Regular)],
            ]
        })
        .collect();
    flow.table(&columns, &rows, BODY);
}
