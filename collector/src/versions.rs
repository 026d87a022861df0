//! Which versions become buckets: the versions a product is known to have, and what a check's
//! version is counted as.
//!
//! Owns the rule that bounds the version dimension. Any semantic version up to 40 bytes is a
//! valid check, so counting every version as itself would let a client make a new bucket with
//! each check (`917.3.12`, `1.2.3-x7f…`). A check's version is counted as
//!
//! - **itself**, when it is a known version (a release in the releases file, or, for the default
//!   product, a release tag of the protocol's vocabularies — every release of both CLIs), or a
//!   release (no pre-release part) of a *known core*;
//! - **`X.Y.Z-pre`**, when it is a pre-release of a known core that is not itself known (a
//!   build from source, `0.38.0-12-gabc1234`, or a candidate the releases file does not list);
//! - **`unknown`** ([`UNKNOWN`]), otherwise.
//!
//! Build metadata (`+…`) is dropped first. The known cores are the `X.Y.Z` of every known
//! version and the next release of every line a known version is in: the next patch of each
//! `X.Y` line, the next minor of each major, and the next major, so the first users of a
//! release the collector does not know yet (and its candidates) are counted under its number.
//! With `K` known versions in `L` lines of `M` majors, a product has at most
//! `K + (K + L + M + 1) × 2 + 1` version values a day (the known ones, each known core as a
//! release and as `-pre`, and `unknown`); [`KnownVersions::bound`] is the exact figure. No I/O.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

/// The version a check is counted as when its version is not known.
pub use checkpoint_protocol::stats::UNKNOWN_VERSION as UNKNOWN;

/// `major.minor.patch`.
type Core = (u64, u64, u64);

/// The versions of one product, and the cores whose releases and pre-releases are counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownVersions {
    /// Known versions without build metadata, as semver compares them.
    exact: HashSet<semver::Version>,
    /// The cores a release or a `-pre` is counted under.
    cores: HashSet<Core>,
}

/// What a check's version was counted as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Counted<'a> {
    /// A known version, or a release of a known core: counted as itself (without build
    /// metadata).
    Known(Cow<'a, str>),
    /// A pre-release of a known core that is not known itself: `X.Y.Z-pre`.
    PreRelease(String),
    /// Not a version of this product that the collector knows: [`UNKNOWN`].
    Unknown,
}

impl Counted<'_> {
    /// The version value of the bucket.
    pub fn as_str(&self) -> &str {
        match self {
            Counted::Known(v) => v,
            Counted::PreRelease(v) => v,
            Counted::Unknown => UNKNOWN,
        }
    }
}

impl KnownVersions {
    /// The known versions `versions` (texts that are not semantic versions are left out; a
    /// leading `v` is allowed).
    pub fn new<'a>(versions: impl IntoIterator<Item = &'a str>) -> KnownVersions {
        let exact: HashSet<semver::Version> = versions.into_iter().filter_map(parse).collect();
        let mut cores: HashSet<Core> = exact.iter().map(core).collect();
        let mut newest_patch: BTreeMap<(u64, u64), u64> = BTreeMap::new();
        let mut newest_minor: BTreeMap<u64, u64> = BTreeMap::new();
        for (major, minor, patch) in cores.clone() {
            let p = newest_patch.entry((major, minor)).or_default();
            *p = (*p).max(patch);
            let m = newest_minor.entry(major).or_default();
            *m = (*m).max(minor);
        }
        for ((major, minor), patch) in &newest_patch {
            cores.insert((*major, *minor, patch.saturating_add(1)));
        }
        for (major, minor) in &newest_minor {
            cores.insert((*major, minor.saturating_add(1), 0));
        }
        if let Some(major) = newest_minor.keys().next_back() {
            cores.insert((major.saturating_add(1), 0, 0));
        }
        KnownVersions { exact, cores }
    }

    /// Both sets in one.
    pub fn union(&self, other: &KnownVersions) -> KnownVersions {
        let texts: Vec<String> = self
            .exact
            .iter()
            .chain(other.exact.iter())
            .map(ToString::to_string)
            .collect();
        KnownVersions::new(texts.iter().map(String::as_str))
    }

    /// What `version` (normalised by the protocol: no leading `v`) is counted as.
    pub fn count_as<'a>(&self, version: &'a str) -> Counted<'a> {
        let without_build = version.split('+').next().unwrap_or_default();
        let Some(parsed) = parse(without_build) else {
            return Counted::Unknown;
        };
        if self.exact.contains(&parsed) {
            return Counted::Known(Cow::Borrowed(without_build));
        }
        if !self.cores.contains(&core(&parsed)) {
            return Counted::Unknown;
        }
        if parsed.pre.is_empty() {
            Counted::Known(Cow::Borrowed(without_build))
        } else {
            let (major, minor, patch) = core(&parsed);
            Counted::PreRelease(format!("{major}.{minor}.{patch}-pre"))
        }
    }

    /// The most version values this product's checks can be counted as on one day.
    pub fn bound(&self) -> usize {
        let known_releases = self.exact.iter().filter(|v| v.pre.is_empty()).count();
        // A known release is also one of the cores; every core is counted as a release and
        // as `-pre`; the known pre-releases; and `unknown`.
        let pre_releases = self.exact.len() - known_releases;
        self.cores.len() * 2 + pre_releases + 1
    }
}

