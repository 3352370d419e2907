//! The layering rule, checked on the source itself: a module may import only from its own layer
//! or lower ones, and the modules' imports form no cycle. Layers, lowest first: `catalog` and
//! `file`, then `log`, `plan`, `formats` (see ARCHITECTURE.md). `crate::Error` and
//! `crate::Result` (the crate root) are open to all; other root re-exports are not used inside
//! the crate, so that every import names its layer.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The rank of each top-level folder of `src/`.
const LAYERS: &[(&str, u8)] = &[
    ("catalog", 0),
    ("file", 0),
    ("log", 1),
    ("plan", 2),
    ("formats", 3),
];

fn rank(top: &str) -> Option<u8> {
    LAYERS
        .iter()
        .find(|(name, _)| *name == top)
        .map(|(_, r)| *r)
}

/// The module a file belongs to, as `top::module` ("plan::binder", "formats::pdf",
/// "catalog"): the unit the cycle check works on.
fn module_of(relative: &str) -> Option<String> {
    let parts: Vec<&str> = relative.trim_end_matches(".rs").split('/').collect();
    match parts.as_slice() {
        [top, "mod"] | [top] => Some((*top).to_string()),
        [top, module, ..] => Some(format!("{top}::{module}")),
        [] => None,
    }
}

/// Every `crate::…` path in `text`, as the module it points into (`top::module` or `top`), or
/// the root item it names.
fn imports(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let path: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':' || *c == '{')
                .collect();
            let parts: Vec<&str> = path
                .split("::")
                .map(|p| p.trim_start_matches('{'))
                .filter(|p| !p.is_empty())
                .collect();
            match parts.as_slice() {
                [top, module, ..]
                    if rank(top).is_some() && module.starts_with(char::is_lowercase) =>
                {
                    out.insert(format!("{top}::{module}"));
                }
                [top, ..] => {
                    out.insert((*top).to_string());
                }
                [] => {
                    // `use crate::{Error, Result}`: the root's error type, open to all.
                }
            }
            rest = after;
        }
    }
    out
}

/// What is wrong with the layering of these files (path relative to `src/`, text).
pub(crate) fn violations(files: &[(String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in files {
        let Some(from) = module_of(path) else {
            continue;
        };
        let from_top = from.split("::").next().unwrap_or("");
        let Some(from_rank) = rank(from_top) else {
            continue; // lib.rs, the root: it declares the layers and re-exports them
        };
        for to in imports(text) {
            let to_top = to.split("::").next().unwrap_or("");
            match rank(to_top) {
                Some(to_rank) if to_rank > from_rank => problems.push(format!(
                    "{path}: imports crate::{to}, a higher layer ({to_top} is above {from_top})"
                )),
                Some(_) => {
                    if to != from && !from.starts_with(&format!("{to}::")) {
                        graph.entry(from.clone()).or_default().insert(to);
                    }
                }
                None if ["Error", "Result"].contains(&to_top) => {}
                None => problems.push(format!(
                    "{path}: imports crate::{to} from the crate root; name its layer (crate::plan::binder::Binder…)"
                )),
            }
        }
    }
    // A cycle among modules: depth-first search from each, in a fixed order.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        problems: &mut Vec<String>,
    ) {
        if done.contains(node) {
            return;
        }
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_string());
            problems.push(format!("import cycle: {}", cycle.join(" → ")));
            return;
        }
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, stack, done, problems);
        }
        stack.pop();
        done.insert(node.to_string());
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new(), &mut done, &mut problems);
    }
    problems
}

fn sources(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path
                .strip_prefix(root)
                .expect("under src/")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&path).expect("a source file is readable");
            out.push((relative, text));
        }
    }
}

#[test]
fn no_module_imports_a_higher_layer_and_there_is_no_cycle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    assert!(files.len() > 20, "the sources were found");
    let problems = violations(&files);
    assert!(
        problems.is_empty(),
        "layering broken:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_check_catches_an_upward_import_a_root_shortcut_and_a_cycle() {
    let file = |path: &str, text: &str| (path.to_string(), text.to_string());
    let upward = violations(&[file(
        "file/vault.rs",
        "use crate::plan::binder::Binder;\nfn f() {}",
    )]);
    assert_eq!(
        upward,
        ["file/vault.rs: imports crate::plan::binder, a higher layer (plan is above file)"]
    );
    let shortcut = violations(&[file("log/store.rs", "use crate::{Binder, Result};")]);
    assert_eq!(shortcut.len(), 1, "{shortcut:?}");
    assert!(shortcut[0].contains("crate::Binder from the crate root"));
    let cycle = violations(&[
        file("plan/binder.rs", "use crate::plan::signoff::check;"),
        file(
            "plan/signoff.rs",
            "fn f(b: &crate::plan::binder::Binder) {}",
        ),
    ]);
    assert_eq!(
        cycle,
        ["import cycle: plan::binder → plan::signoff → plan::binder"]
    );
    // Same layer, no cycle; lower layers; the root's error type: all fine.
    let fine = violations(&[
        file(
            "plan/incident.rs",
            "use crate::plan::overview::CallEntry;\nuse crate::log::ops::new_id;",
        ),
        file(
            "formats/pdf/report.rs",
            "use crate::plan::incident;\nuse crate::{Error, Result};",
        ),
        file(
            "catalog/mod.rs",
            "// crate::plan::binder in a comment is not an import\n",
        ),
    ]);
    assert!(fine.is_empty(), "{fine:?}");
}
