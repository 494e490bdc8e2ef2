//! Login hardening: failed logins are audited and throttled per account and per address with
//! growing lockouts (429 + Retry-After, the form saying so in ko/zh/en), concurrent password
//! checks are bounded (503 + Retry-After beyond), and `next=` is followed only to a local path.

mod common;

use std::net::SocketAddr;

use axum::http::{Method, StatusCode};
use common::{Actor, PASSWORD, Payload, Reply, TestApp};
use homeward_web::WebConfig;

fn peer(text: &str) -> Option<SocketAddr> {
    Some(text.parse().unwrap())
}

async fn login_from(app: &TestApp, from: Option<SocketAddr>, user: &str, password: &str) -> Reply {
    login_as(app, from, user, password, "").await
}

async fn login_as(
    app: &TestApp,
    from: Option<SocketAddr>,
    user: &str,
    password: &str,
    next: &str,
) -> Reply {
    let form = format!(
        "username={user}&password={}&next={next}",
        password.replace(' ', "+")
    );
    app.send_exact(
        Method::POST,
        "/login?lang=ko",
        Actor::Anonymous,
        Payload::Form(form),
        &[("host", common::HOST), ("origin", common::ORIGIN)],
        from,
    )
    .await
}

async fn actions(app: &TestApp) -> Vec<String> {
    app.store
        .audit_log(1_000, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.entry.action)
        .collect()
}

fn count(actions: &[String], action: &str) -> usize {
    actions.iter().filter(|a| *a == action).count()
}

fn sets_session(reply: &Reply) -> bool {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .any(|c| c.to_str().unwrap_or("").starts_with("hw_session="))
}

fn retry_after(reply: &Reply) -> u64 {
    reply
        .headers
        .get("retry-after")
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.parse().ok())
        .unwrap_or_else(|| panic!("no Retry-After: {:?}", reply.headers))
}

