//! The rules a URL must meet before the tool uses it, shared by the config's validation and
//! the modules that use those URLs (the request builder, the browser launcher).
//!
//! An endpoint must be `https://`, or `http://` on a loopback host (tests run servers on
//! 127.0.0.1), with no query, fragment or credentials. A link to open must be `https://` with
//! a host. No I/O.

use std::sync::LazyLock;

use url::Url;

use super::DEFAULT_ENDPOINT;

/// Why a URL is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    /// It does not parse.
    #[error("not a URL ({0})")]
    NotAUrl(#[from] url::ParseError),
    /// An endpoint with parts a checkpoint endpoint cannot have.
    #[error("the endpoint cannot carry a query, a fragment or credentials")]
    EndpointExtras,
    /// Plain http to a host that is not loopback.
    #[error(
        "plain http is only allowed on a loopback address (127.0.0.1, ::1, localhost); use https://"
    )]
    PlainHttp,
    /// An endpoint scheme other than http(s).
    #[error("the scheme {0}:// is not supported; use https://")]
    EndpointScheme(String),
    /// A link to open that is not https.
    #[error("only https:// addresses can be opened, not {0}://")]
    NotHttps(String),
    /// Spaces or control characters, which a URL parser would silently drop or trim.
    #[error(
        "a URL cannot contain spaces or control characters (a newline, a tab, a leading space)"
    )]
    Whitespace,
}

/// Parses `text` as a URL, refusing what the parser would otherwise trim or drop silently
/// (leading and trailing spaces, embedded newlines and tabs): the address used is then
/// exactly the one written.
fn parse(text: &str) -> Result<Url, UrlError> {
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(UrlError::Whitespace);
    }
    Ok(Url::parse(text)?)
}

/// `[telemetry] endpoint` once checked: the built-in one, or the file's, parsed and checked
/// when the config loaded. The built-in one is parsed only when a request is made (`record`,
/// which makes none, never parses it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// [`DEFAULT_ENDPOINT`], which passes [`check_endpoint`] (a test checks it).
    Builtin,
    /// An endpoint the config file names.
    Configured(Url),
}

impl Endpoint {
    /// Checks `text` as an endpoint: [`Endpoint::Builtin`] when it is the built-in one.
    pub fn parse(text: &str) -> Result<Endpoint, UrlError> {
        if text == DEFAULT_ENDPOINT {
            return Ok(Endpoint::Builtin);
        }
        check_endpoint(text).map(Endpoint::Configured)
    }

    /// The endpoint's URL.
    pub fn url(&self) -> &Url {
        static BUILTIN: LazyLock<Url> = LazyLock::new(|| {
            check_endpoint(DEFAULT_ENDPOINT).expect("the built-in endpoint passes the rule")
        });
        match self {
            Endpoint::Builtin => &BUILTIN,
            Endpoint::Configured(url) => url,
        }
    }

    /// Reads `[telemetry] endpoint`, refusing one that fails [`check_endpoint`] with the key,
    /// the value and the reason.
    pub(super) fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<Endpoint, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(d)?;
        Endpoint::parse(&text).map_err(|reason| {
            serde::de::Error::custom(format!("telemetry.endpoint = {text:?}: {reason}"))
        })
    }
}

/// Accepts `https://` endpoints, and `http://` only on a loopback host.
pub fn check_endpoint(endpoint: &str) -> Result<Url, UrlError> {
    let url = parse(endpoint)?;
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(UrlError::EndpointExtras);
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(UrlError::PlainHttp),
        other => Err(UrlError::EndpointScheme(other.to_string())),
    }
}

/// Accepts only `https://` URLs with a host: the only links the tool opens.
pub fn check_https(url: &str) -> Result<Url, UrlError> {
    let u = parse(url)?;
    if u.scheme() == "https" && u.host().is_some() {
        Ok(u)
    } else {
        Err(UrlError::NotHttps(u.scheme().to_string()))
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
mod tests {
    use super::*;

    #[test]
    fn only_https() {
        assert!(
            check_https("http://example.com")
                .unwrap_err()
                .to_string()
                .contains("http://")
        );
        assert!(check_https("file:///etc/passwd").is_err());
        assert!(check_https("https://example.com").is_ok());
        for sneaky in [
            " https://example.com",
            "https://exa\nmple.com",
            "https://example.com/\tx",
            "https://example.com ",
        ] {
            assert_eq!(check_https(sneaky), Err(UrlError::Whitespace), "{sneaky:?}");
            assert_eq!(
                check_endpoint(sneaky),
                Err(UrlError::Whitespace),
                "{sneaky:?}"
            );
        }
    }
}
