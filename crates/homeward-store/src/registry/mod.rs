//! The registry as a whole. The trait and what it answers; `sql.rs` implements it, `import.rs`
//! writes a bulk import (also a received batch's cases).

pub(crate) mod import;
mod sql;

use std::path::Path;

use async_trait::async_trait;
use homeward_domain::{
    AuditEntry, HistoricalHandover, LifecycleStatus, NewMissingPerson, NewPersonalEffect,
    NewRecoverySite, NewRemainsCase, StatusRecord,
};

use crate::context::WriteContext;
use crate::error::StoreResult;
use crate::sql::backend::Backend;

/// The registry as a whole: its engine and write count, the dashboard's totals and the historical
/// handovers, the audit log, bulk import, the lifecycle check, and backup.
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

/// Totals for the dashboard.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RegistryStats {
    /// Recovery sites.
    pub sites: u64,
    /// Remains cases.
    pub remains: u64,
    /// Remains cases per status, in lifecycle order (every status present, possibly 0).
    pub remains_by_status: Vec<(LifecycleStatus, u64)>,
    /// Personal effects.
    pub effects: u64,
    /// Persons on the rolls of the missing.
    pub missing_persons: u64,
    /// Remains handed over in the historical handovers.
    pub handed_over_historically: u64,
}

/// A bulk import, written all-or-nothing in one transaction. References between rows use the
/// human keys (site code, accession number) because the rows do not have ids yet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportBatch {
    /// New sites.
    pub sites: Vec<NewRecoverySite>,
    /// New remains cases with the code of their site (an existing site or one in this batch).
    /// The `site` field of each case is ignored.
    pub remains: Vec<(String, NewRemainsCase)>,
    /// New effects with the accession number of their remains and/or the code of their site.
    /// The `remains` and `site` fields of each effect are ignored.
    pub effects: Vec<ImportedEffect>,
    /// New persons on the rolls.
    pub missing: Vec<NewMissingPerson>,
    /// Names of places and units, each replacing any entry of the same kind and original.
    pub names: Vec<homeward_domain::GazetteerEntry>,
    /// The lifecycle status each new remains case is to reach, by accession number (a case not
    /// named stays `recovered`). The store walks the domain's legal path from `recovered`,
    /// recording every step with the reason "imported"; an unreachable status refuses the batch.
    pub statuses: std::collections::BTreeMap<String, LifecycleStatus>,
}

/// An effect in an import, referring to its remains and site by their human keys.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedEffect {
    /// Accession number of the remains it belongs to.
    pub accession: Option<String>,
    /// Code of the site it was found at.
    pub site_code: Option<String>,
    /// The effect.
    pub effect: NewPersonalEffect,
}

/// How many rows an import wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Sites written.
    pub sites: u64,
    /// Remains cases written.
    pub remains: u64,
    /// Effects written.
    pub effects: u64,
    /// Missing persons written.
    pub missing: u64,
    /// Names of places and units written.
    pub names: u64,
}

/// A remains case whose status lacks a record it rests on ([`Registry::status_record_gaps`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusGap {
    /// The case's accession number.
    pub accession: String,
    /// Its status.
    pub status: LifecycleStatus,
    /// What it lacks, in lifecycle order (never empty).
    pub missing: Vec<StatusRecord>,
}
