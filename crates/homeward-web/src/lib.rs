#![doc = include_str!("../README.md")]

pub mod api;
pub mod auth;
pub mod csrf;
pub mod dto;
pub mod error;
pub mod guard;
pub mod i18n;
pub mod pages;
pub mod routes;
pub mod server;
pub mod throttle;

use std::future::Future;
use std::sync::Arc;

use homeward_store::Store;

pub use routes::{Access, RouteSpec, route_table};

/// How the web app is deployed. The default suits a plain-HTTP server on a trusted network
/// (the demo on 127.0.0.1); behind TLS, turn `secure_cookies` on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebConfig {
    /// Mark every cookie the app sets (session, language, notices) `Secure`, so browsers send
    /// them over HTTPS only. Leave off for plain HTTP, or browsers will drop the login cookie.
    pub secure_cookies: bool,
    /// Searches of the public rolls (`/missing`, `/memorial` and their API) allowed per client
    /// address and minute (a burst of this many, refilled evenly); 0 = unlimited.
    pub public_search_per_minute: u32,
    /// Password checks (argon2id, 19 MiB each) that may run at once; 0 = one per CPU core.
    pub password_checks: usize,
    /// Logins that may wait for a password check; beyond them a login gets 503 + Retry-After.
    pub password_queue: usize,
    /// The largest request body accepted (forms and JSON): larger gets 413.
    pub max_body_bytes: usize,
    /// How long a client may take to send a request's headers (and how long an idle
    /// keep-alive connection is kept) before the connection is closed.
    pub header_read_timeout: std::time::Duration,
    /// Connections served at once; further clients wait in the listen backlog.
    pub max_connections: usize,
    /// Take the client address from the last `X-Forwarded-For` entry (only behind a reverse
    /// proxy that sets it); otherwise the TCP peer's address is used.
    pub trust_forwarded_for: bool,
}

/// The default body limit: 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: false,
            public_search_per_minute: 60,
            password_checks: 0,
            password_queue: 8,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            header_read_timeout: std::time::Duration::from_secs(10),
            max_connections: 1024,
            trust_forwarded_for: false,
        }
    }
}

impl WebConfig {
    /// The attribute to append to a `Set-Cookie` value: `"; Secure"` or nothing.
    pub fn cookie_suffix(&self) -> &'static str {
        if self.secure_cookies { "; Secure" } else { "" }
    }
}

/// What every handler shares: the store, the deployment's configuration, and the in-memory
/// guards (throttles, the password-check gate).
#[derive(Debug, Clone)]
pub struct AppState {
    /// The registry's storage.
    pub store: Arc<dyn Store>,
    /// How the app is deployed.
    pub config: WebConfig,
    /// Throttles and the password-check gate, shared by every request.
    pub guards: Arc<guard::Guards>,
    /// The memorial's graves as last read (see [`api::memorial::graves`]).
    pub graves: Arc<homeward_store::Snapshot<Vec<api::memorial::Grave>>>,
}

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
