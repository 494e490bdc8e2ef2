//! The JSON out and in of API tokens: never the secret, except once in the answer that creates
//! it.

use homeward_domain::ApiToken;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::tokens::token_state;

pub use crate::remains::dto::{CustodyEntryDto, IdentificationDto};

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

/// A new API token, shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenDto {
    /// Send as `Authorization: Bearer <token>`; it cannot be shown again.
    pub token: String,
    /// Its label.
    pub label: String,
    /// Its id, which listing and revocation name.
    pub id: i64,
    /// When it stops working (RFC 3339).
    pub expires_at: String,
}

/// A label for a new API token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTokenInput {
    /// What the token is for, e.g. "nightly export".
    pub label: String,
    /// Days until the token stops working: 1 to 365, default 90.
    #[serde(default)]
    pub expires_in_days: Option<i64>,
}
