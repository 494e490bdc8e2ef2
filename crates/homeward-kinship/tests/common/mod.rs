//! Helpers shared by the integration tests: one-marker CASE.json builders, LR shortcuts, the
//! shared kinship cases and a seeded generator for random pedigrees and profiles.

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;

use homeward_kinship::{KinshipCase, MarkerLr, evaluate_case_json};
use serde_json::{Map, Value, json};

/// A pedigree member: (id, sex, father, mother).
pub type Member<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>);

/// A genotype as written in CASE.json (`None` = null).
pub type Alleles<'a> = [Option<&'a str>; 2];

/// Builds a one-marker (`M1`) CASE.json; `extra` adds top-level keys (mutation, theta, ...).
pub fn one_marker_case(
    freqs: &[(&str, f64)],
    pedigree: &[Member<'_>],
    remains: Option<Alleles<'_>>,
    references: &[(&str, Alleles<'_>)],
    extra: Value,
) -> String {
    let mut table = Map::new();
    for (a, f) in freqs {
        table.insert((*a).to_owned(), json!(f));
    }
    let ped: Vec<Value> = pedigree
        .iter()
        .map(|(id, sex, f, m)| json!({"id": id, "sex": sex, "father": f, "mother": m}))
        .collect();
    let mut refs = Map::new();
    for (id, g) in references {
        refs.insert((*id).to_owned(), json!({"M1": g}));
    }
    let mut case = json!({
        "frequencies": {"M1": table},
        "pedigree": ped,
        "missing": "MP",
        "remains": match remains { Some(g) => json!({"M1": g}), None => json!({}) },
        "references": refs,
    });
    if let (Some(obj), Value::Object(more)) = (case.as_object_mut(), extra) {
        obj.extend(more);
    }
    case.to_string()
}

/// The single marker's result of a one-marker case.
pub fn marker(input: &str) -> MarkerLr {
    let case = KinshipCase::from_json(input).expect("valid case");
    case.evaluate_marker(&case.markers()[0]).expect("evaluates")
}

/// The total LR of a case.
pub fn lr(input: &str) -> f64 {
    evaluate_case_json(input).expect("valid case").lr().value()
}

/// Asserts `got` equals `want` to `tol` relative (exactly when `want` is 0).
pub fn assert_close(got: f64, want: f64, tol: f64, what: &str) {
    if want == 0.0 {
        assert_eq!(got, 0.0, "{what}: want exactly 0");
    } else {
        let rel = ((got - want) / want).abs();
        assert!(
            rel <= tol,
            "{what}: got {got:e}, want {want:e}, relative {rel:e}"
        );
    }
}

/// Father F, mother M (founders) and the missing person MP.
pub const TRIO: [Member<'static>; 3] = [
    ("F", "M", None, None),
    ("M", "F", None, None),
    ("MP", "M", Some("F"), Some("M")),
];

/// Parents, the missing person and a full sibling S.
pub const SIBS: [Member<'static>; 4] = [
    ("F", "M", None, None),
    ("M", "F", None, None),
    ("MP", "M", Some("F"), Some("M")),
    ("S", "F", Some("F"), Some("M")),
];

/// A shared father F, two mothers, the missing person and a paternal half-sibling H.
pub const HALF_SIBS: [Member<'static>; 5] = [
    ("F", "M", None, None),
    ("M1", "F", None, None),
    ("M2", "F", None, None),
    ("MP", "M", Some("F"), Some("M1")),
    ("H", "M", Some("F"), Some("M2")),
];

/// A seeded linear congruential generator: random pedigrees and profiles that are the same on
/// every run, with no dependency for it.
pub struct Lcg(pub u64);

impl Lcg {
    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// The shared kinship cases (`../shared/kinship-cases`), outside the repository.
pub const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/kinship-cases");

/// The file names of the cases in [`CASES`], sorted: each `NAME.json` with its
/// `NAME.expected.json` beside it (other `.json` files there, such as exclusion-power.json, are
/// references of another kind). `None`, after a SKIP line, when the shared folder is absent.
pub fn shared_cases() -> Option<Vec<String>> {
    let dir = Path::new(CASES);
    if !dir.is_dir() {
        // Straight to stderr, past libtest's capture, so the skip shows in `cargo test`.
        let _ = writeln!(std::io::stderr(), "SKIP: ../shared/kinship-cases not found");
        return None;
    }
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("readable case folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json") && !n.ends_with(".expected.json"))
        .filter(|n| dir.join(n.replace(".json", ".expected.json")).exists())
        .collect();
    names.sort();
    Some(names)
}
