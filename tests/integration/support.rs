use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const PASSPHRASE: &str = "correct horse battery staple";
/// The scrypt work factor of the identities [`Home::quick_identity`] writes.
pub const QUICK_WORK_FACTOR: u8 = 10;

/// A folder holding one founder's identity and binder, driven through the real CLI.
pub struct Home {
    pub dir: tempfile::TempDir,
    pub binder: PathBuf,
    pub identity: PathBuf,
}

impl Home {
    /// A new home with a binder made by `binder init` (with the starter plan), for an identity
    /// sealed quickly ([`Home::quick_identity`]).
    pub fn with_starter() -> Home {
        let home = Home::quick("Alex Rivera");
        home.ok(&["init", "--name", "Alex Rivera", "--starter"]);
        home
    }

    /// Writes a new identity for `name`, sealed with [`PASSPHRASE`] at scrypt work factor
    /// [`QUICK_WORK_FACTOR`] instead of the 18 `binder init` writes. Every command opens it
    /// through the same code as a founder's (age's scrypt identity, then the same text), in about
    /// a millisecond instead of a second; the tests about the passphrase itself, its cost and
    /// the identity file `init` writes make theirs with `init` (`Home::empty`).
    pub fn quick_identity(&self, name: &str) {
        use secrecy::ExposeSecret;
        use std::io::Write;
        let keys = binder::Keys::generate(name);
        let signing = keys.signing_key().expect("new keys sign");
        let text = format!(
            "# Continuity Binder identity. Keep it secret: it opens your binders.\n\
             # name: {name}\n# public key: {}\n# signing-key: CB-SIGNING-KEY-{}\n{}\n",
            keys.recipient(),
            data_encoding::BASE32_NOPAD.encode(signing.as_bytes()),
            keys.age_identity().to_string().expose_secret()
        );
        let mut recipient = age::scrypt::Recipient::new(PASSPHRASE.into());
        recipient.set_work_factor(QUICK_WORK_FACTOR);
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .expect("one scrypt recipient");
        let mut sealed = Vec::new();
        let mut writer = encryptor.wrap_output(&mut sealed).expect("age writer");
        writer.write_all(text.as_bytes()).expect("sealed");
        writer.finish().expect("sealed");
        std::fs::write(&self.identity, sealed).expect("identity written");
        let opened = self.keys();
        assert_eq!(
            opened.recipient(),
            keys.recipient(),
            "the identity reads back"
        );
    }

    /// A new home holding only an identity for `name`, sealed quickly
    /// ([`Home::quick_identity`]): `binder init` there makes a binder for it.
    pub fn quick(name: &str) -> Home {
        let home = Home::empty();
        home.quick_identity(name);
        home
    }

    pub fn empty() -> Home {
        let dir = tempfile::tempdir().expect("temp dir");
        let binder = dir.path().join("plan.binder");
        let identity = dir.path().join("identity.age");
        Home {
            dir,
            binder,
            identity,
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_binder"));
        cmd.args(args)
            .env("BINDER_PATH", &self.binder)
            .env("BINDER_IDENTITY", &self.identity)
            .env("BINDER_PASSPHRASE", PASSPHRASE)
            .env_remove("BINDER_NEW_PASSPHRASE")
            .stdin(std::process::Stdio::null());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run binder")
    }

    /// Runs the CLI, expects success, returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "binder {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    /// Runs the CLI, expects failure, returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "binder {args:?} should have failed: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stderr).expect("utf-8 output")
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.ok(&all)).expect("valid JSON output")
    }

    /// The keys of this home's identity (opened through the library, with the passphrase).
    pub fn keys(&self) -> binder::Keys {
        binder::Keys::open_identity_file(&self.identity, || Ok(PASSPHRASE.into()))
            .expect("open identity")
    }

    /// Every file under the home with its bytes, to prove a failed command changed nothing.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        snapshot(self.dir.path())
    }
}

pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if !path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().ends_with(".lock"))
            {
                // The lock file records who last held it; it holds no data.
                out.insert(path.clone(), std::fs::read(&path).expect("read file"));
            }
        }
    }
    out
}

/// A founder with a passphrase identity and no binder yet (`binder member invite` made it),
/// driven through the CLI.
pub fn founder(name: &str) -> Home {
    let home = Home::quick(name);
    home.ok(&["member", "invite", "--name", name]);
    home
}

/// The invitation a founder sends an owner.
pub fn invitation(home: &Home) -> String {
    home.ok(&["member", "invite"]).trim().to_string()
}

/// Runs a tool we did not write, expects it to succeed (saying `what` failed and its stderr
/// otherwise), and returns what it printed.
pub fn succeeds(command: &mut Command, what: &str) -> Vec<u8> {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Whether a command-line tool is installed (the README's test command installs them).
pub fn require_tool(name: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .map(|o| o.status.success());
    assert!(
        found.unwrap_or(false),
        "{name} is not installed; run the README's test command, which installs it"
    );
}

/// Decrypts the passphrase-protected identity file with the real `age` CLI. age reads
/// passphrases only from a terminal, so `script` gives it one. The result is a plain age
/// identity (with the signing key on a comment line) that `binder --identity` also accepts.
pub fn decrypt_identity_with_age(home: &Home) -> PathBuf {
    let out = home.path("identity.txt");
    age_decrypt_with_passphrase(&home.identity, &out, PASSPHRASE);
    out
}

/// Decrypts a passphrase-encrypted age file with the real `age` CLI, typing the passphrase at
/// the terminal it asks on (through `script`, which gives it one).
pub fn age_decrypt_with_passphrase(file: &Path, out: &Path, passphrase: &str) {
    require_tool("age");
    require_tool("script");
    let mut child = Command::new("script")
        .args([
            "-qec",
            &format!("age -d -o {} {}", out.display(), file.display()),
            "/dev/null",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("run script");
    std::thread::sleep(std::time::Duration::from_millis(500));
    use std::io::Write;
    writeln!(child.stdin.as_mut().expect("stdin"), "{passphrase}").expect("type passphrase");
    assert!(
        child.wait().expect("wait").success(),
        "age could not decrypt {} with the passphrase",
        file.display()
    );
}

/// The real plans in `../shared/fixtures/plans`.
pub const PLANS: &[&str] = &[
    "ai-agent-platform-bcp.md",
    "batchcortex-continuity-plan.txt",
    "batchcortex-security-page.txt",
    "comply-continuity-policy.md",
    "comply-disaster-recovery-policy.md",
    "tuist-bcdr-plan.md",
];

/// Every plan in `../shared/fixtures/plans` (all of them, in every format they come in; sorted),
/// for the tests whose claim is "each fixture plan".
pub fn every_plan() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures("plans"))
        .expect("the fixture plans")
        .map(|e| {
            e.expect("a fixture plan")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert!(names.len() > PLANS.len(), "fixture plans: {names:?}");
    names
}

/// A folder of the shared fixtures (real plans, vCards, calendars), which live beside the
/// repository in `../shared/fixtures` — where CI and every developer checkout put them.
pub fn fixtures(kind: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/fixtures")
        .join(kind);
    assert!(
        dir.is_dir(),
        "the shared fixtures are not at {}: clone the repository next to shared/",
        dir.display()
    );
    dir
}

/// Held by the tests that load the machine (the fault matrix under strace, the crash test, the
/// Syncthing pair), so they take turns instead of slowing one another past their time limits.
pub fn heavy() -> std::sync::MutexGuard<'static, ()> {
    static HEAVY: std::sync::Mutex<()> = std::sync::Mutex::new(());
    HEAVY.lock().unwrap_or_else(|p| p.into_inner())
}
