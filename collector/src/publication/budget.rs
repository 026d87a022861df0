//! The privacy parameters of a release, in one place: the contribution bound, the noise
//! scales, the threshold, and the (ε, δ) that follow from them, as `/v1/policy` states them.
//!
//! Owns the arithmetic only (no I/O, no randomness). Every figure that `/v1/policy` publishes
//! about the mechanism is computed here from the constants, so the policy cannot drift from
//! what the release does.
//!
//! The mechanism, per product and closed UTC day:
//!
//! - One installation (one signature) is counted, that day, in at most [`MAX_BUCKETS`]
//!   distinct buckets and for at most [`MAX_CHECKS`] checks (`aggregate` enforces it with a
//!   keyed hash whose key lives in memory for the open day only). A bucket projects to one
//!   cell of each breakdown, so one installation moves at most `MAX_BUCKETS` cells of a
//!   breakdown, and their checks by at most `MAX_CHECKS` in all (L1).
//! - Each cell's installations get discrete Laplace noise of scale
//!   `INSTALLS_SENSITIVITY × MAX_BUCKETS / EPSILON_INSTALLS`; a cell whose noisy
//!   installations are under [`threshold`] is not published. A published cell's checks get
//!   noise of scale `MAX_CHECKS / EPSILON_CHECKS`. The day's total installations are one more
//!   cell, scale `INSTALLS_SENSITIVITY / EPSILON_TOTAL`.
//! - Labels are not fixed in advance (a version is any string a client sends), so a cell
//!   that exists only because of one installation could show: [`threshold`] is `k` raised
//!   by the margin that makes that probability at most [`DELTA_DAY`] over every cell one
//!   installation can create in a day.

/// Distinct buckets one installation is counted in per UTC day (enforced by `aggregate`).
pub const MAX_BUCKETS: u64 = crate::aggregate::MAX_BUCKETS;
/// Checks one installation is counted for per UTC day (enforced by `aggregate`).
pub const MAX_CHECKS: u64 = crate::aggregate::MAX_CHECKS;
/// How far one installation moves a HyperLogLog estimate, at most, up to
/// [`INSTALLS_CLAIM_LIMIT`]: one signature sets at most one register; in linear counting
/// (the estimate `m·ln(m/V)` of `V` empty registers out of `m` = 2048) that moves the
/// estimate by `m·ln(V/(V−1))`, at most 2 while `V ≥ 1 024`.
pub const INSTALLS_SENSITIVITY: u64 = 2;
/// The estimate up to which [`INSTALLS_SENSITIVITY`] holds: `m·ln 2` ≈ 1 419 (`V` = m/2).
pub const INSTALLS_CLAIM_LIMIT: u64 = 1419;
/// ε of one breakdown's checks on one day.
pub const EPSILON_CHECKS: f64 = 1.0;
/// ε of one breakdown's installations on one day (and in one window's release).
pub const EPSILON_INSTALLS: f64 = 1.0;
/// ε of the total installations of a day or a window.
pub const EPSILON_TOTAL: f64 = 1.0;
/// The breakdowns with cells: commands, versions, platforms.
pub const BREAKDOWNS: u64 = 3;
/// δ of one day's release: the chance that a cell made by one installation alone shows.
pub const DELTA_DAY: f64 = 1e-6;

/// A noise scale as the ratio `numerator / denominator` (prio takes rationals).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    /// The numerator.
    pub numerator: u64,
    /// The denominator.
    pub denominator: u64,
}

impl Scale {
    /// `sensitivity / epsilon`, with ε given in thousandths.
    const fn of(sensitivity: u64, epsilon: f64) -> Scale {
        Scale {
            numerator: sensitivity * 1000,
            denominator: (epsilon * 1000.0) as u64,
        }
    }

    /// The scale as a number.
    pub fn value(self) -> f64 {
        self.numerator as f64 / self.denominator as f64
    }

    /// The standard deviation of discrete Laplace noise of this scale:
    /// `√(2q)/(1−q)` with `q = e^(−1/scale)`.
    pub fn sd(self) -> f64 {
        let q = (-1.0 / self.value()).exp();
        (2.0 * q).sqrt() / (1.0 - q)
    }

    /// The half-width that holds the noise with 95 % probability: `P(|Z| > t) ≤ 2q^(t+1)/(1+q)`
    /// for discrete Laplace, so the smallest such `t`.
    pub fn band95(self) -> u64 {
        let q = (-1.0 / self.value()).exp();
        (0..)
            .find(|t| 2.0 * q.powi(*t as i32 + 1) / (1.0 + q) <= 0.05)
            .unwrap_or(0)
    }

