//! The bundled reference SCIM 2.0 server.
//!
//! It is the default target of `scimulate run`, the server every bundled scenario is proven against,
//! and a model for vendors. Built mini-redis style: [`app`] gives the router (testable without a
//! socket) and [`run`] serves it on a pre-bound listener until a shutdown future completes, so the
//! same code runs as `scimulate serve` and in-process inside the harness.

pub mod discovery;
pub mod error;
pub mod filter;
pub mod patch;
pub mod resource;
pub mod response;
pub mod schema;
pub mod urn;
