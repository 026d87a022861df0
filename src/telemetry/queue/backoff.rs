//! The whole queue's backoff: when the server was down, nothing is tried before a time.
//!
//! Owns `send-backoff.json`: how many sends in a row found the server down, until when the
//! queue waits, and the error. Written once per failed send, removed by the first delivery
//! after it. Readers show it on every event (as its next attempt and last error), so the
//! console and `pending` say why each event waits without knowing this file.

use std::io;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::super::event::Event;
use super::super::schedule;
use crate::config::Paths;
use crate::fsutil;

/// What an event that was never tried shows as its last error during a backoff.
pub const NOT_TRIED: &str = "not tried yet: the whole queue waits while the server is down";

/// The queue waits until `until` because the server was down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backoff {
    /// Sends in a row that found the server down.
    pub failures: u32,
    /// Nothing is tried before this time (unless asked to).
    pub until: Timestamp,
    /// What the last of them met.
    pub error: String,
}

impl Backoff {
    /// The backoff in force, if any (an unreadable file counts as none).
    pub fn read(paths: &Paths) -> Option<Backoff> {
        let bytes = fsutil::read_limited(&paths.send_backoff(), fsutil::CACHE_LIMIT).ok()??;
        serde_json::from_slice(&bytes).ok()
    }

    /// The backoff after one more send found the server down at `now` with `error`.
    pub fn after(previous: Option<&Backoff>, now: Timestamp, error: String) -> Backoff {
        let failures = previous.map_or(0, |b| b.failures).saturating_add(1);
        let wait =
            SignedDuration::try_from(schedule::backoff(failures)).unwrap_or(SignedDuration::MAX);
        Backoff {
            failures,
            until: now.checked_add(wait).unwrap_or(Timestamp::MAX),
            error,
        }
    }

    /// Saves it.
    pub fn write(&self, paths: &Paths) -> io::Result<()> {
        let path = paths.send_backoff();
        let json = serde_json::to_vec(self).map_err(io::Error::other)?;
        fsutil::write_atomic(&path, &json).map_err(fsutil::named(&path, "write"))
    }

    /// Ends it: the server answered.
    pub fn clear(paths: &Paths) -> io::Result<()> {
        match std::fs::remove_file(paths.send_backoff()) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Shows the backoff on `event`: it waits at least until `until`. An event keeps its own
    /// last error (another event's error is never shown as its own); one that has none says
    /// it was not tried yet, as [`NOT_TRIED`].
    pub fn stamp(&self, event: &mut Event) {
        if event.next_attempt.is_none_or(|t| t < self.until) {
            event.next_attempt = Some(self.until);
            if event.last_error.is_none() {
                event.last_error = Some(NOT_TRIED.to_string());
            }
        }
    }
}
