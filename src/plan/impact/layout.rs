//! A layered layout for the dependency map: columns left to right (functions, then what they
//! depend on, then vendors), the order within each column chosen to cross few edges, and each
//! box pulled level with what it connects to without ever overlapping another.
//!
//! Written here rather than taken from a graph layout crate because the layers are given by
//! what each node is (a function, a system, a vendor), so the hard part of a general layered
//! layout — choosing layers, breaking cycles — is not needed, and the binder needs the boxes
//! and edge routes themselves (to draw them as SVG in the app and as vector paths in the PDF),
//! not a rendered picture. The steps are the textbook ones (Sugiyama et al.): long edges split
//! into one waypoint per column they cross, barycentre sweeps to reduce crossings keeping the
//! best order found, then each column's positions set by isotonic regression (pool adjacent
//! violators) towards the mean of each box's neighbours, which is the closest placement to
//! those wishes that keeps the boxes apart.

use serde::Serialize;

/// Horizontal space between columns, for the edges.
pub const GAP_X: f64 = 64.0;
/// Vertical space between boxes in a column.
pub const GAP_Y: f64 = 12.0;
/// Space around the whole map.
pub const MARGIN: f64 = 8.0;
/// The height a long edge takes where it crosses a column.
const WAYPOINT: f64 = 2.0;
/// Crossing-reduction sweeps.
const SWEEPS: usize = 12;
/// Placement rounds.
const ROUNDS: usize = 8;

/// A box to place.
#[derive(Debug, Clone, Copy)]
pub struct Node {
    /// Its column, 0 first.
    pub layer: usize,
    /// Its width.
    pub width: f64,
    /// Its height.
    pub height: f64,
}

/// What to lay out: boxes and the edges between them (by index into `nodes`).
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// The boxes.
    pub nodes: Vec<Node>,
    /// The edges, from one box to another.
    pub edges: Vec<(usize, usize)>,
}

/// A placed box.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// The laid-out graph: a box per node, a polyline per edge (from the source box's side to the
/// target box's side, in input order), and the size of the whole.
#[derive(Debug, Clone)]
pub struct Placed {
    /// A box per node.
    pub boxes: Vec<Rect>,
    /// A route per edge.
    pub routes: Vec<Vec<(f64, f64)>>,
    /// Total width.
    pub width: f64,
    /// Total height.
    pub height: f64,
}

/// One slot in a column: a box, or the waypoint of a long edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Slot {
    Box(usize),
    Waypoint(usize),
}

/// The layered graph being placed: each column's slots in order, and the segments between
/// neighbouring columns.
struct Layered {
    columns: Vec<Vec<Slot>>,
    heights: Vec<Vec<f64>>,
    /// Segments from column `l` to `l + 1`, as (slot index in l, slot index in l + 1) pairs,
    /// recomputed from `chains` after each reordering.
    chains: Vec<Vec<(usize, Slot)>>,
}

impl Layered {
    /// Positions of each chain's consecutive slots between columns `l` and `l + 1`.
    fn segments(&self, l: usize) -> Vec<(usize, usize)> {
        let index: std::collections::HashMap<Slot, usize> = self.columns[l]
            .iter()
            .enumerate()
            .map(|(i, s)| (*s, i))
            .collect();
        let next: std::collections::HashMap<Slot, usize> = self.columns[l + 1]
            .iter()
            .enumerate()
            .map(|(i, s)| (*s, i))
            .collect();
        let mut out = Vec::new();
        for chain in &self.chains {
            for pair in chain.windows(2) {
                let ((la, a), (lb, b)) = (pair[0], pair[1]);
                if la == l
                    && lb == l + 1
                    && let (Some(i), Some(j)) = (index.get(&a), next.get(&b))
                {
                    out.push((*i, *j));
                }
            }
        }
        out
    }

    fn crossings(&self) -> usize {
        (0..self.columns.len().saturating_sub(1))
            .map(|l| {
                let s = self.segments(l);
                let mut n = 0;
                for (i, a) in s.iter().enumerate() {
                    for b in &s[i + 1..] {
                        if (a.0 < b.0 && a.1 > b.1) || (a.0 > b.0 && a.1 < b.1) {
                            n += 1;
                        }
                    }
                }
                n
            })
            .sum()
    }

