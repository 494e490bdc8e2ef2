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
    #[command(flatten)]
    web: WebArgs,
}

/// How the web app is deployed: cookies, throttles, limits.
#[derive(Debug, clap::Args)]
pub struct WebArgs {
    /// Mark every cookie `Secure` (serve behind TLS; browsers then send cookies over HTTPS only).
    #[arg(long, env = "HOMEWARD_SECURE_COOKIES")]
    secure_cookies: bool,
    /// Public roll searches (missing persons, memorial; page and API) per client address and
    /// minute; 0 = unlimited.
    #[arg(long, env = "HOMEWARD_PUBLIC_SEARCH_PER_MINUTE", default_value_t = 60)]
    public_search_per_minute: u32,
    /// Seconds a client may take to send a request's headers (also the idle keep-alive limit).
    #[arg(long, env = "HOMEWARD_HEADER_READ_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    header_read_timeout: u64,
    /// Connections served at once.
    #[arg(long, env = "HOMEWARD_MAX_CONNECTIONS", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..))]
    max_connections: u64,
    /// The largest request body (forms and JSON), in bytes; larger gets 413.
    #[arg(long, env = "HOMEWARD_MAX_BODY_BYTES", default_value_t = homeward_web::DEFAULT_MAX_BODY_BYTES)]
    max_body_bytes: usize,
    /// Password checks (argon2id, 19 MiB each) run at once; 0 = one per CPU core.
    #[arg(long, env = "HOMEWARD_PASSWORD_CHECKS", default_value_t = 0)]
    password_checks: usize,
    /// Logins that may wait for a password check; beyond them 503 + Retry-After.
    #[arg(long, env = "HOMEWARD_PASSWORD_QUEUE", default_value_t = 8)]
    password_queue: usize,
    /// Take the client address for throttling from the last X-Forwarded-For entry (only behind
    /// a reverse proxy that sets it).
    #[arg(long, env = "HOMEWARD_TRUST_FORWARDED_FOR")]
    trust_forwarded_for: bool,
}

impl WebArgs {
    /// The web configuration these flags describe.
    pub fn config(&self) -> homeward_web::WebConfig {
        homeward_web::WebConfig {
            secure_cookies: self.secure_cookies,
            public_search_per_minute: self.public_search_per_minute,
            password_checks: self.password_checks,
            password_queue: self.password_queue,
            max_body_bytes: self.max_body_bytes,
            header_read_timeout: std::time::Duration::from_secs(self.header_read_timeout),
            max_connections: usize::try_from(self.max_connections).unwrap_or(usize::MAX),
            trust_forwarded_for: self.trust_forwarded_for,
        }
    }
}

/// Opens the store and serves it until Ctrl-C.
pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let store = super::kek::open_serving(&args.db.db).await?;
    serve(store, args.addr, &args.db.db, None, args.web.config()).await
}

/// Binds `addr`, prints the URL (and a login hint, if any), and serves until Ctrl-C.
pub async fn serve(
    store: Arc<dyn Store>,
    addr: SocketAddr,
    label: &str,
    login: Option<&str>,
    config: homeward_web::WebConfig,
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
    homeward_web::serve_with(store, listener, config, homeward_web::ctrl_c())
        .await
        .context("the web server failed")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Flags {
        #[command(flatten)]
        web: WebArgs,
    }

    #[test]
    fn the_flags_fill_the_web_config() {
        let defaults = Flags::try_parse_from(["serve"]).unwrap().web.config();
        assert_eq!(defaults, homeward_web::WebConfig::default());
        let set = Flags::try_parse_from([
            "serve",
            "--secure-cookies",
            "--public-search-per-minute",
            "0",
            "--header-read-timeout",
            "3",
            "--max-connections",
            "10",
            "--max-body-bytes",
            "2048",
            "--password-checks",
            "2",
            "--password-queue",
            "1",
            "--trust-forwarded-for",
        ])
        .unwrap()
        .web
        .config();
        assert!(set.secure_cookies && set.trust_forwarded_for);
        assert_eq!(set.public_search_per_minute, 0);
        assert_eq!(set.header_read_timeout, std::time::Duration::from_secs(3));
        assert_eq!((set.max_connections, set.max_body_bytes), (10, 2048));
        assert_eq!((set.password_checks, set.password_queue), (2, 1));
        assert!(Flags::try_parse_from(["serve", "--header-read-timeout", "0"]).is_err());
    }
}
