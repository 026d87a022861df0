//! The pending queue: events on disk, one JSON object a line, that a person can read.
//!
//! Owns `pending.jsonl`, its journal, its lock file and its drop counters.
//!
//! - Writers hold an exclusive lock on `pending.lock` (never replaced, so a writer waiting on
//!   it is never left holding a lock on a file that was renamed away). [`append`] is the hot
//!   path: it locks, appends one line in one write and returns; it never reads or rewrites
//!   the queue (the sender, or [`compact`], does that). [`compact`] holds the lock only to
//!   note where the queue ends and, at the end, to copy what was appended since and rename:
//!   a `record` never waits for a rewrite of the queue.
//! - The sender writes what became of each event to the [`journal`] as it happens, one short
//!   line per request, so an interrupted send repeats at most the request in flight, and the
//!   queue is rewritten once, when the send ends ([`compact`]).
//! - Readers ([`reader::Reader`], `load`) take no lock and write nothing: they apply the
//!   journal and the limits to what they read, so a read works on a read-only disk and never
//!   changes what it reads.
//!
//! A torn last line is closed with a newline on append and skipped, counted and removed by the
//! next rewrite. No network, no signature.

pub mod backoff;
pub mod journal;
pub mod reader;

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::event::Event;
use crate::config::Paths;
use crate::fsutil;

pub use backoff::Backoff;
pub use reader::{Reader, count, head};

/// The queue's bounds: `[telemetry] max_pending` and `max_age`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most events kept; the oldest go first.
    pub max_pending: usize,
    /// Events older than this are dropped, never sent.
    pub max_age: Duration,
}

impl Limits {
    /// The oldest `recorded_at` kept at `now`.
    fn oldest_kept(&self, now: Timestamp) -> Timestamp {
        let max_age = SignedDuration::try_from(self.max_age).unwrap_or(SignedDuration::MAX);
        now.checked_sub(max_age).unwrap_or(Timestamp::MIN)
    }

    /// Whether a queue file of `size` bytes holds well more than `max_pending` events of
    /// about `line` bytes each, so that it is worth compacting.
    pub fn over(&self, size: u64, line: u64) -> bool {
        size > (self.max_pending as u64).saturating_mul(line.max(64)) / 4 * 5 + 4096
    }
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
    /// Events whose fields were not names the protocol allows: never sent.
    #[serde(default)]
    pub dropped_refused: u64,
}

impl Stats {
    fn add(&mut self, other: Stats) {
        self.dropped_overflow += other.dropped_overflow;
        self.dropped_expired += other.dropped_expired;
        self.dropped_torn += other.dropped_torn;
        self.dropped_refused += other.dropped_refused;
    }
}

/// Appends `event` in one write, under the lock; returns the size of the queue file after it,
/// so the caller can tell whether it is time to compact (see [`Limits::over`]). On a short
/// write (a full disk) the file is cut back, so no torn line is left behind.
pub fn append(paths: &Paths, event: &Event) -> io::Result<u64> {
    let path = paths.queue();
    let mut line = serde_json::to_vec(event).map_err(io::Error::other)?;
    line.push(b'\n');
    let _lock = lock(paths)?;
    // The caller names the file (`record`: "cannot add the event to …").
    let (mut file, len) = fsutil::open_append_sized(&path)?;
    if len > 0 && !ends_with_newline(&file, len)? {
        line.insert(0, b'\n');
    }
    match file.write(&line) {
        Ok(n) if n == line.len() => Ok(len + n as u64),
        result => {
            // Leave the file as it was: a line is whole or absent.
            let _ = file.set_len(len);
            let error = result.err().unwrap_or_else(|| {
                io::Error::new(
                    io::ErrorKind::StorageFull,
                    "the disk took only part of the line",
                )
            });
            Err(error)
        }
    }
}

