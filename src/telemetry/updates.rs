//! What the checkpoint answers about newer versions: the cached newest answer, the notice, and
//! the one policy for update checks.
//!
//! Owns `update-check.json` (the newest answer and when it came), which `gitops version` and
//! the console read without waiting, and [`UpdatePolicy`]: whether notices show and whether an
//! update-only request may go, decided once for `record`, `send` and `version`. The answer's
//! schema is the protocol crate's [`CheckResponse`].

use checkpoint_protocol::strings::Strings;
use std::time::Duration;

pub use checkpoint_protocol::answer::CheckResponse;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::config::{Paths, UpdateCheck};
use crate::context::Context;

/// The newest answer and when it came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateCache {
    /// When the answer came.
    pub checked_at: Timestamp,
    /// The answer.
    pub response: CheckResponse,
}

/// The cached answer, if any (never waits on the network).
pub fn cached(paths: &Paths) -> Option<UpdateCache> {
    let bytes =
        crate::fsutil::read_limited(&paths.update_cache(), crate::fsutil::CACHE_LIMIT).ok()??;
    let mut cache: UpdateCache = serde_json::from_slice(&bytes).ok()?;
    // The file is the server's answer as stored, or whatever someone wrote there: nothing in
    // it may drive a terminal.
    cache
        .response
        .each_string(&mut |s| *s = crate::text::printable(s).into_owned());
    Some(cache)
}

/// Stores a newer answer.
pub fn store(paths: &Paths, response: &CheckResponse, at: Timestamp) -> std::io::Result<()> {
    let cache = UpdateCache {
        checked_at: at,
        response: response.clone(),
    };
    crate::fsutil::write_atomic(
        &paths.update_cache(),
        &serde_json::to_vec_pretty(&cache).map_err(std::io::Error::other)?,
    )
}

/// The newest version when it is newer than `running`. When either version is not semver
/// (`0.7`, `release-0.3.0`), the server's `outdated` decides, as the Go client let it.
pub fn newer_version<'a>(cache: &'a UpdateCache, running: &str) -> Option<&'a str> {
    let newest = &cache.response.current_version;
    if newest.is_empty() {
        return None;
    }
    let semver = |v: &str| semver::Version::parse(v.trim_start_matches('v')).ok();
    let newer = match (semver(newest), semver(running)) {
        (Some(newest), Some(running)) => newest > running,
        _ => cache.response.outdated,
    };
    newer.then_some(newest.as_str())
}

/// "a newer version X is available: URL", from the cache.
pub fn notice(paths: &Paths, running: &str) -> Option<String> {
    let cache = cached(paths)?;
    let newest = newer_version(&cache, running)?;
    let r = &cache.response;
    let link = [
        &r.current_download_url,
        &r.current_changelog_url,
        &r.project_website,
    ]
    .into_iter()
    .find(|u| !u.is_empty())
    .map_or(String::new(), |u| format!(": {u}"));
    Some(format!("a newer version {newest} is available{link}"))
}

/// When update notices show and update-only requests may go: `[updates] check`, its
/// `interval`, and what turns them off (`CHECKPOINT_DISABLE`, `DO_NOT_TRACK`,
/// `NO_UPDATE_NOTIFIER`, a broken config file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpdatePolicy {
    /// `[updates] check`.
    pub check: UpdateCheck,
    /// `[updates] interval`: the least time between two update-only requests.
    pub interval: Duration,
    /// Something turns update checks off.
    pub blocked: bool,
}

impl UpdatePolicy {
    /// The policy of `ctx`. It reads no file: what blocks update checks is the environment
    /// (`CHECKPOINT_DISABLE`, `DO_NOT_TRACK`, `NO_UPDATE_NOTIFIER`) and a broken config file,
    /// both already in `ctx`, so `record` never opens the Go CLI's file for it.
    pub fn new(ctx: &Context) -> UpdatePolicy {
        UpdatePolicy {
            check: ctx.config.updates.check,
            interval: ctx.config.updates.interval.0,
            blocked: crate::consent::denied_by_env(&ctx.env)
                || ctx.config_error.is_some()
                || ctx.env.get("NO_UPDATE_NOTIFIER").is_some(),
        }
    }

    /// Whether a cached "newer version" notice is shown.
    pub fn shows_notices(&self) -> bool {
        self.check != UpdateCheck::Never && !self.blocked
    }

