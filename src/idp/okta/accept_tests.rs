//! Each rule of [`super`] on a response that breaks it: a `fail` rule returns its finding, a
//! `warn` rule lets the response through and notes its finding, both with the rule's reason.

use super::*;
use crate::idp::flow::Warnings;
use serde_json::json;

fn response<'a>(status: u16, json: &'a Value, warnings: &'a Warnings) -> Response<'a> {
    Response {
        status,
        headers: &[],
        body: "{…}",
        json: Some(json),
        warnings,
    }
}

/// `result` failed with `rule`'s reason and a message containing `needle`.
fn caught<T: std::fmt::Debug>(result: Result<T, Failure>, rule: &Rule, needle: &str) {
    let failure = result.expect_err("the rule should have failed the response");
    assert_eq!(failure.reason.as_deref(), Some(rule.reason), "{failure:?}");
    assert!(failure.message.contains(needle), "{}", failure.message);
}

/// The response passed, with exactly one warning of `rule` containing `needle`.
fn warned(warnings: &Warnings, rule: &Rule, needle: &str) {
    let found = warnings.take();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].reason.as_deref(), Some(rule.reason));
    assert!(found[0].message.contains(needle), "{}", found[0].message);
}

#[test]
fn lookup_accepts_both_documented_not_found_answers() {
    let w = Warnings::default();
    let none = json!({"totalResults": 0, "Resources": []});
    assert_eq!(lookup(&response(200, &none, &w), "user").unwrap(), None);
    let error = json!({"detail": "no"});
    assert_eq!(lookup(&response(404, &error, &w), "user").unwrap(), None);
    let one = json!({"totalResults": 1, "Resources": [{"id": "u1"}]});
    assert_eq!(
        lookup(&response(200, &one, &w), "user").unwrap(),
        Some(json!({"id": "u1"}))
    );
    assert!(w.take().is_empty());
}

#[test]
fn fail_rules_of_a_lookup() {
    let w = Warnings::default();
    let error = json!({"detail": "boom"});
    caught(
        lookup(&response(500, &error, &w), "user"),
        &rules::LOOKUP_STATUS,
        "boom",
    );
    let string = json!({"totalResults": "0", "Resources": []});
    caught(
        lookup(&response(200, &string, &w), "user"),
        &rules::NUMERIC_PAGING,
        "not a JSON number",
    );
    let bare = json!([]);
    caught(
        lookup(&response(200, &bare, &w), "user"),
        &rules::LIST_BODY,
        "No results for users returned",
    );
    let not_array = json!({"totalResults": 1, "Resources": {"id": "1"}});
    caught(
        lookup(&response(200, &not_array, &w), "user"),
        &rules::RESOURCES_ARRAY,
        "not an array",
    );
    let two = json!({"totalResults": 2, "Resources": [{"id": "1"}, {"id": "2"}]});
    caught(
        lookup(&response(200, &two, &w), "user"),
        &rules::LOOKUP_UNIQUE,
        "expects 0 or 1",
    );
    let zero_but_one = json!({"totalResults": 0, "Resources": [{"id": "1"}]});
    caught(
        lookup(&response(200, &zero_but_one, &w), "user"),
        &rules::LOOKUP_UNIQUE,
        "not empty",
    );
    let no_id = json!({"totalResults": 1, "Resources": [{"userName": "a"}]});
    caught(
        lookup(&response(200, &no_id, &w), "user"),
        &rules::RESOURCE_ID,
        "no `id`",
    );
    let counted = json!({"totalResults": 1});
    caught(
        lookup(&response(200, &counted, &w), "user"),
        &rules::TOTAL_WITHOUT_RESOURCES,
        "no `Resources`",
    );
    assert!(w.take().is_empty());
}

#[test]
fn items_per_page_echoing_count_is_a_warning_and_the_lookup_goes_on() {
    let w = Warnings::default();
    let echo = json!({"totalResults": 1, "itemsPerPage": 100, "startIndex": 1, "Resources": [{"id": "u1"}]});
    let found = lookup(&response(200, &echo, &w), "user").unwrap();
    assert_eq!(found, Some(json!({"id": "u1"})));
    warned(&w, &rules::ITEMS_PER_PAGE, "`itemsPerPage` is 100 but 1");
    let none = json!({"totalResults": 0, "itemsPerPage": 100, "Resources": []});
    assert_eq!(lookup(&response(200, &none, &w), "user").unwrap(), None);
    warned(&w, &rules::ITEMS_PER_PAGE, "but 0");
}

#[test]
fn items_per_page_on_an_import_page_is_a_warning_too() {
    let w = Warnings::default();
    let echo = json!({"totalResults": 102, "itemsPerPage": 100, "startIndex": 101, "Resources": [{"id": "1"}, {"id": "2"}]});
    let page = list_page(&response(200, &echo, &w), "users", ListUse::Paged).unwrap();
    assert_eq!((page.total_results, page.resources.len()), (102, 2));
    warned(&w, &rules::ITEMS_PER_PAGE, "itemsPerPage");
}

