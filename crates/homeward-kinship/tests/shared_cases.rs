//! Every case in `../shared/kinship-cases/` (expected values from forrel 1.8.0) reproduced,
//! total and per marker, to 1e-9 relative plus the allowance for tables that do not sum to 1
//! (see `../shared/data/README.md`). Exclusions must be exactly 0.

mod common;

use std::path::Path;

use common::CASES;
use homeward_kinship::{KinshipCase, evaluate_case_json};
use serde_json::Value;

/// The allowance of the shared data README: 2F·|Σp − 1| per marker.
fn allowance(case: &KinshipCase, marker: &str) -> f64 {
    let founders = case.pedigree().founder_count() as f64;
    let table = case
        .markers()
        .iter()
        .find(|m| m.table().marker() == marker)
        .expect("marker evaluated")
        .table();
    let sum: f64 = table.freqs().iter().sum();
    2.0 * founders * (sum - 1.0).abs()
}

fn check(name: &str, input: &str, expected: &Value) -> Result<f64, String> {
    let case = KinshipCase::from_json(input).map_err(|e| format!("{name}: {e}"))?;
    let report = evaluate_case_json(input).map_err(|e| format!("{name}: {e}"))?;
    let mut failures = Vec::new();
    let mut total_allowance = 1e-9;
    let mut worst: f64 = 0.0;
    let exp_markers = expected["markers"].as_object().ok_or("no markers")?;
    assert_eq!(
        exp_markers.len(),
        report.markers().len(),
        "{name}: marker count"
    );
    for m in report.markers() {
        let want = exp_markers[&m.marker]
            .as_f64()
            .ok_or("marker lr not a number")?;
        let got = m.lr.value();
        let tol = 1e-9 + allowance(&case, &m.marker);
        total_allowance += allowance(&case, &m.marker);
        let ok = if want == 0.0 {
            got == 0.0
        } else {
            worst = worst.max(((got - want) / want).abs());
            ((got - want) / want).abs() <= tol
        };
        if !ok {
            failures.push(format!(
                "{name} {}: got {got:e}, want {want:e}, rel {:e}",
                m.marker,
                (got - want) / want
            ));
        }
    }
    let want = expected["lr"].as_f64().ok_or("lr not a number")?;
    let got = report.lr().value();
    let ok = if want == 0.0 {
        got == 0.0
    } else {
        ((got - want) / want).abs() <= total_allowance
    };
    if !ok {
        failures.push(format!("{name} total: got {got:e}, want {want:e}"));
    }
    if failures.is_empty() {
        Ok(worst)
    } else {
        Err(failures.join("\n"))
    }
}

#[test]
fn shared_kinship_cases_match_forrel() {
    let Some(names) = common::shared_cases() else {
        return;
    };
    let dir = Path::new(CASES);
    assert!(!names.is_empty(), "no cases in {CASES}");
    let mut failures = Vec::new();
    for name in &names {
        let input = std::fs::read_to_string(dir.join(name)).expect("case file");
        let exp_path = dir.join(name.replace(".json", ".expected.json"));
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(exp_path).expect("expected file"))
                .expect("expected JSON");
        match check(name, &input, &expected) {
            Ok(worst) => {
                println!("ok   {name} (largest per-marker relative difference {worst:.1e})")
            }
            Err(e) => {
                println!("FAIL {e}");
                failures.push(e);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
