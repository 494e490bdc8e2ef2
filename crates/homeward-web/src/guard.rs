//! The in-memory guards every request shares: the login and public-search throttles, the gate
//! that bounds concurrent password checks, the client's address, the 413 body limit, and the
//! refusals (429, 503) they answer with.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{CONTENT_LENGTH, RETRY_AFTER};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use homeward_app::passwords::{HashMemory, verify_password_in};
use tokio::sync::Semaphore;

use crate::auth::{Caller, is_api};
use crate::chrome::{Chrome, error_page};
use crate::config::WebConfig;
use crate::error::ApiError;
use crate::i18n::{Lang, Tr};

/// Keys each throttle remembers at most (a few MB at worst).
pub const THROTTLE_CAPACITY: usize = 50_000;

/// The public searches that are throttled per address: the rolls of the missing and of the
/// buried, as pages and as API.
pub const PUBLIC_SEARCH_PATHS: [&str; 4] = [
    "/missing",
    "/memorial",
    "/api/v1/missing",
    "/api/v1/memorial",
];

/// Everything the guards keep between requests.
#[derive(Debug)]
pub struct Guards {
    /// Failed logins per account (`account:NAME`) and per address (`address:IP`).
    pub login: crate::throttle::Throttle,
    /// Public searches per address.
    pub search: crate::throttle::Throttle,
    /// The password-check gate.
    pub passwords: PasswordGate,
}

impl Guards {
    /// Fresh guards for `config`.
    pub fn new(config: &WebConfig) -> Self {
        let checks = if config.password_checks == 0 {
            std::thread::available_parallelism().map_or(1, usize::from)
        } else {
            config.password_checks
        };
        Guards {
            login: crate::throttle::Throttle::new(THROTTLE_CAPACITY),
            search: crate::throttle::Throttle::new(THROTTLE_CAPACITY),
            passwords: PasswordGate::new(checks, config.password_queue),
        }
    }
}

/// The server is checking as many passwords as it may, and the queue is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the server is busy checking passwords; try again in a moment")]
pub struct Busy;

/// Bounds the argon2 checks running at once (each needs 19 MiB) and the logins waiting for one,
/// and keeps one working buffer per running check for reuse: memory for password checks never
/// exceeds `checks` × 19 MiB, however many logins arrive.
#[derive(Debug)]
pub struct PasswordGate {
    admission: Arc<Semaphore>,
    workers: Arc<Semaphore>,
    checks: usize,
    buffers: Arc<Mutex<Vec<HashMemory>>>,
}

impl PasswordGate {
    /// A gate running `checks` (at least one) at once with `queue` waiting.
    pub fn new(checks: usize, queue: usize) -> Self {
        let checks = checks.max(1);
        PasswordGate {
            admission: Arc::new(Semaphore::new(checks + queue)),
            workers: Arc::new(Semaphore::new(checks)),
            checks,
            buffers: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Whether `password` matches the stored hash (`false` for an unreadable hash); [`Busy`]
    /// when the gate and its queue are full.
    pub async fn verify(&self, password: String, stored: String) -> Result<bool, Busy> {
        let _ticket = self
            .admission
            .clone()
            .try_acquire_owned()
            .map_err(|_| Busy)?;
        let worker = self
            .workers
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| Busy)?;
        let buffers = self.buffers.clone();
        let keep = self.checks;
        // The worker permit and the buffer travel with the blocking task, so a client that
        // goes away mid-check cannot free a slot before its hash is done.
        let checked = tokio::task::spawn_blocking(move || {
            let mut memory = lock(&buffers).pop().unwrap_or_default();
            let ok = verify_password_in(&password, &stored, &mut memory).unwrap_or(false);
            let mut pool = lock(&buffers);
            if pool.len() < keep {
                pool.push(memory);
            }
            drop(worker);
            ok
        })
        .await;
        Ok(checked.unwrap_or(false))
    }

    /// The bytes of working memory the gate holds for reuse (at most `checks` × 19 MiB).
    pub fn pooled_bytes(&self) -> usize {
        lock(&self.buffers)
            .iter()
            .map(|m| m.capacity() * ARGON2_BLOCK_BYTES)
            .sum()
    }
}

/// The size of one argon2 memory block.
const ARGON2_BLOCK_BYTES: usize = 1024;

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The client's address as the throttles key it: the TCP peer (or, with
/// `trust_forwarded_for`, the last `X-Forwarded-For` entry); IPv6 addresses by their /64, since
/// one client usually holds a whole /64. `unknown` when there is none (in-process tests).
pub fn client_address(config: &WebConfig, headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    let forwarded = config
        .trust_forwarded_for
        .then(|| forwarded_for(headers))
        .flatten();
    match forwarded.or(peer.map(|p| p.ip())) {
        Some(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Some(IpAddr::V6(v6)) => v6
            .to_ipv4_mapped()
            .map_or_else(String::new, |v4| v4.to_string()),
        Some(ip) => ip.to_string(),
        None => "unknown".to_owned(),
    }
}

/// The TCP peer of a request, as the server loop recorded it.
pub fn peer_of(request: &Request) -> Option<SocketAddr> {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| *addr)
}

fn forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    let last = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(','))
        .last()?;
    last.trim().parse().ok()
}

