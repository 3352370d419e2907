//! Exports and imports: JSON, CSV, vCard, iCalendar, the printed binder and wallet card, plan
//! documents.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use binder::{Binder, Mode};

use crate::args::{ExportFormat, FileExport, ImportFormat, PaperArg, PlanImport};
use crate::ctx::Ctx;

/// Writes an export to `output` (private, atomic), or to standard output.
pub(crate) fn write_export(bytes: &[u8], output: Option<&Path>) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            binder::fsutil::write_atomic(path, bytes, true)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "wrote {} (plaintext: keep it safe or delete it)",
                path.display()
            );
        }
        None => std::io::stdout().write_all(bytes)?,
    }
    Ok(())
}

pub(crate) fn print_options(b: &Binder, paper: PaperArg) -> binder::pdf::PrintOptions {
    binder::pdf::PrintOptions {
        paper: match paper {
            PaperArg::A4 => binder::pdf::Paper::A4,
            PaperArg::Letter => binder::pdf::Paper::Letter,
        },
        printed_by: b.keys().name().to_string(),
        printed_at: chrono::Utc::now(),
    }
}

pub(crate) fn write_printed(printed: &binder::pdf::Printed, path: &Path) -> anyhow::Result<()> {
    binder::fsutil::write_atomic(path, &printed.bytes, true)
        .with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!(
        "wrote {} ({} page(s), {} KiB; plaintext: keep it safe or delete it)",
        path.display(),
        printed.pages,
        printed.bytes.len().div_ceil(1024)
    );
    if let Some(report) = printed.missing_report() {
        eprintln!("warning: some characters could not be printed:\n{report}");
    }
    Ok(())
}

/// The phone copy: set up (asking for its passphrase) or rewritten where it was asked for.
fn export_pocket(
    ctx: &Ctx,
    output: PathBuf,
    new_passphrase: bool,
    stop: bool,
) -> anyhow::Result<()> {
    use binder::pocket;
    if stop {
        pocket::stop(&ctx.binder)?;
        eprintln!(
            "the phone copy is no longer kept fresh; {} stays as it is (delete it if you want)",
            output.display()
        );
        return Ok(());
    }
    let b = ctx.open(Mode::Read)?;
    let existing = pocket::settings(b.path())?;
    let settings = match existing {
        Some(mut s) if !new_passphrase => {
            s.target = output.clone();
            s
        }
        _ => {
            let passphrase = crate::ctx::read_secret(
                None,
                "BINDER_POCKET_PASSPHRASE",
                "Passphrase for the phone copy (it may differ from this laptop's): ",
                true,
            )?;
            pocket::set_up(&b, &passphrase, &output)?;
            eprintln!(
                "wrote {} — open it on your phone; it is rewritten on every save and sync, without asking for this passphrase again",
                output.display()
            );
            return Ok(());
        }
    };
    // Same key, perhaps a new place: keep the settings and write the copy.
    let html = pocket::page(&b, &settings)?;
    binder::fsutil::write_atomic(&output, html.as_bytes(), false)
        .with_context(|| format!("cannot write {}", output.display()))?;
    let path = pocket::settings_path(b.path());
    binder::fsutil::write_atomic(
        &path,
        serde_json::to_vec_pretty(&settings)?.as_slice(),
        true,
    )
    .with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!(
        "wrote {} (kept fresh on every save and sync)",
        output.display()
    );
    Ok(())
}

pub(crate) fn export(ctx: &Ctx, format: ExportFormat) -> anyhow::Result<()> {
    match format {
        ExportFormat::Pocket {
            output,
            new_passphrase,
            stop,
        } => export_pocket(ctx, output, new_passphrase, stop),
        ExportFormat::File(file) => export_file(&ctx.open(Mode::Read)?, file),
    }
}

