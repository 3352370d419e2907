use super::*;

impl Planner<'_> {
    /// Messages written out in a fenced block — with blanks to fill (`[Customer name]`,
    /// `{{service}}`, `<Insert time>`, `$ETA`) or a `Subject:` line — become message templates,
    /// named by their subject or the section they are in. Blanks whose meaning is clear become
    /// the incident's facts (`[service]` → `{service}`), so the incident screen fills them; the
    /// block stays in the section's text as written.
    pub(crate) fn templates_in_text(&mut self, text: &str, first_line: usize, section: &str) {
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let t = lines[i].trim_start();
            // ("...." delimits a literal block in AsciiDoc and text written like it.)
            let Some(fence) = ["```", "~~~", "...."].into_iter().find(|f| {
                t.starts_with(f) && (*f != "...." || t.trim_end().chars().all(|c| c == '.'))
            }) else {
                i += 1;
                continue;
            };
            let start = i;
            let end = (i + 1..lines.len())
                // ("...." closes only as a line of dots: "....and then" is text.)
                .find(|&j| {
                    let l = lines[j].trim();
                    l.starts_with(fence) && (fence != "...." || l.chars().all(|c| c == '.'))
                })
                .unwrap_or(lines.len());
            i = end + 1;
            let body: Vec<&str> = lines[start + 1..end.min(lines.len())].to_vec();
            // Commands to run are no message, however many `$HOME`s they hold.
            if is_code(t[fence.len()..].trim(), &body) {
                continue;
            }
            let blanks = body.iter().map(|l| blank_count(l)).sum::<usize>();
            let subject = body.iter().find_map(|l| {
                l.trim()
                    .strip_prefix("Subject:")
                    .map(|s| s.trim().to_string())
            });
            // "Post this in the channel:" over the block: a message to send as it is, blanks
            // or not.
            let led = lines[..start]
                .iter()
                .rev()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| leads_into_a_message(l));
            if blanks < 2 && subject.is_none() && !led {
                continue;
            }
            let message: Vec<String> = body
                .iter()
                .filter(|l| !l.trim_start().starts_with("Subject:"))
                .map(|l| fill_facts(l))
                .collect();
            let message = message.join("\n").trim().to_string();
            if message.is_empty() {
                continue;
            }
            let title = match &subject {
                // (A subject that is mostly blanks, "git: <copy from advisory>", names
                // nothing: the heading does.)
                Some(s)
                    if 2 * without_blanks(s).split_whitespace().count()
                        >= strip_blanks(s).split_whitespace().count()
                        && !strip_blanks(s).is_empty() =>
                {
                    strip_blanks(s)
                }
                // A second message under one heading is named by its own first words.
                _ if self.already_read(kind_def("template"), section) => {
                    strip_blanks(&first_words(&message, 8))
                }
                _ => section.to_string(),
            };
            let subject = subject.as_deref().map(fill_facts);
            let why = format!("a message in a fenced block, with {blanks} blank(s) to fill");
            self.message_template(&title, message, subject, first_line + start, why);
        }
    }

    /// Messages quoted to be said or sent — a blockquote that is one quotation ("> \"ALL COMM,
    /// ALL COMM. This is KHAKI. A site-wide evacuation will take place …\"") or that has blanks to
    /// fill — become message templates, named by their first words; the block stays in the
    /// section's text as written.
    pub(crate) fn quoted_messages(&mut self, text: &str, first_line: usize) {
        let kind = kind_def("template");
        for (start, quote) in blockquotes(text) {
            let message = quote.trim();
            let quoted = message.starts_with(['"', '“']) && message.ends_with(['"', '”']);
            let blanks = blank_count(message);
            if message.split_whitespace().count() < 6 || !(quoted || blanks >= 2) {
                continue;
            }
            let message = message.trim_matches(['"', '“', '”']).trim();
            let title = first_words(message, 8);
            if self.already_read(kind, &title) {
                continue;
            }
            let why = "a message quoted in the text, to be said or sent".to_string();
            self.message_template(&title, fill_facts(message), None, first_line + start, why);
        }
    }

    /// The message template `title` with its body (and subject), proposed as `why` says.
    fn message_template(
        &mut self,
        title: &str,
        body: String,
        subject: Option<String>,
        line: usize,
        why: String,
    ) {
        let kind = kind_def("template");
        let (id, new) = self.id_for(kind, title);
        let row = self.row(kind, &id);
        row.insert("name".into(), title.into());
        row.insert("body".into(), body.into());
        if let Some(subject) = subject {
            row.insert("subject".into(), subject.into());
        }
        self.entry(line, "template", title, Some(&id), new, why);
    }

    /// Whether this import already made or updated a record of `kind` titled `title`.
    pub(crate) fn already_read(&self, kind: &'static KindDef, title: &str) -> bool {
        self.lookup(kind.name, title)
            .is_some_and(|id| self.row_of.contains_key(&id))
    }

    /// Whether a title speaks of a kind's records, in the catalog's words for them ("Critical
    /// Vendors", "Our suppliers", "Third-party providers").
    pub(crate) fn speaks_of(kind: &'static KindDef, title: &str) -> bool {
        let words: Vec<String> = title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase())
            .collect();
        let mut names: Vec<&str> = vec![kind.name, kind.label, kind.plural];
        if let Some(f) = kind.field(kind.title) {
            names.extend(f.synonyms.iter().copied());
        }
        names.iter().any(|n| {
            let n = n.to_lowercase();
            words
                .iter()
                .any(|w| *w == n || w.strip_suffix('s') == Some(n.as_str()))
        })
    }
}

