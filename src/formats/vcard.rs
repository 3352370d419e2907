//! vCard in and out: contacts from Google, Apple, Outlook, Android… exports (vCard 2.1, 3.0,
//! 4.0), and the call list back out as vCard 4.0 for a phone.
//!
//! Reading handles line folding, quoted-printable (with soft line breaks), CHARSET, bare 2.1
//! type parameters, Apple `itemN.` groups and escapes. Cards become `contact` records; a value
//! that does not fit its field (a "phone number" that is a word) is kept in the notes and
//! reported, never dropped. Photos are ignored, with a note. No I/O here.

use std::collections::BTreeMap;

use crate::catalog::{self, Value};
use crate::plan::binder::{Binder, ImportReport};

/// What reading a vCard file found.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Parsed {
    /// One record per card: field → value, ready for `Binder::import_records`.
    pub contacts: Vec<BTreeMap<String, serde_json::Value>>,
    /// Notes for the import report (photos ignored, values kept in notes…).
    pub notes: Vec<String>,
}

/// A vCard file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum VcardError {
    /// A card was opened and not closed, or properties stand outside a card.
    #[error("line {line}: {message}")]
    Malformed {
        /// 1-based line number in the file.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// No card at all.
    #[error("no vCard in the file (no BEGIN:VCARD line)")]
    Empty,
}

struct Property {
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Property {
    fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

/// Splits on unescaped `sep`, then unescapes each part.
fn split_escaped(value: &str, sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => parts.last_mut().map(|p| p.push('\n')).unwrap_or_default(),
                Some(other) => parts.last_mut().map(|p| p.push(other)).unwrap_or_default(),
                None => {}
            },
            c if c == sep => parts.push(String::new()),
            c => parts.last_mut().map(|p| p.push(c)).unwrap_or_default(),
        }
    }
    parts.into_iter().map(|p| p.trim().to_string()).collect()
}

fn unescape(value: &str) -> String {
    split_escaped(value, '\u{0}').concat()
}

fn decode_quoted_printable(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'=')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    out
}

fn decode_charset(bytes: &[u8], charset: Option<&str>) -> String {
    let encoding = charset
        .and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    match std::str::from_utf8(bytes) {
        Ok(s) if encoding == encoding_rs::UTF_8 => s.to_string(),
        // Exports without a charset that are not UTF-8 are almost always Windows-1252.
        Err(_) if charset.is_none() => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
        _ => encoding.decode(bytes).0.into_owned(),
    }
}

/// Logical lines (folding undone), each with the number of its first physical line.
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut qp_continues = false;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(last) = out.last_mut().filter(|_| qp_continues) {
            // Quoted-printable soft line break: "=" at the end joins the next line as is.
            last.1.pop();
            last.1.push_str(line);
        } else if (line.starts_with(' ') || line.starts_with('\t')) && !out.is_empty() {
            if let Some(last) = out.last_mut() {
                last.1.push_str(&line[1..]);
            }
        } else if !line.trim().is_empty() {
            out.push((n + 1, line.to_string()));
        }
        qp_continues = out.last().is_some_and(|(_, l)| {
            let upper = l.to_ascii_uppercase();
            upper.contains("QUOTED-PRINTABLE") && l.ends_with('=') && l.split_once(':').is_some()
        });
    }
    out
}

fn parse_property(line: &str) -> Option<Property> {
    // The value starts at the first ':' outside a quoted parameter value.
    let mut in_quotes = false;
    let colon = line.char_indices().find(|&(_, c)| {
        if c == '"' {
            in_quotes = !in_quotes;
        }
        c == ':' && !in_quotes
    })?;
    let (head, value) = (&line[..colon.0], &line[colon.0 + 1..]);
    let mut parts = head.split(';');
    let name = parts.next()?.trim();
    // Apple groups properties as "item1.TEL"; the group only ties a label to it.
    let name = name.rsplit('.').next().unwrap_or(name).to_ascii_uppercase();
    let params = parts
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (
                k.trim().to_ascii_uppercase(),
                v.trim().trim_matches('"').to_string(),
            ),
            // vCard 2.1 writes bare types: "TEL;WORK;VOICE:".
            None => ("TYPE".to_string(), p.trim().to_string()),
        })
        .collect();
    Some(Property {
        name,
        params,
        value: value.to_string(),
    })
}

