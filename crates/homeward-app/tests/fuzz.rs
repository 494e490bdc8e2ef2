//! Garbage never panics the importer: random bytes and random CSV-like text are either parsed or
//! refused with an error that names the file.

use homeward_app::RecordKind;
use homeward_app::import::ImportPlan;
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

fn check(kind: Option<RecordKind>, bytes: &[u8]) {
    let mut plan = ImportPlan::new();
    if let Err(err) = plan.add_csv(kind, "fuzz.csv", bytes) {
        assert!(err.to_string().contains("fuzz.csv"), "{err}");
        assert_eq!(plan.rows(), 0, "a refused file adds nothing");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(kind in kinds(), bytes in proptest::collection::vec(any::<u8>(), 0..2_000)) {
        check(kind, &bytes);
    }

    #[test]
    fn random_rows_under_real_headers_never_panic(
        kind in kinds(),
        header in 0usize..4,
        body in "([-a-z0-9:;.,\"\\n 王김é]{0,12}){0,40}",
    ) {
        let header = RecordKind::ALL[header].columns().join(",");
        check(kind, format!("{header}\n{body}").as_bytes());
    }
}
