//! `gitops telemetry …`: status, consent, preview, record, pending, send, clear, log, id, forget.

use std::io::Write;
use std::time::{Duration, Instant};

use clap::{Args, Subcommand};
use serde_json::json;

use super::error::OperationError;
use super::style::{Painter, stdout_is_terminal};
use super::{Outcome, print_json, require_config};
use crate::config::ConsentSetting;
use crate::consent::Consent;
use crate::context::Context;
use crate::telemetry::delivery::{self, SendOptions};
use crate::telemetry::transport::{Http, Recorder};
use crate::telemetry::{choice, queue, sent_log, signature};
use crate::text::{count, plural, printable, time};

/// The hard limit on a background send.
const BACKGROUND_DEADLINE: Duration = Duration::from_secs(30);

#[derive(Debug, Args)]
pub(super) struct TelemetryArgs {
    #[command(subcommand)]
    command: Option<TelemetryCommand>,
}

#[derive(Debug, Subcommand)]
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
        /// The gitops version to report (default: this build's).
        #[arg(long, value_name = "V")]
        cli_version: Option<String>,
        /// Print stable JSON.
        #[arg(long)]
        json: bool,
        /// The gitops command line, after `--` (default: `version`).
        #[arg(last = true, value_name = "GITOPS ARGV")]
        argv: Vec<String>,
    },
    /// Queue one event for a gitops command line (the hook a CLI calls).
    Record {
        /// The gitops version to report (default: this build's).
        #[arg(long, value_name = "V")]
        cli_version: Option<String>,
        /// The gitops command line, after `--`.
        #[arg(last = true, value_name = "GITOPS ARGV")]
        argv: Vec<String>,
    },
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
}

#[derive(Debug, Subcommand)]
enum IdAction {
    /// Print the signature and where it comes from.
    Show,
    /// Replace it with a fresh random one.
    Rotate,
}

impl TelemetryArgs {
    /// Whether this is `telemetry record`, the embedding hook.
    pub(super) fn is_record(&self) -> bool {
        matches!(self.command, Some(TelemetryCommand::Record { .. }))
    }
}

pub(super) fn run(ctx: Context, args: TelemetryArgs) -> Outcome {
    match args.command.unwrap_or(TelemetryCommand::Status {
        explain: false,
        json: false,
    }) {
        TelemetryCommand::Status { explain, json } => status(&ctx, explain, json),
        TelemetryCommand::Enable => set_consent(ctx, ConsentSetting::Granted),
        TelemetryCommand::Disable => set_consent(ctx, ConsentSetting::Denied),
        TelemetryCommand::Preview {
            cli_version,
            json,
            argv,
        } => preview(&ctx, cli_version, json, argv),
        TelemetryCommand::Record { cli_version, argv } => record(&ctx, cli_version, argv),
        TelemetryCommand::Pending { json } => pending(&ctx, json),
        TelemetryCommand::Send {
            dry_run,
            background,
        } => send(&ctx, dry_run, background),
        TelemetryCommand::Clear => {
            let n = queue::clear(&ctx.paths)?;
            println!("deleted {}", count(n, "pending event"));
            Ok(())
        }
        TelemetryCommand::Log { json } => log(&ctx, json),
        TelemetryCommand::Id { action } => id(&ctx, action.unwrap_or(IdAction::Show)),
        TelemetryCommand::Forget => {
            let removed = ctx.paths.forget()?;
            for path in &removed {
                println!("deleted {}", path.display());
            }
            println!(
                "forgot {} file{}; consent in {} is unchanged",
                removed.len(),
                plural(removed.len()),
                ctx.paths.config_file.display()
            );
            Ok(())
        }
    }
}

fn status(ctx: &Context, explain: bool, json: bool) -> Outcome {
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
    let summary = d.summary();
    let rest = summary
        .strip_prefix(&format!("telemetry is {}", d.consent.label()))
        .unwrap_or("");
    println!("telemetry is {}{rest}", p.consent(d.consent));
    if explain {
        println!("\nSources, first that decides wins:");
        for (i, r) in d.readings.iter().enumerate() {
            let mark = if r.source == d.winner { "▶" } else { " " };
            let value = r.value.as_deref().unwrap_or("(not set)");
            let decides = r.decides.map_or("decides nothing", |c| c.label());
            println!(
                "{mark} {}. {} = {value}  → {decides}",
                i + 1,
                p.bold(&r.location)
            );
            println!("     to change: {}", p.dim(&r.change));
        }
        println!("\nData directory: {}", ctx.paths.data_dir.display());
        if d.updates_blocked {
            println!("Update checks are off too.");
        }
    }
    require_config(ctx)
}

fn set_consent(mut ctx: Context, setting: ConsentSetting) -> Outcome {
    let change = choice::set_consent(&mut ctx, setting)?;
    println!("{change}");
    Ok(())
}