    /// Reorders column `l` by the mean position of its neighbours in column `from`.
    fn sweep(&mut self, l: usize, from: usize) {
        let segs = if from < l {
            self.segments(from)
                .into_iter()
                .map(|(a, b)| (b, a))
                .collect::<Vec<_>>()
        } else {
            self.segments(l)
        };
        let mut keys: Vec<(f64, usize)> = (0..self.columns[l].len())
            .map(|i| {
                let near: Vec<usize> = segs.iter().filter(|s| s.0 == i).map(|s| s.1).collect();
                let key = if near.is_empty() {
                    i as f64
                } else {
                    near.iter().sum::<usize>() as f64 / near.len() as f64
                };
                (key, i)
            })
            .collect();
        keys.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let old = std::mem::take(&mut self.columns[l]);
        let old_h = std::mem::take(&mut self.heights[l]);
        self.columns[l] = keys.iter().map(|(_, i)| old[*i]).collect();
        self.heights[l] = keys.iter().map(|(_, i)| old_h[*i]).collect();
    }
}

/// The closest non-decreasing sequence to `wish` in least squares (pool adjacent violators).
fn isotonic(wish: &[f64]) -> Vec<f64> {
    let mut blocks: Vec<(f64, usize)> = Vec::new();
    for &w in wish {
        blocks.push((w, 1));
        while blocks.len() > 1 {
            let (b, nb) = blocks[blocks.len() - 1];
            let (a, na) = blocks[blocks.len() - 2];
            if a <= b {
                break;
            }
            blocks.pop();
            let merged = (a * na as f64 + b * nb as f64) / (na + nb) as f64;
            if let Some(last) = blocks.last_mut() {
                *last = (merged, na + nb);
            }
        }
    }
    blocks
        .into_iter()
        .flat_map(|(v, n)| std::iter::repeat_n(v, n))
        .collect()
}

/// Tops for a column's slots of `heights`, as near as possible to the wished centres while
/// keeping [`GAP_Y`] between them.
fn place_column(heights: &[f64], centres: &[f64]) -> Vec<f64> {
    let mut offset = 0.0;
    let mut offsets = Vec::with_capacity(heights.len());
    for h in heights {
        offsets.push(offset);
        offset += h + GAP_Y;
    }
    let wish: Vec<f64> = centres
        .iter()
        .zip(heights)
        .zip(&offsets)
        .map(|((c, h), o)| c - h / 2.0 - o)
        .collect();
    isotonic(&wish)
        .into_iter()
        .zip(&offsets)
        .map(|(z, o)| z + o)
        .collect()
}

/// Lays out `graph`. Edges between nodes of the same column go out to its right and back.
pub fn layout(graph: &Graph) -> Placed {
    let mut g = layered(graph);
    order(&mut g);
    let tops = positions(&g);
    let layers = g.columns.len();
    let mut widths = vec![0.0f64; layers];
    for n in &graph.nodes {
        widths[n.layer] = widths[n.layer].max(n.width);
    }
    let mut lefts = Vec::with_capacity(layers);
    let mut x = MARGIN;
    for w in &widths {
        lefts.push(x);
        x += w + GAP_X;
    }
    let columns = Columns { lefts, widths };
    let (boxes, waypoints, height) = boxes(graph, &g, &tops, &columns);
    let routes = graph
        .edges
        .iter()
        .enumerate()
        .map(|(e, &edge)| route(graph, &boxes, &columns, &waypoints, e, edge))
        .collect();
    Placed {
        boxes,
        routes,
        width: (x - GAP_X + MARGIN).max(2.0 * MARGIN),
        height,
    }
}

/// Where each column starts and how wide it is.
struct Columns {
    lefts: Vec<f64>,
    widths: Vec<f64>,
}

