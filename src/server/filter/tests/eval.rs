//! Filter evaluation against stored resources (checklist §4.2 and §4.3).

use serde_json::{Map, Value, json};

use super::{obj, parse};
use crate::server::filter::{check, matches, matches_element};
use crate::server::schema::{AttrType, AttributeDef, REGISTRY, ResourceType};

const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn ada() -> Map<String, Value> {
    obj(json!({
        "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        ],
        "id": "2819c223-7f76-453a-919d-413861904646",
        "externalId": "Ada-77",
        "userName": "ada@x.io",
        "name": {"familyName": "O\"Neil", "givenName": "Ada"},
        "displayName": "Ada O'Malley",
        "nickName": null,
        "title": "",
        "active": true,
        "emails": [
            {"value": "ada@work.example", "type": "work", "primary": true},
            {"value": "ada@x.io", "type": "home"}
        ],
        "phoneNumbers": [],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "employeeNumber": "E-77",
            "department": "R&D",
            "manager": {"value": "u9", "displayName": "Bob"}
        },
        "meta": {
            "resourceType": "User",
            "created": "2024-01-01T00:30:00+01:00",
            "lastModified": "2024-03-01T12:00:00Z",
            "version": "W/\"3\""
        }
    }))
}

fn user() -> &'static ResourceType {
    &REGISTRY.user
}

/// Parses, checks (must pass) and evaluates `src` against `resource`.
fn eval_on(src: &str, resource: &Map<String, Value>, rt: &ResourceType) -> bool {
    let f = parse(src);
    if let Err(e) = check(&f, rt) {
        panic!("{src:?} should pass the check: {}", e.detail);
    }
    matches(&f, resource, rt)
}

/// Asserts each filter's result against Ada.
fn expect(cases: &[(&str, bool)]) {
    let ada = ada();
    for (src, expected) in cases {
        assert_eq!(eval_on(src, &ada, user()), *expected, "{src}");
    }
}

#[test]
fn case_exactness_follows_the_schema() {
    expect(&[
        ("userName eq \"ADA@X.IO\"", true),
        ("userName eq \"ada@x.io\"", true),
        ("externalId eq \"Ada-77\"", true),
        ("externalId eq \"ada-77\"", false),
        ("id eq \"2819C223-7F76-453A-919D-413861904646\"", false),
        ("id eq \"2819c223-7f76-453a-919d-413861904646\"", true),
        ("meta.resourceType eq \"User\"", true),
        ("meta.resourceType eq \"user\"", false),
        ("displayName eq \"ADA O'MALLEY\"", true),
        ("userName eq \"nobody@x.io\"", false),
    ]);
}

#[test]
fn attribute_names_and_operators_in_any_case() {
    expect(&[
        ("USERNAME eq \"ada@x.io\"", true),
        ("userName EQ \"ada@x.io\"", true),
        ("UserName Eq \"ada@x.io\"", true),
        ("name.FamilyName eq \"o\\\"neil\"", true),
        ("emails.Value co \"WORK.EXAMPLE\"", true),
        ("EMAILS[TYPE EQ \"WORK\"]", true),
        ("META.CREATED pr", true),
    ]);
}

#[test]
fn presence() {
    expect(&[
        ("title pr", false),
        ("nickName pr", false),
        ("profileUrl pr", false),
        ("phoneNumbers pr", false),
        ("emails pr", true),
        ("emails.value pr", true),
        ("emails.display pr", false),
        ("name pr", true),
        ("active pr", true),
        (&format!("{ENT}:manager pr"), true),
        (&format!("{ENT}:costCenter pr"), false),
    ]);
    let mut r = ada();
    r["emails"] = json!([]);
    assert!(!eval_on("emails pr", &r, user()));
    r["emails"] = json!([{"type": null, "value": ""}]);
    assert!(!eval_on("emails pr", &r, user()));
    assert!(eval_on("not (emails pr)", &r, user()));
}

