//! The printed binder, part by part: the cover (with the readiness score), the readiness list,
//! the approval history, the contents, the plan's sections, the call tree, a table for every
//! other kind the catalog prints, the checklists with boxes to tick, and the running header and
//! footer. Each part is one function writing into the shared flow.

use super::layout::scale::{
    BODY, CHAPTER, COVER, KIND, MINOR, NOTE, PART, SECTION, SMALL, SUBSECTION, TITLE,
};
use super::layout::{self, Face, Flow, Fonts, Ink, Span};
use super::{
    PrintOptions, Printed, columns, finish, frame, geometry, kind_table, markdown, new_doc,
};
use crate::Result;
use crate::catalog::{KINDS, KindDef};
use crate::log::store::Record;
use crate::plan::binder::Binder;
use crate::plan::overview;
use crate::plan::readiness::{self, Readiness};
use crate::plan::signoff::{self, SignoffStatus};

/// One entry of the table of contents.
struct TocEntry {
    title: String,
    level: usize,
    page: usize,
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
            printed: opts.printed_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        })
    }
}

/// Prints the whole binder: cover, readiness, contents, the plan's sections, every kind of record
/// as a table, the checklists with boxes to tick, and the members.
pub fn binder_pdf(b: &Binder, opts: &PrintOptions) -> Result<Printed> {
    let head = Heading::of(b, opts)?;
    let mut doc = new_doc(
        &format!("{} — {}", head.org, head.title),
        &head.org,
        opts.printed_at,
    );
    let mut flow = Flow::new(geometry(opts.paper), Fonts::new());
    let readiness = readiness::assess(b, opts.printed_at.date_naive())?;
    cover(&mut flow, b, &head, opts, &readiness)?;

    let mut toc: Vec<TocEntry> = Vec::new();
    readiness_list(&mut flow, &readiness, &mut toc);
    approval_history(&mut flow, b)?;

    // Contents: its pages are reserved now and written once every page number is known.
    let sections = b.list("section", false)?;
    let kinds: Vec<&KindDef> = KINDS.iter().filter(|k| k.printed_as_table).collect();
    let checklists = b.list("checklist", false)?;
    let entries = 1 + sections.len() + kinds.len() + checklists.len() + 3;
    let per_page = ((flow.geo.height - 2.0 * flow.geo.margin - 80.0) / 15.0) as usize;
    let toc_pages = entries.div_ceil(per_page.max(1));
    flow.new_page();
    let toc_first = flow.page();
    for _ in 1..toc_pages {
        flow.new_page();
    }

    plan_sections(&mut flow, &sections, &mut toc);
    call_tree(&mut flow, b, &mut toc)?;
    record_tables(&mut flow, b, &kinds, &mut toc)?;
    checklist_pages(&mut flow, b, &checklists, &mut toc)?;
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
    let x = flow.left();
    let w = flow.text_width();
    flow.space(120.0);
    flow.paragraph(
        &[Span::new(head.org.clone(), Face::Bold)],
        x,
        w,
        COVER,
        COVER + 6.0,
        Ink::ACCENT,
    );
    flow.space(6.0);
    flow.paragraph(
        &[Span::new(head.title.clone(), Face::Regular)],
        x,
        w,
        TITLE,
        TITLE + 6.0,
        Ink::TEXT,
    );
    let y = flow.y + 14.0;
    flow.line(x, y, x + w, y, 1.2, Ink::ACCENT);
    flow.space(34.0);
    let mut facts: Vec<(String, String)> = vec![
        (
            "Version".into(),
            if head.version.is_empty() {
                "—".into()
            } else {
                head.version.clone()
            },
        ),
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
    for (k, v) in &facts {
        flow.ensure(20.0);
        flow.y += 16.0;
        let y = flow.y;
        flow.text(
            x,
            y,
            &Span::new(k.clone(), Face::Regular),
            MINOR,
            Ink::MUTED,
        );
        flow.text(
            x + 110.0,
            y,
            &Span::new(v.clone(), Face::Bold),
            MINOR,
            Ink::TEXT,
        );
    }
    flow.space(22.0);
    flow.ensure(70.0);
    let top = flow.y;
    flow.paragraph(
        &[Span::new(
            format!("Readiness {} / 100", r.score),
            Face::Bold,
        )],
        x + 10.0,
        w - 20.0,
        PART,
        PART + 6.0,
        Ink::ACCENT,
    );
    flow.paragraph(
        &[Span::new(readiness_in_a_line(r), Face::Regular)],
        x + 10.0,
        w - 20.0,
        BODY,
        BODY * 1.45,
        Ink::TEXT,
    );
    flow.space(8.0);
    flow.rect(x, top, w, flow.y - top, None, Some((Ink::ACCENT, 1.0)));
    flow.space(22.0);
    flow.paragraph(
        &[Span::new(
            format!("This copy was printed on {}. Anything changed after that is not in it: compare the fingerprint with the one the app shows (Sync) before relying on it.", head.printed),
            Face::Italic,
        )],
        x,
        w,
        NOTE,
        NOTE + 4.0,
        Ink::MUTED,
    );
    Ok(())
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
            if l.starts_with("no ") || l.starts_with("approval") {
                l.clone()
            } else {
                format!("{n} {l}")
            }
        })
        .collect();
    format!("{}. The full list is on the next page.", listed.join(" · "))
}

