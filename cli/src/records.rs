//! Records: add, set, rm, mark-verified, list, show, search, history — and how a record or a
//! table of records reads on a terminal.

use binder::catalog;
use binder::{Binder, Mode, Record};

use crate::ctx::{Ctx, one_line, pairs, report_id};

pub(crate) fn add(ctx: &Ctx, kind: String, fields: Vec<String>) -> anyhow::Result<()> {
    let fields = pairs(&fields)?;
    let id = ctx.edit(|b| b.add(&kind, &fields))?;
    report_id(ctx, "added", &id)
}

pub(crate) fn set(ctx: &Ctx, id: String, fields: Vec<String>) -> anyhow::Result<()> {
    let fields = pairs(&fields)?;
    let id = ctx.edit(|b| b.set(&id, &fields))?;
    report_id(ctx, "changed", &id)
}

pub(crate) fn rm(ctx: &Ctx, id: String) -> anyhow::Result<()> {
    let id = ctx.edit(|b| b.remove(&id))?;
    report_id(ctx, "deleted", &id)
}

pub(crate) fn mark_verified(ctx: &Ctx, id: String) -> anyhow::Result<()> {
    let id = ctx.edit(|b| b.mark_verified(&id))?;
    report_id(ctx, "marked verified", &id)
}

pub(crate) fn list(
    ctx: &Ctx,
    kind: String,
    deleted: bool,
    filters: Vec<String>,
) -> anyhow::Result<()> {
    let b = ctx.open(Mode::Read)?;
    let records = b.list_where(&kind, &pairs(&filters)?, deleted)?;
    if ctx.json {
        return ctx.print_json(&records);
    }
    print_table(&b, catalog::kind(&kind)?, &records);
    Ok(())
}

pub(crate) fn show(ctx: &Ctx, id: String) -> anyhow::Result<()> {
    let b = ctx.open(Mode::Read)?;
    let record = b.record(&id)?;
    ctx.output(&record, |record| {
        print_record(&b, record);
    })
}

pub(crate) fn search(ctx: &Ctx, text: Vec<String>, limit: usize) -> anyhow::Result<()> {
    let b = ctx.open(Mode::Read)?;
    let hits = b.search(&text.join(" "), limit)?;
    ctx.output(&hits, |hits| {
        if hits.is_empty() {
            println!("nothing found");
        }
        for h in hits {
            println!("{:<12} {:<24} {}", h.kind, h.id, h.title);
        }
    })
}

pub(crate) fn history(ctx: &Ctx, id: Option<String>, limit: usize) -> anyhow::Result<()> {
    let b = ctx.open(Mode::Read)?;
    let entries = b.history(id.as_deref(), limit)?;
    ctx.output(&entries, |entries| {
        for e in entries {
            let value = e
                .value
                .as_ref()
                .map(|v| v.display())
                .unwrap_or_else(|| "(cleared)".into());
            // A reference reads better as the name of what it points to.
            let is_ref = catalog::kind_of_id(&e.id)
                .and_then(|k| k.field(&e.field))
                .is_some_and(|f| matches!(f.ty, catalog::FieldType::Ref(_)));
            let value = match b.title_of(&value) {
                Ok(Some(title)) if is_ref => format!("{title} ({value})"),
                _ => value,
            };
            let value = if e.field == catalog::DELETED_FIELD {
                if value == "true" {
                    "deleted".to_string()
                } else {
                    "restored".to_string()
                }
            } else {
                format!("{} = {}", e.field, one_line(&value, 60))
            };
            let who = if e.who.is_empty() {
                e.actor.clone()
            } else {
                e.who.clone()
            };
            println!(
                "{}  {:<18} {:<24} {}",
                e.time,
                one_line(&who, 18),
                e.id,
                value
            );
        }
    })
}
/// Shows a reference as the title of the record it points to.
pub(crate) fn shown_value(b: &Binder, field: &catalog::FieldDef, record: &Record) -> String {
    let raw = record.text(field.name);
    match field.ty {
        catalog::FieldType::Ref(_) if !raw.is_empty() => {
            b.title_of(&raw).ok().flatten().unwrap_or(raw)
        }
        _ => raw,
    }
}

pub(crate) fn print_table(b: &Binder, kind: &catalog::KindDef, records: &[Record]) {
    if records.is_empty() {
        println!(
            "no {} yet; add one with `binder add {} {}=…`",
            kind.plural.to_lowercase(),
            kind.name,
            kind.title
        );
        return;
    }
    let columns: Vec<&catalog::FieldDef> = kind.fields().filter(|f| f.table).collect();
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|r| {
            let mut row = vec![if r.deleted {
                format!("{} (deleted)", r.id)
            } else {
                r.id.clone()
            }];
            row.extend(columns.iter().map(|f| one_line(&shown_value(b, f, r), 40)));
            row
        })
        .collect();
    let header: Vec<String> = std::iter::once("ID".to_string())
        .chain(columns.iter().map(|f| f.label.to_string()))
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    println!("{}", line(&header));
    for r in &rows {
        println!("{}", line(r));
    }
}

pub(crate) fn print_record(b: &Binder, record: &Record) {
    let Ok(kind) = catalog::kind(&record.kind) else {
        return;
    };
    println!(
        "{} {}{}",
        kind.label,
        record.id,
        if record.deleted { " (deleted)" } else { "" }
    );
    for f in kind.fields() {
        let value = shown_value(b, f, record);
        if value.is_empty() {
            continue;
        }
        let mut lines = value.lines();
        println!("  {:<18} {}", f.label, lines.next().unwrap_or(""));
        for l in lines {
            println!("  {:<18} {l}", "");
        }
    }
}
