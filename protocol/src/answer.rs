//! The checkpoint answer: the JSON a checkpoint server returns for a check.
//!
//! Owns the schema both Go clients and ours read: both release-date names
//! (`current_release`, `current_release_date`), capitalised keys, unknown keys ignored. Parsing
//! removes control characters from every string, so nothing a server says can drive a terminal.
//! The collector serialises the same struct. No I/O.

use serde::{Deserialize, Serialize};

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

/// An answer that is not checkpoint JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the answer is not checkpoint JSON ({0})")]
pub struct AnswerError(String);

impl CheckResponse {
    /// Parses an answer body and removes control characters from every string in it.
    pub fn parse(body: &[u8]) -> Result<CheckResponse, AnswerError> {
        let mut r: CheckResponse =
            serde_json::from_slice(body).map_err(|e| AnswerError(e.to_string()))?;
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
}
