//! The buried: the public memorial roll (page and JSON) shows only the grave, the date and the
//! batch of each — never DNA, family or contact data — searchable by accession and paged; the
//! staff's cemetery view groups the graves by cemetery.

mod common;

use std::collections::BTreeSet;

use axum::http::StatusCode;
use common::{Actor, TestApp, UNKNOWN_SOLDIER};
use homeward_domain::BatchState;
use homeward_testkit::batch::{ACCESSIONS, CEMETERY, seed_batch};

const ALLOWED: [&str; 11] = [
    "name",
    "name_romanized",
    "accession",
    "cemetery",
    "section",
    "row",
    "plot",
    "burial_date",
    "batch",
    "name_forms",
    "reason",
];

/// The field names of a JSON object.
fn keys(object: &serde_json::Value) -> BTreeSet<&str> {
    let fields = object.as_object().expect("a JSON object");
    fields.keys().map(String::as_str).collect()
}

#[tokio::test]
async fn the_memorial_roll_is_public_and_shows_only_the_allowed_fields() {
    let (app, _) = TestApp::with_batch(BatchState::Buried).await;
    let reply = app.get_ok("/api/v1/memorial", Actor::Anonymous).await;
    let roll = reply.json();
    assert_eq!(
        keys(&roll),
        BTreeSet::from(["total", "page", "pages", "entries"])
    );
    assert_eq!(roll["total"], 3);
    let entries = roll["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    for entry in entries {
        assert_eq!(keys(entry), BTreeSet::from(ALLOWED), "{entry}");
    }
    assert_eq!(entries[0]["accession"], ACCESSIONS[0]);
    assert_eq!(entries[0]["cemetery"], CEMETERY);
    assert_eq!(entries[2]["plot"], "3");
    assert_eq!(entries[0]["burial_date"], "2022-09-17");
    assert_eq!(entries[0]["batch"], "KR-CN-9");
    assert_eq!(
        entries[0]["name"],
        serde_json::Value::Null,
        "nobody is identified"
    );
    for private in [
        "Dr. Li",
        "Vice Minister",
        "wooden seal",
        "vault B",
        "CPV badge",
        "RC-2022",
    ] {
        assert!(!reply.text.contains(private), "the roll leaks {private}");
    }
}

#[tokio::test]
async fn the_roll_is_searched_by_accession_and_only_the_buried_are_on_it() {
    let app = TestApp::new().await;
    let roll = app.get("/api/v1/memorial", Actor::Anonymous).await.json();
    assert_eq!(roll["total"], 0, "nobody is buried before a batch ends");
    assert_eq!(roll["pages"], 1);
    seed_batch(app.store.as_ref(), BatchState::Received).await;
    let roll = app.get("/api/v1/memorial", Actor::Anonymous).await.json();
    assert_eq!(roll["total"], 0, "received is not yet buried");
    let (app, _) = TestApp::with_batch(BatchState::Buried).await;
    let found = app
        .get("/api/v1/memorial?q=b-0002", Actor::Anonymous)
        .await
        .json();
    assert_eq!(found["total"], 1);
    assert_eq!(found["entries"][0]["accession"], "HW-B-0002");
    let past = app
        .get("/api/v1/memorial?page=2", Actor::Anonymous)
        .await
        .json();
    assert_eq!(past["entries"].as_array().unwrap().len(), 0);
    let bad = app
        .get("/api/v1/memorial?page=first", Actor::Anonymous)
        .await;
    bad.expect_status(StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_memorial_page_remembers_unknown_soldiers_in_each_language() {
    let (app, _) = TestApp::with_batch(BatchState::Buried).await;
    for (lang, unknown) in UNKNOWN_SOLDIER {
        let page = app
            .get_ok(&format!("/memorial?lang={lang}"), Actor::Anonymous)
            .await;
        let named = format!(r#"<span class="fallen-name">{unknown}</span>"#);
        assert_eq!(page.text.matches(&named).count(), 3, "{lang}");
        for acc in ACCESSIONS {
            assert!(page.text.contains(acc), "{lang}: {acc}");
        }
        assert!(
            page.text.contains(r#"href="/memorial""#),
            "the nav links the roll"
        );
        assert!(!page.text.contains("Dr. Li") && !page.text.contains("wooden seal"));
    }
    let one = app.get("/memorial?q=HW-B-0003", Actor::Anonymous).await;
    assert!(one.text.contains("HW-B-0003") && !one.text.contains("HW-B-0001"));
}

#[tokio::test]
async fn the_cemetery_view_lists_graves_by_plot_for_staff() {
    let (app, _) = TestApp::with_batch(BatchState::Buried).await;
    let page = app.view("/cemeteries?lang=en").await;
    let t = &page.text;
    assert!(t.contains(CEMETERY) && t.contains("3 graves"));
    let first = t.find("HW-B-0001").unwrap();
    let third = t.find("HW-B-0003").unwrap();
    assert!(first < third, "by plot");
    assert!(t.contains(r#"href="/remains/HW-B-0002""#));
    assert!(t.contains(r#"href="/batches/KR-CN-9""#));
    let anonymous = app.get("/cemeteries", Actor::Anonymous).await;
    anonymous.expect_status(StatusCode::SEE_OTHER);
}
