//! The seeded synthetic scenario of the DNA tests (`tests/dna.rs`): a frequency table, 60
//! families of six pedigree shapes with simulated references, and 30 remains (20 of them the
//! first families' missing persons, some partial, some with a dropped allele); and every pair's
//! LR computed independently of the registry, by the engine's CASE.json evaluation (what
//! `homeward kinship lr` prints).

use std::collections::{BTreeMap, BTreeSet};

use homeward_kinship::simulate::{Truth, simulate_cases};
use homeward_kinship::{bench, evaluate_case_json};
use serde_json::{Value, json};

pub const MARKERS: usize = 15;
pub const FAMILIES: usize = 60;
pub const REMAINS: usize = 30;
/// Remains `HW-D-000r` for r < this are family `FAM-00r`'s missing person.
pub const TRUE_PAIRS: usize = 20;

/// person is `MP`.
type Shape = (
    &'static [(&'static str, &'static str, &'static str, &'static str)],
    &'static [&'static str],
);

const SHAPES: [Shape; 6] = [
    // A son.
    (
        &[
            ("MP", "M", "", ""),
            ("W", "F", "", ""),
            ("S", "M", "MP", "W"),
        ],
        &["S"],
    ),
    // A brother.
    (
        &[
            ("F", "M", "", ""),
            ("M", "F", "", ""),
            ("MP", "M", "F", "M"),
            ("B", "M", "F", "M"),
        ],
        &["B"],
    ),
    // Both parents.
    (
        &[
            ("F", "M", "", ""),
            ("M", "F", "", ""),
            ("MP", "M", "F", "M"),
        ],
        &["F", "M"],
    ),
    // A nephew (the brother's son).
    (
        &[
            ("GF", "M", "", ""),
            ("GM", "F", "", ""),
            ("MP", "M", "GF", "GM"),
            ("B", "M", "GF", "GM"),
            ("BW", "F", "", ""),
            ("N", "M", "B", "BW"),
        ],
        &["N"],
    ),
    // A grandson.
    (
        &[
            ("MP", "M", "", ""),
            ("W", "F", "", ""),
            ("S", "M", "MP", "W"),
            ("SW", "F", "", ""),
            ("G", "M", "S", "SW"),
        ],
        &["G"],
    ),
    // A son and a daughter.
    (
        &[
            ("MP", "M", "", ""),
            ("W", "F", "", ""),
            ("S", "M", "MP", "W"),
            ("D", "F", "MP", "W"),
        ],
        &["S", "D"],
    ),
];

fn pedigree(shape: &Shape) -> Value {
    let people: Vec<Value> = shape
        .0
        .iter()
        .map(|&(id, sex, father, mother)| {
            let mut p = json!({"id": id, "sex": sex});
            if !father.is_empty() {
                p["father"] = json!(father);
                p["mother"] = json!(mother);
            }
            p
        })
        .collect();
    Value::Array(people)
}

/// The scenario: the frequency file, the families (as elements of the families JSON) and
/// the remains' profiles (`{marker: [a, b|null]}`), all seeded.
pub struct Scenario {
    /// `{"markers": …}`.
    pub frequencies: Value,
    /// The families JSON's elements.
    pub families: Vec<Value>,
    /// `(accession, {marker: [a, b|null]})`.
    pub remains: Vec<(String, Value)>,
}

fn simulated(frequencies: &Value, shape: &Shape, seed: u64, truth: Truth) -> Value {
    let references: serde_json::Map<String, Value> = shape
        .1
        .iter()
        .map(|r| ((*r).to_owned(), json!({})))
        .collect();
    let case = json!({
        "frequencies": frequencies["markers"],
        "pedigree": pedigree(shape),
        "missing": "MP",
        "references": references,
    });
    let cases = simulate_cases(&case.to_string(), seed, 1, truth).unwrap();
    serde_json::from_str(&cases[0]).unwrap()
}

