//! One recorded invocation: the facts that become one checkpoint request.
//!
//! Owns the event record kept in the queue. Go's names for this platform and the
//! release-candidate rule come from the protocol crate. It holds no signature: that is
//! resolved at send time.

use checkpoint_protocol::platform::{go_arch, go_os, is_release_candidate};
use checkpoint_protocol::vocabulary::Reduction;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// A queued invocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// A local id, for `pending` and the console; never sent.
    pub id: String,
    /// When the command ran; never sent.
    pub recorded_at: Timestamp,
    /// `flag_object`.
    pub object: String,
    /// `flag_command`.
    pub command: String,
    /// `version`: the host CLI's version.
    pub version: String,
    /// `os`, in Go's naming.
    pub os: String,
    /// `arch`, in Go's naming.
    pub arch: String,
    /// Delivery attempts so far.
    #[serde(default)]
    pub attempts: u32,
    /// Not to be sent before this time (backoff).
    #[serde(default)]
    pub next_attempt: Option<Timestamp>,
    /// Why the last attempt failed.
    #[serde(default)]
    pub last_error: Option<String>,
}

impl Event {
    /// A new event for this platform, recorded at `now`.
    pub fn new(reduction: &Reduction, version: &str, now: Timestamp) -> Event {
        let id = new_id();
        Event {
            id,
            recorded_at: now,
            object: reduction.object.clone(),
            command: reduction.command.clone(),
            version: version.to_string(),
            os: go_os().to_string(),
            arch: go_arch().to_string(),
            attempts: 0,
            next_attempt: None,
            last_error: None,
        }
    }

    /// `flag_rc`: whether the version is a release candidate.
    pub fn rc(&self) -> bool {
        is_release_candidate(&self.version)
    }

    #[cfg(test)]
    pub(crate) fn new_for_test(reduction: &Reduction) -> Event {
        Event::new(reduction, "0.6.2", Timestamp::UNIX_EPOCH)
    }
}

/// A fresh local id: 48 random bits as 12 hex digits (local only; never sent). Without a
/// source of randomness, the time's nanoseconds stand in: an id only has to differ from the
/// other events' in one queue.
fn new_id() -> String {
    let bits = getrandom::u64().unwrap_or_else(|_| {
        let now = Timestamp::now();
        now.as_nanosecond() as u64
    });
    format!("{:012x}", bits >> 16)
}

/// This crate's own version (`gitops version` names it): never reported as gitops' version,
/// which [`super::version`] decides.
pub const CRATE_VERSION: &str = env!("CARGO_PKG_VERSION");
