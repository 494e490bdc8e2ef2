//! Frequency databases in SQL: one immutable row per version (triggers refuse UPDATE and
//! DELETE), the next version under a name numbered inside the write transaction.

use async_trait::async_trait;
use homeward_domain::{DomainError, Phrase, Timestamp};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Frequencies, FrequencyDatabase, NewFrequencyDatabase};
use crate::context::WriteContext;
use crate::error::{Context, StoreResult};
use crate::sql::SqlStore;
use crate::sql::audit::Change;
use crate::sql::row::{Get, read_all, read_one};

const COLUMNS: &str =
    "id, name, version, source_format, markers, rare_allele_frequency, imported_at";

#[async_trait]
impl Frequencies for SqlStore {
    async fn import_frequency_database(
        &self,
        db: &NewFrequencyDatabase,
        ctx: WriteContext,
    ) -> StoreResult<FrequencyDatabase> {
        if db.name.trim().is_empty() || db.name.contains('@') {
            return Err(DomainError::invalid(
                "name",
                format!(
                    "\"{}\": a frequency database needs a name without `@`",
                    db.name
                ),
            )
            .into());
        }
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        let row = sqlx::query(
            "SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) AS top \
             FROM frequency_databases WHERE name = $1",
        )
        .bind(&db.name)
        .fetch_one(&mut *tx)
        .await
        .context("numbering a frequency database")?;
        let top: i64 = row
            .try_get("top")
            .context("numbering a frequency database")?;
        let version = top + 1;
        let inserted = sqlx::query(
            "INSERT INTO frequency_databases \
             (name, version, source_format, markers, rare_allele_frequency, imported_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&db.name)
        .bind(version)
        .bind(&db.source_format)
        .bind(&db.markers_json)
        .bind(db.rare_allele_frequency)
        .bind(ctx.at.0)
        .fetch_one(&mut *tx)
        .await
        .context("storing a frequency database")?;
        let id: i64 = inserted
            .try_get("id")
            .context("storing a frequency database")?;
        let key = format!("{}@{version}", db.name);
        let detail = Phrase::new("sys-dna-frequencies-imported")
            .text("name", &db.name)
            .number("version", version)
            .stored();
        let change = Change::new("dna.frequencies", "frequency_database", &key, &detail);
        core.audit_and_commit(tx, ctx, change, "storing a frequency database")
            .await?;
        Ok(FrequencyDatabase {
            id,
            name: db.name.clone(),
            version,
            source_format: db.source_format.clone(),
            markers_json: db.markers_json.clone(),
            rare_allele_frequency: db.rare_allele_frequency,
            imported_at: ctx.at,
        })
    }

    async fn frequency_database(
        &self,
        name: &str,
        version: Option<i64>,
    ) -> StoreResult<Option<FrequencyDatabase>> {
        let sql = match version {
            Some(_) => format!(
                "SELECT {COLUMNS} FROM frequency_databases WHERE name = $1 AND version = $2"
            ),
            None => format!(
                "SELECT {COLUMNS} FROM frequency_databases WHERE name = $1 \
                 ORDER BY version DESC LIMIT 1"
            ),
        };
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(name.to_owned());
        if let Some(v) = version {
            query = query.bind(v);
        }
        read_one(
            &self.core.pool,
            query,
            database_from,
            "reading a frequency database",
        )
        .await
    }

    async fn frequency_databases(&self) -> StoreResult<Vec<FrequencyDatabase>> {
        let sql = format!("SELECT {COLUMNS} FROM frequency_databases ORDER BY id");
        read_all(
            &self.core.pool,
            sqlx::query(sqlx::AssertSqlSafe(sql)),
            database_from,
            "reading frequency databases",
        )
        .await
    }
}

fn database_from(r: &AnyRow) -> StoreResult<FrequencyDatabase> {
    Ok(FrequencyDatabase {
        id: r.int("id")?,
        name: r.text("name")?,
        version: r.int("version")?,
        source_format: r.text("source_format")?,
        markers_json: r.text("markers")?,
        rare_allele_frequency: r.opt_real("rare_allele_frequency")?,
        imported_at: Timestamp(r.int("imported_at")?),
    })
}
