//! Every system call on the save and sync paths made to fail, with the errors that really
//! happen, by strace's fault injection around the real CLI: the command either succeeds (saying
//! so, with a warning where the change is in place but not flushed) or fails saying what state
//! the files are in, with its cause said once; a retry never duplicates or loses anything.
//!
//! Each case first traces the command as it runs normally to find which call it is (strace -y
//! names every descriptor's file), then runs it again with that call failing.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{Home, PASSPHRASE, require_tool};

/// The text the C library gives each error, as the message quotes it.
fn strerror(errno: &str) -> &'static str {
    match errno {
        "ENOSPC" => "No space left on device",
        "EIO" => "Input/output error",
        "EACCES" => "Permission denied",
        "EROFS" => "Read-only file system",
        "EMFILE" => "Too many open files",
        "EXDEV" => "Invalid cross-device link",
        "ENOLCK" => "No locks available",
        other => panic!("no text for {other}"),
    }
}

/// One call to make fail: which system call, how to recognise it in a trace, and with what.
struct Fault {
    /// What it is, for the matrix.
    what: &'static str,
    syscall: &'static str,
    /// What happens instead when the command succeeds all the same.
    instead: &'static str,
    /// Recognises the call in a `strace -y` line (arguments and result).
    matches: Box<dyn Fn(&str) -> bool>,
    errors: &'static [&'static str],
}

fn strace(home: &Home, extra: &[String], args: &[&str]) -> Output {
    require_tool("strace");
    Command::new("strace")
        .args(["-f", "-qq"])
        .args(extra)
        .arg(env!("CARGO_BIN_EXE_binder"))
        .args(args)
        .env("BINDER_PATH", &home.binder)
        .env("BINDER_IDENTITY", &home.identity)
        .env("BINDER_PASSPHRASE", PASSPHRASE)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("strace runs (apt install strace)")
}

/// Which call (1-based, among the main thread's calls of `fault.syscall`) the fault is, from a
/// trace of the command running normally.
fn find_call(home: &Home, fault: &Fault, args: &[&str]) -> usize {
    let log = home.path("trace.log");
    let out = strace(
        home,
        &[
            "-y".into(),
            "-e".into(),
            format!("trace={}", fault.syscall),
            "-o".into(),
            log.display().to_string(),
        ],
        args,
    );
    assert!(
        out.status.success(),
        "{}: the traced run failed",
        fault.what
    );
    let text = std::fs::read_to_string(&log).unwrap();
    let main_pid = text
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    let mut n = 0;
    for line in text.lines() {
        let Some((pid, call)) = line.split_once(' ') else {
            continue;
        };
        let call = call.trim_start();
        if !call.starts_with(&format!("{}(", fault.syscall)) {
            continue;
        }
        if pid == main_pid {
            n += 1;
        }
        if (fault.matches)(call) {
            assert_eq!(pid, main_pid, "{}: made by another thread", fault.what);
            return n;
        }
    }
    panic!("{}: no such call in the trace:\n{text}", fault.what);
}

fn tmp_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect()
}

fn count(home: &Home, name: &str) -> usize {
    home.ok(&["list", "contact"])
        .lines()
        .filter(|l| l.contains(name))
        .count()
}

/// Runs `args` with the fault, checks what it says and leaves, retries when it failed, and
/// checks nothing was lost or doubled. Returns the matrix row. Which call it is, is found on
/// `probe`, a home set up the same way (the traced run does the command).
fn case(
    probe: (&Home, &Fault),
    home: &Home,
    fault: &Fault,
    errno: &str,
    args: &[&str],
    name: &str,
) -> String {
    let n = find_call(probe.0, probe.1, args);
    case_at(n, home, fault, errno, args, name)
}

/// [`case`] with the call's number known.
fn case_at(n: usize, home: &Home, fault: &Fault, errno: &str, args: &[&str], name: &str) -> String {
    let dir = home.dir.path().to_path_buf();
    let before = std::fs::read(&home.binder).unwrap();
    let args: Vec<String> = args.iter().map(|a| a.replace("PROBE", name)).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = strace(
        home,
        &[
            "-o".into(),
            "/dev/null".into(),
            format!("--inject={}:error={errno}:when={n}", fault.syscall),
        ],
        &args,
    );
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let cause = strerror(errno);
    assert!(
        stderr.matches(cause).count() <= 1,
        "{} {errno}: the cause is said more than once: {stderr}",
        fault.what
    );
    assert!(
        tmp_files(&dir).is_empty() && tmp_files(&home.path("Shared")).is_empty(),
        "{} {errno}: a temporary file was left",
        fault.what
    );
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let outcome = if out.status.success() {
        if let Some(note) = stdout.lines().find(|l| l.starts_with("left alone:")) {
            assert!(note.contains(cause), "{} {errno}: {note}", fault.what);
            format!("succeeds; {}: {}", fault.instead, one_line(note))
        } else if stderr.contains("warning") {
            assert!(stderr.contains(cause), "{} {errno}: {stderr}", fault.what);
            format!("succeeds, warns: {}", one_line(&stderr))
        } else {
            assert!(
                !fault.instead.is_empty(),
                "{} {errno}: succeeded silently",
                fault.what
            );
            format!("succeeds; {}", fault.instead)
        }
    } else {
        assert!(
            stderr.contains(cause),
            "{} {errno}: the cause is not said: {stderr}",
            fault.what
        );
        if stderr.contains("unchanged") && args[0] == "add" {
            assert_eq!(
                std::fs::read(&home.binder).unwrap(),
                before,
                "{} {errno}: says unchanged but the file changed",
                fault.what
            );
        }
        // The person tries again.
        home.ok(&args);
        format!("fails: {}; the retry succeeds", one_line(&stderr))
    };
    if args[0] == "add" {
        assert_eq!(
            count(home, name),
            1,
            "{} {errno}: {name} is not there exactly once",
            fault.what
        );
    }
    home.ok(&["verify"]);
    format!(
        "| {} | `{}` | {errno} | {} |",
        fault.what, fault.syscall, outcome
    )
}

