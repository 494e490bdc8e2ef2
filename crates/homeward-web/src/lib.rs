#![doc = include_str!("../README.md")]

// Shared infrastructure, from the ground up: configuration and errors; who calls and whether
// they may; the page chrome; the guards; the state every handler shares.
pub mod access;
pub mod auth;
pub mod chrome;
pub mod config;
pub mod csrf;
pub mod error;
pub mod extract;
pub mod flash;
pub mod form;
pub mod guard;
pub mod i18n;
pub mod input;
pub mod server;
pub mod state;
pub mod throttle;

// The resources: each holds what its API and its pages share, its API handlers (`api`), its
// pages (`page`) and its JSON (`dto`).
pub mod assessment;
pub mod audit;
pub mod batches;
pub mod custody;
pub mod dashboard;
pub mod dna;
pub mod families;
pub mod gazetteer;
pub mod identification;
pub mod login;
pub mod memorial;
pub mod missing;
pub mod names;
pub mod remains;
pub mod sites;
pub mod tokens;

// The route table, and the OpenAPI document built from it.
pub mod openapi;
pub mod routes;

use std::future::Future;
use std::sync::Arc;

use homeward_store::Store;

pub use access::{Access, RouteSpec};
pub use chrome::url_encode;
pub use config::{DEFAULT_MAX_BODY_BYTES, WebConfig};
pub use routes::route_table;
pub use state::AppState;

/// The whole web app (UI and API) on `store`, with the default [`WebConfig`].
pub fn router(store: Arc<dyn Store>) -> axum::Router {
    router_with(store, WebConfig::default())
}

/// The whole web app (UI and API) on `store`, configured by `config`.
pub fn router_with(store: Arc<dyn Store>, config: WebConfig) -> axum::Router {
    let guards = Arc::new(guard::Guards::new(&config));
    routes::build(AppState {
        store,
        config,
        guards,
        graves: Arc::default(),
    })
}

/// Serves the app on `listener` until Ctrl-C, then finishes the requests in flight.
pub async fn serve(
    store: Arc<dyn Store>,
    listener: tokio::net::TcpListener,
) -> std::io::Result<()> {
    serve_with(store, listener, WebConfig::default(), ctrl_c()).await
}

/// Serves the app on `listener` until `shutdown` completes (for tests and embedding).
pub async fn serve_until(
    store: Arc<dyn Store>,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(store, listener, WebConfig::default(), shutdown).await
}

/// Serves the app, configured by `config`, on `listener` until `shutdown` completes; pass
/// [`ctrl_c`] to stop on Ctrl-C. Slow clients are cut off after `config.header_read_timeout`,
/// and at most `config.max_connections` are served at once (see [`server`]).
pub async fn serve_with(
    store: Arc<dyn Store>,
    listener: tokio::net::TcpListener,
    config: WebConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = server::Limits::of(&config);
    server::serve(listener, router_with(store, config), limits, shutdown).await
}

/// Completes on Ctrl-C (never, if the signal cannot be listened for): the shutdown of [`serve`].
pub async fn ctrl_c() {
    if let Err(err) = tokio::signal::ctrl_c().await {
        tracing::warn!(error = %err, "cannot listen for Ctrl-C; serving until killed");
        std::future::pending::<()>().await;
    }
}
