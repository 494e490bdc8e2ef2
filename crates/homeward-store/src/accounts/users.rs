//! Reading users back (their columns and decoding, an account by id inside a write) and the
//! actor of a write: the acting user, their name for the status history, and the organization
//! that signs their custody events.

use homeward_domain::{OrganizationId, Role, Timestamp, User, UserAccount, UserId};
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection};

use crate::context::WriteContext;
use crate::error::{Context, StoreError, StoreResult};
use crate::sql::Core;
use crate::sql::row::{Get, read_one};

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

pub(crate) fn account_from(r: &AnyRow) -> StoreResult<UserAccount> {
    Ok(UserAccount {
        user: user_from(r)?,
        deactivated_at: r.opt_int("deactivated_at")?.map(Timestamp),
    })
}

/// The account with `id` (locked for the transaction on PostgreSQL).
pub(crate) async fn account_by_id(
    core: &Core,
    conn: &mut AnyConnection,
    id: UserId,
) -> StoreResult<Option<UserAccount>> {
    account_where(core, conn, "id", id.0).await
}

/// The account whose `column` (`id` or `username`, both unique) is `key`, locked for the
/// transaction on PostgreSQL: what a write that changes an account reads first.
pub(crate) async fn account_where<'k>(
    core: &Core,
    conn: &mut AnyConnection,
    column: &'static str,
    key: impl sqlx::Encode<'k, Any> + sqlx::Type<Any> + Send + 'k,
) -> StoreResult<Option<UserAccount>> {
    let sql = format!(
        "SELECT {USER_COLUMNS}, u.deactivated_at FROM users u WHERE u.{column} = $1{}",
        core.for_update()
    );
    let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(key);
    read_one(conn, query, account_from, "reading a user").await
}

/// The acting user of `ctx` (`None` for the system); an actor that does not exist is refused.
pub(crate) async fn actor(
    conn: &mut AnyConnection,
    ctx: WriteContext,
) -> StoreResult<Option<User>> {
    let Some(id) = ctx.actor else {
        return Ok(None);
    };
    let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1");
    let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.0);
    match read_one(conn, query, user_from, "reading the acting user").await? {
        Some(user) => Ok(Some(user)),
        None => Err(StoreError::not_found("user", id.to_string())),
    }
}

/// The acting user's name and organization, when the write has an actor who belongs to one.
pub(crate) async fn acting_organization(
    conn: &mut AnyConnection,
    ctx: WriteContext,
) -> StoreResult<Option<(String, String)>> {
    let Some(actor) = ctx.actor else {
        return Ok(None);
    };
    let row = sqlx::query(
        "SELECT u.username, o.name FROM users u \
         LEFT JOIN organizations o ON o.id = u.organization_id WHERE u.id = $1",
    )
    .bind(actor.0)
    .fetch_optional(conn)
    .await
    .context("reading the acting user's organization")?;
    let Some(row) = row else {
        return Ok(None);
    };
    let Some(organization) = row.opt_text("name")? else {
        return Ok(None);
    };
    Ok(Some((row.text("username")?, organization)))
}

/// Refuses drafts whose actor is neither a user of this registry (by username) nor
/// [`SYSTEM`]: the signed ledger names people one way, as the registry's own writes do.
pub(crate) async fn known_actors(
    conn: &mut AnyConnection,
    drafts: &[homeward_ledger::EntryDraft],
) -> StoreResult<()> {
    let names: std::collections::BTreeSet<&str> = drafts
        .iter()
        .map(|d| d.actor.as_str())
        .filter(|a| *a != SYSTEM)
        .collect();
    for name in names {
        let found = sqlx::query("SELECT 1 FROM users WHERE username = $1")
            .bind(name)
            .fetch_optional(&mut *conn)
            .await
            .context("reading the entries' actors")?;
        if found.is_none() {
            let reason = format!(
                "\"{name}\" is not a user of this registry; a ledger entry names its actor by \
                 username, or `{SYSTEM}`"
            );
            return Err(homeward_domain::DomainError::invalid("actor", reason).into());
        }
    }
    Ok(())
}

/// The name shown for writes made by the system itself (no acting user).
pub(crate) const SYSTEM: &str = "system";

/// The username of the actor (or "system"); `NotFound` for an unknown user.
pub(crate) async fn actor_name(
    conn: &mut AnyConnection,
    actor: Option<UserId>,
) -> StoreResult<String> {
    let Some(actor) = actor else {
        return Ok(SYSTEM.to_owned());
    };
    let row = sqlx::query("SELECT username FROM users WHERE id = $1")
        .bind(actor.0)
        .fetch_optional(conn)
        .await
        .context("reading the acting user")?;
    match row {
        Some(r) => r.text("username"),
        None => Err(StoreError::not_found("user", actor.to_string())),
    }
}
