//! `binder impact`: the impact grid, rating a cell, and what each function depends on.

use anyhow::Context as _;
use binder::Mode;
use binder::impact::{Analysis, Rating};

use crate::args::ImpactAction;
use crate::ctx::Ctx;

pub(crate) fn run(ctx: &Ctx, action: Option<ImpactAction>) -> anyhow::Result<()> {
    match action.unwrap_or(ImpactAction::Grid) {
        ImpactAction::Grid => grid(ctx),
        ImpactAction::Rate {
            function,
            after,
            ratings,
        } => {
            let ratings = ratings
                .iter()
                .map(|r| rating(r))
                .collect::<anyhow::Result<Vec<_>>>()?;
            ctx.edit(|b| binder::impact::rate(b, &function, &after, &ratings))?;
            grid(ctx)
        }
        ImpactAction::Map { function } => map(ctx, function),
    }
}

/// "customers=severe!" → customers, severe, intolerable.
fn rating(arg: &str) -> anyhow::Result<Rating> {
    let (category, rest) = arg.split_once('=').with_context(|| {
        format!("\"{arg}\" is not category=rating (e.g. customers=severe, or customers=severe! for intolerable)")
    })?;
    let intolerable = rest.trim().ends_with('!');
    Ok(Rating {
        category: category.trim().to_lowercase(),
        rating: rest.trim().trim_end_matches('!').trim().to_lowercase(),
        tolerable: !intolerable,
    })
}

fn grid(ctx: &Ctx) -> anyhow::Result<()> {
    let b = ctx.open(Mode::Read)?;
    let grid = Analysis::read(&b)?.grid();
    ctx.output(&grid, |g| {
        let points: Vec<String> = g
            .points
            .iter()
            .map(|p| format!("{:<10}", p.label))
            .collect();
        println!(
            "{:<30} {:<12} {:<12} {}",
            "Function",
            "RTO",
            "MTPD",
            points.join(" ")
        );
        for row in &g.rows {
            let f = &row.function;
            let cells: Vec<String> = row
                .cells
                .iter()
                .map(|c| {
                    let mark = if c.intolerable { " ✕" } else { "" };
                    let worst = if c.worst.is_empty() { "·" } else { &c.worst };
                    format!("{:<10}", format!("{worst}{mark}"))
                })
                .collect();
            let over = match (f.rto_minutes, f.mtpd_minutes) {
                (Some(r), Some(m)) if r > m => "  RTO longer than MTPD",
                _ => "",
            };
            println!(
                "{:<30} {:<12} {:<12} {}{over}",
                f.name,
                f.rto,
                f.mtpd,
                cells.join(" ")
            );
        }
    })
}

fn map(ctx: &Ctx, function: Option<String>) -> anyhow::Result<()> {
    let b = ctx.open(Mode::Read)?;
    let analysis = Analysis::read(&b)?;
    let focus = match function {
        Some(f) => Some(
            analysis
                .functions
                .iter()
                .find(|x| x.id == f || x.name.eq_ignore_ascii_case(f.trim()))
                .map(|x| x.id.clone())
                .with_context(|| {
                    format!("no business function \"{f}\"; `binder impact` lists them")
                })?,
        ),
        None => None,
    };
    let map = analysis.map(focus.as_deref());
    ctx.output(&map, |m| {
        let title = |id: &str| analysis.title(id);
        for n in m.nodes.iter().filter(|n| n.kind == "objective") {
            println!("{}", n.lines.join(" "));
            for e in m.edges.iter().filter(|e| e.from == n.id) {
                let behind: Vec<String> = m
                    .edges
                    .iter()
                    .filter(|x| x.from == e.to)
                    .map(|x| title(&x.to))
                    .collect();
                let on = if behind.is_empty() {
                    String::new()
                } else {
                    format!(" (on {})", behind.join(", "))
                };
                let slow = if e.slow { "  SLOWER THAN NEEDED" } else { "" };
                println!("  → {}{on}{slow}", title(&e.to));
            }
        }
        if !m.unlinked.is_empty() {
            println!("Nothing recorded yet for: {}", m.unlinked.join(", "));
        }
    })
}