fn parse(text: &str) -> Option<semver::Version> {
    let text = text.trim();
    let mut v = semver::Version::parse(text.strip_prefix('v').unwrap_or(text)).ok()?;
    v.build = semver::BuildMetadata::EMPTY;
    Some(v)
}

fn core(v: &semver::Version) -> Core {
    (v.major, v.minor, v.patch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> KnownVersions {
        KnownVersions::new([
            "v0.37.0",
            "v0.38.0",
            "v0.38.1",
            "v0.9.1-rc.1",
            "0.9.1",
            "1.2.0",
        ])
    }

    #[test]
    fn a_known_version_or_a_release_of_a_known_core_is_counted_as_itself() {
        let k = known();
        for v in [
            "0.38.0",
            "0.38.1",
            "0.9.1-rc.1",
            // The next patch, minor and major of what is known.
            "0.38.2",
            "0.39.0",
            "1.3.0",
            "2.0.0",
            "0.9.2",
        ] {
            assert_eq!(k.count_as(v), Counted::Known(Cow::Borrowed(v)), "{v}");
        }
        assert_eq!(k.count_as("0.38.0+dirty").as_str(), "0.38.0");
    }

    #[test]
    fn an_unlisted_pre_release_of_a_known_core_is_counted_as_its_core_pre() {
        let k = known();
        for (v, counted) in [
            ("0.38.0-12-gabc1234", "0.38.0-pre"),
            ("0.39.0-rc.1", "0.39.0-pre"),
            ("0.9.1-rc.2", "0.9.1-pre"),
            ("2.0.0-alpha", "2.0.0-pre"),
        ] {
            assert_eq!(k.count_as(v), Counted::PreRelease(counted.into()), "{v}");
        }
    }

    #[test]
    fn every_other_version_is_unknown() {
        let k = known();
        for v in [
            "917.3.12",
            "0.38.3",
            "0.40.0",
            "3.0.0",
            "0.36.0",
            "0.41.0-rc.1",
            "not-a-version",
        ] {
            assert_eq!(k.count_as(v), Counted::Unknown, "{v}");
        }
        assert_eq!(
            KnownVersions::default().count_as("0.38.0"),
            Counted::Unknown
        );
    }

    /// The bound holds: random versions, each tried as given and with pre-release parts,
    /// never make more values than it says.
    #[test]
    fn no_more_values_than_the_bound() {
        let k = known();
        let mut seen = HashSet::new();
        for major in 0..4u64 {
            for minor in 0..45u64 {
                for patch in 0..4u64 {
                    for suffix in ["", "-rc.1", "-rc.2", "-12-gabc", "+meta"] {
                        let v = format!("{major}.{minor}.{patch}{suffix}");
                        seen.insert(k.count_as(&v).as_str().to_string());
                    }
                }
            }
        }
        seen.insert(k.count_as("0.9.1-rc.1").as_str().to_string());
        assert!(seen.len() <= k.bound(), "{} > {}", seen.len(), k.bound());
        assert!(
            seen.len() >= k.bound() - 2,
            "the bound is close: {}",
            k.bound()
        );
    }
}
