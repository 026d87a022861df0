//! Reading the queue without holding it: an index of the lines that are pending events, and
//! windows of it.
//!
//! [`Reader::open`] reads the file once, a line at a time, and keeps only the offset of each
//! event that is still pending (the journal, the age limit and `max_pending` applied), plus
//! the open file: memory is 8 bytes an event, and a rewrite that renames a new queue into
//! place cannot change what the reader reads. [`Reader::window`] parses only the events asked
//! for (the console's screen); [`Reader::for_each`] streams them all (`pending`). Takes no
//! lock and writes nothing.

use std::fs::File;
use std::io::{self, Seek, SeekFrom};

use jiff::Timestamp;

use super::backoff::Backoff;
use super::journal::Journaled;
use super::{Limits, Stats};
use crate::config::Paths;
use crate::fsutil;
use crate::telemetry::event::Event;

/// An index of the pending events of one queue file.
pub struct Reader {
    file: Option<File>,
    offsets: Vec<u64>,
    outcomes: Journaled,
    backoff: Option<Backoff>,
    dropped: Stats,
}

/// How many events are pending (the journal and the limits applied).
pub fn count(paths: &Paths, limits: Limits, now: Timestamp) -> io::Result<usize> {
    Reader::open(paths, limits, now).map(|r| r.len())
}

/// The first `n` pending events (oldest first), reading no further into the file than it
/// needs: what the console shows while [`Reader::open`] indexes a long queue. It applies the
/// journal, the age limit and the backoff, but cannot know yet whether `max_pending` drops
/// the oldest (that needs the count), so the index's window replaces it when ready.
pub fn head(paths: &Paths, limits: Limits, now: Timestamp, n: usize) -> io::Result<Vec<Event>> {
    let path = paths.queue();
    let outcomes = Journaled::read(paths)?;
    let backoff = Backoff::read(paths).filter(|b| b.until > now);
    let Some(file) = fsutil::open_read(&path).map_err(fsutil::named(&path, "read"))? else {
        return Ok(Vec::new());
    };
    let oldest = limits.oldest_kept(now);
    let mut out = Vec::with_capacity(n.min(4096));
    for line in fsutil::Lines::new(&file, 0, fsutil::LINE_LIMIT) {
        if out.len() >= n {
            break;
        }
        let line = line.map_err(fsutil::named(&path, "read"))?;
        if let Some(Ok(Some(mut event))) = parse(&line).map(|e| outcomes.apply(e))
            && event.recorded_at >= oldest
        {
            if let Some(backoff) = &backoff {
                backoff.stamp(&mut event);
            }
            out.push(event);
        }
    }
    Ok(out)
}

fn parse(line: &fsutil::Line) -> Option<Event> {
    if line.too_long {
        return None;
    }
    serde_json::from_slice(&line.bytes).ok()
}

impl Reader {
    /// Indexes the queue as it is now.
    pub fn open(paths: &Paths, limits: Limits, now: Timestamp) -> io::Result<Reader> {
        Reader::open_until(paths, limits, now, u64::MAX)
    }

    /// Indexes the lines of the queue that start before byte `end`: the queue as it was when
    /// it was `end` bytes long, however much has been appended since.
    pub fn open_until(
        paths: &Paths,
        limits: Limits,
        now: Timestamp,
        end: u64,
    ) -> io::Result<Reader> {
        let path = paths.queue();
        // The journal first: a rewrite that lands between the two reads then only makes
        // outcomes of events no longer there, which change nothing.
        let outcomes = Journaled::read(paths)?;
        let backoff = Backoff::read(paths).filter(|b| b.until > now);
        let mut reader = Reader {
            file: fsutil::open_read(&path).map_err(fsutil::named(&path, "read"))?,
            offsets: Vec::new(),
            outcomes,
            backoff,
            dropped: Stats::default(),
        };
        let Some(file) = &reader.file else {
            return Ok(reader);
        };
        let oldest = limits.oldest_kept(now);
        let mut file = file;
        file.seek(SeekFrom::Start(0))?;
        for line in fsutil::Lines::new(file, 0, fsutil::LINE_LIMIT) {
            let line = line.map_err(fsutil::named(&path, "read"))?;
            if line.offset >= end {
                break;
            }
            if !line.too_long && line.bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let Some(event) = parse(&line) else {
                reader.dropped.dropped_torn += 1;
                continue;
            };
            match reader.outcomes.apply(event) {
                Ok(None) => {}
                Err(_) => reader.dropped.dropped_refused += 1,
                Ok(Some(e)) if e.recorded_at < oldest => reader.dropped.dropped_expired += 1,
                Ok(Some(_)) => reader.offsets.push(line.offset),
            }
        }
        let overflow = reader.offsets.len().saturating_sub(limits.max_pending);
        reader.offsets.drain(..overflow);
        reader.dropped.dropped_overflow = overflow as u64;
        Ok(reader)
    }

    /// How many events are pending.
    pub fn len(&self) -> usize {
        self.offsets.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.offsets.is_empty()
    }

    /// What the limits, the journal and damaged lines would remove at the next rewrite (not
    /// yet in [`super::stats`]).
    pub fn dropped(&self) -> Stats {
        self.dropped
    }

    /// Events `start..start + count` (oldest first), as pending shows them.
    pub fn window(&self, start: usize, count: usize) -> io::Result<Vec<Event>> {
        let end = start.saturating_add(count).min(self.offsets.len());
        let mut out = Vec::with_capacity(end.saturating_sub(start));
        if start < end {
            self.walk(&self.offsets[start..end], |e, _| {
                out.push(e);
                Ok(())
            })?;
        }
        Ok(out)
    }

    /// Every pending event, oldest first, in memory: for the rewrite that must hold them all.
    pub fn events(&self) -> io::Result<Vec<Event>> {
        let mut events = Vec::with_capacity(self.len());
        self.for_each(|e| {
            events.push(e);
            Ok(())
        })?;
        Ok(events)
    }

    /// Hands every pending event, oldest first, to `f`, parsing one at a time.
    pub fn for_each(&self, mut f: impl FnMut(Event) -> io::Result<()>) -> io::Result<()> {
        self.walk(&self.offsets, |e, _| f(e))
    }

    /// [`Reader::for_each`], with how many requests of each event may have reached the
    /// server with no outcome recorded (a sender died with them in flight).
    pub fn for_each_in_doubt(&self, f: impl FnMut(Event, u32) -> io::Result<()>) -> io::Result<()> {
        self.walk(&self.offsets, f)
    }

    fn walk(
        &self,
        wanted: &[u64],
        mut f: impl FnMut(Event, u32) -> io::Result<()>,
    ) -> io::Result<()> {
        let (Some(mut file), Some(first)) = (self.file.as_ref(), wanted.first()) else {
            return Ok(());
        };
        file.seek(SeekFrom::Start(*first))?;
        let mut wanted = wanted.iter().peekable();
        for line in fsutil::Lines::new(file, *first, fsutil::LINE_LIMIT) {
            let line = line?;
            let Some(next) = wanted.peek() else { break };
            if line.offset != **next {
                continue;
            }
            wanted.next();
            if let Some(Ok(Some((mut event, doubt)))) =
                parse(&line).map(|e| self.outcomes.apply_counting(e))
            {
                if let Some(backoff) = &self.backoff {
                    backoff.stamp(&mut event);
                }
                f(event, doubt)?;
            }
        }
        Ok(())
    }
}
