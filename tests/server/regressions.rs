//! Regressions: one test per server bug found, named after what broke. Each stays `#[ignore]`d
//! with `BUG: …` until the server owners fix it.
