//! The specialists' records on a case: the anthropologist's examination and the review's
//! nationality assessment, through the API and through the case page's forms.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, Payload, Reply, TestApp};
use homeward_domain::Role;
use serde_json::{Value, json};

const VIEWER: Actor = Actor::As(Role::Viewer);
const ANTHROPOLOGIST: Actor = Actor::As(Role::Anthropologist);
const REVIEWER: Actor = Actor::As(Role::Reviewer);
const OFFICER: Actor = Actor::As(Role::RecoveryOfficer);

/// Posts [`exam`] for case `accession` as `actor`.
async fn examine(app: &TestApp, accession: &str, actor: Actor) -> Reply {
    let path = format!("/api/v1/remains/{accession}/examination");
    app.post_json(&path, actor, exam()).await
}

fn exam() -> Value {
    json!({
        "inventory": { "elements": ["cranium", " left femur ", "right tibia"], "completeness_pct": 55 },
        "profile": { "sex": "probable_male", "age_range": [19, 24], "stature_range_cm": [162, 170] },
        "condition": "weathered, fragmentary"
    })
}

async fn case(app: &TestApp, accession: &str) -> Value {
    app.get(&format!("/api/v1/remains/{accession}"), VIEWER)
        .await
        .json()
}

#[tokio::test]
async fn an_examination_and_a_nationality_decision_let_the_case_move_on() {
    let app = TestApp::new().await;
    let new_case = json!({ "accession": "HW-T-0100", "site": "T-SITE-1",
        "recovery_date": "2022-04-20", "context": "individual_grave" });
    let created = app.post_json("/api/v1/remains", OFFICER, new_case).await;
    created.expect_status(StatusCode::CREATED);
    assert_eq!(created.json()["nationality"]["nationality"], "undetermined");

    let examined = examine(&app, "HW-T-0100", ANTHROPOLOGIST).await;
    examined.expect_status(StatusCode::OK);
    let body = examined.json();
    assert_eq!(
        body["inventory"],
        json!({ "elements": ["cranium", "left femur", "right tibia"], "completeness_pct": 55 })
    );
    assert_eq!(
        body["profile"],
        json!({ "sex": "probable_male", "age_range": [19, 24], "stature_range_cm": [162, 170] })
    );
    assert_eq!(body["condition"], "weathered, fragmentary");

    let step = |to: &str| json!({ "to": to, "reason": "review done" });
    let path = "/api/v1/remains/HW-T-0100/status";
    // Recording the examination moved the case to examined; the status step cannot.
    assert_eq!(body["status"], "examined");
    let again = app.post_json(path, ANTHROPOLOGIST, step("examined")).await;
    again.expect_status(StatusCode::CONFLICT);
    let early = app
        .post_json(path, REVIEWER, step("nationality_determined"))
        .await;
    early.expect_status(StatusCode::CONFLICT);
    assert!(early.text.contains("undetermined"), "{}", early.text);

    let decision = json!({ "nationality": "cpv", "evidence": "CPV badge, rubber-soled shoes",
        "committee_decision": "Review committee 2024-07, item 12" });
    let decided = app
        .post_json("/api/v1/remains/HW-T-0100/nationality", REVIEWER, decision)
        .await;
    decided.expect_status(StatusCode::OK);
    assert_eq!(
        decided.json()["nationality"],
        json!({ "nationality": "cpv", "evidence": "CPV badge, rubber-soled shoes",
            "committee_decision": "Review committee 2024-07, item 12" })
    );
    let reply = app
        .post_json(path, REVIEWER, step("nationality_determined"))
        .await;
    reply.expect_status(StatusCode::OK);
    assert_eq!(
        case(&app, "HW-T-0100").await["status"],
        "nationality_determined"
    );

    // Once determined, the nationality may be corrected but not undone.
    let undo = json!({ "nationality": "undetermined", "evidence": "" });
    let reply = app
        .post_json("/api/v1/remains/HW-T-0100/nationality", REVIEWER, undo)
        .await;
    let error = reply.expect_error(StatusCode::CONFLICT);
    assert!(error.starts_with("nationality"), "{error}");
    assert_eq!(
        case(&app, "HW-T-0100").await["nationality"]["nationality"],
        "cpv"
    );

    let audit = app.get("/api/v1/audit", REVIEWER).await.json();
    let actions: Vec<(&str, &str)> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["entity_key"] == "HW-T-0100")
        .map(|e| (e["action"].as_str().unwrap(), e["actor"].as_str().unwrap()))
        .collect();
    assert!(
        actions.contains(&("remains.examine", "anthropologist")),
        "{actions:?}"
    );
    assert!(
        actions.contains(&("remains.nationality", "reviewer")),
        "{actions:?}"
    );
}

