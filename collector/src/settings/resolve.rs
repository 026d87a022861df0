//! The one layering pass: for each key the flag, else the file, else the default, then the
//! key's rule, giving the typed [`Settings`].
//!
//! Owns the rule of every key and where a value came from ([`Origin`]), so that an error names
//! the flag, or the file, line and column, with the key and the value. Paths written in the
//! file are relative to it. No I/O beyond asking the platform for its data directory.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use toml::Spanned;

use super::defaults::{DEFAULTS, SQLITE_FILE};
use super::file::ConfigFile;
use super::flags::Flags;
use super::{Database, Limits, Retention, Settings, SettingsError};

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A flag, by its name (`--listen`).
    Flag(&'static str),
    /// The config file, at a line and column.
    File {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The built-in default.
    Default,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag(name) => f.write_str(name),
            Origin::File { path, line, column } => {
                write!(f, "{}:{line}:{column}", path.display())
            }
            Origin::Default => f.write_str("the built-in default"),
        }
    }
}

/// One value, its key and where it came from.
struct Given<T> {
    key: &'static str,
    value: T,
    from: Origin,
}

/// A value as an error message shows it.
trait Shown {
    fn shown(&self) -> String;
}

impl Shown for String {
    fn shown(&self) -> String {
        self.clone()
    }
}

impl Shown for u64 {
    fn shown(&self) -> String {
        self.to_string()
    }
}

impl Shown for usize {
    fn shown(&self) -> String {
        self.to_string()
    }
}

impl<T: Shown> Given<T> {
    /// The value through `rule`; a refusal names the origin, the key and the value.
    fn check<U>(self, rule: impl FnOnce(&T) -> Result<U, String>) -> Result<U, SettingsError> {
        rule(&self.value).map_err(|why| SettingsError::Invalid {
            value: shown_value(self.key, self.value.shown()),
            at: self.from,
            key: self.key,
            why,
        })
    }
}

impl Given<PathBuf> {
    /// The path, made relative to the config file when it was written there.
    fn path(self) -> PathBuf {
        match &self.from {
            Origin::File { path, .. } if self.value.is_relative() => {
                path.parent().unwrap_or(Path::new("")).join(self.value)
            }
            _ => self.value,
        }
    }
}

/// The layers: the flags over the file (if any).
struct Layers<'a> {
    file: Option<&'a ConfigFile>,
}