fn decoded(p: &Property) -> String {
    let qp = p
        .param("ENCODING")
        .is_some_and(|e| e.eq_ignore_ascii_case("QUOTED-PRINTABLE"));
    if qp {
        decode_charset(&decode_quoted_printable(&p.value), p.param("CHARSET"))
    } else {
        p.value.clone()
    }
}

/// Reads a vCard file (2.1, 3.0 or 4.0; one or many cards).
pub fn parse(bytes: &[u8]) -> Result<Parsed, VcardError> {
    let text = decode_charset(bytes, None);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut parsed = Parsed::default();
    let mut card: Option<(usize, Vec<Property>)> = None;
    for (line_no, line) in logical_lines(text) {
        let Some(p) = parse_property(&line) else {
            if card.is_some() {
                parsed.notes.push(format!(
                    "line {line_no}: not a vCard property, skipped: {}",
                    line.chars().take(40).collect::<String>()
                ));
                continue;
            }
            return Err(VcardError::Malformed {
                line: line_no,
                message: "text outside a card (expected BEGIN:VCARD)".into(),
            });
        };
        match (
            p.name.as_str(),
            p.value.trim().to_ascii_uppercase().as_str(),
        ) {
            ("BEGIN", "VCARD") => {
                if let Some((start, _)) = card {
                    return Err(VcardError::Malformed {
                        line: line_no,
                        message: format!(
                            "the card opened on line {start} is not closed (END:VCARD)"
                        ),
                    });
                }
                card = Some((line_no, Vec::new()));
            }
            ("END", "VCARD") => match card.take() {
                Some((start, props)) => {
                    let (contact, notes) = to_contact(&props, start);
                    parsed.contacts.push(contact);
                    parsed.notes.extend(notes);
                }
                None => {
                    return Err(VcardError::Malformed {
                        line: line_no,
                        message: "END:VCARD without BEGIN:VCARD".into(),
                    });
                }
            },
            _ => match card.as_mut() {
                Some((_, props)) => props.push(p),
                None => {
                    return Err(VcardError::Malformed {
                        line: line_no,
                        message: format!("{} outside a card (expected BEGIN:VCARD)", p.name),
                    });
                }
            },
        }
    }
    if let Some((start, _)) = card {
        return Err(VcardError::Malformed {
            line: start,
            message: "the card is not closed (END:VCARD missing; is the file cut short?)".into(),
        });
    }
    if parsed.contacts.is_empty() {
        return Err(VcardError::Empty);
    }
    Ok(parsed)
}

fn to_contact(
    props: &[Property],
    line: usize,
) -> (BTreeMap<String, serde_json::Value>, Vec<String>) {
    let first = |name: &str| props.iter().find(|p| p.name == name).map(decoded);
    let (name, org) = card_name(props, line);
    let mut lost = Lost::default();
    let phones = lost.gather(props, "TEL", "phones", "a phone number", "Phone", &name);
    let emails = lost.gather(
        props,
        "EMAIL",
        "emails",
        "an e-mail address",
        "E-mail",
        &name,
    );
    let tags: Vec<String> = props
        .iter()
        .filter(|p| p.name == "CATEGORIES")
        .flat_map(|p| split_escaped(&decoded(p), ','))
        .filter(|t| !t.is_empty())
        .collect();
    for p in props.iter().filter(|p| p.name == "URL") {
        lost.notes.push(format!("Web: {}", unescape(&decoded(p))));
    }
    if props.iter().any(|p| p.name == "PHOTO") {
        lost.said.push(format!("{name}: photo ignored"));
    }
    let mut notes: Vec<String> = props
        .iter()
        .filter(|p| p.name == "NOTE")
        .map(|p| unescape(&decoded(p)))
        .collect();
    notes.extend(lost.notes);

    let mut record = BTreeMap::new();
    let mut put = |k: &str, v: serde_json::Value| {
        record.insert(k.to_string(), v);
    };
    put("name", name.into());
    if let Some(o) = org.filter(|o| !o.is_empty()) {
        put("org", o.into());
    }
    if let Some(t) = first("TITLE")
        .map(|t| unescape(&t))
        .filter(|t| !t.is_empty())
    {
        put("job_title", t.into());
    }
    if !phones.is_empty() {
        put("phones", phones.into());
    }
    if !emails.is_empty() {
        put("emails", emails.into());
    }
    if let Some(a) = postal_address(props).filter(|a| !a.is_empty()) {
        put("address", a.into());
    }
    if !tags.is_empty() {
        put("tags", tags.into());
    }
    if let Some(order) = first(CALL_ORDER).and_then(|o| o.trim().parse::<i64>().ok()) {
        put("call_order", order.to_string().into());
    }
    let notes = notes.join("\n").trim().to_string();
    if !notes.is_empty() {
        put("notes", notes.into());
    }
    (record, lost.said)
}

