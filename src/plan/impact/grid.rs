//! The impact grid: functions × time points, each cell the worst rating recorded for that
//! function at that time and whether anything there is intolerable — the table founders and
//! auditors ask for, on screen and on paper.

use serde::Serialize;

use super::{Analysis, Function, minutes, severity};
use crate::catalog::IMPACT_CATEGORIES;

/// One time point of the grid.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Point {
    /// As written ("4 hours").
    pub label: String,
    /// In minutes.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub minutes: u64,
}

/// One rating recorded in a cell.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CellRating {
    /// The impact record's id.
    pub id: String,
    /// Its category.
    pub category: String,
    /// Its rating ("" when only marked tolerable or not).
    pub rating: String,
    /// Whether it is tolerable (an unmarked rating is).
    pub tolerable: bool,
    /// The time as the record writes it.
    pub after: String,
}

/// One cell: a function at a time point.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cell {
    /// The worst rating recorded here ("" when none).
    pub worst: String,
    /// Whether a rating here is marked intolerable.
    pub intolerable: bool,
    /// Whether the time point is at or past the function's MTPD.
    pub beyond_mtpd: bool,
    /// The ratings recorded here, in the catalog's category order.
    pub ratings: Vec<CellRating>,
}

/// One function's row.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GridRow {
    /// The function.
    pub function: Function,
    /// A cell per time point.
    pub cells: Vec<Cell>,
}

/// The impact grid.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImpactGrid {
    /// The time points, shortest first: the plan's (or the defaults) and any a rating uses.
    pub points: Vec<Point>,
    /// The rating categories.
    pub categories: Vec<String>,
    /// A row per function.
    pub rows: Vec<GridRow>,
}

impl Analysis {
    /// The impact grid of every function.
    pub fn grid(&self) -> ImpactGrid {
        let mut points: Vec<Point> = Vec::new();
        let written = self
            .points
            .iter()
            .cloned()
            .chain(self.ratings.values().flatten().map(|r| r.text("after")));
        for label in written {
            let Some(m) = minutes(&label) else { continue };
            if !points.iter().any(|p| p.minutes == m) {
                points.push(Point { label, minutes: m });
            }
        }
        points.sort_by_key(|p| p.minutes);
        let rows = self
            .functions
            .iter()
            .map(|f| GridRow {
                function: f.clone(),
                cells: points.iter().map(|p| self.cell(f, p.minutes)).collect(),
            })
            .collect();
        ImpactGrid {
            points,
            categories: IMPACT_CATEGORIES.iter().map(|c| c.to_string()).collect(),
            rows,
        }
    }

    fn cell(&self, f: &Function, at: u64) -> Cell {
        let mut ratings: Vec<CellRating> = self
            .ratings
            .get(&f.id)
            .into_iter()
            .flatten()
            .filter(|r| minutes(&r.text("after")) == Some(at))
            .map(|r| CellRating {
                id: r.id.clone(),
                category: r.text("category"),
                rating: r.text("rating"),
                tolerable: r.text("tolerable") != "no",
                after: r.text("after"),
            })
            .collect();
        let order = |c: &str| IMPACT_CATEGORIES.iter().position(|x| *x == c);
        ratings.sort_by_key(|r| order(&r.category));
        Cell {
            worst: ratings
                .iter()
                .filter_map(|r| severity(&r.rating).map(|s| (s, r.rating.clone())))
                .max()
                .map(|(_, r)| r)
                .unwrap_or_default(),
            intolerable: ratings.iter().any(|r| !r.tolerable),
            beyond_mtpd: f.mtpd_minutes.is_some_and(|m| at >= m),
            ratings,
        }
    }
}
