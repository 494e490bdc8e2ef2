#![doc = include_str!("../README.md")]

pub mod api;
pub mod auth;
pub mod dto;
pub mod error;
pub mod i18n;
pub mod pages;
pub mod routes;

use std::future::Future;
use std::sync::Arc;

use homeward_store::Store;

pub use routes::{Access, RouteSpec, route_table};

/// How the web app is deployed. The default suits a plain-HTTP server on a trusted network
/// (the demo on 127.0.0.1); behind TLS, turn `secure_cookies` on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebConfig {
    /// Mark every cookie the app sets (session, language, notices) `Secure`, so browsers send
    /// them over HTTPS only. Leave off for plain HTTP, or browsers will drop the login cookie.
    pub secure_cookies: bool,
}

impl WebConfig {
    /// The attribute to append to a `Set-Cookie` value: `"; Secure"` or nothing.
    pub fn cookie_suffix(&self) -> &'static str {
        if self.secure_cookies { "; Secure" } else { "" }
    }
}

/// What every handler shares: the store and the deployment's configuration.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The registry's storage.
    pub store: Arc<dyn Store>,
    /// How the app is deployed.
    pub config: WebConfig,
}

/// The whole web app (UI and API) on `store`, with the default [`WebConfig`].
pub fn router(store: Arc<dyn Store>) -> axum::Router {
    router_with(store, WebConfig::default())
}

/// The whole web app (UI and API) on `store`, configured by `config`.
pub fn router_with(store: Arc<dyn Store>, config: WebConfig) -> axum::Router {
    routes::build(AppState { store, config })
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
/// [`ctrl_c`] to stop on Ctrl-C.
pub async fn serve_with(
    store: Arc<dyn Store>,
    listener: tokio::net::TcpListener,
    config: WebConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router_with(store, config))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Completes on Ctrl-C (never, if the signal cannot be listened for): the shutdown of [`serve`].
pub async fn ctrl_c() {
    if let Err(err) = tokio::signal::ctrl_c().await {
        tracing::warn!(error = %err, "cannot listen for Ctrl-C; serving until killed");
        std::future::pending::<()>().await;
    }
}
