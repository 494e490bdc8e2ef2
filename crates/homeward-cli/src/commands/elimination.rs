//! `homeward elimination …`: the contamination guard from the command line — the elimination
//! database (staff and consumables profiles) and the holds it raises on remains profiles, which
//! a DNA analyst clears with a note. Thin: the use cases are `homeward_app::dna`'s and the
//! store's `Holds`.

use std::path::PathBuf;

use homeward_app::dna;
use homeward_app::system_write;
use homeward_store::EliminationKind;

use super::{BadInput, DbArgs, files};

/// `homeward elimination …`.
#[derive(Debug, clap::Subcommand)]
pub enum EliminationCommand {
    /// Add profiles to the elimination database: the long CSV `sample,marker,allele1,allele2`,
    /// each sample a staff member's or a consumables lot's code.
    Import(ImportArgs),
    /// The holds on remains profiles (open ones; `--all` for the cleared too).
    Holds(HoldsArgs),
    /// Clear a hold (the profile is screened again), saying why.
    Clear(ClearArgs),
}

/// Flags of `homeward elimination import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The CSV file.
    file: PathBuf,
    /// `staff` or `consumable`.
    #[arg(long)]
    kind: String,
    #[command(flatten)]
    db: DbArgs,
}

/// Flags of `homeward elimination holds`.
#[derive(Debug, clap::Args)]
pub struct HoldsArgs {
    /// Cleared holds too.
    #[arg(long)]
    all: bool,
    #[command(flatten)]
    db: DbArgs,
}

/// Flags of `homeward elimination clear`.
#[derive(Debug, clap::Args)]
pub struct ClearArgs {
    /// The hold's id (as `homeward elimination holds` lists it).
    id: i64,
    /// Why it is cleared.
    #[arg(long)]
    note: String,
    #[command(flatten)]
    db: DbArgs,
}

/// Runs an `elimination` subcommand.
pub async fn run(command: EliminationCommand) -> anyhow::Result<()> {
    match command {
        EliminationCommand::Import(args) => {
            let kind = EliminationKind::from_code(&args.kind)
                .map_err(|e| BadInput(format!("--kind: {e}")))?;
            let text = files::read_text(&args.file, files::PROFILES)?;
            let store = super::open(&args.db.db).await?;
            let name = args.file.display().to_string();
            let n = dna::import_elimination(store.as_ref(), &name, &text, kind, system_write(None))
                .await
                .map_err(|e| -> anyhow::Error {
                    if e.is_bad_input() {
                        BadInput(e.to_string()).into()
                    } else {
                        e.into()
                    }
                })?;
            println!(
                "imported into {}: {n} elimination profiles ({})",
                args.db.db,
                kind.code()
            );
        }
        EliminationCommand::Holds(args) => {
            let store = super::open(&args.db.db).await?;
            for h in store.holds(!args.all).await? {
                let state = match &h.cleared {
                    Some((_, _, note)) => format!("cleared: {note}"),
                    None => "holding".to_owned(),
                };
                println!(
                    "{}\t{}\t{}\t{}\t{state}",
                    h.id,
                    h.hold.sample,
                    h.hold.reason.code(),
                    h.hold.detail
                );
            }
        }
        EliminationCommand::Clear(args) => {
            let store = super::open(&args.db.db).await?;
            let cleared = store
                .clear_hold(args.id, &args.note, system_write(None))
                .await
                .map_err(|e| -> anyhow::Error {
                    match e {
                        homeward_store::StoreError::Domain(_)
                        | homeward_store::StoreError::NotFound { .. } => {
                            BadInput(e.to_string()).into()
                        }
                        other => other.into(),
                    }
                })?;
            println!(
                "hold {} on {} cleared: it is screened again",
                cleared.id, cleared.hold.sample
            );
        }
    }
    Ok(())
}
