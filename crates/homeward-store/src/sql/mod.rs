//! The SQL core shared by every aggregate on both engines: [`SqlStore`], the one implementation of
//! [`crate::Store`], and its [`Core`]: one `AnyPool`, the engine behind it and the dialect
//! differences the SQL must know about (how a write transaction begins, row locks, id
//! allocation), the write count, and what the store keeps in memory between requests.
//!
//! Every query uses `$1, $2, …` placeholders in increasing order, which both SQLite and PostgreSQL
//! accept, and only the column types the Any driver can decode (see the migrations).

pub(crate) mod audit;
pub(crate) mod backend;
pub(crate) mod localized;
pub(crate) mod row;
pub(crate) mod snapshot;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use homeward_domain::HistoricalHandover;
use homeward_ledger::KeyEncryptionKey;
use sqlx::pool::PoolConnection;
use sqlx::{Any, Row, Transaction};
use sqlx::{AnyConnection, AnyPool};

use crate::context::WriteContext;
use crate::error::{Context, StoreError, StoreResult};
use crate::registry::RegistryStats;
use crate::rolls::name_index::NameIndex;
use backend::Backend;

/// A registry store on SQLite or PostgreSQL (the engine is [`crate::Registry::backend`]): every
/// aggregate's trait is implemented for it once, in the aggregate's own `sql.rs`. Opened with
/// [`SqlStore::open`] (a SQLite file), [`SqlStore::open_postgres`] or [`SqlStore::open_in_schema`].
#[derive(Debug, Clone)]
pub struct SqlStore {
    pub(crate) core: Core,
}

impl SqlStore {
    /// Closes the pool, waiting for connections to be returned.
    pub async fn close(&self) {
        self.core.pool.close().await;
    }
}

/// An open transaction on either backend.
pub(crate) type Tx = Transaction<'static, Any>;

/// The pool, the dialect it speaks, and what the store keeps in memory between requests.
#[derive(Debug, Clone)]
pub(crate) struct Core {
    pub(crate) pool: AnyPool,
    pub(crate) backend: Backend,
    /// The key-encryption key once unlocked (shared by the store's clones).
    kek: Arc<RwLock<Option<Arc<KeyEncryptionKey>>>>,
    /// The in-memory copy of the rolls' name index.
    pub(crate) names: Arc<NameIndex>,
    /// Counts the writes this store (and its clones) committed: caches of whole-registry reads
    /// key on it, so a writer reads its own writes at once.
    pub(crate) writes: Arc<AtomicU64>,
    /// The dashboard's totals, as last counted (see [`snapshot::Snapshot`]).
    pub(crate) stats: Arc<snapshot::Snapshot<RegistryStats>>,
    /// The historical handovers, as last read (the dashboard shows them on every visit).
    pub(crate) handovers: Arc<snapshot::Snapshot<Vec<HistoricalHandover>>>,
}

impl Core {
    pub(crate) fn new(pool: AnyPool, backend: Backend) -> Self {
        Core {
            pool,
            backend,
            kek: Arc::default(),
            names: Arc::default(),
            writes: Arc::default(),
            stats: Arc::default(),
            handovers: Arc::default(),
        }
    }

    /// The unlocked key-encryption key, or [`StoreError::KeysLocked`].
    pub(crate) fn kek(&self) -> StoreResult<Arc<KeyEncryptionKey>> {
        self.kek
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
            .ok_or(StoreError::KeysLocked)
    }

    /// Keeps the key-encryption key for signing from now on.
    pub(crate) fn unlock(&self, kek: KeyEncryptionKey) {
        *self
            .kek
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(Arc::new(kek));
    }

    /// Begins a write transaction. SQLite takes the write lock at once (`BEGIN IMMEDIATE`), so a
    /// transaction that reads before it writes cannot fail half-way on a busy database.
    pub(crate) async fn begin_write(&self) -> StoreResult<Tx> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
        .context("beginning a transaction")
    }

    /// The suffix that locks the rows a read returns until the transaction ends (PostgreSQL);
    /// SQLite's write transaction already holds the database's write lock.
    pub(crate) fn for_update(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR UPDATE",
        }
    }
}

impl Core {
    /// Commits, naming what was being written if the commit fails, and counts the write (after
    /// the commit, so a reader that saw the old count cannot cache what it read as new).
    pub(crate) async fn commit(&self, tx: Tx, context: &'static str) -> StoreResult<()> {
        tx.commit().await.context(context)?;
        self.writes.fetch_add(1, Ordering::Release);
        Ok(())
    }

    /// A connection of the pool for a read of several statements; `context` names the read.
    pub(crate) async fn acquire(&self, context: &'static str) -> StoreResult<PoolConnection<Any>> {
        self.pool.acquire().await.context(context)
    }

    /// Records `change` in the audit log and commits (see [`Core::commit`]): how every audited
    /// write ends, so the entry and the change it describes are committed together or not at all.
    pub(crate) async fn audit_and_commit(
        &self,
        mut tx: Tx,
        ctx: WriteContext,
        change: audit::Change<'_>,
        context: &'static str,
    ) -> StoreResult<()> {
        audit::record(&mut tx, ctx, change).await?;
        self.commit(tx, context).await
    }

    /// How many writes this store has committed so far.
    pub(crate) fn write_count(&self) -> u64 {
        self.writes.load(Ordering::Acquire)
    }
}

