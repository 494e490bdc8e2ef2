//! Re-indexing the rolls' name search when the domain derives new name forms.
//!
//! `name_forms_version` records which [`NAME_FORMS_VERSION`] the keys in `missing_name_forms`
//! (and its reversed twin) were written with. Opening a store (and `homeward migrate`) runs
//! [`refresh`] after the migrations: an older or missing version has every person's keys
//! written anew, in one write transaction, and the version recorded. A store whose keys are
//! current pays one small read.

use homeward_domain::NewMissingPerson;

use super::rows::{COLUMNS, index_forms, person_from};
use crate::error::{Context, StoreResult};
use crate::sql::Core;
use crate::sql::row::Get;

/// The version of the name forms the store writes: 1 for the folded recorded fields alone, 2
/// for `homeward_domain::NameForms` (converted scripts, readings, wildcard keys).
pub(crate) const NAME_FORMS_VERSION: i64 = 2;

/// Re-indexes every person when the stored keys are older than [`NAME_FORMS_VERSION`]; returns
/// whether it did.
pub(crate) async fn refresh(core: &Core) -> StoreResult<bool> {
    let mut tx = core.begin_write().await?;
    // Two processes opening the same schema take turns, as with the migrations.
    crate::migrations::lock_schema(&mut tx, core.backend)
        .await
        .context("locking the name index for re-indexing")?;
    let stored = sqlx::query("SELECT version FROM name_forms_version WHERE id = 1")
        .fetch_optional(&mut *tx)
        .await
        .context("reading the name forms' version")?
        .map(|r| r.int("version"))
        .transpose()?
        .unwrap_or(0);
    if stored >= NAME_FORMS_VERSION {
        tx.rollback().await.context("ending the version check")?;
        return Ok(false);
    }
    let sql = format!("SELECT {COLUMNS} FROM missing_persons ORDER BY id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut *tx)
        .await
        .context("reading the rolls to re-index")?;
    let mut ids: Vec<i64> = Vec::with_capacity(rows.len());
    let mut persons: Vec<NewMissingPerson> = Vec::with_capacity(rows.len());
    for r in &rows {
        let p = person_from(r)?;
        ids.push(p.id.0);
        persons.push(p.person);
    }
    for table in ["missing_name_forms", "missing_name_forms_reversed"] {
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}")))
            .execute(&mut *tx)
            .await
            .context("clearing the name index")?;
    }
    index_forms(&mut tx, core.backend, &ids, &persons).await?;
    sqlx::query("DELETE FROM name_forms_version")
        .execute(&mut *tx)
        .await
        .context("recording the name forms' version")?;
    sqlx::query("INSERT INTO name_forms_version (id, version) VALUES (1, $1)")
        .bind(NAME_FORMS_VERSION)
        .execute(&mut *tx)
        .await
        .context("recording the name forms' version")?;
    tx.commit().await.context("re-indexing the rolls")?;
    if !persons.is_empty() {
        tracing::info!(persons = persons.len(), "re-indexed the names of the rolls");
    }
    Ok(true)
}
