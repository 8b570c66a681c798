//! Turning client JSON into stored resources and stored resources into responses.

pub mod normalize;
pub mod projection;
