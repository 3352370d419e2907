//! The app's commands, declared once: each is a `#[tauri::command]` function in its area's file
//! under `src/commands/`, and nothing else lists it by hand. From the functions read here,
//! `build.rs` makes the handler list (`app_handler!`) and the permission list Tauri checks
//! against the capability file; a test (`declared_lists_are_current`) checks the capability
//! file and the UI's typed wrappers (`ui/src/api/commands.ts`) against them, and `BLESS=1`
//! writes both anew. Plain `std` only: `build.rs` includes this file too.

use std::path::Path;

/// One command as its function declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    /// Its file under `src/commands/` (without `.rs`).
    pub area: String,
    /// The function's name: the command's name.
    pub name: String,
    /// The first paragraph of its doc comment.
    pub doc: String,
    /// (name, Rust type) of each argument the UI passes (the app handle and state left out).
    pub params: Vec<(String, String)>,
    /// The Rust type it answers with, inside `Res<…>`.
    pub returns: String,
}

/// Arguments Tauri fills in itself, not the UI.
const INJECTED: &[&str] = &["AppHandle", "State<", "Window", "Webview"];

/// Every command under `dir` (the `src/commands` folder), by area file then in file order.
pub fn scan(dir: &Path) -> std::io::Result<Vec<Declared>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let area = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&file)?;
        out.extend(in_file(&area, &text));
    }
    Ok(out)
}

/// The commands one file declares.
pub fn in_file(area: &str, text: &str) -> Vec<Declared> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.trim() != "#[tauri::command]" {
            continue;
        }
        let mut doc: Vec<&str> = Vec::new();
        let mut j = i;
        while j > 0 && lines[j - 1].trim_start().starts_with("///") {
            j -= 1;
            doc.insert(0, lines[j].trim_start().trim_start_matches("///").trim());
        }
        let doc = doc
            .split(|l| l.is_empty())
            .next()
            .unwrap_or_default()
            .join(" ");
        let signature: String = lines[i + 1..]
            .iter()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(d) = parse_signature(area, &signature, doc) {
            out.push(d);
        }
    }
    out
}

fn parse_signature(area: &str, text: &str, doc: String) -> Option<Declared> {
    let after_fn = text.split_once("fn ")?.1;
    let (name, rest) = after_fn.split_once('(')?;
    let close = closing(rest)?;
    let params = split_top(&rest[..close], ',')
        .into_iter()
        .filter_map(|p| {
            let (n, ty) = p.split_once(':')?;
            let ty = ty.trim().to_string();
            (!INJECTED.iter().any(|i| ty.contains(i))).then(|| (n.trim().to_string(), ty))
        })
        .collect();
    let after = rest[close + 1..].trim_start();
    let ret = after.strip_prefix("->")?.split('{').next()?.trim();
    let returns = ret
        .strip_prefix("Res<")
        .and_then(|r| r.strip_suffix('>'))
        .unwrap_or(ret)
        .trim()
        .to_string();
    Some(Declared {
        area: area.to_string(),
        name: name.trim().to_string(),
        doc,
        params,
        returns,
    })
}

/// The index of the `)` closing an argument list that starts just before `text`.
fn closing(text: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' | '>' | ']' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// `text` split at `sep` outside brackets, each part trimmed, empty parts left out.
fn split_top(text: &str, sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0i32;
    for c in text.chars() {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' | '>' | ']' => depth -= 1,
            _ => {}
        }
        if c == sep && depth == 0 {
            parts.push(String::new());
        } else if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The handler list for `tauri::Builder::invoke_handler`, as a macro `main.rs` includes.
pub fn handler_macro(commands: &[Declared]) -> String {
    let paths: Vec<String> = commands
        .iter()
        .map(|c| format!("        crate::commands::{}::{},\n", c.area, c.name))
        .collect();
    format!(
        "// Made by build.rs from the commands under src/commands (see src/declared.rs).\nmacro_rules! app_handler {{\n    () => {{\n        tauri::generate_handler![\n{}        ]\n    }};\n}}\n",
        paths.concat()
    )
}

/// The main window's capability: event listening and exactly the app's commands.
pub fn capability(commands: &[Declared]) -> String {
    let mut permissions = vec![
        "core:event:allow-listen".to_string(),
        "core:event:allow-unlisten".to_string(),
    ];
    permissions.extend(
        commands
            .iter()
            .map(|c| format!("allow-{}", c.name.replace('_', "-"))),
    );
    let list = permissions
        .iter()
        .map(|p| format!("    \"{p}\""))
        .collect::<Vec<_>>()
        .join(",\n");
    format!(
        "{{\n  \"$schema\": \"../gen/schemas/desktop-schema.json\",\n  \"identifier\": \"main\",\n  \"description\": \"The main window: the app's own commands (made from src/commands by src/declared.rs; BLESS=1 cargo test -p continuity-binder-app declared writes this file) and event listening. No file-system, shell, HTTP or opener access from the UI.\",\n  \"windows\": [\n    \"main\"\n  ],\n  \"permissions\": [\n{list}\n  ]\n}}\n"
    )
}

