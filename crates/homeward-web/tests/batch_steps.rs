//! Taking a planned batch's steps from its page: a repatriation officer adds a case, records the
//! joint verifications and declares the batch jointly verified; each refusal (a case that may not
//! join, a step before its time, a bad date) comes back as a notice naming why and changes nothing;
//! only those who may take the steps see the forms.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, Payload, Reply, TestApp};
use homeward_domain::{BatchState, Nationality, NationalityAssessment, Role, Timestamp};
use homeward_store::WriteContext;
use homeward_testkit::batch::{ACCESSIONS, examine_and_determine};
use homeward_testkit::key;

const OFFICER: Actor = Actor::As(Role::RepatriationOfficer);

async fn post(app: &TestApp, step: &str, form: &str, actor: Actor) -> Reply {
    app.post_form(&format!("/batches/KR-CN-9/{step}"), actor, form.to_owned())
        .await
}

/// The batch page as the officer's browser shows it, sending back the notice cookie.
async fn page_with(app: &TestApp, lang: &str, cookie: &str) -> Reply {
    let path = format!("/batches/KR-CN-9?lang={lang}");
    app.send_with(
        Method::GET,
        &path,
        OFFICER,
        Payload::Empty,
        &[("cookie", cookie)],
    )
    .await
}

/// The notice cookie a form left, as the browser sends it back.
fn flash(reply: &Reply) -> String {
    reply.expect_status(StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/batches/KR-CN-9");
    let cookie = reply.headers["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

async fn batch(app: &TestApp) -> serde_json::Value {
    app.get("/api/v1/batches/KR-CN-9", Actor::As(Role::Viewer))
        .await
        .json()
}

/// HW-T-0002, its nationality determined as CPV, so it may join.
async fn determine(app: &TestApp) {
    let store = app.store.as_ref();
    let id = store.remains_by_accession(&key("HW-T-0002")).await.unwrap();
    let id = id.unwrap().id;
    let ctx = WriteContext {
        actor: None,
        at: Timestamp(1_700_000_100),
    };
    let cpv = NationalityAssessment {
        nationality: Nationality::Cpv,
        evidence: "CPV badge".into(),
        committee_decision: Some("RC-2022-09".into()),
    };
    homeward_app::remains::record_nationality(store, id, &cpv, ctx)
        .await
        .unwrap();
    let case = store.remains_case(id).await.unwrap().unwrap().case;
    examine_and_determine(store, id, &case, ctx).await;
}

#[tokio::test]
async fn an_officer_adds_verifies_and_advances_a_planned_batch_from_its_page() {
    let (app, _) = TestApp::with_batch(BatchState::Planned).await;
    determine(&app).await;

    let page = app.get("/batches/KR-CN-9?lang=en", OFFICER).await.text;
    assert!(page.contains(r#"action="/batches/KR-CN-9/verification""#));
    assert!(page.contains(r#"<option value="HW-B-0001">"#));

    let cookie = flash(&post(&app, "remains", "accession=HW-T-0002", OFFICER).await);
    assert!(cookie.starts_with("hw_flash=batch-step-saved"), "{cookie}");
    assert_eq!(batch(&app).await["remains"].as_array().unwrap().len(), 4);
    let shown = page_with(&app, "en", &cookie).await;
    assert!(
        shown.text.contains("The step was recorded."),
        "{}",
        shown.text
    );
    let cleared = shown.headers["set-cookie"].to_str().unwrap();
    assert!(cleared.starts_with("hw_flash=;"), "shown once: {cleared}");

    // Too soon: no case is verified yet.
    let cookie = flash(&post(&app, "advance", "to=jointly_verified", OFFICER).await);
    assert!(
        cookie.starts_with("hw_flash=batch-step-refused"),
        "{cookie}"
    );
    assert_eq!(batch(&app).await["state"], "planned");
    let shown = page_with(&app, "ko", &cookie).await;
    assert!(
        shown.text.contains("단계가 기록되지 않았습니다:"),
        "{}",
        shown.text
    );
    assert!(shown.text.contains(r#"<p class="alert" role="alert">"#));

    for acc in ACCESSIONS.iter().chain(&["HW-T-0002"]) {
        let form = format!(
            "accession={acc}&sending_experts=Dr.+Park%0ADr.+Kim&receiving_experts=Dr.+Li\
             &date=2022-09-01&notes=consistent&both_agreed=yes"
        );
        let cookie = flash(&post(&app, "verification", &form, OFFICER).await);
        assert!(
            cookie.starts_with("hw_flash=batch-step-saved"),
            "{acc}: {cookie}"
        );
    }
    let one = batch(&app).await;
    let v = &one["remains"][3]["verification"];
    assert_eq!(
        v["sending_experts"],
        serde_json::json!(["Dr. Park", "Dr. Kim"])
    );
    assert_eq!(v["date"], "2022-09-01");

    let cookie = flash(&post(&app, "advance", "to=jointly_verified", OFFICER).await);
    assert!(cookie.starts_with("hw_flash=batch-step-saved"), "{cookie}");
    assert_eq!(batch(&app).await["state"], "jointly_verified");
    let page = app.get("/batches/KR-CN-9", OFFICER).await.text;
    assert!(
        !page.contains(r#"action="/batches/KR-CN-9/remains""#),
        "no forms after planning"
    );
}

#[tokio::test]
async fn refusals_name_why_and_change_nothing() {
    let (app, _) = TestApp::with_batch(BatchState::Planned).await;
    let before = batch(&app).await;

    // HW-T-0001 is only recovered: its nationality is not determined.
    let reply = post(&app, "remains", "accession=HW-T-0001", OFFICER).await;
    let cookie = flash(&reply);
    assert!(cookie.starts_with("hw_flash=batch-step-refused"));
    assert!(cookie.contains("HW-T-0001"), "{cookie}");

    let bad_date =
        "accession=HW-B-0001&sending_experts=Dr.+Park&receiving_experts=Dr.+Li&date=1+Sept";
    let cookie = flash(&post(&app, "verification", bad_date, OFFICER).await);
    assert!(cookie.contains("date"), "{cookie}");
    let nobody = "accession=HW-B-0001&sending_experts=Dr.+Park&receiving_experts=&date=2022-09-01";
    let cookie = flash(&post(&app, "verification", nobody, OFFICER).await);
    assert!(cookie.contains("receiving_experts"), "{cookie}");
    let skip = flash(&post(&app, "advance", "to=encoffined", OFFICER).await);
    assert!(skip.starts_with("hw_flash=batch-step-refused"), "{skip}");
    assert_eq!(batch(&app).await, before);

    let unknown = app
        .post_form("/batches/KR-CN-99/advance", OFFICER, "to=jointly_verified")
        .await;
    unknown.expect_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_those_who_take_batch_steps_see_and_use_the_forms() {
    let (app, _) = TestApp::with_batch(BatchState::Planned).await;
    for role in [Role::Viewer, Role::Custodian, Role::Reviewer] {
        let page = app.get("/batches/KR-CN-9", Actor::As(role)).await.text;
        assert!(!page.contains("/verification"), "{role} sees no forms");
        let reply = post(&app, "advance", "to=jointly_verified", Actor::As(role)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{role}");
    }
    let admin = app
        .get("/batches/KR-CN-9", Actor::As(Role::Administrator))
        .await
        .text;
    assert!(admin.contains(r#"action="/batches/KR-CN-9/advance""#));
    assert_eq!(batch(&app).await["state"], "planned");
}
