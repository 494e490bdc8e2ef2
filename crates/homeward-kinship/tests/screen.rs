//! Screening at scale against the direct LR: every pair of a small random population is scored
//! with `homeward kinship lr`'s engine (through CASE.json) and compared with what `screen`
//! reports (the pruning loses nothing above `min_lr`, top-k keeps the best, the table route
//! agrees with the exact LR to 1e-12, with θ = 0 and θ > 0); results do not depend on the
//! thread count; the bench population finds its true relatives.

mod common;

use common::Lcg;
use homeward_kinship::bench::{self, BenchConfig};
use homeward_kinship::screen::{self, Candidate, Family, RemainsProfile, ScreeningModel};
use homeward_kinship::simulate::{Truth, simulate_cases};
use homeward_kinship::{FrequencyTable, MutationModel, SexRates, evaluate_case_json};
use serde_json::{Map, Value, json};

const MARKERS: [&str; 3] = ["A", "B", "C"];
const ALLELES: [&str; 5] = ["10", "11", "12", "13", "14.2"];
const FREQS: [f64; 5] = [0.1, 0.2, 0.3, 0.25, 0.15];

fn table_json() -> Value {
    let mut markers = Map::new();
    for m in MARKERS {
        let t: Map<String, Value> = ALLELES
            .iter()
            .zip(FREQS)
            .map(|(a, f)| ((*a).to_owned(), json!(f)))
            .collect();
        markers.insert(m.to_owned(), Value::Object(t));
    }
    Value::Object(markers)
}

fn genotype(rng: &mut Lcg) -> Value {
    json!([ALLELES[rng.below(5)], ALLELES[rng.below(5)]])
}

/// Families: trio with the father typed, siblings, half-siblings, trio with both parents typed,
/// grandparent, cousin with the mother.
fn families(rng: &mut Lcg, count: usize) -> Vec<Value> {
    let person = |id: &str, sex: &str, f: Option<&str>, m: Option<&str>| json!({"id": id, "sex": sex, "father": f, "mother": m});
    (0..count)
        .map(|i| {
            // The missing person MP with both parents.
            let trio = || {
                vec![
                    person("F", "M", None, None),
                    person("M", "F", None, None),
                    person("MP", "M", Some("F"), Some("M")),
                ]
            };
            let grand = || {
                vec![
                    person("GF", "M", None, None),
                    person("GM", "F", None, None),
                    person("F", "M", Some("GF"), Some("GM")),
                    person("U", "F", Some("GF"), Some("GM")),
                    person("M", "F", None, None),
                    person("W", "M", None, None),
                    person("MP", "M", Some("F"), Some("M")),
                    person("C", "F", Some("W"), Some("U")),
                ]
            };
            let (pedigree, refs): (Vec<Value>, Vec<&str>) = match i % 6 {
                4 => (grand(), vec!["GF"]),
                5 => (grand(), vec!["C", "M"]),
                0 => (trio(), vec!["F"]),
                1 => {
                    let mut with_sister = trio();
                    with_sister.push(person("S", "F", Some("F"), Some("M")));
                    (with_sister, vec!["S"])
                }
                2 => (
                    vec![
                        person("F", "M", None, None),
                        person("M1", "F", None, None),
                        person("M2", "F", None, None),
                        person("MP", "M", Some("F"), Some("M1")),
                        person("H", "M", Some("F"), Some("M2")),
                    ],
                    vec!["H"],
                ),
                _ => (trio(), vec!["F", "M"]),
            };
            let mut references = Map::new();
            for r in refs {
                let mut p = Map::new();
                for m in MARKERS {
                    // Some references lack a marker.
                    if rng.below(6) != 0 {
                        p.insert(m.to_owned(), genotype(rng));
                    }
                }
                references.insert(r.to_owned(), Value::Object(p));
            }
            json!({"id": format!("FAM{i}"), "pedigree": pedigree, "missing": "MP",
                   "references": references})
        })
        .collect()
}

/// Remains as typed profiles (what the CLI's CSV reader hands the engine), some partial, some
/// half-typed; a remains with no typed marker has no row in a CSV and so is not among them.
fn remains_profiles(rng: &mut Lcg, count: usize) -> (Vec<RemainsProfile>, Vec<Map<String, Value>>) {
    let mut remains = Vec::new();
    let mut profiles = Vec::new();
    for r in 0..count {
        let mut p = Map::new();
        let mut typed = Vec::new();
        for m in MARKERS {
            match rng.below(8) {
                0 => {}
                1 => {
                    let a = ALLELES[rng.below(5)];
                    typed.push((m.to_owned(), [Some(a.to_owned()), None]));
                    p.insert(m.to_owned(), json!([a, null]));
                }
                _ => {
                    let (a, b) = (ALLELES[rng.below(5)], ALLELES[rng.below(5)]);
                    typed.push((m.to_owned(), [Some(a.to_owned()), Some(b.to_owned())]));
                    p.insert(m.to_owned(), json!([a, b]));
                }
            }
        }
        if !typed.is_empty() {
            remains.push(RemainsProfile {
                id: format!("R{r}"),
                profile: typed,
            });
        }
        profiles.push(p);
    }
    (remains, profiles)
}

