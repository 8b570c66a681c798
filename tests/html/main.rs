//! Tests of the HTML report (`scimulate::report::html`). The report is what people open when a
//! CI run fails, so these check what they must see without clicking (the failing step open, its
//! diff coloured line by line, the exchange), that nothing in an outcome can become markup, that
//! the page needs nothing from the network, that it stays quick at 500 scenarios — and, in a real
//! headless Chromium, that the browser shows the diff inside an open `<details>`.
//!
//! Outcomes come from running the scenarios of `cases/` against the bundled reference server
//! (one fails on purpose, so its diff is a real one) and from outcomes built by hand for what a
//! healthy server never produces (transport errors, HTML error pages, huge bodies, skips).

#[path = "../common/mod.rs"]
mod common;

mod browser;
mod render;
mod support;
