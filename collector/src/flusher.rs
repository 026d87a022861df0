//! Writing the in-memory counts: one batch per interval, kept and retried until the store takes
//! it, the final flush at shutdown, and the retention purge.
//!
//! Owns the queue of batches not yet written. Only its front batch may have been tried (and
//! may even have been applied, if the failure came after the commit): it is retried unchanged
//! under its id, so it counts once. New counts merge into the batch behind it, so a store that
//! is down for an hour costs two batches of memory, not 3 600. Logs counts and errors, never a
//! value of a request.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::aggregate::{Aggregator, Batch, date_of, today};
use crate::metrics::Metrics;
use crate::settings::Retention;
use crate::store::{Store, StoreError};

/// How often the retention purge runs.
pub const PURGE_EVERY: Duration = Duration::from_secs(3600);

/// The writer of one collector's counts.
#[derive(Debug)]
pub struct Flusher {
    aggregator: Arc<Aggregator>,
    store: Arc<dyn Store>,
    metrics: Arc<Metrics>,
    queue: VecDeque<Batch>,
}

impl Flusher {
    /// A flusher of `aggregator`'s counts into `store`.
    pub fn new(
        aggregator: Arc<Aggregator>,
        store: Arc<dyn Store>,
        metrics: Arc<Metrics>,
    ) -> Flusher {
        Flusher {
            aggregator,
            store,
            metrics,
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
        let fresh = self.aggregator.drain();
        if !fresh.is_empty() {
            let queued = self.queue.len();
            match self.queue.back_mut() {
                Some(back) if queued >= 2 => back.absorb(fresh),
                _ => self.queue.push_back(fresh),
            }
        }
        self.metrics.set_queued(self.queue.len());
        while let Some(batch) = self.queue.front() {
            let started = Instant::now();
            match self.store.apply(batch).await {
                Ok(()) => {
                    self.metrics
                        .flushed(started.elapsed(), batch.buckets.len(), batch.checks());
                    self.queue.pop_front();
                    self.metrics.set_queued(self.queue.len());
                }
                Err(e) => {
                    self.metrics.flush_failed();
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
                    let lost = self.queue.iter().map(Batch::checks).sum();
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

    /// Flushes every `interval` and purges by `retention` every [`PURGE_EVERY`] until `stop`
    /// resolves, then returns itself for the final flush.
    pub async fn run(
        mut self,
        interval: Duration,
        retention: Retention,
        stop: impl std::future::Future<Output = ()>,
    ) -> Flusher {
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut purge = tokio::time::interval(PURGE_EVERY);
        tokio::pin!(stop);
        loop {
            tokio::select! {
                _ = &mut stop => return self,
                _ = ticker.tick() => {
                    if let Err(e) = self.flush().await {
                        tracing::warn!(error = %e, queued_batches = self.queue.len(), "flush failed; the counts are kept and retried");
                    }
                }
                _ = purge.tick() => self.purge(&retention).await,
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
