//! `binder`: the command-line adapter over the core. Parses arguments, gets the passphrase,
//! calls the core, prints. No business logic lives here.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use binder::catalog::{self, KINDS};
use binder::{Binder, Keys, Mode, Record};
use clap::{Parser, Subcommand};
use secrecy::{ExposeSecret, SecretString};

/// Continuity Binder: your business continuity plan, encrypted, offline, signed.
#[derive(Parser)]
#[command(name = "binder", version, about, long_about = None)]
struct Cli {
    /// The binder file [default: binder.binder in the OS data folder]
    #[arg(long, global = true, env = "BINDER_PATH")]
    binder: Option<PathBuf>,
    /// Your identity file [default: identity.age in the OS data folder]
    #[arg(long, global = true, env = "BINDER_IDENTITY")]
    identity: Option<PathBuf>,
    /// Read the passphrase from this file (first line) instead of BINDER_PASSPHRASE or a prompt
    #[arg(long, global = true)]
    passphrase_file: Option<PathBuf>,
    /// Print machine-readable JSON
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create your identity (if you have none) and a new binder
    Init {
        /// Your name, as other members will see it
        #[arg(long)]
        name: Option<String>,
        /// Start from the starter plan (sections, levels, roles, checklists, templates, schedule)
        #[arg(long)]
        starter: bool,
        /// Organisation name to put on the plan
        #[arg(long)]
        org: Option<String>,
    },
    /// Add a record: binder add contact name="Åsa Öberg" phones="+46 70 1; +46 8 2"
    Add {
        /// Kind of record (see `binder kinds`)
        kind: String,
        /// field=value pairs; lists are separated by ';'
        fields: Vec<String>,
    },
    /// Change fields of a record: binder set contact-abc phones="+1 555 0100" (empty value clears)
    Set {
        /// Record id (or a unique start of it)
        id: String,
        /// field=value pairs
        fields: Vec<String>,
    },
    /// Delete a record
    Rm {
        /// Record id
        id: String,
    },
    /// Mark a contact, vendor, role or section as checked and still true today
    MarkVerified {
        /// Record id
        id: String,
    },
    /// List records of a kind
    List {
        /// Kind of record
        kind: String,
        /// Include deleted records
        #[arg(long)]
        deleted: bool,
        /// Only records whose field has this value, e.g. --where "checklist=Initial response"
        #[arg(long = "where", value_name = "FIELD=VALUE")]
        filters: Vec<String>,
    },
    /// Show one record
    Show {
        /// Record id (or a unique start of it)
        id: String,
    },
    /// Search every searchable field (accents and case ignored, words as prefixes)
    Search {
        /// Words to look for
        text: Vec<String>,
        /// At most this many results
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Who changed what and when, for one record or the whole binder
    History {
        /// Record id; the whole binder when left out
        id: Option<String>,
        /// At most this many changes (newest)
        #[arg(long, default_value_t = 200)]
        limit: usize,
    },
    /// Check every signature and hash chain, and that the data matches the signed log
    Verify,
    /// Print the fingerprint: equal fingerprints mean equal plans
    Fingerprint,
    /// What has gone stale or is missing: a score and the list to work through
    Readiness {
        /// Assess as of this day (YYYY-MM-DD) instead of today
        #[arg(long)]
        on: Option<chrono::NaiveDate>,
    },
    /// Incident mode: activate a level, tick checklist steps, keep the timeline, close, report
    Incident {
        #[command(subcommand)]
        action: IncidentAction,
    },
    /// Sign the plan as reviewed or approved (asks for your passphrase again)
    Sign {
        /// reviewed or approved (approved: owners only)
        meaning: String,
        /// Your role in the company, as it should read on the record ("CEO")
        #[arg(long, default_value = "")]
        role: String,
    },
    /// Export the binder
    Export {
        #[command(subcommand)]
        format: ExportFormat,
    },
    /// Import into the binder
    Import {
        #[command(subcommand)]
        format: ImportFormat,
    },
    /// List the kinds of record and their fields
    Kinds,
    /// Recovery keys (extra keys printed on paper that can open the binder)
    RecoveryKey {
        #[command(subcommand)]
        action: RecoveryAction,
    },
    /// Your identity's passphrase
    Passphrase {
        #[command(subcommand)]
        action: PassphraseAction,
    },
    /// Merge with the shared file (creating it if absent) and its conflicted copies
    Sync {
        /// The shared binder file, e.g. in a Dropbox/Syncthing folder or on a USB stick
        shared: PathBuf,
        /// Keep syncing whenever the shared file or the local binder changes, until Ctrl-C
        #[arg(long)]
        watch: bool,
        /// With --watch, also sync at least this often (seconds)
        #[arg(long, default_value_t = 60)]
        interval: u64,
    },
    /// Make your local binder from a shared file, once an owner has added your invitation
    Join {
        /// The shared binder file
        shared: PathBuf,
    },
    /// List fields two members changed at the same time, side by side
    Conflicts,
    /// Settle a conflict by writing the value to keep (typed as for `set`)
    Resolve {
        /// Record id
        id: String,
        /// The field in conflict
        field: String,
        /// The value to keep: one of the shown values, or a new one
        value: String,
    },
    /// Members: who can open and change the binder
    Member {
        #[command(subcommand)]
        action: MemberAction,
    },
    /// List the kept earlier versions of the binder file
    Generations,
    /// Put back an earlier version of the binder file (the current one is kept as a generation)
    Restore {
        /// Generation number from `binder generations` (1 = newest)
        number: usize,
    },
}

#[derive(Subcommand)]
enum IncidentAction {
    /// Activate a level: opens the incident, starts its checklists, shows who to call
    Start {
        /// The activation level, by name or id ("Level 2 — Major", level-2)
        #[arg(long)]
        level: String,
        /// A title [default: the level and the time]
        #[arg(long)]
        title: Option<String>,
        /// The service affected, as customers know it (fills {service} in messages)
        #[arg(long)]
        service: Option<String>,
        /// An exercise (tabletop, DR drill), not a real incident
        #[arg(long)]
        exercise: bool,
        /// With --exercise: the scheduled task it carries out (marked done on closing)
        #[arg(long = "for", requires = "exercise")]
        exercise_of: Option<String>,
    },
    /// The incidents, newest first
    List,
    /// Everything about an incident: checklists with ticks, overdue steps, timeline, who to call
    Show {
        /// Incident id or title [default: the open one]
        #[arg(long)]
        incident: Option<String>,
    },
    /// Tick a step (`1.2` = checklist 1, step 2, as `show` numbers them; or the step's text)
    Tick {
        /// The step
        step: String,
        /// Untick it instead
        #[arg(long)]
        undo: bool,
        /// A note to keep with the tick
        #[arg(long, default_value = "")]
        note: String,
        /// Incident id or title [default: the open one]
        #[arg(long)]
        incident: Option<String>,
    },
    /// Add a timeline entry (entries are never edited: a correction is a new entry)
    Log {
        /// What happened
        text: String,
        /// note, decision, call, message, correction
        #[arg(long = "type", default_value = "note")]
        kind: String,
        /// Incident id or title [default: the open one]
        #[arg(long)]
        incident: Option<String>,
    },
    /// Change the status: investigating, identified, monitoring, resolved
    Status {
        /// The new status
        status: String,
        /// Incident id or title [default: the open one]
        #[arg(long)]
        incident: Option<String>,
    },
    /// Set the facts messages are filled from: service, impact, actions, eta, next_update, cause, affects
    Update {
        /// field=value pairs
        #[arg(required = true)]
        fields: Vec<String>,
        /// Incident id or title [default: the open one]
        #[arg(long)]
        incident: Option<String>,
    },
    /// Print a message template filled from the incident
    Message {
        /// Template name or id
        template: String,
        /// Also log it in the timeline as sent
        #[arg(long)]
        sent: bool,
        /// Incident id or title [default: the open one]
        #[arg(long)]
        incident: Option<String>,
    },
    /// Close with a summary and lessons learned; writes the report with --report
    Close {
        /// What happened, in a few lines
        #[arg(long)]
        summary: String,
        /// What to change so it does not happen again
        #[arg(long, default_value = "")]
        lessons: String,
        /// Also write the incident report PDF here
        #[arg(long)]
        report: Option<PathBuf>,
        /// Incident id or title [default: the open one]
        #[arg(long)]
        incident: Option<String>,
    },
    /// The incident report as PDF: timeline, checklist runs with who/when, messages, RTOs
    Report {
        /// Incident id or title [default: the newest]
        #[arg(long)]
        incident: Option<String>,
        /// The PDF file to write
        #[arg(short, long, default_value = "incident-report.pdf")]
        output: PathBuf,
        /// Paper size
        #[arg(long, value_enum, default_value = "a4")]
        paper: PaperArg,
    },
}

#[derive(Subcommand)]
enum ExportFormat {
    /// Complete, deterministic JSON (records and the signed change log)
    Json {
        /// Write to this file instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// One kind of record as CSV (RFC 4180), e.g. for a spreadsheet
    Csv {
        /// Kind of record (see `binder kinds`)
        kind: String,
        /// Write to this file instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Start with a UTF-8 byte order mark (helps Excel read accents)
        #[arg(long)]
        bom: bool,
    },
    /// Tests, reviews and checks to do, as iCalendar for a calendar app (with recurrence)
    Ical {
        /// Write to this file instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Date things never done as due on this day (YYYY-MM-DD) instead of today
        #[arg(long)]
        on: Option<chrono::NaiveDate>,
    },
    /// The printed binder as PDF: cover, readiness, contents, plan, every kind, checklists
    Pdf {
        /// The PDF file to write
        #[arg(short, long, default_value = "binder.pdf")]
        output: PathBuf,
        /// Paper size
        #[arg(long, value_enum, default_value = "a4")]
        paper: PaperArg,
    },
    /// The wallet card (call list, activation levels, first checklist) to cut out and fold
    WalletCard {
        /// The PDF file to write
        #[arg(short, long, default_value = "wallet-card.pdf")]
        output: PathBuf,
        /// Paper size
        #[arg(long, value_enum, default_value = "a4")]
        paper: PaperArg,
    },
    /// The contacts as vCard 4.0, for a phone's address book
    Vcard {
        /// Write to this file instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Write one .vcf file per contact into this folder instead
        #[arg(long, conflicts_with = "output")]
        split: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ImportFormat {
    /// A JSON export (of this binder: its changes are merged; of another: its records are added)
    Json {
        /// The file, or - for standard input
        file: PathBuf,
    },
    /// Records of one kind from a CSV file; columns are matched to fields by name or synonym
    Csv {
        /// Kind of record (see `binder kinds`)
        kind: String,
        /// The .csv file, or - for standard input
        file: PathBuf,
    },
    /// Contacts from a vCard file (Google, Apple, Outlook, Android…; vCard 2.1, 3.0, 4.0)
    Vcard {
        /// The .vcf file, or - for standard input
        file: PathBuf,
    },
    /// An existing plan in Markdown or plain text: headings become sections, recognised tables
    /// typed records, task lists checklists, everything else section text
    Plan {
        /// The .md or .txt file, or - for standard input (read as Markdown unless it has no
        /// Markdown in it)
        file: PathBuf,
        /// Only show what the import would make; write nothing
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum RecoveryAction {
    /// Make a new recovery key; its secret is shown once
    Add {
        /// A label, e.g. "Safe deposit box"
        #[arg(long, default_value = "Recovery key")]
        label: String,
        /// Also write the emergency access sheet (PDF with the key as text and QR code) here, to
        /// print at once and then delete: it holds the key in the clear
        #[arg(long)]
        sheet: Option<PathBuf>,
        /// Paper size of the sheet
        #[arg(long, value_enum, default_value = "a4")]
        paper: PaperArg,
        /// Where the founders' shared file lives, to say so on the sheet
        #[arg(long)]
        shared_file: Option<String>,
    },
    /// List the recovery keys (public parts only)
    List,
}

#[derive(Subcommand)]
enum MemberAction {
    /// Print your invitation (creating your identity if you have none) to send to an owner
    Invite {
        /// Your name, if your identity is new
        #[arg(long)]
        name: Option<String>,
    },
    /// Add the person who sent INVITATION (owners only)
    Add {
        /// The cbinvite1:… text they sent
        invitation: String,
        /// owner, editor or viewer
        #[arg(long, default_value = "editor")]
        role: String,
    },
    /// List the members and their roles
    List,
    /// Change a member's role (owners only)
    Role {
        /// Member name or id
        member: String,
        /// owner, editor or viewer
        role: String,
    },
    /// Remove a member: later copies are no longer encrypted to them (owners only)
    Remove {
        /// Member name or id
        member: String,
    },
}

#[derive(Subcommand)]
enum PassphraseAction {
    /// Change the passphrase of your identity file
    Change {
        /// Read the new passphrase from this file instead of BINDER_NEW_PASSPHRASE or a prompt
        #[arg(long)]
        new_passphrase_file: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    // Output piped into `head` and the like: end quietly when the reader goes, as other command
    // line tools do, instead of failing on the next print. (Changes are saved before printing.)
    sigpipe::reset();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`binder export csv contact | head`): not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("binder: {e:#}");
            ExitCode::FAILURE
        }
    }
}

struct Ctx {
    binder: PathBuf,
    identity: PathBuf,
    passphrase_file: Option<PathBuf>,
    json: bool,
}

fn data_dir() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "continuity-binder")
        .context("cannot find your home folder; use --binder and --identity")?;
    Ok(dirs.data_dir().to_path_buf())
}

impl Ctx {
    fn passphrase(&self, prompt: &str) -> anyhow::Result<SecretString> {
        read_secret(
            self.passphrase_file.as_deref(),
            "BINDER_PASSPHRASE",
            prompt,
            false,
        )
    }

