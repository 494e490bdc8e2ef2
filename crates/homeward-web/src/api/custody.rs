//! A remains case's custody timeline: the ledger entries that name it, as the API and the case
//! page show them. Rows are shown as stored; `homeward ledger verify` is what checks them.

use homeward_domain::Timestamp;
use homeward_ledger::{CustodyEvent, SignedEntry};
use homeward_store::{LedgerRow, Store};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ApiResult;

/// One custody ledger entry naming the case.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CustodyEntryDto {
    /// Position in the ledger (1 for its first entry).
    pub sequence: i64,
    /// When it happened, RFC 3339 UTC.
    pub time: String,
    /// Event kind code, e.g. `recovered`, `nationality_determined`, `handed_over`;
    /// `unreadable` for a stored row that does not decode.
    pub kind: String,
    /// The kind's own fields in a line, e.g. the site, facility or receiving organization.
    pub event: String,
    /// The person acting.
    pub actor: String,
    /// The acting organization, whose key signed the entry.
    pub organization: String,
    /// Where it happened.
    pub location: String,
    /// Accession numbers of every remains case the entry names.
    pub remains: Vec<String>,
    /// Free text (for an unreadable row: why it cannot be read).
    pub details: String,
    /// The entry's SHA-256 hash as recorded, 64 hex characters.
    pub hash: String,
    /// Fingerprint of the signing key, 16 hex characters.
    pub signer_key_id: String,
}

/// The kind's fields as one line.
fn event_line(event: &CustodyEvent) -> String {
    match event {
        CustodyEvent::Recovered { site } => site.clone(),
        CustodyEvent::Moved { from, to } => format!("{from} → {to}"),
        CustodyEvent::Stored { facility } => facility.clone(),
        CustodyEvent::Sampled {
            sample_id,
            material,
        } => format!("{sample_id} ({material})"),
        CustodyEvent::Examined { examination } => examination.clone(),
        CustodyEvent::NationalityDetermined { nationality, basis } => {
            format!("{nationality}: {basis}")
        }
        CustodyEvent::Encoffined { casket_number } => format!("#{casket_number}"),
        CustodyEvent::Sealed {
            casket_number,
            seal,
        } => format!("#{casket_number}, {seal}"),
        CustodyEvent::HandedOver {
            from_organization,
            to_organization,
        } => format!("{from_organization} → {to_organization}"),
        CustodyEvent::Received { from_organization } => from_organization.clone(),
        CustodyEvent::Transported {
            carrier,
            vehicle,
            flight,
            from,
            to,
        } => {
            let flight = flight
                .as_deref()
                .map(|f| format!(" {f}"))
                .unwrap_or_default();
            format!("{carrier}, {vehicle}{flight}: {from} → {to}")
        }
        CustodyEvent::Buried {
            cemetery,
            section,
            row,
            plot,
        } => format!("{cemetery} {section}-{row}-{plot}"),
        CustodyEvent::KeyRotated { new_key } => new_key.key_id().to_string(),
        CustodyEvent::KeyIntroduced { organization, key } => {
            format!("{organization}: {}", key.key_id())
        }
        CustodyEvent::BatchStepReached { batch, step, .. } => {
            format!("{batch}: {}", step.as_str())
        }
        CustodyEvent::JointlyVerified { batch, experts, .. } => {
            format!("{batch}: {}", experts.join(", "))
        }
    }
}

impl CustodyEntryDto {
    fn of(signed: &SignedEntry) -> Self {
        let e = &signed.entry;
        CustodyEntryDto {
            sequence: e.sequence as i64,
            time: Timestamp(e.time).to_rfc3339(),
            kind: e.event.kind().as_str().to_owned(),
            event: event_line(&e.event),
            actor: e.actor.clone(),
            organization: e.organization.clone(),
            location: e.location.clone(),
            remains: e.remains.clone(),
            details: e.details.clone(),
            hash: signed.hash.to_hex(),
            signer_key_id: e.signer_key_id.to_string(),
        }
    }

    fn unreadable(row: &LedgerRow, reason: String) -> Self {
        CustodyEntryDto {
            sequence: row.sequence,
            time: String::new(),
            kind: "unreadable".to_owned(),
            event: String::new(),
            actor: String::new(),
            organization: String::new(),
            location: String::new(),
            remains: Vec::new(),
            details: reason,
            hash: row.hash.clone(),
            signer_key_id: String::new(),
        }
    }

    /// The first 12 hex characters of the hash, for display.
    pub fn short_hash(&self) -> &str {
        self.hash.get(..12).unwrap_or(&self.hash)
    }
}

/// The case's custody timeline, oldest first (ledger order).
pub async fn custody_of(store: &dyn Store, accession: &str) -> ApiResult<Vec<CustodyEntryDto>> {
    let rows = store.ledger_rows_of_remains(accession).await?;
    Ok(rows
        .iter()
        .map(|row| match row.decode() {
            Ok(signed) => CustodyEntryDto::of(&signed),
            Err(reason) => CustodyEntryDto::unreadable(row, reason),
        })
        .collect())
}
