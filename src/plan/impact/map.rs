//! The dependency map: functions → the systems, sites, data and roles they depend on → the
//! vendors behind them, laid out in columns, each box coloured by the tightest time anything
//! relying on it needs it back in, the edges of critical functions emphasised, and a link
//! slower than its function needs marked. The app draws it as SVG and the PDF as vector paths,
//! both from this one description.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Analysis;
use super::layout::{self, Graph, Node, Rect};

/// Characters per line of a box's name before it wraps.
const WRAP: usize = 28;
/// Characters of the line under a name before it is cut with "…".
const SUB: usize = 40;
/// Lines of a name at most (the rest is cut with "…").
const MAX_LINES: usize = 3;
/// How wide a character of a box's name is at most, near enough (11 px bold sans-serif; the
/// PDF shrinks a line that still runs wider).
const CHAR_W: f64 = 7.0;
/// The same for the line under it (9.5 px regular).
const SUB_W: f64 = 5.6;

/// One box of the map.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MapNode {
    /// The record it stands for (click to open).
    pub id: String,
    /// Its kind: objective (a function), dependency, role or vendor.
    pub kind: String,
    /// Its name, wrapped.
    pub lines: Vec<String>,
    /// One line under the name: RTO and MTPD, a system's type and recovery time…
    pub sub: String,
    /// Where it is.
    pub rect: Rect,
    /// The tightest time (minutes) anything relying on it needs it back in.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub tightest: Option<u64>,
    /// That time as a colour band: "hour", "day", "week", "longer" or "none".
    pub band: String,
    /// Whether a critical function relies on it (or it is one).
    pub critical: bool,
}

/// One edge of the map: `from` depends on `to`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MapEdge {
    /// The record that depends.
    pub from: String,
    /// The record depended on.
    pub to: String,
    /// The route, as points.
    pub points: Vec<[f64; 2]>,
    /// Whether it is on a critical function's path.
    pub critical: bool,
    /// Whether the thing depended on recovers slower than this dependency needs.
    pub slow: bool,
}

/// The whole map.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DependencyMap {
    /// Width of the drawing.
    pub width: f64,
    /// Height of the drawing.
    pub height: f64,
    /// The boxes.
    pub nodes: Vec<MapNode>,
    /// The edges.
    pub edges: Vec<MapEdge>,
    /// The function it is filtered to, if any.
    pub focus: Option<String>,
    /// Functions (names) with no dependency recorded: on the map with nothing to their right.
    pub unlinked: Vec<String>,
}

/// A name wrapped at word boundaries into at most [`MAX_LINES`] lines of about [`WRAP`].
pub fn wrap(name: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in name.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= WRAP => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    if lines.is_empty() {
        lines.push("(untitled)".into());
    }
    lines
}

/// A box big enough for its name and the line under it.
fn node(lines: &[String], sub: &str, layer: usize) -> Node {
    let name = lines
        .iter()
        .map(|l| l.chars().count() as f64 * CHAR_W)
        .fold(0.0, f64::max);
    let under = sub.chars().count() as f64 * SUB_W;
    Node {
        layer,
        width: (name.max(under) + 24.0).clamp(110.0, 240.0),
        height: 14.0 * lines.len() as f64 + 26.0,
    }
}

/// `text` cut to [`SUB`] characters with "…".
fn cut(text: String) -> String {
    if text.chars().count() <= SUB {
        return text;
    }
    let mut short: String = text.chars().take(SUB - 1).collect();
    short.push('…');
    short
}

fn band(minutes: Option<u64>) -> &'static str {
    match minutes {
        None => "none",
        Some(m) if m <= 60 => "hour",
        Some(m) if m <= 24 * 60 => "day",
        Some(m) if m <= 7 * 24 * 60 => "week",
        Some(_) => "longer",
    }
}

/// What the map is drawn from before layout: boxes by record id with their column, and edges.
struct Plan {
    ids: Vec<String>,
    layer: Vec<usize>,
    edges: Vec<(usize, usize)>,
    index: BTreeMap<String, usize>,
}

impl Plan {
    fn node(&mut self, id: &str, layer: usize) -> usize {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        self.ids.push(id.to_string());
        self.layer.push(layer);
        self.index.insert(id.to_string(), self.ids.len() - 1);
        self.ids.len() - 1
    }

    fn edge(&mut self, a: usize, b: usize) {
        if a != b && !self.edges.contains(&(a, b)) {
            self.edges.push((a, b));
        }
    }
}

/// What follows for each box and edge from the needs: the tightest time each record is needed
/// back in, whether a critical function relies on it, and the edges slower than needed.
#[derive(Default)]
struct Marks {
    tightest: BTreeMap<String, u64>,
    critical: BTreeMap<String, bool>,
    slow: Vec<(String, String)>,
}

