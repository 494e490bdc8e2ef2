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
    /// samples named by accession number; or a GeneMapper ID-X table), `families FILE.json` (the
    /// families JSON, or a Familias `.fam` with `--missing`), `y-str FILE.csv`
    /// (`sample,locus,alleles`), `mtdna FILE.csv` (`sample,ranges,variants`); a lineage sample is
    /// an accession number or `FAMILY:PERSON`.
    kind: String,
    /// The CSV files (with a header row); several files are written together, all or nothing.
    /// For `frequencies`, the database's name and then its file.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// A Familias `.fam` family: the person (by name in the file) the family is looking for.
    #[arg(long)]
    missing: Option<String>,
    /// A `.fam` family: the pedigree to take, by name (needed when the file has several).
    #[arg(long)]
    pedigree: Option<String>,
    /// A `.fam` family: its id in the registry (default: the file's name without `.fam`).
    #[arg(long)]
    family: Option<String>,
    /// A `.fam` family: also import the file's frequency database under this name.
    #[arg(long)]
    frequencies: Option<String>,
    #[command(flatten)]
    db: DbArgs,
}

impl ImportArgs {
    /// What to take from a `.fam` file, from the flags (`file` names the default family id).
    fn fam_choice(
        &self,
        file: &std::path::Path,
    ) -> Option<homeward_app::familias_import::FamChoice> {
        let missing = self.missing.clone()?;
        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned());
        Some(homeward_app::familias_import::FamChoice {
            family: self.family.clone().or(stem).unwrap_or_default(),
            pedigree: self.pedigree.clone(),
            missing,
            frequencies: self.frequencies.clone(),
        })
    }
}

/// Parses and checks every file, then writes them in one transaction.
pub async fn run(args: ImportArgs) -> anyhow::Result<()> {
    let fam = args.files.first().filter(|f| {
        args.kind == "families" && f.extension().is_some_and(|e| e.eq_ignore_ascii_case("fam"))
    });
    if let Some(file) = fam {
        let choice = args.fam_choice(file).ok_or_else(|| {
            BadInput("a .fam family needs --missing NAME (the person the family looks for)".into())
        })?;
        return super::dna::import_fam(file, &args.files, &choice, &args.db).await;
    }
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
