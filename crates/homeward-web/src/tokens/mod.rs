//! API tokens: what the API ([`api`]) and the `/tokens` page ([`page`]) share — a token's
//! state and its revocation by its owner or an administrator.

pub mod api;
pub mod dto;
pub mod page;

use homeward_domain::{ApiToken, ApiTokenId, Permission};

use crate::auth::{Caller, logged_in, now};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::tokens::dto::ApiTokenDto;

/// `active`, `expired` or `revoked`, now.
pub fn token_state(t: &ApiToken) -> &'static str {
    match (t.revoked_at, t.is_usable(now())) {
        (Some(_), _) => "revoked",
        (None, true) => "active",
        (None, false) => "expired",
    }
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
