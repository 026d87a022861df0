//! The command line: clap types, dispatch, and the mapping of failures to exit codes.
//!
//! Owns argument parsing and what each command prints. Every behaviour comes from the
//! library; this module only gathers inputs, calls it, and formats results (human or `--json`).
//! One file per command group; [`error`] maps errors to exit codes. The console is a sibling
//! it never imports: `gitops feedback` in a terminal runs the [`Console`] it was handed.

/// Writes to standard output, the one way commands print: a failed write (a closed pipe,
/// `gitops … | head -1`) returns from the enclosing function with the error, which ends the
/// command quietly with exit code 0 (`Failure::is_broken_pipe`), where `print!`
/// would panic. Used as `out!` and `outln!`, with `format!`'s arguments.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*)?;
    }};
}

/// `out!` with a newline.
macro_rules! outln {
    () => {
        out!("\n")
    };
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?;
    }};
}

mod compat;
mod error;
mod feedback;
mod style;
mod telemetry;

use std::io::Write as _;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Env;
use crate::context::Context;
use error::{BrokenConfig, Failure};

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
        what: compat::GetWhat,
    },
    /// Change settings, as the Go CLI's `gitops set config analytics` did.
    Set {
        #[command(subcommand)]
        what: compat::SetWhat,
    },
    /// Print shell completions.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// The clap command of `gitops`.
pub fn command() -> clap::Command {
    <Args as clap::CommandFactory>::command()
}

/// Where the completion script of each shell belongs, shown by `gitops completions --help`.
const COMPLETIONS_HELP: &str = "Where the output belongs:
  bash        /usr/share/bash-completion/completions/gitops, or for one user
              ~/.local/share/bash-completion/completions/gitops
  zsh         _gitops in a directory of $fpath (e.g. ~/.zfunc, with fpath+=~/.zfunc before
              compinit in ~/.zshrc)
  fish        ~/.config/fish/completions/gitops.fish
  elvish      eval it from ~/.config/elvish/rc.elv: eval (gitops completions elvish | slurp)
  powershell  dot-source it from $PROFILE: gitops completions powershell | Out-String | Invoke-Expression
The Debian package installs bash, zsh and fish completions in their system directories.";

/// What running a command gives: done, or the [`Failure`] whose kind sets the exit code.
pub type CommandResult = Result<(), Failure>;

/// The interactive console, run by `gitops feedback` when stdin and stdout are a terminal.
pub type Console = fn(Context) -> std::io::Result<()>;

/// Runs the `gitops` command line of this process and gives its exit code.
pub fn main(console: Console) -> ExitCode {
    let line: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // The embedding hook's own line first, recognised without clap (`RecordArgs::parse_hook`).
    let parsed = match telemetry::RecordArgs::parse_hook(&line) {
        Some(record) => Ok(Args {
            command: Command::Telemetry(telemetry::TelemetryArgs::record(record)),
        }),
        None => Args::try_parse_from(line),
    };
    let args = match parsed {
        Ok(args) => args,
        Err(e) => {
            // clap prints help and version to stdout (exit 0) and usage errors to stderr (exit 2).
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(args, console) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) if failure.is_broken_pipe() => ExitCode::SUCCESS,
        Err(failure) => {
            // Standard error may be closed too: then there is nowhere to say it.
            let _ = writeln!(std::io::stderr().lock(), "gitops: {failure}");
            ExitCode::from(failure.code())
        }
    }
}

/// Runs a parsed command line in this process's environment.
fn run(args: Args, console: Console) -> CommandResult {
    let env = Env::from_process();
    if let Command::Telemetry(a) = &args.command
        && a.is_record()
        && crate::consent::denied_by_env(&env)
    {
        // The embedding hook with telemetry off by environment: nothing to read, nothing to do.
        return Ok(());
    }
    let ctx = Context::load(env)?;
    match args.command {
        Command::Feedback(a) => feedback::run(ctx, a, console),
        Command::Telemetry(a) => telemetry::run(ctx, a),
        Command::Version => compat::version(&ctx),
        Command::Get { what } => compat::get(&ctx, what),
        Command::Set { what } => compat::set(ctx, what),
        Command::Completions { shell } => {
            // Written in one piece, so a closed pipe (`| head`) is an error we can ignore
            // rather than a panic inside the generator.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command(), "gitops", &mut script);
            if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                let _ = writeln!(
                    std::io::stderr().lock(),
                    "gitops: a {shell} completion script; see `gitops completions --help` for where it belongs"
                );
            }
            std::io::Write::write_all(&mut std::io::stdout().lock(), &script)?;
            Ok(())
        }
    }
}

/// Fails with exit code 2 when the config file is broken (after the command said what it could).
fn require_config(ctx: &Context) -> CommandResult {
    match &ctx.config_error {
        Some(e) => Err(BrokenConfig(e.to_string()).into()),
        None => Ok(()),
    }
}

/// Prints `value` as pretty JSON.
fn print_json(value: &impl serde::Serialize) -> CommandResult {
    use std::io::Write;
    // Serialise first, so that a closed pipe surfaces as an io::Error (not an error).
    let text = serde_json::to_string_pretty(value)?;
    writeln!(std::io::stdout().lock(), "{text}")?;
    Ok(())
}
