//! One request on the wire and its trace: the sent-log entry, whether it delivered, and the
//! answer. Stores nothing.

use std::time::Instant;

use super::super::request::CheckpointRequest;
use super::super::sent_log::{SentEntry, SentKind};
use super::super::transport::{Response, Transport, TransportError};
use super::super::updates::CheckResponse;
use crate::context::Context;

/// Why one request did not deliver its event.
#[derive(Debug, Clone, thiserror::Error)]
pub enum NotDelivered {
    /// The server answered, but not with a 200.
    #[error("the server answered HTTP {0}")]
    Status(u16),
    /// No usable answer.
    #[error(transparent)]
    Transport(#[from] TransportError),
}

impl NotDelivered {
    /// Whether this says the server (not this event) is the problem: no answer, or an answer
    /// that says "not now" (5xx, 429, 408). The rest of the queue then waits too.
    pub fn server_down(&self) -> bool {
        match self {
            NotDelivered::Transport(_) => true,
            NotDelivered::Status(s) => *s >= 500 || *s == 429 || *s == 408,
        }
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
            Err(NotDelivered::Status(r.status))
        }
        Err(e) => Err(NotDelivered::from(e)),
    };
    if let Err(e) = &result {
        entry.error = Some(e.to_string());
    }
    (entry, result, answer)
}
