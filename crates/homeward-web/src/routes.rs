//! The route table: every route, its method, the access it requires and its handler, declared
//! once.
//!
//! [`route_table`] is public so tests (and the OpenAPI document) can walk every route. The router
//! wraps each route in [`check_access`], which resolves the caller and applies
//! [`access::enforce`] with the access written here, so a handler never checks permissions
//! itself; it renders a refusal as JSON under `/api/` and as a redirect or an error page
//! elsewhere, and a page handler's failure ([`PageError`]) as the error page.

use std::sync::LazyLock;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::handler::Handler;
use axum::http::header::{CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, LOCATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter, on};
use axum::{Json, Router};
use homeward_domain::Permission;
use utoipa::OpenApi;

use crate::access::{self, Access, Refusal, RouteSpec};
use crate::auth::{Caller, credential_of, is_api, resolve_caller};
use crate::chrome::{self, Chrome, PageError, error_page, url_encode};
use crate::error::ApiError;
use crate::i18n::{self, Lang, Tr};
use crate::state::AppState;
use crate::{
    assessment, audit, batches, csrf, custody, dashboard, dna, gazetteer, guard, identification,
    login, memorial, missing, openapi, remains, sites, tokens,
};

struct Route {
    spec: RouteSpec,
    handler: MethodRouter<AppState>,
}

/// A route answering `method` at `path`, for callers allowed by `access`.
fn route<H, T>(method: Method, path: &'static str, access: Access, handler: H) -> Route
where
    H: Handler<T, AppState>,
    T: 'static,
{
    Route {
        handler: answering(&method, path, handler),
        spec: RouteSpec {
            method,
            path,
            access,
        },
    }
}

/// `handler` answering `method` only (any method axum routes, not just GET and POST).
///
/// # Panics
///
/// If axum cannot route `method` (an extension method): the table is fixed at compile time and
/// every test builds the router, so such a route never ships.
fn answering<H, T, S>(method: &Method, path: &str, handler: H) -> MethodRouter<S>
where
    H: Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    let filter = MethodFilter::try_from(method.clone())
        .unwrap_or_else(|err| panic!("route {method} {path}: {err}"));
    on(filter, handler)
}

/// The route table, declared once: `METHOD "path", access => handler;`. It expands to the
/// router's routes ([`table`]) and to the OpenAPI paths of the `documented` ones ([`ApiPaths`],
/// from each handler's `#[utoipa::path]`), so a route is never written down twice.
macro_rules! route_table {
    (
        undocumented { $($um:ident $upath:literal, $uaccess:expr => $($uh:ident)::+;)* }
        documented { $($dm:ident $dpath:literal, $daccess:expr => $($dh:ident)::+;)* }
    ) => {
        fn table() -> Vec<Route> {
            use Access::{Authenticated, Public, Session};
            use Permission as P;
            vec![
                $(route(Method::$um, $upath, $uaccess, $($uh)::+),)*
                $(route(Method::$dm, $dpath, $daccess, $($dh)::+),)*
            ]
        }

        /// The OpenAPI paths of the documented routes.
        #[derive(OpenApi)]
        #[openapi(paths($($($dh)::+),*))]
        struct ApiPaths;
    };
}

/// A route for the callers whose role holds `permission`.
const fn need(permission: Permission) -> Access {
    Access::Permission(permission)
}