fn preview(ctx: &Context, version: Option<String>, json: bool, argv: Vec<String>) -> Outcome {
    let argv = if argv.is_empty() {
        vec!["version".to_string()]
    } else {
        argv
    };
    let vocabulary = ctx.vocabulary()?;
    let signature = signature::resolve(ctx.config.telemetry.signature, &ctx.paths)?;
    let p =
        crate::telemetry::preview::explain(ctx, &vocabulary, &signature, &argv, version.as_deref());
    if json {
        print_json(&p)?;
        return require_config(ctx);
    }
    let paint = Painter::stdout(&ctx.env);
    let dropped: Vec<&str> = p.reduction.dropped().collect();
    println!("{}  gitops {}", paint.bold("Command line:"), argv.join(" "));
    println!(
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
    println!("{}      {}", paint.bold("Not sent:"), not_sent);
    println!(
        "\n{}",
        paint.bold("The request, byte for byte (HTTP/1.1, CRLF line ends):")
    );
    for line in p.request.to_http().trim_end().lines() {
        println!("  {line}");
    }
    println!("\n{} {}", paint.bold("URL:"), p.request.url);
    println!("\n{}", paint.bold("Fields:"));
    let width = p.value_width(44);
    for f in &p.fields {
        println!(
            "  {:<13} {:<width$}  {}",
            f.name,
            f.shown(),
            paint.dim(&f.meaning)
        );
    }
    println!("\n{}", p.because);
    require_config(ctx)
}

fn record(ctx: &Context, version: Option<String>, argv: Vec<String>) -> Outcome {
    require_config(ctx)?;
    let sender = std::env::current_exe().ok();
    crate::telemetry::record::record(ctx, &argv, version.as_deref(), sender.as_deref())?;
    Ok(())
}

fn pending(ctx: &Context, json: bool) -> Outcome {
    let now = ctx.now();
    let events = queue::load(&ctx.paths, ctx.limits(), now)?;
    let consent = ctx.decision().consent;
    let stats = queue::stats(&ctx.paths);
    if json {
        let items: Vec<_> = events
            .iter()
            .map(
                |e| json!({"event": e, "why_waiting": delivery::why_waiting(ctx, consent, e, now)}),
            )
            .collect();
        return print_json(&json!({"consent": consent, "events": items, "dropped": stats}));
    }
    let mut out = std::io::stdout().lock();
    if events.is_empty() {
        writeln!(out, "no pending events")?;
    } else {
        let p = Painter::stdout(&ctx.env);
        writeln!(
            out,
            "{} (oldest first):",
            count(events.len(), "pending event")
        )?;
        writeln!(
            out,
            "{}",
            p.bold(&format!(
                "{:<12}  {:<20}  {:<22}  {:>8}  WHY NOT SENT YET",
                "ID", "RECORDED (UTC)", "COMMAND", "ATTEMPTS"
            ))
        )?;
        for e in &events {
            let when = time(e.recorded_at);
            let command = format!("{} {}", e.object, e.command);
            writeln!(
                out,
                "{:<12}  {:<20}  {:<22}  {:>8}  {}",
                printable(&e.id),
                when,
                printable(command.trim()),
                e.attempts,
                printable(&delivery::why_waiting(ctx, consent, e, now))
            )?;
        }
    }
    if stats != Default::default() {
        writeln!(
            out,
            "dropped so far: {} over max_pending, {} older than max_age, {} damaged lines",
            stats.dropped_overflow, stats.dropped_expired, stats.dropped_torn
        )?;
    }
    Ok(())
}

fn send(ctx: &Context, dry_run: bool, background: bool) -> Outcome {
    require_config(ctx)?;
    let options = SendOptions {
        dry_run,
        deadline: background.then(|| Instant::now() + BACKGROUND_DEADLINE),
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
    if background {
        return Ok(());
    }
    if dry_run {
        for r in &report.requests {
            print!("{}", r.to_http().replace("\r\n", "\n"));
        }
        println!(
            "dry run: {} request{} would be sent; nothing was sent",
            report.requests.len(),
            plural(report.requests.len())
        );
        let decision = ctx.decision();
        if decision.consent != Consent::Granted {
            println!("and none would go now: {}", decision.summary());
        }
        return Ok(());
    }
    println!("{report}");
    match report.problem() {
        Some(problem) if report.refused.is_none() => Err(OperationError(problem).into()),
        _ => Ok(()),
    }
}

fn log(ctx: &Context, json: bool) -> Outcome {
    let mut entries = sent_log::read(&ctx.paths)?;
    entries.reverse();
    if json {
        return print_json(&entries);
    }
    if entries.is_empty() {
        println!("nothing has been sent");
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

fn id(ctx: &Context, action: IdAction) -> Outcome {
    let mode = ctx.config.telemetry.signature;
    let signature = match action {
        IdAction::Show => signature::resolve(mode, &ctx.paths)?,
        IdAction::Rotate => signature::rotate(mode, &ctx.paths)?,
    };
    let value = if signature.value.is_empty() {
        "(empty)"
    } else {
        signature.value.as_str()
    };
    println!("{}", printable(value));
    println!(
        "origin: {} (signature = {:?} in the config)",
        signature.origin,
        format!("{mode:?}").to_lowercase()
    );
    Ok(())
}
