//! The aggregate on web pages: `/` (the products), `/{product}?days=N` (its charts, each with
//! its table and CSV and JSON downloads at `/{product}/{chart}.csv|json?days=N`), `/policy`,
//! and the two assets they use, all compiled into the binary.
//!
//! Owns the web paths ([`WebPath`]), the window a page's query names ([`window_of`], one of
//! the protocol's [`WINDOWS`]) and the cache of rendered answers ([`Cache`]): a product's page
//! or download is rendered once per release (the server keys it by the last released day)
//! and carries an `ETag` of its bytes. A page is drawn only from the protocol's [`Stats`] (as
//! `Publisher::published` gives them, the numbers `/v1/stats` serves) and [`Policy`];
//! `charts` turns a `Stats` into tables, `svg` draws them, `page` lays them out. The server
//! adds the headers ([`CSP`] and friends). No I/O.

mod charts;
mod page;
mod svg;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;
use std::time::Duration;

use bytes::Bytes;
use checkpoint_protocol::routes;
use checkpoint_protocol::stats::{DEFAULT_DAYS, Policy, Stats, WINDOWS};

pub use charts::IDS as CHARTS;

/// How long a browser may keep a page before asking again (with its `ETag`): a new release
/// can come at any poll.
pub const FRESH: Duration = Duration::from_secs(60);

/// How long the compiled-in assets may be cached.
pub const ASSET_MAX_AGE: Duration = Duration::from_secs(86_400);

/// The one policy of every answer: nothing from another origin, no script, no frame.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
                       base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STYLE: &str = include_str!("web/assets/style.css");
const ICON: &str = include_str!("web/assets/icon.svg");

/// A web path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebPath<'a> {
    /// `/`.
    Index,
    /// `/policy`.
    Policy,
    /// `/assets/style.css`.
    Style,
    /// `/assets/icon.svg`.
    Icon,
    /// `/{product}`, the segment as sent.
    Product(&'a str),
    /// `/{product}/{chart}.csv` or `.json`.
    Download {
        /// The product segment as sent.
        product: &'a str,
        /// One of [`CHARTS`].
        chart: &'static str,
        /// CSV, else JSON.
        csv: bool,
    },
}

impl WebPath<'_> {
    /// The web path `path` names, if any.
    pub fn of(path: &str) -> Option<WebPath<'_>> {
        match path {
            "/" => return Some(WebPath::Index),
            routes::POLICY_PAGE => return Some(WebPath::Policy),
            "/assets/style.css" => return Some(WebPath::Style),
            "/assets/icon.svg" => return Some(WebPath::Icon),
            _ => {}
        }
        let rest = path.strip_prefix('/')?;
        match rest.split_once('/') {
            None if !rest.is_empty() => Some(WebPath::Product(rest)),
            None => None,
            Some((product, file)) => {
                let (name, csv) = match (file.strip_suffix(".csv"), file.strip_suffix(".json")) {
                    (Some(n), _) => (n, true),
                    (_, Some(n)) => (n, false),
                    _ => return None,
                };
                let chart = CHARTS.iter().find(|c| **c == name)?;
                (!product.is_empty()).then_some(WebPath::Download {
                    product,
                    chart,
                    csv,
                })
            }
        }
    }

    /// Whether the path is a compiled-in asset.
    pub fn is_asset(self) -> bool {
        matches!(self, WebPath::Style | WebPath::Icon)
    }
}

/// The window a page's query asks for: none is [`DEFAULT_DAYS`], else `days=N` of
/// [`WINDOWS`].
pub fn window_of(query: &str) -> Option<u32> {
    match query {
        "" => Some(DEFAULT_DAYS),
        q => q
            .strip_prefix("days=")
            .and_then(|d| d.parse::<u32>().ok())
            .filter(|d| WINDOWS.contains(d)),
    }
}

/// A rendered answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// Its bytes.
    pub body: Bytes,
    /// A strong `ETag` of the bytes, quoted.
    pub etag: String,
}

impl Rendered {
    fn new(content_type: &'static str, body: impl Into<Bytes>) -> Rendered {
        let body = body.into();
        let mut h = std::hash::DefaultHasher::new();
        body.hash(&mut h);
        Rendered {
            content_type,
            etag: format!("\"{:016x}-{:x}\"", h.finish(), body.len()),
            body,
        }
    }
}

/// `/`.
pub fn index(products: &[String]) -> Rendered {
    Rendered::new("text/html; charset=utf-8", page::index(products))
}

/// `/policy`.
pub fn policy(p: &Policy) -> Rendered {
    Rendered::new("text/html; charset=utf-8", page::policy(p))
}

/// An asset.
pub fn asset(path: WebPath<'_>) -> Option<Rendered> {
    match path {
        WebPath::Style => Some(Rendered::new("text/css; charset=utf-8", STYLE)),
        WebPath::Icon => Some(Rendered::new("image/svg+xml", ICON)),
        _ => None,
    }
}

/// `/{product}` of `stats`.
pub fn product(stats: &Stats) -> Rendered {
    Rendered::new("text/html; charset=utf-8", page::product(stats))
}

/// `/{product}/{chart}.csv|json` of `stats`.
pub fn download(stats: &Stats, chart: &str, csv: bool) -> Option<Rendered> {
    let chart = charts::chart(stats, chart)?;
    Some(if csv {
        Rendered::new("text/csv; charset=utf-8", chart.csv())
    } else {
        let json = serde_json::to_vec(&chart.json(stats)).expect("a chart serialises");
        Rendered::new("application/json", json)
    })
}

/// Rendered answers by path, query and the release they were drawn from: an answer is
/// rendered once per release.
#[derive(Debug, Default)]
pub struct Cache {
    answers: Mutex<HashMap<String, Rendered>>,
}

/// The most answers kept; past it the cache starts again empty (a key names a path the
/// server knows, a served window and a release, so this holds every page of a few releases).
const CACHED: usize = 1024;

impl Cache {
    /// The answer cached under `key`.
    pub fn get(&self, key: &str) -> Option<Rendered> {
        let answers = self.answers.lock().unwrap_or_else(|e| e.into_inner());
        answers.get(key).cloned()
    }

    /// Keeps `rendered` under `key`.
    pub fn put(&self, key: String, rendered: &Rendered) {
        let mut answers = self.answers.lock().unwrap_or_else(|e| e.into_inner());
        if answers.len() >= CACHED {
            answers.clear();
        }
        answers.insert(key, rendered.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_web_path_has_one_meaning() {
        let table = [
            ("/", Some(WebPath::Index)),
            ("/policy", Some(WebPath::Policy)),
            ("/assets/style.css", Some(WebPath::Style)),
            ("/weave-gitops", Some(WebPath::Product("weave-gitops"))),
            (
                "/weave-gitops/versions.csv",
                Some(WebPath::Download {
                    product: "weave-gitops",
                    chart: "versions",
                    csv: true,
                }),
            ),
            (
                "/weave-gitops/installs.json",
                Some(WebPath::Download {
                    product: "weave-gitops",
                    chart: "installs",
                    csv: false,
                }),
            ),
            ("/weave-gitops/nothing.csv", None),
            ("/weave-gitops/versions.txt", None),
            ("//versions.csv", None),
            ("/a/b/c.csv", None),
        ];
        for (path, want) in table {
            assert_eq!(WebPath::of(path), want, "{path}");
        }
        assert_eq!(window_of(""), Some(DEFAULT_DAYS));
        assert_eq!(window_of("days=365"), Some(365));
        assert_eq!(window_of("days=364"), None);
        assert_eq!(window_of("x=1"), None);
    }
}
