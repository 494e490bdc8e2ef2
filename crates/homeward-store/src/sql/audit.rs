//! Writing the audit log: one entry per write, in the same transaction as the change it
//! describes (read back by [`crate::Registry::audit_log`]).

use homeward_domain::{Phrase, SystemText};
use sqlx::AnyConnection;

use crate::context::WriteContext;
use crate::error::{Context, StoreResult};

/// What one write did, to be recorded with who and when.
#[derive(Debug)]
pub(crate) struct Change<'a> {
    /// e.g. `remains.create`.
    pub(crate) action: &'a str,
    /// e.g. `remains_case`.
    pub(crate) entity: &'a str,
    /// The human key (accession number, site code, username, id).
    pub(crate) key: &'a str,
    /// What changed, human-readable.
    pub(crate) detail: &'a str,
}

impl<'a> Change<'a> {
    /// `action` done to the `entity` keyed `key`, as `detail` says: one line where the write
    /// names its change.
    pub(crate) fn new(action: &'a str, entity: &'a str, key: &'a str, detail: &'a str) -> Self {
        Change {
            action,
            entity,
            key,
            detail,
        }
    }
}

/// Records `change` as made by `ctx` (inside the caller's transaction).
pub(crate) async fn record(
    conn: &mut AnyConnection,
    ctx: WriteContext,
    change: Change<'_>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (actor_id, at, action, entity, entity_key, detail) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(ctx.actor.map(|u| u.0))
    .bind(ctx.at.0)
    .bind(change.action)
    .bind(change.entity)
    .bind(change.key)
    .bind(change.detail)
    .execute(conn)
    .await
    .context("writing the audit log")?;
    Ok(())
}

/// Appends `field: old → new` to `out` when the values differ (the field named by its
/// `field-…` message).
pub(crate) fn diff(out: &mut Vec<Phrase>, field: &str, old: &str, new: &str) {
    if old != new {
        out.push(changed(field).text("from", old).text("to", new));
    }
}

/// [`diff`] of two codes of the message family `family` (e.g. `sex`, `nat`).
pub(crate) fn diff_code(out: &mut Vec<Phrase>, field: &str, family: &str, old: &str, new: &str) {
    if old != new {
        out.push(
            changed(field)
                .code("from", family, old)
                .code("to", family, new),
        );
    }
}

fn changed(field: &str) -> Phrase {
    Phrase::new("sys-field-changed").code("field", "field", field)
}

/// The lines of a diff as the log's system text, or a note that nothing changed.
pub(crate) fn joined(lines: Vec<Phrase>) -> String {
    if lines.is_empty() {
        Phrase::new("sys-no-field-changed").stored()
    } else {
        SystemText::of(lines).stored()
    }
}
