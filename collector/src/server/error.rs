//! Every answer that is not a success: one error type whose `match` gives the status, the
//! JSON body, the headers and the outcome counted.
//!
//! Owns the error body, `{"error": "<sentence>", "reason": "<code>"}`, built here and nowhere
//! else, and the reason codes of the refusals that are not a check's (a check's reasons are
//! the protocol's [`Rejection`]). A body names the reason, never the value that caused it, and
//! never a store's message: that goes to the log.

use bytes::Bytes;
use checkpoint_protocol::received::Rejection;
use checkpoint_protocol::refusal::Refusal;
use hyper::StatusCode;
use hyper::header::{self, HeaderValue};

use super::reply::{Reply, json};
use crate::metrics::{Metrics, Outcome};
use crate::store::StoreError;
use checkpoint_protocol::stats::windows_text;

/// Why a request is not answered with a success.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// More requests in progress than `max_in_flight`.
    #[error("too many requests in progress")]
    Overloaded,
    /// The request took longer than `request_timeout`.
    #[error("the request took too long")]
    Timeout,
    /// An HTTP/1.1 request without `Host`, or a request with two or an invalid one.
    #[error("a request needs one valid Host header (HTTP/1.1 requires it)")]
    Host,
    /// Neither GET nor HEAD.
    #[error("only GET and HEAD")]
    MethodNotAllowed,
    /// A request target longer than `max_uri`.
    #[error("the request target is too long")]
    UriTooLong,
    /// A GET with a body.
    #[error("a GET has no body")]
    Body,
    /// No such path.
    #[error("not found")]
    NotFound,
    /// Stats of a product not served.
    #[error("no such product")]
    NoSuchProduct,
    /// A stats query other than `days=N` of a served window.
    #[error(
        "the only parameter is days=N, N one of the windows served: {}",
        windows_text()
    )]
    Days,
    /// A check refused by the acceptance rule.
    #[error("{0}")]
    Check(Rejection),
    /// The last flush failed: the counts wait in memory (`/healthz`).
    #[error("the store is not taking the counts: the last flush failed")]
    FlushFailing,
    /// The store failed while answering `route`.
    #[error("the store does not answer")]
    Store {
        /// The route, for the log.
        route: &'static str,
        /// What the store said (logged, never sent).
        source: StoreError,
    },
}

impl HttpError {
    /// The status of the answer.
    pub fn status(&self) -> StatusCode {
        match self {
            HttpError::Overloaded
            | HttpError::Timeout
            | HttpError::FlushFailing
            | HttpError::Store { .. } => StatusCode::SERVICE_UNAVAILABLE,
            HttpError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            HttpError::UriTooLong => StatusCode::URI_TOO_LONG,
            HttpError::Body => StatusCode::PAYLOAD_TOO_LARGE,
            HttpError::NotFound | HttpError::NoSuchProduct => StatusCode::NOT_FOUND,
            HttpError::Host | HttpError::Days | HttpError::Check(_) => StatusCode::BAD_REQUEST,
        }
    }

    /// The machine-readable reason of the body.
    pub fn reason(&self) -> &'static str {
        match self {
            HttpError::Overloaded => "overloaded",
            HttpError::Timeout => "timeout",
            HttpError::Host => "host",
            HttpError::MethodNotAllowed => "method_not_allowed",
            HttpError::UriTooLong => "uri_too_long",
            HttpError::Body => "body",
            HttpError::NotFound => "not_found",
            HttpError::NoSuchProduct => "no_such_product",
            HttpError::Days => "days",
            HttpError::Check(r) => r.reason(),
            HttpError::FlushFailing => "flush_failing",
            HttpError::Store { .. } => "store_unavailable",
        }
    }

    /// The outcome counted in `/metrics`.
    pub fn outcome(&self) -> Outcome {
        match self {
            HttpError::Overloaded => Outcome::Overloaded,
            HttpError::Timeout => Outcome::Timeout,
            HttpError::MethodNotAllowed => Outcome::MethodNotAllowed,
            HttpError::UriTooLong | HttpError::Body => Outcome::TooLarge,
            HttpError::NotFound | HttpError::NoSuchProduct => Outcome::NotFound,
            HttpError::Host | HttpError::Days => Outcome::BadRequest,
            HttpError::Check(_) => Outcome::Rejected,
            HttpError::FlushFailing | HttpError::Store { .. } => Outcome::Error,
        }
    }

    /// Counts the request (a check's refusal also by its reason) and logs a store's failure.
    pub fn count(&self, metrics: &Metrics) {
        match self {
            HttpError::Check(reason) => metrics.rejected(*reason),
            HttpError::Store { route, source } => {
                tracing::error!(error = %source, route, "the store does not answer");
                metrics.request(self.outcome());
            }
            other => metrics.request(other.outcome()),
        }
    }

    /// The answer: the status, the JSON body and the headers the status calls for.
    pub fn into_reply(self) -> Reply {
        let body = Refusal::new(self.reason(), self.to_string()).to_json();
        let mut reply = json(self.status(), Bytes::from(body));
        let headers = reply.headers_mut();
        match self {
            HttpError::Overloaded => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            HttpError::MethodNotAllowed => {
                headers.insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            }
            // The body was not read: the connection cannot carry another request.
            HttpError::Body => {
                headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            _ => {}
        }
        reply
    }
}

impl From<Rejection> for HttpError {
    fn from(reason: Rejection) -> HttpError {
        HttpError::Check(reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    fn every() -> Vec<HttpError> {
        let mut all = vec![
            HttpError::Overloaded,
            HttpError::Timeout,
            HttpError::Host,
            HttpError::MethodNotAllowed,
            HttpError::UriTooLong,
            HttpError::Body,
            HttpError::NotFound,
            HttpError::NoSuchProduct,
            HttpError::Days,
            HttpError::FlushFailing,
            HttpError::Store {
                route: "stats",
                source: StoreError::Sketch(crate::sketch::SketchError::Truncated),
            },
        ];
        all.extend(Rejection::ALL.iter().copied().map(HttpError::Check));
        all
    }

    #[tokio::test]
    async fn every_error_answers_json_with_its_status_and_reason() {
        for e in every() {
            let (status, reason, message) = (e.status(), e.reason(), e.to_string());
            assert!(
                status.is_client_error() || status.is_server_error(),
                "{e:?}"
            );
            let reply = e.into_reply();
            assert_eq!(reply.status(), status);
            assert_eq!(reply.headers()[header::CONTENT_TYPE], "application/json");
            let body = reply.into_body().collect().await.unwrap().to_bytes();
            let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(json.as_object().unwrap().len(), 2);
            let refusal = Refusal::parse(&body).expect("the protocol's refusal");
            assert_eq!((refusal.reason.as_str(), refusal.error), (reason, message));
        }
    }

    #[test]
    fn a_store_failure_is_counted_as_an_error_and_a_refusal_by_its_reason() {
        let m = Metrics::default();
        for e in every() {
            e.count(&m);
        }
        assert_eq!(m.requests(Outcome::Error), 2);
        assert_eq!(m.requests(Outcome::Rejected), Rejection::ALL.len() as u64);
        assert_eq!(m.requests(Outcome::NotFound), 2);
        assert_eq!(m.requests(Outcome::Stats), 0);
    }
}
