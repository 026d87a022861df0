//! The one mapping from errors to exit codes: 0 success, 1 the operation failed, 2 the command
//! line, the settings or a file the operator wrote (the config, the releases) is wrong.
//!
//! Each error type says its [`Kind`] once, in a [`Classified`] impl here, and becomes a
//! [`Failure`] with `?`; no call site picks a code. A failure shows its causes once each. A
//! closed pipe (`gitops-checkpoint report | head`) is not a failure.

use std::error::Error;
use std::fmt;

use crate::releases::ReleasesError;
use crate::server::ServeError;
use crate::settings::SettingsError;
use crate::store::StoreError;

/// What kind of failure, which gives the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The operation did not succeed: exit code 1.
    Operation,
    /// The command line, the settings or a file the operator wrote is wrong: exit code 2.
    Usage,
}

/// An error that knows its kind.
pub trait Classified: Error + Send + Sync + 'static {
    /// The kind of this error.
    fn kind(&self) -> Kind;
}

/// A failed command: the error and its kind.
#[derive(Debug)]
pub struct Failure {
    kind: Kind,
    error: Box<dyn Error + Send + Sync>,
}

impl<E: Classified> From<E> for Failure {
    fn from(error: E) -> Failure {
        Failure {
            kind: error.kind(),
            error: Box::new(error),
        }
    }
}

/// Checks were counted but the store failed through the final flush.
#[derive(Debug, thiserror::Error)]
#[error("{0} checks could not be written")]
pub struct LostChecks(pub u64);

impl Failure {
    /// The exit code.
    pub fn code(&self) -> u8 {
        match self.kind {
            Kind::Operation => 1,
            Kind::Usage => 2,
        }
    }

    /// The error, then its causes.
    fn chain(&self) -> impl Iterator<Item = &(dyn Error + 'static)> {
        let first: &(dyn Error + 'static) = &*self.error;
        std::iter::successors(Some(first), |&e| e.source())
    }

    /// Whether the output went to a closed pipe, which is not an error.
    pub fn is_broken_pipe(&self) -> bool {
        self.chain().any(|e| {
            e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        })
    }
}

impl fmt::Display for Failure {
    /// The error and its causes, each once: a message that already quotes its cause (as most
    /// of this crate's do) does not repeat it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.chain().fold(String::new(), |shown, e| {
            let e = e.to_string();
            if shown.is_empty() {
                e
            } else if shown.contains(&e) {
                shown
            } else {
                format!("{shown}: {e}")
            }
        });
        f.write_str(&shown)
    }
}

impl Classified for ReleasesError {
    /// The operator's file is wrong, as the client's config file would be.
    fn kind(&self) -> Kind {
        Kind::Usage
    }
}

impl Classified for ServeError {
    fn kind(&self) -> Kind {
        match self {
            ServeError::Releases(e) => e.kind(),
            ServeError::Store(e) => e.kind(),
            ServeError::Bind { .. } | ServeError::Signal(_) => Kind::Operation,
        }
    }
}

/// `Classified` impls for error types of one kind.
macro_rules! kind {
    ($kind:expr => $($error:ty),+ $(,)?) => {$(
        impl Classified for $error {
            fn kind(&self) -> Kind {
                $kind
            }
        }
    )+};
}

// A URL that cannot be a database is refused with the settings: a store error is the store
// not answering.
kind!(Kind::Operation => StoreError, LostChecks, std::io::Error, serde_json::Error);
kind!(Kind::Usage => SettingsError);

impl Classified for crate::publication::PublishError {
    fn kind(&self) -> Kind {
        match self {
            crate::publication::PublishError::Unserved(_) => Kind::Usage,
            crate::publication::PublishError::Store(_) => Kind::Operation,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("PostgreSQL connect: {0}")]
    struct Quoting(#[source] std::io::Error);

    impl Classified for Quoting {
        fn kind(&self) -> Kind {
            Kind::Operation
        }
    }

    #[derive(Debug, thiserror::Error)]
    #[error("cannot start")]
    struct Wrapping(#[source] std::io::Error);

    impl Classified for Wrapping {
        fn kind(&self) -> Kind {
            Kind::Usage
        }
    }

    #[test]
    fn causes_are_shown_once_and_codes_follow_the_kind() {
        let quoting = Failure::from(Quoting(std::io::Error::other("connection refused")));
        assert_eq!(
            quoting.to_string(),
            "PostgreSQL connect: connection refused"
        );
        let wrapping = Failure::from(Wrapping(std::io::Error::other("refused")));
        assert_eq!(wrapping.to_string(), "cannot start: refused");
        assert_eq!(wrapping.code(), 2);
        assert_eq!(Failure::from(LostChecks(3)).code(), 1);
        assert_eq!(Failure::from(SettingsError::NoDataDir).code(), 2);
        let pipe = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        assert!(Failure::from(pipe).is_broken_pipe());
        assert!(!Failure::from(LostChecks(1)).is_broken_pipe());
    }
}
