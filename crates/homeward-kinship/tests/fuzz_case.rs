//! Fuzz targets for CASE.json (`homeward kinship lr`): arbitrary bytes and mutations of valid
//! cases (with and without the Y-STR and mtDNA sections, every mutation model) never panic;
//! they evaluate or are refused with a typed [`CaseError`] — a JSON syntax error names its line.
//! `HOMEWARD_FUZZ_SECONDS=600` runs each target for 10 minutes (README, "Fuzzing").

#[path = "../../../fuzz/harness.rs"]
mod harness;

use homeward_kinship::{CaseError, MutationModel, evaluate_case_json};
use proptest::prelude::*;
use serde_json::{Value, json};

/// A father, mother and two children (the missing one and a typed sibling), three markers.
fn base() -> Value {
    json!({
        "frequencies": {
            "D3S1358": {"14": 0.13, "15": 0.26, "16": 0.24, "17": 0.37},
            "VWA": {"15": 0.1, "16": 0.2, "17": 0.3, "18": 0.3, "18.3": 0.1},
            "TH01": {"6": 0.1, "7": 0.3, "9.3": 0.6}
        },
        "markers": ["D3S1358", "VWA", "TH01"],
        "pedigree": [
            {"id": "FA", "sex": "M", "father": null, "mother": null},
            {"id": "MO", "sex": "F"},
            {"id": "MP", "sex": "M", "father": "FA", "mother": "MO"},
            {"id": "S1", "sex": "F", "father": "FA", "mother": "MO"}
        ],
        "missing": "MP",
        "remains": {"D3S1358": ["15", "16"], "VWA": ["18.3", null], "TH01": ["9.3", "9.3"]},
        "references": {
            "S1": {"D3S1358": ["15", "16"], "VWA": ["17", "18"], "TH01": ["6", "9.3"]},
            "FA": {"D3S1358": ["14", "15"]}
        },
        "theta": 0.01,
        "rare_allele_frequency": 0.001,
        "description": "a family of four"
    })
}

fn y_section() -> Value {
    json!({
        "remains": {"DYS19": "14", "DYS390": "24", "DYS385": "11,14", "DYS391": "10"},
        "reference": {"DYS19": "15", "DYS390": 24, "DYS385": "11,14"},
        "meioses": 2,
        "mutation_rate": {"DYS19": 0.002, "DYS390": 0.003, "DYS385": 0.004},
        "database": {"size": 500, "count": 0},
        "frequency": "upper_95"
    })
}

fn mt_section() -> Value {
    json!({
        "remains": {"ranges": "16024-16365", "variants": ["16223T"]},
        "reference": {"ranges": "16024-16365;73-340", "variants": "73G 16223T 309.1C 249del"},
        "meioses": 3,
        "mutation_rate": 0.001,
        "database": {"haplotypes": [
            {"ranges": "16000-16400", "variants": "16223T 16311C"},
            {"ranges": "16000-16400", "variants": "16223T"}
        ]},
        "frequency": "estimate"
    })
}

fn with(mut case: Value, key: &str, value: Value) -> Value {
    case[key] = value;
    case
}

/// Valid cases, pretty and compact, covering every optional section and mutation model.
fn seeds() -> Vec<Vec<u8>> {
    let models = [
        json!({"model": "none"}),
        json!({"model": "equal", "rate": 0.002}),
        json!({"model": "proportional", "rate": {"female": 0.001, "male": 0.003}}),
        json!({"model": "stepwise", "rate": 0.002, "rate2": 0.0001, "range": 0.5}),
    ];
    let mut cases = vec![base()];
    for m in models {
        cases.push(with(base(), "mutation", m));
    }
    cases.push(with(base(), "y_str", y_section()));
    cases.push(with(
        with(base(), "mtdna", mt_section()),
        "y_str",
        y_section(),
    ));
    let mut seeds = Vec::new();
    for case in cases {
        assert!(
            evaluate_case_json(&case.to_string()).is_ok(),
            "seed must be valid: {case}"
        );
        seeds.push(case.to_string().into_bytes());
        seeds.push(serde_json::to_vec_pretty(&case).unwrap());
    }
    seeds
}

