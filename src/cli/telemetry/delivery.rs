//! `gitops telemetry pending | send | log`: the queue and what was sent, printed a line at a
//! time so memory does not grow with the queue.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use serde_json::json;

use super::super::error::OperationError;
use super::super::style::{Painter, stdout_is_terminal};
use super::super::{CommandResult, print_json, require_config};
use crate::consent::Consent;
use crate::context::Context;
use crate::telemetry::delivery::{self, DEFAULT_LIMIT, SendOptions, SendReport};
use crate::telemetry::event::Event;
use crate::telemetry::queue::{self, Reader};
use crate::telemetry::request::check;
use crate::telemetry::transport::{Http, Recorder};
use crate::telemetry::{sent_log, signature};
use crate::text::{count, plural, printable, time};

/// The hard limit on a background send, the request in flight included.
const BACKGROUND_DEADLINE: Duration = Duration::from_secs(30);

/// Why `event` waits: flagged when it can never be sent.
fn why(
    ctx: &Context,
    allowed: Option<&check::Allowed>,
    consent: Consent,
    e: &Event,
    now: jiff::Timestamp,
) -> String {
    match allowed.map(|a| check::check(a, e)) {
        Some(Err(refused)) => format!("never sent: {refused}; dropped at the next send"),
        _ => delivery::why_waiting(ctx, consent, e, now),
    }
}

pub(super) fn pending(ctx: &Context, json: bool) -> CommandResult {
    let now = ctx.now();
    let reader = Reader::open(&ctx.paths, ctx.limits(), now)?;
    let vocabulary = ctx.vocabulary().ok().map(|v| check::Allowed::new(&v));
    let waiting = Waiting {
        ctx,
        allowed: vocabulary.as_ref(),
        consent: ctx.decision().consent,
        now,
    };
    let mut stats = queue::stats(&ctx.paths);
    let pending = reader.dropped();
    stats.dropped_overflow += pending.dropped_overflow;
    stats.dropped_expired += pending.dropped_expired;
    stats.dropped_torn += pending.dropped_torn;
    stats.dropped_refused += pending.dropped_refused;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        pending_json(&mut out, &reader, &waiting, &stats)?;
    } else {
        pending_table(&mut out, &reader, &waiting, &stats)?;
    }
    out.flush()?;
    Ok(())
}

/// What `pending` needs to say why each event waits.
struct Waiting<'a> {
    ctx: &'a Context,
    allowed: Option<&'a check::Allowed>,
    consent: Consent,
    now: jiff::Timestamp,
}

impl Waiting<'_> {
    fn why(&self, e: &Event) -> String {
        why(self.ctx, self.allowed, self.consent, e, self.now)
    }
}

/// `pending --json`, one event at a time.
fn pending_json(
    out: &mut impl Write,
    reader: &Reader,
    waiting: &Waiting,
    stats: &queue::Stats,
) -> CommandResult {
    writeln!(
        out,
        "{{\n  \"consent\": {},\n  \"events\": [",
        serde_json::to_string(&waiting.consent)?
    )?;
    let mut first = true;
    reader.for_each(|e| {
        let item = json!({"event": e, "why_waiting": waiting.why(&e)});
        let text = serde_json::to_string_pretty(&item).map_err(std::io::Error::other)?;
        let sep = if first { "" } else { ",\n" };
        first = false;
        write!(out, "{sep}    {}", text.replace('\n', "\n    "))
    })?;
    let dropped = serde_json::to_string_pretty(stats)?.replace('\n', "\n  ");
    writeln!(
        out,
        "{}  ],\n  \"dropped\": {dropped}\n}}",
        if first { "" } else { "\n" }
    )?;
    Ok(())
}

/// `pending` as a table, oldest first, then what was dropped so far.
fn pending_table(
    out: &mut impl Write,
    reader: &Reader,
    waiting: &Waiting,
    stats: &queue::Stats,
) -> CommandResult {
    if reader.is_empty() {
        writeln!(out, "no pending events")?;
    } else {
        let p = Painter::stdout(&waiting.ctx.env);
        writeln!(
            out,
            "{} (oldest first):",
            count(reader.len(), "pending event")
        )?;
        writeln!(
            out,
            "{}",
            p.bold(&format!(
                "{:<12}  {:<20}  {:<22}  {:>8}  WHY NOT SENT YET",
                "ID", "RECORDED (UTC)", "COMMAND", "ATTEMPTS"
            ))
        )?;
        reader.for_each(|e| {
            let command = format!("{} {}", e.object, e.command);
            writeln!(
                out,
                "{:<12}  {:<20}  {:<22}  {:>8}  {}",
                printable(&e.id),
                time(e.recorded_at),
                printable(command.trim()),
                e.attempts,
                printable(&waiting.why(&e))
            )
        })?;
    }
    if *stats != queue::Stats::default() {
        writeln!(
            out,
            "dropped so far: {} over max_pending, {} older than max_age, {} damaged lines, {} not gitops commands",
            stats.dropped_overflow,
            stats.dropped_expired,
            stats.dropped_torn,
            stats.dropped_refused
        )?;
    }
    Ok(())
}

