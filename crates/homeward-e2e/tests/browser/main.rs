//! The web UI in real headless Chromium: a person's first visit, in three languages, a public
//! search of the roll, and a logged-in walk to a remains case; and a batch's transfer protocol,
//! printed to PDF on A4 (the demo batch's, read back page by page, in `protocol_pdf.rs`); the DNA
//! pages in three languages with screenshots (`dna.rs`; the shared set-up is `harness.rs`).

mod dna;
mod harness;
mod protocol_pdf;
mod untranslated;

use std::path::Path;
use std::time::Duration;

use fantoccini::Locator;
use fantoccini::wd::PrintConfiguration;
use homeward_app::demo::DEMO_ADMIN;

use harness::{
    EmulateMedia, body_text, browser, chromium_and_driver, demo_session, log_in, screenshot,
    serve_batch, start_chromedriver, submit_login,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_and_an_officer_use_the_ui_in_chromium() {
    let Some(session) = demo_session().await else {
        return;
    };
    let (base, c) = (session.base.clone(), session.c.clone());
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
