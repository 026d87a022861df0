//! The endpoint's public aggregate, read when the user asks: `GET {endpoint}/v1/stats/{product}
//! ?days=N` and `GET {endpoint}/v1/policy`, and the user's own share of it.
//!
//! Owns [`fetch`], the one function both front ends call, and what it brings ([`Fetched`]).
//! Beside it: [`mod@mine`] counts this machine's share from the sent log and sets it beside the
//! protocol's breakdowns ([`Fetched::sections`]); [`policy`] keeps `policy.json`, the
//! published retention as last fetched, which the privacy notice reads ([`cached_policy`]). The requests go through the same
//! [`Transport`] as sends (its timeout, no redirects, the 64 KiB cap on answers, proxy
//! variables) to the endpoint the config validated (https unless loopback), and carry nothing
//! about the user: no verbs, no signature, no query but `days`. Reading public numbers sends
//! nothing about the user, so consent is not asked; but nothing is fetched while
//! `CHECKPOINT_DISABLE` or `DO_NOT_TRACK` is set, since those turn off every request. The
//! schema is the protocol crate's. It knows nothing of terminals.

pub mod mine;
mod policy;

use checkpoint_protocol::routes;
pub use checkpoint_protocol::stats::DEFAULT_DAYS;
pub use checkpoint_protocol::stats::{Policy, Stats};
use checkpoint_protocol::strings::Strings;
use jiff::Timestamp;

pub use self::mine::{Mine, Row, Section, mine};
pub use self::policy::{PolicyCache, cached_policy};
use super::request::{self, Target};
use super::sent_log;
use super::transport::{Transport, TransportError};
use crate::context::Context;
use crate::text::printable;

pub use checkpoint_protocol::stats::{WINDOWS, window_for};

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

/// Fetches the stats of the served window of `days` closed days (the shortest of [`WINDOWS`]
/// that holds `days`, so only served windows are asked for) and the policy, keeps the
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
    let days = window_for(days);
    let path = routes::stats_over(&target.product, days);
    let req = request::public_read(&target, &path);
    let url = req.url.to_string();
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
    stats.each_string(&mut |s| *s = printable(s).into_owned());
    let fetched_at = ctx.now();
    let (policy, policy_raw, policy_problem) = match fetch_policy(&target, transport) {
        Ok((policy, raw)) => {
            let cache = PolicyCache {
                fetched_at,
                endpoint: policy::endpoint_of(&target),
                policy,
            };
            policy::store(&ctx.paths, &cache)?;
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
    let req = request::public_read(target, routes::POLICY);
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

#[cfg(test)]
mod tests;
