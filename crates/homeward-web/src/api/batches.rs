//! Repatriation batches as JSON (`/api/v1/batches`), and what the batch pages and the transfer
//! protocol share: a batch looked up by code, and its signed documents' hashes and signing keys,
//! checked against the keys this instance holds.

use axum::Json;
use axum::extract::State;
use homeward_domain::{Burial, HandoverCeremony, JointVerification, RepatriationBatch, Transport};
use homeward_ledger::{PublicKey, verify_manifest, verify_receipt};
use homeward_store::{BatchDocument, BatchRecord, DocumentKind, Store, StoredKey};
use serde::Serialize;
use utoipa::ToSchema;

use super::ApiPath;
use crate::AppState;
use crate::dto::EffectDto;
use crate::error::{ApiError, ApiResult, ErrorBody};

/// One batch in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchSummaryDto {
    /// Its code, e.g. `KR-CN-9`: sender's and receiver's countries and the sequence.
    pub code: String,
    /// Which handover between the two organizations (9 for the ninth).
    pub sequence_number: u32,
    /// The sending organization.
    pub sender: PartyDto,
    /// The receiving organization.
    pub receiver: PartyDto,
    /// `planned`, `jointly_verified`, `encoffined`, `handed_over`, `received` or `buried`.
    pub state: String,
}

impl From<&RepatriationBatch> for BatchSummaryDto {
    fn from(b: &RepatriationBatch) -> Self {
        BatchSummaryDto {
            code: b.code.clone(),
            sequence_number: b.batch.sequence_number,
            sender: PartyDto::of(&b.batch.sender),
            receiver: PartyDto::of(&b.batch.receiver),
            state: b.state.code().to_owned(),
        }
    }
}

/// An organization taking part in a batch.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyDto {
    /// Its name.
    pub name: String,
    /// Its state (ISO 3166 alpha-2).
    pub country: String,
}

impl PartyDto {
    fn of(o: &homeward_domain::Organization) -> Self {
        PartyDto {
            name: o.name.clone(),
            country: o.country.clone(),
        }
    }
}

/// Both sides' experts' joint verification of one case.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerificationDto {
    /// The sending side's experts.
    pub sending_experts: Vec<String>,
    /// The receiving side's experts.
    pub receiving_experts: Vec<String>,
    /// When, `YYYY-MM-DD`.
    pub date: String,
    /// What they noted.
    pub notes: String,
    /// Whether both sides agreed.
    pub both_agreed: bool,
}

impl From<&JointVerification> for VerificationDto {
    fn from(v: &JointVerification) -> Self {
        VerificationDto {
            sending_experts: v.sending_experts.clone(),
            receiving_experts: v.receiving_experts.clone(),
            date: v.date.to_string(),
            notes: v.notes.clone(),
            both_agreed: v.both_agreed,
        }
    }
}

/// A grave.
#[derive(Debug, Serialize, ToSchema)]
pub struct BurialDto {
    /// The cemetery.
    pub cemetery: String,
    /// Section.
    pub section: String,
    /// Row.
    pub row: String,
    /// Plot.
    pub plot: String,
    /// Date of burial, `YYYY-MM-DD`.
    pub date: String,
}

impl From<&Burial> for BurialDto {
    fn from(b: &Burial) -> Self {
        BurialDto {
            cemetery: b.cemetery.clone(),
            section: b.section.clone(),
            row: b.row.clone(),
            plot: b.plot.clone(),
            date: b.date.to_string(),
        }
    }
}

/// One remains case of a batch.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchRemainsDto {
    /// Accession number.
    pub accession: String,
    /// Biological profile summary, e.g. `sex male; age 18-25; stature 160-170 cm`.
    pub profile: String,
    /// The joint verification, once recorded.
    pub verification: Option<VerificationDto>,
    /// Its casket, once encoffined.
    pub casket: Option<u32>,
    /// Its grave, once buried.
    pub burial: Option<BurialDto>,
}

/// One casket and what travels in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CasketDto {
    /// Its number.
    pub number: u32,
    /// Carried in the ceremony, draped with the flag.
    pub ceremonial: bool,
    /// Accession numbers of the remains in it.
    pub remains: Vec<String>,
    /// The personal effects in it.
    pub effects: Vec<EffectDto>,
}

/// The handover ceremony.
#[derive(Debug, Serialize, ToSchema)]
pub struct CeremonyDto {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Where.
    pub place: String,
    /// The sending side's officials.
    pub sending_officials: Vec<String>,
    /// The receiving side's officials.
    pub receiving_officials: Vec<String>,
}

