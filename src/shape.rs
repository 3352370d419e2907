//! The code's shape, checked on the source itself: no file over 800 lines and no function over
//! 80 in `src/`, `cli/src` and `src-tauri/src` (tests, generated files and the catalog's data
//! table aside), and no section of a printed document over 60. Nothing is excused: a file or
//! function that grows past its limit fails the test until it is split by what it does.

use std::path::{Path, PathBuf};

const MAX_FILE: usize = 800;
const MAX_FN: usize = 80;

/// A printed document is a list of sections, each at most this long.
const DOCUMENTS: &str = "src/formats/pdf/documents/";
const MAX_SECTION: usize = 60;

/// Not held to the rule: the catalog's table of kinds (data, one entry a kind).
const DATA: &[&str] = &["src/catalog/kinds.rs"];

/// Lines of `text` before its test module, if any.
fn without_tests(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let end = (0..lines.len())
        .find(|&i| {
            lines[i].trim() == "#[cfg(test)]"
                && lines
                    .get(i + 1)
                    .is_some_and(|l| l.starts_with("mod ") && l.trim_end().ends_with('{'))
        })
        .unwrap_or(lines.len());
    lines[..end].to_vec()
}

/// The functions of `lines` longer than `max`: (name, lines), a function counted from its
/// `fn` line to the closing brace at its own indent.
fn long_functions(lines: &[&str], max: usize) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let head = trimmed
            .trim_start_matches("pub ")
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("const ")
            .trim_start_matches("async ")
            .trim_start_matches("unsafe ");
        let Some(rest) = head.strip_prefix("fn ") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let close = format!("{}}}", " ".repeat(indent));
        let Some(body) = lines[i..]
            .iter()
            .position(|l| l.trim_end().ends_with('{') || l.trim_end().ends_with(';'))
        else {
            continue;
        };
        if lines[i + body].trim_end().ends_with(';') {
            continue;
        }
        if let Some(end) = lines[i..].iter().position(|l| *l == close) {
            let n = end + 1;
            if n > max {
                out.push((name, n));
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// What breaks the rule in the tree at `root`, as `path` (a file) or `path fn` (a function).
fn too_long(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for dir in ["src", "cli/src", "src-tauri/src"] {
        rust_files(&root.join(dir), &mut files);
    }
    let mut out = Vec::new();
    for path in files {
        let relative = path
            .strip_prefix(root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if DATA.contains(&relative.as_str()) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let lines = without_tests(&text);
        if lines.len() > MAX_FILE {
            out.push(relative.clone());
        }
        let max = if relative.starts_with(DOCUMENTS) {
            MAX_SECTION
        } else {
            MAX_FN
        };
        for (name, _) in long_functions(&lines, max) {
            out.push(format!("{relative} {name}"));
        }
    }
    out
}

#[test]
fn no_file_over_800_lines_and_no_function_over_80() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = too_long(root);
    assert!(
        found.is_empty(),
        "too long now (split it by what it does): {found:#?}"
    );
}

#[test]
fn the_check_counts_a_function_from_its_line_to_its_closing_brace() {
    let mut text =
        String::from("fn short() {\n    1;\n}\n\n    pub(crate) fn long(&self) -> u8 {\n");
    for _ in 0..80 {
        text.push_str("        x();\n");
    }
    text.push_str("    }\nfn declared();\n");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(long_functions(&lines, MAX_FN), [("long".to_string(), 82)]);
}

/// A binder is made in as few ways as can be told apart (issue 26 found ten): a public function
/// of `Binder` that returns a `Binder` is a constructor, and there are at most three.
#[test]
fn a_binder_has_at_most_three_constructors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("src/plan/binder.rs")];
    rust_files(&root.join("src/plan/binder"), &mut files);
    let mut constructors = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let lines = without_tests(&text);
        for (i, line) in lines.iter().enumerate() {
            let Some(rest) = line.trim_start().strip_prefix("pub fn ") else {
                continue;
            };
            // The signature up to its body, which may run over several lines.
            let signature: String = lines[i..]
                .iter()
                .take_while(|l| !l.trim_end().ends_with('{'))
                .chain(lines[i..].iter().find(|l| l.trim_end().ends_with('{')))
                .copied()
                .collect();
            if signature.contains("-> Binder") || signature.contains("-> Result<Binder>") {
                constructors.push(rest.split('(').next().unwrap_or(rest).to_string());
            }
        }
    }
    assert!(
        !constructors.is_empty() && constructors.len() <= 3,
        "constructors of Binder: {constructors:?}"
    );
}
