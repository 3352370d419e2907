//! The binder as JSON and back, and records taken in from elsewhere (an import, the starter
//! plan): each checked against the catalog and written as one change.

use super::*;

impl Binder {
    /// The whole binder as deterministic JSON.
    pub fn export(&self) -> Result<Export> {
        let mut records = BTreeMap::new();
        for kind in KINDS {
            let rows: Vec<BTreeMap<String, serde_json::Value>> = self
                .store
                .list(kind, false)?
                .into_iter()
                .map(|r| {
                    let mut row: BTreeMap<String, serde_json::Value> = r
                        .fields
                        .into_iter()
                        .map(|(k, v)| (k, serde_json::to_value(v).unwrap_or_default()))
                        .collect();
                    row.insert("id".into(), serde_json::Value::String(r.id));
                    row
                })
                .collect();
            if !rows.is_empty() {
                records.insert(kind.name.to_string(), rows);
            }
        }
        Ok(Export {
            format: "continuity-binder".into(),
            version: EXPORT_VERSION,
            binder_id: self.store.binder_id()?,
            fingerprint: self.fingerprint()?,
            records,
            changes: self.store.changes()?,
        })
    }

    /// [`Binder::export`] as pretty JSON text.
    pub fn export_json(&self) -> Result<String> {
        Ok(serde_json::to_string_pretty(&self.export()?).map_err(ImportError::Json)?)
    }

    /// Imports a JSON export. A copy of this same binder contributes its signed change sets
    /// (each verified first); an export of another binder contributes its records, written as
    /// new changes by the current member with their ids kept.
    pub fn import_json(&mut self, text: &str) -> Result<ImportReport> {
        let export: Export = serde_json::from_str(text).map_err(ImportError::Json)?;
        if export.format != "continuity-binder" {
            return Err(ImportError::NotAnExport(export.format).into());
        }
        if export.version > EXPORT_VERSION {
            return Err(ImportError::NewerExport(export.version).into());
        }
        if export.binder_id == self.store.binder_id()? && !export.changes.is_empty() {
            return self.import_changes(export.changes);
        }
        self.import_records(&export.records)
    }

    pub(super) fn import_changes(&mut self, changes: Vec<ChangeSet>) -> Result<ImportReport> {
        let merged = self.merge(changes)?;
        Ok(ImportReport {
            changes_added: merged.received,
            changes_already_present: merged.already_present,
            changes_rejected: merged.rejected.iter().map(ToString::to_string).collect(),
            ..ImportReport::default()
        })
    }

    /// What this copy's founder last said about how to read a plan document of this name (as
    /// [`crate::planimport::Corrections`] in JSON): kept in the encrypted binder, local to this
    /// copy (not a change others receive), so a newer version read after a restart is read the
    /// same way.
    pub fn import_corrections(&self, file_name: &str) -> Result<Option<String>> {
        Ok(self.store.meta(&corrections_key(file_name))?)
    }

    /// Remembers what the founder said about reading the document `file_name` (see
    /// [`Binder::import_corrections`]); saved with the binder's next save.
    pub fn remember_import_corrections(&mut self, file_name: &str, json: &str) -> Result<()> {
        Ok(self.store.set_meta(&corrections_key(file_name), json)?)
    }

    /// Imports records given as kind → rows of `{"id"?, field: value}` (JSON export or starter plan).
    pub fn import_records(
        &mut self,
        records: &BTreeMap<String, Vec<BTreeMap<String, serde_json::Value>>>,
    ) -> Result<ImportReport> {
        let (ops, report, _) = self.import_ops(records)?;
        if !ops.is_empty() {
            self.commit(ops)?;
        }
        Ok(report)
    }

    /// What [`Binder::import_records`] would change, writing nothing: for each existing record
    /// the rows would change, the fields that would change (a record the rows leave as it is
    /// is not listed; a new one neither).
    pub fn import_effects(
        &self,
        records: &BTreeMap<String, Vec<BTreeMap<String, serde_json::Value>>>,
    ) -> Result<BTreeMap<String, Vec<String>>> {
        Ok(self.import_ops(records)?.2)
    }

