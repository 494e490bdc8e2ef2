//! The public roll of the missing, the caller, their tokens, and the audit log.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Extension, Json};
use homeward_domain::{NewApiToken, ResultPage, SearchRefusal, check_name_query, token_expiry};
use serde::Deserialize;
use utoipa::IntoParams;

use super::input::{NewMissingInput, NewTokenInput};
use super::{ApiJson, ApiQuery};
use crate::AppState;
use crate::auth::{Caller, new_token, token_hash};
use crate::dto::{AuditEntryDto, CreatedDto, PublicMissingPersonDto, TokenDto, UserDto};
use crate::error::{ApiError, ApiResult, ErrorBody};

/// A search of the public roll.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MissingQuery {
    /// A name in any script or romanization, at least two characters; small spelling
    /// differences are tolerated.
    pub q: Option<String>,
    /// At most this many results (default 20, at most 100).
    pub limit: Option<u32>,
    /// Results to skip, for the next page (at most 100).
    pub offset: Option<u32>,
}

/// 400 naming the query parameter a search rule refused.
fn refused(refusal: SearchRefusal) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, refusal.to_string())
}

/// Searches the public roll of the missing. Only public fields are returned. A name shorter than
/// two characters, a page larger than 100 or an offset past 100 is refused with 400 naming the
/// parameter.
#[utoipa::path(get, path = "/api/v1/missing", tag = "missing", params(MissingQuery),
    responses((status = 200, body = [PublicMissingPersonDto]), (status = 400, body = ErrorBody)))]
pub async fn search_missing(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<MissingQuery>,
) -> ApiResult<Json<Vec<PublicMissingPersonDto>>> {
    let page = ResultPage::new(query.offset, query.limit, 20).map_err(refused)?;
    let q = query.q.as_deref().map(str::trim).unwrap_or_default();
    if check_name_query(q).map_err(refused)?.is_none() {
        return Ok(Json(Vec::new()));
    }
    let found = state.store.search_missing(q, page.end()).await?;
    Ok(Json(
        found
            .iter()
            .skip(page.offset() as usize)
            .map(PublicMissingPersonDto::from)
            .collect(),
    ))
}

/// Adds a person to the rolls of the missing.
#[utoipa::path(post, path = "/api/v1/missing", tag = "missing", request_body = NewMissingInput,
    responses((status = 201, body = CreatedDto), (status = 422, body = ErrorBody)))]
pub async fn create_missing(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    ApiJson(input): ApiJson<NewMissingInput>,
) -> ApiResult<impl IntoResponse> {
    let person = input.into_domain()?;
    let id = state
        .store
        .add_missing_person(&person, caller.write_context())
        .await?;
    Ok((StatusCode::CREATED, Json(CreatedDto { id: id.0 })))
}

/// Paging for the audit log.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Page size (default 100, at most 500).
    pub limit: Option<u32>,
    /// Entries to skip.
    pub offset: Option<u32>,
}

/// The audit log, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "admin", params(AuditQuery),
    responses((status = 200, body = [AuditEntryDto]), (status = 403, body = ErrorBody)))]
pub async fn audit(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> ApiResult<Json<Vec<AuditEntryDto>>> {
    let limit = query.limit.unwrap_or(100).clamp(1, 500);
    let entries = state
        .store
        .audit_log(limit, query.offset.unwrap_or(0))
        .await?;
    Ok(Json(entries.iter().map(AuditEntryDto::from).collect()))
}

fn logged_in(caller: &Caller) -> ApiResult<&homeward_domain::User> {
    caller
        .0
        .as_ref()
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "authentication required"))
}

/// The caller: username, role and permissions.
#[utoipa::path(get, path = "/api/v1/me", tag = "admin",
    responses((status = 200, body = UserDto), (status = 401, body = ErrorBody)))]
pub async fn me(Extension(caller): Extension<Caller>) -> ApiResult<Json<UserDto>> {
    Ok(Json(UserDto::from(logged_in(&caller)?)))
}

/// Creates an API token for the caller; the token is shown only in this answer. Only a logged-in
/// session may create one (an API token may not mint its successors: 403, nothing written).
#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "admin", request_body = NewTokenInput,
    responses((status = 201, body = TokenDto), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_token(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    ApiJson(input): ApiJson<NewTokenInput>,
) -> ApiResult<impl IntoResponse> {
    let user = logged_in(&caller)?;
    let ctx = caller.write_context();
    let expires_at = token_expiry(ctx.at, input.expires_in_days)?;
    let token = new_token();
    let new = NewApiToken {
        token_hash: token_hash(&token),
        user: user.id,
        label: input.label.trim().to_owned(),
        expires_at,
    };
    let id = state.store.create_api_token(&new, ctx).await?;
    let dto = TokenDto {
        token,
        label: new.label,
        id: id.0,
        expires_at: expires_at.to_rfc3339(),
    };
    Ok((StatusCode::CREATED, Json(dto)))
}
