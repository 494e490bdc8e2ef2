//! `homeward ledger …`: organization keys (generate, list, export, rotate) and `verify`, which
//! walks the whole stored chain and names the first bad entry.
//!
//! Keys are generated from the OS's RNG and kept in the store; `verify` trusts the stored keys
//! that are valid from entry 1 and learns rotated keys from the chain itself — or, with
//! `--trust`, the public keys given in files, which the store's key table must then match.

use anyhow::{Context, anyhow};
use homeward_app::ledger_verify::{VerifyError, parse_trusted_keys, verify_ledger};
use homeward_app::system_write;
use homeward_ledger::rand_core::OsRng;
use homeward_ledger::{OrganizationKey, PublicKey};
use homeward_store::{SecretAtRest, StoreError};

use super::{BadInput, Bar, DbArgs};

/// `homeward ledger …`
#[derive(Debug, clap::Subcommand)]
pub enum LedgerCommand {
    /// Generate an organization's first signing key, store it, and print its public key.
    Keygen(OrgArgs),
    /// List the stored keys: organization, key id, the entries each may sign.
    Keys(DbArgs),
    /// Print an organization's current public key (for the other state's verifier).
    ExportKey(OrgArgs),
    /// Store another organization's public key alone (no secret), to check what it signs.
    ImportKey(ImportKeyArgs),
    /// Seal secret keys still stored in plaintext under the key-encryption key (the first
    /// unlock by any signing command does the same).
    EncryptKeys(DbArgs),
    /// Rotate an organization's key: a signed rotation entry, then the new key from the next entry.
    Rotate(RotateArgs),
    /// Check every entry's hash, link, sequence, key and signature; exit 0 only if all hold.
    Verify(VerifyArgs),
}

/// An organization and the store.
#[derive(Debug, clap::Args)]
pub struct OrgArgs {
    /// The organization's name, exactly as its entries name it.
    #[arg(long)]
    org: String,
    #[command(flatten)]
    db: DbArgs,
}

/// Flags of `homeward ledger rotate`.
#[derive(Debug, clap::Args)]
pub struct RotateArgs {
    #[command(flatten)]
    org: OrgArgs,
    /// The username of who rotates the key, named in the rotation entry as every signed entry
    /// names its actor (without it: `system`).
    #[arg(long)]
    actor: Option<String>,
}

/// Flags of `homeward ledger import-key`.
#[derive(Debug, clap::Args)]
pub struct ImportKeyArgs {
    /// The public-key file, as the other instance's `ledger export-key` writes it.
    file: std::path::PathBuf,
    #[command(flatten)]
    org: OrgArgs,
}

/// Flags of `homeward ledger verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// A public-key file (as `ledger export-key` writes it) to verify against instead of the keys
    /// stored in the database; repeat for each organization. Give each organization's first key.
    #[arg(long, value_name = "KEYS")]
    trust: Vec<std::path::PathBuf>,
    #[command(flatten)]
    db: DbArgs,
}

/// Runs a ledger subcommand.
pub async fn run(cmd: LedgerCommand) -> anyhow::Result<()> {
    match cmd {
        LedgerCommand::Keygen(args) => keygen(args).await,
        LedgerCommand::Keys(db) => keys(db).await,
        LedgerCommand::ExportKey(args) => export_key(args).await,
        LedgerCommand::ImportKey(args) => import_key(args).await,
        LedgerCommand::EncryptKeys(db) => encrypt_keys(db).await,
        LedgerCommand::Rotate(args) => rotate(args).await,
        LedgerCommand::Verify(args) => verify(args).await,
    }
}

/// An organization name that round-trips through the key texts.
fn checked_org(org: &str) -> Result<&str, BadInput> {
    if org.is_empty() || org.trim() != org || org.chars().any(char::is_control) {
        return Err(BadInput(format!(
            "--org {org:?}: give the organization's name, without leading or trailing spaces"
        )));
    }
    Ok(org)
}

async fn keygen(args: OrgArgs) -> anyhow::Result<()> {
    let org = checked_org(&args.org)?;
    let store = super::kek::open_signing(&args.db.db).await?;
    let key = OrganizationKey::generate(org, &mut OsRng);
    match store.save_organization_key(&key, system_write(None)).await {
        Ok(_) => {}
        Err(StoreError::Conflict { .. }) => {
            return Err(BadInput(format!(
                "{org} already has a signing key; replace it with `homeward ledger rotate --org {org}`"
            ))
            .into());
        }
        Err(e) => return Err(e).context("cannot store the new key"),
    }
    eprintln!("generated signing key {} for {org}", key.key_id());
    print!("{}", key.public_key().to_text(org));
    Ok(())
}

