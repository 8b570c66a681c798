//! What each IdP sends in a load run: its request shapes, built by the same builders the
//! scenarios use (`idp::okta`, `idp::entra`), so a load run and a conformance run can never
//! disagree on what Okta or Entra sends.
//!
//! | step | Okta (okta-scim-behaviour §1.2–§1.8) | Entra (entra-scim-behaviour "Requests") |
//! |---|---|---|
//! | user lookup | `userName eq` with `startIndex=1&count=100`, `%20` | `userName eq`, form-encoded `+` |
//! | create | Okta's POST body | the tutorial's POST body (GUID `externalId`) |
//! | update | GET, then the whole-object PUT | PATCH `Replace` of the changed attribute |
//! | deactivate | path-less PATCH `{"active": false}` | PATCH `active` (`"False"` without the flag) |
//! | group lookup | `displayName eq` | `displayName eq`, `excludedAttributes=members` |
//! | group create | `members: []` | no members, GUID `externalId` |
//! | members | one `add` op of a batch | one `add` op of a batch (`$ref: null` without the flag) |
//!
//! Neither IdP documents how many members one PATCH carries; [`MEMBER_BATCH`] is scimulate's.

use serde_json::Value;

use crate::idp::entra::bodies as entra;
use crate::idp::entra::headers::entra_request;
use crate::idp::okta::bodies as okta;
use crate::idp::okta::headers::okta_request;
use crate::protocol::{EntraPatch, Identity, PreparedRequest, resource_path};

/// Members added by one membership PATCH.
pub const MEMBER_BATCH: usize = 100;

/// The IdP whose traffic a load run sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadIdp {
    Okta,
    Entra(EntraPatch),
}

/// How an IdP pushes a profile change.
pub enum Update {
    /// Okta: read the user, then PUT the whole object built from what was read.
    ReadThenPut,
    /// Entra: one PATCH of the changed attributes.
    Patch(PreparedRequest),
}

