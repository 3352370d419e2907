//! The dependency map's layout on a large plan — 200 boxes and 400 links (60 functions, 100
//! systems, 40 vendors) — against the real alternative, Graphviz `dot` laying out the same graph
//! (`dot -Tplain`, ranks fixed as the map's columns), in the same run; and the whole map read
//! from a binder of that size (records read, needs followed, laid out).
//!
//! Run: `cargo bench --bench impact` (needs `dot`: apt install graphviz). Prints a Markdown table.

mod common;

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::Instant;

use binder::impact::layout::{Graph, Node, layout};
use binder::{Binder, Keys};
use common::{median, ms, time};

const FUNCTIONS: usize = 60;
const SYSTEMS: usize = 100;
const VENDORS: usize = 40;
const LINKS: usize = 400;

/// A deterministic spread of numbers (no crate needed for a benchmark's shuffle).
fn lcg(seed: &mut u64) -> usize {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (*seed >> 33) as usize
}

/// The graph: every system on one vendor; the rest of the 400 links from functions to systems,
/// vendors and each other's systems, spread by a fixed seed.
fn graph() -> Graph {
    let mut nodes = Vec::new();
    for (count, layer, width) in [
        (FUNCTIONS, 0, 180.0),
        (SYSTEMS, 1, 160.0),
        (VENDORS, 2, 150.0),
    ] {
        for _ in 0..count {
            nodes.push(Node {
                layer,
                width,
                height: 40.0,
            });
        }
    }
    let mut edges = Vec::new();
    let mut seed = 7u64;
    for s in 0..SYSTEMS {
        edges.push((
            FUNCTIONS + s,
            FUNCTIONS + SYSTEMS + lcg(&mut seed) % VENDORS,
        ));
    }
    while edges.len() < LINKS {
        let f = lcg(&mut seed) % FUNCTIONS;
        let to = if lcg(&mut seed).is_multiple_of(5) {
            FUNCTIONS + SYSTEMS + lcg(&mut seed) % VENDORS
        } else {
            FUNCTIONS + lcg(&mut seed) % SYSTEMS
        };
        if !edges.contains(&(f, to)) {
            edges.push((f, to));
        }
    }
    Graph { nodes, edges }
}

/// The same graph in Graphviz's language: left to right, a rank per column, boxes of the same
/// size (in inches at 72 points).
fn dot_source(g: &Graph) -> String {
    let mut s = String::from("digraph map { rankdir=LR; node [shape=box, fixedsize=true];\n");
    for (i, n) in g.nodes.iter().enumerate() {
        let _ = writeln!(
            s,
            "n{i} [width={:.3}, height={:.3}];",
            n.width / 72.0,
            n.height / 72.0
        );
    }
    for layer in 0..3 {
        let members: Vec<String> = (0..g.nodes.len())
            .filter(|&i| g.nodes[i].layer == layer)
            .map(|i| format!("n{i}"))
            .collect();
        let _ = writeln!(s, "{{ rank=same; {} }}", members.join("; "));
    }
    for (a, b) in &g.edges {
        let _ = writeln!(s, "n{a} -> n{b};");
    }
    s.push_str("}\n");
    s
}

fn dot(source: &str) -> std::time::Duration {
    let start = Instant::now();
    let mut child = Command::new("dot")
        .arg("-Tplain")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("dot runs (apt install graphviz)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(source.as_bytes())
        .expect("dot reads the graph");
    let out = child.wait_with_output().expect("dot finishes");
    assert!(out.status.success(), "dot failed");
    start.elapsed()
}

/// A binder holding the same plan as records: functions, systems on vendors, links.
fn binder_of(g: &Graph, dir: &std::path::Path) -> Binder {
    let mut b = Binder::create(
        &dir.join("map.binder"),
        Keys::generate("Bench"),
        binder::Start::Empty,
    )
    .expect("binder");
    let add = |b: &mut Binder, kind: &str, fields: Vec<(&str, String)>| {
        let inputs: Vec<(String, String)> = fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        b.add(kind, &inputs).expect("record")
    };
    let mut ids = Vec::new();
    for v in 0..VENDORS {
        ids.push((
            FUNCTIONS + SYSTEMS + v,
            add(&mut b, "vendor", vec![("name", format!("Vendor {v}"))]),
        ));
    }
    let vendor_of: std::collections::HashMap<usize, usize> = g
        .edges
        .iter()
        .filter(|(a, _)| *a >= FUNCTIONS)
        .map(|&(a, b)| (a, b))
        .collect();
    for s in 0..SYSTEMS {
        let vendor = ids
            .iter()
            .find(|(i, _)| *i == vendor_of[&(FUNCTIONS + s)])
            .map(|(_, id)| id.clone())
            .unwrap_or_default();
        let id = add(
            &mut b,
            "dependency",
            vec![
                ("system", format!("System {s}")),
                ("vendor", vendor),
                ("recovers_in", "4 hours".into()),
            ],
        );
        ids.push((FUNCTIONS + s, id));
    }
    for f in 0..FUNCTIONS {
        let rto = ["1 hour", "4 hours", "1 day", "3 days"][f % 4];
        let id = add(
            &mut b,
            "objective",
            vec![("function", format!("Function {f}")), ("rto", rto.into())],
        );
        ids.push((f, id));
    }
    let id_of = |n: usize| {
        ids.iter()
            .find(|(i, _)| *i == n)
            .map(|(_, id)| id.clone())
            .unwrap_or_default()
    };
    for &(a, to) in g.edges.iter().filter(|(a, _)| *a < FUNCTIONS) {
        let field = if to >= FUNCTIONS + SYSTEMS {
            "vendor"
        } else {
            "system"
        };
        add(
            &mut b,
            "link",
            vec![("function", id_of(a)), (field, id_of(to))],
        );
    }
    b
}

fn main() {
    let g = graph();
    let source = dot_source(&g);
    let mut rows = Vec::new();
    for round in 0..3 {
        let ours = time(9, || layout(&g));
        let theirs = median((0..9).map(|_| dot(&source)).collect());
        rows.push((round, ours, theirs));
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let b = binder_of(&g, dir.path());
    let whole = time(9, || {
        binder::impact::Analysis::read(&b)
            .expect("analysis")
            .map(None)
    });
    let placed = layout(&g);
    println!(
        "graph: {} boxes, {} links; drawing {:.0} × {:.0}\n",
        g.nodes.len(),
        g.edges.len(),
        placed.width,
        placed.height
    );
    println!("| measure | run 1 | run 2 | run 3 |\n|---|---|---|---|");
    let cells = |f: &dyn Fn(&(usize, std::time::Duration, std::time::Duration)) -> String| {
        rows.iter().map(f).collect::<Vec<_>>().join(" | ")
    };
    println!(
        "| layout (200 boxes, 400 links) | {} |",
        cells(&|r| ms(r.1))
    );
    println!(
        "| Graphviz `dot -Tplain`, same graph, same run (includes process start) | {} |",
        cells(&|r| ms(r.2))
    );
    println!(
        "| **ratio dot / layout** | {} |",
        cells(&|r| format!("**{:.1}×**", r.2.as_secs_f64() / r.1.as_secs_f64()))
    );
    println!(
        "| the whole map from the binder (read records, follow needs, lay out) | {} | | |",
        ms(whole)
    );
}