route_table! {
    undocumented {
        GET "/", Public => dashboard::page::show;
        GET "/missing", Public => missing::page::search;
        GET "/memorial", Public => memorial::page::roll;
        GET "/login", Public => login::page::form;
        POST "/login", Public => login::page::submit;
        POST "/logout", Authenticated => login::page::logout;
        GET "/static/style.css", Public => chrome::stylesheet;
        GET "/sites", need(P::ReadRegistry) => sites::page::list;
        GET "/sites/{code}", need(P::ReadRegistry) => sites::page::detail;
        GET "/remains", need(P::ReadRegistry) => remains::page::list;
        GET "/remains/{accession}", need(P::ReadRegistry) => remains::page::detail;
        POST "/remains/{accession}/status", need(P::ChangeStatus) => remains::page::change_status;
        POST "/remains/{accession}/examination", need(P::Examine) => assessment::page::examine;
        POST "/remains/{accession}/nationality", need(P::DecideNationality)
            => assessment::page::decide_nationality;
        POST "/remains/{accession}/identification", need(P::Identify)
            => identification::page::identify;
        POST "/remains/{accession}/custody", need(P::RecordCustody) => custody::page::record;
        GET "/audit", need(P::ReadAudit) => audit::page::list;
        GET "/tokens", Authenticated => tokens::page::list;
        POST "/tokens", Session => tokens::page::create;
        POST "/tokens/{id}/revoke", Authenticated => tokens::page::revoke;
        GET "/batches", need(P::ReadRegistry) => batches::page::list;
        GET "/batches/{code}", need(P::ReadRegistry) => batches::page::detail;
        GET "/batches/{code}/protocol", need(P::ReadRegistry) => batches::protocol::show;
        POST "/batches/{code}/remains", need(P::Repatriate) => batches::steps::add_remains;
        POST "/batches/{code}/verification", need(P::Repatriate)
            => batches::steps::record_verification;
        POST "/batches/{code}/advance", need(P::Repatriate) => batches::steps::advance;
        GET "/cemeteries", need(P::ReadRegistry) => memorial::page::cemeteries;
        GET "/gazetteer", need(P::ReadRegistry) => gazetteer::page::list;
        POST "/gazetteer/{kind}", need(P::NamePlaces) => gazetteer::page::save;
        GET "/dna", need(P::ReadDna) => dna::page::overview;
        GET "/dna/remains/{accession}", need(P::ReadDna) => dna::page::remains;
        GET "/dna/families/{id}", need(P::ReadDna) => dna::family::show;
        GET "/dna/runs/{run}/candidates/{accession}/{family}", need(P::ReadDna)
            => dna::candidate::explain;
        GET "/api/v1/openapi.json", Public => serve_openapi;
    }
    documented {
        GET "/api/v1/handovers", Public => dashboard::api::handovers;
        GET "/api/v1/stats", Public => dashboard::api::stats;
        GET "/api/v1/missing", Public => missing::api::search_missing;
        GET "/api/v1/memorial", Public => memorial::api::roll;
        POST "/api/v1/missing", need(P::WriteMissing) => missing::api::create_missing;
        GET "/api/v1/me", Authenticated => login::api::me;
        GET "/api/v1/me/tokens", Authenticated => tokens::api::mine;
        POST "/api/v1/me/tokens", Session => tokens::api::create_token;
        GET "/api/v1/tokens", need(P::ManageUsers) => tokens::api::all;
        POST "/api/v1/tokens/{id}/revoke", Authenticated => tokens::api::revoke;
        GET "/api/v1/audit", need(P::ReadAudit) => audit::api::audit;
        GET "/api/v1/sites", need(P::ReadRegistry) => sites::api::list_sites;
        POST "/api/v1/sites", need(P::WriteSites) => sites::api::create_site;
        GET "/api/v1/sites/{code}", need(P::ReadRegistry) => sites::api::get_site;
        GET "/api/v1/gazetteer", Public => gazetteer::api::gazetteer;
        POST "/api/v1/gazetteer", need(P::NamePlaces) => gazetteer::api::record;
        GET "/api/v1/remains", need(P::ReadRegistry) => remains::api::list;
        POST "/api/v1/remains", need(P::WriteRemains) => remains::api::create;
        GET "/api/v1/remains/{accession}", need(P::ReadRegistry) => remains::api::get;
        POST "/api/v1/remains/{accession}/status", need(P::ChangeStatus)
            => remains::api::change_status;
        POST "/api/v1/remains/{accession}/custody", need(P::RecordCustody) => custody::api::record;
        POST "/api/v1/remains/{accession}/examination", need(P::Examine)
            => assessment::api::record_examination;
        POST "/api/v1/remains/{accession}/nationality", need(P::DecideNationality)
            => assessment::api::record_nationality;
        POST "/api/v1/remains/{accession}/identification", need(P::Identify)
            => identification::api::record;
        POST "/api/v1/effects", need(P::WriteRemains) => remains::api::create_effect;
        GET "/api/v1/batches", need(P::ReadRegistry) => batches::api::list;
        GET "/api/v1/batches/{code}", need(P::ReadRegistry) => batches::api::get;
        GET "/api/v1/dna/remains/{accession}/candidates", need(P::ReadDna)
            => dna::api::remains_candidates;
        GET "/api/v1/dna/families/{id}", need(P::ReadDna) => dna::api::family;
        GET "/api/v1/dna/runs", need(P::ReadDna) => dna::api::runs;
    }
}

