//! The collector's settings: the flags, over the config file, over the defaults, resolved in
//! one pass into typed values.
//!
//! Owns every tunable: [`flags`] (clap's), [`mod@file`] (the TOML schema, read bounded),
//! [`defaults`] (one table) and [`resolve`] (the one layering pass and each key's rule).
//! Errors name the flag, or the file, line and column, with the key and the value. Reads one
//! file and nothing else; the data directory is only named here, created by the store.

pub mod defaults;
pub mod file;
pub mod flags;
pub mod resolve;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

pub use defaults::{DEFAULTS, SQLITE_FILE};
pub use file::ConfigFile;
pub use flags::{Flags, ServeFlags, StoreFlags};
pub use resolve::Origin;

/// How logs are written (to stderr).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One readable line per event.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

/// Where aggregates are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// The embedded store: one SQLite file.
    Sqlite(PathBuf),
    /// PostgreSQL with the `hll` extension: a URL checked at load as PostgreSQL reads it (it
    /// may hold a password: never log it).
    Postgres(String),
}

impl Database {
    /// A description safe to log: the kind and the file or host, never a password.
    pub fn describe(&self) -> String {
        match self {
            Database::Sqlite(path) => format!("SQLite at {}", path.display()),
            Database::Postgres(url) => {
                let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
                let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
                let host = host.split(['/', '?']).next().unwrap_or("");
                format!("PostgreSQL at {host}")
            }
        }
    }
}

/// How long day buckets are kept, as written and as a calendar span.
#[derive(Debug, Clone)]
pub struct Retention {
    /// As configured, published as is.
    pub text: String,
    /// The span.
    pub span: jiff::Span,
}

impl Retention {
    /// Parses `"24mo"`, `"730d"`, `"2y"`: at least one day.
    pub fn parse(text: &str) -> Result<Retention, String> {
        let span: jiff::Span = text.parse().map_err(|e| format!("{e}"))?;
        let today = jiff::civil::date(2000, 1, 1);
        let later = today.checked_add(span).map_err(|e| format!("{e}"))?;
        if span.is_negative() || later.since(today).map_err(|e| format!("{e}"))?.get_days() < 1 {
            return Err("it must be at least one day".into());
        }
        Ok(Retention {
            text: text.to_string(),
            span,
        })
    }

    /// The oldest day kept on `today`.
    pub fn oldest_day(&self, today: jiff::civil::Date) -> jiff::civil::Date {
        today
            .checked_sub(self.span)
            .unwrap_or(jiff::civil::Date::MIN)
    }
}

/// Bounds on what one client can take (set in the file's `[limits]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Open connections at once; at the limit, the longest-idle one is closed for a new one.
    pub max_connections: usize,
    /// Requests in progress at once; more get 503.
    pub max_in_flight: usize,
    /// The longest request target, in bytes; longer gets 414.
    pub max_uri: usize,
    /// Distinct buckets counted in a UTC day; past it, new buckets fold into `other`.
    pub max_buckets_per_day: usize,
    /// Distinct installations counted in a UTC day; past it, new ones are not counted.
    pub max_installs_per_day: usize,
    /// How long a client may take to send a request's head.
    pub header_timeout: Duration,
    /// How long one request may take.
    pub request_timeout: Duration,
    /// How long a client may leave an answer unread before its connection is closed.
    pub write_timeout: Duration,
    /// How long shutdown waits for requests in progress.
    pub shutdown_grace: Duration,
}

/// Every setting, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where to listen.
    pub listen: SocketAddr,
    /// The store.
    pub database: Database,
    /// How long one PostgreSQL operation may take, connecting included.
    pub store_timeout: Duration,
    /// The data directory (the SQLite file's home).
    pub data_dir: PathBuf,
    /// The releases file, if any.
    pub releases: Option<PathBuf>,
    /// How long day buckets are kept.
    pub retention: Retention,
    /// The least time between the starts of two writes of the counts (group commit).
    pub flush_interval: Duration,
    /// How long after a UTC day ends it is released.
    pub release_delay: Duration,
    /// `k`: the fewest installations a published row may have.
    pub min_installs: u64,
    /// How logs look.
    pub log_format: LogFormat,
    /// Bounds on clients.
    pub limits: Limits,
    /// Whether the web pages are served (`--no-web` turns them off).
    pub web: bool,
    /// Whether the store is seeded with made-up counts before serving (`--demo`).
    pub demo: bool,
}

/// A config file or value that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The file cannot be read.
    #[error("cannot read the config file {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is not valid TOML or does not fit the schema.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line of the fault.
        line: usize,
        /// 1-based column of the fault.
        column: usize,
        /// What is wrong, naming the key or value.
        message: String,
    },
    /// A value is not valid.
    #[error("{at}: {key} = {value:?}: {why}")]
    Invalid {
        /// The flag, or the file, line and column.
        at: Origin,
        /// The dotted key.
        key: &'static str,
        /// The value given (a database URL without its password).
        value: String,
        /// What is wrong.
        why: String,
    },
    /// No data directory was given and the system has no home for one.
    #[error("no data directory: give --data-dir")]
    NoDataDir,
}

impl Settings {
    /// Reads the config file the flags name (if any), lays the flags over it and the file over
    /// the defaults, and checks every value.
    pub fn load(flags: Flags) -> Result<Settings, SettingsError> {
        let file = match &flags.store.config {
            Some(path) => Some(ConfigFile::read(path)?),
            None => None,
        };
        resolve::resolve(file.as_ref(), flags)
    }
}

#[cfg(test)]
mod tests;
