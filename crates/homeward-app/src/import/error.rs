//! What an import can refuse, naming the file, the line and the field so the user can fix it.

use homeward_store::StoreError;

/// Why an import was refused. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The file as the user named it.
        file: String,
        /// The operating system's complaint.
        source: std::io::Error,
    },
    /// The file is not well-formed CSV (e.g. a row with the wrong number of fields, bad UTF-8).
    #[error("{file}, line {line}: not valid CSV: {reason}")]
    Malformed {
        /// The file.
        file: String,
        /// The physical line where the bad record starts (the header is line 1).
        line: u64,
        /// What the CSV reader found.
        reason: String,
    },
    /// The header row is missing, names an unknown column, or lacks a required one.
    #[error("{file}, line 1 (header): {reason}")]
    Header {
        /// The file.
        file: String,
        /// What is wrong with the header.
        reason: String,
    },
    /// The kind of rows could not be told from the header.
    #[error(
        "{file}: cannot tell what the file holds from its header; name the kind \
         (sites, remains, effects, missing)"
    )]
    UnknownKind {
        /// The file.
        file: String,
    },
    /// A value is missing, malformed, breaks a registry rule, or refers to something unknown.
    #[error("{file}, line {line}, field \"{field}\": {reason}")]
    InvalidField {
        /// The file.
        file: String,
        /// The physical line of the row (the header is line 1).
        line: u64,
        /// The CSV column.
        field: String,
        /// Why the value was refused, naming it.
        reason: String,
    },
    /// The store refused or failed to write the batch (nothing was written).
    #[error("the import was not written: {0}")]
    Store(#[from] StoreError),
}

impl ImportError {
    /// Whether the error lies in the input (a bad or unreadable file the user named) rather
    /// than in the store.
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, ImportError::Store(_))
    }
}
