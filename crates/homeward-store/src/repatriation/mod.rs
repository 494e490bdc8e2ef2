//! Repatriation batches. Two traits, split at the handover, and what they answer: `sql.rs`
//! implements [`Repatriation`] (planning through the manifest, and reading batches back),
//! `handover.rs` implements [`Handover`] (the handover on); `read.rs` reads a batch and its
//! members (also inside a step's transaction), `step.rs` holds what the steps share, down to the
//! tail that ends each.

mod handover;
mod read;
mod sql;
mod step;

use async_trait::async_trait;
use homeward_domain::{
    Accession, BatchCasket, BatchCode, BatchState, BiologicalProfile, Burial, HandoverCeremony,
    JointVerification, NewPersonalEffect, NewRecoverySite, NewRemainsCase, NewRepatriationBatch,
    PersonalEffect, RemainsCaseId, RepatriationBatch, Transport,
};
use homeward_ledger::EntryDraft;

use crate::context::WriteContext;
use crate::error::StoreResult;
use crate::registry::ImportSummary;

/// Repatriation batches, planned through encoffined with the manifest issued: each step checked
/// by the domain and signed into the custody ledger in its own transaction ([`Handover`] takes
/// them on from there); and a batch, its caskets, burials and signed documents read back.
///
/// Every custody entry a step signs names the acting user (`ctx.actor`) by username, or
/// `system` for a write with no user, as the lifecycle's custody events do.
///
/// Nothing here reads a signing key: a caller that needs only batches (the memorial's graves)
/// takes `&dyn Repatriation`.
#[async_trait]
pub trait Repatriation: Send + Sync {
    /// Plans a batch (state `planned`), in a ledger entry the sender signs.
    /// `Conflict` when its code (sender, receiver, sequence) is taken.
    async fn create_batch(
        &self,
        batch: &NewRepatriationBatch,
        ctx: WriteContext,
    ) -> StoreResult<RepatriationBatch>;

    /// Adds a remains case to a planned batch (`homeward_domain::check_may_join`), designating
    /// it for repatriation if it is not yet.
    async fn add_batch_remains(
        &self,
        batch: &BatchCode,
        accession: &Accession,
        ctx: WriteContext,
    ) -> StoreResult<()>;

    /// Records both sides' joint verification of one case of a planned batch.
    async fn record_joint_verification(
        &self,
        batch: &BatchCode,
        accession: &Accession,
        verification: &JointVerification,
        ctx: WriteContext,
    ) -> StoreResult<()>;

    /// Takes the next step when it needs no record of its own (`jointly_verified`: every case
    /// verified, both sides agreeing); any other step is refused naming how it is taken.
    async fn advance_batch(
        &self,
        batch: &BatchCode,
        to: BatchState,
        ctx: WriteContext,
    ) -> StoreResult<()>;

    /// Encoffins a jointly verified batch: caskets, their remains and effects (`encoffined`).
    async fn encoffin_batch(
        &self,
        batch: &BatchCode,
        caskets: &[BatchCasket],
        ctx: WriteContext,
    ) -> StoreResult<()>;

    /// Keeps the signed manifest of an encoffined batch (once; the handover names its hash).
    async fn issue_batch_manifest(
        &self,
        batch: &BatchCode,
        text: &str,
        sha256: &str,
        ctx: WriteContext,
    ) -> StoreResult<()>;

    /// A batch with its remains, caskets, ceremony and transport.
    async fn batch(&self, batch: &BatchCode) -> StoreResult<Option<BatchRecord>>;

    /// Every batch, by code.
    async fn batches(&self) -> StoreResult<Vec<RepatriationBatch>>;

    /// A signed document kept with a batch.
    async fn batch_document(
        &self,
        batch: &BatchCode,
        kind: DocumentKind,
    ) -> StoreResult<Option<BatchDocument>>;
}

/// A batch from its handover on: the ceremony and transport (the sender signs), the receipt
/// (the batch is received only with the receiver's countersigned receipt), the burials; and, on
/// the receiving instance, the import of a received batch.
#[async_trait]
pub trait Handover: Send + Sync {
    /// Records the ceremony and transport of an encoffined batch with an issued manifest
    /// (`handed_over`); its cases become handed over.
    async fn hand_over_batch(
        &self,
        batch: &BatchCode,
        ceremony: &HandoverCeremony,
        transport: &Transport,
        ctx: WriteContext,
    ) -> StoreResult<()>;

    /// Records the receiver's countersigned receipt, already verified by the caller against the
    /// batch's manifest (`received`).
    async fn receive_batch(
        &self,
        batch: &BatchCode,
        receipt_text: &str,
        receipt_sha256: &str,
        ctx: WriteContext,
    ) -> StoreResult<()>;

    /// Records every case's grave (`buried`); its cases become buried and leave the open batch.
    async fn bury_batch(
        &self,
        batch: &BatchCode,
        burials: &[(String, Burial)],
        ctx: WriteContext,
    ) -> StoreResult<()>;

    /// On the receiving instance: writes an imported manifest's cases, effects and the
    /// receiver's custody entries in one transaction.
    async fn import_received_batch(
        &self,
        received: &ReceivedBatch,
        ctx: WriteContext,
    ) -> StoreResult<ImportSummary>;
}

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
    /// The custody entries (received, …) to append; the store names the acting user as their
    /// actor, as every batch step does.
    pub entries: Vec<EntryDraft>,
}
