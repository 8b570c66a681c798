//! A flow written as a list of acts: each builds its request from the run's variables when its
//! turn comes (so it sees the ids earlier acts learnt), or leaves itself out; the answer is then
//! judged by the act's acceptance. Most Entra actions are one or two such acts.

use std::collections::VecDeque;

use crate::idp::flow::{Flow, Labeled, Next, Response};
use crate::protocol::Failure;
use crate::protocol::Vars;

type Build = Box<dyn FnMut(&mut Vars) -> Result<Option<Labeled>, Failure> + Send>;
type Accept = Box<dyn FnMut(&Response<'_>, &mut Vars) -> Result<(), Refusal> + Send>;

/// Why an act did not accept an answer: Entra fails the entry, or it goes on with a warning
/// while the change did not happen ([`Next::Stop`]).
#[derive(Debug)]
pub enum Refusal {
    Fail(Failure),
    Stop(Failure),
}

impl From<Failure> for Refusal {
    fn from(failure: Failure) -> Self {
        Refusal::Fail(failure)
    }
}

/// One request of a script and what Entra accepts of its answer.
pub struct Act {
    build: Build,
    accept: Accept,
}

impl Act {
    /// `build` returns `None` when the act has nothing to send (no members to add).
    pub fn new(
        build: impl FnMut(&mut Vars) -> Result<Option<Labeled>, Failure> + Send + 'static,
        accept: impl FnMut(&Response<'_>, &mut Vars) -> Result<(), Refusal> + Send + 'static,
    ) -> Self {
        Self {
            build: Box::new(build),
            accept: Box::new(accept),
        }
    }
}

/// The acts, in order; the flow fails at the first answer Entra would not accept.
pub struct Script {
    acts: VecDeque<Act>,
    waiting: Option<Act>,
}

impl Script {
    pub fn new(acts: Vec<Act>) -> Self {
        Self {
            acts: acts.into(),
            waiting: None,
        }
    }
}

impl Flow for Script {
    fn next(&mut self, last: Option<Response<'_>>, vars: &mut Vars) -> Next {
        if let (Some(mut act), Some(response)) = (self.waiting.take(), last) {
            match (act.accept)(&response, vars) {
                Ok(()) => {}
                Err(Refusal::Fail(failure)) => return Next::Fail(failure),
                Err(Refusal::Stop(warning)) => return Next::Stop(warning),
            }
        }
        while let Some(mut act) = self.acts.pop_front() {
            match (act.build)(vars) {
                Err(failure) => return Next::Fail(failure),
                Ok(None) => continue,
                Ok(Some(request)) => {
                    self.waiting = Some(act);
                    return Next::Send(request);
                }
            }
        }
        Next::Done
    }
}
