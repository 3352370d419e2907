//! The business impact analysis on paper: the impact grid (functions × time points, the worst
//! rating of each cell, intolerable cells marked) and the dependency map drawn as vector boxes
//! and lines, scaled to fit a page — the same layout the app shows.

use super::super::super::layout::scale::SMALL;
use super::super::super::layout::{Face, Flow, Ink, Span, Style, width};
use super::super::super::parts::columns;
use super::TocEntry;
use crate::Result;
use crate::plan::binder::Binder;
use crate::plan::impact::{Analysis, DependencyMap, ImpactGrid, MapNode};

/// The smallest a map is printed at: a larger one is printed a function at a time rather than
/// shrink its names past reading.
const MIN_SCALE: f32 = 0.45;

/// Prints the grid and the map, when the plan has business functions.
pub(super) fn impact_pages(flow: &mut Flow, b: &Binder, toc: &mut Vec<TocEntry>) -> Result<()> {
    let analysis = Analysis::read(b)?;
    if analysis.functions.is_empty() {
        return Ok(());
    }
    chapter(
        flow,
        toc,
        ("Business impact", 0),
        "The worst impact rated for each function after each time; ✕ marks an intolerable impact. A function's MTPD is the first time marked intolerable (or as the plan states it); its RTO must be shorter.",
    );
    grid_table(flow, &analysis.grid());
    let map = analysis.map(None);
    if !map.edges.is_empty() {
        chapter(
            flow,
            toc,
            ("Dependency map", 1),
            "Functions (left) → the systems, sites, data and roles they depend on → the vendors behind them. Shading: how soon it is needed back (darkest: within an hour). Heavy lines: a critical function's path. Dashed red: recovers slower than needed.",
        );
        if scale_on_page(flow, &map).is_some() {
            draw_map(flow, &map);
        } else {
            // Too big for one sheet: each function's own map, one after another.
            flow.say(
                "The whole map is too large for one page: each function's map follows.",
                Style::CAPTION,
            );
            for f in &analysis.functions {
                let one = analysis.map(Some(&f.id));
                if one.edges.is_empty() {
                    continue;
                }
                let scale = (flow.text_width() / one.width as f32).clamp(MIN_SCALE, 1.0);
                flow.ensure(one.height as f32 * scale + 30.0);
                flow.say(f.name.clone(), Style::BODY.bold());
                draw_map(flow, &one);
            }
        }
    }
    Ok(())
}

/// The scale a map is drawn at to fit the page's width and the room left on it, if that is no
/// less than [`MIN_SCALE`].
fn scale_on_page(flow: &Flow, map: &DependencyMap) -> Option<f32> {
    let scale = (flow.text_width() / map.width as f32)
        .min(flow.room().max(1.0) / map.height as f32)
        .min(1.0);
    (scale >= MIN_SCALE).then_some(scale)
}

/// A page of its own: the title (in the contents at `level`) and what the page shows.
fn chapter(flow: &mut Flow, toc: &mut Vec<TocEntry>, (title, level): (&str, usize), caption: &str) {
    flow.new_page();
    flow.context = format!("the {}", title.to_lowercase());
    toc.push(TocEntry::here(flow, title, level));
    flow.heading(title, Style::CHAPTER, 40.0);
    flow.say(caption, Style::CAPTION);
    flow.space(5.0);
}

/// The grid as a table.
fn grid_table(flow: &mut Flow, grid: &ImpactGrid) {
    let mut spec: Vec<(&str, f32)> = vec![("Function", 2.4), ("RTO", 1.1), ("MTPD", 1.1)];
    for p in &grid.points {
        spec.push((p.label.as_str(), 1.0));
    }
    let rows: Vec<Vec<Vec<Span>>> = grid
        .rows
        .iter()
        .map(|row| {
            let f = &row.function;
            let mut name = vec![Span::new(f.name.clone(), Face::Bold)];
            if !f.impact.is_empty() {
                name.push(Span::new(format!("\n{}", f.impact), Face::Regular));
            }
            let mut cells = vec![
                name,
                vec![Span::new(dash(&f.rto), Face::Regular)],
                vec![Span::new(dash(&f.mtpd), Face::Regular)],
            ];
            if let (Some(rto), Some(mtpd)) = (f.rto_minutes, f.mtpd_minutes)
                && rto > mtpd
            {
                cells[2].push(Span::new("\nRTO is longer", Face::Bold));
            }
            for c in &row.cells {
                let face = if c.intolerable {
                    Face::Bold
                } else {
                    Face::Regular
                };
                let text = match (c.worst.is_empty(), c.intolerable) {
                    (true, false) => "·".to_string(),
                    (true, true) => "✕".to_string(),
                    (false, true) => format!("{} ✕", c.worst),
                    (false, false) => c.worst.clone(),
                };
                cells.push(vec![Span::new(text, face)]);
            }
            cells
        })
        .collect();
    flow.table(&columns(&spec), &rows, SMALL);
}

