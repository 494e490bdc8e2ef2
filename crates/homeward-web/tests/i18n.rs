//! The three languages: the Fluent files define the same message IDs, every message a template
//! uses exists, every page renders in every language, and the choice of language is remembered.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use axum::http::StatusCode;
use common::{Actor, TestApp};
use homeward_domain::{
    BatchState, EffectCategory, EffectDisposition, LifecycleStatus, RecoveryContext, Role,
    SexEstimate,
};
use homeward_store::RunStatus;

const LOCALES: [&str; 3] = ["en", "ko", "zh"];

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The message IDs an `.ftl` file defines (`id = …` at the start of a line; terms and comments
/// are skipped).
fn message_ids(locale: &str) -> BTreeSet<String> {
    let path = crate_dir().join("locales").join(locale).join("main.ftl");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    text.lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_owned()))
        .collect()
}

#[test]
fn every_locale_defines_the_same_message_ids() {
    let all: Vec<(&str, BTreeSet<String>)> = LOCALES.iter().map(|l| (*l, message_ids(l))).collect();
    let union: BTreeSet<String> = all
        .iter()
        .flat_map(|(_, ids)| ids.iter().cloned())
        .collect();
    let mut problems = Vec::new();
    for (locale, ids) in &all {
        for missing in union.difference(ids) {
            problems.push(format!("locales/{locale}/main.ftl lacks \"{missing}\""));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(union.len() > 100, "{}", union.len());
}

#[test]
fn every_message_a_template_or_page_uses_is_defined() {
    let defined = message_ids("en");
    let mut used = BTreeSet::new();
    let mut sources = Vec::new();
    // The templates and every source file: pages live beside their resource's API.
    let mut dirs = vec![crate_dir().join("templates"), crate_dir().join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                sources.push(std::fs::read_to_string(path).unwrap());
            }
        }
    }
    for text in &sources {
        for piece in text.split(".get(\"").skip(1) {
            used.insert(piece.split('"').next().unwrap().to_owned());
        }
    }
    // Each closed list's codes, under the prefix of the keys that label them.
    let labelled: [(&str, Vec<&str>); 10] = [
        (
            "status",
            LifecycleStatus::ALL.map(LifecycleStatus::code).into(),
        ),
        (
            "context",
            RecoveryContext::ALL.map(RecoveryContext::code).into(),
        ),
        ("sex", SexEstimate::ALL.map(SexEstimate::code).into()),
        (
            "category",
            EffectCategory::ALL.map(EffectCategory::code).into(),
        ),
        (
            "disposition",
            EffectDisposition::ALL.map(EffectDisposition::code).into(),
        ),
        ("role", Role::ALL.map(Role::code).into()),
        ("batch-state", BatchState::ALL.map(BatchState::code).into()),
        ("nat", vec!["undetermined", "rok", "cpv", "kpa", "un"]),
        (
            "dna-run-status",
            [
                RunStatus::Running,
                RunStatus::Finished,
                RunStatus::Cancelled,
            ]
            .map(RunStatus::code)
            .into(),
        ),
        (
            "dna-verdict",
            vec!["supports", "against", "neutral", "excludes"],
        ),
    ];
    for (prefix, codes) in labelled {
        for code in codes {
            used.insert(format!("{prefix}-{code}"));
        }
    }
    let undefined: Vec<_> = used.difference(&defined).collect();
    assert!(undefined.is_empty(), "used but not defined: {undefined:?}");
}

