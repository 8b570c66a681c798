//! User actions: assign (new, existing, re-assign), update, unassign, reactivate, test
//! credentials and import, in both modes.

use scimulate::idp::okta::OktaMode::{self, Aiw, Oin};
use serde_json::json;

use super::support::*;

const ASSIGN: &str = "name: assign\nidentities: {alice: {}}\nsteps:\n  - okta: {assign: alice}\n";

#[tokio::test]
async fn assign_new_user_is_lookup_then_post_in_both_modes() {
    for mode in [Oin, Aiw] {
        let run = run(ASSIGN, mode, vec![empty_list(), created("u-1")]).await;
        run.assert_passed();
        let alice = run.person("alice");
        assert_eq!(
            run.lines(),
            [user_lookup(&alice.user_name), "POST /scim/v2/Users".into()]
        );
        assert!(
            run.lines()[0].contains("%20eq%20%22") && run.lines()[0].contains("%40example.com")
        );
        assert_eq!(
            run.body(1),
            okta_create_body(&alice, "urn:ietf:params:scim:schemas:core:2.0:User")
        );
        assert_eq!(run.body(1)["emails"][0]["primary"], json!(true));
        run.assert_okta_headers();
    }
}

#[tokio::test]
async fn a_404_lookup_also_means_not_found() {
    let miss = json_response(
        404,
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "detail": "no", "status": "404"}),
    );
    let run = run(ASSIGN, Oin, vec![miss, created("u-1")]).await;
    run.assert_passed();
    assert_eq!(run.lines()[1], "POST /scim/v2/Users");
}

#[tokio::test]
async fn push_existing_email_links_then_gets_and_puts() {
    for mode in [Oin, Aiw] {
        let probe = run(ASSIGN, mode, vec![]).await;
        let alice = probe.person("alice");
        let mut existing = stored_user("u-9", &alice, true);
        existing["name"]["givenName"] = json!("Someone");
        let run = run(
            ASSIGN,
            mode,
            vec![
                list(vec![existing.clone()]),
                json_response(200, existing.clone()),
                json_response(200, existing.clone()),
            ],
        )
        .await;
        run.assert_passed();
        assert_eq!(
            run.lines(),
            [
                user_lookup(&alice.user_name),
                "GET /scim/v2/Users/u-9".into(),
                "PUT /scim/v2/Users/u-9".into()
            ]
        );
        let mut expected = existing.clone();
        expected["name"]["givenName"] = json!(alice.given_name);
        assert_eq!(run.body(2), expected, "only the changed value differs");
        run.assert_okta_headers();
    }
}

const UPDATE: &str = "name: update\nidentities: {alice: {}}\nsteps:\n  - okta: {assign: alice}\n  - okta: {update: {identity: alice, givenName: Alicia}}\n";

#[tokio::test]
async fn update_is_get_then_put_of_the_whole_object() {
    for mode in [Oin, Aiw] {
        let alice = run(UPDATE, mode, vec![]).await.person("alice");
        let stored = stored_user("u-1", &alice, true);
        let run = run(
            UPDATE,
            mode,
            vec![
                empty_list(),
                created("u-1"),
                json_response(200, stored.clone()),
                json_response(200, stored.clone()),
            ],
        )
        .await;
        run.assert_passed();
        assert_eq!(
            run.lines()[2..],
            ["GET /scim/v2/Users/u-1", "PUT /scim/v2/Users/u-1"]
        );
        let mut expected = stored.clone();
        expected["name"]["givenName"] = json!("Alicia");
        expected["displayName"] = json!(format!("Alicia {}", alice.family_name));
        assert_eq!(run.body(3), expected);
        run.assert_okta_headers();
    }
}

const UNASSIGN: &str = "name: unassign\nidentities: {alice: {}}\nsteps:\n  - okta: {assign: alice}\n  - okta: {unassign: alice}\n";

#[tokio::test]
async fn unassign_in_oin_mode_is_a_pathless_patch_then_the_read_back() {
    let alice = run(UNASSIGN, Oin, vec![]).await.person("alice");
    let off = stored_user("u-1", &alice, false);
    let run = run(
        UNASSIGN,
        Oin,
        vec![
            empty_list(),
            created("u-1"),
            status(204),
            json_response(200, off),
        ],
    )
    .await;
    run.assert_passed();
    assert_eq!(
        run.lines()[2..],
        ["PATCH /scim/v2/Users/u-1", "GET /scim/v2/Users/u-1"]
    );
    assert_eq!(
        run.body(2),
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
               "Operations": [{"op": "replace", "value": {"active": false}}]})
    );
    run.assert_okta_headers();
}