/// The card's name — FN, else N in reading order, else the organisation, else where the card
/// is — and its organisation.
fn card_name(props: &[Property], line: usize) -> (String, Option<String>) {
    let first = |name: &str| props.iter().find(|p| p.name == name).map(decoded);
    let from_n = first("N").map(|n| {
        let parts = split_escaped(&n, ';');
        // N is family;given;additional;prefix;suffix — written back in reading order.
        let pick = |i: usize| parts.get(i).cloned().unwrap_or_default();
        [pick(3), pick(1), pick(2), pick(0), pick(4)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    });
    let org = first("ORG").map(|o| {
        split_escaped(&o, ';')
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    });
    let name = first("FN")
        .map(|f| unescape(&f))
        .filter(|f| !f.is_empty())
        .or(from_n.filter(|n| !n.is_empty()))
        .or(org.clone().filter(|o| !o.is_empty()))
        .unwrap_or_else(|| format!("Unnamed contact (card on line {line})"));
    (name, org)
}

/// The first postal address, one line per part (street, city with region and code, country).
fn postal_address(props: &[Property]) -> Option<String> {
    props.iter().find(|p| p.name == "ADR").map(|p| {
        let parts = split_escaped(&decoded(p), ';');
        let pick = |i: usize| parts.get(i).cloned().unwrap_or_default();
        // po box; extended; street; locality; region; code; country
        let city = [pick(3), pick(4), pick(5)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        [pick(0), pick(1), pick(2), city, pick(6)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// What a card held that its fields could not: what to say about it, and what to keep in the
/// notes instead.
#[derive(Default)]
struct Lost {
    said: Vec<String>,
    notes: Vec<String>,
}

impl Lost {
    /// Every value of `property` that `field` takes, in one list; a value it does not take is
    /// kept in the notes (as `label`) and said (as not `what`).
    fn gather(
        &mut self,
        props: &[Property],
        property: &str,
        field: &str,
        what: &str,
        label: &str,
        name: &str,
    ) -> Vec<String> {
        let kind = catalog::kind("contact").expect("the catalog has contacts");
        let field = kind.field(field).expect("contact fields exist");
        let mut ok_values = Vec::new();
        for p in props.iter().filter(|p| p.name == property) {
            let v = unescape(&decoded(p));
            let v = v.strip_prefix("tel:").unwrap_or(&v).to_string();
            match field.check(&Value::Text(v.clone()), &catalog::NoReferences) {
                Ok(Value::List(mut ok)) => ok_values.append(&mut ok),
                _ if v.is_empty() => {}
                _ => {
                    self.said
                        .push(format!("{name}: \"{v}\" is not {what}; kept in the notes"));
                    self.notes.push(format!("{label} (as exported): {v}"));
                }
            }
        }
        ok_values
    }
}

/// The extension property that carries a contact's place in the call list.
const CALL_ORDER: &str = "X-CONTINUITY-BINDER-CALL-ORDER";

fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets without splitting a character (RFC 6350 §3.2).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// Writes contacts as vCard 4.0 cards, one after the other.
pub fn write(contacts: &[crate::log::store::Record]) -> String {
    let mut out = String::new();
    for c in contacts {
        let name = c.title();
        let mut words: Vec<&str> = name.split_whitespace().collect();
        let family = if words.len() > 1 {
            words.pop().unwrap_or_default()
        } else {
            ""
        };
        let lines = [
            "BEGIN:VCARD".to_string(),
            "VERSION:4.0".to_string(),
            format!("UID:urn:continuity-binder:{}", c.id),
            format!("FN:{}", escape(&name)),
            format!("N:{};{};;;", escape(family), escape(&words.join(" "))),
        ];
        for l in lines {
            fold(&l, &mut out);
        }
        let list = |f: &str| match c.fields.get(f) {
            Some(Value::List(items)) => items.clone(),
            Some(Value::Text(t)) => vec![t.clone()],
            _ => Vec::new(),
        };
        if !c.text("org").is_empty() {
            fold(&format!("ORG:{}", escape(&c.text("org"))), &mut out);
        }
        if !c.text("job_title").is_empty() {
            fold(&format!("TITLE:{}", escape(&c.text("job_title"))), &mut out);
        }
        for (i, phone) in list("phones").iter().enumerate() {
            let pref = if i == 0 { ";PREF=1" } else { "" };
            fold(
                &format!("TEL;VALUE=text;TYPE=voice{pref}:{}", escape(phone)),
                &mut out,
            );
        }
        for (i, email) in list("emails").iter().enumerate() {
            let pref = if i == 0 { ";PREF=1" } else { "" };
            fold(&format!("EMAIL{pref}:{}", escape(email)), &mut out);
        }
        if !c.text("address").is_empty() {
            fold(
                &format!("ADR:;;{};;;;", escape(&c.text("address"))),
                &mut out,
            );
        }
        let tags = list("tags");
        if !tags.is_empty() {
            fold(
                &format!(
                    "CATEGORIES:{}",
                    tags.iter().map(|t| escape(t)).collect::<Vec<_>>().join(",")
                ),
                &mut out,
            );
        }
        if !c.text("notes").is_empty() {
            fold(&format!("NOTE:{}", escape(&c.text("notes"))), &mut out);
        }
        if !c.text("call_order").is_empty() {
            // Not a vCard notion: an extension property other apps ignore.
            fold(&format!("{CALL_ORDER}:{}", c.text("call_order")), &mut out);
        }
        fold("END:VCARD", &mut out);
    }
    out
}

/// Imports contacts from a vCard file (2.1, 3.0 or 4.0, one or many cards).
pub fn import(binder: &mut Binder, bytes: &[u8]) -> crate::Result<ImportReport> {
    let parsed = parse(bytes)?;
    let mut records = std::collections::BTreeMap::new();
    records.insert("contact".to_string(), parsed.contacts);
    let mut report = binder.import_records(&records)?;
    report.notes = parsed.notes;
    Ok(report)
}

/// The live contacts as vCard 4.0 (in call order, then by name).
pub fn export(binder: &Binder) -> crate::Result<String> {
    Ok(write(&binder.list("contact", false)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_folding_quoted_printable_groups_and_escapes() {
        let card = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=96berg;=C3=85sa;;;\r\nTEL;WORK;VOICE:+46 70 123\r\n 45 67\r\nitem1.EMAIL;type=INTERNET:asa@example.se\r\nNOTE;ENCODING=QUOTED-PRINTABLE:line one=0D=0A=\r\nline two\r\nORG:Acme\\, Inc.;Ops\r\nEND:VCARD\r\n";
        let parsed = parse(card.as_bytes()).unwrap();
        let c = &parsed.contacts[0];
        assert_eq!(c["name"], "Åsa Öberg");
        assert_eq!(c["phones"], serde_json::json!(["+46 70 12345 67"]));
        assert_eq!(c["emails"], serde_json::json!(["asa@example.se"]));
        assert_eq!(c["org"], "Acme, Inc., Ops");
        assert!(
            c["notes"]
                .as_str()
                .unwrap()
                .contains("line one\r\nline two")
        );
    }

    #[test]
    fn malformed_files_say_which_line() {
        let err = parse(b"BEGIN:VCARD\nFN:A\nBEGIN:VCARD\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 3: the card opened on line 1 is not closed (END:VCARD)"
        );
        assert!(
            parse(b"FN:A\n")
                .unwrap_err()
                .to_string()
                .starts_with("line 1:")
        );
        assert!(matches!(parse(b""), Err(VcardError::Empty)));
        assert!(
            parse(b"BEGIN:VCARD\nFN:A\n")
                .unwrap_err()
                .to_string()
                .contains("cut short")
        );
    }

    #[test]
    fn written_cards_fold_at_75_octets_and_escape() {
        let mut out = String::new();
        fold(&format!("NOTE:{}", "Å".repeat(60)), &mut out);
        assert!(out.split("\r\n").all(|l| l.len() <= 75), "{out}");
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
