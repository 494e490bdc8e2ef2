//! `homeward demo`: create and seed a demo store if it is absent, then serve it.
//!
//! A SQLite demo is seeded into a side file and copied into place with a consistent backup, so
//! an interrupted seeding never leaves a half-filled demo behind.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use homeward_app::demo::{DEMO_ADMIN, DEMO_PASSWORD, DemoOptions, seed};
use homeward_store::Store;

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
    let store = if postgres {
        let store = super::open_or_create(&args.db).await?;
        if is_empty(store.as_ref()).await? {
            seed_into(store.as_ref()).await?;
        }
        store
    } else {
        let path = Path::new(&args.db);
        super::files::check_regular(&args.db)?;
        if !path.exists() {
            seed_sqlite(path).await?;
        } else {
            eprintln!("using the existing demo store {}", path.display());
        }
        super::open(&args.db).await?
    };
    if args.seed_only {
        println!("demo store ready: {}", args.db);
        println!("{}", login_line());
        return Ok(());
    }
    super::serve::serve(store, args.addr, &args.db, Some(&login_line())).await
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
        "seeded {} sites, {} remains cases, {} effects, {} missing persons, {} handovers, {} lifecycle steps, {} custody entries, {} identified",
        summary.imported.sites,
        summary.imported.remains,
        summary.imported.effects,
        summary.imported.missing,
        summary.handovers,
        summary.status_changes,
        summary.custody_entries,
        summary.identified
    );
    Ok(())
}

/// Seeds a side file next to `path`, then writes a consistent copy at `path`.
async fn seed_sqlite(path: &Path) -> anyhow::Result<()> {
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
    seed_into(store.as_ref()).await?;
    store
        .backup_to(path)
        .await
        .with_context(|| format!("cannot write the demo store {}", path.display()))?;
    drop(store);
    Ok(())
}
