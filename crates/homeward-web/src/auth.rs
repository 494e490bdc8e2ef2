//! Who is calling, and whether they may: session cookies for the UI, bearer tokens for scripts,
//! and the one middleware that enforces each route's declared [`Access`].

use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, COOKIE, LOCATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use homeward_domain::{Credential, Permission, Timestamp, User};
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::i18n::Lang;
use crate::pages::{Chrome, error_page};
use crate::routes::Access;
use crate::{AppState, WebConfig};

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

/// The current time as the store wants it.
pub fn now() -> Timestamp {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Timestamp(i64::try_from(secs).unwrap_or(i64::MAX))
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

/// The stable name of a permission, for messages.
pub fn permission_code(permission: Permission) -> &'static str {
    match permission {
        Permission::ReadRegistry => "read_registry",
        Permission::WriteSites => "write_sites",
        Permission::WriteRemains => "write_remains",
        Permission::Examine => "examine",
        Permission::DecideNationality => "decide_nationality",
        Permission::ChangeStatus => "change_status",
        Permission::WriteMissing => "write_missing",
        Permission::ReadAudit => "read_audit",
        Permission::ManageUsers => "manage_users",
        Permission::Import => "import",
        Permission::Repatriate => "repatriate",
        Permission::Identify => "identify",
        Permission::RecordCustody => "record_custody",
    }
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
pub async fn resolve_caller(state: &AppState, headers: &HeaderMap) -> Result<Caller, ApiError> {
    if let Some(token) = bearer(headers) {
        let user = state
            .store
            .api_token_user(&token_hash(token), now())
            .await?;
        return Ok(Caller(user));
    }
    if let Some(token) = cookie_value(headers, SESSION_COOKIE).filter(|t| !t.is_empty()) {
        let user = state.store.session_user(&token_hash(token), now()).await?;
        return Ok(Caller(user));
    }
    Ok(Caller(None))
}

/// Whether a path belongs to the JSON API (answered in JSON) rather than the UI.
pub fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// Middleware on every route: resolves the [`Caller`], refuses anonymous callers of non-public
/// routes (401; the UI redirects to the login form) and callers whose role lacks the route's
/// permission (403), and hands the caller to the handler as an extension.
pub async fn enforce(
    State((state, access)): State<(AppState, Access)>,
    mut request: Request,
    next: Next,
) -> Response {
    let api = is_api(request.uri().path());
    let credential = credential_of(request.headers());
    let caller = match resolve_caller(&state, request.headers()).await {
        Ok(caller) => caller,
        Err(err) => return err.into_response(),
    };
    let refusal = match (access, &caller.0) {
        (Access::Public, _) => None,
        (_, None) => Some(StatusCode::UNAUTHORIZED),
        (Access::Authenticated, Some(_)) => None,
        (Access::Session, Some(_)) => {
            (credential == Credential::ApiToken).then_some(StatusCode::FORBIDDEN)
        }
        (Access::Permission(p), Some(user)) => (!user.role.may(p)).then_some(StatusCode::FORBIDDEN),
    };
    match refusal {
        None => {
            request.extensions_mut().insert(caller);
            request.extensions_mut().insert(credential);
            next.run(request).await
        }
        Some(status) if api => refused_api(status, access, &caller),
        Some(StatusCode::UNAUTHORIZED) => {
            let next_path = request
                .uri()
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .to_owned();
            let location = format!("/login?next={}", crate::pages::url_encode(&next_path));
            let mut response = StatusCode::SEE_OTHER.into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(LOCATION, value);
            }
            response
        }
        Some(status) => {
            let lang = Lang::of(request.uri(), request.headers());
            let chrome = Chrome::for_uri(lang, &caller, request.uri());
            let message = refusal_message(status, access, &caller);
            error_page(chrome, status, message)
        }
    }
}

fn refusal_message(status: StatusCode, access: Access, caller: &Caller) -> String {
    match (status, access, &caller.0) {
        (StatusCode::UNAUTHORIZED, _, _) => {
            "authentication required: log in, or send \"Authorization: Bearer <token>\"".to_owned()
        }
        (_, Access::Session, Some(user)) => format!(
            "user \"{}\" sent an API token, which cannot create API tokens: only a logged-in \
             session may (log in to the web app)",
            user.username
        ),
        (_, Access::Permission(p), Some(user)) => format!(
            "the role \"{}\" of user \"{}\" does not have the permission \"{}\"",
            user.role,
            user.username,
            permission_code(p)
        ),
        _ => "forbidden".to_owned(),
    }
}

fn refused_api(status: StatusCode, access: Access, caller: &Caller) -> Response {
    let mut response =
        ApiError::new(status, refusal_message(status, access, caller)).into_response();
    if status == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

#[cfg(test)]
mod tests {
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