    /// The ops importing `records` makes, what it would report, and the fields each existing
    /// record would have changed.
    #[allow(clippy::type_complexity)]
    fn import_ops(
        &self,
        records: &BTreeMap<String, Vec<BTreeMap<String, serde_json::Value>>>,
    ) -> Result<(Vec<Op>, ImportReport, BTreeMap<String, Vec<String>>)> {
        let mut changes: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut report = ImportReport::default();
        let (pending, planned) = planned_rows(records, &mut report)?;
        let mut ops = Vec::new();
        let resolver = self.resolver(&pending);
        for row in planned {
            let existing = self.store.record(&row.id)?;
            let row_ops = row.ops(existing.as_ref(), &resolver)?;
            match (&existing, row_ops.is_empty()) {
                (None, _) => report.created += 1,
                (Some(_), false) => {
                    report.updated += 1;
                    let fields = row_ops.iter().map(|o| o.field.clone());
                    changes.entry(row.id.clone()).or_default().extend(fields);
                }
                (Some(_), true) => {}
            }
            ops.extend(row_ops);
        }
        Ok((ops, report, changes))
    }

    /// Imports the starter plan (a skeleton plan in our own words) into this binder.
    pub fn import_starter_plan(&mut self) -> Result<ImportReport> {
        let records = parse_records_toml(STARTER_PLAN)?;
        self.import_records(&records)
    }
}

/// The meta key a document's corrections are kept under: its file name without folders, case
/// aside ("Plan v2.docx" and "plan v2.DOCX" are one document).
fn corrections_key(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    format!("plan_corrections:{}", base.trim().to_lowercase())
}

/// One row to import: its kind, its place in the file (from 1), the id it gets.
struct PlannedRow<'a> {
    kind: &'static KindDef,
    index: usize,
    id: String,
    row: &'a BTreeMap<String, serde_json::Value>,
}

/// Every row of a kind that may be imported, with the id it keeps (its own, when it is one of
/// its kind) or gets; the ids, for references between the rows. System kinds are skipped and
/// said why.
#[allow(clippy::type_complexity)]
fn planned_rows<'a>(
    records: &'a BTreeMap<String, Vec<BTreeMap<String, serde_json::Value>>>,
    report: &mut ImportReport,
) -> Result<(BTreeSet<String>, Vec<PlannedRow<'a>>)> {
    let mut pending = BTreeSet::new();
    let mut planned = Vec::new();
    for (kind_name, rows) in records {
        let kind = catalog::kind(kind_name)?;
        if kind.system {
            let why = if ["member", "recovery"].contains(&kind.name) {
                "members and recovery keys are never imported"
            } else {
                "checklist runs, ticks, timeline entries and sign-offs stay in the binder they were made in (signed by their authors); they come across only with its change log, from a copy of the same binder"
            };
            report
                .skipped
                .push(format!("{} {} record(s): {why}", rows.len(), kind.name));
            continue;
        }
        for (i, row) in rows.iter().enumerate() {
            let id = match row.get("id").and_then(|v| v.as_str()) {
                Some(id)
                    if catalog::kind_of_id(id).is_some_and(|k| k.name == kind.name)
                        && valid_suffix(id) =>
                {
                    id.to_string()
                }
                _ => new_id(kind),
            };
            pending.insert(id.clone());
            planned.push(PlannedRow {
                kind,
                index: i + 1,
                id,
                row,
            });
        }
    }
    Ok((pending, planned))
}

impl PlannedRow<'_> {
    /// The ops the row makes over `existing` (none for a field already so), a deleted record
    /// restored; refused when a value does not fit its field or a required field is missing.
    fn ops(&self, existing: Option<&Record>, resolver: &impl catalog::Resolver) -> Result<Vec<Op>> {
        let kind = self.kind;
        let bad = |message: String| ImportError::BadRecord {
            kind: kind.name.into(),
            index: self.index,
            message,
        };
        let mut ops = Vec::new();
        for (name, json) in self.row.iter().filter(|(k, _)| k.as_str() != "id") {
            let field = kind.require_field(name).map_err(|e| bad(e.to_string()))?;
            let value = json_to_value(json).map_err(|m| bad(format!("{name}: {m}")))?;
            let value = value
                .map(|v| field.check(&v, resolver))
                .transpose()
                .map_err(|e| bad(e.to_string()))?;
            if existing.is_some_and(|r| r.fields.get(name) == value.as_ref()) {
                continue;
            }
            ops.push(Op {
                kind: kind.name.into(),
                id: self.id.clone(),
                field: field.name.into(),
                value,
            });
        }
        for f in kind.fields().filter(|f| f.required) {
            let has = existing.is_some_and(|r| r.fields.contains_key(f.name))
                || ops.iter().any(|o| o.field == f.name && o.value.is_some());
            if !has {
                return Err(bad(format!("the field \"{}\" is required", f.name)).into());
            }
        }
        if existing.is_some_and(|r| r.deleted) {
            ops.push(Op {
                kind: kind.name.into(),
                id: self.id.clone(),
                field: DELETED_FIELD.into(),
                value: Some(Value::Bool(false)),
            });
        }
        Ok(ops)
    }
}
