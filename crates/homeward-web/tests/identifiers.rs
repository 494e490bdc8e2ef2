//! Identifiers through the API: a look-alike accession (a zero-width space), a site code with a
//! path or a right-to-left override, a token label with a control character are refused with 422
//! naming the field, and nothing is written.

mod common;

use axum::http::StatusCode;
use common::{Actor, Payload, TestApp};
use homeward_domain::Role;
use serde_json::json;

const VIEWER: Actor = Actor::As(Role::Viewer);
const OFFICER: Actor = Actor::As(Role::RecoveryOfficer);

/// Posts `body` to `path` as `actor`, asserts 422 and returns the error message.
async fn unprocessable(app: &TestApp, path: &str, actor: Actor, body: serde_json::Value) -> String {
    let reply = app.post(path, actor, Payload::Json(body)).await;
    reply
        .expect_status(StatusCode::UNPROCESSABLE_ENTITY)
        .error()
}

/// A new case `accession` at the test site.
fn remains(accession: &str) -> serde_json::Value {
    json!({ "accession": accession, "site": "T-SITE-1",
            "recovery_date": "2022-02-03", "context": "commingled" })
}

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
        let message = unprocessable(&app, "/api/v1/remains", OFFICER, remains(accession)).await;
        assert!(
            message.starts_with("accession") && message.contains(needle),
            "{message}"
        );
    }
    let long = "H".repeat(20_000);
    let reply = app
        .post("/api/v1/remains", OFFICER, Payload::Json(remains(&long)))
        .await;
    reply.expect_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.get("/api/v1/remains", VIEWER).await.json()["total"],
        total
    );

    for code in ["A/B", "AB\u{2066}", ".."] {
        let site = json!({ "code": code, "name": "X", "province": "", "county": "",
                           "latitude": 38.0, "longitude": 127.0 });
        let message = unprocessable(&app, "/api/v1/sites", OFFICER, site).await;
        assert!(message.starts_with("code"));
    }
    assert_eq!(app.get("/api/v1/sites", VIEWER).await.text, sites);

    let label = json!({ "label": "cron\u{0}job" });
    let session = Actor::Session(Role::Reviewer);
    let message = unprocessable(&app, "/api/v1/me/tokens", session, label).await;
    assert!(message.starts_with("label"));
}
