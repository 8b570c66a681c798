//! The report in a real browser: Debian's headless Chromium loads it from a `file://` URL, with
//! networking features off. `--dump-dom` shows what the browser built (the diff inside an open
//! `<details>`); `--screenshot` shows it paints. Without Chromium the tests skip loudly, except
//! on CI (`CI=true`), which installs it: there a missing browser is a failure, not a pass.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use scimulate::report::html::html;

use crate::common::temp_dir;
use crate::support::{FAILING, FAILING_STEP, bundled_run, element, is_open, step_anchor};

const CHROMIUM: &str = "/usr/bin/chromium";

/// One browser at a time: they are heavy and the machine may have two cores.
static BROWSER: Mutex<()> = Mutex::new(());

/// The browser, or `None` after saying loudly that the test did not run.
fn chromium() -> Option<PathBuf> {
    let path = Path::new(CHROMIUM);
    if path.exists() {
        return Some(path.to_path_buf());
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{CHROMIUM} is missing on CI: install it (apt-get install chromium)");
    }
    // Straight to the process's stderr: libtest captures `eprintln!` of passing tests, and a skip
    // nobody sees would read as a pass.
    let _ = std::io::stderr().write_all(
        "\n*** SKIPPED: chromium not installed (apt-get install chromium) — this test did not run ***\n\n"
            .as_bytes(),
    );
    None
}

/// Runs headless Chromium with `args` and a fresh profile; returns stdout. Killed after a minute.
fn run_chromium(browser: &Path, args: &[String], work: &Path) -> String {
    let profile = work.join("profile");
    std::fs::create_dir_all(&profile).unwrap();
    let out_path = work.join("stdout.txt");
    let err_path = work.join("stderr.txt");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("chromium starts");
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish within a minute:\n{}",
                std::fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    assert!(status.success(), "chromium failed ({status}):\n{stderr}");
    std::fs::read_to_string(&out_path).unwrap()
}

/// A report of the `cases/` run (one failing scenario) written to `work/report.html`.
async fn report_file(work: &Path) -> (String, PathBuf) {
    let page = html(&bundled_run().await);
    let file = work.join("report.html");
    std::fs::write(&file, &page).unwrap();
    (page, file)
}

#[tokio::test]
async fn chromium_shows_the_diff_inside_an_open_details() {
    let Some(browser) = chromium() else { return };
    let run = bundled_run().await;
    let diff = run
        .scenarios
        .iter()
        .find(|s| s.id == FAILING)
        .unwrap()
        .steps[FAILING_STEP - 1]
        .failures
        .iter()
        .find_map(|f| f.diff.as_ref().map(ToString::to_string))
        .expect("the failing step has a diff");
    let work = temp_dir("html-dom");
    let page = html(&run);
    let file = work.path().join("report.html");
    std::fs::write(&file, &page).unwrap();
    let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let dom = run_chromium(
        &browser,
        &["--dump-dom".into(), format!("file://{}", file.display())],
        work.path(),
    );
    assert!(dom.contains("<details"), "not the report:\n{dom}");
    let anchor = step_anchor(&page, FAILING, FAILING_STEP);
    let failing = element(&dom, &anchor);
    assert!(is_open(failing), "the browser has the failing step closed");
    // Text as the browser serializes it: only `&`, `<`, `>` are escaped.
    let text = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| {
            (l.starts_with('-') || l.starts_with('+'))
                && !l.starts_with("---")
                && !l.starts_with("+++")
        })
        .collect();
    assert!(!changed.is_empty());
    for line in changed {
        let class = if line.starts_with('-') {
            "d-del"
        } else {
            "d-ins"
        };
        let want = format!("<div class=\"dl {class}\">{}</div>", text(line));
        assert!(
            failing.contains(&want),
            "{want} not in the open step:\n{failing}"
        );
    }
    // The echoed script element is text in the browser's DOM too: no script ever ran or parsed.
    assert!(!dom.contains("<script"), "a script element in the DOM");
}

#[tokio::test]
async fn chromium_paints_the_report() {
    let Some(browser) = chromium() else { return };
    let work = temp_dir("html-png");
    let (_, file) = report_file(work.path()).await;
    let png = work.path().join("report.png");
    let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    run_chromium(
        &browser,
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1280,2000".into(),
            "--hide-scrollbars".into(),
            format!("file://{}", file.display()),
        ],
        work.path(),
    );
    let bytes = std::fs::read(&png).expect("chromium wrote the screenshot");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!((width, height), (1280, 2000));
    // A blank 1280×2000 page compresses to a few KB; a painted report does not.
    assert!(
        bytes.len() > 30_000,
        "screenshot of {} bytes: blank?",
        bytes.len()
    );
    // For a person to look at: SCIMULATE_REPORT_PNG=/tmp/scimulate-report.png cargo test --test html
    if let Ok(keep) = std::env::var("SCIMULATE_REPORT_PNG") {
        std::fs::copy(&png, &keep).expect("copy the screenshot");
        let page = Path::new(&keep).with_extension("html");
        std::fs::copy(&file, &page).expect("copy the report");
        eprintln!("screenshot saved to {keep}, its page to {}", page.display());
    }
}
