//! The releases a vocabulary knows, and the spans of releases in which a fact held.
//!
//! Owns the `release_tags` and `cobra` keys of a vocabulary file and every list of ranges
//! (`["v0.6.0..v0.9.3", "v0.14.1"]`): a range is every tag of `release_tags` from its first to
//! its last, inclusive. Turns a version into the release whose command tree applies. Knows
//! nothing of commands or flags.

use super::list::{List, Name};

/// The ordered release tags of a vocabulary and how each release's cobra removed a command
/// word from the line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Releases {
    pub(crate) tags: List<Name>,
    /// Per tag: whether its cobra skips flag values when it removes the command word it found
    /// (`argsMinusFirstX` from cobra 1.7.0, spf13/cobra#1781); earlier ones remove the first
    /// equal word wherever it is.
    pub(crate) skips_flag_values: List<bool>,
}

/// Where a release-dependent fact holds: in every release, or in the marked ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Span {
    /// In every release (and in a file that names none).
    Always,
    /// In the releases whose index into `release_tags` has its bit set: bit `i % 64` of word
    /// `i / 64`. No words at all: in none.
    Only(List<u64>),
}

/// The span of no release.
pub(crate) const NEVER: Span = Span::Only(List::Borrowed(&[]));

/// Which command tree a walk uses: one release's, or the union of all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct At {
    /// The index of the release, `None` for the union.
    release: Option<usize>,
    /// Whether cobra skips flag values when it removes the command word it found.
    pub(crate) skips_flag_values: bool,
}

impl At {
    /// The union of every release, read with the newest cobra's rules.
    pub(crate) const UNION: At = At {
        release: None,
        skips_flag_values: true,
    };
}

impl Span {
    /// Whether no release is in both spans.
    pub(crate) fn disjoint(&self, other: &Span) -> bool {
        match (self, other) {
            (Span::Only(a), Span::Only(b)) => a.iter().zip(b.iter()).all(|(x, y)| x & y == 0),
            (Span::Only(a), Span::Always) | (Span::Always, Span::Only(a)) => {
                a.iter().all(|w| *w == 0)
            }
            (Span::Always, Span::Always) => false,
        }
    }

    /// Whether the fact holds in the tree of `at` (in the union: in some release).
    pub(crate) fn holds(&self, at: At) -> bool {
        match (self, at.release) {
            (Span::Always, _) => true,
            (Span::Only(words), Some(i)) => {
                words.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
            }
            (Span::Only(words), None) => words.iter().any(|w| *w != 0),
        }
    }
}

impl Releases {
    /// Releases from the tags of `release_tags`, in order; every release's cobra is taken to
    /// skip flag values until [`Releases::set_cobra`] says otherwise.
    pub(crate) fn new(tags: Vec<String>) -> Result<Releases, String> {
        for (i, tag) in tags.iter().enumerate() {
            if tag.trim().is_empty() || tag.contains("..") {
                return Err(format!("release_tags: {tag:?} is not a release tag"));
            }
            if tags[..i].contains(tag) {
                return Err(format!("release_tags: {tag:?} is listed twice"));
            }
        }
        let skips_flag_values = vec![true; tags.len()];
        Ok(Releases {
            tags: tags.into_iter().map(Name::Owned).collect(),
            skips_flag_values: List::Owned(skips_flag_values),
        })
    }

    /// Whether the file named no releases (the old format).
    pub(crate) fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    /// Records that the releases of `span` used cobra `version` (`"1.6.1"`, a leading `v`
    /// allowed).
    pub(crate) fn set_cobra(&mut self, version: &str, span: &Span) -> Result<(), String> {
        let numbers: Option<Vec<u64>> = version
            .strip_prefix('v')
            .unwrap_or(version)
            .split('.')
            .map(|n| n.parse().ok())
            .collect();
        let Some([major, minor, ..]) = numbers.as_deref() else {
            return Err(format!("cobra: {version:?} is not a version"));
        };
        let skips = (*major, *minor) >= (1, 7);
        for (i, skip) in self.skips_flag_values.to_mut().iter_mut().enumerate() {
            let at = At {
                release: Some(i),
                skips_flag_values: true,
            };
            if span.holds(at) {
                *skip = skips;
            }
        }
        Ok(())
    }

    /// The span of a list of ranges; `key` names the list in errors.
    pub(crate) fn span(&self, key: &str, ranges: &[String]) -> Result<Span, String> {
        let mut words = vec![0u64; self.tags.len().div_ceil(64)];
        for range in ranges {
            let (first, last) = range.split_once("..").unwrap_or((range, range));
            let index = |tag: &str| {
                self.tags.iter().position(|t| t == tag).ok_or_else(|| {
                    format!("{key}: {range:?} names {tag:?}, which is not in release_tags")
                })
            };
            let (first, last) = (index(first)?, index(last)?);
            if first > last {
                return Err(format!("{key}: {range:?} ends before it starts"));
            }
            for i in first..=last {
                words[i / 64] |= 1 << (i % 64);
            }
        }
        Ok(Span::Only(List::Owned(words)))
    }

    /// The tree for `version` (`"0.38.0"` or `"v0.38.0"`): its release's, or the union when it
    /// is not one of `release_tags` (unknown, newer, or no version at all).
    pub(crate) fn at(&self, version: Option<&str>) -> At {
        let Some(index) = version.and_then(|v| self.index_of(v)) else {
            return At::UNION;
        };
        At {
            release: Some(index),
            skips_flag_values: self.skips_flag_values[index],
        }
    }

    /// The release tag `version` names, if it is one of `release_tags`.
    pub(crate) fn tag_of(&self, version: &str) -> Option<&str> {
        self.index_of(version).map(|i| self.tags[i].as_ref())
    }

    fn index_of(&self, version: &str) -> Option<usize> {
        fn bare(v: &str) -> &str {
            let v = v.trim();
            v.strip_prefix('v').unwrap_or(v)
        }
        let wanted = bare(version);
        self.tags.iter().position(|t| bare(t) == wanted)
    }
}