/// Every gap, with what to do about it.
fn readiness_list(flow: &mut Flow, r: &Readiness, toc: &mut Vec<TocEntry>) {
    let (x, w) = (flow.left(), flow.text_width());
    flow.new_page();
    flow.context = "the readiness summary".into();
    toc.push(TocEntry {
        title: "Readiness".into(),
        level: 0,
        page: flow.page(),
    });
    flow.heading(
        &format!("Readiness: {} / 100", r.score),
        CHAPTER,
        40.0,
        Ink::ACCENT,
    );
    flow.paragraph(
        &[Span::new(
            format!(
                "What is stale or missing as of {} (review interval {} days). Fix these, then print again.",
                r.as_of, r.review_days
            ),
            Face::Regular,
        )],
        x,
        w,
        BODY,
        BODY * 1.45,
        Ink::TEXT,
    );
    flow.space(6.0);
    if r.gaps.is_empty() {
        flow.paragraph(
            &[Span::new("Nothing is stale or missing.", Face::Bold)],
            x,
            w,
            BODY,
            BODY * 1.45,
            Ink::TEXT,
        );
    } else {
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
}

/// Who reviewed and approved which version, and whether it still matches.
fn approval_history(flow: &mut Flow, b: &Binder) -> Result<()> {
    let (x, w) = (flow.left(), flow.text_width());
    let signoffs = signoff::check(b)?;
    flow.context = "the approval history".into();
    flow.heading("Reviews and approvals", PART, 40.0, Ink::ACCENT);
    if signoffs.is_empty() {
        flow.paragraph(
            &[Span::new(
                "Nobody has signed this plan as reviewed or approved yet.",
                Face::Regular,
            )],
            x,
            w,
            BODY,
            BODY * 1.45,
            Ink::TEXT,
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
            vec![
                vec![Span::new(
                    s.at.replace('T', " ").replace('Z', " UTC"),
                    Face::Regular,
                )],
                vec![Span::new(s.meaning.clone(), Face::Bold)],
                vec![Span::new(
                    if s.role.is_empty() {
                        s.name.clone()
                    } else {
                        format!("{}, {}", s.name, s.role)
                    },
                    Face::Regular,
                )],
                vec![Span::new(s.plan_fingerprint.clone(), Face::Mono)],
                vec![Span::new(verdict, Face::Regular)],
            ]
        })
        .collect();
    flow.table(
        &columns(&[
            ("Signed", 1.6),
            ("Meaning", 1.0),
            ("By", 2.0),
            ("Plan fingerprint", 1.6),
            ("Check", 1.5),
        ]),
        &rows,
        SMALL,
    );
    Ok(())
}

/// The plan's sections, nested as their parents say, each with its owner and last review.
fn plan_sections(flow: &mut Flow, sections: &[Record], toc: &mut Vec<TocEntry>) {
    let (x, w) = (flow.left(), flow.text_width());
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
    toc.push(TocEntry {
        title: "The plan".into(),
        level: 0,
        page: flow.page(),
    });
    flow.heading("The plan", TITLE, 40.0, Ink::ACCENT);
    for s in sections {
        let depth = depth_of(s);
        flow.context = format!("section \"{}\"", s.title());
        let size = match depth {
            0 => SECTION,
            1 => SUBSECTION,
            _ => MINOR,
        };
        flow.heading(&s.title(), size, 40.0, Ink::TEXT);
        toc.push(TocEntry {
            title: s.title(),
            level: 1 + depth.min(2),
            page: flow.page(),
        });
        let meta = match (s.text("owner"), s.text("verified_at")) {
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
        };
        flow.paragraph(
            &[Span::new(meta, Face::Italic)],
            x,
            w,
            SMALL,
            SMALL * 1.4,
            Ink::MUTED,
        );
        flow.space(3.0);
        markdown(flow, &s.text("body"), 2 + depth);
        flow.space(6.0);
    }
}

/// The roles in call order with primary and backup (names, numbers, addresses), then each
/// role's authority and notes.
fn call_tree(flow: &mut Flow, b: &Binder, toc: &mut Vec<TocEntry>) -> Result<()> {
    let calls = overview::call_list(b)?;
    if calls.is_empty() {
        return Ok(());
    }
    flow.new_page();
    flow.context = "the call tree".into();
    toc.push(TocEntry {
        title: "Roles (call tree)".into(),
        level: 0,
        page: flow.page(),
    });
    flow.heading("Roles (call tree)", CHAPTER, 40.0, Ink::ACCENT);
    let person = |p: &Option<overview::Person>| -> Vec<Span> {
        match p {
            Some(p) => {
                let mut v = vec![Span::new(p.name.clone(), Face::Bold)];
                for n in p.phones.iter().chain(&p.emails) {
                    v.push(Span::new(format!("\n{n}"), Face::Regular));
                }
                v
            }
            None => vec![Span::new("— none —", Face::Italic)],
        }
    };
    let rows: Vec<Vec<Vec<Span>>> = calls
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut role = vec![Span::new(c.role.clone(), Face::Bold)];
            if !c.responsibilities.is_empty() {
                role.push(Span::new(
                    format!("\n{}", c.responsibilities),
                    Face::Regular,
                ));
            }
            vec![
                vec![Span::new((i + 1).to_string(), Face::Regular)],
                role,
                person(&c.primary),
                person(&c.backup),
            ]
        })
        .collect();
    flow.table(
        &columns(&[
            ("#", 0.35),
            ("Role", 2.0),
            ("Primary", 2.2),
            ("Backup", 2.2),
        ]),
        &rows,
        SMALL,
    );
    let notes: Vec<Vec<Vec<Span>>> = b
        .list("role", false)?
        .iter()
        .filter(|r| !r.text("notes").is_empty() || !r.text("authority").is_empty())
        .map(|r| {
            let detail = [
                ("Authority", r.text("authority")),
                ("Notes", r.text("notes")),
            ]
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join("\n");
            vec![
                vec![Span::new(r.title(), Face::Bold)],
                vec![Span::new(detail, Face::Regular)],
            ]
        })
        .collect();
    if !notes.is_empty() {
        flow.table(
            &columns(&[("Role", 2.0), ("Authority and notes", 5.0)]),
            &notes,
            SMALL,
        );
    }
    Ok(())
}

