//! The log of what was sent: one JSON line per request that went out, newest 1000 kept.
//!
//! Owns `sent.jsonl`. Appending is cheap; trimming to the newest [`KEEP`] lines happens once
//! per send run. Entries hold the exact URL, so a person can see byte for byte what left, and
//! the answer as it came (headers and body).

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, Write};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::config::Paths;
use crate::fsutil;

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
    #[serde(default)]
    pub error: Option<String>,
    /// The newest version the server named.
    #[serde(default)]
    pub current_version: Option<String>,
    /// Whether the server said the version sent is outdated.
    #[serde(default)]
    pub outdated: Option<bool>,
    /// What was left out of the server's answer because it did not fit the schema (an alert
    /// whose id is a string, a date out of range…), one sentence each; the rest was kept.
    #[serde(default)]
    pub answer_dropped: Vec<String>,
    /// The answer as received, when one came: its headers and (the start of) its body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
}

/// An answer as received, kept in the sent log so a person can see what came back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The headers, in order, as received.
    pub headers: Vec<(String, String)>,
    /// The body as received (bytes that are not UTF-8 replaced), at most [`ANSWER_KEPT`]
    /// bytes of it.
    pub body: String,
    /// How many bytes the body had, when it was longer than what is kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_len: Option<usize>,
}

/// How much of an answer's body the sent log keeps (checkpoint answers are under 1 KiB).
pub const ANSWER_KEPT: usize = 4096;

impl Answer {
    /// An answer as kept: the headers and at most [`ANSWER_KEPT`] bytes of `body`.
    pub fn kept(headers: &[(String, String)], body: &[u8]) -> Answer {
        let cut = body.len().min(ANSWER_KEPT);
        Answer {
            headers: headers.to_vec(),
            body: String::from_utf8_lossy(&body[..cut]).into_owned(),
            body_len: (body.len() > cut).then_some(body.len()),
        }
    }
}

impl SentEntry {
    /// What came of the request, in a few words: the error, or "delivered" with the newest
    /// version the server named.
    pub fn outcome(&self) -> String {
        let mut outcome = match (&self.error, &self.current_version) {
            (Some(e), _) => e.clone(),
            (None, Some(v)) => format!("delivered; newest version {v}"),
            (None, None) => "delivered".to_string(),
        };
        if !self.answer_dropped.is_empty() {
            outcome.push_str(&format!(
                "; left out of the answer: {}",
                self.answer_dropped.join("; ")
            ));
        }
        outcome
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

/// Appends entries, in one write.
pub fn append(paths: &Paths, entries: &[SentEntry]) -> io::Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let mut out = Vec::new();
    for e in entries {
        serde_json::to_writer(&mut out, e).map_err(io::Error::other)?;
        out.push(b'\n');
    }
    let path = paths.sent_log();
    fsutil::open_append(&path)
        .and_then(|mut file| file.write_all(&out))
        .map_err(fsutil::named(&path, "write"))
}

/// The sent log held open for a run of appends (a send), one write per entry.
pub struct Appender {
    file: std::fs::File,
    path: std::path::PathBuf,
}

impl Appender {
    /// Opens the sent log of `paths` for appending.
    pub fn open(paths: &Paths) -> io::Result<Appender> {
        let path = paths.sent_log();
        let file = fsutil::open_append(&path).map_err(fsutil::named(&path, "write"))?;
        Ok(Appender { file, path })
    }

    /// Appends one entry, in one write.
    pub fn push(&mut self, entry: &SentEntry) -> io::Result<()> {
        let mut line = serde_json::to_vec(entry).map_err(io::Error::other)?;
        line.push(b'\n');
        self.file
            .write_all(&line)
            .map_err(fsutil::named(&self.path, "write"))
    }
}

/// The newest [`KEEP`] entries, oldest first; lines that do not parse are skipped. Reads the
/// file a line at a time, so a huge or hand-made log never takes more than [`KEEP`] entries
/// of memory.
pub fn read(paths: &Paths) -> io::Result<Vec<SentEntry>> {
    let path = paths.sent_log();
    let Some(file) = fsutil::open_read(&path).map_err(fsutil::named(&path, "read"))? else {
        return Ok(Vec::new());
    };
    let mut kept = VecDeque::with_capacity(KEEP);
    for line in fsutil::Lines::new(file, 0, fsutil::LINE_LIMIT) {
        let line = line.map_err(fsutil::named(&path, "read"))?;
        if let Ok(entry) = serde_json::from_slice(&line.bytes) {
            if kept.len() == KEEP {
                kept.pop_front();
            }
            kept.push_back(entry);
        }
    }
    Ok(kept.into())
}

/// Keeps the newest [`KEEP`] lines, a line at a time.
pub fn trim(paths: &Paths) -> io::Result<()> {
    let path = paths.sent_log();
    let count = |file| -> io::Result<usize> {
        let mut n = 0;
        for line in fsutil::Lines::new(file, 0, fsutil::LINE_LIMIT) {
            line?;
            n += 1;
        }
        Ok(n)
    };
    let Some(file) = fsutil::open_read(&path)? else {
        return Ok(());
    };
    let lines = count(file)?;
    if lines <= KEEP {
        return Ok(());
    }
    let Some(file) = fsutil::open_read(&path)? else {
        return Ok(());
    };
    let mut tmp = fsutil::temp_for(&path)?;
    {
        let mut out = io::BufWriter::new(tmp.as_file_mut());
        for line in fsutil::Lines::new(file, 0, fsutil::LINE_LIMIT).skip(lines - KEEP) {
            let line = line?;
            out.write_all(&line.bytes)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
    }
    fsutil::persist(tmp, &path)
}
