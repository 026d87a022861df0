//! The collector's own counters, served at `/metrics` in Prometheus' text format.
//!
//! Owns every counter and its name: requests by outcome, rejections by reason, flushes (count,
//! errors, duration histogram, buckets and checks written), releases reloads, refused
//! connections, retention purges, stored rows whose sketch could not be read, checks whose
//! `flag_rc` was ignored. Counters are atomics; nothing here knows a request's values.
//! Every label set comes from an enum: [`Outcome`]'s list is made by the `labelled!`
//! declaration, the rejection reasons are the protocol's `Rejection::ALL`; each value is
//! listed, at zero until counted. The text is rendered here (a handful of families; a test
//! checks that every sample has its `# TYPE`).

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use checkpoint_protocol::received::Rejection;

/// A fieldless enum with a label per variant, its `ALL` list and `label()` made from one
/// declaration, so no list of the variants is kept by hand.
macro_rules! labelled {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident => $label:literal,)+
        }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every variant, in declaration order (which is also its index).
            pub const ALL: [$name; [$($label),+].len()] = [$($name::$variant),+];

            /// The label value.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }
        }
    };
}

labelled! {
    /// What became of a request.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Outcome {
        /// A command check, counted.
        Command => "command",
        /// An update-only check, counted.
        UpdateCheck => "update_check",
        /// A HEAD of a check that would be accepted: answered, not counted.
        HeadCheck => "head_check",
        /// A check refused with 400 (see the rejection reason).
        Rejected => "rejected",
        /// The bare handler's fixed answer (benchmark mode).
        Bare => "bare",
        /// The stats.
        Stats => "stats",
        /// The policy.
        Policy => "policy",
        /// A web page, asset or download.
        Page => "page",
        /// `/healthz`, answered by the store.
        Health => "health",
        /// `/metrics`.
        Metrics => "metrics",
        /// No such path, or stats of a product not served.
        NotFound => "not_found",
        /// A request other than a check with a query it does not take, or without a valid
        /// `Host` (400).
        BadRequest => "bad_request",
        /// Neither GET nor HEAD.
        MethodNotAllowed => "method_not_allowed",
        /// A request target longer than allowed, or a request with a body.
        TooLarge => "too_large",
        /// A request head larger than the head buffer: 431, answered by the HTTP layer.
        HeadTooLarge => "head_too_large",
        /// A request that is not HTTP/1: 400, answered by the HTTP layer.
        Malformed => "malformed",
        /// Too many requests in progress: 503.
        Overloaded => "overloaded",
        /// The request took longer than allowed.
        Timeout => "timeout",
        /// The store failed while answering (stats, health).
        Error => "error",
    }
}

/// Upper bounds of the flush-duration histogram, in seconds.
const FLUSH_BUCKETS: [f64; 8] = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0];

/// The counters of one process.
#[derive(Debug, Default)]
pub struct Metrics {
    outcomes: [AtomicU64; Outcome::ALL.len()],
    rejections: [AtomicU64; Rejection::ALL.len()],
    flushes: AtomicU64,
    flush_errors: AtomicU64,
    flush_micros: AtomicU64,
    flush_histogram: [AtomicU64; FLUSH_BUCKETS.len()],
    buckets_written: AtomicU64,
    checks_written: AtomicU64,
    reloads: AtomicU64,
    reload_errors: AtomicU64,
    refused_connections: AtomicU64,
    evicted_connections: AtomicU64,
    head_timeouts: AtomicU64,
    write_timeouts: AtomicU64,
    purged_rows: AtomicU64,
    queued_batches: AtomicU64,
    rc_ignored: AtomicU64,
    unknown_versions: AtomicU64,
    folded_checks: AtomicU64,
    uncounted_checks: AtomicU64,
    unreadable_rows: AtomicU64,
    /// 1 from a failed flush until the next one that writes.
    store_failing: AtomicU64,
}

