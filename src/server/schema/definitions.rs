//! The User, Group and Enterprise User schemas of RFC 7643 §4 and §8.7.1, with the errata the
//! checklist names (`groups.$ref` referencing only Groups, `manager.value` caseExact), and the
//! common attributes of §3.1.
//!
//! `members.display` is readWrite, not the readOnly of an erratum: §8.7.1's Group schema has no
//! `display` at all, so nothing defines how a server would derive one, and clients (Okta among
//! them) send their own. The server keeps what the client wrote and derives none, so a client
//! that reads back its write finds it unchanged. `$ref` and `type` stay immutable as in §8.7.1;
//! the server sets them from `value`.

use std::sync::LazyLock;

use super::attribute::{AttrType, AttributeDef as A, Mutability, Returned, Uniqueness};
use super::resource_type::{ResourceKind, ResourceType, SchemaDef};
use crate::server::urn;

/// The resource types this server serves, built once.
pub struct Registry {
    pub user: ResourceType,
    pub group: ResourceType,
}

impl Registry {
    pub fn get(&self, kind: ResourceKind) -> &ResourceType {
        match kind {
            ResourceKind::User => &self.user,
            ResourceKind::Group => &self.group,
        }
    }

    /// All schemas, in the order `/Schemas` lists them.
    pub fn schemas(&self) -> Vec<&SchemaDef> {
        let mut all = vec![&self.user.schema, &self.group.schema];
        all.extend(self.user.extensions.iter().map(|(s, _)| s));
        all
    }
}

pub static REGISTRY: LazyLock<Registry> = LazyLock::new(|| Registry {
    user: ResourceType {
        kind: ResourceKind::User,
        description: "User Account",
        schema: user_schema(),
        extensions: vec![(enterprise_user_schema(), false)],
        common: common_attributes(),
    },
    group: ResourceType {
        kind: ResourceKind::Group,
        description: "Group",
        schema: group_schema(),
        extensions: Vec::new(),
        common: common_attributes(),
    },
});

fn common_attributes() -> Vec<A> {
    vec![
        A::string("id")
            .describe("Unique identifier for the SCIM resource as defined by the service provider.")
            .case_exact()
            .mutability(Mutability::ReadOnly)
            .returned(Returned::Always)
            .uniqueness(Uniqueness::Server),
        A::string("externalId")
            .describe("Identifier of the resource as defined by the provisioning client.")
            .case_exact(),
        A::complex(
            "meta",
            vec![
                A::string("resourceType")
                    .case_exact()
                    .mutability(Mutability::ReadOnly),
                A::new("created", AttrType::DateTime).mutability(Mutability::ReadOnly),
                A::new("lastModified", AttrType::DateTime).mutability(Mutability::ReadOnly),
                A::new("location", AttrType::Reference)
                    .case_exact()
                    .mutability(Mutability::ReadOnly)
                    .references(&["uri"]),
                A::string("version")
                    .case_exact()
                    .mutability(Mutability::ReadOnly),
            ],
        )
        .describe("Resource metadata.")
        .mutability(Mutability::ReadOnly),
        A::new("schemas", AttrType::Reference)
            .multi()
            .case_exact()
            .returned(Returned::Always)
            .references(&["uri"]),
    ]
}

/// `value`, `display`, `type`, `primary`: the usual shape of a multi-valued complex attribute.
fn multi_valued(
    name: &'static str,
    description: &'static str,
    types: &'static [&'static str],
) -> A {
    A::complex(
        name,
        vec![
            A::string("value").describe("The attribute's significant value."),
            A::string("display")
                .describe("A human-readable name, primarily used for display purposes."),
            A::string("type")
                .describe("A label indicating the attribute's function.")
                .canonical(types),
            A::new("primary", AttrType::Boolean)
                .describe("A Boolean value indicating the 'primary' or preferred attribute value."),
        ],
    )
    .describe(description)
    .multi()
}

