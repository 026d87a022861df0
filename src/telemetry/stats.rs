//! The endpoint's public aggregate, read when the user asks: `GET {endpoint}/v1/stats/{product}
//! ?days=N` and `GET {endpoint}/v1/policy`, and the user's own share of it.
//!
//! Owns [`fetch`], the one function both front ends call; [`Mine`], this machine's share,
//! counted from the sent log; and `policy.json`, the published retention as last fetched, which
//! the privacy notice reads ([`cached_policy`]). The requests go through the same
//! [`Transport`] as sends (its timeout, no redirects, the 64 KiB cap on answers, proxy
//! variables) to the endpoint the config validated (https unless loopback), and carry nothing
//! about the user: no verbs, no signature, no query but `days`. Reading public numbers sends
//! nothing about the user, so consent is not asked; but nothing is fetched while
//! `CHECKPOINT_DISABLE` or `DO_NOT_TRACK` is set, since those turn off every request. The
//! schema is the protocol crate's. It knows nothing of terminals.

use std::collections::BTreeMap;

use checkpoint_protocol::query::{check_path, go_query_escape};
use checkpoint_protocol::stats::{POLICY_PATH, STATS_PATH};
pub use checkpoint_protocol::stats::{Policy, Stats};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::request::{self, Target};
use super::sent_log::{self, KEEP, SentEntry, SentKind};
use super::transport::{Transport, TransportError};
use crate::config::Paths;
use crate::context::Context;
use crate::text::printable;

/// How many days `telemetry stats` covers unless told.
pub const DEFAULT_DAYS: u32 = 30;

/// The most days one fetch covers (a year of days fits the 64 KiB cap on answers).
pub const MAX_DAYS: u32 = 366;

/// Why the stats could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum StatsError {
    /// An environment variable turns off every request to the endpoint.
    #[error(
        "public stats are not fetched: {0} is set, which turns off every request to the endpoint"
    )]
    Forbidden(String),
    /// The config file is broken, so the endpoint it names is not known.
    #[error("{0}; fix it first, as it names the endpoint")]
    Config(String),
    /// No answer came.
    #[error("cannot fetch {url}: {source}")]
    Unreachable {
        /// What was asked for.
        url: String,
        /// Why there was no answer.
        #[source]
        source: TransportError,
    },
    /// The endpoint answered, but not with 200.
    #[error("{url} answered HTTP {status}: the endpoint does not publish stats there")]
    Status {
        /// What was asked for.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// The answer is not stats.
    #[error("{url}: {source}")]
    NotStats {
        /// What was asked for.
        url: String,
        /// Why it does not parse.
        #[source]
        source: checkpoint_protocol::stats::StatsError,
    },
    /// The sent log could not be read, or the policy not kept.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// What a fetch brought.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched {
    /// The URL of the stats.
    pub url: String,
    /// When they came.
    pub fetched_at: Timestamp,
    /// The stats, every string safe for a terminal.
    pub stats: Stats,
    /// The stats exactly as the endpoint sent them (unknown keys included), for `--json`.
    pub raw: serde_json::Value,
    /// The published policy, when the endpoint has one.
    pub policy: Option<PolicyCache>,
    /// The policy exactly as sent, for `--json`.
    pub policy_raw: Option<serde_json::Value>,
    /// Why there is no policy, when there is none.
    pub policy_problem: Option<String>,
    /// This machine's share.
    pub mine: Mine,
}

/// One row of a breakdown as both front ends show it: its label, everyone's checks, and this
/// machine's when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// What the row counts: `object command`, a version, `os/arch`, or the folded rest.
    pub label: String,
    /// Everyone's checks.
    pub checks: u64,
    /// This machine's (commands only).
    pub mine: Option<u64>,
}

/// A breakdown of the aggregate: its title, its rows, and what was folded into "other".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// "Top commands", "Versions" or "Platforms".
    pub title: &'static str,
    /// The rows shown.
    pub rows: Vec<Row>,
    /// The rows seen by too few installations, together, when there are any.
    pub other: Option<Row>,
}

impl Fetched {
    /// The breakdowns both front ends show, with this machine's share beside the commands.
    pub fn sections(&self) -> [Section; 3] {
        let s = &self.stats;
        let mine_of = |object: &str, command: &str| {
            self.mine
                .by_command
                .iter()
                .find(|r| r.object == object && r.command == command)
                .map_or(0, |r| r.checks)
        };
        let folded_mine = self
            .mine
            .by_command
            .iter()
            .filter(|r| r.everyone.is_none())
            .map(|r| r.checks)
            .sum();
        let other = |checks: u64, rows: u64, mine: Option<u64>| {
            (rows > 0).then(|| Row {
                label: format!("other ({})", crate::text::count(rows as usize, "row")),
                checks,
                mine,
            })
        };
        let row = |label: String, checks: u64, mine: Option<u64>| Row {
            label,
            checks,
            mine,
        };
        [
            Section {
                title: "Top commands",
                rows: s
                    .by_command
                    .rows
                    .iter()
                    .map(|r| {
                        let label = format!("{} {}", r.object, r.command);
                        row(label, r.count.checks, Some(mine_of(&r.object, &r.command)))
                    })
                    .collect(),
                other: other(
                    s.by_command.other.checks,
                    s.by_command.other_rows,
                    Some(folded_mine),
                ),
            },
            Section {
                title: "Versions",
                rows: s
                    .by_version
                    .rows
                    .iter()
                    .map(|r| row(r.version.clone(), r.count.checks, None))
                    .collect(),
                other: other(s.by_version.other.checks, s.by_version.other_rows, None),
            },
            Section {
                title: "Platforms",
                rows: s
                    .by_platform
                    .rows
                    .iter()
                    .map(|r| row(format!("{}/{}", r.os, r.arch), r.count.checks, None))
                    .collect(),
                other: other(s.by_platform.other.checks, s.by_platform.other_rows, None),
            },
        ]
    }
}

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

