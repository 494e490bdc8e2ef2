//! The PostgreSQL engine. `open_in_schema` gives each test (or tenant) its own schema by setting
//! `search_path` on every pooled connection.

use std::sync::Arc;
use std::time::Duration;

use sqlx::AnyConnection;
use sqlx::any::AnyPoolOptions;
use sqlx::{Connection, Executor};

use crate::error::{Context, StoreError, StoreResult};
use crate::migrations;
use crate::sql::backend::Backend;
use crate::sql::{Core, SqlStore};

/// Connections in the pool.
const MAX_CONNECTIONS: u32 = 8;

/// Whether `schema` is a plain lower-case identifier (it is spliced into SQL).
fn valid_schema(schema: &str) -> bool {
    !schema.is_empty()
        && schema.len() <= 63
        && schema.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && schema
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Hides the password of a URL for error messages.
fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &userinfo[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

impl SqlStore {
    /// Connects to `url` (`postgres://…`) and applies pending migrations in the default schema.
    pub async fn open_postgres(url: &str) -> StoreResult<Self> {
        Ok(Self::connect_postgres(url, None).await?.0)
    }

    /// Connects to `url`, creates `schema` if absent, sets `search_path` to it on every pooled
    /// connection and applies pending migrations there: each test gets an isolated registry.
    /// `schema` must be a lower-case identifier (`[a-z_][a-z0-9_]*`).
    pub async fn open_in_schema(url: &str, schema: &str) -> StoreResult<Self> {
        Ok(Self::connect_postgres(url, Some(schema)).await?.0)
    }

    /// Drops `schema` (the one given to [`Self::open_in_schema`]) and everything in it, then
    /// closes the pool: tests clean up after themselves; the store is unusable afterwards.
    pub async fn drop_schema(&self, schema: &str) -> StoreResult<()> {
        if !valid_schema(schema) {
            return Err(StoreError::Unsupported(format!(
                "\"{schema}\" is not a schema name this store creates"
            )));
        }
        let sql = format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&self.core.pool)
            .await
            .context("dropping a schema")?;
        self.core.pool.close().await;
        Ok(())
    }

    /// Connects, optionally inside `schema`, and returns the migrations applied.
    pub(crate) async fn connect_postgres(
        url: &str,
        schema: Option<&str>,
    ) -> StoreResult<(Self, Vec<String>)> {
        sqlx::any::install_default_drivers();
        let open_err = |reason: String| StoreError::Open {
            location: redacted(url),
            reason,
        };
        let set_path: Option<Arc<str>> = match schema {
            Some(s) if valid_schema(s) => Some(format!("SET search_path TO \"{s}\"").into()),
            Some(s) => {
                return Err(open_err(format!(
                    "schema \"{s}\" must be a lower-case identifier ([a-z_][a-z0-9_]*)"
                )));
            }
            None => None,
        };
        let mut options = AnyPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(Duration::from_secs(30));
        // One direct connection first: a wrong URL fails at once with the server's reason
        // instead of after the pool's retries; it also creates the schema before the pool.
        let mut conn = AnyConnection::connect(url)
            .await
            .map_err(|e| open_err(e.to_string()))?;
        if let Some(schema) = schema {
            let create = format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\"");
            conn.execute(sqlx::raw_sql(sqlx::AssertSqlSafe(create)))
                .await
                .map_err(|e| open_err(format!("creating schema \"{schema}\": {e}")))?;
        }
        conn.close().await.map_err(|e| open_err(e.to_string()))?;
        if let Some(set_path) = set_path {
            options = options.after_connect(move |conn, _meta| {
                let set_path = set_path.clone();
                Box::pin(async move {
                    conn.execute(sqlx::raw_sql(sqlx::AssertSqlSafe(set_path.to_string())))
                        .await?;
                    Ok(())
                })
            });
        }
        let pool = options
            .connect(url)
            .await
            .map_err(|e| open_err(e.to_string()))?;
        let core = Core::new(pool, Backend::Postgres);
        let applied = migrations::apply(&core).await?;
        Ok((SqlStore { core }, applied))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_names_are_plain_identifiers() {
        assert!(valid_schema("hw_test_12"));
        assert!(!valid_schema("Bad"));
        assert!(!valid_schema("x; DROP TABLE y"));
        assert!(!valid_schema(""));
    }

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redacted("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redacted("postgres://u@h/db"), "postgres://u@h/db");
    }
}
