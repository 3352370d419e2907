//! Two Syncthing instances (Debian's package) on loopback only, each serving one folder, for
//! the tests that carry the shared file with a real sync engine (the CLI's and the app's).
//! Included by path from both test crates.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// A free port on the loopback address.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// One Syncthing instance: its home, device id, port, and the folder it serves.
pub struct Peer {
    home: PathBuf,
    id: String,
    port: u16,
    /// The folder it serves.
    pub folder: PathBuf,
    child: Option<Child>,
}

impl Peer {
    /// Two instances under `dir` ("ann" and "ben"), each knowing the other, both running.
    pub fn pair(dir: &Path) -> (Peer, Peer) {
        let mut a = Peer::generate(dir, "ann");
        let mut b = Peer::generate(dir, "ben");
        a.configure(&b);
        b.configure(&a);
        a.start();
        b.start();
        (a, b)
    }

    /// A new instance (keys and device id) with its folder `<name>-shared` under `dir`.
    pub fn generate(dir: &Path, name: &str) -> Peer {
        let home = dir.join(format!("syncthing-{name}"));
        let out = Command::new("syncthing")
            .args(["generate", "--no-default-folder"])
            .arg(format!("--home={}", home.display()))
            .output()
            .expect("syncthing runs (apt install syncthing)");
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        let id = text
            .lines()
            .find_map(|l| l.split("Device ID: ").nth(1))
            .unwrap_or_else(|| panic!("no device id: {text}"))
            .trim()
            .to_string();
        let folder = dir.join(format!("{name}-shared"));
        std::fs::create_dir_all(&folder).unwrap();
        Peer {
            home,
            id,
            port: free_port(),
            folder,
            child: None,
        }
    }

    /// Loopback only: no discovery, relays, NAT, upgrades or usage reports; the peer at its
    /// loopback address; one folder shared by both, watched with a one-second delay.
    pub fn configure(&self, peer: &Peer) {
        let config = format!(
            r#"<configuration version="36">
    <folder id="binder" label="binder" path="{folder}" type="sendreceive" rescanIntervalS="10" fsWatcherEnabled="true" fsWatcherDelayS="1">
        <device id="{me}"></device>
        <device id="{them}"></device>
        <maxConflicts>-1</maxConflicts>
    </folder>
    <device id="{me}" name="me"><address>dynamic</address></device>
    <device id="{them}" name="peer"><address>tcp://127.0.0.1:{their_port}</address></device>
    <gui enabled="false" tls="false"><address>127.0.0.1:{gui}</address></gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{port}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <startBrowser>false</startBrowser>
        <urAccepted>-1</urAccepted>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <crashReportingEnabled>false</crashReportingEnabled>
        <reconnectionIntervalS>1</reconnectionIntervalS>
        <setLowPriority>false</setLowPriority>
    </options>
</configuration>
"#,
            folder = self.folder.display(),
            me = self.id,
            them = peer.id,
            their_port = peer.port,
            gui = free_port(),
            port = self.port,
        );
        std::fs::write(self.home.join("config.xml"), config).unwrap();
    }

    /// Runs it (its log in its home).
    pub fn start(&mut self) {
        let log = std::fs::File::create(self.home.join("syncthing.log")).unwrap();
        let child = Command::new("syncthing")
            .args(["serve", "--no-browser", "--no-restart", "--no-upgrade"])
            .arg(format!("--home={}", self.home.display()))
            .env("STNOUPGRADE", "1")
            .env("STNODEFAULTFOLDER", "1")
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("syncthing serve");
        self.child = Some(child);
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Keeps aside a copy of every conflict copy of the shared file that appears in the watched
/// folders, as it was when first seen: the watchers absorb and remove them within moments, and
/// a test checks afterwards that what they held arrived. One that vanishes before it is read
/// is missed (so the kept ones are a sample, usually nearly all).
pub struct ConflictCopies {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<Vec<PathBuf>>>,
}

impl ConflictCopies {
    /// Starts looking, every few milliseconds, for conflict copies of `shared_name` in
    /// `folders`; keeps them in `keep_in`.
    pub fn watch(folders: Vec<PathBuf>, shared_name: &str, keep_in: &Path) -> ConflictCopies {
        std::fs::create_dir_all(keep_in).unwrap();
        let (stop, keep_in, shared_name) = (
            Arc::new(AtomicBool::new(false)),
            keep_in.to_path_buf(),
            shared_name.to_string(),
        );
        let stopped = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut seen = std::collections::BTreeSet::new();
            let mut kept = Vec::new();
            while !stopped.load(Ordering::Relaxed) {
                for (i, folder) in folders.iter().enumerate() {
                    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
                        let name = entry.file_name().to_string_lossy().into_owned();
                        if !binder::sync::is_conflicted_copy(&shared_name, &name)
                            || !seen.insert((i, name.clone()))
                        {
                            continue;
                        }
                        if let Ok(bytes) = std::fs::read(entry.path()) {
                            let to = keep_in.join(format!("{i}-{name}"));
                            std::fs::write(&to, bytes).unwrap();
                            kept.push(to);
                        }
                    }
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            kept
        });
        ConflictCopies {
            stop,
            thread: Some(thread),
        }
    }

    /// Stops looking; the copies kept.
    pub fn stop(mut self) -> Vec<PathBuf> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread
            .take()
            .map(|t| t.join().expect("the conflict copy watcher"))
            .unwrap_or_default()
    }
}

impl Drop for ConflictCopies {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
