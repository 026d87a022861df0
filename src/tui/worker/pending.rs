//! The pending events the console holds: a window of the queue around the selection, never
//! the whole queue, so memory and the first frame do not grow with it.
//!
//! The first [`WINDOW`] events are read straight from the top of the file and shown at once,
//! with the count still unknown; the worker then indexes the queue (8 bytes an event) and
//! sends the count, the newest event's version and a window, and a new window each time the
//! selection leaves the one held.

use std::io;

use crate::context::Context;
use crate::telemetry::event::Event;
use crate::telemetry::queue::{self, Reader};

/// How many events a window holds.
pub const WINDOW: usize = 500;

/// A window of the queue.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pending {
    /// How many events are pending, once the queue is indexed.
    pub total: Option<usize>,
    /// The index in the queue of the first event held.
    pub start: usize,
    /// The events held, oldest first.
    pub events: Vec<Event>,
    /// The version the newest pending event was recorded with, once the queue is indexed.
    pub newest_version: Option<String>,
}

impl Pending {
    /// The first events of the queue, read without indexing it.
    pub fn head(ctx: &Context) -> io::Result<Pending> {
        Ok(Pending {
            events: queue::head(&ctx.paths, ctx.limits(), ctx.now(), WINDOW)?,
            ..Pending::default()
        })
    }

    /// The window of an indexed queue that holds event `at`, with the count.
    pub fn around(reader: &Reader, at: usize) -> io::Result<Pending> {
        let total = reader.len();
        let start = Pending::start_for(at).min(total.saturating_sub(WINDOW));
        let newest_version = match total {
            0 => None,
            n => reader.window(n - 1, 1)?.pop().map(|e| e.version),
        };
        Ok(Pending {
            total: Some(total),
            start,
            events: reader.window(start, WINDOW)?,
            newest_version,
        })
    }

    /// Where the window holding event `at` starts: the selection sits in its middle.
    pub fn start_for(at: usize) -> usize {
        at.saturating_sub(WINDOW / 2)
    }

    /// How many events are pending: the count once known, else at least those held.
    pub fn len(&self) -> usize {
        self.total.unwrap_or(self.start + self.events.len())
    }

    /// Whether no event is pending (as far as is known).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Event `i` of the queue, when it is held.
    pub fn get(&self, i: usize) -> Option<&Event> {
        i.checked_sub(self.start).and_then(|j| self.events.get(j))
    }

    /// Whether event `i` is held (or there is nothing to hold).
    pub fn holds(&self, i: usize) -> bool {
        self.get(i).is_some() || self.is_empty()
    }

    /// The held event with this id.
    pub fn find(&self, id: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.id == id)
    }

    /// The newest event held, or the newest of the queue once indexed: its version.
    pub fn newest_version(&self) -> Option<&str> {
        self.newest_version
            .as_deref()
            .or_else(|| self.events.last().map(|e| e.version.as_str()))
    }
}
