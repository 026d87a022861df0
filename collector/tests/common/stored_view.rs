//! A test-only view of what a collector wrote: its store's buckets of today grouped and
//! folded at `k`, exactly, in the shape of the stats. The public stats serve released days
//! only, so the tests that check what was counted read the store through the library.

use checkpoint_protocol::stats::{
    Breakdown, CommandRow, Count, DayRow, PlatformRow, Stats, Totals, VersionRow,
};
use gitops_checkpoint::settings::Database;
use gitops_checkpoint::sketch::{RELATIVE_ERROR, Sketch};
use gitops_checkpoint::store::{GroupRow, Grouping, Store, StoreError};
use jiff::civil::Date;

use super::Collector;

const MAX_DAYS: u32 = 2;

/// What to aggregate.
#[derive(Debug, Clone, Copy)]
struct Window<'a> {
    product: &'a str,
    days: u32,
    today: Date,
    min_installs: u64,
}

/// Today's (and yesterday's) counts of `product` in `c`'s store.
pub async fn today(c: &Collector, product: &str) -> Stats {
    let database = match &c.database {
        Some(url) if url.starts_with("postgres") => Database::Postgres(url.clone()),
        Some(url) => Database::Sqlite(url.trim_start_matches("sqlite:").into()),
        None => Database::Sqlite(c.data.path().join(gitops_checkpoint::settings::SQLITE_FILE)),
    };
    let store = gitops_checkpoint::store::open(&database).await.unwrap();
    let today = gitops_checkpoint::aggregate::date_of(gitops_checkpoint::aggregate::today());
    let window = Window {
        product,
        days: 2,
        today,
        min_installs: c.min_installs,
    };
    stats(&*store, window).await.unwrap()
}

/// The aggregate of `window`.
async fn stats(store: &dyn Store, window: Window<'_>) -> Result<Stats, StoreError> {
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
        ..Stats::default()
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
