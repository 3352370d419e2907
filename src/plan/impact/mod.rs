//! The business impact analysis, read from the plan: each function's impact over time and the
//! maximum tolerable period of disruption (MTPD) that follows from it, the impact grid, what
//! each function depends on (the dependency links, and the vendor behind each system), the
//! functions an incident touches, and the dependency map. A pure reading of the records: nothing
//! derived is stored, so two founders editing ratings or links merge field by field as always.
//!
//! The readiness rules that check it (RTO longer than the MTPD, a dependency slower than the
//! function needing it, single points of failure…) are in `plan::readiness`, over [`Analysis`].

mod grid;
pub mod layout;
mod map;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::Result;
use crate::catalog::{IMPACT_RATINGS, Value, duration};
use crate::log::store::Record;
use crate::plan::binder::Binder;

pub use grid::{Cell, CellRating, GridRow, ImpactGrid, Point};
pub use map::{DependencyMap, MapEdge, MapNode};

/// The time points of the impact grid when the plan names none.
pub const DEFAULT_POINTS: &[&str] = &["1 hour", "4 hours", "1 day", "3 days", "1 week"];

/// A function needs this many critical functions relying on one system or vendor without a
/// fallback before it is called a single point of failure.
pub const SPOF_FUNCTIONS: usize = 2;

/// A duration's upper bound in minutes ("0–15 minutes" → 15), as objectives are checked.
pub fn minutes(text: &str) -> Option<u64> {
    duration::parse(text).map(|(_, high)| high)
}

/// Where a function's MTPD comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum MtpdSource {
    /// The first time point an impact rating marks intolerable.
    Ratings,
    /// The MTPD field, as written, with no rating marked intolerable.
    Stated,
    /// Neither.
    Unknown,
}

/// A business function (an objective record) with what follows from its ratings.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Function {
    /// The objective's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Criticality as written ("" when not given).
    pub criticality: String,
    /// Critical or high, or — when no criticality is given — an RTO of a day or less.
    pub critical: bool,
    /// RTO as written.
    pub rto: String,
    /// Its upper bound in minutes.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub rto_minutes: Option<u64>,
    /// RPO as written.
    pub rpo: String,
    /// The MTPD: the first intolerable time point, else the stated one.
    pub mtpd: String,
    /// Its upper bound in minutes.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub mtpd_minutes: Option<u64>,
    /// Where the MTPD comes from.
    pub mtpd_from: MtpdSource,
    /// The minimum acceptable service, in words.
    pub mbco: String,
    /// The impact of its disruption, in words.
    pub impact: String,
}

/// One function's dependency on something, as the analysis follows it.
#[derive(Debug, Clone)]
pub struct Need {
    /// The link record it comes from.
    pub link: String,
    /// The function that needs it.
    pub function: String,
    /// The system, vendor or role needed (a record id).
    pub on: String,
    /// The kind of that record.
    pub on_kind: &'static str,
    /// Minutes within which the function needs it back (the link's time, else the RTO).
    pub within: Option<u64>,
    /// Whether it is needed only through a system that runs on it (a system's vendor).
    pub indirect: bool,
}

/// Everything the business impact analysis reads, gathered once.
pub struct Analysis {
    /// The functions, shortest RTO first.
    pub functions: Vec<Function>,
    /// Dependencies (systems, sites, data), vendors and roles by id.
    pub records: BTreeMap<String, Record>,
    /// Every need: each link's target, and each linked system's vendor.
    pub needs: Vec<Need>,
    /// Impact ratings by function id.
    pub ratings: BTreeMap<String, Vec<Record>>,
    /// The time points of the grid, as written in the plan (or the defaults).
    pub points: Vec<String>,
    /// The links by id, for the gaps that name them.
    pub links: BTreeMap<String, Record>,
}

fn list_of(record: &Record, field: &str) -> Vec<String> {
    match record.fields.get(field) {
        Some(Value::List(items)) => items.clone(),
        Some(Value::Text(t)) if !t.is_empty() => vec![t.clone()],
        _ => Vec::new(),
    }
}

/// How bad a rating is: its place in [`IMPACT_RATINGS`] (None when not rated).
pub fn severity(rating: &str) -> Option<usize> {
    IMPACT_RATINGS.iter().position(|r| *r == rating)
}