    fn keys(&self) -> anyhow::Result<Keys> {
        Ok(Keys::open_identity_file(&self.identity, || {
            self.passphrase(&format!("Passphrase for {}: ", self.identity.display()))
                .map_err(|e| binder::KeyError::Io {
                    action: "read",
                    path: "the passphrase".into(),
                    source: std::io::Error::other(e.to_string()),
                })
        })?)
    }

    fn open(&self, mode: Mode) -> anyhow::Result<Binder> {
        Ok(Binder::open(&self.binder, self.keys()?, mode)?)
    }

    fn print_json(&self, value: &impl serde::Serialize) -> anyhow::Result<()> {
        println!("{}", serde_json::to_string_pretty(value)?);
        Ok(())
    }
}

fn read_secret(
    file: Option<&Path>,
    env: &str,
    prompt: &str,
    confirm: bool,
) -> anyhow::Result<SecretString> {
    if let Some(path) = file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the passphrase file {}", path.display()))?;
        return Ok(SecretString::from(
            text.lines().next().unwrap_or("").to_string(),
        ));
    }
    if let Ok(value) = std::env::var(env) {
        return Ok(SecretString::from(value));
    }
    if !std::io::stdin().is_terminal() {
        bail!("a passphrase is needed: set {env}, use --passphrase-file, or run in a terminal");
    }
    let first = SecretString::from(rpassword::prompt_password(prompt)?);
    if confirm {
        let again = SecretString::from(rpassword::prompt_password("Repeat it: ")?);
        if first.expose_secret() != again.expose_secret() {
            bail!("the two passphrases differ; nothing was changed");
        }
        if first.expose_secret().chars().count() < 8 {
            bail!("choose a passphrase of at least 8 characters (four random words are better)");
        }
    }
    Ok(first)
}

fn pairs(fields: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    fields
        .iter()
        .map(|f| match f.split_once('=') {
            Some((k, v)) => Ok((k.trim().to_string(), v.to_string())),
            None => bail!("\"{f}\" is not field=value (e.g. name=\"Åsa Öberg\")"),
        })
        .collect()
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let ctx = Ctx {
        binder: match cli.binder {
            Some(p) => p,
            None => data_dir()?.join("binder.binder"),
        },
        identity: match cli.identity {
            Some(p) => p,
            None => data_dir()?.join("identity.age"),
        },
        passphrase_file: cli.passphrase_file,
        json: cli.json,
    };
    match cli.command {
        Command::Init { name, starter, org } => init(&ctx, name, starter, org),
        Command::Add { kind, fields } => {
            let mut b = ctx.open(Mode::Write)?;
            let id = b.add(&kind, &pairs(&fields)?)?;
            b.save()?;
            report_id(&ctx, "added", &id)
        }
        Command::Set { id, fields } => {
            let mut b = ctx.open(Mode::Write)?;
            let id = b.set(&id, &pairs(&fields)?)?;
            b.save()?;
            report_id(&ctx, "changed", &id)
        }
        Command::Rm { id } => {
            let mut b = ctx.open(Mode::Write)?;
            let id = b.remove(&id)?;
            b.save()?;
            report_id(&ctx, "deleted", &id)
        }
        Command::MarkVerified { id } => {
            let mut b = ctx.open(Mode::Write)?;
            let id = b.mark_verified(&id)?;
            b.save()?;
            report_id(&ctx, "marked verified", &id)
        }
        Command::List {
            kind,
            deleted,
            filters,
        } => {
            let b = ctx.open(Mode::Read)?;
            let records = b.list_where(&kind, &pairs(&filters)?, deleted)?;
            if ctx.json {
                return ctx.print_json(&records);
            }
            print_table(&b, catalog::kind(&kind)?, &records);
            Ok(())
        }
        Command::Show { id } => {
            let b = ctx.open(Mode::Read)?;
            let record = b.record(&id)?;
            if ctx.json {
                return ctx.print_json(&record);
            }
            print_record(&b, &record);
            Ok(())
        }
        Command::Search { text, limit } => {
            let b = ctx.open(Mode::Read)?;
            let hits = b.search(&text.join(" "), limit)?;
            if ctx.json {
                return ctx.print_json(&hits);
            }
            if hits.is_empty() {
                println!("nothing found");
            }
            for h in hits {
                println!("{:<12} {:<24} {}", h.kind, h.id, h.title);
            }
            Ok(())
        }
        Command::History { id, limit } => {
            let b = ctx.open(Mode::Read)?;
            let entries = b.history(id.as_deref(), limit)?;
            if ctx.json {
                return ctx.print_json(&entries);
            }
            for e in entries {
                let value = e
                    .value
                    .map(|v| v.display())
                    .unwrap_or_else(|| "(cleared)".into());
                // A reference reads better as the name of what it points to.
                let is_ref = catalog::kind_of_id(&e.id)
                    .and_then(|k| k.field(&e.field))
                    .is_some_and(|f| matches!(f.ty, catalog::FieldType::Ref(_)));
                let value = match b.store().record(&value) {
                    Ok(Some(target)) if is_ref => format!("{} ({value})", target.title()),
                    _ => value,
                };
                let value = if e.field == catalog::DELETED_FIELD {
                    if value == "true" {
                        "deleted".to_string()
                    } else {
                        "restored".to_string()
                    }
                } else {
                    format!("{} = {}", e.field, one_line(&value, 60))
                };
                let who = if e.who.is_empty() {
                    e.actor.clone()
                } else {
                    e.who.clone()
                };
                println!(
                    "{}  {:<18} {:<24} {}",
                    e.time,
                    one_line(&who, 18),
                    e.id,
                    value
                );
            }
            Ok(())
        }
        Command::Verify => {
            let b = ctx.open(Mode::Read)?;
            let report = b.verify()?;
            if ctx.json {
                ctx.print_json(&report)?;
            } else {
                println!(
                    "{} change sets by {} member key(s) checked",
                    report.changes, report.actors
                );
                for p in &report.problems {
                    println!("BROKEN: {p}");
                }
                if !report.state_matches_log {
                    println!(
                        "BROKEN: the records do not match the signed change log (edited outside the app?)"
                    );
                }
                println!("fingerprint {}", report.fingerprint);
                for s in &report.signoffs {
                    let verdict = match s.status {
                        binder::signoff::SignoffStatus::Matches => "OK",
                        binder::signoff::SignoffStatus::Changed => "NOT MATCHING",
                        binder::signoff::SignoffStatus::Invalid => "BROKEN",
                    };
                    let role = if s.role.is_empty() {
                        String::new()
                    } else {
                        format!(", {}", s.role)
                    };
                    println!(
                        "{verdict}: {} by {}{role} at {}: {}",
                        s.meaning, s.name, s.at, s.detail
                    );
                    for c in &s.changed_since {
                        println!("    changed since: {c}");
                    }
                }
                if report.ok() {
                    println!("OK: every signature and chain is intact");
                }
            }
            if !report.ok() {
                bail!("verification failed");
            }
            Ok(())
        }
        Command::Readiness { on } => {
            let b = ctx.open(Mode::Read)?;
            let today = on.unwrap_or_else(|| chrono::Local::now().date_naive());
            let r = binder::readiness::assess(&b, today)?;
            if ctx.json {
                return ctx.print_json(&r);
            }
            println!(
                "Readiness {} / 100 on {} (review interval {} days)",
                r.score, r.as_of, r.review_days
            );
            if r.gaps.is_empty() {
                println!("Nothing stale or missing.");
            }
            for g in &r.gaps {
                let id = g.id.as_deref().unwrap_or("");
                println!(
                    "- {:<8} {:<28} {}  {}",
                    g.record_kind,
                    one_line(&g.title, 28),
                    g.detail,
                    id
                );
            }
            Ok(())
        }
        Command::Fingerprint => {
            let b = ctx.open(Mode::Read)?;
            let fp = b.fingerprint()?;
            if ctx.json {
                return ctx.print_json(&serde_json::json!({ "fingerprint": fp }));
            }
            println!("{fp}");
            Ok(())
        }
        Command::Export { format } => export(&ctx, format),
        Command::Incident { action } => incident(&ctx, action),
        Command::Sign { meaning, role } => {
            let mut b = ctx.open(Mode::Write)?;
            eprintln!("Signing is a statement in your name: your passphrase is asked again.");
            let pass = ctx.passphrase("Passphrase to sign with: ")?;
            let id = binder::signoff::sign(
                &mut b,
                &ctx.identity,
                pass,
                &meaning,
                &role,
                chrono::Utc::now(),
            )?;
            b.save()?;
            let fp = binder::signoff::plan_fingerprint(&b)?;
            if ctx.json {
                return ctx.print_json(&serde_json::json!({ "id": id, "plan_fingerprint": fp }));
            }
            println!("signed the plan as {meaning}: plan fingerprint {fp} ({id})");
            Ok(())
        }
        Command::Import { format } => import(&ctx, format),
        Command::Kinds => {
            if ctx.json {
                return ctx.print_json(&KINDS);
            }
            for k in KINDS {
                println!("{} — {}", k.name, k.help);
                for f in k.fields() {
                    let req = if f.required { " (required)" } else { "" };
                    let list = if f.list { "list of " } else { "" };
                    println!("    {:<18} {list}{}{req}", f.name, f.expected());
                }
            }
            Ok(())
        }
        Command::RecoveryKey {
            action:
                RecoveryAction::Add {
                    label,
                    sheet,
                    paper,
                    shared_file,
                },
        } => {
            let mut b = ctx.open(Mode::Write)?;
            let key = b.add_recovery_key(&label)?;
            b.save()?;
            if let Some(path) = &sheet {
                let org = binder::pdf::organisation(&b)?;
                let secret = key.expose_secret_once();
                let binder_file = ctx
                    .binder
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let printed = binder::pdf::emergency_sheet(
                    &binder::pdf::EmergencySheet {
                        organisation: &org,
                        label: &label,
                        secret: &secret,
                        binder_file: &binder_file,
                        shared_file: shared_file.as_deref(),
                        fingerprint: &b.fingerprint()?,
                    },
                    &print_options(&b, paper),
                );
                binder::fsutil::write_atomic(path, &printed.bytes, true)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                eprintln!(
                    "wrote the emergency access sheet to {}: print it now, then delete the file (it holds the key)",
                    path.display()
                );
            }
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "New recovery key \"{label}\" added; the binder is now also encrypted to it."
            )?;
            writeln!(
                out,
                "Write this down or print it NOW. It is shown once and never stored:\n"
            )?;
            writeln!(out, "{}\n", key.expose_secret_once().expose_secret())?;
            writeln!(
                out,
                "With it and any copy of the binder file, anyone can open the plan:"
            )?;
            writeln!(
                out,
                "  binder --identity KEYFILE list contact      (KEYFILE holds the line above)"
            )?;
            writeln!(
                out,
                "  age -d -i KEYFILE {} > plan.db && sqlite3 plan.db 'SELECT * FROM contact'",
                ctx.binder.display()
            )?;
            Ok(())
        }
        Command::RecoveryKey {
            action: RecoveryAction::List,
        } => {
            let b = ctx.open(Mode::Read)?;
            let keys = b.list("recovery", false)?;
            if ctx.json {
                return ctx.print_json(&keys);
            }
            if keys.is_empty() {
                println!("no recovery keys yet; add one with `binder recovery-key add`");
            }
            for k in keys {
                println!(
                    "{}  {}  {}",
                    k.text("created_at"),
                    k.text("label"),
                    k.text("recipient")
                );
            }
            Ok(())
        }
        Command::Passphrase {
            action: PassphraseAction::Change {
                new_passphrase_file,
            },
        } => {
            let keys = ctx.keys()?;
            let new = read_secret(
                new_passphrase_file.as_deref(),
                "BINDER_NEW_PASSPHRASE",
                "New passphrase: ",
                true,
            )?;
            keys.change_passphrase(&ctx.identity, &new)?;
            println!("passphrase changed for {}", ctx.identity.display());
            Ok(())
        }
        Command::Sync {
            shared,
            watch,
            interval,
        } => {
            if watch {
                return watch_sync(&ctx, shared, interval);
            }
            let mut b = ctx.open(Mode::Write)?;
            let report = binder::sync::sync(&mut b, &shared)?;
            print_sync(&ctx, &report)
        }
        Command::Join { shared } => {
            if ctx.binder.exists() {
                bail!(
                    "a binder already exists at {}; choose another place with --binder",
                    ctx.binder.display()
                );
            }
            if let Some(dir) = ctx.binder.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            let (_, report) = binder::sync::join(&ctx.binder, &shared, ctx.keys()?)?;
            if !ctx.json {
                println!("joined: your binder is at {}", ctx.binder.display());
            }
            print_sync(&ctx, &report)
        }
        Command::Conflicts => {
            let b = ctx.open(Mode::Read)?;
            let conflicts = b.conflicts()?;
            if ctx.json {
                return ctx.print_json(&conflicts);
            }
            if conflicts.is_empty() {
                println!("no conflicts");
            }
            for c in conflicts {
                println!(
                    "{} \"{}\" — {} changed at the same time:",
                    c.id, c.title, c.field
                );
                let show = |v: &binder::store::Version, mark: &str| {
                    let value = v
                        .value
                        .as_ref()
                        .map(|x| x.display())
                        .unwrap_or_else(|| "(cleared)".into());
                    println!(
                        "  {mark} {:<20} {}  {}",
                        one_line(&v.who, 20),
                        v.time,
                        one_line(&value, 70)
                    );
                };
                show(&c.winner, "in force:");
                for o in &c.others {
                    show(o, "also:    ");
                }
                println!(
                    "  settle with: binder resolve {} {} \"VALUE\"",
                    c.id, c.field
                );
            }
            Ok(())
        }
        Command::Resolve { id, field, value } => {
            let mut b = ctx.open(Mode::Write)?;
            let id = b.resolve(&id, &field, &value)?;
            b.save()?;
            report_id(&ctx, "resolved", &id)
        }
        Command::Member { action } => member(&ctx, action),
        Command::Generations => {
            let gens = binder::vault::generations(&ctx.binder)?;
            if ctx.json {
                return ctx.print_json(&gens);
            }
            if gens.is_empty() {
                println!("no earlier versions kept yet");
            }
            for g in gens {
                println!(
                    "{:>3}  {}  {:>9} bytes  {}",
                    g.number,
                    g.saved_at,
                    g.size,
                    g.path.display()
                );
            }
            Ok(())
        }
        Command::Restore { number } => {
            let b = Binder::restore_generation(&ctx.binder, ctx.keys()?, number)?;
            println!(
                "restored generation {number}; fingerprint now {}",
                b.fingerprint()?
            );
            Ok(())
        }
    }
}

