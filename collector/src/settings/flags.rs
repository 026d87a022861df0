//! The settings given on the command line: clap's types, values as written.
//!
//! Owns the flags that set what the config file sets, their help and their names in error
//! messages. A flag wins over the file. Values are kept as written and checked by
//! [`super::resolve`], with the same rules as the file's. No I/O.

use std::path::PathBuf;

use clap::Args;

use super::LogFormat;

/// The settings flags of every command.
#[derive(Debug, Clone, Default, Args)]
pub struct StoreFlags {
    /// A config file (TOML; see checkpoint.example.toml). Flags win over it.
    #[arg(long, short, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Where counts are kept: postgres://USER@HOST/DB, or sqlite:PATH [default: the SQLite
    /// file checkpoint.sqlite3 in the data directory]
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
    /// The data directory [default: ~/.local/share/gitops-checkpoint on Linux]
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// The fewest installations a published row may have; rarer rows fold into "other"
    /// [default: 5]
    #[arg(long, value_name = "K")]
    pub min_installs: Option<u64>,
    /// How long one PostgreSQL operation may take (connecting, a flush, a read, a purge)
    /// before it fails and its connection is closed [default: 10s]
    #[arg(long, value_name = "DURATION")]
    pub store_timeout: Option<String>,
}

/// The settings flags only `serve` takes.
#[derive(Debug, Clone, Default, Args)]
pub struct ServeFlags {
    /// The address to listen on [default: 127.0.0.1:8478]
    #[arg(long, value_name = "IP:PORT")]
    pub listen: Option<String>,
    /// The releases and alerts file (TOML), re-read when it changes [default: serve
    /// weave-gitops with no release known]
    #[arg(long, value_name = "FILE")]
    pub releases: Option<PathBuf>,
    /// How long day buckets are kept, e.g. 24mo, 730d, 2y; older days are deleted
    /// [default: 24mo]
    #[arg(long, value_name = "SPAN")]
    pub retention: Option<String>,
    /// The least time between two writes of the counts; a check is answered once its count is
    /// written [default: 0s]
    #[arg(long, value_name = "DURATION")]
    pub flush_interval: Option<String>,
    /// How long after a UTC day ends its numbers are released (made public) [default: 1h]
    #[arg(long, value_name = "DURATION")]
    pub release_delay: Option<String>,
    /// Log lines as text or JSON, on stderr; RUST_LOG sets the level [default: text]
    #[arg(long, value_name = "FORMAT")]
    pub log_format: Option<LogFormat>,
    /// Serve no web pages: only the protocol, /v1/stats, /v1/policy, /healthz and /metrics
    #[arg(long)]
    pub no_web: bool,
    /// Seed the store with two years of made-up counts before serving, to see the pages
    /// populated; without --data-dir or --database the store is a new directory under the
    /// system's temporary directory
    #[arg(long)]
    pub demo: bool,
}

/// Every settings flag of one command line.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// The flags of every command.
    pub store: StoreFlags,
    /// The flags of `serve` (all absent for `report`).
    pub serve: ServeFlags,
}
