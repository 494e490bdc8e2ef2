//! `homeward kinship …`: the DNA kinship engine from the command line.
//!
//! The engine (`homeward-kinship`) is pure and reads no CSV; this module reads the files (the
//! remains CSV and the frequency CSV matrix through `homeward_app::kinship_input`), draws the
//! progress bar, reads the clock,
//! the process's CPU time, load average and peak memory, and prints the results.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use homeward_app::kinship_input::{parse_frequency_csv, parse_remains_csv};
use homeward_kinship::screen::{self, ScreeningModel};
use homeward_kinship::simulate::{Truth, simulate_cases};
use homeward_kinship::{FrequencyTable, MutationModel, bench};
use indicatif::ProgressBar;

use super::{BadInput, files};

/// The kinship subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum KinshipCommand {
    /// Likelihood ratio that the remains are the pedigree's missing person (CASE.json in,
    /// JSON out: `{"lr", "log10_lr", "markers": {M: {"lr"}}}`).
    ///
    /// Optional lineage sections add `"y_str"` / `"mtdna"` blocks (`lr`, `compared`,
    /// `differences`, `count`, `database_size`, `frequency`, `frequency_method`) and
    /// `"combined_lr"` = autosomal × Y × mt over the systems typed on both sides:
    ///
    /// "y_str": {"remains": {"DYS19": "14", "DYS385": "11,14"}, "reference": {...},
    /// "meioses": k, "mutation_rate": r | {"DYS19": r, ...}, "database": {"size": N, "count": x}
    /// | {"haplotypes": [{locus: allele}, ...]}, "frequency": "upper_95" (default) | "estimate"}
    ///
    /// "mtdna": {"remains": {"ranges": "16024-16365;73-340", "variants": "73G 16519C"},
    /// "reference": {...}, "meioses": k, "mutation_rate": r (per meiosis over the compared
    /// region), "database": {"size": N, "count": x} | {"haplotypes": [{"ranges", "variants"}]},
    /// "frequency": ...}
    ///
    /// Bad input exits 2 with one line naming what and where.
    Lr(LrArgs),
    /// Screen remains profiles against families' reference pedigrees; write the candidates.
    Screen(ScreenArgs),
    /// Simulate profiles for a CASE.json's pedigree (seeded), as CASE.json cases.
    Simulate(SimulateArgs),
    /// Generate a synthetic population, screen it, and print throughput and peak memory.
    Bench(BenchArgs),
}

/// `homeward kinship lr CASE.json`.
#[derive(Debug, clap::Args)]
pub struct LrArgs {
    /// The case: frequencies, pedigree, missing person, remains, references, model.
    pub case: PathBuf,
}

/// `homeward kinship screen`.
#[derive(Debug, clap::Args)]
pub struct ScreenArgs {
    /// Remains profiles, CSV long format: sample,marker,allele1,allele2.
    #[arg(long)]
    pub remains: PathBuf,
    /// Families: JSON `{"families": [{"id", "pedigree", "missing", "references"}]}`.
    #[arg(long)]
    pub families: PathBuf,
    /// Allele frequencies: JSON `{"markers": {...}}` or the CSV matrix (allele, one column a marker).
    #[arg(long)]
    pub frequencies: PathBuf,
    /// Mutation model as JSON, e.g. `{"model": "equal", "rate": 0.002}` (default: none).
    #[arg(long)]
    pub mutation: Option<String>,
    /// Frequency given to alleles absent from the table (others scaled by 1 − f).
    #[arg(long)]
    pub rare_allele_frequency: Option<f64>,
    /// Balding–Nichols θ (0 ≤ θ < 1); with θ > 0 tables are built from exact θ likelihoods
    /// (slower to build, same scoring).
    #[arg(long, default_value_t = 0.0)]
    pub theta: f64,
    /// Report candidates with an LR at least this large.
    #[arg(long, default_value_t = 100.0)]
    pub min_lr: f64,
    /// Report at most this many candidates per remains.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Output format.
    #[arg(long, value_parser = ["csv", "json"], default_value = "csv")]
    pub format: String,
    /// Write here instead of stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// `homeward kinship simulate CASE.json`.
#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// The case whose pedigree, frequencies and model to simulate (its typings are replaced).
    pub case: PathBuf,
    /// Random seed: the same seed gives the same profiles.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// How many cases to simulate.
    #[arg(long, default_value_t = 10)]
    pub replicates: usize,
    /// Whether the simulated remains are the missing person or an unrelated person.
    #[arg(long, value_parser = ["missing-person", "unrelated"], default_value = "missing-person")]
    pub truth: String,
}

/// `homeward kinship bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Families in the synthetic population.
    #[arg(long, default_value_t = 200_000)]
    pub families: usize,
    /// Remains screened against them.
    #[arg(long, default_value_t = 1_011)]
    pub remains: usize,
    /// Markers per profile.
    #[arg(long, default_value_t = 23)]
    pub markers: usize,
    /// A frequency table to draw from (JSON or CSV); default: a synthetic table.
    #[arg(long)]
    pub frequencies: Option<PathBuf>,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Runs a kinship subcommand (the heavy ones on a blocking thread: they use every core).
