//! The embedding hook: record one invocation in well under a millisecond.
//!
//! Owns the decision to record (consent, `CI`), the append to the queue, and starting the
//! detached background sender when one is due (or when the queue has grown enough to need
//! compacting, which the sender does). It never touches the network, never derives the
//! signature and never reads or rewrites the queue.

use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::SystemTime;

use checkpoint_protocol::vocabulary::{Edition, NotRecorded, VocabularyError};
use jiff::Timestamp;

use super::event::Event;
use super::updates::UpdatePolicy;
use crate::consent::Consent;
use crate::context::Context;

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
    Skipped(SkipReason),
}

/// Why [`record`] recorded nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SkipReason {
    /// Consent is denied (by the environment, the config file or the Go CLI's opt-out).
    #[error("telemetry is disabled")]
    Disabled,
    /// Consent is undecided and `CI` is set: nothing is recorded in CI until someone decides.
    #[error("telemetry is undecided and CI is set")]
    UndecidedInCi,
    /// The command line carries `--no-analytics`.
    #[error("--no-analytics was given")]
    NoAnalytics,
    /// The command line is a shell's completion request.
    #[error("a shell's completion request is never recorded")]
    ShellCompletion,
    /// The command line runs no gitops command (an unknown one, a group, `--help`, a bad
    /// flag): the vocabulary's reason.
    #[error("the command line runs no gitops command")]
    NoCommand(NotRecorded),
    /// No `--cli-version` was given and no gitops version is known (see
    /// `telemetry::version`): an event without its version is not recorded.
    #[error("no --cli-version was given and the gitops version is unknown")]
    NoVersion,
}

