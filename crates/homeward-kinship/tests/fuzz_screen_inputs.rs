//! Fuzz targets for the screening inputs of `homeward kinship screen` that the engine parses: the
//! families JSON and the JSON frequency tables (the CSV files, remains and frequency matrix, are
//! read at the edge and fuzzed in `homeward-app`, `tests/fuzz_kinship_input.rs`). Arbitrary bytes
//! and mutations of valid documents never panic; they parse or are refused with a typed
//! [`CaseError`] naming the JSON position. `HOMEWARD_FUZZ_SECONDS=600` runs each for 10 minutes.

#[path = "../../../fuzz/harness.rs"]
mod harness;

use homeward_kinship::screen::parse_families_json;
use homeward_kinship::{CaseError, FrequencyTable};
use proptest::prelude::*;
use serde_json::{Value, json};

fn families_seeds() -> Vec<Vec<u8>> {
    let family = |id: &str| {
        json!({
            "id": id,
            "pedigree": [
                {"id": "FA", "sex": "M"}, {"id": "MO", "sex": "female"},
                {"id": "MP", "sex": "m", "father": "FA", "mother": "MO"},
                {"id": "S1", "sex": "F", "father": "FA", "mother": "MO"}
            ],
            "missing": "MP",
            "references": {"S1": {"D3S1358": ["15", "16"], "VWA": ["17", null]},
                           "FA": {"TH01": ["9.3", "6"]}},
            "description": "family"
        })
    };
    let list = json!([family("F1"), family("F2")]);
    let wrapped = json!({"families": [family("F3")]});
    vec![
        list.to_string().into_bytes(),
        serde_json::to_vec_pretty(&wrapped).unwrap(),
    ]
}

fn table_json_seeds() -> Vec<Vec<u8>> {
    let table = json!({
        "source": "fuzz",
        "markers": {"D3S1358": {"14": 0.13, "15": 0.26, "16": 0.24, "17": 0.37},
                    "VWA": {"17": 0.5, "18": 0.5}, "TH01": {"6": 0.4, "9.3": 0.6}}
    });
    vec![
        table.to_string().into_bytes(),
        serde_json::to_vec_pretty(&table).unwrap(),
    ]
}

/// A JSON refusal from the parser names its line (the remains CSV's refusals, which name
/// theirs, are checked where that file is now read: `homeward-app`).
fn check_error(err: &CaseError, json_syntax: bool) -> Result<(), TestCaseError> {
    let message = err.to_string();
    prop_assert!(!message.is_empty());
    // A file that is not JSON at all is refused by the JSON parser, which names the line (a
    // value the DTO ignores, e.g. `"source": 1e309`, may let a later check speak first).
    if json_syntax && matches!(err, CaseError::Malformed { .. }) {
        harness::names_one_of(&message, &["line", "marker"])?;
    }
    Ok(())
}

fn not_json(text: &str) -> bool {
    serde_json::from_str::<Value>(text).is_err()
}

fn check_families(bytes: &[u8]) -> Result<(), TestCaseError> {
    let text = harness::text(bytes);
    match parse_families_json(&text) {
        Ok(_) => Ok(()),
        Err(err) => check_error(&err, not_json(&text)),
    }
}

fn check_table_json(bytes: &[u8]) -> Result<(), TestCaseError> {
    let text = harness::text(bytes);
    match FrequencyTable::from_json_str(&text) {
        Ok(table) => {
            for m in table.markers() {
                prop_assert!(m.freqs().iter().all(|f| *f > 0.0 && *f <= 1.0));
            }
            Ok(())
        }
        Err(err) => check_error(&err, not_json(&text)),
    }
}

#[test]
fn families_json() {
    harness::parser("families_json", families_seeds(), check_families);
}

#[test]
fn frequency_table_json() {
    harness::parser("frequency_table_json", table_json_seeds(), check_table_json);
}

/// The seeds themselves parse (so the mutations start from valid documents).
#[test]
fn seeds_are_valid() {
    for s in families_seeds() {
        assert_eq!(
            parse_families_json(&harness::text(&s))
                .unwrap()
                .len()
                .min(1),
            1
        );
    }
    for s in table_json_seeds() {
        FrequencyTable::from_json_str(&harness::text(&s)).unwrap();
    }
}

// Regression cases: inputs the fuzzer found, kept as plain tests.

/// Found by `families_json` (arbitrary bytes and mutated seeds): the families
/// file was read through an untagged enum, so every refusal said only "data did not match any
/// variant of untagged enum FamiliesDto" — no line, column or field. Now each names them.
#[test]
fn regression_families_json_errors_name_line_and_field() {
    let err = parse_families_json("0F").unwrap_err().to_string();
    assert!(err.contains("line 1"), "{err}");
    let seed = harness::text(&families_seeds()[0]);
    let misspelt = seed.replacen("\"mother\"", "\"lother\"", 1);
    let err = parse_families_json(&misspelt).unwrap_err().to_string();
    assert!(err.contains("lother") && err.contains("line 1"), "{err}");
    let wrapped = harness::text(&families_seeds()[1]).replacen("\"sex\"", "\"sexx\"", 1);
    let err = parse_families_json(&wrapped).unwrap_err().to_string();
    assert!(err.contains("sexx") && err.contains("line"), "{err}");
}
