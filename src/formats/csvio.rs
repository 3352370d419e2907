//! CSV in and out, one kind of record per file, driven by the record catalog.
//!
//! Export writes RFC 4180 CSV with the kind's field names as the header (ids first, lists joined
//! by "; "), optionally with a UTF-8 byte order mark for spreadsheet programs. Import maps each
//! header to a field by its name, label or importer synonym; a column that matches no field is
//! kept in the record's notes (or reported, for kinds without notes), never silently dropped.
//! No I/O here.

use std::collections::BTreeMap;

use crate::Error;
use crate::catalog::{self, FieldError};
use crate::catalog::{KindDef, Value};
use crate::log::store::Record;
use crate::plan::binder::{Binder, ImportError, ImportReport};

/// A CSV file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    /// The CSV itself is malformed.
    #[error("line {line}: {message}")]
    Malformed {
        /// 1-based line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// No header row.
    #[error("the CSV file is empty (no header row)")]
    Empty,
    /// No column matches the kind's title field.
    #[error("no column for \"{field}\" (the {kind}'s name); the columns are: {columns}")]
    NoTitleColumn {
        /// The kind.
        kind: &'static str,
        /// Its title field.
        field: &'static str,
        /// The header found.
        columns: String,
    },
}

/// What reading a CSV file found.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Rows as records (field → value), in file order.
    pub rows: Vec<BTreeMap<String, serde_json::Value>>,
    /// Notes for the import report.
    pub notes: Vec<String>,
}

use crate::catalog::match_key as key;

/// Reads CSV rows of `kind` (UTF-8, with or without a byte order mark).
pub fn parse(kind: &'static KindDef, bytes: &[u8]) -> Result<Parsed, CsvError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let malformed = |e: csv::Error| CsvError::Malformed {
        line: e.position().map_or(0, |p| p.line()),
        message: match e.kind() {
            csv::ErrorKind::Utf8 { .. } => "not UTF-8 text (save the file as CSV UTF-8)".into(),
            _ => e.to_string(),
        },
    };
    let headers = reader.headers().map_err(malformed)?.clone();
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(CsvError::Empty);
    }
    let columns: Vec<Option<&'static crate::catalog::FieldDef>> = headers
        .iter()
        .map(|h| {
            if key(h) == "id" {
                None
            } else {
                kind.field_for_header(h)
            }
        })
        .collect();
    if !columns
        .iter()
        .any(|c| c.is_some_and(|f| f.name == kind.title))
    {
        return Err(CsvError::NoTitleColumn {
            kind: kind.name,
            field: kind.title,
            columns: headers.iter().collect::<Vec<_>>().join(", "),
        });
    }
    let id_column = headers.iter().position(|h| key(h) == "id");
    let unknown: Vec<usize> = (0..headers.len())
        .filter(|&i| columns[i].is_none() && Some(i) != id_column && !headers[i].trim().is_empty())
        .collect();
    let keeps_notes = kind.field("notes").is_some();
    let mut parsed = Parsed::default();
    for name in unknown.iter().map(|&i| &headers[i]) {
        parsed.notes.push(if keeps_notes {
            format!(
                "column \"{name}\" matches no {} field; its values are kept in the notes",
                kind.name
            )
        } else {
            format!(
                "column \"{name}\" matches no {} field and was not imported",
                kind.name
            )
        });
    }
    for row in reader.records() {
        let row = row.map_err(malformed)?;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut record = BTreeMap::new();
        if let Some(id) = id_column
            .and_then(|i| row.get(i))
            .filter(|id| !id.trim().is_empty())
        {
            record.insert(
                "id".to_string(),
                serde_json::Value::String(id.trim().to_string()),
            );
        }
        let mut extra = Vec::new();
        for (i, cell) in row.iter().enumerate() {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            match columns.get(i).copied().flatten() {
                Some(f) if f.list => {
                    let items: Vec<serde_json::Value> = cell
                        .split([';', '\n'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| serde_json::Value::String(s.into()))
                        .collect();
                    record.insert(f.name.to_string(), serde_json::Value::Array(items));
                }
                Some(f) => {
                    record.insert(f.name.to_string(), serde_json::Value::String(cell.into()));
                }
                None if unknown.contains(&i) && keeps_notes => {
                    extra.push(format!("{}: {cell}", &headers[i]))
                }
                None => {}
            }
        }
        if !extra.is_empty() {
            let notes = record
                .get("notes")
                .and_then(|n| n.as_str())
                .map(str::to_string);
            let joined = notes
                .into_iter()
                .chain(extra)
                .collect::<Vec<_>>()
                .join("\n");
            record.insert("notes".to_string(), serde_json::Value::String(joined));
        }
        parsed.rows.push(record);
    }
    Ok(parsed)
}

