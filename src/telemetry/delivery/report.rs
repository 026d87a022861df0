//! What a send did, and how both front ends say it.

use jiff::Timestamp;
use serde::Serialize;

use super::super::request::CheckpointRequest;
use crate::text::{count, time};

/// What `send` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SendReport {
    /// Why nothing was sent at all (consent, config, another sender), if so.
    pub refused: Option<String>,
    /// Events that were due.
    pub due: usize,
    /// Events delivered and removed.
    pub sent: usize,
    /// Events that failed and stay queued.
    pub failed: usize,
    /// Events left for a later run (backing off, or the send stopped early).
    pub waiting: usize,
    /// Events dropped because a field was not a name the protocol allows: never sent.
    pub dropped: usize,
    /// Events held back because two of their requests were in flight when a sender died
    /// (they may have reached the server twice); `--now` sends them.
    pub in_doubt: usize,
    /// Why the send stopped before the last due event, if it did (the server is down, the
    /// time limit, an interruption).
    pub stopped: Option<String>,
    /// When the next attempt may go, when events wait for one.
    pub next_attempt: Option<Timestamp>,
    /// The requests (for `--dry-run`).
    pub requests: Vec<CheckpointRequest>,
    /// The last failure, if any.
    pub last_error: Option<String>,
    /// Whether an update-only request was made.
    pub update_checked: bool,
}

impl SendReport {
    /// Why events stay queued after a send that failed some, if it did: "2 events not
    /// delivered, kept for a later try: `the last error`".
    pub fn problem(&self) -> Option<String> {
        let error = self.last_error.as_ref().filter(|_| self.failed > 0)?;
        Some(format!(
            "{} not delivered, kept for a later try: {error}",
            count(self.failed, "event")
        ))
    }

    /// Whether events that could have gone are still queued: a failure, an early stop, or a
    /// backoff that kept them (the command then exits 1).
    pub fn left_queued(&self) -> bool {
        self.refused.is_none()
            && (self.failed > 0 || self.stopped.is_some() || (self.due == 0 && self.waiting > 0))
    }
}

impl std::fmt::Display for SendReport {
    /// "sent 3, failed 1, waiting 0", with why it stopped and when the next attempt goes, or
    /// "nothing sent: `why`" when the send was refused.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(why) = &self.refused {
            write!(f, "nothing sent: {why}")?;
            if self.update_checked {
                write!(f, "; checked for updates (version, os and arch only)")?;
            }
            return Ok(());
        }
        write!(
            f,
            "sent {}, failed {}, waiting {}",
            self.sent, self.failed, self.waiting
        )?;
        if self.dropped > 0 {
            write!(
                f,
                ", dropped {} (not gitops commands, never sent)",
                self.dropped
            )?;
        }
        if self.in_doubt > 0 {
            write!(
                f,
                ", held {} (twice in flight when a sender died)",
                self.in_doubt
            )?;
        }
        if let Some(why) = &self.stopped {
            write!(f, "; stopped: {why}")?;
        }
        if let Some(next) = self.next_attempt.filter(|_| self.waiting > 0) {
            write!(f, "; next attempt at {} UTC", time(next))?;
        }
        Ok(())
    }
}
