//! `cargo xtask deb`: a Debian package per binary, `gitops-feedback` (`gitops`) and
//! `gitops-checkpoint`, built by cargo-deb into the `debian/` directory of the target
//! directory (`target/debian/` unless `CARGO_TARGET_DIR` says otherwise).
//!
//! First the files the packages hold that no build makes: each binary's man pages into
//! `packaging/generated/man/BINARY/` and the bash, zsh and fish completions into
//! `packaging/generated/completions/` (ignored by Git), where each crate's
//! `[package.metadata.deb]` names them (cargo-deb gzips the pages). Then the release binaries,
//! then `cargo deb --no-build` for each package. What a package holds is its crate's
//! `[package.metadata.deb]`; no maintainer script of the collector's touches its data
//! directory.

use std::path::{Path, PathBuf};
use std::process::Command;

use clap_complete::Shell;

/// The packages, by the name of the crate whose metadata describes each.
const PACKAGES: [&str; 2] = ["gitops-feedback", "gitops-checkpoint"];

/// Writes the assets, builds the binaries and both packages; returns the packages' paths.
pub fn build() -> std::io::Result<Vec<PathBuf>> {
    let root = workspace_root();
    let dir = root.join("packaging").join("generated");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    assets(&dir)?;
    let mut build = cargo(&root);
    build.args(["build", "--release", "--locked", "--bins"]);
    for package in PACKAGES {
        build.args(["--package", package]);
    }
    run(&mut build)?;
    let mut debs = Vec::new();
    for package in PACKAGES {
        let out =
            run(cargo(&root).args(["deb", "--no-build", "--package", package])).map_err(|e| {
                std::io::Error::other(format!(
                    "{e} (cargo-deb builds the packages: cargo install --locked cargo-deb)"
                ))
            })?;
        // cargo-deb prints the path of the package it wrote, last.
        let path = out.lines().last().unwrap_or_default().trim();
        debs.push(PathBuf::from(path));
    }
    Ok(debs)
}

/// Writes what the packages take from the workspace's build steps into `dir`: the man pages
/// of each binary into `man/BINARY/`, and bash, zsh and fish completions into
/// `completions/`. Returns the files written.
pub fn assets(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (name, cmd, extra) in crate::binaries() {
        written.extend(crate::man_of(
            name,
            cmd,
            &extra,
            &dir.join("man").join(name),
        )?);
    }
    written.extend(crate::completions_for(
        &[Shell::Bash, Shell::Zsh, Shell::Fish],
        &dir.join("completions"),
    )?);
    Ok(written)
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ is in the workspace")
        .to_path_buf()
}

fn cargo(root: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root);
    command
}

/// Runs `command`, its stderr passed through; returns its stdout.
fn run(command: &mut Command) -> std::io::Result<String> {
    let output = command.stderr(std::process::Stdio::inherit()).output()?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(std::io::Error::other(format!(
            "{command:?} failed: {}",
            output.status
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The asset sources of a crate's `[package.metadata.deb]` that the build steps write
    /// (under `packaging/generated/`), relative to that directory.
    fn generated_sources(manifest: &Path) -> Vec<String> {
        let text = std::fs::read_to_string(manifest).unwrap();
        let toml: toml::Table = text.parse().unwrap();
        let assets = toml["package"]["metadata"]["deb"]["assets"]
            .as_array()
            .unwrap();
        let sources: Vec<String> = assets
            .iter()
            .map(|a| a.as_array().unwrap()[0].as_str().unwrap().to_string())
            .filter_map(|s| {
                let s = s.trim_start_matches("../");
                s.strip_prefix("packaging/generated/").map(str::to_string)
            })
            .collect();
        assert!(
            !sources.is_empty(),
            "{} names no generated asset",
            manifest.display()
        );
        sources
    }

    #[test]
    fn every_generated_asset_the_packages_name_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let written = assets(dir.path()).unwrap();
        let root = workspace_root();
        for manifest in [root.join("Cargo.toml"), root.join("collector/Cargo.toml")] {
            for source in generated_sources(&manifest) {
                let path = dir.path().join(&source);
                let matched: Vec<&PathBuf> = match path.file_name().unwrap().to_str().unwrap() {
                    pattern if pattern.contains('*') => {
                        let (start, end) = pattern.split_once('*').unwrap();
                        written
                            .iter()
                            .filter(|w| {
                                let name = w.file_name().unwrap().to_str().unwrap();
                                w.parent() == path.parent()
                                    && name.starts_with(start)
                                    && name.ends_with(end)
                            })
                            .collect()
                    }
                    _ => written.iter().filter(|w| **w == path).collect(),
                };
                assert!(
                    !matched.is_empty(),
                    "{} names {source}, which is not written",
                    manifest.display()
                );
            }
        }
    }

    #[test]
    fn each_binary_has_its_own_pages() {
        let dir = tempfile::tempdir().unwrap();
        assets(dir.path()).unwrap();
        let gitops = crate::list(&dir.path().join("man/gitops")).unwrap();
        assert!(
            gitops
                .iter()
                .any(|p| p.ends_with("gitops-telemetry-send.1"))
        );
        assert!(
            !gitops
                .iter()
                .any(|p| p.to_string_lossy().contains("gitops-checkpoint")),
            "{gitops:?}"
        );
        let collector = crate::list(&dir.path().join("man/gitops-checkpoint")).unwrap();
        assert!(
            collector
                .iter()
                .any(|p| p.ends_with("gitops-checkpoint-serve.1"))
        );
        assert!(
            collector.iter().all(|p| p
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("gitops-checkpoint")),
            "{collector:?}"
        );
    }
}