/// Every route with its method, path and access.
pub fn route_table() -> Vec<RouteSpec> {
    table().into_iter().map(|r| r.spec).collect()
}

/// The router: each route wrapped in the access check it declares.
pub(crate) fn build(state: AppState) -> Router {
    let mut router = Router::new();
    for Route { spec, handler } in table() {
        let guarded = handler.route_layer(from_fn_with_state(
            (state.clone(), spec.access),
            check_access,
        ));
        router = router.route(spec.path, guarded);
    }
    let body_limit = state.config.max_body_bytes;
    router
        .fallback(not_found)
        .layer(from_fn_with_state(
            (state.guards.clone(), state.config.clone()),
            guard::public_search,
        ))
        .layer(from_fn_with_state(body_limit, guard::body_limit))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(from_fn(csrf::same_origin))
        .layer(from_fn_with_state(
            state.config.clone(),
            i18n::remember_language,
        ))
        .layer(from_fn(security_headers))
        .with_state(state)
}

/// Middleware on every route: resolves the [`Caller`], lets [`access::enforce`] decide, and
/// hands the caller (and how they proved who they are) to the handler as extensions. A refusal
/// is JSON under `/api/` (401 with `WWW-Authenticate: Bearer`, or 403); in the UI an anonymous
/// visitor is sent to the login form and anyone else gets the error page. A page handler's
/// [`PageError`] becomes the error page, with the chrome of the request.
pub async fn check_access(
    State((state, access)): State<(AppState, Access)>,
    mut request: Request,
    next: Next,
) -> Response {
    let api = is_api(request.uri().path());
    let credential = credential_of(request.headers());
    let caller = match resolve_caller(state.store.as_ref(), request.headers()).await {
        Ok(caller) => caller,
        Err(err) => return err.into_response(),
    };
    if let Err(refusal) = access::enforce(access, &caller, credential) {
        return if api {
            refused_api(&refusal)
        } else {
            refused_page(&request, &caller, &refusal)
        };
    }
    let uri = request.uri().clone();
    let lang = Lang::of(&uri, request.headers());
    request.extensions_mut().insert(caller.clone());
    request.extensions_mut().insert(credential);
    let mut response = next.run(request).await;
    let Some(PageError(err)) = response.extensions_mut().remove::<PageError>() else {
        return response;
    };
    // The page in place of the handler's bare answer, keeping the headers it set (cookies).
    let mut page = error_page(
        Chrome::for_uri(lang, &caller, &uri),
        err.status,
        err.message,
    );
    for (name, value) in response.headers() {
        if name != CONTENT_TYPE && name != CONTENT_LENGTH {
            page.headers_mut().append(name, value.clone());
        }
    }
    page
}