impl Layers<'_> {
    /// The flag, else the file's value, if either is given.
    fn given<T>(
        &self,
        key: &'static str,
        flag: (&'static str, Option<T>),
        file: Option<Spanned<T>>,
    ) -> Option<Given<T>> {
        if let (name, Some(value)) = flag {
            return Some(Given {
                key,
                value,
                from: Origin::Flag(name),
            });
        }
        let (file, spanned) = (self.file?, file?);
        let (line, column) = file.line_column(spanned.span().start);
        Some(Given {
            key,
            from: Origin::File {
                path: file.path.clone(),
                line,
                column,
            },
            value: spanned.into_inner(),
        })
    }

    /// [`Layers::given`], else the default.
    fn value<T>(
        &self,
        key: &'static str,
        flag: (&'static str, Option<T>),
        file: Option<Spanned<T>>,
        default: T,
    ) -> Given<T> {
        self.given(key, flag, file).unwrap_or(Given {
            key,
            value: default,
            from: Origin::Default,
        })
    }
}

/// Lays `flags` over `file` over the defaults and checks every value.
pub(super) fn resolve(file: Option<&ConfigFile>, flags: Flags) -> Result<Settings, SettingsError> {
    let layers = Layers { file };
    let f = file.map(|f| f.values.clone()).unwrap_or_default();
    let (store, serve) = (flags.store, flags.serve);
    let data_dir = match layers.given("data_dir", ("--data-dir", store.data_dir), f.data_dir) {
        Some(dir) => dir.path(),
        None if serve.demo => {
            std::env::temp_dir().join(format!("gitops-checkpoint-demo-{}", std::process::id()))
        }
        None => directories::ProjectDirs::from("", "", "gitops-checkpoint")
            .map(|d| d.data_dir().to_path_buf())
            .ok_or(SettingsError::NoDataDir)?,
    };
    let database = match layers.given("database", ("--database", store.database), f.database) {
        Some(url) => url.check(|u| database(u))?,
        None => Database::Sqlite(data_dir.join(SQLITE_FILE)),
    };
    let releases = layers
        .given("releases", ("--releases", serve.releases), f.releases)
        .map(Given::path);
    let log_format = layers
        .given(
            "log_format",
            ("--log-format", serve.log_format),
            f.log_format,
        )
        .map_or(DEFAULTS.log_format, |g| g.value);
    Ok(Settings {
        listen: layers
            .value(
                "listen",
                ("--listen", serve.listen),
                f.listen,
                text(DEFAULTS.listen),
            )
            .check(|t| listen(t))?,
        database,
        store_timeout: layers
            .value(
                "store_timeout",
                ("--store-timeout", store.store_timeout),
                f.store_timeout,
                text(DEFAULTS.store_timeout),
            )
            .check(|t| within(duration(t)?, (MIN_SPAN, MAX_SPAN)))?,
        data_dir,
        releases,
        retention: layers
            .value(
                "retention",
                ("--retention", serve.retention),
                f.retention,
                text(DEFAULTS.retention),
            )
            .check(|t| Retention::parse(t))?,
        flush_interval: layers
            .value(
                "flush_interval",
                ("--flush-interval", serve.flush_interval),
                f.flush_interval,
                text(DEFAULTS.flush_interval),
            )
            .check(|t| flush_interval(t))?,
        release_delay: layers
            .value(
                "release_delay",
                ("--release-delay", serve.release_delay),
                f.release_delay,
                text(DEFAULTS.release_delay),
            )
            .check(|t| release_delay(t))?,
        min_installs: layers
            .value(
                "min_installs",
                ("--min-installs", store.min_installs),
                f.min_installs,
                DEFAULTS.min_installs,
            )
            .check(|k| positive(*k))?,
        log_format,
        limits: limits(&layers, f.limits)?,
        web: !serve.no_web,
        demo: serve.demo,
    })
}

/// `[limits]`: set in the file only.
fn limits(layers: &Layers, l: super::file::FileLimits) -> Result<Limits, SettingsError> {
    let count = |key, file, default, bounds| {
        layers
            .value(key, ("", None), file, default)
            .check(|n: &usize| within(*n, bounds))
    };
    let span = |key, file, default, least| {
        layers
            .value(key, ("", None), file, text(default))
            .check(|t: &String| within(duration(t)?, (least, MAX_SPAN)))
    };
    Ok(Limits {
        max_connections: count(
            "limits.max_connections",
            l.max_connections,
            DEFAULTS.max_connections,
            (1, 1_000_000),
        )?,
        max_in_flight: count(
            "limits.max_in_flight",
            l.max_in_flight,
            DEFAULTS.max_in_flight,
            (1, 100_000),
        )?,
        // A longer target could not be read anyway: the whole head must fit in 8 KiB.
        max_uri: count("limits.max_uri", l.max_uri, DEFAULTS.max_uri, (64, 8192))?,
        max_buckets_per_day: count(
            "limits.max_buckets_per_day",
            l.max_buckets_per_day,
            DEFAULTS.max_buckets_per_day,
            (1_000, 10_000_000),
        )?,
        max_installs_per_day: count(
            "limits.max_installs_per_day",
            l.max_installs_per_day,
            DEFAULTS.max_installs_per_day,
            (1_000, 100_000_000),
        )?,
        header_timeout: span(
            "limits.header_timeout",
            l.header_timeout,
            DEFAULTS.header_timeout,
            MIN_SPAN,
        )?,
        request_timeout: span(
            "limits.request_timeout",
            l.request_timeout,
            DEFAULTS.request_timeout,
            MIN_SPAN,
        )?,
        write_timeout: span(
            "limits.write_timeout",
            l.write_timeout,
            DEFAULTS.write_timeout,
            MIN_SPAN,
        )?,
        shutdown_grace: span(
            "limits.shutdown_grace",
            l.shutdown_grace,
            DEFAULTS.shutdown_grace,
            Duration::ZERO,
        )?,
    })
}

/// The shortest timeout: anything less would refuse every request.
const MIN_SPAN: Duration = Duration::from_millis(100);
/// The longest timeout or grace.
const MAX_SPAN: Duration = Duration::from_secs(600);

/// `n` if it is within `(least, most)`, inclusive.
fn within<N: PartialOrd + std::fmt::Debug>(n: N, (least, most): (N, N)) -> Result<N, String> {
    if n < least || n > most {
        Err(format!("it must be between {least:?} and {most:?}"))
    } else {
        Ok(n)
    }
}

fn text(s: &str) -> String {
    s.to_string()
}

/// The value as an error shows it: a database URL without its password.
fn shown_value(key: &str, value: String) -> String {
    if key == "database" {
        redact_password(&value)
    } else {
        value
    }
}

/// `scheme://user:secret@host/…` as `scheme://user:***@host/…`.
pub(super) fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((user, host)) if user.contains(':') => {
            let name = user.split(':').next().unwrap_or("");
            format!("{scheme}://{name}:***@{host}{tail}")
        }
        _ => url.to_string(),
    }
}

fn listen(text: &str) -> Result<SocketAddr, String> {
    text.parse().map_err(|e| format!("{e} (want IP:PORT)"))
}

/// `postgres://…`/`postgresql://…` (checked as PostgreSQL reads it), or `sqlite:PATH`.
pub(super) fn database(url: &str) -> Result<Database, String> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        url.parse::<tokio_postgres::Config>()
            .map_err(|e| format!("{e} (want postgres://USER@HOST/DB)"))?;
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

fn duration(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text)
        .map_err(|e| format!("{e} (want a duration like \"1s\" or \"500ms\")"))
}

fn flush_interval(text: &str) -> Result<Duration, String> {
    let d = duration(text)?;
    if d > Duration::from_secs(3600) {
        return Err("it must be at most 1h".into());
    }
    Ok(d)
}

fn release_delay(text: &str) -> Result<Duration, String> {
    let d = duration(text)?;
    if d > Duration::from_secs(2 * 86_400) {
        return Err("it must be at most 2 days".into());
    }
    Ok(d)
}

fn positive<N: PartialEq + From<u8>>(n: N) -> Result<N, String> {
    if n == N::from(0) {
        Err("it must be at least 1".into())
    } else {
        Ok(n)
    }
}