/// Why an event could not be recorded.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The command vocabulary could not be loaded.
    #[error(transparent)]
    Vocabulary(#[from] VocabularyError),
    /// The version given is not one that may be sent.
    #[error("--cli-version: {0}")]
    Version(#[from] super::request::Refused),
    /// The queue file could not be written.
    #[error("cannot add the event to {}: {source}", path.display())]
    Queue {
        /// The queue file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
}

/// Records `argv` (the host command line without the program name) as one event of the host
/// CLI at `version` (when `None`, the gitops version of `telemetry::version`; unknown, nothing
/// is recorded). When sending is due, starts
/// `<sender> telemetry send --background`, detached, and returns without waiting.
pub fn record(
    ctx: &Context,
    argv: &[String],
    version: Option<&str>,
    sender: Option<&Path>,
) -> Result<Recorded, RecordError> {
    record_of(ctx, argv, version, Edition::Oss, sender)
}

/// [`record`] for a line of the CLI `edition` (`--cli-edition`): walked in that edition's
/// command tree.
pub fn record_of(
    ctx: &Context,
    argv: &[String],
    version: Option<&str>,
    edition: Edition,
    sender: Option<&Path>,
) -> Result<Recorded, RecordError> {
    record_with(ctx, argv, version, edition, || {
        sender.map(Path::to_path_buf)
    })
}

/// [`record`] with the sender's path asked of `sender` only when a process is to be started:
/// the command line's own program is found with a system call (`current_exe`) that most
/// records do not need.
pub(crate) fn record_with(
    ctx: &Context,
    argv: &[String],
    version: Option<&str>,
    edition: Edition,
    sender: impl FnOnce() -> Option<PathBuf>,
) -> Result<Recorded, RecordError> {
    let consent = ctx.consent();
    match consent {
        Consent::Denied => return Ok(Recorded::Skipped(SkipReason::Disabled)),
        Consent::Undecided if ctx.env.get("CI").is_some() => {
            return Ok(Recorded::Skipped(SkipReason::UndecidedInCi));
        }
        _ => {}
    }
    // Without --cli-version, the one rule (never this crate's own version).
    let known;
    let version = match version {
        Some(v) => v,
        None => match super::version::gitops_version(&ctx.paths) {
            Some(v) => {
                known = v.version;
                known.as_str()
            }
            None => return Ok(Recorded::Skipped(SkipReason::NoVersion)),
        },
    };
    super::request::check::check_version(version)?;
    let vocabulary = ctx.vocabulary_of(edition)?;
    let now = ctx.now();
    // Walked as the release of `version` walked it; a line that runs no command (an unknown
    // one, a group, --help, a bad flag), a completion request or --no-analytics is not
    // recorded at all.
    let reduction = vocabulary.reduce_at(argv, Some(version));
    if let Err(why) = reduction.recorded.clone() {
        return Ok(Recorded::Skipped(match why {
            NotRecorded::NoAnalytics => SkipReason::NoAnalytics,
            NotRecorded::ShellCompletion => SkipReason::ShellCompletion,
            other => SkipReason::NoCommand(other),
        }));
    }
    let event = Event::new(&reduction, version, now);
    let size = super::queue::append(&ctx.paths, &event).map_err(|source| RecordError::Queue {
        path: ctx.paths.queue(),
        source,
    })?;
    // The queue is compacted by the sender, never here: when it has grown well past its
    // limit, a background process is started to do it (or, with no program to start, it is
    // left to the next send).
    let job = if sender_due(ctx, consent, now) {
        Some(Job::Send)
    } else if ctx.limits().over(size, 256) {
        Some(Job::Compact)
    } else {
        None
    };
    let sender_started = job.is_some_and(|job| {
        sender().is_some_and(|program| start_sender(ctx, &program, job).is_ok())
    });
    Ok(Recorded::Queued {
        id: event.id,
        sender_started,
    })
}

/// Whether a background send (or, when telemetry is not granted, an update check) is due,
/// judged by the time of the last attempt. `auto_send = false` means `record` never starts a
/// process, for either.
fn sender_due(ctx: &Context, consent: Consent, now: Timestamp) -> bool {
    let t = &ctx.config.telemetry;
    if !t.auto_send {
        return false;
    }
    let last_attempt = last_attempt(&ctx.paths.send_stamp());
    if consent == Consent::Granted {
        return super::schedule::interval_passed(last_attempt, t.send_interval.0, now);
    }
    UpdatePolicy::new(ctx).update_only_due(last_attempt, now)
}

/// The modification time of the send stamp: the last attempt to send.
fn last_attempt(stamp: &Path) -> Option<Timestamp> {
    let modified: SystemTime = std::fs::metadata(stamp).and_then(|m| m.modified()).ok()?;
    Timestamp::try_from(modified).ok()
}

/// What the background process is started for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Job {
    /// Send what is due.
    Send,
    /// Only compact the queue: nothing is sent.
    Compact,
}

/// Starts the background process in its own process group with no standard streams; for a
/// send, marks the attempt first, so concurrent recorders do not all start one.
fn start_sender(ctx: &Context, program: &Path, job: Job) -> io::Result<()> {
    let mut command = Command::new(program);
    command.args(["telemetry", "send", "--background"]);
    match job {
        Job::Send => crate::fsutil::touch(&ctx.paths.send_stamp())?,
        Job::Compact => {
            command.arg("--compact-only");
        }
    }
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    // The child is not waited for: it outlives this process and is reaped by init.
    command.spawn().map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Env, Paths};

    fn skipped(env: Env, config: &str, argv: &[&str]) -> Option<(SkipReason, String)> {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(home.path().join("config.toml"), config).unwrap();
        let ctx = Context::with_paths(env, Paths::under(home.path()));
        let argv: Vec<String> = argv.iter().map(|a| a.to_string()).collect();
        match record(&ctx, &argv, Some("1.0.0"), None).unwrap() {
            Recorded::Skipped(why) => Some((why.clone(), why.to_string())),
            Recorded::Queued { .. } => None,
        }
    }

    /// A new user's record (no consent in the config file, an opt-in in the Go CLI's file)
    /// reads the Go CLI's file once: for the consent, not again for the update policy.
    #[test]
    fn a_new_users_record_reads_the_go_cli_file_once() {
        use crate::config::go_cli::READS;
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        let go_file = paths.go_cli_config.clone().unwrap();
        std::fs::write(&go_file, r#"{"analytics": true}"#).unwrap();
        let ctx = Context::with_paths(Env::empty(), paths);
        let argv = ["get".to_string(), "config".to_string()];
        READS.with(|reads| reads.set(0));
        let recorded = record(&ctx, &argv, Some("1.0.0"), None).unwrap();
        assert!(matches!(recorded, Recorded::Queued { .. }), "{recorded:?}");
        assert_eq!(READS.with(|reads| reads.get()), 1);
    }

    #[test]
    fn each_reason_to_skip_is_typed_and_reads_as_before() {
        let granted = "[telemetry]\nconsent = \"granted\"\n";
        let denied = "[telemetry]\nconsent = \"denied\"\n";
        let ci = Env::empty().with("CI", "true");
        let cases = [
            (
                Env::empty(),
                denied,
                vec!["get", "config"],
                "telemetry is disabled",
            ),
            (
                ci,
                "",
                vec!["get", "config"],
                "telemetry is undecided and CI is set",
            ),
            (
                Env::empty(),
                granted,
                vec!["--no-analytics", "get", "config"],
                "--no-analytics was given",
            ),
            (
                Env::empty(),
                granted,
                vec!["__complete", "get"],
                "a shell's completion request is never recorded",
            ),
            (
                Env::empty(),
                granted,
                vec!["no-such-command"],
                "the command line runs no gitops command",
            ),
        ];
        for (env, config, argv, text) in cases {
            let (_, shown) =
                skipped(env, config, &argv).unwrap_or_else(|| panic!("{argv:?} was queued"));
            assert_eq!(shown, text, "{argv:?}");
        }
        let (why, _) = skipped(Env::empty(), granted, &["no-such-command"]).unwrap();
        assert!(
            matches!(why, SkipReason::NoCommand(NotRecorded::UnknownCommand { word }) if word == "no-such-command")
        );
        assert_eq!(skipped(Env::empty(), granted, &["get", "config"]), None);
    }
}