pub async fn run(command: KinshipCommand) -> anyhow::Result<()> {
    tokio::task::spawn_blocking(move || match command {
        KinshipCommand::Lr(args) => lr(&args),
        KinshipCommand::Screen(args) => screen_command(&args),
        KinshipCommand::Simulate(args) => simulate(&args),
        KinshipCommand::Bench(args) => bench_command(&args),
    })
    .await
    .context("the kinship worker stopped")?
}

fn read(path: &Path, cap: files::Cap) -> anyhow::Result<String> {
    Ok(files::read_text(path, cap)?)
}

/// Turns an engine error about `path` into bad input (exit 2) naming the file.
fn bad(path: &Path) -> impl Fn(homeward_kinship::CaseError) -> anyhow::Error + '_ {
    move |e| BadInput(format!("{}: {e}", path.display())).into()
}

fn lr(args: &LrArgs) -> anyhow::Result<()> {
    let text = read(&args.case, files::CASE)?;
    let report = homeward_kinship::evaluate_case_json(&text).map_err(bad(&args.case))?;
    println!("{}", report.to_json());
    Ok(())
}

fn frequency_table(path: &Path) -> anyhow::Result<FrequencyTable> {
    let text = read(path, files::FREQUENCIES)?;
    if text.trim_start().starts_with('{') {
        FrequencyTable::from_json_str(&text).map_err(bad(path))
    } else {
        parse_frequency_csv(&text).map_err(|e| BadInput(format!("{}: {e}", path.display())).into())
    }
}

fn bar(what: &str) -> ProgressBar {
    let bar =
        super::progress::stderr_bar("{msg} [{bar:30}] {pos}/{len} families ({elapsed}, eta {eta})");
    bar.set_message(what.to_owned());
    bar
}

fn screen_command(args: &ScreenArgs) -> anyhow::Result<()> {
    let remains = parse_remains_csv(&read(&args.remains, files::PROFILES)?)
        .map_err(|e| BadInput(format!("{}: {e}", args.remains.display())))?;
    let families = screen::parse_families_json(&read(&args.families, files::FAMILIES)?)
        .map_err(bad(&args.families))?;
    let table = frequency_table(&args.frequencies)?;
    let mutation = match &args.mutation {
        Some(json) => {
            MutationModel::from_json(json).map_err(|e| BadInput(format!("--mutation: {e}")))?
        }
        None => MutationModel::default(),
    };
    let model = ScreeningModel {
        mutation,
        rare_allele_frequency: args.rare_allele_frequency,
        theta: args.theta,
    };
    let progress = bar("screening");
    let candidates = screen::screen(
        &remains,
        &families,
        &table,
        &model,
        args.min_lr,
        args.top,
        &|done, total| {
            progress.set_length(total as u64);
            progress.set_position(done as u64);
        },
    )
    .map_err(|e| BadInput(format!("screen: {e}")))?;
    progress.finish_and_clear();
    let text = match args.format.as_str() {
        "json" => screen::candidates_to_json(&candidates),
        _ => screen::candidates_to_csv(&candidates),
    };
    write_out(args.out.as_deref(), &text)?;
    eprintln!(
        "screened {} remains against {} families: {} candidates with LR ≥ {}",
        remains.len(),
        families.len(),
        candidates.len(),
        args.min_lr
    );
    Ok(())
}

fn write_out(out: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match out {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

fn simulate(args: &SimulateArgs) -> anyhow::Result<()> {
    let text = read(&args.case, files::CASE)?;
    let truth = match args.truth.as_str() {
        "unrelated" => Truth::Unrelated,
        _ => Truth::MissingPerson,
    };
    let cases =
        simulate_cases(&text, args.seed, args.replicates, truth).map_err(bad(&args.case))?;
    let values = cases
        .iter()
        .map(|c| serde_json::from_str::<serde_json::Value>(c))
        .collect::<Result<Vec<_>, _>>()
        .context("the simulator wrote a case that is not JSON")?;
    println!("{}", serde_json::to_string_pretty(&values)?);
    Ok(())
}

fn bench_command(args: &BenchArgs) -> anyhow::Result<()> {
    let table = match &args.frequencies {
        Some(path) => frequency_table(path)?,
        None => bench::synthetic_table(args.markers, args.seed),
    };
    let config = bench::BenchConfig {
        families: args.families,
        remains: args.remains,
        markers: args.markers,
        seed: args.seed,
        ..bench::BenchConfig::default()
    };
    let load_before = super::machine::load_average();
    let start = Instant::now();
    let progress = bar("screening the synthetic population");
    let cpu = || super::machine::cpu_seconds().unwrap_or(0.0);
    let report = bench::run_with_cpu(
        &config,
        &table,
        &|done, total| {
            progress.set_length(total as u64);
            progress.set_position(done as u64);
        },
        &|| start.elapsed().as_secs_f64(),
        super::machine::cpu_seconds()
            .is_some()
            .then_some(&cpu as &dyn Fn() -> f64),
    )
    .map_err(|e| BadInput(format!("bench: {e}")))?;
    progress.finish_and_clear();
    println!("{}", report.summary());
    println!(
        "load average       {load_before} before, {} after (1/5/15 min; other work on the \
         machine slows the wall-clock rate, not the CPU-time one)",
        super::machine::load_average()
    );
    match super::machine::peak_memory_bytes() {
        Some(bytes) => println!("peak memory        {:.0} MB", bytes as f64 / 1e6),
        None => println!("peak memory        unknown (no /proc/self/status)"),
    }
    Ok(())
}