fn export_file(b: &Binder, format: FileExport) -> anyhow::Result<()> {
    match format {
        FileExport::Pdf { output, paper } => write_printed(
            &binder::pdf::binder_pdf(b, &print_options(b, paper))?,
            &output,
        ),
        FileExport::WalletCard { output, paper } => write_printed(
            &binder::pdf::wallet_card(b, &print_options(b, paper))?,
            &output,
        ),
        FileExport::Json { output } => write_export(
            format!("{}\n", b.export_json()?).as_bytes(),
            output.as_deref(),
        ),
        FileExport::Ical { output, on } => {
            let today = on.unwrap_or_else(|| chrono::Local::now().date_naive());
            write_export(
                binder::ical::export(b, today, chrono::Utc::now())?.as_bytes(),
                output.as_deref(),
            )
        }
        FileExport::Csv { kind, output, bom } => {
            write_export(&binder::csvio::export(b, &kind, bom)?, output.as_deref())
        }
        FileExport::Vcard {
            output,
            split: None,
        } => write_export(binder::vcard::export(b)?.as_bytes(), output.as_deref()),
        FileExport::Vcard {
            split: Some(dir), ..
        } => {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let contacts = b.list("contact", false)?;
            for c in &contacts {
                let slug: String = c
                    .title()
                    .chars()
                    .map(|ch| if ch.is_alphanumeric() { ch } else { '-' })
                    .collect();
                let path = dir.join(format!("{}-{}.vcf", slug.trim_matches('-'), c.id));
                binder::fsutil::write_atomic(
                    &path,
                    binder::vcard::write(std::slice::from_ref(c)).as_bytes(),
                    true,
                )
                .with_context(|| format!("cannot write {}", path.display()))?;
            }
            eprintln!(
                "wrote {} vCard file(s) to {} (plaintext: keep them safe)",
                contacts.len(),
                dir.display()
            );
            Ok(())
        }
    }
}

pub(crate) fn read_input(file: &Path) -> anyhow::Result<Vec<u8>> {
    if file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes)?;
        return Ok(bytes);
    }
    std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))
}

pub(crate) fn import(ctx: &Ctx, format: ImportFormat) -> anyhow::Result<()> {
    /// What the records come from.
    enum Source<'a> {
        Json,
        Vcard,
        Csv(&'a str),
    }
    let (file, source) = match &format {
        ImportFormat::Json { file } => (file, Source::Json),
        ImportFormat::Vcard { file } => (file, Source::Vcard),
        ImportFormat::Csv { file, kind } => (file, Source::Csv(kind)),
        ImportFormat::Plan(PlanImport::Plan {
            file,
            dry_run,
            with_inferred,
            leave_out,
            read_as,
            map,
        }) => {
            // No --read-as or --map: read it as the founder said the last time.
            let said = (!read_as.is_empty() || !map.is_empty())
                .then(|| binder::planimport::Corrections::from_args(read_as, map))
                .transpose()?;
            let choice = PlanChoice {
                dry_run: *dry_run,
                with_inferred: *with_inferred,
                leave_out,
                said,
            };
            return import_plan(ctx, file, choice);
        }
    };
    let bytes = read_input(file)?;
    let mut b = ctx.open(Mode::Write)?;
    let report = match source {
        Source::Vcard => binder::vcard::import(&mut b, &bytes)?,
        Source::Csv(kind) => binder::csvio::import(&mut b, kind, &bytes)?,
        Source::Json => {
            b.import_json(std::str::from_utf8(&bytes).context("the JSON file is not UTF-8 text")?)?
        }
    };
    let vcard = !matches!(source, Source::Json);
    b.save()?;
    ctx.output(&report, |report| {
        if vcard {
            println!(
                "imported: {} record(s) created, {} updated",
                report.created, report.updated
            );
        } else {
            println!(
                "imported: {} change set(s) merged ({} already present), {} record(s) created, {} updated",
                report.changes_added, report.changes_already_present, report.created, report.updated
            );
        }
        for r in &report.changes_rejected {
            println!("rejected: {r}");
        }
        for s in report.skipped.iter().chain(&report.notes) {
            println!("note: {s}");
        }
    })
}

/// What the person chose for a plan import.
pub(crate) struct PlanChoice<'a> {
    dry_run: bool,
    with_inferred: bool,
    leave_out: &'a [String],
    /// What --read-as and --map said; none: what was said the last time.
    said: Option<binder::planimport::Corrections>,
}

