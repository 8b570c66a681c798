//! The checks a well-typed scenario must still pass before it may run.
//!
//! serde guarantees the shape; this guarantees the meaning: an HTTP method the client will send,
//! a path that joins onto the base URL, header names and regexes that compile, captures the
//! runner can evaluate, names `${…}` can refer to, and references that will resolve. All problems
//! of a file are collected, each pointing (through the [`Tree`]) at the key or value at fault.

use std::collections::BTreeMap;

use regex::Regex;
use serde_json::Value;

use super::capture::CaptureSource;
use super::error::{ErrorKind, LoadError};
use super::fixtures::Fixture;
use super::lexical::{is_header_value, is_identifier, is_token};
use super::matchers::{NOT, STRUCTURAL, check_expected, regex_message};
use super::model::{
    DialectVariant, Exchange, Expect, HeaderCheck, HeaderRule, Scenario, StatusExpectation, Step,
};
use super::source::SourceFile;
use super::tree::{Segment, Tree, YamlPath};
use super::variables::{BUILT_INS, Scope};
use crate::protocol::Level;

mod entra;
mod named;
mod okta;

/// Every problem with `scenario`, in file order.
pub fn check(
    scenario: &Scenario,
    file: &SourceFile,
    tree: &Tree,
    fixtures: &BTreeMap<String, Fixture>,
) -> Vec<LoadError> {
    let mut checker = Checker {
        file,
        tree,
        fixtures,
        errors: Vec::new(),
    };
    checker.scenario(scenario);
    let mut errors = checker.errors;
    errors.sort_by_key(|e| e.line_column());
    errors
}

/// Whether an error points at a map key (`headers: {Bad Name: x}`) or at the value.
#[derive(Clone, Copy)]
enum Pick {
    Key,
    Value,
}

struct Checker<'a> {
    file: &'a SourceFile,
    tree: &'a Tree,
    fixtures: &'a BTreeMap<String, Fixture>,
    errors: Vec<LoadError>,
}

