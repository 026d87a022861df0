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
//!   update-check policy; [`sent_log`]: what was sent; [`stats`]: the endpoint's public
//!   aggregate and this machine's share of it, read only when asked.
//! - [`version`]: the one rule for the gitops version reported (never this crate's).
//! - [`schedule`]: intervals and backoff; [`choice`]: saving the user's consent (and purging on
//!   deny).
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
pub mod schedule;
pub mod sent_log;
pub mod signature;
pub mod stats;
pub mod transport;
pub mod updates;
pub mod version;

use crate::context::Context;
use queue::Limits;
use request::Target;

impl Context {
    /// The queue's bounds.
    pub fn limits(&self) -> Limits {
        Limits {
            max_pending: self.config.telemetry.max_pending,
            max_age: self.config.telemetry.max_age.0,
        }
    }

    /// Where requests go: the endpoint as the config checked it.
    pub fn target(&self) -> Target {
        let t = &self.config.telemetry;
        Target {
            endpoint: t.endpoint.url().clone(),
            product: t.product.clone(),
        }
    }
}