/// Writes an export to `output` (private, atomic), or to standard output.
fn write_export(bytes: &[u8], output: Option<&Path>) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            binder::fsutil::write_atomic(path, bytes, true)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "wrote {} (plaintext: keep it safe or delete it)",
                path.display()
            );
        }
        None => std::io::stdout().write_all(bytes)?,
    }
    Ok(())
}

/// Paper sizes on the command line.
#[derive(Clone, Copy, clap::ValueEnum)]
enum PaperArg {
    /// 210 × 297 mm
    A4,
    /// 8.5 × 11 in
    Letter,
}

fn print_options(b: &Binder, paper: PaperArg) -> binder::pdf::PrintOptions {
    binder::pdf::PrintOptions {
        paper: match paper {
            PaperArg::A4 => binder::pdf::Paper::A4,
            PaperArg::Letter => binder::pdf::Paper::Letter,
        },
        printed_by: b.keys().name().to_string(),
        printed_at: chrono::Utc::now(),
    }
}

fn write_printed(printed: &binder::pdf::Printed, path: &Path) -> anyhow::Result<()> {
    binder::fsutil::write_atomic(path, &printed.bytes, true)
        .with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!(
        "wrote {} ({} page(s), {} KiB; plaintext: keep it safe or delete it)",
        path.display(),
        printed.pages,
        printed.bytes.len().div_ceil(1024)
    );
    if let Some(report) = printed.missing_report() {
        eprintln!("warning: some characters could not be printed:\n{report}");
    }
    Ok(())
}

