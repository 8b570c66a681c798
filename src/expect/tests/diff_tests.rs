use serde_json::{Value, json};

use crate::expect::{DiffTag, diff, json_diff};
use crate::scenario::model::MatchMode::{Exact, Subset};

fn user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "2819c223-7f76-453a-919d-413861904646",
        "userName": "bjensen",
        "displayName": "Babs Jensen",
        "active": true,
        "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}],
        "meta": {
            "resourceType": "User",
            "created": "2024-05-01T10:00:00Z",
            "lastModified": "2024-05-01T10:00:00Z",
            "version": "W/\"1\"",
            "location": "http://127.0.0.1:8080/scim/v2/Users/2819c223-7f76-453a-919d-413861904646"
        }
    })
}

#[test]
fn matching_bodies_have_no_diff() {
    let e = json!({"id": "$nonempty", "userName": "bjensen", "meta": {"created": "$datetime"}});
    assert_eq!(diff(&e, &user(), Subset), None);
}

#[test]
fn matched_matchers_and_unmentioned_attributes_are_not_differences() {
    let e = json!({
        "id": "$regex:^[0-9a-f-]{36}$",
        "userName": "bjensen",
        "displayName": "Barbara Jensen",
        "meta": {"resourceType": "User", "created": "$datetime"}
    });
    let expected = r#"--- expected
+++ actual
@@ -1,7 +1,7 @@
 {
   "id": "2819c223-7f76-453a-919d-413861904646",
   "userName": "bjensen",
-  "displayName": "Barbara Jensen",
+  "displayName": "Babs Jensen",
   "meta": {
     "resourceType": "User",
     "created": "2024-05-01T10:00:00Z"
"#;
    assert_eq!(diff(&e, &user(), Subset).as_deref(), Some(expected));
}

#[test]
fn failed_matcher_shows_as_written() {
    let e = json!({"meta": {"created": "$datetime", "lastModified": "$datetime"}});
    let mut a = user();
    a["meta"]["created"] = json!("yesterday");
    let expected = r#"--- expected
+++ actual
@@ -1,6 +1,6 @@
 {
   "meta": {
-    "created": "$datetime",
+    "created": "yesterday",
     "lastModified": "2024-05-01T10:00:00Z"
   }
 }
"#;
    assert_eq!(diff(&e, &a, Subset).as_deref(), Some(expected));
}

#[test]
fn missing_last_key_does_not_mark_its_neighbour() {
    // Pretty-printed, "a": 1 gains a comma when "b" follows; lines compare without it.
    let d = diff(&json!({"a": 1, "b": 2}), &json!({"a": 1}), Subset).unwrap();
    assert_eq!(
        d,
        "--- expected\n+++ actual\n@@ -1,4 +1,3 @@\n {\n   \"a\": 1\n-  \"b\": 2\n }\n"
    );
}

#[test]
fn exact_mode_shows_extra_keys_and_absent_shows_the_present_key() {
    let e = json!({"userName": "bjensen", "password": "$absent"});
    let a = json!({"userName": "bjensen", "password": "secret", "nickName": "B"});
    // The comma that "userName" gains is not a difference: the line shows as unchanged.
    let expected = r#"--- expected
+++ actual
@@ -1,3 +1,5 @@
 {
   "userName": "bjensen",
+  "password": "secret",
+  "nickName": "B"
 }
"#;
    assert_eq!(diff(&e, &a, Exact).as_deref(), Some(expected));
}

#[test]
fn unordered_is_reordered_to_the_actual_pairing() {
    let e = json!({"emails": {"$unordered": [
        {"type": "home", "value": "h@x"},
        {"type": "work", "value": "w@x"},
    ]}});
    let a = json!({"emails": [
        {"type": "work", "value": "w@x"},
        {"type": "home", "value": "H@x"},
        {"type": "other", "value": "o@x"},
    ]});
    let expected = r#"--- expected
+++ actual
@@ -6,7 +6,7 @@
     },
     {
       "type": "home",
-      "value": "h@x"
+      "value": "H@x"
     }
   ]
 }
