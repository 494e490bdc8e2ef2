//! The generic status step, from the API and from the case page's form, reaches no status that
//! has its own record: a custodian cannot move a case to examined, identified, designated for
//! repatriation, handed over or buried by a status change; each refusal is 409, names the
//! record, and leaves the case, its history, the audit log and the ledger as they were. The form
//! offers only the statuses the step may set and says how the others are entered (en/ko/zh).

mod common;

use axum::http::StatusCode;
use common::{Actor, Payload, TestApp, system};
use homeward_domain::Role;
use homeward_testkit::key;
use serde_json::json;

const CUSTODIAN: Actor = Actor::As(Role::Custodian);

/// HW-T-0002 examined and decided CPV (`nationality_determined`); HW-T-0003 too, then designated
/// for domestic burial. HW-T-0001 stays `recovered`. The custodian's organization gets a key, so
/// that any step it took would be signed into the ledger.
async fn setup(app: &TestApp) {
    app.key_custody_unit(9).await;
    for accession in ["HW-T-0002", "HW-T-0003"] {
        let case = app.examined_and_decided(accession).await;
        let step = homeward_domain::LifecycleStatus::NationalityDetermined;
        homeward_app::remains::change_status(&*app.store, case.id, step, "committee", system())
            .await
            .unwrap();
    }
    let id = app
        .store
        .remains_by_accession(&key("HW-T-0003"))
        .await
        .unwrap()
        .unwrap()
        .id;
    let domestic = homeward_domain::LifecycleStatus::DesignatedForDomesticBurial;
    homeward_app::remains::change_status(
        &*app.store,
        id,
        domestic,
        "to be buried in Korea",
        system(),
    )
    .await
    .unwrap();
}

async fn snapshot(app: &TestApp) -> impl PartialEq + std::fmt::Debug {
    let mut cases = Vec::new();
    for accession in ["HW-T-0001", "HW-T-0002", "HW-T-0003"] {
        let case = app
            .get(&format!("/api/v1/remains/{accession}"), CUSTODIAN)
            .await;
        cases.push((
            case.json()["status"].clone(),
            case.json()["history"].clone(),
        ));
    }
    (
        cases,
        app.store.audit_log(10_000, 0).await.unwrap(),
        app.store.ledger_head().await.unwrap(),
    )
}

#[tokio::test]
async fn a_custodian_cannot_reach_a_status_that_has_its_own_record() {
    let app = TestApp::new().await;
    setup(&app).await;
    let before = snapshot(&app).await;
    for (accession, to, record) in [
        ("HW-T-0001", "examined", "examination"),
        ("HW-T-0002", "identified", "identification"),
        ("HW-T-0002", "designated_repatriation", "repatriation_batch"),
        ("HW-T-0003", "buried", "burial"),
    ] {
        let body = json!({ "to": to, "reason": "by the side door" });
        let path = format!("/api/v1/remains/{accession}/status");
        let reply = app.post(&path, CUSTODIAN, Payload::Json(body)).await;
        assert_eq!(reply.status, StatusCode::CONFLICT, "{to}: {}", reply.text);
        let message = reply.json()["error"].as_str().unwrap().to_owned();
        assert!(
            message.contains(record) && message.contains(to),
            "{message}"
        );

        let form = Payload::Form(format!("to={to}&reason=by+the+side+door"));
        let path = format!("/remains/{accession}/status?lang=ko");
        let reply = app.post(&path, CUSTODIAN, form).await;
        assert_eq!(reply.status, StatusCode::CONFLICT, "{to}: {}", reply.text);
        assert!(
            reply
                .text
                .contains("이 상태는 상태 변경으로 설정할 수 없습니다"),
            "{}",
            reply.text
        );
    }
    assert_eq!(snapshot(&app).await, before, "a refused step wrote");
}

#[tokio::test]
async fn the_status_form_offers_only_what_the_step_may_set() {
    let app = TestApp::new().await;
    setup(&app).await;
    // Decided: only designated for domestic burial; the others are said to come by record.
    let page = app.get("/remains/HW-T-0002?lang=en", CUSTODIAN).await.text;
    assert!(
        page.contains(r#"<option value="designated_domestic_burial">"#),
        "{page}"
    );
    for absent in ["identified", "designated_repatriation"] {
        assert!(
            !page.contains(&format!(r#"<option value="{absent}">"#)),
            "{absent} offered"
        );
    }
    assert!(page.contains("status-by-record"), "{page}");
    // Recovered: nothing to set by the step, so no form; the hint says how examined comes.
    let page = app.get("/remains/HW-T-0001?lang=zh", CUSTODIAN).await.text;
    assert!(!page.contains("status-form"), "{page}");
    assert!(page.contains("记录检验"), "{page}");
    let api = app.get("/api/v1/remains/HW-T-0001", CUSTODIAN).await.json();
    assert_eq!(api["allowed_next"], json!(["examined"]));
    assert_eq!(api["status_step_next"], json!([]));
}
