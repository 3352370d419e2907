//! The binder's tables: the call tree (roles in call order with primary and backup, then their
//! authority and notes) and a table for every other kind the catalog prints.

use super::super::super::layout::scale::{KIND, SMALL};
use super::super::super::layout::{Column, Face, Flow, Ink, Span, Style};
use super::super::super::parts::columns;
use super::TocEntry;
use crate::Result;
use crate::catalog::{FieldDef, FieldType, KindDef, Value};
use crate::log::store::Record;
use crate::plan::binder::Binder;
use crate::plan::overview;

/// A table row: each cell's runs.
type Row = Vec<Vec<Span>>;

/// The roles in call order with primary and backup (names, numbers, addresses), then each
/// role's authority and notes.
pub(super) fn call_tree(flow: &mut Flow, b: &Binder, toc: &mut Vec<TocEntry>) -> Result<()> {
    let calls = overview::call_list(b)?;
    if calls.is_empty() {
        return Ok(());
    }
    flow.new_page();
    flow.context = "the call tree".into();
    toc.push(TocEntry::here(flow, "Roles (call tree)", 0));
    flow.heading("Roles (call tree)", Style::CHAPTER, 40.0);
    let rows: Vec<Row> = calls
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
    let spec = [
        ("#", 0.35),
        ("Role", 2.0),
        ("Primary", 2.2),
        ("Backup", 2.2),
    ];
    flow.table(&columns(&spec), &rows, SMALL);
    role_notes(flow, b)
}

/// The call tree as a form to fill in by hand, on a page of its own at the end of the binder
/// (to tear out or copy when every laptop is down).
pub(super) fn call_tree_form(flow: &mut Flow, b: &Binder, toc: &mut Vec<TocEntry>) -> Result<()> {
    if overview::call_list(b)?.is_empty() {
        return Ok(());
    }
    flow.new_page();
    toc.push(TocEntry::here(flow, "Call tree form (for paper)", 0));
    super::super::call_form::call_tree_forms(flow, b)?;
    Ok(())
}

/// A person in the call tree: name, then each number and address on a line.
fn person(p: &Option<overview::Person>) -> Vec<Span> {
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
}

/// Each role's authority and notes, where it has them.
fn role_notes(flow: &mut Flow, b: &Binder) -> Result<()> {
    let notes: Vec<Row> = b
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
pub(super) fn record_tables(
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
        toc.push(TocEntry::here(flow, kind.plural, 0));
        flow.heading(kind.plural, Style::heading(KIND, Ink::ACCENT), 50.0);
        kind_table(b, flow, kind, &records);
    }
    Ok(())
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
    let has_details = records
        .iter()
        .any(|r| detail_fields.iter().any(|f| r.fields.contains_key(f.name)));
    let columns = kind_columns(kind, &table_fields, has_details);
    let rows: Vec<Row> = records
        .iter()
        .map(|r| {
            flow.context = format!("{} \"{}\"", kind.label.to_lowercase(), r.title());
            let mut row: Row = table_fields
                .iter()
                .map(|f| {
                    let text = r
                        .fields
                        .get(f.name)
                        .map(|v| match v {
                            Value::List(items) => items.join("\n"),
                            other => printed_value(b, kind, f.name, other),
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
                row.push(details(b, kind, &detail_fields, r));
            }
            row
        })
        .collect();
    flow.table(&columns, &rows, SMALL);
}

/// A column per table field (the title wider, long text wider still), and one for the details.
fn kind_columns(kind: &KindDef, fields: &[&FieldDef], details: bool) -> Vec<Column> {
    let mut columns: Vec<Column> = fields
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
    if details {
        columns.push(Column {
            title: "Details".into(),
            weight: 3.2,
            checkbox: false,
        });
    }
    columns
}

/// The details cell of a record: each other printable field it has, "Label: value" a line.
fn details(b: &Binder, kind: &KindDef, fields: &[&FieldDef], r: &Record) -> Vec<Span> {
    let mut spans = Vec::new();
    for f in fields {
        if let Some(v) = r.fields.get(f.name) {
            if !spans.is_empty() {
                spans.push(Span::new("\n", Face::Regular));
            }
            spans.push(Span::new(format!("{}: ", f.label), Face::Bold));
            spans.push(Span::new(printed_value(b, kind, f.name, v), Face::Regular));
        }
    }
    spans
}

/// A value as printed: a reference as the title of what it names, a time without its T and Z.
fn printed_value(b: &Binder, kind: &KindDef, field: &str, value: &Value) -> String {
    match kind.field(field).map(|f| f.ty) {
        Some(FieldType::Ref(_)) => b
            .title_of(&value.display())
            .ok()
            .flatten()
            .unwrap_or_else(|| value.display()),
        Some(FieldType::DateTime) => crate::catalog::stored_time_for_people(&value.display()),
        _ => value.display(),
    }
}
