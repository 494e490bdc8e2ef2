//! The public search's rules: a name of at least two characters, pages of at most 100 results,
//! offsets of at most 100; refusals are 400 naming the parameter (API) or a message in the
//! reader's language (page), and nothing is searched.

mod common;

use axum::http::StatusCode;
use common::{Actor, TestApp};

#[tokio::test]
async fn the_api_refuses_short_queries_and_deep_pages_naming_the_parameter() {
    let app = TestApp::new().await;
    for (path, parameter) in [
        ("/api/v1/missing?q=%E7%8E%8B", "q"),
        ("/api/v1/missing?q=w", "q"),
        ("/api/v1/missing?q=wang&limit=101", "limit"),
        ("/api/v1/missing?q=wang&offset=101", "offset"),
    ] {
        let reply = app.get(path, Actor::Anonymous).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{path}: {}",
            reply.text
        );
        let error = reply.json()["error"].as_str().unwrap().to_owned();
        assert!(
            error.starts_with(&format!("{parameter}: ")),
            "{path}: {error}"
        );
    }
    // Within the rules: two characters, the largest page, the deepest offset.
    let all = app
        .get_ok("/api/v1/missing?q=wang&limit=100", Actor::Anonymous)
        .await;
    let all = all.json().as_array().unwrap().clone();
    assert!(!all.is_empty());
    app.get_ok("/api/v1/missing?q=wa&limit=1", Actor::Anonymous)
        .await;
    // The second page starts where the first ended.
    let second = app
        .get_ok("/api/v1/missing?q=wang&limit=1&offset=1", Actor::Anonymous)
        .await;
    let second = second.json().as_array().unwrap().clone();
    assert_eq!(second.first(), all.get(1));
    app.get_ok(
        "/api/v1/missing?q=wang&offset=100&limit=100",
        Actor::Anonymous,
    )
    .await;
}

#[tokio::test]
async fn the_page_says_in_each_language_that_a_name_is_too_short() {
    let app = TestApp::new().await;
    for lang in ["en", "ko", "zh"] {
        let tr = homeward_web::i18n::Tr::new(homeward_web::i18n::Lang::from_tag(lang).unwrap());
        let page = app
            .get(
                &format!("/missing?q=%E7%8E%8B&lang={lang}"),
                Actor::Anonymous,
            )
            .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{lang}");
        assert!(page.text.contains(&tr.get("missing-too-short")), "{lang}");
        assert!(
            !page.text.contains(&tr.get("missing-none")),
            "{lang}: searched anyway"
        );
    }
}
