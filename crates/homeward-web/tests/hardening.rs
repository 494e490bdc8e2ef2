//! Request hardening over the whole route table: a cookie-authenticated post without this
//! site's Origin is refused and changes nothing, every answer is `no-store`, every cookie is
//! `Secure` when configured, bodies over the limit get 413, and the public searches are
//! throttled per address.

mod common;

use homeward_testkit::key;
use homeward_testkit::registry::audited;
use std::net::SocketAddr;

use axum::http::{Method, StatusCode};
use common::{Actor, HOST, ORIGIN, PASSWORD, Payload, Reply, TestApp};
use homeward_domain::Role;
use homeward_web::{WebConfig, route_table};

/// The administrator, through the API token.
const ADMIN: Actor = Actor::As(Role::Administrator);

/// Logs `role`'s user in through the form and returns the session cookie (`hw_session=…`).
async fn session(app: &TestApp, role: Role) -> String {
    let form = format!(
        "username={}&password={}",
        role.code().replace('_', "-"),
        PASSWORD.replace(' ', "+")
    );
    let reply = app
        .post("/login", Actor::Anonymous, Payload::Form(form))
        .await;
    reply.expect_status(StatusCode::SEE_OTHER);
    set_cookies(&reply)
        .into_iter()
        .find(|c| c.starts_with("hw_session="))
        .and_then(|c| c.split(';').next().map(str::to_owned))
        .unwrap()
}

fn set_cookies(reply: &Reply) -> Vec<String> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .collect()
}

fn concrete(path: &str) -> String {
    path.replace("{accession}", "HW-T-0001")
        .replace("{code}", "T-SITE-1")
}

/// A body the route would accept, near enough: the check must refuse before reading it.
fn body(path: &str) -> Payload {
    if path.starts_with("/api/") {
        Payload::Json(serde_json::json!({ "label": "x", "to": "examined", "reason": "r" }))
    } else {
        Payload::Form("to=examined&reason=examined+in+the+lab&event=stored&location=x".into())
    }
}

async fn audit_len(app: &TestApp) -> usize {
    app.store.audit_log(10_000, 0).await.unwrap().len()
}

#[tokio::test]
async fn every_post_with_the_session_cookie_but_without_this_sites_origin_is_refused() {
    let app = TestApp::new().await;
    let cookie = session(&app, Role::Administrator).await;
    let cookie_header = [("cookie", cookie.as_str())];
    let posts: Vec<_> = route_table()
        .into_iter()
        .filter(|r| r.method == Method::POST)
        .collect();
    assert!(
        posts.iter().filter(|r| !r.is_api()).count() >= 10,
        "{posts:?}"
    );
    let before = audit_len(&app).await;
    let status_before = app
        .store
        .remains_by_accession(&key("HW-T-0001"))
        .await
        .unwrap();
    for spec in &posts {
        let path = concrete(spec.path);
        let foreign: [&[(&str, &str)]; 5] = [
            &[("host", HOST)],
            &[("host", HOST), ("origin", "https://evil.example")],
            &[("host", HOST), ("origin", "null")],
            &[
                ("host", HOST),
                ("referer", "https://evil.example/homeward.test/"),
            ],
            &[("origin", ORIGIN)],
        ];
        for headers in foreign {
            let mut all = headers.to_vec();
            all.extend(cookie_header);
            let reply = app
                .send_exact(
                    Method::POST,
                    &path,
                    Actor::Anonymous,
                    body(spec.path),
                    &all,
                    None,
                )
                .await;
            assert_eq!(
                reply.status,
                StatusCode::FORBIDDEN,
                "{} {path} with {headers:?}: {}",
                spec.method,
                reply.text
            );
            assert!(reply.text.contains("cross-site"), "{}", reply.text);
            assert!(
                set_cookies(&reply)
                    .iter()
                    .all(|c| !c.starts_with("hw_session="))
            );
        }
    }
    assert_eq!(audit_len(&app).await, before, "nothing was written");
    assert_eq!(
        app.store
            .remains_by_accession(&key("HW-T-0001"))
            .await
            .unwrap(),
        status_before
    );
    // The same session still works from this site's own page, and a bearer token needs no Origin.
    app.examined_and_decided("HW-T-0002").await;
    app.examined_and_decided("HW-T-0003").await;
    let own = app
        .send_with(
            Method::POST,
            "/remains/HW-T-0002/status",
            Actor::Anonymous,
            Payload::Form("to=nationality_determined&reason=decided+by+the+committee".into()),
            &cookie_header,
        )
        .await;
    own.expect_status(StatusCode::SEE_OTHER);
    let script = app
        .send_exact(
            Method::POST,
            "/api/v1/remains/HW-T-0003/status",
            ADMIN,
            Payload::Json(
                serde_json::json!({ "to": "nationality_determined", "reason": "decided" }),
            ),
            &[],
            None,
        )
        .await;
    script.expect_status(StatusCode::OK);
}

