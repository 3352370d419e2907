//! Records: adding, changing, verifying and removing them, reading them back, search and history.

use super::*;

impl Binder {
    pub(super) fn resolver<'a>(&'a self, pending: &'a BTreeSet<String>) -> StoreResolver<'a> {
        StoreResolver {
            store: &self.store,
            pending,
        }
    }

    /// Parses `field=value` inputs for a record of `kind` into ops, validating each against the catalog.
    pub(super) fn parse_inputs(
        &self,
        kind: &KindDef,
        id: &str,
        inputs: &[(String, String)],
    ) -> Result<Vec<Op>> {
        let pending = BTreeSet::new();
        let resolver = self.resolver(&pending);
        let mut ops = Vec::new();
        for (name, raw) in inputs {
            let field = kind.require_field(name)?;
            let value = field.parse(raw, &resolver)?;
            if value.is_none() && field.required {
                return Err(FieldError::Required {
                    kind: kind.name,
                    field: field.name,
                }
                .into());
            }
            ops.push(Op {
                kind: kind.name.into(),
                id: id.into(),
                field: field.name.into(),
                value,
            });
        }
        Ok(ops)
    }

    /// Adds a record of `kind` from `field=value` inputs; returns its id.
    pub fn add(&mut self, kind: &str, inputs: &[(String, String)]) -> Result<String> {
        let kind = catalog::kind(kind)?;
        if kind.system {
            return Err(FieldError::SystemKind(kind.name).into());
        }
        let id = new_id(kind);
        let ops = self.parse_inputs(kind, &id, inputs)?;
        for f in kind.fields().filter(|f| f.required) {
            if !ops
                .iter()
                .any(|op| op.field == f.name && op.value.is_some())
            {
                return Err(FieldError::Required {
                    kind: kind.name,
                    field: f.name,
                }
                .into());
            }
        }
        self.commit(ops)?;
        Ok(id)
    }

    /// Sets fields of an existing record; an empty value clears the field.
    pub fn set(&mut self, id: &str, inputs: &[(String, String)]) -> Result<String> {
        let record = self.live_record(id)?;
        let kind = catalog::kind(&record.kind)?;
        refuse_append_only(kind)?;
        if kind.system {
            return Err(FieldError::SystemKind(kind.name).into());
        }
        let ops = self.parse_inputs(kind, &record.id, inputs)?;
        self.commit(ops)?;
        Ok(record.id)
    }

