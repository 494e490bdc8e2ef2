//! Credentials in SQL: password hashes, login sessions, API tokens (expiring, listable,
//! revocable, each checked by the domain inside its write transaction) and refused logins.

use async_trait::async_trait;
use homeward_domain::{
    ApiToken, ApiTokenId, DomainError, LoginRefusal, NewApiToken, Phrase, Timestamp, User, UserId,
    Username,
};
use sqlx::any::AnyRow;

use super::{Credentials, PasswordHash, UserCredentials};
use crate::accounts::users::{USER_COLUMNS, account_by_id, actor, user_from};
use crate::context::WriteContext;
use crate::error::{Context, StoreError, StoreResult};
use crate::sql::audit::{self, Change};
use crate::sql::row::{Get, read_one};
use crate::sql::{Core, SqlStore, conflict_or, exists};

const TOKEN_COLUMNS: &str =
    "t.id, t.user_id, u.username, t.label, t.created_at, t.expires_at, t.revoked_at";

fn token_from(r: &AnyRow) -> StoreResult<ApiToken> {
    Ok(ApiToken {
        id: ApiTokenId(r.int("id")?),
        user: UserId(r.int("user_id")?),
        username: r.text("username")?,
        label: r.text("label")?,
        created_at: Timestamp(r.int("created_at")?),
        expires_at: Timestamp(r.int("expires_at")?),
        revoked_at: r.opt_int("revoked_at")?.map(Timestamp),
    })
}

/// The user holding the credential whose hash is `token_hash`, read `FROM` `from` (which binds the
/// hash as `$1` and `now` as `$2`, and keeps only credentials still good at `now`).
async fn holder(
    core: &Core,
    from: &str,
    token_hash: &str,
    now: Timestamp,
    context: &'static str,
) -> StoreResult<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM {from}");
    let query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(token_hash)
        .bind(now.0);
    read_one(&core.pool, query, user_from, context).await
}

#[async_trait]
impl Credentials for SqlStore {
    async fn user_credentials(&self, username: &Username) -> StoreResult<Option<UserCredentials>> {
        let core = &self.core;
        let sql = format!(
            "SELECT {USER_COLUMNS}, u.password_hash FROM users u \
             WHERE u.username = $1 AND u.deactivated_at IS NULL"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(username.as_str())
            .fetch_optional(&core.pool)
            .await
            .context("reading a user's credentials")?;
        row.map(|r| {
            Ok(UserCredentials {
                user: user_from(&r)?,
                password_hash: PasswordHash::new(r.text("password_hash")?),
            })
        })
        .transpose()
    }

    async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        expires: Timestamp,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        if !exists(&mut tx, "users", user.0).await? {
            return Err(StoreError::not_found("user", user.to_string()));
        }
        sqlx::query("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)")
            .bind(token_hash)
            .bind(user.0)
            .bind(expires.0)
            .execute(&mut *tx)
            .await
            .map_err(|e| conflict_or(e, "session", "(token)", "creating a session"))?;
        let key = user.to_string();
        let detail = Phrase::new("sys-session-created")
            .text("user", user.to_string())
            .date("ends", &expires.to_rfc3339()[..10])
            .stored();
        let change = Change::new("session.create", "user", &key, &detail);
        core.audit_and_commit(tx, ctx, change, "creating a session")
            .await
    }

    async fn session_user(&self, token_hash: &str, now: Timestamp) -> StoreResult<Option<User>> {
        let from = "sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.deactivated_at IS NULL";
        holder(&self.core, from, token_hash, now, "reading a session").await
    }

