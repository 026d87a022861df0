//! The public aggregate: the store's groups turned into the protocol's [`Stats`], with every
//! row seen by fewer than `k` installations folded into its breakdown's `other`.
//!
//! Owns the folding rule and the order of rows (most checks first; days oldest first). Reads
//! the store; writes nothing. The schema is the protocol crate's.

use checkpoint_protocol::stats::{
    Breakdown, CommandRow, Count, DayRow, PlatformRow, Stats, Totals, VersionRow,
};
use jiff::civil::Date;

use crate::sketch::{RELATIVE_ERROR, Sketch};
use crate::store::{GroupRow, Grouping, Store, StoreError};

pub use checkpoint_protocol::stats::MAX_DAYS;

/// What to aggregate.
#[derive(Debug, Clone, Copy)]
pub struct Window<'a> {
    /// The product.
    pub product: &'a str,
    /// How many days, ending on `today`.
    pub days: u32,
    /// The last day.
    pub today: Date,
    /// `k`.
    pub min_installs: u64,
}

/// The aggregate of `window`.
pub async fn stats(store: &dyn Store, window: Window<'_>) -> Result<Stats, StoreError> {
    let days = window.days.clamp(1, MAX_DAYS);
    let first = window
        .today
        .checked_sub(jiff::Span::new().days(i64::from(days) - 1))
        .unwrap_or(Date::MIN);
    let groups = |g| store.groups(window.product, first, window.today, g);
    let k = window.min_installs;
    let totals = groups(Grouping::Total)
        .await?
        .first()
        .map(totals_of)
        .unwrap_or_default();
    let label = |g: &GroupRow, i: usize| g.labels.get(i).cloned().unwrap_or_default();
    let by_command = fold(groups(Grouping::Command).await?, k, true, |g, count| {
        CommandRow {
            object: label(g, 0),
            command: label(g, 1),
            count,
        }
    });
    let by_version = fold(groups(Grouping::Version).await?, k, true, |g, count| {
        VersionRow {
            version: label(g, 0),
            count,
        }
    });
    let by_platform = fold(groups(Grouping::Platform).await?, k, true, |g, count| {
        PlatformRow {
            os: label(g, 0),
            arch: label(g, 1),
            count,
        }
    });
    let per_day = fold(groups(Grouping::Day).await?, k, false, |g, _| DayRow {
        day: label(g, 0),
        totals: totals_of(g),
    });
    Ok(Stats {
        product: window.product.to_string(),
        days,
        first_day: first.to_string(),
        last_day: window.today.to_string(),
        min_installs: k,
        installs_error: RELATIVE_ERROR,
        totals,
        by_command,
        by_version,
        by_platform,
        per_day,
    })
}

fn totals_of(g: &GroupRow) -> Totals {
    Totals {
        checks: g.checks,
        commands: g.commands,
        update_checks: g.checks - g.commands.min(g.checks),
        installs: g.installs.count(),
    }
}

/// Rows with at least `k` installations, the rest folded into `other`. Sorted by checks
/// (most first) when `by_checks`, else by labels.
fn fold<R>(
    mut groups: Vec<GroupRow>,
    k: u64,
    by_checks: bool,
    make: impl Fn(&GroupRow, Count) -> R,
) -> Breakdown<R> {
    if by_checks {
        groups.sort_by(|a, b| {
            b.checks
                .cmp(&a.checks)
                .then_with(|| a.labels.cmp(&b.labels))
        });
    } else {
        groups.sort_by(|a, b| a.labels.cmp(&b.labels));
    }
    let mut breakdown = Breakdown::default();
    let mut other = Sketch::new();
    for g in groups {
        let installs = g.installs.count();
        if installs >= k {
            let count = Count {
                checks: g.checks,
                installs,
            };
            breakdown.rows.push(make(&g, count));
        } else {
            breakdown.other.checks += g.checks;
            breakdown.other_rows += 1;
            other.merge(&g.installs);
        }
    }
    breakdown.other.installs = other.count();
    breakdown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(label: &str, checks: u64, installs: u64) -> GroupRow {
        let mut sketch = Sketch::new();
        for i in 0..installs {
            sketch.add_signature(&format!("{label}-{i}"));
        }
        GroupRow {
            labels: vec![label.to_string()],
            checks,
            commands: checks,
            installs: sketch,
        }
    }

    #[test]
    fn rare_rows_fold_into_other() {
        let groups = vec![
            group("rare-a", 100, 1),
            group("common", 50, 6),
            group("rare-b", 7, 4),
            group("busy", 80, 5),
        ];
        let b = fold(groups, 5, true, |g, c| (g.labels.concat(), c));
        let shown: Vec<(&str, u64)> = b.rows.iter().map(|(l, c)| (l.as_str(), c.checks)).collect();
        assert_eq!(shown, [("busy", 80), ("common", 50)]);
        assert_eq!(
            b.other,
            Count {
                checks: 107,
                installs: 5
            }
        );
        assert_eq!(b.other_rows, 2);
    }
}
