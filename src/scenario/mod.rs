//! Scenario loading: YAML files into checked [`model`] values with source positions.

pub mod model;