    /// Records that a person checked the record is still true (contacts, vendors, roles, sections).
    pub fn mark_verified(&mut self, id: &str) -> Result<String> {
        let record = self.live_record(id)?;
        let kind = catalog::kind(&record.kind)?;
        if !kind.verifiable {
            let names: Vec<String> = KINDS
                .iter()
                .filter(|k| k.verifiable)
                .map(|k| k.plural.to_lowercase())
                .collect();
            let verifiable = match names.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                None => String::new(),
            };
            return Err(Error::NotVerifiable {
                kind: kind.name,
                verifiable,
            });
        }
        let now = catalog::format_datetime(chrono::Utc::now());
        let who = self.keys.name().to_string();
        let ops = text_ops(
            kind.name,
            &record.id,
            vec![("verified_at", now), ("verified_by", who)],
        );
        self.commit(ops)?;
        Ok(record.id)
    }

    /// Deletes a record (a change like any other: a later restore can undo it).
    pub fn remove(&mut self, id: &str) -> Result<String> {
        let record = self.live_record(id)?;
        let kind = catalog::kind(&record.kind)?;
        refuse_append_only(kind)?;
        if kind.system {
            return Err(FieldError::SystemKind(kind.name).into());
        }
        self.delete(record)
    }

    /// Commits the deletion of `record` (checks are the caller's).
    pub(super) fn delete(&mut self, record: Record) -> Result<String> {
        self.commit(vec![Op {
            kind: record.kind,
            id: record.id.clone(),
            field: DELETED_FIELD.into(),
            value: Some(Value::Bool(true)),
        }])?;
        Ok(record.id)
    }

    /// Turns what a person typed (a whole id, or a unique start of one) into a record id.
    pub fn resolve_id(&self, text: &str) -> Result<String> {
        if self.store.record(text)?.is_some() {
            return Ok(text.to_string());
        }
        match self.store.ids_with_prefix(text)?.as_slice() {
            [] => Err(Error::NoSuchRecord(text.into())),
            [one] => Ok(one.clone()),
            many => Err(Error::AmbiguousId {
                given: text.into(),
                matches: many.join(", "),
            }),
        }
    }

    /// A record by id or unique id prefix (deleted ones too).
    pub fn record(&self, id: &str) -> Result<Record> {
        let id = self.resolve_id(id)?;
        self.store.record(&id)?.ok_or(Error::NoSuchRecord(id))
    }

    pub(super) fn live_record(&self, id: &str) -> Result<Record> {
        let record = self.record(id)?;
        if record.deleted {
            return Err(Error::Deleted(record.id));
        }
        Ok(record)
    }

    /// Records of a kind, ordered for reading: by position/rank/call order when the kind has
    /// one, then by title.
    pub fn list(&self, kind: &str, include_deleted: bool) -> Result<Vec<Record>> {
        let kind = catalog::kind(kind)?;
        let mut records = self.store.list(kind, include_deleted)?;
        let order_field = ["position", "rank", "call_order"]
            .into_iter()
            .find(|f| kind.field(f).is_some());
        records.sort_by_cached_key(|r| {
            let order = order_field
                .and_then(|f| r.text(f).parse::<i64>().ok())
                .unwrap_or(i64::MAX);
            (order, r.title().to_lowercase(), r.id.clone())
        });
        Ok(records)
    }

    /// Records of a kind whose fields equal the given values (`checklist="Initial response"`;
    /// values are parsed like input, so references may be given by name; a list field matches
    /// when it contains the value).
    pub fn list_where(
        &self,
        kind: &str,
        filters: &[(String, String)],
        include_deleted: bool,
    ) -> Result<Vec<Record>> {
        let kind_def = catalog::kind(kind)?;
        let pending = BTreeSet::new();
        let resolver = self.resolver(&pending);
        let mut wanted = Vec::new();
        for (name, raw) in filters {
            let field = kind_def.require_field(name)?;
            let value = field.parse(raw, &resolver)?;
            wanted.push((field.name, value));
        }
        Ok(self
            .list(kind, include_deleted)?
            .into_iter()
            .filter(|r| {
                wanted
                    .iter()
                    .all(|(name, value)| match (r.fields.get(*name), value) {
                        (None, None) => true,
                        (Some(Value::List(have)), Some(Value::List(want))) => {
                            want.iter().all(|w| have.contains(w))
                        }
                        (have, want) => have == want.as_ref(),
                    })
            })
            .collect())
    }

    /// The plan's own record (organisation, title, version, review interval…); a binder made
    /// without the starter plan may have none yet.
    pub fn plan_record(&self) -> Result<Option<Record>> {
        Ok(self.list("plan", false)?.into_iter().next())
    }

    /// The organisation the plan names (empty if none), as every printed page shows it.
    pub fn organisation(&self) -> Result<String> {
        Ok(self
            .plan_record()?
            .map(|p| p.text("organisation"))
            .unwrap_or_default())
    }

    /// What to call this binder in a window title or a list: the organisation the plan names,
    /// else the plan's title; `None` without a plan record.
    pub fn plan_name(&self) -> Result<Option<String>> {
        Ok(self.plan_record()?.map(|plan| {
            let org = plan.text("organisation");
            if org.is_empty() { plan.title() } else { org }
        }))
    }

    /// The title of the record `id` names (a deleted one's too), to show a reference by;
    /// `None` when no record has that id.
    pub fn title_of(&self, id: &str) -> Result<Option<String>> {
        Ok(self.store.record(id)?.map(|r| r.title()))
    }

    /// Names the organisation on the plan record, making the plan record if there is none.
    pub fn set_organisation(&mut self, org: &str) -> Result<String> {
        match self.plan_record()? {
            Some(plan) => {
                let id = plan.id.clone();
                self.set(&id, &[("organisation".into(), org.into())])
            }
            None => self.add(
                "plan",
                &[
                    ("organisation".into(), org.into()),
                    ("title".into(), "Business Continuity Plan".into()),
                ],
            ),
        }
    }

    /// Full-text search over every searchable field.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<Hit>> {
        Ok(self.store.search(text, limit)?)
    }

    /// Who changed what, when: of one record, or of the whole binder (newest `limit`).
    pub fn history(&self, id: Option<&str>, limit: usize) -> Result<Vec<HistoryEntry>> {
        let id = id.map(|i| self.resolve_id(i)).transpose()?;
        Ok(self.store.history(id.as_deref(), limit)?)
    }
}
