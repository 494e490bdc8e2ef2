//! DNA in the registry from the command line: `homeward import frequencies|profiles|families`
//! (the files of `homeward kinship screen`, as they are), `homeward match` (every stored remains
//! against every stored family, with a progress bar) and `homeward candidates export`. Thin:
//! the use cases are `homeward_app::dna`'s.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use homeward_app::dna::{self, CandidateFormat, DnaError, MatchOptions};
use homeward_app::{Progress, SystemClock, system_write};

use super::{BadInput, DbArgs, files};

/// The kinds `homeward import` hands over to this module.
pub const IMPORT_KINDS: [&str; 5] = ["frequencies", "profiles", "families", "y-str", "mtdna"];

/// A DNA error as the binary reports it: bad input exits 2.
fn reported(e: DnaError) -> anyhow::Error {
    if e.is_bad_input() {
        BadInput(e.to_string()).into()
    } else {
        e.into()
    }
}

/// `homeward import frequencies NAME FILE`, `… profiles FILE.csv`, `… families FILE.json`.
pub async fn import(kind: &str, args: &[PathBuf], db: &DbArgs) -> anyhow::Result<()> {
    let usage = match kind {
        "frequencies" => "homeward import frequencies NAME FILE",
        "profiles" => "homeward import profiles FILE.csv",
        "y-str" => "homeward import y-str FILE.csv",
        "mtdna" => "homeward import mtdna FILE.csv",
        _ => "homeward import families FILE.json",
    };
    let expected = if kind == "frequencies" { 2 } else { 1 };
    if args.len() != expected {
        return Err(BadInput(format!("usage: {usage}")).into());
    }
    let file = &args[expected - 1];
    let cap = match kind {
        "frequencies" => files::FREQUENCIES,
        "profiles" | "y-str" | "mtdna" => files::PROFILES,
        _ => files::FAMILIES,
    };
    let text = files::read_text(file, cap)?;
    let name = file.display().to_string();
    let store = super::open(&db.db).await?;
    let ctx = system_write(None);
    match kind {
        "frequencies" => {
            let db_name = args[0].to_string_lossy();
            let stored = dna::import_frequencies(store.as_ref(), &db_name, &name, &text, ctx)
                .await
                .map_err(reported)?;
            println!(
                "imported into {}: frequency database {} version {}",
                db.db, stored.name, stored.version
            );
        }
        "y-str" | "mtdna" => {
            let lineage = if kind == "y-str" {
                homeward_store::LineageKind::YStr
            } else {
                homeward_store::LineageKind::Mtdna
            };
            let n = dna::import_lineage(store.as_ref(), &name, &text, lineage, ctx)
                .await
                .map_err(reported)?;
            println!("imported into {}: {n} {kind} profiles", db.db);
        }
        "profiles" if dna::is_genemapper(&text) => {
            let imported = dna::import_genemapper(store.as_ref(), &name, &text, ctx)
                .await
                .map_err(reported)?;
            println!(
                "imported into {}: {} remains profiles (GeneMapper ID-X table)",
                db.db, imported.profiles
            );
            for (sample, markers) in imported.mixtures {
                println!(
                    "held: {sample} looks mixed (more than two alleles at {}); `homeward elimination holds`",
                    markers.join(", ")
                );
            }
        }
        "profiles" => {
            let n = dna::import_profiles(store.as_ref(), &name, &text, ctx)
                .await
                .map_err(reported)?;
            println!("imported into {}: {n} remains profiles", db.db);
        }
        _ => {
            let n = dna::import_families(store.as_ref(), &name, &text, ctx)
                .await
                .map_err(reported)?;
            println!("imported into {}: {n} families", db.db);
        }
    }
    Ok(())
}

/// `homeward import families FILE.fam --missing NAME [--pedigree NAME] [--family ID]
/// [--frequencies NAME]`: a Familias case as one family (and its database).
pub async fn import_fam(
    file: &Path,
    args: &[PathBuf],
    choice: &homeward_app::familias_import::FamChoice,
    db: &DbArgs,
) -> anyhow::Result<()> {
    if args.len() != 1 {
        return Err(
            BadInput("usage: homeward import families FILE.fam --missing NAME".into()).into(),
        );
    }
    let text = files::read_text(file, files::FAMILIES)?;
    let store = super::open(&db.db).await?;
    let imported = homeward_app::familias_import::import_fam(
        store.as_ref(),
        &file.display().to_string(),
        &text,
        choice,
        system_write(None),
    )
    .await
    .map_err(reported)?;
    println!(
        "imported into {}: family {} (pedigree \"{}\", {} typed references)",
        db.db, choice.family, imported.pedigree, imported.references
    );
    if let Some(f) = imported.frequencies {
        println!(
            "imported into {}: frequency database {} version {}",
            db.db, f.name, f.version
        );
    }
    Ok(())
}

