//! The one mapping from errors to exit codes: 0 success, 1 the operation failed, 2 the input
//! or the configuration is wrong.
//!
//! Each library error type is turned into a [`Failure`] by a `From` impl here, which picks its
//! code, so no call site chooses one. A closed pipe (`gitops … | head`) is not a failure.

use std::fmt;

use checkpoint_protocol::vocabulary::VocabularyError;

use crate::config::go_cli::GoCliWriteError;
use crate::config::rules::UrlError;
use crate::config::{ConfigError, NoHome};
use crate::feedback::channels::UnknownChannel;
use crate::telemetry::choice::ConsentError;
use crate::telemetry::delivery::DeliveryError;
use crate::telemetry::record::RecordError;
use crate::telemetry::stats::StatsError;
use crate::telemetry::transport::TransportError;

/// A failed command: the error and its exit code.
#[derive(Debug)]
pub struct Failure {
    code: u8,
    error: anyhow::Error,
}

/// A command line the CLI cannot act on (exit code 2), in one sentence.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// The operation did not succeed (exit code 1), in one sentence.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct OperationError(pub String);

/// The config file is broken: the command said what it could, and fails (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}; nothing is sent until it is fixed")]
pub struct BrokenConfig(pub String);

const OPERATION: u8 = 1;
const USAGE: u8 = 2;

impl Failure {
    fn new(code: u8, error: impl Into<anyhow::Error>) -> Failure {
        Failure {
            code,
            error: error.into(),
        }
    }

    /// The exit code.
    pub fn code(&self) -> u8 {
        self.code
    }

    /// Whether the output went to a closed pipe, which is not an error.
    pub fn is_broken_pipe(&self) -> bool {
        self.error.chain().any(|e| {
            e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        })
    }
}

impl fmt::Display for Failure {
    /// The error and its causes, each once.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.error.to_string();
        for cause in self.error.chain().skip(1) {
            let cause = cause.to_string();
            if !shown.contains(&cause) {
                shown.push_str(": ");
                shown.push_str(&cause);
            }
        }
        f.write_str(&shown)
    }
}

/// `From` impls that give an error type its exit code.
macro_rules! exit_code {
    ($code:expr => $($error:ty),+ $(,)?) => {$(
        impl From<$error> for Failure {
            fn from(error: $error) -> Failure {
                Failure::new($code, error)
            }
        }
    )+};
}

exit_code!(OPERATION => std::io::Error, OperationError, TransportError, serde_json::Error, GoCliWriteError);
exit_code!(USAGE => UsageError, BrokenConfig, ConfigError, VocabularyError, UrlError, UnknownChannel, NoHome);

impl From<RecordError> for Failure {
    fn from(error: RecordError) -> Failure {
        match error {
            RecordError::Vocabulary(e) => e.into(),
            e @ RecordError::Version(_) => Failure::new(USAGE, e),
            e @ RecordError::Queue { .. } => Failure::new(OPERATION, e),
        }
    }
}

impl From<ConsentError> for Failure {
    fn from(error: ConsentError) -> Failure {
        match error {
            ConsentError::Config(e) => e.into(),
            e @ ConsentError::Purge { .. } => Failure::new(OPERATION, e),
        }
    }
}

impl From<DeliveryError> for Failure {
    fn from(error: DeliveryError) -> Failure {
        match error {
            DeliveryError::Vocabulary(e) => e.into(),
            e @ DeliveryError::Io(_) => Failure::new(OPERATION, e),
        }
    }
}

impl From<StatsError> for Failure {
    fn from(error: StatsError) -> Failure {
        match error {
            // The file names the endpoint: the configuration is wrong.
            e @ StatsError::Config(_) => Failure::new(USAGE, e),
            // An opt-out in the environment was honoured, but the stats asked for are not
            // shown: the operation did not succeed.
            e => Failure::new(OPERATION, e),
        }
    }
}
