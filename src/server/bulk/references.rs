//! `bulkId:` references (RFC 7644 §3.7.2): which operation creates what, the order that runs a
//! POST before the operations that reference it, and the replacement of every reference by the
//! id the POST got.
//!
//! Why an order and not the request's: §3.7.2 lets an operation reference a resource that a later
//! POST of the same request creates, and the server MUST try to resolve it. Operations run in
//! request order, except that a POST is pulled in front of the first operation referencing it.
//! A circular reference (§3.7.1) is not untangled: the operation whose reference is still
//! unresolved when it runs fails with 409, which §3.7.1 allows after a failed attempt, and so
//! does the other side, whose reference names a POST that failed. The walk
//! is iterative, so a long chain of references cannot exhaust the stack.

use std::collections::{HashMap, HashSet};

use axum::http::StatusCode;
use serde_json::Value;

use super::request::{Entry, Method, Operation};
use crate::server::error::{ScimError, ScimResult};

/// What a reference starts with: `"bulkId:qwerty"` names the POST whose bulkId is `qwerty`.
pub const PREFIX: &str = "bulkId:";

/// The bulkId a string references, if it is a reference.
fn referenced(text: &str) -> Option<&str> {
    text.strip_prefix(PREFIX).filter(|id| !id.is_empty())
}

