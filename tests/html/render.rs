//! The rendered page, read as text: what is open, what is coloured, what is escaped, what is
//! fetched (nothing), and how it scales.

use std::time::{Duration, Instant};

use minijinja::HtmlEscape;
use scimulate::report::html::{MAX_BODY_BYTES, html};
use scimulate::runner::outcome::{ExchangeRecord, FailureKind, RunOutcome, Verdict};

use crate::support::{
    FAILING, FAILING_STEP, bundled_run, element, failure, info, is_open, many, opening_tag,
    request, response, scenario, step, step_anchor,
};

fn esc(s: &str) -> String {
    HtmlEscape(s).to_string()
}

/// The diff of the deliberately failing step, as the runner produced it.
fn failing_diff(run: &RunOutcome) -> String {
    let s = run.scenarios.iter().find(|s| s.id == FAILING).unwrap();
    assert_eq!(s.verdict, Verdict::Failed);
    let step = &s.steps[FAILING_STEP - 1];
    step.failures
        .iter()
        .find_map(|f| f.diff.as_ref().map(ToString::to_string))
        .unwrap_or_else(|| panic!("no diff in {:#?}", step.failures))
}

#[tokio::test]
async fn the_failing_step_is_open_with_its_coloured_diff_and_exchange() {
    let run = bundled_run().await;
    let page = html(&run);
    let diff = failing_diff(&run);
    let anchor = step_anchor(&page, FAILING, FAILING_STEP);
    let failing = element(&page, &anchor);
    assert!(is_open(failing), "{}", opening_tag(failing));
    assert!(opening_tag(failing).contains("st-failed"));
    // Every diff line is its own element, classed by kind; there are deletions and insertions.
    let (mut del, mut ins) = (0, 0);
    for line in diff.lines() {
        let class = match line {
            l if l.starts_with("---") || l.starts_with("+++") => "d-hdr",
            l if l.starts_with("@@") => "d-hunk",
            l if l.starts_with('-') => {
                del += 1;
                "d-del"
            }
            l if l.starts_with('+') => {
                ins += 1;
                "d-ins"
            }
            _ => "d-ctx",
        };
        let want = format!("<div class=\"dl {class}\">{}</div>", esc(line));
        assert!(failing.contains(&want), "missing {want}\nin\n{failing}");
    }
    assert!(del > 0 && ins > 0, "a real diff has both sides:\n{diff}");
    // The failing exchange is open, with method, URL, headers and pretty-printed bodies.
    let exchange_at = failing
        .find("<details class=\"exchange\" open>")
        .expect("open exchange");
    let exchange = &failing[exchange_at..];
    assert!(exchange.contains("<b class=\"method\">GET</b>"));
    assert!(
        exchange.contains("Authorization</span>: [redacted]"),
        "{exchange}"
    );
    assert!(exchange.contains("JSON body"));
    assert!(
        exchange.contains(&esc("\n  \"active\": true")),
        "pretty JSON:\n{exchange}"
    );
    assert!(exchange.contains("<span class=\"status ok\">200</span>"));
    // The scenario itself is open and comes before every passed one.
    let scenario_tag = &page[..page.find(&format!("id=\"{anchor}\"")).unwrap()];
    let scenario_tag = &scenario_tag[scenario_tag.rfind("<details class=\"scenario").unwrap()..];
    assert!(is_open(scenario_tag), "{}", opening_tag(scenario_tag));
    assert!(page.find("id=\"failed\"").unwrap() < page.find("id=\"passed\"").unwrap());
}

#[tokio::test]
async fn passing_steps_and_scenarios_are_folded_and_steps_not_run_say_so() {
    let run = bundled_run().await;
    let page = html(&run);
    for s in &run.scenarios {
        for (i, st) in s.steps.iter().enumerate() {
            let anchor = step_anchor(&page, &s.id, i + 1);
            let el = element(&page, &anchor);
            if st.passed() {
                assert!(!is_open(el), "passing step open: {}", opening_tag(el));
                assert!(opening_tag(el).contains("st-passed"));
            }
            if st.skipped {
                assert!(opening_tag(el).starts_with("<div class=\"step st-not-run\""));
                assert!(el.contains(">not run<"), "{el}");
            }
        }
    }
    let passed = run
        .scenarios
        .iter()
        .find(|s| s.verdict == Verdict::Passed)
        .unwrap();
    let anchor = step_anchor(&page, &passed.id, 1);
    let scenario_anchor = anchor.trim_end_matches("-1");
    assert!(!is_open(element(&page, scenario_anchor)));
}

