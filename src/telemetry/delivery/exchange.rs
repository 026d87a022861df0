//! One request on the wire and its trace: the sent-log entry, whether it delivered, and the
//! answer. Stores nothing.

use std::time::Instant;

use super::super::request::CheckpointRequest;
use super::super::sent_log::{Answer, SentEntry, SentKind};
use super::super::transport::{Response, Transport, TransportError};
use super::super::updates::CheckResponse;
use crate::context::Context;

/// Why one request did not deliver its event, naming the endpoint's host (and port) and the
/// cause, never the request's URL: the query carries the signature, and these messages are
/// stored (`pending.jsonl`, `send-backoff.json`, the sent log) and shown.
#[derive(Debug, Clone, thiserror::Error)]
pub enum NotDelivered {
    /// The server answered, but not with a 200.
    #[error("{host} answered HTTP {status}")]
    Status {
        /// The endpoint's host and port.
        host: String,
        /// The status it answered.
        status: u16,
    },
    /// No usable answer.
    #[error("{host}: {error}")]
    Transport {
        /// The endpoint's host and port.
        host: String,
        /// What went wrong (its text names no URL).
        error: TransportError,
    },
}

impl NotDelivered {
    /// Whether this says the server (not this event) is the problem: no answer, or an answer
    /// that says "not now" (5xx, 429, 408). The rest of the queue then waits too.
    pub fn server_down(&self) -> bool {
        match self {
            NotDelivered::Transport { .. } => true,
            NotDelivered::Status { status: s, .. } => *s >= 500 || *s == 429 || *s == 408,
        }
    }
}

/// The host (and port, when the URL names one) of `req`: what its errors name.
fn host(req: &CheckpointRequest) -> String {
    let host = req.url.host_str().unwrap_or("the endpoint");
    match req.url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

/// Sends `req` (giving up at `deadline`) and describes it for the log; `Ok(())` only for a
/// 200, with the parsed answer when it is one.
pub fn exchange(
    ctx: &Context,
    transport: &mut dyn Transport,
    req: &CheckpointRequest,
    kind: SentKind,
    deadline: Instant,
) -> (SentEntry, Result<(), NotDelivered>, Option<CheckResponse>) {
    let started = Instant::now();
    let reply: Result<Response, TransportError> = transport.send_before(req, deadline);
    let mut entry = SentEntry {
        time: ctx.now(),
        kind,
        url: req.url.to_string(),
        status: None,
        duration_ms: started.elapsed().as_millis() as u64,
        error: None,
        current_version: None,
        outdated: None,
        answer_dropped: Vec::new(),
        answer: reply
            .as_ref()
            .ok()
            .map(|r| Answer::kept(&r.headers, &r.body)),
    };
    let mut answer = None;
    let result = match reply {
        Ok(r) if r.status == 200 => {
            entry.status = Some(200);
            match CheckResponse::parse_noting(&r.body) {
                Ok(noted) => {
                    entry.answer_dropped = noted.dropped;
                    let parsed = noted.response;
                    entry.current_version =
                        Some(parsed.current_version.clone()).filter(|v| !v.is_empty());
                    entry.outdated = Some(parsed.outdated);
                    answer = Some(parsed);
                }
                Err(e) => entry.error = Some(e.to_string()),
            }
            Ok(())
        }
        Ok(r) => {
            entry.status = Some(r.status);
            Err(NotDelivered::Status {
                host: host(req),
                status: r.status,
            })
        }
        Err(error) => Err(NotDelivered::Transport {
            host: host(req),
            error,
        }),
    };
    if let Err(e) = &result {
        entry.error = Some(e.to_string());
    }
    (entry, result, answer)
}
