//! What the store answers about repatriation batches: a batch with its remains, caskets,
//! ceremony and transport; the signed documents it keeps (the manifest issued, the receipt
//! received); and what a receiving instance writes when it imports a manifest.

use homeward_domain::{
    BiologicalProfile, Burial, HandoverCeremony, JointVerification, NewPersonalEffect,
    NewRecoverySite, NewRemainsCase, PersonalEffect, RemainsCaseId, RepatriationBatch, Transport,
};
use homeward_ledger::EntryDraft;

/// One remains case of a batch and what the batch recorded about it.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchRemains {
    /// The case's id.
    pub id: RemainsCaseId,
    /// Its accession number.
    pub accession: String,
    /// Its biological profile (the manifest summarises it).
    pub profile: BiologicalProfile,
    /// The joint verification, once recorded.
    pub verification: Option<JointVerification>,
    /// Its casket, once encoffined.
    pub casket: Option<u32>,
    /// Its grave, once buried.
    pub burial: Option<Burial>,
}

/// One casket and what travels in it.
#[derive(Debug, Clone, PartialEq)]
pub struct CasketContents {
    /// Its number.
    pub number: u32,
    /// Carried in the ceremony, draped with the flag.
    pub ceremonial: bool,
    /// Accession numbers of the remains in it.
    pub remains: Vec<String>,
    /// The effects in it.
    pub effects: Vec<PersonalEffect>,
}

/// A batch with everything recorded about it.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchRecord {
    /// The batch.
    pub batch: RepatriationBatch,
    /// Its remains, in the order they joined.
    pub remains: Vec<BatchRemains>,
    /// Its caskets, by number.
    pub caskets: Vec<CasketContents>,
    /// The handover ceremony, once held.
    pub ceremony: Option<HandoverCeremony>,
    /// The transport, once recorded.
    pub transport: Option<Transport>,
}

/// Which signed document of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// The manifest the sender issued.
    Manifest,
    /// The receiver's countersigned receipt.
    Receipt,
}

impl DocumentKind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::Manifest => "manifest",
            DocumentKind::Receipt => "receipt",
        }
    }
}

/// A signed document kept with its batch, byte for byte as signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchDocument {
    /// Which document.
    pub kind: DocumentKind,
    /// The SHA-256 of its canonical content, lowercase hex.
    pub sha256: String,
    /// The file's text.
    pub text: String,
    /// When it was recorded, unix seconds.
    pub recorded_at: i64,
}

/// What a receiving instance writes for a verified manifest, in one transaction: a site standing
/// for the handover, the received cases (their external numbers carry the sender's accession
/// numbers), their effects, and the receiver's custody entries.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedBatch {
    /// The site the received cases are filed under.
    pub site: NewRecoverySite,
    /// The received cases (their `site` is ignored).
    pub cases: Vec<NewRemainsCase>,
    /// The effects, each with the accession number (in this instance) of its case.
    pub effects: Vec<(String, NewPersonalEffect)>,
    /// The organization whose stored key signs `entries`.
    pub organization: String,
    /// The custody entries (received, …) to append.
    pub entries: Vec<EntryDraft>,
}
