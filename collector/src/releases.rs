//! The releases file: the products served, their releases and alerts, and the answer to a
//! check built from them.
//!
//! Owns the operator's TOML file and the rule of an answer: `current_version` is the greatest
//! release that is not a pre-release (or the greatest of all when every one is), `outdated`
//! says whether the version asked about is older, and the alerts are those whose `versions`
//! requirement the version meets. [`Watched`] re-reads the file when it changes or on SIGHUP
//! (the server forwards the signal) and keeps the last good one when a change is broken.
//! Also says what a check's version is counted as ([`Releases::count_as`]): the releases a
//! product lists, and for [`DEFAULT_PRODUCT`] every release tag of the protocol's
//! vocabularies, are its known versions (see [`crate::versions`]). Reads the file (bounded);
//! writes nothing.
//!
//! # Pre-releases
//!
//! A requirement alone, as `semver` matches it, lets a pre-release through only when one of
//! its comparators names a pre-release of the same `major.minor.patch`, so an alert for
//! `<0.36.0` would never reach `0.35.0-rc.1`. Here a pre-release of `X.Y.Z` is a candidate of
//! `X.Y.Z` and is matched as `X.Y.Z` ([`alert_reaches`]): `0.35.0-rc.1` meets `<0.36.0`,
//! `0.6.2-rc1` meets `>=0.6.0, <0.7.0`, and `0.36.0-rc.1` meets `>=0.36.0` but not `<0.36.0`
//! (the candidate of the release that fixed it). A requirement that names pre-releases of the
//! version's own `X.Y.Z` (`<0.36.0-rc.3`) is matched by semver's precedence, as written.
//!
//! `outdated` compares by semver precedence, without build metadata: a pre-release is older
//! than its own release (`0.38.0-rc.1` is outdated once `0.38.0` is out) and newer than every
//! earlier one (`0.39.0-rc.1` is not outdated by `0.38.0`, whatever later candidates the file
//! lists: the answer names the newest release, and a client that reads `outdated` says
//! "`current_version` is available", which would be a downgrade).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use checkpoint_protocol::answer::{Alert, CheckResponse};
use checkpoint_protocol::vocabulary::{Edition, Vocabulary};
use serde::Deserialize;

pub use crate::fsutil::RELEASES_LIMIT;
use crate::fsutil::read_text;
use crate::versions::{Counted, KnownVersions};

/// The most products a releases file may define.
pub const MAX_PRODUCTS: usize = 100;
/// The most releases a product may list (each release is a version the stats may show).
pub const MAX_RELEASES: usize = 1_000;
/// The most alerts a product may have (every alert that applies goes into every answer).
pub const MAX_ALERTS: usize = 100;

/// The product served when no releases file is given.
pub use checkpoint_protocol::DEFAULT_PRODUCT;

/// The products, releases and alerts a collector answers with.
#[derive(Debug, Clone, PartialEq)]
pub struct Releases {
    products: BTreeMap<String, Product>,
}

#[derive(Debug, Clone, PartialEq)]
struct Product {
    website: String,
    current: Option<Release>,
    alerts: Vec<AlertRule>,
    known: KnownVersions,
}

#[derive(Debug, Clone, PartialEq)]
struct Release {
    version: semver::Version,
    text: String,
    date: i64,
    download_url: String,
    changelog_url: String,
}

#[derive(Debug, Clone, PartialEq)]
struct AlertRule {
    alert: Alert,
    versions: Option<semver::VersionReq>,
}

