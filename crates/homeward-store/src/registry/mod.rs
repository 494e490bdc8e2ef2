//! The registry as a whole: its engine and write count, the dashboard's totals and historical handovers, the audit log, bulk import, the lifecycle check and backup.

use std::path::Path;

use async_trait::async_trait;
use homeward_domain::{AuditEntry, HistoricalHandover};

use crate::{
    Backend, ImportBatch, ImportSummary, RegistryStats, StatusGap, StoreResult, WriteContext,
};

/// The registry as a whole: its engine and write count, the dashboard's totals and historical handovers, the audit log, bulk import, the lifecycle check and backup.
#[async_trait]
pub trait Registry: Send + Sync {
    /// The engine behind this store.
    fn backend(&self) -> Backend;

    /// A count of the writes this store has committed, which changes after every write: a
    /// cache of a whole-registry read (see [`crate::Snapshot`]) keys on it.
    fn write_count(&self) -> u64;

    /// Totals for the dashboard (counted again after a write, or at most
    /// [`crate::Snapshot::MAX_AGE`] after another process's write).
    async fn registry_stats(&self) -> StoreResult<RegistryStats>;

    /// Every historical handover, by date (read again as [`Self::registry_stats`] is).
    async fn handovers(&self) -> StoreResult<Vec<HistoricalHandover>>;

    /// Records a historical handover; `Conflict` when its sequence number is taken.
    async fn record_handover(
        &self,
        handover: &HistoricalHandover,
        ctx: WriteContext,
    ) -> StoreResult<()>;

    /// The audit log, newest first.
    async fn audit_log(&self, limit: u32, offset: u32) -> StoreResult<Vec<AuditEntry>>;

    /// Writes a whole import in one transaction: all rows or none.
    async fn import_batch(
        &self,
        batch: &ImportBatch,
        ctx: WriteContext,
    ) -> StoreResult<ImportSummary>;

    /// Every case whose status lacks a record it rests on (`homeward_domain::missing_records`:
    /// an examination, the nationality decision, an identification, a batch, its handover, a
    /// burial), by accession number. Reads only (`homeward check`).
    async fn status_record_gaps(&self) -> StoreResult<Vec<StatusGap>>;

    /// Writes a consistent copy of a live store to `path` (SQLite; PostgreSQL says to use pg_dump).
    async fn backup_to(&self, path: &Path) -> StoreResult<()>;
}