/// Flags of `homeward match`.
#[derive(Debug, clap::Args)]
pub struct MatchArgs {
    /// Store the pairs with an LR at least this large.
    #[arg(long)]
    min_lr: f64,
    /// At most this many families per remains.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// The frequency database, `NAME` (its latest version) or `NAME@VERSION` (default: the
    /// database imported last).
    #[arg(long)]
    frequencies: Option<String>,
    /// Mutation model as JSON, e.g. `{"model": "equal", "rate": 0.002}` (default: none).
    #[arg(long)]
    mutation: Option<String>,
    /// Balding–Nichols θ.
    #[arg(long, default_value_t = 0.0)]
    theta: f64,
    /// Frequency given to alleles absent from the database (others scaled down).
    #[arg(long)]
    rare_allele_frequency: Option<f64>,
    /// Direct matching instead: every remains against every other remains (one person twice,
    /// a parent and child, full siblings), replacing the pairs stored before.
    #[arg(long)]
    direct: bool,
    /// With `--direct`: markers both profiles must have typed for a pair to count.
    #[arg(long, default_value_t = 8)]
    min_markers: usize,
    #[command(flatten)]
    db: DbArgs,
}

/// `homeward match --direct`: related remains, printed and stored.
async fn run_direct(args: MatchArgs) -> anyhow::Result<()> {
    let store = super::open(&args.db.db).await?;
    let options = dna::DirectOptions {
        min_lr: args.min_lr,
        min_markers: args.min_markers,
        frequencies: args.frequencies,
        rare_allele_frequency: args.rare_allele_frequency,
    };
    let bar = super::Bar::new();
    let found = dna::direct_match(store.as_ref(), &options, &bar, &SystemClock).await;
    bar.finish();
    let found = found.map_err(reported)?;
    println!(
        "direct match: {} related pairs of remains with LR ≥ {} (at least {} markers)",
        found.len(),
        args.min_lr,
        args.min_markers
    );
    for r in &found {
        println!(
            "{}\t{}\t{}\t{:.6e}\t{}",
            r.remains_a,
            r.remains_b,
            r.relation.code(),
            r.lr,
            r.markers_compared
        );
    }
    Ok(())
}

/// Screens every stored remains against every stored family and stores the run.
pub async fn run_match(args: MatchArgs) -> anyhow::Result<()> {
    if args.direct {
        return run_direct(args).await;
    }
    let store = super::open(&args.db.db).await?;
    let options = MatchOptions {
        min_lr: args.min_lr,
        top: args.top,
        frequencies: args.frequencies,
        mutation_json: args.mutation,
        theta: args.theta,
        rare_allele_frequency: args.rare_allele_frequency,
    };
    let bar = super::Bar::new();
    let outcome = dna::run_match(store.as_ref(), &options, &bar, &SystemClock, None).await;
    bar.finish();
    let run = outcome.map_err(reported)?.run;
    println!(
        "match run {}: {} remains against {} families with {}@{}: {} candidates with LR ≥ {} \
         (at most {} per remains)",
        run.id,
        run.inputs.remains,
        run.inputs.families,
        run.frequency_name,
        run.frequency_version,
        run.candidates,
        run.inputs.min_lr,
        run.inputs.top
    );
    Ok(())
}

/// `homeward candidates …`.
#[derive(Debug, clap::Subcommand)]
pub enum CandidatesCommand {
    /// Write a match run's candidates as CSV or JSON: remains, family, rank, lr,
    /// autosomal_lr, y_lr, mt_lr, markers_compared, run, frequencies.
    Export(ExportArgs),
}

/// Flags of `homeward candidates export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// csv or json.
    #[arg(long, default_value = "csv")]
    format: String,
    /// The run (default: the last finished run).
    #[arg(long)]
    run: Option<i64>,
    /// Write to this file instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    db: DbArgs,
}

/// Runs a `candidates` subcommand.
pub async fn candidates(command: CandidatesCommand) -> anyhow::Result<()> {
    let CandidatesCommand::Export(args) = command;
    let format = CandidateFormat::from_code(&args.format).map_err(reported)?;
    let store = super::open(&args.db.db).await?;
    let mut buffer = Vec::new();
    let (run, n) = dna::export_candidates(store.as_ref(), args.run, format, &mut buffer)
        .await
        .map_err(reported)?;
    match &args.out {
        Some(path) => {
            write_file(path, &buffer)?;
            eprintln!(
                "exported {n} candidates of match run {} to {}",
                run.id,
                path.display()
            );
        }
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(&buffer).and_then(|()| out.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other.context("cannot write to stdout")?,
            }
        }
    }
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}