fn dash(text: &str) -> String {
    if text.is_empty() {
        "—".into()
    } else {
        text.to_string()
    }
}

/// The fill of a box by how soon it is needed back: darker is sooner (it prints in grey too).
fn shade(band: &str) -> Ink {
    match band {
        "hour" => Ink(0.96, 0.72, 0.68),
        "day" => Ink(0.98, 0.85, 0.68),
        "week" => Ink(0.97, 0.94, 0.72),
        "longer" => Ink(0.84, 0.93, 0.84),
        _ => Ink(0.93, 0.92, 0.9),
    }
}

/// The map, scaled to the page's width and the room left on it (never below [`MIN_SCALE`]:
/// a single function's map taller than a page at that scale runs past its foot).
fn draw_map(flow: &mut Flow, map: &DependencyMap) {
    let left = flow.left();
    let scale = scale_on_page(flow, map).unwrap_or(MIN_SCALE);
    let top = flow.y;
    let at = |x: f64, y: f64| (left + x as f32 * scale, top + y as f32 * scale);
    let page = flow.page();
    for e in &map.edges {
        let (thickness, ink) = match (e.slow, e.critical) {
            (true, _) => (1.4, Ink::ACCENT),
            (false, true) => (1.6, Ink::TEXT),
            (false, false) => (0.6, Ink::LINE),
        };
        for pair in e.points.windows(2) {
            let (x1, y1) = at(pair[0][0], pair[0][1]);
            let (x2, y2) = at(pair[1][0], pair[1][1]);
            flow.line_on(
                page,
                x1,
                y1,
                x2,
                y2,
                thickness * scale.max(0.6),
                ink,
                e.slow,
            );
        }
        if let Some(end) = e.points.last() {
            let (x, y) = at(end[0], end[1]);
            let s = 3.5 * scale.max(0.6);
            flow.line_on(page, x - s, y - s, x, y, thickness, ink, false);
            flow.line_on(page, x - s, y + s, x, y, thickness, ink, false);
        }
    }
    for n in &map.nodes {
        draw_node(flow, n, scale, &at);
    }
    flow.y = top + map.height as f32 * scale + 8.0;
    if !map.unlinked.is_empty() {
        flow.say(
            format!("Nothing recorded yet for: {}.", map.unlinked.join(", ")),
            Style::CAPTION,
        );
    }
}

/// One box: shaded, outlined (heavier for a critical one), its name in bold and the line under
/// it, each line shrunk to fit the box when the font runs wider than the layout guessed.
fn draw_node(flow: &mut Flow, n: &MapNode, scale: f32, at: &dyn Fn(f64, f64) -> (f32, f32)) {
    let (x, y) = at(n.rect.x, n.rect.y);
    let (w, h) = (n.rect.w as f32 * scale, n.rect.h as f32 * scale);
    let stroke = if n.critical {
        (Ink::TEXT, 1.4)
    } else {
        (Ink::MUTED, 0.6)
    };
    flow.rect(x, y, w, h, Some(shade(&n.band)), Some(stroke));
    let pad = 7.0 * scale;
    let fit = |text: &str, face: Face, size: f32| {
        let wide = width(face, text, size);
        if wide > w - 2.0 * pad {
            size * (w - 2.0 * pad) / wide
        } else {
            size
        }
    };
    let mut baseline = y + 16.0 * scale;
    for line in &n.lines {
        let size = fit(line, Face::Bold, 10.0 * scale);
        flow.text(x + pad, baseline, line, Style::text(size).bold());
        baseline += 14.0 * scale;
    }
    if !n.sub.is_empty() {
        let size = fit(&n.sub, Face::Regular, 8.0 * scale);
        flow.text(x + pad, baseline, &n.sub, Style::text(size).ink(Ink::MUTED));
    }
}
