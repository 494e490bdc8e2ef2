//! The OpenAPI 3.1 document of `/api/v1`, served at `/api/v1/openapi.json`. Each operation's
//! security and required permission are filled in from the route table, so the document cannot
//! disagree with what the server enforces.

use std::sync::LazyLock;

use axum::Json;
use axum::http::Method;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::{Modify, OpenApi};

use crate::auth::{SESSION_COOKIE, permission_code};
use crate::routes::{Access, route_table};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Homeward API",
        description = "The registry of the war dead: recovery sites, remains cases, personal \
                       effects, the rolls of the missing, the historical handovers, repatriation \
                       batches and the memorial roll of the buried."
    ),
    paths(
        super::registry::handovers,
        super::registry::stats,
        super::registry::list_sites,
        super::registry::get_site,
        super::registry::create_site,
        super::remains::list,
        super::remains::get,
        super::remains::create,
        super::remains::change_status,
        super::custody::record,
        super::assessment::record_examination,
        super::assessment::record_nationality,
        super::identification::record,
        super::remains::create_effect,
        super::people::search_missing,
        super::people::create_missing,
        super::people::audit,
        super::people::me,
        super::people::create_token,
        super::tokens::mine,
        super::tokens::all,
        super::tokens::revoke,
        super::batches::list,
        super::batches::get,
        super::memorial::roll,
    ),
    modifiers(&AccessFromRouteTable)
)]
struct ApiDoc;

/// Adds the security schemes, and to every operation its access as the route table declares it.
struct AccessFromRouteTable;

impl Modify for AccessFromRouteTable {
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
        for route in route_table() {
            let Some(item) = openapi.paths.paths.get_mut(route.path) else {
                continue;
            };
            let operation = match route.method {
                Method::GET => item.get.as_mut(),
                Method::POST => item.post.as_mut(),
                _ => None,
            };
            if let Some(operation) = operation {
                annotate(operation, route.access);
            }
        }
    }
}

fn annotate(operation: &mut Operation, access: Access) {
    let note = match access {
        Access::Public => "Access: public.".to_owned(),
        Access::Authenticated => "Access: any logged-in user.".to_owned(),
        Access::Session => {
            "Access: any logged-in user with a session (not an API token).".to_owned()
        }
        Access::Permission(p) => format!("Access: permission `{}`.", permission_code(p)),
    };
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
}

static DOCUMENT: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(ApiDoc::openapi);

/// The OpenAPI document.
pub fn document() -> utoipa::openapi::OpenApi {
    DOCUMENT.clone()
}

/// `GET /api/v1/openapi.json`.
pub async fn serve_document() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}
