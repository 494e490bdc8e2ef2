//! The synthetic population of `homeward kinship bench` (seeded): families of parent, sibling,
//! half-sibling, grandparent, uncle/aunt, cousin and multi-reference pedigrees with simulated
//! references; remains of which a known share are the missing person of some family (simulated
//! in that family's pedigree) and the rest unrelated; a share of partial profiles. [`run`]
//! screens them and reports the figures; the caller supplies the clock and measures peak memory.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::error::CaseError;
use crate::frequencies::{AlleleFrequencies, FrequencyTable};
use crate::mutation::MutationModel;
use crate::pedigree::{PedigreeEntry, ReferencePedigree, Sex};
use crate::screen::{FamilySet, Panel, RemainsSet, ScreenStats, Shape, screen_encoded};
use crate::simulate::{AlleleSampler, simulate_marker};

/// What to generate and how to screen it.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchConfig {
    /// Families (the issue: 200,000).
    pub families: usize,
    /// Remains (the issue: 1,011).
    pub remains: usize,
    /// Markers, the first ones of the table (the issue: 23).
    pub markers: usize,
    /// Share of remains that are a family's missing person.
    pub related_share: f64,
    /// Share of remains with a partial profile (each marker kept with probability ½).
    pub partial_share: f64,
    /// Reporting threshold.
    pub min_lr: f64,
    /// Families reported per remains.
    pub top: usize,
    /// Seed of the whole population.
    pub seed: u64,
    /// Mutation model (used for simulation and screening).
    pub mutation: MutationModel,
}

impl Default for BenchConfig {
    fn default() -> Self {
        Self {
            families: 200_000,
            remains: 1_011,
            markers: 23,
            related_share: 0.2,
            partial_share: 0.2,
            min_lr: 100.0,
            top: 10,
            seed: 1,
            mutation: MutationModel::None,
        }
    }
}

/// The figures of one bench run.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchReport {
    /// The screen's own figures (tables built, phase times, evaluations).
    pub stats: ScreenStats,
    /// Seconds spent generating the population.
    pub generation_seconds: f64,
    /// Seconds from the start of the screen to its end (tables, scoring, re-scoring).
    pub screen_seconds: f64,
    /// Remains that are some family's missing person.
    pub true_relatives: usize,
    /// Of those, how many have their family ranked first.
    pub found_first: usize,
    /// Of those, how many have their family among the reported candidates.
    pub found_any: usize,
}

impl BenchReport {
    /// A human-readable summary (the CLI adds peak memory).
    pub fn summary(&self) -> String {
        let s = &self.stats;
        format!(
            "{} remains × {} families × {} markers ({} shapes)\n\
             generation: {:.2} s\n\
             tables: {} built in {:.2} s ({} inconsistent)\n\
             scoring: {:.3e} evaluations (remains × family × typed marker) in {:.2} s wall = {:.3e} evaluations/s (wall clock)\n\
             {}\
             \x20 (an effective rate: exact exclusion/bound pruning left {:.3e} table lookups, {:.3e}/s wall)\n\
             re-scoring: {} candidates in {:.2} s\n\
             screen end to end: {:.2} s\n\
             true relatives: {} ({} ranked first, {} reported)",
            s.remains,
            s.families,
            s.markers,
            s.shapes,
            self.generation_seconds,
            s.tables_built,
            s.table_seconds,
            s.inconsistent_tables,
            s.evaluations as f64,
            s.scoring_seconds,
            s.throughput(),
            self.cpu_line(),
            s.lookups as f64,
            s.lookups as f64 / s.scoring_seconds,
            s.candidates,
            s.rescoring_seconds,
            self.screen_seconds,
            self.true_relatives,
            self.found_first,
            self.found_any,
        )
    }
}

impl BenchReport {
    /// The CPU-time line of the summary (empty without a CPU clock).
    fn cpu_line(&self) -> String {
        let s = &self.stats;
        let Some(per_cpu) = s.throughput_per_cpu_second() else {
            return String::new();
        };
        let threads = rayon::current_num_threads();
        format!(
            "\x20 CPU time: {:.2} CPU s over {} threads ({:.0}% of them) = {:.3e} evaluations per CPU second; \
             × {} = {:.3e} evaluations/s (CPU-time-based: the rate with the cores to itself)\n",
            s.scoring_cpu_seconds,
            threads,
            100.0 * s.scoring_cpu_seconds / (s.scoring_seconds * threads as f64),
            per_cpu,
            threads,
            per_cpu * threads as f64,
        )
    }
}

