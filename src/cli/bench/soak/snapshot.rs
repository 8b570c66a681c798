//! The server's state after the soak, as its own list endpoints report it: every user and group,
//! fetched page by page once the clients have stopped (nothing changes while it is read, so
//! `startIndex` paging is exact). Only the attributes the checks need are kept.

use serde_json::Value;

use super::http::{Http, HttpError};

/// A user as listed.
#[derive(Debug, Clone, PartialEq)]
pub struct UserView {
    pub id: String,
    pub user_name: String,
    pub title: Option<String>,
    pub active: Option<bool>,
    /// Ids of the groups in the user's `groups` attribute.
    pub groups: Vec<String>,
}

/// A group as listed.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupView {
    pub id: String,
    pub display_name: String,
    /// Ids in `members`.
    pub members: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    pub users: Vec<UserView>,
    pub groups: Vec<GroupView>,
}

const PAGE: usize = 500;

impl Snapshot {
    /// Lists `/Users` and `/Groups` completely.
    pub async fn fetch(http: &Http) -> Result<Snapshot, HttpError> {
        let users = list_all(http, "/Users").await?;
        let groups = list_all(http, "/Groups").await?;
        Ok(Snapshot {
            users: users.iter().filter_map(user_view).collect(),
            groups: groups.iter().filter_map(group_view).collect(),
        })
    }
}

/// Every resource at `endpoint`, page by page until `totalResults` are read or a page is empty.
pub async fn list_all(http: &Http, endpoint: &str) -> Result<Vec<Value>, HttpError> {
    let mut all = Vec::new();
    loop {
        let path = format!("{endpoint}?startIndex={}&count={PAGE}", all.len() + 1);
        let body = http.get_json(&path).await?;
        let total = body
            .get("totalResults")
            .and_then(Value::as_u64)
            .unwrap_or(0) as usize;
        let page = match body.get("Resources") {
            Some(Value::Array(page)) => page.clone(),
            _ => Vec::new(),
        };
        let empty = page.is_empty();
        all.extend(page);
        if empty || all.len() >= total {
            return Ok(all);
        }
    }
}

fn str_of(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn values_of(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(|m| str_of(m, "value")).collect())
        .unwrap_or_default()
}

pub fn user_view(v: &Value) -> Option<UserView> {
    Some(UserView {
        id: str_of(v, "id")?,
        user_name: str_of(v, "userName").unwrap_or_default(),
        title: str_of(v, "title"),
        active: v.get("active").and_then(Value::as_bool),
        groups: values_of(v, "groups"),
    })
}

pub fn group_view(v: &Value) -> Option<GroupView> {
    Some(GroupView {
        id: str_of(v, "id")?,
        display_name: str_of(v, "displayName").unwrap_or_default(),
        members: values_of(v, "members"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_listed_user_keeps_its_group_ids() {
        let v = json!({"id": "u1", "userName": "A@x", "active": false, "title": "t",
                       "groups": [{"value": "g1", "display": "G"}]});
        assert_eq!(
            user_view(&v),
            Some(UserView {
                id: "u1".into(),
                user_name: "A@x".into(),
                title: Some("t".into()),
                active: Some(false),
                groups: vec!["g1".into()],
            })
        );
        assert_eq!(user_view(&json!({"userName": "no id"})), None);
    }
}
