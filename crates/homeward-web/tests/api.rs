//! The JSON API's contracts: handovers, the lifecycle's refusals, the public roll's privacy,
//! input errors that name the field, login sessions and tokens, and the OpenAPI document.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, Payload, TestApp};
use homeward_domain::Role;
use homeward_web::{Access, route_table};
use serde_json::json;

const VIEWER: Actor = Actor::As(Role::Viewer);
const OFFICER: Actor = Actor::As(Role::RecoveryOfficer);

#[tokio::test]
async fn the_handovers_are_twelve_and_return_1011_remains() {
    let app = TestApp::new().await;
    let reply = app.get_ok("/api/v1/handovers", Actor::Anonymous).await;
    let body = reply.json();
    let handovers = body["handovers"].as_array().unwrap();
    assert_eq!(handovers.len(), 12);
    assert_eq!(body["total_remains"], 1011);
    assert_eq!(body["total_effects"], 1368 + 1226 + 837 + 335 + 495 + 267);
    assert_eq!(handovers[0]["date"], "2014-03-28");
    assert_eq!(handovers[0]["remains"], 437);
    assert_eq!(handovers[11]["date"], "2025-09-12");
    let sum: u64 = handovers
        .iter()
        .map(|h| h["remains"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, 1011);
    let stats = app.get("/api/v1/stats", Actor::Anonymous).await.json();
    assert_eq!(stats["handed_over_historically"], 1011);
    assert_eq!(stats["remains"], 3);
}

#[tokio::test]
async fn an_illegal_transition_is_refused_and_changes_nothing() {
    let app = TestApp::new().await;
    let path = "/api/v1/remains/HW-T-0001/status";
    let body = json!({ "to": "handed_over", "reason": "skip ahead" });
    let reply = app.post(path, OFFICER, Payload::Json(body)).await;
    reply.expect_status(StatusCode::CONFLICT);
    let message = reply.json()["error"].as_str().unwrap().to_owned();
    assert!(
        message.contains("\"recovered\"") && message.contains("\"handed_over\""),
        "{message}"
    );
    assert!(
        message.contains("\"examined\""),
        "names what is allowed next: {message}"
    );

    let case = app.get("/api/v1/remains/HW-T-0001", VIEWER).await.json();
    assert_eq!(case["status"], "recovered");
    assert_eq!(case["history"].as_array().unwrap().len(), 1);

    let unknown = json!({ "to": "lost", "reason": "?" });
    let reply = app.post(path, OFFICER, Payload::Json(unknown)).await;
    reply.expect_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.json()["error"].as_str().unwrap().contains("\"lost\""));

    let no_reason = json!({ "to": "examined", "reason": "  " });
    let reply = app.post(path, OFFICER, Payload::Json(no_reason)).await;
    let error = reply.expect_error(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error.starts_with("reason"), "{error}");
    assert_eq!(app.status_of("HW-T-0001").await, "recovered");
}

#[tokio::test]
async fn a_legal_transition_is_recorded_with_who_and_why() {
    let app = TestApp::new().await;
    app.examined_and_decided("HW-T-0001").await;
    let reviewer = Actor::As(Role::Reviewer);
    let to = "nationality_determined";
    app.step_ok("HW-T-0001", to, "committee RC-1", reviewer)
        .await;
    let case = app.get("/api/v1/remains/HW-T-0001", VIEWER).await.json();
    assert_eq!(case["status"], "nationality_determined");
    let last = case["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["from"], "examined");
    assert_eq!(last["reason"], "committee RC-1");
    assert_eq!(last["actor"], "reviewer");
    assert_eq!(
        case["allowed_next"],
        json!([
            "identified",
            "designated_repatriation",
            "designated_domestic_burial"
        ])
    );
    assert_eq!(
        case["status_step_next"],
        json!(["designated_domestic_burial"])
    );
}

#[tokio::test]
async fn the_public_roll_never_shows_private_fields() {
    let app = TestApp::new().await;
    for q in [
        "王德明",
        "wang deming",
        "Wang Demin",
        "왕덕명",
        "wang deok-myeong",
    ] {
        let path = format!("/api/v1/missing?q={}", homeward_web::url_encode(q));
        let reply = app.get_ok(&path, Actor::Anonymous).await;
        assert!(!reply.text.contains("PRIVATE-SOURCE-REF"), "{}", reply.text);
        let found = reply.json();
        let first = &found.as_array().unwrap_or_else(|| panic!("{q}: {found}"))[0];
        assert_eq!(first["name_original"], "王德明", "{q}");
        let mut keys: Vec<&str> = first
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "birth_year",
                "date_of_loss",
                "hometown_county",
                "hometown_province",
                "name_forms",
                "name_hangul",
                "name_hanzi",
                "name_original",
                "name_pinyin",
                "name_rr",
                "place_of_loss",
                "reason",
                "score",
                "synthetic",
                "unit",
            ],
            "{q}"
        );
    }
    let page = app.get("/missing?q=wang+deming", Actor::Anonymous).await;
    assert!(page.text.contains("王德明") && page.text.contains("Wáng Démíng"));
    assert!(!page.text.contains("PRIVATE-SOURCE-REF"));
    assert!(page.text.contains("synthetic demo record"));
}

