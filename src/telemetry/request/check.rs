//! What an event must be before it may become a request: the wire only ever carries names.
//!
//! An event read from disk may have been written by anyone. Before a request is built from
//! it, its `(object, command)` must be a pair the vocabulary can give, its `os` and `arch`
//! Go's names, and its version a version (a digit, optionally after `v`, then at most 63
//! letters, digits and `.+-_~`). Anything else is refused: the sender drops and counts such an
//! event, `pending` flags it. No I/O.

use std::collections::HashSet;

use checkpoint_protocol::platform::{GO_ARCH, GO_OS};
use checkpoint_protocol::vocabulary::Vocabulary;

use crate::telemetry::event::Event;
use crate::text::printable;

/// The longest version sent.
pub const MAX_VERSION: usize = 64;

/// Why an event can never be sent. Values are shown as they would print, made printable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// The verbs are not a pair of the command vocabulary.
    #[error("{object:?} {command:?} is not a gitops command of the vocabulary")]
    NotAVerbPair {
        /// `flag_object` as found.
        object: String,
        /// `flag_command` as found.
        command: String,
    },
    /// `os` is not one of Go's names.
    #[error("os {0:?} is not one of Go's operating system names")]
    Os(String),
    /// `arch` is not one of Go's names.
    #[error("arch {0:?} is not one of Go's architecture names")]
    Arch(String),
    /// The version does not look like a version.
    #[error(
        "version {0:?} is not a version: a digit (after an optional v), then at most {MAX_VERSION} letters, digits and . + - _ ~"
    )]
    Version(String),
}

fn shown(s: &str) -> String {
    printable(s).chars().take(80).collect()
}

/// Refuses a version that does not look like one.
pub fn check_version(version: &str) -> Result<(), Refused> {
    let digits = version.strip_prefix('v').unwrap_or(version);
    let ok = version.len() <= MAX_VERSION
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && version
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".+-_~".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(Refused::Version(shown(version)))
    }
}

/// The `(object, command)` pairs a vocabulary allows, gathered once for many checks.
#[derive(Debug, Clone)]
pub struct Allowed(HashSet<(String, String)>);

impl Allowed {
    /// The pairs of `vocabulary` (see `Vocabulary::pairs`).
    pub fn new(vocabulary: &Vocabulary) -> Allowed {
        Allowed(vocabulary.pairs().into_iter().collect())
    }

    /// Allows the pairs of `vocabulary` too.
    pub fn extend(&mut self, vocabulary: &Vocabulary) {
        self.0.extend(vocabulary.pairs());
    }

    fn allows(&self, object: &str, command: &str) -> bool {
        self.0.contains(&(object.to_string(), command.to_string()))
    }
}

/// Refuses an event any of whose sent fields is not a name the protocol allows.
pub fn check(allowed: &Allowed, event: &Event) -> Result<(), Refused> {
    if !allowed.allows(&event.object, &event.command) {
        return Err(Refused::NotAVerbPair {
            object: shown(&event.object),
            command: shown(&event.command),
        });
    }
    if !GO_OS.contains(&event.os.as_str()) {
        return Err(Refused::Os(shown(&event.os)));
    }
    if !GO_ARCH.contains(&event.arch.as_str()) {
        return Err(Refused::Arch(shown(&event.arch)));
    }
    check_version(&event.version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_pass() {
        let vocabulary = Vocabulary::builtin();
        let allowed = Allowed::new(&vocabulary);
        let good = Event::new(
            &vocabulary.reduce(&["get", "app"]),
            "0.6.2-RC1+b.7",
            jiff::Timestamp::UNIX_EPOCH,
        );
        assert_eq!(check(&allowed, &good), Ok(()));
        type Spoil = fn(&mut Event);
        let cases: [(Spoil, &str); 5] = [
            (
                |e| e.object = "secret-project".into(),
                "\"secret-project\" \"app\" is not a gitops command",
            ),
            (
                |e| e.command = "--token=hunter2".into(),
                "\"--token=hunter2\" is not",
            ),
            (|e| e.os = "linux\u{1b}[2J".into(), "os \"linux[2J\""),
            (|e| e.arch = "x86_64".into(), "arch \"x86_64\""),
            (
                |e| e.version = "hunter2".into(),
                "version \"hunter2\" is not a version",
            ),
        ];
        for (spoil, want) in cases {
            let mut e = good.clone();
            spoil(&mut e);
            let err = check(&allowed, &e).unwrap_err().to_string();
            assert!(err.contains(want), "{err}");
        }
        for v in ["1.0", "v0.38.0-12-gabcdef", "0.6.2"] {
            assert_eq!(check_version(v), Ok(()), "{v}");
        }
        for v in ["", "v", "x1", "1 2", "1/2", &"1".repeat(65)] {
            assert!(check_version(v).is_err(), "{v}");
        }
    }
}