/// Whole seconds for `Retry-After` (at least one).
pub fn retry_seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

/// Adds `Retry-After: seconds` to `response`.
pub fn with_retry_after(mut response: Response, seconds: u64) -> Response {
    response
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from(seconds.max(1)));
    response
}

/// Middleware: the per-address rate of the public searches ([`PUBLIC_SEARCH_PATHS`]); beyond
/// it, 429 with `Retry-After` and a plain message (JSON for the API, a page in the visitor's
/// language otherwise).
pub async fn public_search(
    State((guards, config)): State<(Arc<Guards>, WebConfig)>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let limit = config.public_search_per_minute;
    if limit == 0 || request.method() != Method::GET || !PUBLIC_SEARCH_PATHS.contains(&path) {
        return next.run(request).await;
    }
    let key = client_address(&config, request.headers(), peer_of(&request));
    let Err(wait) = guards.search.take(&key, limit, Instant::now()) else {
        return next.run(request).await;
    };
    let seconds = retry_seconds(wait);
    let lang = Lang::of(request.uri(), request.headers());
    let response = if is_api(path) {
        ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "too many searches from {key}: at most {limit} a minute; try again in {seconds} s"
            ),
        )
        .into_response()
    } else {
        let chrome = Chrome::for_uri(lang, &Caller::default(), request.uri());
        error_page(
            chrome,
            StatusCode::TOO_MANY_REQUESTS,
            Tr::new(lang).with_seconds("search-throttled", seconds),
        )
    };
    with_retry_after(response, seconds)
}

/// Middleware: refuses a request body larger than `limit` (`config.max_body_bytes`) with 413 before any
/// handler sees it (by its `Content-Length`, or while reading a body sent without one).
pub async fn body_limit(State(limit): State<usize>, request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.parse::<u64>().ok());
    let path = request.uri().path().to_owned();
    let too_large = || {
        let message = format!("the request body is larger than the limit of {limit} bytes");
        if is_api(&path) {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, message).into_response()
        } else {
            (StatusCode::PAYLOAD_TOO_LARGE, message).into_response()
        }
    };
    match declared {
        Some(n) if n > limit as u64 => return too_large(),
        Some(_) => return next.run(request).await,
        None if matches!(*request.method(), Method::GET | Method::HEAD) => {
            return next.run(request).await;
        }
        None => {}
    }
    let (parts, body) = request.into_parts();
    match to_bytes(body, limit).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(_) => too_large(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(config: &WebConfig, peer: &str, forwarded: Option<&str>) -> String {
        let mut headers = HeaderMap::new();
        if let Some(f) = forwarded {
            headers.insert("x-forwarded-for", HeaderValue::from_str(f).unwrap());
        }
        client_address(config, &headers, Some(peer.parse().unwrap()))
    }

    #[test]
    fn the_address_is_the_peer_unless_a_proxy_is_trusted() {
        let plain = WebConfig::default();
        let proxied = WebConfig {
            trust_forwarded_for: true,
            ..WebConfig::default()
        };
        let xff = Some("203.0.113.9, 198.51.100.4");
        assert_eq!(
            address(&plain, "192.0.2.1:5000", xff),
            "192.0.2.1",
            "X-Forwarded-For ignored"
        );
        assert_eq!(address(&proxied, "192.0.2.1:5000", xff), "198.51.100.4");
        assert_eq!(
            address(&plain, "[2001:db8:1:2:3:4:5:6]:443", None),
            "2001:db8:1:2::/64"
        );
        assert_eq!(address(&plain, "[::ffff:192.0.2.3]:1", None), "192.0.2.3");
        assert_eq!(client_address(&plain, &HeaderMap::new(), None), "unknown");
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_seconds(Duration::from_millis(1)), 1);
        assert_eq!(retry_seconds(Duration::from_secs(30)), 30);
        assert_eq!(retry_seconds(Duration::from_millis(30_001)), 31);
    }

    #[tokio::test]
    async fn the_gate_bounds_checks_and_keeps_one_buffer_per_check() {
        let hash = homeward_app::passwords::hash_password("correct horse battery").unwrap();
        let gate = Arc::new(PasswordGate::new(1, 1));
        let mut running = Vec::new();
        for _ in 0..6 {
            let (gate, hash) = (gate.clone(), hash.clone());
            running.push(tokio::spawn(async move {
                gate.verify("correct horse battery".into(), hash).await
            }));
        }
        let mut results = Vec::new();
        for r in running {
            results.push(r.await.unwrap());
        }
        assert!(
            results.contains(&Err(Busy)),
            "beyond one running and one queued: {results:?}"
        );
        assert!(results.contains(&Ok(true)));
        assert_eq!(
            gate.pooled_bytes(),
            19 * 1024 * 1024,
            "one check, one 19 MiB buffer"
        );
        assert_eq!(gate.verify("wrong password!".into(), hash).await, Ok(false));
        assert_eq!(gate.pooled_bytes(), 19 * 1024 * 1024, "reused, not grown");
    }
}
