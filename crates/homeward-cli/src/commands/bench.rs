//! `homeward bench registry|ledger|web|match`: import rows/s and search latency, ledger append
//! and verify rates, the served app under concurrent load, or DNA screening from the store
//! (families imported/s, the whole match, one new profile, peak memory), each on a fresh SQLite
//! store in a temporary directory (`match` also on an empty PostgreSQL database with `--pg`).

use anyhow::Context;
use homeward_app::bench::{BenchOptions, registry_bench};
use homeward_app::dna::bench::{MatchBenchOptions, match_bench};
use homeward_app::ledger_bench::{LedgerBenchOptions, ledger_bench};
use homeward_app::system_write;

/// `homeward bench …`
#[derive(Debug, clap::Subcommand)]
pub enum BenchCommand {
    /// Import a synthetic roll of the missing into a fresh SQLite store and time name searches.
    Registry(RegistryArgs),
    /// Append a long signed custody chain to a fresh SQLite store (in bulk, then one transaction
    /// per entry) and verify it back.
    Ledger(LedgerArgs),
    /// Seed a demo store with a large roll, serve it on 127.0.0.1 and drive it with concurrent
    /// clients (searches, dashboard, memorial, a login flood); latency per kind and peak memory.
    Web(super::bench_web::WebArgs),
    /// Store a seeded synthetic scenario (remains, families with the CPV relationship mix) and
    /// time the families' import, the match from the database to stored candidates, and one new
    /// remains profile against every family; peak memory. The figure:
    /// `--remains 1011 --families 200000` in release.
    Match(MatchArgs),
}

/// Flags of `homeward bench match`.
#[derive(Debug, clap::Args)]
pub struct MatchArgs {
    /// Remains screened (one more is the new profile).
    #[arg(long, default_value_t = 100)]
    remains: usize,
    /// Families, with their references.
    #[arg(long, default_value_t = 5_000)]
    families: usize,
    /// The scenario's seed.
    #[arg(long, default_value_t = 12)]
    seed: u64,
    /// Candidates need at least this LR.
    #[arg(long, default_value_t = 100.0)]
    min_lr: f64,
    /// Families kept per remains.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// An empty PostgreSQL database to run on instead of a fresh SQLite file.
    #[arg(long)]
    pg: Option<String>,
}

/// Flags of `homeward bench registry`.
#[derive(Debug, clap::Args)]
pub struct RegistryArgs {
    /// Persons to generate and import.
    #[arg(long, default_value_t = 200_000)]
    persons: usize,
    /// Searches to time.
    #[arg(long, default_value_t = 1_000)]
    searches: usize,
}

/// Flags of `homeward bench ledger`.
#[derive(Debug, clap::Args)]
pub struct LedgerArgs {
    /// Entries appended in bulk.
    #[arg(long, default_value_t = 1_000_000)]
    entries: usize,
    /// Entries per bulk transaction.
    #[arg(long, default_value_t = 1_000)]
    batch: usize,
    /// Entries then appended one transaction each.
    #[arg(long, default_value_t = 5_000)]
    per_entry: usize,
}

/// Runs a bench and prints its figures.
pub async fn run(cmd: BenchCommand) -> anyhow::Result<()> {
    match cmd {
        BenchCommand::Registry(args) => registry(args).await,
        BenchCommand::Ledger(args) => ledger(args).await,
        BenchCommand::Web(args) => super::bench_web::run(args).await,
        BenchCommand::Match(args) => dna_match(args).await,
    }
}

async fn dna_match(args: MatchArgs) -> anyhow::Result<()> {
    let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
    let (store, place) = match &args.pg {
        Some(url) => (super::open_or_create(url).await?, "PostgreSQL".to_owned()),
        None => {
            let path = dir.path().join("match-bench.db");
            let store = homeward_store::open_sqlite(&path).await?;
            (store, format!("SQLite ({})", path.display()))
        }
    };
    let options = MatchBenchOptions {
        remains: args.remains,
        families: args.families,
        seed: args.seed,
        min_lr: args.min_lr,
        top: args.top,
        ..MatchBenchOptions::default()
    };
    let bar = super::Bar::new();
    let mut report = match_bench(store.as_ref(), &options, &bar).await?;
    report.peak_memory_bytes = super::machine::peak_memory_bytes();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("match bench on {place}, {cores} cores");
    print!("{report}");
    println!("load average           {}", super::machine::load_average());
    println!("goals {}", met(report.meets_goals()));
    Ok(())
}

async fn registry(args: RegistryArgs) -> anyhow::Result<()> {
    let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
    let path = dir.path().join("bench.db");
    let store = homeward_store::open_sqlite(&path).await?;
    let options = BenchOptions {
        persons: args.persons,
        searches: args.searches,
        ..BenchOptions::default()
    };
    let bar = super::Bar::new();
    let report = registry_bench(store.as_ref(), &options, system_write(None), &bar).await?;
    println!("registry bench on SQLite ({})", path.display());
    println!("{report}");
    println!("goals {}", met(report.meets_goals()));
    Ok(())
}

async fn ledger(args: LedgerArgs) -> anyhow::Result<()> {
    let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
    let path = dir.path().join("ledger-bench.db");
    let store = homeward_store::open_sqlite(&path).await?;
    // A throwaway store: its signing key is sealed under a throwaway secret.
    let mut throwaway = [0u8; 32];
    homeward_ledger::rand_core::RngCore::fill_bytes(
        &mut homeward_ledger::rand_core::OsRng,
        &mut throwaway,
    );
    super::kek::unlock_with(store.as_ref(), &throwaway, "the benchmark store").await?;
    let options = LedgerBenchOptions {
        entries: args.entries,
        batch: args.batch,
        per_entry: args.per_entry,
        ..LedgerBenchOptions::default()
    };
    let load_before = super::machine::load_average();
    let (cpu_before, started) = (super::machine::cpu_seconds(), std::time::Instant::now());
    let bar = super::Bar::new();
    let report = ledger_bench(store.as_ref(), &options, system_write(None), &bar).await?;
    println!("ledger bench on SQLite ({})", path.display());
    print!("{report}");
    println!(
        "load average           {} before, {} after",
        load_before,
        super::machine::load_average()
    );
    if let (Some(before), Some(after)) = (cpu_before, super::machine::cpu_seconds()) {
        let wall = started.elapsed().as_secs_f64();
        println!(
            "process CPU            {:.1} s over {wall:.1} s wall: {:.2} of {} cores busy on average",
            after - before,
            (after - before) / wall.max(1e-9),
            report.cores
        );
    }
    println!("goals {}", met(report.meets_goals()));
    Ok(())
}

fn met(yes: bool) -> &'static str {
    if yes { "met" } else { "NOT met" }
}