/// Reads the queue with the journal and the limits applied, hands the events (oldest first) to
/// `change`, then writes back what it leaves, counts what the limits dropped and empties the
/// journal. All under the lock.
pub fn update<R>(
    paths: &Paths,
    limits: Limits,
    now: Timestamp,
    change: impl FnOnce(&mut Vec<Event>) -> R,
) -> io::Result<R> {
    let _lock = lock(paths)?;
    // Under the lock no rewrite is under way: any temporary file is from one interrupted.
    fsutil::remove_temps(&paths.queue(), Duration::ZERO);
    let reader = Reader::open(paths, limits, now)?;
    let mut events = reader.events()?;
    let result = change(&mut events);
    persist(paths, &events, reader.dropped())?;
    Ok(result)
}

/// Folds the journal into the queue and applies the limits, in one rewrite: what the sender
/// does when it ends, and what `record` asks a background process to do when the file grows.
/// The caller holds the sender's lock, so the journal does not change meanwhile.
///
/// Recorders are not kept waiting while it works. The queue is read, and the new one written
/// and flushed to disk, without the lock, as the queue was when the lock was last held; then,
/// under the lock, the lines appended since are copied to the end of the new queue, which
/// takes the old one's place. The lock is held for that copy and the rename only. When the
/// queue was replaced or removed meanwhile (cleared, an event deleted in the console), the
/// rewrite is done again, wholly under the lock.
pub fn compact(paths: &Paths, limits: Limits, now: Timestamp) -> io::Result<()> {
    match Compaction::prepare(paths, limits, now)? {
        Some(compaction) => compaction.finish(paths, limits, now),
        None => update(paths, limits, now, |_| ()),
    }
}

/// A new queue written and flushed without the lock, from the queue as it was at `before`.
struct Compaction {
    /// The queue file as it was, held open so that its inode cannot be reused by a new queue
    /// (after a clear) and pass for it.
    queue: File,
    before: Extent,
    tmp: tempfile::NamedTempFile,
    dropped: Stats,
}

impl Compaction {
    /// Notes where the queue ends (under the lock) and writes the new queue from what was
    /// there (without it); `None` when there is no queue file.
    fn prepare(paths: &Paths, limits: Limits, now: Timestamp) -> io::Result<Option<Compaction>> {
        let path = paths.queue();
        let queue = {
            let _lock = lock(paths)?;
            // Under the lock no rewrite is under way: a temporary file is from one interrupted.
            fsutil::remove_temps(&path, Duration::ZERO);
            fsutil::open_read(&path).map_err(fsutil::named(&path, "read"))?
        };
        let Some(queue) = queue else {
            return Ok(None);
        };
        let before = Extent::of(&queue.metadata()?);
        let reader = Reader::open_until(paths, limits, now, before.len)?;
        let mut tmp = fsutil::temp_for(&path).map_err(fsutil::named(&path, "write"))?;
        {
            let mut out = io::BufWriter::new(tmp.as_file_mut());
            reader.for_each(|event| write_line(&mut out, &event))?;
            out.flush()?;
        }
        tmp.as_file().sync_all()?;
        Ok(Some(Compaction {
            queue,
            before,
            tmp,
            dropped: reader.dropped(),
        }))
    }

    /// Under the lock: copies what was appended since to the new queue and puts it in place;
    /// when the queue was replaced or removed meanwhile, rewrites it wholly under the lock.
    fn finish(mut self, paths: &Paths, limits: Limits, now: Timestamp) -> io::Result<()> {
        let path = paths.queue();
        {
            let _lock = lock(paths)?;
            let current = std::fs::symlink_metadata(&path)
                .ok()
                .map(|m| Extent::of(&m));
            if let Some(current) = current
                && current.same_file(&self.before)
                && current.len >= self.before.len
            {
                self.queue.seek(SeekFrom::Start(self.before.len))?;
                let mut appended = (&self.queue).take(current.len - self.before.len);
                io::copy(&mut appended, self.tmp.as_file_mut())?;
                fsutil::put_in_place(self.tmp, &path).map_err(fsutil::named(&path, "write"))?;
                return finish_rewrite(paths, self.dropped);
            }
        }
        // Not the file it was: what was read may be gone (cleared, deleted); start again.
        drop(self.tmp);
        update(paths, limits, now, |_| ())
    }
}

/// Which file the queue is and how long, to tell later whether lines were only appended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Extent {
    dev: u64,
    ino: u64,
    len: u64,
}

