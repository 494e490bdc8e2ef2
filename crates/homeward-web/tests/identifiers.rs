//! Identifiers through the API: a look-alike accession (a zero-width space), a site code with a
//! path or a right-to-left override, a token label with a control character are refused with 422
//! naming the field, and nothing is written.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, Payload, TestApp};
use homeward_domain::Role;
use serde_json::json;

const VIEWER: Actor = Actor::As(Role::Viewer);
const OFFICER: Actor = Actor::As(Role::RecoveryOfficer);

#[tokio::test]
async fn look_alike_and_path_identifiers_are_refused_and_write_nothing() {
    let app = TestApp::new().await;
    let total = app.get("/api/v1/remains", VIEWER).await.json()["total"].clone();
    let sites = app.get("/api/v1/sites", VIEWER).await.text;

    for (accession, needle) in [
        ("HW-T-0001\u{200B}", "U+200B"),
        ("HW-X-1\u{202E}", "U+202E"),
        ("../HW-X-1", "accession"),
    ] {
        let body = json!({ "accession": accession, "site": "T-SITE-1",
                           "recovery_date": "2022-02-03", "context": "commingled" });
        let reply = app
            .send(
                Method::POST,
                "/api/v1/remains",
                OFFICER,
                Payload::Json(body),
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            reply.text
        );
        let message = reply.json()["error"].as_str().unwrap().to_owned();
        assert!(
            message.starts_with("accession") && message.contains(needle),
            "{message}"
        );
    }
    let long = "H".repeat(20_000);
    let body = json!({ "accession": long, "site": "T-SITE-1",
                       "recovery_date": "2022-02-03", "context": "commingled" });
    let reply = app
        .send(
            Method::POST,
            "/api/v1/remains",
            OFFICER,
            Payload::Json(body),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text
    );
    assert_eq!(
        app.get("/api/v1/remains", VIEWER).await.json()["total"],
        total
    );

    for code in ["A/B", "AB\u{2066}", ".."] {
        let site = json!({ "code": code, "name": "X", "province": "", "county": "",
                           "latitude": 38.0, "longitude": 127.0 });
        let reply = app
            .send(Method::POST, "/api/v1/sites", OFFICER, Payload::Json(site))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            reply.text
        );
        assert!(reply.json()["error"].as_str().unwrap().starts_with("code"));
    }
    assert_eq!(app.get("/api/v1/sites", VIEWER).await.text, sites);

    let reply = app
        .send(
            Method::POST,
            "/api/v1/me/tokens",
            Actor::Session(Role::Reviewer),
            Payload::Json(json!({ "label": "cron\u{0}job" })),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text
    );
    assert!(reply.json()["error"].as_str().unwrap().starts_with("label"));
}