/// The graph as columns of slots, each long edge given a waypoint in every column it crosses.
fn layered(graph: &Graph) -> Layered {
    let layers = graph.nodes.iter().map(|n| n.layer + 1).max().unwrap_or(0);
    let mut columns: Vec<Vec<Slot>> = vec![Vec::new(); layers];
    let mut heights: Vec<Vec<f64>> = vec![Vec::new(); layers];
    for (i, n) in graph.nodes.iter().enumerate() {
        columns[n.layer].push(Slot::Box(i));
        heights[n.layer].push(n.height);
    }
    let mut chains = Vec::new();
    for (e, &(a, b)) in graph.edges.iter().enumerate() {
        let (la, lb) = (graph.nodes[a].layer, graph.nodes[b].layer);
        let (lo, hi, first, last) = if la <= lb {
            (la, lb, a, b)
        } else {
            (lb, la, b, a)
        };
        let mut chain = vec![(lo, Slot::Box(first))];
        for l in lo + 1..hi {
            columns[l].push(Slot::Waypoint(e));
            heights[l].push(WAYPOINT);
            chain.push((l, Slot::Waypoint(e)));
        }
        if hi > lo {
            chain.push((hi, Slot::Box(last)));
        }
        chains.push(chain);
    }
    Layered {
        columns,
        heights,
        chains,
    }
}

/// Waypoint heights by (edge, column).
type Waypoints = std::collections::HashMap<(usize, usize), f64>;

/// Each node's box, centred in its column at its slot's top; each waypoint's height; and the
/// height of the whole.
fn boxes(
    graph: &Graph,
    g: &Layered,
    tops: &[Vec<f64>],
    c: &Columns,
) -> (Vec<Rect>, Waypoints, f64) {
    let mut boxes = vec![
        Rect {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: 0.0
        };
        graph.nodes.len()
    ];
    let mut waypoints = Waypoints::new();
    let mut height: f64 = 2.0 * MARGIN;
    for (l, column) in g.columns.iter().enumerate() {
        for (i, slot) in column.iter().enumerate() {
            let top = tops[l][i];
            height = height.max(top + g.heights[l][i] + MARGIN);
            match *slot {
                Slot::Box(n) => {
                    let node = graph.nodes[n];
                    boxes[n] = Rect {
                        x: c.lefts[l] + (c.widths[l] - node.width) / 2.0,
                        y: top,
                        w: node.width,
                        h: node.height,
                    };
                }
                Slot::Waypoint(e) => {
                    waypoints.insert((e, l), top + WAYPOINT / 2.0);
                }
            }
        }
    }
    (boxes, waypoints, height)
}

/// The best order found by barycentre sweeps, down and up, by the number of crossings.
fn order(g: &mut Layered) {
    let layers = g.columns.len();
    let mut best = (g.crossings(), g.columns.clone(), g.heights.clone());
    for _ in 0..SWEEPS {
        if best.0 == 0 {
            break;
        }
        for l in 1..layers {
            g.sweep(l, l - 1);
        }
        for l in (0..layers.saturating_sub(1)).rev() {
            g.sweep(l, l + 1);
        }
        let c = g.crossings();
        if c < best.0 {
            best = (c, g.columns.clone(), g.heights.clone());
        }
    }
    g.columns = best.1;
    g.heights = best.2;
    transpose(g);
}