/// Gauges read at scrape time.
#[derive(Debug, Clone, Copy, Default)]
pub struct Gauges {
    /// Buckets counted in memory, not yet flushed.
    pub pending_buckets: usize,
    /// Distinct buckets counted in on the open day (at most `limits.max_buckets_per_day`).
    pub day_buckets: usize,
    /// Requests in progress.
    pub in_flight: usize,
    /// Open connections.
    pub connections: usize,
}

fn add(counter: &AtomicU64, n: u64) {
    counter.fetch_add(n, Ordering::Relaxed);
}

impl Metrics {
    /// Counts a request's outcome.
    pub fn request(&self, outcome: Outcome) {
        add(&self.outcomes[outcome as usize], 1);
    }

    /// Counts a refused check by its reason.
    pub fn rejected(&self, reason: Rejection) {
        self.request(Outcome::Rejected);
        let i = Rejection::ALL
            .iter()
            .position(|r| *r == reason)
            .unwrap_or(0);
        add(&self.rejections[i], 1);
    }

    /// Counts one flush that wrote `buckets` buckets holding `checks` checks.
    pub fn flushed(&self, took: Duration, buckets: usize, checks: u64) {
        add(&self.flushes, 1);
        add(&self.flush_micros, took.as_micros() as u64);
        let secs = took.as_secs_f64();
        for (bound, counter) in FLUSH_BUCKETS.iter().zip(&self.flush_histogram) {
            if secs <= *bound {
                add(counter, 1);
            }
        }
        add(&self.buckets_written, buckets as u64);
        add(&self.checks_written, checks);
        self.store_failing.store(0, Ordering::Relaxed);
    }

    /// Counts a failed flush: the store is failing until a flush writes again.
    pub fn flush_failed(&self) {
        add(&self.flush_errors, 1);
        self.store_failing.store(1, Ordering::Relaxed);
    }

    /// Whether the last flush failed and its counts wait in memory.
    pub fn store_failing(&self) -> bool {
        self.store_failing.load(Ordering::Relaxed) == 1
    }

    /// Counts a releases reload.
    pub fn reloaded(&self, ok: bool) {
        add(
            if ok {
                &self.reloads
            } else {
                &self.reload_errors
            },
            1,
        );
    }

    /// Counts a connection closed at once for the connection limit.
    pub fn refused_connection(&self) {
        add(&self.refused_connections, 1);
    }

    /// Counts idle connections closed to make room for new ones.
    pub fn evicted_connections(&self, n: usize) {
        add(&self.evicted_connections, n as u64);
    }

    /// Counts a connection cut off because its client sent no complete request head in time.
    pub fn head_timeout(&self) {
        add(&self.head_timeouts, 1);
    }

    /// Counts a connection cut off because its client did not read its answer in time.
    pub fn write_timeout(&self) {
        add(&self.write_timeouts, 1);
    }

    /// Sets how many batches wait to be written.
    pub fn set_queued(&self, batches: usize) {
        self.queued_batches.store(batches as u64, Ordering::Relaxed);
    }

    /// Counts an accepted check whose `flag_rc` its version contradicted (stored by the
    /// version).
    pub fn rc_ignored(&self) {
        add(&self.rc_ignored, 1);
    }

    /// Counts an accepted check whose version is not one the collector knows (counted as
    /// `unknown`).
    pub fn unknown_version(&self) {
        add(&self.unknown_versions, 1);
    }

    /// Counts a check counted in its product's folded bucket (the day's bucket cap reached).
    pub fn folded(&self) {
        add(&self.folded_checks, 1);
    }

    /// Counts a check answered but not counted (the contribution bound, or the day's
    /// installations cap).
    pub fn uncounted(&self) {
        add(&self.uncounted_checks, 1);
    }

    /// Counts stored rows whose installs sketch could not be read (each set aside once: its
    /// sketch replaced, its checks kept).
    pub fn unreadable_rows(&self, rows: u64) {
        add(&self.unreadable_rows, rows);
    }

    /// Counts rows deleted by the retention.
    pub fn purged(&self, rows: u64) {
        add(&self.purged_rows, rows);
    }

