//! An independent brute-force oracle against the engine on random small pedigrees (proptest):
//! enumerate every ordered genotype of every person — founder alleles drawn by the θ sampling
//! formula, each child allele from one of the parent's two (½ each) through the mutation matrix —
//! and sum the probability of everything consistent with the typings. No pruning, no lumping,
//! no elimination order: only the definition.

mod common;

use homeward_kinship::{
    AlleleFrequencies, KinshipCase, MutationMatrix, MutationModel, Sex, SexRates,
};
use proptest::prelude::*;
use serde_json::{Value, json};

/// A random pedigree member: sex and optional (father, mother) among earlier members.
#[derive(Debug, Clone)]
struct Member {
    male: bool,
    parents: Option<(usize, usize)>,
}

/// A typing: two alleles, either possibly unknown.
type Typing = (Option<usize>, Option<usize>);

#[derive(Debug, Clone)]
struct Scenario {
    freqs: Vec<f64>,
    members: Vec<Member>,
    missing: usize,
    typings: Vec<Option<Typing>>,
    remains: Typing,
    model: MutationModel,
    theta: f64,
}

fn matches(t: Typing, x: usize, y: usize) -> bool {
    match t {
        (Some(a), Some(b)) => (a == x && b == y) || (a == y && b == x),
        (Some(a), None) | (None, Some(a)) => a == x || a == y,
        (None, None) => true,
    }
}

/// P(typings) by enumerating every ordered allele pair of every person.
fn brute_force(
    freqs: &[f64],
    parents: &[Option<(usize, usize)>],
    typings: &[Option<Typing>],
    pat: &[Vec<f64>],
    mat: &[Vec<f64>],
    theta: f64,
) -> f64 {
    let n = freqs.len();
    let vars = 2 * parents.len();
    let mut alleles = vec![0usize; vars];
    let mut total = 0.0;
    loop {
        let mut w = 1.0;
        let mut drawn: Vec<usize> = Vec::new();
        for (i, p) in parents.iter().enumerate() {
            let (x, y) = (alleles[2 * i], alleles[2 * i + 1]);
            if let Some(t) = typings[i]
                && !matches(t, x, y)
            {
                w = 0.0;
                break;
            }
            match p {
                None => {
                    for a in [x, y] {
                        let j = drawn.len() as f64 + 1.0;
                        let count = drawn.iter().filter(|&&d| d == a).count() as f64;
                        w *= (count * theta + (1.0 - theta) * freqs[a]) / (1.0 + (j - 2.0) * theta);
                        drawn.push(a);
                    }
                }
                Some((f, m)) => {
                    let (f1, f2) = (alleles[2 * f], alleles[2 * f + 1]);
                    let (m1, m2) = (alleles[2 * m], alleles[2 * m + 1]);
                    w *= 0.5 * (pat[f1][x] + pat[f2][x]);
                    w *= 0.5 * (mat[m1][y] + mat[m2][y]);
                }
            }
        }
        total += w;
        // Next assignment.
        let mut d = 0;
        loop {
            if d == vars {
                return total;
            }
            alleles[d] += 1;
            if alleles[d] < n {
                break;
            }
            alleles[d] = 0;
            d += 1;
        }
    }
}

fn dense(m: Option<MutationMatrix>, n: usize) -> Vec<Vec<f64>> {
    (0..n)
        .map(|i| {
            (0..n)
                .map(|j| match &m {
                    Some(m) => m.get(i, j),
                    None => f64::from(u8::from(i == j)),
                })
                .collect()
        })
        .collect()
}

fn name(a: usize) -> String {
    format!("{}", 10 + a)
}

fn genotype_json(t: Typing) -> Value {
    json!([t.0.map(name), t.1.map(name)])
}

fn case_json(s: &Scenario) -> String {
    let id = |i: usize| {
        if i == s.missing {
            "MP".to_owned()
        } else {
            format!("P{i}")
        }
    };
    let table: serde_json::Map<String, Value> = s
        .freqs
        .iter()
        .enumerate()
        .map(|(a, f)| (name(a), json!(f)))
        .collect();
    let pedigree: Vec<Value> = s
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            json!({"id": id(i), "sex": if m.male { "M" } else { "F" },
                   "father": m.parents.map(|p| id(p.0)), "mother": m.parents.map(|p| id(p.1))})
        })
        .collect();
    let refs: serde_json::Map<String, Value> = s
        .typings
        .iter()
        .enumerate()
        .filter_map(|(i, t)| t.map(|t| (id(i), json!({"M1": genotype_json(t)}))))
        .collect();
    let mutation = match s.model {
        MutationModel::None => json!({"model": "none"}),
        MutationModel::Equal { rate } => {
            json!({"model": "equal", "rate": {"female": rate.female, "male": rate.male}})
        }
        MutationModel::Proportional { rate } => {
            json!({"model": "proportional", "rate": {"female": rate.female, "male": rate.male}})
        }
        MutationModel::Stepwise { rate, rate2, range } => json!({"model": "stepwise",
            "rate": {"female": rate.female, "male": rate.male}, "rate2": rate2.female, "range": range}),
    };
    json!({"frequencies": {"M1": table}, "pedigree": pedigree, "missing": "MP",
           "remains": {"M1": genotype_json(s.remains)}, "references": refs,
           "mutation": mutation, "theta": s.theta})
    .to_string()
}

