//! The harness against a target that dies mid-run (`cases/dying`, one scenario at a time, in id
//! order, through [`Proxy`]): the run finishes, exits 1, the step that needed the dead target
//! fails saying why (connection refused, timeout) and where (the URL), the later scenarios
//! still run and fail fast, what could not be deleted is listed, and every report is written.

use std::path::Path;

use scimulate::report::json::JsonReport;
use scimulate::server::schema::ResourceKind;

use crate::common::{Ran, scimulate, temp_dir};
use crate::proxy::{Fate, Proxy};
use crate::support::case_dir;

/// The run of `cases/dying` against `base_url`, one scenario at a time, with every report.
pub async fn run_dying(base_url: &str, reports: &Path, extra: &[&str]) -> Ran {
    let args = dying_args(base_url, reports, extra);
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        scimulate(&args)
    })
    .await
    .unwrap()
}

/// The arguments of `scimulate` for [`run_dying`]: reports `junit.xml`, `report.html` and
/// `report.json` in `reports`.
pub fn dying_args(base_url: &str, reports: &Path, extra: &[&str]) -> Vec<String> {
    let dir = case_dir("dying");
    let mut args: Vec<String> = [
        "run",
        "--scenarios",
        dir.join("scenarios").to_str().unwrap(),
        "--fixtures",
        dir.join("fixtures").to_str().unwrap(),
        "--target",
        base_url,
        "--bearer",
        "t",
        "--test-threads",
        "1",
        "--seed",
        "7",
    ]
    .map(str::to_string)
    .to_vec();
    for (flag, file) in [
        ("--junit", "junit.xml"),
        ("--html", "report.html"),
        ("--json", "report.json"),
    ] {
        args.push(flag.into());
        args.push(reports.join(file).to_string_lossy().into_owned());
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

/// The three reports of a run in `dir`: each exists and parses (the JSON into its documented
/// type, the JUnit as XML a CI reads, the HTML as a complete page).
pub fn reports(dir: &Path) -> (JsonReport, String, String) {
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let json: JsonReport = serde_json::from_str(&read("report.json")).expect("the JSON parses");
    let junit = read("junit.xml");
    assert!(junit.starts_with("<?xml"), "{junit}");
    assert!(junit.trim_end().ends_with("</testsuites>"), "{junit}");
    let html = read("report.html");
    assert!(html.trim_end().ends_with("</html>"), "{html}");
    (json, junit, html)
}

/// The report's one left-behind resource, which must be the user `id` (`user_name`) at `url`.
pub fn the_user_left_behind<'r>(
    report: &'r JsonReport,
    id: &str,
    user_name: &str,
    url: &str,
) -> &'r scimulate::report::json::JsonLeftBehind {
    assert_eq!(report.left_behind.len(), 1, "{:#?}", report.left_behind);
    let left = &report.left_behind[0];
    assert_eq!(
        (
            left.resource_type.as_str(),
            left.id.as_str(),
            left.url.as_str()
        ),
        ("User", id, url)
    );
    assert_eq!(left.name.as_deref(), Some(user_name));
    left
}

pub fn scenario<'r>(report: &'r JsonReport, id: &str) -> &'r scimulate::report::json::JsonScenario {
    report
        .scenarios
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no {id} in the report"))
}

