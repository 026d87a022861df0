//! Delivering pending events: the send loop, backoff, the one-sender lock, the update check.
//!
//! Owns `send`: consent is checked before any socket opens; due events go one request each
//! through a [`Transport`], each within what is left of the send's own deadline; an event
//! leaves the queue only after a 200. What became of each event is written to the queue's
//! journal before the next request goes, so an interrupted send (a kill, Ctrl-C, the console
//! quitting) repeats at most the request in flight, and the queue is rewritten once, at the
//! end. When the server is down (no answer, 5xx, 429) the rest is not tried: the whole queue
//! backs off (1 min doubling to 24 h) and the report says until when. An event whose fields
//! are not names the protocol allows is dropped and counted, never sent. It also owns the
//! update-only request of `[updates] check = "always"`.

mod exchange;
mod report;

use std::collections::BTreeSet;
use std::fs::File;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};

use checkpoint_protocol::vocabulary::{Edition, VocabularyError};

use super::event::Event;
use super::queue::journal::{Entry, INTERRUPTED_TWICE, Journal, Step, Written};
use super::queue::{self, Backoff};
use super::request::{self, CheckpointRequest, Refused};
use super::schedule;
use super::sent_log::{self, SentKind};
use super::transport::Transport;
use super::updates::{self, CheckResponse, UpdatePolicy};
use crate::consent::Consent;
use crate::context::Context;
use exchange::{NotDelivered, exchange};
pub use report::SendReport;

/// The longest a send runs when its caller sets no deadline, the request in flight included.
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(120);

/// How `send` runs.
#[derive(Debug, Clone, Default)]
pub struct SendOptions {
    /// Build and report the requests; open no socket.
    pub dry_run: bool,
    /// When everything must be over, the request in flight included (`DEFAULT_LIMIT`, 120 s, from
    /// the start when `None`).
    pub deadline: Option<Instant>,
    /// Send now what is backing off, too (`gitops telemetry send --now`).
    pub force: bool,
    /// Send only these event ids (the console's "send what is on screen").
    pub only: Option<BTreeSet<String>>,
    /// Set it (from a signal handler or another thread) to stop after the request in flight;
    /// what was done is recorded.
    pub cancel: Arc<AtomicBool>,
}

/// A failure before any event could be considered.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// The data directory could not be used.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The command vocabulary could not be loaded.
    #[error(transparent)]
    Vocabulary(#[from] VocabularyError),
}

/// Why an event is not sent yet, for `pending` and the console.
pub fn why_waiting(ctx: &Context, consent: Consent, event: &Event, now: Timestamp) -> String {
    if let Some(e) = &ctx.config_error {
        return format!("the config file is broken ({e})");
    }
    match consent {
        Consent::Undecided => "waiting for your consent: nothing is sent while undecided".into(),
        Consent::Denied => "telemetry is disabled: it will be deleted".into(),
        Consent::Granted if event.last_error.as_deref() == Some(INTERRUPTED_TWICE) => {
            format!("held: {INTERRUPTED_TWICE}")
        }
        Consent::Granted => match (&event.next_attempt, &event.last_error) {
            (Some(next), Some(err)) if *next > now => {
                let wait = Duration::from_secs(next.duration_since(now).as_secs().max(1) as u64);
                let wait = humantime::format_duration(wait);
                if err == queue::backoff::NOT_TRIED {
                    format!("waits {wait}: {err}")
                } else {
                    format!("backing off for {wait} after: {err}")
                }
            }
            _ if !ctx.config.telemetry.auto_send => {
                "due: auto_send is off, run `gitops telemetry send`".into()
            }
            _ => "due: goes with the next send".into(),
        },
    }
}

