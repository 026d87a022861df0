//! Human durations in the config file: `"90s"`, `"1h"`, `"2d"`, each bounded at parse time.
//!
//! Owns the parsing of duration values and the range each duration key accepts, so that no
//! value from a file can overflow a time computation later. Errors name the key and value,
//! say what a good value looks like and give the allowed range; `Config::parse` adds the file,
//! line and column. No I/O.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Deserializer};

/// A duration written as a human string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct HumanDuration(pub Duration);

impl HumanDuration {
    /// A duration of `secs` seconds.
    pub const fn from_secs(secs: u64) -> Self {
        HumanDuration(Duration::from_secs(secs))
    }
}

impl fmt::Display for HumanDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", humantime::format_duration(self.0))
    }
}

/// The values one duration key accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// The dotted key, for messages.
    pub key: &'static str,
    /// The least value.
    pub min: Duration,
    /// The greatest value.
    pub max: Duration,
    /// A good value, shown in messages.
    pub example: &'static str,
}

const DAY: u64 = 86_400;

/// `[telemetry] send_interval`: up to a year.
pub const SEND_INTERVAL: Range = Range {
    key: "telemetry.send_interval",
    min: Duration::ZERO,
    max: Duration::from_secs(365 * DAY),
    example: "1h",
};
/// `[telemetry] max_age`: a second to ten years.
pub const MAX_AGE: Range = Range {
    key: "telemetry.max_age",
    min: Duration::from_secs(1),
    max: Duration::from_secs(3650 * DAY),
    example: "30d",
};
/// `[telemetry] timeout` (and `CHECKPOINT_TIMEOUT`): a millisecond to ten minutes.
pub const TIMEOUT: Range = Range {
    key: "telemetry.timeout",
    min: Duration::from_millis(1),
    max: Duration::from_secs(600),
    example: "3s",
};
/// `[updates] interval`: up to a year.
pub const UPDATE_INTERVAL: Range = Range {
    key: "updates.interval",
    min: Duration::ZERO,
    max: Duration::from_secs(365 * DAY),
    example: "24h",
};

/// Why a duration value is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    /// Not a duration at all (the file's line and column name the key).
    #[error(
        "invalid duration {text:?} ({reason}); write a number and a unit, like \"90s\", \"1h\" or \"2d\""
    )]
    Invalid {
        /// The value as written.
        text: String,
        /// What the parser said.
        reason: String,
    },
    /// A duration outside the key's range.
    #[error(
        "{key} = {text:?} is out of range: use a duration from {} to {}, like \"{example}\"",
        short(*min),
        short(*max)
    )]
    OutOfRange {
        /// The dotted key.
        key: &'static str,
        /// The value as written.
        text: String,
        /// The least value.
        min: Duration,
        /// The greatest value.
        max: Duration,
        /// A good value for this key.
        example: &'static str,
    },
}

impl Range {
    /// Parses `text` and checks it is within this range.
    pub fn parse(&self, text: &str) -> Result<HumanDuration, DurationError> {
        let parsed =
            humantime::parse_duration(text.trim()).map_err(|e| DurationError::Invalid {
                text: text.to_string(),
                reason: e.to_string(),
            })?;
        if parsed < self.min || parsed > self.max {
            return Err(DurationError::OutOfRange {
                key: self.key,
                text: text.to_string(),
                min: self.min,
                max: self.max,
                example: self.example,
            });
        }
        Ok(HumanDuration(parsed))
    }

    /// Whether `d` is within this range.
    pub fn contains(&self, d: Duration) -> bool {
        self.min <= d && d <= self.max
    }

    fn deserialize<'de, D: Deserializer<'de>>(&self, d: D) -> Result<HumanDuration, D::Error> {
        let text = String::deserialize(d)?;
        self.parse(&text).map_err(serde::de::Error::custom)
    }
}

/// `d` in the largest unit that writes it whole: `"3650d"`, `"10m"`, `"1ms"`, `"0s"`.
fn short(d: Duration) -> String {
    let ms = d.as_millis();
    let units = [
        (86_400_000, "d"),
        (3_600_000, "h"),
        (60_000, "m"),
        (1000, "s"),
    ];
    match units
        .iter()
        .find(|(size, _)| ms > 0 && ms.is_multiple_of(*size))
    {
        Some((size, unit)) => format!("{}{unit}", ms / size),
        None if ms == 0 => "0s".into(),
        None => format!("{ms}ms"),
    }
}

pub(super) fn send_interval<'de, D: Deserializer<'de>>(d: D) -> Result<HumanDuration, D::Error> {
    SEND_INTERVAL.deserialize(d)
}

pub(super) fn max_age<'de, D: Deserializer<'de>>(d: D) -> Result<HumanDuration, D::Error> {
    MAX_AGE.deserialize(d)
}

pub(super) fn timeout<'de, D: Deserializer<'de>>(d: D) -> Result<HumanDuration, D::Error> {
    TIMEOUT.deserialize(d)
}

pub(super) fn update_interval<'de, D: Deserializer<'de>>(d: D) -> Result<HumanDuration, D::Error> {
    UPDATE_INTERVAL.deserialize(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_refuse_what_would_overflow_and_say_what_is_allowed() {
        let cases = [
            (
                TIMEOUT,
                "18446744073709551615s",
                "telemetry.timeout = \"18446744073709551615s\"",
            ),
            (MAX_AGE, "99999999d", "use a duration from 1s to 3650d"),
            (TIMEOUT, "0s", "out of range"),
            (MAX_AGE, "soon", "like \"90s\", \"1h\" or \"2d\""),
        ];
        for (range, text, want) in cases {
            let err = range.parse(text).unwrap_err().to_string();
            assert!(err.contains(want), "{text}: {err}");
        }
        assert_eq!(
            MAX_AGE.parse(" 2d ").unwrap(),
            HumanDuration::from_secs(2 * DAY)
        );
        assert_eq!(
            SEND_INTERVAL.parse("0s").unwrap(),
            HumanDuration::from_secs(0)
        );
    }
}
