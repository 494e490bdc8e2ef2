//! Every route in the route table, called by every kind of caller: anonymous callers of non-public
//! routes get 401 (the UI redirects to the login form), roles without the permission get 403,
//! roles with it get through, and one sample request per route succeeds.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, Payload, TestApp};
use homeward_domain::{BatchState, Role};
use homeward_testkit::key;
use homeward_web::{Access, RouteSpec, route_table};
use serde_json::json;

/// Whether the user with `role`, calling with an API token, may call a route.
fn allowed(role: Role, access: Access) -> bool {
    match access {
        Access::Public | Access::Authenticated => true,
        Access::Session => false,
        Access::Permission(p) => role.may(p),
    }
}

/// A concrete path for a route pattern.
fn concrete(path: &str) -> String {
    path.replace("{accession}", "HW-T-0001")
        .replace("{code}", "T-SITE-1")
        .replace("{id}", "999999")
        .replace("{kind}", "county")
        .replace("{run}", "1")
        .replace("{family}", "F-1")
}

/// A request body that the route's extractors refuse (or, for GET, no body): enough to show the
/// access check let the caller through without changing anything.
fn junk(spec: &RouteSpec) -> Payload {
    match (spec.is_write(), spec.is_api()) {
        (false, _) => Payload::Empty,
        (true, true) => Payload::Json(json!({ "no_such_field": true })),
        (true, false) => Payload::Form("no_such_field=1".into()),
    }
}

#[tokio::test]
async fn anonymous_callers_of_non_public_routes_are_refused() {
    let app = TestApp::new().await;
    for spec in route_table() {
        let path = concrete(spec.path);
        let reply = app
            .send(spec.method.clone(), &path, Actor::Anonymous, junk(&spec))
            .await;
        let what = format!("{} {}", spec.method, spec.path);
        match (spec.access, spec.is_api()) {
            (Access::Public, _) => assert!(
                !matches!(
                    reply.status,
                    StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
                ),
                "{what} is public but answered {}",
                reply.status
            ),
            (_, true) => {
                assert_eq!(
                    reply.status,
                    StatusCode::UNAUTHORIZED,
                    "{what}: {}",
                    reply.text
                );
                assert!(
                    reply.json()["error"]
                        .as_str()
                        .unwrap()
                        .contains("authentication")
                );
            }
            (_, false) => {
                assert_eq!(reply.status, StatusCode::SEE_OTHER, "{what}");
                assert!(reply.location().starts_with("/login?next="), "{what}");
            }
        }
    }
}

#[tokio::test]
async fn every_role_is_refused_exactly_where_it_lacks_the_permission() {
    let app = TestApp::new().await;
    for spec in route_table() {
        let path = concrete(spec.path);
        for role in Role::ALL {
            let reply = app
                .send(spec.method.clone(), &path, Actor::As(role), junk(&spec))
                .await;
            let what = format!("{} {} as {role}", spec.method, spec.path);
            assert_ne!(reply.status, StatusCode::UNAUTHORIZED, "{what}");
            assert!(!reply.status.is_server_error(), "{what}: {}", reply.text);
            if allowed(role, spec.access) {
                assert_ne!(
                    reply.status,
                    StatusCode::FORBIDDEN,
                    "{what}: {}",
                    reply.text
                );
            } else {
                assert_eq!(
                    reply.status,
                    StatusCode::FORBIDDEN,
                    "{what}: {}",
                    reply.text
                );
                if spec.is_api() {
                    let message = reply.json()["error"].as_str().unwrap().to_owned();
                    let names = match spec.access {
                        Access::Session => "only a logged-in session".to_owned(),
                        _ => role.code().to_owned(),
                    };
                    assert!(message.contains(&names), "{what}: {message}");
                }
            }
            if spec.access == Access::Session {
                let reply = app
                    .send(
                        spec.method.clone(),
                        &path,
                        Actor::Session(role),
                        junk(&spec),
                    )
                    .await;
                assert!(
                    !matches!(
                        reply.status,
                        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
                    ),
                    "{what} with a session: {} {}",
                    reply.status,
                    reply.text
                );
            }
        }
    }
}

#[tokio::test]
async fn a_viewer_may_write_nothing() {
    let app = TestApp::new().await;
    let writes: Vec<_> = route_table()
        .into_iter()
        .filter(|s| s.is_write() && matches!(s.access, Access::Permission(_)))
        .collect();
    assert!(writes.len() >= 6, "{writes:?}");
    for spec in writes {
        let reply = app
            .send(
                spec.method.clone(),
                &concrete(spec.path),
                Actor::As(Role::Viewer),
                junk(&spec),
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{} {}",
            spec.method,
            spec.path
        );
    }
    assert_eq!(app.status_of("HW-T-0001").await, "recovered");
}

