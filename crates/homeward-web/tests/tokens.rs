//! API tokens through the API: only a session mints one, a listing never shows the secret,
//! expired and revoked tokens are refused, and only the owner or an administrator revokes.
//! Deactivation and a new password end a user's sessions and tokens.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, Payload, TestApp};
use homeward_domain::{AccountChange, DAY_SECONDS, NewApiToken, Role, Timestamp};
use homeward_store::WriteContext;
use homeward_web::auth::{now, token_hash};
use serde_json::json;

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

async fn me_with(app: &TestApp, token: &str) -> StatusCode {
    let auth = bearer(token);
    app.send_with(
        Method::GET,
        "/api/v1/me",
        Actor::Anonymous,
        Payload::Empty,
        &[("authorization", &auth)],
    )
    .await
    .status
}

async fn mint(app: &TestApp, role: Role, body: serde_json::Value) -> common::Reply {
    app.post_json("/api/v1/me/tokens", Actor::Session(role), body)
        .await
}

async fn audit_len(app: &TestApp) -> usize {
    app.store.audit_log(1_000, 0).await.unwrap().len()
}

async fn token_count(app: &TestApp) -> usize {
    app.store.api_tokens(None).await.unwrap().len()
}

/// The status of a login form post as `username` with `password`.
async fn login(app: &TestApp, username: &str, password: &str) -> StatusCode {
    let form = format!(
        "username={username}&password={}",
        password.replace(' ', "+")
    );
    app.post("/login", Actor::Anonymous, Payload::Form(form))
        .await
        .status
}

/// The row of `/api/v1/me/tokens` or `/api/v1/tokens` (as `actor`) for which `pick` holds.
async fn listed_row(
    app: &TestApp,
    path: &str,
    actor: Actor,
    pick: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let listed = app.get(path, actor).await;
    let rows = listed.json();
    rows.as_array()
        .unwrap()
        .iter()
        .find(|t| pick(t))
        .unwrap()
        .clone()
}

#[tokio::test]
async fn a_token_cannot_mint_a_token() {
    let app = TestApp::new().await;
    let tokens_before = token_count(&app).await;
    let audit_before = audit_len(&app).await;
    for role in [Role::Viewer, Role::Administrator] {
        let body = Payload::Json(json!({ "label": "successor" }));
        let reply = app.post("/api/v1/me/tokens", Actor::As(role), body).await;
        reply.expect_status(StatusCode::FORBIDDEN);
        let message = reply.json()["error"].as_str().unwrap().to_owned();
        assert!(message.contains("only a logged-in session"), "{message}");
    }
    assert_eq!(token_count(&app).await, tokens_before);
    assert_eq!(audit_len(&app).await, audit_before, "nothing written");
}

#[tokio::test]
async fn a_session_mints_a_token_with_an_expiry_and_the_list_never_shows_it() {
    let app = TestApp::new().await;
    let reply = mint(
        &app,
        Role::Reviewer,
        json!({ "label": "cron", "expires_in_days": 7 }),
    )
    .await;
    reply.expect_status(StatusCode::CREATED);
    let created = reply.json();
    let token = created["token"].as_str().unwrap().to_owned();
    let expires = Timestamp(now().0 + 7 * DAY_SECONDS).to_rfc3339();
    assert_eq!(
        &created["expires_at"].as_str().unwrap()[..13],
        &expires[..13]
    );
    assert_eq!(me_with(&app, &token).await, StatusCode::OK);

    let listed = app
        .get_ok("/api/v1/me/tokens", Actor::Session(Role::Reviewer))
        .await;
    assert!(!listed.text.contains(&token), "the secret is shown once");
    assert!(!listed.text.contains(&token_hash(&token)));
    let session = Actor::Session(Role::Reviewer);
    let row = listed_row(&app, "/api/v1/me/tokens", session, |t| {
        t["id"] == created["id"]
    })
    .await;
    assert_eq!(row["label"], "cron");
    assert_eq!(row["state"], "active");
    assert!(row.get("token").is_none(), "{row}");

    // Too long a life, or none at all, is refused and writes nothing.
    let before = token_count(&app).await;
    for days in [0, 366] {
        let reply = mint(
            &app,
            Role::Reviewer,
            json!({ "label": "x", "expires_in_days": days }),
        )
        .await;
        reply.expect_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.text.contains("expires_in_days"), "{}", reply.text);
    }
    assert_eq!(token_count(&app).await, before);

    // Default: 90 days.
    let reply = mint(&app, Role::Viewer, json!({ "label": "default" })).await;
    let expires = Timestamp(now().0 + 90 * DAY_SECONDS).to_rfc3339();
    assert_eq!(
        &reply.json()["expires_at"].as_str().unwrap()[..10],
        &expires[..10]
    );
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let app = TestApp::new().await;
    let user = app.store.users().await.unwrap()[0].id;
    let issued = Timestamp(now().0 - 10 * DAY_SECONDS);
    let token = NewApiToken {
        token_hash: token_hash("old-token"),
        user,
        label: "old".into(),
        expires_at: Timestamp(now().0 - 1),
    };
    let ctx = WriteContext {
        actor: None,
        at: issued,
    };
    app.store.create_api_token(&token, ctx).await.unwrap();
    assert_eq!(me_with(&app, "old-token").await, StatusCode::UNAUTHORIZED);
    let admin = Actor::As(Role::Administrator);
    let old = listed_row(&app, "/api/v1/tokens", admin, |t| t["label"] == "old").await;
    assert_eq!(old["state"], "expired", "{old}");
}

