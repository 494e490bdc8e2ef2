//! Historical handovers and the dashboard's totals.

use homeward_domain::{CalendarDate, HistoricalHandover, LifecycleStatus};

use super::audit::{self, Change};
use super::row::Get;
use super::{Core, conflict_or};
use crate::error::Context;
use crate::{RegistryStats, StoreResult, WriteContext};

pub(crate) async fn record_handover(
    core: &Core,
    h: &HistoricalHandover,
    ctx: WriteContext,
) -> StoreResult<()> {
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
    let effects = h
        .effects
        .map(|e| format!(" with {e} effects"))
        .unwrap_or_default();
    let detail = format!(
        "handover #{} on {}: {} remains{effects}, {}→{} at {}",
        h.sequence, h.date, h.remains, h.from_country, h.to_country, h.place
    );
    let change = Change {
        action: "handover.create",
        entity: "historical_handover",
        key: &key,
        detail: &detail,
    };
    audit::record(&mut tx, ctx, change).await?;
    core.commit(tx, "recording a handover").await
}

pub(crate) async fn handovers(core: &Core) -> StoreResult<Vec<HistoricalHandover>> {
    let rows = sqlx::query(
        "SELECT sequence, date, remains, effects, from_country, to_country, place \
         FROM historical_handovers ORDER BY date, sequence",
    )
    .fetch_all(&core.pool)
    .await
    .context("listing handovers")?;
    rows.iter()
        .map(|r| {
            Ok(HistoricalHandover {
                sequence: r.small("sequence")?,
                date: r.code("date", CalendarDate::parse)?,
                remains: r.small("remains")?,
                effects: r.opt_small("effects")?,
                from_country: r.text("from_country")?,
                to_country: r.text("to_country")?,
                place: r.text("place")?,
            })
        })
        .collect()
}

pub(crate) async fn stats(core: &Core) -> StoreResult<RegistryStats> {
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
