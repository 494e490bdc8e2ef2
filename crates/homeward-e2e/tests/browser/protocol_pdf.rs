//! The demo's 2022 batch (88 caskets) printed to PDF on A4 in headless Chromium, read back page
//! by page with poppler's `pdftotext`, `pdfinfo` and `pdffonts`: no page holds only headings or
//! captions, every heading stands on the page of what follows it, the signature block (headings,
//! lines, names and captions) stands on one page, the page count is the expected one, and the
//! Korean and Chinese fonts are embedded.

use std::path::Path;
use std::process::Command;

use fantoccini::wd::PrintConfiguration;
use fantoccini::{Client, Locator};
use homeward_app::demo::{BATCH_2022, DEMO_ADMIN};

use crate::harness::{demo_session, executable, log_in};

/// Pages of the demo batch's protocol on A4 with the default 1 cm margins: the three columns and
/// the authentication on page 1, the 88 caskets' table on pages 2 to 4, its last rows, totals
/// and the signatures on page 4.
const DEMO_PAGES: usize = 4;

/// poppler's tools, or a SKIP line.
fn poppler() -> bool {
    let found = ["pdftotext", "pdfinfo", "pdffonts"]
        .iter()
        .all(|tool| executable(&[tool]).is_some());
    if !found {
        homeward_testkit::skip(
            "poppler-utils (pdftotext, pdfinfo, pdffonts) not installed; PDF test not run",
        );
    }
    found
}

