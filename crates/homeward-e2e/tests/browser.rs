//! The web UI in real headless Chromium: a person's first visit, in three languages, a public
//! search of the roll, and a logged-in walk to a remains case.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use homeward_app::NoProgress;
use homeward_app::demo::{DEMO_ADMIN, DEMO_PASSWORD, DemoOptions, seed};
use homeward_store::Store;

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

/// A seeded demo store served on a free local port; returns the base URL.
async fn serve_demo(dir: &Path) -> String {
    let store: Arc<dyn Store> = homeward_store::open(dir.join("e2e.db").to_str().unwrap())
        .await
        .expect("a SQLite store");
    let options = DemoOptions {
        remains: 60,
        missing: 300,
        ..DemoOptions::default()
    };
    seed(store.as_ref(), &options, &NoProgress)
        .await
        .expect("the demo seeds");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(homeward_web::serve_until(
        store,
        listener,
        std::future::pending(),
    ));
    base
}

async fn body_text(c: &Client) -> String {
    c.find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
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
    let (Some(chromium), Some(chromedriver)) = (
        executable(&["chromium", "chromium-browser"]),
        executable(&["chromedriver"]),
    ) else {
        println!("SKIP: chromium and chromedriver are not installed; browser tests not run");
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
    c.find(Locator::Css("input[name=username]"))
        .await
        .unwrap()
        .send_keys(DEMO_ADMIN)
        .await
        .unwrap();
    c.find(Locator::Css("input[name=password]"))
        .await
        .unwrap()
        .send_keys(DEMO_PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("form[action=\"/login\"] [type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
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
