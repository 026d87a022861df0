//! The public aggregate of a collector: the JSON of `GET /v1/stats/{product}?days=N` and of
//! `GET /v1/policy`, defined once for the collector that writes it and the clients that read it.
//!
//! Owns the schema, the windows served ([`WINDOWS`], [`DEFAULT_DAYS`]), the one reading of the
//! breakdowns every front end draws ([`Stats::sections`], in `sections`) and the walk over
//! their strings ([`Strings`]). Every count is an aggregate over days × product × version × rc × os ×
//! arch × object × command buckets; `installs` are HyperLogLog estimates with the relative
//! error [`Stats::installs_error`]. A collector that releases closed days (see [`Noise`] and
//! [`Privacy`]) serves only released days, never the open one; each published count carries
//! noise drawn once at release, and a row whose noisy installations are under the threshold
//! is not published at all (an older collector folded it into `other`). Unknown keys are
//! ignored when reading, so the schema may grow. No I/O.

mod sections;

use serde::{Deserialize, Serialize};

pub use self::sections::{Dimension, Section, SectionRow, folded_label};
use crate::strings::Strings;

/// How many days the stats cover when the query does not say (`days=` absent).
pub const DEFAULT_DAYS: u32 = 30;

/// The windows a collector serves, in closed (released) days ending on the last released
/// day; any other `days=` is refused. Installations over a window cannot be summed from
/// days, so each window is released on its own.
pub const WINDOWS: [u32; 4] = [7, 30, 90, 365];

/// The longest window served.
pub const MAX_DAYS: u32 = WINDOWS[WINDOWS.len() - 1];

/// The version of the checks whose version a collector does not know (not a release it
/// lists, nor a release or pre-release of a line it knows): one value, so that made-up
/// versions cannot make new rows.
pub const UNKNOWN_VERSION: &str = "unknown";

/// The value of every dimension of a collector's folded bucket: the checks of buckets that
/// were new on a day that already had as many buckets as the collector keeps.
pub const FOLDED: &str = "other";

/// The served window closest to `days` from above (the longest if none is).
pub fn window_for(days: u32) -> u32 {
    WINDOWS.into_iter().find(|w| *w >= days).unwrap_or(MAX_DAYS)
}

/// `7, 30, 90 or 365`, for messages.
pub fn windows_text() -> String {
    let all: Vec<String> = WINDOWS.iter().map(u32::to_string).collect();
    let (last, rest) = all.split_last().expect("windows are listed");
    format!("{} or {last}", rest.join(", "))
}

/// The aggregate of one product over the last `days` days.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Stats {
    /// The product.
    pub product: String,
    /// How many days the aggregate covers: closed days ending on `last_day` (an older
    /// collector: days ending today).
    pub days: u32,
    /// The first day covered, `YYYY-MM-DD` (UTC).
    pub first_day: String,
    /// The last day covered, `YYYY-MM-DD` (UTC): the last released day.
    pub last_day: String,
    /// `k`: the least a published row's installations may be ([`Noise::threshold`] is the
    /// threshold in force; an older collector folded rarer rows into `other`).
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
    /// The newest released day, which the window ends on (`YYYY-MM-DD`); empty when nothing
    /// is released yet or the collector does not release days.
    pub last_released_day: String,
    /// Whether the open UTC day (and any closed day not yet released) is left out: true from
    /// a collector that releases closed days.
    pub open_day_excluded: bool,
    /// All checks by version on each day, oldest day first: each day's released version
    /// cells (absent from collectors that predate it).
    pub per_day_version: Vec<DayVersions>,
    /// The noise on the published counts; all zero when there is none.
    pub noise: Noise,
}

/// The noise on a [`Stats`]' counts: drawn once per released cell, stored with it, so
/// asking again gives the same numbers. A count shown as `about N ± band` is within the band
/// of the count before noise with 95 % probability (installations add the HyperLogLog error
/// [`Stats::installs_error`] on top).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Noise {
    /// The distribution (`discrete Laplace`), empty for none.
    pub mechanism: String,
    /// The standard deviation of the noise on one day's checks of one row.
    pub checks_sd: f64,
    /// The standard deviation of the noise on one released installations count.
    pub installs_sd: f64,
    /// The 95 % half-width of a breakdown row's checks (a sum of at most `days` days).
    pub row_checks_band: u64,
    /// The 95 % half-width of a day row's checks.
    pub day_checks_band: u64,
    /// The 95 % half-width of the window's total checks.
    pub totals_checks_band: u64,
    /// The 95 % half-width of any installations count.
    pub installs_band: u64,
    /// The fewest noisy installations a published cell has: `min_installs` raised by the
    /// margin that keeps a row of a few installations from showing (see [`Privacy`]).
    pub threshold: u64,
}

impl Noise {
    /// `about 1 200 ± 40`, or the bare number when there is no noise.
    pub fn about(n: u64, band: u64) -> String {
        if band == 0 {
            return grouped(n);
        }
        format!("about {} ± {}", grouped(n), grouped(band))
    }
}

/// `1 200`: thousands separated by a space.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
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
            last_released_day,
            open_day_excluded: _,
            noise,
            per_day_version,
        } = self;
        for s in [
            product,
            first_day,
            last_day,
            last_released_day,
            &mut noise.mechanism,
        ] {
            f(s);
        }
        by_command.each_string(f);
        by_version.each_string(f);
        by_platform.each_string(f);
        per_day.each_string(f);
        per_day_version.each_string(f);
    }
}

