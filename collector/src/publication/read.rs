//! Reading releases into the protocol's [`Stats`]: a window's rows are its released
//! installations cells, their checks the sums of the released day cells with the same labels,
//! the totals the sums of what is published.
//!
//! Owns the arithmetic of an answer and its noise bands. Reads released cells only, never a
//! bucket; writes nothing.

use std::collections::BTreeMap;

use checkpoint_protocol::stats::{
    Breakdown, CommandRow, Count, DayRow, DayVersions, Noise, PlatformRow, Stats, Totals,
    VersionRow,
};
use jiff::civil::Date;

use super::budget::{self, CHECKS, INSTALLS, TOTAL};
use super::release::Kind;
use crate::sketch::RELATIVE_ERROR;
use crate::store::{ReleasedCell, Store, StoreError};

type Labels = (String, String);

/// The answer for `days` closed days of `product` ending on `last` (a release with its
/// windows) and starting no earlier than `oldest` (the retention), or an empty answer when
/// nothing is released yet.
pub async fn window(
    store: &dyn Store,
    product: &str,
    days: u32,
    last: Option<Date>,
    oldest: Date,
    k: u64,
) -> Result<Stats, StoreError> {
    let mut stats = Stats {
        product: product.to_string(),
        days,
        min_installs: k,
        installs_error: RELATIVE_ERROR,
        open_day_excluded: true,
        ..Stats::default()
    };
    let Some(last) = last else {
        stats.noise = noise(days, 0, 0, k);
        return Ok(stats);
    };
    let first = last
        .checked_sub(jiff::Span::new().days(i64::from(days) - 1))
        .unwrap_or(Date::MIN)
        .max(oldest.min(last));
    stats.first_day = first.to_string();
    stats.last_day = last.to_string();
    stats.last_released_day = last.to_string();
    let daily = store.released_cells(product, 1, first, last).await?;
    let windowed = store.released_cells(product, days, last, last).await?;

    // Checks of each labelled cell summed over the window's days, and each day's sums.
    let mut sums: BTreeMap<(&str, Labels), u64> = BTreeMap::new();
    let mut per_day: BTreeMap<Date, (Totals, u64)> = BTreeMap::new();
    let mut per_day_version: BTreeMap<Date, Vec<VersionRow>> = BTreeMap::new();
    for c in &daily {
        let entry = per_day.entry(c.day).or_default();
        match c.breakdown.as_str() {
            "total" => entry.0.installs = c.installs,
            kind => {
                *sums.entry((kind_name(kind), labels(c))).or_default() += c.checks;
                if kind == Kind::Version.name() {
                    entry.0.checks += c.checks;
                    entry.1 += 1;
                    per_day_version.entry(c.day).or_default().push(VersionRow {
                        version: c.a.clone(),
                        count: Count {
                            checks: c.checks,
                            installs: c.installs,
                        },
                    });
                } else if kind == Kind::Command.name() {
                    entry.0.commands += c.checks;
                }
            }
        }
    }
    let row_count = |kind: Kind, c: &ReleasedCell| Count {
        checks: sums.get(&(kind.name(), labels(c))).copied().unwrap_or(0),
        installs: c.installs,
    };
    let of = |kind: Kind| windowed.iter().filter(move |c| c.breakdown == kind.name());
    stats.by_command = sorted(
        of(Kind::Command)
            .map(|c| CommandRow {
                object: c.a.clone(),
                command: c.b.clone(),
                count: row_count(Kind::Command, c),
            })
            .collect(),
        |r| r.count.checks,
    );
    stats.by_version = sorted(
        of(Kind::Version)
            .map(|c| VersionRow {
                version: c.a.clone(),
                count: row_count(Kind::Version, c),
            })
            .collect(),
        |r| r.count.checks,
    );
    stats.by_platform = sorted(
        of(Kind::Platform)
            .map(|c| PlatformRow {
                os: c.a.clone(),
                arch: c.b.clone(),
                count: row_count(Kind::Platform, c),
            })
            .collect(),
        |r| r.count.checks,
    );
    let checks: u64 = stats.by_version.rows.iter().map(|r| r.count.checks).sum();
    let commands: u64 = stats.by_command.rows.iter().map(|r| r.count.checks).sum();
    stats.totals = Totals {
        checks,
        commands,
        update_checks: checks.saturating_sub(commands),
        installs: of(Kind::Total).map(|c| c.installs).next().unwrap_or(0),
    };
    let most_versions_a_day = per_day.values().map(|(_, n)| *n).max().unwrap_or(0);
    // A window row sums at most `days` cells; the totals sum the versions rows' cells.
    let version_labels: Vec<Labels> = stats
        .by_version
        .rows
        .iter()
        .map(|r| (r.version.clone(), String::new()))
        .collect();
    let totals_cells = daily
        .iter()
        .filter(|c| c.breakdown == Kind::Version.name() && version_labels.contains(&labels(c)))
        .count() as u64;
    stats.per_day.rows = per_day
        .into_iter()
        .map(|(day, (mut totals, _))| {
            totals.update_checks = totals.checks.saturating_sub(totals.commands);
            DayRow {
                day: day.to_string(),
                totals,
            }
        })
        .collect();
    stats.per_day_version = per_day_version
        .into_iter()
        .map(|(day, rows)| DayVersions {
            day: day.to_string(),
            versions: sorted(rows, |r| r.count.checks),
        })
        .collect();
    stats.noise = noise(days, most_versions_a_day, totals_cells, k);
    Ok(stats)
}

fn kind_name(kind: &str) -> &'static str {
    Kind::LABELLED
        .into_iter()
        .find(|k| k.name() == kind)
        .map_or("", Kind::name)
}

fn labels(c: &ReleasedCell) -> Labels {
    (c.a.clone(), c.b.clone())
}

/// Rows most checks first, then by labels as released.
fn sorted<R>(mut rows: Vec<R>, checks: impl Fn(&R) -> u64) -> Breakdown<R> {
    rows.sort_by_key(|r| std::cmp::Reverse(checks(r)));
    Breakdown {
        rows,
        ..Breakdown::default()
    }
}

/// The 95 % half-width of a sum of `n` independent noises of standard deviation `sd`
/// (normal approximation), at least the band of one.
fn band_of_sum(n: u64, sd: f64, one: u64) -> u64 {
    ((1.96 * sd * (n as f64).sqrt()).ceil() as u64).max(if n > 0 { one } else { 0 })
}

fn noise(days: u32, day_cells: u64, totals_cells: u64, k: u64) -> Noise {
    Noise {
        mechanism: "discrete Laplace".into(),
        checks_sd: CHECKS.sd(),
        installs_sd: INSTALLS.sd().max(TOTAL.sd()),
        row_checks_band: band_of_sum(u64::from(days), CHECKS.sd(), CHECKS.band95()),
        day_checks_band: band_of_sum(day_cells.max(1), CHECKS.sd(), CHECKS.band95()),
        totals_checks_band: band_of_sum(totals_cells.max(1), CHECKS.sd(), CHECKS.band95()),
        installs_band: INSTALLS.band95().max(TOTAL.band95()),
        threshold: budget::threshold(k),
    }
}