async fn keys(db: DbArgs) -> anyhow::Result<()> {
    let store = super::open(&db.db).await?;
    let keys = store
        .organization_keys()
        .await
        .context("cannot read the keys")?;
    println!(
        "{:<24} {:<16} {:>10} {:>10}  SECRET",
        "ORGANIZATION", "KEY ID", "FROM", "RETIRED"
    );
    let mut plaintext = 0;
    for k in keys {
        let retired = k.retired_at.map_or("-".to_owned(), |r| r.to_string());
        let secret = match k.secret {
            SecretAtRest::Sealed => "sealed",
            SecretAtRest::Plaintext => {
                plaintext += 1;
                "PLAINTEXT"
            }
            SecretAtRest::PublicOnly => "none (public key only)",
        };
        println!(
            "{:<24} {:<16} {:>10} {:>10}  {secret}",
            k.organization, k.key_id, k.valid_from, retired
        );
    }
    if plaintext > 0 {
        eprintln!(
            "warning: {plaintext} secret key(s) stored in plaintext; seal them with \
             `homeward ledger encrypt-keys --db {}` ({})",
            db.db,
            super::kek::PROVIDE
        );
    }
    Ok(())
}

async fn export_key(args: OrgArgs) -> anyhow::Result<()> {
    let org = checked_org(&args.org)?;
    let store = super::open(&args.db.db).await?;
    let keys = store
        .organization_keys()
        .await
        .context("cannot read the keys")?;
    let current = keys
        .iter()
        .find(|k| k.organization == org && k.retired_at.is_none())
        .ok_or_else(|| BadInput(format!("{org} has no signing key in {}", args.db.db)))?;
    print!("{}", current.public_key.to_text(org));
    Ok(())
}

async fn import_key(args: ImportKeyArgs) -> anyhow::Result<()> {
    let org = checked_org(&args.org.org)?;
    let shown = args.file.display().to_string();
    let text = super::files::read_text(&args.file, super::files::KEY)?;
    let public = PublicKey::from_text(&text).map_err(|e| BadInput(format!("{shown}: {e}")))?;
    let store = super::open(&args.org.db.db).await?;
    match store
        .import_organization_public_key(org, &public, system_write(None))
        .await
    {
        Ok(_) => {}
        Err(StoreError::Conflict { .. }) => {
            return Err(BadInput(format!(
                "{org} already has a key in {}; a new key of its comes by its rotation",
                args.org.db.db
            ))
            .into());
        }
        Err(e) => return Err(e).context("cannot store the public key"),
    }
    eprintln!(
        "stored the public key {} of {org} (no secret: this instance only checks its signatures)",
        public.key_id()
    );
    Ok(())
}

async fn encrypt_keys(db: DbArgs) -> anyhow::Result<()> {
    let store = super::open(&db.db).await?;
    let secret = super::kek::secret(&db.db)?.ok_or_else(|| {
        BadInput(format!(
            "sealing needs the key-encryption key: {}",
            super::kek::PROVIDE
        ))
    })?;
    let report = super::kek::unlock_with(store.as_ref(), &secret, &db.db).await?;
    if report.sealed == 0 {
        eprintln!("{}: no secret key was stored in plaintext", db.db);
    }
    Ok(())
}

async fn rotate(args: RotateArgs) -> anyhow::Result<()> {
    let org = checked_org(&args.org.org)?;
    let store = super::kek::open_signing(&args.org.db.db).await?;
    let actor = match &args.actor {
        Some(name) => Some(super::actor_user(store.as_ref(), name).await?),
        None => None,
    };
    let key = OrganizationKey::generate(org, &mut OsRng);
    let entry = match store
        .rotate_organization_key(&key, system_write(actor))
        .await
    {
        Err(StoreError::NotFound { .. }) => {
            return Err(BadInput(format!(
                "{org} has no signing key to rotate; create one with `homeward ledger keygen --org {org}`"
            ))
            .into());
        }
        other => other.context("cannot rotate the key")?,
    };
    eprintln!(
        "rotated {org} to key {} at entry {}",
        key.key_id(),
        entry.entry.sequence
    );
    print!("{}", key.public_key().to_text(org));
    Ok(())
}

/// Streams the chain from the store in pages, verifying each while the next is read; with
/// `--trust`, against the given public keys rather than the keys stored in the database.
pub async fn verify(args: VerifyArgs) -> anyhow::Result<()> {
    let mut trusted = Vec::new();
    for path in &args.trust {
        let shown = path.display().to_string();
        let text = super::files::read_text(path, super::files::KEY)
            .map_err(|e| BadInput(format!("--trust: {e}")))?;
        trusted.extend(parse_trusted_keys(&shown, &text).map_err(|e| BadInput(e.to_string()))?);
    }
    let store = super::open(&args.db.db).await?;
    let bar = Bar::new();
    let trust = (!args.trust.is_empty()).then_some(trusted.as_slice());
    let report = match verify_ledger(store.as_ref(), trust, &bar).await {
        Ok(report) => report,
        Err(VerifyError::Store(e)) => return Err(e).context("cannot read the ledger"),
        Err(e) => return Err(anyhow!("ledger verification failed: {e}")),
    };
    let head = if report.entries == 0 {
        "(empty)".to_owned()
    } else {
        report.head.previous_hash.to_hex()
    };
    println!("ledger OK: {} entries, head {head}", report.entries);
    if !args.trust.is_empty() {
        let files: Vec<String> = args.trust.iter().map(|p| p.display().to_string()).collect();
        println!(
            "checked against {} trusted key(s) from {}, not the keys stored in the database",
            trusted.len(),
            files.join(", ")
        );
    }
    Ok(())
}