/// The checks of each version on one day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DayVersions {
    /// `YYYY-MM-DD` (UTC).
    pub day: String,
    /// The day's checks by version, most first: the version cells released for the day (a
    /// version under the threshold that day is not among them, and there is no `other`).
    pub versions: Breakdown<VersionRow>,
}

impl Strings for DayVersions {
    fn each_string(&mut self, f: &mut dyn FnMut(&mut String)) {
        let DayVersions { day, versions } = self;
        f(day);
        versions.each_string(f);
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
    /// What the published numbers guarantee, and what they do not (absent from an older
    /// collector, and then not written back either).
    #[serde(skip_serializing_if = "Privacy::is_unset")]
    pub privacy: Privacy,
    /// The path of this policy as a web page on the same endpoint
    /// ([`crate::routes::POLICY_PAGE`]), empty when the endpoint serves no pages.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub page: String,
}

impl Policy {
    /// The address of the policy's web page on `endpoint` (the base URL the policy was
    /// fetched from, no trailing slash), if the endpoint names one: a plain absolute path,
    /// so whatever it sends, the address stays on the endpoint's own host.
    pub fn page_url(&self, endpoint: &str) -> Option<String> {
        let p = self.page.as_str();
        let plain = p
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-".contains(&b));
        (p.starts_with('/') && !p.starts_with("//") && plain).then(|| format!("{endpoint}{p}"))
    }
}

/// The differential-privacy terms of the published numbers: `GET /v1/policy`'s `privacy`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Privacy {
    /// The noise's distribution and where it comes from.
    pub mechanism: String,
    /// How long after a UTC day closes it is released, as configured (`"1h"`).
    pub release_delay: String,
    /// The most distinct buckets one installation is counted in per day (its further checks
    /// in new buckets are answered, not counted).
    pub max_buckets_per_install_day: u64,
    /// The most checks one installation is counted for per day.
    pub max_checks_per_install_day: u64,
    /// The sensitivity assumed for one installations estimate: how much one installation
    /// moves a HyperLogLog estimate, which holds up to [`Privacy::installs_claim_limit`].
    pub installs_sensitivity: u64,
    /// The installations estimate up to which `installs_sensitivity` holds.
    pub installs_claim_limit: u64,
    /// The threshold applied to noisy installations: a cell under it is not published.
    pub threshold: u64,
    /// (ε, δ) of one day's release, for one installation's signed checks that day.
    pub per_day: Budget,
    /// (ε, δ) of each window's release (its installations), under the assumption stated in
    /// `assumptions`.
    pub per_window: Vec<WindowBudget>,
    /// Each published figure, with or without a DP claim, and why.
    pub figures: Vec<Figure>,
    /// What the claims assume, and what weakens them.
    pub assumptions: Vec<String>,
}

impl Privacy {
    /// Whether nothing is said: an older collector's policy.
    pub fn is_unset(&self) -> bool {
        *self == Privacy::default()
    }
}

/// An (ε, δ) pair.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Budget {
    /// ε.
    pub epsilon: f64,
    /// δ.
    pub delta: f64,
}

/// The budget of one window's release.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WindowBudget {
    /// The window, in days.
    pub days: u32,
    /// Its (ε, δ).
    #[serde(flatten)]
    pub budget: Budget,
}

/// One published figure and whether it carries a differential-privacy claim.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Figure {
    /// The figure (`checks of a command row`).
    pub figure: String,
    /// Whether the (ε, δ) above cover it.
    pub dp: bool,
    /// Why, or why not.
    pub why: String,
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
            privacy,
            page,
        } = self;
        f(retention);
        f(page);
        f(oldest_day);
        products.each_string(f);
        stored.each_string(f);
        never_stored.each_string(f);
        let Privacy {
            mechanism,
            release_delay,
            figures,
            assumptions,
            ..
        } = privacy;
        f(mechanism);
        f(release_delay);
        for figure in figures {
            f(&mut figure.figure);
            f(&mut figure.why);
        }
        assumptions.each_string(f);
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

    /// The policy page's address stays on the endpoint whatever path the policy names.
    #[test]
    fn the_policy_page_is_a_path_on_the_endpoint() {
        let at = |page: &str| {
            let policy = Policy {
                page: page.into(),
                ..Policy::default()
            };
            policy.page_url("https://checkpoint.example")
        };
        assert_eq!(
            at("/policy").as_deref(),
            Some("https://checkpoint.example/policy")
        );
        for hostile in [
            "",
            "policy",
            "//elsewhere.example/policy",
            "https://elsewhere.example/",
            "@elsewhere.example",
            "/policy?x=1",
            "/po licy",
            "/policy\u{1b}[2J",
        ] {
            assert_eq!(at(hostile), None, "{hostile:?}");
        }
    }

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
              "per_day": {{"rows": [{{"day": "2026-01-07"}}]}},
              "per_day_version": [{{"day": "2026-01-07",
                                    "versions": {{"rows": [{{"version": "0.38.0", {count}}}]}}}}]}}"#
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
                privacy: Privacy {
                    figures: vec![Figure::default()],
                    assumptions: vec![String::new()],
                    ..Privacy::default()
                },
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
    fn about_groups_thousands_and_shows_the_band() {
        assert_eq!(Noise::about(1200, 40), "about 1 200 ± 40");
        assert_eq!(Noise::about(1_234_567, 0), "1 234 567");
        assert_eq!(grouped(999), "999");
        assert_eq!(window_for(1), 7);
        assert_eq!(window_for(31), 90);
        assert_eq!(window_for(4000), 365);
        assert_eq!(windows_text(), "7, 30, 90 or 365");
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
