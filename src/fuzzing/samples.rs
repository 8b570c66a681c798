//! Rich sample resources the checks run inputs against: every attribute kind of the User schema
//! (simple, complex, multi-valued, extension, dateTime, boolean, reference, binary) is present, so
//! filters and PATCH operations reach the code for each.

use serde_json::{Map, Value, json};

use crate::server::urn;

/// A user in client form (what a POST carries), with every kind of attribute set.
pub fn user_body() -> Value {
    json!({
        "schemas": [urn::USER, urn::ENTERPRISE_USER],
        "userName": "ada@example.com",
        "externalId": "ext-1815",
        "name": {
            "formatted": "Ms Ada King Lovelace III",
            "familyName": "Lovelace",
            "givenName": "Ada",
            "middleName": "King",
            "honorificPrefix": "Ms",
            "honorificSuffix": "III"
        },
        "displayName": "Ada Lovelace",
        "nickName": "ada",
        "profileUrl": "https://example.com/ada",
        "title": "Countess",
        "userType": "Employee",
        "preferredLanguage": "en-GB",
        "locale": "en-GB",
        "timezone": "Europe/London",
        "active": true,
        "password": "Analytical1815!",
        "emails": [
            {"value": "ada@example.com", "type": "work", "primary": true},
            {"value": "ada@home.example", "type": "home"}
        ],
        "phoneNumbers": [{"value": "+44 20 7946 0000", "type": "work"}],
        "ims": [{"value": "ada", "type": "xmpp"}],
        "photos": [{"value": "https://example.com/ada.png", "type": "photo"}],
        "addresses": [{
            "type": "work",
            "streetAddress": "12 St James's Square",
            "locality": "London",
            "region": "London",
            "postalCode": "SW1Y 4JH",
            "country": "GB",
            "formatted": "12 St James's Square, London SW1Y 4JH, GB",
            "primary": true
        }],
        "entitlements": [{"value": "engine-admin"}],
        "roles": [{"value": "analyst", "primary": true}],
        "x509Certificates": [{"value": "TUlJQg=="}],
        urn::ENTERPRISE_USER: {
            "employeeNumber": "1815",
            "costCenter": "c-42",
            "organization": "Analytical Engines",
            "division": "Difference",
            "department": "Mathematics",
            "manager": {"value": "babbage", "displayName": "Charles Babbage"}
        }
    })
}

/// A group in client form; `member` is the id of its one member.
pub fn group_body(member: &str) -> Value {
    json!({
        "schemas": [urn::GROUP],
        "displayName": "Engineers",
        "externalId": "grp-1",
        "members": [{"value": member, "type": "User"}]
    })
}

/// An element of `emails`, for value filters evaluated on one element.
pub fn email_element() -> Value {
    json!({"value": "ada@example.com", "type": "work", "primary": true, "display": "Ada"})
}

/// A stored-looking user document (with `id` and `meta`), for evaluating filters on.
pub fn user_document() -> Map<String, Value> {
    let mut doc = match user_body() {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    doc.insert("id".into(), json!("2819c223-7f76-453a-919d-413861904646"));
    doc.insert(
        "groups".into(),
        json!([{"value": "e9e30dba-f08f-4109-8486-d5c6a331660a", "display": "Engineers"}]),
    );
    doc.insert(
        "meta".into(),
        json!({
            "resourceType": "User",
            "created": "2010-01-23T04:56:22Z",
            "lastModified": "2011-05-13T04:42:34Z",
            "version": "W/\"3\"",
            "location": "https://example.com/scim/v2/Users/2819c223-7f76-453a-919d-413861904646"
        }),
    );
    doc
}

/// A stored-looking group document.
pub fn group_document() -> Map<String, Value> {
    let mut doc = match group_body("2819c223-7f76-453a-919d-413861904646") {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    doc.insert("id".into(), json!("e9e30dba-f08f-4109-8486-d5c6a331660a"));
    doc.insert(
        "meta".into(),
        json!({"resourceType": "Group", "created": "2010-01-23T04:56:22Z", "version": "W/\"1\""}),
    );
    doc
}