impl Analysis {
    /// Reads the analysis from `binder`.
    pub fn read(binder: &Binder) -> Result<Analysis> {
        let mut ratings: BTreeMap<String, Vec<Record>> = BTreeMap::new();
        for r in binder.list("impact", false)? {
            ratings.entry(r.text("function")).or_default().push(r);
        }
        let mut functions: Vec<Function> = binder
            .list("objective", false)?
            .iter()
            .map(|o| function(o, ratings.get(&o.id).map(Vec::as_slice).unwrap_or(&[])))
            .collect();
        // What hurts first comes first: the shortest RTO, then the name.
        functions.sort_by(|a, b| {
            (a.rto_minutes.unwrap_or(u64::MAX), a.name.to_lowercase())
                .cmp(&(b.rto_minutes.unwrap_or(u64::MAX), b.name.to_lowercase()))
        });
        let mut records = BTreeMap::new();
        for kind in ["dependency", "vendor", "role"] {
            for r in binder.list(kind, false)? {
                records.insert(r.id.clone(), r);
            }
        }
        let links: BTreeMap<String, Record> = binder
            .list("link", false)?
            .into_iter()
            .map(|l| (l.id.clone(), l))
            .collect();
        let points = binder
            .plan_record()?
            .map(|p| list_of(&p, "impact_points"))
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| DEFAULT_POINTS.iter().map(|p| p.to_string()).collect());
        let mut analysis = Analysis {
            functions,
            records,
            needs: Vec::new(),
            ratings,
            points,
            links,
        };
        analysis.needs = analysis.follow_links();
        Ok(analysis)
    }

    /// The function with id `id`.
    pub fn function(&self, id: &str) -> Option<&Function> {
        self.functions.iter().find(|f| f.id == id)
    }

    /// Each link's targets that exist (deleted ones are left out), and each linked system's
    /// vendor as an indirect need.
    fn follow_links(&self) -> Vec<Need> {
        let mut needs = Vec::new();
        for link in self.links.values() {
            let Some(f) = self.function(&link.text("function")) else {
                continue;
            };
            let within = minutes(&link.text("within")).or(f.rto_minutes);
            for (field, kind) in [
                ("system", "dependency"),
                ("vendor", "vendor"),
                ("role", "role"),
            ] {
                let on = link.text(field);
                let Some(target) = self.records.get(&on) else {
                    continue;
                };
                needs.push(Need {
                    link: link.id.clone(),
                    function: f.id.clone(),
                    on: on.clone(),
                    on_kind: kind,
                    within,
                    indirect: false,
                });
                let vendor = target.text("vendor");
                if kind == "dependency" && self.records.contains_key(&vendor) {
                    needs.push(Need {
                        link: link.id.clone(),
                        function: f.id.clone(),
                        on: vendor,
                        on_kind: "vendor",
                        within,
                        indirect: true,
                    });
                }
            }
        }
        needs
    }

    /// The title of record `id` (a function, dependency, vendor or role), or the id.
    pub fn title(&self, id: &str) -> String {
        self.function(id)
            .map(|f| f.name.clone())
            .or_else(|| self.records.get(id).map(Record::title))
            .unwrap_or_else(|| id.to_string())
    }

    /// The functions that depend on record `on`, directly or through a system running on it.
    pub fn dependents(&self, on: &str) -> BTreeSet<String> {
        self.needs
            .iter()
            .filter(|n| n.on == on)
            .map(|n| n.function.clone())
            .collect()
    }

    /// Whether function `id` has any link recorded.
    pub fn has_links(&self, id: &str) -> bool {
        self.links.values().any(|l| l.text("function") == id)
    }

    /// How long record `on` takes to come back, as the plan says: a system's own recovery time
    /// and a vendor's contractual one. None when the plan does not say.
    pub fn recovers_in(&self, on: &str) -> Option<(u64, String)> {
        let r = self.records.get(on)?;
        let field = match r.kind.as_str() {
            "dependency" => "recovers_in",
            "vendor" => "recovery_time",
            _ => return None,
        };
        let text = r.text(field);
        minutes(&text).map(|m| (m, text))
    }

    /// Whether record `on` has a fallback: a vendor's backup vendor; a system's workaround.
    pub fn has_fallback(&self, on: &str) -> bool {
        self.records.get(on).is_some_and(|r| match r.kind.as_str() {
            "vendor" => !r.text("backup_vendor").trim().is_empty(),
            "dependency" => !r.text("workaround").trim().is_empty(),
            _ => true,
        })
    }

    /// The systems and vendors that [`SPOF_FUNCTIONS`] or more critical functions depend on,
    /// with no fallback: each with the critical functions relying on it.
    pub fn single_points(&self) -> Vec<(String, Vec<String>)> {
        let targets: BTreeSet<&str> = self
            .needs
            .iter()
            .filter(|n| n.on_kind != "role")
            .map(|n| n.on.as_str())
            .collect();
        targets
            .into_iter()
            .filter(|on| !self.has_fallback(on))
            .filter_map(|on| {
                let dependents = self.dependents(on);
                let relying: Vec<String> = self
                    .functions
                    .iter()
                    .filter(|f| f.critical && dependents.contains(&f.id))
                    .map(|f| f.id.clone())
                    .collect();
                (relying.len() >= SPOF_FUNCTIONS).then(|| (on.to_string(), relying))
            })
            .collect()
    }

    /// The functions an incident touches: those it names, and those depending on the systems
    /// and vendors it names — each with why ("depends on AWS").
    pub fn affected_by(&self, incident: &Record) -> Vec<(Function, String)> {
        let mut out: Vec<(Function, String)> = Vec::new();
        let mut add = |f: &Function, why: String| {
            if !out.iter().any(|(g, _)| g.id == f.id) {
                out.push((f.clone(), why));
            }
        };
        for id in list_of(incident, "affects") {
            if let Some(f) = self.function(&id) {
                add(f, "named in the incident".into());
            }
        }
        for id in list_of(incident, "systems")
            .into_iter()
            .chain(list_of(incident, "vendors"))
        {
            for need in self.needs.iter().filter(|n| n.on == id) {
                if let Some(f) = self.function(&need.function) {
                    let through = if need.indirect {
                        let link = self.links.get(&need.link);
                        let system = link.map(|l| self.title(&l.text("system")));
                        format!(" (through {})", system.unwrap_or_default())
                    } else {
                        String::new()
                    };
                    add(f, format!("depends on {}{through}", self.title(&id)));
                }
            }
        }
        let place = |id: &str| self.functions.iter().position(|f| f.id == id);
        out.sort_by_key(|(f, _)| place(&f.id));
        out
    }
}

