//! `binder`: the command-line adapter over the core. Parses arguments, gets the passphrase,
//! calls the core, prints. No business logic lives here; each area of commands is a module.

use std::process::ExitCode;

use clap::Parser;

mod args;
mod ctx;
mod files;
mod hardware;
mod impact;
mod incident;
mod io;
mod keys;
mod plan;
mod records;
mod succession;
mod team;

use args::{Cli, Command, PassphraseAction, RecoveryAction};
use ctx::Ctx;

fn main() -> ExitCode {
    // Output piped into `head` and the like: end quietly when the reader goes, as other command
    // line tools do, instead of failing on the next print. (Changes are saved before printing.)
    sigpipe::reset();
    // No core file may hold the decrypted plan, and no other process may read its memory.
    if let Err(e) = binder::forbid_core_dumps() {
        eprintln!("warning: could not turn off core dumps ({e})");
    }
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
            // Each cause once: messages that already name their cause are not followed by it.
            eprintln!(
                "binder: {}",
                binder::join_causes(e.chain().map(|c| c.to_string()))
            );
            ExitCode::FAILURE
        }
    }
}

/// `binder recovery-key …`: recovery keys, successor kits and the letter.
fn recovery_key(ctx: &Ctx, action: RecoveryAction) -> anyhow::Result<()> {
    match action {
        RecoveryAction::Add {
            label,
            sheet,
            paper,
            shared_file,
        } => keys::add(ctx, label, sheet, paper, shared_file),
        RecoveryAction::List => keys::list(ctx),
        RecoveryAction::Split {
            holders,
            need,
            sheets,
            print_words,
            paper,
            shared_file,
        } => succession::split(
            ctx,
            &holders,
            need,
            succession::Sheets {
                folder: sheets,
                print_words,
                paper,
                shared_file,
            },
        ),
        RecoveryAction::Combine {
            from,
            share,
            take_over,
            name,
        } => succession::combine(ctx, &from, share, take_over.then_some(name).flatten()),
        RecoveryAction::Letter {
            output,
            paper,
            shared_file,
        } => succession::letter(ctx, &output, paper, shared_file),
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let ctx = Ctx {
        binder: match cli.binder {
            Some(p) => p,
            None => ctx::places()?.default_binder(),
        },
        identity: match cli.identity {
            Some(p) => p,
            None => ctx::places()?.default_identity(),
        },
        passphrase_file: cli.passphrase_file,
        json: cli.json,
    };
    match cli.command {
        Command::Init { name, starter, org } => files::init(&ctx, name, starter, org),
        Command::Add { kind, fields } => records::add(&ctx, kind, fields),
        Command::Set { id, fields } => records::set(&ctx, id, fields),
        Command::Rm { id } => records::rm(&ctx, id),
        Command::MarkVerified { id } => records::mark_verified(&ctx, id),
        Command::List {
            kind,
            deleted,
            filters,
        } => records::list(&ctx, kind, deleted, filters),
        Command::Show { id } => records::show(&ctx, id),
        Command::Search { text, limit } => records::search(&ctx, text, limit),
        Command::History { id, limit } => records::history(&ctx, id, limit),
        Command::Verify => plan::verify(&ctx),
        Command::Readiness { on } => plan::readiness(&ctx, on),
        Command::Fingerprint => plan::fingerprint(&ctx),
        Command::Export { format } => io::export(&ctx, format),
        Command::Incident { action } => incident::run(&ctx, action),
        Command::Impact { action } => impact::run(&ctx, action),
        Command::Sign { meaning, role } => plan::sign(&ctx, meaning, role),
        Command::Import { format } => io::import(&ctx, format),
        Command::Kinds => plan::kinds(&ctx),
        Command::RecoveryKey { action } => recovery_key(&ctx, action),
        Command::HardwareKey { action } => hardware::run(&ctx, action),
        Command::Passphrase {
            action: PassphraseAction::Change {
                new_passphrase_file,
            },
        } => keys::change_passphrase(&ctx, new_passphrase_file),
        Command::Sync {
            shared,
            watch,
            interval,
        } => team::sync(&ctx, shared, watch, interval),
        Command::Join { shared } => team::join(&ctx, shared),
        Command::Conflicts => team::conflicts(&ctx),
        Command::Resolve { id, field, value } => team::resolve(&ctx, id, field, value),
        Command::Member { action } => team::member(&ctx, action),
        Command::Generations => files::generations(&ctx),
        Command::Restore { number } => files::restore(&ctx, number),
    }
}
