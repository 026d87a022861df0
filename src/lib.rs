//! The telemetry and feedback side of the Weave GitOps CLI.
//!
//! The data flow, left to right; every arrow is one module:
//!
//! ```text
//!  argv ──vocabulary──▶ verbs ──event──▶ Event ──queue──▶ pending.jsonl
//!                                                              │
//!        consent (env, config.toml, Go CLI opt-out) ──gate─────┤
//!                                                              ▼
//!  signature ──▶ request::build ──▶ CheckpointRequest ──transport──▶ checkpoint server
//!                     │                                              │
//!                 preview (same bytes)             sentlog, updates ◀┘ (answer)
//! ```
//!
//! [`record::record`] is what an embedding CLI calls: it appends one event and returns, never
//! waiting on the network. [`delivery::send`] sends, only with consent. [`preview::explain`]
//! shows the exact request [`request::build`] makes, which is the one the transport sends.
//! The feedback channels and prefilled issues live in [`feedback`]; the terminal console in
//! [`tui`]. The core knows nothing of clap, ratatui or crossterm.

pub mod actions;
pub mod cli;
pub mod config;
pub mod consent;
pub mod context;
pub mod delivery;
pub mod env;
pub mod event;
pub mod feedback;
pub mod fsutil;
pub mod paths;
pub mod preview;
pub mod queue;
pub mod record;
pub mod request;
pub mod sentlog;
pub mod signature;
pub mod transport;
pub mod tui;
pub mod updates;
pub mod vocabulary;
