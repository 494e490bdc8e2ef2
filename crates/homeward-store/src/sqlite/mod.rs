//! The SQLite engine: the embedded default, one file in WAL mode with foreign keys enforced.

use std::path::Path;
use std::time::Duration;

use sqlx::Executor;
use sqlx::any::AnyPoolOptions;

use crate::error::{Context, StoreError, StoreResult};
use crate::migrations;
use crate::sql::backend::Backend;
use crate::sql::{Core, SqlStore};

/// Set on every connection: WAL lets readers work beside the writer; `busy_timeout` makes a
/// second writer wait for the lock instead of failing; NORMAL sync is durable in WAL mode
/// except against power loss of the last commits.
const PRAGMAS: &str = "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; \
     PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; \
     PRAGMA temp_store = MEMORY;";

/// Connections in the pool (readers run in parallel; writers take turns).
const MAX_CONNECTIONS: u32 = 8;

/// Creates `path` empty and readable by its owner only (0600 on Unix), refusing an existing
/// file: the store, its `-wal` and `-shm` (SQLite gives them the main file's mode) and backups
/// hold family data and the sealed signing keys.
pub(crate) fn create_private(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

/// A `sqlite:` URL for a file path, creating the file (owner-only) if absent.
fn url_for_path(path: &Path) -> StoreResult<String> {
    let text = path.to_str().ok_or_else(|| StoreError::Open {
        location: path.display().to_string(),
        reason: "the path is not valid UTF-8".to_owned(),
    })?;
    if !path.exists() {
        match create_private(path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(StoreError::Open {
                    location: text.to_owned(),
                    reason: e.to_string(),
                });
            }
        }
    }
    let mut encoded = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/._-~:".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    Ok(format!("sqlite://{encoded}?mode=rwc"))
}

impl SqlStore {
    /// Opens (creating if absent) the SQLite store at `path` and applies pending migrations.
    pub async fn open(path: &Path) -> StoreResult<Self> {
        Ok(Self::open_sqlite_path(path).await?.0)
    }

    /// Opens a `sqlite:` URL (`mode=rwc` is added when the URL has no parameters).
    pub(crate) async fn open_sqlite_url(url: &str) -> StoreResult<(Self, Vec<String>)> {
        let url = if url.contains('?') {
            url.to_owned()
        } else {
            format!("{url}?mode=rwc")
        };
        Self::open_sqlite(&url, &url).await
    }

    /// Opens the path and returns the migrations it applied.
    pub(crate) async fn open_sqlite_path(path: &Path) -> StoreResult<(Self, Vec<String>)> {
        Self::open_sqlite(&url_for_path(path)?, &path.display().to_string()).await
    }

    async fn open_sqlite(url: &str, location: &str) -> StoreResult<(Self, Vec<String>)> {
        sqlx::any::install_default_drivers();
        let pool = AnyPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute(sqlx::raw_sql(PRAGMAS)).await?;
                    Ok(())
                })
            })
            .connect(url)
            .await
            .map_err(|e| StoreError::Open {
                location: location.to_owned(),
                reason: e.to_string(),
            })?;
        let core = Core::new(pool, Backend::Sqlite);
        let applied = migrations::apply(&core).await?;
        Ok((SqlStore { core }, applied))
    }
}

/// Writes a consistent copy of the live database to `path` with `VACUUM INTO` (readers and
/// writers carry on meanwhile) into a file created owner-only (0600) first; refuses to
/// overwrite an existing file.
pub(crate) async fn backup(core: &Core, path: &Path) -> StoreResult<()> {
    if path.exists() {
        return Err(StoreError::Conflict {
            what: "backup file",
            key: path.display().to_string(),
        });
    }
    let target = path.to_str().ok_or_else(|| StoreError::Open {
        location: path.display().to_string(),
        reason: "the backup path is not valid UTF-8".to_owned(),
    })?;
    // VACUUM INTO accepts an empty file and keeps its mode; a file created by SQLite would get
    // the umask's (often world-readable).
    create_private(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => StoreError::Conflict {
            what: "backup file",
            key: path.display().to_string(),
        },
        _ => StoreError::Open {
            location: target.to_owned(),
            reason: format!("creating the backup file: {e}"),
        },
    })?;
    let written = sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(&core.pool)
        .await
        .context("writing the backup");
    if written.is_err() {
        let _ = std::fs::remove_file(path);
    }
    written.map(drop)
}
