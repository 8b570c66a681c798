//! Turning client JSON into stored resources and stored resources into responses.
//!
//! Three pure steps, no I/O: [`normalize`](mod@normalize) (client body → canonical stored form), [`value`] (the
//! per-attribute type and shape rules it applies, reusable for PATCH values) and [`projection`]
//! (stored form → what a response may show, per `returned` and `attributes`/`excludedAttributes`).

pub mod normalize;
pub mod projection;
pub mod value;

pub use normalize::{is_boolean_string, normalize};
pub use projection::AttributeSelection;
