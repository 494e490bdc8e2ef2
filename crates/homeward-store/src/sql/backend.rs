//! Which database engine is behind a store: what the SQL core asks where the dialects differ.

/// Which database engine is behind a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite, one file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}
