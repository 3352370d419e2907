//! The binder on paper: the full binder PDF, the wallet card and the emergency access sheet.
//!
//! Everything is driven by the record catalog: each kind prints as a table of its table fields,
//! with the rest of its printable fields as details. Layout is our own small flow
//! ([`layout`]) over printpdf; fonts are DejaVu from `assets/fonts`, subset on save. Characters
//! the fonts cannot show are listed in [`Printed::missing`]. No I/O here: callers write bytes.

pub mod layout;
mod report;

pub use report::incident_report;

use printpdf::{PdfDocument, PdfPage, PdfSaveOptions, Pt};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::Result;
use crate::catalog::{FieldType, KINDS, KindDef, Value};
use crate::log::store::Record;
use crate::plan::binder::Binder;
use crate::plan::{overview, readiness};
use layout::{Column, Face, Flow, Fonts, Geometry, Ink, Missing, Span};

/// Paper size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Paper {
    /// 210 × 297 mm.
    #[default]
    A4,
    /// 8.5 × 11 in.
    Letter,
}

impl Paper {
    fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// Who prints, when, on what.
#[derive(Clone, Debug)]
pub struct PrintOptions {
    /// Paper size.
    pub paper: Paper,
    /// Who printed it (the member's name).
    pub printed_by: String,
    /// When.
    pub printed_at: chrono::DateTime<chrono::Utc>,
}

/// A printed document.
#[derive(Debug)]
pub struct Printed {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Pages.
    pub pages: usize,
    /// Characters the fonts cannot show (printed as "?").
    pub missing: Vec<Missing>,
}

impl Printed {
    /// The missing-character report, one line per character, or `None` if all printed.
    pub fn missing_report(&self) -> Option<String> {
        if self.missing.is_empty() {
            return None;
        }
        Some(
            self.missing
                .iter()
                .map(|m| {
                    format!(
                        "U+{:04X} {:?} ×{} (first in {}) cannot be shown by the fonts and is printed as \"?\"",
                        m.ch as u32, m.ch, m.count, m.first_seen_in
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
        )
    }
}

const BODY: f32 = 9.5;
const SMALL: f32 = 8.0;

fn geometry(paper: Paper) -> Geometry {
    let (width, height) = paper.size();
    Geometry {
        width,
        height,
        margin: 48.0,
        header: 18.0,
        footer: 20.0,
    }
}

fn new_doc(title: &str, author: &str, at: chrono::DateTime<chrono::Utc>) -> PdfDocument {
    let mut doc = PdfDocument::new(title);
    let info = &mut doc.metadata.info;
    info.author = author.to_string();
    info.creator = "Continuity Binder".into();
    info.producer = format!("Continuity Binder {} (printpdf)", env!("CARGO_PKG_VERSION"));
    info.subject = "Business continuity plan".into();
    if let Ok(t) = printpdf::OffsetDateTime::from_unix_timestamp(at.timestamp()) {
        info.creation_date = t;
        info.modification_date = t;
        info.metadata_date = t;
    }
    doc
}

fn finish(mut doc: PdfDocument, flow: Flow) -> Printed {
    let missing = flow.missing();
    flow.fonts().embed(&mut doc);
    let (w, h) = (flow.geo.width, flow.geo.height);
    let pages: Vec<PdfPage> = flow
        .pages
        .into_iter()
        .map(|ops| PdfPage::new(Pt(w).into(), Pt(h).into(), ops))
        .collect();
    let count = pages.len();
    let options = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    let bytes = doc.with_pages(pages).save(&options, &mut Vec::new());
    Printed {
        bytes,
        pages: count,
        missing,
    }
}

/// A reference shown as the title of what it names.
fn shown(b: &Binder, kind: &KindDef, field: &str, value: &Value) -> String {
    match kind.field(field).map(|f| f.ty) {
        Some(FieldType::Ref(_)) => b
            .title_of(&value.display())
            .ok()
            .flatten()
            .unwrap_or_else(|| value.display()),
        Some(FieldType::DateTime) => value.display().replace('T', " ").replace('Z', " UTC"),
        _ => value.display(),
    }
}

/// A table row: each cell's runs.
type Row = Vec<Vec<Span>>;

/// Markdown to flow: headings, paragraphs with bold/italic/code, lists, code, tables.
fn markdown(flow: &mut Flow, text: &str, base_level: usize) {
    #[derive(Default)]
    struct State {
        spans: Vec<Span>,
        bold: usize,
        italic: usize,
        lists: Vec<Option<u64>>,
        /// Header cells, finished rows, the row being read.
        table: Option<(Vec<String>, Vec<Row>, Row)>,
        in_head: bool,
        code: bool,
        link: Option<String>,
    }
    let face = |s: &State| {
        if s.code {
            Face::Mono
        } else if s.bold > 0 {
            Face::Bold
        } else if s.italic > 0 {
            Face::Italic
        } else {
            Face::Regular
        }
    };
    let flush = |flow: &mut Flow, s: &mut State| {
        if s.spans.iter().all(|sp| sp.text.trim().is_empty()) {
            s.spans.clear();
            return;
        }
        let depth = s.lists.len() as f32;
        let x = flow.left() + depth * 14.0;
        let w = flow.text_width() - depth * 14.0;
        let spans = std::mem::take(&mut s.spans);
        flow.paragraph(&spans, x, w, BODY, BODY * 1.45, Ink::TEXT);
        flow.space(BODY * 0.35);
    };
    let mut s = State::default();
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(Tag::Heading { .. }) => flush(flow, &mut s),
            Event::End(TagEnd::Heading(level)) => {
                let text: String = s.spans.drain(..).map(|sp| sp.text).collect();
                let size = match base_level + level as usize {
                    0..=2 => 13.0,
                    3 => 11.5,
                    _ => 10.5,
                };
                flow.heading(&text, size, 30.0, Ink::TEXT);
            }
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => flush(flow, &mut s),
            Event::Start(Tag::Strong) => s.bold += 1,
            Event::End(TagEnd::Strong) => s.bold = s.bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => s.italic += 1,
            Event::End(TagEnd::Emphasis) => s.italic = s.italic.saturating_sub(1),
            Event::Start(Tag::List(start)) => {
                flush(flow, &mut s);
                s.lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                flush(flow, &mut s);
                s.lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(flow, &mut s);
                let marker = match s.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "• ".to_string(),
                };
                s.spans.push(Span::new(marker, Face::Regular));
            }
            Event::End(TagEnd::Item) => flush(flow, &mut s),
            Event::TaskListMarker(done) => {
                s.spans.pop();
                s.spans
                    .push(Span::new(if done { "☑ " } else { "☐ " }, Face::Regular));
            }
            Event::Start(Tag::CodeBlock(_)) => {
                flush(flow, &mut s);
                s.code = true;
            }
            Event::End(TagEnd::CodeBlock) => {
                let spans = std::mem::take(&mut s.spans);
                let text: String = spans.into_iter().map(|sp| sp.text).collect();
                let x = flow.left() + 8.0;
                let w = flow.text_width() - 8.0;
                flow.paragraph(
                    &[Span::new(text.trim_end(), Face::Mono)],
                    x,
                    w,
                    SMALL,
                    SMALL * 1.4,
                    Ink::TEXT,
                );
                flow.space(BODY * 0.4);
                s.code = false;
            }
            Event::Start(Tag::Table(_)) => {
                flush(flow, &mut s);
                s.table = Some((Vec::new(), Vec::new(), Vec::new()));
            }
            Event::Start(Tag::TableHead) => s.in_head = true,
            Event::End(TagEnd::TableHead) => s.in_head = false,
            Event::End(TagEnd::TableCell) => {
                let cell = std::mem::take(&mut s.spans);
                if let Some((head, _, row)) = s.table.as_mut() {
                    if s.in_head {
                        head.push(cell.into_iter().map(|sp| sp.text).collect());
                    } else {
                        row.push(cell);
                    }
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some((_, rows, row)) = s.table.as_mut() {
                    rows.push(std::mem::take(row));
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some((head, rows, _)) = s.table.take() {
                    let columns: Vec<Column> = head
                        .into_iter()
                        .map(|title| Column {
                            title,
                            weight: 1.0,
                            checkbox: false,
                        })
                        .collect();
                    let rows: Vec<Vec<Vec<Span>>> = rows
                        .into_iter()
                        .map(|mut r| {
                            r.resize(columns.len(), Vec::new());
                            r
                        })
                        .collect();
                    if !columns.is_empty() {
                        flow.table(&columns, &rows, SMALL);
                    }
                }
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                let f = face(&s);
                s.spans.push(Span::new(t.to_string(), f));
            }
            Event::Code(t) => s.spans.push(Span::new(t.to_string(), Face::Mono)),
            Event::SoftBreak => s.spans.push(Span::new(" ", Face::Regular)),
            Event::HardBreak => s.spans.push(Span::new("\n", Face::Regular)),
            Event::Rule => {
                flush(flow, &mut s);
                let (x, y, w) = (flow.left(), flow.y + 4.0, flow.text_width());
                flow.line(x, y, x + w, y, 0.5, Ink::LINE);
                flow.space(10.0);
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                s.link = (!dest_url.starts_with('#')).then(|| dest_url.to_string());
            }
            Event::End(TagEnd::Link) => {
                // Paper cannot be clicked: the address follows the link text.
                if let Some(url) = s.link.take()
                    && !s.spans.last().is_some_and(|sp| sp.text.contains(&url))
                {
                    s.spans.push(Span::new(format!(" ({url})"), Face::Regular));
                }
            }
            _ => {}
        }
    }
    flush(flow, &mut s);
}

/// One entry of the table of contents.
struct TocEntry {
    title: String,
    level: usize,
    page: usize,
}

/// Prints the whole binder: cover, readiness, contents, the plan's sections, every kind of record
/// as a table, the checklists with boxes to tick, and the members.
pub fn binder_pdf(b: &Binder, opts: &PrintOptions) -> Result<Printed> {
    let plan = b.plan_record()?;
    let org = plan
        .as_ref()
        .map(|p| p.text("organisation"))
        .unwrap_or_default();
    let title = plan
        .as_ref()
        .map(|p| p.text("title"))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "Business Continuity Plan".into());
    let version = plan.as_ref().map(|p| p.text("version")).unwrap_or_default();
    let classification = plan
        .as_ref()
        .map(|p| p.text("classification"))
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "confidential".into());
    let fingerprint = b.fingerprint()?;
    let printed = opts.printed_at.format("%Y-%m-%d %H:%M UTC").to_string();
    let mut doc = new_doc(&format!("{org} — {title}"), &org, opts.printed_at);
    let fonts = Fonts::new();
    let mut flow = Flow::new(geometry(opts.paper), fonts);

