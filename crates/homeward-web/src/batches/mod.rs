//! Repatriation batches: reading one batch with its signed documents checked ([`load`]), shared
//! by the API ([`api`]) and the pages ([`page`], [`protocol`]); the steps a planned batch takes
//! through the web ([`steps`]: add a case, record a joint verification, declare it verified).

pub mod api;
pub mod dto;
pub mod page;
pub mod protocol;
pub mod steps;

use homeward_domain::BatchCode;
use homeward_ledger::{PublicKey, verify_manifest, verify_receipt};
use homeward_store::{BatchDocument, BatchRecord, DocumentKind, Store, StoredKey};

use crate::batches::dto::{
    BatchDto, BatchRemainsDto, BatchSummaryDto, BurialDto, CasketDto, CeremonyDto, DocumentDto,
    TotalsDto, TransportDto, VerificationDto,
};
use crate::error::ApiError;
use crate::remains::dto::EffectDto;

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
    let missing = || ApiError::not_found("repatriation batch", code);
    let key = BatchCode::parse(code).map_err(|_| missing())?;
    let record = store.batch(&key).await?.ok_or_else(missing)?;
    let keys = store.organization_keys().await?;
    let manifest_doc = store.batch_document(&key, DocumentKind::Manifest).await?;
    let receipt_doc = store.batch_document(&key, DocumentKind::Receipt).await?;
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
