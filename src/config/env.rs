//! A snapshot of the environment variables this tool reads.
//!
//! Owns the list of variables that change behaviour, so that every other module takes an
//! [`Env`] as a parameter instead of reading the process environment, and tests can pin it.
//! It must not interpret the values: consent, paths and transport do that.

use std::collections::BTreeMap;

/// Every environment variable the tool reads, documented in `docs/configuration.md`.
pub const KNOWN: &[&str] = &[
    "GITOPS_HOME",
    "CHECKPOINT_DISABLE",
    "DO_NOT_TRACK",
    "NO_UPDATE_NOTIFIER",
    "CHECKPOINT_TIMEOUT",
    "CI",
    "NO_COLOR",
    "BROWSER",
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "SSH_CONNECTION",
    "SSH_TTY",
    "TERM",
    "TERM_PROGRAM",
];

/// The values of the variables this tool reads, captured once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    vars: BTreeMap<String, String>,
}

impl Env {
    /// Captures the known variables from the running process.
    pub fn from_process() -> Self {
        let vars = KNOWN
            .iter()
            .filter_map(|name| {
                std::env::var_os(name).map(|v| (name.to_string(), v.to_string_lossy().into_owned()))
            })
            .collect();
        Env { vars }
    }

    /// An environment with no variables set: the starting point for tests.
    pub fn empty() -> Self {
        Env::default()
    }

    /// Returns this environment with `name` set to `value`.
    pub fn with(mut self, name: &str, value: &str) -> Self {
        self.vars.insert(name.to_string(), value.to_string());
        self
    }

    /// The value of `name`, if it is set (an empty value counts as set).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    /// The value of `name` when it is set and not empty.
    pub fn non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.is_empty())
    }
}