/// A releases file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ReleasesError {
    /// The file cannot be read.
    #[error("cannot read the releases file {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is not a releases file.
    #[error("{}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRoot {
    #[serde(default)]
    product: Vec<FileProduct>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileProduct {
    name: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    release: Vec<FileRelease>,
    #[serde(default)]
    alert: Vec<FileAlert>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRelease {
    version: String,
    date: FileDate,
    #[serde(default)]
    download_url: String,
    #[serde(default)]
    changelog_url: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileAlert {
    id: i64,
    date: FileDate,
    message: String,
    #[serde(default)]
    url: String,
    #[serde(default = "default_level")]
    level: String,
    versions: Option<String>,
}

fn default_level() -> String {
    "info".into()
}

/// A TOML date or date-time (UTC when it has no offset), or unix seconds.
#[derive(Deserialize)]
#[serde(untagged)]
enum FileDate {
    Unix(i64),
    Toml(toml::value::Datetime),
}

impl FileDate {
    fn unix(&self) -> Result<i64, String> {
        let dt = match self {
            FileDate::Unix(s) => return Ok(*s),
            FileDate::Toml(dt) => dt,
        };
        let date = dt.date.ok_or("a date needs a day")?;
        let day = jiff::civil::date(date.year as i16, date.month as i8, date.day as i8);
        let time = dt.time.map_or(jiff::civil::Time::midnight(), |t| {
            jiff::civil::time(t.hour as i8, t.minute as i8, t.second as i8, 0)
        });
        let offset = match dt.offset {
            None | Some(toml::value::Offset::Z) => 0,
            Some(toml::value::Offset::Custom { minutes }) => i32::from(minutes) * 60,
        };
        let offset = jiff::tz::Offset::from_seconds(offset).map_err(|e| e.to_string())?;
        let ts = day
            .to_datetime(time)
            .to_zoned(jiff::tz::TimeZone::fixed(offset));
        Ok(ts.map_err(|e| e.to_string())?.timestamp().as_second())
    }
}

fn parse_version(v: &str) -> Option<semver::Version> {
    semver::Version::parse(v.strip_prefix('v').unwrap_or(v)).ok()
}

/// The known versions of `product` besides the ones its releases list: for the default
/// product, every release tag of both CLIs' vocabularies.
fn builtin_versions(product: &str) -> KnownVersions {
    if product != DEFAULT_PRODUCT {
        return KnownVersions::default();
    }
    let tags = Edition::ALL
        .iter()
        .flat_map(|e| Vocabulary::builtin_shared_of(*e).release_tags());
    KnownVersions::new(tags)
}

impl Releases {
    /// What is served without a releases file: [`DEFAULT_PRODUCT`], with no release known.
    pub fn fallback() -> Releases {
        let product = Product {
            website: String::new(),
            current: None,
            alerts: Vec::new(),
            known: builtin_versions(DEFAULT_PRODUCT),
        };
        Releases {
            products: BTreeMap::from([(DEFAULT_PRODUCT.to_string(), product)]),
        }
    }

    /// Reads the file at `path` (at most [`RELEASES_LIMIT`] bytes).
    pub fn load(path: &Path) -> Result<Releases, ReleasesError> {
        let text = read_text(path, RELEASES_LIMIT).map_err(|source| ReleasesError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Releases::parse(&text, path)
    }

    /// Parses a releases file, naming `path` in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Releases, ReleasesError> {
        let invalid = |message: String| ReleasesError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let root: FileRoot = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        if root.product.is_empty() {
            return Err(invalid("no [[product]] is defined".into()));
        }
        if root.product.len() > MAX_PRODUCTS {
            return Err(invalid(format!(
                "{} products are defined; at most {MAX_PRODUCTS} are served",
                root.product.len()
            )));
        }
        let mut products = BTreeMap::new();
        for p in root.product {
            for (what, n, most) in [
                ("releases", p.release.len(), MAX_RELEASES),
                ("alerts", p.alert.len(), MAX_ALERTS),
            ] {
                if n > most {
                    return Err(invalid(format!(
                        "{}: {n} {what} are listed; at most {most} are allowed",
                        p.name
                    )));
                }
            }
            if checkpoint_protocol::received::decode_product(&p.name).as_deref() != Ok(&p.name) {
                return Err(invalid(format!(
                    "product name {:?} must be letters, digits, '-', '_' or '.'",
                    p.name
                )));
            }
            let mut releases = Vec::new();
            for r in p.release {
                let version = parse_version(&r.version).ok_or_else(|| {
                    invalid(format!(
                        "{}: release {:?} is not a semantic version",
                        p.name, r.version
                    ))
                })?;
                let date = r
                    .date
                    .unix()
                    .map_err(|e| invalid(format!("{}: {e}", p.name)))?;
                releases.push(Release {
                    version,
                    text: r.version,
                    date,
                    download_url: r.download_url,
                    changelog_url: r.changelog_url,
                });
            }
            let current = releases
                .iter()
                .filter(|r| r.version.pre.is_empty())
                .max_by(|a, b| a.version.cmp(&b.version))
                .or_else(|| releases.iter().max_by(|a, b| a.version.cmp(&b.version)))
                .cloned();
            let mut alerts = Vec::new();
            for a in p.alert {
                let versions = match &a.versions {
                    None => None,
                    Some(req) => Some(semver::VersionReq::parse(req).map_err(|e| {
                        invalid(format!("{}: alert {} versions {req:?}: {e}", p.name, a.id))
                    })?),
                };
                let date = a
                    .date
                    .unix()
                    .map_err(|e| invalid(format!("{}: {e}", p.name)))?;
                alerts.push(AlertRule {
                    alert: Alert {
                        id: a.id,
                        date,
                        message: a.message,
                        url: a.url,
                        level: a.level,
                    },
                    versions,
                });
            }
            let listed = KnownVersions::new(releases.iter().map(|r| r.text.as_str()));
            let product = Product {
                website: p.website,
                current,
                alerts,
                known: listed.union(&builtin_versions(&p.name)),
            };
            if products.insert(p.name.clone(), product).is_some() {
                return Err(invalid(format!("product {:?} is defined twice", p.name)));
            }
        }
        Ok(Releases { products })
    }

    /// Whether `product` is served.
    pub fn serves(&self, product: &str) -> bool {
        self.products.contains_key(product)
    }

    /// The products served, sorted.
    pub fn products(&self) -> Vec<String> {
        self.products.keys().cloned().collect()
    }

    /// What a check of `product` at `version` is counted as, if the product is served.
    pub fn count_as<'a>(&self, product: &str, version: &'a str) -> Option<Counted<'a>> {
        Some(self.products.get(product)?.known.count_as(version))
    }

    /// The most version values a check of `product` can be counted as on one day.
    pub fn version_bound(&self, product: &str) -> Option<usize> {
        Some(self.products.get(product)?.known.bound())
    }

    /// The answer to a check of `product` at `version`, if the product is served.
    pub fn answer(&self, product: &str, version: &str) -> Option<CheckResponse> {
        let p = self.products.get(product)?;
        let asked = parse_version(version);
        let mut answer = CheckResponse {
            product: product.to_string(),
            project_website: p.website.clone(),
            ..CheckResponse::default()
        };
        if let Some(current) = &p.current {
            answer.current_version = current.text.clone();
            answer.current_release = current.date;
            answer.current_download_url = current.download_url.clone();
            answer.current_changelog_url = current.changelog_url.clone();
            answer.outdated = asked
                .as_ref()
                .is_some_and(|v| v.cmp_precedence(&current.version).is_lt());
        }
        answer.alerts = p
            .alerts
            .iter()
            .filter(|rule| match (&rule.versions, &asked) {
                (None, _) => true,
                (Some(req), Some(v)) => alert_reaches(req, v),
                (Some(_), None) => false,
            })
            .map(|rule| rule.alert.clone())
            .collect();
        Some(answer)
    }
}

