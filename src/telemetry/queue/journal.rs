//! The journal of a send: what became of each event, written as it happens.
//!
//! Owns `pending-journal.jsonl`: one short JSON line per outcome (`delivered`, `failed` with
//! the event's new attempt count, time and error, `refused` with the reason), appended in one
//! write under the queue's lock. Appending costs the same for the first event as for the
//! hundred-thousandth, and an interrupted sender loses nothing it was told: readers treat a
//! journaled event as gone (or failed), and the next rewrite of the queue folds the journal in
//! and deletes it. Entries carry absolute values, so applying one twice changes nothing.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Write};
use std::os::unix::fs::MetadataExt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::super::event::Event;
use crate::config::Paths;
use crate::fsutil;

/// What became of one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// The server took it (HTTP 200): it is gone.
    Delivered,
    /// It was sent and not taken: these are its new delivery fields.
    Failed {
        /// Delivery attempts so far.
        attempts: u32,
        /// Not to be sent before this time.
        next_attempt: Timestamp,
        /// Why the attempt failed.
        last_error: String,
    },
    /// Its fields are not names the protocol allows: it is dropped, never sent.
    Refused {
        /// Why.
        reason: String,
    },
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The event's id.
    pub id: String,
    /// What became of it.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// The journal as read: the last outcome of each id.
#[derive(Debug, Clone, Default)]
pub struct Outcomes(HashMap<String, Outcome>);

impl Outcomes {
    /// Reads the journal (no lock: appends are whole lines; a torn last line is ignored).
    pub fn read(paths: &Paths) -> io::Result<Outcomes> {
        let path = paths.queue_journal();
        let mut outcomes = HashMap::new();
        let Some(file) = fsutil::open_read(&path).map_err(fsutil::named(&path, "read"))? else {
            return Ok(Outcomes(outcomes));
        };
        for line in fsutil::Lines::new(file, 0, fsutil::LINE_LIMIT) {
            let line = line.map_err(fsutil::named(&path, "read"))?;
            if let Ok(entry) = serde_json::from_slice::<Entry>(&line.bytes) {
                outcomes.insert(entry.id, entry.outcome);
            }
        }
        Ok(Outcomes(outcomes))
    }

    /// Applies the outcome of `event`, if any: `None` when it is gone (delivered: `Ok(None)`;
    /// refused: `Err(reason)`).
    pub fn apply(&self, mut event: Event) -> Result<Option<Event>, String> {
        match self.0.get(&event.id) {
            None => Ok(Some(event)),
            Some(Outcome::Delivered) => Ok(None),
            Some(Outcome::Refused { reason }) => Err(reason.clone()),
            Some(Outcome::Failed {
                attempts,
                next_attempt,
                last_error,
            }) => {
                event.attempts = *attempts;
                event.next_attempt = Some(*next_attempt);
                event.last_error = Some(last_error.clone());
                Ok(Some(event))
            }
        }
    }
}

/// An open journal for one sender.
pub struct Journal {
    lock: File,
    file: File,
    paths: Paths,
}

/// Whether the queue was rewritten by someone else since the journal was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Written; the queue is the one the sender read.
    Same,
    /// Written, but the queue was rewritten meanwhile (an event deleted, the queue cleared):
    /// what the sender holds may be stale.
    QueueChanged,
}

impl Journal {
    /// Opens (creating) the journal of the queue as it is now.
    pub fn open(paths: &Paths) -> io::Result<Journal> {
        let lock_path = paths.queue_lock();
        let lock = fsutil::open_lock(&lock_path).map_err(fsutil::named(&lock_path, "open"))?;
        lock.lock()?;
        let path = paths.queue_journal();
        let file = fsutil::open_append(&path).map_err(fsutil::named(&path, "write"))?;
        lock.unlock()?;
        Ok(Journal {
            lock,
            file,
            paths: paths.clone(),
        })
    }

    /// Appends `entry` in one write, under the queue's lock.
    pub fn write(&mut self, entry: &Entry) -> io::Result<Written> {
        let mut line = serde_json::to_vec(entry).map_err(io::Error::other)?;
        line.push(b'\n');
        self.lock.lock()?;
        let result = self.write_locked(&line);
        self.lock.unlock()?;
        result
    }

    fn write_locked(&mut self, line: &[u8]) -> io::Result<Written> {
        let mut written = Written::Same;
        // Every rewrite of the queue (a deletion, a clear, a compaction) deletes the journal
        // it folded in: if this one is gone, the queue changed; start a new journal.
        if self.file.metadata()?.nlink() == 0 {
            let path = self.paths.queue_journal();
            self.file = fsutil::open_append(&path).map_err(fsutil::named(&path, "write"))?;
            written = Written::QueueChanged;
        }
        self.file.write_all(line)?;
        Ok(written)
    }
}