#[tokio::test]
async fn outcome_text_is_never_markup() {
    let run = bundled_run().await;
    let page = html(&run);
    // The failing scenario sent and got back a displayName with a script element in it.
    let echoed = run
        .scenarios
        .iter()
        .find(|s| s.id == FAILING)
        .unwrap()
        .steps[0]
        .exchanges[0]
        .response
        .as_ref()
        .unwrap()
        .body
        .clone();
    assert!(echoed.contains("<script>alert("), "{echoed}");
    assert!(!page.contains("<script"), "a script element got through");
    assert!(page.contains("&lt;script&gt;alert("));

    // Markup in every other field of an outcome, built by hand.
    let evil = "</details></pre><img src=x onerror=alert(1)>\"'&";
    let mut st = step(
        evil,
        3,
        vec![ExchangeRecord {
            request: request(evil, evil, Some(evil)),
            response: Ok(response(500, evil, evil)),
        }],
    );
    st.failures.push(failure(
        FailureKind::Body,
        evil,
        Some(&format!("--- expected\n+++ actual\n-{evil}\n+{evil}")),
    ));
    let mut s = scenario("evil", Verdict::Failed, vec![st]);
    s.name = evil.into();
    s.tags = vec![evil.into()];
    let mut skipped = scenario("evil2", Verdict::Skipped(evil.into()), vec![]);
    skipped.kept = vec![evil.into()];
    let mut info = info(evil, false);
    info.reproduce = evil.into();
    info.run_tag = evil.into();
    let page = html(&RunOutcome {
        info,
        scenarios: vec![s, skipped],
    });
    assert!(!page.contains("<img"), "{page}");
    assert!(!page.contains("</pre><"), "{page}");
    assert!(page.matches(&esc(evil)).count() >= 12, "{page}");
}

#[tokio::test]
async fn the_page_fetches_nothing() {
    let run = bundled_run().await;
    for page in [html(&run), html(&many(30))] {
        let lower = page.to_ascii_lowercase();
        for banned in [
            "<link", "<script", "@import", "url(", "<img", "<iframe", "src=",
        ] {
            assert!(!lower.contains(banned), "`{banned}` in the page");
        }
        // Links only ever jump within the page.
        for href in lower.split("href=\"").skip(1) {
            assert!(
                href.starts_with('#'),
                "external link: {}",
                &href[..40.min(href.len())]
            );
        }
        assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..100]);
        assert!(page.contains("<meta name=\"viewport\""));
        assert!(page.contains("prefers-color-scheme: dark"));
    }
}

#[tokio::test]
async fn the_summary_says_what_ran_where_and_how_to_reproduce_it() {
    let run = bundled_run().await;
    let page = html(&run);
    let header = element(&page, "failed");
    assert!(header.contains("<h2>Failed"));
    let summary = &page[page.find("<header").unwrap()..page.find("</header>").unwrap()];
    let (p, f) = (run.passed(), run.failed());
    assert_eq!((p, f), (1, 1));
    for want in [
        format!("<b>{p}</b> passed"),
        format!("<b>{f}</b> failed"),
        "<b>0</b> skipped".into(),
        format!("<b>{}</b> total", run.scenarios.len()),
        "<code>7</code>".into(),
        "<code>h7ml00</code>".into(),
        "<code>oin</code>".into(),
        format!("<code>{}</code>", esc(&run.info.target)),
        "bundled reference server".into(),
        env!("CARGO_PKG_VERSION").into(),
        format!(
            "<code class=\"copy\" title=\"click to select\">{}</code>",
            esc(&run.info.reproduce)
        ),
    ] {
        assert!(summary.contains(&want), "missing {want} in\n{summary}");
    }
}

#[test]
fn what_healthy_servers_never_send_is_shown_too() {
    let url = "http://127.0.0.1:9/scim/v2/Users";
    let mut refused = step(
        "create dave",
        7,
        vec![ExchangeRecord {
            request: request("POST", url, Some("{\"userName\":\"dave\"}")),
            response: Err("cannot connect to 127.0.0.1:9: connection refused".into()),
        }],
    );
    refused
        .failures
        .push(failure(FailureKind::Transport, "cannot connect", None));
    let mut not_run = step("read dave", 14, vec![]);
    not_run.skipped = true;
    let html_page = "<html><body>502 Bad Gateway</body></html>";
    let mut proxy = step(
        "list users",
        3,
        vec![ExchangeRecord {
            request: request("GET", url, None),
            response: Ok(response(502, "text/html", html_page)),
        }],
    );
    proxy
        .failures
        .push(failure(FailureKind::NotJson, "the body is not JSON", None));
    let huge = format!(
        "[{}]",
        vec!["{\"userName\":\"x@example.com\"}"; 2000].join(",")
    );
    let big = step(
        "list everyone",
        3,
        vec![ExchangeRecord {
            request: request("GET", url, None),
            response: Ok(response(200, "application/scim+json", &huge)),
        }],
    );
    let run = RunOutcome {
        info: info(url, false),
        scenarios: vec![
            scenario("a::refused", Verdict::Failed, vec![refused, not_run]),
            scenario("b::proxy", Verdict::Failed, vec![proxy]),
            scenario("c::big", Verdict::Passed, vec![big]),
            scenario(
                "d::okta",
                Verdict::Skipped("needs --okta-mode aiw".into()),
                vec![],
            ),
        ],
    };
    let page = html(&run);
    let refused = element(&page, &step_anchor(&page, "a::refused", 1));
    assert!(refused.contains("<span class=\"status bad\">no response</span>"));
    assert!(refused.contains(&format!(
        "transport error: {}",
        esc("cannot connect to 127.0.0.1:9: connection refused")
    )));
    assert!(element(&page, &step_anchor(&page, "a::refused", 2)).contains(">not run<"));
    let proxy = element(&page, &step_anchor(&page, "b::proxy", 1));
    assert!(proxy.contains("body (not JSON, shown as text)"));
    assert!(proxy.contains(&format!("<pre class=\"body\">{}</pre>", esc(html_page))));
    let big = element(&page, &step_anchor(&page, "c::big", 1));
    assert!(
        big.contains("truncated: showing the first 20.0 KB of"),
        "{}",
        &big[..500]
    );
    assert!(big.len() < MAX_BODY_BYTES * 2, "{} bytes", big.len());
    assert!(page.contains("skipped: needs --okta-mode aiw"));
    // Failed, then skipped, then passed.
    let at = |id: &str| page.find(&format!("<code>{}</code>", esc(id))).unwrap();
    assert!(at("a::refused") < at("b::proxy") && at("b::proxy") < at("d::okta"));
    assert!(at("d::okta") < at("c::big"));
}

