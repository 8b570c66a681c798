//! Discovery (RFC 7644 §4, RFC 7643 §5–§7): `/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas`,
//! 403 on `filter`, 405 on writes, `/Me` → 501 (`/Bulk` is served: `bulk.rs`), unknown paths → 404.

use reqwest::Method;
use scimulate::server::Credentials;
use serde_json::{Value, json};

use crate::support::*;

const SPC: &str = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
const RT: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
const SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";

#[tokio::test]
async fn service_provider_config_is_complete_and_truthful() {
    let s = Server::start().await;
    let r = s.get("/ServiceProviderConfig").await;
    r.assert_status(200);
    let c = &r.body;
    assert_eq!(c["schemas"], json!([SPC]));
    assert_eq!(c["patch"]["supported"], json!(true));
    // Bulk is served (RFC 7644 §3.7; tests/server/bulk.rs), with the limits it enforces.
    assert_eq!(c["bulk"]["supported"], json!(true));
    assert_eq!(c["bulk"]["maxOperations"], json!(1000));
    assert_eq!(c["bulk"]["maxPayloadSize"], json!(1048576));
    assert_eq!(c["filter"]["supported"], json!(true));
    assert_eq!(c["filter"]["maxResults"], json!(1000));
    assert_eq!(c["sort"]["supported"], json!(true));
    assert_eq!(c["etag"]["supported"], json!(true));
    assert_eq!(
        c["changePassword"]["supported"],
        json!(false),
        "password is never stored"
    );
    assert!(c["authenticationSchemes"].is_array());
    assert_eq!(c["meta"]["resourceType"], "ServiceProviderConfig");
    assert_eq!(
        c["meta"]["location"],
        json!(format!("{}/ServiceProviderConfig", s.base))
    );
}

#[tokio::test]
async fn authentication_schemes_name_the_configured_credentials() {
    let creds = Credentials {
        bearer: Some("tok".into()),
        basic: Some(("u".into(), "p".into())),
    };
    let s = Server::start_secured(creds, Some("Bearer tok")).await;
    let c = s.fetch("/ServiceProviderConfig").await;
    let schemes = c["authenticationSchemes"].as_array().unwrap();
    let types: Vec<&str> = schemes
        .iter()
        .map(|a| a["type"].as_str().unwrap())
        .collect();
    assert!(types.contains(&"oauthbearertoken"), "{c}");
    assert!(types.contains(&"httpbasic"), "{c}");
    for a in schemes {
        assert!(a["name"].is_string() && a["description"].is_string(), "{a}");
    }
    let only_bearer = Credentials {
        bearer: Some("tok".into()),
        basic: None,
    };
    let s = Server::start_secured(only_bearer, Some("tok")).await;
    let c = s.fetch("/ServiceProviderConfig").await;
    let types: Vec<Value> = c["authenticationSchemes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["type"].clone())
        .collect();
    assert_eq!(types, vec![json!("oauthbearertoken")]);
}

#[tokio::test]
async fn resource_types_list_and_by_name() {
    let s = Server::start().await;
    let list = s.fetch("/ResourceTypes").await;
    let items = resources(&list);
    assert_eq!(list["totalResults"], json!(2));
    let user = items
        .iter()
        .find(|r| r["name"] == "User")
        .expect("User resource type");
    assert_eq!(user["schemas"], json!([RT]));
    assert_eq!(user["endpoint"], "/Users");
    assert_eq!(user["schema"], USER);
    assert_eq!(
        user["schemaExtensions"],
        json!([{"schema": ENTERPRISE, "required": false}])
    );
    assert_eq!(user["meta"]["resourceType"], "ResourceType");
    let group = items
        .iter()
        .find(|r| r["name"] == "Group")
        .expect("Group resource type");
    assert_eq!(group["endpoint"], "/Groups");
    assert_eq!(group["schema"], GROUP);
    let single = s.get("/ResourceTypes/User").await;
    single.assert_status(200);
    assert_eq!(single.body, *user, "single object equals the list entry");
    assert!(single.body.get("Resources").is_none());
    s.get("/ResourceTypes/Nope").await.assert_error(404, None);
}

#[tokio::test]
async fn schemas_list_and_by_urn() {
    let s = Server::start().await;
    let list = s.fetch("/Schemas").await;
    let ids: Vec<Value> = resources(&list).iter().map(|r| r["id"].clone()).collect();
    for urn in [USER, GROUP, ENTERPRISE] {
        assert!(ids.contains(&json!(urn)), "{urn} missing from /Schemas");
    }
    let user = s.fetch(&format!("/Schemas/{USER}")).await;
    assert_eq!(user["schemas"], json!([SCHEMA]));
    assert_eq!(user["id"], USER);
    assert_eq!(
        user["meta"]["location"],
        json!(format!("{}/Schemas/{USER}", s.base))
    );
    let attrs = user["attributes"].as_array().unwrap();
    let find = |name: &str| {
        attrs
            .iter()
            .find(|a| a["name"] == name)
            .cloned()
            .unwrap_or(Value::Null)
    };
    let user_name = find("userName");
    assert_eq!(user_name["required"], json!(true));
    assert_eq!(user_name["caseExact"], json!(false));
    assert_eq!(user_name["uniqueness"], "server");
    assert_eq!(user_name["type"], "string");
    assert_eq!(find("password")["returned"], "never");
    assert_eq!(find("password")["mutability"], "writeOnly");
    assert_eq!(find("groups")["mutability"], "readOnly");
    assert_eq!(find("emails")["multiValued"], json!(true));
    assert!(
        find("emails")["subAttributes"]
            .as_array()
            .is_some_and(|s| !s.is_empty())
    );
    let ent = s.fetch(&format!("/Schemas/{ENTERPRISE}")).await;
    assert_eq!(ent["id"], ENTERPRISE);
    s.get("/Schemas/urn:nope:nothing")
        .await
        .assert_error(404, None);
}

#[tokio::test]
async fn discovery_refuses_filter_with_403_and_ignores_paging() {
    let s = Server::start().await;
    for ep in ["/ServiceProviderConfig", "/ResourceTypes", "/Schemas"] {
        s.get(&format!("{ep}?filter={}", encode("id pr")))
            .await
            .assert_error(403, None);
    }
    let full = s.fetch("/Schemas").await;
    let paged = s.fetch("/Schemas?count=1&startIndex=2").await;
    assert_eq!(paged, full, "paging parameters must be ignored");
    let full = s.fetch("/ResourceTypes").await;
    assert_eq!(s.fetch("/ResourceTypes?count=1").await, full);
}

#[tokio::test]
async fn writes_to_discovery_endpoints_are_405() {
    let s = Server::start().await;
    for ep in [
        "/ServiceProviderConfig".to_string(),
        "/ResourceTypes".to_string(),
        "/ResourceTypes/User".to_string(),
        "/Schemas".to_string(),
        format!("/Schemas/{USER}"),
    ] {
        for m in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            let r = s
                .send_json(m.clone(), &ep, &json!({"schemas": [SPC]}))
                .await;
            r.assert_error(405, None);
        }
    }
}

