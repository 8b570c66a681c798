//! The contract between an IdP action and the runner that drives it.
//!
//! Keeping the action a state machine (rather than async code that sends) keeps the data flow one
//! way: the flow decides, the runner performs and records. A flow never panics and never loops
//! forever on its own: it advances on every response it is given.

use serde_json::Value;

use crate::protocol::PreparedRequest;
use crate::protocol::Vars;
use crate::protocol::{Failure, FailureKind};

/// The response to the previous request, as the flow sees it.
#[derive(Debug, Clone, Copy)]
pub struct Response<'a> {
    pub status: u16,
    pub headers: &'a [(String, String)],
    /// The raw body (possibly empty).
    pub body: &'a str,
    /// The body, when it parsed as JSON.
    pub json: Option<&'a Value>,
    /// Where the rules that read this response put what they accept but would not have
    /// wanted (level `warn`): the IdP goes on, the report says why it was worth a look.
    pub warnings: &'a Warnings,
}

/// The warnings the IdP's rules found in responses they accepted; the runner drains them into
/// the step after each response.
#[derive(Debug, Default)]
pub struct Warnings(std::cell::RefCell<Vec<Failure>>);

impl Warnings {
    pub fn push(&self, warning: Failure) {
        self.0.borrow_mut().push(warning);
    }

    pub fn take(&self) -> Vec<Failure> {
        std::mem::take(&mut *self.0.borrow_mut())
    }
}

/// A request and a short label saying what it is for ("lookup by userName").
#[derive(Debug, Clone)]
pub struct Labeled {
    pub label: &'static str,
    pub request: PreparedRequest,
}

/// What a flow wants next.
#[derive(Debug, Clone)]
pub enum Next {
    Send(Labeled),
    Done,
    /// The IdP would stop here; the message says what it would do.
    Fail(Failure),
    /// The IdP accepts this answer with a warning, but the change it asked for did not happen,
    /// so what the scenario checks next no longer applies: the warning is recorded and the
    /// scenario ends here (as after a `stop: true` alternative).
    Stop(Failure),
}

impl Next {
    pub fn fail(kind: FailureKind, message: impl Into<String>) -> Self {
        Next::Fail(Failure::new(kind, message))
    }
}

/// One IdP action. `last` is `None` on the first call, then the response to the request the
/// previous call asked for. `vars` holds identities, groups and what earlier steps learnt (ids).
pub trait Flow: Send {
    fn next(&mut self, last: Option<Response<'_>>, vars: &mut Vars) -> Next;
}

/// Runs flows one after the other: the next starts (with `last = None`) when one is done.
pub struct Chain {
    flows: std::collections::VecDeque<Box<dyn Flow>>,
}

impl Chain {
    pub fn new(flows: Vec<Box<dyn Flow>>) -> Self {
        Self {
            flows: flows.into(),
        }
    }
}

impl Flow for Chain {
    fn next(&mut self, mut last: Option<Response<'_>>, vars: &mut Vars) -> Next {
        loop {
            let Some(flow) = self.flows.front_mut() else {
                return Next::Done;
            };
            match flow.next(last.take(), vars) {
                Next::Done => {
                    self.flows.pop_front();
                }
                other => return other,
            }
        }
    }
}
