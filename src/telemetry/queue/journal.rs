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

/// One step of an event's delivery as the journal records it: its request about to go, or
/// what became of it (each line's `outcome`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Step {
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
    /// Its request is about to go. With no outcome after it, the sender died with the
    /// request in flight: the server may or may not have it.
    Sending {
        /// The event's attempts, this one included.
        attempts: u32,
    },
}

/// The last error of an event whose request was in flight when its sender died.
pub const INTERRUPTED: &str =
    "the sender stopped with this request in flight: the server may have it";
/// The last error of an event whose requests were in flight at two senders' deaths.
pub const INTERRUPTED_TWICE: &str = "the sender stopped twice with this request in flight: the server may have it twice; `gitops telemetry send --now` sends it";

/// How many requests in doubt a last error records (it survives the queue's rewrites).
fn folded(last_error: Option<&str>) -> u32 {
    match last_error {
        Some(INTERRUPTED) => 1,
        Some(INTERRUPTED_TWICE) => 2,
        _ => 0,
    }
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The event's id.
    pub id: String,
    /// What became of it.
    #[serde(flatten)]
    pub outcome: Step,
}

/// The journal as read: the last outcome of each id, and how many of its requests went out
/// with no outcome after them (its sender died with them in flight).
#[derive(Debug, Clone, Default)]
pub struct Journaled(HashMap<String, Known>);

#[derive(Debug, Clone, Default)]
struct Known {
    outcome: Option<Step>,
    interrupted: u32,
    attempts: u32,
}

impl Journaled {
    /// Reads the journal (no lock: appends are whole lines; a torn last line is ignored).
    pub fn read(paths: &Paths) -> io::Result<Journaled> {
        let path = paths.queue_journal();
        let mut outcomes = HashMap::new();
        let Some(file) = fsutil::open_read(&path).map_err(fsutil::named(&path, "read"))? else {
            return Ok(Journaled(outcomes));
        };
        for line in fsutil::Lines::new(file, 0, fsutil::LINE_LIMIT) {
            let line = line.map_err(fsutil::named(&path, "read"))?;
            if let Ok(entry) = serde_json::from_slice::<Entry>(&line.bytes) {
                let known: &mut Known = outcomes.entry(entry.id).or_default();
                match entry.outcome {
                    Step::Sending { attempts } => {
                        known.interrupted += 1;
                        known.attempts = attempts;
                    }
                    outcome => {
                        known.interrupted = 0;
                        known.outcome = Some(outcome);
                    }
                }
            }
        }
        Ok(Journaled(outcomes))
    }

    /// Applies the outcome of `event`, if any: `None` when it is gone (delivered: `Ok(None)`;
    /// refused: `Err(reason)`).
    pub fn apply(&self, event: Event) -> Result<Option<Event>, String> {
        Ok(self.apply_counting(event)?.map(|(e, _)| e))
    }

    /// [`Journaled::apply`], with how many requests of the event may have reached the server
    /// with no outcome recorded: those in flight when a sender died (counting one that an
    /// earlier rewrite folded into the event).
    pub fn apply_counting(&self, mut event: Event) -> Result<Option<(Event, u32)>, String> {
        let folded = folded(event.last_error.as_deref());
        let Some(known) = self.0.get(&event.id) else {
            return Ok(Some((event, folded)));
        };
        let mut doubt = folded + known.interrupted;
        match &known.outcome {
            None | Some(Step::Sending { .. }) => {}
            Some(Step::Delivered) => return Ok(None),
            Some(Step::Refused { reason }) => return Err(reason.clone()),
            Some(Step::Failed {
                attempts,
                next_attempt,
                last_error,
            }) => {
                event.attempts = *attempts;
                event.next_attempt = Some(*next_attempt);
                event.last_error = Some(last_error.clone());
                doubt = known.interrupted;
            }
        }
        if known.interrupted > 0 {
            event.attempts = event.attempts.max(known.attempts);
            let marker = if doubt >= 2 {
                INTERRUPTED_TWICE
            } else {
                INTERRUPTED
            };
            event.last_error = Some(marker.into());
        }
        Ok(Some((event, doubt)))
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
