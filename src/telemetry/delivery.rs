//! Delivering pending events: the send loop, backoff, the one-sender lock, the update check.
//!
//! Owns `send`: consent is checked before any socket opens; due events go one request each
//! through a [`Transport`]; an event leaves the queue only after a 200; failures back off
//! (1 min doubling to 24 h) with the error kept; outcomes are written back in batches so a
//! thousand events take one rewrite per batch, not one per event. It also owns the
//! update-only request of `[updates] check = "always"`.

use std::collections::HashMap;
use std::fs::File;
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use checkpoint_protocol::vocabulary::VocabularyError;

use super::event::{CRATE_VERSION, Event};
use super::request::{self, CheckpointRequest};
use super::schedule;
use super::sent_log::{self, SentEntry, SentKind};
use super::transport::{Response, Transport, TransportError};
use super::updates::{self, CheckResponse, UpdatePolicy};
use crate::consent::{Consent, Decision};
use crate::context::Context;

/// Events whose outcomes are written back together.
const BATCH: usize = 100;

/// How `send` runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct SendOptions {
    /// Build and report the requests; open no socket.
    pub dry_run: bool,
    /// Stop starting requests after this instant.
    pub deadline: Option<Instant>,
}

/// What `send` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SendReport {
    /// Why nothing was sent at all (consent, config, another sender), if so.
    pub refused: Option<String>,
    /// Events that were due.
    pub due: usize,
    /// Events delivered and removed.
    pub sent: usize,
    /// Events that failed and stay queued.
    pub failed: usize,
    /// Events left for a later run (backing off, or the deadline came).
    pub waiting: usize,
    /// The requests (for `--dry-run`).
    pub requests: Vec<CheckpointRequest>,
    /// The last failure, if any.
    pub last_error: Option<String>,
    /// Whether an update-only request was made.
    pub update_checked: bool,
}

impl SendReport {
    /// Why events stay queued after a send that failed some, if it did: "2 events not
    /// delivered, kept for a later try: `the last error`".
    pub fn problem(&self) -> Option<String> {
        let error = self.last_error.as_ref().filter(|_| self.failed > 0)?;
        Some(format!(
            "{} not delivered, kept for a later try: {error}",
            crate::text::count(self.failed, "event")
        ))
    }
}

impl std::fmt::Display for SendReport {
    /// "sent 3, failed 1, waiting 0", or "nothing sent: `why`" when the send was refused.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.refused {
            Some(why) => {
                write!(f, "nothing sent: {why}")?;
                if self.update_checked {
                    write!(f, "; checked for updates (version, os and arch only)")?;
                }
                Ok(())
            }
            None => write!(
                f,
                "sent {}, failed {}, waiting {}",
                self.sent, self.failed, self.waiting
            ),
        }
    }
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

/// Why one request did not deliver its event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum NotDelivered {
    /// The server answered, but not with a 200.
    #[error("the server answered HTTP {0}")]
    Status(u16),
    /// No usable answer.
    #[error(transparent)]
    Transport(#[from] TransportError),
}

