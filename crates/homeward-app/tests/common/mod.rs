//! Shared helpers of the integration tests: a fresh SQLite store per test, write contexts, counts.

#![allow(dead_code)]

use std::sync::Arc;

use homeward_domain::Timestamp;
use homeward_store::{Store, WriteContext};
use tempfile::TempDir;

/// A fresh SQLite store in its own directory (kept alive by the returned `TempDir`).
pub async fn fresh_store() -> (TempDir, Arc<dyn Store>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = homeward_store::open_sqlite(&dir.path().join("test.db"))
        .await
        .expect("open a fresh SQLite store");
    unlock(store.as_ref()).await;
    (dir, store)
}

/// Unlocks the store's signing keys with the tests' key-encryption secret (cheap parameters).
pub async fn unlock(store: &dyn Store) {
    store
        .unlock_signing_keys(
            b"app test key-encryption secret",
            homeward_ledger::KdfParams::TEST_ONLY,
            ctx(),
        )
        .await
        .expect("unlock the signing keys");
}

/// A system write at a fixed time.
pub fn ctx() -> WriteContext {
    WriteContext {
        actor: None,
        at: Timestamp(1_700_000_000),
    }
}

/// Everything an import could change: sites, remains, effects, missing persons, audit entries.
pub async fn counts(store: &dyn Store) -> [u64; 5] {
    let s = store.registry_stats().await.expect("stats");
    let audit = store.audit_log(10_000, 0).await.expect("audit").len() as u64;
    [s.sites, s.remains, s.effects, s.missing_persons, audit]
}

/// A sites file with `n` sites coded `T-001`….
pub fn sites_csv(n: usize) -> String {
    let mut out = String::from(
        "code,name,province,county,latitude,longitude,battle_area,excavation_periods,team,synthetic\n",
    );
    for i in 1..=n {
        out.push_str(&format!(
            "T-{i:03},\"Test site {i}, north slope\",Gangwon,Cheorwon,38.2{i},127.2,Baengma Hill,2019-04-01..2019-06-30;2021-09-01..,MAKRI team 1,true\n"
        ));
    }
    out
}

/// One good remains row for accession `HW-T-{i}` at site `T-001`.
pub fn remains_row(i: usize) -> String {
    format!(
        "HW-T-{i:04},T-001,2019-05-{:02},individual_grave,cranium;left femur,40,male,18,25,160,170,fragmentary,cpv,rubber-soled shoes,RC-2020-1,vault B,LIMS:L-{i};lab:K-{i},true\n",
        1 + i % 28
    )
}

/// The header of a remains file (without `status`).
pub const REMAINS_HEADER: &str = "accession,site_code,recovery_date,context,elements,completeness_pct,sex,age_min,age_max,stature_min_cm,stature_max_cm,condition,nationality,nationality_evidence,committee_decision,storage_location,external_numbers,synthetic\n";