/// The CPU time (user + system, all threads) in the text of Linux's `/proc/self/stat`, in
/// seconds; `None` when the text is not such a line. The caller reads the file (this crate does no
/// IO), so the CLI and the criterion bench read the clock alike.
pub fn cpu_seconds_from_stat(stat: &str) -> Option<f64> {
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    // Linux reports these in USER_HZ ticks, 100 per second on every architecture it exports.
    Some((utime + stime) as f64 / 100.0)
}

/// A synthetic table of `markers` markers with 8–20 alleles each (seeded), for callers without
/// a published table.
pub fn synthetic_table(markers: usize, seed: u64) -> FrequencyTable {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let tables = (0..markers)
        .map(|m| {
            let n = rng.random_range(8..=20);
            let w: Vec<f64> = (0..n)
                .map(|_| rng.random_range(0.05..1.0f64).powi(2))
                .collect();
            let total: f64 = w.iter().sum();
            let alleles = w
                .iter()
                .enumerate()
                .map(|(a, x)| (format!("{}", 8 + a), x / total))
                .collect();
            AlleleFrequencies::new(&format!("M{m}"), alleles).expect("positive frequencies")
        })
        .collect();
    FrequencyTable::new(tables).expect("distinct names")
}

/// The pedigree shapes of the population, with their weights (out of 100).
fn shapes() -> Vec<(u32, Shape)> {
    let p = |id: &str, sex: Sex, parents: Option<(&str, &str)>| PedigreeEntry {
        id: id.into(),
        sex,
        father: parents.map(|(f, _)| f.into()),
        mother: parents.map(|(_, m)| m.into()),
    };
    let (m, f) = (Sex::Male, Sex::Female);
    let trio = vec![
        p("F", m, None),
        p("M", f, None),
        p("MP", m, Some(("F", "M"))),
    ];
    let mut sibs = trio.clone();
    sibs.extend([p("S", f, Some(("F", "M"))), p("S2", m, Some(("F", "M")))]);
    let half = vec![
        p("F", m, None),
        p("M1", f, None),
        p("M2", f, None),
        p("MP", m, Some(("F", "M1"))),
        p("H", m, Some(("F", "M2"))),
    ];
    let grand = vec![
        p("GF", m, None),
        p("GM", f, None),
        p("F", m, Some(("GF", "GM"))),
        p("U", f, Some(("GF", "GM"))),
        p("M", f, None),
        p("W", m, None),
        p("MP", m, Some(("F", "M"))),
        p("C", f, Some(("W", "U"))),
    ];
    let make = |entries: &[PedigreeEntry], refs: &[&str]| {
        let ped = ReferencePedigree::new(entries, "MP").expect("valid shape");
        let who = refs
            .iter()
            .map(|r| ped.index_of(r).expect("member"))
            .collect();
        Shape::new(ped, who)
    };
    vec![
        (20, make(&trio, &["F"])),
        (20, make(&sibs, &["S"])),
        (10, make(&half, &["H"])),
        (10, make(&grand, &["GF"])),
        (10, make(&grand, &["U"])),
        (10, make(&grand, &["C"])),
        (8, make(&trio, &["F", "M"])),
        (6, make(&sibs, &["M", "S"])),
        (6, make(&sibs, &["S", "S2"])),
    ]
}

/// Generates the population and screens it. `clock` returns seconds (the caller's clock);
/// `progress(done, total)` follows the scoring.
pub fn run(
    config: &BenchConfig,
    table: &FrequencyTable,
    progress: &(dyn Fn(usize, usize) + Sync),
    clock: &dyn Fn() -> f64,
) -> Result<BenchReport, CaseError> {
    run_with_cpu(config, table, progress, clock, None)
}

