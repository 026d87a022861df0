//! `gitops telemetry …`: status, consent, preview, record, pending, send, clear, log, id, forget,
//! stats.

mod delivery;
mod stats;
#[cfg(test)]
mod tests;

use std::ffi::OsString;

use checkpoint_protocol::vocabulary::Edition;
use clap::{Args, Subcommand};
use serde_json::json;

use super::style::Painter;
use super::{CommandResult, print_json, require_config};
use crate::config::ConsentSetting;
use crate::consent::{Consent, Source};
use crate::context::Context;
use crate::telemetry::signature::{Origin, Signature};
use crate::telemetry::{choice, queue, signature};
use crate::text::{count, plural, printable};

#[derive(Debug, Args, PartialEq)]
pub(super) struct TelemetryArgs {
    #[command(subcommand)]
    command: Option<TelemetryCommand>,
}

#[derive(Debug, Subcommand, PartialEq)]
enum TelemetryCommand {
    /// Whether telemetry is on, and who decided (the default command).
    Status {
        /// List every source of the decision, which one won and what to change.
        #[arg(long)]
        explain: bool,
        /// Print stable JSON.
        #[arg(long)]
        json: bool,
    },
    /// Allow telemetry (saved in the config file).
    Enable,
    /// Refuse telemetry (saved in the config file) and delete pending events.
    Disable,
    /// Show the exact request a gitops command line would cause.
    Preview {
        /// The gitops version to report (default: the newest recorded event's, else the
        /// newest sent one's, else unknown).
        #[arg(long, value_name = "V")]
        cli_version: Option<String>,
        /// Which gitops CLI the line is of: `oss` (weave-gitops) or `enterprise` (Weave
        /// GitOps Enterprise).
        #[arg(long, value_name = "EDITION", default_value = "oss", value_parser = edition)]
        cli_edition: Edition,
        /// Print stable JSON.
        #[arg(long)]
        json: bool,
        /// The gitops command line, after `--` (default: `version`; a word that is not UTF-8
        /// is read as `record` reads it).
        #[arg(last = true, value_name = "GITOPS ARGV", value_parser = clap::value_parser!(OsString))]
        argv: Vec<OsString>,
    },
    /// Queue one event for a gitops command line (the hook a CLI calls).
    Record(RecordArgs),
    /// List the events waiting to be sent, and why each waits.
    Pending {
        /// Print stable JSON.
        #[arg(long)]
        json: bool,
    },
    /// Send the events that are due.
    Send {
        /// Print the exact requests and send nothing.
        #[arg(long)]
        dry_run: bool,
        /// Run quietly with a hard time limit (what `record` starts).
        #[arg(long)]
        background: bool,
        /// Send now what is backing off after a failure, too.
        #[arg(long)]
        now: bool,
        /// Only compact the queue, sending nothing (what `record` starts when it has grown).
        #[arg(long, hide = true)]
        compact_only: bool,
    },
    /// Delete all pending events.
    Clear,
    /// What was sent, when, and what the server said.
    Log {
        /// Print stable JSON.
        #[arg(long)]
        json: bool,
    },
    /// The anonymous signature.
    Id {
        #[command(subcommand)]
        action: Option<IdAction>,
    },
    /// Delete every file this tool keeps (the consent in the config file stays).
    Forget,
    /// The endpoint's public aggregate, with this machine's share (fetched now; never while
    /// CHECKPOINT_DISABLE or DO_NOT_TRACK is set).
    Stats {
        /// How many closed days, ending on the endpoint's last released day: 7, 30, 90 or 365
        /// (the open day is never included).
        #[arg(long, value_name = "N", default_value_t = crate::telemetry::stats::DEFAULT_DAYS,
              value_parser = stats::served_window)]
        days: u32,
        /// Print stable JSON: the stats and the policy as fetched, and this machine's share.
        #[arg(long)]
        json: bool,
    },
}