/// Every other kind the catalog prints as a table (roles were the call tree).
fn record_tables(
    flow: &mut Flow,
    b: &Binder,
    kinds: &[&KindDef],
    toc: &mut Vec<TocEntry>,
) -> Result<()> {
    for kind in kinds.iter().filter(|k| k.name != "role") {
        let records = b.list(kind.name, false)?;
        if records.is_empty() {
            continue;
        }
        flow.context = kind.plural.to_lowercase();
        flow.ensure(90.0);
        if flow.y > flow.geo.margin + flow.geo.header + 1.0 {
            flow.space(10.0);
        }
        toc.push(TocEntry {
            title: kind.plural.into(),
            level: 0,
            page: flow.page(),
        });
        flow.heading(kind.plural, KIND, 50.0, Ink::ACCENT);
        kind_table(b, flow, kind, &records);
    }
    Ok(())
}

/// The checklists, with boxes to tick and room for who did it and when.
fn checklist_pages(
    flow: &mut Flow,
    b: &Binder,
    checklists: &[Record],
    toc: &mut Vec<TocEntry>,
) -> Result<()> {
    if checklists.is_empty() {
        return Ok(());
    }
    let (x, w) = (flow.left(), flow.text_width());
    flow.new_page();
    toc.push(TocEntry {
        title: "Checklists".into(),
        level: 0,
        page: flow.page(),
    });
    flow.heading("Checklists", CHAPTER, 40.0, Ink::ACCENT);
    // All steps in one query, in order, then shared out to their checklists.
    let mut steps: std::collections::HashMap<String, Vec<Record>> = Default::default();
    for item in b.list("item", false)? {
        steps.entry(item.text("checklist")).or_default().push(item);
    }
    for c in checklists {
        let items = steps.remove(&c.id).unwrap_or_default();
        flow.context = format!("checklist \"{}\"", c.title());
        flow.ensure(80.0);
        toc.push(TocEntry {
            title: c.title(),
            level: 1,
            page: flow.page(),
        });
        flow.heading(&c.title(), SUBSECTION, 50.0, Ink::TEXT);
        let about = [c.text("phase"), c.text("description")]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        if !about.is_empty() {
            flow.paragraph(
                &[Span::new(about, Face::Italic)],
                x,
                w,
                SMALL,
                SMALL * 1.4,
                Ink::MUTED,
            );
            flow.space(3.0);
        }
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
    Ok(())
}

/// The contents, on the pages reserved for them, now that every page number is known.
fn contents(flow: &mut Flow, toc: &[TocEntry], toc_first: usize, toc_pages: usize) {
    let geo = flow.geo;
    let mut page = toc_first;
    let mut y = geo.margin + geo.header + 30.0;
    flow.context = "the contents".into();
    flow.text_on(
        page,
        geo.margin,
        y,
        &Span::new("Contents", Face::Bold),
        CHAPTER,
        Ink::ACCENT,
    );
    y += 24.0;
    for e in toc {
        if y > geo.height - geo.margin - geo.footer - 10.0 && page + 1 < toc_first + toc_pages {
            page += 1;
            y = geo.margin + geo.header + 20.0;
        }
        let indent = e.level as f32 * 14.0;
        let face = if e.level == 0 {
            Face::Bold
        } else {
            Face::Regular
        };
        let size = if e.level == 0 { MINOR } else { BODY };
        let max = geo.width - 2.0 * geo.margin - indent - 40.0;
        let mut title = e.title.clone();
        while layout::width(face, &title, size) > max && title.chars().count() > 4 {
            title.pop();
            if layout::width(face, &title, size) <= max - layout::width(face, "…", size) {
                title.push('…');
                break;
            }
        }
        flow.text_on(
            page,
            geo.margin + indent,
            y,
            &Span::new(title, face),
            size,
            Ink::TEXT,
        );
        let number = (e.page + 1).to_string();
        let nw = layout::width(Face::Regular, &number, size);
        flow.text_on(
            page,
            geo.width - geo.margin - nw,
            y,
            &Span::new(number, Face::Regular),
            size,
            Ink::TEXT,
        );
        y += if e.level == 0 { 16.0 } else { 14.0 };
    }
}

/// The classification and the plan's name on top of every page but the cover; page X of Y,
/// version, fingerprint and when printed at the foot.
fn running_header_and_footer(flow: &mut Flow, head: &Heading) {
    let version = if head.version.is_empty() {
        "—"
    } else {
        &head.version
    };
    frame(
        flow,
        1,
        &head.classification.to_uppercase(),
        &format!("{} — {}", head.org, head.title),
        |p, total| {
            format!(
                "page {p} of {total} · version {version} · fingerprint {} · printed {}",
                head.fingerprint, head.printed
            )
        },
    );
}