/// The planned batch whose steps the batch forms take (the buried `KR-CN-9` serves the pages).
const PLANNED: &str = "KR-CN-10";
/// The case that joins [`PLANNED`]: its nationality determined as the receiver's (CPV).
const JOINING: &str = "HW-T-0009";

/// Seeds [`PLANNED`] (between the buried batch's organizations) and [`JOINING`], ready to join.
async fn seed_planned_batch(app: &TestApp) {
    let store = app.store.as_ref();
    let orgs = store.organizations().await.unwrap();
    let find = |name: &str| orgs.iter().find(|o| o.name == name).unwrap().clone();
    let planned = homeward_domain::NewRepatriationBatch {
        sequence_number: 10,
        sender: find(homeward_testkit::batch::SENDER),
        receiver: find(homeward_testkit::batch::RECEIVER),
    };
    let batch = store
        .create_batch(&planned, common::system())
        .await
        .unwrap();
    assert_eq!(batch.code, PLANNED);
    let site = store.site_by_code(&key("T-SITE-1")).await.unwrap();
    let site = site.unwrap().id;
    homeward_app::remains::accession(store, &common::case(JOINING, site), common::system())
        .await
        .unwrap();
    let case = app.examined_and_decided(JOINING).await;
    homeward_app::remains::change_status(
        store,
        case.id,
        homeward_domain::LifecycleStatus::NationalityDetermined,
        "committee",
        common::system(),
    )
    .await
    .unwrap();
}

