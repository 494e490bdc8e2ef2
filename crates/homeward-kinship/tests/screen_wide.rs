//! Screening with a "wide" marker (more than 256 distinct remains genotypes, so `u16` codes next
//! to the `u8` ones of the narrow markers) and a short best list (whose rising threshold prunes):
//! every remains' reported families must be exactly the brute-force top `k` of the direct LR
//! (strict order: LR descending, then family order), with table LRs agreeing to 1e-12.

mod common;

use common::Lcg;
use homeward_kinship::evaluate_case_json;
use homeward_kinship::screen::{self, RemainsProfile, ScreeningModel};
use homeward_kinship::{FrequencyTable, MutationModel, SexRates};
use serde_json::{Map, Value, json};

/// Marker W with 40 alleles (820 genotypes), A and B with 6.
fn markers() -> Vec<(&'static str, usize)> {
    vec![("A", 6), ("W", 40), ("B", 6)]
}

fn table_json() -> Value {
    let mut out = Map::new();
    for (m, n) in markers() {
        let w: Vec<f64> = (0..n).map(|i| 1.0 + (i % 5) as f64).collect();
        let total: f64 = w.iter().sum();
        // Alleles 10, 11, … with frequencies proportional to w.
        let t: Map<String, Value> = (10..)
            .zip(&w)
            .map(|(allele, x): (usize, _)| (allele.to_string(), json!(x / total)))
            .collect();
        out.insert(m.to_owned(), Value::Object(t));
    }
    Value::Object(out)
}

fn genotype(rng: &mut Lcg, n: usize) -> Value {
    json!([
        format!("{}", 10 + rng.below(n)),
        format!("{}", 10 + rng.below(n))
    ])
}

fn profile(rng: &mut Lcg) -> Map<String, Value> {
    markers()
        .into_iter()
        .map(|(m, n)| (m.to_owned(), genotype(rng, n)))
        .collect()
}

#[test]
fn wide_markers_and_short_lists_give_the_brute_force_top_k() {
    let mut rng = Lcg(11);
    let trio = json!([{"id": "F", "sex": "M"}, {"id": "M", "sex": "F"},
                      {"id": "MP", "sex": "M", "father": "F", "mother": "M"},
                      {"id": "S", "sex": "F", "father": "F", "mother": "M"}]);
    let families: Vec<Value> = (0..24)
        .map(|f| {
            let who = if f % 2 == 0 { "F" } else { "S" };
            json!({"id": format!("FAM{f}"), "pedigree": trio, "missing": "MP",
                   "references": {who: profile(&mut rng)}})
        })
        .collect();
    let remains: Vec<Map<String, Value>> = (0..600).map(|_| profile(&mut rng)).collect();
    // The typed profiles the CLI's CSV reader would hand the engine.
    let parsed_remains: Vec<RemainsProfile> = remains
        .iter()
        .enumerate()
        .map(|(r, p)| RemainsProfile {
            id: format!("R{r}"),
            profile: p
                .iter()
                .map(|(m, g)| {
                    let allele = |i: usize| g[i].as_str().map(str::to_owned);
                    (m.clone(), [allele(0), allele(1)])
                })
                .collect(),
        })
        .collect();
    let table = FrequencyTable::from_json_str(&json!({ "markers": table_json() }).to_string())
        .expect("table");
    let parsed_families =
        screen::parse_families_json(&json!(families).to_string()).expect("families");
    let mutation = MutationModel::Equal {
        rate: SexRates::both(0.002),
    };
    let model = ScreeningModel {
        mutation,
        rare_allele_frequency: None,
        theta: 0.0,
    };
    let (top, min_lr) = (2, 0.01);
    let found = screen::screen(
        &parsed_remains,
        &parsed_families,
        &table,
        &model,
        min_lr,
        top,
        &|_, _| {},
    )
    .expect("screen");
    for (r, p) in remains.iter().enumerate() {
        let mut all: Vec<(f64, usize)> = families
            .iter()
            .enumerate()
            .map(|(f, fam)| {
                let case = json!({"frequencies": table_json(), "pedigree": fam["pedigree"],
                    "missing": "MP", "remains": p, "references": fam["references"],
                    "mutation": {"model": "equal", "rate": 0.002}});
                let lr = evaluate_case_json(&case.to_string())
                    .expect("case")
                    .lr()
                    .value();
                (lr, f)
            })
            .filter(|&(lr, _)| lr > 0.0 && lr >= min_lr)
            .collect();
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        all.truncate(top);
        let got: Vec<_> = found
            .iter()
            .filter(|c| c.remains == format!("R{r}"))
            .collect();
        assert_eq!(got.len(), all.len(), "R{r}: {got:?} vs {all:?}");
        for (c, (lr, f)) in got.iter().zip(&all) {
            // Near-ties may swap within rounding; the LR must match the brute-force rank.
            assert!(
                ((c.lr - lr) / lr).abs() < 1e-9,
                "R{r}: {c:?} vs FAM{f} {lr}"
            );
            assert!(((c.table_lr - c.lr) / c.lr).abs() < 1e-12, "R{r}: {c:?}");
        }
    }
}
