//! The JSON out of repatriation batches: summary, parties, verifications, caskets, burials,
//! ceremony, transport and the signed documents.

use homeward_app::repatriation::{DocumentCheck, DocumentStatus};
use homeward_domain::{
    Burial, HandoverCeremony, JointVerification, LocalizedName, RepatriationBatch, Transport,
};
use homeward_store::BatchRecord;
use serde::Serialize;
use utoipa::ToSchema;

use crate::remains::dto::EffectDto;

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
    /// Where, as entered.
    pub place: String,
    /// Where, in Korean, Chinese and English where recorded.
    pub place_names: NameDto,
    /// The sending side's officials, as entered.
    pub sending_officials: Vec<String>,
    /// The receiving side's officials, as entered.
    pub receiving_officials: Vec<String>,
}

/// A name in Korean, Chinese and English (each absent where not recorded), and as entered.
#[derive(Debug, Serialize, ToSchema)]
pub struct NameDto {
    /// Korean.
    pub ko: Option<String>,
    /// Chinese (simplified).
    pub zh: Option<String>,
    /// English.
    pub en: Option<String>,
    /// As entered.
    pub original: String,
}

impl From<&LocalizedName> for NameDto {
    fn from(n: &LocalizedName) -> Self {
        NameDto {
            ko: n.ko.clone(),
            zh: n.zh.clone(),
            en: n.en.clone(),
            original: n.original.clone(),
        }
    }
}

impl From<&HandoverCeremony> for CeremonyDto {
    fn from(c: &HandoverCeremony) -> Self {
        CeremonyDto {
            date: c.date.to_string(),
            place: c.place.original.clone(),
            place_names: NameDto::from(&c.place),
            sending_officials: c.sending_officials.iter().map(|o| o.to_string()).collect(),
            receiving_officials: c
                .receiving_officials
                .iter()
                .map(|o| o.to_string())
                .collect(),
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

impl From<&DocumentCheck> for DocumentDto {
    fn from(d: &DocumentCheck) -> Self {
        DocumentDto {
            sha256: d.sha256.clone(),
            signer_key_id: d.signer_key_id.clone(),
            signer: d.signer.clone(),
            verification: match &d.status {
                DocumentStatus::Verified => "verified".to_owned(),
                DocumentStatus::UnknownKey => "key_unknown".to_owned(),
                DocumentStatus::Invalid { reason } => format!("failed: {reason}"),
            },
        }
    }
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