/// Swaps neighbours in a column while that crosses fewer edges (the "transpose" step of
/// Gansner et al.), column by column until nothing improves.
fn transpose(g: &mut Layered) {
    let layers = g.columns.len();
    for _ in 0..SWEEPS {
        let mut improved = false;
        for l in 0..layers {
            // Each slot's neighbours' positions in the columns on either side.
            let mut near: Vec<(Vec<usize>, Vec<usize>)> =
                vec![(Vec::new(), Vec::new()); g.columns[l].len()];
            if l > 0 {
                for (a, b) in g.segments(l - 1) {
                    near[b].0.push(a);
                }
            }
            if l + 1 < layers {
                for (a, b) in g.segments(l) {
                    near[a].1.push(b);
                }
            }
            // Crossings of u's edges with v's when u is above v.
            let cross = |u: &(Vec<usize>, Vec<usize>), v: &(Vec<usize>, Vec<usize>)| {
                let side = |x: &[usize], y: &[usize]| {
                    x.iter()
                        .map(|p| y.iter().filter(|q| *q < p).count())
                        .sum::<usize>()
                };
                side(&u.0, &v.0) + side(&u.1, &v.1)
            };
            for i in 0..g.columns[l].len().saturating_sub(1) {
                if cross(&near[i], &near[i + 1]) > cross(&near[i + 1], &near[i]) {
                    g.columns[l].swap(i, i + 1);
                    g.heights[l].swap(i, i + 1);
                    near.swap(i, i + 1);
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// The top of every slot: stacked first, then pulled towards the mean centre of the slots it
/// connects to in the neighbouring columns, round after round, never overlapping.
fn positions(g: &Layered) -> Vec<Vec<f64>> {
    let layers = g.columns.len();
    let mut tops: Vec<Vec<f64>> = g
        .heights
        .iter()
        .map(|hs| {
            let mut y = MARGIN;
            hs.iter()
                .map(|h| {
                    let top = y;
                    y += h + GAP_Y;
                    top
                })
                .collect()
        })
        .collect();
    let centre = |tops: &Vec<Vec<f64>>, l: usize, i: usize| tops[l][i] + g.heights[l][i] / 2.0;
    for round in 0..ROUNDS {
        let order: Vec<usize> = if round % 2 == 0 {
            (0..layers).collect()
        } else {
            (0..layers).rev().collect()
        };
        for l in order {
            let mut near: Vec<Vec<f64>> = vec![Vec::new(); g.columns[l].len()];
            if l > 0 {
                for (a, b) in g.segments(l - 1) {
                    near[b].push(centre(&tops, l - 1, a));
                }
            }
            if l + 1 < layers {
                for (a, b) in g.segments(l) {
                    near[a].push(centre(&tops, l + 1, b));
                }
            }
            let wished: Vec<f64> = near
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    if n.is_empty() {
                        centre(&tops, l, i)
                    } else {
                        n.iter().sum::<f64>() / n.len() as f64
                    }
                })
                .collect();
            tops[l] = place_column(&g.heights[l], &wished);
        }
    }
    // Everything moved down or up together so the highest box sits at the margin.
    let least = tops.iter().flatten().copied().fold(f64::INFINITY, f64::min);
    if least.is_finite() {
        for t in tops.iter_mut().flatten() {
            *t += MARGIN - least;
        }
    }
    tops
}

/// An edge's route: out of the right side of the box in the earlier column, straight across
/// each column it passes at its waypoint's height, into the left side of the other box.
fn route(
    graph: &Graph,
    boxes: &[Rect],
    c: &Columns,
    waypoints: &Waypoints,
    e: usize,
    (a, b): (usize, usize),
) -> Vec<(f64, f64)> {
    let (lefts, widths) = (&c.lefts, &c.widths);
    let (la, lb) = (graph.nodes[a].layer, graph.nodes[b].layer);
    let mid = |r: &Rect| r.y + r.h / 2.0;
    let right = |r: &Rect| r.x + r.w;
    if la == lb {
        let (ra, rb) = (boxes[a], boxes[b]);
        let out = lefts[la] + widths[la] + GAP_X / 3.0;
        return vec![
            (right(&ra), mid(&ra)),
            (out, mid(&ra)),
            (out, mid(&rb)),
            (right(&rb), mid(&rb)),
        ];
    }
    let (lo, hi, first, last) = if la < lb {
        (la, lb, a, b)
    } else {
        (lb, la, b, a)
    };
    let (rf, rl) = (boxes[first], boxes[last]);
    let mut points = vec![(right(&rf), mid(&rf)), (lefts[lo] + widths[lo], mid(&rf))];
    for l in lo + 1..hi {
        let y = waypoints.get(&(e, l)).copied().unwrap_or(mid(&rf));
        points.push((lefts[l], y));
        points.push((lefts[l] + widths[l], y));
    }
    points.push((lefts[hi], mid(&rl)));
    points.push((rl.x, mid(&rl)));
    points.dedup();
    if la > lb {
        points.reverse();
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isotonic_regression_pools_violators() {
        assert_eq!(isotonic(&[1.0, 3.0, 2.0, 4.0]), vec![1.0, 2.5, 2.5, 4.0]);
        assert_eq!(isotonic(&[3.0, 2.0, 1.0]), vec![2.0, 2.0, 2.0]);
    }

    #[test]
    fn a_crossing_is_undone() {
        // Two functions each on their own system, given in crossed order.
        let n = |layer| Node {
            layer,
            width: 100.0,
            height: 30.0,
        };
        let graph = Graph {
            nodes: vec![n(0), n(0), n(1), n(1)],
            edges: vec![(0, 3), (1, 2)],
        };
        let placed = layout(&graph);
        let y = |i: usize| placed.boxes[i].y;
        assert_eq!(y(0) < y(1), y(3) < y(2), "{:?}", placed.boxes);
    }
}
