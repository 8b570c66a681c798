//! The line format and the buffered sink: every line arrives, in order, by the time `flush`
//! returns, and a failing stdout is harmless.

use std::io::{self, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::Method;

use super::line;
use super::sink::{FLUSH_INTERVAL, MAX_PENDING, Sink};

/// A writer whose bytes the test can read back.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Shared {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

/// A stdout whose reader went away.
struct Closed;

impl Write for Closed {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::ErrorKind::BrokenPipe.into())
    }
    fn flush(&mut self) -> io::Result<()> {
        Err(io::ErrorKind::BrokenPipe.into())
    }
}

fn formatted(status: u16, took: Duration) -> String {
    let mut buf = Vec::new();
    line(
        &mut buf,
        &Method::GET,
        "/scim/v2/Users?count=1",
        status,
        took,
    );
    String::from_utf8(buf).unwrap()
}

#[test]
fn a_line_is_method_target_status_and_milliseconds_with_two_decimals() {
    assert_eq!(
        formatted(200, Duration::from_micros(123)),
        "GET /scim/v2/Users?count=1 200 0.12ms\n"
    );
    assert_eq!(
        formatted(404, Duration::from_micros(1_235)),
        "GET /scim/v2/Users?count=1 404 1.24ms\n"
    );
    assert_eq!(
        formatted(201, Duration::from_millis(2_500)),
        "GET /scim/v2/Users?count=1 201 2500.00ms\n"
    );
    assert_eq!(
        formatted(500, Duration::ZERO),
        "GET /scim/v2/Users?count=1 500 0.00ms\n"
    );
}

#[test]
fn every_line_is_written_in_order_by_the_time_flush_returns() {
    let out = Shared::default();
    let sink = Sink::start(Box::new(out.clone()));
    for i in 0..10_000 {
        sink.append(|buf| line(buf, &Method::GET, &format!("/u/{i}"), 200, Duration::ZERO));
    }
    sink.flush();
    let text = out.text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 10_000);
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(*l, format!("GET /u/{i} 200 0.00ms"));
    }
}

#[test]
fn a_lone_line_reaches_stdout_within_the_interval_without_a_flush() {
    let out = Shared::default();
    let sink = Sink::start(Box::new(out.clone()));
    sink.append(|buf| buf.extend_from_slice(b"one\n"));
    let deadline = std::time::Instant::now() + FLUSH_INTERVAL * 50;
    while out.text().is_empty() {
        assert!(std::time::Instant::now() < deadline, "the line never came");
        std::thread::sleep(FLUSH_INTERVAL / 4);
    }
    assert_eq!(out.text(), "one\n");
}

#[test]
fn more_than_the_bound_from_many_threads_all_arrives() {
    let out = Shared::default();
    let sink = Sink::start(Box::new(out.clone()));
    let line_len = 100;
    let per_thread = 2 * MAX_PENDING / line_len;
    std::thread::scope(|s| {
        for t in 0..4 {
            let sink = &sink;
            s.spawn(move || {
                for _ in 0..per_thread {
                    sink.append(|buf| {
                        buf.extend(std::iter::repeat_n(b'a' + t, line_len - 1));
                        buf.push(b'\n');
                    });
                }
            });
        }
    });
    sink.flush();
    assert_eq!(out.text().lines().count(), 4 * per_thread);
}

#[test]
fn a_closed_stdout_drops_lines_and_neither_blocks_nor_panics() {
    let sink = Sink::start(Box::new(Closed));
    for _ in 0..(2 * MAX_PENDING / 20) {
        sink.append(|buf| buf.extend_from_slice(b"GET / 200 0.00ms\n\n\n"));
    }
    sink.flush();
    sink.append(|buf| buf.extend_from_slice(b"still alive\n"));
    sink.flush();
}
