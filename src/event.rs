//! One recorded invocation: the facts that become one checkpoint request.
//!
//! Owns the event record kept in the queue, Go's names for this platform, and the
//! release-candidate rule for `flag_rc`. It holds no signature: that is resolved at send time.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::vocabulary::Reduction;

/// A queued invocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// A local id, for `pending` and the console; never sent.
    pub id: String,
    /// When the command ran; never sent.
    pub recorded_at: Timestamp,
    /// `flag_object`.
    pub object: String,
    /// `flag_command`.
    pub command: String,
    /// `version`: the host CLI's version.
    pub version: String,
    /// `os`, in Go's naming.
    pub os: String,
    /// `arch`, in Go's naming.
    pub arch: String,
    /// Delivery attempts so far.
    #[serde(default)]
    pub attempts: u32,
    /// Not to be sent before this time (backoff).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt: Option<Timestamp>,
    /// Why the last attempt failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

impl Event {
    /// A new event for this platform, recorded at `now`.
    pub fn new(reduction: &Reduction, version: &str, now: Timestamp) -> Event {
        let id = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
        Event {
            id,
            recorded_at: now,
            object: reduction.object.clone(),
            command: reduction.command.clone(),
            version: version.to_string(),
            os: go_os().to_string(),
            arch: go_arch().to_string(),
            attempts: 0,
            next_attempt: None,
            last_error: None,
        }
    }

    /// `flag_rc`: whether the version is a release candidate.
    pub fn rc(&self) -> bool {
        is_release_candidate(&self.version)
    }

    #[cfg(test)]
    pub(crate) fn new_for_test(reduction: &Reduction) -> Event {
        Event::new(reduction, "0.6.2", Timestamp::UNIX_EPOCH)
    }
}

/// This crate's version, the default `version` of an event.
pub const CRATE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Go's `runtime.GOOS` for this build.
pub fn go_os() -> &'static str {
    match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    }
}

/// Go's `runtime.GOARCH` for this build.
pub fn go_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "powerpc64" => "ppc64",
        "loongarch64" => "loong64",
        other => other,
    }
}

/// `yes` for versions whose pre-release part names a release candidate (`0.6.2-RC1`,
/// `1.0.0-rc.2`): an identifier of the pre-release that starts with `rc`, in any case.
pub fn is_release_candidate(version: &str) -> bool {
    let without_build = version.split('+').next().unwrap_or("");
    let Some((_, pre)) = without_build.split_once('-') else {
        return false;
    };
    pre.split(['.', '-'])
        .any(|id| id.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("rc")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_candidates() {
        for (v, rc) in [
            ("0.6.2", false),
            ("0.6.2-RC1", true),
            ("1.0.0-rc.2", true),
            ("0.6.2-RC1+x y", true),
            ("1.0.0-beta.1", false),
            ("1.0.0+rc1", false),
            ("1.0.0-alpha-rc3", true),
            ("", false),
        ] {
            assert_eq!(is_release_candidate(v), rc, "{v}");
        }
    }

    #[test]
    fn go_names() {
        assert!(["linux", "darwin", "windows", "freebsd"].contains(&go_os()));
        assert!(!go_arch().contains('_'));
    }
}