    /// The requests seen with `outcome` so far.
    pub fn requests(&self, outcome: Outcome) -> u64 {
        self.outcomes[outcome as usize].load(Ordering::Relaxed)
    }

    /// The text exposition.
    pub fn render(&self, gauges: Gauges) -> String {
        let mut out = String::with_capacity(4096);
        self.render_requests(&mut out);
        self.render_flushes(&mut out);
        for (name, help, value) in self.counters() {
            family(&mut out, name, "counter", help);
            let _ = writeln!(out, "gitops_checkpoint_{name} {value}");
        }
        for (name, help, value) in self.gauges(gauges) {
            family(&mut out, name, "gauge", help);
            let _ = writeln!(out, "gitops_checkpoint_{name} {value}");
        }
        out
    }

    /// Requests by outcome and rejections by reason, every label listed.
    fn render_requests(&self, out: &mut String) {
        family(
            out,
            "requests_total",
            "counter",
            "HTTP requests by outcome.",
        );
        for (o, c) in Outcome::ALL.iter().zip(&self.outcomes) {
            let _ = writeln!(
                out,
                "gitops_checkpoint_requests_total{{outcome=\"{}\"}} {}",
                o.label(),
                get(c)
            );
        }
        family(
            out,
            "rejections_total",
            "counter",
            "Checks refused with 400, by reason.",
        );
        for (r, c) in Rejection::ALL.iter().zip(&self.rejections) {
            let _ = writeln!(
                out,
                "gitops_checkpoint_rejections_total{{reason=\"{}\"}} {}",
                r.reason(),
                get(c)
            );
        }
    }

    /// The flush-duration histogram.
    fn render_flushes(&self, out: &mut String) {
        let name = "gitops_checkpoint_flush_duration_seconds";
        family(
            out,
            "flush_duration_seconds",
            "histogram",
            "Time to write one batch.",
        );
        for (bound, c) in FLUSH_BUCKETS.iter().zip(&self.flush_histogram) {
            let _ = writeln!(out, "{name}_bucket{{le=\"{bound}\"}} {}", get(c));
        }
        let flushes = get(&self.flushes);
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {flushes}");
        let sum = get(&self.flush_micros) as f64 / 1e6;
        let _ = writeln!(out, "{name}_sum {sum}");
        let _ = writeln!(out, "{name}_count {flushes}");
    }

    /// The plain counters: name, help, value.
    fn counters(&self) -> [(&'static str, &'static str, u64); 15] {
        [
            (
                "flush_errors_total",
                "Flushes that failed (the batch is kept and retried).",
                get(&self.flush_errors),
            ),
            (
                "buckets_written_total",
                "Bucket increments written to the store.",
                get(&self.buckets_written),
            ),
            (
                "checks_written_total",
                "Checks written to the store.",
                get(&self.checks_written),
            ),
            (
                "releases_reloads_total",
                "Releases file reloads.",
                get(&self.reloads),
            ),
            (
                "releases_reload_errors_total",
                "Releases file changes that could not be read.",
                get(&self.reload_errors),
            ),
            (
                "refused_connections_total",
                "Connections closed unserved at the connection limit (no idle connection to close for them).",
                get(&self.refused_connections),
            ),
            (
                "evicted_connections_total",
                "Idle connections closed to make room for new ones at the connection limit.",
                get(&self.evicted_connections),
            ),
            (
                "head_timeouts_total",
                "Connections closed for sending no complete request head within header_timeout \
                 (idle kept-alive ones included).",
                get(&self.head_timeouts),
            ),
            (
                "write_timeouts_total",
                "Connections closed for not reading their answer within write_timeout.",
                get(&self.write_timeouts),
            ),
            (
                "purged_rows_total",
                "Bucket rows deleted by the retention.",
                get(&self.purged_rows),
            ),
            (
                "store_unreadable_rows_total",
                "Stored rows whose installs sketch could not be read: skipped, the sketch reset, the checks kept.",
                get(&self.unreadable_rows),
            ),
            (
                "rc_flag_ignored_total",
                "Checks counted whose flag_rc disagreed with their version (the version decides).",
                get(&self.rc_ignored),
            ),
            (
                "unknown_versions_total",
                "Checks whose version the collector does not know, counted as version unknown.",
                get(&self.unknown_versions),
            ),
            (
                "folded_checks_total",
                "Checks of buckets new on a day that had limits.max_buckets_per_day buckets, \
                 counted in the product's folded bucket (every value other).",
                get(&self.folded_checks),
            ),
            (
                "uncounted_checks_total",
                "Checks answered but not counted: their installation had reached the day's \
                 contribution bound, or was new on a day with limits.max_installs_per_day.",
                get(&self.uncounted_checks),
            ),
        ]
    }

