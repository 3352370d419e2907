//! A harness for driving the real Continuity Binder window: Xvfb (when there is no display),
//! tauri-driver (which runs WebKitWebDriver, which starts the app), and a fantoccini client.
//!
//! Each [`App`] gets its own data folder (`CONTINUITY_BINDER_HOME`), its own X display and its
//! own driver ports, and stops them all (SIGTERM, so WebKitWebDriver lets go of its port).
//! Screenshots go to `$CARGO_TARGET_DIR/e2e-screenshots/` (or `target/e2e-screenshots/`).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};

/// How long to wait for something to appear.
pub const PATIENCE: Duration = Duration::from_secs(30);

static SERIAL: Mutex<()> = Mutex::new(());

/// Processes started for the tests, stopped by the watchdog if a test hangs.
static STARTED: Mutex<Vec<u32>> = Mutex::new(Vec::new());

fn started(child: &Child) {
    STARTED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(child.id());
}

/// One GUI test at a time: they share the machine's two cores and would starve each other.
pub fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Where cargo builds (the CLI is at `target_dir()/debug/binder`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"))
}

/// The app binary under test (`CB_APP_BINARY`, else the debug build).
pub fn app_binary() -> PathBuf {
    let path = std::env::var_os("CB_APP_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug").join("continuity-binder"));
    assert!(
        path.is_file(),
        "the app is not built at {}; build it with scripts/test.sh (or `npm --prefix ui run build && cargo build -p continuity-binder-app`)",
        path.display()
    );
    path.canonicalize().expect("the app binary exists")
}

fn tauri_driver() -> PathBuf {
    let home_bin = std::env::var_os("HOME")
        .map(|h| PathBuf::from(h).join(".cargo/bin/tauri-driver"))
        .filter(|p| p.is_file());
    home_bin.unwrap_or_else(|| PathBuf::from("tauri-driver"))
}