/// [`run`] with `cpu_clock` (the process's CPU seconds over all threads, read by the caller)
/// timing the scoring phase's CPU use too, for [`ScreenStats::throughput_per_cpu_second`].
pub fn run_with_cpu(
    config: &BenchConfig,
    table: &FrequencyTable,
    progress: &(dyn Fn(usize, usize) + Sync),
    clock: &dyn Fn() -> f64,
    cpu_clock: Option<&dyn Fn() -> f64>,
) -> Result<BenchReport, CaseError> {
    let t0 = clock();
    let tables: Vec<AlleleFrequencies> = table
        .markers()
        .iter()
        .take(config.markers)
        .cloned()
        .collect();
    let panel = Panel::new(tables, config.mutation)?;
    let nm = panel.markers().len();
    let samplers: Vec<AlleleSampler> = panel
        .markers()
        .iter()
        .map(|pm| AlleleSampler::new(pm.table().freqs()))
        .collect();
    let shapes = shapes();
    let total_weight: u32 = shapes.iter().map(|(w, _)| w).sum();
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let related = ((config.remains as f64) * config.related_share).round() as usize;
    let related = related.min(config.families);
    // The families whose missing person is among the remains: evenly spread.
    let step = config
        .families
        .checked_div(related.max(1))
        .unwrap_or(1)
        .max(1);
    let mut truth: Vec<usize> = Vec::with_capacity(related);
    let mut mp_codes: Vec<Vec<u32>> = Vec::with_capacity(related);
    let mut families = FamilySet::new();
    let mut pairs = Vec::new();
    let mut refs: Vec<Vec<u32>> = Vec::new();
    for fam in 0..config.families {
        let mut pick = rng.random_range(0..total_weight);
        let shape = shapes
            .iter()
            .find(|(w, _)| {
                let hit = pick < *w;
                pick = pick.saturating_sub(*w);
                hit
            })
            .map_or(&shapes[0].1, |(_, s)| s);
        let chosen = truth.len() < related && fam % step == 0;
        refs.clear();
        refs.resize(shape.references.len(), Vec::with_capacity(nm));
        let mut mp = Vec::with_capacity(if chosen { nm } else { 0 });
        for (pm, sampler) in panel.markers().iter().zip(&samplers) {
            simulate_marker(
                &shape.pedigree,
                sampler,
                pm.paternal.as_ref(),
                pm.maternal.as_ref(),
                &mut rng,
                &mut pairs,
            );
            for (slot, &who) in shape.references.iter().enumerate() {
                let (a, b) = pairs[who];
                refs[slot].push(pm.code(Some(crate::Genotype::typed(a, b))));
            }
            if chosen {
                let (a, b) = pairs[shape.pedigree.missing()];
                mp.push(pm.code(Some(crate::Genotype::typed(a, b))));
            }
        }
        if chosen {
            truth.push(fam);
            mp_codes.push(mp);
        }
        families.push(format!("FAM{fam:06}"), shape.clone(), &refs);
    }
    let mut remains = RemainsSet::new(nm);
    let mut codes = Vec::with_capacity(nm);
    let mut family_of = Vec::with_capacity(config.remains);
    for r in 0..config.remains {
        codes.clear();
        if r < truth.len() {
            codes.extend_from_slice(&mp_codes[r]);
            family_of.push(Some(truth[r]));
        } else {
            for (pm, sampler) in panel.markers().iter().zip(&samplers) {
                let (a, b) = (sampler.draw(&mut rng), sampler.draw(&mut rng));
                codes.push(pm.code(Some(crate::Genotype::typed(a, b))));
            }
            family_of.push(None);
        }
        if rng.random::<f64>() < config.partial_share {
            for (pm, c) in panel.markers().iter().zip(codes.iter_mut()) {
                if rng.random::<bool>() {
                    *c = pm.code(None);
                }
            }
        }
        remains.push(format!("R{r:05}"), &codes);
    }
    let t1 = clock();
    let (candidates, stats) = screen_encoded(
        &panel,
        &remains,
        &families,
        config.min_lr,
        config.top,
        progress,
        Some(clock),
        cpu_clock,
    )?;
    let t2 = clock();
    let mut found_first = 0;
    let mut found_any = 0;
    for (r, fam) in family_of.iter().enumerate() {
        let Some(fam) = fam else { continue };
        let id = format!("FAM{fam:06}");
        let rid = format!("R{r:05}");
        let mine: Vec<_> = candidates.iter().filter(|c| c.remains == rid).collect();
        if mine.first().is_some_and(|c| c.family == id) {
            found_first += 1;
        }
        if mine.iter().any(|c| c.family == id) {
            found_any += 1;
        }
    }
    Ok(BenchReport {
        stats,
        generation_seconds: t1 - t0,
        screen_seconds: t2 - t1,
        true_relatives: truth.len(),
        found_first,
        found_any,
    })
}

#[cfg(test)]
mod tests {
    use super::cpu_seconds_from_stat;

    #[test]
    fn cpu_seconds_read_utime_and_stime_after_the_command_name() {
        // A command name with spaces and a parenthesis of its own; utime 250, stime 50 ticks.
        let stat = "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 1 0 0 0 250 50 0 0 20 0 9 0";
        assert_eq!(cpu_seconds_from_stat(stat), Some(3.0));
        assert_eq!(cpu_seconds_from_stat("no stat here"), None);
        assert_eq!(cpu_seconds_from_stat("1 (x)"), None);
        assert_eq!(
            cpu_seconds_from_stat("1 (x) S 1 2 3 4 5 6 7 8 9 10 ab 1"),
            None
        );
    }
}
