//! Login and logout: an argon2 check of the password, then a random session token whose SHA-256
//! the store keeps; the token travels only in an HttpOnly, SameSite=Strict cookie.

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::{ConnectInfo, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use homeward_app::passwords::hash_password;
use homeward_domain::{
    FREE_LOGIN_FAILURES, LoginRefusal, LoginRefusalKind, Timestamp, User, Username, lockout_seconds,
};
use homeward_store::WriteContext;
use serde::Deserialize;

use crate::auth::{
    Caller, SESSION_COOKIE, SESSION_SECONDS, cookie_value, expired_session_cookie, new_token, now,
    session_cookie, token_hash,
};
use crate::chrome::{Chrome, PageQuery, page_error, render};
use crate::error::ApiError;
use crate::extract::Posted;
use crate::guard::{client_address, retry_seconds, with_retry_after};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::throttle::Throttle;

/// Where to go after logging in: only a local path, never another site. Refused (→ `/`): anything
/// that is not a path starting with one `/`; a second `/` or a `\` right after it (`//evil`,
/// `/\evil`), raw or percent-encoded; any control character (browsers drop tabs and newlines, so
/// `/\t/evil` would become `//evil`), raw or percent-encoded; a backslash anywhere; and anything
/// that does not parse as a URI path with an optional query.
fn safe_next(next: Option<&str>) -> String {
    let Some(n) = next else {
        return "/".to_owned();
    };
    let decoded = percent_decode(n);
    let local = |s: &str| {
        s.starts_with('/')
            && !s[1..].starts_with(['/', '\\'])
            && !s.chars().any(|c| c.is_control() || c == '\\')
    };
    let parses = n.parse::<Uri>().is_ok_and(|u| {
        u.scheme().is_none() && u.authority().is_none() && u.path().starts_with('/')
    });
    if n.len() <= 2048 && local(n) && local(&decoded) && parses {
        n.to_owned()
    } else {
        "/".to_owned()
    }
}

/// `%XX` sequences decoded (invalid ones kept as they are; bytes that are not UTF-8 replaced).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    next: String,
    username: String,
    error: bool,
    /// The plain message when logins are throttled or the server is busy.
    notice: Option<String>,
}

/// The login page's query string.
#[derive(Debug, Default, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