fn refused_api(refusal: &Refusal) -> Response {
    let status = refusal.status();
    let mut response = ApiError::new(status, refusal.to_string()).into_response();
    if status == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

fn refused_page(request: &Request, caller: &Caller, refusal: &Refusal) -> Response {
    if let Refusal::Anonymous = refusal {
        let next_path = request.uri().path_and_query().map_or("/", |p| p.as_str());
        let location = format!("/login?next={}", url_encode(next_path));
        let mut response = StatusCode::SEE_OTHER.into_response();
        if let Ok(value) = HeaderValue::from_str(&location) {
            response.headers_mut().insert(LOCATION, value);
        }
        return response;
    }
    let lang = Lang::of(request.uri(), request.headers());
    let chrome = Chrome::for_uri(lang, caller, request.uri());
    let message = refusal_text(chrome.t, refusal);
    error_page(chrome, refusal.status(), message)
}

/// A refusal as the refused person reads it, in the page's language.
fn refusal_text(t: Tr, refusal: &Refusal) -> String {
    match refusal {
        Refusal::Anonymous => t.get("error-login-required"),
        Refusal::SessionOnly { username } => {
            t.with_text("error-session-only", &[("username", username)])
        }
        Refusal::Lacks {
            role,
            username,
            permission,
        } => t.with_text(
            "error-lacks-permission",
            &[
                ("role", &t.code("role", role)),
                ("username", username),
                ("permission", &t.code("permission", permission.code())),
            ],
        ),
    }
}

/// The fallback: 404 as JSON under `/api/`, as a page elsewhere.
pub async fn not_found(State(state): State<AppState>, uri: Uri, headers: HeaderMap) -> Response {
    let message = format!("nothing at \"{}\"", uri.path());
    if is_api(uri.path()) {
        return ApiError::new(StatusCode::NOT_FOUND, message).into_response();
    }
    let caller = resolve_caller(state.store.as_ref(), &headers)
        .await
        .unwrap_or_default();
    let chrome = Chrome::for_uri(Lang::of(&uri, &headers), &caller, &uri);
    let message = chrome
        .t
        .with_text("error-not-found", &[("path", uri.path())]);
    error_page(chrome, StatusCode::NOT_FOUND, message)
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

static OPENAPI: LazyLock<utoipa::openapi::OpenApi> =
    LazyLock::new(|| openapi::document(ApiPaths::openapi(), &route_table()));

/// `GET /api/v1/openapi.json`: the OpenAPI document.
async fn serve_openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(OPENAPI.clone())
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use tower::ServiceExt;

    use super::*;

    #[test]
    fn every_documented_operation_is_a_route_of_the_table() {
        let routes = route_table();
        let paths = ApiPaths::openapi().paths.paths;
        let mut documented = 0;
        for (path, item) in &paths {
            let operations = [
                (Method::GET, &item.get),
                (Method::POST, &item.post),
                (Method::PUT, &item.put),
                (Method::DELETE, &item.delete),
                (Method::PATCH, &item.patch),
            ];
            for (method, _) in operations.iter().filter(|(_, op)| op.is_some()) {
                documented += 1;
                assert!(
                    routes.iter().any(|r| r.path == path && r.method == method),
                    "{method} {path} is documented but the route table does not serve it"
                );
            }
        }
        let api_routes = routes.iter().filter(|r| r.is_api()).count();
        // Every API route but the document itself.
        assert_eq!(documented, api_routes - 1);
    }

    #[tokio::test]
    async fn a_route_answers_the_method_it_is_given_and_no_other() {
        async fn done() -> &'static str {
            "done"
        }
        for method in [
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::PATCH,
        ] {
            let app: Router = Router::new().route("/x", answering(&method, "/x", done));
            let call = |m: Method| {
                let request = Request::builder().method(m).uri("/x").body(Body::empty());
                app.clone().oneshot(request.unwrap())
            };
            assert_eq!(call(method.clone()).await.unwrap().status(), StatusCode::OK);
            let other = if method == Method::GET {
                Method::DELETE
            } else {
                Method::GET
            };
            assert_eq!(
                call(other).await.unwrap().status(),
                StatusCode::METHOD_NOT_ALLOWED,
                "{method}"
            );
        }
    }
}