"#;
    assert_eq!(diff(&e, &a, Subset).as_deref(), Some(expected));
}

#[test]
fn only_shows_the_extra_element_in_subset_mode_too() {
    let e = json!({"members": {"$only": [{"value": "a"}]}});
    let a = json!({"members": [{"value": "a"}, {"value": "b"}]});
    let text = diff(&e, &a, Subset).unwrap_or_default();
    assert!(text.contains("+      \"value\": \"b\""), "{text}");
    assert_eq!(
        diff(&e, &json!({"members": [{"value": "a"}]}), Subset),
        None
    );
}

#[test]
fn array_length_difference_shows_the_extra_element() {
    let e = json!({"schemas": ["a"]});
    let a = json!({"schemas": ["a", "b"]});
    let expected = "--- expected\n+++ actual\n@@ -1,5 +1,6 @@\n {\n   \"schemas\": [\n     \"a\",\n+    \"b\"\n   ]\n }\n";
    assert_eq!(diff(&e, &a, Subset).as_deref(), Some(expected));
}

#[test]
fn long_runs_of_changes_are_elided_within_their_hunk() {
    let e = Value::Object((0..100).map(|i| (format!("k{i:03}"), json!(i))).collect());
    let a = Value::Object(
        (0..100)
            .map(|i| (format!("k{i:03}"), json!(i + 1)))
            .collect(),
    );
    let text = diff(&e, &a, Subset).unwrap();
    let mut want = String::from("--- expected\n+++ actual\n@@ -1,102 +1,102 @@\n {\n");
    for (sign, offset) in [('-', 0), ('+', 1)] {
        for i in 0..8 {
            want.push_str(&format!("{sign}  \"k{i:03}\": {},\n", i + offset));
        }
        want.push_str("… 90 more lines\n");
        want.push_str(&format!("{sign}  \"k098\": {},\n", 98 + offset));
        want.push_str(&format!("{sign}  \"k099\": {}\n", 99 + offset));
    }
    want.push_str("}\n".trim_start());
    let want = want.replace("\n}\n", "\n }\n");
    assert_eq!(text, want);
}

#[test]
fn many_hunks_are_elided_in_the_middle() {
    // Every tenth key differs: 20 separate hunks of 9 lines each.
    let e = Value::Object((0..200).map(|i| (format!("k{i:03}"), json!(i))).collect());
    let a = Value::Object(
        (0..200)
            .map(|i| (format!("k{i:03}"), json!(if i % 10 == 5 { -1 } else { i })))
            .collect(),
    );
    let d = json_diff(&e, &a, Subset).unwrap();
    let hunks = d.lines.iter().filter(|l| l.tag == DiffTag::Hunk).count();
    // 2 header lines, the first 3 hunks, the marker, the last 2 hunks: cut at hunk starts.
    assert_eq!(d.lines.len(), 2 + 3 * 9 + 1 + 2 * 9);
    let notes: Vec<&str> = d
        .lines
        .iter()
        .filter(|l| l.tag == DiffTag::Note)
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(notes, vec!["… 135 more lines"]);
    assert_eq!(hunks, 3 + 2);
    let text = d.to_string();
    assert!(
        text.starts_with("--- expected\n+++ actual\n@@ -4,7 +4,7 @@\n"),
        "{text}"
    );
    assert!(
        text.contains("   \"k028\": 28,\n… 135 more lines\n@@ -184,7 +184,7 @@\n"),
        "{text}"
    );
    assert!(text.ends_with("   \"k198\": 198,\n"), "{text}");
}

#[test]
fn one_long_hunk_is_cut_inside() {
    // Every other key differs: one hunk, no long run, 153 lines.
    let e = Value::Object((0..100).map(|i| (format!("k{i:03}"), json!(i))).collect());
    let a = Value::Object(
        (0..100)
            .map(|i| (format!("k{i:03}"), json!(if i % 2 == 1 { -i } else { i })))
            .collect(),
    );
    let d = json_diff(&e, &a, Subset).unwrap();
    assert_eq!(d.lines.len(), 2 + 30 + 1 + 24);
    assert_eq!(d.lines[2 + 30].text, "… 99 more lines");
    assert_eq!(d.lines[2].text, "@@ -1,102 +1,102 @@");
    assert_eq!(d.lines.last().unwrap().to_string(), " }");
}

