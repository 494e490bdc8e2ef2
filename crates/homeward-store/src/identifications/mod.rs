//! Identifications. The trait; `sql.rs` implements it.

mod sql;

use async_trait::async_trait;
use homeward_domain::{Identification, NewIdentification, RemainsCaseId};

use crate::context::WriteContext;
use crate::error::StoreResult;

/// The review committee's identifications of remains cases as persons on the rolls.
#[async_trait]
pub trait Identifications: Send + Sync {
    /// Records the review committee's identification of a case as a person on the rolls
    /// (`homeward_domain::check_may_identify`: nationality determined or later, same army); a
    /// `nationality_determined` case moves to `identified` in the same transaction;
    /// `Conflict` when the case or the person is already identified, `NotFound` for an unknown
    /// case or person. A refused identification changes nothing.
    async fn record_identification(
        &self,
        id: RemainsCaseId,
        identification: &NewIdentification,
        ctx: WriteContext,
    ) -> StoreResult<Identification>;

    /// The identification of a case, with the person it names.
    async fn identification(&self, id: RemainsCaseId) -> StoreResult<Option<Identification>>;

    /// Every identification, by accession number (for the memorial roll).
    async fn identifications(&self) -> StoreResult<Vec<Identification>>;
}
