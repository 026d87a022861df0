//! The pending queue: events on disk, one JSON object a line, that a person can read.
//!
//! Owns `pending.jsonl`, its lock file and its drop counters. Every writer holds an exclusive
//! lock on `pending.lock` (never replaced, so a writer waiting on it is never left holding a
//! lock on a file that was renamed away). [`append`] is the hot path: it locks, appends one
//! line and returns, doing work proportional to the queue only when the file has grown well
//! past `max_pending` (amortised). A torn last line is closed with a newline on append and
//! skipped, counted and removed by the next rewrite. No network, no signature.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::time::Duration;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::event::Event;
use crate::config::Paths;
use crate::fsutil;

/// The queue's bounds: `[telemetry] max_pending` and `max_age`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most events kept; the oldest go first.
    pub max_pending: usize,
    /// Events older than this are dropped, never sent.
    pub max_age: Duration,
}

/// How many events the queue has dropped, and why; kept across runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Oldest events dropped because the queue was full.
    pub dropped_overflow: u64,
    /// Events dropped because they were older than `max_age`.
    pub dropped_expired: u64,
    /// Lines that were not a whole event (a crash mid-write) and were removed.
    pub dropped_torn: u64,
}

/// Appends `event`. Compacts (limits applied, torn lines removed) when the file has grown past
/// about 1.25 × `max_pending` events.
pub fn append(paths: &Paths, event: &Event, limits: Limits, now: Timestamp) -> io::Result<()> {
    let mut line = serde_json::to_vec(event).map_err(io::Error::other)?;
    line.push(b'\n');
    let _lock = lock(paths)?;
    let mut file = fsutil::open_append(&paths.queue())?;
    let len = file.metadata()?.len();
    if len > 0 && !ends_with_newline(&mut file, len)? {
        file.write_all(b"\n")?;
    }
    file.write_all(&line)?;
    let threshold = (limits.max_pending as u64).saturating_mul(line.len() as u64) / 4 * 5 + 4096;
    if len + line.len() as u64 > threshold {
        rewrite_locked(paths, limits, now, |_| ())?;
    }
    Ok(())
}

/// Reads the queue with the limits applied, persisting what they drop, and hands the events
/// (oldest first) to `change`, then writes back what it leaves. All under the lock.
pub fn update<R>(
    paths: &Paths,
    limits: Limits,
    now: Timestamp,
    change: impl FnOnce(&mut Vec<Event>) -> R,
) -> io::Result<R> {
    let _lock = lock(paths)?;
    rewrite_locked(paths, limits, now, change)
}

/// The pending events, oldest first, with the limits applied. Writes the file back only when
/// the limits or a torn line removed something, so reading stays a read.
pub fn load(paths: &Paths, limits: Limits, now: Timestamp) -> io::Result<Vec<Event>> {
    if !paths.queue().exists() {
        return Ok(Vec::new());
    }
    let _lock = lock(paths)?;
    let (mut events, torn) = read_events(paths)?;
    let dropped = apply_limits(&mut events, limits, now, torn);
    if dropped != Stats::default() {
        persist(paths, &events, dropped)?;
    }
    Ok(events)
}

/// Deletes every pending event; returns how many there were.
pub fn clear(paths: &Paths) -> io::Result<usize> {
    if !paths.queue().exists() {
        return Ok(0);
    }
    let _lock = lock(paths)?;
    let (events, _) = read_events(paths)?;
    std::fs::remove_file(paths.queue())?;
    Ok(events.len())
}

/// The drop counters.
pub fn stats(paths: &Paths) -> Stats {
    fsutil::read_limited(&paths.queue_stats(), fsutil::CACHE_LIMIT)
        .ok()
        .flatten()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

fn lock(paths: &Paths) -> io::Result<File> {
    let path = paths.queue_lock();
    let file = fsutil::open_lock(&path).map_err(fsutil::named(&path, "open the lock"))?;
    file.lock()?;
    Ok(file)
}

fn ends_with_newline(file: &mut File, len: u64) -> io::Result<bool> {
    let mut last = [0u8; 1];
    file.seek(SeekFrom::Start(len - 1))?;
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// Events that parse, oldest first, and the number of lines that did not.
fn read_events(paths: &Paths) -> io::Result<(Vec<Event>, u64)> {
    let path = paths.queue();
    let Some(file) = fsutil::open_read(&path).map_err(fsutil::named(&path, "read"))? else {
        return Ok((Vec::new(), 0));
    };
    let mut torn = 0;
    let mut events = Vec::new();
    for line in fsutil::Lines::new(file, 0, fsutil::LINE_LIMIT) {
        let line = line?;
        if !line.too_long && line.bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Event>(&line.bytes) {
            Ok(event) if !line.too_long => events.push(event),
            _ => torn += 1,
        }
    }
    Ok((events, torn))
}

fn rewrite_locked<R>(
    paths: &Paths,
    limits: Limits,
    now: Timestamp,
    change: impl FnOnce(&mut Vec<Event>) -> R,
) -> io::Result<R> {
    // Under the lock no rewrite is under way: any temporary file is from one interrupted.
    fsutil::remove_temps(&paths.queue(), Duration::ZERO);
    let (mut events, torn) = read_events(paths)?;
    let dropped = apply_limits(&mut events, limits, now, torn);
    let result = change(&mut events);
    persist(paths, &events, dropped)?;
    Ok(result)
}

/// Drops expired events, then the oldest beyond `max_pending`; returns what went, with `torn`.
fn apply_limits(events: &mut Vec<Event>, limits: Limits, now: Timestamp, torn: u64) -> Stats {
    let before = events.len();
    let max_age =
        jiff::SignedDuration::try_from(limits.max_age).unwrap_or(jiff::SignedDuration::MAX);
    let oldest_kept = now.checked_sub(max_age).unwrap_or(Timestamp::MIN);
    events.retain(|e| e.recorded_at >= oldest_kept);
    let expired = before - events.len();
    let overflow = events.len().saturating_sub(limits.max_pending);
    events.drain(..overflow);
    Stats {
        dropped_overflow: overflow as u64,
        dropped_expired: expired as u64,
        dropped_torn: torn,
    }
}

/// Writes `events` as the whole queue and adds `dropped` to the counters. Under the lock.
fn persist(paths: &Paths, events: &[Event], dropped: Stats) -> io::Result<()> {
    let mut out = Vec::with_capacity(events.len() * 256);
    for event in events {
        serde_json::to_writer(&mut out, event).map_err(io::Error::other)?;
        out.push(b'\n');
    }
    crate::fsutil::write_atomic(&paths.queue(), &out)?;
    if dropped != Stats::default() {
        let mut s = stats(paths);
        s.dropped_expired += dropped.dropped_expired;
        s.dropped_overflow += dropped.dropped_overflow;
        s.dropped_torn += dropped.dropped_torn;
        crate::fsutil::write_atomic(
            &paths.queue_stats(),
            &serde_json::to_vec(&s).map_err(io::Error::other)?,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