/// The incident to act on: the one named; else the open one (refused when several are open, so
/// a tick never lands in the wrong incident); else, with `any`, the newest.
fn incident_id(b: &Binder, named: Option<String>, any: bool) -> anyhow::Result<String> {
    if let Some(n) = named {
        return Ok(n);
    }
    let all = binder::incident::list(b)?;
    let open: Vec<&Record> = all
        .iter()
        .filter(|r| r.text("status") != "closed")
        .collect();
    match (open.as_slice(), all.first()) {
        ([one], _) => Ok(one.id.clone()),
        ([], Some(newest)) if any => Ok(newest.id.clone()),
        ([], None) if any => bail!("there are no incidents yet"),
        ([], _) => bail!("no incident is open; `binder incident start --level LEVEL` opens one"),
        (several, _) => bail!(
            "{} incidents are open; say which with --incident:\n{}",
            several.len(),
            several
                .iter()
                .map(|r| format!("  {}  {}", r.id, r.title()))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

fn print_incident(state: &binder::incident::IncidentState) {
    use binder::incident::{shown, span};
    let inc = &state.incident;
    let level = state.level.as_ref().map(|l| l.title()).unwrap_or_default();
    let exercise = if inc.text("exercise") == "yes" {
        " [EXERCISE]"
    } else {
        ""
    };
    println!("{}{exercise}", inc.title());
    println!(
        "  {level} · status {} · started {} by {} · {} {}",
        inc.text("status"),
        shown(&inc.text("started_at")),
        inc.text("started_by"),
        span(state.elapsed_minutes),
        if state.open { "elapsed" } else { "in all" }
    );
    if state.overdue > 0 {
        println!("  {} step(s) OVERDUE", state.overdue);
    }
    for (r, run) in state.runs.iter().enumerate() {
        println!(
            "\n{}. {} — {} of {} done",
            r + 1,
            run.title,
            run.done,
            run.steps.len()
        );
        for s in &run.steps {
            let mark = if s.done { "[x]" } else { "[ ]" };
            let mut line = format!("  {mark} {}.{} {}", r + 1, s.number, s.text);
            if !s.window.is_empty() {
                line.push_str(&format!("  ({})", s.window));
            }
            if s.overdue {
                line.push_str("  OVERDUE");
            }
            if !s.by.is_empty() {
                let what = if s.done { "ticked" } else { "unticked" };
                line.push_str(&format!("  — {what} by {} at {}", s.by, shown(&s.at)));
            }
            if !s.note.is_empty() {
                line.push_str(&format!("  note: {}", one_line(&s.note, 60)));
            }
            println!("{line}");
        }
    }
    println!("\nTimeline");
    for e in &state.timeline {
        println!(
            "  {}  {:<16} {:<9} {}",
            shown(&e.at),
            one_line(&e.by, 16),
            e.kind,
            one_line(&e.text, 90)
        );
    }
    if state.open {
        println!("\nCall, in this order");
        for c in &state.calls {
            let person = |p: &Option<binder::overview::Person>| match p {
                Some(p) => format!(
                    "{} {}",
                    p.name,
                    p.phones.first().map(String::as_str).unwrap_or("")
                ),
                None => "—".into(),
            };
            println!(
                "  {:<24} {}  | backup: {}",
                one_line(&c.role, 24),
                person(&c.primary),
                person(&c.backup)
            );
        }
    }
}

fn incident(ctx: &Ctx, action: IncidentAction) -> anyhow::Result<()> {
    use binder::incident as inc;
    let now = chrono::Utc::now();
    match action {
        IncidentAction::List => {
            let b = ctx.open(Mode::Read)?;
            let all = inc::list(&b)?;
            if ctx.json {
                return ctx.print_json(&all);
            }
            if all.is_empty() {
                println!("No incidents yet.");
            }
            for r in all {
                println!(
                    "{}  {:<10} {}{}  {}",
                    inc::shown(&r.text("started_at")),
                    r.text("status"),
                    r.title(),
                    if r.text("exercise") == "yes" {
                        " [exercise]"
                    } else {
                        ""
                    },
                    r.id
                );
            }
            Ok(())
        }
        IncidentAction::Show { incident } => {
            let b = ctx.open(Mode::Read)?;
            let id = incident_id(&b, incident, true)?;
            let state = inc::state(&b, &id, now)?;
            if ctx.json {
                return ctx.print_json(&state);
            }
            print_incident(&state);
            Ok(())
        }
        IncidentAction::Report {
            incident,
            output,
            paper,
        } => {
            let b = ctx.open(Mode::Read)?;
            let id = incident_id(&b, incident, true)?;
            write_printed(
                &binder::pdf::incident_report(&b, &id, &print_options(&b, paper))?,
                &output,
            )
        }
        action => {
            let mut b = ctx.open(Mode::Write)?;
            let mut report = None;
            let id = match action {
                IncidentAction::Start {
                    level,
                    title,
                    service,
                    exercise,
                    exercise_of,
                } => {
                    let activation = inc::Activation {
                        level,
                        title,
                        exercise,
                        exercise_of,
                        service,
                    };
                    inc::start(&mut b, &activation, now)?
                }
                IncidentAction::Tick {
                    step,
                    undo,
                    note,
                    incident,
                } => {
                    let id = incident_id(&b, incident, false)?;
                    inc::tick(&mut b, &id, &step, !undo, &note, now)?;
                    id
                }
                IncidentAction::Log {
                    text,
                    kind,
                    incident,
                } => {
                    let id = incident_id(&b, incident, false)?;
                    inc::log(&mut b, &id, &kind, &text, now)?;
                    id
                }
                IncidentAction::Status { status, incident } => {
                    let id = incident_id(&b, incident, false)?;
                    inc::set_status(&mut b, &id, &status, now)?;
                    id
                }
                IncidentAction::Update { fields, incident } => {
                    let id = incident_id(&b, incident, false)?;
                    inc::update(&mut b, &id, &pairs(&fields)?)?;
                    id
                }
                IncidentAction::Message {
                    template,
                    sent,
                    incident,
                } => {
                    let id = incident_id(&b, incident, true)?;
                    let state = inc::state(&b, &id, now)?;
                    let t = state
                        .messages
                        .iter()
                        .find(|m| {
                            m.template_id == template
                                || catalog::match_key(&m.name) == catalog::match_key(&template)
                        })
                        .with_context(|| {
                            format!("no message template \"{template}\"; `binder list template` lists them")
                        })?;
                    if !t.subject.is_empty() {
                        println!("Subject: {}\n", t.subject);
                    }
                    println!("{}", t.body);
                    if !t.missing.is_empty() {
                        eprintln!(
                            "not filled yet: {} (`binder incident update NAME=…`)",
                            t.missing.join(", ")
                        );
                    }
                    if !sent {
                        return Ok(());
                    }
                    let template_id = t.template_id.clone();
                    inc::log_message(&mut b, &id, &template_id, now)?;
                    id
                }
                IncidentAction::Close {
                    summary,
                    lessons,
                    report: path,
                    incident,
                } => {
                    let id = incident_id(&b, incident, false)?;
                    let closed = inc::close(&mut b, &id, &summary, &lessons, now)?;
                    eprintln!("closed after {}", inc::span(closed.minutes));
                    if let Some(task) = &closed.schedule_done {
                        eprintln!("marked done today: {task}");
                    }
                    report = path;
                    id
                }
                IncidentAction::List
                | IncidentAction::Show { .. }
                | IncidentAction::Report { .. } => {
                    unreachable!("handled above")
                }
            };
            b.save()?;
            if let Some(path) = report {
                write_printed(
                    &binder::pdf::incident_report(&b, &id, &print_options(&b, PaperArg::A4))?,
                    &path,
                )?;
            }
            let state = inc::state(&b, &id, now)?;
            if ctx.json {
                return ctx.print_json(&state);
            }
            print_incident(&state);
            Ok(())
        }
    }
}

fn export(ctx: &Ctx, format: ExportFormat) -> anyhow::Result<()> {
    let b = ctx.open(Mode::Read)?;
    match format {
        ExportFormat::Pdf { output, paper } => write_printed(
            &binder::pdf::binder_pdf(&b, &print_options(&b, paper))?,
            &output,
        ),
        ExportFormat::WalletCard { output, paper } => write_printed(
            &binder::pdf::wallet_card(&b, &print_options(&b, paper))?,
            &output,
        ),
        ExportFormat::Json { output } => write_export(
            format!("{}\n", b.export_json()?).as_bytes(),
            output.as_deref(),
        ),
        ExportFormat::Ical { output, on } => {
            let today = on.unwrap_or_else(|| chrono::Local::now().date_naive());
            write_export(
                binder::ical::export(&b, today, chrono::Utc::now())?.as_bytes(),
                output.as_deref(),
            )
        }
        ExportFormat::Csv { kind, output, bom } => {
            write_export(&b.export_csv(&kind, bom)?, output.as_deref())
        }
        ExportFormat::Vcard {
            output,
            split: None,
        } => write_export(b.export_vcard()?.as_bytes(), output.as_deref()),
        ExportFormat::Vcard {
            split: Some(dir), ..
        } => {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let contacts = b.list("contact", false)?;
            for c in &contacts {
                let slug: String = c
                    .title()
                    .chars()
                    .map(|ch| if ch.is_alphanumeric() { ch } else { '-' })
                    .collect();
                let path = dir.join(format!("{}-{}.vcf", slug.trim_matches('-'), c.id));
                binder::fsutil::write_atomic(
                    &path,
                    binder::vcard::write(std::slice::from_ref(c)).as_bytes(),
                    true,
                )
                .with_context(|| format!("cannot write {}", path.display()))?;
            }
            eprintln!(
                "wrote {} vCard file(s) to {} (plaintext: keep them safe)",
                contacts.len(),
                dir.display()
            );
            Ok(())
        }
    }
}

fn read_input(file: &Path) -> anyhow::Result<Vec<u8>> {
    if file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes)?;
        return Ok(bytes);
    }
    std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))
}

