//! The ways to reach the team: channels, prefilled GitHub issues, and getting a link to the
//! user (a browser, or printing and copying it).
//!
//! - [`channels`]: the built-in channels and the config's additions.
//! - [`issue`]: the issue's final text and link, reviewed before anything opens.
//! - [`browser`]: opening a link (`BROWSER`, the platform's opener, or "print it").
//! - [`clipboard`]: the OSC 52 sequence that copies text through the terminal.
//!
//! It takes the values it needs (channel overrides, the repository, the environment) and
//! knows nothing of telemetry, contexts or front ends.

pub mod browser;
pub mod channels;
pub mod clipboard;
pub mod issue;
