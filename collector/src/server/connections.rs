//! The open connections: at most `max_connections` at once, and room made for a new client by
//! closing the connection that has been idle the longest.
//!
//! Owns the connection slots (a semaphore of `max_connections` permits, so the limit always
//! holds), what each open connection is doing (answering a request, or idle since when) and the
//! choice of which connection to close when the table is full. A connection is *idle* between
//! requests and before its first request's head is complete: a client that holds connections
//! open without using them (an idle keep-alive, a connection that sends nothing, a slow head)
//! is the first to go, and a client with a request in progress is never closed for another.
//!
//! When every slot is taken, a new connection asks the longest-idle connection (idle at least
//! [`EVICTABLE_AFTER`]) to close, and waits for a slot, in arrival order, for at most
//! [`ADMIT_WAIT`], asking again every [`EVICTABLE_AFTER`]. At most [`MAX_WAITING`] connections
//! wait at once; more, or one still waiting at its deadline, is closed at once (counted as
//! refused). A closed idle connection costs its client nothing but a reconnect: HTTP clients
//! retry a request on a kept-alive connection the server closed.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// How long a connection must have been idle before it may be closed for a new one, so that a
/// client that has just connected has the time to send its request.
pub const EVICTABLE_AFTER: Duration = Duration::from_millis(100);

/// How long a new connection waits for a slot when the table is full.
pub const ADMIT_WAIT: Duration = Duration::from_secs(2);

/// The most connections that wait for a slot at once.
pub const MAX_WAITING: usize = 1024;

/// The open connections and their slots.
#[derive(Debug)]
pub struct Connections {
    permits: Arc<Semaphore>,
    limit: usize,
    epoch: Instant,
    open: Mutex<HashMap<u64, Arc<Slot>>>,
    next_id: AtomicU64,
    waiting: AtomicUsize,
    stopping: AtomicBool,
}

/// One open connection's state, shared by its task and its requests.
#[derive(Debug)]
struct Slot {
    id: u64,
    /// Requests of this connection in progress.
    busy: AtomicUsize,
    /// Whether it has had a request at all.
    used: AtomicBool,
    /// When it last became idle, in milliseconds since [`Connections`]' epoch.
    idle_since: AtomicU64,
    /// Asked to close (by an eviction).
    closing: AtomicBool,
    close: Notify,
}

/// A connection admitted: holds its slot until dropped.
#[derive(Debug)]
pub struct Admitted {
    slot: Arc<Slot>,
    connections: Arc<Connections>,
    _permit: OwnedSemaphorePermit,
}

/// Why a connection was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Too many connections already wait for a slot.
    QueueFull,
    /// No slot came free within [`ADMIT_WAIT`].
    Deadline,
    /// The server is stopping.
    Stopping,
}

impl Connections {
    /// A table of `limit` slots.
    pub fn new(limit: usize) -> Arc<Connections> {
        Arc::new(Connections {
            permits: Arc::new(Semaphore::new(limit)),
            limit,
            epoch: Instant::now(),
            open: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(0),
            waiting: AtomicUsize::new(0),
            stopping: AtomicBool::new(false),
        })
    }

    /// How many connections are open.
    pub fn open(&self) -> usize {
        self.limit - self.permits.available_permits()
    }

    /// A slot at once, if one is free (and the server is not stopping).
    pub fn try_admit(self: &Arc<Self>) -> Option<Admitted> {
        let permit = self.permits.clone().try_acquire_owned().ok()?;
        self.admitted(permit).ok()
    }

    /// A slot, made by closing idle connections and waiting in line (see the module docs).
    /// Returns how many connections it asked to close, with the slot or the refusal.
    pub async fn admit(self: &Arc<Self>) -> (usize, Result<Admitted, Refused>) {
        if let Some(admitted) = self.try_admit() {
            return (0, Ok(admitted));
        }
        if self.waiting.fetch_add(1, Ordering::AcqRel) >= MAX_WAITING {
            self.waiting.fetch_sub(1, Ordering::AcqRel);
            return (0, Err(Refused::QueueFull));
        }
        let mut evicted = 0;
        let acquire = self.permits.clone().acquire_owned();
        tokio::pin!(acquire);
        let deadline = tokio::time::sleep(ADMIT_WAIT);
        tokio::pin!(deadline);
        let result = loop {
            evicted += usize::from(self.evict_one());
            tokio::select! {
                biased;
                permit = &mut acquire => {
                    break self.admitted(permit.expect("the semaphore is never closed"));
                }
                _ = &mut deadline => break Err(Refused::Deadline),
                _ = tokio::time::sleep(EVICTABLE_AFTER) => {}
            }
        };
        self.waiting.fetch_sub(1, Ordering::AcqRel);
        (evicted, result)
    }

    /// Waits until every connection has closed, for at most `grace`; whether they all did.
    pub async fn all_closed(&self, grace: Duration) -> bool {
        let all = u32::try_from(self.limit).unwrap_or(u32::MAX);
        tokio::time::timeout(grace, self.permits.acquire_many(all))
            .await
            .is_ok()
    }

    /// Asks every open connection to close and admits no more (at shutdown).
    pub fn close_all(&self) {
        self.stopping.store(true, Ordering::Release);
        for slot in self.open.lock().expect("not poisoned").values() {
            slot.ask_to_close();
        }
    }

