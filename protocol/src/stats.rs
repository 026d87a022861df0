//! The public aggregate of a collector: the JSON of `GET /v1/stats/{product}?days=N` and of
//! `GET /v1/policy`, defined once for the collector that writes it and the clients that read it.
//!
//! Owns the schema, the window's limits ([`DEFAULT_DAYS`], [`MAX_DAYS`]), the one reading of the
//! breakdowns every front end draws ([`Stats::sections`], in `sections`) and the walk over
//! their strings ([`Strings`]). Every count is an aggregate over days × product × version × rc × os ×
//! arch × object × command buckets; `installs` are HyperLogLog estimates with the relative
//! error [`Stats::installs_error`]. A row seen by fewer than [`Stats::min_installs`]
//! installations is folded into its breakdown's `other`. Unknown keys are ignored when reading,
//! so the schema may grow. No I/O.

mod sections;

use serde::{Deserialize, Serialize};

pub use self::sections::{Dimension, Section, SectionRow, folded_label};
use crate::strings::Strings;

/// How many days the stats cover when the query does not say (`days=` absent).
pub const DEFAULT_DAYS: u32 = 30;

/// The most days a collector serves in one answer (ten years); a longer window is refused.
pub const MAX_DAYS: u32 = 3660;

/// The aggregate of one product over the last `days` days.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Stats {
    /// The product.
    pub product: String,
    /// How many days, ending today (UTC), the aggregate covers.
    pub days: u32,
    /// The first day covered, `YYYY-MM-DD` (UTC).
    pub first_day: String,
    /// The last day covered (today), `YYYY-MM-DD` (UTC).
    pub last_day: String,
    /// `k`: a row with fewer estimated installations is folded into `other`.
    pub min_installs: u64,
    /// The relative error of every `installs` estimate (0.036 is ±3.6 %).
    pub installs_error: f64,
    /// Everything in the window.
    pub totals: Totals,
    /// Command checks by `(object, command)`.
    pub by_command: Breakdown<CommandRow>,
    /// All checks (commands and update checks) by version.
    pub by_version: Breakdown<VersionRow>,
    /// All checks by Go's os and arch.
    pub by_platform: Breakdown<PlatformRow>,
    /// All checks per day, oldest first.
    pub per_day: Breakdown<DayRow>,
}

impl Strings for Stats {
    fn each_string(&mut self, f: &mut dyn FnMut(&mut String)) {
        let Stats {
            product,
            days: _,
            first_day,
            last_day,
            min_installs: _,
            installs_error: _,
            totals: _,
            by_command,
            by_version,
            by_platform,
            per_day,
        } = self;
        for s in [product, first_day, last_day] {
            f(s);
        }
        by_command.each_string(f);
        by_version.each_string(f);
        by_platform.each_string(f);
        per_day.each_string(f);
    }
}

/// Everything in a window, or on one day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Totals {
    /// All checks answered with 200: commands and update checks.
    pub checks: u64,
    /// Checks that reported a command.
    pub commands: u64,
    /// Update-only checks (no command, no signature).
    pub update_checks: u64,
    /// Estimated distinct installations (signed checks only).
    pub installs: u64,
}

/// How many checks, from how many installations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Count {
    /// Checks.
    pub checks: u64,
    /// Estimated distinct installations (signed checks only).
    pub installs: u64,
}

/// Rows seen by at least `min_installs` installations, most checks first, and the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Breakdown<R> {
    /// The rows shown.
    pub rows: Vec<R>,
    /// The rows folded together: seen by fewer than `min_installs` installations each.
    pub other: Count,
    /// How many rows were folded into `other`.
    pub other_rows: u64,
}

impl<R: Strings> Strings for Breakdown<R> {
    fn each_string(&mut self, f: &mut dyn FnMut(&mut String)) {
        let Breakdown {
            rows,
            other: _,
            other_rows: _,
        } = self;
        rows.each_string(f);
    }
}

impl<R> Default for Breakdown<R> {
    fn default() -> Self {
        Breakdown {
            rows: Vec::new(),
            other: Count::default(),
            other_rows: 0,
        }
    }
}

/// Command checks of one `(flag_object, flag_command)` pair.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CommandRow {
    /// `flag_object`.
    pub object: String,
    /// `flag_command`.
    pub command: String,
    /// The checks and installations.
    #[serde(flatten)]
    pub count: Count,
}

impl Strings for CommandRow {
    fn each_string(&mut self, f: &mut dyn FnMut(&mut String)) {
        let CommandRow {
            object,
            command,
            count: _,
        } = self;
        f(object);
        f(command);
    }
}

/// Checks of one version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VersionRow {
    /// The version as sent.
    pub version: String,
    /// The checks and installations.
    #[serde(flatten)]
    pub count: Count,
}

impl Strings for VersionRow {
    fn each_string(&mut self, f: &mut dyn FnMut(&mut String)) {
        let VersionRow { version, count: _ } = self;
        f(version);
    }
}

