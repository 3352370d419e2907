//! The record catalog: every kind of record in a plan, declared once with its typed fields.
//!
//! Storage, validation, search, the CLI (and later the UI's forms and tables, the PDF and the
//! importers) are all driven by these declarations. This module knows nothing of SQLite,
//! encryption or the change log; it only says what a record may hold and checks values.

pub mod duration;
mod kinds;

use serde::{Deserialize, Serialize};

/// The value of one field of one record. A cleared field is `None` at the use site.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Value {
    /// A flag, used for the hidden `_deleted` field.
    Bool(bool),
    /// Any scalar field, stored in its canonical text form.
    Text(String),
    /// A list field (phones, e-mails, tags…), each element canonical.
    List(Vec<String>),
}

impl Value {
    /// The value as one line of text: list elements joined by "; ".
    pub fn display(&self) -> String {
        match self {
            Value::Bool(b) => b.to_string(),
            Value::Text(s) => s.clone(),
            Value::List(items) => items.join("; "),
        }
    }
}

/// The type of a field; decides validation and how the value is shown and stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// One line of text.
    Text,
    /// Several lines of plain text.
    LongText,
    /// Several lines of Markdown (headings, lists, tables): rendered in the app and the PDF.
    Markdown,
    /// Yes or no, stored as the words `yes` / `no` (readable in `sqlite3` and CSV).
    Bool,
    /// A telephone number, kept as written but checked for digits.
    Phone,
    /// An e-mail address.
    Email,
    /// A web address (a missing `https://` is added).
    Url,
    /// A duration or frequency such as "4 hours", "15 min", "0–15 minutes", "quarterly".
    Duration,
    /// A calendar date, stored as YYYY-MM-DD.
    Date,
    /// A moment, stored as RFC 3339 UTC.
    DateTime,
    /// A whole number (ordering, ranks).
    Int,
    /// One of a fixed set of values, matched without regard to case.
    Enum(&'static [&'static str]),
    /// The id of a record of the named kind (given by id or by its title).
    Ref(&'static str),
}

/// The stored words of a [`FieldType::Bool`].
pub const YES_NO: &[&str] = &["yes", "no"];

/// The stored text of a yes/no value.
pub fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

impl FieldType {
    /// Whether values run over several lines (plain or Markdown).
    pub fn is_long(&self) -> bool {
        matches!(self, FieldType::LongText | FieldType::Markdown)
    }
}

impl Serialize for FieldType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The shape `binder kinds --json` has always had, kept for scripts that read it: Markdown
        // is long text there, and a yes/no field the choice of "yes" and "no".
        #[derive(Serialize)]
        #[serde(tag = "type", content = "of", rename_all = "snake_case")]
        enum Shape {
            Text,
            LongText,
            Phone,
            Email,
            Url,
            Duration,
            Date,
            DateTime,
            Int,
            Enum(&'static [&'static str]),
            Ref(&'static str),
        }
        let shape = match *self {
            FieldType::Text => Shape::Text,
            FieldType::LongText | FieldType::Markdown => Shape::LongText,
            FieldType::Bool => Shape::Enum(YES_NO),
            FieldType::Phone => Shape::Phone,
            FieldType::Email => Shape::Email,
            FieldType::Url => Shape::Url,
            FieldType::Duration => Shape::Duration,
            FieldType::Date => Shape::Date,
            FieldType::DateTime => Shape::DateTime,
            FieldType::Int => Shape::Int,
            FieldType::Enum(values) => Shape::Enum(values),
            FieldType::Ref(kind) => Shape::Ref(kind),
        };
        shape.serialize(serializer)
    }
}

/// One field of a kind.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct FieldDef {
    /// Name used in storage, the CLI (`name=value`), exports and the UI.
    pub name: &'static str,
    /// Label a person reads.
    pub label: &'static str,
    /// The type of each value.
    #[serde(rename = "type")]
    pub ty: FieldType,
    /// Whether the field holds a list of values of `ty`.
    pub list: bool,
    /// Whether a record must have it.
    pub required: bool,
    /// Whether full-text search looks into it.
    pub search: bool,
    /// Whether table views and `binder list` show it as a column.
    pub table: bool,
    /// Whether the printed binder shows it.
    pub pdf: bool,
    /// Other header names an importer recognizes for this field (lower case).
    pub synonyms: &'static [&'static str],
    /// Bookkeeping about the plan rather than the plan itself (when it was checked, reviewed,
    /// approved): left out of the plan hash that sign-offs sign.
    #[serde(skip)]
    pub bookkeeping: bool,
}