#[tokio::test]
async fn a_viewer_is_refused_and_nothing_changes() {
    let app = TestApp::new().await;
    let before = case(&app, "HW-T-0001").await;
    let decision = json!({ "nationality": "rok", "evidence": "ROK dog tag" });
    for (path, body) in [
        ("/api/v1/remains/HW-T-0001/examination", exam()),
        ("/api/v1/remains/HW-T-0001/nationality", decision.clone()),
    ] {
        let reply = app.post_json(path, VIEWER, body).await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{path}: {}",
            reply.text
        );
        assert!(reply.json()["error"].as_str().unwrap().contains("viewer"));
    }
    // Each specialist may record only their own part.
    let reply = app
        .post_json(
            "/api/v1/remains/HW-T-0001/nationality",
            ANTHROPOLOGIST,
            decision,
        )
        .await;
    reply.expect_status(StatusCode::FORBIDDEN);
    let reply = examine(&app, "HW-T-0001", REVIEWER).await;
    reply.expect_status(StatusCode::FORBIDDEN);
    for (path, form) in [
        (
            "/remains/HW-T-0001/examination",
            "completeness_pct=90&sex=female",
        ),
        (
            "/remains/HW-T-0001/nationality",
            "nationality=rok&evidence=tag",
        ),
    ] {
        let reply = app.post(path, VIEWER, Payload::Form(form.into())).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
        assert!(reply.headers.get("set-cookie").is_none(), "{path}");
    }
    assert_eq!(case(&app, "HW-T-0001").await, before);
}

#[tokio::test]
async fn bad_examinations_and_decisions_are_refused_naming_the_field() {
    let app = TestApp::new().await;
    let before = case(&app, "HW-T-0001").await;
    let with = |pointer: &str, value: Value| {
        let mut body = exam();
        *body.pointer_mut(pointer).unwrap() = value;
        body
    };
    let examination = "/api/v1/remains/HW-T-0001/examination";
    let nationality = "/api/v1/remains/HW-T-0001/nationality";
    let cases = [
        (
            examination,
            with("/inventory/completeness_pct", json!(150)),
            "inventory.completeness_pct",
        ),
        (
            examination,
            with("/inventory/completeness_pct", json!(300)),
            "completeness_pct",
        ),
        (
            examination,
            with("/inventory/elements", json!(["cranium", " "])),
            "inventory.elements",
        ),
        (
            examination,
            with("/profile/sex", json!("maybe")),
            "profile.sex",
        ),
        (
            examination,
            with("/profile/age_range", json!([40, 20])),
            "profile.age_range",
        ),
        (
            examination,
            with("/profile/stature_range_cm", json!([50, 60])),
            "profile.stature_range_cm",
        ),
        (
            examination,
            json!({ "inventory": { "elements": [] } }),
            "profile",
        ),
        (examination, with("/condition", json!(7)), "condition"),
        (
            nationality,
            json!({ "nationality": "usa", "evidence": "x" }),
            "nationality",
        ),
        (
            nationality,
            json!({ "nationality": "un:US", "evidence": "  " }),
            "evidence",
        ),
        (
            nationality,
            json!({ "nationality": "rok", "evidence": "x", "verdict": "y" }),
            "verdict",
        ),
        (nationality, json!({ "evidence": "x" }), "nationality"),
    ];
    for (path, body, field) in cases {
        let actor = if path == nationality {
            REVIEWER
        } else {
            ANTHROPOLOGIST
        };
        let reply = app.post_json(path, actor, body.clone()).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            reply.text
        );
        let message = reply.json()["error"].as_str().unwrap().to_owned();
        assert!(message.contains(field), "{body}: {message}");
    }
    let unknown = examine(&app, "HW-NOPE", ANTHROPOLOGIST).await;
    unknown.expect_status(StatusCode::NOT_FOUND);
    assert!(unknown.text.contains("HW-NOPE"));
    assert_eq!(case(&app, "HW-T-0001").await, before);
}

