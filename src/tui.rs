//! The terminal console (`gitops feedback`).

use crate::context::Context;

/// Runs the console until the user quits.
pub fn run(_ctx: Context) -> std::io::Result<()> {
    Err(std::io::Error::other("the console is not built yet"))
}
