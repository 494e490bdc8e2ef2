//! `homeward bench match` (issue 12's figures): a seeded synthetic scenario — N remains cases, F
//! families with the CPV relationship mix (`synthetic`), a share of the remains being some
//! family's missing person and a share of partial profiles — stored through the store, then
//! timed: the import of the families with their references (goal ≥ 10,000 families/s), the
//! match from the database to stored candidates (goal ≤ 60 s for 1,011 × 200,000), and one new
//! remains profile against every family (goal ≤ 1 s). The caller measures peak memory.

use std::fmt;
use std::time::Instant;

use homeward_store::{NewFrequencyDatabase, NewRemainsProfile, Store};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::convert::table_to_json;
use super::synthetic::{
    SYNTHETIC_TABLE_NAME, partial_profile, samplers, synthetic_family, synthetic_frequency_table,
    unrelated_profile,
};
use super::{DnaError, MatchOptions, match_one, run_match};
use crate::{Clock, Progress, SystemClock};

/// Goal: families imported per second.
pub const GOAL_FAMILIES_PER_SECOND: f64 = 10_000.0;
/// Goal: seconds for the whole match (1,011 × 200,000).
pub const GOAL_MATCH_SECONDS: f64 = 60.0;
/// Goal: seconds for one new remains profile against every family.
pub const GOAL_ONE_SECONDS: f64 = 1.0;
/// Goal: peak memory in bytes (8 GB).
pub const GOAL_PEAK_BYTES: u64 = 8 << 30;

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchBenchOptions {
    /// Remains screened by the whole match (one more is the "new" profile).
    pub remains: usize,
    /// Families.
    pub families: usize,
    /// Share of remains that are some family's missing person.
    pub related_share: f64,
    /// Share of remains with a partial profile.
    pub partial_share: f64,
    /// Reporting threshold of the runs.
    pub min_lr: f64,
    /// Families kept per remains.
    pub top: usize,
    /// The seed of the whole scenario.
    pub seed: u64,
}

impl Default for MatchBenchOptions {
    fn default() -> Self {
        MatchBenchOptions {
            remains: 100,
            families: 5_000,
            related_share: 0.2,
            partial_share: 0.2,
            min_lr: 100.0,
            top: 10,
            seed: 12,
        }
    }
}

/// The figures.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchBenchReport {
    /// Remains screened by the whole match.
    pub remains: usize,
    /// Families stored.
    pub families: usize,
    /// Their reference profiles.
    pub references: usize,
    /// Seconds to import the families with their references (one store call).
    pub import_seconds: f64,
    /// Families imported per second.
    pub families_per_second: f64,
    /// Seconds from the database to stored candidates.
    pub match_seconds: f64,
    /// Candidates the match stored.
    pub candidates: i64,
    /// Remains that are some family's missing person.
    pub true_relatives: usize,
    /// Of those, how many have their family ranked first.
    pub found_first: usize,
    /// Seconds for one new profile against every family, from the database to stored candidates.
    pub one_seconds: f64,
    /// Candidates of that run.
    pub one_candidates: i64,
    /// Peak resident memory, when the caller could measure it.
    pub peak_memory_bytes: Option<u64>,
}

impl MatchBenchReport {
    /// Whether every measured figure meets its goal.
    pub fn meets_goals(&self) -> bool {
        self.families_per_second >= GOAL_FAMILIES_PER_SECOND
            && self.match_seconds <= GOAL_MATCH_SECONDS
            && self.one_seconds <= GOAL_ONE_SECONDS
            && self.peak_memory_bytes.is_none_or(|b| b <= GOAL_PEAK_BYTES)
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "NOT met" }
}

impl fmt::Display for MatchBenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "scenario               {} remains × {} families ({} references), synthetic table",
            self.remains, self.families, self.references
        )?;
        writeln!(
            f,
            "import of families     {:.0} families/s ({:.2} s)        goal ≥ {:.0}/s: {}",
            self.families_per_second,
            self.import_seconds,
            GOAL_FAMILIES_PER_SECOND,
            verdict(self.families_per_second >= GOAL_FAMILIES_PER_SECOND)
        )?;
        writeln!(
            f,
            "match end to end       {:.2} s, {} candidates stored      goal ≤ {:.0} s (1,011 × 200,000): {}",
            self.match_seconds,
            self.candidates,
            GOAL_MATCH_SECONDS,
            verdict(self.match_seconds <= GOAL_MATCH_SECONDS)
        )?;
        writeln!(
            f,
            "true relatives         {} ({} with their family ranked first)",
            self.true_relatives, self.found_first
        )?;
        writeln!(
            f,
            "one new profile        {:.3} s, {} candidates            goal ≤ {:.0} s: {}",
            self.one_seconds,
            self.one_candidates,
            GOAL_ONE_SECONDS,
            verdict(self.one_seconds <= GOAL_ONE_SECONDS)
        )?;
        match self.peak_memory_bytes {
            Some(b) => writeln!(
                f,
                "peak memory            {:.1} MiB                       goal ≤ 8 GB: {}",
                b as f64 / (1u64 << 20) as f64,
                verdict(b <= GOAL_PEAK_BYTES)
            ),
            None => writeln!(f, "peak memory            unknown on this system"),
        }
    }
}

