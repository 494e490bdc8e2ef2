//! `serve` on a real socket: binds 127.0.0.1:0, answers HTTP, and shuts down gracefully.

mod common;

use common::TestApp;
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