impl From<&HandoverCeremony> for CeremonyDto {
    fn from(c: &HandoverCeremony) -> Self {
        CeremonyDto {
            date: c.date.to_string(),
            place: c.place.clone(),
            sending_officials: c.sending_officials.clone(),
            receiving_officials: c.receiving_officials.clone(),
        }
    }
}

/// How the remains travelled.
#[derive(Debug, Serialize, ToSchema)]
pub struct TransportDto {
    /// Who carried them.
    pub carrier: String,
    /// Aircraft or vehicle.
    pub aircraft: String,
    /// Flight number, if any.
    pub flight: Option<String>,
    /// The escort.
    pub escort: String,
    /// Where from.
    pub departure_place: String,
    /// `YYYY-MM-DD`.
    pub departure_date: String,
    /// Where to.
    pub arrival_place: String,
    /// `YYYY-MM-DD`.
    pub arrival_date: String,
}

impl From<&Transport> for TransportDto {
    fn from(t: &Transport) -> Self {
        TransportDto {
            carrier: t.carrier.clone(),
            aircraft: t.aircraft.clone(),
            flight: t.flight.clone(),
            escort: t.escort.clone(),
            departure_place: t.departure_place.clone(),
            departure_date: t.departure_date.to_string(),
            arrival_place: t.arrival_place.clone(),
            arrival_date: t.arrival_date.to_string(),
        }
    }
}

/// A signed document of the batch: its hash, who signed it, and whether it verifies here.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentDto {
    /// SHA-256 of its canonical content, lowercase hex.
    pub sha256: String,
    /// Fingerprint of the key that signed it, as the file names it.
    pub signer_key_id: String,
    /// The organization whose stored key has that fingerprint, if this instance holds it.
    pub signer: Option<String>,
    /// `verified` (the signature holds with the stored key), `key_unknown` (no such key here) or
    /// `failed: …` naming what fails.
    pub verification: String,
}

/// Counts of what the caskets hold.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct TotalsDto {
    /// Caskets.
    pub caskets: u64,
    /// Remains cases.
    pub remains: u64,
    /// Personal effects.
    pub effects: u64,
}

impl TotalsDto {
    /// What `record`'s caskets hold (remains not yet encoffined count too).
    pub fn of(record: &BatchRecord) -> Self {
        TotalsDto {
            caskets: record.caskets.len() as u64,
            remains: record.remains.len() as u64,
            effects: record.caskets.iter().map(|c| c.effects.len() as u64).sum(),
        }
    }
}

/// A batch with everything recorded about it.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchDto {
    /// The batch.
    #[serde(flatten)]
    pub summary: BatchSummaryDto,
    /// Its remains, in the order they joined.
    pub remains: Vec<BatchRemainsDto>,
    /// Its caskets, by number.
    pub caskets: Vec<CasketDto>,
    /// Counts of caskets, remains and effects.
    pub totals: TotalsDto,
    /// The handover ceremony, once held.
    pub ceremony: Option<CeremonyDto>,
    /// The transport, once recorded.
    pub transport: Option<TransportDto>,
    /// The manifest the sender signed, once issued.
    pub manifest: Option<DocumentDto>,
    /// The receiver's countersigned receipt, once received.
    pub receipt: Option<DocumentDto>,
}

/// A batch and its documents, as the API and the pages read them.
#[derive(Debug)]
pub struct BatchView {
    /// The batch.
    pub record: BatchRecord,
    /// Its manifest, checked.
    pub manifest: Option<DocumentDto>,
    /// Its receipt, checked.
    pub receipt: Option<DocumentDto>,
}

impl BatchView {
    /// The JSON form.
    pub fn to_dto(&self) -> BatchDto {
        let r = &self.record;
        BatchDto {
            summary: BatchSummaryDto::from(&r.batch),
            remains: r
                .remains
                .iter()
                .map(|m| BatchRemainsDto {
                    accession: m.accession.clone(),
                    profile: m.profile.summary(),
                    verification: m.verification.as_ref().map(VerificationDto::from),
                    casket: m.casket,
                    burial: m.burial.as_ref().map(BurialDto::from),
                })
                .collect(),
            caskets: r
                .caskets
                .iter()
                .map(|c| CasketDto {
                    number: c.number,
                    ceremonial: c.ceremonial,
                    remains: c.remains.clone(),
                    effects: c.effects.iter().map(EffectDto::from).collect(),
                })
                .collect(),
            totals: TotalsDto::of(r),
            ceremony: r.ceremony.as_ref().map(CeremonyDto::from),
            transport: r.transport.as_ref().map(TransportDto::from),
            manifest: self.manifest.clone(),
            receipt: self.receipt.clone(),
        }
    }
}

