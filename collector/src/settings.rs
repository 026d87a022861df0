//! The collector's settings: the config file (TOML, strict), the flags over it, the defaults,
//! and checks whose errors name the key and the value at fault.
//!
//! Owns every tunable and its default. Reads one file and nothing else; the data directory is
//! only named here, created by the store.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

/// The default listen address.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8478";
/// The default retention.
pub const DEFAULT_RETENTION: &str = "24mo";
/// The SQLite file in the data directory.
pub const SQLITE_FILE: &str = "checkpoint.sqlite3";

/// The config file: every key optional, unknown keys refused.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    /// `listen = "127.0.0.1:8478"`.
    pub listen: Option<String>,
    /// `database = "postgres://…"` or `"sqlite:PATH"`.
    pub database: Option<String>,
    /// `data_dir = "…"`.
    pub data_dir: Option<PathBuf>,
    /// `releases = "releases.toml"`.
    pub releases: Option<PathBuf>,
    /// `retention = "24mo"`.
    pub retention: Option<String>,
    /// `flush_interval = "1s"`.
    pub flush_interval: Option<String>,
    /// `min_installs = 5`.
    pub min_installs: Option<u64>,
    /// `log_format = "text"` or `"json"`.
    pub log_format: Option<LogFormat>,
    /// `[limits]`.
    #[serde(default)]
    pub limits: FileLimits,
}

/// `[limits]` of the config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileLimits {
    /// Open connections at once.
    pub max_connections: Option<usize>,
    /// Requests in progress at once; more get 503.
    pub max_in_flight: Option<usize>,
    /// The longest request line and query, in bytes; longer gets 414.
    pub max_uri: Option<usize>,
    /// How long a client may take to send a request's head.
    pub header_timeout: Option<String>,
    /// How long one request may take.
    pub request_timeout: Option<String>,
    /// How long shutdown waits for requests in progress.
    pub shutdown_grace: Option<String>,
}

/// Values given on the command line; each wins over the file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--listen`.
    pub listen: Option<String>,
    /// `--database`.
    pub database: Option<String>,
    /// `--data-dir`.
    pub data_dir: Option<PathBuf>,
    /// `--releases`.
    pub releases: Option<PathBuf>,
    /// `--retention`.
    pub retention: Option<String>,
    /// `--flush-interval`.
    pub flush_interval: Option<String>,
    /// `--min-installs`.
    pub min_installs: Option<u64>,
    /// `--log-format`.
    pub log_format: Option<LogFormat>,
}

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
    /// PostgreSQL with the `hll` extension (the URL may hold a password: never log it).
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

/// Bounds on what one client can take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Open connections at once; more are closed at once.
    pub max_connections: usize,
    /// Requests in progress at once; more get 503.
    pub max_in_flight: usize,
    /// The longest request target, in bytes; longer gets 414.
    pub max_uri: usize,
    /// How long a client may take to send a request's head.
    pub header_timeout: Duration,
    /// How long one request may take.
    pub request_timeout: Duration,
    /// How long shutdown waits for requests in progress.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 10_000,
            max_in_flight: 2_048,
            max_uri: 2_048,
            header_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// Every setting, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where to listen.
    pub listen: SocketAddr,
    /// The store.
    pub database: Database,
    /// The data directory (the SQLite file's home).
    pub data_dir: PathBuf,
    /// The releases file, if any.
    pub releases: Option<PathBuf>,
    /// How long day buckets are kept.
    pub retention: Retention,
    /// How often counts are written.
    pub flush_interval: Duration,
    /// `k`: the fewest installations a published row may have.
    pub min_installs: u64,
    /// How logs look.
    pub log_format: LogFormat,
    /// Bounds on clients.
    pub limits: Limits,
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
    /// The file is not valid.
    #[error("{}: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// What is wrong, with line and column.
        message: String,
    },
    /// A value is not valid.
    #[error("{key} = {value:?}: {why}")]
    Invalid {
        /// The key (or flag).
        key: &'static str,
        /// The value given.
        value: String,
        /// What is wrong.
        why: String,
    },
    /// No data directory was given and the system has no home for one.
    #[error("no data directory: give --data-dir")]
    NoDataDir,
}

