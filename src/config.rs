//! The user's configuration file: strict parsing, built-in defaults, validation and edits.
//!
//! Owns `config.toml`: its schema (unknown keys are errors), the defaults that
//! `config.example.toml` documents, validation with messages naming the file, key and value,
//! and the one edit the tool makes itself (the consent key), through `toml_edit` so comments
//! and layout survive, written atomically. It does not decide consent; `consent` does.

mod duration;
mod validate;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use duration::HumanDuration;

/// The configuration with every default filled in.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `[telemetry]`
    pub telemetry: TelemetryConfig,
    /// `[updates]`
    pub updates: UpdatesConfig,
    /// `[feedback]`
    pub feedback: FeedbackConfig,
}

/// The consent recorded in the config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsentSetting {
    /// The user allowed telemetry.
    Granted,
    /// The user refused telemetry.
    Denied,
}

/// How the anonymous signature is made (§5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SignatureMode {
    /// Derived from the machine id as go-checkpoint does, else random.
    #[default]
    System,
    /// A random UUID kept in the data directory.
    Random,
    /// An empty signature.
    None,
}

/// When the update check runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum UpdateCheck {
    /// Only as the answer to telemetry requests.
    #[default]
    WithTelemetry,
    /// Also an update-only request when telemetry is not granted.
    Always,
    /// Never show update notices.
    Never,
}

/// `[telemetry]`
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TelemetryConfig {
    /// `"granted"` or `"denied"`; absent means undecided.
    pub consent: Option<ConsentSetting>,
    /// The checkpoint server.
    pub endpoint: String,
    /// The product name in the request path.
    pub product: String,
    /// How the signature is made.
    pub signature: SignatureMode,
    /// Whether `record` starts a background sender (events, or the update-only check).
    pub auto_send: bool,
    /// The least time between two automatic sends.
    pub send_interval: HumanDuration,
    /// The most events kept pending; older ones are dropped.
    pub max_pending: usize,
    /// Pending events older than this are dropped, never sent.
    pub max_age: HumanDuration,
    /// The time one request may take.
    pub timeout: HumanDuration,
    /// An alternative command vocabulary file.
    pub commands: Option<PathBuf>,
}

impl Default for TelemetryConfig {
    fn default() -> Self {
        TelemetryConfig {
            consent: None,
            endpoint: "https://checkpoint-api.weave.works".into(),
            product: "weave-gitops".into(),
            signature: SignatureMode::System,
            auto_send: true,
            send_interval: HumanDuration::from_secs(3600),
            max_pending: 1000,
            max_age: HumanDuration::from_secs(30 * 86400),
            timeout: HumanDuration::from_secs(3),
            commands: None,
        }
    }
}

/// `[updates]`
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UpdatesConfig {
    /// When to check.
    pub check: UpdateCheck,
    /// The least time between two update-only requests.
    pub interval: HumanDuration,
}

impl Default for UpdatesConfig {
    fn default() -> Self {
        UpdatesConfig {
            check: UpdateCheck::WithTelemetry,
            interval: HumanDuration::from_secs(86400),
        }
    }
}

/// `[feedback]`
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FeedbackConfig {
    /// `owner/name` of the GitHub repository issues go to.
    pub repository: String,
    /// Channels that add to or replace (by id) the built-in ones.
    pub channels: Vec<ChannelOverride>,
}

impl Default for FeedbackConfig {
    fn default() -> Self {
        FeedbackConfig {
            repository: "weaveworks/weave-gitops".into(),
            channels: Vec::new(),
        }
    }
}

/// One `[[feedback.channels]]` entry.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelOverride {
    /// The id used on the command line; an existing id replaces that channel.
    pub id: String,
    /// The name shown to people.
    pub name: Option<String>,
    /// One line saying what the channel is for.
    pub description: Option<String>,
    /// An `https://` address.
    pub url: String,
}

/// Why the configuration cannot be used. Each message names the file, and where it can, the
/// line, column, key and value.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file exists but cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The config file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is not valid TOML or does not fit the schema.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Parse {
        /// The config file.
        path: PathBuf,
        /// 1-based line of the fault.
        line: usize,
        /// 1-based column of the fault.
        column: usize,
        /// What is wrong, naming the key or value.
        message: String,
    },
    /// A value parsed but is not acceptable.
    #[error("{}: {key} = {value:?}: {reason}", path.display())]
    Invalid {
        /// The config file.
        path: PathBuf,
        /// The dotted key.
        key: String,
        /// The value as written.
        value: String,
        /// Why it is refused.
        reason: String,
    },
    /// The file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The config file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

impl Config {
    /// Reads and validates `path`; a missing file gives the defaults.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// Parses and validates `text`, naming `path` in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| line_column(text, s.start))
                .unwrap_or((1, 1));
            ConfigError::Parse {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message().trim().replace('\n', " "),
            }
        })?;
        validate::check(&config, path)?;
        Ok(config)
    }

    /// The request timeout: `CHECKPOINT_TIMEOUT` (milliseconds) when set and valid, else the file's.
    pub fn request_timeout(&self, env: &crate::env::Env) -> Duration {
        env.non_empty("CHECKPOINT_TIMEOUT")
            .and_then(|ms| ms.trim().parse::<u64>().ok())
            .filter(|ms| *ms > 0)
            .map(Duration::from_millis)
            .unwrap_or(self.telemetry.timeout.0)
    }
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Sets (or, with `None`, removes) `[telemetry] consent` in the file at `path`, keeping every
/// other byte of the file, and writes it atomically. A file that does not parse is left alone.
pub fn write_consent(path: &Path, consent: Option<ConsentSetting>) -> Result<(), ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    // Refuse to rewrite a file that is not valid config: the user's text is worth more than ours.
    Config::parse(&text, path)?;
    let mut doc: toml_edit::DocumentMut = text.parse().expect("validated above");
    if !doc.contains_key("telemetry") {
        let mut table = toml_edit::Table::new();
        // Comments after the last item belong to the document's end; keep them above the new
        // table instead of letting them drift below it.
        let trailing = doc.trailing().as_str().unwrap_or_default().to_string();
        if !trailing.trim().is_empty() {
            table.decor_mut().set_prefix(format!("{trailing}\n"));
            doc.set_trailing("");
        }
        doc["telemetry"] = toml_edit::Item::Table(table);
    }
    let table = doc["telemetry"]
        .as_table_like_mut()
        .expect("validated as a table");
    match consent {
        Some(setting) => {
            let value = match setting {
                ConsentSetting::Granted => "granted",
                ConsentSetting::Denied => "denied",
            };
            match table
                .get_mut("consent")
                .and_then(|item| item.as_value_mut())
            {
                Some(existing) => {
                    let decor = existing.decor().clone();
                    *existing = toml_edit::Value::from(value);
                    *existing.decor_mut() = decor;
                }
                None => {
                    table.insert("consent", toml_edit::value(value));
                }
            }
        }
        None => {
            table.remove("consent");
        }
    }
    crate::fsutil::write_atomic(path, doc.to_string().as_bytes()).map_err(|source| {
        ConfigError::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

#[cfg(test)]
mod tests;