impl LoadIdp {
    pub fn name(self) -> &'static str {
        match self {
            LoadIdp::Okta => "okta",
            LoadIdp::Entra(_) => "entra",
        }
    }

    fn request(
        self,
        method: &str,
        path: &str,
        query: &[(&str, &str)],
        body: Option<Value>,
    ) -> PreparedRequest {
        match self {
            LoadIdp::Okta => okta_request(method, path, query, body),
            LoadIdp::Entra(_) => entra_request(method, path, query, body),
        }
    }

    /// The lookup before a create.
    pub fn user_lookup(self, user_name: &str) -> PreparedRequest {
        let filter = format!("userName eq \"{user_name}\"");
        match self {
            LoadIdp::Okta => self.request(
                "GET",
                "/Users",
                &[("filter", &filter), ("startIndex", "1"), ("count", "100")],
                None,
            ),
            LoadIdp::Entra(_) => self.request("GET", "/Users", &[("filter", &filter)], None),
        }
    }

    /// Whether a 404 to a lookup means "not found": Okta accepts it besides the empty
    /// ListResponse (okta-scim-behaviour §1.2); Entra wants a ListResponse, also when empty.
    pub fn lookup_404_is_not_found(self) -> bool {
        self == LoadIdp::Okta
    }

    pub fn create_user(self, person: &Identity) -> PreparedRequest {
        let body = match self {
            LoadIdp::Okta => person.create_body(),
            LoadIdp::Entra(_) => entra::create_user(person),
        };
        self.request("POST", "/Users", &[], Some(body))
    }

    /// The givenName change of the update wave.
    pub fn update(self, id: &str, given_name: &str) -> Update {
        match self {
            LoadIdp::Okta => Update::ReadThenPut,
            LoadIdp::Entra(mode) => {
                let body = entra::update(mode, &[("name.givenName", given_name.to_owned())]);
                Update::Patch(self.request("PATCH", &resource_path("Users", id), &[], Some(body)))
            }
        }
    }

    pub fn read_user(self, id: &str) -> PreparedRequest {
        self.request("GET", &resource_path("Users", id), &[], None)
    }

    /// Okta's PUT of the user as read, with the new givenName.
    pub fn put_user(self, id: &str, person: &Identity, current: &Value) -> PreparedRequest {
        let body = person.put_body(current, None);
        self.request("PUT", &resource_path("Users", id), &[], Some(body))
    }

    pub fn deactivate(self, id: &str) -> PreparedRequest {
        let body = match self {
            LoadIdp::Okta => okta::set_active(false),
            LoadIdp::Entra(mode) => entra::set_active(mode, false),
        };
        self.request("PATCH", &resource_path("Users", id), &[], Some(body))
    }

    pub fn group_lookup(self, display_name: &str) -> PreparedRequest {
        let filter = format!("displayName eq \"{display_name}\"");
        match self {
            LoadIdp::Okta => self.request("GET", "/Groups", &[("filter", &filter)], None),
            LoadIdp::Entra(_) => self.request(
                "GET",
                "/Groups",
                &[("excludedAttributes", "members"), ("filter", &filter)],
                None,
            ),
        }
    }

    pub fn create_group(self, display_name: &str) -> PreparedRequest {
        let body = match self {
            LoadIdp::Okta => okta::group_create(display_name),
            LoadIdp::Entra(_) => entra::create_group(display_name, &entra::guid(display_name)),
        };
        self.request("POST", "/Groups", &[], Some(body))
    }

    /// One membership PATCH: `members` are `(id, userName)`.
    pub fn add_members(self, group_id: &str, members: &[(String, String)]) -> PreparedRequest {
        let body = match self {
            LoadIdp::Okta => okta::patch(vec![okta::add_members(
                members
                    .iter()
                    .map(|(id, name)| okta::member(id, name))
                    .collect(),
            )]),
            LoadIdp::Entra(mode) => {
                let ids: Vec<String> = members.iter().map(|(id, _)| id.clone()).collect();
                entra::add_members(mode, &ids)
            }
        };
        self.request("PATCH", &resource_path("Groups", group_id), &[], Some(body))
    }

    /// A page of the listing that checks the run: Okta's import; under Entra, which imports
    /// nothing, the same paging is scimulate's own read-back.
    pub fn list_page(self, resource: &str, start: usize, count: usize) -> PreparedRequest {
        let (s, c) = (start.to_string(), count.to_string());
        self.request(
            "GET",
            &format!("/{resource}"),
            &[("startIndex", &s), ("count", &c)],
            None,
        )
    }

    /// The request kind of that listing in the report.
    pub fn list_kind(self) -> &'static str {
        match self {
            LoadIdp::Okta => "import",
            LoadIdp::Entra(_) => "list",
        }
    }

    pub fn read_group(self, id: &str) -> PreparedRequest {
        self.request("GET", &resource_path("Groups", id), &[], None)
    }

    pub fn delete(self, resource: &str, id: &str) -> PreparedRequest {
        self.request("DELETE", &resource_path(resource, id), &[], None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person() -> Identity {
        Identity {
            user_name: "a@x.com".into(),
            given_name: "A".into(),
            family_name: "B".into(),
            email: "a@x.com".into(),
            display_name: "A B".into(),
            external_id: "00u1".into(),
            password: "p".into(),
        }
    }

    #[test]
    fn each_idp_writes_its_lookup_as_it_does() {
        assert_eq!(
            LoadIdp::Okta.user_lookup("a@x.com").path,
            "/Users?filter=userName%20eq%20%22a%40x.com%22&startIndex=1&count=100"
        );
        assert_eq!(
            LoadIdp::Entra(EntraPatch::Legacy)
                .user_lookup("a@x.com")
                .path,
            "/Users?filter=userName+eq+%22a%40x.com%22"
        );
        assert!(LoadIdp::Okta.lookup_404_is_not_found());
        assert!(!LoadIdp::Entra(EntraPatch::Flag).lookup_404_is_not_found());
    }

    #[test]
    fn entra_deactivates_with_a_string_boolean_without_the_flag() {
        let legacy = LoadIdp::Entra(EntraPatch::Legacy).deactivate("1");
        assert_eq!(
            legacy
                .body
                .as_ref()
                .and_then(|b| b.pointer("/Operations/0/value")),
            Some(&Value::from("False"))
        );
        let okta = LoadIdp::Okta.deactivate("1");
        assert_eq!(
            okta.body
                .as_ref()
                .and_then(|b| b.pointer("/Operations/0/value/active")),
            Some(&Value::from(false))
        );
        assert_eq!(LoadIdp::Okta.create_user(&person()).method, "POST");
    }

    #[test]
    fn a_membership_patch_adds_the_batch_in_one_op() {
        let members = vec![
            ("1".to_owned(), "a".to_owned()),
            ("2".to_owned(), "b".to_owned()),
        ];
        for idp in [LoadIdp::Okta, LoadIdp::Entra(EntraPatch::Legacy)] {
            let request = idp.add_members("g", &members);
            let body = request.body.expect("a body");
            let ops = body["Operations"].as_array().expect("operations");
            assert_eq!(ops.len(), 1, "{idp:?}");
            assert_eq!(ops[0]["value"].as_array().map(Vec::len), Some(2));
            assert_eq!(request.path, "/Groups/g");
        }
    }
}