#[tokio::test]
async fn wrong_passwords_are_audited_then_the_account_is_locked_even_for_the_right_one() {
    let app = TestApp::new().await;
    // The fixture itself starts one session per role; count only what the logins add.
    let fixture_sessions = count(&actions(&app).await, "session.create");
    let attacker = peer("198.51.100.1:4000");
    for attempt in 1..=4 {
        let reply = login_from(&app, attacker, "viewer", "wrong password!").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let fifth = login_from(&app, attacker, "viewer", "wrong password!").await;
    fifth.expect_status(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(retry_after(&fifth), 30);
    assert!(
        fifth.text.contains("30초 후에 다시 시도하십시오"),
        "{}",
        fifth.text
    );
    let log = actions(&app).await;
    assert_eq!(count(&log, "login.failure"), 5, "{log:?}");
    assert_eq!(count(&log, "login.lockout"), 1, "{log:?}");
    let entries = app.store.audit_log(10, 0).await.unwrap();
    let lockout = entries
        .iter()
        .find(|e| e.entry.action == "login.lockout")
        .unwrap();
    assert_eq!(lockout.entry.entity_key, "viewer");
    assert!(lockout.entry.detail.contains("198.51.100.1"), "{lockout:?}");
    assert_eq!(lockout.actor_name.as_deref(), Some("viewer"));

    // The right password, from anywhere, is not even checked while the account is locked.
    let right = login_from(&app, peer("192.0.2.50:1"), "viewer", PASSWORD).await;
    right.expect_status(StatusCode::TOO_MANY_REQUESTS);
    assert!(!sets_session(&right), "no session");
    assert!(retry_after(&right) <= 30);
    let log = actions(&app).await;
    assert_eq!(count(&log, "session.create"), fixture_sessions, "{log:?}");
    assert_eq!(
        count(&log, "login.failure"),
        5,
        "a locked attempt is not checked"
    );

    // Another account is not locked by this one's failures.
    let other = login_from(&app, peer("192.0.2.51:1"), "reviewer", PASSWORD).await;
    other.expect_status(StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn one_address_guessing_many_accounts_is_locked_but_others_are_not() {
    let app = TestApp::new().await;
    let attacker = peer("203.0.113.7:5555");
    let mut statuses = Vec::new();
    for i in 0..20 {
        let reply = login_from(&app, attacker, &format!("guess{i}"), "wrong password!").await;
        statuses.push(reply.status);
    }
    assert!(
        statuses[..19]
            .iter()
            .all(|s| *s == StatusCode::UNAUTHORIZED),
        "{statuses:?}"
    );
    assert_eq!(statuses[19], StatusCode::TOO_MANY_REQUESTS);
    let locked = login_from(&app, attacker, "viewer", PASSWORD).await;
    locked.expect_status(StatusCode::TOO_MANY_REQUESTS);
    assert!(!sets_session(&locked));
    let log = actions(&app).await;
    assert_eq!(count(&log, "login.failure"), 20);
    assert_eq!(count(&log, "login.lockout"), 1, "{log:?}");
    let entries = app.store.audit_log(5, 0).await.unwrap();
    assert!(
        entries
            .iter()
            .map(|e| homeward_web::i18n::api_text(&e.entry.detail))
            .any(|detail| detail.contains("logins from 203.0.113.7 locked"))
    );

    let elsewhere = login_from(&app, peer("192.0.2.9:1"), "viewer", PASSWORD).await;
    elsewhere.expect_status(StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_throttled_login_form_speaks_the_visitors_language() {
    let app = TestApp::new().await;
    for _ in 0..5 {
        login_from(&app, None, "viewer", "wrong password!").await;
    }
    for (lang, text) in [
        ("en", "Wait 30 seconds, then try again."),
        ("zh", "请等待 30 秒后再试。"),
        ("ko", "30초 후에 다시 시도하십시오."),
    ] {
        let reply = app
            .post_form(
                &format!("/login?lang={lang}"),
                Actor::Anonymous,
                "username=viewer&password=x",
            )
            .await;
        reply.expect_status(StatusCode::TOO_MANY_REQUESTS);
        assert!(reply.text.contains(text), "{lang}: {}", reply.text);
    }
}

#[tokio::test]
async fn password_checks_beyond_the_gate_and_its_queue_get_503() {
    let app = TestApp::new().await.reconfigured(WebConfig {
        password_checks: 1,
        password_queue: 1,
        ..WebConfig::default()
    });
    let app = std::sync::Arc::new(app);
    let fixture_sessions = count(&actions(&app).await, "session.create");
    let mut running = Vec::new();
    for i in 0..8 {
        let app = app.clone();
        running.push(tokio::spawn(async move {
            let from = peer(&format!("192.0.2.{}:1", 100 + i));
            login_from(&app, from, "viewer", PASSWORD).await
        }));
    }
    let mut busy = 0;
    let mut ok = 0;
    for r in running {
        let reply = r.await.unwrap();
        match reply.status {
            StatusCode::SERVICE_UNAVAILABLE => {
                busy += 1;
                assert_eq!(retry_after(&reply), 1);
                assert!(!sets_session(&reply));
                assert!(
                    reply.text.contains("1초 후에 다시 시도하십시오"),
                    "{}",
                    reply.text
                );
            }
            StatusCode::SEE_OTHER => ok += 1,
            other => panic!("unexpected {other}: {}", reply.text),
        }
    }
    assert!(
        busy >= 1,
        "eight logins through a gate of one plus one waiting"
    );
    assert!(ok >= 1);
    let log = actions(&app).await;
    assert_eq!(
        count(&log, "session.create") - fixture_sessions,
        ok,
        "only the checked logins got a session"
    );
    assert_eq!(
        count(&log, "login.failure"),
        0,
        "a busy refusal is not a failed password"
    );
}

/// Hostile `next` values, as a browser would send them in the form (percent-encoded) — each
/// must land on `/`, and the login page must not carry them either.
#[tokio::test]
async fn hostile_next_values_never_leave_the_site() {
    let app = TestApp::new().await;
    let hostile = [
        "/%09/evil.example",
        "/%2509/evil.example",
        "%2F%09%2Fevil.example",
        "%2F%0A%2Fevil.example",
        "%2F%0D%2Fevil.example",
        "%2F%2Fevil.example",
        "%2F%5Cevil.example",
        "%5C%5Cevil.example",
        "https%3A%2F%2Fevil.example",
        "%2F%2F%2Fevil.example",
        "%2F%252F%2Fevil.example",
        "%2F%255Cevil.example",
        "javascript%3Aalert(1)",
        "%09%2F%2Fevil.example",
    ];
    for (i, next) in hostile.iter().enumerate() {
        let from = peer(&format!("192.0.2.{}:1", i + 1));
        let reply = login_as(&app, from, "viewer", PASSWORD, next).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{next}");
        assert_eq!(reply.location(), "/", "{next} must not be followed");
        let form = app
            .get(&format!("/login?next={next}"), Actor::Anonymous)
            .await;
        assert!(
            form.text.contains(r#"name="next" value="/""#),
            "{next}: {}",
            form.text
        );
    }
    let fine = login_as(
        &app,
        peer("192.0.2.99:1"),
        "viewer",
        PASSWORD,
        "%2Fremains%3Fpage%3D2",
    )
    .await;
    assert_eq!(fine.location(), "/remains?page=2");
}
