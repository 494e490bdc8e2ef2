//! The route table: every route, its method, and the access it requires, declared once.
//!
//! [`route_table`] is public so tests (and the OpenAPI document) can walk every route; the
//! router applies [`crate::auth::enforce`] to each route with the access written here, so a
//! handler never checks permissions itself.

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::Method;
use axum::middleware::from_fn_with_state;
use axum::routing::{MethodFilter, MethodRouter, on};
use axum::{Router, middleware};
use homeward_domain::Permission;

use crate::{AppState, api, auth, csrf, guard, i18n, pages};

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not.
    Public,
    /// Any logged-in user, whatever their role.
    Authenticated,
    /// A logged-in user with a session, not an API token (e.g. to create API tokens: a token
    /// must not mint its successors).
    Session,
    /// A logged-in user whose role holds this permission.
    Permission(Permission),
}

/// Every permission, for listing what a role holds.
pub const ALL_PERMISSIONS: [Permission; 13] = [
    Permission::ReadRegistry,
    Permission::WriteSites,
    Permission::WriteRemains,
    Permission::Examine,
    Permission::DecideNationality,
    Permission::ChangeStatus,
    Permission::WriteMissing,
    Permission::ReadAudit,
    Permission::ManageUsers,
    Permission::Import,
    Permission::Repatriate,
    Permission::Identify,
    Permission::RecordCustody,
];

/// One route as declared: method, path (axum syntax, e.g. `/api/v1/remains/{accession}`), access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteSpec {
    /// HTTP method.
    pub method: Method,
    /// Path pattern.
    pub path: &'static str,
    /// Who may call it.
    pub access: Access,
}

impl RouteSpec {
    /// Whether the route changes the registry (anything but GET).
    pub fn is_write(&self) -> bool {
        self.method != Method::GET
    }

    /// Whether the route is part of the JSON API.
    pub fn is_api(&self) -> bool {
        auth::is_api(self.path)
    }
}

struct Route {
    spec: RouteSpec,
    handler: MethodRouter<AppState>,
}

fn route<H, T>(method: Method, path: &'static str, access: Access, handler: H) -> Route
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let filter = if method == Method::POST {
        MethodFilter::POST
    } else {
        MethodFilter::GET
    };
    Route {
        spec: RouteSpec {
            method,
            path,
            access,
        },
        handler: on(filter, handler),
    }
}

