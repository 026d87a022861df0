//! Usage telemetry, in the order data moves: a command line becomes an event, waits in the
//! queue, becomes the exact checkpoint request, goes on the wire, and leaves a trace.
//!
//! ```text
//!  argv ─vocabulary─▶ event ─record─▶ queue (pending.jsonl)
//!                                       │   consent gates everything below
//!                                       ▼
//!            signature ──▶ request::build ──▶ transport ──▶ checkpoint server
//!                              │                  │
//!              preview (same bytes)     delivery: backoff, sent_log, updates (the answer)
//! ```
//!
//! - [`event`]: one recorded invocation; [`record`]: the embedding hook that queues it.
//! - [`queue`]: the pending events on disk; [`signature`]: the anonymous signature.
//! - [`request`]: the one function that makes a checkpoint request; [`preview`] explains it.
//! - [`transport`]: HTTP; [`delivery`]: the send loop; [`updates`]: the cached answer and the
//!   update-check policy; [`sent_log`]: what was sent.
//! - [`choice`]: saving the user's consent (and purging on deny).
//!
//! The lower modules (event, queue, signature, request, transport, sent log, updates) take the
//! values they need; the operations (record, delivery, preview, choice) take a [`Context`].

pub mod choice;
pub mod delivery;
pub mod event;
pub mod preview;
pub mod queue;
pub mod record;
pub mod request;
pub mod sent_log;
pub mod signature;
pub mod transport;
pub mod updates;

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use crate::config::Config;
use crate::context::Context;
use queue::Limits;
use request::Target;

/// The queue's bounds in a config.
pub fn limits(config: &Config) -> Limits {
    Limits {
        max_pending: config.telemetry.max_pending,
        max_age: config.telemetry.max_age.0,
    }
}

/// Where a config sends requests.
pub fn target(config: &Config) -> Target {
    Target::new(&config.telemetry.endpoint, &config.telemetry.product)
        .expect("the endpoint was validated when the config loaded")
}

impl Context {
    /// The queue's bounds.
    pub fn limits(&self) -> Limits {
        limits(&self.config)
    }

    /// Where requests go.
    pub fn target(&self) -> Target {
        target(&self.config)
    }
}

/// Whether `interval` has passed since `last` (true when nothing happened yet).
pub fn interval_passed(last: Option<Timestamp>, interval: Duration, now: Timestamp) -> bool {
    let interval = SignedDuration::try_from(interval).unwrap_or(SignedDuration::MAX);
    last.is_none_or(|at| now.duration_since(at) >= interval)
}
