//! Putting a checkpoint request on the wire, behind a small trait.
//!
//! Owns the HTTP client (reqwest, on a runtime of its own driven by the caller's thread): no redirects, the timeout, proxy variables,
//! connection reuse (with one retry on a fresh connection when a kept-alive one turns out
//! closed before any answer came), a deadline that covers the whole exchange, and the 64 KiB
//! cap on answers. It sends exactly the headers the request
//! builder listed, so `preview` is what the server receives. Tests and `--dry-run` use other
//! implementations of [`Transport`]. It knows nothing of queues or consent.

use std::time::{Duration, Instant};

use super::request::CheckpointRequest;

/// Answers larger than this are refused.
pub const MAX_BODY: usize = 64 * 1024;

/// What the server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The body, at most 64 KiB.
    pub body: Vec<u8>,
}

/// Why a request got no usable answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// The server did not answer in time.
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    /// The answer was larger than 64 KiB.
    #[error("the answer was larger than 64 KiB and was refused")]
    TooLarge,
    /// Anything else: connection refused, TLS, reset.
    #[error("{0}")]
    Failed(String),
}

/// Sends one request and returns the answer.
pub trait Transport {
    /// Sends `request` exactly as built.
    fn send(&mut self, request: &CheckpointRequest) -> Result<Response, TransportError>;

    /// Sends `request`, giving up at `deadline` whatever the stage (connecting, waiting for
    /// the answer, reading its body). Transports without a clock just send.
    fn send_before(
        &mut self,
        request: &CheckpointRequest,
        deadline: Instant,
    ) -> Result<Response, TransportError> {
        let _ = deadline;
        self.send(request)
    }
}

/// The real transport: an async client driven on this thread by a runtime of its own, so a
/// request costs no hop to another thread (the blocking client's cost per request was twice
/// the wire's).
pub struct Http {
    runtime: tokio::runtime::Runtime,
    client: reqwest::Client,
    timeout: Duration,
}

impl Http {
    /// A client whose requests each take at most `timeout`.
    pub fn new(timeout: Duration) -> Result<Http, TransportError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| TransportError::Failed(error_chain(&e)))?;
        let client = {
            let _inside = runtime.enter();
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(timeout)
                .connect_timeout(timeout)
                .build()
                .map_err(|e| TransportError::Failed(error_chain(&e)))?
        };
        Ok(Http {
            runtime,
            client,
            timeout,
        })
    }
}

impl Transport for Http {
    fn send(&mut self, request: &CheckpointRequest) -> Result<Response, TransportError> {
        self.send_before(request, Instant::now() + self.timeout)
    }

    fn send_before(
        &mut self,
        request: &CheckpointRequest,
        deadline: Instant,
    ) -> Result<Response, TransportError> {
        let deadline = deadline.min(Instant::now() + self.timeout);
        match self.exchange(request, deadline) {
            // A kept-alive connection the server had closed: the request never reached it, so
            // it goes once more, on a fresh connection (the pool dropped the dead one).
            Err(Attempt::Closed(_)) if Instant::now() < deadline => {
                Ok(self.exchange(request, deadline)?)
            }
            other => Ok(other?),
        }
    }
}

/// Why one exchange failed.
enum Attempt {
    /// The connection closed before any byte of an answer came.
    Closed(String),
    /// Anything else.
    Failed(TransportError),
}

impl From<Attempt> for TransportError {
    fn from(attempt: Attempt) -> TransportError {
        match attempt {
            Attempt::Closed(message) => TransportError::Failed(message),
            Attempt::Failed(e) => e,
        }
    }
}

/// Whether `e` says the connection closed before an answer started: hyper's "connection closed
/// before message completed", or a reset, on a connection that had been used before.
fn closed_before_answer(e: &reqwest::Error) -> bool {
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>()
            && matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionReset
                    | std::io::ErrorKind::ConnectionAborted
                    | std::io::ErrorKind::BrokenPipe
                    | std::io::ErrorKind::UnexpectedEof
            )
        {
            return true;
        }
        if s.to_string()
            .contains("connection closed before message completed")
        {
            return true;
        }
        source = s.source();
    }
    false
}

impl Http {
    fn exchange(
        &mut self,
        request: &CheckpointRequest,
        deadline: Instant,
    ) -> Result<Response, Attempt> {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Attempt::Failed(TransportError::Timeout(self.timeout)));
        }
        let mut builder = self.client.get(&request.url).timeout(left);
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let timeout = self.timeout;
        let exchange = async {
            let mut response = builder.send().await.map_err(|e| {
                if !e.is_timeout() && !e.is_connect() && closed_before_answer(&e) {
                    Attempt::Closed(error_chain(&e))
                } else {
                    Attempt::Failed(classify(&e, timeout))
                }
            })?;
            let status = response.status().as_u16();
            if response
                .content_length()
                .is_some_and(|n| n > MAX_BODY as u64)
            {
                return Err(Attempt::Failed(TransportError::TooLarge));
            }
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(|e| {
                Attempt::Failed(match classify(&e, timeout) {
                    TransportError::Failed(m) => {
                        TransportError::Failed(format!("reading the answer: {m}"))
                    }
                    other => other,
                })
            })? {
                body.extend_from_slice(&chunk);
                if body.len() > MAX_BODY {
                    return Err(Attempt::Failed(TransportError::TooLarge));
                }
            }
            Ok(Response { status, body })
        };
        // The deadline covers the whole exchange: connecting, the answer and its body.
        let deadline = tokio::time::Instant::from_std(deadline);
        self.runtime
            .block_on(async { tokio::time::timeout_at(deadline, exchange).await })
            .unwrap_or(Err(Attempt::Failed(TransportError::Timeout(timeout))))
    }
}

fn classify(e: &reqwest::Error, timeout: Duration) -> TransportError {
    if e.is_timeout() {
        TransportError::Timeout(timeout)
    } else {
        TransportError::Failed(error_chain(e))
    }
}

/// An error and its causes in one line, most general first.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

/// A transport that sends nothing and keeps what it was given: `--dry-run` and tests.
#[derive(Debug, Default)]
pub struct Recorder {
    /// The requests it was asked to send.
    pub requests: Vec<CheckpointRequest>,
}

impl Transport for Recorder {
    fn send(&mut self, request: &CheckpointRequest) -> Result<Response, TransportError> {
        self.requests.push(request.clone());
        Ok(Response {
            status: 200,
            body: Vec::new(),
        })
    }
}
