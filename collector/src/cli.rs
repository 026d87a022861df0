//! The command line: `gitops-checkpoint serve`, `report` and `release`, and the logs.
//!
//! Owns clap's commands and the tokio runtime; the settings flags are [`crate::settings`]'s,
//! the work is in [`crate::server`] and [`crate::publication`], and `failure` is the one mapping
//! from an error to an exit code (0 done, 1 failed, 2 bad command line, settings or file).

mod failure;

use std::io::Write;
use std::sync::OnceLock;

use clap::{Args, Parser, Subcommand};

pub use failure::{Classified, Failure, Kind, LostChecks};

use crate::publication::{Publisher, newest_closed, release_due};
use crate::settings::{Flags, LogFormat, ServeFlags, Settings, StoreFlags};
use crate::store;
use checkpoint_protocol::stats::{WINDOWS, windows_text};

/// A self-hosted checkpoint endpoint for gitops that keeps only anonymous aggregates and
/// shows them to everyone.
#[derive(Debug, Parser)]
#[command(name = "gitops-checkpoint", version, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the checkpoint protocol, the public stats, /v1/policy, /healthz and /metrics.
    ///
    /// With no settings it listens on 127.0.0.1:8478 and keeps its counts in a SQLite file in
    /// its data directory. Stop it with SIGTERM or Ctrl-C: requests in progress finish and
    /// every count is written before it exits.
    Serve(ServeArgs),
    /// Print the public aggregate of a product, as /v1/stats serves it.
    Report(ReportArgs),
    /// Release every closed day from DAY on that has no release yet (serve does this by
    /// itself); a day already released is never computed again.
    Release(ReleaseArgs),
}

#[derive(Debug, Args)]
struct ReleaseArgs {
    #[command(flatten)]
    store: StoreFlags,
    /// The first day to release, YYYY-MM-DD (UTC).
    #[arg(long, value_name = "DAY")]
    since: jiff::civil::Date,
    /// How long after a UTC day ends it may be released [default: 1h, or the config file's]
    #[arg(long, value_name = "DURATION")]
    release_delay: Option<String>,
}

#[derive(Debug, Args)]
struct ServeArgs {
    #[command(flatten)]
    store: StoreFlags,
    #[command(flatten)]
    serve: ServeFlags,
    /// Benchmark baseline: answer every check with a fixed body, parse and count nothing.
    #[arg(long)]
    bare: bool,
}

#[derive(Debug, Args)]
struct ReportArgs {
    #[command(flatten)]
    store: StoreFlags,
    /// The product.
    #[arg(long, default_value = checkpoint_protocol::DEFAULT_PRODUCT)]
    product: String,
    /// How many closed days, ending on the last released day: 7, 30, 90 or 365.
    #[arg(long, default_value_t = checkpoint_protocol::stats::DEFAULT_DAYS, value_parser = served_window)]
    days: u32,
    /// Print the JSON /v1/stats serves instead of tables.
    #[arg(long)]
    json: bool,
}

/// Set once the logs are started: from then on a failure is logged, not printed.
static LOGS: OnceLock<()> = OnceLock::new();

impl Failure {
    /// Says what failed: on stderr before the logs start, as the last log line after.
    pub fn report(&self) {
        if LOGS.get().is_some() {
            tracing::error!("{self}");
        } else {
            eprintln!("gitops-checkpoint: {self}");
        }
    }
}

/// The command line's definition, for the man pages and completions the packaging makes.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<(), Failure> {
    let flags = match &cli.command {
        Command::Serve(a) => Flags {
            store: a.store.clone(),
            serve: a.serve.clone(),
        },
        Command::Report(a) => Flags {
            store: a.store.clone(),
            serve: ServeFlags::default(),
        },
        Command::Release(a) => Flags {
            store: a.store.clone(),
            serve: ServeFlags {
                release_delay: a.release_delay.clone(),
                ..ServeFlags::default()
            },
        },
    };
    let settings = Settings::load(flags)?;
    init_logs(settings.log_format);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        match cli.command {
            Command::Serve(a) => serve(settings, a.bare).await,
            Command::Report(a) => report(settings, a).await,
            Command::Release(a) => release(settings, a).await,
        }
    })
}