/// A poppler tool's standard output; panics when it fails.
fn run(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs: {e}"));
    assert!(out.status.success(), "{tool} {args:?} fails: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

fn page_count(pdf: &Path) -> usize {
    let info = run("pdfinfo", &[], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo names the pages: {info}"))
}

/// Each page's text lines, trimmed, without empty ones.
fn pages_text(pdf: &Path, pages: usize) -> Vec<Vec<String>> {
    (1..=pages)
        .map(|n| {
            let n = n.to_string();
            let out = Command::new("pdftotext")
                .args(["-raw", "-enc", "UTF-8", "-f", &n, "-l", &n])
                .arg(pdf)
                .arg("-")
                .output()
                .expect("pdftotext runs");
            assert!(out.status.success(), "pdftotext fails on page {n}: {out:?}");
            String::from_utf8(out.stdout)
                .expect("UTF-8 text")
                .lines()
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect()
        })
        .collect()
}

/// Texts of the elements that `css` selects, each with its runs of white space made one space.
async fn texts(c: &Client, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in c.find_all(Locator::Css(css)).await.unwrap() {
        let t = e.text().await.unwrap();
        out.push(t.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    out
}

/// `text` without white space: a name wrapped over lines in the PDF still matches.
fn squeezed(text: &str) -> String {
    text.split_whitespace().collect()
}

/// Whether `line` is (part of) one of `labels`.
fn is_label(line: &str, labels: &[String]) -> bool {
    let line = squeezed(line);
    labels.iter().any(|l| squeezed(l).contains(&line))
}

/// Whether page `page` holds `needle`, perhaps wrapped over lines.
fn holds(page: &[String], needle: &str) -> bool {
    squeezed(&page.concat()).contains(&squeezed(needle))
}

/// The pages (from 1) that hold `needle`.
fn pages_with(pages: &[Vec<String>], needle: &str) -> Vec<usize> {
    (1..=pages.len())
        .filter(|&n| holds(&pages[n - 1], needle))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_batch_protocol_prints_whole_on_a4() {
    if !poppler() {
        return;
    }
    let Some(session) = demo_session().await else {
        return;
    };
    let (base, c) = (session.base.clone(), session.c.clone());
    log_in(&c, &base, DEMO_ADMIN).await;
    c.goto(&format!("{base}/batches/{BATCH_2022}/protocol?lang=en"))
        .await
        .unwrap();

    // What the page says is a heading or a caption, and what stands right under each heading.
    let mut labels = texts(&c, ".protocol h1, .protocol h2, .protocol h3").await;
    labels.extend(texts(&c, ".sig-caption").await);
    labels.extend(texts(&c, ".protocol h2 > span, .protocol h3 > span").await);
    let mut followers = Vec::new();
    for h in c
        .find_all(Locator::Css(".protocol h2, .protocol h3"))
        .await
        .unwrap()
    {
        let pair = c
            .execute(
                "const h = arguments[0]; const key = (h.querySelector('span') || h).innerText;\
                 const next = h.nextElementSibling;\
                 const f = ['dt span', 'dt', 'th span', 'h3 span', '.sig-party span']\
                   .map(s => next.querySelector(s)).find(e => e);\
                 return [key.trim(), f.innerText.trim()];",
                vec![serde_json::to_value(&h).unwrap()],
            )
            .await
            .unwrap();
        let text = |i: usize| pair[i].as_str().unwrap().to_owned();
        followers.push((text(0), text(1)));
    }
    assert_eq!(
        followers.len(),
        8,
        "totals in each column, authentication, caskets, signatures and its two sides"
    );
    let sigs = c.find_all(Locator::Css(".sig")).await.unwrap().len();
    let parts = texts(&c, ".sig-name > span, .sig-caption > span").await;
    let captions_en = texts(&c, ".sig-caption > span[lang=en]").await;
    assert!(sigs > 0, "the demo batch names its officials");
    assert_eq!(captions_en.len(), sigs, "a caption under every line");

    let codes = texts(&c, ".protocol-caskets .code, .protocol-code code").await;
    assert_eq!(
        codes.len(),
        88 + 3,
        "88 accession numbers, the batch code in each column"
    );

    let config = PrintConfiguration::builder().build().expect("A4");
    let pdf = c.print(config).await.expect("Chromium prints the page");
    c.close().await.unwrap();
    let file = session.dir.path().join("protocol-demo.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screenshots");
    if std::fs::create_dir_all(&keep).is_ok() {
        let _ = std::fs::write(keep.join("protocol-demo.pdf"), &pdf);
    }
    let count = page_count(&file);
    let pages = pages_text(&file, count);
    for (n, page) in pages.iter().enumerate() {
        println!("--- page {} ---\n{}", n + 1, page.join("\n"));
    }

    // No page holds only headings and captions.
    for (n, page) in pages.iter().enumerate() {
        assert!(
            page.iter().any(|l| !is_label(l, &labels)),
            "page {} holds only headings or captions: {page:?}",
            n + 1
        );
    }
    // Each column's heading stands on the page of the first label under it.
    for (heading, next) in &followers {
        let at = pages_with(&pages, heading);
        assert!(!at.is_empty(), "{heading} is printed");
        for n in at {
            assert!(
                holds(&pages[n - 1], next),
                "{heading} on page {n} without {next} under it"
            );
        }
    }
    // Codes never break: each accession number and the batch code stand whole on a line.
    for code in &codes {
        assert!(
            pages.iter().flatten().any(|l| l.contains(code.as_str())),
            "{code} whole on a line"
        );
    }
    // The signature block on one page, the last: every signer's line with its caption.
    let sig_page = pages.len();
    for part in &parts {
        assert!(
            holds(&pages[sig_page - 1], part),
            "{part:?} stands on the signatures' page {sig_page}"
        );
    }
    let caption_en = &captions_en[0];
    let on_page = pages[sig_page - 1]
        .iter()
        .filter(|l| l.contains(caption_en.as_str()))
        .count();
    assert_eq!(on_page, sigs, "each line's caption on page {sig_page}");
    assert_eq!(
        pages_with(&pages, caption_en),
        [sig_page],
        "no caption away from its line"
    );
    assert_eq!(
        count, DEMO_PAGES,
        "the demo batch's protocol fills {DEMO_PAGES} A4 pages"
    );

    // The fonts are embedded, the Korean and Chinese ones among them.
    let fonts = run("pdffonts", &[], &file);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "pdffonts lists fonts: {fonts}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let emb = cols.len().checked_sub(5).map(|i| cols[i]);
        assert_eq!(emb, Some("yes"), "every font embedded: {row}");
    }
    // Chromium (Skia) embeds the CFF-flavoured Noto CJK fonts as Type 3 fonts: each glyph's
    // outline is in the PDF (pdffonts: emb yes, no name), and the fonts' descriptors name the
    // subset of Noto Sans CJK they were drawn from.
    assert!(
        rows.iter().any(|r| r.contains("Type 3")),
        "the CJK glyphs embedded as Type 3 fonts: {fonts}"
    );
    let raw = String::from_utf8_lossy(&pdf);
    for cjk in ["NotoSansCJKkr-Regular", "NotoSansCJKsc-Regular"] {
        assert!(
            raw.contains(&format!("+{cjk}")),
            "an embedded subset of {cjk} (/FontName /XXXXXX+{cjk})"
        );
    }
}
