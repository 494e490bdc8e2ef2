//! The JSON out of the audit log.

use homeward_domain::AuditEntry;
use serde::Serialize;
use utoipa::ToSchema;

use crate::i18n::api_text;

pub use crate::remains::dto::{CustodyEntryDto, IdentificationDto};

/// One audit log entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryDto {
    /// Sequence number.
    pub id: i64,
    /// Who (`null` for the system).
    pub actor: Option<String>,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Kind of change.
    pub action: String,
    /// Kind of thing changed.
    pub entity: String,
    /// Its key.
    pub entity_key: String,
    /// What changed: a line the system wrote, in English (the audit page shows it in the
    /// reader's language).
    pub detail: String,
}

impl From<&AuditEntry> for AuditEntryDto {
    fn from(a: &AuditEntry) -> Self {
        AuditEntryDto {
            id: a.id,
            actor: a.actor_name.clone(),
            at: a.entry.at.to_rfc3339(),
            action: a.entry.action.clone(),
            entity: a.entry.entity.clone(),
            entity_key: a.entry.entity_key.clone(),
            detail: api_text(&a.entry.detail),
        }
    }
}
