//! The server's own middleware as plain tower services: [`Middleware::handle`] sees the request,
//! calls the inner service (or answers in its place) and may rewrite the response.
//!
//! Why not `axum::middleware::from_fn`: every `from_fn` layer clones its inner service, boxes a
//! `Next` and boxes its future on every request, and a stack of them cost the reference server
//! about a third of its `GET /Users/{id}` throughput (issue 18). A [`Wrap`] calls its inner
//! service in place and costs one boxed future. The rarely mounted middleware that needs `Next`
//! (quirks, behaviours) stays on `from_fn`.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use tower::{Layer, Service};

/// What a middleware returns: the response, eventually.
pub type Answer = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

/// The inner service a middleware calls.
pub trait Inner:
    Service<Request, Response: IntoResponse, Error = Infallible, Future: Send + 'static>
{
}

impl<S> Inner for S where
    S: Service<Request, Response: IntoResponse, Error = Infallible, Future: Send + 'static>
{
}

/// Calls `inner` with `request`; the future is the response (as a `Response`: the panic catcher's
/// body type is not axum's).
pub fn call<S: Inner>(
    inner: &mut S,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    let answer = inner.call(request);
    async move {
        let Ok(response) = answer.await;
        response.into_response()
    }
}

/// One middleware: what it does with a request and the service inside it.
pub trait Middleware: Clone + Send + Sync + 'static {
    fn handle<S: Inner>(&self, request: Request, inner: &mut S) -> Answer;
}

/// An answer that is already known.
pub fn answered(response: Response) -> Answer {
    Box::pin(std::future::ready(Ok(response)))
}

/// The inner service's answer, untouched.
pub fn passed<S: Inner>(request: Request, inner: &mut S) -> Answer {
    let answer = call(inner, request);
    Box::pin(async move { Ok(answer.await) })
}

/// The layer that mounts `M` around a service.
#[derive(Clone)]
pub struct WrapLayer<M>(pub M);

impl<M: Clone, S> Layer<S> for WrapLayer<M> {
    type Service = Wrap<M, S>;

    fn layer(&self, inner: S) -> Wrap<M, S> {
        Wrap {
            middleware: self.0.clone(),
            inner,
        }
    }
}

/// `M` around `S`.
#[derive(Clone)]
pub struct Wrap<M, S> {
    middleware: M,
    inner: S,
}

impl<M: Middleware, S: Inner> Service<Request> for Wrap<M, S> {
    type Response = Response;
    type Error = Infallible;
    type Future = Answer;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Answer {
        self.middleware.handle(request, &mut self.inner)
    }
}
