//! The printed binder, part by part: the cover (with the readiness score), the readiness list,
//! the approval history, the contents, the plan's sections, the call tree, a table for every
//! other kind the catalog prints, the checklists with boxes to tick, and the running header and
//! footer. Each part is one function writing into the shared flow (`chapters.rs` and
//! `tables.rs` hold the long ones).

mod chapters;
mod impact;
mod tables;

use super::super::layout::scale::{BODY, CHAPTER, COVER, MINOR, NOTE, PART, TITLE};
use super::super::layout::{self, Face, Flow, Ink, Inset, Span, Style};
use super::super::parts::{self, FactLook, Frame, TitleBlock, finish};
use super::super::{PrintOptions, Printed};
use crate::Result;
use crate::catalog::{KINDS, KindDef};
use crate::plan::binder::Binder;
use crate::plan::readiness::{self, Readiness};

/// One entry of the table of contents.
struct TocEntry {
    title: String,
    level: usize,
    page: usize,
}

impl TocEntry {
    /// An entry for what starts on the flow's current page.
    fn here(flow: &Flow, title: impl Into<String>, level: usize) -> TocEntry {
        TocEntry {
            title: title.into(),
            level,
            page: flow.page(),
        }
    }
}

/// What the cover and every page's header and footer say about the plan.
struct Heading {
    org: String,
    title: String,
    version: String,
    classification: String,
    fingerprint: String,
    printed: String,
}

impl Heading {
    fn of(b: &Binder, opts: &PrintOptions) -> Result<Heading> {
        let plan = b.plan_record()?;
        let text = |f: &str| plan.as_ref().map(|p| p.text(f)).unwrap_or_default();
        let or = |v: String, default: &str| if v.is_empty() { default.to_string() } else { v };
        Ok(Heading {
            org: text("organisation"),
            title: or(text("title"), "Business Continuity Plan"),
            version: text("version"),
            classification: or(text("classification"), "confidential"),
            fingerprint: b.fingerprint()?,
            printed: crate::catalog::time_for_people(opts.printed_at),
        })
    }

    /// The version, or a dash when the plan has none.
    fn version(&self) -> &str {
        if self.version.is_empty() {
            "—"
        } else {
            &self.version
        }
    }
}

/// Prints the whole binder: cover, readiness, contents, the plan's sections, every kind of record
/// as a table, the checklists with boxes to tick, and the members.
pub fn binder_pdf(b: &Binder, opts: &PrintOptions) -> Result<Printed> {
    let head = Heading::of(b, opts)?;
    let (mut doc, mut flow) =
        parts::start(&format!("{} — {}", head.org, head.title), &head.org, opts);
    let readiness = readiness::assess(b, opts.printed_at.date_naive())?;
    cover(&mut flow, b, &head, opts, &readiness)?;

    let mut toc: Vec<TocEntry> = Vec::new();
    chapters::readiness_list(&mut flow, &readiness, &mut toc);
    chapters::approval_history(&mut flow, b)?;

    // Contents: its pages are reserved now and written once every page number is known.
    let sections = b.list("section", false)?;
    let kinds: Vec<&KindDef> = KINDS.iter().filter(|k| k.printed_as_table).collect();
    let checklists = b.list("checklist", false)?;
    let entries = 1 + sections.len() + kinds.len() + checklists.len() + 5;
    let per_page = ((flow.geo.height - 2.0 * flow.geo.margin - 80.0) / 15.0) as usize;
    let toc_pages = entries.div_ceil(per_page.max(1));
    flow.new_page();
    let toc_first = flow.page();
    for _ in 1..toc_pages {
        flow.new_page();
    }

    chapters::plan_sections(&mut flow, &sections, &mut toc);
    tables::call_tree(&mut flow, b, &mut toc)?;
    tables::record_tables(&mut flow, b, &kinds, &mut toc)?;
    impact::impact_pages(&mut flow, b, &mut toc)?;
    chapters::checklist_pages(&mut flow, b, &checklists, &mut toc)?;
    tables::call_tree_form(&mut flow, b, &mut toc)?;
    contents(&mut flow, &toc, toc_first, toc_pages);
    for e in &toc {
        if e.level <= 1 {
            doc.add_bookmark(&e.title, e.page + 1);
        }
    }
    running_header_and_footer(&mut flow, &head);
    Ok(finish(doc, flow))
}

/// The cover: organisation, title, the plan's facts, the readiness score at a glance (what to
/// distrust in this copy), and when it was printed.
fn cover(
    flow: &mut Flow,
    b: &Binder,
    head: &Heading,
    opts: &PrintOptions,
    r: &Readiness,
) -> Result<()> {
    flow.context = "the cover".into();
    flow.space(120.0);
    TitleBlock {
        lines: &[
            (
                &head.org,
                Style::title(COVER, 6.0, Face::Bold, Ink::ACCENT),
                6.0,
            ),
            (
                &head.title,
                Style::title(TITLE, 6.0, Face::Regular, Ink::TEXT),
                0.0,
            ),
        ],
        rule: (14.0, 1.2),
        after: 34.0,
    }
    .write(flow);
    let look = FactLook {
        label: 110.0,
        size: MINOR,
        step: 16.0,
    };
    parts::facts(flow, &cover_facts(b, head, opts)?, &look);
    flow.space(22.0);
    readiness_box(flow, r);
    flow.space(22.0);
    flow.say(
        format!("This copy was printed on {}. Anything changed after that is not in it: compare the fingerprint with the one the app shows (Sync) before relying on it.", head.printed),
        Style::title(NOTE, 4.0, Face::Italic, Ink::MUTED),
    );
    Ok(())
}

