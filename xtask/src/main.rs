//! The workspace's build tasks, run as `cargo xtask TASK` (an alias in `.cargo/config.toml`):
//!
//! - `man OUT_DIR`: a man page for each binary and every subcommand (`gitops-telemetry-send.1`),
//!   from the clap definitions the binaries parse with, plus the sections of [`sections`];
//! - `completions OUT_DIR`: bash, zsh, fish, elvish and PowerShell completions of both;
//! - `deb`: both generated into `target/assets/`, the release binaries, then one Debian package
//!   per binary with `cargo deb` into `target/debian/` ([`deb`]).
//!
//! Owns only generation and packaging; what a command is lives in each crate's `command()`.

mod binaries;
mod completions;
mod deb;
mod man;
mod sections;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["man", out] => man::generate_all(&PathBuf::from(out)),
        ["completions", out] => completions::generate_all(&PathBuf::from(out)),
        ["deb"] => deb::build(),
        _ => {
            eprintln!("usage: cargo xtask man OUT_DIR | completions OUT_DIR | deb");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
