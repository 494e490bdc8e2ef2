//! `homeward export`: the registry as CSV or JSON, to stdout or a file.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use homeward_app::RecordKind;
use homeward_app::export::{ExportFormat, export};

use super::{BadInput, DbArgs};

/// Flags of `homeward export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// What to export: sites, remains, effects or missing.
    kind: String,
    /// csv or json.
    #[arg(long, default_value = "csv")]
    format: String,
    /// Write to this file instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    db: DbArgs,
}

/// Writes the export.
pub async fn run(args: ExportArgs) -> anyhow::Result<()> {
    let kind = RecordKind::from_code(&args.kind).map_err(|e| BadInput(e.to_string()))?;
    let format = ExportFormat::from_code(&args.format).map_err(|e| BadInput(e.to_string()))?;
    let store = super::open(&args.db.db).await?;
    match &args.out {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            let n = export(store.as_ref(), kind, format, &mut out).await?;
            out.flush()
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("exported {n} {kind} to {}", path.display());
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            match export(store.as_ref(), kind, format, &mut out).await {
                // The reader went away (e.g. `| head`): not an error worth a message.
                Err(e) if e.is_broken_pipe() => {}
                other => {
                    other?;
                }
            }
        }
    }
    Ok(())
}
