//! The command line: `gitops-checkpoint serve` and `gitops-checkpoint report`, the logs, and
//! the one mapping from an error to an exit code (0 done, 1 failed, 2 bad settings).
//!
//! Owns clap's types and the tokio runtime; the work is in [`crate::server`] and
//! [`crate::stats`].

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::settings::{LogFormat, Overrides, Settings};
use crate::stats::{MAX_DAYS, Window};
use crate::store;

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
}

#[derive(Debug, Args)]
struct StoreArgs {
    /// A config file (TOML; see checkpoint.example.toml). Flags win over it.
    #[arg(long, short, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Where counts are kept: postgres://USER@HOST/DB, or sqlite:PATH [default: the SQLite
    /// file checkpoint.sqlite3 in the data directory]
    #[arg(long, value_name = "URL")]
    database: Option<String>,
    /// The data directory [default: ~/.local/share/gitops-checkpoint on Linux]
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// The fewest installations a published row may have; rarer rows fold into "other"
    /// [default: 5]
    #[arg(long, value_name = "K")]
    min_installs: Option<u64>,
}

#[derive(Debug, Args)]
struct ServeArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// The address to listen on [default: 127.0.0.1:8478]
    #[arg(long, value_name = "IP:PORT")]
    listen: Option<String>,
    /// The releases and alerts file (TOML), re-read when it changes [default: serve
    /// weave-gitops with no release known]
    #[arg(long, value_name = "FILE")]
    releases: Option<PathBuf>,
    /// How long day buckets are kept, e.g. 24mo, 730d, 2y; older days are deleted
    /// [default: 24mo]
    #[arg(long, value_name = "SPAN")]
    retention: Option<String>,
    /// How often counts are written to the store [default: 1s]
    #[arg(long, value_name = "DURATION")]
    flush_interval: Option<String>,
    /// Log lines as text or JSON, on stderr; RUST_LOG sets the level [default: text]
    #[arg(long, value_name = "FORMAT")]
    log_format: Option<LogFormat>,
    /// Benchmark baseline: answer every check with a fixed body, parse and count nothing.
    #[arg(long)]
    bare: bool,
}

#[derive(Debug, Args)]
struct ReportArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// The product.
    #[arg(long, default_value = checkpoint_protocol::DEFAULT_PRODUCT)]
    product: String,
    /// How many days, ending today (UTC).
    #[arg(long, default_value_t = checkpoint_protocol::stats::DEFAULT_DAYS, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_DAYS)))]
    days: u32,
    /// Print the JSON /v1/stats serves instead of tables.
    #[arg(long)]
    json: bool,
}

impl StoreArgs {
    fn resolve(&self, more: Overrides) -> Result<Settings, crate::settings::SettingsError> {
        Settings::resolve(
            self.config.as_deref(),
            Overrides {
                database: self.database.clone(),
                data_dir: self.data_dir.clone(),
                min_installs: self.min_installs,
                ..more
            },
        )
    }
}

/// Runs the command line and gives the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match &cli.command {
        Command::Serve(a) => a.store.resolve(Overrides {
            listen: a.listen.clone(),
            releases: a.releases.clone(),
            retention: a.retention.clone(),
            flush_interval: a.flush_interval.clone(),
            log_format: a.log_format,
            ..Overrides::default()
        }),
        Command::Report(a) => a.store.resolve(Overrides::default()),
    };
    let settings = match settings {
        Ok(s) => s,
        Err(e) => {
            eprintln!("gitops-checkpoint: {e}");
            return ExitCode::from(2);
        }
    };
    init_logs(settings.log_format);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime starts");
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve(a) => {
                let stopped = crate::server::serve(settings, a.bare).await?;
                if stopped.lost_checks > 0 {
                    anyhow::bail!("{} checks could not be written", stopped.lost_checks);
                }
                Ok(())
            }
            Command::Report(a) => report(settings, a).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn report(settings: Settings, a: ReportArgs) -> anyhow::Result<()> {
    let store = store::open(&settings.database).await?;
    let window = Window {
        product: &a.product,
        days: a.days,
        today: crate::aggregate::date_of(crate::aggregate::today()),
        min_installs: settings.min_installs,
    };
    let stats = crate::stats::stats(&*store, window).await?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&stats)?);
    } else {
        print!("{}", crate::report::render(&stats));
    }
    Ok(())
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
        assert_eq!(a.retention.as_deref(), Some("730d"));
        assert!(Cli::try_parse_from(["gitops-checkpoint", "report", "--days", "0"]).is_err());
    }
}