fn import(ctx: &Ctx, format: ImportFormat) -> anyhow::Result<()> {
    let file = match &format {
        ImportFormat::Json { file }
        | ImportFormat::Vcard { file }
        | ImportFormat::Csv { file, .. } => file,
        ImportFormat::Plan { file, dry_run } => return import_plan(ctx, file, *dry_run),
    };
    let bytes = read_input(file)?;
    let mut b = ctx.open(Mode::Write)?;
    let report = match &format {
        ImportFormat::Vcard { .. } => b.import_vcard(&bytes)?,
        ImportFormat::Csv { kind, .. } => b.import_csv(kind, &bytes)?,
        ImportFormat::Json { .. } => {
            b.import_json(std::str::from_utf8(&bytes).context("the JSON file is not UTF-8 text")?)?
        }
        ImportFormat::Plan { .. } => unreachable!("handled by import_plan"),
    };
    let vcard = !matches!(format, ImportFormat::Json { .. });
    b.save()?;
    if ctx.json {
        return ctx.print_json(&report);
    }
    if vcard {
        println!(
            "imported: {} record(s) created, {} updated",
            report.created, report.updated
        );
    } else {
        println!(
            "imported: {} change set(s) merged ({} already present), {} record(s) created, {} updated",
            report.changes_added, report.changes_already_present, report.created, report.updated
        );
    }
    for r in &report.changes_rejected {
        println!("rejected: {r}");
    }
    for s in report.skipped.iter().chain(&report.notes) {
        println!("note: {s}");
    }
    Ok(())
}