    async fn delete_session(&self, token_hash: &str, ctx: WriteContext) -> StoreResult<()> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        let row = sqlx::query("DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id")
            .bind(token_hash)
            .fetch_optional(&mut *tx)
            .await
            .context("ending a session")?;
        if let Some(row) = row {
            let user = UserId(row.int("user_id")?);
            let key = user.to_string();
            let detail = Phrase::new("sys-session-ended")
                .text("user", user.to_string())
                .stored();
            let change = Change::new("session.end", "user", &key, &detail);
            let ctx = WriteContext {
                actor: ctx.actor.or(Some(user)),
                ..ctx
            };
            audit::record(&mut tx, ctx, change).await?;
        }
        core.commit(tx, "ending a session").await
    }

    async fn record_login_refusal(
        &self,
        refusal: &LoginRefusal,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        let core = &self.core;
        let tx = core.begin_write().await?;
        let detail = refusal.detail();
        let change = Change::new(refusal.action(), "user", &refusal.username, &detail);
        core.audit_and_commit(tx, ctx, change, "recording a refused login")
            .await
    }

    async fn create_api_token(
        &self,
        token: &NewApiToken,
        ctx: WriteContext,
    ) -> StoreResult<ApiTokenId> {
        let core = &self.core;
        token.validate(ctx.at)?;
        homeward_domain::Identifier::TokenLabel.check(&token.label)?;
        let mut tx = core.begin_write().await?;
        let Some(owner) = account_by_id(core, &mut tx, token.user).await? else {
            return Err(StoreError::not_found("user", token.user.to_string()));
        };
        if let Some(at) = owner.deactivated_at {
            return Err(DomainError::invalid(
                "user",
                format!(
                    "user \"{}\" was deactivated at {at} and cannot be given a token",
                    owner.user.username
                ),
            )
            .into());
        }
        let row = sqlx::query(
            "INSERT INTO api_tokens (token_hash, user_id, label, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&token.token_hash)
        .bind(token.user.0)
        .bind(token.label.trim())
        .bind(ctx.at.0)
        .bind(token.expires_at.0)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| conflict_or(e, "API token", &token.label, "creating an API token"))?;
        let id = ApiTokenId(row.int("id")?);
        let key = owner.user.username.clone();
        let detail = Phrase::new("sys-token-created")
            .text("token", id.to_string())
            .text("label", token.label.trim())
            .text("user", &key)
            .date("expires", &token.expires_at.to_rfc3339()[..10])
            .stored();
        let change = Change::new("api_token.create", "user", &key, &detail);
        core.audit_and_commit(tx, ctx, change, "creating an API token")
            .await?;
        Ok(id)
    }

    async fn api_token_user(&self, token_hash: &str, now: Timestamp) -> StoreResult<Option<User>> {
        let from = "api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.expires_at > $2 AND t.revoked_at IS NULL \
             AND u.deactivated_at IS NULL";
        holder(&self.core, from, token_hash, now, "reading an API token").await
    }

    async fn api_tokens(&self, owner: Option<UserId>) -> StoreResult<Vec<ApiToken>> {
        let core = &self.core;
        let sql = format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE ($1 IS NULL OR t.user_id = $1) ORDER BY t.created_at DESC, t.id DESC"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(owner.map(|u| u.0))
            .fetch_all(&core.pool)
            .await
            .context("listing API tokens")?;
        rows.iter().map(token_from).collect()
    }

    async fn revoke_api_token(&self, id: ApiTokenId, ctx: WriteContext) -> StoreResult<()> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        let sql = format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.id = $1{}",
            core.for_update()
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await
            .context("reading an API token")?;
        let Some(token) = row.as_ref().map(token_from).transpose()? else {
            return Err(StoreError::not_found("API token", id.to_string()));
        };
        let actor = actor(&mut tx, ctx).await?;
        token.check_may_revoke(actor.as_ref())?;
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2")
            .bind(ctx.at.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .context("revoking an API token")?;
        let detail = Phrase::new("sys-token-revoked")
            .text("token", id.to_string())
            .text("label", &token.label)
            .text("user", &token.username)
            .stored();
        let change = Change::new("api_token.revoke", "user", &token.username, &detail);
        core.audit_and_commit(tx, ctx, change, "revoking an API token")
            .await
    }
}