fn typing(n: usize) -> impl Strategy<Value = Typing> {
    (0..n, 0..n, 0..8u8).prop_map(|(a, b, k)| match k {
        0 => (Some(a), None),
        1 => (None, Some(b)),
        _ => (Some(a), Some(b)),
    })
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (2usize..=3)
        .prop_flat_map(|n| {
            let max_people = if n == 3 { 4 } else { 6 };
            (Just(n), 2usize..=max_people)
        })
        .prop_flat_map(|(n, people)| {
            let weights = prop::collection::vec(1u32..10, n);
            let members = prop::collection::vec(
                (any::<bool>(), any::<bool>(), 0usize..64, 0usize..64),
                people,
            );
            let typings = prop::collection::vec(prop::option::weighted(0.6, typing(n)), people);
            let model = (0u8..4, 0.0f64..0.2, 0.0f64..0.2, 0.05f64..0.9);
            let theta = prop_oneof![Just(0.0), 0.0f64..0.1];
            (
                weights,
                members,
                0usize..people,
                typings,
                typing(n),
                model,
                theta,
            )
        })
        .prop_map(
            |(weights, raw, missing, mut typings, remains, (kind, rf, rm, range), theta)| {
                let total: u32 = weights.iter().sum();
                let freqs: Vec<f64> = weights
                    .iter()
                    .map(|&w| f64::from(w) / f64::from(total))
                    .collect();
                let mut members: Vec<Member> = Vec::new();
                for (male, founder, fi, mi) in raw {
                    let fathers: Vec<usize> =
                        (0..members.len()).filter(|&i| members[i].male).collect();
                    let mothers: Vec<usize> =
                        (0..members.len()).filter(|&i| !members[i].male).collect();
                    let parents = (!founder && !fathers.is_empty() && !mothers.is_empty())
                        .then(|| (fathers[fi % fathers.len()], mothers[mi % mothers.len()]));
                    members.push(Member { male, parents });
                }
                typings[missing] = None;
                let rate = SexRates {
                    female: rf,
                    male: rm,
                };
                let model = match kind {
                    0 => MutationModel::None,
                    1 => MutationModel::Equal { rate },
                    2 => MutationModel::Proportional { rate },
                    _ => MutationModel::Stepwise {
                        rate,
                        rate2: SexRates::both(0.01),
                        range,
                    },
                };
                Scenario {
                    freqs,
                    members,
                    missing,
                    typings,
                    remains,
                    model,
                    theta,
                }
            },
        )
}

fn close(got: f64, want: f64) -> bool {
    (got - want).abs() <= 1e-10 * want.abs().max(got.abs())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn engine_matches_brute_force(s in scenario()) {
        let case = KinshipCase::from_json(&case_json(&s)).expect("valid scenario");
        let result = case.evaluate_marker(&case.markers()[0]);
        let table = AlleleFrequencies::new(
            "M1", s.freqs.iter().enumerate().map(|(a, f)| (name(a), *f)).collect()).expect("table");
        let n = s.freqs.len();
        let pat = dense(s.model.matrix(&table, Sex::Male).expect("matrix"), n);
        let mat = dense(s.model.matrix(&table, Sex::Female).expect("matrix"), n);
        let parents: Vec<Option<(usize, usize)>> = s.members.iter().map(|m| m.parents).collect();
        let remains_typed = s.remains.0.is_some() || s.remains.1.is_some();
        // H1: the remains are the missing person.
        let mut typings = s.typings.clone();
        typings[s.missing] = Some(s.remains);
        let h1 = brute_force(&s.freqs, &parents, &typings, &pat, &mat, s.theta);
        // H2: the missing person untyped; the remains an extra founder of the same population.
        let mut parents2 = parents.clone();
        parents2.push(None);
        let mut typings2 = s.typings.clone();
        typings2.push(Some(s.remains));
        let h2 = brute_force(&s.freqs, &parents2, &typings2, &pat, &mat, s.theta);
        if h2 == 0.0 {
            prop_assert!(result.is_err(), "references inconsistent, engine gave {result:?}");
            return Ok(());
        }
        let m = result.expect("consistent case evaluates");
        prop_assert!(remains_typed);
        let (e1, e2) = (m.h1.expect("typed"), m.h2.expect("typed"));
        prop_assert!(close(e1, h1), "H1 engine {e1:e} vs brute force {h1:e}");
        prop_assert!(close(e2, h2), "H2 engine {e2:e} vs brute force {h2:e}");
        prop_assert!(close(m.lr.value(), h1 / h2), "LR {} vs {}", m.lr.value(), h1 / h2);
    }
}
