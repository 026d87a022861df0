//! THE function that turns an event into the exact checkpoint request.
//!
//! Owns the wire format of §3: the URL (`/v1/check/{product}`), the query sorted by key and
//! encoded as Go's `url.Values.Encode`, and every header on the wire, in the order they go.
//! `preview`, the console, `send --dry-run` and the transport all use [`build`]; nothing else
//! makes a checkpoint request. No I/O.

use serde::Serialize;
use url::Url;

use crate::event::Event;

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
    /// The target of a validated config.
    pub fn from_config(config: &crate::config::Config) -> Target {
        Target {
            endpoint: Url::parse(&config.telemetry.endpoint)
                .expect("validated when the config loaded"),
            product: config.telemetry.product.clone(),
        }
    }

    /// The built-in endpoint and product.
    pub fn default_endpoint() -> Target {
        Target::from_config(&crate::config::Config::default())
    }
}

/// A request exactly as it goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckpointRequest {
    /// Always `GET`.
    pub method: &'static str,
    /// The full URL.
    pub url: String,
    /// Every header, in wire order, names as sent.
    pub headers: Vec<(String, String)>,
}

impl CheckpointRequest {
    /// The request target of the request line: path and query.
    pub fn target(&self) -> String {
        let url = Url::parse(&self.url).expect("built from a valid URL");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        }
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
        let url = Url::parse(&self.url).expect("built from a valid URL");
        url.query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }
}

/// The request for `event`, signed with `signature`.
pub fn build(target: &Target, event: &Event, signature: &str) -> CheckpointRequest {
    let rc = if event.rc() { "yes" } else { "no" };
    let query = [
        ("arch", event.arch.as_str()),
        ("flag_command", event.command.as_str()),
        ("flag_object", event.object.as_str()),
        ("flag_rc", rc),
        ("os", event.os.as_str()),
        ("signature", signature),
        ("version", event.version.as_str()),
    ];
    assemble(target, &query)
}

/// The update-only request (§6): version, os, arch and an empty signature, no flags.
pub fn build_update_only(target: &Target, version: &str) -> CheckpointRequest {
    let query = [
        ("arch", crate::event::go_arch()),
        ("os", crate::event::go_os()),
        ("signature", ""),
        ("version", version),
    ];
    assemble(target, &query)
}

fn assemble(target: &Target, query: &[(&str, &str)]) -> CheckpointRequest {
    debug_assert!(
        query.windows(2).all(|w| w[0].0 < w[1].0),
        "query keys must be sorted"
    );
    let encoded: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{}={}", go_query_escape(k), go_query_escape(v)))
        .collect();
    let base = target.endpoint.as_str().trim_end_matches('/');
    let url = format!(
        "{base}/v1/check/{}?{}",
        go_query_escape(&target.product),
        encoded.join("&")
    );
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

/// Go's `url.QueryEscape`: space becomes `+`, every byte outside `A-Z a-z 0-9 - _ . ~`
/// becomes `%XX` with upper-case hex.
pub fn go_query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Accepts `https://` endpoints, and `http://` only on a loopback host.
pub fn check_endpoint(endpoint: &str) -> Result<(), String> {
    let url = Url::parse(endpoint).map_err(|e| format!("not a URL ({e})"))?;
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err("the endpoint cannot carry a query, a fragment or credentials".into());
    }
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(&url) => Ok(()),
        "http" => Err("plain http is only allowed on a loopback address (127.0.0.1, ::1, localhost); use https://".into()),
        other => Err(format!("the scheme {other}:// is not supported; use https://")),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests;