#[test]
fn five_hundred_scenarios_render_quickly() {
    let run = many(500);
    let started = Instant::now();
    let page = html(&run);
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(10),
        "500 scenarios took {took:?}"
    );
    assert_eq!(page.matches("<details class=\"scenario").count(), 500);
    assert_eq!(
        page.matches("<details class=\"step st-failed\" id=")
            .count(),
        50
    );
    assert_eq!(page.matches("<div class=\"dl d-del\">").count(), 50);
    // Linear: twice the scenarios, about twice the work and size.
    let double = html(&many(1000));
    assert!(double.len() < page.len() * 21 / 10);
    eprintln!("500 scenarios: {} KB in {took:?}", page.len() / 1024);
}

#[test]
fn a_step_of_thousands_of_requests_shows_its_ends() {
    let url = "http://127.0.0.1:9/scim/v2/Users";
    let exchanges = (0..250)
        .map(|i| ExchangeRecord {
            request: request("POST", &format!("{url}?n={i}"), Some("{}")),
            response: Ok(response(201, "application/scim+json", "{}")),
        })
        .collect();
    let bulk = step("create 250 users", 4, exchanges);
    let run = RunOutcome {
        info: info(url, false),
        scenarios: vec![scenario("bulk::create", Verdict::Passed, vec![bulk])],
    };
    let page = html(&run);
    let el = element(&page, &step_anchor(&page, "bulk::create", 1));
    assert_eq!(el.matches("<details class=\"exchange\"").count(), 100);
    assert!(el.contains("250 exchanges"), "the count covers them all");
    let (first, gap, last) = (
        el.find(">#50<").expect("#50 shown"),
        el.find("… 150 exchanges in between not shown …")
            .expect("the gap is said"),
        el.find(">#201<").expect("#201 shown"),
    );
    assert!(first < gap && gap < last);
    assert!(!el.contains(">#51<") && !el.contains(">#200<"));
}

/// A warning does not fail the run: the header says PASSED and counts it, the summary lists it
/// with its reason and a link to its step, and the step shows it (escaped) beside the checks
/// that did not apply.
#[test]
fn warnings_are_counted_listed_and_shown_in_their_step_with_their_reason() {
    let mut warned = step("lookup <by> userName", 9, Vec::new());
    warned.warnings.push(scimulate::runner::outcome::Failure {
        reason: Some("RFC 7644 §3.4.2 & <OIN review>".into()),
        ..failure(
            FailureKind::Body,
            "`itemsPerPage` is 100 but 0 <resources>",
            None,
        )
    });
    warned
        .not_applicable
        .push("not applicable: the `ETag` header check depends on `etag`".into());
    let run = RunOutcome {
        info: info("http://127.0.0.1:1/scim/v2", false),
        scenarios: vec![scenario(
            "okta::flows::assign",
            Verdict::Passed,
            vec![warned],
        )],
    };
    let page = html(&run);
    assert!(
        page.contains("PASSED</span>"),
        "a warning keeps the run green"
    );
    assert!(
        page.contains("<b>1</b> warning</a>"),
        "the count in the filter bar"
    );
    let list = element(&page, "warnings");
    // The first scenario's first step (the list itself names the scenario before its section).
    let anchor = "s0-1";
    assert!(list.contains(&format!("href=\"#{anchor}\"")), "{list}");
    assert!(
        list.contains(&esc("RFC 7644 §3.4.2 & <OIN review>")),
        "{list}"
    );
    let step = element(&page, anchor);
    assert!(
        step.contains(&esc("`itemsPerPage` is 100 but 0 <resources>")),
        "{step}"
    );
    assert!(
        step.contains("not applicable: the `ETag` header check"),
        "{step}"
    );
    assert!(
        !page.contains("<OIN review>") && !page.contains("<resources>"),
        "escaped"
    );
}