fn direct(family: &Value, remains: &Map<String, Value>, mutation: &Value) -> f64 {
    let case = json!({
        "frequencies": table_json(),
        "pedigree": family["pedigree"],
        "missing": "MP",
        "remains": remains,
        "references": family["references"],
        "mutation": mutation,
    });
    evaluate_case_json(&case.to_string())
        .expect("valid case")
        .lr()
        .value()
}

/// `remains` random remains and `families` random families (drawn from seed `seed`, families
/// first), with the frequency table.
fn screening_inputs(
    seed: u64,
    families: usize,
    remains: usize,
) -> (Vec<RemainsProfile>, FrequencyTable, Vec<Family>) {
    let mut rng = Lcg(seed);
    let fams = self::families(&mut rng, families);
    let (remains, _) = remains_profiles(&mut rng, remains);
    let (table, families) = table_and_families(&fams);
    (remains, table, families)
}

/// The test table and `fams` parsed as a screen reads them.
fn table_and_families(fams: &[Value]) -> (FrequencyTable, Vec<Family>) {
    let table = FrequencyTable::from_json_str(&json!({ "markers": table_json() }).to_string())
        .expect("table");
    let families =
        screen::parse_families_json(&json!({ "families": fams }).to_string()).expect("families");
    (table, families)
}

fn run_screen(
    remains: &[RemainsProfile],
    fams: &[Value],
    model: &ScreeningModel,
    min_lr: f64,
) -> Vec<Candidate> {
    let (table, families) = table_and_families(fams);
    screen::screen(remains, &families, &table, model, min_lr, 1000, &|_, _| {}).expect("screen")
}

#[test]
fn screen_reports_exactly_the_pairs_above_min_lr_with_exact_lrs() {
    let mut rng = Lcg(3);
    let fams = families(&mut rng, 24);
    let (remains, profiles) = remains_profiles(&mut rng, 30);
    let models = [
        (ScreeningModel::default(), json!({"model": "none"})),
        (
            ScreeningModel {
                mutation: MutationModel::Equal {
                    rate: SexRates {
                        female: 0.001,
                        male: 0.004,
                    },
                },
                rare_allele_frequency: None,
                theta: 0.0,
            },
            json!({"model": "equal", "rate": {"female": 0.001, "male": 0.004}}),
        ),
        (
            ScreeningModel {
                mutation: MutationModel::Proportional {
                    rate: SexRates::both(0.003),
                },
                rare_allele_frequency: None,
                theta: 0.0,
            },
            json!({"model": "proportional", "rate": 0.003}),
        ),
    ];
    for (model, mutation) in &models {
        for min_lr in [0.0, 1.0, 20.0] {
            let found = run_screen(&remains, &fams, model, min_lr);
            let mut expected = 0;
            for (r, p) in profiles.iter().enumerate() {
                for (f, fam) in fams.iter().enumerate() {
                    let want = direct(fam, p, mutation);
                    let hit = found
                        .iter()
                        .find(|c| c.remains == format!("R{r}") && c.family == format!("FAM{f}"));
                    if want > 0.0 && want >= min_lr * (1.0 + 1e-9) {
                        expected += 1;
                        let c = hit.unwrap_or_else(|| panic!("R{r} FAM{f} LR {want} missed"));
                        assert!(((c.lr - want) / want).abs() < 1e-12, "exact LR R{r} FAM{f}");
                        assert!(
                            ((c.table_lr - want) / want).abs() < 1e-12,
                            "table LR R{r} FAM{f} {mutation}: {} vs {want}",
                            c.table_lr
                        );
                    } else if want < min_lr * (1.0 - 1e-9) || want == 0.0 {
                        assert!(hit.is_none(), "R{r} FAM{f} LR {want} below {min_lr}");
                    }
                }
            }
            assert!(expected > 0 && found.len() >= expected);
            // Ordered by remains, then LR descending.
            for w in found.windows(2) {
                if w[0].remains == w[1].remains {
                    assert!(w[0].table_lr >= w[1].table_lr);
                }
            }
        }
    }
}