/// What a heading names when it names a message or a form to fill, by its last word
/// ("Customer Notification Template", "Breach Notification Form", "Media Statement").
const MESSAGE_WORDS: &[&str] = &[
    "template",
    "form",
    "statement",
    "announcement",
    "script",
    "letter",
];

/// Headings that name a message or a form ("### Appendix B: Customer Notification Template"):
/// each a template, named by the heading without its appendix letter, its message the text
/// under it. Not where a fenced message under it was read already.
pub(crate) fn headings_as_templates(p: &mut Planner, blocks: &[Block]) {
    let kind = kind_def("template");
    for (at, block) in blocks.iter().enumerate() {
        let Block::Heading { level, title, line } = block else {
            continue;
        };
        let name = normalise::normalise(title);
        let name = match name.split_once(": ") {
            Some((appendix, rest)) if appendix.to_lowercase().starts_with("appendix") => rest,
            _ => name.as_str(),
        };
        let last = name
            .split_whitespace()
            .last()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .unwrap_or_default();
        let words: Vec<String> = name.split_whitespace().map(|w| w.to_lowercase()).collect();
        // A statement to the press, not a policy's or a mission's.
        let said_to_others = last != "statement"
            || words
                .iter()
                .rev()
                .nth(1)
                .is_some_and(|w| ["media", "press", "holding", "public"].contains(&w.as_str()));
        if !MESSAGE_WORDS.contains(&last.as_str())
            || !(2..=6).contains(&words.len())
            || !said_to_others
        {
            continue;
        }
        let under: Vec<&Block> = blocks[at + 1..]
            .iter()
            .take_while(|b| !matches!(b, Block::Heading { level: l, .. } if l <= level))
            .collect();
        let end = under.last().map_or(*line, |b| b.line());
        let read = p
            .report
            .entries
            .iter()
            .any(|e| e.kind == "template" && e.line >= *line && e.line <= end);
        if read || p.already_read(kind, name) {
            continue;
        }
        let body: Vec<&str> = under
            .iter()
            .filter_map(|b| match b {
                Block::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        let previous = std::mem::replace(&mut p.confidence, Confidence::Likely);
        let (id, new) = p.id_for(kind, name);
        let row = p.row(kind, &id);
        row.insert("name".into(), name.into());
        if !body.is_empty() {
            row.insert("body".into(), body.join("\n\n").into());
        }
        p.entry(
            *line,
            "template",
            name,
            Some(&id),
            new,
            "a heading naming a message or a form, with the text under it".into(),
        );
        p.confidence = previous;
    }
}

/// Commands a line of shell opens with.
const SHELL_WORDS: &[&str] = &[
    "cd",
    "ls",
    "cp",
    "mv",
    "rm",
    "mkdir",
    "source",
    ".",
    "export",
    "sudo",
    "apt",
    "apt-get",
    "yum",
    "dnf",
    "brew",
    "pip",
    "npm",
    "git",
    "docker",
    "kubectl",
    "systemctl",
    "service",
    "mysql",
    "mysqldump",
    "psql",
    "pg_dump",
    "pg_restore",
    "curl",
    "wget",
    "ssh",
    "scp",
    "rsync",
    "gpg",
    "tar",
    "cat",
    "echo",
    "chmod",
    "chown",
    "grep",
    "tail",
    "ln",
    "crontab",
    "aws",
    "gcloud",
    "az",
    "terraform",
    "ansible",
    "helm",
    "make",
    "python",
    "python3",
    "bash",
    "sh",
];

/// Whether a fenced block holds code rather than a message: its fence names a language other
/// than plain text ("```bash", "```sql"), or most of its lines read as commands — a prompt
/// (`$ `), a comment (`# `), a chain (`&&`, `|`), an option (` --x`), a variable set or used
/// (`NAME=`, `${x}`), a continuation (` \`).
pub(crate) fn is_code(info: &str, body: &[&str]) -> bool {
    let language = info
        .trim_start_matches(['{', '.'])
        .split(|c: char| c.is_whitespace() || c == '}' || c == ',')
        .next()
        .unwrap_or("")
        .to_lowercase();
    if !language.is_empty()
        && ![
            "text",
            "txt",
            "plain",
            "plaintext",
            "none",
            "email",
            "mail",
            "markdown",
            "md",
        ]
        .contains(&language.as_str())
    {
        return true;
    }
    let lines: Vec<&str> = body
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    let commands = lines
        .iter()
        .filter(|l| {
            let assignment = l.split_once('=').is_some_and(|(name, _)| {
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
            let first = l.split_whitespace().next().unwrap_or("");
            SHELL_WORDS.contains(&first)
                || first.starts_with("./")
                || l.starts_with("$ ")
                || l.starts_with("# ")
                || l.starts_with("//")
                || l.contains("$(")
                || l.contains("=>")
                || l.ends_with(';')
                || l.ends_with('{')
                || **l == "}"
                || l.starts_with("sudo ")
                || l.contains("&&")
                || l.contains(" | ")
                || l.contains(" --")
                || l.contains("${")
                || l.ends_with(" \\")
                || assignment
        })
        .count();
    !lines.is_empty() && commands * 2 >= lines.len()
}

/// How many blanks to fill a line holds: `[Customer name]`, `{{service}}`, `<Insert time>`,
/// `$ETA` (links `[text](url)` and checkboxes are not blanks).
/// The blockquotes of a text, each as (its first line, its text without the `>` marks, the
/// lines of one paragraph joined by spaces and paragraphs by a line break).
fn blockquotes(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut open = false;
    for (i, line) in text.lines().enumerate() {
        let Some(inner) = line.trim_start().strip_prefix('>') else {
            open = false;
            continue;
        };
        let inner = inner.trim();
        match out.last_mut() {
            Some((_, quote)) if open => {
                if inner.is_empty() {
                    quote.push('\n');
                } else {
                    if !quote.ends_with('\n') {
                        quote.push(' ');
                    }
                    quote.push_str(inner);
                }
            }
            _ => out.push((i, inner.to_string())),
        }
        open = true;
    }
    out
}

/// The first words of a message, at most `most`, up to the end of its first sentence when that is
/// a sentence of six words or more, or the next ones after a shorter one: "ALL COMM, ALL COMM.
/// This is KHAKI. A site-wide …" → "ALL COMM, ALL COMM. This is KHAKI".
fn first_words(message: &str, most: usize) -> String {
    let mut words = Vec::new();
    for w in message.split_whitespace().take(most) {
        words.push(w);
        if w.ends_with(['.', '!', '?']) && words.len() >= 6 {
            break;
        }
    }
    words
        .join(" ")
        .trim_end_matches(['.', ',', ';', ':'])
        .to_string()
}

/// Whether a line leads into a message to send: it ends in a colon and says to post, send,
/// say or announce ("Post this in the channel:", "When it is over, post:").
fn leads_into_a_message(line: &str) -> bool {
    let t = line.trim().to_lowercase();
    t.ends_with(':')
        && t.split(|c: char| !c.is_alphanumeric()).any(|w| {
            [
                "post",
                "posts",
                "send",
                "sends",
                "say",
                "says",
                "announce",
                "announces",
                "message",
                "tweet",
                "reply",
                "email",
                "write",
                "paste",
            ]
            .contains(&w)
        })
}

pub(crate) fn blank_count(line: &str) -> usize {
    let mut n = 0;
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else { break };
        let inside = &after[..close];
        let is_link = after[close + 1..].starts_with('(');
        if !is_link
            && !inside.trim().is_empty()
            && inside.trim() != "x"
            && inside.chars().any(char::is_alphabetic)
        {
            n += 1;
        }
        rest = &after[close + 1..];
    }
    n += line.matches("{{").count();
    n += angle_blanks(line);
    n += line
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '$' || c == '_'))
        .filter(|w| {
            w.len() > 2
                && w.starts_with('$')
                && w[1..].chars().all(|c| c.is_ascii_uppercase() || c == '_')
        })
        .count();
    n
}

/// The incident facts a blank's words name, in the template language of the incident screen.
pub(crate) const FACTS: &[(&[&str], &str)] = &[
    (
        &["service", "system", "affected service", "product"],
        "{service}",
    ),
    (
        &["impact", "customer impact", "description of impact"],
        "{impact}",
    ),
    (
        &["start time", "time", "time of incident", "incident start"],
        "{start_time}",
    ),
    (
        &[
            "eta",
            "estimated time",
            "estimated resolution time",
            "resolution time",
        ],
        "{eta}",
    ),
    (
        &["next update", "time of next update", "next update time"],
        "{next_update}",
    ),
    (&["status", "current status"], "{status}"),
    (
        &["actions", "actions taken", "what we are doing"],
        "{actions}",
    ),
    (&["cause", "root cause"], "{cause}"),
];

/// A line with each blank whose meaning is clear written as the incident fact it names; other
/// blanks stay as written, to be filled by hand.
pub(crate) fn fill_facts(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find(['[', '<', '{']) {
        out.push_str(&rest[..open]);
        let (close_char, skip) = match rest[open..].chars().next() {
            Some('[') => (']', 1),
            Some('<') => ('>', 1),
            _ if rest[open..].starts_with("{{") => ('}', 2),
            _ => {
                out.push('{');
                rest = &rest[open + 1..];
                continue;
            }
        };
        let inner_start = open + skip;
        let Some(close) = rest[inner_start..].find(close_char) else {
            out.push_str(&rest[open..]);
            return out;
        };
        let inner = &rest[inner_start..inner_start + close];
        let end = inner_start + close + if close_char == '}' { 2 } else { 1 };
        let words = inner
            .trim()
            .trim_start_matches("Insert ")
            .trim_start_matches("insert ")
            .to_lowercase();
        match FACTS
            .iter()
            .find(|(names, _)| names.contains(&words.as_str()))
        {
            Some((_, fact)) => out.push_str(fact),
            None => out.push_str(&rest[open..end.min(rest.len())]),
        }
        rest = &rest[end.min(rest.len())..];
    }
    out.push_str(rest);
    out
}

/// Tags a message in Markdown may hold, which are no blanks.
const TAGS: &[&str] = &[
    "br", "p", "div", "span", "b", "i", "u", "em", "strong", "a", "img", "hr", "ul", "ol", "li",
    "table", "tr", "td", "th", "code", "pre", "sup", "sub", "small", "details", "summary",
];

/// The blanks in angle brackets: "<Insert time>", "<date>", "<list of CVEs with a short
/// description>" — words only, not a tag ("<br>"), an address or a link.
fn angle_blanks(line: &str) -> usize {
    line.split('<')
        .skip(1)
        .filter_map(|after| after.split_once('>').map(|(inside, _)| inside.trim()))
        .filter(|inside| {
            inside.chars().any(char::is_alphabetic)
                && inside
                    .chars()
                    .all(|c| c.is_alphanumeric() || " -_',.()/".contains(c))
                && !inside.contains("//")
                && !TAGS.contains(&inside.to_lowercase().as_str())
        })
        .count()
}

/// Text without its blanks, brackets and all ("git: <copy from advisory>" is "git:").
fn without_blanks(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find(['[', '<', '{']) {
        out.push_str(&rest[..open]);
        let close = match rest[open..].chars().next() {
            Some('[') => ']',
            Some('<') => '>',
            _ => '}',
        };
        match rest[open..].find(close) {
            Some(at) => rest = rest[open + at + 1..].trim_start_matches('}'),
            None => {
                rest = &rest[open..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A subject without its blanks' brackets, for a template's name.
pub(crate) fn strip_blanks(text: &str) -> String {
    text.replace(['[', ']', '{', '}', '<', '>'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod code_tests {
    use super::*;

    #[test]
    fn blanks_in_angle_brackets_and_a_subject_of_blanks_names_nothing() {
        assert_eq!(
            angle_blanks("on <date>, addressing <CVE>; <Insert time>"),
            3
        );
        assert_eq!(angle_blanks("<br> <https://x.org/a> <a@b.org> <span>"), 0);
        assert_eq!(
            without_blanks("git: <copy from security advisory>").trim(),
            "git:"
        );
        assert_eq!(
            without_blanks("[vs] Upcoming {{x}} release"),
            " Upcoming  release"
        );
    }

    #[test]
    fn commands_are_no_message_and_a_message_with_blanks_is() {
        let shell = [
            "cd $HOME/.duplicity",
            "source .env_variables.conf",
            "duplicity restore --file-to-restore $FILE ${TARGET}",
        ];
        assert!(is_code("bash", &shell));
        assert!(is_code("", &shell));
        assert!(is_code("sql", &["select * from log;"]));
        let script = [
            "//BEGIN closure",
            "$('#breadcrumbs').prepend('<h1>Closed until XDATEX</h1>');",
            "//END",
        ];
        assert!(is_code("", &script));
        let message = [
            "Dear $CUSTOMER,",
            "Our service is down since $TIME. We expect it back by $ETA.",
            "The team",
        ];
        assert!(!is_code("", &message));
        assert!(!is_code("text", &message));
    }
}
