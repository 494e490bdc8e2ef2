//! `homeward backup`: a consistent copy of a live SQLite store.

use std::path::PathBuf;

use anyhow::Context;

use super::{BadInput, DbArgs};

/// Flags of `homeward backup`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The file to write (must not exist).
    out: PathBuf,
    #[command(flatten)]
    db: DbArgs,
}

/// Writes the copy.
pub async fn run(args: BackupArgs) -> anyhow::Result<()> {
    if args.out.exists() {
        return Err(BadInput(format!(
            "{} already exists; choose a new file for the backup",
            args.out.display()
        ))
        .into());
    }
    let store = super::open(&args.db.db).await?;
    store
        .backup_to(&args.out)
        .await
        .with_context(|| format!("cannot back up {} to {}", args.db.db, args.out.display()))?;
    println!("backed up {} to {}", args.db.db, args.out.display());
    Ok(())
}