const fn f(name: &'static str, label: &'static str, ty: FieldType) -> FieldDef {
    FieldDef {
        name,
        label,
        ty,
        list: false,
        required: false,
        search: false,
        table: false,
        pdf: true,
        bookkeeping: false,
        synonyms: &[],
    }
}

impl FieldDef {
    const fn bookkeeping(mut self) -> Self {
        self.bookkeeping = true;
        self
    }
    const fn req(mut self) -> Self {
        self.required = true;
        self
    }
    const fn search(mut self) -> Self {
        self.search = true;
        self
    }
    const fn table(mut self) -> Self {
        self.table = true;
        self
    }
    const fn list(mut self) -> Self {
        self.list = true;
        self
    }
    const fn hidden(mut self) -> Self {
        self.pdf = false;
        self
    }
    const fn syn(mut self, synonyms: &'static [&'static str]) -> Self {
        self.synonyms = synonyms;
        self
    }
}

/// One kind of record.
#[derive(Debug, Serialize)]
pub struct KindDef {
    /// Kind name used by the CLI, exports and the UI (`contact`, `vendor`…).
    pub name: &'static str,
    /// Singular label.
    pub label: &'static str,
    /// Plural label, for headings.
    pub plural: &'static str,
    /// The field that names a record of this kind (shown in lists, used to resolve references).
    pub title: &'static str,
    /// What a record of this kind holds, in a sentence.
    pub help: &'static str,
    /// The kind's own fields (the verification fields are added by [`KindDef::fields`]).
    pub own_fields: &'static [FieldDef],
    /// Whether records carry `verified_at` / `verified_by` and go stale.
    pub verifiable: bool,
    /// Whether only the app writes these (members, recovery keys), never `binder add`.
    pub system: bool,
    /// What part of a binder the kind belongs to.
    #[serde(skip)]
    pub group: Group,
    /// Where the app's navigation lists it.
    #[serde(skip)]
    pub nav_group: NavGroup,
    /// Whether records are never edited or deleted once written (timeline entries, ticks,
    /// sign-offs): each one's id names its author, and merge refuses anyone else writing it.
    #[serde(skip)]
    pub append_only: bool,
    /// What readiness says when a binder has no record of this kind at all (`None`: having none
    /// is not a gap).
    #[serde(skip)]
    pub missing_hint: Option<&'static str>,
    /// The name in the app's navigation, where it differs from the plural ("RTO / RPO").
    #[serde(skip)]
    pub nav_label: Option<&'static str>,
    /// Whether the printed binder has a table of these: the plan's tables, the incidents, the
    /// members (the plan's header, text and checklists have pages of their own; ticks, entries,
    /// sign-offs and recovery keys are not printed as tables).
    #[serde(skip)]
    pub printed_as_table: bool,
}

/// What part of a binder a kind belongs to: decides where it is shown, printed, imported and
/// signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Group {
    /// The plan's own header record (organisation, title, review interval): on the cover.
    Plan,
    /// The plan's text and steps (sections, checklists, their items): purpose-built views and
    /// PDF chapters.
    Structure,
    /// An ordinary plan table (roles, contacts, vendors, objectives…): a table in the app and
    /// in the PDF, recognised in imported documents.
    Record,
    /// Incident mode: incidents, their checklist runs, ticks and timeline entries.
    Incident,
    /// What only the app keeps: sign-offs, members, recovery keys.
    System,
}

impl Group {
    /// Whether records of the kind are the plan as signed (the plan hash): everything a person
    /// writes into the plan, not incidents or the app's own records.
    pub fn is_plan(self) -> bool {
        matches!(self, Group::Plan | Group::Structure | Group::Record)
    }
}

/// Where a kind sits in the app's navigation, grouped for a person scanning it under stress.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum NavGroup {
    /// During an incident: the incidents, the call tree and what they record.
    Incident,
    /// The plan: its text, functions and impact, levels, checklists, messages, tests, risks.
    Plan,
    /// People and vendors: contacts, roles, vendors.
    People,
    /// Team and keys: members and recovery keys.
    Team,
    /// This binder: sign-offs and what the app keeps about the binder itself.
    Binder,
}