/// Checks of one platform.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlatformRow {
    /// Go's `GOOS`.
    pub os: String,
    /// Go's `GOARCH`.
    pub arch: String,
    /// The checks and installations.
    #[serde(flatten)]
    pub count: Count,
}

impl Strings for PlatformRow {
    fn each_string(&mut self, f: &mut dyn FnMut(&mut String)) {
        let PlatformRow { os, arch, count: _ } = self;
        f(os);
        f(arch);
    }
}

/// Checks of one day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DayRow {
    /// `YYYY-MM-DD` (UTC).
    pub day: String,
    /// The day's totals.
    #[serde(flatten)]
    pub totals: Totals,
}

impl Strings for DayRow {
    fn each_string(&mut self, f: &mut dyn FnMut(&mut String)) {
        let DayRow { day, totals: _ } = self;
        f(day);
    }
}

/// What a collector keeps and for how long: `GET /v1/policy`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Policy {
    /// How long day buckets are kept, as configured (`"24mo"`).
    pub retention: String,
    /// The oldest day still kept, `YYYY-MM-DD` (UTC).
    pub oldest_day: String,
    /// `k` of the stats.
    pub min_installs: u64,
    /// The relative standard error of installation estimates.
    pub installs_error: f64,
    /// The products served.
    pub products: Vec<String>,
    /// The dimensions of a stored bucket.
    pub stored: Vec<String>,
    /// What is never stored nor logged.
    pub never_stored: Vec<String>,
}

impl Strings for Policy {
    fn each_string(&mut self, f: &mut dyn FnMut(&mut String)) {
        let Policy {
            retention,
            oldest_day,
            min_installs: _,
            installs_error: _,
            products,
            stored,
            never_stored,
        } = self;
        f(retention);
        f(oldest_day);
        products.each_string(f);
        stored.each_string(f);
        never_stored.each_string(f);
    }
}

/// A body that is not stats JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the answer is not checkpoint stats JSON ({0})")]
pub struct StatsError(String);

impl Stats {
    /// Parses a stats body.
    pub fn parse(body: &[u8]) -> Result<Stats, StatsError> {
        serde_json::from_slice(body).map_err(|e| StatsError(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings::{every_string_set_to, json_contains};

    /// Stats with one row in every breakdown, and folded rows in two.
    pub(super) fn sample() -> Stats {
        let count = r#""checks": 9, "installs": 5"#;
        let json = format!(
            r#"{{"product": "weave-gitops", "days": 7, "first_day": "2026-01-01",
              "last_day": "2026-01-07", "min_installs": 5, "installs_error": 0.023,
              "totals": {{"checks": 12, "commands": 10, "update_checks": 2, "installs": 6}},
              "by_command": {{"rows": [{{"object": "add", "command": "cluster", {count}}}],
                              "other": {{"checks": 1, "installs": 1}}, "other_rows": 1}},
              "by_version": {{"rows": [{{"version": "0.38.0", {count}}}]}},
              "by_platform": {{"rows": [{{"os": "linux", "arch": "amd64", {count}}}],
                               "other": {{"checks": 3, "installs": 2}}, "other_rows": 2}},
              "per_day": {{"rows": [{{"day": "2026-01-07"}}]}}}}"#
        );
        Stats::parse(json.as_bytes()).unwrap()
    }

    #[test]
    fn every_string_is_visited() {
        // Every string serde sees, set to an escape; the visitor must reach each of them.
        let mut stats = every_string_set_to(&sample(), "\u{1b}[2J");
        let mut policy = every_string_set_to(
            &Policy {
                products: vec![String::new()],
                stored: vec![String::new()],
                never_stored: vec![String::new()],
                ..Policy::default()
            },
            "\u{1b}[2J",
        );
        assert!(json_contains(&stats, "\u{1b}"));
        let clean = &mut |s: &mut String| *s = s.replace('\u{1b}', "?");
        stats.each_string(clean);
        policy.each_string(clean);
        assert!(!json_contains(&stats, "\u{1b}"), "{stats:?}");
        assert!(!json_contains(&policy, "\u{1b}"), "{policy:?}");
    }

    #[test]
    fn rows_are_flat_and_unknown_keys_are_ignored() {
        let stats = Stats {
            product: "weave-gitops".into(),
            by_command: Breakdown {
                rows: vec![CommandRow {
                    object: "add".into(),
                    command: "cluster".into(),
                    count: Count {
                        checks: 3,
                        installs: 2,
                    },
                }],
                ..Breakdown::default()
            },
            ..Stats::default()
        };
        let json = serde_json::to_value(&stats).unwrap();
        assert_eq!(
            json["by_command"]["rows"][0],
            serde_json::json!({"object": "add", "command": "cluster", "checks": 3, "installs": 2})
        );
        let mut with_more = json.clone();
        with_more["new_key"] = serde_json::json!(1);
        let back = Stats::parse(with_more.to_string().as_bytes()).unwrap();
        assert_eq!(back, stats);
        assert!(Stats::parse(b"1").is_err());
    }
}
