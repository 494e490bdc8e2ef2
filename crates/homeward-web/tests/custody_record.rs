//! Recording a handling event: the custodian's form under the timeline signs it with the
//! organization's key, the timeline then shows it, the storage location follows a move, and the
//! ledger still verifies; without a key, or with an empty field, the form and the API refuse
//! naming why and nothing is appended.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, CUSTODY_UNIT, Payload, TestApp};
use homeward_app::ledger_verify::{trusted_registry, verify_rows};
use homeward_domain::Role;
use serde_json::json;

const CUSTODIAN: Actor = Actor::As(Role::Custodian);

async fn verified_rows(app: &TestApp) -> usize {
    let rows = app.store.ledger_rows(None, 1000).await.unwrap();
    let trusted = trusted_registry(&app.store.organization_keys().await.unwrap()).unwrap();
    verify_rows(&rows, &trusted).expect("the ledger verifies");
    rows.len()
}

#[tokio::test]
async fn the_form_records_a_move_that_the_timeline_shows_and_the_ledger_verifies() {
    let app = TestApp::new().await;
    let key = app.key_custody_unit(42).await;
    let page = app.get("/remains/HW-T-0001?lang=en", CUSTODIAN).await;
    assert!(
        page.text.contains("Record a handling event"),
        "{}",
        page.text
    );
    let viewer_page = app
        .get("/remains/HW-T-0001?lang=en", Actor::As(Role::Viewer))
        .await;
    assert!(!viewer_page.text.contains("Record a handling event"));

    let form = "event=moved&location=MAKRI+Seoul&from=vault+B&to=vault+C&details=dehumidifier+failed\
                &facility=&sample_id=&material=&casket=&seal=";
    let reply = app
        .post_form("/remains/HW-T-0001/custody", CUSTODIAN, form)
        .await;
    reply.expect_status(StatusCode::SEE_OTHER);
    assert_eq!(verified_rows(&app).await, 1);
    let case = app.get("/api/v1/remains/HW-T-0001", CUSTODIAN).await.json();
    assert_eq!(case["storage_location"], "vault C");
    assert_eq!(case["custody"][0]["kind"], "moved");
    assert_eq!(case["custody"][0]["event"], "vault B → vault C");
    assert_eq!(case["custody"][0]["organization"], CUSTODY_UNIT);
    let page = app.get("/remains/HW-T-0001?lang=ko", CUSTODIAN).await;
    let section = &page.text[page.text.find("id=\"custody\"").unwrap()..];
    assert!(section.contains("dehumidifier failed"), "{section}");
    assert!(section.contains(&key.key_id().to_string()), "{section}");
}

#[tokio::test]
async fn without_a_key_or_with_an_empty_field_nothing_is_appended() {
    let app = TestApp::new().await;
    let body = json!({ "event": "stored", "location": "MAKRI Seoul", "facility": "vault C" });
    let reply = app
        .post_json("/api/v1/remains/HW-T-0001/custody", CUSTODIAN, body)
        .await;
    reply.expect_status(StatusCode::NOT_FOUND);
    assert!(reply.text.contains(CUSTODY_UNIT), "{}", reply.text);

    app.key_custody_unit(42).await;
    let body = json!({ "event": "sampled", "location": "lab", "sample_id": "S-1" });
    let reply = app
        .post_json("/api/v1/remains/HW-T-0001/custody", CUSTODIAN, body)
        .await;
    reply.expect_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.text.contains("material"), "{}", reply.text);
    let form = "event=sealed&location=Incheon&casket=abc&seal=S";
    let reply = app
        .post_form("/remains/HW-T-0001/custody", CUSTODIAN, form)
        .await;
    reply.expect_status(StatusCode::SEE_OTHER);
    let flash = reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|h| h.to_str().ok())
        .find(|h| h.starts_with("hw_flash="))
        .expect("a notice for the next page");
    let pair = flash.split(';').next().unwrap();
    let page = app
        .send_with(
            Method::GET,
            "/remains/HW-T-0001?lang=en",
            CUSTODIAN,
            Payload::Empty,
            &[("cookie", pair)],
        )
        .await;
    assert!(
        page.text.contains("The handling event was not recorded"),
        "{}",
        page.text
    );
    assert!(page.text.contains("casket"), "{}", page.text);
    assert_eq!(verified_rows(&app).await, 0);
}