impl Extent {
    fn of(meta: &std::fs::Metadata) -> Extent {
        use std::os::unix::fs::MetadataExt;
        Extent {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
        }
    }

    fn same_file(&self, other: &Extent) -> bool {
        (self.dev, self.ino) == (other.dev, other.ino)
    }
}

/// [`compact`] when there is something to fold in (a journal) or the file has grown past its
/// limit; otherwise nothing, so a send with nothing to do writes nothing.
pub fn compact_if_needed(paths: &Paths, limits: Limits, now: Timestamp) -> io::Result<()> {
    let size = std::fs::symlink_metadata(paths.queue()).map_or(0, |m| m.len());
    if paths.queue_journal().exists() || limits.over(size, 256) {
        compact(paths, limits, now)?;
    }
    Ok(())
}

/// The pending events, oldest first, with the journal and the limits applied. Takes no lock
/// and writes nothing. (Everything else reads a [`Reader`]'s windows or streams it.)
#[cfg(test)]
pub fn load(paths: &Paths, limits: Limits, now: Timestamp) -> io::Result<Vec<Event>> {
    Reader::open(paths, limits, now)?.events()
}

/// Deletes every pending event and the journal; returns how many events there were.
pub fn clear(paths: &Paths) -> io::Result<usize> {
    let present = |p: std::path::PathBuf| std::fs::symlink_metadata(p).is_ok();
    if !present(paths.queue()) && !present(paths.queue_journal()) {
        return Ok(0);
    }
    let _lock = lock(paths)?;
    let n = count(paths, NO_LIMITS, Timestamp::now())?;
    for path in [paths.queue(), paths.queue_journal()] {
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                return Err(fsutil::named(&path, "delete")(e));
            }
            _ => {}
        }
    }
    Ok(n)
}

/// Limits that keep everything, for counting what is there.
const NO_LIMITS: Limits = Limits {
    max_pending: usize::MAX,
    max_age: Duration::MAX,
};

/// The drop counters.
pub fn stats(paths: &Paths) -> Stats {
    fsutil::read_limited(&paths.queue_stats(), fsutil::CACHE_LIMIT)
        .ok()
        .flatten()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// The queue's write lock.
fn lock(paths: &Paths) -> io::Result<File> {
    let path = paths.queue_lock();
    let file = fsutil::open_lock(&path).map_err(fsutil::named(&path, "open the lock"))?;
    file.lock()?;
    Ok(file)
}

fn ends_with_newline(file: &File, len: u64) -> io::Result<bool> {
    let mut last = [0u8; 1];
    std::os::unix::fs::FileExt::read_exact_at(file, &mut last, len - 1)?;
    Ok(last[0] == b'\n')
}

/// Writes `events` as the whole queue, adds `dropped` to the counters and empties the
/// journal. Under the lock.
fn persist(paths: &Paths, events: &[Event], dropped: Stats) -> io::Result<()> {
    let path = paths.queue();
    let mut tmp = fsutil::temp_for(&path).map_err(fsutil::named(&path, "write"))?;
    {
        let mut out = io::BufWriter::new(tmp.as_file_mut());
        for event in events {
            write_line(&mut out, event)?;
        }
        out.flush()?;
    }
    fsutil::persist(tmp, &path).map_err(fsutil::named(&path, "write"))?;
    finish_rewrite(paths, dropped)
}

/// One event as a queue line.
fn write_line(out: &mut impl Write, event: &Event) -> io::Result<()> {
    serde_json::to_writer(&mut *out, event).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// After a new queue took the old one's place: empties the journal and adds what the rewrite
/// dropped to the counters. Under the lock.
fn finish_rewrite(paths: &Paths, dropped: Stats) -> io::Result<()> {
    // The new queue holds every outcome the journal had: it may go.
    match std::fs::remove_file(paths.queue_journal()) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    if dropped != Stats::default() {
        let mut s = stats(paths);
        s.add(dropped);
        fsutil::write_atomic(
            &paths.queue_stats(),
            &serde_json::to_vec(&s).map_err(io::Error::other)?,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
