//! The schema's migrations: one list, read by both engines (each migration is a file per engine,
//! `migrations/{sqlite,postgres}/NNNN_name.sql`) and by the tests. Each is applied in its own
//! transaction, in order, and recorded in `schema_migrations` under its number (its place in
//! the list). Migrations are append-only: a released file never changes; a change of schema is a
//! new pair of files and one more line in [`MIGRATIONS`].

use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::{StoreError, StoreResult};
use crate::sql::Core;
use crate::sql::backend::Backend;

/// One migration: its file name (the same in both engines' folders) and each engine's SQL.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// Its file name, `NNNN_name.sql`; `NNNN` is its place in [`MIGRATIONS`], from 1.
    pub name: &'static str,
    /// Its SQL for SQLite (several statements).
    pub sqlite: &'static str,
    /// Its SQL for PostgreSQL (several statements).
    pub postgres: &'static str,
}

/// The migration in `migrations/sqlite/$file` and `migrations/postgres/$file`.
macro_rules! migration {
    ($file:literal) => {
        Migration {
            name: $file,
            sqlite: include_str!(concat!("../migrations/sqlite/", $file)),
            postgres: include_str!(concat!("../migrations/postgres/", $file)),
        }
    };
}

/// Every migration, in order (append-only).
pub const MIGRATIONS: &[Migration] = &[
    migration!("0001_registry.sql"),
    migration!("0002_ledger.sql"),
    migration!("0003_repatriation.sql"),
    migration!("0004_identification.sql"),
    migration!("0005_tokens.sql"),
    migration!("0006_sealed_keys.sql"),
    migration!("0007_localized_names.sql"),
    migration!("0008_name_forms_version.sql"),
    migration!("0009_gazetteer.sql"),
    migration!("0010_dna.sql"),
    migration!("0011_remains_relations.sql"),
    migration!("0012_contamination.sql"),
    migration!("0013_lineage_profiles.sql"),
];

/// Applies the migrations not yet applied; returns the names of those it applied.
pub(crate) async fn apply(core: &Core) -> StoreResult<Vec<String>> {
    let mut applied = Vec::new();
    for (m, version) in MIGRATIONS.iter().zip(1..) {
        let sql = match core.backend {
            Backend::Sqlite => m.sqlite,
            Backend::Postgres => m.postgres,
        };
        let fail = |source| StoreError::Migration {
            version,
            name: m.name,
            source,
        };
        let mut tx = core.begin_write().await?;
        // Two processes (or parallel tests) migrating the same schema take turns.
        lock_schema(&mut tx, core.backend).await.map_err(fail)?;
        sqlx::raw_sql(
            "CREATE TABLE IF NOT EXISTS schema_migrations (\
               version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
        )
        .execute(&mut *tx)
        .await
        .map_err(fail)?;
        let done = sqlx::query("SELECT name FROM schema_migrations WHERE version = $1")
            .bind(version)
            .fetch_optional(&mut *tx)
            .await
            .map_err(fail)?
            .is_some();
        if done {
            tx.rollback().await.map_err(fail)?;
            continue;
        }
        sqlx::raw_sql(sql).execute(&mut *tx).await.map_err(fail)?;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        sqlx::query(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        )
        .bind(version)
        .bind(m.name)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(fail)?;
        tx.commit().await.map_err(fail)?;
        tracing::info!(migration = m.name, "applied migration");
        applied.push(m.name.to_owned());
    }
    crate::rolls::reindex::refresh(core).await?;
    Ok(applied)
}

/// On PostgreSQL, takes the schema's advisory lock for the transaction, so that two processes
/// changing the same schema's structure (migrating, re-indexing) take turns; SQLite's write
/// transaction already excludes every other writer.
pub(crate) async fn lock_schema(
    tx: &mut sqlx::AnyConnection,
    backend: Backend,
) -> Result<(), sqlx::Error> {
    if backend == Backend::Postgres {
        sqlx::raw_sql(
            "DO $$ BEGIN PERFORM pg_advisory_xact_lock(hashtext(current_schema())); END $$",
        )
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The files of one engine's folder, by name.
    fn files(engine: &str) -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(engine);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn every_file_is_listed_once_in_order_and_numbered_by_its_place() {
        let listed: Vec<String> = MIGRATIONS.iter().map(|m| m.name.to_owned()).collect();
        assert_eq!(
            files("sqlite"),
            listed,
            "migrations/sqlite against MIGRATIONS"
        );
        assert_eq!(
            files("postgres"),
            listed,
            "migrations/postgres against MIGRATIONS"
        );
        for (m, version) in MIGRATIONS.iter().zip(1..) {
            assert!(
                m.name.starts_with(&format!("{version:04}_")) && m.name.ends_with(".sql"),
                "migration {version} is named {}",
                m.name
            );
        }
    }
}
