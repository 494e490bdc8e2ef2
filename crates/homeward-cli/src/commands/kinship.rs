//! `homeward kinship …`: the DNA kinship engine from the command line.
//!
//! The engine (`homeward-kinship`) is pure; this module reads the files and prints the results.

use std::path::PathBuf;

use anyhow::Context;

use super::BadInput;

/// The kinship subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum KinshipCommand {
    /// Likelihood ratio that the remains are the pedigree's missing person (CASE.json in,
    /// JSON out: `{"lr", "log10_lr", "markers": {M: {"lr"}}}`).
    Lr(LrArgs),
}

/// `homeward kinship lr CASE.json`.
#[derive(Debug, clap::Args)]
pub struct LrArgs {
    /// The case: frequencies, pedigree, missing person, remains, references, model.
    pub case: PathBuf,
}

/// Runs a kinship subcommand.
pub fn run(command: KinshipCommand) -> anyhow::Result<()> {
    match command {
        KinshipCommand::Lr(args) => lr(&args),
    }
}

fn lr(args: &LrArgs) -> anyhow::Result<()> {
    let shown = args.case.display();
    let text = std::fs::read_to_string(&args.case)
        .with_context(|| format!("cannot read {shown}"))
        .map_err(|e| BadInput(super::one_line(&e)))?;
    let report = homeward_kinship::evaluate_case_json(&text)
        .map_err(|e| BadInput(format!("{shown}: {e}")))?;
    println!("{}", report.to_json());
    Ok(())
}