/// Fields added to every verifiable kind.
pub const VERIFY_FIELDS: &[FieldDef] = &[
    f("verified_at", "Verified at", FieldType::DateTime).bookkeeping(),
    f("verified_by", "Verified by", FieldType::Text).bookkeeping(),
];

/// The hidden field that marks a record deleted; deleting is last-writer-wins like any field.
pub const DELETED_FIELD: &str = "_deleted";

impl KindDef {
    /// All fields of the kind, the verification fields last.
    pub fn fields(&self) -> impl Iterator<Item = &'static FieldDef> + '_ {
        let verify: &'static [FieldDef] = if self.verifiable { VERIFY_FIELDS } else { &[] };
        self.own_fields.iter().chain(verify.iter())
    }

    /// The field called `name`, if the kind has it.
    pub fn field(&self, name: &str) -> Option<&'static FieldDef> {
        self.fields().find(|f| f.name == name)
    }

    /// The field a column header or a `Key: value` label names: its name, label or one of its
    /// importer synonyms, ignoring case, punctuation and a plural "s". A header with
    /// alternatives ("Recovery Time Objective (RTO)", "Comments / Gaps") matches if any does.
    pub fn field_for_header(&self, header: &str) -> Option<&'static FieldDef> {
        let candidates = header_keys(header);
        let matches = |f: &FieldDef, exact: bool| {
            candidates.iter().any(|h| {
                let names = [f.name, f.label].into_iter();
                let names: Vec<&str> = if exact {
                    names.collect()
                } else {
                    f.synonyms.to_vec()
                };
                names.iter().any(|n| plural_of(h, &compact_key(n)))
            })
        };
        self.fields()
            .find(|f| matches(f, true))
            .or_else(|| self.fields().find(|f| matches(f, false)))
    }

    /// [`KindDef::field_for_header`], or else read more loosely: a measure's header without
    /// its measure ("Probability Rating", "Impact score"), and the title field for a header of
    /// several words ending with a word naming it ("Potential Disaster scenario" for a risk):
    /// the head noun of an English compound is its last word. For a table no kind's header
    /// matched.
    pub fn field_for_header_loosely(&self, header: &str) -> Option<&'static FieldDef> {
        let lower = header.trim().to_lowercase();
        let measured = [" rating", " score"]
            .iter()
            .find_map(|m| lower.strip_suffix(m));
        self.field_for_header(header)
            // ("Risk Score" is a score, never what names the risk.)
            .or_else(|| {
                measured
                    .and_then(|h| self.field_for_header(h))
                    .filter(|f| f.name != self.title)
            })
            .or_else(|| self.title_by_head_noun(header))
    }

    /// The title field, when the last of a header's several words names it.
    fn title_by_head_noun(&self, header: &str) -> Option<&'static FieldDef> {
        let words: Vec<&str> = header.split_whitespace().collect();
        let head = compact_key(words.last()?);
        let title = self.field(self.title)?;
        // By a synonym only: "Plan Name" ends with the field's own generic name, and names no
        // vendor.
        let named = title
            .synonyms
            .iter()
            .any(|n| plural_of(&head, &compact_key(n)));
        (words.len() >= 2 && !head.is_empty() && named).then_some(title)
    }

    /// The field called `name`, or a helpful error listing the kind's fields.
    pub fn require_field(&self, name: &str) -> Result<&'static FieldDef, FieldError> {
        self.field(name).ok_or_else(|| FieldError::UnknownField {
            kind: self.name,
            field: name.to_string(),
            known: self.fields().map(|f| f.name).collect::<Vec<_>>().join(", "),
        })
    }
}

