//! The console without a terminal: keys in, state and effects out (`keys`, and at its edges
//! `edges`), the mouse and pastes (`pointer`), the worker's jobs and file watching (`worker`),
//! and every screen rendered to a `TestBackend` and snapshotted (`screens`), over the
//! `fixtures`.

mod edges;
mod fixtures;
mod keys;
mod pointer;
mod screens;
mod worker;