    /// `P(Z ≥ t)` for discrete Laplace noise `Z` of this scale, `t ≥ 1`: `q^t / (1 + q)`.
    pub fn tail(self, t: u64) -> f64 {
        let q = (-1.0 / self.value()).exp();
        q.powi(t as i32) / (1.0 + q)
    }
}

/// The noise on a cell's checks.
pub const CHECKS: Scale = Scale::of(MAX_CHECKS, EPSILON_CHECKS);
/// The noise on a cell's installations.
pub const INSTALLS: Scale = Scale::of(INSTALLS_SENSITIVITY * MAX_BUCKETS, EPSILON_INSTALLS);
/// The noise on a total's installations.
pub const TOTAL: Scale = Scale::of(INSTALLS_SENSITIVITY, EPSILON_TOTAL);

/// The fewest noisy installations a published cell has: at least `k`, and high enough that a
/// cell one installation made alone (at most [`INSTALLS_SENSITIVITY`] before noise) shows
/// with probability at most [`DELTA_DAY`] over the `BREAKDOWNS × MAX_BUCKETS` cells it can
/// make in a day.
pub fn threshold(k: u64) -> u64 {
    let cells = (BREAKDOWNS * MAX_BUCKETS) as f64;
    let margin = (1..)
        .find(|t| cells * INSTALLS.tail(*t) <= DELTA_DAY)
        .unwrap_or(0);
    k.max(INSTALLS_SENSITIVITY + margin)
}

/// ε of one day's release: each breakdown's installations and checks, and the total.
pub fn epsilon_day() -> f64 {
    BREAKDOWNS as f64 * (EPSILON_CHECKS + EPSILON_INSTALLS) + EPSILON_TOTAL
}

/// δ of one day's release at threshold `t`.
pub fn delta_day(t: u64) -> f64 {
    let cells = (BREAKDOWNS * MAX_BUCKETS) as f64;
    cells * INSTALLS.tail(t.saturating_sub(INSTALLS_SENSITIVITY).max(1))
}

/// ε of one window's release (its installations), for an installation seen in at most
/// `MAX_BUCKETS` cells of each breakdown over the window; one seen in `n` cells spends
/// `n / MAX_BUCKETS` times as much on that breakdown.
pub fn epsilon_window() -> f64 {
    BREAKDOWNS as f64 * EPSILON_INSTALLS + EPSILON_TOTAL
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_figures_follow_from_the_constants() {
        assert_eq!(CHECKS.value(), 8.0);
        assert_eq!(INSTALLS.value(), 4.0);
        assert_eq!(TOTAL.value(), 2.0);
        // The default k of 5 is raised so that a lone installation's cell stays hidden.
        let t = threshold(5);
        assert!(t > 5, "{t}");
        assert!(delta_day(t) <= DELTA_DAY, "{}", delta_day(t));
        assert!(delta_day(t - 1) > DELTA_DAY);
        assert_eq!(threshold(1000), 1000);
        assert_eq!(epsilon_day(), 7.0);
        // sd of discrete Laplace approaches √2 × scale.
        assert!(
            (INSTALLS.sd() - 4.0 * 2f64.sqrt()).abs() < 0.1,
            "{}",
            INSTALLS.sd()
        );
        let band = INSTALLS.band95();
        assert!(2.0 * INSTALLS.tail(band + 1) <= 0.05 && band > 0);
    }

    /// The HyperLogLog bound: below the claim limit one signature moves the estimate by at
    /// most the sensitivity, measured on the collector's own sketch.
    #[test]
    fn one_installation_moves_an_estimate_by_at_most_the_sensitivity() {
        let mut sketch = crate::sketch::Sketch::new();
        let (mut worst, mut i) = (0, 0);
        while sketch.count() <= INSTALLS_CLAIM_LIMIT {
            let before = sketch.count();
            sketch.add_signature(&format!("installation-{i}"));
            worst = worst.max(sketch.count() - before);
            i += 1;
        }
        assert!(
            worst <= INSTALLS_SENSITIVITY,
            "one signature moved the estimate by {worst}"
        );
        assert!(
            worst > 1,
            "the bound is reached: a sensitivity of 1 would be wrong"
        );
    }
}
