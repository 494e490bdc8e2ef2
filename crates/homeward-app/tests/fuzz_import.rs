//! Fuzz targets for the CSV import (`homeward import`, sites, remains, effects, missing persons):
//! arbitrary bytes, rows under real headers, and mutations of valid files of every kind are
//! either parsed or refused with an error that names the file and the line (and the field for a
//! bad value); a refused file adds nothing to the plan. `HOMEWARD_FUZZ_SECONDS=600` runs each
//! for 10 minutes (README, "Fuzzing").

#[path = "../../../fuzz/harness.rs"]
mod harness;

use homeward_app::RecordKind;
use homeward_app::import::{ImportError, ImportPlan};
use proptest::prelude::*;

fn kinds() -> impl Strategy<Value = Option<RecordKind>> {
    prop_oneof![
        Just(None),
        Just(Some(RecordKind::Sites)),
        Just(Some(RecordKind::Remains)),
        Just(Some(RecordKind::Effects)),
        Just(Some(RecordKind::Missing)),
    ]
}

const EFFECTS: &str = "accession,site_code,category,description,inscription,condition,disposition\n\
    HW-T-0001,,seal,wooden seal,王德明,worn,travels_with_remains\n\
    ,T-002,other,\"cartridge cases, 7.62\",,corroded,retained\n";

const MISSING: &str = "name_original,name_hanzi,name_pinyin,birth_year,date_of_loss,nationality,synthetic\n\
    王德明,王德明,Wáng Démíng,1930,1951-07,cpv,true\n\
    김영수,,,1929,1952,rok,false\n";

/// A valid file of each kind (plain, with a BOM, with CRLF line ends).
fn seeds() -> Vec<Vec<u8>> {
    let mut remains = String::from(homeward_testkit::import::REMAINS_HEADER);
    for i in 1..=4 {
        remains.push_str(&homeward_testkit::import::remains_row(i));
    }
    let files = [
        homeward_testkit::import::sites_csv(3),
        remains,
        EFFECTS.into(),
        MISSING.into(),
    ];
    for file in &files {
        let mut plan = ImportPlan::new();
        plan.add_csv(None, "seed.csv", file.as_bytes())
            .unwrap_or_else(|e| panic!("seed must parse: {e}"));
    }
    files
        .iter()
        .flat_map(|f| {
            [
                f.clone().into_bytes(),
                f.replace('\n', "\r\n").into_bytes(),
                format!("\u{feff}{f}").into_bytes(),
            ]
        })
        .collect()
}

fn check(kind: Option<RecordKind>, bytes: &[u8]) -> Result<(), TestCaseError> {
    let mut plan = ImportPlan::new();
    if let Err(err) = plan.add_csv(kind, "fuzz.csv", bytes) {
        let message = err.to_string();
        prop_assert!(message.contains("fuzz.csv"), "{}", message);
        prop_assert_eq!(plan.rows(), 0, "a refused file adds nothing");
        match &err {
            ImportError::Malformed { line, .. } | ImportError::InvalidField { line, .. } => {
                prop_assert!(*line >= 1, "{}", message);
                prop_assert!(message.contains(&format!("line {line}")), "{}", message);
            }
            ImportError::Header { .. } => prop_assert!(message.contains("line 1"), "{}", message),
            ImportError::UnknownKind { .. } => {}
            other => prop_assert!(false, "unexpected error from a parse: {other:?}"),
        }
    }
    Ok(())
}

#[test]
fn import_arbitrary_bytes() {
    harness::fuzz(
        "import_arbitrary_bytes",
        (kinds(), harness::bytes()),
        |(kind, bytes)| check(kind, &bytes),
    );
}

#[test]
fn import_rows_under_real_headers() {
    let strategy = (kinds(), 0usize..4, "([-a-z0-9:;.,\"\\n 王김é]{0,12}){0,40}");
    harness::fuzz(
        "import_rows_under_real_headers",
        strategy,
        |(kind, header, body)| {
            let header = RecordKind::ALL[header].columns().join(",");
            check(kind, format!("{header}\n{body}").as_bytes())
        },
    );
}

#[test]
fn import_mutated_files() {
    harness::fuzz(
        "import_mutated_files",
        (kinds(), harness::mutated(seeds())),
        |(kind, bytes)| check(kind, &bytes),
    );
}