/// Sends what is due. Opens no socket unless consent is granted (or, for the update-only
/// request, unless `[updates] check = "always"` allows it). A second concurrent sender returns
/// at once with `refused` set.
pub fn send(
    ctx: &Context,
    transport: &mut dyn Transport,
    options: SendOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<SendReport, DeliveryError> {
    let budget = Budget {
        started: Instant::now(),
        deadline: options.deadline,
        cancel: &options.cancel,
    };
    let decision = ctx.decision();
    if decision.consent != Consent::Granted && !options.dry_run {
        return without_consent(ctx, transport, decision.summary(), budget.deadline());
    }
    let mut report = SendReport::default();
    let _lock = if options.dry_run {
        None
    } else {
        let Some(lock) = try_lock_sender(ctx)? else {
            report.refused = Some("another `gitops telemetry send` is running".into());
            return Ok(report);
        };
        let stamp = ctx.paths.send_stamp();
        crate::fsutil::touch(&stamp).map_err(crate::fsutil::named(&stamp, "write"))?;
        Some(lock)
    };
    let now = ctx.now();
    let events = read_queue(ctx, now)?;
    let due = select_due(&events, &options, now, &mut report);
    // An event of either CLI (`--cli-edition`) may be sent: the queue does not keep which.
    let mut allowed = request::Allowed::new(&*ctx.vocabulary()?);
    allowed.extend(&*ctx.vocabulary_of(Edition::Enterprise)?);
    // Once telemetry is allowed the signature is made (a dry run then shows the real one);
    // before, a dry run makes no file and shows the id that exists, or a placeholder where the
    // one made on Allow will go.
    let granted = decision.consent == Consent::Granted;
    let signature = super::signature::shown(ctx.config.telemetry.signature, &ctx.paths, granted)?;
    let target = ctx.target();
    let build = |event: &Event| request::build_checked(&target, &allowed, event, &signature.value);
    if options.dry_run {
        for event in &due {
            match build(event) {
                Ok(r) => report.requests.push(r),
                Err(_) => report.dropped += 1,
            }
        }
        report.waiting = events.len() - report.requests.len() - report.dropped;
        return Ok(report);
    }
    let newest = deliver(ctx, transport, &due, &build, &budget, &mut report, progress)?;
    report.waiting = events.len() - report.sent - report.failed - report.dropped;
    queue::compact(&ctx.paths, ctx.limits(), ctx.now())?;
    if let Some(answer) = newest {
        updates::store(&ctx.paths, &answer, ctx.now())?;
    }
    sent_log::trim(&ctx.paths)?;
    Ok(report)
}

/// What a send does without consent: it sends no event. Under the sender lock it compacts the
/// queue when it has grown (`record` starts this process for that), and makes the update-only
/// request when `[updates] check = "always"` makes one due.
fn without_consent(
    ctx: &Context,
    transport: &mut dyn Transport,
    why: String,
    deadline: Instant,
) -> Result<SendReport, DeliveryError> {
    let mut report = SendReport {
        refused: Some(why),
        ..SendReport::default()
    };
    let Some(_lock) = try_lock_sender(ctx)? else {
        return Ok(report);
    };
    queue::compact_if_needed(&ctx.paths, ctx.limits(), ctx.now())?;
    // Another sender may have checked before we took the lock.
    if let Some(version) = update_only_due(ctx) {
        update_only(ctx, transport, &version, deadline)?;
        report.update_checked = true;
    }
    Ok(report)
}

/// How long a send may go on, and whether it was told to stop.
struct Budget<'a> {
    started: Instant,
    deadline: Option<Instant>,
    cancel: &'a AtomicBool,
}

impl Budget<'_> {
    /// When everything must be over, the request in flight included.
    fn deadline(&self) -> Instant {
        self.deadline.unwrap_or(self.started + DEFAULT_LIMIT)
    }

    /// Why no further request may go, if none may.
    fn spent(&self) -> Option<String> {
        if self.cancel.load(Ordering::SeqCst) {
            return Some("interrupted; what was sent is recorded".into());
        }
        let deadline = self.deadline();
        (Instant::now() >= deadline).then(|| {
            format!(
                "the time limit of {} was reached",
                humantime::format_duration(deadline - self.started)
            )
        })
    }
}

