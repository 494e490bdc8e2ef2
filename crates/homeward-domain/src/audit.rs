//! The audit log: every write records who, when, and what changed.

use crate::{Timestamp, UserId};

/// An audit entry to be written in the same transaction as the change it describes.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAuditEntry {
    /// Who did it (`None` for the system itself, e.g. migrations or demo seeding).
    pub actor: Option<UserId>,
    /// When.
    pub at: Timestamp,
    /// What kind of change, e.g. `remains.create`, `remains.status`, `import`.
    pub action: String,
    /// The kind of thing changed, e.g. `remains_case`.
    pub entity: String,
    /// Its key (id or accession number).
    pub entity_key: String,
    /// What changed, human-readable (e.g. `status: examined → nationality_determined`).
    pub detail: String,
}

/// A stored audit entry.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    /// Sequence number.
    pub id: i64,
    /// Actor's username, if any.
    pub actor_name: Option<String>,
    /// The entry.
    pub entry: NewAuditEntry,
}