/// The `name=value` of a `Set-Cookie` header that sets `name`.
fn set_cookie(reply: &Reply, name: &str) -> Option<String> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|h| h.to_str().ok())
        .find(|h| h.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

/// Posts a form as `actor`, expects the redirect back to the case, and opens the case page in
/// `lang` with the notice it left.
async fn post_form(app: &TestApp, path: &str, actor: Actor, form: &str, lang: &str) -> String {
    let reply = app.post(path, actor, Payload::Form(form.into())).await;
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "{path}: {}",
        reply.text
    );
    assert_eq!(reply.location(), "/remains/HW-T-0001");
    let flash = set_cookie(&reply, "hw_flash").expect("a notice for the next page");
    let pair = flash.split(';').next().unwrap().to_owned();
    let page = app
        .send_with(
            Method::GET,
            &format!("/remains/HW-T-0001?lang={lang}"),
            actor,
            Payload::Empty,
            &[("cookie", &pair)],
        )
        .await;
    page.expect_status(StatusCode::OK);
    let cleared = set_cookie(&page, "hw_flash").expect("the notice is cleared once shown");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    page.text
}

#[tokio::test]
async fn the_case_page_forms_record_and_report_back_in_each_language() {
    let app = TestApp::new().await;
    let page = |actor| app.get("/remains/HW-T-0001", actor);
    let anthropologist = page(ANTHROPOLOGIST).await.text;
    assert!(anthropologist.contains("name=\"completeness_pct\""));
    assert!(!anthropologist.contains("name=\"evidence\""));
    let reviewer = page(REVIEWER).await.text;
    assert!(
        reviewer.contains("name=\"evidence\"") && !reviewer.contains("name=\"completeness_pct\"")
    );
    let viewer = page(VIEWER).await.text;
    assert!(!viewer.contains("name=\"evidence\"") && !viewer.contains("name=\"completeness_pct\""));

    let exam_path = "/remains/HW-T-0001/examination";
    let form = "elements=cranium%0Aleft+femur%2C+mandible&completeness_pct=60&sex=female\
                &age_min=25&age_max=35&stature_min=&stature_max=&condition=good";
    let ko = post_form(&app, exam_path, ANTHROPOLOGIST, form, "ko").await;
    assert!(ko.contains("감식 결과가 기록되었습니다."), "{ko}");
    let recorded = case(&app, "HW-T-0001").await;
    assert_eq!(
        recorded["inventory"]["elements"],
        json!(["cranium", "left femur", "mandible"])
    );
    assert_eq!(recorded["profile"]["age_range"], json!([25, 35]));
    assert_eq!(recorded["profile"]["stature_range_cm"], Value::Null);

    let zh = post_form(
        &app,
        exam_path,
        ANTHROPOLOGIST,
        "completeness_pct=150&sex=male",
        "zh",
    )
    .await;
    assert!(
        zh.contains("鉴定结果未记录") && zh.contains("inventory.completeness_pct"),
        "{zh}"
    );
    let en = post_form(
        &app,
        exam_path,
        ANTHROPOLOGIST,
        "completeness_pct=50&age_min=20",
        "en",
    )
    .await;
    assert!(en.contains("The examination was not recorded") && en.contains("profile.age_range"));
    assert_eq!(case(&app, "HW-T-0001").await, recorded);

    let nat_path = "/remains/HW-T-0001/nationality";
    let form = "nationality=un&un_state=tr&evidence=Turkish+insignia&committee_decision=2024-07";
    let en = post_form(&app, nat_path, REVIEWER, form, "en").await;
    assert!(en.contains("The nationality assessment was recorded."));
    assert!(
        en.contains("UN Command: TR"),
        "the page shows the new assessment"
    );
    let decided = case(&app, "HW-T-0001").await["nationality"].clone();
    assert_eq!(
        decided,
        json!({ "nationality": "un:TR", "evidence": "Turkish insignia",
        "committee_decision": "2024-07" })
    );
    let ko = post_form(&app, nat_path, REVIEWER, "evidence=none", "ko").await;
    assert!(ko.contains("국적 판정이 기록되지 않았습니다") && ko.contains("nationality"));
    assert_eq!(case(&app, "HW-T-0001").await["nationality"], decided);
}