/// The arguments of `gitops telemetry record`, the embedding hook.
#[derive(Debug, Args, PartialEq, Eq)]
pub(super) struct RecordArgs {
    /// The gitops version to report (default: the newest recorded event's, else the newest
    /// sent one's; with none known, nothing is recorded).
    #[arg(long, value_name = "V")]
    cli_version: Option<String>,
    /// Which gitops CLI the line is of: `oss` (weave-gitops) or `enterprise` (Weave GitOps
    /// Enterprise), whose command trees differ.
    #[arg(long, value_name = "EDITION", default_value = "oss", value_parser = edition)]
    cli_edition: Edition,
    /// The gitops command line, after `--` (a word that is not UTF-8 is an argument, like
    /// any other word that is not a command).
    #[arg(last = true, value_name = "GITOPS ARGV", value_parser = clap::value_parser!(OsString))]
    argv: Vec<OsString>,
}

#[derive(Debug, Subcommand, PartialEq)]
enum IdAction {
    /// Print the signature and where it comes from.
    Show,
    /// Replace it with a fresh random one.
    Rotate,
}

impl TelemetryArgs {
    /// Whether this is `telemetry record`, the embedding hook.
    pub(super) fn is_record(&self) -> bool {
        matches!(self.command, Some(TelemetryCommand::Record(_)))
    }

    /// `gitops telemetry record` with these arguments.
    pub(super) fn record(args: RecordArgs) -> TelemetryArgs {
        TelemetryArgs {
            command: Some(TelemetryCommand::Record(args)),
        }
    }
}

impl RecordArgs {
    /// The hook's line as the embedding contract writes it, recognised without clap:
    /// `gitops telemetry record [--cli-version V | --cli-version=V] [--cli-edition E |
    /// --cli-edition=E] [-- ARGV…]` (the two options in either order, each at most once), with
    /// `V` a plain word (UTF-8, not empty, not starting with `-`) and `E` an edition's name. The hook runs once per gitops
    /// command, and clap's parser, cold in a new process, costs more than recording does.
    /// Any other line (`--help`, `--version`, a typo, another order) gives `None` and goes
    /// to clap, which prints what it always prints; on the lines recognised here clap gives
    /// the same arguments, which the test below checks over random lines.
    pub(super) fn parse_hook(line: &[OsString]) -> Option<RecordArgs> {
        let [_, telemetry, record, rest @ ..] = line else {
            return None;
        };
        if telemetry != "telemetry" || record != "record" {
            return None;
        }
        let plain = |v: &str| (!v.is_empty() && !v.starts_with('-')).then(|| v.to_string());
        let (mut cli_version, mut cli_edition, mut rest) = (None, None, rest);
        // Whether the line goes on with the option `name`, and then its value (the next
        // word, or what follows `=`) and the words it took, or `None` for a value that is
        // missing or not UTF-8.
        let option = |rest: &'_ [OsString], name: &str| -> Option<Option<(String, usize)>> {
            let first = rest.first()?.to_str()?;
            if first == name {
                return Some(
                    rest.get(1)
                        .and_then(|v| v.to_str())
                        .map(|v| (v.to_string(), 2)),
                );
            }
            let value = first.strip_prefix(name)?.strip_prefix('=')?;
            Some(Some((value.to_string(), 1)))
        };
        loop {
            if let Some(found) = option(rest, "--cli-version") {
                let (value, used) = found?;
                if cli_version.replace(plain(&value)?).is_some() {
                    return None;
                }
                rest = &rest[used..];
            } else if let Some(found) = option(rest, "--cli-edition") {
                let (value, used) = found?;
                if cli_edition.replace(Edition::from_name(&value)?).is_some() {
                    return None;
                }
                rest = &rest[used..];
            } else {
                break;
            }
        }
        let argv = match rest {
            [] => Vec::new(),
            [dashes, argv @ ..] if dashes == "--" => argv.to_vec(),
            _ => return None,
        };
        Some(RecordArgs {
            cli_version,
            cli_edition: cli_edition.unwrap_or_default(),
            argv,
        })
    }
}

