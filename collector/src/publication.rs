//! What becomes public: closed UTC days released once, with calibrated noise, and every
//! public number read from those releases only.
//!
//! ```text
//!  publication.rs          Publisher (the cache keyed by release), published(), the policy's
//!                          privacy terms, the release task of `serve` (this file)
//!  publication/budget.rs   the contribution bound, the noise scales, the threshold, (ε, δ)
//!  publication/noise.rs    discrete Laplace samples from prio's dp module
//!  publication/release.rs  a day's release computed once from its buckets; days due
//!  publication/read.rs     releases into the protocol's Stats; the noise bands
//! ```
//!
//! A day is released when it has closed plus the release delay (a setting, default 1 h):
//! its cells for every breakdown, and the installations of every served window ending on it
//! ([`WINDOWS`]), each with noise drawn then and stored, each under the threshold left out.
//! Nothing of the open day is ever served; two answers differ only by whole released days.
//! `/v1/stats`, `report` and the web page all call [`Publisher::published`]. See
//! `collector/PRIVACY.md` for what this guarantees and what it does not.

pub mod budget;
mod noise;
mod read;
pub mod release;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use checkpoint_protocol::stats::{Budget, Figure, Privacy, Stats, WINDOWS, WindowBudget};
use jiff::civil::Date;

use crate::aggregate::{date_of, today};
use crate::settings::Retention;
use crate::store::{Store, StoreError};

pub use release::{Released, newest_closed, release_due};

/// How often the release task looks for a day to release.
pub const RELEASE_POLL: Duration = Duration::from_secs(60);

/// Why no stats can be given.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// A window other than [`WINDOWS`].
    #[error("{0} days is not a served window")]
    Unserved(u32),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The published stats of a collector's store: answers built from releases, cached per
/// product, window and last released day (a new release makes a new answer; nothing else
/// can change one).
#[derive(Debug)]
pub struct Publisher {
    store: Arc<dyn Store>,
    k: u64,
    retention: Retention,
    cache: Mutex<HashMap<(String, u32), Cached>>,
}

/// An answer and the last released day it was built on.
type Cached = (Date, Arc<Stats>);

impl Publisher {
    /// The publisher of `store`'s releases, made with threshold `k`, serving no day older
    /// than `retention` keeps.
    pub fn new(store: Arc<dyn Store>, k: u64, retention: Retention) -> Publisher {
        Publisher {
            store,
            k,
            retention,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The published stats of `product` over the served window of `days` closed days ending
    /// on the last released day, its days clamped to the retention (`first_day` is never
    /// older than the oldest day kept); a window not in [`WINDOWS`] is refused.
    pub async fn published(&self, product: &str, days: u32) -> Result<Arc<Stats>, PublishError> {
        if !WINDOWS.contains(&days) {
            return Err(PublishError::Unserved(days));
        }
        let last = self.store.last_released(product).await?;
        let key = (product.to_string(), days);
        if let Some(last) = last
            && let Some((day, stats)) = self.cache.lock().expect("never poisoned").get(&key)
            && *day == last
        {
            return Ok(stats.clone());
        }
        let oldest = self.retention.oldest_day(date_of(today()));
        let stats = read::window(&*self.store, product, days, last, oldest, self.k).await?;
        let stats = Arc::new(stats);
        if let Some(last) = last {
            self.cache
                .lock()
                .expect("never poisoned")
                .insert(key, (last, stats.clone()));
        }
        Ok(stats)
    }
}

/// Releases what is due now, for ever, every [`RELEASE_POLL`]: every closed day (plus
/// `delay`) from `since()` on that has no release, for the products `served()` names and
/// those with buckets. Failures are logged and retried at the next poll.
pub async fn run(
    store: Arc<dyn Store>,
    served: impl Fn() -> Vec<String>,
    since: impl Fn(Date) -> Date,
    delay: Duration,
    k: u64,
) {
    let mut ticker = tokio::time::interval(RELEASE_POLL);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let newest = newest_closed(jiff::Timestamp::now(), delay);
        let first = since(newest);
        let result = async {
            let products = release::products(&*store, served(), first, newest).await?;
            release_due(&*store, &products, first, newest, k).await
        }
        .await;
        if let Err(e) = result {
            tracing::warn!(error = %e, "release failed; retried at the next poll");
        }
    }
}

/// The privacy terms `/v1/policy` publishes, for threshold `k` and the release `delay`.
pub fn privacy(k: u64, delay: Duration) -> Privacy {
    let threshold = budget::threshold(k);
    let window = Budget {
        epsilon: budget::epsilon_window(),
        delta: budget::delta_day(threshold),
    };
    let figure = |figure: &str, dp: bool, why: &str| Figure {
        figure: figure.into(),
        dp,
        why: why.into(),
    };
    Privacy {
        mechanism: "discrete Laplace noise (prio's dp module), drawn once per released cell \
                    and stored; cells under the threshold after noise are not published"
            .into(),
        release_delay: humantime::format_duration(delay).to_string(),
        max_buckets_per_install_day: budget::MAX_BUCKETS,
        max_checks_per_install_day: budget::MAX_CHECKS,
        installs_sensitivity: budget::INSTALLS_SENSITIVITY,
        installs_claim_limit: budget::INSTALLS_CLAIM_LIMIT,
        threshold,
        per_day: Budget {
            epsilon: budget::epsilon_day(),
            delta: budget::delta_day(threshold),
        },
        per_window: WINDOWS
            .map(|days| WindowBudget {
                days,
                budget: window,
            })
            .to_vec(),
        figures: vec![
            figure(
                "checks of a command row, per day and summed over a window",
                true,
                "signed checks, at most max_checks_per_install_day per installation and day",
            ),
            figure(
                "installations of any row or total, up to installs_claim_limit",
                true,
                "one installation moves an estimate by at most installs_sensitivity there, in at \
                 most max_buckets_per_install_day cells of a breakdown per day",
            ),
            figure(
                "installations over installs_claim_limit",
                false,
                "past it one installation can move a HyperLogLog estimate by more than \
                 installs_sensitivity; the noise is not calibrated for that",
            ),
            figure(
                "checks of a version or platform row, total checks and update checks",
                false,
                "they include update checks, which carry no signature: one installation's \
                 update checks cannot be bounded; they are noised as if they were",
            ),
        ],
        assumptions: vec![
            "epsilon and delta are per installation and per UTC day for the day's release, and \
             per release for a window's; an installation seen on many days, or in many \
             overlapping windows, spends the sum of each release's epsilon"
                .into(),
            "a window's epsilon holds for an installation seen in at most \
             max_buckets_per_install_day cells of each breakdown over the whole window; one \
             seen in n cells spends n / max_buckets_per_install_day times as much"
                .into(),
            "the per-day bound is kept in the memory of one collector process: with several \
             instances, or a restart during the day, an installation can be counted up to the \
             bound once per instance and per process, multiplying epsilon by as many"
                .into(),
            "a client that changes its signature is a new installation to the bound".into(),
        ],
    }
}
