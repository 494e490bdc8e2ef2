//! The registry as a whole in SQL: the dashboard's totals and the historical handovers (each kept
//! as a [`crate::Snapshot`] keyed on the write count), the audit log, bulk import
//! (`import.rs`), the lifecycle check and backup.

use std::path::Path;

use async_trait::async_trait;
use homeward_domain::{
    AuditEntry, BatchState, CalendarDate, CaseRecords, HistoricalHandover, LifecycleStatus,
    Nationality, NewAuditEntry, Phrase, SystemText, Timestamp, UserId, missing_records,
};
use sqlx::any::AnyRow;

use super::import::import_rows;
use super::{ImportBatch, ImportSummary, Registry, RegistryStats, StatusGap};
use crate::context::WriteContext;
use crate::error::{Context, StoreError, StoreResult};
use crate::sql::audit::{self, Change};
use crate::sql::backend::Backend;
use crate::sql::row::{Get, corrupt, read_all};
use crate::sql::{Core, SqlStore, conflict_or};

/// Per case past `recovered`: its status, inventory and nationality, whether an identification
/// is recorded, the state of its latest batch and whether a burial is recorded.
const STATUS_RECORDS: &str = "SELECT r.accession, r.status, r.elements, r.nationality, \
       (SELECT COUNT(*) FROM identifications i WHERE i.remains_id = r.id) AS identifications, \
       (SELECT b.state FROM batch_remains br JOIN repatriation_batches b ON b.id = br.batch_id \
         WHERE br.remains_id = r.id ORDER BY br.open DESC, b.id DESC LIMIT 1) AS batch_state, \
       (SELECT COUNT(*) FROM batch_remains br WHERE br.remains_id = r.id \
         AND br.buried_on IS NOT NULL) AS burials \
     FROM remains_cases r WHERE r.status <> 'recovered' ORDER BY r.accession";

#[async_trait]
impl Registry for SqlStore {
    fn backend(&self) -> Backend {
        self.core.backend
    }

    fn write_count(&self) -> u64 {
        self.core.write_count()
    }

    async fn registry_stats(&self) -> StoreResult<RegistryStats> {
        let writes = self.core.write_count();
        let stats = self.core.stats.get(writes, count(&self.core)).await?;
        Ok(RegistryStats::clone(&stats))
    }

    async fn handovers(&self) -> StoreResult<Vec<HistoricalHandover>> {
        let writes = self.core.write_count();
        let handovers = self.core.handovers.get(writes, read_handovers(&self.core));
        Ok(Vec::clone(&*handovers.await?))
    }

    async fn record_handover(&self, h: &HistoricalHandover, ctx: WriteContext) -> StoreResult<()> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        let key = h.sequence.to_string();
        sqlx::query(
            "INSERT INTO historical_handovers \
               (sequence, date, remains, effects, from_country, to_country, place) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(i64::from(h.sequence))
        .bind(h.date.to_string())
        .bind(i64::from(h.remains))
        .bind(h.effects.map(i64::from))
        .bind(&h.from_country)
        .bind(&h.to_country)
        .bind(&h.place)
        .execute(&mut *tx)
        .await
        .map_err(|e| conflict_or(e, "handover", &key, "recording a handover"))?;
        let handover = Phrase::new("sys-handover-created")
            .number("sequence", h.sequence)
            .date("date", h.date)
            .number("remains", h.remains)
            .text("from", &h.from_country)
            .text("to", &h.to_country)
            .text("place", &h.place);
        let effects = h
            .effects
            .map(|e| Phrase::new("sys-handover-effects").number("effects", e));
        let detail = SystemText::of([handover].into_iter().chain(effects).collect()).stored();
        let change = Change::new("handover.create", "historical_handover", &key, &detail);
        audit::record(&mut tx, ctx, change).await?;
        core.commit(tx, "recording a handover").await
    }

    async fn audit_log(&self, limit: u32, offset: u32) -> StoreResult<Vec<AuditEntry>> {
        let query = sqlx::query(
            "SELECT a.id, a.actor_id, u.username, a.at, a.action, a.entity, a.entity_key, a.detail \
             FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id \
             ORDER BY a.id DESC LIMIT $1 OFFSET $2",
        )
        .bind(i64::from(limit))
        .bind(i64::from(offset));
        read_all(&self.core.pool, query, audit_entry, "reading the audit log").await
    }

