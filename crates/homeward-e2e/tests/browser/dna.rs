//! The DNA pages on the demo's synthetic DNA, in headless Chromium, in English, Korean and
//! Chinese: the overview, a remains case's ranked families, a family with its pedigree drawn
//! (square, circle, the missing person marked, typed references filled), and a candidate
//! explained marker by marker; a screenshot of each in each language
//! (`target/e2e-screenshots/dna-*.png`); the demo viewer is refused.

use fantoccini::{Client, Locator};
use homeward_app::demo::DEMO_ADMIN;

use crate::harness::{body_text, demo_session, log_in, screenshot};

/// The first link on the page whose address starts with `prefix`.
const FIRST_LINK: &str = r#"
const a = [...document.querySelectorAll('a[href]')]
  .map(a => a.getAttribute('href'))
  .find(h => h.startsWith(arguments[0]) && h.length > arguments[0].length);
return a || null;
"#;

async fn first_link(c: &Client, base: &str, page: &str, prefix: &str) -> String {
    c.goto(&format!("{base}{page}")).await.unwrap();
    let found = c
        .execute(FIRST_LINK, vec![serde_json::json!(prefix)])
        .await
        .unwrap();
    found
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("{page} links to no {prefix}…"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dna_pages_read_in_three_languages_with_the_pedigree_drawn() {
    let Some(session) = demo_session().await else {
        return;
    };
    let (base, c) = (session.base.clone(), session.c.clone());
    c.set_window_size(1280, 1000).await.ok();

    // The demo viewer may not see DNA: the 403 page, in the browser too.
    log_in(&c, &base, "viewer").await;
    c.goto(&format!("{base}/dna?lang=en")).await.unwrap();
    let text = body_text(&c).await;
    assert!(
        text.contains("Read DNA profiles, pedigrees and candidates"),
        "a viewer gets the 403 page naming the permission: {text}"
    );
    c.delete_all_cookies().await.unwrap();

    log_in(&c, &base, DEMO_ADMIN).await;
    let remains = first_link(&c, &base, "/dna?lang=en", "/dna/remains/").await;
    let family = first_link(&c, &base, &remains, "/dna/families/").await;
    let candidate = first_link(&c, &base, &remains, "/dna/runs/").await;
    let pages = [
        ("overview", "/dna".to_owned()),
        ("remains", remains),
        ("family", family),
        ("candidate", candidate),
    ];
    for lang in ["en", "ko", "zh"] {
        for (name, path) in &pages {
            let sep = if path.contains('?') { '&' } else { '?' };
            c.goto(&format!("{base}{path}{sep}lang={lang}"))
                .await
                .unwrap();
            let html_lang = c
                .find(Locator::Css("html"))
                .await
                .unwrap()
                .attr("lang")
                .await
                .unwrap()
                .unwrap_or_default();
            assert!(
                html_lang.starts_with(lang),
                "{path} in {lang}: <html lang={html_lang}>"
            );
            c.find(Locator::Css("h1"))
                .await
                .unwrap_or_else(|_| panic!("{path} has a heading"));
            if *name == "family" {
                let people = c
                    .find_all(Locator::Css("svg.pedigree g.person"))
                    .await
                    .unwrap();
                assert!(people.len() >= 3, "{path}: the pedigree draws its people");
                c.find(Locator::Css("svg.pedigree g.missing"))
                    .await
                    .unwrap_or_else(|_| panic!("{path}: the missing person is marked"));
                c.find(Locator::Css("svg.pedigree g.typed"))
                    .await
                    .unwrap_or_else(|_| panic!("{path}: a typed reference is filled"));
            }
            let shot = format!("dna-{name}-{lang}");
            screenshot(&c, &shot).await;
            let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../target/e2e-screenshots")
                .join(format!("{shot}.png"));
            let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            assert!(
                size > 10_000,
                "{} is a real screenshot ({size} bytes)",
                file.display()
            );
        }
    }
    c.close().await.ok();
}
