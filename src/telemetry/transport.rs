//! Putting a checkpoint request on the wire, behind a small trait.
//!
//! Owns the HTTP client (reqwest, on a runtime of its own driven by the caller's thread): no redirects, the timeout, proxy variables,
//! connection reuse (with one retry on a fresh connection when a kept-alive one turns out
//! closed before any answer came), a deadline that covers the whole exchange, and the 64 KiB
//! cap on answers. It sends exactly the headers the request
//! builder listed, so `preview` is what the server receives. Tests and `--dry-run` use other
//! implementations of [`Transport`]. It knows nothing of queues or consent.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::request::CheckpointRequest;

/// Answers larger than this are refused.
pub const MAX_BODY: usize = 64 * 1024;

/// What the server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The answer's headers as received, in order (names as the HTTP library gives them:
    /// lower case).
    pub headers: Vec<(String, String)>,
    /// The body, at most 64 KiB.
    pub body: Vec<u8>,
}

/// Why a request got no usable answer.
///
/// Each variant says at which stage the exchange failed; those with a `Cause` keep the error
/// the HTTP library or the system gave, which the message renders on one line.
#[derive(Debug, Clone, thiserror::Error)]
pub enum TransportError {
    /// The HTTP client could not be made (its runtime or its TLS set-up).
    #[error("cannot set up the HTTP client: {0}")]
    Setup(Cause),
    /// The server did not answer in time.
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    /// No connection could be made: refused, unreachable, no such host, a failed TLS
    /// handshake or a proxy that would not connect.
    #[error("cannot connect: {0}")]
    Connect(Cause),
    /// The connection closed before any byte of an answer came, on a fresh connection too.
    #[error("the connection closed before an answer came: {0}")]
    Closed(Cause),
    /// The answer was larger than 64 KiB.
    #[error("the answer was larger than 64 KiB and was refused")]
    TooLarge,
    /// The answer started but its body could not be read.
    #[error("reading the answer: {0}")]
    Body(Cause),
    /// Any other failure of the exchange.
    #[error("{0}")]
    Failed(Cause),
}

/// The error beneath a [`TransportError`], kept as the error it was: its `Display` is the error
/// and its causes on one line, each once.
#[derive(Debug, Clone)]
pub struct Cause(Arc<dyn std::error::Error + Send + Sync>);

impl Cause {
    /// Keeps `error`.
    pub fn new(error: impl std::error::Error + Send + Sync + 'static) -> Cause {
        Cause(Arc::new(error))
    }

    /// The error as given (to downcast, or to walk its sources).
    pub fn error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.0
    }
}

impl From<&str> for Cause {
    /// A cause given as text, by a transport that has no error value of its own (a test's).
    fn from(text: &str) -> Cause {
        Cause(Arc::from(Box::<dyn std::error::Error + Send + Sync>::from(
            text,
        )))
    }
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let top: &(dyn std::error::Error + 'static) = self.error();
        // reqwest's own line ("error sending request for url (…)") repeats the request, which
        // is known, and the stage, which the variant names: its causes say what happened.
        let first = match top.source() {
            Some(source) if top.is::<reqwest::Error>() => source,
            _ => top,
        };
        f.write_str(&error_chain(first))
    }
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
            .map_err(|e| TransportError::Setup(Cause::new(e)))?;
        let client = {
            let _inside = runtime.enter();
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(timeout)
                .connect_timeout(timeout)
                .build()
                .map_err(|e| TransportError::Setup(Cause::new(e)))?
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
    /// The connection closed before any byte of an answer came: worth one more try.
    Closed(Cause),
    /// Anything else.
    Failed(TransportError),
}

impl From<Attempt> for TransportError {
    fn from(attempt: Attempt) -> TransportError {
        match attempt {
            Attempt::Closed(cause) => TransportError::Closed(cause),
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
        let mut builder = self.client.get(request.url.clone()).timeout(left);
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let timeout = self.timeout;
        let exchange = async {
            let mut response = builder.send().await.map_err(|e| {
                if !e.is_timeout() && !e.is_connect() && closed_before_answer(&e) {
                    Attempt::Closed(Cause::new(e.without_url()))
                } else {
                    Attempt::Failed(classify(e, timeout))
                }
            })?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .map(|(name, value)| {
                    let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                    (name.as_str().to_string(), value)
                })
                .collect();
            if response
                .content_length()
                .is_some_and(|n| n > MAX_BODY as u64)
            {
                return Err(Attempt::Failed(TransportError::TooLarge));
            }
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(|e| {
                Attempt::Failed(match classify(e, timeout) {
                    TransportError::Failed(cause) => TransportError::Body(cause),
                    other => other,
                })
            })? {
                body.extend_from_slice(&chunk);
                if body.len() > MAX_BODY {
                    return Err(Attempt::Failed(TransportError::TooLarge));
                }
            }
            Ok(Response {
                status,
                headers,
                body,
            })
        };
        // The deadline covers the whole exchange: connecting, the answer and its body.
        let deadline = tokio::time::Instant::from_std(deadline);
        self.runtime
            .block_on(async { tokio::time::timeout_at(deadline, exchange).await })
            .unwrap_or(Err(Attempt::Failed(TransportError::Timeout(timeout))))
    }
}

/// The stage a reqwest error tells of (the request's URL, with its signature, left out).
fn classify(e: reqwest::Error, timeout: Duration) -> TransportError {
    if e.is_timeout() {
        TransportError::Timeout(timeout)
    } else if e.is_connect() {
        TransportError::Connect(Cause::new(e.without_url()))
    } else {
        TransportError::Failed(Cause::new(e.without_url()))
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
            headers: Vec::new(),
            body: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::request::{Target, public_read};

    #[test]
    fn a_refused_connection_is_typed_and_names_no_url() {
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let target = Target::new(&format!("http://127.0.0.1:{port}"), "weave-gitops").unwrap();
        let request = public_read(&target, "/v1/check/weave-gitops?signature=secret");
        let error = Http::new(Duration::from_secs(5))
            .unwrap()
            .send(&request)
            .unwrap_err();
        assert!(matches!(error, TransportError::Connect(_)), "{error:?}");
        let text = error.to_string();
        assert!(text.starts_with("cannot connect: "), "{text}");
        assert!(
            !text.contains("secret") && !text.contains("error sending"),
            "{text}"
        );
    }

    #[test]
    fn a_cause_reads_as_its_error_and_its_sources_once() {
        let io = std::io::Error::other("reset by peer");
        assert_eq!(
            TransportError::Body(Cause::new(io)).to_string(),
            "reading the answer: reset by peer"
        );
        assert_eq!(
            TransportError::Failed("connection refused".into()).to_string(),
            "connection refused"
        );
    }
}