#[test]
fn and_binds_tighter_than_or_on_data() {
    // a = true, b = false, c = false: `a or (b and c)` is true, `(a or b) and c` is false.
    expect(&[
        (
            "userName eq \"ada@x.io\" or userName eq \"b\" and active eq false",
            true,
        ),
        (
            "(userName eq \"ada@x.io\" or userName eq \"b\") and active eq false",
            false,
        ),
        (
            "active eq false and userName eq \"b\" or userName eq \"ada@x.io\"",
            true,
        ),
        (
            "active eq false and (userName eq \"b\" or userName eq \"ada@x.io\")",
            false,
        ),
    ]);
}

#[test]
fn not_and_lenient_not() {
    expect(&[
        ("not (emails co \"x.io\")", false),
        ("not(emails co \"nowhere\")", true),
        ("not (not (userName pr))", true),
        ("not (title pr) and not (nickName pr)", true),
    ]);
}

#[test]
fn value_path_needs_one_element_dotted_paths_do_not() {
    expect(&[
        ("emails[type eq \"work\" and value co \"x.io\"]", false),
        ("emails.type eq \"work\" and emails.value co \"x.io\"", true),
        ("emails[type eq \"home\" and value co \"x.io\"]", true),
        ("emails[type eq \"work\"]", true),
        ("emails[type eq \"other\"]", false),
        ("emails[not (type eq \"work\")]", true),
        ("emails[primary eq true and type eq \"home\"]", false),
        (
            "emails[type eq \"work\" or type eq \"home\"] and active eq true",
            true,
        ),
        ("phoneNumbers[type pr]", false),
        ("name[givenName eq \"ada\"]", true),
    ]);
}

#[test]
fn multi_valued_any_match_and_ne_is_not_eq() {
    expect(&[
        ("emails.type eq \"home\"", true),
        ("emails.type ne \"work\"", false),
        ("emails.type ne \"other\"", true),
        ("emails co \"@work\"", true),
        ("emails ew \".io\"", true),
        ("emails sw \"bob\"", false),
    ]);
}

#[test]
fn extension_and_common_attributes() {
    expect(&[
        (&format!("{ENT}:employeeNumber eq \"E-77\""), true),
        (&format!("{ENT}:employeeNumber eq \"e-77\""), true),
        (&format!("{ENT}:manager.value eq \"u9\""), true),
        (&format!("{ENT}:manager.value eq \"U9\""), false),
        (&format!("{ENT}:manager eq \"u9\""), true),
        (&format!("{ENT}:Department eq \"r&d\""), true),
        (
            &format!("{}:employeeNumber eq \"E-77\"", ENT.to_uppercase()),
            true,
        ),
        (
            "urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"ada\"",
            true,
        ),
        (&format!("schemas eq \"{ENT}\""), true),
        (&format!("schemas eq \"{}\"", ENT.to_lowercase()), false),
        (
            "meta.resourceType eq \"User\" and meta.version eq \"W/\\\"3\\\"\"",
            true,
        ),
    ]);
    // Without the extension object, extension filters see nothing.
    let mut plain = ada();
    plain.remove(ENT);
    let f = format!("{ENT}:employeeNumber eq \"E-77\"");
    assert!(!eval_on(&f, &plain, user()));
    assert!(eval_on(
        &format!("{ENT}:employeeNumber eq null"),
        &plain,
        user()
    ));
}