impl Analysis {
    /// The dependency map of every function, or of one (`focus`, a function's id).
    pub fn map(&self, focus: Option<&str>) -> DependencyMap {
        let functions: Vec<_> = self
            .functions
            .iter()
            .filter(|f| focus.is_none_or(|id| f.id == id))
            .collect();
        let (plan, marks) = self.boxes_and_edges(&functions);
        let sizes: Vec<(Vec<String>, String)> = plan
            .ids
            .iter()
            .map(|id| (wrap(&self.title(id)), cut(self.sub(id))))
            .collect();
        let graph = Graph {
            nodes: sizes
                .iter()
                .zip(&plan.layer)
                .map(|((lines, sub), &layer)| node(lines, sub, layer))
                .collect(),
            edges: plan.edges.clone(),
        };
        let placed = layout::layout(&graph);
        let nodes = plan
            .ids
            .iter()
            .zip(sizes)
            .zip(&placed.boxes)
            .map(|((id, (lines, sub)), rect)| MapNode {
                id: id.clone(),
                kind: self.kind_of(id).to_string(),
                lines,
                sub,
                rect: *rect,
                tightest: marks.tightest.get(id).copied(),
                band: band(marks.tightest.get(id).copied()).to_string(),
                critical: marks.critical.get(id).copied().unwrap_or(false),
            })
            .collect();
        let critical = |id: &String| marks.critical.get(id).copied().unwrap_or(false);
        let edges = plan
            .edges
            .iter()
            .zip(&placed.routes)
            .map(|(&(a, b), route)| {
                let (from, to) = (plan.ids[a].clone(), plan.ids[b].clone());
                MapEdge {
                    critical: critical(&from) && critical(&to),
                    slow: marks.slow.contains(&(from.clone(), to.clone())),
                    from,
                    to,
                    points: route.iter().map(|&(x, y)| [x, y]).collect(),
                }
            })
            .collect();
        DependencyMap {
            width: placed.width,
            height: placed.height,
            nodes,
            edges,
            focus: focus.map(str::to_string),
            unlinked: functions
                .iter()
                .filter(|f| !self.has_links(&f.id))
                .map(|f| f.name.clone())
                .collect(),
        }
    }

    /// The boxes (functions in the first column, what they need in the second, vendors in the
    /// third) and edges for `functions`, with the marks each gets from the needs.
    fn boxes_and_edges(&self, functions: &[&super::Function]) -> (Plan, Marks) {
        let mut plan = Plan {
            ids: Vec::new(),
            layer: Vec::new(),
            edges: Vec::new(),
            index: BTreeMap::new(),
        };
        let mut marks = Marks::default();
        for f in functions {
            plan.node(&f.id, 0);
        }
        for need in &self.needs {
            let Some(f) = functions.iter().find(|f| f.id == need.function) else {
                continue;
            };
            let from = if need.indirect {
                let system = self
                    .links
                    .get(&need.link)
                    .map(|l| l.text("system"))
                    .unwrap_or_default();
                plan.node(&system, 1)
            } else {
                plan.node(&f.id, 0)
            };
            let layer = if need.on_kind == "vendor" { 2 } else { 1 };
            let to = plan.node(&need.on, layer);
            plan.edge(from, to);
            if let Some(w) = need.within {
                let t = marks.tightest.entry(need.on.clone()).or_insert(w);
                *t = (*t).min(w);
            }
            *marks.critical.entry(need.on.clone()).or_default() |= f.critical;
            if let (Some(w), Some((r, _))) = (need.within, self.recovers_in(&need.on))
                && r > w
            {
                marks.slow.push((plan.ids[from].clone(), need.on.clone()));
            }
        }
        for f in functions {
            if let Some(m) = f.rto_minutes {
                marks.tightest.insert(f.id.clone(), m);
            }
            marks.critical.insert(f.id.clone(), f.critical);
        }
        (plan, marks)
    }

    fn kind_of(&self, id: &str) -> &str {
        if self.function(id).is_some() {
            "objective"
        } else {
            self.records.get(id).map(|r| r.kind.as_str()).unwrap_or("")
        }
    }

    /// The line under a box's name.
    fn sub(&self, id: &str) -> String {
        if let Some(f) = self.function(id) {
            let mut parts = Vec::new();
            if !f.rto.is_empty() {
                parts.push(format!("RTO {}", f.rto));
            }
            if !f.mtpd.is_empty() {
                parts.push(format!("MTPD {}", f.mtpd));
            }
            return parts.join(" · ");
        }
        let Some(r) = self.records.get(id) else {
            return String::new();
        };
        let what = match r.kind.as_str() {
            "dependency" => r.text("type"),
            "vendor" => r.text("service"),
            "role" => "role".to_string(),
            _ => String::new(),
        };
        match self.recovers_in(id) {
            Some((_, text)) if what.is_empty() => format!("back in {text}"),
            Some((_, text)) => format!("{what} · back in {text}"),
            None => what,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_wrap_at_words_and_long_ones_are_cut() {
        assert_eq!(
            wrap("Production database service"),
            ["Production database service"]
        );
        assert_eq!(
            wrap("Customer support and the ticketing desk for enterprise accounts"),
            [
                "Customer support and the",
                "ticketing desk for",
                "enterprise accounts"
            ]
        );
        assert_eq!(wrap(&"word ".repeat(40)).len(), MAX_LINES);
        assert!(wrap(&"word ".repeat(40))[2].ends_with('…'));
    }
}
