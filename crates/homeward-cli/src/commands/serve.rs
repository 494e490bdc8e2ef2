//! `homeward serve`: the web app and the API on a store.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use homeward_store::Store;

use super::DbArgs;

/// Flags of `homeward serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Address to listen on.
    #[arg(long, env = "HOMEWARD_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
}

/// Opens the store and serves it until Ctrl-C.
pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let store = super::kek::open_serving(&args.db.db).await?;
    serve(store, args.addr, &args.db.db, None).await
}

/// Binds `addr`, prints the URL (and a login hint, if any), and serves until Ctrl-C.
pub async fn serve(
    store: Arc<dyn Store>,
    addr: SocketAddr,
    label: &str,
    login: Option<&str>,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener
        .local_addr()
        .context("cannot read the bound address")?;
    println!("Homeward is serving {label} on http://{local}/");
    if let Some(login) = login {
        println!("{login}");
    }
    println!("Press Ctrl-C to stop.");
    homeward_web::serve(store, listener)
        .await
        .context("the web server failed")
}
