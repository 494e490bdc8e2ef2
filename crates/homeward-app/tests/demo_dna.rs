//! The demo's synthetic DNA (a labelled synthetic table, profiles of the examined remains with
//! a fifth partial, families with the CPV relationship mix, roll links, one finished run whose
//! ranking finds the true families) and `homeward bench match`'s use case at a tiny size.

use std::collections::BTreeMap;

use homeward_app::NoProgress;
use homeward_app::demo::{DemoOptions, dna_truth, examined_cases, seed};
use homeward_app::dna::bench::{MatchBenchOptions, match_bench};
use homeward_app::dna::synthetic::SYNTHETIC_TABLE_NAME;
use homeward_store::{RunStatus, Store};
use homeward_testkit::registry::fresh_store;

const SMALL: DemoOptions = DemoOptions {
    remains: 120,
    missing: 400,
    seed: homeward_app::demo::DEMO_SEED,
};

/// Markers in a stored profile.
fn markers(alleles: &str) -> usize {
    serde_json::from_str::<BTreeMap<String, serde_json::Value>>(alleles)
        .unwrap()
        .len()
}

#[tokio::test]
async fn the_demo_carries_synthetic_dna_and_a_run_that_finds_the_true_families() {
    let (_dir, store) = fresh_store().await;
    let s: &dyn Store = &*store;
    let summary = seed(s, &SMALL, &NoProgress).await.unwrap();

    let dbs = s.frequency_databases().await.unwrap();
    assert_eq!(dbs.len(), 1);
    assert_eq!(dbs[0].name, SYNTHETIC_TABLE_NAME);
    assert!(dbs[0].name.contains("Synthetic") && dbs[0].name.contains("not a population"));

    let examined = examined_cases(&SMALL);
    let profiles = s.remains_profiles().await.unwrap();
    assert!(examined.len() > 50, "{}", examined.len());
    assert_eq!(profiles.len(), examined.len());
    let partial = profiles
        .iter()
        .filter(|p| markers(&p.alleles_json) < 23)
        .count();
    let share = partial as f64 / profiles.len() as f64;
    assert!((0.08..=0.35).contains(&share), "partial share {share}");

    let families = s.families().await.unwrap();
    assert_eq!(families.len(), 4 * examined.len());
    assert_eq!(summary.dna.families, families.len());
    let linked = families
        .iter()
        .filter(|f| f.missing_person.is_some())
        .count();
    assert!(linked > 0 && linked == summary.dna.linked, "{linked}");
    assert!(families.iter().all(|f| f.claimed.names.is_some()));
    // The relationship mix: sons, daughters, grandchildren, nephews and nieces, a few brothers.
    let mut by_reference: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &families {
        for (person, _) in &f.references {
            *by_reference.entry(person.as_str()).or_default() += 1;
        }
    }
    for who in ["S", "D", "G", "N", "N2", "B"] {
        assert!(
            by_reference.get(who).copied().unwrap_or(0) > 0,
            "{who}: {by_reference:?}"
        );
    }
    assert!(by_reference["B"] < by_reference["N"]);

    let runs = s.match_runs().await.unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].status, RunStatus::Finished);
    assert_eq!(runs[0].frequency_name, SYNTHETIC_TABLE_NAME);
    let candidates = s.candidates(runs[0].id).await.unwrap();
    assert_eq!(candidates.len() as i64, runs[0].candidates);

    // The truth, recomputed from the seed: the true family ranks first for most complete
    // profiles (at least two thirds: a lone nephew's or grandchild's reference is weak evidence).
    let truth = dna_truth(SMALL.seed, &examined);
    assert!(truth.len() > 10, "{}", truth.len());
    let complete: Vec<(&String, &String)> = truth
        .iter()
        .filter(|(accession, _)| {
            profiles
                .iter()
                .any(|p| &p.sample == *accession && markers(&p.alleles_json) == 23)
        })
        .collect();
    let first = complete
        .iter()
        .filter(|(accession, family)| {
            candidates
                .iter()
                .find(|c| &c.candidate.remains == *accession)
                .is_some_and(|c| &c.candidate.family == *family)
        })
        .count();
    assert!(
        first * 3 >= complete.len() * 2,
        "{first} of {} complete true profiles ranked first",
        complete.len()
    );
}

#[tokio::test]
async fn the_match_bench_reports_its_figures_at_a_tiny_size() {
    let (_dir, store) = fresh_store().await;
    let options = MatchBenchOptions {
        remains: 10,
        families: 300,
        ..MatchBenchOptions::default()
    };
    let report = match_bench(&*store, &options, &NoProgress).await.unwrap();
    assert_eq!((report.remains, report.families), (10, 300));
    assert!(report.references > 300, "{report:?}");
    assert!(report.import_seconds > 0.0 && report.families_per_second > 0.0);
    assert!(report.match_seconds > 0.0 && report.one_seconds > 0.0);
    assert_eq!(report.true_relatives, 2);
    assert!(report.found_first >= 1, "{report:?}");
    assert!(report.candidates >= report.found_first as i64);
    assert!(report.one_candidates >= 1, "{report:?}");
    assert_eq!(report.peak_memory_bytes, None);
    // What was stored: the families, every remains (the new one too), two runs.
    assert_eq!(store.families().await.unwrap().len(), 300);
    assert_eq!(store.remains_profiles().await.unwrap().len(), 11);
    let runs = store.match_runs().await.unwrap();
    assert_eq!((runs.len(), runs[1].inputs.remains), (2, 1));
    let text = report.to_string();
    for figure in ["families/s", "goal", "one new profile", "peak memory"] {
        assert!(text.contains(figure), "{text}");
    }
}
