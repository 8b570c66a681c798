//! Filters (RFC 7644 §3.4.2.2): the checklist's §4.3 edge cases (`e01_…` to `e15_…`; 16 and 17
//! live in `lists` and `discovery`), every operator, and both query encodings.

use serde_json::{Value, json};

use crate::support::*;

/// Three users with distinct shapes; returns their ids (ada, bob, cyd).
async fn fixture(s: &Server) -> (String, String, String) {
    let ada = s
        .create(
            "/Users",
            json!({"schemas": [USER, ENTERPRISE], "userName": "Ada@Example.org", "externalId": "ExtAda",
                   "displayName": "Ada Lovelace", "title": "Countess", "active": true,
                   "name": {"givenName": "Ada", "familyName": "O\"Neil"},
                   "emails": [{"value": "ada@work.io", "type": "work", "primary": true},
                              {"value": "ada@home.org", "type": "home"}],
                   ENTERPRISE: {"employeeNumber": "E-77", "department": "Math"}}),
        )
        .await;
    let bob = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "bob@example.org", "title": "",
                   "active": false, "name": {"givenName": "Bob", "familyName": "O'Malley"},
                   "emails": [{"value": "bob@home.io", "type": "home"},
                              {"value": "bob@work.org", "type": "work"}]}),
        )
        .await;
    let cyd = s
        .create(
            "/Users",
            json!({"schemas": [USER], "userName": "cyd@other.net", "active": true, "emails": []}),
        )
        .await;
    (id_of(&ada), id_of(&bob), id_of(&cyd))
}

async fn ids(s: &Server, f: &str) -> Vec<String> {
    sorted(s.filter_ids("/Users", f).await)
}

fn set(ids: &[&String]) -> Vec<String> {
    sorted(ids.iter().map(|s| s.to_string()).collect())
}

#[tokio::test]
async fn e01_case_exact_is_honoured() {
    let s = Server::start().await;
    let (ada, _, _) = fixture(&s).await;
    assert_eq!(
        ids(&s, "userName eq \"ADA@EXAMPLE.ORG\"").await,
        set(&[&ada])
    );
    assert_eq!(
        ids(&s, "userName eq \"ada@example.org\"").await,
        set(&[&ada])
    );
    assert_eq!(ids(&s, "externalId eq \"ExtAda\"").await, set(&[&ada]));
    assert!(ids(&s, "externalId eq \"extada\"").await.is_empty());
    assert_ne!(ada, ada.to_uppercase());
    assert!(
        ids(&s, &format!("id eq \"{}\"", ada.to_uppercase()))
            .await
            .is_empty()
    );
    assert_eq!(ids(&s, &format!("id eq \"{ada}\"")).await, set(&[&ada]));
    assert_eq!(ids(&s, "displayName co \"LOVELACE\"").await, set(&[&ada]));
}

#[tokio::test]
async fn e02_attribute_names_and_operators_ignore_case() {
    let s = Server::start().await;
    let (ada, _, _) = fixture(&s).await;
    for f in [
        "USERNAME eq \"ada@example.org\"",
        "userName EQ \"ada@example.org\"",
        "UserName Eq \"ada@example.org\"",
        "username sW \"ADA\"",
    ] {
        assert_eq!(ids(&s, f).await, set(&[&ada]), "{f}");
    }
}

#[tokio::test]
async fn e03_no_match_is_an_empty_list_not_404() {
    let s = Server::start().await;
    fixture(&s).await;
    let r = s
        .filter("/Users", "userName eq \"random-7f3a@nowhere\"")
        .await;
    r.assert_status(200);
    assert_eq!(r.body["totalResults"], 0);
    assert_eq!(r.body["itemsPerPage"], 0);
    assert!(resources(&r.body).is_empty());
}

#[tokio::test]
async fn e04_malformed_filters_are_invalid_filter() {
    let s = Server::start().await;
    fixture(&s).await;
    for f in [
        "active gt true",
        "active le false",
        "userName regex \"a\"",
        "(((",
        "",
        "userName eq \"a\" xyz",
        "userName eq",
        "eq \"a\"",
        "userName eq \"unterminated",
        "not userName eq \"a\"",
        "userName eq \"a\" and",
        "(userName eq \"a\"",
        "userName eq \"a\")",
        "emails[type eq \"work\"",
        "userName pr \"x\"",
    ] {
        s.filter("/Users", f)
            .await
            .assert_error(400, Some("invalidFilter"));
    }
    s.get("/Users?filter=")
        .await
        .assert_error(400, Some("invalidFilter"));
}

