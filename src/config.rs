//! Everything the tool is told before it runs: where its files are, the environment, and the
//! user's configuration file.
//!
//! Owns `config.toml`: its schema (unknown keys are errors), the defaults that
//! `config.example.toml` documents, validation with messages naming the file, key and value
//! ([`rules`] holds the URL rules the users of those URLs share), and the one edit the tool
//! makes itself (the consent key, in [`edit`]). [`paths`] is the only place that knows where
//! files live; [`mod@env`] the only place that reads environment variables. It does not decide
//! consent (`consent` does) and imports nothing above it.

mod duration;
mod edit;
pub mod env;
pub mod go_cli;
pub mod paths;
pub mod rules;
mod validate;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use duration::HumanDuration;
pub use edit::write_consent;
pub use env::Env;
pub use paths::{NoHome, Paths};

/// The checkpoint server requests go to unless `[telemetry] endpoint` says otherwise.
pub const DEFAULT_ENDPOINT: &str = "https://checkpoint-api.weave.works";

/// The product name in the request path unless `[telemetry] product` says otherwise.
pub use checkpoint_protocol::DEFAULT_PRODUCT;

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

impl ConsentSetting {
    /// The word written in the config file: `granted` or `denied`.
    pub fn word(self) -> &'static str {
        match self {
            ConsentSetting::Granted => "granted",
            ConsentSetting::Denied => "denied",
        }
    }
}

impl fmt::Display for ConsentSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// A word that is not a consent setting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a consent setting; use \"granted\" or \"denied\"")]
pub struct NotAConsentSetting(String);

impl FromStr for ConsentSetting {
    type Err = NotAConsentSetting;
    fn from_str(word: &str) -> Result<Self, Self::Err> {
        match word {
            "granted" => Ok(ConsentSetting::Granted),
            "denied" => Ok(ConsentSetting::Denied),
            other => Err(NotAConsentSetting(other.to_string())),
        }
    }
}

/// How the anonymous signature is made.
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
    /// The checkpoint server, checked as it was read.
    #[serde(deserialize_with = "rules::Endpoint::deserialize")]
    pub endpoint: rules::Endpoint,
    /// The product name in the request path.
    pub product: String,
    /// How the signature is made.
    pub signature: SignatureMode,
    /// Whether `record` starts a background sender (events, or the update-only check).
    pub auto_send: bool,
    /// The least time between two automatic sends.
    #[serde(deserialize_with = "duration::send_interval")]
    pub send_interval: HumanDuration,
    /// The most events kept pending; older ones are dropped.
    pub max_pending: usize,
    /// Pending events older than this are dropped, never sent.
    #[serde(deserialize_with = "duration::max_age")]
    pub max_age: HumanDuration,
    /// The time one request may take.
    #[serde(deserialize_with = "duration::timeout")]
    pub timeout: HumanDuration,
    /// An alternative command vocabulary file.
    pub commands: Option<PathBuf>,
}

impl Default for TelemetryConfig {
    fn default() -> Self {
        TelemetryConfig {
            consent: None,
            endpoint: rules::Endpoint::Builtin,
            product: DEFAULT_PRODUCT.into(),
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
    #[serde(deserialize_with = "duration::update_interval")]
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
        match crate::fsutil::read_user_file(path, crate::fsutil::CONFIG_LIMIT) {
            Ok(Some(text)) => Config::parse(&text, path),
            Ok(None) => Ok(Config::default()),
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

    /// The `[feedback]` section of the file at `path` on its own, when the file as a whole
    /// cannot be used but that section reads and validates: listing and opening channels need
    /// nothing else.
    pub fn feedback_section(path: &Path) -> Option<FeedbackConfig> {
        let text = crate::fsutil::read_user_file(path, crate::fsutil::CONFIG_LIMIT).ok()??;
        let mut table: toml::Table = toml::from_str(&text).ok()?;
        let mut only = toml::Table::new();
        if let Some(feedback) = table.remove("feedback") {
            only.insert("feedback".into(), feedback);
        }
        let text = toml::to_string(&only).ok()?;
        Config::parse(&text, path).ok().map(|c| c.feedback)
    }

    /// The request timeout: `CHECKPOINT_TIMEOUT` (milliseconds) when set and within the range
    /// of `[telemetry] timeout` (1 ms to 10 minutes), else the file's.
    pub fn request_timeout(&self, env: &Env) -> Duration {
        env.non_empty("CHECKPOINT_TIMEOUT")
            .and_then(|ms| ms.trim().parse::<u64>().ok())
            .map(Duration::from_millis)
            .filter(|d| duration::TIMEOUT.contains(*d))
            .unwrap_or(self.telemetry.timeout.0)
    }
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests;
