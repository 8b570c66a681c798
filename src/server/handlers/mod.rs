//! HTTP handlers, one file per group of endpoints.

pub mod discovery;
pub mod fallback;
pub mod list;
pub mod render;
pub mod request;
pub mod resources;
pub mod root_search;