fn import_plan(ctx: &Ctx, file: &std::path::Path, dry_run: bool) -> anyhow::Result<()> {
    let bytes = read_input(file)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (report, counts) = if dry_run {
        (ctx.open(Mode::Read)?.preview_plan(&name, &bytes)?, None)
    } else {
        let mut b = ctx.open(Mode::Write)?;
        let (report, counts) = b.import_plan(&name, &bytes)?;
        b.save()?;
        (report, Some(counts))
    };
    if ctx.json {
        return ctx.print_json(&serde_json::json!({ "plan": report, "imported": counts }));
    }
    println!(
        "{} ({}){}",
        file.display(),
        report.format,
        report
            .title
            .as_deref()
            .map(|t| format!(": {t}"))
            .unwrap_or_default()
    );
    for e in &report.entries {
        let what = if e.kind == "text" {
            "kept as text".to_string()
        } else {
            e.kind.clone()
        };
        let new = if e.kind == "text" || e.new {
            ""
        } else {
            " (updates the existing one)"
        };
        println!(
            "  line {:>4}  {what:<12} {}{new} — {}",
            e.line, e.title, e.detail
        );
    }
    for note in &report.notes {
        println!("note: {note}");
    }
    let mut kinds: Vec<&str> = report.entries.iter().map(|e| e.kind.as_str()).collect();
    kinds.dedup();
    kinds.sort_unstable();
    kinds.dedup();
    let summary = kinds
        .iter()
        .map(|k| {
            let n = report.count(k);
            let name = match binder::catalog::kind(k) {
                Ok(kind) if n == 1 => kind.label.to_lowercase(),
                Ok(kind) => kind.plural.to_lowercase(),
                Err(_) => format!("part{} kept as text", if n == 1 { "" } else { "s" }),
            };
            format!("{n} {name}")
        })
        .collect::<Vec<_>>()
        .join(", ");
    match counts {
        Some(c) => println!(
            "imported: {summary}; {} record(s) created, {} updated",
            c.created, c.updated
        ),
        None => println!("would import: {summary} (dry run: nothing written)"),
    }
    Ok(())
}