fn table() -> Vec<Route> {
    use Access::{Authenticated, Public};
    use Method as M;
    use Permission as P;
    let need = Access::Permission;
    vec![
        // --- the UI ---
        route(M::GET, "/", Public, pages::dashboard::show),
        route(M::GET, "/missing", Public, pages::missing::search),
        route(M::GET, "/memorial", Public, pages::memorial::roll),
        route(M::GET, "/login", Public, pages::login::form),
        route(M::POST, "/login", Public, pages::login::submit),
        route(M::POST, "/logout", Authenticated, pages::login::logout),
        route(M::GET, "/static/style.css", Public, pages::stylesheet),
        route(M::GET, "/sites", need(P::ReadRegistry), pages::sites::list),
        route(
            M::GET,
            "/sites/{code}",
            need(P::ReadRegistry),
            pages::sites::detail,
        ),
        route(
            M::GET,
            "/remains",
            need(P::ReadRegistry),
            pages::remains::list,
        ),
        route(
            M::GET,
            "/remains/{accession}",
            need(P::ReadRegistry),
            pages::remains::detail,
        ),
        route(
            M::POST,
            "/remains/{accession}/status",
            need(P::ChangeStatus),
            pages::remains::change_status,
        ),
        route(
            M::POST,
            "/remains/{accession}/examination",
            need(P::Examine),
            pages::assessment::examine,
        ),
        route(
            M::POST,
            "/remains/{accession}/nationality",
            need(P::DecideNationality),
            pages::assessment::decide_nationality,
        ),
        route(
            M::POST,
            "/remains/{accession}/identification",
            need(P::Identify),
            pages::assessment::identify,
        ),
        route(
            M::POST,
            "/remains/{accession}/custody",
            need(P::RecordCustody),
            pages::custody::record,
        ),
        route(M::GET, "/audit", need(P::ReadAudit), pages::audit::list),
        route(M::GET, "/tokens", Authenticated, pages::tokens::list),
        route(M::POST, "/tokens", Access::Session, pages::tokens::create),
        route(
            M::POST,
            "/tokens/{id}/revoke",
            Authenticated,
            pages::tokens::revoke,
        ),
        route(
            M::GET,
            "/batches",
            need(P::ReadRegistry),
            pages::batches::list,
        ),
        route(
            M::GET,
            "/batches/{code}",
            need(P::ReadRegistry),
            pages::batches::detail,
        ),
        route(
            M::GET,
            "/batches/{code}/protocol",
            need(P::ReadRegistry),
            pages::protocol::show,
        ),
        route(
            M::POST,
            "/batches/{code}/remains",
            need(P::Repatriate),
            pages::batch_steps::add_remains,
        ),
        route(
            M::POST,
            "/batches/{code}/verification",
            need(P::Repatriate),
            pages::batch_steps::record_verification,
        ),
        route(
            M::POST,
            "/batches/{code}/advance",
            need(P::Repatriate),
            pages::batch_steps::advance,
        ),
        route(
            M::GET,
            "/cemeteries",
            need(P::ReadRegistry),
            pages::memorial::cemeteries,
        ),
        // --- the JSON API ---
        route(
            M::GET,
            "/api/v1/openapi.json",
            Public,
            api::openapi::serve_document,
        ),
        route(
            M::GET,
            "/api/v1/handovers",
            Public,
            api::registry::handovers,
        ),
        route(M::GET, "/api/v1/stats", Public, api::registry::stats),
        route(
            M::GET,
            "/api/v1/missing",
            Public,
            api::people::search_missing,
        ),
        route(M::GET, "/api/v1/memorial", Public, api::memorial::roll),
        route(
            M::POST,
            "/api/v1/missing",
            need(P::WriteMissing),
            api::people::create_missing,
        ),
        route(M::GET, "/api/v1/me", Authenticated, api::people::me),
        route(
            M::GET,
            "/api/v1/me/tokens",
            Authenticated,
            api::tokens::mine,
        ),
        route(
            M::POST,
            "/api/v1/me/tokens",
            Access::Session,
            api::people::create_token,
        ),
        route(
            M::GET,
            "/api/v1/tokens",
            need(P::ManageUsers),
            api::tokens::all,
        ),
        route(
            M::POST,
            "/api/v1/tokens/{id}/revoke",
            Authenticated,
            api::tokens::revoke,
        ),
        route(
            M::GET,
            "/api/v1/audit",
            need(P::ReadAudit),
            api::people::audit,
        ),
        route(
            M::GET,
            "/api/v1/sites",
            need(P::ReadRegistry),
            api::registry::list_sites,
        ),
        route(
            M::POST,
            "/api/v1/sites",
            need(P::WriteSites),
            api::registry::create_site,
        ),
        route(
            M::GET,
            "/api/v1/sites/{code}",
            need(P::ReadRegistry),
            api::registry::get_site,
        ),
        route(
            M::GET,
            "/api/v1/remains",
            need(P::ReadRegistry),
            api::remains::list,
        ),
        route(
            M::POST,
            "/api/v1/remains",
            need(P::WriteRemains),
            api::remains::create,
        ),
        route(
            M::GET,
            "/api/v1/remains/{accession}",
            need(P::ReadRegistry),
            api::remains::get,
        ),
        route(
            M::POST,
            "/api/v1/remains/{accession}/status",
            need(P::ChangeStatus),
            api::remains::change_status,
        ),
        route(
            M::POST,
            "/api/v1/remains/{accession}/custody",
            need(P::RecordCustody),
            api::custody::record,
        ),
        route(
            M::POST,
            "/api/v1/remains/{accession}/examination",
            need(P::Examine),
            api::assessment::record_examination,
        ),
        route(
            M::POST,
            "/api/v1/remains/{accession}/nationality",
            need(P::DecideNationality),
            api::assessment::record_nationality,
        ),
        route(
            M::POST,
            "/api/v1/remains/{accession}/identification",
            need(P::Identify),
            api::identification::record,
        ),
        route(
            M::POST,
            "/api/v1/effects",
            need(P::WriteRemains),
            api::remains::create_effect,
        ),
        route(
            M::GET,
            "/api/v1/batches",
            need(P::ReadRegistry),
            api::batches::list,
        ),
        route(
            M::GET,
            "/api/v1/batches/{code}",
            need(P::ReadRegistry),
            api::batches::get,
        ),
    ]
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
            auth::enforce,
        ));
        router = router.route(spec.path, guarded);
    }
    let body_limit = state.config.max_body_bytes;
    router
        .fallback(pages::not_found)
        .layer(from_fn_with_state(state.clone(), guard::public_search))
        .layer(from_fn_with_state(state.clone(), guard::body_limit))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn(csrf::same_origin))
        .layer(from_fn_with_state(
            state.config.clone(),
            i18n::remember_language,
        ))
        .layer(middleware::from_fn(pages::security_headers))
        .with_state(state)
}