#[tokio::test]
async fn e05_unquoted_strings_are_accepted_by_the_lenient_default() {
    let lenient = Server::start().await;
    let alice = lenient.create_user("alice").await;
    assert_eq!(
        lenient.filter_ids("/Users", "userName eq alice").await,
        vec![id_of(&alice)]
    );
}

#[tokio::test]
async fn e06_present_means_non_empty() {
    let s = Server::start().await;
    let (ada, bob, cyd) = fixture(&s).await;
    // bob has title "", cyd has none: only ada's counts. cyd's emails are [].
    assert_eq!(ids(&s, "title pr").await, set(&[&ada]));
    assert_eq!(ids(&s, "emails pr").await, set(&[&ada, &bob]));
    assert_eq!(ids(&s, "not (title pr)").await, set(&[&bob, &cyd]));
    assert_eq!(ids(&s, "externalId pr").await, set(&[&ada]));
}

#[tokio::test]
async fn e07_and_binds_tighter_than_or() {
    let s = Server::start().await;
    let (ada, bob, _) = fixture(&s).await;
    // a or (b and false-for-bob) = ada only; (a or b) and active eq false = bob only.
    let f = "userName eq \"ada@example.org\" or userName eq \"bob@example.org\" and active eq true";
    assert_eq!(ids(&s, f).await, set(&[&ada]));
    let f =
        "(userName eq \"ada@example.org\" or userName eq \"bob@example.org\") and active eq false";
    assert_eq!(ids(&s, f).await, set(&[&bob]));
    let f = "active eq false and userName eq \"bob@example.org\" or userName eq \"cyd@other.net\"";
    assert_eq!(ids(&s, f).await.len(), 2);
}

#[tokio::test]
async fn e08_not_with_and_without_space() {
    let s = Server::start().await;
    let (_, bob, cyd) = fixture(&s).await;
    assert_eq!(
        ids(&s, "not (emails co \"work.io\")").await,
        set(&[&bob, &cyd])
    );
    assert_eq!(
        ids(&s, "not(emails co \"work.io\")").await,
        set(&[&bob, &cyd])
    );
    assert_eq!(
        ids(&s, "NOT (userName sw \"a\") and active eq true").await,
        set(&[&cyd])
    );
}

#[tokio::test]
async fn e09_value_path_is_same_element_dotted_path_is_any_element() {
    let s = Server::start().await;
    let (ada, bob, _) = fixture(&s).await;
    // bob: home → .io, work → .org. Same element: no bob. Any element: bob too.
    let same = "emails[type eq \"work\" and value ew \".io\"]";
    assert_eq!(ids(&s, same).await, set(&[&ada]));
    let any = "emails.type eq \"work\" and emails.value ew \".io\"";
    assert_eq!(ids(&s, any).await, set(&[&ada, &bob]));
}

#[tokio::test]
async fn e10_value_path_as_the_whole_filter() {
    let s = Server::start().await;
    let (ada, bob, _) = fixture(&s).await;
    assert_eq!(
        ids(&s, "emails[type eq \"work\"]").await,
        set(&[&ada, &bob])
    );
    assert_eq!(
        ids(&s, "emails[type eq \"work\" and primary eq true]").await,
        set(&[&ada])
    );
    assert_eq!(
        ids(&s, "emails[not (type eq \"work\")] and userName sw \"b\"").await,
        set(&[&bob])
    );
}

#[tokio::test]
async fn e11_extension_urns_resource_type_and_schemas() {
    let s = Server::start().await;
    let (ada, bob, cyd) = fixture(&s).await;
    assert_eq!(
        ids(&s, &format!("{ENTERPRISE}:employeeNumber eq \"E-77\"")).await,
        set(&[&ada])
    );
    assert_eq!(
        ids(&s, &format!("{ENTERPRISE}:department sw \"ma\"")).await,
        set(&[&ada])
    );
    assert_eq!(
        ids(&s, &format!("{USER}:userName sw \"b\"")).await,
        set(&[&bob])
    );
    assert_eq!(
        ids(&s, "meta.resourceType eq \"User\"").await,
        set(&[&ada, &bob, &cyd])
    );
    assert_eq!(
        ids(&s, &format!("schemas eq \"{ENTERPRISE}\"")).await,
        set(&[&ada])
    );
}

