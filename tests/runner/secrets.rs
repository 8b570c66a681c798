//! Secrets: the credentials of a run are sent, but never recorded or printed.

use scimulate::runner::exchange::REDACTED;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer};

use crate::common::{self, Ran, scimulate};
use crate::mock::{self, Misbehaviour};
use crate::support::{run, scenario};

const SECRET: &str = "s3cr3t-XYZ";

fn run_with_secret(base: &str, filter: &str) -> Ran {
    scimulate(&[
        "run",
        "--scenarios",
        "tests/runner/cases/mock/scenarios",
        "--fixtures",
        "tests/runner/cases/mock/fixtures",
        "--target",
        base,
        "--bearer",
        SECRET,
        filter,
    ])
}

#[test]
fn the_bearer_token_never_appears_in_the_output_of_a_failing_run() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (server, base) = runtime.block_on(mock::start(Misbehaviour::WrongValue));
    let ran = run_with_secret(&base, "user_body");
    ran.assert_code(1);
    assert!(
        ran.stdout.contains("step 2 \"read jane\" failed at"),
        "{}",
        ran.stdout
    );
    assert!(!ran.all().contains(SECRET), "{}", ran.all());
    // The token was really sent, so its absence from the output means something.
    let requests = runtime.block_on(server.received_requests()).unwrap();
    assert!(!requests.is_empty());
    for r in requests {
        assert_eq!(
            r.headers["authorization"],
            format!("Bearer {SECRET}").as_str()
        );
    }
}

#[tokio::test]
async fn the_recorded_authorization_is_redacted() {
    let (server, base) = mock::start(Misbehaviour::WrongValue).await;
    let target = common::target(
        &base,
        &format!("Bearer {SECRET}"),
        std::time::Duration::from_secs(10),
    );
    let outcome = run(&scenario("mock", "user_body"), &target).await;
    let exchanges: Vec<_> = outcome.steps.iter().flat_map(|s| &s.exchanges).collect();
    assert_eq!(exchanges.len(), 2);
    for exchange in exchanges {
        let auth: Vec<&str> = exchange
            .request
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("authorization"))
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(auth, [REDACTED]);
        assert!(!format!("{exchange:?}").contains(SECRET));
    }
    assert!(!format!("{outcome:?}").contains(SECRET));
    let sent = server.received_requests().await.unwrap();
    assert_eq!(
        sent[0].headers["authorization"],
        format!("Bearer {SECRET}").as_str()
    );
}

/// A target that echoes the token back in its error (some do, in `detail`): the harness prints
/// the server's detail, and with it the secret.
#[test]
fn a_token_echoed_by_the_target_is_not_printed() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(MockServer::start());
    let detail = format!("invalid bearer token {SECRET}");
    runtime.block_on(
        Mock::given(any())
            .respond_with(mock::scim(401, &mock::scim_error(401, &detail)))
            .mount(&server),
    );
    let ran = run_with_secret(&format!("{}/scim/v2", server.uri()), "status");
    // Every request refused: the credentials, not the target, are at fault (exit 3).
    ran.assert_code(3);
    assert!(
        ran.stdout.contains("did not accept the credentials"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains("status: expected 200, actual 401"),
        "{}",
        ran.stdout
    );
    assert!(!ran.all().contains(SECRET), "{}", ran.all());
}

/// Issue 5: with distinctive secrets in every credential form and in a password field, none of
/// them appears in any report file or in the terminal output of a failing run.
#[test]
fn no_secret_reaches_any_report_or_the_terminal() {
    use base64::Engine;
    const PASSWORD: &str = "pw-DISTINCT-7788";
    let basic_pair = "admin@example.com:bpw-DISTINCT-9911";
    let forms: [(&str, String, Vec<String>); 3] = [
        (
            "--bearer",
            "tok-DISTINCT-4455".into(),
            vec!["tok-DISTINCT-4455".into()],
        ),
        (
            "--basic",
            basic_pair.into(),
            vec![
                "bpw-DISTINCT-9911".into(),
                base64::engine::general_purpose::STANDARD.encode(basic_pair),
            ],
        ),
        (
            "--auth-header",
            "Bearer raw-DISTINCT-3322".into(),
            vec!["raw-DISTINCT-3322".into()],
        ),
    ];
    for (flag, value, secrets) in forms {
        let dir = common::temp_dir("runner-secrets");
        let report = |name: &str| dir.path().join(name).display().to_string();
        let (junit, html, json) = (
            report("junit.xml"),
            report("report.html"),
            report("report.json"),
        );
        let ran = scimulate(&[
            "run",
            "--scenarios",
            "tests/runner/cases/secrets/scenarios",
            "--fixtures",
            "tests/runner/cases/secrets/fixtures",
            flag,
            &value,
            "--junit",
            &junit,
            "--html",
            &html,
            "--json",
            &json,
        ]);
        // The run really used the credential (the bundled server accepts only it) and failed
        // where it should, so the reports hold exchanges and a failure.
        ran.assert_code(1);
        assert!(
            ran.stdout.contains("read ann back and fail on purpose"),
            "{}",
            ran.all()
        );
        let mut texts = vec![("terminal".to_string(), ran.all())];
        for file in [&junit, &html, &json] {
            let text = std::fs::read_to_string(file).expect("report written");
            assert!(text.contains("read ann back and fail on purpose"), "{file}");
            texts.push((file.to_string(), text));
        }
        for (name, text) in &texts {
            for secret in secrets.iter().map(String::as_str).chain([PASSWORD]) {
                assert!(
                    !text.contains(secret),
                    "{flag}: `{secret}` leaked into {name}"
                );
            }
        }
        assert!(
            texts[3].1.contains(REDACTED),
            "the JSON report shows what was hidden"
        );
    }
}
