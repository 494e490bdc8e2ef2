//! The registry benchmark: import a large synthetic roll of the missing and time name searches.
//!
//! Goals (issue 2): at least 50,000 rows/s imported and a p99 search latency of at most 50 ms
//! over 200,000 persons on SQLite on a 2-core machine.

use std::time::{Duration, Instant};

use homeward_domain::{NewMissingPerson, fold_latin};
use homeward_store::{Store, StoreError, WriteContext};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::demo::missing_persons;
use crate::import::{ImportError, ImportPlan};
use crate::{MISSING_COLUMNS, Progress, RecordKind};

/// What to measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BenchOptions {
    /// Persons to generate and import.
    pub persons: usize,
    /// Searches to time.
    pub searches: usize,
    /// The random seed.
    pub seed: u64,
}

impl Default for BenchOptions {
    fn default() -> Self {
        BenchOptions {
            persons: 200_000,
            searches: 1_000,
            seed: 1953,
        }
    }
}

/// The figures.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchReport {
    /// Persons imported.
    pub persons: usize,
    /// Time to parse and validate the CSV.
    pub parse: Duration,
    /// Time of the store's write (one transaction).
    pub write: Duration,
    /// Rows per second, parse and write together.
    pub rows_per_sec: f64,
    /// Searches timed.
    pub searches: usize,
    /// Median search latency.
    pub p50: Duration,
    /// 99th-percentile search latency.
    pub p99: Duration,
    /// Slowest search.
    pub max: Duration,
    /// Share of searches whose person was among the first 10 results.
    pub recall_at_10: f64,
}

impl BenchReport {
    /// Whether the goals are met.
    pub fn meets_goals(&self) -> bool {
        self.rows_per_sec >= 50_000.0 && self.p99 <= Duration::from_millis(50)
    }
}

impl std::fmt::Display for BenchReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        writeln!(f, "persons imported   {}", self.persons)?;
        writeln!(
            f,
            "import             {:.0} rows/s (parse {:.2} s, write {:.2} s; goal ≥ 50,000)",
            self.rows_per_sec,
            self.parse.as_secs_f64(),
            self.write.as_secs_f64()
        )?;
        writeln!(
            f,
            "search latency     p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms over {} searches (goal p99 ≤ 50 ms)",
            ms(self.p50),
            ms(self.p99),
            ms(self.max),
            self.searches
        )?;
        write!(f, "recall@10          {:.1}%", self.recall_at_10 * 100.0)
    }
}

/// Why the bench could not run.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// The generated file did not import.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The CSV could not be generated.
    #[error("cannot generate the bench file: {0}")]
    Csv(#[from] csv::Error),
}

/// Runs the bench on `store`, which should be fresh and empty.
pub async fn registry_bench(
    store: &dyn Store,
    options: &BenchOptions,
    ctx: WriteContext,
    progress: &dyn Progress,
) -> Result<BenchReport, BenchError> {
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    progress.stage("generating persons", 1);
    let persons = missing_persons(&mut rng, options.persons);
    let csv = to_csv(&persons)?;
    progress.advance(1);

    progress.stage("importing", 2);
    let started = Instant::now();
    let mut plan = ImportPlan::new();
    plan.add_csv(Some(RecordKind::Missing), "bench.csv", csv.as_slice())?;
    let parse = started.elapsed();
    progress.advance(1);
    let write_started = Instant::now();
    plan.write(store, ctx).await?;
    let write = write_started.elapsed();
    progress.advance(1);
    let rows_per_sec = persons.len() as f64 / started.elapsed().as_secs_f64().max(1e-9);

    progress.stage("searching", options.searches as u64);
    let mut latencies = Vec::with_capacity(options.searches);
    let mut found = 0usize;
    for i in 0..options.searches {
        let target = persons.choose(&mut rng).expect("persons were generated");
        let query = query_for(&mut rng, target, i);
        let t = Instant::now();
        let hits = store.search_missing(&query, 10).await?;
        latencies.push(t.elapsed());
        found += usize::from(
            hits.iter()
                .any(|m| m.person.person.name_original == target.name_original),
        );
        progress.advance(1);
    }
    progress.finish();
    latencies.sort_unstable();
    let pick = |q: usize| {
        latencies
            .get((latencies.len() * q / 100).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Ok(BenchReport {
        persons: persons.len(),
        parse,
        write,
        rows_per_sec,
        searches: latencies.len(),
        p50: pick(50),
        p99: pick(99),
        max: latencies.last().copied().unwrap_or_default(),
        recall_at_10: found as f64 / options.searches.max(1) as f64,
    })
}

/// The persons as an import file.
fn to_csv(persons: &[NewMissingPerson]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(persons.len() * 160));
    w.write_record(MISSING_COLUMNS)?;
    for p in persons {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        w.write_record([
            p.name_original.clone(),
            o(&p.name_hanzi),
            o(&p.name_pinyin),
            o(&p.name_hangul),
            o(&p.name_rr),
            p.birth_year.map(|y| y.to_string()).unwrap_or_default(),
            p.hometown_province.clone(),
            p.hometown_county.clone(),
            p.unit.clone(),
            p.date_of_loss.map(|d| d.to_string()).unwrap_or_default(),
            p.place_of_loss.clone(),
            p.source_record.clone(),
            p.nationality.code(),
            p.synthetic.to_string(),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// A search as people type it, rotating through: exact original script, romanization as
/// written, romanization folded, a romanization with one letter wrong, and a hangul/hanzi form.
pub fn query_for(rng: &mut impl Rng, p: &NewMissingPerson, i: usize) -> String {
    let roman = p.name_pinyin.as_ref().or(p.name_rr.as_ref());
    match (i % 5, roman) {
        (1, Some(r)) => r.clone(),
        (2, Some(r)) => fold_latin(r),
        (3, Some(r)) => typo(rng, &fold_latin(r)),
        (4, _) => p
            .name_hangul
            .clone()
            .or_else(|| p.name_hanzi.clone())
            .unwrap_or_else(|| p.name_original.clone()),
        _ => p.name_original.clone(),
    }
}

/// One letter replaced by a neighbouring one (never the first, which people rarely mistype).
fn typo(rng: &mut impl Rng, folded: &str) -> String {
    let mut chars: Vec<char> = folded.chars().collect();
    if chars.len() > 3 {
        let at = rng.random_range(1..chars.len());
        chars[at] = match chars[at] {
            c @ 'a'..='y' => char::from(c as u8 + 1),
            _ => 'a',
        };
    }
    chars.into_iter().collect()
}