/// `(status, first failure message)` of each step of scenario `id`.
fn steps(report: &JsonReport, id: &str) -> Vec<(String, String)> {
    scenario(report, id)
        .steps
        .iter()
        .map(|s| {
            let message = s.failures.first().map(|f| f.message.clone());
            (s.status.clone(), message.unwrap_or_default())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_that_dies_mid_run_fails_the_steps_after_with_connection_refused() {
    // Alice's create and read are answered; then the target is gone.
    let proxy = Proxy::start(Fate::DiesAfter(2)).await;
    let out = temp_dir("runner-dying-refused");
    let ran = run_dying(&proxy.base_url, out.path(), &[]).await;
    ran.assert_code(1);

    // Every scenario ran and has its result line: the later ones failed fast.
    assert_eq!(
        ran.ids_run(),
        ["a_create_and_read", "b_list", "c_create", "d_discovery"]
    );
    for id in ["a_create_and_read", "b_list", "c_create", "d_discovery"] {
        assert_eq!(ran.result_of(id), "FAILED", "{id}");
    }
    let (json, junit, html) = reports(out.path());
    let refused = |message: &str| {
        message.starts_with("cannot connect to the target: ")
            && message.contains("Connection refused")
    };
    let a = steps(&json, "a_create_and_read");
    assert_eq!(a[0].0, "passed");
    assert_eq!(a[1].0, "passed");
    assert_eq!(a[2].0, "failed");
    assert!(refused(&a[2].1), "{a:?}");
    for id in ["b_list", "c_create", "d_discovery"] {
        let s = steps(&json, id);
        assert_eq!(s[0].0, "failed", "{id}");
        assert!(refused(&s[0].1), "{id}: {s:?}");
    }
    // The terminal names the step, the error and the URL it was sent to.
    let lookup = format!("GET {}/Users?filter=userName%20eq%20", proxy.base_url);
    assert!(
        ran.stdout
            .contains("step 3 \"look alice up by userName\" failed at "),
        "{}",
        ran.stdout
    );
    assert!(ran.stdout.contains(&lookup), "{}", ran.stdout);
    assert!(
        ran.stdout.contains(&format!(
            "GET {}/ServiceProviderConfig -> cannot connect to the target",
            proxy.base_url
        )),
        "{}",
        ran.stdout
    );

    // Alice could not be deleted: she is listed, with her id, userName and URL.
    let alice = proxy.server.store.snapshot(ResourceKind::User);
    assert_eq!(alice.len(), 1, "the target kept alice");
    let id = alice[0].id.to_string();
    let user_name = alice[0].name.clone();
    let url = format!("{}/Users/{id}", proxy.base_url);
    let left = the_user_left_behind(&json, &id, &user_name, &url);
    assert!(refused(&left.reason), "{left:?}");
    assert!(
        ran.stdout
            .contains(&format!("left behind: User {id} ({user_name}) {url}")),
        "{}",
        ran.stdout
    );
    let escaped = minijinja::HtmlEscape(&url).to_string();
    assert!(html.contains(&escaped) && html.contains("Left behind on the target"));
    assert_eq!(json.summary.failed, 4);
    assert!(junit.contains("failures=\"4\""), "{junit}");
    // Nothing more reached the dead target.
    assert_eq!(proxy.seen().len(), 2, "{:?}", proxy.seen());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_that_stops_answering_times_out_three_times_then_later_requests_fail_fast() {
    let proxy = Proxy::start(Fate::FallsSilentAfter(2)).await;
    let out = temp_dir("runner-dying-silent");
    let ran = run_dying(&proxy.base_url, out.path(), &["--timeout", "0.5"]).await;
    ran.assert_code(1);
    let (json, _junit, _html) = reports(out.path());

    // The third step of a times out (1), so does alice's cleanup delete (2) and b's list (3):
    // the target is then declared unresponsive.
    let timeout = "no response within 0.5s (timeout)";
    let a = steps(&json, "a_create_and_read");
    assert_eq!((a[2].0.as_str(), a[2].1.as_str()), ("failed", timeout));
    let cleanup = &scenario(&json, "a_create_and_read").cleanup;
    assert_eq!(cleanup[0].error.as_deref(), Some(timeout));
    assert_eq!(steps(&json, "b_list")[0].1, timeout);
    // c and d are not sent, and say since when and why.
    let lookup = format!("GET {}/Users?filter=userName%20eq%20", proxy.base_url);
    for id in ["c_create", "d_discovery"] {
        let s = steps(&json, id);
        let message = &s[0].1;
        assert!(
            message.starts_with(
                "not sent: the target stopped answering: 3 requests in a row timed out, \
                 the first "
            ),
            "{id}: {message}"
        );
        assert!(
            message.contains(&lookup)
                && message.contains("(step \"look alice up by userName\" of a_create_and_read)")
                && message.ends_with(timeout),
            "{id}: {message}"
        );
        assert!(scenario(&json, id).steps[0].exchanges.is_empty());
    }
    // Four requests answered or hung (POST, GET, GET, DELETE) plus b's list; c and d sent none.
    assert_eq!(proxy.seen().len(), 5, "{:?}", proxy.seen());
    assert_eq!(json.left_behind.len(), 1);
    assert_eq!(json.left_behind[0].reason, timeout);
}
