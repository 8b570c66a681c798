//! `scimulate serve` as a process: the base URL on the first stdout line (the SCIM 1.1 one on the
//! second), the no-credentials warning, one access-log line per request, and a clean exit on
//! SIGTERM.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::{Child, ChildStdout, Command};

struct Serve {
    child: Child,
    stdout: BufReader<ChildStdout>,
    base: String,
}

async fn serve(args: &[&str]) -> Serve {
    let mut child = Command::new(env!("CARGO_BIN_EXE_scimulate"))
        .arg("serve")
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .env_remove("SCIMULATE_SERVE_BEARER")
        .env_remove("SCIMULATE_SERVE_BASIC")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn scimulate serve");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    tokio::time::timeout(Duration::from_secs(30), stdout.read_line(&mut first))
        .await
        .expect("base URL within 30s")
        .expect("read stdout");
    Serve {
        child,
        stdout,
        base: first.trim_end().to_string(),
    }
}

impl Serve {
    /// Sends SIGTERM, waits, and returns (exit code, rest of stdout, all of stderr).
    async fn stop(mut self) -> (Option<i32>, String, String) {
        let pid = self.child.id().expect("pid").to_string();
        let killed = std::process::Command::new("kill")
            .arg("-TERM")
            .arg(&pid)
            .status()
            .expect("kill");
        assert!(killed.success());
        let status = tokio::time::timeout(Duration::from_secs(10), self.child.wait())
            .await
            .expect("exits within 10s after SIGTERM")
            .expect("wait");
        let mut rest = String::new();
        self.stdout.read_to_string(&mut rest).await.expect("stdout");
        let mut err = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            e.read_to_string(&mut err).await.expect("stderr");
        }
        (status.code(), rest, err)
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

fn is_log_line(line: &str, method: &str, path: &str, status: u16) -> bool {
    let parts: Vec<&str> = line.split(' ').collect();
    parts.len() == 4
        && parts[0] == method
        && parts[1] == path
        && parts[2] == status.to_string()
        && parts[3].strip_suffix("ms").is_some_and(|ms| {
            ms.parse::<f64>().is_ok() && ms.split('.').nth(1).is_some_and(|d| d.len() == 2)
        })
}

#[tokio::test]
async fn serve_prints_the_base_url_logs_requests_and_stops_on_sigterm() {
    let s = serve(&[]).await;
    assert!(s.base.starts_with("http://127.0.0.1:"), "{}", s.base);
    assert!(s.base.ends_with("/scim/v2"), "{}", s.base);
    assert!(
        !s.base.contains(":0/"),
        "the real port is printed: {}",
        s.base
    );
    let c = client();
    let r = c.get(format!("{}/Users", s.base)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let r = c
        .get(format!("{}/Users/nope", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = c
        .post(format!("{}/Users", s.base))
        .body(r#"{"userName":"cli"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let v1_base = s.base.replace("/scim/v2", "/scim/v1");
    let (code, out, err) = s.stop().await;
    assert_eq!(code, Some(0), "stderr: {err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.first(),
        Some(&v1_base.as_str()),
        "the SCIM 1.1 base URL on the second line: {out}"
    );
    assert!(
        lines
            .iter()
            .any(|l| is_log_line(l, "GET", "/scim/v2/Users", 200)),
        "{out}"
    );
    assert!(
        lines
            .iter()
            .any(|l| is_log_line(l, "GET", "/scim/v2/Users/nope", 404)),
        "{out}"
    );
    assert!(
        lines
            .iter()
            .any(|l| is_log_line(l, "POST", "/scim/v2/Users", 201)),
        "{out}"
    );
    assert_eq!(
        lines.iter().filter(|l| l.contains("/scim/v2/")).count(),
        3,
        "one line per request: {out}"
    );
    assert!(
        err.to_lowercase().contains("warning"),
        "no-credentials warning expected: {err}"
    );
}

#[tokio::test]
async fn serve_with_bearer_requires_it_and_does_not_warn() {
    let s = serve(&["--bearer", "tok-123"]).await;
    let c = client();
    let r = c.get(format!("{}/Users", s.base)).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.headers().get("www-authenticate").is_some());
    let r = c
        .get(format!("{}/Users", s.base))
        .bearer_auth("tok-123")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = c
        .get(format!("{}/Users", s.base))
        .header("Authorization", "tok-123")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "raw token (Okta header auth)");
    let (code, out, err) = s.stop().await;
    assert_eq!(code, Some(0));
    assert!(!err.to_lowercase().contains("warning"), "{err}");
    assert!(
        out.lines()
            .any(|l| is_log_line(l, "GET", "/scim/v2/Users", 401)),
        "{out}"
    );
}

#[tokio::test]
async fn serve_with_basic_and_quiet_logs_nothing() {
    let s = serve(&["--basic", "admin:pw", "--quiet"]).await;
    let c = client();
    let r = c
        .get(format!("{}/Users", s.base))
        .basic_auth("admin", Some("pw"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = c
        .get(format!("{}/Users", s.base))
        .basic_auth("admin", Some("no"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let (code, out, err) = s.stop().await;
    assert_eq!(code, Some(0));
    assert!(
        !out.contains("/scim/v2/Users"),
        "--quiet must not log: {out}"
    );
    assert!(!err.to_lowercase().contains("warning"), "{err}");
}

#[tokio::test]
async fn serve_rejects_a_malformed_basic_pair() {
    let out = Command::new(env!("CARGO_BIN_EXE_scimulate"))
        .args(["serve", "--listen", "127.0.0.1:0", "--basic", "no-colon"])
        .env_remove("SCIMULATE_SERVE_BEARER")
        .env_remove("SCIMULATE_SERVE_BASIC")
        .output()
        .await
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("USER:PASSWORD"), "{err}");
}

#[tokio::test]
async fn serve_uses_the_public_url_for_locations() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen = format!("127.0.0.1:{port}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_scimulate"))
        .args([
            "serve",
            "--listen",
            &listen,
            "--public-url",
            "https://scim.example.test/",
            "--quiet",
        ])
        .env_remove("SCIMULATE_SERVE_BEARER")
        .env_remove("SCIMULATE_SERVE_BASIC")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    tokio::time::timeout(Duration::from_secs(30), stdout.read_line(&mut first))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.trim_end(), "https://scim.example.test/scim/v2");
    let r = client()
        .post(format!("http://{listen}/scim/v2/Users"))
        .body(r#"{"userName":"pub"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert!(
        location.starts_with("https://scim.example.test/scim/v2/Users/"),
        "{location}"
    );
    let s = Serve {
        child,
        stdout,
        base: String::new(),
    };
    let (code, _, _) = s.stop().await;
    assert_eq!(code, Some(0));
}

#[tokio::test]
async fn serve_fails_cleanly_when_the_port_is_taken() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = tokio::time::timeout(
        Duration::from_secs(30),
        Command::new(env!("CARGO_BIN_EXE_scimulate"))
            .args(["serve", "--listen", &addr])
            .env_remove("SCIMULATE_SERVE_BEARER")
            .env_remove("SCIMULATE_SERVE_BASIC")
            .output(),
    )
    .await
    .expect("exits promptly")
    .expect("run");
    assert_eq!(
        out.status.code(),
        Some(3),
        "README: 3 = runtime error such as a taken port"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot listen"), "{err}");
    drop(taken);
}

#[tokio::test]
async fn serve_reads_credentials_from_the_environment() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_scimulate"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("SCIMULATE_SERVE_BEARER", "env-token")
        .env_remove("SCIMULATE_SERVE_BASIC")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    tokio::time::timeout(Duration::from_secs(30), stdout.read_line(&mut first))
        .await
        .unwrap()
        .unwrap();
    let base = first.trim_end().to_string();
    let c = client();
    let r = c.get(format!("{base}/Users")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let r = c
        .get(format!("{base}/Users"))
        .bearer_auth("env-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (code, _, err) = Serve {
        child,
        stdout,
        base,
    }
    .stop()
    .await;
    assert_eq!(code, Some(0));
    assert!(!err.to_lowercase().contains("warning"), "{err}");
}

/// The `host:port` of a served base URL.
fn addr_of(base: &str) -> String {
    base.trim_start_matches("http://")
        .split('/')
        .next()
        .expect("host:port")
        .to_string()
}

/// Writes `bytes` on a fresh connection (kept open) and returns what comes back until the server
/// closes, failing if that takes more than 10 s.
async fn exchange_raw(addr: &str, bytes: &[u8]) -> String {
    use tokio::io::AsyncWriteExt;
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.write_all(bytes).await.expect("write");
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer))
        .await
        .expect("the server answers or closes within 10 s");
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn serve_read_timeouts_come_from_the_flags() {
    let s = serve(&["--header-timeout-ms", "300", "--body-timeout-ms", "300"]).await;
    let addr = addr_of(&s.base);
    // A head that stops before its blank line.
    let late_head = exchange_raw(&addr, b"GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\n").await;
    assert!(late_head.starts_with("HTTP/1.1 408 "), "{late_head}");
    assert!(late_head.contains("application/scim+json"), "{late_head}");
    // A body shorter than its Content-Length.
    let late_body = exchange_raw(
        &addr,
        b"POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{\"userName\"",
    )
    .await;
    assert!(late_body.starts_with("HTTP/1.1 408 "), "{late_body}");
    assert!(late_body.contains(r#""status":"408""#), "{late_body}");
    let (code, out, err) = s.stop().await;
    assert_eq!(code, Some(0), "{err}");
    // Both are logged, the refused head too.
    for method in ["GET", "POST"] {
        assert!(
            out.lines()
                .any(|l| is_log_line(l, method, "/scim/v2/Users", 408)),
            "{out}"
        );
    }
}

#[tokio::test]
async fn serve_rejects_a_zero_timeout() {
    let out = Command::new(env!("CARGO_BIN_EXE_scimulate"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--header-timeout-ms",
            "0",
        ])
        .output()
        .await
        .expect("run");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

#[tokio::test]
async fn serve_stops_on_sigterm_while_a_client_is_sending_its_head_slowly() {
    // A header timeout far longer than the 10 s `stop` waits: the stop must not wait for it.
    let s = serve(&["--quiet", "--header-timeout-ms", "600000"]).await;
    let mut slow = tokio::net::TcpStream::connect(addr_of(&s.base))
        .await
        .expect("connect");
    tokio::io::AsyncWriteExt::write_all(&mut slow, b"GET /scim/v2/Us")
        .await
        .expect("write");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (code, _, err) = s.stop().await;
    assert_eq!(code, Some(0), "{err}");
}
