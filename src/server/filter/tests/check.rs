//! Checking filters against the User and Group resource types.

use super::{cmp, parse, path, s};
use crate::server::error::ScimType;
use crate::server::filter::ast::{CompareOp::Eq, Filter};
use crate::server::filter::{check, check_across, check_value_filter};
use crate::server::schema::{REGISTRY, ResourceType};

const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn ok(src: &str, rt: &ResourceType) {
    if let Err(e) = check(&parse(src), rt) {
        panic!("{src:?} should pass: {}", e.detail);
    }
}

fn rejected(src: &str, rt: &ResourceType) -> String {
    let e = check(&parse(src), rt).expect_err(src);
    assert_eq!(e.scim_type, Some(ScimType::InvalidFilter), "{src:?}");
    assert_eq!(e.status.as_u16(), 400);
    e.detail
}

#[test]
fn known_attributes_pass_in_any_case() {
    let user = &REGISTRY.user;
    for src in [
        "userName eq \"x\"",
        "USERNAME eq \"x\"",
        "name.FamilyName eq \"x\"",
        "emails.Value co \"x\"",
        "emails co \"x\"",
        "emails[type eq \"work\" and value co \"x\"]",
        "EMAILS[TYPE eq \"work\"]",
        "name pr",
        "name[givenName sw \"a\"]",
        "meta.created gt \"2024-01-01T00:00:00Z\"",
        "meta.lastModified le 2024-01-01T00:00:00Z",
        "meta.resourceType eq \"User\"",
        "meta pr",
        "id eq \"x\" or externalId eq \"y\"",
        "schemas eq \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"",
        "groups.$ref pr",
        "password eq \"secret\"",
        "title eq null",
        "title ne null",
        "active eq \"True\"",
        "x509Certificates.value eq \"AAAA\"",
        "x509Certificates.value co \"AA\"",
        "urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"a\"",
        "not (active eq true) and userName gt \"m\"",
    ] {
        ok(src, user);
    }
    for src in [
        &format!("{ENT}:employeeNumber eq \"E-77\""),
        &format!("{ENT}:manager.value eq \"u9\""),
        &format!("{ENT}:manager eq \"u9\""),
        &format!("{}:MANAGER.VALUE eq \"u9\"", ENT.to_uppercase()),
        &format!("{ENT}:manager[value eq \"u9\"]"),
    ] {
        ok(src, user);
    }
    let group = &REGISTRY.group;
    for src in [
        "displayName eq \"Admins\"",
        "members[value eq \"u1\"]",
        "members.$ref pr",
        "members.$REF co \"/Users/\"",
        "meta.resourceType eq \"Group\"",
    ] {
        ok(src, group);
    }
}

#[test]
fn unknown_attributes_are_named() {
    let user = &REGISTRY.user;
    assert_eq!(
        rejected("userNam eq \"x\"", user),
        "unknown attribute 'userNam' for resource type User"
    );
    assert_eq!(
        rejected("name.nickName eq \"x\"", user),
        "unknown attribute 'name.nickName' for resource type User"
    );
    assert_eq!(
        rejected("a pr or b pr", user),
        "unknown attribute 'a' for resource type User"
    );
    assert_eq!(
        rejected("userName pr and nope pr", user),
        "unknown attribute 'nope' for resource type User"
    );
    assert_eq!(
        rejected("urn:x:y:userName eq \"x\"", user),
        "unknown schema 'urn:x:y' in attribute 'urn:x:y:userName' (resource type User)"
    );
    assert_eq!(
        rejected(&format!("{ENT}:userName eq \"x\""), user),
        format!("unknown attribute '{ENT}:userName' for resource type User")
    );
    // Extension attributes must be qualified.
    assert_eq!(
        rejected("employeeNumber eq \"1\"", user),
        "unknown attribute 'employeeNumber' for resource type User"
    );
    let group = &REGISTRY.group;
    assert_eq!(
        rejected("userName eq \"x\"", group),
        "unknown attribute 'userName' for resource type Group"
    );
    assert!(rejected(&format!("{ENT}:employeeNumber pr"), group).starts_with("unknown schema"));
}

