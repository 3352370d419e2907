//! Any bytes given to the plan importer: no panic, and (for text that reads) every word of the
//! file ends up somewhere in what would be imported.
#![no_main]

use std::collections::BTreeMap;

use binder::planimport::{self, Format};
use libfuzzer_sys::fuzz_target;

fn words(text: &str, into: &mut BTreeMap<String, usize>) {
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *into.entry(w.to_lowercase()).or_default() += 1;
    }
}

/// `text` with its ticks blanked: "[x]", and a table cell that holds only an "x".
fn without_ticks(text: &str) -> String {
    text.replace("[x]", "[ ]")
        .replace("[X]", "[ ]")
        .lines()
        .map(|line| {
            if !line.trim_start().starts_with('|') {
                return line.to_string();
            }
            line.split('|')
                .map(|cell| match cell.trim() {
                    "x" | "X" => "",
                    _ => cell,
                })
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = planimport::decode(data) else {
        return;
    };
    for format in [Format::Markdown, Format::Text] {
        let outline = planimport::read(&text, format);
        let mut n = 0;
        let planned = planimport::plan(&outline, format, &[], &mut |k| {
            n += 1;
            format!("{}-{n}", k.name)
        });
        if !outline.noise_lines.is_empty() {
            continue;
        }
        // A ticked box ("[x]", or an "x" alone in a table's cell) is checkbox syntax, not a
        // word of the plan: checklists are imported as steps to tick during an incident.
        let mut source = BTreeMap::new();
        words(&without_ticks(&text), &mut source);
        // A reference is read as the title of the record it names, as the binder prints it.
        let mut titles = BTreeMap::new();
        for (kind, rows) in &planned.records {
            let title = binder::catalog::kind(kind)
                .map(|k| k.title)
                .unwrap_or("name");
            for row in rows {
                if let (Some(id), Some(t)) =
                    (row.get("id").and_then(|v| v.as_str()), row.get(title))
                {
                    titles.insert(id.to_string(), t.clone());
                }
            }
        }
        let mut kept = BTreeMap::new();
        for rows in planned.records.values() {
            for row in rows {
                for (_, value) in row.iter().filter(|(f, _)| f.as_str() != "id") {
                    let value = value
                        .as_str()
                        .and_then(|id| titles.get(id))
                        .unwrap_or(value);
                    match value {
                        serde_json::Value::String(s) => words(s, &mut kept),
                        serde_json::Value::Array(items) => {
                            for s in items.iter().filter_map(|i| i.as_str()) {
                                words(s, &mut kept);
                            }
                        }
                        other => words(&other.to_string(), &mut kept),
                    }
                }
            }
        }
        for (w, count) in &source {
            assert!(
                kept.get(w).copied().unwrap_or(0) >= *count,
                "{format:?}: the word {w:?} was lost"
            );
        }
    }
});
