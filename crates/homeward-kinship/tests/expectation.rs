//! E[LR | H2] = 1: summing LR·P(remains | references, H2) over every genotype the remains could
//! have gives exactly 1, for small pedigrees, every mutation model, half-typed references and θ.
//! Frequencies are dyadic so that the table sums to exactly 1.

mod common;

use common::{Member, SIBS, TRIO, marker, one_marker_case};
use serde_json::{Value, json};

const P: [(&str, f64); 4] = [("10", 0.5), ("11", 0.25), ("12", 0.125), ("12.2", 0.125)];

const GRANDPARENT: [Member<'static>; 5] = [
    ("GF", "M", None, None),
    ("GM", "F", None, None),
    ("F", "M", Some("GF"), Some("GM")),
    ("M", "F", None, None),
    ("MP", "M", Some("F"), Some("M")),
];

const UNCLE: [Member<'static>; 6] = [
    ("GF", "M", None, None),
    ("GM", "F", None, None),
    ("F", "M", Some("GF"), Some("GM")),
    ("U", "M", Some("GF"), Some("GM")),
    ("M", "F", None, None),
    ("MP", "M", Some("F"), Some("M")),
];

/// Σ_g P(g | refs, H2)·LR(g) over every remains genotype g, where P(g | refs, H2) = h2(g) / Σ h2.
fn expectation(pedigree: &[Member<'_>], refs: &[(&str, [Option<&str>; 2])], extra: &Value) -> f64 {
    let mut weighted = 0.0;
    let mut total_h2 = 0.0;
    for (i, (a, _)) in P.iter().enumerate() {
        for (b, _) in &P[i..] {
            let input =
                one_marker_case(&P, pedigree, Some([Some(a), Some(b)]), refs, extra.clone());
            let m = marker(&input);
            let h2 = m.h2.expect("typed remains");
            weighted += h2 * m.lr.value();
            total_h2 += h2;
        }
    }
    weighted / total_h2
}

fn models() -> Vec<Value> {
    vec![
        json!({}),
        json!({"mutation": {"model": "equal", "rate": {"female": 0.01, "male": 0.03}}}),
        json!({"mutation": {"model": "proportional", "rate": 0.02}}),
        json!({"mutation": {"model": "stepwise", "rate": 0.02, "rate2": 0.001, "range": 0.3}}),
        json!({"theta": 0.05}),
        json!({"theta": 0.02, "mutation": {"model": "equal", "rate": 0.01}}),
    ]
}

/// A pedigree with its typed references.
type Family<'a> = (&'a [Member<'a>], Vec<(&'a str, [Option<&'a str>; 2])>);

#[test]
fn expected_lr_under_h2_is_one() {
    let cases: Vec<Family<'_>> = vec![
        (&TRIO, vec![("F", [Some("10"), Some("11")])]),
        (
            &TRIO,
            vec![("F", [Some("12"), None]), ("M", [Some("11"), Some("11")])],
        ),
        (&SIBS, vec![("S", [Some("10"), Some("12.2")])]),
        (&GRANDPARENT, vec![("GF", [Some("11"), Some("12")])]),
        (
            &UNCLE,
            vec![("U", [Some("10"), Some("10")]), ("M", [Some("12"), None])],
        ),
    ];
    for model in models() {
        for (pedigree, refs) in &cases {
            let e = expectation(pedigree, refs, &model);
            assert!(
                (e - 1.0).abs() < 1e-12,
                "E[LR|H2] = {e} for {model} on {refs:?}"
            );
        }
    }
}

#[test]
fn with_theta_zero_the_weights_are_hardy_weinberg() {
    // Σ_g P(g)·LR(g) = 1 with P(g) = p_a² or 2 p_a p_b.
    let refs = [("S", [Some("10"), Some("11")])];
    let mut total = 0.0;
    for (i, (a, pa)) in P.iter().enumerate() {
        for (b, pb) in &P[i..] {
            let input = one_marker_case(&P, &SIBS, Some([Some(a), Some(b)]), &refs, json!({}));
            let pg = if a == b { pa * pa } else { 2.0 * pa * pb };
            total += pg * marker(&input).lr.value();
        }
    }
    assert!((total - 1.0).abs() < 1e-12, "Σ P(g) LR(g) = {total}");
}
