//! Remains cases. The trait and what it answers; `sql.rs` implements it, `rows.rs` reads and binds
//! a case's columns, `write.rs` is the one transaction a case's changes (accession, examination,
//! nationality, status step) and their custody events are written in, `change.rs` the fact such a
//! change reports (the app maps it to its custody event), and `lifecycle.rs` moves a case along
//! its lifecycle inside another aggregate's write.

mod change;
pub(crate) mod lifecycle;
pub(crate) mod rows;
mod sql;
mod write;

pub use change::{CaseChange, CaseChangeKind, Signer};
pub use write::CaseWrite;

use async_trait::async_trait;
use homeward_domain::{
    Accession, CalendarDate, LifecycleStatus, Nationality, RecoverySiteId, RemainsCase,
    RemainsCaseId, StatusChange,
};

use crate::context::WriteContext;
use crate::error::StoreResult;

/// Remains cases: reading and listing, the lifecycle's history, and the write in which a case is
/// accessioned, examined, assessed and moved along its lifecycle ([`CaseWrite`]).
#[async_trait]
pub trait Remains: Send + Sync {
    /// Begins a write to remains cases by `ctx`: accession, examination, nationality and the
    /// status step, with their custody events, in one transaction (see [`CaseWrite`]).
    async fn begin_case_write(&self, ctx: WriteContext) -> StoreResult<CaseWrite>;

    /// A case by id.
    async fn remains_case(&self, id: RemainsCaseId) -> StoreResult<Option<RemainsCase>>;

    /// A case by accession number.
    async fn remains_by_accession(&self, accession: &Accession)
    -> StoreResult<Option<RemainsCase>>;

    /// Cases matching the filter, ordered by accession number.
    async fn list_remains(&self, filter: &RemainsFilter) -> StoreResult<Page<RemainsSummary>>;

    /// Every remains case, for export (by accession number).
    async fn all_remains(&self) -> StoreResult<Vec<RemainsCase>>;

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
