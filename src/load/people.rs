//! The people a load run provisions and the groups it pushes: cheap, unique per run tag, and
//! recognisable on a shared target (`load-{tag}-000042@example.com`, `load-{tag}-group-003`).

use crate::protocol::Identity;

/// The person behind user `i`.
pub fn person(run_tag: &str, i: usize) -> Identity {
    let user_name = format!("load-{run_tag}-{i:06}@example.com");
    Identity {
        email: user_name.clone(),
        user_name,
        given_name: format!("Given{i}"),
        family_name: format!("Load{run_tag}"),
        display_name: format!("Given{i} Load{run_tag}"),
        external_id: format!("00uload{i:012}"),
        password: format!("Pw-{run_tag}-{i}!"),
    }
}

/// The display name of group `g`.
pub fn group_name(run_tag: &str, g: usize) -> String {
    format!("load-{run_tag}-group-{g:03}")
}

/// The group user `i` is a member of, of `groups`: users are dealt round the groups in turn.
pub fn group_of(i: usize, groups: usize) -> Option<usize> {
    (groups > 0).then(|| i % groups)
}

/// The givenName the update wave gives a person.
pub fn updated_given_name(person: &Identity) -> String {
    format!("{}u", person.given_name)
}
