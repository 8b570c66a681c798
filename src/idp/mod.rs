//! Mock identity providers: admin actions that expand into the exact requests an IdP sends.
//!
//! Each action is a pure state machine ([`Flow`]): it is handed the previous response and says
//! which request to send next, or that it is done, or that the IdP would give up and why. No
//! I/O happens here, so every flow is unit-tested without a server; the runner
//! (`runner::flow_run`) sends the requests and records the exchanges.

mod answer;
mod bulk;
pub mod entra;
mod flow;
pub mod okta;
mod profile_change;
mod rule;
pub mod scim11;

pub use bulk::CreateUsers;
pub use flow::{Flow, Labeled, Next, Response, Warnings};
