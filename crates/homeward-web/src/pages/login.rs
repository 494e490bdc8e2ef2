//! Login and logout: an argon2 check of the password, then a random session token whose SHA-256
//! the store keeps; the token travels only in an HttpOnly, SameSite=Strict cookie.

use std::sync::OnceLock;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use homeward_app::passwords::{hash_password, verify_password};
use homeward_domain::Timestamp;
use homeward_store::WriteContext;
use serde::Deserialize;

use super::{Chrome, page_error, render};
use crate::AppState;
use crate::auth::{
    Caller, SESSION_COOKIE, SESSION_SECONDS, cookie_value, expired_session_cookie, new_token, now,
    session_cookie, token_hash,
};
use crate::error::ApiError;
use crate::i18n::Lang;

/// Where to go after logging in: only a local path, never another site.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    next: String,
    username: String,
    error: bool,
}

/// The login page's query string.
#[derive(Debug, Default, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

/// `GET /login`.
pub async fn form(
    Extension(caller): Extension<Caller>,
    lang: Lang,
    uri: Uri,
    query: Result<Query<LoginQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let next = safe_next(query.as_ref().ok().and_then(|q| q.next.as_deref()));
    let page = LoginPage {
        chrome: Chrome::for_uri(lang, &caller, &uri),
        next,
        username: String::new(),
        error: false,
    };
    render(&page, StatusCode::OK)
}

/// The login form.
#[derive(Debug, Deserialize)]
pub struct Credentials {
    username: String,
    password: String,
    #[serde(default)]
    next: Option<String>,
}

/// A hash to check against when the username is unknown, so both failures take as long.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password, never valid").unwrap_or_default())
}

/// `POST /login`: on success a session cookie and a redirect; otherwise the form again (401).
pub async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    uri: Uri,
    form: Result<Form<Credentials>, axum::extract::rejection::FormRejection>,
) -> Response {
    let anonymous = Caller::default();
    let chrome = Chrome::for_uri(lang, &anonymous, &uri);
    let Ok(Form(credentials)) = form else {
        return page_error(
            chrome,
            ApiError::invalid("username", "the form needs a username and a password"),
        );
    };
    let found = match state
        .store
        .user_credentials(credentials.username.trim())
        .await
    {
        Ok(found) => found,
        Err(e) => return page_error(chrome, e.into()),
    };
    let (user, stored) = match found {
        Some((user, hash)) => (Some(user), hash),
        None => (None, decoy_hash().to_owned()),
    };
    let password = credentials.password.clone();
    let verified = tokio::task::spawn_blocking(move || verify_password(&password, &stored))
        .await
        .ok()
        .and_then(Result::ok)
        .unwrap_or(false);
    let Some(user) = user.filter(|_| verified) else {
        let page = LoginPage {
            chrome,
            next: safe_next(credentials.next.as_deref()),
            username: credentials.username,
            error: true,
        };
        return render(&page, StatusCode::UNAUTHORIZED);
    };
    let token = new_token();
    let expires = Timestamp(now().0 + SESSION_SECONDS);
    if let Err(e) = state
        .store
        .create_session(
            &token_hash(&token),
            user.id,
            expires,
            WriteContext {
                actor: Some(user.id),
                at: now(),
            },
        )
        .await
    {
        return page_error(chrome, e.into());
    }
    (
        StatusCode::SEE_OTHER,
        [
            (SET_COOKIE, session_cookie(&token, &state.config)),
            (LOCATION, safe_next(credentials.next.as_deref())),
        ],
    )
        .into_response()
}

/// `POST /logout`: ends the session in the store and clears the cookie.
pub async fn logout(State(state): State<AppState>, lang: Lang, headers: HeaderMap) -> Response {
    if let Some(token) = cookie_value(&headers, SESSION_COOKIE).filter(|t| !t.is_empty())
        && let Err(e) = state
            .store
            .delete_session(
                &token_hash(token),
                WriteContext {
                    actor: None,
                    at: now(),
                },
            )
            .await
    {
        let chrome = Chrome::new(lang, &Caller::default(), "/");
        return page_error(chrome, e.into());
    }
    (
        StatusCode::SEE_OTHER,
        [
            (SET_COOKIE, expired_session_cookie(&state.config)),
            (LOCATION, "/".to_owned()),
        ],
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next(Some("/remains?page=2")), "/remains?page=2");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