#[test]
fn invisible_mismatch_is_explained_not_hidden() {
    // An unknown matcher compared with its own text prints alike on both sides.
    let d = json_diff(&json!({"x": "$nope"}), &json!({"x": "$nope"}), Subset).unwrap();
    assert_eq!(
        d.to_string(),
        "--- expected\n+++ actual\nx: expected the unknown matcher `$nope`, actual \"$nope\"\n"
    );
}

#[test]
fn diff_lines_are_tagged_for_colouring() {
    let d = json_diff(&json!({"a": 1}), &json!({"a": 2}), Subset).unwrap();
    let tags: Vec<DiffTag> = d.lines.iter().map(|l| l.tag).collect();
    use DiffTag::*;
    assert_eq!(
        tags,
        vec![Header, Header, Hunk, Equal, Delete, Insert, Equal]
    );
    assert_eq!(d.lines[4].text, "  \"a\": 1");
    assert_eq!(d.lines[4].to_string(), "-  \"a\": 1");
}

#[test]
fn deeply_nested_values_do_not_break_anything() {
    let nest = |leaf: Value| {
        (0..128).fold(leaf, |v, i| {
            if i % 2 == 0 {
                json!([v])
            } else {
                json!({"k": v})
            }
        })
    };
    let (e, a) = (nest(json!({"x": "$datetime"})), nest(json!({"x": 1})));
    let verdict = crate::expect::match_json(&e, &a, Exact);
    assert_eq!(verdict.mismatches.len(), 1);
    assert!(verdict.mismatches[0].path.ends_with("[0].x"));
    let d = json_diff(&e, &a, Exact).unwrap();
    let changed: Vec<(DiffTag, &str)> = d
        .lines
        .iter()
        .filter(|l| matches!(l.tag, DiffTag::Delete | DiffTag::Insert))
        .map(|l| (l.tag, l.text.trim()))
        .collect();
    assert_eq!(
        changed,
        vec![
            (DiffTag::Delete, r#""x": "$datetime""#),
            (DiffTag::Insert, r#""x": 1"#)
        ]
    );
    assert!(crate::expect::validate_expected(&e).is_ok());
    let blessed = crate::expect::bless(&a, &[]);
    assert_eq!(blessed, a);
}

#[test]
fn short_runs_are_not_elided() {
    let keys = |n: usize| Value::Object((0..n).map(|i| (format!("k{i:02}"), json!(i))).collect());
    let notes = |n: usize| {
        let d = json_diff(&keys(n), &json!({}), Subset).unwrap();
        let deleted = d.lines.iter().filter(|l| l.tag == DiffTag::Delete).count();
        let notes: Vec<String> = d
            .lines
            .into_iter()
            .filter(|l| l.tag == DiffTag::Note)
            .map(|l| l.text)
            .collect();
        (deleted, notes)
    };
    // `{` and `}` become `{}`: n + 2 deleted lines, one inserted.
    assert_eq!(notes(12), (14, vec![]));
    assert_eq!(notes(13), (10, vec!["… 5 more lines".to_owned()]));
}

#[test]
fn a_failed_not_shows_as_written_and_a_held_one_is_no_difference() {
    let held = json!({"userName": {"$not": "someone-else"}});
    assert_eq!(diff(&held, &user(), Subset), None);
    let failed = json!({"meta": {"lastModified": {"$not": "2024-05-01T10:00:00Z"}}});
    let text = diff(&failed, &user(), Subset).unwrap_or_default();
    assert!(text.contains(r#"-    "lastModified": {"#), "{text}");
    assert!(
        text.contains(r#"+    "lastModified": "2024-05-01T10:00:00Z""#),
        "{text}"
    );
}
