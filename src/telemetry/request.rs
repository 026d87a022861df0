//! THE function that turns an event into the exact checkpoint request.
//!
//! Owns the request as it goes on the wire: the URL (`{endpoint}/v1/check/{product}` with the
//! query of the protocol crate, sorted and encoded as Go's `url.Values.Encode`) and every
//! header, in the order they go. `preview`, the console, `send --dry-run` and the transport
//! all use [`build`]; nothing else makes a checkpoint request. The sender and `--dry-run` go
//! through [`build_checked`], which first refuses an event whose fields are not names the
//! protocol allows ([`check`]). No I/O.

use checkpoint_protocol::platform::{go_arch, go_os};
use checkpoint_protocol::query::{Flags, Query};
use checkpoint_protocol::routes;
use serde::Serialize;
use url::{Position, Url};

use super::event::Event;
use crate::config::DEFAULT_PRODUCT;
use crate::config::rules::{Endpoint, UrlError, check_endpoint};

/// The `User-Agent` every request carries.
pub const USER_AGENT: &str = concat!("gitops-feedback/", env!("CARGO_PKG_VERSION"));

/// Where requests go: the validated endpoint and the product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The checkpoint server.
    pub endpoint: Url,
    /// The product name in the path.
    pub product: String,
}

impl Target {
    /// The target for `endpoint` (checked as the config checks it) and `product`.
    pub fn new(endpoint: &str, product: &str) -> Result<Target, UrlError> {
        Ok(Target {
            endpoint: check_endpoint(endpoint)?,
            product: product.to_string(),
        })
    }

    /// The built-in endpoint and product.
    pub fn default_endpoint() -> Target {
        Target {
            endpoint: Endpoint::Builtin.url().clone(),
            product: DEFAULT_PRODUCT.to_string(),
        }
    }

    /// The URL of `path` (with its query, if any, such as `/v1/policy` or
    /// `/v1/stats/weave-gitops?days=30`) at the endpoint: the endpoint's own path without its
    /// trailing slashes, then `path`. As the endpoint has no query or fragment (the rule
    /// refuses them), its text is the endpoint's without the trailing slashes, then `path`.
    pub fn url(&self, path: &str) -> Url {
        let (path, query) = match path.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (path, None),
        };
        let mut url = self.endpoint.clone();
        url.set_path(&format!(
            "{}{path}",
            self.endpoint.path().trim_end_matches('/')
        ));
        url.set_query(query);
        url
    }
}

/// A request exactly as it goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckpointRequest {
    /// Always `GET`.
    pub method: &'static str,
    /// The full URL (serialised as its text).
    pub url: Url,
    /// Every header, in wire order, names as sent.
    pub headers: Vec<(String, String)>,
}

impl CheckpointRequest {
    /// The request target of the request line: path and query.
    pub fn target(&self) -> &str {
        &self.url[Position::BeforePath..Position::AfterQuery]
    }

    /// The HTTP/1.1 message head, byte for byte as it goes to the server.
    pub fn to_http(&self) -> String {
        let mut out = format!("{} {} HTTP/1.1\r\n", self.method, self.target());
        for (name, value) in &self.headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        out.push_str("\r\n");
        out
    }

    /// The query's key/value pairs, decoded.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        self.url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }
}

/// The request for `event`, signed with `signature`, when every field of the event is a name
/// the protocol allows (see [`check::check`]): what the sender sends.
pub fn build_checked(
    target: &Target,
    allowed: &Allowed,
    event: &Event,
    signature: &str,
) -> Result<CheckpointRequest, Refused> {
    check::check(allowed, event)?;
    Ok(build(target, event, signature))
}

/// The request for `event`, signed with `signature`, without checking the event: for events
/// made from a reduction (`preview`), or already checked.
pub fn build(target: &Target, event: &Event, signature: &str) -> CheckpointRequest {
    assemble(
        target,
        &Query {
            arch: &event.arch,
            os: &event.os,
            version: &event.version,
            signature,
            flags: Some(Flags {
                object: &event.object,
                command: &event.command,
                rc: event.rc(),
            }),
        },
    )
}

/// The update-only request: version, os, arch and an empty signature, no flags.
pub fn build_update_only(target: &Target, version: &str) -> CheckpointRequest {
    assemble(
        target,
        &Query {
            arch: go_arch(),
            os: go_os(),
            version,
            signature: "",
            flags: None,
        },
    )
}

fn assemble(target: &Target, query: &Query) -> CheckpointRequest {
    let path = format!("{}?{}", routes::check(&target.product), query.encode());
    public_read(target, &path)
}

/// A request for a public document of the endpoint (`path` with its query, such as
/// `/v1/stats/weave-gitops?days=30` or `/v1/policy`): the same headers as a check, and nothing
/// else; it carries nothing about the user.
pub fn public_read(target: &Target, path: &str) -> CheckpointRequest {
    let url = target.url(path);
    let host = match target.endpoint.port() {
        Some(port) => format!("{}:{port}", target.endpoint.host_str().unwrap_or_default()),
        None => target.endpoint.host_str().unwrap_or_default().to_string(),
    };
    CheckpointRequest {
        method: "GET",
        url,
        headers: vec![
            ("accept".into(), "application/json".into()),
            ("user-agent".into(), USER_AGENT.into()),
            ("host".into(), host),
        ],
    }
}

pub mod check;

pub use check::{Allowed, Refused};

#[cfg(test)]
mod tests;