impl Settings {
    /// Reads `file` (if given), lays `overrides` over it and checks every value.
    pub fn resolve(file: Option<&Path>, overrides: Overrides) -> Result<Settings, SettingsError> {
        let (f, base) = match file {
            Some(path) => (read_file(path)?, path.parent().map(Path::to_path_buf)),
            None => (FileSettings::default(), None),
        };
        let in_file = |p: PathBuf| match &base {
            Some(dir) if p.is_relative() => dir.join(p),
            _ => p,
        };
        let invalid = |key: &'static str, value: &str, why: String| SettingsError::Invalid {
            key,
            value: value.to_string(),
            why,
        };
        let listen_text = overrides
            .listen
            .or(f.listen)
            .unwrap_or_else(|| DEFAULT_LISTEN.to_string());
        let listen = listen_text
            .parse()
            .map_err(|e| invalid("listen", &listen_text, format!("{e} (want IP:PORT)")))?;
        let data_dir = match overrides.data_dir.or(f.data_dir.map(in_file)) {
            Some(dir) => dir,
            None => directories::ProjectDirs::from("", "", "gitops-checkpoint")
                .map(|d| d.data_dir().to_path_buf())
                .ok_or(SettingsError::NoDataDir)?,
        };
        let database = match overrides.database.or(f.database) {
            None => Database::Sqlite(data_dir.join(SQLITE_FILE)),
            Some(url) => parse_database(&url).map_err(|why| invalid("database", &url, why))?,
        };
        let releases = overrides.releases.or(f.releases.map(in_file));
        let retention_text = overrides
            .retention
            .or(f.retention)
            .unwrap_or_else(|| DEFAULT_RETENTION.to_string());
        let retention = Retention::parse(&retention_text)
            .map_err(|why| invalid("retention", &retention_text, why))?;
        let flush_interval = duration(
            "flush_interval",
            overrides.flush_interval.or(f.flush_interval),
            Duration::from_secs(1),
        )?;
        if flush_interval < Duration::from_millis(10) || flush_interval > Duration::from_secs(3600)
        {
            return Err(invalid(
                "flush_interval",
                &humantime::format_duration(flush_interval).to_string(),
                "it must be between 10ms and 1h".into(),
            ));
        }
        let min_installs = overrides.min_installs.or(f.min_installs).unwrap_or(5);
        if min_installs == 0 {
            return Err(invalid("min_installs", "0", "it must be at least 1".into()));
        }
        let d = Limits::default();
        let l = f.limits;
        let limits = Limits {
            max_connections: positive(
                "limits.max_connections",
                l.max_connections,
                d.max_connections,
            )?,
            max_in_flight: positive("limits.max_in_flight", l.max_in_flight, d.max_in_flight)?,
            max_uri: positive("limits.max_uri", l.max_uri, d.max_uri)?,
            header_timeout: duration("limits.header_timeout", l.header_timeout, d.header_timeout)?,
            request_timeout: duration(
                "limits.request_timeout",
                l.request_timeout,
                d.request_timeout,
            )?,
            shutdown_grace: duration("limits.shutdown_grace", l.shutdown_grace, d.shutdown_grace)?,
        };
        Ok(Settings {
            listen,
            database,
            data_dir,
            releases,
            retention,
            flush_interval,
            min_installs,
            log_format: overrides.log_format.or(f.log_format).unwrap_or_default(),
            limits,
        })
    }
}

fn read_file(path: &Path) -> Result<FileSettings, SettingsError> {
    let text = std::fs::read_to_string(path).map_err(|source| SettingsError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    toml::from_str(&text).map_err(|e| SettingsError::Parse {
        path: path.to_path_buf(),
        message: e.to_string().trim_end().to_string(),
    })
}

/// `postgres://…`/`postgresql://…`, or `sqlite:PATH`.
fn parse_database(url: &str) -> Result<Database, String> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Database::Postgres(url.to_string()))
    } else if let Some(path) = url.strip_prefix("sqlite:") {
        let path = path.strip_prefix("//").unwrap_or(path);
        if path.is_empty() {
            return Err("sqlite: needs a file path".into());
        }
        Ok(Database::Sqlite(PathBuf::from(path)))
    } else {
        Err("want postgres://USER@HOST/DB or sqlite:PATH".into())
    }
}

fn duration(
    key: &'static str,
    text: Option<String>,
    default: Duration,
) -> Result<Duration, SettingsError> {
    match text {
        None => Ok(default),
        Some(t) => humantime::parse_duration(&t).map_err(|e| SettingsError::Invalid {
            key,
            value: t.clone(),
            why: format!("{e} (want a duration like \"1s\" or \"500ms\")"),
        }),
    }
}

fn positive(
    key: &'static str,
    value: Option<usize>,
    default: usize,
) -> Result<usize, SettingsError> {
    match value {
        Some(0) => Err(SettingsError::Invalid {
            key,
            value: "0".into(),
            why: "it must be at least 1".into(),
        }),
        Some(v) => Ok(v),
        None => Ok(default),
    }
}

#[cfg(test)]
mod tests;
