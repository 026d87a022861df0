//! The workspace's build steps, run as `cargo xtask …` (an alias in `.cargo/config.toml`):
//!
//! - `cargo xtask man DIR`: a man page per command and subcommand of `gitops` and
//!   `gitops-checkpoint` (`gitops-telemetry-send.1`), from their clap definitions; the two
//!   top pages also get ENVIRONMENT, FILES and EXIT STATUS, read from the documentation
//!   ([`sections`]), so the pages say what the docs say.
//! - `cargo xtask completions DIR`: completion scripts for bash, zsh, fish, elvish and
//!   PowerShell, for both binaries.
//! - `cargo xtask deb`: a Debian package per binary ([`deb`]), with its man pages and
//!   completions, into `target/debian/`.

mod deb;
mod sections;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap_complete::Shell;

/// The binaries: their name, their command line, and the sections their top page adds.
fn binaries() -> [(&'static str, clap::Command, Vec<sections::Section>); 2] {
    [
        ("gitops", gitops_feedback::command(), sections::gitops()),
        (
            "gitops-checkpoint",
            gitops_checkpoint::cli::command(),
            sections::collector(),
        ),
    ]
}

/// Writes every man page into `dir`; returns the files written.
fn man(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (name, cmd, extra) in binaries() {
        written.extend(man_of(name, cmd, &extra, dir)?);
    }
    written.sort();
    Ok(written)
}

/// Writes the man pages of one binary into `dir`; returns the files written.
fn man_of(
    name: &str,
    cmd: clap::Command,
    extra: &[sections::Section],
    dir: &Path,
) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let before: Vec<PathBuf> = list(dir)?;
    clap_mangen::generate_to(cmd, dir)?;
    let top = dir.join(format!("{name}.1"));
    let mut page = std::fs::read_to_string(&top)?;
    page.push_str(&sections::render(extra));
    std::fs::write(&top, page)?;
    let mut written: Vec<PathBuf> = list(dir)?
        .into_iter()
        .filter(|p| !before.contains(p))
        .collect();
    written.sort();
    Ok(written)
}

/// The shells `cargo xtask completions` writes a script for.
const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::Elvish,
    Shell::PowerShell,
];

/// Writes every completion script into `dir`; returns the files written.
fn completions(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    completions_for(&SHELLS, dir)
}

/// Writes the completion scripts of both binaries for `shells` into `dir`.
fn completions_for(shells: &[Shell], dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (name, mut cmd, _) in binaries() {
        for &shell in shells {
            written.push(clap_complete::generate_to(shell, &mut cmd, name, dir)?);
        }
    }
    Ok(written)
}

fn list(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect()
}

const USAGE: &str = "usage: cargo xtask man DIR | cargo xtask completions DIR | cargo xtask deb";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [task, dir] if task == "man" => man(Path::new(dir)),
        [task, dir] if task == "completions" => completions(Path::new(dir)),
        [task] if task == "deb" => deb::build(),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(files) => {
            for f in files {
                println!("{}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and subcommand of the tree, as its page is named.
    fn names(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
        let name = if prefix.is_empty() {
            cmd.get_name().to_string()
        } else {
            format!("{prefix}-{}", cmd.get_name())
        };
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            if sub.get_name() != "help" {
                names(sub, &name, out);
            }
        }
        out.push(name);
    }

    #[test]
    fn every_subcommand_has_a_page_and_the_top_pages_their_sections() {
        let dir = tempfile::tempdir().unwrap();
        let written = man(dir.path()).unwrap();
        for (name, cmd, _) in binaries() {
            let mut all = Vec::new();
            names(&cmd, "", &mut all);
            assert!(all.len() > 1, "{name} has subcommands");
            for page in all {
                let file = dir.path().join(format!("{page}.1"));
                assert!(written.contains(&file), "no page {page}.1");
            }
        }
        let gitops = std::fs::read_to_string(dir.path().join("gitops.1")).unwrap();
        for needle in [
            ".SH ENVIRONMENT",
            "CHECKPOINT_DISABLE",
            ".SH FILES",
            "pending.jsonl",
        ] {
            assert!(gitops.contains(needle), "gitops.1 lacks {needle}");
        }
        assert!(gitops.contains(".SH \"EXIT STATUS\"") || gitops.contains(".SH EXIT STATUS"));
        let collector = std::fs::read_to_string(dir.path().join("gitops-checkpoint.1")).unwrap();
        for needle in [
            ".SH ENVIRONMENT",
            "RUST_LOG",
            "EXIT STATUS",
            "exits 0 when done",
        ] {
            assert!(
                collector.contains(needle),
                "gitops-checkpoint.1 lacks {needle}"
            );
        }
        assert!(dir.path().join("gitops-telemetry-send.1").exists());
    }

    #[test]
    fn completions_for_every_shell_of_both() {
        let dir = tempfile::tempdir().unwrap();
        let written = completions(dir.path()).unwrap();
        assert_eq!(written.len(), 10);
        let bash = std::fs::read_to_string(dir.path().join("gitops.bash")).unwrap();
        assert!(bash.contains("telemetry"), "{bash}");
        assert!(dir.path().join("_gitops-checkpoint").exists());
    }
}