#[test]
fn a_lookup_without_total_results_is_judged_on_its_resources() {
    let w = Warnings::default();
    let none =
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "Resources": []});
    assert_eq!(lookup(&response(200, &none, &w), "user").unwrap(), None);
    warned(&w, &rules::LOOKUP_TOTAL_RESULTS, "no `totalResults`");
    let one = json!({"Resources": [{"id": "u1"}]});
    assert!(lookup(&response(200, &one, &w), "user").unwrap().is_some());
    warned(&w, &rules::LOOKUP_TOTAL_RESULTS, "1 resource");
}

#[test]
fn a_paged_read_without_total_results_fails() {
    let w = Warnings::default();
    let page = json!({"Resources": [{"id": "u1"}]});
    caught(
        list_page(&response(200, &page, &w), "users", ListUse::Paged),
        &rules::PAGED_TOTAL_RESULTS,
        "no `totalResults`",
    );
    let status = json!({});
    caught(
        list_page(&response(403, &status, &w), "users", ListUse::Paged),
        &rules::LIST_STATUS,
        "credentials were refused",
    );
}

#[test]
fn create_rules() {
    let w = Warnings::default();
    let empty = Response {
        status: 201,
        headers: &[],
        body: "",
        json: None,
        warnings: &w,
    };
    let e = created(&empty, "user").unwrap_err();
    assert_eq!(e.message, "Okta: Create new user returned empty user");
    assert_eq!(e.reason.as_deref(), Some(rules::CREATED.reason));
    let ok = json!({"id": "u1"});
    assert_eq!(created(&response(201, &ok, &w), "user").unwrap(), "u1");
    let conflict = json!({"detail": "exists"});
    caught(
        created(&response(409, &conflict, &w), "user"),
        &rules::CREATED,
        "exists",
    );
    let no_id = json!({"userName": "a"});
    caught(
        created(&response(201, &no_id, &w), "user"),
        &rules::RESOURCE_ID,
        "External ID",
    );
}

#[test]
fn read_put_and_patch_rules() {
    let w = Warnings::default();
    let v = json!({});
    assert!(read(&response(200, &v, &w), "user").is_ok());
    caught(read(&response(404, &v, &w), "user"), &rules::READ, "404");
    assert!(replaced(&response(200, &v, &w), "user").is_ok());
    caught(
        replaced(&response(204, &v, &w), "user"),
        &rules::REPLACED,
        "204",
    );
    assert!(patched(&response(204, &v, &w), "user").is_ok());
    assert!(patched(&response(200, &v, &w), "user").is_ok());
    caught(
        patched(&response(501, &v, &w), "user"),
        &rules::PATCHED,
        "does not fall back to PUT",
    );
    caught(
        patched(&response(400, &v, &w), "user"),
        &rules::PATCHED,
        "400 is not retried",
    );
    assert!(w.take().is_empty());
}

#[test]
fn a_group_delete_with_another_2xx_is_a_warning_an_error_fails() {
    let w = Warnings::default();
    let v = json!({});
    assert!(deleted(&response(204, &v, &w), "group", Dialect::Scim2).is_ok());
    assert!(w.take().is_empty());
    assert!(deleted(&response(200, &v, &w), "group", Dialect::Scim2).is_ok());
    warned(
        &w,
        &rules::DELETE_STATUS,
        "expected 204 No Content, got 200",
    );
    assert!(deleted(&response(204, &v, &w), "group", Dialect::Scim11).is_ok());
    warned(&w, &rules::DELETE_STATUS, "got 204");
    caught(
        deleted(&response(500, &v, &w), "group", Dialect::Scim2),
        &rules::DELETED,
        "deletion as failed",
    );
}

#[test]
fn read_back_rules() {
    let w = Warnings::default();
    let v = json!({});
    caught(
        active_is(&response(404, &v, &w), false),
        &rules::ACTIVE_READ_BACK,
        "stay readable",
    );
    let off = json!({"active": false});
    assert!(active_is(&response(200, &off, &w), false).is_ok());
    caught(
        active_is(&response(200, &off, &w), true),
        &rules::ACTIVE_READ_BACK,
        "expected true",
    );
    caught(
        active_is(&response(200, &v, &w), true),
        &rules::ACTIVE_READ_BACK,
        "no `active`",
    );
    assert!(gone(&response(404, &v, &w)).is_ok());
    caught(
        gone(&response(200, &off, &w)),
        &rules::GONE,
        "still readable",
    );
}

#[test]
fn a_listed_resource_without_an_id_fails_the_import() {
    let mut seen = BTreeSet::new();
    let mut duplicates = Vec::new();
    let listed = [json!({"id": "1"}), json!({"userName": "x"})];
    caught(
        page_ids(&listed, &mut seen, &mut duplicates),
        &rules::RESOURCE_ID,
        "cannot import",
    );
}
