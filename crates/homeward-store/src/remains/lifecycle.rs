//! Moving a case along its lifecycle inside the caller's write transaction: the status and its
//! history entry. The generic status step ([`crate::CaseWrite::change_status`]) sets only the
//! statuses the domain lets it (`LifecycleStatus::check_status_step`); the others are set by the
//! use case that writes their record (examination, identification, the batch's steps) through
//! [`set_status`], after asking the domain.

use homeward_domain::LifecycleStatus;
use sqlx::AnyConnection;

use crate::context::WriteContext;
use crate::error::{Context, StoreResult};
use crate::sql::set_code;

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
    let context = "changing a case's status";
    let column = ("remains_cases", "status");
    set_code(conn, column, remains_id, to.code(), context).await?;
    insert_history(conn, remains_id, Some(from), to, ctx, reason).await
}
