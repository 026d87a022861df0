//! The log of what was sent: one JSON line per request that went out, newest 1000 kept.
//!
//! Owns `sent.jsonl`. Appending is cheap; trimming to the newest [`KEEP`] lines happens once
//! per send run. Entries hold the exact URL, so a person can see byte for byte what left.

use std::fs::OpenOptions;
use std::io::{self, Write};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::paths::Paths;

/// How many entries are kept.
pub const KEEP: usize = 1000;

/// One request that was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentEntry {
    /// When it was sent.
    pub time: Timestamp,
    /// `event` or `update-check`.
    pub kind: String,
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
