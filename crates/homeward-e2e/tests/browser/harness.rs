//! The browser tests' harness: chromedriver and headless Chromium, stores served on free local
//! ports, logging in, reading the page, screenshots.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use fantoccini::{Client, ClientBuilder, Locator};
use homeward_app::NoProgress;
use homeward_app::demo::{DEMO_PASSWORD, DemoOptions, seed};
use homeward_store::Store;
use homeward_testkit::batch;

/// Headless Chromium on a served demo store, logged out; the store's directory and chromedriver
/// live as long as the session (the client goes first).
pub struct DemoSession {
    /// The served app, e.g. `http://127.0.0.1:41234`.
    pub base: String,
    /// The browser.
    pub c: Client,
    _driver: Chromedriver,
    /// The store's (and the browser profile's) directory, for files the test writes.
    pub dir: tempfile::TempDir,
}

/// A [`DemoSession`], or `None` (with a SKIP line) without Chromium and chromedriver.
pub async fn demo_session() -> Option<DemoSession> {
    let (chromium, chromedriver) = chromium_and_driver()?;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let base = serve_demo(dir.path()).await;
    let driver = start_chromedriver(&chromedriver);
    let c = browser(&driver, &chromium, &dir.path().join("profile")).await;
    Some(DemoSession {
        base,
        c,
        _driver: driver,
        dir,
    })
}

/// A chromedriver child process, killed when dropped.
pub struct Chromedriver {
    child: Child,
    port: u16,
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn executable(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

/// Chromium and chromedriver from the PATH; without them, `None` and a SKIP line (the browser
/// tests are then not run).
pub fn chromium_and_driver() -> Option<(PathBuf, PathBuf)> {
    let chromium = executable(&["chromium", "chromium-browser"]);
    if let (Some(chromium), Some(driver)) = (chromium, executable(&["chromedriver"])) {
        return Some((chromium, driver));
    }
    homeward_testkit::skip("chromium and chromedriver are not installed; browser tests not run");
    None
}

/// Starts chromedriver and waits (reading its output, bounded) until it says it is ready.
pub fn start_chromedriver(exe: &Path) -> Chromedriver {
    let port = free_port();
    let mut child = Command::new(exe)
        .arg(format!("--port={port}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let stdout = child.stdout.take().expect("chromedriver's stdout");
    let mut lines = BufReader::new(stdout).lines();
    let ready = lines
        .by_ref()
        .take(50)
        .map_while(Result::ok)
        .any(|l| l.contains("started successfully"));
    assert!(ready, "chromedriver did not report that it started");
    // Keep draining its output so it never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Chromedriver { child, port }
}

pub async fn browser(driver: &Chromedriver, chromium: &Path, profile: &Path) -> Client {
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", "--no-first-run",
                "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.display()),
            ]
        }
    });
    let serde_json::Value::Object(caps) = caps else {
        unreachable!("a JSON object literal")
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a WebDriver session in headless Chromium")
}

/// A SQLite store in `dir` (file `name`), its signing keys unlocked with the tests' secret.
pub async fn open_store(dir: &Path, name: &str) -> Arc<dyn Store> {
    let store: Arc<dyn Store> = homeward_store::open(dir.join(name).to_str().unwrap())
        .await
        .expect("a SQLite store");
    store
        .unlock_signing_keys(
            b"e2e test key-encryption secret",
            homeward_ledger::KdfParams::TEST_ONLY,
            homeward_app::system_write(None),
        )
        .await
        .expect("unlock the signing keys");
    store
}

/// `store` served on a free local port until the test ends; the base URL.
pub async fn serve(store: Arc<dyn Store>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(homeward_web::serve_until(
        store,
        listener,
        std::future::pending(),
    ));
    base
}

/// A seeded demo store served on a free local port; returns the base URL.
pub async fn serve_demo(dir: &Path) -> String {
    let store = open_store(dir, "e2e.db").await;
    let options = DemoOptions {
        remains: 60,
        missing: 300,
        ..DemoOptions::default()
    };
    seed(store.as_ref(), &options, &NoProgress)
        .await
        .expect("the demo seeds");
    serve(store).await
}

/// The page's text. A navigation that completes between finding `<body>` and reading it leaves
/// a stale element; the new page's body is then read again (a bounded number of times).
pub async fn body_text(c: &Client) -> String {
    let mut last = None;
    for _ in 0..20 {
        let found = c.find(Locator::Css("body")).await;
        match found {
            Ok(body) => match body.text().await {
                Ok(text) => return text,
                Err(e) => last = Some(e),
            },
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("cannot read the page's text: {last:?}")
}

pub async fn screenshot(c: &Client, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screenshots");
    if std::fs::create_dir_all(&dir).is_ok()
        && let Ok(png) = c.screenshot().await
    {
        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
    }
}

/// Chromium's DevTools `Emulation.setEmulatedMedia` through chromedriver, to look at the page
/// as printed.
#[derive(Debug)]
pub struct EmulateMedia(pub &'static str);

impl fantoccini::wd::WebDriverCompatibleCommand for EmulateMedia {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({
            "cmd": "Emulation.setEmulatedMedia",
            "params": { "media": self.0 }
        });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// An empty store with the batch `KR-CN-9` taken to its end and a viewer who may read it, served
/// on a free local port; returns the base URL and the seeded batch.
pub async fn serve_batch(dir: &Path) -> (String, batch::SeededBatch) {
    let store = open_store(dir, "batch.db").await;
    let seeded = batch::seed_batch(store.as_ref(), homeward_domain::BatchState::Buried).await;
    let user = homeward_domain::NewUser {
        username: "viewer".into(),
        display_name: "Viewer".into(),
        role: homeward_domain::Role::Viewer,
        organization: None,
        password_hash: homeward_app::passwords::hash_password(DEMO_PASSWORD).unwrap(),
    };
    let system = homeward_store::WriteContext {
        actor: None,
        at: homeward_domain::Timestamp(1_700_000_000),
    };
    store.create_user(&user, system).await.unwrap();
    (serve(store).await, seeded)
}

/// Opens the login form and logs in as `username`.
pub async fn log_in(c: &Client, base: &str, username: &str) {
    c.goto(&format!("{base}/login")).await.unwrap();
    submit_login(c, username).await;
    // Logged in once the page offers to log out: a page opened sooner (on a loaded machine)
    // would still be answered as for a visitor.
    c.wait()
        .for_element(Locator::Css("form[action=\"/logout\"]"))
        .await
        .unwrap_or_else(|e| panic!("{username} is not logged in: {e}"));
}

/// Fills in the login form on the page (`username`, the demo password) and submits it.
pub async fn submit_login(c: &Client, username: &str) {
    for (field, value) in [("username", username), ("password", DEMO_PASSWORD)] {
        c.find(Locator::Css(&format!("input[name={field}]")))
            .await
            .unwrap()
            .send_keys(value)
            .await
            .unwrap();
    }
    c.find(Locator::Css("form[action=\"/login\"] [type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}