async fn serve(settings: Settings, bare: bool) -> Result<(), Failure> {
    if settings.demo {
        let store = store::open_with(
            &settings.database,
            crate::store::Options::of(&settings, &Default::default()),
        )
        .await?;
        let product = checkpoint_protocol::DEFAULT_PRODUCT;
        let today = crate::aggregate::date_of(crate::aggregate::today());
        let checks = crate::demo::seed(&*store, product, today).await?;
        tracing::info!(
            store = %settings.database.describe(),
            product,
            checks,
            "seeded made-up counts (none when the store had some)"
        );
        // Released before the listener opens, so the first page shown has its numbers.
        let newest = newest_closed(jiff::Timestamp::now(), settings.release_delay);
        let since = settings.retention.oldest_day(newest);
        let products = [product.to_string()];
        release_due(&*store, &products, since, newest, settings.min_installs).await?;
    }
    let stopped = crate::server::serve(settings, bare).await?;
    match stopped.lost_checks {
        0 => Ok(()),
        lost => Err(LostChecks(lost).into()),
    }
}

async fn report(settings: Settings, a: ReportArgs) -> Result<(), Failure> {
    let store = store::open_with(
        &settings.database,
        crate::store::Options::of(&settings, &Default::default()),
    )
    .await?;
    let publisher = Publisher::new(store, settings.min_installs, settings.retention.clone());
    let stats = publisher.published(&a.product, a.days).await?;
    // Written in one piece, so a closed pipe is an error to ignore, not a panic.
    let text = if a.json {
        serde_json::to_string_pretty(&*stats)? + "\n"
    } else {
        crate::report::render(&stats)
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(())
}

async fn release(settings: Settings, a: ReleaseArgs) -> Result<(), Failure> {
    let store = store::open_with(
        &settings.database,
        crate::store::Options::of(&settings, &Default::default()),
    )
    .await?;
    let served = crate::releases::Watched::open(settings.releases.as_deref())?
        .get()
        .products();
    let newest = newest_closed(jiff::Timestamp::now(), settings.release_delay);
    let products = crate::publication::release::products(&*store, served, a.since, newest).await?;
    let done = release_due(&*store, &products, a.since, newest, settings.min_installs).await?;
    let line = format!(
        "released {} day{} ({} cells) from {} to {newest}\n",
        done.days,
        if done.days == 1 { "" } else { "s" },
        done.cells,
        a.since
    );
    std::io::stdout().lock().write_all(line.as_bytes())?;
    Ok(())
}

/// A `--days` of a served window.
fn served_window(text: &str) -> Result<u32, String> {
    text.parse::<u32>()
        .ok()
        .filter(|d| WINDOWS.contains(d))
        .ok_or_else(|| format!("the windows served are {}", windows_text()))
}

fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
    let _ = LOGS.set(());
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn flags_parse() {
        let cli = Cli::try_parse_from([
            "gitops-checkpoint",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database",
            "sqlite:x.db",
            "--releases",
            "r.toml",
            "--retention",
            "730d",
            "--flush-interval",
            "250ms",
            "--bare",
        ])
        .unwrap();
        let Command::Serve(a) = cli.command else {
            panic!("serve")
        };
        assert!(a.bare);
        assert_eq!(a.serve.retention.as_deref(), Some("730d"));
        assert!(Cli::try_parse_from(["gitops-checkpoint", "report", "--days", "0"]).is_err());
        assert!(Cli::try_parse_from(["gitops-checkpoint", "report", "--days", "3"]).is_err());
        assert!(Cli::try_parse_from(["gitops-checkpoint", "report", "--days", "90"]).is_ok());
        assert!(
            Cli::try_parse_from(["gitops-checkpoint", "release", "--since", "2026-01-01"]).is_ok()
        );
    }
}