/// Whether an alert for `req` reaches `version`: as `semver` matches, except that a
/// pre-release of `X.Y.Z` is matched as `X.Y.Z` unless a comparator names a pre-release of
/// that same `X.Y.Z` (see the module docs).
pub fn alert_reaches(req: &semver::VersionReq, version: &semver::Version) -> bool {
    let names_own_pre_releases = req.comparators.iter().any(|c| {
        !c.pre.is_empty()
            && (c.major, c.minor, c.patch)
                == (version.major, Some(version.minor), Some(version.patch))
    });
    if version.pre.is_empty() || names_own_pre_releases {
        return req.matches(version);
    }
    req.matches(&semver::Version::new(
        version.major,
        version.minor,
        version.patch,
    ))
}

/// The releases in force, re-read from their file when it changes.
#[derive(Debug, Clone)]
pub struct Watched {
    current: Arc<RwLock<Arc<Releases>>>,
    path: Option<PathBuf>,
    /// The modification time and size of the file as last read.
    stamp: Option<(SystemTime, u64)>,
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    std::fs::metadata(path)
        .ok()
        .map(|m| (m.modified().unwrap_or(SystemTime::UNIX_EPOCH), m.len()))
}

impl Watched {
    /// Loads `path` (or the fallback when `None`); a broken file is an error here, at start.
    pub fn open(path: Option<&Path>) -> Result<Watched, ReleasesError> {
        let seen = path.and_then(stamp);
        let releases = match path {
            Some(p) => Releases::load(p)?,
            None => Releases::fallback(),
        };
        Ok(Watched {
            current: Arc::new(RwLock::new(Arc::new(releases))),
            path: path.map(Path::to_path_buf),
            stamp: seen,
        })
    }

    /// The releases in force.
    pub fn get(&self) -> Arc<Releases> {
        self.current.read().expect("never poisoned").clone()
    }

    /// Checks the file every `every` and re-reads it when its time or size changed, and at
    /// once whenever `hangup` is notified (SIGHUP), changed or not; calls `reloaded` with the
    /// outcome of each re-read. Returns at once when there is no file.
    pub async fn watch(
        self,
        every: Duration,
        hangup: Arc<tokio::sync::Notify>,
        reloaded: impl Fn(Result<(), ReleasesError>),
    ) {
        let Some(path) = self.path.clone() else {
            return;
        };
        let mut seen = self.stamp;
        let mut ticker = tokio::time::interval(every);
        loop {
            let forced = tokio::select! {
                _ = ticker.tick() => false,
                () = hangup.notified() => true,
            };
            let now = stamp(&path);
            if now == seen && !forced {
                continue;
            }
            seen = now;
            match Releases::load(&path) {
                Ok(releases) => {
                    *self.current.write().expect("never poisoned") = Arc::new(releases);
                    reloaded(Ok(()));
                }
                Err(e) => reloaded(Err(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests;
