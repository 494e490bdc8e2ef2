//! API tokens: what the API ([`api`]) and the `/tokens` page ([`page`]) share — a token's
//! state, its minting and its revocation by its owner or an administrator.

pub mod api;
pub mod dto;
pub mod page;

use homeward_domain::{ApiToken, ApiTokenId, NewApiToken, Permission, User, token_expiry};

use crate::auth::{Caller, logged_in, new_token, now, token_hash};
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

/// A token just minted: the secret, which is shown once and never stored (only its hash is),
/// and what was stored.
pub struct Minted {
    /// The secret the holder presents.
    pub token: String,
    /// Its id.
    pub id: ApiTokenId,
    /// The stored record.
    pub stored: NewApiToken,
}

/// Never prints the secret.
impl std::fmt::Debug for Minted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Minted")
            .field("id", &self.id)
            .field("label", &self.stored.label)
            .finish_non_exhaustive()
    }
}

/// Mints a token for `user` (the logged-in `caller`) named `label`, expiring after `days` (the
/// default when `None`), and stores its hash.
pub async fn mint_token(
    state: &AppState,
    caller: &Caller,
    user: &User,
    label: &str,
    days: Option<i64>,
) -> ApiResult<Minted> {
    let ctx = caller.write_context();
    let expires_at = token_expiry(ctx.at, days)?;
    let token = new_token();
    let stored = NewApiToken {
        token_hash: token_hash(&token),
        user: user.id,
        label: label.trim().to_owned(),
        expires_at,
    };
    let id = state.store.create_api_token(&stored, ctx).await?;
    Ok(Minted { token, id, stored })
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