#[tokio::test]
async fn me_is_501() {
    let s = Server::start().await;
    for m in [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
    ] {
        s.send_json(m.clone(), "/Me", &json!({}))
            .await
            .assert_error(501, None);
    }
}

#[tokio::test]
async fn unknown_paths_are_404_with_a_scim_body() {
    let s = Server::start().await;
    for path in ["/Nope", "/Users/abc/extra", "/Userz", "/v1/Users"] {
        s.get(path).await.assert_error(404, None);
    }
    s.get(&format!("{}/random/path", s.root))
        .await
        .assert_error(404, None);
}

#[tokio::test]
async fn unsupported_methods_on_resources_are_405() {
    let s = Server::start().await;
    s.send_json(Method::PUT, "/Users", &json!({}))
        .await
        .assert_error(405, None);
    s.send_json(Method::DELETE, "/Groups", &json!({}))
        .await
        .assert_error(405, None);
    s.send_json(Method::POST, "/Users/some-id", &json!({}))
        .await
        .assert_error(405, None);
    s.send(s.request(Method::GET, "/Users/.search"))
        .await
        .assert_error(405, None);
}

#[tokio::test]
async fn accept_application_json_is_served() {
    let s = Server::start().await;
    for path in ["/ServiceProviderConfig", "/Users"] {
        let r = s
            .send(
                s.request(Method::GET, path)
                    .header("Accept", "application/json"),
            )
            .await;
        r.assert_status(200);
        assert!(r.body.is_object());
    }
}

#[tokio::test]
async fn what_the_schema_advertises_is_what_the_server_does() {
    let s = Server::start().await;
    let user = s.fetch(&format!("/Schemas/{USER}")).await;
    let attrs = user["attributes"].as_array().unwrap().clone();
    let external = attrs.iter().find(|a| a["name"] == "externalId");
    // externalId may be listed in the schema or treated as a common attribute; if listed it is caseExact.
    if let Some(e) = external {
        assert_eq!(e["caseExact"], json!(true));
    }
    s.create(
        "/Users",
        json!({"schemas": [USER], "userName": "Probe", "externalId": "AbC"}),
    )
    .await;
    let user_name_case_exact =
        attrs.iter().find(|a| a["name"] == "userName").unwrap()["caseExact"] == json!(true);
    let hits = s.filter_ids("/Users", "userName eq \"PROBE\"").await.len();
    assert_eq!(hits == 0, user_name_case_exact);
    assert!(
        s.filter_ids("/Users", "externalId eq \"abc\"")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn group_schema_and_resource_metadata() {
    let s = Server::start().await;
    let group = s.fetch(&format!("/Schemas/{GROUP}")).await;
    let members = group["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "members")
        .cloned()
        .expect("members");
    let sub = |n: &str| {
        members["subAttributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == n)
            .cloned()
            .unwrap_or(Value::Null)
    };
    // The client's, stored as written (RFC 7643 §8.7.1 defines no server-derived display).
    assert_eq!(sub("display")["mutability"], "readWrite");
    assert_eq!(sub("value")["mutability"], "immutable");
    for r in resources(&s.fetch("/Schemas").await) {
        assert_eq!(r["meta"]["resourceType"], "Schema", "{r}");
        assert_eq!(
            r["meta"]["location"],
            json!(format!("{}/Schemas/{}", s.base, r["id"].as_str().unwrap()))
        );
    }
    for r in resources(&s.fetch("/ResourceTypes").await) {
        assert_eq!(
            r["meta"]["location"],
            json!(format!(
                "{}/ResourceTypes/{}",
                s.base,
                r["name"].as_str().unwrap()
            ))
        );
    }
}

#[tokio::test]
async fn max_results_advertised_is_the_configured_one() {
    let s = Server::start_with(scimulate::server::ServerConfig {
        max_results: 7,
        ..Default::default()
    })
    .await;
    let c = s.fetch("/ServiceProviderConfig").await;
    assert_eq!(c["filter"]["maxResults"], json!(7));
}
