//! The page chrome (navigation, language switcher, who is logged in) every page shows, its
//! extractor, and what every page renders with: templates, the error page, [`PageError`], and
//! the small formatting helpers (counts, paging, URL encoding).

use std::convert::Infallible;

use askama::Template;
use axum::extract::{FromRequestParts, Query};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use homeward_domain::{DomainError, Permission};
use homeward_store::StoreError;
use serde::de::DeserializeOwned;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::i18n::{Lang, Tr};

pub use crate::i18n::group;

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
    /// Whether the DNA pages are open to this visitor (profiles, pedigrees and candidates are
    /// family-private: the entry is not even shown to anyone else).
    pub can_dna: bool,
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
            can_dna: caller.may(Permission::ReadDna),
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

/// The chrome of the page asked for: its language, the caller (anonymous until the route's
/// access check has resolved them) and its path and query.
impl<S: Send + Sync> FromRequestParts<S> for Chrome {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let caller = parts
            .extensions
            .get::<Caller>()
            .cloned()
            .unwrap_or_default();
        let lang = Lang::of(&parts.uri, &parts.headers);
        Ok(Chrome::for_uri(lang, &caller, &parts.uri))
    }
}

/// A page's query string. One that does not parse is the default: a page never refuses its own
/// links' parameters, it shows its first page or an empty search instead.
#[derive(Debug)]
pub struct PageQuery<T>(pub T);

impl<T: DeserializeOwned + Default, S: Send + Sync> FromRequestParts<S> for PageQuery<T> {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let query = Query::<T>::from_request_parts(parts, state).await;
        Ok(PageQuery(query.map(|q| q.0).unwrap_or_default()))
    }
}

/// A page handler's failure. The router renders it as the error page with the chrome of the
/// request (`routes::check_access`), so page handlers use `?` and never build an error page
/// themselves.
#[derive(Debug, Clone)]
pub struct PageError(pub ApiError);

impl From<ApiError> for PageError {
    fn from(err: ApiError) -> Self {
        PageError(err)
    }
}

impl From<DomainError> for PageError {
    fn from(err: DomainError) -> Self {
        PageError(err.into())
    }
}

impl From<StoreError> for PageError {
    fn from(err: StoreError) -> Self {
        PageError(err.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let mut response = self.0.status.into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// What a page handler answers: the page, or a [`PageError`].
pub type PageResult<T = Response> = Result<T, PageError>;

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

/// `GET /static/style.css`: our own stylesheet, compiled in.
pub async fn stylesheet() -> Response {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/style.css"),
    )
        .into_response()
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