    /// Asks the connection idle the longest (at least [`EVICTABLE_AFTER`]) to close; whether
    /// there was one.
    fn evict_one(&self) -> bool {
        let now = self.millis();
        let after = u64::try_from(EVICTABLE_AFTER.as_millis()).unwrap_or(u64::MAX);
        let open = self.open.lock().expect("not poisoned");
        let longest = open
            .values()
            .filter(|s| !s.closing.load(Ordering::Acquire) && s.busy.load(Ordering::Acquire) == 0)
            .map(|s| (s.idle_since.load(Ordering::Acquire), s))
            .filter(|(since, _)| now.saturating_sub(*since) >= after)
            .min_by_key(|(since, s)| (*since, s.id));
        match longest {
            Some((_, slot)) => {
                slot.ask_to_close();
                true
            }
            None => false,
        }
    }

    fn admitted(self: &Arc<Self>, permit: OwnedSemaphorePermit) -> Result<Admitted, Refused> {
        // Checked under the lock `close_all` takes, so no connection is admitted unasked.
        let mut open = self.open.lock().expect("not poisoned");
        if self.stopping.load(Ordering::Acquire) {
            return Err(Refused::Stopping);
        }
        let slot = Arc::new(Slot {
            id: self.next_id.fetch_add(1, Ordering::Relaxed),
            busy: AtomicUsize::new(0),
            used: AtomicBool::new(false),
            idle_since: AtomicU64::new(self.millis()),
            closing: AtomicBool::new(false),
            close: Notify::new(),
        });
        open.insert(slot.id, slot.clone());
        Ok(Admitted {
            slot,
            connections: self.clone(),
            _permit: permit,
        })
    }

    fn millis(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}

impl Admitted {
    /// What the connection's requests mark themselves busy with.
    pub fn requests(&self) -> Requests {
        Requests {
            slot: self.slot.clone(),
            connections: self.connections.clone(),
        }
    }

    /// Resolves when the connection has been asked to close.
    pub async fn asked_to_close(&self) {
        self.slot.close.notified().await;
    }

    /// Whether the connection has had a request (one that never had has nothing to finish).
    pub fn used(&self) -> bool {
        self.slot.used.load(Ordering::Acquire)
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        self.connections
            .open
            .lock()
            .expect("not poisoned")
            .remove(&self.slot.id);
    }
}

impl Slot {
    fn ask_to_close(&self) {
        self.closing.store(true, Ordering::Release);
        // `notify_one` keeps the wake-up for a connection not waiting on it yet.
        self.close.notify_one();
    }
}

/// A connection's handle for its requests.
#[derive(Debug, Clone)]
pub struct Requests {
    slot: Arc<Slot>,
    connections: Arc<Connections>,
}

impl Requests {
    /// Marks a request in progress until the guard is dropped.
    pub fn start(&self) -> Busy {
        self.slot.busy.fetch_add(1, Ordering::AcqRel);
        self.slot.used.store(true, Ordering::Release);
        Busy {
            slot: self.slot.clone(),
            connections: self.connections.clone(),
        }
    }
}

/// A request in progress on a connection: the connection is not idle while this lives.
#[derive(Debug)]
pub struct Busy {
    slot: Arc<Slot>,
    connections: Arc<Connections>,
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.slot
            .idle_since
            .store(self.connections.millis(), Ordering::Release);
        self.slot.busy.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_full_table_closes_the_longest_idle_connection_for_a_new_one() {
        let table = Connections::new(2);
        let first = table.try_admit().unwrap();
        tokio::time::advance(Duration::from_millis(10)).await;
        let second = table.try_admit().unwrap();
        assert!(table.try_admit().is_none());
        assert_eq!(table.open(), 2);

        // Too fresh to be closed: the newcomer waits, then asks the oldest to go.
        let newcomer = tokio::spawn({
            let table = table.clone();
            async move { table.admit().await }
        });
        tokio::time::sleep(EVICTABLE_AFTER + Duration::from_millis(1)).await;
        assert!(first.slot.closing.load(Ordering::Acquire));
        assert!(!second.slot.closing.load(Ordering::Acquire));
        drop(first);
        let (evicted, admitted) = newcomer.await.unwrap();
        assert_eq!(evicted, 1);
        assert!(admitted.is_ok());
        assert_eq!(table.open(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_connection_with_a_request_in_progress_is_never_closed_for_another() {
        let table = Connections::new(1);
        let only = table.try_admit().unwrap();
        let busy = only.requests().start();
        tokio::time::advance(Duration::from_secs(1)).await;
        let (evicted, refused) = table.admit().await;
        assert_eq!((evicted, refused.unwrap_err()), (0, Refused::Deadline));
        assert!(!only.slot.closing.load(Ordering::Acquire));

        // Idle again: now it may go.
        drop(busy);
        tokio::time::advance(EVICTABLE_AFTER).await;
        assert!(table.evict_one());
        assert!(only.slot.closing.load(Ordering::Acquire));
        // Asked once: not chosen again.
        assert!(!table.evict_one());
    }

    #[tokio::test(start_paused = true)]
    async fn the_line_of_waiting_connections_is_bounded() {
        let table = Connections::new(1);
        let _only = table.try_admit().unwrap();
        let _busy = _only.requests().start();
        table.waiting.store(MAX_WAITING, Ordering::Release);
        assert_eq!(table.admit().await.1.unwrap_err(), Refused::QueueFull);
        assert_eq!(table.waiting.load(Ordering::Acquire), MAX_WAITING);
    }

    #[tokio::test(start_paused = true)]
    async fn all_closed_waits_for_every_slot() {
        let table = Connections::new(3);
        let a = table.try_admit().unwrap();
        assert!(!table.all_closed(Duration::from_millis(50)).await);
        drop(a);
        assert!(table.all_closed(Duration::from_millis(50)).await);
    }
}
