//! Inputs for the import tests: CSV files of sites and remains, and the counts an import could
//! change.

use homeward_store::Store;

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
