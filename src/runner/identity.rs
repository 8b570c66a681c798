//! Generated people: realistic names from `fake`, reproducible from the run's seed.
//!
//! Each identity's data depends only on the seed, the scenario id and the identity's name, so
//! scenarios running concurrently in any order get the same people for the same seed. Every
//! userName carries the run tag, so two CI jobs against one shared staging target never collide.

use crate::protocol::{Identity, stable_hash};
use crate::scenario::model::IdentitySpec;
use fake::Fake;
use fake::faker::name::en::{FirstName, LastName};
use fake::rand::SeedableRng;
use fake::rand::rngs::StdRng;

fn ascii_slug(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}

fn alphanumeric(rng: &mut StdRng, n: usize) -> String {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    (0..n)
        .map(|_| CHARS[(0..CHARS.len()).fake_with_rng::<usize, _>(rng)] as char)
        .collect()
}

impl Identity {
    pub fn generate(
        seed: u64,
        run_tag: &str,
        scenario_id: &str,
        name: &str,
        spec: &IdentitySpec,
    ) -> Self {
        let mut rng = StdRng::seed_from_u64(seed ^ stable_hash(&[scenario_id, name]));
        let given_name = spec
            .given_name
            .clone()
            .unwrap_or_else(|| FirstName().fake_with_rng(&mut rng));
        let family_name = spec
            .family_name
            .clone()
            .unwrap_or_else(|| LastName().fake_with_rng(&mut rng));
        let local = format!(
            "{}.{}.{}",
            ascii_slug(&given_name),
            ascii_slug(&family_name),
            run_tag
        );
        let email = spec
            .email
            .clone()
            .unwrap_or_else(|| format!("{local}@example.com"));
        let user_name = spec.user_name.clone().unwrap_or_else(|| email.clone());
        let external_id = format!("00u{}", alphanumeric(&mut rng, 17));
        let password = format!("Pw-{}!9", alphanumeric(&mut rng, 12));
        Identity {
            display_name: format!("{given_name} {family_name}"),
            user_name,
            given_name,
            family_name,
            email,
            external_id,
            password,
        }
    }
}

/// A short random tag for this run (8 lowercase alphanumerics).
pub fn random_run_tag() -> String {
    let mut rng: StdRng = StdRng::seed_from_u64(random_seed());
    alphanumeric(&mut rng, 8)
}

/// A seed from the clock and the process id, for runs without `--seed`.
pub fn random_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    stable_hash(&[&nanos.to_string(), &std::process::id().to_string()]) % 1_000_000_000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_people_and_the_tag_is_in_every_user_name() {
        let spec = IdentitySpec::default();
        let a = Identity::generate(42, "t4g5x1", "users::create", "alice", &spec);
        let b = Identity::generate(42, "t4g5x1", "users::create", "alice", &spec);
        let c = Identity::generate(43, "t4g5x1", "users::create", "alice", &spec);
        let d = Identity::generate(42, "t4g5x1", "users::create", "bob", &spec);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a.user_name, d.user_name);
        assert!(
            a.user_name.contains(".t4g5x1@example.com"),
            "{}",
            a.user_name
        );
        assert!(a.external_id.starts_with("00u") && a.external_id.len() == 20);
    }

    #[test]
    fn fixed_fields_are_kept() {
        let spec = IdentitySpec {
            given_name: Some("Ada".into()),
            ..IdentitySpec::default()
        };
        let a = Identity::generate(1, "tag", "s", "ada", &spec);
        assert_eq!(a.given_name, "Ada");
        assert!(a.user_name.starts_with("ada."));
    }
}