#[tokio::test]
async fn bad_bodies_are_refused_naming_the_field() {
    let app = TestApp::new().await;
    let post = |path: &'static str, payload: Payload| app.post(path, OFFICER, payload);
    let cases = [
        (
            Payload::Form("not json".into()),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Content-Type",
        ),
        (
            Payload::Json(json!("a string")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid JSON body",
        ),
        (
            Payload::Json(json!({ "accession": "HW-X-1" })),
            StatusCode::UNPROCESSABLE_ENTITY,
            "site",
        ),
        (
            Payload::Json(
                json!({ "accession": "HW-X-1", "site": "T-SITE-1", "recovery_date": "2022-02-30", "context": "commingled" }),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "recovery_date",
        ),
        (
            Payload::Json(
                json!({ "accession": "HW-X-1", "site": "T-SITE-1", "recovery_date": "2022-02-03", "context": "buried" }),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "\"buried\"",
        ),
        (
            Payload::Json(
                json!({ "accession": "HW-X-1", "site": "NOPE", "recovery_date": "2022-02-03", "context": "commingled" }),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "\"NOPE\"",
        ),
        (
            Payload::Json(
                json!({ "accession": "HW-X-1", "site": "T-SITE-1", "recovery_date": "2022-02-03", "context": "commingled", "colour": "red" }),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "colour",
        ),
        (
            Payload::Json(
                json!({ "accession": "HW-T-0001", "site": "T-SITE-1", "recovery_date": "2022-02-03", "context": "commingled" }),
            ),
            StatusCode::CONFLICT,
            "HW-T-0001",
        ),
    ];
    for (payload, status, needle) in cases {
        let what = format!("{payload:?}");
        let reply = post("/api/v1/remains", payload).await;
        assert_eq!(reply.status, status, "{what}: {}", reply.text);
        let message = reply.json()["error"].as_str().unwrap().to_owned();
        assert!(message.contains(needle), "{what}: {message}");
    }
    let raw = app
        .send_with(
            Method::POST,
            "/api/v1/sites",
            OFFICER,
            Payload::Form("{\"code\":".into()),
            &[("content-type", "application/json")],
        )
        .await;
    let error = raw.expect_error(StatusCode::BAD_REQUEST);
    assert!(error.starts_with("invalid JSON body"), "{error}");
    let site = json!({ "code": "X", "name": "X", "province": "", "county": "", "latitude": 138.0, "longitude": 127.0 });
    let reply = app
        .post("/api/v1/sites", OFFICER, Payload::Json(site))
        .await;
    let error = reply.expect_error(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error.starts_with("latitude"), "{error}");
    let reply = app.get("/api/v1/remains?status=lost", VIEWER).await;
    reply.expect_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.json()["error"].as_str().unwrap().contains("\"lost\""));
    let reply = app.get("/api/v1/remains?limit=many", VIEWER).await;
    reply.expect_status(StatusCode::BAD_REQUEST);
    assert!(reply.json()["error"].as_str().unwrap().contains("limit"));
    assert_eq!(app.get("/api/v1/remains", VIEWER).await.json()["total"], 3);
}

#[tokio::test]
async fn remains_are_found_by_any_number_and_paged() {
    let app = TestApp::new().await;
    let by_lims = app
        .get("/api/v1/remains?number=L-HW-T-0002", VIEWER)
        .await
        .json();
    assert_eq!(by_lims["total"], 1, "{by_lims}");
    assert_eq!(by_lims["items"][0]["accession"], "HW-T-0002");
    let page = app
        .get("/api/v1/remains?limit=2&offset=2", VIEWER)
        .await
        .json();
    assert_eq!(page["total"], 3);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let filtered = app
        .get(
            "/api/v1/remains?status=recovered&site=T-SITE-1&nationality=cpv",
            VIEWER,
        )
        .await
        .json();
    assert_eq!(filtered["total"], 3);
    let none = app
        .get("/api/v1/remains?nationality=rok", VIEWER)
        .await
        .json();
    assert_eq!(none["total"], 0);
    let missing = app.get("/api/v1/remains/HW-NOPE", VIEWER).await;
    let error = missing.expect_error(StatusCode::NOT_FOUND);
    assert!(error.contains("HW-NOPE"), "{error}");
}

#[tokio::test]
async fn login_gives_a_strict_http_only_session_that_logout_ends() {
    let app = TestApp::new().await;
    let wrong_password = "username=viewer&password=wrong-password";
    let wrong = app
        .post_form("/login", Actor::Anonymous, wrong_password)
        .await;
    wrong.expect_status(StatusCode::UNAUTHORIZED);
    assert!(wrong.headers.get("set-cookie").is_none());

    let form = format!(
        "username=viewer&password={}&next=%2Fremains",
        common::PASSWORD.replace(' ', "+")
    );
    let ok = app
        .post("/login", Actor::Anonymous, Payload::Form(form))
        .await;
    ok.expect_status(StatusCode::SEE_OTHER);
    assert_eq!(ok.location(), "/remains");
    let set_cookie = ok
        .headers
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Max-Age=43200", "Path=/"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    let token = cookie.trim_start_matches("hw_session=");
    assert_eq!(token.len(), 64);

    let me = app.get_with_cookie("/api/v1/me", &cookie).await;
    me.expect_status(StatusCode::OK);
    assert_eq!(me.json()["role"], "viewer");
    assert_eq!(
        app.get_with_cookie("/remains", &cookie).await.status,
        StatusCode::OK
    );

    let out = app.logout(&cookie).await;
    out.expect_status(StatusCode::SEE_OTHER);
    assert!(
        out.headers
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(
        app.get_with_cookie("/api/v1/me", &cookie).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_new_api_token_works_and_unknown_tokens_do_not() {
    let app = TestApp::new().await;
    let reviewer = Actor::Session(Role::Reviewer);
    let label = json!({ "label": "cron" });
    let reply = app.post_json("/api/v1/me/tokens", reviewer, label).await;
    reply.expect_status(StatusCode::CREATED);
    let token = reply.json()["token"].as_str().unwrap().to_owned();
    let bearer = format!("Bearer {token}");
    let me = app
        .send_with(
            Method::GET,
            "/api/v1/me",
            Actor::Anonymous,
            Payload::Empty,
            &[("authorization", &bearer)],
        )
        .await;
    assert_eq!(me.json()["username"], "reviewer");
    assert!(
        me.json()["permissions"]
            .as_array()
            .unwrap()
            .contains(&json!("read_audit"))
    );
    let forged = app
        .send_with(
            Method::GET,
            "/api/v1/me",
            Actor::Anonymous,
            Payload::Empty,
            &[("authorization", "Bearer forged")],
        )
        .await;
    forged.expect_status(StatusCode::UNAUTHORIZED);
    let audit = app
        .get("/api/v1/audit?limit=500", Actor::As(Role::Reviewer))
        .await
        .json();
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["actor"] == "reviewer"),
        "{audit}"
    );
}

#[tokio::test]
async fn the_openapi_document_covers_every_api_route_with_its_access() {
    let app = TestApp::new().await;
    let doc = app
        .get("/api/v1/openapi.json", Actor::Anonymous)
        .await
        .json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for spec in route_table().into_iter().filter(|s| s.is_api()) {
        if spec.path == "/api/v1/openapi.json" {
            continue;
        }
        let method = spec.method.as_str().to_ascii_lowercase();
        let operation = &doc["paths"][spec.path][&method];
        assert!(
            operation.is_object(),
            "{} {} is not documented",
            spec.method,
            spec.path
        );
        let description = operation["description"].as_str().unwrap_or_default();
        assert!(
            description.contains("Access:"),
            "{} {}: {description}",
            spec.method,
            spec.path
        );
        // Every protected operation lists its refusals; a public one claims none.
        let responses = &operation["responses"];
        let lists = |status: &str| responses.get(status).is_some();
        let route = format!("{} {}", spec.method, spec.path);
        match spec.access {
            Access::Public => assert!(!lists("401") && !lists("403"), "{route}: {responses}"),
            Access::Permission(p) => {
                assert!(lists("401") && lists("403"), "{route}: {responses}");
                let why = responses["403"]["description"].as_str().unwrap();
                assert!(why.contains(p.code()), "{route}: {why}");
                assert_eq!(
                    responses["403"]["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/ErrorBody"
                );
            }
            Access::Session => assert!(lists("401") && lists("403"), "{route}: {responses}"),
            Access::Authenticated => assert!(lists("401"), "{route}: {responses}"),
        }
    }
    let mut doc = doc;
    doc["info"]["version"] = "[version]".into();
    insta::assert_json_snapshot!("openapi", doc);
}
