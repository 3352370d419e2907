use super::*;

impl Planner<'_> {
    /// A tree drawing of systems (`├── Database: Supabase`): each branch a dependency of the
    /// one above it, and the name after a colon the vendor that runs it.
    pub(crate) fn tree_drawing(&mut self, text: &str, first_line: usize) {
        if !text.contains('├') && !text.contains('└') {
            return;
        }
        let previous = std::mem::replace(&mut self.confidence, Confidence::Likely);
        self.tree_drawing_read(text, first_line);
        self.confidence = previous;
    }

    pub(crate) fn tree_drawing_read(&mut self, text: &str, first_line: usize) {
        // A drawing in a box (┌─┐ │ … │ └─┘): the frame is not part of it, and blank lines
        // inside the box part its groups rather than end it.
        let framed = text.lines().any(|l| l.trim_start().starts_with('┌'));
        let lines: Vec<&str> = text.lines().map(unframe).collect();
        let branch = |l: &str| l.contains("├") || l.contains("└");
        let Some(start) = lines.iter().position(|l| branch(l)) else {
            return;
        };
        // The root: the line above the first branch, when it is not a branch itself.
        let mut root = start
            .checked_sub(1)
            .map(|i| lines[i].trim())
            .filter(|l| !l.is_empty() && !l.starts_with("```") && !l.starts_with("~~~"))
            .map(|l| l.trim_end_matches(['/', ':']).to_string());
        let mut parents: Vec<(usize, String)> = Vec::new();
        for (i, l) in lines.iter().enumerate().skip(start) {
            if !branch(l) {
                if l.trim_start().starts_with("```") || (l.trim().is_empty() && !framed) {
                    break;
                }
                // In a box, a line standing outside the branches names the next group.
                if framed && !l.trim().is_empty() && !lines[i - 1].trim().is_empty() {
                    continue;
                }
                if framed && !l.trim().is_empty() {
                    parents.clear();
                    root = Some(l.trim().trim_end_matches(['/', ':']).to_string());
                }
                continue;
            }
            let Some((at, system, runs_on)) = branch_node(l) else {
                continue;
            };
            while parents.last().is_some_and(|(d, _)| *d >= at) {
                parents.pop();
            }
            let parent = parents
                .last()
                .map(|(_, n)| n.clone())
                .or_else(|| root.clone());
            parents.push((at, system.to_string()));
            self.tree_branch(system, runs_on, parent, first_line + i);
        }
    }

    /// A branch of a tree drawing: `system`, a dependency of `parent`, run by the vendor named
    /// in `runs_on` (when that is a name).
    fn tree_branch(
        &mut self,
        system: &str,
        runs_on: Option<&str>,
        parent: Option<String>,
        line: usize,
    ) {
        let dependency = kind_def("dependency");
        let (id, new) = self.id_for(dependency, system);
        let provider = runs_on
            .and_then(|v| v.split([',', '(', ';']).next())
            .map(str::trim)
            .filter(|v| {
                !v.is_empty()
                    && v.split_whitespace().count() <= 4
                    && v.chars().next().is_some_and(char::is_uppercase)
            });
        let vendor_id = provider.map(|name| self.tree_vendor(name, system, line));
        let row = self.row(dependency, &id);
        row.insert("system".into(), system.into());
        if let Some(p) = &parent {
            row.insert("function".into(), p.clone().into());
        }
        if let Some(v) = vendor_id {
            row.insert("vendor".into(), v.into());
        }
        if let Some(v) = runs_on {
            row.insert("notes".into(), format!("{system}: {v}").into());
        }
        let under = parent.map(|p| format!(" under “{p}”")).unwrap_or_default();
        self.entry(
            line,
            "dependency",
            system,
            Some(&id),
            new,
            format!("a branch of a tree drawing{under}"),
        );
    }

    /// The id of the vendor `name` that runs `system`, made (and reported) the first time.
    fn tree_vendor(&mut self, name: &str, system: &str, line: usize) -> String {
        let vendor = kind_def("vendor");
        let (vid, vnew) = match self.lookup(vendor.name, name) {
            Some(v) => (
                v.clone(),
                !self.row_of.contains_key(&v) && self.made.contains(&v),
            ),
            None => self.id_for(vendor, name),
        };
        if !self.row_of.contains_key(&vid) {
            let row = self.row(vendor, &vid);
            row.insert("name".into(), name.into());
            row.insert("service".into(), system.into());
            self.entry(
                line,
                "vendor",
                name,
                Some(&vid),
                vnew,
                format!("runs “{system}” in a tree drawing of systems"),
            );
        }
        vid
    }
}

/// A branch line of a drawing (`│   ├── Database: Supabase`): how far in it branches, the
/// system it names, and what follows a colon; `None` for a branch with no name.
fn branch_node(l: &str) -> Option<(usize, &str, Option<&str>)> {
    let at = l
        .char_indices()
        .find(|(_, c)| *c == '├' || *c == '└')
        .map_or(0, |(p, _)| l[..p].chars().count());
    let node = l
        .trim_start_matches(|c: char| c.is_whitespace() || "│├└─-|`".contains(c))
        .trim();
    if node.is_empty() {
        return None;
    }
    let (system, runs_on) = match node.split_once(": ") {
        Some((s, v)) => (s.trim().trim_end_matches('/'), Some(v.trim())),
        None => (node.trim_end_matches('/'), None),
    };
    Some((at, system, runs_on))
}

/// A line of a drawing without the box around it: `│ ├── DNS │` is `├── DNS`, and a line of the
/// frame alone (`├────┤`, `└────┘`) is empty.
fn unframe(line: &str) -> &str {
    let t = line.trim();
    if !t.is_empty() && t.chars().all(|c| "┌┐└┘├┤─│┬┴┼═║╔╗╚╝╠╣ ".contains(c))
    {
        return "";
    }
    let boxed = t.starts_with(['│', '║']) && t.ends_with(['│', '║']) && t.chars().count() > 1;
    if boxed {
        t.trim_start_matches(['│', '║'])
            .trim_end_matches(['│', '║'])
            .trim_end()
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drawing_in_a_box_is_read_without_its_frame() {
        assert_eq!(unframe("│ ├── DNS Services │"), " ├── DNS Services");
        assert_eq!(unframe("├──────────┤"), "");
        assert_eq!(unframe("│ │"), "");
        assert_eq!(unframe("  ├── DNS"), "  ├── DNS");
    }
}
