//! The embedding hook: record one invocation in well under a millisecond.
//!
//! Owns the decision to record (consent, `CI`), the append to the queue, and starting the
//! detached background sender when one is due. It never touches the network, never derives
//! the signature and never reads the whole queue.

use std::io;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::SystemTime;

use crate::config::UpdateCheck;
use crate::consent::Consent;
use crate::context::Context;
use crate::event::{CRATE_VERSION, Event};

/// What [`record`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// The event was queued; a background sender was started if one was due.
    Queued {
        /// The event's local id.
        id: String,
        /// Whether a background sender was started.
        sender_started: bool,
    },
    /// Nothing was recorded, for this reason.
    Skipped(&'static str),
}

/// Records `argv` (the host command line without the program name) as one event of the host
/// CLI at `version` (this crate's version when `None`). When sending is due, starts
/// `<sender> telemetry send --background`, detached, and returns without waiting.
pub fn record(
    ctx: &Context,
    argv: &[String],
    version: Option<&str>,
    sender: Option<&Path>,
) -> io::Result<Recorded> {
    let decision = ctx.decision();
    match decision.consent {
        Consent::Denied => return Ok(Recorded::Skipped("telemetry is disabled")),
        Consent::Undecided if ctx.env.get("CI").is_some() => {
            return Ok(Recorded::Skipped("telemetry is undecided and CI is set"));
        }
        _ => {}
    }
    let vocabulary = ctx.vocabulary().map_err(io::Error::other)?;
    let now = ctx.now();
    let event = Event::new(
        &vocabulary.reduce(argv),
        version.unwrap_or(CRATE_VERSION),
        now,
    );
    crate::queue::append(&ctx.paths, &event, ctx.limits(), now).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!(
                "cannot add the event to {}: {e}",
                ctx.paths.queue().display()
            ),
        )
    })?;
    let sender_started = match sender {
        Some(program) if sender_due(ctx, decision.consent, decision.updates_blocked) => {
            start_sender(ctx, program).is_ok()
        }
        _ => false,
    };
    Ok(Recorded::Queued {
        id: event.id,
        sender_started,
    })
}

/// Whether a background send (or, when telemetry is not granted, an update check) is due.
/// `auto_send = false` means `record` never starts a process, for either.
fn sender_due(ctx: &Context, consent: Consent, updates_blocked: bool) -> bool {
    let t = &ctx.config.telemetry;
    if !t.auto_send {
        return false;
    }
    if consent == Consent::Granted {
        return elapsed_since(&ctx.paths.send_stamp()).is_none_or(|e| e >= t.send_interval.0);
    }
    let u = &ctx.config.updates;
    u.check == UpdateCheck::Always
        && !updates_blocked
        && ctx.env.get("NO_UPDATE_NOTIFIER").is_none()
        && elapsed_since(&ctx.paths.send_stamp()).is_none_or(|e| e >= u.interval.0)
}

fn elapsed_since(stamp: &Path) -> Option<std::time::Duration> {
    let modified = std::fs::metadata(stamp).and_then(|m| m.modified()).ok()?;
    Some(
        SystemTime::now()
            .duration_since(modified)
            .unwrap_or_default(),
    )
}

/// Marks the attempt (so concurrent recorders do not all start one) and starts the sender in
/// its own process group with no standard streams.
fn start_sender(ctx: &Context, program: &Path) -> io::Result<()> {
    std::fs::write(ctx.paths.send_stamp(), b"")?;
    let mut command = Command::new(program);
    command
        .args(["telemetry", "send", "--background"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    // The child is not waited for: it outlives this process and is reaped by init.
    command.spawn().map(drop)
}
