//! `homeward bench registry`: import rows/s and search latency on a fresh SQLite store.

use anyhow::Context;
use homeward_app::bench::{BenchOptions, registry_bench};

/// `homeward bench …`
#[derive(Debug, clap::Subcommand)]
pub enum BenchCommand {
    /// Import a synthetic roll of the missing into a fresh SQLite store and time name searches.
    Registry(RegistryArgs),
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

/// Runs a bench and prints its figures.
pub async fn run(cmd: BenchCommand) -> anyhow::Result<()> {
    let BenchCommand::Registry(args) = cmd;
    let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
    let path = dir.path().join("bench.db");
    let store = homeward_store::open_sqlite(&path).await?;
    let options = BenchOptions {
        persons: args.persons,
        searches: args.searches,
        ..BenchOptions::default()
    };
    let bar = super::Bar::new();
    let report = registry_bench(
        store.as_ref(),
        &options,
        homeward_app::system_write(None),
        &bar,
    )
    .await?;
    println!("registry bench on SQLite ({})", path.display());
    println!("{report}");
    println!(
        "goals {}",
        if report.meets_goals() {
            "met"
        } else {
            "NOT met"
        }
    );
    Ok(())
}
