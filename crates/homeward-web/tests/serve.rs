//! `serve` on a real socket: binds 127.0.0.1:0, answers HTTP, and shuts down gracefully; cuts off
//! clients that send their headers slowly or idle, and bounds the connections served at once.

mod common;

use std::time::{Duration, Instant};

use common::TestApp;
use homeward_web::WebConfig;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[tokio::test]
async fn the_server_answers_on_a_real_socket_and_stops_when_told() {
    let app = TestApp::new().await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(homeward_web::serve_until(
        app.store.clone(),
        listener,
        async {
            stopped.await.ok();
        },
    ));

    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            b"GET /api/v1/handovers HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        )
        .await
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"total_remains\":1011"), "{answer}");
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("content-security-policy")
    );

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// A server with a short header read timeout, stopped when the returned sender is dropped.
async fn short_timeout_server(
    app: &TestApp,
    timeout: Duration,
) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let config = WebConfig {
        header_read_timeout: timeout,
        ..WebConfig::default()
    };
    server_with(app, config).await
}

/// A server with `config` on a free port, stopped when the returned sender is dropped.
async fn server_with(
    app: &TestApp,
    config: WebConfig,
) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(homeward_web::serve_with(
        app.store.clone(),
        listener,
        config,
        async {
            stopped.await.ok();
        },
    ));
    (addr, stop)
}

#[tokio::test]
async fn a_client_sending_half_a_request_line_is_disconnected_within_the_timeout() {
    let app = TestApp::new().await;
    let timeout = Duration::from_millis(300);
    let (addr, _stop) = short_timeout_server(&app, timeout).await;
    let started = Instant::now();
    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /api/v1/sta").await.unwrap();
    let mut rest = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut rest))
        .await
        .expect("the server must close the connection, not wait for the client");
    let elapsed = started.elapsed();
    // EOF or a reset: either way the server closed it.
    drop(read);
    assert!(elapsed >= timeout, "not before the timeout: {elapsed:?}");
    assert!(
        elapsed < Duration::from_secs(2),
        "soon after it: {elapsed:?}"
    );
    let answer = String::from_utf8_lossy(&rest);
    assert!(!answer.contains("200 OK"), "{answer}");

    // An idle keep-alive connection is closed the same way; a prompt client is served.
    let mut prompt = TcpStream::connect(addr).await.unwrap();
    prompt
        .write_all(b"GET /api/v1/stats HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), prompt.read_to_end(&mut answer))
        .await
        .expect("the idle connection is closed after the timeout")
        .unwrap();
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_until_one_is_freed() {
    let app = TestApp::new().await;
    let config = WebConfig {
        header_read_timeout: Duration::from_millis(400),
        max_connections: 1,
        ..WebConfig::default()
    };
    let (addr, _stop) = server_with(&app, config).await;
    let mut hog = TcpStream::connect(addr).await.unwrap();
    hog.write_all(b"GE").await.unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = Instant::now();
    let mut next = TcpStream::connect(addr).await.unwrap();
    next.write_all(b"GET /api/v1/stats HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), next.read_to_end(&mut answer))
        .await
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
    assert!(
        started.elapsed() >= Duration::from_millis(250),
        "served only once the slow connection was cut: {:?}",
        started.elapsed()
    );
    drop(hog);
}
