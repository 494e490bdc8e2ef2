//! `homeward demo`: create and seed a demo store if it is absent, then serve it.
//!
//! A SQLite demo is seeded into a side file and copied into place with a consistent backup, so
//! an interrupted seeding never leaves a half-filled demo behind.
//!
//! The demo needs no input: unless a key file or passphrase is given, it creates a key file
//! beside its store (`homeward-demo.db.key`, 0600) and seals the signing keys under it. Demo
//! only: the store holds both organizations' secret keys (sender and receiver), and says so.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use homeward_app::demo::{DEMO_ADMIN, DEMO_PASSWORD, DemoOptions, seed};
use homeward_store::Store;

use homeward_ledger::rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

use super::Bar;

/// Flags of `homeward demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// The demo store: a SQLite file (created if absent) or a `postgres://` URL of an empty database.
    #[arg(long, default_value = "homeward-demo.db")]
    db: String,
    /// Address to listen on.
    #[arg(long, env = "HOMEWARD_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Seed the store and exit without serving.
    #[arg(long)]
    seed_only: bool,
}

/// Seeds (when needed) and serves.
pub async fn run(args: DemoArgs) -> anyhow::Result<()> {
    let postgres = args.db.starts_with("postgres://") || args.db.starts_with("postgresql://");
    let secret = demo_secret(&args.db, postgres)?;
    let store = if postgres {
        let store = super::open_or_create(&args.db).await?;
        super::kek::unlock_with(store.as_ref(), &secret, &args.db).await?;
        if is_empty(store.as_ref()).await? {
            seed_into(store.as_ref()).await?;
        }
        store
    } else {
        let path = Path::new(&args.db);
        super::files::check_regular(&args.db)?;
        if !path.exists() {
            seed_sqlite(path, &secret).await?;
        } else {
            eprintln!("using the existing demo store {}", path.display());
        }
        let store = super::open(&args.db).await?;
        super::kek::unlock_with(store.as_ref(), &secret, &args.db).await?;
        store
    };
    eprintln!(
        "demo only: this store holds both organizations' secret keys (the sender's and the \
         receiver's); a real instance holds its own organization's secret key and the other \
         state's public key (`homeward ledger import-key`)"
    );
    if args.seed_only {
        println!("demo store ready: {}", args.db);
        println!("{}", login_line());
        return Ok(());
    }
    super::serve::serve(
        store,
        args.addr,
        &args.db,
        Some(&login_line()),
        homeward_web::WebConfig::default(),
    )
    .await
}

/// Where the demo keeps its key file when none is given.
fn demo_key_path(db: &str, postgres: bool) -> PathBuf {
    if postgres {
        PathBuf::from("homeward-demo.key")
    } else {
        PathBuf::from(format!("{db}.key"))
    }
}

/// The given key file or passphrase, else the demo's own key file (created 0600 if absent).
fn demo_secret(db: &str, postgres: bool) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    if let Some(secret) = super::kek::given_secret()? {
        return Ok(secret);
    }
    let path = demo_key_path(db, postgres);
    if path.exists() {
        eprintln!(
            "unlocking the demo's signing keys with the key file {}",
            path.display()
        );
        return super::kek::read_key_file(&path);
    }
    let mut bytes = Zeroizing::new([0u8; 32]);
    OsRng.fill_bytes(bytes.as_mut());
    let text = Zeroizing::new(format!("{}\n", hex_of(bytes.as_ref())));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&path)
        .with_context(|| format!("cannot create the demo key file {}", path.display()))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .with_context(|| format!("cannot write the demo key file {}", path.display()))?;
    eprintln!(
        "created the demo's key file {} (owner-only, 0600): the signing keys in the demo store \
         are sealed under it; keep it beside the store (or pass --key-file)",
        path.display()
    );
    Ok(Zeroizing::new(text.trim_end().as_bytes().to_vec()))
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn login_line() -> String {
    format!(
        "Demo login: {DEMO_ADMIN} / {DEMO_PASSWORD} (every role has a demo user: recovery, \
         anthropologist, dna, custodian, repatriation, reviewer, viewer; same password)"
    )
}

async fn is_empty(store: &dyn Store) -> anyhow::Result<bool> {
    let stats = store.registry_stats().await?;
    Ok(stats.sites == 0 && stats.remains == 0 && store.users().await?.is_empty())
}

async fn seed_into(store: &dyn Store) -> anyhow::Result<()> {
    eprintln!("seeding the demo registry (deterministic; this takes a little while)…");
    let bar = Bar::new();
    let summary = seed(store, &DemoOptions::default(), &bar)
        .await
        .context("cannot seed the demo")?;
    eprintln!(
        "seeded {} sites, {} remains cases, {} effects, {} missing persons, {} names of places, {} handovers, {} lifecycle steps, {} custody entries, {} identified",
        summary.imported.sites,
        summary.imported.remains,
        summary.imported.effects,
        summary.imported.missing,
        summary.imported.names,
        summary.handovers,
        summary.status_changes,
        summary.custody_entries,
        summary.identified
    );
    eprintln!(
        "synthetic DNA: {} remains profiles, {} families ({} linked to the rolls), screening run {} with {} candidates",
        summary.dna.profiles,
        summary.dna.families,
        summary.dna.linked,
        summary.dna.run.id,
        summary.dna.run.candidates
    );
    Ok(())
}

/// Seeds a side file next to `path`, then writes a consistent copy at `path`.
async fn seed_sqlite(path: &Path, secret: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let work = tempfile::Builder::new()
        .prefix(".homeward-demo-")
        .tempdir_in(dir)
        .with_context(|| format!("cannot create a work directory in {}", dir.display()))?;
    let side: PathBuf = work.path().join("seeding.db");
    let store = super::open_or_create(&side.to_string_lossy()).await?;
    super::kek::unlock_with(store.as_ref(), secret, &path.display().to_string()).await?;
    seed_into(store.as_ref()).await?;
    store
        .backup_to(path)
        .await
        .with_context(|| format!("cannot write the demo store {}", path.display()))?;
    drop(store);
    Ok(())
}
