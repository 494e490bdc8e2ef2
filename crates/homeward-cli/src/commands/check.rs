//! `homeward check`: reads the store and names every remains case whose status lacks a record it
//! rests on (`Store::status_record_gaps`: an examined case without its examination, an
//! identified one without its identification, a case designated for repatriation, handed over
//! or buried without its batch, handover or burial), one line per case, so that a store written
//! before the status step was closed to those statuses can be examined. It writes nothing and
//! exits with status 1 when it finds a case; a SQLite file that does not exist is refused
//! (status 2) rather than created.

use std::path::Path;

use homeward_store::StatusGap;

use super::{BadInput, DbArgs};

/// One line for a case: its accession number, its status and each record it lacks.
pub fn line(gap: &StatusGap) -> String {
    let missing: Vec<String> = gap
        .missing
        .iter()
        .map(|r| format!("no {} record ({})", r.code(), r.how()))
        .collect();
    format!(
        "{}\t{}\t{}",
        gap.accession,
        gap.status.code(),
        missing.join("; ")
    )
}

/// Runs the check.
pub async fn run(args: DbArgs) -> anyhow::Result<()> {
    let postgres = args.db.starts_with("postgres://") || args.db.starts_with("postgresql://");
    let file = args.db.strip_prefix("sqlite:").unwrap_or(&args.db);
    let file = file.split('?').next().unwrap_or(file);
    if !postgres && !Path::new(file).exists() {
        return Err(BadInput(format!(
            "{}: no such store file; pass --db with an existing SQLite file or a postgres:// URL",
            args.db
        ))
        .into());
    }
    let store = super::open(&args.db).await?;
    let gaps = store.status_record_gaps().await?;
    for gap in &gaps {
        println!("{}", line(gap));
    }
    if gaps.is_empty() {
        println!(
            "{}: every remains case carries the records its status rests on",
            args.db
        );
        Ok(())
    } else {
        anyhow::bail!(
            "{}: {} remains case(s) lack a record their status rests on (listed above)",
            args.db,
            gaps.len()
        )
    }
}
