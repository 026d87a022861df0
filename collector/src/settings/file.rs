//! The config file: its schema, read bounded, with every value's place in the file kept.
//!
//! Owns the TOML schema (every key optional, unknown keys refused) and the reading of the file
//! (at most `CONFIG_LIMIT` bytes). Each value keeps its span, so that a value refused later
//! is reported with its line and column. Parse errors name the file, line and column. It does
//! not check values: [`super::resolve`] does, for the file, the flags and the defaults alike.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::{LogFormat, SettingsError};
use crate::fsutil::{CONFIG_LIMIT, read_text};

/// The config file: every key optional, unknown keys refused.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    /// `listen = "127.0.0.1:8478"`.
    pub listen: Option<Spanned<String>>,
    /// `database = "postgres://…"` or `"sqlite:PATH"`.
    pub database: Option<Spanned<String>>,
    /// `data_dir = "…"`, relative to the file.
    pub data_dir: Option<Spanned<PathBuf>>,
    /// `releases = "releases.toml"`, relative to the file.
    pub releases: Option<Spanned<PathBuf>>,
    /// `retention = "24mo"`.
    pub retention: Option<Spanned<String>>,
    /// `flush_interval = "0s"`.
    pub flush_interval: Option<Spanned<String>>,
    /// `release_delay = "1h"`.
    pub release_delay: Option<Spanned<String>>,
    /// `min_installs = 5`.
    pub min_installs: Option<Spanned<u64>>,
    /// `store_timeout = "10s"`.
    pub store_timeout: Option<Spanned<String>>,
    /// `log_format = "text"` or `"json"`.
    pub log_format: Option<Spanned<LogFormat>>,
    /// `[limits]`.
    #[serde(default)]
    pub limits: FileLimits,
}

/// `[limits]` of the config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileLimits {
    /// `max_connections`.
    pub max_connections: Option<Spanned<usize>>,
    /// `max_in_flight`.
    pub max_in_flight: Option<Spanned<usize>>,
    /// `max_uri`.
    pub max_uri: Option<Spanned<usize>>,
    /// `max_buckets_per_day`.
    pub max_buckets_per_day: Option<Spanned<usize>>,
    /// `max_installs_per_day`.
    pub max_installs_per_day: Option<Spanned<usize>>,
    /// `header_timeout`.
    pub header_timeout: Option<Spanned<String>>,
    /// `request_timeout`.
    pub request_timeout: Option<Spanned<String>>,
    /// `write_timeout`.
    pub write_timeout: Option<Spanned<String>>,
    /// `shutdown_grace`.
    pub shutdown_grace: Option<Spanned<String>>,
}

/// A config file as read: its path, its text (for line numbers) and its values.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    /// The file.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// Its values.
    pub values: FileSettings,
}

impl ConfigFile {
    /// Reads and parses the file at `path`.
    pub fn read(path: &Path) -> Result<ConfigFile, SettingsError> {
        let text = read_text(path, CONFIG_LIMIT).map_err(|source| SettingsError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        ConfigFile::parse(path, text)
    }

    /// Parses `text`, naming `path` in errors.
    pub fn parse(path: &Path, text: String) -> Result<ConfigFile, SettingsError> {
        let values = toml::from_str(&text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            let (line, column) = line_column(&text, at);
            let message = e.message().trim().replace('\n', " ");
            // toml names an unknown key, not the key of a value of the wrong type.
            let message = match key_at(&text, at) {
                Some(key) if !message.contains(&format!("`{key}`")) => format!("{key}: {message}"),
                _ => message,
            };
            SettingsError::Parse {
                path: path.to_path_buf(),
                line,
                column,
                message,
            }
        })?;
        Ok(ConfigFile {
            path: path.to_path_buf(),
            text,
            values,
        })
    }

    /// The 1-based line and column of the byte `offset`.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        line_column(&self.text, offset)
    }
}

/// The key written on the line of `offset`, when the line is `key = …`.
fn key_at(text: &str, offset: usize) -> Option<&str> {
    let start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let line = text.get(start..)?.lines().next()?;
    let key = line.split_once('=')?.0.trim();
    let bare = |c: char| c.is_ascii_alphanumeric() || "_-.".contains(c);
    (!key.is_empty() && key.chars().all(bare)).then_some(key)
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