fn member(ctx: &Ctx, action: MemberAction) -> anyhow::Result<()> {
    match action {
        MemberAction::Invite { name } => {
            let keys = if ctx.identity.exists() {
                ctx.keys()?
            } else {
                let name = match name {
                    Some(n) => n,
                    None => bail!(
                        "you have no identity yet at {}; give your name with --name to create one",
                        ctx.identity.display()
                    ),
                };
                if let Some(dir) = ctx.identity.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)?;
                }
                create_identity(ctx, &name)?
            };
            let invitation = binder::keys::Invitation::of(&keys)
                .context("this identity cannot sign (is it a recovery key?)")?;
            if ctx.json {
                return ctx.print_json(&serde_json::json!({ "invitation": invitation.encode(), "name": invitation.name }));
            }
            println!("{}", invitation.encode());
            eprintln!(
                "Send this line to an owner of the binder (it holds only public keys). Once they have added it"
            );
            eprintln!("and synced, run: binder join SHARED_FILE");
            Ok(())
        }
        MemberAction::Add { invitation, role } => {
            let mut b = ctx.open(Mode::Write)?;
            let id = b.add_member(&invitation, &role)?;
            b.save()?;
            if !ctx.json {
                eprintln!(
                    "added; sync the shared file so they can open it (binder sync SHARED_FILE)"
                );
            }
            report_id(ctx, "added", &id)
        }
        MemberAction::List => {
            let b = ctx.open(Mode::Read)?;
            let members = b.members()?;
            if ctx.json {
                return ctx.print_json(&members);
            }
            print_table(&b, catalog::kind("member")?, &members);
            Ok(())
        }
        MemberAction::Role { member, role } => {
            let mut b = ctx.open(Mode::Write)?;
            let id = b.set_member_role(&member, &role)?;
            b.save()?;
            report_id(ctx, "role changed", &id)
        }
        MemberAction::Remove { member } => {
            let mut b = ctx.open(Mode::Write)?;
            let id = b.remove_member(&member)?;
            b.save()?;
            if !ctx.json {
                eprintln!(
                    "removed: copies written from now on are not encrypted to them; they keep the copies they already have"
                );
            }
            report_id(ctx, "removed", &id)
        }
    }
}

