//! The `homeward` binary. Thin: parses flags, opens the store, hands over to the library crates.
//!
//! Errors print one line to stderr; the exit status is 2 for bad input (flags, files, values)
//! and 1 for everything else.

mod commands;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Homeward: the registry of the war dead, from the recovery site to the grave.
#[derive(Debug, Parser)]
#[command(name = "homeward", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Key file of the key-encryption key that unlocks the signing keys (commands that sign);
    /// owner-only (0600). Without it, HOMEWARD_KEY_PASSPHRASE or a terminal prompt.
    #[arg(long, global = true, env = "HOMEWARD_KEY_FILE", value_name = "PATH")]
    key_file: Option<std::path::PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web app and the JSON API on a store.
    Serve(commands::serve::ServeArgs),
    /// Create and seed a demo store if it is absent, then serve it.
    Demo(commands::demo::DemoArgs),
    /// Import sites, remains, effects or missing persons from CSV, or DNA (frequencies,
    /// profiles, families), all-or-nothing.
    Import(commands::import::ImportArgs),
    /// Export sites, remains, effects or missing persons as CSV or JSON.
    Export(commands::export::ExportArgs),
    /// Manage user accounts.
    #[command(subcommand)]
    User(commands::user::UserCommand),
    /// Bring a store's schema up to date.
    Migrate(commands::DbArgs),
    /// Write a consistent copy of a live SQLite store.
    Backup(commands::backup::BackupArgs),
    /// Name every remains case whose status lacks the record it rests on (reads only; exit 1
    /// when one is found).
    Check(commands::DbArgs),
    /// Measure the registry's performance.
    #[command(subcommand)]
    Bench(commands::bench::BenchCommand),
    /// DNA kinship: likelihood ratios for a missing person in a reference pedigree.
    #[command(subcommand)]
    Kinship(commands::kinship::KinshipCommand),
    /// Screen every stored remains profile against every stored family; store the run and
    /// its candidates.
    Match(commands::dna::MatchArgs),
    /// A match run's candidates.
    #[command(subcommand)]
    Candidates(commands::dna::CandidatesCommand),
    /// The contamination guard: the elimination database and the holds it raises.
    #[command(subcommand)]
    Elimination(commands::elimination::EliminationCommand),
    /// The custody ledger: organization keys and chain verification.
    #[command(subcommand)]
    Ledger(commands::ledger::LedgerCommand),
    /// Handling events in the custody ledger: record moved, stored, sampled, sealed.
    #[command(subcommand)]
    Custody(commands::custody::CustodyCommand),
    /// Repatriation batches: plan, verify, encoffin, manifest, hand over, receive, bury.
    #[command(subcommand)]
    Batch(commands::batch::BatchCommand),
    /// Handover manifests: verify offline with the sender's key; import into the receiving store.
    #[command(subcommand)]
    Manifest(commands::manifest::ManifestCommand),
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    commands::kek::set_key_file(cli.key_file);
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HOMEWARD_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,sqlx=error")),
        )
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();
    let result = match cli.command {
        Command::Serve(args) => commands::serve::run(args).await,
        Command::Demo(args) => commands::demo::run(args).await,
        Command::Import(args) => commands::import::run(args).await,
        Command::Export(args) => commands::export::run(args).await,
        Command::User(cmd) => commands::user::run(cmd).await,
        Command::Migrate(args) => commands::migrate(args).await,
        Command::Backup(args) => commands::backup::run(args).await,
        Command::Check(args) => commands::check::run(args).await,
        Command::Bench(cmd) => commands::bench::run(cmd).await,
        Command::Kinship(cmd) => commands::kinship::run(cmd).await,
        Command::Match(args) => commands::dna::run_match(args).await,
        Command::Candidates(cmd) => commands::dna::candidates(cmd).await,
        Command::Elimination(cmd) => commands::elimination::run(cmd).await,
        Command::Ledger(cmd) => commands::ledger::run(cmd).await,
        Command::Custody(cmd) => commands::custody::run(cmd).await,
        Command::Batch(cmd) => commands::batch::run(cmd).await,
        Command::Manifest(cmd) => commands::manifest::run(cmd).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("homeward: {}", commands::one_line(&err));
            commands::exit_code(&err)
        }
    }
}