pub fn scenario() -> Scenario {
    let table = bench::synthetic_table(MARKERS, 12);
    let mut markers = serde_json::Map::new();
    for m in table.markers() {
        let alleles: serde_json::Map<String, Value> = m
            .names()
            .iter()
            .zip(m.freqs())
            .map(|(a, f)| (a.clone(), json!(f)))
            .collect();
        markers.insert(m.marker().to_owned(), Value::Object(alleles));
    }
    let frequencies = json!({ "markers": markers });
    let mut families = Vec::new();
    let mut missing_persons = Vec::new();
    for f in 0..FAMILIES {
        let shape = &SHAPES[f % SHAPES.len()];
        let case = simulated(&frequencies, shape, 100 + f as u64, Truth::MissingPerson);
        let mut references = case["references"].clone();
        if f % 7 == 3 {
            // A reference typed at the first eight markers only.
            let first = shape.1[0];
            let typed = references[first].as_object_mut().unwrap();
            let keep: Vec<String> = typed.keys().take(8).cloned().collect();
            typed.retain(|k, _| keep.contains(k));
        }
        let mut family = json!({
            "id": format!("FAM-{f:03}"),
            "pedigree": pedigree(shape),
            "missing": "MP",
            "references": references,
        });
        if f % 5 == 0 {
            family["claimed"] = json!({"names": format!("王{f}"), "unit": "60th Army"});
        }
        families.push(family);
        missing_persons.push(case["remains"].clone());
    }
    let mut remains = Vec::new();
    for r in 0..REMAINS {
        let mut profile = if r < TRUE_PAIRS {
            missing_persons[r].clone()
        } else {
            let shape = &SHAPES[r % SHAPES.len()];
            simulated(&frequencies, shape, 900 + r as u64, Truth::Unrelated)["remains"].clone()
        };
        let calls = profile.as_object_mut().unwrap();
        if r % 4 == 0 {
            // Partial: five markers failed.
            let keep: Vec<String> = calls.keys().take(MARKERS - 5).cloned().collect();
            calls.retain(|k, _| keep.contains(k));
        }
        if r % 5 == 1 {
            // A dropped allele.
            let first = calls.keys().next().unwrap().clone();
            calls[&first][1] = Value::Null;
        }
        remains.push((format!("HW-D-{r:04}"), profile));
    }
    Scenario {
        frequencies,
        families,
        remains,
    }
}

/// CASE.json of remains `r` against family `f` under `model` (an object of CASE.json's model
/// keys, e.g. `{"mutation": …, "theta": …}`): what `homeward kinship lr` reads.
pub fn case_of(s: &Scenario, r: usize, f: usize, model: &Value) -> String {
    let family = &s.families[f];
    let mut case = json!({
        "frequencies": s.frequencies["markers"],
        "pedigree": family["pedigree"],
        "missing": family["missing"],
        "references": family["references"],
        "remains": s.remains[r].1,
    });
    for (key, value) in model.as_object().into_iter().flatten() {
        case[key] = value.clone();
    }
    case.to_string()
}

/// Every pair's LR, by the engine's CASE.json evaluation: `(remains, family) → LR`.
pub fn all_lrs(s: &Scenario, model: &Value) -> BTreeMap<(String, String), f64> {
    let mut out = BTreeMap::new();
    for r in 0..REMAINS {
        for f in 0..FAMILIES {
            let lr = evaluate_case_json(&case_of(s, r, f, model))
                .unwrap()
                .lr()
                .value();
            let family = s.families[f]["id"].as_str().unwrap().to_owned();
            out.insert((s.remains[r].0.clone(), family), lr);
        }
    }
    out
}

/// The pairs with LR ≥ `min_lr`, the best `top` per remains.
pub fn expected(
    lrs: &BTreeMap<(String, String), f64>,
    min_lr: f64,
    top: usize,
) -> BTreeSet<(String, String)> {
    let mut by_remains: BTreeMap<&str, Vec<(f64, &str)>> = BTreeMap::new();
    for ((r, f), &lr) in lrs {
        if lr >= min_lr {
            by_remains.entry(r).or_default().push((lr, f));
        }
    }
    let mut out = BTreeSet::new();
    for (r, mut found) in by_remains {
        found.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (_, f) in found.into_iter().take(top) {
            out.insert((r.to_owned(), f.to_owned()));
        }
    }
    out
}

pub fn remains_csv(s: &Scenario, extra: &str) -> String {
    let mut out = String::from("sample,marker,allele1,allele2\n");
    for (accession, calls) in &s.remains {
        for (marker, pair) in calls.as_object().unwrap() {
            let cell = |v: &Value| v.as_str().unwrap_or("").to_owned();
            out.push_str(&format!(
                "{accession},{marker},{},{}\n",
                cell(&pair[0]),
                cell(&pair[1])
            ));
        }
    }
    out.push_str(extra);
    out
}
