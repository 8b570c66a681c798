//! PATCH of the whole Enterprise User extension with a value that carries `schemas`, as client
//! libraries serialise an extension object (its model class writes its own `schemas`):
//! `{"op":"replace","path":"urn:…:enterprise:2.0:User","value":{"schemas":["urn:…:enterprise:2.0:User"],…}}`.
//! The `schemas` key names the extension the value belongs to; it is no attribute to write.

use serde_json::{Value, json};

use crate::support::*;

async fn user(s: &Server) -> Value {
    s.create(
        "/Users",
        json!({"schemas": [USER], "userName": "ext-client", "title": "Engineer"}),
    )
    .await
}

/// Asserts a 200 whose representation, and a later GET, hold `department` in the extension.
async fn assert_department(s: &Server, r: &Resp, department: &str) {
    r.assert_status(200);
    assert_eq!(
        r.body[ENTERPRISE]["department"],
        json!(department),
        "{}",
        r.text
    );
    assert!(r.body[ENTERPRISE].get("schemas").is_none(), "{}", r.text);
    assert_eq!(r.body["schemas"], json!([USER, ENTERPRISE]));
    let read = s.fetch(&path_of(&r.body)).await;
    assert_eq!(read, r.body, "a later read sees what the PATCH answered");
}

#[tokio::test]
async fn replace_and_add_on_the_extension_urn_accept_a_schemas_key_in_the_value() {
    let s = Server::start().await;
    let u = user(&s).await;
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "replace", "path": ENTERPRISE,
                    "value": {"schemas": [ENTERPRISE], "department": "X"}}]),
        )
        .await;
    assert_department(&s, &r, "X").await;
    // `add`, and `schemas` as a single string.
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "add", "path": ENTERPRISE,
                    "value": {"schemas": ENTERPRISE, "department": "Y", "employeeNumber": "42"}}]),
        )
        .await;
    assert_department(&s, &r, "Y").await;
    assert_eq!(r.body[ENTERPRISE]["employeeNumber"], "42");
    // A list that also names other schemas, the URN in another letter case.
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "replace", "path": ENTERPRISE,
                    "value": {"schemas": [USER, ENTERPRISE.to_uppercase()], "department": "Z"}}]),
        )
        .await;
    assert_department(&s, &r, "Z").await;
    assert_eq!(
        r.body["title"], "Engineer",
        "the core attributes are untouched"
    );
}

#[tokio::test]
async fn a_pathless_value_s_extension_object_may_carry_schemas() {
    let s = Server::start().await;
    let u = user(&s).await;
    let r = s
        .patch_ops(
            &path_of(&u),
            json!([{"op": "replace", "value": {
                "title": "Lead",
                ENTERPRISE: {"schemas": [ENTERPRISE], "department": "Pathless"}
            }}]),
        )
        .await;
    assert_department(&s, &r, "Pathless").await;
    assert_eq!(r.body["title"], "Lead");
}

#[tokio::test]
async fn unknown_attributes_in_the_extension_value_are_still_refused() {
    let s = Server::start().await;
    let u = user(&s).await;
    for value in [
        json!({"nonsense": 1}),
        json!({"schemas": [ENTERPRISE], "nonsense": 1}),
    ] {
        let r = s
            .patch_ops(
                &path_of(&u),
                json!([{"op": "replace", "path": ENTERPRISE, "value": value}]),
            )
            .await;
        r.assert_error(400, Some("invalidPath"));
    }
    // `schemas` that does not name the extension is a client error, not silently dropped.
    for schemas in [json!([USER]), json!("urn:example:other"), json!(42)] {
        let r = s
            .patch_ops(
                &path_of(&u),
                json!([{"op": "add", "path": ENTERPRISE,
                        "value": {"schemas": schemas, "department": "W"}}]),
            )
            .await;
        r.assert_error(400, None);
        let t = r.body["scimType"].as_str().unwrap_or_default();
        assert!(t == "invalidValue" || t == "invalidPath", "{}", r.text);
    }
    assert_eq!(s.fetch(&path_of(&u)).await, u, "nothing was written");
}
