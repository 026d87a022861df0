//! Making releases: a closed day's cells computed once from its buckets, noise drawn, the
//! threshold applied, and written with the day, never again; and the days still to release.
//!
//! Owns what a release holds (the cells of [`Kind`]s, per day and per window) and which days
//! are due. Reads buckets through the store's reading connection; writes only releases.

use jiff::civil::Date;

use super::budget::{self, CHECKS, INSTALLS, TOTAL};
use super::noise::Noise;
use crate::store::{GroupRow, Grouping, Release, ReleasedCell, Store, StoreError};
use checkpoint_protocol::stats::WINDOWS;

/// The breakdowns with cells, as the store names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The day's or window's total installations.
    Total,
    /// By `(object, command)`.
    Command,
    /// By version.
    Version,
    /// By `(os, arch)`.
    Platform,
}

impl Kind {
    /// The breakdowns with labelled cells.
    pub const LABELLED: [Kind; 3] = [Kind::Command, Kind::Version, Kind::Platform];

    /// The store's name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Total => "total",
            Kind::Command => "command",
            Kind::Version => "version",
            Kind::Platform => "platform",
        }
    }

    fn grouping(self) -> Grouping {
        match self {
            Kind::Total => Grouping::Total,
            Kind::Command => Grouping::Command,
            Kind::Version => Grouping::Version,
            Kind::Platform => Grouping::Platform,
        }
    }
}

/// The noise sources of a release.
#[derive(Debug)]
struct Draws {
    checks: Noise,
    installs: Noise,
    total: Noise,
}

/// The release of `product`'s `day`, computed from its buckets: per labelled breakdown, each
/// cell whose noisy installations reach the threshold, with its noisy checks; the day's noisy
/// total installations when they reach `k`; with `windows`, the same installations cells of
/// every served window ending on the day.
pub async fn compute(
    store: &dyn Store,
    product: &str,
    day: Date,
    k: u64,
    windows: bool,
) -> Result<Release, StoreError> {
    let draws = Draws {
        checks: Noise::new(CHECKS),
        installs: Noise::new(INSTALLS),
        total: Noise::new(TOTAL),
    };
    let mut cells = Vec::new();
    let spans: Vec<u32> = if windows {
        std::iter::once(1).chain(WINDOWS).collect()
    } else {
        vec![1]
    };
    for span in spans {
        let first = day
            .checked_sub(jiff::Span::new().days(i64::from(span) - 1))
            .unwrap_or(Date::MIN);
        for kind in Kind::LABELLED {
            let groups = store.groups(product, first, day, kind.grouping()).await?;
            cells.extend(cells_of(&draws, kind, groups, day, span, k));
        }
        let total = store.groups(product, first, day, Grouping::Total).await?;
        let installs = total.first().map_or(0, |g| g.installs.count());
        let noisy = draws.total.add(installs);
        if noisy >= k {
            cells.push(ReleasedCell {
                day,
                span_days: span,
                breakdown: Kind::Total.name().into(),
                a: String::new(),
                b: String::new(),
                checks: 0,
                installs: noisy,
            });
        }
    }
    Ok(Release {
        product: product.to_string(),
        day,
        windows: if windows { WINDOWS.len() as u32 } else { 0 },
        cells,
    })
}

/// The published cells of one breakdown: noisy installations at or over the threshold, and
/// for a day's cell its noisy checks (a window's checks are sums of its days').
fn cells_of(
    draws: &Draws,
    kind: Kind,
    groups: Vec<GroupRow>,
    day: Date,
    span: u32,
    k: u64,
) -> Vec<ReleasedCell> {
    let threshold = budget::threshold(k);
    let mut out = Vec::new();
    for g in groups {
        let installs = draws.installs.add(g.installs.count());
        if installs < threshold {
            continue;
        }
        let checks = if span == 1 {
            draws.checks.add(g.checks)
        } else {
            0
        };
        let mut labels = g.labels.into_iter();
        out.push(ReleasedCell {
            day,
            span_days: span,
            breakdown: kind.name().into(),
            a: labels.next().unwrap_or_default(),
            b: labels.next().unwrap_or_default(),
            checks,
            installs,
        });
    }
    out
}

/// The newest day that may be released at `now`: the day before the one `delay` ago (UTC).
pub fn newest_closed(now: jiff::Timestamp, delay: std::time::Duration) -> Date {
    let then = now
        .checked_sub(jiff::SignedDuration::try_from(delay).unwrap_or_default())
        .unwrap_or(now);
    let day = then.to_zoned(jiff::tz::TimeZone::UTC).date();
    day.yesterday().unwrap_or(day)
}

/// What a release run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Released {
    /// Days released now.
    pub days: u64,
    /// Cells published in them.
    pub cells: u64,
}

/// Releases every day of `products` from `since` to `newest` that has no release yet, oldest
/// first; the newest with its windows. A day already released is never computed again.
pub async fn release_due(
    store: &dyn Store,
    products: &[String],
    since: Date,
    newest: Date,
    k: u64,
) -> Result<Released, StoreError> {
    let mut done = Released::default();
    if since > newest {
        return Ok(done);
    }
    for product in products {
        let released = store.released_days(product, since, newest).await?;
        let mut day = since;
        while day <= newest {
            if !released.contains(&day) {
                let release = compute(store, product, day, k, day == newest).await?;
                let cells = release.cells.len() as u64;
                if store.write_release(&release).await? {
                    done.days += 1;
                    done.cells += cells;
                    tracing::debug!(product = %product, day = %day, cells, "day released");
                }
            }
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
    }
    if done.days > 0 {
        tracing::info!(days = done.days, cells = done.cells, newest = %newest, "days released");
    }
    Ok(done)
}

/// The products to release: those served and those with buckets from `since` to `newest`.
pub async fn products(
    store: &dyn Store,
    served: Vec<String>,
    since: Date,
    newest: Date,
) -> Result<Vec<String>, StoreError> {
    let mut all = served;
    all.extend(store.products(since, newest).await?);
    all.sort();
    all.dedup();
    Ok(all)
}