/// Generates the scenario into `store` (which must be empty of DNA) and times it.
pub async fn match_bench(
    store: &dyn Store,
    options: &MatchBenchOptions,
    progress: &dyn Progress,
) -> Result<MatchBenchReport, DnaError> {
    if options.remains == 0 || options.families == 0 {
        return Err(DnaError::Option(
            "the bench needs at least one remains and one family".into(),
        ));
    }
    let clock = SystemClock;
    let ctx = || clock.write(None);
    let table = synthetic_frequency_table(options.seed);
    let db = NewFrequencyDatabase {
        name: SYNTHETIC_TABLE_NAME.to_owned(),
        source_format: "synthetic".to_owned(),
        markers_json: table_to_json(&table),
        rare_allele_frequency: None,
    };
    store.import_frequency_database(&db, ctx()).await?;
    progress.stage("remains cases", 1);
    // One case more than screened: the new profile of the last figure.
    let cases = crate::demo::synthetic_cases(options.seed, options.remains + 1);
    let accessions: Vec<String> = cases
        .remains
        .iter()
        .map(|(_, c)| c.accession.clone())
        .collect();
    store.import_batch(&cases, ctx()).await?;
    progress.advance(1);

    progress.stage("generating families", options.families as u64);
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed ^ 0xD7A);
    let samplers = samplers(&table);
    let related = ((options.remains as f64 * options.related_share).round() as usize)
        .min(options.families)
        .min(options.remains);
    // The families whose missing person is among the remains (and the new one's), spread out.
    let step = (options.families / (related + 1).max(1)).max(1);
    let mut families = Vec::with_capacity(options.families);
    let mut missing = Vec::with_capacity(related + 1);
    for i in 0..options.families {
        let keep = i % step == 0 && missing.len() <= related;
        let f = synthetic_family(&table, &samplers, format!("FAM{i:06}"), keep, &mut rng);
        if let Some(m) = f.missing {
            missing.push((f.family.id.clone(), m));
        }
        families.push(f.family);
        if i % 1_000 == 999 {
            progress.advance(1_000);
        }
    }
    let references = families.iter().map(|f| f.references.len()).sum();
    let mut profiles = Vec::with_capacity(options.remains + 1);
    let mut truth = Vec::with_capacity(options.remains + 1);
    for (r, accession) in accessions.iter().enumerate() {
        // The last (new) one is a relative too, when there is a family left for it.
        let index = if r == options.remains {
            Some(related)
        } else {
            (r < related).then_some(r)
        };
        let (full, family) = match index.and_then(|i| missing.get(i)) {
            Some((fam, m)) => (m.clone(), Some(fam.clone())),
            None => (unrelated_profile(&table, &samplers, &mut rng), None),
        };
        let alleles = if rng.random_bool(options.partial_share.clamp(0.0, 1.0)) {
            partial_profile(&full, &mut rng)
        } else {
            full
        };
        truth.push(family);
        profiles.push(NewRemainsProfile {
            sample: accession.clone(),
            kit: None,
            alleles_json: alleles,
        });
    }
    let new_profile = profiles.pop().expect("one case more than screened");
    store.import_remains_profiles(&profiles, ctx()).await?;

    progress.stage("importing families", 0);
    let started = Instant::now();
    store.import_families(&families, ctx()).await?;
    let import_seconds = started.elapsed().as_secs_f64();
    drop(families);

    let match_options = MatchOptions {
        min_lr: options.min_lr,
        top: options.top,
        frequencies: None,
        mutation_json: None,
        theta: 0.0,
        rare_allele_frequency: None,
    };
    let started = Instant::now();
    let outcome = run_match(store, &match_options, progress, &clock, None).await?;
    let match_seconds = started.elapsed().as_secs_f64();
    let stored = store.candidates(outcome.run.id).await?;
    let mut found_first = 0;
    for (accession, family) in accessions.iter().zip(&truth).take(options.remains) {
        let Some(family) = family else { continue };
        let best = stored.iter().find(|c| &c.candidate.remains == accession);
        if best.is_some_and(|c| &c.candidate.family == family) {
            found_first += 1;
        }
    }

    store
        .import_remains_profiles(std::slice::from_ref(&new_profile), ctx())
        .await?;
    let started = Instant::now();
    let one = match_one(
        store,
        &match_options,
        &new_profile.sample,
        progress,
        &clock,
        None,
    )
    .await?;
    let one_seconds = started.elapsed().as_secs_f64();
    Ok(MatchBenchReport {
        remains: options.remains,
        families: options.families,
        references,
        import_seconds,
        families_per_second: options.families as f64 / import_seconds.max(1e-9),
        match_seconds,
        candidates: outcome.run.candidates,
        true_relatives: truth.iter().take(options.remains).flatten().count(),
        found_first,
        one_seconds,
        one_candidates: one.run.candidates,
        peak_memory_bytes: None,
    })
}
