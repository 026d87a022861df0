//! The command line: clap types, dispatch, and the mapping of failures to exit codes.
//!
//! Owns argument parsing and what each command prints. Every behaviour comes from the
//! library; this module only gathers inputs, calls it, and formats results (human or `--json`).
//! It never imports the console, which is a sibling.

mod feedback;
mod misc;
mod style;
mod telemetry;

use std::ffi::OsString;
use std::fmt;

use clap::{Parser, Subcommand};

use crate::context::Context;
use crate::env::Env;

/// The telemetry and feedback commands of the Weave GitOps CLI.
#[derive(Debug, Parser)]
#[command(name = "gitops", version, about, propagate_version = true)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The feedback console, and the ways to reach the team.
    Feedback(feedback::FeedbackArgs),
    /// See, allow, refuse and manage the anonymous usage telemetry.
    Telemetry(telemetry::TelemetryArgs),
    /// Print the version, and a notice when a newer one is known.
    Version,
    /// Show settings, as the Go CLI's `gitops get config` did.
    Get {
        #[command(subcommand)]
        what: misc::GetWhat,
    },
    /// Change settings, as the Go CLI's `gitops set config analytics` did.
    Set {
        #[command(subcommand)]
        what: misc::SetWhat,
    },
    /// Print shell completions.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// A failed command: the error and its exit code (1 operation failed, 2 usage or configuration).
#[derive(Debug)]
pub struct Failure {
    code: u8,
    error: anyhow::Error,
}

impl Failure {
    /// The operation failed (exit code 1).
    pub fn op(error: impl Into<anyhow::Error>) -> Failure {
        Failure {
            code: 1,
            error: error.into(),
        }
    }
    /// The input or the configuration is wrong (exit code 2).
    pub fn usage(error: impl Into<anyhow::Error>) -> Failure {
        Failure {
            code: 2,
            error: error.into(),
        }
    }
    /// The exit code.
    pub fn code(&self) -> u8 {
        self.code
    }
    /// Whether the output went to a closed pipe (`gitops … | head`), which is not an error.
    pub fn is_broken_pipe(&self) -> bool {
        self.error.chain().any(|e| {
            e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        })
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.error)?;
        for cause in self.error.chain().skip(1) {
            write!(f, ": {cause}")?;
        }
        Ok(())
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::op(e)
    }
}

/// The result of a command.
pub type Outcome = Result<(), Failure>;

/// Parses the process's arguments.
pub fn parse() -> Result<Args, clap::Error> {
    Args::try_parse()
}

/// Parses `argv` (with the program name first).
pub fn parse_from<I: IntoIterator<Item = T>, T: Into<OsString> + Clone>(
    argv: I,
) -> Result<Args, clap::Error> {
    Args::try_parse_from(argv)
}

/// Runs a parsed command line in this process's environment.
pub fn run(args: Args) -> Outcome {
    let env = Env::from_process();
    if let Command::Telemetry(a) = &args.command
        && a.is_record()
        && crate::consent::denied_by_env(&env)
    {
        // The embedding hook with telemetry off by environment: nothing to read, nothing to do.
        return Ok(());
    }
    let ctx = Context::load(env).map_err(Failure::usage)?;
    match args.command {
        Command::Feedback(a) => feedback::run(ctx, a),
        Command::Telemetry(a) => telemetry::run(ctx, a),
        Command::Version => misc::version(&ctx),
        Command::Get { what } => misc::get(&ctx, what),
        Command::Set { what } => misc::set(ctx, what),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut <Args as clap::CommandFactory>::command(),
                "gitops",
                &mut std::io::stdout(),
            );
            Ok(())
        }
    }
}

/// Fails with exit code 2 when the config file is broken (after the command said what it could).
fn require_config(ctx: &Context) -> Outcome {
    match &ctx.config_error {
        Some(e) => Err(Failure::usage(anyhow::anyhow!(
            "{e}; nothing is sent until it is fixed"
        ))),
        None => Ok(()),
    }
}

/// Prints `value` as pretty JSON.
fn print_json(value: &impl serde::Serialize) -> Outcome {
    use std::io::Write;
    // Serialise first, so that a closed pipe surfaces as an io::Error (not an error).
    let text = serde_json::to_string_pretty(value).map_err(Failure::op)?;
    writeln!(std::io::stdout().lock(), "{text}")?;
    Ok(())
}
