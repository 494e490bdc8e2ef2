//! API tokens: the caller's own, everyone's (administrators), and revocation. A listing never
//! shows a token's secret (nor its hash): only its id, label, owner and dates.

use axum::extract::State;
use axum::{Extension, Json};
use homeward_domain::{ApiToken, ApiTokenId, Permission};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{ApiPath, ApiQuery};
use crate::AppState;
use crate::auth::{Caller, now};
use crate::error::{ApiError, ApiResult, ErrorBody};

/// An API token as listed: never its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiTokenDto {
    /// Its id.
    pub id: i64,
    /// Its owner's login name.
    pub username: String,
    /// What it is for.
    pub label: String,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it stops working (RFC 3339).
    pub expires_at: String,
    /// When it was revoked (RFC 3339), if it was.
    pub revoked_at: Option<String>,
    /// `active`, `expired` or `revoked`.
    pub state: &'static str,
}

impl From<&ApiToken> for ApiTokenDto {
    fn from(t: &ApiToken) -> Self {
        ApiTokenDto {
            id: t.id.0,
            username: t.username.clone(),
            label: t.label.clone(),
            created_at: t.created_at.to_rfc3339(),
            expires_at: t.expires_at.to_rfc3339(),
            revoked_at: t.revoked_at.map(|r| r.to_rfc3339()),
            state: token_state(t),
        }
    }
}

/// `active`, `expired` or `revoked`, now.
pub fn token_state(t: &ApiToken) -> &'static str {
    match (t.revoked_at, t.is_usable(now())) {
        (Some(_), _) => "revoked",
        (None, true) => "active",
        (None, false) => "expired",
    }
}

fn logged_in(caller: &Caller) -> ApiResult<&homeward_domain::User> {
    caller.0.as_ref().ok_or_else(|| {
        ApiError::new(
            axum::http::StatusCode::UNAUTHORIZED,
            "authentication required",
        )
    })
}

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

/// Revokes `id` as `caller` (the store checks who may) and returns the token as it is now.
pub async fn revoke_token(
    state: &AppState,
    caller: &Caller,
    id: ApiTokenId,
) -> ApiResult<ApiTokenDto> {
    let user = logged_in(caller)?;
    state
        .store
        .revoke_api_token(id, caller.write_context())
        .await?;
    let owner = if user.role.may(Permission::ManageUsers) {
        None
    } else {
        Some(user.id)
    };
    let tokens = state.store.api_tokens(owner).await?;
    tokens
        .iter()
        .find(|t| t.id == id)
        .map(ApiTokenDto::from)
        .ok_or_else(|| ApiError::new(axum::http::StatusCode::NOT_FOUND, "no such API token"))
}