pub(crate) fn import_plan(
    ctx: &Ctx,
    file: &std::path::Path,
    choice: PlanChoice,
) -> anyhow::Result<()> {
    use binder::planimport::corrections_for;
    let PlanChoice {
        dry_run,
        with_inferred,
        leave_out,
        said,
    } = choice;
    let bytes = read_input(file)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (report, counts) = if dry_run {
        let b = ctx.open(Mode::Read)?;
        let corrections = corrections_for(&b, &name, said);
        (
            binder::planimport::preview_corrected(&b, &name, &bytes, &corrections)?,
            None,
        )
    } else {
        let mut b = ctx.open(Mode::Write)?;
        let corrections = corrections_for(&b, &name, said);
        let (report, counts) = binder::planimport::import_with(
            &mut b,
            &name,
            &bytes,
            leave_out,
            with_inferred,
            &corrections,
        )?;
        b.save()?;
        (report, Some(counts))
    };
    if ctx.json {
        return ctx.print_json(&serde_json::json!({ "plan": report, "imported": counts }));
    }
    println!(
        "{} ({}){}",
        file.display(),
        report.format,
        report
            .title
            .as_deref()
            .map(|t| format!(": {t}"))
            .unwrap_or_default()
    );
    for e in &report.entries {
        println!("{}", entry_line(e, dry_run));
    }
    if dry_run {
        print_blocks(&report);
    }
    for note in &report.notes {
        println!("note: {note}");
    }
    let summary = kinds_counted(&report);
    match counts {
        Some(c) => println!(
            "imported: {summary}; {} record(s) created, {} updated",
            c.created, c.updated
        ),
        None => println!("would import: {summary} (dry run: nothing written)"),
    }
    Ok(())
}

/// One line of the import report: where, what it became, what it changes, how sure.
fn entry_line(e: &binder::planimport::ReportEntry, dry_run: bool) -> String {
    use binder::planimport::Confidence;
    let what = if e.kind == "text" {
        "kept as text".to_string()
    } else {
        e.kind.clone()
    };
    let new = match &e.changes {
        _ if e.kind == "text" || e.new => String::new(),
        Some(c) if c.is_empty() => " (already so: no change)".into(),
        Some(c) => format!(" (changes {})", c.join(", ")),
        None => " (updates the existing one)".into(),
    };
    let how = match e.confidence {
        Confidence::Sure => String::new(),
        Confidence::Likely => " (likely)".into(),
        Confidence::Inferred if dry_run => " (inferred: left out unless --with-inferred)".into(),
        Confidence::Inferred => " (inferred)".into(),
    };
    let key = match (&e.key, dry_run) {
        (Some(k), true) => format!(" [{k}]"),
        _ => String::new(),
    };
    format!(
        "  line {:>4}  {what:<12} {}{new} — {}{how}{key}",
        e.line, e.title, e.detail
    )
}

/// How many of each kind the report holds, in words ("3 contacts, 1 level, 2 parts kept as
/// text").
fn kinds_counted(report: &binder::planimport::PlanReport) -> String {
    let mut kinds: Vec<&str> = report.entries.iter().map(|e| e.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds
        .iter()
        .map(|k| {
            let n = report.count(k);
            let name = match binder::catalog::kind(k) {
                Ok(kind) if n == 1 => kind.label.to_lowercase(),
                Ok(kind) => kind.plural.to_lowercase(),
                Err(_) => format!("part{} kept as text", if n == 1 { "" } else { "s" }),
            };
            format!("{n} {name}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The blocks a --read-as or --map can name, each with how it was read.
fn print_blocks(report: &binder::planimport::PlanReport) {
    let shown = &report.blocks;
    if shown.is_empty() {
        return;
    }
    println!("blocks (read one otherwise with --read-as LINE=KIND, --map LINE=COLUMN:FIELD,…):");
    for b in shown {
        let columns = b
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let field = b.fields.get(i).cloned().flatten();
                format!("{c}→{}", field.as_deref().unwrap_or("-"))
            })
            .collect::<Vec<_>>()
            .join(", ");
        let first = b.text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let first: String = first.trim().chars().take(50).collect();
        let how = if b.corrected { " (as you said)" } else { "" };
        let columns = if columns.is_empty() {
            String::new()
        } else {
            format!(" [{columns}]")
        };
        println!(
            "  line {:>4}  {:<6} read as {}{how}{columns} — {first}",
            b.line, b.shape, b.read_as
        );
    }
}