/// Writes records of `kind` as CSV: header of field names, ids first, lists joined by "; ".
pub fn write(kind: &KindDef, records: &[Record], bom: bool) -> Vec<u8> {
    let mut out = if bom {
        b"\xEF\xBB\xBF".to_vec()
    } else {
        Vec::new()
    };
    let mut writer = csv::Writer::from_writer(&mut out);
    let fields: Vec<_> = kind.fields().collect();
    let header: Vec<&str> = std::iter::once("id")
        .chain(fields.iter().map(|f| f.name))
        .collect();
    let rows = records.iter().map(|r| {
        std::iter::once(r.id.clone())
            .chain(fields.iter().map(|f| match r.fields.get(f.name) {
                Some(Value::List(items)) => items.join("; "),
                Some(v) => v.display(),
                None => String::new(),
            }))
            .collect::<Vec<_>>()
    });
    // Writing to memory cannot fail.
    let _ = writer.write_record(&header);
    for row in rows {
        let _ = writer.write_record(&row);
    }
    let _ = writer.flush();
    drop(writer);
    out
}

/// Imports records of `kind` from a CSV file (headers matched to the kind's fields).
pub fn import(binder: &mut Binder, kind: &str, bytes: &[u8]) -> crate::Result<ImportReport> {
    let kind = catalog::kind(kind)?;
    if kind.system {
        return Err(FieldError::SystemKind(kind.name).into());
    }
    let parsed = parse(kind, bytes)?;
    let mut records = BTreeMap::new();
    records.insert(kind.name.to_string(), parsed.rows);
    // Record N of the file is on line N + 1, after the header.
    let mut report = binder.import_records(&records).map_err(|e| match e {
        Error::Import(ImportError::BadRecord {
            kind,
            index,
            message,
        }) => ImportError::BadRecord {
            kind,
            index,
            message: format!("(line {}) {message}", index + 1),
        }
        .into(),
        other => other,
    })?;
    report.notes = parsed.notes;
    Ok(report)
}

/// The live records of `kind` as CSV (with a UTF-8 byte order mark when `bom`).
pub fn export(binder: &Binder, kind: &str, bom: bool) -> crate::Result<Vec<u8>> {
    let kind_def = catalog::kind(kind)?;
    Ok(write(kind_def, &binder.list(kind, false)?, bom))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_by_name_label_or_synonym_and_unknown_columns_are_kept() {
        let kind = crate::catalog::kind("vendor").unwrap();
        let csv = "\u{feff}Vendor,Purpose,Account Number,Support line,Region\nAcme Cloud,Hosting,AC-1,+1 555 0100,EU\n,,,,\n";
        let parsed = parse(kind, csv.as_bytes()).unwrap();
        assert_eq!(parsed.rows.len(), 1, "blank rows are skipped");
        let row = &parsed.rows[0];
        assert_eq!(row["name"], "Acme Cloud");
        assert_eq!(row["service"], "Hosting");
        assert_eq!(row["account_id"], "AC-1");
        assert_eq!(row["support_phone"], "+1 555 0100");
        assert_eq!(row["notes"], "Region: EU");
        assert!(parsed.notes[0].contains("\"Region\""));
    }

    #[test]
    fn malformed_csv_names_the_line() {
        let kind = crate::catalog::kind("contact").unwrap();
        assert!(matches!(
            parse(kind, b"Phone\n1\n"),
            Err(CsvError::NoTitleColumn { .. })
        ));
        let err = parse(kind, b"Name,Phones\nA,1\n\xff\xfe,2\n")
            .map(|_| ())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 3: not UTF-8 text (save the file as CSV UTF-8)"
        );
    }
}