/// One request per route that an allowed caller makes successfully; `spare` is a token of the
/// viewer's that the revocation routes may revoke.
fn sample(spec: &RouteSpec, spare: [i64; 2]) -> Option<(String, Payload)> {
    let json = Payload::Json;
    let form = |s: &str| Payload::Form(s.to_owned());
    let sample = match (spec.method.as_str(), spec.path) {
        ("GET", "/missing") => ("/missing?q=wang+deming".into(), Payload::Empty),
        ("GET", "/api/v1/missing") => (
            "/api/v1/missing?q=%E7%8E%8B%E5%BE%B7%E6%98%8E".into(),
            Payload::Empty,
        ),
        ("POST", "/login") => (
            "/login".into(),
            form(&format!(
                "username=viewer&password={}&next=%2Fremains",
                common::PASSWORD.replace(' ', "+")
            )),
        ),
        ("POST", "/logout") => ("/logout".into(), Payload::Empty),
        ("POST", "/remains/{accession}/status") => (
            "/remains/HW-T-0002/status".into(),
            form("to=nationality_determined&reason=committee+decision"),
        ),
        ("POST", "/remains/{accession}/examination") => (
            "/remains/HW-T-0001/examination".into(),
            form(
                "elements=cranium%0Aleft+femur&completeness_pct=45&sex=probable_male&age_min=20&age_max=30&condition=fragmentary",
            ),
        ),
        ("POST", "/remains/{accession}/nationality") => (
            "/remains/HW-T-0001/nationality".into(),
            form("nationality=cpv&evidence=rubber-soled+shoes&committee_decision=2024-07+item+12"),
        ),
        ("POST", "/api/v1/remains/{accession}/examination") => (
            "/api/v1/remains/HW-T-0003/examination".into(),
            json(json!({
                "inventory": { "elements": ["cranium", "mandible"], "completeness_pct": 30 },
                "profile": { "sex": "male", "age_range": [18, 25], "stature_range_cm": [160, 170] },
                "condition": "weathered"
            })),
        ),
        ("POST", "/api/v1/remains/{accession}/nationality") => (
            "/api/v1/remains/HW-T-0003/nationality".into(),
            json(json!({
                "nationality": "cpv", "evidence": "CPV badge", "committee_decision": "2024-07 item 12"
            })),
        ),
        ("POST", "/remains/{accession}/identification") => (
            "/remains/HW-B-0001/identification".into(),
            form("person_id=1&basis=DNA%3A+LR+3.2e9&decision=RC-2022-031"),
        ),
        // Person 2 is the one `POST /api/v1/missing` adds (declared earlier in the table).
        ("POST", "/api/v1/remains/{accession}/identification") => (
            "/api/v1/remains/HW-B-0002/identification".into(),
            json(json!({ "person_id": 2, "basis": "seal inscription", "decision": "RC-2022-032" })),
        ),
        ("POST", "/api/v1/missing") => (
            "/api/v1/missing".into(),
            json(json!({
                "name_original": "李小红", "name_pinyin": "Li Xiaohong", "birth_year": 1930,
                "unit": "27th Army", "date_of_loss": "1950-12", "nationality": "cpv"
            })),
        ),
        ("POST", "/api/v1/me/tokens") => (
            "/api/v1/me/tokens".into(),
            json(json!({ "label": "nightly export", "expires_in_days": 30 })),
        ),
        ("POST", "/api/v1/tokens/{id}/revoke") => (
            format!("/api/v1/tokens/{}/revoke", spare[0]),
            Payload::Empty,
        ),
        ("POST", "/tokens") => (
            "/tokens".into(),
            form("label=nightly+export&expires_in_days=30"),
        ),
        ("POST", "/tokens/{id}/revoke") => (format!("/tokens/{}/revoke", spare[1]), Payload::Empty),
        ("POST", "/api/v1/sites") => (
            "/api/v1/sites".into(),
            json(json!({
                "code": "GG-YC-002", "name": "Arrowhead Ridge", "province": "Gangwon", "county": "Cheorwon",
                "latitude": 38.27, "longitude": 127.19, "battle_area": "Arrowhead Ridge",
                "excavation_periods": [{ "start": "2019-04-01", "end": "2019-06-30" }]
            })),
        ),
        ("POST", "/api/v1/remains") => (
            "/api/v1/remains".into(),
            json(json!({
                "accession": "HW-T-0100", "site": "T-SITE-1", "recovery_date": "2022-04-20",
                "context": "commingled", "external_numbers": [{ "scheme": "LIMS", "value": "L-100" }]
            })),
        ),
        ("POST", "/api/v1/remains/{accession}/status") => (
            "/api/v1/remains/HW-T-0003/status".into(),
            json(json!({ "to": "nationality_determined", "reason": "committee decision" })),
        ),
        ("POST", "/gazetteer/{kind}") => (
            "/gazetteer/county".into(),
            form(
                "original=Cheorwon&ko=%EC%B2%A0%EC%9B%90%EA%B5%B0&zh=%E9%93%81%E5%8E%9F%E9%83%A1&en=Cheorwon+County",
            ),
        ),
        ("POST", "/api/v1/gazetteer") => (
            "/api/v1/gazetteer".into(),
            json(
                json!([{ "kind": "battle", "original": "Arrowhead Ridge", "ko": "화살머리고지 전투",
                "zh": "箭头山战斗", "en": "Battle of Arrowhead Ridge" }]),
            ),
        ),
        ("POST", "/api/v1/effects") => (
            "/api/v1/effects".into(),
            json(json!({
                "accession": "HW-T-0001", "category": "seal", "description": "wooden seal",
                "inscription": "王德明"
            })),
        ),
        ("POST", "/remains/{accession}/custody") => (
            "/remains/HW-T-0001/custody".into(),
            form("event=stored&location=MAKRI+Seoul&facility=vault+C&from=&to=&casket="),
        ),
        ("POST", "/api/v1/remains/{accession}/custody") => (
            "/api/v1/remains/HW-T-0002/custody".into(),
            json(json!({
                "event": "sampled", "location": "MAKRI DNA lab", "sample_id": "S-0002",
                "material": "left femur", "also_remains": ["HW-T-0003"]
            })),
        ),
        // The planned batch takes its steps in the table's order: the case joins, is verified,
        // and the batch is declared jointly verified.
        ("POST", "/batches/{code}/remains") => (
            format!("/batches/{PLANNED}/remains"),
            form(&format!("accession={JOINING}")),
        ),
        ("POST", "/batches/{code}/verification") => (
            format!("/batches/{PLANNED}/verification"),
            form(&format!(
                "accession={JOINING}&sending_experts=Dr.+Park&receiving_experts=Dr.+Li&date=2022-09-01&both_agreed=yes"
            )),
        ),
        ("POST", "/batches/{code}/advance") => (
            format!("/batches/{PLANNED}/advance"),
            form("to=jointly_verified"),
        ),
        // The DNA scenario (`common::dna`): its run 1, family F-1 and typed case HW-T-0001.
        ("GET", "/dna/families/{id}") => ("/dna/families/F-1".into(), Payload::Empty),
        ("GET", "/api/v1/dna/families/{id}") => ("/api/v1/dna/families/F-1".into(), Payload::Empty),
        ("GET", path) if path.contains("/batches/{code}") => {
            (path.replace("{code}", "KR-CN-9"), Payload::Empty)
        }
        ("GET", path) => (concrete(path), Payload::Empty),
        _ => return None,
    };
    Some(sample)
}

