//! The vocabulary every layer of the harness shares, and nothing that does I/O: SCIM's URNs and
//! versions ([`urn`], [`Dialect`]), a request as data ([`PreparedRequest`]), the run's variables
//! and their `${…}` syntax ([`Vars`], [`reference`](mod@reference)), a generated person ([`Identity`]), what a
//! scenario can require of a target ([`capability`]), which Okta integration and which of Entra's PATCH
//! behaviours are mimicked ([`OktaMode`], [`EntraPatch`]) and a finding with its level and its body diff ([`Failure`], [`Level`],
//! [`JsonDiff`]).
//!
//! It is the ground floor: `scenario`, `idp`, `runner`, `report` and `cli` build on it, and it
//! imports none of them, so a layer that needs a word of the shared language takes it from here
//! instead of from a neighbour (which is how the layers used to import each other in circles).
//! The reference server uses only [`urn`].

pub mod capability;
mod check;
mod dialect;
mod diff;
mod entra_patch;
mod finding;
mod identity;
mod idp;
mod okta_mode;
pub mod reference;
mod request;
pub mod suggest;
pub mod urn;
mod vars;

pub use capability::Unassign;
pub use check::{Feature, Level};
pub use dialect::{Dialect, SCIM_FIELDS};
pub use diff::{DiffLine, DiffTag, JsonDiff};
pub use entra_patch::EntraPatch;
pub use finding::{Compared, Failure, FailureKind};
pub use identity::{Identity, stable_hash};
pub use idp::Idp;
pub use okta_mode::OktaMode;
pub use request::{AuthOverride, PreparedRequest, resource_path};
pub use suggest::suggest;
pub use vars::{UndefinedVariable, Vars, var_str};
