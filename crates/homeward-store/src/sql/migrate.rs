//! Applies the backend's embedded migrations in order, each in its own transaction, recording
//! them in `schema_migrations`. Migrations are append-only: a released file never changes.

use std::time::{SystemTime, UNIX_EPOCH};

use super::Core;
use crate::{Backend, StoreError, StoreResult};

/// One embedded migration file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Migration {
    /// Its number (the file name's prefix).
    pub(crate) version: i64,
    /// Its file name.
    pub(crate) name: &'static str,
    /// Its SQL (several statements).
    pub(crate) sql: &'static str,
}

/// Applies the migrations not yet applied; returns the names of those it applied.
pub(crate) async fn run(core: &Core, migrations: &[Migration]) -> StoreResult<Vec<String>> {
    let mut applied = Vec::new();
    for m in migrations {
        let fail = |source| StoreError::Migration {
            version: m.version,
            name: m.name,
            source,
        };
        let mut tx = core.begin_write().await?;
        if core.backend == Backend::Postgres {
            // Two processes (or parallel tests) migrating the same schema take turns.
            sqlx::raw_sql(
                "DO $$ BEGIN PERFORM pg_advisory_xact_lock(hashtext(current_schema())); END $$",
            )
            .execute(&mut *tx)
            .await
            .map_err(fail)?;
        }
        sqlx::raw_sql(
            "CREATE TABLE IF NOT EXISTS schema_migrations (\
               version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
        )
        .execute(&mut *tx)
        .await
        .map_err(fail)?;
        let done = sqlx::query("SELECT name FROM schema_migrations WHERE version = $1")
            .bind(m.version)
            .fetch_optional(&mut *tx)
            .await
            .map_err(fail)?
            .is_some();
        if done {
            tx.rollback().await.map_err(fail)?;
            continue;
        }
        sqlx::raw_sql(m.sql).execute(&mut *tx).await.map_err(fail)?;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        sqlx::query(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        )
        .bind(m.version)
        .bind(m.name)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(fail)?;
        tx.commit().await.map_err(fail)?;
        tracing::info!(migration = m.name, "applied migration");
        applied.push(m.name.to_owned());
    }
    Ok(applied)
}