/// The policy as kept in `policy.json`: what the endpoint published, which endpoint, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyCache {
    /// When it was fetched.
    pub fetched_at: Timestamp,
    /// The endpoint that published it.
    pub endpoint: String,
    /// The policy.
    pub policy: Policy,
}

/// Fetches the stats of the last `days` days (1 to [`MAX_DAYS`]) and the policy, keeps the
/// policy in `policy.json`, and counts this machine's share. Opens no socket while an
/// environment opt-out is set or the config file is broken. A missing policy is not an error
/// (older endpoints publish none): [`Fetched::policy_problem`] says why.
pub fn fetch(
    ctx: &Context,
    transport: &mut dyn Transport,
    days: u32,
) -> Result<Fetched, StatsError> {
    if crate::consent::denied_by_env(&ctx.env) {
        return Err(StatsError::Forbidden(
            ctx.decision().winning().location.clone(),
        ));
    }
    if let Some(e) = &ctx.config_error {
        return Err(StatsError::Config(e.to_string()));
    }
    let target = ctx.target();
    let days = days.clamp(1, MAX_DAYS);
    let path = format!(
        "{STATS_PATH}{}?days={days}",
        go_query_escape(&target.product)
    );
    let req = request::public_read(&target, &path);
    let url = req.url.clone();
    let answer = transport
        .send(&req)
        .map_err(|source| StatsError::Unreachable {
            url: url.clone(),
            source,
        })?;
    if answer.status != 200 {
        return Err(StatsError::Status {
            url,
            status: answer.status,
        });
    }
    let mut stats = Stats::parse(&answer.body).map_err(|source| StatsError::NotStats {
        url: url.clone(),
        source,
    })?;
    let raw = serde_json::from_slice(&answer.body).unwrap_or_default();
    make_printable(&mut stats);
    let fetched_at = ctx.now();
    let (policy, policy_raw, policy_problem) = match fetch_policy(&target, transport) {
        Ok((policy, raw)) => {
            let cache = PolicyCache {
                fetched_at,
                endpoint: endpoint_of(&target),
                policy,
            };
            store_policy(&ctx.paths, &cache)?;
            (cached_policy(&ctx.paths, &target), Some(raw), None)
        }
        Err(why) => (None, None, Some(why)),
    };
    let log = sent_log::read(&ctx.paths)?;
    let mine = mine(&log, &target, &stats, fetched_at);
    Ok(Fetched {
        url,
        fetched_at,
        stats,
        raw,
        policy,
        policy_raw,
        policy_problem,
        mine,
    })
}

fn fetch_policy(
    target: &Target,
    transport: &mut dyn Transport,
) -> Result<(Policy, serde_json::Value), String> {
    let req = request::public_read(target, POLICY_PATH);
    let answer = transport
        .send(&req)
        .map_err(|e| format!("cannot fetch {}: {e}", req.url))?;
    if answer.status != 200 {
        return Err(format!("{} answered HTTP {}", req.url, answer.status));
    }
    let policy = serde_json::from_slice(&answer.body)
        .map_err(|e| format!("{}: not a checkpoint policy ({e})", req.url))?;
    let raw = serde_json::from_slice(&answer.body).unwrap_or_default();
    Ok((policy, raw))
}

fn endpoint_of(target: &Target) -> String {
    target.endpoint.as_str().trim_end_matches('/').to_string()
}

/// Keeps the policy in `policy.json`.
fn store_policy(paths: &Paths, cache: &PolicyCache) -> std::io::Result<()> {
    let path = paths.policy_cache();
    let bytes = serde_json::to_vec_pretty(cache).map_err(std::io::Error::other)?;
    crate::fsutil::write_atomic(&path, &bytes).map_err(crate::fsutil::named(&path, "write"))
}

/// The policy `target`'s endpoint published, as last fetched (never waits on the network);
/// `None` when none was fetched, or it came from another endpoint.
pub fn cached_policy(paths: &Paths, target: &Target) -> Option<PolicyCache> {
    let bytes =
        crate::fsutil::read_limited(&paths.policy_cache(), crate::fsutil::CACHE_LIMIT).ok()??;
    let mut cache: PolicyCache = serde_json::from_slice(&bytes).ok()?;
    if cache.endpoint != endpoint_of(target) {
        return None;
    }
    let p = &mut cache.policy;
    for s in [&mut p.retention, &mut p.oldest_day]
        .into_iter()
        .chain(p.products.iter_mut())
        .chain(p.stored.iter_mut())
        .chain(p.never_stored.iter_mut())
    {
        *s = printable(s).into_owned();
    }
    Some(cache)
}

/// Every string of the stats, safe for a terminal.
fn make_printable(stats: &mut Stats) {
    let clean = |s: &mut String| *s = printable(s).into_owned();
    clean(&mut stats.product);
    clean(&mut stats.first_day);
    clean(&mut stats.last_day);
    for r in &mut stats.by_command.rows {
        clean(&mut r.object);
        clean(&mut r.command);
    }
    for r in &mut stats.by_version.rows {
        clean(&mut r.version);
    }
    for r in &mut stats.by_platform.rows {
        clean(&mut r.os);
        clean(&mut r.arch);
    }
    for r in &mut stats.per_day.rows {
        clean(&mut r.day);
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
    let prefix = format!("{}{}?", endpoint_of(target), check_path(&target.product));
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

#[cfg(test)]
mod tests;