/// The facts on the cover: version, fingerprint, when and by whom printed, the classification,
/// and the plan's owner, dates and approval where it has them.
fn cover_facts(b: &Binder, head: &Heading, opts: &PrintOptions) -> Result<Vec<(String, String)>> {
    let mut facts: Vec<(String, String)> = vec![
        ("Version".into(), head.version().to_string()),
        ("Fingerprint".into(), head.fingerprint.clone()),
        ("Printed".into(), head.printed.clone()),
        ("Printed by".into(), opts.printed_by.clone()),
        ("Classification".into(), head.classification.to_uppercase()),
    ];
    if let Some(p) = b.plan_record()? {
        let plan_kind = crate::catalog::kind("plan")?;
        for field in [
            "owner",
            "effective",
            "last_review",
            "approved_by",
            "approved_on",
        ] {
            let v = p.text(field);
            if let Some(f) = plan_kind.field(field).filter(|_| !v.is_empty()) {
                facts.push((f.label.into(), v));
            }
        }
    }
    Ok(facts)
}

/// The readiness score and its gaps in a line, in a box.
fn readiness_box(flow: &mut Flow, r: &Readiness) {
    let (x, w) = (flow.left(), flow.text_width());
    flow.ensure(70.0);
    let top = flow.y;
    flow.paragraph_in(
        &[Span::new(
            format!("Readiness {} / 100", r.score),
            Face::Bold,
        )],
        Inset::both(10.0),
        Style::title(PART, 6.0, Face::Bold, Ink::ACCENT),
    );
    flow.paragraph_in(
        &[Span::new(readiness_in_a_line(r), Face::Regular)],
        Inset::both(10.0),
        Style::BODY,
    );
    flow.space(8.0);
    flow.rect(x, top, w, flow.y - top, None, Some((Ink::ACCENT, 1.0)));
}

/// The gaps counted by kind, in one line for the cover ("2 role(s) without a backup · …").
fn readiness_in_a_line(r: &Readiness) -> String {
    if r.gaps.is_empty() {
        return "Nothing is stale or missing.".to_string();
    }
    let mut counts: Vec<(String, usize)> = Vec::new();
    for g in &r.gaps {
        let label = readiness::label(g.kind).to_string();
        match counts.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => *n += 1,
            None => counts.push((label, 1)),
        }
    }
    let listed: Vec<String> = counts
        .iter()
        .map(|(l, n)| {
            if l.starts_with("no ") || l.starts_with("approval") || l.starts_with("example") {
                l.clone()
            } else {
                format!("{n} {l}")
            }
        })
        .collect();
    format!("{}. The full list is on the next page.", listed.join(" · "))
}

/// The contents, on the pages reserved for them, now that every page number is known.
fn contents(flow: &mut Flow, toc: &[TocEntry], toc_first: usize, toc_pages: usize) {
    let geo = flow.geo;
    let mut page = toc_first;
    let mut y = geo.margin + geo.header + 30.0;
    flow.context = "the contents".into();
    let title = Style::text(CHAPTER).bold().ink(Ink::ACCENT);
    flow.text_on(page, geo.margin, y, "Contents", title);
    y += 24.0;
    for e in toc {
        if y > geo.height - geo.margin - geo.footer - 10.0 && page + 1 < toc_first + toc_pages {
            page += 1;
            y = geo.margin + geo.header + 20.0;
        }
        let indent = e.level as f32 * 14.0;
        let style = if e.level == 0 {
            Style::text(MINOR).bold()
        } else {
            Style::text(BODY)
        };
        let max = geo.width - 2.0 * geo.margin - indent - 40.0;
        let title = shortened(&e.title, style, max);
        flow.text_on(page, geo.margin + indent, y, &title, style);
        let number = (e.page + 1).to_string();
        let nw = layout::width(Face::Regular, &number, style.size);
        let at = geo.width - geo.margin - nw;
        flow.text_on(page, at, y, &number, style.face(Face::Regular));
        y += if e.level == 0 { 16.0 } else { 14.0 };
    }
}

/// `title` cut with an ellipsis to fit in `max` points in `style`.
fn shortened(title: &str, style: Style, max: f32) -> String {
    let (face, size) = (style.face, style.size);
    let mut title = title.to_string();
    while layout::width(face, &title, size) > max && title.chars().count() > 4 {
        title.pop();
        if layout::width(face, &title, size) <= max - layout::width(face, "…", size) {
            title.push('…');
            break;
        }
    }
    title
}

/// The classification and the plan's name on top of every page but the cover; page X of Y,
/// version, fingerprint and when printed at the foot.
fn running_header_and_footer(flow: &mut Flow, head: &Heading) {
    let frame = Frame {
        first: 1,
        label: &head.classification.to_uppercase(),
        head: &format!("{} — {}", head.org, head.title),
    };
    frame.write(flow, |p, total| {
        format!(
            "page {p} of {total} · version {} · fingerprint {} · printed {}",
            head.version(),
            head.fingerprint,
            head.printed
        )
    });
}
