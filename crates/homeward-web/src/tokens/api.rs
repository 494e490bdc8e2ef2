//! `/api/v1/me/tokens` and `/api/v1/tokens`: list, create (a session only), revoke.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Extension, Json};
use homeward_domain::ApiTokenId;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::{Caller, logged_in};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiPath, ApiQuery, ApiWrite};
use crate::state::AppState;
use crate::tokens::dto::{ApiTokenDto, NewTokenInput, TokenDto};
use crate::tokens::{mint_token, revoke_token};

/// The caller's API tokens, newest first (revoked and expired ones too).
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "admin",
    responses((status = 200, body = [ApiTokenDto]), (status = 401, body = ErrorBody)))]
pub async fn mine(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> ApiResult<Json<Vec<ApiTokenDto>>> {
    let user = logged_in(&caller)?;
    let tokens = state.store.api_tokens(Some(user.id)).await?;
    Ok(Json(tokens.iter().map(ApiTokenDto::from).collect()))
}

/// Which user's tokens to list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TokensQuery {
    /// Only this user's tokens (login name).
    pub user: Option<String>,
}

/// Every user's API tokens (or one user's), newest first.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "admin", params(TokensQuery),
    responses((status = 200, body = [ApiTokenDto]), (status = 403, body = ErrorBody)))]
pub async fn all(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<TokensQuery>,
) -> ApiResult<Json<Vec<ApiTokenDto>>> {
    let tokens = state.store.api_tokens(None).await?;
    let wanted = query.user.as_deref().map(str::trim);
    Ok(Json(
        tokens
            .iter()
            .filter(|t| wanted.is_none_or(|u| t.username == u))
            .map(ApiTokenDto::from)
            .collect(),
    ))
}

/// Revokes an API token: the caller's own, or anyone's for an administrator (403 otherwise,
/// nothing changed). It stops working at once.
#[utoipa::path(post, path = "/api/v1/tokens/{id}/revoke", tag = "admin",
    params(("id" = i64, Path, description = "The token's id")),
    responses((status = 200, body = ApiTokenDto), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn revoke(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ApiTokenDto>> {
    revoke_token(&state, &caller, ApiTokenId(id))
        .await
        .map(Json)
}

/// Creates an API token for the caller; the token is shown only in this answer. Only a logged-in
/// session may create one (an API token may not mint its successors: 403, nothing written).
#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "admin", request_body = NewTokenInput,
    responses((status = 201, body = TokenDto), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_token(write: ApiWrite<NewTokenInput>) -> ApiResult<impl IntoResponse> {
    let (state, caller, input) = write.into_parts();
    let user = logged_in(&caller)?;
    let minted = mint_token(&state, &caller, user, &input.label, input.expires_in_days).await?;
    let dto = TokenDto {
        token: minted.token,
        label: minted.stored.label,
        id: minted.id.0,
        expires_at: minted.stored.expires_at.to_rfc3339(),
    };
    Ok((StatusCode::CREATED, Json(dto)))
}
