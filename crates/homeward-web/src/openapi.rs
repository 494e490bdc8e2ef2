//! The OpenAPI 3.1 document of `/api/v1`, served at `/api/v1/openapi.json`. Its operations come
//! from the route table (`routes.rs`, which lists each documented handler once), and each
//! operation's security and required permission are filled in from the same table, so the
//! document cannot disagree with what the server serves and enforces.

use axum::http::Method;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{Content, Ref, Response};
use utoipa::{Modify, OpenApi};

use crate::access::{Access, RouteSpec};
use crate::auth::SESSION_COOKIE;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Homeward API",
        description = "The registry of the war dead: recovery sites, remains cases, personal \
                       effects, the rolls of the missing, the historical handovers, repatriation \
                       batches and the memorial roll of the buried."
    ),
    modifiers(&SecuritySchemes)
)]
struct ApiDoc;

/// Adds the security schemes: a bearer token, or the session cookie.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(SESSION_COOKIE))),
        );
    }
}

/// The OpenAPI document: `paths` (the operations the route table documents, with the schemas
/// they name) under the document's title and security schemes, each operation annotated with
/// its access as `routes` declare it, so the document cannot disagree with what the server
/// enforces.
pub fn document(paths: utoipa::openapi::OpenApi, routes: &[RouteSpec]) -> utoipa::openapi::OpenApi {
    let mut openapi = ApiDoc::openapi().merge_from(paths);
    for route in routes {
        let Some(item) = openapi.paths.paths.get_mut(route.path) else {
            continue;
        };
        let operation = match route.method {
            Method::GET => item.get.as_mut(),
            Method::POST => item.post.as_mut(),
            Method::PUT => item.put.as_mut(),
            Method::DELETE => item.delete.as_mut(),
            Method::PATCH => item.patch.as_mut(),
            Method::HEAD => item.head.as_mut(),
            Method::OPTIONS => item.options.as_mut(),
            Method::TRACE => item.trace.as_mut(),
            _ => None,
        };
        if let Some(operation) = operation {
            annotate(operation, route.access);
        }
    }
    openapi
}

fn annotate(operation: &mut Operation, access: Access) {
    let note = format!("Access: {}.", access.describe());
    operation.description = Some(match operation.description.take() {
        Some(d) if !d.is_empty() => format!("{d}\n\n{note}"),
        _ => note,
    });
    if access == Access::Session {
        operation.security = Some(vec![SecurityRequirement::new(
            "session",
            Vec::<String>::new(),
        )]);
    } else if access != Access::Public {
        operation.security = Some(vec![
            SecurityRequirement::new("bearer", Vec::<String>::new()),
            SecurityRequirement::new("session", Vec::<String>::new()),
        ]);
    }
    for (status, why) in refusals(access) {
        operation
            .responses
            .responses
            .insert(status.to_owned(), refusal(&why).into());
    }
}

/// The refusals the access check answers for a route with `access` (status, why): 401 for no
/// valid credentials on every protected route; 403 for a role without the route's permission,
/// or for an API token on a session-only route. A public route is never refused.
pub fn refusals(access: Access) -> Vec<(&'static str, String)> {
    let anonymous = (
        "401",
        "Not logged in: no valid session cookie or API token.".to_owned(),
    );
    match access {
        Access::Public => Vec::new(),
        Access::Authenticated => vec![anonymous],
        Access::Session => vec![
            anonymous,
            (
                "403",
                "Refused: this operation takes a login session, not an API token.".to_owned(),
            ),
        ],
        Access::Permission(p) => vec![
            anonymous,
            (
                "403",
                format!(
                    "Refused: the caller's role lacks the permission `{}`.",
                    p.code()
                ),
            ),
        ],
    }
}

/// A refusal response with the error body.
fn refusal(why: &str) -> Response {
    let mut response = Response::new(why);
    response.content.insert(
        "application/json".to_owned(),
        Content::new(Some(Ref::from_schema_name("ErrorBody"))),
    );
    response
}
