//! Remains cases: accession, reading and listing, the examination and the nationality assessment, and the lifecycle with its history.

use async_trait::async_trait;
use homeward_domain::{
    BiologicalProfile, LifecycleStatus, NationalityAssessment, NewRemainsCase, RemainsCase,
    RemainsCaseId, SkeletalInventory, StatusChange,
};

use crate::{Page, RemainsFilter, RemainsSummary, StoreResult, WriteContext};

/// Remains cases: accession, reading and listing, the examination and the nationality assessment, and the lifecycle with its history.
#[async_trait]
pub trait Remains: Send + Sync {
    /// Accessions a case in status `recovered`; `Conflict` when the accession number is taken,
    /// `NotFound` when the site does not exist.
    async fn accession_remains(
        &self,
        case: &NewRemainsCase,
        ctx: WriteContext,
    ) -> StoreResult<RemainsCaseId>;

    /// A case by id.
    async fn remains_case(&self, id: RemainsCaseId) -> StoreResult<Option<RemainsCase>>;

    /// A case by accession number.
    async fn remains_by_accession(&self, accession: &str) -> StoreResult<Option<RemainsCase>>;

    /// Cases matching the filter, ordered by accession number.
    async fn list_remains(&self, filter: &RemainsFilter) -> StoreResult<Page<RemainsSummary>>;

    /// Every remains case, for export (by accession number).
    async fn all_remains(&self) -> StoreResult<Vec<RemainsCase>>;

    /// Records the anthropologist's examination (inventory, profile, condition); the inventory
    /// names at least one element (`homeward_domain::check_examination`), and a `recovered` case
    /// moves to `examined` in the same transaction (the only way into `examined`).
    async fn record_examination(
        &self,
        id: RemainsCaseId,
        inventory: &SkeletalInventory,
        profile: &BiologicalProfile,
        condition: &str,
        ctx: WriteContext,
    ) -> StoreResult<()>;

    /// Records the nationality assessment and the committee's decision.
    async fn record_nationality(
        &self,
        id: RemainsCaseId,
        assessment: &NationalityAssessment,
        ctx: WriteContext,
    ) -> StoreResult<()>;

    /// Moves a case along its lifecycle, checking the domain's rules inside the transaction
    /// (`LifecycleStatus::check_status_step`: only `nationality_determined` and
    /// `designated_domestic_burial`; a status that rests on a record is refused as
    /// `DomainError::RecordRequired`); an illegal step returns `StoreError::Domain` and changes
    /// nothing.
    async fn change_status(
        &self,
        id: RemainsCaseId,
        to: LifecycleStatus,
        reason: &str,
        ctx: WriteContext,
    ) -> StoreResult<StatusChange>;

    /// The case's status history, oldest first (the first entry is the accession).
    async fn status_history(&self, id: RemainsCaseId) -> StoreResult<Vec<StatusChange>>;
}
