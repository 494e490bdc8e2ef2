//! Names given back after burial: the review committee identifies a few of the `KR-CN-9` batch's
//! buried cases as CPV soldiers on the synthetic rolls, so the demo's memorial roll shows names
//! beside its unknown soldiers. Deterministic: the same cases and persons for the same store.

use homeward_domain::{Accession, Nationality, NewIdentification, Phrase, UserId};
use homeward_store::{Store, StoreError, WriteContext};

use super::DemoError;
use super::batch2022::CODE;
use super::time::{at_hour, date};
use crate::repatriation;

/// How many of the batch's cases are identified.
pub const IDENTIFIED: usize = 7;

/// The relatives whose DNA references the synthetic identifications cite.
const RELATIVES: [&str; 4] = ["daughter", "son", "nephew", "granddaughter"];

/// Identifies [`IDENTIFIED`] of the batch's buried cases (every twelfth, from the third) with
/// CPV persons spread over the rolls; returns how many were identified (fewer when the rolls
/// hold fewer CPV persons).
pub async fn identify(store: &dyn Store, reviewer: Option<UserId>) -> Result<usize, DemoError> {
    let cpv: Vec<_> = store
        .all_missing()
        .await?
        .into_iter()
        .filter(|p| p.person.nationality == Nationality::Cpv)
        .collect();
    let Some(record) = store.batch(&repatriation::batch_code(CODE)?).await? else {
        return Ok(0);
    };
    let mut done = 0;
    for i in 0..IDENTIFIED.min(cpv.len()) {
        let accession = format!("HW-R9-{:03}", i * 12 + 3);
        if !record.remains.iter().any(|r| r.accession == accession) {
            continue;
        }
        let Some(case) = store
            .remains_by_accession(&Accession::parse(&accession).map_err(StoreError::from)?)
            .await?
        else {
            continue;
        };
        // Spread evenly over the CPV persons: distinct, as IDENTIFIED ≤ cpv.len() here.
        let person = &cpv[(i * cpv.len()) / IDENTIFIED];
        let lr = 1.5 + i as f64 * 0.7;
        let identification = NewIdentification {
            person: person.id,
            basis: Phrase::new("sys-demo-basis-lr")
                .text("lr", format!("{lr:.1}"))
                .code("relative", "relative", RELATIVES[i % RELATIVES.len()])
                .stored(),
            decision: format!("RC-2023-{:03}", 40 + i),
        };
        let ctx = WriteContext {
            actor: reviewer,
            at: at_hour(date(2023, 3, 6 + i as u8), 10),
        };
        store
            .record_identification(case.id, &identification, ctx)
            .await?;
        done += 1;
    }
    Ok(done)
}