/// The UI's typed wrapper of every command (`ui/src/api/commands.ts`).
pub fn typescript(commands: &[Declared]) -> String {
    let mut types: Vec<String> = Vec::new();
    let mut body = String::new();
    for c in commands {
        let mut args = Vec::new();
        let mut keys = Vec::new();
        // Arguments that may be left out: the optional ones at the end.
        let optional_from = c
            .params
            .iter()
            .rposition(|(_, ty)| !ty.starts_with("Option<"))
            .map_or(0, |i| i + 1);
        for (i, (name, ty)) in c.params.iter().enumerate() {
            let camel = camel(name);
            let local = if RESERVED.contains(&camel.as_str()) {
                format!("{camel}_")
            } else {
                camel.clone()
            };
            let ts = ts_type(ty, &mut types);
            let mark = if i >= optional_from { "?" } else { "" };
            args.push(format!("{local}{mark}: {ts}"));
            keys.push(if local == camel {
                camel
            } else {
                format!("{camel}: {local}")
            });
        }
        let returns = ts_type(&c.returns, &mut types);
        let call_args = if keys.is_empty() {
            String::new()
        } else {
            format!(", {{ {} }}", keys.join(", "))
        };
        if !c.doc.is_empty() {
            body.push_str(&format!("  /** {} */\n", c.doc.replace("*/", "* /")));
        }
        body.push_str(&format!(
            "  {}: ({}) => call<{returns}>('{}'{call_args}),\n",
            camel(&c.name),
            args.join(", "),
            c.name
        ));
    }
    types.sort();
    types.dedup();
    format!(
        "// Made from the app's commands (src-tauri/src/commands, read by src-tauri/src/declared.rs):\n// do not edit. `BLESS=1 cargo test -p continuity-binder-app declared` writes it anew.\nimport {{ call }} from './call';\nimport type {{\n{}\n}} from './bindings';\n\nexport const commands = {{\n{body}}};\n",
        types
            .iter()
            .map(|t| format!("  {t},"))
            .collect::<Vec<_>>()
            .join("\n")
    )
}

const RESERVED: &[&str] = &["new", "default", "function", "class", "delete", "in", "var"];

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The TypeScript type of a Rust type the commands use; named types come from the generated
/// bindings and are collected in `types`.
fn ts_type(rust: &str, types: &mut Vec<String>) -> String {
    let t = rust.trim();
    if let Some(inner) = t.strip_prefix("Option<").and_then(|r| r.strip_suffix('>')) {
        return format!("{} | null", ts_type(inner, types));
    }
    if let Some(inner) = t.strip_prefix("Vec<").and_then(|r| r.strip_suffix('>')) {
        let inner = ts_type(inner, types);
        return if inner.contains(' ') {
            format!("({inner})[]")
        } else {
            format!("{inner}[]")
        };
    }
    let last = t.rsplit("::").next().unwrap_or(t);
    match last {
        "()" => "null".into(),
        "String" | "&str" | "Passphrase" | "ShareText" | "SecretString" => "string".into(),
        "bool" => "boolean".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" | "f32" | "f64" => "number".into(),
        named => {
            types.push(named.to_string());
            named.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
    }

    /// The capability file and the UI's wrappers are made from the commands' functions; a
    /// command added, removed or changed without `BLESS=1` fails here (the handler list and
    /// the permission list are made by build.rs and cannot drift).
    #[test]
    fn declared_lists_are_current() {
        let commands = scan(&root().join("src/commands")).unwrap();
        assert!(commands.len() > 60, "{} commands", commands.len());
        let files = [
            (root().join("capabilities/main.json"), capability(&commands)),
            (
                root().join("../ui/src/api/commands.ts"),
                typescript(&commands),
            ),
        ];
        for (path, made) in files {
            if std::env::var_os("BLESS").is_some() {
                std::fs::write(&path, &made).unwrap();
            }
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == made,
                "{} is not what the commands declare; run BLESS=1 cargo test -p continuity-binder-app declared",
                path.display()
            );
        }
    }

    #[test]
    fn a_command_is_read_from_its_function() {
        let text = "/// Signs the plan.\n///\n/// More.\n#[tauri::command]\npub async fn sign_plan(\n    app: AppHandle,\n    meaning: String,\n    new: Passphrase,\n    path: Option<String>,\n) -> Res<Option<Vec<binder::Preview>>> {\n";
        let found = in_file("review", text);
        assert_eq!(found.len(), 1);
        let c = &found[0];
        assert_eq!(c.name, "sign_plan");
        assert_eq!(c.doc, "Signs the plan.");
        assert_eq!(c.params.len(), 3, "the app handle is Tauri's");
        let ts = typescript(&found);
        assert!(
            ts.contains("signPlan: (meaning: string, new_: string, path?: string | null) => call<Preview[] | null>('sign_plan', { meaning, new: new_, path }),"),
            "{ts}"
        );
        assert!(handler_macro(&found).contains("crate::commands::review::sign_plan,"));
        assert!(capability(&found).contains("\"allow-sign-plan\""));
    }
}
