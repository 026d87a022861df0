//! `gitops-checkpoint`: a self-hosted checkpoint endpoint that keeps only anonymous aggregates
//! and shows them to everyone.
//!
//! ```text
//!  GET /v1/check/{product}?…  ──server::routes──▶ received::CheckRules::parse (protocol crate)
//!        │                                            │ 400 + reason, counted, never stored
//!        ▼                                            ▼
//!  answer ◀── releases (file, reloaded)     aggregate::Aggregator  (memory: bucket → checks,
//!  (served::ServedAnswer)                             │              HyperLogLog sketch)
//!  sent once written ◀── commit ◀──  flusher: a write when a check waits, one Batch, once
//!                                                     ▼
//!                                   store: SQLite file │ PostgreSQL + hll (any instances)
//!                                                     ▼
//!  closed day + delay ──▶ publication::release: the day's cells, noise drawn once, threshold
//!                                                     ▼ (stored, never recomputed)
//!  GET /v1/stats/{product} ◀── publication::Publisher ◀── released cells ──▶ report
//! ```
//!
//! # Layers
//!
//! Every import points down:
//!
//! ```text
//!  cli                      commands, logs, runtime, the one error → exit code mapping
//!  server (routes, error, reply)  HTTP, limits, shutdown; every error answer and its status
//!  web (charts, svg, page)  the aggregate as HTML pages, SVG charts, CSV and JSON downloads
//!  demo  flusher  publication  report   made-up counts; writing batches and retention;
//!                           releases, what is public
//!  store (sqlite, postgres, sql, migrations)  the Store trait, one file per backend,
//!                           the bucket's columns once, numbered schema migrations
//!  aggregate  releases      in-memory buckets; the releases file and answers
//!  commit  metrics  settings  sketch  versions  the group commit's tickets; counters;
//!                           flags over file over defaults, one pass; HLL; which versions
//!                           become buckets
//!  fsutil                   bounded reads of the files the operator names
//!  ─────────────
//!  checkpoint_protocol      vocabulary, received (the acceptance rule), served, stats and
//!                           its sections, routes, the Refusal body, DEFAULT_PRODUCT
//! ```
//!
//! The vocabulary, the request, the answer, the stats schema and its reading, the route paths
//! and the error body come from the protocol crate the client uses; nothing here defines them
//! again. `tests/layers.rs` (in the workspace root) checks this drawing.
//!
//! # Embedding
//!
//! ```
//! use checkpoint_protocol::received::CheckRules;
//! use gitops_checkpoint::aggregate::Aggregator;
//!
//! let rules = CheckRules::builtin();
//! let check = rules
//!     .parse("arch=amd64&flag_command=cluster&flag_object=add&flag_rc=no&os=linux&signature=&version=0.38.0")
//!     .unwrap();
//! let limits = gitops_checkpoint::aggregate::DayLimits {
//!     max_buckets: 100_000,
//!     max_installs: 1_000_000,
//! };
//! let aggregator = Aggregator::new(rules, limits);
//! let today = gitops_checkpoint::aggregate::today();
//! aggregator.count(today, "weave-gitops", &check.version, &check);
//! assert_eq!(aggregator.drain().checks(), 1);
//! ```

pub mod aggregate;
pub mod cli;
pub mod commit;
pub mod demo;
pub mod flusher;
mod fsutil;
pub mod metrics;
pub mod publication;
pub mod releases;
pub mod report;
pub mod server;
pub mod settings;
pub mod sketch;
pub mod store;
pub mod versions;
pub mod web;
