//! The server-rendered UI: one module per page, askama templates in `templates/`, the page
//! chrome (navigation, language switcher, who is logged in) shared by all of them.

pub mod assessment;
pub mod audit;
pub mod batch_steps;
pub mod batches;
pub mod custody;
pub mod dashboard;
pub mod flash;
pub mod login;
pub mod memorial;
pub mod missing;
pub mod protocol;
pub mod remains;
pub mod sites;
pub mod tokens;

use askama::Template;
use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use homeward_domain::Permission;

use crate::AppState;
use crate::auth::{Caller, is_api, resolve_caller};
use crate::error::ApiError;
use crate::i18n::{Lang, Tr};

/// A link of the language switcher.
#[derive(Debug, Clone)]
pub struct LangLink {
    /// `?lang=` code.
    pub code: &'static str,
    /// The language's own name.
    pub name: &'static str,
    /// BCP 47 tag, for the link's `lang` attribute.
    pub tag: &'static str,
    /// Whether this is the page's language.
    pub current: bool,
    /// This page in that language (the query kept, `lang` replaced).
    pub href: String,
}

/// What every page shows around its content.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// The page's translator.
    pub t: Tr,
    /// `<html lang>`.
    pub html_lang: &'static str,
    /// The logged-in user's display name.
    pub user: Option<String>,
    /// The logged-in user's role code.
    pub role: Option<String>,
    /// Whether the registry pages (remains, sites) are open to this visitor.
    pub can_read: bool,
    /// Whether the audit log is open to this visitor.
    pub can_audit: bool,
    /// The path of this page, to mark the current navigation entry.
    pub path: String,
    /// The language switcher.
    pub langs: Vec<LangLink>,
}

impl Chrome {
    /// The chrome for `caller` on the page at `uri`, in `lang`.
    pub fn for_uri(lang: Lang, caller: &Caller, uri: &Uri) -> Self {
        Self::new(
            lang,
            caller,
            uri.path_and_query().map_or("/", |p| p.as_str()),
        )
    }

    /// The chrome for `caller` on the page at `path_and_query`, in `lang`.
    pub fn new(lang: Lang, caller: &Caller, path_and_query: &str) -> Self {
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        let kept: Vec<&str> = query
            .split('&')
            .filter(|kv| !kv.is_empty() && !kv.starts_with("lang="))
            .collect();
        let href = |code: &str| {
            let mut params = kept.clone();
            let lang_param = format!("lang={code}");
            params.push(&lang_param);
            format!("{path}?{}", params.join("&"))
        };
        Chrome {
            t: Tr::new(lang),
            html_lang: lang.html_tag(),
            user: caller.0.as_ref().map(|u| u.display_name.clone()),
            role: caller.0.as_ref().map(|u| u.role.code().to_owned()),
            can_read: caller.may(Permission::ReadRegistry),
            can_audit: caller.may(Permission::ReadAudit),
            path: path.to_owned(),
            langs: Lang::ALL
                .into_iter()
                .map(|l| LangLink {
                    code: l.code(),
                    name: l.endonym(),
                    tag: l.html_tag(),
                    current: l == lang,
                    href: href(l.code()),
                })
                .collect(),
        }
    }

    /// `aria-current="page"` for the navigation entry of `prefix`.
    pub fn current(&self, prefix: &str) -> &'static str {
        let here = if prefix == "/" {
            self.path == "/"
        } else {
            self.path.starts_with(prefix)
        };
        if here { "page" } else { "false" }
    }
}

/// An option of a `<select>`.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The submitted value.
    pub value: String,
    /// What the visitor reads.
    pub label: String,
    /// Whether it is chosen.
    pub selected: bool,
}

/// A page number from `?page=` (1 for none or nonsense) and the rows it skips at `size` a page.
pub fn page_offset(page: Option<u32>, size: u32) -> (u32, u32) {
    let page = page.unwrap_or(1).max(1);
    (page, (page - 1).saturating_mul(size))
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    status: u16,
    message: String,
}

/// Renders a template, or a plain 500 if it cannot be rendered.
pub fn render(template: &impl Template, status: StatusCode) -> Response {
    match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "template failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the page could not be rendered",
            )
                .into_response()
        }
    }
}

/// An HTML error page with the chrome.
pub fn error_page(chrome: Chrome, status: StatusCode, message: String) -> Response {
    render(
        &ErrorPage {
            chrome,
            status: status.as_u16(),
            message,
        },
        status,
    )
}

/// An [`ApiError`] shown as an HTML page.
pub fn page_error(chrome: Chrome, err: ApiError) -> Response {
    error_page(chrome, err.status, err.message)
}

/// The fallback: 404 as JSON under `/api/`, as a page elsewhere.
pub async fn not_found(State(state): State<AppState>, uri: Uri, headers: HeaderMap) -> Response {
    let message = format!("nothing at \"{}\"", uri.path());
    if is_api(uri.path()) {
        return ApiError::new(StatusCode::NOT_FOUND, message).into_response();
    }
    let caller = resolve_caller(&state, &headers).await.unwrap_or_default();
    let chrome = Chrome::for_uri(Lang::of(&uri, &headers), &caller, &uri);
    error_page(chrome, StatusCode::NOT_FOUND, message)
}

/// `GET /static/style.css`: our own stylesheet, compiled in.
pub async fn stylesheet() -> Response {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/style.css"),
    )
        .into_response()
}

/// Middleware: conservative security headers on every answer (no third-party anything), and
/// `Cache-Control: no-store` on every answer that does not set its own caching (pages and API
/// answers may carry a logged-in user's data; only the stylesheet is cacheable).
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    headers.insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
    );
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    headers.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    response
}

/// Percent-encodes a query value (RFC 3986 unreserved characters pass through).
pub fn url_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A count with thousands separators: `1,011` (the separator is the same in ko, zh and en).
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1_011), "1,011");
        assert_eq!(group(20_000_000), "20,000,000");
    }

    #[test]
    fn the_language_switcher_keeps_the_query() {
        let chrome = Chrome::new(
            Lang::Ko,
            &Caller::default(),
            "/missing?q=wang&lang=ko&page=2",
        );
        let hrefs: Vec<&str> = chrome.langs.iter().map(|l| l.href.as_str()).collect();
        assert_eq!(
            hrefs,
            [
                "/missing?q=wang&page=2&lang=ko",
                "/missing?q=wang&page=2&lang=zh",
                "/missing?q=wang&page=2&lang=en"
            ]
        );
        assert_eq!(chrome.path, "/missing");
        assert_eq!(chrome.current("/missing"), "page");
        assert_eq!(chrome.current("/"), "false");
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(url_encode("/remains?q=a b"), "/remains%3Fq%3Da%20b");
        assert_eq!(url_encode("王"), "%E7%8E%8B");
    }
}