/// Where screenshots go.
pub fn screenshot_dir() -> PathBuf {
    let dir = target_dir().join("e2e-screenshots");
    std::fs::create_dir_all(&dir).expect("can create the screenshot folder");
    dir
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

/// Stops a process with SIGTERM (so WebKitWebDriver lets go of its port), then SIGKILL after 5 s.
pub fn terminate(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Where the driver's and the app's output goes: nowhere, unless `CB_E2E_VERBOSE` is set.
fn quiet() -> Stdio {
    if std::env::var_os("CB_E2E_VERBOSE").is_some() {
        Stdio::inherit()
    } else {
        Stdio::null()
    }
}

/// Starts an X server on a display nobody uses: a number with no lock file, and only once its
/// socket appears while the server is still running (a server that found the display taken
/// exits, and its socket may belong to someone else).
pub fn start_xvfb() -> (Child, String) {
    for number in 90..200u32 {
        let lock = PathBuf::from(format!("/tmp/.X{number}-lock"));
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        if lock.exists() || socket.exists() {
            continue;
        }
        let display = format!(":{number}");
        let mut child = Command::new("Xvfb")
            .args([&display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb runs (apt install xvfb)");
        started(&child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                break;
            }
            if socket.exists() {
                return (child, display);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        terminate(&mut child);
    }
    panic!("no free X display between :90 and :199");
}

/// A WebDriver session on the driver at `port`, retried while the driver starts.
async fn connect(
    port: u16,
    caps: serde_json::Map<String, serde_json::Value>,
    what: &str,
) -> Client {
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + PATIENCE;
    loop {
        match ClientBuilder::native()
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => return c,
            Err(_) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("could not start {what}: {e}"),
        }
    }
}

/// The app running under WebDriver.
pub struct App {
    /// The WebDriver session.
    pub client: Client,
    /// The app's data folder (binders, identities, settings).
    pub home: PathBuf,
    name: String,
    shots: u32,
    driver: Child,
    xvfb: Option<Child>,
    /// The X display the app's window is on (none for Chromium, which is headless).
    display: Option<String>,
    /// chromedriver's port (0 for the app under tauri-driver).
    driver_port: u16,
}

impl App {
    /// Starts the app with its data in `home` and the given command-line arguments.
    pub async fn start(name: &str, home: &Path, args: &[&str]) -> App {
        Self::start_with(name, home, args, &app_binary(), &[]).await
    }

    /// Starts the app on its demo binder (made from the starter plan) and unlocks it.
    pub async fn demo(name: &str, home: &Path) -> App {
        let app = Self::start(name, home, &["--demo"]).await;
        app.wait_text("body", "demo passphrase").await;
        app.unlock_with("demo passphrase").await;
        app.wait_text("[data-testid=call-list]", "Åsa Öberg").await;
        app
    }

    /// Creates a binder from the welcome screen (starter plan) and keeps its recovery key.
    pub async fn create_binder(&self, name: &str, org: &str, pass: &str) {
        self.click("Create a new binder").await;
        self.fill("[data-testid=create-name]", name).await;
        self.fill("[data-testid=create-org]", org).await;
        self.fill("[data-testid=create-passphrase]", pass).await;
        self.fill("[data-testid=create-confirm]", pass).await;
        self.press("[data-testid=create-submit]").await;
        self.press("[data-testid=recovery-kept]").await;
        self.press("[data-testid=recovery-done]").await;
        self.wait_text("[data-testid=call-list]", "Incident lead")
            .await;
    }

    /// Chooses `shared` (made in a folder of its own) as the shared file on the Sync screen.
    pub async fn choose_shared_file(&self, shared: &Path) {
        std::fs::create_dir_all(shared.parent().expect("a folder")).expect("shared folder");
        self.click("Sync").await;
        self.fill("[data-testid=shared-path]", &shared.display().to_string())
            .await;
        self.click("Use this file").await;
        self.wait_text("body", "Shared file saved").await;
    }

    /// Starts `app` (e.g. a release build) with extra environment variables.
    pub async fn start_with(
        name: &str,
        home: &Path,
        args: &[&str],
        app: &Path,
        env: &[(&str, &Path)],
    ) -> App {
        let mut xvfb = None;
        let display = match std::env::var("DISPLAY") {
            Ok(d) if !d.is_empty() && std::env::var_os("CB_E2E_OWN_DISPLAY").is_none() => d,
            _ => {
                let (child, display) = start_xvfb();
                xvfb = Some(child);
                display
            }
        };
        let port = free_port();
        let native = free_port();
        let driver = Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env("DISPLAY", &display)
            .env("CONTINUITY_BINDER_HOME", home)
            .envs(env.iter().copied())
            .env_remove("WAYLAND_DISPLAY")
            .stdout(quiet())
            .stderr(quiet())
            .spawn()
            .expect("tauri-driver runs (cargo install tauri-driver --locked)");
        started(&driver);
        let caps: serde_json::Map<String, serde_json::Value> =
            serde_json::from_value(serde_json::json!({
                "tauri:options": { "application": app, "args": args },
                "browserName": "wry",
            }))
            .expect("capabilities are an object");
        let client = connect(port, caps, "the app through tauri-driver").await;
        App {
            client,
            home: home.to_path_buf(),
            name: name.to_string(),
            shots: 0,
            driver,
            xvfb,
            display: Some(display),
            driver_port: 0,
        }
    }

    /// Headless Chromium (from apt) through chromedriver, at a phone's size (390×844), with
    /// its request log on: for pages the app writes, such as the phone copy. Every method of
    /// [`App`] works on it.
    pub async fn chromium(name: &str, home: &Path) -> App {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(quiet())
            .stderr(quiet())
            .spawn()
            .expect("chromedriver runs (apt install chromium chromium-driver)");
        started(&driver);
        let profile = home.join("chromium-profile");
        let caps: serde_json::Map<String, serde_json::Value> =
            serde_json::from_value(serde_json::json!({
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": "/usr/bin/chromium",
                    "args": [
                        "--headless=new", "--no-sandbox", "--disable-gpu",
                        "--window-size=390,844", "--hide-scrollbars",
                        "--disable-background-networking", "--no-first-run",
                        format!("--user-data-dir={}", profile.display()),
                    ],
                    // What a page saves (the phone copy's call log) lands in <home>/downloads.
                    "prefs": {
                        "download.default_directory": home.join("downloads"),
                        "download.prompt_for_download": false,
                    },
                },
                "goog:loggingPrefs": { "performance": "ALL" },
            }))
            .expect("capabilities are an object");
        let client = connect(port, caps, "Chromium through chromedriver").await;
        App {
            client,
            home: home.to_path_buf(),
            name: name.to_string(),
            shots: 0,
            driver,
            xvfb: None,
            display: None,
            // For the request log, which is not part of the WebDriver standard.
            driver_port: port,
        }
    }

    /// Every URL the browser asked for since this was last called (Chromium's performance
    /// log, `Network.requestWillBeSent`; reading it empties it).
    pub async fn requested_urls(&self) -> Vec<String> {
        let session = self
            .client
            .session_id()
            .await
            .ok()
            .flatten()
            .expect("a WebDriver session");
        let port = self.driver_port;
        assert!(port != 0, "the request log is Chromium's (App::chromium)");
        let body = r#"{"type":"performance"}"#;
        let request = format!(
            "POST /session/{session}/se/log HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        use std::io::{Read, Write};
        let mut stream =
            std::net::TcpStream::connect(format!("127.0.0.1:{port}")).expect("chromedriver");
        stream
            .write_all(request.as_bytes())
            .expect("ask for the log");
        // Read the headers, then exactly the body they announce (chromedriver keeps the
        // connection open).
        let mut raw = Vec::new();
        let mut chunk = [0u8; 65536];
        let body_len = loop {
            let n = stream.read(&mut chunk).expect("read the log");
            assert!(n > 0, "chromedriver closed the connection");
            raw.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&raw);
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length = head
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse::<usize>().ok())
                            .flatten()
                    })
                    .expect("a Content-Length");
                if body.len() >= length {
                    break length;
                }
            }
        };
        let answer = String::from_utf8_lossy(&raw).into_owned();
        let json = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        let json = &json[..body_len.min(json.len())];
        assert!(json.contains('{'), "chromedriver's log answer: {answer:?}");
        let log: serde_json::Value = serde_json::from_str(json).expect("the log is JSON");
        log["value"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|entry| {
                let message: serde_json::Value =
                    serde_json::from_str(entry["message"].as_str()?).ok()?;
                let m = &message["message"];
                (m["method"] == "Network.requestWillBeSent")
                    .then(|| m["params"]["request"]["url"].as_str().map(str::to_string))
                    .flatten()
            })
            .collect()
    }

    /// Saves what the window shows as `<test>-FAILED.png`, then panics with `message`.
    async fn fail(&self, message: String) -> ! {
        let page = tokio::time::timeout(
            Duration::from_secs(5),
            self.client
                .execute("return document.body.innerText.slice(0, 1500);", vec![]),
        )
        .await;
        let page = match page {
            Ok(Ok(v)) => v.as_str().unwrap_or_default().to_string(),
            _ => "(page text unavailable)".into(),
        };
        // After the text: a snapshot of a page where nothing moves may never come (see
        // `screenshot`), and WebDriver answers nothing else meanwhile.
        let shot = tokio::time::timeout(Duration::from_secs(10), self.client.screenshot()).await;
        if let Ok(Ok(png)) = shot {
            let _ = std::fs::write(
                screenshot_dir().join(format!("{}-FAILED.png", self.name)),
                png,
            );
        }
        panic!("{}: {message}\n--- the page said ---\n{page}", self.name);
    }

    /// Waits for the element matching `css`.
    pub async fn find(&self, css: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(e) => e,
            Err(e) => self.fail(format!("no element {css} appeared: {e}")).await,
        }
    }

    /// Waits for the element matching the XPath expression.
    pub async fn find_xpath(&self, xpath: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::XPath(xpath))
            .await
        {
            Ok(e) => e,
            Err(e) => self.fail(format!("no element {xpath} appeared: {e}")).await,
        }
    }

    /// A button by its visible text.
    pub async fn button(&self, text: &str) -> Element {
        self.find_xpath(&format!(
            "//button[normalize-space(.)={text:?} or .//strong[normalize-space(.)={text:?}]]"
        ))
        .await
    }

    /// Clicks a button by its visible text.
    pub async fn click(&self, text: &str) {
        let button = self.button(text).await;
        // Scrolled into view first: a long sidebar scrolls on its own.
        self.center(&button).await;
        button
            .click()
            .await
            .unwrap_or_else(|e| panic!("{}: cannot click {text:?}: {e}", self.name));
    }

    /// Scrolls `element` to the middle of the window, clear of the notices in its corner.
    async fn center(&self, element: &Element) {
        if let Ok(arg) = serde_json::to_value(element) {
            let _ = self
                .client
                .execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
                .await;
        }
    }

    /// Clicks the element matching `css`.
    pub async fn press(&self, css: &str) {
        // A control still moving into place (a dialog opening on a busy machine) can refuse a
        // click: found and clicked again, three tries a quarter of a second apart, as a person
        // would click again.
        let mut tries = 0;
        loop {
            let element = self.find(css).await;
            self.center(&element).await;
            match element.click().await {
                Ok(()) => return,
                Err(e) if tries >= 2 => self.fail(format!("cannot click {css}: {e}")).await,
                Err(_) => {
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
            }
        }
    }

    /// Waits, with no input at all, until the app locks itself (its unlock screen shows);
    /// fails if that takes longer than `within`. Returns how long it took.
    pub async fn wait_idle_lock(&self, within: Duration) -> Duration {
        let started = Instant::now();
        loop {
            let locked = self
                .client
                .find(Locator::Css("[data-testid=unlock-passphrase]"))
                .await
                .is_ok();
            if locked {
                return started.elapsed();
            }
            if started.elapsed() > within {
                self.fail(format!("did not lock by itself within {within:?}"))
                    .await;
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    }

    /// Types the passphrase on the unlock screen and presses Unlock.
    pub async fn unlock_with(&self, passphrase: &str) {
        self.fill("[data-testid=unlock-passphrase]", passphrase)
            .await;
        self.press("[data-testid=unlock-submit]").await;
    }

    /// Types into the element matching `css` (after clearing it).
    /// A field can exist before it can take input (disabled while a task runs, or still
    /// moving in): this waits, within the usual patience, until it can be cleared.
    pub async fn fill(&self, css: &str, text: &str) {
        let deadline = Instant::now() + PATIENCE;
        let field = loop {
            let field = self.find(css).await;
            self.center(&field).await;
            match field.clear().await {
                Ok(()) => break field,
                Err(e) if Instant::now() > deadline => {
                    self.fail(format!("cannot clear {css}: {e}")).await
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        if let Err(e) = field.send_keys(text).await {
            self.fail(format!("cannot type into {css}: {e}")).await;
        }
    }

    /// Waits until the element matching `css` shows `text`; returns its whole text.
    pub async fn wait_text(&self, css: &str, text: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(elements) = self.client.find_all(Locator::Css(css)).await {
                for e in elements {
                    if let Ok(t) = e.text().await {
                        if t.contains(text) {
                            return t;
                        }
                        last = t;
                    }
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.fail(format!("{css} never showed {text:?}; last seen: {last:?}"))
            .await
    }

    /// Waits until the X clipboard of the app's display holds `text`; returns what it holds.
    /// Read from outside the app with `xclip` (as another program pasting would), not through
    /// the page's own clipboard API, which a webview may refuse to read.
    pub async fn wait_clipboard(&self, text: &str) -> String {
        let display = self
            .display
            .clone()
            .expect("the clipboard is the app window's (App::start)");
        let deadline = Instant::now() + PATIENCE;
        let mut last = String::new();
        while Instant::now() < deadline {
            let out = Command::new("xclip")
                .args(["-o", "-selection", "clipboard", "-t", "UTF8_STRING"])
                .env("DISPLAY", &display)
                .stderr(Stdio::piped())
                .output()
                .expect("xclip runs (apt install xclip; scripts/setup.sh installs it)");
            last = String::from_utf8_lossy(&out.stdout).into_owned();
            if out.status.success() && last.contains(text) {
                return last;
            }
            if !out.status.success() {
                last = format!("(xclip: {})", String::from_utf8_lossy(&out.stderr).trim());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.fail(format!(
            "the clipboard never held {text:?}; last read: {last:?}"
        ))
        .await
    }

    /// Presses a key together with Control (Ctrl+K, Ctrl+L…).
    pub async fn ctrl(&self, key: char) {
        let control: char = Key::Control.into();
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: control })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up { value: control });
        self.client
            .perform_actions(keys)
            .await
            .unwrap_or_else(|e| panic!("{}: cannot press Ctrl+{key}: {e}", self.name));
    }

    /// Presses Enter in the focused element.
    pub async fn enter(&self, element: &Element) {
        let enter: char = Key::Enter.into();
        element
            .send_keys(&enter.to_string())
            .await
            .expect("can press Enter");
    }

    /// Runs JavaScript in the page and returns its result.
    pub async fn script(&self, js: &str) -> serde_json::Value {
        self.client
            .execute(js, vec![])
            .await
            .unwrap_or_else(|e| panic!("{}: script failed: {e}", self.name))
    }

    /// Saves a screenshot as `<test>-<n>-<label>.png`, of a frame painted after the last change
    /// (two animation frames later). Returns its path.
    ///
    /// WebKit without GPU compositing (as the app renders) takes a snapshot on its next paint;
    /// on a page where nothing moves that never comes, so a one-pixel element keeps painting
    /// while the snapshot is taken.
    pub async fn screenshot(&mut self, label: &str) -> PathBuf {
        let _ = self
            .client
            .execute_async(
                r#"const done = arguments[0];
                const tick = document.createElement('div');
                tick.id = 'e2e-paint-tick';
                Object.assign(tick.style, { position: 'fixed', left: '0', top: '0', width: '1px', height: '1px', pointerEvents: 'none' });
                document.body.appendChild(tick);
                tick.animate([{ backgroundColor: 'rgba(0,0,0,0.01)' }, { backgroundColor: 'rgba(0,0,0,0.02)' }], { duration: 200, iterations: Infinity });
                requestAnimationFrame(() => requestAnimationFrame(() => done(true)));"#,
                vec![],
            )
            .await;
        self.shots += 1;
        let png = tokio::time::timeout(Duration::from_secs(20), self.client.screenshot()).await;
        let _ = self
            .client
            .execute(
                "document.getElementById('e2e-paint-tick')?.remove();",
                vec![],
            )
            .await;
        let png = match png {
            Ok(Ok(png)) => png,
            Ok(Err(e)) => self.fail(format!("screenshot {label} failed: {e}")).await,
            Err(_) => self.fail(format!("screenshot {label} never came")).await,
        };
        let path = screenshot_dir().join(format!("{}-{:02}-{label}.png", self.name, self.shots));
        std::fs::write(&path, &png).expect("can write the screenshot");
        assert!(png.starts_with(b"\x89PNG"), "a screenshot is a PNG");
        path
    }

    /// Ends the session and stops the driver (and the X server it started).
    pub async fn stop(mut self) {
        let _ = self.client.clone().close().await;
        terminate(&mut self.driver);
        if let Some(x) = self.xvfb.as_mut() {
            terminate(x);
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        // A failed test still stops its processes.
        if let Ok(None) = self.driver.try_wait() {
            terminate(&mut self.driver);
        }
        if let Some(x) = self.xvfb.as_mut()
            && let Ok(None) = x.try_wait()
        {
            terminate(x);
        }
    }
}

/// The longest a GUI test may take before the whole test binary stops (a WebDriver command
/// that never returns would otherwise hang CI).
const WATCHDOG: Duration = Duration::from_secs(300);

/// Runs an async test body on a fresh runtime, one GUI test at a time.
pub fn run<F: std::future::Future<Output = ()>>(body: F) {
    let _guard = serial();
    let (done, finished) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = finished.recv_timeout(WATCHDOG) {
            eprintln!("a GUI test ran longer than {WATCHDOG:?}; stopping the tests");
            for pid in STARTED.lock().unwrap_or_else(|p| p.into_inner()).iter() {
                let _ = Command::new("kill")
                    .args(["-TERM", &pid.to_string()])
                    .status();
            }
            std::process::exit(101);
        }
    });
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(body);
    let _ = done.send(());
}

/// Waits until the sync line is in `phase` (for "synced": with nothing waiting to go out), at
/// most `within`; returns how long it took.
pub async fn wait_phase(app: &App, phase: &str, within: Duration) -> Duration {
    let start = Instant::now();
    let css = match phase {
        "synced" => "[data-testid=sync-line][data-phase=synced][data-pending=false]".to_string(),
        _ => format!("[data-testid=sync-line][data-phase={phase}]"),
    };
    while start.elapsed() < within {
        if app
            .client
            .find(fantoccini::Locator::Css(&css))
            .await
            .is_ok()
        {
            return start.elapsed();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let line = app
        .script("return document.querySelector('[data-testid=sync-line]')?.outerHTML ?? '(none)';")
        .await;
    panic!("the sync line never said {phase} within {within:?}: {line}");
}

/// How many keys the age file at `path` is encrypted to: the X25519 stanzas of its header (a
/// member added shows here once the app has written the shared file again).
pub fn recipients(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap_or_default();
    bytes
        .split(|b| *b == b'\n')
        .take_while(|line| !line.starts_with(b"--- "))
        .filter(|line| line.starts_with(b"-> X25519 "))
        .count()
}

/// Ben (at the welcome screen) joins Ann's team through the app alone: his invitation, Ann
/// adding him as an editor, her app writing the shared file for him, and Ben joining with it.
pub async fn join_team(ann: &App, ben: &App, ben_name: &str, ben_pass: &str, shared: &Path) {
    ben.click("Join your team").await;
    ben.fill("[data-testid=join-name]", ben_name).await;
    ben.fill("[data-testid=join-passphrase]", ben_pass).await;
    ben.click("Make my invitation").await;
    let invitation = ben
        .find("[data-testid=join-invitation]")
        .await
        .text()
        .await
        .expect("the invitation reads");
    ann.press("[data-testid=nav-team]").await;
    ann.fill("[data-testid=add-invitation]", &invitation).await;
    ann.wait_text("[data-testid=invitation-whose]", ben_name)
        .await;
    ann.find_xpath("//select[@data-testid='add-role']/option[@value='editor']")
        .await
        .click()
        .await
        .expect("the editor role can be chosen");
    let before = recipients(shared);
    ann.press("[data-testid=add-member]").await;
    ann.wait_text("[data-testid=members]", ben_name).await;
    let deadline = Instant::now() + Duration::from_secs(15);
    while recipients(shared) <= before {
        assert!(
            Instant::now() < deadline,
            "the shared file was not written for {ben_name}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    ben.fill("[data-testid=join-shared]", &shared.display().to_string())
        .await;
    ben.click("Join").await;
    ben.wait_text("[data-testid=call-list]", "Incident lead")
        .await;
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// The passphrase of the founders the CLI makes for the phone-copy tests.
pub const CLI_PASSPHRASE: &str = "correct horse battery staple";
/// The phone copy's own passphrase in those tests.
pub const PHONE_PASSPHRASE: &str = "phone copy passphrase 7";

/// Runs the real CLI (`binder`, built beside the app) on the binder in `dir`, with the phone
/// copy's passphrase at hand, and returns what it printed; panics with its message when it fails.
pub fn cli(dir: &Path, args: &[&str]) -> String {
    let binary = target_dir().join("debug").join("binder");
    assert!(binary.is_file(), "the CLI is built at {}", binary.display());
    let out = Command::new(&binary)
        .args(args)
        .env("BINDER_PATH", dir.join("plan.binder"))
        .env("BINDER_IDENTITY", dir.join("identity.age"))
        .env("BINDER_PASSPHRASE", CLI_PASSPHRASE)
        .env("BINDER_POCKET_PASSPHRASE", PHONE_PASSPHRASE)
        .output()
        .expect("the CLI runs");
    assert!(
        out.status.success(),
        "binder {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A founder's binder made from the starter plan by `binder init --starter` (with an incident
/// started at level 2 when `incident`), and its phone copy by `binder export pocket`.
pub fn phone_copy(dir: &Path, incident: bool) -> PathBuf {
    cli(
        dir,
        &[
            "init",
            "--name",
            "Alex Rivera",
            "--org",
            "Demo Company",
            "--starter",
        ],
    );
    if incident {
        cli(dir, &["incident", "start", "--level", "Level 2"]);
    }
    let page = dir.join("phone").join("plan.html");
    std::fs::create_dir_all(page.parent().expect("a folder")).expect("the phone folder");
    cli(
        dir,
        &["export", "pocket", "-o", &page.display().to_string()],
    );
    page
}
