//! Writing the in-memory counts: a write as soon as a counted check waits for one (at most one
//! per `flush_interval`), kept and retried until the store takes it, the final flush at
//! shutdown, and the retention purge.
//!
//! Owns the queue of batches not yet written and which cycles of the aggregator each holds.
//! Only its front batch may have been tried (and may even have been applied, if the failure
//! came after the commit): it is retried unchanged under its id, so it counts once. New counts
//! merge into the batch behind it, so a store that is down for an hour costs two batches of
//! memory, not 3 600. Each write that commits tells [`Commits`] which cycles are now in the
//! store, which answers the checks waiting for them; each failure tells it too. Logs counts and
//! errors, never a value of a request.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::aggregate::{Aggregator, Batch, date_of, today};
use crate::commit::Commits;
use crate::metrics::Metrics;
use crate::settings::Retention;
use crate::store::{Store, StoreError};

/// How often the retention purge runs.
pub const PURGE_EVERY: Duration = Duration::from_secs(3600);

/// The first wait before a failed write is tried again; it doubles up to [`RETRY_MOST`].
pub const RETRY_FIRST: Duration = Duration::from_millis(100);

/// The longest wait before a failed write is tried again.
pub const RETRY_MOST: Duration = Duration::from_secs(2);

/// A batch waiting to be written, and the cycles it holds.
#[derive(Debug)]
struct Queued {
    batch: Batch,
    /// Every cycle numbered below this is in this batch or in one ahead of it.
    below: u64,
}

/// The writer of one collector's counts.
#[derive(Debug)]
pub struct Flusher {
    aggregator: Arc<Aggregator>,
    store: Arc<dyn Store>,
    metrics: Arc<Metrics>,
    commits: Arc<Commits>,
    queue: VecDeque<Queued>,
}

impl Flusher {
    /// A flusher of `aggregator`'s counts into `store`, saying to `commits` what is written.
    pub fn new(
        aggregator: Arc<Aggregator>,
        store: Arc<dyn Store>,
        metrics: Arc<Metrics>,
        commits: Arc<Commits>,
    ) -> Flusher {
        Flusher {
            aggregator,
            store,
            metrics,
            commits,
            queue: VecDeque::new(),
        }
    }

    /// Batches waiting to be written.
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    /// Drains the aggregator and writes every queued batch, oldest first; stops at the first
    /// failure (the batch stays queued).
    pub async fn flush(&mut self) -> Result<(), StoreError> {
        let (cycle, fresh) = self.aggregator.drain_numbered();
        let below = cycle + 1;
        let queued = self.queue.len();
        match self.queue.back_mut() {
            Some(back) if fresh.is_empty() || queued >= 2 => {
                back.batch.absorb(fresh);
                back.below = below;
            }
            // Nothing counted and nothing queued: every cycle taken is written.
            None if fresh.is_empty() => self.commits.written(below),
            _ => self.queue.push_back(Queued {
                batch: fresh,
                below,
            }),
        }
        self.metrics.set_queued(self.queue.len());
        while let Some(front) = self.queue.front() {
            let started = Instant::now();
            match self.store.apply(&front.batch).await {
                Ok(()) => {
                    let batch = &front.batch;
                    self.metrics
                        .flushed(started.elapsed(), batch.buckets.len(), batch.checks());
                    self.commits.written(front.below);
                    self.queue.pop_front();
                    self.metrics.set_queued(self.queue.len());
                }
                Err(e) => {
                    self.metrics.flush_failed();
                    self.commits.failed();
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// Flushes until everything is written or `deadline` passes; returns the checks that could
    /// not be written.
    pub async fn flush_all(&mut self, deadline: Instant) -> u64 {
        let mut wait = Duration::from_millis(100);
        loop {
            match self.flush().await {
                Ok(()) => return 0,
                Err(e) if Instant::now() + wait >= deadline => {
                    let lost = self.queue.iter().map(|q| q.batch.checks()).sum();
                    tracing::error!(error = %e, lost_checks = lost, "final flush failed");
                    return lost;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "final flush failed, retrying");
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(Duration::from_secs(2));
                }
            }
        }
    }

    /// Writes whenever a counted check waits (a write starting at least `spacing` after the
    /// one before, so that the checks counted meanwhile are written together), retries a
    /// failed write (after 100 ms, doubling up to 2 s), and purges by `retention` every
    /// [`PURGE_EVERY`], until `stop` resolves; then returns itself for the final flush.
    pub async fn run(
        mut self,
        spacing: Duration,
        retention: Retention,
        stop: impl std::future::Future<Output = ()>,
    ) -> Flusher {
        let commits = self.commits.clone();
        let mut purge = tokio::time::interval(PURGE_EVERY);
        let mut retry = RETRY_FIRST;
        let mut last_write: Option<tokio::time::Instant> = None;
        tokio::pin!(stop);
        loop {
            let failing = !self.queue.is_empty() && commits.failing();
            tokio::select! {
                _ = &mut stop => return self,
                _ = purge.tick() => {
                    self.purge(&retention).await;
                    continue;
                }
                () = commits.pending(), if !failing => {}
                () = tokio::time::sleep(retry), if failing => {}
            }
            if let Some(at) = last_write {
                tokio::time::sleep_until(at + spacing).await;
            }
            last_write = Some(tokio::time::Instant::now());
            match self.flush().await {
                Ok(()) => retry = RETRY_FIRST,
                Err(e) => {
                    tracing::warn!(error = %e, queued_batches = self.queue.len(), "flush failed; the counts are kept and retried, new checks are answered 503");
                    retry = (retry * 2).min(RETRY_MOST);
                }
            }
        }
    }

    async fn purge(&self, retention: &Retention) {
        let oldest = retention.oldest_day(date_of(today()));
        match self.store.purge(oldest).await {
            Ok(rows) => {
                self.metrics.purged(rows);
                if rows > 0 {
                    tracing::info!(rows, oldest_kept = %oldest, "retention purge");
                }
            }
            Err(e) => tracing::warn!(error = %e, "retention purge failed"),
        }
    }
}
