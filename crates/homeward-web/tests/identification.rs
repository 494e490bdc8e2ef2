//! Identification: a reviewer gives a buried case its name back (API and form); the case shows
//! the person in every script with a link to the roll; the memorial shows the name with its
//! romanization — and still nothing of the basis, the family or the source; refusals change
//! nothing.

mod common;

use axum::http::StatusCode;
use common::{Actor, TestApp, UNKNOWN_SOLDIER};
use homeward_domain::{BatchState, Role};
use homeward_testkit::batch::ACCESSIONS;
use serde_json::json;

const BASIS: &str = "DNA: LR 3.2e9 with daughter's reference; seal inscription";

async fn identify(app: &TestApp, accession: &str, person: i64, role: Role) -> common::Reply {
    let body = json!({ "person_id": person, "basis": BASIS, "decision": "RC-2022-031" });
    app.post_json(
        &format!("/api/v1/remains/{accession}/identification"),
        Actor::As(role),
        body,
    )
    .await
}

#[tokio::test]
async fn a_reviewer_names_a_buried_case_and_the_memorial_remembers_the_name() {
    let (app, _) = TestApp::with_batch(BatchState::Buried).await;
    let reply = identify(&app, ACCESSIONS[1], 1, Role::Reviewer).await;
    reply.expect_status(StatusCode::OK);
    let case = reply.json();
    let named = &case["identification"];
    assert_eq!(named["name_original"], "王德明");
    assert_eq!(named["name_rr"], "Wang Deok-myeong");
    assert_eq!(named["basis"], BASIS);
    assert_eq!(named["roll_href"], "/missing?q=%E7%8E%8B%E5%BE%B7%E6%98%8E");

    let roll = app.get("/api/v1/memorial", Actor::Anonymous).await;
    let entries = roll.json()["entries"].as_array().unwrap().clone();
    assert_eq!(entries[1]["accession"], ACCESSIONS[1]);
    assert_eq!(entries[1]["name"], "王德明");
    assert_eq!(
        entries[1]["name_romanized"],
        "Wáng Démíng / Wang Deok-myeong"
    );
    assert_eq!(entries[0]["name"], serde_json::Value::Null);
    for private in [
        "daughter",
        "RC-2022-031",
        "PRIVATE-SOURCE-REF",
        "Sichuan",
        "1928",
    ] {
        assert!(!roll.text.contains(private), "the roll leaks {private}");
    }
    let found = app
        .get("/api/v1/memorial?q=wang+deok", Actor::Anonymous)
        .await
        .json();
    assert_eq!(found["total"], 1);

    for (lang, unknown) in UNKNOWN_SOLDIER {
        let page = app
            .get(&format!("/memorial?lang={lang}"), Actor::Anonymous)
            .await;
        assert!(
            page.text
                .contains(r#"<span class="fallen-name named">王德明</span>"#)
        );
        // Each form of the name, recorded and computed, stands beside it.
        for form in ["Wáng Démíng", "Wang Deok-myeong", "왕덕명", "Wang Te-ming"] {
            assert!(page.text.contains(form), "{lang}: {form}");
        }
        let unnamed = format!(r#"<span class="fallen-name">{unknown}</span>"#);
        assert_eq!(page.text.matches(&unnamed).count(), 2, "{lang}");
        assert!(!page.text.contains("daughter"), "{lang}");
    }

    let detail = app
        .get(
            &format!("/remains/{}?lang=ko", ACCESSIONS[1]),
            Actor::As(Role::Viewer),
        )
        .await;
    assert!(detail.text.contains("신원 확인"), "{}", detail.text);
    assert!(
        detail
            .text
            .contains(r#"<span class="name-form" lang="ko">왕덕명</span>"#)
    );
    assert!(
        detail
            .text
            .contains(r#"href="/missing?q=%E7%8E%8B%E5%BE%B7%E6%98%8E""#)
    );
    assert!(
        !detail.text.contains(r#"name="person_id""#),
        "named once only"
    );
}

#[tokio::test]
async fn refused_identifications_change_nothing() {
    let (app, _) = TestApp::with_batch(BatchState::Buried).await;
    let early = identify(&app, "HW-T-0001", 1, Role::Reviewer).await;
    early.expect_status(StatusCode::CONFLICT);
    assert!(early.text.contains("\\\"recovered\\\""), "{}", early.text);
    let viewer = identify(&app, ACCESSIONS[0], 1, Role::Viewer).await;
    viewer.expect_status(StatusCode::FORBIDDEN);
    let unknown = identify(&app, ACCESSIONS[0], 99, Role::Administrator).await;
    unknown.expect_status(StatusCode::NOT_FOUND);
    assert_eq!(
        identify(&app, ACCESSIONS[0], 1, Role::Reviewer)
            .await
            .status,
        StatusCode::OK
    );
    let twice = identify(&app, ACCESSIONS[2], 1, Role::Reviewer).await;
    twice.expect_status(StatusCode::CONFLICT);
    assert!(twice.text.contains(ACCESSIONS[0]), "{}", twice.text);
    assert_eq!(app.store.identifications().await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_form_is_offered_to_reviewers_and_refusals_come_back_as_notices() {
    let (app, _) = TestApp::with_batch(BatchState::Buried).await;
    let path = format!("/remains/{}", ACCESSIONS[2]);
    let viewer = app.get(&path, Actor::As(Role::Viewer)).await;
    assert!(!viewer.text.contains(r#"name="person_id""#));
    let reviewer = app.get(&path, Actor::As(Role::Reviewer)).await;
    assert!(reviewer.text.contains(r#"name="person_id""#));
    let early = app
        .get("/remains/HW-T-0001", Actor::As(Role::Reviewer))
        .await;
    assert!(
        !early.text.contains(r#"name="person_id""#),
        "not yet identified"
    );
    let reply = app
        .post_form(
            &format!("{path}/identification"),
            Actor::As(Role::Reviewer),
            "person_id=one&basis=x&decision=y",
        )
        .await;
    reply.expect_status(StatusCode::SEE_OTHER);
    assert!(reply.location().starts_with(&path));
    assert!(app.store.identifications().await.unwrap().is_empty());
}
