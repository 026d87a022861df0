//! The log of what was sent: one JSON line per request that went out, newest 1000 kept.
//!
//! Owns `sent.jsonl`. Appending is cheap; trimming to the newest [`KEEP`] lines happens once
//! per send run. Entries hold the exact URL, so a person can see byte for byte what left.

use std::fmt;
use std::fs::OpenOptions;
use std::io::{self, Write};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::config::Paths;

/// How many entries are kept.
pub const KEEP: usize = 1000;

/// One request that was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentEntry {
    /// When it was sent.
    pub time: Timestamp,
    /// What the request was: an event (with its verbs) or the update-only check.
    #[serde(flatten)]
    pub kind: SentKind,
    /// The exact URL.
    pub url: String,
    /// The HTTP status, when the server answered.
    pub status: Option<u16>,
    /// How long it took, in milliseconds.
    pub duration_ms: u64,
    /// Why it failed, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The newest version the server named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_version: Option<String>,
    /// Whether the server said the version sent is outdated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outdated: Option<bool>,
}

impl SentEntry {
    /// What came of the request, in a few words: the error, or "delivered" with the newest
    /// version the server named.
    pub fn outcome(&self) -> String {
        match (&self.error, &self.current_version) {
            (Some(e), _) => e.clone(),
            (None, Some(v)) => format!("delivered; newest version {v}"),
            (None, None) => "delivered".to_string(),
        }
    }
}

/// What a sent request carried; written as `"kind": "event"` (with `object` and `command`)
/// or `"kind": "update-check"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SentKind {
    /// One recorded command.
    Event {
        /// `flag_object`.
        #[serde(default)]
        object: String,
        /// `flag_command`.
        #[serde(default)]
        command: String,
    },
    /// The update-only check: no verbs, no signature.
    UpdateCheck,
}

impl SentKind {
    /// The kind's word: `event` or `update-check`.
    pub fn word(&self) -> &'static str {
        match self {
            SentKind::Event { .. } => "event",
            SentKind::UpdateCheck => "update-check",
        }
    }
}

impl fmt::Display for SentKind {
    /// `object command` for an event, `update-check` for the update-only request.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SentKind::Event { object, command } => write!(f, "{object} {command}"),
            SentKind::UpdateCheck => f.write_str(self.word()),
        }
    }
}

/// Appends entries.
pub fn append(paths: &Paths, entries: &[SentEntry]) -> io::Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(&paths.data_dir)?;
    let mut out = Vec::new();
    for e in entries {
        serde_json::to_writer(&mut out, e).map_err(io::Error::other)?;
        out.push(b'\n');
    }
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(paths.sent_log())?
        .write_all(&out)
}

/// The entries, oldest first; lines that do not parse are skipped.
pub fn read(paths: &Paths) -> io::Result<Vec<SentEntry>> {
    match std::fs::read_to_string(paths.sent_log()) {
        Ok(text) => Ok(text
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// Keeps the newest [`KEEP`] entries.
pub fn trim(paths: &Paths) -> io::Result<()> {
    let Ok(text) = std::fs::read_to_string(paths.sent_log()) else {
        return Ok(());
    };
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= KEEP {
        return Ok(());
    }
    let kept = lines[lines.len() - KEEP..].join("\n") + "\n";
    crate::fsutil::write_atomic(&paths.sent_log(), kept.as_bytes())
}