/// A function from its objective record and its ratings.
fn function(o: &Record, ratings: &[Record]) -> Function {
    let rto = o.text("rto");
    let rto_minutes = minutes(&rto);
    let criticality = o.text("criticality");
    let critical = match criticality.as_str() {
        "" => rto_minutes.is_some_and(|m| m <= 24 * 60),
        c => c == "critical" || c == "high",
    };
    let first_intolerable = ratings
        .iter()
        .filter(|r| r.text("tolerable") == "no")
        .filter_map(|r| minutes(&r.text("after")).map(|m| (m, r.text("after"))))
        .min();
    let stated = o.text("mtpd");
    let (mtpd, mtpd_minutes, mtpd_from) = match first_intolerable {
        Some((m, text)) => (text, Some(m), MtpdSource::Ratings),
        None if minutes(&stated).is_some() => {
            let m = minutes(&stated);
            (stated, m, MtpdSource::Stated)
        }
        None => (String::new(), None, MtpdSource::Unknown),
    };
    Function {
        id: o.id.clone(),
        name: o.title(),
        criticality,
        critical,
        rto,
        rto_minutes,
        rpo: o.text("rpo"),
        mtpd,
        mtpd_minutes,
        mtpd_from,
        mbco: o.text("mbco"),
        impact: o.text("impact"),
    }
}

/// One category's rating of a cell, as the impact grid's editor sends it.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rating {
    /// The category (one of the catalog's).
    pub category: String,
    /// The rating, or "" for none.
    pub rating: String,
    /// Whether it is tolerable.
    pub tolerable: bool,
}

/// Rates a cell of the grid: function `function` (id or name) after `after`, one rating per
/// category given. A category's record is changed when it exists, made when the rating says
/// something (a rating, or intolerable), and removed when it is cleared. Nothing is written
/// when a value does not fit (an unknown category, a time that is not a duration).
pub fn rate(binder: &mut Binder, function: &str, after: &str, ratings: &[Rating]) -> Result<()> {
    let at = minutes(after).ok_or_else(|| crate::catalog::FieldError::Invalid {
        field: "after",
        value: after.to_string(),
        expected: "a time such as \"4 hours\" or \"1 day\"".into(),
    })?;
    for r in ratings {
        if !crate::catalog::IMPACT_CATEGORIES.contains(&r.category.as_str())
            || !(r.rating.is_empty() || IMPACT_RATINGS.contains(&r.rating.as_str()))
        {
            return Err(crate::catalog::FieldError::Invalid {
                field: "category",
                value: format!("{}: {}", r.category, r.rating),
                expected: format!(
                    "a category ({}) and a rating ({})",
                    crate::catalog::IMPACT_CATEGORIES.join(", "),
                    IMPACT_RATINGS.join(", ")
                ),
            }
            .into());
        }
    }
    let id = binder.resolve_id(function).or_else(|_| {
        binder
            .list("objective", false)?
            .into_iter()
            .find(|o| o.title().eq_ignore_ascii_case(function.trim()))
            .map(|o| o.id)
            .ok_or_else(|| crate::Error::NoSuchRecord(function.to_string()))
    })?;
    let existing = binder.list("impact", false)?;
    for r in ratings {
        let found = existing.iter().find(|e| {
            e.text("function") == id
                && e.text("category") == r.category
                && minutes(&e.text("after")) == Some(at)
        });
        let says = !r.rating.is_empty() || !r.tolerable;
        let fields = vec![
            ("rating".to_string(), r.rating.clone()),
            (
                "tolerable".to_string(),
                crate::catalog::yes_no(r.tolerable).to_string(),
            ),
        ];
        match (found, says) {
            (Some(e), true) => {
                if e.text("rating") != r.rating || (e.text("tolerable") != "no") != r.tolerable {
                    binder.set(&e.id, &fields)?;
                }
            }
            (Some(e), false) => {
                binder.remove(&e.id)?;
            }
            (None, true) => {
                let mut all = vec![
                    ("function".to_string(), id.clone()),
                    ("after".to_string(), after.to_string()),
                    ("category".to_string(), r.category.clone()),
                ];
                all.extend(fields);
                binder.add("impact", &all)?;
            }
            (None, false) => {}
        }
    }
    Ok(())
}
