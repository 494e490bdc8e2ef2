//! `homeward import`: CSV files into the registry, all-or-nothing.

use std::path::PathBuf;

use homeward_app::RecordKind;
use homeward_app::import::ImportPlan;

use super::{BadInput, DbArgs};

/// Flags of `homeward import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// What the files hold: sites, remains, effects, missing, or `auto` to tell from each header;
    /// or DNA: `frequencies NAME FILE` (JSON or CSV matrix), `profiles FILE.csv` (the long CSV,
    /// samples named by accession number), `families FILE.json` (the families JSON).
    kind: String,
    /// The CSV files (with a header row); several files are written together, all or nothing.
    /// For `frequencies`, the database's name and then its file.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    #[command(flatten)]
    db: DbArgs,
}

/// Parses and checks every file, then writes them in one transaction.
pub async fn run(args: ImportArgs) -> anyhow::Result<()> {
    if super::dna::IMPORT_KINDS.contains(&args.kind.as_str()) {
        return super::dna::import(&args.kind, &args.files, &args.db).await;
    }
    let kind = match args.kind.as_str() {
        "auto" => None,
        other => Some(RecordKind::from_code(other).map_err(|e| BadInput(e.to_string()))?),
    };
    let bar = super::Bar::new();
    let mut plan = ImportPlan::new();
    for file in &args.files {
        homeward_app::Progress::stage(&bar, &format!("reading {}", file.display()), 0);
        plan.add_file(kind, file)?;
    }
    homeward_app::Progress::stage(&bar, "checking and writing", 0);
    let store = super::open(&args.db.db).await?;
    let outcome = plan
        .write(store.as_ref(), homeward_app::system_write(None))
        .await;
    homeward_app::Progress::finish(&bar);
    let outcome = outcome?;
    let s = outcome.summary;
    println!(
        "imported into {}: {} sites, {} remains cases, {} effects, {} missing persons, {} names of places",
        args.db.db, s.sites, s.remains, s.effects, s.missing, s.names
    );
    for note in outcome.notes {
        eprintln!("note: {note}");
    }
    Ok(())
}
