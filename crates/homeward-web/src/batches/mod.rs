//! Repatriation batches: reading one batch with its signed documents as the app checks them
//! ([`load`]; the web never opens a signed envelope itself), shared
//! by the API ([`api`]) and the pages ([`page`], [`protocol`]); the steps a planned batch takes
//! through the web ([`steps`]: add a case, record a joint verification, declare it verified).

pub mod api;
pub mod dto;
pub mod page;
pub mod protocol;
pub mod steps;

use axum::http::StatusCode;
use homeward_app::repatriation::{DocumentCheck, RepatriationError, document_status};
use homeward_domain::BatchCode;
use homeward_store::{BatchRecord, Store};

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
    pub manifest: Option<DocumentCheck>,
    /// Its receipt, checked.
    pub receipt: Option<DocumentCheck>,
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
            manifest: self.manifest.as_ref().map(DocumentDto::from),
            receipt: self.receipt.as_ref().map(DocumentDto::from),
        }
    }
}

/// A batch by code with its manifest and receipt, as the app checks them against the stored
/// keys; 404 when there is no such batch.
pub async fn load(store: &dyn Store, code: &str) -> Result<BatchView, ApiError> {
    let missing = || ApiError::not_found("repatriation batch", code);
    let key = BatchCode::parse(code).map_err(|_| missing())?;
    let record = store.batch(&key).await?.ok_or_else(missing)?;
    let documents = document_status(store, &key).await.map_err(|e| match e {
        RepatriationError::Store(e) => ApiError::from(e),
        other => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
    })?;
    Ok(BatchView {
        record,
        manifest: documents.manifest,
        receipt: documents.receipt,
    })
}