/// Evaluates `bytes` as CASE.json: an LR or a typed error that says where or what.
fn check_case(bytes: &[u8]) -> Result<(), TestCaseError> {
    let text = harness::text(bytes);
    match evaluate_case_json(&text) {
        Ok(report) => {
            let json: Value = serde_json::from_str(&report.to_json())
                .map_err(|e| TestCaseError::fail(format!("report is not JSON: {e}")))?;
            prop_assert!(json.get("markers").is_some());
        }
        Err(err) => {
            let message = err.to_string();
            prop_assert!(!message.is_empty());
            if serde_json::from_str::<Value>(&text).is_err() {
                prop_assert!(matches!(err, CaseError::Malformed { .. }), "{err:?}");
                harness::names_one_of(&message, &["line"])?;
            }
        }
    }
    Ok(())
}

/// Arbitrary bytes, mutated seeds, and numbers anywhere in a valid case replaced by huge,
/// negative or non-finite values.
#[test]
fn case_json() {
    harness::numeric_parser("case_json", seeds(), check_case);
}

#[test]
fn mutation_model_alone() {
    let seeds = [
        r#"{"model": "equal", "rate": {"female": 0.001, "male": 0.002}}"#,
        r#"{"model": "stepwise", "rate": 0.002, "rate2": 0.0001, "range": 0.5}"#,
        r#"{"model": "none"}"#,
    ]
    .map(|s| s.as_bytes().to_vec())
    .to_vec();
    harness::fuzz("mutation_model_alone", harness::mutated(seeds), |b| {
        if let Err(err) = MutationModel::from_json(&harness::text(&b)) {
            prop_assert!(err.to_string().contains("mutation"), "{err}");
        }
        Ok(())
    });
}

// Regression cases: inputs the fuzzer found, kept as plain tests.

/// Found by `case_json_nasty_numbers`: `"meioses": 4294967295` in the Y-STR section made the
/// step distribution ask for 64 GiB (the process aborted); now refused, naming the field.
#[test]
fn regression_y_str_meioses_beyond_the_bound_is_refused() {
    for meioses in [4_294_967_295u64, 65] {
        let mut y = y_section();
        y["meioses"] = json!(meioses);
        let err = evaluate_case_json(&with(base(), "y_str", y).to_string()).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("y_str") && message.contains("meioses"),
            "{message}"
        );
    }
    let mut mt = mt_section();
    mt["meioses"] = json!(4_294_967_295u64);
    let err = evaluate_case_json(&with(base(), "mtdna", mt).to_string()).unwrap_err();
    assert!(err.to_string().contains("mtdna"), "{err}");
    let mut y = y_section();
    y["meioses"] = json!(homeward_kinship::lineage::MAX_MEIOSES);
    assert!(evaluate_case_json(&with(base(), "y_str", y).to_string()).is_ok());
}

/// A marker with 100,000 alleles made the engine allocate two 100,000² mutation matrices
/// (80 GB each, even with no mutation model: the process aborted) after an O(n²) duplicate
/// scan; now refused up front, naming the marker.
#[test]
fn regression_a_marker_with_too_many_alleles_is_refused() {
    let many: serde_json::Map<String, Value> = (0..100_000)
        .map(|i| (format!("{i}"), json!(0.00001)))
        .collect();
    let mut case = base();
    case["frequencies"]["D3S1358"] = Value::Object(many);
    case["markers"] = json!(["D3S1358"]);
    case["remains"] = json!({"D3S1358": ["15", "16"]});
    case["references"] = json!({"S1": {"D3S1358": ["15", "16"]}});
    let err = evaluate_case_json(&case.to_string()).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("D3S1358") && message.contains("100000 alleles"),
        "{message}"
    );
}