/// Makes new keys for `name` and writes them to the identity file under a chosen passphrase.
fn create_identity(ctx: &Ctx, name: &str) -> anyhow::Result<Keys> {
    let pass = read_secret(
        ctx.passphrase_file.as_deref(),
        "BINDER_PASSPHRASE",
        "Choose a passphrase: ",
        true,
    )?;
    let keys = Keys::generate(name);
    keys.create_identity_file(&ctx.identity, &pass)?;
    eprintln!("created your identity at {}", ctx.identity.display());
    Ok(keys)
}

fn print_sync(ctx: &Ctx, report: &binder::sync::SyncReport) -> anyhow::Result<()> {
    if ctx.json {
        return ctx.print_json(report);
    }
    let created = if report.created { " (created it)" } else { "" };
    println!(
        "synced with {}{created}: {} change set(s) received, {} sent; fingerprint {}",
        report.shared.display(),
        report.received,
        report.sent,
        report.fingerprint
    );
    for r in &report.rejected {
        println!("rejected: {r}");
    }
    for c in &report.new_conflicts {
        println!(
            "conflict: {} \"{}\" field {} (see `binder conflicts`)",
            c.id, c.title, c.field
        );
    }
    for c in &report.copies {
        match &c.note {
            Some(note) => println!("left alone: {} ({note})", c.path.display()),
            None => println!(
                "merged conflicted copy {} ({} change sets){}",
                c.path.display(),
                c.received,
                if c.removed { ", removed it" } else { "" }
            ),
        }
    }
    Ok(())
}

fn watch_sync(ctx: &Ctx, shared: PathBuf, interval: u64) -> anyhow::Result<()> {
    let keys = std::sync::Arc::new(ctx.keys()?);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    eprintln!(
        "watching {} and {}; Ctrl-C to stop",
        shared.display(),
        ctx.binder.display()
    );
    runtime.block_on(binder::sync::watch(
        ctx.binder.clone(),
        shared,
        keys,
        std::time::Duration::from_secs(interval.max(1)),
        |event| match event {
            binder::sync::WatchEvent::Synced(report) => {
                let _ = print_sync(ctx, &report);
            }
            binder::sync::WatchEvent::Failed(e) => {
                eprintln!("binder: sync failed: {e} (will retry)")
            }
        },
        async {
            let _ = tokio::signal::ctrl_c().await;
        },
    ))?;
    Ok(())
}

fn init(ctx: &Ctx, name: Option<String>, starter: bool, org: Option<String>) -> anyhow::Result<()> {
    if ctx.binder.exists() {
        bail!(
            "a binder already exists at {}; it was left as it is",
            ctx.binder.display()
        );
    }
    for dir in [&ctx.binder, &ctx.identity]
        .into_iter()
        .filter_map(|p| p.parent())
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let keys = if ctx.identity.exists() {
        ctx.keys()?
    } else {
        let name = match name {
            Some(n) => n,
            None if std::io::stdin().is_terminal() => {
                eprint!("Your name: ");
                let mut n = String::new();
                std::io::stdin().read_line(&mut n)?;
                n.trim().to_string()
            }
            None => bail!("give your name with --name"),
        };
        create_identity(ctx, &name)?
    };
    let mut b = Binder::create(&ctx.binder, keys)?;
    if starter {
        b.import_starter_plan()?;
    }
    if let Some(org) = org {
        b.set_organisation(&org)?;
    }
    b.save()?;
    if ctx.json {
        return ctx.print_json(&serde_json::json!({ "binder": ctx.binder, "identity": ctx.identity, "fingerprint": b.fingerprint()? }));
    }
    println!(
        "created binder {} (fingerprint {})",
        ctx.binder.display(),
        b.fingerprint()?
    );
    println!("next: `binder recovery-key add` and keep the key on paper, away from this laptop");
    Ok(())
}

fn report_id(ctx: &Ctx, what: &str, id: &str) -> anyhow::Result<()> {
    if ctx.json {
        return ctx.print_json(&serde_json::json!({ "id": id, "result": what }));
    }
    println!("{id}");
    Ok(())
}

fn one_line(s: &str, max: usize) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
    format!("{cut}…")
}

/// Shows a reference as the title of the record it points to.
fn shown_value(b: &Binder, field: &catalog::FieldDef, record: &Record) -> String {
    let raw = record.text(field.name);
    match field.ty {
        catalog::FieldType::Ref(_) if !raw.is_empty() => b
            .store()
            .record(&raw)
            .ok()
            .flatten()
            .map(|r| r.title())
            .unwrap_or(raw),
        _ => raw,
    }
}

fn print_table(b: &Binder, kind: &catalog::KindDef, records: &[Record]) {
    if records.is_empty() {
        println!(
            "no {} yet; add one with `binder add {} {}=…`",
            kind.plural.to_lowercase(),
            kind.name,
            kind.title
        );
        return;
    }
    let columns: Vec<&catalog::FieldDef> = kind.fields().filter(|f| f.table).collect();
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|r| {
            let mut row = vec![if r.deleted {
                format!("{} (deleted)", r.id)
            } else {
                r.id.clone()
            }];
            row.extend(columns.iter().map(|f| one_line(&shown_value(b, f, r), 40)));
            row
        })
        .collect();
    let header: Vec<String> = std::iter::once("ID".to_string())
        .chain(columns.iter().map(|f| f.label.to_string()))
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    println!("{}", line(&header));
    for r in &rows {
        println!("{}", line(r));
    }
}

fn print_record(b: &Binder, record: &Record) {
    let Ok(kind) = catalog::kind(&record.kind) else {
        return;
    };
    println!(
        "{} {}{}",
        kind.label,
        record.id,
        if record.deleted { " (deleted)" } else { "" }
    );
    for f in kind.fields() {
        let value = shown_value(b, f, record);
        if value.is_empty() {
            continue;
        }
        let mut lines = value.lines();
        println!("  {:<18} {}", f.label, lines.next().unwrap_or(""));
        for l in lines {
            println!("  {:<18} {l}", "");
        }
    }
}
