//! Which gitops version is reported: one rule for every place that shows or sends one.
//!
//! This crate is not gitops, so its own version is never reported as gitops'. The gitops
//! version is the `--cli-version` of the newest recorded event (the last line of the queue),
//! else the version of the newest event request in the sent log, else unknown. While it is
//! unknown no version is reported: `record` without `--cli-version` records nothing, no
//! update-only check is made, and screens say [`UNKNOWN`]. `record`, `preview`, the console's
//! Payload tab and header, the issue diagnostics, `gitops version` and the update check all
//! ask [`gitops_version`]. Reads only; no network.

use std::fmt;
use std::io::{Read, Seek, SeekFrom};

use serde::Serialize;

use super::event::Event;
use super::sent_log::{self, SentEntry, SentKind};
use crate::config::Paths;
use crate::fsutil;

/// What screens say while no gitops version is known.
pub const UNKNOWN: &str = "unknown";

/// How much of the end of the queue is read for its newest event: a few whole lines.
const QUEUE_TAIL: u64 = 16 * 1024;

/// A known gitops version and where it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GitopsVersion {
    /// The version, as `--cli-version` gave it.
    pub version: String,
    /// Where it was read.
    pub from: VersionSource,
}

/// Where the gitops version was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VersionSource {
    /// Given on the command line (`preview --cli-version`).
    CliVersion,
    /// The newest pending event.
    NewestEvent,
    /// The newest event request in the sent log.
    SentLog,
}

impl fmt::Display for VersionSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            VersionSource::CliVersion => "from --cli-version",
            VersionSource::NewestEvent => "from the newest pending event",
            VersionSource::SentLog => "from the newest event sent",
        })
    }
}

/// The gitops version by the rule above, read from the files of `paths`, or `None` while it
/// is unknown.
pub fn gitops_version(paths: &Paths) -> Option<GitopsVersion> {
    let queued = newest_queued(paths);
    if queued.is_some() {
        return choose(queued.as_deref(), std::iter::empty());
    }
    let sent = sent_log::read(paths).ok()?;
    choose(None, sent.iter().rev())
}

/// The rule itself, for a reader that holds the pieces already (the console's snapshot): the
/// newest pending event's version, else the newest event request's among `sent` (newest
/// first), else `None`.
pub fn choose<'a>(
    newest_event: Option<&str>,
    sent: impl Iterator<Item = &'a SentEntry>,
) -> Option<GitopsVersion> {
    if let Some(version) = newest_event.filter(|v| !v.is_empty()) {
        return Some(GitopsVersion {
            version: version.to_string(),
            from: VersionSource::NewestEvent,
        });
    }
    newest_sent(sent).map(|version| GitopsVersion {
        version,
        from: VersionSource::SentLog,
    })
}

/// The version as screens show it: the version, or [`UNKNOWN`].
pub fn shown(version: Option<&GitopsVersion>) -> &str {
    version.map_or(UNKNOWN, |v| v.version.as_str())
}

/// The version of the last whole event line of the queue, read from its end (the queue is
/// appended in the order commands ran, and rewrites keep that order).
fn newest_queued(paths: &Paths) -> Option<String> {
    let mut file = fsutil::open_read(&paths.queue()).ok()??;
    let len = file.metadata().ok()?.len();
    let start = len.saturating_sub(QUEUE_TAIL);
    file.seek(SeekFrom::Start(start)).ok()?;
    let mut tail = Vec::new();
    file.take(QUEUE_TAIL).read_to_end(&mut tail).ok()?;
    tail.split(|b| *b == b'\n')
        .rev()
        .filter_map(|line| serde_json::from_slice::<Event>(line).ok())
        .map(|e| e.version)
        .find(|v| !v.is_empty())
}

/// The `version=` of the first event request among `sent`.
fn newest_sent<'a>(mut sent: impl Iterator<Item = &'a SentEntry>) -> Option<String> {
    sent.by_ref()
        .filter(|e| matches!(e.kind, SentKind::Event { .. }))
        .filter_map(|e| url::Url::parse(&e.url).ok())
        .filter_map(|url| {
            url.query_pairs()
                .find(|(k, _)| k == "version")
                .map(|(_, v)| v.into_owned())
        })
        .find(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event_line(version: &str) -> String {
        format!(
            r#"{{"id":"a","recorded_at":"2026-01-01T00:00:00Z","object":"get","command":"config","version":"{version}","os":"linux","arch":"amd64"}}"#
        )
    }

    #[test]
    fn the_newest_event_then_the_sent_log_else_unknown() {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        assert_eq!(gitops_version(&paths), None);
        assert_eq!(shown(None), "unknown");
        std::fs::create_dir_all(&paths.data_dir).unwrap();
        std::fs::write(
            paths.sent_log(),
            r#"{"time":"2026-01-01T00:00:00Z","kind":"event","object":"get","command":"config","url":"http://h/v1/check/weave-gitops?version=0.37.0","status":200,"duration_ms":1}
{"time":"2026-01-01T00:00:01Z","kind":"update-check","url":"http://h/v1/check/weave-gitops?version=0.1.0","status":200,"duration_ms":1}
"#,
        )
        .unwrap();
        let sent = gitops_version(&paths).unwrap();
        assert_eq!(
            (sent.version.as_str(), sent.from),
            ("0.37.0", VersionSource::SentLog)
        );
        std::fs::write(
            paths.queue(),
            format!("{}\n{}\n{{torn", event_line("0.36.0"), event_line("0.38.0")),
        )
        .unwrap();
        let queued = gitops_version(&paths).unwrap();
        assert_eq!(
            (queued.version.as_str(), queued.from),
            ("0.38.0", VersionSource::NewestEvent)
        );
    }
}
