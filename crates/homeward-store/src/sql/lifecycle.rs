//! The lifecycle of a remains case: status changes checked by the domain inside the transaction,
//! and the status history. The generic status step sets only the statuses the domain lets it
//! (`LifecycleStatus::check_status_step`); the others are set by the use case that writes their
//! record (examination, identification, the batch's steps) through [`set_status`].

use homeward_domain::{
    DomainError, LifecycleStatus, RemainsCaseId, StatusChange, Timestamp, UserId,
};
use sqlx::AnyConnection;

use super::audit::{self, Change};
use super::custody::{self, CaseChange};
use super::row::Get;
use super::{Core, remains};
use crate::error::Context;
use crate::{StoreError, StoreResult, WriteContext};

/// The name shown for writes made by the system itself (no acting user).
const SYSTEM: &str = "system";

/// Appends a history entry (inside the caller's transaction).
pub(crate) async fn insert_history(
    conn: &mut AnyConnection,
    remains_id: i64,
    from: Option<LifecycleStatus>,
    to: LifecycleStatus,
    ctx: WriteContext,
    reason: &str,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO status_history (remains_id, from_status, to_status, actor_id, at, reason) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(remains_id)
    .bind(from.map(LifecycleStatus::code))
    .bind(to.code())
    .bind(ctx.actor.map(|u| u.0))
    .bind(ctx.at.0)
    .bind(reason)
    .execute(conn)
    .await
    .context("recording the status history")?;
    Ok(())
}

/// Puts case `remains_id` into `to` and records the step from `from` (inside the caller's
/// transaction; the caller has asked the domain whether the step is allowed).
pub(crate) async fn set_status(
    conn: &mut AnyConnection,
    remains_id: i64,
    from: LifecycleStatus,
    to: LifecycleStatus,
    ctx: WriteContext,
    reason: &str,
) -> StoreResult<()> {
    sqlx::query("UPDATE remains_cases SET status = $1 WHERE id = $2")
        .bind(to.code())
        .bind(remains_id)
        .execute(&mut *conn)
        .await
        .context("changing a case's status")?;
    insert_history(conn, remains_id, Some(from), to, ctx, reason).await
}

/// The username of the actor (or "system"); `NotFound` for an unknown user.
async fn actor_name(conn: &mut AnyConnection, actor: Option<UserId>) -> StoreResult<String> {
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
        None => Err(StoreError::NotFound {
            what: "user",
            key: actor.to_string(),
        }),
    }
}

pub(crate) async fn change_status(
    core: &Core,
    id: RemainsCaseId,
    to: LifecycleStatus,
    reason: &str,
    ctx: WriteContext,
) -> StoreResult<StatusChange> {
    if reason.trim().is_empty() {
        return Err(DomainError::invalid("reason", "a status change must say why").into());
    }
    let mut tx = core.begin_write().await?;
    let case = remains::for_update(core, &mut tx, id).await?;
    let from = case.status;
    from.check_status_step(to, case.case.nationality.nationality)?;
    let actor_name = actor_name(&mut tx, ctx.actor).await?;
    set_status(&mut tx, id.0, from, to, ctx, reason).await?;
    let detail = format!("status: {from} → {to}; reason: {reason}");
    let change = Change {
        action: "remains.status",
        entity: "remains_case",
        key: &case.case.accession,
        detail: &detail,
    };
    audit::record(&mut tx, ctx, change).await?;
    let status = CaseChange::Status {
        from,
        to,
        nationality: case.case.nationality.nationality,
        reason,
    };
    let (accession, location) = (&case.case.accession, &case.case.storage_location);
    custody::append_case_event(&mut tx, core, ctx, accession, location, status).await?;
    core.commit(tx, "changing a case's status").await?;
    Ok(StatusChange {
        from: Some(from),
        to,
        actor: ctx.actor.unwrap_or(UserId(0)),
        actor_name,
        at: ctx.at,
        reason: reason.to_owned(),
    })
}

pub(crate) async fn history(core: &Core, id: RemainsCaseId) -> StoreResult<Vec<StatusChange>> {
    let rows = sqlx::query(
        "SELECT h.from_status, h.to_status, h.actor_id, u.username, h.at, h.reason \
         FROM status_history h LEFT JOIN users u ON u.id = h.actor_id \
         WHERE h.remains_id = $1 ORDER BY h.id",
    )
    .bind(id.0)
    .fetch_all(&core.pool)
    .await
    .context("reading the status history")?;
    rows.iter()
        .map(|r| {
            let from = r
                .opt_text("from_status")?
                .map(|code| {
                    LifecycleStatus::from_code(&code)
                        .map_err(|e| super::row::corrupt("from_status", e))
                })
                .transpose()?;
            let actor = r.opt_int("actor_id")?;
            Ok(StatusChange {
                from,
                to: r.code("to_status", LifecycleStatus::from_code)?,
                actor: UserId(actor.unwrap_or(0)),
                actor_name: match actor {
                    Some(_) => r
                        .opt_text("username")?
                        .unwrap_or_else(|| "(deleted user)".into()),
                    None => SYSTEM.to_owned(),
                },
                at: Timestamp(r.int("at")?),
                reason: r.text("reason")?,
            })
        })
        .collect()
}