fn user_schema() -> SchemaDef {
    let name = A::complex(
        "name",
        vec![
            A::string("formatted").describe("The full name, formatted for display."),
            A::string("familyName").describe("The family name of the User."),
            A::string("givenName").describe("The given name of the User."),
            A::string("middleName").describe("The middle name(s) of the User."),
            A::string("honorificPrefix").describe("The honorific prefix(es) of the User."),
            A::string("honorificSuffix").describe("The honorific suffix(es) of the User."),
        ],
    )
    .describe("The components of the user's real name.");
    let mut photos = multi_valued(
        "photos",
        "URLs of photos of the User.",
        &["photo", "thumbnail"],
    );
    photos.sub_attributes[0] = A::new("value", AttrType::Reference)
        .describe("URL of a photo of the User.")
        .case_exact()
        .references(&["external"]);
    let mut x509 = multi_valued(
        "x509Certificates",
        "A list of certificates issued to the User.",
        &[],
    );
    x509.sub_attributes[0] = A::new("value", AttrType::Binary)
        .describe("The value of an X.509 certificate.")
        .case_exact();
    let addresses = A::complex(
        "addresses",
        vec![
            A::string("formatted").describe("The full mailing address, formatted for display."),
            A::string("streetAddress").describe("The full street address component."),
            A::string("locality").describe("The city or locality component."),
            A::string("region").describe("The state or region component."),
            A::string("postalCode").describe("The zip code or postal code component."),
            A::string("country").describe("The country name component (ISO 3166-1 alpha-2)."),
            A::string("type").canonical(&["work", "home", "other"]),
            A::new("primary", AttrType::Boolean),
        ],
    )
    .describe("A physical mailing address for this User.")
    .multi();
    let groups = A::complex(
        "groups",
        vec![
            A::string("value")
                .describe("The identifier of the User's group.")
                .mutability(Mutability::ReadOnly),
            A::new("$ref", AttrType::Reference)
                .describe("The URI of the corresponding 'Group' resource.")
                .mutability(Mutability::ReadOnly)
                .references(&["Group"]),
            A::string("display")
                .describe("A human-readable name of the group.")
                .mutability(Mutability::ReadOnly),
            A::string("type")
                .describe("How the membership was derived: direct or indirect.")
                .canonical(&["direct", "indirect"])
                .mutability(Mutability::ReadOnly),
        ],
    )
    .describe("A list of groups to which the user belongs, either direct or indirect.")
    .multi()
    .mutability(Mutability::ReadOnly);

    SchemaDef {
        id: urn::USER,
        name: "User",
        description: "User Account",
        attributes: vec![
            A::string("userName")
                .describe("Unique identifier for the User, used to authenticate. REQUIRED.")
                .required()
                .uniqueness(Uniqueness::Server),
            name,
            A::string("displayName").describe("The name of the User, suitable for display to end-users."),
            A::string("nickName").describe("The casual way to address the user in real life."),
            A::new("profileUrl", AttrType::Reference)
                .describe("A fully qualified URL pointing to a page representing the User's online profile.")
                .references(&["external"]),
            A::string("title").describe("The user's title, such as \"Vice President\"."),
            A::string("userType").describe("Used to identify the relationship between the organization and the user."),
            A::string("preferredLanguage").describe("The User's preferred written or spoken language."),
            A::string("locale").describe("Used to indicate the User's default location."),
            A::string("timezone").describe("The User's time zone in the 'Olson' time zone database format."),
            A::new("active", AttrType::Boolean).describe("A Boolean value indicating the User's administrative status."),
            A::string("password")
                .describe("The User's cleartext password. Never returned.")
                .mutability(Mutability::WriteOnly)
                .returned(Returned::Never),
            multi_valued("emails", "Email addresses for the user.", &["work", "home", "other"]),
            multi_valued(
                "phoneNumbers",
                "Phone numbers for the User.",
                &["work", "home", "mobile", "fax", "pager", "other"],
            ),
            multi_valued(
                "ims",
                "Instant messaging addresses for the User.",
                &["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"],
            ),
            photos,
            addresses,
            groups,
            multi_valued("entitlements", "A list of entitlements for the User.", &[]),
            multi_valued("roles", "A list of roles for the User.", &[]),
            x509,
        ],
    }
}

fn group_schema() -> SchemaDef {
    let members = A::complex(
        "members",
        vec![
            A::string("value")
                .describe("Identifier of the member of this Group.")
                .mutability(Mutability::Immutable),
            A::new("$ref", AttrType::Reference)
                .describe(
                    "The URI corresponding to a SCIM resource that is a member of this Group.",
                )
                .mutability(Mutability::Immutable)
                .references(&["User", "Group"]),
            A::string("display").describe(
                "A human-readable name of the member, as the client wrote it (never derived).",
            ),
            A::string("type")
                .describe("A label indicating the type of resource: User or Group.")
                .canonical(&["User", "Group"])
                .mutability(Mutability::Immutable),
        ],
    )
    .describe("A list of members of the Group.")
    .multi();
    SchemaDef {
        id: urn::GROUP,
        name: "Group",
        description: "Group",
        attributes: vec![
            A::string("displayName")
                .describe("A human-readable name for the Group. REQUIRED. Unique on this server.")
                .required()
                .uniqueness(Uniqueness::Server),
            members,
        ],
    }
}

fn enterprise_user_schema() -> SchemaDef {
    SchemaDef {
        id: urn::ENTERPRISE_USER,
        name: "EnterpriseUser",
        description: "Enterprise User",
        attributes: vec![
            A::string("employeeNumber")
                .describe("Numeric or alphanumeric identifier assigned to a person."),
            A::string("costCenter").describe("Identifies the name of a cost center."),
            A::string("organization").describe("Identifies the name of an organization."),
            A::string("division").describe("Identifies the name of a division."),
            A::string("department").describe("Identifies the name of a department."),
            A::complex(
                "manager",
                vec![
                    A::string("value")
                        .describe("The id of the SCIM resource representing the User's manager.")
                        .case_exact(),
                    A::new("$ref", AttrType::Reference)
                        .describe("The URI of the SCIM resource representing the User's manager.")
                        .references(&["User"]),
                    A::string("displayName")
                        .describe("The displayName of the User's manager.")
                        .mutability(Mutability::ReadOnly),
                ],
            )
            .describe("The User's manager."),
        ],
    }
}
