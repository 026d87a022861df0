//! The console without a terminal: keys in, state and effects out (`keys`), and every screen
//! rendered to a `TestBackend` and snapshotted (`screens`), over the `fixtures`.

mod fixtures;
mod keys;
mod screens;