#[tokio::test]
async fn a_revoked_token_is_refused_and_only_its_owner_or_an_administrator_revokes() {
    let app = TestApp::new().await;
    let created = mint(&app, Role::Reviewer, json!({ "label": "cron" }))
        .await
        .json();
    let token = created["token"].as_str().unwrap().to_owned();
    let id = created["id"].as_i64().unwrap();
    let path = format!("/api/v1/tokens/{id}/revoke");

    let audit_before = audit_len(&app).await;
    let refused = app
        .post(&path, Actor::As(Role::Viewer), Payload::Empty)
        .await;
    refused.expect_text(StatusCode::FORBIDDEN, "only their own API tokens");
    assert_eq!(me_with(&app, &token).await, StatusCode::OK, "still works");
    assert_eq!(audit_len(&app).await, audit_before, "nothing written");
    let listed = app.get("/api/v1/tokens", Actor::As(Role::Viewer)).await;
    listed.expect_status(StatusCode::FORBIDDEN);

    let revoked = app
        .post(&path, Actor::Session(Role::Reviewer), Payload::Empty)
        .await;
    revoked.expect_status(StatusCode::OK);
    assert_eq!(revoked.json()["state"], "revoked");
    assert_eq!(me_with(&app, &token).await, StatusCode::UNAUTHORIZED);
    let again = app
        .post(&path, Actor::As(Role::Administrator), Payload::Empty)
        .await;
    again.expect_status(StatusCode::UNPROCESSABLE_ENTITY);

    // An administrator revokes anyone's token.
    let other = mint(&app, Role::Custodian, json!({ "label": "scanner" }))
        .await
        .json();
    let path = format!("/api/v1/tokens/{}/revoke", other["id"]);
    let reply = app
        .post(&path, Actor::As(Role::Administrator), Payload::Empty)
        .await;
    reply.expect_status(StatusCode::OK);
    assert_eq!(
        me_with(&app, other["token"].as_str().unwrap()).await,
        StatusCode::UNAUTHORIZED
    );
    let log = app.store.audit_log(1, 0).await.unwrap();
    assert_eq!(log[0].entry.action, "api_token.revoke");
    assert_eq!(log[0].actor_name.as_deref(), Some("administrator"));
}

#[tokio::test]
async fn deactivation_and_a_new_password_end_sessions_and_tokens() {
    let app = TestApp::new().await;
    let admin = app.user(Role::Administrator).await;
    let ctx = WriteContext {
        actor: Some(admin.id),
        at: now(),
    };
    for (username, role, change) in [
        ("reviewer", Role::Reviewer, AccountChange::Deactivate),
        (
            "viewer",
            Role::Viewer,
            AccountChange::SetPassword(
                homeward_app::passwords::hash_password("a new passphrase").unwrap(),
            ),
        ),
    ] {
        app.get_ok("/api/v1/me", Actor::As(role)).await;
        app.store
            .change_account(username, &change, ctx)
            .await
            .unwrap();
        let by_token = app.get("/api/v1/me", Actor::As(role)).await;
        assert_eq!(by_token.status, StatusCode::UNAUTHORIZED, "{username}");
        let by_session = app.get("/api/v1/me", Actor::Session(role)).await;
        assert_eq!(by_session.status, StatusCode::UNAUTHORIZED, "{username}");
    }
    // The deactivated user cannot log in; the one with a new password can, with it only.
    let refused = StatusCode::UNAUTHORIZED;
    assert_eq!(login(&app, "reviewer", common::PASSWORD).await, refused);
    assert_eq!(login(&app, "viewer", common::PASSWORD).await, refused);
    let new = login(&app, "viewer", "a new passphrase").await;
    assert_eq!(new, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_tokens_page_shows_a_new_token_once_and_revokes_it() {
    let app = TestApp::new().await;
    let form = || Payload::Form("label=page+script&expires_in_days=14".into());
    let before = token_count(&app).await;
    let by_token = app.post("/tokens", Actor::As(Role::Viewer), form()).await;
    by_token.expect_status(StatusCode::FORBIDDEN);
    assert_eq!(token_count(&app).await, before);

    let created = app
        .post("/tokens", Actor::Session(Role::Viewer), form())
        .await;
    created.expect_status(StatusCode::CREATED);
    let start = created.text.find("<code class=\"secret\">").unwrap() + 21;
    let token = created.text[start..start + 64].to_owned();
    assert_eq!(me_with(&app, &token).await, StatusCode::OK);

    let listed = app
        .get_ok("/tokens?lang=ko", Actor::Session(Role::Viewer))
        .await;
    assert!(listed.text.contains("page script"), "{}", listed.text);
    assert!(listed.text.contains("폐기"), "Korean labels");
    assert!(!listed.text.contains(&token), "the secret is shown once");

    let id = app
        .store
        .api_tokens(None)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.label == "page script")
        .unwrap()
        .id;
    let path = format!("/tokens/{id}/revoke");
    let other = app
        .post(&path, Actor::Session(Role::Reviewer), Payload::Empty)
        .await;
    other.expect_status(StatusCode::FORBIDDEN);
    assert_eq!(me_with(&app, &token).await, StatusCode::OK);
    let revoked = app
        .post(&path, Actor::Session(Role::Viewer), Payload::Empty)
        .await;
    revoked.expect_status(StatusCode::SEE_OTHER);
    assert_eq!(revoked.location(), "/tokens");
    assert_eq!(me_with(&app, &token).await, StatusCode::UNAUTHORIZED);
}
