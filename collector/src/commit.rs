//! The group commit: a counted check is answered 200 only once its count is in the store.
//!
//! Owns the tickets and the waiting, nothing else: it holds numbers, never a count or a value
//! of a request, and does no I/O. The aggregator numbers its cycles (a drain takes the cycle
//! counting now and starts the next under the lock that counting takes, see
//! [`Aggregator::drain_numbered`](crate::aggregate::Aggregator::drain_numbered)). A check takes
//! a [`Waiter`] before it is counted, then its ticket: the cycle number read after counting, so
//! its count is in that cycle or an older one. [`Waiter::written`] wakes the flusher and waits
//! until the flusher says every cycle up to the ticket is written ([`Commits::written`]).
//! Checks that arrive while a write is in progress gather in the next cycle and are written
//! together by the next write: one transaction for all of them.
//!
//! A failed write ([`Commits::failed`]) releases every waiting check at once, as not written
//! (the server answers 503 and the client keeps its event); its count stays queued and is
//! written when the store takes it again, so a client that sends the event again may be
//! counted twice, never not at all (at-least-once). Until a write succeeds again, the store is
//! [failing](Commits::failing) and a new check is refused before it is counted, so what can be
//! counted twice is bounded by the checks in flight when the store failed.

use tokio::sync::{Notify, watch};

/// What the flusher has said so far.
#[derive(Debug, Clone, Copy, Default)]
struct Said {
    /// Every cycle numbered below this is written.
    below: u64,
    /// Writes that failed.
    failures: u64,
    /// Whether the last write failed.
    failing: bool,
}

/// Between the checks that wait and the flusher that writes.
#[derive(Debug)]
pub struct Commits {
    /// Wakes the flusher: something counted waits to be written.
    pending: Notify,
    said: watch::Sender<Said>,
}

/// The count of a check could not be written: the store failed (or the collector stopped)
/// before it took it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the store did not take the count")]
pub struct NotWritten;

impl Default for Commits {
    fn default() -> Self {
        Commits::new()
    }
}

impl Commits {
    /// Nothing written yet, nothing failing.
    pub fn new() -> Commits {
        Commits {
            pending: Notify::new(),
            said: watch::Sender::new(Said::default()),
        }
    }

    /// A waiter for a check about to be counted, or [`NotWritten`] while the store is failing
    /// (then the check is not counted).
    pub fn waiter(&self) -> Result<Waiter, NotWritten> {
        let said = self.said.subscribe();
        let now = *said.borrow();
        if now.failing {
            return Err(NotWritten);
        }
        Ok(Waiter {
            said,
            failures: now.failures,
        })
    }

    /// Whether the last write failed.
    pub fn failing(&self) -> bool {
        self.said.borrow().failing
    }

    /// Resolves when a check has been counted since the last time it resolved.
    pub async fn pending(&self) {
        self.pending.notified().await
    }

    /// Every cycle numbered below `below` is written (the store committed it).
    pub fn written(&self, below: u64) {
        self.said.send_if_modified(|s| {
            let changed = below > s.below || s.failing;
            s.below = s.below.max(below);
            s.failing = false;
            changed
        });
    }

    /// A write failed: every check waiting now is released as not written.
    pub fn failed(&self) {
        self.said.send_modify(|s| {
            s.failures += 1;
            s.failing = true;
        });
    }
}

/// One check waiting for its count to be written.
#[derive(Debug)]
pub struct Waiter {
    said: watch::Receiver<Said>,
    /// The failures said when the waiter was made.
    failures: u64,
}

impl Waiter {
    /// Wakes the flusher and waits until every cycle up to `ticket` is written; [`NotWritten`]
    /// when a write fails first (or the flusher is gone).
    pub async fn written(mut self, commits: &Commits, ticket: u64) -> Result<(), NotWritten> {
        commits.pending.notify_one();
        let failures = self.failures;
        match self
            .said
            .wait_for(|s| s.below > ticket || s.failures != failures)
            .await
        {
            Ok(s) if s.below > ticket => Ok(()),
            _ => Err(NotWritten),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::Duration;

    #[tokio::test]
    async fn a_check_waits_for_its_cycle_and_is_released_by_a_failure() {
        let commits = Arc::new(Commits::new());
        let waiting = {
            let c = commits.clone();
            let w = commits.waiter().unwrap();
            tokio::spawn(async move { w.written(&c, 3).await })
        };
        tokio::time::timeout(Duration::from_secs(1), commits.pending())
            .await
            .expect("the flusher is woken");
        commits.written(3);
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiting.is_finished(), "cycle 3 is not written yet");
        commits.written(4);
        assert_eq!(waiting.await.unwrap(), Ok(()));

        let w = commits.waiter().unwrap();
        let c = commits.clone();
        let waiting = tokio::spawn(async move { w.written(&c, 9).await });
        tokio::time::sleep(Duration::from_millis(20)).await;
        commits.failed();
        assert_eq!(waiting.await.unwrap(), Err(NotWritten));
        assert!(commits.failing());
        assert!(commits.waiter().is_err(), "no count is taken while failing");
        commits.written(10);
        assert!(!commits.failing());
        // A ticket already written is answered at once.
        let w = commits.waiter().unwrap();
        assert_eq!(w.written(&commits, 9).await, Ok(()));
    }
}
