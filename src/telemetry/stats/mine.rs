//! This machine's share of the aggregate, counted from the sent log, and the breakdowns both
//! front ends draw with that share beside everyone's.
//!
//! Owns [`Mine`] (what this machine delivered to the endpoint inside the stats' window) and
//! [`Fetched::sections`], the protocol's one reading of the stats ([`Stats::sections`]) with
//! this machine's checks set beside each command. Per-day counts are drawn as a sparkline, not
//! a table, so they are not a section here. Reads nothing: the sent log comes in.

use std::collections::BTreeMap;

use checkpoint_protocol::routes;
use checkpoint_protocol::stats::{Dimension, SectionRow};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use super::policy::endpoint_of;
use super::{Fetched, Stats};
use crate::telemetry::request::Target;
use crate::telemetry::sent_log::{KEEP, SentEntry, SentKind};
use crate::text::printable;

/// This machine's share of the window: the command checks its sent log says were delivered to
/// this endpoint between the first and the last day of the stats (UTC).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Mine {
    /// Delivered command checks.
    pub checks: u64,
    /// `checks` out of everyone's command checks (0.0 to 1.0); `None` when nobody's are known.
    pub share: Option<f64>,
    /// False when the sent log (its newest [`KEEP`] entries) starts inside the window, so
    /// older checks of the window are not counted.
    pub complete: bool,
    /// Per command, most checks first.
    pub by_command: Vec<MineRow>,
}

/// This machine's checks of one command, next to everyone's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MineRow {
    /// `flag_object`.
    pub object: String,
    /// `flag_command`.
    pub command: String,
    /// Checks from this machine.
    pub checks: u64,
    /// Everyone's checks of the command; `None` when the stats fold it into `other`.
    pub everyone: Option<u64>,
}

/// One row of a breakdown as both front ends show it: its label, everyone's checks, and this
/// machine's when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// What the row counts: `object command`, a version, `os/arch`, or the folded rest.
    pub label: String,
    /// Everyone's checks.
    pub checks: u64,
    /// The 95 % half-width of the noise on `checks` (0: none).
    pub band: u64,
    /// This machine's (commands only).
    pub mine: Option<u64>,
}

/// A breakdown of the aggregate: its title, its rows, and what was folded into "other".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The protocol's title of the breakdown ("Top commands", "Versions", …).
    pub title: &'static str,
    /// The rows shown.
    pub rows: Vec<Row>,
    /// The rows seen by too few installations, together, when there are any.
    pub other: Option<Row>,
}

impl Fetched {
    /// The breakdowns both front ends show as tables, with this machine's share beside the
    /// commands.
    pub fn sections(&self) -> Vec<Section> {
        let mine_of = |object: &str, command: &str| {
            self.mine
                .by_command
                .iter()
                .find(|r| r.object == object && r.command == command)
                .map_or(0, |r| r.checks)
        };
        let folded_mine: u64 = self
            .mine
            .by_command
            .iter()
            .filter(|r| r.everyone.is_none())
            .map(|r| r.checks)
            .sum();
        let view = |r: SectionRow, mine: Option<u64>| Row {
            label: r.label,
            checks: r.count.checks,
            band: r.checks_band,
            mine,
        };
        self.stats
            .sections()
            .into_iter()
            .filter(|s| s.dimension != Dimension::Day)
            .map(|s| {
                let commands = s.dimension == Dimension::Command;
                Section {
                    title: s.dimension.title(),
                    rows: s
                        .rows
                        .into_iter()
                        .map(|r| {
                            let mine = r.command.map(|(o, c)| mine_of(o, c));
                            view(r, mine)
                        })
                        .collect(),
                    other: s.other.map(|r| view(r, commands.then_some(folded_mine))),
                }
            })
            .collect()
    }
}

/// The first instant of the window and the first instant after it (UTC): the stats' own days
/// when they parse, else the `days` days ending at `now`.
fn window(stats: &Stats, now: Timestamp) -> (Timestamp, Timestamp) {
    let start_of = |d: Date| d.to_zoned(jiff::tz::TimeZone::UTC).map(|z| z.timestamp());
    let parsed = (|| {
        let first = start_of(stats.first_day.parse().ok()?).ok()?;
        let last: Date = stats.last_day.parse().ok()?;
        let end = start_of(last.tomorrow().ok()?).ok()?;
        Some((first, end))
    })();
    parsed.unwrap_or_else(|| {
        let span = jiff::SignedDuration::from_hours(24 * i64::from(stats.days.max(1)));
        (now.checked_sub(span).unwrap_or(Timestamp::MIN), now)
    })
}

/// This machine's share of `stats`: the entries of `log` (oldest first) that delivered a
/// command check to `target` within the stats' window.
pub fn mine(log: &[SentEntry], target: &Target, stats: &Stats, now: Timestamp) -> Mine {
    let (start, end) = window(stats, now);
    let prefix = format!("{}{}?", endpoint_of(target), routes::check(&target.product));
    let mut counts: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for e in log {
        let delivered = e.status == Some(200) && e.error.is_none();
        let inside = start <= e.time && e.time < end;
        if let SentKind::Event { object, command } = &e.kind
            && delivered
            && inside
            && e.url.starts_with(&prefix)
        {
            *counts.entry((object, command)).or_default() += 1;
        }
    }
    let everyone = |object: &str, command: &str| {
        stats
            .by_command
            .rows
            .iter()
            .find(|r| r.object == object && r.command == command)
            .map(|r| r.count.checks)
    };
    let mut by_command: Vec<MineRow> = counts
        .into_iter()
        .map(|((object, command), checks)| MineRow {
            object: printable(object).into_owned(),
            command: printable(command).into_owned(),
            checks,
            everyone: everyone(object, command),
        })
        .collect();
    by_command.sort_by_key(|r| std::cmp::Reverse(r.checks));
    let checks = by_command.iter().map(|r| r.checks).sum();
    let commands = stats.totals.commands;
    Mine {
        checks,
        share: (commands > 0).then(|| checks as f64 / commands as f64),
        complete: log.len() < KEEP || log.first().is_none_or(|e| e.time < start),
        by_command,
    }
}
