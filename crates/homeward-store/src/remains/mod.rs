//! Remains cases. The trait and what it answers; `sql.rs` implements it, `rows.rs` reads and binds
//! a case's columns, `lifecycle.rs` moves a case along its lifecycle inside another aggregate's
//! write, and `custody.rs` signs a case's lifecycle events into the ledger.

pub(crate) mod custody;
pub(crate) mod lifecycle;
pub(crate) mod rows;
mod sql;

use async_trait::async_trait;
use homeward_domain::{
    Accession, BiologicalProfile, CalendarDate, LifecycleStatus, Nationality,
    NationalityAssessment, NewRemainsCase, RecoverySiteId, RemainsCase, RemainsCaseId,
    SkeletalInventory, StatusChange,
};

use crate::context::WriteContext;
use crate::error::StoreResult;

/// Remains cases: accession, reading and listing, the anthropologist's examination, the
/// nationality assessment, and the lifecycle with its history.
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
    async fn remains_by_accession(&self, accession: &Accession)
    -> StoreResult<Option<RemainsCase>>;

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

/// Which remains cases to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RemainsFilter {
    /// Only cases in this status.
    pub status: Option<LifecycleStatus>,
    /// Only cases from this site.
    pub site: Option<RecoverySiteId>,
    /// Only cases with this nationality.
    pub nationality: Option<Nationality>,
    /// An accession number or any external number, exact or as a prefix (case-insensitive).
    pub number: Option<String>,
    /// Page size (the store caps it at 500; 0 asks for the largest page).
    pub limit: u32,
    /// Rows to skip.
    pub offset: u32,
}

/// One page of results and the total that matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The rows of this page.
    pub items: Vec<T>,
    /// How many rows matched in all.
    pub total: u64,
}

/// A remains case as a list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RemainsSummary {
    /// Its id.
    pub id: RemainsCaseId,
    /// Accession number.
    pub accession: String,
    /// Site id.
    pub site: RecoverySiteId,
    /// Site name.
    pub site_name: String,
    /// Recovery date.
    pub recovery_date: CalendarDate,
    /// Status.
    pub status: LifecycleStatus,
    /// Nationality assessed.
    pub nationality: Nationality,
    /// Whether it is demo data.
    pub synthetic: bool,
}