pub(super) fn send(ctx: &Context, dry_run: bool, background: bool, force: bool) -> CommandResult {
    require_config(ctx)?;
    let cancel = Arc::new(AtomicBool::new(false));
    if !background && !dry_run {
        // The first Ctrl-C stops the send after the request in flight, with what was done
        // recorded; a second one leaves at once.
        let int = signal_hook::consts::SIGINT;
        signal_hook::flag::register_conditional_shutdown(int, 130, cancel.clone())?;
        signal_hook::flag::register(int, cancel.clone())?;
    }
    let limit = if background {
        BACKGROUND_DEADLINE
    } else {
        DEFAULT_LIMIT
    };
    let options = SendOptions {
        dry_run,
        deadline: Some(Instant::now() + limit),
        force,
        only: None,
        cancel,
    };
    let timeout = ctx.config.request_timeout(&ctx.env);
    let show_progress = !background && !dry_run && stdout_is_terminal();
    let mut progress = |done: usize, total: usize| {
        if show_progress && total > 0 {
            eprint!("\rsending {done}/{total}…");
            if done == total {
                eprint!("\r\x1b[2K");
            }
        }
    };
    let report = if dry_run {
        delivery::send(ctx, &mut Recorder::default(), options, &mut progress)
    } else {
        let mut http = Http::new(timeout)?;
        delivery::send(ctx, &mut http, options, &mut progress)
    }?;
    if show_progress {
        eprint!("\r\x1b[2K");
    }
    if background {
        return Ok(());
    }
    if dry_run {
        return dry_run_summary(ctx, &report);
    }
    outln!("{report}");
    if report.in_doubt > 0 || report.next_attempt.is_some_and(|_| report.waiting > 0) {
        outln!("`gitops telemetry send --now` sends what waits, now");
    }
    if !report.left_queued() {
        return Ok(());
    }
    let why = report.problem().unwrap_or_else(|| {
        let left = count(report.waiting + report.failed, "event");
        match (&report.stopped, report.next_attempt) {
            (Some(stopped), _) => format!("{left} still queued: {stopped}"),
            (None, Some(next)) => format!(
                "{left} still queued: backing off until {} UTC; `gitops telemetry send --now` tries now",
                time(next)
            ),
            (None, None) if report.in_doubt > 0 => format!(
                "{left} still queued: {} held, in flight twice when a sender died; `gitops telemetry send --now` sends them",
                report.in_doubt
            ),
            (None, None) => format!("{left} still queued"),
        }
    });
    Err(OperationError(why).into())
}

/// What `send --dry-run` says, in one sentence after the requests.
fn dry_run_summary(ctx: &Context, report: &SendReport) -> CommandResult {
    for r in &report.requests {
        out!("{}", r.to_http().replace("\r\n", "\n"));
    }
    let n = report.requests.len();
    let requests = format!("{n} request{}", plural(n));
    let decision = ctx.decision();
    let when = if decision.consent != Consent::Granted {
        format!(
            "would go once telemetry is allowed ({})",
            decision.summary()
        )
    } else {
        "would go now".to_string()
    };
    let mut line = format!("dry run, nothing was sent: {requests} {when}");
    if report.requests.iter().any(|r| {
        r.query_pairs()
            .iter()
            .any(|(k, v)| k == "signature" && v == signature::PLACEHOLDER)
    }) {
        line.push_str(&format!(
            "; signature={} is a placeholder: no anonymous id exists yet, and the random one made when you allow telemetry goes in its place",
            signature::PLACEHOLDER
        ));
    }
    if report.waiting > 0 {
        line.push_str(&format!("; {} not due yet", count(report.waiting, "event")));
        if let Some(next) = report.next_attempt {
            line.push_str(&format!(
                " (next attempt at {} UTC; --now sends them too)",
                time(next)
            ));
        }
    }
    if report.dropped > 0 {
        line.push_str(&format!(
            "; {} never sent (not gitops commands)",
            count(report.dropped, "event")
        ));
    }
    outln!("{line}");
    Ok(())
}

pub(super) fn log(ctx: &Context, json: bool) -> CommandResult {
    let mut entries = sent_log::read(&ctx.paths)?;
    entries.reverse();
    if json {
        return print_json(&entries);
    }
    if entries.is_empty() {
        outln!("nothing has been sent");
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    for e in &entries {
        let status = e.status.map_or("-".to_string(), |s| s.to_string());
        writeln!(
            out,
            "{}  {status:>3}  {:>5} ms  {}  {}",
            time(e.time),
            e.duration_ms,
            printable(&e.kind.to_string()),
            printable(&e.url)
        )?;
        writeln!(out, "    {}", printable(&e.outcome()))?;
    }
    Ok(())
}