/// Reserves `n` fresh ids for `table` inside a write transaction, in increasing order, so that
/// bulk inserts can name their rows' ids (and refer to them) without reading them back.
pub(crate) async fn allocate_ids(
    conn: &mut AnyConnection,
    backend: Backend,
    table: &'static str,
    n: usize,
) -> StoreResult<Vec<i64>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    match backend {
        Backend::Sqlite => {
            // The write lock is held (BEGIN IMMEDIATE), so nobody else can take these ids.
            let sql = format!("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS top FROM {table}");
            let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_one(&mut *conn)
                .await
                .context("reserving ids")?;
            let top: i64 = row.try_get("top").context("reserving ids")?;
            Ok((1..=n as i64).map(|i| top + i).collect())
        }
        Backend::Postgres => {
            let sql = format!(
                "SELECT nextval(pg_get_serial_sequence('{table}', 'id')) AS id \
                 FROM generate_series(1, $1)"
            );
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(n as i64)
                .fetch_all(&mut *conn)
                .await
                .context("reserving ids")?;
            let mut ids = rows
                .iter()
                .map(|r| r.try_get::<i64, _>("id"))
                .collect::<Result<Vec<_>, _>>()
                .context("reserving ids")?;
            ids.sort_unstable();
            Ok(ids)
        }
    }
}

/// `($1, $2, …), (…)` for `rows` rows of `cols` columns. SQLite gets anonymous `?` instead:
/// sqlx looks up each parameter's name, and SQLite's name lookup is a linear scan, so thousands
/// of named parameters in one statement would cost quadratic time.
pub(crate) fn values_placeholders(backend: Backend, rows: usize, cols: usize) -> String {
    let mut s = String::with_capacity(rows * cols * 6);
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        s.push('(');
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            match backend {
                Backend::Sqlite => s.push('?'),
                Backend::Postgres => {
                    s.push('$');
                    s.push_str(&(r * cols + c + 1).to_string());
                }
            }
        }
        s.push(')');
    }
    s
}

/// `$from, $from+1, …` — `n` placeholders for an `IN (…)` list.
pub(crate) fn list_placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The exclusive upper bound of the range of strings that start with `prefix` (byte order):
/// `prefix` followed by the greatest code point sorts after every string with that prefix.
pub(crate) fn prefix_upper_bound(prefix: &str) -> String {
    let mut s = String::with_capacity(prefix.len() + 4);
    s.push_str(prefix);
    s.push(char::MAX);
    s
}

/// Maps a unique-key violation to [`StoreError::Conflict`]; other errors keep their context.
pub(crate) fn conflict_or(
    err: sqlx::Error,
    what: &'static str,
    key: &str,
    context: &'static str,
) -> StoreError {
    if let sqlx::Error::Database(db) = &err
        && db.is_unique_violation()
    {
        return StoreError::Conflict {
            what,
            key: key.to_owned(),
        };
    }
    StoreError::Database {
        context,
        source: err,
    }
}

/// Sets `table.column` of the row `id` to a code (a state, status or role): the one statement of
/// each such change, which the caller has asked the domain about first.
pub(crate) async fn set_code(
    conn: &mut AnyConnection,
    (table, column): (&'static str, &'static str),
    id: i64,
    code: &str,
    context: &'static str,
) -> StoreResult<()> {
    let sql = format!("UPDATE {table} SET {column} = $1 WHERE id = $2");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(code)
        .bind(id)
        .execute(&mut *conn)
        .await
        .context(context)?;
    Ok(())
}

/// Whether a row with this id exists in `table`.
pub(crate) async fn exists(
    conn: &mut AnyConnection,
    table: &'static str,
    id: i64,
) -> StoreResult<bool> {
    let sql = format!("SELECT id FROM {table} WHERE id = $1");
    Ok(sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .context("checking a reference")?
        .is_some())
}

/// `INSERT INTO table (columns) SELECT …` that reads its rows from one parameter: a JSON array
/// of rows, each an array of the columns' values in order. `columns` pairs each column with its
/// PostgreSQL type (SQLite keeps JSON's own types). A bulk write binds one value per thousands
/// of rows instead of one per cell: the driver's copy of every bound value costs more than the
/// insert itself.
pub(crate) fn insert_from_json_sql(
    backend: Backend,
    table: &str,
    columns: &[(&str, &str)],
) -> String {
    let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
    let values: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, (_, ty))| match backend {
            Backend::Sqlite => format!("json_extract(value, '$[{i}]')"),
            Backend::Postgres => format!("(e->>{i})::{ty}"),
        })
        .collect();
    let source = match backend {
        Backend::Sqlite => "json_each(?)",
        Backend::Postgres => "jsonb_array_elements($1::jsonb) e",
    };
    format!(
        "INSERT INTO {table} ({}) SELECT {} FROM {source}",
        names.join(", "),
        values.join(", ")
    )
}

/// Runs `sql` (from [`insert_from_json_sql`]) once per `chunk` rows.
pub(crate) async fn insert_json_rows<R: serde::Serialize>(
    conn: &mut AnyConnection,
    sql: &str,
    rows: &[R],
    chunk: usize,
    context: &'static str,
) -> StoreResult<()> {
    for part in rows.chunks(chunk) {
        let json = serde_json::to_string(part)
            .map_err(|e| sqlx::Error::Encode(Box::new(e)))
            .context(context)?;
        sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .bind(json)
            .execute(&mut *conn)
            .await
            .context(context)?;
    }
    Ok(())
}
