//! Every path a collector serves and a client asks for, defined once for both ends.
//!
//! ```text
//!  GET /v1/check/{product}?…      the check (query: [`crate::query`], answer: [`crate::answer`])
//!  GET /v1/stats/{product}?days=N the public aggregate ([`crate::stats::Stats`])
//!  GET /v1/policy                 what is kept and for how long ([`crate::stats::Policy`])
//!  GET /healthz                   liveness, for monitors
//!  GET /metrics                   the collector's own counters, for Prometheus
//! ```
//!
//! A product in a path is escaped as Go's `url.QueryEscape` escapes it, as go-checkpoint
//! builds the check URL. No I/O.

use crate::query::go_query_escape;

/// The path prefix of every check; the product follows it.
pub const CHECK_PREFIX: &str = "/v1/check/";

/// The path prefix of the stats; the product follows it.
pub const STATS_PREFIX: &str = "/v1/stats/";

/// The path of the published policy.
pub const POLICY: &str = "/v1/policy";

/// The policy as a web page, where the endpoint serves pages ([`crate::stats::Policy::page`]).
pub const POLICY_PAGE: &str = "/policy";

/// The collector's health check.
pub const HEALTHZ: &str = "/healthz";

/// The collector's Prometheus metrics.
pub const METRICS: &str = "/metrics";

/// The path of a check for `product`: `/v1/check/{product}`.
pub fn check(product: &str) -> String {
    format!("{CHECK_PREFIX}{}", go_query_escape(product))
}

/// The path of `product`'s stats, without a query: `/v1/stats/{product}`.
pub fn stats(product: &str) -> String {
    format!("{STATS_PREFIX}{}", go_query_escape(product))
}

/// The path and query of `product`'s stats over `days` days: `/v1/stats/{product}?days=N`.
pub fn stats_over(product: &str, days: u32) -> String {
    format!("{}?days={days}", stats(product))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_are_escaped_as_go_escapes_them() {
        assert_eq!(check("weave gitops"), "/v1/check/weave+gitops");
        assert_eq!(stats("a/b"), "/v1/stats/a%2Fb");
        assert_eq!(
            stats_over("weave-gitops", 7),
            "/v1/stats/weave-gitops?days=7"
        );
    }
}
