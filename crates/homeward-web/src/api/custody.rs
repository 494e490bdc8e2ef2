//! A remains case's custody timeline: the ledger entries that name it, as the API and the case
//! page show them, and recording a handling event (moved, stored, sampled, sealed) into it.
//! Rows are shown as stored; `homeward ledger verify` is what checks them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Extension, Json};
use homeward_domain::{
    HandlingEvent, HandlingFields, NewCustodyRecord, PersonalEffectId, Timestamp,
};
use homeward_ledger::{CustodyEvent, SignedEntry};
use homeward_store::{LedgerRow, Store};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiResult, ErrorBody};

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
    pub(crate) fn of(signed: &SignedEntry) -> Self {
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

/// A handling event to record. Which event fields are needed depends on `event`: `moved` needs
/// `from` and `to`, `stored` `facility`, `sampled` `sample_id` and `material`, `sealed` `casket`
/// and `seal`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustodyEventInput {
    /// `moved`, `stored`, `sampled` or `sealed`.
    pub event: String,
    /// Where it happened.
    pub location: String,
    /// Free text (optional).
    #[serde(default)]
    pub details: String,
    /// Further remains cases the event concerns besides the one in the path (accession numbers).
    #[serde(default)]
    pub also_remains: Vec<String>,
    /// Ids of personal effects the event concerns.
    #[serde(default)]
    pub effects: Vec<i64>,
    /// `moved`: where from.
    #[serde(default)]
    pub from: String,
    /// `moved`: where to (becomes the cases' storage location).
    #[serde(default)]
    pub to: String,
    /// `stored`: the facility (becomes the cases' storage location).
    #[serde(default)]
    pub facility: String,
    /// `sampled`: the sample's id.
    #[serde(default)]
    pub sample_id: String,
    /// `sampled`: the material (bone, tooth).
    #[serde(default)]
    pub material: String,
    /// `sealed`: the casket number.
    #[serde(default)]
    pub casket: Option<u32>,
    /// `sealed`: the seal.
    #[serde(default)]
    pub seal: String,
}

impl CustodyEventInput {
    /// The record for remains case `accession` (and `also_remains`), checked by the domain.
    pub fn into_record(self, accession: &str) -> ApiResult<NewCustodyRecord> {
        let fields = HandlingFields {
            from: self.from.trim().to_owned(),
            to: self.to.trim().to_owned(),
            facility: self.facility.trim().to_owned(),
            sample_id: self.sample_id.trim().to_owned(),
            material: self.material.trim().to_owned(),
            casket: self.casket,
            seal: self.seal.trim().to_owned(),
        };
        let event = HandlingEvent::from_fields(&self.event, fields)?;
        let mut remains = vec![accession.to_owned()];
        remains.extend(
            self.also_remains
                .iter()
                .map(|a| a.trim().to_owned())
                .filter(|a| !a.is_empty()),
        );
        let record = NewCustodyRecord {
            event,
            remains,
            effects: self.effects.into_iter().map(PersonalEffectId).collect(),
            location: self.location.trim().to_owned(),
            details: self.details.trim().to_owned(),
        };
        record.validate()?;
        Ok(record)
    }
}

/// Records a handling event for the case (and any others named), signed by the caller's
/// organization's key; `moved` and `stored` also set where the cases are kept.
#[utoipa::path(post, path = "/api/v1/remains/{accession}/custody", tag = "remains",
    params(("accession" = String, Path, description = "Accession number")),
    request_body = CustodyEventInput,
    responses((status = 201, body = CustodyEntryDto),
        (status = 404, body = ErrorBody,
            description = "No such case or effect, or the organization has no signing key"),
        (status = 422, body = ErrorBody)))]
pub async fn record(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    ApiPath(accession): ApiPath<String>,
    ApiJson(input): ApiJson<CustodyEventInput>,
) -> ApiResult<impl IntoResponse> {
    let record = input.into_record(&accession)?;
    let entry = state
        .store
        .record_custody_event(&record, caller.write_context())
        .await?;
    Ok((StatusCode::CREATED, Json(CustodyEntryDto::of(&entry))))
}
