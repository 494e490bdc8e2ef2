//! Every page of the demo, in Korean and in Chinese, read in Chromium as a visitor reads it:
//! nothing that has a translation is shown untranslated ([`homeward_e2e::untranslated`] names
//! what would be: an English message as it is, a raw code, a Unix time). Text in another
//! language's column (the protocol's) and text marked `translate="no"` (names, usernames,
//! recorded text, codes) is not the page language's to translate.

use std::path::Path;

use fantoccini::Client;
use homeward_app::demo::DEMO_ADMIN;

/// The demo's read-only user, who may not read the audit log.
const DEMO_VIEWER: &str = "viewer";
use homeward_e2e::untranslated::{Catalog, Oracle, Untranslated, parse_catalog};

use super::harness::{demo_session, log_in};

/// The text nodes the page shows in language `arguments[0]`: each one's nearest `lang` decides
/// its language; `<code>`, scripts, styles and `translate="no"` are left out.
const TEXTS_IN_LANGUAGE: &str = r#"
const lang = arguments[0];
const out = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  if (!el || el.closest('code, script, style, [translate="no"]')) continue;
  const tagged = el.closest('[lang]');
  if (!tagged || !tagged.getAttribute('lang').startsWith(lang)) continue;
  const text = node.textContent.trim();
  if (text) out.push(text);
}
return out;
"#;

/// The first link on the page whose address starts with `prefix` (a detail page to visit).
const FIRST_LINK: &str = r#"
const a = [...document.querySelectorAll('a[href]')]
  .map(a => a.getAttribute('href'))
  .find(h => h.startsWith(arguments[0]) && h.length > arguments[0].length);
return a || null;
"#;

fn catalog(lang: &str) -> Catalog {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../homeward-web/locales")
        .join(lang)
        .join("main.ftl");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_catalog(&text)
}

async fn first_link(c: &Client, base: &str, list: &str, prefix: &str) -> String {
    c.goto(&format!("{base}{list}")).await.unwrap();
    let found = c
        .execute(FIRST_LINK, vec![serde_json::json!(prefix)])
        .await
        .unwrap();
    let href = found
        .as_str()
        .unwrap_or_else(|| panic!("no {prefix}… link on {list}"));
    href.to_owned()
}

/// The demo's gazetteer, as the public API gives it.
async fn gazetteer(c: &Client, base: &str) -> Vec<serde_json::Value> {
    c.goto(&format!("{base}/api/v1/gazetteer")).await.unwrap();
    let body = c
        .execute("return document.body.innerText;", vec![])
        .await
        .unwrap();
    let entries: Vec<serde_json::Value> =
        serde_json::from_str(body.as_str().expect("the page's text"))
            .expect("the gazetteer's JSON");
    assert!(
        entries.len() > 100,
        "the demo names its places: {}",
        entries.len()
    );
    entries
}

/// The texts a page in `lang` must not show whole: each name's original and English form
/// where the gazetteer has the name in `lang`, with what it names.
fn untranslated_names(entries: &[serde_json::Value], lang: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in entries {
        let text = |key: &str| e[key].as_str().map(str::to_owned);
        let (Some(kind), Some(original), Some(own)) = (text("kind"), text("original"), text(lang))
        else {
            continue;
        };
        let what = format!("{kind} {original}");
        for shown in [Some(original.clone()), text("en")].into_iter().flatten() {
            if shown != own {
                out.push((shown, what.clone()));
            }
        }
    }
    out
}

