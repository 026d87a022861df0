//! The telemetry and feedback side of the Weave GitOps CLI.
//!
//! A command line becomes anonymous usage telemetry in a few steps, each one module:
//!
//! ```text
//!  argv ──vocabulary──▶ verbs ──event──▶ Event ──queue──▶ pending.jsonl
//!                                                              │
//!        consent (env, config.toml, Go CLI opt-out) ──gate─────┤
//!                                                              ▼
//!  signature ──▶ request::build ──▶ CheckpointRequest ──transport──▶ checkpoint server
//!                     │                                              │
//!                 preview (same bytes)            sent_log, updates ◀┘ (answer)
//! ```
//!
//! # Layers
//!
//! Every import points down; no module imports one above it:
//!
//! ```text
//!  cli      tui            the two front ends: siblings that never import each other
//!  ────────────────
//!  telemetry               event, record, queue, signature, request, preview, transport,
//!                          delivery, updates, sent_log, schedule, choice, stats
//!  feedback                channels, issue, browser, clipboard
//!  context                 env + paths + config (+ its error) + vocabulary, loaded once
//!  consent                 who decides, and why
//!  config                  paths, env, config.toml, URL rules, the consent edit
//!  text  fsutil            shared wording; atomic writes
//!  ────────────────
//!  checkpoint_protocol     (its own crate) vocabulary, query, answer, Go platform names,
//!                          routes, stats and their sections, the string walk, the refusal
//! ```
//!
//! `feedback` and `telemetry` do not import each other. The core knows nothing of clap,
//! ratatui or crossterm; only `telemetry::transport` knows reqwest.
//!
//! # Embedding
//!
//! A host CLI records each command it runs with [`record`]: it appends one event and returns
//! at once, never waiting on the network (a detached `gitops telemetry send --background`
//! delivers later, only with consent). [`send`] delivers, [`explain`] shows the exact request
//! [`build`] makes, which is the one the transport sends.
//!
//! ```
//! use gitops_feedback::{Context, Env, Paths, Recorded, record};
//!
//! let home = tempfile::tempdir()?;
//! let ctx = Context::with_paths(Env::empty(), Paths::under(home.path()));
//! let argv: Vec<String> = ["--namespace", "flux-system", "get", "config"]
//!     .map(String::from)
//!     .to_vec();
//! // No sender program given: nothing is started in the background.
//! let recorded = record(&ctx, &argv, Some("0.38.0"), None)?;
//! assert!(matches!(recorded, Recorded::Queued { sender_started: false, .. }));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cli;
mod config;
mod consent;
mod context;
mod feedback;
mod fsutil;
mod telemetry;
mod text;
mod tui;

pub use checkpoint_protocol::vocabulary::{Edition, Reduction, Vocabulary, VocabularyError};
pub use config::{Config, ConfigError, ConsentSetting, Env, NoHome, Paths};
pub use consent::{Consent, Decision};
pub use context::Context;
pub use telemetry::delivery::{DeliveryError, SendOptions, SendReport, send};
pub use telemetry::event::Event;
pub use telemetry::preview::{Preview, explain};
pub use telemetry::record::{RecordError, Recorded, SkipReason, record, record_of};
pub use telemetry::request::{CheckpointRequest, Target, build};
pub use telemetry::signature::{Signature, resolve as resolve_signature};
pub use telemetry::transport::{Http, Response, Transport, TransportError};

/// Runs the `gitops` command line of this process (with the console for `gitops feedback`) and
/// gives its exit code: 0 success, 1 the operation failed, 2 usage or configuration error.
pub fn cli_main() -> std::process::ExitCode {
    cli::main(tui::run)
}

/// The `gitops` command line as clap defines it: what its man pages and shell completions are
/// generated from (`cargo xtask man`, `cargo xtask completions`, `gitops completions`).
pub fn command() -> clap::Command {
    cli::command()
}
