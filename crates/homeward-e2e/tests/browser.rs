//! The web UI in real headless Chromium: a person's first visit, in three languages, a public
//! search of the roll, and a logged-in walk to a remains case; and a batch's transfer protocol,
//! printed to PDF on A4.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use fantoccini::wd::PrintConfiguration;
use fantoccini::{Client, ClientBuilder, Locator};
use homeward_app::NoProgress;
use homeward_app::demo::{DEMO_ADMIN, DEMO_PASSWORD, DemoOptions, seed};
use homeward_store::Store;
use homeward_testkit::batch;

/// A chromedriver child process, killed when dropped.
struct Chromedriver {
    child: Child,
    port: u16,
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn executable(names: &[&str]) -> Option<PathBuf> {
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
fn chromium_and_driver() -> Option<(PathBuf, PathBuf)> {
    let chromium = executable(&["chromium", "chromium-browser"]);
    if let (Some(chromium), Some(driver)) = (chromium, executable(&["chromedriver"])) {
        return Some((chromium, driver));
    }
    homeward_testkit::skip("chromium and chromedriver are not installed; browser tests not run");
    None
}

/// Starts chromedriver and waits (reading its output, bounded) until it says it is ready.
fn start_chromedriver(exe: &Path) -> Chromedriver {
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

async fn browser(driver: &Chromedriver, chromium: &Path, profile: &Path) -> Client {
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
async fn open_store(dir: &Path, name: &str) -> Arc<dyn Store> {
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
async fn serve(store: Arc<dyn Store>) -> String {
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
async fn serve_demo(dir: &Path) -> String {
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
async fn body_text(c: &Client) -> String {
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

async fn screenshot(c: &Client, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screenshots");
    if std::fs::create_dir_all(&dir).is_ok()
        && let Ok(png) = c.screenshot().await
    {
        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_and_an_officer_use_the_ui_in_chromium() {
    let Some((chromium, chromedriver)) = chromium_and_driver() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let base = serve_demo(dir.path()).await;
    let driver = start_chromedriver(&chromedriver);
    let c = browser(&driver, &chromium, &dir.path().join("profile")).await;
    c.set_window_size(1280, 1000).await.ok();
    let _ = c
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            None,
            Some(Duration::from_secs(30)),
            Some(Duration::from_secs(2)),
        ))
        .await;

    // The dashboard, public: the twelve handovers and their 1,011 remains, with the chart.
    c.goto(&format!("{base}/?lang=en")).await.unwrap();
    let text = body_text(&c).await;
    assert!(
        text.contains("1,011") || text.contains("1011"),
        "the dashboard shows the 1,011 remains handed over: {text}"
    );
    c.find(Locator::Css("svg[role=img]"))
        .await
        .expect("the handover chart is an SVG");
    let bars = c
        .find_all(Locator::Css("svg[role=img] rect"))
        .await
        .unwrap();
    assert!(
        bars.len() >= 12,
        "one bar per handover, found {}",
        bars.len()
    );
    screenshot(&c, "dashboard-en").await;

    // The same page in Korean and Chinese, chosen by the visitor.
    for (lang, html_lang) in [("ko", "ko"), ("zh", "zh")] {
        c.goto(&format!("{base}/?lang={lang}")).await.unwrap();
        let root = c.find(Locator::Css("html")).await.unwrap();
        let got = root.attr("lang").await.unwrap().unwrap_or_default();
        assert!(
            got.starts_with(html_lang),
            "html lang {got} for ?lang={lang}"
        );
        screenshot(&c, &format!("dashboard-{lang}")).await;
    }
    c.goto(&format!("{base}/?lang=en")).await.unwrap();

    // The public roll: search by the first name form that the page shows for a common surname.
    c.goto(&format!("{base}/missing?q=wang")).await.unwrap();
    let forms = c.find_all(Locator::Css(".name-form")).await.unwrap();
    assert!(
        !forms.is_empty(),
        "a search for 'wang' finds people on the roll"
    );
    let hanzi = forms[0].text().await.unwrap();
    let search = c.find(Locator::Css("input[name=q]")).await.unwrap();
    search.clear().await.unwrap();
    search.send_keys(&hanzi).await.unwrap();
    c.find(Locator::Css("form[action=\"/missing\"] [type=submit]"))
        .await
        .expect("the search form has a submit button")
        .click()
        .await
        .unwrap();
    let text = body_text(&c).await;
    assert!(text.contains(&hanzi), "searching {hanzi} finds {hanzi}");
    screenshot(&c, "missing-search").await;

    // The registry is not public: the remains list sends a visitor to the login page.
    c.goto(&format!("{base}/remains")).await.unwrap();
    let url = c.current_url().await.unwrap();
    assert!(
        url.path().starts_with("/login"),
        "anonymous /remains lands on {url}"
    );

    // Log in as the demo administrator through the form.
    submit_login(&c, DEMO_ADMIN).await;
    c.goto(&format!("{base}/remains")).await.unwrap();
    let links = c
        .find_all(Locator::Css("a[href^=\"/remains/\"]"))
        .await
        .unwrap();
    assert!(!links.is_empty(), "the logged-in remains list shows cases");
    screenshot(&c, "remains-list").await;
    let accession = links[0].text().await.unwrap();
    links[0].click().await.unwrap();
    let text = body_text(&c).await;
    assert!(text.contains(&accession), "the detail page of {accession}");
    screenshot(&c, "remains-detail").await;

    c.close().await.unwrap();
}

/// Chromium's DevTools `Emulation.setEmulatedMedia` through chromedriver, to look at the page
/// as printed.
#[derive(Debug)]
struct EmulateMedia(&'static str);

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
async fn serve_batch(dir: &Path) -> (String, batch::SeededBatch) {
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
async fn log_in(c: &Client, base: &str, username: &str) {
    c.goto(&format!("{base}/login")).await.unwrap();
    submit_login(c, username).await;
}

/// Fills in the login form on the page (`username`, the demo password) and submits it.
async fn submit_login(c: &Client, username: &str) {
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_transfer_protocol_prints_on_a4_in_three_languages() {
    let Some((chromium, chromedriver)) = chromium_and_driver() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (base, seeded) = serve_batch(dir.path()).await;
    let driver = start_chromedriver(&chromedriver);
    let c = browser(&driver, &chromium, &dir.path().join("profile")).await;
    log_in(&c, &base, "viewer").await;

    // The English UI still shows all three texts, each in its own language.
    c.goto(&format!("{base}/batches/KR-CN-9/protocol?lang=en"))
        .await
        .unwrap();
    let text = body_text(&c).await;
    for heading in [
        "유해 인도·인수서",
        "遗骸交接书",
        "Transfer protocol of remains",
    ] {
        assert!(text.contains(heading), "the protocol has {heading}: {text}");
    }
    let sha = seeded.manifest_sha256.as_deref().unwrap();
    assert!(text.contains(sha), "the manifest hash {sha}");
    assert!(text.contains(&seeded.sender_key_id), "the sender's key");
    assert!(text.contains(&seeded.receiver_key_id), "the receiver's key");
    for heading in ["Caskets and counts", "관 및 수량", "棺椁及数量"] {
        assert!(text.contains(heading), "{heading}");
    }
    let totals = c
        .find_all(Locator::Css(".protocol-facts.totals dd"))
        .await
        .unwrap();
    let mut counts = Vec::new();
    for dd in &totals {
        counts.push(dd.text().await.unwrap());
    }
    assert_eq!(counts, ["3"; 9], "caskets, remains, effects in each column");
    let columns = c.find_all(Locator::Css(".tri-col")).await.unwrap();
    let mut langs = Vec::new();
    for col in &columns {
        langs.push(col.attr("lang").await.unwrap().unwrap_or_default());
    }
    assert_eq!(langs, ["ko", "zh-Hans", "en"]);
    screenshot(&c, "protocol").await;

    // Printed on A4: a real PDF of a page or two, with the CJK system fonts embedded.
    let config = PrintConfiguration::builder()
        .build()
        .expect("the default print configuration (A4)");
    let pdf = c.print(config).await.expect("Chromium prints the page");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    assert!(
        pdf.len() > 20_000,
        "a PDF with content: {} bytes",
        pdf.len()
    );
    let pdf_text = String::from_utf8_lossy(&pdf);
    let pages = pdf_text.matches("/Type /Page\n").count();
    assert!(
        (1..=2).contains(&pages),
        "three caskets fit on one or two A4 pages, found {pages}"
    );
    assert!(
        pdf_text.contains("/MediaBox [0 0 595.91998 841.91998]"),
        "A4 pages"
    );
    for font in ["NotoSansCJKkr", "NotoSansCJKsc"] {
        assert!(pdf_text.contains(font), "Korean and Chinese set in {font}");
    }
    let dir_out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screenshots");
    if std::fs::create_dir_all(&dir_out).is_ok() {
        let _ = std::fs::write(dir_out.join("protocol.pdf"), &pdf);
    }
    println!("protocol.pdf: {} bytes, {pages} A4 pages", pdf.len());

    // As printed: no navigation, no language switcher, no links back; the protocol itself shown.
    c.issue_cmd(EmulateMedia("print"))
        .await
        .expect("print media");
    for chrome in [".masthead", ".footer", ".no-print"] {
        let shown = c
            .find(Locator::Css(chrome))
            .await
            .unwrap()
            .is_displayed()
            .await
            .unwrap();
        assert!(!shown, "{chrome} is hidden in print");
    }
    assert!(
        c.find(Locator::Css(".protocol"))
            .await
            .unwrap()
            .is_displayed()
            .await
            .unwrap()
    );
    screenshot(&c, "protocol-print").await;
    c.issue_cmd(EmulateMedia("")).await.expect("screen media");

    // The batch page in Chinese: the step indicator at its end, and the public memorial roll.
    c.goto(&format!("{base}/batches/KR-CN-9?lang=zh"))
        .await
        .unwrap();
    let current = c
        .find(Locator::Css(".step.current"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(current.contains("安葬"), "the batch is buried: {current}");
    screenshot(&c, "batch-zh").await;
    c.goto(&format!("{base}/memorial?lang=ko")).await.unwrap();
    let names = c.find_all(Locator::Css(".fallen-name")).await.unwrap();
    assert_eq!(names.len(), 3, "three buried on the roll");
    assert_eq!(names[0].text().await.unwrap(), "무명용사");
    screenshot(&c, "memorial-ko").await;
    c.close().await.unwrap();
}