impl Checker<'_> {
    fn report(&mut self, path: &YamlPath, pick: Pick, label: &str, kind: ErrorKind) {
        let site = self.site(path, pick, label);
        self.errors.push(LoadError::at(site, kind));
    }

    /// Like [`Self::report`] for a `${…}` problem: points at the reference inside the string.
    fn report_reference(&mut self, path: &YamlPath, kind: ErrorKind) {
        let (needle, label) = match &kind {
            ErrorKind::UndefinedVariable { reference, .. } => {
                (reference.as_str(), "cannot be resolved")
            }
            ErrorKind::MalformedReference { text, .. } => (text.as_str(), "not a reference"),
            _ => ("", "here"),
        };
        let site = self.site(path, Pick::Value, label);
        let site = self.file.narrow(site, needle);
        self.errors.push(LoadError::at(site, kind));
    }

    fn site(&self, path: &YamlPath, pick: Pick, label: &str) -> super::source::Site {
        match self.tree.locate(path) {
            Some(found) => {
                let location = match pick {
                    Pick::Key => found.key_or_value(),
                    Pick::Value => found.value,
                };
                self.file.site_at(&location, label)
            }
            None => self.file.site_at_line_column(1, 1, 0, label),
        }
    }

    fn scenario(&mut self, scenario: &Scenario) {
        let root = YamlPath::root();
        if scenario.name.trim().is_empty() {
            self.report(
                &root.key("name"),
                Pick::Value,
                "empty",
                ErrorKind::EmptyName,
            );
        }
        if scenario.steps.is_empty() {
            self.report(
                &root.key("steps"),
                Pick::Value,
                "no steps",
                ErrorKind::EmptySteps,
            );
        }
        for (index, capability) in scenario.requires.iter().enumerate() {
            if let Some(message) = crate::protocol::capability::unknown_capability(capability) {
                let at = root.key("requires").index(index);
                let kind = ErrorKind::InvalidValue {
                    within: Some(at.describe()),
                    message,
                };
                self.report(&at, Pick::Value, "unknown capability", kind);
            }
        }
        let builtins_only = Scope {
            builtins_only: true,
            ..Scope::default()
        };
        for (name, spec) in &scenario.identities {
            let at = root.key("identities").key(name.clone());
            self.name(&at, "identity", name);
            let fixed = [
                ("givenName", &spec.given_name),
                ("familyName", &spec.family_name),
                ("userName", &spec.user_name),
                ("email", &spec.email),
            ];
            for (field, value) in fixed {
                if let Some(value) = value {
                    self.text(value, &at.key(field), &builtins_only);
                }
            }
        }

        for (name, spec) in &scenario.groups {
            let at = root.key("groups").key(name.clone());
            self.name(&at, "group", name);
            if scenario.identities.contains_key(name) {
                let kind = ErrorKind::GroupShadowsIdentity { name: name.clone() };
                self.report(&at, Pick::Key, "also an identity", kind);
            }
            if let Some(display_name) = &spec.display_name {
                self.text(display_name, &at.key("displayName"), &builtins_only);
            }
        }

        let mut scope = Scope {
            identities: scenario.identities.keys().map(String::as_str).collect(),
            groups: scenario.groups.keys().map(String::as_str).collect(),
            ..Scope::default()
        };
        for (i, step) in scenario.steps.iter().enumerate() {
            for (later, step) in scenario.steps.iter().enumerate().skip(i) {
                if let Some(exchange) = step.value.exchange() {
                    for name in exchange.capture.keys() {
                        scope.captured_later.entry(name).or_insert(later);
                    }
                }
            }
            let path = root.key("steps").index(i).key(step.value.kind());
            match &step.value {
                Step::Request(exchange) => {
                    self.exchange(exchange, &path, &scope);
                    scope
                        .captured
                        .extend(exchange.capture.keys().map(String::as_str));
                }
                Step::Okta(action) => self.okta(action, &path, scenario, &scope),
                Step::Entra(action) => self.entra(action, &path, scenario, &scope),
                Step::CreateUsers(create) => {
                    if !(1..=10_000).contains(&create.count) {
                        let kind = ErrorKind::InvalidUserCount {
                            count: create.count,
                        };
                        self.report(&path.key("count"), Pick::Value, "out of range", kind);
                    }
                }
            }
            scope.captured_later.clear();
        }
    }

    /// An identity or capture name: what `${name}` refers to.
    fn name(&mut self, path: &YamlPath, kind: &'static str, name: &str) {
        let name = name.to_owned();
        if !is_identifier(&name) {
            self.report(
                path,
                Pick::Key,
                "not an identifier",
                ErrorKind::InvalidIdentifier { kind, name },
            );
        } else if BUILT_INS.iter().any(|(builtin, _)| *builtin == name) {
            self.report(
                path,
                Pick::Key,
                "reserved",
                ErrorKind::ReservedName { kind, name },
            );
        }
    }

    fn exchange(&mut self, exchange: &Exchange, path: &YamlPath, scope: &Scope<'_>) {
        if !is_token(&exchange.method) {
            let method = exchange.method.clone();
            self.report(
                &path.key("method"),
                Pick::Value,
                "not an HTTP method",
                ErrorKind::InvalidMethod { method },
            );
        }
        if !exchange.path.starts_with('/') {
            let kind = ErrorKind::InvalidPath {
                path: exchange.path.clone(),
            };
            self.report(
                &path.key("path"),
                Pick::Value,
                "does not start with `/`",
                kind,
            );
        }
        self.text(&exchange.path, &path.key("path"), scope);
        self.query_and_headers(&exchange.query, &exchange.headers, path, scope);
        if let Some(super::model::AuthOverride::Header(value)) = &exchange.auth {
            let at = path.key("auth").key("header");
            self.header_value("Authorization", value, &at);
            self.text(value, &at, scope);
        }
        self.body(
            exchange.body.as_ref(),
            exchange.body_file.as_deref(),
            path,
            false,
            scope,
        );
        if let Some(expect) = &exchange.expect {
            self.expect_with_captures(expect, exchange, &path.key("expect"), scope);
        }
        if let Some(variant) = &exchange.scim11 {
            let at = path.key(crate::protocol::Dialect::Scim11.key());
            self.variant(variant, exchange, &at, scope);
        }
        for (name, source) in &exchange.capture {
            let at = path.key("capture").key(name.clone());
            self.name(&at, "capture", name);
            if scope.identities.contains(name.as_str()) {
                let kind = ErrorKind::CaptureShadowsIdentity { name: name.clone() };
                self.report(&at, Pick::Key, "also an identity", kind);
            }
            if let Err(reason) = CaptureSource::parse(source) {
                let kind = ErrorKind::InvalidCapture {
                    name: name.clone(),
                    source_expr: source.clone(),
                    reason,
                };
                self.report(
                    &at,
                    Pick::Value,
                    "not `body.<path>` or `header.<Name>`",
                    kind,
                );
            }
        }
    }

    /// A step's `scim1.1:` block, checked like the parts of the step it replaces.
    fn variant(
        &mut self,
        variant: &DialectVariant,
        exchange: &Exchange,
        path: &YamlPath,
        scope: &Scope<'_>,
    ) {
        if let Some(request_path) = &variant.path {
            if !request_path.starts_with('/') {
                let kind = ErrorKind::InvalidPath {
                    path: request_path.clone(),
                };
                let at = path.key("path");
                self.report(&at, Pick::Value, "does not start with `/`", kind);
            }
            self.text(request_path, &path.key("path"), scope);
        }
        let no_query = BTreeMap::new();
        let query = variant.query.as_ref().unwrap_or(&no_query);
        self.query_and_headers(query, &variant.headers, path, scope);
        self.body(
            variant.body.as_ref(),
            variant.body_file.as_deref(),
            path,
            false,
            scope,
        );
        if let Some(expect) = &variant.expect {
            self.expect_with_captures(expect, exchange, &path.key("expect"), scope);
        }
    }

    /// `query` values and request `headers` (names, values, references).
    fn query_and_headers(
        &mut self,
        query: &BTreeMap<String, String>,
        headers: &BTreeMap<String, String>,
        path: &YamlPath,
        scope: &Scope<'_>,
    ) {
        for (key, value) in query {
            self.text(value, &path.key("query").key(key.clone()), scope);
        }
        for (name, value) in headers {
            let at = path.key("headers").key(name.clone());
            self.header_name(name, &at);
            self.header_value(name, value, &at);
            self.text(value, &at, scope);
        }
    }

    /// A step's expectations may use what the same step captures: captures are taken from the
    /// response before it is compared (`id` and `meta.location` agree, say).
    fn expect_with_captures(
        &mut self,
        expect: &Expect,
        exchange: &Exchange,
        path: &YamlPath,
        scope: &Scope<'_>,
    ) {
        let mut with_own = scope.clone();
        for name in exchange.capture.keys() {
            with_own.captured.insert(name);
            with_own.captured_later.remove(name.as_str());
        }
        self.expect(expect, path, &with_own);
    }

    fn expect(&mut self, expect: &Expect, path: &YamlPath, scope: &Scope<'_>) {
        match &expect.status {
            Some(StatusExpectation::One(status)) => self.status(*status, &path.key("status")),
            Some(StatusExpectation::AnyOf(statuses)) if statuses.is_empty() => {
                self.report(
                    &path.key("status"),
                    Pick::Value,
                    "empty",
                    ErrorKind::EmptyStatusList,
                );
            }
            Some(StatusExpectation::AnyOf(statuses)) => {
                for (i, status) in statuses.iter().enumerate() {
                    self.status(*status, &path.key("status").index(i));
                }
            }
            None => {}
        }
        for (name, check) in &expect.headers {
            let at = path.key("headers").key(name.clone());
            self.header_name(name, &at);
            match check {
                HeaderCheck::Exact(value) => self.text(value, &at, scope),
                HeaderCheck::Rule(rule) => self.header_rule(name, rule, &at, scope),
            }
        }
        self.body(
            expect.body.as_ref(),
            expect.body_file.as_deref(),
            path,
            true,
            scope,
        );
        if expect.level == Level::Warn && expect.reason.is_none() {
            self.report(
                &path.key("level"),
                Pick::Value,
                "a warning without a reason",
                ErrorKind::WarningWithoutReason,
            );
        }
        for (i, alternative) in expect.alternatives.iter().enumerate() {
            let at = path.key("or").index(i);
            self.expect(&alternative.as_expect(), &at, scope);
            if alternative.level == Some(Level::Warn) && alternative.reason.is_none() {
                self.report(
                    &at.key("level"),
                    Pick::Value,
                    "a warning without a reason",
                    ErrorKind::WarningWithoutReason,
                );
            }
        }
    }

    fn status(&mut self, status: u16, path: &YamlPath) {
        if !(100..=599).contains(&status) {
            self.report(
                path,
                Pick::Value,
                "not a status code",
                ErrorKind::InvalidStatus { status },
            );
        }
    }

    fn header_name(&mut self, name: &str, path: &YamlPath) {
        if !is_token(name) {
            let kind = ErrorKind::InvalidHeaderName {
                name: name.to_owned(),
            };
            self.report(path, Pick::Key, "not a header name", kind);
        }
    }

    fn header_value(&mut self, name: &str, value: &str, path: &YamlPath) {
        if !is_header_value(value) {
            let kind = ErrorKind::InvalidHeaderValue {
                name: name.to_owned(),
            };
            self.report(path, Pick::Value, "line break or NUL", kind);
        }
    }

    fn header_rule(&mut self, name: &str, rule: &HeaderRule, path: &YamlPath, scope: &Scope<'_>) {
        let invalid = |reason: &str| ErrorKind::InvalidHeaderCheck {
            name: name.to_owned(),
            reason: reason.to_owned(),
        };
        let HeaderRule {
            present,
            matches,
            contains,
            level,
            reason,
            when: _,
        } = rule;
        if *level == Some(Level::Warn) && reason.is_none() {
            self.report(
                path,
                Pick::Value,
                "a warning without a reason",
                ErrorKind::WarningWithoutReason,
            );
        }
        if present.is_none() && matches.is_none() && contains.is_none() {
            let kind = invalid(
                "checks nothing; write `{present: true}`, `{present: false}`, `{matches: REGEX}` or `{contains: TEXT}`",
            );
            self.report(path, Pick::Value, "empty check", kind);
        }
        if *present == Some(false) && (matches.is_some() || contains.is_some()) {
            let kind = invalid(
                "says `present: false` and also checks the value; keep `present: false` alone",
            );
            self.report(
                &path.key("present"),
                Pick::Value,
                "contradicts the value checks",
                kind,
            );
        }
        if let Some(pattern) = matches
            && let Err(error) = Regex::new(pattern)
        {
            let kind = ErrorKind::InvalidRegex {
                pattern: pattern.clone(),
                message: regex_message(&error),
            };
            self.report(&path.key("matches"), Pick::Value, "invalid regex", kind);
        }
        if let Some(text) = contains {
            self.text(text, &path.key("contains"), scope);
        }
    }

    fn body(
        &mut self,
        body: Option<&Value>,
        body_file: Option<&str>,
        path: &YamlPath,
        expected: bool,
        scope: &Scope<'_>,
    ) {
        if body.is_some() && body_file.is_some() {
            let kind = ErrorKind::BodyAndBodyFile {
                within: path.describe(),
            };
            self.report(&path.key("body_file"), Pick::Key, "second body", kind);
        }
        if let Some(body) = body {
            let mut problems = Vec::new();
            scope.check_json(body, &path.key("body"), expected, &mut problems);
            for (at, kind) in problems {
                self.report_reference(&at, kind);
            }
            let mut problems = Vec::new();
            if expected {
                check_expected(body, &path.key("body"), &mut problems);
            }
            for (at, kind) in problems {
                // `$unordered`/`$only`/`$not` problems are about the key; the others about a
                // string value.
                let pick = match at.last_key() {
                    Some(key) if STRUCTURAL.contains(&key) || key == NOT => Pick::Key,
                    _ => Pick::Value,
                };
                self.report(&at, pick, "not a valid matcher", kind);
            }
        }
        let Some(name) = body_file else { return };
        let Some(fixture) = self.fixtures.get(name) else {
            return; // missing or broken: already reported while reading fixtures
        };
        let mut problems = Vec::new();
        scope.check_json(fixture.value(), &YamlPath::root(), expected, &mut problems);
        if expected {
            check_expected(fixture.value(), &YamlPath::root(), &mut problems);
        }
        for (at, kind) in problems {
            let kind = in_fixture(kind, name, &at);
            self.report(&path.key("body_file"), Pick::Value, "in this fixture", kind);
        }
    }

    /// References in a string that is substituted.
    pub(super) fn text(&mut self, text: &str, path: &YamlPath, scope: &Scope<'_>) {
        for kind in scope.check_text(text) {
            self.report_reference(path, kind);
        }
    }
}

/// A problem found inside a fixture, told by JSON pointer since the error points at `body_file`.
fn in_fixture(kind: ErrorKind, fixture: &str, at: &YamlPath) -> ErrorKind {
    let pointer = at
        .segments()
        .iter()
        .map(|s| match s {
            Segment::Key(k) => format!("/{}", k.replace('~', "~0").replace('/', "~1")),
            Segment::Index(i) => format!("/{i}"),
        })
        .collect();
    ErrorKind::InFixture {
        fixture: fixture.to_owned(),
        pointer,
        problem: Box::new(kind),
    }
}
