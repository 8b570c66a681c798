//! Mock identity providers: admin actions that expand into the exact requests an IdP sends.
//!
//! Each action is a pure state machine ([`Flow`]): it is handed the previous response and says
//! which request to send next, or that it is done, or that the IdP would give up and why. No
//! I/O happens here, so every flow is unit-tested without a server; the runner
//! (`runner::flow_run`) sends the requests and records the exchanges.

mod bulk;
mod flow;
pub mod okta;
pub mod scim11;

pub use bulk::CreateUsers;
pub use flow::{Flow, Labeled, Next, Response, Warnings};
