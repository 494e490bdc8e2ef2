//! API tokens (expiring, listable, revocable) and account changes (deactivation, role, password),
//! each checked by the domain inside its write transaction and audited in it.

use homeward_domain::{
    AccountChange, ApiToken, ApiTokenId, DomainError, NewApiToken, Timestamp, User, UserAccount,
    UserId,
};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use super::audit::{self, Change};
use super::row::Get;
use super::users::{USER_COLUMNS, user_from};
use super::{Core, conflict_or};
use crate::error::Context;
use crate::{StoreError, StoreResult, WriteContext};

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

fn account_from(r: &AnyRow) -> StoreResult<UserAccount> {
    Ok(UserAccount {
        user: user_from(r)?,
        deactivated_at: r.opt_int("deactivated_at")?.map(Timestamp),
    })
}

/// The account with `id` (locked for the transaction on PostgreSQL).
async fn account_by_id(
    core: &Core,
    conn: &mut AnyConnection,
    id: UserId,
) -> StoreResult<Option<UserAccount>> {
    let sql = format!(
        "SELECT {USER_COLUMNS}, u.deactivated_at FROM users u WHERE u.id = $1{}",
        core.for_update()
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.0)
        .fetch_optional(conn)
        .await
        .context("reading a user")?;
    row.as_ref().map(account_from).transpose()
}

/// The acting user of `ctx` (`None` for the system); an actor that does not exist is refused.
async fn actor(conn: &mut AnyConnection, ctx: WriteContext) -> StoreResult<Option<User>> {
    let Some(id) = ctx.actor else {
        return Ok(None);
    };
    let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.0)
        .fetch_optional(conn)
        .await
        .context("reading the acting user")?;
    match row {
        Some(r) => Ok(Some(user_from(&r)?)),
        None => Err(StoreError::NotFound {
            what: "user",
            key: id.to_string(),
        }),
    }
}

pub(crate) async fn create_api_token(
    core: &Core,
    token: &NewApiToken,
    ctx: WriteContext,
) -> StoreResult<ApiTokenId> {
    token.validate(ctx.at)?;
    homeward_domain::Identifier::TokenLabel.check(&token.label)?;
    let mut tx = core.begin_write().await?;
    let Some(owner) = account_by_id(core, &mut tx, token.user).await? else {
        return Err(StoreError::NotFound {
            what: "user",
            key: token.user.to_string(),
        });
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
    let detail = format!(
        "API token {id} \"{}\" issued to user \"{key}\"; it expires at {}",
        token.label.trim(),
        token.expires_at
    );
    let change = Change {
        action: "api_token.create",
        entity: "user",
        key: &key,
        detail: &detail,
    };
    audit::record(&mut tx, ctx, change).await?;
    core.commit(tx, "creating an API token").await?;
    Ok(id)
}

pub(crate) async fn api_token_user(
    core: &Core,
    token_hash: &str,
    now: Timestamp,
) -> StoreResult<Option<User>> {
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND t.expires_at > $2 AND t.revoked_at IS NULL \
         AND u.deactivated_at IS NULL"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(token_hash)
        .bind(now.0)
        .fetch_optional(&core.pool)
        .await
        .context("reading an API token")?;
    row.as_ref().map(user_from).transpose()
}

pub(crate) async fn api_tokens(core: &Core, owner: Option<UserId>) -> StoreResult<Vec<ApiToken>> {
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

pub(crate) async fn revoke_api_token(
    core: &Core,
    id: ApiTokenId,
    ctx: WriteContext,
) -> StoreResult<()> {
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
        return Err(StoreError::NotFound {
            what: "API token",
            key: id.to_string(),
        });
    };
    let actor = actor(&mut tx, ctx).await?;
    token.check_may_revoke(actor.as_ref())?;
    sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2")
        .bind(ctx.at.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .context("revoking an API token")?;
    let detail = format!(
        "API token {id} \"{}\" of user \"{}\" revoked",
        token.label, token.username
    );
    let change = Change {
        action: "api_token.revoke",
        entity: "user",
        key: &token.username,
        detail: &detail,
    };
    audit::record(&mut tx, ctx, change).await?;
    core.commit(tx, "revoking an API token").await
}

pub(crate) async fn user_accounts(core: &Core) -> StoreResult<Vec<UserAccount>> {
    let sql = format!("SELECT {USER_COLUMNS}, u.deactivated_at FROM users u ORDER BY u.username");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&core.pool)
        .await
        .context("listing users")?;
    rows.iter().map(account_from).collect()
}

pub(crate) async fn change_account(
    core: &Core,
    username: &str,
    change: &AccountChange,
    ctx: WriteContext,
) -> StoreResult<()> {
    let mut tx = core.begin_write().await?;
    let sql = format!(
        "SELECT {USER_COLUMNS}, u.deactivated_at FROM users u WHERE u.username = $1{}",
        core.for_update()
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(username)
        .fetch_optional(&mut *tx)
        .await
        .context("reading a user")?;
    let Some(account) = row.as_ref().map(account_from).transpose()? else {
        return Err(StoreError::NotFound {
            what: "user",
            key: username.to_owned(),
        });
    };
    change.check(&account, ctx.actor)?;
    let id = account.user.id.0;
    let (action, mut detail) = match change {
        AccountChange::Deactivate => {
            sqlx::query("UPDATE users SET deactivated_at = $1 WHERE id = $2")
                .bind(ctx.at.0)
                .bind(id)
                .execute(&mut *tx)
                .await
                .context("deactivating a user")?;
            (
                "user.deactivate",
                format!("user \"{username}\" deactivated"),
            )
        }
        AccountChange::SetRole(role) => {
            sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
                .bind(role.code())
                .bind(id)
                .execute(&mut *tx)
                .await
                .context("changing a user's role")?;
            let was = account.user.role;
            let detail = format!("user \"{username}\" changed from role {was} to {role}");
            ("user.set_role", detail)
        }
        AccountChange::SetPassword(hash) => {
            sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                .bind(hash)
                .bind(id)
                .execute(&mut *tx)
                .await
                .context("setting a user's password")?;
            let detail = format!("user \"{username}\" given a new password");
            ("user.reset_password", detail)
        }
    };
    if change.ends_credentials() {
        let sessions = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .context("ending a user's sessions")?
            .rows_affected();
        let tokens = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
        )
        .bind(ctx.at.0)
        .bind(id)
        .execute(&mut *tx)
        .await
        .context("revoking a user's API tokens")?
        .rows_affected();
        detail.push_str(&format!(
            "; {sessions} session(s) ended, {tokens} API token(s) revoked"
        ));
    }
    let audit_change = Change {
        action,
        entity: "user",
        key: username,
        detail: &detail,
    };
    audit::record(&mut tx, ctx, audit_change).await?;
    core.commit(tx, "changing a user account").await
}