#[test]
fn datetimes_compare_chronologically() {
    // created is 2023-12-31T23:30:00Z; the lexicographic order of these strings says otherwise.
    expect(&[
        ("meta.created gt \"2024-01-01T00:00:00+02:00\"", true),
        ("meta.created lt \"2024-01-01T00:00:00Z\"", true),
        ("meta.created gt \"2024-01-01T00:00:00Z\"", false),
        ("meta.created eq \"2023-12-31T23:30:00Z\"", true),
        ("meta.created ge \"2023-12-31T23:30:00Z\"", true),
        ("meta.created le \"2023-12-31T18:30:00-05:00\"", true),
        ("meta.created lt \"2023-12-31T18:30:00-05:00\"", false),
        ("meta.created gt \"yesterday\"", false),
        ("meta.created lt \"yesterday\"", false),
        ("meta.created ne \"yesterday\"", true),
        ("meta.Created gt 2015-10-10T14:38:21Z", true),
        ("meta.lastModified gt \"2024-02-29T23:00:00-01:00\"", true),
        ("meta.lastModified sw \"2024-03\"", true),
    ]);
    let mut broken = ada();
    broken["meta"]["created"] = json!("not a date");
    assert!(!eval_on(
        "meta.created lt \"2099-01-01T00:00:00Z\"",
        &broken,
        user()
    ));
    assert!(!eval_on(
        "meta.created gt \"1999-01-01T00:00:00Z\"",
        &broken,
        user()
    ));
    assert!(eval_on("meta.created eq \"NOT A DATE\"", &broken, user()));
}

#[test]
fn escapes_and_apostrophes() {
    expect(&[
        ("name.familyName eq \"O\\\"Neil\"", true),
        ("displayName co \"O'Malley\"", true),
        ("displayName co \"O\\u0027Malley\"", true),
    ]);
}

#[test]
fn null_absent_and_type_mismatch() {
    expect(&[
        ("title eq null", true),
        ("nickName eq null", true),
        ("locale eq null", true),
        ("userName eq null", false),
        ("userName ne null", true),
        ("nickName ne null", false),
        ("nickName ne \"x\"", true),
        ("nickName eq \"x\"", false),
        ("userName eq 42", false),
        ("userName ne 42", true),
        ("userName eq true", false),
        ("emails eq null", false),
        ("phoneNumbers eq null", true),
    ]);
}

#[test]
fn booleans_and_lenient_boolean_strings() {
    expect(&[
        ("active eq true", true),
        ("active eq TRUE", true),
        ("active eq false", false),
        ("active ne false", true),
        ("active eq \"True\"", true),
        ("active eq \"false\"", false),
        ("active eq 1", false),
    ]);
    let mut stringy = ada();
    stringy["active"] = json!("True");
    assert!(eval_on("active eq true", &stringy, user()));
    assert!(!eval_on("active eq false", &stringy, user()));
}

#[test]
fn substring_operators_are_true_on_equality() {
    expect(&[
        ("userName sw \"ada@x.io\"", true),
        ("userName ew \"ADA@X.IO\"", true),
        ("userName co \"ada@x.io\"", true),
        ("userName co \"\"", true),
        ("userName sw \"x.io\"", false),
        ("externalId co \"ada\"", false),
        ("externalId co \"Ada\"", true),
    ]);
}

#[test]
fn string_ordering_honours_case_exact() {
    expect(&[
        ("userName gt \"ADA\"", true),
        ("userName lt \"ADA\"", false),
        ("userName ge \"ADA@X.IO\"", true),
        ("userName le \"ADA@X.IO\"", true),
        ("externalId lt \"ada\"", true),
        ("externalId gt \"ada\"", false),
        ("userName gt 3", false),
    ]);
}

#[test]
fn unicode_case_folding() {
    let mut r = ada();
    r["displayName"] = json!("ÉLODIE Straße");
    assert!(eval_on("displayName eq \"élodie straße\"", &r, user()));
    assert!(eval_on("displayName sw \"éLo\"", &r, user()));
    assert!(eval_on("displayName co \"DIE STRA\"", &r, user()));
    assert!(eval_on("displayName ew \"STRAßE\"", &r, user()));
    assert!(!eval_on("displayName eq \"elodie straße\"", &r, user()));
}

#[test]
fn stored_keys_are_looked_up_case_insensitively() {
    let r = obj(json!({
        "USERNAME": "x",
        "Emails": [{"VALUE": "a@b.c", "Type": "work"}],
        "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER": {"EmployeeNumber": "7"}
    }));
    assert!(eval_on("userName eq \"x\"", &r, user()));
    assert!(eval_on(
        "emails[type eq \"work\" and value eq \"A@B.C\"]",
        &r,
        user()
    ));
    assert!(eval_on(
        &format!("{ENT}:employeeNumber eq \"7\""),
        &r,
        user()
    ));
}

