//! `cargo xtask deb`: the man pages (gzipped, `target/assets/man/BINARY/`) and completions
//! into `target/assets/`, the release binaries, then `cargo deb --no-build` for each binary's
//! package, into `target/debian/`. What each package holds is its crate's
//! `[package.metadata.deb]`.
//!
//! `cargo-deb` (`cargo install cargo-deb --locked`) builds the packages rather than
//! `dpkg-deb --build` by hand: it writes the control file, md5sums, the conffiles and the
//! systemd maintainer snippets (which enable nothing and never touch the data directory)
//! from the Cargo metadata, so each package is described in one place, next to its crate.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::binaries::BINARIES;

/// Generates the assets, builds the binaries and both packages.
pub fn build() -> std::io::Result<()> {
    let root = workspace_root();
    let assets = target_dir(&root).join("assets");
    for binary in &BINARIES {
        crate::man::generate(binary, &assets.join("man").join(binary.name), true)?;
    }
    crate::completions::generate_all(&assets.join("completions"))?;
    let mut cargo_build = cargo(&root);
    cargo_build.args(["build", "--release", "--locked", "--bins"]);
    for binary in &BINARIES {
        cargo_build.args(["--package", binary.package]);
    }
    run(&mut cargo_build)?;
    for binary in &BINARIES {
        run(cargo(&root).args(["deb", "--no-build", "--locked", "--package", binary.package]))?;
    }
    Ok(())
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ is in the workspace")
        .to_path_buf()
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

fn cargo(root: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root);
    command
}

fn run(command: &mut Command) -> std::io::Result<()> {
    let status = command.status()?;
    if status.success() {
        Ok(())
    } else {
        Err(std::io::Error::other(format!(
            "{command:?} failed: {status}"
        )))
    }
}
