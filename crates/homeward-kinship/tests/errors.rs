//! Bad input is refused with an `Err` whose message names what is wrong and where: unknown
//! individuals, parents of the wrong sex, single parents, cycles, markers and alleles absent from
//! the table, frequencies ≤ 0, malformed JSON and out-of-range parameters.

mod common;

use common::{TRIO, one_marker_case};
use homeward_kinship::{CaseError, evaluate_case_json};
use serde_json::json;

const P: [(&str, f64); 3] = [("10", 0.2), ("11", 0.3), ("12", 0.5)];

fn err(input: &str) -> CaseError {
    evaluate_case_json(input).expect_err("must be refused")
}

fn trio_with(refs: &[(&str, [Option<&str>; 2])], extra: serde_json::Value) -> String {
    one_marker_case(&P, &TRIO, Some([Some("10"), Some("11")]), refs, extra)
}

fn message_names(e: &CaseError, words: &[&str]) {
    let text = e.to_string();
    for w in words {
        assert!(text.contains(w), "`{text}` should name `{w}`");
    }
}

#[test]
fn unknown_individuals() {
    let ped = [("F", "M", None, None), ("MP", "M", Some("F"), Some("X"))];
    let e = err(&one_marker_case(&P, &ped, None, &[], json!({})));
    assert_eq!(
        e,
        CaseError::UnknownIndividual {
            id: "X".into(),
            context: "mother of `MP`".into()
        }
    );
    let e = err(&trio_with(&[("Z", [Some("10"), Some("10")])], json!({})));
    assert!(matches!(e, CaseError::UnknownIndividual { ref id, .. } if id == "Z"));
    let e = err(&trio_with(&[], json!({"missing": "NOBODY"})));
    message_names(&e, &["NOBODY"]);
}

#[test]
fn parents_of_the_wrong_sex() {
    let cases = [
        (
            "F",
            CaseError::FemaleFather {
                child: "MP".into(),
                father: "F".into(),
            },
        ),
        (
            "M",
            CaseError::MaleMother {
                child: "MP".into(),
                mother: "M".into(),
            },
        ),
    ];
    // Both parents of one sex: the father is refused when female, the mother when male.
    for (sex, want) in cases {
        let ped = [
            ("F", sex, None, None),
            ("M", sex, None, None),
            ("MP", "M", Some("F"), Some("M")),
        ];
        let e = err(&one_marker_case(&P, &ped, None, &[], json!({})));
        assert_eq!(e, want);
    }
}

#[test]
fn one_parent_and_cycles() {
    let ped = [("F", "M", None, None), ("MP", "M", Some("F"), None)];
    let e = err(&one_marker_case(&P, &ped, None, &[], json!({})));
    assert_eq!(e, CaseError::OneParent { id: "MP".into() });
    let ped = [
        ("A", "M", Some("MP"), Some("W")),
        ("W", "F", None, None),
        ("MP", "M", Some("A"), Some("W")),
    ];
    let e = err(&one_marker_case(&P, &ped, None, &[], json!({})));
    assert!(matches!(e, CaseError::Cycle { .. }), "{e}");
}

#[test]
fn markers_and_alleles_absent_from_the_table() {
    let e = err(&trio_with(&[], json!({"markers": ["M1", "VWA"]})));
    assert!(matches!(e, CaseError::MarkerNotInTable { ref marker, .. } if marker == "VWA"));
    let e = err(&trio_with(&[("F", [Some("10"), Some("99")])], json!({})));
    assert_eq!(
        e,
        CaseError::AlleleNotInTable {
            marker: "M1".into(),
            allele: "99".into(),
            individual: "F".into()
        }
    );
    message_names(&e, &["M1", "99", "`F`"]);
    let input = one_marker_case(&P, &TRIO, Some([Some("9.3"), None]), &[], json!({}));
    let e = err(&input);
    message_names(&e, &["9.3", "remains"]);
    // The same allele is admitted with a rare-allele frequency.
    let ok = trio_with(
        &[("F", [Some("10"), Some("99")])],
        json!({"rare_allele_frequency": 0.001}),
    );
    assert!(evaluate_case_json(&ok).is_ok());
}

#[test]
fn frequencies_must_be_positive() {
    for bad in [0.0, -0.1] {
        let freqs = [("10", 0.5), ("11", bad)];
        let e = err(&one_marker_case(&freqs, &TRIO, None, &[], json!({})));
        assert_eq!(
            e,
            CaseError::InvalidFrequency {
                marker: "M1".into(),
                allele: "11".into(),
                value: bad
            }
        );
    }
}

#[test]
fn malformed_input_and_parameters() {
    assert!(matches!(err("{"), CaseError::Malformed { .. }));
    assert!(matches!(
        err(&trio_with(&[], json!({"thetta": 0.1}))),
        CaseError::Malformed { .. }
    ));
    let e = err(&trio_with(&[], json!({"theta": 1.5})));
    assert!(matches!(e, CaseError::InvalidParameter { ref name, .. } if name == "theta"));
    let e = err(&trio_with(
        &[],
        json!({"mutation": {"model": "equal", "rate": 2.0}}),
    ));
    assert!(matches!(e, CaseError::InvalidParameter { .. }), "{e}");
    let e = err(&trio_with(&[], json!({"mutation": {"model": "random"}})));
    message_names(&e, &["random"]);
    let e = err(&trio_with(&[("MP", [Some("10"), Some("10")])], json!({})));
    assert_eq!(e, CaseError::MissingIsReference { id: "MP".into() });
    let three = trio_with(&[], json!({"remains": {"M1": ["10", "11", "12"]}}));
    assert!(matches!(
        err(&three),
        CaseError::InvalidGenotype { count: 3, .. }
    ));
}

#[test]
fn references_that_exclude_each_other() {
    // Father 10/10 and a child 12/12 of his, no mutation: no LR can be formed.
    let ped = [
        ("F", "M", None, None),
        ("M", "F", None, None),
        ("MP", "M", Some("F"), Some("M")),
        ("S", "F", Some("F"), Some("M")),
    ];
    let refs = [
        ("F", [Some("10"), Some("10")]),
        ("S", [Some("12"), Some("12")]),
    ];
    let e = err(&one_marker_case(
        &P,
        &ped,
        Some([Some("10"), Some("11")]),
        &refs,
        json!({}),
    ));
    assert_eq!(
        e,
        CaseError::InconsistentReferences {
            marker: "M1".into()
        }
    );
}