#[test]
fn value_filters_resolve_sub_attributes() {
    let user = &REGISTRY.user;
    assert_eq!(
        rejected("emails[typo eq \"x\"]", user),
        "'typo' is not a sub-attribute of 'emails' (inside 'emails[...]')"
    );
    assert_eq!(
        rejected("emails[type.x eq \"x\"]", user),
        "'type.x' is not a sub-attribute of 'emails' (inside 'emails[...]')"
    );
    assert_eq!(
        rejected("emails[userName eq \"x\"]", user),
        "'userName' is not a sub-attribute of 'emails' (inside 'emails[...]')"
    );
    assert_eq!(
        rejected("userName[value eq \"x\"]", user),
        "'userName' is not a complex attribute, so it cannot take a value filter '[...]'"
    );
    assert_eq!(
        rejected("emails[primary gt true]", user),
        "'gt' cannot be used on 'primary': it is a boolean attribute, which has no ordering"
    );
    // The parser cannot produce a nested value path; a hand-built one is still rejected.
    let nested = Filter::ValuePath {
        attr: path("emails"),
        filter: Box::new(Filter::ValuePath {
            attr: path("type"),
            filter: Box::new(Filter::Present(path("value"))),
        }),
    };
    let e = check(&nested, user).expect_err("nested");
    assert_eq!(
        e.detail,
        "value filter on 'type' cannot be nested inside another value filter"
    );
}

#[test]
fn ordering_and_substring_operators_respect_types() {
    let user = &REGISTRY.user;
    assert_eq!(
        rejected("active gt true", user),
        "'gt' cannot be used on 'active': it is a boolean attribute, which has no ordering"
    );
    for op in ["ge", "lt", "le"] {
        rejected(&format!("active {op} false"), user);
    }
    assert_eq!(
        rejected("x509Certificates.value lt \"A\"", user),
        "'lt' cannot be used on 'x509Certificates.value': it is a binary attribute, which has no ordering"
    );
    assert_eq!(
        rejected("x509Certificates gt \"A\"", user),
        "'gt' cannot be used on 'x509Certificates': it is a binary attribute, which has no ordering"
    );
    assert_eq!(
        rejected("active co \"t\"", user),
        "'co' cannot be used on 'active': it is a boolean attribute, not a string"
    );
    rejected("emails.primary sw \"t\"", user);
    rejected("active ew \"e\"", user);
    assert_eq!(
        rejected("title gt null", user),
        "'title gt null': null can only be compared with 'eq' or 'ne'"
    );
    rejected("title co null", user);
    ok("active eq true", user);
    ok("active ne \"false\"", user);
}

#[test]
fn complex_attributes_without_value_cannot_be_compared() {
    let user = &REGISTRY.user;
    assert_eq!(
        rejected("name eq \"x\"", user),
        "'name' is a complex attribute; compare one of its sub-attributes, e.g. 'name.formatted'"
    );
    assert_eq!(
        rejected("meta gt \"2024\"", user),
        "'meta' is a complex attribute; compare one of its sub-attributes, e.g. 'meta.resourceType'"
    );
    rejected("addresses eq \"x\"", user);
}

#[test]
fn check_value_filter_for_patch_paths() {
    let members = REGISTRY
        .group
        .resolve(None, "members", None)
        .expect("members")
        .attr;
    let f = cmp("value", Eq, s("u1"));
    assert!(check_value_filter(&f, members).is_ok());
    assert!(check_value_filter(&parse("TYPE eq \"User\" and $ref pr"), members).is_ok());
    let e = check_value_filter(&parse("display gt null"), members).expect_err("typed");
    assert_eq!(e.scim_type, Some(ScimType::InvalidFilter));
    let e = check_value_filter(&parse("nope pr"), members).expect_err("unknown");
    assert_eq!(
        e.detail,
        "'nope' is not a sub-attribute of 'members' (inside 'members[...]')"
    );
}

#[test]
fn across_types_a_name_one_type_lacks_is_no_error() {
    let both = [&REGISTRY.user, &REGISTRY.group];
    for src in [
        "userName eq \"x\"",
        "members.value eq \"x\"",
        "members[type eq \"User\"]",
        "userName eq \"x\" or displayName eq \"y\"",
        "not (emails[type eq \"work\"]) and members pr",
        "urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq \"x\"",
        &format!("{ENT}:department pr"),
        "meta.resourceType eq \"Group\"",
    ] {
        if let Err(e) = check_across(&parse(src), &both) {
            panic!("{src:?} should pass across types: {}", e.detail);
        }
    }
}

#[test]
fn across_types_a_name_no_type_knows_and_other_errors_are_refused() {
    let both = [&REGISTRY.user, &REGISTRY.group];
    let refused = |src: &str| {
        let e = check_across(&parse(src), &both).expect_err(src);
        assert_eq!(e.scim_type, Some(ScimType::InvalidFilter), "{src:?}");
        e.detail
    };
    assert_eq!(
        refused("userName eq \"x\" or colour eq \"red\""),
        "unknown attribute 'colour' for resource types User, Group"
    );
    refused("name.colour pr");
    refused("urn:example:other:x eq \"y\"");
    // A type that has the attribute still refuses what it refuses on its own endpoint.
    refused("active gt true");
    refused("emails[colour eq \"red\"]");
    refused("name eq \"x\"");
}