    /// The gauges: name, help, value.
    fn gauges(&self, gauges: Gauges) -> [(&'static str, &'static str, u64); 6] {
        [
            (
                "pending_buckets",
                "Buckets counted in memory, not yet flushed.",
                gauges.pending_buckets as u64,
            ),
            (
                "day_buckets",
                "Distinct buckets counted in on the open UTC day (at most limits.max_buckets_per_day).",
                gauges.day_buckets as u64,
            ),
            (
                "queued_batches",
                "Batches waiting to be written after a failed flush.",
                get(&self.queued_batches),
            ),
            (
                "store_failing",
                "1 from a failed flush until a flush writes again (then /healthz answers 503).",
                get(&self.store_failing),
            ),
            (
                "in_flight_requests",
                "Requests in progress.",
                gauges.in_flight as u64,
            ),
            (
                "open_connections",
                "Open connections.",
                gauges.connections as u64,
            ),
        ]
    }
}

fn get(counter: &AtomicU64) -> u64 {
    counter.load(Ordering::Relaxed)
}

/// The `# HELP` and `# TYPE` lines of a family.
fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP gitops_checkpoint_{name} {help}");
    let _ = writeln!(out, "# TYPE gitops_checkpoint_{name} {kind}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_is_typed_and_every_reason_listed() {
        let m = Metrics::default();
        m.request(Outcome::Command);
        m.rejected(Rejection::Verbs);
        m.flushed(Duration::from_millis(3), 4, 10);
        m.rc_ignored();
        m.unreadable_rows(2);
        let text = m.render(Gauges {
            pending_buckets: 2,
            ..Gauges::default()
        });
        assert!(text.contains("gitops_checkpoint_requests_total{outcome=\"command\"} 1\n"));
        assert!(text.contains("gitops_checkpoint_requests_total{outcome=\"rejected\"} 1\n"));
        assert!(text.contains("gitops_checkpoint_rejections_total{reason=\"verbs\"} 1\n"));
        assert!(text.contains("gitops_checkpoint_flush_duration_seconds_bucket{le=\"0.005\"} 1\n"));
        assert!(text.contains("gitops_checkpoint_flush_duration_seconds_bucket{le=\"0.001\"} 0\n"));
        assert!(text.contains("gitops_checkpoint_checks_written_total 10\n"));
        assert!(text.contains("gitops_checkpoint_pending_buckets 2\n"));
        assert!(text.contains("gitops_checkpoint_rc_flag_ignored_total 1\n"));
        assert!(text.contains("gitops_checkpoint_store_unreadable_rows_total 2\n"));
        for r in Rejection::ALL {
            assert!(text.contains(&format!("reason=\"{}\"", r.reason())));
        }
        for (i, o) in Outcome::ALL.iter().enumerate() {
            assert_eq!(*o as usize, i);
            assert!(text.contains(&format!("outcome=\"{}\"", o.label())));
        }
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let name = line.split(['{', ' ']).next().unwrap();
            let family = name
                .trim_end_matches("_bucket")
                .trim_end_matches("_sum")
                .trim_end_matches("_count");
            assert!(text.contains(&format!("# TYPE {family} ")), "{name}");
        }
    }
}
