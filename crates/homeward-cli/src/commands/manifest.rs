//! `homeward manifest …`: the other state's side of a handover. `verify` needs no store and no
//! network, only the file and the sender's public key, and says exactly what fails; `import`
//! verifies, creates the received cases in the receiving instance and writes the countersigned
//! receipt. Also the plain-text view of a batch used by `homeward batch show`.

use std::path::PathBuf;

use anyhow::Context;
use homeward_app::repatriation::transfer::{self, Inspection};
use homeward_app::system_write;
use homeward_store::BatchRecord;

use super::DbArgs;
use super::files::read_key;

/// `homeward manifest …`
#[derive(Debug, clap::Subcommand)]
pub enum ManifestCommand {
    /// Verify a manifest file offline with the sender's public key; exit 0 only if all holds.
    Verify(VerifyArgs),
    /// Verify a manifest, create its cases in this (receiving) store, write the signed receipt.
    Import(ImportArgs),
}

/// Flags of `homeward manifest verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The manifest file.
    file: PathBuf,
    /// The sender's public key file.
    #[arg(long)]
    key: PathBuf,
}

/// Flags of `homeward manifest import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The manifest file.
    file: PathBuf,
    /// The sender's public key file.
    #[arg(long)]
    key: PathBuf,
    /// Where to write the countersigned receipt (default: standard output).
    #[arg(long)]
    receipt_out: Option<PathBuf>,
    /// An effect (the manifest's id) that was not found (repeat for several).
    #[arg(long)]
    missing_effect: Vec<String>,
    /// A case (the sender's accession number) that was not found (repeat for several).
    #[arg(long)]
    missing_remains: Vec<String>,
    /// Any other discrepancy, as text (repeat for several).
    #[arg(long)]
    discrepancy: Vec<String>,
    #[command(flatten)]
    db: DbArgs,
}

/// Runs a manifest subcommand.
pub async fn run(cmd: ManifestCommand) -> anyhow::Result<()> {
    match cmd {
        ManifestCommand::Verify(a) => {
            let key = read_key(&a.key)?;
            let bytes = super::files::read_bytes(&a.file, super::files::MANIFEST)?;
            let v = transfer::verify_manifest_file(&bytes, &key)
                .with_context(|| format!("{} does not verify", a.file.display()))?;
            let m = &v.manifest;
            println!(
                "manifest OK: batch {} (handover no. {}), {} → {}; {}; sha256 {}; signed by key {}",
                m.batch_id, m.sequence_number, m.sender, m.receiver, m.totals, v.hash, v.signer
            );
        }
        ManifestCommand::Import(a) => {
            let key = read_key(&a.key)?;
            let bytes = super::files::read_bytes(&a.file, super::files::MANIFEST)?;
            let store = super::kek::open_signing(&a.db.db).await?;
            let inspection = Inspection {
                missing_effects: a.missing_effect,
                missing_remains: a.missing_remains,
                notes: a.discrepancy,
            };
            let imported = transfer::import_manifest(
                store.as_ref(),
                &bytes,
                &key,
                &inspection,
                system_write(None),
            )
            .await
            .with_context(|| format!("{} was not imported", a.file.display()))?;
            match &a.receipt_out {
                Some(path) => std::fs::write(path, &imported.receipt)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => print!("{}", imported.receipt),
            }
            eprintln!(
                "imported batch {}: {} cases, {} effects; receipt records {} discrepancies",
                imported.manifest.manifest.batch_id,
                imported.summary.remains,
                imported.summary.effects,
                imported.discrepancies
            );
        }
    }
    Ok(())
}

/// Officials as entered, one after another.
fn listed(officials: &[homeward_domain::Official]) -> String {
    officials
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Prints a batch for `homeward batch show`.
pub fn show(r: &BatchRecord) {
    let b = &r.batch;
    println!(
        "batch {} (handover no. {}): {} ({}) → {} ({}), {}",
        b.code,
        b.batch.sequence_number,
        b.batch.sender.name,
        b.batch.sender.country,
        b.batch.receiver.name,
        b.batch.receiver.country,
        b.state
    );
    if let Some(c) = &r.ceremony {
        println!(
            "ceremony {} at {}; officials: {} / {}",
            c.date,
            c.place,
            listed(&c.sending_officials),
            listed(&c.receiving_officials)
        );
    }
    if let Some(t) = &r.transport {
        println!(
            "transport: {} {} {} → {} ({} → {}), escort {}",
            t.carrier,
            t.aircraft,
            t.departure_place,
            t.arrival_place,
            t.departure_date,
            t.arrival_date,
            t.escort
        );
    }
    let effects: usize = r.caskets.iter().map(|c| c.effects.len()).sum();
    println!(
        "{} remains, {} caskets ({} ceremonial), {effects} effects",
        r.remains.len(),
        r.caskets.len(),
        r.caskets.iter().filter(|c| c.ceremonial).count()
    );
    for m in &r.remains {
        let verified = match &m.verification {
            Some(v) if v.both_agreed => format!("verified {}", v.date),
            Some(v) => format!("NOT agreed {}", v.date),
            None => "not verified".to_owned(),
        };
        let casket = m.casket.map_or(String::new(), |c| format!(", casket {c}"));
        let grave = m.burial.as_ref().map_or(String::new(), |g| {
            format!(", {} {} {} {}", g.cemetery, g.section, g.row, g.plot)
        });
        println!(
            "  {} ({}): {verified}{casket}{grave}",
            m.accession,
            m.profile.summary()
        );
    }
}