#[test]
fn screen_with_theta_agrees_with_the_direct_theta_lr() {
    let mut rng = Lcg(7);
    let fams = families(&mut rng, 12);
    let (remains, profiles) = remains_profiles(&mut rng, 12);
    for theta in [0.01, 0.03] {
        let model = ScreeningModel {
            theta,
            ..ScreeningModel::default()
        };
        let found = run_screen(&remains, &fams, &model, 0.0);
        let mut checked = 0;
        for (r, p) in profiles.iter().enumerate() {
            for (f, fam) in fams.iter().enumerate() {
                let case = json!({"frequencies": table_json(), "pedigree": fam["pedigree"],
                    "missing": "MP", "remains": p, "references": fam["references"],
                    "theta": theta});
                let want = evaluate_case_json(&case.to_string())
                    .expect("valid case")
                    .lr()
                    .value();
                let hit = found
                    .iter()
                    .find(|c| c.remains == format!("R{r}") && c.family == format!("FAM{f}"));
                if want == 0.0 {
                    assert!(hit.is_none(), "R{r} FAM{f} excluded");
                    continue;
                }
                let c = hit.unwrap_or_else(|| panic!("R{r} FAM{f} θ {theta} missed"));
                assert!(((c.lr - want) / want).abs() < 1e-12, "exact R{r} FAM{f}");
                assert!(
                    ((c.table_lr - want) / want).abs() < 1e-12,
                    "table R{r} FAM{f}"
                );
                let zero = direct(fam, p, &json!({"model": "none"}));
                assert!(p.is_empty() || zero != want, "θ ignored for R{r} FAM{f}");
                checked += 1;
            }
        }
        assert!(checked > 50);
    }
}

#[test]
fn top_keeps_the_best_and_results_do_not_depend_on_threads() {
    let (remains, table, families) = screening_inputs(5, 40, 25);
    let model = ScreeningModel::default();
    let go = |threads: usize, top: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool")
            .install(|| {
                screen::screen(&remains, &families, &table, &model, 0.5, top, &|_, _| {})
                    .expect("screen")
            })
    };
    let all = go(1, 1000);
    assert!(go(2, 1000) == all, "2 threads differ from 1");
    assert!(go(3, 1000) == all, "3 threads differ from 1");
    let top3 = go(2, 3);
    for r in &remains {
        let mine: Vec<_> = all.iter().filter(|c| c.remains == r.id).take(3).collect();
        let got: Vec<_> = top3.iter().filter(|c| c.remains == r.id).collect();
        assert!(mine == got, "{}: {mine:?} != {got:?}", r.id);
    }
    let csv = screen::candidates_to_csv(&top3);
    assert!(csv.starts_with("remains,family,rank,lr,log10_lr,table_lr,markers\n"));
    let parsed: Value = serde_json::from_str(&screen::candidates_to_json(&top3)).expect("json");
    assert_eq!(parsed.as_array().map(Vec::len), Some(top3.len()));
}

#[test]
fn top_zero_is_refused_naming_the_parameter() {
    let (remains, table, families) = screening_inputs(9, 6, 4);
    let model = ScreeningModel::default();
    let err = screen::screen(&remains, &families, &table, &model, 0.0, 0, &|_, _| {})
        .expect_err("top 0 is refused");
    assert!(err.to_string().contains("`top`"), "{err}");
    let one = screen::screen(&remains, &families, &table, &model, 0.0, 1, &|_, _| {})
        .expect("top 1 screens");
    assert!(!one.is_empty() && one.len() <= remains.len(), "{one:?}");
}

#[test]
fn bench_population_finds_its_relatives() {
    let table = bench::synthetic_table(15, 2);
    let config = BenchConfig {
        families: 3_000,
        remains: 60,
        markers: 15,
        min_lr: 10.0,
        ..BenchConfig::default()
    };
    let clock = || 0.0;
    let report = bench::run(&config, &table, &|_, _| {}, &clock).expect("bench");
    assert_eq!(report.true_relatives, 12);
    assert!(report.found_any >= 8, "{}", report.summary());
    assert!(report.stats.tables_built < 3_000 * 15);
    // Every pair × the typed markers: partial profiles type about half their markers.
    let all = 60 * 3_000 * 15;
    assert!(report.stats.evaluations < all && report.stats.evaluations > all * 3 / 4);
    let again = bench::run(&config, &table, &|_, _| {}, &clock).expect("bench");
    assert_eq!(again, report, "seeded");
}

#[test]
fn simulated_cases_are_valid_and_seeded() {
    let case = json!({
        "frequencies": table_json(),
        "pedigree": [{"id": "F", "sex": "M"}, {"id": "M", "sex": "F"},
                     {"id": "MP", "sex": "M", "father": "F", "mother": "M"}],
        "missing": "MP",
        "references": {"F": {}},
    })
    .to_string();
    let h1 = simulate_cases(&case, 7, 50, Truth::MissingPerson).expect("simulate");
    assert_eq!(
        h1,
        simulate_cases(&case, 7, 50, Truth::MissingPerson).expect("again")
    );
    let h2 = simulate_cases(&case, 7, 200, Truth::Unrelated).expect("simulate");
    let lrs = |cases: &[String]| -> Vec<f64> {
        cases
            .iter()
            .map(|c| evaluate_case_json(c).expect("valid").lr().value())
            .collect()
    };
    // Without mutation a true child is never excluded by its father.
    assert!(lrs(&h1).iter().all(|&lr| lr > 0.0));
    let mean = lrs(&h2).iter().sum::<f64>() / 200.0;
    assert!(mean < 3.0, "E[LR | H2] = 1, sample mean {mean}");
}