    async fn import_batch(
        &self,
        batch: &ImportBatch,
        ctx: WriteContext,
    ) -> StoreResult<ImportSummary> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        let (summary, written) = import_rows(&mut tx, core.backend, batch, ctx).await?;
        core.commit(tx, "importing a batch").await?;
        core.names.added(written.keys);
        Ok(summary)
    }

    async fn status_record_gaps(&self) -> StoreResult<Vec<StatusGap>> {
        let core = &self.core;
        let rows = sqlx::query(STATUS_RECORDS)
            .fetch_all(&core.pool)
            .await
            .context("checking the lifecycle's records")?;
        let mut gaps = Vec::new();
        for r in &rows {
            let status = r.code("status", LifecycleStatus::from_code)?;
            let elements: Vec<String> =
                serde_json::from_str(&r.text("elements")?).map_err(|e| corrupt("elements", e))?;
            let batch = r
                .opt_text("batch_state")?
                .map(|s| BatchState::from_code(&s).map_err(|e| corrupt("batch_state", e)))
                .transpose()?;
            let records = CaseRecords {
                examination: elements.iter().any(|e| !e.trim().is_empty()),
                nationality_decided: r.code("nationality", Nationality::from_code)?
                    != Nationality::Undetermined,
                identification: r.int("identifications")? > 0,
                batch,
                burial: r.int("burials")? > 0,
            };
            let missing = missing_records(status, &records);
            if !missing.is_empty() {
                gaps.push(StatusGap {
                    accession: r.text("accession")?,
                    status,
                    missing,
                });
            }
        }
        Ok(gaps)
    }

    async fn backup_to(&self, path: &Path) -> StoreResult<()> {
        match self.core.backend {
            Backend::Sqlite => crate::sqlite::backup(&self.core, path).await,
            Backend::Postgres => Err(StoreError::Unsupported(
                "backup of a PostgreSQL store is done with pg_dump (e.g. `pg_dump -Fc -f \
                 homeward.dump URL`); `homeward backup` copies SQLite stores only"
                    .to_owned(),
            )),
        }
    }
}

fn audit_entry(r: &AnyRow) -> StoreResult<AuditEntry> {
    Ok(AuditEntry {
        id: r.int("id")?,
        actor_name: r.opt_text("username")?,
        entry: NewAuditEntry {
            actor: r.opt_int("actor_id")?.map(UserId),
            at: Timestamp(r.int("at")?),
            action: r.text("action")?,
            entity: r.text("entity")?,
            entity_key: r.text("entity_key")?,
            detail: r.text("detail")?,
        },
    })
}

fn handover(r: &AnyRow) -> StoreResult<HistoricalHandover> {
    Ok(HistoricalHandover {
        sequence: r.small("sequence")?,
        date: r.code("date", CalendarDate::parse)?,
        remains: r.small("remains")?,
        effects: r.opt_small("effects")?,
        from_country: r.text("from_country")?,
        to_country: r.text("to_country")?,
        place: r.text("place")?,
    })
}

async fn read_handovers(core: &Core) -> StoreResult<Vec<HistoricalHandover>> {
    let query = sqlx::query(
        "SELECT sequence, date, remains, effects, from_country, to_country, place \
         FROM historical_handovers ORDER BY date, sequence",
    );
    read_all(&core.pool, query, handover, "listing handovers").await
}

async fn count(core: &Core) -> StoreResult<RegistryStats> {
    let row = sqlx::query(
        "SELECT \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM recovery_sites) AS sites, \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM remains_cases) AS remains, \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM personal_effects) AS effects, \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM missing_persons) AS missing, \
         (SELECT CAST(COALESCE(SUM(remains), 0) AS BIGINT) FROM historical_handovers) AS handed",
    )
    .fetch_one(&core.pool)
    .await
    .context("counting the registry")?;
    let by_status = sqlx::query(
        "SELECT status, CAST(COUNT(*) AS BIGINT) AS n FROM remains_cases GROUP BY status",
    )
    .fetch_all(&core.pool)
    .await
    .context("counting remains by status")?;
    let mut remains_by_status: Vec<(LifecycleStatus, u64)> =
        LifecycleStatus::ALL.iter().map(|s| (*s, 0)).collect();
    for r in &by_status {
        let status = r.code("status", LifecycleStatus::from_code)?;
        let n: u64 = r.small("n")?;
        if let Some(slot) = remains_by_status.iter_mut().find(|(s, _)| *s == status) {
            slot.1 = n;
        }
    }
    Ok(RegistryStats {
        sites: row.small("sites")?,
        remains: row.small("remains")?,
        remains_by_status,
        effects: row.small("effects")?,
        missing_persons: row.small("missing")?,
        handed_over_historically: row.small("handed")?,
    })
}