/// Every bulkId an operation references, in its path segments and in any string of its data.
pub fn references(operation: &Operation) -> Vec<String> {
    let mut found: Vec<String> = operation
        .path
        .split('/')
        .filter_map(referenced)
        .map(str::to_owned)
        .collect();
    let mut stack: Vec<&Value> = operation.data.iter().collect();
    while let Some(value) = stack.pop() {
        match value {
            Value::String(text) => found.extend(referenced(text).map(str::to_owned)),
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    found
}

/// The creations of a request and the ids they got so far.
#[derive(Debug, Default)]
pub struct Plan {
    /// bulkId → the index of the first POST carrying it.
    creations: HashMap<String, usize>,
    /// bulkId → the id its POST created.
    created: HashMap<String, String>,
}

impl Plan {
    pub fn new(entries: &[Entry]) -> Plan {
        let mut creations = HashMap::new();
        for (index, entry) in entries.iter().enumerate() {
            if let Ok(op) = &entry.operation
                && op.method == Method::Post
                && let Some(bulk_id) = &op.bulk_id
            {
                creations.entry(bulk_id.clone()).or_insert(index);
            }
        }
        Plan {
            creations,
            created: HashMap::new(),
        }
    }

    /// The indexes of `entries` in the order they run: request order, each POST moved in front
    /// of the first operation that references it (depth first, without recursion).
    pub fn order(&self, entries: &[Entry]) -> Vec<usize> {
        let dependencies = |index: usize| -> Vec<usize> {
            match entries.get(index).map(|e| &e.operation) {
                Some(Ok(op)) => references(op)
                    .iter()
                    .filter_map(|id| self.creations.get(id).copied())
                    .filter(|&creation| creation != index)
                    .collect(),
                _ => Vec::new(),
            }
        };
        let mut order = Vec::with_capacity(entries.len());
        let mut visited = HashSet::new();
        for root in 0..entries.len() {
            if visited.contains(&root) {
                continue;
            }
            let mut on_path = HashSet::from([root]);
            let mut stack = vec![(root, dependencies(root).into_iter())];
            while let Some((index, pending)) = stack.last_mut() {
                let index = *index;
                match pending.next() {
                    None => {
                        stack.pop();
                        on_path.remove(&index);
                        visited.insert(index);
                        order.push(index);
                    }
                    Some(next) if !visited.contains(&next) && on_path.insert(next) => {
                        stack.push((next, dependencies(next).into_iter()));
                    }
                    Some(_) => {}
                }
            }
        }
        order
    }

    /// Whether the entry at `index` is the POST that `bulk_id` names.
    pub fn is_creation(&self, index: usize, bulk_id: &str) -> bool {
        self.creations.get(bulk_id) == Some(&index)
    }

    /// Records the id the POST of `bulk_id` created.
    pub fn record(&mut self, bulk_id: &str, id: &str) {
        self.created.insert(bulk_id.to_owned(), id.to_owned());
    }

    /// The operation at `index` with every reference replaced by its id. A POST reusing an
    /// earlier POST's bulkId is 400 `invalidValue`; a reference no POST of the request carries is
    /// 400 `invalidValue`; one whose POST failed or has not run (a circular reference) is 409.
    pub fn resolve(&self, index: usize, operation: &Operation) -> ScimResult<Operation> {
        if operation.method == Method::Post
            && let Some(bulk_id) = &operation.bulk_id
            && !self.is_creation(index, bulk_id)
        {
            return Err(ScimError::invalid_value(format!(
                "the bulkId {bulk_id:?} is not unique in the request"
            )));
        }
        let mut failure = None;
        let mut replace = |text: &str| -> Option<String> {
            let bulk_id = referenced(text)?;
            match self.created.get(bulk_id) {
                Some(id) => Some(id.clone()),
                None => {
                    failure.get_or_insert_with(|| self.unresolved(bulk_id));
                    None
                }
            }
        };
        let path = operation
            .path
            .split('/')
            .map(|segment| replace(segment).unwrap_or_else(|| segment.to_owned()))
            .collect::<Vec<_>>()
            .join("/");
        let data = operation.data.clone().map(|mut data| {
            replace_in(&mut data, &mut replace);
            data
        });
        match failure {
            Some(error) => Err(error),
            None => Ok(Operation {
                path,
                data,
                ..operation.clone()
            }),
        }
    }

    fn unresolved(&self, bulk_id: &str) -> ScimError {
        if self.creations.contains_key(bulk_id) {
            ScimError::new(
                StatusCode::CONFLICT,
                None,
                format!(
                    "the bulkId {bulk_id:?} names a POST that failed or that is part of a circular reference"
                ),
            )
        } else {
            ScimError::invalid_value(format!(
                "no POST operation of this request has the bulkId {bulk_id:?}"
            ))
        }
    }
}

/// Replaces, in place and without recursion, every string of `value` that `replace` maps.
fn replace_in(value: &mut Value, replace: &mut impl FnMut(&str) -> Option<String>) {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::String(text) => {
                if let Some(id) = replace(text) {
                    *text = id;
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(map) => stack.extend(map.values_mut()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::request::parse;
    use super::*;

    fn entries(ops: Value) -> Vec<Entry> {
        parse(&json!({ "Operations": ops }), 100).unwrap().entries
    }

    #[test]
    fn references_are_found_in_paths_and_in_any_string_of_the_data() {
        let e = entries(
            json!([{"method": "PATCH", "path": "/Groups/bulkId:g", "data": {
                "Operations": [{"op": "add", "path": "members", "value": [{"value": "bulkId:u"}]}]
            }}]),
        );
        let Ok(op) = &e[0].operation else { panic!() };
        let mut found = references(op);
        found.sort();
        assert_eq!(found, ["g", "u"]);
    }

    #[test]
    fn a_post_runs_before_the_first_operation_that_references_it() {
        let e = entries(json!([
            {"method": "POST", "path": "/Groups", "bulkId": "g", "data": {"members": [{"value": "bulkId:u"}]}},
            {"method": "DELETE", "path": "/Users/x"},
            {"method": "POST", "path": "/Users", "bulkId": "u", "data": {}},
        ]));
        assert_eq!(Plan::new(&e).order(&e), [2, 0, 1]);
    }

    #[test]
    fn a_circular_reference_keeps_an_order_and_fails_with_409() {
        let e = entries(json!([
            {"method": "POST", "path": "/Groups", "bulkId": "a", "data": {"members": [{"value": "bulkId:b"}]}},
            {"method": "POST", "path": "/Groups", "bulkId": "b", "data": {"members": [{"value": "bulkId:a"}]}},
        ]));
        let plan = Plan::new(&e);
        assert_eq!(plan.order(&e), [1, 0]);
        let Ok(op) = &e[1].operation else { panic!() };
        assert_eq!(
            plan.resolve(1, op).unwrap_err().status,
            StatusCode::CONFLICT
        );
    }

    #[test]
    fn references_resolve_to_the_created_id_and_unknown_ones_are_invalid_values() {
        let e = entries(json!([
            {"method": "POST", "path": "/Users", "bulkId": "u", "data": {}},
            {"method": "PUT", "path": "/Users/bulkId:u", "data": {"x": ["bulkId:u", "bulkId:", 1]}},
            {"method": "DELETE", "path": "/Users/bulkId:nobody"},
            {"method": "POST", "path": "/Users", "bulkId": "u", "data": {}},
        ]));
        let mut plan = Plan::new(&e);
        plan.record("u", "123");
        let Ok(op) = &e[1].operation else { panic!() };
        let resolved = plan.resolve(1, op).unwrap();
        assert_eq!(resolved.path, "/Users/123");
        assert_eq!(resolved.data, Some(json!({"x": ["123", "bulkId:", 1]})));
        let Ok(op) = &e[2].operation else { panic!() };
        assert_eq!(
            plan.resolve(2, op).unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
        let Ok(op) = &e[3].operation else { panic!() };
        assert!(plan.resolve(3, op).is_err(), "a duplicate bulkId");
    }
}