    // Cover.
    flow.context = "the cover".into();
    let x = flow.left();
    let w = flow.text_width();
    flow.space(120.0);
    flow.paragraph(
        &[Span::new(org.clone(), Face::Bold)],
        x,
        w,
        26.0,
        32.0,
        Ink::ACCENT,
    );
    flow.space(6.0);
    flow.paragraph(
        &[Span::new(title.clone(), Face::Regular)],
        x,
        w,
        18.0,
        24.0,
        Ink::TEXT,
    );
    let y = flow.y + 14.0;
    flow.line(x, y, x + w, y, 1.2, Ink::ACCENT);
    flow.space(34.0);
    let mut facts: Vec<(String, String)> = vec![
        (
            "Version".into(),
            if version.is_empty() {
                "—".into()
            } else {
                version.clone()
            },
        ),
        ("Fingerprint".into(), fingerprint.clone()),
        ("Printed".into(), printed.clone()),
        ("Printed by".into(), opts.printed_by.clone()),
        ("Classification".into(), classification.to_uppercase()),
    ];
    if let Some(p) = &plan {
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
        flow.text(x, y, &Span::new(k.clone(), Face::Regular), 10.5, Ink::MUTED);
        flow.text(
            x + 110.0,
            y,
            &Span::new(v.clone(), Face::Bold),
            10.5,
            Ink::TEXT,
        );
    }
    // The readiness score on the first page: what to distrust in this copy, at a glance.
    let r = readiness::assess(b, opts.printed_at.date_naive())?;
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
        13.0,
        19.0,
        Ink::ACCENT,
    );
    let summary = if r.gaps.is_empty() {
        "Nothing is stale or missing.".to_string()
    } else {
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
    };
    flow.paragraph(
        &[Span::new(summary, Face::Regular)],
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
            format!("This copy was printed on {printed}. Anything changed after that is not in it: compare the fingerprint with the one the app shows (Sync) before relying on it."),
            Face::Italic,
        )],
        x,
        w,
        9.0,
        13.0,
        Ink::MUTED,
    );

    // Readiness.
    flow.new_page();
    let mut toc: Vec<TocEntry> = Vec::new();
    flow.context = "the readiness summary".into();
    toc.push(TocEntry {
        title: "Readiness".into(),
        level: 0,
        page: flow.page(),
    });
    flow.heading(
        &format!("Readiness: {} / 100", r.score),
        16.0,
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
        let columns = [
            Column {
                title: "Kind".into(),
                weight: 1.0,
                checkbox: false,
            },
            Column {
                title: "Record".into(),
                weight: 2.2,
                checkbox: false,
            },
            Column {
                title: "What to do".into(),
                weight: 4.0,
                checkbox: false,
            },
        ];
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
        flow.table(&columns, &rows, SMALL);
    }

    // Who reviewed and approved which version, and whether it still matches.
    let signoffs = crate::plan::signoff::check(b)?;
    flow.context = "the approval history".into();
    flow.heading("Reviews and approvals", 13.0, 40.0, Ink::ACCENT);
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
    } else {
        let rows: Vec<Vec<Vec<Span>>> = signoffs
            .iter()
            .rev()
            .map(|s| {
                let verdict = match s.status {
                    crate::plan::signoff::SignoffStatus::Matches => "matches this copy",
                    crate::plan::signoff::SignoffStatus::Changed => "plan changed since",
                    crate::plan::signoff::SignoffStatus::Invalid => "SIGNATURE INVALID",
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
    }

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

    // Plan sections, nested as their parents say.
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
    flow.heading("The plan", 18.0, 40.0, Ink::ACCENT);
    for s in &sections {
        let depth = depth_of(s);
        flow.context = format!("section \"{}\"", s.title());
        let size = match depth {
            0 => 14.0,
            1 => 12.0,
            _ => 10.5,
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
        markdown(&mut flow, &s.text("body"), 2 + depth);
        flow.space(6.0);
    }

    // Roles as the call tree.
    let calls = overview::call_list(b)?;
    if !calls.is_empty() {
        flow.new_page();
        flow.context = "the call tree".into();
        toc.push(TocEntry {
            title: "Roles (call tree)".into(),
            level: 0,
            page: flow.page(),
        });
        flow.heading("Roles (call tree)", 16.0, 40.0, Ink::ACCENT);
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
        let columns = [
            Column {
                title: "#".into(),
                weight: 0.35,
                checkbox: false,
            },
            Column {
                title: "Role".into(),
                weight: 2.0,
                checkbox: false,
            },
            Column {
                title: "Primary".into(),
                weight: 2.2,
                checkbox: false,
            },
            Column {
                title: "Backup".into(),
                weight: 2.2,
                checkbox: false,
            },
        ];
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
        flow.table(&columns, &rows, SMALL);
        let roles = b.list("role", false)?;
        let notes: Vec<Vec<Vec<Span>>> = roles
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
                &[
                    Column {
                        title: "Role".into(),
                        weight: 2.0,
                        checkbox: false,
                    },
                    Column {
                        title: "Authority and notes".into(),
                        weight: 5.0,
                        checkbox: false,
                    },
                ],
                &notes,
                SMALL,
            );
        }
    }

    // Every other kind of record, as the catalog describes it.
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
        flow.heading(kind.plural, 15.0, 50.0, Ink::ACCENT);
        kind_table(b, &mut flow, kind, &records);
    }

    // Checklists, with boxes to tick and room for who did it and when.
    if !checklists.is_empty() {
        flow.new_page();
        toc.push(TocEntry {
            title: "Checklists".into(),
            level: 0,
            page: flow.page(),
        });
        flow.heading("Checklists", 16.0, 40.0, Ink::ACCENT);
        // All steps in one query, in order, then shared out to their checklists.
        let mut steps: std::collections::HashMap<String, Vec<Record>> = Default::default();
        for item in b.list("item", false)? {
            steps.entry(item.text("checklist")).or_default().push(item);
        }
        for c in &checklists {
            let items = steps.remove(&c.id).unwrap_or_default();
            flow.context = format!("checklist \"{}\"", c.title());
            flow.ensure(80.0);
            toc.push(TocEntry {
                title: c.title(),
                level: 1,
                page: flow.page(),
            });
            flow.heading(&c.title(), 12.0, 50.0, Ink::TEXT);
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
            let columns = [
                Column {
                    title: "✓".into(),
                    weight: 0.35,
                    checkbox: true,
                },
                Column {
                    title: "Step".into(),
                    weight: 3.8,
                    checkbox: false,
                },
                Column {
                    title: "Owner".into(),
                    weight: 1.7,
                    checkbox: false,
                },
                Column {
                    title: "When".into(),
                    weight: 1.1,
                    checkbox: false,
                },
                Column {
                    title: "Done by / time".into(),
                    weight: 1.6,
                    checkbox: false,
                },
            ];
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
    }

    // Contents, now that every page is known.
    let geo = flow.geo;
    let mut page = toc_first;
    let mut y = geo.margin + geo.header + 30.0;
    flow.context = "the contents".into();
    flow.text_on(
        page,
        geo.margin,
        y,
        &Span::new("Contents", Face::Bold),
        16.0,
        Ink::ACCENT,
    );
    y += 24.0;
    for e in &toc {
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
        let size = if e.level == 0 { 10.5 } else { 9.5 };
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
    for e in &toc {
        if e.level <= 1 {
            doc.add_bookmark(&e.title, e.page + 1);
        }
    }

    // Running header and footer on every page but the cover.
    let version = if version.is_empty() {
        "—".to_string()
    } else {
        version
    };
    frame(
        &mut flow,
        1,
        &classification.to_uppercase(),
        &format!("{org} — {title}"),
        |p, total| {
            format!(
                "page {p} of {total} · version {version} · fingerprint {fingerprint} · printed {printed}"
            )
        },
    );
    Ok(finish(doc, flow))
}

/// Writes the running header (a bold label left, `head` right, a rule) and a centred footer made
/// by `foot(page, total)` on every page from `first` (0-based) on.
fn frame(
    flow: &mut Flow,
    first: usize,
    label: &str,
    head: &str,
    foot: impl Fn(usize, usize) -> String,
) {
    let geo = flow.geo;
    let total = flow.pages.len();
    for p in first..total {
        let top = geo.margin - 6.0;
        flow.text_on(
            p,
            geo.margin,
            top,
            &Span::new(label, Face::Bold),
            7.5,
            Ink::ACCENT,
        );
        let hw = layout::width(Face::Regular, head, 7.5);
        flow.text_on(
            p,
            geo.width - geo.margin - hw.min(geo.width - 2.0 * geo.margin - 120.0),
            top,
            &Span::new(head, Face::Regular),
            7.5,
            Ink::MUTED,
        );
        flow.line_on(
            p,
            geo.margin,
            top + 4.0,
            geo.width - geo.margin,
            top + 4.0,
            0.4,
            Ink::LINE,
            false,
        );
        let text = foot(p + 1, total);
        let fw = layout::width(Face::Regular, &text, 7.5);
        flow.text_on(
            p,
            (geo.width - fw) / 2.0,
            geo.height - geo.margin + 12.0,
            &Span::new(text, Face::Regular),
            7.5,
            Ink::MUTED,
        );
    }
}

/// Table columns from (title, weight) pairs.
fn columns(spec: &[(&str, f32)]) -> Vec<Column> {
    spec.iter()
        .map(|(title, weight)| Column {
            title: (*title).into(),
            weight: *weight,
            checkbox: false,
        })
        .collect()
}

/// Prints the wallet card: the call list, the activation levels and the first checklist on four
/// credit-card-sized panels (85 × 54 mm) with dashed lines to cut along and a line to fold on.
pub fn wallet_card(b: &Binder, opts: &PrintOptions) -> Result<Printed> {
    let org = b.organisation()?;
    let fingerprint = b.fingerprint()?;
    let doc = new_doc(&format!("{org} — wallet card"), &org, opts.printed_at);
    let fonts = Fonts::new();
    let mut flow = Flow::new(geometry(opts.paper), fonts);
    let mm = 72.0 / 25.4;
    let (pw, ph) = (85.0 * mm, 54.0 * mm);
    let x0 = (flow.geo.width - 2.0 * pw) / 2.0;
    let y0 = 90.0;
    let x = flow.left();
    flow.context = "the wallet card".into();
    flow.text(
        x,
        56.0,
        &Span::new(format!("{org} — wallet card"), Face::Bold),
        14.0,
        Ink::ACCENT,
    );
    flow.text(
        x,
        72.0,
        &Span::new(
            format!(
                "Cut along the dashed lines, fold on the solid middle line, keep it with your ID. Printed {} · fingerprint {}",
                opts.printed_at.format("%Y-%m-%d"),
                fingerprint
            ),
            Face::Regular,
        ),
        7.5,
        Ink::MUTED,
    );
    // Cut lines around the card, a fold line down the middle.
    let page = flow.page();
    for (xa, ya, xb, yb) in [
        (x0, y0, x0 + 2.0 * pw, y0),
        (x0, y0 + 2.0 * ph, x0 + 2.0 * pw, y0 + 2.0 * ph),
        (x0, y0, x0, y0 + 2.0 * ph),
        (x0 + 2.0 * pw, y0, x0 + 2.0 * pw, y0 + 2.0 * ph),
        (x0, y0 + ph, x0 + 2.0 * pw, y0 + ph),
    ] {
        flow.line_on(page, xa, ya, xb, yb, 0.6, Ink::LINE, true);
    }
    flow.line_on(
        page,
        x0 + pw,
        y0,
        x0 + pw,
        y0 + 2.0 * ph,
        0.8,
        Ink::TEXT,
        false,
    );

    let size = 6.4;
    let lead = size * 1.28;
    // Each panel: a title and lines of runs; what does not fit says how much more is in the binder.
    let panel = |flow: &mut Flow, px: f32, py: f32, title: &str, lines: Vec<Vec<Span>>| {
        let pad = 6.0;
        flow.text(
            px + pad,
            py + pad + 8.0,
            &Span::new(title, Face::Bold),
            8.0,
            Ink::ACCENT,
        );
        let mut y = py + pad + 8.0 + 4.0;
        let max_y = py + ph - pad;
        let wrapped: Vec<Vec<Span>> = lines
            .iter()
            .flat_map(|l| Flow::wrap(l, pw - 2.0 * pad, size))
            .collect();
        let total = wrapped.len();
        for (i, line) in wrapped.iter().enumerate() {
            if y + lead > max_y - if i + 1 < total { lead } else { 0.0 } && i + 1 < total {
                let more = format!("+ {} more line(s): see the binder", total - i);
                flow.text(
                    px + pad,
                    y + lead,
                    &Span::new(more, Face::Italic),
                    size,
                    Ink::MUTED,
                );
                break;
            }
            y += lead;
            flow.line_of_runs(px + pad, y, line, size, Ink::TEXT);
        }
    };
    let people = |p: &Option<overview::Person>| match p {
        Some(p) => format!(
            "{} {}",
            p.name,
            p.phones.first().cloned().unwrap_or_default()
        ),
        None => "—".into(),
    };
    let calls: Vec<Vec<Span>> = overview::call_list(b)?
        .iter()
        .map(|c| {
            vec![
                Span::new(format!("{}: ", c.role), Face::Bold),
                Span::new(people(&c.primary), Face::Regular),
                Span::new(format!(" · backup {}", people(&c.backup)), Face::Regular),
            ]
        })
        .collect();
    let half = calls.len().div_ceil(2).max(1);
    let (first, second) = calls.split_at(half.min(calls.len()));
    panel(
        &mut flow,
        x0,
        y0,
        &format!("{org}: who to call"),
        first.to_vec(),
    );
    panel(
        &mut flow,
        x0 + pw,
        y0,
        "Who to call (continued)",
        second.to_vec(),
    );
    let levels: Vec<Vec<Span>> = b
        .list("level", false)?
        .iter()
        .map(|l| {
            let mut v = vec![Span::new(format!("{}: ", l.title()), Face::Bold)];
            v.push(Span::new(l.text("criteria"), Face::Regular));
            if !l.text("response_time").is_empty() {
                v.push(Span::new(
                    format!(" (respond {})", l.text("response_time")),
                    Face::Italic,
                ));
            }
            v
        })
        .collect();
    panel(&mut flow, x0, y0 + ph, "Activation levels", levels);
    let (title, steps) = match overview::first_checklist(b)? {
        Some(v) => (
            v.checklist.title(),
            v.items
                .iter()
                .map(|i| {
                    let when = i.text("window");
                    vec![
                        Span::new("☐ ", Face::Regular),
                        Span::new(i.text("text"), Face::Regular),
                        Span::new(
                            if when.is_empty() {
                                String::new()
                            } else {
                                format!(" ({when})")
                            },
                            Face::Italic,
                        ),
                    ]
                })
                .collect(),
        ),
        None => ("First steps".to_string(), Vec::new()),
    };
    panel(&mut flow, x0 + pw, y0 + ph, &title, steps);
    Ok(finish(doc, flow))
}

/// What the emergency access sheet says.
pub struct EmergencySheet<'a> {
    /// The organisation.
    pub organisation: &'a str,
    /// The recovery key's label.
    pub label: &'a str,
    /// The recovery key itself (`AGE-SECRET-KEY-1…`): printed as text and as a QR code.
    pub secret: &'a secrecy::SecretString,
    /// The binder's file name, as the founders keep it.
    pub binder_file: &'a str,
    /// Where the shared file lives, if there is one.
    pub shared_file: Option<&'a str>,
    /// The binder's fingerprint when the key was made.
    pub fingerprint: &'a str,
}

/// Prints the emergency access sheet: how to open the binder without the app, with the recovery
/// key as text and as a QR code. Made when the key is made; the key is never stored unencrypted.
pub fn emergency_sheet(sheet: &EmergencySheet<'_>, opts: &PrintOptions) -> Printed {
    use secrecy::ExposeSecret;
    let doc = new_doc(
        &format!("{} — emergency access sheet", sheet.organisation),
        sheet.organisation,
        opts.printed_at,
    );
    let fonts = Fonts::new();
    let mut flow = Flow::new(geometry(opts.paper), fonts);
    flow.context = "the emergency access sheet".into();
    let x = flow.left();
    let w = flow.text_width();
    flow.paragraph(
        &[Span::new(
            "EMERGENCY ACCESS — KEEP THIS SHEET LOCKED AWAY",
            Face::Bold,
        )],
        x,
        w,
        9.0,
        12.0,
        Ink::ACCENT,
    );
    flow.space(4.0);
    flow.paragraph(
        &[Span::new(
            format!(
                "{}: how to open the continuity binder without the app",
                sheet.organisation
            ),
            Face::Bold,
        )],
        x,
        w,
        16.0,
        21.0,
        Ink::TEXT,
    );
    flow.space(6.0);
    flow.paragraph(
        &[Span::new(
            format!(
                "Recovery key \"{}\", made {}. Anyone holding this sheet can read the whole plan: store it like cash (safe, safe-deposit box), never beside the laptops.",
                sheet.label,
                opts.printed_at.format("%Y-%m-%d")
            ),
            Face::Regular,
        )],
        x,
        w,
        BODY,
        BODY * 1.45,
        Ink::TEXT,
    );
    flow.space(10.0);
    // The key, large, in mono, then its QR code.
    let key = sheet.secret.expose_secret().to_string();
    flow.heading("The recovery key", 12.0, 60.0, Ink::TEXT);
    flow.paragraph(
        &[Span::new(key.clone(), Face::Mono)],
        x,
        w,
        10.0,
        14.0,
        Ink::TEXT,
    );
    flow.space(10.0);
    if let Ok(code) =
        qrcode::QrCode::with_error_correction_level(key.as_bytes(), qrcode::EcLevel::M)
    {
        let n = code.width();
        let module = (150.0 / n as f32).max(1.5);
        flow.ensure((n as f32 + 8.0) * module + 10.0);
        // The quiet zone (four modules of white) lies inside the margin and below the text.
        let (qx, qy) = (x + 4.0 * module, flow.y + 4.0 * module);
        flow.rect(
            qx - 4.0 * module,
            qy - 4.0 * module,
            (n as f32 + 8.0) * module,
            (n as f32 + 8.0) * module,
            None,
            Some((Ink::LINE, 0.4)),
        );
        let colors = code.to_colors();
        // One rectangle per run of dark modules in a row: no seams between neighbours for a
        // scanner to trip on, and far fewer drawing operations.
        for (row, cells) in colors.chunks(n).enumerate() {
            let mut col = 0;
            while col < n {
                if cells[col] != qrcode::Color::Dark {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < n && cells[col] == qrcode::Color::Dark {
                    col += 1;
                }
                flow.rect(
                    qx + start as f32 * module,
                    qy + row as f32 * module - 0.05,
                    (col - start) as f32 * module,
                    module + 0.1,
                    Some(Ink(0.0, 0.0, 0.0)),
                    None,
                );
            }
        }
        let tx = qx + n as f32 * module + 24.0;
        let mut ty = qy + 10.0;
        for line in Flow::wrap(
            &[Span::new(
                "Scan with any QR reader (offline) to type the key without mistakes, or copy it from the line above into a file named recovery.txt.",
                Face::Regular,
            )],
            w - (tx - x),
            BODY,
        ) {
            ty += BODY * 1.45;
            flow.line_of_runs(tx, ty, &line, BODY, Ink::TEXT);
        }
        flow.y = qy + (n as f32 + 4.0) * module + 16.0;
    }
    flow.heading("Open the binder with two free tools", 12.0, 80.0, Ink::TEXT);
    let steps = [
        "Install age and sqlite3 (Debian/Ubuntu: apt install age sqlite3; macOS: brew install age sqlite).".to_string(),
        "Put the key above, alone on one line, in a file named recovery.txt.".to_string(),
        format!("Take a copy of the binder file ({}){}.", sheet.binder_file, sheet.shared_file.map(|s| format!(" — the shared copy is at {s}")).unwrap_or_default()),
        format!("Decrypt it:  age -d -i recovery.txt -o plan.db \"{}\"", sheet.binder_file),
        "Read it:  sqlite3 plan.db \"SELECT name, phones, emails FROM contact\"  — every kind has its view: plan, section, role, contact, vendor, level, checklist, item, template…".into(),
        "Delete plan.db and recovery.txt when done: they hold the plan unencrypted.".into(),
    ];
    for (i, step) in steps.iter().enumerate() {
        flow.paragraph(
            &[
                Span::new(format!("{}. ", i + 1), Face::Bold),
                Span::new(step.clone(), Face::Regular),
            ],
            x,
            w,
            BODY,
            BODY * 1.45,
            Ink::TEXT,
        );
        flow.space(3.0);
    }
    flow.space(8.0);
    flow.paragraph(
        &[Span::new(
            format!(
                "Fingerprint of the binder when this key was made: {}. Printed by {}.",
                sheet.fingerprint, opts.printed_by
            ),
            Face::Italic,
        )],
        x,
        w,
        SMALL,
        SMALL * 1.4,
        Ink::MUTED,
    );
    finish(doc, flow)
}

/// The table of one kind: its table fields as columns, the other printable fields as details.
fn kind_table(b: &Binder, flow: &mut Flow, kind: &KindDef, records: &[Record]) {
    let table_fields: Vec<_> = kind
        .fields()
        .filter(|f| f.table && f.pdf && f.name != "position")
        .collect();
    let detail_fields: Vec<_> = kind
        .fields()
        .filter(|f| f.pdf && !f.table && f.name != "position" && f.name != "parent")
        .collect();
    let mut columns: Vec<Column> = table_fields
        .iter()
        .map(|f| Column {
            title: f.label.into(),
            weight: if f.name == kind.title {
                1.8
            } else if f.ty.is_long() {
                2.5
            } else {
                1.2
            },
            checkbox: false,
        })
        .collect();
    let has_details = records
        .iter()
        .any(|r| detail_fields.iter().any(|f| r.fields.contains_key(f.name)));
    if has_details {
        columns.push(Column {
            title: "Details".into(),
            weight: 3.2,
            checkbox: false,
        });
    }
    let rows: Vec<Vec<Vec<Span>>> = records
        .iter()
        .map(|r| {
            flow.context = format!("{} \"{}\"", kind.label.to_lowercase(), r.title());
            let mut row: Vec<Vec<Span>> = table_fields
                .iter()
                .map(|f| {
                    let text = r
                        .fields
                        .get(f.name)
                        .map(|v| match v {
                            Value::List(items) => items.join("\n"),
                            other => shown(b, kind, f.name, other),
                        })
                        .unwrap_or_default();
                    let face = if f.name == kind.title {
                        Face::Bold
                    } else {
                        Face::Regular
                    };
                    vec![Span::new(text, face)]
                })
                .collect();
            if has_details {
                let mut spans = Vec::new();
                for f in &detail_fields {
                    if let Some(v) = r.fields.get(f.name) {
                        if !spans.is_empty() {
                            spans.push(Span::new("\n", Face::Regular));
                        }
                        spans.push(Span::new(format!("{}: ", f.label), Face::Bold));
                        spans.push(Span::new(shown(b, kind, f.name, v), Face::Regular));
                    }
                }
                row.push(spans);
            }
            row
        })
        .collect();
    flow.table(&columns, &rows, SMALL);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_sizes_are_a4_and_letter_in_points() {
        assert_eq!(Paper::A4.size(), (595.28, 841.89));
        assert_eq!(Paper::Letter.size(), (612.0, 792.0));
    }

    #[test]
    fn the_missing_report_names_each_character_once_with_where() {
        let p = Printed {
            bytes: Vec::new(),
            pages: 1,
            missing: vec![Missing {
                ch: '𓀀',
                count: 2,
                first_seen_in: "contact \"Ra\"".into(),
            }],
        };
        let report = p.missing_report().unwrap();
        assert!(report.starts_with("U+13000"), "{report}");
        assert!(report.contains("×2 (first in contact \"Ra\")"), "{report}");
    }
}
