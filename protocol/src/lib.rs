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
//! - [`routes`]: every path a collector serves, and the paths a client asks for.
//! - [`stats`]: the public aggregate and the policy, and the one reading of them
//!   ([`stats::Stats::sections`]) every front end draws from.
//! - [`refusal`]: the one body of every error answer.
//! - [`strings`]: one walk over every string of the types above, so front ends clean by type.
//! - [`received`] and [`served`]: what a collector checks of a request, and what it answers.
//!
//! No I/O (a caller reads an alternative vocabulary file); no HTTP client or server.

pub mod answer;
pub mod platform;
pub mod query;
pub mod received;
pub mod refusal;
pub mod routes;
pub mod served;
pub mod stats;
pub mod strings;
pub mod vocabulary;

/// The product a client reports and a collector serves unless told otherwise.
pub const DEFAULT_PRODUCT: &str = "weave-gitops";
