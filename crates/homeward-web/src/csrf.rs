//! Cross-site request forgery: every state-changing request (anything but GET, HEAD and
//! OPTIONS) made with the browser's session must come from this site. Browsers send `Origin`
//! with every form post and `fetch`; its host and port must be the request's `Host`. A request
//! without `Origin` is accepted only when its `Referer` is on this site; with neither it is
//! refused. Requests that carry `Authorization: Bearer` are scripts, not browsers — a browser
//! never adds that header by itself — and are not checked.
//!
//! Behind a reverse proxy, pass the original `Host` on (nginx: `proxy_set_header Host $host`).

use axum::extract::Request;
use axum::http::header::{AUTHORIZATION, HOST, ORIGIN, REFERER};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::{Caller, is_api};
use crate::chrome::{Chrome, error_page};
use crate::error::ApiError;
use crate::i18n::{Lang, Tr};

/// Why a state-changing request was refused as cross-site.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CrossSite {
    /// The request has no `Host` header to compare with.
    #[error("the request has no Host header")]
    NoHost,
    /// Neither `Origin` nor `Referer` says where the request comes from.
    #[error("the request has neither an Origin nor a Referer header")]
    NoOrigin,
    /// `Origin` (or `Referer`) names another site.
    #[error("the request comes from \"{origin}\", not from this site (\"{host}\")")]
    Foreign {
        /// The origin sent.
        origin: String,
        /// This site's host.
        host: String,
    },
}

/// The `host[:port]` of an origin or URL (`https://a.example:8443/x` → `a.example:8443`).
fn authority(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&rest[..end])
}

/// Whether the request's `Origin` (else `Referer`) is this site's `Host`.
pub fn check(headers: &HeaderMap) -> Result<(), CrossSite> {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .ok_or(CrossSite::NoHost)?;
    let origin = headers
        .get(ORIGIN)
        .or_else(|| headers.get(REFERER))
        .and_then(|h| h.to_str().ok())
        .ok_or(CrossSite::NoOrigin)?;
    match authority(origin) {
        Some(a) if !a.is_empty() && a.eq_ignore_ascii_case(host) => Ok(()),
        _ => Err(CrossSite::Foreign {
            origin: origin.chars().take(200).collect(),
            host: host.chars().take(200).collect(),
        }),
    }
}

/// Middleware: refuses cross-site state-changing requests with 403 before any handler runs.
pub async fn same_origin(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let bearer = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|h| h.starts_with("Bearer "));
    if safe || bearer {
        return next.run(request).await;
    }
    let Err(refusal) = check(request.headers()) else {
        return next.run(request).await;
    };
    let message = format!("refused as a cross-site request: {refusal}");
    if is_api(request.uri().path()) {
        return ApiError::new(StatusCode::FORBIDDEN, message).into_response();
    }
    let lang = Lang::of(request.uri(), request.headers());
    let chrome = Chrome::for_uri(lang, &Caller::default(), request.uri());
    let text = format!("{} ({message})", Tr::new(lang).get("csrf-refused"));
    error_page(chrome, StatusCode::FORBIDDEN, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn only_this_sites_origin_passes() {
        let ok = [
            headers(&[("host", "reg.example"), ("origin", "https://reg.example")]),
            headers(&[
                ("host", "127.0.0.1:8080"),
                ("origin", "http://127.0.0.1:8080"),
            ]),
            headers(&[
                ("host", "reg.example"),
                ("referer", "https://reg.example/remains/X?a=1"),
            ]),
        ];
        for h in ok {
            assert_eq!(check(&h), Ok(()), "{h:?}");
        }
        let refused = [
            headers(&[("host", "reg.example")]),
            headers(&[("origin", "https://reg.example")]),
            headers(&[("host", "reg.example"), ("origin", "null")]),
            headers(&[("host", "reg.example"), ("origin", "https://evil.example")]),
            headers(&[
                ("host", "reg.example"),
                ("origin", "https://reg.example.evil.example"),
            ]),
            headers(&[
                ("host", "127.0.0.1:8080"),
                ("origin", "http://127.0.0.1:9090"),
            ]),
            headers(&[
                ("host", "reg.example"),
                ("referer", "https://evil.example/reg.example"),
            ]),
            headers(&[
                ("host", "reg.example"),
                ("origin", "https://evil.example"),
                ("referer", "https://reg.example/"),
            ]),
        ];
        for h in refused {
            assert!(check(&h).is_err(), "{h:?}");
        }
    }
}
