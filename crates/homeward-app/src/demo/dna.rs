//! The demo's DNA (issue 12), every bit of it SYNTHETIC: a frequency table named "Synthetic demo
//! table (not a population sample)", an autosomal profile for every examined remains case (20%
//! partial, as degraded bone gives), about four families per remains case (≈ 5,000 at the full
//! demo's size) with the relationship mix of CPV families 70 years on, some of them the
//! families of demo remains, some linked to persons on the demo rolls by their claimed identity,
//! and one finished screening run with its candidates.
//!
//! Which family is whose missing person is written nowhere: it follows from the seed, and
//! [`dna_truth`] recomputes it (for tests), as a DNA unit would know it only once identified.

use std::collections::BTreeMap;

use homeward_domain::{MissingPersonId, Nationality, Timestamp, UserId};
use homeward_kinship::FrequencyTable;
use homeward_store::{
    ClaimedIdentity, MatchRun, NewFamily, NewFrequencyDatabase, NewRemainsProfile, Store,
    WriteContext,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::names::chinese_name;
use super::places::{CN_HOMETOWNS, CPV_ARMIES, ordinal};
use super::plan::Step;
use crate::dna::synthetic::{
    SYNTHETIC_TABLE_NAME, partial_profile, samplers, synthetic_family, synthetic_frequency_table,
    unrelated_profile,
};
use crate::dna::{DnaError, MatchOptions, run_match};
use crate::{FixedClock, NoProgress};

/// Families per examined remains case.
const FAMILIES_PER_CASE: usize = 4;
/// Share of examined remains that are the missing person of a demo family.
const RELATED_SHARE: f64 = 0.3;
/// Share of profiles that are partial.
const PARTIAL_SHARE: f64 = 0.2;
/// Share of families linked to a person on the rolls by their claimed identity.
const LINKED_SHARE: f64 = 0.2;
/// The demo run's threshold and the families it keeps per remains.
const MIN_LR: f64 = 10.0;
const TOP: usize = 3;

/// What the demo's DNA is, before it is written.
struct DnaPlan {
    table: FrequencyTable,
    profiles: Vec<NewRemainsProfile>,
    /// Families, each with the index of its roll link (among the CPV persons), if linked.
    families: Vec<(NewFamily, Option<usize>)>,
    /// Remains accession → its family's id.
    truth: BTreeMap<String, String>,
}

/// What the demo's DNA seeding wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct DnaSummary {
    /// Remains profiles stored.
    pub profiles: usize,
    /// Families stored.
    pub families: usize,
    /// Of those, linked to the rolls.
    pub linked: usize,
    /// The finished screening run.
    pub run: MatchRun,
}

/// The examined cases among `walks` (accession, steps), in order: those that get a profile.
pub(super) fn examined(walks: &[(String, Vec<Step>)]) -> Vec<String> {
    walks
        .iter()
        .filter(|(_, steps)| {
            steps
                .iter()
                .any(|s| s.to == homeward_domain::LifecycleStatus::Examined)
        })
        .map(|(a, _)| a.clone())
        .collect()
}