#[tokio::test]
async fn unassign_in_aiw_mode_is_get_then_put_active_false_then_the_read_back() {
    let alice = run(UNASSIGN, Aiw, vec![]).await.person("alice");
    let on = stored_user("u-1", &alice, true);
    let off = stored_user("u-1", &alice, false);
    let run = run(
        UNASSIGN,
        Aiw,
        vec![
            empty_list(),
            created("u-1"),
            json_response(200, on),
            json_response(200, off.clone()),
            json_response(200, off.clone()),
        ],
    )
    .await;
    run.assert_passed();
    assert_eq!(
        run.lines()[2..],
        [
            "GET /scim/v2/Users/u-1",
            "PUT /scim/v2/Users/u-1",
            "GET /scim/v2/Users/u-1"
        ]
    );
    assert_eq!(run.body(3), off);
    run.assert_okta_headers();
}

const REASSIGN: &str = "name: reassign\nidentities: {alice: {}}\nsteps:\n  - okta: {assign: alice}\n  - okta: {unassign: alice}\n  - okta: {assign: alice}\n";

fn reassign_expected(mode: OktaMode) -> Vec<&'static str> {
    match mode {
        Oin => vec![
            "PATCH /scim/v2/Users/u-1",
            "GET /scim/v2/Users/u-1",
            "PUT /scim/v2/Users/u-1",
        ],
        Aiw => vec![
            "GET /scim/v2/Users/u-1",
            "PUT /scim/v2/Users/u-1",
            "GET /scim/v2/Users/u-1",
            "PUT /scim/v2/Users/u-1",
        ],
    }
}

#[tokio::test]
async fn reassign_after_unassign_reactivates_then_pushes_the_profile() {
    for mode in [Oin, Aiw] {
        let alice = run(REASSIGN, mode, vec![]).await.person("alice");
        let on = json_response(200, stored_user("u-1", &alice, true));
        let off = json_response(200, stored_user("u-1", &alice, false));
        let mut responses = vec![empty_list(), created("u-1")];
        match mode {
            Oin => responses.extend([status(204), off.clone(), status(200)]),
            Aiw => responses.extend([
                on.clone(),
                off.clone(),
                off.clone(),
                off.clone(),
                on.clone(),
            ]),
        }
        responses.extend([on.clone(), on.clone()]);
        let run = run(REASSIGN, mode, responses).await;
        run.assert_passed();
        let skip = if mode == Oin { 4 } else { 5 };
        assert_eq!(run.lines()[skip..], reassign_expected(mode), "{mode}");
        let reactivation = run.body(skip + usize::from(mode == Aiw));
        match mode {
            Oin => assert_eq!(
                reactivation["Operations"],
                json!([{"op": "replace", "value": {"active": true}}])
            ),
            Aiw => assert_eq!(reactivation["active"], json!(true)),
        }
        run.assert_okta_headers();
    }
}

#[tokio::test]
async fn test_credentials_lists_users_then_groups() {
    let yaml = "name: creds\nsteps:\n  - okta: test_credentials\n";
    let run = run(yaml, Oin, vec![empty_list(), empty_list()]).await;
    run.assert_passed();
    assert_eq!(
        run.lines(),
        [
            "GET /scim/v2/Users?startIndex=1&count=2",
            "GET /scim/v2/Groups?startIndex=1&count=100"
        ]
    );
    run.assert_okta_headers();
}

fn page(total: usize, start: usize, n: usize) -> wiremock::ResponseTemplate {
    let resources: Vec<_> = (start..start + n)
        .map(|i| json!({"id": format!("u{i}")}))
        .collect();
    json_response(
        200,
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
               "totalResults": total, "startIndex": start + 1, "itemsPerPage": n,
               "Resources": resources}),
    )
}

#[tokio::test]
async fn import_reads_pages_of_100_until_total_results() {
    let yaml = "name: import\nsteps:\n  - okta: import_users\n  - okta: import_groups\n";
    let run = run(
        yaml,
        Oin,
        vec![
            page(250, 0, 100),
            page(250, 100, 100),
            page(250, 200, 50),
            page(3, 0, 3),
        ],
    )
    .await;
    run.assert_passed();
    assert_eq!(
        run.lines(),
        [
            "GET /scim/v2/Users?startIndex=1&count=100",
            "GET /scim/v2/Users?startIndex=101&count=100",
            "GET /scim/v2/Users?startIndex=201&count=100",
            "GET /scim/v2/Groups?startIndex=1&count=100"
        ]
    );
    run.assert_okta_headers();
}
