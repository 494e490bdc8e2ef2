//! Repatriation use cases shared by the CLI (and later the web app): planning a batch between
//! two organizations by name, one casket per case with the effects that travel with it, and the
//! signed manifest (built from the store, signed with the sender's stored key, kept with the
//! batch so that it is issued once and every later copy is the same bytes). The other state's
//! side — importing a manifest and countersigning the receipt, and the sender accepting that
//! receipt — is in [`transfer`].

mod caskets;
mod documents;
pub mod transfer;

pub use caskets::{CasketPlanError, caskets_from_csv};
pub use documents::{BatchDocumentsStatus, DocumentCheck, DocumentStatus, document_status};

use homeward_domain::{
    BatchCasket, BatchCode, BatchState, EffectDisposition, NewRepatriationBatch, PersonalEffect,
    RepatriationBatch,
};
use homeward_ledger::{
    Casket, DocumentError, Manifest, ManifestEffect, ManifestRemains, Totals, sign_manifest,
};
use homeward_store::{BatchRecord, DocumentKind, Store, StoreError, WriteContext};

/// Why a repatriation use case refused or failed; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum RepatriationError {
    /// The store refused (a rule, a conflict, a missing reference) or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A manifest or receipt does not verify, or cannot be signed.
    #[error(transparent)]
    Document(#[from] DocumentError),
    /// No organization has this name.
    #[error("no organization named \"{0}\" in this store")]
    UnknownOrganization(String),
    /// No batch has this code.
    #[error("no repatriation batch \"{0}\" in this store")]
    UnknownBatch(String),
    /// The organization that must sign has no key here.
    #[error(
        "{organization} has no signing key in this store; create one with \
         `homeward ledger keygen --org \"{organization}\"`"
    )]
    NoKey {
        /// The organization's name.
        organization: String,
    },
    /// The batch is not at a step where this can be done.
    #[error("batch {batch}: {reason}")]
    NotReady {
        /// The batch's code.
        batch: String,
        /// Why not.
        reason: String,
    },
}

impl RepatriationError {
    /// Whether the user gave something wrong (a name, a file, a key) rather than the store failing.
    pub fn is_bad_input(&self) -> bool {
        !matches!(
            self,
            RepatriationError::Store(StoreError::Database { .. } | StoreError::Corrupt { .. })
        )
    }
}

/// Plans batch number `sequence_number` from `sender` to `receiver` (organizations by name).
pub async fn plan_batch(
    store: &dyn Store,
    sender: &str,
    receiver: &str,
    sequence_number: u32,
    ctx: WriteContext,
) -> Result<RepatriationBatch, RepatriationError> {
    let orgs = store.organizations().await?;
    let find = |name: &str| {
        orgs.iter()
            .find(|o| o.name == name)
            .cloned()
            .ok_or_else(|| RepatriationError::UnknownOrganization(name.to_owned()))
    };
    let new = NewRepatriationBatch {
        sequence_number,
        sender: find(sender)?,
        receiver: find(receiver)?,
    };
    Ok(store.create_batch(&new, ctx).await?)
}

/// The batch code `text`, or the store's `NotFound` for a batch: text that is no valid batch code
/// names no batch, and is refused as an unknown one is.
pub fn batch_code(text: &str) -> Result<BatchCode, StoreError> {
    BatchCode::parse(text).map_err(|_| StoreError::NotFound {
        what: "repatriation batch",
        key: text.to_owned(),
    })
}

/// A batch, or [`RepatriationError::UnknownBatch`] (also for text that is no valid batch code).
pub async fn batch(store: &dyn Store, code: &str) -> Result<BatchRecord, RepatriationError> {
    let unknown = || RepatriationError::UnknownBatch(code.to_owned());
    let key = BatchCode::parse(code).map_err(|_| unknown())?;
    store.batch(&key).await?.ok_or_else(unknown)
}

/// One casket per case, numbered in the order the cases joined, each with every effect found
/// with its case that is to travel with it; the first `ceremonial` caskets are carried in the
/// ceremony.
pub async fn one_casket_each(
    store: &dyn Store,
    record: &BatchRecord,
    ceremonial: u32,
) -> Result<Vec<BatchCasket>, RepatriationError> {
    let mut caskets = Vec::with_capacity(record.remains.len());
    for (number, r) in (1u32..).zip(&record.remains) {
        let effects = store.effects_of_remains(r.id).await?;
        caskets.push(BatchCasket {
            number,
            remains: vec![r.accession.clone()],
            effects: effects
                .iter()
                .filter(|e| e.effect.disposition == EffectDisposition::TravelsWithRemains)
                .map(|e| e.id)
                .collect(),
            ceremonial: number <= ceremonial,
        });
    }
    Ok(caskets)
}

/// How an effect is described in a manifest: `category: description [inscription]`.
pub fn effect_description(e: &PersonalEffect) -> String {
    let mut text = format!("{}: {}", e.effect.category.code(), e.effect.description);
    if let Some(i) = e.effect.inscription.as_deref().filter(|i| !i.is_empty()) {
        text.push_str(&format!(" [{i}]"));
    }
    text
}

/// The manifest of an encoffined batch, as the store records it.
pub fn build_manifest(record: &BatchRecord, issued_at: i64) -> Manifest {
    let caskets: Vec<Casket> = record
        .caskets
        .iter()
        .map(|c| Casket {
            number: c.number,
            remains: c
                .remains
                .iter()
                .map(|accession| ManifestRemains {
                    accession: accession.clone(),
                    profile: record
                        .remains
                        .iter()
                        .find(|r| &r.accession == accession)
                        .map(|r| r.profile.summary())
                        .unwrap_or_default(),
                })
                .collect(),
            effects: c
                .effects
                .iter()
                .map(|e| ManifestEffect {
                    id: e.id.to_string(),
                    description: effect_description(e),
                })
                .collect(),
        })
        .collect();
    let batch = &record.batch;
    Manifest {
        batch_id: batch.code.clone(),
        sequence_number: batch.batch.sequence_number,
        sender: batch.batch.sender.name.clone(),
        receiver: batch.batch.receiver.name.clone(),
        issued_at,
        totals: Totals::of(&caskets),
        caskets,
    }
}

/// The batch's signed manifest file: the one already issued, or — for an encoffined batch — a
/// new one, signed with the sender's stored key and kept with the batch.
pub async fn manifest(
    store: &dyn Store,
    code: &str,
    ctx: WriteContext,
) -> Result<String, RepatriationError> {
    let batch_key = batch_code(code)?;
    if let Some(doc) = store
        .batch_document(&batch_key, DocumentKind::Manifest)
        .await?
    {
        return Ok(doc.text);
    }
    let record = batch(store, code).await?;
    if record.batch.state != BatchState::Encoffined {
        return Err(RepatriationError::NotReady {
            batch: code.to_owned(),
            reason: format!(
                "it is {}; the manifest lists the caskets, so it is issued once the batch is \
                 encoffined",
                record.batch.state
            ),
        });
    }
    let sender = &record.batch.batch.sender.name;
    let key = store
        .organization_signing_key(sender)
        .await?
        .ok_or_else(|| RepatriationError::NoKey {
            organization: sender.clone(),
        })?;
    let manifest = build_manifest(&record, ctx.at.0);
    let text = sign_manifest(&manifest, &key)?;
    store
        .issue_batch_manifest(&batch_key, &text, &manifest.hash().to_hex(), ctx)
        .await?;
    Ok(text)
}
