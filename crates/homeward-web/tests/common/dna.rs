//! A small DNA scenario for the DNA pages' tests, imported the way the CLI imports it
//! (`homeward_app::dna`) and screened with `run_match`: six markers, two families and three
//! typed remains cases.
//!
//! - `F-1`: the missing person `MP`, his wife `W` and their son `S` (typed); claimed identity
//!   王德明, linked to roll entry 1. `HW-T-0001` is `MP`, except at `M6`, where the son differs
//!   by a step (an inconsistency the equal mutation model explains).
//! - `F-2`: the missing person `MP` and his parents `FA` and `MO` (both typed). `HW-T-0002` is
//!   their son, who shares no allele with `F-1`'s son at `M1`–`M3`.
//! - `HW-T-0003`: a partial profile (an allele dropped at `M1`, `M4`–`M6` failed).

use homeward_app::dna::{MatchOptions, import_families, import_frequencies, import_profiles};
use homeward_app::{FixedClock, NoProgress};
use homeward_domain::Timestamp;
use homeward_store::Store;
use serde_json::json;

use super::system;

/// The families' ids.
pub const FAMILIES: [&str; 2] = ["F-1", "F-2"];

/// The mutation model of the run.
pub const MUTATION: &str = r#"{"model":"equal","rate":0.002}"#;

/// The remains' profiles (the long CSV).
pub const REMAINS_CSV: &str = "sample,marker,allele1,allele2
HW-T-0001,M1,8,9
HW-T-0001,M2,10,11
HW-T-0001,M3,12,13
HW-T-0001,M4,14,15
HW-T-0001,M5,8,10
HW-T-0001,M6,8,9
HW-T-0002,M1,9,11
HW-T-0002,M2,11,13
HW-T-0002,M3,13,15
HW-T-0002,M4,14,8
HW-T-0002,M5,8,10
HW-T-0002,M6,10,12
HW-T-0003,M1,11,
HW-T-0003,M2,13,14
HW-T-0003,M3,9,10
";

fn frequencies() -> String {
    let alleles: serde_json::Map<String, serde_json::Value> =
        (8..16).map(|a| (a.to_string(), json!(0.125))).collect();
    let markers: serde_json::Map<String, serde_json::Value> =
        (1..=6).map(|m| (format!("M{m}"), json!(alleles))).collect();
    json!({ "markers": markers }).to_string()
}

fn families() -> String {
    json!({ "families": [
        {
            "id": "F-1",
            "pedigree": [
                { "id": "MP", "sex": "m" },
                { "id": "W", "sex": "f" },
                { "id": "S", "sex": "m", "father": "MP", "mother": "W" }
            ],
            "missing": "MP",
            "references": { "S": {
                "M1": ["8", "12"], "M2": ["10", "14"], "M3": ["12", "8"],
                "M4": ["14", "9"], "M5": ["8", "11"], "M6": ["10", "11"]
            } },
            "claimed": { "names": "王德明 / 왕덕명", "hometown": "Baxian (family letter)",
                "unit": "180 Div. (family letter)", "death": "1951-05, Gapyeong (family letter)" },
            "roll": 1
        },
        {
            "id": "F-2",
            "pedigree": [
                { "id": "FA", "sex": "m" },
                { "id": "MO", "sex": "f" },
                { "id": "MP", "sex": "m", "father": "FA", "mother": "MO" }
            ],
            "missing": "MP",
            "references": {
                "FA": { "M1": ["8", "9"], "M2": ["10", "11"], "M3": ["12", "13"],
                    "M4": ["14", "15"], "M5": ["8", "9"], "M6": ["10", "11"] },
                "MO": { "M1": ["10", "11"], "M2": ["12", "13"], "M3": ["14", "15"],
                    "M4": ["8", "9"], "M5": ["10", "11"], "M6": ["12", "13"] }
            }
        }
    ] })
    .to_string()
}

/// Imports the scenario into `store` (whose cases `HW-T-0001`…`0003` exist) and runs one match
/// with the equal mutation model, keeping every pair (min LR 1e-30, top 5); the run's id.
pub async fn seed(store: &dyn Store) -> i64 {
    import_frequencies(store, "SYN", "freq.json", &frequencies(), system())
        .await
        .unwrap();
    import_profiles(store, "remains.csv", REMAINS_CSV, system())
        .await
        .unwrap();
    import_families(store, "families.json", &families(), system())
        .await
        .unwrap();
    let options = MatchOptions {
        min_lr: 1e-30,
        top: 5,
        frequencies: None,
        mutation_json: Some(MUTATION.to_owned()),
        theta: 0.0,
        rare_allele_frequency: None,
    };
    let clock = FixedClock(Timestamp(1_700_000_000));
    let outcome = homeward_app::dna::run_match(store, &options, &NoProgress, &clock, None)
        .await
        .unwrap();
    outcome.run.id
}
