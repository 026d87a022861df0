//! When things are due: the least interval between two runs, and the backoff after failures.
//!
//! Pure functions of times and durations, shared by `record` (is a background send due?),
//! `updates` (is an update check due?) and `delivery` (when may a failed event go again?).

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

/// Whether `interval` has passed since `last` (true when nothing happened yet).
pub fn interval_passed(last: Option<Timestamp>, interval: Duration, now: Timestamp) -> bool {
    let interval = SignedDuration::try_from(interval).unwrap_or(SignedDuration::MAX);
    last.is_none_or(|at| now.duration_since(at) >= interval)
}

/// The delay before attempt `attempts + 1`: 1 minute, doubling, at most 24 hours.
pub fn backoff(attempts: u32) -> Duration {
    let minutes = 1u64 << attempts.saturating_sub(1).min(11);
    Duration::from_secs((minutes * 60).min(24 * 3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_a_minute_to_a_day() {
        let mins: Vec<u64> = (1..=13).map(|a| backoff(a).as_secs() / 60).collect();
        assert_eq!(
            mins,
            [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 1440, 1440]
        );
    }

    #[test]
    fn intervals() {
        let now = Timestamp::from_second(100).unwrap();
        let hour = Duration::from_secs(3600);
        assert!(interval_passed(None, hour, now));
        assert!(!interval_passed(Some(now), hour, now));
        assert!(interval_passed(
            Some(Timestamp::UNIX_EPOCH),
            Duration::from_secs(100),
            now
        ));
    }
}
