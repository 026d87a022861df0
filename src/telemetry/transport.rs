//! Putting a checkpoint request on the wire, behind a small trait.
//!
//! Owns the HTTP client (reqwest, blocking): no redirects, the timeout, proxy variables,
//! connection reuse, and the 64 KiB cap on answers. It sends exactly the headers the request
//! builder listed, so `preview` is what the server receives. Tests and `--dry-run` use other
//! implementations of [`Transport`]. It knows nothing of queues or consent.

use std::io::Read;
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
}

/// The real transport.
pub struct Http {
    client: reqwest::blocking::Client,
    timeout: Duration,
}

impl Http {
    /// A client whose requests each take at most `timeout`.
    pub fn new(timeout: Duration) -> Result<Http, TransportError> {
        let client = reqwest::blocking::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .map_err(|e| TransportError::Failed(error_chain(&e)))?;
        Ok(Http { client, timeout })
    }
}

impl Transport for Http {
    fn send(&mut self, request: &CheckpointRequest) -> Result<Response, TransportError> {
        let deadline = Instant::now() + self.timeout;
        let mut builder = self.client.get(&request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let response = builder.send().map_err(|e| self.classify(&e))?;
        let status = response.status().as_u16();
        if response
            .content_length()
            .is_some_and(|n| n > MAX_BODY as u64)
        {
            return Err(TransportError::TooLarge);
        }
        let mut body = Vec::new();
        let mut reader = response.take(MAX_BODY as u64 + 1);
        let mut chunk = [0u8; 8192];
        loop {
            if Instant::now() > deadline {
                return Err(TransportError::Timeout(self.timeout));
            }
            match reader.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => body.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                    return Err(TransportError::Timeout(self.timeout));
                }
                Err(e) => return Err(TransportError::Failed(format!("reading the answer: {e}"))),
            }
            if body.len() > MAX_BODY {
                return Err(TransportError::TooLarge);
            }
        }
        Ok(Response { status, body })
    }
}

impl Http {
    fn classify(&self, e: &reqwest::Error) -> TransportError {
        if e.is_timeout() {
            TransportError::Timeout(self.timeout)
        } else {
            TransportError::Failed(error_chain(e))
        }
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