/// Every pending event, with how many of its requests may have reached the server unrecorded.
fn read_queue(ctx: &Context, now: Timestamp) -> std::io::Result<Vec<(Event, u32)>> {
    let reader = queue::Reader::open(&ctx.paths, ctx.limits(), now)?;
    let mut events = Vec::with_capacity(reader.len());
    reader.for_each_in_doubt(|e, doubt| {
        events.push((e, doubt));
        Ok(())
    })?;
    Ok(events)
}

/// The events this send tries, in the order it tries them; notes in `report` how many are
/// due, how many are held in doubt, and the soonest next attempt of those that wait.
fn select_due<'e>(
    events: &'e [(Event, u32)],
    options: &SendOptions,
    now: Timestamp,
    report: &mut SendReport,
) -> Vec<&'e Event> {
    let wanted = |e: &Event| options.only.as_ref().is_none_or(|ids| ids.contains(&e.id));
    let mut due: Vec<(&Event, u32)> = events
        .iter()
        .map(|(e, doubt)| (e, *doubt))
        .filter(|(e, _)| wanted(e))
        .filter(|(e, _)| options.force || e.next_attempt.is_none_or(|t| t <= now))
        .collect();
    // An event whose request was in flight when a sender died may have reached the server:
    // it goes after the others, and after two such requests it waits for `--now`, so that
    // no event reaches the server more than twice on its own.
    due.sort_by_key(|(_, doubt)| *doubt);
    if !options.force {
        let held = due.iter().filter(|(_, doubt)| *doubt >= 2).count();
        due.truncate(due.len() - held);
        report.in_doubt = held;
    }
    report.due = due.len();
    report.next_attempt = events
        .iter()
        .map(|(e, _)| e)
        .filter(|e| !options.force && wanted(e))
        .filter_map(|e| e.next_attempt.filter(|t| *t > now))
        .min();
    due.into_iter().map(|(e, _)| e).collect()
}