fn plan(seed: u64, examined: &[String]) -> DnaPlan {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xD7A);
    let table = synthetic_frequency_table(seed);
    let samplers = samplers(&table);
    let count = (examined.len() * FAMILIES_PER_CASE).max(1);
    let related = (examined.len() as f64 * RELATED_SHARE).round() as usize;
    // Which remains are whose: a random draw of remains and of families, from the seed.
    let mut relatives: Vec<usize> = (0..examined.len()).collect();
    let mut family_slots: Vec<usize> = (0..count).collect();
    for v in [&mut relatives, &mut family_slots] {
        for i in (1..v.len()).rev() {
            v.swap(i, rng.random_range(0..=i));
        }
    }
    let pairs: BTreeMap<usize, usize> = family_slots
        .iter()
        .zip(&relatives)
        .take(related)
        .map(|(&f, &r)| (f, r))
        .collect();
    let mut missing_of: BTreeMap<usize, String> = BTreeMap::new();
    let mut families = Vec::with_capacity(count);
    let mut truth = BTreeMap::new();
    for i in 0..count {
        let id = format!("DEMO-F{:05}", i + 1);
        let of = pairs.get(&i).copied();
        let mut f = synthetic_family(&table, &samplers, id.clone(), of.is_some(), &mut rng);
        if let (Some(r), Some(m)) = (of, f.missing.take()) {
            missing_of.insert(r, m);
            truth.insert(examined[r].clone(), id);
        }
        let link = rng
            .random_bool(LINKED_SHARE)
            .then(|| rng.random_range(0..1_000_000usize));
        {
            let (home, unit) = (
                CN_HOMETOWNS[rng.random_range(0..CN_HOMETOWNS.len())],
                CPV_ARMIES[rng.random_range(0..CPV_ARMIES.len())],
            );
            f.family.claimed = ClaimedIdentity {
                names: Some(chinese_name(&mut rng).hanzi),
                hometown: Some(format!("{}, {}", home.1, home.0)),
                unit: Some(format!("CPV {} Army", ordinal(unit))),
                death: None,
            };
        }
        families.push((f.family, link));
    }
    let profiles = examined
        .iter()
        .enumerate()
        .map(|(r, accession)| {
            let full = missing_of
                .remove(&r)
                .unwrap_or_else(|| unrelated_profile(&table, &samplers, &mut rng));
            let alleles = if rng.random_bool(PARTIAL_SHARE) {
                partial_profile(&full, &mut rng)
            } else {
                full
            };
            NewRemainsProfile {
                sample: accession.clone(),
                kit: Some("synthetic 23-locus kit".into()),
                alleles_json: alleles,
            }
        })
        .collect();
    DnaPlan {
        table,
        profiles,
        families,
        truth,
    }
}

/// Which family is whose missing person (remains accession → family id), recomputed from the
/// seed and the examined cases: for tests; the registry stores no truth.
pub fn dna_truth(seed: u64, examined: &[String]) -> BTreeMap<String, String> {
    plan(seed, examined).truth
}

/// Stores the demo's DNA and screens it, at `at`, the run by `analyst`.
pub(super) async fn seed_dna(
    store: &dyn Store,
    seed: u64,
    examined: &[String],
    missing: usize,
    analyst: Option<UserId>,
    at: Timestamp,
) -> Result<DnaSummary, DnaError> {
    let plan = plan(seed, examined);
    let ctx = WriteContext { actor: analyst, at };
    let db = NewFrequencyDatabase {
        name: SYNTHETIC_TABLE_NAME.to_owned(),
        source_format: "synthetic".to_owned(),
        markers_json: crate::dna::table_to_json(&plan.table),
        rare_allele_frequency: None,
    };
    store.import_frequency_database(&db, ctx).await?;
    store.import_remains_profiles(&plan.profiles, ctx).await?;
    // A link names a person on the rolls by id (the rolls' ids run 1..=missing in a new demo
    // store); one that is not a CPV soldier leaves the family unlinked.
    let mut linked = 0;
    let mut families = Vec::with_capacity(plan.families.len());
    for (mut f, link) in plan.families {
        let person = match link.filter(|_| missing > 0) {
            Some(k) => {
                let id = MissingPersonId(1 + (k % missing) as i64);
                store.missing_person(id).await?
            }
            None => None,
        };
        if let Some(p) = person.filter(|p| p.person.nationality == Nationality::Cpv) {
            let p_id = p.id;
            let p = p.person;
            linked += 1;
            f.missing_person = Some(p_id);
            f.claimed = ClaimedIdentity {
                names: Some(p.name_hanzi.unwrap_or(p.name_original)),
                hometown: Some(format!("{}, {}", p.hometown_county, p.hometown_province)),
                unit: Some(p.unit),
                death: Some(p.place_of_loss),
            };
        }
        families.push(f);
    }
    store.import_families(&families, ctx).await?;
    let options = MatchOptions {
        min_lr: MIN_LR,
        top: TOP,
        frequencies: None,
        mutation_json: None,
        theta: 0.0,
        rare_allele_frequency: None,
    };
    let outcome = run_match(store, &options, &NoProgress, &FixedClock(at), analyst).await?;
    Ok(DnaSummary {
        profiles: plan.profiles.len(),
        families: families.len(),
        linked,
        run: outcome.run,
    })
}
