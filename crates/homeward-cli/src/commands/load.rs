//! The load generator of `homeward bench web`: a bounded number of HTTP/1.1 clients (hyper, one
//! kept-alive connection each) that run against a server on 127.0.0.1 for a fixed time, then
//! stop; every request's latency is recorded by kind.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{CONTENT_TYPE, COOKIE, HOST, ORIGIN, SET_COOKIE};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// `GET /api/v1/missing?q=…` (JSON).
    SearchApi,
    /// `GET /missing?q=…` (the HTML page).
    SearchPage,
    /// `GET /` logged in.
    Dashboard,
    /// `GET /memorial`.
    Memorial,
    /// `POST /login` with a wrong password.
    LoginFlood,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 5] = [
        Kind::SearchApi,
        Kind::SearchPage,
        Kind::Dashboard,
        Kind::Memorial,
        Kind::LoginFlood,
    ];

    /// The kind's name in the report.
    pub fn label(self) -> &'static str {
        match self {
            Kind::SearchApi => "search (API)",
            Kind::SearchPage => "search (page)",
            Kind::Dashboard => "dashboard (logged in)",
            Kind::Memorial => "memorial",
            Kind::LoginFlood => "login flood (wrong password)",
        }
    }

    /// Whether a status is the answer this kind expects. A wrong password is expected to be
    /// refused (401).
    fn expected(self, status: StatusCode) -> bool {
        match self {
            Kind::LoginFlood => status == StatusCode::UNAUTHORIZED,
            _ => status == StatusCode::OK,
        }
    }
}

/// How a request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The expected answer.
    Answered,
    /// 429 or 503: the server shed the load as designed (a throttle), not an error.
    Refused,
    /// Anything else: a wrong status or a broken connection.
    Error,
}

/// One request's record.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// What was asked.
    pub kind: Kind,
    /// How it ended.
    pub outcome: Outcome,
    /// From sending the request to the end of the response body.
    pub latency: Duration,
}

/// The load to run.
#[derive(Debug, Clone)]
pub struct Load {
    /// The server (always on 127.0.0.1).
    pub addr: SocketAddr,
    /// Concurrent clients in all.
    pub clients: usize,
    /// Of them, clients that only post wrong passwords to `/login`.
    pub login_clients: usize,
    /// How long the clients run.
    pub duration: Duration,
    /// Name searches as people type them.
    pub queries: Arc<Vec<String>>,
    /// The `Cookie` header of a logged-in session, for the dashboard.
    pub session: String,
    /// The user whose password the flood gets wrong.
    pub username: String,
}

/// Runs the load and returns every request's record (clients stop by themselves at the end of
/// the duration).
pub async fn run(load: Load) -> Vec<Sample> {
    let load = Arc::new(load);
    let deadline = Instant::now() + load.duration;
    let mut tasks = Vec::with_capacity(load.clients);
    for client in 0..load.clients {
        let load = load.clone();
        tasks.push(tokio::spawn(async move {
            run_client(&load, client, deadline).await
        }));
    }
    let mut samples = Vec::new();
    for task in tasks {
        if let Ok(mut s) = task.await {
            samples.append(&mut s);
        }
    }
    samples
}

async fn run_client(load: &Load, client: usize, deadline: Instant) -> Vec<Sample> {
    let mut rng = ChaCha8Rng::seed_from_u64(client as u64);
    let flood = client < load.login_clients;
    let mut samples = Vec::new();
    let mut sender: Option<SendRequest<Full<Bytes>>> = None;
    while Instant::now() < deadline {
        let kind = if flood {
            Kind::LoginFlood
        } else {
            match rng.random_range(0..10) {
                0 => Kind::Dashboard,
                1 => Kind::Memorial,
                2..=5 => Kind::SearchPage,
                _ => Kind::SearchApi,
            }
        };
        let request = build(load, kind, &mut rng);
        let started = Instant::now();
        let outcome = match send(load.addr, &mut sender, request).await {
            Ok(status) if kind.expected(status) => Outcome::Answered,
            Ok(StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE) => Outcome::Refused,
            Ok(_) | Err(_) => {
                sender = None;
                Outcome::Error
            }
        };
        samples.push(Sample {
            kind,
            outcome,
            latency: started.elapsed(),
        });
    }
    samples
}

fn build(load: &Load, kind: Kind, rng: &mut ChaCha8Rng) -> Request<Full<Bytes>> {
    let mut query = || {
        let q = &load.queries[rng.random_range(0..load.queries.len().max(1))];
        homeward_web::url_encode(q)
    };
    let (method, path, body) = match kind {
        Kind::SearchApi => (Method::GET, format!("/api/v1/missing?q={}", query()), None),
        Kind::SearchPage => (Method::GET, format!("/missing?q={}", query()), None),
        Kind::Dashboard => (Method::GET, "/".to_owned(), None),
        Kind::Memorial => (Method::GET, "/memorial".to_owned(), None),
        Kind::LoginFlood => (
            Method::POST,
            "/login".to_owned(),
            Some(format!(
                "username={}&password=wrong-{}",
                load.username,
                rng.random::<u32>()
            )),
        ),
    };
    let mut builder = Request::builder()
        .method(method)
        .uri(path)
        .header(HOST, load.addr.to_string());
    if kind == Kind::Dashboard {
        builder = builder.header(COOKIE, &load.session);
    }
    if body.is_some() {
        builder = builder
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ORIGIN, format!("http://{}", load.addr));
    }
    builder
        .body(Full::new(Bytes::from(body.unwrap_or_default())))
        .expect("a request from known-good parts")
}

/// Sends on the client's connection (opening one when there is none) and reads the whole body.
async fn send(
    addr: SocketAddr,
    sender: &mut Option<SendRequest<Full<Bytes>>>,
    request: Request<Full<Bytes>>,
) -> Result<StatusCode, String> {
    if sender.is_none() {
        *sender = Some(connect(addr).await?);
    }
    let conn = sender.as_mut().expect("connected above");
    conn.ready().await.map_err(|e| e.to_string())?;
    let response = conn
        .send_request(request)
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?;
    Ok(status)
}

async fn connect(addr: SocketAddr) -> Result<SendRequest<Full<Bytes>>, String> {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| format!("cannot connect to {addr}: {e}"))?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let (sender, connection) = http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(sender)
}

/// Logs in once and returns the session's `Cookie` header value.
pub async fn login(addr: SocketAddr, username: &str, password: &str) -> Result<String, String> {
    let mut sender = Some(connect(addr).await?);
    let request = Request::builder()
        .method(Method::POST)
        .uri("/login")
        .header(HOST, addr.to_string())
        .header(ORIGIN, format!("http://{addr}"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Full::new(Bytes::from(format!(
            "username={username}&password={password}"
        ))))
        .map_err(|e| e.to_string())?;
    let conn = sender.as_mut().expect("connected above");
    let response = conn
        .send_request(request)
        .await
        .map_err(|e| e.to_string())?;
    let cookies: Vec<String> = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next().map(str::to_owned))
        .collect();
    if !response.status().is_redirection() || cookies.is_empty() {
        return Err(format!(
            "logging in as {username} answered {} without a session cookie",
            response.status()
        ));
    }
    Ok(cookies.join("; "))
}

/// A quick GET, for warming the server up; returns the status.
pub async fn get(addr: SocketAddr, path: &str) -> Result<StatusCode, String> {
    let request = Request::builder()
        .uri(path)
        .header(HOST, addr.to_string())
        .body(Full::new(Bytes::new()))
        .map_err(|e| e.to_string())?;
    send(addr, &mut None, request).await
}