/// `GET /login`.
pub async fn form(chrome: Chrome, PageQuery(query): PageQuery<LoginQuery>) -> Response {
    let next = safe_next(query.next.as_deref());
    let page = LoginPage {
        chrome,
        next,
        username: String::new(),
        error: false,
        notice: None,
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

/// `POST /login`: on success a session cookie and a redirect; a wrong username or password gets
/// the form again (401) and an audit entry; too many failures for the account or from the
/// address lock further attempts (429 + `Retry-After`, the form says how long, the lockout is
/// audited); a server already checking as many passwords as it may answers 503 + `Retry-After`.
pub async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    uri: Uri,
    headers: HeaderMap,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    form: Posted<Credentials>,
) -> Response {
    let anonymous = Caller::default();
    let chrome = Chrome::for_uri(lang, &anonymous, &uri);
    let Ok(Form(credentials)) = form else {
        return page_error(
            chrome,
            ApiError::invalid("username", "the form needs a username and a password"),
        );
    };
    let address = client_address(&state.config, &headers, peer.map(|Extension(c)| c.0));
    let username = credentials.username.trim().to_owned();
    let keys = LoginKeys::new(&username, &address);
    let throttle = &state.guards.login;
    let started = Instant::now();
    if let Some(wait) = keys.locked(throttle, started) {
        return refused(chrome, &credentials, StatusCode::TOO_MANY_REQUESTS, wait);
    }
    // A name that is no valid username has no account: the login fails as for an unknown one.
    let found = match Username::parse(&username) {
        Ok(name) => state.store.user_credentials(&name).await,
        Err(_) => Ok(None),
    };
    let found = match found {
        Ok(found) => found,
        Err(e) => return page_error(chrome, e.into()),
    };
    let (user, stored) = match found {
        Some(found) => (Some(found.user), found.password_hash.as_str().to_owned()),
        None => (None, decoy_hash().to_owned()),
    };
    let checked = state
        .guards
        .passwords
        .verify(credentials.password.clone(), stored)
        .await;
    let Ok(verified) = checked else {
        return refused(
            chrome,
            &credentials,
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(1),
        );
    };
    let user = match user {
        Some(user) if verified => user,
        other => {
            return failed(&state, chrome, credentials, &keys, &address, other.as_ref()).await;
        }
    };
    throttle.succeed(&keys.account);
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

/// A wrong username or password: counted, audited, and answered with the form again (401) or,
/// when it locked the login, the form saying how long to wait (429).
async fn failed(
    state: &AppState,
    chrome: Chrome,
    credentials: Credentials,
    keys: &LoginKeys,
    address: &str,
    user: Option<&User>,
) -> Response {
    let username = credentials.username.trim();
    match record_failure(state, keys, username, address, user).await {
        Err(e) => page_error(chrome, e),
        Ok(Some(wait)) => refused(chrome, &credentials, StatusCode::TOO_MANY_REQUESTS, wait),
        Ok(None) => {
            let page = LoginPage {
                chrome,
                next: safe_next(credentials.next.as_deref()),
                username: credentials.username,
                error: true,
                notice: None,
            };
            render(&page, StatusCode::UNAUTHORIZED)
        }
    }
}

/// The throttle keys of one login attempt: the account (case-folded) and the address.
struct LoginKeys {
    account: String,
    address: String,
}

impl LoginKeys {
    fn new(username: &str, address: &str) -> Self {
        let name: String = username.chars().take(64).collect();
        LoginKeys {
            account: format!("account:{}", name.to_lowercase()),
            address: format!("address:{address}"),
        }
    }

    /// How much longer the account or the address is locked, whichever is longer.
    fn locked(&self, throttle: &Throttle, at: Instant) -> Option<Duration> {
        let account = throttle.locked(&self.account, at);
        let address = throttle.locked(&self.address, at);
        account.max(address)
    }
}

/// Counts a failed login against the account and the address and audits it, and the lockout
/// it starts, if any: `Some(wait)` when the login is now locked.
async fn record_failure(
    state: &AppState,
    keys: &LoginKeys,
    username: &str,
    address: &str,
    user: Option<&User>,
) -> Result<Option<Duration>, ApiError> {
    let at = Instant::now();
    let throttle = &state.guards.login;
    let account = throttle.fail(&keys.account, at, lockout_seconds);
    let by_address = throttle.fail(&keys.address, at, address_lockout_seconds);
    let ctx = WriteContext {
        actor: user.map(|u| u.id),
        at: now(),
    };
    let kind = LoginRefusalKind::WrongCredentials {
        account_exists: user.is_some(),
    };
    let store = &state.store;
    store
        .record_login_refusal(&LoginRefusal::new(username, address, kind), ctx)
        .await?;
    for (failure, by_address) in [(account, false), (by_address, true)] {
        if let Some(wait) = failure.lockout {
            let kind = LoginRefusalKind::Lockout {
                seconds: wait.as_secs(),
                by_address,
            };
            store
                .record_login_refusal(&LoginRefusal::new(username, address, kind), ctx)
                .await?;
        }
    }
    Ok(keys.locked(throttle, at))
}

/// An address may fail [`ADDRESS_FREE_FAILURES`] logins (over any accounts) before the account
/// policy's growing lockouts apply to it.
fn address_lockout_seconds(failures: u32) -> Option<u64> {
    lockout_seconds(failures.saturating_sub(ADDRESS_FREE_FAILURES - FREE_LOGIN_FAILURES))
}

/// Failed logins from one address before it is locked.
const ADDRESS_FREE_FAILURES: u32 = 20;

/// The form again, saying plainly why the login was not checked (throttled: 429; busy: 503),
/// with `Retry-After`.
fn refused(
    chrome: Chrome,
    credentials: &Credentials,
    status: StatusCode,
    wait: Duration,
) -> Response {
    let seconds = retry_seconds(wait);
    let id = if status == StatusCode::TOO_MANY_REQUESTS {
        "login-throttled"
    } else {
        "login-busy"
    };
    let notice = Some(chrome.t.with_seconds(id, seconds));
    let page = LoginPage {
        chrome,
        next: safe_next(credentials.next.as_deref()),
        username: credentials.username.clone(),
        error: false,
        notice,
    };
    with_retry_after(render(&page, status), seconds)
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
        let kept = [
            "/",
            "/remains?page=2",
            "/remains/HW-T-0001",
            "/missing?q=%EC%99%95",
            "/sites/a/b",
            "/missing?q=a//b",
        ];
        for next in kept {
            assert_eq!(safe_next(Some(next)), next, "{next:?} is local");
        }
        let hostile = [
            "//evil.example",
            "///evil.example",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
            "/\\evil.example",
            "\\/evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/\u{0}/evil.example",
            "\t//evil.example",
            "/%09/evil.example",
            "/%0a/evil.example",
            "/%0D%0A/evil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/%5Cevil.example",
            "/%5c/evil.example",
            "/remains\\..\\evil",
            "/ok\u{7f}",
        ];
        for next in hostile {
            assert_eq!(safe_next(Some(next)), "/", "{next:?} must not be followed");
        }
        assert_eq!(safe_next(Some(&format!("/{}", "a".repeat(3000)))), "/");
        assert_eq!(safe_next(None), "/");
    }
}
