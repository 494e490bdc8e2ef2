//! What a store can refuse or fail at, in the user's terms.

use homeward_domain::DomainError;

/// A store operation failed; a refused write changed nothing.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The registry's rules refused the change (e.g. an illegal lifecycle transition).
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// The thing named does not exist.
    #[error("no {what} \"{key}\"")]
    NotFound {
        /// What kind of thing (e.g. "remains case").
        what: &'static str,
        /// The key looked up (id, accession number, code).
        key: String,
    },
    /// The change would duplicate a unique key (e.g. an accession number already in use).
    #[error("{what} \"{key}\" already exists")]
    Conflict {
        /// What kind of thing.
        what: &'static str,
        /// The duplicated key.
        key: String,
    },
    /// This backend cannot do that (e.g. `backup` on PostgreSQL: use pg_dump).
    #[error("{0}")]
    Unsupported(String),
    /// The location of the store is not understood.
    #[error("cannot open store \"{location}\": {reason}")]
    Open {
        /// The `--db` value.
        location: String,
        /// Why.
        reason: String,
    },
    /// A migration failed.
    #[error("migration {version} ({name}) failed: {source}")]
    Migration {
        /// The migration's number.
        version: i64,
        /// The migration's file name.
        name: &'static str,
        /// The database's complaint.
        source: sqlx::Error,
    },
    /// The database failed.
    #[error("database error while {context}: {source}")]
    Database {
        /// What the store was doing.
        context: &'static str,
        /// The database's complaint.
        source: sqlx::Error,
    },
    /// Entries given to the ledger do not continue it from its head: another writer appended
    /// first (read the head again and re-sign), or the entries are not one chain.
    #[error("ledger entry {sequence} does not continue the chain: {reason}")]
    LedgerFork {
        /// The sequence number the refused entry claims.
        sequence: u64,
        /// What does not fit.
        reason: String,
    },
    /// Signing needs a secret key and the store's keys are still locked.
    #[error(
        "the organization signing keys are encrypted and locked: provide the key-encryption \
         key (a key file or a passphrase) to sign"
    )]
    KeysLocked,
    /// The key-encryption key is wrong, or a sealed secret fails authentication.
    #[error(transparent)]
    KeyEncryption(#[from] homeward_ledger::SealError),
    /// A stored value could not be read back (corruption or a newer schema).
    #[error("stored {field} is unreadable: {reason}")]
    Corrupt {
        /// The column.
        field: &'static str,
        /// Why.
        reason: String,
    },
}

/// Shorthand for results of store operations.
pub type StoreResult<T> = Result<T, StoreError>;

/// Attaches what the store was doing to a database error.
pub(crate) trait Context<T> {
    /// Wraps the error as [`StoreError::Database`].
    fn context(self, context: &'static str) -> StoreResult<T>;
}

impl<T> Context<T> for Result<T, sqlx::Error> {
    fn context(self, context: &'static str) -> StoreResult<T> {
        self.map_err(|source| StoreError::Database { context, source })
    }
}

impl StoreError {
    /// [`StoreError::NotFound`]: no `what` has `key`.
    pub(crate) fn not_found(what: &'static str, key: impl Into<String>) -> Self {
        StoreError::NotFound {
            what,
            key: key.into(),
        }
    }
}
