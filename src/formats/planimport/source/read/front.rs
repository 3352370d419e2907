//! Before a document is read: its front matter (YAML or TOML, kept whole, its title and controls read) and site-generator markup left out.

use super::*;

/// Replaces lines `from..to` (0-based, end exclusive) with empty lines, keeping line numbers.
pub(crate) fn blank_lines(lines: &mut [String], from: usize, to: usize) {
    let to = to.min(lines.len());
    for l in &mut lines[from..to] {
        l.clear();
    }
}

/// Finds front matter at the top: `---`…`---` (YAML), `+++`…`+++` (TOML), or YAML written
/// without its opening `---` (as some policy templates are) up to a `---` line.
pub(crate) fn take_front_matter(lines: &mut [String]) -> Option<FrontMatter> {
    let first = lines.iter().position(|l| !l.trim().is_empty())?;
    let opener = lines[first].trim_end();
    let (start, end, language) = if opener == "---" || opener == "+++" {
        let close = lines[first + 1..]
            .iter()
            .position(|l| l.trim_end() == opener)?
            + first
            + 1;
        (
            first + 1,
            close,
            if opener == "---" { "yaml" } else { "toml" },
        )
    } else {
        let key_line = |l: &str| {
            l.split_once(':').is_some_and(|(k, _)| {
                !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            })
        };
        if !key_line(opener) {
            return None;
        }
        let close = lines[first..].iter().position(|l| l.trim_end() == "---")? + first;
        let looks_like_yaml = lines[first..close].iter().all(|l| {
            l.trim().is_empty() || l.starts_with(' ') || l.starts_with('\t') || key_line(l)
        });
        if !looks_like_yaml || close - first > 200 {
            return None;
        }
        (first, close, "yaml")
    };
    let raw = lines[start..end].join("\n");
    let mut front = FrontMatter {
        raw: raw.trim_matches('\n').to_string(),
        language,
        ..FrontMatter::default()
    };
    if language == "yaml" {
        read_yaml_front(&raw, &mut front);
    } else {
        read_toml_front(&raw, &mut front);
    }
    blank_lines(lines, first, end + 1);
    Some(front)
}

pub(crate) fn read_yaml_front(raw: &str, front: &mut FrontMatter) {
    use yaml_rust2::{Yaml, YamlLoader};
    let docs = match YamlLoader::load_from_str(raw) {
        Ok(d) => d,
        Err(e) => {
            front.problem = Some(format!("the front matter is not valid YAML ({e})"));
            return;
        }
    };
    let Some(doc) = docs.first() else { return };
    front.title = ["title", "name"]
        .iter()
        .find_map(|k| doc[*k].as_str().map(str::to_string));
    if let Some(map) = doc["satisfies"].as_hash() {
        for (framework, refs) in map {
            let Some(framework) = framework.as_str() else {
                continue;
            };
            let refs: Vec<&Yaml> = match refs {
                Yaml::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for r in refs {
                let text = match r {
                    Yaml::String(s) => s.clone(),
                    Yaml::Real(s) => s.clone(),
                    Yaml::Integer(n) => n.to_string(),
                    _ => continue,
                };
                front.controls.push((framework.to_string(), text));
            }
        }
    }
}

pub(crate) fn read_toml_front(raw: &str, front: &mut FrontMatter) {
    match raw.parse::<toml::Table>() {
        Ok(table) => {
            front.title = ["title", "name"]
                .iter()
                .find_map(|k| table.get(*k).and_then(|v| v.as_str()).map(str::to_string));
        }
        Err(e) => front.problem = Some(format!("the front matter is not valid TOML ({e})")),
    }
}

/// MDX imports/exports, Hugo shortcodes, Jekyll/Liquid tags and kramdown attribute lines: markup
/// for a site generator, not words of the plan. An MDX component defined with the words it
/// shows (`export const Version = … => <p>Change history is tracked…</p>;`) holds text a
/// reader of the page sees, so it is kept as written.
pub(crate) fn is_noise(line: &str) -> bool {
    let t = line.trim();
    let shows_words = t.contains("=>") && t.contains('<');
    let mdx = (t.starts_with("import ")
        && (t.contains(" from ") || t.ends_with("';") || t.ends_with("\";")))
        || (t.starts_with("export ")
            && (t.contains(" from ") || (t.starts_with("export const ") && !shows_words)));
    let shortcode = (t.starts_with("{{<") && t.ends_with(">}}"))
        || (t.starts_with("{{%") && t.ends_with("%}}"));
    let liquid = t.starts_with("{%") && t.ends_with("%}");
    let kramdown = t.starts_with("{:") && t.ends_with('}');
    mdx || shortcode || liquid || kramdown
}

pub(crate) fn prepare(text: &str, outline: &mut Outline) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    outline.front = take_front_matter(&mut lines);
    if let Some(problem) = outline.front.as_ref().and_then(|f| f.problem.clone()) {
        outline
            .notes
            .push(format!("{problem}; it is kept as written"));
    }
    super::pandoc::pipe_pandoc_tables(&mut lines);
    super::pandoc::plain_escapes_in(&mut lines);
    let mut in_fence = false;
    for (i, line) in lines.iter_mut().enumerate() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !in_fence && is_noise(line) {
            outline.noise_lines.push(i + 1);
            line.clear();
        }
    }
    lines.join("\n")
}
