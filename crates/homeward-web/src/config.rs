//! How the web app is deployed: cookies, guards and limits ([`WebConfig`]).

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