#[tokio::test]
async fn e12_dates_compare_chronologically_across_offsets() {
    let s = Server::start().await;
    let u = s.create_user("dated").await;
    let created =
        chrono::DateTime::parse_from_rfc3339(u["meta"]["created"].as_str().unwrap()).unwrap();
    let plus2 = chrono::FixedOffset::east_opt(2 * 3600).unwrap();
    let fmt = |d: chrono::DateTime<chrono::FixedOffset>| d.with_timezone(&plus2).to_rfc3339();
    let before = fmt(created - chrono::Duration::seconds(1));
    let after = fmt(created + chrono::Duration::seconds(1));
    assert!(before.ends_with("+02:00"));
    assert_eq!(
        ids(&s, &format!("meta.created gt \"{before}\""))
            .await
            .len(),
        1
    );
    assert!(
        ids(&s, &format!("meta.created gt \"{after}\""))
            .await
            .is_empty()
    );
    assert_eq!(
        ids(&s, &format!("meta.lastModified lt \"{after}\""))
            .await
            .len(),
        1
    );
    assert_eq!(
        ids(&s, &format!("meta.created ge \"{}\"", fmt(created)))
            .await
            .len(),
        1
    );
    assert_eq!(
        ids(&s, &format!("meta.created le \"{}\"", fmt(created)))
            .await
            .len(),
        1
    );
    assert!(
        ids(&s, "meta.created lt \"2024-01-01T00:00:00+02:00\"")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn e13_escaped_quotes_and_apostrophes() {
    let s = Server::start().await;
    let (ada, bob, _) = fixture(&s).await;
    assert_eq!(
        ids(&s, "name.familyName eq \"O\\\"Neil\"").await,
        set(&[&ada])
    );
    assert_eq!(
        ids(&s, "name.familyName co \"O'Malley\"").await,
        set(&[&bob])
    );
    assert_eq!(
        ids(&s, "name.familyName eq \"O\\u0027Malley\"").await,
        set(&[&bob])
    );
}

#[tokio::test]
async fn e14_booleans() {
    let s = Server::start().await;
    let (ada, bob, cyd) = fixture(&s).await;
    assert_eq!(ids(&s, "active eq true").await, set(&[&ada, &cyd]));
    assert_eq!(ids(&s, "active eq false").await, set(&[&bob]));
    assert_eq!(ids(&s, "active ne true").await, set(&[&bob]));
}

#[tokio::test]
async fn e15_sub_attribute_names_ignore_case() {
    let s = Server::start().await;
    let (ada, bob, _) = fixture(&s).await;
    assert_eq!(
        ids(&s, "name.FamilyName eq \"O'Malley\"").await,
        set(&[&bob])
    );
    assert_eq!(ids(&s, "emails.Value co \"work.io\"").await, set(&[&ada]));
    assert_eq!(ids(&s, "Name.GIVENNAME sw \"a\"").await, set(&[&ada]));
}

#[tokio::test]
async fn string_operators() {
    let s = Server::start().await;
    let (ada, bob, cyd) = fixture(&s).await;
    assert_eq!(
        ids(&s, "userName ne \"bob@example.org\"").await,
        set(&[&ada, &cyd])
    );
    assert_eq!(ids(&s, "userName co \"example\"").await, set(&[&ada, &bob]));
    assert_eq!(ids(&s, "userName sw \"cyd\"").await, set(&[&cyd]));
    assert_eq!(ids(&s, "userName ew \".NET\"").await, set(&[&cyd]));
    assert_eq!(
        ids(&s, "userName ew \"cyd@other.net\"").await,
        set(&[&cyd]),
        "ew true when equal"
    );
    assert_eq!(
        ids(&s, "userName gt \"bob@example.org\"").await,
        set(&[&cyd])
    );
    assert_eq!(
        ids(&s, "userName ge \"BOB@example.org\"").await,
        set(&[&bob, &cyd])
    );
    assert_eq!(ids(&s, "userName lt \"b\"").await, set(&[&ada]));
    assert_eq!(
        ids(&s, "userName le \"ada@example.org\"").await,
        set(&[&ada])
    );
    assert_eq!(
        ids(&s, "emails co \"home\"").await,
        set(&[&ada, &bob]),
        "bare multi-valued means .value"
    );
}

#[tokio::test]
async fn logical_keywords_ignore_case_and_nest() {
    let s = Server::start().await;
    let (ada, bob, cyd) = fixture(&s).await;
    assert_eq!(
        ids(&s, "userName sw \"a\" OR userName sw \"b\"").await,
        set(&[&ada, &bob])
    );
    assert_eq!(
        ids(&s, "userName sw \"a\" AND active eq true").await,
        set(&[&ada])
    );
    let f = "((userName sw \"a\") or (userName sw \"c\")) and not (title pr)";
    assert_eq!(ids(&s, f).await, set(&[&cyd]));
}

#[tokio::test]
async fn unknown_attribute_is_invalid_filter() {
    let s = Server::start().await;
    fixture(&s).await;
    s.filter("/Users", "favouriteColour eq \"green\"")
        .await
        .assert_error(400, Some("invalidFilter"));
    s.filter("/Users", "name.nickname eq \"x\"")
        .await
        .assert_error(400, Some("invalidFilter"));
    s.filter("/Groups", "userName eq \"x\"")
        .await
        .assert_error(400, Some("invalidFilter"));
}

#[tokio::test]
async fn percent20_and_plus_encodings_are_equivalent() {
    let s = Server::start().await;
    let (ada, _, _) = fixture(&s).await;
    let f = "userName eq \"ada@example.org\" and active eq true";
    let a = s.get(&format!("/Users?filter={}", encode(f))).await;
    let b = s.get(&format!("/Users?filter={}", encode_plus(f))).await;
    assert!(encode(f).contains("%20") && encode_plus(f).contains('+'));
    a.assert_status(200);
    b.assert_status(200);
    assert_eq!(list_ids(&a.body), vec![ada.clone()]);
    assert_eq!(a.body, b.body);
}

#[tokio::test]
async fn group_filters() {
    let s = Server::start().await;
    let u = s.create_user("gm").await;
    let g = s.create_group("Engineering", &[&id_of(&u)]).await;
    let other = s.create_group("Sales", &[]).await;
    assert_eq!(
        s.filter_ids("/Groups", "displayName eq \"engineering\"")
            .await,
        vec![id_of(&g)]
    );
    assert_eq!(
        s.filter_ids("/Groups", &format!("members[value eq \"{}\"]", id_of(&u)))
            .await,
        vec![id_of(&g)]
    );
    assert_eq!(
        s.filter_ids("/Groups", "not (members pr)").await,
        vec![id_of(&other)]
    );
    assert_eq!(
        s.filter_ids("/Groups", "displayName sw \"s\"").await,
        vec![id_of(&other)]
    );
}

#[tokio::test]
async fn filters_through_search_match_get() {
    let s = Server::start().await;
    let (ada, bob, _) = fixture(&s).await;
    let r = s
        .post(
            "/Users/.search",
            &json!({"schemas": [SEARCH], "filter": "emails[type eq \"home\"]", "sortBy": "userName"}),
        )
        .await;
    r.assert_status(200);
    assert_eq!(list_ids(&r.body), vec![ada, bob]);
    s.post(
        "/Users/.search",
        &json!({"schemas": [SEARCH], "filter": "userName zz \"a\""}),
    )
    .await
    .assert_error(400, Some("invalidFilter"));
}

#[tokio::test]
async fn filter_sees_changes_and_deletions() {
    let s = Server::start().await;
    let (ada, _, _) = fixture(&s).await;
    let before: Value = json!(ids(&s, "title eq \"Countess\"").await);
    assert_eq!(before, json!([ada.clone()]));
    s.patch_ops(
        &format!("/Users/{ada}"),
        json!([{"op": "replace", "path": "title", "value": "Dr"}]),
    )
    .await
    .assert_status(200);
    assert!(ids(&s, "title eq \"Countess\"").await.is_empty());
    assert_eq!(ids(&s, "title eq \"dr\"").await, vec![ada.clone()]);
    assert_eq!(s.delete(&format!("/Users/{ada}")).await.status, 204);
    assert!(ids(&s, "userName eq \"ada@example.org\"").await.is_empty());
    assert!(ids(&s, "title eq \"dr\"").await.is_empty());
}
