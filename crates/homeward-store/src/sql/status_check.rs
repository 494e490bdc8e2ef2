//! The lifecycle check (`homeward check`): every case whose status lacks a record it rests on.
//! Read-only; what each status needs is the domain's (`homeward_domain::missing_records`).

use homeward_domain::{BatchState, CaseRecords, LifecycleStatus, Nationality, missing_records};

use super::Core;
use super::row::{Get, corrupt};
use crate::error::Context;
use crate::{StatusGap, StoreResult};

/// Per case past `recovered`: its status, inventory and nationality, whether an identification
/// is recorded, the state of its latest batch and whether a burial is recorded.
const SQL: &str = "SELECT r.accession, r.status, r.elements, r.nationality, \
       (SELECT COUNT(*) FROM identifications i WHERE i.remains_id = r.id) AS identifications, \
       (SELECT b.state FROM batch_remains br JOIN repatriation_batches b ON b.id = br.batch_id \
         WHERE br.remains_id = r.id ORDER BY br.open DESC, b.id DESC LIMIT 1) AS batch_state, \
       (SELECT COUNT(*) FROM batch_remains br WHERE br.remains_id = r.id \
         AND br.buried_on IS NOT NULL) AS burials \
     FROM remains_cases r WHERE r.status <> 'recovered' ORDER BY r.accession";

pub(crate) async fn gaps(core: &Core) -> StoreResult<Vec<StatusGap>> {
    let rows = sqlx::query(SQL)
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