#[tokio::test]
async fn every_page_renders_in_every_language() {
    let app = TestApp::new().await;
    homeward_testkit::batch::seed_batch(app.store.as_ref(), BatchState::Buried).await;
    let pages = [
        ("/", Actor::Anonymous),
        ("/missing", Actor::Anonymous),
        ("/missing?q=wang", Actor::Anonymous),
        ("/login", Actor::Anonymous),
        ("/sites", Actor::As(Role::Viewer)),
        ("/remains", Actor::As(Role::Viewer)),
        (
            "/remains?status=recovered&site=T-SITE-1&q=HW",
            Actor::As(Role::Viewer),
        ),
        ("/remains/HW-T-0001", Actor::As(Role::Custodian)),
        ("/remains/HW-T-0001", Actor::As(Role::Administrator)),
        ("/sites/T-SITE-1", Actor::As(Role::Viewer)),
        ("/audit", Actor::As(Role::Reviewer)),
        ("/batches", Actor::As(Role::Viewer)),
        ("/batches/KR-CN-9", Actor::As(Role::Viewer)),
        ("/batches/KR-CN-9/protocol", Actor::As(Role::Viewer)),
        ("/memorial", Actor::Anonymous),
        ("/memorial?q=HW-B", Actor::Anonymous),
        ("/cemeteries", Actor::As(Role::Viewer)),
    ];
    for lang in LOCALES {
        let tr = homeward_web::i18n::Tr::new(homeward_web::i18n::Lang::from_tag(lang).unwrap());
        for (path, actor) in pages {
            let sep = if path.contains('?') { '&' } else { '?' };
            let url = format!("{path}{sep}lang={lang}");
            let reply = app.get(&url, actor).await;
            assert_eq!(reply.status, StatusCode::OK, "{url}: {}", reply.text);
            let html = &reply.text;
            let tag = if lang == "zh" { "zh-Hans" } else { lang };
            assert!(html.contains(&format!("<html lang=\"{tag}\">")), "{url}");
            assert!(html.contains(&tr.get("nav-dashboard")), "{url}");
            for other in ["한국어", "简体中文", "English"] {
                assert!(
                    html.contains(other),
                    "{url}: language switcher lacks {other}"
                );
            }
            assert!(!html.contains("Unknown localization"), "{url}");
        }
        let missing = app
            .get(&format!("/nowhere?lang={lang}"), Actor::Anonymous)
            .await;
        missing.expect_status(StatusCode::NOT_FOUND);
        assert!(missing.text.contains(&tr.get("error-title")));
    }
}

#[tokio::test]
async fn the_dashboard_shows_the_handovers_chart_and_statuses() {
    let app = TestApp::new().await;
    let html = app.get("/?lang=en", Actor::Anonymous).await.text;
    assert!(html.contains("1,011"), "total handed over");
    assert_eq!(html.matches("<rect x=").count(), 12, "one bar per year");
    for year in 2014..=2025 {
        assert!(html.contains(&format!(">{year}</text>")), "{year}");
    }
    for date in ["2014-03-28", "2020-09-27", "2025-09-12"] {
        assert!(html.contains(date), "{date}");
    }
    assert!(html.contains("Designated for repatriation"));
    let ko = app.get("/?lang=ko", Actor::Anonymous).await.text;
    assert!(ko.contains("송환") && ko.contains("1,011"));
}

#[tokio::test]
async fn the_language_comes_from_the_query_then_the_cookie_then_the_browser() {
    let app = TestApp::new().await;
    let chosen = app.get("/login?lang=zh", Actor::Anonymous).await;
    let cookie = chosen.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.starts_with("hw_lang=zh"), "{cookie}");
    let remembered = app.get_with_cookie("/login", "hw_lang=zh").await;
    assert!(remembered.text.contains("<html lang=\"zh-Hans\">"));
    let browser = app
        .send_with(
            axum::http::Method::GET,
            "/login",
            Actor::Anonymous,
            common::Payload::Empty,
            &[("accept-language", "ko-KR,ko;q=0.9,en;q=0.5")],
        )
        .await;
    assert!(browser.text.contains("<html lang=\"ko\">"));
    let default = app.get("/login", Actor::Anonymous).await;
    assert!(default.text.contains("<html lang=\"en\">"));
}

#[tokio::test]
async fn the_status_form_refuses_an_illegal_step_on_the_case_page() {
    let app = TestApp::new().await;
    let reply = app
        .send(
            axum::http::Method::POST,
            "/remains/HW-T-0001/status?lang=en",
            Actor::As(Role::Custodian),
            common::Payload::Form("to=buried&reason=too+soon".into()),
        )
        .await;
    reply.expect_status(StatusCode::CONFLICT);
    assert!(reply.text.contains("cannot go from"), "{}", reply.text);
    assert!(reply.text.contains("synthetic demo record"));
    let case = app
        .get("/api/v1/remains/HW-T-0001", Actor::As(Role::Viewer))
        .await
        .json();
    assert_eq!(case["status"], "recovered");
    let viewer_page = app
        .get("/remains/HW-T-0001", Actor::As(Role::Viewer))
        .await
        .text;
    assert!(
        !viewer_page.contains("name=\"reason\""),
        "a viewer sees no status form"
    );
}
