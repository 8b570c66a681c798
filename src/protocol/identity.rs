//! A person, as the IdP knows them: the seven fields Okta holds for each assigned user. The
//! runner generates them (`runner::identity`), the mock IdP sends and changes them
//! (`idp::okta::bodies`), and between steps they live in the run's [`Vars`]
//! (`alice.userName`, …), so a rename by one step is what later steps push.

use super::finding::Failure;
use super::vars::{Vars, var_str};

/// One person's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub user_name: String,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub display_name: String,
    /// Okta-like: `00u` followed by 17 characters.
    pub external_id: String,
    pub password: String,
}

/// A stable 64-bit hash (FNV-1a): seeds must not change between Rust versions.
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0xff)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

impl Identity {
    /// The person as the run's variables hold them now (`NAME.userName`, …).
    pub fn from_vars(vars: &Vars, name: &str) -> Result<Self, Failure> {
        let get = |field: &str| var_str(vars, &format!("{name}.{field}"));
        Ok(Identity {
            user_name: get("userName")?,
            given_name: get("givenName")?,
            family_name: get("familyName")?,
            email: get("email")?,
            display_name: get("displayName")?,
            external_id: get("externalId")?,
            password: get("password")?,
        })
    }
}