/// The least powerful caller that may call a route.
fn least_powerful(access: Access) -> Actor {
    const ORDER: [Role; 9] = [
        Role::Viewer,
        Role::FamilyLiaison,
        Role::Custodian,
        Role::DnaAnalyst,
        Role::Reviewer,
        Role::Anthropologist,
        Role::RecoveryOfficer,
        Role::RepatriationOfficer,
        Role::Administrator,
    ];
    match access {
        Access::Public => Actor::Anonymous,
        Access::Authenticated => Actor::As(Role::Viewer),
        Access::Session => Actor::Session(Role::Viewer),
        Access::Permission(p) => Actor::As(*ORDER.iter().find(|r| r.may(p)).unwrap()),
    }
}

#[tokio::test]
async fn an_allowed_caller_succeeds_on_every_route() {
    let app = TestApp::new().await;
    common::batch::seed_batch(app.store.as_ref(), BatchState::Buried).await;
    seed_planned_batch(&app).await;
    assert_eq!(common::dna::seed(app.store.as_ref()).await, 1);
    let key = homeward_ledger::OrganizationKey::from_seed(common::CUSTODY_UNIT, &[42; 32]);
    app.store
        .save_organization_key(&key, common::system())
        .await
        .unwrap();
    // HW-T-0002 and HW-T-0003 examined and decided CPV: the status step may then set
    // nationality_determined (examined is set only by recording the examination).
    for accession in ["HW-T-0002", "HW-T-0003"] {
        app.examined_and_decided(accession).await;
    }
    let viewer = app.user(Role::Viewer).await;
    let mut spare = [0; 2];
    for (i, id) in spare.iter_mut().enumerate() {
        let token = homeward_domain::NewApiToken {
            token_hash: format!("spare-{i}"),
            user: viewer.id,
            label: format!("spare {i}"),
            expires_at: homeward_domain::Timestamp(
                homeward_web::auth::now().0 + homeward_domain::DAY_SECONDS,
            ),
        };
        let ctx = homeward_store::WriteContext {
            actor: None,
            at: homeward_web::auth::now(),
        };
        *id = app.store.create_api_token(&token, ctx).await.unwrap().0;
    }
    for spec in route_table() {
        let (path, payload) = sample(&spec, spare)
            .unwrap_or_else(|| panic!("no sample request for {} {}", spec.method, spec.path));
        let actor = least_powerful(spec.access);
        let reply = app.send(spec.method.clone(), &path, actor, payload).await;
        let what = format!("{} {path} as {actor:?}", spec.method);
        if spec.path == "/tokens" && spec.method == Method::POST {
            // The new token is shown on the page this once, not behind a redirect.
            assert_eq!(reply.status, StatusCode::CREATED, "{what}: {}", reply.text);
            assert!(reply.text.contains("<code class=\"secret\">"), "{what}");
        } else if spec.method == Method::POST && !spec.is_api() {
            assert_eq!(
                reply.status,
                StatusCode::SEE_OTHER,
                "{what}: {}",
                reply.text
            );
            // A refused form redirects too, with its refusal in the notice cookie.
            for cookie in reply.headers.get_all("set-cookie") {
                let cookie = cookie.to_str().unwrap();
                assert!(!cookie.contains("-refused"), "{what}: {cookie}");
            }
        } else {
            assert!(
                reply.status.is_success(),
                "{what}: {} {}",
                reply.status,
                reply.text
            );
        }
    }
    let moved = app.status_of("HW-T-0002").await;
    assert_eq!(moved, "nationality_determined");
    let examined = app
        .get("/api/v1/remains/HW-T-0001", Actor::As(Role::Viewer))
        .await
        .json();
    assert_eq!(examined["inventory"]["completeness_pct"], 45, "{examined}");
    assert_eq!(examined["storage_location"], "vault C", "{examined}");
    assert_eq!(
        examined["nationality"]["committee_decision"],
        "2024-07 item 12"
    );
    let named = app
        .get("/api/v1/remains/HW-B-0001", Actor::As(Role::Viewer))
        .await
        .json();
    assert_eq!(
        named["identification"]["name_original"], "王德明",
        "{named}"
    );
    let planned = app
        .get(
            &format!("/api/v1/batches/{PLANNED}"),
            Actor::As(Role::Viewer),
        )
        .await
        .json();
    assert_eq!(planned["state"], "jointly_verified", "{planned}");
    let joined = &planned["remains"][0];
    assert_eq!(joined["accession"], JOINING, "{planned}");
    assert_eq!(
        joined["verification"]["receiving_experts"],
        json!(["Dr. Li"]),
        "{planned}"
    );
}
