//! The built-in defaults: one table, written as the config file would write each value.
//!
//! Owns every default and nothing else. The values go through the same checks as a file's or a
//! flag's (a test checks that each passes), and `checkpoint.example.toml` documents this table
//! (a test checks that the example file resolves to it). No I/O.

use super::LogFormat;

/// The SQLite file in the data directory, when no `database` is given.
pub const SQLITE_FILE: &str = "checkpoint.sqlite3";

/// Every default, as written in the config file.
#[derive(Debug, Clone, Copy)]
pub struct Defaults {
    /// `listen`.
    pub listen: &'static str,
    /// `retention`.
    pub retention: &'static str,
    /// `flush_interval`.
    pub flush_interval: &'static str,
    /// `release_delay`.
    pub release_delay: &'static str,
    /// `min_installs`.
    pub min_installs: u64,
    /// `log_format`.
    pub log_format: LogFormat,
    /// `store_timeout`.
    pub store_timeout: &'static str,
    /// `limits.max_connections`.
    pub max_connections: usize,
    /// `limits.max_in_flight`.
    pub max_in_flight: usize,
    /// `limits.max_uri`.
    pub max_uri: usize,
    /// `limits.max_buckets_per_day`.
    pub max_buckets_per_day: usize,
    /// `limits.max_installs_per_day`.
    pub max_installs_per_day: usize,
    /// `limits.header_timeout`.
    pub header_timeout: &'static str,
    /// `limits.request_timeout`.
    pub request_timeout: &'static str,
    /// `limits.write_timeout`.
    pub write_timeout: &'static str,
    /// `limits.shutdown_grace`.
    pub shutdown_grace: &'static str,
}

/// The defaults. `database`, `data_dir` and `releases` have none written here: absent, the
/// store is [`SQLITE_FILE`] in the platform's data directory and only the default product is
/// served.
pub const DEFAULTS: Defaults = Defaults {
    listen: "127.0.0.1:8478",
    retention: "24mo",
    flush_interval: "0s",
    release_delay: "1h",
    min_installs: 5,
    log_format: LogFormat::Text,
    store_timeout: "10s",
    max_connections: 10_000,
    max_in_flight: 2_048,
    max_uri: 2_048,
    max_buckets_per_day: 100_000,
    max_installs_per_day: 1_000_000,
    header_timeout: "5s",
    request_timeout: "10s",
    write_timeout: "10s",
    shutdown_grace: "10s",
};
