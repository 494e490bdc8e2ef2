//! Fuzz targets for the CSV files of `homeward kinship screen`, the remains and the frequency
//! matrix (moved here from `homeward-kinship` with their parsers: the engine reads no CSV).
//! Arbitrary bytes and mutations of valid files never panic; they parse or are refused (a remains
//! refusal naming the line).
//! `HOMEWARD_FUZZ_SECONDS=600` runs each for 10 minutes.

#[path = "../../../fuzz/harness.rs"]
mod harness;

use homeward_app::kinship_input::{parse_frequency_csv, parse_remains_csv};
use proptest::prelude::*;

fn remains_seeds() -> Vec<Vec<u8>> {
    let body =
        "R1,D3S1358,15,16\nR1,VWA,17,NA\nR2,D3S1358,14,14\n\"R2\", TH01 ,9.3,null\nR3,VWA,,18\n";
    vec![
        format!("sample,marker,allele1,allele2\n{body}").into_bytes(),
        body.as_bytes().to_vec(),
        body.replace('\n', "\r\n").into_bytes(),
    ]
}

fn table_csv_seeds() -> Vec<Vec<u8>> {
    let csv = "Allele,D3S1358,VWA,TH01\n14,0.13,,\n15,0.26,,\n16,0.24,,\n17,0.37,0.5,\n18,,0.5,\n6,,,0.4\n9.3,,,0.6\n";
    vec![
        csv.as_bytes().to_vec(),
        csv.replace('\n', "\r\n").into_bytes(),
    ]
}

fn check_table_csv(bytes: &[u8]) -> Result<(), TestCaseError> {
    match parse_frequency_csv(&harness::text(bytes)) {
        Ok(table) => {
            for m in table.markers() {
                prop_assert!(m.freqs().iter().all(|f| *f > 0.0 && *f <= 1.0));
            }
            Ok(())
        }
        Err(err) => {
            prop_assert!(!err.to_string().is_empty());
            Ok(())
        }
    }
}

/// A CSV refusal names its line.
fn check_remains(bytes: &[u8]) -> Result<(), TestCaseError> {
    match parse_remains_csv(&harness::text(bytes)) {
        Ok(remains) => {
            for r in &remains {
                prop_assert!(!r.id.is_empty());
            }
            Ok(())
        }
        Err(err) => {
            let message = err.to_string();
            prop_assert!(!message.is_empty());
            harness::names_one_of(&message, &["line", "empty", "twice"])
        }
    }
}

#[test]
fn remains_csv() {
    harness::parser("remains_csv", remains_seeds(), check_remains);
}

#[test]
fn frequency_table_csv() {
    harness::parser("frequency_table_csv", table_csv_seeds(), check_table_csv);
}

/// The seeds themselves parse (so the mutations start from valid documents).
#[test]
fn seeds_are_valid() {
    for s in remains_seeds() {
        assert!(parse_remains_csv(&harness::text(&s)).is_ok());
    }
    for s in table_csv_seeds() {
        parse_frequency_csv(&harness::text(&s)).unwrap();
    }
}
