//! Organizations, users, login sessions and API tokens.

use homeward_domain::{NewUser, Organization, OrganizationId, Role, Timestamp, User, UserId};
use sqlx::any::AnyRow;

use super::audit::{self, Change};
use super::row::Get;
use super::{Core, conflict_or, exists};
use crate::error::Context;
use crate::{StoreError, StoreResult, WriteContext};

pub(crate) const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.role, u.organization_id";

pub(crate) fn user_from(r: &AnyRow) -> StoreResult<User> {
    Ok(User {
        id: UserId(r.int("id")?),
        username: r.text("username")?,
        display_name: r.text("display_name")?,
        role: r.code("role", Role::from_code)?,
        organization: r.opt_int("organization_id")?.map(OrganizationId),
    })
}

pub(crate) async fn create_organization(
    core: &Core,
    name: &str,
    country: &str,
    ctx: WriteContext,
) -> StoreResult<OrganizationId> {
    homeward_domain::Identifier::OrganizationName.check(name)?;
    let mut tx = core.begin_write().await?;
    let row = sqlx::query("INSERT INTO organizations (name, country) VALUES ($1, $2) RETURNING id")
        .bind(name)
        .bind(country)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| conflict_or(e, "organization", name, "creating an organization"))?;
    let id = row.int("id")?;
    let detail = format!("organization \"{name}\" ({country}) created");
    let key = id.to_string();
    let change = Change {
        action: "organization.create",
        entity: "organization",
        key: &key,
        detail: &detail,
    };
    audit::record(&mut tx, ctx, change).await?;
    core.commit(tx, "creating an organization").await?;
    Ok(OrganizationId(id))
}

pub(crate) async fn organizations(core: &Core) -> StoreResult<Vec<Organization>> {
    let rows = sqlx::query("SELECT id, name, country FROM organizations ORDER BY name")
        .fetch_all(&core.pool)
        .await
        .context("listing organizations")?;
    rows.iter()
        .map(|r| {
            Ok(Organization {
                id: OrganizationId(r.int("id")?),
                name: r.text("name")?,
                country: r.text("country")?,
            })
        })
        .collect()
}

pub(crate) async fn create_user(
    core: &Core,
    user: &NewUser,
    ctx: WriteContext,
) -> StoreResult<UserId> {
    user.validate()?;
    let mut tx = core.begin_write().await?;
    if let Some(org) = user.organization
        && !exists(&mut tx, "organizations", org.0).await?
    {
        return Err(StoreError::NotFound {
            what: "organization",
            key: org.to_string(),
        });
    }
    let row = sqlx::query(
        "INSERT INTO users (username, display_name, role, organization_id, password_hash) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&user.username)
    .bind(&user.display_name)
    .bind(user.role.code())
    .bind(user.organization.map(|o| o.0))
    .bind(&user.password_hash)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| conflict_or(e, "user", &user.username, "creating a user"))?;
    let id = row.int("id")?;
    let detail = format!(
        "user \"{}\" ({}) created with role {}",
        user.username, user.display_name, user.role
    );
    let change = Change {
        action: "user.create",
        entity: "user",
        key: &user.username,
        detail: &detail,
    };
    audit::record(&mut tx, ctx, change).await?;
    core.commit(tx, "creating a user").await?;
    Ok(UserId(id))
}

pub(crate) async fn user_credentials(
    core: &Core,
    username: &str,
) -> StoreResult<Option<(User, String)>> {
    let sql = format!(
        "SELECT {USER_COLUMNS}, u.password_hash FROM users u \
         WHERE u.username = $1 AND u.deactivated_at IS NULL"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(username)
        .fetch_optional(&core.pool)
        .await
        .context("reading a user's credentials")?;
    row.map(|r| Ok((user_from(&r)?, r.text("password_hash")?)))
        .transpose()
}

pub(crate) async fn user(core: &Core, id: UserId) -> StoreResult<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.0)
        .fetch_optional(&core.pool)
        .await
        .context("reading a user")?;
    row.as_ref().map(user_from).transpose()
}

pub(crate) async fn users(core: &Core) -> StoreResult<Vec<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.username");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&core.pool)
        .await
        .context("listing users")?;
    rows.iter().map(user_from).collect()
}

pub(crate) async fn create_session(
    core: &Core,
    token_hash: &str,
    user: UserId,
    expires: Timestamp,
    ctx: WriteContext,
) -> StoreResult<()> {
    let mut tx = core.begin_write().await?;
    if !exists(&mut tx, "users", user.0).await? {
        return Err(StoreError::NotFound {
            what: "user",
            key: user.to_string(),
        });
    }
    sqlx::query("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)")
        .bind(token_hash)
        .bind(user.0)
        .bind(expires.0)
        .execute(&mut *tx)
        .await
        .map_err(|e| conflict_or(e, "session", "(token)", "creating a session"))?;
    let key = user.to_string();
    let detail = format!("user {user} logged in; the session ends at {}", expires.0);
    let change = Change {
        action: "session.create",
        entity: "user",
        key: &key,
        detail: &detail,
    };
    audit::record(&mut tx, ctx, change).await?;
    core.commit(tx, "creating a session").await
}

pub(crate) async fn session_user(
    core: &Core,
    token_hash: &str,
    now: Timestamp,
) -> StoreResult<Option<User>> {
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.deactivated_at IS NULL"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(token_hash)
        .bind(now.0)
        .fetch_optional(&core.pool)
        .await
        .context("reading a session")?;
    row.as_ref().map(user_from).transpose()
}

pub(crate) async fn delete_session(
    core: &Core,
    token_hash: &str,
    ctx: WriteContext,
) -> StoreResult<()> {
    let mut tx = core.begin_write().await?;
    let row = sqlx::query("DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id")
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await
        .context("ending a session")?;
    if let Some(row) = row {
        let user = UserId(row.int("user_id")?);
        let key = user.to_string();
        let detail = format!("user {user} logged out");
        let change = Change {
            action: "session.end",
            entity: "user",
            key: &key,
            detail: &detail,
        };
        let ctx = WriteContext {
            actor: ctx.actor.or(Some(user)),
            ..ctx
        };
        audit::record(&mut tx, ctx, change).await?;
    }
    core.commit(tx, "ending a session").await
}

pub(crate) async fn record_login_refusal(
    core: &Core,
    refusal: &homeward_domain::LoginRefusal,
    ctx: WriteContext,
) -> StoreResult<()> {
    let mut tx = core.begin_write().await?;
    let detail = refusal.detail();
    let change = Change {
        action: refusal.action(),
        entity: "user",
        key: &refusal.username,
        detail: &detail,
    };
    audit::record(&mut tx, ctx, change).await?;
    core.commit(tx, "recording a refused login").await
}