/// Sends `due` one request at a time, journaling what became of each before the next goes;
/// stops early when the budget is spent, the server is down or the queue changed under the
/// sender. Gives the newest answer that came.
fn deliver(
    ctx: &Context,
    transport: &mut dyn Transport,
    due: &[&Event],
    build: &dyn Fn(&Event) -> Result<CheckpointRequest, Refused>,
    budget: &Budget,
    report: &mut SendReport,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Option<CheckResponse>, DeliveryError> {
    let mut journal = Journal::open(&ctx.paths)?;
    let mut log = sent_log::Appender::open(&ctx.paths)?;
    let backoff = Backoff::read(&ctx.paths);
    let mut backoff_cleared = backoff.is_none();
    let mut newest = None;
    progress(0, due.len());
    for (done, event) in due.iter().enumerate() {
        if let Some(why) = budget.spent() {
            report.stopped = Some(why);
            break;
        }
        let req = match build(event) {
            Ok(req) => req,
            Err(refused) => {
                report.dropped += 1;
                let step = Step::Refused {
                    reason: refused.to_string(),
                };
                if journal_step(&mut journal, event, step, report)? {
                    break;
                }
                continue;
            }
        };
        let sending = Step::Sending {
            attempts: event.attempts.saturating_add(1),
        };
        if journal_step(&mut journal, event, sending, report)? {
            break;
        }
        let kind = SentKind::Event {
            object: event.object.clone(),
            command: event.command.clone(),
        };
        let (entry, result, answer) = exchange(ctx, transport, &req, kind, budget.deadline());
        newest = answer.or(newest);
        let (step, server_down) = match &result {
            Ok(()) => {
                report.sent += 1;
                (Step::Delivered, false)
            }
            Err(error) => failed(ctx, event, error, backoff.as_ref(), report)?,
        };
        // The outcome is on disk before the next request goes.
        let changed = journal_step(&mut journal, event, step, report)?;
        log.push(&entry)?;
        if result.is_ok() && !backoff_cleared {
            Backoff::clear(&ctx.paths)?;
            backoff_cleared = true;
        }
        progress(done + 1, due.len());
        if changed || server_down {
            break;
        }
    }
    Ok(newest)
}

/// Counts a failed delivery of `event` and gives its journal step, and whether the server is
/// down: then the whole queue backs off (1 min doubling to 24 h) and the send stops; else the
/// event alone waits for its next attempt.
fn failed(
    ctx: &Context,
    event: &Event,
    error: &NotDelivered,
    backoff: Option<&Backoff>,
    report: &mut SendReport,
) -> std::io::Result<(Step, bool)> {
    report.failed += 1;
    report.last_error = Some(error.to_string());
    let attempts = event.attempts.saturating_add(1);
    let at = ctx.now();
    let server_down = error.server_down();
    let next_attempt = if server_down {
        let down = Backoff::after(backoff, at, error.to_string());
        down.write(&ctx.paths)?;
        // The cause is said once, by the report's error; this says only what follows.
        report.stopped = Some("the server did not take events, so the rest waits too".into());
        down.until
    } else {
        let wait =
            SignedDuration::try_from(schedule::backoff(attempts)).unwrap_or(SignedDuration::MAX);
        at.checked_add(wait).unwrap_or(Timestamp::MAX)
    };
    report.next_attempt = Some(
        report
            .next_attempt
            .map_or(next_attempt, |t| t.min(next_attempt)),
    );
    let step = Step::Failed {
        attempts,
        next_attempt,
        last_error: error.to_string(),
    };
    Ok((step, server_down))
}

/// Folds the journal into the queue and applies its limits, sending nothing: what `record`
/// starts in the background when the queue has grown. Does nothing while a sender runs (it
/// compacts when it ends).
pub fn compact(ctx: &Context) -> Result<(), DeliveryError> {
    if let Some(_lock) = try_lock_sender(ctx)? {
        queue::compact_if_needed(&ctx.paths, ctx.limits(), ctx.now())?;
    }
    Ok(())
}

/// Journals `step` of `event`; true when the queue changed under the sender (an event
/// deleted, the queue cleared), which ends the send.
fn journal_step(
    journal: &mut Journal,
    event: &Event,
    outcome: Step,
    report: &mut SendReport,
) -> std::io::Result<bool> {
    let entry = Entry {
        id: event.id.clone(),
        outcome,
    };
    if journal.write(&entry)? == Written::QueueChanged {
        report.stopped = Some("the queue changed during the send; the rest waits".into());
        return Ok(true);
    }
    Ok(false)
}

/// Whether the update-only request is due, and the gitops version it reports: never while
/// that version is unknown (this crate's own version is not gitops').
fn update_only_due(ctx: &Context) -> Option<String> {
    let last_check = updates::cached(&ctx.paths).map(|c| c.checked_at);
    if !UpdatePolicy::new(ctx).update_only_due(last_check, ctx.now()) {
        return None;
    }
    super::version::gitops_version(&ctx.paths).map(|v| v.version)
}

fn update_only(
    ctx: &Context,
    transport: &mut dyn Transport,
    version: &str,
    deadline: Instant,
) -> std::io::Result<()> {
    let req = request::build_update_only(&ctx.target(), version);
    let (entry, _, answer) = exchange(ctx, transport, &req, SentKind::UpdateCheck, deadline);
    if let Some(answer) = answer {
        updates::store(&ctx.paths, &answer, entry.time)?;
    }
    sent_log::append(&ctx.paths, &[entry])
}

/// The sender lock, waiting for a running sender to finish: for changes that must not
/// interleave with a send (rotating the id).
pub(crate) fn lock_sender(ctx: &Context) -> std::io::Result<File> {
    let path = ctx.paths.send_lock();
    let file =
        crate::fsutil::open_lock(&path).map_err(crate::fsutil::named(&path, "open the lock"))?;
    file.lock()?;
    Ok(file)
}

/// The sender lock, when no other sender holds it.
fn try_lock_sender(ctx: &Context) -> std::io::Result<Option<File>> {
    let path = ctx.paths.send_lock();
    let file =
        crate::fsutil::open_lock(&path).map_err(crate::fsutil::named(&path, "open the lock"))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}