/// A value that does not fit its field, or a name the catalog does not know.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FieldError {
    /// The kind name is not in the catalog.
    #[error("there is no kind of record called \"{0}\"; the kinds are: {known}", known = kind_names())]
    UnknownKind(String),
    /// The field name is not one of the kind's fields.
    #[error("a {kind} has no field \"{field}\"; its fields are: {known}")]
    UnknownField {
        /// The kind.
        kind: &'static str,
        /// The field asked for.
        field: String,
        /// The fields it has.
        known: String,
    },
    /// The value does not have the field's type.
    #[error("{field}: \"{value}\" is not {expected}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// The offending value (one list element for lists).
        value: String,
        /// What was expected, in words, with an example.
        expected: String,
    },
    /// A required field was left empty.
    #[error("{kind}: the field \"{field}\" is required")]
    Required {
        /// The kind.
        kind: &'static str,
        /// The field.
        field: &'static str,
    },
    /// A reference names no record of the target kind.
    #[error("{field}: there is no {kind} \"{value}\" (give its id or its exact {title})")]
    NoSuchTarget {
        /// The field.
        field: &'static str,
        /// The kind referred to.
        kind: &'static str,
        /// The id or name given.
        value: String,
        /// The title field of that kind.
        title: &'static str,
    },
    /// A reference by name matches more than one record.
    #[error("{field}: more than one {kind} is called \"{value}\"; give its id instead")]
    AmbiguousTarget {
        /// The field.
        field: &'static str,
        /// The kind referred to.
        kind: &'static str,
        /// The name given.
        value: String,
    },
    /// The kind is written by the app itself.
    #[error("{0} records are managed by the app (use the dedicated command), not added by hand")]
    SystemKind(&'static str),
}

impl FieldError {
    /// The field the error is about, so a form can show the message beside it.
    pub fn field(&self) -> Option<&str> {
        match self {
            FieldError::UnknownField { field, .. } => Some(field),
            FieldError::Invalid { field, .. }
            | FieldError::Required { field, .. }
            | FieldError::NoSuchTarget { field, .. }
            | FieldError::AmbiguousTarget { field, .. } => Some(field),
            FieldError::UnknownKind(_) | FieldError::SystemKind(_) => None,
        }
    }
}

/// Whether `s` is one e-mail address (with a dot in its domain), and nothing a mail link could
/// carry besides: no `?`, `&` or `%` (a `mailto:` query can attach files or add recipients).
pub fn is_email_address(s: &str) -> bool {
    email_address::EmailAddress::is_valid(s)
        && s.rsplit_once('@').is_some_and(|(_, d)| d.contains('.'))
        && !s.contains(['?', '&', '%'])
}

/// A header or name reduced to lower-case letters and digits.
pub fn compact_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The keys a header may be matched by: all of it, without a parenthesis, the parenthesis
/// alone, and each side of a slash.
fn header_keys(header: &str) -> Vec<String> {
    let mut keys = vec![compact_key(header)];
    if let Some((before, rest)) = header.split_once('(') {
        keys.push(compact_key(before));
        keys.push(compact_key(rest.split(')').next().unwrap_or_default()));
    }
    if header.contains('/') {
        keys.extend(header.split('/').map(compact_key));
    }
    let lower = header.trim().to_lowercase();
    // "Primary provider", "Main contact", "Critical business processes": the thing itself.
    for qualifier in [
        "primary ",
        "main ",
        "current ",
        "preferred ",
        "critical ",
        "key ",
        "essential ",
        "important ",
        "core ",
    ] {
        if let Some(rest) = lower.strip_prefix(qualifier) {
            keys.push(compact_key(rest));
        }
    }
    keys.retain(|k| !k.is_empty());
    keys
}

/// Whether the header key `h` is `name`, its plural (systems, processes, utilities) or its
/// singular ("Dependency" for "dependencies").
fn plural_of(h: &str, name: &str) -> bool {
    plural(h, name) || plural(name, h)
}

/// Whether `h` is `name` or its plural.
fn plural(h: &str, name: &str) -> bool {
    h == name
        || h.strip_suffix('s') == Some(name)
        || h.strip_suffix("es") == Some(name)
        || h.strip_suffix("ies")
            .is_some_and(|stem| name.strip_suffix('y') == Some(stem))
}

fn kind_names() -> String {
    KINDS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
}

/// Looks up a kind by name.
pub fn kind(name: &str) -> Result<&'static KindDef, FieldError> {
    KINDS
        .iter()
        .find(|k| k.name == name)
        .ok_or_else(|| FieldError::UnknownKind(name.to_string()))
}

/// The kind a record id belongs to: ids are `<kind>-<suffix>`.
pub fn kind_of_id(id: &str) -> Option<&'static KindDef> {
    let (prefix, rest) = id.split_once('-')?;
    if rest.is_empty() {
        return None;
    }
    KINDS.iter().find(|k| k.name == prefix)
}

