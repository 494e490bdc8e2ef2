//! `/api/v1/me/tokens` and `/api/v1/tokens`: list, create (a session only), revoke.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Extension, Json};
use homeward_domain::{ApiTokenId, NewApiToken, token_expiry};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::{Caller, logged_in, new_token, token_hash};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiPath, ApiQuery, ApiWrite};
use crate::state::AppState;
use crate::tokens::dto::{ApiTokenDto, NewTokenInput, TokenDto};
use crate::tokens::revoke_token;

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