/// The envelope fields every signed document carries (the rest is read by the verifiers).
#[derive(serde::Deserialize)]
struct Envelope {
    sha256: String,
    signer_key_id: String,
}

fn key_of<'k>(keys: &'k [StoredKey], key_id: &str) -> Option<&'k StoredKey> {
    keys.iter().find(|k| k.key_id.to_string() == key_id)
}

fn describe(
    doc: &BatchDocument,
    keys: &[StoredKey],
    check: impl Fn(&PublicKey) -> Result<(), String>,
) -> DocumentDto {
    let (sha256, key_id) = match serde_json::from_str::<Envelope>(&doc.text) {
        Ok(e) => (e.sha256, e.signer_key_id),
        Err(e) => {
            return DocumentDto {
                sha256: doc.sha256.clone(),
                signer_key_id: String::new(),
                signer: None,
                verification: format!(
                    "failed: the stored {} is not a signed document: {e}",
                    doc.kind.code()
                ),
            };
        }
    };
    let stored = key_of(keys, &key_id);
    let verification = match stored {
        None => "key_unknown".to_owned(),
        Some(k) => match check(&k.public_key) {
            Ok(()) if sha256 == doc.sha256 => "verified".to_owned(),
            Ok(()) => format!(
                "failed: the file's hash {sha256} is not the recorded {}",
                doc.sha256
            ),
            Err(e) => format!("failed: {e}"),
        },
    };
    DocumentDto {
        sha256: doc.sha256.clone(),
        signer_key_id: key_id,
        signer: stored.map(|k| k.organization.clone()),
        verification,
    }
}

/// A batch by code with its manifest and receipt, each checked against the stored keys; 404
/// when there is no such batch.
pub async fn load(store: &dyn Store, code: &str) -> Result<BatchView, ApiError> {
    let record = store
        .batch(code)
        .await?
        .ok_or_else(|| ApiError::not_found("repatriation batch", code))?;
    let keys = store.organization_keys().await?;
    let manifest_doc = store.batch_document(code, DocumentKind::Manifest).await?;
    let receipt_doc = store.batch_document(code, DocumentKind::Receipt).await?;
    let manifest = manifest_doc.as_ref().map(|doc| {
        describe(doc, &keys, |key| {
            verify_manifest(&doc.text, key)
                .map(drop)
                .map_err(|e| e.to_string())
        })
    });
    let receipt = receipt_doc.as_ref().map(|doc| {
        describe(doc, &keys, |key| {
            let Some(m) = manifest_doc.as_ref() else {
                return Err("there is no manifest to check the receipt against".to_owned());
            };
            let Some(sender) = serde_json::from_str::<Envelope>(&m.text)
                .ok()
                .and_then(|e| key_of(&keys, &e.signer_key_id))
            else {
                return Err("the manifest's signing key is not held here".to_owned());
            };
            let manifest =
                verify_manifest(&m.text, &sender.public_key).map_err(|e| e.to_string())?;
            verify_receipt(&doc.text, key, &manifest)
                .map(drop)
                .map_err(|e| e.to_string())
        })
    });
    Ok(BatchView {
        record,
        manifest,
        receipt,
    })
}

/// Every repatriation batch, by code.
#[utoipa::path(get, path = "/api/v1/batches", tag = "batches",
    responses((status = 200, body = [BatchSummaryDto]), (status = 401, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>) -> ApiResult<Json<Vec<BatchSummaryDto>>> {
    let batches = state.store.batches().await?;
    Ok(Json(batches.iter().map(BatchSummaryDto::from).collect()))
}

/// One batch with its remains, joint verifications, caskets, ceremony, transport, burials, and
/// its signed manifest and receipt (hash, signing key, and whether they verify here).
#[utoipa::path(get, path = "/api/v1/batches/{code}", tag = "batches",
    params(("code" = String, Path, description = "Batch code, e.g. KR-CN-9")),
    responses((status = 200, body = BatchDto), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> ApiResult<Json<BatchDto>> {
    let view = load(state.store.as_ref(), &code).await?;
    Ok(Json(view.to_dto()))
}