    /// Whether an update-only request may go, the last one having gone at `last` (if ever):
    /// only with `check = "always"`, nothing blocking it, and `interval` passed.
    pub fn update_only_due(&self, last: Option<Timestamp>, now: Timestamp) -> bool {
        self.check == UpdateCheck::Always
            && !self.blocked
            && super::schedule::interval_passed(last, self.interval, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notice_only_for_newer_versions() {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        assert_eq!(notice(&paths, "0.6.2"), None);
        let r = CheckResponse {
            current_version: "0.7.0".into(),
            current_download_url: "https://x/dl".into(),
            ..Default::default()
        };
        store(&paths, &r, Timestamp::UNIX_EPOCH).unwrap();
        assert_eq!(
            notice(&paths, "0.6.2").unwrap(),
            "a newer version 0.7.0 is available: https://x/dl"
        );
        assert_eq!(notice(&paths, "0.7.0"), None);
        assert_eq!(notice(&paths, "0.8.0-rc.1"), None);
    }

    #[test]
    fn versions_that_are_not_semver_trust_the_server() {
        let cache = |current: &str, outdated| UpdateCache {
            checked_at: Timestamp::UNIX_EPOCH,
            response: CheckResponse {
                current_version: current.into(),
                outdated,
                ..Default::default()
            },
        };
        assert_eq!(newer_version(&cache("0.7", true), "0.6.2"), Some("0.7"));
        assert_eq!(newer_version(&cache("0.7", false), "0.6.2"), None);
        assert_eq!(
            newer_version(&cache("release-0.3.0", true), "release-0.2.0"),
            Some("release-0.3.0")
        );
        assert_eq!(newer_version(&cache("0.7.0", true), "dev"), Some("0.7.0"));
        assert_eq!(newer_version(&cache("", true), "0.6.2"), None);
    }

    #[test]
    fn a_hand_edited_cache_cannot_drive_the_terminal() {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        std::fs::create_dir_all(&paths.data_dir).unwrap();
        std::fs::write(
            paths.update_cache(),
            r#"{"checked_at":"2026-01-01T00:00:00Z","response":{"current_version":"9.0.0","current_download_url":"https://x/\u001b]52;c;aGk=\u0007\u202e"}}"#,
        )
        .unwrap();
        assert_eq!(
            notice(&paths, "0.6.2").unwrap(),
            "a newer version 9.0.0 is available: https://x/]52;c;aGk="
        );
    }

    #[test]
    fn the_policy_blocks_what_the_consent_decision_blocks() {
        let home = tempfile::tempdir().unwrap();
        let settings = [
            None,
            Some(("CHECKPOINT_DISABLE", "1")),
            Some(("CHECKPOINT_DISABLE", "")),
            Some(("DO_NOT_TRACK", "1")),
            Some(("DO_NOT_TRACK", "0")),
            Some(("NO_UPDATE_NOTIFIER", "1")),
        ];
        for setting in settings {
            for config in ["", "[telemetry]\nconsent = \"denied\"\n", "[telemetry\n"] {
                std::fs::write(home.path().join("config.toml"), config).unwrap();
                let env = setting.map_or(crate::config::Env::empty(), |(name, value)| {
                    crate::config::Env::empty().with(name, value)
                });
                let ctx = Context::with_paths(env, Paths::under(home.path()));
                let d = ctx.decision();
                let by_decision = d.updates_blocked
                    || d.config_error.is_some()
                    || ctx.env.get("NO_UPDATE_NOTIFIER").is_some();
                assert_eq!(
                    UpdatePolicy::new(&ctx).blocked,
                    by_decision,
                    "{setting:?} with {config:?}"
                );
            }
        }
    }

    #[test]
    fn update_only_needs_always_nothing_blocking_and_the_interval() {
        let policy = UpdatePolicy {
            check: UpdateCheck::Always,
            interval: Duration::from_secs(3600),
            blocked: false,
        };
        let now = Timestamp::from_second(10_000).unwrap();
        let recently = Timestamp::from_second(9_000).unwrap();
        let long_ago = Timestamp::from_second(1_000).unwrap();
        assert!(policy.update_only_due(None, now));
        assert!(!policy.update_only_due(Some(recently), now));
        assert!(policy.update_only_due(Some(long_ago), now));
        let blocked = UpdatePolicy {
            blocked: true,
            ..policy
        };
        assert!(!blocked.update_only_due(None, now) && !blocked.shows_notices());
        let with_telemetry = UpdatePolicy {
            check: UpdateCheck::WithTelemetry,
            ..policy
        };
        assert!(!with_telemetry.update_only_due(None, now) && with_telemetry.shows_notices());
    }
}
