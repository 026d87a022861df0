//! `policy.json`: the policy the endpoint published, as last fetched, which the privacy notice
//! reads without waiting on the network.
//!
//! Owns the file's shape ([`PolicyCache`]), writing it and reading it back clean: what is read
//! is whatever the endpoint (or someone) put there, so every string is made safe for a
//! terminal by the protocol's walk over the policy's strings. A policy from another endpoint
//! is not shown.

use checkpoint_protocol::strings::Strings;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::Policy;
use crate::config::Paths;
use crate::telemetry::request::Target;
use crate::text::printable;

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

impl PolicyCache {
    /// The address of the endpoint's policy page, if it serves one.
    pub fn page(&self) -> Option<String> {
        self.policy.page_url(&self.endpoint)
    }

    /// What the endpoint keeps, in one sentence, with where its policy page is.
    pub fn kept(&self) -> String {
        let page = self
            .page()
            .map(|url| format!("; its privacy policy: {url}"))
            .unwrap_or_default();
        format!(
            "The endpoint keeps day buckets for {} (oldest day kept: {}){page}.",
            self.policy.retention, self.policy.oldest_day
        )
    }
}

/// The endpoint as `policy.json` names it: no trailing slash.
pub(super) fn endpoint_of(target: &Target) -> String {
    target.endpoint.as_str().trim_end_matches('/').to_string()
}

/// Keeps the policy in `policy.json`.
pub(super) fn store(paths: &Paths, cache: &PolicyCache) -> std::io::Result<()> {
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
    cache
        .policy
        .each_string(&mut |s| *s = printable(s).into_owned());
    Some(cache)
}
