//! `homeward bench registry|ledger|web`: import rows/s and search latency, ledger append and
//! verify rates, or the served app under concurrent load, each on a fresh SQLite store in a
//! temporary directory.

use anyhow::Context;
use homeward_app::bench::{BenchOptions, registry_bench};
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
    }
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