#[tokio::test]
async fn a_login_posted_from_another_site_is_refused_and_starts_no_session() {
    let app = TestApp::new().await;
    // The fixture itself starts sessions (one per role); count them first.
    let sessions = || audited(app.store.as_ref(), "session.create", 1_000);
    let sessions_before = sessions().await;
    let form = format!("username=viewer&password={}", PASSWORD.replace(' ', "+"));
    let reply = app
        .send_exact(
            Method::POST,
            "/login?lang=zh",
            Actor::Anonymous,
            Payload::Form(form),
            &[("host", HOST), ("origin", "https://evil.example")],
            None,
        )
        .await;
    reply.expect_text(StatusCode::FORBIDDEN, "此表单并非从本网站的页面提交");
    assert_eq!(sessions().await, sessions_before, "no session was started");
}

#[tokio::test]
async fn every_answer_of_every_route_is_no_store() {
    let app = TestApp::new().await;
    let cookie = session(&app, Role::Administrator).await;
    for spec in route_table() {
        let path = concrete(spec.path);
        for (actor, headers) in [
            (Actor::Anonymous, vec![]),
            (ADMIN, vec![]),
            (Actor::Anonymous, vec![("cookie", cookie.as_str())]),
        ] {
            let payload = if spec.method == Method::POST {
                body(spec.path)
            } else {
                Payload::Empty
            };
            if spec.path == "/logout" {
                continue; // would end the session the other routes use; checked below
            }
            let reply = app
                .send_with(spec.method.clone(), &path, actor, payload, &headers)
                .await;
            let cache = reply
                .headers
                .get("cache-control")
                .map(|h| h.to_str().unwrap().to_owned());
            let expected = if spec.path == "/static/style.css" {
                "public, max-age=3600"
            } else {
                "no-store"
            };
            assert_eq!(
                cache.as_deref(),
                Some(expected),
                "{} {path} as {actor:?}: {}",
                spec.method,
                reply.status
            );
        }
    }
    let logout = app.logout(&cookie).await;
    assert_eq!(logout.headers["cache-control"], "no-store");
    let missing = app.get("/api/v1/nothing-here", Actor::Anonymous).await;
    assert_eq!(missing.headers["cache-control"], "no-store");
}

#[tokio::test]
async fn every_cookie_the_app_sets_is_secure_when_configured() {
    let app = TestApp::new().await.reconfigured(WebConfig {
        secure_cookies: true,
        ..WebConfig::default()
    });
    let cookie = session(&app, Role::Administrator).await;
    let mut seen = Vec::new();
    let login = format!("username=viewer&password={}", PASSWORD.replace(' ', "+"));
    let replies = [
        app.get("/?lang=ko", Actor::Anonymous).await,
        app.post("/login?lang=zh", Actor::Anonymous, Payload::Form(login))
            .await,
        app.post_with_cookie(
            "/remains/HW-T-0002/status?lang=en",
            &cookie,
            Payload::Form("to=examined&reason=examined+in+the+lab".into()),
        )
        .await,
        app.post_with_cookie(
            "/remains/HW-T-0001/nationality",
            &cookie,
            Payload::Form("nationality=cpv&evidence=badge&committee_decision=2024-07".into()),
        )
        .await,
        app.get_with_cookie("/remains/HW-T-0001", &format!("{cookie}; hw_flash=x"))
            .await,
        app.logout(&cookie).await,
    ];
    for reply in &replies {
        seen.extend(set_cookies(reply));
    }
    for name in ["hw_lang=", "hw_session=", "hw_flash="] {
        assert!(
            seen.iter().any(|c| c.starts_with(name)),
            "{name} set: {seen:?}"
        );
    }
    for c in &seen {
        assert!(c.contains("; Secure"), "{c}");
    }
}

