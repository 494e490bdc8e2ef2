//! Credentials: how a caller proves who they are. The trait; `sql.rs` implements it.

mod sql;

use std::fmt;

use async_trait::async_trait;
use homeward_domain::{ApiToken, ApiTokenId, NewApiToken, Timestamp, User, UserId, Username};

use crate::context::WriteContext;
use crate::error::StoreResult;

/// What the login check needs: an active user and their stored password hash.
#[derive(Debug, Clone, PartialEq)]
pub struct UserCredentials {
    /// The user.
    pub user: User,
    /// Their stored argon2 hash.
    pub password_hash: PasswordHash,
}

/// A stored argon2 password hash (a PHC string). `Debug` prints it redacted: an offline attack
/// can try passwords against it, so it stays out of logs and error messages.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// The hash as stored.
    pub fn new(phc: String) -> Self {
        PasswordHash(phc)
    }

    /// The PHC string, for the password check.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(<redacted>)")
    }
}

/// How a caller proves who they are: the password hash for the login check, login sessions, API
/// tokens, and refused logins (recorded in the audit log).
#[async_trait]
pub trait Credentials: Send + Sync {
    /// An active user and their argon2 password hash, for the login check.
    async fn user_credentials(&self, username: &Username) -> StoreResult<Option<UserCredentials>>;

    /// Records a login session under the SHA-256 hash of its cookie token, audited as the user's
    /// login (`ctx.actor` is the user who logged in).
    async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        expires: Timestamp,
        ctx: WriteContext,
    ) -> StoreResult<()>;

    /// The user of a session that has not expired at `now`.
    async fn session_user(&self, token_hash: &str, now: Timestamp) -> StoreResult<Option<User>>;

    /// Ends a session (logout), audited as the session user's logout; ending an unknown or
    /// already-ended session does nothing.
    async fn delete_session(&self, token_hash: &str, ctx: WriteContext) -> StoreResult<()>;

    /// Records a refused login (a wrong password, an unknown username, a lockout) in the audit
    /// log, in its own transaction; it changes nothing else. `ctx.actor` is the account's user
    /// when it exists.
    async fn record_login_refusal(
        &self,
        refusal: &homeward_domain::LoginRefusal,
        ctx: WriteContext,
    ) -> StoreResult<()>;

    /// Records an API token (its SHA-256 hash) for a user, checked by
    /// [`NewApiToken::validate`] at `ctx.at` (label, expiry within a year); returns its id.
    async fn create_api_token(
        &self,
        token: &NewApiToken,
        ctx: WriteContext,
    ) -> StoreResult<ApiTokenId>;

    /// The user of an API token that is neither expired at `now` nor revoked, whose account is
    /// active.
    async fn api_token_user(&self, token_hash: &str, now: Timestamp) -> StoreResult<Option<User>>;

    /// The API tokens of `owner` (every user's when `None`), newest first, revoked and expired
    /// ones included; never the secret or its hash.
    async fn api_tokens(&self, owner: Option<UserId>) -> StoreResult<Vec<ApiToken>>;

    /// Revokes a token, audited: `ctx.actor` must be its owner or hold `ManageUsers`
    /// ([`ApiToken::check_may_revoke`]; `None` is the system). An unknown id is `NotFound`;
    /// a refusal changes nothing.
    async fn revoke_api_token(&self, id: ApiTokenId, ctx: WriteContext) -> StoreResult<()>;
}