/// Resolves the target of a reference field: given a kind and the text a person typed,
/// returns the id of the record it names.
pub trait Resolver {
    /// The id of the record of `kind` whose id or title is `text`; `Ok(None)` if none,
    /// `Err(())` if the title matches several.
    #[allow(clippy::result_unit_err)]
    fn resolve(&self, kind: &KindDef, text: &str) -> Result<Option<String>, ()>;
}

/// A resolver for values that hold no references (roles, enums…): every reference is unknown.
#[derive(Debug, Clone, Copy)]
pub struct NoReferences;

impl Resolver for NoReferences {
    fn resolve(&self, _: &KindDef, _: &str) -> Result<Option<String>, ()> {
        Ok(None)
    }
}

impl FieldDef {
    /// Parses what a person typed (`binder add contact phones="+46 70 1; +46 8 2"`) into a
    /// canonical value. Empty input clears the field (`Ok(None)`).
    pub fn parse(&self, input: &str, resolver: &dyn Resolver) -> Result<Option<Value>, FieldError> {
        let input = input.trim();
        if input.is_empty() {
            return Ok(None);
        }
        if self.list {
            let items: Vec<String> = if input.starts_with('[') {
                serde_json::from_str(input)
                    .map_err(|_| self.invalid(input, "a JSON list of strings"))?
            } else {
                input
                    .split([';', '\n'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            };
            let items = items
                .iter()
                .map(|s| self.parse_scalar(s, resolver))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(if items.is_empty() {
                None
            } else {
                Some(Value::List(items))
            });
        }
        self.parse_scalar(input, resolver)
            .map(|s| Some(Value::Text(s)))
    }

    /// Checks an already structured value (from a JSON import) and returns its canonical form.
    pub fn check(&self, value: &Value, resolver: &dyn Resolver) -> Result<Value, FieldError> {
        match (value, self.list) {
            (Value::List(items), true) => Ok(Value::List(
                items
                    .iter()
                    .map(|s| self.parse_scalar(s, resolver))
                    .collect::<Result<_, _>>()?,
            )),
            (Value::Text(s), true) => Ok(Value::List(vec![self.parse_scalar(s, resolver)?])),
            (Value::Text(s), false) => Ok(Value::Text(self.parse_scalar(s, resolver)?)),
            (other, _) => Err(self.invalid(&other.display(), self.expected())),
        }
    }

    fn invalid(&self, value: &str, expected: impl Into<String>) -> FieldError {
        FieldError::Invalid {
            field: self.name,
            value: value.to_string(),
            expected: expected.into(),
        }
    }

    /// What the field expects, in words a person reads in an error.
    pub fn expected(&self) -> String {
        match self.ty {
            FieldType::Text | FieldType::LongText | FieldType::Markdown => "text".into(),
            FieldType::Phone => "a phone number (digits, optionally +, spaces, dashes, brackets, ext.)".into(),
            FieldType::Email => "an e-mail address like name@example.com".into(),
            FieldType::Url => "a web address like https://status.example.com".into(),
            FieldType::Duration => {
                "a duration such as \"4 hours\", \"15 min\", \"0-15 minutes\", \"2 days\" or \"quarterly\"".into()
            }
            FieldType::Date => "a date written YYYY-MM-DD".into(),
            FieldType::DateTime => "a date and time in RFC 3339, like 2026-03-01T14:30:00Z".into(),
            FieldType::Int => "a whole number".into(),
            FieldType::Enum(values) => format!("one of: {}", values.join(", ")),
            FieldType::Bool => format!("one of: {}", YES_NO.join(", ")),
            FieldType::Ref(kind) => format!("the id or name of a {kind}"),
        }
    }

    fn parse_scalar(&self, raw: &str, resolver: &dyn Resolver) -> Result<String, FieldError> {
        let s = raw.trim();
        let bad = || self.invalid(s, self.expected());
        match self.ty {
            FieldType::Text => Ok(s.split_whitespace().collect::<Vec<_>>().join(" ")),
            FieldType::LongText | FieldType::Markdown => Ok(raw.trim_end().to_string()),
            FieldType::Phone => normalize_phone(s).ok_or_else(bad),
            FieldType::Email => {
                let s = s.strip_prefix("mailto:").unwrap_or(s);
                if is_email_address(s) {
                    Ok(s.to_string())
                } else {
                    Err(bad())
                }
            }
            FieldType::Url => normalize_url(s).ok_or_else(bad),
            FieldType::Duration => duration::parse(s).map(|_| s.to_string()).ok_or_else(bad),
            FieldType::Date => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(|d| d.format("%Y-%m-%d").to_string())
                .map_err(|_| bad()),
            FieldType::DateTime => parse_datetime(s).ok_or_else(bad),
            FieldType::Int => s.parse::<i64>().map(|n| n.to_string()).map_err(|_| bad()),
            FieldType::Bool => choice(YES_NO, s).ok_or_else(bad),
            FieldType::Enum(values) => choice(values, s).ok_or_else(bad),
            FieldType::Ref(target) => {
                let target_kind = kind(target)?;
                match resolver.resolve(target_kind, s) {
                    Ok(Some(id)) => Ok(id),
                    Ok(None) => Err(FieldError::NoSuchTarget {
                        field: self.name,
                        kind: target,
                        value: s.to_string(),
                        title: target_kind.title,
                    }),
                    Err(()) => Err(FieldError::AmbiguousTarget {
                        field: self.name,
                        kind: target,
                        value: s.to_string(),
                    }),
                }
            }
        }
    }
}

/// The one of `values` that `s` names, case and punctuation aside.
fn choice(values: &[&str], s: &str) -> Option<String> {
    let want = enum_key(s);
    values
        .iter()
        .find(|v| enum_key(v) == want)
        .map(|v| v.to_string())
}

fn enum_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn normalize_phone(s: &str) -> Option<String> {
    let s = s.strip_prefix("tel:").unwrap_or(s).trim();
    // Extensions ("ext. 12", "x12") are kept; only the main number is checked.
    let lower = s.to_lowercase();
    let main_end = ["ext", " x", ";ext="]
        .iter()
        .filter_map(|m| lower.find(m))
        .min()
        .unwrap_or(s.len());
    let (main, ext) = s.split_at(main_end);
    let digits = main.chars().filter(char::is_ascii_digit).count();
    let allowed = main.char_indices().all(|(i, c)| {
        c.is_ascii_digit() || " -().‑/".contains(c) || (c == '+' && main[..i].trim().is_empty())
    });
    let ext_ok = ext.chars().filter(char::is_ascii_digit).count() <= 8;
    if !(3..=20).contains(&digits) || !allowed || !ext_ok {
        return None;
    }
    Some(s.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn normalize_url(s: &str) -> Option<String> {
    if s.contains(char::is_whitespace) {
        return None;
    }
    let parsed = match url::Url::parse(s) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            let u = url::Url::parse(&format!("https://{s}")).ok()?;
            if !u.host_str().is_some_and(|h| h.contains('.')) {
                return None;
            }
            u
        }
        Err(_) => return None,
    };
    match parsed.scheme() {
        "http" | "https" | "ftp" | "sftp" | "ssh" if parsed.host().is_some() => {
            Ok::<_, ()>(parsed.to_string()).ok()
        }
        "mailto" | "tel" => Some(parsed.to_string()),
        _ => None,
    }
}

/// Parses RFC 3339 (or a bare date, taken as midnight UTC) into canonical UTC text.
pub fn parse_datetime(s: &str) -> Option<String> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(format_datetime(t.with_timezone(&chrono::Utc)));
    }
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Some(format_datetime(d.and_hms_opt(0, 0, 0)?.and_utc()))
}