/// `--cli-edition`'s value: an edition's name.
fn edition(name: &str) -> Result<Edition, String> {
    Edition::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Edition::ALL.iter().map(|e| e.name()).collect();
        format!("not an edition of gitops: one of {}", names.join(", "))
    })
}

pub(super) fn run(ctx: Context, args: TelemetryArgs) -> CommandResult {
    match args.command.unwrap_or(TelemetryCommand::Status {
        explain: false,
        json: false,
    }) {
        TelemetryCommand::Status { explain, json } => status(&ctx, explain, json),
        TelemetryCommand::Enable => set_consent(ctx, ConsentSetting::Granted),
        TelemetryCommand::Disable => set_consent(ctx, ConsentSetting::Denied),
        TelemetryCommand::Preview {
            cli_version,
            cli_edition,
            json,
            argv,
        } => preview(&ctx, cli_version, cli_edition, json, argv),
        TelemetryCommand::Record(RecordArgs {
            cli_version,
            cli_edition,
            argv,
        }) => record(&ctx, cli_version, cli_edition, argv),
        TelemetryCommand::Pending { json } => delivery::pending(&ctx, json),
        TelemetryCommand::Send {
            compact_only: true, ..
        } => Ok(crate::telemetry::delivery::compact(&ctx)?),
        TelemetryCommand::Send {
            dry_run,
            background,
            now,
            ..
        } => delivery::send(&ctx, dry_run, background, now),
        TelemetryCommand::Clear => {
            let n = queue::clear(&ctx.paths)?;
            outln!("deleted {}", count(n, "pending event"));
            Ok(())
        }
        TelemetryCommand::Log { json } => delivery::log(&ctx, json),
        TelemetryCommand::Id { action } => id(&ctx, action.unwrap_or(IdAction::Show)),
        TelemetryCommand::Stats { days, json } => stats::run(&ctx, days, json),
        TelemetryCommand::Forget => {
            let removed = ctx.paths.forget()?;
            for path in &removed {
                outln!("deleted {}", path.display());
            }
            outln!(
                "forgot {} file{}; consent in {} is unchanged",
                removed.len(),
                plural(removed.len()),
                ctx.paths.config_file.display()
            );
            Ok(())
        }
    }
}

fn status(ctx: &Context, explain: bool, json: bool) -> CommandResult {
    let d = ctx.decision();
    if json {
        print_json(&json!({
            "consent": d.consent,
            "winner": d.winner,
            "summary": d.summary(),
            "updates_blocked": d.updates_blocked,
            "config_file": ctx.paths.config_file,
            "data_dir": ctx.paths.data_dir,
            "config_error": d.config_error,
            "sources": d.readings,
        }))?;
        return require_config(ctx);
    }
    let p = Painter::stdout(&ctx.env);
    let mut summary = d.summary();
    if let Some(error) = &d.config_error {
        // The error itself goes to standard error, once, with the exit code.
        summary = summary.replace(&format!(": {error}"), "");
    }
    let rest = summary
        .strip_prefix(&format!("telemetry is {}", d.consent.label()))
        .unwrap_or("");
    outln!("telemetry is {}{rest}", p.consent(d.consent));
    if explain {
        outln!("\nSources, first that decides wins:");
        for (i, r) in d.readings.iter().enumerate() {
            let mark = if r.source == d.winner { "▶" } else { " " };
            let value = r.value.as_deref().unwrap_or("(not set)");
            let decides = r.decides.map_or("decides nothing", |c| c.label());
            outln!(
                "{mark} {}. {} = {value}  → {decides}",
                i + 1,
                p.bold(&r.location)
            );
            // An environment variable that is not set changes nothing by being unset.
            let unset_variable = r.value.is_none()
                && matches!(r.source, Source::CheckpointDisable | Source::DoNotTrack);
            if !unset_variable {
                outln!("     to change: {}", p.dim(&r.change));
            }
        }
        outln!("\nData directory: {}", ctx.paths.data_dir.display());
        if d.updates_blocked {
            outln!("Update checks are off too.");
        }
    }
    require_config(ctx)
}

