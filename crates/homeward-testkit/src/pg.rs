//! A PostgreSQL schema of its own per test, dropped when its guard is dropped — also when the
//! test panics, so a failing check leaves nothing behind in the shared test database.

use std::io::Write;
use std::sync::atomic::{AtomicU32, Ordering};

use homeward_store::PgStore;
use sqlx::{Connection, PgConnection};

/// The environment variable naming the tests' PostgreSQL database
/// (e.g. `postgres://postgres@127.0.0.1:5432/test`).
pub const TEST_PG: &str = "HOMEWARD_TEST_PG";

/// Schemas made by this process so far: with the process id, each schema's name is unique even
/// when one test makes several or test binaries run at once.
static MADE: AtomicU32 = AtomicU32::new(0);

/// A uniquely named schema in the tests' PostgreSQL database, created by [`PgSchema::create`]
/// and dropped (with everything in it) when this guard is dropped.
///
/// The drop blocks: it runs on a thread of its own with a current-thread runtime, so it works
/// inside the test's async runtime and while the test unwinds from a panic.
#[derive(Debug)]
pub struct PgSchema {
    url: String,
    name: String,
}

impl PgSchema {
    /// A fresh schema for `test` in the database [`TEST_PG`] names, or `None` after one SKIP
    /// line ([`crate::skip`]) when it is not set.
    pub async fn from_env(test: &str) -> Option<PgSchema> {
        let Ok(url) = std::env::var(TEST_PG) else {
            crate::skip(&format!(
                "{TEST_PG} is not set; {test} not run on PostgreSQL"
            ));
            return None;
        };
        Some(PgSchema::create(&url, test).await)
    }

    /// Creates a fresh schema for `test` in the database at `url`: `hw_<test>_<pid>_<n>`, the
    /// test's name folded to the identifiers the store accepts (`[a-z0-9_]`).
    pub async fn create(url: &str, test: &str) -> PgSchema {
        let folded: String = test
            .chars()
            .map(|c| match c.to_ascii_lowercase() {
                c @ ('a'..='z' | '0'..='9') => c,
                _ => '_',
            })
            .take(32)
            .collect();
        let n = MADE.fetch_add(1, Ordering::Relaxed);
        let schema = PgSchema {
            url: url.to_owned(),
            name: format!("hw_{folded}_{}_{n}", std::process::id()),
        };
        // The guard exists before the schema does, so even a failed CREATE leaves nothing.
        let create = format!("CREATE SCHEMA \"{}\"", schema.name);
        let mut conn = PgConnection::connect(url)
            .await
            .unwrap_or_else(|e| panic!("connect to {TEST_PG}: {e}"));
        sqlx::raw_sql(sqlx::AssertSqlSafe(create))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("create schema {}: {e}", schema.name));
        conn.close().await.expect("close the connection");
        schema
    }

    /// The schema's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The database's URL, as [`TEST_PG`] gave it.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The URL of the database with `search_path` set to this schema, as an operator's `--db`
    /// would name it.
    pub fn url_in_schema(&self) -> String {
        let separator = if self.url.contains('?') { '&' } else { '?' };
        format!("{}{separator}options[search_path]={}", self.url, self.name)
    }

    /// A store over this schema (migrations applied).
    pub async fn open(&self) -> PgStore {
        PgStore::open_in_schema(&self.url, &self.name)
            .await
            .unwrap_or_else(|e| panic!("open a PostgreSQL store in schema {}: {e}", self.name))
    }

    /// Whether a schema named `name` exists in the database at `url`.
    pub async fn exists(url: &str, name: &str) -> bool {
        let mut conn = PgConnection::connect(url)
            .await
            .unwrap_or_else(|e| panic!("connect to {TEST_PG}: {e}"));
        let found: i64 = sqlx::query_scalar("SELECT count(*) FROM pg_namespace WHERE nspname = $1")
            .bind(name)
            .fetch_one(&mut conn)
            .await
            .expect("read pg_namespace");
        conn.close().await.expect("close the connection");
        found > 0
    }
}

/// Drops `name` at `url` on a runtime of its own; a lock held by a connection the test left in
/// a transaction makes it give up after a while instead of hanging the test run.
fn drop_schema(url: &str, name: &str) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime
        .block_on(async {
            let mut conn = PgConnection::connect(url).await?;
            sqlx::raw_sql("SET lock_timeout = '30s'")
                .execute(&mut conn)
                .await?;
            let drop = format!("DROP SCHEMA IF EXISTS \"{name}\" CASCADE");
            sqlx::raw_sql(sqlx::AssertSqlSafe(drop))
                .execute(&mut conn)
                .await?;
            conn.close().await
        })
        .map_err(|e: sqlx::Error| e.to_string())
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        let (url, name) = (self.url.clone(), self.name.clone());
        let dropped = std::thread::spawn(move || drop_schema(&url, &name))
            .join()
            .unwrap_or_else(|_| Err("the dropping thread panicked".into()));
        if let Err(e) = dropped {
            // A second panic while unwinding would abort the whole test binary: only say it then.
            if std::thread::panicking() {
                let _ = writeln!(std::io::stderr(), "schema {} not dropped: {e}", self.name);
            } else {
                panic!("schema {} not dropped: {e}", self.name);
            }
        }
    }
}

/// What keeps a test's database alive until it is dropped: its SQLite directory or its
/// PostgreSQL schema.
pub type Keep = Box<dyn std::any::Any>;

/// A fresh store with its signing keys unlocked on each backend there is: SQLite, and
/// PostgreSQL in a schema of its own named after `test` when [`TEST_PG`] is set.
pub async fn backends(test: &str) -> Vec<(Keep, std::sync::Arc<dyn homeward_store::Store>)> {
    use std::sync::Arc;
    let (dir, sqlite) = crate::registry::fresh_store().await;
    let mut stores: Vec<(Keep, Arc<dyn homeward_store::Store>)> = vec![(Box::new(dir), sqlite)];
    if let Some(schema) = PgSchema::from_env(test).await {
        let pg: Arc<dyn homeward_store::Store> = Arc::new(schema.open().await);
        crate::registry::unlock(pg.as_ref()).await;
        stores.push((Box::new(schema), pg));
    }
    stores
}
