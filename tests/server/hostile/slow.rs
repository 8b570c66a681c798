//! Slow clients: heads sent one byte at a time (slowloris), connections that say nothing, and a
//! normal client that must be served while they hold their connections.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::raw::{self, Outcome, Piece, head, send_pieces, trickle};
use super::{PATIENCE_FOR_OTHERS, server};

/// A head that arrives one byte every 200 ms: each byte well within the header timeout, the whole
/// head (about 60 bytes, 12 s) far beyond it.
fn slowloris(target: &str) -> Vec<Piece> {
    trickle(&head("GET", target, &[]), Duration::from_millis(200))
}

/// The request line at once, then the headers one byte every 200 ms (the classic slowloris).
fn slow_headers(target: &str) -> Vec<Piece> {
    let all = head("GET", target, &[("X-Padding", "a slow client sends this")]);
    let line_end = all.iter().position(|b| *b == b'\n').expect("request line") + 1;
    let mut pieces = vec![Piece {
        after: Duration::ZERO,
        bytes: all[..line_end].to_vec(),
    }];
    pieces.extend(trickle(&all[line_end..], Duration::from_millis(200)));
    pieces
}

#[tokio::test]
async fn a_head_sent_one_byte_at_a_time_is_a_408_after_the_header_timeout() {
    let s = server().await;
    send_pieces(raw::addr(&s), slowloris("/scim/v2/Users"))
        .await
        .answered()
        .assert_scim_error(408, None);
    // Once the request line is known, the answer has the shape of its version.
    send_pieces(raw::addr(&s), slow_headers("/scim/v2/Users"))
        .await
        .answered()
        .assert_scim_error(408, None);
    send_pieces(raw::addr(&s), slow_headers("/scim/v1/Users"))
        .await
        .answered()
        .assert_v1_error(408);
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed_after_the_header_timeout() {
    let s = server().await;
    let silent = vec![Piece {
        after: Duration::ZERO,
        bytes: Vec::new(),
    }];
    match send_pieces(raw::addr(&s), silent).await {
        Outcome::Closed => {}
        Outcome::Answered(r) => {
            r.assert_scim_error(408, None);
        }
    }
}

#[tokio::test]
async fn a_keep_alive_connection_idle_after_a_request_is_closed_after_the_header_timeout() {
    let s = server().await;
    let mut requests = b"GET /scim/v2/Users HTTP/1.1\r\nHost: test\r\n\r\n".to_vec();
    // The second request never completes its head. `send_pieces` stops at the first answer, so
    // this test reads the connection to its end itself.
    requests.extend_from_slice(b"GET /scim/v2/Us");
    let mut stream = TcpStream::connect(raw::addr(&s)).await.expect("connect");
    stream.write_all(&requests).await.expect("write");
    let mut all = Vec::new();
    let read = tokio::time::timeout(raw::PATIENCE, stream.read_to_end(&mut all)).await;
    assert!(
        read.is_ok(),
        "the connection stayed open {:?} after an incomplete second head",
        raw::PATIENCE
    );
    let text = String::from_utf8_lossy(&all);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_normal_client_is_served_while_slow_clients_hold_connections() {
    let s = server().await;
    let addr = raw::addr(&s);
    let mut slow = Vec::new();
    for i in 0..24 {
        let pieces = if i % 2 == 0 {
            slowloris("/scim/v2/Users")
        } else {
            // A body that lies about its length, then silence.
            vec![Piece {
                after: Duration::ZERO,
                bytes: head("POST", "/scim/v2/Users", &[("Content-Length", "1000")]),
            }]
        };
        slow.push(tokio::spawn(raw::send_pieces(addr, pieces)));
    }
    // Let them connect and start dawdling.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let created = tokio::time::timeout(PATIENCE_FOR_OTHERS, s.create_user("meanwhile@x.io"))
        .await
        .expect("a normal POST is served while slow clients are connected");
    let listed = tokio::time::timeout(PATIENCE_FOR_OTHERS, s.get("/Users"))
        .await
        .expect("a normal GET is served while slow clients are connected");
    listed.assert_status(200);
    assert_eq!(listed.body["totalResults"], 1, "{created}");
    for task in slow {
        match task.await.expect("slow client task") {
            Outcome::Answered(r) => assert_eq!(r.status, 408, "{r:?}"),
            Outcome::Closed => {}
        }
    }
}