fn set_consent(mut ctx: Context, setting: ConsentSetting) -> CommandResult {
    let change = choice::set_consent(&mut ctx, setting)?;
    outln!("{change}");
    Ok(())
}

fn preview(
    ctx: &Context,
    version: Option<String>,
    edition: Edition,
    json: bool,
    argv: Vec<OsString>,
) -> CommandResult {
    // No command line previews `version`, as `--help` says; words are read as `record` reads
    // them.
    let argv = if argv.is_empty() {
        vec!["version".to_string()]
    } else {
        words(&argv)
    };
    let vocabulary = ctx.vocabulary_of(edition)?;
    let allowed = ctx.decision().consent == Consent::Granted;
    let signature = signature::shown(ctx.config.telemetry.signature, &ctx.paths, allowed)?;
    let p =
        crate::telemetry::preview::explain(ctx, &vocabulary, &signature, &argv, version.as_deref());
    if json {
        print_json(&p)?;
        return require_config(ctx);
    }
    let paint = Painter::stdout(&ctx.env);
    let dropped: Vec<&str> = p.reduction.dropped().collect();
    outln!("{}  gitops {}", paint.bold("Command line:"), argv.join(" "));
    outln!(
        "{}         object {:?}, command {:?}",
        paint.bold("Verbs:"),
        p.reduction.object,
        p.reduction.command
    );
    let not_sent = if dropped.is_empty() {
        "(nothing)".to_string()
    } else {
        dropped.join(" ")
    };
    outln!("{}      {}", paint.bold("Not sent:"), not_sent);
    if let Err(why) = &p.reduction.recorded {
        outln!("{} {why}", paint.bold("Not recorded:"));
        outln!("\n{}", p.because);
        return require_config(ctx);
    }
    outln!(
        "\n{}",
        paint.bold("The request, byte for byte (HTTP/1.1, CRLF line ends):")
    );
    for line in p.request.to_http().trim_end().lines() {
        outln!("  {line}");
    }
    outln!("\n{} {}", paint.bold("URL:"), p.request.url);
    outln!("\n{}", paint.bold("Fields:"));
    let width = p.value_width(44);
    for f in &p.fields {
        outln!(
            "  {:<13} {:<width$}  {}",
            f.name,
            f.shown(),
            paint.dim(&f.meaning)
        );
    }
    outln!("\n{}", p.because);
    require_config(ctx)
}

fn record(
    ctx: &Context,
    version: Option<String>,
    edition: Edition,
    argv: Vec<OsString>,
) -> CommandResult {
    require_config(ctx)?;
    let argv = words(&argv);
    crate::telemetry::record::record_with(ctx, &argv, version.as_deref(), edition, || {
        std::env::current_exe().ok()
    })?;
    Ok(())
}

/// The words of a gitops command line as `record` and `preview` read them: a word that is
/// not UTF-8 is kept, its undecodable bytes replaced (it can only be an argument).
fn words(argv: &[OsString]) -> Vec<String> {
    argv.iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect()
}

fn id(ctx: &Context, action: IdAction) -> CommandResult {
    let mode = ctx.config.telemetry.signature;
    let signature = match action {
        IdAction::Show => current_signature(ctx)?,
        IdAction::Rotate => choice::rotate_id(ctx)?,
    };
    let value = match signature.origin {
        Origin::NotYet => "(none yet)",
        _ if signature.value.is_empty() => "(empty)",
        _ => signature.value.as_str(),
    };
    outln!("{}", printable(value));
    outln!(
        "origin: {} (signature = {:?} in the config)",
        signature.origin,
        format!("{mode:?}").to_lowercase()
    );
    Ok(())
}

/// The signature in force: made (if need be) only once telemetry is allowed; before that,
/// what it would be, with no file created.
fn current_signature(ctx: &Context) -> std::io::Result<Signature> {
    let allowed = ctx.decision().consent == Consent::Granted;
    signature::current(ctx.config.telemetry.signature, &ctx.paths, allowed)
}
