//! The one mapping from errors to exit codes: 0 success, 1 the operation failed, 2 the command
//! line, the settings or a file the operator wrote (the config, the releases) is wrong.
//!
//! Each error type is turned into a [`Failure`] by a `From` impl here, which picks its code,
//! so no call site chooses one. A failure prints its causes once each. A closed pipe
//! (`gitops-checkpoint report | head`) is not a failure.

use std::fmt;

use crate::releases::ReleasesError;
use crate::server::ServeError;
use crate::settings::SettingsError;
use crate::store::StoreError;

/// A failed command: the error and its exit code.
#[derive(Debug)]
pub struct Failure {
    code: u8,
    error: anyhow::Error,
}

/// Checks were counted but the store failed through the final flush.
#[derive(Debug, thiserror::Error)]
#[error("{0} checks could not be written")]
pub struct LostChecks(pub u64);

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
    /// The error and its causes, each once (a message that already quotes its cause does not
    /// repeat it).
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

exit_code!(OPERATION => std::io::Error, serde_json::Error, StoreError, LostChecks);
exit_code!(USAGE => SettingsError, ReleasesError);

impl From<ServeError> for Failure {
    fn from(error: ServeError) -> Failure {
        match error {
            ServeError::Releases(e) => e.into(),
            ServeError::Store(e) => e.into(),
            e @ ServeError::Bind { .. } => Failure::new(OPERATION, e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("PostgreSQL connect: {0}")]
    struct Quoting(#[source] std::io::Error);

    #[test]
    fn causes_are_shown_once_and_codes_follow_the_kind() {
        let io = std::io::Error::other("connection refused");
        let f = Failure::new(OPERATION, Quoting(io));
        assert_eq!(f.to_string(), "PostgreSQL connect: connection refused");
        assert_eq!(Failure::from(LostChecks(3)).code(), 1);
        assert_eq!(Failure::from(SettingsError::NoDataDir).code(), 2);
        let pipe = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        assert!(Failure::from(pipe).is_broken_pipe());
    }
}