/// A moment as people read it on screen and on paper: "2026-11-24 03:12 UTC".
pub fn time_for_people(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A stored moment (RFC 3339) as people read it ([`time_for_people`]); text that is not one is
/// shown as it is.
pub fn stored_time_for_people(text: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| time_for_people(t.with_timezone(&chrono::Utc)))
        .unwrap_or_else(|_| text.to_string())
}

/// The canonical text of a moment: RFC 3339, UTC, whole seconds.
pub fn format_datetime(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

use FieldType::{
    Bool, Date, DateTime, Duration, Email, Enum, Int, LongText, Markdown, Phone, Ref, Text, Url,
};

pub use kinds::{
    DEPENDENCY_TYPES, ENTRY_TYPES, IMPACT_CATEGORIES, IMPACT_RATINGS, KINDS, OUTCOMES, WAVE_NEEDS,
};

#[cfg(test)]
mod tests {
    use super::*;

    struct NoRefs;
    impl Resolver for NoRefs {
        fn resolve(&self, _: &KindDef, text: &str) -> Result<Option<String>, ()> {
            Ok((text == "contact-known").then(|| text.to_string()))
        }
    }

    fn parse(kind_name: &str, field: &str, input: &str) -> Result<Option<Value>, FieldError> {
        kind(kind_name)
            .unwrap()
            .require_field(field)?
            .parse(input, &NoRefs)
    }

    #[test]
    fn every_kind_is_well_formed() {
        for k in KINDS {
            assert!(
                k.field(k.title).is_some_and(|f| f.required),
                "{} title must be a required field",
                k.name
            );
            assert!(
                !k.name.contains('-'),
                "ids are <kind>-<suffix>, so kind names have no dash"
            );
            let mut names: Vec<_> = k.fields().map(|f| f.name).collect();
            names.sort();
            names.dedup();
            assert_eq!(
                names.len(),
                k.fields().count(),
                "{} has a duplicate field",
                k.name
            );
        }
    }

    #[test]
    fn typed_fields_accept_real_values() {
        assert_eq!(
            parse(
                "contact",
                "phones",
                "+46 70 123 45 67; (555) 010-0199 ext. 12"
            )
            .unwrap(),
            Some(Value::List(vec![
                "+46 70 123 45 67".into(),
                "(555) 010-0199 ext. 12".into()
            ]))
        );
        assert_eq!(
            parse("contact", "emails", "mailto:asa@example.se").unwrap(),
            Some(Value::List(vec!["asa@example.se".into()]))
        );
        assert_eq!(
            parse("vendor", "support_url", "status.aws.amazon.com").unwrap(),
            Some(Value::Text("https://status.aws.amazon.com/".into()))
        );
        assert_eq!(
            parse("vendor", "criticality", "Critical").unwrap(),
            Some(Value::Text("critical".into()))
        );
        assert_eq!(
            parse("objective", "rto", "4 hours").unwrap(),
            Some(Value::Text("4 hours".into()))
        );
        assert_eq!(
            parse("schedule", "last_done", "2026-01-31").unwrap(),
            Some(Value::Text("2026-01-31".into()))
        );
        assert_eq!(
            parse("role", "primary", "contact-known").unwrap(),
            Some(Value::Text("contact-known".into()))
        );
        assert_eq!(parse("contact", "notes", "").unwrap(), None);
    }

    #[test]
    fn headers_match_fields_by_synonym_measure_and_head_noun() {
        let risk = kind("risk").unwrap();
        let field = |h: &str| risk.field_for_header_loosely(h).map(|f| f.name);
        assert_eq!(field("Potential Disaster scenario"), Some("name"));
        assert_eq!(field("Probability Rating"), Some("probability"));
        assert_eq!(field("Impact Rating"), Some("impact"));
        assert_eq!(field("Hazards"), Some("name"));
        assert_eq!(field("IT systems impacted"), None);
        assert_eq!(field("Risk Score"), None);
        let objective = kind("objective").unwrap();
        assert_eq!(
            objective.field_for_header("Dependency").map(|f| f.name),
            Some("dependencies")
        );
        // A word on its own is matched as it is, never by the head-noun rule; and only the
        // loose reading uses it.
        let contact = kind("contact").unwrap();
        assert!(contact.field_for_header_loosely("Scenario").is_none());
        assert!(
            risk.field_for_header("Potential Disaster scenario")
                .is_none()
        );
    }

    #[test]
    fn typed_fields_reject_bad_values_with_the_reason() {
        let e = parse("contact", "emails", "asa.example.se").unwrap_err();
        assert!(e.to_string().contains("e-mail address"), "{e}");
        assert!(parse("contact", "phones", "call me").is_err());
        assert!(parse("contact", "phones", "12+34").is_err());
        assert!(parse("objective", "rto", "soonish").is_err());
        assert!(parse("schedule", "last_done", "31/01/2026").is_err());
        assert!(
            parse("vendor", "criticality", "urgent")
                .unwrap_err()
                .to_string()
                .contains("critical, high")
        );
        assert!(matches!(
            parse("role", "primary", "nobody"),
            Err(FieldError::NoSuchTarget { .. })
        ));
        assert!(matches!(
            parse("contact", "shoe_size", "44"),
            Err(FieldError::UnknownField { .. })
        ));
        assert!(matches!(kind("spaceship"), Err(FieldError::UnknownKind(_))));
    }
}