/// Why an event is not sent yet, for `pending` and the console.
pub fn why_waiting(ctx: &Context, consent: Consent, event: &Event, now: Timestamp) -> String {
    if let Some(e) = &ctx.config_error {
        return format!("the config file is broken ({e})");
    }
    match consent {
        Consent::Undecided => "waiting for your consent: nothing is sent while undecided".into(),
        Consent::Denied => "telemetry is disabled: it will be deleted".into(),
        Consent::Granted => match (&event.next_attempt, &event.last_error) {
            (Some(next), Some(err)) if *next > now => {
                let wait = Duration::from_secs(next.duration_since(now).as_secs().max(1) as u64);
                format!(
                    "backing off for {} after: {err}",
                    humantime::format_duration(wait)
                )
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
    let decision = ctx.decision();
    let mut report = SendReport::default();
    if decision.consent != Consent::Granted && !options.dry_run {
        report.refused = Some(decision.summary());
        if update_only_due(ctx, &decision) {
            let Some(_lock) = try_lock_sender(ctx)? else {
                return Ok(report);
            };
            // Another sender may have checked before we took the lock.
            if update_only_due(ctx, &decision) {
                update_only(ctx, transport)?;
                report.update_checked = true;
            }
        }
        return Ok(report);
    }
    let _lock = if options.dry_run {
        None
    } else {
        match try_lock_sender(ctx)? {
            Some(lock) => Some(lock),
            None => {
                report.refused = Some("another `gitops telemetry send` is running".into());
                return Ok(report);
            }
        }
    };
    if !options.dry_run {
        let stamp = ctx.paths.send_stamp();
        crate::fsutil::touch(&stamp).map_err(crate::fsutil::named(&stamp, "write"))?;
    }
    let now = ctx.now();
    let events = super::queue::load(&ctx.paths, ctx.limits(), now)?;
    let due: Vec<&Event> = events
        .iter()
        .filter(|e| e.next_attempt.is_none_or(|t| t <= now))
        .collect();
    report.due = due.len();
    report.waiting = events.len() - due.len();
    let signature = super::signature::resolve(ctx.config.telemetry.signature, &ctx.paths)?;
    let target = ctx.target();
    if options.dry_run {
        report.requests = due
            .iter()
            .map(|e| request::build(&target, e, &signature.value))
            .collect();
        return Ok(report);
    }
    let mut done = 0;
    progress(done, due.len());
    let mut newest = None;
    for batch in due.chunks(BATCH) {
        let mut outcomes: Vec<(String, Result<(), NotDelivered>)> = Vec::with_capacity(batch.len());
        let mut log = Vec::with_capacity(batch.len());
        for event in batch {
            if options.deadline.is_some_and(|d| Instant::now() >= d) {
                break;
            }
            let req = request::build(&target, event, &signature.value);
            let kind = SentKind::Event {
                object: event.object.clone(),
                command: event.command.clone(),
            };
            let (entry, result, answer) = exchange(ctx, transport, &req, kind);
            log.push(entry);
            newest = answer.or(newest);
            if let Err(e) = &result {
                report.last_error = Some(e.to_string());
            }
            outcomes.push((event.id.clone(), result));
            done += 1;
            progress(done, due.len());
        }
        apply_outcomes(ctx, &outcomes, &mut report)?;
        sent_log::append(&ctx.paths, &log)?;
        if let Some(answer) = newest.take() {
            updates::store(&ctx.paths, &answer, ctx.now())?;
        }
        if outcomes.len() < batch.len() {
            break;
        }
    }
    report.waiting += report.due - report.sent - report.failed;
    sent_log::trim(&ctx.paths)?;
    Ok(report)
}

/// Sends one request and describes it for the log; `Ok(())` only for a 200, with the parsed
/// answer when it is one. Stores nothing: the caller caches the newest answer once per batch.
fn exchange(
    ctx: &Context,
    transport: &mut dyn Transport,
    req: &CheckpointRequest,
    kind: SentKind,
) -> (SentEntry, Result<(), NotDelivered>, Option<CheckResponse>) {
    let started = Instant::now();
    let reply: Result<Response, TransportError> = transport.send(req);
    let mut entry = SentEntry {
        time: ctx.now(),
        kind,
        url: req.url.clone(),
        status: None,
        duration_ms: started.elapsed().as_millis() as u64,
        error: None,
        current_version: None,
        outdated: None,
    };
    let mut answer = None;
    let result = match reply {
        Ok(r) if r.status == 200 => {
            entry.status = Some(200);
            match CheckResponse::parse(&r.body) {
                Ok(parsed) => {
                    entry.current_version =
                        Some(parsed.current_version.clone()).filter(|v| !v.is_empty());
                    entry.outdated = Some(parsed.outdated);
                    answer = Some(parsed);
                }
                Err(e) => entry.error = Some(e.to_string()),
            }
            Ok(())
        }
        Ok(r) => {
            entry.status = Some(r.status);
            Err(NotDelivered::Status(r.status))
        }
        Err(e) => Err(NotDelivered::from(e)),
    };
    if let Err(e) = &result {
        entry.error = Some(e.to_string());
    }
    (entry, result, answer)
}

fn apply_outcomes(
    ctx: &Context,
    outcomes: &[(String, Result<(), NotDelivered>)],
    report: &mut SendReport,
) -> std::io::Result<()> {
    let now = ctx.now();
    let results: HashMap<&str, &Result<(), NotDelivered>> = outcomes
        .iter()
        .map(|(id, result)| (id.as_str(), result))
        .collect();
    let (sent, failed) = super::queue::update(&ctx.paths, ctx.limits(), now, |queue| {
        let mut counts = (0, 0);
        queue.retain_mut(|e| match results.get(e.id.as_str()) {
            None => true,
            Some(Ok(())) => {
                counts.0 += 1;
                false
            }
            Some(Err(error)) => {
                e.attempts += 1;
                e.last_error = Some(error.to_string());
                e.next_attempt = Some(
                    now + SignedDuration::try_from(schedule::backoff(e.attempts))
                        .unwrap_or(SignedDuration::MAX),
                );
                counts.1 += 1;
                true
            }
        });
        counts
    })?;
    report.sent += sent;
    report.failed += failed;
    Ok(())
}

fn update_only_due(ctx: &Context, decision: &Decision) -> bool {
    let last_check = updates::cached(&ctx.paths).map(|c| c.checked_at);
    UpdatePolicy::new(ctx, decision).update_only_due(last_check, ctx.now())
}

fn update_only(ctx: &Context, transport: &mut dyn Transport) -> std::io::Result<()> {
    let req = request::build_update_only(&ctx.target(), CRATE_VERSION);
    let (entry, _, answer) = exchange(ctx, transport, &req, SentKind::UpdateCheck);
    if let Some(answer) = answer {
        updates::store(&ctx.paths, &answer, entry.time)?;
    }
    sent_log::append(&ctx.paths, &[entry])
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