/// The untranslated texts of `path` in `lang`, each with the page named.
async fn untranslated_on(
    c: &Client,
    base: &str,
    path: &str,
    lang: &str,
    oracle: &Oracle,
) -> Vec<String> {
    let sep = if path.contains('?') { '&' } else { '?' };
    c.goto(&format!("{base}{path}{sep}lang={lang}"))
        .await
        .unwrap();
    let texts = c
        .execute(TEXTS_IN_LANGUAGE, vec![serde_json::json!(lang)])
        .await
        .unwrap();
    let texts: Vec<String> = serde_json::from_value(texts).expect("a list of texts");
    assert!(
        !texts.is_empty(),
        "{path} in {lang} shows no text in its language"
    );
    oracle
        .check(texts.iter().map(String::as_str))
        .into_iter()
        .map(|u| match u {
            Untranslated::English { id, text } => {
                format!("{lang} {path}: English \"{text}\" ({id})")
            }
            Untranslated::Code { id, text } => format!("{lang} {path}: code in \"{text}\" ({id})"),
            Untranslated::UnixTime { text } => format!("{lang} {path}: Unix time in \"{text}\""),
            Untranslated::Name { what, text } => {
                format!("{lang} {path}: the {what} shown as \"{text}\"")
            }
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_in_korean_and_chinese_shows_nothing_untranslated() {
    let Some(session) = demo_session().await else {
        return;
    };
    let (base, c) = (session.base.clone(), session.c.clone());
    let english = catalog("en");
    let gazetteer = gazetteer(&c, &base).await;
    let oracles = [
        (
            "ko",
            Oracle::new(&english, &catalog("ko")).with_names(untranslated_names(&gazetteer, "ko")),
        ),
        (
            "zh",
            Oracle::new(&english, &catalog("zh")).with_names(untranslated_names(&gazetteer, "zh")),
        ),
    ];

    // What a visitor sees before logging in.
    let mut found = Vec::new();
    for (lang, oracle) in &oracles {
        for path in ["/login", "/missing?q=wang", "/memorial", "/nowhere"] {
            found.extend(untranslated_on(&c, &base, path, lang, oracle).await);
        }
    }

    // A page the demo viewer may not open: the 403 page, naming the permission it lacks.
    log_in(&c, &base, DEMO_VIEWER).await;
    for (lang, oracle) in &oracles {
        found.extend(untranslated_on(&c, &base, "/audit", lang, oracle).await);
        let lacking = &catalog(lang)["permission-read_audit"];
        let source = c.source().await.unwrap();
        assert!(
            source.contains(lacking),
            "/audit in {lang} for the viewer is no 403 naming \"{lacking}\": {}",
            source.chars().take(3000).collect::<String>()
        );
    }
    c.delete_all_cookies().await.unwrap();

    log_in(&c, &base, DEMO_ADMIN).await;
    let site = first_link(&c, &base, "/sites", "/sites/").await;
    let case = first_link(&c, &base, "/remains?status=buried", "/remains/").await;
    let batch = first_link(&c, &base, "/batches", "/batches/").await;
    let dna_remains = first_link(&c, &base, "/dna", "/dna/remains/").await;
    let dna_family = first_link(&c, &base, &dna_remains, "/dna/families/").await;
    let dna_candidate = first_link(&c, &base, &dna_remains, "/dna/runs/").await;
    let pages = [
        "/".to_owned(),
        "/sites".to_owned(),
        site,
        "/remains".to_owned(),
        case,
        "/batches".to_owned(),
        batch.clone(),
        format!("{batch}/protocol"),
        "/missing?q=wang".to_owned(),
        "/memorial".to_owned(),
        "/cemeteries".to_owned(),
        "/gazetteer".to_owned(),
        "/dna".to_owned(),
        dna_remains,
        dna_family,
        dna_candidate,
        "/gazetteer?incomplete=1&kind=unit".to_owned(),
        "/audit".to_owned(),
        "/tokens".to_owned(),
        "/nowhere".to_owned(),
    ];
    for (lang, oracle) in &oracles {
        for path in &pages {
            found.extend(untranslated_on(&c, &base, path, lang, oracle).await);
        }
    }
    c.close().await.ok();
    assert!(found.is_empty(), "untranslated:\n{}", found.join("\n"));
}
