//! Who is calling: session cookies for the UI, bearer tokens for scripts, and the tokens and
//! cookies that carry them. Whether the caller may call a route is [`crate::access`]'s.

use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::{HeaderMap, StatusCode};
use homeward_domain::{Credential, Permission, Timestamp, User};
use homeward_store::{Store, WriteContext};
use sha2::{Digest, Sha256};

use crate::config::WebConfig;
use crate::error::{ApiError, ApiResult};

/// The cookie that carries the session token.
pub const SESSION_COOKIE: &str = "hw_session";

/// How long a login lasts: 12 hours.
pub const SESSION_SECONDS: i64 = 12 * 60 * 60;

/// The caller of a request, as resolved by [`enforce`]: `None` for an anonymous visitor.
#[derive(Debug, Clone, Default)]
pub struct Caller(pub Option<User>);

impl Caller {
    /// Whether the caller is logged in and their role holds `permission`.
    pub fn may(&self, permission: Permission) -> bool {
        self.0.as_ref().is_some_and(|u| u.role.may(permission))
    }
}

/// The current time as the store wants it: the use cases' one clock
/// ([`homeward_app::SystemClock`]), so the web and the CLI read time the same way.
pub fn now() -> Timestamp {
    homeward_app::now()
}

/// A fresh random token (32 bytes, hex): shown to its owner once, stored only as its hash.
pub fn new_token() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

/// The SHA-256 (hex) of a token, which is what the store keeps.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The value of the cookie `name`, if the request sent it.
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(';'))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then_some(v)
        })
}

/// The `Set-Cookie` value that starts a session (`Secure` when `config` says so).
pub fn session_cookie(token: &str, config: &WebConfig) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; Max-Age={SESSION_SECONDS}; HttpOnly; SameSite=Strict{}",
        config.cookie_suffix()
    )
}

/// The `Set-Cookie` value that ends a session.
pub fn expired_session_cookie(config: &WebConfig) -> String {
    format!(
        "{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict{}",
        config.cookie_suffix()
    )
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim)
}

/// How the request proves who sends it: a bearer token wins over the session cookie, as in
/// [`resolve_caller`]. The handlers see it as a request extension.
pub fn credential_of(headers: &HeaderMap) -> Credential {
    if bearer(headers).is_some() {
        Credential::ApiToken
    } else {
        Credential::Session
    }
}

/// Resolves the caller: a bearer token if the request carries one, else the session cookie.
/// A token or session that is unknown, expired or revoked, or whose user is deactivated, makes
/// the caller anonymous.
pub async fn resolve_caller(store: &dyn Store, headers: &HeaderMap) -> Result<Caller, ApiError> {
    if let Some(token) = bearer(headers) {
        let user = store.api_token_user(&token_hash(token), now()).await?;
        return Ok(Caller(user));
    }
    if let Some(token) = cookie_value(headers, SESSION_COOKIE).filter(|t| !t.is_empty()) {
        let user = store.session_user(&token_hash(token), now()).await?;
        return Ok(Caller(user));
    }
    Ok(Caller(None))
}

/// Whether a path belongs to the JSON API (answered in JSON) rather than the UI.
pub fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// The logged-in user, or 401 (for routes open to any logged-in user).
pub fn logged_in(caller: &Caller) -> ApiResult<&User> {
    caller
        .0
        .as_ref()
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "authentication required"))
}

impl Caller {
    /// The audit context of a write by this caller, now.
    pub fn write_context(&self) -> WriteContext {
        WriteContext {
            actor: self.0.as_ref().map(|u| u.id),
            at: now(),
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn cookies_are_found_by_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("a=1; hw_session=abc; hw_lang=ko"),
        );
        assert_eq!(cookie_value(&headers, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie_value(&headers, "hw_lang"), Some("ko"));
        assert_eq!(cookie_value(&headers, "b"), None);
    }

    #[test]
    fn session_cookies_are_secure_only_when_configured() {
        let plain = WebConfig::default();
        let tls = WebConfig {
            secure_cookies: true,
            ..WebConfig::default()
        };
        assert!(!session_cookie("t", &plain).contains("Secure"));
        assert!(session_cookie("t", &tls).ends_with("; Secure"));
        assert!(
            expired_session_cookie(&tls).contains("Max-Age=0; HttpOnly; SameSite=Strict; Secure")
        );
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
    }
}
