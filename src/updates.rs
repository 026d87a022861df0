//! The checkpoint answer: parsing, the cached newest answer, and the update notice.
//!
//! Owns the response schema of §3 (both release-date names, capitalised keys, unknown keys
//! ignored), the removal of control characters from every server string before it is stored
//! or shown, and the cache that `gitops version` and the console read without waiting.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::paths::Paths;

/// One alert from the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Alert {
    /// The server's id.
    pub id: i64,
    /// Unix seconds.
    pub date: i64,
    /// The text, control characters removed.
    pub message: String,
    /// A link, control characters removed.
    pub url: String,
    /// `info`, `warn`, `critical`, …
    pub level: String,
}

/// The facts of a checkpoint answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckResponse {
    /// The product name.
    #[serde(alias = "Product")]
    pub product: String,
    /// The newest version.
    pub current_version: String,
    /// When the newest version was released (unix seconds).
    #[serde(alias = "current_release_date")]
    pub current_release: i64,
    /// Where to download it.
    pub current_download_url: String,
    /// What changed.
    pub current_changelog_url: String,
    /// The project's site.
    pub project_website: String,
    /// Whether the version sent is older than the newest.
    pub outdated: bool,
    /// Alerts for the version sent.
    #[serde(alias = "Alerts")]
    pub alerts: Vec<Alert>,
}

impl CheckResponse {
    /// Parses an answer body and removes control characters from every string in it.
    pub fn parse(body: &[u8]) -> Result<CheckResponse, String> {
        let mut r: CheckResponse = serde_json::from_slice(body)
            .map_err(|e| format!("the answer is not checkpoint JSON ({e})"))?;
        for s in [
            &mut r.product,
            &mut r.current_version,
            &mut r.current_download_url,
            &mut r.current_changelog_url,
            &mut r.project_website,
        ] {
            *s = sanitize(s);
        }
        for a in &mut r.alerts {
            for s in [&mut a.message, &mut a.url, &mut a.level] {
                *s = sanitize(s);
            }
        }
        Ok(r)
    }
}

/// `text` without control characters (escape sequences lose their ESC and are harmless).
pub fn sanitize(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

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
    serde_json::from_slice(&std::fs::read(paths.update_cache()).ok()?).ok()
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

/// The newest version when it is newer than `running`.
pub fn newer_version<'a>(cache: &'a UpdateCache, running: &str) -> Option<&'a str> {
    let newest =
        semver::Version::parse(cache.response.current_version.trim_start_matches('v')).ok()?;
    let running = semver::Version::parse(running.trim_start_matches('v')).ok()?;
    (newest > running).then_some(cache.response.current_version.as_str())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_release_date_names_and_capitalised_keys() {
        let a = CheckResponse::parse(br#"{"Product":"weave-gitops","current_version":"0.7.0","current_release":1700000000,"extra":1}"#).unwrap();
        let b = CheckResponse::parse(br#"{"product":"weave-gitops","current_version":"0.7.0","current_release_date":1700000000,"Alerts":[{"id":1,"message":"m"}]}"#).unwrap();
        assert_eq!(
            (a.product.as_str(), a.current_release),
            ("weave-gitops", 1_700_000_000)
        );
        assert_eq!((b.current_release, b.alerts.len()), (1_700_000_000, 1));
    }

    #[test]
    fn escapes_are_stripped() {
        let r = CheckResponse::parse(b"{\"current_version\":\"1.0\\u001b[2J\",\"alerts\":[{\"message\":\"\\u001b]52;c;aGk=\\u0007hi\\n\"}]}").unwrap();
        assert_eq!(r.current_version, "1.0[2J");
        assert_eq!(r.alerts[0].message, "]52;c;aGk=hi");
        assert!(CheckResponse::parse(b"<html>").is_err());
    }

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
}