#[tokio::test]
async fn bodies_over_the_limit_get_413_and_write_nothing() {
    let app = TestApp::new().await;
    let before = audit_len(&app).await;
    let big = "x".repeat(homeward_web::DEFAULT_MAX_BODY_BYTES + 1);
    let json = serde_json::json!({
        "code": "GG-BIG-1", "name": big, "province": "Gangwon", "county": "Cheorwon",
        "latitude": 38.27, "longitude": 127.19, "battle_area": "x", "excavation_periods": []
    });
    let len = json.to_string().len().to_string();
    for headers in [vec![], vec![("content-length", len.as_str())]] {
        let reply = app
            .send_with(
                Method::POST,
                "/api/v1/sites",
                ADMIN,
                Payload::Json(json.clone()),
                &headers,
            )
            .await;
        let error = reply.expect_error(StatusCode::PAYLOAD_TOO_LARGE);
        assert!(error.contains("1048576 bytes"), "{error}");
    }
    let form = format!("to=examined&reason={big}");
    let reply = app
        .post_form("/remains/HW-T-0002/status", ADMIN, form)
        .await;
    reply.expect_status(StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(audit_len(&app).await, before, "nothing was written");
    assert!(
        app.store
            .site_by_code(&key("GG-BIG-1"))
            .await
            .unwrap()
            .is_none()
    );
    // Just under the limit is read as usual.
    app.examined_and_decided("HW-T-0002").await;
    let small = format!("to=nationality_determined&reason={}", "y".repeat(1000));
    let reply = app
        .post_form("/remains/HW-T-0002/status", ADMIN, small)
        .await;
    reply.expect_status(StatusCode::SEE_OTHER);
}

fn from(ip: &str) -> Option<SocketAddr> {
    Some(format!("{ip}:40000").parse().unwrap())
}

#[tokio::test]
async fn public_searches_are_throttled_per_address() {
    let app = TestApp::new().await.reconfigured(WebConfig {
        public_search_per_minute: 3,
        ..WebConfig::default()
    });
    let scraper = from("198.51.100.20");
    let get = |path: &'static str, who: Option<SocketAddr>| {
        let app = &app;
        async move {
            app.send_exact(
                Method::GET,
                path,
                Actor::Anonymous,
                Payload::Empty,
                &[("host", HOST)],
                who,
            )
            .await
        }
    };
    for path in ["/missing?q=wang", "/api/v1/missing?q=wang", "/memorial"] {
        assert_eq!(get(path, scraper).await.status, StatusCode::OK, "{path}");
    }
    let page = get("/memorial?lang=ko&page=2", scraper).await;
    page.expect_status(StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = page.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=20).contains(&wait), "{wait}");
    assert!(
        page.text.contains("이 주소에서 검색이 너무 많습니다"),
        "{}",
        page.text
    );
    let api = get("/api/v1/memorial?q=x", scraper).await;
    api.expect_status(StatusCode::TOO_MANY_REQUESTS);
    assert!(api.headers.contains_key("retry-after"));
    assert!(
        api.json()["error"]
            .as_str()
            .unwrap()
            .contains("at most 3 a minute")
    );
    // Other addresses and other pages are not affected.
    assert_eq!(
        get("/api/v1/missing?q=wang", from("192.0.2.1"))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(get("/", scraper).await.status, StatusCode::OK);
    // X-Forwarded-For is not trusted by default: it does not give the scraper a fresh address.
    let spoofed = app
        .send_exact(
            Method::GET,
            "/missing?q=wang",
            Actor::Anonymous,
            Payload::Empty,
            &[("host", HOST), ("x-forwarded-for", "192.0.2.77")],
            scraper,
        )
        .await;
    spoofed.expect_status(StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_zero_search_limit_is_unlimited() {
    let app = TestApp::new().await.reconfigured(WebConfig {
        public_search_per_minute: 0,
        ..WebConfig::default()
    });
    for _ in 0..200 {
        app.get_ok("/api/v1/missing?q=wang", Actor::Anonymous).await;
    }
}
