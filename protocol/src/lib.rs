//! The checkpoint protocol as `gitops` speaks it, defined once for both ends of the wire.
//!
//! ```text
//!  argv ──vocabulary──▶ (object, command) ─┐
//!  platform (Go's os/arch, rc rule) ───────┼──query──▶ /v1/check/{product}?arch=…&version=…
//!                                          │                       │
//!                         the client builds it, the collector parses and checks it
//!                                                                  ▼
//!                                   answer: { product, current_version, alerts, … }
//! ```
//!
//! - [`vocabulary`]: the `gitops` command tree and the reduction of a command line to the two
//!   reported verbs; the only words that may ever travel as `flag_object`/`flag_command`.
//! - [`platform`]: Go's names for operating systems and architectures, and the
//!   release-candidate rule behind `flag_rc`.
//! - [`query`]: the request path and its query, encoded exactly as Go's `url.Values.Encode`.
//! - [`answer`]: the JSON the server answers, parsed as leniently as Go's client read it.
//!
//! No I/O (a caller reads an alternative vocabulary file); no HTTP client or server.

pub mod answer;
pub mod platform;
pub mod query;
pub mod received;
pub mod served;
pub mod stats;
pub mod vocabulary;