#[test]
fn unchecked_filters_never_fail() {
    let ada = ada();
    let run = |src: &str| matches(&parse(src), &ada, user());
    assert!(!run("nickNameX eq \"x\""));
    assert!(run("nickNameX ne \"x\""));
    assert!(run("nickNameX eq null"));
    assert!(!run("nickNameX pr"));
    assert!(!run("name eq \"x\""));
    assert!(!run("emails[typo eq \"x\"]"));
    assert!(!run("userName[value eq \"x\"]"));
    assert!(!run("urn:x:y:z eq \"x\""));
    assert!(!run("active gt true"));
    assert!(!run("title co null"));
}

#[test]
fn groups() {
    let g = obj(json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": "g1",
        "displayName": "Admins",
        "members": [
            {"value": "u1", "$ref": "https://h/Users/u1", "type": "User"},
            {"value": "g2", "$ref": "https://h/Groups/g2", "type": "Group"}
        ]
    }));
    let rt = &REGISTRY.group;
    assert!(eval_on("displayName eq \"admins\"", &g, rt));
    assert!(eval_on("members[value eq \"u1\"]", &g, rt));
    assert!(!eval_on(
        "members[value eq \"u1\" and type eq \"Group\"]",
        &g,
        rt
    ));
    assert!(eval_on("members.$ref co \"/Groups/\"", &g, rt));
    assert!(eval_on("members.$REF pr", &g, rt));
    assert!(!eval_on(&format!("schemas eq \"{ENT}\""), &g, rt));
}

#[test]
fn matches_element_uses_sub_attributes_of_the_parent() {
    let emails = user().resolve(None, "emails", None).expect("emails").attr;
    let work = json!({"value": "Ada@Work.example", "type": "work", "primary": true});
    let home = json!({"value": "ada@x.io", "type": "home"});
    let run = |src: &str, el: &Value| matches_element(&parse(src), el, emails);
    assert!(run("type eq \"work\" and primary eq true", &work));
    assert!(!run("type eq \"work\" and primary eq true", &home));
    assert!(run("Value eq \"ada@work.EXAMPLE\"", &work));
    assert!(run("primary eq null", &home));
    assert!(run("not (primary eq true)", &home));
    assert!(!run("typo eq \"x\"", &work));
    assert!(run("typo ne \"x\"", &work));
    assert!(!run("value.x pr", &work));
    assert!(!run("emails[type pr]", &work));
    assert!(!run("type pr", &json!("not an object")));
}

#[test]
fn numbers_compare_numerically() {
    let parent = AttributeDef::complex(
        "stats",
        vec![
            AttributeDef::new("count", AttrType::Integer),
            AttributeDef::new("score", AttrType::Decimal),
        ],
    );
    let el = json!({"count": 7, "score": 2.5});
    let run = |src: &str| matches_element(&parse(src), &el, &parent);
    assert!(run("count gt 5"));
    assert!(!run("count gt 10"));
    assert!(run("count eq 7.0"));
    assert!(run("count ge 7 and count le 7"));
    assert!(run("score lt 1e1"));
    assert!(run("score ge -3"));
    assert!(!run("score eq \"2.5\""));
    assert!(run("score ne \"2.5\""));
    assert!(!run("count co \"7\""));
}

#[test]
fn long_or_chains_evaluate_without_deep_recursion() {
    let mut terms = vec!["userName eq \"nobody\""; 1023];
    terms.push("userName eq \"ada@x.io\"");
    let src = terms.join(" or ");
    let ada = ada();
    assert!(eval_on(&src, &ada, user()));
    let src = vec!["userName pr"; 1024].join(" and ");
    assert!(eval_on(&src, &ada, user()));
}