fn one_line(s: &str) -> String {
    s.trim_start_matches("binder: ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn save_faults(home: &Home) -> Vec<Fault> {
    let dir = home.dir.path().display().to_string();
    let binder = home.binder.display().to_string();
    let lock = format!("\"{dir}/.plan.binder.lock\"");
    let dir_fd = format!("<{dir}>)");
    vec![
        Fault {
            what: "open the lock file",
            syscall: "openat",
            instead: "",
            matches: Box::new(move |l| l.contains(&lock)),
            errors: &["EACCES", "EROFS", "EMFILE"],
        },
        Fault {
            what: "take the writer lock",
            syscall: "flock",
            instead: "",
            matches: Box::new(|l| l.contains("LOCK_EX")),
            errors: &["ENOLCK"],
        },
        Fault {
            what: "create the new file beside the binder",
            syscall: "openat",
            instead: "",
            matches: Box::new(|l| l.contains(".tmp\"") && l.contains("O_EXCL")),
            errors: &["ENOSPC", "EACCES", "EROFS", "EMFILE"],
        },
        Fault {
            what: "write the new file",
            syscall: "write",
            instead: "",
            matches: Box::new(|l| l.contains(".tmp>")),
            errors: &["ENOSPC", "EIO"],
        },
        Fault {
            what: "flush the new file",
            syscall: "fsync",
            instead: "",
            matches: Box::new(|l| l.contains(".tmp>")),
            errors: &["EIO", "ENOSPC"],
        },
        Fault {
            what: "keep the previous version (hard link)",
            syscall: "linkat",
            instead: "the previous version is copied instead of linked",
            matches: Box::new(|l| l.contains(".generations/")),
            errors: &["EXDEV", "ENOSPC", "EIO"],
        },
        Fault {
            what: "rename the new file over the binder",
            syscall: "rename",
            instead: "",
            matches: Box::new(move |l| l.contains(&format!(", \"{binder}\""))),
            errors: &["EIO", "EACCES", "EROFS", "EXDEV"],
        },
        Fault {
            what: "flush the folder after the rename",
            syscall: "fsync",
            instead: "",
            matches: Box::new(move |l| l.contains(&dir_fd)),
            errors: &["EIO"],
        },
    ]
}

fn sync_faults(shared: &Path, copy: &Path) -> Vec<Fault> {
    let shared_name = format!("\"{}\"", shared.display());
    let shared_fd = format!("<{}>)", shared.parent().unwrap().display());
    let dest = format!(", \"{}\"", shared.display());
    let copy_name = format!("\"{}\"", copy.display());
    let copy_name2 = copy_name.clone();
    vec![
        Fault {
            what: "sync: read the shared file",
            syscall: "openat",
            instead: "",
            matches: Box::new(move |l| l.contains(&shared_name) && l.contains("O_RDONLY")),
            errors: &["EIO", "EACCES", "EMFILE"],
        },
        Fault {
            what: "sync: create the new shared file beside it",
            syscall: "openat",
            instead: "",
            matches: Box::new(|l| l.contains("/.shared.binder.") && l.contains("O_EXCL")),
            errors: &["ENOSPC", "EROFS"],
        },
        Fault {
            what: "sync: write the new shared file",
            syscall: "write",
            instead: "",
            matches: Box::new(|l| l.contains("/.shared.binder.")),
            errors: &["ENOSPC", "EIO"],
        },
        Fault {
            what: "sync: rename it over the shared file",
            syscall: "rename",
            instead: "",
            matches: Box::new(move |l| l.contains(&dest)),
            errors: &["EIO", "EXDEV"],
        },
        Fault {
            what: "sync: flush the shared folder",
            syscall: "fsync",
            instead: "",
            matches: Box::new(move |l| l.contains(&shared_fd)),
            errors: &["EIO"],
        },
        Fault {
            what: "sync: read a conflicted copy",
            syscall: "openat",
            instead: "the copy is left alone, and the sync says why",
            matches: Box::new(move |l| l.contains(&copy_name)),
            errors: &["EACCES", "EIO"],
        },
        Fault {
            what: "sync: remove a merged conflicted copy",
            syscall: "unlink",
            instead: "the copy is merged and left, and the sync says it could not be removed",
            matches: Box::new(move |l| l.contains(&copy_name2)),
            errors: &["EACCES", "EROFS"],
        },
    ]
}

fn write_matrix(name: &str, rows: &[String]) {
    let mut text = String::from("| Call | System call | Error | Outcome |\n|---|---|---|---|\n");
    for r in rows {
        writeln!(text, "{r}").unwrap();
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target"));
    let _ = std::fs::write(target.join(name), text);
}

#[test]
fn every_failing_call_while_saving_has_a_true_outcome_and_a_retry_adds_once() {
    let _turn = crate::support::heavy();
    let mut rows = Vec::new();
    let probe = Home::with_starter();
    let probe_faults = save_faults(&probe);
    let args = ["add", "contact", "name=PROBE"];
    for (i, fault) in probe_faults.iter().enumerate() {
        // Which call it is does not depend on the error: found once per call.
        let n = find_call(&probe, fault, &args);
        for (j, errno) in fault.errors.iter().enumerate() {
            let home = Home::with_starter();
            // The faults name paths; each home has its own, so they are made for it.
            let faults = save_faults(&home);
            let name = format!("Probe {i}-{j}");
            rows.push(case_at(n, &home, &faults[i], errno, &args, &name));
        }
    }
    write_matrix("fault-matrix-save.md", &rows);
}

#[test]
fn every_failing_call_while_syncing_has_a_true_outcome_and_a_retry_converges() {
    let _turn = crate::support::heavy();
    let mut rows = Vec::new();
    let count_faults = sync_faults(Path::new("/x/shared.binder"), Path::new("/x/c")).len();
    /// A home with a shared file, a change waiting to go out, and a sync service's conflicted
    /// copy beside the shared file holding another (the binder file is the same format).
    fn set_up() -> (Home, PathBuf, PathBuf) {
        let home = Home::with_starter();
        let shared_dir = home.path("Shared");
        std::fs::create_dir_all(&shared_dir).unwrap();
        let shared = shared_dir.join("shared.binder");
        home.ok(&["sync", shared.to_str().unwrap()]);
        home.ok(&["add", "contact", "name=In the copy"]);
        let copy = shared_dir.join("shared.sync-conflict-20261202-101530-ABCDEFG.binder");
        std::fs::copy(&home.binder, &copy).unwrap();
        home.ok(&["add", "contact", "name=Waiting"]);
        (home, shared, copy)
    }
    for i in 0..count_faults {
        let errors = sync_faults(Path::new("/x/shared.binder"), Path::new("/x/c"))[i].errors;
        // The probe syncs its own shared file: the same calls in the same order. Once per call.
        let (probe, probe_shared, probe_copy) = set_up();
        let probe_faults = sync_faults(&probe_shared, &probe_copy);
        let probe_arg = probe_shared.display().to_string();
        let n = find_call(&probe, &probe_faults[i], &["sync", &probe_arg]);
        for errno in errors {
            let (home, shared, copy) = set_up();
            let shared_arg = shared.display().to_string();
            let faults = sync_faults(&shared, &copy);
            let row = case_at(
                n,
                &home,
                &faults[i],
                errno,
                &["sync", &shared_arg],
                "unused",
            );
            // Converged: another sync has nothing to do, and every change is there once.
            let again = home.ok(&["sync", &shared_arg]);
            assert!(
                again.contains("0 change set(s) received, 0 sent"),
                "{row}: {again}"
            );
            assert_eq!(count(&home, "Waiting"), 1, "{row}");
            assert_eq!(count(&home, "In the copy"), 1, "{row}");
            rows.push(row);
        }
    }
    write_matrix("fault-matrix-sync.md", &rows);
}

/// The case that once made a retry add a record twice: the folder's flush after the rename
/// fails. The new file is in place, so the command succeeds and says the change may not survive
/// a power cut; it does not claim the previous version is unchanged.
#[test]
fn a_folder_flush_failing_after_the_rename_is_a_saved_change_not_a_failed_one() {
    let probe = Home::with_starter();
    let home = Home::with_starter();
    let (probe_faults, faults) = (save_faults(&probe), save_faults(&home));
    let i = faults
        .iter()
        .position(|f| f.what == "flush the folder after the rename")
        .unwrap();
    let row = case(
        (&probe, &probe_faults[i]),
        &home,
        &faults[i],
        "EIO",
        &["add", "contact", "name=PROBE"],
        "Flushed Once",
    );
    assert!(row.contains("succeeds, warns"), "{row}");
    assert_eq!(count(&home, "Flushed Once"), 1);
}
